#!/usr/bin/env bash
# HTTP API speed: requests/s and latency percentiles of `GET /api/events` (first page, a filtered
# page, a deep page by cursor, and one event's detail) from `tamga serve` on loopback, measured
# with `oha` for a fixed duration per endpoint. The store (>= 100k events) is built by `tamga
# run` from a generated corpus (bench/make_corpus.py): DOCS articles, each a random draw of the
# seed corpus' paragraphs with its own date and source. Not a timed test; figures depend on
# the machine.
# Run from the repository root:
#   bench/serve.sh [DOCS] [SECONDS] [CONNECTIONS]
# TAMGA_BENCH_OUT names the folder for the corpus, store and results (default bench/out/serve);
# TAMGA_BIN a built binary.
set -euo pipefail

DOCS=${1:-8000}
SECS=${2:-10}
CONNS=${3:-4}
SEEDS=../shared/corpus/seeds
OUT=${TAMGA_BENCH_OUT:-bench/out/serve}
BIN=${TAMGA_BIN:-${CARGO_TARGET_DIR:-target}/release/tamga}
[ -d "$SEEDS" ] || { echo "missing $SEEDS" >&2; exit 2; }
mkdir -p "$OUT"
[ -n "${TAMGA_BIN:-}" ] || cargo build --release -q --locked -p tamga

# oha (an HTTP load generator) from crates.io, into a bench-local root when not on PATH.
OHA=$(command -v oha || true)
if [ -z "$OHA" ]; then
  OHA=bench/.tools/bin/oha
  [ -x "$OHA" ] || cargo install oha --locked --root bench/.tools
fi

DB=$OUT/store.db
if [ ! -f "$OUT/store.ok" ] || [ "$(cat "$OUT/store.ok")" != "$DOCS" ]; then
  python3 bench/make_corpus.py "$SEEDS" "$OUT/corpus.jsonl" "$DOCS"
  rm -f "$DB" "$DB-wal" "$DB-shm"
  "$BIN" --db "$DB" run "$OUT/corpus.jsonl" >"$OUT/run.txt" 2>&1
  echo "$DOCS" >"$OUT/store.ok"
fi
grep -E "^(documents|store):" "$OUT/run.txt" || true
EVENTS=$(sed -n 's/^store: [0-9]* documents, \([0-9]*\) events in.*/\1/p' "$OUT/run.txt")
CLUSTERS=$(sed -n 's/^store: .* events in \([0-9]*\) clusters.*/\1/p' "$OUT/run.txt")
if [ "${EVENTS:-0}" -lt 100000 ]; then
  echo "the store has ${EVENTS:-0} events, fewer than 100000: give more DOCS" >&2
  exit 1
fi

"$BIN" --db "$DB" serve --addr 127.0.0.1:0 >"$OUT/serve.txt" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening on" "$OUT/serve.txt" && break; sleep 0.1; done
BASE=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$OUT/serve.txt")
[ -n "$BASE" ] || { cat "$OUT/serve.txt" >&2; exit 1; }

# A deep page (the one after the first 50,000 clusters) and one event, found through the API
# itself: the cursor after 100 pages of 500 (a server with offset cursors takes `o50000`).
ID=$(curl -sf "$BASE/api/events?limit=1&sort=mentions&desc=true" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["events"][0]["id"])')
CURSOR=$(python3 - "$BASE" <<'PY'
import json, sys, time, urllib.parse, urllib.request
base = sys.argv[1]
first = json.load(urllib.request.urlopen(f"{base}/api/events?limit=1"))
if (first.get("next") or "").startswith("o"):
    print("o50000")
    sys.exit()
cursor, t = None, time.monotonic()
for _ in range(100):
    q = "limit=500" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
    cursor = json.load(urllib.request.urlopen(f"{base}/api/events?{q}"))["next"]
print(cursor)
print(f"walked 100 pages of 500 in {time.monotonic() - t:.1f} s", file=sys.stderr)
PY
)
DEEP="$BASE/api/events?cursor=$CURSOR"
t0=$(date +%s.%N)
curl -sf "$DEEP" >/dev/null
echo "deep page, one request alone: $(python3 -c "import time; print(f'{time.time() - $t0:.3f} s')")"

echo "store: $EVENTS events in $CLUSTERS clusters; $SECS s per endpoint, $CONNS connections, loopback"
printf '%-46s %8s %9s %9s %9s %7s\n' endpoint "req/s" "p50 ms" "p99 ms" requests errors
for url in "$BASE/api/events" "$BASE/api/events?type=CONSULT&status=occurred" \
           "$BASE/api/events?mentions=true&limit=500" "$DEEP" "$BASE/api/events/$ID"; do
  # Requests still running at the deadline are waited for, not counted as errors.
  "$OHA" -z "${SECS}s" -c "$CONNS" -w --no-tui --output-format json "$url" >"$OUT/oha.json"
  python3 - "$OUT/oha.json" "${url#"$BASE"}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
pct = r.get("latencyPercentiles") or r.get("latency_percentiles") or {}
codes = r.get("statusCodeDistribution", {})
errors = sum(v for k, v in codes.items() if k != "200") + sum(r.get("errorDistribution", {}).values())
ms = lambda v: f"{v * 1000:.2f}" if v is not None else "-"
total = sum(codes.values())
print(f"{sys.argv[2]:<46} {s['requestsPerSec']:>8.1f} {ms(pct.get('p50')):>9} {ms(pct.get('p99')):>9} {total:>9} {errors:>7}")
PY
done
