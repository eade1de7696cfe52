#!/usr/bin/env bash
# Annotation throughput: `tamga annotate` (sentences, tokens and lemmas, times, quantities, quotes,
# modality, names, JSON out) vs spaCy's rule-based English pipeline (blank "en" + sentencizer:
# tokens and sentences only), on the same text, one core each. Prints MB/s and sentences/s for
# both, then the ratio; each side's best of ROUNDS runs, as the machine may be shared. Both are
# given in wall time and in CPU time (user + system: tamga's whole process, reading the file and
# writing the JSON included; spaCy's `nlp.pipe` loop only), the steadier measure when other
# work shares the cores. Not a timed test. Run from the repository root: bench/annotate.sh [MB] [ROUNDS]
set -euo pipefail

TARGET_MB=${1:-8}
ROUNDS=${2:-3}
SEEDS=../shared/corpus/seeds
OUT=bench/out
VENV=bench/.venv
CORPUS=$OUT/annotate_corpus.txt
BIN=${CARGO_TARGET_DIR:-target}/release/tamga
[ -d "$SEEDS" ] || { echo "missing $SEEDS" >&2; exit 2; }
mkdir -p "$OUT"

cargo build --release -q -p tamga
if ! "$VENV/bin/python" -c "import spacy" 2>/dev/null; then
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q spacy
fi

# The five seeds, each a paragraph-separated document, repeated up to the target size.
python3 - "$SEEDS" "$CORPUS" "$TARGET_MB" <<'PY'
import pathlib, sys
seeds, out, mb = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), float(sys.argv[3])
docs = [p.read_text(encoding="utf-8").strip() for p in sorted(seeds.glob("*.txt"))]
one = "\n\n".join(docs) + "\n\n"
reps = max(1, int(mb * 1e6 / len(one.encode("utf-8"))))
out.write_text(one * reps, encoding="utf-8")
PY
size_mb=$(awk -v b="$(wc -c <"$CORPUS")" 'BEGIN{printf "%.2f", b/1e6}')
echo "corpus: $CORPUS, $size_mb MB (the seeds repeated)"

echo "== tamga annotate (whole process: read, annotate, write JSON; best of $ROUNDS)"
tamga_s=
tamga_cpu=
for _ in $(seq "$ROUNDS"); do
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$OUT/annotate_tamga.cpu" taskset -c 0 "$BIN" annotate \
        --published 2006-11-15 "$CORPUS" >"$OUT/annotate_tamga.json" 2>"$OUT/annotate_tamga.txt"
    end=$(date +%s.%N)
    s=$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')
    tamga_s=$(awk -v a="${tamga_s:-$s}" -v b="$s" 'BEGIN{print (b<a)?b:a}')
    c=$(awk '{print $1 + $2}' "$OUT/annotate_tamga.cpu")
    tamga_cpu=$(awk -v a="${tamga_cpu:-$c}" -v b="$c" 'BEGIN{print (b<a)?b:a}')
done
cat "$OUT/annotate_tamga.txt"
tamga_sents=$(grep -o '[0-9]* sentences' "$OUT/annotate_tamga.txt" | awk '{print $1}')
tamga_mbs=$(awk -v m="$size_mb" -v s="$tamga_s" 'BEGIN{printf "%.2f", m/s}')
tamga_sps=$(awk -v n="$tamga_sents" -v s="$tamga_s" 'BEGIN{printf "%.0f", n/s}')
printf "wall %.2fs: %s MB/s, %s sentences/s\n" "$tamga_s" "$tamga_mbs" "$tamga_sps"
tamga_cmbs=$(awk -v m="$size_mb" -v s="$tamga_cpu" 'BEGIN{printf "%.2f", m/s}')
tamga_csps=$(awk -v n="$tamga_sents" -v s="$tamga_cpu" 'BEGIN{printf "%.0f", n/s}')
printf "cpu %.2fs: %s MB/cpu-s, %s sentences/cpu-s\n" "$tamga_cpu" "$tamga_cmbs" "$tamga_csps"

echo "== tamga, each annotator on its own (separate runs, not in the figures above; best of $ROUNDS each)"
for _ in $(seq "$ROUNDS"); do
    taskset -c 0 "$BIN" annotate --timings --published 2006-11-15 "$CORPUS" 2>&1 >/dev/null | grep '^timings'
done | awk '{
    for (i = 2; i < NF; i += 2) {
        name = $i; secs = $(i + 1); sub(/s,?$/, "", secs)
        if (!(name in best) || secs + 0 < best[name]) best[name] = secs + 0
        if (!(name in seen)) { seen[name] = 1; order[++n] = name }
    }
} END {
    line = "timings:"
    for (k = 1; k <= n; k++) line = line sprintf(" %s %.3fs%s", order[k], best[order[k]], k < n ? "," : "")
    print line
}'

echo "== spaCy (blank en + sentencizer; nlp.pipe timed only; best of $ROUNDS)"
taskset -c 0 "$VENV/bin/python" bench/annotate_peer.py "$CORPUS" "$ROUNDS" | tee "$OUT/annotate_spacy.txt"
peer_mbs=$(grep -o '[0-9.]* MB/s' "$OUT/annotate_spacy.txt" | awk '{print $1}')
peer_sps=$(grep -o '[0-9]* sentences/s' "$OUT/annotate_spacy.txt" | awk '{print $1}')
peer_cmbs=$(grep -o '[0-9.]* MB/cpu-s' "$OUT/annotate_spacy.txt" | awk '{print $1}')
peer_csps=$(grep -o '[0-9]* sentences/cpu-s' "$OUT/annotate_spacy.txt" | awk '{print $1}')

echo "== summary ($size_mb MB, one core)"
printf "tamga annotate  %8s MB/s  %9s sentences/s\n" "$tamga_mbs" "$tamga_sps"
printf "spaCy           %8s MB/s  %9s sentences/s\n" "$peer_mbs" "$peer_sps"
awk -v a="$tamga_sps" -v b="$peer_sps" -v c="$tamga_mbs" -v d="$peer_mbs" \
    'BEGIN{printf "ratio (wall)    %.1fx MB/s, %.1fx sentences/s\n", c/d, a/b}'
printf "tamga annotate  %8s MB/cpu-s  %9s sentences/cpu-s\n" "$tamga_cmbs" "$tamga_csps"
printf "spaCy           %8s MB/cpu-s  %9s sentences/cpu-s\n" "$peer_cmbs" "$peer_csps"
awk -v a="$tamga_csps" -v b="$peer_csps" -v c="$tamga_cmbs" -v d="$peer_cmbs" \
    'BEGIN{printf "ratio (CPU)     %.1fx MB/s, %.1fx sentences/s\n", c/d, a/b}'
