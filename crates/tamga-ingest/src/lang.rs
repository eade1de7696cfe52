//! Document language: a declared tag reduced to ISO 639-1, or detection from the text
//! (whatlang, trigram statistics, offline) when the page declares nothing.

/// A declared language tag reduced to its ISO 639-1 primary subtag (`en-US` → `en`).
pub fn normalize(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// Detects the language of a text as an ISO 639-1 code, when detection is reliable.
pub fn detect(text: &str) -> Option<String> {
    // A few KiB decide the language as well as the whole text does, at a fraction of the cost.
    let sample = text.get(..text.floor_char_boundary(4096)).unwrap_or(text);
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    iso639_1(info.lang().code()).map(str::to_owned)
}

/// whatlang speaks ISO 639-3; the rest of tamga (and HTML `lang`) speaks ISO 639-1.
fn iso639_1(code3: &str) -> Option<&'static str> {
    const MAP: &[(&str, &str)] = &[
        ("afr", "af"),
        ("aka", "ak"),
        ("amh", "am"),
        ("ara", "ar"),
        ("aze", "az"),
        ("bel", "be"),
        ("ben", "bn"),
        ("bul", "bg"),
        ("cat", "ca"),
        ("ces", "cs"),
        ("cmn", "zh"),
        ("cym", "cy"),
        ("dan", "da"),
        ("deu", "de"),
        ("ell", "el"),
        ("eng", "en"),
        ("epo", "eo"),
        ("est", "et"),
        ("fin", "fi"),
        ("fra", "fr"),
        ("guj", "gu"),
        ("heb", "he"),
        ("hin", "hi"),
        ("hrv", "hr"),
        ("hun", "hu"),
        ("hye", "hy"),
        ("ind", "id"),
        ("ita", "it"),
        ("jav", "jv"),
        ("jpn", "ja"),
        ("kan", "kn"),
        ("kat", "ka"),
        ("khm", "km"),
        ("kor", "ko"),
        ("lat", "la"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("mal", "ml"),
        ("mar", "mr"),
        ("mkd", "mk"),
        ("mya", "my"),
        ("nep", "ne"),
        ("nld", "nl"),
        ("nob", "nb"),
        ("ori", "or"),
        ("pan", "pa"),
        ("pes", "fa"),
        ("pol", "pl"),
        ("por", "pt"),
        ("ron", "ro"),
        ("rus", "ru"),
        ("sin", "si"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("sna", "sn"),
        ("spa", "es"),
        ("srp", "sr"),
        ("swe", "sv"),
        ("tam", "ta"),
        ("tel", "te"),
        ("tgl", "tl"),
        ("tha", "th"),
        ("tuk", "tk"),
        ("tur", "tr"),
        ("ukr", "uk"),
        ("urd", "ur"),
        ("uzb", "uz"),
        ("vie", "vi"),
        ("yid", "yi"),
        ("zul", "zu"),
    ];
    MAP.iter()
        .find(|(three, _)| *three == code3)
        .map(|(_, two)| *two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_reduce_to_primary_subtag() {
        assert_eq!(normalize("en-US").as_deref(), Some("en"));
        assert_eq!(normalize("ru_RU").as_deref(), Some("ru"));
        assert_eq!(normalize("english"), None);
    }

    #[test]
    fn detects_english_and_russian_as_two_letter_codes() {
        let en = "The parliament rejected the bill to send troops abroad after a long debate \
            in the committees, and the senators said public opinion was against it.";
        let ru = "Парламент отклонил законопроект об отправке войск за границу после долгих \
            обсуждений в комитетах, и сенаторы заявили, что общественное мнение было против.";
        assert_eq!(detect(en).as_deref(), Some("en"));
        assert_eq!(detect(ru).as_deref(), Some("ru"));
    }
}
