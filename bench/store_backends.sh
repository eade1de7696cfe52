#!/usr/bin/env bash
# Store backends side by side: ingest+code throughput (`tamga run`) into SQLite and into
# PostgreSQL on the same generated corpus (DOCS articles, each a random draw of the seeds'
# paragraphs, so ingest keeps them as distinct documents), then export speed per format from
# each backend, best of ROUNDS. Not a timed test; figures depend on the machine.
#   bench/store_backends.sh [DOCS] [ROUNDS]
# Writes its corpus, stores and exports under bench/out/store_backends/.
# PostgreSQL: the server in TAMGA_BENCH_PG (a postgres:// URL; the bench creates and drops its
# own schema), else a throw-away cluster made by ci/with-postgres.sh (fsync off, as SQLite's
# WAL with synchronous=NORMAL does not sync at commit either).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TAMGA_BENCH_PG:-}" ]; then
  if [ -z "${TAMGA_TEST_PG:-}" ]; then
    exec ci/with-postgres.sh "$0" "$@"
  fi
  TAMGA_BENCH_PG=$TAMGA_TEST_PG
fi

DOCS=${1:-2000}
ROUNDS=${2:-3}
SEEDS=../shared/corpus/seeds
OUT=bench/out/store_backends
[ -d "$SEEDS" ] || { echo "missing $SEEDS" >&2; exit 2; }
mkdir -p "$OUT"
# A private copy: a build directory shared with other checkouts may replace the binary.
# TAMGA_BENCH_BIN names an already built binary instead.
BIN=$OUT/tamga
if [ -n "${TAMGA_BENCH_BIN:-}" ]; then
  cp "$TAMGA_BENCH_BIN" "$BIN"
else
  cargo build --release -q -p tamga
  cp "${CARGO_TARGET_DIR:-target}/release/tamga" "$BIN"
fi
"$BIN" --help | grep -q "PostgreSQL" || { echo "$BIN has no PostgreSQL backend" >&2; exit 1; }

# Same corpus as before the generator was shared: 6-14 paragraphs, 17 sources.
python3 bench/make_corpus.py "$SEEDS" "$OUT/corpus.jsonl" "$DOCS" --prefix bench --seed 11 \
  --paras 6-14 --sources 17

schema="bench_$$"
sep='?'; case "$TAMGA_BENCH_PG" in *\?*) sep='&';; esac
PG="${TAMGA_BENCH_PG}${sep}options=-csearch_path%3D${schema}"
psql_bin=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | tail -1)
"$psql_bin" -q "$TAMGA_BENCH_PG" -c "CREATE SCHEMA $schema"
trap '"$psql_bin" -q "$TAMGA_BENCH_PG" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT

SQLITE=$OUT/store.db
rm -f "$SQLITE" "$SQLITE-wal" "$SQLITE-shm"
now() { date +%s.%N; }

declare -A RUN_T EVENTS DOCS_STORED
for side in sqlite postgres; do
  db=$SQLITE; [ "$side" = postgres ] && db=$PG
  start=$(now)
  "$BIN" --db "$db" run "$OUT/corpus.jsonl" >"$OUT/run.$side.txt" 2>&1
  RUN_T[$side]=$(awk -v a="$start" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}')
  DOCS_STORED[$side]=$(sed -n 's/^store: \([0-9]*\) documents.*/\1/p' "$OUT/run.$side.txt")
  EVENTS[$side]=$(sed -n 's/^store: [0-9]* documents, \([0-9]*\) events.*/\1/p' "$OUT/run.$side.txt")
done

echo "corpus: $DOCS generated articles ($(du -h "$OUT/corpus.jsonl" | cut -f1)); $(nproc) cores"
echo
echo "ingest+code (tamga run)      SQLite        PostgreSQL"
awk -v ts="${RUN_T[sqlite]}" -v tp="${RUN_T[postgres]}" \
    -v ds="${DOCS_STORED[sqlite]}" -v dp="${DOCS_STORED[postgres]}" \
    -v es="${EVENTS[sqlite]}" -v ep="${EVENTS[postgres]}" 'BEGIN{
  printf "  documents stored        %10d    %10d\n", ds, dp
  printf "  events stored           %10d    %10d\n", es, ep
  printf "  elapsed (s)             %10.2f    %10.2f\n", ts, tp
  printf "  documents/s             %10.1f    %10.1f\n", ds/ts, dp/tp
  printf "  events/s                %10.0f    %10.0f\n", es/ts, ep/tp
}'

if [ "${EVENTS[sqlite]}" != "${EVENTS[postgres]}" ] || [ "${DOCS_STORED[sqlite]}" != "${DOCS_STORED[postgres]}" ]; then
  echo "warning: the backends stored different counts" >&2
fi

echo
echo "export --mentions, best of $ROUNDS (events/s)"
echo "  format         SQLite    PostgreSQL"
for fmt in jsonl csv parquet gdelt; do
  line="  $(printf '%-8s' "$fmt")"
  for side in sqlite postgres; do
    db=$SQLITE; [ "$side" = postgres ] && db=$PG
    best=
    for _ in $(seq "$ROUNDS"); do
      start=$(now)
      "$BIN" --db "$db" export --format "$fmt" --mentions --out "$OUT/events.$side.$fmt" 2>/dev/null
      t=$(awk -v a="$start" -v b="$(now)" 'BEGIN{printf "%.3f", b-a}')
      if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN{exit !(t<b)}'; then best=$t; fi
    done
    n=$(awk -v n="${EVENTS[$side]}" -v t="$best" 'BEGIN{printf "%12.0f", n/t}')
    line="$line  $n"
  done
  echo "$line"
done
if cmp -s "$OUT/events.sqlite.jsonl" "$OUT/events.postgres.jsonl"; then
  echo "(JSONL exports of the two backends are identical)"
else
  echo "warning: the JSONL exports of the two backends differ" >&2
fi
