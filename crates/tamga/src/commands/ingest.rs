//! `tamga ingest`: read, extract, de-duplicate and store, in batches of one transaction each.
//! Reading and extraction run on their own thread, one batch ahead of the store's writes.

use crate::cli::IngestArgs;
use crate::output::{Progress, Summary};
use anyhow::Context;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use tamga_ingest::Document;
use tamga_store::{Outcome, Store};

pub fn run(db: &str, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let mut store = Store::connect(db)
        .with_context(|| format!("opening store {}", tamga_store::display_target(db)))?;
    ingest(&mut store, args)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads and stores `args.paths` in batches of one transaction each; bad files and records
/// are reported and counted, never fatal. Shared by `tamga ingest`, `serve` and `watch`.
pub(crate) fn ingest(store: &mut Store, args: &IngestArgs) -> anyhow::Result<Summary> {
    ingest_with(store, args, || Ok(()), |_, _| Ok(()))
}

/// Text a batch holds at most, whatever `--batch` says: large documents (up to
/// `--max-document-bytes` each) make smaller batches, so memory stays bounded.
const BATCH_BYTES: usize = 64 << 20;

/// What the reading thread hands the writer: one batch, or the error that stopped reading.
type Batch = Vec<Result<Document, tamga_ingest::Error>>;

/// [`ingest`], handing each batch's newly stored documents (in input order, after their
/// transaction committed) to `stored`, which may write to the store too (`tamga run` codes
/// them there). Reading and extraction run one batch ahead on another thread, so the store's
/// writes overlap them; the store sees the same batches in the same order whatever the
/// number of threads. `ready` runs once, while the first batch is read and before anything
/// is written: its error stops the ingest with nothing stored (`tamga run` waits there for
/// its dictionaries, which load meanwhile).
pub(crate) fn ingest_with(
    store: &mut Store,
    args: &IngestArgs,
    ready: impl FnOnce() -> anyhow::Result<()>,
    mut stored: impl FnMut(&mut Store, Vec<Document>) -> anyhow::Result<()>,
) -> anyhow::Result<Summary> {
    let progress = Progress::new();
    let mut summary = Summary::default();
    let batch_size = usize::try_from(args.batch).unwrap_or(crate::cli::DEFAULT_BATCH);
    let limits = args.limits.limits();
    // One batch in the channel and one being filled: memory stays bounded by the batch size.
    let (send, receive) = std::sync::mpsc::sync_channel::<anyhow::Result<Batch>>(1);
    // Set when `ready` fails: the reader stops at its next document.
    let stop = AtomicBool::new(false);
    let mut not_ready = false;
    let outcome = std::thread::scope(|scope| -> anyhow::Result<()> {
        let stop = &stop;
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(batch_size);
            let mut bytes = 0;
            let result =
                super::for_each_document(&args.paths, &limits, args.source.as_deref(), |doc| {
                    if stop.load(Ordering::Relaxed) {
                        anyhow::bail!("writer stopped");
                    }
                    if let Ok(doc) = &doc {
                        bytes += doc.text.len();
                    }
                    batch.push(doc);
                    if batch.len() >= batch_size || bytes >= BATCH_BYTES {
                        bytes = 0;
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                        // The writer stopped (an error): stop reading.
                        send.send(Ok(full))
                            .map_err(|_| anyhow::anyhow!("writer stopped"))?;
                    }
                    Ok(())
                });
            // Whatever happened while reading, what was read is stored before reporting.
            if !batch.is_empty() && send.send(Ok(batch)).is_err() {
                return;
            }
            if let Err(err) = result {
                let _ = send.send(Err(err));
            }
        });
        if let Err(err) = ready() {
            stop.store(true, Ordering::Relaxed);
            not_ready = true;
            return Err(err);
        }
        for batch in receive {
            let mut docs = Vec::with_capacity(batch_size);
            for doc in batch? {
                summary.read += 1;
                match doc {
                    Ok(doc) => docs.push(doc),
                    Err(err) => {
                        summary.rejected += 1;
                        progress.warn(&err.to_string());
                    }
                }
            }
            let new = write(store, docs, &mut summary)?;
            progress.update(&summary);
            if !new.is_empty() {
                stored(store, new)?;
            }
        }
        Ok(())
    });
    if !not_ready {
        progress.finish(&summary, true);
    }
    outcome?;
    Ok(summary)
}

/// Writes one batch in one transaction and returns the documents it stored.
fn write(
    store: &mut Store,
    batch: Vec<Document>,
    summary: &mut Summary,
) -> anyhow::Result<Vec<Document>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let outcomes = store
        .write_batch(&batch)
        .context("writing a batch to the store")?;
    let mut new = Vec::new();
    for (doc, outcome) in batch.into_iter().zip(&outcomes) {
        match outcome {
            Outcome::Stored => {
                summary.stored += 1;
                new.push(doc);
            }
            Outcome::Unchanged => summary.unchanged += 1,
            Outcome::Duplicate { of, kind, distance } => {
                summary.duplicates += 1;
                tracing::info!(uri = %doc.uri, of = %of, kind = ?kind, distance, "Duplicate document.");
            }
        }
    }
    Ok(new)
}
