// <kashif-article>: wraps article markup and marks the people, places, organisations, dates and
// amounts it names, in the reader's browser. The contract (attributes, properties, events,
// parts, custom properties, skip rules) is written down in README.md.
//
// The article stays in the page (light DOM): marks are inserted into it by the wasm module, which
// only creates elements and text nodes. The legend and the index live in a shadow root.
//
// Short articles are analyzed and marked at once. Long ones (`worker-threshold`) are analyzed in
// a module worker and marked a frame at a time (slices.js); where the worker cannot start they
// are analyzed on the main thread, a frame at a time too.

import { Reader, articleText, clear, foldArabic, kashifMarks, labels as kashifLabels, markEntities } from "./kashif.js";
import { indexEntries, pieceEnd, toCSV, toDisplacy, toKashifJSON } from "./entities.js";
import { load, loadGlossary, measureSince } from "./kashif-model.js";
import { LABEL_NAMES, parseLabels } from "./labels.js";
import { inFrames, yieldToEventLoop } from "./slices.js";
import { blocksInView, viewWatcher } from "./viewport.js";
import { shadowStyles, styleMarks } from "./styles.js";
import { WorkerUnavailable, analyzeInWorker, startWorker } from "./worker-client.js";

/**
 * Text at least this long (UTF-16 units) is analyzed in a worker unless `worker-threshold` says
 * otherwise: at the recognizer's speed in Chromium, longer text would hold the main thread for
 * more than 50 ms.
 */
export const DEFAULT_WORKER_THRESHOLD = 6000;

/**
 * The gloss table, beside the module: written as a literal `new URL(…, import.meta.url)` so that
 * bundlers emit the file and rewrite the URL. Fetched only after the first highlight.
 */
function glossesUrl() {
  return new URL("./glosses.bin", import.meta.url).href;
}

/** Runs `callback` when the main thread is idle (soon, where the browser cannot say when). */
function whenIdle(callback) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(callback, { timeout: 2000 });
  else setTimeout(callback, 50);
}

/** A "YYYY-MM-DD" date, or null. */
function anchorValue(value) {
  const text = String(value ?? "").trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
}

/**
 * `marked` (what the wasm module marked, fresh objects) with the `offset` and `hijri` of the
 * analysis's entities, which marking does not carry: set in place, looked up by start (no key
 * strings: a huge article marks tens of thousands).
 */
function withDates(marked, entities) {
  const extra = new Map();
  for (const e of entities) if (e.offset != null || e.hijri != null) extra.set(e.start, [...(extra.get(e.start) ?? []), e]);
  if (!extra.size) return marked;
  for (const m of marked) {
    const e = extra.get(m.start)?.find((e) => e.end === m.end);
    if (!e) continue;
    if (e.offset != null) m.offset = e.offset;
    if (e.hijri != null) m.hijri = e.hijri;
  }
  return marked;
}

/** kashif's own marks under `root`, in document order (a page's own `mark`s are not among them). */
function ownMarks(root) {
  return kashifMarks(root);
}

/** Index entries shown per label before "more". */
export const INDEX_TOP = 8;

/** Arabic strings of the legend and the index. */
const TEXT = {
  legend: "أنواع الكيانات",
  index: "فهرس الكيانات",
  hide: "إخفاء",
  show: "إظهار",
  more: (count) => `عرض الكل (${count} أخرى)`,
  mentions: (count) => `${count} ${count === 1 ? "مرة" : "مرات"}`,
};

function element(document, tag, attributes = {}, text) {
  const result = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) result.setAttribute(name, value);
  if (text != null) result.textContent = text;
  return result;
}

/** Moves the roving tab stop of `items` to `item` and focuses it. */
function rove(items, item) {
  for (const other of items) other.tabIndex = other === item ? 0 : -1;
  item.focus();
}

/**
 * The item of `items` that arrow key `key` moves to from `current` (a toolbar or a list, in a
 * page whose direction is `direction`), or null for other keys.
 */
function arrowTarget(items, current, key, direction) {
  const at = items.indexOf(current);
  const forward = direction === "rtl" ? "ArrowLeft" : "ArrowRight";
  const backward = direction === "rtl" ? "ArrowRight" : "ArrowLeft";
  if (key === forward || key === "ArrowDown") return items[(at + 1) % items.length];
  if (key === backward || key === "ArrowUp") return items[(at - 1 + items.length) % items.length];
  if (key === "Home") return items[0];
  if (key === "End") return items.at(-1);
  return null;
}

// Set once the module has been instantiated: `clear` on disconnect needs it.
let loadedSync = false;

export class KashifArticleElement extends HTMLElement {
  static observedAttributes = ["labels", "min-score", "legend", "index", "worker-threshold", "model", "anchor", "glosses"];

  #observer = null;
  #scheduled = false;
  #generation = 0;
  #analysis = null; // { text, entities, groups }: the last analysis, reused when only options change
  #glossary = null; // the gloss table once loaded (null: not yet, or off, or failed)
  #glossing = false; // a gloss table load is under way or done for this element
  #marked = [];
  #placed = null; // a long article's marks, in the order placed (null: look them up)
  #timers = new Set();
  #legend;
  #index;
  #expanded = new Set(); // labels whose index shows every entry
  #cursor = new Map(); // index entry key → the mention its next activation focuses

  /** `{modelLoad, analysis, highlight, worker}` of the last highlighting, in milliseconds. */
  timings = null;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [shadowStyles()];
    this.#legend = element(document, "div", { part: "legend", role: "toolbar", "aria-label": TEXT.legend, hidden: "" });
    this.#index = element(document, "nav", { part: "index", "aria-label": TEXT.index, hidden: "" });
    shadow.append(this.#legend, element(document, "slot"), this.#index);
    this.#legend.addEventListener("click", (event) => this.#onLegendClick(event));
    this.#legend.addEventListener("keydown", (event) => this.#onArrows(event, this.#legendEntries()));
    this.#index.addEventListener("click", (event) => this.#onIndexClick(event));
    this.#index.addEventListener("keydown", (event) => this.#onArrows(event, this.#indexEntries()));
  }

  /** Labels to mark; `null` for all. Mirrors the `labels` attribute (space-separated). */
  get labels() {
    return parseLabels(this.getAttribute("labels"));
  }
  set labels(value) {
    if (value == null) this.removeAttribute("labels");
    else this.setAttribute("labels", (typeof value === "string" ? [value] : [...value]).join(" "));
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

  /**
   * The article's date, "YYYY-MM-DD", which relative dates (اليوم, أمس, a bare weekday) resolve
   * against; null where the attribute is missing or not such a date (then the dateline's date,
   * when the text opens with one). Mirrors `anchor`; a Date may be set (its local date).
   */
  get anchor() {
    return anchorValue(this.getAttribute("anchor"));
  }
  set anchor(value) {
    if (value == null || value === "") this.removeAttribute("anchor");
    else if (value instanceof Date) {
      const pad = (n) => String(n).padStart(2, "0");
      this.setAttribute("anchor", `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`);
    } else this.setAttribute("anchor", String(value));
  }

  /**
   * Whether English glosses are loaded (after the first highlight) and shown: false when the
   * `glosses` attribute is "off". Setting false writes glosses="off"; true removes it.
   */
  get glosses() {
    return (this.getAttribute("glosses") ?? "").trim().toLowerCase() !== "off";
  }
  set glosses(value) {
    if (value) this.removeAttribute("glosses");
    else this.setAttribute("glosses", "off");
  }

  /** The things the text names (`analyzeEntities`'s groups), with glosses once loaded. */
  get groups() {
    return this.#analysis?.groups ?? [];
  }

  #analyzeOptions() {
    const anchor = this.anchor;
    return anchor ? { anchor } : {};
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
    return this.#analysis?.text ?? (loadedSync ? articleText(this) : "");
  }

  connectedCallback() {
    styleMarks(this.getRootNode());
    // The legend takes its place (one row) before the first analysis, so the article does not
    // move down when it fills in.
    this.#legend.hidden = !this.legend;
    this.#observer = new MutationObserver(() => this.#schedule());
    // The attributes that make the text skip an element change the text as much as an edit does.
    this.#observer.observe(this, {
      childList: true,
      subtree: true,
      characterData: true,
      attributeFilter: ["translate", "contenteditable", "data-kashif-skip", "hidden", "aria-hidden", "inert"],
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
    if (name === "worker-threshold" || name === "model" || name === "anchor") this.#analysis = null;
    if (name === "glosses") {
      // Off: the next analysis is unglossed; on again: glossed once the table is there.
      this.#analysis = null;
      this.#glossing = false;
    }
    if (name === "legend") this.#legend.hidden = !this.legend;
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

  /** The marked entities as CSV, with their entity ids and glosses. */
  toCSV() {
    return toCSV(this.#marked, this.groups);
  }

  /** The marked entities and the groups they are mentions of, in kashif's JSON export. */
  toJSON() {
    return toKashifJSON(this.text, this.#marked, this.groups);
  }

  /** Scrolls to the mentions with these ids and makes them flash. */
  flash(ids) {
    const wanted = new Set([...ids].map(Number));
    const marks = ownMarks(this).filter((m) => wanted.has(Number(m.dataset.kashifId)));
    if (!marks.length) return;
    marks[0].scrollIntoView({ block: "center", behavior: this.#motion() });
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

  #motion() {
    return globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
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
    this.#placed = null;
    const model = this.#modelUrl();
    const { recognizer, loadMs } = await load(model);
    loadedSync = true;
    const stale = () => generation !== this.#generation || !this.isConnected;
    if (stale()) return this.#marked;
    // A long article is read, analyzed and marked in slices; a short one all at once.
    if (this.textContent.length >= this.workerThreshold) return this.#runLong(stale, recognizer, loadMs, model);

    const text = articleText(this);
    const analysisStarted = performance.now();
    if (this.#analysis?.text !== text) this.#analysis = { text, ...this.#analyzeInline(recognizer, text) };
    const { entities } = this.#analysis;
    const highlightStarted = performance.now();
    this.#marked = withDates(markEntities(this, entities, this.#markOptions()), entities);
    this.#describeMarks(ownMarks(this));
    // Our own marks are mutations too: drop them so the observer does not re-run us.
    this.#observer?.takeRecords();
    this.#finish(entities, { loadMs, analysisStarted, highlightStarted, inWorker: false });
    return this.#marked;
  }

  /** `analyzeEntities` on the main thread, glossed once the table is loaded (and wanted). */
  #analyzeInline(recognizer, text) {
    if (this.#glossary && this.glosses) recognizer.useGlossary(this.#glossary);
    return this.#keepGlosses(recognizer.analyzeEntities(text, this.#analyzeOptions()));
  }

  /**
   * `found` without glosses where glosses="off" (the page's recognizers are shared: another
   * element may have given them the table).
   */
  #keepGlosses(found) {
    if (this.glosses || !found) return found;
    return { ...found, groups: found.groups.map(({ gloss, ...group }) => group) };
  }

  #markOptions() {
    const labels = this.labels;
    return { minScore: this.minScore, ...(labels ? { labels } : {}) };
  }

  /**
   * Gives each mark its kind in Arabic, for assistive technology, and the English gloss of what
   * it names (in its description and its hover title) once known. `glosses`: mark id → gloss.
   */
  #describeMarks(marks, glosses = this.#markGlosses()) {
    for (const mark of marks) {
      const name = LABEL_NAMES[mark.dataset.kashifLabel];
      if (!name) continue;
      const gloss = glosses.get(Number(mark.dataset.kashifId));
      mark.setAttribute("aria-description", gloss ? `${name}، ${gloss}` : name);
      if (gloss && !mark.title.endsWith(` · ${gloss}`)) mark.title = `${mark.title} · ${gloss}`;
    }
  }

  /** The gloss of each marked entity's group, by mark id. */
  #markGlosses(marked = this.#marked) {
    const byGroup = new Map(this.groups.filter((g) => g.gloss).map((g) => [g.id, g.gloss]));
    const result = new Map();
    if (!byGroup.size) return result;
    for (const entity of marked) {
      const gloss = byGroup.get(entity.entity);
      if (gloss) result.set(entity.id, gloss);
    }
    return result;
  }

  #progress(done, total) {
    this.dispatchEvent(new CustomEvent("kashif-progress", { bubbles: true, composed: true, detail: { done, total } }));
  }

  // A long article, a frame at a time, so that the main thread is never blocked for long:
  // earlier marks are cleared and the text read (keeping the map from text to nodes for the
  // marking), the worker analyzes it (or the main thread, a piece per frame, where the worker
  // cannot start), its entities are handed to the wasm module and marked (those of the blocks on
  // screen first, then the rest in document order), and the legend and index built. A change of
  // the article in between re-schedules us (the observer sees it): the run stops at the next
  // frame. Marks are made by the same code as inline ones, so the result is the same.
  async #runLong(stale, recognizer, loadMs, model) {
    // Let the task that changed the article (and the layout that follows) finish first, so the
    // two do not add up to one long block of the main thread.
    await yieldToEventLoop();
    if (stale()) return this.#marked;
    // Starting the worker takes a few milliseconds of the main thread: its own task, and the
    // worker loads the model while the text is read.
    if (!this.#analysis) startWorker();
    let reader = new Reader(this);
    let marker;
    const own = () => this.#observer?.takeRecords(); // our own changes are mutations too
    try {
      const cleared = await inFrames((count) => {
        const done = reader.clear(count);
        own();
        return done;
      }, stale, 32);
      if (!cleared || !(await inFrames((count) => reader.read(count), stale, 64))) return this.#marked;
      const text = reader.text();

      const analysisStarted = performance.now();
      let inWorker = false;
      if (this.#analysis?.text === text) {
        // Reused: only options changed.
      } else if (text.length >= this.workerThreshold) {
        const found = await this.#analyzeLong(recognizer, text, stale, model);
        inWorker = found?.inWorker ?? false;
        // The element may have left, or the article changed, while the analysis ran.
        if (this.#observer?.takeRecords().length) this.#schedule();
        if (!found || stale() || this.#scheduled) return this.#marked;
        this.#analysis = { text, entities: found.entities, groups: found.groups };
      } else {
        this.#analysis = { text, ...this.#analyzeInline(recognizer, text) };
      }
      const { entities } = this.#analysis;
      const highlightStarted = performance.now();
      performance.mark("kashif-analyzed");

      // Entities cross at a few microseconds each: the first slice is a large one, as the first
      // marks wait for all of them (their ids count in text order).
      let next = 0;
      const added = await inFrames((count) => {
        reader.addEntities(entities.slice(next, next + count));
        next += count;
        return next >= entities.length;
      }, stale, 2048);
      if (!added) return this.#marked;
      marker = reader.marker(this.#markOptions());
      reader = null; // used up by marker()
      // The blocks on screen first (looked up again whenever the view moves), then the rest in
      // document order. Each mark gets its description as it goes in; glosses, known only from
      // the list, are added after.
      const view = viewWatcher(this.ownerDocument);
      const placed = [];
      let marked;
      try {
        marked = await inFrames((count) => {
          if (view.moved()) {
            const blocks = blocksInView(this);
            if (blocks) marker.prefer(blocks[0], blocks[1]);
          }
          const done = marker.step(count);
          const marks = marker.placed();
          this.#describeMarks(marks, new Map());
          for (const mark of marks) placed.push(mark);
          own();
          return done;
        }, stale, 32);
      } finally {
        view.stop();
      }
      if (!marked) return this.#marked;
      const list = [];
      const listed = await inFrames((count) => {
        list.push(...marker.entitiesSlice(list.length, list.length + count));
        return list.length >= marker.count;
      }, stale, 128);
      if (!listed) return this.#marked;
      const glosses = this.#markGlosses(list);
      if (glosses.size) {
        let described = 0;
        const labelled = await inFrames((count) => {
          const end = Math.min(placed.length, described + count);
          this.#describeMarks(placed.slice(described, end), glosses);
          described = end;
          own();
          return described >= placed.length;
        }, stale, 256);
        if (!labelled) return this.#marked;
      }
      this.#marked = withDates(list, entities);
      this.#placed = placed;
      this.#finish(entities, { loadMs, analysisStarted, highlightStarted, inWorker });
      return this.#marked;
    } finally {
      reader?.free();
      marker?.free();
    }
  }

  /**
   * A long text's `{entities, groups, inWorker}`: analyzed in the worker, or on the main thread
   * in frames where it cannot start; null if the work went stale.
   */
  async #analyzeLong(recognizer, text, stale, model) {
    const glosses = this.#glossary && this.glosses ? glossesUrl() : "";
    try {
      const options = { model, anchor: this.anchor, glosses };
      const found = await analyzeInWorker(text, ({ done, total }) => this.#progress(done, total), options);
      return { ...this.#keepGlosses(found), inWorker: true };
    } catch (error) {
      if (!(error instanceof WorkerUnavailable)) throw error;
      const found = await this.#analyzeInFrames(recognizer, text, stale);
      return found && { ...found, inWorker: false };
    }
  }

  /**
   * Analyzes `text` on the main thread, a piece of paragraphs per frame (for where the worker
   * cannot start); resolves to `{entities, groups}`, or null if the work went stale. Names an
   * article repeats are recognised, and grouped, within a piece, not across pieces.
   */
  async #analyzeInFrames(recognizer, text, stale) {
    const entities = [];
    const groups = [];
    let start = 0;
    const done = await inFrames((size) => {
      const end = pieceEnd(text, start, size);
      const piece = this.#analyzeInline(recognizer, text.slice(start, end));
      const [firstEntity, firstGroup] = [entities.length, groups.length];
      for (const entity of piece.entities) {
        const moved = { ...entity, start: entity.start + start, end: entity.end + start };
        if (entity.entity != null) moved.entity = entity.entity + firstGroup;
        entities.push(moved);
      }
      for (const group of piece.groups) {
        groups.push({ ...group, id: group.id + firstGroup, mentions: group.mentions.map((m) => m + firstEntity) });
      }
      start = end;
      this.#progress(start, text.length);
      return start >= text.length;
    }, stale, 2000);
    return done ? { entities, groups } : null;
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
    measureSince("kashif-analyze", analysisStarted, highlightStarted);
    measureSince("kashif-mark", highlightStarted);
    performance.mark("kashif-highlighted");
    this.dispatchEvent(new CustomEvent("kashif-highlighted", {
      bubbles: true,
      composed: true,
      detail: { entities: this.#marked, timings: this.timings },
    }));
    this.#wantGlosses();
  }

  // Glosses: the table is fetched once the first highlight is done, when the main thread is idle,
  // then the groups are glossed (the same analysis again, in the worker for a long article) and
  // the index and the marks' titles refreshed. A table that cannot load means no glosses.
  #wantGlosses() {
    if (this.#glossing || !this.glosses || !this.#analysis?.groups?.length) return;
    this.#glossing = true;
    whenIdle(() => this.#loadGlosses().catch((error) => console.warn("kashif: glosses:", error)));
  }

  async #loadGlosses() {
    const glossary = await loadGlossary(glossesUrl());
    if (!glossary || !this.isConnected) return;
    this.#glossary = glossary;
    const analysis = this.#analysis;
    if (!analysis || !this.glosses || analysis.groups.some((g) => g.gloss)) return;
    const generation = this.#generation;
    const stale = () => generation !== this.#generation || !this.isConnected || this.#analysis !== analysis;
    // The groups are glossed as the analysis would have glossed them, without analyzing again;
    // a newer run glosses itself.
    analysis.groups = analysis.groups.map((group) => {
      const gloss = glossary.glossGroup(group.name, group.label, group.mentions.map((m) => analysis.entities[m]?.text ?? ""));
      return gloss === undefined ? group : { ...group, gloss };
    });
    // A long article's marks are known from marking it: finding them again is one long task.
    const marks = this.#placed ?? ownMarks(this);
    const glosses = this.#markGlosses();
    let described = 0;
    const done = await inFrames((count) => {
      const end = Math.min(marks.length, described + count);
      this.#describeMarks(marks.slice(described, end), glosses);
      described = end;
      this.#observer?.takeRecords();
      return described >= marks.length;
    }, stale, 256);
    if (done) this.#render(analysis.entities);
  }

  #fail(error) {
    console.error("kashif:", error);
    this.dispatchEvent(new CustomEvent("kashif-error", { bubbles: true, composed: true, detail: { message: String(error?.message ?? error) } }));
  }

  #legendEntries() {
    return [...this.#legend.querySelectorAll("[part~='legend-entry']")];
  }

  #indexEntries() {
    return [...this.#index.querySelectorAll("[part~='index-entry']")];
  }

  #render(allEntities) {
    const doc = this.ownerDocument;
    const shadow = this.shadowRoot;
    // What had the focus comes back to its new copy: re-rendering must not lose the reader's place.
    const focused = shadow.activeElement;
    const focusKey = focused?.dataset.key ?? focused?.dataset.label;
    const focusPart = focused?.getAttribute("part");
    const all = kashifLabels();
    const active = new Set(this.labels ?? all);
    // Every label the analysis found gets an entry, whether shown or not: toggling one does not
    // add or remove entries (the legend keeps its layout).
    const counts = new Map();
    for (const entity of allEntities) {
      if (entity.score >= this.minScore) counts.set(entity.label, (counts.get(entity.label) ?? 0) + 1);
    }

    this.#legend.hidden = !this.legend;
    const legendEntries = all.filter((l) => counts.has(l)).map((label) => {
      const entry = element(doc, "button", {
        type: "button",
        part: "legend-entry",
        "data-label": label,
        "aria-pressed": String(active.has(label)),
        title: active.has(label) ? TEXT.hide : TEXT.show,
        tabindex: "-1",
      });
      entry.append(
        element(doc, "span", { part: "swatch", "aria-hidden": "true" }),
        element(doc, "span", { part: "legend-name" }, `${LABEL_NAMES[label]} ${label}`),
        element(doc, "span", { part: "count" }, `(${counts.get(label) ?? 0})`),
      );
      return entry;
    });
    this.#legend.replaceChildren(...legendEntries);
    const legendStop = legendEntries.find((e) => focusPart === "legend-entry" && e.dataset.label === focusKey) ?? legendEntries[0];
    if (legendStop) legendStop.tabIndex = 0;

    this.#index.hidden = !this.index;
    // Built only when shown: showing it is an attribute change, which renders again.
    const groups = this.index ? indexEntries(this.#marked, this.groups, foldArabic) : [];
    const wasOpen = this.#index.querySelector("details")?.open ?? true;
    const details = element(doc, "details", { part: "index-details" });
    details.open = wasOpen;
    details.append(element(doc, "summary", { part: "index-summary" }, `${TEXT.index} (${groups.length})`));
    const known = new Set(groups.map((g) => g.key));
    for (const key of this.#cursor.keys()) if (!known.has(key)) this.#cursor.delete(key);
    for (const label of all) {
      const labelGroups = groups.filter((g) => g.label === label);
      if (!labelGroups.length) continue;
      const section = element(doc, "section", { part: "index-group", "data-label": label });
      const heading = element(doc, "h3", { id: `kashif-index-${label}` }, `${LABEL_NAMES[label]} (${label})`);
      const list = element(doc, "ul", { "aria-labelledby": heading.id });
      const shown = this.#expanded.has(label) ? labelGroups : labelGroups.slice(0, INDEX_TOP);
      for (const group of shown) {
        const button = element(doc, "button", {
          type: "button",
          part: "index-entry",
          "data-label": label,
          "data-key": group.key,
          "data-ids": group.ids.join(" "),
          tabindex: "-1",
          "aria-label": [group.text, group.gloss, LABEL_NAMES[label], TEXT.mentions(group.count)].filter(Boolean).join("، "),
          ...(group.gloss ? { title: group.gloss } : {}),
        }, group.text);
        if (group.gloss) button.append(element(doc, "span", { part: "gloss", lang: "en", dir: "ltr", "aria-hidden": "true" }, group.gloss));
        button.append(element(doc, "span", { part: "count", "aria-hidden": "true" }, `×${group.count}`));
        const item = element(doc, "li");
        item.append(button);
        list.append(item);
      }
      section.append(heading, list);
      if (shown.length < labelGroups.length) {
        section.append(element(doc, "button", { type: "button", part: "index-more", "data-label": label }, TEXT.more(labelGroups.length - shown.length)));
      }
      details.append(section);
    }
    this.#index.replaceChildren(...(groups.length ? [details] : []));
    const entries = this.#indexEntries();
    const indexStop = entries.find((e) => focusPart === "index-entry" && e.dataset.key === focusKey) ?? entries[0];
    if (indexStop) indexStop.tabIndex = 0;

    const again = focusPart === "legend-entry" ? legendStop : focusPart === "index-entry" ? indexStop : null;
    if (again && focused && !focused.isConnected) again.focus();
  }

  #onArrows(event, items) {
    const current = event.target.closest?.("[part~='legend-entry'], [part~='index-entry']");
    if (!current || !items.includes(current)) return;
    const target = arrowTarget(items, current, event.key, getComputedStyle(this).direction);
    if (!target) return;
    event.preventDefault();
    rove(items, target);
  }

  #onLegendClick(event) {
    const entry = event.target.closest?.("[part~='legend-entry']");
    if (!entry) return;
    rove(this.#legendEntries(), entry);
    const label = entry.dataset.label;
    const all = kashifLabels();
    const active = new Set(this.labels ?? all);
    if (active.has(label)) active.delete(label);
    else active.add(label);
    this.labels = all.filter((l) => active.has(l));
  }

  #onIndexClick(event) {
    const more = event.target.closest?.("[part~='index-more']");
    if (more) {
      this.#expanded.add(more.dataset.label);
      this.#render(this.#analysis?.entities ?? []);
      const first = this.#index.querySelectorAll(`[part~='index-entry'][data-label='${more.dataset.label}']`)[INDEX_TOP];
      if (first) rove(this.#indexEntries(), first);
      return;
    }
    const entry = event.target.closest?.("[part~='index-entry']");
    if (!entry) return;
    const ids = entry.dataset.ids.split(" ").map(Number);
    this.flash(ids);
    // Each activation moves the focus to the next mention, round the article.
    const at = this.#cursor.get(entry.dataset.key) ?? 0;
    this.#cursor.set(entry.dataset.key, (at + 1) % ids.length);
    const mark = ownMarks(this).find((m) => Number(m.dataset.kashifId) === ids[at]);
    if (mark) {
      if (!mark.hasAttribute("tabindex")) mark.setAttribute("tabindex", "-1");
      mark.focus({ preventScroll: true });
      mark.scrollIntoView({ block: "center", behavior: this.#motion() });
    }
  }
}
