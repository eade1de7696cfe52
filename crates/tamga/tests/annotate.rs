//! `tamga annotate` and `tamga show --annotations` on a seed, through the real binary: the JSON
//! shape, sentence spans that match their text, and clause modality present.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{run_ok, run_with_stdin, tamga};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn seed() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/seeds/001_0f6399be4a7fa251.txt");
    assert!(p.is_file(), "seed missing at {}", p.display());
    p
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("one JSON object on stdout")
}

/// Checks the documented shape; returns the number of sentences.
fn check_shape(v: &Value, text: &str) -> usize {
    let arr = |k: &str| {
        v[k].as_array()
            .unwrap_or_else(|| panic!("no array {k:?} in {v}"))
    };
    let span = |o: &Value| {
        let (s, e) = (o["start"].as_u64().unwrap(), o["end"].as_u64().unwrap());
        assert!(s <= e && e as usize <= text.len(), "bad span in {o}");
        (s as usize, e as usize)
    };
    let sentences = arr("sentences");
    assert!(!sentences.is_empty());
    for s in sentences {
        let (a, b) = span(s);
        assert_eq!(
            s["text"].as_str().unwrap(),
            &text[a..b],
            "sentence text matches its span"
        );
    }
    for t in arr("times") {
        span(t);
        for k in ["text", "value", "precision", "anchor"] {
            assert!(t.get(k).is_some(), "time lacks {k}: {t}");
        }
    }
    for q in arr("quantities") {
        span(q);
        for k in ["text", "value", "unit"] {
            assert!(q.get(k).is_some(), "quantity lacks {k}: {q}");
        }
    }
    for q in arr("quotes") {
        span(q);
        assert!(q["text"].is_string());
        let sp = &q["speaker"];
        if !sp.is_null() {
            span(sp);
            assert!(sp["text"].is_string());
        }
    }
    let modality = arr("modality");
    assert!(!modality.is_empty(), "clauses have a modality");
    let statuses = [
        "occurred",
        "planned",
        "rejected",
        "hypothetical",
        "claimed",
        "denied",
    ];
    for m in modality {
        span(m);
        assert!(statuses.contains(&m["status"].as_str().unwrap()), "{m}");
        assert!(m["cue"].is_string());
    }
    // The seed's plans ("will each send a battalion") are found.
    assert!(modality.iter().any(|m| m["status"] == "planned"));
    arr("names");
    sentences.len()
}

#[test]
fn annotate_a_text_file_and_stdin() {
    let text = std::fs::read_to_string(seed()).unwrap();
    let out = run_ok(tamga().arg("annotate").arg(seed()));
    let v = json(&out);
    check_shape(&v, &text);
    // The Eurasia Daily Monitor piece is dated in its header; ingest finds it.
    assert_eq!(v["published"], "2006-11-15");

    let out = run_with_stdin(
        tamga().args(["annotate", "--published", "2006-11-20", "-"]),
        text.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v2 = json(&out);
    assert_eq!(v2["published"], "2006-11-20");
    assert_eq!(v2["sentences"], v["sentences"]);
}

#[test]
fn annotate_html_extracts_first() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("page.html");
    std::fs::write(
        &page,
        "<html><head><title>Troops</title></head><body><nav>Home | About</nav><article>\
         <p>The upper house rejected the bill to send troops to the border region on Monday.</p>\
         <p>The government said it will submit a new version of the bill next month.</p>\
         </article></body></html>",
    )
    .unwrap();
    let out = run_ok(
        tamga()
            .args(["annotate", "--published", "2021-03-04"])
            .arg(&page),
    );
    let v = json(&out);
    let sentences = v["sentences"].as_array().unwrap();
    let joined: Vec<&str> = sentences
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert!(
        joined.iter().any(|s| s.contains("rejected the bill")),
        "{joined:?}"
    );
    assert!(
        !joined.iter().any(|s| s.contains("Home |")),
        "chrome dropped: {joined:?}"
    );
    let statuses: Vec<&str> = v["modality"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap())
        .collect();
    assert!(statuses.contains(&"rejected"), "{statuses:?}");
    assert!(statuses.contains(&"planned"), "{statuses:?}");
}

#[test]
fn show_annotations_of_a_stored_document() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    run_ok(tamga().arg("--db").arg(&db).arg("ingest").arg(seed()));
    let out = run_ok(tamga().arg("--db").arg(&db).args([
        "show",
        "001_0f6399be4a7fa251",
        "--annotations",
    ]));
    let v = json(&out);
    // Spans point into the stored (clean) text, which `show` prints without the flag.
    let plain = run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .args(["show", "001_0f6399be4a7fa251"]),
    );
    let plain = String::from_utf8(plain.stdout).unwrap();
    let text = plain
        .split_once("\n\n")
        .unwrap()
        .1
        .strip_suffix('\n')
        .unwrap();
    check_shape(&v, text);
    assert_eq!(v["published"], "2006-11-15");
}

#[test]
fn timings_name_every_annotator() {
    let out = run_ok(tamga().args(["annotate", "--timings"]).arg(seed()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().find(|l| l.starts_with("timings: ")).unwrap();
    for stage in [
        "sentences",
        "tokens",
        "modality",
        "times",
        "quantities",
        "quotes",
        "names",
    ] {
        assert!(line.contains(stage), "{line}");
    }
    check_shape(&json(&out), &std::fs::read_to_string(seed()).unwrap());
}

#[test]
fn bad_input_is_an_error_not_a_crash() {
    let out = tamga()
        .args(["annotate", "--published", "2006-13-40", "-"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("noise.txt");
    std::fs::write(
        &bin,
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let out = tamga().arg("annotate").arg(&bin).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary"));
    let out = tamga()
        .args(["annotate", "/nonexistent/file.txt"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("error"));
}
