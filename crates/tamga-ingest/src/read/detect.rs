//! Deciding what an input is from its first bytes, with the file extension as a tie-breaker:
//! gzip first (by magic), then WARC, feed, JSONL, HTML, and plain text as the fallback.

use super::encoding;
use std::path::Path;

/// How many (decompressed) bytes detection looks at.
pub const HEAD_BYTES: usize = 64 * 1024;

/// What an input (after any gzip layer) contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Warc,
    Feed,
    Jsonl,
    /// A plain JSON file: one article object or an array of them.
    Json,
    Html,
    Text,
}

/// True when the bytes start with the gzip magic number.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// The lower-cased extensions of `path` innermost first, ignoring a trailing `.gz`:
/// `a.warc.gz` → `warc`.
fn extension(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_owned(),
        _ => String::new(),
    }
}

/// Detects the kind of an input from its (decompressed) head and its path.
pub fn detect(head: &[u8], path: &Path) -> Kind {
    // What most inputs are, told from their first bytes: every test below would fail on
    // such a head (not WARC, a feed root or JSON) until the HTML sniff says yes, and they
    // would first validate the whole head as UTF-8.
    if encoding::opens_as_html_bytes(head) {
        return Kind::Html;
    }
    detect_by_content(head, path)
}

/// [`detect`] without its shortcut for heads that open as HTML.
fn detect_by_content(head: &[u8], path: &Path) -> Kind {
    let ext = extension(path);
    let text = encoding::head_text(head, HEAD_BYTES);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("WARC/1.") || trimmed.starts_with("WARC/0.") {
        return Kind::Warc;
    }
    if looks_like_feed(trimmed) {
        return Kind::Feed;
    }
    if trimmed.starts_with('{') {
        let one_per_line = first_line_is_object(trimmed, text.len() >= HEAD_BYTES);
        if one_per_line || matches!(ext.as_str(), "jsonl" | "ndjson") {
            return Kind::Jsonl;
        }
        if ext == "json" {
            // Pretty-printed: the object spans lines.
            return Kind::Json;
        }
    }
    if trimmed.starts_with('[') && ext == "json" {
        return Kind::Json;
    }
    if encoding::sniff_html(head) {
        return Kind::Html;
    }
    // Ambiguous content: the extension decides between the single-document kinds, and a
    // `.xml` that is no feed is still better read as markup than as text.
    match ext.as_str() {
        "html" | "htm" | "xhtml" | "shtml" => Kind::Html,
        "warc" => Kind::Warc,
        "rss" | "atom" => Kind::Feed,
        _ => Kind::Text,
    }
}

/// An XML document whose root is `<rss>`, `<feed>` or `<rdf:RDF>`.
fn looks_like_feed(trimmed: &str) -> bool {
    if !trimmed.starts_with('<') {
        return false;
    }
    let lower = trimmed.get(..trimmed.len().min(512)).unwrap_or(trimmed);
    let lower = lower.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return false;
    }
    ["<rss", "<feed", "<rdf:RDF"].iter().any(|tag| {
        trimmed.match_indices(tag).any(|(i, _)| {
            trimmed[i + tag.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_whitespace() || c == '>')
        })
    })
}

/// True when the first line is a complete JSON object. A first line longer than the head
/// cannot be checked; a `{` opening a huge first line is taken as JSONL.
fn first_line_is_object(trimmed: &str, head_full: bool) -> bool {
    match trimmed.split_once('\n') {
        Some((line, _)) => matches!(
            serde_json::from_str::<serde_json::Value>(line.trim()),
            Ok(serde_json::Value::Object(_))
        ),
        None if head_full => true,
        None => matches!(
            serde_json::from_str::<serde_json::Value>(trimmed.trim()),
            Ok(serde_json::Value::Object(_))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(bytes: &[u8], name: &str) -> Kind {
        detect(bytes, Path::new(name))
    }

    #[test]
    fn content_decides_before_extension() {
        assert_eq!(
            kind(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x.txt"),
            Kind::Warc
        );
        assert_eq!(
            kind(
                b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>",
                "x.html"
            ),
            Kind::Feed
        );
        assert_eq!(
            kind(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", "x"),
            Kind::Feed
        );
        assert_eq!(kind(b"<rdf:RDF xmlns:rdf=\"...\">", "x"), Kind::Feed);
        assert_eq!(
            kind(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n", "dump"),
            Kind::Jsonl
        );
        assert_eq!(kind(b"<!doctype html><html>", "page.txt"), Kind::Html);
        assert_eq!(kind(b"Just words.\n", "notes"), Kind::Text);
    }

    #[test]
    fn extension_breaks_ties() {
        // Not a complete object on line 1, but named like JSONL.
        assert_eq!(kind(b"{\"text\": \"unterminated", "x.jsonl"), Kind::Jsonl);
        assert_eq!(kind(b"{ not json", "x.txt"), Kind::Text);
        assert_eq!(kind(b"{\"text\": \"a\"}\n", "x.json"), Kind::Jsonl);
        assert_eq!(kind(b"{\n  \"text\": \"a\"\n}\n", "x.json"), Kind::Json);
        assert_eq!(kind(b"[{\"text\": \"a\"}]", "x.json"), Kind::Json);
        assert_eq!(kind(b"[1, 2]", "x.txt"), Kind::Text);
        assert_eq!(kind(b"Some words", "page.html.gz"), Kind::Html);
        assert_eq!(kind(b"Some words", "page.htm"), Kind::Html);
        assert_eq!(kind(b"", "a.warc.gz"), Kind::Warc);
    }

    #[test]
    fn html_mentioning_feeds_is_still_html() {
        assert_eq!(
            kind(b"<html><head><title>Feeds: <feed> and <rss ></title>", "x"),
            Kind::Html
        );
    }

    proptest::proptest! {
        #[test]
        fn html_opening_gives_what_the_full_tests_give(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                &b"\xEF\xBB\xBF"[..], b" ", b"\r\n", b"\x0c", b"\xC2\xA0", b"\x00", b"a\x00",
                b"\xff", b"<!DOCTYPE html>", b"<!doctype htm", b"<html", b"<HTML ", b"<rss ",
                b"<feed>", b"{", b"[", b"WARC/1.0", b"<head>", b"x",
            ]), 0..12),
            name in proptest::sample::select(vec!["x", "x.json", "x.txt", "x.warc", "x.rss"]),
        ) {
            let bytes = parts.concat();
            proptest::prop_assert_eq!(kind(&bytes, name), detect_by_content(&bytes, Path::new(name)));
        }
    }

    #[test]
    fn gzip_magic() {
        assert!(is_gzip(&[0x1f, 0x8b, 8, 0]));
        assert!(!is_gzip(b"WARC/1.0"));
        assert!(!is_gzip(&[0x1f]));
    }
}
