//! Reading documents back: listing in ingest order, full-text search, lookup by id or
//! unique prefix, duplicates and counts. Each call reads one consistent snapshot.

use crate::error::{At, Error, Result};
use crate::write::{kind_str, simhash_from_sql};
use crate::{fts, DocQuery, DupKind, Duplicate, Stats};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use std::ops::ControlFlow;
use std::path::Path;
use tamga_ingest::{BlockKind, DateSource, Document, Format, Paragraph, PartialDate};

const COLUMNS: &str = "d.id, d.uri, d.name, d.source, d.title, d.authors, d.published, \
    d.date_source, d.lang, d.text, d.raw_hash, d.simhash, d.format";

/// A documents row before decoding, so decoding errors can name the row.
pub(crate) struct RawDoc {
    pub(crate) id: String,
    pub(crate) uri: String,
    pub(crate) name: String,
    pub(crate) source: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) authors: String,
    pub(crate) published: Option<String>,
    pub(crate) date_source: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) text: String,
    pub(crate) raw_hash: String,
    pub(crate) simhash: i64,
    pub(crate) format: String,
}

impl RawDoc {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            uri: r.get(1)?,
            name: r.get(2)?,
            source: r.get(3)?,
            title: r.get(4)?,
            authors: r.get(5)?,
            published: r.get(6)?,
            date_source: r.get(7)?,
            lang: r.get(8)?,
            text: r.get(9)?,
            raw_hash: r.get(10)?,
            simhash: r.get(11)?,
            format: r.get(12)?,
        })
    }
}

pub(crate) fn corrupt(
    path: &Path,
    table: &'static str,
    key: &str,
    detail: impl Into<String>,
) -> Error {
    Error::Corrupt {
        path: path.to_path_buf(),
        table,
        key: key.to_owned(),
        detail: detail.into(),
    }
}

fn parse_format(s: &str) -> Option<Format> {
    [
        Format::Text,
        Format::Html,
        Format::Warc,
        Format::Feed,
        Format::Jsonl,
    ]
    .into_iter()
    .find(|f| f.as_str() == s)
}

fn parse_kind(s: &str) -> Option<BlockKind> {
    [
        BlockKind::Heading,
        BlockKind::Paragraph,
        BlockKind::ListItem,
        BlockKind::Quote,
        BlockKind::Preformatted,
    ]
    .into_iter()
    .find(|k| kind_str(*k) == s)
}

fn paragraphs(conn: &Connection, path: &Path, doc: &str, text: &str) -> Result<Vec<Paragraph>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT start_byte, end_byte, kind FROM paragraphs WHERE doc_id = ?1 ORDER BY idx",
        )
        .at(path)?;
    let rows = stmt
        .query_map([doc], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .at(path)?;
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>().at(path)?;
    check_paragraphs(path, doc, text, rows)
}

/// Paragraph rows `(start_byte, end_byte, kind)` in order, checked against the text.
pub(crate) fn check_paragraphs(
    path: &Path,
    doc: &str,
    text: &str,
    rows: Vec<(i64, i64, String)>,
) -> Result<Vec<Paragraph>> {
    let mut out = Vec::with_capacity(rows.len());
    for (start, end, kind) in rows {
        let bad = |what: &str| corrupt(path, "paragraphs", doc, what);
        let start = usize::try_from(start).map_err(|_| bad("negative offset"))?;
        let end = usize::try_from(end).map_err(|_| bad("negative offset"))?;
        if start > end || text.get(start..end).is_none() {
            return Err(bad("offsets outside the text"));
        }
        let kind = parse_kind(&kind).ok_or_else(|| bad("unknown paragraph kind"))?;
        out.push(Paragraph { start, end, kind });
    }
    Ok(out)
}

fn decode(conn: &Connection, path: &Path, raw: RawDoc) -> Result<Document> {
    let paragraphs = paragraphs(conn, path, &raw.id, &raw.text)?;
    assemble(path, raw, paragraphs)
}

/// A document from its row and its checked paragraphs.
pub(crate) fn assemble(path: &Path, raw: RawDoc, paragraphs: Vec<Paragraph>) -> Result<Document> {
    let bad = |detail: String| corrupt(path, "documents", &raw.id, detail);
    let authors: Vec<String> =
        serde_json::from_str(&raw.authors).map_err(|e| bad(format!("authors: {e}")))?;
    let published = raw
        .published
        .as_deref()
        .map(|s| PartialDate::parse_iso(s).ok_or_else(|| bad(format!("published: {s:?}"))))
        .transpose()?;
    let date_source = raw
        .date_source
        .as_deref()
        .map(|s| DateSource::parse(s).ok_or_else(|| bad(format!("date_source: {s:?}"))))
        .transpose()?;
    let format =
        parse_format(&raw.format).ok_or_else(|| bad(format!("format: {:?}", raw.format)))?;
    Ok(Document {
        id: raw.id,
        uri: raw.uri,
        name: raw.name,
        source: raw.source,
        title: raw.title,
        authors,
        published,
        date_source,
        lang: raw.lang,
        text: raw.text,
        paragraphs,
        raw_hash: raw.raw_hash,
        simhash: simhash_from_sql(raw.simhash),
        format,
    })
}

/// Reads inside one transaction so that a document and its paragraphs come from the same
/// snapshot; reuses the caller's when one is already open (a nested read from a callback).
pub(crate) fn snapshot<'c>(conn: &'c Connection, path: &Path) -> Result<Option<Transaction<'c>>> {
    if conn.is_autocommit() {
        conn.unchecked_transaction().map(Some).at(path)
    } else {
        Ok(None)
    }
}

pub(crate) fn sql_limit(limit: Option<usize>) -> i64 {
    // SQLite reads a negative LIMIT as "no limit".
    limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX))
}

pub fn for_each_document(
    conn: &Connection,
    path: &Path,
    query: &DocQuery,
    mut f: impl FnMut(Document) -> ControlFlow<()>,
) -> Result<()> {
    let tx = snapshot(conn, path)?;
    let tx: &Connection = tx.as_deref().unwrap_or(conn);
    let limit = sql_limit(query.limit);
    let (sql, arg) = match &query.text {
        None => (
            format!("SELECT {COLUMNS} FROM documents d ORDER BY d.seq LIMIT ?1"),
            None,
        ),
        Some(text) => {
            let Some(q) = fts::query(text) else {
                return Ok(());
            };
            (
                format!(
                    "SELECT {COLUMNS} FROM documents_fts JOIN documents d \
                     ON d.seq = documents_fts.rowid WHERE documents_fts MATCH ?2 \
                     ORDER BY documents_fts.rank, d.seq LIMIT ?1"
                ),
                Some(q),
            )
        }
    };
    let mut stmt = tx.prepare(&sql).at(path)?;
    let mut rows = match &arg {
        None => stmt.query(params![limit]),
        Some(q) => stmt.query(params![limit, q]),
    }
    .at(path)?;
    while let Some(row) = rows.next().at(path)? {
        let raw = RawDoc::from_row(row).at(path)?;
        if f(decode(tx, path, raw)?).is_break() {
            break;
        }
    }
    Ok(())
}

/// How many ids an ambiguity error lists.
const CANDIDATES: usize = 5;

pub fn document(conn: &Connection, path: &Path, id_or_prefix: &str) -> Result<Option<Document>> {
    let mut key = id_or_prefix.trim().to_owned();
    if key.bytes().all(|b| b.is_ascii_hexdigit()) {
        // Ids are lower-case hex; accept one pasted in upper case.
        key.make_ascii_lowercase();
    }
    if key.is_empty() {
        return Ok(None);
    }
    let tx = snapshot(conn, path)?;
    let tx: &Connection = tx.as_deref().unwrap_or(conn);
    // Ids sort contiguously by prefix, so the ids with this prefix are the first ones at or
    // after it; the unique index answers this without a scan.
    let mut stmt = tx
        .prepare_cached("SELECT id FROM documents WHERE id >= ?1 ORDER BY id LIMIT ?2")
        .at(path)?;
    let ids = stmt
        .query_map(params![key, CANDIDATES as i64 + 1], |r| {
            r.get::<_, String>(0)
        })
        .at(path)?;
    let mut matches = Vec::new();
    for id in ids {
        let id = id.at(path)?;
        if !id.starts_with(&key) {
            break;
        }
        matches.push(id);
    }
    let id = match matches.as_slice() {
        [] => return Ok(None),
        [only] => only.clone(),
        // An exact id wins even if it is also a prefix of a longer id.
        [first, ..] if *first == key => first.clone(),
        _ => {
            let more = matches.len() > CANDIDATES;
            matches.truncate(CANDIDATES);
            return Err(Error::AmbiguousPrefix {
                path: path.to_path_buf(),
                prefix: key,
                candidates: matches,
                more,
            });
        }
    };
    let raw = tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM documents d WHERE d.id = ?1"
        ))
        .and_then(|mut s| s.query_row([&id], RawDoc::from_row).optional())
        .at(path)?;
    raw.map(|raw| decode(tx, path, raw)).transpose()
}

pub fn document_by_uri_or_name(
    conn: &Connection,
    path: &Path,
    key: &str,
) -> Result<Option<Document>> {
    let tx = snapshot(conn, path)?;
    let tx: &Connection = tx.as_deref().unwrap_or(conn);
    let raw = tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM documents d WHERE d.uri = ?1 OR d.name = ?1 \
             ORDER BY d.seq LIMIT 1"
        ))
        .and_then(|mut s| s.query_row([key], RawDoc::from_row).optional())
        .at(path)?;
    raw.map(|raw| decode(tx, path, raw)).transpose()
}

pub fn duplicates(conn: &Connection, path: &Path, limit: Option<usize>) -> Result<Vec<Duplicate>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT uri, name, doc_id, kept_id, kind, distance FROM duplicates \
             ORDER BY seq LIMIT ?1",
        )
        .at(path)?;
    let rows = stmt
        .query_map([sql_limit(limit)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })
        .at(path)?;
    let mut out = Vec::new();
    for row in rows {
        let (uri, name, id, kept, kind, distance) = row.at(path)?;
        let kind = match kind.as_str() {
            "exact" => DupKind::Exact,
            "near" => DupKind::Near,
            other => return Err(corrupt(path, "duplicates", &uri, format!("kind {other:?}"))),
        };
        let distance = u32::try_from(distance)
            .map_err(|_| corrupt(path, "duplicates", &uri, "negative distance"))?;
        out.push(Duplicate {
            uri,
            name,
            id,
            kept,
            kind,
            distance,
        });
    }
    Ok(out)
}

pub fn stats(conn: &Connection, path: &Path) -> Result<Stats> {
    let counts = conn
        .query_row(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM duplicates), \
             (SELECT count(*) FROM duplicates WHERE kind = 'exact'), \
             (SELECT count(*) FROM duplicates WHERE kind = 'near'), \
             (SELECT count(*) FROM inputs)",
            [],
            |r| {
                Ok([
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                ])
            },
        )
        .at(path)?;
    // count(*) is never negative.
    let [documents, duplicates, exact_duplicates, near_duplicates, inputs] =
        counts.map(|n| u64::try_from(n).unwrap_or(0));
    Ok(Stats {
        documents,
        duplicates,
        exact_duplicates,
        near_duplicates,
        inputs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_parse_back() {
        for f in [
            Format::Text,
            Format::Html,
            Format::Warc,
            Format::Feed,
            Format::Jsonl,
        ] {
            assert_eq!(parse_format(f.as_str()), Some(f));
        }
        for k in [
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::ListItem,
            BlockKind::Quote,
            BlockKind::Preformatted,
        ] {
            assert_eq!(parse_kind(kind_str(k)), Some(k));
        }
        assert_eq!(parse_kind("sidebar"), None);
    }

    #[test]
    fn no_limit_is_negative() {
        assert_eq!(sql_limit(None), -1);
        assert_eq!(sql_limit(Some(3)), 3);
        assert_eq!(sql_limit(Some(usize::MAX)), i64::MAX);
    }
}
