"""Reading the marginal files of `kashif train --folds N --marginals-out DIR`, and scoring.

A marginal file has a header line (`#token word bare gold fold viterbi pipeline O B-PER ...`),
then one tab-separated line per token, a blank line after each sentence: the token as the
CoNLL file has it, its normalized form, that form without clitics, the gold tag, the part of
ANERcorp train it belongs to (`-` for none), the CRF's Viterbi tag, the tag of kashif's whole
pipeline and the CRF's nine tag marginals.

The scorer follows conlleval and kashif's `src/train/eval.rs`: an entity counts when its type
and token span match exactly; an `I-X` after `O` or after another type starts a new entity;
`PERS` is read as `PER` and `MIS` as `MISC`.
"""

import numpy as np

TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
LABELS = ["PER", "LOC", "ORG", "MISC"]
CANONICAL = {"PERS": "PER", "MIS": "MISC"}


def canonical_tag(tag):
    """A CoNLL tag with kashif's label names (`B-PERS` -> `B-PER`); unknown labels give `O`."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    label = CANONICAL.get(label, label)
    if prefix not in ("B", "I") or label not in LABELS:
        return "O"
    return f"{prefix}-{label}"


class Sentence:
    __slots__ = ("tokens", "words", "bares", "gold", "fold", "viterbi", "pipeline", "marginals")

    def __init__(self, rows):
        self.tokens = [r[0] for r in rows]
        self.words = [r[1] for r in rows]
        self.bares = [r[2] for r in rows]
        self.gold = [canonical_tag(r[3]) for r in rows]
        self.fold = None if rows[0][4] == "-" else int(rows[0][4])
        self.viterbi = [r[5] for r in rows]
        self.pipeline = [r[6] for r in rows]
        self.marginals = np.array([[float(x) for x in r[7:16]] for r in rows], dtype=np.float32)

    def __len__(self):
        return len(self.tokens)


def read_marginals(path):
    """The sentences of a marginal file."""
    sentences, rows = [], []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[7:16] != TAGS:
            raise ValueError(f"{path}: unexpected columns {header}")
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if rows:
                    sentences.append(Sentence(rows))
                    rows = []
                continue
            rows.append(line.split("\t"))
    if rows:
        sentences.append(Sentence(rows))
    return sentences


def target_indices(tags):
    """Tag indices for training: an `I-X` that cannot continue an entity becomes `B-X`, which is
    how it is scored (as kashif's `prepare` does)."""
    out = []
    for tag in tags:
        i = TAG_INDEX[tag]
        if tag.startswith("I-") and (not out or TAGS[out[-1]][2:] != tag[2:] or out[-1] == 0):
            i -= 1
        out.append(i)
    return out


def chunks(tags):
    """Entities as (start, end, label), conlleval's way."""
    out, open_ = [], None
    for i, tag in enumerate(tags):
        if tag == "O" or "-" not in tag:
            prefix, kind = "O", ""
        else:
            prefix, kind = tag.split("-", 1)
            if prefix not in ("B", "I"):
                prefix, kind = "O", ""
        continues = prefix == "I" and open_ is not None and open_[1] == kind
        if not continues:
            if open_ is not None:
                out.append((open_[0], i, open_[1]))
                open_ = None
            if prefix != "O":
                open_ = (i, kind)
    if open_ is not None:
        out.append((open_[0], len(tags), open_[1]))
    return out


class Counts:
    """Gold, predicted and correct entities per label, summed over sentences and files."""

    def __init__(self):
        self.counts = {}

    def add(self, gold_tags, predicted_tags):
        gold = [(s, e, CANONICAL.get(k, k)) for s, e, k in chunks(gold_tags)]
        gold_set = set(gold)
        for _, _, k in gold:
            self.counts.setdefault(k, [0, 0, 0])[0] += 1
        for s, e, k in chunks(predicted_tags):
            k = CANONICAL.get(k, k)
            c = self.counts.setdefault(k, [0, 0, 0])
            c[1] += 1
            if (s, e, k) in gold_set:
                c[2] += 1

    def add_sentences(self, sentences, predicted):
        for s, p in zip(sentences, predicted):
            self.add(s.gold, p)

    def merge(self, other):
        for k, v in other.counts.items():
            c = self.counts.setdefault(k, [0, 0, 0])
            for i in range(3):
                c[i] += v[i]

    @staticmethod
    def f1(g, p, c):
        precision = c / p if p else 0.0
        recall = c / g if g else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def micro(self):
        g = sum(v[0] for v in self.counts.values())
        p = sum(v[1] for v in self.counts.values())
        c = sum(v[2] for v in self.counts.values())
        return self.f1(g, p, c)

    def per_label(self):
        return {k: self.f1(*v) for k, v in sorted(self.counts.items())}

    def summary(self):
        per = self.per_label()
        return {"micro": round(self.micro(), 4), **{k: round(per.get(k, 0.0), 4) for k in LABELS}}


# BIO constraints: ALLOWED[p, t] for previous tag p (row 9 = sentence start).
ALLOWED = np.ones((len(TAGS) + 1, len(TAGS)), dtype=bool)
for _t, _name in enumerate(TAGS):
    if _name.startswith("I-"):
        for _p in range(len(TAGS) + 1):
            ALLOWED[_p, _t] = _p < len(TAGS) and TAGS[_p] != "O" and TAGS[_p][2:] == _name[2:]


def constrained_decode(log_probs, transitions=None, start=None):
    """The tag sequence of highest summed log-probability that BIO allows (I-X only after B-X
    or I-X), for one sentence's (n, 9) log-probabilities; with `transitions` (9, 9) and `start`
    (9,), Viterbi over those scores added to them."""
    n = log_probs.shape[0]
    if n == 0:
        return []
    neg = -1e9
    trans = np.where(ALLOWED[: len(TAGS)], 0.0 if transitions is None else transitions, neg)
    score = np.where(ALLOWED[len(TAGS)], 0.0 if start is None else start, neg) + log_probs[0]
    back = np.zeros((n, len(TAGS)), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + trans
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + log_probs[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return [TAGS[t] for t in reversed(best)]


def load_clusters(path):
    """Word (normalized, clitic-stripped) -> Brown cluster path, from models/clusters.tsv."""
    clusters = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                clusters[parts[1]] = parts[0]
    return clusters
