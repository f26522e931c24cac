// Types of kashif/model (kashif-model.js), the model loader shared by the element and its worker.

import type { Recognizer } from "./kashif.js";

/** The bytes of the model file at `url`; rejects with an Error naming it when the request fails. */
export declare function fetchModel(url: string | URL): Promise<Uint8Array>;
/** A User Timing measure `name` from `start` to `end` (default now), `performance.now()` times. */
export declare function measureSince(name: string, start: number, end?: number): void;
/** Instantiates the wasm module, once (measured as `kashif-instantiate`). */
export declare function ready(): Promise<unknown>;
/** The wasm module and a recognizer for `model` (an absolute URL, or "" for the embedded model), once per page. */
export declare function load(model?: string): Promise<{ recognizer: Recognizer; loadMs: number }>;
/** `make()`'s promise for `key`, made once and kept in `cache`; a failure is not kept. */
export declare function once<K, T>(cache: Map<K, Promise<T>>, key: K, make: () => Promise<T>): Promise<T>;
