//! Quantities: numbers in digits and words ("20,000", "Twenty", "a handful of") with their
//! units — ISO 4217 money, `percent`, `persons` for people nouns, military formations, else
//! the counted noun's singular. Years, dates, times and labels ("Article 53") are left out.

pub(crate) mod lexicon;
pub(crate) mod scan;

use crate::model::{Quantity, Sentence, Token};
use crate::wordmap::WordSet;
use lexicon::{lexicon, Lexicon, NumKind, UnitClass};
use scan::{Kind, Tok};

/// Words that end a counted noun phrase ("20 officers *were* sent", "5 people *to* 4 countries").
const STOP: &[&str] = &[
    "of",
    "in",
    "to",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "were",
    "was",
    "are",
    "is",
    "be",
    "been",
    "had",
    "have",
    "has",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "who",
    "whom",
    "whose",
    "that",
    "which",
    "from",
    "at",
    "on",
    "for",
    "with",
    "by",
    "per",
    "than",
    "as",
    "a",
    "an",
    "more",
    "less",
    "each",
    "this",
    "these",
    "those",
    "it",
    "they",
    "them",
    "their",
    "its",
    "his",
    "her",
    "he",
    "she",
    "we",
    "our",
    "you",
    "i",
    "not",
    "into",
    "onto",
    "over",
    "under",
    "about",
    "after",
    "before",
    "during",
    "since",
    "until",
    "while",
    "when",
    "where",
    "if",
    "so",
    "also",
    "all",
    "both",
    "some",
    "out",
    "up",
    "down",
    "off",
    "there",
    "here",
    "now",
    "then",
    "ago",
    "later",
    "earlier",
    "did",
    "do",
    "does",
    "such",
    "other",
    "another",
    "between",
    "among",
    "against",
    "through",
    "toward",
    "towards",
    "across",
    "near",
    "around",
    "above",
    "below",
    "behind",
    "beyond",
    "within",
    "without",
    "via",
    "like",
    "including",
    "according",
    "only",
    "just",
    "even",
    "still",
    "yet",
    "already",
    "too",
    "very",
    "respectively",
    "apiece",
    "each",
    "every",
    "what",
    "why",
    "how",
    "said",
    "else",
    "myself",
    "yourself",
    "himself",
    "herself",
    "itself",
    "ourselves",
    "themselves",
];

/// [`STOP`] as a set: it is read for most words after an amount.
fn stop() -> &'static WordSet {
    static SET: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| WordSet::of(STOP.iter().copied()))
}

/// Capitalized words that may open a sentence before an amount ("Some 20,000 troops").
const APPROX: &[&str] = &[
    "some",
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "approximately",
    "over",
    "under",
    "up",
    "fewer",
    "less",
    "more",
    "only",
    "just",
    "at",
    "another",
    "all",
    "exactly",
    "barely",
    "least",
    "most",
    "estimated",
    "perhaps",
    "possibly",
    "total",
];

/// Time units: durations and relative dates ("two weeks ago") belong to the time annotator.
const TIME_UNITS: &[&str] = &[
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "weekend",
    "month",
    "year",
    "decade",
    "century",
    "night",
    "morning",
    "evening",
    "afternoon",
];

/// Prepositions before a four-digit number that make it a year ("in 1991", "since 1992").
const YEAR_PREPS: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "of", "to", "and", "between", "before", "after",
    "during", "mid", "early", "late", "the", "year", "fiscal", "through", "around", "circa",
    "spring", "summer", "autumn", "fall", "winter",
];

const CLOCK: &[&str] = &[
    "am", "pm", "a.m", "p.m", "gmt", "utc", "o'clock", "hrs", "local",
];
const ORDINAL_SUFFIX: &[&str] = &["st", "nd", "rd", "th"];

/// Finds the quantities in `text`. Scans the text itself (sentence spans only bound the scan)
/// so a number like "14.5" survives whatever the sentence splitter does with its dot.
pub fn annotate(text: &str, sentences: &[Sentence], _tokens: &[Token]) -> Vec<Quantity> {
    scan_sentences(text, sentences, &mut scan::Lowers::default())
        .map_or_else(Vec::new, |toks| find(text, &toks))
}

/// The scan both this annotator and the quote annotator read: from the first sentence's start
/// to the last one's end (quantities and quotes never sit outside sentences, and crossing a
/// possibly wrong inner boundary is harmless). `None` when the sentence spans are not usable.
/// [`crate::annotate`] scans once and hands the tokens to both.
pub(crate) fn scan_sentences<'a>(
    text: &'a str,
    sentences: &[Sentence],
    lowers: &'a mut scan::Lowers,
) -> Option<Vec<Tok<'a>>> {
    let (start, end) = scan_range(text, sentences)?;
    Some(scan::scan(text, start, end, lowers))
}

/// The byte range [`scan_sentences`] scans, `None` when not on char boundaries.
pub(crate) fn scan_range(text: &str, sentences: &[Sentence]) -> Option<(usize, usize)> {
    let (start, end) = match (sentences.first(), sentences.last()) {
        (Some(f), Some(l)) if f.start <= l.end && l.end <= text.len() => (f.start, l.end),
        _ => (0, text.len()),
    };
    (text.is_char_boundary(start) && text.is_char_boundary(end)).then_some((start, end))
}

/// The amounts of one block of a scan, before ranges are merged: [`crate::annotate`] scans a
/// large document a block at a time and merges the ranges of all blocks' amounts at the end
/// with [`merge_blocks`].
pub(crate) fn amounts_into(text: &str, toks: &[Tok], out: &mut Vec<Quantity>) {
    out.append(&mut amounts(text, toks));
}

/// Joins the ranges among the amounts of [`amounts_into`], as [`find`] does.
pub(crate) fn merge_blocks(text: &str, found: Vec<Quantity>) -> Vec<Quantity> {
    merge_ranges(text, found)
}

fn find(text: &str, toks: &[Tok]) -> Vec<Quantity> {
    merge_ranges(text, amounts(text, toks))
}

/// "$10-$20", "between $10 million and $15 million", "€5 to €8 billion": two amounts of one
/// unit joined by a dash, "to" (not after "from": "rose from $10 to $20" is a change) or
/// "between … and" become one range.
fn merge_ranges(text: &str, found: Vec<Quantity>) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::with_capacity(found.len());
    for q in found {
        if let Some(a) = out.last_mut() {
            let gap = text.get(a.end..q.start).unwrap_or("x").trim();
            let before = text.get(..a.start).unwrap_or_default().trim_end();
            let before = before
                .get(before.len().saturating_sub(8)..)
                .unwrap_or_default()
                .to_lowercase();
            let joined = match gap {
                "-" | "\u{2013}" => true,
                "to" => !before.ends_with("from"),
                "and" => before.ends_with("between"),
                _ => false,
            };
            if joined
                && a.unit.is_some()
                && a.unit == q.unit
                && a.max.is_none()
                && q.value > a.value
            {
                a.max = Some(q.max.unwrap_or(q.value));
                a.end = q.end;
                a.text = text.get(a.start..a.end).unwrap_or_default().to_string();
                continue;
            }
        }
        out.push(q);
    }
    out
}

fn amounts(text: &str, toks: &[Tok]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    let lex = lexicon();
    while i < toks.len() {
        // Most tokens start nothing: one lookup rules them out before the rules run.
        if !may_start(lex, &toks[i]) || !article_may_start(lex, toks, i) {
            i += 1;
            continue;
        }
        match quantity_at(text, toks, i) {
            Some((q, next)) => {
                out.push(q);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// Whether a quantity may start at `t`: a number, or a word or mark that opens a vague amount,
/// a currency prefix, a number word ("twenty-five": its first part) or "a", "an", "half", "us"
/// ("a dozen", "half a million", "US$"). [`quantity_at`] finds nothing elsewhere: a unit,
/// currency name or speech verb is read only after one of these.
fn may_start(lex: &Lexicon, t: &Tok) -> bool {
    // The set's filter, inlined, turns most words away without a call.
    let listed = |w: &str| lex.starts.admits(w) && lex.starts.contains(w);
    match t.kind {
        Kind::Number => true,
        Kind::Punct => listed(t.lower),
        Kind::Word => {
            listed(t.lower)
                || t.hyphen
                    && t.lower
                        .split_once('-')
                        .is_some_and(|(head, _)| listed(head))
        }
    }
}

/// False for an article ("a", "an": one word in fifty, and each tried every rule that may
/// start with one) whose next word is none of [`Lexicon::after_article`]: the rules then find
/// nothing at it. Asked only of the tokens that [`may_start`] lets through.
fn article_may_start(lex: &Lexicon, toks: &[Tok], i: usize) -> bool {
    match (toks.get(i), &lex.after_article) {
        (Some(t), Some(after)) if t.is_word() && (t.lower == "a" || t.lower == "an") => {
            toks.get(i + 1).is_some_and(|n| after.contains(n.lower))
        }
        _ => true,
    }
}

fn is(t: Option<&Tok>, w: &str) -> bool {
    t.is_some_and(|t| t.lower == w)
}

/// Does the phrase `words` start at token `i`? Returns the index after it.
fn phrase_at(toks: &[Tok], i: usize, words: &[String]) -> Option<usize> {
    for (k, w) in words.iter().enumerate() {
        let t = toks.get(i + k)?;
        if t.kind != Kind::Word || t.lower != *w || (k > 0 && t.newlines_before > 1) {
            return None;
        }
    }
    Some(i + words.len())
}

/// A parsed amount: value, optional upper bound, index after it, whether it was written in
/// digits, and an ISO code when a currency symbol came first.
struct Amount {
    value: f64,
    max: Option<f64>,
    next: usize,
    digits: bool,
    currency: Option<String>,
}

fn quantity_at(text: &str, toks: &[Tok], i: usize) -> Option<(Quantity, usize)> {
    let lex = lexicon();
    let t = &toks[i];
    // Vague amounts first: "a handful of", "dozens of", "several".
    let vague = lex.vague_by_first.get(t.lower).iter();
    for (words, lo, hi) in vague.filter_map(|&k| lex.vague.get(k)) {
        if let Some(mut next) = phrase_at(toks, i, words) {
            let (mut lo, mut hi) = (*lo, *hi);
            // "hundreds of millions of dollars": the vague count scales the amount.
            if let Some(scale) = toks.get(next).and_then(|x| match x.lower {
                "thousands" => Some(1e3),
                "millions" => Some(1e6),
                "billions" => Some(1e9),
                _ => None,
            }) {
                if is(toks.get(next + 1), "of") {
                    lo *= scale;
                    hi *= scale;
                    next += 2;
                }
            }
            let max = if hi > lo { Some(hi) } else { None };
            if let Some((end, code)) = currency_word_at(text, toks, next) {
                return Some((
                    make(text, t.start(), toks[end - 1].end(), lo, max, Some(code)),
                    end,
                ));
            }
            let head = head_noun(text, toks, next, 2.0)?;
            let (unit, end) = (head.0, head.1);
            if unit.as_deref().is_some_and(|u| TIME_UNITS.contains(&u)) {
                return None;
            }
            return Some((
                make(text, t.start(), toks[end - 1].end(), lo, max, unit),
                end,
            ));
        }
    }
    // "a company" / "a battalion" in a military context.
    if (t.lower == "a" || t.lower == "an") && t.is_word() {
        if let Some(found) = military_single(text, toks, i) {
            return Some(found);
        }
        // "a dollar", "a euro".
        if toks.get(i + 1).is_some_and(|x| x.is_word()) {
            if let Some((n, code)) = currency_word_at(text, toks, i + 1) {
                let ends = toks
                    .get(n)
                    .is_none_or(|x| !x.is_word() || stop().contains(x.lower));
                if ends {
                    let q = make(text, t.start(), toks[n - 1].end(), 1.0, None, Some(code));
                    return Some((q, n));
                }
            }
        }
    }
    let amount = amount_at(text, toks, i)?;
    let mut next = amount.next;
    let start = t.start();
    let mut end = toks[next - 1].end();
    // Percent.
    if toks.get(next).is_some_and(|x| x.is_punct("%")) {
        end = toks[next].end();
        return Some((
            make(
                text,
                start,
                end,
                amount.value,
                amount.max,
                Some("percent".into()),
            ),
            next + 1,
        ));
    }
    if let Some(code) = amount.currency {
        // "$5 million dollars": swallow a repeated currency word.
        if let Some((n, _)) = currency_word_at(text, toks, next) {
            end = toks[n - 1].end();
            next = n;
        }
        return Some((
            make(text, start, end, amount.value, amount.max, Some(code)),
            next,
        ));
    }
    if let Some((n, code)) = currency_word_at(text, toks, next) {
        end = toks[n - 1].end();
        return Some((
            make(text, start, end, amount.value, amount.max, Some(code)),
            n,
        ));
    }
    match head_noun(text, toks, next, amount.value) {
        Some((unit, n)) => {
            if unit.as_deref().is_some_and(|u| TIME_UNITS.contains(&u)) {
                return None;
            }
            end = toks[n - 1].end();
            Some((make(text, start, end, amount.value, amount.max, unit), n))
        }
        None => {
            // A bare number word without a noun: "one" is mostly a pronoun ("one of them").
            if !amount.digits && amount.value <= 1.0 {
                return None;
            }
            Some((make(text, start, end, amount.value, amount.max, None), next))
        }
    }
}

fn make(
    text: &str,
    start: usize,
    end: usize,
    value: f64,
    max: Option<f64>,
    unit: Option<String>,
) -> Quantity {
    Quantity {
        start,
        end,
        text: text.get(start..end).unwrap_or_default().to_string(),
        value,
        max,
        unit,
    }
}

fn currency_word_at(text: &str, toks: &[Tok], i: usize) -> Option<(usize, String)> {
    let lex = lexicon();
    let first = toks
        .get(i)
        .map_or(&[][..], |t| lex.currency_by_first.get(t.lower));
    for (words, code) in first.iter().filter_map(|&k| lex.currency_words.get(k)) {
        if let Some(n) = phrase_at(toks, i, words) {
            // "500 pounds of explosives" is a weight.
            if words.len() == 1 && words[0].starts_with("pound") && is(toks.get(n), "of") {
                return None;
            }
            return Some((n, code.clone()));
        }
    }
    // ISO codes after the amount ("5 million USD"), in capitals only; symbols after it
    // ("20€", "10k$") when glued or not starting another amount.
    let t = toks.get(i)?;
    let code = lex.currency_prefix.get(t.lower)?;
    if t.is_word() && is_code(text_of(text, t)) {
        return Some((i + 1, code.clone()));
    }
    let starts_amount = toks
        .get(i + 1)
        .is_some_and(|n| n.is_number() && !n.space_before);
    if t.kind == Kind::Punct && (!t.space_before || !starts_amount) {
        return Some((i + 1, code.clone()));
    }
    None
}

/// A token's text as written (`lower` has lost the capitals).
fn text_of<'a>(text: &'a str, t: &Tok) -> &'a str {
    text.get(t.start()..t.end()).unwrap_or_default()
}

/// A three-letter ISO code as written in capitals ("USD", not "try").
fn is_code(raw: &str) -> bool {
    raw.len() == 3 && raw.bytes().all(|b| b.is_ascii_uppercase())
}

/// Parses an amount at `i`: an optional currency prefix, digits or number words, a scale
/// ("million", glued "bn") and a range ("20-30"). `None` for years, dates, times, labels.
fn amount_at(text: &str, toks: &[Tok], i: usize) -> Option<Amount> {
    let lex = lexicon();
    let mut j = i;
    let mut currency = None;
    let t = &toks[i];
    // Currency before the number: "$", "€", "US$", "USD 5 million".
    if t.kind == Kind::Punct || t.is_word() {
        let key: &str = if t.lower == "us"
            && toks
                .get(i + 1)
                .is_some_and(|x| x.is_punct("$") && !x.space_before)
        {
            j += 1;
            "us$"
        } else {
            t.lower
        };
        let code = lex.currency_prefix.get(key).filter(|_| {
            // Letter codes count only in capitals; "Rs" and "US$" as written.
            !(t.is_word() && t.lower.len() == 3 && !is_code(text_of(text, t)))
        });
        if let Some(code) = code {
            // "Rs. 20": a dot after an abbreviated currency.
            if t.is_word()
                && toks
                    .get(j + 1)
                    .is_some_and(|d| d.is_punct(".") && !d.space_before)
            {
                j += 1;
            }
            let n = toks.get(j + 1)?;
            if !n.is_number() || (t.kind == Kind::Punct && n.space_before && n.newlines_before > 0)
            {
                return None;
            }
            currency = Some(code.clone());
            j += 1;
        } else if j != i {
            return None;
        }
    }
    let first = toks.get(j)?;
    // "on the one hand", "the one who": "one" after "the" is not a count.
    if first.lower == "one" && j > 0 && toks[j - 1].lower == "the" {
        return None;
    }
    let (mut value, mut next, digits) = if first.is_number() {
        let v = parse_digits(first.lower)?;
        if currency.is_none() && !plain_number(text, toks, j) {
            return None;
        }
        (v, j + 1, true)
    } else if first.is_word() && currency.is_none() {
        let (v, n) = number_words(toks, j)?;
        (v, n, false)
    } else {
        return None;
    };
    // Scale: "14.5 million", "1.2bn", "$5m", "two dozen".
    if let Some(s) = toks.get(next) {
        if s.is_word() {
            if let Some((m, k)) = lex.numbers.get(s.lower) {
                let glued = !s.space_before;
                let ok = match k {
                    NumKind::Scale | NumKind::Hundred => digits,
                    // "$5m", "£2bn"; without money a glued letter is a name ("4K", "G7").
                    NumKind::Abbrev => digits && glued && currency.is_some(),
                    NumKind::Dozen => true,
                    _ => false,
                };
                if ok {
                    value *= m;
                    next += 1;
                    // "2.5 million" may be followed by another scale only in word numbers.
                }
            }
        }
    }
    // Range: "20-30 soldiers", "20 to 30 soldiers".
    let mut max = None;
    if digits {
        if let (Some(sep), Some(n2)) = (toks.get(next), toks.get(next + 1)) {
            let dash = (sep.is_punct("-") || sep.is_punct("\u{2013}")) && !n2.space_before;
            // "between 20 and 30": "and" joins a range only after "between".
            let between = sep.lower == "and" && i > 0 && toks[i - 1].lower == "between";
            // "rose from 20 to 30 percent" is a change, not a range.
            let from = i > 0 && toks[i - 1].lower == "from";
            let to = sep.lower == "to" && !from;
            if (dash || to || between) && n2.is_number() {
                if let Some(v2) = parse_digits(n2.lower) {
                    let scale = if value != 0.0 {
                        value / parse_digits(first.lower).unwrap_or(1.0)
                    } else {
                        1.0
                    };
                    if v2 * scale > value && plain_number(text, toks, next + 1) {
                        max = Some(v2 * scale);
                        next += 2;
                    }
                }
            }
        }
    }
    Some(Amount {
        value,
        max,
        next,
        digits,
        currency,
    })
}

/// The value of a number token ("20,000", "14.5"): its thousands separators are dropped
/// only when it has some, so most numbers are parsed without a copy.
fn parse_digits(s: &str) -> Option<f64> {
    if s.contains(',') {
        s.replace(',', "").parse().ok()
    } else {
        s.parse().ok()
    }
}

/// Is the digit token at `j` a count, not a year, date, time, ordinal, label or code?
fn plain_number(text: &str, toks: &[Tok], j: usize) -> bool {
    let lex = lexicon();
    let t = &toks[j];
    let prev = j.checked_sub(1).and_then(|p| toks.get(p));
    let next = toks.get(j + 1);
    // Glued to letters: "G20", "F-16", "16th", "COVID-19".
    if let Some(p) = prev {
        if !t.space_before
            && (p.is_word()
                || p.is_punct("-")
                || p.is_punct("/")
                || p.is_punct(":")
                || p.is_punct("#"))
        {
            return false;
        }
    }
    if let Some(n) = next {
        if !n.space_before {
            if n.is_word()
                && (ORDINAL_SUFFIX.contains(&n.lower)
                    || !matches!(lex.numbers.get(n.lower), Some((_, NumKind::Scale))))
            {
                return false;
            }
            if (n.is_punct("/") || n.is_punct(":") || n.is_punct("-") || n.is_punct("\u{2013}"))
                && toks
                    .get(j + 2)
                    .is_some_and(|x| x.is_number() && !x.space_before)
            {
                // "8/24/2005", "10:30"; a dash range of two plain counts is allowed below.
                if !(n.is_punct("-") || n.is_punct("\u{2013}")) || year_like(t) {
                    return false;
                }
            }
        }
        // "a 150-member chamber", "a 20-year sentence": a compound adjective, not a count.
        if !n.space_before
            && (n.is_punct("-") || n.is_punct("\u{2013}"))
            && toks
                .get(j + 2)
                .is_some_and(|x| x.is_word() && !x.space_before)
        {
            return false;
        }
        if CLOCK.contains(&n.lower)
            || crate::timex::is_month_name(n.lower) && n.is_capitalized(text)
        {
            return false;
        }
    }
    // "Nov. 7", "November 7", "Article 53", "fiscal year 2022".
    let mut p = j;
    while p > 0 && toks[p - 1].is_punct(".") {
        p -= 1;
    }
    if let Some(pw) = p.checked_sub(1).and_then(|q| toks.get(q)) {
        let month = crate::timex::is_month_name(pw.lower) && pw.is_capitalized(text);
        // A lower-case label word only labels a bare number ("paragraph 3", "fiscal year
        // 2022"), not an amount with a unit ("fined the company 3 million tenge").
        let label = lex.labels.contains(pw.lower)
            && (pw.is_capitalized(text) || !followed_by_unit(text, toks, j));
        if pw.is_word() && (month || label) {
            return false;
        }
    }
    // A list marker: "1." or "2)" opening a line.
    if (j == 0 || t.newlines_before > 0)
        && next.is_some_and(|n| (n.is_punct(".") || n.is_punct(")")) && !n.space_before)
    {
        return false;
    }
    // "Boeing 737", "Windows 10", "Su 27": a number right after a proper name labels it,
    // unless people, money or a percentage follow ("NATO's 30 members" is rare; "Kazakhstan
    // 45 senators" does not occur). Sentence-initial approximators ("Some 20,000") are not names.
    if let Some(pw) = prev {
        if pw.is_word()
            && t.space_before
            && pw.is_capitalized(text)
            && !stop().contains(pw.lower)
            && !APPROX.contains(&pw.lower)
            && !lex.numbers.contains_key(pw.lower)
            && !crate::timex::is_month_name(pw.lower)
        {
            let counted = head_noun(text, toks, j + 1, 2.0).is_some_and(|(u, _)| {
                u.as_deref().is_some_and(|u| {
                    u == "persons"
                        || u == "percent"
                        || lex
                            .units
                            .iter()
                            .any(|x| x.1 == u && x.2 != UnitClass::Measure)
                })
            }) || next.is_some_and(|n| n.is_punct("%"))
                || currency_word_at(text, toks, j + 1).is_some();
            if !counted {
                return false;
            }
        }
    }
    if year_like(t) {
        // A year unless a counted person noun or money follows and no year preposition precedes.
        let before_ok = prev.is_none_or(|p| !(p.is_word() && YEAR_PREPS.contains(&p.lower)));
        let after_count = head_noun(text, toks, j + 1, 2.0).is_some_and(|(u, _)| {
            u.as_deref()
                .is_some_and(|u| u == "persons" || u == "percent")
        }) || next.is_some_and(|n| n.is_punct("%"));
        return before_ok && after_count;
    }
    true
}

/// Does a unit follow the number at `j` ("3 million tenge", "20 officers", "5%")?
fn followed_by_unit(text: &str, toks: &[Tok], j: usize) -> bool {
    let lex = lexicon();
    let mut k = j + 1;
    if toks
        .get(k)
        .is_some_and(|t| matches!(lex.numbers.get(t.lower), Some((_, NumKind::Scale))))
    {
        k += 1;
    }
    toks.get(k).is_some_and(|t| t.is_punct("%"))
        || currency_word_at(text, toks, k).is_some()
        || head_noun(text, toks, k, 2.0).is_some()
}

fn year_like(t: &Tok) -> bool {
    t.lower.len() == 4
        && t.lower.bytes().all(|b| b.is_ascii_digit())
        && t.lower
            .parse::<u32>()
            .is_ok_and(|y| (1000..=2199).contains(&y))
}

/// Number words from `i`: "twenty", "twenty-five", "two hundred and fifty", "three million",
/// "a hundred", "half a million". Returns the value and the index after the last word.
fn number_words(toks: &[Tok], i: usize) -> Option<(f64, usize)> {
    let lex = lexicon();
    let t = toks.get(i)?;
    // "half a million".
    if t.lower == "half" && is(toks.get(i + 1), "a") {
        if let Some((m, NumKind::Scale)) = toks.get(i + 2).and_then(|s| lex.numbers.get(s.lower)) {
            return Some((m / 2.0, i + 3));
        }
    }
    let mut j = i;
    let mut total = 0.0;
    let mut current = 0.0;
    let mut seen = false;
    // "a hundred", "a thousand", "a million".
    if t.lower == "a" || t.lower == "an" {
        match toks.get(i + 1).and_then(|s| lex.numbers.get(s.lower)) {
            Some((_, NumKind::Hundred | NumKind::Scale)) => {
                current = 1.0;
                j += 1;
            }
            _ => return None,
        }
    }
    while let Some(w) = toks.get(j) {
        if !w.is_word() || (j > i && w.newlines_before > 1) {
            break;
        }
        if w.lower == "and"
            && seen
            && toks.get(j + 1).is_some_and(|x| {
                matches!(
                    lex.numbers.get(x.lower),
                    Some((_, NumKind::Unit | NumKind::Teen | NumKind::Ten))
                )
            })
        {
            j += 1;
            continue;
        }
        let mut ok = true;
        let mut parts = 0;
        for part in w.lower.split('-') {
            parts += 1;
            match lex.numbers.get(part) {
                Some((v, NumKind::Unit | NumKind::Teen | NumKind::Ten)) => current += v,
                Some((v, NumKind::Hundred)) if seen || current > 0.0 => {
                    current = current.max(1.0) * v
                }
                Some((v, NumKind::Scale)) if seen || current > 0.0 => {
                    total += current.max(1.0) * v;
                    current = 0.0;
                }
                Some((v, NumKind::Dozen)) if seen || current > 0.0 => {
                    current = current.max(1.0) * v
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            if parts > 1 && !seen {
                return None;
            }
            break;
        }
        seen = true;
        j += 1;
    }
    if !seen {
        return None;
    }
    Some((total + current, j))
}

/// The counted noun after an amount: skips up to three modifiers ("106 *present* members",
/// "1,400 *nuclear* warheads") and returns the unit and the index after the noun, or `None`
/// when no noun follows. `value` decides whether a singular noun may be the head.
fn head_noun(text: &str, toks: &[Tok], i: usize, value: f64) -> Option<(Option<String>, usize)> {
    let lex = lexicon();
    let mut k = i;
    let mut last_plain: Option<usize> = None;
    while k < toks.len() && k < i + 4 {
        let t = &toks[k];
        if !t.is_word() || t.newlines_before > 1 {
            break;
        }
        let first = lex.units_by_first.get(t.lower).iter();
        for (words, unit, _) in first.filter_map(|&k| lex.units.get(k)) {
            if let Some(n) = phrase_at(toks, k, words) {
                // A counted "two companies" is a unit either way (formations or firms); the
                // military context only matters for a bare "a company".
                return Some((Some(unit.clone()), n));
            }
        }
        if stop().contains(t.lower) || lex.numbers.contains_key(t.lower) {
            break;
        }
        let cap = t.is_capitalized(text);
        let raw = text.get(t.start()..t.end()).unwrap_or_default();
        let acronym_plural = raw.len() > 2
            && raw.ends_with('s')
            && raw[..raw.len() - 1].chars().all(|c| c.is_ascii_uppercase());
        if acronym_plural && value != 1.0 {
            return Some((Some(raw[..raw.len() - 1].to_string()), k + 1));
        }
        if !cap {
            if value != 1.0 && looks_plural(t.lower) {
                return Some((Some(singular(t.lower)), k + 1));
            }
            if t.lower.ends_with("ly") {
                break;
            }
            last_plain = Some(k);
        }
        k += 1;
    }
    // No plural: a lone lower-case noun ("20 aircraft", "one tank") if the phrase ends here.
    let lp = last_plain?;
    let ends = toks
        .get(lp + 1)
        .is_none_or(|n| !n.is_word() || stop().contains(n.lower));
    if ends && noun_like(toks[lp].lower, value) {
        return Some((Some(toks[lp].lower.to_string()), lp + 1));
    }
    None
}

/// Military context for a formation noun spanning `k..n` in a quantity starting at `start`.
fn military_ok(toks: &[Tok], start: usize, k: usize, n: usize) -> bool {
    let lex = lexicon();
    let before = start.saturating_sub(4)..start;
    if toks[before]
        .iter()
        .any(|t| lex.military_before.contains(t.lower))
    {
        return true;
    }
    if toks[start..k]
        .iter()
        .any(|t| lex.military_modifier.contains(t.lower))
    {
        return true;
    }
    is(toks.get(n), "of")
        && toks
            .get(n + 1)
            .is_some_and(|t| lex.military_after_of.contains(t.lower))
}

/// "a company", "a battalion of marines": one formation, only in a military context.
fn military_single(text: &str, toks: &[Tok], i: usize) -> Option<(Quantity, usize)> {
    let lex = lexicon();
    let mut k = i + 1;
    // At most one modifier ("an infantry company").
    if toks
        .get(k)
        .is_some_and(|t| lex.military_modifier.contains(t.lower))
    {
        k += 1;
    }
    let t = toks.get(k)?;
    let (_, unit, class) = lex
        .units_by_first
        .get(t.lower)
        .iter()
        .filter_map(|&u| lex.units.get(u))
        .find(|(w, _, _)| w.len() == 1)?;
    if *class != UnitClass::Military || t.lower.ends_with('s') && t.lower != "corps" {
        return None;
    }
    // "a battalion commander": the formation names another noun.
    if toks.get(k + 1).is_some_and(|n| {
        n.is_word() && n.space_before && !stop().contains(n.lower) && !n.is_capitalized(text)
    }) {
        return None;
    }
    if !military_ok(toks, i, k, k + 1) {
        return None;
    }
    Some((
        make(
            text,
            toks[i].start(),
            t.end(),
            1.0,
            None,
            Some(unit.clone()),
        ),
        k + 1,
    ))
}

/// Could a singular word after a number be its counted noun ("20 aircraft", "one tank")?
/// Not verbs ("one knew", "one gets"), adjectives ("one similar", "five straight") or adverbs.
fn noun_like(w: &str, value: f64) -> bool {
    const NOT_NOUNS: &[&str] = &[
        "late",
        "early",
        "straight",
        "small",
        "big",
        "large",
        "new",
        "old",
        "same",
        "other",
        "similar",
        "different",
        "nearer",
        "further",
        "present",
        "onstage",
        "else",
        "knew",
        "own",
        "alone",
        "apart",
        "together",
        "only",
        "last",
        "next",
        "first",
        "second",
        "third",
    ];
    const ADJ_SUFFIX: &[&str] = &["ed", "ing", "ly", "ous", "ful", "less"];
    // "one gets", "one sees": a verb in the third person.
    let verb_3sg = value == 1.0 && w.ends_with('s');
    !(NOT_NOUNS.contains(&w) || ADJ_SUFFIX.iter().any(|s| w.ends_with(s)) || verb_3sg)
}

fn looks_plural(w: &str) -> bool {
    w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && !w.ends_with("'s")
}

/// The singular of a regular plural: "warheads" → "warhead", "countries" → "country".
fn singular(w: &str) -> String {
    if let Some(s) = w.strip_suffix("ies") {
        // "calories", "movies", "rookies" keep their "ie".
        if matches!(
            s,
            "calor" | "mov" | "cook" | "zomb" | "rook" | "self" | "hipp" | "p" | "t"
        ) {
            return format!("{s}ie");
        }
        return format!("{s}y");
    }
    for suf in ["ches", "shes", "sses", "xes", "zes"] {
        if w.ends_with(suf) {
            return w[..w.len() - 2].to_string();
        }
    }
    w.strip_suffix('s').unwrap_or(w).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<(String, f64, Option<f64>, Option<String>)> {
        let mut lowers = scan::Lowers::default();
        let toks = scan::scan(text, 0, text.len(), &mut lowers);
        find(text, &toks)
            .into_iter()
            .map(|q| (q.text, q.value, q.max, q.unit))
            .collect()
    }

    /// An article that [`article_may_start`] turns away for the word after it starts no quantity by
    /// the rules themselves: every article of the test data's texts, and one before every
    /// word of the lexicon's lists, is tried both ways.
    #[test]
    fn articles_turned_away_start_nothing() {
        let lex = lexicon();
        let mut texts: Vec<String> = [
            include_str!("../tests/data/quantities.jsonl"),
            include_str!("../tests/data/quotes.jsonl"),
            include_str!("../tests/data/timex.jsonl"),
        ]
        .iter()
        .flat_map(|d| d.lines())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_owned))
        .collect();
        let mut listed: Vec<&str> = lex.numbers.keys().map(String::as_str).collect();
        listed.extend(lex.vague.iter().flat_map(|v| &v.0).map(String::as_str));
        listed.extend(lex.currency_prefix.keys().map(String::as_str));
        listed.extend(
            lex.currency_words
                .iter()
                .flat_map(|c| &c.0)
                .map(String::as_str),
        );
        listed.extend(lex.units.iter().flat_map(|u| &u.0).map(String::as_str));
        listed.extend(lex.military_modifier.iter().map(String::as_str));
        listed.extend(lex.military_before.iter().map(String::as_str));
        for w in listed {
            for article in ["a", "an", "An"] {
                texts.push(format!("They sent {article} {w} company of troops."));
                texts.push(format!("{article} {w} battalion was sent."));
            }
        }
        let mut tried = 0;
        for text in &texts {
            let mut lowers = scan::Lowers::default();
            let toks = scan::scan(text, 0, text.len(), &mut lowers);
            for (i, t) in toks.iter().enumerate() {
                if (t.lower == "a" || t.lower == "an") && !article_may_start(lex, &toks, i) {
                    tried += 1;
                    assert!(quantity_at(text, &toks, i).is_none(), "{text}");
                }
            }
        }
        assert!(lex.after_article.is_some() && tried > 500, "{tried}");
    }

    fn one(text: &str) -> (f64, Option<String>) {
        let v = q(text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        (v[0].1, v[0].3.clone())
    }

    #[test]
    fn money() {
        assert_eq!(
            one("The US has provided more than $275 million in aid."),
            (275e6, Some("USD".into()))
        );
        assert_eq!(
            one("It requested $14.5 million."),
            (14.5e6, Some("USD".into()))
        );
        assert_eq!(one("a loan of €3 billion"), (3e9, Some("EUR".into())));
        assert_eq!(
            one("it costs 10.7 million dollars"),
            (10.7e6, Some("USD".into()))
        );
        assert_eq!(one("a $1.2bn deal"), (1.2e9, Some("USD".into())));
    }

    #[test]
    fn currency_codes_symbols_after_and_ranges() {
        assert_eq!(one("a fee of 20€"), (20.0, Some("EUR".into())));
        assert_eq!(one("CAD 3.03 per litre"), (3.03, Some("CAD".into())));
        assert_eq!(one("it cost a dollar."), (1.0, Some("USD".into())));
        assert_eq!(one("we try 5 options"), (5.0, Some("option".into())));
        let v = q("between $10 million and $15 million");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!((v[0].1, v[0].2), (10e6, Some(15e6)));
        // A change, not a range.
        assert_eq!(q("it rose from 20 to 30 percent").len(), 2);
    }

    #[test]
    fn vague_scaled_money() {
        let v = q("hundreds of millions of dollars");
        assert_eq!(
            v,
            vec![(
                "hundreds of millions of dollars".into(),
                2e8,
                Some(999e6),
                Some("USD".into())
            )]
        );
    }

    #[test]
    fn people_and_percent() {
        assert_eq!(
            one("Twenty officers will be sent."),
            (20.0, Some("persons".into()))
        );
        assert_eq!(one("four soldiers died"), (4.0, Some("persons".into())));
        assert_eq!(one("up 40 percent"), (40.0, Some("percent".into())));
        assert_eq!(one("up 40%"), (40.0, Some("percent".into())));
        assert_eq!(one("20,000 troops"), (20000.0, Some("persons".into())));
        assert_eq!(
            one("all 106 present members of the Mazhilis"),
            (106.0, Some("persons".into()))
        );
        assert_eq!(
            one("about 1,400 nuclear warheads"),
            (1400.0, Some("warhead".into()))
        );
        let v = q("a handful of officers");
        assert_eq!(
            v,
            vec![(
                "a handful of officers".into(),
                3.0,
                Some(5.0),
                Some("persons".into())
            )]
        );
    }

    #[test]
    fn military_units_need_context() {
        assert_eq!(
            one("Moscow will send a company to the border."),
            (1.0, Some("company".into()))
        );
        assert!(q("The company said profits rose.").is_empty());
        assert!(q("He works for a company in Almaty.").is_empty());
    }

    #[test]
    fn not_quantities() {
        for t in [
            "in 1991",
            "Article 53 of the Constitution",
            "on November 7",
            "on Dec. 20",
            "fiscal year 2022",
            "in 2017-2018",
            "at 10:30",
            "on 8/24/2005",
            "F-16 jets",
            "one of them",
            "a Boeing 737 jet",
            "as one knew",
            "one similar to it",
            "a 4K screen",
            "no one else",
        ] {
            assert!(q(t).is_empty(), "{t}: {:?}", q(t));
        }
    }

    #[test]
    fn no_panic_on_odd_text() {
        for t in [
            "$",
            "$ ",
            "a",
            "€€€1",
            "1,000,",
            "twenty-",
            "-5",
            "half a",
            "US$",
            "₸",
        ] {
            let _ = q(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn spans_are_char_boundaries(t in "[a-zA-Z0-9 $€£%,.:;\\-\"“”«»’'\n]{0,80}") {
            for q in annotate(&t, &[], &[]) {
                proptest::prop_assert!(t.is_char_boundary(q.start) && t.is_char_boundary(q.end) && q.start <= q.end);
            }
        }
    }
}
