//! Modality and polarity per clause: did the act a clause describes happen, is it planned,
//! refused, supposed, claimed or denied? Sentences are cut into clauses at punctuation and
//! clause-opening words, and each clause is decided by the cue words of `data/lexicon/modality.tsv`.

mod lexicon;

use crate::model::{Modality, Sentence, Status, TextSpan, Token, TokenKind};
use lexicon::{lexicon, Class, Elem, Lexicon, Pattern};

/// Words longer than this are never cues; their keys are not built.
const MAX_KEY: usize = 24;

/// Annotates every clause of every sentence with a status, including plain `Occurred` ones,
/// so that each event-bearing clause has an entry.
pub fn annotate(text: &str, sentences: &[Sentence], tokens: &[Token]) -> Vec<Modality> {
    // One or two clauses a sentence: reserved at once rather than grown by copying.
    let mut out = Vec::with_capacity(sentences.len() * 2);
    annotate_into(text, sentences, tokens, &mut out);
    out
}

/// [`annotate`], appending to `out`: a document can be annotated a few sentences at a time
/// (clauses never cross sentences), each batch with its own tokens.
pub fn annotate_into(
    text: &str,
    sentences: &[Sentence],
    tokens: &[Token],
    out: &mut Vec<Modality>,
) {
    let lex = lexicon();
    let mut scratch = Scratch::default();
    // Tokens come in sentence order: a cursor finds each sentence's tokens without searching
    // (a binary search per sentence costs a cache miss per probe on a large text).
    let mut next_token = 0;
    for (si, s) in sentences.iter().enumerate() {
        while tokens.get(next_token).is_some_and(|t| t.sentence < si) {
            next_token += 1;
        }
        let first_token = next_token;
        while tokens.get(next_token).is_some_and(|t| t.sentence == si) {
            next_token += 1;
        }
        let sent_tokens = &tokens[first_token..next_token];
        // Spans come from another module: clamp them to the text and to char boundaries
        // rather than trust them.
        let (Some(start), Some(end)) = (floor_boundary(text, s.start), floor_boundary(text, s.end))
        else {
            continue;
        };
        if start >= end {
            continue;
        }
        sentence(text, start, end, sent_tokens, lex, &mut scratch, out);
    }
}

/// The clauses of one sentence, appended to `out`, given that sentence's tokens: what
/// [`annotate`] gives for it, for a caller that needs the status of a few sentences only.
pub fn sentence_clauses(
    text: &str,
    sentence: &Sentence,
    tokens: &[Token],
    out: &mut Vec<Modality>,
) {
    let (Some(start), Some(end)) = (
        floor_boundary(text, sentence.start),
        floor_boundary(text, sentence.end),
    ) else {
        return;
    };
    if start < end {
        let mut scratch = Scratch::default();
        self::sentence(text, start, end, tokens, lexicon(), &mut scratch, out);
    }
}

fn floor_boundary(text: &str, mut i: usize) -> Option<usize> {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i = i.checked_sub(1)?;
    }
    Some(i)
}

/// Buffers reused from sentence to sentence.
#[derive(Default)]
struct Scratch {
    units: Vec<Unit>,
    keys: String,
    clauses: Vec<Clause>,
    found: Vec<Found>,
    /// Word units of the clause part being read.
    words: Vec<usize>,
    merged: Vec<Clause>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    /// Punctuation that ends a clause; strong boundaries (`;`, `:`, dashes) are never
    /// bridged by joining fragments.
    Boundary {
        strong: bool,
    },
    Other,
}

/// A word, number or punctuation mark of the sentence being read.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    kind: Kind,
    /// Lower-case form in `Scratch::keys` (`’` as `'`); empty for long or odd words.
    key: (usize, usize),
    /// Index of the token with exactly this span, for its lemma.
    token: Option<usize>,
    /// Lexicon entries of the form and of the lemma.
    form_entry: Option<u32>,
    lemma_entry: Option<u32>,
}

/// A cue found in a clause: units `u0..=u1` (indices into `Scratch::units`).
#[derive(Debug, Clone, Copy)]
struct Found {
    class: Class,
    u0: usize,
    u1: usize,
    /// The first word is "would", which after a reporting verb states a plan.
    would: bool,
}

impl Found {
    fn inside(&self, o: &Found) -> bool {
        o.u0 <= self.u0 && self.u1 <= o.u1
    }
}

#[derive(Debug, Clone)]
struct Clause {
    /// Range of `Scratch::units`.
    u0: usize,
    u1: usize,
    /// Opened by a weak boundary (comma, "and", "that"…) rather than a strong one.
    weak: bool,
    has_verb: bool,
    /// Has a cue other than a reporting verb.
    has_cue: bool,
    /// Range of `Scratch::found`.
    f0: usize,
    f1: usize,
}

impl Clause {
    fn is_fragment(&self) -> bool {
        !self.has_verb && !self.has_cue
    }
}

fn sentence(
    text: &str,
    start: usize,
    end: usize,
    tokens: &[Token],
    lex: &Lexicon,
    sc: &mut Scratch,
    out: &mut Vec<Modality>,
) {
    read_units(text, start, end, tokens, sc);
    // One lexicon lookup per word form (and lemma), used by every step below.
    for i in 0..sc.units.len() {
        if !is_word(&sc.units[i]) {
            continue;
        }
        let form = key(sc, i);
        let form_entry = lex.lookup(form);
        let lemma_entry = lemma(tokens, &sc.units[i])
            .filter(|l| *l != form)
            .and_then(|l| lex.lookup(l));
        sc.units[i].form_entry = form_entry;
        sc.units[i].lemma_entry = lemma_entry;
    }

    // 1. Cut at boundary punctuation and before clause-opening words.
    sc.clauses.clear();
    sc.found.clear();
    let n = sc.units.len();
    let mut seg_start = 0;
    let mut weak = false;
    for i in 0..=n {
        let cut = match sc.units.get(i).map(|u| u.kind) {
            None => Some((i, true)),
            Some(Kind::Boundary { strong }) => Some((i + 1, !strong)),
            Some(Kind::Word)
                if i > seg_start
                    && is_split(lex, &sc.units[i])
                    && !in_set_phrase(lex, sc, seg_start, i) =>
            {
                Some((i, true))
            }
            _ => None,
        };
        if let Some((next_start, next_weak)) = cut {
            if i > seg_start {
                sc.clauses.push(Clause {
                    u0: seg_start,
                    u1: i,
                    weak,
                    has_verb: false,
                    has_cue: false,
                    f0: 0,
                    f1: 0,
                });
            }
            seg_start = next_start;
            weak = next_weak;
        }
    }

    // 2. Cues per clause part, and whether it has a verb.
    let first_word = sc.units.iter().position(|u| u.kind == Kind::Word);
    let mut words = std::mem::take(&mut sc.words);
    for c in 0..sc.clauses.len() {
        let (u0, u1) = (sc.clauses[c].u0, sc.clauses[c].u1);
        words.clear();
        words.extend((u0..u1).filter(|&i| is_word(&sc.units[i])));
        let f0 = sc.found.len();
        let has_verb = find_cues(text, lex, sc, &words, first_word);
        let cl = &mut sc.clauses[c];
        cl.f0 = f0;
        cl.f1 = sc.found.len();
        cl.has_verb = has_verb;
        cl.has_cue = sc.found[f0..].iter().any(|f| f.class != Class::Speech);
    }
    sc.words = words;

    // 3. Verbless parts ("In May", "and equipment", "his Egyptian counterpart") join their
    // neighbour across weak boundaries, so that a modal's scope covers coordinated phrases.
    // A verbless modal opening ("According to unconfirmed reports,", "If approved,") joins
    // the clause it qualifies; a verbless negation ("Without warning,") does not.
    let found = &sc.found;
    let modal_opening = |cl: &Clause| {
        !cl.has_verb
            && found[cl.f0..cl.f1].iter().any(|f| {
                matches!(
                    f.class,
                    Class::Claimed | Class::Conditional | Class::Hypothetical | Class::Denied
                )
            })
    };
    let mut merged = std::mem::take(&mut sc.merged);
    merged.clear();
    for cl in sc.clauses.drain(..) {
        if let Some(last) = merged.last_mut() {
            if cl.weak && (cl.is_fragment() || last.is_fragment() || modal_opening(last)) {
                // Found ranges are contiguous in clause order, so the union is a range.
                last.u1 = cl.u1;
                last.f1 = cl.f1;
                last.has_verb |= cl.has_verb;
                last.has_cue |= cl.has_cue;
                continue;
            }
        }
        merged.push(cl);
    }

    // 4. Decide each clause. "Would" after a reporting verb is the future of reported speech
    // ("said troops would be sent"), a plan, unless the sentence states a condition.
    let conditional = sc.found.iter().any(|f| f.class == Class::Conditional);
    let reported_at = (!conditional)
        .then(|| {
            sc.found
                .iter()
                .filter(|f| f.class == Class::Speech)
                .map(|f| f.u1)
                .min()
        })
        .flatten();
    let mut prev: Option<usize> = None;
    for cl in &merged {
        let Some(wf) = (cl.u0..cl.u1).find(|&i| is_word(&sc.units[i])) else {
            continue;
        };
        let Some(wl) = (cl.u0..cl.u1).rev().find(|&i| is_word(&sc.units[i])) else {
            continue;
        };
        let found = &sc.found[cl.f0..cl.f1];
        let mut m = decide(text, lex, &sc.units, found, reported_at);
        m.start = sc.units[wf].start;
        m.end = sc.units[wl].end;
        // "X denied that troops were sent": the content clause is what was denied.
        if m.status == Status::Occurred && m.cue.is_empty() && key(sc, wf) == "that" {
            if let Some(p) = prev.and_then(|p| out.get(p)) {
                if matches!(
                    p.status,
                    Status::Denied | Status::Claimed | Status::Hypothetical
                ) {
                    m.status = p.status;
                    m.cue.clone_from(&p.cue);
                    m.cue_span = p.cue_span;
                }
            }
        }
        prev = Some(out.len());
        out.push(m);
    }
    sc.merged = merged;
}

/// Whether the clause-opening word at unit `i` continues a set phrase begun by the word before
/// it ("as if", "even though", "whether or not"), which does not open a clause there.
fn in_set_phrase(lex: &Lexicon, sc: &Scratch, from: usize, i: usize) -> bool {
    let Some(p) = (from..i).rev().find(|&j| is_word(&sc.units[j])) else {
        return false;
    };
    let u = &sc.units[p];
    let mut excepts = lex
        .candidates(u.form_entry, u.lemma_entry)
        .filter(|&id| lex.patterns[id].class == Class::Except)
        .peekable();
    // Most clause openers follow a word that starts no exception phrase: the words ahead are
    // gathered only when one may match, and in an array, as this runs at every opener.
    if excepts.peek().is_none() {
        return false;
    }
    let mut ahead = [0; 4];
    let mut n = 0;
    for (slot, j) in ahead
        .iter_mut()
        .zip((p..sc.units.len()).filter(|&j| is_word(&sc.units[j])))
    {
        *slot = j;
        n += 1;
    }
    let words = &ahead[..n];
    excepts
        .any(|id| match_elems(&lex.patterns[id].elems, sc, words, 0, None).is_some_and(|e| e >= 1))
}

fn is_word(u: &Unit) -> bool {
    matches!(u.kind, Kind::Word | Kind::Number)
}

/// The lower-case form of unit `i`.
fn key(sc: &Scratch, i: usize) -> &str {
    let (a, b) = sc.units[i].key;
    sc.keys.get(a..b).unwrap_or("")
}

fn lemma<'a>(tokens: &'a [Token], u: &Unit) -> Option<&'a str> {
    u.token
        .and_then(|t| tokens.get(t))
        .map(|t| t.lemma.as_str())
}

/// Whether the lexicon entry of the unit's form or lemma has a flag.
fn entry_flag(lex: &Lexicon, u: &Unit, flag: impl Fn(&lexicon::Entry) -> bool) -> bool {
    [u.form_entry, u.lemma_entry]
        .into_iter()
        .any(|e| lex.entry(e).is_some_and(&flag))
}

/// Whether the unit opens a clause ("but", "which", "and"…).
fn is_split(lex: &Lexicon, u: &Unit) -> bool {
    entry_flag(lex, u, |e| e.split)
}

/// Whether the unit is an auxiliary or a finite verb the lexicon lists.
fn is_finite(lex: &Lexicon, u: &Unit) -> bool {
    entry_flag(lex, u, |e| e.finite)
}

fn elem_matches(e: &Elem, sc: &Scratch, i: usize) -> bool {
    let u = &sc.units[i];
    match e {
        Elem::Any => true,
        Elem::Number => u.kind == Kind::Number,
        Elem::Gap(_) => false,
        // A form equals a listed word exactly when its entry is that word's: the lemma's
        // entry is looked up only when the lemma differs from the form (see `sentence`).
        Elem::Word(_, ids) => {
            !key(sc, i).is_empty()
                && ids
                    .iter()
                    .any(|&id| u.form_entry == Some(id) || u.lemma_entry == Some(id))
        }
    }
}

/// Matches `elems` against `words` (unit indices) from word `j`; returns the index of the
/// last word matched. Gaps are bounded, so the backtracking is too.
fn match_elems(
    elems: &[Elem],
    sc: &Scratch,
    words: &[usize],
    j: usize,
    last: Option<usize>,
) -> Option<usize> {
    let Some((first, rest)) = elems.split_first() else {
        return last;
    };
    match first {
        Elem::Gap(n) => {
            (j..=(j + n).min(words.len())).find_map(|k| match_elems(rest, sc, words, k, last))
        }
        e => {
            let &w = words.get(j)?;
            if elem_matches(e, sc, w) {
                match_elems(rest, sc, words, j + 1, Some(j))
            } else {
                None
            }
        }
    }
}

/// Finds the cues of one clause part into `sc.found`; returns whether the part has a verb.
fn find_cues(
    text: &str,
    lex: &Lexicon,
    sc: &mut Scratch,
    words: &[usize],
    first_word: Option<usize>,
) -> bool {
    let mut hits: Vec<Found> = Vec::new();
    let mut has_verb = false;
    // Words inside an exception phrase ("not only", "political will") start no cue.
    let mut excepted_until = 0;
    for (j, &w) in words.iter().enumerate() {
        let u = sc.units[w];
        let k = key(sc, w);
        let after_attrib = j
            .checked_sub(1)
            .and_then(|p| words.get(p))
            .is_some_and(|&p| entry_flag(lex, &sc.units[p], |e| e.attrib));
        has_verb |= (looks_past(text, k, &u) && !after_attrib) || is_finite(lex, &u);
        if u.form_entry.is_none() && u.lemma_entry.is_none() && !lex.any_first() {
            continue;
        }
        for id in lex.candidates(u.form_entry, u.lemma_entry) {
            let p: &Pattern = &lex.patterns[id];
            if p.class == Class::Except {
                if let Some(e) = match_elems(&p.elems, sc, words, j, None) {
                    excepted_until = excepted_until.max(e + 1);
                }
            }
        }
        if j < excepted_until {
            continue;
        }
        for id in lex.candidates(u.form_entry, u.lemma_entry) {
            let p: &Pattern = &lex.patterns[id];
            if p.class == Class::Except {
                continue;
            }
            // "May" is a month unless written "may"; first in a sentence, a number after
            // it still makes it one ("May 2007 saw…").
            if p.lower
                && !starts_lower(text, &u)
                && (Some(w) != first_word
                    || words
                        .get(j + 1)
                        .is_some_and(|&n| sc.units[n].kind == Kind::Number))
            {
                continue;
            }
            // "No. 5" is a number sign, not a negation.
            if p.class == Class::Negation && k == "no" && text[u.end..].starts_with('.') {
                continue;
            }
            let Some(e) = match_elems(&p.elems, sc, words, j, None) else {
                continue;
            };
            // Hits come in word order: only this word's, at the end, can repeat a class.
            let dup = hits
                .iter()
                .rev()
                .take_while(|f| f.u0 == w)
                .any(|f| f.class == p.class);
            if !dup {
                hits.push(Found {
                    class: p.class,
                    u0: w,
                    u1: words[e],
                    would: k == "would",
                });
            }
        }
    }
    sc.found.extend(hits);
    has_verb
}

/// A lower-case word in -ed reads as a past tense or participle: the part has a verb.
fn looks_past(text: &str, key: &str, u: &Unit) -> bool {
    key.len() > 4 && key.ends_with("ed") && starts_lower(text, u)
}

/// Whether the word's first letter is lower-case ("'ll" counts by its "l").
fn starts_lower(text: &str, u: &Unit) -> bool {
    text[u.start..u.end]
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

/// The classes that decide a clause, strongest first.
const DECIDING: [Class; 5] = [
    Class::Denied,
    Class::Claimed,
    Class::Conditional,
    Class::Hypothetical,
    Class::Planned,
];

/// Decides one clause from its cues; `reported_at` is the last unit of the sentence's first
/// reporting verb, when "would" after it is to be read as a plan. Span left to the caller.
fn decide(
    text: &str,
    lex: &Lexicon,
    units: &[Unit],
    found: &[Found],
    reported_at: Option<usize>,
) -> Modality {
    let mut m = Modality {
        start: 0,
        end: 0,
        status: Status::Occurred,
        cue: String::new(),
        cue_span: None,
        negated: false,
    };
    // Most clauses have no cue at all: they occurred, and nothing below would say otherwise.
    if found.is_empty() {
        return m;
    }
    let primary = DECIDING
        .iter()
        .find_map(|c| found.iter().filter(|f| f.class == *c).min_by_key(|f| f.u0));
    // Negating words inside the deciding cue ("rejected the claims", "not true") are part of
    // it, not negations of the act; one that only reaches into it ("blocked the plan" + "plan
    // to") negates it.
    let mut negs: Vec<Found> = found
        .iter()
        .filter(|f| matches!(f.class, Class::Refusal | Class::Negation))
        .filter(|f| !primary.is_some_and(|p| f.inside(p)))
        .copied()
        .collect();
    negs.sort_by_key(|f| f.u0);
    // Count each negating word once even when two patterns found it.
    negs.dedup_by_key(|f| f.u0);
    let negated = negs.len() % 2 == 1;
    // The cue names the first two negating words at most ("did not refuse"), not every one.
    negs.truncate(2);
    let (status, cue): (Status, Vec<Found>) = match primary {
        Some(p) => match p.class {
            Class::Denied => (Status::Denied, vec![*p]),
            Class::Claimed => (Status::Claimed, vec![*p]),
            Class::Hypothetical if p.would && reported_at.is_some_and(|r| r < p.u0) => {
                plan(p, &negs, negated)
            }
            Class::Conditional | Class::Hypothetical => (Status::Hypothetical, vec![*p]),
            _ => plan(p, &negs, negated),
        },
        None if negated => (Status::Rejected, negs),
        None => (Status::Occurred, negs),
    };
    m.status = status;
    m.negated = negated;
    if let (Some(a), Some(b)) = (
        cue.iter().map(|f| f.u0).min(),
        cue.iter().map(|f| f.u1).max(),
    ) {
        // "did not": the auxiliary before a negation belongs to its cue.
        let a = if a > 0
            && cue.iter().any(|f| f.u0 == a && f.class == Class::Negation)
            && entry_flag(lex, &units[a - 1], |e| e.aux)
        {
            a - 1
        } else {
            a
        };
        let span = TextSpan {
            start: units[a].start,
            end: units[b].end,
        };
        m.cue = text[span.start..span.end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        m.cue_span = Some(span);
    }
    m
}

fn plan(p: &Found, negs: &[Found], negated: bool) -> (Status, Vec<Found>) {
    let mut cue = vec![*p];
    cue.extend_from_slice(negs);
    // A plan not to act, or to refuse, is a rejection of the act.
    (
        if negated {
            Status::Rejected
        } else {
            Status::Planned
        },
        cue,
    )
}

/// The units of `text[start..end]`, read off the sentence's tokens with their lower-case
/// keys. Units follow the tokens except where the cues need otherwise: a clitic other than
/// "n't" and "'ll" stays on its word ("Kazakhstan's" is one word), and a kept full stop
/// ("Gen.", "U.S.") is a mark of its own, as cues are written without it.
fn read_units(text: &str, start: usize, end: usize, tokens: &[Token], sc: &mut Scratch) {
    sc.units.clear();
    sc.keys.clear();
    for (ti, t) in tokens.iter().enumerate() {
        if t.start < start || t.end > end || t.start >= t.end {
            continue;
        }
        let Some(surface) = text.get(t.start..t.end) else {
            continue;
        };
        if matches!(t.kind, TokenKind::Word | TokenKind::Number) {
            let joins = t.kind == TokenKind::Word
                && surface.starts_with(['\'', '’'])
                && t.norm != "'ll"
                && sc
                    .units
                    .last()
                    .is_some_and(|u| u.end == t.start && is_word(u));
            if joins {
                if let Some(u) = sc.units.last_mut() {
                    u.end = t.end;
                    u.token = None;
                    u.key = if u.end - u.start <= MAX_KEY && u.key.1 == sc.keys.len() {
                        sc.keys.push_str(&t.norm);
                        (u.key.0, sc.keys.len())
                    } else {
                        (0, 0)
                    };
                }
                continue;
            }
            let kind = if surface.starts_with(|c: char| c.is_ascii_digit()) {
                Kind::Number
            } else {
                Kind::Word
            };
            // A kept full stop: the word without it, then the stop.
            let (word_end, norm, token) = match t.norm.strip_suffix('.') {
                Some(n) if surface.ends_with('.') && t.end - 1 > t.start => (t.end - 1, n, None),
                _ => (t.end, t.norm.as_str(), Some(ti)),
            };
            let key = if word_end - t.start <= MAX_KEY {
                let k0 = sc.keys.len();
                sc.keys.push_str(norm);
                (k0, sc.keys.len())
            } else {
                (0, 0)
            };
            sc.units.push(Unit {
                start: t.start,
                end: word_end,
                kind,
                key,
                token,
                form_entry: None,
                lemma_entry: None,
            });
            if word_end < t.end {
                sc.units.push(mark(word_end, t.end, Kind::Other));
            }
            continue;
        }
        let mut chars = surface.chars();
        let kind = match (chars.next(), chars.next()) {
            (Some(c), None) => mark_kind(text, c, t.start, t.end),
            // Runs of one mark ("...", "--") are no boundary.
            _ => Kind::Other,
        };
        sc.units.push(mark(t.start, t.end, kind));
    }
}

fn mark(start: usize, end: usize, kind: Kind) -> Unit {
    Unit {
        start,
        end,
        kind,
        key: (0, 0),
        token: None,
        form_entry: None,
        lemma_entry: None,
    }
}

/// What a punctuation mark or symbol `c` at `a..b` does to clauses.
fn mark_kind(text: &str, c: char, a: usize, b: usize) -> Kind {
    match c {
        ';' | ':' | '—' | '–' => Kind::Boundary { strong: true },
        '-' if text[b..].starts_with(' ') && text[..a].ends_with(' ') => {
            Kind::Boundary { strong: true }
        }
        // Brackets are left out: news uses them inside names ("Minister [Akhmetzhan]
        // Yesimov"), not around clauses.
        ',' | '(' | ')' | '"' | '“' | '”' | '«' | '»' => Kind::Boundary { strong: false },
        _ => Kind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One sentence, with the tokenizer's tokens.
    fn run(text: &str) -> Vec<Modality> {
        let sentences = [Sentence {
            start: 0,
            end: text.len(),
        }];
        annotate(text, &sentences, &crate::token::tokenize(text, &sentences))
    }

    fn status_at(text: &str, probe: &str) -> (Status, String, bool) {
        let at = text.find(probe).unwrap_or(usize::MAX);
        let m = run(text).into_iter().find(|m| m.start <= at && at < m.end);
        m.map_or((Status::Occurred, "<none>".into(), false), |m| {
            (m.status, m.cue, m.negated)
        })
    }

    #[test]
    fn clauses_split_at_commas_and_conjunctions_and_keep_phrases_whole() {
        let text = "The senate approved the deal, but the lower house rejected it; talks resume.";
        let ms = run(text);
        let spans: Vec<&str> = ms.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(
            spans,
            [
                "The senate approved the deal",
                "but the lower house rejected it",
                "talks resume"
            ]
        );
        // Verbless parts join their neighbour: one clause.
        let text = "Russia, China and Kazakhstan will send troops and equipment.";
        let ms = run(text);
        assert_eq!(ms.len(), 1, "{ms:?}");
        assert_eq!(ms[0].status, Status::Planned);
    }

    #[test]
    fn cue_words_and_spans() {
        let text = "Parliament did not ratify the treaty.";
        let ms = run(text);
        assert_eq!(ms[0].status, Status::Rejected);
        assert_eq!(ms[0].cue, "did not");
        assert!(ms[0].negated);
        let span = ms[0].cue_span.unwrap_or(TextSpan { start: 0, end: 0 });
        assert_eq!(&text[span.start..span.end], "did not");

        let text = "Officials dismissed the claims as\nbaseless.";
        let ms = run(text);
        assert_eq!(ms[0].status, Status::Denied);
        assert_eq!(ms[0].cue, "dismissed the claims as baseless");
        assert!(!ms[0].negated, "the refusal word is inside the denial cue");
    }

    #[test]
    fn clitics_are_cues() {
        assert_eq!(status_at("They didn’t vote.", "vote").0, Status::Rejected);
        assert_eq!(status_at("They won't vote.", "vote").0, Status::Rejected);
        assert_eq!(status_at("We'll vote tomorrow.", "vote").0, Status::Planned);
        assert_eq!(
            status_at("Kazakhstan's troops left.", "left").0,
            Status::Occurred
        );
    }

    #[test]
    fn months_names_and_set_phrases_are_not_cues() {
        assert_eq!(
            status_at("Troops arrived in May.", "arrived").0,
            Status::Occurred
        );
        assert_eq!(
            status_at("May 2007 saw exercises.", "saw").0,
            Status::Occurred
        );
        assert_eq!(
            status_at("May troops stay?", "troops").0,
            Status::Hypothetical
        );
        assert_eq!(
            status_at("The political will was there.", "there").0,
            Status::Occurred
        );
        assert_eq!(
            status_at("Not only did the army advance, it dug in.", "advance").0,
            Status::Occurred
        );
        assert_eq!(
            status_at("No. 5 regiment moved.", "moved").0,
            Status::Occurred
        );
        // A set phrase is not cut at its clause-opening word.
        let text = "The talks went ahead even though rebels had shelled the town.";
        assert_eq!(run(text).len(), 1, "{:?}", run(text));
        assert_eq!(status_at(text, "shelled").0, Status::Occurred);
        assert_eq!(
            status_at("No more than 20 soldiers were hurt.", "hurt").0,
            Status::Occurred
        );
    }

    #[test]
    fn status_combinations() {
        // A hypothetical stays one when negated; the flag says so.
        let (s, _, neg) = status_at("Astana could not send troops.", "send");
        assert_eq!((s, neg), (Status::Hypothetical, true));
        // A negated plan is a rejection of the act.
        assert_eq!(
            status_at("Astana does not plan to send troops.", "send").0,
            Status::Rejected
        );
        // "would" in reported speech is a plan; with a condition it stays hypothetical.
        assert_eq!(
            status_at("He said troops would leave.", "leave").0,
            Status::Planned
        );
        assert_eq!(
            status_at("He said troops would leave if paid.", "leave").0,
            Status::Hypothetical
        );
        // The content of a denial or claim carries it.
        assert_eq!(
            status_at("Moscow denied that jets had crossed.", "crossed").0,
            Status::Denied
        );
        // Two negations cancel.
        let (s, _, neg) = status_at("The court did not reject the appeal.", "appeal");
        assert_eq!((s, neg), (Status::Occurred, false));
    }

    #[test]
    fn tokens_lend_their_lemmas() {
        // An irregular form the lexicon does not list, known by its lemma only.
        let text = "The envoys forwent the talks.";
        let sentences = [Sentence {
            start: 0,
            end: text.len(),
        }];
        let mut tokens = crate::token::tokenize(text, &sentences);
        assert_eq!(
            annotate(text, &sentences, &tokens)[0].status,
            Status::Occurred
        );
        let forwent = tokens.iter_mut().find(|t| t.norm == "forwent");
        assert!(forwent.is_some());
        if let Some(t) = forwent {
            t.lemma = "refuse".into();
        }
        let ms = annotate(text, &sentences, &tokens);
        assert_eq!(ms[0].status, Status::Rejected, "{ms:?}");
    }

    #[test]
    fn units_follow_tokens_with_clitics_and_stops_as_cues_need() {
        let text =
            "Kazakhstan's Gen. Smith didn't go; the U.S. won't -- and we'll see... 10:30 F-16s.";
        let sentences = [Sentence {
            start: 0,
            end: text.len(),
        }];
        let tokens = crate::token::tokenize(text, &sentences);
        let mut sc = Scratch::default();
        read_units(text, 0, text.len(), &tokens, &mut sc);
        let units: Vec<(&str, &str)> = (0..sc.units.len())
            .map(|i| (&text[sc.units[i].start..sc.units[i].end], key(&sc, i)))
            .collect();
        assert_eq!(
            units,
            [
                ("Kazakhstan's", "kazakhstan's"),
                ("Gen", "gen"),
                (".", ""),
                ("Smith", "smith"),
                ("did", "did"),
                ("n't", "n't"),
                ("go", "go"),
                (";", ""),
                ("the", "the"),
                ("U.S", "u.s"),
                (".", ""),
                ("wo", "wo"),
                ("n't", "n't"),
                ("--", ""),
                ("and", "and"),
                ("we", "we"),
                ("'ll", "'ll"),
                ("see", "see"),
                ("...", ""),
                ("10:30", "10:30"),
                ("F-16s", "f-16s"),
                (".", ""),
            ]
        );
        assert_eq!(sc.units[7].kind, Kind::Boundary { strong: true });
        assert_eq!(sc.units[13].kind, Kind::Other);
        assert_eq!(sc.units[19].kind, Kind::Number);
        // The lemma of a unit that is a whole token is the token's.
        assert_eq!(lemma(&tokens, &sc.units[4]), Some("do"));
        assert_eq!(lemma(&tokens, &sc.units[0]), None);
    }

    #[test]
    fn odd_spans_and_text_never_panic() {
        let text = "Ça ne marche pas — «non», n’t ’ll 'll n't… \u{300}will";
        for start in 0..=text.len() + 2 {
            for end in [start, start + 1, start + 3, text.len(), text.len() + 5] {
                let sentences = [Sentence { start, end }];
                let tokens = crate::token::tokenize(text, &sentences);
                for m in annotate(text, &sentences, &tokens) {
                    assert!(m.start <= m.end && m.end <= text.len());
                    assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                }
            }
        }
    }

    #[test]
    fn one_huge_sentence_stays_linear() {
        // No sentence splitter bounds a sentence; clause work must not grow with its square.
        let text =
            "He said the troops would go, and the ministry denied that they left, ".repeat(20_000);
        let sentences = [Sentence {
            start: 0,
            end: text.len(),
        }];
        let started = std::time::Instant::now();
        let ms = annotate(
            &text,
            &sentences,
            &crate::token::tokenize(&text, &sentences),
        );
        assert!(ms.len() >= 40_000, "{}", ms.len());
        // And one clause of 200,000 cue words.
        let text = "not will ".repeat(100_000);
        let sentences = [Sentence {
            start: 0,
            end: text.len(),
        }];
        let ms = annotate(
            &text,
            &sentences,
            &crate::token::tokenize(&text, &sentences),
        );
        assert_eq!(ms.len(), 1);
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    proptest::proptest! {
        #[test]
        fn spans_are_on_char_boundaries(text in "\\PC{0,200}") {
            let sentences = crate::sentence::split(&text);
            let tokens = crate::token::tokenize(&text, &sentences);
            for m in annotate(&text, &sentences, &tokens) {
                proptest::prop_assert!(m.start <= m.end && m.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                if let Some(c) = m.cue_span {
                    proptest::prop_assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
                }
            }
        }
    }
}
