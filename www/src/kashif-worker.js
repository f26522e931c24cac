// The worker behind <kashif-article> for long articles: analyzes text off the main thread.
// Messages: messages.js. Offsets are UTF-16 units of `text`, exactly as Recognizer.analyze gives
// them on the main thread (`analyzeEntities`, with the groups of names): the whole text is analyzed in one call (names an article repeats are
// recognised from one another, as inline), with progress reported while it runs. The entities
// then travel in batches, so that the main thread copies them in small pieces.

import { load, loadGlossary } from "./kashif-model.js";
import { ANALYZE, BATCH, ERROR, PROGRESS, READY, RESULT } from "./messages.js";

self.addEventListener("message", async ({ data }) => {
  if (data?.type !== ANALYZE) return;
  const { id, text, model = "", anchor = null, glosses = "" } = data;
  try {
    const { recognizer } = await load(model);
    // Glosses where the page asked for them and the table loads (else none: warned once).
    if (glosses) {
      const glossary = await loadGlossary(glosses);
      if (glossary) recognizer.useGlossary(glossary);
    }
    const { entities, groups } = recognizer.analyzeEntities(text, {
      ...(anchor ? { anchor } : {}),
      // Progress before the end carries no entities yet.
      onProgress: (done, total) => {
        if (done < total) self.postMessage({ type: PROGRESS, id, done, total, entities: [] });
      },
    });
    for (let from = 0; from < entities.length || from === 0; from += BATCH) {
      self.postMessage({ type: PROGRESS, id, done: text.length, total: text.length, entities: entities.slice(from, from + BATCH) });
    }
    self.postMessage({ type: RESULT, id, groups });
  } catch (error) {
    self.postMessage({ type: ERROR, id, message: String(error?.message ?? error) });
  }
});

self.postMessage({ type: READY });
