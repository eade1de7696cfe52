#!/usr/bin/env bash
# Extraction benchmark: tamga vs trafilatura on the shared dev pages, one core each.
# Prints F1 (score.py), pages/s and peak RSS for both, then the speed ratio.
# Run from the repository root: bench/extraction.sh [DEV_DIR]
set -euo pipefail

DEV=${1:-../shared/bench/extraction/dev}
HTML="$DEV/html"
GOLD="$DEV/gold.jsonl"
SCORE="$DEV/../score.py"
OUT=bench/out
VENV=bench/.venv
for f in "$HTML" "$GOLD" "$SCORE"; do
    [ -e "$f" ] || { echo "missing $f (pass the dev directory as the first argument)" >&2; exit 2; }
done
mkdir -p "$OUT"

cargo build --release -q -p tamga-ingest --example extract_bench
cargo build --release -q -p tamga
if ! "$VENV/bin/python" -c "import trafilatura" 2>/dev/null; then
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q trafilatura lxml_html_clean
fi

TIME=()
if [ -x /usr/bin/time ]; then TIME=(/usr/bin/time -v); fi
rss() { grep -o 'Maximum resident set size (kbytes): [0-9]*' "$1" | awk '{printf "%.0f MB", $NF/1024}'; }
f1() { python3 "$SCORE" "$GOLD" "$1" | awk '/^f1 /{print $2}'; }

echo "== tamga"
"${TIME[@]}" taskset -c 0 target/release/examples/extract_bench "$HTML" --out "$OUT/tamga.jsonl" \
    --rounds 5 >"$OUT/tamga.txt" 2>"$OUT/tamga.time"
cat "$OUT/tamga.txt"
tamga_pps=$(grep -o '[0-9.]* pages/s' "$OUT/tamga.txt" | awk '{print $1}')
tamga_f1=$(f1 "$OUT/tamga.jsonl")
echo "F1 $tamga_f1  peak RSS $(rss "$OUT/tamga.time")"

echo "== trafilatura $("$VENV/bin/python" -c 'import trafilatura; print(trafilatura.__version__)')"
"${TIME[@]}" taskset -c 0 "$VENV/bin/python" bench/extraction_peer.py "$HTML" "$OUT/trafilatura.jsonl" \
    >"$OUT/trafilatura.txt" 2>"$OUT/trafilatura.time"
cat "$OUT/trafilatura.txt"
peer_pps=$(grep -o '[0-9.]* pages/s' "$OUT/trafilatura.txt" | awk '{print $1}')
peer_f1=$(f1 "$OUT/trafilatura.jsonl")
echo "F1 $peer_f1  peak RSS $(rss "$OUT/trafilatura.time")"

echo "== tamga extract, end to end (files on disk: gunzip, detection, extraction, language, hashes, JSON out)"
start=$(date +%s.%N)
taskset -c 0 target/release/tamga extract "$HTML" >"$OUT/tamga-cli.jsonl" 2>"$OUT/tamga-cli.log"
end=$(date +%s.%N)
cli_pps=$(awk -v n="$(wc -l <"$OUT/tamga-cli.jsonl")" -v s="$start" -v e="$end" 'BEGIN{printf "%.0f", n/(e-s)}')
echo "$cli_pps pages/s (one core, one pass, process start included)"

echo "== summary"
printf "tamga        F1 %s  %s pages/s\n" "$tamga_f1" "$tamga_pps"
printf "trafilatura  F1 %s  %s pages/s\n" "$peer_f1" "$peer_pps"
awk -v a="$tamga_pps" -v b="$peer_pps" 'BEGIN{printf "speed ratio  %.1fx\n", a/b}'
