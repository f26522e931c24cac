// The page's side of the worker (kashif-worker.js): one worker per page, started on first need
// and shared by every element. Messages: messages.js.
//
// The worker is created with a literal `new Worker(new URL("./kashif-worker.js",
// import.meta.url), { type: "module" })`, the form Vite, webpack and other bundlers recognise
// and rewrite to the worker they emit. kashif creates no Trusted Types policy: on a page that
// requires Trusted Types, the worker starts where the page's `default` policy lets its URL
// through; where it cannot start (that, a CSP worker-src, a missing file), `analyzeInWorker`
// rejects with WorkerUnavailable and the element analyzes on the main thread in slices, after one
// console warning naming the worker's URL.

import { ANALYZE, ERROR, PROGRESS, READY, RESULT } from "./messages.js";

/** The worker cannot start on this page: analyze elsewhere. */
export class WorkerUnavailable extends Error {
  name = "WorkerUnavailable";
}

let starting; // Promise<Worker | null>: null once it has failed to start
let worker;
let nextJob = 0;
const jobs = new Map();

/** Where the worker is expected, for messages (a bundler may have moved it: it says so). */
function workerLocation() {
  const file = "kashif-worker.js";
  try {
    return new URL(file, import.meta.url).href;
  } catch {
    return file;
  }
}

function unavailable(reason) {
  console.warn(`kashif: the worker ${workerLocation()} could not start (${reason}); long articles are analyzed on the main thread, in slices`);
  worker?.terminate();
  worker = undefined;
  for (const job of jobs.values()) job.reject(new WorkerUnavailable(String(reason)));
  jobs.clear();
}

function failAllJobs(message) {
  for (const job of jobs.values()) job.reject(new Error(message));
  jobs.clear();
}

function onMessage({ data }) {
  const job = jobs.get(data?.id);
  if (!job) return;
  if (data.type === PROGRESS) {
    // Entities come in batches with the progress of the analysis.
    for (const entity of data.entities ?? []) job.entities.push(entity);
    job.progress({ done: data.done, total: data.total });
  } else if (data.type === RESULT) {
    jobs.delete(data.id);
    job.resolve({ entities: job.entities, groups: data.groups ?? [] });
  } else if (data.type === ERROR) {
    jobs.delete(data.id);
    job.reject(new Error(data.message));
  }
}

/**
 * Starts the page's worker, once; resolves to it once its module has loaded, or to null if it
 * cannot start here (warned about once).
 */
export function startWorker() {
  starting ??= new Promise((resolve) => {
    try {
      worker = new Worker(new URL("./kashif-worker.js", import.meta.url), { type: "module" });
    } catch (error) {
      unavailable(error?.message ?? error);
      resolve(null);
      return;
    }
    let loaded = false;
    worker.addEventListener("message", (event) => {
      if (event.data?.type === READY) {
        loaded = true;
        resolve(worker);
      } else {
        onMessage(event);
      }
    });
    worker.addEventListener("error", (event) => {
      event.preventDefault?.();
      if (!loaded) {
        unavailable(event.message || "its script did not load");
        resolve(null);
      } else {
        failAllJobs(`kashif worker failed: ${event.message || "an error in the worker"}`);
      }
    });
    worker.addEventListener("messageerror", () => failAllJobs("kashif worker sent an unreadable message"));
  });
  return starting;
}

/**
 * Analyzes `text` in the worker, with the model file at `model` (an absolute URL) or the embedded
 * one, `anchor` ("YYYY-MM-DD" or null) and the gloss table at `glosses` (an absolute URL, or "");
 * `onProgress({done, total})` is called as it goes. Resolves to `{entities, groups}`, as
 * `analyzeEntities` gives them. Rejects with WorkerUnavailable where the worker cannot start.
 */
export async function analyzeInWorker(text, onProgress = () => {}, { model = "", anchor = null, glosses = "" } = {}) {
  const running = await startWorker();
  if (!running) throw new WorkerUnavailable("the worker could not start");
  return new Promise((resolve, reject) => {
    const id = ++nextJob;
    jobs.set(id, { resolve, reject, progress: onProgress, entities: [] });
    try {
      running.postMessage({ type: ANALYZE, id, text, model, anchor, glosses });
    } catch (error) {
      jobs.delete(id);
      reject(error);
    }
  });
}
