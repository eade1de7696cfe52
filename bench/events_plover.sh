#!/usr/bin/env bash
# PLOVER event types: codes ../shared/bench/plover/dev.jsonl with the shipped dictionaries and
# tamga's patterns, and scores the types with that folder's score.py (per-type P/R/F1, macro
# F1). Extra arguments go to the scorer (--show-errors N, --min-macro-f1 X). Never writes the
# gold. Run from the repository root: bench/events_plover.sh [--show-errors 40]
set -euo pipefail

BENCH=../shared/bench/plover
OUT=bench/out
[ -f "$BENCH/dev.jsonl" ] || { echo "missing $BENCH/dev.jsonl" >&2; exit 2; }
mkdir -p "$OUT"
. bench/events_common.sh
pick_coder
echo "coder: ${CODER[*]}" >&2

"${CODER[@]}" <"$BENCH/dev.jsonl" >"$OUT/plover_events.jsonl"
python3 bench/events_pred.py plover <"$OUT/plover_events.jsonl" >"$OUT/plover_pred.jsonl"
echo "events: $(wc -l <"$OUT/plover_events.jsonl") ($OUT/plover_events.jsonl)" >&2
python3 "$BENCH/score.py" "$BENCH/dev.jsonl" "$OUT/plover_pred.jsonl" "$@"
