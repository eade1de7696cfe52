//! Reading inputs into raw records: files, directories and stdin; plain or gzip-compressed;
//! detected by content as well as extension. Containers (WARC, RSS/Atom, JSONL) are streamed
//! record by record so an archive is never held in memory whole.

pub mod detect;
pub mod encoding;
mod feed;
mod jsonl;
mod warc;

use crate::error::{Error, Location, Result};
use crate::model::{Article, Format};
use std::io::{BufRead, Read};
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
    /// Hex hash of the record's raw bytes; empty when read by [`open_unhashed`].
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
                    .follow_links(true)
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
    open_hashing(path, limits, true)
}

/// [`open`] for a caller that never reads [`RawRecord::raw_hash`] (`tamga annotate`), which
/// is left empty: hashing a large text costs about as much as reading it.
pub fn open_unhashed(path: &Path, limits: &Limits) -> Result<Records> {
    open_hashing(path, limits, false)
}

fn open_hashing(path: &Path, limits: &Limits, hash_raw: bool) -> Result<Records> {
    let at = Location {
        file: path.to_path_buf(),
        record: None,
    };
    let (reader, size): (Box<dyn Read + Send>, Option<u64>) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            at: at.clone(),
            source,
        })?;
        // Only a hint for the buffer: the read itself stays bounded by the limits.
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    open_sized(path, reader, limits, size, hash_raw)
}

/// Like [`open`], over any reader; `path` names it in errors and ids.
///
/// The kind of input is detected from its first bytes (see [`detect`]); gzip is undone
/// first, whatever the name says. Whole-input problems (unreadable, truncated gzip before
/// anything could be read, a single document over the size limit, malformed feed) are the
/// `Err`; problems with one record inside a container are items of the stream.
pub fn open_reader(path: &Path, reader: Box<dyn Read + Send>, limits: &Limits) -> Result<Records> {
    open_sized(path, reader, limits, None, true)
}

/// [`open_reader`] with the input's size when known (a file's length), so that a whole
/// document is read into one buffer of the right size instead of a doubling one: at
/// hundreds of pages a second the regrowth and its fresh pages were a visible cost.
fn open_sized(
    path: &Path,
    reader: Box<dyn Read + Send>,
    limits: &Limits,
    size: Option<u64>,
    hash_raw: bool,
) -> Result<Records> {
    let mut ctx = Ctx {
        path: path.to_path_buf(),
        gz: false,
        limits: limits.clone(),
        size_hint: size,
        hash_raw,
    };
    let mut reader = reader;
    // A small input of known size is read into a buffer that will hold all of it: a page
    // (most inputs) then goes on into the same buffer instead of being copied out of its head.
    let capacity = size
        .filter(|&n| n <= WHOLE_READ_BYTES)
        .map_or(detect::HEAD_BYTES, |n| {
            n.min(limits.max_document_bytes) as usize + 1
        });
    let mut head =
        read_head(&mut reader, detect::HEAD_BYTES, capacity).map_err(|e| ctx.io_error(None, e))?;
    if detect::is_gzip(&head.bytes) {
        ctx.gz = true;
        ctx.size_hint = None;
        let gz = flate2::read::MultiGzDecoder::new(head.into_reader(reader));
        reader = Box::new(Capped {
            inner: gz,
            left: limits.max_decompressed_bytes,
        });
        head = read_head(&mut reader, detect::HEAD_BYTES, detect::HEAD_BYTES)
            .map_err(|e| ctx.io_error(None, e))?;
    }
    let kind = detect::detect(&head.bytes, path);
    if matches!(kind, detect::Kind::Html | detect::Kind::Text) && head.error.is_none() {
        let bytes = read_rest(&ctx, head.bytes, reader)?;
        return Ok(Box::new(std::iter::once(Ok(single_record(
            &ctx, bytes, kind,
        )))));
    }
    let stream = head.into_reader(reader);
    Ok(match kind {
        detect::Kind::Warc => Box::new(warc::WarcRecords::new(ctx, stream)),
        detect::Kind::Feed => feed::read(&ctx, stream)?,
        detect::Kind::Jsonl => Box::new(jsonl::JsonlRecords::new(ctx, stream)),
        detect::Kind::Json => jsonl::read_json(&ctx, stream)?,
        detect::Kind::Html | detect::Kind::Text => {
            Box::new(std::iter::once(Ok(single(&ctx, stream, kind)?)))
        }
    })
}

/// Inputs of known size up to this are read whole into one buffer from the start.
const WHOLE_READ_BYTES: u64 = 4 << 20;

/// The rest of a single document after its `head`, read into the same buffer: what
/// [`read_bounded_into`] gives for the head chained with the rest.
fn read_rest(ctx: &Ctx, mut bytes: Vec<u8>, rest: Box<dyn Read + Send>) -> Result<Vec<u8>> {
    let limit = ctx.limits.max_document_bytes;
    let too_large = || Error::TooLarge {
        at: ctx.at(None),
        what: "document",
        limit,
    };
    let Some(left) = limit.checked_sub(bytes.len() as u64) else {
        return Err(too_large());
    };
    rest.take(left.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ctx.io_error(None, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A whole file as one document.
fn single(ctx: &Ctx, stream: Box<dyn Read + Send>, kind: detect::Kind) -> Result<RawRecord> {
    let limit = ctx.limits.max_document_bytes;
    let capacity = ctx.size_hint.map_or(0, |n| n.min(limit).saturating_add(1));
    let bytes = read_bounded_into(
        ctx,
        None,
        stream,
        limit,
        "document",
        Vec::with_capacity(usize::try_from(capacity).unwrap_or(0)),
    )?;
    Ok(single_record(ctx, bytes, kind))
}

/// The record of a whole file's `bytes`.
fn single_record(ctx: &Ctx, bytes: Vec<u8>, kind: detect::Kind) -> RawRecord {
    let is_html = kind == detect::Kind::Html;
    RawRecord {
        at: ctx.at(None),
        uri: ctx.path.display().to_string(),
        name: file_name(&ctx.path),
        format: if is_html { Format::Html } else { Format::Text },
        raw_hash: ctx.raw_hash(&bytes),
        content: if is_html {
            Content::Html {
                bytes,
                charset: None,
            }
        } else {
            Content::Text { bytes }
        },
        meta: Article::default(),
    }
}

/// What every reader needs to know about its input: its name, whether it is gzip, the limits.
pub(crate) struct Ctx {
    pub path: PathBuf,
    pub gz: bool,
    pub limits: Limits,
    /// The input's length in bytes, when known and not compressed.
    pub size_hint: Option<u64>,
    /// Whether records get their [`RawRecord::raw_hash`] (see [`open_unhashed`]).
    pub hash_raw: bool,
}

impl Ctx {
    /// The [`RawRecord::raw_hash`] of a record read from `bytes`.
    pub fn raw_hash(&self, bytes: &[u8]) -> String {
        if self.hash_raw {
            crate::dedup::bytes_hash(bytes)
        } else {
            String::new()
        }
    }

    pub fn at(&self, record: Option<u64>) -> Location {
        Location {
            file: self.path.clone(),
            record,
        }
    }

    /// Sorts an I/O error into what it means here: the decompressed-size guard tripped,
    /// corrupt or truncated gzip, or a plain read failure.
    pub fn io_error(&self, record: Option<u64>, e: std::io::Error) -> Error {
        use std::io::ErrorKind;
        let at = self.at(record);
        if e.get_ref()
            .is_some_and(|inner| inner.is::<DecompressedLimit>())
        {
            return Error::TooLarge {
                at,
                what: "decompressed input",
                limit: self.limits.max_decompressed_bytes,
            };
        }
        if self.gz
            && matches!(
                e.kind(),
                ErrorKind::UnexpectedEof | ErrorKind::InvalidData | ErrorKind::InvalidInput
            )
        {
            return Error::Gzip {
                at,
                detail: e.to_string(),
            };
        }
        Error::Io { at, source: e }
    }
}

/// Reads all of `r` if it holds at most `limit` bytes; otherwise stops after `limit + 1`
/// bytes (the rest stays unread) and reports `what` as too large.
pub(crate) fn read_bounded(
    ctx: &Ctx,
    record: Option<u64>,
    r: impl Read,
    limit: u64,
    what: &'static str,
) -> Result<Vec<u8>> {
    read_bounded_into(ctx, record, r, limit, what, Vec::new())
}

/// [`read_bounded`] into `bytes` (empty, possibly with capacity reserved).
fn read_bounded_into(
    ctx: &Ctx,
    record: Option<u64>,
    r: impl Read,
    limit: u64,
    what: &'static str,
    mut bytes: Vec<u8>,
) -> Result<Vec<u8>> {
    r.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ctx.io_error(record, e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            at: ctx.at(record),
            what,
            limit,
        });
    }
    Ok(bytes)
}

/// The first bytes of an input, and the error that cut them short, if one did.
struct Head {
    bytes: Vec<u8>,
    error: Option<std::io::Error>,
}

impl Head {
    /// The whole input again: the head, then the error (if any), else the rest.
    fn into_reader(self, rest: Box<dyn Read + Send>) -> Box<dyn Read + Send> {
        let head = std::io::Cursor::new(self.bytes);
        match self.error {
            Some(e) => Box::new(head.chain(Replay(Some(e)))),
            None => Box::new(head.chain(rest)),
        }
    }
}

/// Reads up to `n` bytes into a buffer of `capacity`. An error after some bytes were read is
/// kept for later, so a small truncated archive still yields its good records before the error.
fn read_head(r: &mut dyn Read, n: usize, capacity: usize) -> std::io::Result<Head> {
    let mut bytes = Vec::with_capacity(capacity);
    match r.take(n as u64).read_to_end(&mut bytes) {
        Ok(_) => Ok(Head { bytes, error: None }),
        Err(e) if bytes.is_empty() => Err(e),
        Err(e) => Ok(Head {
            bytes,
            error: Some(e),
        }),
    }
}

/// A reader that fails once with a stored error, then reads as empty.
struct Replay(Option<std::io::Error>);

impl Read for Replay {
    fn read(&mut self, _buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// The marker inside the I/O error a [`Capped`] reader returns.
#[derive(Debug)]
struct DecompressedLimit;

impl std::fmt::Display for DecompressedLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("decompressed size limit exceeded")
    }
}

impl std::error::Error for DecompressedLimit {}

/// Fails once more than `left` bytes came through: a gzip bomb is stopped while streaming,
/// not after it filled the disk or memory.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => {
                self.left = 0;
                Err(std::io::Error::other(DecompressedLimit))
            }
        }
    }
}

/// How one bounded line read ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// No bytes left.
    Eof,
    /// A line (without its `\n`) is in the buffer; the last line may lack the `\n`.
    Done,
    /// The line was longer than the cap: it was consumed but not kept.
    TooLong,
}

/// Reads one line into `buf` (cleared first), keeping at most `cap` bytes. A longer line is
/// read to its end and dropped, so a 100 MB line costs no more memory than a short one.
pub fn read_line_capped<R: BufRead + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Line> {
    buf.clear();
    let mut seen = false;
    let mut too_long = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(match (seen, too_long) {
                (false, _) => Line::Eof,
                (true, true) => Line::TooLong,
                (true, false) => Line::Done,
            });
        }
        seen = true;
        let (chunk, used, end) = match memchr::memchr(b'\n', avail) {
            Some(i) => (&avail[..i], i + 1, true),
            None => (avail, avail.len(), false),
        };
        if !too_long {
            if buf.len() + chunk.len() > cap {
                too_long = true;
                buf.clear();
                buf.shrink_to(cap.min(1 << 16));
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        r.consume(used);
        if end {
            return Ok(if too_long { Line::TooLong } else { Line::Done });
        }
    }
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
pub(crate) mod tests {
    use super::*;

    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).ok();
        enc.finish().unwrap_or_default()
    }

    /// Every item `open_reader` yields for these bytes, the opening error included.
    pub(crate) fn read_all(name: &str, bytes: Vec<u8>, limits: &Limits) -> Vec<Result<RawRecord>> {
        match open_reader(
            Path::new(name),
            Box::new(std::io::Cursor::new(bytes)),
            limits,
        ) {
            Ok(records) => records.collect(),
            Err(e) => vec![Err(e)],
        }
    }

    fn one(name: &str, bytes: Vec<u8>) -> RawRecord {
        let mut recs = read_all(name, bytes, &Limits::default());
        assert_eq!(recs.len(), 1);
        match recs.pop() {
            Some(Ok(r)) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn gzip_is_detected_by_magic_not_name() {
        let page = b"<!doctype html><title>x</title><p>Body</p>".to_vec();
        let plain = one("page.html", page.clone());
        let zipped = one("page", gzip(&page));
        assert_eq!(zipped.format, Format::Html);
        assert_eq!(zipped.name, "page");
        assert!(matches!(&zipped.content, Content::Html { bytes, .. } if *bytes == page));
        // The hash is of the document, not of its compressed form.
        assert_eq!(plain.raw_hash, zipped.raw_hash);
        let text = one("notes.txt.gz", gzip(b"Plain words."));
        assert_eq!((text.format, text.name.as_str()), (Format::Text, "notes"));
    }

    #[test]
    fn multi_member_gzip_is_read_whole() {
        let mut bytes = gzip(b"first half, ");
        bytes.extend(gzip(b"second half"));
        let rec = one("x.txt.gz", bytes);
        assert!(
            matches!(&rec.content, Content::Text { bytes } if bytes == b"first half, second half")
        );
    }

    #[test]
    fn truncated_gzip_is_a_gzip_error() {
        let text = "Some text that compresses. ".repeat(200);
        let zipped = gzip(text.as_bytes());
        for cut in [3, 12, zipped.len() / 2, zipped.len() - 4] {
            let recs = read_all("t.txt.gz", zipped[..cut].to_vec(), &Limits::default());
            match &recs[..] {
                [Err(e @ Error::Gzip { at, .. })] => {
                    assert_eq!(at.file, Path::new("t.txt.gz"));
                    assert!(e.to_string().contains("t.txt.gz"));
                }
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
    }

    #[test]
    fn gzip_bomb_stops_at_the_limit() {
        let zeros = vec![b'a'; 4 << 20];
        let bomb = gzip(&zeros);
        assert!(bomb.len() < 64 << 10);
        let limits = Limits {
            max_decompressed_bytes: 1 << 20,
            ..Limits::default()
        };
        let recs = read_all("bomb.txt.gz", bomb.clone(), &limits);
        assert!(
            matches!(
                &recs[..],
                [Err(Error::TooLarge {
                    what: "decompressed input",
                    ..
                })]
            ),
            "{recs:?}"
        );
        // With a large decompression budget the document limit stops it instead.
        let limits = Limits {
            max_document_bytes: 1 << 20,
            ..Limits::default()
        };
        let recs = read_all("bomb.txt.gz", bomb, &limits);
        assert!(matches!(
            &recs[..],
            [Err(Error::TooLarge {
                what: "document",
                ..
            })]
        ));
    }

    #[test]
    fn empty_and_tiny_inputs_are_single_empty_documents() {
        for bytes in [Vec::new(), b"\n".to_vec(), gzip(b"")] {
            let rec = one("e.txt", bytes);
            assert!(
                matches!(&rec.content, Content::Text { bytes } if bytes.trim_ascii().is_empty())
            );
        }
    }

    #[test]
    fn utf16_html_is_sniffed_as_html() {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(
            "<html><body><p>Merhaba</p></body></html>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        assert_eq!(one("u", bytes).format, Format::Html);
    }

    #[test]
    fn containers_are_routed_by_content() {
        let warc = crate::read::warc::tests::response(
            "http://a/",
            200,
            "Content-Type: text/html\r\n",
            b"<p>x</p>",
        );
        assert_eq!(one("data.bin", warc).format, Format::Warc);
        assert_eq!(
            one("data.bin", b"{\"text\": \"x\"}\n".to_vec()).format,
            Format::Jsonl
        );
        let feed = b"<rss version=\"2.0\"><channel><title>t</title><item><link>http://a/</link>\
                     <description>d</description></item></channel></rss>";
        assert_eq!(one("data.bin", feed.to_vec()).format, Format::Feed);
    }

    #[test]
    fn capped_line_reader_keeps_memory_bounded() {
        let mut input = std::io::BufReader::with_capacity(
            16,
            &b"short\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nend"[..],
        );
        let mut buf = Vec::new();
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 10).ok(),
            Some(Line::Done)
        );
        assert_eq!(buf, b"short");
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 10).ok(),
            Some(Line::TooLong)
        );
        assert!(buf.is_empty());
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 10).ok(),
            Some(Line::Done)
        );
        assert_eq!(buf, b"end");
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 10).ok(),
            Some(Line::Eof)
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        #[test]
        fn readers_never_panic_on_arbitrary_bytes(
            prefix in proptest::sample::select(vec![
                &b""[..], b"WARC/1.0\r\n", b"WARC/1.0\r\nContent-Length: 5\r\nWARC-Type: resource\r\n\r\n",
                b"<rss version=\"2.0\">", b"<feed>", b"{", b"{\"text\":", b"\x1f\x8b\x08\x00",
                b"<!doctype html>", b"\xff\xfe",
            ]),
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..1500),
            name in proptest::sample::select(vec!["x", "x.txt", "x.warc.gz", "x.jsonl", "x.xml", "x.html"]),
        ) {
            let mut bytes = prefix.to_vec();
            bytes.extend_from_slice(&body);
            let limits = Limits { max_document_bytes: 1000, max_decompressed_bytes: 100_000, max_records: 50 };
            for rec in read_all(name, bytes, &limits).into_iter().take(200) {
                match rec {
                    Ok(r) => { let _ = crate::extract(&r); }
                    Err(e) => proptest::prop_assert_eq!(&e.location().file, Path::new(name)),
                }
            }
        }
    }

    #[test]
    fn file_names_drop_only_known_extensions() {
        assert_eq!(file_name(Path::new("a/b/042b.html.gz")), "042b");
        assert_eq!(file_name(Path::new("000_9de8.txt")), "000_9de8");
        assert_eq!(file_name(Path::new("feed.xml")), "feed.xml");
        assert_eq!(file_name(Path::new(".gz")), ".gz");
    }
}
