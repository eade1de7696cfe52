use super::*;
use crate::model::PartialDate;

fn texts(a: &Article) -> Vec<&str> {
    a.blocks.iter().map(|b| b.text.as_str()).collect()
}

const P1: &str =
    "The council voted on Tuesday to approve the new budget, which raises spending on \
                  schools and roads by a modest amount over the next two years.";
const P2: &str =
    "Opponents said the plan, drafted in a hurry, would leave the city short of money \
                  for repairs, and they promised to keep fighting it at the next session.";
const P3: &str = "The mayor, speaking after the vote, said the budget was balanced and fair, and \
                  that residents would see the first results of the new spending by spring.";

fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Council passes budget | Town Daily</title>\
         </head><body><header><nav><ul><li><a href=/>Home</a></li><li><a href=/n>News</a></li>\
         </ul></nav></header>{body}<footer><p>Copyright Town Daily, all rights reserved, \
         contact us for licensing and more information about us.</p></footer></body></html>"
    )
}

#[test]
fn keeps_article_paragraphs_in_order_and_drops_chrome() {
    let html = page(&format!(
        "<div class=\"share-buttons\"><a href=#>Share on Facebook</a> <a href=#>Tweet</a></div>\
         <article><h1>Council passes budget</h1><p class=byline>By Jane Doe</p>\
         <p>{P1}</p><figure><img src=a.jpg><figcaption>The council chamber, a long \
         caption that should never reach the text.</figcaption></figure><p>{P2}</p>\
         <h2>What comes next</h2><p>{P3}</p></article>\
         <aside><h3>Related</h3><p>Some other story about something else entirely, with \
         enough words to look like a paragraph of text.</p></aside>\
         <div id=comments><p>I disagree with this decision completely, and so do all my \
         neighbours on the street, believe me.</p></div>"
    ));
    let a = extract_html(&html, None);
    assert_eq!(texts(&a), vec![P1, P2, "What comes next", P3]);
    assert_eq!(a.blocks[2].kind, BlockKind::Heading);
    assert_eq!(a.blocks[0].kind, BlockKind::Paragraph);
}

#[test]
fn keeps_lists_quotes_and_decodes_entities() {
    let html = page(&format!(
        "<div class=story-body><p>{P1}</p><ul><li>First point &amp; more, in detail</li>\
         <li>Second&nbsp;point,\n   spread   over lines</ul><blockquote><p>We did it, \
         said the mayor &#8212; twice.</p></blockquote><p>{P2}</p><pre>a  b</pre></div>"
    ));
    let a = extract_html(&html, None);
    let kinds: Vec<_> = a.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        texts(&a),
        vec![
            P1,
            "First point & more, in detail",
            "Second point, spread over lines",
            "We did it, said the mayor — twice.",
            P2,
            "a b",
        ]
    );
    assert_eq!(
        kinds,
        vec![
            BlockKind::Paragraph,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::Quote,
            BlockKind::Paragraph,
            BlockKind::Preformatted,
        ]
    );
}

#[test]
fn unclosed_paragraphs_and_br_text_still_extract() {
    let html = page(&format!(
        "<div id=main><P>{P1}<P>{P2}</div><div class=text>{P3}<br><br>{P1}</div>"
    ));
    let a = extract_html(&html, None);
    assert_eq!(texts(&a), vec![P1, P2, P3, P1]);
}

#[test]
fn jsonld_article_body_used_when_the_tree_has_little_text() {
    let body = format!("{P1}\\n{P2}\\n{P3}");
    let html = format!(
        "<html><head><script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"NewsArticle\",\"headline\":\"Budget passes\",\"articleBody\":\"{body}\",\
         \"datePublished\":\"2019-11-19T02:34:30Z\",\"author\":[{{\"@type\":\"Person\",\
         \"name\":\"Jane Doe\"}},{{\"name\":\"John Roe\"}}],\"publisher\":{{\"name\":\"Town \
         Daily\"}}}}</script></head><body><div id=app>Loading…</div></body></html>"
    );
    let a = extract_html(&html, None);
    assert_eq!(texts(&a), vec![P1, P2, P3]);
    assert_eq!(a.title.as_deref(), Some("Budget passes"));
    assert_eq!(a.published, PartialDate::ymd(2019, 11, 19));
    assert_eq!(a.date_source, Some(DateSource::JsonLd));
    assert_eq!(a.authors, vec!["Jane Doe", "John Roe"]);
    assert_eq!(a.source.as_deref(), Some("Town Daily"));
}

#[test]
fn metadata_from_meta_tags() {
    let html = "<html lang=\"en-GB\"><head><title>Storm hits coast - The Herald</title>\
        <meta property=\"og:site_name\" content=\"The Herald\">\
        <meta property=\"article:published_time\" content=\"2006-11-15T08:00:00Z\">\
        <meta name=\"author\" content=\"By Ann Lee and Bo Chan\">\
        <link rel=\"canonical\" href=\"https://herald.example/2006/11/15/storm\">\
        </head><body><p>Text of the story, long enough to count as a paragraph here.</p>\
        </body></html>";
    let a = extract_html(html, Some("file:///x.html"));
    assert_eq!(a.title.as_deref(), Some("Storm hits coast"));
    assert_eq!(a.published, PartialDate::ymd(2006, 11, 15));
    assert_eq!(a.date_source, Some(DateSource::Meta));
    assert_eq!(a.authors, vec!["Ann Lee", "Bo Chan"]);
    assert_eq!(a.source.as_deref(), Some("The Herald"));
    assert_eq!(a.lang.as_deref(), Some("en-GB"));
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://herald.example/2006/11/15/storm")
    );
}

#[test]
fn metadata_from_time_element_and_url() {
    let body =
        format!("<article><time datetime=\"2010-03-04\">March 4</time><p>{P1}</p></article>");
    let a = extract_html(&page(&body), None);
    assert_eq!(a.published, PartialDate::ymd(2010, 3, 4));
    assert_eq!(a.date_source, Some(DateSource::Time));
    assert_eq!(a.title.as_deref(), Some("Council passes budget"));

    let a = extract_html(
        &page(&format!("<p>{P1}</p>")),
        Some("https://town.example/2006/11/15/budget.html"),
    );
    assert_eq!(a.published, PartialDate::ymd(2006, 11, 15));
    assert_eq!(a.date_source, Some(DateSource::Url));
}

#[test]
fn og_locale_and_og_url_are_fallbacks() {
    let html = "<html><head><meta property=\"og:locale\" content=\"fr_FR\">\
        <meta property=\"og:url\" content=\"https://x.example/a\">\
        <meta property=\"article:author\" content=\"https://x.example/authors/ann\">\
        <meta name=\"author\" content=\"Ann Lee\"></head><body><p>x</p></body></html>";
    let a = extract_html(html, None);
    assert_eq!(a.lang.as_deref(), Some("fr-FR"));
    assert_eq!(a.canonical_url.as_deref(), Some("https://x.example/a"));
    assert_eq!(a.authors, vec!["Ann Lee"]);
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 10_000;
    let mut html = String::new();
    for _ in 0..depth {
        html.push_str("<div><span>");
    }
    html.push_str(P1);
    for _ in 0..depth {
        html.push_str("</span></div>");
    }
    let a = extract_html(&html, None);
    assert_eq!(texts(&a), vec![P1]);
    // Never closed at all.
    let a = extract_html(&"<div><p><b>x".repeat(depth), None);
    assert!(a.blocks.len() <= depth);
}

#[test]
fn garbage_and_hostile_input_do_not_panic() {
    let huge_attr = format!("<div title=\"{}\"><p>{P1}</p></div>", "x".repeat(5 << 20));
    let a = extract_html(&huge_attr, None);
    assert_eq!(texts(&a), vec![P1]);
    let inputs = [
        String::new(),
        "<".to_owned(),
        "</".to_owned(),
        "<<<>>></></p></div>".to_owned(),
        "<!--".to_owned(),
        "<script>".to_owned(),
        "<a href='x".to_owned(),
        "<html lang=\"\u{0}\u{fffd}\"><meta content>".to_owned(),
        "<script type=application/ld+json>{\"@type\":\"Article\",\"author\":[[[[[[]]]]]]}"
            .to_owned(),
        "<script type=application/ld+json>".to_owned() + &"[".repeat(100_000),
        (0u8..=255).map(char::from).collect::<String>().repeat(50),
        "&#xFFFFFFFF;&#0;&#;&;&amp".to_owned(),
        "</p>".repeat(10_000) + "<li>" + &"<li>".repeat(10_000),
    ];
    for input in &inputs {
        let _ = extract_html(input, None);
    }
}

#[test]
fn link_lists_are_not_article_text() {
    let links: String = (0..12)
        .map(|i| {
            format!("<li><a href=\"/s{i}\">Another headline number {i} about town news</a></li>")
        })
        .collect();
    let html = page(&format!(
        "<div class=main><p>{P1}</p><p>{P2}</p><ul>{links}</ul></div>"
    ));
    let a = extract_html(&html, None);
    assert_eq!(texts(&a), vec![P1, P2]);
}

#[test]
fn remnants_of_unparsed_tags_do_not_leak() {
    // The tag scan, like `tl` before it, cannot parse unquoted values containing `/`; the
    // rest of such a tag is dropped.
    let html = page(&format!(
        "<div class=main><p>{P1} <a href=/x>More</a></p></div>"
    ));
    let a = extract_html(&html, None);
    assert_eq!(texts(&a), vec![format!("{P1} More")]);
}
