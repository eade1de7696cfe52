//! A streaming WARC reader: one record at a time, headers bounded, bodies read only when they
//! are HTML pages we keep (200 `response` or text/html `resource` records) and skipped
//! unbuffered otherwise, so an archive of any size runs in constant memory.

use super::{encoding, read_bounded, read_line_capped, Content, Ctx, Line, RawRecord};
use crate::error::{Error, Result};
use crate::model::{Article, Format};
use std::io::{BufRead, BufReader, Read};

/// Longest header line (WARC or HTTP) kept; real ones are well under 8 KiB.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Most header bytes per WARC or HTTP header block.
const MAX_HEADER_BYTES: usize = 1 << 20;

type Input = BufReader<Box<dyn Read + Send>>;
/// One record's block, read no further than its Content-Length.
type Block<'a> = std::io::Take<&'a mut Input>;

/// Records of one WARC stream.
pub(crate) struct WarcRecords {
    r: Input,
    st: State,
    done: bool,
}

/// Everything but the input, so the input can be borrowed apart from it.
struct State {
    ctx: Ctx,
    /// 1-based number of the record being read.
    index: u64,
    line: Vec<u8>,
    /// After a record whose extent is unknown (bad header), skip to the next line that
    /// starts a record instead of giving up on the rest of the archive.
    resync: bool,
}

/// What reading one record gave.
enum Step {
    Record(Box<RawRecord>),
    /// Not an HTML page (or not a 200): skipped quietly.
    Skipped,
    /// A bad record was skipped; the stream goes on.
    Bad(Error),
    /// The stream cannot go on: truncated, corrupt, unreadable.
    Fatal(Error),
    End,
}

/// A record's header block: field names lower-cased, values trimmed, in order.
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl WarcRecords {
    pub fn new(ctx: Ctx, stream: Box<dyn Read + Send>) -> Self {
        Self {
            r: BufReader::with_capacity(64 * 1024, stream),
            st: State {
                ctx,
                index: 0,
                line: Vec::new(),
                resync: false,
            },
            done: false,
        }
    }
}

impl State {
    fn malformed(&self, detail: impl Into<String>) -> Error {
        Error::Malformed {
            at: self.ctx.at(Some(self.index)),
            format: "WARC",
            detail: detail.into(),
        }
    }

    /// A bad record whose end cannot be known: report it and look for the next one.
    fn lost(&mut self, detail: impl Into<String>) -> Step {
        self.resync = true;
        Step::Bad(self.malformed(detail))
    }

    fn truncated(&self) -> Step {
        Step::Fatal(self.malformed("archive ends inside this record (truncated)"))
    }

    /// Reads a header block (lines up to an empty one). `Ok(None)` means the input ended
    /// inside it.
    fn headers(&mut self, r: &mut dyn BufRead) -> Result<Option<Headers>, Step> {
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut total = 0usize;
        loop {
            match read_line_capped(r, &mut self.line, MAX_HEADER_LINE) {
                Ok(Line::Eof) => return Ok(None),
                Ok(Line::TooLong) => return Err(self.lost("header line too long")),
                Ok(Line::Done) => {}
                Err(e) => return Err(Step::Fatal(self.ctx.io_error(Some(self.index), e))),
            }
            total += self.line.len();
            if total > MAX_HEADER_BYTES {
                return Err(self.lost("header block too long"));
            }
            let line = String::from_utf8_lossy(&self.line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                return Ok(Some(Headers(fields)));
            }
            if line.starts_with([' ', '\t']) {
                // A folded continuation of the previous field.
                if let Some((_, v)) = fields.last_mut() {
                    v.push(' ');
                    v.push_str(line.trim());
                }
                continue;
            }
            if let Some((k, v)) = line.split_once(':') {
                fields.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
            }
        }
    }

    /// Reads one record; the stream is positioned after it on every non-fatal outcome.
    fn step(&mut self, r: &mut Input) -> Step {
        // Records are separated by blank lines; skip them to the version line (and, after
        // a bad record, skip whatever comes before the next version line).
        let version = loop {
            match read_line_capped(r, &mut self.line, MAX_HEADER_LINE) {
                Ok(Line::Eof) => return Step::End,
                Ok(Line::TooLong) if self.resync => continue,
                Ok(Line::TooLong) => {
                    self.index += 1;
                    return self.lost("expected a WARC version line, found a very long line");
                }
                Ok(Line::Done) => {}
                Err(e) => {
                    self.index += 1;
                    return Step::Fatal(self.ctx.io_error(Some(self.index), e));
                }
            }
            let line = String::from_utf8_lossy(&self.line).trim().to_owned();
            if self.resync && !line.starts_with("WARC/") {
                continue;
            }
            if !line.is_empty() {
                self.resync = false;
                break line;
            }
        };
        self.index += 1;
        if self.index > self.ctx.limits.max_records {
            return Step::Fatal(Error::TooLarge {
                at: self.ctx.at(Some(self.index)),
                what: "record count",
                limit: self.ctx.limits.max_records,
            });
        }
        if !version.starts_with("WARC/") {
            return self.lost(format!(
                "expected a WARC version line, found {:?}",
                truncate(&version, 40)
            ));
        }
        self.record_body(r)
    }

    fn record_body(&mut self, r: &mut Input) -> Step {
        let headers = match self.headers(r) {
            Ok(Some(h)) => h,
            Ok(None) => return self.truncated(),
            Err(step) => return step,
        };
        let Some(length) = headers
            .get("content-length")
            .and_then(|v| v.parse::<u64>().ok())
        else {
            return self.lost("missing or invalid Content-Length");
        };
        let warc_type = headers
            .get("warc-type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let content_type = headers.get("content-type").unwrap_or_default();
        let target = headers.get("warc-target-uri").map(|u| {
            // Some writers (WARC/0.x, older Heritrix) wrap the URI in angle brackets.
            u.trim_start_matches('<').trim_end_matches('>').to_owned()
        });
        let record_id = headers.get("warc-record-id").map(str::to_owned);
        let mut block = r.take(length);
        let step = match warc_type.as_str() {
            "response" if content_type.is_empty() || mime(content_type) == "application/http" => {
                self.response(&mut block)
            }
            "resource" => self.resource(&mut block, content_type),
            _ => Ok(None),
        };
        // Whatever was not read of the block is skipped without being kept.
        let rest = block.limit();
        if rest > 0 {
            match std::io::copy(&mut block, &mut std::io::sink()) {
                Ok(n) if n == rest => {}
                Ok(_) => return self.truncated(),
                Err(e) => return Step::Fatal(self.ctx.io_error(Some(self.index), e)),
            }
        }
        match step {
            Ok(Some(payload)) => {
                let uri = target
                    .clone()
                    .unwrap_or_else(|| format!("{}#{}", self.ctx.path.display(), self.index));
                let name = target
                    .or(record_id)
                    .unwrap_or_else(|| format!("{}:{}", self.ctx.path.display(), self.index));
                Step::Record(Box::new(RawRecord {
                    at: self.ctx.at(Some(self.index)),
                    uri,
                    name,
                    format: Format::Warc,
                    raw_hash: self.ctx.raw_hash(&payload.bytes),
                    content: Content::Html {
                        bytes: payload.bytes,
                        charset: payload.charset,
                    },
                    meta: Article::default(),
                }))
            }
            Ok(None) => Step::Skipped,
            Err(step) => step,
        }
    }

    /// An HTTP response block: status line, headers, body.
    fn response(&mut self, block: &mut Block<'_>) -> Result<Option<Payload>, Step> {
        match read_line_capped(block, &mut self.line, MAX_HEADER_LINE) {
            Ok(Line::Done) => {}
            Ok(Line::Eof) => return Ok(None),
            Ok(Line::TooLong) => {
                return Err(Step::Bad(self.malformed("HTTP status line too long")))
            }
            Err(e) => return Err(Step::Fatal(self.ctx.io_error(Some(self.index), e))),
        }
        let status_line = String::from_utf8_lossy(&self.line).into_owned();
        let Some(status) = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .filter(|_| status_line.starts_with("HTTP/"))
        else {
            return Err(Step::Bad(self.malformed(format!(
                "not an HTTP status line: {:?}",
                truncate(status_line.trim(), 40)
            ))));
        };
        let http = match self.headers(block) {
            Ok(Some(h)) => h,
            // The block ended inside the HTTP head: a short record, or a truncated archive
            // (which the caller's skip of the rest notices).
            Ok(None) => return Ok(None),
            Err(step) => return Err(step),
        };
        if status != 200 {
            return Ok(None);
        }
        let content_type = http.get("content-type").unwrap_or_default();
        let declared_html = is_html_mime(content_type);
        if !content_type.is_empty() && !declared_html {
            return Ok(None);
        }
        let Some(body) = self.body(block, declared_html)? else {
            return Ok(None);
        };
        let body = if http
            .get("transfer-encoding")
            .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
        {
            dechunk(&body).unwrap_or(body)
        } else {
            body
        };
        let body = match http.get("content-encoding").map(str::to_ascii_lowercase) {
            Some(enc) if enc.contains("gzip") || enc.contains("deflate") => {
                match self.inflate(&body, enc.contains("gzip")) {
                    Ok(Some(b)) => b,
                    // Writers often store the decoded body but keep the header: use as is.
                    Ok(None) => body,
                    Err(e) => return Err(Step::Bad(e)),
                }
            }
            Some(enc) if enc.contains("br") || enc.contains("zstd") || enc.contains("compress") => {
                return Err(Step::Bad(
                    self.malformed(format!("unsupported Content-Encoding {enc:?}")),
                ));
            }
            _ => body,
        };
        if !declared_html && !encoding::sniff_html(&body) {
            return Ok(None);
        }
        Ok(Some(Payload {
            bytes: body,
            charset: charset_param(content_type),
        }))
    }

    /// A `resource` block is the document itself; keep it when it is HTML.
    fn resource(
        &mut self,
        block: &mut Block<'_>,
        content_type: &str,
    ) -> Result<Option<Payload>, Step> {
        let declared_html = is_html_mime(content_type);
        if !content_type.is_empty() && !declared_html {
            return Ok(None);
        }
        let Some(body) = self.body(block, declared_html)? else {
            return Ok(None);
        };
        if !declared_html && !encoding::sniff_html(&body) {
            return Ok(None);
        }
        Ok(Some(Payload {
            bytes: body,
            charset: charset_param(content_type),
        }))
    }

    /// Reads the rest of the block if it fits the document limit. An oversized block is left
    /// unread (the caller skips it) and is an error only when it was declared HTML; an
    /// undeclared one may well be a video.
    fn body(&self, block: &mut Block<'_>, declared_html: bool) -> Result<Option<Vec<u8>>, Step> {
        let limit = self.ctx.limits.max_document_bytes;
        if block.limit() > limit {
            return if declared_html {
                Err(Step::Bad(Error::TooLarge {
                    at: self.ctx.at(Some(self.index)),
                    what: "WARC record",
                    limit,
                }))
            } else {
                Ok(None)
            };
        }
        let mut body = Vec::with_capacity(usize::try_from(block.limit()).unwrap_or(0));
        match block.read_to_end(&mut body) {
            Ok(_) => Ok(Some(body)),
            Err(e) => Err(Step::Fatal(self.ctx.io_error(Some(self.index), e))),
        }
    }

    /// Undoes gzip/deflate content-encoding, bounded by the document limit. `Ok(None)` when
    /// the body is not actually compressed.
    fn inflate(&self, body: &[u8], gzip: bool) -> Result<Option<Vec<u8>>> {
        let limit = self.ctx.limits.max_document_bytes;
        let inner = Ctx {
            path: self.ctx.path.clone(),
            gz: true,
            limits: self.ctx.limits.clone(),
            size_hint: None,
            hash_raw: self.ctx.hash_raw,
        };
        let decoded = if gzip {
            if !super::detect::is_gzip(body) {
                return Ok(None);
            }
            let r = flate2::read::MultiGzDecoder::new(body);
            read_bounded(&inner, Some(self.index), r, limit, "decoded WARC record")
        } else {
            // "deflate" is zlib-wrapped by the standard and raw in some servers' practice.
            let zlib = flate2::read::ZlibDecoder::new(body);
            match read_bounded(&inner, Some(self.index), zlib, limit, "decoded WARC record") {
                Ok(b) => Ok(b),
                Err(Error::Gzip { .. }) => {
                    let raw = flate2::read::DeflateDecoder::new(body);
                    match read_bounded(&inner, Some(self.index), raw, limit, "decoded WARC record")
                    {
                        Err(Error::Gzip { .. }) => return Ok(None),
                        other => other,
                    }
                }
                Err(e) => Err(e),
            }
        };
        decoded.map(Some)
    }
}

impl Iterator for WarcRecords {
    type Item = Result<RawRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.st.step(&mut self.r) {
                Step::Record(r) => return Some(Ok(*r)),
                Step::Skipped => {}
                Step::Bad(e) => return Some(Err(e)),
                Step::Fatal(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Step::End => self.done = true,
            }
        }
        None
    }
}

struct Payload {
    bytes: Vec<u8>,
    charset: Option<String>,
}

/// The lower-cased `type/subtype` of a Content-Type value.
fn mime(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn is_html_mime(content_type: &str) -> bool {
    matches!(
        mime(content_type).as_str(),
        "text/html" | "application/xhtml+xml"
    )
}

/// The `charset` parameter of a Content-Type value.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_owned())
            .filter(|v| !v.is_empty())
    })
}

/// Undoes HTTP chunked transfer-encoding; `None` when the body is not validly chunked
/// (some WARC writers store the de-chunked body but keep the header).
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let eol = memchr::memchr(b'\n', rest)?;
        let size_line = std::str::from_utf8(&rest[..eol]).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        rest = &rest[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        let chunk = rest.get(..size)?;
        out.extend_from_slice(chunk);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::read::Limits;
    use std::io::Write;
    use std::path::Path;

    /// One WARC record with the given type, extra headers and block.
    pub fn record(warc_type: &str, extra: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
        let mut out = format!("WARC/1.0\r\nWARC-Type: {warc_type}\r\n");
        for (k, v) in extra {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
        let mut out = out.into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    pub fn response(uri: &str, status: u16, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut block = format!("HTTP/1.1 {status} X\r\n{headers}\r\n").into_bytes();
        block.extend_from_slice(body);
        record(
            "response",
            &[
                ("WARC-Target-URI", uri),
                ("WARC-Record-ID", "<urn:uuid:1>"),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            &block,
        )
    }

    pub fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        for r in records {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(r).ok();
            out.extend(enc.finish().unwrap_or_default());
        }
        out
    }

    use crate::read::tests::read_all;

    fn sample() -> Vec<Vec<u8>> {
        vec![
            record("warcinfo", &[], b"software: test\r\n"),
            record(
                "request",
                &[("WARC-Target-URI", "http://a/1")],
                b"GET / HTTP/1.1\r\n\r\n",
            ),
            response(
                "http://a/1",
                200,
                "Content-Type: text/html; charset=ISO-8859-1\r\n",
                b"<html><body><p>First page</p></body></html>",
            ),
            response(
                "http://a/img",
                200,
                "Content-Type: image/png\r\n",
                b"\x89PNG\0\0",
            ),
            response(
                "http://a/gone",
                404,
                "Content-Type: text/html\r\n",
                b"<html>nope",
            ),
            response("http://a/redirect", 301, "Location: /x\r\n", b""),
            record(
                "resource",
                &[
                    ("WARC-Target-URI", "file:///b.html"),
                    ("Content-Type", "text/html"),
                ],
                b"<html><p>Resource page</p></html>",
            ),
        ]
    }

    #[test]
    fn keeps_html_responses_and_resources_only() {
        for gz in [false, true] {
            let bytes = if gz {
                gzip_members(&sample())
            } else {
                sample().concat()
            };
            let recs = read_all("x.warc", bytes, &Limits::default());
            let recs: Vec<RawRecord> = recs.into_iter().map(|r| r.expect("valid")).collect();
            assert_eq!(recs.len(), 2, "gz={gz}");
            assert_eq!(recs[0].uri, "http://a/1");
            assert_eq!(recs[0].name, "http://a/1");
            assert_eq!(recs[0].at.record, Some(3));
            assert_eq!(recs[0].format, Format::Warc);
            match &recs[0].content {
                Content::Html { bytes, charset } => {
                    assert_eq!(bytes, b"<html><body><p>First page</p></body></html>");
                    assert_eq!(charset.as_deref(), Some("ISO-8859-1"));
                }
                other => panic!("not html: {other:?}"),
            }
            assert_eq!(recs[1].uri, "file:///b.html");
            assert_eq!(recs[1].at.record, Some(7));
        }
    }

    #[test]
    fn chunked_and_gzipped_payloads_are_decoded() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<html><p>Zipped</p></html>").ok();
        let zipped = gz.finish().unwrap_or_default();
        let mut chunked = format!("{:x}\r\n", 5).into_bytes();
        chunked.extend_from_slice(&zipped[..5]);
        chunked.extend_from_slice(format!("\r\n{:x};ext=1\r\n", zipped.len() - 5).as_bytes());
        chunked.extend_from_slice(&zipped[5..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let bytes = response(
            "http://a/z",
            200,
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked,
        );
        let recs = read_all("x.warc", bytes, &Limits::default());
        match &recs[..] {
            [Ok(RawRecord {
                content: Content::Html { bytes, .. },
                ..
            })] => assert_eq!(bytes, b"<html><p>Zipped</p></html>"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sniffs_html_without_content_type_and_falls_back_to_record_id() {
        let mut block = b"HTTP/1.0 200 OK\r\n\r\n".to_vec();
        block.extend_from_slice(b"<!doctype html><p>x</p>");
        let bytes = record("response", &[("WARC-Record-ID", "<urn:uuid:9>")], &block);
        let recs = read_all("x.warc", bytes, &Limits::default());
        let rec = recs
            .into_iter()
            .next()
            .and_then(Result::ok)
            .expect("one record");
        assert_eq!(rec.name, "<urn:uuid:9>");
        assert_eq!(rec.uri, "x.warc#1");
    }

    #[test]
    fn oversized_record_is_skipped_and_stream_goes_on() {
        let big = format!("<html><p>{}</p></html>", "x".repeat(5000));
        let records = vec![
            response(
                "http://a/big",
                200,
                "Content-Type: text/html\r\n",
                big.as_bytes(),
            ),
            response(
                "http://a/ok",
                200,
                "Content-Type: text/html\r\n",
                b"<html><p>ok</p>",
            ),
        ];
        let limits = Limits {
            max_document_bytes: 1000,
            ..Limits::default()
        };
        let recs = read_all("x.warc.gz", gzip_members(&records), &limits);
        assert_eq!(recs.len(), 2);
        match &recs[0] {
            Err(Error::TooLarge { at, .. }) => assert_eq!(at.record, Some(1)),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            recs[1].as_ref().map(|r| r.uri.as_str()).ok(),
            Some("http://a/ok")
        );
    }

    #[test]
    fn truncated_archive_gives_one_error_after_the_good_records() {
        let mut bytes = sample()[..3].concat();
        let cut = response(
            "http://a/2",
            200,
            "Content-Type: text/html\r\n",
            b"<html><p>two</p>",
        );
        bytes.extend_from_slice(&cut[..cut.len() - 12]);
        let recs = read_all("t.warc", bytes.clone(), &Limits::default());
        assert_eq!(recs.len(), 2, "{recs:?}");
        assert!(recs[0].is_ok());
        match &recs[1] {
            Err(Error::Malformed { at, detail, .. }) => {
                assert_eq!(at.record, Some(4));
                assert!(detail.contains("truncated"), "{detail}");
                assert_eq!(at.file, Path::new("t.warc"));
            }
            other => panic!("{other:?}"),
        }
        // The same cut inside a gzip member is a gzip error, after the good records.
        let mut gz = gzip_members(&sample()[..3]);
        let tail = gzip_members(&[cut]);
        gz.extend_from_slice(&tail[..tail.len() / 2]);
        let recs = read_all("t.warc.gz", gz, &Limits::default());
        assert_eq!(recs.len(), 2, "{recs:?}");
        assert!(recs[0].is_ok());
        assert!(
            matches!(
                &recs[1],
                Err(Error::Gzip { .. }) | Err(Error::Malformed { .. })
            ),
            "{:?}",
            recs[1]
        );
    }

    #[test]
    fn garbage_and_bad_headers_are_reported_and_skipped() {
        let good = sample()[2].clone();
        let mut bytes = good.clone();
        bytes.extend_from_slice(b"not a warc record\r\nmore junk\r\n");
        bytes.extend_from_slice(&good);
        bytes.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n");
        bytes.extend_from_slice(b"HTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n");
        bytes.extend_from_slice(&good);
        let recs = read_all("g.warc", bytes, &Limits::default());
        let shape: Vec<_> = recs
            .iter()
            .map(|r| match r {
                Ok(r) => format!("ok {:?}", r.at.record),
                Err(e) => format!("err {:?}", e.location().record),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "ok Some(1)",
                "err Some(2)",
                "ok Some(3)",
                "err Some(4)",
                "ok Some(5)"
            ]
        );
    }

    #[test]
    fn dechunk_rejects_what_is_not_chunked() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n0\r\n\r\n").as_deref(),
            Some(&b"abc"[..])
        );
        assert_eq!(dechunk(b"<html>"), None);
        assert_eq!(dechunk(b"ff\r\nshort"), None);
    }
}
