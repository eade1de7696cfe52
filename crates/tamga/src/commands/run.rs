//! `tamga run`: the whole job in one command — ingest the files (exactly as `tamga ingest`),
//! code every stored document not coded yet on all cores, store and cluster the events, and
//! print a summary with the most mentioned events. Each batch ingest stores is coded on the
//! rayon pool while the next batch is read and written (on one core, by the writing thread),
//! and its events are written in input order, so the store ends the same on any number of
//! threads.

use super::code::{self, counts};
use crate::cli::RunArgs;
use anyhow::Context;
use std::io::Write;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;
use tamga_events::Coder;
use tamga_store::{EventOrder, EventQuery, Store};

/// The coder and its name, loading on their own thread.
type Loading<'scope> = std::thread::ScopedJoinHandle<'scope, anyhow::Result<(Coder, String)>>;

/// The coder `loading` loads, waiting for it the first time; later calls find it in `loaded`.
fn coder<'a>(
    loaded: &'a OnceLock<(Coder, String)>,
    loading: &mut Option<Loading<'_>>,
) -> anyhow::Result<&'a (Coder, String)> {
    if let Some(handle) = loading.take() {
        let coder = handle
            .join()
            .map_err(|_| anyhow::anyhow!("loading the event dictionaries panicked"))??;
        return Ok(loaded.get_or_init(|| coder));
    }
    loaded
        .get()
        .ok_or_else(|| anyhow::anyhow!("the event dictionaries did not load"))
}

pub fn run(db: &str, args: &RunArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let loaded = OnceLock::new();
    std::thread::scope(|scope| {
        // The dictionaries load while the store opens and the first batch is read; a bad
        // --dict still fails before anything is stored (`ingest_with`'s `ready`).
        let mut loading = Some(scope.spawn(|| code::load_coder(&args.dicts)));
        let (store, coded, ingest) = code_and_ingest(db, args, &loaded, &mut loading)?;
        summarize(store, args, &loaded, &mut loading, coded, ingest, started)
    })
}

/// A batch's coding: on its own thread, or done.
enum Pending<'scope> {
    Coding(std::thread::ScopedJoinHandle<'scope, code::Chunk>),
    Done(code::Chunk),
}

fn code_and_ingest(
    db: &str,
    args: &RunArgs,
    loaded: &OnceLock<(Coder, String)>,
    loading: &mut Option<Loading<'_>>,
) -> anyhow::Result<(Store, code::CodeSummary, crate::output::Summary)> {
    let mut store = match Store::connect(db) {
        Ok(store) => store,
        Err(err) => {
            // A bad --dict is reported first, as when the dictionaries loaded first.
            coder(loaded, loading)?;
            return Err(err)
                .with_context(|| format!("opening store {}", tamga_store::display_target(db)));
        }
    };
    let max = args.code_limits.max_code_bytes;
    // Documents an earlier ingest stored but nothing coded: first, as `tamga code` would.
    let earlier = store
        .uncoded_documents()
        .context("listing documents to code")?;
    let mut coded = code::CodeSummary::default();
    if !earlier.is_empty() {
        let (coder, coder_id) = coder(loaded, loading)?;
        coded = code::code_stored(&mut store, coder, coder_id, &earlier, max)?;
    }

    let bar = indicatif::ProgressBar::hidden();
    // On one core the coding thread could only take turns with the reading and writing ones:
    // each batch is coded where it was stored instead, while its text is still in the cache,
    // which saved 2-3% of the CPU time of a run on one core (six alternating pairs).
    let one_core = std::thread::available_parallelism().is_ok_and(|n| n.get() == 1);
    let ingest = std::thread::scope(|scope| -> anyhow::Result<_> {
        // The batch coded last; written once the next batch is stored.
        let mut pending: Option<Pending<'_>> = None;
        let mut write_pending = |store: &mut Store, pending: Option<Pending<'_>>| {
            let chunk = match pending {
                None => return Ok(()),
                Some(Pending::Done(chunk)) => chunk,
                Some(Pending::Coding(handle)) => handle
                    .join()
                    .map_err(|_| anyhow::anyhow!("a coding thread panicked"))?,
            };
            let (_, coder_id) = coder(loaded, &mut None)?;
            code::write_chunk(store, coder_id, &chunk, &mut coded, &bar)
        };
        let ready = || coder(loaded, loading).map(|_| ());
        let summary = super::ingest::ingest_with(&mut store, &args.ingest, ready, |store, docs| {
            // `ready` has run: the coder is loaded.
            let (coder, _) = coder(loaded, &mut None)?;
            let next = if one_core {
                Pending::Done(code::code_docs_here(coder, docs, max))
            } else {
                Pending::Coding(scope.spawn(move || code::code_docs(coder, docs, max)))
            };
            write_pending(store, pending.replace(next))
        });
        // What was stored is coded and written even if ingest stopped on an error.
        let written = write_pending(&mut store, pending.take());
        let summary = summary?;
        written?;
        Ok(summary)
    })?;
    Ok((store, coded, ingest))
}

fn summarize(
    mut store: Store,
    args: &RunArgs,
    loaded: &OnceLock<(Coder, String)>,
    loading: &mut Option<Loading<'_>>,
    coded: code::CodeSummary,
    ingest: crate::output::Summary,
    started: Instant,
) -> anyhow::Result<ExitCode> {
    // Nothing was read: the dictionaries are checked all the same.
    let (_, coder_id) = coder(loaded, loading)?;
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
    let other = store.coded_with_other(coder_id)?;
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
