#!/usr/bin/env bash
# The browser tests, in headless Chromium: the wasm-bindgen-test suite (src/wasm/tests.rs, run
# as the library's wasm32 unit tests so that it can drive the DOM layer directly), then the
# end-to-end suite over the demo and fixture pages (tests/e2e/, Playwright + node's test runner).
# Needs scripts/setup.sh; builds the wasm package itself. Exits non-zero on any failure; the last
# line is the end-to-end runner's summary of the tests that ran.
set -euo pipefail
cd "$(dirname "$0")/.."

export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
# wasm-bindgen-test-runner reads webdriver.json from the current directory for Chromium's flags.
echo "== wasm-bindgen-test (headless Chromium)"
cargo test --target wasm32-unknown-unknown --lib

echo "== building the wasm package for the end-to-end suite"
bash scripts/build-wasm.sh

echo "== end-to-end suite (playwright-core + Chromium)"
mkdir -p tests/e2e/out
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/
