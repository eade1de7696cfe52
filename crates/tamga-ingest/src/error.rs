//! Errors of the ingest stage. Every variant says where: the file, and the record or
//! line inside it, so one bad record can be reported and skipped while the batch goes on.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in the input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    /// 1-based record number (WARC record, feed item, JSONL line), if inside a container.
    pub record: Option<u64>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(r) = self.record {
            write!(f, " (record {r})")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{at}: cannot read: {source}")]
    Io {
        at: Location,
        #[source]
        source: std::io::Error,
    },
    #[error("{at}: {what} exceeds the limit of {limit} bytes")]
    TooLarge {
        at: Location,
        what: &'static str,
        limit: u64,
    },
    #[error("{at}: truncated or corrupt gzip data: {detail}")]
    Gzip { at: Location, detail: String },
    #[error("{at}: malformed {format}: {detail}")]
    Malformed {
        at: Location,
        format: &'static str,
        detail: String,
    },
    #[error("{at}: binary content, not text")]
    Binary { at: Location },
    #[error("{at}: no text found")]
    Empty { at: Location },
}

impl Error {
    pub fn location(&self) -> &Location {
        match self {
            Error::Io { at, .. }
            | Error::TooLarge { at, .. }
            | Error::Gzip { at, .. }
            | Error::Malformed { at, .. }
            | Error::Binary { at }
            | Error::Empty { at } => at,
        }
    }
}
