// The worker behind <kashif-article> for long articles: analyzes text off the main thread.
//
// Messages in: {id, text}. Out: {id, type: "progress", done, total, entities} after each chunk
// (the entities found in it), then {id, type: "result"} or {id, type: "error", message}.
// Offsets are UTF-16 units of `text`, exactly as Recognizer.analyze gives them on the main
// thread. Entities travel with the progress messages so that the main thread copies them in
// several small pieces rather than one large one.

import init, { Recognizer } from "./pkg/kashif.js";

// Chunks end at a line break: the recognizer treats lines as separate sentences and no entity
// crosses one, so analyzing line-aligned chunks gives the same entities as the whole text.
const CHUNK = 16384;

let recognizer;
const ready = init().then(() => {
  recognizer = new Recognizer();
});

function chunkEnd(text, from) {
  const limit = from + CHUNK;
  if (limit >= text.length) return text.length;
  const lineEnd = text.lastIndexOf("\n", limit);
  if (lineEnd > from) return lineEnd + 1;
  const next = text.indexOf("\n", limit);
  return next === -1 ? text.length : next + 1;
}

self.addEventListener("message", async ({ data: { id, text } }) => {
  try {
    await ready;
    for (let from = 0; from < text.length; ) {
      const to = chunkEnd(text, from);
      const entities = recognizer.analyze(text.slice(from, to));
      for (const entity of entities) {
        entity.start += from;
        entity.end += from;
      }
      from = to;
      self.postMessage({ id, type: "progress", done: from, total: text.length, entities });
    }
    self.postMessage({ id, type: "result" });
  } catch (error) {
    self.postMessage({ id, type: "error", message: String(error?.message ?? error) });
  }
});
