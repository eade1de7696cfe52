//! Crash safety beyond ingest (see crash.rs for that): `tamga run` killed with SIGKILL while
//! it ingests and while it codes, and `tamga export` killed while it writes, each followed by
//! a re-run, end in the state of one uninterrupted run; a killed export never leaves a
//! partial file under the export's name.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::tamga;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// `n` distinct documents whose sentences the coder turns into events, one file each.
fn write_event_corpus(dir: &Path, n: usize) {
    for (i, text) in common::event_texts(n).into_iter().enumerate() {
        std::fs::write(dir.join(format!("b{i:04}.txt")), text).unwrap();
    }
}

fn output(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?} failed: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn kill_when(cmd: &mut Command, mut ready: impl FnMut() -> bool) -> bool {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if ready() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = child.try_wait().unwrap().is_none();
    if killed {
        child.kill().unwrap(); // SIGKILL on Unix
    }
    child.wait().unwrap();
    killed
}

fn run_cmd(db: &Path, corpus: &Path) -> Command {
    let mut cmd = tamga();
    cmd.arg("--db")
        .arg(db)
        .args(["run", "--batch", "20"])
        .arg(corpus);
    cmd
}

#[test]
fn killed_run_while_ingesting_and_coding_rerun_equals_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let n = 300;
    write_event_corpus(&corpus, n);

    let clean = tmp.path().join("clean.db");
    output(&mut run_cmd(&clean, &corpus));
    let expected = common::readback(&clean);
    let total = expected.1.lines().count();
    assert!(total > n, "the corpus should code into events, got {total}");

    // Killed while ingesting (some batches stored), then twice while coding (all stored,
    // some coded); each re-run starts with what the previous one committed.
    let crashed = tmp.path().join("crashed.db");
    /// When to kill: given (documents stored, not yet coded, corpus size).
    type Ready = fn(usize, usize, usize) -> bool;
    let phases: [(&str, Ready); 3] = [
        ("ingesting", |stored, _, n| stored > 0 && stored < n),
        ("coding", |stored, uncoded, n| {
            stored == n && uncoded > 0 && uncoded < n
        }),
        ("coding again", |stored, uncoded, n| {
            stored == n && uncoded > 0 && uncoded < n
        }),
    ];
    for (phase, ready) in phases {
        let killed = kill_when(&mut run_cmd(&crashed, &corpus), || {
            common::progress(&crashed).is_some_and(|(stored, uncoded)| ready(stored, uncoded, n))
        });
        assert!(
            killed,
            "the run ended before it could be killed while {phase}"
        );
    }
    output(&mut run_cmd(&crashed, &corpus));
    let got = common::readback(&crashed);
    assert_eq!(got.0, expected.0, "documents differ after the killed runs");
    assert_eq!(got.1, expected.1, "events differ after the killed runs");
}

#[test]
fn killed_export_leaves_no_partial_file_and_rerun_equals_clean_export() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write_event_corpus(&corpus, 120);
    let db = tmp.path().join("t.db");
    output(&mut run_cmd(&db, &corpus));

    for format in ["jsonl", "csv", "parquet", "gdelt"] {
        let clean = tmp.path().join(format!("clean.{format}"));
        let export = |out: &Path| {
            let mut cmd = tamga();
            cmd.arg("--db")
                .arg(&db)
                .args(["export", "--mentions", "--format", format, "--out"])
                .arg(out);
            cmd
        };
        output(&mut export(&clean));
        let expected = std::fs::read(&clean).unwrap();
        assert!(!expected.is_empty());

        // A previous export under the name stays whole while a new one is killed as soon
        // as its temporary file appears, i.e. mid-write.
        let dest = tmp.path().join(format!("out.{format}"));
        std::fs::write(&dest, b"previous export").unwrap();
        let writing = || {
            std::fs::read_dir(tmp.path()).unwrap().any(|e| {
                let name = e.unwrap().file_name();
                name.to_string_lossy()
                    .starts_with(&format!(".out.{format}.tmp"))
            })
        };
        let mut kills = 0;
        for _ in 0..5 {
            // A killed export's temporary file stays behind (nothing can remove it); clear
            // it so the next attempt is killed on its own file, not on this one.
            for e in std::fs::read_dir(tmp.path()).unwrap() {
                let path = e.unwrap().path();
                if path
                    .to_string_lossy()
                    .contains(&format!(".out.{format}.tmp"))
                {
                    std::fs::remove_file(path).unwrap();
                }
            }
            if kill_when(&mut export(&dest), writing) {
                kills += 1;
            }
            let now = std::fs::read(&dest).unwrap();
            assert!(
                now == b"previous export" || now == expected,
                "{format}: a killed export left a partial file under its name"
            );
        }
        assert!(kills > 0, "{format}: the export ended before any kill");
        output(&mut export(&dest));
        assert_eq!(
            std::fs::read(&dest).unwrap(),
            expected,
            "{format}: the re-run export differs from a clean one"
        );
    }
}
