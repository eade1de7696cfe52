//! A light document tree in document order, built from the start tags and texts of
//! [`scan`](super::scan) plus the page's `</` (read off the list of its `<` that the pre-pass
//! makes), with HTML's implied-end rules (`<p>`, `<li>` left open), so badly nested markup
//! still gives sensible parents. Flat arena, no recursion anywhere.

use super::scan::{self, Scan, Token};
use std::cell::Cell;

/// Element names the extractor cares about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Html,
    Head,
    Title,
    Meta,
    Link,
    Body,
    Div,
    P,
    H(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    A,
    Br,
    Hr,
    Img,
    Table,
    Tr,
    Td,
    Th,
    Article,
    Main,
    Section,
    Header,
    Footer,
    Nav,
    Aside,
    Form,
    Figure,
    Figcaption,
    Time,
    Button,
    Label,
    Input,
    Address,
    Dialog,
    Menu,
    Center,
    /// An inline or unknown element: its text flows into the surrounding block.
    Other,
    /// A void element we do not care about (`<source>`, `<wbr>`...).
    Void,
}

impl Tag {
    /// [`Tag::from_name`] of `page[start..end]`: a name of up to eight bytes is read with one
    /// eight-byte load from the page and lower-cased in that one integer, where a name of a
    /// tag or end tag would otherwise be gathered byte by byte.
    pub(super) fn from_name_in(page: &[u8], start: usize, end: usize) -> Tag {
        const LO: u64 = 0x0101_0101_0101_0101;
        const HI: u64 = 0x8080_8080_8080_8080;
        let len = end.saturating_sub(start);
        let word = page
            .get(start..start + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok());
        let (Some(word), 1..=8) = (word, len) else {
            return Tag::from_name(page.get(start..end).unwrap_or(&[]));
        };
        let mask = u64::MAX >> (64 - 8 * len);
        let x = u64::from_le_bytes(word) & mask;
        // A NUL in the name would read as the padding of a shorter one.
        let padded = x | !mask;
        if padded.wrapping_sub(LO) & !padded & HI != 0 {
            return Tag::Other;
        }
        // Bytes `A`..=`Z` gain 0x20: their low seven bits are at least `A` and below `[`,
        // and their top bit is clear.
        let low7 = x & !HI;
        let upper = (low7 + (LO * 0x3f)) & !(low7 + (LO * 0x25)) & !x & HI;
        Tag::from_key(x | (upper >> 2))
    }

    pub(super) fn from_name(name: &[u8]) -> Tag {
        // The two long names first; every other name is read as one integer of its
        // lower-cased bytes, matched by comparisons of integers instead of a lower-cased
        // copy matched by bytes.
        if name.len() > 8 {
            return if name.eq_ignore_ascii_case(b"blockquote") {
                Tag::Blockquote
            } else if name.eq_ignore_ascii_case(b"figcaption") {
                Tag::Figcaption
            } else {
                Tag::Other
            };
        }
        let mut key = 0u64;
        for (i, &b) in name.iter().enumerate() {
            // A NUL would read as the padding of a shorter name.
            if b == 0 {
                return Tag::Other;
            }
            key |= u64::from(b.to_ascii_lowercase()) << (8 * i);
        }
        Tag::from_key(key)
    }

    /// The tag of a name of at most eight bytes without NUL, lower-cased and read as a
    /// little-endian integer.
    fn from_key(key: u64) -> Tag {
        const fn k(name: &[u8]) -> u64 {
            let mut key = 0u64;
            let mut i = 0;
            while i < name.len() {
                key |= (name[i] as u64) << (8 * i);
                i += 1;
            }
            key
        }
        const HTML: u64 = k(b"html");
        const HEAD: u64 = k(b"head");
        const TITLE: u64 = k(b"title");
        const META: u64 = k(b"meta");
        const LINK: u64 = k(b"link");
        const BODY: u64 = k(b"body");
        const DIV: u64 = k(b"div");
        const P: u64 = k(b"p");
        const H1: u64 = k(b"h1");
        const H2: u64 = k(b"h2");
        const H3: u64 = k(b"h3");
        const H4: u64 = k(b"h4");
        const H5: u64 = k(b"h5");
        const H6: u64 = k(b"h6");
        const UL: u64 = k(b"ul");
        const OL: u64 = k(b"ol");
        const LI: u64 = k(b"li");
        const DL: u64 = k(b"dl");
        const DT: u64 = k(b"dt");
        const DD: u64 = k(b"dd");
        const PRE: u64 = k(b"pre");
        const A: u64 = k(b"a");
        const BR: u64 = k(b"br");
        const HR: u64 = k(b"hr");
        const IMG: u64 = k(b"img");
        const TABLE: u64 = k(b"table");
        const TR: u64 = k(b"tr");
        const TD: u64 = k(b"td");
        const TH: u64 = k(b"th");
        const ARTICLE: u64 = k(b"article");
        const MAIN: u64 = k(b"main");
        const SECTION: u64 = k(b"section");
        const HEADER: u64 = k(b"header");
        const FOOTER: u64 = k(b"footer");
        const NAV: u64 = k(b"nav");
        const ASIDE: u64 = k(b"aside");
        const FORM: u64 = k(b"form");
        const FIGURE: u64 = k(b"figure");
        const TIME: u64 = k(b"time");
        const BUTTON: u64 = k(b"button");
        const LABEL: u64 = k(b"label");
        const INPUT: u64 = k(b"input");
        const ADDRESS: u64 = k(b"address");
        const DIALOG: u64 = k(b"dialog");
        const MENU: u64 = k(b"menu");
        const CENTER: u64 = k(b"center");
        const AREA: u64 = k(b"area");
        const BASE: u64 = k(b"base");
        const COL: u64 = k(b"col");
        const EMBED: u64 = k(b"embed");
        const KEYGEN: u64 = k(b"keygen");
        const PARAM: u64 = k(b"param");
        const SOURCE: u64 = k(b"source");
        const TRACK: u64 = k(b"track");
        const WBR: u64 = k(b"wbr");
        match key {
            HTML => Tag::Html,
            HEAD => Tag::Head,
            TITLE => Tag::Title,
            META => Tag::Meta,
            LINK => Tag::Link,
            BODY => Tag::Body,
            DIV => Tag::Div,
            P => Tag::P,
            H1 => Tag::H(1),
            H2 => Tag::H(2),
            H3 => Tag::H(3),
            H4 => Tag::H(4),
            H5 => Tag::H(5),
            H6 => Tag::H(6),
            UL => Tag::Ul,
            OL => Tag::Ol,
            LI => Tag::Li,
            DL => Tag::Dl,
            DT => Tag::Dt,
            DD => Tag::Dd,
            PRE => Tag::Pre,
            A => Tag::A,
            BR => Tag::Br,
            HR => Tag::Hr,
            IMG => Tag::Img,
            TABLE => Tag::Table,
            TR => Tag::Tr,
            TD => Tag::Td,
            TH => Tag::Th,
            ARTICLE => Tag::Article,
            MAIN => Tag::Main,
            SECTION => Tag::Section,
            HEADER => Tag::Header,
            FOOTER => Tag::Footer,
            NAV => Tag::Nav,
            ASIDE => Tag::Aside,
            FORM => Tag::Form,
            FIGURE => Tag::Figure,
            TIME => Tag::Time,
            BUTTON => Tag::Button,
            LABEL => Tag::Label,
            INPUT => Tag::Input,
            ADDRESS => Tag::Address,
            DIALOG => Tag::Dialog,
            MENU => Tag::Menu,
            CENTER => Tag::Center,
            AREA | BASE | COL | EMBED | KEYGEN | PARAM | SOURCE | TRACK | WBR => Tag::Void,
            _ => Tag::Other,
        }
    }

    fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Meta | Tag::Link | Tag::Br | Tag::Hr | Tag::Img | Tag::Input | Tag::Void
        )
    }

    /// Elements that start a new block of text (and so break the running paragraph).
    pub fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::A
                | Tag::Other
                | Tag::Void
                | Tag::Img
                | Tag::Time
                | Tag::Label
                | Tag::Input
                | Tag::Button
        )
    }

    /// Start tags that close an open `<p>` (HTML's "close a p element" rule).
    fn closes_p(self) -> bool {
        self.is_block()
            && !matches!(
                self,
                Tag::Br | Tag::Td | Tag::Th | Tag::Tr | Tag::Dt | Tag::Dd
            )
    }
}

#[derive(Debug, Clone)]
pub enum Data<'a> {
    Element {
        tag: Tag,
        /// Index into the scan's elements, for attribute look-ups.
        elem: u32,
    },
    Text(&'a str),
}

#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub data: Data<'a>,
    pub parent: u32,
    /// Index of the last node in this node's subtree (itself when it has no children).
    pub end: u32,
}

impl Node<'_> {
    pub fn tag(&self) -> Option<Tag> {
        match self.data {
            Data::Element { tag, .. } => Some(tag),
            Data::Text(_) => None,
        }
    }
}

/// Nodes in document (pre-)order; node 0 is a synthetic root whose parent is itself.
pub struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
    /// The start tags' attributes.
    scan: Scan,
    /// The text the tree was built from.
    src: &'a str,
}

/// How far down the open-element stack an end tag or implied close may look; bounds the
/// work on pathological nesting to a constant per tag.
const SEARCH_LIMIT: usize = 64;

/// The most entries a vector kept for the next page may hold: a rare huge page's are freed.
const MAX_KEPT_ENTRIES: usize = 1 << 16;

thread_local! {
    /// The scan's and the tree's vectors, kept from page to page: the same few hundred KB
    /// allocated and grown afresh for every page cost more than their reuse.
    static SPARE: Cell<(Scan, Vec<Node<'static>>)> = const { Cell::new((Scan::new(), Vec::new())) };
}

impl Drop for Dom<'_> {
    fn drop(&mut self) {
        let scan = std::mem::take(&mut self.scan);
        let mut nodes = std::mem::take(&mut self.nodes);
        if scan.capacity() > MAX_KEPT_ENTRIES || nodes.capacity() > MAX_KEPT_ENTRIES {
            return;
        }
        nodes.clear();
        // An empty vector collected through `map` keeps its allocation (std collects in
        // place when the layouts match); this is how the kept vector drops its borrow of
        // the page.
        let nodes: Vec<Node<'static>> = nodes
            .into_iter()
            .map(|n| Node {
                data: Data::Text(""),
                ..n
            })
            .collect();
        SPARE.set((scan, nodes));
    }
}

impl<'a> Dom<'a> {
    #[cfg(test)]
    pub fn build(src: &'a str) -> Dom<'a> {
        Dom::build_from(src, &scan::lt_positions(src))
    }

    /// The tree of `src`, given `lts`: where `src` has a `<`, every one in order (as the
    /// pre-pass lists them).
    pub fn build_from(src: &'a str, lts: &[u32]) -> Dom<'a> {
        let (mut scan, mut nodes): (Scan, Vec<Node<'a>>) = SPARE.take();
        scan::scan(src, lts, &mut scan);
        nodes.clear();
        nodes.reserve(scan.tokens.len() + 1);
        nodes.push(Node {
            data: Data::Element {
                tag: Tag::Other,
                elem: u32::MAX,
            },
            parent: 0,
            end: 0,
        });
        let mut stack: Vec<(u32, Tag)> = vec![(0, Tag::Other)];
        let mut ends = lts
            .iter()
            .map(|&at| at as usize)
            .filter(|&at| src.as_bytes().get(at + 1) == Some(&b'/'))
            .peekable();
        let close = |nodes: &mut Vec<Node<'a>>, stack: &mut Vec<(u32, Tag)>, depth: usize| {
            let last = (nodes.len() - 1) as u32;
            while stack.len() > depth.max(1) {
                if let Some((idx, _)) = stack.pop() {
                    if let Some(n) = nodes.get_mut(idx as usize) {
                        n.end = last;
                    }
                }
            }
        };
        for token in &scan.tokens {
            let (offset, data, self_closing) = match *token {
                Token::Start {
                    at,
                    tag,
                    self_closing,
                    elem,
                } => (at as usize, Data::Element { tag, elem }, self_closing),
                Token::Text(span) => {
                    let off = span.start as usize;
                    let mut text = span.text(src).unwrap_or("");
                    // Text not preceded by `>` is what is left of a tag the scan gave up on
                    // (`<a href=/x>` unquoted): drop the tag's remainder up to its `>`.
                    if off > 0 && src.as_bytes().get(off - 1) != Some(&b'>') {
                        if let Some(gt) = text.find('>') {
                            if !text[..gt].contains('<') {
                                text = &text[gt + 1..];
                            }
                        }
                    }
                    (off, Data::Text(text), false)
                }
            };
            // End tags before this node close elements.
            while let Some(&at) = ends.peek() {
                if at >= offset {
                    break;
                }
                ends.next();
                let name_bytes = &src.as_bytes()[at + 2..];
                let len = name_bytes
                    .iter()
                    .take(16)
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                if len == 0 {
                    continue;
                }
                let tag = Tag::from_name_in(src.as_bytes(), at + 2, at + 2 + len);
                if tag == Tag::Other {
                    // Unknown inline elements: only close when directly on top, so a stray
                    // `</span>` cannot tear down the block structure.
                    if let Some(&(idx, Tag::Other)) = stack.last() {
                        if idx != 0 {
                            let depth = stack.len() - 1;
                            close(&mut nodes, &mut stack, depth);
                        }
                    }
                    continue;
                }
                if let Some(depth) = find_open(&stack, |t| t == tag) {
                    close(&mut nodes, &mut stack, depth);
                }
            }
            match data {
                Data::Text(t) => {
                    if t.is_empty() {
                        continue;
                    }
                    let parent = stack.last().map_or(0, |s| s.0);
                    let idx = nodes.len() as u32;
                    nodes.push(Node {
                        data: Data::Text(t),
                        parent,
                        end: idx,
                    });
                }
                Data::Element { tag, .. } => {
                    if tag.closes_p() {
                        if let Some(depth) = find_open_until(&stack, Tag::P, Tag::is_block) {
                            close(&mut nodes, &mut stack, depth);
                        }
                    }
                    match tag {
                        Tag::Li => {
                            if let Some(depth) =
                                find_open_until(&stack, Tag::Li, |t| matches!(t, Tag::Ul | Tag::Ol))
                            {
                                close(&mut nodes, &mut stack, depth);
                            }
                        }
                        Tag::Dt | Tag::Dd => {
                            if let Some(depth) = find_open_until(&stack, Tag::Dd, |t| t == Tag::Dl)
                                .or_else(|| find_open_until(&stack, Tag::Dt, |t| t == Tag::Dl))
                            {
                                close(&mut nodes, &mut stack, depth);
                            }
                        }
                        Tag::Td | Tag::Th => {
                            if let Some(depth) = find_open_until(&stack, Tag::Td, |t| t == Tag::Tr)
                                .or_else(|| find_open_until(&stack, Tag::Th, |t| t == Tag::Tr))
                            {
                                close(&mut nodes, &mut stack, depth);
                            }
                        }
                        Tag::Tr => {
                            if let Some(depth) =
                                find_open_until(&stack, Tag::Tr, |t| t == Tag::Table)
                            {
                                close(&mut nodes, &mut stack, depth);
                            }
                        }
                        Tag::H(_) => {
                            if let Some(depth) = find_open_until(&stack, Tag::H(0), |t| {
                                t.is_block() && !matches!(t, Tag::H(_))
                            }) {
                                close(&mut nodes, &mut stack, depth);
                            }
                        }
                        _ => {}
                    }
                    let parent = stack.last().map_or(0, |s| s.0);
                    let idx = nodes.len() as u32;
                    nodes.push(Node {
                        data,
                        parent,
                        end: idx,
                    });
                    if !tag.is_void() && !self_closing {
                        stack.push((idx, tag));
                    }
                }
            }
        }
        close(&mut nodes, &mut stack, 1);
        let last = (nodes.len() - 1) as u32;
        if let Some(root) = nodes.first_mut() {
            root.end = last;
        }
        Dom { nodes, scan, src }
    }

    /// An attribute value of element `i` (names compared as written, lower-case in practice).
    #[inline(always)]
    pub fn attr(&self, i: usize, name: &'static str) -> Option<&'a str> {
        match self.nodes.get(i)?.data {
            Data::Element { elem, .. } => self.scan.attr(self.src, elem, name),
            Data::Text(_) => None,
        }
    }
}

/// Depth (stack length after popping) to close the nearest open element matching `pred`.
fn find_open(stack: &[(u32, Tag)], pred: impl Fn(Tag) -> bool) -> Option<usize> {
    stack
        .iter()
        .enumerate()
        .skip(1)
        .rev()
        .take(SEARCH_LIMIT)
        .find(|(_, (_, t))| pred(*t))
        .map(|(d, _)| d)
}

/// Like [`find_open`] for `target`, but stops at the first element for which `barrier` holds.
/// `Tag::H(0)` as target matches any heading.
fn find_open_until(
    stack: &[(u32, Tag)],
    target: Tag,
    barrier: impl Fn(Tag) -> bool,
) -> Option<usize> {
    for (d, (_, t)) in stack.iter().enumerate().skip(1).rev().take(SEARCH_LIMIT) {
        let hit = match (target, *t) {
            (Tag::H(0), Tag::H(_)) => true,
            _ => *t == target,
        };
        if hit {
            return Some(d);
        }
        if barrier(*t) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(html: &str) -> String {
        let dom = Dom::build(html);
        let mut out = String::new();
        for (i, n) in dom.nodes.iter().enumerate().skip(1) {
            let depth = {
                let mut d = 0;
                let mut p = n.parent as usize;
                while p != 0 {
                    d += 1;
                    p = dom.nodes[p].parent as usize;
                }
                d
            };
            let label = match &n.data {
                Data::Text(t) => t.to_string(),
                Data::Element { tag, .. } => format!("{tag:?}"),
            };
            out.push_str(&format!("{depth}{label}:{} ", n.end as usize - i));
        }
        out
    }

    /// [`Tag::from_name`] as it was: a lower-cased copy matched by bytes.
    fn from_name_reference(name: &[u8]) -> Tag {
        let mut buf = [0u8; 12];
        if name.len() > buf.len() {
            return Tag::Other;
        }
        for (b, n) in buf.iter_mut().zip(name) {
            *b = n.to_ascii_lowercase();
        }
        match &buf[..name.len()] {
            b"html" => Tag::Html,
            b"head" => Tag::Head,
            b"title" => Tag::Title,
            b"meta" => Tag::Meta,
            b"link" => Tag::Link,
            b"body" => Tag::Body,
            b"div" => Tag::Div,
            b"p" => Tag::P,
            b"h1" => Tag::H(1),
            b"h2" => Tag::H(2),
            b"h3" => Tag::H(3),
            b"h4" => Tag::H(4),
            b"h5" => Tag::H(5),
            b"h6" => Tag::H(6),
            b"ul" => Tag::Ul,
            b"ol" => Tag::Ol,
            b"li" => Tag::Li,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"dd" => Tag::Dd,
            b"blockquote" => Tag::Blockquote,
            b"pre" => Tag::Pre,
            b"a" => Tag::A,
            b"br" => Tag::Br,
            b"hr" => Tag::Hr,
            b"img" => Tag::Img,
            b"table" => Tag::Table,
            b"tr" => Tag::Tr,
            b"td" => Tag::Td,
            b"th" => Tag::Th,
            b"article" => Tag::Article,
            b"main" => Tag::Main,
            b"section" => Tag::Section,
            b"header" => Tag::Header,
            b"footer" => Tag::Footer,
            b"nav" => Tag::Nav,
            b"aside" => Tag::Aside,
            b"form" => Tag::Form,
            b"figure" => Tag::Figure,
            b"figcaption" => Tag::Figcaption,
            b"time" => Tag::Time,
            b"button" => Tag::Button,
            b"label" => Tag::Label,
            b"input" => Tag::Input,
            b"address" => Tag::Address,
            b"dialog" => Tag::Dialog,
            b"menu" => Tag::Menu,
            b"center" => Tag::Center,
            b"area" | b"base" | b"col" | b"embed" | b"keygen" | b"param" | b"source" | b"track"
            | b"wbr" => Tag::Void,
            _ => Tag::Other,
        }
    }

    #[test]
    fn tag_names_read_as_integers_match_the_bytes() {
        let names = [
            "html",
            "head",
            "title",
            "meta",
            "link",
            "body",
            "div",
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "h0",
            "h7",
            "ul",
            "ol",
            "li",
            "dl",
            "dt",
            "dd",
            "blockquote",
            "pre",
            "a",
            "br",
            "hr",
            "img",
            "table",
            "tr",
            "td",
            "th",
            "article",
            "main",
            "section",
            "header",
            "footer",
            "nav",
            "aside",
            "form",
            "figure",
            "figcaption",
            "time",
            "button",
            "label",
            "input",
            "address",
            "dialog",
            "menu",
            "center",
            "area",
            "base",
            "col",
            "embed",
            "keygen",
            "param",
            "source",
            "track",
            "wbr",
            "span",
            "",
            "br/",
            "blockquotes",
            "figcaptio",
            "articles",
            "x",
            "p\0",
            "\0p",
            "a\0\0",
            "htm",
            "tbody",
            "section1",
            "12345678",
            "123456789",
            "abcdefghijkl",
            "abcdefghijklm",
            "diV",
            "DIV",
            "Blockquote",
        ];
        for name in names {
            for variant in [name.to_string(), name.to_ascii_uppercase()] {
                let b = variant.as_bytes();
                assert_eq!(Tag::from_name(b), from_name_reference(b), "{variant:?}");
                let page = [b, &b"        "[..]].concat();
                let in_page = Tag::from_name_in(&page, 0, b.len());
                assert_eq!(in_page, from_name_reference(b), "{variant:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn names_read_in_the_page_match(
            before in "[a-z<]{0,3}",
            name in "[a-dhA-DHlLpPmMeEtTiIvV1\\x00:/@\\[`{éÃ-]{0,10}",
            after in "[ >a]{0,9}",
        ) {
            let page = format!("{before}{name}{after}");
            let (start, end) = (before.len(), before.len() + name.len());
            proptest::prop_assert_eq!(
                Tag::from_name_in(page.as_bytes(), start, end),
                from_name_reference(name.as_bytes())
            );
        }

        #[test]
        fn tag_names_match_the_byte_match(name in "[a-dhA-DHl1p\\x00:/-]{0,11}") {
            proptest::prop_assert_eq!(Tag::from_name(name.as_bytes()), from_name_reference(name.as_bytes()));
        }
    }

    #[test]
    fn implied_ends_and_stray_end_tags() {
        assert_eq!(
            shape("<div><p>a<p>b</div><p>c"),
            "0Div:4 1P:1 2a:0 1P:1 2b:0 0P:1 1c:0 "
        );
        assert_eq!(
            shape("<ul><li>a<li>b</ul>x"),
            "0Ul:4 1Li:1 2a:0 1Li:1 2b:0 0x:0 "
        );
        assert_eq!(shape("<DIV>a</div></span>b"), "0Div:1 1a:0 0b:0 ");
        assert_eq!(shape("<p><span>a</p>b"), "0P:2 1Other:1 2a:0 0b:0 ");
    }
}
