//! `tamga docs`: list stored documents as a table, JSONL or CSV.

use crate::cli::{DocsArgs, DocsFormat};
use crate::output::DocJson;
use anyhow::Context;
use std::io::Write;
use std::process::ExitCode;
use tamga_store::DocQuery;

pub fn run(db: &str, args: &DocsArgs) -> anyhow::Result<ExitCode> {
    let store = super::show::open_existing(db)?;
    let query = DocQuery {
        text: args.text.clone(),
        limit: args.limit,
    };
    let docs = store.documents(&query).context("querying documents")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        DocsFormat::Jsonl => {
            for doc in &docs {
                serde_json::to_writer(&mut out, &DocJson::new(doc, true))?;
                out.write_all(b"\n")?;
            }
        }
        DocsFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record([
                "store_id",
                "id",
                "uri",
                "title",
                "published",
                "date_source",
                "authors",
                "source",
                "lang",
                "format",
                "words",
                "text",
            ])?;
            for doc in &docs {
                w.write_record([
                    doc.id.as_str(),
                    &doc.name,
                    &doc.uri,
                    doc.title.as_deref().unwrap_or(""),
                    &doc.published.map(|d| d.to_string()).unwrap_or_default(),
                    doc.date_source.map(|s| s.as_str()).unwrap_or(""),
                    &doc.authors.join("; "),
                    doc.source.as_deref().unwrap_or(""),
                    doc.lang.as_deref().unwrap_or(""),
                    doc.format.as_str(),
                    &doc.text.split_whitespace().count().to_string(),
                    &doc.text,
                ])?;
            }
            w.flush()?;
        }
        DocsFormat::Table => {
            writeln!(
                out,
                "{:<12}  {:<10}  {:>6}  {:<20}  TITLE",
                "ID", "PUBLISHED", "WORDS", "SOURCE"
            )?;
            for doc in &docs {
                let title = doc.title.as_deref().unwrap_or(&doc.name);
                writeln!(
                    out,
                    "{:<12}  {:<10}  {:>6}  {:<20}  {}",
                    &doc.id[..doc.id.len().min(12)],
                    doc.published
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".into()),
                    doc.text.split_whitespace().count(),
                    clip(doc.source.as_deref().unwrap_or("-"), 20),
                    clip(title, 70),
                )?;
            }
            writeln!(out, "{} documents", docs.len())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Cuts a string to `n` characters for a table column, marking the cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}
