// The demo's first script to run (index.html loads it `async`): it starts kashif while the rest
// of the page's modules arrive and the page is parsed and laid out, rather than when the
// deferred demo.js runs, just before DOMContentLoaded. load() fetches the wasm and compiles it
// from the stream, then builds the embedded model's recognizer; the element's own load() gets
// the same promise (www/README.md, "Startup").
import { load } from "./pkg/kashif-model.js";

load();
