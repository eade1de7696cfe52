//! Crash safety: an ingest or a whole `tamga run` killed with SIGKILL at any point, then run
//! again, ends in the same state as one uninterrupted run, on SQLite (whose file stays
//! consistent) and on PostgreSQL; and two `tamga run` processes writing one PostgreSQL
//! database at once end as one process does.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{run_ok, seeds, tamga, TestDb};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Writes `n` distinct synthetic articles (a small deterministic PRNG over a word list), so
/// no two are near-duplicates of each other.
fn write_corpus(dir: &Path, n: usize) {
    const WORDS: &[&str] = &[
        "minister",
        "border",
        "troops",
        "talks",
        "parliament",
        "agreement",
        "security",
        "visit",
        "trade",
        "sanctions",
        "protest",
        "election",
        "treaty",
        "exercise",
        "delegation",
        "summit",
        "police",
        "refugees",
        "pipeline",
        "loan",
        "embassy",
        "court",
        "opposition",
        "ceasefire",
        "region",
        "capital",
        "official",
        "statement",
        "council",
        "committee",
        "budget",
        "mission",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for i in 0..n {
        let mut text = format!("Report number {i}\n\n");
        for p in 0..3 {
            for w in 0..40 {
                let word = WORDS[(next() % WORDS.len() as u64) as usize];
                text.push_str(word);
                text.push(if w % 12 == 11 { '.' } else { ' ' });
            }
            text.push_str(&format!(" Paragraph {p} of report {i}.\n\n"));
        }
        std::fs::write(dir.join(format!("doc{i:05}.txt")), text).unwrap();
    }
}

fn docs_jsonl(db: &Path) -> String {
    let out = tamga()
        .arg("--db")
        .arg(db)
        .args(["docs", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn killed_ingest_rerun_equals_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write_corpus(&corpus, 2000);

    let clean = tmp.path().join("clean.db");
    let out = tamga()
        .arg("--db")
        .arg(&clean)
        .args(["ingest", "--batch", "50"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(out.status.success());
    let expected = docs_jsonl(&clean);
    assert_eq!(expected.lines().count(), 2000);

    // Kill at several points of the run; each time the next run picks up where it stopped.
    let crashed = tmp.path().join("crashed.db");
    let mut kills = 0;
    for delay_ms in [30u64, 120, 300] {
        let mut child = tamga()
            .arg("--db")
            .arg(&crashed)
            .args(["ingest", "--batch", "50"])
            .arg(&corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(delay_ms) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL on Unix
            kills += 1;
        }
        child.wait().unwrap();
    }
    let out = tamga()
        .arg("--db")
        .arg(&crashed)
        .args(["ingest", "--batch", "50"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        kills > 0,
        "the ingest finished before it could be killed; the test proves nothing"
    );
    assert_eq!(docs_jsonl(&crashed), expected);
}

/// `count` articles made of seed sentences in a reproducible shuffle, so they have events but
/// are not duplicates of each other; one text file each.
fn write_event_corpus(dir: &Path, count: usize) {
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
    let mut state: u64 = 11;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap() % sentences.len()
    };
    for i in 0..count {
        let body: Vec<&str> = (0..10).map(|_| sentences[next()].as_str()).collect();
        let text = format!(
            "Report {i} from the wire\n\nASTANA, November {} 2006. {}\n",
            1 + i % 28,
            body.join(" ")
        );
        std::fs::write(dir.join(format!("r{i:05}.txt")), text).unwrap();
    }
}

/// `PRAGMA integrity_check` of a SQLite store; nothing to check on PostgreSQL, whose
/// consistency after a killed client is the server's.
fn sqlite_integrity(db: &TestDb) {
    if db.is_pg() {
        return;
    }
    common::assert_sqlite_integrity(Path::new(&db.target));
}

fn killed_run_rerun_equals_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write_event_corpus(&corpus, 400);

    let clean = TestDb::new_in(tmp.path(), "clean.db");
    let started = Instant::now();
    run_ok(tamga().arg("--db").arg(&clean).arg("run").arg(&corpus));
    let whole = started.elapsed();
    let expected = common::readback(&clean);
    assert_eq!(expected.0.lines().count(), 400);
    assert!(!expected.1.is_empty(), "the corpus gives events");

    // Kill at several points of the run (ingest, coding, clustering), each time resuming
    // from what the last one left.
    let crashed = TestDb::new_in(tmp.path(), "crashed.db");
    let mut kills = 0;
    for fraction in [0.1, 0.35, 0.6, 0.85] {
        let mut child = tamga()
            .arg("--db")
            .arg(&crashed)
            .arg("run")
            .arg(&corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let delay = whole.mul_f64(fraction);
        let start = Instant::now();
        while start.elapsed() < delay {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL on Unix
            kills += 1;
        }
        child.wait().unwrap();
        sqlite_integrity(&crashed);
    }
    assert!(kills > 0, "every run finished before it could be killed");
    run_ok(tamga().arg("--db").arg(&crashed).arg("run").arg(&corpus));
    sqlite_integrity(&crashed);
    let got = common::readback(&crashed);
    assert_eq!(got.0.lines().count(), expected.0.lines().count());
    assert!(
        got.0 == expected.0,
        "documents differ after the killed runs"
    );
    assert_eq!(got.1.lines().count(), expected.1.lines().count());
    assert!(
        got.1 == expected.1,
        "events or their clusters differ after the killed runs"
    );
}

/// Two `tamga run` processes on one PostgreSQL database at once: no document or event twice,
/// and the same documents, events, ids and clusters as one process.
#[test]
fn two_concurrent_runs_on_postgres_equal_one_run() {
    if common::pg_url().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write_event_corpus(&corpus, 300);

    let single = TestDb::postgres();
    run_ok(tamga().arg("--db").arg(&single).arg("run").arg(&corpus));
    let expected = common::readback(&single);

    let shared = TestDb::postgres();
    let spawn = || {
        tamga()
            .arg("--db")
            .arg(&shared)
            .arg("run")
            .arg(&corpus)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a concurrent run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let got = common::readback(&shared);
    let ids: Vec<String> = got
        .1
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["id"].as_str().unwrap().to_owned()
        })
        .collect();
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len(), "an event stored twice");
    assert_eq!(
        got.0.lines().count(),
        expected.0.lines().count(),
        "document counts"
    );
    assert!(got.0 == expected.0, "documents differ from one process's");
    assert_eq!(
        got.1.lines().count(),
        expected.1.lines().count(),
        "event counts"
    );
    assert!(
        got.1 == expected.1,
        "events or clusters differ from one process's"
    );
}

on_both_backends!(killed_run_rerun_equals_uninterrupted_run);
