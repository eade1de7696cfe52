//! The PostgreSQL backend behind [`crate::Store`]: the same logical schema, dedup rules and
//! queries as the SQLite one, for a team sharing one database. Writers in several processes
//! are safe together: batches of documents take a per-schema advisory lock (dedup needs one
//! order), coded documents lock their rows, reclustering excludes writers, and a transaction
//! failing on a serialization error or a deadlock is retried whole.

mod read;
mod schema;
mod watch;
mod write;

use crate::error::{At, Error, Result};
use postgres::{Client, NoTls};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(crate) use schema::MIGRATIONS;

/// Advisory lock numbers, second key after the schema's hash (so stores in different
/// schemas of one database do not wait for each other).
const LOCK_MIGRATE: i32 = 0;
const LOCK_DOCUMENTS: i32 = 1;
/// Taken shared by event writers, exclusively by reclustering.
const LOCK_CLUSTERS: i32 = 2;

/// Whole-transaction retries on serialization failures and deadlocks.
const RETRIES: u32 = 10;

/// Whether `target` names a PostgreSQL database rather than a SQLite file.
pub fn is_url(target: &str) -> bool {
    let t = target.trim_start();
    ["postgres://", "postgresql://"].iter().any(|s| {
        t.get(..s.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(s))
    })
}

/// The URL with its password (in the user part or a `password=` parameter) replaced by
/// `***`, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    // The user part ends at the last `@` before the query: a password may hold `/` or `@`.
    let query_at = rest.find('?').unwrap_or(rest.len());
    let mut out = format!("{scheme}://");
    let tail = match rest[..query_at].rfind('@') {
        Some(at) => {
            let user = &rest[..at];
            match user.split_once(':') {
                Some((name, _)) => {
                    out.push_str(name);
                    out.push_str(":***");
                }
                None => out.push_str(user),
            }
            &rest[at..]
        }
        None => rest,
    };
    match tail.split_once('?') {
        Some((path, query)) => {
            out.push_str(path);
            out.push('?');
            let params: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_owned(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
        None => out.push_str(tail),
    }
    out
}

/// One PostgreSQL store handle: a connection, plus a second one opened on demand for reads
/// made from inside a streaming read's callback (the first is busy streaming), reading the
/// streaming transaction's snapshot.
pub(crate) struct PgStore {
    client: RefCell<Client>,
    side: RefCell<Option<Side>>,
    /// The snapshot a streaming read exported, while it runs.
    snapshot: RefCell<Option<String>>,
    url: String,
    path: PathBuf,
    staging: bool,
}

struct Side {
    client: Client,
    /// The snapshot its open transaction reads, if one is open.
    in_snapshot: Option<String>,
}

fn connect_client(url: &str, path: &Path) -> Result<Client> {
    let mut client = Client::connect(url, NoTls).at(path)?;
    // Server notices (e.g. "relation already exists, skipping") are not worth a log line.
    client
        .batch_execute("SET client_min_messages = warning")
        .at(path)?;
    Ok(client)
}

impl PgStore {
    pub(crate) fn open(url: &str, read_only: bool) -> Result<Self> {
        let path = PathBuf::from(redact(url));
        let mut client = connect_client(url, &path)?;
        if read_only {
            check_version(&mut client, &path)?;
            client
                .batch_execute("SET default_transaction_read_only = on")
                .at(&path)?;
        } else {
            migrate(&mut client, &path, MIGRATIONS)?;
        }
        Ok(Self {
            client: RefCell::new(client),
            side: RefCell::new(None),
            snapshot: RefCell::new(None),
            url: url.to_owned(),
            path,
            staging: false,
        })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// What cancels the main connection's running statement from another thread.
    pub(crate) fn cancel_token(&self) -> Option<postgres::CancelToken> {
        self.client.try_borrow().ok().map(|c| c.cancel_token())
    }

    /// A new read-only handle on the same database.
    pub(crate) fn reopen_read_only(&self) -> Result<Self> {
        Self::open(&self.url, true)
    }

    /// Runs `f` on the main connection, or, when a streaming read holds it, on the side
    /// connection inside the streaming read's snapshot.
    fn with<R>(&self, f: impl FnOnce(&mut Client) -> Result<R, postgres::Error>) -> Result<R> {
        if let Ok(mut c) = self.client.try_borrow_mut() {
            return f(&mut c).at(&self.path);
        }
        let mut side = self.side.borrow_mut();
        let side = match side.as_mut() {
            Some(s) => s,
            None => side.insert(Side {
                client: connect_client(&self.url, &self.path)?,
                in_snapshot: None,
            }),
        };
        let want = self.snapshot.borrow().clone();
        if side.in_snapshot != want {
            if side.in_snapshot.is_some() {
                side.client.batch_execute("COMMIT").at(&self.path)?;
                side.in_snapshot = None;
            }
            if let Some(snap) = &want {
                // The id comes from pg_export_snapshot(); SET TRANSACTION SNAPSHOT takes no
                // parameters, so only a well-formed id is spliced in.
                if !snap.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
                    return Err(Error::Corrupt {
                        path: self.path.clone(),
                        table: "pg_export_snapshot",
                        key: snap.clone(),
                        detail: "unexpected snapshot id".into(),
                    });
                }
                side.client
                    .batch_execute(&format!(
                        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; \
                         SET TRANSACTION SNAPSHOT '{snap}'"
                    ))
                    .at(&self.path)?;
                side.in_snapshot = Some(snap.clone());
            }
        }
        f(&mut side.client).at(&self.path)
    }

    /// Ends the side connection's snapshot transaction once a streaming read is over.
    fn end_snapshot(&self) {
        *self.snapshot.borrow_mut() = None;
        if let Some(side) = self.side.borrow_mut().as_mut() {
            if side.in_snapshot.take().is_some() {
                // A failure here only leaves a read-only transaction open; the next use
                // commits it or the connection closes with the handle.
                let _ = side.client.batch_execute("COMMIT");
            }
        }
    }

    /// Runs a write transaction, again from the start when it fails on a serialization
    /// error or a deadlock with another writer.
    fn write<R>(
        &mut self,
        mut f: impl FnMut(&mut postgres::Transaction<'_>, &Path) -> Result<R>,
    ) -> Result<R> {
        if !self.staging {
            self.client
                .get_mut()
                .batch_execute(schema::STAGING)
                .at(&self.path)?;
            self.staging = true;
        }
        let path = self.path.clone();
        let mut attempt = 0;
        loop {
            let client = self.client.get_mut();
            let result = (|| -> Result<R> {
                let mut tx = client.transaction().at(&path)?;
                let r = f(&mut tx, &path)?;
                tx.commit().at(&path)?;
                Ok(r)
            })();
            match result {
                Err(e) if e.is_transient() && attempt < RETRIES => {
                    attempt += 1;
                    tracing::debug!(attempt, error = %e, "retrying a PostgreSQL transaction");
                    std::thread::sleep(Duration::from_millis(5 << attempt.min(6)));
                }
                other => return other,
            }
        }
    }
}

/// Takes one of the store's advisory locks until the transaction ends.
fn lock(tx: &mut postgres::Transaction<'_>, path: &Path, which: i32, shared: bool) -> Result<()> {
    let sql = if shared {
        "SELECT pg_advisory_xact_lock_shared(hashtext(current_schema()), $1)"
    } else {
        "SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1)"
    };
    tx.execute(sql, &[&which]).at(path)?;
    Ok(())
}

fn to_version(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The schema version: the last step recorded in `schema_version`, 0 without the table.
fn version(client: &mut impl postgres::GenericClient, path: &Path) -> Result<i32> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])
        .at(path)?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i32> = client
        .query_one("SELECT max(version) FROM schema_version", &[])
        .at(path)?
        .get(0);
    Ok(v.unwrap_or(0))
}

fn check_version(client: &mut Client, path: &Path) -> Result<()> {
    let found = i64::from(version(client, path)?);
    let supported = i64::from(to_version(MIGRATIONS.len()));
    if found == 0 {
        return Err(Error::Missing {
            path: path.to_path_buf(),
        });
    }
    if found > supported {
        return Err(Error::TooNew {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    if found < supported {
        return Err(Error::Outdated {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    Ok(())
}

/// Applies the steps not applied yet, all in one transaction, under an advisory lock so
/// that two processes opening a fresh database at once do not both migrate.
pub(crate) fn migrate(client: &mut Client, path: &Path, steps: &[&str]) -> Result<()> {
    let supported = to_version(steps.len());
    if version(client, path)? == supported {
        return Ok(());
    }
    let mut tx = client.transaction().at(path)?;
    lock(&mut tx, path, LOCK_MIGRATE, false)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version    integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )",
    )
    .at(path)?;
    let done = version(&mut tx, path)?;
    if done > supported {
        return Err(Error::TooNew {
            path: path.to_path_buf(),
            found: i64::from(done),
            supported: i64::from(supported),
        });
    }
    for (i, step) in steps
        .iter()
        .enumerate()
        .skip(usize::try_from(done).unwrap_or(0))
    {
        let v = to_version(i + 1);
        tracing::info!(path = %path.display(), version = v, "migrating store");
        tx.batch_execute(step).at(path)?;
        tx.execute("INSERT INTO schema_version (version) VALUES ($1)", &[&v])
            .at(path)?;
    }
    tx.commit().at(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_recognized_and_passwords_masked() {
        assert!(is_url("postgres://u@h/db"));
        assert!(is_url("PostgreSQL://u@h/db"));
        assert!(!is_url("tamga.db"));
        assert!(!is_url("/data/postgres://x"));
        assert_eq!(
            redact("postgres://alice:s3cr%40t@db.example:5433/tamga?sslmode=disable"),
            "postgres://alice:***@db.example:5433/tamga?sslmode=disable"
        );
        assert_eq!(
            redact("postgresql://alice@h/db?password=hunter2&application_name=x"),
            "postgresql://alice@h/db?password=***&application_name=x"
        );
        assert_eq!(redact("postgres://h"), "postgres://h");
        assert_eq!(redact("postgres://a:b@h"), "postgres://a:***@h");
        assert_eq!(redact("postgres://a:p/q@w@h/db"), "postgres://a:***@h/db");
    }
}
