#!/usr/bin/env python3
"""Peer run for the extraction benchmark: trafilatura over every page of a directory of
.html.gz files. All pages are decompressed into memory first; only the
trafilatura.extract(html, include_comments=False) calls are timed. Writes {"id","text"}
JSON lines for score.py and prints pages/s and peak RSS.

Usage: extraction_peer.py HTML_DIR PRED_JSONL [ROUNDS]

The best of ROUNDS (default 3) passes is reported, as for tamga's side.
"""
import gzip
import json
import os
import resource
import sys
import time

import trafilatura


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    html_dir, out_path = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) == 4 else 3
    pages = []
    for name in sorted(os.listdir(html_dir)):
        if name.endswith(".html.gz"):
            with gzip.open(os.path.join(html_dir, name), "rb") as f:
                pages.append((name[: -len(".html.gz")], f.read().decode("utf-8", "replace")))
    elapsed = float("inf")
    for _ in range(max(rounds, 1)):
        texts = []
        start = time.perf_counter()
        for _, html in pages:
            texts.append(trafilatura.extract(html, include_comments=False) or "")
        elapsed = min(elapsed, time.perf_counter() - start)
    with open(out_path, "w", encoding="utf-8") as f:
        for (page_id, _), text in zip(pages, texts):
            f.write(json.dumps({"id": page_id, "text": text}) + "\n")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mb = sum(len(h.encode("utf-8")) for _, h in pages) / 1e6
    print(f"pages {len(pages)}  best of {max(rounds, 1)} rounds: {elapsed:.3f} s  {len(pages) / elapsed:.1f} pages/s  "
          f"{mb / elapsed:.2f} MB/s  peak RSS {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
