//! Hashes for identity and de-duplication: the document id (hash of normalized text), the
//! raw-input hash, and a SimHash fingerprint for near-duplicates.

/// Hex BLAKE3 of raw bytes, truncated to 128 bits.
pub fn bytes_hash(bytes: &[u8]) -> String {
    let h = blake3::hash(bytes);
    hex(&h.as_bytes()[..16])
}

/// The document id: hash of the text with case and whitespace normalized.
///
/// The hashed bytes are each whitespace-separated word lower-cased character by character,
/// followed by one space. They are gathered in a small buffer and hashed in large pieces:
/// one hasher update per character cost more than the hashing itself. Most of a text is
/// ASCII words parted by single spaces, which this layout keeps as they are but lower-cased:
/// such a stretch is taken eight bytes at a time ([`plain_ascii_lowercase`]). Any other byte
/// is classed and lower-cased by one table look-up, and only non-ASCII characters are decoded.
pub fn text_id(text: &str) -> String {
    const FLUSH: usize = 16 << 10;
    let mut hasher = blake3::Hasher::new();
    // A step writes at most 8 bytes (eight at once, or a character lower-cased: at most
    // three characters of four bytes), so the buffer never fills between two flushes.
    let mut buf = vec![0u8; FLUSH + 16];
    let mut o = 0;
    let bytes = text.as_bytes();
    let mut in_word = false;
    let mut chars = [0u8; 4];
    let mut i = 0;
    while i < bytes.len() {
        if o >= FLUSH {
            hasher.update(buf.get(..o).unwrap_or(&[]));
            o = 0;
        }
        let eight = bytes
            .get(i..i + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes);
        if let Some(lower) = eight.and_then(|x| plain_ascii_lowercase(x, in_word)) {
            if let Some(dst) = buf.get_mut(o..o + 8) {
                dst.copy_from_slice(&lower.to_le_bytes());
            }
            in_word = lower >> 56 != u64::from(b' ');
            o += 8;
            i += 8;
            continue;
        }
        // The eight bytes from here are not such a stretch: take them one by one.
        let stop = (i + 8).min(bytes.len());
        while i < stop {
            let Some(&b) = bytes.get(i) else { break };
            match ID_BYTE[usize::from(b)] {
                WHITE => {
                    if in_word {
                        push_at(&mut buf, &mut o, b" ");
                        in_word = false;
                    }
                    i += 1;
                }
                NOT_ASCII => {
                    let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                        break;
                    };
                    if c.is_whitespace() {
                        if in_word {
                            push_at(&mut buf, &mut o, b" ");
                            in_word = false;
                        }
                    } else {
                        for l in c.to_lowercase() {
                            push_at(&mut buf, &mut o, l.encode_utf8(&mut chars).as_bytes());
                        }
                        in_word = true;
                    }
                    i += c.len_utf8();
                }
                lower => {
                    push_at(&mut buf, &mut o, &[lower]);
                    in_word = true;
                    i += 1;
                }
            }
        }
    }
    if in_word {
        push_at(&mut buf, &mut o, b" ");
    }
    hasher.update(buf.get(..o).unwrap_or(&[]));
    hex(&hasher.finalize().as_bytes()[..16])
}

/// Writes `bytes` into `buf` at `*o` and moves `*o` past them, growing `buf` if they do not
/// fit (which the callers' sizing rules out: `buf` is written by index, with room made
/// beforehand, so that the length the compiler checks against stays put).
#[inline(always)]
fn push_at(buf: &mut Vec<u8>, o: &mut usize, bytes: &[u8]) {
    let end = *o + bytes.len();
    if buf.len() < end {
        buf.resize(end, 0);
    }
    if let Some(dst) = buf.get_mut(*o..end) {
        dst.copy_from_slice(bytes);
    }
    *o = end;
}

/// Eight bytes of text (little-endian) that [`text_id`] lays out as they are but
/// lower-cased, lower-cased; `None` for any others. They must be ASCII with no control
/// character (white space other than the space among them), hold no two spaces in a row,
/// and open with a space only right after a word (`in_word`): [`text_id`] drops a space
/// that does not follow a word.
fn plain_ascii_lowercase(x: u64, in_word: bool) -> Option<u64> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    if x & HI != 0 {
        return None;
    }
    // A byte below 0x20 is the first to borrow, so the test is exact for "any".
    if x.wrapping_sub(0x20 * LO) & !x & HI != 0 {
        return None;
    }
    // Bytes of ASCII plus 0x7f carry into their high bit unless zero: the spaces, exactly.
    let spaces = !((x ^ (0x20 * LO)) + 0x7f * LO) & HI;
    if spaces & (spaces >> 8) != 0 || (!in_word && spaces & 0x80 != 0) {
        return None;
    }
    // 'A'..='Z': plus 0x3f reaches the high bit from 'A' on, plus 0x25 from '[' on.
    let upper = (x + 0x3f * LO) & !(x + 0x25 * LO) & HI;
    Some(x | upper >> 2)
}

/// [`text_id`]'s class of each byte: [`WHITE`] for ASCII white space (tab to carriage
/// return, with vertical tab, and space: Unicode white space in ASCII), [`NOT_ASCII`] for a
/// byte of a longer character, and any other ASCII byte lower-cased.
static ID_BYTE: [u8; 256] = {
    let mut t = [NOT_ASCII; 256];
    let mut b = 0u8;
    while b < 0x80 {
        t[b as usize] = if matches!(b, b'\t'..=b'\r' | b' ') {
            WHITE
        } else {
            b.to_ascii_lowercase()
        };
        b += 1;
    }
    t
};
const WHITE: u8 = 0x80;
const NOT_ASCII: u8 = 0xff;

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Words per shingle: long enough that shared boilerplate phrases do not dominate.
const SHINGLE: usize = 4;

/// SimHash over lower-cased 4-word shingles. Two texts that share most shingles land within a
/// few bits of each other (see [`hamming`]); unrelated texts differ in about 32.
///
/// A shingle hashes its words each followed by a space, so the lower-cased words are laid
/// out once in one buffer that way and every shingle is a slice of it: no string per word.
pub fn simhash(text: &str) -> u64 {
    let mut buf: Vec<u8> = Vec::with_capacity(text.len() + 1);
    // Start of each word in `buf`; the word runs to the space before the next start.
    let mut starts: Vec<usize> = Vec::with_capacity(text.len() / 4);
    lowercase_words(text, &mut buf, &mut starts);
    starts.push(buf.len());
    let words = starts.len() - 1;
    let mut counts = BitCounts::new();
    if words < SHINGLE {
        for w in starts.windows(2) {
            counts.add(xxhash_rust::xxh3::xxh3_64(&buf[w[0]..w[1] - 1]));
        }
    } else {
        for i in 0..=words - SHINGLE {
            counts.add(xxhash_rust::xxh3::xxh3_64(
                &buf[starts[i]..starts[i + SHINGLE]],
            ));
        }
    }
    counts.majority()
}

/// How many of the hashes added so far have each of the 64 bits set.
///
/// Counting bit by bit took 64 steps a hash, as many as hashing the shingle. Here a hash's
/// bits go eight at a time into byte-wide counters packed in eight words (`lanes[j]` counts
/// bits `j`, `j + 8`, ... `j + 56`, one per byte), emptied into `ones` before a byte can
/// overflow.
struct BitCounts {
    ones: [u32; 64],
    lanes: [u64; 8],
    /// Hashes in `lanes` not yet emptied into `ones`.
    pending: u32,
    total: u64,
}

impl BitCounts {
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;

    fn new() -> Self {
        Self {
            ones: [0; 64],
            lanes: [0; 8],
            pending: 0,
            total: 0,
        }
    }

    fn add(&mut self, h: u64) {
        for (j, lane) in self.lanes.iter_mut().enumerate() {
            *lane += (h >> j) & Self::LOW_BITS;
        }
        self.total += 1;
        self.pending += 1;
        if self.pending == u32::from(u8::MAX) {
            self.empty_lanes();
        }
    }

    fn empty_lanes(&mut self) {
        for (j, lane) in self.lanes.iter_mut().enumerate() {
            for (k, byte) in lane.to_le_bytes().into_iter().enumerate() {
                self.ones[8 * k + j] += u32::from(byte);
            }
            *lane = 0;
        }
        self.pending = 0;
    }

    /// The fingerprint: bit `b` is set when more hashes have it set than not.
    fn majority(mut self) -> u64 {
        self.empty_lanes();
        self.ones.iter().enumerate().fold(0u64, |acc, (bit, &n)| {
            if 2 * u64::from(n) > self.total {
                acc | 1 << bit
            } else {
                acc
            }
        })
    }
}

/// Calls `f` with each maximal run of alphanumeric characters in `text`, as
/// `text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())` gives them, but
/// deciding ASCII bytes without decoding characters. The definition [`lowercase_words`] is
/// held to.
#[cfg(test)]
pub(crate) fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (alnum, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            text.get(i..)
                .and_then(|rest| rest.chars().next())
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
        };
        if alnum {
            start.get_or_insert(i);
        } else if let Some(word) = start.take().and_then(|s| text.get(s..i)) {
            f(word);
        }
        i += len;
    }
    if let Some(word) = start.and_then(|s| text.get(s..)) {
        f(word);
    }
}

/// Lays out the words of `text` (as [`for_each_word`] finds them) in `buf`, after what it
/// holds, each lower-cased (as [`push_lowercase`] does it) and followed by one space, and
/// pushes the start of each onto `starts`.
///
/// Most of a text is ASCII words parted by single spaces or marks, which this layout keeps
/// in place, lower-cased, with each mark turned into the space: such a stretch is taken
/// eight bytes at a time ([`plain_ascii_words`]). Elsewhere an ASCII byte is classed and
/// lower-cased by one table look-up; only a word holding a non-ASCII character is cut out
/// and lower-cased whole, for the context rules of [`str::to_lowercase`].
///
/// The bytes are written by index into room made beforehand: an ASCII word and its space
/// take the room of the word and of the byte that ended it, so only a non-ASCII word that
/// lower-cases longer needs more.
pub(crate) fn lowercase_words(text: &str, buf: &mut Vec<u8>, starts: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    let mut o = buf.len();
    buf.resize(o + bytes.len() + 1, 0);
    let mut i = 0;
    // Whether the last byte laid out belongs to a word, which then awaits its space.
    let mut in_word = false;
    // Where that word starts, in `text` and in `buf`.
    let (mut word_at, mut word_out) = (0, 0);
    loop {
        let eight = bytes
            .get(i..i + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes);
        if let Some((laid, mut firsts)) = eight.and_then(|x| plain_ascii_words(x, in_word)) {
            while firsts != 0 {
                let k = firsts.trailing_zeros() as usize / 8;
                starts.push(o + k);
                (word_at, word_out) = (i + k, o + k);
                firsts &= firsts - 1;
            }
            push_at(buf, &mut o, &laid.to_le_bytes());
            in_word = laid >> 56 != u64::from(b' ');
            i += 8;
            continue;
        }
        // The eight bytes from here are not such a stretch: take them one by one.
        let stop = i + 8;
        while i < stop {
            let Some(&b) = bytes.get(i) else { break };
            let lower = WORD_BYTE[usize::from(b)];
            let (alnum, len) = if lower == NOT_ASCII {
                alnum_at(text, i)
            } else {
                (lower != NOT_WORD, 1)
            };
            if !alnum {
                if in_word {
                    push_at(buf, &mut o, b" ");
                    in_word = false;
                }
                i += len;
                continue;
            }
            if !in_word {
                starts.push(o);
                (word_at, word_out) = (i, o);
                in_word = true;
            }
            if lower != NOT_ASCII {
                push_at(buf, &mut o, &[lower]);
                i += 1;
                continue;
            }
            // A word with a non-ASCII character, rare: lower-cased whole, for the context
            // rules, and closed here.
            i += len;
            while let (true, len) = alnum_at(text, i) {
                i += len;
            }
            let lower = text.get(word_at..i).unwrap_or("").to_lowercase();
            o = word_out;
            push_at(buf, &mut o, lower.as_bytes());
            push_at(buf, &mut o, b" ");
            in_word = false;
            // Room again for the rest of the text as ASCII.
            let room = o + (bytes.len() - i) + 1;
            if buf.len() < room {
                buf.resize(room, 0);
            }
        }
        if i >= bytes.len() {
            break;
        }
    }
    if in_word {
        push_at(buf, &mut o, b" ");
    }
    buf.truncate(o);
}

/// Eight bytes of text (little-endian) that [`lowercase_words`] lays out in place: the
/// bytes lower-cased with every one that is not an ASCII letter or digit turned into a
/// space, and the mask (high bit of each byte) of the words' first letters among them.
/// `None` unless all eight are ASCII, no two marks are next to each other (a run of them is
/// one space), and the first is not a mark unless it follows a word (`in_word`): a mark
/// that does not close a word is dropped.
fn plain_ascii_words(x: u64, in_word: bool) -> Option<(u64, u64)> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    if x & HI != 0 {
        return None;
    }
    // For ASCII bytes, adding `0x80 - lo` reaches the high bit from `lo` on; no byte
    // carries into the next.
    let at_least = |v: u64, lo: u8| v + u64::from(0x80 - lo) * LO;
    let upper = at_least(x, b'A') & !at_least(x, b'Z' + 1) & HI;
    let lower = x | upper >> 2;
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    let marks = !(letter | digit) & HI;
    if marks & (marks >> 8) != 0 || (!in_word && marks & 0x80 != 0) {
        return None;
    }
    // Each mark byte all ones, to swap it for a space.
    let mark_bytes = (marks >> 7) * 0xff;
    let laid = (lower & !mark_bytes) | (mark_bytes & (0x20 * LO));
    let after_mark = marks << 8 | if in_word { 0 } else { 0x80 };
    Some((laid, !marks & HI & after_mark))
}

/// Whether the character at byte `i` of `text` is alphanumeric, and its length in bytes
/// (1 past the end, or at a position that is not a character's start, where it is false).
fn alnum_at(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes().get(i).map(|&b| WORD_BYTE[usize::from(b)]) {
        Some(NOT_ASCII) => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        Some(l) => (l != NOT_WORD, 1),
        None => (false, 1),
    }
}

/// [`lowercase_words`]' class of each byte: an ASCII letter or digit lower-cased,
/// [`NOT_WORD`] for any other ASCII byte, [`NOT_ASCII`] for a byte of a longer character
/// (both above any ASCII byte, so one comparison finds the end of a run).
static WORD_BYTE: [u8; 256] = {
    let mut t = [NOT_ASCII; 256];
    let mut b = 0u8;
    while b < 0x80 {
        t[b as usize] = if b.is_ascii_alphanumeric() {
            b.to_ascii_lowercase()
        } else {
            NOT_WORD
        };
        b += 1;
    }
    t
};
const NOT_WORD: u8 = 0x80;

/// Appends `word` lower-cased as [`str::to_lowercase`] does it (the rare non-ASCII word goes
/// through it, for its context rules such as a word-final sigma): the plain form of what
/// [`lowercase_words`] writes for each word.
#[cfg(test)]
pub(crate) fn push_lowercase(buf: &mut Vec<u8>, word: &str) {
    if word.is_ascii() {
        buf.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
    } else {
        buf.extend_from_slice(word.to_lowercase().as_bytes());
    }
}

/// Number of differing bits between two fingerprints.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Fingerprints this close or closer are near-duplicates. With 4-word shingles this admits
/// an edited lead or a changed footer, not a different article on the same topic.
pub const NEAR_DUPLICATE_BITS: u32 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "The upper house of parliament rejected the bill to send four officers \
        abroad, two weeks after the lower house had approved it by a wide margin. Senators \
        said public opinion was against the deployment and the country should stay neutral. \
        The president may still override their objections and sign the bill into law.";

    /// The straightforward forms the fast ones must agree with, byte for byte.
    fn text_id_reference(text: &str) -> String {
        let mut hasher = blake3::Hasher::new();
        for word in text.split_whitespace() {
            for c in word.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                hasher.update(c.encode_utf8(&mut buf).as_bytes());
            }
            hasher.update(b" ");
        }
        hex(&hasher.finalize().as_bytes()[..16])
    }

    fn simhash_reference(text: &str) -> u64 {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut weights = [0i32; 64];
        let mut add = |h: u64| {
            for (bit, w) in weights.iter_mut().enumerate() {
                *w += if h >> bit & 1 == 1 { 1 } else { -1 };
            }
        };
        if words.len() < SHINGLE {
            for w in &words {
                add(xxhash_rust::xxh3::xxh3_64(w.as_bytes()));
            }
        } else {
            for window in words.windows(SHINGLE) {
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                for w in window {
                    h.update(w.as_bytes());
                    h.update(b" ");
                }
                add(h.digest());
            }
        }
        weights.iter().enumerate().fold(
            0u64,
            |acc, (bit, &w)| if w > 0 { acc | 1 << bit } else { acc },
        )
    }

    /// Mostly ASCII words, as most texts are, with the stretches that break the eight-byte
    /// steps: runs of spaces, line breaks and tabs, punctuation, non-ASCII letters and marks.
    const PROSE: &str = "([A-Za-z0-9]{1,9}( | |  |\n\n|\t|, |’|Σ|İ|é|\u{a0}|\u{85}|\u{1c})){0,60}";

    #[test]
    fn fast_hashes_match_the_reference_on_awkward_text() {
        let long = A.repeat(300);
        // One "word" longer than the buffer text_id hashes in pieces.
        let unbroken = "AbÇ.d".repeat(8000);
        for t in [
            "",
            " ",
            "one",
            "one two three",
            "one two three four",
            A,
            long.as_str(),
            unbroken.as_str(),
            "ΟΔΟΣ ΟΔΟΣ'Α İstanbul ǅemal ß \u{b}x\u{1c}y\u{85}z\u{a0}w\u{3000}v",
            "Tab\tnew\nline\r\u{c}feed\u{b}vt  ÀÉÎ õü 東京 ١٢٣",
        ] {
            assert_eq!(text_id(t), text_id_reference(t), "{t:?}");
            assert_eq!(simhash(t), simhash_reference(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn words_match_the_plain_split(t in "(?s).{0,200}") {
            let mut fast = Vec::new();
            for_each_word(&t, |w| fast.push(w));
            let plain: Vec<&str> = t
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(fast, plain);
        }

        #[test]
        fn word_layout_matches_word_by_word(
            t in "(?s).{0,200}",
            u in "[a-zA-Z0-9 ΣσςİıÄ.,'\t\n\u{b}\u{85}\u{a0}]{0,200}",
            v in PROSE,
            kept in "[a-z ]{0,5}",
        ) {
            for t in [&t, &u, &v] {
                // Words are laid out after what the buffer already holds.
                let (mut buf, mut starts) = (kept.clone().into_bytes(), Vec::new());
                lowercase_words(t, &mut buf, &mut starts);
                let (mut plain, mut plain_starts) = (kept.clone().into_bytes(), Vec::new());
                for_each_word(t, |w| {
                    plain_starts.push(plain.len());
                    push_lowercase(&mut plain, w);
                    plain.push(b' ');
                });
                proptest::prop_assert_eq!(&buf, &plain);
                proptest::prop_assert_eq!(&starts, &plain_starts);
            }
        }

        #[test]
        fn fast_hashes_match_the_reference(
            t in "(?s).{0,300}",
            u in "[a-zA-Z ΣσİıÄ.,'\t\n\u{b}\u{85}\u{a0}]{0,300}",
            v in PROSE,
        ) {
            for t in [&t, &u, &v] {
                proptest::prop_assert_eq!(text_id(t), text_id_reference(t));
                proptest::prop_assert_eq!(simhash(t), simhash_reference(t));
            }
        }

        #[test]
        fn eight_bytes_at_once_as_one_by_one(
            bytes in proptest::array::uniform8(proptest::sample::select(
                b"aZ09 ,\t\n\x0b\x1c\x7f@[`{\xc3\xa9".to_vec(),
            )),
            in_word: bool,
        ) {
            // Byte by byte: every byte ASCII other than white space and control
            // characters, or a space right after a word.
            let mut after_word = in_word;
            let taken = bytes.iter().all(|&b| {
                let ok = b.is_ascii() && (b > b' ' || (b == b' ' && after_word));
                after_word = b != b' ';
                ok
            });
            let expected = taken.then(|| u64::from_le_bytes(bytes.map(|b| b.to_ascii_lowercase())));
            let x = u64::from_le_bytes(bytes);
            proptest::prop_assert_eq!(plain_ascii_lowercase(x, in_word), expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn eight_word_bytes_at_once_as_one_by_one(
            bytes in proptest::array::uniform8(proptest::sample::select(
                b"aZq09 ,.\t\n@[`{\x7f\xc3\xa9".to_vec(),
            )),
            in_word: bool,
        ) {
            // Byte by byte: a mark right after a mark, or opening the eight outside a
            // word, or a non-ASCII byte, is not taken; a letter after a mark (or opening
            // the eight outside a word) starts a word.
            let mut expected = Some(([0u8; 8], 0u64));
            let mut after_word = in_word;
            for (k, &b) in bytes.iter().enumerate() {
                let Some((laid, firsts)) = expected.as_mut() else { break };
                let alnum = b.is_ascii_alphanumeric();
                if !b.is_ascii() || (!alnum && !after_word) {
                    expected = None;
                    break;
                }
                laid[k] = if alnum { b.to_ascii_lowercase() } else { b' ' };
                if alnum && !after_word {
                    *firsts |= 0x80 << (8 * k);
                }
                after_word = alnum;
            }
            let expected = expected.map(|(laid, firsts)| (u64::from_le_bytes(laid), firsts));
            proptest::prop_assert_eq!(plain_ascii_words(u64::from_le_bytes(bytes), in_word), expected);
        }
    }

    #[test]
    fn text_id_ignores_case_and_whitespace() {
        assert_eq!(text_id("Hello  World\n"), text_id("hello world"));
        assert_ne!(text_id("hello world"), text_id("hello worlds"));
    }

    #[test]
    fn simhash_is_close_for_near_copies_and_far_for_other_texts() {
        let edited = A.replace("wide margin", "large margin");
        assert!(hamming(simhash(A), simhash(&edited)) <= 12);
        let other = "Troops from six member states began joint exercises near the border on \
            Monday, the defence ministry said, with observers from two neighbouring countries \
            invited to watch the drills over the coming week.";
        assert!(hamming(simhash(A), simhash(other)) > 12);
    }
}
