// Loading the wasm module and models, for the element and its worker: the embedded model is
// trained for news, and a page may load another (kashif-reference.model, for encyclopedic text)
// by URL. Each is loaded once per page (once per worker).

import init, { Glossary, Recognizer } from "./kashif.js";

/** The bytes of the model file at `url`; a failed request is an Error naming it. */
export async function fetchModel(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`kashif: could not load the model ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * `make()`'s promise for `key`, made once and kept in `cache`; a failure is not kept (a failed
 * download may succeed later).
 */
export function once(cache, key, make) {
  if (!cache.has(key)) {
    const pending = make();
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return cache.get(key);
}

let initializing;
const loading = new Map();

/**
 * A User Timing measure from `start` to `end` (`performance.now()` times; README.md, "Startup").
 * A browser without User Timing Level 3 (measure options) gets none: a measurement must not
 * break what it measures.
 */
export function measureSince(name, start, end = performance.now()) {
  try {
    performance.measure(name, { start, end });
  } catch {
    // No measure options (older User Timing): nothing to record.
  }
}

/**
 * Instantiates the wasm module, once; resolves when its exports can be called. Measured as
 * `kashif-instantiate`: what is left of the download, the compile (streamed with it) and the
 * instantiation.
 */
export function ready() {
  if (!initializing) {
    const started = performance.now();
    initializing = init().then((exports) => {
      measureSince("kashif-instantiate", started);
      return exports;
    });
  }
  return initializing;
}

/**
 * Loads the wasm module and a model: the embedded one, or the model file at `model` (an absolute
 * URL). Resolves to `{ recognizer, loadMs }`. Called by the element; pages may call it early to
 * overlap the download with their own work.
 */
export function load(model = "") {
  return once(loading, model, async () => {
    const started = performance.now();
    // A model file downloads while the wasm module compiles.
    const [, bytes] = await Promise.all([ready(), model ? fetchModel(model) : null]);
    const building = performance.now();
    const recognizer = bytes ? Recognizer.fromModel(bytes) : new Recognizer();
    measureSince("kashif-recognizer", building);
    return { recognizer, loadMs: performance.now() - started };
  });
}

const glossaries = new Map();

/**
 * The gloss table (glosses.bin) at `url`, loaded once: a `Glossary`, or null where it cannot be
 * fetched or read (one console warning; names are then shown without glosses).
 */
export function loadGlossary(url) {
  if (!glossaries.has(url)) {
    glossaries.set(url, (async () => {
      try {
        await ready();
        const response = await fetch(url);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return Glossary.fromBytes(new Uint8Array(await response.arrayBuffer()));
      } catch (error) {
        console.warn(`kashif: the gloss table ${url} could not be loaded (${error?.message ?? error}); names are shown without English glosses`);
        return null;
      }
    })());
  }
  return glossaries.get(url);
}
