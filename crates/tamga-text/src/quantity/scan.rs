//! A small word scanner shared by the quantity and quote annotators: words, numbers,
//! punctuation and symbols with byte spans, plus how much whitespace came before each.
//! It reads the text itself so the annotators do not depend on how sentences were split.

use crate::ascii::{self, DIGIT, LETTER, MARK, SPACE};

/// What a scanned piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, with inner apostrophes, hyphens and abbreviation dots ("U.S", "Cote d’Ivoire").
    Word,
    /// Digits with thousands separators and a decimal part ("20,000", "14.5").
    Number,
    /// One punctuation or symbol character.
    Punct,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    pub start: u32,
    pub end: u32,
    pub kind: Kind,
    /// Lower-cased text, curly apostrophes straightened: a slice of the text (numbers and
    /// marks) or of the scan's [`Lowers`], so a scan allocates little and a token stays small
    /// (a document has millions).
    pub lower: &'a str,
    /// Whitespace precedes this token.
    pub space_before: bool,
    /// Newlines in the whitespace before this token (2+ = paragraph break).
    pub newlines_before: u32,
    /// A word joined by a hyphen ("twenty-five"): its parts are read only then. It fits in
    /// the token's padding.
    pub hyphen: bool,
}

impl Tok<'_> {
    /// The token without its borrowed form: maps an emptied vector to another lifetime in
    /// place (the same layout), keeping its memory.
    fn unborrowed<'b>(self) -> Tok<'b> {
        Tok { lower: "", ..self }
    }
    /// The span as byte offsets (stored as u32: a document has millions of tokens).
    pub fn start(&self) -> usize {
        self.start as usize
    }
    pub fn end(&self) -> usize {
        self.end as usize
    }
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn is_number(&self) -> bool {
        self.kind == Kind::Number
    }
    pub fn is_punct(&self, c: &str) -> bool {
        self.kind == Kind::Punct && self.lower == c
    }
    /// The token's first character is upper case.
    pub fn is_capitalized(&self, text: &str) -> bool {
        text.get(self.start()..self.end())
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    }
}

/// The lower-case forms the tokens of a scan borrow, kept between scans for their memory.
#[derive(Debug, Default)]
pub(crate) struct Lowers {
    /// The scanned text with its ASCII capitals lowered (same offsets): every word whose
    /// letters are ASCII borrows its form here, with no test for capitals, no copy of its own
    /// and no fix-up after the scan.
    block: String,
    /// The forms of words with letters past ASCII or curly apostrophes.
    forms: String,
}

/// Scans `text[start..end]` into tokens. `start` and `end` must be char boundaries. The
/// tokens borrow their lower-case forms from `lowers` (cleared first).
///
/// Reads ASCII bytes by their class ([`ascii::class`]) and decodes only other chars, with a few
/// chars of look-ahead, without a per-char buffer: on a large document such a buffer (16 bytes
/// a char) cost more in fresh memory than the scan.
pub(crate) fn scan<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    lowers: &'a mut Lowers,
) -> Vec<Tok<'a>> {
    scan_reusing(text, start, end, lowers, Vec::new())
}

/// [`scan`] into the memory of `store`, the tokens of an earlier scan (dropped): a document
/// scanned a block at a time reuses one vector instead of fresh memory for each block.
pub(crate) fn scan_reusing<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    lowers: &'a mut Lowers,
    store: Vec<Tok<'_>>,
) -> Vec<Tok<'a>> {
    let Lowers { block, forms } = lowers;
    block.clear();
    forms.clear();
    // Spans are u32: a text past 4 GB (far beyond any ingest limit) is not scanned.
    let Some(slice) = text.get(start..end).filter(|_| u32::try_from(end).is_ok()) else {
        return Vec::new();
    };
    // One pass lowers the whole block (a copy the compiler vectorizes), where each capitalized
    // word was copied and lowered on its own and fixed up after the scan.
    block.push_str(slice);
    block.make_ascii_lowercase();
    let block: &'a str = block;
    // Tokens whose form is in `forms`: index, and range in `forms`.
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    let bytes = slice.as_bytes();
    // The tokens borrow this scan's `lowers`, not the earlier one's: an empty vector of the
    // new lifetime, collected in place, keeps the allocation.
    let mut store = store;
    store.clear();
    let mut out: Vec<Tok<'a>> = store.into_iter().map(Tok::unborrowed).collect();
    // About one token every five bytes of news prose: growing the vector would copy it.
    out.reserve(slice.len() / 5 + 1);
    // Byte offset in `slice`.
    let mut p = 0;
    let mut space = true;
    let mut newlines = 0u32;
    // `end` fits in a u32 (checked above), and so does every offset up to it.
    let at = |offset: usize| (start + offset) as u32;
    while let Some(&b) = bytes.get(p) {
        // ASCII bytes are classed by one table read; only other chars are decoded.
        let class = ascii::class(b);
        if class & SPACE != 0 {
            space = true;
            newlines += u32::from(b == b'\n');
            p += 1;
            continue;
        }
        // The common tokens are made here: a run of ASCII letters that ends at a byte that
        // cannot join ("said ", "it,"), a number, an ASCII mark. The rest go out of line to
        // `general_token`, so that this loop keeps its variables in registers.
        let common = if class & LETTER != 0 {
            // A search of the rest as a slice of its own keeps the loop's pointers in registers.
            let rest = bytes.get(p + 1..).unwrap_or_default();
            let run = rest
                .iter()
                .position(|&c| ascii::class(c) & LETTER == 0)
                .unwrap_or(rest.len());
            let q = p + 1 + run;
            let plain_end = bytes
                .get(q)
                .is_none_or(|&c| c.is_ascii() && !matches!(c, b'\'' | b'-' | b'.'));
            plain_end.then(|| (q, Kind::Word, block.get(p..q).unwrap_or_default(), false))
        } else if class & DIGIT != 0 {
            let mut q = p + 1;
            read_number(bytes, &mut q);
            Some((q, Kind::Number, slice.get(p..q).unwrap_or_default(), false))
        } else if class & MARK != 0 {
            Some((
                p + 1,
                Kind::Punct,
                slice.get(p..p + 1).unwrap_or_default(),
                false,
            ))
        } else {
            None
        };
        let (q, kind, lower, hyphen) = match common {
            Some(t) => t,
            None => match general_token(slice, block, p, forms, &mut pending, out.len()) {
                General::End => break,
                General::Space(next) => {
                    space = true;
                    p = next;
                    continue;
                }
                General::Token(end, kind, lower, hyphen) => (end, kind, lower, hyphen),
            },
        };
        out.push(Tok {
            start: at(p),
            end: at(q),
            kind,
            lower,
            space_before: space,
            newlines_before: newlines,
            hyphen,
        });
        space = false;
        newlines = 0;
        p = q;
    }
    // The forms are complete: the ASCII letters among them are lower-cased in one pass (the
    // forms lower-cased with `to_lowercase` have no ASCII capital left), and the tokens can
    // borrow them now.
    forms.make_ascii_lowercase();
    let forms: &'a String = forms;
    for (k, from, to) in pending {
        if let (Some(t), Some(l)) = (out.get_mut(k), forms.get(from..to)) {
            t.lower = l;
        }
    }
    out
}

/// Whether a run of ASCII letters that reaches byte `q` ends there as a word, as [`read_word`]
/// would end it: at a joiner (`'`, `-`, `.`) followed by an ASCII byte that is no letter, or
/// by nothing ("said.", "one-"). A joiner joins only letters.
#[inline]
fn ends_at_joiner(bytes: &[u8], q: usize) -> bool {
    matches!(bytes.get(q), Some(b'\'' | b'-' | b'.'))
        && bytes
            .get(q + 1)
            .is_none_or(|&d| d.is_ascii() && ascii::class(d) & LETTER == 0)
}

/// What [`general_token`] found at a byte offset.
enum General<'a> {
    /// Whitespace past ASCII, up to the given offset.
    Space(usize),
    /// A token: its end, kind, lower-case form ("" when left in the forms, to be borrowed
    /// after the scan) and whether it is a hyphenated word.
    Token(usize, Kind, &'a str, bool),
    /// Not on a char boundary: the scan stops.
    End,
}

/// The token at `p` that the scan loop does not make itself: a word with joiners or letters
/// past ASCII, an apostrophe, a char past ASCII. An ASCII word borrows its lower-case form
/// from `block` (the slice lower-cased); the form of another word goes to `forms` for token
/// number `index`.
#[inline(never)]
fn general_token<'a>(
    slice: &'a str,
    block: &'a str,
    p: usize,
    forms: &mut String,
    pending: &mut Vec<(usize, usize, usize)>,
    index: usize,
) -> General<'a> {
    let bytes = slice.as_bytes();
    let Some(&b) = bytes.get(p) else {
        return General::End;
    };
    // The curly quotes and dashes of news prose (U+2010 to U+2027, E2 80 90 to E2 80 A7 in
    // UTF-8) are marks, neither letters nor whitespace: no char test is run on them.
    if b == 0xE2
        && bytes.get(p + 1) == Some(&0x80)
        && bytes.get(p + 2).is_some_and(|c| (0x90..=0xA7).contains(c))
    {
        let raw = slice.get(p..p + 3).unwrap_or_default();
        return General::Token(p + 3, Kind::Punct, raw, false);
    }
    let class = ascii::class(b);
    // The scan loop sends a run of ASCII letters here when a joiner follows it; most such
    // words end a sentence ("said."), and are made without the general read.
    if class & LETTER != 0 {
        let run = bytes
            .get(p + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&c| ascii::class(c) & LETTER != 0)
            .count();
        let q = p + 1 + run;
        if ends_at_joiner(bytes, q) {
            return General::Token(q, Kind::Word, block.get(p..q).unwrap_or_default(), false);
        }
    }
    // End of the token so far (byte offset in `slice`).
    let mut q = p + 1;
    // A word's letters are all ASCII: set while the word is read, so its lower-case form
    // needs no second look at it.
    let (mut ascii, mut hyphen) = (true, false);
    let kind = if class & DIGIT != 0 {
        read_number(bytes, &mut q);
        Kind::Number
    } else if class & LETTER != 0 {
        read_word(slice, &mut q, &mut ascii, &mut hyphen);
        Kind::Word
    } else if b.is_ascii() {
        Kind::Punct
    } else {
        let Some(c) = slice.get(p..).and_then(|r| r.chars().next()) else {
            return General::End;
        };
        if c.is_whitespace() {
            return General::Space(p + c.len_utf8());
        }
        q = p + c.len_utf8();
        if c.is_alphabetic() {
            ascii = false;
            read_word(slice, &mut q, &mut ascii, &mut hyphen);
            Kind::Word
        } else {
            Kind::Punct
        }
    };
    let raw = slice.get(p..q).unwrap_or_default();
    let lower = if kind != Kind::Word {
        raw
    } else if ascii {
        block.get(p..q).unwrap_or_default()
    } else if raw.chars().all(|c| c.is_ascii() || c == '\u{2019}') {
        // ASCII letters with curly apostrophes ("Kazakhstan’s"): the apostrophes are
        // straightened here, the letters lower-cased with the forms at the scan's end.
        let from = forms.len();
        for (i, part) in raw.split('\u{2019}').enumerate() {
            if i > 0 {
                forms.push('\'');
            }
            forms.push_str(part);
        }
        pending.push((index, from, forms.len()));
        ""
    } else {
        let from = forms.len();
        forms.push_str(&raw.to_lowercase().replace('\u{2019}', "'"));
        pending.push((index, from, forms.len()));
        ""
    };
    General::Token(q, kind, lower, hyphen)
}

/// Reads the rest of a number whose first digit ends before `q`: digits; "," needs three
/// digits after it, "." one digit.
fn read_number(bytes: &[u8], q: &mut usize) {
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    loop {
        match bytes.get(*q) {
            Some(b'0'..=b'9') => *q += 1,
            Some(b',') => {
                if (1..=3).all(|k| digit_at(*q + k)) && !digit_at(*q + 4) {
                    *q += 4;
                } else {
                    break;
                }
            }
            Some(b'.') if digit_at(*q + 1) => *q += 2,
            _ => break,
        }
    }
}

/// Reads the rest of a word whose first letter ends before `q`: letters, with inner
/// apostrophes and hyphens, and dots between single letters ("U.S"). Clears `ascii` at a
/// letter past ASCII and sets `hyphen` at a hyphen.
fn read_word(slice: &str, q: &mut usize, ascii: &mut bool, hyphen: &mut bool) {
    let bytes = slice.as_bytes();
    loop {
        // A run of ASCII letters first: nothing in it can end the word.
        while bytes
            .get(*q)
            .is_some_and(|&b| ascii::class(b) & LETTER != 0)
        {
            *q += 1;
        }
        // Most words end at an ASCII byte that cannot join ("said ", "it,"): done
        // without decoding the chars ahead.
        match bytes.get(*q) {
            None => break,
            Some(&b) if b.is_ascii() && !matches!(b, b'\'' | b'-' | b'.') => break,
            _ => {}
        }
        let Some(mut ahead) = slice.get(*q..).map(str::chars) else {
            break;
        };
        let Some(d) = ahead.next() else {
            break;
        };
        let next_alpha = ahead.next().is_some_and(char::is_alphabetic);
        // A joiner is no letter: its test comes first, sparing the Unicode table lookup.
        if matches!(d, '\u{2019}' | '\'' | '-' | '.') || !d.is_alphabetic() {
            // Inner apostrophe or hyphen; a dot only between single letters ("U.S").
            let joiner = matches!(d, '\u{2019}' | '\'' | '-' | '.') && next_alpha;
            if !joiner {
                break;
            }
            if d == '.' {
                // The char before the word's last one (or before the word): read
                // only here, where it decides, not kept for every char.
                let last2 = slice.get(..*q).and_then(|r| r.chars().rev().nth(1));
                let prev_single = !last2.is_some_and(char::is_alphabetic);
                let next_single = !ahead.next().is_some_and(char::is_alphabetic);
                if !(prev_single && next_single) {
                    break;
                }
            }
        }
        // A non-ASCII letter is lower-cased with the rest of the word below; an
        // ASCII joiner has no case.
        *ascii &= d.is_ascii();
        *hyphen |= d == '-';
        *q += d.len_utf8();
    }
}

/// Drops the tokens and keeps their memory, free of any borrow, for [`scan_reusing`].
pub(crate) fn recycle(toks: Vec<Tok<'_>>) -> Vec<Tok<'static>> {
    let mut toks = toks;
    toks.clear();
    toks.into_iter().map(Tok::unborrowed).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        scan(t, 0, t.len(), &mut Lowers::default())
            .iter()
            .map(|k| &t[k.start()..k.end()])
            .collect()
    }

    #[test]
    fn numbers_words_and_symbols() {
        assert_eq!(
            texts("$14.5 million, 20,000 troops; U.S. aid 40%."),
            vec![
                "$", "14.5", "million", ",", "20,000", "troops", ";", "U.S", ".", "aid", "40", "%",
                "."
            ]
        );
        assert_eq!(
            texts("Cote d’Ivoire F-16s 1.2bn"),
            vec!["Cote", "d’Ivoire", "F", "-", "16", "s", "1.2", "bn"]
        );
        // A dot joins single letters only.
        assert_eq!(
            texts("U.S.A. ab.cd e.g. x"),
            vec!["U.S.A", ".", "ab", ".", "cd", "e.g", ".", "x"]
        );
    }

    #[test]
    fn the_marks_read_without_char_tests_are_marks() {
        // `general_token` makes these a mark of their own without asking.
        for c in '\u{2010}'..='\u{2027}' {
            assert!(!c.is_whitespace() && !c.is_alphabetic(), "{c:?}");
            let t = c.to_string();
            let mut lowers = Lowers::default();
            let toks = scan(&t, 0, t.len(), &mut lowers);
            assert_eq!(toks.len(), 1);
            assert!(toks
                .first()
                .is_some_and(|k| k.kind == Kind::Punct && k.lower == t));
        }
    }

    #[test]
    fn a_token_stays_small() {
        // A document has millions of tokens.
        assert_eq!(std::mem::size_of::<Tok>(), 32);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "",
            "1,",
            "1.",
            ",,,",
            "é1,000é",
            "9,99",
            "\u{201c}\u{201d}",
            "a.b.c.",
        ] {
            let _ = scan(t, 0, t.len(), &mut Lowers::default());
        }
    }

    /// A token as the reference scanner gives it: its lower-case form made outright.
    #[derive(Debug, PartialEq)]
    struct Plain {
        start: usize,
        end: usize,
        kind: Kind,
        lower: String,
        space_before: bool,
        newlines_before: u32,
        hyphen: bool,
    }

    impl Plain {
        fn of(t: &Tok<'_>) -> Plain {
            Plain {
                start: t.start as usize,
                end: t.end as usize,
                kind: t.kind,
                lower: t.lower.to_owned(),
                space_before: t.space_before,
                newlines_before: t.newlines_before,
                hyphen: t.hyphen,
            }
        }
    }

    /// The scanner as it was before it read bytes by their class (its lower-case forms made
    /// outright rather than in a side buffer): the property test below holds the scanner to
    /// its tokens on any text.
    fn reference(text: &str, start: usize, end: usize) -> Vec<Plain> {
        // Spans are u32: a text past 4 GB (far beyond any ingest limit) is not scanned.
        let Some(slice) = text.get(start..end).filter(|_| u32::try_from(end).is_ok()) else {
            return Vec::new();
        };
        let bytes = slice.as_bytes();
        let mut out = Vec::new();
        // Byte offset in `slice`.
        let mut p = 0;
        let mut space = true;
        let mut newlines = 0u32;
        while p < bytes.len() {
            // ASCII bytes are read as they are; only other chars are decoded.
            let b = bytes[p];
            // A space, the commonest byte between tokens, is passed with one test.
            if b == b' ' {
                space = true;
                p += 1;
                continue;
            }
            let c = if b.is_ascii() {
                char::from(b)
            } else {
                match slice.get(p..).and_then(|r| r.chars().next()) {
                    Some(c) => c,
                    None => break,
                }
            };
            if c.is_whitespace() {
                space = true;
                if c == '\n' {
                    newlines += 1;
                }
                p += c.len_utf8();
                continue;
            }
            let s = start + p;
            // End of the token so far (byte offset in `slice`).
            let mut q = p + c.len_utf8();
            let mut hyphen = false;
            let kind = if c.is_ascii_digit() {
                // Digits; "," needs three digits after it, "." one digit.
                let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
                loop {
                    match bytes.get(q) {
                        Some(b'0'..=b'9') => q += 1,
                        Some(b',') => {
                            if (1..=3).all(|k| digit_at(q + k)) && !digit_at(q + 4) {
                                q += 4;
                            } else {
                                break;
                            }
                        }
                        Some(b'.') if digit_at(q + 1) => q += 2,
                        _ => break,
                    }
                }
                Kind::Number
            } else if c.is_alphabetic() {
                loop {
                    // A run of ASCII letters first: nothing in it can end the word.
                    while let Some(&b) = bytes.get(q) {
                        if !b.is_ascii_alphabetic() {
                            break;
                        }
                        q += 1;
                    }
                    // Most words end at an ASCII byte that cannot join ("said ", "it,"): done
                    // without decoding the chars ahead.
                    match bytes.get(q) {
                        None => break,
                        Some(&b) if b.is_ascii() && !matches!(b, b'\'' | b'-' | b'.') => break,
                        _ => {}
                    }
                    let mut ahead = slice[q..].chars();
                    let Some(d) = ahead.next() else {
                        break;
                    };
                    let next_alpha = ahead.next().is_some_and(char::is_alphabetic);
                    if !d.is_alphabetic() {
                        // Inner apostrophe or hyphen; a dot only between single letters ("U.S").
                        let joiner = matches!(d, '\u{2019}' | '\'' | '-' | '.') && next_alpha;
                        if !joiner {
                            break;
                        }
                        if d == '.' {
                            // The char before the word's last one (or before the word): read
                            // only here, where it decides, not kept for every char.
                            let last2 = slice.get(..q).and_then(|r| r.chars().rev().nth(1));
                            let prev_single = !last2.is_some_and(char::is_alphabetic);
                            let next_single = !ahead.next().is_some_and(char::is_alphabetic);
                            if !(prev_single && next_single) {
                                break;
                            }
                        }
                    }
                    hyphen |= d == '-';
                    q += d.len_utf8();
                }
                Kind::Word
            } else {
                Kind::Punct
            };
            let raw = &slice[p..q];
            // A word's lower-case form, with the curly apostrophe as a straight one.
            let lower = if kind == Kind::Word {
                raw.to_lowercase().replace('\u{2019}', "'")
            } else {
                raw.to_owned()
            };
            out.push(Plain {
                start: s,
                end: start + q,
                kind,
                lower,
                space_before: space,
                newlines_before: newlines,
                hyphen,
            });
            space = false;
            newlines = 0;
            p = q;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn same_tokens_as_the_char_scanner(
            t in "([a-zA-Z0-9 ,.'\u{2019}\u{a0}\n\t\u{b}\u{1c}-]|[é$€%\u{201c}\u{201d}\u{85}\u{2028}Ωß])*"
        ) {
            let mut lowers = Lowers::default();
            let fast = scan(&t, 0, t.len(), &mut lowers);
            let fast: Vec<Plain> = fast.iter().map(Plain::of).collect();
            proptest::prop_assert_eq!(fast, reference(&t, 0, t.len()));
        }
    }
}
