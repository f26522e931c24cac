#!/usr/bin/env bash
# Every test, on a fresh Debian machine with Rust: installs what is missing (scripts/setup.sh),
# runs the native suite (unit, property, CLI and data-driven tests, doc tests), then the browser
# suites (scripts/test-browser.sh). Exits non-zero on any failure; the last line counts every
# test that ran: "all: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

echo "== native tests (cargo test)"
set +e
cargo test --all-targets --all-features 2>&1 | tee "$logs/native.log"
native_status=${PIPESTATUS[0]}
cargo test --doc --all-features 2>&1 | tee -a "$logs/native.log"
doc_status=${PIPESTATUS[0]}
bash scripts/test-browser.sh 2>&1 | tee "$logs/browser.log"
browser_status=${PIPESTATUS[0]}
set -e

sum() { { grep -Eo "$1" "$2" | grep -Eo '^[0-9]+' || true; } | awk '{ n += $1 } END { print n + 0 }'; }
native_passed=$(sum '[0-9]+ passed;' "$logs/native.log")
native_failed=$(sum '[0-9]+ failed;' "$logs/native.log")
browser_line=$(grep -E '^browser: [0-9]+ passed, [0-9]+ failed' "$logs/browser.log" | tail -n 1 || true)
browser_passed=$(echo "$browser_line" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)
browser_failed=$(echo "$browser_line" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || echo 0)
failed=$((native_failed + browser_failed))
if [ "$native_status" -ne 0 ] || [ "$doc_status" -ne 0 ] || [ "$browser_status" -ne 0 ]; then
    [ "$failed" -gt 0 ] || failed=1
fi
echo "native: $native_passed passed, $native_failed failed"
echo "all: $((native_passed + browser_passed)) passed, $failed failed"
[ "$native_status" -eq 0 ] && [ "$doc_status" -eq 0 ] && [ "$browser_status" -eq 0 ]
