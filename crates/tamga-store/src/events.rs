//! Coded events in the store: replacing a document's events, the per-document coding record,
//! clustering mentions of one event across documents, and reading events back with filters.

use crate::error::{At, Error, Result};
use crate::{fts, read::sql_limit};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::Path;
use tamga_events::cluster::{self, DateSpan, Mention};
use tamga_events::{DateBasis, Event, SentenceRef, Status};

/// What coding one stored document produced, for [`crate::Store::write_coded`].
#[derive(Debug, Clone, Copy)]
pub struct CodedDocument<'a> {
    pub doc_id: &'a str,
    /// Names the coder and its dictionaries (version and fingerprint), so a store can tell
    /// documents coded with other dictionaries apart.
    pub coder: &'a str,
    pub sentences: usize,
    /// A story-level discard phrase matched: nothing was coded.
    pub discarded: bool,
    pub events: &'a [Event],
    /// The quotes of the document's stored text as `tamga_text::annotate` finds them (the
    /// coder's, handed over so the store need not find them again), or `None` to have the
    /// store find them in the stored text. Given, they must be of exactly that text.
    pub quotes: Option<&'a [tamga_text::Quote]>,
}

/// Which events to read. Every filter given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// PLOVER type, any case (`consult` = `CONSULT`).
    pub event_type: Option<String>,
    /// An actor code prefix of the source or target (`KAZ`, `KAZGOV`), or a piece of the
    /// actor's text or canonical name (`Senate`, `Mubarak`), case-insensitive.
    pub actor: Option<String>,
    /// ISO date (`2006`, `2006-11`, `2006-11-07`, `2006-SU`...): events whose date lies
    /// wholly on or after its first day. A string that is no calendar date matches nothing.
    pub since: Option<String>,
    /// ISO date: events whose date lies wholly on or before its last day (`2006-11` includes
    /// all of November).
    pub until: Option<String>,
    /// `occurred`, `planned`, `rejected`, `hypothetical`, `claimed`, `denied`.
    pub status: Option<String>,
    /// Full-text search over the event's sentence, with the rules of [`crate::DocQuery::text`].
    pub text: Option<String>,
    /// Only the mentions of this cluster (an event id heading it).
    pub cluster: Option<String>,
    /// ISO 3166 alpha-3 country of the source or the target (`KAZ`), any case.
    pub country: Option<String>,
    /// CAMEO root code (`04`; `4` is read as `04`).
    pub cameo_root: Option<String>,
    /// Quad class, 0–4.
    pub quad_class: Option<u8>,
    /// A piece of the event's place name (case-insensitive), or its country code.
    pub place: Option<String>,
    /// A piece of the document's publication name or of its uri's host (case-insensitive);
    /// documents read from files, with neither, match by their uri.
    pub source: Option<String>,
    /// Every mention; by default one row per cluster (its earliest mention), shown when any
    /// of its mentions matches.
    pub mentions: bool,
    pub order: EventOrder,
    /// The direction of `order`'s key: `None` is its natural one (oldest, most mentioned,
    /// lowest Goldstein first), `Some(true)` descending, `Some(false)` ascending. Ties are
    /// always broken by date, oldest first.
    pub descending: Option<bool>,
    pub limit: Option<usize>,
    /// Start right after this row of the same order (the key of a previous page's last row),
    /// for pagination: the store seeks to it instead of counting rows from the first.
    pub after: Option<EventKey>,
}

/// Where an event sits in a listing's order: the sort key of a page's last row, from which
/// the next page starts ([`EventQuery::after`]). Opaque outside the store: [`EventKey::encode`]
/// and [`EventKey::decode`] turn it into a plain string and back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventKey {
    /// 0: dated; 1: dated without a year (`--11-07`); 2: undated (`events.date_rank`).
    rank: i64,
    first: Option<String>,
    last: Option<String>,
    date: Option<String>,
    doc_seq: i64,
    start: i64,
    id: String,
    mentions: i64,
    /// The Goldstein weight's bits, so it compares equal to the stored value exactly.
    goldstein: u64,
}

impl EventKey {
    /// A string standing for the key (hex of its JSON), safe in a URL.
    pub fn encode(&self) -> String {
        json(self).bytes().map(|b| format!("{b:02x}")).collect()
    }

    /// The key [`EventKey::encode`] made, or `None` for any other string.
    pub fn decode(s: &str) -> Option<Self> {
        if !s.len().is_multiple_of(2) || s.len() > 8192 {
            return None;
        }
        let bytes = (0..s.len())
            .step_by(2)
            .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
            .collect::<Option<Vec<u8>>>()?;
        let key: Self = serde_json::from_slice(&bytes).ok()?;
        // The columns a rank compares must be there, or the seek would match nothing.
        let ok = match key.rank {
            0 => key.first.is_some() && key.last.is_some() && key.date.is_some(),
            1 => key.date.is_some(),
            2 => true,
            _ => false,
        };
        ok.then_some(key)
    }

    /// The values compared, within its rank, by [`RANK_KEYS`]' columns.
    fn values(&self) -> Vec<Value> {
        let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Text);
        let tail = [
            Value::Integer(self.doc_seq),
            Value::Integer(self.start),
            Value::Text(self.id.clone()),
        ];
        let mut v = match self.rank {
            0 => vec![text(&self.first), text(&self.last), text(&self.date)],
            1 => vec![text(&self.date)],
            _ => Vec::new(),
        };
        v.extend(tail);
        v
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventOrder {
    /// By date (undated last), then document ingest order and position in the text.
    #[default]
    Date,
    /// Most mentioned first, then by date.
    Mentions,
    /// By Goldstein weight, most conflictual first, then by date.
    Goldstein,
}

/// One cluster: the mentions of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cluster {
    /// The id of its earliest mention.
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub mentions: u32,
    /// Distinct sources of the documents the mentions come from (publication, else host,
    /// else the document's uri), sorted.
    pub sources: Vec<String>,
}

/// Counts over the coded events of a store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventStats {
    pub documents: u64,
    pub coded_documents: u64,
    pub events: u64,
    pub clusters: u64,
    /// Events per PLOVER type, most first.
    pub by_type: Vec<(String, u64)>,
    /// Events per status, most first.
    pub by_status: Vec<(String, u64)>,
}

/// What [`crate::Store::recluster`] or [`crate::Store::recluster_stale`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClusterSummary {
    /// Events clustered (all of them, or those of the changed buckets).
    pub events: u64,
    /// Clusters they form.
    pub clusters: u64,
    /// Events whose cluster changed.
    pub changed: u64,
}

/// Rejects an event that does not belong to its document or has no id or an inverted
/// sentence span; both backends check before writing.
pub(crate) fn check_event(
    path: &Path,
    doc: &CodedDocument<'_>,
    e: &tamga_events::Event,
) -> Result<()> {
    if e.doc_id != doc.doc_id {
        return Err(invalid(
            path,
            &e.id,
            doc.doc_id,
            format!("event names document {:?}", e.doc_id),
        ));
    }
    if e.id.is_empty() {
        return Err(invalid(path, &e.id, doc.doc_id, "empty id"));
    }
    if e.sentence.start > e.sentence.end {
        return Err(invalid(
            path,
            &e.id,
            doc.doc_id,
            "sentence ends before it starts",
        ));
    }
    Ok(())
}

pub(crate) fn invalid(path: &Path, id: &str, doc: &str, detail: impl Into<String>) -> Error {
    Error::InvalidEvent {
        path: path.to_path_buf(),
        id: id.to_owned(),
        doc: doc.to_owned(),
        detail: detail.into(),
    }
}

fn corrupt(path: &Path, key: &str, detail: impl Into<String>) -> Error {
    Error::Corrupt {
        path: path.to_path_buf(),
        table: "events",
        key: key.to_owned(),
        detail: detail.into(),
    }
}

/// The string a unit enum serializes to (`"occurred"`, `"text"`).
pub(crate) fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub(crate) fn json<T: Serialize>(v: &T) -> String {
    // Event fields are plain data (strings, numbers, lists); serializing cannot fail.
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

pub(crate) fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Replaces the events of each document and records that it was coded, in one transaction.
pub fn write_coded(tx: &Transaction<'_>, path: &Path, docs: &[CodedDocument<'_>]) -> Result<()> {
    // The full-text rows of new events and quotes are added once per run of documents
    // (`index_new`), not per document or per row: FTS5 flushes its pending postings into a
    // new segment at every statement savepoint, and a segment per document cost more in
    // flushing and merging than the inserts themselves. A document repeated in the batch
    // would delete rows not indexed yet, so a repeat starts a new run.
    let mut fresh = Fresh::default();
    let mut in_run: HashSet<&str> = HashSet::new();
    let now = crate::write::now(tx, path)?;
    for doc in docs {
        if !in_run.insert(doc.doc_id) {
            fresh.index(tx, path)?;
            in_run.clear();
            in_run.insert(doc.doc_id);
        }
        write_one_coded(tx, path, doc, &now, &mut fresh)?;
    }
    fresh.index(tx, path)
}

/// Rows written by the current run of [`write_coded`] and not yet in the full-text indexes.
#[derive(Default)]
pub(crate) struct Fresh {
    pub(crate) events: Vec<i64>,
    pub(crate) quotes: Vec<i64>,
}

impl Fresh {
    /// Adds the pending rows to `events_fts` and `quotes_fts`, one statement per table
    /// ([`crate::write::fts_add`]).
    fn index(&mut self, tx: &Transaction<'_>, path: &Path) -> Result<()> {
        for (rows, sql) in [
            (
                &mut self.events,
                "INSERT INTO events_fts (rowid, sentence_text) SELECT e.seq, e.sentence_text \
                 FROM json_each(?1) j CROSS JOIN events e ON e.seq = j.value",
            ),
            (
                &mut self.quotes,
                "INSERT INTO quotes_fts (rowid, text) SELECT q.seq, q.text \
                 FROM json_each(?1) j CROSS JOIN quotes q ON q.seq = j.value",
            ),
        ] {
            rows.sort_unstable();
            crate::write::fts_add(tx, path, sql, rows)?;
            rows.clear();
        }
        Ok(())
    }
}

/// The clustering bucket of event `e` of document `doc_id`, as both backends store it.
pub(crate) fn bucket_of(doc_id: &str, e: &Event) -> String {
    cluster::bucket(&Mention {
        id: &e.id,
        doc: doc_id,
        event_type: &e.event_type,
        source: &e.source.code,
        target: e.target.as_ref().map(|t| t.code.as_str()),
        date: e.date.as_deref(),
    })
}

fn write_one_coded(
    tx: &Transaction<'_>,
    path: &Path,
    doc: &CodedDocument<'_>,
    now: &str,
    fresh: &mut Fresh,
) -> Result<()> {
    // A document never coded before (every document of a `tamga run`) has no rows to
    // clear: one lookup instead of five clearing statements, two of them on FTS5 tables
    // (each opening a virtual-table savepoint and an ephemeral table). Its `seq` is read
    // here once rather than by a subquery per event.
    let (doc_seq, has_events, has_quotes): (Option<i64>, bool, bool) = tx
        .prepare_cached(
            "SELECT (SELECT seq FROM documents WHERE id = ?1), \
             EXISTS (SELECT 1 FROM events WHERE doc_id = ?1), \
             EXISTS (SELECT 1 FROM quotes WHERE doc_id = ?1)",
        )
        .and_then(|mut s| s.query_row([doc.doc_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
        .at(path)?;
    if has_events {
        // The clusters the old events were in are now out of date: dropping their rows
        // marks the store for reclustering (see `is_stale`).
        for sql in [
            "DELETE FROM clusters WHERE id IN (SELECT cluster FROM events WHERE doc_id = ?1)",
            "INSERT INTO events_fts (events_fts, rowid, sentence_text) \
             SELECT 'delete', seq, sentence_text FROM events WHERE doc_id = ?1",
            "DELETE FROM events WHERE doc_id = ?1",
        ] {
            tx.prepare_cached(sql)
                .and_then(|mut s| s.execute([doc.doc_id]))
                .at(path)?;
        }
    }
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO events (id, doc_id, doc_uri, sentence_index, sentence_start, \
             sentence_end, sentence_text, type, mode, context, cameo, cameo_root, quad_class, \
             goldstein, source_code, source, target_code, target, date, date_precision, \
             date_basis, location, status, quantities, quote, explanation, date_first, \
             date_last, bucket, cluster, date_rank, doc_seq) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
             ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?1, \
             CASE WHEN ?27 IS NOT NULL THEN 0 WHEN ?19 IS NOT NULL THEN 1 ELSE 2 END, ?30) \
             ON CONFLICT (id) DO NOTHING",
        )
        .at(path)?;
    let mut owner = tx
        .prepare_cached("SELECT doc_id FROM events WHERE id = ?1")
        .at(path)?;
    let mut seen = HashSet::new();
    for e in doc.events {
        check_event(path, doc, e)?;
        let s = &e.sentence;
        let span = e.date.as_deref().and_then(DateSpan::parse).map(|s| s.iso());
        let inserted = insert
            .execute(params![
                e.id,
                doc.doc_id,
                e.doc_uri,
                to_i64(s.index),
                to_i64(s.start),
                to_i64(s.end),
                s.text,
                e.event_type,
                e.mode,
                json(&e.context),
                e.cameo,
                e.cameo_root,
                e.quad_class,
                f64::from(e.goldstein),
                e.source.code,
                json(&e.source),
                e.target.as_ref().map(|t| t.code.as_str()),
                e.target.as_ref().map(json),
                e.date,
                e.date_precision,
                enum_str(&e.date_basis),
                e.location.as_ref().map(json),
                enum_str(&e.status),
                json(&e.quantities),
                e.quote.as_ref().map(json),
                json(&e.explanation),
                span.as_ref().map(|s| s.0.as_str()),
                span.as_ref().map(|s| s.1.as_str()),
                bucket_of(doc.doc_id, e),
                doc_seq,
            ])
            .at(path)?;
        if inserted == 0 {
            let other: String = owner.query_row([&e.id], |r| r.get(0)).at(path)?;
            if other != doc.doc_id {
                return Err(invalid(
                    path,
                    &e.id,
                    doc.doc_id,
                    format!("id already used by an event of document {other}"),
                ));
            }
            // The same event twice from one document: keep the first.
            tracing::warn!(id = %e.id, doc = doc.doc_id, "event id repeated in one document");
        } else {
            fresh.events.push(tx.last_insert_rowid());
        }
        seen.insert(e.id.as_str());
    }
    crate::query::write_quotes(
        tx,
        path,
        doc,
        has_quotes,
        doc_seq.is_some(),
        &mut fresh.quotes,
    )?;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO coded (doc_id, coder, coded_at, sentences, events, discarded) \
         VALUES (?1, ?2, ?6, ?3, ?4, ?5)",
    )
    .and_then(|mut record| {
        record.execute(params![
            doc.doc_id,
            doc.coder,
            to_i64(doc.sentences),
            to_i64(seen.len()),
            doc.discarded,
            now,
        ])
    })
    .at(path)?;
    if doc_seq.is_none() {
        return Err(no_document(path));
    }
    Ok(())
}

/// The error SQLite's foreign-key check gives for a row naming a document that is not
/// stored. [`crate::Store::write_coded`] runs without those checks, so the writer gives it
/// where a row was written for such a document: events cannot be (their `doc_seq` is NOT
/// NULL), quotes and the `coded` row can.
pub(crate) fn no_document(path: &Path) -> Error {
    Error::Sqlite {
        path: path.to_path_buf(),
        source: rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
            Some("FOREIGN KEY constraint failed".to_owned()),
        ),
    }
}

/// Ids of stored documents, in ingest order: all, or only those never coded.
pub fn document_ids(conn: &Connection, path: &Path, uncoded_only: bool) -> Result<Vec<String>> {
    let sql = if uncoded_only {
        "SELECT d.id FROM documents d WHERE NOT EXISTS \
         (SELECT 1 FROM coded c WHERE c.doc_id = d.id) ORDER BY d.seq"
    } else {
        "SELECT id FROM documents ORDER BY seq"
    };
    let mut stmt = conn.prepare(sql).at(path)?;
    let ids = stmt.query_map([], |r| r.get(0)).at(path)?;
    ids.collect::<rusqlite::Result<_>>().at(path)
}

/// Coded documents whose coder string differs from `coder`.
pub fn coded_with_other(conn: &Connection, path: &Path, coder: &str) -> Result<u64> {
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM coded WHERE coder <> ?1",
            [coder],
            |r| r.get(0),
        )
        .at(path)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Whether some event's cluster has no row: events were written since the last clustering,
/// or a cluster lost mentions (`write_coded` drops the rows of the clusters it touches).
pub fn is_stale(conn: &Connection, path: &Path) -> Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM events e WHERE NOT EXISTS \
           (SELECT 1 FROM clusters c WHERE c.id = e.cluster))",
        [],
        |r| r.get(0),
    )
    .at(path)
}

/// The source name clusters count: the publication, else the host, else the uri.
pub(crate) fn source_name(source: Option<String>, uri: String) -> String {
    source
        .filter(|s| !s.trim().is_empty())
        .or_else(|| tamga_ingest::host_name(&uri))
        .unwrap_or(uri)
}

/// An event as clustering reads it.
pub(crate) struct ClusterRow {
    /// The event's `seq`: SQLite updates the row by it.
    pub(crate) seq: i64,
    pub(crate) id: String,
    pub(crate) doc: String,
    pub(crate) event_type: String,
    pub(crate) source: String,
    pub(crate) target: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) cluster: String,
    pub(crate) doc_source: String,
}

pub(crate) const CLUSTER_ROW: &str =
    "SELECT e.id, e.doc_id, e.type, e.source_code, e.target_code, e.date, \
    e.cluster, d.source, d.uri, e.seq FROM events e JOIN documents d ON d.id = e.doc_id";

/// A [`ClusterRow`] from the ten columns of [`CLUSTER_ROW`]'s select list, starting at
/// column `first` of `r`.
fn cluster_row(r: &rusqlite::Row<'_>, first: usize, path: &Path) -> Result<ClusterRow> {
    Ok(ClusterRow {
        seq: r.get(first + 9).at(path)?,
        id: r.get(first).at(path)?,
        doc: r.get(first + 1).at(path)?,
        event_type: r.get(first + 2).at(path)?,
        source: r.get(first + 3).at(path)?,
        target: r.get(first + 4).at(path)?,
        date: r.get(first + 5).at(path)?,
        cluster: r.get(first + 6).at(path)?,
        doc_source: source_name(r.get(first + 7).at(path)?, r.get(first + 8).at(path)?),
    })
}

/// Every stored event, as clustering reads it.
fn cluster_rows(tx: &Transaction<'_>, path: &Path, rows: &mut Vec<ClusterRow>) -> Result<()> {
    let mut stmt = tx.prepare_cached(CLUSTER_ROW).at(path)?;
    let mut q = stmt.query([]).at(path)?;
    while let Some(r) = q.next().at(path)? {
        rows.push(cluster_row(r, 0, path)?);
    }
    Ok(())
}

/// Clusters every stored event afresh and rewrites the cluster column and table.
pub fn recluster(tx: &Transaction<'_>, path: &Path, window_days: i64) -> Result<ClusterSummary> {
    let mut rows = Vec::new();
    cluster_rows(tx, path, &mut rows)?;
    tx.execute("DELETE FROM clusters", []).at(path)?;
    assign(tx, path, &rows, window_days)
}

/// Reclusters only the buckets (see `tamga_events::cluster::bucket`) holding an event whose
/// cluster has no row: buckets are clustered independently, so the result is the same as
/// [`recluster`]'s, for the cost of the changed buckets.
pub fn recluster_stale(
    tx: &Transaction<'_>,
    path: &Path,
    window_days: i64,
) -> Result<ClusterSummary> {
    let buckets: Vec<String> = {
        let mut stmt = tx
            .prepare(
                "SELECT DISTINCT e.bucket FROM events e WHERE NOT EXISTS \
                 (SELECT 1 FROM clusters c WHERE c.id = e.cluster)",
            )
            .at(path)?;
        let rows = stmt.query_map([], |r| r.get(0)).at(path)?;
        rows.collect::<rusqlite::Result<_>>().at(path)?
    };
    let mut drop = tx
        .prepare_cached("DELETE FROM clusters WHERE id = ?1")
        .at(path)?;
    // Buckets are clustered independently, so they are taken a group at a time: memory
    // stays bounded by the group, not by every event the run wrote.
    let mut total = ClusterSummary::default();
    let mut group = StaleGroup::default();
    let mut next = 0;
    while next < buckets.len() {
        let end = (next + STALE_QUERY_BUCKETS).min(buckets.len());
        next += stale_rows(tx, path, &buckets[next..end], &mut group)?;
        if group.rows.len() >= STALE_GROUP_ROWS || next == buckets.len() {
            // Only clusters that have a row are deleted: a run's new events, each its own
            // cluster until now, have none.
            let mut dropped = HashSet::new();
            for &i in &group.with_row {
                let cluster = group.rows[i].cluster.as_str();
                if dropped.insert(cluster) {
                    drop.execute([cluster]).at(path)?;
                }
            }
            let s = assign(tx, path, &group.rows, window_days)?;
            total.events += s.events;
            total.clusters += s.clusters;
            total.changed += s.changed;
            group.rows.clear();
            group.with_row.clear();
        }
    }
    Ok(total)
}

/// Events [`recluster_stale`] gathers before clustering them (whole buckets, so a group may
/// go over by one bucket).
const STALE_GROUP_ROWS: usize = 8192;

/// Stale buckets read by one statement: one query for many buckets instead of one per
/// bucket (5,700 for 2,000 pages), whose preparing, binding and resetting cost more than
/// reading the rows.
const STALE_QUERY_BUCKETS: usize = 512;

/// The rows of whole buckets waiting to be clustered.
#[derive(Default)]
struct StaleGroup {
    rows: Vec<ClusterRow>,
    /// Indexes into `rows` of the events whose cluster has a row.
    with_row: Vec<usize>,
    docs: DocNames,
}

/// Reads the events of `buckets`, in order, into `group`, each bucket in `seq` order as the
/// full [`recluster`] reads it; stops at the first bucket boundary once the group is full.
/// Returns how many buckets it read.
fn stale_rows(
    tx: &Transaction<'_>,
    path: &Path,
    buckets: &[String],
    group: &mut StaleGroup,
) -> Result<usize> {
    // The CROSS JOIN makes the list the outer loop, so the rows come bucket after bucket,
    // and within one bucket in the order of `events_bucket`, which is `seq`'s. That index
    // holds every column read here: no event row is fetched. Documents are looked up once
    // each (`DocNames`) rather than joined for every event.
    let mut stmt = tx
        .prepare_cached(
            "SELECT j.key, e.id, e.doc_seq, e.type, e.source_code, e.target_code, e.date, \
             e.cluster, c.id IS NOT NULL, e.seq \
             FROM json_each(?1) j CROSS JOIN events e ON e.bucket = j.value \
             LEFT JOIN clusters c ON c.id = e.cluster",
        )
        .at(path)?;
    let mut q = stmt.query([json(&buckets)]).at(path)?;
    let mut last = None;
    while let Some(r) = q.next().at(path)? {
        let key: i64 = r.get(0).at(path)?;
        if last != Some(key) {
            if last.is_some() && group.rows.len() >= STALE_GROUP_ROWS {
                return Ok(usize::try_from(key).unwrap_or(buckets.len()));
            }
            last = Some(key);
        }
        // An event whose document is gone is skipped, as the join with `documents` did.
        let Some((doc, doc_source)) = group.docs.get(tx, path, r.get(2).at(path)?)? else {
            continue;
        };
        if r.get(8).at(path)? {
            group.with_row.push(group.rows.len());
        }
        group.rows.push(ClusterRow {
            seq: r.get(9).at(path)?,
            id: r.get(1).at(path)?,
            doc: doc.to_owned(),
            event_type: r.get(3).at(path)?,
            source: r.get(4).at(path)?,
            target: r.get(5).at(path)?,
            date: r.get(6).at(path)?,
            cluster: r.get(7).at(path)?,
            doc_source: doc_source.to_owned(),
        });
    }
    Ok(buckets.len())
}

/// Documents' ids and source names (see [`source_name`]) by `seq`, read once each while
/// reclustering. Bounded: past [`DocNames::MAX`] entries it starts again.
#[derive(Default)]
struct DocNames(HashMap<i64, Option<(String, String)>>);

impl DocNames {
    const MAX: usize = 1 << 16;

    fn get(&mut self, tx: &Transaction<'_>, path: &Path, seq: i64) -> Result<Option<(&str, &str)>> {
        if !self.0.contains_key(&seq) {
            if self.0.len() >= Self::MAX {
                self.0.clear();
            }
            let mut stmt = tx
                .prepare_cached("SELECT id, source, uri FROM documents WHERE seq = ?1")
                .at(path)?;
            let found = stmt
                .query_row([seq], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .optional()
                .at(path)?
                .map(|(id, source, uri)| (id, source_name(source, uri)));
            self.0.insert(seq, found);
        }
        Ok(self
            .0
            .get(&seq)
            .and_then(Option::as_ref)
            .map(|(id, name)| (id.as_str(), name.as_str())))
    }
}

/// What clustering decided for some rows: the events whose cluster changes, and the rows of
/// the clusters formed.
pub(crate) struct Plan<'a> {
    /// `(index of the event's row, new cluster id)`.
    pub(crate) moves: Vec<(usize, &'a str)>,
    pub(crate) clusters: Vec<ClusterOut<'a>>,
}

/// One `clusters` row to write.
pub(crate) struct ClusterOut<'a> {
    pub(crate) id: &'a str,
    pub(crate) event_type: &'a str,
    pub(crate) first_date: Option<&'a str>,
    pub(crate) last_date: Option<&'a str>,
    pub(crate) mentions: u32,
    pub(crate) sources: Vec<&'a str>,
}

impl Plan<'_> {
    pub(crate) fn summary(&self, events: usize) -> ClusterSummary {
        ClusterSummary {
            events: events as u64,
            clusters: self.clusters.len() as u64,
            changed: self.moves.len() as u64,
        }
    }
}

/// Clusters `rows` (whole buckets): the same for every backend.
pub(crate) fn plan(rows: &[ClusterRow], window_days: i64) -> Plan<'_> {
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
    let heads = cluster::cluster(&mentions, window_days);
    let moves = rows
        .iter()
        .zip(&heads)
        .enumerate()
        .filter(|(_, (row, &h))| row.cluster != rows[h].id)
        .map(|(i, (_, &h))| (i, rows[h].id.as_str()))
        .collect();
    let summaries = cluster::summarize(
        &heads,
        rows.iter()
            .map(|r| (r.date.as_deref(), r.doc_source.as_str())),
    );
    let clusters = summaries
        .into_iter()
        .map(|(h, sum)| ClusterOut {
            id: &rows[h].id,
            event_type: &rows[h].event_type,
            first_date: sum.first_date,
            last_date: sum.last_date,
            mentions: sum.mentions,
            sources: sum.sources.into_iter().collect(),
        })
        .collect();
    Plan { moves, clusters }
}

/// Clusters `rows` (whole buckets) and writes each event's cluster id and the rows of the
/// clusters formed; the caller has deleted the rows these clusters had.
fn assign(
    tx: &Transaction<'_>,
    path: &Path,
    rows: &[ClusterRow],
    window_days: i64,
) -> Result<ClusterSummary> {
    let plan = plan(rows, window_days);
    // In `seq` order, each page of `events` is changed once per group rather than at random
    // (a run's moves touch most of the table).
    let mut moves: Vec<(i64, &str)> = plan.moves.iter().map(|&(i, h)| (rows[i].seq, h)).collect();
    moves.sort_unstable_by_key(|&(seq, _)| seq);
    let mut update = tx
        .prepare_cached("UPDATE events SET cluster = ?2 WHERE seq = ?1")
        .at(path)?;
    for (seq, head) in &moves {
        update.execute(params![seq, head]).at(path)?;
    }
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO clusters (id, type, first_date, last_date, mentions, sources, \
             source_names) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .at(path)?;
    for c in &plan.clusters {
        insert
            .execute(params![
                c.id,
                c.event_type,
                c.first_date,
                c.last_date,
                c.mentions,
                to_i64(c.sources.len()),
                json(&c.sources),
            ])
            .at(path)?;
    }
    Ok(plan.summary(rows.len()))
}

const COLUMNS: &str = "e.id, e.doc_uri, e.doc_id, e.sentence_index, e.sentence_start, \
    e.sentence_end, e.sentence_text, e.type, e.mode, e.context, e.cameo, e.cameo_root, \
    e.quad_class, e.goldstein, e.source, e.target, e.date, e.date_precision, e.date_basis, \
    e.location, e.status, e.quantities, e.quote, e.explanation, e.cluster, \
    coalesce(c.mentions, 1), e.doc_seq, e.date_rank, e.date_first, e.date_last";

pub(crate) const FROM: &str = "FROM events e JOIN documents d ON d.id = e.doc_id \
    LEFT JOIN clusters c ON c.id = e.cluster";

pub(crate) fn parse_json<T: DeserializeOwned>(
    path: &Path,
    id: &str,
    field: &str,
    s: &str,
) -> Result<T> {
    serde_json::from_str(s).map_err(|e| corrupt(path, id, format!("{field}: {e}")))
}

pub(crate) fn parse_enum<T: DeserializeOwned>(
    path: &Path,
    id: &str,
    field: &str,
    s: &str,
) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| corrupt(path, id, format!("{field}: {s:?}")))
}

fn decode(path: &Path, r: &Row<'_>) -> Result<Event> {
    let id: String = r.get(0).at(path)?;
    let offset = |i: usize| -> Result<usize> {
        let n: i64 = r.get(i).at(path)?;
        usize::try_from(n).map_err(|_| corrupt(path, &id, "negative sentence offset"))
    };
    let sentence = SentenceRef {
        index: offset(3)?,
        start: offset(4)?,
        end: offset(5)?,
        text: r.get(6).at(path)?,
    };
    let opt_json = |i: usize| -> Result<Option<String>> { r.get(i).at(path) };
    let context: String = r.get(9).at(path)?;
    let source: String = r.get(14).at(path)?;
    let target = opt_json(15)?;
    let date_basis: String = r.get(18).at(path)?;
    let location = opt_json(19)?;
    let status: String = r.get(20).at(path)?;
    let quantities: String = r.get(21).at(path)?;
    let quote = opt_json(22)?;
    let explanation: String = r.get(23).at(path)?;
    let quad: i64 = r.get(12).at(path)?;
    let goldstein: f64 = r.get(13).at(path)?;
    let mentions: i64 = r.get(25).at(path)?;
    Ok(Event {
        doc_uri: r.get(1).at(path)?,
        doc_id: r.get(2).at(path)?,
        sentence,
        event_type: r.get(7).at(path)?,
        mode: r.get(8).at(path)?,
        context: parse_json(path, &id, "context", &context)?,
        cameo: r.get(10).at(path)?,
        cameo_root: r.get(11).at(path)?,
        quad_class: u8::try_from(quad).map_err(|_| corrupt(path, &id, "quad_class"))?,
        // Stored from an f32, so the conversion back is exact.
        goldstein: goldstein as f32,
        source: parse_json(path, &id, "source", &source)?,
        target: target
            .map(|t| parse_json(path, &id, "target", &t))
            .transpose()?,
        date: r.get(16).at(path)?,
        date_precision: r.get(17).at(path)?,
        date_basis: parse_enum::<DateBasis>(path, &id, "date_basis", &date_basis)?,
        location: location
            .map(|l| parse_json(path, &id, "location", &l))
            .transpose()?,
        status: parse_enum::<Status>(path, &id, "status", &status)?,
        quantities: parse_json(path, &id, "quantities", &quantities)?,
        quote: quote
            .map(|q| parse_json(path, &id, "quote", &q))
            .transpose()?,
        explanation: parse_json(path, &id, "explanation", &explanation)?,
        cluster: r.get(24).at(path)?,
        mentions: u32::try_from(mentions).unwrap_or(u32::MAX),
        id,
    })
}

/// The smallest string above every string that starts with `prefix`, for an index range
/// scan (`code >= prefix AND code < bound`).
pub(crate) fn prefix_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// The host of a `scheme://host/...` document uri (port and user included); NULL for
/// other uris (file paths).
const HOST: &str = "CASE WHEN instr(d.uri, '://') > 0 THEN substr(d.uri, instr(d.uri, '://') + 3, \
    CASE WHEN instr(substr(d.uri, instr(d.uri, '://') + 3), '/') > 0 \
    THEN instr(substr(d.uri, instr(d.uri, '://') + 3), '/') - 1 ELSE length(d.uri) END) END";

/// The same host on PostgreSQL: what follows `://` up to the first `/`.
const PG_HOST: &str = "substring(d.uri from '://([^/]*)')";

/// The SQL spellings that differ between the backends, so both build their event filters
/// from one description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// Placeholder `n` (1-based) for a text or an integer parameter.
    pub(crate) fn param(self, n: usize, integer: bool) -> String {
        match (self, integer) {
            (Self::Sqlite, _) => format!("?{n}"),
            (Self::Postgres, false) => format!("${n}::text"),
            (Self::Postgres, true) => format!("${n}::bigint"),
        }
    }

    /// Placeholder `n` (1-based) typed after the value bound to it.
    pub(crate) fn value_param(self, n: usize, v: &Value) -> String {
        match (self, v) {
            (Self::Postgres, Value::Real(_)) => format!("${n}::float8"),
            (_, v) => self.param(n, matches!(v, Value::Integer(_))),
        }
    }

    /// A top-level number field of a JSON column, as a double.
    pub(crate) fn number(self, col: &str, name: &str) -> String {
        match self {
            Self::Sqlite => format!("json_extract({col}, '$.{name}')"),
            Self::Postgres => format!("(({col} ->> '{name}')::float8)"),
        }
    }

    /// A text expression that groups and sorts by code point on both backends (SQLite's
    /// default; PostgreSQL's database collation may differ).
    pub(crate) fn bytewise(self, expr: &str) -> String {
        match self {
            Self::Sqlite => expr.to_owned(),
            Self::Postgres => format!("({expr} COLLATE \"C\")"),
        }
    }

    /// The Monday (`YYYY-MM-DD`) of the week holding the ISO date `day`.
    pub(crate) fn monday(self, day: &str) -> String {
        match self {
            Self::Sqlite => format!(
                "date({day}, '-' || ((CAST(strftime('%w', {day}) AS INTEGER) + 6) % 7) || ' days')"
            ),
            Self::Postgres => format!("to_char(date_trunc('week', ({day})::date), 'YYYY-MM-DD')"),
        }
    }

    /// `needle` occurs in `hay`.
    fn contains(self, hay: &str, needle: &str) -> String {
        match self {
            Self::Sqlite => format!("instr({hay}, {needle}) > 0"),
            Self::Postgres => format!("strpos({hay}, {needle}) > 0"),
        }
    }

    /// A top-level string field of a JSON column.
    pub(crate) fn field(self, col: &str, name: &str) -> String {
        match self {
            Self::Sqlite => format!("json_extract({col}, '$.{name}')"),
            Self::Postgres => format!("({col} ->> '{name}')"),
        }
    }
}

/// The WHERE conditions of a query and their parameters; `None` when the query can match
/// nothing (a text search with no searchable word).
pub(crate) fn conditions(q: &EventQuery, dialect: Dialect) -> Option<(Vec<String>, Vec<Value>)> {
    let mut cond = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let arg = |args: &mut Vec<Value>, v: String| -> String {
        args.push(Value::Text(v));
        dialect.param(args.len(), false)
    };
    let has = |hay: &str, needle: &str| dialect.contains(hay, needle);
    let field = |col: &str, name: &str| dialect.field(col, name);
    if let Some(t) = q.event_type.as_deref() {
        let p = arg(&mut args, t.trim().to_ascii_uppercase());
        cond.push(format!("e.type = {p}"));
    }
    if let Some(s) = q.status.as_deref() {
        let p = arg(&mut args, s.trim().to_ascii_lowercase());
        cond.push(format!("e.status = {p}"));
    }
    // An event is in a range when all the days its date covers are: `2006-11` is on or
    // after 2006-11-01 but not after 2006-11-08. Dates without a year are in no range.
    // Only events of date rank 0 have a first and last day: saying so lets `events_order`
    // find them.
    if let Some(since) = q.since.as_deref() {
        let (first, _) = DateSpan::parse(since)?.iso();
        let p = arg(&mut args, first);
        cond.push(format!("e.date_rank = 0 AND e.date_first >= {p}"));
    }
    if let Some(until) = q.until.as_deref() {
        let (_, last) = DateSpan::parse(until)?.iso();
        let p = arg(&mut args, last);
        cond.push(format!("e.date_rank = 0 AND e.date_last <= {p}"));
    }
    if let Some(actor) = q.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        let code = actor.to_ascii_uppercase();
        let lo = arg(&mut args, code.clone());
        let hi = arg(&mut args, prefix_bound(&code));
        let text = arg(&mut args, actor.to_lowercase());
        let side = |col: &str| {
            format!(
                "(e.{col}_code >= {lo} AND e.{col}_code < {hi}) OR {} OR {}",
                has(
                    &format!("lower({})", field(&format!("e.{col}"), "text")),
                    &text
                ),
                has(
                    &format!("lower({})", field(&format!("e.{col}"), "name")),
                    &text
                ),
            )
        };
        cond.push(format!("({} OR {})", side("source"), side("target")));
    }
    if let Some(c) = q.cluster.as_deref() {
        let p = arg(&mut args, c.trim().to_owned());
        cond.push(format!("e.cluster = {p}"));
    }
    if let Some(c) = q.country.as_deref() {
        let p = arg(&mut args, c.trim().to_ascii_uppercase());
        cond.push(format!(
            "({} = {p} OR {} = {p})",
            field("e.source", "country"),
            field("e.target", "country")
        ));
    }
    if let Some(root) = q.cameo_root.as_deref() {
        let root = root.trim();
        let root = if root.len() == 1 {
            format!("0{root}")
        } else {
            root.to_owned()
        };
        let p = arg(&mut args, root);
        cond.push(format!("e.cameo_root = {p}"));
    }
    if let Some(quad) = q.quad_class {
        args.push(Value::Integer(i64::from(quad)));
        cond.push(format!(
            "e.quad_class = {}",
            dialect.param(args.len(), true)
        ));
    }
    if let Some(place) = q.place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        let name = arg(&mut args, place.to_lowercase());
        let country = arg(&mut args, place.to_ascii_uppercase());
        cond.push(format!(
            "({} OR {} = {country})",
            has(&format!("lower({})", field("e.location", "name")), &name),
            field("e.location", "country")
        ));
    }
    if let Some(source) = q.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let p = arg(&mut args, source.to_lowercase());
        let host = match dialect {
            Dialect::Sqlite => HOST,
            Dialect::Postgres => PG_HOST,
        };
        cond.push(format!(
            "({} OR {})",
            has("lower(coalesce(d.source, ''))", &p),
            has(&format!("lower(coalesce({host}, d.uri))"), &p)
        ));
    }
    if let Some(text) = q.text.as_deref() {
        match dialect {
            Dialect::Sqlite => {
                let fts = fts::query(text)?;
                let p = arg(&mut args, fts);
                cond.push(format!(
                    "e.seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH {p})"
                ));
            }
            Dialect::Postgres => {
                let tsq = fts::pg_query(text)?;
                let p = arg(&mut args, tsq);
                cond.push(format!("e.sentence_fts @@ lower({p})::tsquery"));
            }
        }
    }
    Some((cond, args))
}

/// The columns compared within each date rank (`events.date_rank`), in the order of the
/// `events_order` index, and whether each is an integer. A rank's other date columns are all
/// NULL, so the listing's order is the index's order and a page is an index seek.
const RANK_KEYS: [&[(&str, bool)]; 3] = [
    &[
        ("e.date_first", false),
        ("e.date_last", false),
        ("e.date", false),
        ("e.doc_seq", true),
        ("e.sentence_start", true),
        ("e.id", false),
    ],
    &[
        ("e.date", false),
        ("e.doc_seq", true),
        ("e.sentence_start", true),
        ("e.id", false),
    ],
    &[
        ("e.doc_seq", true),
        ("e.sentence_start", true),
        ("e.id", false),
    ],
];

/// What each rank says of the date columns, as equality terms an index seek can use.
const RANK_NULLS: [&str; 3] = [
    "",
    " AND e.date_first IS NULL AND e.date_last IS NULL",
    " AND e.date_first IS NULL AND e.date_last IS NULL AND e.date IS NULL",
];

/// The date order within a rank: every `events_order` column after `date_rank`.
const DATE_ORDER: [&str; 6] = [
    "e.date_first",
    "e.date_last",
    "e.date",
    "e.doc_seq",
    "e.sentence_start",
    "e.id",
];

/// The mention count a listing shows and sorts by.
const MENTIONS: &str = "coalesce(c.mentions, 1)";

/// The WHERE clause selecting what a listing of `q` shows (every mention, or the head of each
/// cluster with a matching mention) over [`FROM`], and its parameters; `None` when nothing can
/// match. Aggregates count the same rows.
pub(crate) fn selection(q: &EventQuery, dialect: Dialect) -> Option<(String, Vec<Value>)> {
    let (cond, args) = conditions(q, dialect)?;
    let filter = if q.mentions {
        if cond.is_empty() {
            "TRUE".to_owned()
        } else {
            cond.join(" AND ")
        }
    } else if cond.is_empty() {
        "e.id = e.cluster".to_owned()
    } else {
        // A cluster shows as its head when any of its mentions matches.
        format!(
            "e.id = e.cluster AND e.cluster IN (SELECT e.cluster {FROM} WHERE {})",
            cond.join(" AND ")
        )
    };
    Some((filter, args))
}

/// One SELECT of an event listing, without its LIMIT, and its parameters. A listing runs its
/// selects in turn until it has its rows.
pub(crate) struct Select {
    pub(crate) sql: String,
    pub(crate) args: Vec<Value>,
}

/// `(columns) op (key values)`, the key's values bound as parameters.
fn row_compare(
    cols: &[(&str, bool)],
    op: &str,
    vals: Vec<Value>,
    args: &mut Vec<Value>,
    dialect: Dialect,
) -> String {
    let mut params = Vec::with_capacity(cols.len());
    for (&(_, integer), v) in cols.iter().zip(vals) {
        args.push(v);
        params.push(dialect.param(args.len(), integer));
    }
    let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
    format!("({}) {op} ({})", names.join(", "), params.join(", "))
}

/// The rows after `key` in the ascending date order.
fn after_by_date(key: &EventKey, args: &mut Vec<Value>, dialect: Dialect) -> String {
    let cols = RANK_KEYS[usize::try_from(key.rank).unwrap_or(2).min(2)];
    let within = row_compare(cols, ">", key.values(), args, dialect);
    format!(
        "(e.date_rank > {r} OR (e.date_rank = {r} AND {within}))",
        r = key.rank
    )
}

/// The SELECTs listing `q`'s events (`columns` of [`FROM`]), in order; `None` when the query
/// matches nothing. The date order (the default) is one select per date rank, each read in
/// the order of the `events_order` index (forwards or backwards) from the cursor on, so a
/// page costs the same wherever it starts. The other orders (mentions, Goldstein) sort the
/// matching rows, but seek by key too rather than skipping rows.
pub(crate) fn selects(q: &EventQuery, dialect: Dialect, columns: &str) -> Option<Vec<Select>> {
    let (filter, args) = selection(q, dialect)?;
    let asc_by_date = format!("e.date_rank, {}", DATE_ORDER.join(", "));
    let natural_desc = matches!(q.order, EventOrder::Mentions);
    let desc = q.descending.unwrap_or(natural_desc);
    let (op, dir) = if desc { ("<", "DESC") } else { (">", "ASC") };
    let one = |key_expr: &str, key_val: Value| -> Select {
        let mut args = args.clone();
        let mut sql = format!("SELECT {columns} {FROM} WHERE {filter}");
        if let Some(k) = &q.after {
            let p = dialect.value_param(args.len() + 1, &key_val);
            args.push(key_val);
            let tie = after_by_date(k, &mut args, dialect);
            sql.push_str(&format!(
                " AND ({key_expr} {op} {p} OR ({key_expr} = {p} AND {tie}))"
            ));
        }
        sql.push_str(&format!(" ORDER BY {key_expr} {dir}, {asc_by_date}"));
        Select { sql, args }
    };
    let out = match q.order {
        EventOrder::Mentions => {
            let m = q.after.as_ref().map_or(0, |k| k.mentions);
            vec![one(MENTIONS, Value::Integer(m))]
        }
        EventOrder::Goldstein => {
            let g = q
                .after
                .as_ref()
                .map_or(0.0, |k| f64::from_bits(k.goldstein));
            vec![one("e.goldstein", Value::Real(g))]
        }
        EventOrder::Date => {
            let from = q.after.as_ref().map_or(0, |k| k.rank.clamp(0, 2));
            let order: Vec<String> = DATE_ORDER.iter().map(|c| format!("{c} {dir}")).collect();
            (from..3)
                .map(|rank| {
                    let r = usize::try_from(rank).unwrap_or(2);
                    let mut args = args.clone();
                    let mut sql = format!(
                        "SELECT {columns} {FROM} WHERE {filter} AND e.date_rank = {rank}{}",
                        RANK_NULLS[r]
                    );
                    if let Some(k) = q.after.as_ref().filter(|k| k.rank == rank) {
                        let seek = row_compare(RANK_KEYS[r], op, k.values(), &mut args, dialect);
                        sql.push_str(&format!(" AND {seek}"));
                    }
                    sql.push_str(&format!(" ORDER BY {}", order.join(", ")));
                    Select { sql, args }
                })
                .collect()
        }
    };
    Some(out)
}

/// The key of a listed row: the columns [`COLUMNS`] (and PostgreSQL's copy) end with.
pub(crate) fn key_of(
    e: &Event,
    doc_seq: i64,
    rank: i64,
    first: Option<String>,
    last: Option<String>,
    goldstein: f64,
) -> EventKey {
    EventKey {
        rank,
        first,
        last,
        date: e.date.clone(),
        doc_seq,
        start: to_i64(e.sentence.start),
        id: e.id.clone(),
        mentions: i64::from(e.mentions),
        goldstein: goldstein.to_bits(),
    }
}

pub fn for_each_event(
    conn: &Connection,
    path: &Path,
    q: &EventQuery,
    mut f: impl FnMut(Event, EventKey) -> ControlFlow<()>,
) -> Result<()> {
    let Some(selects) = selects(q, Dialect::Sqlite, COLUMNS) else {
        return Ok(());
    };
    let tx = crate::read::snapshot(conn, path)?;
    let tx: &Connection = tx.as_deref().unwrap_or(conn);
    let mut left = q.limit;
    for s in selects {
        if left == Some(0) {
            break;
        }
        let sql = format!("{} LIMIT {}", s.sql, sql_limit(left));
        let mut stmt = tx.prepare(&sql).at(path)?;
        let mut rows = stmt.query(params_from_iter(s.args)).at(path)?;
        while let Some(r) = rows.next().at(path)? {
            let e = decode(path, r)?;
            let key = key_of(
                &e,
                r.get(26).at(path)?,
                r.get(27).at(path)?,
                r.get(28).at(path)?,
                r.get(29).at(path)?,
                r.get(13).at(path)?,
            );
            left = left.map(|n| n.saturating_sub(1));
            if f(e, key).is_break() {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// How many ids an ambiguity error lists.
const CANDIDATES: usize = 5;

pub fn event(conn: &Connection, path: &Path, id_or_prefix: &str) -> Result<Option<Event>> {
    let key = id_or_prefix.trim();
    if key.is_empty() {
        return Ok(None);
    }
    let tx = crate::read::snapshot(conn, path)?;
    let tx: &Connection = tx.as_deref().unwrap_or(conn);
    // Ids with this prefix sort together from the prefix on; the unique index finds them.
    let mut stmt = tx
        .prepare_cached("SELECT id FROM events WHERE id >= ?1 ORDER BY id LIMIT ?2")
        .at(path)?;
    let ids = stmt
        .query_map(params![key, to_i64(CANDIDATES + 1)], |r| {
            r.get::<_, String>(0)
        })
        .at(path)?;
    let mut matches = Vec::new();
    for id in ids {
        let id = id.at(path)?;
        if !id.starts_with(key) {
            break;
        }
        matches.push(id);
    }
    let id = match matches.as_slice() {
        [] => return Ok(None),
        [only] => only.clone(),
        [first, ..] if first == key => first.clone(),
        _ => {
            let more = matches.len() > CANDIDATES;
            matches.truncate(CANDIDATES);
            return Err(Error::AmbiguousPrefix {
                path: path.to_path_buf(),
                prefix: key.to_owned(),
                candidates: matches,
                more,
            });
        }
    };
    let mut stmt = tx
        .prepare_cached(&format!("SELECT {COLUMNS} {FROM} WHERE e.id = ?1"))
        .at(path)?;
    let mut rows = stmt.query([&id]).at(path)?;
    rows.next().at(path)?.map(|r| decode(path, r)).transpose()
}

pub fn cluster_info(conn: &Connection, path: &Path, id: &str) -> Result<Option<Cluster>> {
    let row = conn
        .prepare_cached(
            "SELECT id, type, first_date, last_date, mentions, source_names FROM clusters \
             WHERE id = ?1",
        )
        .and_then(|mut s| {
            s.query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .optional()
        })
        .at(path)?;
    let Some((id, event_type, first_date, last_date, mentions, names)) = row else {
        return Ok(None);
    };
    let sources = serde_json::from_str(&names).map_err(|e| Error::Corrupt {
        path: path.to_path_buf(),
        table: "clusters",
        key: id.clone(),
        detail: format!("source_names: {e}"),
    })?;
    Ok(Some(Cluster {
        id,
        event_type,
        first_date,
        last_date,
        mentions: u32::try_from(mentions).unwrap_or(u32::MAX),
        sources,
    }))
}

fn counts(conn: &Connection, path: &Path, column: &str) -> Result<Vec<(String, u64)>> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {column}, count(*) AS n FROM events GROUP BY {column} ORDER BY n DESC, {column}"
        ))
        .at(path)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            ))
        })
        .at(path)?;
    rows.collect::<rusqlite::Result<_>>().at(path)
}

pub fn stats(conn: &Connection, path: &Path) -> Result<EventStats> {
    let tx = crate::read::snapshot(conn, path)?;
    let tx: &Connection = tx.as_deref().unwrap_or(conn);
    let [documents, coded_documents, events, clusters] = tx
        .query_row(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM coded), \
             (SELECT count(*) FROM events), (SELECT count(DISTINCT cluster) FROM events)",
            [],
            |r| {
                Ok([
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ])
            },
        )
        .at(path)?
        .map(|n| u64::try_from(n).unwrap_or(0));
    Ok(EventStats {
        documents,
        coded_documents,
        events,
        clusters,
        by_type: counts(tx, path, "type")?,
        by_status: counts(tx, path, "status")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_bound_is_above_every_longer_code() {
        let b = prefix_bound("KAZ");
        assert!("KAZ" < b.as_str() && "KAZGOVMIL" < b.as_str() && "KAZ~" < b.as_str());
        assert!("KB" > b.as_str());
    }

    #[test]
    fn enums_are_stored_as_their_json_names() {
        assert_eq!(enum_str(&Status::Planned), "planned");
        assert_eq!(enum_str(&DateBasis::Publication), "publication");
    }

    #[test]
    fn a_search_with_nothing_searchable_matches_nothing() {
        let q = EventQuery {
            text: Some("  ** ".into()),
            ..EventQuery::default()
        };
        assert!(conditions(&q, Dialect::Sqlite).is_none());
        let q = EventQuery {
            event_type: Some("consult".into()),
            until: Some("2006-11".into()),
            ..EventQuery::default()
        };
        let (cond, args) = conditions(&q, Dialect::Sqlite).expect("conditions");
        assert_eq!(cond.len(), 2);
        assert_eq!(
            args,
            vec![
                Value::Text("CONSULT".into()),
                Value::Text("2006-11-30".into())
            ]
        );
        let q = EventQuery {
            since: Some("last week".into()),
            ..EventQuery::default()
        };
        assert!(
            conditions(&q, Dialect::Sqlite).is_none(),
            "not a date: matches nothing"
        );
    }
}
