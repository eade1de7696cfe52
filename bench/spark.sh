#!/usr/bin/env bash
# Spark scale-out speed: builds a WARC.gz archive of SIZE_MB MB of pages (spark/make_archive.py:
# the benchmark pages and seeds, then varied copies), then codes it three ways on this machine
# and prints events/s and documents/s for each: one `tamga run` (all cores), the Spark job in
# local[1] and in local[2] (spark/tamga_spark.py, one core per task), and the local[2]/local[1]
# scaling ratio. Not a timed test; figures depend on the machine. From the repository root:
#   [TAMGA_BIN=...] bench/spark.sh [SIZE_MB] [RECORDS_PER_SHARD]
# The archive is kept in bench/out/spark/shards-SIZE_MB for reruns.
set -euo pipefail
SIZE_MB=${1:-1100}
PER_SHARD=${2:-500}
OUT=bench/out/spark
SHARDS=$OUT/shards-$SIZE_MB
VENV=spark/.venv
mkdir -p "$OUT"
# TAMGA_BIN: a release binary already built (skips the build).
if [ -n "${TAMGA_BIN:-}" ]; then
  BIN=$TAMGA_BIN
else
  cargo build --release -q -p tamga --locked
  BIN=${CARGO_TARGET_DIR:-$(pwd)/target}/release/tamga
fi
if ! "$VENV/bin/python" -c "import pyspark, warcio, pyarrow" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pyspark==3.5.3 warcio==1.7.5 pyarrow==26.0.1
fi
PY=$(pwd)/$VENV/bin/python
export PYSPARK_PYTHON="$PY" PYSPARK_DRIVER_PYTHON="$PY"
if [ ! -f "$SHARDS/archive.json" ]; then
  rm -rf "$SHARDS"
  "$PY" spark/make_archive.py "$SHARDS/warc" --size-mb "$SIZE_MB" --records-per-shard "$PER_SHARD" \
    >"$SHARDS.json.tmp"
  mv "$SHARDS.json.tmp" "$SHARDS/archive.json"
fi
echo "archive: $(cat "$SHARDS/archive.json")"
now() { date +%s.%N; }

rm -f "$OUT/run.db" "$OUT/run.db-wal" "$OUT/run.db-shm"
start=$(now)
"$BIN" --db "$OUT/run.db" run "$SHARDS/warc" >"$OUT/run.txt" 2>&1
t_run=$(awk -v a="$start" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
stats=$("$BIN" --db "$OUT/run.db" stats --format jsonl)
ev_run=$(echo "$stats" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['events'])")
docs_run=$(echo "$stats" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['documents'])")
echo "tamga run (all $(nproc) cores): ${t_run}s, $docs_run documents, $ev_run events, $(awk -v e="$ev_run" -v t="$t_run" 'BEGIN{printf "%.0f", e/t}') events/s"

for master in 'local[1]' 'local[2]'; do
  start=$(now)
  "$PY" spark/tamga_spark.py --master "$master" --tamga "$BIN" --out "$OUT/out" "$SHARDS/warc" \
    >"$OUT/spark.txt" 2>"$OUT/spark.log"
  t=$(awk -v a="$start" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
  ev=$("$PY" -c "import json; print(json.load(open('$OUT/out/summary.json'))['events_kept'])")
  dk=$("$PY" -c "import json; print(json.load(open('$OUT/out/summary.json'))['documents_kept'])")
  st=$("$PY" -c "import json; print(json.load(open('$OUT/out/summary.json'))['stage_s'])")
  echo "spark $master: ${t}s, $dk documents, $ev events, $(awk -v e="$ev" -v t="$t" 'BEGIN{printf "%.0f", e/t}') events/s; stages (s): $st"
  eval "t_${master:6:1}=$t"
done
awk -v a="$t_1" -v b="$t_2" 'BEGIN{printf "scaling local[2]/local[1]: %.2fx\n", a/b}'
# Per-core work without Spark: one shard through `tamga shard` on one thread.
one=$(ls "$SHARDS"/warc/*.warc.gz | head -1)
TIMEFORMAT='%R s wall, %U s user, %S s system'
{ time RAYON_NUM_THREADS=1 "$BIN" shard "$one" >/dev/null 2>"$OUT/shard.txt"; } 2>"$OUT/shard.time"
echo "tamga shard, 1 thread, $(du -m "$one" | cut -f1) MB shard: $(cat "$OUT/shard.time"); $(cat "$OUT/shard.txt")"
