"""Unlabelled news sentences for distilling e5 (issue 13): the first N articles of the ANT
corpus v2.1 (title and text), cut into sentences and tokens, written as marginal-format TSV
files (dummy gold/fold/viterbi/pipeline/marginal columns, the token repeated as `word` and
`bare`) so that e5_states.py can read them unchanged. The corpus text is not shipped: the
output goes under target/ (ignored), never into the repo.

Tokens: runs of word characters (letters, digits, the Arabic diacritics and tatweel) and single
other non-space characters, as ANERcorp's tokens split punctuation off. Sentences end at . ! ? ؟
and line breaks; a sentence is cut into pieces of at most --max-len tokens.

usage: python3 scripts/neural/news_tokens.py --articles 2500 --per-file 500 --out target/news
"""

import argparse
import os
import re
import tarfile

TOKEN = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+|[^\w\s]")
END = {".", "!", "?", "؟"}
HEADER = "#token\tword\tbare\tgold\tfold\tviterbi\tpipeline\tO\tB-PER\tI-PER\tB-LOC\tI-LOC\tB-ORG\tI-ORG\tB-MISC\tI-MISC\n"
DUMMY = "\tO\t-\tO\tO\t1\t0\t0\t0\t0\t0\t0\t0\t0\n"


def field(document, name):
    match = re.search(f"<{name}>(.*?)(?:</{name}>|$)", document, re.S)
    return re.sub(r"<[^<>\n]*>", " ", match.group(1)).strip() if match else ""


def sentences(text, max_len):
    for line in text.split("\n"):
        current = []
        for tok in TOKEN.findall(line):
            current.append(tok)
            if tok in END or len(current) >= max_len:
                yield current
                current = []
        if current:
            yield current


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=2500)
    p.add_argument("--per-file", type=int, default=500)
    p.add_argument("--max-len", type=int, default=60)
    p.add_argument("--out", default="target/news")
    p.add_argument("--data", default="../shared/data")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    archive = f"{a.data}/unlabeled/antcorpus-v2.1-multisource.tar.gz"
    written, out, n_tok = 0, None, 0
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if written >= a.articles:
                break
            if not member.isfile():
                continue
            text = tar.extractfile(member).read().decode("utf-8", "replace")
            for document in text.split("<DOC>")[1:]:
                if written >= a.articles:
                    break
                body = "\n".join(x for x in (field(document, "TITLE"), field(document, "TEXT")) if x)
                if not body:
                    continue
                if written % a.per_file == 0:
                    if out:
                        out.close()
                    out = open(os.path.join(a.out, f"news{written // a.per_file}.tsv"), "w", encoding="utf-8")
                    out.write(HEADER)
                for s in sentences(body, a.max_len):
                    for t in s:
                        out.write(t + "\t" + t + "\t" + t + DUMMY)
                    out.write("\n")
                    n_tok += len(s)
                written += 1
    if out:
        out.close()
    print(f"{written} articles, {n_tok} tokens -> {a.out}")


if __name__ == "__main__":
    main()
