//! Errors of the actor stage; dictionary errors name the file and line.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{file}:{line}: {detail}")]
    Syntax {
        file: PathBuf,
        line: usize,
        detail: String,
    },
    #[error("{file}: cannot read: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
}
