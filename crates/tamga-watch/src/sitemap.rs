//! Sitemaps (sitemaps.org): the page URLs of a `<urlset>`, or the child sitemaps of a
//! `<sitemapindex>`, with their `<lastmod>`. A light scan of `<loc>` and `<lastmod>`
//! elements rather than a full XML parse: sitemaps are flat, and a damaged one still gives
//! the URLs it holds.

/// What a sitemap lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sitemap {
    /// A sitemap index: its entries are sitemaps, not pages.
    pub index: bool,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub loc: String,
    pub lastmod: Option<String>,
}

/// Whether `body` looks like a sitemap (a `<urlset` or `<sitemapindex` element near the top).
pub fn looks_like(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_ascii_lowercase();
    head.contains("<urlset") || head.contains("<sitemapindex")
}

/// The entries of a sitemap, or `None` when `body` is not one.
pub fn parse(body: &[u8]) -> Option<Sitemap> {
    if !looks_like(body) {
        return None;
    }
    let text = String::from_utf8_lossy(body);
    let index = text[..text.len().min(4096)]
        .to_ascii_lowercase()
        .contains("<sitemapindex");
    let item_tag = if index { "sitemap" } else { "url" };
    let mut entries = Vec::new();
    for block in elements(&text, item_tag) {
        if let Some(loc) = elements(block, "loc").next() {
            let loc = unescape(loc.trim());
            if loc.is_empty() {
                continue;
            }
            let lastmod = elements(block, "lastmod")
                .next()
                .map(|m| m.trim().to_owned())
                .filter(|m| !m.is_empty());
            entries.push(Entry { loc, lastmod });
        }
    }
    Some(Sitemap { index, entries })
}

/// The contents of each `<tag>...</tag>` in `text` (no nesting of the same tag in sitemaps).
fn elements<'a>(text: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = text;
    std::iter::from_fn(move || loop {
        let at = rest.find(&open)?;
        let after = &rest[at + open.len()..];
        // `<url>` but not `<urlset>`: the tag name must end here.
        if !after.starts_with('>') && !after.starts_with(char::is_whitespace) {
            rest = after;
            continue;
        }
        let gt = after.find('>')?;
        let body = &after[gt + 1..];
        let end = body.find(&close)?;
        rest = &body[end + close.len()..];
        return Some(&body[..end]);
    })
}

fn unescape(s: &str) -> String {
    let s = s
        .strip_prefix("<![CDATA[")
        .and_then(|x| x.strip_suffix("]]>"))
        .unwrap_or(s);
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlset_and_index() {
        let s =
            br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>http://a/x?p=1&amp;q=2</loc><lastmod>2026-11-01</lastmod></url>
          <url><loc> http://a/y </loc></url><url><loc></loc></url></urlset>"#;
        let m = parse(s).expect("a sitemap");
        assert!(!m.index);
        assert_eq!(m.entries.len(), 2);
        assert_eq!(m.entries[0].loc, "http://a/x?p=1&q=2");
        assert_eq!(m.entries[0].lastmod.as_deref(), Some("2026-11-01"));
        assert_eq!(m.entries[1].lastmod, None);
        let i =
            parse(b"<sitemapindex><sitemap><loc>http://a/s1.xml</loc></sitemap></sitemapindex>")
                .expect("an index");
        assert!(i.index);
        assert_eq!(i.entries[0].loc, "http://a/s1.xml");
        assert!(parse(b"<html><body>no</body></html>").is_none());
        // Truncated: what is complete is kept.
        let t = parse(b"<urlset><url><loc>http://a/1</loc></url><url><loc>http://a/").expect("x");
        assert_eq!(t.entries.len(), 1);
    }
}
