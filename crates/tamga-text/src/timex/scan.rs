//! A small scanner for the time-expression grammar: words, digit runs and single punctuation
//! marks with byte spans. Independent of the crate's tokenizer so that "Nov." or "8/24/2005"
//! split the same way whatever the sentence splitter did.

use std::borrow::Cow;

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
    /// folded to `-` and `'`.
    pub lower: Cow<'a, str>,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Whitespace (or the text start) precedes it.
    pub gap: bool,
}

fn fold_punct(c: char) -> Option<&'static str> {
    Some(match c {
        '-' | '–' | '‐' | '‑' => "-",
        '\'' | '’' | '‘' | '`' => "'",
        _ => return None,
    })
}

/// Scans all of `text`; `lowered` is `text.to_ascii_lowercase()`.
pub(crate) fn scan<'a>(text: &'a str, lowered: &'a str) -> Vec<Tok<'a>> {
    let mut out = Vec::new();
    scan_into(text, lowered, 0, text.len(), &mut out);
    out
}

/// Appends the tokens of `text[from..to]` to `out`, with spans into `text`. `from` and `to`
/// must be char boundaries; a token that starts at `from` counts as preceded by a gap, so the
/// tokens of a range cut after whitespace are exactly those a scan of the whole text finds
/// there. Nothing is scanned when the range is not valid.
///
/// `lowered` is `text.to_ascii_lowercase()` (the same length and char boundaries), made once
/// by the caller: an ASCII word's lower-case form is its slice, not a string of its own for
/// each capitalized word.
pub(crate) fn scan_into<'a>(
    text: &'a str,
    lowered: &'a str,
    from: usize,
    to: usize,
    out: &mut Vec<Tok<'a>>,
) {
    let Some(slice) = text.get(from..to) else {
        return;
    };
    if lowered.len() != text.len() {
        return;
    }
    let bytes = slice.as_bytes();
    // ASCII bytes are taken as they are; only other chars are decoded.
    let char_at = |p: usize| match bytes.get(p) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => slice.get(p..).and_then(|r| r.chars().next()),
    };
    let mut gap = true;
    let mut p = 0;
    while let Some(c) = char_at(p) {
        let i = from + p;
        p += c.len_utf8();
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        let (kind, end) = if c.is_alphabetic() {
            loop {
                while bytes.get(p).is_some_and(u8::is_ascii_alphabetic) {
                    p += 1;
                }
                match char_at(p) {
                    Some(d) if d.is_alphabetic() => p += d.len_utf8(),
                    _ => break,
                }
            }
            (Kind::Word, from + p)
        } else if c.is_ascii_digit() {
            while bytes.get(p).is_some_and(u8::is_ascii_digit) {
                p += 1;
            }
            (Kind::Num, from + p)
        } else {
            (Kind::Punct, i + c.len_utf8())
        };
        let s = &text[i..end];
        let lower: Cow<'_, str> = match kind {
            Kind::Word if s.is_ascii() => match lowered.get(i..end) {
                Some(l) => Cow::Borrowed(l),
                None => Cow::Owned(s.to_ascii_lowercase()),
            },
            Kind::Word if s.chars().any(char::is_uppercase) => Cow::Owned(s.to_lowercase()),
            Kind::Punct => fold_punct(c).map_or(Cow::Borrowed(s), Cow::Borrowed),
            _ => Cow::Borrowed(s),
        };
        out.push(Tok {
            start: i,
            end,
            kind,
            lower,
            cap: c.is_uppercase(),
            gap,
        });
        gap = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_dates_and_folds_dashes() {
        let s = "Nov. 15, 2006–07 ’90s";
        let lowered = s.to_ascii_lowercase();
        let t = scan(s, &lowered);
        let l: Vec<&str> = t.iter().map(|t| t.lower.as_ref()).collect();
        assert_eq!(
            l,
            ["nov", ".", "15", ",", "2006", "-", "07", "'", "90", "s"]
        );
        assert!(t[0].cap && t[0].gap && !t[1].gap);
        assert_eq!(t[5].kind, Kind::Punct);
        assert_eq!(&s[t[5].start..t[5].end], "–");
    }

    #[test]
    fn any_text_is_scanned_on_char_boundaries() {
        let s = "Ünïcode — 日本 2019年 ❤ x";
        let lowered = s.to_ascii_lowercase();
        for t in scan(s, &lowered) {
            assert!(s.get(t.start..t.end).is_some());
        }
    }
}
