#!/usr/bin/env bash
# Installs the bundlers the package is tested with (Vite, webpack 5, esbuild) and TypeScript,
# from npm, into tests/bundlers/node_modules, at the versions of tests/bundlers/package-lock.json.
# Called by scripts/test-browser.sh; skipped when already installed at those versions.
set -euo pipefail
cd "$(dirname "$0")/../tests/bundlers"

if [ ! -d node_modules/vite ] || [ ! -d node_modules/webpack ] || [ ! -d node_modules/esbuild ] \
    || [ ! -d node_modules/typescript ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    printf 'setup-bundlers: installing Vite, webpack, esbuild and TypeScript (npm ci)\n' >&2
    npm ci --no-audit --no-fund
fi
