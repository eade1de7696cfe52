//! Author names from a byline or an author field, shared by the HTML metadata reader and the
//! plain-text header reader: "By Jane Doe and John Roe, Staff Writer" → ["Jane Doe", "John Roe"].

use regex::Regex;
use std::sync::LazyLock;

static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|written by|author:|authors:|words by|von|par|por)\s+")
        .expect("static regex")
});
/// Starts the tail that ends a byline's name list: a parenthesis, a separator, a date, a
/// "for/in/at Place" tail. The list is cut where the first match starts. Written as a tail
/// to replace (`...).*$`), the regex matched the same start on a text without line breaks,
/// but its reverse search built lazy-DFA states at about 90,000 instructions each: 25–50 M
/// per process.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(?:[(|•·\[]|\s[–—-]\s|\d|\s(?:on|for|in|at)\s+\p{Lu}|(?i:\bupdated\b|\bpublished\b|\bposted\b))")
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
    // `s` has no line breaks (its white space is single spaces), so the tail runs to its end.
    let rest = match TAIL.find(&rest) {
        Some(tail) => rest.get(..tail.start()).unwrap_or_default(),
        None => &rest,
    };
    SPLIT
        .split(rest)
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

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// Cutting at the tail's start is replacing the tail written as `(...).*$`, on text
        /// without line breaks as `names` makes it.
        #[test]
        fn cutting_at_the_tail_is_replacing_it(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    "[A-Za-zÉéſK0-9(|•·\\[–—\\-]{0,9}",
                    proptest::sample::select(vec![
                        "on", "for", "in", "at", "Updated", "POSTED", "poſted", "published",
                        "Almaty", "-", "–", "|", "(AP)", "2006", "Jane", "Doe", "x-posted",
                    ])
                    .prop_map(str::to_owned),
                ],
                0..9,
            ),
        ) {
            static WHOLE: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"\s*(?:[(|•·\[]|\s[–—-]\s|\d|\s(?:on|for|in|at)\s+\p{Lu}|(?i:\bupdated\b|\bpublished\b|\bposted\b)).*$")
                    .expect("static regex")
            });
            let s = words.join(" ");
            let cut = match TAIL.find(&s) {
                Some(tail) => &s[..tail.start()],
                None => &s,
            };
            let replaced = WHOLE.replace(&s, "");
            proptest::prop_assert_eq!(cut, replaced.as_ref());
        }
    }

    #[test]
    fn tail_cut_on_words_that_start_it() {
        for s in [
            "Jane Doe Updated",
            "Jane Doe posted on",
            "Jane Doe in Almaty",
            "Jane - AP",
            "Jane (AP)",
            "Jane 2006",
        ] {
            let cut = TAIL.find(s).map_or(s, |t| &s[..t.start()]);
            assert_eq!(
                cut,
                if s.starts_with("Jane Doe") {
                    "Jane Doe"
                } else {
                    "Jane"
                },
                "{s}"
            );
        }
    }
}
