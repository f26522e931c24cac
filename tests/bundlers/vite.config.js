// The Vite recipe (README.md, "Bundlers"): nothing kashif-specific is needed for a production
// build; Vite emits the worker and the wasm from kashif's `new URL(..., import.meta.url)`.
import { fileURLToPath } from "node:url";

export default {
  root: fileURLToPath(new URL("./app", import.meta.url)),
  base: "./",
  logLevel: "warn",
  build: { outDir: fileURLToPath(new URL("./out/vite", import.meta.url)), emptyOutDir: true },
};
