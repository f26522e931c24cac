// Browser benchmark (not a test): run by scripts/bench-browser.sh after a build. Prints, from
// headless Chromium: the gzip-compressed transfer size of the wasm module (model included) and
// the JavaScript, the time from navigation to the first highlighted article on the demo page,
// analyze throughput in tokens per second, and highlight time for a 10,000-word article.
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { newPage, open, openFixture, referenceArticle, ROOT } from "./browser.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const session = await open();
try {
  // 1. What a reader downloads, as the browser saw it (the server gzips like a production one).
  const page = await newPage(session.browser);
  await page.goto(`${session.url}/`);
  await page.waitForFunction(() => performance.getEntriesByName("kashif-highlighted").length > 0);
  const resources = await page.evaluate(() =>
    performance.getEntriesByType("resource").map((r) => ({ name: new URL(r.name).pathname, body: r.encodedBodySize, raw: r.decodedBodySize })));
  const widget = resources.filter((r) => /\/pkg\/kashif(_bg\.wasm|\.js)$|\/kashif-(article|model)\.js$/.test(r.name));
  const total = widget.reduce((sum, r) => sum + r.body, 0);
  console.log("transfer size (gzip), wasm + model + JavaScript:");
  for (const r of widget) console.log(`  ${r.name.padEnd(24)} ${kb(r.body).padStart(11)}  (${kb(r.raw)} uncompressed)`);
  console.log(`  total                    ${kb(total).padStart(11)}  ${total < 1024 * 1024 ? "< 1 MB target: met" : ">= 1 MB target: NOT met"}`);
  const worker = gzipSync(readFileSync(`${ROOT}/pkg/kashif-worker.js`), { level: 9 }).length;
  console.log(`  (kashif-worker.js, ${kb(worker)}, loads only for long articles)`);
  const reference = gzipSync(readFileSync(`${ROOT}/models/kashif-reference.model`), { level: 9 }).length;
  console.log(`  (kashif-reference.model, ${kb(reference)}, loads only for pages that ask for it)`);
  await page.context().close();

  // 2. Navigation start to the first highlighted article, fresh page each run.
  const firsts = [];
  const loads = [];
  for (let run = 0; run < RUNS; run++) {
    const demo = await newPage(session.browser);
    await demo.goto(`${session.url}/`);
    await demo.waitForFunction(() => performance.getEntriesByName("kashif-highlighted").length > 0);
    const { first, timings } = await demo.evaluate(() => ({
      first: performance.getEntriesByName("kashif-highlighted")[0].startTime,
      timings: document.getElementById("article").timings,
    }));
    firsts.push(first);
    loads.push(timings);
    await demo.context().close();
  }
  console.log(`page load to first highlighted article (demo sample, median of ${RUNS}): ${fmt(median(firsts))}`
    + `  [min ${fmt(Math.min(...firsts))}, max ${fmt(Math.max(...firsts))}; target < 150 ms]`);
  console.log(`  of which: wasm + model load ${fmt(median(loads.map((t) => t.modelLoad)))}, analysis ${fmt(median(loads.map((t) => t.analysis)))},`
    + ` highlighting ${fmt(median(loads.map((t) => t.highlight)))}`);

  // 3 and 4. Throughput and highlighting on the API fixture.
  const api = await newPage(session.browser);
  await openFixture(api, `${session.url}/fixtures/api.html`);
  const result = await api.evaluate(async (paragraphs) => {
    const words = (text) => text.split(/\s+/).filter(Boolean).length;
    // Tokens as the recognizer splits them, roughly: runs of letters or digits, and each other mark.
    const tokens = (text) => (text.match(/[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu) ?? []).length;
    const recognizer = new kashif.Recognizer();
    const text = paragraphs.join("\n");
    const init = performance.now();
    new kashif.Recognizer().free();
    const newRecognizer = performance.now() - init;
    for (let i = 0; i < 5; i++) recognizer.analyze(text); // warm up
    let runs = 0;
    const started = performance.now();
    while (performance.now() - started < 2000) {
      recognizer.analyze(text);
      runs++;
    }
    const seconds = (performance.now() - started) / 1000;

    // A 10,000-word article: the reference article's paragraphs, repeated.
    const long = [];
    while (words(long.join(" ")) < 10000) long.push(...paragraphs);
    const host = document.getElementById("host");
    const build = () => host.replaceChildren(...long.map((line) => {
      const p = document.createElement("p");
      p.textContent = line;
      return p;
    }));
    const highlightTimes = [];
    const markTimes = [];
    const clearTimes = [];
    let marked = 0;
    for (let i = 0; i < 5; i++) {
      build();
      let t = performance.now();
      marked = kashif.highlight(host).length;
      highlightTimes.push(performance.now() - t);
      const entities = recognizer.analyze(kashif.articleText(host));
      t = performance.now();
      kashif.markEntities(host, entities);
      markTimes.push(performance.now() - t);
      t = performance.now();
      kashif.clear(host);
      clearTimes.push(performance.now() - t);
    }
    const med = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    return {
      newRecognizer,
      tokensPerSecond: (tokens(text) * runs) / seconds,
      wordsPerSecond: (words(text) * runs) / seconds,
      tokens: tokens(text),
      longWords: words(long.join(" ")),
      longTokens: tokens(long.join("\n")),
      marked,
      highlight: med(highlightTimes),
      mark: med(markTimes),
      clear: med(clearTimes),
    };
  }, referenceArticle());
  console.log(`a further new Recognizer() (the decoded model is shared per page): ${fmt(result.newRecognizer)}`);
  console.log(`analyze throughput (reference article, ${result.tokens} tokens, 2 s loop): ${Math.round(result.tokensPerSecond).toLocaleString("en")} tokens/s`
    + ` (${Math.round(result.wordsPerSecond).toLocaleString("en")} words/s)`);
  console.log(`highlight, ${result.longWords.toLocaleString("en")}-word article (${result.longTokens.toLocaleString("en")} tokens, ${result.marked} entities, median of 5):`
    + ` ${fmt(result.highlight)} in all; marking alone ${fmt(result.mark)}; clear ${fmt(result.clear)}`);

  // Worker mode on the same article: the longest main-thread task while it is analyzed and marked.
  const widgetPage = await newPage(session.browser);
  await openFixture(widgetPage, `${session.url}/fixtures/widget.html`);
  await widgetPage.evaluate(async (paragraphs) => {
    const long = [];
    let words = 0;
    while (words < 10000) {
      for (const paragraph of paragraphs) {
        long.push(paragraph);
        words += paragraph.split(/\s+/).length;
      }
    }
    window.longArticle = long;
    await mountArticle(paragraphs.slice(0, 1)); // loads the model and the page's fonts
  }, referenceArticle());
  // The page's own cost of laying out that article, without kashif: the baseline for the above.
  const baseline = await widgetPage.evaluate(async () => {
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: "longtask" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const plain = document.createElement("div");
    for (const text of window.longArticle) {
      const paragraph = document.createElement("p");
      paragraph.textContent = text;
      plain.append(paragraph);
    }
    document.getElementById("host").replaceChildren(plain);
    await new Promise((resolve) => setTimeout(resolve, 300));
    observer.disconnect();
    plain.remove();
    return tasks;
  });
  const longest = await widgetPage.evaluate(async () => {
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: "longtask" });
    // A task of its own, so the long tasks seen are the article's (its layout included), not this script's.
    await new Promise((resolve) => setTimeout(resolve, 50));
    document.getElementById("host").replaceChildren();
    const started = performance.now();
    const detail = await mountArticle(window.longArticle, { "worker-threshold": "0" });
    const total = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
    observer.disconnect();
    return { total, tasks, entities: detail.entities.length, timings: detail.timings };
  });
  const worst = longest.tasks.length ? Math.max(...longest.tasks) : 0;
  console.log(`worker mode, same article: ${fmt(longest.total)} to highlighted (worker analysis ${fmt(longest.timings.analysis)}, marking ${fmt(longest.timings.highlight)});`
    + ` main-thread tasks over 50 ms: ${longest.tasks.length ? longest.tasks.map(fmt).join(", ") + " (longest " + fmt(worst) + ")" : "none"};`
    + ` the same article appended without kashif: ${baseline.length ? baseline.map(fmt).join(", ") : "none"} (the browser's own layout)`);
} finally {
  await session.close();
}
