#!/usr/bin/env python3
"""tamga on Apache Spark: code a web-scale archive of WARC (or feed, or JSONL) shards into
Parquet events, with the document and event de-duplication one machine's `tamga run` does.

    spark-submit --files target/release/tamga spark/tamga_spark.py --out OUT SHARD_OR_DIR...
    python spark/tamga_spark.py --master 'local[2]' --tamga target/release/tamga --out OUT ...

Every step that decides anything is the tamga binary, shipped to the executors with --files
(or found by --tamga / $TAMGA_BIN / PATH); this file only moves its JSON lines between
Spark stages:

1. map, one task per shard: `tamga shard SHARDS` extracts and codes each document (one JSON
   line each: the documents-table columns, the events, their flat export rows and their
   clustering buckets); bad records and bad shards (truncated gzip, not a WARC) come back as
   lines of their own, are counted, and are skipped;
2. document dedup: candidates share a 16-bit band of the SimHash (the store's index), their
   connected components go through `tamga dedup --stdin`, which keeps a document unless an
   earlier kept one (in shard, then record order) has its id or lies within 3 bits;
3. global event dedup: mentions are partitioned by `tamga_events::cluster::bucket` (written by
   `tamga shard`) and each partition goes through `tamga cluster --stdin`; buckets cluster
   independently, so this is the single-machine clustering exactly;
4. output in OUT: events/ (month=YYYY-MM/ partitions, the columns and types of `tamga export
   --format parquet`), documents/ (kept documents with their coded events, what `tamga import
   --format parquet OUT` loads), clusters/ (mentions, sources per cluster), summary.json.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

# Executors import this module to run its functions: nothing below may need the driver.


def tamga_bin(explicit):
    """The binary: shipped with --files, else --tamga, $TAMGA_BIN, or `tamga` on PATH."""
    try:
        from pyspark import SparkFiles

        shipped = SparkFiles.get("tamga")
        if os.path.exists(shipped):
            if not os.access(shipped, os.X_OK):
                os.chmod(shipped, 0o755)
            return shipped
    except Exception:  # noqa: BLE001 - no SparkContext files in this process
        pass
    return explicit or os.environ.get("TAMGA_BIN") or shutil.which("tamga") or "tamga"


def shipped_or(path):
    """A file shipped with --files under its name, else the path as given."""
    try:
        from pyspark import SparkFiles

        shipped = SparkFiles.get(os.path.basename(path))
        if os.path.exists(shipped):
            return shipped
    except Exception:  # noqa: BLE001 - no SparkContext files in this process
        pass
    return path


def run_tamga(binary, args, lines_in=None, threads=1):
    """Runs tamga, feeding `lines_in` (strings) on stdin; yields its stdout lines. A failure
    (non-zero exit) raises with its stderr, so Spark retries or fails the task."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    err = tempfile.TemporaryFile()
    proc = subprocess.Popen([binary] + args, stdin=subprocess.PIPE if lines_in is not None else None,
                            stdout=subprocess.PIPE, stderr=err, env=env)
    feeder = None
    if lines_in is not None:
        def feed():
            try:
                for line in lines_in:
                    proc.stdin.write(line.encode("utf-8"))
                    proc.stdin.write(b"\n")
            except BrokenPipeError:
                pass
            finally:
                proc.stdin.close()
        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
    for raw in proc.stdout:
        yield raw.decode("utf-8")
    code = proc.wait()
    if feeder is not None:
        feeder.join()
    err.seek(0)
    tail = err.read().decode("utf-8", "replace")
    if tail.strip():
        sys.stderr.write(tail)
    if code != 0:
        raise RuntimeError(f"tamga {args[0]} failed ({code}): {tail[-2000:]}")


# ---------------------------------------------------------------------------------------------
# Stage 1: one task per shard.

DOC_FIELDS = ["shard", "seq", "id", "uri", "name", "source", "title", "published", "lang",
              "format", "text", "raw_hash", "simhash", "record", "coder", "sentences",
              "discarded", "failed", "events"]


def shard_task(explicit, dicts, threads, counters):
    """The map function: (global index, path, bytes or None) items in, staging rows out."""
    def task(items):
        binary = tamga_bin(explicit)
        items = list(items)
        if not items:
            return
        tmp = tempfile.mkdtemp(prefix="tamga-shard-")
        try:
            paths, index_of = [], []
            for gi, path, data in items:
                if data is not None:
                    # A shard Spark's Hadoop layer read (HDFS, S3): tamga reads it from disk.
                    local = os.path.join(tmp, f"{gi}-{os.path.basename(path)}")
                    with open(local, "wb") as f:
                        f.write(data)
                    path = local
                elif path.startswith("file:"):
                    path = path[len("file:"):]
                    if path.startswith("//"):
                        path = path[2:]
                paths.append(path)
                index_of.append(gi)
            args = ["shard"]
            for d in dicts:
                args += ["--dict", shipped_or(d)]
            for line in run_tamga(binary, args + paths, threads=threads):
                rec = json.loads(line)
                kind = rec.get("kind")
                gi = index_of[rec["shard"]]
                if kind == "rejected":
                    counters["records"].add(1)
                    counters["rejected"].add(1)
                    sys.stderr.write(f"rejected: {rec['error']}\n")
                elif kind == "bad_shard":
                    counters["bad_shards"].add(1)
                    sys.stderr.write(f"bad shard: {rec['error']}\n")
                elif kind == "doc":
                    counters["records"].add(1)
                    counters["documents"].add(1)
                    counters["events"].add(len(rec["mentions"]))
                    row = [gi if f == "shard" else rec.get(f) for f in DOC_FIELDS]
                    mentions = [(m["id"], m["doc"], m["type"], m["source"], m.get("target"),
                                 m.get("date"), m["doc_source"], m["bucket"]) for m in rec["mentions"]]
                    flat = [json.dumps(r, ensure_ascii=False) for r in rec["flat"]]
                    yield tuple(row) + (mentions, flat)
            counters["shards"].add(len(items))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return task


def staging_schema():
    from pyspark.sql.types import (ArrayType, BooleanType, IntegerType, LongType, StringType,
                                   StructField, StructType)
    s, l = StringType(), LongType()
    types = {"shard": IntegerType(), "seq": l, "simhash": l, "sentences": l,
             "discarded": BooleanType()}
    fields = [StructField(f, types.get(f, s), True) for f in DOC_FIELDS]
    mention = StructType([StructField(n, s, True) for n in
                          ["id", "doc", "type", "source", "target", "date", "doc_source", "bucket"]])
    fields.append(StructField("mentions", ArrayType(mention), True))
    fields.append(StructField("flat", ArrayType(s), True))
    return StructType(fields)


# ---------------------------------------------------------------------------------------------
# Stage 2: document dedup.

def pipe_json(explicit, args, threads=1):
    """A mapPartitions function sending each row (a dict) as JSON through `tamga ARGS`."""
    def task(rows):
        binary = tamga_bin(explicit)
        lines = (json.dumps(r, ensure_ascii=False) for r in rows)
        for out in run_tamga(binary, args, lines_in=lines, threads=threads):
            yield json.loads(out)
    return task


def dedup(spark, docs, explicit, partitions):
    """(shard, seq, kept) for every document: the store's rule, applied in input order."""
    from pyspark.sql import functions as F
    from pyspark.sql import Window

    light = docs.select("shard", "seq", "id", "simhash", "uri", "raw_hash").withColumn(
        "key", F.col("shard").cast("long") * F.lit(1 << 32) + F.col("seq"))
    # An input seen before (same uri and raw bytes) is "unchanged" to the store: never kept,
    # whatever its text, and it keeps nothing else out.
    seen = Window.partitionBy("uri", "raw_hash").orderBy("key")
    light = light.withColumn("seen", F.row_number().over(seen))
    repeats = light.where("seen > 1").select("shard", "seq", F.lit(False).alias("kept"))
    light = light.where("seen = 1").drop("seen")
    # Copies of one text: only the first can be kept; the others duplicate it or what it does.
    first = Window.partitionBy("id").orderBy("key")
    light = light.withColumn("rank", F.row_number().over(first))
    reps = light.where("rank = 1").drop("rank")
    bands = reps.select("key", "simhash", F.explode(F.array(*[
        F.struct(F.lit(b).alias("band"),
                 F.shiftrightunsigned("simhash", 16 * b).bitwiseAND(0xFFFF).alias("value"))
        for b in range(4)])).alias("b")).select("key", "simhash", "b.band", "b.value")
    a, b = bands.alias("a"), bands.alias("b")
    edges = (a.join(b, (F.col("a.band") == F.col("b.band")) & (F.col("a.value") == F.col("b.value"))
                    & (F.col("a.key") < F.col("b.key")))
             .where(F.bit_count(F.col("a.simhash").bitwiseXOR(F.col("b.simhash"))) <= 3)
             .select(F.col("a.key").alias("u"), F.col("b.key").alias("v")).distinct())
    edges = edges.union(edges.select(F.col("v").alias("u"), F.col("u").alias("v"))).localCheckpoint()
    # Connected components by smallest key, spread along edges until nothing changes.
    labels = edges.groupBy("u").agg(F.least(F.min("v"), F.first("u")).alias("label")) \
        .withColumnRenamed("u", "key").localCheckpoint()
    for _ in range(64):
        spread = (edges.join(labels, edges.u == labels.key).groupBy("v").agg(F.min("label").alias("l2"))
                  .withColumnRenamed("v", "key"))
        nxt = (labels.join(spread, "key", "left")
               .select("key", F.least("label", F.coalesce("l2", "label")).alias("label"))
               .localCheckpoint())
        changed = nxt.join(labels.withColumnRenamed("label", "old"), "key").where("label <> old").count()
        labels = nxt
        if changed == 0:
            break
    grouped = reps.join(labels, "key").select(
        F.col("label").alias("group"), "shard", "seq", "id", "simhash")
    decided = (grouped.repartition(partitions, "group").rdd.map(lambda r: r.asDict())
               .mapPartitions(pipe_json(explicit, ["dedup", "--stdin"]))
               .map(lambda d: (d["shard"], d["seq"], bool(d["kept"]))))
    decided = spark.createDataFrame(decided, "shard int, seq long, kept boolean")
    alone = reps.join(labels, "key", "left_anti").select("shard", "seq", F.lit(True).alias("kept"))
    copies = light.where("rank > 1").select("shard", "seq", F.lit(False).alias("kept"))
    # `near`: decided by SimHash distance rather than by an equal text id or input.
    return (decided.withColumn("near", ~F.col("kept"))
            .unionByName(alone.withColumn("near", F.lit(False)))
            .unionByName(copies.withColumn("near", F.lit(False)))
            .unionByName(repeats.withColumn("near", F.lit(False))))


# ---------------------------------------------------------------------------------------------
# Output schema: the one `tamga export --format parquet` writes, read from the binary itself.

def export_schema(binary):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from pyspark.sql import types as T

    tmp = tempfile.mkdtemp(prefix="tamga-schema-")
    try:
        out, db = os.path.join(tmp, "empty.parquet"), os.path.join(tmp, "empty.db")
        subprocess.run([binary, "--db", db, "cluster"], check=True, capture_output=True)
        subprocess.run([binary, "--db", db, "export", "--format", "parquet", "--out", out],
                       check=True, capture_output=True)
        arrow = pq.read_schema(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    kinds = [(pa.types.is_string, T.StringType), (pa.types.is_int32, T.IntegerType),
             (pa.types.is_int64, T.LongType), (pa.types.is_float32, T.FloatType),
             (pa.types.is_float64, T.DoubleType), (pa.types.is_boolean, T.BooleanType),
             (pa.types.is_date32, T.DateType)]
    fields = []
    for f in arrow:
        spark_type = next((k() for test, k in kinds if test(f.type)), None)
        if spark_type is None:
            raise RuntimeError(f"export column {f.name} has type {f.type}, unknown here")
        fields.append(T.StructField(f.name, spark_type, f.nullable))
    return T.StructType(fields)


def event_rows(schema):
    """Flat rows (JSON arrays in export column order) with cluster and mentions filled in,
    as tuples of Python values Spark writes with the export's types; `month` last."""
    import datetime

    names = [f.name for f in schema.fields]
    dates = {i for i, f in enumerate(schema.fields) if f.dataType.typeName() == "date"}
    at = {n: i for i, n in enumerate(names)}

    def convert(item):
        flat_json, cluster, mentions = item
        row = json.loads(flat_json)
        for i in dates:
            if row[i] is not None:
                row[i] = datetime.date.fromisoformat(row[i])
        row[at["cluster"]] = cluster
        row[at["mentions"]] = int(mentions)
        first = row[at["date_first"]]
        month = first.strftime("%Y-%m") if first is not None else "undated"
        return tuple(row) + (month,)
    return convert


# ---------------------------------------------------------------------------------------------

def list_inputs(spark, inputs):
    """The shards, in the order one machine would read them: each argument in turn, a
    directory's files sorted by path. Local paths are listed here; others through Hadoop."""
    out = []
    for arg in inputs:
        if "://" not in arg or arg.startswith("file://"):
            path = arg[len("file://"):] if arg.startswith("file://") else arg
            if os.path.isdir(path):
                for root, dirs, files in os.walk(path):
                    dirs.sort()
                    out += [os.path.join(root, f) for f in sorted(files) if not f.startswith(".")]
            else:
                out.append(path)
            continue
        jvm = spark.sparkContext._jvm
        conf = spark.sparkContext._jsc.hadoopConfiguration()
        p = jvm.org.apache.hadoop.fs.Path(arg)
        fs = p.getFileSystem(conf)
        found = []
        for st in fs.globStatus(p) or []:
            if st.isDirectory():
                it = fs.listFiles(st.getPath(), True)
                while it.hasNext():
                    found.append(it.next().getPath().toString())
            else:
                found.append(st.getPath().toString())
        out += sorted(f for f in found if not os.path.basename(f).startswith(("_", ".")))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="shards or directories (local, hdfs://, s3a://)")
    ap.add_argument("--out", required=True, help="output directory (replaced)")
    ap.add_argument("--tamga", help="the tamga binary when not shipped with --files")
    ap.add_argument("--dict", action="append", default=[], help="extra dictionary (shipped with --files)")
    ap.add_argument("--master", help="e.g. local[2] when run with python (spark-submit sets it)")
    ap.add_argument("--partitions", type=int, default=0,
                    help="partitions of the global stages (default: Spark's default parallelism)")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("tamga")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    started = time.time()
    # On the executors the binary is the one shipped with --files, else this path.
    binary = os.path.abspath(args.tamga) if args.tamga else None
    binary_driver = tamga_bin(binary)
    dicts = args.dict
    threads = int(sc.getConf().get("spark.task.cpus", "1"))
    partitions = args.partitions or sc.defaultParallelism
    # Spark's 200 shuffle partitions are for big joins; the light dedup and cluster joins
    # want about one per core unless the user said otherwise.
    if not sc.getConf().contains("spark.sql.shuffle.partitions"):
        spark.conf.set("spark.sql.shuffle.partitions", str(partitions))

    shards = list_inputs(spark, args.inputs)
    if not shards:
        sys.exit("no input shards")
    counters = {k: sc.accumulator(0) for k in
                ["shards", "records", "rejected", "bad_shards", "documents", "events"]}
    local = [(i, p, None) for i, p in enumerate(shards) if "://" not in p or p.startswith("file:")]
    remote = [(i, p) for i, p in enumerate(shards) if "://" in p and not p.startswith("file:")]
    items = sc.parallelize(local, max(1, len(local))) if local else sc.emptyRDD()
    if remote:
        index = {p: i for i, p in remote}
        read = sc.binaryFiles(",".join(p for _, p in remote), minPartitions=len(remote))
        items = items.union(read.map(lambda kv: (index.get(kv[0], -1), kv[0], kv[1])))

    out = args.out.rstrip("/")
    is_local = "://" not in out or out.startswith("file://")
    if is_local and os.path.exists(out):
        shutil.rmtree(out)
    staging = out + "/staging"
    stage_s, last = {}, [time.time()]

    def lap(name):
        now = time.time()
        stage_s[name] = round(now - last[0], 2)
        last[0] = now

    sc.setJobDescription("1/4 extract and code shards (tamga shard)")
    rows = items.mapPartitions(shard_task(binary, dicts, threads, counters))
    spark.createDataFrame(rows, staging_schema()).write.mode("overwrite").parquet(staging)
    docs = spark.read.parquet(staging)
    lap("extract_code")

    sc.setJobDescription("2/4 document dedup (tamga dedup)")
    kept = dedup(spark, docs, binary, partitions).localCheckpoint()
    near = kept.where("near").count()
    docs_kept = (docs.join(kept.where("kept"), ["shard", "seq"]).drop("kept", "near")
                 .localCheckpoint())
    docs_kept.select(*DOC_FIELDS).orderBy("shard", "seq").write.mode("overwrite").parquet(out + "/documents")
    lap("document_dedup")

    sc.setJobDescription("3/4 global event dedup (tamga cluster)")
    from pyspark.sql import functions as F

    mentions = docs_kept.select(F.explode("mentions").alias("m")).select("m.*")
    clustered = (mentions.repartition(partitions, "bucket").rdd.map(lambda r: r.asDict())
                 .mapPartitions(pipe_json(binary, ["cluster", "--stdin"])))
    clustered = clustered.map(lambda d: json.dumps(d))
    clustered_df = spark.read.json(clustered, schema=(
        "kind string, id string, cluster string, type string, first_date string, last_date string, "
        "mentions long, sources long, source_names array<string>")).localCheckpoint()
    clusters = clustered_df.where("kind = 'cluster'").drop("kind", "cluster")
    clusters.orderBy("id").write.mode("overwrite").parquet(out + "/clusters")
    assigned = clustered_df.where("kind = 'event'").select("id", "cluster")
    lap("event_dedup")

    sc.setJobDescription("4/4 events by month (export schema)")
    schema = export_schema(binary_driver)
    flat = docs_kept.select(F.explode("flat").alias("flat")).select(
        "flat", F.get_json_object("flat", "$[0]").alias("id"))
    joined = (flat.join(assigned, "id")
              .join(clusters.select(F.col("id").alias("cluster"), F.col("mentions").alias("n")), "cluster")
              .select("flat", "cluster", "n"))
    from pyspark.sql.types import StringType, StructField, StructType

    out_schema = StructType(schema.fields + [StructField("month", StringType(), False)])
    events = spark.createDataFrame(joined.rdd.map(tuple).map(event_rows(schema)), out_schema)
    events.repartition("month").sortWithinPartitions("date_first", "id").write \
        .partitionBy("month").mode("overwrite").parquet(out + "/events")
    lap("events_out")

    n_docs = spark.read.parquet(out + "/documents").count()
    n_events = spark.read.parquet(out + "/events").count()
    n_clusters = spark.read.parquet(out + "/clusters").count()
    if is_local:
        shutil.rmtree(staging.replace("file://", ""), ignore_errors=True)
    summary = {k: v.value for k, v in counters.items()}
    summary.update({"documents_kept": n_docs, "duplicates": summary["documents"] - n_docs,
                    "near_duplicates": near,
                    "events_kept": n_events, "clusters": n_clusters,
                    "elapsed_s": round(time.time() - started, 2), "stage_s": stage_s,
                    "master": sc.master})
    if is_local:
        with open(os.path.join(out.replace("file://", ""), "summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
    print("tamga spark: " + ", ".join(f"{k} {v}" for k, v in summary.items()), flush=True)
    spark.stop()
    return summary


if __name__ == "__main__":
    main()
