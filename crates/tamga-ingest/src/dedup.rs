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
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A declared language tag reduced to its ISO 639-1 primary subtag (`en-US` → `en`).
pub fn normalize_lang(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// Detects the language of a text, as an ISO 639-1 code, when detection is reliable.
pub fn detect_lang(text: &str) -> Option<String> {
    let sample = text.get(..text.floor_char_boundary(4096)).unwrap_or(text);
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    Some(info.lang().code().to_owned())
}
