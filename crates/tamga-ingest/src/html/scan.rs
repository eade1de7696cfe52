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
}

#[derive(Debug, Clone, Copy)]
pub struct Attr {
    pub name: Span,
    pub value: Span,
}

#[derive(Debug, Default)]
pub struct Scan {
    pub tokens: Vec<Token>,
    pub elems: Vec<Elem>,
    pub attrs: Vec<Attr>,
}

impl Scan {
    /// The value of attribute `name` of element `elem`, looked up as `tl` looked it up.
    pub fn attr<'a>(&self, src: &'a str, elem: u32, name: &str) -> Option<&'a str> {
        let e = self.elems.get(elem as usize)?;
        let value = match name {
            "id" => e.id,
            "class" => e.class,
            _ => {
                let first = e.first as usize;
                let list = self.attrs.get(first..first + e.count as usize)?;
                let is_name = |a: &&Attr| a.name.bytes(src) == Some(name.as_bytes());
                let found = if list.len() <= INLINE_ATTRS {
                    list.iter().find(is_name)
                } else {
                    list.iter().rev().find(is_name)
                };
                found?.value
            }
        };
        value.text(src)
    }
}

/// How many attributes `tl` kept in order (first one written wins) before moving them into a
/// hash map (last one wins).
const INLINE_ATTRS: usize = 2;

/// Tags `tl` never leaves open, compared as written (case-sensitive).
const VOID_TAGS: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"keygen", b"link",
    b"meta", b"param", b"source", b"track", b"wbr",
];

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

/// Reads `src` into `out` (cleared first).
pub fn scan(src: &str, out: &mut Scan) {
    out.tokens.clear();
    out.elems.clear();
    out.attrs.clear();
    let mut s = Scanner {
        b: src.as_bytes(),
        out,
        open: Vec::new(),
    };
    let len = s.b.len();
    let mut i = 0;
    while i < len {
        if s.b[i] == b'<' {
            i = s.tag(i);
        } else {
            let end = memchr::memchr(b'<', &s.b[i..]).map_or(len, |o| i + o);
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
    /// `tl`'s stack of open tags: name and token index.
    open: Vec<(Span, usize)>,
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
            .and_then(|rest| memchr::memchr(needle, rest))
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
                _ => self.out.attrs.push(Attr { name: key, value }),
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
        });
        if !marked_closing && !VOID_TAGS.contains(&name_bytes) {
            self.open.push((name, self.out.tokens.len()));
        }
        self.out.tokens.push(Token::Start {
            at: start as u32,
            tag: Tag::from_name(name_bytes),
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
        if let Some(&(top, token)) = self.open.last() {
            if self.slice(top) == name {
                self.open.pop();
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

    const NAMES: &[&str] = &["id", "class", "a", "b", "x/", "", "href", "ID", "div"];

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
        scan(src, &mut s);
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

    proptest::proptest! {
        #[test]
        fn scan_matches_tl(parts in proptest::collection::vec(
            "<|</|< |<!|<!--|--|-->|>|/>|/| |\n|\t|=|\"|'|a|b|id|class|ID|href|div|br|p|img|x/|é|-|!|doctype|html",
            0..40,
        )) {
            let src = parts.concat();
            proptest::prop_assert_eq!(through_scan(&src), through_tl(&src));
        }
    }
}
