//! Errors of the store. Every variant names the database (a file path, or a PostgreSQL URL
//! with its password masked), so a message read in a log says which store was at fault.

use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An SQLite failure: cannot open, busy past the timeout, disk full, I/O error...
    #[error("{}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// A PostgreSQL failure: cannot connect, a query refused, a serialization failure that
    /// persisted past the retries... `path` is the database URL without its password.
    /// (`cause` is not chained as an error source: the message already carries the
    /// server's words, and a chain would print them twice.)
    #[error("{}: {}", path.display(), pg_detail(cause))]
    Postgres {
        path: PathBuf,
        cause: postgres::Error,
    },
    /// Opened for reading only, and there is no store at that path.
    #[error("{}: no tamga store at this path", path.display())]
    Missing { path: PathBuf },
    /// A SQLite file, but not one tamga created.
    #[error("{}: not a tamga store (application_id {found:#x})", path.display())]
    NotTamga { path: PathBuf, found: i64 },
    /// Written by a newer tamga: this binary does not know its schema.
    #[error(
        "{}: store schema version {found} is newer than this tamga supports ({supported}); \
         upgrade tamga",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// Written by an older tamga and opened read-only, so it cannot be migrated.
    #[error(
        "{}: store schema version {found} is older than this tamga's ({supported}); open it \
         once for writing (e.g. `tamga ingest`) to upgrade it",
        path.display()
    )]
    Outdated {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// An id prefix that matches more than one document.
    #[error(
        "{}: id prefix {prefix:?} is ambiguous: matches {}{}",
        path.display(),
        candidates.join(", "),
        if *more { ", ..." } else { "" }
    )]
    AmbiguousPrefix {
        path: PathBuf,
        prefix: String,
        /// The first few matching ids, in id order.
        candidates: Vec<String>,
        /// Whether more ids than `candidates` match.
        more: bool,
    },
    /// A document handed to `write_batch` that cannot be stored as is (paragraph offsets
    /// outside its text, an empty id). The whole batch is rolled back.
    #[error("{}: document {id:?} ({uri}): {detail}", path.display())]
    InvalidDocument {
        path: PathBuf,
        id: String,
        uri: String,
        detail: String,
    },
    /// An event handed to `write_coded` that cannot be stored (it names another document,
    /// has no id, or reuses the id of another document's event). The whole batch is rolled
    /// back.
    #[error("{}: event {id:?} of document {doc}: {detail}", path.display())]
    InvalidEvent {
        path: PathBuf,
        id: String,
        doc: String,
        detail: String,
    },
    /// A stored row that does not decode (edited by hand, or damaged).
    #[error("{}: corrupt row in {table} ({key}): {detail}", path.display())]
    Corrupt {
        path: PathBuf,
        table: &'static str,
        key: String,
        detail: String,
    },
}

/// Attaches the database path to SQLite errors.
pub(crate) trait At<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> At<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|source| Error::Sqlite {
            path: path.to_path_buf(),
            source,
        })
    }
}

impl<T> At<T> for std::result::Result<T, postgres::Error> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|cause| Error::Postgres {
            path: path.to_path_buf(),
            cause,
        })
    }
}

/// The server's message and detail when there is one: `postgres::Error`'s own display says
/// only "db error".
fn pg_detail(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = format!("{}: {} ({})", db.severity(), db.message(), db.code().code());
            if let Some(d) = db.detail() {
                s.push_str(": ");
                s.push_str(d);
            }
            s
        }
        None => e.to_string(),
    }
}

impl Error {
    /// A PostgreSQL error worth retrying the whole transaction for: a serialization
    /// failure or a deadlock between concurrent writers.
    pub(crate) fn is_transient(&self) -> bool {
        use postgres::error::SqlState;
        match self {
            Error::Postgres { cause, .. } => matches!(
                cause.code(),
                Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED
            ),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_database() {
        let e = Error::TooNew {
            path: PathBuf::from("/data/tamga.db"),
            found: 9,
            supported: 1,
        };
        let msg = e.to_string();
        assert!(msg.starts_with("/data/tamga.db: "), "{msg}");
        assert!(msg.contains("version 9") && msg.contains("(1)"), "{msg}");

        let e = Error::AmbiguousPrefix {
            path: PathBuf::from("t.db"),
            prefix: "ab".into(),
            candidates: vec!["ab01".into(), "ab02".into()],
            more: true,
        };
        assert_eq!(
            e.to_string(),
            "t.db: id prefix \"ab\" is ambiguous: matches ab01, ab02, ..."
        );
    }
}
