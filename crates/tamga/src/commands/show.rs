//! `tamga show`: one stored document, metadata then clean text (or, with `--annotations`, the
//! JSON of `tamga annotate` for its text, anchored on its publication date).

use crate::cli::ShowArgs;
use anyhow::Context;
use std::io::Write;
use std::process::ExitCode;
use tamga_store::Store;

/// Opens a store that must already exist: reading commands never create or migrate one.
pub fn open_existing(db: &str) -> anyhow::Result<Store> {
    Store::connect_read_only(db).with_context(|| {
        format!(
            "opening store {} (run `tamga ingest` first, or pass --db)",
            tamga_store::display_target(db)
        )
    })
}

pub fn run(db: &str, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let doc = match store
        .document(&args.id)
        .context("looking up the document")?
    {
        Some(doc) => Some(doc),
        None => store.document_by_uri_or_name(&args.id)?,
    };
    let Some(doc) = doc else {
        eprintln!(
            "error: no document {:?} in {}",
            args.id,
            tamga_store::display_target(db)
        );
        return Ok(ExitCode::from(1));
    };
    if args.annotations {
        let ann = tamga_text::annotate(&doc.text, doc.published);
        super::annotate::print(&doc.text, doc.published, &ann)?;
        return Ok(ExitCode::SUCCESS);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "id:        {}", doc.id)?;
    writeln!(out, "name:      {}", doc.name)?;
    writeln!(out, "uri:       {}", doc.uri)?;
    writeln!(out, "title:     {}", doc.title.as_deref().unwrap_or("-"))?;
    let date = match (doc.published, doc.date_source) {
        (Some(d), Some(src)) => format!("{d} (from {})", src.as_str()),
        (Some(d), None) => d.to_string(),
        (None, _) => "unknown".to_owned(),
    };
    writeln!(out, "published: {date}")?;
    let authors = if doc.authors.is_empty() {
        "-".to_owned()
    } else {
        doc.authors.join(", ")
    };
    writeln!(out, "authors:   {authors}")?;
    writeln!(out, "source:    {}", doc.source.as_deref().unwrap_or("-"))?;
    writeln!(out, "lang:      {}", doc.lang.as_deref().unwrap_or("-"))?;
    writeln!(out, "format:    {}", doc.format.as_str())?;
    writeln!(out, "\n{}", doc.text)?;
    Ok(ExitCode::SUCCESS)
}
