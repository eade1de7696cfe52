#!/usr/bin/env bash
# A short fuzz run of every target (fuzz/run.sh, 10 s each by default) from the committed
# seeds: catches a reader or parser that panics on the first mutated inputs. The long runs
# whose figures docs/reliability.md gives are `fuzz/run.sh 600`.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
rustup toolchain list | grep -q '^nightly' || {
    echo "fuzz smoke: the nightly toolchain is missing (.ci/run installs it)" >&2
    exit 1
}
command -v cargo-fuzz >/dev/null || {
    echo "fuzz smoke: cargo-fuzz is missing (.ci/run installs it)" >&2
    exit 1
}
# CI's target dir holds stable builds; the sanitizer builds go to the fuzz crate's own.
CARGO_TARGET_DIR="$PWD/fuzz/target" fuzz/run.sh "$secs"
