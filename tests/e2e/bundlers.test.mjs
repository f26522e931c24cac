// The package as page authors install it: pkg/ packed by npm and unpacked into the scratch apps
// of tests/bundlers/, built for production with Vite, webpack 5 and esbuild (the README's
// recipes), and copied as files into a site served from a sub-path. Each is opened in Chromium
// with a short article (marked inline) and a long one (above the worker threshold: the worker
// path); a TypeScript consumer is compiled with `strict`. The tools come from
// scripts/setup-bundlers.sh.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import * as build from "../bundlers/build.mjs";
import { newPage, open, referenceArticle, REFERENCE_ENTITIES } from "./browser.mjs";

const OUT = fileURLToPath(new URL("../bundlers/out/", import.meta.url));

let session;
let packed;

before(async () => {
  packed = build.install();
  session = await open({
    mounts: {
      "/vite/": `${OUT}vite`,
      "/webpack/": `${OUT}webpack`,
      "/esbuild/": `${OUT}esbuild`,
      "/news/2026/site/": `${OUT}plain`,
    },
  });
});

after(async () => {
  await session?.close();
});

test("npm pack holds the element, worker, loader, types, README and LICENSE", () => {
  const files = new Set(packed.files.map((f) => f.path));
  for (const file of ["kashif.js", "kashif_bg.wasm", "kashif.d.ts", "kashif-article.js", "kashif-article.d.ts",
    "kashif-worker.js", "kashif-worker.d.ts", "kashif-model.js", "kashif-model.d.ts", "README.md", "LICENSE", "package.json"]) {
    assert.ok(files.has(file), `${file} in the package`);
  }
});

/** Opens the built app at `path`; mounts the short article, then the long one. */
async function highlightBoth(path) {
  const page = await newPage(session.browser);
  page.warnings = [];
  page.on("console", (message) => {
    if (message.type() === "warning") page.warnings.push(message.text());
  });
  await page.goto(`${session.url}${path}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  const result = await page.evaluate(async (paragraphs) => {
    const short = await mountArticle(paragraphs);
    const long = await mountArticle(Array.from({ length: 16 }, () => paragraphs).flat());
    const article = document.querySelector("kashif-article");
    return {
      short,
      long,
      longText: article.text.length,
      threshold: article.workerThreshold,
      marks: article.querySelectorAll("mark[data-kashif-id]").length,
      legend: article.shadowRoot.querySelectorAll("[part~='legend-entry']").length,
    };
  }, referenceArticle());
  for (const [label, text] of REFERENCE_ENTITIES) {
    assert.ok(result.short.entities.some((e) => e.label === label && e.text === text), `${path}: ${text} as ${label}, short`);
    assert.ok(result.long.entities.some((e) => e.label === label && e.text === text), `${path}: ${text} as ${label}, long`);
  }
  assert.equal(result.short.timings.worker, false);
  assert.ok(result.longText > result.threshold, "the long article is above the worker threshold");
  assert.equal(result.long.timings.worker, true, `${path}: the long article went to the worker (warnings: ${page.warnings})`);
  assert.equal(result.long.entities.length, result.short.entities.length * 16, "every copy of the article is marked");
  assert.ok(result.marks >= result.long.entities.length);
  assert.ok(result.legend >= 3, "the element's shadow DOM and styles work");
  // The gloss table the bundler emitted (new URL("./glosses.bin", import.meta.url)) loads after
  // the highlight, and the worker glosses the long article's groups from it.
  await page.waitForFunction(() => document.querySelector("kashif-article").groups.some((g) => g.gloss === "China"));
  assert.deepEqual(page.errors, [], `${path}: no console errors`);
  assert.deepEqual(page.warnings, [], `${path}: no warnings`);
  await page.context().close();
}

test("Vite production build", async () => {
  await build.vite();
  await highlightBoth("/vite/index.html");
});

test("webpack 5 production build", async () => {
  await build.webpack();
  await highlightBoth("/webpack/index.html");
});

test("esbuild bundle with the README's recipe", async () => {
  await build.esbuild();
  await highlightBoth("/esbuild/index.html");
});

test("the package's files copied into a site served from a sub-path", async () => {
  build.plain();
  await highlightBoth("/news/2026/site/index.html");
});

test("a TypeScript consumer compiles with strict", () => {
  // Throws with tsc's messages on any type error (the consumer also holds @ts-expect-error lines
  // that must stay errors).
  build.tsc();
});
