//! Errors of the event stage: dictionaries and pattern files that cannot be read.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Actors(#[from] tamga_actors::Error),
    #[error("{file}:{line}: {detail}")]
    Syntax {
        file: PathBuf,
        line: usize,
        detail: String,
    },
    #[error("{file}: {source}")]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
}

pub type Result<T> = std::result::Result<T, Error>;
