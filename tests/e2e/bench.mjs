// Browser benchmark (not a test): run by scripts/bench-browser.sh after a build. Prints, from
// headless Chromium: the gzip-compressed transfer size of the wasm module (model included) and
// the JavaScript, the time from navigation to the first highlighted article on the demo page,
// analyze throughput in tokens per second, and highlight time for a 10,000-word article; then one
// long paragraph against the same text in paragraphs, and a 10 MB article (real news from the
// shared unlabelled corpus, read at run time) through the element: time to the first and the
// last mark, and its animation frames (Long Animation Frames API), those kashif's scripts ran in
// told apart. BENCH_ONLY=huge runs only the last one.
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { newPage, open, openFixture, referenceArticle, ROOT } from "./browser.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const session = await open();
try {
  if (process.env.BENCH_ONLY !== "huge") await basics();
  if (process.env.BENCH_ONLY !== "huge") await longParagraph();
  // As a page gets it, and with the rendering of paragraphs off screen deferred by the page's CSS
  // (README.md, "Huge articles"): the layout of thousands of re-marked paragraphs is what costs.
  // BENCH_HUGE_MB (default 10) sets the article's size; BENCH_HUGE=plain or deferred runs one.
  const huge = process.env.BENCH_HUGE ?? "both";
  if (huge !== "deferred") await hugeArticle({ deferOffscreen: false });
  if (huge !== "plain") await hugeArticle({ deferOffscreen: true });
} finally {
  await session.close();
}

async function basics() {
  // 1. What a reader downloads, as the browser saw it (the server gzips like a production one).
  const page = await newPage(session.browser);
  await page.goto(`${session.url}/`);
  await page.waitForFunction(() => performance.getEntriesByName("kashif-highlighted").length > 0);
  const resources = await page.evaluate(() =>
    performance.getEntriesByType("resource").map((r) => ({ name: new URL(r.name).pathname, body: r.encodedBodySize, raw: r.decodedBodySize })));
  const widget = resources.filter((r) => /^\/pkg\/.*\.(wasm|js)$/.test(r.name) && !r.name.endsWith("/kashif-worker.js"));
  const total = widget.reduce((sum, r) => sum + r.body, 0);
  console.log("transfer size (gzip), wasm + model + JavaScript:");
  for (const r of widget) console.log(`  ${r.name.padEnd(26)} ${kb(r.body).padStart(11)}  (${kb(r.raw)} uncompressed)`);
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
  await widgetPage.context().close();
}

/**
 * Paragraphs of real news, about `bytes` of UTF-8 in all, from the ANT corpus v1.1 (Apache-2.0)
 * in the shared data, read at run time.
 */
function newsParagraphs(bytes) {
  const archive = new URL("../../../shared/data/unlabeled/antcorpus-v1.1.tar.gz", import.meta.url).pathname;
  const all = execFileSync("tar", ["-xzOf", archive], { maxBuffer: 1 << 30, encoding: "utf8" });
  const paragraphs = [];
  let size = 0;
  for (const [, text] of all.matchAll(/<TEXT>([\s\S]*?)<\/TEXT>/g)) {
    for (const line of text.split("\n")) {
      const paragraph = line.trim();
      if (!paragraph) continue;
      paragraphs.push(paragraph);
      size += Buffer.byteLength(paragraph) + 1;
      if (size >= bytes) return paragraphs;
    }
  }
  return paragraphs;
}

/** One text node of about 150K UTF-16 units against the same text in paragraphs: mark and clear. */
async function longParagraph() {
  const page = await newPage(session.browser);
  await openFixture(page, `${session.url}/fixtures/api.html`);
  const paragraphs = newsParagraphs(300_000);
  const result = await page.evaluate((paragraphs) => {
    const recognizer = new kashif.Recognizer();
    const host = document.getElementById("host");
    const pieces = [];
    let length = 0;
    for (const p of paragraphs) {
      if (length >= 150_000) break;
      pieces.push(p);
      length += p.length + 1;
    }
    const time = (build) => {
      const runs = [];
      let marked = 0;
      for (let i = 0; i < 3; i++) {
        build();
        const entities = recognizer.analyze(kashif.articleText(host));
        let t = performance.now();
        marked = kashif.markEntities(host, entities).length;
        const mark = performance.now() - t;
        t = performance.now();
        kashif.clear(host);
        runs.push({ mark, clear: performance.now() - t });
      }
      const med = (v) => [...v].sort((a, b) => a - b)[1];
      return { mark: med(runs.map((r) => r.mark)), clear: med(runs.map((r) => r.clear)), marked };
    };
    const one = time(() => {
      const p = document.createElement("p");
      p.textContent = pieces.join(" ");
      host.replaceChildren(p);
    });
    const many = time(() => host.replaceChildren(...pieces.map((text) => {
      const p = document.createElement("p");
      p.textContent = text;
      return p;
    })));
    host.replaceChildren();
    return { units: pieces.join(" ").length, paragraphs: pieces.length, one, many };
  }, paragraphs);
  const ratio = (result.one.mark + result.one.clear) / (result.many.mark + result.many.clear);
  console.log(`one ${result.units.toLocaleString("en")}-unit paragraph (${result.one.marked} marks): mark ${fmt(result.one.mark)}, clear ${fmt(result.one.clear)};`
    + ` the same text in ${result.paragraphs} paragraphs (${result.many.marked} marks): mark ${fmt(result.many.mark)}, clear ${fmt(result.many.clear)};`
    + ` ratio ${ratio.toFixed(2)} (target <= 2)`);
  await page.context().close();
}

/**
 * A 10 MB article in the element, as a reader's page gets it: time from the end of the analysis
 * to the first mark and to the last, and the animation frames over 50 ms while it is marked,
 * those in which kashif's scripts ran apart from the rest (the page's own layout of the article).
 */
async function hugeArticle({ deferOffscreen }) {
  const paragraphs = newsParagraphs(Number(process.env.BENCH_HUGE_MB ?? 10) * 1024 * 1024);
  const page = await newPage(session.browser);
  await openFixture(page, `${session.url}/fixtures/widget.html`);
  page.on("crash", () => console.log("  (the page crashed)"));
  page.on("console", (message) => { if (message.type() !== "log") console.log(`  console ${message.type()}: ${message.text()}`); });
  await page.evaluate(() => mountArticle(["زار الوزير القاهرة."])); // the model and the worker's first start
  if (deferOffscreen) await page.addStyleTag({ path: `${ROOT}/tests/e2e/fixtures/defer-offscreen.css` });
  const result = await page.evaluate(async (paragraphs) => {
    const frames = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const scripts = entry.scripts.map((s) => ({ url: s.sourceURL, duration: s.duration, invoker: s.invoker }));
        frames.push({
          start: entry.startTime,
          duration: entry.duration,
          kashif: scripts.some((s) => s.url.includes("/pkg/")),
          script: scripts.reduce((sum, s) => sum + s.duration, 0),
          render: entry.renderStart ? entry.startTime + entry.duration - entry.renderStart : 0,
          layout: entry.styleAndLayoutStart ? entry.startTime + entry.duration - entry.styleAndLayoutStart : 0,
          names: scripts.map((s) => `${s.invoker}@${s.url.split("/").pop()}:${s.duration.toFixed(0)}`).join(" "),
        });
      }
    });
    observer.observe({ type: "long-animation-frame", buffered: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const host = document.getElementById("host");
    host.replaceChildren();
    performance.clearMarks();
    const article = document.createElement("kashif-article");
    let firstMark = null;
    const watch = new MutationObserver((records) => {
      if (firstMark !== null) return;
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeName === "MARK") {
            firstMark = performance.now();
            watch.disconnect();
            return;
          }
        }
      }
    });
    for (const text of paragraphs) {
      const p = document.createElement("p");
      p.textContent = text;
      article.append(p);
    }
    const done = new Promise((resolve, reject) => {
      article.addEventListener("kashif-highlighted", ({ detail }) => resolve(detail), { once: true });
      article.addEventListener("kashif-error", ({ detail }) => reject(new Error(detail.message)), { once: true });
    });
    const started = performance.now();
    watch.observe(article, { childList: true, subtree: true });
    host.append(article);
    const detail = await done;
    const finished = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    observer.disconnect();
    const analyzed = performance.getEntriesByName("kashif-analyzed").at(-1)?.startTime;
    return {
      units: article.text.length,
      paragraphs: paragraphs.length,
      entities: detail.entities.length,
      worker: detail.timings.worker,
      analysis: detail.timings.analysis,
      started,
      analyzed,
      firstMark,
      finished,
      frames: frames.filter((f) => f.start >= started - 1),
    };
  }, paragraphs);
  const bytes = paragraphs.reduce((sum, p) => sum + Buffer.byteLength(p) + 1, 0);
  // Frames from the end of the analysis on are kashif's: nothing else runs on the page, and
  // Long Animation Frames name only scripts over 5 ms, not the layout that marks cause.
  const ours = result.frames.filter((f) => f.start >= result.analyzed);
  const theirs = result.frames.filter((f) => f.start < result.analyzed);
  const longest = (list) => (list.length ? Math.max(...list.map((f) => f.duration)) : 0);
  console.log(`${deferOffscreen ? "with content-visibility: auto on paragraphs, " : ""}huge article (${(bytes / 1048576).toFixed(1)} MiB UTF-8, ${result.paragraphs.toLocaleString("en")} paragraphs, ${result.units.toLocaleString("en")} units, ${result.entities.toLocaleString("en")} entities, ${result.worker ? "worker" : "main thread"}):`);
  console.log(`  mounted to analyzed ${fmt(result.analyzed - result.started)} (analysis ${fmt(result.analysis)}); analyzed to first mark ${fmt(result.firstMark - result.analyzed)} (target < 1 s);`
    + ` to last mark and event ${fmt(result.finished - result.analyzed)}`);
  console.log(`  animation frames over 50 ms while kashif marked: ${ours.length}, longest ${fmt(longest(ours))} (target <= 200 ms), over 200 ms: ${ours.filter((f) => f.duration > 200).length},`
    + ` total ${fmt(ours.reduce((s, f) => s + f.duration, 0))}`);
  if (process.env.BENCH_FRAMES) for (const f of result.frames.filter((f) => f.duration > 150)) console.log(`    frame +${(f.start - result.started).toFixed(0)} ${fmt(f.duration)} script ${fmt(f.script)} render ${fmt(f.render)} style+layout ${fmt(f.layout)} ${f.names}`);
  console.log(`  frames over 50 ms before the analysis ended (the page's own layout of the article, kashif reading it): ${theirs.length}, longest ${fmt(longest(theirs))}`);
  await page.context().close();
}
