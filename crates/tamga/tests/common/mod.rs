//! Helpers shared by the binary's integration tests: running `tamga`, checking it succeeded,
//! reading its JSON lines, and finding the seed corpus.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code, clippy::unwrap_used)]

pub mod http;

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test; `TAMGA_TEST_BIN` overrides it (a build directory shared by several
/// checkouts may have its `tamga` replaced by another checkout's build mid-run).
pub fn tamga() -> Command {
    match std::env::var_os("TAMGA_TEST_BIN") {
        Some(bin) if !bin.is_empty() => Command::new(bin),
        _ => Command::new(env!("CARGO_BIN_EXE_tamga")),
    }
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

/// Which store the binary's tests run against: set per test thread by `on_both_backends!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

thread_local! {
    static BACKEND: std::cell::Cell<Backend> = const { std::cell::Cell::new(Backend::Sqlite) };
}

pub fn backend() -> Backend {
    BACKEND.with(std::cell::Cell::get)
}

pub fn set_backend(b: Backend) {
    BACKEND.with(|c| c.set(b));
}

pub use tamga_testdb::pg_url;

/// A fresh, empty store on the current thread's backend, to pass as `--db` or `TAMGA_DB`: a
/// file `name` in `dir` for SQLite, a new schema of the `TAMGA_TEST_PG` database (dropped
/// with the value) for PostgreSQL.
pub struct TestDb {
    pub target: String,
    pg: Option<tamga_testdb::PgSchema>,
}

impl TestDb {
    pub fn new_in(dir: &Path, name: &str) -> TestDb {
        match backend() {
            Backend::Sqlite => TestDb {
                target: dir.join(name).display().to_string(),
                pg: None,
            },
            Backend::Postgres => Self::postgres(),
        }
    }

    pub fn postgres() -> TestDb {
        let url = pg_url().expect("the PostgreSQL variant runs only with TAMGA_TEST_PG");
        let schema = tamga_testdb::PgSchema::create(&url, "cli");
        TestDb {
            target: schema.target.clone(),
            pg: Some(schema),
        }
    }

    pub fn is_pg(&self) -> bool {
        self.pg.is_some()
    }

    /// Leaves the schema in place when dropped (for stores shared through a static).
    pub fn keep(mut self) -> String {
        if let Some(schema) = self.pg.take() {
            schema.keep();
        }
        self.target.clone()
    }
}

impl AsRef<std::ffi::OsStr> for TestDb {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.target.as_ref()
    }
}

/// Runs each named `fn()` test as `sqlite::name` and `pg::name`, the latter with the thread's
/// backend set to PostgreSQL (skipped with a message when `TAMGA_TEST_PG` is unset).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    super::common::set_backend(super::common::Backend::Sqlite);
                    super::$name()
                }
            )*
        }
        mod pg {
            $(
                #[test]
                fn $name() {
                    if super::common::pg_url().is_none() {
                        return;
                    }
                    super::common::set_backend(super::common::Backend::Postgres);
                    super::$name()
                }
            )*
        }
    };
}

const COUNTRIES: &[&str] = &[
    "Kazakhstan",
    "Russia",
    "China",
    "Uzbekistan",
    "Kyrgyzstan",
    "Turkey",
    "Iran",
    "Germany",
    "France",
    "Japan",
    "India",
    "Mongolia",
];

const CLAUSES: &[&str] = &[
    "'s foreign minister met officials from",
    " accused the government of",
    " signed a trade agreement with",
    "'s president criticized",
    " sent troops to the border with",
    " expelled two diplomats of",
    " agreed to cooperate on security with",
    " threatened sanctions against",
];

/// The texts of `n` distinct documents whose sentences the coder turns into events (a small
/// xorshift over fixed country and verb lists, so the corpus is the same on every run).
pub fn event_texts(n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    for i in 0..n {
        let mut text = format!("Bulletin {i}\n\n");
        for s in 0..6 {
            let a = COUNTRIES[next(COUNTRIES.len())];
            let b = COUNTRIES[next(COUNTRIES.len())];
            let clause = CLAUSES[next(CLAUSES.len())];
            let day = 1 + next(28);
            text.push_str(&format!(
                "On 2021-03-{day:02}, {a}{clause} {b} in case {i}-{s}. "
            ));
            if s % 2 == 1 {
                text.push_str("\n\n");
            }
        }
        out.push(text);
    }
    out
}

/// Everything a user can read back from a store, for comparing runs: the documents and every
/// event mention with its cluster, as JSON lines.
pub fn readback(db: impl AsRef<std::ffi::OsStr>) -> (String, String) {
    let db = db.as_ref();
    let docs = run_ok(
        tamga()
            .arg("--db")
            .arg(db)
            .args(["docs", "--format", "jsonl"]),
    );
    let events = run_ok(tamga().arg("--db").arg(db).args([
        "events",
        "--format",
        "jsonl",
        "--mentions",
        "--limit",
        "1000000",
    ]));
    (
        String::from_utf8(docs.stdout).expect("UTF-8 documents"),
        String::from_utf8(events.stdout).expect("UTF-8 events"),
    )
}

/// `PRAGMA integrity_check` of a SQLite store file must say ok.
pub fn assert_sqlite_integrity(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("open the store");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok", "PRAGMA integrity_check");
}

/// (documents stored, documents not yet coded), read beside a running writer (WAL); `None`
/// while the store cannot be opened yet.
pub fn progress(db: &Path) -> Option<(usize, usize)> {
    let store = tamga_store::Store::open_read_only(db).ok()?;
    Some((
        store.document_ids().ok()?.len(),
        store.uncoded_documents().ok()?.len(),
    ))
}
