//! Hashes for identity and de-duplication: the document id (hash of normalized text), the
//! raw-input hash, and a SimHash fingerprint for near-duplicates.

/// Hex BLAKE3 of raw bytes, truncated to 128 bits.
pub fn bytes_hash(bytes: &[u8]) -> String {
    let h = blake3::hash(bytes);
    hex(&h.as_bytes()[..16])
}

/// The document id: hash of the text with case and whitespace normalized.
pub fn text_id(text: &str) -> String {
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
pub fn simhash(text: &str) -> u64 {
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
