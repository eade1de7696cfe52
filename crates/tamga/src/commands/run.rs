//! `tamga run`: the whole job in one command — ingest the files (exactly as `tamga ingest`),
//! code every stored document not coded yet on all cores, store and cluster the events, and
//! print a summary with the most mentioned events. Each batch ingest stores is coded on the
//! rayon pool while the next batch is read and written, and its events are written in input
//! order, so the store ends the same on any number of threads.

use super::code::{self, counts};
use crate::cli::RunArgs;
use anyhow::Context;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use tamga_store::{EventOrder, EventQuery, Store};

pub fn run(db: &str, args: &RunArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    // Load the dictionaries first: a bad --dict file should fail before any work is done.
    let (coder, coder_id) = code::load_coder(&args.dicts)?;
    let mut store = Store::connect(db)
        .with_context(|| format!("opening store {}", tamga_store::display_target(db)))?;
    let max = args.code_limits.max_code_bytes;
    // Documents an earlier ingest stored but nothing coded: first, as `tamga code` would.
    let earlier = store
        .uncoded_documents()
        .context("listing documents to code")?;
    let mut coded = code::code_stored(&mut store, &coder, &coder_id, &earlier, max)?;

    let bar = indicatif::ProgressBar::hidden();
    let ingest = std::thread::scope(|scope| -> anyhow::Result<_> {
        // The batch being coded in the background; written once the next batch is stored.
        let mut pending: Option<std::thread::ScopedJoinHandle<'_, code::Chunk>> = None;
        let mut write_pending =
            |store: &mut Store,
             pending: Option<std::thread::ScopedJoinHandle<'_, code::Chunk>>|
             -> anyhow::Result<()> {
                if let Some(handle) = pending {
                    let chunk = handle
                        .join()
                        .map_err(|_| anyhow::anyhow!("a coding thread panicked"))?;
                    code::write_chunk(store, &coder_id, &chunk, &mut coded, &bar)?;
                }
                Ok(())
            };
        let coder = &coder;
        let summary = super::ingest::ingest_with(&mut store, &args.ingest, |store, docs| {
            let next = scope.spawn(move || code::code_docs(coder, docs, max));
            write_pending(store, pending.replace(next))
        });
        // What was stored is coded and written even if ingest stopped on an error.
        let written = write_pending(&mut store, pending.take());
        let summary = summary?;
        written?;
        Ok(summary)
    })?;

    let clusters = code::cluster(&mut store)?;
    let stats = store.event_stats().context("counting events")?;
    let top = store
        .events(&EventQuery {
            order: EventOrder::Mentions,
            limit: Some(args.top),
            ..EventQuery::default()
        })
        .context("querying the top events")?;

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    writeln!(
        out,
        "documents: read {}, stored {}, unchanged {}, duplicates {}, errors {}",
        ingest.read, ingest.stored, ingest.unchanged, ingest.duplicates, ingest.rejected
    )?;
    writeln!(out, "{}", coded.line())?;
    writeln!(out, "events by type: {}", counts(&coded.by_type))?;
    writeln!(out, "events by status: {}", counts(&coded.by_status))?;
    writeln!(
        out,
        "store: {} documents, {} events in {clusters} clusters",
        stats.documents, stats.events
    )?;
    let other = store.coded_with_other(&coder_id)?;
    if other > 0 {
        writeln!(
            out,
            "note: {other} documents were coded with other dictionaries or another tamga; \
             `tamga code --all` recodes them"
        )?;
    }
    writeln!(out, "elapsed {:.2}s", started.elapsed().as_secs_f64())?;
    if !top.is_empty() {
        writeln!(out, "\ntop events (most mentioned, then by date):")?;
        super::events::write_table(&mut out, &top)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
