//! Character-level clean-up of HTML text: entity decoding and whitespace folding, so every
//! block reaches the model as single-spaced plain text.

/// Appends `raw` (HTML text, entities not yet decoded) to `out`, folding every whitespace run
/// (including no-break spaces) into one space. `out` never starts with a space.
///
/// Reads bytes, not characters: everything it acts on is ASCII or the no-break space's two
/// bytes, and the text between is copied a run at a time. A single space after a word, the
/// most common byte it acts on, is what folding would write anyway, so it stays in the run;
/// a longer run of white space (the line breaks and indentation between tags) is skipped
/// whole before its one space is written.
pub fn push_normalized(out: &mut String, raw: &str) {
    let bytes = raw.as_bytes();
    // Start of the run of bytes not yet copied to `out`.
    let mut copied = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match BYTE_CLASS[usize::from(b)] {
            PLAIN => {
                i += 1;
                continue;
            }
            SPACE if b == b' ' && i > copied && bytes.get(i.wrapping_sub(1)) != Some(&b' ') => {
                i += 1;
                continue;
            }
            NBSP_LEAD if bytes.get(i + 1) != Some(&0xa0) => {
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push_str(raw.get(copied..i).unwrap_or(""));
        if b == b'&' {
            match raw.get(i + 1..).and_then(decode_entity) {
                Some((c, used)) => {
                    push_char(out, c);
                    i += 1 + used;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            }
        } else {
            i += white_space_len(bytes.get(i..).unwrap_or(&[]));
            push_space(out);
        }
        copied = i;
    }
    out.push_str(raw.get(copied..).unwrap_or(""));
}

/// The length of the run of white space (ASCII or no-break spaces) that `bytes` starts with.
fn white_space_len(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += match BYTE_CLASS[usize::from(b)] {
            SPACE => 1,
            NBSP_LEAD if bytes.get(i + 1) == Some(&0xa0) => 2,
            _ => break,
        };
    }
    i
}

/// [`push_normalized`]'s class of each byte: [`SPACE`] for the ASCII white space it folds,
/// [`NBSP_LEAD`] for the first byte of a no-break space (and of other characters),
/// [`AMPERSAND`], and [`PLAIN`] for every byte copied as it is.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    t[b' ' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[0x0c] = SPACE;
    t[0xc2] = NBSP_LEAD;
    t[b'&' as usize] = AMPERSAND;
    t
};
const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const NBSP_LEAD: u8 = 2;
const AMPERSAND: u8 = 3;

fn push_char(out: &mut String, c: char) {
    if c.is_whitespace() {
        push_space(out);
    } else if !matches!(c, '\u{200b}' | '\u{feff}' | '\u{ad}') {
        out.push(c);
    }
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Decodes and whitespace-normalizes a whole string, trimmed.
pub fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    push_normalized(&mut out, raw);
    trim_end_space(&mut out);
    out
}

/// [`str::trim`], faster on the common text between tags: runs of ASCII white space (line
/// breaks and indentation) are skipped by bytes, eight spaces or tabs a step where the
/// indentation is deep, the rest left to `str::trim`. Text that is all white space is read
/// once, not from both ends.
pub fn trim(s: &str) -> &str {
    let bytes = s.as_bytes();
    let start = white_prefix(bytes);
    let end = bytes.len() - white_suffix(bytes.get(start..).unwrap_or(&[]));
    // ASCII bytes are character boundaries, so both cuts are valid; what is left may still
    // begin or end with non-ASCII white space, which `str::trim` handles. When it begins and
    // ends with ASCII bytes, those are not white space and there is nothing more to cut.
    match s.get(start..end) {
        Some(inner)
            if inner.bytes().next().is_none_or(|b| b.is_ascii())
                && inner.bytes().next_back().is_none_or(|b| b.is_ascii()) =>
        {
            inner
        }
        Some(inner) => inner.trim(),
        None => s.trim(),
    }
}

/// ASCII white space as [`str::trim`] reads it.
fn is_white(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Whether eight bytes are all spaces or all tabs: a step of deep indentation.
fn indentation(chunk: &[u8]) -> bool {
    chunk == b"        " || chunk == b"\t\t\t\t\t\t\t\t"
}

/// How many bytes of ASCII white space `bytes` starts with.
fn white_prefix(bytes: &[u8]) -> usize {
    let mut i = 0;
    loop {
        if bytes.get(i..i + 8).is_some_and(indentation) {
            i += 8;
        } else if bytes.get(i).is_some_and(|&b| is_white(b)) {
            i += 1;
        } else {
            return i;
        }
    }
}

/// How many bytes of ASCII white space `bytes` ends with.
fn white_suffix(bytes: &[u8]) -> usize {
    let mut end = bytes.len();
    loop {
        if end >= 8 && bytes.get(end - 8..end).is_some_and(indentation) {
            end -= 8;
        } else if end > 0 && bytes.get(end - 1).is_some_and(|&b| is_white(b)) {
            end -= 1;
        } else {
            return bytes.len() - end;
        }
    }
}

pub fn trim_end_space(s: &mut String) {
    while s.ends_with(' ') {
        s.pop();
    }
}

/// Decodes one entity whose `&` has been consumed; returns the character and the number of
/// bytes used from `s` (including a terminating `;` when present).
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b'#') {
        let (radix, start) = match bytes.get(1) {
            Some(b'x' | b'X') => (16, 2),
            _ => (10, 1),
        };
        let digits = bytes[start..]
            .iter()
            .take(8)
            .take_while(|b| b.is_ascii_hexdigit() && (radix == 16 || b.is_ascii_digit()))
            .count();
        if digits == 0 {
            return None;
        }
        let code = u32::from_str_radix(&s[start..start + digits], radix).ok()?;
        let mut used = start + digits;
        if bytes.get(used) == Some(&b';') {
            used += 1;
        }
        // Windows-1252 code points written as numeric references are common on old pages.
        let c = match code {
            0x91 | 0x92 => '\u{2019}',
            0x93 | 0x94 => '\u{201d}',
            0x96 => '\u{2013}',
            0x97 => '\u{2014}',
            0x85 => '\u{2026}',
            0 => '\u{fffd}',
            _ => char::from_u32(code).unwrap_or('\u{fffd}'),
        };
        return Some((c, used));
    }
    let name_len = bytes
        .iter()
        .take(10)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    let c = named_entity(&s[..name_len])?;
    let mut used = name_len;
    if bytes.get(used) == Some(&b';') {
        used += 1;
    }
    Some((c, used))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ensp" | "emsp" | "thinsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "dagger" => '†',
        "prime" => '′',
        "Prime" => '″',
        "shy" => '\u{ad}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "iexcl" => '¡',
        "iquest" => '¿',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "szlig" => 'ß',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Iacute" => 'Í',
        "Ntilde" => 'Ñ',
        "Oacute" => 'Ó',
        "Ouml" => 'Ö',
        "Uacute" => 'Ú',
        "Uuml" => 'Ü',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character form [`push_normalized`] must agree with.
    fn push_normalized_reference(out: &mut String, raw: &str) {
        let mut rest = raw;
        while !rest.is_empty() {
            match rest.find(['&', ' ', '\n', '\t', '\r', '\u{a0}', '\u{c}']) {
                None => {
                    out.push_str(rest);
                    break;
                }
                Some(i) => {
                    out.push_str(&rest[..i]);
                    let tail = &rest[i..];
                    if let Some(after) = tail.strip_prefix('&') {
                        match decode_entity(after) {
                            Some((c, used)) => {
                                push_char(out, c);
                                rest = &after[used..];
                            }
                            None => {
                                out.push('&');
                                rest = after;
                            }
                        }
                    } else {
                        push_space(out);
                        let c_len = tail.chars().next().map_or(1, char::len_utf8);
                        rest = &tail[c_len..];
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_matches_the_char_scan(
            prefix in "[a \u{a0}]{0,2}",
            parts in proptest::collection::vec(
                "[a-zA-Z0-9 ;#&\n\t\r\u{b}\u{c}\u{a0}\u{85}\u{2028}éÂ東]{0,12}|&(amp|nbsp|#x?[0-9a-fA-F]{0,9}|shy|bogus|ensp);?",
                0..12,
            ),
        ) {
            let raw: String = parts.concat();
            let (mut fast, mut slow) = (prefix.clone(), prefix);
            push_normalized(&mut fast, &raw);
            push_normalized_reference(&mut slow, &raw);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn decodes_entities_and_folds_whitespace() {
        assert_eq!(
            normalize("  Tom &amp; Jerry&nbsp;&#8217;s\n\t&#x2014; &bogus; &#99999999999; x "),
            "Tom & Jerry ’s — &bogus; \u{fffd}999; x"
        );
        assert_eq!(normalize("a&lt;b&gt;c &quot;d&quot"), "a<b>c \"d\"");
        assert_eq!(normalize("&"), "&");
        assert_eq!(normalize("&#"), "&#");
        assert_eq!(normalize("\u{a0}\u{a0}"), "");
    }

    proptest::proptest! {
        #[test]
        fn trim_agrees_with_str_trim_on_any_text(
            s in "[ \t\n\r\u{b}\u{c}\u{e}\u{8}\u{1f}!a\u{a0}\u{85}\u{3000}é]{0,80}|(?s).{0,80}",
        ) {
            proptest::prop_assert_eq!(trim(&s), s.trim());
        }
    }

    #[test]
    fn trim_agrees_with_str_trim() {
        for s in [
            "",
            " ",
            "\n\t  ",
            "a",
            " a ",
            "\u{a0}x\u{3000}",
            " \u{85} y \u{b}",
            "\u{b}\u{c}z\r\n",
            "é ",
            " ü\u{2028}",
            "\n                                  x\t\t\t\t\t\t\t\t\t ",
            "                \t\t\t\t\t\t\t\t\n",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }
}
