#!/usr/bin/env bash
# Per-input time and peak memory of `tamga ingest` (release build) over the bad-input corpus
# (tests/bad-inputs/) plus the large hazards, generated into a temporary folder: a 100 MB
# line, a 100 MB JSONL line, a 100 MB WARC record, a 4 GiB gzip bomb, 1M tiny paragraphs, a
# 2 MB article and 1M <p> elements. Prints one line per input and the worst of each.
#
# Usage: bench/bad-inputs.sh [TAMGA_BINARY]   (default: builds target/release/tamga)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
    cargo build --release --locked -p tamga >&2
    bin="${CARGO_TARGET_DIR:-target}/release/tamga"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$bin" "$tmp" tests/bad-inputs <<'PY'
import gzip, os, resource, subprocess, sys, time
bin, tmp, corpus = sys.argv[1:4]
big = os.path.join(tmp, "large"); os.makedirs(big)
MB100 = 100 << 20
good = "The council met on Tuesday to discuss the new water agreement."
def w(name, parts):
    with open(os.path.join(big, name), "wb") as f:
        for p in parts:
            f.write(p)
def rep(unit, total):
    chunk = (unit * ((1 << 20) // len(unit) + 1))[: 1 << 20]
    while total > 0:
        yield chunk[: min(total, len(chunk))]; total -= len(chunk)
w("text-line-100mb.txt", rep(b"x", MB100))
w("jsonl-line-100mb.jsonl", [('{"id":"first","text":"%s"}\n{"id":"huge","text":"' % good).encode(), *rep(b"y", MB100), ('"}\n{"id":"last","text":"%s too"}\n' % good).encode()])
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
page = ("<html><body><p>%s</p></body></html>" % good).encode()
w("warc-record-100mb.warc", [b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/huge\r\nContent-Length: %d\r\n\r\n" % (len(http) + MB100 + 7), http, b"<p>", *rep(b"z", MB100), b"</p>\r\n\r\n\r\n",
   b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/small\r\nContent-Length: %d\r\n\r\n" % (len(http) + len(page)), http, page, b"\r\n\r\n"])
member = gzip.compress(bytes(1 << 20), 9, mtime=0)
w("gzip-bomb.txt.gz", [member] * 4096)
w("text-1m-paragraphs.txt", rep(b"Aa.\n\n", 5 << 20))
w("text-2mb-article.txt", [("Delegation %d met officials of region %d on Tuesday. %s" % (i, i % 97, "\n\n" if i % 5 == 4 else "")).encode() for i in range(30000)])
w("html-1m-paragraphs.html", [b"<html><body>", *rep(b"<p>Bb.</p>", 10 << 20), b"</body></html>"])
inputs = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if os.path.isfile(os.path.join(corpus, f)) and not f.startswith(("README", "make-")))
inputs += sorted(os.path.join(big, f) for f in os.listdir(big))
worst_t = worst_m = (0, "")
# Each run under its own shim, so ru_maxrss of the shim's children is that one run's peak.
SHIM = "import resource, subprocess, sys\nr = subprocess.run(sys.argv[1:], capture_output=True, text=True)\nprint((r.stderr.strip().splitlines() or [''])[-1])\nprint(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
for i, path in enumerate(inputs):
    db = os.path.join(tmp, "b%d.db" % i)
    t = time.monotonic()
    out = subprocess.run([sys.executable, "-c", SHIM, bin, "--db", db, "ingest", path], capture_output=True, text=True).stdout.splitlines()
    dt = time.monotonic() - t
    summary = out[0]
    code, kib = map(int, out[1].split())
    rss = kib // 1024
    name = os.path.basename(path)
    print("%-40s %6.2f s  %4d MiB  exit %d  %s" % (name, dt, rss, code, summary))
    worst_t = max(worst_t, (dt, name)); worst_m = max(worst_m, (rss, name))
print("%d inputs; slowest %.2f s (%s); peak RSS %d MiB (%s)" % (len(inputs), worst_t[0], worst_t[1], worst_m[0], worst_m[1]))
PY
