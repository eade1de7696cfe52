//! Codes JSONL records (`{"id","date"?,"text"}`) from stdin with the library alone, for
//! working on the coder without the binary: `cargo run --release -p tamga-events --example
//! code_stdin -- [--only] DICT... < records.jsonl`. `--only`: no shipped dictionaries.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use tamga_events::coder::Options;
use tamga_events::{Coder, DocRef};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut only = false;
    let mut dicts = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "--only" {
            only = true;
        } else {
            dicts.push(PathBuf::from(a));
        }
    }
    let coder = Coder::with_options(
        &dicts,
        Options {
            builtin: !only,
            require_dyad: only,
        },
    )?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let Ok(rec) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let id = rec["id"].as_str().unwrap_or("").to_string();
        let text = rec["text"].as_str().unwrap_or("");
        let published = rec["date"].as_str().and_then(|d| {
            let mut p = d.split('-').map(|x| x.parse::<u32>().ok());
            let y = p.next().flatten()?;
            tamga_ingest::PartialDate::new(
                i32::try_from(y).ok()?,
                p.next().flatten().and_then(|m| u8::try_from(m).ok()),
                p.next().flatten().and_then(|d| u8::try_from(d).ok()),
            )
        });
        let doc = DocRef {
            id: &id,
            uri: &id,
            published,
        };
        for e in coder.code_text(&doc, text).events {
            writeln!(out, "{}", serde_json::to_string(&e)?)?;
        }
    }
    Ok(())
}
