#!/usr/bin/env bash
# Builds the browser package into pkg/ (ES module for `--target web`, TypeScript types, the
# wasm-opt'd module and a package.json: publishable as is) and copies it to www/pkg/ for the demo.
# Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
cargo build --lib --target wasm32-unknown-unknown --profile wasm

rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name kashif \
    "$target_dir/wasm32-unknown-unknown/wasm/kashif.wasm"
# The features rustc enables by default for wasm32; wasm-opt must accept and may keep them.
node_modules/.bin/wasm-opt -O3 \
    --enable-bulk-memory --enable-multivalue --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext \
    pkg/kashif_bg.wasm -o pkg/kashif_bg.wasm

node - <<'NODE'
const fs = require("fs");
const cargo = fs.readFileSync("Cargo.toml", "utf8");
const field = (name) => (cargo.match(new RegExp(`^${name} = "([^"]*)"`, "m")) || [])[1];
const pkg = {
  name: "kashif",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  type: "module",
  main: "kashif.js",
  module: "kashif.js",
  types: "kashif.d.ts",
  files: ["kashif_bg.wasm", "kashif.js", "kashif.d.ts", "kashif_bg.wasm.d.ts"],
  sideEffects: false,
};
fs.writeFileSync("pkg/package.json", JSON.stringify(pkg, null, 2) + "\n");
NODE
rm -f pkg/.gitignore

rm -rf www/pkg
cp -r pkg www/pkg
# The reference model (encyclopedic text), for pages that ask for it by URL: model="pkg/kashif-reference.model".
cp models/kashif-reference.model www/pkg/
wasm_bytes=$(wc -c < pkg/kashif_bg.wasm)
wasm_gzip=$(gzip -9 -c pkg/kashif_bg.wasm | wc -c)
echo "build-wasm: pkg/kashif_bg.wasm ${wasm_bytes} bytes (${wasm_gzip} gzip-compressed); copied to www/pkg/"
