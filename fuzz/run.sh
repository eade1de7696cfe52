#!/usr/bin/env bash
# Runs every fuzz target (or those named) for a bounded time each, starting from the
# committed seeds under fuzz/seeds/; new corpus entries go to fuzz/corpus/ (not committed).
# A crash is reported with libFuzzer's report and the input under fuzz/artifacts/TARGET/;
# the other targets still run, a summary line per target ends the run, and the exit status
# is 1 if any target failed.
#
# Usage: [FUZZ_JOBS=N] fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]  (default 60 s, all targets)
# Needs the nightly toolchain and cargo-fuzz (`cargo +nightly install cargo-fuzz --locked`).
# Runs under `nice -n 19` so that it never slows builds on the same machine.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(html warc feed jsonl encoding sentence annotate timex dict_toml dict_petrarch query_string)
fi
# Build once for all targets (the sanitizer build of the workspace takes minutes).
nice -n 19 cargo +nightly fuzz build --release >/dev/null 2>build.log || { cat build.log; exit 1; }
mkdir -p logs
# One target: its log under logs/, its summary line in logs/TARGET.summary; non-zero on a crash.
run_one() {
    local t=$1 log="logs/$1.log" start runs status=ok crashes=0
    # Logs live outside artifacts/: cargo-fuzz reports every file there as a failing input.
    mkdir -p "corpus/$t" "artifacts/$t"
    start=$(date +%s)
    # -rss_limit_mb bounds memory like the binary's limits do; -timeout flags slow inputs.
    if ! nice -n 19 cargo +nightly fuzz run --release "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1; then
        grep -v '^#[0-9]' "$log" | tail -n 60
        echo "fuzz target $t FAILED; input saved under fuzz/artifacts/$t/, log fuzz/$log" >&2
        status=FAILED
        crashes=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    echo "$t: ${runs} inputs in $(($(date +%s) - start)) s, ${crashes} crashes, corpus $(ls "corpus/$t" | wc -l) files" |
        tee "logs/$t.summary"
    [ "$status" = ok ]
}
# FUZZ_JOBS targets at a time (default 1): on a machine with spare cores the long run
# (>= 10 min per target) fits in fewer hours. Each line says how many inputs a target saw.
jobs=${FUZZ_JOBS:-1}
failed=0
running=0
for t in "${targets[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || failed=$((failed + 1))
        running=$((running - 1))
    fi
done
while [ "$running" -gt 0 ]; do
    wait -n || failed=$((failed + 1))
    running=$((running - 1))
done
total_runs=$(for t in "${targets[@]}"; do
    grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo 0
done | awk '{ n += $1 } END { print n + 0 }')
echo "--- summary (${secs} s per target) ---"
for t in "${targets[@]}"; do cat "logs/$t.summary"; done
if [ "$failed" -gt 0 ]; then
    echo "$failed of ${#targets[@]} targets FAILED: ${total_runs} inputs" >&2
    exit 1
fi
echo "all ${#targets[@]} targets clean: ${total_runs} inputs"
