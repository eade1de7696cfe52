//! `tamga show`: one stored document, metadata then clean text.

use crate::cli::ShowArgs;
use anyhow::Context;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use tamga_store::Store;

/// Opens a store that must already exist: reading commands never create an empty one.
pub fn open_existing(db: &Path) -> anyhow::Result<Store> {
    anyhow::ensure!(
        db.exists(),
        "no store at {} (run `tamga ingest` first, or pass --db)",
        db.display()
    );
    Store::open(db).with_context(|| format!("opening store {}", db.display()))
}

pub fn run(db: &Path, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let doc = match store
        .document(&args.id)
        .context("looking up the document")?
    {
        Some(doc) => Some(doc),
        None => by_name_or_uri(&store, &args.id)?,
    };
    let Some(doc) = doc else {
        eprintln!("error: no document {:?} in {}", args.id, db.display());
        return Ok(ExitCode::from(1));
    };
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

/// The first stored document whose name (as `extract` prints it) or URI is `key`.
fn by_name_or_uri(store: &Store, key: &str) -> anyhow::Result<Option<tamga_ingest::Document>> {
    let mut found = None;
    store.for_each_document(&tamga_store::DocQuery::default(), |doc| {
        if doc.name == key || doc.uri == key {
            found = Some(doc);
            return std::ops::ControlFlow::Break(());
        }
        std::ops::ControlFlow::Continue(())
    })?;
    Ok(found)
}
