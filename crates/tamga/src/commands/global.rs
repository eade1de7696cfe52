//! `tamga cluster --stdin` and `tamga dedup --stdin`: the Spark job's global stages as
//! stateless steps over JSON lines, so a cluster applies the very rules one machine's store
//! applies (tamga_events::cluster for events, the store's SimHash rule for documents).

use crate::cli::{ClusterArgs, DedupArgs};
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::process::ExitCode;
use tamga_events::cluster::{cluster, summarize, Mention};
use tamga_ingest::dedup::{hamming, NEAR_DUPLICATE_BITS};
use tamga_store::{Store, DEFAULT_WINDOW_DAYS};

/// Reads stdin's non-blank lines as `T`; a bad line is an error naming it (the job wrote them).
fn read_lines<T: for<'de> Deserialize<'de>>() -> anyhow::Result<Vec<T>> {
    let stdin = std::io::stdin();
    let mut out = Vec::new();
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line.context("reading stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).with_context(|| format!("line {}", n + 1))?);
    }
    Ok(out)
}

#[derive(Deserialize)]
struct MentionIn {
    id: String,
    doc: String,
    #[serde(rename = "type")]
    event_type: String,
    source: String,
    target: Option<String>,
    date: Option<String>,
    doc_source: String,
}

#[derive(Serialize)]
struct Assigned<'a> {
    kind: &'static str,
    id: &'a str,
    cluster: &'a str,
}

/// A cluster as the store's `clusters` table has it.
#[derive(Serialize)]
struct ClusterOut<'a> {
    kind: &'static str,
    id: &'a str,
    #[serde(rename = "type")]
    event_type: &'a str,
    first_date: Option<&'a str>,
    last_date: Option<&'a str>,
    mentions: u64,
    sources: u64,
    source_names: Vec<&'a str>,
}

pub fn cluster_run(db: &str, args: &ClusterArgs) -> anyhow::Result<ExitCode> {
    if !args.stdin {
        let mut store = Store::connect(db)
            .with_context(|| format!("opening store {}", tamga_store::display_target(db)))?;
        let s = store
            .recluster(DEFAULT_WINDOW_DAYS)
            .context("clustering events")?;
        eprintln!("{} events in {} clusters", s.events, s.clusters);
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<MentionIn> = read_lines()?;
    let mentions: Vec<Mention<'_>> = rows
        .iter()
        .map(|r| Mention {
            id: &r.id,
            doc: &r.doc,
            event_type: &r.event_type,
            source: &r.source,
            target: r.target.as_deref(),
            date: r.date.as_deref(),
        })
        .collect();
    let heads = cluster(&mentions, DEFAULT_WINDOW_DAYS);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (row, &h) in rows.iter().zip(&heads) {
        let head = rows.get(h).unwrap_or(row);
        serde_json::to_writer(
            &mut out,
            &Assigned {
                kind: "event",
                id: &row.id,
                cluster: &head.id,
            },
        )?;
        out.write_all(b"\n")?;
    }
    // The store's summary rule, so the Spark job's clusters equal one machine's.
    let clusters = summarize(
        &heads,
        rows.iter()
            .map(|r| (r.date.as_deref(), r.doc_source.as_str())),
    );
    for (h, acc) in &clusters {
        let Some(head) = rows.get(*h) else { continue };
        serde_json::to_writer(
            &mut out,
            &ClusterOut {
                kind: "cluster",
                id: &head.id,
                event_type: &head.event_type,
                first_date: acc.first_date,
                last_date: acc.last_date,
                mentions: u64::from(acc.mentions),
                sources: acc.sources.len() as u64,
                source_names: acc.sources.iter().copied().collect(),
            },
        )?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One document as the dedup stage sees it: its place in the input order (shard, then record)
/// and its fingerprint; `group` is any key under which all its possible duplicates are found.
#[derive(Deserialize)]
struct DocIn {
    group: serde_json::Value,
    shard: u64,
    seq: u64,
    id: String,
    simhash: i64,
}

#[derive(Serialize)]
struct DocOut<'a> {
    shard: u64,
    seq: u64,
    kept: bool,
    /// The kept document this one duplicates (the nearest, then the earliest, as the store).
    duplicate_of: Option<&'a str>,
}

/// Decides, as one machine's store would reading the documents in order, which are stored:
/// a document is a duplicate when an earlier *stored* one has its id or a SimHash within
/// [`NEAR_DUPLICATE_BITS`]. Only documents of one group are compared.
fn dedup_group<'a>(docs: &mut [&'a DocIn]) -> Vec<DocOut<'a>> {
    docs.sort_by_key(|d| (d.shard, d.seq));
    let mut kept: Vec<&DocIn> = Vec::new();
    let mut out = Vec::with_capacity(docs.len());
    for d in docs.iter() {
        let nearest = kept
            .iter()
            .map(|k| (hamming(k.simhash as u64, d.simhash as u64), *k))
            .filter(|(dist, k)| *dist <= NEAR_DUPLICATE_BITS || k.id == d.id)
            .min_by_key(|(dist, k)| (*dist, k.shard, k.seq));
        match nearest {
            Some((_, k)) => out.push(DocOut {
                shard: d.shard,
                seq: d.seq,
                kept: false,
                duplicate_of: Some(&k.id),
            }),
            None => {
                kept.push(*d);
                out.push(DocOut {
                    shard: d.shard,
                    seq: d.seq,
                    kept: true,
                    duplicate_of: None,
                });
            }
        }
    }
    out
}

pub fn dedup_run(args: &DedupArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.stdin,
        "tamga dedup reads its documents from --stdin only"
    );
    let docs: Vec<DocIn> = read_lines()?;
    let mut groups: BTreeMap<String, Vec<&DocIn>> = BTreeMap::new();
    for d in &docs {
        groups.entry(d.group.to_string()).or_default().push(d);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for group in groups.values_mut() {
        for d in dedup_group(group) {
            serde_json::to_writer(&mut out, &d)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(shard: u64, seq: u64, id: &str, simhash: i64) -> DocIn {
        DocIn {
            group: serde_json::Value::from(0),
            shard,
            seq,
            id: id.to_owned(),
            simhash,
        }
    }

    #[test]
    fn a_near_copy_of_a_dropped_document_is_kept() {
        // b is within 3 bits of a, c within 3 of b but 4 of a: the store drops b (a is
        // stored) and keeps c (b was never stored), whatever order they come in.
        let docs = [
            doc(1, 0, "c", 0b1111),
            doc(0, 0, "a", 0),
            doc(0, 1, "b", 0b11),
        ];
        let mut refs: Vec<&DocIn> = docs.iter().collect();
        let out = dedup_group(&mut refs);
        let kept: Vec<(u64, u64, bool)> = out.iter().map(|d| (d.shard, d.seq, d.kept)).collect();
        assert_eq!(kept, vec![(0, 0, true), (0, 1, false), (1, 0, true)]);
        assert_eq!(out[1].duplicate_of, Some("a"));
    }

    #[test]
    fn the_same_id_is_a_duplicate_even_far_apart_in_bits() {
        let docs = [doc(0, 0, "a", 0), doc(0, 1, "a", -1)];
        let mut refs: Vec<&DocIn> = docs.iter().collect();
        let out = dedup_group(&mut refs);
        assert!(out[0].kept && !out[1].kept);
    }
}
