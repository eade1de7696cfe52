//! `tamga code`: run the event coder over stored documents (those not coded yet, or all with
//! `--all`) and store and cluster their events; or, with `--stdin`, over JSONL records with no
//! store, printing event JSONL in input order.

use crate::cli::CodeArgs;
use anyhow::Context;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tamga_events::coder::Coded;
use tamga_events::{Coder, DocRef};
use tamga_ingest::PartialDate;
use tamga_store::{CodedDocument, Store, DEFAULT_WINDOW_DAYS};

/// Documents coded (in parallel) and written per transaction.
const CHUNK: usize = 64;

/// Records of `--stdin` coded together; output keeps their order.
const STDIN_CHUNK: usize = 512;

// Coding threads share one coder.
const _: fn() = || {
    fn shared<T: Sync + Send>() {}
    shared::<Coder>();
};

pub fn run(db: &str, args: &CodeArgs) -> anyhow::Result<ExitCode> {
    if args.stdin {
        return stdin(&args.dicts, args.only, args.code_limits.max_code_bytes);
    }
    let started = Instant::now();
    let mut store = Store::connect(db)
        .with_context(|| format!("opening store {}", tamga_store::display_target(db)))?;
    let ids = if args.all {
        store.document_ids()
    } else {
        store.uncoded_documents()
    }
    .context("listing documents to code")?;
    let (coder_id, summary) = if ids.is_empty() {
        // Nothing to code: skip loading the dictionaries (a second or two).
        (coder_name(&args.dicts)?, CodeSummary::default())
    } else {
        let (coder, coder_id) = load_coder(&args.dicts)?;
        let summary = code_stored(
            &mut store,
            &coder,
            &coder_id,
            &ids,
            args.code_limits.max_code_bytes,
        )?;
        (coder_id, summary)
    };
    let clusters = cluster(&mut store)?;
    let other = store.coded_with_other(&coder_id)?;
    eprintln!(
        "{}; {clusters} clusters in the store{}, elapsed {:.2}s",
        summary.line(),
        if other > 0 {
            format!(
                "; {other} documents were coded with other dictionaries or another tamga \
                 (recode them with --all)"
            )
        } else {
            String::new()
        },
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Loads the coder and names it for the store's `coded` table: tamga's version and a hash
/// of the `--dict` files' names and contents, so documents coded with other dictionaries
/// can be told apart.
pub(crate) fn load_coder(dicts: &[PathBuf]) -> anyhow::Result<(Coder, String)> {
    let coder = Coder::standard(dicts).context("loading the event dictionaries")?;
    Ok((coder, coder_name(dicts)?))
}

fn coder_name(dicts: &[PathBuf]) -> anyhow::Result<String> {
    let mut hasher = blake3::Hasher::new();
    for path in dicts {
        hash_path(&mut hasher, path)
            .with_context(|| format!("reading dictionary {}", path.display()))?;
    }
    let id = if dicts.is_empty() {
        format!("tamga {}", env!("CARGO_PKG_VERSION"))
    } else {
        let hex = hasher.finalize().to_hex();
        format!("tamga {} dicts:{}", env!("CARGO_PKG_VERSION"), &hex[..16])
    };
    Ok(id)
}

fn hash_path(hasher: &mut blake3::Hasher, path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            hash_path(hasher, &entry)?;
        }
        return Ok(());
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    hasher.update(name.unwrap_or_default().as_bytes());
    hasher.update(&[0]);
    hasher.update(&std::fs::read(path)?);
    Ok(())
}

/// Codes one document, turning a panic inside the coder into an error for that document
/// alone: one pathological text must not stop a batch of thousands. A text over `max_bytes`
/// is refused for the same reason: coding time grows with the text, and a multi-megabyte
/// "article" (a log, a dump) would hold up the batch while yielding nothing useful.
pub(crate) fn code_one(
    coder: &Coder,
    doc: &DocRef<'_>,
    text: &str,
    max_bytes: usize,
) -> Result<Coded, String> {
    if text.len() > max_bytes {
        return Err(format!(
            "not coded: {} bytes of text, over the coding limit of {max_bytes} bytes \
             (--max-code-bytes)",
            text.len()
        ));
    }
    catch_unwind(AssertUnwindSafe(|| coder.code_text(doc, text))).map_err(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("the coder failed: {msg}")
    })
}

/// What one coding pass did.
#[derive(Debug, Default)]
pub(crate) struct CodeSummary {
    pub documents: u64,
    pub sentences: u64,
    pub events: u64,
    pub discarded: u64,
    pub failed: u64,
    pub by_type: BTreeMap<String, u64>,
    pub by_status: BTreeMap<String, u64>,
}

impl CodeSummary {
    fn add(&mut self, coded: &Coded) {
        self.documents += 1;
        self.sentences += coded.sentences as u64;
        self.events += coded.events.len() as u64;
        self.discarded += u64::from(coded.discarded);
        for e in &coded.events {
            *self.by_type.entry(e.event_type.clone()).or_default() += 1;
            let status = serde_json::to_value(e.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            *self.by_status.entry(status).or_default() += 1;
        }
    }

    pub fn line(&self) -> String {
        format!(
            "coded {} documents, {} sentences, {} events, {} discarded, {} failed",
            self.documents, self.sentences, self.events, self.discarded, self.failed
        )
    }
}

/// "CONSULT 12, REJECT 3", most first.
pub(crate) fn counts(map: &BTreeMap<String, u64>) -> String {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    if v.is_empty() {
        return "none".to_owned();
    }
    v.iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Documents with what the coder made of each (or why it failed), in the order given.
pub(crate) type Chunk = Vec<(tamga_ingest::Document, Result<Coded, String>)>;

/// Codes `docs` on all cores; the result keeps their order.
pub(crate) fn code_docs(
    coder: &Coder,
    docs: Vec<tamga_ingest::Document>,
    max_code_bytes: usize,
) -> Chunk {
    docs.into_par_iter()
        .map(|doc| code_doc(coder, doc, max_code_bytes))
        .collect()
}

/// [`code_docs`] on the calling thread, one document after another.
pub(crate) fn code_docs_here(
    coder: &Coder,
    docs: Vec<tamga_ingest::Document>,
    max_code_bytes: usize,
) -> Chunk {
    docs.into_iter()
        .map(|doc| code_doc(coder, doc, max_code_bytes))
        .collect()
}

/// One document of a [`Chunk`] with what the coder made of it.
fn code_doc(
    coder: &Coder,
    doc: tamga_ingest::Document,
    max_code_bytes: usize,
) -> (tamga_ingest::Document, Result<Coded, String>) {
    let r = DocRef {
        id: &doc.id,
        uri: &doc.uri,
        published: doc.published,
    };
    let result = code_one(coder, &r, &doc.text, max_code_bytes);
    (doc, result)
}

/// Codes the stored documents `ids` in chunks: each chunk read and coded on all cores while
/// the previous one is written (one transaction per chunk, replacing the documents' events),
/// so the store's writes overlap the coding. A document the coder fails on is reported and
/// left uncoded.
pub(crate) fn code_stored(
    store: &mut Store,
    coder: &Coder,
    coder_id: &str,
    ids: &[String],
    max_code_bytes: usize,
) -> anyhow::Result<CodeSummary> {
    let mut summary = CodeSummary::default();
    if ids.is_empty() {
        return Ok(summary);
    }
    let bar = progress_bar(Some(ids.len()));
    // A second connection: the writer holds the first. WAL (SQLite) or MVCC (PostgreSQL)
    // lets it read while the writer writes.
    let reader = store
        .reopen_read_only()
        .context("opening the store to read documents")?;
    // One chunk in flight: coding runs at most one chunk ahead of writing.
    let (send, receive) = std::sync::mpsc::sync_channel::<anyhow::Result<Chunk>>(1);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        scope.spawn(move || {
            for chunk in ids.chunks(CHUNK) {
                let mut docs = Vec::with_capacity(chunk.len());
                for id in chunk {
                    match reader.document(id) {
                        Ok(Some(doc)) => docs.push(doc),
                        Ok(None) => {}
                        Err(e) => {
                            let _ = send.send(Err(e).context("reading a stored document"));
                            return;
                        }
                    }
                }
                let coded = code_docs(coder, docs, max_code_bytes);
                // The writer stopped (an error): nothing more to do.
                if send.send(Ok(coded)).is_err() {
                    return;
                }
            }
        });
        for chunk in receive {
            write_chunk(store, coder_id, &chunk?, &mut summary, &bar)?;
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    Ok(summary)
}

/// Writes one coded chunk in one transaction and counts it. Events the store refuses (an id
/// another document's event has) make it write the chunk's documents one by one, so that
/// only the offending one is left out.
pub(crate) fn write_chunk(
    store: &mut Store,
    coder_id: &str,
    chunk: &Chunk,
    summary: &mut CodeSummary,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<()> {
    let mut batch = Vec::with_capacity(chunk.len());
    let mut coded_docs = Vec::with_capacity(chunk.len());
    for (doc, result) in chunk {
        match result {
            Ok(coded) => {
                coded_docs.push(coded);
                batch.push(CodedDocument {
                    doc_id: &doc.id,
                    coder: coder_id,
                    sentences: coded.sentences,
                    discarded: coded.discarded,
                    events: &coded.events,
                    // The coder annotated the stored text (`code_docs`' documents are
                    // stored ones): its quotes are the store's.
                    quotes: Some(&coded.quotes),
                });
            }
            Err(err) => {
                summary.failed += 1;
                bar.suspend(|| eprintln!("warning: {} ({}): {err}", doc.name, doc.id));
            }
        }
    }
    match store.write_coded(&batch) {
        Ok(()) => coded_docs.iter().for_each(|c| summary.add(c)),
        Err(tamga_store::Error::InvalidEvent { .. }) => {
            for (one, coded) in batch.iter().zip(&coded_docs) {
                match store.write_coded(std::slice::from_ref(one)) {
                    Ok(()) => summary.add(coded),
                    Err(err @ tamga_store::Error::InvalidEvent { .. }) => {
                        summary.failed += 1;
                        bar.suspend(|| eprintln!("warning: {err}"));
                    }
                    Err(err) => {
                        return Err(err).context("writing events to the store");
                    }
                }
            }
        }
        Err(err) => return Err(err).context("writing events to the store"),
    }
    bar.inc(chunk.len() as u64);
    bar.set_message(format!("{} events", summary.events));
    Ok(())
}

/// A progress bar on stderr when it is a terminal; silent otherwise so logs stay clean.
/// `documents`: how many there will be, when known.
pub(crate) fn progress_bar(documents: Option<usize>) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    let target = if std::io::stderr().is_terminal() {
        indicatif::ProgressDrawTarget::stderr_with_hz(4)
    } else {
        indicatif::ProgressDrawTarget::hidden()
    };
    let bar = indicatif::ProgressBar::with_draw_target(documents.map(|n| n as u64), target);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("coding {pos}/{len} documents, {msg} {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// Reclusters what changed since the last clustering; returns the store's cluster count.
pub(crate) fn cluster(store: &mut Store) -> anyhow::Result<u64> {
    store
        .recluster_stale(DEFAULT_WINDOW_DAYS)
        .context("clustering events")?;
    Ok(store.event_stats().context("counting events")?.clusters)
}

/// One `--stdin` record. Other fields (gold annotations in evaluation files) are ignored.
#[derive(Deserialize)]
struct Record {
    id: IdValue,
    #[serde(default)]
    date: Option<String>,
    text: String,
    #[serde(default)]
    uri: Option<String>,
}

/// Ids are strings, but a number is accepted as its decimal form.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdValue {
    Text(String),
    Number(serde_json::Number),
}

impl IdValue {
    fn into_string(self) -> String {
        match self {
            IdValue::Text(s) => s,
            IdValue::Number(n) => n.to_string(),
        }
    }
}

struct Input {
    line: usize,
    id: String,
    uri: String,
    published: Option<PartialDate>,
    text: String,
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a timestamp (`2006-11-07T10:00:00Z`) counts by its day.
fn parse_date(s: &str) -> Result<PartialDate, String> {
    let day = s.trim().split(['T', ' ']).next().unwrap_or("");
    PartialDate::parse_iso(day)
        .ok_or_else(|| format!("\"date\" {s:?} is not YYYY-MM-DD, YYYY-MM or YYYY"))
}

fn parse_record(line: usize, raw: &str) -> Result<Input, String> {
    let rec: Record = serde_json::from_str(raw).map_err(|e| format!("bad record: {e}"))?;
    let published = rec
        .date
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .map(parse_date)
        .transpose()?;
    let id = rec.id.into_string();
    Ok(Input {
        line,
        uri: rec
            .uri
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| id.clone()),
        id,
        published,
        text: rec.text,
    })
}

/// Stateless coding: JSONL records in, event JSONL out, in input order. Bad lines are
/// reported on stderr by line number and skipped.
fn stdin(dicts: &[PathBuf], only: bool, max_code_bytes: usize) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = tamga_events::coder::Options {
        builtin: !only,
        require_dyad: only,
    };
    let coder = Coder::with_options(dicts, options).context("loading the event dictionaries")?;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    // A record's text is refused over `max_code_bytes`; its JSON line may be longer (escapes),
    // but a line far beyond that is dropped while it is read, never buffered whole.
    let cap = max_code_bytes.saturating_mul(2).saturating_add(1 << 16);
    let mut buf = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut records, mut bad, mut events, mut sentences, mut discarded) = (0u64, 0u64, 0, 0, 0);
    let mut line_no = 0usize;
    loop {
        let mut chunk: Vec<Input> = Vec::with_capacity(STDIN_CHUNK);
        let mut ended = false;
        while chunk.len() < STDIN_CHUNK {
            use tamga_ingest::read::{read_line_capped, Line};
            let read = read_line_capped(&mut input, &mut buf, cap).context("reading stdin")?;
            if read == Line::Eof {
                ended = true;
                break;
            }
            line_no += 1;
            if read == Line::TooLong {
                records += 1;
                bad += 1;
                eprintln!("error: line {line_no}: longer than {cap} bytes (--max-code-bytes)");
                continue;
            }
            let line = match std::str::from_utf8(&buf) {
                Ok(line) => line,
                Err(_) => {
                    records += 1;
                    bad += 1;
                    eprintln!("error: line {line_no}: not UTF-8");
                    continue;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            records += 1;
            match parse_record(line_no, line) {
                Ok(input) => chunk.push(input),
                Err(err) => {
                    bad += 1;
                    eprintln!("error: line {line_no}: {err}");
                }
            }
        }
        let coded: Vec<Result<Coded, String>> = chunk
            .par_iter()
            .map(|input| {
                let doc = DocRef {
                    id: &input.id,
                    uri: &input.uri,
                    published: input.published,
                };
                code_one(&coder, &doc, &input.text, max_code_bytes)
            })
            .collect();
        for (input, result) in chunk.iter().zip(coded) {
            match result {
                Ok(c) => {
                    sentences += c.sentences;
                    discarded += usize::from(c.discarded);
                    for e in &c.events {
                        serde_json::to_writer(&mut out, e)?;
                        out.write_all(b"\n")?;
                        events += 1;
                    }
                }
                Err(err) => {
                    bad += 1;
                    eprintln!("error: line {} (id {:?}): {err}", input.line, input.id);
                }
            }
        }
        out.flush()?;
        if ended {
            break;
        }
    }
    eprintln!(
        "records {records}, bad {bad}, sentences {sentences}, events {events}, \
         discarded {discarded}, elapsed {:.2}s",
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_name_their_uri_or_fall_back_to_the_id() {
        let r = parse_record(1, r#"{"id":"a1","text":"x","uri":"https://e.com/1"}"#);
        assert!(
            matches!(r, Ok(Input { ref id, ref uri, .. }) if id == "a1" && uri == "https://e.com/1")
        );
        let r = parse_record(2, r#"{"id":7,"text":"x","date":"2006-11","extra":[1]}"#);
        let Ok(r) = r else {
            panic!("a numeric id and unknown fields are accepted")
        };
        assert_eq!((r.id.as_str(), r.uri.as_str()), ("7", "7"));
        assert_eq!(r.published, PartialDate::new(2006, Some(11), None));
        assert!(parse_record(3, r#"{"id":"b","text":"x","date":"yesterday"}"#).is_err());
        assert!(parse_record(4, r#"{"text":"no id"}"#).is_err());
        assert!(parse_record(5, "not json").is_err());
    }

    #[test]
    fn timestamps_count_by_their_day() {
        assert_eq!(
            parse_date("2006-11-07T10:00:00Z").ok(),
            PartialDate::ymd(2006, 11, 7)
        );
        assert_eq!(parse_date("2006").ok(), PartialDate::new(2006, None, None));
    }
}
