// A bare page with the kashif module loaded, for the scripts that drive it in headless Chromium
// (scripts/bench-marking.mjs, scripts/check-corpus.mjs): Debian's Chromium through
// playwright-core, and a static server for one package folder (default pkg/, as
// scripts/build-wasm.sh builds it) with no page script, no stylesheet and no CSP of its own.
//
//   const { page, close } = await openKashif({ pkg: "pkg" });
//   await page.evaluate(() => kashif.highlight(document.body));

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";

export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html; charset=utf-8" };
const PAGE = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body></body></html>`;

/** Serves `pkg` at /pkg/ and a blank page at /; resolves to its URL and the server. */
function serve(pkg) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, "http://localhost").pathname;
    if (path === "/") {
      response.writeHead(200, { "content-type": TYPES[".html"] });
      response.end(PAGE);
      return;
    }
    const name = path.startsWith("/pkg/") ? path.slice(5) : null;
    if (!name || name.includes("..") || name.includes("/")) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(pkg, name));
      response.writeHead(200, { "content-type": TYPES[extname(name)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

/** Chromium on a blank page with `window.kashif` (the module of `pkg`) initialised. */
export async function openKashif({ pkg = join(ROOT, "pkg") } = {}) {
  const { server, url } = await serve(resolve(pkg));
  const browser = await launchChromium();
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.goto(`${url}/`);
  await page.evaluate(async () => {
    const module = await import("/pkg/kashif.js");
    await module.default();
    window.kashif = module;
  });
  return {
    page,
    errors,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}
