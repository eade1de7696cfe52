#!/usr/bin/env bash
# The Spark scale-out test (called by ci/test.sh): builds WARC.gz shards from the benchmark
# pages and seeds plus two bad shards, runs spark/tamga_spark.py in local[2], runs one
# machine's `tamga run` on the same shards, and checks that events, clusters and documents are
# equal (spark/compare.py), that the bad shards were counted and skipped, and that
# `tamga import --format parquet` loads the output back to the same events.
# Needs Java 17 (.ci/run installs openjdk-17-jre-headless) and makes spark/.venv (PyPI:
# pyspark, warcio, pyarrow). TAMGA_BIN picks the binary (default: a debug build).
# TAMGA_NO_SPARK=1 skips it outside CI, saying why; under CI it never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if [ "${TAMGA_NO_SPARK:-}" = 1 ] && [ "${CI:-}" != true ]; then
  echo "spark test skipped: TAMGA_NO_SPARK=1 says Java/PySpark are absent here"
  exit 0
fi
command -v java >/dev/null || { echo "spark test: java not found (install openjdk-17-jre-headless)" >&2; exit 1; }

VENV=spark/.venv
if ! "$VENV/bin/python" -c "import pyspark, warcio, pyarrow" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pyspark==3.5.3 warcio==1.7.5 pyarrow==26.0.1
fi
PY=$root/$VENV/bin/python

if [ -z "${TAMGA_BIN:-}" ]; then
  cargo build -q -p tamga --locked
  TAMGA_BIN=${CARGO_TARGET_DIR:-$root/target}/debug/tamga
fi
TAMGA=$(cd "$(dirname "$TAMGA_BIN")" && pwd)/$(basename "$TAMGA_BIN")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Two rounds: the pages and seeds, then varied copies (some near-duplicates of the originals).
"$PY" spark/make_archive.py "$tmp/shards" --size-mb 20 --records-per-shard 40 --bad

# One machine: the good shards and the truncated one (whose records before the damage both
# keep), in the order the job lists them; a file that is no WARC is the job's to refuse.
good=()
for f in "$tmp"/shards/*; do
  case "$f" in *zz-not-a-warc*) ;; *) good+=("$f") ;; esac
done
"$TAMGA" --db "$tmp/ref.db" run "${good[@]}" >/dev/null 2>"$tmp/ref.log" || { cat "$tmp/ref.log"; exit 1; }
"$TAMGA" --db "$tmp/ref.db" export --format parquet --mentions --out "$tmp/ref.parquet"
"$TAMGA" --db "$tmp/ref.db" docs --format jsonl >"$tmp/ref_docs.jsonl"
"$TAMGA" --db "$tmp/ref.db" events --format jsonl >"$tmp/ref_clusters.jsonl"

export PYSPARK_PYTHON="$PY" PYSPARK_DRIVER_PYTHON="$PY"
"$PY" spark/tamga_spark.py --master 'local[2]' --tamga "$TAMGA" --out "$tmp/out" "$tmp/shards" \
  2>"$tmp/spark.log" || { tail -50 "$tmp/spark.log"; exit 1; }

"$TAMGA" --db "$tmp/imp.db" import --format parquet "$tmp/out"
"$TAMGA" --db "$tmp/imp.db" export --format parquet --mentions --out "$tmp/imp.parquet"

"$PY" spark/compare.py "$tmp/out" "$tmp/ref.parquet" "$tmp/ref_docs.jsonl" "$tmp/ref_clusters.jsonl" \
  --bad 2 --near --import "$tmp/imp.parquet"
