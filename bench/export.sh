#!/usr/bin/env bash
# Export speed: builds a store from the seed corpus repeated (DOCS generated articles, each a
# random draw of the seeds' paragraphs, so ingest keeps them as distinct documents), then times
# `tamga export --mentions` in each format, best of ROUNDS, and prints events/s. Not a timed
# test; figures depend on the machine. Run from the repository root:
#   bench/export.sh [DOCS] [ROUNDS]
set -euo pipefail

DOCS=${1:-3000}
ROUNDS=${2:-3}
SEEDS=../shared/corpus/seeds
OUT=bench/out/export
BIN=${CARGO_TARGET_DIR:-target}/release/tamga
[ -d "$SEEDS" ] || { echo "missing $SEEDS" >&2; exit 2; }
mkdir -p "$OUT"
cargo build --release -q -p tamga

# Same corpus as before the generator was shared: 6-14 paragraphs, 17 sources.
python3 bench/make_corpus.py "$SEEDS" "$OUT/corpus.jsonl" "$DOCS" --prefix bench --seed 7 \
  --paras 6-14 --sources 17

DB=$OUT/store.db
rm -f "$DB" "$DB-wal" "$DB-shm"
now() { date +%s.%N; }
start=$(now)
"$BIN" --db "$DB" run "$OUT/corpus.jsonl" >"$OUT/run.txt" 2>&1
built=$(awk -v a="$start" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
grep -E "^(documents|store):" "$OUT/run.txt" || true
echo "store built in ${built}s ($(du -h "$DB" | cut -f1))"

events=$("$BIN" --db "$DB" export --format jsonl --mentions --out - | wc -l)
echo "exporting $events events (every mention), best of $ROUNDS:"
for fmt in jsonl csv parquet gdelt; do
    best=
    for _ in $(seq "$ROUNDS"); do
        start=$(now)
        "$BIN" --db "$DB" export --format "$fmt" --mentions --out "$OUT/events.$fmt" 2>/dev/null
        t=$(awk -v a="$start" -v b="$(now)" 'BEGIN{printf "%.3f", b-a}')
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN{exit !(t<b)}'; then best=$t; fi
    done
    size=$(du -h "$OUT/events.$fmt" | cut -f1)
    awk -v f="$fmt" -v n="$events" -v t="$best" -v s="$size" \
        'BEGIN{printf "  %-8s %7.3fs  %9.0f events/s  %s\n", f, t, n/t, s}'
done
