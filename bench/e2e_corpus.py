#!/usr/bin/env python3
"""Builds the end-to-end benchmark corpus from the extraction benchmark's pages and the seed
articles beside this checkout (read at run time, never copied into the repository).

Copy 0 of each page or seed is the original. Copy k > 0 drops about a third of its paragraphs
(a different third per copy, seeded by copy and page) and gains two paragraphs borrowed from
other documents of the same kind (HTML `<p>` elements from other pages, put after the page's
longest paragraph; paragraphs from other seeds), so that every copy has its own text id and a SimHash far from the others': the store
keeps them as distinct documents and the benchmark measures extraction, coding and writing,
not de-duplication. The prose stays real news prose; its events recur across copies.

    e2e_corpus.py OUT --docs N [--files] [--warc] [--warc-mb MB]

--files writes OUT/files/CCCC-SSS.html|.txt (plain, not gzipped); --warc writes
OUT/corpus.warc.gz, one gzip member per record (as Common Crawl does), the same documents in
the same order. --warc-mb MB writes only the WARC, with as many copies as it takes to reach MB
megabytes compressed (for the streaming check; --docs is then ignored). Prints one JSON line:
documents, payload bytes (uncompressed pages) and the WARC's size on disk.
"""

import argparse
import glob
import gzip
import json
import os
import random
import re
import sys
import zlib

PARA_HTML = re.compile(rb"<p[\s>].*?</p>", re.S | re.I)
PARA_TEXT = re.compile(rb"\n\s*\n")


def sources(dev_html, seeds):
    """(name, is_html, bytes) for each page and seed, in a fixed order."""
    out = []
    for path in sorted(glob.glob(os.path.join(dev_html, "*.html.gz"))):
        with gzip.open(path, "rb") as f:
            out.append((os.path.basename(path)[:12], True, f.read()))
    for path in sorted(glob.glob(os.path.join(seeds, "*.txt"))):
        with open(path, "rb") as f:
            out.append((os.path.basename(path)[:-4], False, f.read()))
    if not out:
        sys.exit(f"no pages under {dev_html} nor seeds under {seeds}")
    return out


def vary(body, is_html, copy, key, pool):
    """Copy `copy` of one document: a third of its paragraphs dropped, two borrowed added."""
    if copy == 0:
        return body
    rng = random.Random(f"{copy}:{key}")
    borrowed = [rng.choice(pool) for _ in range(2)] if pool else []
    if is_html:
        # The longest paragraph is most likely article text: it stays, and the borrowed ones
        # go right after it, where extraction finds them (after the first one they could land
        # in a header that extraction drops, leaving copies that differ in nothing it keeps).
        paras = list(PARA_HTML.finditer(body))
        if not paras:
            out = re.sub(rb"(?i)</body>", lambda m: b"\n".join(borrowed) + m.group(0), body,
                         count=1)
            return out if out != body else body + b"\n" + b"\n".join(borrowed)
        longest = max(range(len(paras)), key=lambda k: len(paras[k].group(0)))
        out, last = [], 0
        for k, m in enumerate(paras):
            out.append(body[last:m.start()])
            if k == longest:
                out.append(m.group(0) + b"\n" + b"\n".join(borrowed))
            elif rng.random() >= 0.34:
                out.append(m.group(0))
            last = m.end()
        out.append(body[last:])
        return b"".join(out)
    paras = PARA_TEXT.split(body.strip())
    kept = paras[:1] + borrowed + [p for p in paras[1:] if rng.random() >= 0.34]
    return b"\n\n".join(kept) + b"\n"


def pools(src):
    html = [m.group(0) for _, h, b in src if h for m in PARA_HTML.finditer(b)
            if len(m.group(0)) > 200]
    text = [p for _, h, b in src if not h for p in PARA_TEXT.split(b.strip()) if len(p) > 100]
    return html, text


def documents(src, count):
    """(copy, index, name, is_html, bytes), copy-major, `count` of them (None: endless)."""
    html_pool, text_pool = pools(src)
    copy = 0
    n = 0
    while True:
        for i, (name, is_html, body) in enumerate(src):
            if count is not None and n >= count:
                return
            pool = html_pool if is_html else text_pool
            yield copy, i, name, is_html, vary(body, is_html, copy, i, pool)
            n += 1
        copy += 1


def warc_record(copy, i, name, is_html, body):
    """One WARC response record (HTTP headers and body), gzip-compressed on its own."""
    host = "pages.example.org" if is_html else "seeds.example.org"
    if copy:
        host = f"mirror{copy}.{host}"
    url = f"https://{host}/{name}"
    ctype = b"text/html; charset=utf-8" if is_html else b"text/plain; charset=utf-8"
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n")
    payload = http + body
    day = 1 + (copy + i) % 28
    head = (
        "WARC/1.0\r\n"
        "WARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{copy:06d}{i:06d}>\r\n"
        f"WARC-Date: 2019-11-{day:02d}T00:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(head + payload + b"\r\n\r\n") + c.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--files", action="store_true")
    ap.add_argument("--warc", action="store_true")
    ap.add_argument("--warc-mb", type=float, default=0.0)
    ap.add_argument("--dev-html", default="../shared/bench/extraction/dev/html")
    ap.add_argument("--seeds", default="../shared/corpus/seeds")
    args = ap.parse_args()
    src = sources(args.dev_html, args.seeds)
    os.makedirs(args.out, exist_ok=True)
    limit = None if args.warc_mb > 0 else args.docs
    if args.files and limit is not None:
        os.makedirs(os.path.join(args.out, "files"), exist_ok=True)
    warc = None
    if args.warc or args.warc_mb > 0:
        warc = open(os.path.join(args.out, "corpus.warc.gz"), "wb")
    docs = payload = compressed = 0
    for copy, i, name, is_html, body in documents(src, limit):
        if args.files and limit is not None:
            ext = "html" if is_html else "txt"
            with open(os.path.join(args.out, "files", f"{copy:04d}-{i:03d}.{ext}"), "wb") as f:
                f.write(body)
        if warc is not None:
            rec = warc_record(copy, i, name, is_html, body)
            warc.write(rec)
            compressed += len(rec)
        docs += 1
        payload += len(body)
        if args.warc_mb > 0 and compressed >= args.warc_mb * 1e6:
            break
    if warc is not None:
        warc.close()
    print(json.dumps({"documents": docs, "payload_bytes": payload, "warc_bytes": compressed}))


if __name__ == "__main__":
    main()
