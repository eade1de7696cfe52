//! RSS 2.0, RSS 1.0 and Atom feeds via `feed-rs`: each item becomes a record carrying the
//! item's HTML (full content if given, else the summary) and its title, date, authors and
//! the feed's title. The feed file is read whole, bounded by the document size limit.
//!
//! XML entity bombs cannot expand: the parser (quick-xml) does not process DTDs, so only the
//! five predefined entities and character references are resolved; others stay as literal
//! text, and nothing external is ever fetched.

use super::{read_bounded, Content, Ctx, RawRecord, Records};
use crate::error::{Error, Result};
use crate::model::{Article, DateSource, Format, PartialDate};
use chrono::Datelike;
use std::io::Read;

/// Reads a whole feed and returns its items as records.
pub(crate) fn read(ctx: &Ctx, stream: Box<dyn Read + Send>) -> Result<Records> {
    let bytes = read_bounded(ctx, None, stream, ctx.limits.max_document_bytes, "feed")?;
    let parser = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        // A made-up hash id is worse than none: without a real id the link names the item.
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser
        .parse(bytes.as_slice())
        .map_err(|e| Error::Malformed {
            at: ctx.at(None),
            format: "feed",
            detail: e.to_string(),
        })?;
    let source = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_owned())
        .filter(|t| !t.is_empty());
    let path = ctx.path.clone();
    let max = ctx.limits.max_records;
    let at = ctx.at(None);
    let hash_raw = ctx.hash_raw;
    let entries = feed.entries.into_iter().enumerate().map(move |(i, entry)| {
        let index = i as u64 + 1;
        let mut at = at.clone();
        at.record = Some(index);
        if index > max {
            return Err(Error::TooLarge {
                at,
                what: "record count",
                limit: max,
            });
        }
        Ok(item(entry, at, &path, source.clone(), hash_raw))
    });
    // Stop right after a record-count error rather than repeating it for every item.
    let mut over = false;
    Ok(Box::new(entries.take_while(move |r| {
        let keep = !over;
        over |= matches!(r, Err(Error::TooLarge { .. }));
        keep
    })))
}

fn item(
    entry: feed_rs::model::Entry,
    at: crate::error::Location,
    path: &std::path::Path,
    source: Option<String>,
    hash_raw: bool,
) -> RawRecord {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.trim().to_owned())
        .filter(|h| !h.is_empty());
    let id = Some(entry.id.trim().to_owned()).filter(|i| !i.is_empty());
    let uri = link
        .clone()
        .or_else(|| id.clone())
        .unwrap_or_else(|| format!("{}#{}", path.display(), at.record.unwrap_or(0)));
    let name = id.or(link).unwrap_or_else(|| uri.clone());

    let html = entry
        .content
        .as_ref()
        .and_then(|c| {
            let body = c.body.as_deref()?.trim();
            (!body.is_empty()).then(|| as_html(body, c.content_type.as_str()))
        })
        .or_else(|| {
            entry.summary.as_ref().and_then(|s| {
                let body = s.content.trim();
                (!body.is_empty()).then(|| as_html(body, s.content_type.as_str()))
            })
        })
        .unwrap_or_default();

    let published = entry
        .published
        .or(entry.updated)
        .and_then(|d| PartialDate::ymd(d.year(), d.month() as u8, d.day() as u8));
    let meta = Article {
        title: entry
            .title
            .as_ref()
            .map(|t| t.content.trim().to_owned())
            .filter(|t| !t.is_empty()),
        authors: entry
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref())
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect(),
        published,
        date_source: published.map(|_| DateSource::Record),
        source,
        ..Article::default()
    };
    let bytes = html.into_bytes();
    RawRecord {
        at,
        uri,
        name,
        format: Format::Feed,
        raw_hash: if hash_raw {
            crate::dedup::bytes_hash(&bytes)
        } else {
            String::new()
        },
        content: Content::Html {
            bytes,
            charset: Some("utf-8".to_owned()),
        },
        meta,
    }
}

/// Feed text is HTML unless typed plain; plain text is escaped and split into paragraphs
/// so it reads the same through the HTML extractor.
fn as_html(body: &str, content_type: &str) -> String {
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("text/plain")
    {
        return body.to_owned();
    }
    let mut out = String::with_capacity(body.len() + 16);
    for para in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        for c in para.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                _ => out.push(c),
            }
        }
        out.push_str("</p>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{open_reader, Limits};
    use std::path::Path;

    fn read_all(name: &str, bytes: &[u8]) -> Result<Vec<Result<RawRecord>>> {
        let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
        Ok(open_reader(Path::new(name), reader, &Limits::default())?.collect())
    }

    fn html(r: &RawRecord) -> String {
        match &r.content {
            Content::Html { bytes, .. } => String::from_utf8_lossy(bytes).into_owned(),
            Content::Text { .. } => String::new(),
        }
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Daily Wire</title><link>http://news.example/</link>
<item>
  <title>Talks resume</title><link>http://news.example/a</link>
  <guid>urn:a</guid><pubDate>Wed, 15 Nov 2006 10:00:00 GMT</pubDate>
  <dc:creator>A. Writer</dc:creator>
  <description>Short &lt;b&gt;summary&lt;/b&gt;</description>
  <content:encoded><![CDATA[<p>Full story text.</p>]]></content:encoded>
</item>
<item>
  <title>Second</title><link>http://news.example/b</link>
  <description>Only a summary here.</description>
</item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_records_with_metadata() {
        let recs = read_all("feed.xml", RSS.as_bytes()).expect("parses");
        let recs: Vec<RawRecord> = recs.into_iter().map(|r| r.expect("ok")).collect();
        assert_eq!(recs.len(), 2);
        let a = &recs[0];
        assert_eq!(a.uri, "http://news.example/a");
        assert_eq!(a.name, "urn:a");
        assert_eq!(a.at.record, Some(1));
        assert_eq!(a.format, Format::Feed);
        assert_eq!(html(a), "<p>Full story text.</p>");
        assert_eq!(a.meta.title.as_deref(), Some("Talks resume"));
        assert_eq!(a.meta.published, PartialDate::ymd(2006, 11, 15));
        assert_eq!(a.meta.date_source, Some(DateSource::Record));
        assert_eq!(a.meta.authors, vec!["A. Writer".to_owned()]);
        assert_eq!(a.meta.source.as_deref(), Some("Daily Wire"));
        assert_eq!(html(&recs[1]), "Only a summary here.");
        // No guid: the link names the item.
        assert_eq!(recs[1].name, "http://news.example/b");
        assert_eq!(recs[1].meta.published, None);
    }

    #[test]
    fn atom_and_rss1_are_read() {
        let atom = r#"<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:f</id>
<updated>2020-01-02T00:00:00Z</updated>
<entry><id>urn:e1</id><title>E1</title><link rel="alternate" href="http://x/e1"/>
<published>2019-12-31T23:00:00Z</published><updated>2020-01-01T00:00:00Z</updated>
<author><name>Ann</name></author>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry>
<entry><id>urn:e2</id><title>E2</title><updated>2020-01-02T00:00:00Z</updated>
<summary type="text">A &lt; B

second</summary></entry>
</feed>"#;
        let recs: Vec<RawRecord> = read_all("a.atom", atom.as_bytes())
            .expect("parses")
            .into_iter()
            .map(|r| r.expect("ok"))
            .collect();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].uri, "http://x/e1");
        assert_eq!(html(&recs[0]), "<p>Body</p>");
        assert_eq!(recs[0].meta.published, PartialDate::ymd(2019, 12, 31));
        assert_eq!(recs[0].meta.authors, vec!["Ann".to_owned()]);
        assert_eq!(recs[1].uri, "urn:e2");
        assert_eq!(recs[1].meta.published, PartialDate::ymd(2020, 1, 2));
        assert_eq!(html(&recs[1]), "<p>A &lt; B</p>\n<p>second</p>\n");

        let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://x/"><title>RDF News</title><link>http://x/</link></channel>
<item rdf:about="http://x/1"><title>One</title><link>http://x/1</link>
<description>Item one.</description></item>
</rdf:RDF>"#;
        let recs = read_all("r.rdf", rdf.as_bytes()).expect("parses");
        let first = recs.into_iter().next().and_then(Result::ok).expect("one");
        assert_eq!(first.uri, "http://x/1");
        assert_eq!(first.meta.source.as_deref(), Some("RDF News"));
    }

    #[test]
    fn malformed_xml_names_the_file() {
        let err = read_all(
            "bad.xml",
            b"<rss version=\"2.0\"><channel><item><title>x</item>",
        )
        .expect_err("malformed");
        assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
        assert!(err.to_string().contains("bad.xml"), "{err}");
    }

    #[test]
    fn entity_bombs_and_external_entities_do_not_expand() {
        let mut bomb = String::from(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n\
             <!ENTITY ext SYSTEM \"file:///etc/passwd\">\n",
        );
        for i in 1..10 {
            let prev = if i == 1 {
                "lol".to_owned()
            } else {
                format!("lol{}", i - 1)
            };
            bomb.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">\n",
                format!("&{prev};").repeat(10)
            ));
        }
        bomb.push_str(
            "]>\n<rss version=\"2.0\"><channel><title>B</title><item><link>http://x/1</link>\
             <description>&lol9; &ext;</description></item></channel></rss>",
        );
        let started = std::time::Instant::now();
        let result = read_all("bomb.xml", bomb.as_bytes());
        assert!(started.elapsed().as_secs() < 5);
        // Either rejected, or read with the references left unexpanded.
        if let Ok(recs) = result {
            for r in recs.into_iter().flatten() {
                let h = html(&r);
                assert!(h.len() < 1000, "expanded to {} bytes", h.len());
                assert!(!h.contains("root:"), "external entity was resolved");
            }
        }
    }
}
