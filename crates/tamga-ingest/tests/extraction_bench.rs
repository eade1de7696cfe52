//! Accuracy gate: extracts every page of the shared extraction benchmark (dev split) and
//! scores it with the benchmark's own `score.py`; fails below trafilatura's F1 (0.9646).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Command;

const MIN_F1: &str = "0.9646";

#[test]
fn dev_set_f1_beats_trafilatura() {
    // `TAMGA_EXTRACTION_DEV` overrides the location for checkouts outside /work/main.
    let dev = std::env::var_os("TAMGA_EXTRACTION_DEV").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/extraction/dev"),
        PathBuf::from,
    );
    let html_dir = dev.join("html");
    let gold = dev.join("gold.jsonl");
    let scorer = dev.join("../score.py");
    assert!(
        html_dir.is_dir() && gold.is_file() && scorer.is_file(),
        "extraction benchmark not found at {} (expected html/, gold.jsonl and ../score.py)",
        dev.display()
    );

    let mut paths: Vec<PathBuf> = std::fs::read_dir(&html_dir)
        .expect("benchmark html dir is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no pages in {}", html_dir.display());

    let pred = tempfile::NamedTempFile::new().expect("temp file");
    {
        let mut w = std::io::BufWriter::new(pred.as_file());
        for path in &paths {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(path).expect("page opens"))
                .read_to_end(&mut bytes)
                .expect("page decompresses");
            let html = tamga_ingest::read::encoding::decode(&bytes, None, true);
            let article = tamga_ingest::html::extract_html(&html, None);
            let text = article
                .blocks
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join("\n\n");
            let id = path
                .file_name()
                .map(|n| n.to_string_lossy().trim_end_matches(".html.gz").to_owned())
                .unwrap_or_default();
            serde_json::to_writer(&mut w, &serde_json::json!({ "id": id, "text": text }))
                .expect("prediction written");
            w.write_all(b"\n").expect("prediction written");
        }
        w.flush().expect("predictions flushed");
    }

    let out = Command::new("python3")
        .arg(&scorer)
        .arg(&gold)
        .arg(pred.path())
        .args(["--min-f1", MIN_F1])
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    assert!(
        out.status.success(),
        "F1 below {MIN_F1} (or scorer failed):\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
