//! `tamga import --format parquet PATH`: load a Spark job's output (its `documents` table, each
//! row a document with its coded events) into the store and cluster it, so `events`, `explain`
//! and the API show an archive coded on a cluster.

use crate::cli::{ImportArgs, ImportFormat};
use anyhow::{bail, Context};
use arrow_array::{Array, BooleanArray, Int64Array, RecordBatch, StringArray};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tamga_events::Event;
use tamga_ingest::Document;
use tamga_store::{CodedDocument, Outcome, Store, DEFAULT_WINDOW_DAYS};

/// Documents written per transaction.
const BATCH: usize = 256;

/// The Parquet files of a table: `PATH/documents/**.parquet` for a job's output directory,
/// else the files under PATH (or PATH itself).
fn parquet_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let docs = path.join("documents");
    let root = if docs.is_dir() {
        docs
    } else {
        path.to_path_buf()
    };
    if root.is_file() {
        return Ok(vec![root]);
    }
    let mut files = Vec::new();
    collect(&root, &mut files).with_context(|| format!("listing {}", root.display()))?;
    files.sort();
    if files.is_empty() {
        bail!("no Parquet files under {}", root.display());
    }
    Ok(files)
}

/// Parquet files under `dir`, at any depth (Spark writes `part-*.parquet`, maybe partitioned);
/// hidden files (`.crc`, `_SUCCESS`) are not data.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        if path.is_dir() {
            collect(&path, files)?;
        } else if name.ends_with(".parquet") {
            files.push(path);
        }
    }
    Ok(())
}

fn strings<'a>(batch: &'a RecordBatch, name: &str) -> anyhow::Result<&'a StringArray> {
    batch
        .column_by_name(name)
        .with_context(|| format!("no column {name:?}: not a tamga documents table"))?
        .as_any()
        .downcast_ref::<StringArray>()
        .with_context(|| format!("column {name:?} is not a string column"))
}

fn opt_str(a: &StringArray, i: usize) -> Option<&str> {
    (!a.is_null(i)).then(|| a.value(i))
}

/// One row: the document and what coding it gave (`None` when the coder failed on it).
struct Row {
    doc: Document,
    coder: String,
    coded: Option<(usize, bool, Vec<Event>)>,
}

fn rows(batch: &RecordBatch) -> anyhow::Result<Vec<Row>> {
    let text = strings(batch, "text")?;
    let record = strings(batch, "record")?;
    let coder = strings(batch, "coder")?;
    let events = strings(batch, "events")?;
    let failed = strings(batch, "failed")?;
    let sentences = batch
        .column_by_name("sentences")
        .and_then(|c| c.as_any().downcast_ref::<Int64Array>())
        .context("column \"sentences\" missing or not int64")?;
    let discarded = batch
        .column_by_name("discarded")
        .and_then(|c| c.as_any().downcast_ref::<BooleanArray>())
        .context("column \"discarded\" missing or not boolean")?;
    let mut out = Vec::with_capacity(batch.num_rows());
    for i in 0..batch.num_rows() {
        let mut doc: Document = serde_json::from_str(opt_str(record, i).unwrap_or("null"))
            .with_context(|| format!("row {i}: bad \"record\""))?;
        doc.text = opt_str(text, i).unwrap_or_default().to_owned();
        let coded = if opt_str(failed, i).is_some() {
            None
        } else {
            let evs: Vec<Event> = serde_json::from_str(opt_str(events, i).unwrap_or("[]"))
                .with_context(|| format!("row {i} ({}): bad \"events\"", doc.id))?;
            let n = usize::try_from(sentences.value(i)).unwrap_or(0);
            Some((n, discarded.value(i), evs))
        };
        out.push(Row {
            doc,
            coder: opt_str(coder, i).unwrap_or_default().to_owned(),
            coded,
        });
    }
    Ok(out)
}

pub fn run(db: &str, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let ImportFormat::Parquet = args.format;
    let started = Instant::now();
    let files = parquet_files(&args.path)?;
    let mut store = Store::connect(db)
        .with_context(|| format!("opening store {}", tamga_store::display_target(db)))?;
    let (mut read, mut stored, mut unchanged, mut duplicates, mut events) = (0u64, 0, 0, 0, 0);
    for file in &files {
        let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
            .and_then(|b| b.with_batch_size(BATCH).build())
            .with_context(|| format!("reading {}", file.display()))?;
        for batch in reader {
            let batch = batch.with_context(|| format!("reading {}", file.display()))?;
            let rows = rows(&batch).with_context(|| format!("in {}", file.display()))?;
            read += rows.len() as u64;
            let docs: Vec<Document> = rows.iter().map(|r| r.doc.clone()).collect();
            let outcomes = store.write_batch(&docs).context("writing documents")?;
            let mut coded = Vec::new();
            for (row, outcome) in rows.iter().zip(&outcomes) {
                match outcome {
                    Outcome::Stored => stored += 1,
                    Outcome::Unchanged => unchanged += 1,
                    Outcome::Duplicate { .. } => {
                        duplicates += 1;
                        continue;
                    }
                }
                if let Some((sentences, discarded, evs)) = &row.coded {
                    events += evs.len() as u64;
                    coded.push(CodedDocument {
                        doc_id: &row.doc.id,
                        coder: &row.coder,
                        sentences: *sentences,
                        discarded: *discarded,
                        events: evs,
                        // Records carry no quotes: the store finds them in the text.
                        quotes: None,
                    });
                }
            }
            store.write_coded(&coded).context("writing events")?;
        }
    }
    let clusters = store
        .recluster_stale(DEFAULT_WINDOW_DAYS)
        .context("clustering events")?;
    let stats = store.event_stats().context("counting events")?;
    eprintln!(
        "imported {read} documents from {} files: stored {stored}, unchanged {unchanged}, \
         duplicates {duplicates}; {events} events ({} reclustered); store: {} events in {} \
         clusters, elapsed {:.2}s",
        files.len(),
        clusters.events,
        stats.events,
        stats.clusters,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
