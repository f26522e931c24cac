#!/usr/bin/env bash
# The ablation of docs/EXPERIMENTS.md, "A contextual tagger stacked on the CRF (issue 13)":
# the CRF's out-of-fold marginals, then each network variant over the same 5 folds, then the
# CRF's own rows and the ensembles. About an hour on one core; run under nice.
# Needs: cargo build --release --features train --bins; scripts/setup-train.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."

python=target/train-venv/bin/python
marginals=target/marginals
out=target/neural
mkdir -p "$out"

nice target/release/kashif train --folds 5 --marginals-out "$marginals"
nice "$python" scripts/neural/combine.py --marginals "$marginals"

run() {
    local name=$1
    shift
    nice "$python" scripts/neural/stack.py --marginals "$marginals" --epochs 6 --out "$out/$name" "$@"
}
run cv-m-seed0 --inputs marginals
run cv-mp-seed0 --inputs marginals,pipeline --final
run cv-mp-skip3-seed0 --inputs marginals,pipeline --pipeline-skip 3 --final
run cv-mp-skip3-e2-seed0 --inputs marginals,pipeline --pipeline-skip 3 --epochs 2
run cv-mp-skip3-seed1 --inputs marginals,pipeline --pipeline-skip 3 --seed 1
run cv-mp-skip3-h16-seed0 --inputs marginals,pipeline --pipeline-skip 3 --hidden 16
run cv-mp-skip3-h0-final-seed0 --inputs marginals,pipeline --pipeline-skip 3 --hidden 0 --final
run cv-mp-skip3-h0-seed1 --inputs marginals,pipeline --pipeline-skip 3 --hidden 0 --seed 1
run cv-mpc-skip3-h0-seed0 --inputs marginals,pipeline,clusters --pipeline-skip 3 --hidden 0
run cv-mpcca-skip3-h0-seed0 --inputs marginals,pipeline,clusters,chars,affixes --pipeline-skip 3 --hidden 0 --dropout 0.5
run cv-all-skip3-seed0 --pipeline-skip 3 --final
run cv-all-skip3-reg-seed0 --pipeline-skip 3 --epochs 3 --dropout 0.5 --word-dropout 0.5
run cv-alone-seed0 --inputs chars,words,affixes,clusters --final

# The plain ensemble: the CRF's marginals averaged with the independent network's.
nice "$python" scripts/neural/combine.py --marginals "$marginals" --probs "$out/cv-alone-seed0" \
    --weight 0.1 --weight 0.2 --weight 0.3 --weight 0.5

# Part 0 only (first tries, no pipeline skip; marginals + pipeline alone is part 0 of cv-mp-seed0):
# run f0-clusters --folds-only 0 --inputs marginals,pipeline,clusters
# run f0-chars --folds-only 0 --inputs marginals,pipeline,clusters,chars --dropout 0.5
# run f0-all-wd5 --folds-only 0 --dropout 0.5 --word-dropout 0.5
# run f0-all --folds-only 0 --epochs 8
