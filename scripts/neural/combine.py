"""The CRF's own rows from the marginal files, and ensembles of the CRF with networks.

Rows, each pooled over the parts of ANERcorp train with AQMAR dev pooled over the parts'
models (as `kashif train --folds` reports):
- `CRF pipeline`: kashif's whole pipeline (recurring names, clitic trimming), the tags
  `kashif train --folds` scores (so it must give the same micro F1);
- `CRF Viterbi`: the CRF's Viterbi tags alone;
- `CRF marginals, BIO decode`: the tag sequence of highest summed log-marginal under BIO;
- with `--probs DIR` (a stack.py run's output) and `--weight W`: the mean of the CRF's marginals
  (weight 1-W) and the network's probabilities (weight W), decoded under BIO.

Usage: python scripts/neural/combine.py --marginals target/marginals [--probs target/neural/X --weight 0.5]
"""

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402


def decode(prob_rows):
    return data.constrained_decode(np.log(np.clip(prob_rows, 1e-9, 1.0)))


def split(flat, sentences):
    out, at = [], 0
    for s in sentences:
        out.append(flat[at : at + len(s)])
        at += len(s)
    if at != len(flat):
        raise ValueError(f"{at} tokens in the sentences, {len(flat)} probability rows")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--marginals", required=True)
    parser.add_argument("--probs", help="a stack.py output folder (probs.npz)")
    parser.add_argument("--weight", type=float, action="append", help="the network's weight in the mean (repeatable)")
    args = parser.parse_args()
    train = data.read_marginals(os.path.join(args.marginals, "anercorp-train.tsv"))
    folds = sorted({s.fold for s in train})
    aqmar = {k: data.read_marginals(os.path.join(args.marginals, f"aqmar-dev.fold{k}.tsv")) for k in folds}
    held = {k: [s for s in train if s.fold == k] for k in folds}
    saved = np.load(os.path.join(args.probs, "probs.npz")) if args.probs else None

    rows = {
        "CRF pipeline": lambda sents, _: [s.pipeline for s in sents],
        "CRF Viterbi": lambda sents, _: [s.viterbi for s in sents],
        "CRF marginals, BIO decode": lambda sents, _: [decode(s.marginals) for s in sents],
    }
    for w in args.weight or []:
        def mix(sents, net, w=w):
            return [decode((1 - w) * s.marginals + w * p) for s, p in zip(sents, net)]

        rows[f"mean of CRF and network, weight {w}"] = mix
    results = {}
    for name, tagger in rows.items():
        cv, dev = data.Counts(), data.Counts()
        for k in folds:
            net_held = split(saved[f"train.fold{k}"], held[k]) if saved is not None else None
            net_dev = split(saved[f"aqmar-dev.fold{k}"], aqmar[k]) if saved is not None else None
            cv.add_sentences(held[k], tagger(held[k], net_held))
            dev.add_sentences(aqmar[k], tagger(aqmar[k], net_dev))
        results[name] = {"cv": cv.summary(), "aqmar_dev": round(dev.micro(), 4)}
        print(name, json.dumps(results[name]), flush=True)
    # The files of the model of all of ANERcorp train (the test files report only).
    for name in ["aqmar-dev", "anercorp-test", "aqmar-test"]:
        path = os.path.join(args.marginals, f"{name}.tsv")
        if not os.path.exists(path):
            continue
        sents = data.read_marginals(path)
        for row, tagger in [("CRF pipeline", rows["CRF pipeline"]), ("CRF marginals, BIO decode", rows["CRF marginals, BIO decode"])]:
            c = data.Counts()
            c.add_sentences(sents, tagger(sents, None))
            print(f"full model, {name}, {row}", json.dumps(c.summary()))
        if saved is not None and f"final.{name}" in saved:
            net = split(saved[f"final.{name}"], sents)
            for w in args.weight or []:
                c = data.Counts()
                c.add_sentences(sents, [decode((1 - w) * s.marginals + w * p) for s, p in zip(sents, net)])
                print(f"full model, {name}, mean with network weight {w}", json.dumps(c.summary()))


if __name__ == "__main__":
    main()
