// Model files for <kashif-article> and its worker: the embedded model is trained for news, and a
// page may load another (kashif-reference.model, for encyclopedic text) by URL.

/** The bytes of the model file at `url`; a failed request is an Error naming it. */
export async function fetchModel(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`kashif: could not load the model ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
