//! Crash safety of `tamga serve`: the server killed with SIGKILL while an ingest job it runs
//! is storing documents, and again while it codes them, leaves a store that passes SQLite's
//! integrity check and keeps what was committed; the same upload to a restarted server then
//! ends in the state of one uninterrupted `tamga run` over the same records.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::http::{get_ok, request, spawn, Server, TOKEN};
use common::{event_texts, run_ok, tamga};
use serde_json::Value;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn start(db: &Path) -> Server {
    let token = db.with_extension("token");
    std::fs::write(&token, TOKEN).unwrap();
    // A killed server cannot remove its upload folder: keep it inside the test's directory,
    // which the test removes, rather than in the system's temporary folder.
    let tmp = db.with_extension("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let tmp = tmp.to_str().unwrap();
    spawn(
        db.as_os_str(),
        &token,
        &[],
        &[("TMPDIR", tmp)],
        Stdio::null(),
    )
}

/// Uploads the records as one JSONL body; returns the job's status path.
fn upload(s: &Server, body: &[u8]) -> String {
    let auth = format!("Bearer {TOKEN}");
    let r = request(
        s,
        "POST",
        "/api/ingest",
        &[
            ("Content-Type", "application/x-ndjson"),
            ("Authorization", &auth),
        ],
        body,
    );
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
    r.json()["status"].as_str().unwrap().to_owned()
}

#[test]
fn server_killed_during_an_ingest_job_loses_nothing_and_a_resend_completes_it() {
    let tmp = tempfile::tempdir().unwrap();
    // Five of the job's 256-document batches: the kill has four committed states to land in
    // while storing. With two (300 records) the store went from one batch to all of them in
    // a few milliseconds, and a poll on a loaded machine could miss it.
    let n = 1200;
    let mut body = String::new();
    for (i, text) in event_texts(n).into_iter().enumerate() {
        let rec = serde_json::json!({
            "id": format!("b{i:04}"),
            "uri": format!("https://news.example/b{i:04}"),
            "text": text,
        });
        body.push_str(&format!("{rec}\n"));
    }
    let corpus = tmp.path().join("corpus.jsonl");
    std::fs::write(&corpus, &body).unwrap();
    let clean = tmp.path().join("clean.db");
    run_ok(tamga().arg("--db").arg(&clean).arg("run").arg(&corpus));
    let expected = common::readback(&clean);
    assert!(
        expected.1.lines().count() > n,
        "the corpus should code into events"
    );

    let db = tmp.path().join("served.db");
    /// When to kill: given (documents stored, not yet coded, corpus size).
    type Ready = fn(usize, usize, usize) -> bool;
    let phases: [(&str, Ready); 2] = [
        ("storing", |stored, _, n| stored > 0 && stored < n),
        ("coding", |stored, uncoded, n| {
            stored == n && uncoded > 0 && uncoded < n
        }),
    ];
    for (phase, ready) in phases {
        let mut s = start(&db);
        let job = upload(&s, body.as_bytes());
        let deadline = Instant::now() + Duration::from_secs(600);
        let mut killed = false;
        while Instant::now() < deadline {
            if common::progress(&db).is_some_and(|(stored, uncoded)| ready(stored, uncoded, n)) {
                s.child.kill().unwrap(); // SIGKILL on Unix
                s.child.wait().unwrap();
                killed = true;
                break;
            }
            let st: Value = get_ok(&s, &job);
            assert_ne!(
                st["state"], "done",
                "the job ended before the kill while {phase}"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(killed, "never reached the moment to kill while {phase}");
        common::assert_sqlite_integrity(&db);
        let (stored, _) = common::progress(&db).unwrap();
        assert!(
            stored > 0,
            "committed documents lost after the kill while {phase}"
        );
        // A reader opened right after the crash sees the committed state.
        let s = start(&db);
        let listed = get_ok(&s, "/healthz");
        assert_eq!(listed["status"], "ok");
    }
    // The same upload again: what is stored is `unchanged`, the rest stored and coded.
    let s = start(&db);
    let job = upload(&s, body.as_bytes());
    let mut st = Value::Null;
    for _ in 0..12_000 {
        st = get_ok(&s, &job);
        if st["state"] == "done" || st["state"] == "failed" {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(st["state"], "done", "{st}");
    assert!(st["progress"]["unchanged"].as_u64().unwrap() > 0, "{st}");
    drop(s);
    common::assert_sqlite_integrity(&db);
    let got = common::readback(&db);
    assert_eq!(
        got.0, expected.0,
        "documents differ from an uninterrupted run"
    );
    assert_eq!(got.1, expected.1, "events differ from an uninterrupted run");
}
