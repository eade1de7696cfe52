#!/usr/bin/env bash
# PETRARCH conformance: codes ../shared/bench/petrarch/dev.jsonl with only the four
# PETR.Validate.* dictionaries (verbs, actors, agents, discards; no shipped ones, dyads
# required) and scores with that folder's score.py (exact, root+actors, root-only P/R/F1).
# Extra arguments go to the scorer (--show-errors N, --json, --min-root-f1 X). Never writes
# the gold. Run from the repository root: bench/events_petrarch.sh [--show-errors 20]
set -euo pipefail

BENCH=../shared/bench/petrarch
DICTS=$BENCH/dictionaries
OUT=bench/out
[ -f "$BENCH/dev.jsonl" ] || { echo "missing $BENCH/dev.jsonl" >&2; exit 2; }
mkdir -p "$OUT"
. bench/events_common.sh
pick_coder --only
echo "coder: ${CODER[*]}" >&2

mapfile -t dicts < <(dict_args "$DICTS/PETR.Validate.verbs.txt" "$DICTS/PETR.Validate.actors.txt" \
    "$DICTS/PETR.Validate.agents.txt" "$DICTS/PETR.Validate.discards.txt")
"${CODER[@]}" "${dicts[@]}" <"$BENCH/dev.jsonl" >"$OUT/petrarch_events.jsonl"
python3 bench/events_pred.py petrarch <"$OUT/petrarch_events.jsonl" >"$OUT/petrarch_pred.jsonl"
echo "events: $(wc -l <"$OUT/petrarch_events.jsonl") ($OUT/petrarch_events.jsonl)" >&2
python3 "$BENCH/score.py" "$BENCH/dev.jsonl" "$OUT/petrarch_pred.jsonl" "$@"
