#!/usr/bin/env bash
# The project's test command: formatting, lints, then every test of the workspace.
# The integration tests read ../shared (seeds and benchmark data) beside this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
# Parquet export read back by DuckDB (venv under target/), against the JSONL export.
ci/duckdb-check.sh
