//! End-to-end tests of the real `tamga` binary on the seed corpus and on bad input.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{jsonl, repo_root, run_ok, run_with_stdin, seeds, tamga};
use serde_json::Value;
use std::process::Output;

fn stderr_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

/// The count after `label` in a run summary such as "read 5, stored 5, ...".
fn count(summary: &str, label: &str) -> u64 {
    summary
        .split(", ")
        .find_map(|part| part.strip_prefix(label)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {label:?} in summary {summary:?}"))
}

fn by_id<'a>(docs: &'a [Value], prefix: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["id"].as_str().is_some_and(|id| id.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no document {prefix}"))
}

fn seeds_are_stored_once_clean_and_dated() {
    let tmp = tempfile::tempdir().unwrap();
    let db = common::TestDb::new_in(tmp.path(), "t.db");
    let first = run_ok(tamga().arg("--db").arg(&db).arg("ingest").arg(seeds()));
    let summary = stderr_line(&first);
    assert_eq!(count(&summary, "read "), 5, "{summary}");
    assert_eq!(count(&summary, "stored "), 5, "{summary}");
    assert_eq!(count(&summary, "rejected "), 0, "{summary}");

    let again = run_ok(tamga().arg("--db").arg(&db).arg("ingest").arg(seeds()));
    let summary = stderr_line(&again);
    assert_eq!(count(&summary, "stored "), 0, "{summary}");
    assert_eq!(count(&summary, "unchanged "), 5, "{summary}");

    let docs = jsonl(&run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .args(["docs", "--format", "jsonl"]),
    ));
    assert_eq!(docs.len(), 5);
    for doc in &docs {
        let text = doc["text"].as_str().unwrap();
        for chrome in [
            "No announcement yet",
            "Clear All",
            "Working...",
            "Leave a Reply",
            "will not be published",
            "Sign up for upcoming events",
            "Read 2647 times",
            "sent directly to you",
        ] {
            assert!(
                !text.contains(chrome),
                "{} keeps chrome {chrome:?}",
                doc["id"]
            );
        }
        assert!(doc["store_id"].as_str().is_some_and(|s| s.len() >= 16));
    }

    let edm = by_id(&docs, "001_");
    assert_eq!(edm["published"], "2006-11-15");
    assert_eq!(edm["date_source"], "dateline");
    assert_eq!(edm["authors"][0], "Roger McDermott");
    let caci = by_id(&docs, "003_");
    assert_eq!(caci["published"], "2005-08-24");
    assert_eq!(caci["authors"][0], "Marat Yermukanov");
    let doubled = "Deeply alarmed at the chain reaction";
    assert_eq!(
        caci["text"].as_str().unwrap().matches(doubled).count(),
        1,
        "doubled paragraph kept twice"
    );
    // These pages state no full date anywhere near their top: none may be invented.
    for undated in ["000_", "002_", "004_"] {
        assert!(
            by_id(&docs, undated)["published"].is_null(),
            "{undated} got a date"
        );
    }
}

#[test]
fn extract_names_files_and_needs_no_store() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_ok(tamga().current_dir(tmp.path()).arg("extract").arg(seeds()));
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 5);
    let mut ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    assert_eq!(ids[0], "000_9de8d086e0744df8");
    for key in [
        "id",
        "uri",
        "title",
        "published",
        "authors",
        "source",
        "lang",
        "text",
    ] {
        assert!(docs[0].get(key).is_some(), "extract output lacks {key}");
    }
    assert_eq!(docs[0]["lang"], "en");
    assert!(
        !tmp.path().join("tamga.db").exists(),
        "extract created a store"
    );
}

fn show_finds_documents_by_id_prefix_and_name_and_env_selects_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let db = common::TestDb::new_in(tmp.path(), "env.db");
    run_ok(
        tamga()
            .env("TAMGA_DB", &db)
            .arg("ingest")
            .arg(seeds().join("001_0f6399be4a7fa251.txt")),
    );
    let docs = jsonl(&run_ok(
        tamga()
            .env("TAMGA_DB", &db)
            .args(["docs", "--format", "jsonl"]),
    ));
    assert_eq!(docs.len(), 1);
    let store_id = docs[0]["store_id"].as_str().unwrap();
    for key in [&store_id[..10], "001_0f6399be4a7fa251"] {
        let out = run_ok(tamga().env("TAMGA_DB", &db).args(["show", key]));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("published: 2006-11-15 (from dateline)"),
            "{text}"
        );
        assert!(
            text.contains("Kazakhstan is seeking to diversify"),
            "{text}"
        );
    }
    let missing = tamga()
        .env("TAMGA_DB", &db)
        .args(["show", "ffffffffff"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
}

fn full_text_search_and_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let db = common::TestDb::new_in(tmp.path(), "t.db");
    run_ok(tamga().arg("--db").arg(&db).arg("ingest").arg(seeds()));
    let hits = jsonl(&run_ok(tamga().arg("--db").arg(&db).args([
        "docs",
        "--format",
        "jsonl",
        "--text",
        "Shamsuddinov",
    ])));
    assert_eq!(hits.len(), 1);
    assert!(hits[0]["id"].as_str().unwrap().starts_with("003_"));
    // Hostile query text is searched for, never an error.
    run_ok(tamga().arg("--db").arg(&db).args([
        "docs",
        "--text",
        "\"NEAR( '; DROP TABLE documents; --",
    ]));
    let csv = run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .args(["docs", "--format", "csv", "--limit", "2"]),
    );
    let rows = csv::Reader::from_reader(&csv.stdout[..]).records().count();
    assert_eq!(rows, 2);
    let table = run_ok(tamga().arg("--db").arg(&db).arg("docs"));
    assert!(String::from_utf8_lossy(&table.stdout).contains("5 documents"));
}

#[test]
fn every_command_has_help() {
    for cmd in [
        &["--help"][..],
        &["ingest", "--help"],
        &["docs", "--help"],
        &["show", "--help"],
        &["extract", "--help"],
    ] {
        let out = run_ok(tamga().args(cmd));
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage:"));
    }
}

#[test]
fn bad_inputs_are_reported_by_name_and_the_batch_goes_on() {
    let bad = repo_root().join("tests/bad");
    assert!(
        bad.is_dir(),
        "bad-input corpus missing at {}",
        bad.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    // A good document first, so we can check nothing stored is lost.
    run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .arg("ingest")
            .arg(seeds().join("000_9de8d086e0744df8.txt")),
    );
    let out = run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .arg("ingest")
            .arg(&bad)
            .arg(seeds().join("004_2ae13dce76d82efa.txt")),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stderr_line(&out);
    assert!(count(&summary, "rejected ") >= 5, "{summary}");
    for line in stderr.lines().filter(|l| l.starts_with("warning:")) {
        assert!(
            line.contains("tests/bad/"),
            "warning does not name its file: {line}"
        );
    }
    let docs = jsonl(&run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .args(["docs", "--format", "jsonl"]),
    ));
    assert!(
        docs.iter()
            .any(|d| d["id"].as_str().unwrap().starts_with("000_")),
        "earlier document lost"
    );
    assert!(
        docs.iter()
            .any(|d| d["id"].as_str().unwrap().starts_with("004_")),
        "later document not stored"
    );
}

#[test]
fn chrome_shared_by_a_sources_documents_is_removed_and_stdin_is_read() {
    let footer = "Follow us and subscribe to our newsletter for daily updates.";
    let mut input = String::new();
    for i in 0..4 {
        let body = format!(
            "Officials from country {i} met their counterparts on Monday to discuss border \
             security, trade and the transit of goods, the ministry said in a statement."
        );
        let rec = serde_json::json!({"id": format!("r{i}"), "source": "Example Times",
            "date": "2021-03-0".to_owned() + &(i + 1).to_string(), "text": format!("{body}\n\n{footer}")});
        input.push_str(&rec.to_string());
        input.push('\n');
    }
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    let out = run_with_stdin(
        tamga().arg("--db").arg(&db).args(["ingest", "-"]),
        input.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&stderr_line(&out), "stored "), 4);
    let docs = jsonl(&run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .args(["docs", "--format", "jsonl"]),
    ));
    assert_eq!(docs.len(), 4);
    for doc in &docs {
        assert!(
            !doc["text"].as_str().unwrap().contains("newsletter"),
            "{doc}"
        );
        assert_eq!(doc["source"], "Example Times");
        assert_eq!(doc["date_source"], "record");
    }
    assert_eq!(by_id(&docs, "r2")["published"], "2021-03-03");
}

fn exact_and_near_duplicates_are_linked_not_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let original = std::fs::read_to_string(seeds().join("004_2ae13dce76d82efa.txt")).unwrap();
    std::fs::write(corpus.join("a-original.txt"), &original).unwrap();
    // The same article saved again with different spacing: the same text once normalized.
    std::fs::write(
        corpus.join("b-copy.txt"),
        original.replace("\n\n", "\n\n\n"),
    )
    .unwrap();
    // A re-edited copy: one sentence reworded.
    let edited = original.replacen("Twenty officers", "Some twenty officers", 1);
    assert_ne!(edited, original);
    std::fs::write(corpus.join("c-edited.txt"), edited).unwrap();
    let db = common::TestDb::new_in(tmp.path(), "t.db");
    let out = run_ok(tamga().arg("--db").arg(&db).arg("ingest").arg(&corpus));
    let summary = stderr_line(&out);
    assert_eq!(count(&summary, "stored "), 1, "{summary}");
    assert_eq!(count(&summary, "duplicates "), 2, "{summary}");
    let docs = jsonl(&run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .args(["docs", "--format", "jsonl"]),
    ));
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "a-original");
}

on_both_backends!(
    seeds_are_stored_once_clean_and_dated,
    show_finds_documents_by_id_prefix_and_name_and_env_selects_the_store,
    full_text_search_and_formats,
    exact_and_near_duplicates_are_linked_not_stored,
);

#[test]
fn a_postgres_url_in_db_never_shows_its_password() {
    // Port 1 on loopback: nothing listens, so every command fails to connect.
    let url = "postgres://analyst:s3cr3t-pw@127.0.0.1:1/tamga";
    for args in [&["events"][..], &["stats"], &["ingest", "-"]] {
        let out = tamga().arg("--db").arg(url).args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?} succeeded without a server");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("s3cr3t-pw"), "{args:?}: {err}");
        assert!(err.contains("analyst:***@127.0.0.1:1"), "{args:?}: {err}");
    }
    let out = tamga().env("TAMGA_DB", url).arg("events").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && !err.contains("s3cr3t-pw"), "{err}");
}
