#!/usr/bin/env bash
# The API under load while `tamga run` ingests: a store is built from BASE generated articles
# (bench/make_corpus.py), then `tamga run` ingests and codes MORE further articles into it
# while `tamga serve` answers a bounded loopback load for SECS seconds: one `oha` client per
# endpoint, each with one connection, over the event listing (plain and filtered), the
# timeline, the actor network, places, documents, search and health. Prints per endpoint and
# in total: requests, errors (anything but 200, and transport errors; must be 0), p50/p99
# latency and requests/s; then whether `run` was still ingesting when the load ended, what
# it stored meanwhile, and the server's peak RSS. Exit status 1 if any request failed.
# Generated files live in /tmp/sec-load.* and are removed at the end.
# Run from the repository root:
#   bench/load.sh [BASE] [MORE] [SECS]
set -euo pipefail

BASE=${1:-2000}
MORE=${2:-6000}
SECS=${3:-60}
SEEDS=../shared/corpus/seeds
BIN=${TAMGA_BIN:-${CARGO_TARGET_DIR:-target}/release/tamga}
[ -d "$SEEDS" ] || { echo "missing $SEEDS" >&2; exit 2; }
[ -n "${TAMGA_BIN:-}" ] || cargo build --release -q --locked -p tamga

# oha (an HTTP load generator) from crates.io, into a bench-local root when not on PATH.
OHA=$(command -v oha || true)
if [ -z "$OHA" ]; then
  OHA=bench/.tools/bin/oha
  [ -x "$OHA" ] || cargo install oha --locked --root bench/.tools
fi

WORK=$(mktemp -d /tmp/sec-load.XXXXXX)
SERVER=""
RUN=""
cleanup() {
  [ -z "$RUN" ] || kill "$RUN" 2>/dev/null || true
  [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
DB=$WORK/store.db

python3 bench/make_corpus.py "$SEEDS" "$WORK/base.jsonl" "$BASE" --prefix load --seed 21
python3 bench/make_corpus.py "$SEEDS" "$WORK/more.jsonl" "$MORE" --prefix load --seed 22 \
  --start "$BASE"
echo "building the store: $BASE articles" >&2
"$BIN" --db "$DB" run "$WORK/base.jsonl" >"$WORK/base-run.txt" 2>&1
grep -E "^store:" "$WORK/base-run.txt" || true
count() { "$BIN" --db "$DB" stats --format jsonl | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["documents"], o["events"])'; }
read -r DOCS0 EVENTS0 < <(count)

"$BIN" --db "$DB" serve --addr 127.0.0.1:0 >"$WORK/serve.txt" 2>"$WORK/serve.err" &
SERVER=$!
for _ in $(seq 200); do grep -q "listening on" "$WORK/serve.txt" && break; sleep 0.1; done
URL=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$WORK/serve.txt")
[ -n "$URL" ] || { cat "$WORK/serve.err" >&2; exit 1; }

"$BIN" --db "$DB" run "$WORK/more.jsonl" >"$WORK/run.txt" 2>&1 &
RUN=$!
# Until the run has stored its first batch: the load then meets a writer from the start.
for _ in $(seq 600); do
  read -r d _ < <(count)
  [ "$d" -gt "$DOCS0" ] && break
  sleep 0.5
done

ENDPOINTS=(
  "/api/events"
  "/api/events?type=CONSULT&status=occurred&limit=20"
  "/api/timeline?interval=month"
  "/api/actors?limit=40"
  "/api/places?limit=200"
  "/api/documents?limit=20"
  "/api/search?q=president&limit=20"
  "/healthz"
)
echo "load: ${#ENDPOINTS[@]} endpoints, 1 connection each, ${SECS} s, loopback; store $DOCS0 documents, $EVENTS0 events; run ingesting $MORE more" >&2
pids=()
i=0
for ep in "${ENDPOINTS[@]}"; do
  # Requests still running at the deadline are waited for (-w), not counted as errors.
  "$OHA" -z "${SECS}s" -c 1 -w --no-tui --output-format json "$URL$ep" >"$WORK/oha-$i.json" &
  pids+=($!)
  i=$((i + 1))
done
for p in "${pids[@]}"; do wait "$p"; done
if kill -0 "$RUN" 2>/dev/null; then RUNNING=yes; else RUNNING=no; fi
read -r DOCS1 EVENTS1 < <(count)
RSS=$(sed -n 's/^VmHWM:\s*//p' "/proc/$SERVER/status" 2>/dev/null || echo "?")

python3 - "$WORK" "${ENDPOINTS[@]}" <<'PY'
import json, sys
work, endpoints = sys.argv[1], sys.argv[2:]
print(f"{'endpoint':<52} {'requests':>8} {'errors':>6} {'p50 ms':>9} {'p99 ms':>9} {'req/s':>7}")
tot_req = tot_err = 0
tot_rps = 0.0
for i, ep in enumerate(endpoints):
    r = json.load(open(f"{work}/oha-{i}.json"))
    s = r["summary"]
    pct = r.get("latencyPercentiles") or {}
    codes = r.get("statusCodeDistribution", {})
    errors = sum(v for k, v in codes.items() if k != "200") + sum(r.get("errorDistribution", {}).values())
    total = sum(codes.values()) + sum(r.get("errorDistribution", {}).values())
    ms = lambda v: f"{v * 1000:.1f}" if v is not None else "-"
    tot_req += total; tot_err += errors; tot_rps += s["requestsPerSec"]
    print(f"{ep:<52} {total:>8} {errors:>6} {ms(pct.get('p50')):>9} {ms(pct.get('p99')):>9} {s['requestsPerSec']:>7.1f}")
print(f"{'all':<52} {tot_req:>8} {tot_err:>6} {'':>9} {'':>9} {tot_rps:>7.1f}")
open(f"{work}/errors", "w").write(str(tot_err))
PY
echo "run still ingesting when the load ended: $RUNNING; meanwhile the store went from $DOCS0 to $DOCS1 documents, $EVENTS0 to $EVENTS1 events"
echo "server peak RSS: $RSS"
[ "$RUNNING" = yes ] || echo "warning: the run ended before the load did; give more articles (MORE)" >&2
[ "$(cat "$WORK/errors")" = 0 ] || { echo "FAILED: some requests failed" >&2; tail -5 "$WORK/serve.err" >&2; exit 1; }
