"""Distilling multilingual-e5-small's layer-6 token states into a small student (issue 13).

Teacher: e5_states.py's layer-6 states (mean over a token's pieces) of unlabelled news
(news_tokens.py's files of the ANT corpus, in --news-dir as NAME.npz beside the TSVs in
--news-tsv). They are standardized per dim (news mean and spread) and reduced by a PCA fitted on
the news states to --pca dims; the student regresses those coefficients with MSE (which is the
squared error in the standardized space, inside the PCA's subspace). Only news text trains the
student: no ANERcorp or AQMAR token is read before --predict.

Student, per token, from the token alone (the same on news and on the marginal files):
- a character CNN (--char-dim embeddings, --char-filters filters of width 3, max-pooled) over
  the normalized word (diacritics and tatweel dropped, alef forms, ة -> ه, ى -> ي), marked at both
  ends;
- hashed embeddings (--buckets x --word-dim, one table) of the normalized word and of a bare
  form (a proclitic prefix stripped where the rest is a word of models/clusters.tsv);
- the bare form's Brown cluster path prefixes (4, 8, 12, 20 bits; --cluster-dim each summed);
- then a 1-layer BiLSTM (--hidden per direction) and a linear map to the --pca coefficients.

--predict writes, for each marginal file NAME, --out/NAME.npz in e5_states.py's format (key
`layer6`, float16, tokens x 384: the student's coefficients mapped back through the PCA and the
standardization), so that stack.py reads them with --e5-dir --out --e5-layer 6. --teacher-pca
DIR also writes the teacher's own states of the marginal files (from --teacher-dir) through the
same PCA, to separate the PCA's loss from the student's.

Deterministic: fixed seeds, --threads CPU threads (2 by default).

usage: target/train-venv/bin/python scripts/neural/distill.py --news-tsv target/news \
    --news-dir target/e5-news --files news0,...,news9 --valid news9 --out target/e5-student \
    --teacher-pca target/e5-pca --marginals target/marginals
"""

import argparse
import os
import re
import sys
import time
import zlib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import e5_states as e5s  # noqa: E402

DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
PREFIXES = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل"]
MARGINAL_FILES = ["anercorp-train", "aqmar-dev", "anercorp-test", "aqmar-test"]


def normalize(token):
    w = DIACRITICS.sub("", token)
    w = re.sub("[أإآٱ]", "ا", w)
    return w.replace("ة", "ه").replace("ى", "ي")


def stable_hash(text, salt):
    return zlib.crc32(f"{salt}\x00{text}".encode("utf-8"))


class Featurizer:
    def __init__(self, clusters, buckets, max_chars=20):
        self.clusters = clusters
        self.buckets = buckets
        self.max_chars = max_chars
        self.chars = {}
        self.keys = {}
        self.cache = {}

    def bare(self, w):
        if w in self.clusters:
            return w
        for p in PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 2 and w[len(p):] in self.clusters:
                return w[len(p):]
        return w

    def token(self, tok, grow):
        hit = self.cache.get(tok)
        if hit is not None:
            return hit
        w = normalize(tok)
        b = self.bare(w)
        words = [1 + stable_hash(w, "w") % (self.buckets - 1), 1 + stable_hash(b, "b") % (self.buckets - 1)]
        path = self.clusters.get(b)
        clusters = []
        for length in (4, 8, 12, 20):
            key = f"{length}:{path[:length]}" if path is not None else f"{length}:none"
            if key not in self.keys and grow:
                self.keys[key] = len(self.keys) + 2
            clusters.append(self.keys.get(key, 1))
        chars = []
        for c in w[: self.max_chars - 2]:
            if c not in self.chars and grow:
                self.chars[c] = len(self.chars) + 3
            chars.append(self.chars.get(c, 1))
        chars = [2] + chars + [2]  # 2 marks the word's two ends
        out = (words, clusters, chars)
        if grow or len(self.cache) < 500000:
            self.cache[tok] = out
        return out

    def sentence(self, tokens, grow):
        n = len(tokens)
        words = np.zeros((n, 2), np.int64)
        clusters = np.zeros((n, 4), np.int64)
        chars = np.zeros((n, self.max_chars), np.int64)
        for i, t in enumerate(tokens):
            wd, cl, ch = self.token(t, grow)
            words[i] = wd
            clusters[i] = cl
            chars[i, : len(ch)] = ch
        return words, clusters, chars


def read_tokens(path):
    """Sentences (lists of tokens) of a marginal-format file."""
    sents, cur = [], []
    with open(path, encoding="utf-8") as f:
        f.readline()
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            cur.append(line.split("\t", 1)[0])
    if cur:
        sents.append(cur)
    return sents


def build(torch, args, n_chars, n_keys):
    nn = torch.nn

    class Student(nn.Module):
        def __init__(self):
            super().__init__()
            self.word_emb = nn.Embedding(args.buckets, args.word_dim, padding_idx=0)
            self.cluster_emb = nn.Embedding(n_keys, args.cluster_dim, padding_idx=0)
            self.char_emb = nn.Embedding(n_chars, args.char_dim, padding_idx=0)
            self.char_cnn = nn.Conv1d(args.char_dim, args.char_filters, kernel_size=3, padding=1)
            size = 2 * args.word_dim + args.cluster_dim + args.char_filters
            self.input_size = size
            self.drop = nn.Dropout(args.dropout)
            self.lstm = nn.LSTM(size, args.hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * args.hidden + size, args.pca)

        def forward(self, words, clusters, chars, lengths):
            B, T, C = chars.shape
            w = self.word_emb(words).reshape(B, T, -1)
            c = self.cluster_emb(clusters).sum(dim=2)
            ch = self.char_emb(chars.reshape(B * T, C)).transpose(1, 2)
            ch = torch.relu(self.char_cnn(ch))
            ch = ch.masked_fill((chars.reshape(B * T, 1, C) == 0), 0.0).max(dim=2).values.reshape(B, T, -1)
            x = self.drop(torch.cat([w, c, ch], dim=2))
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=T)
            return self.out(torch.cat([self.drop(h), x], dim=2))

    return Student()


def batches(feats, targets, order, size_tokens):
    batch, n = [], 0
    for i in order:
        batch.append(i)
        n += len(feats[i][0])
        if n >= size_tokens:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch


def collate(torch, feats, idx, targets=None, k=0):
    T = max(len(feats[i][0]) for i in idx)
    B = len(idx)
    C = feats[idx[0]][2].shape[1]
    words = np.zeros((B, T, 2), np.int64)
    clusters = np.zeros((B, T, 4), np.int64)
    chars = np.zeros((B, T, C), np.int64)
    y = np.zeros((B, T, k), np.float32) if targets is not None else None
    mask = np.zeros((B, T), np.float32)
    lengths = np.zeros(B, np.int64)
    for j, i in enumerate(idx):
        n = len(feats[i][0])
        words[j, :n], clusters[j, :n], chars[j, :n] = feats[i]
        mask[j, :n] = 1
        lengths[j] = n
        if y is not None:
            y[j, :n] = targets[i]
    t = torch.from_numpy
    return t(words), t(clusters), t(chars), t(lengths), t(mask), (t(y) if y is not None else None)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--news-tsv", default="target/news")
    p.add_argument("--news-dir", default="target/e5-news")
    p.add_argument("--files", required=True)
    p.add_argument("--valid", default="", help="news files held out for the validation loss")
    p.add_argument("--layer", type=int, default=6)
    p.add_argument("--pca", type=int, default=128)
    p.add_argument("--buckets", type=int, default=16384)
    p.add_argument("--word-dim", type=int, default=32)
    p.add_argument("--cluster-dim", type=int, default=16)
    p.add_argument("--char-dim", type=int, default=16)
    p.add_argument("--char-filters", type=int, default=64)
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--batch-tokens", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--clusters", default="models/clusters.tsv")
    p.add_argument("--marginals", default="target/marginals")
    p.add_argument("--out", default="target/e5-student")
    p.add_argument("--teacher-dir", default="target/e5")
    p.add_argument("--teacher-pca", default="", help="also write the teacher's marginal-file states through the PCA here")
    p.add_argument("--predict", default=",".join(MARGINAL_FILES))
    a = p.parse_args()

    import torch

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    key = f"layer{a.layer}"
    started = time.time()

    files = [f for f in a.files.split(",") if f]
    valid = set(f for f in a.valid.split(",") if f)
    sents, states, is_valid = [], [], []
    for name in files:
        ss = read_tokens(os.path.join(a.news_tsv, f"{name}.tsv"))
        with np.load(os.path.join(a.news_dir, f"{name}.npz")) as z:
            assert list(z["lengths"]) == [len(s) for s in ss], name
            arr = z[key]
        row = 0
        for s in ss:
            sents.append(s)
            states.append(arr[row : row + len(s)])
            is_valid.append(name in valid)
            row += len(s)
    train_rows = np.concatenate([st for st, v in zip(states, is_valid) if not v]).astype(np.float32)
    mean = train_rows.mean(axis=0, dtype=np.float64).astype(np.float32)
    std = train_rows.std(axis=0, dtype=np.float64).astype(np.float32) + 1e-6
    sample = train_rows[rng.choice(len(train_rows), min(len(train_rows), 300000), replace=False)]
    z = (sample - mean) / std
    cov = (z.T.astype(np.float64) @ z) / len(z)
    evals, evecs = np.linalg.eigh(cov)
    order = np.argsort(evals)[::-1]
    evals, evecs = evals[order], evecs[:, order]
    V = evecs[:, : a.pca].astype(np.float32)  # 384 x K
    kept = evals[: a.pca].sum() / evals.sum()
    n_train_tok = len(train_rows)
    del train_rows, sample, z
    targets = [((st.astype(np.float32) - mean) / std) @ V for st in states]
    print(f"{len(sents)} news sentences ({n_train_tok} training tokens); PCA {a.pca} of 384 keeps {kept:.4f} of the standardized variance; {time.time() - started:.0f} s", flush=True)

    clusters = data.load_clusters(a.clusters)
    fz = Featurizer(clusters, a.buckets)
    feats = [fz.sentence(s, grow=not v) for s, v in zip(sents, is_valid)]
    model = build(torch, a, len(fz.chars) + 3, len(fz.keys) + 2)
    n_params = sum(x.numel() for x in model.parameters())
    emb = model.word_emb.weight.numel() + model.cluster_emb.weight.numel() + model.char_emb.weight.numel()
    mean_chars = float(np.mean([min(len(normalize(t)), 18) + 2 for s in sents[:5000] for t in s]))
    macs = int(mean_chars * 3 * a.char_dim * a.char_filters + 2 * 4 * a.hidden * (model.input_size + a.hidden) + (2 * a.hidden + model.input_size) * a.pca)
    print(f"student: {n_params} parameters ({emb} in embedding tables), {macs} multiply-adds a token (mean {mean_chars:.1f} char positions); {len(fz.chars)} chars, {len(fz.keys)} cluster keys", flush=True)

    tr = [i for i, v in enumerate(is_valid) if not v]
    va = [i for i, v in enumerate(is_valid) if v]
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    total_steps = a.epochs * (sum(len(sents[i]) for i in tr) // a.batch_tokens + 1)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.05, 1 - s / total_steps))
    var_total = float(evals[: a.pca].sum())

    def evaluate(idx):
        model.eval()
        se, n = 0.0, 0
        with torch.no_grad():
            for b in batches(feats, targets, sorted(idx, key=lambda i: len(sents[i])), 4000):
                w, c, ch, ln, m, y = collate(torch, feats, b, targets, a.pca)
                pred = model(w, c, ch, ln)
                se += float((((pred - y) ** 2).sum(dim=2) * m).sum())
                n += float(m.sum())
        model.train()
        return se / n

    for epoch in range(a.epochs):
        t0 = time.time()
        perm = rng.permutation(tr)
        # buckets of similar lengths, shuffled
        chunks = [sorted(perm[i : i + 2000], key=lambda j: len(sents[j])) for i in range(0, len(perm), 2000)]
        bl = [b for ch in chunks for b in batches(feats, targets, ch, a.batch_tokens)]
        bl = [bl[i] for i in rng.permutation(len(bl))]
        se, n = 0.0, 0
        for b in bl:
            w, c, ch, ln, m, y = collate(torch, feats, b, targets, a.pca)
            pred = model(w, c, ch, ln)
            loss = (((pred - y) ** 2).sum(dim=2) * m).sum() / m.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            se += loss.item() * float(m.sum())
            n += float(m.sum())
        msg = f"epoch {epoch + 1}: train mse {se / n:.2f} (of {var_total:.1f} total variance, R2 {1 - se / n / var_total:.3f})"
        if va:
            v = evaluate(va)
            msg += f"; valid mse {v:.2f} (R2 {1 - v / var_total:.3f})"
        print(msg + f"; {time.time() - t0:.0f} s", flush=True)

    os.makedirs(a.out, exist_ok=True)
    torch.save({"model": model.state_dict(), "mean": mean, "std": std, "V": V, "chars": fz.chars, "keys": fz.keys, "args": vars(a)}, os.path.join(a.out, "student.pt"))
    model.eval()
    for name in [f for f in a.predict.split(",") if f]:
        ms = data.read_marginals(os.path.join(a.marginals, f"{name}.tsv"))
        fs = [fz.sentence(s.tokens, grow=False) for s in ms]
        preds = [None] * len(ms)
        with torch.no_grad():
            for b in batches(fs, None, sorted(range(len(ms)), key=lambda i: len(ms[i])), 4000):
                w, c, ch, ln, m, _ = collate(torch, fs, b)
                out = model(w, c, ch, ln).numpy()
                for j, i in enumerate(b):
                    preds[i] = out[j, : len(ms[i])]
        coef = np.concatenate(preds)
        states_out = ((coef @ V.T) * std + mean).astype(np.float16)
        lengths = np.array([len(s) for s in ms], dtype=np.int64)
        checksum = np.int64(e5s.tokens_checksum(ms))
        np.savez(os.path.join(a.out, f"{name}.npz"), lengths=lengths, checksum=checksum, **{key: states_out})
        msg = f"{name}: {len(coef)} tokens -> {a.out}"
        tpath = os.path.join(a.teacher_dir, f"{name}.npz")
        if os.path.exists(tpath):
            with np.load(tpath) as zt:
                teacher = ((zt[key].astype(np.float32) - mean) / std) @ V
            r2 = 1 - ((coef - teacher) ** 2).sum() / ((teacher - teacher.mean(axis=0)) ** 2).sum()
            msg += f"; R2 against the teacher's PCA coefficients {r2:.3f}"
            if a.teacher_pca:
                os.makedirs(a.teacher_pca, exist_ok=True)
                np.savez(os.path.join(a.teacher_pca, f"{name}.npz"), lengths=lengths, checksum=checksum, **{key: ((teacher @ V.T) * std + mean).astype(np.float16)})
        print(msg, flush=True)
    print(f"done in {time.time() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
