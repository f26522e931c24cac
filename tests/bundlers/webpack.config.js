// The webpack 5 recipe (README.md, "Bundlers"): production mode; webpack emits the worker from
// `new Worker(new URL(...), { type: "module" })` and the wasm from `new URL(..., import.meta.url)`
// by itself.
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  context: fileURLToPath(new URL("./app", import.meta.url)),
  entry: { main: "./main.js" },
  output: {
    path: fileURLToPath(new URL("./out/webpack", import.meta.url)),
    filename: "[name].js",
    publicPath: "auto",
    clean: true,
  },
  performance: { hints: false },
};
