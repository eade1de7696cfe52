//! What `tamga watch` keeps between rounds and processes: each source's fetch state
//! (validators, last fetch, errors), the items already ingested per source, saved alert
//! queries with the events each has already reported, and the alerts fired (delivered or
//! pending). SQLite here; `pg::watch` has the same methods for PostgreSQL.

use crate::error::{At, Result};
use crate::{Backend, Store};
use rusqlite::{params, Connection, TransactionBehavior};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// One watched source's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WatchSource {
    /// The URL or folder, as the sources file gives it.
    pub target: String,
    pub name: Option<String>,
    /// `feed`, `sitemap`, `page`, `folder`, or `url` before its first successful fetch.
    pub kind: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// When it was last fetched (or scanned), `YYYY-MM-DDTHH:MM:SSZ`, successful or not.
    pub last_fetch: Option<String>,
    /// When it last succeeded.
    pub last_ok: Option<String>,
    /// The last fetch's error; `None` after a success.
    pub last_error: Option<String>,
    pub fetches: u64,
    pub errors: u64,
    /// Items ingested from it, over all rounds.
    pub items: u64,
}

/// The outcome of one fetch of one source, recorded with [`Store::record_fetch`] after the
/// items it brought are stored.
#[derive(Debug, Clone, Default)]
pub struct FetchRecord<'a> {
    pub target: &'a str,
    pub name: Option<&'a str>,
    pub kind: &'a str,
    /// Set on failure; the validators are then kept as they were.
    pub error: Option<&'a str>,
    /// New validators (on a full 200 response); `None` keeps the stored ones.
    pub validators: Option<(Option<&'a str>, Option<&'a str>)>,
    /// Item keys now ingested (feed item URIs, page URLs, folder file keys).
    pub seen: &'a [String],
}

/// A saved query and where its alerts go (besides stdout and the store).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub name: String,
    /// The `tamga events` filter arguments, as given.
    pub query: String,
    pub webhook: Option<String>,
    pub jsonl: Option<String>,
    pub mail: Option<String>,
    pub created_at: String,
}

/// One alert fired: a new cluster matched a saved query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertHit {
    pub seq: i64,
    pub alert: String,
    pub cluster: String,
    pub fired_at: String,
    /// The JSON sent to the webhook and written to the JSONL file.
    pub payload: String,
    pub delivered: bool,
    /// A delivery failure (webhook down after its retries, file not writable).
    pub error: Option<String>,
}

/// Documents ingested and events coded on one day (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub day: String,
    pub documents: u64,
    pub events: u64,
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    fn sqlite(&self) -> std::result::Result<&Connection, &crate::pg::PgStore> {
        match &self.backend {
            Backend::Sqlite(c) => Ok(c),
            Backend::Postgres(pg) => Err(pg),
        }
    }

    /// Every watched source's state, by target.
    pub fn watch_sources(&self) -> Result<Vec<WatchSource>> {
        let c = match self.sqlite() {
            Ok(c) => c,
            Err(pg) => return pg.watch_sources(None),
        };
        sources(c, &self.path, None)
    }

    /// One source's state, if it was ever fetched.
    pub fn watch_source(&self, target: &str) -> Result<Option<WatchSource>> {
        let c = match self.sqlite() {
            Ok(c) => c,
            Err(pg) => return Ok(pg.watch_sources(Some(target))?.pop()),
        };
        Ok(sources(c, &self.path, Some(target))?.pop())
    }

    /// Which of `items` were already ingested from source `target`.
    pub fn watch_seen(&self, target: &str, items: &[String]) -> Result<HashSet<String>> {
        let c = match self.sqlite() {
            Ok(c) => c,
            Err(pg) => return pg.watch_seen(target, items),
        };
        let mut stmt = c
            .prepare_cached("SELECT 1 FROM watch_seen WHERE source = ?1 AND item = ?2")
            .at(&self.path)?;
        let mut out = HashSet::new();
        for item in items {
            if stmt.exists(params![target, item]).at(&self.path)? {
                out.insert(item.clone());
            }
        }
        Ok(out)
    }

    /// Records one fetch of a source and the items it ingested, in one transaction.
    pub fn record_fetch(&mut self, r: &FetchRecord<'_>) -> Result<()> {
        let conn = match &mut self.backend {
            Backend::Sqlite(c) => c,
            Backend::Postgres(pg) => return pg.record_fetch(r),
        };
        let path = &self.path;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        let ok = r.error.is_none();
        tx.execute(
            &format!(
                "INSERT INTO watch_sources (target, name, kind, last_fetch, last_ok, last_error, \
                 fetches, errors, items) VALUES (?1, ?2, ?3, {NOW}, CASE WHEN ?4 THEN {NOW} END, ?5, \
                 1, CASE WHEN ?4 THEN 0 ELSE 1 END, 0) \
                 ON CONFLICT (target) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                 last_fetch = excluded.last_fetch, \
                 last_ok = coalesce(excluded.last_ok, watch_sources.last_ok), \
                 last_error = excluded.last_error, fetches = watch_sources.fetches + 1, \
                 errors = watch_sources.errors + excluded.errors"
            ),
            params![r.target, r.name, r.kind, ok, r.error],
        )
        .at(path)?;
        if let Some((etag, lm)) = r.validators {
            tx.execute(
                "UPDATE watch_sources SET etag = ?2, last_modified = ?3 WHERE target = ?1",
                params![r.target, etag, lm],
            )
            .at(path)?;
        }
        let mut added = 0u64;
        {
            let mut stmt = tx
                .prepare_cached(&format!(
                    "INSERT OR IGNORE INTO watch_seen (source, item, seen_at) VALUES (?1, ?2, {NOW})"
                ))
                .at(path)?;
            for item in r.seen {
                added += stmt.execute(params![r.target, item]).at(path)? as u64;
            }
        }
        tx.execute(
            "UPDATE watch_sources SET items = items + ?2 WHERE target = ?1",
            params![r.target, i64::try_from(added).unwrap_or(i64::MAX)],
        )
        .at(path)?;
        tx.commit().at(path)
    }

    /// Saves an alert, with `known` (the ids of the events matching it now) as already
    /// reported, so it fires only for clusters that appear later. `false` if the name is taken.
    pub fn add_alert(&mut self, alert: &Alert, known: &[String]) -> Result<bool> {
        let conn = match &mut self.backend {
            Backend::Sqlite(c) => c,
            Backend::Postgres(pg) => return pg.add_alert(alert, known),
        };
        let path = &self.path;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        let added = tx
            .execute(
                &format!(
                    "INSERT OR IGNORE INTO alerts (name, query, webhook, jsonl, mail, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, {NOW})"
                ),
                params![
                    alert.name,
                    alert.query,
                    alert.webhook,
                    alert.jsonl,
                    alert.mail
                ],
            )
            .at(path)?;
        if added == 0 {
            return Ok(false);
        }
        insert_known(&tx, path, &alert.name, known)?;
        tx.commit().at(path)?;
        Ok(true)
    }

    /// Saved alerts, by name.
    pub fn alerts(&self) -> Result<Vec<Alert>> {
        let c = match self.sqlite() {
            Ok(c) => c,
            Err(pg) => return pg.alerts(),
        };
        let mut stmt = c
            .prepare(
                "SELECT name, query, webhook, jsonl, mail, created_at FROM alerts ORDER BY name",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Alert {
                    name: r.get(0)?,
                    query: r.get(1)?,
                    webhook: r.get(2)?,
                    jsonl: r.get(3)?,
                    mail: r.get(4)?,
                    created_at: r.get(5)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Removes an alert with its history; `false` if there was none by that name.
    pub fn remove_alert(&mut self, name: &str) -> Result<bool> {
        let conn = match &mut self.backend {
            Backend::Sqlite(c) => c,
            Backend::Postgres(pg) => return pg.remove_alert(name),
        };
        let path = &self.path;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        tx.execute("DELETE FROM alert_events WHERE alert = ?1", [name])
            .at(path)?;
        tx.execute("DELETE FROM alert_hits WHERE alert = ?1", [name])
            .at(path)?;
        let n = tx
            .execute("DELETE FROM alerts WHERE name = ?1", [name])
            .at(path)?;
        tx.commit().at(path)?;
        Ok(n > 0)
    }

    /// Which of `events` alert `name` has already reported (or knew when it was added).
    pub fn alert_known(&self, name: &str, events: &[String]) -> Result<HashSet<String>> {
        let c = match self.sqlite() {
            Ok(c) => c,
            Err(pg) => return pg.alert_known(name, events),
        };
        let mut stmt = c
            .prepare_cached("SELECT 1 FROM alert_events WHERE alert = ?1 AND event = ?2")
            .at(&self.path)?;
        let mut out = HashSet::new();
        for e in events {
            if stmt.exists(params![name, e]).at(&self.path)? {
                out.insert(e.clone());
            }
        }
        Ok(out)
    }

    /// Records, in one transaction, the alerts fired for new clusters (`(cluster, payload)`,
    /// pending delivery) and `events` as known to alert `name`.
    pub fn record_alert_hits(
        &mut self,
        name: &str,
        hits: &[(String, String)],
        events: &[String],
    ) -> Result<()> {
        let conn = match &mut self.backend {
            Backend::Sqlite(c) => c,
            Backend::Postgres(pg) => return pg.record_alert_hits(name, hits, events),
        };
        let path = &self.path;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        {
            let mut stmt = tx
                .prepare_cached(&format!(
                    "INSERT INTO alert_hits (alert, cluster, fired_at, payload, delivered) \
                     VALUES (?1, ?2, {NOW}, ?3, 0)"
                ))
                .at(path)?;
            for (cluster, payload) in hits {
                stmt.execute(params![name, cluster, payload]).at(path)?;
            }
        }
        insert_known(&tx, path, name, events)?;
        tx.commit().at(path)
    }

    /// Fired alerts, newest first: all, or one alert's, or only those not delivered yet
    /// (oldest first then, the order to deliver them in).
    pub fn alert_hits(
        &self,
        alert: Option<&str>,
        pending_only: bool,
        limit: Option<usize>,
    ) -> Result<Vec<AlertHit>> {
        let c = match self.sqlite() {
            Ok(c) => c,
            Err(pg) => return pg.alert_hits(alert, pending_only, limit),
        };
        let order = if pending_only { "ASC" } else { "DESC" };
        let mut stmt = c
            .prepare(&format!(
                "SELECT seq, alert, cluster, fired_at, payload, delivered, error FROM alert_hits \
                 WHERE (?1 IS NULL OR alert = ?1) AND (NOT ?2 OR delivered = 0) \
                 ORDER BY seq {order} LIMIT ?3"
            ))
            .at(&self.path)?;
        let lim = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let rows = stmt
            .query_map(params![alert, pending_only, lim], |r| {
                Ok(AlertHit {
                    seq: r.get(0)?,
                    alert: r.get(1)?,
                    cluster: r.get(2)?,
                    fired_at: r.get(3)?,
                    payload: r.get(4)?,
                    delivered: r.get(5)?,
                    error: r.get(6)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Marks a fired alert as delivered, with the delivery error if a channel failed.
    pub fn mark_alert_delivered(&mut self, seq: i64, error: Option<&str>) -> Result<()> {
        let c = match &self.backend {
            Backend::Sqlite(c) => c,
            Backend::Postgres(pg) => return pg.mark_alert_delivered(seq, error),
        };
        c.execute(
            "UPDATE alert_hits SET delivered = 1, error = ?2 WHERE seq = ?1",
            params![seq, error],
        )
        .at(&self.path)?;
        Ok(())
    }

    /// Documents ingested and events coded per day (UTC) over the last `days` days that had
    /// any, newest first.
    pub fn activity_by_day(&self, days: usize) -> Result<Vec<DayCount>> {
        let c = match self.sqlite() {
            Ok(c) => c,
            Err(pg) => return pg.activity_by_day(days),
        };
        let mut stmt = c
            .prepare(
                "SELECT day, sum(d), sum(e) FROM ( \
                   SELECT substr(ingested_at, 1, 10) AS day, count(*) AS d, 0 AS e \
                     FROM documents GROUP BY day \
                   UNION ALL \
                   SELECT substr(coded_at, 1, 10) AS day, 0, sum(events) FROM coded GROUP BY day) \
                 GROUP BY day ORDER BY day DESC LIMIT ?1",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([i64::try_from(days).unwrap_or(i64::MAX)], |r| {
                Ok(DayCount {
                    day: r.get(0)?,
                    documents: to_u64(r.get(1)?),
                    events: to_u64(r.get(2)?),
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }
}

fn sources(c: &Connection, path: &Path, target: Option<&str>) -> Result<Vec<WatchSource>> {
    let mut stmt = c
        .prepare(
            "SELECT target, name, kind, etag, last_modified, last_fetch, last_ok, last_error, \
             fetches, errors, items FROM watch_sources WHERE ?1 IS NULL OR target = ?1 \
             ORDER BY target",
        )
        .at(path)?;
    let rows = stmt
        .query_map([target], |r| {
            Ok(WatchSource {
                target: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                etag: r.get(3)?,
                last_modified: r.get(4)?,
                last_fetch: r.get(5)?,
                last_ok: r.get(6)?,
                last_error: r.get(7)?,
                fetches: to_u64(r.get(8)?),
                errors: to_u64(r.get(9)?),
                items: to_u64(r.get(10)?),
            })
        })
        .at(path)?;
    rows.collect::<rusqlite::Result<_>>().at(path)
}

fn insert_known(c: &Connection, path: &Path, name: &str, events: &[String]) -> Result<()> {
    let mut stmt = c
        .prepare_cached("INSERT OR IGNORE INTO alert_events (alert, event) VALUES (?1, ?2)")
        .at(path)?;
    for e in events {
        stmt.execute(params![name, e]).at(path)?;
    }
    Ok(())
}
