// The npm package (pkg/, as `npm pack` publishes it): what it holds, that its exports map and
// README agree with its files, and what it weighs, gzip- and brotli-compressed (printed, and
// held to a budget: the size check).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const PKG = new URL("../../pkg/", import.meta.url);
/** What a page that shows a short article downloads (wasm, model included, and the element's modules), gzip: no more than the 684 KiB of 0.1.0 (issue 16). */
const PAGE_BUDGET_GZIP = 684 * 1024;

const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", PKG.pathname], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
const files = packed.files.map((f) => f.path).sort();
const manifest = JSON.parse(readFileSync(new URL("package.json", PKG), "utf8"));

test("the package holds the low-level API, the element, the worker, the loader, their types, preload.html, README and LICENSE", () => {
  for (const file of ["kashif.js", "kashif.d.ts", "kashif_bg.wasm", "kashif-article.js", "kashif-article.d.ts",
    "kashif-worker.js", "kashif-worker.d.ts", "kashif-model.js", "kashif-model.d.ts", "glosses.bin", "preload.html", "README.md", "LICENSE", "package.json"]) {
    assert.ok(files.includes(file), file);
  }
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  assert.match(readFileSync(new URL("LICENSE", PKG), "utf8"), /MIT License[\s\S]*Apache License\s+Version 2\.0/);
});

test("every export points at a packed file, and every module a page loads is named in the README", () => {
  for (const [entry, target] of Object.entries(manifest.exports)) {
    for (const path of typeof target === "string" ? [target] : Object.values(target)) {
      assert.ok(files.includes(path.replace(/^\.\//, "")), `${entry} → ${path}`);
    }
  }
  const readme = readFileSync(new URL("README.md", PKG), "utf8");
  for (const file of files.filter((f) => f.endsWith(".js") || f.endsWith(".wasm") || f.endsWith(".bin"))) {
    assert.ok(readme.includes(`\`${file}\``), `${file} in the README's list of files to copy`);
  }
});

test("size: what the package weighs, gzip and brotli", () => {
  const sizes = files.map((file) => {
    const bytes = readFileSync(new URL(file, PKG));
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(10);
  const sum = (list, key) => list.reduce((total, s) => total + s[key], 0);
  console.log(`${"file".padEnd(22)} ${"raw".padStart(10)} ${"gzip".padStart(10)} ${"brotli".padStart(10)}`);
  for (const s of sizes) console.log(`${s.file.padEnd(22)} ${kib(s.raw)} ${kib(s.gzip)} ${kib(s.brotli)}`);
  console.log(`${"package".padEnd(22)} ${kib(sum(sizes, "raw"))} ${kib(sum(sizes, "gzip"))} ${kib(sum(sizes, "brotli"))}  (npm tarball ${kib(packed.size)})`);
  // A page with a short article, up to its first highlight: what preload.html lists (the wasm,
  // its glue and the element's modules; startup.test.mjs holds it to what Chromium requests), not
  // the worker, the types, the documents or the gloss table (fetched afterwards).
  const firstHighlight = [...readFileSync(new URL("preload.html", PKG), "utf8").matchAll(/ href="([^"]+)"/g)].map(([, file]) => file);
  const page = sizes.filter((s) => firstHighlight.includes(s.file));
  assert.equal(page.length, firstHighlight.length, "preload.html names packed files");
  console.log(`${"a page loads".padEnd(22)} ${kib(sum(page, "raw"))} ${kib(sum(page, "gzip"))} ${kib(sum(page, "brotli"))}  (budget ${kib(PAGE_BUDGET_GZIP).trim()} gzip)`);
  const glosses = sizes.filter((s) => s.file === "glosses.bin");
  console.log(`${"glosses, on demand".padEnd(22)} ${kib(sum(glosses, "raw"))} ${kib(sum(glosses, "gzip"))} ${kib(sum(glosses, "brotli"))}  (after the first highlight)`);
  assert.equal(glosses.length, 1, "the gloss table is packed");
  assert.ok(sum(page, "gzip") <= PAGE_BUDGET_GZIP, `a page loads ${sum(page, "gzip")} bytes gzip, over the budget`);
  const js = page.filter((s) => s.file !== "kashif_bg.wasm" && s.file !== "kashif.js");
  assert.ok(sum(js, "gzip") <= 24 * 1024, `the element's modules: ${sum(js, "gzip")} bytes gzip`);
});
