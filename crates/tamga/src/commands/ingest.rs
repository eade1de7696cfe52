//! `tamga ingest`: read, extract, de-duplicate and store, in batches of one transaction each.

use crate::cli::IngestArgs;
use crate::output::{Progress, Summary};
use anyhow::Context;
use std::process::ExitCode;
use tamga_store::{Outcome, Store};

pub fn run(db: &str, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let mut store = Store::connect(db)
        .with_context(|| format!("opening store {}", tamga_store::display_target(db)))?;
    ingest(&mut store, args)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads and stores `args.paths` in batches of one transaction each; bad files and records
/// are reported and counted, never fatal. Shared by `tamga ingest` and `tamga run`.
pub(crate) fn ingest(store: &mut Store, args: &IngestArgs) -> anyhow::Result<Summary> {
    let progress = Progress::new();
    let mut summary = Summary::default();
    let batch_size = usize::try_from(args.batch).unwrap_or(256);
    let mut batch = Vec::with_capacity(batch_size);
    let result = super::for_each_document(
        &args.paths,
        &args.limits.limits(),
        args.source.as_deref(),
        |doc| {
            summary.read += 1;
            match doc {
                Ok(doc) => {
                    batch.push(doc);
                    if batch.len() >= batch_size {
                        write(store, &mut batch, &mut summary, &progress)?;
                    }
                }
                Err(err) => {
                    summary.rejected += 1;
                    progress.warn(&err.to_string());
                }
            }
            progress.update(&summary);
            Ok(())
        },
    );
    // Whatever happened while reading, what was read is stored before reporting.
    let flushed = write(store, &mut batch, &mut summary, &progress);
    progress.finish(&summary, true);
    result?;
    flushed?;
    Ok(summary)
}

fn write(
    store: &mut Store,
    batch: &mut Vec<tamga_ingest::Document>,
    summary: &mut Summary,
    progress: &Progress,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let outcomes = store
        .write_batch(batch)
        .context("writing a batch to the store")?;
    for (doc, outcome) in batch.iter().zip(&outcomes) {
        match outcome {
            Outcome::Stored => summary.stored += 1,
            Outcome::Unchanged => summary.unchanged += 1,
            Outcome::Duplicate { of, kind, distance } => {
                summary.duplicates += 1;
                tracing::info!(uri = %doc.uri, of = %of, kind = ?kind, distance, "Duplicate document.");
            }
        }
    }
    batch.clear();
    progress.update(summary);
    Ok(())
}
