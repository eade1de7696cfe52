#!/usr/bin/env bash
# The project's test command: formatting, lints, then every test of the workspace.
# The integration and Spark tests read ../shared (seeds and benchmark data) beside this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
# Spark scale-out: the job in local[2] against one machine's `tamga run` (spark/test.sh).
spark/test.sh
