#!/usr/bin/env python3
"""Checks a Spark job's output against one machine's run on the same shards: the same events
(every column of `tamga export --format parquet --mentions`, ids, clusters and mention
counts included), the same clusters with the same mention and source counts, the same
documents, and the export's schema; with --bad N, that N bad shards were counted.

    compare.py SPARK_OUT REF.parquet REF_DOCS.jsonl REF_CLUSTERS.jsonl [--bad N] [--near] [--import IMP.parquet]
"""

import argparse
import glob
import json
import os
import sys

import pyarrow.parquet as pq


def rows(table):
    cols = table.column_names
    data = table.to_pydict()
    return sorted((tuple(data[c][i] for c in cols) for i in range(table.num_rows)), key=lambda r: r[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spark_out")
    ap.add_argument("ref_parquet")
    ap.add_argument("ref_docs")
    ap.add_argument("ref_clusters")
    ap.add_argument("--bad", type=int, default=0)
    ap.add_argument("--import", dest="imported")
    ap.add_argument("--near", action="store_true", help="expect near-duplicates")
    a = ap.parse_args()
    failures, passed = [], []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        (passed if ok else failures).append(what)

    ref = pq.read_table(a.ref_parquet)
    parts = sorted(glob.glob(os.path.join(a.spark_out, "events", "month=*", "*.parquet")))
    check(len(parts) > 0, f"Spark wrote {len(parts)} event files under month= partitions")
    for p in parts:
        sch = pq.read_schema(p)
        same = [(f.name, str(f.type), f.nullable) for f in sch] == \
               [(f.name, str(f.type), f.nullable) for f in ref.schema]
        if not same:
            check(False, f"{p} has the export schema")
            break
    else:
        check(True, "every event file has the schema of tamga export --format parquet")
    spark = pq.ParquetDataset(os.path.join(a.spark_out, "events")).read()
    spark = spark.select(ref.column_names)
    months = pq.ParquetDataset(os.path.join(a.spark_out, "events")).read(columns=["month", "date_first"]).to_pydict()
    check(all((m == "undated") if d is None else (m == d.strftime("%Y-%m"))
              for m, d in zip(months["month"], months["date_first"])),
          "each event sits in its month's partition")
    sr, rr = rows(spark), rows(ref)
    check(len(rr) > 0, f"the reference run coded {len(rr)} events")
    check([r[0] for r in sr] == [r[0] for r in rr], f"same event ids ({len(sr)} vs {len(rr)})")
    check(sr == rr, "every column of every event equal (cluster and mentions included)")
    if sr != rr:
        for x, y in zip(sr, rr):
            if x != y:
                print("  spark:", x[:6], "\n  ref:  ", y[:6])
                break
    ref_clusters = {}
    with open(a.ref_clusters) as f:
        for line in f:
            e = json.loads(line)
            ref_clusters[e["cluster"]] = e["mentions"]
    sc = pq.ParquetDataset(os.path.join(a.spark_out, "clusters")).read().to_pydict()
    spark_clusters = dict(zip(sc["id"], sc["mentions"]))
    check(spark_clusters == ref_clusters,
          f"same clusters and mention counts ({len(spark_clusters)} vs {len(ref_clusters)})")
    multi = sum(1 for n in ref_clusters.values() if n > 1)
    check(multi > 0, f"{multi} clusters join mentions of several documents or sentences")
    check(all(n >= 1 for n in sc["sources"]) and any(n > 1 for n in sc["sources"]),
          "clusters count their sources, some several")
    ref_docs = set()
    with open(a.ref_docs) as f:
        for line in f:
            ref_docs.add(json.loads(line)["store_id"])
    sd = pq.ParquetDataset(os.path.join(a.spark_out, "documents")).read(columns=["id"]).to_pydict()["id"]
    check(len(sd) == len(set(sd)) and set(sd) == ref_docs,
          f"same documents kept ({len(sd)} vs {len(ref_docs)})")
    with open(os.path.join(a.spark_out, "summary.json")) as f:
        summary = json.load(f)
    check(summary["bad_shards"] == a.bad, f"bad shards counted: {summary['bad_shards']} (expected {a.bad})")
    check(summary["duplicates"] > 0, f"duplicates found by the dedup stage: {summary['duplicates']}")
    if a.near:
        check(summary["near_duplicates"] > 0,
              f"near-duplicates found through SimHash bands: {summary['near_duplicates']}")
    if a.imported:
        imp = rows(pq.read_table(a.imported))
        check(imp == rr, f"tamga import of the Spark output gives the same events ({len(imp)})")
    print(f"spark: {len(passed)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
