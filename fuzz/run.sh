#!/usr/bin/env bash
# Runs every fuzz target (or those named) for a bounded time each, starting from the
# committed seeds under fuzz/seeds/; new corpus entries go to fuzz/corpus/ (not committed).
# A crash is reported with libFuzzer's report and the input under fuzz/artifacts/TARGET/;
# the other targets still run, a summary line per target ends the run, and the exit status
# is 1 if any target failed.
#
# Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]    (default 60 s, all targets)
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
total_runs=0
summary=()
failed=0
for t in "${targets[@]}"; do
    # Logs live outside artifacts/: cargo-fuzz reports every file there as a failing input.
    mkdir -p "corpus/$t" "artifacts/$t" logs
    log="logs/$t.log"
    start=$(date +%s)
    # -rss_limit_mb bounds memory like the binary's limits do; -timeout flags slow inputs.
    status=ok
    if ! nice -n 19 cargo +nightly fuzz run --release "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1; then
        grep -v '^#[0-9]' "$log" | tail -n 60
        echo "fuzz target $t FAILED; input saved under fuzz/artifacts/$t/, log fuzz/$log" >&2
        status=FAILED
        failed=$((failed + 1))
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    total_runs=$((total_runs + runs))
    crashes=0
    [ "$status" = ok ] || crashes=1
    line="$t: ${runs} inputs in $(($(date +%s) - start)) s, ${crashes} crashes, corpus $(ls "corpus/$t" | wc -l) files"
    echo "$line"
    summary+=("$line")
done
echo "--- summary (${secs} s per target) ---"
printf '%s\n' "${summary[@]}"
if [ "$failed" -gt 0 ]; then
    echo "$failed of ${#targets[@]} targets FAILED: ${total_runs} inputs" >&2
    exit 1
fi
echo "all ${#targets[@]} targets clean: ${total_runs} inputs"
