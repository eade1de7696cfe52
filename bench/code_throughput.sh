#!/usr/bin/env bash
# Coding throughput: `tamga code --stdin` (annotate, resolve actors, code, attach status, date,
# place and quantities, write event JSON) on the PETRARCH unit-test records repeated to at least
# N sentences (default 100,000), pinned to one core with one worker thread. Prints sentences/s
# and records/s, best of ROUNDS runs. Loading the dictionaries is timed apart (an empty input).
# Not a timed test. Run from the repository root: bench/code_throughput.sh [SENTENCES] [ROUNDS]
set -euo pipefail

TARGET=${1:-100000}
ROUNDS=${2:-3}
BENCH=../shared/bench/petrarch
DICTS=$BENCH/dictionaries
OUT=bench/out
BIN=${CARGO_TARGET_DIR:-target}/release/tamga
[ -f "$BENCH/dev.jsonl" ] || { echo "missing $BENCH/dev.jsonl" >&2; exit 2; }
mkdir -p "$OUT"
cargo build --release -q -p tamga

# Each record is one sentence; ids made unique per copy so nothing is cached by id.
python3 - "$BENCH/dev.jsonl" "$OUT/code_corpus.jsonl" "$TARGET" <<'PY'
import json, sys
src, out, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
recs = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
n = 0
with open(out, "w", encoding="utf-8") as f:
    while n < target:
        for r in recs:
            f.write(json.dumps({"id": f"{r['id']}#{n}", "date": r["date"], "text": r["text"]}) + "\n")
            n += 1
PY
records=$(wc -l <"$OUT/code_corpus.jsonl")
mb=$(awk -v b="$(wc -c <"$OUT/code_corpus.jsonl")" 'BEGIN{printf "%.2f", b/1e6}')
echo "corpus: $records one-sentence records ($mb MB of JSONL), PETR.Validate dictionaries via --dict"

dicts=(--dict "$DICTS/PETR.Validate.verbs.txt" --dict "$DICTS/PETR.Validate.actors.txt"
    --dict "$DICTS/PETR.Validate.agents.txt" --dict "$DICTS/PETR.Validate.discards.txt")
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
export RAYON_NUM_THREADS=1

now() { date +%s.%N; }
start=$(now)
"${pin[@]}" "$BIN" code --stdin "${dicts[@]}" </dev/null >/dev/null 2>&1
load=$(awk -v a="$start" -v b="$(now)" 'BEGIN{printf "%.3f", b-a}')
echo "dictionary load (empty input): ${load}s"

best=
for _ in $(seq "$ROUNDS"); do
    start=$(now)
    "${pin[@]}" "$BIN" code --stdin "${dicts[@]}" <"$OUT/code_corpus.jsonl" >"$OUT/code_events.jsonl" 2>"$OUT/code_stderr.txt"
    t=$(awk -v a="$start" -v b="$(now)" 'BEGIN{printf "%.3f", b-a}')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN{exit !(t<b)}'; then best=$t; fi
done
events=$(wc -l <"$OUT/code_events.jsonl")
awk -v n="$records" -v t="$best" -v l="$load" -v e="$events" 'BEGIN{
    printf "tamga code --stdin, 1 core: %.2fs for %d sentences (%d events)\n", t, n, e;
    printf "  %.0f sentences/s including load, %.0f sentences/s coding alone\n", n/t, n/(t-l);
    printf "  target 10,000 sentences/s; PETRARCH2 (published figure, not run here): ~250/s\n"}'
