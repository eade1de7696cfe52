//! End-to-end tests of `tamga export` through the real binary, on a store made by `tamga run`
//! over the seed corpus: JSONL equals `tamga events --format jsonl`, CSV has the documented
//! header, GDELT rows have 61 fields with the right codes, Parquet reads back with the same
//! ids; empty selections and unwritable paths.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use arrow_array::{Array, StringArray};
use common::{jsonl, run_ok, seeds, tamga};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

/// One seeded store per backend for all tests: `tamga run` over the seeds takes seconds.
fn store() -> &'static str {
    static SQLITE: OnceLock<String> = OnceLock::new();
    static PG: OnceLock<String> = OnceLock::new();
    let cell = match common::backend() {
        common::Backend::Sqlite => &SQLITE,
        common::Backend::Postgres => &PG,
    };
    cell.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("export-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = common::TestDb::new_in(&dir, "t.db");
        run_ok(tamga().arg("--db").arg(&db).arg("run").arg(seeds()));
        db.keep()
    })
}

fn events_jsonl(args: &[&str]) -> Vec<u8> {
    run_ok(
        tamga()
            .arg("--db")
            .arg(store())
            .args(["events", "--format", "jsonl"])
            .args(args),
    )
    .stdout
}

/// Runs `tamga export --format FORMAT ARGS --out <tmp file>` and returns the file's bytes.
fn export(format: &str, args: &[&str]) -> Vec<u8> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join(format!("out.{format}"));
    run_ok(
        tamga()
            .arg("--db")
            .arg(store())
            .args(["export", "--format", format])
            .args(args)
            .arg("--out")
            .arg(&out),
    );
    std::fs::read(&out).unwrap()
}

fn ids(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

fn parse_jsonl(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The column names of the flat schema, in order, from docs/export.md's table.
fn documented_columns() -> Vec<String> {
    let doc = std::fs::read_to_string(common::repo_root().join("docs/export.md")).unwrap();
    let section = doc
        .split("## Flat schema")
        .nth(1)
        .expect("docs/export.md has a '## Flat schema' section");
    let section = section.split("\n## ").next().unwrap();
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect()
}

fn jsonl_is_what_events_prints() {
    let all = export("jsonl", &[]);
    assert!(!all.is_empty(), "the seeds give events");
    assert_eq!(all, events_jsonl(&[]));
    // The same filters select the same events.
    for args in [
        &["--mentions"][..],
        &["--type", "consult", "--mentions"],
        &["--actor", "KAZ", "--since", "2006", "--until", "2006-12"],
        &["--status", "planned", "--limit", "3"],
        &["--text", "talks"],
        &["--country", "KAZ", "--quad", "1", "--mentions"],
        &["--root", "4", "--sort", "mentions", "--desc"],
        &["--place", "Kazakhstan", "--sort", "goldstein"],
    ] {
        assert_eq!(export("jsonl", args), events_jsonl(args), "{args:?}");
    }
}

fn out_dash_writes_stdout() {
    let out = run_ok(tamga().arg("--db").arg(store()).args([
        "export",
        "--format",
        "jsonl",
        "--mentions",
        "--out",
        "-",
    ]));
    assert_eq!(out.stdout, events_jsonl(&["--mentions"]));
    assert!(!jsonl(&out).is_empty());
}

fn csv_has_the_documented_header_and_one_row_per_event() {
    let events = parse_jsonl(&events_jsonl(&["--mentions"]));
    let bytes = export("csv", &["--mentions"]);
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let documented = documented_columns();
    assert!(documented.len() > 40, "{documented:?}");
    assert_eq!(header, documented);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), events.len());
    for (row, e) in rows.iter().zip(&events) {
        assert_eq!(row.len(), header.len());
        assert_eq!(row[col("id")], *e["id"].as_str().unwrap());
        assert_eq!(
            row[col("source_code")],
            *e["source"]["code"].as_str().unwrap()
        );
        assert_eq!(
            &row[col("target_code")],
            e["target"]["code"].as_str().unwrap_or("")
        );
        assert_eq!(row[col("cameo")], *e["cameo"].as_str().unwrap());
        assert_eq!(row[col("quad_class")], e["quad_class"].to_string());
        assert_eq!(row[col("mentions")], e["mentions"].to_string());
        let q: Value = serde_json::from_str(&row[col("quantities")]).unwrap();
        assert_eq!(q, e["quantities"]);
        assert_eq!(
            &row[col("location_name")],
            e["location"]["name"].as_str().unwrap_or("")
        );
        // A day-precise date fills `day`; any calendar date fills first/last.
        let date = e["date"].as_str().unwrap_or("");
        if date.len() == 10 && !date.starts_with('-') {
            assert_eq!(&row[col("day")], date);
            assert_eq!(&row[col("date_first")], date);
        }
        if date.len() == 4 {
            assert_eq!(row[col("date_first")], format!("{date}-01-01"));
            assert_eq!(row[col("date_last")], format!("{date}-12-31"));
            assert_eq!(&row[col("day")], "");
        }
    }
}

/// GDELT's numeric id as docs/export.md derives it.
fn global_event_id(id: &str) -> u64 {
    let h = blake3::hash(id.as_bytes());
    u64::from_be_bytes(h.as_bytes()[..8].try_into().unwrap()) & ((1 << 53) - 1)
}

fn gdelt_rows_have_61_fields_and_the_event_codes() {
    let events = parse_jsonl(&events_jsonl(&[]));
    let bytes = export("gdelt", &[]);
    let text = String::from_utf8(bytes).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), events.len());
    for r in &rows {
        assert_eq!(r.len(), 61, "{r:?}");
    }
    // The most mentioned cluster, with a calendar day.
    let e = events
        .iter()
        .filter(|e| e["date"].as_str().is_some_and(|d| d.len() == 10))
        .max_by_key(|e| e["mentions"].as_u64())
        .unwrap();
    assert!(e["mentions"].as_u64().unwrap() >= 2, "{e}");
    let gid = global_event_id(e["id"].as_str().unwrap()).to_string();
    let row = rows.iter().find(|r| r[0] == gid).unwrap();
    let cameo = e["cameo"].as_str().unwrap();
    assert_eq!(row[1], e["date"].as_str().unwrap().replace('-', "")); // Day
    assert_eq!(row[3], &e["date"].as_str().unwrap()[..4]); // Year
    assert_eq!(row[5], e["source"]["code"].as_str().unwrap()); // Actor1Code
    assert_eq!(row[26], cameo); // EventCode
    assert_eq!(row[27], &cameo[..3]); // EventBaseCode
    assert_eq!(row[28], e["cameo_root"].as_str().unwrap()); // EventRootCode
    assert_eq!(row[29], e["quad_class"].to_string()); // QuadClass
    assert_eq!(row[31], e["mentions"].to_string()); // NumMentions
    let articles: u64 = row[33].parse().unwrap(); // NumArticles
    assert!(articles >= 1 && articles <= e["mentions"].as_u64().unwrap());
    assert_eq!(row[34], ""); // AvgTone
    assert_eq!(row[59].len(), 14, "DATEADDED {}", row[59]);
    assert_eq!(row[60], e["doc_uri"].as_str().unwrap()); // SOURCEURL
                                                         // Event places fill ActionGeo; a country-level one is type 1.
    let placed = events
        .iter()
        .find(|e| e["location"]["name"] == "Kazakhstan")
        .unwrap();
    let gid = global_event_id(placed["id"].as_str().unwrap()).to_string();
    let row = rows.iter().find(|r| r[0] == gid).unwrap();
    assert_eq!(row[51], "1"); // ActionGeo_Type: COUNTRY
    assert_eq!(row[53], "KAZ"); // ActionGeo_CountryCode
    assert_eq!(row[56], placed["location"]["lat"].to_string()); // ActionGeo_Lat
}

/// The `parquet` crate's reader over the exported bytes.
fn parquet_file(bytes: &[u8]) -> ParquetRecordBatchReaderBuilder<std::fs::File> {
    use std::io::{Seek, Write};
    let mut f = tempfile::tempfile().unwrap();
    f.write_all(bytes).unwrap();
    f.rewind().unwrap();
    ParquetRecordBatchReaderBuilder::try_new(f).unwrap()
}

fn parquet_reads_back_with_the_same_ids() {
    let events = parse_jsonl(&events_jsonl(&["--mentions"]));
    let bytes = export("parquet", &["--mentions"]);
    let reader = parquet_file(&bytes).build().unwrap();
    let mut got = Vec::new();
    let mut lats = 0;
    for batch in reader {
        let batch = batch.unwrap();
        let schema = batch.schema();
        assert_eq!(
            schema.field_with_name("day").unwrap().data_type(),
            &arrow_schema::DataType::Date32
        );
        assert_eq!(
            schema.field_with_name("location_lat").unwrap().data_type(),
            &arrow_schema::DataType::Float64
        );
        let id = batch.column_by_name("id").unwrap();
        let id = id.as_any().downcast_ref::<StringArray>().unwrap();
        got.extend(id.iter().map(|s| s.unwrap().to_owned()));
        lats += batch.num_rows() - batch.column_by_name("location_lat").unwrap().null_count();
    }
    assert_eq!(got, ids(&events));
    let placed = events.iter().filter(|e| !e["location"].is_null()).count();
    assert_eq!(lats, placed);
}

fn an_empty_selection_is_a_valid_empty_file() {
    let none = ["--type", "NO_SUCH_TYPE"];
    assert!(export("jsonl", &none).is_empty());
    assert!(export("gdelt", &none).is_empty());
    let csv = export("csv", &none);
    let mut r = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(r.headers().unwrap().len(), documented_columns().len());
    assert_eq!(r.records().count(), 0);
    let pq = parquet_file(&export("parquet", &none));
    assert_eq!(pq.metadata().file_metadata().num_rows(), 0);
    assert_eq!(pq.schema().fields().len(), documented_columns().len());
}

#[test]
fn an_unwritable_out_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("no/such/dir/out.csv");
    let out = tamga()
        .arg("--db")
        .arg(store())
        .args(["export", "--format", "csv", "--out"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&bad.display().to_string()), "{err}");
    // A directory is refused too, and nothing is left behind.
    let out = tamga()
        .arg("--db")
        .arg(store())
        .args(["export", "--format", "gdelt", "--out"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is a directory"), "{err}");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

on_both_backends!(
    jsonl_is_what_events_prints,
    out_dash_writes_stdout,
    csv_has_the_documented_header_and_one_row_per_event,
    gdelt_rows_have_61_fields_and_the_event_codes,
    parquet_reads_back_with_the_same_ids,
    an_empty_selection_is_a_valid_empty_file,
);
