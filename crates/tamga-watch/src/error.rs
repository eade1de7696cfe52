//! Errors of the watch sources: one per source and fetch, worded for the per-source report
//! (`tamga status` shows the last one of each source).

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A line of the sources file that names no usable source.
    #[error("sources file line {line}: {detail}")]
    SourceLine { line: usize, detail: String },
    #[error("{url}: not a valid http(s) URL: {detail}")]
    BadUrl { url: String, detail: String },
    /// robots.txt of the host disallows the URL for tamga.
    #[error("{url}: disallowed by robots.txt")]
    Robots { url: String },
    /// Connection, TLS, timeout or too many redirects, after the retries.
    #[error("{url}: {detail} (after {attempts} attempts)")]
    Transport {
        url: String,
        detail: String,
        attempts: u32,
    },
    /// An HTTP error status, after the retries for a retryable one.
    #[error("{url}: HTTP {status} (after {attempts} attempts)")]
    Status {
        url: String,
        status: u16,
        attempts: u32,
    },
    /// The response body is larger than the configured limit.
    #[error("{url}: response over the size limit of {limit} bytes")]
    TooLarge { url: String, limit: u64 },
    /// A body that is not what the source should serve (malformed feed or sitemap).
    #[error("{url}: {detail}")]
    Malformed { url: String, detail: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}
