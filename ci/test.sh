#!/usr/bin/env bash
# The project's test command: formatting, lints, then every test of the workspace.
# The integration tests read ../shared (seeds and benchmark data) beside this checkout.
# Tests run twice where it matters, on SQLite and on a throw-away PostgreSQL cluster
# (ci/with-postgres.sh); TAMGA_REQUIRE_PG makes a missing server a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
TAMGA_REQUIRE_PG=1 ci/with-postgres.sh cargo test --workspace --locked
# Parquet export read back by DuckDB (venv under target/), against the JSONL export.
ci/duckdb-check.sh
