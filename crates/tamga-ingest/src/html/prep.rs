//! Pre-pass before tree parsing: cuts comments and raw-text elements (script, style, ...) out
//! of the page, because the tree parser does not know their content is not markup, and keeps
//! the JSON-LD script bodies, which carry the best metadata. It lists where the page it leaves
//! has a `<`, so that the tag scan and the tree need not search for them again.

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
    /// Where `html` has a `<`, every one in order: the pre-pass meets each of them anyway, and
    /// the tag scan and the tree read them here instead of searching the page for them again.
    pub lts: Vec<u32>,
    pub jsonld: Vec<&'a str>,
}

#[cfg(test)]
pub fn prepare(input: &str) -> Prepared<'_> {
    prepare_in(input, String::new(), Vec::new())
}

/// [`prepare`] writing the page into `html` and its `<` positions into `lts` (both cleared
/// first): buffers reused from page to page are already mapped, where fresh page-sized ones
/// cost page faults and zeroing.
pub fn prepare_in(input: &str, mut html: String, mut lts: Vec<u32>) -> Prepared<'_> {
    let bytes = input.as_bytes();
    html.clear();
    html.reserve(input.len());
    lts.clear();
    let mut jsonld = Vec::new();
    let mut copied = 0;
    // One search for `<` runs until something is cut, so the thousands of ordinary tags of a
    // page cost a table look-up each, not a search started afresh.
    while let Some((lt, cut)) = bytes.get(copied..).and_then(|rest| {
        memchr::memchr_iter(b'<', rest).find_map(|off| {
            let at = copied + off;
            let cut = cut_at(bytes, at);
            if cut.is_none() {
                // Kept: where it lands in `html`, whose end is still at `copied`.
                lts.push((html.len() + off) as u32);
            }
            cut
        })
    }) {
        html.push_str(input.get(copied..lt).unwrap_or(""));
        let after = bytes.get(lt + 1..).unwrap_or(&[]);
        let end = match cut {
            Cut::Comment => {
                let body = after.get(3..).unwrap_or(&[]);
                memmem::find(body, b"-->").map_or(bytes.len(), |e| lt + 4 + e + 3)
            }
            Cut::RawText(name) => {
                let open_end = memchr::memchr(b'>', after).map_or(bytes.len(), |e| lt + 1 + e + 1);
                let open_tag = bytes.get(lt..open_end).unwrap_or(&[]);
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
                end
            }
        };
        copied = end;
    }
    html.push_str(input.get(copied.min(input.len())..).unwrap_or(""));
    Prepared { html, lts, jsonld }
}

/// What the pre-pass cuts out from a `<`.
enum Cut {
    Comment,
    RawText(&'static [u8]),
}

/// Bytes that may follow the `<` of a comment (`!`) or of a raw-text element (a first letter
/// of a [`RAW_TEXT`] name, either case): most tags (div, a, p, li, end tags) are passed over
/// after this one look-up.
const CUT_START: [bool; 256] = {
    let mut table = [false; 256];
    table[b'!' as usize] = true;
    let mut i = 0;
    while i < RAW_TEXT.len() {
        let first = RAW_TEXT[i][0];
        table[first as usize] = true;
        table[first.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
};

/// Whether the `<` at `lt` opens a comment or a raw-text element.
fn cut_at(bytes: &[u8], lt: usize) -> Option<(usize, Cut)> {
    let after = bytes.get(lt + 1..)?;
    let &first = after.first()?;
    if !CUT_START[usize::from(first)] {
        return None;
    }
    if after.starts_with(b"!--") {
        return Some((lt, Cut::Comment));
    }
    let first = first.to_ascii_lowercase();
    RAW_TEXT
        .iter()
        .find(|n| n[0] == first && starts_with_tag(after, n))
        .map(|&name| (lt, Cut::RawText(name)))
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
    let rest = bytes.get(from..).unwrap_or(&[]);
    // `<` then `/`, not a substring search built afresh for every `</` in a script.
    for at in memchr::memchr_iter(b'<', rest).map(|off| from + off) {
        let Some(b'/') = bytes.get(at + 1) else {
            continue;
        };
        if starts_with_tag(bytes.get(at + 2..).unwrap_or(&[]), name) {
            let end = memchr::memchr(b'>', &bytes[at..]).map_or(bytes.len(), |e| at + e + 1);
            return (at, end);
        }
    }
    (bytes.len(), bytes.len())
}

fn is_jsonld(open_tag: &[u8]) -> bool {
    // Without a lower-cased copy of every script's open tag: every `+` is a candidate.
    memchr::memchr_iter(b'+', open_tag).any(|plus| {
        plus >= 2
            && open_tag
                .get(plus - 2..plus + 5)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"ld+json"))
    })
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
        // A `<` left before a cut is listed where it lands, next to what follows the cut.
        let p = prepare("a<<!-- c -->/b><script>x<y</script><i>");
        assert_eq!((p.html.as_str(), p.lts), ("a</b><i>", vec![1, 5]));
    }

    /// The pre-pass as it was written before its single search: `memchr` afresh after each
    /// `<`, `memmem` for each `</`.
    fn prepare_reference(input: &str) -> (String, Vec<&str>) {
        let bytes = input.as_bytes();
        let mut html = String::new();
        let mut jsonld = Vec::new();
        let mut copied = 0;
        let mut pos = 0;
        while let Some(off) = memchr::memchr(b'<', &bytes[pos..]) {
            let lt = pos + off;
            let after = &bytes[lt + 1..];
            if after.starts_with(b"!--") {
                html.push_str(&input[copied..lt]);
                let end = memmem::find(&after[3..], b"-->").map_or(bytes.len(), |e| lt + 7 + e);
                copied = end;
                pos = end;
                continue;
            }
            let first = after.first().map_or(0, u8::to_ascii_lowercase);
            let Some(name) = RAW_TEXT
                .iter()
                .find(|n| n[0] == first && starts_with_tag(after, n))
            else {
                pos = lt + 1;
                continue;
            };
            html.push_str(&input[copied..lt]);
            let open_end = memchr::memchr(b'>', after).map_or(bytes.len(), |e| lt + e + 2);
            let open_tag = &bytes[lt..open_end];
            let (content_end, end) = if open_tag.ends_with(b"/>") {
                (open_end, open_end)
            } else {
                let mut at_end = (bytes.len(), bytes.len());
                let mut p = open_end;
                while let Some(off) = memmem::find(&bytes[p..], b"</") {
                    let at = p + off;
                    if starts_with_tag(&bytes[at + 2..], name) {
                        let end =
                            memchr::memchr(b'>', &bytes[at..]).map_or(bytes.len(), |e| at + e + 1);
                        at_end = (at, end);
                        break;
                    }
                    p = at + 2;
                }
                at_end
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
        (html, jsonld)
    }

    #[test]
    fn jsonld_open_tags_are_told_without_a_copy() {
        for tag in [
            "<script type=\"application/ld+json\">",
            "<SCRIPT TYPE=APPLICATION/LD+JSON>",
            "<script type=\"text/javascript\">",
            "<script data-x=\"a+b\" type='application/Ld+Json'>",
            "<script ld+json>",
            "+json ld+jso ld+",
            "d+json",
            "",
        ] {
            let plain = memmem::find(&tag.as_bytes().to_ascii_lowercase(), b"ld+json").is_some();
            assert_eq!(is_jsonld(tag.as_bytes()), plain, "{tag}");
        }
    }

    proptest::proptest! {
        #[test]
        fn jsonld_test_matches_a_lower_cased_search(tag in "[lLdD+jJsSoOnN \"=a-z]{0,24}") {
            let plain = memmem::find(&tag.as_bytes().to_ascii_lowercase(), b"ld+json").is_some();
            proptest::prop_assert_eq!(is_jsonld(tag.as_bytes()), plain);
        }

        #[test]
        fn single_search_matches_the_reference(parts in proptest::collection::vec(
            "<(script|SCRIPT|style|svg|span|s|i|img|select|!--|/script|/style|/svg|/|!|p|x)|\
             [ >/\\-]|--|-->|/>|type=\"application/ld\\+json\"|[a-z<é]{0,3}",
            0..40,
        )) {
            let input = parts.concat();
            let p = prepare(&input);
            let (html, jsonld) = prepare_reference(&input);
            let lts: Vec<u32> = memchr::memchr_iter(b'<', p.html.as_bytes()).map(|at| at as u32).collect();
            proptest::prop_assert_eq!(p.lts, lts);
            proptest::prop_assert_eq!(p.html, html);
            proptest::prop_assert_eq!(p.jsonld, jsonld);
        }
    }
}
