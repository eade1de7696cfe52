//! Time expressions: finds dates, months, years, seasons, quarters, weekdays, holidays,
//! relative expressions ("last week", "two days later") and ranges in text, and normalizes
//! them to ISO values against the publication date or the previous expression.
//!
//! Conventions (also in `tests/data/README.md`):
//! - a month-day, weekday, month, season or quarter without a year takes the year picked by the
//!   nearest tense cue of its sentence: past → the latest occurrence on or before the anchor,
//!   future → the first on or after it (weekdays: after it), no cue → the closest one;
//! - without a publication date such expressions stay partial (`--12-20`, anchor `none`) and
//!   purely relative ones ("yesterday") are dropped: no year is ever invented;
//! - "early/mid/late" cut a month into days 1–10, 11–20, 21–end and a year into Jan–Apr,
//!   May–Aug, Sep–Dec (ranges); "earlier/later this month" keep the month;
//! - "two days later", "a couple of weeks after," count from the previous expression; "two
//!   weeks after <event>" right after a date of the same sentence restates that date ("on
//!   Monday, two weeks after ..."), elsewhere it is dropped (the event's date is unknown);
//! - a date inside parentheses (a source citation) ignores the tense of the sentence around it;
//! - vague expressions ("recently", "in recent weeks", "weeks ago", "now"), durations ("for
//!   three months") and times of day are not reported.

mod lexicon;
mod parse;
mod resolve;
mod scan;

use chrono::NaiveDate;
use tamga_ingest::PartialDate;

use crate::model::{Anchor, Sentence, TimeExpr, Token};
use lexicon::{Lexicon, Tense};

/// Whether a lower-case word names a month ("may", "sept"), from the time lexicon, so that
/// other annotators share one month list.
pub(crate) fn is_month_name(lower: &str) -> bool {
    lexicon::get().months.contains(lower)
}
use parse::Parser;
use resolve::{Base0, Ctx, Val};
use scan::{Kind, Tok};

/// How far (in tokens) a tense cue may stand from the expression it decides.
const CUE_WINDOW: usize = 40;

/// Finds and normalizes the time expressions of `text`. `sentences` bound the search for tense
/// cues; the expressions themselves are found over the whole text, so a sentence split inside
/// "Dec. 20" loses nothing. `published` anchors relative and year-less expressions.
///
/// The text is read in chunks of about [`CHUNK`] bytes, each scanned with [`CONTEXT`] tokens
/// of the text around it (cue windows and the grammar's look-ahead and look-behind are far
/// shorter), so the result is the one of a single pass over the whole text while the token
/// buffer stays small and is reused: on a large text a whole-text token vector cost more in
/// fresh memory than the parsing itself.
pub fn annotate(
    text: &str,
    sentences: &[Sentence],
    _tokens: &[Token],
    published: Option<PartialDate>,
) -> Vec<TimeExpr> {
    let lex = lexicon::get();
    let base = published.and_then(Base0::from_partial);
    let mut out = Vec::new();
    let mut previous: Option<Val> = None;
    // Byte offset where the previous resolved expression starts.
    let mut previous_start = 0;
    // No expression starts before this offset: the last one found ended there.
    let mut resume = 0;
    let src = scan::Source::new(text);
    let mut toks = Vec::new();
    let mut core_start = 0;
    while core_start < text.len() {
        let core_end = cut_after(text, core_start + CHUNK);
        let (first, last) = scan_chunk(&src, core_start, core_end, &mut toks);
        core_start = core_end;
        let cues = Cues { toks: &toks, lex };
        let parser = Parser {
            t: &toks,
            lex,
            phrase: false,
        };
        let mut i = first;
        while i < last {
            // most tokens start nothing, as the scan found: one tight pass over their flags
            // finds the next that may
            let Some(k) = toks
                .get(i..last)
                .and_then(|rest| rest.iter().position(|t| t.flags & lexicon::START != 0))
            else {
                break;
            };
            i += k;
            if toks[i].start < resume {
                i += 1;
                continue;
            }
            let Some((sem, j)) = parser.parse_at(i) else {
                i += 1;
                continue;
            };
            let (lo, hi) = sentence_bounds(&toks, sentences, i, j);
            let ctx = Ctx {
                published: base,
                previous: previous.as_ref(),
                previous_here: previous.is_some()
                    && toks.get(lo).is_some_and(|t| previous_start >= t.start),
                tense: nearest_cue(&cues, i, j, lo, hi),
            };
            if let Some((val, anchor)) = resolve::resolve(&sem, &ctx) {
                let anchor_date = match anchor {
                    Anchor::Published => published,
                    Anchor::Previous => previous.as_ref().and_then(Val::partial),
                    _ => None,
                };
                if let Some(e) = make(text, &toks, i, j, &val, anchor, anchor_date) {
                    out.push(e);
                }
                if val.start().is_some() {
                    previous = Some(val);
                    previous_start = toks[i].start;
                }
            }
            resume = j
                .checked_sub(1)
                .and_then(|k| toks.get(k))
                .map_or(resume, |t| t.end);
            i = j;
        }
    }
    out
}

/// Bytes of text per chunk of [`annotate`].
const CHUNK: usize = 1 << 18;
/// Tokens of context scanned on each side of a chunk: well beyond [`CUE_WINDOW`] plus the
/// longest expression and the grammar's two tokens of look-behind.
const CONTEXT: usize = 256;

/// The first offset at or after `pos` that follows an ASCII whitespace byte (or the text's
/// end): a cut there splits no token.
fn cut_after(text: &str, pos: usize) -> usize {
    text.as_bytes()
        .get(pos..)
        .and_then(|rest| rest.iter().position(u8::is_ascii_whitespace))
        .map_or(text.len(), |k| pos + k + 1)
}

/// The last offset at or before `pos` that follows an ASCII whitespace byte, or 0.
fn cut_before(text: &str, pos: usize) -> usize {
    text.as_bytes()
        .get(..pos)
        .and_then(|head| head.iter().rposition(u8::is_ascii_whitespace))
        .map_or(0, |k| k + 1)
}

/// Scans the chunk `text[start..end]` with at least [`CONTEXT`] tokens on each side (fewer at
/// the text's ends) into `toks`; returns the index range of the chunk's own tokens.
fn scan_chunk<'a>(
    src: &'a scan::Source<'_>,
    start: usize,
    end: usize,
    toks: &mut Vec<Tok<'a>>,
) -> (usize, usize) {
    let text = src.text;
    let mut margin = 4096;
    loop {
        let from = cut_before(text, start.saturating_sub(margin));
        let to = cut_after(text, end.saturating_add(margin));
        toks.clear();
        scan::scan_into(src, from, to, toks);
        let first = toks.partition_point(|t| t.start < start);
        let last = toks.partition_point(|t| t.start < end);
        let before_ok = first >= CONTEXT || from == 0;
        let after_ok = toks.len() - last >= CONTEXT || to >= text.len();
        if before_ok && after_ok {
            return (first, last);
        }
        margin = margin.saturating_mul(4);
    }
}

/// Normalizes one phrase ("next spring", "Nov. 15 2006", "two days ago") against `reference`;
/// the longest expression found in it wins. Tense cues inside the phrase count ("met on
/// Monday"); without one, year-less dates take the occurrence closest to `reference`.
pub fn normalize(phrase: &str, reference: NaiveDate) -> Option<TimeExpr> {
    let src = scan::Source::new(phrase);
    let toks = scan::scan(&src);
    let lex = lexicon::get();
    let cues = Cues { toks: &toks, lex };
    let parser = Parser {
        t: &toks,
        lex,
        phrase: true,
    };
    let published = PartialDate::new(
        chrono::Datelike::year(&reference),
        u8::try_from(chrono::Datelike::month(&reference)).ok(),
        u8::try_from(chrono::Datelike::day(&reference)).ok(),
    );
    let base = Base0 {
        date: reference,
        grain: resolve::Grain::Day,
    };
    let mut best: Option<TimeExpr> = None;
    let mut previous: Option<Val> = None;
    let mut i = 0;
    while i < toks.len() {
        let Some((sem, j)) = parser.parse_at(i) else {
            i += 1;
            continue;
        };
        let ctx = Ctx {
            published: Some(base),
            previous: previous.as_ref(),
            previous_here: previous.is_some(),
            tense: nearest_cue(&cues, i, j, 0, toks.len()),
        };
        if let Some((val, anchor)) = resolve::resolve(&sem, &ctx) {
            let anchor_date = match anchor {
                Anchor::Published => published,
                Anchor::Previous => previous.as_ref().and_then(Val::partial),
                _ => None,
            };
            if let Some(e) = make(phrase, &toks, i, j, &val, anchor, anchor_date) {
                if best
                    .as_ref()
                    .is_none_or(|b| e.end - e.start > b.end - b.start)
                {
                    best = Some(e);
                }
            }
            if val.start().is_some() {
                previous = Some(val);
            }
        }
        i = j;
    }
    best
}

fn make(
    text: &str,
    toks: &[Tok<'_>],
    i: usize,
    j: usize,
    val: &Val,
    anchor: Anchor,
    anchor_date: Option<PartialDate>,
) -> Option<TimeExpr> {
    let start = toks.get(i)?.start;
    let end = toks.get(j.checked_sub(1)?)?.end;
    Some(TimeExpr {
        start,
        end,
        text: text.get(start..end)?.to_string(),
        value: val.value(),
        end_value: val.end_value(),
        precision: val.precision(),
        anchor,
        anchor_date,
    })
}

/// The token range `[lo, hi)` of the sentence holding tokens `i..j` (the union when the
/// expression straddles a boundary); without sentences, the whole text.
fn sentence_bounds(toks: &[Tok<'_>], sentences: &[Sentence], i: usize, j: usize) -> (usize, usize) {
    let (Some(first), Some(last)) = (toks.get(i), toks.get(j.saturating_sub(1))) else {
        return (0, toks.len());
    };
    let find = |pos: usize| {
        let k = sentences.partition_point(|s| s.start <= pos);
        k.checked_sub(1)
            .and_then(|k| sentences.get(k))
            .filter(|s| pos < s.end)
    };
    let (Some(s1), Some(s2)) = (find(first.start), find(last.start)) else {
        return (
            i.saturating_sub(CUE_WINDOW),
            (j + CUE_WINDOW).min(toks.len()),
        );
    };
    let (from, to) = (s1.start.min(s2.start), s1.end.max(s2.end));
    let mut lo = i;
    while lo > 0 && i - lo < CUE_WINDOW && toks[lo - 1].start >= from {
        lo -= 1;
    }
    let mut hi = j;
    while hi < toks.len() && hi - j < CUE_WINDOW && toks[hi].start < to {
        hi += 1;
    }
    parenthesis(toks, i, j, lo, hi).unwrap_or((lo, hi))
}

/// Inside parentheses ("(Interfax, November 8)", a source citation) only the words within
/// them count: the sentence's "will attend" says nothing about the citation's date.
fn parenthesis(
    toks: &[Tok<'_>],
    i: usize,
    j: usize,
    lo: usize,
    hi: usize,
) -> Option<(usize, usize)> {
    let open = (lo..i)
        .rev()
        .find(|&k| matches!(toks[k].lower, "(" | ")"))?;
    if toks[open].lower != "(" {
        return None;
    }
    let close = (j..hi).find(|&k| matches!(toks[k].lower, "(" | ")"))?;
    (toks[close].lower == ")").then_some((open + 1, close))
}

/// The tense each token signals, if any, computed on demand (expressions are sparse, so only
/// the words around them are looked at): listed words and phrases, and past participles in
/// -ed not governed by a form of "be" ("will be held" is not past; "was held" is, via "was").
struct Cues<'a, 't> {
    toks: &'a [Tok<'t>],
    lex: &'static Lexicon,
}

impl Cues<'_, '_> {
    fn word(&self, k: usize) -> &str {
        match self.toks.get(k) {
            Some(t) if t.kind == Kind::Word => t.lower,
            _ => "",
        }
    }

    /// The cue phrase starting at `k`: its length and tense. Phrases match words only ("is
    /// due" but not "is, due").
    fn phrase_at(&self, k: usize) -> Option<(usize, Tense)> {
        if !self.lex.tense_first.contains(self.word(k)) {
            return None;
        }
        self.lex.tense_phrases.iter().find_map(|(phrase, tense)| {
            let all = phrase
                .iter()
                .enumerate()
                .all(|(n, w)| self.word(k + n) == *w);
            all.then_some((phrase.len(), *tense))
        })
    }

    fn at(&self, k: usize) -> Option<Tense> {
        let w = self.word(k);
        let listed = self.lex.tense_words.get(w);
        let ed = w.len() >= 5 && w.ends_with("ed");
        // Most words are none of these, and then no cue whatever stands before them: a phrase
        // before one could only silence it.
        if listed.is_none() && !ed && !self.lex.tense_first.contains(w) {
            return None;
        }
        // a phrase starting here decides; one starting before and covering this word silences it
        for s in k.saturating_sub(self.lex.tense_phrase_max.saturating_sub(1))..=k {
            if let Some((len, t)) = self.phrase_at(s) {
                if s == k {
                    return Some(t);
                }
                if s + len > k {
                    return None;
                }
            }
        }
        let be = ["be", "been", "being", "is", "are", "am"];
        // a participle after "be" is passive voice, its tense is the auxiliary's
        let after_be = (1..=2).any(|n| k >= n && be.contains(&self.word(k - n)));
        if let Some(t) = listed {
            // "ll" only after an apostrophe
            let ll_ok = w != "ll" || k > 0 && self.toks[k - 1].lower == "'";
            return (ll_ok && (t == Tense::Future || !after_be)).then_some(t);
        }
        let participle = ed && !self.lex.notpast.contains(w);
        (participle && !after_be).then_some(Tense::Past)
    }
}

/// The cue nearest to tokens `i..j` within `[lo, hi)`; on a tie the future wins (it is the
/// more specific signal: "said ... will meet"). Reporting verbs count only within two tokens.
fn nearest_cue(cues: &Cues<'_, '_>, i: usize, j: usize, lo: usize, hi: usize) -> Option<Tense> {
    let mut d = 1;
    loop {
        let left = i.checked_sub(d).filter(|&k| k >= lo);
        let right = Some(j + d - 1).filter(|&k| k < hi);
        if left.is_none() && right.is_none() {
            return None;
        }
        let near = |t: Option<Tense>| match t {
            Some(Tense::Speech) if d <= 2 => Some(Tense::Past),
            Some(Tense::Speech) => None,
            t => t,
        };
        let l = near(left.and_then(|k| cues.at(k)));
        let r = near(right.and_then(|k| cues.at(k)));
        match (l, r) {
            (Some(Tense::Future), _) | (_, Some(Tense::Future)) => return Some(Tense::Future),
            (Some(t), _) | (_, Some(t)) => return Some(t),
            _ => {}
        }
        d += 1;
    }
}

/// Test text from a vocabulary: each pick `(index, glued)` appends `vocab[index]`, after a
/// space unless `glued` (or first).
#[cfg(test)]
pub(crate) fn glue_picks(vocab: &[&str], picks: &[(usize, bool)]) -> String {
    let mut text = String::new();
    for &(k, glued) in picks {
        if !glued && !text.is_empty() {
            text.push(' ');
        }
        text.push_str(vocab[k]);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(y: i32, m: u8, d: u8) -> Option<PartialDate> {
        PartialDate::new(y, Some(m), Some(d))
    }

    fn one(text: &str, published: Option<PartialDate>) -> Vec<(String, String, Option<String>)> {
        let s = [Sentence {
            start: 0,
            end: text.len(),
        }];
        annotate(text, &s, &[], published)
            .into_iter()
            .map(|e| (e.text, e.value, e.end_value))
            .collect()
    }

    fn values(text: &str, published: Option<PartialDate>) -> Vec<String> {
        one(text, published).into_iter().map(|e| e.1).collect()
    }

    #[test]
    fn month_day_by_tense() {
        let p = pd(2006, 11, 15);
        assert_eq!(
            values("The president met him on November 7.", p),
            ["2006-11-07"]
        );
        assert_eq!(
            values("The president met him on November 20.", p),
            ["2005-11-20"]
        );
        assert_eq!(
            values("The president will meet him on November 7.", p),
            ["2007-11-07"]
        );
        assert_eq!(
            values("The summit is to open on Dec. 20.", p),
            ["2006-12-20"]
        );
        let none = annotate("Members met on Dec. 20.", &[], &[], None);
        assert_eq!(none.len(), 1);
        assert_eq!(none[0].value, "--12-20");
        assert_eq!(none[0].precision, crate::model::TimePrecision::MonthDay);
        assert_eq!(none[0].anchor, Anchor::None);
    }

    #[test]
    fn absolute_forms() {
        let v = values(
            "Nov 15 2006, 8/24/2005, 24 August 2005, in May 2007 and in December 2021, fiscal year 2022.",
            None,
        );
        assert_eq!(
            v,
            [
                "2006-11-15",
                "2005-08-24",
                "2005-08-24",
                "2007-05",
                "2021-12",
                "2022"
            ]
        );
    }

    #[test]
    fn bare_years_need_context() {
        let p = pd(2021, 6, 1);
        assert_eq!(values("Independence came in 1991.", p), ["1991"]);
        assert_eq!(values("Ukraine's 2019 presidential election", p), ["2019"]);
        assert_eq!(values("under Resolution 2231 (2015), adopted", p), ["2015"]);
        assert!(values("It will be the first time in two years.", p).is_empty());
        assert!(values(
            "Some 2,000 troops and Article 53 apply; 2000 people came.",
            p
        )
        .is_empty());
        let r = one("It ruled between 1949 and 1989, and again 2017-2018.", p);
        assert_eq!(r[0].1, "1949");
        assert_eq!(r[0].2.as_deref(), Some("1989"));
        assert_eq!(r[1].1, "2017");
        assert_eq!(r[1].2.as_deref(), Some("2018"));
        let s = one("It has grown since 1992.", p);
        assert_eq!(
            (s[0].0.as_str(), s[0].1.as_str(), s[0].2.clone()),
            ("since 1992", "1992", None)
        );
    }

    #[test]
    fn relative_expressions() {
        let p = pd(2006, 11, 15); // a Wednesday
        assert_eq!(values("He left yesterday.", p), ["2006-11-14"]);
        assert_eq!(values("They met last week.", p), ["2006-W45"]);
        assert_eq!(
            values("Exercises are planned for next spring.", p),
            ["2007-SP"]
        );
        assert_eq!(values("It was signed earlier this month.", p), ["2006-11"]);
        assert_eq!(values("He resigned on Monday.", p), ["2006-11-13"]);
        assert_eq!(values("He will resign on Monday.", p), ["2006-11-20"]);
        assert_eq!(values("He visited 30 years ago.", p), ["1976"]);
        let r = one("The vote came in late November.", pd(2006, 12, 5));
        assert_eq!(r[0].1, "2006-11-21");
        assert_eq!(r[0].2.as_deref(), Some("2006-11-30"));
        assert_eq!(
            values(
                "The talks opened on November 7; two days later they collapsed.",
                p
            ),
            ["2006-11-07", "2006-11-09"]
        );
        let prev = annotate(
            "It opened on November 7 and closed a couple of weeks after.",
            &[],
            &[],
            p,
        );
        assert_eq!(prev[1].anchor, Anchor::Previous);
        assert_eq!(prev[1].value, "2006-W47");
        assert!(values("He was recently promoted, weeks ago.", p).is_empty());
        assert_eq!(
            one("Protesters gathered over the weekend.", p)[0].1,
            "2006-11-11"
        );
        assert_eq!(
            one("Talks will resume over the weekend.", p)[0].1,
            "2006-11-18"
        );
        assert_eq!(values("They met earlier in the week.", p), ["2006-W46"]);
        assert_eq!(values("A deal is expected later in the year.", p), ["2006"]);
        // an event after "after" is dated by the expression it follows in the sentence
        let t =
            "The Senate on Monday rejected the bill, two weeks after the lower house approved it.";
        assert_eq!(values(t, p), ["2006-11-13", "2006-11-13"]);
        let t = "Voting ended on Monday. Results came two days after the polls closed.";
        let two = [
            Sentence { start: 0, end: 23 },
            Sentence {
                start: 24,
                end: t.len(),
            },
        ];
        assert_eq!(annotate(t, &two, &[], p).len(), 1);
    }

    #[test]
    fn citations_in_parentheses_ignore_the_sentence_tense() {
        let p = pd(2006, 11, 15);
        let t = "Observers will attend the maneuvers (Avesta, November 8).";
        assert_eq!(values(t, p), ["2006-11-08"]);
        let t = "He has been invited to visit Jordan in late November.";
        assert_eq!(one(t, p)[0].1, "2006-11-21");
    }

    #[test]
    fn partial_publication_dates_coarsen() {
        let year_only = PartialDate::new(2006, None, None);
        assert_eq!(values("It shrank last year.", year_only), ["2005"]);
        // a day-relative expression can only be placed in the anchor's year
        assert_eq!(values("He left yesterday.", year_only), ["2006"]);
        // a month-day needs at least the month: kept partial
        assert_eq!(values("They met on November 7.", year_only), ["--11-07"]);
        let month = PartialDate::new(2006, Some(11), None);
        assert_eq!(values("They met on October 7.", month), ["2006-10-07"]);
        assert_eq!(values("They met on Monday.", month), Vec::<String>::new());
    }

    #[test]
    fn ambiguous_words_are_not_dates() {
        let p = pd(2019, 3, 1);
        assert!(values("Theresa May said troops may march.", p).is_empty());
        assert!(values("After the fall of Kabul, spring rains came.", p).is_empty());
    }

    #[test]
    fn normalize_phrases() {
        let r = NaiveDate::from_ymd_opt(2013, 2, 12).unwrap();
        let n = |s: &str| normalize(s, r).map(|e| e.value);
        assert_eq!(n("tomorrow").as_deref(), Some("2013-02-13"));
        assert_eq!(n("next tuesday").as_deref(), Some("2013-02-19"));
        assert_eq!(n("last week").as_deref(), Some("2013-W06"));
        assert_eq!(n("march 3rd").as_deref(), Some("2013-03-03"));
        assert_eq!(n("the third quarter of 2014").as_deref(), Some("2014-Q3"));
        assert_eq!(n("nothing here"), None);
        assert_eq!(
            n("the first Tuesday of October 2014").as_deref(),
            Some("2014-10-07")
        );
        assert_eq!(n("wednesday of next week").as_deref(), Some("2013-02-20"));
        assert_eq!(n("31-Oct-74").as_deref(), Some("1974-10-31"));
        assert_eq!(n("2014/10").as_deref(), Some("2014-10"));
        assert_eq!(n("2015/16").as_deref(), Some("2015"));
        assert_eq!(n("2018Q4").as_deref(), Some("2018-Q4"));
        assert_eq!(n("march first").as_deref(), Some("2013-03-01"));
        assert_eq!(n("Tuesday the 19th").as_deref(), Some("2013-02-19"));
        let p = pd(2013, 2, 12);
        assert_eq!(
            values("The board will meet on the 25th.", p),
            ["2013-02-25"]
        );
        assert_eq!(values("The board met on the 25th.", p), ["2013-01-25"]);
        assert!(values("It happened in the 15th century, on the 5th floor.", p).is_empty());
        let e = normalize("in the first eight months of 2006", r).unwrap();
        assert_eq!(
            (e.value.as_str(), e.end_value.as_deref()),
            ("2006-01", Some("2006-08"))
        );
    }

    /// [`Cues::at`] as it reads without its quick test.
    fn plain_cue(cues: &Cues<'_, '_>, k: usize) -> Option<Tense> {
        let w = cues.word(k);
        if w.is_empty() {
            return None;
        }
        for s in k.saturating_sub(cues.lex.tense_phrase_max.saturating_sub(1))..=k {
            if let Some((len, t)) = cues.phrase_at(s) {
                if s == k {
                    return Some(t);
                }
                if s + len > k {
                    return None;
                }
            }
        }
        let be = ["be", "been", "being", "is", "are", "am"];
        let after_be = (1..=2).any(|n| k >= n && be.contains(&cues.word(k - n)));
        if let Some(t) = cues.lex.tense_words.get(w) {
            let ll_ok = w != "ll" || k > 0 && cues.toks[k - 1].lower == "'";
            return (ll_ok && (t == Tense::Future || !after_be)).then_some(t);
        }
        let participle = w.len() >= 5 && w.ends_with("ed") && !cues.lex.notpast.contains(w);
        (participle && !after_be).then_some(Tense::Past)
    }

    const CUE_VOCAB: &[&str] = &[
        "will",
        "be",
        "held",
        "to",
        "is",
        "was",
        "said",
        "plans",
        "united",
        "expected",
        "ll",
        "'",
        "the",
        "met",
        "talks",
        "due",
        "are",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "set",
        "scheduled",
        "would",
        "agreed",
        "on",
        ",",
        "Monday",
        "2006",
        "tomorrow",
        "going",
        "slated",
        "for",
        "vowed",
    ];

    proptest::proptest! {
        #[test]
        fn cues_are_as_plainly_defined(
            picks in proptest::collection::vec((0..CUE_VOCAB.len(), proptest::bool::ANY), 1..12)
        ) {
            let text = super::glue_picks(CUE_VOCAB, &picks);
            let src = scan::Source::new(&text);
            let toks = scan::scan(&src);
            let cues = Cues { toks: &toks, lex: lexicon::get() };
            for k in 0..=toks.len() {
                proptest::prop_assert_eq!(cues.at(k), plain_cue(&cues, k), "{:?} at {}", text, k);
            }
        }

        #[test]
        fn spans_are_valid_on_any_text(s in "\\PC{0,80}", y in 1000i32..2999, m in 1u8..13, d in 1u8..29) {
            for e in annotate(&s, &[], &[], PartialDate::new(y, Some(m), Some(d))) {
                proptest::prop_assert!(s.get(e.start..e.end) == Some(e.text.as_str()));
            }
        }

        #[test]
        fn date_like_text_never_panics(s in "[0-9A-Za-z ./,'-]{0,60}") {
            let _ = normalize(&s, NaiveDate::MIN);
            let _ = normalize(&s, NaiveDate::MAX);
            let _ = annotate(&s, &[Sentence { start: 0, end: s.len() }], &[], None);
        }
    }

    #[test]
    fn long_text_is_linear() {
        let unit = "The minister said on Monday that talks would resume between 2001 and 2005, two days later. ";
        let text = unit.repeat(20_000);
        let t = std::time::Instant::now();
        let found = annotate(&text, &[], &[], pd(2006, 11, 15));
        assert_eq!(found.len(), 60_000);
        assert!(t.elapsed().as_secs() < 20);
    }

    #[test]
    fn no_panic_on_odd_input() {
        for s in [
            "",
            "-",
            "since",
            "between 2001 and",
            "Nov.",
            "9999/99/99",
            "the 0s",
            "Q9 2020",
            "in 999999999999 years",
        ] {
            let _ = annotate(s, &[], &[], pd(2006, 11, 15));
            let _ = normalize(s, NaiveDate::MIN);
            let _ = normalize(s, NaiveDate::MAX);
        }
    }
}
