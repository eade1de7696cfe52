//! A small word scanner shared by the quantity and quote annotators: words, numbers,
//! punctuation and symbols with byte spans, plus how much whitespace came before each.
//! It reads the text itself so the annotators do not depend on how sentences were split.

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
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Lower-cased text, curly apostrophes straightened.
    pub lower: String,
    /// Whitespace precedes this token.
    pub space_before: bool,
    /// Newlines in the whitespace before this token (2+ = paragraph break).
    pub newlines_before: u32,
}

impl Tok {
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
        text.get(self.start..self.end)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    }
}

/// Scans `text[start..end]` into tokens. `start` and `end` must be char boundaries.
pub(crate) fn scan(text: &str, start: usize, end: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let Some(slice) = text.get(start..end) else {
        return out;
    };
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut i = 0;
    let mut space = true;
    let mut newlines = 0u32;
    while i < chars.len() {
        let (off, c) = chars[i];
        if c.is_whitespace() {
            space = true;
            if c == '\n' {
                newlines += 1;
            }
            i += 1;
            continue;
        }
        let s = start + off;
        let mut j = i + 1;
        let kind = if c.is_ascii_digit() {
            // Digits; "," needs three digits after it, "." one digit.
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_ascii_digit() {
                    j += 1;
                } else if d == ','
                    && j + 3 < chars.len() + 1
                    && (1..=3).all(|k| chars.get(j + k).is_some_and(|x| x.1.is_ascii_digit()))
                    && !chars.get(j + 4).is_some_and(|x| x.1.is_ascii_digit())
                {
                    j += 4;
                } else if d == '.' && chars.get(j + 1).is_some_and(|x| x.1.is_ascii_digit()) {
                    j += 2;
                } else {
                    break;
                }
            }
            Kind::Number
        } else if c.is_alphabetic() {
            while j < chars.len() {
                let d = chars[j].1;
                let next_alpha = chars.get(j + 1).is_some_and(|x| x.1.is_alphabetic());
                if d.is_alphabetic() {
                    j += 1;
                } else if (d == '\u{2019}' || d == '\'' || d == '-' || d == '.') && next_alpha {
                    // Inner apostrophe or hyphen; a dot only between single letters ("U.S").
                    if d == '.' {
                        let prev_single = j >= 2 && !chars[j - 2].1.is_alphabetic()
                            || j == 1
                            || j >= 2 && chars[j - 2].1 == '.';
                        let next_single = !chars.get(j + 2).is_some_and(|x| x.1.is_alphabetic());
                        if !(prev_single && next_single) {
                            break;
                        }
                    }
                    j += 1;
                } else {
                    break;
                }
            }
            Kind::Word
        } else {
            Kind::Punct
        };
        let e = if j < chars.len() {
            start + chars[j].0
        } else {
            end
        };
        let raw = &text[s..e];
        let lower = if kind == Kind::Word {
            if raw.is_ascii() {
                raw.to_ascii_lowercase()
            } else {
                raw.to_lowercase().replace('\u{2019}', "'")
            }
        } else {
            raw.to_string()
        };
        out.push(Tok {
            start: s,
            end: e,
            kind,
            lower,
            space_before: space,
            newlines_before: newlines,
        });
        space = false;
        newlines = 0;
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        scan(t, 0, t.len())
            .iter()
            .map(|k| &t[k.start..k.end])
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
            let _ = scan(t, 0, t.len());
        }
    }
}
