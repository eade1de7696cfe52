//! `tamga quotes`: the quotations and reported speech of coded documents with their speakers
//! (as written, and as an actor code when the coder resolved one), filtered by speaker and words.

use crate::cli::{QueryFormat, QuotesArgs};
use anyhow::Context;
use std::io::Write;
use std::process::ExitCode;
use tamga_store::{QuoteQuery, QuoteRecord};

pub fn run(db: &str, args: &QuotesArgs) -> anyhow::Result<ExitCode> {
    let store = super::show::open_existing(db)?;
    let quotes = store
        .quotes(&QuoteQuery {
            speaker: args.speaker.clone(),
            text: args.text.clone(),
            limit: args.limit,
        })
        .context("querying quotes")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        QueryFormat::Jsonl => {
            for q in &quotes {
                serde_json::to_writer(&mut out, q)?;
                out.write_all(b"\n")?;
            }
        }
        QueryFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record([
                "doc_id",
                "doc_uri",
                "published",
                "start",
                "end",
                "speaker",
                "speaker_code",
                "indirect",
                "cue",
                "text",
            ])?;
            for q in &quotes {
                w.write_record([
                    q.doc_id.as_str(),
                    &q.doc_uri,
                    q.published.as_deref().unwrap_or(""),
                    &q.start.to_string(),
                    &q.end.to_string(),
                    q.speaker.as_deref().unwrap_or(""),
                    q.speaker_code.as_deref().unwrap_or(""),
                    if q.indirect { "true" } else { "false" },
                    q.cue.as_deref().unwrap_or(""),
                    &super::events::one_line(&q.text),
                ])?;
            }
            w.flush()?;
        }
        QueryFormat::Table => write_table(&mut out, &quotes)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_table(out: &mut impl Write, quotes: &[QuoteRecord]) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<12}  {:<28}  {:<12}  {:<3}  QUOTE",
        "DOC", "SPEAKER", "CODE", "IND"
    )?;
    for q in quotes {
        writeln!(
            out,
            "{:<12}  {:<28}  {:<12}  {:<3}  {}",
            q.doc_id.chars().take(12).collect::<String>(),
            super::events::clip(
                &super::events::one_line(q.speaker.as_deref().unwrap_or("-")),
                28
            ),
            q.speaker_code.as_deref().unwrap_or("-"),
            if q.indirect { "yes" } else { "no" },
            super::events::clip(&super::events::one_line(&q.text), 80),
        )?;
    }
    writeln!(out, "{} quotes", quotes.len())?;
    Ok(())
}
