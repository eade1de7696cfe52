//! The comment conventions all PETRARCH dictionaries share: `#` to the end of the line,
//! `<!-- ... -->` (possibly over several lines), lines starting with `<!`, blank lines.
//! Yields the remaining content of each line with its 1-based number and its `#` comment.

use std::borrow::Cow;

/// One line with content left after comments were removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    pub no: usize,
    /// Content, comments removed, trailing blanks trimmed (leading ones kept): a slice of the
    /// text unless an inline XML comment was cut out of it.
    pub text: Cow<'a, str>,
    /// What followed the first `#`, trimmed (verb patterns keep their hint verb there).
    pub comment: Option<&'a str>,
}

/// `s` cut to its first `n` bytes (`n` is a char boundary of `s`).
fn cut(s: Cow<'_, str>, n: usize) -> Cow<'_, str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(b.get(..n).unwrap_or(b)),
        Cow::Owned(mut o) => {
            o.truncate(n);
            Cow::Owned(o)
        }
    }
}

/// Splits `text` into content lines. `semicolon` also treats `;` after a blank (or at the
/// start of a line) as a comment, as TABARI did and PETRARCH's documentation still shows.
pub(crate) fn content_lines(text: &str, semicolon: bool) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        let mut rest: &str = raw;
        if in_block {
            match rest.find("-->") {
                Some(j) => {
                    in_block = false;
                    rest = rest.get(j + 3..).unwrap_or("");
                }
                None => continue,
            }
        }
        // `#` comments first: an XML comment opener after a `#` is commented out itself.
        let (body, comment) = match comment_start(rest) {
            Some(j) => (
                rest.get(..j).unwrap_or(""),
                rest.get(j + 1..).map(str::trim),
            ),
            None => (rest, None),
        };
        let mut s: Cow<'_, str> = Cow::Borrowed(body);
        // Inline and opening XML comments.
        while let Some(j) = xml_open(&s) {
            let after = s.get(j + 4..).unwrap_or("");
            match after.find("-->") {
                Some(k) => {
                    let mut joined = String::with_capacity(s.len());
                    joined.push_str(s.get(..j).unwrap_or(""));
                    joined.push_str(after.get(k + 3..).unwrap_or(""));
                    s = Cow::Owned(joined);
                }
                None => {
                    s = cut(s, j);
                    // A `#` comment on the opening line cannot close the block.
                    in_block = true;
                    break;
                }
            }
        }
        // `<! -- ... -->` and other `<!` declarations: the whole line is a comment.
        if s.trim_start().starts_with("<!") {
            continue;
        }
        if semicolon {
            if let Some(j) = semicolon_comment(&s) {
                s = cut(s, j);
            }
        }
        let trimmed_len = s.trim_end().len();
        s = cut(s, trimmed_len);
        if s.trim_start().is_empty() {
            continue;
        }
        out.push(Line {
            no,
            text: s,
            comment: comment.filter(|c| !c.is_empty()),
        });
    }
    out
}

/// The first `<!--` of `s`, as `s.find("<!--")`: most lines hold no `<`, and `find` builds a
/// substring searcher for every line before it looks (≈10 M instructions over the bundled
/// files).
fn xml_open(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(k) = b.get(from..)?.iter().position(|&c| c == b'<') {
        let at = from + k;
        if b.get(at..at + 4) == Some(b"<!--") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The first `#` outside `[...]`: TABARI's discard code `[###]` is not a comment. The three
/// are ASCII, so bytes are read rather than chars.
fn comment_start(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &c) in s.as_bytes().iter().enumerate() {
        match c {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'#' if depth == 0 => return Some(j),
            _ => {}
        }
    }
    None
}

fn semicolon_comment(s: &str) -> Option<usize> {
    // Most lines hold no `;`: one byte search turns them away before the walk by chars.
    if !s.as_bytes().contains(&b';') {
        return None;
    }
    let mut prev_blank = true;
    for (j, c) in s.char_indices() {
        if c == ';' && prev_blank {
            return Some(j);
        }
        prev_blank = c.is_whitespace();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<(usize, String)> {
        content_lines(t, true)
            .into_iter()
            .map(|l| (l.no, l.text.into_owned()))
            .collect()
    }

    #[test]
    fn strips_hash_xml_and_semicolon_comments() {
        let t = "# header\n\nA [X] # note\n<!-- one -->\nB <!-- in --> C\n<!-- open\nhidden\n-->D\n<! -- odd -->\nE ; tabari\nF;G\n";
        assert_eq!(
            texts(t),
            vec![
                (3, "A [X]".to_string()),
                (5, "B  C".to_string()),
                (8, "D".to_string()),
                (10, "E".to_string()),
                (11, "F;G".to_string()),
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn xml_open_finds_what_find_finds(s in "[<!\\-a]{0,16}") {
            proptest::prop_assert_eq!(xml_open(&s), s.find("<!--"));
        }
    }

    #[test]
    fn keeps_the_hash_comment_and_leading_blanks() {
        let l = content_lines(
            "\t[AFGGOV 791227-861124]  # CountryInfo.txt\n- * X  [###]  # pas",
            false,
        );
        assert_eq!(l[0].text, "\t[AFGGOV 791227-861124]");
        assert_eq!(l[0].comment, Some("CountryInfo.txt"));
        assert_eq!(l[1].text, "- * X  [###]");
    }
}
