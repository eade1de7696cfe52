#!/usr/bin/env bash
# The project's test command: formatting, lints, then every test of the workspace.
# The integration tests read ../shared (seeds and benchmark data) beside this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# Includes the bad-input corpus run through the binary (crates/tamga/tests/bad_inputs.rs)
# and the crash tests (crash.rs, crash_pipeline.rs).
cargo test --workspace --locked
# Dependencies: licenses, banned and duplicate crates, sources (deny.toml; needs no network).
cargo deny --locked check licenses bans sources
# Every fuzz target for a few seconds (nightly + cargo-fuzz).
ci/fuzz-smoke.sh 10
# Parquet export read back by DuckDB (venv under target/), against the JSONL export.
ci/duckdb-check.sh
