//! Aggregates for the HTTP API and web UI (`tamga serve`): events per period and type, events
//! per place with coordinates, the actor network, document summaries and a document's events.
//! Every aggregate takes the filters of [`EventQuery`] and counts what `events` would list.

use crate::error::{At, Result};
use crate::events::{conditions, EventQuery, FROM};
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

/// The WHERE clause selecting what [`Store::events`] lists for `q` (every mention, or the
/// head of each cluster with a matching mention), and its parameters; `None` when nothing
/// can match.
fn selection(q: &EventQuery) -> Option<(String, Vec<Value>)> {
    let (cond, args) = conditions(q)?;
    let filter = if cond.is_empty() {
        "1".to_owned()
    } else {
        cond.join(" AND ")
    };
    let filter = if q.mentions {
        filter
    } else {
        format!("e.id = e.cluster AND e.cluster IN (SELECT e.cluster {FROM} WHERE {filter})")
    };
    Some((filter, args))
}

fn read_tx<'c>(conn: &'c Connection, path: &Path) -> Result<Option<rusqlite::Transaction<'c>>> {
    crate::read::snapshot(conn, path)
}

impl Store {
    /// Matching events per period and type (what [`Store::events`] lists for `query`; its
    /// order, limit and offset are ignored), oldest period first.
    pub fn timeline(&self, query: &EventQuery, interval: Interval) -> Result<Timeline> {
        let path = &self.path;
        let mut out = Timeline {
            interval,
            ..Timeline::default()
        };
        let Some((filter, args)) = selection(query) else {
            return Ok(out);
        };
        // An event is in a period when all the days its date covers are.
        let period = match interval {
            Interval::Day => "e.date_first",
            Interval::Month => "substr(e.date_first, 1, 7)",
            Interval::Week => {
                "date(e.date_first, '-' || ((CAST(strftime('%w', e.date_first) AS INTEGER) + 6) % 7) || ' days')"
            }
        };
        let last = period.replace("date_first", "date_last");
        let sql = format!(
            "SELECT CASE WHEN e.date_first IS NOT NULL AND {period} = {last} THEN {period} END AS p, \
             e.type, count(*) {FROM} WHERE {filter} GROUP BY p, e.type ORDER BY p, e.type"
        );
        let tx = read_tx(&self.conn, path)?;
        let conn: &Connection = tx.as_deref().unwrap_or(&self.conn);
        let mut stmt = conn.prepare(&sql).at(path)?;
        let mut rows = stmt.query(params_from_iter(args)).at(path)?;
        while let Some(r) = rows.next().at(path)? {
            let period: Option<String> = r.get(0).at(path)?;
            let n = count(r.get(2).at(path)?);
            match period {
                Some(period) => out.buckets.push(TimelineBucket {
                    period,
                    event_type: r.get(1).at(path)?,
                    events: n,
                }),
                None => out.unplaced += n,
            }
        }
        Ok(out)
    }

    /// Matching events per place with coordinates, most events first; at most `limit` places.
    pub fn places(&self, query: &EventQuery, limit: Option<usize>) -> Result<Vec<PlaceCount>> {
        let path = &self.path;
        let Some((filter, mut args)) = selection(query) else {
            return Ok(Vec::new());
        };
        args.push(Value::Integer(sql_limit(limit)));
        let sql = format!(
            "SELECT json_extract(e.location, '$.name') AS n, json_extract(e.location, '$.country') AS c, \
             json_extract(e.location, '$.lat') AS lat, json_extract(e.location, '$.lon') AS lon, \
             count(*) AS k, sum(e.quad_class = 0), sum(e.quad_class = 1), sum(e.quad_class = 2), \
             sum(e.quad_class = 3), sum(e.quad_class = 4) \
             {FROM} WHERE {filter} AND e.location IS NOT NULL \
             AND json_extract(e.location, '$.lat') IS NOT NULL \
             AND json_extract(e.location, '$.lon') IS NOT NULL \
             GROUP BY n, c, lat, lon ORDER BY k DESC, n LIMIT ?{}",
            args.len()
        );
        let tx = read_tx(&self.conn, path)?;
        let conn: &Connection = tx.as_deref().unwrap_or(&self.conn);
        let mut stmt = conn.prepare(&sql).at(path)?;
        let mut rows = stmt.query(params_from_iter(args)).at(path)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().at(path)? {
            let mut quad = [0u64; 5];
            for (i, q) in quad.iter_mut().enumerate() {
                *q = count(r.get::<_, Option<i64>>(5 + i).at(path)?.unwrap_or(0));
            }
            out.push(PlaceCount {
                name: r.get::<_, Option<String>>(0).at(path)?.unwrap_or_default(),
                country: r.get(1).at(path)?,
                lat: r.get(2).at(path)?,
                lon: r.get(3).at(path)?,
                events: count(r.get(4).at(path)?),
                quad_classes: quad,
            });
        }
        Ok(out)
    }

    /// The actors of the matching events: the `max_nodes` actor codes named by most of them,
    /// and the events between those codes by type and quad class (most first).
    pub fn actor_network(&self, query: &EventQuery, max_nodes: usize) -> Result<ActorNetwork> {
        let path = &self.path;
        let Some((filter, args)) = selection(query) else {
            return Ok(ActorNetwork::default());
        };
        // The matching events, as a CTE both queries of the network start from.
        let matched = format!(
            "WITH serve_net AS (SELECT e.source_code AS s, e.target_code AS t, \
             coalesce(json_extract(e.source, '$.name'), json_extract(e.source, '$.text')) AS sn, \
             coalesce(json_extract(e.target, '$.name'), json_extract(e.target, '$.text')) AS tn, \
             json_extract(e.source, '$.country') AS sc, json_extract(e.target, '$.country') AS tc, \
             e.type AS ty, e.quad_class AS q {FROM} WHERE {filter})"
        );
        let tx = read_tx(&self.conn, path)?;
        let conn: &Connection = tx.as_deref().unwrap_or(&self.conn);
        network(conn, path, &matched, args, max_nodes)
    }

    /// Documents in ingest order (or best match first for `text`), without their text.
    pub fn document_summaries(
        &self,
        text: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocumentSummary>> {
        let path = &self.path;
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
        let tx = read_tx(&self.conn, path)?;
        let conn: &Connection = tx.as_deref().unwrap_or(&self.conn);
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
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM events WHERE doc_id = ?1 ORDER BY sentence_start, seq")
            .at(path)?;
        let rows = stmt.query_map([doc_id], |r| r.get(0)).at(path)?;
        rows.collect::<rusqlite::Result<_>>().at(path)
    }
}

fn network(
    conn: &Connection,
    path: &Path,
    matched: &str,
    args: Vec<Value>,
    max_nodes: usize,
) -> Result<ActorNetwork> {
    let mut net = ActorNetwork::default();
    let n = args.len();
    let mut node_args = args.clone();
    node_args.push(Value::Integer(sql_limit(Some(max_nodes))));
    let mut stmt = conn
        .prepare(&format!(
            "{matched}, sides AS (SELECT s AS code, sn AS name, sc AS country FROM serve_net \
             UNION ALL SELECT t, tn, tc FROM serve_net WHERE t IS NOT NULL), \
             names AS (SELECT code, name, country, count(*) AS k FROM sides GROUP BY code, name, country) \
             SELECT code, (SELECT n2.name FROM names n2 WHERE n2.code = n.code ORDER BY n2.k DESC, n2.name LIMIT 1), \
             (SELECT n3.country FROM names n3 WHERE n3.code = n.code AND n3.country IS NOT NULL ORDER BY n3.k DESC LIMIT 1), \
             sum(k) AS total FROM names n GROUP BY code ORDER BY total DESC, code LIMIT ?{}",
            n + 1
        ))
        .at(path)?;
    let mut rows = stmt.query(params_from_iter(node_args)).at(path)?;
    while let Some(r) = rows.next().at(path)? {
        let code: String = r.get(0).at(path)?;
        net.nodes.push(ActorNode {
            name: r
                .get::<_, Option<String>>(1)
                .at(path)?
                .unwrap_or_else(|| code.clone()),
            code,
            country: r.get(2).at(path)?,
            events: count(r.get(3).at(path)?),
        });
    }
    drop(rows);
    if net.nodes.is_empty() {
        return Ok(net);
    }
    let mut edge_args = args;
    edge_args.extend(net.nodes.iter().map(|n| Value::Text(n.code.clone())));
    let marks = (n + 1..=edge_args.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "{matched} SELECT s, t, ty, q, count(*) AS k FROM serve_net WHERE t IS NOT NULL \
         AND s IN ({marks}) AND t IN ({marks}) GROUP BY s, t, ty, q ORDER BY k DESC, s, t, ty"
    );
    let mut stmt = conn.prepare(&sql).at(path)?;
    let mut rows = stmt.query(params_from_iter(edge_args)).at(path)?;
    while let Some(r) = rows.next().at(path)? {
        let q: i64 = r.get(3).at(path)?;
        net.edges.push(ActorEdge {
            source: r.get(0).at(path)?,
            target: r.get(1).at(path)?,
            event_type: r.get(2).at(path)?,
            quad_class: u8::try_from(q).unwrap_or(0),
            events: count(r.get(4).at(path)?),
        });
    }
    Ok(net)
}
