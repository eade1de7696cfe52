//! Times HTML decoding + main-text extraction over a directory of `.html.gz` pages on one
//! thread, and optionally writes `{"id","text"}` JSON lines for the extraction scorer.
//!
//! `cargo run --release -p tamga-ingest --example extract_bench -- DIR [--out PRED.jsonl] [--rounds N]`

use std::io::{Read, Write};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut out = None;
    let mut rounds = 3usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next(),
            "--rounds" => rounds = args.next().ok_or("--rounds needs a value")?.parse()?,
            _ => dir = Some(a),
        }
    }
    let dir = dir.ok_or("usage: extract_bench DIR [--out PRED.jsonl] [--rounds N]")?;

    let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    entries.sort();
    for path in entries {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&path)?).read_to_end(&mut bytes)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().trim_end_matches(".html.gz").to_owned())
            .unwrap_or_default();
        pages.push((name, bytes));
    }
    if pages.is_empty() {
        return Err(format!("no .html.gz files in {dir}").into());
    }
    let total_bytes: usize = pages.iter().map(|p| p.1.len()).sum();

    let mut best = f64::MAX;
    let mut texts = Vec::new();
    for _ in 0..rounds.max(1) {
        texts.clear();
        let start = Instant::now();
        for (_, bytes) in &pages {
            let html = tamga_ingest::read::encoding::decode(bytes, None, true);
            let article = tamga_ingest::html::extract_html(&html, None);
            texts.push(article.blocks);
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "pages {}  MB {:.1}  best of {} rounds: {:.3} s  {:.0} pages/s  {:.1} MB/s",
        pages.len(),
        total_bytes as f64 / 1e6,
        rounds.max(1),
        best,
        pages.len() as f64 / best,
        total_bytes as f64 / 1e6 / best
    );

    if let Some(out) = out {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&out)?);
        for ((id, _), blocks) in pages.iter().zip(&texts) {
            let text = blocks
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join("\n\n");
            serde_json::to_writer(&mut w, &serde_json::json!({ "id": id, "text": text }))?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
    }
    Ok(())
}
