#!/usr/bin/env bash
# The project's test command: formatting, lints, then every test of the workspace.
# The integration and Spark tests read ../shared (seeds and benchmark data) beside this checkout.
# Tests run twice where it matters, on SQLite and on a throw-away PostgreSQL cluster
# (ci/with-postgres.sh); TAMGA_REQUIRE_PG makes a missing server a failure, never a skip.
# Then the web UI's tests in headless Chromium (tests/browser), which need chromium and node.
set -euo pipefail
cd "$(dirname "$0")/.."
# A one-off build gains nothing from incremental state, which doubles the target directory.
export CARGO_INCREMENTAL=0
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# Includes the bad-input corpus run through the binary (crates/tamga/tests/bad_inputs.rs)
# and the crash tests (crash.rs, crash_pipeline.rs).
TAMGA_REQUIRE_PG=1 ci/with-postgres.sh cargo test --workspace --locked
# Dependencies: licenses, banned and duplicate crates, sources (deny.toml; needs no network).
cargo deny --locked check licenses bans sources
# Every fuzz target for a few seconds (nightly + cargo-fuzz).
ci/fuzz-smoke.sh 10
# Parquet export read back by DuckDB (venv under target/), against the JSONL export.
ci/duckdb-check.sh

# The web UI in headless Chromium, against the binary just tested. Not skipped: without
# Chromium or node the run fails (.ci/run installs them).
cargo build --locked -p tamga
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
command -v node >/dev/null || { echo "node is required for the browser tests" >&2; exit 1; }
[ -d tests/browser/node_modules/playwright-core ] ||
  (cd tests/browser && npm ci --no-audit --no-fund)
(cd tests/browser && TAMGA_BIN="$target_dir/debug/tamga" CHROMIUM="${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}" npm test)
# Spark scale-out: the job in local[2] against one machine's `tamga run` (spark/test.sh).
spark/test.sh
