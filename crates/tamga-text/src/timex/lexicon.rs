//! The word lists of the time-expression finder, parsed once from the TSV files under
//! `data/lexicon/` that are compiled into the binary.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

// The crate's word-list hasher, shared with the other lexicons.
use crate::sentence::WordHasher;
use crate::wordmap::{WordMap, WordSet};

pub(crate) type Set<K> = HashSet<K, BuildHasherDefault<WordHasher>>;

pub(crate) const WORDS: &str = include_str!("../../../../data/lexicon/timex_words.tsv");
pub(crate) const HOLIDAYS: &str = include_str!("../../../../data/lexicon/timex_holidays.tsv");
const TENSE: &str = include_str!("../../../../data/lexicon/timex_tense.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }
    /// First month; winter starts in December of its year.
    pub(crate) fn first_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Early,
    Mid,
    Late,
    /// "earlier this month": somewhere in the unit, before the anchor; keeps the unit's grain.
    Earlier,
    Later,
    /// "the first half of 2007" (not a word of the data file: built from ordinal + "half").
    FirstHalf,
    SecondHalf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    Last,
    Next,
    This,
    /// "the previous day": relative to the previous time expression.
    Prev,
    Follow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HolidayRule {
    Fixed(u32, u32),
    /// Month, weekday (1 = Monday), n-th (negative: from the end).
    Nth(u32, u32, i32),
    Easter(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
    /// A reporting verb: past, but only right next to the expression.
    Speech,
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Flags {
    /// Only capitalized in running text.
    pub cap: bool,
    pub abbr: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub months: WordMap<(u8, Flags)>,
    pub weekdays: WordMap<(u8, Flags)>,
    pub seasons: WordMap<Season>,
    pub units: WordMap<(Unit, i64)>,
    pub numbers: WordMap<i64>,
    pub ordinals: WordMap<i64>,
    pub parts: WordMap<Part>,
    pub reldays: WordMap<i64>,
    pub dayparts: WordSet,
    pub dirs: WordMap<Dir>,
    pub preps: WordSet,
    pub yearnouns: WordSet,
    /// Name as words (apostrophes dropped), rule.
    pub holidays: Vec<(Vec<&'static str>, HolidayRule)>,
    /// Cue phrases as words, longest first.
    pub tense_phrases: Vec<(Vec<&'static str>, Tense)>,
    /// Words in the longest cue phrase.
    pub tense_phrase_max: usize,
    pub tense_words: WordMap<Tense>,
    /// First words of cue phrases, to skip the phrase list for other words.
    pub tense_first: WordSet,
    /// Every word that can begin a time expression (scanning skips other words quickly), with
    /// what the parser's quick tests need to know of it: [`OPENER`], [`NEEDS_NEXT`].
    pub starters: WordMap<u8>,
    /// Every word the grammar reads: the lists' words, the holidays' words and
    /// [`GRAMMAR_WORDS`]. After a starter that needs a next word, a word outside it ends any
    /// expression.
    pub grammar_words: WordSet,
    /// The words a rule may read right after one of the [`OPENERS`], fewer than
    /// [`Lexicon::grammar_words`] (see [`AFTER_OPENER`]): after an opener, a word outside it
    /// ends any expression ("the war", "in his").
    pub after_opener: WordSet,
    pub notpast: WordSet,
    /// The rules of `Parser::time` that may match at a word ([`RELDAY`] to [`FIRST_MONTHS`]),
    /// by each rule's first tests of it; a word not here starts none of them.
    pub rules_by_word: WordMap<u16>,
}

// The rules of `Parser::time`, as bits of [`Lexicon::rules_by_word`].
pub(crate) const RELDAY: u16 = 1;
pub(crate) const DIR_UNIT: u16 = 2;
pub(crate) const PART_UNIT: u16 = 4;
pub(crate) const OFFSET: u16 = 8;
pub(crate) const NAMED: u16 = 16;
pub(crate) const SPEC: u16 = 32;
pub(crate) const NTH_WEEKDAY: u16 = 64;
pub(crate) const WEEKDAY_OF_WEEK: u16 = 128;
pub(crate) const FIRST_MONTHS: u16 = 256;
/// The rules that may match at a number or an apostrophe ("'90s", "'Christmas" in a
/// phrase): those that do not open with a word.
pub(crate) const NOT_WORD_RULES: u16 = PART_UNIT | OFFSET | SPEC | NTH_WEEKDAY;

pub(crate) fn get() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(load)
}

fn rows(src: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    src.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// Words of a name or phrase as the scanner sees them (apostrophes are dropped).
pub(crate) fn words(s: &'static str) -> Vec<&'static str> {
    s.split(|c: char| c.is_whitespace() || c == '\'')
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words `parse.rs` reads right after an opener that are in no list: "the same week",
/// "over the weekend", "this past week", "this coming week", "in a couple of", "a dozen".
/// After "since", "from" and "between" a rule reads any word an expression starts with
/// ([`Lexicon::rules_by_word`]: all starters); after "the" a unit, direction, ordinal,
/// number, part, season, "day", "q", "fiscal", "financial", "fy", "last" or "first"; after
/// "in" a number or "couple"; after "a" or "an" a unit, "couple" or "dozen"; after "that" a
/// unit; after "this" a day part, direction word, number, unit, weekday, month, season or
/// holiday. A test tries every other grammar word after every opener.
const AFTER_OPENER: &[&str] = &["same", "weekend", "past", "coming", "couple", "dozen"];

/// The words `parse.rs` names in its rules (a test keeps this list complete).
const GRAMMAR_WORDS: &[&str] = &[
    "a",
    "after",
    "afternoon",
    "afterward",
    "afterwards",
    "ago",
    "an",
    "and",
    "at",
    "before",
    "between",
    "both",
    "by",
    "coming",
    "couple",
    "day",
    "dozen",
    "during",
    "earlier",
    "early",
    "either",
    "evening",
    "financial",
    "first",
    "fiscal",
    "from",
    "fy",
    "half",
    "hence",
    "her",
    "his",
    "in",
    "its",
    "last",
    "late",
    "later",
    "months",
    "morning",
    "nd",
    "next",
    "night",
    "now",
    "of",
    "on",
    "once",
    "or",
    "over",
    "past",
    "prior",
    "q",
    "qtr",
    "quarter",
    "rd",
    "s",
    "same",
    "since",
    "st",
    "th",
    "that",
    "the",
    "their",
    "this",
    "through",
    "thru",
    "till",
    "time",
    "times",
    "to",
    "today",
    "tomorrow",
    "twice",
    "two",
    "until",
    "week",
    "weekend",
    "year",
    "yesterday",
];

/// Starters that no rule takes as an expression by itself: every rule that opens with one
/// reads the next token as one of the words of [`Lexicon::after_opener`], a number or a mark. The commonest
/// starters by far ("the" opens a tenth of all words), so one lookup of the next word turns
/// most of them away before the rules run.
pub(crate) const OPENERS: &[&str] = &[
    "the", "in", "a", "an", "that", "from", "this", "between", "since",
];

/// Every starter has it (see `scan::Tok::flags`).
pub(crate) const START: u8 = 4;
/// The first word of a holiday's name.
pub(crate) const HOLIDAY: u8 = 8;
/// In [`Lexicon::ordinals`]; the next three likewise name the list that holds the word, so
/// that the parser looks a word up only in the lists it is in.
pub(crate) const ORDINAL: u8 = 16;
pub(crate) const NUMBER: u8 = 32;
pub(crate) const MONTH: u8 = 64;
pub(crate) const WEEKDAY: u8 = 128;
/// A starter of [`OPENERS`].
pub(crate) const OPENER: u8 = 1;
/// A starter that is no expression by itself: not a month, weekday, season, day word
/// ("today") or one-word holiday. Every rule that opens with one reads the next token as one
/// of the grammar's words, a number or a mark, so before any other word it starts nothing.
pub(crate) const NEEDS_NEXT: u8 = 2;

fn load() -> Lexicon {
    let mut lex = Lexicon::default();
    // Words of the lists below that can open an expression.
    let mut starters: Set<&'static str> = Set::default();
    for r in rows(WORDS) {
        let (Some(&kind), Some(&word)) = (r.first(), r.get(1)) else {
            continue;
        };
        let value = r.get(2).copied().unwrap_or("");
        let flags = r.get(3).copied().unwrap_or("");
        let fl = Flags {
            cap: flags.contains("cap") || flags.contains("abbr"),
            abbr: flags.contains("abbr"),
        };
        let num = value.parse::<i64>().ok();
        match kind {
            "month" | "weekday" => {
                if let Some(n) = num.and_then(|n| u8::try_from(n).ok()) {
                    let map = if kind == "month" {
                        &mut lex.months
                    } else {
                        &mut lex.weekdays
                    };
                    map.insert(word, (n, fl));
                    starters.insert(word);
                }
            }
            "season" => {
                let s = match value {
                    "SP" => Season::Spring,
                    "SU" => Season::Summer,
                    "FA" => Season::Fall,
                    _ => Season::Winter,
                };
                lex.seasons.insert(word, s);
                starters.insert(word);
            }
            "unit" => {
                let (u, mult) = value.split_once(':').unwrap_or((value, "1"));
                let unit = match u {
                    "day" => Unit::Day,
                    "week" => Unit::Week,
                    "weekend" => Unit::Weekend,
                    "month" => Unit::Month,
                    "quarter" => Unit::Quarter,
                    _ => Unit::Year,
                };
                lex.units.insert(word, (unit, mult.parse().unwrap_or(1)));
            }
            "number" => {
                if let Some(n) = num {
                    lex.numbers.insert(word, n);
                    starters.insert(word);
                }
            }
            "ordinal" => {
                if let Some(n) = num {
                    lex.ordinals.insert(word, n);
                    starters.insert(word);
                }
            }
            "part" => {
                let p = match value {
                    "early" => Part::Early,
                    "mid" => Part::Mid,
                    "late" => Part::Late,
                    "earlier" => Part::Earlier,
                    _ => Part::Later,
                };
                lex.parts.insert(word, p);
                starters.insert(word);
            }
            "relday" => {
                if let Some(n) = num {
                    lex.reldays.insert(word, n);
                    starters.insert(word);
                }
            }
            "daypart" => {
                lex.dayparts.insert(word, ());
            }
            "dir" => {
                let d = match value {
                    "last" => Dir::Last,
                    "next" => Dir::Next,
                    "this" => Dir::This,
                    "prev" => Dir::Prev,
                    _ => Dir::Follow,
                };
                lex.dirs.insert(word, d);
                starters.insert(word);
            }
            "prep" => {
                lex.preps.insert(word, ());
            }
            "yearnoun" => {
                lex.yearnouns.insert(word, ());
            }
            _ => {}
        }
    }
    for r in rows(HOLIDAYS) {
        let (Some(&name), Some(&rule)) = (r.first(), r.get(1)) else {
            continue;
        };
        if let Some(rule) = parse_rule(rule) {
            lex.holidays.push((words(name), rule));
        }
    }
    // Longer names first, so "christmas eve" wins over "christmas".
    lex.holidays.sort_by_key(|h| std::cmp::Reverse(h.0.len()));
    for r in rows(TENSE) {
        let (Some(&kind), Some(&phrase)) = (r.first(), r.get(1)) else {
            continue;
        };
        let tense = match kind {
            "past" => Tense::Past,
            "future" => Tense::Future,
            "speech" => Tense::Speech,
            _ => {
                lex.notpast.insert(phrase, ());
                continue;
            }
        };
        let w = words(phrase);
        if w.len() == 1 {
            lex.tense_words.insert(w[0], tense);
        } else if !w.is_empty() {
            lex.tense_phrases.push((w, tense));
        }
    }
    lex.tense_phrase_max = lex
        .tense_phrases
        .iter()
        .map(|p| p.0.len())
        .max()
        .unwrap_or(1);
    lex.tense_first = WordSet::of(
        lex.tense_phrases
            .iter()
            .filter_map(|p| p.0.first().copied()),
    );
    starters.extend(lex.holidays.iter().filter_map(|h| h.0.first().copied()));
    // words the grammar itself opens with (see parse.rs)
    starters.extend([
        "the",
        "since",
        "between",
        "from",
        "in",
        "that",
        "day",
        "q",
        "fy",
        "fiscal",
        "financial",
        "couple",
    ]);
    let alone = |w: &str| {
        lex.months.contains(w)
            || lex.weekdays.contains(w)
            || lex.seasons.contains(w)
            || lex.reldays.contains(w)
            || lex.holidays.iter().any(|h| h.0 == [w])
    };
    let starters: Vec<(&str, u8)> = starters
        .iter()
        .map(|&w| {
            let bit = |yes: bool, bit: u8| if yes { bit } else { 0 };
            let flags = START
                | bit(OPENERS.contains(&w), OPENER)
                | bit(!alone(w), NEEDS_NEXT)
                | bit(
                    lex.holidays.iter().any(|h| h.0.first() == Some(&w)),
                    HOLIDAY,
                )
                | bit(lex.ordinals.contains(w), ORDINAL)
                | bit(lex.numbers.contains(w), NUMBER)
                | bit(lex.months.contains(w), MONTH)
                | bit(lex.weekdays.contains(w), WEEKDAY);
            (w, flags)
        })
        .collect();
    lex.rules_by_word = rules_by_word(&lex, starters.iter().map(|s| s.0));
    // The grammar's words but the prepositions, the nouns a year modifies and the rules'
    // own words outside `AFTER_OPENER` ("of", "to", "and", "ago"): the rules read those only
    // further on.
    lex.after_opener = WordSet::of(
        rows(WORDS)
            .filter(|r| {
                r.first()
                    .is_some_and(|k| !matches!(*k, "prep" | "yearnoun"))
            })
            .filter_map(|r| r.get(1).copied())
            .chain(lex.holidays.iter().flat_map(|h| h.0.iter().copied()))
            .chain(starters.iter().map(|s| s.0))
            .chain(AFTER_OPENER.iter().copied()),
    );
    lex.starters = WordMap::new(starters);
    lex.grammar_words = WordSet::of(
        rows(WORDS)
            .filter_map(|r| r.get(1).copied())
            .chain(lex.holidays.iter().flat_map(|h| h.0.iter().copied()))
            .chain(GRAMMAR_WORDS.iter().copied()),
    );
    lex.tense_phrases
        .sort_by_key(|p| std::cmp::Reverse(p.0.len()));
    lex
}

/// Which rules of `Parser::time` may match at each word: a rule is left out only where its
/// first tests of the word fail. Every list word is a starter; the rest the rules name.
fn rules_by_word<'a>(lex: &Lexicon, starters: impl Iterator<Item = &'a str>) -> WordMap<u16> {
    let named = ["a", "an", "first", "last", "this"];
    let words: Set<&str> = starters.chain(named).collect();
    let mut out: Vec<(&str, u16)> = Vec::new();
    for w in words {
        let bit = |yes: bool, bit: u16| if yes { bit } else { 0 };
        let the = w == "the";
        let count = lex.ordinals.contains(w) || lex.numbers.contains(w);
        let holiday = lex.holidays.iter().any(|h| h.0.first() == Some(&w));
        let rules = bit(
            the || matches!(w, "day" | "last" | "this") || lex.reldays.contains(w),
            RELDAY,
        ) | bit(the || w == "that" || lex.dirs.contains(w), DIR_UNIT)
            | bit(the || count || lex.parts.contains(w), PART_UNIT)
            | bit(
                matches!(w, "in" | "couple" | "a" | "an") || lex.numbers.contains(w),
                OFFSET,
            )
            | bit(the || lex.dirs.contains(w), NAMED)
            | bit(
                the || matches!(w, "q" | "fiscal" | "financial" | "fy")
                    || count
                    || holiday
                    || lex.weekdays.contains(w)
                    || lex.months.contains(w)
                    || lex.seasons.contains(w),
                SPEC,
            )
            | bit(the || w == "last" || count, NTH_WEEKDAY)
            | bit(lex.weekdays.contains(w), WEEKDAY_OF_WEEK)
            | bit(the || matches!(w, "last" | "first"), FIRST_MONTHS);
        if rules != 0 {
            out.push((w, rules));
        }
    }
    WordMap::new(out)
}

fn parse_rule(rule: &str) -> Option<HolidayRule> {
    let mut it = rule.split_whitespace();
    match it.next()? {
        "fixed" => {
            let (m, d) = it.next()?.split_once('-')?;
            Some(HolidayRule::Fixed(m.parse().ok()?, d.parse().ok()?))
        }
        "nth" => {
            let m = it.next()?.parse().ok()?;
            let wd = it.next()?.parse().ok()?;
            let n = it.next()?.parse().ok()?;
            Some(HolidayRule::Nth(m, wd, n))
        }
        "easter" => Some(HolidayRule::Easter(it.next()?.parse().ok()?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_loads() {
        let lex = get();
        assert_eq!(lex.months.get("sept").map(|m| m.0), Some(9));
        assert!(lex.months.get("may").is_some_and(|m| m.1.cap));
        assert_eq!(lex.weekdays.get("sunday").map(|m| m.0), Some(7));
        assert_eq!(lex.units.get("fortnight"), Some((Unit::Week, 2)));
        assert!(lex.holidays.first().is_some_and(|h| h.0.len() >= 3));
        assert!(lex
            .tense_phrases
            .iter()
            .any(|(w, t)| w == &["plans", "to"] && *t == Tense::Future));
        assert_eq!(lex.tense_words.get("ll"), Some(Tense::Future));
        assert!(lex.notpast.contains("united"));
        for w in OPENERS {
            let quick = START | OPENER | NEEDS_NEXT;
            assert_eq!(lex.starters.get(w).map(|f| f & quick), Some(quick), "{w}");
        }
        // the flags naming lists are exact: every word of a list is a starter that has it
        let listed = rows(WORDS).filter_map(|r| r.get(1).copied());
        let holidays = lex.holidays.iter().flat_map(|h| h.0.iter().copied());
        for w in listed.chain(holidays).chain(GRAMMAR_WORDS.iter().copied()) {
            let flags = lex.starters.get(w).unwrap_or(0);
            let first = lex.holidays.iter().any(|h| h.0.first() == Some(&w));
            assert_eq!(flags & HOLIDAY != 0, first, "{w}");
            assert_eq!(flags & ORDINAL != 0, lex.ordinals.contains(w), "{w}");
            assert_eq!(flags & NUMBER != 0, lex.numbers.contains(w), "{w}");
            assert_eq!(flags & MONTH != 0, lex.months.contains(w), "{w}");
            assert_eq!(flags & WEEKDAY != 0, lex.weekdays.contains(w), "{w}");
        }
    }
}
