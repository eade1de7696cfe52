//! JSON Lines: one article object per line, streamed. A bad line (not JSON, wrong field
//! types, over the size limit) is one error for that line and the stream goes on; an
//! over-long line is skipped without ever being held in memory.
//!
//! Fields: `text` or `html` (required, `html` preferred), and optionally `id`, `uri`,
//! `title`, `date`, `source`, `authors` (a string or an array of strings).

use super::{read_bounded, read_line_capped, Content, Ctx, Line, RawRecord, Records};
use crate::error::{Error, Result};
use crate::model::{Article, DateSource, Format};
use serde_json::{Map, Value};
use std::io::{BufReader, Read};

pub(crate) struct JsonlRecords {
    r: BufReader<Box<dyn Read + Send>>,
    ctx: Ctx,
    /// 1-based number of the last line read.
    line_no: u64,
    records: u64,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlRecords {
    pub fn new(ctx: Ctx, stream: Box<dyn Read + Send>) -> Self {
        Self {
            r: BufReader::with_capacity(64 * 1024, stream),
            ctx,
            line_no: 0,
            records: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn record(&self, line: &[u8]) -> Result<RawRecord> {
        let malformed = |detail: String| malformed(&self.ctx, self.line_no, detail);
        let value: Value = serde_json::from_slice(line).map_err(|e| malformed(e.to_string()))?;
        to_record(&self.ctx, self.line_no, &value, self.ctx.raw_hash(line))
    }
}

fn malformed(ctx: &Ctx, index: u64, detail: impl Into<String>) -> Error {
    Error::Malformed {
        at: ctx.at(Some(index)),
        format: "JSONL",
        detail: detail.into(),
    }
}

/// One article object (a JSONL line, or an element of a JSON array) as a record; `index`
/// is its line or element number.
fn to_record(ctx: &Ctx, index: u64, value: &Value, raw_hash: String) -> Result<RawRecord> {
    let bad = |detail: &str| malformed(ctx, index, detail);
    let Value::Object(obj) = value else {
        return Err(bad("not a JSON object"));
    };
    let field = |key: &str| string_field(obj, key).map_err(|d| malformed(ctx, index, d));
    let id = match obj.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(bad("field \"id\" must be a string or number")),
    };
    let uri = field("uri")?.filter(|s| !s.is_empty());
    let title = field("title")?.filter(|s| !s.is_empty());
    let date = field("date")?;
    let source = field("source")?.filter(|s| !s.is_empty());
    let html = field("html")?;
    let text = field("text")?;
    let authors = match obj.get("authors") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => vec![s.trim().to_owned()],
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(|s| s.trim().to_owned()))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad("field \"authors\" must hold strings"))?,
        Some(_) => return Err(bad("field \"authors\" must be a string or array")),
    };
    let content = match (html, text) {
        (Some(h), _) => Content::Html {
            bytes: h.into_bytes(),
            charset: Some("utf-8".to_owned()),
        },
        (None, Some(t)) => Content::Text {
            bytes: t.into_bytes(),
        },
        (None, None) => return Err(bad("no \"text\" or \"html\" field")),
    };
    let published = date.as_deref().and_then(crate::date::parse_date);
    let file = ctx.path.display();
    let name = id
        .or_else(|| uri.clone())
        .unwrap_or_else(|| format!("{file}:{index}"));
    Ok(RawRecord {
        at: ctx.at(Some(index)),
        uri: uri.unwrap_or_else(|| format!("{file}#{index}")),
        name,
        format: Format::Jsonl,
        content,
        meta: Article {
            title,
            authors: authors.into_iter().filter(|a| !a.is_empty()).collect(),
            published,
            date_source: published.map(|_| DateSource::Record),
            source,
            ..Article::default()
        },
        raw_hash,
    })
}

/// A plain `.json` file: one article object, or an array of them. Read whole, bounded by
/// the document limit; elements are numbered from 1 in errors.
pub(crate) fn read_json(ctx: &Ctx, stream: Box<dyn Read + Send>) -> Result<Records> {
    let bytes = read_bounded(
        ctx,
        None,
        stream,
        ctx.limits.max_document_bytes,
        "JSON file",
    )?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| Error::Malformed {
        at: ctx.at(None),
        format: "JSON",
        detail: e.to_string(),
    })?;
    let items = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    let single = items.len() == 1;
    let limit = usize::try_from(ctx.limits.max_records).unwrap_or(usize::MAX);
    let records: Vec<Result<RawRecord>> = items
        .iter()
        .take(limit)
        .enumerate()
        .map(|(i, item)| {
            // A lone object hashes like the file it is; array elements by their own text.
            let hash = if single {
                ctx.raw_hash(&bytes)
            } else if ctx.hash_raw {
                crate::dedup::bytes_hash(item.to_string().as_bytes())
            } else {
                String::new()
            };
            to_record(ctx, i as u64 + 1, item, hash)
        })
        .collect();
    Ok(Box::new(records.into_iter()))
}

/// A field that must be a string when present; `null` counts as absent.
fn string_field(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(_) => Err(format!("field {key:?} must be a string")),
    }
}

impl Iterator for JsonlRecords {
    type Item = Result<RawRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        let cap = usize::try_from(self.ctx.limits.max_document_bytes).unwrap_or(usize::MAX);
        while !self.done {
            self.line_no += 1;
            match read_line_capped(&mut self.r, &mut self.buf, cap) {
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong) => {
                    return Some(Err(Error::TooLarge {
                        at: self.ctx.at(Some(self.line_no)),
                        what: "JSONL line",
                        limit: self.ctx.limits.max_document_bytes,
                    }));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.ctx.io_error(Some(self.line_no), e)));
                }
                Ok(Line::Done) => {
                    let mut line = self.buf.trim_ascii();
                    if self.line_no == 1 {
                        line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
                    }
                    if line.is_empty() {
                        continue;
                    }
                    self.records += 1;
                    if self.records > self.ctx.limits.max_records {
                        self.done = true;
                        return Some(Err(Error::TooLarge {
                            at: self.ctx.at(Some(self.line_no)),
                            what: "record count",
                            limit: self.ctx.limits.max_records,
                        }));
                    }
                    return Some(self.record(line));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{open_reader, Limits};
    use std::path::Path;

    fn read_all(name: &str, bytes: &[u8], limits: &Limits) -> Vec<Result<RawRecord>> {
        let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
        match open_reader(Path::new(name), reader, limits) {
            Ok(r) => r.collect(),
            Err(e) => vec![Err(e)],
        }
    }

    #[test]
    fn reads_fields_and_defaults_names() {
        let input = concat!(
            "{\"id\": \"a1\", \"uri\": \"http://x/a\", \"title\": \"T\", \"date\": \"2006\",",
            " \"text\": \"Body.\", \"source\": \"Wire\", \"authors\": [\"Ann\", \"Bo\"]}\n",
            "\n",
            "{\"html\": \"<p>Hi</p>\", \"authors\": \"Cy\"}\n",
            "{\"uri\": \"http://x/c\", \"text\": \"c\", \"id\": 7}",
        );
        let recs: Vec<RawRecord> = read_all("d.jsonl", input.as_bytes(), &Limits::default())
            .into_iter()
            .map(|r| r.expect("ok"))
            .collect();
        assert_eq!(recs.len(), 3);
        let a = &recs[0];
        assert_eq!((a.name.as_str(), a.uri.as_str()), ("a1", "http://x/a"));
        assert_eq!(a.at.record, Some(1));
        assert_eq!(a.meta.title.as_deref(), Some("T"));
        assert_eq!(a.meta.source.as_deref(), Some("Wire"));
        assert_eq!(a.meta.authors, vec!["Ann".to_owned(), "Bo".to_owned()]);
        assert_eq!(a.format, Format::Jsonl);
        assert!(matches!(&a.content, Content::Text { bytes } if bytes == b"Body."));
        // The date is whatever the shared date parser makes of it.
        assert_eq!(a.meta.published, crate::date::parse_date("2006"));
        assert_eq!(
            a.meta.date_source,
            a.meta.published.map(|_| DateSource::Record)
        );
        let b = &recs[1];
        assert_eq!(
            (b.name.as_str(), b.uri.as_str()),
            ("d.jsonl:3", "d.jsonl#3")
        );
        assert!(matches!(&b.content, Content::Html { .. }));
        assert_eq!(b.meta.authors, vec!["Cy".to_owned()]);
        assert_eq!(recs[2].name, "7");
        assert_eq!(recs[2].at.record, Some(4));
    }

    #[test]
    fn bad_lines_are_errors_and_the_stream_goes_on() {
        let input = concat!(
            "{\"text\": \"one\"}\n",
            "this is not json\n",
            "{\"text\": 5}\n",
            "[1, 2]\n",
            "{\"title\": \"no body\"}\n",
            "{\"text\": \"ok\", \"authors\": [1]}\n",
            "{\"text\": \"last\"}\n",
        );
        let recs = read_all("w.jsonl", input.as_bytes(), &Limits::default());
        assert_eq!(recs.len(), 7);
        assert!(recs[0].is_ok() && recs[6].is_ok());
        for (i, r) in recs.iter().enumerate().take(6).skip(1) {
            match r {
                Err(Error::Malformed { at, .. }) => {
                    assert_eq!(at.record, Some(i as u64 + 1));
                    assert_eq!(at.file, Path::new("w.jsonl"));
                }
                other => panic!("line {}: {other:?}", i + 1),
            }
        }
    }

    #[test]
    fn an_over_long_line_is_skipped() {
        let mut input = b"{\"text\": \"a\"}\n{\"text\": \"".to_vec();
        input.extend(std::iter::repeat_n(b'x', 10_000));
        input.extend_from_slice(b"\"}\n{\"text\": \"b\"}\n");
        let limits = Limits {
            max_document_bytes: 1000,
            ..Limits::default()
        };
        let recs = read_all("l.jsonl", &input, &limits);
        assert_eq!(recs.len(), 3);
        assert!(matches!(&recs[1], Err(Error::TooLarge { at, .. }) if at.record == Some(2)));
        assert!(recs[2].is_ok());
    }

    #[test]
    fn plain_json_files_hold_one_object_or_an_array() {
        let pretty = b"{\n  \"id\": \"p\",\n  \"text\": \"Pretty.\"\n}\n";
        let recs = read_all("one.json", pretty, &Limits::default());
        assert!(matches!(&recs[..], [Ok(r)] if r.name == "p" && r.at.record == Some(1)));
        let array = b"[{\"text\": \"a\"}, 3, {\"html\": \"<p>c</p>\", \"uri\": \"http://c\"}]";
        let recs = read_all("many.json", array, &Limits::default());
        assert_eq!(recs.len(), 3);
        assert_eq!(
            recs[0].as_ref().map(|r| r.uri.as_str()).ok(),
            Some("many.json#1")
        );
        assert!(matches!(&recs[1], Err(Error::Malformed { at, .. }) if at.record == Some(2)));
        assert_eq!(
            recs[2].as_ref().map(|r| r.uri.as_str()).ok(),
            Some("http://c")
        );
        let broken = read_all("broken.json", b"[{\"text\": ", &Limits::default());
        assert!(matches!(&broken[..], [Err(Error::Malformed { at, .. })] if at.record.is_none()));
    }

    #[test]
    fn record_limit_ends_the_stream() {
        let input = "{\"text\": \"a\"}\n".repeat(5);
        let limits = Limits {
            max_records: 2,
            ..Limits::default()
        };
        let recs = read_all("n.jsonl", input.as_bytes(), &limits);
        assert_eq!(recs.len(), 3);
        assert!(matches!(recs[2], Err(Error::TooLarge { .. })));
    }
}
