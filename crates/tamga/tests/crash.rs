//! Crash safety: an ingest killed with SIGKILL at any point, then run again, ends in the same
//! state as one uninterrupted run.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::tamga;
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
