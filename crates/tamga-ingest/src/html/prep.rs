//! Pre-pass before tree parsing: cuts comments and raw-text elements (script, style, ...) out
//! of the page, because the tree parser does not know their content is not markup, and keeps
//! the JSON-LD script bodies, which carry the best metadata.

use memchr::memmem;

/// Elements whose content is never article text and may contain `<` that is not markup.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"textarea",
    b"iframe",
    b"xmp",
    b"svg",
    b"math",
    b"select",
    b"object",
];

/// At most this many JSON-LD bodies are kept; pages rarely have more than a handful.
const MAX_JSONLD: usize = 16;

pub struct Prepared<'a> {
    /// The page with raw-text elements and comments removed.
    pub html: String,
    pub jsonld: Vec<&'a str>,
}

#[cfg(test)]
pub fn prepare(input: &str) -> Prepared<'_> {
    prepare_in(input, String::new())
}

/// [`prepare`] writing the page into `html` (cleared first): a buffer reused from page to
/// page is already mapped, where a fresh page-sized one costs page faults and zeroing.
pub fn prepare_in(input: &str, mut html: String) -> Prepared<'_> {
    let bytes = input.as_bytes();
    html.clear();
    html.reserve(input.len());
    let mut jsonld = Vec::new();
    let mut copied = 0;
    let mut pos = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[pos..]) {
        let lt = pos + off;
        let after = &bytes[lt + 1..];
        if after.starts_with(b"!--") {
            html.push_str(&input[copied..lt]);
            let end = memmem::find(&after[3..], b"-->").map_or(bytes.len(), |e| lt + 4 + e + 3);
            copied = end;
            pos = end;
            continue;
        }
        // Most tags (div, a, p, li) start with a letter no raw-text element starts with:
        // compare the first letter before the names.
        let first = after.first().map_or(0, u8::to_ascii_lowercase);
        let Some(name) = RAW_TEXT
            .iter()
            .find(|n| n[0] == first && starts_with_tag(after, n))
        else {
            pos = lt + 1;
            continue;
        };
        html.push_str(&input[copied..lt]);
        let open_end = memchr::memchr(b'>', after).map_or(bytes.len(), |e| lt + 1 + e + 1);
        let open_tag = &bytes[lt..open_end];
        let self_closing = open_tag.ends_with(b"/>");
        let (content_end, end) = if self_closing {
            (open_end, open_end)
        } else {
            find_close(bytes, open_end, name)
        };
        if name == b"script" && jsonld.len() < MAX_JSONLD && is_jsonld(open_tag) {
            if let Some(body) = input.get(open_end..content_end) {
                jsonld.push(body);
            }
        }
        copied = end;
        pos = end;
    }
    html.push_str(&input[copied.min(input.len())..]);
    Prepared { html, jsonld }
}

/// `after` (the bytes following `<`) opens element `name`, case-insensitively.
fn starts_with_tag(after: &[u8], name: &[u8]) -> bool {
    after.len() > name.len()
        && after[..name.len()].eq_ignore_ascii_case(name)
        && !after[name.len()].is_ascii_alphanumeric()
        && after[name.len()] != b'-'
}

/// Finds `</name` after `from`; returns (content end, position after the closing tag).
fn find_close(bytes: &[u8], from: usize, name: &[u8]) -> (usize, usize) {
    let mut pos = from;
    while let Some(off) = memmem::find(&bytes[pos..], b"</") {
        let at = pos + off;
        if starts_with_tag(&bytes[at + 2..], name) {
            let end = memchr::memchr(b'>', &bytes[at..]).map_or(bytes.len(), |e| at + e + 1);
            return (at, end);
        }
        pos = at + 2;
    }
    (bytes.len(), bytes.len())
}

fn is_jsonld(open_tag: &[u8]) -> bool {
    memmem::find(&open_tag.to_ascii_lowercase(), b"ld+json").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_raw_text_and_comments_and_keeps_jsonld() {
        let page = "<p>a</p><!-- <p>x</p> --><SCRIPT>if (a<b) {'</div>'}</script>\
                    <script type=\"application/ld+json\">{\"x\":1}</script><svg><p>no</p></svg>\
                    <style>p{}</style><p>b</p><scripts>c</scripts><script>unclosed";
        let p = prepare(page);
        assert_eq!(p.html, "<p>a</p><p>b</p><scripts>c</scripts>");
        assert_eq!(p.jsonld, vec!["{\"x\":1}"]);
        assert_eq!(prepare("<!-- open").html, "");
        assert_eq!(prepare("x<").html, "x<");
    }
}
