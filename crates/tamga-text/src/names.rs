//! Name candidates for the actor resolver: runs of capitalized words ("Hosni Mubarak"), with
//! the title before them ("Egyptian President"), organization names that continue over "of",
//! "for", "on" ("Office of the United Nations High Commissioner for Refugees"), and acronyms.
//! Word lists (titles, organization heads, stop words) are data in `data/lexicon/`.

use crate::model::{CompactString, NameCandidate, NameKind, Sentence, TextSpan, Token, TokenKind};
use crate::sentence::{data_lines, sentence_starters, FastMap};
use crate::wordmap::{WordMap, WordSet};
use seen::SeenWords;
use std::sync::OnceLock;

mod seen;

struct Lexicon {
    /// `not_names.txt`, as written.
    not_names: WordSet,
    /// `titles.txt` and `org_heads.txt`, lower case: what each word is ([`ROLE`], [`MOD`],
    /// [`HEAD`]). One table with a filter in front instead of three sets of strings: most
    /// words are in none, and each is looked up for several of them.
    words: WordMap<u8>,
}

/// A role word of `titles.txt` ("minister").
const ROLE: u8 = 1;
/// A word of `titles.txt` that qualifies a role ("deputy").
const MOD: u8 = 2;
/// An organization head (`org_heads.txt`: "ministry", "office").
const HEAD: u8 = 4;

impl Lexicon {
    #[inline]
    fn kinds(&self, w: &str) -> u8 {
        // Most words are in neither list: the map's inlined filter turns them away without a
        // call.
        self.words.get(w).unwrap_or(0)
    }

    fn is_not_name(&self, surface: &str) -> bool {
        self.not_names.admits(surface) && self.not_names.contains(surface)
    }

    /// A role or qualifier written as is: a lower-case title ("spokeswoman", "deputy").
    fn is_title(&self, norm: &str) -> bool {
        self.kinds(norm) & (ROLE | MOD) != 0
    }

    /// The title kinds ([`ROLE`], [`MOD`]) of a word, possessive or not ("President's"), with
    /// [`HEAD`] if the word as written is an organization head.
    fn token_kinds(&self, norm: &str) -> u8 {
        let kinds = self.kinds(norm);
        match norm.strip_suffix("'s") {
            Some(stem) => (kinds & HEAD) | (self.kinds(stem) & (ROLE | MOD)),
            None => kinds,
        }
    }
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut words: FastMap<&'static str, u8> = FastMap::default();
        for l in data_lines(include_str!("../../../data/lexicon/titles.txt")) {
            let mut f = l.split('\t');
            let (Some(w), Some(kind)) = (f.next(), f.next()) else {
                continue;
            };
            *words.entry(w.trim()).or_default() |= if kind.trim() == "role" { ROLE } else { MOD };
        }
        for w in data_lines(include_str!("../../../data/lexicon/org_heads.txt")) {
            *words.entry(w.trim()).or_default() |= HEAD;
        }
        Lexicon {
            not_names: WordSet::of(
                data_lines(include_str!("../../../data/lexicon/not_names.txt")).map(str::trim),
            ),
            words: WordMap::new(words),
        }
    })
}

/// Name particles that join two capitalized words ("Cote d'Ivoire" is one token already).
fn is_particle(norm: &str) -> bool {
    matches!(
        norm,
        "de" | "del"
            | "da"
            | "di"
            | "du"
            | "la"
            | "le"
            | "van"
            | "von"
            | "der"
            | "den"
            | "bin"
            | "ibn"
            | "al"
            | "el"
            | "&"
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A capitalized word or acronym that can be part of a name.
    Cap,
    /// A lower-case title or qualifier ("spokeswoman", "deputy").
    LowerTitle,
    Other,
}

fn is_acronym(surface: &str) -> bool {
    if surface.is_ascii() {
        is_ascii_acronym(surface.as_bytes())
    } else {
        acronym_chars(surface)
    }
}

/// [`is_acronym`] of an ASCII word, read by bytes: the same tests, as a char is a byte.
fn is_ascii_acronym(w: &[u8]) -> bool {
    // Plurals keep their lower-case s: "NGOs", "ICBMs".
    let w = match w.split_last() {
        Some((b's', stem)) if stem.iter().filter(|c| c.is_ascii_uppercase()).count() >= 2 => stem,
        _ => w,
    };
    !w.iter().any(u8::is_ascii_lowercase)
        && w.iter().filter(|c| c.is_ascii_alphabetic()).count() >= 2
        && w.len() <= 10
        && w.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'&' | b'-'))
}

/// [`is_acronym`] of any word, char by char.
fn acronym_chars(surface: &str) -> bool {
    // Most words have a lower-case ASCII letter before their last byte, which the plural
    // stem keeps (only a plural's final s is lower case): not one.
    if let Some((_, init)) = surface.as_bytes().split_last() {
        if init.iter().any(u8::is_ascii_lowercase) {
            return false;
        }
    }
    // Nor is a lone lower-case letter.
    if surface
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_lowercase)
    {
        return false;
    }
    // Plurals keep their lower-case s: "NGOs", "ICBMs".
    let surface = match surface.strip_suffix('s') {
        Some(stem) if stem.chars().filter(|c| c.is_uppercase()).count() >= 2 => stem,
        _ => surface,
    };
    // Most words have a lower-case ASCII letter: rejected before counting characters.
    if surface.bytes().any(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && surface.chars().count() <= 10
        && !surface.chars().any(char::is_lowercase)
        && surface
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '&' || c == '-')
}

/// A word that does not count towards a headline's Title Case: "a", "the", "of", "with"…
/// Compared in ASCII: no other word lower-cases to one of these.
fn is_function_word(w: &str) -> bool {
    let mut buf = [0u8; 4];
    let Some(b) = buf.get_mut(..w.len()) else {
        return false;
    };
    b.copy_from_slice(w.as_bytes());
    b.make_ascii_lowercase();
    matches!(
        &*b,
        b"a" | b"an"
            | b"the"
            | b"of"
            | b"to"
            | b"in"
            | b"on"
            | b"at"
            | b"for"
            | b"and"
            | b"or"
            | b"by"
            | b"with"
            | b"from"
            | b"as"
            | b"is"
    )
}

fn is_roman_numeral(surface: &str) -> bool {
    surface.len() <= 4 && surface.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// Whether a sentence is in capitals: three words of two letters or more at least, six in
/// ten of them acronyms (`acronyms` of its words, which all have two letters).
fn all_caps(text: &str, toks: &[Token], acronyms: usize) -> bool {
    // Six tenths of three words or more take two acronyms: most sentences, with none or one,
    // are decided without counting their words.
    if acronyms < 2 {
        return false;
    }
    let words = toks
        .iter()
        .filter(|t| t.kind == TokenKind::Word && has_two_letters(surface(text, t)))
        .count();
    words >= 3 && acronyms * 10 >= words * 6
}

fn has_two_letters(w: &str) -> bool {
    // Most words open with two ASCII letters.
    if let [a, b, ..] = w.as_bytes() {
        if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
            return true;
        }
    }
    w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
}

/// Whether a sentence is a Title Case headline: three content words (not "the", "of"…) or
/// more, three in four of them capitalized.
fn title_case(text: &str, toks: &[Token]) -> bool {
    let (mut content, mut titled) = (0usize, 0usize);
    for t in toks.iter().filter(|t| t.kind == TokenKind::Word) {
        let w = surface(text, t);
        if !is_function_word(w) {
            content += 1;
            titled += usize::from(is_capitalized(w));
        }
    }
    content >= 3 && titled * 4 >= content * 3
}

/// Capitalized, or a lower-case particle glued to a capital: "al-Bakhit", "d'Ivoire".
fn is_capitalized(surface: &str) -> bool {
    let mut chars = surface.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => has_glued_capital(chars.as_str()),
        _ => false,
    }
}

/// Whether a hyphen or apostrophe among the first four chars of `rest` (a word after its
/// lower-case first letter) comes before a capital.
fn has_glued_capital(rest: &str) -> bool {
    !no_mark_ahead(rest.as_bytes()) && mark_before_capital(rest)
}

/// Whether the first four bytes of `rest` are ASCII and none is a hyphen or apostrophe: then
/// they are the four chars [`has_glued_capital`] looks at, and it is false. Most words are
/// turned away so without decoding a char.
#[inline]
fn no_mark_ahead(rest: &[u8]) -> bool {
    let Some(&head) = rest.first_chunk::<4>() else {
        return rest
            .iter()
            .all(|&b| b.is_ascii() && b != b'-' && b != b'\'');
    };
    // The four bytes at once, as one integer: no high bit set, and no byte equal to either mark
    // (a byte of `v ^ mark` is zero exactly where `v` holds the mark).
    let v = u32::from_le_bytes(head);
    let has_zero_byte = |x: u32| x.wrapping_sub(0x0101_0101) & !x & 0x8080_8080 != 0;
    v & 0x8080_8080 == 0
        && !has_zero_byte(v ^ u32::from_ne_bytes([b'-'; 4]))
        && !has_zero_byte(v ^ u32::from_ne_bytes([b'\''; 4]))
}

fn mark_before_capital(rest: &str) -> bool {
    rest.char_indices().take(4).any(|(i, c)| {
        (c == '-' || c == '\'' || c == '’')
            && rest[i + c.len_utf8()..].starts_with(char::is_uppercase)
    })
}

/// Annotates name candidates, sentence by sentence, in text order.
pub fn annotate(text: &str, sentences: &[Sentence], tokens: &[Token]) -> Vec<NameCandidate> {
    annotate_with(text, sentences, tokens, next_capital)
}

/// [`annotate`], with the capitals of a sentence's text found by `capitals`: [`next_capital`],
/// or in the tests every byte, which reads every token.
fn annotate_with(
    text: &str,
    sentences: &[Sentence],
    tokens: &[Token],
    capitals: impl Fn(&[u8], usize, usize) -> Option<usize> + Copy,
) -> Vec<NameCandidate> {
    // About one name every ten tokens of news prose: reserved at once rather than grown by
    // copying (capacity never touched costs no memory).
    let mut out = Vec::with_capacity(tokens.len() / 8);
    // Every sentence-initial word asked about waits with both readings, as in a stream that
    // has seen no lower-case word yet; then the document's lower-case words are looked up
    // among the few words asked about. A set of every lower-case word took a hash insert per
    // token.
    let mut pending = Vec::new();
    let mut readings = Vec::new();
    let nothing_seen = SeenWords::default();
    let mut lower = Lower {
        seen: &nothing_seen,
        pending: &mut pending,
        readings: &mut readings,
    };
    each_sentence(text, sentences, tokens, capitals, &mut lower, &mut out);
    if pending.is_empty() {
        return out;
    }
    // The words asked about, numbered, and whether each is seen in lower case.
    let asked = WordMap::new(
        pending
            .iter()
            .flat_map(|p| [p.norm.as_str(), p.lemma.as_str()])
            .zip(0..),
    );
    let mut found = vec![false; pending.len() * 2];
    for t in tokens {
        if !is_lower_word(text, t) {
            continue;
        }
        // Most lemmas are the form itself, looked up twice rather than compared: the filter
        // turns most words away at once.
        for w in [t.norm.as_str(), t.lemma.as_str()] {
            if asked.admits(w) {
                if let Some(f) = asked.get(w).and_then(|i: usize| found.get_mut(i)) {
                    *f = true;
                }
            }
        }
    }
    let seen = |w: &str| asked.get(w).is_some_and(|i| found.get(i) == Some(&true));
    resolve(out, pending, readings, |p| seen(&p.norm) || seen(&p.lemma))
}

/// A dash, after which a dateline's sentence starts again ("ASTANA – At the session").
fn is_dash(norm: &str) -> bool {
    matches!(norm, "–" | "—" | "-" | "--")
}

/// A quotation mark (norms have straight ones only).
fn is_quote(norm: &str) -> bool {
    matches!(norm, "\"" | "'")
}

#[inline(always)]
fn is_lower_word(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Word
        && match text.as_bytes().get(t.start) {
            // Most words start with an ASCII letter: decided by the byte at the token's start
            // (a char boundary, as every token starts on one), without decoding a char.
            Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
            _ => starts_lower(surface(text, t)),
        }
}

fn starts_lower(s: &str) -> bool {
    s.starts_with(char::is_lowercase)
}

fn each_sentence(
    text: &str,
    sentences: &[Sentence],
    tokens: &[Token],
    capitals: impl Fn(&[u8], usize, usize) -> Option<usize> + Copy,
    lower: &mut Lower,
    out: &mut Vec<NameCandidate>,
) {
    let mut info = Vec::new();
    let mut i = 0;
    for (si, _) in sentences.iter().enumerate() {
        let start = i;
        while i < tokens.len() && tokens[i].sentence == si {
            i += 1;
        }
        if start < i {
            sentence_names(text, &tokens[start..i], capitals, lower, &mut info, out);
        }
    }
}

/// The words seen in lower case so far, which make a sentence-initial capitalized word
/// ordinary; a word not seen yet waits in `pending` for the rest of the document.
struct Lower<'a> {
    seen: &'a SeenWords,
    pending: &'a mut Vec<Pending>,
    /// The names of both readings of each pending word, kept together rather than in two
    /// vectors per word.
    readings: &'a mut Vec<NameCandidate>,
}

/// A sentence-initial word whose reading waits for the rest of the document: the names to
/// insert at `out[at]` if it is an ordinary word (`norm` or `lemma` seen in lower case), or
/// else. Both readings' names are in [`Lower::readings`], one pending word after another, the
/// ordinary reading's first.
struct Pending {
    at: usize,
    norm: CompactString,
    lemma: CompactString,
    if_ordinary: usize,
    if_name: usize,
}

/// [`annotate`] fed a document a few sentences at a time, each batch with its own tokens, so
/// that a caller can tokenize into one small reused buffer instead of holding every token of a
/// large document. [`NameStream::finish`] gives exactly what [`annotate`] gives on the whole.
#[derive(Default)]
pub struct NameStream {
    seen: SeenWords,
    pending: Vec<Pending>,
    readings: Vec<NameCandidate>,
    out: Vec<NameCandidate>,
}

impl NameStream {
    /// A stream for a document of `sentences` sentences: news has two or three name
    /// candidates a sentence, and growing a large document's vector by doubling copied it into
    /// fresh memory several times.
    pub fn for_sentences(sentences: usize) -> Self {
        NameStream {
            out: Vec::with_capacity(sentences.saturating_mul(3)),
            ..Self::default()
        }
    }

    /// The next sentences of the document and their tokens (`Token::sentence` counts from the
    /// first of `sentences`, as [`crate::token::tokenize`] numbers them).
    pub fn push(&mut self, text: &str, sentences: &[Sentence], tokens: &[Token]) {
        for t in tokens {
            if is_lower_word(text, t) {
                self.seen.insert_forms(&t.norm, &t.lemma);
            }
        }
        let mut lower = Lower {
            seen: &self.seen,
            pending: &mut self.pending,
            readings: &mut self.readings,
        };
        each_sentence(
            text,
            sentences,
            tokens,
            next_capital,
            &mut lower,
            &mut self.out,
        );
    }

    /// The names of the whole document, in text order.
    pub fn finish(self) -> Vec<NameCandidate> {
        let seen = &self.seen;
        resolve(self.out, self.pending, self.readings, |p| {
            seen.contains(p.norm.as_str()) || seen.contains(p.lemma.as_str())
        })
    }
}

/// The names decided at once with those of the waiting words, read as ordinary words where
/// `ordinary` says so, in text order.
fn resolve(
    decided: Vec<NameCandidate>,
    pending: Vec<Pending>,
    readings: Vec<NameCandidate>,
    ordinary: impl Fn(&Pending) -> bool,
) -> Vec<NameCandidate> {
    if pending.is_empty() {
        return decided;
    }
    let extra: usize = pending.iter().map(|p| p.if_name).sum();
    let mut out = Vec::with_capacity(decided.len() + extra);
    let mut decided = decided.into_iter();
    let mut readings = readings.into_iter();
    let mut done = 0;
    for p in pending {
        out.extend(decided.by_ref().take(p.at - done));
        done = p.at;
        let if_ordinary = readings.by_ref().take(p.if_ordinary);
        if ordinary(&p) {
            out.extend(if_ordinary);
            readings.by_ref().take(p.if_name).for_each(drop);
        } else {
            if_ordinary.for_each(drop);
            out.extend(readings.by_ref().take(p.if_name));
        }
    }
    out.extend(decided);
    out
}

fn surface<'a>(text: &'a str, t: &Token) -> &'a str {
    text.get(t.start..t.end).unwrap_or("")
}

/// What the name rules read of a token, found as the class pass visits its sentence's
/// capitals.
#[derive(Clone, Copy)]
struct Info {
    class: Class,
    /// The [`Lexicon::token_kinds`] of a `Cap` or `LowerTitle` token, looked up once for the
    /// several rules that ask; 0 for the others (see [`kinds_at`]).
    kinds: u8,
    /// Whether a `Cap` token is an acronym, as the all-caps count found; false for the others
    /// (see [`acronym_at`]).
    acronym: bool,
    /// A token not read yet: a word without a capital (nor a byte past ASCII) is `Other`
    /// unless it is a title in a chain before a capitalized word, where the class pass reads
    /// it; any other token not read is `Other`.
    unread: bool,
}

/// The kinds of token `k`: a word that is neither `Cap` nor `LowerTitle` ("of", "the" in a
/// run) is looked up only here, where a run takes it in.
fn kinds_at(lex: &Lexicon, toks: &[Token], info: &[Info], k: usize) -> u8 {
    match info.get(k) {
        Some(i) if i.class != Class::Other => i.kinds,
        _ => toks.get(k).map_or(0, |t| lex.token_kinds(&t.norm)),
    }
}

/// Whether token `k` is an acronym: a token that is not `Cap` (an "AL" turned away as a name
/// but taken into a run as a particle) is looked at only here.
fn acronym_at(text: &str, toks: &[Token], info: &[Info], k: usize) -> bool {
    match info.get(k) {
        Some(i) if i.class != Class::Other => i.acronym,
        _ => toks.get(k).is_some_and(|t| is_acronym(surface(text, t))),
    }
}

const OTHER: Info = Info {
    class: Class::Other,
    kinds: 0,
    acronym: false,
    unread: false,
};

const UNREAD: Info = Info {
    unread: true,
    ..OTHER
};

/// The first byte of `bytes[from..to]` that is an ASCII capital or past ASCII: only a word
/// holding one can be capitalized or an acronym (a capital is a capital letter or a byte of a
/// char past ASCII), so the class pass reads only the words that hold one and the few
/// lower-case words that can be titles before them.
fn next_capital(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ones = |b: u8| u64::from(b) * 0x0101_0101_0101_0101;
    let mut i = from;
    // Eight bytes at a time, as one integer. In each byte, `v + (0x80 - c)` sets the high bit
    // exactly when the byte's low seven bits `v` are `c` or more, and never carries into the
    // next byte.
    while i + 8 <= to {
        let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        else {
            break;
        };
        let x = u64::from_le_bytes(chunk);
        let low = x & !HIGH;
        let from_a = low + ones(0x80 - b'A');
        let past_z = low + ones(0x80 - b'Z' - 1);
        let hits = (x | (from_a & !past_z)) & HIGH;
        if hits != 0 {
            return Some(i + hits.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    let rest = bytes.get(i..to.min(bytes.len()))?;
    rest.iter()
        .position(|&b| b.is_ascii_uppercase() || !b.is_ascii())
        .map(|p| i + p)
}

/// The class of a word token: whether it can be part of a name, and its kinds if so.
/// `acronyms` counts the all-caps words, for the all-caps test.
#[inline(never)]
fn word_info(
    lex: &Lexicon,
    s: &str,
    norm: &str,
    acronyms: &mut usize,
    rejected: impl FnOnce() -> bool,
) -> Info {
    let mut acronym = false;
    let cap = match s.as_bytes() {
        // Most words start with a lower-case ASCII letter: no acronym, and capitalized only
        // with a particle glued to a capital ("al-Bakhit").
        [first, ..] if first.is_ascii_lowercase() => has_glued_capital(s.get(1..).unwrap_or("")),
        // Most others are capitalized words ("Trade"): no acronym either, which has a small
        // letter only at its end.
        [first, second, ..] if first.is_ascii_uppercase() && second.is_ascii_lowercase() => true,
        _ => {
            acronym = is_acronym(s);
            *acronyms += usize::from(acronym);
            is_capitalized(s)
        }
    };
    // Most words are lower case and no title: nothing more to look up for them.
    if !cap && !lex.is_title(norm) {
        return OTHER;
    }
    if lex.is_not_name(s) || rejected() {
        return OTHER;
    }
    Info {
        class: if cap { Class::Cap } else { Class::LowerTitle },
        kinds: lex.token_kinds(norm),
        acronym,
        unread: false,
    }
}

fn sentence_names(
    text: &str,
    toks: &[Token],
    capitals: impl Fn(&[u8], usize, usize) -> Option<usize>,
    lower: &mut Lower,
    info: &mut Vec<Info>,
    out: &mut Vec<NameCandidate>,
) {
    let lex = lexicon();
    let first_word = toks.iter().position(|t| t.kind == TokenKind::Word);
    // After a dateline ("ASTANA – At the session", "OSH (AKIpress) - Police") the sentence
    // starts again; a caption glued to it ("sessionASTANA") still ends in capitals.
    let after_dateline = toks
        .iter()
        .take(7)
        // A word is never a dash, and a dash's text starts with '-' or a byte past ASCII as
        // its norm does: most norms are not compared.
        .position(|t| {
            t.kind != TokenKind::Word
                && text
                    .as_bytes()
                    .get(t.start)
                    .is_some_and(|&b| b == b'-' || !b.is_ascii())
                && is_dash(&t.norm)
        })
        .filter(|&d| {
            toks[..d].iter().any(|t| {
                let s = surface(text, t);
                s.chars().rev().take_while(|c| c.is_uppercase()).count() >= 3
            })
        })
        .map(|d| d + 1)
        .filter(|&w| toks.get(w).is_some_and(|t| t.kind == TokenKind::Word));
    // A quotation opening inside the sentence starts again too: (said,) “There are ...".
    let quote_initial = |k: usize| {
        k > 0
            // A quotation mark's text starts with one or with a byte past ASCII (a curly one).
            && text
                .as_bytes()
                .get(toks[k - 1].start)
                .is_some_and(|&b| matches!(b, b'"' | b'\'') || !b.is_ascii())
            && is_quote(&toks[k - 1].norm)
            && text
                .get(..toks[k - 1].start)
                .is_some_and(|b| b.ends_with(char::is_whitespace) || b.ends_with([',', ':']))
    };
    let is_initial =
        |k: usize| Some(k) == first_word || Some(k) == after_dateline || quote_initial(k);

    // The class of each token, and the acronyms for the all-caps test.
    let mut acronyms = 0usize;
    let word = |k: usize, t: &Token, acronyms: &mut usize| {
        if t.kind != TokenKind::Word {
            return OTHER;
        }
        let s = surface(text, t);
        word_info(lex, s, &t.norm, acronyms, || {
            (is_initial(k) && sentence_starters().contains(s))
                // "May 2007" is a date ("Theresa May" is not).
                || (s == "May" && toks.get(k + 1).is_some_and(|n| n.kind == TokenKind::Number))
        })
    };
    // Most tokens hold no capital: they stay unread, and the pass goes from one token holding
    // a capital to the next. A word without one is never `Cap` nor an acronym; whether it is a
    // `LowerTitle` or `Other` matters only in a chain of titles right before a `Cap` (no title
    // is a connector or particle, which a run reads by its norm: see the tests).
    info.clear();
    info.resize(toks.len(), UNREAD);
    let (from, to) = match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => (a.start, b.end),
        _ => (0, 0),
    };
    let mut at = from;
    let mut k = 0;
    while let Some(p) = capitals(text.as_bytes(), at, to) {
        while toks.get(k).is_some_and(|t| t.end <= p) {
            k += 1;
        }
        let Some(t) = toks.get(k) else {
            break;
        };
        if t.start > p {
            // A byte between tokens (a no-break space): no token holds one before `t`.
            at = t.start;
            continue;
        }
        at = t.end;
        let i = word(k, t, &mut acronyms);
        if i.class == Class::Cap {
            // A lower-case title counts only in a chain of up to four right before a
            // capitalized word (see `lower_chain` below): only there are the words without a
            // capital read.
            for j in (k.saturating_sub(4)..k).rev() {
                let (Some(prev), Some(pt)) = (info.get_mut(j), toks.get(j)) else {
                    break;
                };
                if prev.unread {
                    // An unread token holds no capital: a word is a lower-case title or
                    // `Other`, and most are in no list.
                    *prev = if pt.kind == TokenKind::Word && lex.is_title(&pt.norm) {
                        word(j, pt, &mut acronyms)
                    } else {
                        OTHER
                    };
                }
                if prev.class != Class::LowerTitle {
                    break;
                }
            }
        }
        if let Some(slot) = info.get_mut(k) {
            *slot = i;
        }
        k += 1;
    }
    let info = &info[..];
    let class = |k: usize| info[k].class;
    // All-caps headlines name nothing reliably; Title Case headlines only their acronyms.
    if all_caps(text, toks, acronyms) {
        return;
    }
    let ends_with_stop = toks
        .last()
        .is_some_and(|t| matches!(t.norm.as_str(), "." | "!" | "?" | "\"" | "'" | ")" | ":"));
    let headline = !ends_with_stop && title_case(text, toks);

    let kinds = |k: usize| kinds_at(lex, toks, info, k);
    let is_role = |k: usize| kinds(k) & ROLE != 0;
    // A chain of lower-case titles ending in a role, right before a capitalized word
    // ("spokeswoman Jen Psaki"), or before a capitalized role ("former President").
    let lower_chain = |k: usize| -> Option<usize> {
        let mut e = k;
        while e < toks.len() && class(e) == Class::LowerTitle && e - k < 4 {
            e += 1;
        }
        if e > k && e < toks.len() && class(e) == Class::Cap && (is_role(e - 1) || is_role(e)) {
            Some(e)
        } else {
            None
        }
    };

    let mut k = 0;
    while k < toks.len() {
        let begin = match class(k) {
            Class::Cap => k,
            Class::LowerTitle if lower_chain(k).is_some() => k,
            _ => {
                k += 1;
                continue;
            }
        };
        // Extend the run.
        let mut end = k + 1; // exclusive
        if class(k) == Class::LowerTitle {
            end = lower_chain(k).map_or(end, |e| e + 1);
        }
        while end < toks.len() {
            match class(end) {
                Class::Cap => end += 1,
                Class::LowerTitle => match lower_chain(end) {
                    Some(e) => end = e + 1,
                    None => break,
                },
                Class::Other => {
                    let n = toks[end].norm.as_str();
                    let prev = end - 1;
                    let ok_prev = match n {
                        "of" | "for" => kinds(prev) & (ROLE | MOD | HEAD) != 0,
                        "on" => kinds(prev) & HEAD != 0,
                        _ => is_particle(n) && class(prev) == Class::Cap,
                    };
                    if !ok_prev {
                        break;
                    }
                    // "of the United Nations": one article may follow.
                    let mut next = end + 1;
                    if matches!(n, "of" | "for") && toks.get(next).is_some_and(|t| t.norm == "the")
                    {
                        next += 1;
                    }
                    if next < toks.len() && class(next) == Class::Cap {
                        end = next + 1;
                    } else {
                        break;
                    }
                }
            }
        }
        k = end;
        // The candidates of the run from token `from` on.
        let emit_from = |from: usize, out: &mut Vec<NameCandidate>| {
            emit(
                text,
                &toks[from..end],
                &info[from..end],
                headline,
                Some(from) == first_word,
                out,
            );
        };
        let mut b = begin;
        // A sentence-initial ordinary word ("Trade agreements", "Reportedly") is no name.
        if is_initial(b) && class(b) == Class::Cap && !is_role(b) {
            let s = surface(text, &toks[b]);
            // A lone plural before a lower-case word ("Members of", "Officials said") is a
            // common noun far more often than a name like "Athens".
            let plural = end == b + 1
                && toks[b].norm.ends_with('s')
                && toks[b].lemma != toks[b].norm
                && toks
                    .get(end)
                    .is_some_and(|t| surface(text, t).starts_with(char::is_lowercase));
            // A lone word before a determiner, "that", "up" or a number is a verb or adjective
            // ("Fearing the aftermath", "Aware that", "Sign up", "Read 2647 times"): a name
            // opening a sentence is followed by its verb ("Beijing said"), "'s" or a comma.
            let before_object = end == b + 1
                && toks.get(end).is_some_and(|t| {
                    t.kind == TokenKind::Number
                        || matches!(
                            t.norm.as_str(),
                            "the"
                                | "a"
                                | "an"
                                | "its"
                                | "his"
                                | "her"
                                | "their"
                                | "this"
                                | "that"
                                | "these"
                                | "those"
                                | "our"
                                | "your"
                                | "up"
                                | "also"
                                | "of"
                                | "with"
                        )
                        || (t.norm == "to" && toks[b].norm.ends_with("ing"))
                });
            let skip_ordinary = |mut b: usize| {
                b += 1;
                while b < end && class(b) != Class::Cap {
                    b += 1;
                }
                b
            };
            let ordinary = s.ends_with("ly") || plural || before_object;
            if ordinary
                || lower.seen.contains(toks[b].norm.as_str())
                || lower.seen.contains(toks[b].lemma.as_str())
            {
                b = skip_ordinary(b);
            } else {
                // Not seen in lower case so far, but the rest of the document may show it:
                // both readings are kept until the whole document has been seen.
                let first = lower.readings.len();
                let o = skip_ordinary(b);
                if o < end {
                    emit_from(o, lower.readings);
                }
                let if_ordinary = lower.readings.len() - first;
                emit_from(b, lower.readings);
                let if_name = lower.readings.len() - first - if_ordinary;
                lower.pending.push(Pending {
                    at: out.len(),
                    norm: toks[b].norm.clone(),
                    lemma: toks[b].lemma.clone(),
                    if_ordinary,
                    if_name,
                });
                continue;
            }
        }
        if b >= end {
            continue;
        }
        emit_from(b, out);
    }
}

fn emit(
    text: &str,
    run: &[Token],
    info: &[Info],
    headline: bool,
    sentence_initial: bool,
    out: &mut Vec<NameCandidate>,
) {
    let lex = lexicon();
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        return;
    };
    let span_text = |a: &Token, b: &Token| text.get(a.start..b.end).unwrap_or("").to_string();
    if run.len() == 1 && acronym_at(text, run, info, 0) {
        let s = surface(text, first);
        if !is_roman_numeral(s) {
            let letters = s.chars().filter(|c| c.is_alphabetic()).count();
            // A long all-caps word opening the sentence is a dateline place ("ASTANA –").
            let kind = if letters > 6 || (sentence_initial && letters >= 5) {
                NameKind::Name
            } else {
                NameKind::Acronym
            };
            out.push(NameCandidate {
                start: first.start,
                end: first.end,
                text: s.to_string(),
                kind,
                title: None,
            });
            return;
        }
    }
    if headline {
        for (k, t) in run.iter().enumerate() {
            let s = surface(text, t);
            if acronym_at(text, run, info, k) && !is_roman_numeral(s) {
                out.push(NameCandidate {
                    start: t.start,
                    end: t.end,
                    text: s.to_string(),
                    kind: NameKind::Acronym,
                    title: None,
                });
            }
        }
        return;
    }
    let kinds = |k: usize| kinds_at(lex, run, info, k);
    let is_role = |k: usize| kinds(k) & ROLE != 0;
    let is_mod = |k: usize| kinds(k) & MOD != 0;
    let is_conn = |t: &Token| matches!(t.norm.as_str(), "of" | "for" | "on" | "the");
    let is_head = |k: usize| kinds(k) & HEAD != 0;
    let last_k = run.len() - 1;

    // Title split: after the last role word, when a capitalized non-title word follows it and
    // the rest does not end like an organization ("General Intelligence Service").
    let mut split = None;
    if let Some(r) = (0..run.len()).rposition(is_role) {
        if let Some(next) = run.get(r + 1) {
            if !is_conn(next) && !is_mod(r + 1) && !is_head(last_k) {
                split = Some(r + 1);
            } else if next.norm == "of" {
                // "Minister of Defence of Kazakhstan Adilbek Dzhaksybekov": the title runs to
                // the last two words when at least three follow the last connector.
                let c = run.iter().rposition(is_conn).unwrap_or(r);
                if run.len() - (c + 1) >= 3 && !is_head(last_k) {
                    split = Some(run.len() - 2);
                }
            }
        }
    }
    let title = match split {
        Some(s) => Some(TextSpan {
            start: first.start,
            end: run[s - 1].end,
        }),
        // A bare role ("Foreign Minister", "President of Kazakhstan"): the title is all of it.
        None if (is_role(0) || is_mod(0))
            && (0..run.len()).any(is_role)
            && !(0..run.len()).any(is_head) =>
        {
            Some(TextSpan {
                start: first.start,
                end: last.end,
            })
        }
        None => None,
    };
    out.push(NameCandidate {
        start: first.start,
        end: last.end,
        text: span_text(first, last),
        kind: NameKind::Name,
        title,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{sentence, token};

    /// Capitals everywhere: the class pass reads every token.
    pub(super) fn every_byte(_: &[u8], from: usize, to: usize) -> Option<usize> {
        (from < to).then_some(from)
    }

    fn names(t: &str) -> Vec<(String, Option<String>, NameKind)> {
        let s = sentence::split(t);
        let k = token::tokenize(t, &s);
        let v = annotate(t, &s, &k);
        assert_eq!(v, annotate_with(t, &s, &k, every_byte));
        v.into_iter()
            .map(|n| {
                (
                    n.text,
                    n.title.map(|x| t[x.start..x.end].to_string()),
                    n.kind,
                )
            })
            .collect()
    }

    fn has(v: &[(String, Option<String>, NameKind)], text: &str, title: Option<&str>) -> bool {
        v.iter()
            .any(|(t, ti, _)| t == text && ti.as_deref() == title)
    }

    #[test]
    fn titles_before_names() {
        let v = names(
            "Talks were held by Foreign Minister Erlan Idrissov and Egyptian President Hosni \
             Mubarak's envoy, while Colonel-General Umar Sulayman and Prime Minister Daniyal \
             Akhmetov watched.",
        );
        assert!(
            has(
                &v,
                "Foreign Minister Erlan Idrissov",
                Some("Foreign Minister")
            ),
            "{v:?}"
        );
        assert!(
            has(
                &v,
                "Egyptian President Hosni Mubarak",
                Some("Egyptian President")
            ),
            "{v:?}"
        );
        assert!(
            has(&v, "Colonel-General Umar Sulayman", Some("Colonel-General")),
            "{v:?}"
        );
        assert!(
            has(
                &v,
                "Prime Minister Daniyal Akhmetov",
                Some("Prime Minister")
            ),
            "{v:?}"
        );
    }

    #[test]
    fn lower_case_roles_and_of_titles() {
        let v = names(
            "A statement came from White House spokeswoman Anna Berg. Later Minister of \
             Defence of Mongolia Batbold Tsend arrived with the defence minister Ruslan Ivanov.",
        );
        assert!(
            has(
                &v,
                "White House spokeswoman Anna Berg",
                Some("White House spokeswoman")
            ),
            "{v:?}"
        );
        assert!(
            has(
                &v,
                "Minister of Defence of Mongolia Batbold Tsend",
                Some("Minister of Defence of Mongolia")
            ),
            "{v:?}"
        );
        assert!(
            has(
                &v,
                "defence minister Ruslan Ivanov",
                Some("defence minister")
            ),
            "{v:?}"
        );
    }

    #[test]
    fn varied_titles() {
        let v = names(
            "U.S. Secretary of State Antony Blinken met Russian President Vladimir Putin's \
             spokesman Dmitry Peskov. Kyrgyz Deputy Prime Minister Adylbek Kasymaliev, Mr. \
             Tokayev and Lt. Gen. Ivan Petrov attended. Officials said former President Askar \
             Akayev stayed away. \"We will respond,\" NATO Secretary General Jens Stoltenberg \
             said. Almaty akim Bakytzhan Sagintayev and Opposition leader Bolat Abilov spoke.",
        );
        for (text, title) in [
            (
                "U.S. Secretary of State Antony Blinken",
                "U.S. Secretary of State",
            ),
            ("Russian President Vladimir Putin", "Russian President"),
            ("spokesman Dmitry Peskov", "spokesman"),
            (
                "Kyrgyz Deputy Prime Minister Adylbek Kasymaliev",
                "Kyrgyz Deputy Prime Minister",
            ),
            ("Mr. Tokayev", "Mr."),
            ("Lt. Gen. Ivan Petrov", "Lt. Gen."),
            ("former President Askar Akayev", "former President"),
            (
                "NATO Secretary General Jens Stoltenberg",
                "NATO Secretary General",
            ),
            ("Almaty akim Bakytzhan Sagintayev", "Almaty akim"),
            ("Opposition leader Bolat Abilov", "Opposition leader"),
        ] {
            assert!(has(&v, text, Some(title)), "{text}: {v:?}");
        }
    }

    #[test]
    fn organizations_and_acronyms() {
        let v = names(
            "Members of the Collective Security Treaty Organization (CSTO) met officials of the \
             National Security Committee (KNB) and the Office of the United Nations High \
             Commissioner for Refugees (UNHCR) in Bishkek.",
        );
        assert!(
            has(&v, "Collective Security Treaty Organization", None),
            "{v:?}"
        );
        assert!(has(&v, "National Security Committee", None), "{v:?}");
        assert!(
            has(
                &v,
                "Office of the United Nations High Commissioner for Refugees",
                None
            ),
            "{v:?}"
        );
        for a in ["CSTO", "KNB", "UNHCR"] {
            assert!(
                v.iter().any(|(t, _, k)| t == a && *k == NameKind::Acronym),
                "{a} {v:?}"
            );
        }
        assert!(has(&v, "Bishkek", None));
        let v = names(
            "The Ministry of Foreign Affairs of the Republic of Kazakhstan and the State \
             Committee for National Security declined to comment.",
        );
        assert!(
            has(
                &v,
                "Ministry of Foreign Affairs of the Republic of Kazakhstan",
                None
            ),
            "{v:?}"
        );
        assert!(
            has(&v, "State Committee for National Security", None),
            "{v:?}"
        );
        assert!(!v.iter().any(|(t, _, _)| t.starts_with("Members")), "{v:?}");
    }

    #[test]
    fn sentence_initial_ordinary_words_are_skipped() {
        let v = names(
            "The envoy arrived. But the talks failed in Tashkent. Trade fell because trade \
             routes closed. Reportedly the border stayed shut on Monday. In March nothing moved.",
        );
        let texts: Vec<&str> = v.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(texts, vec!["Tashkent"]);
    }

    #[test]
    fn headlines_and_datelines() {
        let v =
            names("TROOPS RETURN HOME FROM MALI\n\nOSH – Police in Osh detained a UN official.");
        let texts: Vec<&str> = v.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(texts, vec!["OSH", "Police", "Osh", "UN"]);
        let v = names("Kyrgyz Court Frees NGO Head\n\nA court in Osh freed him.");
        let texts: Vec<&str> = v.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(texts, vec!["NGO", "Osh"]);
        // A caption glued to the dateline: "On" is still the sentence's first word.
        assert!(names("captionALMATY – On Friday the court ruled.").is_empty());
    }

    #[test]
    fn quote_initial_words_participles_and_acronym_plurals() {
        let v = names(
            "Fearing the worst, Ospanov said: “There is no plan.” Several NGOs and ICBMs were \
             mentioned. Beijing said nothing. Aware that, Astana waited. Sign up now. It ends in \
             May 2027.",
        );
        let texts: Vec<(&str, NameKind)> = v.iter().map(|(t, _, k)| (t.as_str(), *k)).collect();
        assert_eq!(
            texts,
            vec![
                ("Ospanov", NameKind::Name),
                ("NGOs", NameKind::Acronym),
                ("ICBMs", NameKind::Acronym),
                ("Beijing", NameKind::Name),
                ("Astana", NameKind::Name)
            ]
        );
    }

    #[test]
    fn next_capital_finds_the_first_capital_or_byte_past_ascii() {
        let plain = |b: &[u8], from: usize, to: usize| {
            (from..to).find(|&i| b[i].is_ascii_uppercase() || !b[i].is_ascii())
        };
        for byte in 0..=255u8 {
            for at in 0..20 {
                let mut b = vec![b'a'; 20];
                b[at] = byte;
                for from in 0..=b.len() {
                    for to in from..=b.len() {
                        assert_eq!(
                            next_capital(&b, from, to),
                            plain(&b, from, to),
                            "{byte} {at}"
                        );
                    }
                }
            }
        }
        let b = "the quick brown fox, naïve “words” over Z@[`{".as_bytes();
        for from in 0..=b.len() {
            for to in from..=b.len() {
                assert_eq!(next_capital(b, from, to), plain(b, from, to));
            }
        }
        assert_eq!(next_capital(b"ab", 0, 9), None);
    }

    #[test]
    fn ascii_acronyms_read_by_bytes_as_by_chars() {
        for w in [
            "",
            "s",
            "A",
            "UN",
            "NATO",
            "U.S.",
            "NGOs",
            "ICBMs",
            "Ss",
            "SS",
            "AB&C",
            "A-B",
            "R2D2",
            "ABCDEFGHIJ",
            "ABCDEFGHIJK",
            "ABCDEFGHIJs",
            "Trade",
            "iPhone",
            "KNB's",
            "1990s",
            "AT&T",
            "'S",
            "A.B.",
            "us",
            "USs",
            "UNs",
        ] {
            assert_eq!(is_ascii_acronym(w.as_bytes()), acronym_chars(w), "{w}");
        }
    }

    #[test]
    fn no_title_is_a_connector_or_particle() {
        // A word without a capital outside a chain of titles before a capitalized word is
        // left unread, as `Other`; a run reads connectors and particles by their norms as
        // `Other`, which a title would not be.
        for l in data_lines(include_str!("../../../data/lexicon/titles.txt")) {
            let w = l.split('\t').next().unwrap_or("").trim();
            assert!(
                !is_particle(w) && !matches!(w, "of" | "for" | "on" | "the"),
                "{w}"
            );
        }
    }

    #[test]
    fn bare_roles_and_particles() {
        let v =
            names("He met the Foreign Minister and Cote d'Ivoire envoys, then Maruf al-Bakhit.");
        assert!(
            has(&v, "Foreign Minister", Some("Foreign Minister")),
            "{v:?}"
        );
        assert!(has(&v, "Cote d'Ivoire", None), "{v:?}");
        assert!(has(&v, "Maruf al-Bakhit", None), "{v:?}");
    }
}

#[cfg(test)]
mod proptests {
    use crate::{names, sentence, token};
    use proptest::prelude::*;

    /// Every span of every layer is in bounds, on char boundaries, non-empty and in order;
    /// tokens stay inside their sentence.
    fn check(t: &str) {
        let s = sentence::split(t);
        let mut prev_end = 0;
        for x in &s {
            assert!(prev_end <= x.start && x.start < x.end && x.end <= t.len());
            let body = t.get(x.start..x.end).expect("sentence on char boundaries");
            assert_eq!(body, body.trim());
            prev_end = x.end;
        }
        let k = token::tokenize(t, &s);
        let mut prev_end = 0;
        for tok in &k {
            let sent = s[tok.sentence];
            assert!(prev_end <= tok.start && tok.start < tok.end);
            assert!(sent.start <= tok.start && tok.end <= sent.end);
            assert!(t.get(tok.start..tok.end).is_some());
            prev_end = tok.end;
        }
        let n = names::annotate(t, &s, &k);
        // Reading only the tokens that hold a capital gives what reading every token gives.
        assert_eq!(n, names::annotate_with(t, &s, &k, names::tests::every_byte));
        let mut prev_start = 0;
        for c in &n {
            assert!(prev_start <= c.start && c.start < c.end && c.end <= t.len());
            assert_eq!(t.get(c.start..c.end), Some(c.text.as_str()));
            if let Some(ti) = c.title {
                assert!(c.start <= ti.start && ti.start < ti.end && ti.end <= c.end);
                assert!(t.get(ti.start..ti.end).is_some());
            }
            prev_start = c.start;
        }
    }

    proptest! {
        #[test]
        fn spans_hold_for_any_string(t in any::<String>()) {
            check(&t);
        }

        #[test]
        fn ascii_acronyms_read_by_bytes_as_by_chars(w in "[A-Za-z0-9.&'s-]{0,14}") {
            prop_assert_eq!(
                names::is_ascii_acronym(w.as_bytes()),
                names::acronym_chars(&w)
            );
        }

        #[test]
        fn spans_hold_for_news_like_text(
            t in "([A-Z][a-z]{0,8}|[a-z]{1,8}|[A-Z]{2,5}|[0-9]{1,4}|[.,;:!?'’\"“”()$%–—-]|\\.|\\n|\\n\\n| |  |\t|é|Қ|\u{301}|•|1\\. |No\\. |U\\.S\\.|n't|'s){0,80}"
        ) {
            check(&t);
        }
    }
}
