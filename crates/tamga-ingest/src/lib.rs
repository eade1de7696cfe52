//! tamga's ingest stage: raw article files in (text, HTML, WARC, RSS/Atom, JSONL, plain or
//! gzip-compressed), clean [`Document`]s out — main text without site chrome, metadata,
//! paragraph offsets and the hashes used for de-duplication. No network, no store.
//!
//! The flow is `read` (files → [`RawRecord`]s) → [`extract`] (record → [`Article`]) →
//! [`into_document`] (article → [`Document`]). Each step is a pure function of its input.

pub mod boilerplate;
pub mod byline;
pub mod cleanup;
pub mod date;
pub mod dedup;
pub mod error;
pub mod html;
pub mod lang;
pub mod model;
pub mod read;
pub mod text;

pub use error::{Error, Location, Result};
pub use model::{
    Article, Block, BlockKind, DateSource, Document, Format, Paragraph, PartialDate, Precision,
};
pub use read::{Content, Limits, RawRecord};

/// Most start tags an HTML page may have. Parsing holds a node of a few hundred bytes per
/// element, so 10 MB of `<p>x</p>` would take most of a gigabyte; real pages, even long
/// ones with their navigation, have a few thousand to a few tens of thousands.
pub const MAX_HTML_TAGS: usize = 200_000;

/// `<` followed by a letter: an upper bound on the elements the parser will make.
fn start_tags(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'<', bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
        .count()
}

/// Extracts main text and metadata from one record.
///
/// Container metadata (a feed item's title and date, a JSONL record's fields) fills what the
/// content itself does not say; a date the record states outright wins over one guessed from
/// the text.
pub fn extract(record: &RawRecord) -> Result<Article> {
    let mut article = match &record.content {
        Content::Html { bytes, charset } => {
            // Each tag takes at least two bytes, so a shorter page cannot be over the limit.
            let tags = if bytes.len() / 2 > MAX_HTML_TAGS {
                start_tags(bytes)
            } else {
                0
            };
            if tags > MAX_HTML_TAGS {
                return Err(Error::Malformed {
                    at: record.at.clone(),
                    format: "HTML",
                    detail: format!(
                        "{tags} tags, over the limit of {MAX_HTML_TAGS}: a page this dense \
                         costs hundreds of bytes of memory per tag to extract"
                    ),
                });
            }
            let html = read::encoding::decode(bytes, charset.as_deref(), true);
            html::extract_html(&html, Some(&record.uri))
        }
        Content::Text { bytes } => {
            if read::encoding::looks_binary(bytes) {
                return Err(Error::Binary {
                    at: record.at.clone(),
                });
            }
            let text = read::encoding::decode(bytes, None, false);
            text::extract_text(&text)
        }
    };
    merge_record_meta(&mut article, &record.meta);
    cleanup::dedup_blocks(&mut article.blocks);
    if article.blocks.is_empty() {
        return Err(Error::Empty {
            at: record.at.clone(),
        });
    }
    Ok(article)
}

fn merge_record_meta(article: &mut Article, meta: &Article) {
    if meta.published.is_some() {
        article.published = meta.published;
        article.date_source = meta.date_source;
    }
    if article.title.is_none() {
        article.title.clone_from(&meta.title);
    }
    if article.authors.is_empty() {
        article.authors.clone_from(&meta.authors);
    }
    if meta.source.is_some() {
        article.source.clone_from(&meta.source);
    }
}

/// Builds the stored form: joins blocks into one text with paragraph offsets, hashes it,
/// and detects the language when the page did not declare one.
pub fn into_document(record: &RawRecord, article: Article, source: Option<&str>) -> Document {
    let mut text = String::with_capacity(article.blocks.iter().map(|b| b.text.len() + 2).sum());
    let mut paragraphs = Vec::with_capacity(article.blocks.len());
    for block in &article.blocks {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&block.text);
        paragraphs.push(Paragraph {
            start,
            end: text.len(),
            kind: block.kind,
        });
    }
    let lang = article
        .lang
        .as_deref()
        .and_then(lang::normalize)
        .or_else(|| lang::detect(&text));
    Document {
        id: dedup::text_id(&text),
        simhash: dedup::simhash(&text),
        uri: record.uri.clone(),
        name: record.name.clone(),
        source: source
            .map(str::to_owned)
            .or(article.source)
            .or_else(|| host_name(&record.uri)),
        title: article.title,
        authors: article.authors,
        published: article.published,
        date_source: article.date_source,
        lang,
        text,
        paragraphs,
        raw_hash: record.raw_hash.clone(),
        format: record.format,
    }
}

/// The site a web URI belongs to (`https://www.example.com/a` → `example.com`), the fallback
/// source name for pages that do not name their publication.
pub fn host_name(uri: &str) -> Option<String> {
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty() && host.contains('.')).then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_for_web_uris_only() {
        assert_eq!(
            host_name("https://www.Example.com:8080/a?b").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            host_name("http://user@news.site.org").as_deref(),
            Some("news.site.org")
        );
        assert_eq!(host_name("/home/x/file.html"), None);
        assert_eq!(host_name("https://localhost/"), None);
    }
}
