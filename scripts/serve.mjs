// A small static server for the demo page and the browser tests, with no dependencies.
//
// Serves www/ at "/" and, when asked, the end-to-end fixture pages at "/fixtures/". Every page
// of www/ is served with a strict Content-Security-Policy, so the demo proves the widget needs no
// inline script or style, no eval and no HTML-string sinks; fixtures opt in by name (csp-*.html; csp-tt-*.html add a Trusted Types allow-list, `trusted-types default myapp`).
// Responses are gzip-compressed when the browser accepts it, as a production server would, so the
// transfer sizes the benchmark reads are the ones a reader would download.
//
//   node scripts/serve.mjs [port]        (default 8080, always on 127.0.0.1)

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join("; ");

/** STRICT_CSP with a Trusted Types allow-list, as pages with policies of their own send it. */
export const ALLOW_LIST_CSP = `${STRICT_CSP}; trusted-types default myapp`;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".ts", ".txt", ".svg"]);

/** The file under `base` that `urlPath` names, or null if it would leave `base`. */
function within(base, urlPath) {
  const path = normalize(join(base, urlPath));
  return path === base || path.startsWith(base + sep) ? path : null;
}

// Compressed once per file version, as a server with precompressed assets would serve them:
// compressing the 1 MB module on every request would add its time to every page load.
const gzipCache = new Map();

async function compressed(file, body) {
  const { mtimeMs, size } = await stat(file);
  const cached = gzipCache.get(file);
  if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.payload;
  const payload = gzipSync(body, { level: 9 });
  gzipCache.set(file, { mtimeMs, size, payload });
  return payload;
}

function route(pathname, { fixtures, mounts }) {
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (pathname.startsWith(prefix)) return { file: within(resolve(dir), pathname.slice(prefix.length)), csp: null };
  }
  if (fixtures && pathname.startsWith("/fixtures/")) {
    const name = pathname.slice("/fixtures/".length);
    const csp = name.startsWith("csp-tt-") ? ALLOW_LIST_CSP : name.startsWith("csp-") ? STRICT_CSP : null;
    return { file: within(join(ROOT, "tests", "e2e", "fixtures"), name), csp };
  }
  // The fixtures load the widget from the demo's copy, so one build serves both.
  return { file: within(join(ROOT, "www"), pathname), csp: STRICT_CSP };
}

/**
 * Starts the server; resolves to `{ server, url }` once it listens.
 * `port` 0 picks a free port (the tests do that). `fixtures` also serves tests/e2e/fixtures/;
 * `mounts` ({"/prefix/": directory}) serves other directories as they are, without a CSP (the
 * bundler tests' builds).
 */
export function startServer({ port = 8080, fixtures = false, mounts = {} } = {}) {
  const server = createServer(async (request, response) => {
    try {
      const { pathname } = new URL(request.url, "http://127.0.0.1");
      let { file, csp } = route(decodeURIComponent(pathname), { fixtures, mounts });
      if (file && (await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
      const body = file && (await readFile(file).catch(() => null));
      if (!body) {
        response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        response.end("not found\n");
        return;
      }
      const type = extname(file);
      const headers = {
        "content-type": TYPES[type] ?? "application/octet-stream",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      };
      if (csp) headers["content-security-policy"] = csp;
      let payload = body;
      if (COMPRESSIBLE.has(type) && /\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) {
        payload = await compressed(file, body);
        headers["content-encoding"] = "gzip";
        headers.vary = "accept-encoding";
      }
      headers["content-length"] = payload.length;
      response.writeHead(200, headers);
      response.end(request.method === "HEAD" ? undefined : payload);
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end(`server error: ${error.message}\n`);
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${actual}` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const { url } = await startServer({ port, fixtures: process.env.KASHIF_FIXTURES === "1" });
  console.log(`kashif demo: ${url}/  (Ctrl-C to stop)`);
}
