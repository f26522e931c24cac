// The messages between the element's worker client (worker-client.js) and the worker
// (kashif-worker.js): one list, imported by both.
//
//   page → worker  {type: ANALYZE, id, text, model, anchor, glosses}
//                  model: a model file's absolute URL, or ""; anchor: "YYYY-MM-DD" or null (the
//                  dateline's); glosses: the gloss table's absolute URL, or "" (none)
//   worker → page  {type: READY}                       once, when the module has loaded
//                  {type: PROGRESS, id, done, total, entities}   entities: a batch, or []
//                  {type: RESULT, id, groups}          after the last PROGRESS of job `id`;
//                                                      groups: analyzeEntities's, glossed if asked
//                  {type: ERROR, id, message}

export const ANALYZE = "kashif:analyze";
export const READY = "kashif:ready";
export const PROGRESS = "kashif:progress";
export const RESULT = "kashif:result";
export const ERROR = "kashif:error";

/** Entities per PROGRESS message once an analysis is done: small copies on the main thread. */
export const BATCH = 200;
