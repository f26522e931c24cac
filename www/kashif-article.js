// <kashif-article>: wraps article markup and marks the people, places, organisations, dates and
// amounts it names, in the reader's browser.
//
//   <script type="module">
//     import { define } from "./kashif-article.js";
//     define();
//   </script>
//   <kashif-article legend index labels="PER LOC ORG" min-score="0.5">
//     <p>...article...</p>
//   </kashif-article>
//
// The embedded model is trained for news. For encyclopedic text (Wikipedia-style articles),
// model="pkg/kashif-reference.model" (a URL, relative to the page) loads the reference model.
//
// The article stays in the page (light DOM): marks are inserted into it by the wasm module's
// markEntities, which only creates elements and text nodes. The legend and the index live in a
// shadow root, styleable through ::part(legend), ::part(index) and friends; marks through the
// custom properties --kashif-per, --kashif-loc, ... set on any ancestor.
//
// Long articles are analyzed in a module worker (kashif-worker.js) so the page stays responsive;
// the worker reports progress and its entities are marked exactly as inline ones are.

import init, { Reader, Recognizer, articleText, markEntities, clear } from "./pkg/kashif.js";
import { makeRecognizer, once } from "./kashif-model.js";

export const LABELS = ["PER", "LOC", "ORG", "MISC", "DATE", "TIME", "MONEY", "PERCENT"];

/** Names shown in the legend, in Arabic; the code stays visible for analysts. */
export const LABEL_NAMES = {
  PER: "أشخاص",
  LOC: "أماكن",
  ORG: "منظمات",
  MISC: "أخرى",
  DATE: "تواريخ",
  TIME: "أوقات",
  MONEY: "مبالغ",
  PERCENT: "نسب",
};

/**
 * Text at least this long (UTF-16 units) is analyzed in a worker unless `worker-threshold` says
 * otherwise: at the recognizer's speed in Chromium, longer text would hold the main thread for
 * more than 50 ms.
 */
export const DEFAULT_WORKER_THRESHOLD = 6000;

/**
 * Target duration of one slice of work on the main thread, in milliseconds: well under the 50 ms
 * of a long task, since a slice can take twice its estimate (a garbage collection, colder code).
 */
const SLICE_MS = 12;

/** Lets the browser handle input and paint before the next slice. */
function yieldToEventLoop() {
  if (globalThis.scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Calls `step(size)` until it returns true, yielding to the event loop in between, each slice
 * sized from the last one's duration to take about SLICE_MS (and grown at most twofold at a
 * time: the first calls run colder code than the later ones). Resolves to true when done, or to
 * false as soon as `stale()` says the work is no longer wanted.
 */
async function inSlices(step, stale, size) {
  for (;;) {
    const started = performance.now();
    if (step(size)) return true;
    const took = performance.now() - started;
    size = Math.max(1, Math.min(size * 2, Math.round((size * SLICE_MS) / Math.max(took, 0.25))));
    await yieldToEventLoop();
    if (stale()) return false;
  }
}

// Default colours: light enough for black text, distinct for the common colour-blindness types.
const COLOURS = {
  PER: "#ffd8a8",
  LOC: "#a5d8ff",
  ORG: "#b2f2bb",
  MISC: "#e5dbff",
  DATE: "#ffec99",
  TIME: "#fcc2d7",
  MONEY: "#c3fae8",
  PERCENT: "#d0bfff",
};

// Marks sit in the page's own DOM, so their style goes to the document (or the shadow root the
// element lives in) as a constructed stylesheet: it needs no <style> element, so a strict
// style-src allows it. No padding, margin or border: any of those would split the shaping of a
// word whose clitic sits outside the mark (لموسكو) and break the joining of its letters.
const MARK_CSS = `
mark[data-kashif-label] {
  background-color: var(--kashif-mark-colour);
  color: inherit;
  padding: 0;
  margin: 0;
  border: 0;
  border-radius: 0.15em;
  box-decoration-break: clone;
  -webkit-box-decoration-break: clone;
}
${LABELS.map((label) => `mark[data-kashif-label="${label}"] { --kashif-mark-colour: var(--kashif-${label.toLowerCase()}, ${COLOURS[label]}); }`).join("\n")}
mark[data-kashif-flash] { animation: kashif-flash 0.6s ease-in-out 3; }
@keyframes kashif-flash { 50% { outline: 0.18em solid var(--kashif-flash, #e03131); } }
@media (prefers-reduced-motion: reduce) {
  mark[data-kashif-flash] { animation: none; outline: 0.18em solid var(--kashif-flash, #e03131); }
}
`;

const SHADOW_CSS = `
:host { display: block; }
:host([hidden]) { display: none; }
[part~="legend"], [part~="index"] { font-size: 0.9em; }
[part~="legend"] { display: flex; flex-wrap: wrap; gap: 0.4em; margin-block-end: 0.8em; }
[part~="legend"][hidden], [part~="index"][hidden] { display: none; }
button { font: inherit; cursor: pointer; }
[part~="legend-entry"] {
  display: inline-flex; align-items: center; gap: 0.35em;
  padding-block: 0.2em; padding-inline: 0.6em;
  border: 1px solid #ced4da; border-radius: 1em; background: #fff; color: inherit;
}
[part~="legend-entry"][aria-pressed="false"] { opacity: 0.5; text-decoration: line-through; }
[part~="swatch"] { inline-size: 0.9em; block-size: 0.9em; border-radius: 0.2em; background: var(--swatch); }
${LABELS.map((label) => `[data-label="${label}"] { --swatch: var(--kashif-${label.toLowerCase()}, ${COLOURS[label]}); }`).join("\n")}
[part~="index"] { margin-block-start: 1em; border-block-start: 1px solid #dee2e6; padding-block-start: 0.6em; }
[part~="index-group"] { margin-block: 0.4em; }
[part~="index-group"] h3 { font-size: 1em; margin-block: 0.3em; margin-inline: 0; }
[part~="index-group"] ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3em; }
[part~="index-entry"] {
  padding-block: 0.1em; padding-inline: 0.5em; border: 0; border-radius: 0.3em;
  background: var(--swatch); color: inherit;
}
[part~="index-entry"] span { opacity: 0.7; margin-inline-start: 0.3em; }
`;

const styledRoots = new WeakSet();

function sheet(css) {
  const result = new CSSStyleSheet();
  result.replaceSync(css);
  return result;
}

let markSheet;
let shadowSheet;

/** Adds the mark styles to the document or shadow root `root`, once. */
function styleMarks(root) {
  if (styledRoots.has(root) || !("adoptedStyleSheets" in root)) return;
  markSheet ??= sheet(MARK_CSS);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, markSheet];
  styledRoots.add(root);
}

// ---------------------------------------------------------------------------------------------
// The model, loaded once per page.

let initializing;
const loading = new Map();

/**
 * Loads the wasm module and a model: the embedded one, or the model file at `model` (an absolute
 * URL, as the element resolves its `model` attribute). Resolves to `{ recognizer, loadMs }`;
 * each model is loaded once per page. Called by the element; pages may call it early to overlap
 * the download with their own work.
 */
export function load(model = "") {
  return once(loading, model, async () => {
    const started = performance.now();
    initializing ??= init();
    const recognizer = await makeRecognizer(Recognizer, initializing, model);
    return { recognizer, loadMs: performance.now() - started };
  });
}


// ---------------------------------------------------------------------------------------------
// The worker, started on first need and shared by every element of the page.

const WORKER_URL = new URL("./kashif-worker.js", import.meta.url);
let worker;
let workerPolicy;
let nextJob = 0;
const jobs = new Map();

/** The worker's URL as the page's Trusted Types policy (if any) requires it. */
function workerScriptURL() {
  if (!globalThis.trustedTypes?.createPolicy) return WORKER_URL;
  workerPolicy ??= trustedTypes.createPolicy("kashif", {
    createScriptURL(url) {
      if (new URL(url, location.href).href !== WORKER_URL.href) throw new TypeError(`kashif: refusing worker URL ${url}`);
      return url;
    },
  });
  return workerPolicy.createScriptURL(WORKER_URL.href);
}

function failAllJobs(message) {
  for (const job of jobs.values()) job.reject(new Error(message));
  jobs.clear();
  worker?.terminate();
  worker = undefined;
}

function startWorker() {
  if (worker) return worker;
  worker = new Worker(workerScriptURL(), { type: "module", name: "kashif" });
  worker.addEventListener("message", ({ data }) => {
    const job = jobs.get(data.id);
    if (!job) return;
    if (data.type === "progress") {
      // Entities come with the progress of the chunk they were found in.
      for (const entity of data.entities ?? []) job.entities.push(entity);
      job.progress({ done: data.done, total: data.total });
    } else {
      jobs.delete(data.id);
      if (data.type === "result") job.resolve(job.entities);
      else job.reject(new Error(data.message));
    }
  });
  worker.addEventListener("error", (event) => failAllJobs(`kashif worker failed: ${event.message ?? "could not start"}`));
  worker.addEventListener("messageerror", () => failAllJobs("kashif worker sent an unreadable message"));
  return worker;
}

/**
 * Analyzes `text` in the worker, with the model file at `model` (an absolute URL) or the embedded
 * one; `onProgress({done, total})` is called as it goes.
 */
export function analyzeInWorker(text, onProgress = () => {}, model = "") {
  return new Promise((resolve, reject) => {
    const id = ++nextJob;
    jobs.set(id, { resolve, reject, progress: onProgress, entities: [] });
    try {
      startWorker().postMessage({ id, text, model });
    } catch (error) {
      jobs.delete(id);
      reject(error);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Grouping and export.

/**
 * The form under which mentions of one entity are grouped in the index: without diacritics and
 * tatweel, with the alef, yeh and teh marbuta variants folded, spaces collapsed.
 */
export function normalizeName(text) {
  return text
    .normalize("NFKC")
    .replace(/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, "")
    .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
    .replace(/\u0649/g, "\u064A")
    .replace(/\u0629/g, "\u0647")
    .replace(/\s+/g, " ")
    .trim();
}

/** Groups entities by label and normalized form: `[{label, key, text, count, ids}]`, most frequent first. */
export function groupEntities(entities) {
  const groups = new Map();
  for (const entity of entities) {
    const key = `${entity.label}\u0000${normalizeName(entity.text)}`;
    let group = groups.get(key);
    if (!group) {
      group = { label: entity.label, key, forms: new Map(), count: 0, ids: [], first: entity.start };
      groups.set(key, group);
    }
    group.count += 1;
    group.ids.push(entity.id);
    group.forms.set(entity.text, (group.forms.get(entity.text) ?? 0) + 1);
  }
  return [...groups.values()]
    .map(({ forms, ...group }) => ({
      ...group,
      // The spelling used most often names the group.
      text: [...forms].sort((a, b) => b[1] - a[1])[0][0],
    }))
    .sort((a, b) => b.count - a.count || a.first - b.first);
}

/** UTF-16 offset → code-point offset, for formats read by Python tools (displaCy, spaCy). */
function codePointOffsets(text) {
  const map = new Uint32Array(text.length + 1);
  let points = 0;
  for (let unit = 0; unit < text.length; unit++) {
    map[unit] = points;
    const code = text.charCodeAt(unit);
    const pairs = code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length
      && (text.charCodeAt(unit + 1) & 0xfc00) === 0xdc00;
    if (pairs) map[++unit] = points;
    points += 1;
  }
  map[text.length] = points;
  return map;
}

/** The displaCy "manual" format: `{text, ents: [{start, end, label}]}`, offsets in code points. */
export function toDisplacy(text, entities) {
  const points = codePointOffsets(text);
  return {
    text,
    ents: entities.map((e) => ({ start: points[e.start], end: points[e.end], label: e.label })),
    title: null,
  };
}

function csvCell(value) {
  const text = value == null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a header row: start, end (UTF-16 offsets), label, text, score, value. */
export function toCSV(entities) {
  const rows = [["start", "end", "label", "text", "score", "value"]];
  for (const e of entities) rows.push([e.start, e.end, e.label, e.text, e.score, e.value ?? ""]);
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

// ---------------------------------------------------------------------------------------------
// The element.

function parseLabels(value) {
  if (value == null) return null;
  const labels = value.split(/[\s,]+/).map((l) => l.trim().toUpperCase()).filter(Boolean);
  return labels.filter((l) => LABELS.includes(l));
}

function element(document, tag, attributes = {}, text) {
  const result = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) result.setAttribute(name, value);
  if (text != null) result.textContent = text;
  return result;
}

export class KashifArticleElement extends HTMLElement {
  static observedAttributes = ["labels", "min-score", "legend", "index", "worker-threshold", "model"];

  #observer = null;
  #scheduled = false;
  #generation = 0;
  #analysis = null; // { text, entities }: the last analysis, reused when only options change
  #marked = [];
  #timers = new Set();
  #legend;
  #index;

  /** `{modelLoad, analysis, highlight, worker}` of the last highlighting, in milliseconds. */
  timings = null;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: "open" });
    shadowSheet ??= sheet(SHADOW_CSS);
    shadow.adoptedStyleSheets = [shadowSheet];
    this.#legend = element(document, "div", { part: "legend", role: "toolbar", hidden: "" });
    this.#index = element(document, "nav", { part: "index", hidden: "" });
    shadow.append(this.#legend, element(document, "slot"), this.#index);
    this.#legend.addEventListener("click", (event) => this.#onLegendClick(event));
    this.#index.addEventListener("click", (event) => this.#onIndexClick(event));
  }

  /** Labels to mark; `null` for all. Mirrors the `labels` attribute (space-separated). */
  get labels() {
    return parseLabels(this.getAttribute("labels"));
  }
  set labels(value) {
    if (value == null) this.removeAttribute("labels");
    else this.setAttribute("labels", [...value].join(" "));
  }

  /** Entities scoring below this are not marked. Mirrors `min-score`. */
  get minScore() {
    const value = Number.parseFloat(this.getAttribute("min-score") ?? "");
    return Number.isFinite(value) ? value : 0;
  }
  set minScore(value) {
    this.setAttribute("min-score", String(value));
  }

  /** Whether the legend is shown. Mirrors the boolean `legend` attribute. */
  get legend() {
    return this.hasAttribute("legend");
  }
  set legend(value) {
    this.toggleAttribute("legend", Boolean(value));
  }

  /** Whether the entity index is shown. Mirrors the boolean `index` attribute. */
  get index() {
    return this.hasAttribute("index");
  }
  set index(value) {
    this.toggleAttribute("index", Boolean(value));
  }

  /**
   * The URL of the model file to use (as written; relative to the page), or null for the
   * embedded news model. Mirrors `model`.
   */
  get model() {
    return this.getAttribute("model");
  }
  set model(value) {
    if (value == null || value === "") this.removeAttribute("model");
    else this.setAttribute("model", String(value));
  }

  /** The model's absolute URL, or "" for the embedded model. */
  #modelUrl() {
    const model = this.model;
    return model ? new URL(model, this.ownerDocument.baseURI).href : "";
  }

  /** Text at least this long (UTF-16 units) is analyzed in a worker. Mirrors `worker-threshold`. */
  get workerThreshold() {
    const value = Number.parseFloat(this.getAttribute("worker-threshold") ?? "");
    return Number.isNaN(value) ? DEFAULT_WORKER_THRESHOLD : value;
  }
  set workerThreshold(value) {
    this.setAttribute("worker-threshold", String(value));
  }

  /** The entities currently marked, each with the `id` of its marks. */
  get entities() {
    return this.#marked;
  }

  /** The text that was analyzed (text nodes joined, a line break between blocks). */
  get text() {
    return this.#analysis?.text ?? articleTextOrEmpty(this);
  }

  connectedCallback() {
    styleMarks(this.getRootNode());
    this.#observer = new MutationObserver(() => this.#schedule());
    // The attributes that make the text skip an element change the text as much as an edit does.
    this.#observer.observe(this, {
      childList: true,
      subtree: true,
      characterData: true,
      attributeFilter: ["translate", "contenteditable", "data-kashif-skip"],
    });
    this.#schedule();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#generation += 1; // drops any analysis still in flight
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    if (loadedSync) clear(this);
    this.#marked = [];
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    // Other options reuse the last analysis; a change of where it runs or of the model asks for
    // a new one.
    if (name === "worker-threshold" || name === "model") this.#analysis = null;
    this.#schedule();
  }

  /** Re-analyzes and re-marks now; resolves to the marked entities. */
  async refresh() {
    this.#analysis = null;
    return this.#run();
  }

  /** The marked entities in the displaCy manual format (code-point offsets). */
  toDisplacy() {
    return toDisplacy(this.text, this.#marked);
  }

  /** The marked entities as CSV. */
  toCSV() {
    return toCSV(this.#marked);
  }

  /** Scrolls to the mentions with these ids and makes them flash. */
  flash(ids) {
    const marks = [...this.querySelectorAll("mark[data-kashif-id]")].filter((m) => ids.includes(Number(m.dataset.kashifId)));
    if (!marks.length) return;
    marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
    for (const mark of marks) {
      mark.removeAttribute("data-kashif-flash");
      mark.setAttribute("data-kashif-flash", "");
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      for (const mark of marks) mark.removeAttribute("data-kashif-flash");
    }, 1800);
    this.#timers.add(timer);
  }

  // Attribute changes and DOM mutations within one task are batched into one run.
  #schedule() {
    if (this.#scheduled || !this.isConnected) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.isConnected) this.#run().catch((error) => this.#fail(error));
    });
  }

  async #run() {
    const generation = ++this.#generation;
    const model = this.#modelUrl();
    const { recognizer, loadMs } = await load(model);
    loadedSync = true;
    const stale = () => generation !== this.#generation || !this.isConnected;
    if (stale()) return this.#marked;
    // A long article is read, analyzed and marked in slices; a short one all at once.
    if (this.textContent.length >= this.workerThreshold) return this.#runLong(generation, stale, recognizer, loadMs, model);

    const text = articleText(this);
    const analysisStarted = performance.now();
    const entities = this.#analysis?.text === text ? this.#analysis.entities : recognizer.analyze(text);
    this.#analysis = { text, entities };
    const highlightStarted = performance.now();
    this.#marked = markEntities(this, entities, this.#markOptions());
    // Our own marks are mutations too: drop them so the observer does not re-run us.
    this.#observer?.takeRecords();
    this.#finish(entities, { loadMs, analysisStarted, highlightStarted, inWorker: false });
    return this.#marked;
  }

  #markOptions() {
    const labels = this.labels;
    return { minScore: this.minScore, ...(labels ? { labels } : {}) };
  }

  // A long article, with the event loop free between slices of about SLICE_MS, so that the main
  // thread is never blocked for long: earlier marks are cleared and the text read (keeping the
  // map from text to nodes for the marking), the worker analyzes it, its entities are handed to
  // the wasm module and marked, and the legend and index built, each step in slices or in a task
  // of its own. A change of the article in between re-schedules us (the observer sees it): the
  // run stops at the next slice. Marks are made by the same code as inline ones, so the result
  // is the same.
  async #runLong(generation, stale, recognizer, loadMs, model) {
    // Let the task that changed the article (and the layout that follows) finish first, so the
    // two do not add up to one long block of the main thread.
    await yieldToEventLoop();
    if (stale()) return this.#marked;
    // Starting the worker takes a few milliseconds of the main thread: a task of its own, and
    // the worker loads the model while the text is read.
    if (!worker && !this.#analysis) {
      startWorker();
      await yieldToEventLoop();
      if (stale()) return this.#marked;
    }
    let reader = new Reader(this);
    let marker;
    try {
      const cleared = await inSlices((count) => {
        const done = reader.clear(count);
        // Our own changes are mutations too: drop them so the observer does not re-run us.
        this.#observer?.takeRecords();
        return done;
      }, stale, 32);
      if (!cleared || !(await inSlices((count) => reader.read(count), stale, 64))) return this.#marked;
      const text = reader.text();

      const analysisStarted = performance.now();
      let entities;
      let inWorker = false;
      if (this.#analysis?.text === text) {
        entities = this.#analysis.entities;
      } else if (text.length >= this.workerThreshold) {
        inWorker = true;
        entities = await analyzeInWorker(text, ({ done, total }) =>
          this.dispatchEvent(new CustomEvent("kashif-progress", { bubbles: true, composed: true, detail: { done, total } })), model);
        // The element may have left, or the article changed, while the worker ran.
        if (this.#observer?.takeRecords().length) this.#schedule();
        if (stale() || this.#scheduled) return this.#marked;
      } else {
        entities = recognizer.analyze(text);
      }
      this.#analysis = { text, entities };
      const highlightStarted = performance.now();

      let next = 0;
      const added = await inSlices((count) => {
        reader.addEntities(entities.slice(next, next + count));
        next += count;
        return next >= entities.length;
      }, stale, 128);
      if (!added) return this.#marked;
      marker = reader.marker(this.#markOptions());
      reader = null; // used up by marker()
      await yieldToEventLoop();
      if (stale()) return this.#marked;
      const marked = await inSlices((count) => {
        const done = marker.step(count);
        this.#observer?.takeRecords();
        return done;
      }, stale, 32);
      if (!marked) return this.#marked;
      const list = [];
      const listed = await inSlices((count) => {
        list.push(...marker.entitiesSlice(list.length, list.length + count));
        return list.length >= marker.count;
      }, stale, 128);
      if (!listed) return this.#marked;
      this.#marked = list;
      await yieldToEventLoop();
      if (stale()) return this.#marked;
      this.#finish(entities, { loadMs, analysisStarted, highlightStarted, inWorker });
      return this.#marked;
    } finally {
      reader?.free();
      marker?.free();
    }
  }

  #finish(entities, { loadMs, analysisStarted, highlightStarted, inWorker }) {
    const finished = performance.now();
    this.#render(entities);
    this.timings = {
      modelLoad: loadMs,
      analysis: highlightStarted - analysisStarted,
      highlight: finished - highlightStarted,
      worker: inWorker,
    };
    performance.mark("kashif-highlighted");
    this.dispatchEvent(new CustomEvent("kashif-highlighted", {
      bubbles: true,
      composed: true,
      detail: { entities: this.#marked, timings: this.timings },
    }));
  }

  #fail(error) {
    console.error("kashif:", error);
    this.dispatchEvent(new CustomEvent("kashif-error", { bubbles: true, composed: true, detail: { message: String(error?.message ?? error) } }));
  }

  #render(allEntities) {
    const doc = this.ownerDocument;
    const active = new Set(this.labels ?? LABELS);
    const counts = new Map();
    for (const entity of allEntities) {
      if (entity.score >= this.minScore) counts.set(entity.label, (counts.get(entity.label) ?? 0) + 1);
    }

    this.#legend.hidden = !this.legend;
    this.#legend.replaceChildren(...LABELS.filter((l) => counts.has(l) || this.labels?.includes(l)).map((label) => {
      const entry = element(doc, "button", {
        type: "button",
        part: "legend-entry",
        "data-label": label,
        "aria-pressed": String(active.has(label)),
        title: active.has(label) ? "إخفاء" : "إظهار",
      });
      entry.append(
        element(doc, "span", { part: "swatch", "aria-hidden": "true" }),
        element(doc, "span", {}, `${LABEL_NAMES[label]} ${label}`),
        element(doc, "span", { part: "count" }, `(${counts.get(label) ?? 0})`),
      );
      return entry;
    }));

    this.#index.hidden = !this.index;
    // Built only when shown: showing it is an attribute change, which renders again.
    const groups = this.index ? groupEntities(this.#marked) : [];
    const byLabel = LABELS.map((label) => [label, groups.filter((g) => g.label === label)]).filter(([, g]) => g.length);
    this.#index.replaceChildren(...byLabel.map(([label, labelGroups]) => {
      const section = element(doc, "section", { part: "index-group", "data-label": label });
      const list = element(doc, "ul");
      for (const group of labelGroups) {
        const button = element(doc, "button", {
          type: "button",
          part: "index-entry",
          "data-label": label,
          "data-ids": group.ids.join(" "),
        }, group.text);
        button.append(element(doc, "span", { part: "count" }, `×${group.count}`));
        const item = element(doc, "li");
        item.append(button);
        list.append(item);
      }
      section.append(element(doc, "h3", {}, `${LABEL_NAMES[label]} (${label})`), list);
      return section;
    }));
  }

  #onLegendClick(event) {
    const entry = event.target.closest?.("[part~='legend-entry']");
    if (!entry) return;
    const label = entry.dataset.label;
    const active = new Set(this.labels ?? LABELS);
    if (active.has(label)) active.delete(label);
    else active.add(label);
    this.labels = LABELS.filter((l) => active.has(l));
  }

  #onIndexClick(event) {
    const entry = event.target.closest?.("[part~='index-entry']");
    if (entry) this.flash(entry.dataset.ids.split(" ").map(Number));
  }
}

// Set once the module has been instantiated: `clear` on disconnect needs it.
let loadedSync = false;

function articleTextOrEmpty(root) {
  return loadedSync ? articleText(root) : "";
}

/** Registers the element as `tag` (default `kashif-article`); safe to call more than once. */
export function define(tag = "kashif-article", registry = globalThis.customElements) {
  const existing = registry.get(tag);
  if (existing) return existing;
  // One class can be registered under one name only: other names get a subclass.
  const constructor = tag === "kashif-article" ? KashifArticleElement : class extends KashifArticleElement {};
  registry.define(tag, constructor);
  return constructor;
}
