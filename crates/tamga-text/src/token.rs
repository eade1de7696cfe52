//! Tokens with spans, normalized forms and lemmas. Words keep inner hyphens ("Kazakh-Jordanian")
//! and split off clitics ("Kazakhstan's" → "Kazakhstan" + "'s"); numbers keep decimal, thousands
//! and range separators ("14.5", "20,000", "2017-2018"). Lemmas come from suffix rules plus the
//! irregular forms in `data/lexicon/irregular_*.tsv`: no dictionary, no part-of-speech tagger.
//!
//! Abbreviations from `data/lexicon/abbreviations.txt`, initials and dotted acronyms keep their
//! full stop ("Dec.", "Gen.", "S.", "U.S."); their lemma drops it ("dec", "gen").

use crate::ascii::{self, ALNUM, DIGIT, LOWER, MARK, SPACE, UPPER};
use crate::model::{Sentence, Token, TokenKind};
use crate::sentence::{abbreviations, data_lines, AbbrevClass, FastMap};
use crate::wordmap::{WordKey, WordMap};
use compact_str::CompactString;
use std::cell::RefCell;
use std::sync::OnceLock;

/// Irregular verb forms: form → (lemma, tags such as "past+pp").
fn irregular_verbs() -> &'static FastMap<&'static str, (&'static str, &'static str)> {
    static MAP: OnceLock<FastMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    MAP.get_or_init(|| {
        data_lines(include_str!("../../../data/lexicon/irregular_verbs.tsv"))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let form = f.next()?.trim();
                let lemma = f.next()?.trim();
                let tags = f.next().unwrap_or("").trim();
                Some((form, (lemma, tags)))
            })
            .collect()
    })
}

/// Irregular plurals and words that only look inflected ("news" → "news").
fn irregular_words() -> &'static FastMap<&'static str, &'static str> {
    static MAP: OnceLock<FastMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        data_lines(include_str!("../../../data/lexicon/irregular_nouns.tsv"))
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?.trim(), f.next()?.trim()))
            })
            .collect()
    })
}

/// Both irregular tables as one, form → lemma, the verb table winning: the lemmatizer looks
/// every word up, and one probe is cheaper than two. The forms are a [`WordMap`], whose filter
/// turns most words away before a probe, and the lemmas are made once as compact strings, so a
/// hit copies one instead of building it.
struct Irregular {
    forms: WordMap<usize>,
    lemmas: Vec<CompactString>,
}

fn irregular_lemmas() -> &'static Irregular {
    static TABLE: OnceLock<Irregular> = OnceLock::new();
    TABLE.get_or_init(|| {
        let pairs: Vec<(&str, &str)> = irregular_words()
            .iter()
            .map(|(&f, &l)| (f, l))
            .chain(irregular_verbs().iter().map(|(&f, &(l, _))| (f, l)))
            .collect();
        let lemmas = pairs.iter().map(|&(_, l)| CompactString::from(l)).collect();
        let forms = WordMap::new(pairs.iter().enumerate().map(|(k, &(f, _))| (f, k)));
        Irregular { forms, lemmas }
    })
}

/// Each ASCII char as a compact string, made once: most marks are one byte, and cloning one
/// of these costs less than building it.
fn ascii_forms() -> &'static [CompactString] {
    static FORMS: OnceLock<Vec<CompactString>> = OnceLock::new();
    FORMS.get_or_init(|| {
        (0..128u8)
            .map(|b| CompactString::from(char::from(b).to_string()))
            .collect()
    })
}

/// Tokenizes each sentence; tokens come in text order and never cross a sentence's span.
pub fn tokenize(text: &str, sentences: &[Sentence]) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokenize_into(text, sentences, &mut out);
    out
}

/// [`tokenize`] into `out` (cleared first), so one buffer can serve a document's sentences a
/// batch at a time. Sentence numbers count from the first of `sentences`.
pub fn tokenize_into(text: &str, sentences: &[Sentence], out: &mut Vec<Token>) {
    thread_local! {
        static FORMS: RefCell<Forms> = RefCell::new(Forms::with_slots(FORM_SLOTS));
    }
    FORMS.with(|forms| match forms.try_borrow_mut() {
        Ok(mut forms) => tokenize_with(text, sentences, out, &mut forms),
        // Not reached (tokenizing never tokenizes again inside): a table of no slots computes
        // every word.
        Err(_) => tokenize_with(text, sentences, out, &mut Forms::with_slots(0)),
    });
}

fn tokenize_with(text: &str, sentences: &[Sentence], out: &mut Vec<Token>, forms: &mut Forms) {
    out.clear();
    for (si, s) in sentences.iter().enumerate() {
        let Some(body) = text.get(s.start..s.end) else {
            continue;
        };
        tokenize_sentence(body, s.start, si, out, forms);
    }
}

/// Slots of a thread's [`Forms`]: the words of news prose repeat, and a few thousand of them
/// make most of a text's words. 72 bytes a slot, 288 KB in all; twice as many took 1.8 M fewer
/// instructions on 2 MB of news but no less time.
const FORM_SLOTS: usize = 4096;

/// The forms of the plain words (see [`plain_word`]) a thread tokenized lately: a word's norm
/// and its lemma are made once and then copied, where making them built a compact string
/// (a `memcpy` call), lower-cased it and ran the lemmatizer for every occurrence. The forms
/// are a function of the word's bytes alone, so a copy is what making them again would give.
/// Words of up to 16 bytes, two a pair of slots picked by the word's hash; a new word takes
/// the first slot and moves its word to the second, dropping the second's, so the memory stays
/// fixed.
struct Forms {
    slots: Box<[FormSlot]>,
}

#[derive(Clone, Default)]
struct FormSlot {
    /// The word as written (the empty word's key marks an empty slot: no word is empty).
    key: WordKey,
    norm: CompactString,
    /// The lemma as a word not taken for a name gets it (see [`plain_forms`]).
    lemma: CompactString,
}

impl Forms {
    /// A table of `n` slots (a power of two); with fewer than two, every word's forms are made
    /// anew.
    fn with_slots(n: usize) -> Self {
        Forms {
            slots: vec![FormSlot::default(); n].into_boxed_slice(),
        }
    }

    /// Pushes the word token of a plain word that ends at no kept full stop, `span` its start,
    /// end and sentence and `seen` the classes of its bytes as [`plain_word`] gives them;
    /// `name` when the word is taken for a name (capitalized after the sentence's first word),
    /// whose lemma is its norm. The token is built from the slot in place: built from a pair
    /// of forms handed back, it was copied through the stack several times.
    #[inline]
    fn push(
        &mut self,
        out: &mut Vec<Token>,
        span: (usize, usize, usize),
        surface: &str,
        seen: u8,
        name: bool,
    ) {
        let slot = WordKey::new(surface.as_bytes()).and_then(|key| {
            // Two slots a hash: the word found in either, a new word put first and the first
            // moved second (the second's word dropped).
            let mask = (self.slots.len() / 2).checked_sub(1)?;
            let at = (key.hash() as usize & mask) * 2;
            let [first, second] = self.slots.get_mut(at..at + 2)? else {
                return None;
            };
            Some(if first.key == key {
                first
            } else if second.key == key {
                second
            } else {
                let (norm, lemma) = plain_forms(surface, seen, false);
                *second = std::mem::replace(first, FormSlot { key, norm, lemma });
                first
            })
        });
        let token = match slot {
            Some(slot) if name => word_token(span, slot.norm.clone(), slot.norm.clone()),
            Some(slot) => word_token(span, slot.norm.clone(), slot.lemma.clone()),
            None => {
                let (norm, lemma) = plain_forms(surface, seen, name);
                word_token(span, norm, lemma)
            }
        };
        out.push(token);
    }
}

#[inline(always)]
fn word_token(
    (start, end, sentence): (usize, usize, usize),
    norm: CompactString,
    lemma: CompactString,
) -> Token {
    Token {
        start,
        end,
        sentence,
        kind: TokenKind::Word,
        norm,
        lemma,
    }
}

/// The norm and the lemma of a plain word that ends at no kept full stop, made anew (see
/// [`Forms::push`]).
fn plain_forms(surface: &str, seen: u8, name: bool) -> (CompactString, CompactString) {
    let mut norm = CompactString::from(surface);
    if seen & UPPER != 0 {
        norm.make_ascii_lowercase();
    }
    // The letters are counted only for a word without a lower-case letter.
    let all_caps = seen & LOWER == 0 && surface.bytes().filter(u8::is_ascii_alphabetic).count() > 1;
    let lemma = if name || all_caps {
        norm.clone()
    } else if seen & (DIGIT | HYPHEN) == 0 {
        lemma_of_letters(&norm).unwrap_or_else(|| norm.clone())
    } else {
        lemma_of(&norm).unwrap_or_else(|| norm.clone())
    };
    (norm, lemma)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Letters, digits and combining accents continue a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{0300}'..='\u{036F}').contains(&c)
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '\''
            | '"'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '-'
            | '–'
            | '—'
            | '‐'
            | '‑'
            | '…'
            | '/'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '„'
            | '‹'
            | '›'
            | '·'
            | '•'
            | '¿'
            | '¡'
            | '_'
    )
}

/// Marks a word of [`plain_word`] that holds an inner hyphen, beside the ASCII classes.
const HYPHEN: u8 = 0x80;

/// A word of ASCII letters and digits, with inner hyphens between them ("Kazakh-Jordanian"),
/// that ends at an ASCII byte which cannot continue it (not a hyphen or an apostrophe): most
/// words. Gives the end of its letters and digits, the classes of those OR-ed together (with
/// [`HYPHEN`] if it holds one), and whether it keeps the full stop that follows it; `None`
/// leaves the word to [`scan_word`], which would find the same end for every word this
/// accepts.
fn plain_word(s: &str, i: usize) -> Option<(usize, u8, bool)> {
    let bytes = s.as_bytes();
    let mut e = i;
    let mut seen = 0;
    loop {
        e = alnum_run(bytes, e, &mut seen);
        // A hyphen followed by a letter or digit continues the word, as in `scan_word`.
        if bytes.get(e) == Some(&b'-')
            && bytes
                .get(e + 1)
                .is_some_and(|&b| ascii::class(b) & ALNUM != 0)
        {
            seen |= HYPHEN;
            e += 1;
            continue;
        }
        break;
    }
    // One letter before a stop or an apostrophe may open an acronym ("U.S.") or be the n of
    // "n't", left to `scan_word`.
    let long = e - i >= 2;
    // At an apostrophe `width` bytes wide.
    let at_apostrophe = |width: usize| match bytes.get(e + width) {
        // A clitic ends the word ("Kazakhstan's"), unless it is the n't of "didn't"; other
        // letters continue it ("O'Neill").
        Some(b) if b.is_ascii_alphabetic() => {
            let nt = matches!(b, b't' | b'T') && matches!(bytes.get(e - 1), Some(b'n' | b'N'));
            (!nt && clitic_len(s, e).is_some()).then_some((e, seen, false))
        }
        Some(b) if !b.is_ascii() => None,
        _ => Some((e, seen, false)),
    };
    match bytes.get(e) {
        Some(b'-') => None,
        Some(b) if !b.is_ascii() => {
            // A curly quote or a dash ends the word as an ASCII mark does; a char that may
            // continue it is left to `scan_word`.
            let c = char_at(s, e)?;
            if c == '’' && long {
                at_apostrophe(c.len_utf8())
            } else if is_word_char(c) || is_hyphen(c) || is_apostrophe(c) {
                None
            } else {
                Some((e, seen, false))
            }
        }
        Some(b'.') if long => Some((e, seen, keeps_stop(s, i, e))),
        Some(b'\'') if long => at_apostrophe(1),
        Some(b'.' | b'\'') => None,
        _ => Some((e, seen, false)),
    }
}

/// The end of the run of ASCII letters and digits at `i`, their classes OR-ed into `seen`.
/// Eight bytes a step where eight remain: over an array of fixed length the compiler unrolls
/// the step and tests no bound per byte (most words end within the first step).
#[inline]
fn alnum_run(bytes: &[u8], i: usize, seen: &mut u8) -> usize {
    let mut e = i;
    while let Some(chunk) = bytes
        .get(e..e + 8)
        .and_then(|c| <&[u8; 8]>::try_from(c).ok())
    {
        for (k, &b) in chunk.iter().enumerate() {
            let class = ascii::class(b);
            if class & ALNUM == 0 {
                return e + k;
            }
            *seen |= class;
        }
        e += 8;
    }
    while let Some(&b) = bytes.get(e) {
        let class = ascii::class(b);
        if class & ALNUM == 0 {
            break;
        }
        *seen |= class;
        e += 1;
    }
    e
}

/// A number of ASCII digits alone: not followed by a letter, a hyphen, a non-ASCII char, or
/// a separator with another digit after it ("14.5", "20,000"). Gives its end; `None` leaves
/// the number to [`scan_number`], which would find the same end for every number this accepts.
fn plain_number(bytes: &[u8], i: usize) -> Option<usize> {
    let mut e = i;
    while bytes.get(e).is_some_and(u8::is_ascii_digit) {
        e += 1;
    }
    match bytes.get(e) {
        None => Some(e),
        Some(&b) if !b.is_ascii() || b.is_ascii_alphabetic() || b == b'-' => None,
        Some(b'.' | b',' | b':' | b'/') if bytes.get(e + 1).is_some_and(u8::is_ascii_digit) => None,
        _ => Some(e),
    }
}

fn tokenize_sentence(body: &str, base: usize, si: usize, out: &mut Vec<Token>, forms: &mut Forms) {
    // Whether a word or number came before: the first word may be capitalized only because it
    // opens the sentence.
    let mut seen_word = false;
    let mut i = 0;
    let bytes = body.as_bytes();
    while let Some(&b) = bytes.get(i) {
        // The shapes most tokens have (ASCII whitespace, a plain ASCII word, an ASCII mark)
        // are read byte by byte here; each gives what `general_token` would. The apostrophe
        // and every byte past ASCII have no class and take the general path.
        let class = ascii::class(b);
        if class == SPACE {
            i += 1;
            continue;
        }
        if class & (LOWER | UPPER) != 0 {
            if let Some((letters_end, seen, stop)) = plain_word(body, i) {
                let end = letters_end + usize::from(stop);
                let surface = body.get(i..end).unwrap_or("");
                let span = (base + i, base + end, si);
                if stop {
                    let mut norm = CompactString::from(surface);
                    if seen & UPPER != 0 {
                        norm.make_ascii_lowercase();
                    }
                    // The stop's lemma drops it: "dec." → "dec".
                    let lemma = CompactString::from(norm.get(..surface.len() - 1).unwrap_or(""));
                    out.push(word_token(span, norm, lemma));
                } else {
                    forms.push(out, span, surface, seen, class == UPPER && seen_word);
                }
                seen_word = true;
                i = end;
                continue;
            }
        } else if class == DIGIT {
            if let Some(end) = plain_number(bytes, i) {
                let norm = CompactString::from(body.get(i..end).unwrap_or(""));
                seen_word = true;
                out.push(Token {
                    start: base + i,
                    end: base + end,
                    sentence: si,
                    kind: TokenKind::Number,
                    lemma: norm.clone(),
                    norm,
                });
                i = end;
                continue;
            }
        } else if class == MARK {
            // Runs of one mark ("..", "--", "?!" is two) are one token.
            let mut end = i + 1;
            let kind = if is_punct(char::from(b)) {
                if matches!(b, b'.' | b'-' | b'!' | b'?') {
                    while bytes.get(end) == Some(&b) {
                        end += 1;
                    }
                }
                TokenKind::Punct
            } else {
                TokenKind::Symbol
            };
            let one = (end == i + 1)
                .then(|| ascii_forms().get(usize::from(b)).cloned())
                .flatten();
            let norm = one.unwrap_or_else(|| CompactString::from(body.get(i..end).unwrap_or("")));
            out.push(Token {
                start: base + i,
                end: base + end,
                sentence: si,
                kind,
                lemma: norm.clone(),
                norm,
            });
            i = end;
            continue;
        }
        match general_token(body, base, si, i, &mut seen_word, out) {
            Some(end) => i = end,
            None => break,
        }
    }
}

/// The token at `i` (or the whitespace char there, skipped) for any text; returns where the
/// next token may start, `None` at a broken char boundary.
fn general_token(
    body: &str,
    base: usize,
    si: usize,
    i: usize,
    seen_word: &mut bool,
    out: &mut Vec<Token>,
) -> Option<usize> {
    let c = char_at(body, i)?;
    if c.is_whitespace() {
        return Some(i + c.len_utf8());
    }
    let after_word = || {
        out.last()
            .filter(|t| t.sentence == si && t.end == base + i && t.kind == TokenKind::Word)
            .is_some()
    };
    let clitic = if is_apostrophe(c) && after_word() {
        clitic_len(body, i)
    } else {
        None
    };
    let (end, kind) = if let Some(l) = clitic {
        (i + l, TokenKind::Word)
    } else if c.is_alphabetic() {
        (scan_word(body, i), TokenKind::Word)
    } else if c.is_ascii_digit() {
        scan_number(body, i)
    } else if is_punct(c) {
        // Runs of one mark ("..", "--", "?!" is two) are one token.
        let mut e = i + c.len_utf8();
        if matches!(c, '.' | '-' | '!' | '?') {
            while char_at(body, e) == Some(c) {
                e += c.len_utf8();
            }
        }
        (e, TokenKind::Punct)
    } else {
        (i + c.len_utf8(), TokenKind::Symbol)
    };
    let end = end.max(i + c.len_utf8()).min(body.len());
    let surface = body.get(i..end).unwrap_or("");
    let norm = normalize_compact(surface);
    let lemma = match kind {
        TokenKind::Word => word_lemma(surface, &norm, !*seen_word),
        _ => norm.clone(),
    };
    *seen_word |= matches!(kind, TokenKind::Word | TokenKind::Number);
    out.push(Token {
        start: base + i,
        end: base + end,
        sentence: si,
        kind,
        norm,
        lemma,
    });
    Some(end)
}

/// End of the word starting at `i` (a letter).
fn scan_word(s: &str, i: usize) -> usize {
    let bytes = s.as_bytes();
    // An acronym needs a stop right after its first letter; for an ASCII letter that is one
    // byte to look at, and most words fail it.
    let maybe_acronym = match bytes.get(i) {
        Some(b) if b.is_ascii() => bytes.get(i + 1) == Some(&b'.'),
        _ => true,
    };
    if maybe_acronym {
        if let Some(e) = dotted_acronym(s, i) {
            return e;
        }
    }
    // The "n't" split off "didn't".
    if matches!(bytes.get(i), Some(b'n' | b'N')) {
        if let Some(c) = char_at(s, i + 1).filter(|&c| is_apostrophe(c)) {
            let t = i + 1 + c.len_utf8();
            if matches!(char_at(s, t), Some('t' | 'T'))
                && !char_at(s, t + 1).is_some_and(char::is_alphabetic)
            {
                return t + 1;
            }
        }
    }
    let mut e = i;
    loop {
        // A run of ASCII letters and digits first: nothing in it ends the word.
        while bytes.get(e).is_some_and(u8::is_ascii_alphanumeric) {
            e += 1;
        }
        // Any other ASCII byte but a hyphen or an apostrophe ends it (most words end so).
        if bytes
            .get(e)
            .is_some_and(|&b| b.is_ascii() && b != b'-' && b != b'\'')
        {
            break;
        }
        let Some(c) = char_at(s, e) else {
            break;
        };
        if is_word_char(c) {
            e += c.len_utf8();
            continue;
        }
        let next = char_at(s, e + c.len_utf8());
        if is_hyphen(c) && next.is_some_and(is_word_char) {
            e += c.len_utf8();
            continue;
        }
        if is_apostrophe(c) && next.is_some_and(char::is_alphabetic) {
            if clitic_len(s, e).is_some() {
                // "don't" → "do" + "n't": the n goes with the clitic.
                let word = &s[i..e];
                let nt = s[e + c.len_utf8()..].starts_with(['t', 'T'])
                    && word.len() > 1
                    && word.ends_with(['n', 'N']);
                return if nt { e - 1 } else { e };
            }
            e += c.len_utf8();
            continue;
        }
        break;
    }
    if bytes.get(e) == Some(&b'.') && keeps_stop(s, i, e) {
        return e + 1;
    }
    e
}

/// Whether the word `s[i..e]`, followed by a full stop at `e`, keeps it: an abbreviation,
/// title or initial does unless the stop ends the sentence.
fn keeps_stop(s: &str, i: usize, e: usize) -> bool {
    let rest = s.get(e + 1..).unwrap_or("").trim_start();
    // Most stops after a word end its sentence: tested first, they need no look-up.
    if rest.chars().all(|c| c.is_whitespace() || is_closer(c)) {
        return false;
    }
    let word = s.get(i..e).unwrap_or("");
    match abbreviations().get(word) {
        Some(AbbrevClass::Number) => rest.starts_with(|c: char| c.is_ascii_digit()),
        Some(_) => true,
        None => word.chars().count() == 1 && word.starts_with(char::is_uppercase),
    }
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | '»' | ')' | ']')
}

/// "U.S.", "e.g.", "a.m.": single letters each followed by a stop, at least two of them.
fn dotted_acronym(s: &str, i: usize) -> Option<usize> {
    let mut e = i;
    let mut pairs = 0;
    while let Some(c) = char_at(s, e) {
        if !c.is_alphabetic() || char_at(s, e + c.len_utf8()) != Some('.') {
            break;
        }
        e += c.len_utf8() + 1;
        pairs += 1;
    }
    let followed_by_letter = char_at(s, e).is_some_and(is_word_char);
    (pairs >= 2 && !followed_by_letter).then_some(e)
}

/// At an apostrophe at `i`: the length of a clitic ("'s", "'re", "'ve", "'ll", "'d", "'m",
/// "'t" of "n't") that ends a word there, if it is one.
fn clitic_len(s: &str, i: usize) -> Option<usize> {
    let apos = char_at(s, i)?.len_utf8();
    let rest = s.get(i + apos..)?;
    let letters = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(j, _)| j);
    let tail = rest.get(..letters)?;
    ["s", "re", "ve", "ll", "d", "m", "t"]
        .iter()
        .any(|c| tail.eq_ignore_ascii_case(c))
        .then_some(apos + letters)
}

/// End and kind of the number starting at `i` (a digit): "14.5", "20,000", "2017-2018",
/// "8/24/2005", "10:30", "1990s", "5th"; "20-year-old" continues as a word.
fn scan_number(s: &str, i: usize) -> (usize, TokenKind) {
    let mut e = i;
    while let Some(c) = char_at(s, e) {
        if c.is_ascii_digit() {
            e += 1;
            continue;
        }
        let next = char_at(s, e + c.len_utf8());
        let next_digit = next.is_some_and(|n| n.is_ascii_digit());
        if matches!(c, '.' | ',' | ':' | '/' | '-' | '–') && next_digit {
            e += c.len_utf8();
            continue;
        }
        break;
    }
    // Decades and ordinals stay numbers; a hyphenated compound becomes a word.
    let rest = s.get(e..).unwrap_or("");
    let letters = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(j, _)| j);
    let suffix = rest.get(..letters).unwrap_or("");
    if ["s", "st", "nd", "rd", "th"]
        .iter()
        .any(|x| suffix.eq_ignore_ascii_case(x))
    {
        return (e + letters, TokenKind::Number);
    }
    if let Some(h) = rest.chars().next().filter(|&c| is_hyphen(c)) {
        let after = e + h.len_utf8();
        if char_at(s, after).is_some_and(char::is_alphabetic) {
            return (scan_word(s, after).max(after), TokenKind::Word);
        }
    }
    (e, TokenKind::Number)
}

/// Lower case, curly quotes and apostrophes straightened.
pub fn normalize(s: &str) -> String {
    normalize_compact(s).into()
}

/// [`normalize`] into an inline string: no allocation for words up to 24 bytes.
fn normalize_compact(s: &str) -> CompactString {
    if s.is_ascii() {
        if !s.bytes().any(|b| b.is_ascii_uppercase()) {
            return CompactString::from(s);
        }
        // Lower-cased in place: ASCII stays valid UTF-8, so nothing is validated again.
        let mut out = CompactString::from(s);
        out.make_ascii_lowercase();
        return out;
    }
    let mut out = CompactString::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '’' | '‘' | '‛' | '′' => out.push('\''),
            '“' | '”' | '„' | '«' | '»' | '″' => out.push('"'),
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A word's lemma. Capitalized words inside a sentence and all-caps words are taken for
/// names or acronyms and kept as they are (lower-cased): "Beijing" is not "beij".
fn word_lemma(surface: &str, norm: &CompactString, sentence_initial: bool) -> CompactString {
    let (first_upper, all_caps) = if surface.is_ascii() {
        let b = surface.as_bytes();
        (
            b.first().is_some_and(u8::is_ascii_uppercase),
            !b.iter().any(u8::is_ascii_lowercase)
                && b.iter().filter(|c| c.is_ascii_alphabetic()).count() > 1,
        )
    } else {
        let mut chars = surface.chars();
        (
            chars.next().is_some_and(char::is_uppercase),
            // The cheap test first: most words have a lower-case letter.
            !surface.chars().any(char::is_lowercase)
                && surface.chars().filter(|c| c.is_alphabetic()).count() > 1,
        )
    };
    if let Some(stripped) = norm.strip_suffix('.') {
        return CompactString::from(stripped); // "dec." → "dec"; "u.s." → "u.s"
    }
    if (first_upper && !sentence_initial) || all_caps {
        return norm.clone();
    }
    lemma_of(norm).unwrap_or_else(|| norm.clone())
}

/// The lemma of a lower-case word form.
pub fn lemmatize(w: &str) -> String {
    lemma_of(w).map_or_else(|| w.to_string(), String::from)
}

/// The lemma of `w` when it differs from `w` (`None`: the form is its own lemma), so the
/// tokenizer can reuse the form it already holds.
fn lemma_of(w: &str) -> Option<CompactString> {
    if let Some(lemma) = irregular_lemma(w) {
        return Some(lemma);
    }
    // The rules below change only a word ending in s, d or g (-s, -ed, -ing), a compound
    // only when its last part does: most words stop here, before the pass over their bytes.
    if !w.ends_with(['s', 'd', 'g']) {
        return None;
    }
    // One pass finds both whether the rules apply and the last hyphen.
    let mut hyphen = None;
    for (j, b) in w.bytes().enumerate() {
        match b {
            b'a'..=b'z' => {}
            b'-' => hyphen = Some(j),
            _ => return None,
        }
    }
    // Compounds inflect on their last part when it is a plural ("cease-fires" →
    // "cease-fire"); "war-torn" and "state-owned" are adjectives and stay.
    if let Some(h) = hyphen {
        let (head, last) = (&w[..h + 1], &w[h + 1..]);
        let lemma = lemma_of(last)?;
        let plural = last.ends_with('s') && verb_tags(last).is_none();
        return (plural && lemma != last).then(|| CompactString::from(head) + lemma.as_str());
    }
    suffix_rules(w)
}

/// [`lemma_of`] for a word known to hold only the letters a to z, which needs no pass over
/// its bytes to tell whether the rules apply.
#[inline]
fn lemma_of_letters(w: &str) -> Option<CompactString> {
    if let Some(lemma) = irregular_lemma(w) {
        return Some(lemma);
    }
    if !w.ends_with(['s', 'd', 'g']) {
        return None;
    }
    suffix_rules(w)
}

/// The lemma in the irregular tables; the map's filter, inlined, turns most words away
/// without a call.
#[inline]
fn irregular_lemma(w: &str) -> Option<CompactString> {
    let table = irregular_lemmas();
    let k = table.forms.get(w)?;
    table.lemmas.get(k).cloned()
}

fn is_vowel_at(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        Some(b'a' | b'e' | b'i' | b'o') => true,
        // "qu": the u is a consonant ("quoted" → "quote").
        Some(b'u') => i == 0 || b[i - 1] != b'q',
        // y is a vowel after a consonant ("try"), a consonant at the start or after a vowel
        // (looked up without recursion: a run of y's must not nest calls).
        Some(b'y') => i > 0 && !matches!(b[i - 1], b'a' | b'e' | b'i' | b'o' | b'u' | b'y'),
        _ => false,
    }
}

fn syllables(b: &[u8]) -> usize {
    let mut n = 0;
    let mut prev = false;
    for i in 0..b.len() {
        let v = is_vowel_at(b, i);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    n
}

/// A lemma the rules make is always shorter than `w` (every rule takes off more than it adds),
/// so it never equals `w` and needs no comparison with it.
fn suffix_rules(w: &str) -> Option<CompactString> {
    let n = w.len();
    if n <= 3 {
        return None;
    }
    let strip = |k: usize| CompactString::from(w.get(..n - k).unwrap_or(""));
    // "countries" → "country", but "dies" → "die".
    let y_stem = || match w.get(..n - 3) {
        Some(stem) if stem.len() >= 2 => CompactString::from(stem) + "y",
        _ => strip(1),
    };
    // One match on the last letters: every rule needs a final s, d or g (-s, -ed, -ing), so
    // most words fall through at once. The arms are tried in order.
    match w.as_bytes() {
        [.., b'i', b'e', b's' | b'd'] => Some(y_stem()),
        [.., b's', b's', b'e', b's']
        | [.., b's' | b'c', b'h', b'e', b's']
        | [.., b'x', b'e', b's']
        | [.., b'z', b'z', b'e', b's'] => Some(strip(2)),
        [.., b'o', b'e', b's'] => Some(if n <= 4 { strip(1) } else { strip(2) }),
        [.., b's' | b'u' | b'i', b's'] => None,
        [.., b's'] => Some(strip(1)),
        // "agreed" → "agree"; base forms ("need") are listed.
        [.., b'e', b'e', b'd'] => Some(strip(1)),
        [.., b'e', b'd'] => ed_ing_stem(w.get(..n - 2)?),
        [.., b'i', b'n', b'g'] => ed_ing_stem(w.get(..n - 3)?),
        _ => None,
    }
}

/// The stem of an -ed or -ing form, the ending taken off.
fn ed_ing_stem(stem: &str) -> Option<CompactString> {
    // A stem without a syllable has no vowel; the first vowel settles it, most stems' first
    // or second letter, where counting the syllables read every letter.
    let b = stem.as_bytes();
    if stem.len() < 2 || !(0..b.len()).any(|i| is_vowel_at(b, i)) {
        return None; // "bed", "thing", "bring"
    }
    if stem.ends_with('e') {
        return Some(CompactString::from(stem)); // "seeing", "agreeing"
    }
    Some(restore_stem(stem))
}

/// Undoes consonant doubling and restores a silent e that -ed / -ing removed. The stem's
/// syllables are counted only where a rule reads them.
fn restore_stem(stem: &str) -> CompactString {
    let b = stem.as_bytes();
    let len = b.len();
    let last = b[len - 1];
    let prev = b[len - 2];
    let vowel_last = is_vowel_at(b, len - 1);
    let vowel_prev = is_vowel_at(b, len - 2);
    let plus_e = || CompactString::from(stem) + "e";
    if last == prev && !vowel_last {
        return match last {
            b's' | b'z' | b'f' => CompactString::from(stem),
            // "cancelled" → "cancel", "controlled" → "control"; but "killed", "installed".
            b'l' if syllables(b) >= 2 && !(stem.ends_with("all") || stem.ends_with("ill")) => {
                CompactString::from(&stem[..len - 1])
            }
            b'l' => CompactString::from(stem),
            _ => CompactString::from(&stem[..len - 1]),
        };
    }
    // One vowel letter before the final consonant ("decid", "welcom"), not a pair ("detain").
    let single = vowel_prev && (len == 2 || !is_vowel_at(b, len - 3));
    let mono = || syllables(b) == 1;
    let cvc = single && !matches!(last, b'w' | b'x' | b'y') && !vowel_last;
    let e = match last {
        b'u' => true,
        b'c' | b'v' | b'z' | b's' => true,
        b'g' => {
            if prev == b'n' {
                len >= 5 && matches!(b[len - 3], b'a' | b'e' | b'u')
            } else {
                true
            }
        }
        b'l' => {
            if !vowel_prev {
                !matches!(prev, b'r' | b'w' | b'l')
            } else {
                single && matches!(prev, b'i' | b'u' | b'o')
            }
        }
        b'b' | b'k' | b'm' | b'd' => single,
        b'r' => single && (matches!(prev, b'i' | b'u' | b'a') || (prev == b'o' && mono())),
        b't' => {
            if !(single || prev == b'a' && len >= 3 && matches!(b[len - 3], b'i' | b'u')) {
                false
            } else {
                match prev {
                    b'a' => !(len >= 3 && matches!(b[len - 3], b'e' | b'o')),
                    b'u' => true,
                    b'o' => mono() || stem.ends_with("mot") || stem.ends_with("vot"),
                    b'e' => mono() || stem.ends_with("plet"),
                    _ => mono(),
                }
            }
        }
        b'n' => single && (prev == b'i' || mono()),
        b'p' => single && (matches!(prev, b'a' | b'i' | b'u') || mono()),
        b'h' | b'w' | b'x' | b'y' | b'f' | b'j' => false,
        _ => cvc && mono(),
    };
    if e {
        plus_e()
    } else {
        CompactString::from(stem)
    }
}

/// Tags of an irregular form ("past", "pp", "past+pp", "pres", "ing"), if it is one.
pub fn verb_tags(norm: &str) -> Option<&'static str> {
    irregular_verbs().get(norm).map(|&(_, tags)| tags)
}

fn has_tag(tags: &str, tag: &str) -> bool {
    tags.split('+').any(|t| t == tag)
}

/// A regular -ed form the rules took apart ("rejected" → "reject"), not "need" or "hundred".
fn regular_ed(token: &Token) -> bool {
    token.kind == TokenKind::Word
        && token.norm.ends_with("ed")
        && token.lemma != token.norm
        && !irregular_words().contains_key(token.norm.as_str())
}

/// Past tense as far as the form says: "sent", "was", "rejected" (regular -ed forms count, as
/// they are mostly past tense in news prose), not "taken" or "sending".
pub fn is_past_tense(token: &Token) -> bool {
    match verb_tags(&token.norm) {
        Some(tags) => has_tag(tags, "past"),
        None => regular_ed(token),
    }
}

/// Past tense in context: like [`is_past_tense`], but an -ed or past/participle form after an
/// auxiliary ("has rejected", "was sent", "to be held") or a determiner ("the affected") is a
/// participle or adjective, not a finite past. `i` indexes `tokens`.
pub fn is_finite_past(tokens: &[Token], i: usize) -> bool {
    let Some(t) = tokens.get(i) else {
        return false;
    };
    if !is_past_tense(t) {
        return false;
    }
    if verb_tags(&t.norm).is_some_and(|tags| !has_tag(tags, "pp")) {
        return true; // "was", "went": never participles
    }
    // The nearest word before, skipping adverbs and negation.
    let prev = tokens[..i]
        .iter()
        .rev()
        .take(4)
        .take_while(|p| p.sentence == t.sentence && p.kind == TokenKind::Word)
        .find(|p| {
            !(p.norm.ends_with("ly")
                || matches!(
                    p.norm.as_str(),
                    "not"
                        | "n't"
                        | "never"
                        | "also"
                        | "again"
                        | "already"
                        | "just"
                        | "often"
                        | "since"
                        | "recently"
                        | "reportedly"
                        | "allegedly"
                        | "still"
                ))
        });
    match prev {
        Some(p) => !matches!(
            p.lemma.as_str(),
            "be" | "have"
                | "get"
                | "'s"
                | "'ve"
                | "'d"
                | "the"
                | "a"
                | "an"
                | "this"
                | "that"
                | "these"
                | "those"
                | "its"
                | "their"
                | "his"
                | "her"
                | "our"
        ),
        None => true,
    }
}

/// Past participle: "taken", "sent", "rejected" ("is to be sent").
pub fn is_past_participle(token: &Token) -> bool {
    match verb_tags(&token.norm) {
        Some(tags) => has_tag(tags, "pp"),
        None => regular_ed(token),
    }
}

/// An -ing form: "sending", "considering".
pub fn is_gerund(token: &Token) -> bool {
    token.kind == TokenKind::Word
        && match verb_tags(&token.norm) {
            Some(tags) => has_tag(tags, "ing"),
            None => token.norm.ends_with("ing") && token.lemma != token.norm,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentence;

    fn toks(t: &str) -> Vec<Token> {
        tokenize(t, &sentence::split(t))
    }

    fn surfaces(t: &str) -> Vec<&str> {
        toks(t)
            .iter()
            .map(|k| &t[k.start..k.end])
            .collect::<Vec<_>>()
    }

    /// The fast paths of `tokenize_sentence` give what the general path gives for every token.
    #[test]
    fn fast_paths_match_the_general_path() {
        let general = |body: &str| {
            let (mut out, mut seen_word, mut i) = (Vec::new(), false, 0);
            while i < body.len() {
                match general_token(body, 0, 0, i, &mut seen_word, &mut out) {
                    Some(end) => i = end,
                    None => break,
                }
            }
            out
        };
        let texts = [
            "Kazakhstan's Kazakh-Jordanian talks didn’t stall, the envoy’s aide said.",
            "On Dec. 20 Gen. Ivanov met U.S. envoys and S. Frederick Starr in room No. 5.",
            "NATO and the UN, G20 talks: A US-led force (IT staff) \"quoted\" $20,000 & 14.5% -- ok!? ...",
            "Mr. Smith of EurasiaNet.org said so. No. 5 at 5 p.m. Ltd. (Dec.) etc. Nov.” Jan.",
            "Don't won't n't N'T can't I'm we'll they'd you've O'Neill rock'n'roll a.m. e.g. x.y",
            "Kazakhstan's KAZAKHSTAN'S it'S don'T he'd' an'ex an' o'’ ab'1 Bn't ab'é ab'Ə",
            "In 2005, 14.5 and 20,000 or 8/24/2005 at 10:30, 1990s 5th 3rd 20-year-old 7- 7-2 \
             9.x 9. 9,a 9:a 9/ 1a 2é 3– 4–5 12345678901234567890123456789 0'",
            "Officers FLEW to Beijing; Hastings' men ran. Déjà vu: naïve café «ÄÖ» — 1990s 5th 20-year-old",
            "\t a\x0bb\x0cc\rd\u{85}e\u{a0}f \u{301}g ‐h‑i – j … k ’l ‘m “n” o' 'p",
            "Cease-fires war-torn re-elected G-20 X-RAY-S x-y. Gen-x. a-b's don-t i-n't U-S. \
             e-mail- 3-D foo--bar -x x-1 a-é ab-c’s state-owned. Co-op. Anti-Ed Mid-East",
            "Putin’s “deal” ended—abruptly… Ab’s ab’ ab’1 O’Neill ab’é ab’Ə don’t DON’T a’s \
             x’y n’t I’m we’LL x‐y a–b word« word€ café’s ab‘s Ab“ ab\u{301}c ab\u{a0}c ab’.",
        ];
        for t in texts {
            let mut fast = Vec::new();
            tokenize_sentence(t, 0, 0, &mut fast, &mut Forms::with_slots(0));
            assert_eq!(fast, general(t), "{t}");
        }
    }

    /// Words whose forms come from a thread's table get what making them anew gives: in a
    /// table of one pair of slots (every word takes it over), a large one (words met again),
    /// and the thread's own, each text tokenized twice.
    #[test]
    fn stored_forms_are_the_forms_made_anew() {
        let texts = [
            "The talks ended. Talks ended; the TALKS ended, talks' end. The Talks, the talks.",
            "Officers said officers, Officers' said; OFFICERS SAID it. NGOs ngos Ngos NGO's.",
            "Countries agreed, countries agreeing; Agreed: the agreed cease-fires, Cease-Fires.",
            "Dec. 20 Gen. Ivanov; a G20 and 5G 20-year-old X-RAY-S men Men MEN went Went.",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N",
            "internationalization internationalizations Internationalization; thereafter",
        ];
        let mut own = Vec::new();
        for t in texts {
            let sentences = sentence::split(t);
            let made = |slots: usize| {
                let mut forms = Forms::with_slots(slots);
                let (mut first, mut again) = (Vec::new(), Vec::new());
                tokenize_with(t, &sentences, &mut first, &mut forms);
                tokenize_with(t, &sentences, &mut again, &mut forms);
                assert_eq!(first, again, "{t}");
                first
            };
            let anew = made(0);
            assert_eq!(made(2), anew, "{t}");
            assert_eq!(made(4096), anew, "{t}");
            tokenize_into(t, &sentences, &mut own);
            assert_eq!(own, anew, "{t}");
            tokenize_into(t, &sentences, &mut own);
            assert_eq!(own, anew, "{t}");
        }
    }

    proptest::proptest! {
        /// The same on texts of words from a few letters, cases, digits and marks, so that
        /// words meet again and share slots.
        #[test]
        fn stored_forms_hold_on_any_words(t in "([aAsSdDgGeEiInN1.'-]{1,6}[ ,.]{1,2}){0,40}") {
            let sentences = sentence::split(&t);
            let mut anew = Vec::new();
            tokenize_with(&t, &sentences, &mut anew, &mut Forms::with_slots(0));
            let mut forms = Forms::with_slots(4);
            for _ in 0..2 {
                let mut stored = Vec::new();
                tokenize_with(&t, &sentences, &mut stored, &mut forms);
                proptest::prop_assert_eq!(&stored, &anew);
            }
        }
    }

    /// The steps of `alnum_run` find the end and classes one byte at a time finds.
    #[test]
    fn alnum_run_matches_the_byte_classes() {
        let by_bytes = |bytes: &[u8], i: usize| {
            let rest = bytes.get(i..).unwrap_or_default();
            let n = rest
                .iter()
                .position(|&b| ascii::class(b) & ALNUM == 0)
                .unwrap_or(rest.len());
            let seen = rest[..n].iter().fold(0, |s, &b| s | ascii::class(b));
            (i + n, seen)
        };
        let fills: [&[u8]; 3] = [
            b"abcdefghijklmnopqrstu",
            b"ABCDEFGHIJKLMNOPQRSTU",
            b"a1Z9z0A5m4N3b2Y8c7X6w",
        ];
        // Every byte value at every place of a run, read from every start.
        for fill in fills {
            for b in 0..=255u8 {
                for at in 0..fill.len() {
                    let mut t = fill.to_vec();
                    t[at] = b;
                    for i in 0..t.len() {
                        let mut seen = 0;
                        let e = alnum_run(&t, i, &mut seen);
                        assert_eq!((e, seen), by_bytes(&t, i), "{t:?} at {i}");
                    }
                }
            }
        }
    }

    #[test]
    fn words_clitics_and_hyphens() {
        let t = "Kazakhstan's Kazakh-Jordanian talks didn’t stall, the envoy’s aide said.";
        assert_eq!(
            surfaces(t),
            vec![
                "Kazakhstan",
                "'s",
                "Kazakh-Jordanian",
                "talks",
                "did",
                "n’t",
                "stall",
                ",",
                "the",
                "envoy",
                "’s",
                "aide",
                "said",
                "."
            ]
        );
        let k = toks(t);
        assert_eq!(k[10].norm, "'s");
        assert_eq!(k[5].lemma, "not");
        assert_eq!(k[4].lemma, "do");
    }

    #[test]
    fn numbers_and_symbols() {
        let t = "Trade rose 14.5% to $20,000 in 2017-2018, on 8/24/2005 and in the 1990s, a 20-year-old said.";
        let k = toks(t);
        let s: Vec<(&str, TokenKind)> = k.iter().map(|x| (&t[x.start..x.end], x.kind)).collect();
        assert!(s.contains(&("14.5", TokenKind::Number)));
        assert!(s.contains(&("%", TokenKind::Symbol)));
        assert!(s.contains(&("$", TokenKind::Symbol)));
        assert!(s.contains(&("20,000", TokenKind::Number)));
        assert!(s.contains(&("2017-2018", TokenKind::Number)));
        assert!(s.contains(&("8/24/2005", TokenKind::Number)));
        assert!(s.contains(&("1990s", TokenKind::Number)));
        assert!(s.contains(&("20-year-old", TokenKind::Word)));
        assert_eq!(s.last(), Some(&(".", TokenKind::Punct)));
    }

    #[test]
    fn abbreviations_keep_their_stop() {
        let t = "On Dec. 20 Gen. Ivanov met U.S. envoys and S. Frederick Starr in room No. 5.";
        let s = surfaces(t);
        for w in ["Dec.", "Gen.", "U.S.", "S.", "No."] {
            assert!(s.contains(&w), "{w} in {s:?}");
        }
        assert_eq!(s.last(), Some(&"."));
        let k = toks(t);
        let dec = k.iter().find(|x| x.norm == "dec.").unwrap();
        assert_eq!(dec.lemma, "dec");
        // Sentence-final acronym and abbreviation
        assert_eq!(
            surfaces("Talks went on etc."),
            vec!["Talks", "went", "on", "etc", "."]
        );
    }

    #[test]
    fn curly_quotes_are_straightened() {
        let k = toks("“No,” she said.");
        assert_eq!(k[0].norm, "\"");
        assert_eq!(k[3].norm, "\"");
    }

    #[test]
    fn verb_and_noun_lemmas() {
        let cases = [
            ("rejected", "reject"),
            ("sent", "send"),
            ("met", "meet"),
            ("held", "hold"),
            ("signed", "sign"),
            ("agreed", "agree"),
            ("detained", "detain"),
            ("stopped", "stop"),
            ("tries", "try"),
            ("discussed", "discuss"),
            ("troops", "troop"),
            ("officers", "officer"),
            ("countries", "country"),
            ("news", "news"),
            ("was", "be"),
            ("has", "have"),
            ("is", "be"),
            ("proposed", "propose"),
            ("negotiated", "negotiate"),
            ("continued", "continue"),
            ("decided", "decide"),
            ("planned", "plan"),
            ("controlled", "control"),
            ("killed", "kill"),
            ("considering", "consider"),
            ("making", "make"),
            ("using", "use"),
            ("refusing", "refuse"),
            ("quoted", "quote"),
            ("visited", "visit"),
            ("opened", "open"),
            ("declared", "declare"),
            ("entered", "enter"),
            ("changed", "change"),
            ("urged", "urge"),
            ("settled", "settle"),
            ("announced", "announce"),
            ("approved", "approve"),
            ("seized", "seize"),
            ("arrested", "arrest"),
            ("taxes", "tax"),
            ("forces", "force"),
            ("crisis", "crisis"),
            ("status", "status"),
            ("thing", "thing"),
            ("during", "during"),
            ("cease-fires", "cease-fire"),
            ("war-torn", "war-torn"),
            ("state-owned", "state-owned"),
            ("extradited", "extradite"),
            ("ground", "ground"),
            ("needed", "need"),
            ("succeeded", "succeed"),
            ("added", "add"),
            ("combined", "combine"),
            ("executed", "execute"),
            ("treated", "treat"),
            ("welcomed", "welcome"),
            ("described", "describe"),
            ("invoked", "invoke"),
            ("escaped", "escape"),
            ("developed", "develop"),
            ("compiled", "compile"),
            ("failed", "fail"),
            ("secured", "secure"),
            ("monitored", "monitor"),
        ];
        let bad: Vec<String> = cases
            .iter()
            .filter(|(w, l)| lemmatize(w) != *l)
            .map(|(w, l)| format!("{w}: {} (want {l})", lemmatize(w)))
            .collect();
        assert!(bad.is_empty(), "{bad:?}");
    }

    /// 801 hand-written forms (tests/data/lemmas.tsv): the rules plus tables get ≥ 98%.
    #[test]
    fn lemma_accuracy_on_hand_written_forms() {
        let data = include_str!("../tests/data/lemmas.tsv");
        let (mut ok, mut n, mut misses) = (0, 0, Vec::new());
        for l in data.lines().filter(|l| !l.starts_with('#')) {
            let mut f = l.split('\t');
            let (Some(form), Some(want)) = (f.next(), f.next()) else {
                continue;
            };
            n += 1;
            let got = lemmatize(form);
            if got == want {
                ok += 1;
            } else {
                misses.push(format!("{form} -> {got} (want {want})"));
            }
        }
        let acc = ok as f64 / n as f64;
        println!("lemma accuracy {ok}/{n} = {acc:.3}; misses {misses:?}");
        assert!(n >= 800 && acc >= 0.98, "{ok}/{n}: {misses:?}");
    }

    #[test]
    fn capitalized_words_inside_a_sentence_are_not_lemmatized() {
        let k = toks("Officers flew to Beijing and Hastings.");
        assert_eq!(k[0].lemma, "officer");
        assert_eq!(k[1].lemma, "fly");
        assert_eq!(k[3].lemma, "beijing");
        assert_eq!(k[5].lemma, "hastings");
    }

    #[test]
    fn tense_helpers() {
        let k = toks("He rejected it, was sent home and is considering a need that was taken.");
        let find = |w: &str| k.iter().find(|x| x.norm == w).unwrap();
        assert!(is_past_tense(find("rejected")));
        assert!(is_past_tense(find("was")));
        assert!(is_past_tense(find("sent")));
        assert!(!is_past_tense(find("taken")));
        assert!(is_past_participle(find("taken")));
        assert!(!is_past_tense(find("need")));
        assert!(!is_past_tense(find("is")));
        assert!(is_gerund(find("considering")));
        let pos = |w: &str| k.iter().position(|x| x.norm == w).unwrap();
        assert!(is_finite_past(&k, pos("rejected")));
        assert!(is_finite_past(&k, pos("was")));
        assert!(!is_finite_past(&k, pos("sent")));
        let k = toks("The senate has already rejected the affected bill.");
        assert!(!is_finite_past(&k, 4));
        assert!(!is_finite_past(&k, 6));
    }

    /// Degenerate inputs finish quickly (the work is linear): a quadratic step would take
    /// minutes on these in a debug build.
    #[test]
    fn degenerate_inputs_stay_linear() {
        let n = 40_000;
        let inputs = [
            "a. ".repeat(n),
            format!("{}.", " ".repeat(4 * n)),
            "'".repeat(n),
            "a'".repeat(n),
            "1-".repeat(n),
            "U.S.".repeat(n),
            "-".repeat(n),
            "\n".repeat(n),
            "Mr. ".repeat(n),
            "Ab Cd ".repeat(n),
            "Ministry of ".repeat(n),
            "spokeswoman ".repeat(n),
            "x".repeat(4 * n),
            format!("{}ed", "y".repeat(4 * n)),
            format!("{}{}", ",".repeat(n), " word".repeat(n)),
            "ÄÖ\u{301}Қ ".repeat(n),
            format!("{}.", "…a".repeat(n)),
        ];
        for t in &inputs {
            let start = std::time::Instant::now();
            let s = sentence::split(t);
            let k = tokenize(t, &s);
            let _ = crate::names::annotate(t, &s, &k);
            assert!(start.elapsed().as_secs() < 20, "{:?}...", &t[..20]);
        }
    }

    /// Throughput of split + tokenize on one core over the seed texts, repeated to ~20 MB.
    /// `cargo test --release -p tamga-text throughput -- --ignored --nocapture`
    #[test]
    #[ignore = "prints throughput figures; run in release mode"]
    fn throughput_split_tokenize() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/seeds");
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("no seeds at {dir}");
            return;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        let mut one = String::new();
        for p in paths {
            one.push_str(&std::fs::read_to_string(p).unwrap_or_default());
            one.push_str("\n\n");
        }
        let big = one.repeat((20 << 20) / one.len().max(1) + 1);
        let mut best = f64::MAX;
        let (mut ns, mut nt) = (0, 0);
        for _ in 0..3 {
            let start = std::time::Instant::now();
            let s = sentence::split(&big);
            let k = tokenize(&big, &s);
            best = best.min(start.elapsed().as_secs_f64());
            (ns, nt) = (s.len(), k.len());
        }
        let mb = big.len() as f64 / 1e6;
        println!(
            "split+tokenize: {mb:.1} MB, {ns} sentences, {nt} tokens in {best:.3} s: \
             {:.1} MB/s, {:.0} sentences/s, {:.0} tokens/s",
            mb / best,
            ns as f64 / best,
            nt as f64 / best
        );
        let start = std::time::Instant::now();
        let s = sentence::split(&big);
        let split_s = start.elapsed().as_secs_f64();
        println!(
            "split alone: {:.1} MB/s, {:.0} sentences/s",
            mb / split_s,
            s.len() as f64 / split_s
        );
    }
}
