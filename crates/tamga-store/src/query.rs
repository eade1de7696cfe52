//! Analysts' questions beyond the event list: the quotes of coded documents and who said
//! them, the most active actors with their counts per event type, and whole-store counts.
//! Also writes a coded document's quotes, inside [`crate::Store::write_coded`]'s transaction.

use crate::error::{At, Result};
use crate::CodedDocument;
use crate::{fts, read::sql_limit};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use tamga_events::cluster::DateSpan;
use tamga_events::Event;
use tamga_text::Quote;

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// One quotation or piece of reported speech in a stored document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteRecord {
    pub doc_id: String,
    pub doc_uri: String,
    /// The document's publication date, when known.
    pub published: Option<String>,
    /// Byte range of the quoted words in the document's text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The speaker as written ("the minister", "Nazarbayev"), when the language layer found one.
    pub speaker: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    /// The speaker resolved to an actor code by the event coder, when it was.
    pub speaker_code: Option<String>,
    /// Reported speech ("X said that ...") rather than words in quotation marks.
    pub indirect: bool,
    /// The attribution cue ("said", "according to").
    pub cue: Option<String>,
}

/// Which quotes to read. Every filter given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteQuery {
    /// A piece of the speaker as written (case-insensitive), or a prefix of the speaker's
    /// actor code (`KAZ` finds `KAZGOV`).
    pub speaker: Option<String>,
    /// Full-text search over the quoted words, with the rules of [`crate::DocQuery::text`].
    pub text: Option<String>,
    pub limit: Option<usize>,
}

/// Replaces the quotes of one coded document: those the coder handed over, or else those
/// found in its stored text; each speaker's actor code is taken from the events whose quote
/// names the same speaker span (the coder resolved it while coding). Documents coded before
/// quotes were stored get theirs when recoded.
pub(crate) fn write_quotes(
    tx: &Transaction<'_>,
    path: &Path,
    doc: &CodedDocument<'_>,
    has_quotes: bool,
    stored: bool,
    fresh: &mut Vec<i64>,
) -> Result<()> {
    let doc_id = doc.doc_id;
    // Kept by hand like `events_fts`: old rows out here (when the caller found any), new
    // ones added to `quotes_fts` by the caller once per batch (their rowids go to `fresh`).
    if has_quotes {
        tx.prepare_cached(
            "INSERT INTO quotes_fts (quotes_fts, rowid, text) \
             SELECT 'delete', seq, text FROM quotes WHERE doc_id = ?1",
        )
        .and_then(|mut s| s.execute([doc_id]))
        .at(path)?;
        tx.prepare_cached("DELETE FROM quotes WHERE doc_id = ?1")
            .and_then(|mut s| s.execute([doc_id]))
            .at(path)?;
    }
    let found;
    let quotes = match doc.quotes {
        Some([]) => return Ok(()),
        // A document not stored fails the transaction (its `coded` row has no document).
        Some(quotes) => quotes,
        None => {
            let text: Option<String> = tx
                .prepare_cached("SELECT text FROM documents WHERE id = ?1")
                .and_then(|mut s| s.query_row([doc_id], |r| r.get(0)).optional())
                .at(path)?;
            let Some(text) = text else {
                return Ok(());
            };
            found = find_quotes(&text);
            &found[..]
        }
    };
    let rows = quote_rows(quotes, doc.events);
    if rows.is_empty() {
        return Ok(());
    }
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO quotes (doc_id, start_byte, end_byte, text, speaker, speaker_start, \
             speaker_end, speaker_code, indirect, cue) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
             ON CONFLICT (doc_id, start_byte, end_byte) DO NOTHING",
        )
        .at(path)?;
    for q in &rows {
        let inserted = insert
            .execute(params![
                doc_id,
                q.start,
                q.end,
                q.text,
                q.speaker,
                q.speaker_start,
                q.speaker_end,
                q.speaker_code,
                q.indirect,
                q.cue,
            ])
            .at(path)?;
        if inserted > 0 {
            if !stored {
                return Err(crate::events::no_document(path));
            }
            fresh.push(tx.last_insert_rowid());
        }
    }
    Ok(())
}

/// One `quotes` row before it is written.
pub(crate) struct QuoteRow<'a> {
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) text: &'a str,
    pub(crate) speaker: Option<&'a str>,
    pub(crate) speaker_start: Option<i64>,
    pub(crate) speaker_end: Option<i64>,
    pub(crate) speaker_code: Option<&'a str>,
    pub(crate) indirect: bool,
    pub(crate) cue: Option<&'a str>,
}

/// The quotes of a document's text, as `tamga_text::annotate` finds them.
pub(crate) fn find_quotes(text: &str) -> Vec<Quote> {
    let sentences = tamga_text::sentence::split(text);
    tamga_text::quote::annotate(text, &sentences, &[])
}

/// The rows of a document's quotes, each speaker's actor code taken from the events whose
/// quote names the same speaker span (the coder resolved it while coding).
pub(crate) fn quote_rows<'a>(quotes: &'a [Quote], events: &'a [Event]) -> Vec<QuoteRow<'a>> {
    if quotes.is_empty() {
        return Vec::new();
    }
    let codes: HashMap<(usize, usize), &str> = events
        .iter()
        .filter_map(|e| {
            let q = e.quote.as_ref()?;
            Some(((q.start, q.end), q.code.as_deref()?))
        })
        .collect();
    quotes
        .iter()
        .map(|q| {
            let sp = q.speaker.as_ref();
            QuoteRow {
                start: to_i64(q.start),
                end: to_i64(q.end),
                text: &q.text,
                speaker: sp.map(|s| s.text.as_str()),
                speaker_start: sp.map(|s| to_i64(s.start)),
                speaker_end: sp.map(|s| to_i64(s.end)),
                speaker_code: sp.and_then(|s| codes.get(&(s.start, s.end)).copied()),
                indirect: q.indirect,
                cue: q.cue.as_deref(),
            }
        })
        .collect()
}

/// The smallest string above every string that starts with `prefix`.
fn prefix_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

pub fn quotes(conn: &Connection, path: &Path, q: &QuoteQuery) -> Result<Vec<QuoteRecord>> {
    let mut cond = vec!["1".to_owned()];
    let mut args: Vec<Value> = Vec::new();
    if let Some(sp) = q
        .speaker
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let code = sp.to_ascii_uppercase();
        args.push(Value::Text(code.clone()));
        args.push(Value::Text(prefix_bound(&code)));
        args.push(Value::Text(sp.to_lowercase()));
        let n = args.len();
        cond.push(format!(
            "((q.speaker_code >= ?{} AND q.speaker_code < ?{}) \
             OR instr(lower(q.speaker), ?{n}) > 0)",
            n - 2,
            n - 1
        ));
    }
    if let Some(text) = q.text.as_deref() {
        let Some(fts) = fts::query(text) else {
            return Ok(Vec::new());
        };
        args.push(Value::Text(fts));
        cond.push(format!(
            "q.seq IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?{})",
            args.len()
        ));
    }
    args.push(Value::Integer(sql_limit(q.limit)));
    let sql = format!(
        "SELECT q.doc_id, d.uri, d.published, q.start_byte, q.end_byte, q.text, q.speaker, \
         q.speaker_start, q.speaker_end, q.speaker_code, q.indirect, q.cue \
         FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE {} \
         ORDER BY d.seq, q.start_byte LIMIT ?{}",
        cond.join(" AND "),
        args.len()
    );
    let mut stmt = conn.prepare(&sql).at(path)?;
    let rows = stmt
        .query_map(params_from_iter(args), |r| {
            Ok(QuoteRecord {
                doc_id: r.get(0)?,
                doc_uri: r.get(1)?,
                published: r.get(2)?,
                start: to_usize(r.get(3)?),
                end: to_usize(r.get(4)?),
                text: r.get(5)?,
                speaker: r.get(6)?,
                speaker_start: r.get::<_, Option<i64>>(7)?.map(to_usize),
                speaker_end: r.get::<_, Option<i64>>(8)?.map(to_usize),
                speaker_code: r.get(9)?,
                indirect: r.get(10)?,
                cue: r.get(11)?,
            })
        })
        .at(path)?;
    rows.collect::<rusqlite::Result<_>>().at(path)
}

/// Which events [`actors_top`] counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorsQuery {
    /// ISO date: only events whose date lies wholly on or after its first day.
    pub since: Option<String>,
    /// ISO date: only events whose date lies wholly on or before its last day.
    pub until: Option<String>,
    pub limit: Option<usize>,
}

/// How active one actor code is: the events (every mention) naming it as source or target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ActorActivity {
    pub code: String,
    /// Events naming the actor on either side (an event naming it on both counts once).
    pub events: u64,
    pub as_source: u64,
    pub as_target: u64,
    /// Events per PLOVER type.
    pub by_type: BTreeMap<String, u64>,
}

/// The most active actor codes: most events first, then by code.
pub fn actors_top(conn: &Connection, path: &Path, q: &ActorsQuery) -> Result<Vec<ActorActivity>> {
    let mut cond = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    for (date, first) in [(&q.since, true), (&q.until, false)] {
        let Some(date) = date.as_deref() else {
            continue;
        };
        // Not a calendar date: nothing lies in the range.
        let Some(span) = DateSpan::parse(date) else {
            return Ok(Vec::new());
        };
        let (lo, hi) = span.iso();
        if first {
            args.push(Value::Text(lo));
            cond.push(format!("date_rank = 0 AND date_first >= ?{}", args.len()));
        } else {
            args.push(Value::Text(hi));
            cond.push(format!("date_rank = 0 AND date_last <= ?{}", args.len()));
        }
    }
    let filter = cond.iter().map(|c| format!(" AND {c}")).collect::<String>();
    let sql = format!(
        "SELECT code, type, count(DISTINCT id), sum(src), sum(tgt) FROM ( \
           SELECT source_code AS code, type, id, 1 AS src, 0 AS tgt FROM events \
             WHERE source_code <> ''{filter} \
           UNION ALL \
           SELECT target_code, type, id, 0, 1 FROM events \
             WHERE target_code IS NOT NULL AND target_code <> ''{filter}) \
         GROUP BY code, type"
    );
    let tx = crate::read::snapshot(conn, path)?;
    let tx: &Connection = tx.as_deref().unwrap_or(conn);
    let mut stmt = tx.prepare(&sql).at(path)?;
    let mut rows = stmt.query(params_from_iter(args)).at(path)?;
    let mut by_code: BTreeMap<String, ActorActivity> = BTreeMap::new();
    while let Some(r) = rows.next().at(path)? {
        let code: String = r.get(0).at(path)?;
        let ty: String = r.get(1).at(path)?;
        let a = by_code
            .entry(code.clone())
            .or_insert_with(|| ActorActivity {
                code,
                ..ActorActivity::default()
            });
        let n = to_u64(r.get(2).at(path)?);
        // An event has one type, so distinct events per type add up to distinct events.
        a.events += n;
        a.as_source += to_u64(r.get(3).at(path)?);
        a.as_target += to_u64(r.get(4).at(path)?);
        *a.by_type.entry(ty).or_default() += n;
    }
    let mut out: Vec<ActorActivity> = by_code.into_values().collect();
    // Stable: equal counts keep code order.
    out.sort_by_key(|a| std::cmp::Reverse(a.events));
    if let Some(n) = q.limit {
        out.truncate(n);
    }
    Ok(out)
}

/// Counts over a whole store: documents, events (every mention), clusters and quotes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub documents: u64,
    pub coded_documents: u64,
    /// Documents per source: the publication, else the uri's host, else the uri.
    pub documents_by_source: Vec<(String, u64)>,
    /// Documents per language code (`unknown` when none was detected).
    pub documents_by_lang: Vec<(String, u64)>,
    pub events: u64,
    pub events_by_type: Vec<(String, u64)>,
    pub events_by_status: Vec<(String, u64)>,
    /// Events per month (`YYYY-MM`), oldest first: a date within one month counts in it, one
    /// spanning several months of one year (`2006`, `2006-Q4`) counts as `YYYY`, and one
    /// with no calendar date (none, `--11-07`) as `undated`, last.
    pub events_by_month: Vec<(String, u64)>,
    pub clusters: u64,
    pub quotes: u64,
}

/// Counts of `SELECT key, count(*)` rows, most first then by key.
fn grouped(conn: &Connection, path: &Path, sql: &str) -> Result<Vec<(String, u64)>> {
    let mut stmt = conn.prepare(sql).at(path)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, to_u64(r.get(1)?))))
        .at(path)?;
    let mut v: Vec<(String, u64)> = rows.collect::<rusqlite::Result<_>>().at(path)?;
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(v)
}

/// The month an event counts in; see [`Overview::events_by_month`].
pub(crate) const MONTH: &str = "CASE \
    WHEN date_first IS NULL OR date_last IS NULL THEN 'undated' \
    WHEN substr(date_first, 1, 7) = substr(date_last, 1, 7) THEN substr(date_first, 1, 7) \
    WHEN substr(date_first, 1, 4) = substr(date_last, 1, 4) THEN substr(date_first, 1, 4) \
    ELSE 'undated' END";

pub fn overview(conn: &Connection, path: &Path) -> Result<Overview> {
    let tx = crate::read::snapshot(conn, path)?;
    let tx: &Connection = tx.as_deref().unwrap_or(conn);
    let [documents, coded_documents, events, clusters, quotes] = tx
        .query_row(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM coded), \
             (SELECT count(*) FROM events), (SELECT count(DISTINCT cluster) FROM events), \
             (SELECT count(*) FROM quotes)",
            [],
            |r| {
                Ok([
                    r.get::<_, i64>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                ])
            },
        )
        .at(path)?
        .map(to_u64);
    // The host is cut from the uri in Rust, as clusters name sources.
    let mut sources: HashMap<String, u64> = HashMap::new();
    {
        let mut stmt = tx
            .prepare("SELECT source, uri, count(*) FROM documents GROUP BY source, uri")
            .at(path)?;
        let mut rows = stmt.query([]).at(path)?;
        while let Some(r) = rows.next().at(path)? {
            let name = crate::events::source_name(r.get(0).at(path)?, r.get(1).at(path)?);
            *sources.entry(name).or_default() += to_u64(r.get(2).at(path)?);
        }
    }
    let mut documents_by_source: Vec<(String, u64)> = sources.into_iter().collect();
    documents_by_source.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut events_by_month = grouped(
        tx,
        path,
        &format!("SELECT {MONTH} AS m, count(*) FROM events GROUP BY m"),
    )?;
    events_by_month
        .sort_by(|a, b| (a.0 == "undated", a.0.as_str()).cmp(&(b.0 == "undated", b.0.as_str())));
    Ok(Overview {
        documents,
        coded_documents,
        documents_by_source,
        documents_by_lang: grouped(
            tx,
            path,
            "SELECT coalesce(lang, 'unknown') AS l, count(*) FROM documents GROUP BY l",
        )?,
        events,
        events_by_type: grouped(tx, path, "SELECT type, count(*) FROM events GROUP BY type")?,
        events_by_status: grouped(
            tx,
            path,
            "SELECT status, count(*) FROM events GROUP BY status",
        )?,
        events_by_month,
        clusters,
        quotes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CodedDocument, Store, DEFAULT_WINDOW_DAYS};
    use serde_json::json;
    use tamga_ingest::dedup::{simhash, text_id};
    use tamga_ingest::{BlockKind, Document, Format, Paragraph, PartialDate};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn doc(uri: &str, source: Option<&str>, lang: Option<&str>, text: &str) -> Document {
        Document {
            id: text_id(text),
            uri: uri.to_owned(),
            name: uri.to_owned(),
            source: source.map(str::to_owned),
            title: None,
            authors: Vec::new(),
            published: PartialDate::ymd(2006, 11, 15),
            date_source: None,
            lang: lang.map(str::to_owned),
            text: text.to_owned(),
            paragraphs: vec![Paragraph {
                start: 0,
                end: text.len(),
                kind: BlockKind::Paragraph,
            }],
            raw_hash: format!("raw-{uri}"),
            simhash: simhash(text),
            format: Format::Text,
        }
    }

    fn actor(code: &str) -> serde_json::Value {
        json!({"text": code, "start": 0, "end": 1, "code": code,
               "country": code.get(..3), "sector": null, "org": null, "name": null, "role": null})
    }

    /// An event of `doc` with the given type, actors, date and quote speaker span and code.
    fn event(
        doc: &Document,
        n: usize,
        ty: &str,
        source: &str,
        target: Option<&str>,
        date: Option<&str>,
        quote: Option<(usize, usize, &str)>,
    ) -> Result<Event, serde_json::Error> {
        serde_json::from_value(json!({
            "id": format!("{}-{n}", &doc.id[..8]), "doc_uri": doc.uri, "doc_id": doc.id,
            "sentence": {"index": 0, "start": 0, "end": 5, "text": &doc.text[..5]},
            "type": ty, "mode": null, "context": [], "cameo": "040", "cameo_root": "04",
            "quad_class": 1, "goldstein": 1.0, "source": actor(source),
            "target": target.map(actor), "date": date, "date_precision": null,
            "date_basis": if date.is_some() { "text" } else { "none" },
            "location": null, "status": "occurred", "quantities": [],
            "quote": quote.map(|(s, e, code)| json!({"speaker": "x", "start": s, "end": e,
                "code": code, "indirect": false})),
            "explanation": {"trigger": {"start": 0, "end": 1, "text": "x"}, "pattern": "p",
                "rule": "r", "source": null, "target": null, "cue": null, "time": null,
                "passive": false},
            "cluster": "", "mentions": 1,
        }))
    }

    const MINISTER: &str = "\"We are sending troops to Mali,\" the minister said. \
        Nazarbayev said that Kazakhstan would stay neutral.";
    const WIRE: &str = "Astana hosted talks on trade on Wednesday. \"Trade is growing fast,\" \
        said Akhmetov.";

    /// Two documents with quotes; the minister's speaker resolved to KAZMIL by an event.
    fn fixture() -> Result<(tempfile::TempDir, Store, Vec<Document>), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("t.db"))?;
        let docs = vec![
            doc("https://astanatimes.com/a", None, Some("en"), MINISTER),
            doc("file.txt", Some("Wire"), None, WIRE),
        ];
        store.write_batch(&docs)?;
        let minister = MINISTER.find("the minister").ok_or("no speaker")?;
        let e0 = vec![
            event(
                &docs[0],
                0,
                "MOBILIZE",
                "KAZMIL",
                None,
                Some("2006-11-14"),
                Some((minister, minister + 12, "KAZMIL")),
            )?,
            event(
                &docs[0],
                1,
                "CONSULT",
                "KAZGOV",
                Some("EGY"),
                Some("2006"),
                None,
            )?,
            event(&docs[0], 2, "CONSULT", "EGY", Some("KAZGOV"), None, None)?,
        ];
        let e1 = vec![
            event(
                &docs[1],
                0,
                "CONSULT",
                "KAZ",
                Some("KAZGOV"),
                Some("2006-12"),
                None,
            )?,
            event(&docs[1], 1, "AID", "KAZ", None, Some("2006-11-20"), None)?,
        ];
        store.write_coded(&[
            CodedDocument {
                doc_id: &docs[0].id,
                coder: "t",
                sentences: 2,
                discarded: false,
                events: &e0,
                quotes: None,
            },
            CodedDocument {
                doc_id: &docs[1].id,
                coder: "t",
                sentences: 2,
                discarded: false,
                events: &e1,
                quotes: None,
            },
        ])?;
        store.recluster(DEFAULT_WINDOW_DAYS)?;
        Ok((dir, store, docs))
    }

    #[test]
    fn quotes_are_stored_with_spans_speakers_and_resolved_codes() -> TestResult {
        let (_dir, store, docs) = fixture()?;
        let all = store.quotes(&QuoteQuery::default())?;
        assert!(all.len() >= 3, "{all:#?}");
        for q in &all {
            let text = if q.doc_id == docs[0].id {
                MINISTER
            } else {
                WIRE
            };
            assert_eq!(text.get(q.start..q.end), Some(q.text.as_str()));
        }
        let by_code = store.quotes(&QuoteQuery {
            speaker: Some("kaz".into()),
            ..QuoteQuery::default()
        })?;
        assert_eq!(by_code.len(), 1, "{by_code:#?}");
        assert_eq!(by_code[0].speaker_code.as_deref(), Some("KAZMIL"));
        assert_eq!(by_code[0].speaker.as_deref(), Some("the minister"));
        assert!(by_code[0].text.starts_with("We are sending troops"));
        assert!(!by_code[0].indirect);
        let by_name = store.quotes(&QuoteQuery {
            speaker: Some("AKHMETOV".into()),
            ..QuoteQuery::default()
        })?;
        assert_eq!(by_name.len(), 1);
        assert_eq!(by_name[0].doc_id, docs[1].id);
        let indirect = store.quotes(&QuoteQuery {
            speaker: Some("nazarbayev".into()),
            ..QuoteQuery::default()
        })?;
        assert!(indirect.iter().all(|q| q.indirect), "{indirect:#?}");
        let words = store.quotes(&QuoteQuery {
            text: Some("troop*".into()),
            ..QuoteQuery::default()
        })?;
        assert_eq!(words.len(), 1);
        for nothing in ["\"", "zzz"] {
            let q = QuoteQuery {
                text: Some(nothing.into()),
                ..QuoteQuery::default()
            };
            assert!(store.quotes(&q)?.is_empty());
        }
        let limited = store.quotes(&QuoteQuery {
            limit: Some(1),
            ..QuoteQuery::default()
        })?;
        assert_eq!(limited, all[..1]);
        Ok(())
    }

    #[test]
    fn recoding_replaces_a_documents_quotes() -> TestResult {
        let (_dir, mut store, docs) = fixture()?;
        let before = store.overview()?.quotes;
        // Recoded without the event naming the speaker: same quotes, no code.
        store.write_events(&docs[0].id, "t", &[])?;
        let after = store.quotes(&QuoteQuery::default())?;
        assert_eq!(after.len() as u64, before);
        assert!(after.iter().all(|q| q.speaker_code.is_none()));
        let found = store.quotes(&QuoteQuery {
            text: Some("troops".into()),
            ..QuoteQuery::default()
        })?;
        assert_eq!(found.len(), 1, "the full-text index follows the rows");
        Ok(())
    }

    #[test]
    fn quotes_handed_over_by_the_coder_are_stored_as_found_ones() -> TestResult {
        let (_dir, mut store, docs) = fixture()?;
        let found = store.quotes(&QuoteQuery::default())?;
        let events = store.events(&crate::EventQuery {
            mentions: true,
            ..crate::EventQuery::default()
        })?;
        // Recoded with the annotator's quotes handed over, as `tamga run` does.
        let annotated: Vec<_> = docs
            .iter()
            .map(|d| tamga_text::annotate(&d.text, None).quotes)
            .collect();
        let mine: Vec<Vec<Event>> = docs
            .iter()
            .map(|d| {
                events
                    .iter()
                    .filter(|e| e.doc_id == d.id)
                    .cloned()
                    .collect()
            })
            .collect();
        let batch: Vec<CodedDocument<'_>> = docs
            .iter()
            .zip(&mine)
            .zip(&annotated)
            .map(|((d, evs), quotes)| CodedDocument {
                doc_id: &d.id,
                coder: "t",
                sentences: 2,
                discarded: false,
                events: evs,
                quotes: Some(quotes),
            })
            .collect();
        store.write_coded(&batch)?;
        assert!(!found.is_empty());
        assert_eq!(store.quotes(&QuoteQuery::default())?, found);
        let words = QuoteQuery {
            text: Some("troop*".into()),
            ..QuoteQuery::default()
        };
        assert_eq!(store.quotes(&words)?.len(), 1);
        Ok(())
    }

    #[test]
    fn actors_top_counts_both_sides_per_type() -> TestResult {
        let (_dir, store, _) = fixture()?;
        let top = store.actors_top(&ActorsQuery::default())?;
        let codes: Vec<&str> = top.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["KAZGOV", "EGY", "KAZ", "KAZMIL"]);
        let kazgov = &top[0];
        assert_eq!(
            (kazgov.events, kazgov.as_source, kazgov.as_target),
            (3, 1, 2)
        );
        assert_eq!(kazgov.by_type.get("CONSULT"), Some(&3));
        let kaz = &top[2];
        assert_eq!((kaz.events, kaz.as_source, kaz.as_target), (2, 2, 0));
        assert_eq!(kaz.by_type.len(), 2);
        let november = store.actors_top(&ActorsQuery {
            since: Some("2006-11".into()),
            until: Some("2006-11".into()),
            limit: Some(1),
        })?;
        // Only the two November days count; ties go by code.
        assert_eq!(november.len(), 1);
        assert_eq!(november[0].code, "KAZ");
        assert_eq!(november[0].events, 1);
        let bad = ActorsQuery {
            since: Some("last week".into()),
            ..ActorsQuery::default()
        };
        assert!(store.actors_top(&bad)?.is_empty());
        Ok(())
    }

    #[test]
    fn overview_counts_documents_events_months_and_quotes() -> TestResult {
        let (_dir, store, _) = fixture()?;
        let o = store.overview()?;
        assert_eq!((o.documents, o.coded_documents, o.events), (2, 2, 5));
        assert_eq!(
            o.documents_by_source,
            [("Wire".to_owned(), 1), ("astanatimes.com".to_owned(), 1)]
        );
        assert_eq!(
            o.documents_by_lang,
            [("en".to_owned(), 1), ("unknown".to_owned(), 1)]
        );
        assert_eq!(o.events_by_type[0], ("CONSULT".to_owned(), 3));
        assert_eq!(o.events_by_status, [("occurred".to_owned(), 5)]);
        let months: Vec<(&str, u64)> = o
            .events_by_month
            .iter()
            .map(|(m, n)| (m.as_str(), *n))
            .collect();
        assert_eq!(
            months,
            [("2006", 1), ("2006-11", 2), ("2006-12", 1), ("undated", 1)]
        );
        assert_eq!(o.quotes, store.quotes(&QuoteQuery::default())?.len() as u64);
        assert!(o.clusters >= 1 && o.clusters <= o.events);
        Ok(())
    }

    #[test]
    fn event_filters_country_root_quad_place_source_and_sorts() -> TestResult {
        use crate::{EventOrder, EventQuery};
        let (_dir, store, docs) = fixture()?;
        let ids = |q: EventQuery| -> Result<Vec<String>, crate::Error> {
            Ok(store
                .events(&EventQuery {
                    mentions: true,
                    ..q
                })?
                .into_iter()
                .map(|e| e.id)
                .collect())
        };
        let egy = ids(EventQuery {
            country: Some("egy".into()),
            ..EventQuery::default()
        })?;
        assert_eq!(egy.len(), 2);
        let root = ids(EventQuery {
            cameo_root: Some("4".into()),
            ..EventQuery::default()
        })?;
        assert_eq!(root.len(), 5);
        let quad = ids(EventQuery {
            quad_class: Some(4),
            ..EventQuery::default()
        })?;
        assert!(quad.is_empty());
        let host = ids(EventQuery {
            source: Some("ASTANATIMES".into()),
            ..EventQuery::default()
        })?;
        assert_eq!(host.len(), 3);
        assert!(host.iter().all(|id| id.starts_with(&docs[0].id[..8])));
        let named = ids(EventQuery {
            source: Some("wire".into()),
            ..EventQuery::default()
        })?;
        assert_eq!(named.len(), 2);
        let place = ids(EventQuery {
            place: Some("astana".into()),
            ..EventQuery::default()
        })?;
        assert!(place.is_empty(), "no event has a place");
        let newest = ids(EventQuery {
            descending: Some(true),
            ..EventQuery::default()
        })?;
        let oldest = ids(EventQuery::default())?;
        // Dated events reversed, the undated one last in both.
        assert_eq!(newest.last(), oldest.last());
        let mut dated = oldest[..4].to_vec();
        dated.reverse();
        assert_eq!(newest[..4], dated[..]);
        let by_goldstein = ids(EventQuery {
            order: EventOrder::Goldstein,
            ..EventQuery::default()
        })?;
        assert_eq!(
            by_goldstein, oldest,
            "equal weights fall back to date order"
        );
        Ok(())
    }
}
