//! The PostgreSQL side of `tamga watch`'s state (see `crate::watch`): the same tables and
//! answers as SQLite's, times as UTC text.

use super::PgStore;
use crate::error::{At, Result};
use crate::watch::{Alert, AlertHit, DayCount, FetchRecord, WatchSource};
use std::collections::HashSet;

const NOW: &str = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl PgStore {
    pub(crate) fn watch_sources(&self, target: Option<&str>) -> Result<Vec<WatchSource>> {
        let rows = self.with(|c| {
            c.query(
                "SELECT target, name, kind, etag, last_modified, last_fetch, last_ok, last_error, \
                 fetches, errors, items FROM watch_sources \
                 WHERE $1::text IS NULL OR target = $1 ORDER BY target COLLATE \"C\"",
                &[&target],
            )
        })?;
        rows.iter()
            .map(|r| {
                Ok(WatchSource {
                    target: r.try_get(0)?,
                    name: r.try_get(1)?,
                    kind: r.try_get(2)?,
                    etag: r.try_get(3)?,
                    last_modified: r.try_get(4)?,
                    last_fetch: r.try_get(5)?,
                    last_ok: r.try_get(6)?,
                    last_error: r.try_get(7)?,
                    fetches: to_u64(r.try_get(8)?),
                    errors: to_u64(r.try_get(9)?),
                    items: to_u64(r.try_get(10)?),
                })
            })
            .collect::<std::result::Result<_, postgres::Error>>()
            .at(&self.path)
    }

    pub(crate) fn watch_seen(&self, target: &str, items: &[String]) -> Result<HashSet<String>> {
        let rows = self.with(|c| {
            c.query(
                "SELECT item FROM watch_seen WHERE source = $1 AND item = ANY($2)",
                &[&target, &items],
            )
        })?;
        rows.iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<_, postgres::Error>>()
            .at(&self.path)
    }

    pub(crate) fn record_fetch(&mut self, r: &FetchRecord<'_>) -> Result<()> {
        let ok = r.error.is_none();
        self.write(|tx, path| {
            tx.execute(
                &format!(
                    "INSERT INTO watch_sources (target, name, kind, last_fetch, last_ok, \
                     last_error, fetches, errors, items) VALUES ($1, $2, $3, {NOW}, \
                     CASE WHEN $4 THEN {NOW} END, $5, 1, CASE WHEN $4 THEN 0 ELSE 1 END, 0) \
                     ON CONFLICT (target) DO UPDATE SET name = excluded.name, \
                     kind = excluded.kind, last_fetch = excluded.last_fetch, \
                     last_ok = coalesce(excluded.last_ok, watch_sources.last_ok), \
                     last_error = excluded.last_error, fetches = watch_sources.fetches + 1, \
                     errors = watch_sources.errors + excluded.errors"
                ),
                &[&r.target, &r.name, &r.kind, &ok, &r.error],
            )
            .at(path)?;
            if let Some((etag, lm)) = r.validators {
                tx.execute(
                    "UPDATE watch_sources SET etag = $2, last_modified = $3 WHERE target = $1",
                    &[&r.target, &etag, &lm],
                )
                .at(path)?;
            }
            let added = tx
                .execute(
                    &format!(
                        "INSERT INTO watch_seen (source, item, seen_at) \
                         SELECT $1, i, {NOW} FROM unnest($2::text[]) AS i \
                         ON CONFLICT DO NOTHING"
                    ),
                    &[&r.target, &r.seen],
                )
                .at(path)?;
            tx.execute(
                "UPDATE watch_sources SET items = items + $2 WHERE target = $1",
                &[&r.target, &i64::try_from(added).unwrap_or(i64::MAX)],
            )
            .at(path)?;
            Ok(())
        })
    }

    pub(crate) fn add_alert(&mut self, alert: &Alert, known: &[String]) -> Result<bool> {
        self.write(|tx, path| {
            let added = tx
                .execute(
                    &format!(
                        "INSERT INTO alerts (name, query, webhook, jsonl, mail, created_at) \
                         VALUES ($1, $2, $3, $4, $5, {NOW}) ON CONFLICT DO NOTHING"
                    ),
                    &[
                        &alert.name,
                        &alert.query,
                        &alert.webhook,
                        &alert.jsonl,
                        &alert.mail,
                    ],
                )
                .at(path)?;
            if added == 0 {
                return Ok(false);
            }
            insert_known(tx, path, &alert.name, known)?;
            Ok(true)
        })
    }

    pub(crate) fn alerts(&self) -> Result<Vec<Alert>> {
        let rows = self.with(|c| {
            c.query(
                "SELECT name, query, webhook, jsonl, mail, created_at FROM alerts \
                 ORDER BY name COLLATE \"C\"",
                &[],
            )
        })?;
        rows.iter()
            .map(|r| {
                Ok(Alert {
                    name: r.try_get(0)?,
                    query: r.try_get(1)?,
                    webhook: r.try_get(2)?,
                    jsonl: r.try_get(3)?,
                    mail: r.try_get(4)?,
                    created_at: r.try_get(5)?,
                })
            })
            .collect::<std::result::Result<_, postgres::Error>>()
            .at(&self.path)
    }

    pub(crate) fn remove_alert(&mut self, name: &str) -> Result<bool> {
        self.write(|tx, path| {
            tx.execute("DELETE FROM alert_events WHERE alert = $1", &[&name])
                .at(path)?;
            tx.execute("DELETE FROM alert_hits WHERE alert = $1", &[&name])
                .at(path)?;
            let n = tx
                .execute("DELETE FROM alerts WHERE name = $1", &[&name])
                .at(path)?;
            Ok(n > 0)
        })
    }

    pub(crate) fn alert_known(&self, name: &str, events: &[String]) -> Result<HashSet<String>> {
        let rows = self.with(|c| {
            c.query(
                "SELECT event FROM alert_events WHERE alert = $1 AND event = ANY($2)",
                &[&name, &events],
            )
        })?;
        rows.iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<_, postgres::Error>>()
            .at(&self.path)
    }

    pub(crate) fn record_alert_hits(
        &mut self,
        name: &str,
        hits: &[(String, String)],
        events: &[String],
    ) -> Result<()> {
        self.write(|tx, path| {
            for (cluster, payload) in hits {
                tx.execute(
                    &format!(
                        "INSERT INTO alert_hits (alert, cluster, fired_at, payload, delivered) \
                         VALUES ($1, $2, {NOW}, $3, false)"
                    ),
                    &[&name, cluster, payload],
                )
                .at(path)?;
            }
            insert_known(tx, path, name, events)
        })
    }

    pub(crate) fn alert_hits(
        &self,
        alert: Option<&str>,
        pending_only: bool,
        limit: Option<usize>,
    ) -> Result<Vec<AlertHit>> {
        let order = if pending_only { "ASC" } else { "DESC" };
        let lim = limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX));
        let rows = self.with(|c| {
            c.query(
                &format!(
                    "SELECT seq, alert, cluster, fired_at, payload, delivered, error \
                     FROM alert_hits WHERE ($1::text IS NULL OR alert = $1) \
                     AND (NOT $2 OR NOT delivered) ORDER BY seq {order} LIMIT $3"
                ),
                &[&alert, &pending_only, &lim],
            )
        })?;
        rows.iter()
            .map(|r| {
                Ok(AlertHit {
                    seq: r.try_get(0)?,
                    alert: r.try_get(1)?,
                    cluster: r.try_get(2)?,
                    fired_at: r.try_get(3)?,
                    payload: r.try_get(4)?,
                    delivered: r.try_get(5)?,
                    error: r.try_get(6)?,
                })
            })
            .collect::<std::result::Result<_, postgres::Error>>()
            .at(&self.path)
    }

    pub(crate) fn mark_alert_delivered(&self, seq: i64, error: Option<&str>) -> Result<()> {
        self.with(|c| {
            c.execute(
                "UPDATE alert_hits SET delivered = true, error = $2 WHERE seq = $1",
                &[&seq, &error],
            )
        })?;
        Ok(())
    }

    pub(crate) fn activity_by_day(&self, days: usize) -> Result<Vec<DayCount>> {
        let lim = i64::try_from(days).unwrap_or(i64::MAX);
        let rows = self.with(|c| {
            c.query(
                "SELECT day, sum(d)::bigint, sum(e)::bigint FROM ( \
                   SELECT to_char(ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, \
                          count(*) AS d, 0::bigint AS e FROM documents GROUP BY 1 \
                   UNION ALL \
                   SELECT to_char(coded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 0, sum(events) \
                     FROM coded GROUP BY 1) t \
                 GROUP BY day ORDER BY day DESC LIMIT $1",
                &[&lim],
            )
        })?;
        rows.iter()
            .map(|r| {
                Ok(DayCount {
                    day: r.try_get(0)?,
                    documents: to_u64(r.try_get(1)?),
                    events: to_u64(r.try_get(2)?),
                })
            })
            .collect::<std::result::Result<_, postgres::Error>>()
            .at(&self.path)
    }
}

fn insert_known(
    tx: &mut postgres::Transaction<'_>,
    path: &std::path::Path,
    name: &str,
    events: &[String],
) -> Result<()> {
    tx.execute(
        "INSERT INTO alert_events (alert, event) SELECT $1, e FROM unnest($2::text[]) AS e \
         ON CONFLICT DO NOTHING",
        &[&name, &events],
    )
    .at(path)?;
    Ok(())
}
