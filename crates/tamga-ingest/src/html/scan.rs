//! The page's start tags, texts and attributes, read exactly as `tl` 0.7.8 reads them (the
//! parser the extractor used before), quirks included: the tree built from them must stay the
//! same on every page, malformed ones too. `tl` built a whole tree of large nodes, with a hash
//! map of attributes per tag, that the extractor never walked; this keeps only what [`Dom`]
//! reads, in flat vectors.
//!
//! The quirks kept: whitespace is only ` ` and `\n`; names run over `[0-9A-Za-z_:+/-]` (so
//! `<br/>` is named `br/`); after an attribute without a value the next byte is skipped; an
//! unquoted value ends at ` `, `\n`, `/` or `>`; a tag not ended by `>` (or `/>`) is dropped and
//! the scan goes on as text where it stopped; an end tag closes only the innermost open tag and
//! only when its text up to `>` is that tag's name exactly, which then makes the tag's raw
//! text run to the end tag (whether it "ends in `/>`" is read from that); attributes other than
//! `id` and `class` are found first-written when a tag has at most two of them, last-written
//! otherwise (`tl` kept two inline, then moved them into a `HashMap`).
//!
//! [`Dom`]: super::dom::Dom

use super::dom::Tag;

/// A stretch of the page, or no value (`start == u32::MAX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const NONE: Span = Span {
        start: u32::MAX,
        end: u32::MAX,
    };

    fn new(start: usize, end: usize) -> Span {
        // The page is at most 32 MB (`MAX_HTML_BYTES`), so offsets fit.
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn bytes(self, src: &str) -> Option<&[u8]> {
        if self.start == u32::MAX {
            return None;
        }
        src.as_bytes().get(self.start as usize..self.end as usize)
    }

    /// The text of a value; a stretch not on character boundaries reads as "" (as `tl`'s
    /// bytes, not valid UTF-8 alone, did).
    pub fn text(self, src: &str) -> Option<&str> {
        if self.start == u32::MAX {
            return None;
        }
        Some(
            src.get(self.start as usize..self.end as usize)
                .unwrap_or(""),
        )
    }
}

/// One node as `tl` listed it (comments left out).
#[derive(Debug, Clone, Copy)]
pub enum Token {
    Text(Span),
    Start {
        /// Offset of the tag's `<`.
        at: u32,
        tag: Tag,
        /// Whether the tag's raw text, as `tl` left it, ends in `/>`.
        self_closing: bool,
        /// Index into [`Scan::elems`].
        elem: u32,
    },
}

/// The attributes of one start tag.
#[derive(Debug, Clone, Copy)]
pub struct Elem {
    pub id: Span,
    pub class: Span,
    /// The other attributes: `Scan::attrs[first..first + count]`.
    pub first: u32,
    pub count: u32,
    /// Bit `k` is set when one of them is named [`KNOWN`]`[k]`.
    pub known: u16,
}

#[derive(Debug, Clone, Copy)]
pub struct Attr {
    pub name: Span,
    pub value: Span,
    /// `k + 1` when the name is [`KNOWN`]`[k]`, else 0.
    pub known: u8,
}

/// The attribute names the extractor asks for besides `id` and `class`. The scan marks them
/// as it reads each tag, so that a look-up compares one byte per attribute, and the asks for
/// names a tag does not have (most tags have no `hidden`, `style` or `role`) are answered by
/// one bit. [`known_index`] is this table written as a match, and a test holds it to it.
#[cfg_attr(not(test), allow(dead_code))]
pub const KNOWN: [&[u8]; 13] = [
    b"lang",
    b"content",
    b"property",
    b"name",
    b"itemprop",
    b"http-equiv",
    b"rel",
    b"href",
    b"datetime",
    b"pubdate",
    b"hidden",
    b"style",
    b"role",
];

/// The index of `name` in [`KNOWN`] (names compared as written, as `tl` compared them).
#[inline(always)]
pub fn known_index(name: &[u8]) -> Option<usize> {
    // By length first: most attribute names (`class`, `href`, `src`, `data-*`) are settled
    // by it or by one comparison.
    let k = match name.len() {
        3 if name == b"rel" => 6,
        4 => match name {
            b"lang" => 0,
            b"name" => 3,
            b"href" => 7,
            b"role" => 12,
            _ => return None,
        },
        5 if name == b"style" => 11,
        6 if name == b"hidden" => 10,
        7 => match name {
            b"content" => 1,
            b"pubdate" => 9,
            _ => return None,
        },
        8 => match name {
            b"property" => 2,
            b"itemprop" => 4,
            b"datetime" => 8,
            _ => return None,
        },
        10 if name == b"http-equiv" => 5,
        _ => return None,
    };
    Some(k)
}

#[derive(Debug, Default)]
pub struct Scan {
    pub tokens: Vec<Token>,
    pub elems: Vec<Elem>,
    pub attrs: Vec<Attr>,
    /// `tl`'s stack of open tags while scanning (name and token index); kept only so that
    /// its allocation serves the next page.
    open: Vec<(Span, usize)>,
}

impl Scan {
    pub const fn new() -> Scan {
        Scan {
            tokens: Vec::new(),
            elems: Vec::new(),
            attrs: Vec::new(),
            open: Vec::new(),
        }
    }

    /// The largest number of entries any of the vectors holds, for deciding whether to keep
    /// them for another page.
    pub fn capacity(&self) -> usize {
        self.tokens
            .capacity()
            .max(self.elems.capacity())
            .max(self.attrs.capacity())
            .max(self.open.capacity())
    }

    /// The value of attribute `name` of element `elem`, looked up as `tl` looked it up.
    /// Inlined so that a name written in the call is matched when compiling.
    #[inline(always)]
    pub fn attr<'a>(&self, src: &'a str, elem: u32, name: &str) -> Option<&'a str> {
        let e = self.elems.get(elem as usize)?;
        let value = match name {
            "id" => e.id,
            "class" => e.class,
            _ => {
                let known = known_index(name.as_bytes());
                if let Some(k) = known {
                    if e.known & (1 << k) == 0 {
                        return None;
                    }
                }
                let first = e.first as usize;
                let list = self.attrs.get(first..first + e.count as usize)?;
                let found = match known {
                    Some(k) => pick(list, |a| usize::from(a.known) == k + 1),
                    None => pick(list, |a| a.name.bytes(src) == Some(name.as_bytes())),
                };
                found?.value
            }
        };
        value.text(src)
    }
}

/// The attribute `tl` found among a tag's `list` for a name: the first written when it kept
/// them inline, the last written once they were in its hash map.
fn pick(list: &[Attr], is_name: impl Fn(&Attr) -> bool) -> Option<&Attr> {
    if list.len() <= INLINE_ATTRS {
        list.iter().find(|a| is_name(a))
    } else {
        list.iter().rev().find(|a| is_name(a))
    }
}

/// How many attributes `tl` kept in order (first one written wins) before moving them into a
/// hash map (last one wins).
const INLINE_ATTRS: usize = 2;

/// Whether `tl` never leaves a tag named `name` open: its void names (`area`, `base`, `br`,
/// `col`, `embed`, `hr`, `img`, `input`, `keygen`, `link`, `meta`, `param`, `source`, `track`,
/// `wbr`) compared as written. These are exactly the names [`Tag::from_name`] reads as a void
/// tag, which it does in any case: so a void [`Tag`] and no upper-case byte.
fn tl_void(tag: Tag, name: &[u8]) -> bool {
    matches!(
        tag,
        Tag::Meta | Tag::Link | Tag::Br | Tag::Hr | Tag::Img | Tag::Input | Tag::Void
    ) && !name.iter().any(u8::is_ascii_uppercase)
}

/// `tl`'s name bytes.
const IDENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'+' | b'/');
        c += 1;
    }
    table
};

/// Where `src` has a `<`, for callers without the pre-pass's list.
#[cfg(test)]
pub fn lt_positions(src: &str) -> Vec<u32> {
    memchr::memchr_iter(b'<', src.as_bytes())
        .map(|at| at as u32)
        .collect()
}

/// Reads `src` into `out` (cleared first); `lts` lists where `src` has a `<`, every one in
/// order, so that a text's end is read there instead of searched for.
pub fn scan(src: &str, lts: &[u32], out: &mut Scan) {
    out.tokens.clear();
    out.elems.clear();
    out.attrs.clear();
    out.open.clear();
    let mut s = Scanner {
        b: src.as_bytes(),
        out,
    };
    let len = s.b.len();
    let mut next_lt = lts.iter().map(|&at| at as usize).peekable();
    let mut i = 0;
    while i < len {
        if s.b[i] == b'<' {
            i = s.tag(i);
        } else {
            // The `<`s up to here were read inside tags; the first after `i` ends the text.
            while next_lt.next_if(|&at| at <= i).is_some() {}
            let end = next_lt.peek().map_or(len, |&at| at.min(len));
            s.out.tokens.push(Token::Text(Span::new(i, end)));
            i = end;
        }
    }
}

/// Whether `tl`'s raw text of a tag, `b[start..end]`, ends in `/>`.
fn ends_closed(b: &[u8], start: usize, end: usize) -> bool {
    b.get(start..end).is_some_and(|raw| raw.ends_with(b"/>"))
}

struct Scanner<'s> {
    b: &'s [u8],
    out: &'s mut Scan,
}

impl<'s> Scanner<'s> {
    fn slice(&self, s: Span) -> &'s [u8] {
        self.b.get(s.start as usize..s.end as usize).unwrap_or(&[])
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while let Some(b' ' | b'\n') = self.b.get(i) {
            i += 1;
        }
        i
    }

    fn ident_end(&self, mut i: usize) -> usize {
        while let Some(&c) = self.b.get(i) {
            if !IDENT[usize::from(c)] {
                break;
            }
            i += 1;
        }
        i
    }

    fn find(&self, from: usize, needle: u8) -> usize {
        let len = self.b.len();
        self.b
            .get(from..)
            .and_then(|rest| super::find_byte(needle, rest))
            .map_or(len, |o| from + o)
    }

    /// Reads from the `<` at `start`; returns where reading goes on.
    fn tag(&mut self, start: usize) -> usize {
        let b = self.b;
        let mut i = self.skip_ws(start + 1);
        match b.get(i) {
            None => return i,
            Some(b'/') => return self.end_tag(i + 1),
            Some(b'!') => return self.markup_decl(i + 1),
            Some(_) => {}
        }
        let name = Span::new(i, self.ident_end(i));
        i = self.skip_ws(name.end as usize);
        let first = self.out.attrs.len();
        let (mut id, mut class) = (Span::NONE, Span::NONE);
        let mut known_mask = 0u16;
        loop {
            i = self.skip_ws(i);
            match b.get(i) {
                None => return self.drop_attrs(first, i),
                Some(b'/' | b'>') => break,
                Some(_) => {}
            }
            let key = Span::new(i, self.ident_end(i));
            i = self.skip_ws(key.end as usize);
            let mut value = Span::NONE;
            if b.get(i) == Some(&b'=') {
                i = self.skip_ws(i + 1);
                let end = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        i += 1;
                        self.find(i, q)
                    }
                    _ => {
                        let rest = b.get(i..).unwrap_or(&[]);
                        rest.iter()
                            .position(|c| matches!(c, b' ' | b'\n' | b'/' | b'>'))
                            .map_or(b.len(), |o| i + o)
                    }
                };
                value = Span::new(i, end);
                i = end;
            }
            match self.slice(key) {
                b"id" => id = value,
                b"class" => class = value,
                other => {
                    let known = known_index(other).map_or(0, |k| {
                        known_mask |= 1 << k;
                        k as u8 + 1
                    });
                    self.out.attrs.push(Attr {
                        name: key,
                        value,
                        known,
                    });
                }
            }
            match b.get(i) {
                None => return self.drop_attrs(first, i),
                Some(b'/' | b'>') => {}
                Some(_) => i += 1,
            }
        }
        let marked_closing = b.get(i) == Some(&b'/');
        if marked_closing {
            i += 1;
        }
        if b.get(i) != Some(&b'>') {
            return self.drop_attrs(first, i);
        }
        i += 1;
        let name_bytes = self.slice(name);
        let elem = self.out.elems.len() as u32;
        self.out.elems.push(Elem {
            id,
            class,
            first: first as u32,
            count: (self.out.attrs.len() - first) as u32,
            known: known_mask,
        });
        let tag = Tag::from_name_in(b, name.start as usize, name.end as usize);
        if !marked_closing && !tl_void(tag, name_bytes) {
            self.out.open.push((name, self.out.tokens.len()));
        }
        self.out.tokens.push(Token::Start {
            at: start as u32,
            tag,
            self_closing: ends_closed(b, start, i),
            elem,
        });
        i
    }

    /// A tag `tl` gave up on leaves no attributes behind.
    fn drop_attrs(&mut self, first: usize, i: usize) -> usize {
        self.out.attrs.truncate(first);
        i
    }

    /// An end tag, from after its `/`: closes `tl`'s innermost open tag if the text up to `>`
    /// is its name, and that tag's raw text then runs to here.
    fn end_tag(&mut self, from: usize) -> usize {
        let b = self.b;
        let name_end = self.find(from, b'>');
        let name = b.get(from..name_end).unwrap_or(&[]);
        let i = if name_end < b.len() {
            name_end + 1
        } else {
            name_end
        };
        if let Some(&(top, token)) = self.out.open.last() {
            if self.slice(top) == name {
                self.out.open.pop();
                if let Some(Token::Start {
                    at, self_closing, ..
                }) = self.out.tokens.get_mut(token)
                {
                    *self_closing = ends_closed(b, *at as usize, i);
                }
            }
        }
        i
    }

    /// `<!`, from after the `!`: a comment (to `-->`, or to the end), a doctype, or nothing.
    fn markup_decl(&mut self, mut i: usize) -> usize {
        let b = self.b;
        let len = b.len();
        if b.get(i..(i + 2).min(len)) == Some(b"--") {
            while i < len {
                if b.get(i..(i + 2).min(len)) == Some(b"--") {
                    i += 2;
                    if b.get(i) == Some(&b'>') {
                        return i + 1;
                    }
                }
                i += 1;
            }
            return i;
        }
        let word_end = self.ident_end(i);
        let word = b.get(i..word_end).unwrap_or(&[]);
        i = self.skip_ws(word_end);
        if word.eq_ignore_ascii_case(b"doctype") {
            i = self.skip_ws(self.ident_end(i));
            // `tl` steps over one byte here, whatever it is.
            i += 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `tl` 0.7.8 lists for `src`, in the scan's terms: texts as spans, start tags with
    /// their tag, `/>` ending and a few attribute look-ups as (offset, length).
    type Found = (
        Option<(usize, usize)>,
        Option<(Tag, usize, bool)>,
        Vec<Option<(usize, usize)>>,
    );

    const NAMES: &[&str] = &[
        "id", "class", "a", "b", "x/", "", "href", "ID", "div", "rel", "style", "Rel", "name",
    ];

    fn through_tl(src: &str) -> Vec<Found> {
        let base = src.as_ptr() as usize;
        let at = |b: &[u8]| (b.as_ptr() as usize - base, b.len());
        let vdom = tl::parse(src, tl::ParserOptions::default()).expect("parses");
        let mut out = Vec::new();
        for node in vdom.nodes() {
            match node {
                tl::Node::Tag(t) => {
                    let raw = t.raw().as_bytes();
                    let attrs = t.attributes();
                    let values = NAMES
                        .iter()
                        .map(|&n| {
                            match n {
                                "id" => attrs.id(),
                                "class" => attrs.class(),
                                _ => attrs.get(n).flatten(),
                            }
                            .map(|v| at(v.as_bytes()))
                        })
                        .collect();
                    let tag = Tag::from_name(t.name().as_bytes());
                    out.push((None, Some((tag, at(raw).0, raw.ends_with(b"/>"))), values));
                }
                tl::Node::Raw(b) => out.push((Some(at(b.as_bytes())), None, Vec::new())),
                tl::Node::Comment(_) => {}
            }
        }
        out
    }

    fn through_scan(src: &str) -> Vec<Found> {
        let mut s = Scan::default();
        scan(src, &lt_positions(src), &mut s);
        let span = |v: Span| (v.start as usize, (v.end - v.start) as usize);
        s.tokens
            .iter()
            .map(|t| match *t {
                Token::Text(v) => (Some(span(v)), None, Vec::new()),
                Token::Start {
                    at,
                    tag,
                    self_closing,
                    elem,
                } => {
                    let values = NAMES
                        .iter()
                        .map(|&n| {
                            let e = s.elems[elem as usize];
                            let v = match n {
                                "id" => e.id,
                                "class" => e.class,
                                _ => {
                                    let list = &s.attrs[e.first as usize..][..e.count as usize];
                                    let is = |a: &&Attr| a.name.bytes(src) == Some(n.as_bytes());
                                    let found = if list.len() <= INLINE_ATTRS {
                                        list.iter().find(is)
                                    } else {
                                        list.iter().rev().find(is)
                                    };
                                    found.map_or(Span::NONE, |a| a.value)
                                }
                            };
                            assert_eq!(
                                s.attr(src, elem, n),
                                v.bytes(src).map(|b| std::str::from_utf8(b).unwrap_or(""))
                            );
                            (v != Span::NONE).then(|| span(v))
                        })
                        .collect();
                    (None, Some((tag, at as usize, self_closing)), values)
                }
            })
            .collect()
    }

    #[test]
    fn quirks_as_tl_reads_them() {
        for src in [
            "<div id=a class='b c' a=1 a=2>x</div>",
            "<p a=1 b=2 a=3 b>y<br/><a x/>z</a x/>",
            "<a href=http://x.org/p>t</a><br/>u</br/>",
            "< p >v</ p><!DOCTYPE html><!-- c --><!--->w<!x>",
            "<div a b c d=\"e\">f<img src=x>",
            "<a id=\"open",
            "<!doctype htmlé",
            "<span a=\"1\"/ >g",
        ] {
            assert_eq!(through_scan(src), through_tl(src), "{src:?}");
        }
    }

    #[test]
    fn known_names_are_the_table() {
        for (k, name) in KNOWN.iter().enumerate() {
            assert_eq!(known_index(name), Some(k));
            let upper = name.to_ascii_uppercase();
            assert_eq!(known_index(&upper), None);
            assert_eq!(known_index(&name[1..]), None);
        }
        for name in [
            "",
            "id",
            "class",
            "src",
            "data-x",
            "rels",
            "relx",
            "names",
            "http-equi",
        ] {
            assert_eq!(known_index(name.as_bytes()), None, "{name}");
        }
    }

    #[test]
    fn void_names_are_tls() {
        const VOID_TAGS: &[&[u8]] = &[
            b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"keygen", b"link",
            b"meta", b"param", b"source", b"track", b"wbr",
        ];
        let mut names: Vec<Vec<u8>> = VOID_TAGS.iter().map(|n| n.to_vec()).collect();
        names.extend(VOID_TAGS.iter().map(|n| n.to_ascii_uppercase()));
        names.extend(
            VOID_TAGS
                .iter()
                .map(|n| [&n[..1], &n[1..].to_ascii_uppercase()].concat()),
        );
        names.extend(
            [
                "p",
                "div",
                "h1",
                "a",
                "br/",
                "img:",
                "metas",
                "",
                "blockquote",
                "figcaption",
            ]
            .iter()
            .map(|n| n.as_bytes().to_vec()),
        );
        for name in names {
            let tl = VOID_TAGS.contains(&name.as_slice());
            assert_eq!(tl_void(Tag::from_name(&name), &name), tl, "{name:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn known_index_is_a_table_look_up(name in "[a-z-]{0,11}") {
            let table = KNOWN.iter().position(|n| *n == name.as_bytes());
            proptest::prop_assert_eq!(known_index(name.as_bytes()), table);
        }

        #[test]
        fn scan_matches_tl(parts in proptest::collection::vec(
            "<|</|< |<!|<!--|--|-->|>|/>|/| |\n|\t|=|\"|'|a|b|id|class|ID|href|div|br|p|img|x/|é|-|!|doctype|html|rel|style|Rel|name|IMG|meta|wbr",
            0..40,
        )) {
            let src = parts.concat();
            proptest::prop_assert_eq!(through_scan(&src), through_tl(&src));
        }
    }
}
