#!/usr/bin/env bash
# Reads tamga's Parquet export back with DuckDB (PyPI `duckdb`, in a virtual environment this
# script makes) and checks it against the JSONL export of the same store: same rows, same ids,
# the documented columns with their types, and dates DuckDB can cast. Analysts read tamga's
# Parquet with DuckDB, pandas and Spark; the Rust test reads it with the `parquet` crate only.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked -q -p tamga
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
TAMGA=${TAMGA:-$target_dir/debug/tamga}
VENV=${DUCKDB_VENV:-$target_dir/ci-venv-duckdb}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import duckdb' 2>/dev/null || "$VENV/bin/pip" install -q 'duckdb>=1.1,<2'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$TAMGA" --db "$work/t.db" run ../shared/corpus/seeds >/dev/null
"$TAMGA" --db "$work/t.db" export --format parquet --mentions --out "$work/e.parquet"
"$TAMGA" --db "$work/t.db" export --format jsonl --mentions --out "$work/e.jsonl"
"$VENV/bin/python" - "$work/e.parquet" "$work/e.jsonl" docs/export.md <<'PY'
import json, re, sys
import duckdb

pq, jl, doc = sys.argv[1:4]
want = [json.loads(l) for l in open(jl, encoding="utf-8") if l.strip()]
con = duckdb.connect()
rows = con.execute(f"SELECT * FROM read_parquet('{pq}')").fetchall()
cols = [d[0] for d in con.description]
fail = []
if len(rows) != len(want) or not want:
    fail.append(f"rows: parquet {len(rows)}, jsonl {len(want)}")
got_ids = [r[cols.index("id")] for r in rows]
if got_ids != [e["id"] for e in want]:
    fail.append("ids differ from the JSONL export (or their order does)")
# Every column the documentation lists is in the file, in the documented order.
text = open(doc, encoding="utf-8").read()
flat = text.split("## Flat schema", 1)[-1].split("\n## ", 1)[0]
documented = re.findall(r"^\| `([a-z0-9_]+)` \|", flat, re.M)
in_file = [c for c in documented if c in cols]
if not documented or in_file != [c for c in cols if c in documented] or set(cols) - set(documented):
    fail.append(f"columns {cols} vs documented {documented}")
# Typed reads: event dates cast to DATE where the precision is a day; goldstein is numeric.
bad_dates = con.execute(
    f"SELECT count(*) FROM read_parquet('{pq}') WHERE date_precision = 'day' "
    "AND TRY_CAST(date AS DATE) IS NULL").fetchone()[0]
if bad_dates:
    fail.append(f"{bad_dates} day-precision dates DuckDB cannot cast")
by_type = dict(con.execute(
    f"SELECT type, count(*) FROM read_parquet('{pq}') GROUP BY type").fetchall())
want_by_type = {}
for e in want:
    want_by_type[e["type"]] = want_by_type.get(e["type"], 0) + 1
if by_type != want_by_type:
    fail.append(f"counts by type {by_type} vs {want_by_type}")
if fail:
    print("duckdb-check FAILED:\n  " + "\n  ".join(fail))
    sys.exit(1)
print(f"duckdb-check: {len(rows)} events, {len(cols)} columns, {len(by_type)} types read back by DuckDB {duckdb.__version__}")
PY
