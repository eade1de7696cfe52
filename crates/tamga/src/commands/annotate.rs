//! `tamga annotate`: one document in (a text or HTML file, or stdin), the language layer's
//! annotations out as one JSON object — sentences, times, quantities, quotes, modality, names.
//! `tamga show ID --annotations` prints the same object for a stored document.

use crate::cli::AnnotateArgs;
#[cfg(test)]
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use tamga_ingest::PartialDate;
use tamga_text::{
    Anchor, Annotations, Modality, NameCandidate, NameKind, Quantity, Quote, Speaker, Status,
    TextSpan, TimeExpr, TimePrecision,
};

pub fn run(args: &AnnotateArgs) -> anyhow::Result<ExitCode> {
    let (text, found) =
        super::read_one_document(&args.path, &args.limits.limits(), args.published.is_none())?;
    let published = args.published.or(found);
    if args.timings {
        print_timings(&text, published);
    }
    let started = Instant::now();
    // Only the annotations are printed: the tokens need not be kept.
    let ann = tamga_text::annotate_without_tokens(&text, published);
    let annotated = started.elapsed().as_secs_f64();
    print(&text, published, &ann)?;
    let mb = text.len() as f64 / 1e6;
    eprintln!(
        "annotated {mb:.2} MB: {} sentences, {} times, {} quantities, {} quotes, {} clauses, {} names, \
         published {}, annotation {annotated:.3}s ({:.1} MB/s)",
        ann.sentences.len(),
        ann.times.len(),
        ann.quantities.len(),
        ann.quotes.len(),
        ann.modality.len(),
        ann.names.len(),
        published.map_or_else(|| "unknown".to_owned(), |d| d.to_string()),
        if annotated > 0.0 { mb / annotated } else { 0.0 },
    );
    // The process ends here: freeing a large document's millions of tokens and annotations
    // one by one would only delay the exit, so the OS takes the memory back at once.
    std::mem::forget(ann);
    std::mem::forget(text);
    Ok(ExitCode::SUCCESS)
}

/// Runs the annotators one by one and prints each one's time: where a faster language layer
/// has to look. Quantities and quotes each scan the text here, where `tamga_text::annotate`
/// scans once for both. The result is dropped; output comes from `tamga_text::annotate` itself.
fn print_timings(text: &str, published: Option<PartialDate>) {
    use tamga_text::{modality, names, quantity, quote, sentence, timex, token};
    let mut laps = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name: &'static str| {
        laps.push((name, t.elapsed().as_secs_f64()));
        t = Instant::now();
    };
    let sentences = sentence::split(text);
    lap("sentences");
    let tokens = token::tokenize(text, &sentences);
    lap("tokens");
    let _ = modality::annotate(text, &sentences, &tokens);
    lap("modality");
    let _ = timex::annotate(text, &sentences, &tokens, published);
    lap("times");
    let _ = quantity::annotate(text, &sentences, &tokens);
    lap("quantities");
    let _ = quote::annotate(text, &sentences, &tokens);
    lap("quotes");
    let _ = names::annotate(text, &sentences, &tokens);
    lap("names");
    let line: Vec<String> = laps
        .iter()
        .map(|(name, s)| format!("{name} {s:.3}s"))
        .collect();
    eprintln!("timings: {}", line.join(", "));
}

/// The JSON object of `tamga annotate`: the model's annotation types as they serialize, plus
/// each sentence's text. [`print`] writes the same object; this derived form is the
/// reference its test compares against.
#[cfg(test)]
#[derive(Serialize)]
struct AnnotationsJson<'a> {
    sentences: Vec<SentenceJson<'a>>,
    times: &'a [TimeExpr],
    quantities: &'a [Quantity],
    quotes: &'a [Quote],
    modality: &'a [Modality],
    names: &'a [NameCandidate],
    published: Option<String>,
}

#[cfg(test)]
#[derive(Serialize)]
struct SentenceJson<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// Prints `ann` (annotations of `text`) as one JSON line on stdout.
pub fn print(text: &str, published: Option<PartialDate>, ann: &Annotations) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    // Whatever was printed through `stdout` before goes out first.
    stdout.lock().flush()?;
    let mut out = Out::new(unbuffered(&stdout));
    write_json(&mut out, text, published, ann)?;
    out.flush()?;
    Ok(())
}

/// Bytes of [`Out`]'s buffer.
const OUT_CAP: usize = 1 << 16;

/// The JSON's output buffer. Unlike `BufWriter` it lends its free room: span openings are
/// formatted in place instead of on the stack and copied.
struct Out<W: Write> {
    buf: Box<[u8]>,
    /// Bytes of `buf` filled.
    len: usize,
    sink: W,
}

impl<W: Write> Out<W> {
    fn new(sink: W) -> Self {
        Out {
            buf: vec![0; OUT_CAP].into_boxed_slice(),
            len: 0,
            sink,
        }
    }

    /// Appends `bytes`; more than the buffer holds go to the sink directly.
    #[inline]
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if bytes.len() > OUT_CAP - self.len {
            self.drain()?;
            if bytes.len() > OUT_CAP {
                return self.sink.write_all(bytes);
            }
        }
        let end = self.len + bytes.len();
        if let Some(to) = self.buf.get_mut(self.len..end) {
            to.copy_from_slice(bytes);
            self.len = end;
        }
        Ok(())
    }

    /// The next `N` bytes of free room (`N` at most the buffer's size), to be kept by
    /// [`Out::advance`].
    #[inline]
    fn room<const N: usize>(&mut self) -> std::io::Result<&mut [u8; N]> {
        if N > OUT_CAP - self.len {
            self.drain()?;
        }
        self.buf
            .get_mut(self.len..self.len + N)
            .and_then(|r| r.try_into().ok())
            .ok_or_else(|| std::io::Error::other("output room larger than the buffer"))
    }

    /// The next `n` bytes of free room, or `None` if the buffer is smaller.
    #[inline]
    fn room_for(&mut self, n: usize) -> std::io::Result<Option<&mut [u8]>> {
        if n > OUT_CAP - self.len {
            self.drain()?;
        }
        Ok(self.buf.get_mut(self.len..self.len + n))
    }

    /// Keeps the first `n` bytes of the room last lent.
    #[inline]
    fn advance(&mut self, n: usize) {
        self.len = (self.len + n).min(OUT_CAP);
    }

    fn drain(&mut self) -> std::io::Result<()> {
        self.sink
            .write_all(self.buf.get(..self.len).unwrap_or_default())?;
        self.len = 0;
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.drain()?;
        self.sink.flush()
    }
}

/// For serde_json, which writes the floats and the date.
impl<W: Write> Write for Out<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.put(bytes)?;
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.put(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Out::flush(self)
    }
}

/// Stdout for one large write through a buffer of our own. Rust's stdout is line-buffered
/// whatever it is, so each buffer handed to it was searched for a newline that only the
/// JSON's end holds; a duplicate of its descriptor takes the writes as they are.
fn unbuffered(stdout: &std::io::Stdout) -> Box<dyn Write + '_> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = stdout.as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(stdout.lock())
}

/// Writes the JSON object of `tamga annotate`, byte for byte what serde_json makes of
/// `AnnotationsJson` (the test checks), and a newline. Every part is written directly: serde
/// spends more on field names and structure than on content. Only the quantities'
/// floating-point values and the `published` date go through serde_json.
fn write_json(
    out: &mut Out<impl Write>,
    text: &str,
    published: Option<PartialDate>,
    ann: &Annotations,
) -> anyhow::Result<()> {
    out.put(b"{\"sentences\":")?;
    write_array(out, &ann.sentences, |out, s| {
        write_start_end(out, s.start, s.end)?;
        write_field(
            out,
            b",\"text\":",
            text.get(s.start..s.end).unwrap_or_default(),
        )?;
        out.put(b"}")?;
        Ok(())
    })?;
    out.put(b",\"times\":")?;
    write_array(out, &ann.times, write_time)?;
    out.put(b",\"quantities\":")?;
    write_array(out, &ann.quantities, write_quantity)?;
    out.put(b",\"quotes\":")?;
    write_array(out, &ann.quotes, |out, q| Ok(write_quote(out, q)?))?;
    out.put(b",\"modality\":")?;
    write_array(out, &ann.modality, |out, m| Ok(write_modality(out, m)?))?;
    out.put(b",\"names\":")?;
    write_array(out, &ann.names, |out, n| Ok(write_name(out, n)?))?;
    out.put(b",\"published\":")?;
    serde_json::to_writer(&mut *out, &published.map(|d| d.to_string()))?;
    out.put(b"}\n")?;
    Ok(())
}

/// `items` as a JSON array, each written by `write`.
fn write_array<W: Write, T>(
    out: &mut Out<W>,
    items: &[T],
    mut write: impl FnMut(&mut Out<W>, &T) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    out.put(b"[")?;
    for (k, item) in items.iter().enumerate() {
        if k > 0 {
            out.put(b",")?;
        }
        write(out, item)?;
    }
    out.put(b"]")?;
    Ok(())
}

/// One time expression as serde derives it: `end_value` and `anchor_date` left out when
/// absent.
fn write_time(out: &mut Out<impl Write>, t: &TimeExpr) -> anyhow::Result<()> {
    let TimeExpr {
        start,
        end,
        text,
        value,
        end_value,
        precision,
        anchor,
        anchor_date,
    } = t;
    write_start_end(out, *start, *end)?;
    write_field(out, b",\"text\":", text)?;
    write_field(out, b",\"value\":", value)?;
    if let Some(v) = end_value {
        write_field(out, b",\"end_value\":", v)?;
    }
    out.put(b",\"precision\":")?;
    out.put(precision_json(*precision))?;
    out.put(b",\"anchor\":")?;
    out.put(anchor_json(*anchor))?;
    if let Some(d) = anchor_date {
        write_field(out, b",\"anchor_date\":", &d.to_string())?;
    }
    out.put(b"}")?;
    Ok(())
}

/// A precision as serde writes it (lower case; the test checks every one).
fn precision_json(p: TimePrecision) -> &'static [u8] {
    match p {
        TimePrecision::Day => b"\"day\"",
        TimePrecision::Week => b"\"week\"",
        TimePrecision::Month => b"\"month\"",
        TimePrecision::Season => b"\"season\"",
        TimePrecision::Quarter => b"\"quarter\"",
        TimePrecision::Year => b"\"year\"",
        TimePrecision::Range => b"\"range\"",
        TimePrecision::MonthDay => b"\"monthday\"",
    }
}

/// An anchor as serde writes it (kebab case; the test checks every one).
fn anchor_json(a: Anchor) -> &'static [u8] {
    match a {
        Anchor::Absolute => b"\"absolute\"",
        Anchor::Published => b"\"published\"",
        Anchor::Previous => b"\"previous\"",
        Anchor::None => b"\"none\"",
    }
}

/// One quantity as serde derives it: `max` left out when absent, an absent unit `null`.
/// Numbers go through serde_json, which alone decides how a float is written.
fn write_quantity(out: &mut Out<impl Write>, q: &Quantity) -> anyhow::Result<()> {
    let Quantity {
        start,
        end,
        text,
        value,
        max,
        unit,
    } = q;
    write_start_end(out, *start, *end)?;
    write_field(out, b",\"text\":", text)?;
    out.put(b",\"value\":")?;
    serde_json::to_writer(&mut *out, value)?;
    if let Some(m) = max {
        out.put(b",\"max\":")?;
        serde_json::to_writer(&mut *out, m)?;
    }
    out.put(b",\"unit\":")?;
    match unit {
        Some(u) => write_str(out, u)?,
        None => out.put(b"null")?,
    }
    out.put(b"}")?;
    Ok(())
}

/// One quote as serde derives it: an absent speaker or cue is `null`.
fn write_quote(out: &mut Out<impl Write>, q: &Quote) -> std::io::Result<()> {
    let Quote {
        start,
        end,
        text,
        speaker,
        indirect,
        cue,
    } = q;
    write_start_end(out, *start, *end)?;
    write_field(out, b",\"text\":", text)?;
    out.put(b",\"speaker\":")?;
    match speaker {
        Some(Speaker { start, end, text }) => {
            write_start_end(out, *start, *end)?;
            write_field(out, b",\"text\":", text)?;
            out.put(b"}")?;
        }
        None => out.put(b"null")?,
    }
    out.put(if *indirect {
        b",\"indirect\":true,\"cue\":"
    } else {
        b",\"indirect\":false,\"cue\":"
    })?;
    match cue {
        Some(cue) => write_str(out, cue)?,
        None => out.put(b"null")?,
    }
    out.put(b"}")
}

/// One clause as serde derives it: `cue_span` left out when absent.
fn write_modality(out: &mut Out<impl Write>, m: &Modality) -> std::io::Result<()> {
    let Modality {
        start,
        end,
        status,
        cue,
        cue_span,
        negated,
    } = m;
    write_start_end(out, *start, *end)?;
    out.put(b",\"status\":")?;
    out.put(match status {
        Status::Occurred => b"\"occurred\"",
        Status::Planned => b"\"planned\"",
        Status::Rejected => b"\"rejected\"",
        Status::Hypothetical => b"\"hypothetical\"",
        Status::Claimed => b"\"claimed\"",
        Status::Denied => b"\"denied\"",
    })?;
    write_field(out, b",\"cue\":", cue)?;
    if let Some(span) = cue_span {
        out.put(b",\"cue_span\":")?;
        write_span(out, span)?;
    }
    out.put(if *negated {
        b",\"negated\":true}"
    } else {
        b",\"negated\":false}"
    })
}

/// One name candidate as serde derives it: `title` left out when absent.
fn write_name(out: &mut Out<impl Write>, n: &NameCandidate) -> std::io::Result<()> {
    let NameCandidate {
        start,
        end,
        text,
        kind,
        title,
    } = n;
    write_start_end(out, *start, *end)?;
    write_field(out, b",\"text\":", text)?;
    out.put(match kind {
        NameKind::Name => b",\"kind\":\"name\"",
        NameKind::Acronym => b",\"kind\":\"acronym\"",
    })?;
    if let Some(span) = title {
        out.put(b",\"title\":")?;
        write_span(out, span)?;
    }
    out.put(b"}")
}

fn write_span(out: &mut Out<impl Write>, span: &TextSpan) -> std::io::Result<()> {
    write_start_end(out, span.start, span.end)?;
    out.put(b"}")
}

/// A JSON string escaped as serde_json escapes it (the tests compare the two).
fn write_str(out: &mut Out<impl Write>, s: &str) -> std::io::Result<()> {
    write_field(out, b"", s)
}

/// `prefix` (a field's name), then `s` as a JSON string escaped as serde_json escapes it (the
/// tests compare the two). Sentence texts are most of a large document's output and almost
/// never hold a byte to escape, so the text is checked a block at a time, and a clean one is
/// written with its name and quotes in one step; serde_json's own loop looks up every byte.
#[inline(always)]
fn write_field(out: &mut Out<impl Write>, prefix: &[u8], s: &str) -> std::io::Result<()> {
    let bytes = s.as_bytes();
    let Some(i) = first_flagged(bytes) else {
        let n = prefix.len() + bytes.len() + 2;
        if let Some(room) = out.room_for(n)? {
            // The room is `n` bytes long: every part fits.
            if let Some((name, rest)) = room.split_at_mut_checked(prefix.len()) {
                name.copy_from_slice(prefix);
                if let Some((open, rest)) = rest.split_first_mut() {
                    *open = b'"';
                    if let Some((close, text)) = rest.split_last_mut() {
                        text.copy_from_slice(bytes);
                        *close = b'"';
                    }
                }
            }
            out.advance(n);
            return Ok(());
        }
        out.put(prefix)?;
        out.put(b"\"")?;
        out.put(bytes)?;
        return out.put(b"\"");
    };
    out.put(prefix)?;
    write_escaped(out, bytes, i)
}

/// The string `bytes` after its opening quote, with escapes, its first `i` bytes known to need
/// none. Kept out of line: few strings get here, and inlined into every field it made each
/// of them save more registers.
#[inline(never)]
fn write_escaped(out: &mut Out<impl Write>, bytes: &[u8], mut i: usize) -> std::io::Result<()> {
    out.put(b"\"")?;
    let mut run = 0;
    while i < bytes.len() {
        match block_at(bytes, i) {
            Some(block) if !block_needs_escape(block) => {
                i += BLOCK;
                continue;
            }
            Some(_) => {}
            None if tail_is_clean(bytes, i) => break,
            None => {}
        }
        // A flagged block (or tail) byte by byte: most of its bytes, a quotation mark's
        // neighbours, are plain and turned away without building their escape.
        let stop = (i + BLOCK).min(bytes.len());
        while i < stop {
            let Some(&b) = bytes.get(i) else { break };
            if needs_escape(b) {
                if let Some(escaped) = escape(b) {
                    out.put(bytes.get(run..i).unwrap_or_default())?;
                    out.put(escaped.as_bytes())?;
                    run = i + 1;
                }
            }
            i += 1;
        }
    }
    out.put(bytes.get(run..).unwrap_or_default())?;
    out.put(b"\"")
}

/// Where the first block of `bytes` that may hold a byte to escape starts, if one does.
#[inline(always)]
fn first_flagged(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        match block_at(bytes, i) {
            Some(block) if !block_needs_escape(block) => i += BLOCK,
            Some(_) => return Some(i),
            None if i >= bytes.len() || tail_is_clean(bytes, i) => return None,
            None => return Some(i),
        }
    }
}

/// The block of `bytes` from `i`, if it is whole.
#[inline(always)]
fn block_at(bytes: &[u8], i: usize) -> Option<&[u8; BLOCK]> {
    bytes.get(i..i + BLOCK)?.try_into().ok()
}

/// Whether `bytes[i..]`, shorter than a block, needs no escape: checked as the string's last
/// block (which overlaps bytes already found clean), or, in a string shorter than a block, as
/// two overlapping words (most names and cues are that short).
#[inline(always)]
fn tail_is_clean(bytes: &[u8], i: usize) -> bool {
    if let Some(last) = bytes.len().checked_sub(BLOCK) {
        return block_at(bytes, last).is_some_and(|b| !block_needs_escape(b));
    }
    // Spaces stand for bytes past a short string: they need no escape.
    const SPACES: u64 = 0x2020_2020_2020_2020;
    let rest = bytes.get(i..).unwrap_or_default();
    let m = rest.len();
    let (a, b) = if m >= 8 {
        (read8(rest, 0), read8(rest, m - 8))
    } else if m >= 4 {
        (read4(rest, 0) | (read4(rest, m - 4) << 32), SPACES)
    } else {
        let w = rest.iter().enumerate().fold(SPACES, |w, (k, &b)| {
            (w & !(0xff << (8 * k))) | (u64::from(b) << (8 * k))
        });
        (w, SPACES)
    };
    !may_need_escape(a) && !may_need_escape(b)
}

/// The eight bytes of `b` from `i` as a little-endian word (0 if there are fewer).
fn read8(b: &[u8], i: usize) -> u64 {
    b.get(i..i + 8)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// The four bytes of `b` from `i` in the low half of a word (0 if there are fewer).
fn read4(b: &[u8], i: usize) -> u64 {
    b.get(i..i + 4)
        .and_then(|w| w.try_into().ok())
        .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
}

/// Whether any of the eight bytes of `w` is a control byte, `"` or `\\` (no false negatives;
/// a false positive only sends the bytes through [`escape`] one by one).
#[inline(always)]
fn may_need_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let zero = |x: u64| below(x, 1);
    (below(w, 0x20) | zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\')))) != 0
}

/// Bytes [`write_str`] checks at a time.
const BLOCK: usize = 16;

/// Whether any byte of `block` is a control byte, `"` or `\\`. Written without an early exit,
/// so that the compiler checks the block in a few vector steps.
#[inline(always)]
fn block_needs_escape(block: &[u8; BLOCK]) -> bool {
    block.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Whether [`escape`] has an escape for `b`: a control byte, `"` or `\\`.
#[inline(always)]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The escape of byte `b` in a JSON string, as serde_json writes it, or `None` if `b` is
/// written as it is.
fn escape(b: u8) -> Option<std::borrow::Cow<'static, str>> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        0x08 => "\\b",
        0x0c => "\\f",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        0x00..=0x1f => {
            let hex = |d: u8| char::from(HEX[usize::from(d & 0x0f)]);
            return Some(format!("\\u00{}{}", hex(b >> 4), hex(b)).into());
        }
        _ => return None,
    };
    Some(short.into())
}

/// `{"start":S,"end":E`, the opening every spanned object shares, made in place in the output
/// buffer: formatted on the stack and copied, or written in four parts, it cost more than its
/// digits.
fn write_start_end(out: &mut Out<impl Write>, start: usize, end: usize) -> std::io::Result<()> {
    const OPEN: &[u8] = b"{\"start\":";
    const MID: &[u8] = b",\"end\":";
    // The names and at most 20 digits per number.
    let room = out.room::<{ OPEN.len() + MID.len() + 40 }>()?;
    let mut at = put_bytes(room, 0, OPEN);
    at = put_uint(room, at, start);
    at = put_bytes(room, at, MID);
    at = put_uint(room, at, end);
    out.advance(at);
    Ok(())
}

/// Two decimal digits of each number below 100.
const DIGIT_PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// The number of decimal digits of `n`.
fn decimal_len(n: usize) -> usize {
    let mut len = 1;
    let mut m = n;
    while m >= 10_000 {
        m /= 10_000;
        len += 4;
    }
    len + usize::from(m >= 10) + usize::from(m >= 100) + usize::from(m >= 1000)
}

/// Writes the decimal digits of `n` into `buf` from `at` and returns where they end. The
/// callers' buffers hold every `usize`, so nothing is ever left out.
fn put_uint(buf: &mut [u8], at: usize, n: usize) -> usize {
    // Text offsets are below 10^8 in any input `annotate` takes: eight digits at once, when
    // eight bytes fit.
    if let Ok(small) = u32::try_from(n) {
        if small < 100_000_000 {
            if let Some(to) = buf.get_mut(at..at + 8) {
                let (digits, len) = eight_digits(small);
                to.copy_from_slice(&digits.to_le_bytes());
                return at + len;
            }
        }
    }
    put_uint_by_pairs(buf, at, n)
}

/// The decimal digits of `n` (below 10^8) as ASCII bytes of a little-endian word, the first
/// digit in the lowest byte and the rest of the word zero, and their number. The digits are
/// split in lanes (two of four digits, four of two, eight of one) by multiplying by
/// reciprocals that are exact in these ranges, so there is no loop and no division.
fn eight_digits(n: u32) -> (u64, usize) {
    let x = u64::from(n / 10_000) | (u64::from(n % 10_000) << 32);
    // Each 32-bit lane (below 10^4) divided by 100: (v * 10486) >> 20 is v / 100 there.
    let hundreds = ((x * 10_486) >> 20) & 0x0000_007f_0000_007f;
    let x = ((x - hundreds * 100) << 16) | hundreds;
    // Each 16-bit lane (below 100) divided by 10: (v * 103) >> 10 is v / 10 there.
    let tens = ((x * 103) >> 10) & 0x000f_000f_000f_000f;
    let x = ((x - tens * 10) << 8) | tens;
    // Leading zero digits are the low zero bytes; one digit stays for 0.
    let zeros = (x.trailing_zeros() / 8).min(7) as usize;
    ((x | 0x3030_3030_3030_3030) >> (8 * zeros), 8 - zeros)
}

/// [`put_uint`] for any `usize`: two digits at a time from the last.
fn put_uint_by_pairs(buf: &mut [u8], at: usize, mut n: usize) -> usize {
    let end = at + decimal_len(n);
    let mut pos = end;
    let mut pair = |pos: &mut usize, d: usize| {
        *pos = pos.saturating_sub(2);
        if let (Some(to), Some(from)) = (
            buf.get_mut(*pos..*pos + 2),
            DIGIT_PAIRS.get(d * 2..d * 2 + 2),
        ) {
            to.copy_from_slice(from);
        }
    };
    while n >= 100 {
        pair(&mut pos, n % 100);
        n /= 100;
    }
    if n >= 10 {
        pair(&mut pos, n);
    } else if let Some(b) = buf.get_mut(pos.saturating_sub(1)) {
        *b = b'0' + n as u8;
    }
    end
}

/// Writes `bytes` into `buf` from `at` and returns where they end.
fn put_bytes(buf: &mut [u8], at: usize, bytes: &[u8]) -> usize {
    let end = at + bytes.len();
    if let Some(to) = buf.get_mut(at..end) {
        to.copy_from_slice(bytes);
    }
    end
}

/// Parses `--published`: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn parse_published(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse_iso(s)
        .ok_or_else(|| format!("{s:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `write` puts through an [`Out`].
    fn written<E>(write: impl FnOnce(&mut Out<&mut Vec<u8>>) -> Result<(), E>) -> Result<Vec<u8>, E>
    where
        E: From<std::io::Error>,
    {
        let mut got = Vec::new();
        let mut out = Out::new(&mut got);
        write(&mut out)?;
        out.flush()?;
        drop(out);
        Ok(got)
    }

    /// The direct writer and serde_json agree byte for byte, on names with and without titles,
    /// clauses with and without cues, escapes and non-ASCII text.
    #[test]
    fn direct_json_is_serde_json() -> anyhow::Result<()> {
        let text = "Egyptian President Hosni Mubarak said on Nov. 7 that troops would not be \
                    sent.\n\n\"We rejected the \\plan\\\", the CSTO's spokeswoman Jen Psaki \
                    said\t— about 20,000 troops, $5 million.\u{1}\n\nAlmaty, 2006: Қазақстан \
                    talks may resume next week, officials claimed.\n\nThe minister said that \
                    troops would leave.\n\n\"We will never accept this plan, and we will fight it \
                    in every court of the land.\"\n\nThe talks ended.\n\nDozens of soldiers, 1.5 \
                    million people and 3,000 of them fled between 2001 and 2003.\n\nPrices rose \
                    2.5 percent.";
        let published = PartialDate::parse_iso("2006-11-15");
        let ann = tamga_text::annotate(text, published);
        assert!(ann.times.iter().any(|t| t.end_value.is_some()));
        assert!(ann.times.iter().any(|t| t.end_value.is_none()));
        assert!(ann.times.iter().any(|t| t.anchor_date.is_some()));
        assert!(ann.times.iter().any(|t| t.anchor_date.is_none()));
        assert!(ann.quantities.iter().any(|q| q.max.is_some()));
        assert!(ann.quantities.iter().any(|q| q.max.is_none()));
        assert!(ann.quantities.iter().any(|q| q.unit.is_none()));
        assert!(ann.quantities.iter().any(|q| q.unit.is_some()));
        assert!(ann.quantities.iter().any(|q| q.value.fract() != 0.0));
        assert!(ann.names.iter().any(|n| n.title.is_some()));
        assert!(ann.names.iter().any(|n| n.title.is_none()));
        assert!(ann
            .modality
            .iter()
            .any(|m| m.cue_span.is_some() && m.negated));
        assert!(ann.modality.iter().any(|m| m.cue_span.is_none()));
        assert!(ann
            .quotes
            .iter()
            .any(|q| q.speaker.is_some() && !q.indirect));
        assert!(ann.quotes.iter().any(|q| q.indirect));
        assert!(ann
            .quotes
            .iter()
            .any(|q| q.speaker.is_none() && q.cue.is_none()));
        let reference = AnnotationsJson {
            sentences: ann
                .sentences
                .iter()
                .map(|s| SentenceJson {
                    start: s.start,
                    end: s.end,
                    text: text.get(s.start..s.end).unwrap_or_default(),
                })
                .collect(),
            times: &ann.times,
            quantities: &ann.quantities,
            quotes: &ann.quotes,
            modality: &ann.modality,
            names: &ann.names,
            published: published.map(|d| d.to_string()),
        };
        let mut want = serde_json::to_vec(&reference)?;
        want.push(b'\n');
        let got = written(|out| write_json(out, text, published, &ann))?;
        assert_eq!(String::from_utf8(got)?, String::from_utf8(want)?);
        Ok(())
    }

    #[test]
    fn precisions_and_anchors_are_written_as_serde_writes_them() -> anyhow::Result<()> {
        use TimePrecision::*;
        for p in [Day, Week, Month, Season, Quarter, Year, Range, MonthDay] {
            assert_eq!(
                String::from_utf8_lossy(precision_json(p)),
                serde_json::to_string(&p)?
            );
        }
        for a in [
            Anchor::Absolute,
            Anchor::Published,
            Anchor::Previous,
            Anchor::None,
        ] {
            assert_eq!(
                String::from_utf8_lossy(anchor_json(a)),
                serde_json::to_string(&a)?
            );
        }
        Ok(())
    }

    proptest::proptest! {
        /// Strings are escaped exactly as serde_json escapes them, whatever bytes they hold and
        /// wherever the bytes to escape fall in the eight-byte steps.
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(
            s in "(\\PC|[\\x00-\\x1f\"\\\\\\x7f]|\u{2028}|é){0,40}"
        ) {
            let got = written(|out| write_str(out, &s)).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let want = serde_json::to_string(&s).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            proptest::prop_assert_eq!(String::from_utf8_lossy(&got), want);
        }
    }

    proptest::proptest! {
        /// Long clean runs with a few bytes to escape, so that whole blocks, flagged blocks,
        /// tails and short strings are all met.
        #[test]
        fn sparse_escapes_are_escaped_as_serde_json_escapes_them(
            s in "[a-zé ]{0,70}([\"\\\\\\x00-\\x1f][a-z ]{0,40}){0,3}"
        ) {
            let got = written(|out| write_str(out, &s)).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let want = serde_json::to_string(&s).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            proptest::prop_assert_eq!(String::from_utf8_lossy(&got), want);
        }
    }

    #[test]
    fn every_byte_is_escaped_as_serde_json_escapes_it() -> anyhow::Result<()> {
        for b in 0u8..=0x7f {
            let s = format!("abcdefg{}hijklmnopq", char::from(b));
            let got = written(|out| write_str(out, &s))?;
            assert_eq!(
                String::from_utf8(got)?,
                serde_json::to_string(&s)?,
                "byte {b:#x}"
            );
        }
        Ok(())
    }

    proptest::proptest! {
        /// The span opening made on the stack is the one `format!` makes, for numbers of
        /// every length.
        #[test]
        fn span_openings_are_formatted_in_full(
            start in proptest::num::usize::ANY,
            shift in 0u32..64,
            small in 0usize..1000,
        ) {
            for (s, e) in [(start, start >> shift), (small, start), (small, small), (0, usize::MAX)] {
                let got = written(|out| write_start_end(out, s, e)).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
                proptest::prop_assert_eq!(
                    String::from_utf8_lossy(&got),
                    format!("{{\"start\":{s},\"end\":{e}")
                );
            }
        }
    }

    #[test]
    fn span_openings_of_every_small_number() -> std::io::Result<()> {
        for n in (0..=1000).chain([9_999, 10_000, 99_999, 100_000, 1_000_000, usize::MAX]) {
            let got = written(|out| write_start_end(out, n, n / 3))?;
            assert_eq!(
                String::from_utf8_lossy(&got),
                format!("{{\"start\":{n},\"end\":{}", n / 3)
            );
        }
        Ok(())
    }

    proptest::proptest! {
        /// The eight-digit split is the decimal number, for every length.
        #[test]
        fn eight_digits_are_the_number(n in 0u32..100_000_000, shift in 0u32..27) {
            let n = n >> shift;
            let (digits, len) = eight_digits(n);
            let bytes = digits.to_le_bytes();
            proptest::prop_assert_eq!(String::from_utf8_lossy(&bytes[..len]), n.to_string());
            proptest::prop_assert!(bytes[len..].iter().all(|&b| b == 0));
        }
    }

    #[test]
    fn eight_digits_at_every_power_of_ten() {
        let mut n = 1u32;
        while n <= 100_000_000 {
            for m in [n - 1, n, n + 1].into_iter().filter(|&m| m < 100_000_000) {
                let (digits, len) = eight_digits(m);
                let bytes = digits.to_le_bytes();
                assert_eq!(String::from_utf8_lossy(&bytes[..len]), m.to_string());
            }
            n *= 10;
        }
        // Both paths of `put_uint`, with and without eight bytes of room.
        for n in [0, 9, 10, 99_999_999, 100_000_000, usize::MAX] {
            for size in [8, 28] {
                let mut buf = vec![b'x'; size];
                let want = n.to_string();
                if want.len() <= size {
                    let end = put_uint(&mut buf, 0, n);
                    assert_eq!(String::from_utf8_lossy(&buf[..end]), want);
                }
            }
        }
    }

    #[test]
    fn decimal_lengths_at_every_power_of_ten() {
        let mut n: usize = 1;
        loop {
            for m in [n - 1, n, n + 1] {
                assert_eq!(decimal_len(m), m.to_string().len(), "{m}");
            }
            match n.checked_mul(10) {
                Some(next) => n = next,
                None => break,
            }
        }
        assert_eq!(decimal_len(usize::MAX), usize::MAX.to_string().len());
    }

    /// Writes that cross the buffer's end, and strings longer than the buffer, come out whole
    /// and in order.
    #[test]
    fn output_larger_than_the_buffer() -> anyhow::Result<()> {
        let long = "a \"quoted\" word\n".repeat(OUT_CAP / 8);
        let clean = "x".repeat(OUT_CAP + 5);
        let got = written(|out| -> std::io::Result<()> {
            for k in 0..OUT_CAP / 10 {
                write_start_end(out, k, k * 7)?;
            }
            write_str(out, &long)?;
            write_field(out, b",", &clean)?;
            write_start_end(out, usize::MAX, 0)
        })?;
        let mut want = String::new();
        for k in 0..OUT_CAP / 10 {
            want.push_str(&format!("{{\"start\":{k},\"end\":{}", k * 7));
        }
        want.push_str(&serde_json::to_string(&long)?);
        want.push(',');
        want.push_str(&serde_json::to_string(&clean)?);
        want.push_str(&format!("{{\"start\":{},\"end\":0", usize::MAX));
        assert_eq!(String::from_utf8(got)?, want);
        Ok(())
    }

    #[test]
    fn integers_are_written_in_full() {
        let mut out = Vec::new();
        for n in [0, 7, 10, 99, 100, 1_000_000, usize::MAX] {
            let mut buf = [0u8; 24];
            let end = put_uint(&mut buf, 2, n);
            out.extend_from_slice(buf.get(2..end).unwrap_or_default());
            out.push(b' ');
        }
        assert_eq!(
            String::from_utf8_lossy(&out),
            format!("0 7 10 99 100 1000000 {} ", usize::MAX)
        );
    }
}
