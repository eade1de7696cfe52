//! Modality and polarity per clause: did the act a clause describes happen, is it planned,
//! refused, supposed, claimed or denied? Sentences are cut into clauses at punctuation and
//! clause-opening words, and each clause is decided by the cue words of `data/lexicon/modality.tsv`.

mod lexicon;

use crate::model::{Modality, Sentence, Status, TextSpan, Token, TokenKind};
use lexicon::{
    lexicon, Class, Elem, Lexicon, Pattern, ATTRIB, AUX, CUE, CUE_LOOSE, EXCEPT, EXCEPT_LOOSE,
    FINITE, NO, SECOND, SPLIT, THAT, WOULD,
};

/// Words longer than this are never cues; their forms are not looked up.
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
    /// Lower-case forms of words with a clitic joined ("kazakhstan's"); other words' forms
    /// are their tokens' `norm`, read in place.
    joined: String,
    clauses: Vec<Clause>,
    found: Vec<Found>,
    /// Negating cues of the clause being decided.
    negs: Vec<Found>,
    /// Word units of the clause part being searched for cues.
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

/// Where a unit's lower-case form (`’` as `'`) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The token at this index, whole: its `norm` is the form and its lemma the unit's.
    Token(usize),
    /// The token at this index without its kept full stop, which is a unit of its own; no
    /// lemma.
    Stopped(usize),
    /// A word with its clitics, its form this range of `Scratch::joined`; no lemma.
    Joined(usize, usize),
    /// A punctuation mark or symbol, or a word with clitics too long to be a cue.
    None,
}

/// A word, number or punctuation mark of the sentence being read, with what the lexicon
/// says of its form and lemma, read once: every step after reading looks at bits only.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    source: Source,
    /// Lexicon entries of the form and of the lemma.
    form_entry: Option<u32>,
    lemma_entry: Option<u32>,
    kind: Kind,
    /// The bits below.
    flags: u16,
}

// Bits of `Unit::flags`: the lexicon's for the word's form and lemma (`SPLIT`, `FINITE`,
// `AUX`, `ATTRIB`, `CUE`, `EXCEPT`, `SECOND`, `CUE_LOOSE`, `EXCEPT_LOOSE`, and the form's `NO`,
// `WOULD`, `THAT`), then the reader's own.
/// The word has a form to match (it is not too long or odd).
const KEYED: u16 = 1 << 12;
/// A lower-case word in -ed, read as a past tense or participle.
const PAST: u16 = 1 << 13;

impl Unit {
    fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
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
    /// First and last word units (indices into `Scratch::units`), if the part has words.
    first: Option<usize>,
    last: Option<usize>,
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

/// A clause part as the cut reads it, unit by unit.
#[derive(Default, Clone, Copy)]
struct Part {
    /// Its first unit.
    start: usize,
    /// Opened by a weak boundary.
    weak: bool,
    first: Option<usize>,
    last: Option<usize>,
    has_verb: bool,
    /// The last word read has the `ATTRIB` bit.
    after_attrib: bool,
    /// The last word read has the `CUE` bit.
    after_cue: bool,
    /// Some word may start a cue: one with a cue that needs no listed second word, or one
    /// before a word that may be that second word. Only then are cues searched (exception
    /// phrases alone find none).
    has_cue_word: bool,
}

impl Part {
    fn add_word(&mut self, i: usize, u: &Unit) {
        self.first.get_or_insert(i);
        self.last = Some(i);
        self.has_verb |= (u.has(PAST) && !self.after_attrib) || u.has(FINITE);
        self.after_attrib = u.has(ATTRIB);
        self.has_cue_word |= u.has(CUE_LOOSE) || (self.after_cue && u.has(SECOND));
        self.after_cue = u.has(CUE);
    }
}

/// What closing a clause part reads.
struct Cut<'a> {
    text: &'a str,
    lex: &'a Lexicon,
    units: &'a [Unit],
    first_word: Option<usize>,
}

impl Cut<'_> {
    /// Ends `part` before unit `end`: searches its words (gathered in `part_words`) for cues
    /// when one of them may start one, and adds the clause.
    fn close(
        &self,
        part: Part,
        end: usize,
        part_words: &mut Vec<usize>,
        found: &mut Vec<Found>,
        clauses: &mut Vec<Clause>,
    ) {
        if end <= part.start {
            return;
        }
        let f0 = found.len();
        if part.has_cue_word {
            part_words.clear();
            part_words
                .extend((part.start..end).filter(|&j| self.units.get(j).is_some_and(is_word)));
            find_cues(
                self.text,
                self.lex,
                self.units,
                part_words,
                self.first_word,
                found,
            );
        }
        clauses.push(Clause {
            first: part.first,
            last: part.last,
            weak: part.weak,
            has_verb: part.has_verb,
            has_cue: found[f0..].iter().any(|f| f.class != Class::Speech),
            f0,
            f1: found.len(),
        });
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
    read_units(text, lex, start, end, tokens, sc);

    // 1. Cut at boundary punctuation and before clause-opening words, and search each part
    // with a word that may start a cue, in the same pass.
    let Scratch {
        units,
        words,
        clauses,
        found,
        ..
    } = &mut *sc;
    clauses.clear();
    found.clear();
    // The first word of the sentence: a cue that must be lower-case may be capitalised there.
    let first_word = units.iter().position(|u| u.kind == Kind::Word);
    let cut = Cut {
        text,
        lex,
        units,
        first_word,
    };
    let mut part = Part::default();
    for (i, u) in units.iter().enumerate() {
        let next = match u.kind {
            Kind::Boundary { strong } => Some((i + 1, !strong)),
            Kind::Word
                if i > part.start && u.has(SPLIT) && !in_set_phrase(lex, units, part.last) =>
            {
                Some((i, true))
            }
            _ => None,
        };
        if let Some((start, weak)) = next {
            cut.close(part, i, words, found, clauses);
            part = Part {
                start,
                weak,
                ..Part::default()
            };
        }
        if is_word(u) {
            part.add_word(i, u);
        }
    }
    cut.close(part, units.len(), words, found, clauses);

    // 2. Verbless parts ("In May", "and equipment", "his Egyptian counterpart") join their
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
                last.first = last.first.or(cl.first);
                last.last = cl.last.or(last.last);
                last.f1 = cl.f1;
                last.has_verb |= cl.has_verb;
                last.has_cue |= cl.has_cue;
                continue;
            }
        }
        merged.push(cl);
    }

    // 3. Decide each clause. "Would" after a reporting verb is the future of reported speech
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
        let (Some(wf), Some(wl)) = (cl.first, cl.last) else {
            continue;
        };
        let (Some(first), Some(last)) = (sc.units.get(wf), sc.units.get(wl)) else {
            continue;
        };
        let found = &sc.found[cl.f0..cl.f1];
        let mut m = decide(text, &sc.units, found, reported_at, &mut sc.negs);
        m.start = first.start;
        m.end = last.end;
        // "X denied that troops were sent": the content clause is what was denied.
        if m.status == Status::Occurred && m.cue.is_empty() && first.has(THAT) {
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

/// Whether a clause-opening word continues a set phrase begun by the word before it in its
/// part, unit `prev` ("as if", "even though", "whether or not"), which does not open a
/// clause there.
fn in_set_phrase(lex: &Lexicon, units: &[Unit], prev: Option<usize>) -> bool {
    let Some(p) = prev else {
        return false;
    };
    // Most clause openers follow a word that starts no exception phrase.
    let Some(u) = units.get(p).filter(|u| u.has(EXCEPT)) else {
        return false;
    };
    let mut ahead = [0; 4];
    let mut n = 0;
    for (slot, j) in ahead
        .iter_mut()
        .zip((p..units.len()).filter(|&j| units.get(j).is_some_and(is_word)))
    {
        *slot = j;
        n += 1;
    }
    let words = &ahead[..n];
    lex.candidates(u.form_entry, u.lemma_entry)
        .filter(|&id| lex.patterns[id].class == Class::Except)
        .any(|id| {
            match_elems(&lex.patterns[id].elems, units, words, 0, None).is_some_and(|e| e >= 1)
        })
}

fn is_word(u: &Unit) -> bool {
    matches!(u.kind, Kind::Word | Kind::Number)
}

/// The lower-case form of unit `i`; empty for marks and for words too long to be cues.
#[cfg(test)]
fn key<'a>(sc: &'a Scratch, tokens: &'a [Token], i: usize) -> &'a str {
    let Some(u) = sc.units.get(i).filter(|u| u.has(KEYED)) else {
        return "";
    };
    source_key(u.source, &sc.joined, tokens)
}

/// The lower-case form a unit's source gives.
fn source_key<'a>(source: Source, joined: &'a str, tokens: &'a [Token]) -> &'a str {
    let norm = |t: usize| tokens.get(t).map_or("", |t| t.norm.as_str());
    match source {
        Source::Token(t) => norm(t),
        Source::Stopped(t) => norm(t).strip_suffix('.').unwrap_or(""),
        Source::Joined(a, b) => joined.get(a..b).unwrap_or(""),
        Source::None => "",
    }
}

#[cfg(test)]
fn lemma<'a>(tokens: &'a [Token], u: &Unit) -> Option<&'a str> {
    match u.source {
        Source::Token(t) => tokens.get(t).map(|t| t.lemma.as_str()),
        _ => None,
    }
}

fn elem_matches(e: &Elem, u: &Unit) -> bool {
    match e {
        Elem::Any => true,
        Elem::Number => u.kind == Kind::Number,
        Elem::Gap(_) => false,
        // A form equals a listed word exactly when its entry is that word's: the lemma's
        // entry is looked up only when the lemma differs from the form (see `classify`).
        Elem::Word(_, ids) => {
            u.has(KEYED)
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
    units: &[Unit],
    words: &[usize],
    j: usize,
    last: Option<usize>,
) -> Option<usize> {
    let Some((first, rest)) = elems.split_first() else {
        return last;
    };
    match first {
        Elem::Gap(n) => {
            (j..=(j + n).min(words.len())).find_map(|k| match_elems(rest, units, words, k, last))
        }
        e => {
            let u = words.get(j).and_then(|&w| units.get(w))?;
            if elem_matches(e, u) {
                match_elems(rest, units, words, j + 1, Some(j))
            } else {
                None
            }
        }
    }
}

/// Matches `p`, a candidate of word `j` (unit `u`), from that word. A candidate that starts
/// with a listed word is one because the unit's form or lemma is among its first word's, so
/// for a keyed unit that word is known to match and matching goes on from the second.
fn match_candidate(
    p: &Pattern,
    units: &[Unit],
    words: &[usize],
    j: usize,
    u: &Unit,
) -> Option<usize> {
    match p.elems.split_first() {
        Some((Elem::Word(..), rest)) if u.has(KEYED) => {
            match_elems(rest, units, words, j + 1, Some(j))
        }
        _ => match_elems(&p.elems, units, words, j, None),
    }
}

/// Finds the cues of one clause part, whose words are `words`, onto `found`.
fn find_cues(
    text: &str,
    lex: &Lexicon,
    units: &[Unit],
    words: &[usize],
    first_word: Option<usize>,
    found: &mut Vec<Found>,
) {
    let f0 = found.len();
    // Words inside an exception phrase ("not only", "political will") start no cue.
    let mut excepted_until = 0;
    for (j, &w) in words.iter().enumerate() {
        let Some(u) = units.get(w).filter(|u| u.has(CUE | EXCEPT)) else {
            continue;
        };
        // Most candidates need a listed second word: before any other word they are not tried.
        let next_second = words
            .get(j + 1)
            .and_then(|&n| units.get(n))
            .is_some_and(|n| n.has(SECOND));
        let tried = |p: &Pattern| next_second || !p.needs_second;
        if u.has(EXCEPT) && (next_second || u.has(EXCEPT_LOOSE)) {
            for id in lex.candidates_of(u.form_entry, u.lemma_entry, true) {
                let p: &Pattern = &lex.patterns[id];
                if !tried(p) {
                    continue;
                }
                if let Some(e) = match_candidate(p, units, words, j, u) {
                    excepted_until = excepted_until.max(e + 1);
                }
            }
        }
        // Only an exception phrase may start at "the", "its", "their": nothing more to do.
        if j < excepted_until || !u.has(CUE) || !(next_second || u.has(CUE_LOOSE)) {
            continue;
        }
        for id in lex.candidates_of(u.form_entry, u.lemma_entry, false) {
            let p: &Pattern = &lex.patterns[id];
            if !tried(p) {
                continue;
            }
            // "May" is a month unless written "may"; first in a sentence, a number after
            // it still makes it one ("May 2007 saw…").
            if p.lower
                && !starts_lower(text, u.start, u.end)
                && (Some(w) != first_word
                    || words
                        .get(j + 1)
                        .and_then(|&n| units.get(n))
                        .is_some_and(|n| n.kind == Kind::Number))
            {
                continue;
            }
            // "No. 5" is a number sign, not a negation.
            if p.class == Class::Negation
                && u.has(NO)
                && text.get(u.end..).is_some_and(|r| r.starts_with('.'))
            {
                continue;
            }
            let Some(e) = match_candidate(p, units, words, j, u) else {
                continue;
            };
            // Hits come in word order: only this word's, at the end, can repeat a class.
            let dup = found[f0..]
                .iter()
                .rev()
                .take_while(|f| f.u0 == w)
                .any(|f| f.class == p.class);
            if !dup {
                found.push(Found {
                    class: p.class,
                    u0: w,
                    u1: words.get(e).copied().unwrap_or(w),
                    would: u.has(WOULD),
                });
            }
        }
    }
}

/// Whether the first letter of the word at `start..end` is lower-case ("'ll" counts by its
/// "l").
fn starts_lower(text: &str, start: usize, end: usize) -> bool {
    text.get(start..end)
        .and_then(|s| s.chars().find(|c| c.is_alphanumeric()))
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
/// `negs` is scratch space.
fn decide(
    text: &str,
    units: &[Unit],
    found: &[Found],
    reported_at: Option<usize>,
    negs: &mut Vec<Found>,
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
    negs.clear();
    negs.extend(
        found
            .iter()
            .filter(|f| matches!(f.class, Class::Refusal | Class::Negation))
            .filter(|f| !primary.is_some_and(|p| f.inside(p))),
    );
    negs.sort_by_key(|f| f.u0);
    // Count each negating word once even when two patterns found it.
    negs.dedup_by_key(|f| f.u0);
    let negated = negs.len() % 2 == 1;
    // The cue names the first two negating words at most ("did not refuse"), not every one.
    negs.truncate(2);
    // A plan not to act, or to refuse, is a rejection of the act.
    let plan = if negated {
        Status::Rejected
    } else {
        Status::Planned
    };
    // The status, and whether the cue takes in the deciding cue and the negating words.
    let (status, with_primary, with_negs) = match primary {
        Some(p) => match p.class {
            Class::Denied => (Status::Denied, true, false),
            Class::Claimed => (Status::Claimed, true, false),
            Class::Hypothetical if p.would && reported_at.is_some_and(|r| r < p.u0) => {
                (plan, true, true)
            }
            Class::Conditional | Class::Hypothetical => (Status::Hypothetical, true, false),
            _ => (plan, true, true),
        },
        None if negated => (Status::Rejected, false, true),
        None => (Status::Occurred, false, true),
    };
    m.status = status;
    m.negated = negated;
    let cue = || {
        primary
            .filter(|_| with_primary)
            .into_iter()
            .chain(negs.iter().filter(|_| with_negs))
    };
    if let (Some(a), Some(b)) = (cue().map(|f| f.u0).min(), cue().map(|f| f.u1).max()) {
        // "did not": the auxiliary before a negation belongs to its cue.
        let a = if a > 0
            && cue().any(|f| f.u0 == a && f.class == Class::Negation)
            && units.get(a - 1).is_some_and(|u| u.has(AUX))
        {
            a - 1
        } else {
            a
        };
        let span = TextSpan {
            start: units[a].start,
            end: units[b].end,
        };
        // The cue's words, one space apart.
        let words = text[span.start..span.end].split_whitespace();
        m.cue = String::with_capacity(span.end - span.start);
        for w in words {
            if !m.cue.is_empty() {
                m.cue.push(' ');
            }
            m.cue.push_str(w);
        }
        m.cue_span = Some(span);
    }
    m
}

/// The units of `text[start..end]`, read off the sentence's tokens, each classified by its
/// lower-case form and lemma. Units follow the tokens except where the cues need otherwise:
/// a clitic other than "n't" and "'ll" stays on its word ("Kazakhstan's" is one word), and a
/// kept full stop ("Gen.", "U.S.") is a mark of its own, as cues are written without it.
fn read_units(
    text: &str,
    lex: &Lexicon,
    start: usize,
    end: usize,
    tokens: &[Token],
    sc: &mut Scratch,
) {
    let Scratch { units, joined, .. } = sc;
    units.clear();
    joined.clear();
    for (ti, t) in tokens.iter().enumerate() {
        if t.start < start || t.end > end || t.start >= t.end {
            continue;
        }
        let Some(surface) = text.get(t.start..t.end) else {
            continue;
        };
        if matches!(t.kind, TokenKind::Word | TokenKind::Number) {
            // The surface is not empty (`t.start < t.end`): its first and last bytes decide
            // what follows, read as bytes (`’` starts with the byte 0xE2, no ASCII does).
            let bytes = surface.as_bytes();
            let first = bytes.first().copied().unwrap_or(0);
            let joins = t.kind == TokenKind::Word
                && (first == b'\'' || (first == 0xE2 && surface.starts_with('’')))
                && t.norm != "'ll"
                && units.last().is_some_and(|u| u.end == t.start && is_word(u));
            if joins {
                if let Some(u) = units.last_mut() {
                    u.end = t.end;
                    // The word's form so far, then the clitic's. (A word too long before is
                    // too long now.)
                    let source = if u.end - u.start > MAX_KEY {
                        Source::None
                    } else {
                        let a = match u.source {
                            // Clitics join the last unit only, so a joined form ends `joined`
                            // and a second clitic extends it in place.
                            Source::Joined(a, b) if b == joined.len() => a,
                            s => {
                                let a = joined.len();
                                joined.push_str(source_key(s, "", tokens));
                                a
                            }
                        };
                        joined.push_str(&t.norm);
                        Source::Joined(a, joined.len())
                    };
                    u.source = source;
                    let form = (source != Source::None).then(|| source_key(source, joined, tokens));
                    (u.form_entry, u.lemma_entry, u.flags) =
                        classify(text, lex, u.start, u.end, form, None);
                }
                continue;
            }
            let kind = if first.is_ascii_digit() {
                Kind::Number
            } else {
                Kind::Word
            };
            let norm = t.norm.as_str();
            // A kept full stop: the word without it, then the stop; the lemma is left out.
            let stopped = norm
                .strip_suffix('.')
                .filter(|_| bytes.last() == Some(&b'.') && t.end - 1 > t.start);
            let (word_end, source, form, lemma) = match stopped {
                Some(form) => (t.end - 1, Source::Stopped(ti), form, None),
                None => (t.end, Source::Token(ti), norm, Some(t.lemma.as_str())),
            };
            let form = (word_end - t.start <= MAX_KEY).then_some(form);
            let (form_entry, lemma_entry, flags) =
                classify(text, lex, t.start, word_end, form, lemma);
            // Built whole in the push, so that it is written once, in place.
            units.push(Unit {
                start: t.start,
                end: word_end,
                source,
                form_entry,
                lemma_entry,
                kind,
                flags,
            });
            if stopped.is_some() {
                units.push(mark(word_end, t.end, Kind::Other));
            }
            continue;
        }
        let mut chars = surface.chars();
        let kind = match (chars.next(), chars.next()) {
            (Some(c), None) => mark_kind(text, c, t.start, t.end),
            // Runs of one mark ("...", "--") are no boundary.
            _ => Kind::Other,
        };
        units.push(mark(t.start, t.end, kind));
    }
}

/// Looks up the form (`None` when too long to be a cue) and lemma of the word at
/// `start..end`, and gives their entries and the word's bits: one or two lexicon lookups a
/// word, and none after. Inlined into the reading loop (once a token), where the unit is
/// then built in place rather than copied.
#[inline(always)]
fn classify(
    text: &str,
    lex: &Lexicon,
    start: usize,
    end: usize,
    form: Option<&str>,
    lemma: Option<&str>,
) -> (Option<u32>, Option<u32>, u16) {
    let key = form.unwrap_or("");
    // No listed word is empty.
    let form_entry = if key.is_empty() {
        None
    } else {
        lex.lookup(key)
    };
    // Only a lemma other than the form gets an entry of its own; most lemmas are turned away
    // by the lexicon's filter before they are compared with the form.
    let lemma_entry = lemma
        .filter(|l| lex.admits(l) && *l != key)
        .and_then(|l| lex.lookup(l));
    let mut flags = lex.flags(form_entry, lemma_entry);
    if !key.is_empty() {
        flags |= KEYED;
    }
    if key.len() > 4 && key.as_bytes().ends_with(b"ed") && starts_lower(text, start, end) {
        flags |= PAST;
    }
    (form_entry, lemma_entry, flags)
}

fn mark(start: usize, end: usize, kind: Kind) -> Unit {
    Unit {
        start,
        end,
        source: Source::None,
        form_entry: None,
        lemma_entry: None,
        kind,
        flags: 0,
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
        read_units(text, lexicon(), 0, text.len(), &tokens, &mut sc);
        let units: Vec<(&str, &str)> = (0..sc.units.len())
            .map(|i| {
                (
                    &text[sc.units[i].start..sc.units[i].end],
                    key(&sc, &tokens, i),
                )
            })
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
    fn a_candidate_matched_from_its_second_word_matches_as_a_whole() {
        let text = "He said troops would leave, but Astana does not plan to send them; \
            officials dismissed the claims as baseless and NOT only that, No. 5 was rumoured \
            to be set for May 2007, if they are going to refuse the offer. We'll see. \
            Political will is no more than 20 troops, said the rebels, who rejected reports.";
        let sentences = crate::sentence::split(text);
        let tokens = crate::token::tokenize(text, &sentences);
        let lex = lexicon();
        let mut sc = Scratch::default();
        let mut tried = 0;
        for (si, s) in sentences.iter().enumerate() {
            let sent: Vec<Token> = tokens
                .iter()
                .filter(|t| t.sentence == si)
                .cloned()
                .collect();
            read_units(text, lex, s.start, s.end, &sent, &mut sc);
            let words: Vec<usize> = (0..sc.units.len())
                .filter(|&i| is_word(&sc.units[i]))
                .collect();
            for (j, &w) in words.iter().enumerate() {
                let u = &sc.units[w];
                for id in lex.candidates(u.form_entry, u.lemma_entry) {
                    let p = &lex.patterns[id];
                    assert_eq!(
                        match_candidate(p, &sc.units, &words, j, u),
                        match_elems(&p.elems, &sc.units, &words, j, None),
                        "{:?} at {:?}",
                        p.elems,
                        &text[u.start..u.end]
                    );
                    tried += 1;
                }
            }
        }
        assert!(tried > 50, "{tried}");
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

    /// `find_cues` as it read before the second-word bits: every candidate of every word
    /// that may start a cue is tried.
    fn find_cues_plain(
        text: &str,
        lex: &Lexicon,
        units: &[Unit],
        words: &[usize],
        first_word: Option<usize>,
    ) -> Vec<(Class, usize, usize, bool)> {
        let mut found: Vec<Found> = Vec::new();
        let mut excepted_until = 0;
        for (j, &w) in words.iter().enumerate() {
            let u = &units[w];
            if !u.has(CUE | EXCEPT) {
                continue;
            }
            if u.has(EXCEPT) {
                for id in lex.candidates_of(u.form_entry, u.lemma_entry, true) {
                    if let Some(e) = match_candidate(&lex.patterns[id], units, words, j, u) {
                        excepted_until = excepted_until.max(e + 1);
                    }
                }
            }
            if j < excepted_until || !u.has(CUE) {
                continue;
            }
            for id in lex.candidates_of(u.form_entry, u.lemma_entry, false) {
                let p = &lex.patterns[id];
                if p.lower
                    && !starts_lower(text, u.start, u.end)
                    && (Some(w) != first_word
                        || words
                            .get(j + 1)
                            .is_some_and(|&n| units[n].kind == Kind::Number))
                {
                    continue;
                }
                if p.class == Class::Negation && u.has(NO) && text[u.end..].starts_with('.') {
                    continue;
                }
                let Some(e) = match_candidate(p, units, words, j, u) else {
                    continue;
                };
                if !found.iter().any(|f| f.u0 == w && f.class == p.class) {
                    found.push(Found {
                        class: p.class,
                        u0: w,
                        u1: words[e],
                        would: u.has(WOULD),
                    });
                }
            }
        }
        found
            .iter()
            .map(|f| (f.class, f.u0, f.u1, f.would))
            .collect()
    }

    /// Every listed word of the lexicon, and a few that are not, to build sentences from.
    fn vocabulary() -> &'static [String] {
        static WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        WORDS.get_or_init(|| {
            let mut words: Vec<String> = lexicon()
                .patterns
                .iter()
                .flat_map(|p| &p.elems)
                .flat_map(|e| match e {
                    Elem::Word(alts, _) => alts.clone(),
                    _ => Vec::new(),
                })
                .collect();
            for w in [
                "troops", "May", "Will", "2007", "5", "No.", "No", "armed", ",",
            ] {
                words.push(w.to_string());
            }
            words.sort();
            words.dedup();
            words
        })
    }

    /// Words for `picks`: a third of them whole patterns of the lexicon (alternatives, gaps
    /// and wildcards filled in by the pick), the others single words of [`vocabulary`].
    fn sentence_of(picks: &[usize]) -> String {
        let vocab = vocabulary();
        let patterns = &lexicon().patterns;
        let mut out: Vec<&str> = Vec::new();
        for &k in picks {
            let Some(p) = patterns.get(k / 3 % patterns.len()).filter(|_| k % 3 == 0) else {
                out.push(&vocab[k % vocab.len()]);
                continue;
            };
            for (i, e) in p.elems.iter().enumerate() {
                let r = k / 7 + i;
                match e {
                    Elem::Word(alts, _) => out.push(&alts[r % alts.len()]),
                    Elem::Gap(_) => out.extend(["the", "new"].iter().take(r % 3)),
                    Elem::Any => out.push("all"),
                    Elem::Number => out.push("5"),
                }
            }
        }
        out.join(" ")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// A part is searched only when some word may start a cue there, and a candidate is
        /// tried only before a word that may continue it: on any run of listed words, each
        /// stretch finds what trying every candidate finds.
        #[test]
        fn second_word_bits_skip_only_what_cannot_match(
            picks in proptest::collection::vec(0usize..100_000, 1..8)
        ) {
            let text = sentence_of(&picks);
            let sentences = [Sentence { start: 0, end: text.len() }];
            let tokens = crate::token::tokenize(&text, &sentences);
            let lex = lexicon();
            let mut sc = Scratch::default();
            read_units(&text, lex, 0, text.len(), &tokens, &mut sc);
            let units = &sc.units;
            let words: Vec<usize> = (0..units.len()).filter(|&i| is_word(&units[i])).collect();
            let first_word = units.iter().position(|u| u.kind == Kind::Word);
            for a in 0..words.len() {
                for b in a + 1..=words.len() {
                    let stretch = &words[a..b];
                    let mut part = Part::default();
                    for &w in stretch {
                        part.add_word(w, &units[w]);
                    }
                    let mut found = Vec::new();
                    if part.has_cue_word {
                        find_cues(&text, lex, units, stretch, first_word, &mut found);
                    }
                    let fast: Vec<_> = found.iter().map(|f| (f.class, f.u0, f.u1, f.would)).collect();
                    let plain = if stretch.iter().any(|&w| units[w].has(CUE)) {
                        find_cues_plain(&text, lex, units, stretch, first_word)
                    } else {
                        Vec::new()
                    };
                    proptest::prop_assert_eq!(fast, plain, "{:?} in {:?}", &stretch, &text);
                }
            }
        }
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
