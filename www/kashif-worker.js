// The worker behind <kashif-article> for long articles: analyzes text off the main thread.
//
// Messages in: {id, text}. Out: {id, type: "progress", done, total} after each chunk, then
// {id, type: "result", entities} or {id, type: "error", message}. Offsets are UTF-16 units of
// `text`, exactly as Recognizer.analyze gives them on the main thread.

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
    const entities = [];
    for (let from = 0; from < text.length; ) {
      const to = chunkEnd(text, from);
      for (const entity of recognizer.analyze(text.slice(from, to))) {
        entity.start += from;
        entity.end += from;
        entities.push(entity);
      }
      from = to;
      self.postMessage({ id, type: "progress", done: from, total: text.length });
    }
    self.postMessage({ id, type: "result", entities });
  } catch (error) {
    self.postMessage({ id, type: "error", message: String(error?.message ?? error) });
  }
});
