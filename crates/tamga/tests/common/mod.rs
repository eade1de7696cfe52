//! Helpers shared by the binary's integration tests: running `tamga`, checking it succeeded,
//! reading its JSON lines, and finding the seed corpus.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code, clippy::unwrap_used)]

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn tamga() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tamga"))
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn seeds() -> PathBuf {
    let dir = repo_root().join("../shared/corpus/seeds");
    assert!(dir.is_dir(), "seed corpus missing at {}", dir.display());
    dir
}

/// Runs the command and fails the test, showing its output, unless it succeeded.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run tamga");
    assert!(
        out.status.success(),
        "tamga failed ({}):\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs the command with `input` on its stdin; the output is returned whatever the status.
pub fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Stdout as one JSON value per line.
pub fn jsonl(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}
