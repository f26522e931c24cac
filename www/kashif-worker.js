// The worker behind <kashif-article> for long articles: analyzes text off the main thread.
//
// Messages in: {id, text, model} (model: a model file's absolute URL, or "" for the embedded one). Out: {id, type: "progress", done, total, entities} messages, then
// {id, type: "result"} or {id, type: "error", message}. Offsets are UTF-16 units of `text`,
// exactly as Recognizer.analyze gives them on the main thread: the whole text is analyzed in one
// call (names an article repeats are recognised from one another, as inline), with progress
// reported while it runs. The entities then travel in several progress messages, so that the
// main thread copies them in small pieces rather than one large one.

import init, { Recognizer } from "./pkg/kashif.js";
import { makeRecognizer, once } from "./kashif-model.js";

/** Entities per message once the analysis is done. */
const BATCH = 200;

const ready = init();
/** A recognizer per model URL, each loaded on first need. */
const recognizers = new Map();

function recognizerFor(model) {
  return once(recognizers, model, () => makeRecognizer(Recognizer, ready, model));
}

self.addEventListener("message", async ({ data: { id, text, model = "" } }) => {
  try {
    const recognizer = await recognizerFor(model);
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
