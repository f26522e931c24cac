// The worker behind <kashif-article> for long articles: analyzes text off the main thread.
//
// Messages in: {id, text}. Out: {id, type: "progress", done, total, entities} messages, then
// {id, type: "result"} or {id, type: "error", message}. Offsets are UTF-16 units of `text`,
// exactly as Recognizer.analyze gives them on the main thread: the whole text is analyzed in one
// call (names an article repeats are recognised from one another, as inline), with progress
// reported while it runs. The entities then travel in several progress messages, so that the
// main thread copies them in small pieces rather than one large one.

import init, { Recognizer } from "./pkg/kashif.js";

/** Entities per message once the analysis is done. */
const BATCH = 200;

let recognizer;
const ready = init().then(() => {
  recognizer = new Recognizer();
});

self.addEventListener("message", async ({ data: { id, text } }) => {
  try {
    await ready;
    const entities = recognizer.analyzeWithProgress(text, (done, total) => {
      // Progress before the end carries no entities yet.
      if (done < total) self.postMessage({ id, type: "progress", done, total, entities: [] });
    });
    for (let from = 0; from < entities.length || from === 0; from += BATCH) {
      self.postMessage({ id, type: "progress", done: text.length, total: text.length, entities: entities.slice(from, from + BATCH) });
    }
    self.postMessage({ id, type: "result" });
  } catch (error) {
    self.postMessage({ id, type: "error", message: String(error?.message ?? error) });
  }
});
