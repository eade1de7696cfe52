//! Page metadata: title, published date (with where it came from), authors, site name,
//! language and canonical URL, from JSON-LD, `<meta>`/`<link>` tags, `<time>` and the URL.

use super::dom::{Data, Dom, Tag};
use super::text::normalize;
use crate::date;
use crate::model::{DateSource, PartialDate};
use serde_json::Value;

/// What the page's JSON-LD says about the article.
#[derive(Debug, Default)]
pub struct JsonLd {
    pub headline: Option<String>,
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub body: Option<String>,
    pub lang: Option<String>,
}

/// JSON-LD blocks larger than this are skipped: article metadata is never this big.
const MAX_JSONLD_BYTES: usize = 4 << 20;
/// Bound on JSON values visited per block.
const MAX_VISIT: usize = 20_000;

pub fn parse_jsonld(blocks: &[&str]) -> JsonLd {
    let mut out = JsonLd::default();
    for raw in blocks {
        if raw.len() > MAX_JSONLD_BYTES {
            continue;
        }
        let value: Value = match serde_json::from_str(raw.trim()) {
            Ok(v) => v,
            // Raw control characters inside strings are the common defect.
            Err(_) => {
                let cleaned: String = raw
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                match serde_json::from_str(cleaned.trim()) {
                    Ok(v) => v,
                    Err(_) => continue,
                }
            }
        };
        let mut stack = vec![&value];
        let mut visited = 0;
        while let Some(v) = stack.pop() {
            visited += 1;
            if visited > MAX_VISIT {
                break;
            }
            match v {
                Value::Array(items) => stack.extend(items.iter().rev()),
                Value::Object(map) => {
                    if is_article_type(map.get("@type")) {
                        take_article(map, &mut out);
                    }
                    if let Some(g) = map.get("@graph") {
                        stack.push(g);
                    }
                    if let Some(m) = map.get("mainEntity") {
                        stack.push(m);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn is_article_type(t: Option<&Value>) -> bool {
    let check = |s: &str| {
        s.ends_with("Article") || s.contains("Posting") || s == "Report" || s == "ReportageNews"
    };
    match t {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str().is_some_and(check)),
        _ => false,
    }
}

fn take_article(map: &serde_json::Map<String, Value>, out: &mut JsonLd) {
    let s = |k: &str| {
        map.get(k)
            .and_then(Value::as_str)
            .map(normalize)
            .filter(|s| !s.is_empty())
    };
    if out.headline.is_none() {
        out.headline = s("headline").or_else(|| s("name"));
    }
    if out.date.is_none() {
        out.date = s("datePublished").or_else(|| s("dateCreated"));
    }
    if out.authors.is_empty() {
        let mut names = Vec::new();
        collect_names(map.get("author").or_else(|| map.get("creator")), &mut names);
        out.authors = names;
    }
    if out.publisher.is_none() {
        let mut names = Vec::new();
        collect_names(map.get("publisher"), &mut names);
        out.publisher = names.into_iter().next();
    }
    if out.lang.is_none() {
        out.lang = s("inLanguage");
    }
    let body_len = out.body.as_ref().map_or(0, String::len);
    if let Some(Value::String(b)) = map.get("articleBody") {
        if b.len() > body_len {
            out.body = Some(b.clone());
        }
    }
}

fn collect_names(v: Option<&Value>, out: &mut Vec<String>) {
    match v {
        Some(Value::String(s)) => out.extend(crate::byline::names(s)),
        Some(Value::Object(m)) => {
            if let Some(Value::String(name)) = m.get("name") {
                out.extend(crate::byline::names(name));
            }
        }
        Some(Value::Array(items)) => {
            for item in items.iter().take(20) {
                if let Value::Array(_) = item {
                    continue;
                }
                collect_names(Some(item), out);
            }
        }
        _ => {}
    }
}

/// `<meta>` and `<link>` facts collected in one pass over the tree.
#[derive(Debug, Default)]
pub struct Head<'a> {
    /// (trimmed name/property/itemprop, content) in document order. Names are compared
    /// ignoring ASCII case, as lower-cased copies were compared with lower-case keys.
    pub metas: Vec<(&'a str, &'a str)>,
    pub canonical: Option<&'a str>,
    pub html_lang: Option<&'a str>,
    pub title: Option<String>,
    pub h1: Option<String>,
    pub time: Option<&'a str>,
    pub rel_author: Option<String>,
}

impl<'a> Head<'a> {
    /// The content of the first meta named by the first of `keys` (lower-case) that has one.
    pub fn meta(&self, keys: &[&str]) -> Option<&'a str> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(name, content)| name.eq_ignore_ascii_case(k) && !content.trim().is_empty())
                .map(|(_, c)| *c)
        })
    }
}

pub fn collect_head<'a>(dom: &Dom<'a>) -> Head<'a> {
    let mut head = Head::default();
    let mut time_rank = 0;
    for (i, node) in dom.nodes.iter().enumerate() {
        let Data::Element { tag, .. } = node.data else {
            continue;
        };
        match tag {
            Tag::Html if head.html_lang.is_none() => head.html_lang = dom.attr(i, "lang"),
            Tag::Meta => {
                let Some(content) = dom.attr(i, "content") else {
                    continue;
                };
                for key in ["property", "name", "itemprop", "http-equiv"] {
                    if let Some(k) = dom.attr(i, key) {
                        if head.metas.len() < 512 {
                            head.metas.push((k.trim(), content));
                        }
                    }
                }
            }
            Tag::Link => {
                let rel = dom.attr(i, "rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_ascii_whitespace().any(|r| r == "canonical")
                    && head.canonical.is_none()
                {
                    head.canonical = dom.attr(i, "href");
                }
            }
            Tag::Title if head.title.is_none() => head.title = Some(subtree_text(dom, i)),
            Tag::H(1) if head.h1.is_none() => {
                head.h1 = Some(subtree_text(dom, i)).filter(|s| !s.is_empty());
            }
            Tag::Time => {
                let Some(dt) = dom.attr(i, "datetime") else {
                    continue;
                };
                let published = dom
                    .attr(i, "itemprop")
                    .is_some_and(|v| v.eq_ignore_ascii_case("datePublished"))
                    || dom.attr(i, "pubdate").is_some()
                    || dom
                        .attr(i, "class")
                        .is_some_and(|c| c.to_ascii_lowercase().contains("publish"));
                let rank = if published { 2 } else { 1 };
                if rank > time_rank {
                    time_rank = rank;
                    head.time = Some(dt);
                }
            }
            Tag::A
                if head.rel_author.is_none()
                    && dom
                        .attr(i, "rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("author")) =>
            {
                head.rel_author = Some(subtree_text(dom, i)).filter(|s| !s.is_empty());
            }
            _ => {}
        }
    }
    head
}

/// Normalized text of an element's subtree (bounded).
pub fn subtree_text(dom: &Dom<'_>, i: usize) -> String {
    let end = dom.nodes.get(i).map_or(i, |n| n.end as usize);
    let mut raw = String::new();
    for node in dom.nodes.get(i..=end).unwrap_or(&[]) {
        if let Data::Text(t) = node.data {
            raw.push_str(t);
            raw.push(' ');
            if raw.len() > 2000 {
                break;
            }
        }
    }
    normalize(&raw)
}

pub fn title(head: &Head<'_>, ld: &JsonLd) -> Option<String> {
    if let Some(t) = head.meta(&["og:title", "twitter:title"]) {
        return Some(normalize(t)).filter(|s| !s.is_empty());
    }
    if let Some(h) = &ld.headline {
        return Some(h.clone());
    }
    if let Some(t) = head.title.as_deref().filter(|t| !t.is_empty()) {
        return Some(strip_site_suffix(t));
    }
    head.h1.clone()
}

/// "Headline | Site" → "Headline": drops trailing segments after a separator when the
/// remaining head is the longer part.
fn strip_site_suffix(t: &str) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(pos) = t.rfind(sep) {
            let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
            if head.len() > tail.len() {
                return head.trim().to_owned();
            }
        }
    }
    t.to_owned()
}

const DATE_METAS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "date",
    "og:published_time",
    "article:published",
    "originalpublicationdate",
    "displaydate",
    "cxenseparse:recs:publishtime",
];

pub fn published(
    head: &Head<'_>,
    ld: &JsonLd,
    uri: Option<&str>,
) -> Option<(PartialDate, DateSource)> {
    if let Some(d) = ld.date.as_deref().and_then(date::parse_date) {
        return Some((d, DateSource::JsonLd));
    }
    if let Some(d) = head.meta(DATE_METAS).and_then(date::parse_date) {
        return Some((d, DateSource::Meta));
    }
    if let Some(d) = head.time.and_then(date::parse_date) {
        return Some((d, DateSource::Time));
    }
    let url = head.canonical.or_else(|| head.meta(&["og:url"]));
    for u in [url, uri].into_iter().flatten() {
        if let Some(d) = date::from_url(u) {
            return Some((d, DateSource::Url));
        }
    }
    None
}

pub fn authors(head: &Head<'_>, ld: &JsonLd) -> Vec<String> {
    let mut out = ld.authors.clone();
    if out.is_empty() {
        for key in [
            "author",
            "article:author",
            "sailthru.author",
            "parsely-author",
            "byl",
            "dc.creator",
            "dcterms.creator",
        ] {
            if let Some(v) = head.meta(&[key]) {
                out = crate::byline::names(v);
                if !out.is_empty() {
                    break;
                }
            }
        }
    }
    if out.is_empty() {
        if let Some(a) = &head.rel_author {
            out = crate::byline::names(a);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|a| seen.insert(a.to_lowercase()));
    out
}

pub fn source(head: &Head<'_>, ld: &JsonLd) -> Option<String> {
    head.meta(&["og:site_name", "application-name"])
        .map(normalize)
        .filter(|s| !s.is_empty())
        .or_else(|| ld.publisher.clone())
}

pub fn lang(head: &Head<'_>, ld: &JsonLd) -> Option<String> {
    let raw = head
        .html_lang
        .or_else(|| head.meta(&["og:locale", "content-language", "language"]))
        .map(str::to_owned)
        .or_else(|| ld.lang.clone())?;
    let l = raw.trim().replace('_', "-");
    let ok =
        !l.is_empty() && l.len() <= 35 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then_some(l)
}

pub fn canonical(head: &Head<'_>) -> Option<String> {
    head.canonical
        .or_else(|| head.meta(&["og:url"]))
        .map(normalize)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Head::meta` compares names ignoring ASCII case, which is comparing lower-cased names
    /// only as long as every key asked for is written in lower case.
    #[test]
    fn meta_keys_are_lower_case_and_names_any_case() {
        for k in DATE_METAS {
            assert_eq!(*k, k.to_ascii_lowercase());
        }
        let head = Head {
            metas: vec![
                ("OG:Title", "  "),
                ("Og:TITLE", "A title"),
                ("dc.DATE", "2006"),
            ],
            ..Head::default()
        };
        assert_eq!(head.meta(&["og:title"]), Some("A title"));
        assert_eq!(head.meta(DATE_METAS), Some("2006"));
        assert_eq!(head.meta(&["og:url"]), None);
    }
}
