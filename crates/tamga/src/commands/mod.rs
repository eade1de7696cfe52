//! One module per subcommand; `run` dispatches (the `run` module is the `tamga run` command).

mod actors;
mod actors_top;
pub(crate) mod alerts;
mod annotate;
mod code;
mod dict;
pub(crate) mod digest;
mod docs;
mod events;
mod explain;
mod export;
mod extract;
mod global;
mod import;
mod ingest;
mod quotes;
mod run;
mod serve;
mod shard;
mod show;
mod stats;
pub(crate) mod status;
pub(crate) mod watch;

use crate::cli::{Cli, Command};
pub(crate) use annotate::parse_published;
use rayon::prelude::*;
use std::collections::HashMap;
use std::process::ExitCode;
use tamga_ingest::{Document, RawRecord};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run::run(&cli.db, &args),
        Command::Code(args) => code::run(&cli.db, &args),
        Command::Events(args) => events::run(&cli.db, &args),
        Command::Explain(args) => explain::run(&cli.db, &args),
        Command::Export(args) => export::run(&cli.db, &args),
        Command::Ingest(args) => ingest::run(&cli.db, &args),
        Command::Docs(args) => docs::run(&cli.db, &args),
        Command::Show(args) => show::run(&cli.db, &args),
        Command::Extract(args) => extract::run(&args),
        Command::Annotate(args) => annotate::run(&args),
        Command::Actors(args) => actors::run(&args),
        Command::Quotes(args) => quotes::run(&cli.db, &args),
        Command::ActorsTop(args) => actors_top::run(&cli.db, &args),
        Command::Stats(args) => stats::run(&cli.db, &args),
        Command::Serve(args) => serve::run(&cli.db, &args),
        Command::Shard(args) => shard::run(&args),
        Command::Cluster(args) => global::cluster_run(&cli.db, &args),
        Command::Dedup(args) => global::dedup_run(&args),
        Command::Import(args) => import::run(&cli.db, &args),
        Command::Dict(cmd) => dict::run(&cmd),
        Command::Watch(args) => watch::run(&cli.db, &args),
        Command::Alerts(cmd) => alerts::run(&cli.db, &cmd),
        Command::Digest(args) => digest::run(&cli.db, &args),
        Command::Status(args) => status::run(&cli.db, &args),
    }
}

/// Records extracted together: in parallel, and compared for chrome shared by documents of
/// one source. Bounded in count and bytes so memory stays flat on any corpus.
const WINDOW_RECORDS: usize = 64;
const WINDOW_BYTES: usize = 16 << 20;

/// Reads every input under `paths` and hands each extracted document (or the error that
/// stopped it) to `sink`, in input order. Bad files and records are reported, never fatal.
///
/// Records are read (and WARC.gz inflated) on their own thread one window ahead, so reading
/// overlaps extraction instead of leaving the pool idle while a stream is inflated.
pub(crate) fn for_each_document(
    paths: &[std::path::PathBuf],
    limits: &tamga_ingest::Limits,
    source: Option<&str>,
    mut sink: impl FnMut(Result<Document, tamga_ingest::Error>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // A rendezvous channel: one window being filled while one is extracted, so memory stays
    // bounded by two windows.
    let (send, receive) = std::sync::mpsc::sync_channel::<Window>(0);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            // The receiver hung up (the sink failed): stop reading.
            read_windows(paths, limits, |window| send.send(window).is_ok());
        });
        // Returning early drops `receive`, which stops the reading thread.
        for window in receive {
            window.extract(source, &mut sink)?;
        }
        Ok(())
    })
}

/// Reads `paths` into windows of records and hands each full one to `emit`, which says
/// whether to go on.
fn read_windows(
    paths: &[std::path::PathBuf],
    limits: &tamga_ingest::Limits,
    mut emit: impl FnMut(Window) -> bool,
) {
    let mut window = Window::default();
    let mut pass =
        |window: &mut Window| -> bool { window.records.is_empty() || emit(std::mem::take(window)) };
    for path in tamga_ingest::read::files(paths) {
        let records = match path.and_then(|p| tamga_ingest::read::open(&p, limits)) {
            Ok(records) => records,
            Err(err) => {
                window.push(Err(err));
                continue;
            }
        };
        let mut records = records.peekable();
        let first = records.next();
        // A container (WARC, feed, JSONL) is windowed on its own: its documents then do not
        // depend on the files read before or after it, so shards extracted apart (Spark, one
        // task per shard) give the documents one run over all of them gives.
        let container = records.peek().is_some()
            || matches!(&first, Some(Ok(r)) if !matches!(r.format, tamga_ingest::Format::Text | tamga_ingest::Format::Html));
        if container && !pass(&mut window) {
            return;
        }
        for record in first.into_iter().chain(records) {
            window.push(record);
            if window.is_full() && !pass(&mut window) {
                return;
            }
        }
        if container && !pass(&mut window) {
            return;
        }
    }
    pass(&mut window);
}

#[derive(Default)]
struct Window {
    records: Vec<Result<RawRecord, tamga_ingest::Error>>,
    bytes: usize,
}

impl Window {
    fn push(&mut self, record: Result<RawRecord, tamga_ingest::Error>) {
        if let Ok(rec) = &record {
            self.bytes += match &rec.content {
                tamga_ingest::Content::Html { bytes, .. }
                | tamga_ingest::Content::Text { bytes } => bytes.len(),
            };
        }
        self.records.push(record);
    }

    fn is_full(&self) -> bool {
        self.records.len() >= WINDOW_RECORDS || self.bytes >= WINDOW_BYTES
    }

    /// Extracts the window's records on all cores, strips chrome shared within each source,
    /// and passes the documents on in input order.
    fn extract(
        self,
        source: Option<&str>,
        sink: &mut impl FnMut(Result<Document, tamga_ingest::Error>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut extracted: Vec<_> = self
            .records
            .into_par_iter()
            .map(|r| r.and_then(|rec| tamga_ingest::extract(&rec).map(|article| (rec, article))))
            .collect();
        let mut groups: HashMap<String, Vec<&mut tamga_ingest::Article>> = HashMap::new();
        for (rec, article) in extracted.iter_mut().flatten() {
            let key = source
                .map(str::to_owned)
                .or_else(|| article.source.clone())
                .or_else(|| tamga_ingest::host_name(&rec.uri));
            if let Some(key) = key {
                groups.entry(key).or_default().push(article);
            }
        }
        for group in groups.values_mut() {
            tamga_ingest::boilerplate::strip_shared_blocks(group);
        }
        let docs: Vec<_> = extracted
            .into_par_iter()
            .map(|r| r.map(|(rec, article)| tamga_ingest::into_document(&rec, article, source)))
            .collect();
        docs.into_iter().try_for_each(sink)
    }
}

/// One document for the per-document commands (`annotate`, `actors`): its text and the
/// publication date ingest finds in it (looked for only when `find_date`). Plain text is used
/// as it is, so spans point into the file; HTML is extracted to its clean text first. A
/// container holding several documents is an error: those go through `tamga ingest`.
pub(crate) fn read_one_document(
    path: &std::path::Path,
    limits: &tamga_ingest::Limits,
    find_date: bool,
) -> anyhow::Result<(String, Option<tamga_ingest::PartialDate>)> {
    use anyhow::Context;
    // The raw-input hash is never read here, and hashing a large text costs about as much as
    // reading it.
    let mut records = tamga_ingest::read::open_unhashed(path, limits)
        .with_context(|| format!("reading {}", path.display()))?;
    let record = records
        .next()
        .with_context(|| format!("{} holds no document", path.display()))?
        .with_context(|| format!("reading {}", path.display()))?;
    if records.next().is_some() {
        anyhow::bail!(
            "{} holds several documents; give one at a time, or `tamga ingest` them and use \
             `tamga show ID --annotations`",
            path.display()
        );
    }
    match &record.content {
        tamga_ingest::Content::Text { bytes } if record.format == tamga_ingest::Format::Text => {
            if tamga_ingest::read::encoding::looks_binary(bytes) {
                anyhow::bail!("{} is binary, not text", path.display());
            }
            // Finding the date means running extraction; skip it when the caller has one.
            let found = if find_date {
                tamga_ingest::extract(&record)
                    .ok()
                    .and_then(|a| a.published)
            } else {
                None
            };
            // The record is done with: its bytes become the text, without a copy when they
            // are UTF-8 already.
            let (tamga_ingest::Content::Text { bytes } | tamga_ingest::Content::Html { bytes, .. }) =
                record.content;
            Ok((
                tamga_ingest::read::encoding::decode_owned(bytes, None, false),
                found,
            ))
        }
        _ => {
            let article = tamga_ingest::extract(&record)
                .with_context(|| format!("extracting {}", path.display()))?;
            let doc = tamga_ingest::into_document(&record, article, None);
            Ok((doc.text, doc.published))
        }
    }
}
