"""Distilling the stacked e5 tagger's decisions into a student that needs no e5 (issue 13).

The teacher is stack.py's best row: the 172-parameter recalibration of the CRF's marginals and
pipeline tags plus a per-token linear map of multilingual-e5-small's layer-6 states (`--inputs
marginals,pipeline,e5 --hidden 0 --pipeline-skip 3 --e5-layer 6`). The student is stack.py's
BiLSTM tagger over inputs kashif can compute in the browser (the CRF's marginals and pipeline
tags, characters, hashed words, Brown clusters), trained on unlabelled news tagged by the
teacher, so that it may learn from the news what e5's context adds.

Cross-validation, with nothing of part k seen by part k's models:
- the CRF of part k (trained without part k) gives the marginals of part k, AQMAR dev and the
  news (`kashif train --folds 5 --marginals-out DIR --marginals-also target/news-conll/news0.txt
  ...` writes `newsN.fold{k}.tsv`);
- the teacher of part k is trained on the other parts' rows, as stack.py trains it, and tags the
  news over those marginals and the news' e5 states (`e5_states.py` on the news files);
- the student of part k is trained on the news alone, the teacher's Viterbi tags as gold, and
  tags part k and AQMAR dev. Entity counts are pooled over the parts as `kashif train --folds`
  pools them.

Stage `teacher` writes DIR/teacher.fold{k}.npz (the teacher's tags of the news, and its scores
of part k and AQMAR dev); stage `student` reads them. Deterministic: fixed seeds,
torch.use_deterministic_algorithms(True), a fixed thread count.

usage:
  target/train-venv/bin/python scripts/neural/distill_tags.py teacher --marginals target/marginals2 \\
      --e5-dir target/e5 --e5-news target/e5-news --out target/distill-tags
  target/train-venv/bin/python scripts/neural/distill_tags.py student --marginals target/marginals2 \\
      --out target/distill-tags --name s64 [--hidden 64 --epochs 3 ...]
"""

import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import stack  # noqa: E402

NEWS = [f"news{i}" for i in range(10)]


def stack_args(**over):
    """stack.py's defaults, with `over` replacing some."""
    parser_args = dict(
        inputs=["marginals", "pipeline"], seed=0, epochs=6, batch=16, lr=3e-3, hidden=64, dropout=0.3, word_dropout=0.0,
        word_buckets=1 << 14, word_dim=32, affix_buckets=1 << 12, affix_dim=16, cluster_dim=16, char_dim=16,
        char_filters=32, use_vectors="", use_form="token", use_dim=32, use_scale=1.0, use_oov_only=False,
        e5_dir="target/e5", e5_layer=6, e5_dim=32, e5_oov_only=False, pipeline_skip=3.0, output="crf",
    )
    parser_args.update(over)
    return argparse.Namespace(**parser_args)


def read_news(marginals, fold, files):
    """The news files' sentences over part `fold`'s CRF, one list a file, in order."""
    return [data.read_marginals(os.path.join(marginals, f"{name}.fold{fold}.tsv")) for name in files]


def with_teacher_tags(a, fold, news):
    """Gives the news sentences (all of the teacher's files, in order) the tags of part `fold`'s
    teacher as gold; returns the teacher's tag probabilities, one (n, 9) array a sentence."""
    with np.load(os.path.join(a.out, f"teacher.fold{fold}.npz"), allow_pickle=False) as z:
        if list(z["lengths"]) != [len(s) for s in news]:
            raise ValueError(f"teacher.fold{fold}.npz is not of these news files")
        tags = z["news_tags"]
        probs = z["news_probs"].astype(np.float32)
    row, soft = 0, []
    for s in news:
        s.gold = [data.TAGS[t] for t in tags[row : row + len(s)]]
        p = probs[row : row + len(s)]
        soft.append(p / p.sum(axis=1, keepdims=True))
        row += len(s)
    return soft


def teacher(a, torch, log):
    train = data.read_marginals(os.path.join(a.marginals, "anercorp-train.tsv"))
    args = stack_args(inputs=["marginals", "pipeline", "e5"], hidden=0, e5_layer=6, e5_dir=a.e5_dir, seed=a.seed)
    states = {}
    train_states = stack.attach_e5(os.path.join(a.e5_dir, "anercorp-train.npz"), 6, train, states)
    norm = (train_states.mean(axis=0, dtype=np.float64).astype(np.float32), train_states.std(axis=0, dtype=np.float64).astype(np.float32) + 1e-6)
    del train_states
    for k in a.folds:
        started = time.time()
        held = [s for s in train if s.fold == k]
        rest = [s for s in train if s.fold != k]
        aqmar = data.read_marginals(os.path.join(a.marginals, f"aqmar-dev.fold{k}.tsv"))
        stack.attach_e5(os.path.join(a.e5_dir, "aqmar-dev.npz"), 6, aqmar, states)
        news = []
        for name, part in zip(a.news, read_news(a.marginals, k, a.news)):
            stack.attach_e5(os.path.join(a.e5_news, f"{name}.npz"), 6, part, states)
            news.extend(part)
        outputs, facts = stack.train_and_predict(torch, args, {}, rest, [held, aqmar, news], a.seed * 1000 + k, log, e5=(states, norm))
        (_, held_tags), (_, aqmar_tags), (news_probs, news_tags) = outputs
        counts = {"held": data.Counts(), "aqmar": data.Counts()}
        counts["held"].add_sentences(held, held_tags)
        counts["aqmar"].add_sentences(aqmar, aqmar_tags)
        changed = sum(t != p for s, tags in zip(news, news_tags) for t, p in zip(tags, s.pipeline))
        tokens = sum(len(s) for s in news)
        log(f"fold {k}: teacher part F1 {counts['held'].micro():.4f}, AQMAR dev {counts['aqmar'].micro():.4f}; "
            f"news: {tokens} tokens, {changed} tags differ from the pipeline's ({time.time() - started:.0f} s)")
        np.savez_compressed(
            os.path.join(a.out, f"teacher.fold{k}.npz"),
            news_tags=np.array([data.TAG_INDEX[t] for tags in news_tags for t in tags], dtype=np.int8),
            news_probs=np.concatenate(news_probs).astype(np.float16),
            lengths=np.array([len(s) for s in news], dtype=np.int32),
            counts=json.dumps({key: c.counts for key, c in counts.items()}),
        )
        for s in news + aqmar:
            states.pop(id(s), None)


def student(a, torch, log):
    train = data.read_marginals(os.path.join(a.marginals, "anercorp-train.tsv"))
    clusters = data.load_clusters(a.clusters)
    args = stack_args(
        inputs=a.inputs.split(","), hidden=a.hidden, epochs=a.epochs, batch=a.batch, lr=a.lr, dropout=a.dropout,
        pipeline_skip=a.pipeline_skip, seed=a.seed, word_dropout=a.word_dropout, output="softmax" if a.soft else "crf",
    )
    if a.soft and a.with_gold:
        raise SystemExit("--soft trains on the news alone")
    results = {"args": vars(a), "folds": {}}
    for k in a.folds:
        held = [s for s in train if s.fold == k]
        rest = [s for s in train if s.fold != k]
        aqmar = data.read_marginals(os.path.join(a.marginals, f"aqmar-dev.fold{k}.tsv"))
        news = [s for part in read_news(a.marginals, k, a.news) for s in part]
        soft = with_teacher_tags(a, k, news)
        if a.max_sentences:
            news = news[: a.max_sentences]
        learn = news + (rest if a.with_gold else [])
        log(f"fold {k}: student on {len(news)} news sentences{' and the other parts' if a.with_gold else ''}")
        outputs, facts = stack.train_and_predict(
            torch, args, clusters, learn, [held, aqmar], a.seed * 1000 + k, log, soft=soft[: len(news)] if a.soft else None
        )
        (_, held_tags), (_, aqmar_tags) = outputs
        h, q = data.Counts(), data.Counts()
        h.add_sentences(held, held_tags)
        q.add_sentences(aqmar, aqmar_tags)
        log(f"fold {k}: student part F1 {h.micro():.4f}, AQMAR dev {q.micro():.4f}")
        results["folds"][k] = {"held": h.counts, "aqmar": q.counts, "facts": facts}
        results["parameters"] = facts["parameters"]
    with open(os.path.join(a.out, f"student-{a.name}.folds{''.join(map(str, a.folds))}.json"), "w") as f:
        json.dump(results, f, indent=1)


def conll(a, log):
    """Writes the teacher's tags of the news as CoNLL files, one per part (DIR/news-teacher.{k}.txt,
    the news files of --news only), for `kashif train --folds 5 --add-per-part` (self-training:
    each part's CRF learns from news its own part's teacher tagged)."""
    for k in a.folds:
        files = read_news(a.marginals, k, NEWS)
        with_teacher_tags(a, k, [s for part in files for s in part])
        suffix = "" if a.teacher_labels == "all" else "-" + "-".join(a.teacher_labels.split(","))
        path = os.path.join(a.out, f"news-teacher{suffix}.{k}.txt")
        wanted = set(a.teacher_labels.split(","))
        written = 0
        with open(path, "w", encoding="utf-8") as f:
            for name, part in zip(NEWS, files):
                if name not in a.news:
                    continue
                for s in part:
                    out = s.gold
                    if a.teacher_labels != "all":
                        # The teacher's tag where it or the pipeline says one of the labels, the
                        # pipeline's elsewhere; an I- that cannot continue becomes a B-.
                        pipe = [data.canonical_tag(x) for x in s.pipeline]
                        out = [x if x[2:] in wanted or y[2:] in wanted else y for x, y in zip(out, pipe)]
                        out = [data.TAGS[t] for t in data.target_indices(out)]
                    for token, tag in zip(s.tokens, out):
                        f.write(f"{token} {tag}\n")
                    f.write("\n")
                    written += len(s)
        log(f"part {k}: {written} tokens to {path}")


def pooled(a, log):
    """Pools the per-part files of a run (teacher or a student) into CV and AQMAR dev scores."""
    cv, aqmar, parts = data.Counts(), data.Counts(), {}
    if a.name == "teacher":
        for k in range(5):
            with np.load(os.path.join(a.out, f"teacher.fold{k}.npz"), allow_pickle=False) as z:
                counts = json.loads(str(z["counts"]))
            parts[k] = counts
    else:
        for f in sorted(os.listdir(a.out)):
            if f.startswith(f"student-{a.name}.folds") and f.endswith(".json"):
                with open(os.path.join(a.out, f)) as fh:
                    for k, v in json.load(fh)["folds"].items():
                        parts[int(k)] = v
    for k in sorted(parts):
        h, q = data.Counts(), data.Counts()
        h.counts, q.counts = parts[k]["held"], parts[k]["aqmar"]
        cv.merge(h)
        aqmar.merge(q)
        log(f"part {k}: {h.micro():.4f}")
    log(json.dumps({"name": a.name, "parts": sorted(parts), "cv": cv.summary(), "aqmar_dev": round(aqmar.micro(), 4)}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("stage", choices=["teacher", "student", "pool", "conll"])
    p.add_argument("--marginals", default="target/marginals2")
    p.add_argument("--e5-dir", default="target/e5")
    p.add_argument("--e5-news", default="target/e5-news")
    p.add_argument("--clusters", default="models/clusters.tsv")
    p.add_argument("--out", default="target/distill-tags")
    p.add_argument("--news", default=",".join(NEWS))
    p.add_argument("--folds", default="0,1,2,3,4")
    p.add_argument("--name", default="s64")
    p.add_argument("--inputs", default="marginals,pipeline,chars,words,clusters")
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--word-dropout", type=float, default=0.0)
    p.add_argument("--pipeline-skip", type=float, default=3.0)
    p.add_argument("--max-sentences", type=int, default=0, help="train on the first N news sentences only (0: all)")
    p.add_argument("--with-gold", action="store_true", help="also train on the other parts' gold rows")
    p.add_argument("--soft", action="store_true", help="a softmax output trained to the teacher's tag marginals, not its Viterbi tags")
    p.add_argument("--teacher-labels", default="all", help="conll: the labels taken from the teacher, comma-separated (the rest from the pipeline), or all")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    a.news = [n for n in a.news.split(",") if n]
    a.folds = [int(k) for k in a.folds.split(",") if k]
    os.makedirs(a.out, exist_ok=True)
    log_file = open(os.path.join(a.out, f"log-{a.stage}-{a.name}-{''.join(map(str, a.folds))}.txt"), "a", encoding="utf-8")

    def log(line):
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    log(f"{a.stage}: {vars(a)}")
    if a.stage == "pool":
        return pooled(a, log)
    if a.stage == "conll":
        return conll(a, log)
    import torch

    torch.set_num_threads(a.threads)
    torch.use_deterministic_algorithms(True)
    (teacher if a.stage == "teacher" else student)(a, torch, log)


if __name__ == "__main__":
    main()
