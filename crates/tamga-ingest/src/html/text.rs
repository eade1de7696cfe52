//! Character-level clean-up of HTML text: entity decoding and whitespace folding, so every
//! block reaches the model as single-spaced plain text.

/// Appends `raw` (HTML text, entities not yet decoded) to `out`, folding every whitespace run
/// (including no-break spaces) into one space. `out` never starts with a space.
///
/// Reads bytes, not characters: everything it acts on is ASCII or the no-break space's two
/// bytes, and the text between is copied a run at a time. A single space after a word, the
/// most common byte it acts on, is what folding would write anyway, so it stays in the run;
/// a longer run of white space (the line breaks and indentation between tags) is skipped
/// whole before its one space is written. Inside a run, eight bytes at a time are checked for
/// anything but plain bytes and single spaces ([`skip_run`]).
pub fn push_normalized(out: &mut String, raw: &str) {
    let bytes = raw.as_bytes();
    // Start of the run of bytes not yet copied to `out`.
    let mut copied = 0;
    let mut i = 0;
    loop {
        if i > copied {
            i = skip_run(bytes, i);
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
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

/// Where the run of bytes [`push_normalized`] copies as they are, from `i` inside it (so
/// `bytes[i - 1]` is in the run), may end: the first byte, read eight at a time, that is an
/// ASCII control, `&`, the lead byte `0xc2` of a no-break space (and of other characters) or
/// a space after a space. Bytes left over at the end are left to the byte loop, and so is
/// every byte found here, which it reads as before (a control other than white space, or a
/// `0xc2` leading another character, it just steps over).
fn skip_run(bytes: &[u8], mut i: usize) -> usize {
    let mut prev_space = i.checked_sub(1).and_then(|p| bytes.get(p)) == Some(&b' ');
    while let Some(x) = word_at(bytes, i) {
        let spaces = bytes_equal(x, b' ');
        let low7 = x & !HI;
        let control = !(low7 + LO * (0x80 - 0x20)) & !x & HI;
        let doubled = spaces & (spaces << 8 | u64::from(prev_space) << 7);
        let stop = control | bytes_equal(x, b'&') | bytes_equal(x, 0xc2) | doubled;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        prev_space = x >> 56 == u64::from(b' ');
        i += 8;
    }
    i
}

/// The high bit of each byte of `x` that equals `b`, the other bits clear (exact: the test
/// adds to the low seven bits of a byte only).
fn bytes_equal(x: u64, b: u8) -> u64 {
    let t = x ^ (LO * u64::from(b));
    !(((t & !HI) + LO * 0x7f) | t) & HI
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
/// breaks and indentation) are skipped by bytes, eight at a time, the rest left to
/// `str::trim`. Text that is all white space is read once, not from both ends.
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

/// `trim(s).len()`, inlined where every text node of a page is measured: most are either
/// short runs of white space between tags (settled by a byte loop) or text with a plain
/// ASCII byte at each end (nothing to trim); the rest go to [`trim`].
#[inline]
pub fn trimmed_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return 0;
    };
    // Above the space and ASCII: neither ASCII nor Unicode white space.
    let plain = |b: u8| b > b' ' && b.is_ascii();
    if plain(first) && plain(last) {
        return bytes.len();
    }
    if bytes.len() <= 16 && bytes.iter().all(|&b| is_white(b)) {
        return 0;
    }
    trim(s).len()
}

/// ASCII white space as [`str::trim`] reads it.
fn is_white(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is not ASCII white space ([`is_white`]), the other
/// bits clear. Each test adds to the low seven bits of a byte only, so no carry crosses into
/// the next byte.
fn not_white_mask(x: u64) -> u64 {
    let low7 = x & !HI;
    // Zero exactly where the byte is a space; adding 0x7f sets the high bit of every other.
    let space = low7 ^ (LO * 0x20);
    let not_space = space + LO * 0x7f;
    // `\t`..=`\r`: at least 9 and below 14.
    let control = (low7 + LO * (0x80 - 9)) & !(low7 + LO * (0x80 - 14));
    // A byte with its high bit set is never ASCII white space.
    (not_space & !control | x) & HI
}

/// Eight bytes of `bytes` from `at`, if there are that many.
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at.checked_add(8)?)?;
    <[u8; 8]>::try_from(chunk).ok().map(u64::from_le_bytes)
}

/// How many bytes of ASCII white space `bytes` starts with.
fn white_prefix(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(x) = word_at(bytes, i) {
        let stop = not_white_mask(x);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| is_white(b)) {
        i += 1;
    }
    i
}

/// How many bytes of ASCII white space `bytes` ends with.
fn white_suffix(bytes: &[u8]) -> usize {
    let mut end = bytes.len();
    while let Some(x) = end.checked_sub(8).and_then(|at| word_at(bytes, at)) {
        let stop = not_white_mask(x);
        if stop != 0 {
            // The last byte that is not white space is the highest flagged one.
            let last = end - 8 + (63 - stop.leading_zeros() as usize) / 8;
            return bytes.len() - (last + 1);
        }
        end -= 8;
    }
    while end > 0 && bytes.get(end - 1).is_some_and(|&b| is_white(b)) {
        end -= 1;
    }
    bytes.len() - end
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

    proptest::proptest! {
        /// Longer plain runs, so that the eight-byte steps meet every kind of byte at every
        /// position of a step.
        #[test]
        fn byte_scan_matches_the_char_scan_on_long_runs(
            prefix in "[a ]{0,2}",
            raw in "([a-z]{1,12}( |  |\n|&amp;|\u{a0}|\u{a9}|\u{1}|\t|é|, )){0,12}",
        ) {
            let (mut fast, mut slow) = (prefix.clone(), prefix);
            push_normalized(&mut fast, &raw);
            push_normalized_reference(&mut slow, &raw);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn bytes_equal_flags_exactly_the_equal_bytes() {
        for b in 0..=255u8 {
            for c in [b' ', b'&', 0xc2, 0, 0x80, 0xff] {
                for at in 0..8 {
                    let mut word = [b'x'; 8];
                    word[at] = b;
                    let found = bytes_equal(u64::from_le_bytes(word), c);
                    let expected = (0..8)
                        .filter(|&j| word[j] == c)
                        .fold(0u64, |m, j| m | 0x80 << (8 * j));
                    assert_eq!(found, expected, "{b:#x} at {at} for {c:#x}");
                }
            }
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

    proptest::proptest! {
        /// Long runs of white space, so that the eight-byte steps meet every byte position.
        #[test]
        fn trim_agrees_with_str_trim_on_indentation(
            s in "[ \t\n\r\u{b}\u{c}]{0,30}[a\u{1f}\u{e}\u{8}\u{a0}é!~\u{7f}\u{85} ]{0,3}[ \t\n\r\u{b}\u{c}]{0,30}",
        ) {
            proptest::prop_assert_eq!(trim(&s), s.trim());
        }
    }

    #[test]
    fn white_masks_match_every_byte() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'x'; 8];
                word[at] = b;
                let stop = not_white_mask(u64::from_le_bytes(word));
                let expected = !is_white(b);
                assert_eq!(stop & (0x80 << (8 * at)) != 0, expected, "{b:#x} at {at}");
                assert_eq!(stop.count_ones(), 7 + u32::from(expected));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn trimmed_len_is_the_trimmed_length(
            s in "[ \t\n\r\u{b}\u{c}\u{1f}!a\u{a0}\u{85}\u{3000}é]{0,24}|(?s).{0,24}",
        ) {
            proptest::prop_assert_eq!(trimmed_len(&s), s.trim().len());
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
