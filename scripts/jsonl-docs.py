#!/usr/bin/env python3
"""Writes N documents of real Arabic news as JSON lines ({"id", "text"}) for measuring
`kashif tag --jsonl` (docs/CLI.md): the first N articles of the ANT corpus v2.1 in the shared
data, title and text of each. The corpus has no licence to ship its text: the output is for
local measurement only, written outside the project (default /tmp/kashif-docs.jsonl).

usage: python3 scripts/jsonl-docs.py [N] [OUT] [DATA_DIR]
"""

import json
import re
import sys
import tarfile

count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
out_path = sys.argv[2] if len(sys.argv) > 2 else "/tmp/kashif-docs.jsonl"
data = sys.argv[3] if len(sys.argv) > 3 else "../shared/data"
archive = f"{data}/unlabeled/antcorpus-v2.1-multisource.tar.gz"


def field(document, name):
    match = re.search(f"<{name}>(.*?)(?:</{name}>|$)", document, re.S)
    return re.sub(r"<[^<>\n]*>", " ", match.group(1)).strip() if match else ""


written = 0
with tarfile.open(archive, "r:gz") as tar, open(out_path, "w", encoding="utf-8") as out:
    for member in tar:
        if written >= count:
            break
        if not member.isfile():
            continue
        text = tar.extractfile(member).read().decode("utf-8", "replace")
        for document in text.split("<DOC>")[1:]:
            if written >= count:
                break
            body = "\n".join(part for part in (field(document, "TITLE"), field(document, "TEXT")) if part)
            if not body:
                continue
            docno = field(document, "DOCNO") or f"{member.name}#{written}"
            out.write(json.dumps({"id": docno, "text": body}, ensure_ascii=False) + "\n")
            written += 1
print(f"wrote {written} documents to {out_path}", file=sys.stderr)
