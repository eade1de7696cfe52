//! The modality cue lexicon: `data/lexicon/modality.tsv` parsed once into word patterns,
//! indexed by the words a pattern can start with so matching a clause costs one hash lookup
//! per word.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../../../../data/lexicon/modality.tsv");

/// What a cue says about its clause; see the data file's header for how classes combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Class {
    Denied,
    Claimed,
    Conditional,
    Hypothetical,
    Planned,
    Refusal,
    Negation,
    Speech,
    Except,
    Aux,
    Finite,
    Attrib,
    Split,
}

impl Class {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "denied" => Self::Denied,
            "claimed" => Self::Claimed,
            "conditional" => Self::Conditional,
            "hypothetical" => Self::Hypothetical,
            "planned" => Self::Planned,
            "refusal" => Self::Refusal,
            "negation" => Self::Negation,
            "speech" => Self::Speech,
            "except" => Self::Except,
            "aux" => Self::Aux,
            "finite" => Self::Finite,
            "attrib" => Self::Attrib,
            "split" => Self::Split,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Elem {
    /// One word, any of these lower-case forms (or lemmas), and their entries: every word of
    /// a pattern has one, so a unit matches when its form's or lemma's entry is among them.
    Word(Vec<String>, Vec<u32>),
    /// Up to this many words skipped.
    Gap(usize),
    /// Any one word.
    Any,
    /// A number written in digits.
    Number,
}

#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub class: Class,
    pub elems: Vec<Elem>,
    /// The first word must be lower-case unless it opens the sentence.
    pub lower: bool,
    /// The second element is a listed word: the pattern can match only before a word with
    /// the `SECOND` bit.
    pub needs_second: bool,
}

/// What the lexicon says about one word form.
#[derive(Debug, Default)]
pub(crate) struct Entry {
    /// Patterns that may start with this form (not `split`/`finite` words).
    pub ids: Vec<usize>,
    /// `ids` split into cues and exception phrases, in the same order: a word is searched
    /// for each kind in its own pass.
    cue_ids: Vec<usize>,
    except_ids: Vec<usize>,
    /// The bits below.
    pub flags: u16,
}

// Bits of `Entry::flags`, read once per word by the clause reader, which keeps its own bits
// from `1 << 12` up.
/// The form opens a clause.
pub(crate) const SPLIT: u16 = 1;
/// The form is an auxiliary or finite verb.
pub(crate) const FINITE: u16 = 1 << 1;
/// The form is an auxiliary.
pub(crate) const AUX: u16 = 1 << 2;
/// An -ed word after the form is an adjective.
pub(crate) const ATTRIB: u16 = 1 << 3;
/// A cue (a pattern other than an exception phrase) may start at the form.
pub(crate) const CUE: u16 = 1 << 4;
/// An exception phrase may start at the form.
pub(crate) const EXCEPT: u16 = 1 << 5;
/// The form is "no", "would" or "that", which some steps of the reader single out. These are
/// the form's own: a lemma does not lend them.
pub(crate) const NO: u16 = 1 << 6;
pub(crate) const WOULD: u16 = 1 << 7;
pub(crate) const THAT: u16 = 1 << 8;
const FORM_ONLY: u16 = NO | WOULD | THAT;
/// The form is one of the listed words of some pattern's second element: a pattern whose
/// second element is a listed word cannot match before any other word.
pub(crate) const SECOND: u16 = 1 << 9;
/// A cue (`CUE_LOOSE`) or exception phrase (`EXCEPT_LOOSE`) that does not need a listed
/// second word may start at the form: without the bit, what starts there needs a word with
/// `SECOND` next.
pub(crate) const CUE_LOOSE: u16 = 1 << 10;
pub(crate) const EXCEPT_LOOSE: u16 = 1 << 11;

pub(crate) struct Lexicon {
    pub patterns: Vec<Pattern>,
    /// Entry of each form a pattern's word may take.
    lookup: WordMap<u32>,
    entries: Vec<Entry>,
    /// Patterns starting with `*` or `#`, tried at every word; and split as `Entry::ids` is.
    any_first: Vec<usize>,
    any_first_cues: Vec<usize>,
    any_first_excepts: Vec<usize>,
    /// `CUE` and `EXCEPT` as `any_first` gives them to every word.
    any_first_flags: u16,
}

/// Entry of each form, as the lexicon is parsed.
type Index = HashMap<String, u32, BuildHasherDefault<WordHasher>>;

/// Words skipped by `...`.
const GAP: usize = 4;

impl Lexicon {
    /// Parses the lexicon text; lines that do not parse are returned as errors (with their
    /// line numbers) and left out.
    pub fn parse(src: &str) -> (Self, Vec<String>) {
        let mut lex = Lexicon {
            patterns: Vec::new(),
            lookup: WordMap::default(),
            entries: Vec::new(),
            any_first: Vec::new(),
            any_first_cues: Vec::new(),
            any_first_excepts: Vec::new(),
            any_first_flags: 0,
        };
        let mut errors = Vec::new();
        // Entries by form while parsing; read through `lookup` once built.
        let mut index = Index::default();
        for (n, line) in src.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            match parse_line(line) {
                Ok(p) => lex.add(p, &mut index),
                Err(e) => errors.push(format!("line {}: {e}: {line:?}", n + 1)),
            }
        }
        // The reader tells these words by their entries' bits, not by comparing strings, so
        // they have entries even when no pattern names them.
        for (word, bit) in [("no", NO), ("would", WOULD), ("that", THAT)] {
            let e = lex.entry_of(word, &mut index);
            if let Some(entry) = lex.entries.get_mut(e as usize) {
                entry.flags |= bit;
            }
        }
        for p in &lex.patterns {
            if let Some(Elem::Word(_, ids)) = p.elems.get(1) {
                for &e in ids {
                    if let Some(entry) = lex.entries.get_mut(e as usize) {
                        entry.flags |= SECOND;
                    }
                }
            }
        }
        let patterns = &lex.patterns;
        let start_flags = |ids: &[usize]| {
            ids.iter().fold(0, |flags, &id| {
                flags
                    | match patterns.get(id).map(|p| (p.class, p.needs_second)) {
                        Some((Class::Except, true)) => EXCEPT,
                        Some((Class::Except, false)) => EXCEPT | EXCEPT_LOOSE,
                        Some((_, true)) => CUE,
                        Some((_, false)) => CUE | CUE_LOOSE,
                        None => 0,
                    }
            })
        };
        let is_except = |id: &usize| patterns.get(*id).is_some_and(|p| p.class == Class::Except);
        let split = |ids: &[usize]| -> (Vec<usize>, Vec<usize>) {
            ids.iter().partition(|id| !is_except(id))
        };
        for entry in &mut lex.entries {
            entry.flags |= start_flags(&entry.ids);
            (entry.cue_ids, entry.except_ids) = split(&entry.ids);
        }
        lex.any_first_flags = start_flags(&lex.any_first);
        (lex.any_first_cues, lex.any_first_excepts) = split(&lex.any_first);
        lex.lookup = WordMap::new(index.iter().map(|(w, &e)| (w.as_str(), e)));
        (lex, errors)
    }

    /// The entry of `word`, made (with no patterns and no flags) if it has none yet.
    fn entry_of(&mut self, word: &str, index: &mut Index) -> u32 {
        if let Some(&e) = index.get(word) {
            return e;
        }
        let e = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        self.entries.push(Entry::default());
        index.insert(word.to_string(), e);
        e
    }

    fn add(&mut self, mut p: Pattern, index: &mut Index) {
        let id = self.patterns.len();
        let single = p.elems.len() == 1;
        for elem in &mut p.elems {
            if let Elem::Word(alts, ids) = elem {
                *ids = alts.iter().map(|a| self.entry_of(a, index)).collect();
            }
        }
        match p.elems.first() {
            Some(Elem::Word(_, ids)) => {
                for &e in ids {
                    let Some(entry) = self.entries.get_mut(e as usize) else {
                        continue;
                    };
                    match p.class {
                        Class::Split if single => entry.flags |= SPLIT,
                        Class::Finite if single => entry.flags |= FINITE,
                        Class::Aux if single => entry.flags |= AUX | FINITE,
                        Class::Attrib if single => entry.flags |= ATTRIB,
                        _ if !entry.ids.contains(&id) => entry.ids.push(id),
                        _ => {}
                    }
                }
            }
            _ => self.any_first.push(id),
        }
        self.patterns.push(p);
    }

    /// The flags of a word whose form and lemma have these entries.
    pub fn flags(&self, form: Option<u32>, lemma: Option<u32>) -> u16 {
        let of = |e| self.entry(e).map_or(0, |e| e.flags);
        of(form) | (of(lemma) & !FORM_ONLY) | self.any_first_flags
    }

    /// False only for a word the lexicon does not know: a test cheaper than [`Self::lookup`].
    #[inline]
    pub fn admits(&self, form: &str) -> bool {
        self.lookup.admits(form)
    }

    /// The entry of a lower-case word form, if the lexicon knows it. Most words are in no
    /// pattern: the map's inlined filter turns them away without a call.
    #[inline]
    pub fn lookup(&self, form: &str) -> Option<u32> {
        self.lookup.get(form)
    }

    pub fn entry(&self, e: Option<u32>) -> Option<&Entry> {
        e.and_then(|e| self.entries.get(e as usize))
    }

    /// Ids of the patterns that may start at a word whose form and lemma have these entries.
    pub fn candidates(
        &self,
        form: Option<u32>,
        lemma: Option<u32>,
    ) -> impl Iterator<Item = usize> + '_ {
        let by_form = self.entry(form).map_or(&[][..], |e| e.ids.as_slice());
        let by_lemma = self
            .entry(lemma.filter(|l| Some(*l) != form))
            .map_or(&[][..], |e| e.ids.as_slice());
        by_form
            .iter()
            .chain(by_lemma.iter().filter(move |id| !by_form.contains(id)))
            .chain(self.any_first.iter())
            .copied()
    }

    /// [`Self::candidates`] that are exception phrases (`except`) or cues (not `except`), in
    /// the same order.
    pub fn candidates_of(
        &self,
        form: Option<u32>,
        lemma: Option<u32>,
        except: bool,
    ) -> impl Iterator<Item = usize> + '_ {
        fn of(e: &Entry, except: bool) -> &[usize] {
            if except {
                &e.except_ids
            } else {
                &e.cue_ids
            }
        }
        let by_form = self.entry(form).map_or(&[][..], |e| of(e, except));
        let by_lemma = self
            .entry(lemma.filter(|l| Some(*l) != form))
            .map_or(&[][..], |e| of(e, except));
        let any_first = if except {
            &self.any_first_excepts
        } else {
            &self.any_first_cues
        };
        by_form
            .iter()
            .chain(by_lemma.iter().filter(move |id| !by_form.contains(id)))
            .chain(any_first.iter())
            .copied()
    }
}

// The crate's word-list hasher, shared with the other lexicons.
use crate::sentence::WordHasher;
use crate::wordmap::WordMap;

fn parse_line(line: &str) -> Result<Pattern, &'static str> {
    let mut cols = line.split('\t');
    let class = cols
        .next()
        .and_then(|c| Class::parse(c.trim()))
        .ok_or("unknown class")?;
    let pattern = cols.next().ok_or("no pattern")?;
    let lower = match cols.next().map(str::trim) {
        None | Some("") => false,
        Some("lower") => true,
        Some(_) => return Err("unknown flag"),
    };
    if cols.next().is_some() {
        return Err("too many columns");
    }
    let mut elems = Vec::new();
    for w in pattern.split_whitespace() {
        elems.push(match w {
            "..." => Elem::Gap(GAP),
            "*" => Elem::Any,
            "#" => Elem::Number,
            _ => {
                let alts: Vec<String> = w.split('|').map(str::to_lowercase).collect();
                if alts.iter().any(String::is_empty) {
                    return Err("empty alternative");
                }
                Elem::Word(alts, Vec::new())
            }
        });
    }
    match (elems.first(), elems.last()) {
        (None, _) => return Err("empty pattern"),
        (Some(Elem::Gap(_)), _) | (_, Some(Elem::Gap(_))) => {
            return Err("a pattern cannot start or end with ...")
        }
        _ => {}
    }
    Ok(Pattern {
        class,
        needs_second: matches!(elems.get(1), Some(Elem::Word(..))),
        elems,
        lower,
    })
}

/// The lexicon compiled into the binary.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(SOURCE).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lexicon_parses_completely() {
        let (lex, errors) = Lexicon::parse(SOURCE);
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(lex.patterns.len() > 100);
        for class in [
            Class::Denied,
            Class::Claimed,
            Class::Conditional,
            Class::Hypothetical,
            Class::Planned,
            Class::Refusal,
            Class::Negation,
            Class::Speech,
            Class::Except,
            Class::Aux,
            Class::Finite,
            Class::Attrib,
            Class::Split,
        ] {
            assert!(lex.patterns.iter().any(|p| p.class == class), "{class:?}");
        }
    }

    #[test]
    fn bad_lines_are_reported_not_fatal() {
        let (lex, errors) = Lexicon::parse(
            "planned\twill\tlower\nbogus\tx\nplanned\t... to\nnegation\tnot\tloud\n# c\n\n",
        );
        assert_eq!(lex.patterns.len(), 1);
        assert_eq!(errors.len(), 3, "{errors:?}");
    }

    #[test]
    fn candidates_come_by_form_and_by_lemma() {
        let (lex, _) = Lexicon::parse(
            "refusal\treject\nplanned\twill\nhypothetical\t* whether\nsplit\tand\nfinite\twill",
        );
        let (reject, will) = (lex.lookup("reject"), lex.lookup("will"));
        let by_form: Vec<_> = lex.candidates(reject, None).collect();
        assert_eq!(by_form, [0, 2]);
        let by_lemma: Vec<_> = lex.candidates(lex.lookup("rejected"), reject).collect();
        assert_eq!(by_lemma, [0, 2]);
        let none: Vec<_> = lex.candidates(lex.lookup("troops"), None).collect();
        assert_eq!(none, [2]);
        assert!(lex
            .entry(lex.lookup("and"))
            .is_some_and(|e| e.flags == SPLIT && e.ids.is_empty()));
        assert!(lex
            .entry(will)
            .is_some_and(|e| e.flags == FINITE | CUE | CUE_LOOSE && e.ids == [1]));
        assert_eq!(lex.flags(None, None), CUE);
        // "no", "would" and "that" have their bits even unlisted, and only as forms.
        assert_eq!(lex.flags(lex.lookup("would"), None), WOULD | CUE);
        assert_eq!(lex.flags(lex.lookup("that"), None), THAT | CUE);
        assert_eq!(lex.flags(None, lex.lookup("no")), CUE);
    }

    #[test]
    fn cues_and_exception_phrases_come_apart_in_candidate_order() {
        let (lex, _) = Lexicon::parse(
            "planned\twill\nexcept\twill power\nhypothetical\t* whether\nplanned\twilled\n\
             except\t* will\nrefusal\twill not",
        );
        let (form, lemma) = (lex.lookup("willed"), lex.lookup("will"));
        let all: Vec<_> = lex.candidates(form, lemma).collect();
        for except in [false, true] {
            let some: Vec<_> = lex.candidates_of(form, lemma, except).collect();
            let want: Vec<_> = all
                .iter()
                .copied()
                .filter(|&id| (lex.patterns[id].class == Class::Except) == except)
                .collect();
            assert_eq!(some, want);
            assert!(!some.is_empty());
        }
    }
}
