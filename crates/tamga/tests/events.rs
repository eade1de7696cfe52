//! End-to-end tests of the event commands through the real binary: `run` on the seed corpus,
//! idempotent recoding, the listing formats and filters, `explain`, and stateless
//! `code --stdin`.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{jsonl, run_ok, run_with_stdin, seeds, tamga};
use serde_json::Value;
use std::collections::HashMap;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A store with the seeds ingested and coded by `tamga run`; returns `run`'s output too.
fn seeded() -> (tempfile::TempDir, common::TestDb, std::process::Output) {
    let tmp = tempfile::tempdir().unwrap();
    let db = common::TestDb::new_in(tmp.path(), "t.db");
    let out = run_ok(tamga().arg("--db").arg(&db).arg("run").arg(seeds()));
    (tmp, db, out)
}

fn events(db: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Vec<Value> {
    jsonl(&run_ok(
        tamga()
            .arg("--db")
            .arg(db)
            .args(["events", "--format", "jsonl"])
            .args(args),
    ))
}

fn run_ingests_codes_and_summarizes() {
    let (_tmp, db, out) = seeded();
    let text = stdout(&out);
    assert!(
        text.contains("documents: read 5, stored 5, unchanged 0, duplicates 0, errors 0"),
        "{text}"
    );
    assert!(text.contains("coded 5 documents"), "{text}");
    assert!(text.contains("events by type: "), "{text}");
    assert!(text.contains("events by status: "), "{text}");
    assert!(text.contains("store: 5 documents"), "{text}");
    // The store agrees with the summary: as many events as it says.
    let all = events(&db, &["--mentions"]);
    assert!(
        text.contains(&format!(" {} events in ", all.len())),
        "{text}"
    );
    if !all.is_empty() {
        // The top table starts with a most mentioned cluster.
        let clusters = events(&db, &[]);
        let most = clusters.iter().filter_map(|e| e["mentions"].as_u64()).max();
        let top = text
            .split("top events")
            .nth(1)
            .and_then(|t| t.lines().nth(2))
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or_else(|| panic!("no top events table: {text}"));
        let head = clusters.iter().find(|e| e["id"] == top).unwrap();
        assert_eq!(head["mentions"].as_u64(), most, "{text}");
    }

    // A second run stores and codes nothing new.
    let again = run_ok(tamga().arg("--db").arg(&db).arg("run").arg(seeds()));
    let text = stdout(&again);
    assert!(text.contains("stored 0, unchanged 5"), "{text}");
    assert!(text.contains("coded 0 documents"), "{text}");
    assert_eq!(events(&db, &["--mentions"]), all);
}

fn bad_input_does_not_stop_run() {
    let tmp = tempfile::tempdir().unwrap();
    let db = common::TestDb::new_in(tmp.path(), "t.db");
    let bad = tmp.path().join("broken.html.gz");
    std::fs::write(&bad, b"\x1f\x8bnot really gzip").unwrap();
    let out = run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .arg("run")
            .arg(&bad)
            .arg(seeds()),
    );
    let text = stdout(&out);
    assert!(text.contains("stored 5"), "{text}");
    assert!(text.contains("errors 1"), "{text}");
    assert!(text.contains("coded 5 documents"), "{text}");
}

fn recoding_everything_twice_gives_the_same_events_and_ids() {
    let (_tmp, db, _) = seeded();
    let first = events(&db, &["--mentions"]);
    let code_all = |db: &common::TestDb| {
        let out = run_ok(tamga().arg("--db").arg(db).args(["code", "--all"]));
        assert!(
            stderr(&out).contains("coded 5 documents"),
            "{}",
            stderr(&out)
        );
    };
    code_all(&db);
    let second = events(&db, &["--mentions"]);
    code_all(&db);
    let third = events(&db, &["--mentions"]);
    assert_eq!(first, second);
    assert_eq!(second, third);
    // Nothing left to code without --all.
    let out = run_ok(tamga().arg("--db").arg(&db).arg("code"));
    assert!(
        stderr(&out).contains("coded 0 documents"),
        "{}",
        stderr(&out)
    );
    assert_eq!(events(&db, &["--mentions"]), first);
}

fn clusters_and_mentions_agree() {
    let (_tmp, db, _) = seeded();
    let mentions = events(&db, &["--mentions"]);
    let clusters = events(&db, &[]);
    let mut per_cluster: HashMap<&str, u64> = HashMap::new();
    for e in &mentions {
        *per_cluster
            .entry(e["cluster"].as_str().unwrap())
            .or_default() += 1;
    }
    assert_eq!(clusters.len(), per_cluster.len());
    for c in &clusters {
        // One row per cluster: its head, whose id is the cluster id.
        assert_eq!(c["id"], c["cluster"]);
        let n = per_cluster[c["cluster"].as_str().unwrap()];
        assert_eq!(c["mentions"].as_u64(), Some(n), "{c}");
    }
    for e in &mentions {
        let n = per_cluster[e["cluster"].as_str().unwrap()];
        assert_eq!(e["mentions"].as_u64(), Some(n));
        // The record's own fields, as model.rs serializes them.
        for field in [
            "id",
            "doc_uri",
            "doc_id",
            "sentence",
            "type",
            "cameo",
            "quad_class",
            "source",
            "date_basis",
            "status",
            "quantities",
            "explanation",
        ] {
            assert!(!e[field].is_null(), "{field} missing in {e}");
        }
    }
}

fn filters_narrow_the_listing() {
    let (_tmp, db, _) = seeded();
    let all = events(&db, &["--mentions"]);
    let some_type = all.first().map(|e| e["type"].as_str().unwrap().to_owned());
    if let Some(ty) = some_type {
        let lower = ty.to_lowercase();
        let typed = events(&db, &["--mentions", "--type", &lower]);
        assert!(!typed.is_empty());
        assert!(typed.iter().all(|e| e["type"] == ty.as_str()));
    }
    let kaz = events(&db, &["--mentions", "--actor", "KAZ"]);
    for e in &kaz {
        let hit = |side: &Value| {
            side["code"].as_str().is_some_and(|c| c.starts_with("KAZ"))
                || ["text", "name"].iter().any(|f| {
                    side[f]
                        .as_str()
                        .is_some_and(|s| s.to_lowercase().contains("kaz"))
                })
        };
        assert!(hit(&e["source"]) || hit(&e["target"]), "{e}");
    }
    let planned = events(&db, &["--mentions", "--status", "planned"]);
    assert!(planned.iter().all(|e| e["status"] == "planned"));
    // A date is in a range when all of it is: day-precise dates compare as text.
    let since = events(&db, &["--mentions", "--since", "2006-11-08"]);
    assert!(since.iter().all(|e| e["date"]
        .as_str()
        .is_some_and(|d| d.starts_with(|c: char| c.is_ascii_digit()) && &d[..4] >= "2006")));
    let until = events(&db, &["--mentions", "--until", "2006"]);
    assert!(until.iter().all(|e| e["date"]
        .as_str()
        .is_some_and(|d| d.starts_with(|c: char| c.is_ascii_digit()) && &d[..4] <= "2006")));
    let days = events(
        &db,
        &[
            "--mentions",
            "--since",
            "2006-11-07",
            "--until",
            "2006-11-09",
        ],
    );
    for e in &days {
        let d = e["date"].as_str().unwrap();
        assert!(("2006-11-07"..="2006-11-09").contains(&d), "{d}");
    }
    let text = events(&db, &["--mentions", "--text", "Kazakhstan"]);
    assert!(text.iter().all(|e| e["sentence"]["text"]
        .as_str()
        .unwrap()
        .contains("Kazakhstan")));
    let limited = events(&db, &["--mentions", "--limit", "2"]);
    assert_eq!(limited.len(), all.len().min(2));
    // A bad value is refused by the argument parser, not turned into an empty result.
    let out = tamga()
        .arg("--db")
        .arg(&db)
        .args(["events", "--status", "happened"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out = tamga()
        .arg("--db")
        .arg(&db)
        .args(["events", "--since", "last week"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

fn csv_and_table_list_the_same_rows() {
    let (_tmp, db, _) = seeded();
    let json = events(&db, &[]);
    let out = run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .args(["events", "--format", "csv"]),
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "id",
            "date",
            "type",
            "mode",
            "status",
            "cameo",
            "quad_class",
            "goldstein",
            "source_code",
            "source_name",
            "target_code",
            "target_name",
            "location",
            "mentions",
            "doc_uri",
            "sentence"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json.len());
    for (row, e) in rows.iter().zip(&json) {
        assert_eq!(&row[0], e["id"].as_str().unwrap());
        assert_eq!(&row[2], e["type"].as_str().unwrap());
        assert_eq!(&row[8], e["source"]["code"].as_str().unwrap());
        assert_eq!(row[13].parse::<u64>().ok(), e["mentions"].as_u64());
        assert!(!row[15].contains('\n'));
    }
    let table = stdout(&run_ok(tamga().arg("--db").arg(&db).arg("events")));
    assert!(table.starts_with("ID "), "{table}");
    assert!(
        table
            .trim_end()
            .ends_with(&format!("{} events", json.len())),
        "{table}"
    );
}

fn explain_marks_the_sentence_and_names_the_rule() {
    let (_tmp, db, _) = seeded();
    let all = events(&db, &["--mentions"]);
    let Some(e) = all.first() else {
        return; // Nothing coded: nothing to explain (checked by the acceptance tests).
    };
    let id = e["id"].as_str().unwrap();
    let out = run_ok(tamga().arg("--db").arg(&db).args(["explain", &id[..10]]));
    let text = stdout(&out);
    assert!(text.starts_with(&format!("event {id}: ")), "{text}");
    assert!(text.contains(&format!(
        "pattern:    {}",
        e["explanation"]["pattern"].as_str().unwrap()
    )));
    assert!(
        text.contains("{") && text.contains("}"),
        "trigger not marked: {text}"
    );
    assert!(text.contains("[source: "), "source not marked: {text}");
    assert!(text.contains("status:") && text.contains("date:") && text.contains("cluster:"));

    let out = tamga()
        .arg("--db")
        .arg(&db)
        .args(["explain", "zzzz"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no event"));
}

#[test]
fn code_stdin_writes_events_in_input_order_and_skips_bad_lines() {
    let input = [
        r#"{"id":"wire-1","date":"2006-11-15","uri":"https://news.example.org/wire-1","title":"Talks","text":"Egyptian President Hosni Mubarak met Kazakh President Nursultan Nazarbayev in Astana on Tuesday."}"#,
        "{this is not json",
        "",
        r#"{"id":"wire-2","date":"2006-11","text":"Kazakh President Nursultan Nazarbayev met Russian President Vladimir Putin in Moscow."}"#,
        r#"{"id":"wire-3","date":"the other day","text":"Nothing to see."}"#,
        r#"{"id":"wire-4","text":"Egyptian President Hosni Mubarak met Kazakh President Nursultan Nazarbayev in Cairo."}"#,
    ]
    .join("\n");
    // Line 7: not UTF-8.
    let input = [input.as_bytes(), b"\n\xff\xfe broken\n"].concat();
    let out = run_with_stdin(tamga().args(["code", "--stdin"]), &input);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("line 2:"),
        "bad JSON not reported by line: {err}"
    );
    assert!(
        err.contains("line 5:"),
        "bad date not reported by line: {err}"
    );
    assert!(err.contains("line 7: not UTF-8"), "{err}");
    assert!(err.contains("records 6, bad 3"), "{err}");
    let events = jsonl(&out);
    let docs: Vec<&str> = events
        .iter()
        .map(|e| e["doc_id"].as_str().unwrap())
        .collect();
    // Input order: every event of a record before those of the next.
    let mut order = docs.clone();
    order.dedup();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "{docs:?}");
    for e in &events {
        let expected_uri = match e["doc_id"].as_str().unwrap() {
            "wire-1" => "https://news.example.org/wire-1",
            other => other,
        };
        assert_eq!(e["doc_uri"], expected_uri, "{e}");
        assert_eq!(e["cluster"], e["id"]);
    }
    assert!(
        order.contains(&"wire-1") && order.contains(&"wire-4"),
        "meetings not coded: {docs:?}"
    );
    // The store is not touched: no tamga.db appears in the working directory.
    let tmp = tempfile::tempdir().unwrap();
    let out = run_with_stdin(
        tamga()
            .current_dir(tmp.path())
            .env_remove("TAMGA_DB")
            .args(["code", "--stdin"]),
        &input,
    );
    assert!(out.status.success());
    assert!(!tmp.path().join("tamga.db").exists());
}

/// `--only` codes with the given dictionaries alone: made-up actors and a made-up verb,
/// known to no shipped file, still code; the shipped ones do not.
#[test]
fn code_stdin_only_uses_the_given_dictionaries() {
    let tmp = tempfile::tempdir().unwrap();
    let verbs = tmp.path().join("test.verbs.txt");
    std::fs::write(
        &verbs,
        "--- SNUBBLE [111] ---\nSNUBBLE\n- * (WITH) + [112]\n",
    )
    .unwrap();
    let actors = tmp.path().join("test.actors.txt");
    std::fs::write(&actors, "FREEDONIA_ [FRD]\nSYLVANIA_ [SYL]\n").unwrap();
    let input = concat!(
        r#"{"id":"a","date":"2001-05-01","text":"Freedonia snubbled Sylvania on Monday."}"#,
        "\n",
        r#"{"id":"b","date":"2001-05-01","text":"Freedonia snubbled with Sylvania."}"#,
        "\n",
        r#"{"id":"c","date":"2001-05-01","text":"Egypt accused Israel of lying."}"#,
        "\n"
    );
    let dicts = [
        "--dict",
        verbs.to_str().unwrap(),
        "--dict",
        actors.to_str().unwrap(),
    ];
    let out = run_with_stdin(
        tamga().args(["code", "--stdin", "--only"]).args(dicts),
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let got: Vec<(String, String, String, String)> = jsonl(&out)
        .iter()
        .map(|e| {
            let s = |v: &Value| v.as_str().unwrap_or("").to_string();
            (
                s(&e["doc_id"]),
                s(&e["source"]["code"]),
                s(&e["target"]["code"]),
                s(&e["cameo"]),
            )
        })
        .collect();
    let want = |d: &str, c: &str| (d.into(), "FRD".into(), "SYL".into(), c.into());
    assert_eq!(got, vec![want("a", "111"), want("b", "112")]);
}

/// The events coded from the seed document whose file name starts with `prefix`.
fn seed_events<'a>(all: &'a [Value], prefix: &str) -> Vec<&'a Value> {
    all.iter()
        .filter(|e| {
            e["doc_uri"]
                .as_str()
                .and_then(|u| u.rsplit('/').next())
                .is_some_and(|name| name.starts_with(prefix))
        })
        .collect()
}

#[test]
fn eurasianet_senate_rejects_the_deployment_bill() {
    let (_tmp, db, _) = seeded();
    let all = events(&db, &["--mentions"]);
    let doc = seed_events(&all, "000_");
    let rejects: Vec<_> = doc
        .iter()
        .filter(|e| {
            e["type"] == "REJECT"
                && e["source"]["code"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("KAZ"))
        })
        .collect();
    assert!(
        rejects.iter().any(|e| {
            let legislature = |a: &Value| {
                a["sector"] == "LEG" || a["code"].as_str().is_some_and(|c| c.contains("LEG"))
            };
            legislature(&e["source"]) || e["target"].is_object() && legislature(&e["target"])
        }),
        "no REJECT by Kazakhstan's legislature: {rejects:?}"
    );
    // The deployment the Senate turned down did not happen.
    for e in &doc {
        if matches!(e["type"].as_str(), Some("MOBILIZE" | "AID" | "COOPERATE")) {
            assert_ne!(e["status"], "occurred", "{e}");
        }
    }
}

#[test]
fn eurasia_daily_monitor_mubarak_visit_is_dated_by_the_text() {
    let (_tmp, db, _) = seeded();
    let all = events(&db, &["--mentions"]);
    let doc = seed_events(&all, "001_");
    let country = |a: &Value| {
        a["code"]
            .as_str()
            .map(|c| c.chars().take(3).collect::<String>())
    };
    let visit = doc.iter().find(|e| {
        let pair = [country(&e["source"]), country(&e["target"])];
        e["type"] == "CONSULT"
            && pair.contains(&Some("EGY".to_owned()))
            && pair.contains(&Some("KAZ".to_owned()))
            && e["date"] == "2006-11-07"
    });
    let visit = visit.unwrap_or_else(|| panic!("no CONSULT EGY-KAZ on 2006-11-07"));
    assert_eq!(visit["date_basis"], "text");
}

#[test]
fn astana_times_plans_to_send_twenty_officers() {
    let (_tmp, db, _) = seeded();
    let all = events(&db, &["--mentions"]);
    let doc = seed_events(&all, "004_");
    assert!(
        doc.iter().any(|e| e["status"] == "planned"
            && e["quantities"]
                .as_array()
                .is_some_and(|q| q.iter().any(|q| q["value"].as_f64() == Some(20.0)))),
        "no planned event with the quantity 20"
    );
}

/// `count` documents of eight sentences each, drawn deterministically from the seed texts, as
/// JSONL for `tamga ingest`.
fn mixed_corpus(count: usize) -> String {
    let mut sentences = Vec::new();
    for entry in std::fs::read_dir(seeds()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for s in text.split(". ") {
            let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
            if (40..400).contains(&s.len()) {
                sentences.push(format!("{s}."));
            }
        }
    }
    sentences.sort();
    let mut state: u64 = 7;
    let mut next = || {
        // A linear congruential generator: reproducible without a dependency.
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap() % sentences.len()
    };
    let mut out = String::new();
    for i in 0..count {
        let text: Vec<&str> = (0..8).map(|_| sentences[next()].as_str()).collect();
        let record = serde_json::json!({
            "id": format!("mix-{i}"),
            "uri": format!("https://site{}.example.com/{i}", i % 7),
            "date": format!("2006-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            "text": text.join(" "),
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

fn an_interrupted_code_run_converges_to_an_uninterrupted_one() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("mixed.jsonl");
    std::fs::write(&corpus, mixed_corpus(300)).unwrap();
    let killed = common::TestDb::new_in(tmp.path(), "killed.db");
    let clean = common::TestDb::new_in(tmp.path(), "clean.db");
    for db in [&killed, &clean] {
        run_ok(tamga().arg("--db").arg(db).arg("ingest").arg(&corpus));
    }
    // Kill `code` part-way.
    let mut child = tamga()
        .arg("--db")
        .arg(&killed)
        .arg("code")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Once some events are written (or it finished first: the result must be the same).
    let mut written = 0;
    while child.try_wait().unwrap().is_none() {
        written = events(&killed, &["--mentions"]).len();
        if written > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    child.wait().unwrap();
    eprintln!("killed after {written} events were written");
    run_ok(tamga().arg("--db").arg(&killed).arg("code"));
    run_ok(tamga().arg("--db").arg(&clean).arg("code"));
    let a = events(&killed, &["--mentions"]);
    let b = events(&clean, &["--mentions"]);
    assert!(!b.is_empty());
    assert_eq!(a.len(), b.len());
    assert!(
        a == b,
        "an interrupted run ended in other events or clusters"
    );
}

on_both_backends!(
    run_ingests_codes_and_summarizes,
    bad_input_does_not_stop_run,
    recoding_everything_twice_gives_the_same_events_and_ids,
    clusters_and_mentions_agree,
    filters_narrow_the_listing,
    csv_and_table_list_the_same_rows,
    explain_marks_the_sentence_and_names_the_rule,
    an_interrupted_code_run_converges_to_an_uninterrupted_one,
);
