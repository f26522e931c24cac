// Builds the scratch apps for tests/e2e/bundlers.test.mjs: installs pkg/ as `npm pack` would
// publish it (the tarball unpacked into node_modules/kashif), then builds app/ for production
// with Vite, webpack or esbuild into out/<name>/, or copies the package beside plain/ (the
// drop-in route) into out/plain/. Also runs tsc on the TypeScript consumer.
//
//   node tests/bundlers/build.mjs install|vite|webpack|esbuild|plain|tsc

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));
const INSTALLED = join(HERE, "node_modules", "kashif");
const out = (name) => join(HERE, "out", name);

/** `npm pack`s pkg/ and unpacks the tarball as node_modules/kashif; returns the packed file names. */
export function install() {
  const scratch = mkdtempSync(join(tmpdir(), "kashif-pack-"));
  try {
    const [packed] = JSON.parse(execFileSync("npm", ["pack", PKG, "--json", "--pack-destination", scratch], { encoding: "utf8" }));
    rmSync(INSTALLED, { recursive: true, force: true });
    mkdirSync(INSTALLED, { recursive: true });
    execFileSync("tar", ["-xzf", join(scratch, packed.filename), "-C", INSTALLED, "--strip-components=1"]);
    return packed;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The app's page for bundles that are one script, `main.js`. */
function page(dir, script) {
  const html = readFileSync(join(HERE, "app", "index.html"), "utf8").replace('<script type="module" src="./main.js"></script>', script);
  writeFileSync(join(dir, "index.html"), html);
}

export async function vite() {
  const { build } = await import("vite");
  await build({ configFile: join(HERE, "vite.config.js") });
}

export async function webpack() {
  const { default: webpackBuild } = await import("webpack");
  const { default: config } = await import("./webpack.config.js");
  const stats = await new Promise((resolve, reject) =>
    webpackBuild(config, (error, result) => (error ? reject(error) : resolve(result))));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  page(out("webpack"), '<script src="./main.js" defer></script>');
}

/**
 * The esbuild recipe (README.md, "Bundlers"): esbuild leaves `new URL(..., import.meta.url)` as it
 * is, so the worker is built as a second entry point beside the app and the wasm and the gloss table
 * copied beside both.
 */
export async function esbuild() {
  const { build } = await import("esbuild");
  rmSync(out("esbuild"), { recursive: true, force: true });
  await build({
    entryPoints: { main: join(HERE, "app", "main.js"), "kashif-worker": "kashif/kashif-worker.js" },
    absWorkingDir: HERE,
    bundle: true,
    format: "esm",
    minify: true,
    outdir: out("esbuild"),
    logLevel: "warning",
  });
  cpSync(join(INSTALLED, "kashif_bg.wasm"), join(out("esbuild"), "kashif_bg.wasm"));
  cpSync(join(INSTALLED, "glosses.bin"), join(out("esbuild"), "glosses.bin"));
  page(out("esbuild"), '<script type="module" src="./main.js"></script>');
}

/** The drop-in route: the package's files copied to kashif/ beside the page, no bundler. */
export function plain() {
  rmSync(out("plain"), { recursive: true, force: true });
  cpSync(join(HERE, "plain"), out("plain"), { recursive: true });
  cpSync(INSTALLED, join(out("plain"), "kashif"), { recursive: true });
}

/** tsc --strict over ts/consumer.ts; throws with tsc's output on a type error. */
export function tsc() {
  const bin = join(HERE, "node_modules", ".bin", "tsc");
  return execFileSync(bin, ["-p", join(HERE, "ts", "tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
}

const steps = { install, vite, webpack, esbuild, plain, tsc };
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const name of process.argv.slice(2)) {
    const result = await steps[name]();
    if (typeof result === "string" && result) console.log(result);
    console.log(`build.mjs: ${name} done`);
  }
}
