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
/// one hasher update per character cost more than the hashing itself. ASCII bytes, most of
/// any text, are classed and lower-cased by one table look-up; only the rest is decoded.
pub fn text_id(text: &str) -> String {
    const FLUSH: usize = 16 << 10;
    let mut hasher = blake3::Hasher::new();
    let mut buf: Vec<u8> = Vec::with_capacity(FLUSH + 64);
    let bytes = text.as_bytes();
    let mut in_word = false;
    let mut chars = [0u8; 4];
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match ID_BYTE[usize::from(b)] {
            WHITE => {
                if in_word {
                    buf.push(b' ');
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
                        buf.push(b' ');
                        in_word = false;
                    }
                } else {
                    for l in c.to_lowercase() {
                        buf.extend_from_slice(l.encode_utf8(&mut chars).as_bytes());
                    }
                    in_word = true;
                }
                i += c.len_utf8();
            }
            lower => {
                buf.push(lower);
                in_word = true;
                i += 1;
            }
        }
        if buf.len() >= FLUSH {
            hasher.update(&buf);
            buf.clear();
        }
    }
    if in_word {
        buf.push(b' ');
    }
    hasher.update(&buf);
    hex(&hasher.finalize().as_bytes()[..16])
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

/// Lays out the words of `text` (as [`for_each_word`] finds them) in `buf`, each lower-cased
/// (as [`push_lowercase`] does it) and followed by one space, and pushes the start of each
/// onto `starts`.
///
/// One pass over the bytes: an ASCII letter or digit is classed and lower-cased by one table
/// look-up as it is read, so the word is never sliced and copied again; only a word holding
/// a non-ASCII character is cut out and lower-cased whole, for the context rules of
/// [`str::to_lowercase`].
pub(crate) fn lowercase_words(text: &str, buf: &mut Vec<u8>, starts: &mut Vec<usize>) {
    // Filled as a local: pushing through the reference stored the length back every byte.
    let mut out = std::mem::take(buf);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (alnum, len) = alnum_at(text, i);
        if !alnum {
            i += len;
            continue;
        }
        let start = i;
        let at = out.len();
        starts.push(at);
        let mut ascii = true;
        loop {
            while let Some(&lower) = bytes
                .get(i)
                .map(|&b| &WORD_BYTE[usize::from(b)])
                .filter(|&&l| l < NOT_WORD)
            {
                out.push(lower);
                i += 1;
            }
            match alnum_at(text, i) {
                (true, len) => {
                    ascii = false;
                    i += len;
                }
                (false, _) => break,
            }
        }
        if !ascii {
            out.truncate(at);
            push_lowercase(&mut out, text.get(start..i).unwrap_or(""));
        }
        out.push(b' ');
    }
    *buf = out;
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
/// through it, for its context rules such as a word-final sigma).
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
        fn word_layout_matches_word_by_word(t in "(?s).{0,200}", u in "[a-zA-Z0-9 ΣσςİıÄ.,'\t\n\u{b}\u{85}\u{a0}]{0,200}") {
            for t in [&t, &u] {
                let (mut buf, mut starts) = (Vec::new(), Vec::new());
                lowercase_words(t, &mut buf, &mut starts);
                let (mut plain, mut plain_starts) = (Vec::new(), Vec::new());
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
        fn fast_hashes_match_the_reference(t in "(?s).{0,300}", u in "[a-zA-Z ΣσİıÄ.,'\t\n\u{b}\u{85}\u{a0}]{0,300}") {
            proptest::prop_assert_eq!(text_id(&t), text_id_reference(&t));
            proptest::prop_assert_eq!(simhash(&t), simhash_reference(&t));
            proptest::prop_assert_eq!(text_id(&u), text_id_reference(&u));
            proptest::prop_assert_eq!(simhash(&u), simhash_reference(&u));
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
