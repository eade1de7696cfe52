#!/usr/bin/env python3
"""Writes a generated JSONL corpus for the server benchmarks: DOCS articles, each a random
draw of 8-18 paragraphs of the seed articles (read at run time from SEEDS, never copied into
the repository) with its own id, URL, date and source, so ingest keeps them as distinct
documents and the coder codes them as it would real ones.

    make_corpus.py SEEDS OUT.jsonl DOCS [--prefix P] [--seed N] [--start I]
                   [--paras MIN-MAX] [--sources N]
"""

import argparse
import json
import os
import random

ap = argparse.ArgumentParser()
ap.add_argument("seeds")
ap.add_argument("out")
ap.add_argument("docs", type=int)
ap.add_argument("--prefix", default="serve-bench")
ap.add_argument("--seed", type=int, default=11)
ap.add_argument("--start", type=int, default=0, help="number of the first article")
ap.add_argument("--paras", default="8-18", help="paragraphs per article, MIN-MAX")
ap.add_argument("--sources", type=int, default=23, help="number of distinct source names")
a = ap.parse_args()
lo, hi = (int(x) for x in a.paras.split("-", 1))

paras = []
for name in sorted(os.listdir(a.seeds)):
    text = open(os.path.join(a.seeds, name), encoding="utf-8").read()
    paras += [p.strip() for p in text.split("\n\n") if len(p.strip()) > 80]
rng = random.Random(a.seed)
with open(a.out, "w", encoding="utf-8") as f:
    for i in range(a.start, a.start + a.docs):
        body = "\n\n".join(rng.sample(paras, min(len(paras), rng.randint(lo, hi))))
        day = f"20{rng.randint(5, 24):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        f.write(json.dumps({"id": f"{a.prefix}-{i}", "uri": f"https://example.org/{a.prefix}/{i}",
                            "source": f"source-{i % a.sources}", "date": day, "text": body}) + "\n")
