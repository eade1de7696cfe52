#!/usr/bin/env python3
"""Builds a test archive of WARC.gz shards, as CC-NEWS publishes them, from the extraction
benchmark's pages and the seed articles beside this checkout (read at run time, never copied
into the repository).

Round 0 holds every page and seed once, under its own URL. Each further round (--size-mb asks
for as many as it takes) holds a varied copy of each: about a third of its paragraphs dropped
(a different third every round, seeded by round and page) and served from another host
(`mirrorN.` + the host). Different paragraphs give a different text id and a SimHash far from
the original's, so copies are not de-duplicated; the sentences they keep are the original's,
so their events recur across documents and shards and clustering has work to do, as with
syndicated news.

    make_archive.py OUT_DIR [--size-mb N] [--records-per-shard N] [--bad]

--size-mb is the uncompressed size of the pages written (the archive on disk is ~5x smaller);
--bad adds a truncated gzip shard and a non-WARC file, named to sort after the good shards.
Prints one JSON line: shards, records, bytes written (compressed) and payload bytes.
"""

import argparse
import glob
import gzip
import io
import json
import os
import random
import re
import sys
from datetime import datetime, timedelta, timezone

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared"))

PARA = re.compile(rb"<p[\s>].*?</p>", re.S | re.I)


def sources():
    """(url, content type, bytes, date) for each page and seed, in a fixed order."""
    dev = os.path.join(SHARED, "bench", "extraction", "dev")
    urls = {}
    gold = os.path.join(dev, "gold.jsonl")
    if os.path.exists(gold):
        with open(gold, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    urls[rec["id"]] = rec.get("url")
    out = []
    base = datetime(2019, 11, 1, tzinfo=timezone.utc)
    for i, path in enumerate(sorted(glob.glob(os.path.join(dev, "html", "*.html.gz")))):
        pid = os.path.basename(path)[: -len(".html.gz")]
        with gzip.open(path, "rb") as f:
            body = f.read()
        url = urls.get(pid) or f"https://pages.example.org/{pid}.html"
        out.append((url, "text/html; charset=utf-8", body, base + timedelta(hours=i)))
    for i, path in enumerate(sorted(glob.glob(os.path.join(SHARED, "corpus", "seeds", "*.txt")))):
        with open(path, "rb") as f:
            body = f.read()
        name = os.path.basename(path)[: -len(".txt")]
        out.append((f"https://seeds.example.org/{name}", "text/plain; charset=utf-8", body,
                    base + timedelta(days=1, hours=i)))
    if not out:
        sys.exit(f"no pages or seeds found under {SHARED}")
    return out


def vary(body, ctype, rnd, key):
    """Round `rnd`'s copy of one page: about a third of its paragraphs dropped."""
    if rnd == 0:
        return body
    rng = random.Random(f"{rnd}:{key}")
    if ctype.startswith("text/html"):
        kept = PARA.sub(lambda m: b"" if rng.random() < 0.34 else m.group(0), body)
        if kept != body:
            return kept
    paras = re.split(rb"\n\s*\n", body)
    if len(paras) > 2:
        keep = [p for p in paras if rng.random() >= 0.34] or paras[:1]
        return b"\n\n".join(keep)
    # A page without paragraphs to drop: its copies differ by a line of their own.
    return body + f"\n\nEdition {rnd}.\n".encode()


def mirror(url, rnd):
    if rnd == 0:
        return url
    return re.sub(r"^(https?://)", lambda m: f"{m.group(1)}mirror{rnd}.", url, count=1)


def record(writer, url, ctype, body, date):
    http = StatusAndHeaders("200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                            protocol="HTTP/1.1")
    rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                    warc_headers_dict={"WARC-Date": date.strftime("%Y-%m-%dT%H:%M:%SZ")})
    writer.write_record(rec)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=float, default=0.0,
                    help="uncompressed payload to reach, in MB (default: one round)")
    ap.add_argument("--records-per-shard", type=int, default=100)
    ap.add_argument("--bad", action="store_true", help="add a truncated and a non-WARC shard")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    src = sources()
    per_round = sum(len(s[2]) for s in src)
    rounds = max(1, int(-(-args.size_mb * 1e6 // per_round)))
    shard, in_shard, records, payload = 0, 0, 0, 0
    f = writer = None
    paths = []
    for rnd in range(rounds):
        for key, (url, ctype, body, date) in enumerate(src):
            if writer is None:
                path = os.path.join(args.out, f"shard-{shard:05d}.warc.gz")
                paths.append(path)
                f = open(path, "wb")
                writer = WARCWriter(f, gzip=True)
            data = vary(body, ctype, rnd, key)
            record(writer, mirror(url, rnd), ctype, data, date + timedelta(days=rnd % 28))
            records += 1
            in_shard += 1
            payload += len(data)
            if in_shard >= args.records_per_shard:
                f.close()
                f = writer = None
                shard += 1
                in_shard = 0
    if f is not None:
        f.close()
    if args.bad:
        # A real shard cut in the middle of a gzip member, and a file that is no WARC at all.
        with open(paths[0], "rb") as g:
            head = g.read()
        with open(os.path.join(args.out, "zz-truncated.warc.gz"), "wb") as g:
            g.write(head[: len(head) // 2])
        with open(os.path.join(args.out, "zz-not-a-warc.warc.gz"), "wb") as g:
            g.write(b"This is a plain text note that somebody saved under a WARC name.\n")
    size = sum(os.path.getsize(p) for p in paths)
    print(json.dumps({"shards": len(paths), "records": records, "rounds": rounds,
                      "bytes": size, "payload_bytes": payload}))


if __name__ == "__main__":
    main()
