// Browser benchmark (not a test): run by scripts/bench-browser.sh after a build. Prints, from
// headless Chromium: startup on the demo page (navigation to the first highlighted article and its
// breakdown, the requests of that path and when they start, what it downloads, gzip and brotli),
// analyze throughput in tokens per second, and highlight time for a 10,000-word article; then one
// long paragraph against the same text in paragraphs, and a 10 MB article (real news from the
// shared unlabelled corpus, read at run time) through the element: time to the first and the
// last mark, and its animation frames (Long Animation Frames API), those kashif's scripts ran in
// told apart. BENCH_ONLY=startup runs only the first, BENCH_ONLY=basics the second (download,
// load, throughput, 10,000 words), BENCH_ONLY=huge only the last.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { newPage, open, openFixture, referenceArticle, ROOT } from "./browser.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * BENCH_NETWORK="MBPS[/RTT_MS]" loads the startup pages through Chromium's network emulation
 * (e.g. "20/40": 20 Mbit/s, 40 ms round trip): the download then takes as long as on a network,
 * which shows how much of the compile it hides. Unset: localhost, as fast as the machine.
 */
const NETWORK = process.env.BENCH_NETWORK
  ? (([mbps, rtt = "0"]) => ({ mbps: Number(mbps), rtt: Number(rtt) }))(process.env.BENCH_NETWORK.split("/"))
  : null;
/** What kashif requests later, never before the first highlight (www/README.md, "Startup"). */
const LAZY = /\/(glosses\.bin|kashif-worker\.js|kashif-reference\.model)$/;

const session = await open();
try {
  // BENCH_ONLY=startup runs the first section alone, BENCH_ONLY=basics the download, load,
  // throughput and 10,000-word sections, BENCH_ONLY=huge the last.
  const only = process.env.BENCH_ONLY ?? "";
  if (only === "" || only === "startup") await startup();
  if (only === "" || only === "basics") await basics();
  if (only === "") await longParagraph();
  if (only === "" || only === "huge") {
    // As a page gets it, and with the rendering of paragraphs off screen deferred by the page's CSS
    // (README.md, "Huge articles"): the layout of thousands of re-marked paragraphs is what costs.
    // BENCH_HUGE_MB (default 10) sets the article's size; BENCH_HUGE=plain or deferred runs one.
    const huge = process.env.BENCH_HUGE ?? "both";
    if (huge !== "deferred") await hugeArticle({ deferOffscreen: false });
    if (huge !== "plain") await hugeArticle({ deferOffscreen: true });
  }
} finally {
  await session.close();
}

/**
 * One fresh load of the demo page, up to its first highlight and the gloss table's download after
 * it (a resource is listed once its response has ended: by then, every request made before the
 * first highlight has been): the navigation, every request, the kashif- measures.
 */
async function startupLoad(url) {
  const page = await newPage(session.browser);
  if (NETWORK) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: NETWORK.rtt,
      downloadThroughput: NETWORK.mbps * 125_000,
      uploadThroughput: NETWORK.mbps * 125_000,
    });
  }
  await page.goto(`${url}/`);
  await page.waitForFunction(() => performance.getEntriesByName("kashif-highlighted").length > 0);
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((r) => r.name.endsWith("/glosses.bin")));
  const load = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType("navigation");
    const first = performance.getEntriesByName("kashif-highlighted")[0].startTime;
    const measure = (name) => {
      const entry = performance.getEntriesByName(name, "measure")[0];
      return entry ? { start: entry.startTime, end: entry.startTime + entry.duration, duration: entry.duration } : null;
    };
    return {
      first,
      domContentLoaded: nav.domContentLoadedEventStart,
      document: { path: new URL(nav.name).pathname, start: 0, end: nav.responseEnd, body: nav.encodedBodySize },
      resources: performance.getEntriesByType("resource").map((r) => ({
        path: new URL(r.name).pathname,
        initiator: r.initiatorType,
        start: r.startTime,
        end: r.responseEnd,
        body: r.encodedBodySize,
      })),
      instantiate: measure("kashif-instantiate"),
      recognizer: measure("kashif-recognizer"),
      analyze: measure("kashif-analyze"),
      mark: measure("kashif-mark"),
      scripts: [...document.scripts].filter((script) => script.src).map((script) => new URL(script.src).pathname),
    };
  });
  await page.context().close();
  // The first-highlight path: the document and what was requested before the first highlight.
  load.path = [load.document, ...load.resources.filter((r) => r.start < load.first)];
  return load;
}

/**
 * Startup on the demo page, median of BENCH_RUNS fresh loads: navigation to the first highlight
 * and its breakdown; the first-highlight path's requests, those that start after
 * DOMContentLoaded, lazy parts requested before the first highlight; what that path downloads,
 * gzip and brotli. BENCH_ONLY=startup runs this alone. BENCH_BASELINE=DIR (another checkout,
 * built: main, say) serves that one's demo page too and alternates the loads, one of each in
 * turn, so that a busy machine slows both alike; the difference is the median of the pairs'.
 */
async function startup() {
  const sides = [{ name: "this build", url: session.url, root: ROOT }];
  const baseline = process.env.BENCH_BASELINE;
  if (baseline) {
    const { startServer } = await import(`${baseline}/scripts/serve.mjs`);
    const { server, url } = await startServer({ port: 0 });
    sides.push({ name: `baseline ${baseline}`, url, root: baseline, server });
  }
  try {
    // One load of each first, not counted: the server compresses each file on its first request.
    for (const side of sides) await startupLoad(side.url);
    for (const side of sides) side.loads = [];
    // Each pair in turn starts with the other side, so that what one load leaves behind (a
    // spare renderer, the server's caches) favours neither.
    for (let run = 0; run < RUNS; run++) {
      for (const side of run % 2 ? [...sides].reverse() : sides) side.loads.push(await startupLoad(side.url));
    }
  } finally {
    for (const side of sides) if (side.server) await new Promise((resolve) => side.server.close(resolve));
  }
  sides.forEach((side, i) => reportStartup(side, { files: i === 0 }));
  if (sides.length === 2) {
    const pairs = (pick) => median(sides[0].loads.map((load, i) => pick(load) - pick(sides[1].loads[i])));
    console.log(`this build minus the baseline, median of the ${RUNS} pairs: first highlight ${fmt(pairs((l) => l.first))},`
      + ` DOMContentLoaded ${fmt(pairs((l) => l.domContentLoaded))}, last module's response end ${fmt(pairs(lastModule))},`
      + ` kashif-instantiate start ${fmt(pairs((l) => l.instantiate?.start ?? NaN))}`);
  }
}

/** The wasm requests of a load's first-highlight path. */
function wasmRequests(load) {
  return load.path.filter((r) => r.path.endsWith(".wasm"));
}

/** When the last module of a load's first-highlight path had arrived. */
function lastModule(load) {
  return Math.max(...load.path.filter((r) => /\.m?js$/.test(r.path)).map((r) => r.end));
}

/** Prints one side's figures; `files`: its download file by file too. */
function reportStartup({ name, root, loads }, { files }) {
  const med = (pick) => {
    const values = loads.map(pick).filter((v) => v != null);
    return values.length ? median(values) : null;
  };
  const at = (value) => (value == null ? "n/a" : fmt(value));
  const firsts = loads.map((l) => l.first);
  const wasm = (l) => wasmRequests(l)[0];
  const network = NETWORK ? `, network emulated at ${NETWORK.mbps} Mbit/s and ${NETWORK.rtt} ms round trip` : "";
  console.log(`startup, demo page (${name}${network}), median of ${RUNS} fresh loads:`);
  console.log(`  navigation to first highlight ${fmt(median(firsts))}  [min ${fmt(Math.min(...firsts))}, max ${fmt(Math.max(...firsts))}; target <= 150 ms]`);
  console.log(`  DOMContentLoaded at ${at(med((l) => l.domContentLoaded))}; last module's response end ${at(med(lastModule))}; wasm response end ${at(med((l) => wasm(l)?.end))}`);
  console.log(`  kashif-instantiate starts at ${at(med((l) => l.instantiate?.start))}, takes ${at(med((l) => l.instantiate?.duration))} (rest of the download, streamed compile, instantiation),`
    + ` of which after the wasm's response end ${at(med((l) => l.instantiate && wasm(l) ? l.instantiate.end - Math.max(wasm(l).end, l.instantiate.start) : null))}`);
  console.log(`  kashif-recognizer ${at(med((l) => l.recognizer?.duration))} (target <= 10 ms); kashif-analyze ${at(med((l) => l.analyze?.duration))};`
    + ` kashif-mark ${at(med((l) => l.mark?.duration))}; recognizer end to first highlight ${at(med((l) => (l.recognizer ? l.first - l.recognizer.end : null)))}`);
  const wasmCounts = new Set(loads.map((l) => wasmRequests(l).length));
  const late = new Set(loads.flatMap((l) => l.path.filter((r) => r.start > l.domContentLoaded).map((r) => r.path)));
  const early = new Set(loads.flatMap((l) => l.resources.filter((r) => LAZY.test(r.path) && r.start < l.first).map((r) => r.path)));
  const discovered = new Set(loads.flatMap((l) => l.path.filter((r) => r.initiator === "script" && !l.scripts.includes(r.path)).map((r) => r.path)));
  console.log(`  first-highlight path: ${loads[0].path.length} requests, wasm requested ${[...wasmCounts].join(" or ")} time(s);`
    + ` started after DOMContentLoaded: ${late.size ? [...late].join(", ") : "none"}`);
  console.log(`  modules found only by import (not preloaded): ${discovered.size ? [...discovered].join(", ") : "none"};`
    + ` lazy parts requested before the first highlight: ${early.size ? [...early].join(", ") : "none"}`);

  // What the path downloads: the files as served, compressed here as a server would (gzip -9,
  // brotli 11); `served` is what the browser received (the demo server gzips).
  const sizes = loads[0].path.map((r) => {
    const bytes = readFileSync(`${root}/www${r.path === "/" ? "/index.html" : decodeURIComponent(r.path)}`);
    return {
      path: r.path,
      raw: bytes.length,
      served: r.body,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const sum = (list, key) => list.reduce((total, s) => total + s[key], 0);
  const row = (label, list) => `  ${label.padEnd(28)} ${kb(sum(list, "raw")).padStart(11)} ${kb(sum(list, "gzip")).padStart(11)} ${kb(sum(list, "brotli")).padStart(11)} ${kb(sum(list, "served")).padStart(11)}`;
  console.log(`  first-highlight download:    ${"raw".padStart(11)} ${"gzip".padStart(11)} ${"brotli".padStart(11)} ${"served".padStart(11)}`);
  if (files) for (const s of sizes) console.log(row(s.path, [s]));
  console.log(row("kashif (pkg/), in all", sizes.filter((s) => s.path.startsWith("/pkg/"))) + "  (issue 16: no more than 684 KiB gzip)");
  console.log(row("the demo page, in all", sizes));
}

async function basics() {
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
  console.log(`a further new Recognizer() (the recognizer is shared per page): ${fmt(result.newRecognizer)}`);
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
