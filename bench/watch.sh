#!/usr/bin/env bash
# One `tamga watch` round over ITEMS new feed items served by a loopback HTTP server (python's
# http.server, FEEDS feeds on one host, each item a random draw of the seeds' paragraphs so
# ingest keeps them as distinct documents), then a second round with nothing new (conditional
# GETs answered 304). Prints items/s and the share of the round spent fetching, ingesting
# (extract, dedup, store) and coding (code + cluster + alerts). Politeness delay 0 (one local
# host; with the default 1s the round would be FEEDS seconds longer). Not a timed test; figures
# depend on the machine. Run from the repository root:
#   bench/watch.sh [ITEMS] [FEEDS]
set -euo pipefail

ITEMS=${1:-1000}
FEEDS=${2:-10}
SEEDS=../shared/corpus/seeds
OUT=bench/out/watch
BIN=${CARGO_TARGET_DIR:-target}/release/tamga
[ -d "$SEEDS" ] || { echo "missing $SEEDS" >&2; exit 2; }
rm -rf "$OUT" && mkdir -p "$OUT/www"
cargo build --release -q -p tamga
# A copy: a shared target directory may get another checkout's build in the meantime.
cp "$BIN" "$OUT/tamga" && BIN="$OUT/tamga"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$SEEDS" "$OUT/www" "$ITEMS" "$FEEDS" "$port" > "$OUT/sources.txt" <<'PY'
import html, os, random, sys
from email.utils import formatdate
seeds, www, items, feeds, port = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
paras = []
for name in sorted(os.listdir(seeds)):
    text = open(os.path.join(seeds, name), encoding="utf-8").read()
    paras += [p.strip() for p in text.split("\n\n") if len(p.strip()) > 80]
rng = random.Random(11)
base = f"http://127.0.0.1:{port}"
per = -(-items // feeds)
n = 0
for f in range(feeds):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
           f"<title>Bench wire {f}</title><link>{base}/</link>"]
    for _ in range(per):
        if n >= items:
            break
        body = "".join(f"<p>{html.escape(p)}</p>" for p in rng.sample(paras, min(len(paras), rng.randint(4, 9))))
        when = formatdate(1700000000 + rng.randint(0, 3 * 10**8), usegmt=True)
        out.append(f"<item><title>Bench item {n}</title><link>{base}/item/{n}</link>"
                   f"<guid>{base}/item/{n}</guid><pubDate>{when}</pubDate>"
                   f"<description>{html.escape(body)}</description></item>")
        n += 1
    out.append("</channel></rss>\n")
    with open(os.path.join(www, f"feed{f}.xml"), "w", encoding="utf-8") as fh:
        fh.write("".join(out))
    print(f"{base}/feed{f}.xml Bench wire {f}")
PY

python3 -m http.server --bind 127.0.0.1 --directory "$OUT/www" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/feed0.xml')" 2>/dev/null && break
  sleep 0.1
done

round() {
  "$BIN" --db "$OUT/watch.db" watch --once --delay 0s --sources "$OUT/sources.txt" 2>"$OUT/stderr.txt" | grep '^round'
}
first=$(round)
second=$(round)
echo "items: $ITEMS in $FEEDS feeds on a loopback server; $(nproc) cores"
python3 - "$first" "$second" "$ITEMS" <<'PY'
import re, sys
def parse(line):
    return {k: float(v) for k, v in re.findall(r"(fetch|ingest|code|total) ([0-9.]+)s", line)}, line
for label, line in (("first round (all new)", sys.argv[1]), ("second round (nothing new)", sys.argv[2])):
    t, raw = parse(line)
    print(f"{label}: {raw.split(': ', 1)[1]}")
    total = t["total"] or 1e-9
    share = ", ".join(f"{k} {100 * t[k] / total:.0f}%" for k in ("fetch", "ingest", "code"))
    print(f"  {share}")
t, _ = parse(sys.argv[1])
print(f"items/s (first round, whole round): {int(sys.argv[3]) / t['total']:.0f}")
PY
