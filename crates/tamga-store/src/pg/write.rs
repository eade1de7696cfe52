//! Writing to PostgreSQL: batches of documents (the SQLite backend's dedup rules, decided in
//! one order under an advisory lock), coded documents (events, quotes and sentence-level rows
//! by binary COPY into staging tables, then moved with `ON CONFLICT` upserts), and clusters.

use super::{lock, PgStore, LOCK_CLUSTERS, LOCK_DOCUMENTS};
use crate::error::{At, Error, Result};
use crate::events::{check_event, enum_str, invalid, json, plan, to_i64, ClusterRow, CLUSTER_ROW};
use crate::write::{band_value, kind_str, precision_str, simhash_from_sql, simhash_to_sql, BANDS};
use crate::{ClusterSummary, CodedDocument, DupKind, Outcome};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::Transaction;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use tamga_events::cluster::DateSpan;
use tamga_ingest::dedup::{hamming, NEAR_DUPLICATE_BITS};
use tamga_ingest::Document;

type Tx<'a, 'b> = &'a mut Transaction<'b>;

fn invalid_doc(path: &Path, doc: &Document, detail: String) -> Error {
    Error::InvalidDocument {
        path: path.to_path_buf(),
        id: doc.id.clone(),
        uri: doc.uri.clone(),
        detail,
    }
}

fn offset(path: &Path, doc: &Document, n: usize) -> Result<i64> {
    i64::try_from(n).map_err(|_| invalid_doc(path, doc, format!("offset {n} out of range")))
}

impl PgStore {
    pub(crate) fn write_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>> {
        for doc in docs {
            crate::write::validate(&self.path, doc)?;
        }
        self.write(|tx, path| {
            lock(tx, path, LOCK_DOCUMENTS, false)?;
            let mut batch = Batch::default();
            let mut outcomes = Vec::with_capacity(docs.len());
            for doc in docs {
                outcomes.push(write_one(tx, path, doc, &mut batch)?);
            }
            batch.flush(tx, path)?;
            Ok(outcomes)
        })
    }

    pub(crate) fn write_coded(&mut self, docs: &[CodedDocument<'_>]) -> Result<()> {
        for doc in docs {
            for e in doc.events {
                check_event(&self.path, doc, e)?;
            }
        }
        if docs.is_empty() {
            return Ok(());
        }
        self.write(|tx, path| write_coded(tx, path, docs))
    }

    pub(crate) fn recluster(
        &mut self,
        window_days: i64,
        stale_only: bool,
    ) -> Result<ClusterSummary> {
        self.write(|tx, path| {
            lock(tx, path, LOCK_CLUSTERS, false)?;
            let mut rows = Vec::new();
            if stale_only {
                let buckets: Vec<String> = tx
                    .query(
                        "SELECT DISTINCT e.bucket FROM events e WHERE NOT EXISTS \
                         (SELECT 1 FROM clusters c WHERE c.id = e.cluster)",
                        &[],
                    )
                    .at(path)?
                    .iter()
                    .map(|r| r.get(0))
                    .collect();
                if buckets.is_empty() {
                    return Ok(ClusterSummary::default());
                }
                tx.execute(
                    "DELETE FROM clusters WHERE id IN \
                     (SELECT cluster FROM events WHERE bucket = ANY($1))",
                    &[&buckets],
                )
                .at(path)?;
                cluster_rows(tx, path, "WHERE e.bucket = ANY($1)", &[&buckets], &mut rows)?;
            } else {
                tx.execute("DELETE FROM clusters", &[]).at(path)?;
                cluster_rows(tx, path, "", &[], &mut rows)?;
            }
            // The same order as SQLite's rowid scan: clustering breaks ties by position.
            let plan = plan(&rows, window_days);
            let summary = plan.summary(rows.len());
            let sink = tx
                .copy_in("COPY moves_in (id, cluster) FROM STDIN BINARY")
                .at(path)?;
            let mut w = BinaryCopyInWriter::new(sink, &[Type::TEXT, Type::TEXT]);
            for &(i, head) in &plan.moves {
                w.write(&[&rows[i].id.as_str(), &head]).at(path)?;
            }
            w.finish().at(path)?;
            tx.execute(
                "UPDATE events e SET cluster = m.cluster FROM moves_in m WHERE e.id = m.id",
                &[],
            )
            .at(path)?;
            let sink = tx
                .copy_in(
                    "COPY clusters_in (id, type, first_date, last_date, mentions, sources, \
                     source_names) FROM STDIN BINARY",
                )
                .at(path)?;
            let mut w = BinaryCopyInWriter::new(
                sink,
                &[
                    Type::TEXT,
                    Type::TEXT,
                    Type::TEXT,
                    Type::TEXT,
                    Type::INT8,
                    Type::INT8,
                    Type::TEXT,
                ],
            );
            for c in &plan.clusters {
                let mentions = i64::from(c.mentions);
                let sources = to_i64(c.sources.len());
                let names = json(&c.sources);
                w.write(&[
                    &c.id,
                    &c.event_type,
                    &c.first_date,
                    &c.last_date,
                    &mentions,
                    &sources,
                    &names,
                ])
                .at(path)?;
            }
            w.finish().at(path)?;
            tx.execute(
                "INSERT INTO clusters (id, type, first_date, last_date, mentions, sources, \
                 source_names) SELECT id, type, first_date, last_date, mentions, sources, \
                 source_names::jsonb FROM clusters_in",
                &[],
            )
            .at(path)?;
            Ok(summary)
        })
    }
}

fn cluster_rows(
    tx: Tx<'_, '_>,
    path: &Path,
    filter: &str,
    params: &[&(dyn ToSql + Sync)],
    rows: &mut Vec<ClusterRow>,
) -> Result<()> {
    // Events in insertion order, as SQLite's scan returns them.
    let sql = format!("{CLUSTER_ROW} {filter} ORDER BY e.seq");
    for r in tx.query(&sql, params).at(path)? {
        rows.push(ClusterRow {
            seq: r.try_get(9).at(path)?,
            id: r.try_get(0).at(path)?,
            doc: r.try_get(1).at(path)?,
            event_type: r.try_get(2).at(path)?,
            source: r.try_get(3).at(path)?,
            target: r.try_get(4).at(path)?,
            date: r.try_get(5).at(path)?,
            cluster: r.try_get(6).at(path)?,
            doc_source: crate::events::source_name(r.try_get(7).at(path)?, r.try_get(8).at(path)?),
        });
    }
    Ok(())
}

/// What a batch has stored so far but not yet copied: paragraphs and SimHash bands go in by
/// COPY at the end, so near-duplicate lookups also consult the batch's own new documents.
#[derive(Default)]
struct Batch {
    /// `(seq, id, simhash)` of documents stored by this batch.
    stored: Vec<(i64, String, u64)>,
    paragraphs: Vec<(String, i32, i64, i64, &'static str)>,
    bands: Vec<(i32, i32, String)>,
}

impl Batch {
    fn flush(self, tx: Tx<'_, '_>, path: &Path) -> Result<()> {
        if !self.paragraphs.is_empty() {
            let sink = tx
                .copy_in(
                    "COPY paragraphs (doc_id, idx, start_byte, end_byte, kind) FROM STDIN BINARY",
                )
                .at(path)?;
            let mut w = BinaryCopyInWriter::new(
                sink,
                &[Type::TEXT, Type::INT4, Type::INT8, Type::INT8, Type::TEXT],
            );
            for (doc, idx, start, end, kind) in &self.paragraphs {
                w.write(&[doc, idx, start, end, kind]).at(path)?;
            }
            w.finish().at(path)?;
        }
        if !self.bands.is_empty() {
            let sink = tx
                .copy_in("COPY simhash_bands (band, value, doc_id) FROM STDIN BINARY")
                .at(path)?;
            let mut w = BinaryCopyInWriter::new(sink, &[Type::INT4, Type::INT4, Type::TEXT]);
            for (band, value, doc) in &self.bands {
                w.write(&[band, value, doc]).at(path)?;
            }
            w.finish().at(path)?;
        }
        Ok(())
    }
}

fn write_one(tx: Tx<'_, '_>, path: &Path, doc: &Document, batch: &mut Batch) -> Result<Outcome> {
    let row = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM inputs WHERE uri = $1 AND raw_hash = $2), \
             (SELECT uri FROM documents WHERE id = $3), \
             EXISTS (SELECT 1 FROM duplicates WHERE uri = $1 AND doc_id = $3)",
            &[&doc.uri, &doc.raw_hash, &doc.id],
        )
        .at(path)?;
    let seen_input: bool = row.try_get(0).at(path)?;
    let stored_uri: Option<String> = row.try_get(1).at(path)?;
    let seen_duplicate: bool = row.try_get(2).at(path)?;
    if seen_input || stored_uri.as_deref() == Some(doc.uri.as_str()) || seen_duplicate {
        return Ok(Outcome::Unchanged);
    }
    if stored_uri.is_some() {
        let id = doc.id.clone();
        return record_duplicate(tx, path, doc, id, DupKind::Exact, 0);
    }
    if let Some((kept, distance)) = nearest(tx, path, doc.simhash, batch)? {
        return record_duplicate(tx, path, doc, kept, DupKind::Near, distance);
    }
    let authors = serde_json::to_string(&doc.authors)
        .map_err(|e| invalid_doc(path, doc, format!("authors: {e}")))?;
    let published = doc.published.map(|d| d.to_string());
    let precision = doc.published.map(|d| precision_str(d.precision()));
    let date_source = doc.date_source.map(|s| s.as_str());
    let simhash = simhash_to_sql(doc.simhash);
    let seq: i64 = tx
        .query_one(
            "INSERT INTO documents (id, uri, name, source, title, authors, published, \
             date_precision, date_source, lang, text, raw_hash, simhash, format) \
             VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10, $11, $12, $13, $14) \
             RETURNING seq",
            &[
                &doc.id,
                &doc.uri,
                &doc.name,
                &doc.source,
                &doc.title,
                &authors,
                &published,
                &precision,
                &date_source,
                &doc.lang,
                &doc.text,
                &doc.raw_hash,
                &simhash,
                &doc.format.as_str(),
            ],
        )
        .at(path)?
        .try_get(0)
        .at(path)?;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        let idx =
            i32::try_from(i).map_err(|_| invalid_doc(path, doc, "too many paragraphs".into()))?;
        batch.paragraphs.push((
            doc.id.clone(),
            idx,
            offset(path, doc, p.start)?,
            offset(path, doc, p.end)?,
            kind_str(p.kind),
        ));
    }
    for b in 0..BANDS {
        // Bands are 16-bit values and there are four: both fit an i32.
        batch
            .bands
            .push((b as i32, band_value(doc.simhash, b) as i32, doc.id.clone()));
    }
    batch.stored.push((seq, doc.id.clone(), doc.simhash));
    record_input(tx, path, doc, &doc.id)?;
    Ok(Outcome::Stored)
}

/// The closest stored document within the threshold (smallest distance, then earliest), among
/// the committed ones sharing a band and the batch's own.
fn nearest(
    tx: Tx<'_, '_>,
    path: &Path,
    simhash: u64,
    batch: &Batch,
) -> Result<Option<(String, u32)>> {
    let mut best: Option<(u32, i64, String)> = None;
    let mut consider = |seq: i64, id: &str, other: u64| {
        let d = hamming(simhash, other);
        let better = match &best {
            None => true,
            Some((bd, bseq, _)) => (d, seq) < (*bd, *bseq),
        };
        if d <= NEAR_DUPLICATE_BITS && better {
            best = Some((d, seq, id.to_owned()));
        }
    };
    let rows = if NEAR_DUPLICATE_BITS < BANDS {
        let v: Vec<i32> = (0..BANDS).map(|b| band_value(simhash, b) as i32).collect();
        tx.query(
            "SELECT d.seq, d.id, d.simhash FROM simhash_bands b JOIN documents d \
             ON d.id = b.doc_id WHERE (b.band = 0 AND b.value = $1) \
             OR (b.band = 1 AND b.value = $2) OR (b.band = 2 AND b.value = $3) \
             OR (b.band = 3 AND b.value = $4)",
            &[&v[0], &v[1], &v[2], &v[3]],
        )
        .at(path)?
    } else {
        // A threshold this wide escapes the band guarantee; compare against everything.
        tx.query("SELECT seq, id, simhash FROM documents", &[])
            .at(path)?
    };
    for r in rows {
        let seq: i64 = r.try_get(0).at(path)?;
        let id: String = r.try_get(1).at(path)?;
        let other: i64 = r.try_get(2).at(path)?;
        consider(seq, &id, simhash_from_sql(other));
    }
    for (seq, id, other) in &batch.stored {
        consider(*seq, id, *other);
    }
    Ok(best.map(|(d, _, id)| (id, d)))
}

fn record_input(tx: Tx<'_, '_>, path: &Path, doc: &Document, kept: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO inputs (uri, raw_hash, doc_id, kept_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (uri, raw_hash) DO NOTHING",
        &[&doc.uri, &doc.raw_hash, &doc.id, &kept],
    )
    .at(path)?;
    Ok(())
}

fn record_duplicate(
    tx: Tx<'_, '_>,
    path: &Path,
    doc: &Document,
    kept: String,
    kind: DupKind,
    distance: u32,
) -> Result<Outcome> {
    let d = i32::try_from(distance).unwrap_or(i32::MAX);
    tx.execute(
        "INSERT INTO duplicates (uri, name, doc_id, raw_hash, kept_id, kind, distance) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (uri, doc_id) DO NOTHING",
        &[
            &doc.uri,
            &doc.name,
            &doc.id,
            &doc.raw_hash,
            &kept,
            &kind.as_str(),
            &d,
        ],
    )
    .at(path)?;
    record_input(tx, path, doc, &kept)?;
    Ok(Outcome::Duplicate {
        of: kept,
        kind,
        distance,
    })
}

const EVENT_COLUMNS: &str = "id, doc_id, doc_uri, sentence_index, sentence_start, \
    sentence_end, sentence_text, type, mode, context, cameo, cameo_root, quad_class, \
    goldstein, source_code, source, target_code, target, date, date_precision, date_basis, \
    location, status, quantities, quote, explanation, date_first, date_last, bucket";

fn write_coded(tx: Tx<'_, '_>, path: &Path, docs: &[CodedDocument<'_>]) -> Result<()> {
    // Writers run side by side; reclustering waits for them and they for it.
    lock(tx, path, LOCK_CLUSTERS, true)?;
    // Lock the documents' rows in one order: two processes coding the same documents take
    // turns per document instead of interleaving deletes and inserts (or deadlocking).
    let mut ids: Vec<&str> = docs.iter().map(|d| d.doc_id).collect();
    ids.sort_unstable();
    ids.dedup();
    tx.query(
        "SELECT id FROM documents WHERE id = ANY($1) ORDER BY id FOR UPDATE",
        &[&ids],
    )
    .at(path)?;
    // Dropping the rows of the clusters the old events were in marks them stale.
    tx.execute(
        "DELETE FROM clusters WHERE id IN (SELECT cluster FROM events WHERE doc_id = ANY($1))",
        &[&ids],
    )
    .at(path)?;
    tx.execute("DELETE FROM events WHERE doc_id = ANY($1)", &[&ids])
        .at(path)?;
    tx.execute("DELETE FROM quotes WHERE doc_id = ANY($1)", &[&ids])
        .at(path)?;

    let sink = tx
        .copy_in(&format!(
            "COPY events_in (ord, {EVENT_COLUMNS}) FROM STDIN BINARY"
        ))
        .at(path)?;
    let mut types = vec![Type::INT8];
    types.extend([
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::FLOAT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
    ]);
    let mut w = BinaryCopyInWriter::new(sink, &types);
    let mut ord: i64 = 0;
    // Distinct event ids per document: a repeated id keeps its first event.
    let mut counts: HashMap<&str, HashSet<&str>> = HashMap::new();
    for doc in docs {
        let seen = counts.entry(doc.doc_id).or_default();
        for e in doc.events {
            seen.insert(e.id.as_str());
            let s = &e.sentence;
            let span = e.date.as_deref().and_then(DateSpan::parse).map(|s| s.iso());
            let bucket = crate::events::bucket_of(doc.doc_id, e);
            ord += 1;
            let vals: [&(dyn ToSql + Sync); 30] = [
                &ord,
                &e.id,
                &doc.doc_id,
                &e.doc_uri,
                &to_i64(s.index),
                &to_i64(s.start),
                &to_i64(s.end),
                &s.text,
                &e.event_type,
                &e.mode,
                &json(&e.context),
                &e.cameo,
                &e.cameo_root,
                &i64::from(e.quad_class),
                &f64::from(e.goldstein),
                &e.source.code,
                &json(&e.source),
                &e.target.as_ref().map(|t| t.code.as_str()),
                &e.target.as_ref().map(json),
                &e.date,
                &e.date_precision,
                &enum_str(&e.date_basis),
                &e.location.as_ref().map(json),
                &enum_str(&e.status),
                &json(&e.quantities),
                &e.quote.as_ref().map(json),
                &json(&e.explanation),
                &span.as_ref().map(|s| s.0.as_str()),
                &span.as_ref().map(|s| s.1.as_str()),
                &bucket,
            ];
            w.write(&vals).at(path)?;
        }
    }
    w.finish().at(path)?;

    // An id another document's event already has (stored, or earlier in this batch).
    let clash = tx
        .query_opt(
            "SELECT i.id, i.doc_id, o.doc_id FROM events_in i JOIN ( \
               SELECT id, doc_id FROM events \
               UNION ALL SELECT id, doc_id FROM events_in) o \
             ON o.id = i.id AND o.doc_id <> i.doc_id \
             ORDER BY i.ord DESC LIMIT 1",
            &[],
        )
        .at(path)?;
    if let Some(r) = clash {
        let (id, doc, other): (String, String, String) = (
            r.try_get(0).at(path)?,
            r.try_get(1).at(path)?,
            r.try_get(2).at(path)?,
        );
        return Err(invalid(
            path,
            &id,
            &doc,
            format!("id already used by an event of document {other}"),
        ));
    }
    tx.execute(
        &format!(
            "INSERT INTO events ({EVENT_COLUMNS}, cluster, date_rank, doc_seq) \
             SELECT DISTINCT ON (ord_id) id, doc_id, doc_uri, sentence_index, sentence_start, \
             sentence_end, sentence_text, type, mode, context::jsonb, cameo, cameo_root, \
             quad_class, goldstein, source_code, source::jsonb, target_code, target::jsonb, \
             date, date_precision, date_basis, location::jsonb, status, quantities::jsonb, \
             quote::jsonb, explanation::jsonb, date_first, date_last, bucket, id, \
             CASE WHEN date_first IS NOT NULL THEN 0 WHEN date IS NOT NULL THEN 1 ELSE 2 END, \
             (SELECT d.seq FROM documents d WHERE d.id = s.doc_id) \
             FROM (SELECT *, id AS ord_id FROM events_in ORDER BY id, ord) s \
             ORDER BY ord_id, ord \
             ON CONFLICT (id) DO NOTHING"
        ),
        &[],
    )
    .at(path)?;

    write_quotes(tx, path, docs)?;

    let mut coder = Vec::with_capacity(docs.len());
    let mut sentences = Vec::with_capacity(docs.len());
    let mut events = Vec::with_capacity(docs.len());
    let mut discarded = Vec::with_capacity(docs.len());
    let mut doc_ids = Vec::with_capacity(docs.len());
    for doc in docs {
        doc_ids.push(doc.doc_id);
        coder.push(doc.coder);
        sentences.push(to_i64(doc.sentences));
        events.push(to_i64(counts.get(doc.doc_id).map_or(0, HashSet::len)));
        discarded.push(doc.discarded);
    }
    // A document twice in one batch: its last record wins, as with SQLite's REPLACE.
    tx.execute(
        "INSERT INTO coded (doc_id, coder, sentences, events, discarded) \
         SELECT DISTINCT ON (doc_id) doc_id, coder, sentences, events, discarded FROM \
         unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::boolean[]) \
         WITH ORDINALITY AS c (doc_id, coder, sentences, events, discarded, n) \
         ORDER BY doc_id, n DESC \
         ON CONFLICT (doc_id) DO UPDATE SET coder = excluded.coder, coded_at = now(), \
         sentences = excluded.sentences, events = excluded.events, \
         discarded = excluded.discarded",
        &[&doc_ids, &coder, &sentences, &events, &discarded],
    )
    .at(path)?;
    Ok(())
}

/// The quotes of the coded documents (those the coder handed over, or else those found in
/// their stored text; see `crate::query::write_quotes`), copied in.
fn write_quotes(tx: Tx<'_, '_>, path: &Path, docs: &[CodedDocument<'_>]) -> Result<()> {
    // Only the documents without quotes handed over need their text. (A document not
    // stored fails the transaction: its `coded` row has no document.)
    let unfound: Vec<&str> = docs
        .iter()
        .filter(|d| d.quotes.is_none())
        .map(|d| d.doc_id)
        .collect();
    let texts: HashMap<String, String> = if unfound.is_empty() {
        HashMap::new()
    } else {
        tx.query(
            "SELECT id, text FROM documents WHERE id = ANY($1)",
            &[&unfound],
        )
        .at(path)?
        .into_iter()
        .map(|r| Ok((r.try_get(0).at(path)?, r.try_get(1).at(path)?)))
        .collect::<Result<_>>()?
    };
    let sink = tx
        .copy_in(
            "COPY quotes_in (doc_id, start_byte, end_byte, text, speaker, speaker_start, \
             speaker_end, speaker_code, indirect, cue) FROM STDIN BINARY",
        )
        .at(path)?;
    let mut w = BinaryCopyInWriter::new(
        sink,
        &[
            Type::TEXT,
            Type::INT8,
            Type::INT8,
            Type::TEXT,
            Type::TEXT,
            Type::INT8,
            Type::INT8,
            Type::TEXT,
            Type::BOOL,
            Type::TEXT,
        ],
    );
    for doc in docs {
        let found;
        let quotes = match doc.quotes {
            Some(quotes) => quotes,
            None => {
                let Some(text) = texts.get(doc.doc_id) else {
                    continue;
                };
                found = crate::query::find_quotes(text);
                &found[..]
            }
        };
        for q in crate::query::quote_rows(quotes, doc.events) {
            w.write(&[
                &doc.doc_id,
                &q.start,
                &q.end,
                &q.text,
                &q.speaker,
                &q.speaker_start,
                &q.speaker_end,
                &q.speaker_code,
                &q.indirect,
                &q.cue,
            ])
            .at(path)?;
        }
    }
    w.finish().at(path)?;
    tx.execute(
        "INSERT INTO quotes (doc_id, start_byte, end_byte, text, speaker, speaker_start, \
         speaker_end, speaker_code, indirect, cue) \
         SELECT doc_id, start_byte, end_byte, text, speaker, speaker_start, speaker_end, \
         speaker_code, indirect, cue FROM quotes_in \
         ON CONFLICT (doc_id, start_byte, end_byte) DO NOTHING",
        &[],
    )
    .at(path)?;
    Ok(())
}
