//! The word lists behind the quantity and quote annotators, parsed once from the TSV files in
//! `data/lexicon/` (compiled in with `include_str!`, so the binary needs no files at run time).

use std::sync::OnceLock;

// FNV instead of SipHash: every scanned word is looked up here, and the keys are trusted data.
type HashMap<K, V> = crate::sentence::FastMap<K, V>;
type HashSet<K> = crate::sentence::FastSet<K>;
use crate::wordmap::{WordMap, WordSet};

/// How a number word combines with its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumKind {
    /// 1–9: adds to the current group.
    Unit,
    /// 10–19: adds to the current group.
    Teen,
    /// 20, 30 … 90: adds to the current group.
    Ten,
    /// "hundred": multiplies the current group.
    Hundred,
    /// "thousand", "million", "bn": closes a group.
    Scale,
    /// "m", "k", "b": a scale only when glued to digits ("$5m").
    Abbrev,
    /// "dozen": multiplies ("two dozen").
    Dozen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitClass {
    Persons,
    Military,
    Measure,
    Percent,
}

#[derive(Debug)]
pub(crate) struct Lexicon {
    pub numbers: HashMap<String, (f64, NumKind)>,
    /// Vague amounts, longest first: words, lower bound, upper bound.
    pub vague: Vec<(Vec<String>, f64, f64)>,
    /// Symbols and codes written before an amount.
    pub currency_prefix: HashMap<String, String>,
    /// Currency names written after an amount, longest first.
    pub currency_words: Vec<(Vec<String>, String)>,
    /// Counted nouns with a fixed unit, longest first.
    pub units: Vec<(Vec<String>, String, UnitClass)>,
    pub military_before: HashSet<String>,
    pub military_modifier: HashSet<String>,
    pub military_after_of: HashSet<String>,
    pub labels: HashSet<String>,
    /// Attribution verbs, longest first: inflected form (words), lemma, and whether the verb
    /// also reports indirect speech ("X stressed that ...").
    pub speech_verbs: Vec<(Vec<String>, String, bool)>,
    /// Every form a quantity can start with besides a number: the first words of the vague
    /// amounts, currency prefixes, number words, and "a", "an", "half", "us".
    pub starts: WordSet,
    /// The words after which "a" or "an" may open a quantity: a vague amount's second word
    /// ("a *few*"), a number word of scale ("a *million*"), a currency ("a *dollar*"), or a
    /// military formation, with its modifier ("an *infantry* company"). `None` when the lists
    /// let an article open a quantity before any word (then every one is tried).
    pub after_article: Option<WordSet>,
    /// The entries of each phrase list by first word.
    pub vague_by_first: ByFirst,
    pub currency_by_first: ByFirst,
    pub units_by_first: ByFirst,
    pub speech_by_first: ByFirst,
}

/// Indices of a phrase list's entries by their first word, in list order: a scanner tries
/// only the phrases that can start at a word (list order, longest first, is kept), where
/// walking the whole list compared the word with every entry's first word. The words map to
/// a slot of the index lists through a [`WordMap`], whose probe compares integers where a map
/// of strings hashed the word and called memcmp: the quote scan asks for nearly every word.
#[derive(Debug, Default)]
pub(crate) struct ByFirst(WordMap<u32>, Vec<Vec<usize>>);

impl ByFirst {
    fn new<'a>(phrases: impl Iterator<Item = &'a Vec<String>>) -> Self {
        let mut slots: HashMap<&str, usize> = HashMap::default();
        let mut lists: Vec<Vec<usize>> = Vec::new();
        for (i, words) in phrases.enumerate() {
            if let Some(w) = words.first() {
                let slot = *slots.entry(w.as_str()).or_insert_with(|| {
                    lists.push(Vec::new());
                    lists.len() - 1
                });
                if let Some(list) = lists.get_mut(slot) {
                    list.push(i);
                }
            }
        }
        let map = WordMap::new(
            slots
                .into_iter()
                .filter_map(|(w, slot)| Some((w, u32::try_from(slot).ok()?))),
        );
        ByFirst(map, lists)
    }

    /// Indices of the entries whose first word is `word`, in list order. Inlined with the
    /// map's filter first: the quote scan asks for most words, and nearly all are turned away
    /// there without a call.
    #[inline]
    pub fn get(&self, word: &str) -> &[usize] {
        if !self.0.admits(word) {
            return &[];
        }
        self.0
            .get(word)
            .and_then(|slot| self.1.get(slot as usize))
            .map_or(&[], Vec::as_slice)
    }
}

fn rows(src: &str) -> impl Iterator<Item = Vec<&str>> {
    src.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

fn longest_first<T>(v: &mut [(Vec<String>, T)]) {
    v.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
}

fn build() -> Lexicon {
    let mut numbers = HashMap::default();
    for r in rows(include_str!("../../../../data/lexicon/number_words.tsv")) {
        let (Some(w), Some(v), Some(k)) = (r.first(), r.get(1), r.get(2)) else {
            continue;
        };
        let kind = match *k {
            "unit" => NumKind::Unit,
            "teen" => NumKind::Teen,
            "ten" => NumKind::Ten,
            "hundred" => NumKind::Hundred,
            "scale" => NumKind::Scale,
            "abbrev" => NumKind::Abbrev,
            "dozen" => NumKind::Dozen,
            _ => continue,
        };
        if let Ok(v) = v.parse::<f64>() {
            numbers.insert(w.to_string(), (v, kind));
        }
    }
    let mut vague = Vec::new();
    for r in rows(include_str!("../../../../data/lexicon/vague_amounts.tsv")) {
        let (Some(p), Some(lo), Some(hi)) = (r.first(), r.get(1), r.get(2)) else {
            continue;
        };
        if let (Ok(lo), Ok(hi)) = (lo.parse::<f64>(), hi.parse::<f64>()) {
            vague.push((words(p), lo, hi));
        }
    }
    vague.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
    let mut currency_prefix = HashMap::default();
    let mut currency_words = Vec::new();
    for r in rows(include_str!("../../../../data/lexicon/currencies.tsv")) {
        let (Some(w), Some(code), Some(pos)) = (r.first(), r.get(1), r.get(2)) else {
            continue;
        };
        if *pos == "prefix" {
            currency_prefix.insert(w.to_string(), code.to_string());
        } else {
            currency_words.push((words(w), code.to_string()));
        }
    }
    longest_first(&mut currency_words);
    let mut units = Vec::new();
    for r in rows(include_str!("../../../../data/lexicon/unit_nouns.tsv")) {
        let (Some(w), Some(u), Some(c)) = (r.first(), r.get(1), r.get(2)) else {
            continue;
        };
        let class = match *c {
            "persons" => UnitClass::Persons,
            "military" => UnitClass::Military,
            "percent" => UnitClass::Percent,
            _ => UnitClass::Measure,
        };
        units.push((words(w), u.to_string(), class));
    }
    units.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
    let mut military_before = HashSet::default();
    let mut military_modifier = HashSet::default();
    let mut military_after_of = HashSet::default();
    for r in rows(include_str!(
        "../../../../data/lexicon/military_context.tsv"
    )) {
        let (Some(w), Some(k)) = (r.first(), r.get(1)) else {
            continue;
        };
        let set = match *k {
            "before" => &mut military_before,
            "modifier" => &mut military_modifier,
            _ => &mut military_after_of,
        };
        set.insert(w.to_string());
    }
    let labels = rows(include_str!("../../../../data/lexicon/number_labels.tsv"))
        .filter_map(|r| r.first().map(|w| w.to_string()))
        .collect();
    let mut speech_verbs = Vec::new();
    for r in rows(include_str!(
        "../../../../data/lexicon/attribution_verbs.tsv"
    )) {
        let (Some(w), Some(l)) = (r.first(), r.get(1)) else {
            continue;
        };
        let indirect = r.get(2).is_none_or(|m| *m == "both");
        speech_verbs.push((words(w), l.to_string(), indirect));
    }
    speech_verbs.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
    // Only these can open a quantity: units, currency names and speech verbs come after
    // an amount or stand alone, and a start among them made every "said" or "people" try.
    let starts = WordSet::of(
        vague
            .iter()
            .filter_map(|v| v.0.first())
            .chain(currency_prefix.keys())
            .chain(numbers.keys())
            .map(String::as_str)
            .chain(["a", "an", "half", "us"]),
    );
    let after_article = after_article(
        &vague,
        &currency_prefix,
        &currency_words,
        &units,
        &numbers,
        &military_modifier,
    );
    Lexicon {
        after_article,
        vague_by_first: ByFirst::new(vague.iter().map(|v| &v.0)),
        currency_by_first: ByFirst::new(currency_words.iter().map(|c| &c.0)),
        units_by_first: ByFirst::new(units.iter().map(|u| &u.0)),
        speech_by_first: ByFirst::new(speech_verbs.iter().map(|v| &v.0)),
        starts,
        numbers,
        vague,
        currency_prefix,
        currency_words,
        units,
        military_before,
        military_modifier,
        military_after_of,
        labels,
        speech_verbs,
    }
}

/// [`Lexicon::after_article`]: what the rules of `quantity_at` read after an article, that
/// is the second word of a vague amount that starts with it, a currency prefix or the first
/// word of a currency name, a number word of scale, a single-word unit noun, or a military
/// modifier. `None` if an article is itself a currency prefix or a whole vague amount.
fn after_article(
    vague: &[(Vec<String>, f64, f64)],
    currency_prefix: &HashMap<String, String>,
    currency_words: &[(Vec<String>, String)],
    units: &[(Vec<String>, String, UnitClass)],
    numbers: &HashMap<String, (f64, NumKind)>,
    military_modifier: &HashSet<String>,
) -> Option<WordSet> {
    let article = |w: &str| w == "a" || w == "an";
    let mut after = Vec::new();
    for (words, _, _) in vague {
        if words.first().is_some_and(|w| article(w)) {
            after.push(words.get(1)?.as_str());
        }
    }
    if currency_prefix.keys().any(|w| article(w)) {
        return None;
    }
    after.extend(currency_prefix.keys().map(String::as_str));
    after.extend(
        currency_words
            .iter()
            .filter_map(|c| c.0.first())
            .map(String::as_str),
    );
    after.extend(
        numbers
            .iter()
            .filter(|(_, (_, k))| matches!(k, NumKind::Hundred | NumKind::Scale))
            .map(|(w, _)| w.as_str()),
    );
    after.extend(
        units
            .iter()
            .filter(|u| u.0.len() == 1)
            .filter_map(|u| u.0.first())
            .map(String::as_str),
    );
    after.extend(military_modifier.iter().map(String::as_str));
    Some(WordSet::of(after))
}

pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        let l = lexicon();
        assert_eq!(l.numbers.get("twenty"), Some(&(20.0, NumKind::Ten)));
        assert!(l.vague.iter().any(|v| v.0 == ["a", "handful", "of"]));
        assert_eq!(l.currency_prefix.get("$").map(String::as_str), Some("USD"));
        assert!(l
            .units
            .iter()
            .any(|u| u.0 == ["officers"] && u.1 == "persons"));
        assert!(l.labels.contains("article"));
        assert!(l.speech_verbs.iter().any(|v| v.0 == ["said"]));
        assert!(l.military_before.contains("send"));
    }
}
