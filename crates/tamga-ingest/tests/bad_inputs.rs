//! Runs the reader and extractor over every hazard in the repository's `tests/bad-inputs/` corpus:
//! nothing may panic, every error must name its file, and good records in a file with bad
//! ones must still come through. Set `TAMGA_BAD_LARGE` to the folder `make-large.sh` filled
//! to run the large hazards too (best with `--release`).

use std::path::{Path, PathBuf};
use tamga_ingest::{read, Error, Limits};

/// What one file must give: successfully extracted records, and the errors in order.
struct Expect {
    file: &'static str,
    ok: usize,
    errors: &'static [Kind],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Binary,
    Empty,
    Malformed,
    Gzip,
    TooLarge,
}

const fn e(file: &'static str, ok: usize, errors: &'static [Kind]) -> Expect {
    Expect { file, ok, errors }
}

use Kind::*;

const SMALL: &[Expect] = &[
    e("binary-nul-bytes.txt", 0, &[Binary]),
    e("binary-random.bin", 0, &[Binary]),
    e("control-chars.txt", 0, &[Binary]),
    e("empty.txt", 0, &[Empty]),
    e("whitespace-only.txt", 0, &[Empty]),
    e("invalid-utf8.txt", 1, &[]),
    e("latin1-no-declaration.txt", 1, &[]),
    e("utf16-bom.txt", 1, &[]),
    e("utf16-bom.html", 1, &[]),
    e("html-meta-charset-cp1251.html", 1, &[]),
    e("text-long-line-4mb.txt.gz", 1, &[]),
    e("html-deep-nesting-10000.html", 1, &[]),
    e("html-deep-unclosed-10000.html", 1, &[]),
    e("html-huge-attribute.html.gz", 1, &[]),
    e("html-many-attributes.html.gz", 1, &[]),
    e("html-unterminated-comment.html", 1, &[]),
    e("html-no-text.html", 0, &[Empty]),
    e("gzip-truncated.txt.gz", 0, &[Gzip]),
    e("gzip-header-only.txt.gz", 0, &[Gzip]),
    e("gzip-bad-crc.txt.gz", 0, &[Gzip]),
    e("gzip-trailing-garbage.txt.gz", 0, &[Gzip]),
    e("gzip-double.txt.gz.gz", 0, &[Binary]),
    e("warc-truncated-record.warc.gz", 2, &[Gzip]),
    e("warc-truncated-record.warc", 2, &[Malformed]),
    e("warc-bad-content-length.warc", 2, &[Malformed]),
    e("warc-non-html-and-errors.warc", 1, &[]),
    e("warc-garbage-between-records.warc", 2, &[Malformed]),
    e("warc-not-http.warc", 1, &[Malformed]),
    e("warc-chunked-payload.warc", 1, &[]),
    e("warc-br-encoding.warc", 1, &[Malformed]),
    e("feed-malformed.xml", 0, &[Malformed]),
    e("feed-truncated.xml", 0, &[Malformed]),
    e("feed-billion-laughs.xml", 2, &[]),
    e("feed-external-entity.xml", 1, &[]),
    e("feed-no-items.xml", 0, &[]),
    e("feed-item-without-content.xml", 1, &[Empty]),
    e(
        "jsonl-not-json.jsonl",
        2,
        &[Malformed, Malformed, Malformed],
    ),
    e("jsonl-wrong-types.jsonl", 1, &[Malformed; 5]),
    e("jsonl-invalid-utf8.jsonl", 1, &[Malformed]),
    e("jsonl-nul-bytes.jsonl", 1, &[Malformed, Malformed]),
    e("utf8-bom.txt", 1, &[]),
    e("utf8-bom.jsonl", 2, &[]),
    e("mixed-encodings.txt", 1, &[]),
    e("html-nul-bytes.html", 1, &[]),
    e("jsonl-deep-nesting.jsonl", 1, &[Malformed]),
    e("feed-deep-nesting.xml", 0, &[Empty]),
    e("feed-huge-attribute.xml.gz", 1, &[]),
    e("warc-huge-header.warc.gz", 1, &[Malformed]),
];

const LARGE: &[Expect] = &[
    e("text-line-100mb.txt", 0, &[TooLarge]),
    e("jsonl-line-100mb.jsonl", 2, &[TooLarge]),
    e("warc-record-100mb.warc.gz", 1, &[TooLarge]),
    e("gzip-bomb.txt.gz", 0, &[TooLarge]),
];

/// Files in the corpus folder that are not inputs.
const NOT_INPUTS: &[&str] = &["README.md", "make-small.py", "make-large.sh"];

fn kind(e: &Error) -> Kind {
    match e {
        Error::Binary { .. } => Binary,
        Error::Empty { .. } => Empty,
        Error::Malformed { .. } => Malformed,
        Error::Gzip { .. } => Gzip,
        Error::TooLarge { .. } => TooLarge,
        other => panic!("unexpected error kind: {other}"),
    }
}

/// Reads and extracts one file; returns (records extracted, errors) and checks that every
/// error names the file.
fn run(path: &Path) -> (usize, Vec<Kind>) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut ok = 0;
    let mut errors = Vec::new();
    let mut check = |err: Error| {
        assert_eq!(err.location().file, path, "{err}");
        assert!(
            err.to_string().contains(&name),
            "error does not name {name}: {err}"
        );
        errors.push(kind(&err));
    };
    match read::open(path, &Limits::default()) {
        Err(err) => check(err),
        Ok(records) => {
            for record in records {
                match record.and_then(|r| tamga_ingest::extract(&r)) {
                    Ok(article) => {
                        assert!(!article.blocks.is_empty());
                        ok += 1;
                    }
                    Err(err) => check(err),
                }
            }
        }
    }
    (ok, errors)
}

fn check_corpus(dir: &Path, expected: &[Expect], complete: bool) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut seen = 0;
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if NOT_INPUTS.contains(&name.as_str()) {
            continue;
        }
        let Some(want) = expected.iter().find(|e| e.file == name) else {
            if complete {
                failures.push(format!("{name}: no expectation in bad_inputs.rs"));
            }
            continue;
        };
        seen += 1;
        let (ok, errors) = run(path);
        if ok != want.ok || errors != want.errors {
            failures.push(format!(
                "{name}: got {ok} ok, errors {errors:?}; want {} ok, errors {:?}",
                want.ok, want.errors
            ));
        }
    }
    if complete && seen != expected.len() {
        failures.push(format!(
            "{} expected files are missing from {}",
            expected.len() - seen,
            dir.display()
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn small_bad_inputs_fail_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-inputs");
    check_corpus(&dir, SMALL, true);
}

/// Peak resident memory of this process, in bytes (Linux only).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn large_bad_inputs_fail_cleanly_in_bounded_memory() {
    let Some(dir) = std::env::var_os("TAMGA_BAD_LARGE") else {
        eprintln!("TAMGA_BAD_LARGE not set; skipping the large hazards");
        return;
    };
    check_corpus(Path::new(&dir), LARGE, true);
    // Each hazard is 100 MB or more (10 GiB for the bomb); reading them must cost about one
    // document limit (32 MiB) of memory, not their size. The other tests in this binary run
    // in parallel, so allow for them too.
    if let Some(peak) = peak_rss() {
        assert!(peak < 400 << 20, "peak RSS {} MiB", peak >> 20);
        eprintln!("peak RSS {} MiB", peak >> 20);
    }
}
