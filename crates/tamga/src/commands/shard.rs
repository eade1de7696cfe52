//! `tamga shard`: the per-task step of the Spark job (`spark/tamga_spark.py`): extract and code
//! each input shard with no store, one JSON line per document carrying what the job's global
//! stages (document dedup, event clustering) and its output tables need.

use super::code::{code_one, load_coder};
use super::export::{flat, Value};
use crate::cli::ShardArgs;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use tamga_events::cluster::{bucket, Mention};
use tamga_events::{DocRef, Event};
use tamga_ingest::{Document, Format};

/// Documents coded together (on the threads rayon is given; Spark gives one per task).
const CHUNK: usize = 64;

/// What the reader said about one shard that makes it a bad shard rather than a bad record.
fn shard_fault(err: &tamga_ingest::Error) -> bool {
    matches!(
        err,
        tamga_ingest::Error::Gzip { .. } | tamga_ingest::Error::Io { .. }
    ) || err.location().record.is_none()
}

#[derive(Default)]
struct Totals {
    shards: u64,
    bad_shards: u64,
    read: u64,
    rejected: u64,
    documents: u64,
    events: u64,
}

pub fn run(args: &ShardArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (coder, coder_id) = load_coder(&args.dicts)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let limits = args.limits.limits();
    let max_code = args.code_limits.max_code_bytes;
    let mut totals = Totals::default();
    for (index, path) in args.paths.iter().enumerate() {
        totals.shards += 1;
        let mut fault: Option<String> = None;
        let mut pending: Vec<Document> = Vec::with_capacity(CHUNK);
        let mut seq = 0u64;
        super::for_each_document(std::slice::from_ref(path), &limits, None, |doc| {
            totals.read += 1;
            match doc {
                Ok(doc) if matches!(doc.format, Format::Text | Format::Html) => {
                    // A page or a text file is not a shard: the job reads WARC, feeds and JSONL.
                    fault.get_or_insert_with(|| "not a WARC, feed or JSONL file".to_owned());
                }
                Ok(doc) => {
                    pending.push(doc);
                    if pending.len() >= CHUNK {
                        emit(
                            &mut out,
                            (&coder, max_code),
                            &coder_id,
                            index,
                            &mut seq,
                            &mut pending,
                            &mut totals,
                        )?;
                    }
                }
                Err(err) => {
                    // A file whose very first record is malformed is no shard of that format.
                    let not_a_shard = seq == 0
                        && pending.is_empty()
                        && matches!(err, tamga_ingest::Error::Malformed { .. })
                        && err.location().record == Some(1);
                    if shard_fault(&err) || not_a_shard {
                        fault.get_or_insert_with(|| err.to_string());
                    } else {
                        totals.rejected += 1;
                        line(
                            &mut out,
                            &Rejected {
                                kind: "rejected",
                                shard: index,
                                error: err.to_string(),
                            },
                        )?;
                    }
                }
            }
            Ok(())
        })?;
        emit(
            &mut out,
            (&coder, max_code),
            &coder_id,
            index,
            &mut seq,
            &mut pending,
            &mut totals,
        )?;
        if let Some(error) = fault {
            totals.bad_shards += 1;
            line(
                &mut out,
                &Rejected {
                    kind: "bad_shard",
                    shard: index,
                    error,
                },
            )?;
        }
    }
    out.flush()?;
    eprintln!(
        "shards {}, bad shards {}, records {}, rejected {}, documents {}, events {}, elapsed {:.2}s",
        totals.shards,
        totals.bad_shards,
        totals.read,
        totals.rejected,
        totals.documents,
        totals.events,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Rejected {
    kind: &'static str,
    shard: usize,
    error: String,
}

/// One document's line: the documents table's columns, then per event its clustering view
/// and its flat export row (`tamga export --format parquet` columns, in order).
#[derive(Serialize)]
struct DocLine<'a> {
    kind: &'static str,
    shard: usize,
    seq: u64,
    id: &'a str,
    uri: &'a str,
    name: &'a str,
    source: Option<&'a str>,
    title: Option<&'a str>,
    published: Option<String>,
    lang: Option<&'a str>,
    format: &'static str,
    text: &'a str,
    raw_hash: &'a str,
    /// The 64 SimHash bits as a signed integer (as the store keeps them), for Spark's longs.
    simhash: i64,
    /// The whole document but its text, as JSON: what `tamga import` rebuilds it from.
    record: String,
    coder: &'a str,
    sentences: usize,
    discarded: bool,
    failed: Option<String>,
    /// The coded events as a JSON array, each its own cluster (as `tamga code --stdin`).
    events: String,
    mentions: Vec<MentionLine<'a>>,
    flat: Vec<Vec<serde_json::Value>>,
}

/// What clustering reads of one event (`tamga cluster --stdin` input).
#[derive(Serialize)]
struct MentionLine<'a> {
    id: &'a str,
    doc: &'a str,
    #[serde(rename = "type")]
    event_type: &'a str,
    source: &'a str,
    target: Option<&'a str>,
    date: Option<&'a str>,
    /// The name a cluster counts as one source: publication, else host, else URI.
    doc_source: String,
    bucket: String,
}

fn line<T: Serialize>(out: &mut impl Write, v: &T) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, v)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The publication, else the web host, else the URI (as the store counts a cluster's sources).
pub(crate) fn source_name(source: Option<&str>, uri: &str) -> String {
    source
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
        .or_else(|| tamga_ingest::host_name(uri))
        .unwrap_or_else(|| uri.to_owned())
}

pub(crate) fn value_json(v: &Value<'_>) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Str(s) => s.map_or(J::Null, |s| J::String(s.to_owned())),
        Value::Owned(s) => s.clone().map_or(J::Null, J::String),
        Value::I32(n) => J::from(*n),
        Value::I64(n) => J::from(*n),
        // Widening is exact, so the reader's narrowing gives back the same f32.
        Value::F32(x) => serde_json::Number::from_f64(f64::from(*x)).map_or(J::Null, J::Number),
        Value::F64(x) => x
            .and_then(serde_json::Number::from_f64)
            .map_or(J::Null, J::Number),
        Value::Bool(b) => b.map_or(J::Null, J::Bool),
        Value::Date(d) => d
            .and_then(|d| {
                chrono::NaiveDate::from_num_days_from_ce_opt(d + super::export::UNIX_EPOCH_CE)
            })
            .map_or(J::Null, |d| J::String(d.format("%Y-%m-%d").to_string())),
    }
}

/// Codes `pending` and writes one line per document, in input order.
fn emit(
    out: &mut impl Write,
    (coder, max_code): (&tamga_events::Coder, usize),
    coder_id: &str,
    shard: usize,
    seq: &mut u64,
    pending: &mut Vec<Document>,
    totals: &mut Totals,
) -> anyhow::Result<()> {
    let docs = std::mem::take(pending);
    let coded: Vec<_> = docs
        .par_iter()
        .map(|doc| {
            let r = DocRef {
                id: &doc.id,
                uri: &doc.uri,
                published: doc.published,
            };
            code_one(coder, &r, &doc.text, max_code)
        })
        .collect();
    for (doc, result) in docs.iter().zip(coded) {
        let (sentences, discarded, failed, events) = match result {
            Ok(c) => {
                // The store keeps the first of a document's events with one id.
                let mut seen = HashSet::new();
                let events: Vec<Event> = c
                    .events
                    .into_iter()
                    .filter(|e| seen.insert(e.id.clone()))
                    .collect();
                (c.sentences, c.discarded, None, events)
            }
            Err(err) => (0, false, Some(err), Vec::new()),
        };
        let doc_source = source_name(doc.source.as_deref(), &doc.uri);
        let mentions = events
            .iter()
            .map(|e| {
                let m = Mention {
                    id: &e.id,
                    doc: &doc.id,
                    event_type: &e.event_type,
                    source: &e.source.code,
                    target: e.target.as_ref().map(|t| t.code.as_str()),
                    date: e.date.as_deref(),
                };
                MentionLine {
                    id: m.id,
                    doc: m.doc,
                    event_type: m.event_type,
                    source: m.source,
                    target: m.target,
                    date: m.date,
                    doc_source: doc_source.clone(),
                    bucket: bucket(&m),
                }
            })
            .collect();
        let flat_rows = events
            .iter()
            .map(|e| flat(e).iter().map(value_json).collect())
            .collect();
        let mut record = serde_json::to_value(doc)?;
        if let Some(obj) = record.as_object_mut() {
            obj.insert("text".to_owned(), serde_json::Value::String(String::new()));
        }
        totals.documents += 1;
        totals.events += events.len() as u64;
        line(
            out,
            &DocLine {
                kind: "doc",
                shard,
                seq: *seq,
                id: &doc.id,
                uri: &doc.uri,
                name: &doc.name,
                source: doc.source.as_deref(),
                title: doc.title.as_deref(),
                published: doc.published.map(|d| d.to_string()),
                lang: doc.lang.as_deref(),
                format: doc.format.as_str(),
                text: &doc.text,
                raw_hash: &doc.raw_hash,
                simhash: doc.simhash as i64,
                record: record.to_string(),
                coder: coder_id,
                sentences,
                discarded,
                failed,
                events: serde_json::to_string(&events)?,
                mentions,
                flat: flat_rows,
            },
        )?;
        *seq += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_values_keep_their_types_in_json() {
        let j = value_json(&Value::F32(3.4));
        // The f64 written is the f32 exactly, so narrowing it gives 3.4f32 back.
        assert_eq!(j.as_f64().map(|x| x as f32), Some(3.4f32));
        assert!(
            value_json(&Value::F32(-2.0)).is_f64(),
            "a whole goldstein is still a float"
        );
        assert_eq!(
            value_json(&Value::Date(Some(0))),
            serde_json::json!("1970-01-01")
        );
        assert_eq!(
            value_json(&Value::Date(Some(13_459))),
            serde_json::json!("2006-11-07")
        );
        assert_eq!(value_json(&Value::Date(None)), serde_json::Value::Null);
        assert_eq!(value_json(&Value::I64(-5)), serde_json::json!(-5));
        assert_eq!(value_json(&Value::Bool(None)), serde_json::Value::Null);
        assert_eq!(
            value_json(&Value::Str(Some("KAZ"))),
            serde_json::json!("KAZ")
        );
    }

    #[test]
    fn sources_fall_back_to_host_then_uri() {
        assert_eq!(source_name(Some("RT"), "https://www.rt.com/a"), "RT");
        assert_eq!(
            source_name(Some("  "), "https://www.rt.com/a"),
            host("https://www.rt.com/a")
        );
        assert_eq!(source_name(None, "notes/a.txt"), "notes/a.txt");
    }

    fn host(uri: &str) -> String {
        tamga_ingest::host_name(uri).unwrap_or_default()
    }
}
