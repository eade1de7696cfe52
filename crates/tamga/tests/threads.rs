//! `tamga run` leaves the same store whatever the number of threads: documents and events
//! exported from runs on 1, 2 and 4 threads, and on one core (where batches are coded on the
//! writing thread), over the seeds and the bad-input corpus are identical, byte for byte.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{repo_root, run_ok, seeds, tamga};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The seeds and the committed bad inputs (files only; the broken dictionaries have their own
/// test), copied into one directory so that one `run` reads them all, in one order.
fn inputs(dir: &Path) -> usize {
    let bad = repo_root().join("tests/bad-inputs");
    let mut n = 0;
    for src in [seeds(), bad] {
        for entry in std::fs::read_dir(&src).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !path.is_file()
                || name.ends_with(".md")
                || name.ends_with(".py")
                || name.ends_with(".sh")
            {
                continue;
            }
            std::fs::copy(&path, dir.join(&name)).unwrap();
            n += 1;
        }
    }
    n
}

/// Runs `tamga run` on `input` with `threads` rayon threads into a fresh store, on the first
/// core only when `one_core` (with util-linux's `taskset`); returns the exported documents
/// and events (every mention).
fn run_with(threads: usize, one_core: bool, input: &Path, db: PathBuf) -> (String, String) {
    let mut cmd = tamga();
    if one_core {
        let bin = cmd.get_program().to_owned();
        cmd = Command::new("taskset");
        cmd.arg("-c").arg("0").arg(bin);
    }
    run_ok(
        cmd.env("RAYON_NUM_THREADS", threads.to_string())
            .arg("--db")
            .arg(&db)
            .arg("run")
            .arg(input),
    );
    let export = |args: &[&str]| {
        let out = run_ok(tamga().arg("--db").arg(&db).args(args));
        String::from_utf8(out.stdout).unwrap()
    };
    (
        export(&["docs", "--format", "jsonl"]),
        export(&["events", "--format", "jsonl", "--mentions"]),
    )
}

#[test]
fn run_stores_the_same_documents_and_events_on_any_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    assert!(inputs(&dir) > 40, "seeds and bad inputs missing");
    let (docs1, events1) = run_with(1, false, &dir, tmp.path().join("t1.db"));
    assert!(
        docs1.lines().count() >= 5,
        "too few documents stored:\n{docs1}"
    );
    assert!(
        events1.lines().count() >= 10,
        "too few events coded:\n{events1}"
    );
    for (threads, one_core) in [(2, false), (4, false), (1, true)] {
        let db = tmp.path().join(format!("t{threads}-{one_core}.db"));
        let (docs, events) = run_with(threads, one_core, &dir, db);
        let what = if one_core { "one core" } else { "threads" };
        assert!(
            docs == docs1,
            "documents differ between 1 thread and {threads} {what}"
        );
        assert!(
            events == events1,
            "events differ between 1 thread and {threads} {what}"
        );
    }
}
