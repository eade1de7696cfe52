//! The real binary over the bad-input corpus (`tests/bad-inputs/`, plus the large hazards
//! generated here at test time): every input ends in a stored document, a clean skip or an
//! error naming its file, never a crash; the batch goes on; what was stored survives; each
//! input takes seconds at most and peak memory stays bounded whatever the input's size.
//! Peak RSS is the kernel's figure for the child process (`getrusage`, read through python3,
//! which CI installs, because the workspace forbids the `unsafe` a direct call would need).

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{jsonl, repo_root, seeds, tamga};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Peak memory one command may reach. The document limit is 32 MiB and a document is held
/// a few times over while it is decoded and extracted; the dictionaries of `run` add their
/// own. An input read whole (a 100 MB line, a 2 GiB bomb) would blow through this.
const MAX_RSS_MIB: u64 = 400;

/// Wall time one input may take. The debug build `cargo test` makes is 10-20 times slower
/// than a release build on text-heavy inputs (1M paragraphs take ~25 s there, ~2 s in
/// release), so it gets the looser bound.
const MAX_SECONDS_PER_INPUT: u64 = if cfg!(debug_assertions) { 60 } else { 5 };

struct Measured {
    out: Output,
    rss_mib: u64,
    elapsed: Duration,
}

/// Runs `cmd` as the child of a python3 shim that reports the child's peak RSS (ru_maxrss of
/// the waited-for children, in KiB on Linux) on its last stderr line.
fn measure(cmd: &Command, stdin: Option<&[u8]>) -> Measured {
    const SHIM: &str = "import resource, subprocess, sys\n\
        r = subprocess.run(sys.argv[1:])\n\
        sys.stderr.write('\\nmaxrss_kib %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n\
        sys.exit(r.returncode if r.returncode >= 0 else 128 - r.returncode)\n";
    let mut shim = Command::new("python3");
    shim.arg("-c").arg(SHIM).arg(cmd.get_program());
    shim.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => shim.env(k, v),
            None => shim.env_remove(k),
        };
    }
    shim.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = shim.spawn().expect("python3 is needed to measure peak RSS");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        // A writer thread: the child may answer before it has read all its input.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let mut out = child.wait_with_output().unwrap();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let (rest, last) = stderr
        .trim_end()
        .rsplit_once('\n')
        .unwrap_or_else(|| panic!("no RSS line from the shim: {stderr}"));
    let kib: u64 = last
        .strip_prefix("maxrss_kib ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no RSS line from the shim: {stderr}"));
    out.stderr = rest.trim_end_matches('\n').as_bytes().to_vec();
    Measured {
        out,
        rss_mib: kib / 1024,
        elapsed,
    }
}

fn stderr(m: &Measured) -> String {
    String::from_utf8_lossy(&m.out.stderr).into_owned()
}

/// Fails unless the command exited by itself (no panic, no signal) within the bounds.
fn check_bounds(what: &str, m: &Measured) {
    let err = stderr(m);
    assert!(
        !err.contains("panicked") && m.out.status.code().is_some_and(|c| c != 101),
        "{what}: crashed ({}):\n{err}",
        m.out.status
    );
    assert!(
        m.rss_mib <= MAX_RSS_MIB,
        "{what}: peak RSS {} MiB over {MAX_RSS_MIB} MiB",
        m.rss_mib
    );
    assert!(
        m.elapsed <= Duration::from_secs(MAX_SECONDS_PER_INPUT),
        "{what}: took {:.1} s",
        m.elapsed.as_secs_f64()
    );
}

/// Writes `total` bytes made by repeating `unit`, in chunks, without holding them in memory.
fn write_repeated(w: &mut impl Write, unit: &[u8], total: usize) {
    let chunk: Vec<u8> = unit.iter().copied().cycle().take(1 << 20).collect();
    let mut left = total;
    while left > 0 {
        let n = left.min(chunk.len());
        w.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
}

const GOOD: &str = "The council met on Tuesday to discuss the new water agreement. Officials \
                    said the talks would continue next month in the capital.";

/// The large hazards, made fresh in `dir` (never committed): each is cheap to make but
/// would cost its full size in memory if a reader buffered it.
fn make_large(dir: &Path) -> Vec<PathBuf> {
    let mb100 = 100 << 20;
    let mut made = Vec::new();
    let mut file = |name: &str, f: &dyn Fn(&mut std::io::BufWriter<std::fs::File>)| {
        let path = dir.join(name);
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        f(&mut w);
        w.flush().unwrap();
        made.push(path);
    };
    file("text-line-100mb.txt", &|w| write_repeated(w, b"x", mb100));
    file("jsonl-line-100mb.jsonl", &|w| {
        writeln!(w, r#"{{"id":"first","text":"{GOOD}"}}"#).unwrap();
        w.write_all(br#"{"id":"huge","text":""#).unwrap();
        write_repeated(w, b"y", mb100);
        w.write_all(b"\"}\n").unwrap();
        writeln!(
            w,
            r#"{{"id":"last","text":"{}"}}"#,
            GOOD.replace("council", "panel")
        )
        .unwrap();
    });
    file("warc-record-100mb.warc", &|w| {
        let http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
        let len = http.len() + mb100 + 7;
        write!(w, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/huge\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {len}\r\n\r\n").unwrap();
        w.write_all(http).unwrap();
        w.write_all(b"<p>").unwrap();
        write_repeated(w, b"z", mb100);
        w.write_all(b"</p>\r\n\r\n\r\n").unwrap();
        let page = format!("<html><body><p>{GOOD}</p></body></html>");
        let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
        write!(w, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/small\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n", block.len()).unwrap();
    });
    // A gzip bomb: one member inflating 1 MiB of zeros, repeated: 4 GiB from 4 MB. Gzip
    // readers must take every member (multi-member files are legal), so only the limits
    // stop it.
    let member = gzip_member_of_zeros();
    file("gzip-bomb.txt.gz", &|w| {
        for _ in 0..4096 {
            w.write_all(&member).unwrap();
        }
    });
    file("text-1m-paragraphs.txt", &|w| {
        write_repeated(w, b"Aa.\n\n", 5 << 20)
    });
    // A long but ordinary text, stored by ingest and then over the coder's 1 MiB limit.
    file("text-2mb-article.txt", &|w| {
        for i in 0..30_000 {
            write!(
                w,
                "Delegation {i} met officials of region {} on Tuesday. ",
                i % 97
            )
            .unwrap();
            if i % 5 == 4 {
                w.write_all(b"\n\n").unwrap();
            }
        }
    });
    file("html-1m-paragraphs.html", &|w| {
        w.write_all(b"<html><body>").unwrap();
        write_repeated(w, b"<p>Bb.</p>", 10 << 20);
        w.write_all(b"</body></html>").unwrap();
    });
    made
}

/// A gzip member holding 1 MiB of zeros, made by the system's gzip (Debian has it always):
/// the test crate has no compressor of its own, and debug-built Rust deflate is slow.
fn gzip_member_of_zeros() -> Vec<u8> {
    let mut child = Command::new("gzip")
        .args(["-c", "-n", "-9"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip");
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || stdin.write_all(&vec![0u8; 1 << 20]).unwrap());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    out.stdout
}

fn corpus() -> PathBuf {
    let dir = repo_root().join("tests/bad-inputs");
    assert!(
        dir.is_dir(),
        "bad-input corpus missing at {}",
        dir.display()
    );
    dir
}

/// Input files of the committed corpus (the dictionaries have their own test).
fn committed_inputs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !matches!(
                name.as_ref(),
                "README.md" | "make-small.py" | "make-large.sh"
            )
        })
        .collect();
    files.sort();
    files
}

/// "read 5, stored 5, ..." → the count after `label`.
fn count(summary: &str, label: &str) -> u64 {
    summary
        .split(", ")
        .find_map(|part| part.trim().strip_prefix(label)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {label:?} in summary {summary:?}"))
}

fn doc_names(db: &Path) -> Vec<String> {
    let out = tamga()
        .arg("--db")
        .arg(db)
        .args(["docs", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    jsonl(&out)
        .iter()
        .map(|d| d["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn every_bad_input_alone_is_stored_skipped_or_named_in_bounded_time_and_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let large = make_large(tmp.path());
    let mut inputs = committed_inputs();
    assert!(inputs.len() >= 40, "only {} committed inputs", inputs.len());
    inputs.extend(large);
    let mut worst = (0u64, String::new());
    let mut slowest = (Duration::ZERO, String::new());
    for (i, input) in inputs.iter().enumerate() {
        let db = tmp.path().join(format!("one{i}.db"));
        let mut cmd = tamga();
        cmd.arg("--db").arg(&db).arg("ingest").arg(input);
        let m = measure(&cmd, None);
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        check_bounds(&name, &m);
        assert!(
            m.out.status.success(),
            "{name}: a bad input is reported, not fatal:\n{}",
            stderr(&m)
        );
        let err = stderr(&m);
        let summary = err.lines().last().unwrap_or_default();
        let (stored, rejected) = (count(summary, "stored"), count(summary, "rejected"));
        assert!(
            stored + rejected > 0 || count(summary, "read") == 0,
            "{name}: neither stored nor reported: {summary}"
        );
        for line in err.lines().filter(|l| l.starts_with("warning:")) {
            assert!(
                line.contains(&name),
                "{name}: warning names no file: {line}"
            );
        }
        if m.rss_mib > worst.0 {
            worst = (m.rss_mib, name.clone());
        }
        if m.elapsed > slowest.0 {
            slowest = (m.elapsed, name);
        }
    }
    eprintln!(
        "{} inputs; peak RSS {} MiB ({}); slowest {:.2} s ({})",
        inputs.len(),
        worst.0,
        worst.1,
        slowest.0.as_secs_f64(),
        slowest.1
    );
}

#[test]
fn run_over_the_whole_corpus_goes_on_and_keeps_what_was_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    let first = tamga()
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(seeds().join("000_9de8d086e0744df8.txt"))
        .output()
        .unwrap();
    assert!(first.status.success());
    let before = doc_names(&db);

    let dir = tmp.path().join("all");
    std::fs::create_dir(&dir).unwrap();
    make_large(&dir);
    for f in committed_inputs() {
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    let mut cmd = tamga();
    cmd.arg("--db")
        .arg(&db)
        .arg("run")
        .arg(&dir)
        .arg(seeds().join("004_2ae13dce76d82efa.txt"));
    let m = measure(&cmd, None);
    let err = stderr(&m);
    assert!(m.out.status.success(), "run failed:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(m.rss_mib <= MAX_RSS_MIB, "run: peak RSS {} MiB", m.rss_mib);
    // The whole batch (about 60 inputs, 400 MB of hazards) in a bounded time.
    let bound = Duration::from_secs(4 * MAX_SECONDS_PER_INPUT);
    assert!(m.elapsed < bound, "run took {:?}", m.elapsed);
    let warnings = err.lines().filter(|l| l.starts_with("warning:")).count();
    assert!(warnings >= 20, "expected the hazards reported, got:\n{err}");
    for line in err.lines().filter(|l| l.starts_with("warning:")) {
        // Ingest names the file; the coder names the stored document (name and id).
        assert!(
            line.contains(&*dir.to_string_lossy()) || line.contains("): not coded: "),
            "warning names no file: {line}"
        );
    }
    let after = doc_names(&db);
    for id in &before {
        assert!(after.contains(id), "stored document {id} lost");
    }
    assert!(
        after.iter().any(|id| id.starts_with("004_")),
        "the good file after the bad ones was not stored"
    );
    // The 2 MB article is stored but over the coding limit: reported by name, left uncoded.
    assert!(
        err.lines()
            .any(|l| l.contains("text-2mb-article") && l.contains("--max-code-bytes")),
        "{err}"
    );
    let stdout = String::from_utf8_lossy(&m.out.stdout);
    assert!(stdout.contains("documents: read"), "{stdout}");
    eprintln!(
        "run over {} MB of hazards: {:.1} s, peak RSS {} MiB",
        dir_size(&dir) >> 20,
        m.elapsed.as_secs_f64(),
        m.rss_mib
    );
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

#[test]
fn broken_dictionaries_are_errors_naming_file_and_line() {
    let dir = corpus().join("dict");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 6, "{files:?}");
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let mut cmd = tamga();
        cmd.args(["dict", "stats", "--dict"]).arg(file);
        let m = measure(&cmd, None);
        check_bounds(&name, &m);
        let err = stderr(&m);
        // `file:LINE: what is wrong`, or `file: cannot read` for a file that is no text.
        let named = err.lines().any(|l| {
            l.split_once(&format!("{name}:")).is_some_and(|(_, rest)| {
                rest.starts_with(|c: char| c.is_ascii_digit()) || rest.contains("cannot read")
            })
        });
        assert!(named, "{name}: error names no file and line: {err}");
        assert!(
            !m.out.status.success(),
            "{name}: a broken dictionary is an error"
        );
    }
    // `run` checks its dictionaries before touching the store or the inputs.
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    let out = tamga()
        .arg("--db")
        .arg(&db)
        .arg("run")
        .arg("--dict")
        .arg(dir.join("unclosed-table.toml"))
        .arg(seeds())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unclosed-table.toml:1:"),
        "file and line named: {err}"
    );
    assert!(
        !db.exists() || doc_names(&db).is_empty(),
        "run stored documents with a bad --dict"
    );
}

#[test]
fn code_stdin_skips_a_100mb_line_without_buffering_it() {
    let mut input = Vec::with_capacity(110 << 20);
    writeln!(input, r#"{{"id":"a","date":"2006-11-15","text":"{GOOD}"}}"#).unwrap();
    input.extend_from_slice(br#"{"id":"huge","text":""#);
    write_repeated(&mut input, b"w", 100 << 20);
    input.extend_from_slice(b"\"}\n");
    writeln!(input, r#"{{"id":"b","text":"{GOOD}"}}"#).unwrap();
    let mut cmd = tamga();
    cmd.args(["code", "--stdin"]);
    let m = measure(&cmd, Some(&input));
    drop(input);
    check_bounds("code --stdin", &m);
    assert!(m.out.status.success(), "{}", stderr(&m));
    let err = stderr(&m);
    assert!(
        err.contains("line 2: longer than"),
        "the long line is named: {err}"
    );
    let summary = err.lines().last().unwrap_or_default();
    assert_eq!(count(summary, "records"), 3, "{summary}");
    assert_eq!(count(summary, "bad"), 1, "{summary}");
}
