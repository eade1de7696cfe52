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
