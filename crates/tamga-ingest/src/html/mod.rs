//! Main-text and metadata extraction from HTML pages: a fast pre-pass, a tag scan and tree
//! build (`prep`, `scan`, `dom`), boilerplate removal and density scoring (`body`), and metadata from
//! JSON-LD, meta tags, `<time>` and URLs (`meta`). Linear in the page size, no recursion.

mod body;
mod dom;
mod meta;
mod prep;
mod scan;
mod text;

use crate::date;
use crate::model::{Article, Block, BlockKind, DateSource};

/// Pages larger than this are cut before parsing; no article needs more.
const MAX_HTML_BYTES: usize = 32 << 20;

/// Extracts the article's main text blocks and metadata from a decoded HTML page.
pub fn extract_html(html: &str, uri: Option<&str>) -> Article {
    let html = truncate(html, MAX_HTML_BYTES);
    let prepared = prep::prepare_in(html, PAGE_BUFFER.take(), LT_BUFFER.take());
    let article = extract_prepared(&prepared, uri);
    let (mut buffer, mut lts) = (prepared.html, prepared.lts);
    if buffer.capacity() <= MAX_KEPT_BUFFER {
        buffer.clear();
        PAGE_BUFFER.set(buffer);
    }
    if lts.capacity() <= MAX_KEPT_BUFFER / 16 {
        lts.clear();
        LT_BUFFER.set(lts);
    }
    article
}

/// The largest page buffer a thread keeps for its next page; a rare huge page's is freed.
const MAX_KEPT_BUFFER: usize = 4 << 20;

thread_local! {
    /// The buffer [`prep::prepare_in`] writes each page into, kept between pages.
    static PAGE_BUFFER: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
    /// The buffer of the page's `<` positions, kept the same way.
    static LT_BUFFER: std::cell::Cell<Vec<u32>> = const { std::cell::Cell::new(Vec::new()) };
}

fn extract_prepared(prepared: &prep::Prepared<'_>, uri: Option<&str>) -> Article {
    let ld = meta::parse_jsonld(&prepared.jsonld);
    let dom = dom::Dom::build_from(&prepared.html, &prepared.lts);
    let head = meta::collect_head(&dom);
    let title = meta::title(&head, &ld);

    let mut analysis = body::analyze(&dom);
    let mut blocks = finish_blocks(&mut analysis, title.as_deref(), head.h1.as_deref());
    if let Some(ld_blocks) = ld.body.as_deref().and_then(|b| jsonld_blocks(b, &blocks)) {
        blocks = ld_blocks;
    }

    let mut article = Article {
        title,
        authors: meta::authors(&head, &ld),
        source: meta::source(&head, &ld),
        lang: meta::lang(&head, &ld),
        canonical_url: meta::canonical(&head),
        ..Article::default()
    };
    if article.authors.is_empty() {
        article.authors = byline_authors(&analysis);
    }
    if let Some((d, src)) = meta::published(&head, &ld, uri) {
        article.published = Some(d);
        article.date_source = Some(src);
    } else {
        let top: String = blocks
            .iter()
            .take(3)
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if let Some(d) = date::find_dateline(&top) {
            article.published = Some(d);
            article.date_source = Some(DateSource::Dateline);
        }
    }
    article.blocks = blocks;
    article
}

/// The first `needle` in `hay`, as `memchr` finds it. Most searches in a page end within a few
/// bytes (the spaces between two tags, an end tag's name, a short attribute value), where
/// setting up a vector search costs more than the search: the first 16 bytes are read eight
/// at a time, and `memchr` takes over after them.
#[inline]
pub(crate) fn find_byte(needle: u8, hay: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pattern = LO * u64::from(needle);
    let mut at = 0;
    while at < 16 {
        let Some(word) = hay
            .get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        else {
            break;
        };
        let x = u64::from_le_bytes(word) ^ pattern;
        // A zero byte of `x` is a match; the lowest flagged byte is always a true one.
        let found = x.wrapping_sub(LO) & !x & HI;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    memchr::memchr(needle, hay.get(at..)?).map(|o| at + o)
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Turns the chosen text blocks into output blocks: drops the headline, bylines and
/// link-heavy or tiny chrome lines. The text of each block kept is moved out of `a` (left
/// empty there), not copied; bylines, which [`byline_authors`] reads after, are never kept.
fn finish_blocks(a: &mut body::Analysis, title: Option<&str>, h1: Option<&str>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(a.main.len());
    for &bi in &a.main {
        let Some(b) = a.blocks.get_mut(bi) else {
            continue;
        };
        let len = b.text.len();
        if b.link_bytes * 2 > len && !(b.kind == BlockKind::Paragraph && len > 200) {
            continue;
        }
        if is_headline(&b.text, title, h1) {
            continue;
        }
        if looks_like_byline(&b.text) {
            continue;
        }
        out.push(Block::new(b.kind, std::mem::take(&mut b.text)));
    }
    out
}

fn is_headline(text: &str, title: Option<&str>, h1: Option<&str>) -> bool {
    [title, h1]
        .into_iter()
        .flatten()
        .any(|t| !t.is_empty() && t.eq_ignore_ascii_case(text))
}

fn looks_like_byline(text: &str) -> bool {
    text.len() < 80
        && ["By ", "BY ", "by "]
            .iter()
            .any(|p| text.starts_with(p) && text[p.len()..].starts_with(char::is_uppercase))
}

fn byline_authors(a: &body::Analysis) -> Vec<String> {
    a.main
        .iter()
        .take(10)
        .map(|&i| &a.blocks[i])
        .find(|b| looks_like_byline(&b.text))
        .map(|b| crate::byline::names(&b.text))
        .unwrap_or_default()
}

/// Uses JSON-LD `articleBody` when the tree gave much less text than it holds.
fn jsonld_blocks(body: &str, dom_blocks: &[Block]) -> Option<Vec<Block>> {
    let dom_len: usize = dom_blocks.iter().map(|b| b.text.len()).sum();
    let ld_text = if body.contains('<') && body.contains('>') {
        // Some sites put HTML in articleBody; strip tags crudely by re-running the extractor.
        return None;
    } else {
        body
    };
    if ld_text.len() < 200 || ld_text.len() < dom_len * 2 {
        return None;
    }
    let blocks: Vec<Block> = ld_text
        .split('\n')
        .map(text::normalize)
        .filter(|p| !p.is_empty())
        .map(|p| Block::new(BlockKind::Paragraph, p))
        .collect();
    (!blocks.is_empty()).then_some(blocks)
}

#[cfg(test)]
mod tests;

/// Diagnosis aid for developers: the ancestor chain of the text containing `needle`.
#[doc(hidden)]
pub fn explain(html: &str, needle: &str) -> String {
    let prepared = prep::prepare_in(html, String::new(), Vec::new());
    let dom = dom::Dom::build_from(&prepared.html, &prepared.lts);
    body::explain(&dom, needle)
}

#[cfg(test)]
mod find_tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn find_byte_is_memchr(
            hay in proptest::collection::vec(proptest::sample::select(vec![b'<', b'a', 0x80, 0xff, 0, b'\n', 0x3b, 0x3d]), 0..60),
            needle in proptest::sample::select(vec![b'<', b'a', 0x80, 0xff, 0, b'=', 0x3c]),
        ) {
            proptest::prop_assert_eq!(find_byte(needle, &hay), memchr::memchr(needle, &hay));
        }
    }
}
