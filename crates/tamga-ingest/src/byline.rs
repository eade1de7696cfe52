//! Author names from a byline or an author field, shared by the HTML metadata reader and the
//! plain-text header reader: "By Jane Doe and John Roe, Staff Writer" → ["Jane Doe", "John Roe"].

use regex::Regex;
use std::sync::LazyLock;

static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|written by|author:|authors:|words by|von|par|por)\s+")
        .expect("static regex")
});
/// Ends a byline's name list: a parenthesis, a separator, a date, a "for/in/at Place" tail.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(?:[(|•·\[]|\s[–—-]\s|\d|\s(?:on|for|in|at)\s+\p{Lu}|(?i:\bupdated\b|\bpublished\b|\bposted\b)).*$")
        .expect("static regex")
});
static SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:[,;&|]|\band\b)\s*").expect("static regex"));

/// Words that name a role or a desk rather than a person (a data file).
static NOT_A_NAME: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../../data/boilerplate/byline-non-names.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Lower-case particles allowed inside a name ("Ursula von der Leyen").
const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "del", "la", "le", "al", "bin", "ibn",
];

/// The person names in a byline or author string, in order; empty when it names none.
pub fn names(s: &str) -> Vec<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.len() > 200 || s.contains("://") || s.starts_with('/') || s.contains('@') {
        return Vec::new();
    }
    let rest = PREFIX.replace(&s, "");
    let rest = TAIL.replace(&rest, "");
    SPLIT
        .split(&rest)
        .map(|n| n.trim().trim_matches(['.', ',', ';', ':']).trim())
        .filter(|n| looks_like_name(n))
        .map(str::to_owned)
        .collect()
}

fn looks_like_name(n: &str) -> bool {
    let words: Vec<&str> = n.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) || PARTICLES.contains(w))
        && !words
            .iter()
            .any(|w| NOT_A_NAME.contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_bylines_and_author_fields() {
        assert_eq!(
            names("By Jane Doe and John Roe, Staff Writer"),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(
            names("By Anna Berg (3/4/2005 issue of the Review)"),
            ["Anna Berg"]
        );
        assert_eq!(names("TOM KRISHER, AP Auto Writer"), ["TOM KRISHER"]);
        assert_eq!(names("Ursula von der Leyen"), ["Ursula von der Leyen"]);
        assert_eq!(names("By Lena Ortiz in Almaty"), ["Lena Ortiz"]);
        assert!(names("https://example.com/authors/jane").is_empty());
        assert!(names("news desk").is_empty());
    }
}
