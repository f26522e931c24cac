#!/usr/bin/env bash
# Browser benchmark in headless Chromium: startup on the demo page (navigation to the first
# highlight and its breakdown by the kashif- performance measures, when each request of that path
# starts, what it downloads gzip and brotli), analyze throughput, highlight time for a
# 10,000-word article, one 150K-unit paragraph against the same text in paragraphs, and a 10 MB
# article through the element (time to first and last mark, long animation frames), as a page
# gets it and with off-screen rendering deferred. A script, not a test; figures go to stdout.
# BENCH_RUNS=N sets the number of page loads timed (default 7); BENCH_ONLY=startup runs the first
# part only, BENCH_ONLY=huge the last; BENCH_HUGE_MB=N sizes the article (default 10);
# BENCH_HUGE=plain|deferred runs one of its two runs. For the startup part: BENCH_BASELINE=DIR (another
# built checkout) alternates its demo page's loads with this one's and prints the paired
# difference; BENCH_NETWORK=MBPS/RTT_MS emulates a network (e.g. 20/40).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-wasm.sh
node tests/e2e/bench.mjs
