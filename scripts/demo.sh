#!/usr/bin/env bash
# The demo in one command, on a fresh machine: install what is missing, build the wasm package,
# serve www/ on http://127.0.0.1:8080/ (PORT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-wasm.sh
exec node scripts/serve.mjs "${PORT:-8080}"
