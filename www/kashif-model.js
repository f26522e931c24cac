// Model files for <kashif-article> and its worker: the embedded model is trained for news, and a
// page may load another (kashif-reference.model, for encyclopedic text) by URL.

/** The bytes of the model file at `url`; a failed request is an Error naming it. */
export async function fetchModel(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`kashif: could not load the model ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * A recognizer for `model` (a model file's absolute URL, or "" for the embedded model), made by
 * `Recognizer` once `ready` (the wasm module's init) resolves.
 */
export async function makeRecognizer(Recognizer, ready, model) {
  await ready;
  return model ? Recognizer.fromModel(await fetchModel(model)) : new Recognizer();
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
