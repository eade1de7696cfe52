//! Aggregates for the HTTP API and web UI (`tamga serve`): events per period and type, events
//! per place with coordinates, the actor network, document summaries and a document's events.
//! Every aggregate takes the filters of [`EventQuery`] and counts what `events` would list,
//! in SQL built once for both backends (the [`Dialect`] spells what differs).

use crate::error::{At, Result};
use crate::events::{selection, Dialect, EventQuery, FROM};
use crate::read::sql_limit;
use crate::{fts, Store};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::Serialize;
use std::path::Path;

/// The length of the periods [`Store::timeline`] counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    /// Weeks starting on Monday, named by their Monday (`2006-11-06`).
    Week,
    #[default]
    Month,
}

/// Events of one type in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineBucket {
    /// `YYYY-MM-DD` (day, or the Monday of a week) or `YYYY-MM`.
    pub period: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub events: u64,
}

/// Counts of [`Store::timeline`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub interval: Interval,
    /// By period, then type.
    pub buckets: Vec<TimelineBucket>,
    /// Matching events whose date is not within one period (no date, no year, or a date
    /// coarser than the interval such as `2006` by month), so not in any bucket.
    pub unplaced: u64,
}

/// Events at one place with coordinates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCount {
    pub name: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub events: u64,
    /// Events per quad class 0–4.
    pub quad_classes: [u64; 5],
}

/// One actor code of the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorNode {
    pub code: String,
    /// The most frequent canonical name (else text) the events give the code.
    pub name: String,
    pub country: Option<String>,
    /// Events naming the code as source or target.
    pub events: u64,
}

/// Events from one actor code to another, of one type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorEdge {
    pub source: String,
    pub target: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub quad_class: u8,
    pub events: u64,
}

/// The actor network of [`Store::actor_network`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ActorNetwork {
    pub nodes: Vec<ActorNode>,
    pub edges: Vec<ActorEdge>,
}

/// A document without its text, for lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentSummary {
    pub id: String,
    pub uri: String,
    pub name: String,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    pub format: String,
    /// Events coded from it (every mention).
    pub events: u64,
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn read_tx<'c>(conn: &'c Connection, path: &Path) -> Result<Option<rusqlite::Transaction<'c>>> {
    crate::read::snapshot(conn, path)
}

/// Runs the shared SQL on either backend, every row as SQLite-style values.
trait Rows {
    fn rows(&self, sql: &str, args: Vec<Value>) -> Result<Vec<Vec<Value>>>;
}

struct SqliteRows<'c> {
    conn: &'c Connection,
    path: &'c Path,
}

impl Rows for SqliteRows<'_> {
    fn rows(&self, sql: &str, args: Vec<Value>) -> Result<Vec<Vec<Value>>> {
        let path = self.path;
        let mut stmt = self.conn.prepare(sql).at(path)?;
        let n = stmt.column_count();
        let mut rows = stmt.query(params_from_iter(args)).at(path)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().at(path)? {
            out.push(
                (0..n)
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .at(path)?,
            );
        }
        Ok(out)
    }
}

impl Rows for crate::pg::PgStore {
    fn rows(&self, sql: &str, args: Vec<Value>) -> Result<Vec<Vec<Value>>> {
        self.values(sql, &args)
    }
}

fn int(v: Option<&Value>) -> i64 {
    match v {
        Some(Value::Integer(n)) => *n,
        Some(Value::Real(f)) => *f as i64,
        _ => 0,
    }
}

fn real(v: Option<&Value>) -> Option<f64> {
    match v {
        Some(Value::Real(f)) => Some(*f),
        // JSON numbers without a fraction come back from SQLite as integers.
        Some(Value::Integer(n)) => Some(*n as f64),
        _ => None,
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::Text(s)) => Some(s.clone()),
        _ => None,
    }
}

impl Store {
    /// Runs `f` with a reader of one consistent snapshot and the backend's SQL dialect.
    fn read<R>(&self, f: impl FnOnce(&dyn Rows, Dialect) -> Result<R>) -> Result<R> {
        match &self.backend {
            crate::Backend::Sqlite(c) => {
                let tx = read_tx(c, &self.path)?;
                let conn: &Connection = tx.as_deref().unwrap_or(c);
                f(
                    &SqliteRows {
                        conn,
                        path: &self.path,
                    },
                    Dialect::Sqlite,
                )
            }
            crate::Backend::Postgres(pg) => pg.snapshot(|s| f(s, Dialect::Postgres)),
        }
    }

    /// The SQLite connection, or `None` on PostgreSQL.
    fn sqlite_conn(&self) -> Option<&Connection> {
        match &self.backend {
            crate::Backend::Sqlite(c) => Some(c),
            crate::Backend::Postgres(_) => None,
        }
    }

    fn pg_document_summaries(
        &self,
        text: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocumentSummary>> {
        match &self.backend {
            crate::Backend::Postgres(pg) => pg.document_summaries(text, limit, offset),
            crate::Backend::Sqlite(_) => Ok(Vec::new()),
        }
    }

    fn pg_document_event_ids(&self, doc_id: &str) -> Result<Vec<String>> {
        match &self.backend {
            crate::Backend::Postgres(pg) => pg.document_event_ids(doc_id),
            crate::Backend::Sqlite(_) => Ok(Vec::new()),
        }
    }

    /// Matching events per period and type (what [`Store::events`] lists for `query`; its
    /// order, limit and cursor are ignored), oldest period first.
    pub fn timeline(&self, query: &EventQuery, interval: Interval) -> Result<Timeline> {
        let mut out = Timeline {
            interval,
            ..Timeline::default()
        };
        let rows = self.read(|rows, dialect| {
            let Some((filter, args)) = selection(query, dialect) else {
                return Ok(Vec::new());
            };
            // An event is in a period when all the days its date covers are.
            let period = |col: &str| match interval {
                Interval::Day => col.to_owned(),
                Interval::Month => format!("substr({col}, 1, 7)"),
                Interval::Week => dialect.monday(col),
            };
            let (first, last) = (period("e.date_first"), period("e.date_last"));
            rows.rows(
                &format!(
                    "SELECT p, ty, count(*) FROM (SELECT CASE WHEN e.date_first IS NOT NULL \
                     AND {first} = {last} THEN {first} END AS p, {} AS ty {FROM} \
                     WHERE {filter}) s GROUP BY p, ty ORDER BY p, ty",
                    dialect.bytewise("e.type")
                ),
                args,
            )
        })?;
        for r in rows {
            let n = count(int(r.get(2)));
            match text(r.first()) {
                Some(period) => out.buckets.push(TimelineBucket {
                    period,
                    event_type: text(r.get(1)).unwrap_or_default(),
                    events: n,
                }),
                None => out.unplaced += n,
            }
        }
        Ok(out)
    }

    /// Matching events per place with coordinates, most events first; at most `limit` places.
    pub fn places(&self, query: &EventQuery, limit: Option<usize>) -> Result<Vec<PlaceCount>> {
        let rows = self.read(|rows, dialect| {
            let Some((filter, args)) = selection(query, dialect) else {
                return Ok(Vec::new());
            };
            let quads = (0..5)
                .map(|q| format!("sum(CASE WHEN q = {q} THEN 1 ELSE 0 END)"))
                .collect::<Vec<_>>()
                .join(", ");
            let lim = match (dialect, limit) {
                (Dialect::Postgres, None) => "ALL".to_owned(),
                _ => sql_limit(limit).to_string(),
            };
            rows.rows(
                &format!(
                    "SELECT n, c, lat, lon, count(*) AS k, {quads} FROM (SELECT {} AS n, {} AS c, \
                     {} AS lat, {} AS lon, e.quad_class AS q {FROM} WHERE {filter} \
                     AND e.location IS NOT NULL) s \
                     WHERE lat IS NOT NULL AND lon IS NOT NULL \
                     GROUP BY n, c, lat, lon ORDER BY k DESC, n, lat, lon LIMIT {lim}",
                    dialect.bytewise(&format!(
                        "coalesce({}, '')",
                        dialect.field("e.location", "name")
                    )),
                    dialect.bytewise(&dialect.field("e.location", "country")),
                    dialect.number("e.location", "lat"),
                    dialect.number("e.location", "lon"),
                ),
                args,
            )
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let mut quad = [0u64; 5];
                for (i, q) in quad.iter_mut().enumerate() {
                    *q = count(int(r.get(5 + i)));
                }
                Some(PlaceCount {
                    name: text(r.first()).unwrap_or_default(),
                    country: text(r.get(1)),
                    lat: real(r.get(2))?,
                    lon: real(r.get(3))?,
                    events: count(int(r.get(4))),
                    quad_classes: quad,
                })
            })
            .collect())
    }

    /// The actors of the matching events: the `max_nodes` actor codes named by most of them,
    /// and the events between those codes by type and quad class (most first).
    pub fn actor_network(&self, query: &EventQuery, max_nodes: usize) -> Result<ActorNetwork> {
        self.read(|rows, dialect| {
            let Some((filter, args)) = selection(query, dialect) else {
                return Ok(ActorNetwork::default());
            };
            let name = |side: &str| {
                dialect.bytewise(&format!(
                    "coalesce({}, {})",
                    dialect.field(side, "name"),
                    dialect.field(side, "text")
                ))
            };
            let country = |side: &str| dialect.bytewise(&dialect.field(side, "country"));
            // The matching events, as a CTE both queries of the network start from.
            let matched = format!(
                "WITH serve_net AS (SELECT e.source_code AS s, e.target_code AS t, \
                 {} AS sn, {} AS tn, {} AS sc, {} AS tc, e.type AS ty, e.quad_class AS q \
                 {FROM} WHERE {filter})",
                name("e.source"),
                name("e.target"),
                country("e.source"),
                country("e.target"),
            );
            network(rows, dialect, &matched, args, max_nodes)
        })
    }

    /// Documents in ingest order (or best match first for `text`), without their text.
    pub fn document_summaries(
        &self,
        text: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocumentSummary>> {
        let path = &self.path;
        let Some(sqlite) = self.sqlite_conn() else {
            return self.pg_document_summaries(text, limit, offset);
        };
        const COLS: &str =
            "d.id, d.uri, d.name, d.source, d.title, d.published, d.lang, d.format, \
            (SELECT count(*) FROM events e WHERE e.doc_id = d.id)";
        let mut args: Vec<Value> = Vec::new();
        let sql = match text {
            Some(t) => {
                let Some(q) = fts::query(t) else {
                    return Ok(Vec::new());
                };
                args.push(Value::Text(q));
                format!(
                    "SELECT {COLS} FROM documents_fts f JOIN documents d ON d.seq = f.rowid \
                     WHERE documents_fts MATCH ?1 ORDER BY f.rank, d.seq LIMIT ?2 OFFSET ?3"
                )
            }
            None => format!("SELECT {COLS} FROM documents d ORDER BY d.seq LIMIT ?1 OFFSET ?2"),
        };
        args.push(Value::Integer(sql_limit(Some(limit))));
        args.push(Value::Integer(sql_limit(Some(offset))));
        let tx = read_tx(sqlite, path)?;
        let conn: &Connection = tx.as_deref().unwrap_or(sqlite);
        let mut stmt = conn.prepare(&sql).at(path)?;
        let mut rows = stmt.query(params_from_iter(args)).at(path)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().at(path)? {
            out.push(DocumentSummary {
                id: r.get(0).at(path)?,
                uri: r.get(1).at(path)?,
                name: r.get(2).at(path)?,
                source: r.get(3).at(path)?,
                title: r.get(4).at(path)?,
                published: r.get(5).at(path)?,
                lang: r.get(6).at(path)?,
                format: r.get(7).at(path)?,
                events: count(r.get(8).at(path)?),
            });
        }
        Ok(out)
    }

    /// Ids of the events coded from one document, in text order.
    pub fn document_event_ids(&self, doc_id: &str) -> Result<Vec<String>> {
        let path = &self.path;
        let Some(sqlite) = self.sqlite_conn() else {
            return self.pg_document_event_ids(doc_id);
        };
        let mut stmt = sqlite
            .prepare_cached("SELECT id FROM events WHERE doc_id = ?1 ORDER BY sentence_start, seq")
            .at(path)?;
        let rows = stmt.query_map([doc_id], |r| r.get(0)).at(path)?;
        rows.collect::<rusqlite::Result<_>>().at(path)
    }
}

fn network(
    rows: &dyn Rows,
    dialect: Dialect,
    matched: &str,
    args: Vec<Value>,
    max_nodes: usize,
) -> Result<ActorNetwork> {
    let mut net = ActorNetwork::default();
    let n = args.len();
    let mut node_args = args.clone();
    node_args.push(Value::Integer(sql_limit(Some(max_nodes))));
    let nodes = rows.rows(
        &format!(
            "{matched}, sides AS (SELECT s AS code, sn AS name, sc AS country FROM serve_net \
             UNION ALL SELECT t, tn, tc FROM serve_net WHERE t IS NOT NULL), \
             names AS (SELECT code, name, country, count(*) AS k FROM sides \
             GROUP BY code, name, country) \
             SELECT code, (SELECT n2.name FROM names n2 WHERE n2.code = n.code \
             ORDER BY n2.k DESC, n2.name LIMIT 1), \
             (SELECT n3.country FROM names n3 WHERE n3.code = n.code \
             AND n3.country IS NOT NULL ORDER BY n3.k DESC, n3.country LIMIT 1), \
             CAST(sum(k) AS BIGINT) AS total FROM names n GROUP BY code \
             ORDER BY total DESC, code LIMIT {}",
            dialect.param(n + 1, true)
        ),
        node_args,
    )?;
    for r in nodes {
        let code = text(r.first()).unwrap_or_default();
        net.nodes.push(ActorNode {
            name: text(r.get(1)).unwrap_or_else(|| code.clone()),
            code,
            country: text(r.get(2)),
            events: count(int(r.get(3))),
        });
    }
    if net.nodes.is_empty() {
        return Ok(net);
    }
    let mut edge_args = args;
    edge_args.extend(net.nodes.iter().map(|n| Value::Text(n.code.clone())));
    let marks = (n + 1..=edge_args.len())
        .map(|i| dialect.param(i, false))
        .collect::<Vec<_>>()
        .join(", ");
    let edges = rows.rows(
        &format!(
            "{matched} SELECT s, t, ty, q, count(*) AS k FROM serve_net WHERE t IS NOT NULL \
             AND s IN ({marks}) AND t IN ({marks}) GROUP BY s, t, ty, q \
             ORDER BY k DESC, s, t, ty, q"
        ),
        edge_args,
    )?;
    for r in edges {
        net.edges.push(ActorEdge {
            source: text(r.first()).unwrap_or_default(),
            target: text(r.get(1)).unwrap_or_default(),
            event_type: text(r.get(2)).unwrap_or_default(),
            quad_class: u8::try_from(int(r.get(3))).unwrap_or(0),
            events: count(int(r.get(4))),
        });
    }
    Ok(net)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tamga_events::Event;
    use tamga_ingest::dedup::{simhash, text_id};
    use tamga_ingest::{BlockKind, Document, Format, Paragraph, PartialDate};

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    const TEXT: &str = "Astana hosted talks on trade on Wednesday. Troops clashed near Osh.";

    fn doc() -> Document {
        Document {
            id: text_id(TEXT),
            uri: "https://news.example/a".to_owned(),
            name: "a".to_owned(),
            source: None,
            title: Some("Talks".to_owned()),
            authors: Vec::new(),
            published: PartialDate::ymd(2006, 11, 15),
            date_source: None,
            lang: Some("en".to_owned()),
            text: TEXT.to_owned(),
            paragraphs: vec![Paragraph {
                start: 0,
                end: TEXT.len(),
                kind: BlockKind::Paragraph,
            }],
            raw_hash: "raw".to_owned(),
            simhash: simhash(TEXT),
            format: Format::Text,
        }
    }

    fn actor(code: &str) -> serde_json::Value {
        json!({"text": code, "start": 0, "end": 1, "code": code, "country": code.get(..3),
               "sector": null, "org": null, "name": format!("{code} name"), "role": null})
    }

    fn event(
        d: &Document,
        n: usize,
        ty: &str,
        quad: u8,
        pair: (&str, Option<&str>),
        date: Option<&str>,
        place: Option<(&str, f64, f64)>,
    ) -> std::result::Result<Event, serde_json::Error> {
        serde_json::from_value(json!({
            "id": format!("ev-{n}"), "doc_uri": d.uri, "doc_id": d.id,
            "sentence": {"index": n, "start": 0, "end": 5, "text": &d.text[..5]},
            "type": ty, "mode": null, "context": [], "cameo": "040", "cameo_root": "04",
            "quad_class": quad, "goldstein": 1.0, "source": actor(pair.0),
            "target": pair.1.map(actor), "date": date, "date_precision": null,
            "date_basis": if date.is_some() { "text" } else { "none" },
            "location": place.map(|(name, lat, lon)| json!({"name": name, "country": "KGZ",
                "lat": lat, "lon": lon})),
            "status": "occurred", "quantities": [], "quote": null,
            "explanation": {"trigger": {"start": 0, "end": 1, "text": "x"}, "pattern": "p",
                "rule": "r", "source": null, "target": null, "cue": null, "time": null,
                "passive": false},
            "cluster": "", "mentions": 1,
        }))
    }

    fn fixture() -> std::result::Result<(tempfile::TempDir, Store), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("t.db"))?;
        let d = doc();
        store.write_batch(std::slice::from_ref(&d))?;
        let osh = Some(("Osh", 40.5, 72.8));
        let events = vec![
            event(
                &d,
                0,
                "CONSULT",
                1,
                ("KAZGOV", Some("KGZGOV")),
                Some("2006-11-08"),
                None,
            )?,
            event(
                &d,
                1,
                "CONSULT",
                1,
                ("KGZGOV", Some("KAZGOV")),
                Some("2006-11-13"),
                None,
            )?,
            event(
                &d,
                2,
                "FIGHT",
                4,
                ("KGZMIL", Some("UZBMIL")),
                Some("2006-11-14"),
                osh,
            )?,
            event(
                &d,
                3,
                "FIGHT",
                4,
                ("UZBMIL", Some("KGZMIL")),
                Some("2006-12"),
                osh,
            )?,
            event(&d, 4, "AID", 2, ("USA", Some("KGZ")), Some("2006"), osh)?,
            event(&d, 5, "AID", 2, ("USA", None), None, None)?,
        ];
        store.write_events(&d.id, "t", &events)?;
        store.recluster(1)?;
        Ok((dir, store))
    }

    fn every_mention() -> EventQuery {
        EventQuery {
            mentions: true,
            ..EventQuery::default()
        }
    }

    #[test]
    fn timeline_counts_each_event_in_the_period_holding_its_whole_date() -> TestResult {
        let (_dir, store) = fixture()?;
        let cell = |t: &Timeline| -> Vec<(String, String, u64)> {
            t.buckets
                .iter()
                .map(|b| (b.period.clone(), b.event_type.clone(), b.events))
                .collect()
        };
        let month = store.timeline(&every_mention(), Interval::Month)?;
        let s = |a: &str, b: &str, n| (a.to_owned(), b.to_owned(), n);
        assert_eq!(
            cell(&month),
            [
                s("2006-11", "CONSULT", 2),
                s("2006-11", "FIGHT", 1),
                s("2006-12", "FIGHT", 1)
            ]
        );
        assert_eq!(month.unplaced, 2, "a year and no date");
        // 2006-11-08 is a Wednesday, the 13th and 14th are in the next week (Monday 13th).
        let week = store.timeline(&every_mention(), Interval::Week)?;
        assert_eq!(
            cell(&week),
            [
                s("2006-11-06", "CONSULT", 1),
                s("2006-11-13", "CONSULT", 1),
                s("2006-11-13", "FIGHT", 1)
            ]
        );
        assert_eq!(week.unplaced, 3);
        let fights = store.timeline(
            &EventQuery {
                event_type: Some("fight".into()),
                ..every_mention()
            },
            Interval::Day,
        )?;
        assert_eq!(cell(&fights), [s("2006-11-14", "FIGHT", 1)]);
        assert_eq!(fights.unplaced, 1);
        Ok(())
    }

    #[test]
    fn places_networks_pages_and_documents() -> TestResult {
        let (_dir, store) = fixture()?;
        let places = store.places(&every_mention(), None)?;
        assert_eq!(places.len(), 1);
        assert_eq!((places[0].name.as_str(), places[0].events), ("Osh", 3));
        assert_eq!(places[0].quad_classes, [0, 0, 1, 0, 2]);

        let net = store.actor_network(&every_mention(), 3)?;
        let codes: Vec<&str> = net.nodes.iter().map(|n| n.code.as_str()).collect();
        // Every code is named by two events here: ties go by code.
        assert_eq!(codes, ["KAZGOV", "KGZGOV", "KGZMIL"]);
        assert_eq!(net.nodes[0].name, "KAZGOV name");
        assert_eq!(net.nodes[0].country.as_deref(), Some("KAZ"));
        // Only edges between kept nodes.
        let edges: Vec<(&str, &str, u64)> = net
            .edges
            .iter()
            .map(|e| (e.source.as_str(), e.target.as_str(), e.events))
            .collect();
        assert_eq!(edges, [("KAZGOV", "KGZGOV", 1), ("KGZGOV", "KAZGOV", 1)]);
        let usa = store.actor_network(
            &EventQuery {
                actor: Some("USA".into()),
                ..every_mention()
            },
            10,
        )?;
        // Most events first: USA (two) before KGZ (one).
        let usa: Vec<(&str, u64)> = usa
            .nodes
            .iter()
            .map(|n| (n.code.as_str(), n.events))
            .collect();
        assert_eq!(usa, [("USA", 2), ("KGZ", 1)]);

        let all: Vec<String> = store
            .events(&every_mention())?
            .into_iter()
            .map(|e| e.id)
            .collect();
        // Keyset pages: each starts after the previous page's last key.
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = store.events_keyed(&EventQuery {
                after: after.clone(),
                limit: Some(4),
                ..every_mention()
            })?;
            let Some((_, last)) = page.last() else { break };
            after = Some(last.clone());
            paged.extend(page.into_iter().map(|(e, _)| e.id));
        }
        assert_eq!(paged, all);

        let docs = store.document_summaries(None, 10, 0)?;
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].events, 6);
        assert_eq!(store.document_summaries(Some("Osh"), 10, 0)?.len(), 1);
        assert!(store.document_summaries(Some("Bishkek"), 10, 0)?.is_empty());
        assert!(store.document_summaries(None, 10, 1)?.is_empty());
        assert_eq!(store.document_event_ids(&docs[0].id)?.len(), 6);
        Ok(())
    }
}
