//! Deciding and recording what happens to one incoming document: unchanged, duplicate
//! (exact or near, via the SimHash band index) or stored. Runs inside the batch transaction.

use crate::error::{At, Error, Result};
use crate::{DupKind, Outcome};
use rusqlite::{params, Connection};
use std::path::Path;
use tamga_ingest::dedup::{hamming, NEAR_DUPLICATE_BITS};
use tamga_ingest::{BlockKind, Document, Paragraph, Precision};

/// The 64-bit SimHash is cut into this many 16-bit bands. Two fingerprints within fewer bits
/// than bands share at least one band exactly (pigeonhole), so band lookups find every
/// near-duplicate candidate.
pub const BANDS: u32 = 4;

/// The time a transaction's rows are stamped with (`ingested_at`, `seen_at`, `found_at`,
/// `coded_at`), read from SQLite once per transaction and bound to each row: evaluating
/// `strftime(..., 'now')` in every INSERT cost about 4,000 instructions a row. A batch is
/// one transaction, so its rows share one time, as they share one commit.
pub(crate) fn now(conn: &Connection, path: &Path) -> Result<String> {
    conn.prepare_cached("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .at(path)
}

pub fn band_value(simhash: u64, band: u32) -> i64 {
    i64::from((simhash >> (16 * band)) as u16)
}

/// SQLite integers are signed; the fingerprint is stored as the same 64 bits.
pub fn simhash_to_sql(h: u64) -> i64 {
    h as i64
}

pub fn simhash_from_sql(v: i64) -> u64 {
    v as u64
}

pub fn kind_str(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading => "heading",
        BlockKind::Paragraph => "paragraph",
        BlockKind::ListItem => "listitem",
        BlockKind::Quote => "quote",
        BlockKind::Preformatted => "preformatted",
    }
}

pub fn precision_str(p: Precision) -> &'static str {
    match p {
        Precision::Year => "year",
        Precision::Month => "month",
        Precision::Day => "day",
    }
}

fn invalid(path: &Path, doc: &Document, detail: String) -> Error {
    Error::InvalidDocument {
        path: path.to_path_buf(),
        id: doc.id.clone(),
        uri: doc.uri.clone(),
        detail,
    }
}

pub(crate) fn validate(path: &Path, doc: &Document) -> Result<()> {
    if doc.id.is_empty() {
        return Err(invalid(path, doc, "empty id".into()));
    }
    for (i, p) in doc.paragraphs.iter().enumerate() {
        let ok = p.start <= p.end
            && p.end <= doc.text.len()
            && doc.text.is_char_boundary(p.start)
            && doc.text.is_char_boundary(p.end);
        if !ok {
            return Err(invalid(
                path,
                doc,
                format!(
                    "paragraph {i} spans {}..{}, not within the {}-byte text",
                    p.start,
                    p.end,
                    doc.text.len()
                ),
            ));
        }
    }
    Ok(())
}

/// `stored` gets the new row's `seq` when the document is stored; `now` ([`now`]) stamps the
/// rows written.
pub fn write_one(
    conn: &Connection,
    path: &Path,
    doc: &Document,
    now: &str,
    stored: &mut Vec<i64>,
) -> Result<Outcome> {
    validate(path, doc)?;
    // What the store has seen of this document, in one statement rather than three (most
    // documents of a run are new, so all three were asked anyway): the same input, the
    // stored document with this text id (its uri), the same text from this uri recorded as
    // a duplicate.
    let (seen_input, stored_uri, seen_duplicate): (bool, Option<String>, bool) = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM inputs WHERE uri = ?1 AND raw_hash = ?2), \
             (SELECT uri FROM documents WHERE id = ?3), \
             EXISTS (SELECT 1 FROM duplicates WHERE uri = ?1 AND doc_id = ?3)",
        )
        .and_then(|mut s| {
            s.query_row(params![doc.uri, doc.raw_hash, doc.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
        })
        .at(path)?;
    if seen_input || stored_uri.as_deref() == Some(doc.uri.as_str()) || seen_duplicate {
        return Ok(Outcome::Unchanged);
    }
    if stored_uri.is_some() {
        let id = doc.id.clone();
        return record_duplicate(conn, path, doc, now, id, DupKind::Exact, 0);
    }
    if let Some((kept, distance)) = nearest(conn, path, doc.simhash)? {
        return record_duplicate(conn, path, doc, now, kept, DupKind::Near, distance);
    }
    stored.push(insert_document(conn, path, doc, now)?);
    Ok(Outcome::Stored)
}

/// The closest stored document within the near-duplicate threshold: smallest distance, then
/// earliest stored, so the choice does not depend on index order.
fn nearest(conn: &Connection, path: &Path, simhash: u64) -> Result<Option<(String, u32)>> {
    let mut best: Option<(u32, i64, String)> = None;
    let mut consider = |seq: i64, id: String, other: i64| {
        let d = hamming(simhash, simhash_from_sql(other));
        let better = match &best {
            None => true,
            Some((bd, bseq, _)) => (d, seq) < (*bd, *bseq),
        };
        if d <= NEAR_DUPLICATE_BITS && better {
            best = Some((d, seq, id));
        }
    };
    let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, String, i64)> {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    };
    if NEAR_DUPLICATE_BITS < BANDS {
        let mut stmt = conn
            .prepare_cached(
                "SELECT d.seq, d.id, d.simhash FROM simhash_bands b \
                 JOIN documents d ON d.id = b.doc_id WHERE b.band = ?1 AND b.value = ?2",
            )
            .at(path)?;
        for band in 0..BANDS {
            let rows = stmt
                .query_map(params![band, band_value(simhash, band)], row)
                .at(path)?;
            for r in rows {
                let (seq, id, other) = r.at(path)?;
                consider(seq, id, other);
            }
        }
    } else {
        // A threshold this wide escapes the band guarantee; compare against everything.
        let mut stmt = conn
            .prepare_cached("SELECT seq, id, simhash FROM documents")
            .at(path)?;
        for r in stmt.query_map([], row).at(path)? {
            let (seq, id, other) = r.at(path)?;
            consider(seq, id, other);
        }
    }
    Ok(best.map(|(d, _, id)| (id, d)))
}

fn record_input(
    conn: &Connection,
    path: &Path,
    doc: &Document,
    now: &str,
    kept: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO inputs (uri, raw_hash, doc_id, kept_id, seen_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .and_then(|mut s| s.execute(params![doc.uri, doc.raw_hash, doc.id, kept, now]))
    .at(path)?;
    Ok(())
}

fn record_duplicate(
    conn: &Connection,
    path: &Path,
    doc: &Document,
    now: &str,
    kept: String,
    kind: DupKind,
    distance: u32,
) -> Result<Outcome> {
    conn.prepare_cached(
        "INSERT INTO duplicates (uri, name, doc_id, raw_hash, kept_id, kind, distance, found_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut s| {
        s.execute(params![
            doc.uri,
            doc.name,
            doc.id,
            doc.raw_hash,
            kept,
            kind.as_str(),
            distance,
            now
        ])
    })
    .at(path)?;
    record_input(conn, path, doc, now, &kept)?;
    Ok(Outcome::Duplicate {
        of: kept,
        kind,
        distance,
    })
}

/// Adds the documents with these rowids (`seq`, ascending) to `documents_fts`, in one
/// statement at the end of the batch. Not a trigger per row: FTS5 flushes its pending
/// postings into a new segment at every statement savepoint, and a segment per document
/// cost more in flushing and merging than the inserts themselves.
///
/// FTS5 also flushes whenever its pending postings pass its `hashsize` (1 MB by default):
/// a batch of 1,000 documents made several small segments, which FTS5 then merged again
/// (a third of the cost of indexing them). The statement runs with 8 MB instead, set inside
/// the batch's transaction and set back before it commits, so no other write sees it (the
/// table's configuration keeps a `hashsize` row holding the default). The segments differ
/// from a 1 MB budget's; what every query finds does not.
pub fn index_documents(conn: &Connection, path: &Path, seqs: &[i64]) -> Result<()> {
    if seqs.is_empty() {
        return Ok(());
    }
    let hash_size = |bytes: i64| {
        conn.prepare_cached(
            "INSERT INTO documents_fts (documents_fts, rank) VALUES ('hashsize', ?1)",
        )
        .and_then(|mut s| s.execute([bytes]))
        .at(path)
    };
    hash_size(BULK_HASH_BYTES)?;
    fts_add(
        conn,
        path,
        "INSERT INTO documents_fts (rowid, title, text) SELECT d.seq, d.title, d.text \
         FROM json_each(?1) j CROSS JOIN documents d ON d.seq = j.value",
        seqs,
    )?;
    hash_size(DEFAULT_HASH_BYTES)?;
    Ok(())
}

/// FTS5's pending-postings budget while [`index_documents`] runs; it bounds the memory the
/// statement may hold.
const BULK_HASH_BYTES: i64 = 8 << 20;

/// FTS5's own `hashsize` default, put back once the batch is indexed.
const DEFAULT_HASH_BYTES: i64 = 1 << 20;

/// Runs one full-text `INSERT ... SELECT` over the rowids `seqs` (ascending), passed as a
/// JSON list: the CROSS JOIN makes the list the outer loop, so rows come in rowid order
/// (FTS5 flushes whenever a rowid is lower than the last one written), each found by its
/// rowid. Shared by documents, events and quotes.
pub(crate) fn fts_add(conn: &Connection, path: &Path, sql: &str, seqs: &[i64]) -> Result<()> {
    if seqs.is_empty() {
        return Ok(());
    }
    conn.prepare_cached(sql)
        .and_then(|mut s| s.execute([crate::events::json(&seqs)]))
        .at(path)?;
    Ok(())
}

/// A document's paragraphs as `document_paragraphs.spans` holds them: a JSON array of
/// `[start_byte, end_byte, kind]`, written as SQLite's `json_array` writes it (migration 10
/// made the old rows so), with no space.
pub(crate) fn spans_json(paragraphs: &[Paragraph]) -> String {
    let mut out = Vec::with_capacity(2 + paragraphs.len() * 28);
    out.push(b'[');
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        push_number(&mut out, p.start);
        out.push(b',');
        push_number(&mut out, p.end);
        out.extend_from_slice(b",\"");
        out.extend_from_slice(kind_str(p.kind).as_bytes());
        out.extend_from_slice(b"\"]");
    }
    out.push(b']');
    // Only ASCII was written, so this never falls back.
    String::from_utf8(out).unwrap_or_default()
}

/// `n` in decimal. Not `write!`: its formatting machinery cost 3 % of the writer.
fn push_number(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        // A single decimal digit: the cast cannot truncate.
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Returns the new row's `seq`.
fn insert_document(conn: &Connection, path: &Path, doc: &Document, now: &str) -> Result<i64> {
    let authors = serde_json::to_string(&doc.authors)
        .map_err(|e| invalid(path, doc, format!("authors: {e}")))?;
    conn.prepare_cached(
        "INSERT INTO documents (id, uri, name, source, title, authors, published, \
         date_precision, date_source, lang, text, raw_hash, simhash, format, ingested_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )
    .and_then(|mut s| {
        s.execute(params![
            doc.id,
            doc.uri,
            doc.name,
            doc.source,
            doc.title,
            authors,
            doc.published.map(|d| d.to_string()),
            doc.published.map(|d| precision_str(d.precision())),
            doc.date_source.map(|s| s.as_str()),
            doc.lang,
            doc.text,
            doc.raw_hash,
            simhash_to_sql(doc.simhash),
            doc.format.as_str(),
            now,
        ])
    })
    .at(path)?;
    let seq = conn.last_insert_rowid();
    if !doc.paragraphs.is_empty() {
        conn.prepare_cached("INSERT INTO document_paragraphs (doc_seq, spans) VALUES (?1, ?2)")
            .and_then(|mut s| s.execute(params![seq, spans_json(&doc.paragraphs)]))
            .at(path)?;
    }
    let mut band = conn
        .prepare_cached("INSERT INTO simhash_bands (band, value, doc_id) VALUES (?1, ?2, ?3)")
        .at(path)?;
    for b in 0..BANDS {
        band.execute(params![b, band_value(doc.simhash, b), doc.id])
            .at(path)?;
    }
    record_input(conn, path, doc, now, &doc.id)?;
    Ok(seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simhash_survives_the_signed_column() {
        for h in [0, 1, u64::MAX, 1 << 63, 0xdead_beef_0bad_f00d] {
            assert_eq!(simhash_from_sql(simhash_to_sql(h)), h);
        }
    }

    #[test]
    fn bands_cover_all_64_bits() {
        let h = 0x1234_5678_9abc_def0u64;
        let parts: Vec<i64> = (0..BANDS).map(|b| band_value(h, b)).collect();
        assert_eq!(parts, [0xdef0, 0x9abc, 0x5678, 0x1234]);
    }
}
