"""A small BiLSTM tagger over kashif's CRF marginals, measured by the CRF's own folds.

Inputs per token (each can be left out with --inputs): the CRF's out-of-fold tag marginals and
their logarithms (`marginals`), the tag of kashif's whole pipeline over the same CRF, one-hot
(`pipeline`: recurring names and clitic trimming), a character CNN over the normalized word (`chars`), hashed
embeddings of the normalized word and of its clitic-stripped form learnt from scratch
(`words`), hashed embeddings of two- and three-letter prefixes and suffixes (`affixes`) and of
the Brown cluster path prefixes of models/clusters.tsv (`clusters`), and frozen multilingual USE v3
piece vectors of the token (`use`: 512-d, from use_vectors.py, through a learnt linear map to
--use-dim), and frozen contextual states of multilingual-e5-small (`e5`: 384-d per token, one
layer's, from e5_states.py, standardized, through a learnt linear map to --e5-dim). A BiLSTM
over them, then a softmax over the nine BIO tags, decoded under the BIO constraints. With `marginals`, the CRF's
log-marginals are also added to the logits (times a learnt factor, starting at 1), so that the
network starts from the CRF's answer and learns corrections to it.

Cross-validation: for each part k of ANERcorp train, the network is trained on the other parts
(their CRF marginals out of fold) and tags part k; AQMAR dev is tagged by the same network
over the marginals of the CRF of part k (aqmar-dev.fold{k}.tsv); entity counts are pooled over
the parts, as `kashif train --folds` pools them. With --final the network is also trained on
all of ANERcorp train and tags aqmar-dev.tsv and the test files (the test files report only).

Deterministic: fixed seeds, torch.use_deterministic_algorithms(True), a fixed thread count.
Usage: target/train-venv/bin/python scripts/neural/stack.py --marginals target/marginals \
           --out target/neural/stack-seed0 [--inputs ...] [--seed 0]
"""

import argparse
import json
import os
import sys
import time
import zlib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402

ALL_INPUTS = ["marginals", "pipeline", "chars", "words", "affixes", "clusters", "use", "e5"]
# Inputs that --inputs leaves out unless named (the default stays the earlier ablation's).
OPTIONAL_INPUTS = {"use", "e5"}
E5_DIM = 384


def stable_hash(text, salt):
    return zlib.crc32(f"{salt}\x00{text}".encode("utf-8"))


class Featurizer:
    """Turns sentences into index and value arrays for the network."""

    def __init__(self, clusters, word_buckets, affix_buckets, max_chars=20, use_index=None, use_form="token"):
        self.clusters = clusters
        self.use_index = use_index or {}
        self.use_form = use_form
        # --use-oov-only: the parts of ANERcorp train each form occurs in, and for each
        # sentence (by id) the part whose CRF did not see it (None: a CRF of all parts).
        self.use_where = None
        self.crf_part = {}
        self.use_oov = False  # --use-oov-only: zero the vector of words the CRF saw
        # `e5`: each sentence's (by id) token states, float16 (n x 384), standardized with
        # (mean, std); with e5_oov the states of words the CRF saw are zeroed.
        self.e5_states = None
        self.e5_norm = None
        self.e5_oov = False
        self.word_buckets = word_buckets
        self.affix_buckets = affix_buckets
        self.max_chars = max_chars
        self.cluster_prefixes = {}
        self.chars = {}

    def char_index(self, c, grow):
        if c not in self.chars:
            if not grow:
                return 1  # unknown
            self.chars[c] = len(self.chars) + 2
        return self.chars[c]

    def cluster_index(self, key, grow):
        if key not in self.cluster_prefixes:
            if not grow:
                return 1
            self.cluster_prefixes[key] = len(self.cluster_prefixes) + 2
        return self.cluster_prefixes[key]

    def features(self, sentence, grow):
        n = len(sentence)
        words = np.zeros((n, 2), dtype=np.int64)
        affixes = np.zeros((n, 4), dtype=np.int64)
        clusters = np.zeros((n, 4), dtype=np.int64)
        chars = np.zeros((n, self.max_chars), dtype=np.int64)
        forms = {"token": sentence.tokens, "word": sentence.words, "bare": sentence.bares}[self.use_form]
        use = np.array([self.use_index.get(w, 0) for w in forms], dtype=np.int64)  # 0: no vector
        unseen = np.ones(n, dtype=np.float32)
        if self.use_where is not None:
            # Keep the vector only where the CRF behind this sentence's marginals never saw the
            # word in its ANERcorp training parts; elsewhere its marginals already carry it.
            part = self.crf_part.get(id(sentence))
            for i, w in enumerate(forms):
                parts = self.use_where.get(w, ())
                if any(p != part for p in parts) if part is not None else parts:
                    if self.use_oov:
                        use[i] = 0
                    unseen[i] = 0.0
        for i, (word, bare) in enumerate(zip(sentence.words, sentence.bares)):
            words[i, 0] = 1 + stable_hash(word, "w") % (self.word_buckets - 1)
            words[i, 1] = 1 + stable_hash(bare, "b") % (self.word_buckets - 1)
            for j, affix in enumerate([bare[:2], bare[:3], bare[-2:], bare[-3:]]):
                affixes[i, j] = 1 + stable_hash(affix, f"a{j}") % (self.affix_buckets - 1)
            path = self.clusters.get(bare)
            for j, length in enumerate([4, 8, 12, 20]):
                key = f"{length}:{path[:length]}" if path is not None else f"{length}:none"
                clusters[i, j] = self.cluster_index(key, grow)
            text = word[: self.max_chars - 2]
            indices = [0] + [self.char_index(c, grow) for c in text]
            chars[i, : len(indices)] = indices
            # 0 pads; the word's start and end are marked by pads on both sides of the CNN.
        marginals = sentence.marginals
        log_marginals = np.log(np.clip(marginals, 1e-6, 1.0)) / np.log(1e6)
        dense = np.concatenate([marginals, log_marginals], axis=1).astype(np.float32)
        pipeline = np.zeros((n, len(data.TAGS)), dtype=np.float32)
        pipeline[np.arange(n), [data.TAG_INDEX[data.canonical_tag(t)] for t in sentence.pipeline]] = 1.0
        out = {"words": words, "affixes": affixes, "clusters": clusters, "chars": chars, "use": use, "unseen": unseen[:, None], "dense": dense, "pipeline": pipeline}
        if self.e5_states is not None:
            mean, std = self.e5_norm
            e5 = (self.e5_states[id(sentence)].astype(np.float32) - mean) / std
            if self.e5_oov:
                e5 = e5 * unseen[:, None]
            out["e5"] = e5
        return out


def build_model(torch, args, n_chars, n_clusters, use_vectors=None):
    nn = torch.nn
    inputs = set(args.inputs)

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            size = 0
            if "marginals" in inputs:
                size += 18
            if "pipeline" in inputs:
                size += len(data.TAGS)
            if "words" in inputs:
                self.word_emb = nn.Embedding(args.word_buckets, args.word_dim, padding_idx=0)
                size += 2 * args.word_dim
            if "affixes" in inputs:
                self.affix_emb = nn.Embedding(args.affix_buckets, args.affix_dim, padding_idx=0)
                size += args.affix_dim
            if "clusters" in inputs:
                self.cluster_emb = nn.Embedding(n_clusters, args.cluster_dim, padding_idx=0)
                size += args.cluster_dim
            if "use" in inputs:
                # Frozen (a buffer, not a parameter): row 0 is zeros for a word without a vector.
                self.register_buffer("use_table", torch.from_numpy(use_vectors))
                # With --use-oov-only, a 0/1 flag of the word being new to the CRF comes too.
                use_size = use_vectors.shape[1] + (1 if args.use_oov_only else 0)
                if args.use_dim > 0:
                    self.use_proj = nn.Linear(use_size, args.use_dim)
                    size += args.use_dim
                else:
                    self.use_proj = None
                    size += use_size
            if "e5" in inputs:
                # Precomputed per-token states (features, not parameters); with --e5-oov-only,
                # the 0/1 flag of the word being new to the CRF comes too.
                e5_size = E5_DIM + (1 if args.e5_oov_only else 0)
                if args.e5_dim > 0:
                    self.e5_proj = nn.Linear(e5_size, args.e5_dim)
                    size += args.e5_dim
                else:
                    self.e5_proj = None
                    size += e5_size
            if "chars" in inputs:
                self.char_emb = nn.Embedding(n_chars, args.char_dim, padding_idx=0)
                self.char_cnn = nn.Conv1d(args.char_dim, args.char_filters, kernel_size=3, padding=1)
                size += args.char_filters
            self.input_size = size
            self.dropout = nn.Dropout(args.dropout)
            # --hidden 0: no BiLSTM, only the skip connections and the CRF layer (a recalibration
            # of the CRF's outputs, a few hundred parameters).
            # With inputs beyond the CRF's, --hidden 0 maps them to the scores by a linear layer
            # per token (no context).
            self.lstm = nn.LSTM(size, args.hidden, batch_first=True, bidirectional=True) if args.hidden > 0 else None
            if args.hidden > 0:
                self.out = nn.Linear(2 * args.hidden, len(data.TAGS))
            elif set(inputs) - {"marginals", "pipeline"}:
                self.out = nn.Linear(size, len(data.TAGS))
            else:
                self.out = None
            self.crf = crf_layer(torch, len(data.TAGS)) if args.output == "crf" else None
            if "pipeline" in inputs and args.pipeline_skip > 0:
                # The pipeline's tag, one-hot, straight to the logits too (from a learnt 9 x 9
                # map starting at `pipeline_skip` times the identity).
                self.pipe_skip = nn.Linear(len(data.TAGS), len(data.TAGS), bias=False)
                with torch.no_grad():
                    self.pipe_skip.weight.copy_(torch.eye(len(data.TAGS)) * args.pipeline_skip)
            else:
                self.pipe_skip = None
            if "marginals" in inputs:
                # The CRF's log-marginals pass straight to the logits (scaled by a learnt factor):
                # the network starts from the CRF's answer and learns corrections to it.
                self.skip = nn.Parameter(torch.ones(1))

        def forward(self, batch):
            # The CRF's inputs are not dropped out; the learnt representations are.
            kept, parts = [], []
            if self.training and args.word_dropout > 0:
                # Whole tokens' learnt word, affix and character inputs dropped at once, so the
                # network cannot lean on memorised training words against the CRF's evidence.
                b, t = batch["words"].shape[:2]
                drop = torch.rand(b, t) < args.word_dropout
                batch = dict(batch)
                for key in ["words", "affixes", "chars", "use"] + (["e5"] if "e5" in batch else []):
                    batch[key] = batch[key].masked_fill(drop.view(b, t, *([1] * (batch[key].dim() - 2))), 0)
            if "marginals" in inputs:
                kept.append(batch["dense"])
            if "pipeline" in inputs:
                kept.append(batch["pipeline"])
            if "words" in inputs:
                w = self.word_emb(batch["words"])  # (B, T, 2, D)
                parts.append(w.flatten(2))
            if "affixes" in inputs:
                parts.append(self.affix_emb(batch["affixes"]).sum(2))
            if "clusters" in inputs:
                parts.append(self.cluster_emb(batch["clusters"]).sum(2))
            if "use" in inputs:
                u = self.use_table[batch["use"]] * args.use_scale
                if args.use_oov_only:
                    u = torch.cat([u, batch["unseen"]], dim=2)
                parts.append(self.use_proj(u) if self.use_proj is not None else u)
            if "e5" in inputs:
                e = batch["e5"]
                if args.e5_oov_only:
                    e = torch.cat([e, batch["unseen"]], dim=2)
                parts.append(self.e5_proj(e) if self.e5_proj is not None else e)
            if "chars" in inputs:
                b, t, c = batch["chars"].shape
                e = self.char_emb(batch["chars"].view(b * t, c)).transpose(1, 2)  # (BT, E, C)
                h = torch.relu(self.char_cnn(e)).max(dim=2).values
                parts.append(h.view(b, t, -1))
            x = torch.cat(kept + ([self.dropout(torch.cat(parts, dim=2))] if parts else []), dim=2)
            if self.lstm is not None:
                packed = nn.utils.rnn.pack_padded_sequence(x, batch["lengths"], batch_first=True, enforce_sorted=False)
                h, _ = self.lstm(packed)
                h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
                logits = self.out(self.dropout(h))
            elif self.out is not None:
                logits = self.out(x)
            else:
                logits = torch.zeros(x.shape[0], x.shape[1], len(data.TAGS))
            if self.pipe_skip is not None:
                logits = logits + self.pipe_skip(batch["pipeline"])
            if "marginals" in inputs:
                logits = logits + self.skip * batch["dense"][:, :, len(data.TAGS) :] * np.log(1e6)
            return logits

    return Tagger()


def crf_layer(torch, n_tags):
    """A linear-chain CRF over the network's scores, BIO-forbidden transitions masked: the
    sentence log-likelihood for training, Viterbi for tagging."""
    nn = torch.nn
    allowed = torch.from_numpy(data.ALLOWED)  # (10, 9): row 9 is the sentence start

    class Crf(nn.Module):
        def __init__(self):
            super().__init__()
            self.transitions = nn.Parameter(torch.zeros(n_tags, n_tags))
            self.start = nn.Parameter(torch.zeros(n_tags))
            self.register_buffer("mask_trans", torch.where(allowed[:n_tags], 0.0, -1e4))
            self.register_buffer("mask_start", torch.where(allowed[n_tags], 0.0, -1e4))

        def nll(self, emissions, tags, lengths):
            """Summed negative log-likelihood of the gold tags (padding is tag -100)."""
            b, t, k = emissions.shape
            trans = self.transitions + self.mask_trans
            start = self.start + self.mask_start
            mask = torch.arange(t)[None, :] < lengths[:, None]  # (B, T)
            gold = tags.clamp(min=0)
            # Gold path score.
            emit = emissions.gather(2, gold.unsqueeze(2)).squeeze(2)  # (B, T)
            score = start[gold[:, 0]] + (emit * mask).sum(1)
            pair = trans[gold[:, :-1], gold[:, 1:]]  # (B, T-1)
            score = score + (pair * mask[:, 1:]).sum(1)
            # Partition function.
            alpha = start[None, :] + emissions[:, 0]
            for i in range(1, t):
                nxt = torch.logsumexp(alpha[:, :, None] + trans[None], dim=1) + emissions[:, i]
                alpha = torch.where(mask[:, i : i + 1], nxt, alpha)
            return (torch.logsumexp(alpha, dim=1) - score).sum()

        def marginals(self, emissions, lengths):
            """Per-token tag marginals (forward-backward), (B, T, K)."""
            b, t, k = emissions.shape
            trans = self.transitions + self.mask_trans
            start = self.start + self.mask_start
            mask = torch.arange(t)[None, :] < lengths[:, None]
            alphas = [start[None, :] + emissions[:, 0]]
            for i in range(1, t):
                nxt = torch.logsumexp(alphas[-1][:, :, None] + trans[None], dim=1) + emissions[:, i]
                alphas.append(torch.where(mask[:, i : i + 1], nxt, alphas[-1]))
            betas = [torch.zeros(b, k)] * t
            for i in range(t - 2, -1, -1):
                nxt = torch.logsumexp(trans[None] + (emissions[:, i + 1] + betas[i + 1])[:, None, :], dim=2)
                betas[i] = torch.where(mask[:, i + 1 : i + 2], nxt, betas[i + 1])
            a = torch.stack(alphas, 1)
            bt = torch.stack(betas, 1)
            joint = a + bt
            return torch.softmax(joint, dim=2)

    return Crf()


def collate(torch, items):
    lengths = [it["n"] for it in items]
    t = max(lengths)
    b = len(items)
    out = {"lengths": torch.tensor(lengths, dtype=torch.int64)}
    for key in ["words", "affixes", "clusters", "chars", "use", "unseen", "dense", "pipeline"] + (["e5"] if "e5" in items[0] else []):
        first = items[0][key]
        shape = (b, t) + first.shape[1:]
        arr = np.zeros(shape, dtype=first.dtype)
        for i, it in enumerate(items):
            arr[i, : it["n"]] = it[key]
        out[key] = torch.from_numpy(arr)
    tags = np.full((b, t), -100, dtype=np.int64)
    for i, it in enumerate(items):
        tags[i, : it["n"]] = it["tags"]
    out["tags"] = torch.from_numpy(tags)
    return out


def encode(featurizer, sentences, grow):
    items = []
    for s in sentences:
        f = featurizer.features(s, grow)
        f["n"] = len(s)
        f["tags"] = np.array(data.target_indices(s.gold), dtype=np.int64)
        items.append(f)
    return items


def length_batches(rng, items, batch):
    """One epoch's batches of item indices, of similar lengths: a random order, sorted within
    windows of 20 batches, then the batches shuffled."""
    order = rng.permutation(len(items))
    window = batch * 20
    batches = []
    for w in range(0, len(order), window):
        chunk = sorted(order[w : w + window], key=lambda i: items[i]["n"])
        batches.extend(chunk[j : j + batch] for j in range(0, len(chunk), batch))
    rng.shuffle(batches)
    return batches


def train_and_predict(torch, args, clusters, train_sentences, predict_sets, seed, log, use=None, oov=None, e5=None, soft=None):
    """Trains a network on `train_sentences`; returns its tag probabilities for each list of
    sentences in `predict_sets`, and facts about it. With `soft` (one (n, 9) array of target tag
    probabilities a training sentence) and --output softmax, the loss is the cross-entropy to
    those instead of to the gold tags."""
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    use_index, use_vectors = use if use is not None else (None, None)
    featurizer = Featurizer(clusters, args.word_buckets, args.affix_buckets, use_index=use_index, use_form=args.use_form)
    if oov is not None:
        featurizer.use_where, featurizer.crf_part = oov
        featurizer.use_oov = "use" in args.inputs and args.use_oov_only
    if e5 is not None:
        featurizer.e5_states, featurizer.e5_norm = e5
        featurizer.e5_oov = args.e5_oov_only
    train_items = encode(featurizer, train_sentences, grow=True)
    if soft is not None:
        if args.output != "softmax":
            raise ValueError("soft targets need --output softmax")
        for item, target in zip(train_items, soft, strict=True):
            item["soft"] = target.astype(np.float32)
    model = build_model(
        torch, args, n_chars=len(featurizer.chars) + 2, n_clusters=len(featurizer.cluster_prefixes) + 2, use_vectors=use_vectors
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = (len(train_items) + args.batch - 1) // args.batch
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch, pct_start=0.1
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100, reduction="sum")
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        batches = length_batches(rng, train_items, args.batch)
        total, tokens = 0.0, 0
        for indices in batches:
            chunk = [train_items[i] for i in indices]
            batch = collate(torch, chunk)
            logits = model(batch)
            if soft is not None:
                target = np.zeros(tuple(logits.shape), dtype=np.float32)
                for i, it in enumerate(chunk):
                    target[i, : it["n"]] = it["soft"]
                loss = -(torch.from_numpy(target) * torch.log_softmax(logits, dim=-1)).sum()
            elif model.crf is not None:
                loss = model.crf.nll(logits, batch["tags"], batch["lengths"])
            else:
                loss = loss_fn(logits.reshape(-1, logits.shape[-1]), batch["tags"].reshape(-1))
            n = int(batch["lengths"].sum())
            optimizer.zero_grad()
            (loss / n).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            scheduler.step()
            total += float(loss.detach())
            tokens += n
        log(f"  epoch {epoch + 1}/{args.epochs}: loss {total / tokens:.4f} ({time.time() - started:.0f} s)")
    train_seconds = time.time() - started
    model.eval()
    outputs = []
    with torch.no_grad():
        if model.crf is not None:
            transitions = model.crf.transitions.numpy()
            start = model.crf.start.numpy()
        for sentences in predict_sets:
            items = encode(featurizer, sentences, grow=False)
            probs, tags = [], []
            for j in range(0, len(items), 64):
                chunk = items[j : j + 64]
                batch = collate(torch, chunk)
                logits = model(batch)
                if model.crf is not None:
                    p = model.crf.marginals(logits, batch["lengths"]).numpy()
                    e = logits.numpy()
                    tags.extend(data.constrained_decode(e[i, : it["n"]], transitions, start) for i, it in enumerate(chunk))
                else:
                    p = torch.softmax(logits, dim=-1).numpy()
                    tags.extend(decode(p[i, : it["n"]]) for i, it in enumerate(chunk))
                probs.extend(p[i, : it["n"]] for i, it in enumerate(chunk))
            outputs.append((probs, tags))
    facts = {
        "train_seconds": round(train_seconds, 1),
        # Learnt parameters; the frozen USE table is a buffer, counted apart.
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "frozen": int(sum(b.numel() for name, b in model.named_buffers() if name == "use_table")),
        "input_size": model.input_size,
    }
    return outputs, facts


def decode(probs):
    return data.constrained_decode(np.log(np.clip(probs, 1e-9, 1.0)))


def macs_per_token(args, input_size, mean_chars):
    """Multiply-adds per token of the network at inference (embedding lookups not counted)."""
    lstm = 2 * 4 * args.hidden * (input_size + args.hidden)
    out = 2 * args.hidden * len(data.TAGS)
    if args.hidden == 0 and set(args.inputs) - {"marginals", "pipeline"}:
        out = input_size * len(data.TAGS)
    chars = 0
    if "chars" in args.inputs:
        chars = int(mean_chars * 3 * args.char_dim * args.char_filters)
    use = 512 * args.use_dim if "use" in args.inputs else 0
    e5 = (E5_DIM + int(args.e5_oov_only)) * args.e5_dim if "e5" in args.inputs else 0
    return lstm + out + chars + use + e5


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--marginals", required=True, help="folder written by kashif train --folds N --marginals-out")
    parser.add_argument("--clusters", default="models/clusters.tsv")
    parser.add_argument("--out", required=True, help="folder for results.json and the probabilities")
    parser.add_argument(
        "--inputs", default=",".join(i for i in ALL_INPUTS if i not in OPTIONAL_INPUTS), help=f"comma-separated subset of {ALL_INPUTS}"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--dropout", type=float, default=0.3)
    parser.add_argument("--word-dropout", type=float, default=0.0, help="probability of dropping a token's learnt word, affix and character inputs in training")
    parser.add_argument("--word-buckets", type=int, default=1 << 14)
    parser.add_argument("--word-dim", type=int, default=32)
    parser.add_argument("--affix-buckets", type=int, default=1 << 12)
    parser.add_argument("--affix-dim", type=int, default=16)
    parser.add_argument("--cluster-dim", type=int, default=16)
    parser.add_argument("--char-dim", type=int, default=16)
    parser.add_argument("--char-filters", type=int, default=32)
    parser.add_argument("--use-vectors", default="target/use/vectors-token.npz", help="from use_vectors.py")
    parser.add_argument("--use-form", choices=["token", "word", "bare"], default="token", help="the column the vectors were made from")
    parser.add_argument("--use-dim", type=int, default=32, help="learnt linear map of the 512-d vectors to this many dims (0: none)")
    parser.add_argument("--use-scale", type=float, default=1.0, help="the unit vectors times this")
    parser.add_argument("--use-oov-only", action="store_true", help="give a token its vector only where the CRF behind its marginals did not see the word in training (plus a 0/1 flag)")
    parser.add_argument("--e5-dir", default="target/e5", help="the .npz files of e5_states.py")
    parser.add_argument("--e5-layer", type=int, default=12, help="which layer's states (one that e5_states.py kept)")
    parser.add_argument("--e5-dim", type=int, default=32, help="learnt linear map of the 384-d states to this many dims (0: none)")
    parser.add_argument("--e5-oov-only", action="store_true", help="give a token its states only where the CRF behind its marginals did not see the word in training (plus a 0/1 flag)")
    parser.add_argument("--pipeline-skip", type=float, default=0.0, help="with the pipeline input: also add it to the logits, from a learnt map starting at this times the identity")
    parser.add_argument("--output", choices=["softmax", "crf"], default="crf", help="softmax per token, or a CRF layer")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--final", action="store_true", help="also train on all of ANERcorp train; tag AQMAR dev and the test files")
    parser.add_argument("--folds-only", default="", help="comma-separated parts to run (for a quick check); default all")
    args = parser.parse_args()
    args.inputs = [i for i in args.inputs.split(",") if i]
    unknown = set(args.inputs) - set(ALL_INPUTS)
    if unknown or not args.inputs:
        parser.error(f"unknown inputs {sorted(unknown)}")

    import torch

    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)
    log_file = open(os.path.join(args.out, "log.txt"), "w", encoding="utf-8")

    def log(line):
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    log(f"args: {vars(args)}")
    clusters = data.load_clusters(args.clusters) if "clusters" in args.inputs else {}
    use = None
    if "use" in args.inputs:
        with np.load(args.use_vectors, allow_pickle=False) as z:
            use_words, vectors = list(z["words"]), z["vectors"].astype(np.float32)
        use = ({w: i + 1 for i, w in enumerate(use_words)}, np.concatenate([np.zeros((1, vectors.shape[1]), np.float32), vectors]))
        log(f"use: {len(use_words)} word vectors of {vectors.shape[1]} dims from {args.use_vectors}")
    train = data.read_marginals(os.path.join(args.marginals, "anercorp-train.tsv"))
    folds = sorted({s.fold for s in train})
    run_folds = [int(f) for f in args.folds_only.split(",") if f] or folds
    aqmar_by_fold = {k: data.read_marginals(os.path.join(args.marginals, f"aqmar-dev.fold{k}.tsv")) for k in run_folds}
    oov = None
    if ("use" in args.inputs and args.use_oov_only) or ("e5" in args.inputs and args.e5_oov_only):
        where, crf_part = {}, {}
        for s in train:
            for w in {"token": s.tokens, "word": s.words, "bare": s.bares}[args.use_form]:
                where.setdefault(w, set()).add(s.fold)
            crf_part[id(s)] = s.fold
        for k, sentences in aqmar_by_fold.items():
            for s in sentences:
                crf_part[id(s)] = k
        oov = (where, crf_part)  # sentences not in crf_part (the full model's files): a CRF of all parts

    e5 = None
    if "e5" in args.inputs:
        e5_states = {}
        train_states = load_e5(args, "anercorp-train", train, e5_states)
        # Standardized per dim with the mean and spread over all of ANERcorp train (no labels).
        e5_norm = (train_states.mean(axis=0, dtype=np.float64).astype(np.float32), train_states.std(axis=0, dtype=np.float64).astype(np.float32) + 1e-6)
        for k, sentences in aqmar_by_fold.items():
            load_e5(args, "aqmar-dev", sentences, e5_states)
        e5 = (e5_states, e5_norm)
        log(f"e5: layer {args.e5_layer} states of {len(e5_states)} sentences from {args.e5_dir}")

    cv, aqmar = data.Counts(), data.Counts()
    per_fold, seconds = [], []
    saved = {}
    facts = None
    for k in run_folds:
        held = [s for s in train if s.fold == k]
        rest = [s for s in train if s.fold != k]
        log(f"fold {k}: training on {len(rest)} sentences, tagging {len(held)} and AQMAR dev")
        ((held_probs, held_tags), (aqmar_probs, aqmar_tags)), facts = train_and_predict(
            torch, args, clusters, rest, [held, aqmar_by_fold[k]], args.seed * 1000 + k, log, use, oov, e5
        )
        seconds.append(facts["train_seconds"])
        fold_counts = data.Counts()
        fold_counts.add_sentences(held, held_tags)
        cv.merge(fold_counts)
        aqmar.add_sentences(aqmar_by_fold[k], aqmar_tags)
        per_fold.append(round(fold_counts.micro(), 4))
        log(f"fold {k}: micro F1 {fold_counts.micro():.4f} (CRF Viterbi {viterbi_f1(held):.4f})")
        saved[f"train.fold{k}"] = np.concatenate(held_probs)
        saved[f"aqmar-dev.fold{k}"] = np.concatenate(aqmar_probs)

    mean_chars = float(np.mean([len(w) for s in train for w in s.words]))
    results = {
        "inputs": args.inputs,
        "seed": args.seed,
        "folds": per_fold,
        "cv": cv.summary(),
        "aqmar_dev": round(aqmar.micro(), 4),
        "train_seconds_per_fold": seconds,
        "parameters": facts["parameters"],
        "frozen": facts["frozen"],
        "macs_per_token": macs_per_token(args, facts["input_size"], mean_chars),
        "mean_chars": round(mean_chars, 2),
    }
    if args.final:
        others = {}
        for name in ["aqmar-dev", "anercorp-test", "aqmar-test"]:
            path = os.path.join(args.marginals, f"{name}.tsv")
            if os.path.exists(path):
                others[name] = data.read_marginals(path)
                if e5 is not None:
                    load_e5(args, name, others[name], e5[0])
        log(f"final: training on all {len(train)} sentences, tagging {sorted(others)}")
        probs, final_facts = train_and_predict(torch, args, clusters, train, list(others.values()), args.seed * 1000 + 999, log, use, oov, e5)
        results["final_train_seconds"] = final_facts["train_seconds"]
        for (name, sentences), (p, tags) in zip(others.items(), probs):
            c = data.Counts()
            c.add_sentences(sentences, tags)
            results[f"final {name}"] = c.summary()
            saved[f"final.{name}"] = np.concatenate(p) if p else np.zeros((0, 9))
    np.savez_compressed(os.path.join(args.out, "probs.npz"), **saved)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    log(json.dumps(results))


def load_e5(args, name, sentences, states):
    """Adds each sentence's (by id) layer states from e5_states.py's NAME.npz to `states`, after
    checking that the file has these sentences' tokens; returns the whole array."""
    return attach_e5(os.path.join(args.e5_dir, f"{name}.npz"), args.e5_layer, sentences, states)


def attach_e5(path, layer, sentences, states):
    """Adds each sentence's (by id) states of `layer` from an e5_states.py file to `states`,
    after checking that the file has these sentences' tokens; returns the whole array."""
    import e5_states as e5s

    with np.load(path, allow_pickle=False) as z:
        if list(z["lengths"]) != [len(s) for s in sentences] or int(z["checksum"]) != e5s.tokens_checksum(sentences):
            raise ValueError(f"{path} does not have these sentences' tokens")
        array = z[f"layer{layer}"]
    row = 0
    for s in sentences:
        states[id(s)] = array[row : row + len(s)]
        row += len(s)
    return array


def viterbi_f1(sentences):
    c = data.Counts()
    c.add_sentences(sentences, [s.viterbi for s in sentences])
    return c.micro()


if __name__ == "__main__":
    main()
