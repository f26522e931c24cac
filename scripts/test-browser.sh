#!/usr/bin/env bash
# The browser tests, in headless Chromium: the wasm-bindgen-test suite (src/wasm/tests.rs, run
# as the library's wasm32 unit tests so that it can drive the DOM layer directly), then the
# JavaScript suite (tests/e2e/, node's test runner): unit tests of the element's DOM-free modules
# (tests/e2e/unit/), and end-to-end tests over the demo, the fixture pages and the bundler apps
# (Playwright driving Chromium). Needs scripts/setup.sh; builds the wasm package itself and
# installs the bundlers (scripts/setup-bundlers.sh). Exits non-zero on any failure. The last
# line counts the tests that ran in both suites: "browser: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# wasm-bindgen-test-runner reads webdriver.json from the current directory for Chromium's flags.
echo "== wasm-bindgen-test (headless Chromium)"
set +e
cargo test --target wasm32-unknown-unknown --lib 2>&1 | tee "$logs/wasm.log"
wasm_status=${PIPESTATUS[0]}
set -e

echo "== building the wasm package for the end-to-end suite"
bash scripts/build-wasm.sh

bash scripts/setup-bundlers.sh

echo "== JavaScript suite: unit tests, then end-to-end (playwright-core + Chromium)"
mkdir -p tests/e2e/out
set +e
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/ 2>&1 | tee "$logs/e2e.log"
e2e_status=${PIPESTATUS[0]}
set -e

count() { { grep -Eo "$1" "$2" | grep -Eo '[0-9]+' || true; } | awk '{ n += $1 } END { print n + 0 }'; }
passed=$(( $(count '[0-9]+ passed;' "$logs/wasm.log") + $(count '^ℹ pass [0-9]+' "$logs/e2e.log") ))
failed=$(( $(count '[0-9]+ failed;' "$logs/wasm.log") + $(count '^ℹ fail [0-9]+' "$logs/e2e.log") ))
if [ "$wasm_status" -ne 0 ] || [ "$e2e_status" -ne 0 ]; then
    # A suite that failed before running counts as a failure even with nothing counted.
    [ "$failed" -gt 0 ] || failed=1
fi
echo "browser: $passed passed, $failed failed"
[ "$wasm_status" -eq 0 ] && [ "$e2e_status" -eq 0 ]
