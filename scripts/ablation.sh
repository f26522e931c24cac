#!/usr/bin/env bash
# Reproduces the ablation table of docs/EXPERIMENTS.md: for each variant of `kashif train`, the 5-fold
# cross-validation F1 on ANERcorp train (contiguous parts, best O penalty) and AQMAR dev (what
# settings are chosen by), then the test-file scores of the model trained on all of it (which
# choose nothing), and the reference model. Every row but the perceptron's learns a CRF (the
# default). About 5 minutes on a 2-core machine.
# Usage: bash scripts/ablation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --features train --quiet
kashif=target/release/kashif
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

row() {
  local name=$1; shift
  local cv best
  cv=$("$kashif" train --folds 5 "$@" 2>/dev/null)
  # The O penalty with the best cross-validation F1, and AQMAR dev at that penalty.
  best=$(echo "$cv" | sed -n 's/^O penalty [^:]*: cv micro F1 \([0-9.]*\).*AQMAR dev \([0-9.]*\)$/\1 \2/p' | sort -rn | head -1)
  "$kashif" train --out "$out/model" "$@" 2>/dev/null
  local test aqmar
  test=$("$kashif" eval ../shared/data/anercorp/test.txt --model "$out/model" | awk '$1 == "micro" {print $4}')
  aqmar=$("$kashif" eval ../shared/data/aqmar/test.txt --model "$out/model" | awk '$1 == "micro" {print $4}')
  printf '| %s | `kashif train %s` | %s | %s | %s | %s |\n' "$name" "$*" ${best:-- -} "$test" "$aqmar"
}

echo "| model | command | CV ANERcorp train | AQMAR dev | ANERcorp test | AQMAR test |"
echo "|---|---|---|---|---|---|"
row "no word clusters, news only" --clusters none --adapt none
row "clusters, news only" --adapt none
row "clusters + AQMAR train pooled with the news" --adapt none --add aqmar/train.txt
row "clusters + AQMAR train as a second domain, target weight 0.25" --target-weight 0.25
row "clusters + AQMAR train as a second domain, target weight 1" --target-weight 1
row "clusters + AQMAR train as a second domain, target weight 0.75, weights under 1% pruned" --prune 0.01
row "shipped settings, averaged perceptron instead of the CRF (shipped before)" --learner perceptron
row "shipped settings + NewsFANEGold train as a third domain" --newsfane domain
row "**shipped**: CRF, clusters + AQMAR train as a second domain, target weight 0.75, weights under 3% pruned" 
# The last model trained is the shipped one: score it without the recurring-names pass.
micro() { "$kashif" eval "$1" --model "$out/model" --no-memory | awk '$1 == "micro" {print $4}'; }
printf '| shipped, recurring names off | `kashif eval --no-memory FILE` | - | - | %s | %s |\n' \
  "$(micro ../shared/data/anercorp/test.txt)" "$(micro ../shared/data/aqmar/test.txt)"
# The reference model for encyclopedic text: tuned on AQMAR dev (printed first by train).
"$kashif" train --genre reference --out "$out/reference" 2>"$out/reference.log"
reference() { "$kashif" eval "$1" --model "$out/reference" | awk '$1 == "micro" {print $4}'; }
printf '| reference model: AQMAR train as the target, ANERcorp train as the second domain, target weight 0.5 | `kashif train --genre reference` | - | %s | %s | %s |\n' \
  "$(awk '$1 == "micro" {print $4; exit}' "$out/reference.log")" \
  "$(reference ../shared/data/anercorp/test.txt)" "$(reference ../shared/data/aqmar/test.txt)"
