//! Classes of ASCII bytes, one table read each, for the scanners' byte-at-a-time paths (the
//! tokenizer's fast paths, the quantity scanner and the time scanner): where a byte's class
//! decides, no char is decoded and no char test is run.

/// ASCII whitespace, as `char::is_whitespace` has it (tab to carriage return, and space).
pub(crate) const SPACE: u8 = 1;
pub(crate) const LOWER: u8 = 2;
pub(crate) const UPPER: u8 = 4;
pub(crate) const LETTER: u8 = LOWER | UPPER;
pub(crate) const DIGIT: u8 = 8;
pub(crate) const ALNUM: u8 = LETTER | DIGIT;
/// Every other ASCII byte but the apostrophe, which may start a clitic ("'s") and so is no
/// mark of its own kind.
pub(crate) const MARK: u8 = 16;

static CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\t'..=b'\r' | b' ' => SPACE,
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'0'..=b'9' => DIGIT,
            b'\'' => 0,
            _ => MARK,
        };
        b += 1;
    }
    table
};

/// The class of `b`: one of the constants above, or 0 for the apostrophe and every byte past
/// ASCII (which the callers decode).
#[inline]
pub(crate) fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_agree_with_the_char_tests() {
        for b in 0..=255u8 {
            let c = class(b);
            let ch = char::from(b);
            assert_eq!(c == SPACE, b.is_ascii() && ch.is_whitespace(), "{b}");
            assert_eq!(c == LOWER, b.is_ascii_lowercase(), "{b}");
            assert_eq!(c == UPPER, b.is_ascii_uppercase(), "{b}");
            assert_eq!(c == DIGIT, b.is_ascii_digit(), "{b}");
            let mark =
                b.is_ascii() && b != b'\'' && !ch.is_whitespace() && !b.is_ascii_alphanumeric();
            assert_eq!(c == MARK, mark, "{b}");
        }
    }
}
