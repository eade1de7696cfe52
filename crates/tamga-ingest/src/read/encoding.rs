//! Turning bytes of unknown encoding into text: BOM, declared charset, `<meta charset>`, UTF-8
//! validity, then statistical detection. Also the cheap content sniffs (binary? HTML?) that
//! the readers use before committing to a format.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// How far into an HTML document a `<meta charset>` is looked for; browsers stop at 1 KiB,
/// real pages put long `<title>`s and scripts first, so a little more.
const META_PRESCAN_BYTES: usize = 4096;
/// How much text `chardetng` sees; more only costs time, the guess is settled well before.
const DETECT_BYTES: usize = 1 << 20;
/// The head that binary/HTML sniffing looks at.
const SNIFF_BYTES: usize = 8192;

/// Decodes `bytes` to UTF-8. `declared` is a transport charset (HTTP header); for HTML the
/// `<meta charset>` in the first bytes is honoured too. Undecodable bytes become U+FFFD.
///
/// Order: a byte-order mark wins (as in browsers), then `declared`, then for HTML the meta
/// prescan, then UTF-8 if the bytes are (mostly) valid UTF-8, then `chardetng`'s guess.
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>, html: bool) -> Cow<'a, str> {
    match pick(bytes, declared, html) {
        Picked::Valid(text) => Cow::Borrowed(text),
        Picked::Encoding(enc) => decode_with(bytes, enc),
    }
}

/// [`decode`] of bytes the caller owns: when they are the text (valid UTF-8 without a BOM,
/// the common case) they become it without a copy of the whole text.
pub fn decode_owned(bytes: Vec<u8>, declared: Option<&str>, html: bool) -> String {
    match decode(&bytes, declared, html) {
        Cow::Borrowed(text) if text.len() == bytes.len() => {}
        Cow::Borrowed(text) => return text.to_owned(),
        Cow::Owned(text) => return text,
    }
    // Validated again (no unsafe here), which costs less than a copy's fresh pages.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The encoding [`decode`] would use for `bytes`.
pub fn pick_encoding(bytes: &[u8], declared: Option<&str>, html: bool) -> &'static Encoding {
    match pick(bytes, declared, html) {
        Picked::Valid(_) => UTF_8,
        Picked::Encoding(enc) => enc,
    }
}

enum Picked<'a> {
    /// The bytes are UTF-8 (no BOM) and were found valid while picking: the text itself,
    /// so that it is not validated a second time.
    Valid(&'a str),
    Encoding(&'static Encoding),
}

fn pick<'a>(bytes: &'a [u8], declared: Option<&str>, html: bool) -> Picked<'a> {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return Picked::Encoding(enc);
    }
    if let Some(enc) = declared.and_then(label_encoding) {
        return Picked::Encoding(enc);
    }
    if html {
        if let Some(enc) = meta_charset(bytes) {
            return Picked::Encoding(enc);
        }
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return Picked::Encoding(enc);
    }
    // Valid UTF-8, the common case, settles it without counting characters; a document
    // within the detection sample is then already validated whole.
    if bytes.len() <= DETECT_BYTES {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Picked::Valid(text);
        }
    }
    if mostly_utf8(bytes) {
        return Picked::Encoding(UTF_8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes[..bytes.len().min(DETECT_BYTES)], true);
    Picked::Encoding(detector.guess(None, chardetng::Utf8Detection::Deny))
}

fn decode_with<'a>(bytes: &'a [u8], enc: &'static Encoding) -> Cow<'a, str> {
    // `decode` sniffs the BOM itself, so a BOM always wins and is removed. Valid UTF-8 is
    // borrowed, not copied: pages are mostly UTF-8 and a copy of each was a measurable share
    // of extraction.
    enc.decode(bytes).0
}

/// An encoding from a charset label, as browsers map it: a `utf-16` label on bytes that were
/// read as ASCII-compatible cannot be right, and `x-user-defined` means windows-1252.
fn label_encoding(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    Some(if enc == UTF_16LE || enc == UTF_16BE {
        UTF_8
    } else if enc == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        enc
    })
}

/// The charset of a `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` in the first few KiB.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let mut rest = head;
    while let Some(pos) = find_ci(rest, b"<meta") {
        let tag_start = &rest[pos + 5..];
        let end = memchr::memchr(b'>', tag_start).unwrap_or(tag_start.len());
        let tag = &tag_start[..end];
        if let Some(enc) = charset_in_tag(tag) {
            return Some(enc);
        }
        rest = &tag_start[end..];
    }
    None
}

fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find_ci(tag, b"charset")?;
    let mut value = tag[at + 7..]
        .iter()
        .copied()
        .skip_while(u8::is_ascii_whitespace);
    if value.next()? != b'=' {
        return None;
    }
    let label: Vec<u8> = value
        .skip_while(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        .take_while(|b| !(b.is_ascii_whitespace() || b"\"';>/".contains(b)))
        .take(40)
        .collect();
    label_encoding(std::str::from_utf8(&label).ok()?)
}

/// Case-insensitive search for an ASCII needle.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let last_start = hay.len().checked_sub(needle.len())?;
    // Only where the first byte matches, in either case, is the rest compared: a window
    // compared at every byte cost tens of thousands of instructions per page.
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        hay.get(..=last_start)?,
    )
    .find(|&at| {
        hay.get(at + 1..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    })
}

/// True when the bytes are valid UTF-8, or nearly so: a few corrupt bytes among many valid
/// multi-byte characters are damage, not a legacy encoding, and decoding the whole text as
/// windows-1252 would garble every other character.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let bytes = &bytes[..bytes.len().min(DETECT_BYTES)];
    if std::str::from_utf8(bytes).is_ok() {
        return true;
    }
    let mut invalid = 0usize;
    let mut multibyte = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    // A sample cut at DETECT_BYTES may end inside a character; that one is not damage.
    if bytes.len() == DETECT_BYTES && invalid > 0 {
        invalid -= 1;
    }
    invalid == 0 || multibyte >= 8 * invalid
}

/// UTF-16 without a BOM shows as NULs in every other byte of mostly-ASCII text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    // Without a NUL neither count can reach its share: one search settles the common case.
    if head.len() < 8 || memchr::memchr(0, head).is_none() {
        return None;
    }
    utf16_by_nul_counts(head)
}

/// The UTF-16 shape of an even-length `head` of at least 8 bytes, from its NUL counts.
fn utf16_by_nul_counts(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    if odd_nul * 10 >= pairs * 7 && even_nul * 50 <= pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 50 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when the bytes are clearly not text: NULs or many control bytes in the first 8 KiB.
/// UTF-16 (with a BOM, or plainly shaped like it) is text, judged after decoding.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.is_empty() {
        return false;
    }
    if let Some(enc) = Encoding::for_bom(head)
        .map(|(e, _)| e)
        .filter(|e| *e == UTF_16LE || *e == UTF_16BE)
        .or_else(|| utf16_without_bom(head))
    {
        let (text, _) = enc.decode_with_bom_removal(head);
        return control_ratio_high(text.chars().map(|c| u32::from(c).min(0xff) as u8));
    }
    head.contains(&0) || control_ratio_high(head.iter().copied())
}

/// More than 1 in 10 characters being control codes other than tab, newline, CR, form
/// feed and escape: no text file looks like that.
fn control_ratio_high(bytes: impl Iterator<Item = u8>) -> bool {
    let (mut total, mut control) = (0usize, 0usize);
    for b in bytes {
        total += 1;
        if b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f {
            control += 1;
        }
    }
    control * 10 > total
}

/// The first bytes as text for sniffing: UTF-16 heads are decoded, others read as Latin-1-ish
/// lossy UTF-8 (the markers looked for are ASCII).
pub(crate) fn head_text(bytes: &[u8], max: usize) -> Cow<'_, str> {
    let head = &bytes[..bytes.len().min(max)];
    let utf16 = Encoding::for_bom(head)
        .map(|(e, _)| e)
        .filter(|e| *e == UTF_16LE || *e == UTF_16BE)
        .or_else(|| utf16_without_bom(head));
    match utf16 {
        Some(enc) => Cow::Owned(enc.decode_with_bom_removal(head).0.into_owned()),
        // Validating first is much faster than the lossy pass on the common valid head.
        None => match std::str::from_utf8(head) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(head),
        },
    }
}

/// True when the bytes look like an HTML document (or a fragment of one).
pub fn sniff_html(bytes: &[u8]) -> bool {
    let text = head_text(bytes, SNIFF_BYTES);
    // Lower-casing changes neither the marks trimmed here nor where they end, so the opening
    // is read as written, and only a head it does not settle is lower-cased whole.
    if opens_as_html(text.trim_start_matches('\u{feff}').trim_start().as_bytes()) {
        return true;
    }
    markup_says_html(&text.to_ascii_lowercase())
}

/// Whether a lower-cased head that does not open as HTML still reads as a page or fragment:
/// it has `<head` or `<body`, or it opens with markup (possibly after `<?xml`/comments) and
/// has common HTML elements, even without `<html>`.
fn markup_says_html(head: &str) -> bool {
    if head.contains("<head") || head.contains("<body") {
        return true;
    }
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<')
        && [
            "<html", "<title", "<meta ", "<div", "<p>", "<p ", "<article", "<br", "<span",
        ]
        .iter()
        .any(|m| head.contains(m))
}

/// `<!doctype html` or `<html` at the start of `t`, in any case.
fn opens_as_html(t: &[u8]) -> bool {
    [&b"<!doctype html"[..], b"<html"].iter().any(|m| {
        t.get(..m.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(m))
    })
}

/// Whether raw bytes open, after UTF-8 byte-order marks and ASCII whitespace, with
/// `<!doctype html` or `<html`, and are not UTF-16: then the head [`head_text`] makes of them
/// opens the same way once trimmed, whatever bytes follow (a bad byte later changes nothing
/// before it), and most pages are told to be HTML without decoding their head.
pub(crate) fn opens_as_html_bytes(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some(after) = rest.strip_prefix(b"\xEF\xBB\xBF") {
        rest = after;
    }
    // `char::is_whitespace` in ASCII; any other whitespace leaves the slow path to decide.
    let start = rest
        .iter()
        .position(|b| !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '))
        .unwrap_or(rest.len());
    opens_as_html(rest.get(start..).unwrap_or(&[])) && utf16_without_bom(bytes).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`find_ci`] as it was: a window compared at every byte.
    fn find_ci_reference(hay: &[u8], needle: &[u8]) -> Option<usize> {
        if needle.is_empty() || hay.len() < needle.len() {
            return None;
        }
        hay.windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
    }

    /// [`sniff_html`] as it was: the whole head lower-cased first, the opening read from it.
    fn sniff_html_reference(bytes: &[u8]) -> bool {
        let head = head_text(bytes, SNIFF_BYTES).to_ascii_lowercase();
        let t = head.trim_start_matches('\u{feff}').trim_start();
        t.starts_with("<!doctype html") || t.starts_with("<html") || markup_says_html(&head)
    }

    /// [`utf16_without_bom`] as it was, counting NULs without looking for one first.
    fn utf16_reference(bytes: &[u8]) -> Option<&'static Encoding> {
        let head = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
        if head.len() < 8 {
            return None;
        }
        utf16_by_nul_counts(head)
    }

    /// Pages made of pieces that sit on the edges of the fast paths.
    fn pieces() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                &b"\xEF\xBB\xBF"[..],
                b" ",
                b"\t",
                b"\n",
                b"\x0b",
                b"\xC2\xA0",
                b"\x00",
                b"a\x00",
                b"\x00a",
                b"\xff",
                b"\xfe",
                b"<!DOCTYPE html",
                b"<!doctype HTML",
                b"<html",
                b"<HTML>",
                b"<htm",
                b"<head>",
                b"<body",
                b"<p>",
                b"<meta ",
                b"<Meta charset=\"x\">",
                b"charset=utf-8",
                b"{",
                b"[",
                b"WARC/1.0",
                b"<rss ",
                b"<feed>",
                b"x",
                b"CHARSET",
                b"\xe2\x80",
            ]),
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #[test]
        fn fast_paths_match_their_references(bytes in pieces()) {
            proptest::prop_assert_eq!(sniff_html(&bytes), sniff_html_reference(&bytes));
            proptest::prop_assert_eq!(utf16_without_bom(&bytes), utf16_reference(&bytes));
            for needle in [&b"<meta"[..], b"charset", b"x", b""] {
                proptest::prop_assert_eq!(find_ci(&bytes, needle), find_ci_reference(&bytes, needle));
            }
            if opens_as_html_bytes(&bytes) {
                proptest::prop_assert!(sniff_html_reference(&bytes));
            }
        }

        #[test]
        fn utf16_shapes_match_the_count(
            bytes in proptest::collection::vec(proptest::sample::select(vec![0u8, 0, 0, b'a', 0xff]), 0..64),
        ) {
            proptest::prop_assert_eq!(utf16_without_bom(&bytes), utf16_reference(&bytes));
        }
    }

    #[test]
    fn utf8_passes_through_and_bom_is_removed() {
        assert_eq!(decode("héllo".as_bytes(), None, false), "héllo");
        assert_eq!(decode("\u{feff}héllo".as_bytes(), None, false), "héllo");
    }

    #[test]
    fn utf16_with_bom_is_decoded_and_not_binary() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Ankara'da toplantı".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert!(!looks_binary(&bytes));
        assert_eq!(decode(&bytes, None, false), "Ankara'da toplantı");
        // A BOM wins over a wrong transport label.
        assert_eq!(
            decode(&bytes, Some("iso-8859-1"), true),
            "Ankara'da toplantı"
        );
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let bytes: Vec<u8> = "plain words here"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(!looks_binary(&bytes));
        assert_eq!(decode(&bytes, None, false), "plain words here");
    }

    #[test]
    fn latin1_without_declaration_is_detected() {
        let (bytes, _, _) = WINDOWS_1252
            .encode("Le président a déclaré que la réunion était très importante pour l'économie.");
        assert!(std::str::from_utf8(&bytes).is_err());
        let text = decode(&bytes, None, false);
        assert!(text.contains("président"), "{text}");
    }

    #[test]
    fn declared_and_meta_charsets_are_honoured() {
        let body = "<html><head><meta charset=\"windows-1251\"></head><body></body>";
        let mut bytes = body.as_bytes().to_vec();
        let (cyr, _, _) = encoding_rs::WINDOWS_1251.encode("Привет");
        bytes.extend_from_slice(&cyr);
        assert!(decode(&bytes, None, true).contains("Привет"));
        // The meta wins over detection: as windows-1252 the same bytes are not Cyrillic.
        let lying = body.replace("windows-1251", "windows-1252");
        let mut lying = lying.into_bytes();
        lying.extend_from_slice(&cyr);
        assert!(!decode(&lying, None, true).contains("Привет"));
        let http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-9\">";
        assert_eq!(
            meta_charset(http_equiv),
            Some(encoding_rs::WINDOWS_1254),
            "iso-8859-9 is windows-1254 in the web's label table"
        );
        assert_eq!(decode(&[0xfd], Some("windows-1254"), true), "ı");
        // A meta that claims UTF-16 in ASCII bytes means UTF-8.
        assert_eq!(meta_charset(b"<meta charset=utf-16>"), Some(UTF_8));
    }

    #[test]
    fn mostly_valid_utf8_with_a_stray_byte_stays_utf8() {
        let mut bytes = "çalışma ğüşiöç ".repeat(4).into_bytes();
        bytes.push(0xff);
        bytes.extend_from_slice("şimdi".as_bytes());
        let text = decode(&bytes, None, false);
        assert!(
            text.contains("çalışma") && text.contains('\u{fffd}'),
            "{text}"
        );
    }

    #[test]
    fn binary_and_text_are_told_apart() {
        assert!(looks_binary(b"\x7fELF\x02\x01\x01\x00\x00\x00"));
        assert!(looks_binary(&[1, 2, 3, 4, 5, 6, 7, 8, b'a', b'b']));
        assert!(!looks_binary(b"just some text\n\twith tabs\r\n"));
        assert!(!looks_binary(b""));
    }

    #[test]
    fn html_is_sniffed() {
        assert!(sniff_html(b"  <!DOCTYPE html><p>x"));
        assert!(sniff_html(b"<div class=a><p>text</p></div>"));
        assert!(sniff_html(b"<?xml version=\"1.0\"?><html xmlns=\"x\">"));
        assert!(!sniff_html(b"Plain text that mentions <b> once."));
        assert!(!sniff_html(b"{\"html\": \"<p>x</p>\"}"));
    }

    proptest::proptest! {
        #[test]
        fn decode_gives_valid_utf8_and_never_panics(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048),
            html in proptest::bool::ANY,
        ) {
            let s = decode(&bytes, None, html);
            proptest::prop_assert!(std::str::from_utf8(s.as_bytes()).is_ok());
            let _ = looks_binary(&bytes);
            let _ = sniff_html(&bytes);
        }
    }
}
