//! Dates as pages write them: ISO 8601 and RFC 2822 stamps in metadata, "Nov 15 2006" and
//! "Wednesday, 24 August 2005" in datelines, `/2006/11/15/` in URLs. Every parser returns
//! only what the string states (day, month or year precision) and never guesses a year.

use crate::model::{PartialDate, Precision};
use regex::Regex;
use std::sync::LazyLock;

/// Years accepted when a number stands alone (a bare `2006`, a URL segment): outside this
/// range a four-digit number is far more likely an id or a count than a publication year.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;
const URL_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// How far into a text a dateline may stand: the top of an article, never its body.
const DATELINE_BYTES: usize = 1_500;
const DATELINE_LINES: usize = 25;

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?$",
    )
    .expect("static regex")
});
static ISO_COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})(\d{2})(\d{2})(?:T\d{2}:?\d{2}(?::?\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$")
        .expect("static regex")
});
static ISO_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-/](\d{1,2})$").expect("static regex"));
static YMD_SLASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$").expect("static regex"));
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{4})$").expect("static regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:am|pm|a\.m\.|p\.m\.)?$")
        .expect("static regex")
});
static ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[+-]\d{4}|[+-]\d{2}:\d{2}|Z|UTC|GMT|UT|[ECMP][SD]T|BST|CET|CEST|MSK|AM|PM|am|pm|a\.m\.|p\.m\.|\((?:UTC|GMT|[A-Z]{3,4})\))$")
        .expect("static regex")
});

static URL_YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|/)(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$|[._-][^/]*(?:/|$))")
        .expect("static regex")
});
static URL_DASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_=-])(\d{4})-(\d{2})-(\d{2})(?:$|[/_.?&#-])").expect("static regex")
});
static URL_COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[/_-])(\d{8})(?:$|[/_.?&#-])").expect("static regex"));
static URL_YM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|/)(\d{4})/(\d{1,2})/").expect("static regex"));

/// "ASTANA, Nov. 15, 2006 (Reuters) –": a place, a date, an optional agency, a dash, that is
/// `^\p{Lu}[\p{L}.'\- ]{1,40}?,` followed by [`DATELINE_DATE`], matched in two steps by
/// [`dateline_date`]. As one regex, with its letter class repeated forty times, it cost
/// about 75 M instructions to compile, once per process; the two steps cost about 7 M.
static DATELINE_PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{L}.'\- ]*").expect("static regex"));
/// The most characters a dateline's place has after its capital.
const DATELINE_PLACE_CHARS: usize = 40;
/// A dateline after its place: the comma, the date, an optional agency, a dash.
static DATELINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s*(?P<date>[^()–—]{6,40}?)\s*(?:\([^()]{1,40}\))?\s*(?:–|—|--|-|:)\s")
        .expect("static regex")
});
/// "(8/24/2005 issue of ...)" or "(dated 24 August 2005)" inside a byline or note.
static PAREN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:dated\s+|published\s+)?(?P<date>[^()]{4,40}?)(?:\s+(?:issue|edition)\b[^()]*)?\)")
        .expect("static regex")
});
/// Labels that introduce a publication date on its own line ("Published: ...", "Posted on ...").
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:published|posted|date|dated|first published)(?:\s+on)?\s*[:\-–]?\s*")
        .expect("static regex")
});

/// Parses one date string as found in metadata or a dateline.
///
/// A time zone offset is ignored rather than applied: the calendar date the publisher wrote
/// is the one readers saw, and shifting it to UTC would move late-evening stories a day.
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let s = s
        .trim()
        .trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ',' | ';' | '|'))
        .trim();
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    if let Some(c) = ISO.captures(s).or_else(|| ISO_COMPACT.captures(s)) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = YMD_SLASH.captures(s) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = ISO_MONTH.captures(s) {
        let year = c[1].parse().ok()?;
        return PartialDate::new(year, Some(c[2].parse().ok()?), None);
    }
    if let Some(c) = NUMERIC.captures(s) {
        if c[2] != c[4] {
            return None;
        }
        let (a, b): (u8, u8) = (c[1].parse().ok()?, c[3].parse().ok()?);
        let year = c[5].parse().ok()?;
        // Dots are the European day-first form; slashes and dashes are read month-first
        // (US) unless the first number cannot be a month.
        let (month, day) = if &c[2] == "." || a > 12 {
            (b, a)
        } else {
            (a, b)
        };
        return PartialDate::new(year, Some(month), Some(day));
    }
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        let year = s.parse().ok()?;
        return if PLAUSIBLE_YEARS.contains(&year) {
            PartialDate::new(year, None, None)
        } else {
            None
        };
    }
    parse_words(s)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<PartialDate> {
    PartialDate::new(
        y.parse().ok()?,
        Some(m.parse().ok()?),
        Some(d.parse().ok()?),
    )
}

fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    w.len() >= 3
        && DAYS
            .iter()
            .any(|d| *d == w || (w.len() <= 4 && d.starts_with(&w)))
}

/// "Nov. 15, 2006", "Wednesday, 24 August 2005", "15th of November 2006", "May 2007" and
/// RFC 2822 stamps. Every word must be part of the date: a sentence that mentions a date is
/// not a date.
fn parse_words(s: &str) -> Option<PartialDate> {
    let mut month = None;
    let mut day: Option<u8> = None;
    let mut year: Option<i32> = None;
    for raw in s.split(|c: char| c.is_whitespace() || c == ',') {
        let tok = raw.trim_matches(|c: char| c == ',' || c == ';');
        if tok.is_empty() || tok.eq_ignore_ascii_case("of") || tok.eq_ignore_ascii_case("the") {
            continue;
        }
        if TIME.is_match(tok) || ZONE.is_match(tok) {
            // Time of day and zone come after the date; they say nothing about it.
            year?;
            continue;
        }
        if let Some(m) = month_number(tok) {
            if month.replace(m).is_some() {
                return None;
            }
            continue;
        }
        if is_weekday(tok) {
            if month.is_some() || day.is_some() || year.is_some() {
                return None;
            }
            continue;
        }
        let digits = tok.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        let suffix = &tok[digits.len()..];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let ordinal = matches!(
            suffix.to_ascii_lowercase().as_str(),
            "" | "." | "st" | "nd" | "rd" | "th"
        );
        if !ordinal {
            return None;
        }
        match digits.len() {
            1 | 2 if day.is_none() && year.is_none() => {
                day = digits.parse().ok();
            }
            4 if year.is_none() && suffix.is_empty() => year = digits.parse().ok(),
            _ => return None,
        }
    }
    let year = year?;
    if !PLAUSIBLE_YEARS.contains(&year) {
        return None;
    }
    match (month, day) {
        (Some(m), d) => PartialDate::new(year, Some(m), d),
        (None, None) => PartialDate::new(year, None, None),
        (None, Some(_)) => None,
    }
}

/// A date written in a URL path: `/2006/11/15/`, `/2006-11-15/`, `/20061115/`, or
/// `/2006/11/` at month precision. Only years from 1990 on count, so numeric ids rarely match.
pub fn from_url(url: &str) -> Option<PartialDate> {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let plausible = |d: PartialDate| URL_YEARS.contains(&d.year);
    for re in [&*URL_YMD, &*URL_DASHED] {
        for c in re.captures_iter(path) {
            if let Some(d) = ymd(&c[1], &c[2], &c[3]).filter(|d| plausible(*d)) {
                return Some(d);
            }
        }
    }
    for c in URL_COMPACT.captures_iter(path) {
        let n = &c[1];
        if let Some(d) = ymd(&n[..4], &n[4..6], &n[6..]).filter(|d| plausible(*d)) {
            return Some(d);
        }
    }
    for c in URL_YM.captures_iter(path) {
        let year: i32 = c[1].parse().ok()?;
        let month: u8 = c[2].parse().ok()?;
        if let Some(d) = PartialDate::new(year, Some(month), None).filter(|d| plausible(*d)) {
            return Some(d);
        }
    }
    None
}

/// A dateline or date line near the top of an article's text: a line that is just a date,
/// a labelled date ("Published: ..."), a wire dateline ("ASTANA, Nov. 15, 2006 (Reuters) –")
/// or a parenthesized issue date in a byline. Only full dates with a stated year count, and
/// only within the first lines, so dates mentioned in the story itself are never taken.
pub fn find_dateline(text: &str) -> Option<PartialDate> {
    let mut used = 0usize;
    let lines = text
        .lines()
        .take_while(|l| {
            used += l.len() + 1;
            used <= DATELINE_BYTES + l.len() + 1
        })
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(DATELINE_LINES);
    for line in lines {
        if let Some(d) = line_date(line) {
            return Some(d);
        }
    }
    None
}

fn full(d: Option<PartialDate>) -> Option<PartialDate> {
    d.filter(|d| d.precision() == Precision::Day)
}

/// The publication date a single top-of-article line states, if it states one.
pub(crate) fn line_date(line: &str) -> Option<PartialDate> {
    let line = line
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(')
        .trim();
    if line.is_empty() {
        return None;
    }
    let words = line.split_whitespace().count();
    if words <= 12 {
        if let Some(d) = full(parse_date(line)) {
            return Some(d);
        }
        let unlabelled = LABEL.replace(line, "");
        if unlabelled.len() != line.len() {
            // "Posted on June 3, 2019 by Jane Doe": the date runs up to the byline.
            let date_part = unlabelled.split(" by ").next().unwrap_or_default();
            if let Some(d) = full(parse_date(date_part)) {
                return Some(d);
            }
        }
        // "By Jane Doe | Nov 15, 2006" and similar: a date between separators.
        if line.contains(['|', '•', '·', '–', '—']) {
            for seg in line.split(['|', '•', '·', '–', '—']) {
                let seg = LABEL.replace(seg.trim(), "");
                if let Some(d) = full(parse_date(&seg)) {
                    return Some(d);
                }
            }
        }
        for c in PAREN_DATE.captures_iter(line) {
            if let Some(d) = full(parse_date(&c["date"])) {
                return Some(d);
            }
        }
    }
    if let Some(date) = dateline_date(line) {
        if let Some(d) = full(parse_date(date)) {
            return Some(d);
        }
    }
    None
}

/// The date of a wire dateline opening `line` ("ASTANA, Nov. 15, 2006 (Reuters) –"), as
/// the one regex in [`DATELINE_PLACE`]'s comment captures it. The place's class holds no
/// comma, so its lazy repetition can stop only at a comma right after the longest run of
/// the class: that run, found greedily, decides the place, and the rest is matched from its
/// comma on (the rest has no look-behind, so starting there changes nothing).
fn dateline_date(line: &str) -> Option<&str> {
    let place = DATELINE_PLACE.find(line)?;
    let rest = line.get(place.end()..)?;
    if !rest.starts_with(',') {
        return None;
    }
    // The capital, then 1 to 40 characters of the class.
    let run = place
        .as_str()
        .chars()
        .take(DATELINE_PLACE_CHARS + 2)
        .count()
        - 1;
    if !(1..=DATELINE_PLACE_CHARS).contains(&run) {
        return None;
    }
    DATELINE_DATE
        .captures(rest)
        .and_then(|c| c.name("date"))
        .map(|m| m.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_string())
    }

    #[test]
    fn parses_iso_and_rfc_forms() {
        assert_eq!(d("2006-11-15").as_deref(), Some("2006-11-15"));
        assert_eq!(d("2006-11-15T10:00:00Z").as_deref(), Some("2006-11-15"));
        assert_eq!(
            d("2006-11-15T23:30:00+05:00").as_deref(),
            Some("2006-11-15")
        );
        assert_eq!(
            d("2006-11-15T23:30:00.123-0700").as_deref(),
            Some("2006-11-15")
        );
        assert_eq!(d("20061115").as_deref(), Some("2006-11-15"));
        assert_eq!(d("2006-11").as_deref(), Some("2006-11"));
        assert_eq!(
            d("Wed, 15 Nov 2006 10:00:00 GMT").as_deref(),
            Some("2006-11-15")
        );
        assert_eq!(
            d("Wed, 15 Nov 2006 10:00:00 +0300").as_deref(),
            Some("2006-11-15")
        );
    }

    #[test]
    fn parses_written_forms() {
        for s in [
            "Nov 15 2006",
            "Nov. 15, 2006",
            "November 15, 2006",
            "Wednesday, 15 November 2006",
            "15 November 2006",
            "15th of November, 2006",
            "Sept. 15 2006",
        ] {
            let want = if s.starts_with("Sept") {
                "2006-09-15"
            } else {
                "2006-11-15"
            };
            assert_eq!(d(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(d("March 2011").as_deref(), Some("2011-03"));
        assert_eq!(d("1998").as_deref(), Some("1998"));
    }

    #[test]
    fn parses_numeric_forms_by_convention() {
        assert_eq!(d("3/4/2010").as_deref(), Some("2010-03-04"));
        assert_eq!(d("23/4/2010").as_deref(), Some("2010-04-23"));
        assert_eq!(d("03.04.2010").as_deref(), Some("2010-04-03"));
        assert_eq!(d("2010/04/03").as_deref(), Some("2010-04-03"));
    }

    #[test]
    fn rejects_non_dates_and_impossible_dates() {
        for s in [
            "",
            "Feb 30 2005",
            "13/13/2005",
            "2005-02-30",
            "the meeting on Nov 15 2006",
            "Nov 15",
            "15 2006",
            "1234",
            "12345678",
            "May",
            "Route 2006",
            "3/4-2010",
        ] {
            assert_eq!(d(s), None, "{s:?}");
        }
    }

    #[test]
    fn reads_dates_from_url_paths() {
        let u = |s: &str| from_url(s).map(|d| d.to_string());
        assert_eq!(
            u("https://ex.com/news/2009/03/07/story.html").as_deref(),
            Some("2009-03-07")
        );
        assert_eq!(
            u("https://ex.com/2009-03-07/story").as_deref(),
            Some("2009-03-07")
        );
        assert_eq!(
            u("https://ex.com/a/20090307/x").as_deref(),
            Some("2009-03-07")
        );
        assert_eq!(
            u("https://ex.com/blog/2009/03/some-title").as_deref(),
            Some("2009-03")
        );
        assert_eq!(
            u("https://ex.com/story/2009-03-07-flood-hits").as_deref(),
            Some("2009-03-07")
        );
        // Ids and sizes that only look like numbers of the right length.
        assert_eq!(u("https://ex.com/item/12345678/"), None);
        assert_eq!(u("https://ex.com/img/1024/768/1.jpg"), None);
        assert_eq!(u("https://ex.com/p/2009123456"), None);
        assert_eq!(u("https://2009.ex.com/"), None);
    }

    #[test]
    fn finds_datelines_at_the_top_only() {
        let f = |s: &str| find_dateline(s).map(|d| d.to_string());
        assert_eq!(
            f("Floods close roads\n\nMarch 7 2009\n\nHeavy rain fell.").as_deref(),
            Some("2009-03-07")
        );
        assert_eq!(
            f("Title\nTuesday, 10 March 2009\nBody.").as_deref(),
            Some("2009-03-10")
        );
        assert_eq!(
            f("OSLO, March 7, 2009 (AP) – Heavy rain fell on the capital.").as_deref(),
            Some("2009-03-07")
        );
        assert_eq!(
            f("By Ann Lee (3/7/2009 issue of the Weekly Review)\n\nText.").as_deref(),
            Some("2009-03-07")
        );
        assert_eq!(
            f("Headline here\nPublished: 7 March 2009\n").as_deref(),
            Some("2009-03-07")
        );
        assert_eq!(
            f("Headline here\nPosted on March 7, 2009 by Ann Lee\n").as_deref(),
            Some("2009-03-07")
        );
        // A dateline without a year, a month-only line, and dates inside prose do not count.
        assert_eq!(f("OSLO, March 7 (AP) – Heavy rain fell."), None);
        assert_eq!(f("Title\nMarch 2009\nBody."), None);
        assert_eq!(
            f("The council met on March 7, 2009 and again on 9 March 2009 to vote."),
            None
        );
        let deep = format!("{}March 7 2009\n", "A line of running prose.\n".repeat(80));
        assert_eq!(f(&deep), None);
    }

    /// The dateline as one regex, which [`dateline_date`] must match exactly.
    fn dateline_by_one_regex(line: &str) -> Option<&str> {
        static ONE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"^\p{Lu}[\p{L}.'\- ]{1,40}?,\s*(?P<date>[^()–—]{6,40}?)\s*(?:\([^()]{1,40}\))?\s*(?:–|—|--|-|:)\s",
            )
            .expect("static regex")
        });
        ONE.captures(line)
            .and_then(|c| c.name("date"))
            .map(|m| m.as_str())
    }

    #[test]
    fn dateline_in_two_steps_is_the_one_regex() {
        for line in [
            "ASTANA, Nov. 15, 2006 (Reuters) – The parliament",
            "WASHINGTON, D.C., Nov. 15, 2006 - x",
            "São Paulo, 15 November 2006: x",
            "A, 15 November 2006 -- x",
            "Abcdefghijabcdefghijabcdefghijabcdefghija, 15 November 2006 - x",
            "Abcdefghijabcdefghijabcdefghijabcdefghijab, 15 November 2006 - x",
            "É, 15 Nov 2006 — x",
            "a, 15 November 2006 - x",
            "ASTANA,Nov 15 2006 (AP)– x",
        ] {
            assert_eq!(dateline_date(line), dateline_by_one_regex(line), "{line}");
        }
    }

    proptest::proptest! {
        #[test]
        fn dateline_in_two_steps_matches_random_lines(
            line in "[A-ZÉa-zéß .'\\-,()–—:0-9\t\u{a0}]{0,70}",
        ) {
            proptest::prop_assert_eq!(dateline_date(&line), dateline_by_one_regex(&line));
        }

        #[test]
        fn dateline_in_two_steps_matches_dateline_like_lines(
            line in "[A-ZÉa][a-zé .'\\-]{0,44},[ \t]{0,2}[A-Za-z0-9 ,.()–]{0,45}( ?\\([A-Za-z()]{0,5}\\))?[ ]?(–|—|--|-|:)[ \t\n]?[a-z]{0,3}",
        ) {
            proptest::prop_assert_eq!(dateline_date(&line), dateline_by_one_regex(&line));
        }
    }
}
