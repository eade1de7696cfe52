//! A small scanner for the time-expression grammar: words, digit runs and single punctuation
//! marks with byte spans. Independent of the crate's tokenizer so that "Nov." or "8/24/2005"
//! split the same way whatever the sentence splitter did.

use super::lexicon::{self, Lexicon, NEEDS_NEXT, START};
use crate::ascii::{self, DIGIT, LETTER, SPACE, UPPER};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Lower-cased word, the digits, or the punctuation mark with dashes and apostrophes
    /// folded to `-` and `'`: a slice of the [`Source`]'s copies of the text (or a static
    /// mark), so a token owns nothing and a chunk's tokens are dropped without a walk.
    pub lower: &'a str,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Whitespace (or the text start) precedes it.
    pub gap: bool,
    /// What the grammar's quick tests need to know of the token, found as it is scanned:
    /// [`START`] when an expression may start with it (a starter of the lexicon, with the
    /// lexicon's flags; a number; an apostrophe), and [`NEEDS_NEXT`] for a number that cannot
    /// be a year. See [`start_flags`].
    pub flags: u8,
}

/// The [`Tok::flags`] of a token of `kind` with the lower-cased form `lower`.
#[inline]
fn start_flags(lex: &Lexicon, kind: Kind, lower: &str) -> u8 {
    match kind {
        // most words are turned away by the set's inlined filter without a call
        Kind::Word if !lex.starters.admits(lower) => 0,
        Kind::Word => lex.starters.get(lower).unwrap_or(0),
        // a number is no expression by itself unless it may be a year
        Kind::Num if lower.len() != 4 => START | NEEDS_NEXT,
        Kind::Num => START,
        Kind::Punct if lower == "'" => START,
        Kind::Punct => 0,
    }
}

fn fold_punct(c: char) -> Option<&'static str> {
    Some(match c {
        '-' | '–' | '‐' | '‑' => "-",
        '\'' | '’' | '‘' | '`' => "'",
        _ => return None,
    })
}

/// A text, its ASCII-lower-cased copy (the same length and char boundaries), and the
/// lower-case forms of the few words that differ from that copy, made once: a token borrows
/// its lower-case form from these instead of each capitalized word allocating one.
pub(crate) struct Source<'t> {
    pub text: &'t str,
    lowered: String,
    /// The words with a letter past ASCII and a capital, lower-cased whole: start offset in
    /// the text and range in `forms`, by start.
    odd: Vec<(usize, usize, usize)>,
    forms: String,
}

impl<'t> Source<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let mut odd = Vec::new();
        let mut forms = String::new();
        // A word is a run of letters (`plain` in the tests): each one holding a letter past
        // ASCII is found from its first such letter, and lower-cased whole if it has a capital.
        let bytes = text.as_bytes();
        let mut p = 0;
        while let Some(at) = next_non_ascii(bytes, p) {
            let Some(c) = text.get(at..).and_then(|r| r.chars().next()) else {
                break;
            };
            p = at + c.len_utf8();
            if general_punct_at(bytes, at) || !c.is_alphabetic() {
                continue;
            }
            let start = word_start(text, at);
            p = letters_end(text, p).0;
            let word = text.get(start..p).unwrap_or("");
            if word.chars().any(char::is_uppercase) {
                let from = forms.len();
                forms.push_str(&word.to_lowercase());
                odd.push((start, from, forms.len()));
            }
        }
        Source {
            text,
            lowered: text.to_ascii_lowercase(),
            odd,
            forms,
        }
    }

    /// The lower-case form of the word `start..end` that holds a letter past ASCII.
    fn odd_word(&self, start: usize, end: usize) -> &str {
        let k = self.odd.partition_point(|&(s, _, _)| s < start);
        match self.odd.get(k) {
            Some(&(s, from, to)) if s == start => self.forms.get(from..to).unwrap_or(""),
            _ => self.text.get(start..end).unwrap_or(""),
        }
    }
}

/// The offset of the first byte past ASCII at or after `from`. Most text is ASCII: it is
/// passed 64 bytes a step by an OR of the bytes, which the compiler vectorizes (a byte loop
/// cost as much as scanning the tokens, `is_ascii` on short chunks a third of that).
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut base = from;
    for chunk in bytes.get(from..)?.chunks(64) {
        if chunk.iter().fold(0, |acc, &b| acc | b) >= 0x80 {
            return chunk.iter().position(|b| !b.is_ascii()).map(|k| base + k);
        }
        base += chunk.len();
    }
    None
}

/// Whether the char at byte `p` is one of U+2010 to U+2027 (E2 80 90 to E2 80 A7 in UTF-8):
/// the dashes, curly quotes and bullets of news prose, which are neither letters nor
/// whitespace nor capitals (a test checks each), so no Unicode table is read for them.
#[inline]
fn general_punct_at(bytes: &[u8], p: usize) -> bool {
    bytes.get(p) == Some(&0xE2)
        && bytes.get(p + 1) == Some(&0x80)
        && bytes.get(p + 2).is_some_and(|c| (0x90..=0xA7).contains(c))
}

/// Where the run of letters that holds byte `at` of `s` starts.
fn word_start(s: &str, at: usize) -> usize {
    let mut start = at;
    while let Some(c) = s.get(..start).and_then(|r| r.chars().next_back()) {
        if !c.is_alphabetic() {
            break;
        }
        start -= c.len_utf8();
    }
    start
}

/// Scans all of the source's text.
pub(crate) fn scan<'a>(src: &'a Source<'_>) -> Vec<Tok<'a>> {
    let mut out = Vec::new();
    scan_into(src, 0, src.text.len(), &mut out);
    out
}

/// Appends the tokens of `text[from..to]` to `out`, with spans into `text`. `from` and `to`
/// must be char boundaries; a token that starts at `from` counts as preceded by a gap, so the
/// tokens of a range cut after whitespace are exactly those a scan of the whole text finds
/// there. Nothing is scanned when the range is not valid.
pub(crate) fn scan_into<'a>(src: &'a Source<'_>, from: usize, to: usize, out: &mut Vec<Tok<'a>>) {
    let text = src.text;
    let Some(slice) = text.get(from..to) else {
        return;
    };
    let lex = lexicon::get();
    let bytes = slice.as_bytes();
    // About a token every five or six bytes of prose: reserved at once rather than grown
    // by doublings, each a copy of the tokens so far (a reused vector is not grown again).
    out.reserve(slice.len() / 5);
    let mut gap = true;
    let mut p = 0;
    while let Some(&b) = bytes.get(p) {
        let i = from + p;
        // ASCII, most of any text, is read byte by byte by its class; other chars are decoded.
        if b.is_ascii() {
            p += 1;
            let class = ascii::class(b);
            if class & SPACE != 0 {
                gap = true;
                continue;
            }
            let (kind, lower) = if class & LETTER != 0 {
                let (end, ascii) = letters_end(slice, p);
                p = end;
                let lower = if ascii {
                    src.lowered.get(i..from + p).unwrap_or("")
                } else {
                    src.odd_word(i, from + p)
                };
                (Kind::Word, lower)
            } else if class & DIGIT != 0 {
                while bytes.get(p).is_some_and(|&b| ascii::class(b) & DIGIT != 0) {
                    p += 1;
                }
                (Kind::Num, slice.get(i - from..p).unwrap_or(""))
            } else {
                // `fold_punct` on ASCII: only the backtick reads as another mark
                let lower = match b {
                    b'-' => "-",
                    b'`' => "'",
                    _ => slice.get(i - from..p).unwrap_or(""),
                };
                (Kind::Punct, lower)
            };
            out.push(Tok {
                start: i,
                end: from + p,
                kind,
                flags: start_flags(lex, kind, lower),
                lower,
                cap: class & UPPER != 0,
                gap,
            });
            gap = false;
            continue;
        }
        let Some(c) = slice.get(p..).and_then(|r| r.chars().next()) else {
            break;
        };
        // A dash or curly quote is a mark: the char tests below are not run on it.
        let mark = general_punct_at(bytes, p);
        p += c.len_utf8();
        if !mark && c.is_whitespace() {
            gap = true;
            continue;
        }
        let (kind, end) = if !mark && c.is_alphabetic() {
            p = letters_end(slice, p).0;
            (Kind::Word, from + p)
        } else {
            (Kind::Punct, i + c.len_utf8())
        };
        let lower = match kind {
            Kind::Word => src.odd_word(i, end),
            _ => fold_punct(c).unwrap_or_else(|| text.get(i..end).unwrap_or("")),
        };
        out.push(Tok {
            start: i,
            end,
            kind,
            flags: start_flags(lex, kind, lower),
            lower,
            cap: !mark && c.is_uppercase(),
            gap,
        });
        gap = false;
    }
}

/// Where the run of letters going on at byte `p` of `s` ends, and whether the letters read
/// from `p` on are all ASCII. Always inlined: as a call (which the compiler chose once the
/// dash test came in) it cost more than it saved.
#[inline(always)]
fn letters_end(s: &str, mut p: usize) -> (usize, bool) {
    let bytes = s.as_bytes();
    let mut ascii = true;
    loop {
        while bytes.get(p).is_some_and(|&b| ascii::class(b) & LETTER != 0) {
            p += 1;
        }
        // An ASCII byte here is no letter, nor is a dash or curly quote: the run ends
        // without decoding a char.
        match bytes.get(p) {
            Some(b) if !b.is_ascii() && !general_punct_at(bytes, p) => {}
            _ => return (p, ascii),
        }
        match s.get(p..).and_then(|r| r.chars().next()) {
            Some(d) if d.is_alphabetic() => {
                ascii = false;
                p += d.len_utf8();
            }
            _ => return (p, ascii),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_dates_and_folds_dashes() {
        let s = "Nov. 15, 2006–07 ’90s";
        let src = Source::new(s);
        let t = scan(&src);
        let l: Vec<&str> = t.iter().map(|t| t.lower).collect();
        assert_eq!(
            l,
            ["nov", ".", "15", ",", "2006", "-", "07", "'", "90", "s"]
        );
        assert!(t[0].cap && t[0].gap && !t[1].gap);
        assert_eq!(t[5].kind, Kind::Punct);
        assert_eq!(&s[t[5].start..t[5].end], "–");
    }

    #[test]
    fn general_punctuation_is_read_as_marks() {
        for c in '\u{2010}'..='\u{2027}' {
            assert!(!c.is_alphabetic() && !c.is_whitespace() && !c.is_uppercase());
            let s = format!("a{c}b {c}");
            assert!(general_punct_at(s.as_bytes(), 1));
            let src = Source::new(&s);
            let t = scan(&src);
            assert_eq!(t.len(), 4, "{c:?}");
            assert!(t[1].kind == Kind::Punct && t[3].kind == Kind::Punct && t[3].gap);
        }
        for c in ['\u{200f}', '\u{2028}', '\u{2029}', 'é', '\u{20ac}'] {
            assert!(!general_punct_at(c.to_string().as_bytes(), 0), "{c:?}");
        }
    }

    #[test]
    fn any_text_is_scanned_on_char_boundaries() {
        let s = "Ünïcode — 日本 2019年 ❤ x";
        for t in scan(&Source::new(s)) {
            assert!(s.get(t.start..t.end).is_some());
        }
    }

    /// The scan as plainly defined, char by char: runs of letters, runs of ASCII digits,
    /// single other chars; whitespace apart.
    fn plain(text: &str) -> Vec<(usize, usize, Kind, String, bool, bool, u8)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = Vec::new();
        let (mut k, mut gap) = (0, true);
        while let Some(&(i, c)) = chars.get(k) {
            k += 1;
            if c.is_whitespace() {
                gap = true;
                continue;
            }
            let kind = if c.is_alphabetic() {
                Kind::Word
            } else if c.is_ascii_digit() {
                Kind::Num
            } else {
                Kind::Punct
            };
            let same = |d: char| match kind {
                Kind::Word => d.is_alphabetic(),
                Kind::Num => d.is_ascii_digit(),
                Kind::Punct => false,
            };
            while chars.get(k).is_some_and(|&(_, d)| same(d)) {
                k += 1;
            }
            let end = chars.get(k).map_or(text.len(), |&(j, _)| j);
            let s = &text[i..end];
            let lower = match kind {
                Kind::Word => s.to_lowercase(),
                Kind::Punct => fold_punct(c).unwrap_or(s).to_string(),
                Kind::Num => s.to_string(),
            };
            let lex = lexicon::get();
            let flags = match kind {
                Kind::Word => lex.starters.get(&lower).unwrap_or(0),
                Kind::Num if lower.len() == 4 => START,
                Kind::Num => START | NEEDS_NEXT,
                Kind::Punct => u8::from(lower == "'") * START,
            };
            out.push((i, end, kind, lower, c.is_uppercase(), gap, flags));
            gap = false;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn scans_as_plainly_defined(
            text in "([a-zA-Z0-9 .,'’‘“”‐‑•–\\-\t\nÉéßİ日\u{a0}\u{2009}\u{2028}]|May |Nov |In |the |two |Q3 ){0,40}"
        ) {
            let got: Vec<_> = scan(&Source::new(&text))
                .into_iter()
                .map(|t| (t.start, t.end, t.kind, t.lower.to_owned(), t.cap, t.gap, t.flags))
                .collect();
            proptest::prop_assert_eq!(got, plain(&text));
        }
    }
}
