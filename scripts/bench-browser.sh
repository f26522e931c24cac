#!/usr/bin/env bash
# Browser benchmark in headless Chromium: transfer size, time to first highlight, analyze
# throughput, highlight time for a 10,000-word article. A script, not a test; figures go to stdout.
# BENCH_RUNS=N sets the number of page loads timed (default 7).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-wasm.sh
node tests/e2e/bench.mjs
