//! Reading inputs into raw records: files, directories and stdin; plain or gzip-compressed;
//! detected by content as well as extension. Containers (WARC, RSS/Atom, JSONL) are streamed
//! record by record so an archive is never held in memory whole.

pub mod encoding;

use crate::error::{Error, Location, Result};
use crate::model::{Article, Format};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Size limits that keep memory bounded whatever the input.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest single document (an HTML page, a text file, one record's body), in bytes.
    pub max_document_bytes: u64,
    /// Largest decompressed size of one gzip input, in bytes (guards against gzip bombs).
    pub max_decompressed_bytes: u64,
    /// Most records read from one container (WARC, feed, JSONL).
    pub max_records: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_document_bytes: 32 << 20,
            max_decompressed_bytes: 16 << 30,
            max_records: 10_000_000,
        }
    }
}

/// The payload of a record, still undecoded.
#[derive(Debug, Clone)]
pub enum Content {
    /// HTML bytes, with the charset a transport header declared, if any.
    Html {
        bytes: Vec<u8>,
        charset: Option<String>,
    },
    /// Plain text bytes in an unknown encoding.
    Text { bytes: Vec<u8> },
}

/// One article-to-be as found in the input, before extraction.
#[derive(Debug, Clone)]
pub struct RawRecord {
    pub at: Location,
    pub uri: String,
    /// See [`crate::Document::name`].
    pub name: String,
    /// The format of the input the record came from.
    pub format: Format,
    pub content: Content,
    /// What the container said about the record (feed item title/date, JSONL fields).
    pub meta: Article,
    /// Hex hash of the record's raw bytes.
    pub raw_hash: String,
}

/// A stream of records from one input; an `Err` item is one bad record, and the stream goes on.
pub type Records = Box<dyn Iterator<Item = Result<RawRecord>> + Send>;

/// The files under `paths`: directories are walked recursively in sorted order so that runs
/// are deterministic; `-` stands for stdin and is passed through.
pub fn files(paths: &[PathBuf]) -> impl Iterator<Item = Result<PathBuf>> + '_ {
    paths
        .iter()
        .flat_map(|p| -> Box<dyn Iterator<Item = Result<PathBuf>>> {
            if p.as_os_str() == "-" || !p.is_dir() {
                return Box::new(std::iter::once(Ok(p.clone())));
            }
            Box::new(
                walkdir::WalkDir::new(p)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(|entry| match entry {
                        Ok(e) if e.file_type().is_file() => Some(Ok(e.into_path())),
                        Ok(_) => None,
                        Err(err) => {
                            let file = err.path().map(Path::to_path_buf).unwrap_or_default();
                            Some(Err(Error::Io {
                                at: Location { file, record: None },
                                source: err.into(),
                            }))
                        }
                    }),
            )
        })
}

/// Opens one input file (or `-` for stdin) as a stream of records.
pub fn open(path: &Path, limits: &Limits) -> Result<Records> {
    let at = Location {
        file: path.to_path_buf(),
        record: None,
    };
    let reader: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|source| Error::Io {
            at: at.clone(),
            source,
        })?)
    };
    open_reader(path, reader, limits)
}

/// Like [`open`], over any reader; `path` names it in errors and ids.
pub fn open_reader(path: &Path, reader: Box<dyn Read + Send>, limits: &Limits) -> Result<Records> {
    let at = Location {
        file: path.to_path_buf(),
        record: None,
    };
    let mut bytes = Vec::new();
    reader
        .take(limits.max_document_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            at: at.clone(),
            source,
        })?;
    if bytes.len() as u64 > limits.max_document_bytes {
        return Err(Error::TooLarge {
            at,
            what: "file",
            limit: limits.max_document_bytes,
        });
    }
    let name = file_name(path);
    let is_html = encoding::sniff_html(&bytes);
    let record = RawRecord {
        uri: path.display().to_string(),
        name,
        format: if is_html { Format::Html } else { Format::Text },
        raw_hash: crate::dedup::bytes_hash(&bytes),
        content: if is_html {
            Content::Html {
                bytes,
                charset: None,
            }
        } else {
            Content::Text { bytes }
        },
        meta: Article::default(),
        at,
    };
    Ok(Box::new(std::iter::once(Ok(record))))
}

/// A file's name without the extensions `tamga extract` drops (`.gz`, `.html`, `.htm`, `.txt`).
pub fn file_name(path: &Path) -> String {
    let mut name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    loop {
        let lower = name.to_ascii_lowercase();
        let Some(ext) = [".gz", ".html", ".htm", ".txt"]
            .into_iter()
            .find(|e| lower.ends_with(e))
        else {
            break;
        };
        if name.len() == ext.len() {
            break;
        }
        name.truncate(name.len() - ext.len());
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_drop_only_known_extensions() {
        assert_eq!(file_name(Path::new("a/b/042b.html.gz")), "042b");
        assert_eq!(file_name(Path::new("000_9de8.txt")), "000_9de8");
        assert_eq!(file_name(Path::new("feed.xml")), "feed.xml");
        assert_eq!(file_name(Path::new(".gz")), ".gz");
    }
}
