//! Verb dictionaries compiled for matching: every surface form indexed by its head word,
//! patterns turned into element lists matched around the verb over a sentence's tokens, the
//! way TABARI read them (words in order, gaps allowed unless glued with `_`).

use std::collections::HashMap;
use std::sync::Arc;
use tamga_actors::fxhash::WordIds;
use tamga_actors::petrarch::{CodePair, PatternElement, PatternItem, VerbDictionary};

/// One compiled verb or noun trigger.
#[derive(Debug, Clone)]
pub(crate) struct Form {
    pub block: usize,
    /// Lower-case words of the form; `head` is the one indexed.
    pub words: Vec<String>,
    pub head: usize,
    /// The verb's own code, else the block's.
    pub code: CodePair,
    pub origin: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub meaning: String,
    /// Heaviest first, in file order among equals.
    pub patterns: Vec<Pattern>,
    /// `gates[i]` is what the matcher reads of `patterns[i]` before walking it.
    pub gates: Vec<Gate>,
    /// Lower is preferred: the dictionary's rank (user files first, then tamga's, then
    /// CAMEO's).
    pub rank: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    /// Elements before the verb, nearest last.
    pub pre: Vec<Elem>,
    pub post: Vec<Elem>,
    /// `*_WORD`: the first element after the verb must follow it directly.
    pub verb_glued: bool,
    pub code: CodePair,
    pub text: String,
    pub origin: String,
    /// Number of words the pattern asks for: more specific patterns win.
    pub weight: usize,
    /// Literal words the pattern cannot match without (literal ids, see
    /// [`Verbs::literals`]).
    pub needs: Vec<u32>,
    /// Lists of alternatives (a synset's first words, `A/B`) one of which the pattern
    /// needs, as groups of [`Literals`]: a sentence marks the groups of its literals once,
    /// instead of every pattern naming a synset reading all its members.
    pub groups: Vec<u32>,
}

/// A pattern's weight and the literals it cannot match without, kept apart from the pattern:
/// a block's patterns (CAMEO has blocks of hundreds) are turned away from one small array
/// instead of from the patterns themselves, strewn over the heap.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Gate {
    pub weight: usize,
    /// The longest of the needed words without alternatives (long words are the rare ones),
    /// if any: read exactly, it turns most patterns away in one test.
    key: Option<u32>,
    /// The needs without alternatives, as bits of [`Present::summary`].
    must: u128,
}

impl Gate {
    fn of(p: &Pattern, key: Option<u32>) -> Gate {
        let must = p.needs.iter().fold(0, |m, &id| m | summary_bit(id));
        Gate {
            weight: p.weight,
            key,
            must,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// Alternative words (`A/B`), lower case.
    Word(Vec<String>),
    /// A synset: its member phrases, shared by every pattern naming it.
    Set(Arc<Synset>),
    Source,
    Target,
    Compound,
    Skip,
    /// A phrase (`{A B}` or `(PREP ...)`) matched as a word sequence.
    Seq(Vec<Elem>),
}

/// A synset's member phrases, each as lower-case words, indexed by the literal id of their
/// first word: a position is checked against the few members its word can start (some sets
/// have hundreds), not against all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Synset {
    pub members: Vec<Vec<String>>,
    /// (literal id of the first word, member index), sorted.
    by_first: Vec<(u32, usize)>,
    /// A member without words matches anywhere, taking none.
    has_empty: bool,
    /// The group ([`Literals::group`]) of the members' first words, one of which a pattern
    /// naming the set needs; none when a member is empty.
    group: Option<u32>,
}

impl Synset {
    fn new(members: Vec<Vec<String>>, literals: &mut Literals) -> Synset {
        let mut by_first: Vec<(u32, usize)> = members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| Some((literals.id(m.first()?), i)))
            .collect();
        by_first.sort_unstable();
        let firsts: Option<Vec<u32>> = members
            .iter()
            .map(|m| m.first().map(|w| literals.id(w)))
            .collect();
        Synset {
            group: firsts.map(|f| literals.group(f)),
            has_empty: members.iter().any(Vec::is_empty),
            members,
            by_first,
        }
    }

    /// The position after the longest member found at `p`.
    fn longest_at(&self, v: &View, p: usize) -> Option<usize> {
        let mut best = self.has_empty.then_some(p);
        for &id in v.present.at(p) {
            let from = self.by_first.partition_point(|&(f, _)| f < id);
            for &(_, m) in self.by_first[from..].iter().take_while(|&&(f, _)| f == id) {
                let Some(words) = self.members.get(m) else {
                    continue;
                };
                // The first word matched by its literal id; the rest are compared here.
                if words
                    .iter()
                    .enumerate()
                    .skip(1)
                    .all(|(k, mw)| v.words.get(p + k).is_some_and(|w| word_matches(mw, w)))
                {
                    best = best.max(Some(p + words.len()));
                }
            }
        }
        best
    }
}

/// The literal words of all patterns, and the verbs' head words, by id: a sentence's word is
/// looked up once for both.
#[derive(Debug, Default)]
pub(crate) struct Literals {
    ids: WordIds,
    /// Each list of alternatives a pattern needs, once, by its group id.
    group_ids: HashMap<Vec<u32>, u32>,
    /// `groups_of[id]`: the groups literal `id` belongs to.
    groups_of: Vec<Vec<u32>>,
    /// The first four bytes of every literal of five bytes or more, hashed to one bit of
    /// [`PREFIX_BITS`]: a word whose first four bytes have no bit set is no literal's word
    /// with up to three more bytes, and its stems of five bytes or more are not looked up.
    prefixes: Vec<u64>,
}

/// Bits of [`Literals::prefixes`]: a few thousand literals leave most of them clear.
const PREFIX_BITS: usize = 1 << 14;

/// The bit of [`Literals::prefixes`] for a word starting with `w`'s first four bytes.
fn prefix_bit(w: &[u8]) -> Option<usize> {
    let head: [u8; 4] = w.get(..4)?.try_into().ok()?;
    let h = u32::from_le_bytes(head).wrapping_mul(0x9E37_79B1);
    Some((h >> (32 - PREFIX_BITS.trailing_zeros())) as usize)
}

impl Literals {
    /// The id of `w`, given it if new.
    fn id(&mut self, w: &str) -> u32 {
        if let Some(bit) = prefix_bit(w.as_bytes()).filter(|_| w.len() >= 5) {
            if self.prefixes.is_empty() {
                self.prefixes = vec![0; PREFIX_BITS / 64];
            }
            if let Some(slot) = self.prefixes.get_mut(bit / 64) {
                *slot |= 1 << (bit % 64);
            }
        }
        self.ids.id(w)
    }

    /// The id of the group of alternatives `alts` (each list once), one of which a
    /// pattern needs: a sentence marks the groups of the literals it holds.
    fn group(&mut self, alts: Vec<u32>) -> u32 {
        let next = u32::try_from(self.group_ids.len()).unwrap_or(u32::MAX);
        *self.group_ids.entry(alts).or_insert_with_key(|alts| {
            for &id in alts {
                let id = id as usize;
                if self.groups_of.len() <= id {
                    self.groups_of.resize_with(id + 1, Vec::new);
                }
                if let Some(of) = self.groups_of.get_mut(id) {
                    of.push(next);
                }
            }
            next
        })
    }

    /// The groups literal `id` belongs to.
    fn groups_of(&self, id: u32) -> &[u32] {
        self.groups_of.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// Whether some literal of five bytes or more starts with `w`'s first four bytes.
    fn may_stem(&self, w: &[u8]) -> bool {
        prefix_bit(w).is_some_and(|bit| {
            self.prefixes
                .get(bit / 64)
                .is_some_and(|slot| slot & (1 << (bit % 64)) != 0)
        })
    }

    fn get(&self, w: &str) -> Option<u32> {
        self.ids.get(w)
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The bit of [`Present::summary`] and [`Gate::must`] standing for a literal.
fn summary_bit(id: u32) -> u128 {
    1 << (id % 128)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Elem {
    pub item: Item,
    /// Must be adjacent to the next element (`_`).
    pub glued: bool,
}

/// All verb dictionaries, compiled.
#[derive(Debug, Default)]
pub(crate) struct Verbs {
    pub blocks: Vec<Block>,
    pub forms: Vec<Form>,
    /// `by_head[id]` are the indices into `forms` of the forms headed by word `id` (an id
    /// of `literals`).
    by_head: Vec<Vec<usize>>,
    /// Every word a pattern element names (alternatives, a synset member's first word) →
    /// its id: a sentence is checked for them once, and patterns needing an absent one
    /// are skipped without being walked. Head words have their ids here too.
    pub literals: Literals,
}

impl Verbs {
    /// The id of word `w`, if a pattern names it or a form is headed by it.
    pub fn word_id(&self, w: &str) -> Option<u32> {
        self.literals.get(w)
    }

    /// The forms headed by the word of id `id`.
    pub fn headed_by(&self, id: u32) -> &[usize] {
        self.by_head.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// Adds a dictionary at `rank` (lower wins). A form already defined by a dictionary of
    /// lower rank shadows this one: a user's verb file overrides CAMEO's entry for the verb.
    pub fn add(&mut self, dict: &VerbDictionary, rank: usize) {
        let sets: HashMap<&str, Arc<Synset>> = dict
            .synsets
            .iter()
            .map(|s| {
                let forms = s.forms.iter().map(|f| words_of(f)).collect::<Vec<_>>();
                (
                    s.name.as_str(),
                    Arc::new(Synset::new(forms, &mut self.literals)),
                )
            })
            .collect();
        let known: std::collections::HashSet<String> = self
            .forms
            .iter()
            .map(|f| f.words.join(" "))
            .collect::<std::collections::HashSet<_>>();
        for b in &dict.blocks {
            let block = self.blocks.len();
            let mut patterns = b
                .patterns
                .iter()
                .filter_map(|p| {
                    let (pre, post) = p.split_at_verb();
                    let pre = compile(pre, &sets)?;
                    let post = compile(post, &sets)?;
                    let weight = weight_of(&pre) + weight_of(&post);
                    let mut needs = Needs::default();
                    needs_of(&pre, &mut self.literals, &mut needs);
                    needs_of(&post, &mut self.literals, &mut needs);
                    let key = longest_needed(&pre)
                        .into_iter()
                        .chain(longest_needed(&post))
                        .max_by_key(|w| w.len())
                        .and_then(|w| self.literals.get(w));
                    let verb_glued = p
                        .elements
                        .iter()
                        .any(|e| e.item == PatternItem::Verb && e.glued);
                    let pattern = Pattern {
                        pre,
                        post,
                        verb_glued,
                        code: p.code.clone(),
                        text: ["- ", p.text.trim()].concat(),
                        origin: origin_of(&p.origin),
                        weight,
                        needs: needs.alone,
                        groups: needs.groups,
                    };
                    Some((Gate::of(&pattern, key), pattern))
                })
                .collect::<Vec<(Gate, Pattern)>>();
            // Heaviest first (in file order among equals): the matcher stops at the first
            // pattern no heavier than its best match so far.
            patterns.sort_by_key(|(g, _)| std::cmp::Reverse(g.weight));
            let (gates, patterns) = patterns.into_iter().unzip();
            self.blocks.push(Block {
                meaning: b.meaning.clone(),
                patterns,
                gates,
                rank,
            });
            for v in &b.verbs {
                let code = b.code_of(v).clone();
                for f in &v.forms {
                    let words = words_of(f);
                    // A stray comma in a `{...}` list ("{VOTES , VOTED}") is not a form.
                    if words.is_empty()
                        || words.iter().any(|w| !w.chars().any(char::is_alphanumeric))
                        || known.contains(&words.join(" "))
                    {
                        continue;
                    }
                    // Irregular forms keep the base's shape; find the head by position,
                    // falling back to the last word for forms of another length.
                    let head = if words.len() == v.words.len() {
                        v.head
                    } else {
                        words.len() - 1
                    };
                    let idx = self.forms.len();
                    let key = &words[head.min(words.len() - 1)];
                    let id = self.literals.id(key) as usize;
                    if self.by_head.len() <= id {
                        self.by_head.resize_with(id + 1, Vec::new);
                    }
                    if let Some(forms) = self.by_head.get_mut(id) {
                        forms.push(idx);
                    }
                    self.forms.push(Form {
                        block,
                        words,
                        head: head.min(v.words.len().max(1) - 1),
                        code: code.clone(),
                        origin: origin_of(&v.origin),
                    });
                }
            }
        }
    }
}

/// `FILE:LINE` of a dictionary entry, as explanations name it: joined by hand, as
/// `format!` costs several times the copy for the thousands of entries loaded.
fn origin_of(o: &tamga_actors::dict::Origin) -> String {
    [o.file.as_str(), ":", &o.line.to_string()].concat()
}

fn words_of(form: &str) -> Vec<String> {
    form.split([' ', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn weight_of(elems: &[Elem]) -> usize {
    elems
        .iter()
        .map(|e| match &e.item {
            Item::Word(_) | Item::Set(_) => 2,
            Item::Seq(inner) => weight_of(inner),
            Item::Source | Item::Target | Item::Compound => 1,
            Item::Skip => 0,
        })
        .sum()
}

/// What a pattern cannot match without: literals, and groups of alternative literals one
/// of which it needs.
#[derive(Debug, Default)]
struct Needs {
    alone: Vec<u32>,
    groups: Vec<u32>,
}

/// Adds to `out` what `elems` need, for every element that cannot match without one of its
/// words: a word (`A/B`), a synset (its members' first words, unless a member is empty),
/// and the words of a phrase.
fn needs_of(elems: &[Elem], literals: &mut Literals, out: &mut Needs) {
    for e in elems {
        match &e.item {
            Item::Word(alts) => {
                let ids: Vec<u32> = alts.iter().map(|a| literals.id(a)).collect();
                match ids[..] {
                    [id] => out.alone.push(id),
                    _ => out.groups.push(literals.group(ids)),
                }
            }
            Item::Set(set) => out.groups.extend(set.group),
            Item::Seq(inner) => needs_of(inner, literals, out),
            Item::Source | Item::Target | Item::Compound | Item::Skip => {}
        }
    }
}

/// The longest word `elems` need that has no alternative (a word, or a word of a phrase).
fn longest_needed(elems: &[Elem]) -> Option<&str> {
    elems
        .iter()
        .filter_map(|e| match &e.item {
            Item::Word(alts) => match &alts[..] {
                [w] => Some(w.as_str()),
                _ => None,
            },
            Item::Seq(inner) => longest_needed(inner),
            Item::Set(_) | Item::Source | Item::Target | Item::Compound | Item::Skip => None,
        })
        .max_by_key(|w| w.len())
}

/// The pattern literals a sentence holds, as [`word_matches`] reads them: a literal is
/// present when some word of the sentence matches it. Which word matches which literal is
/// kept too, for synsets to look up their members by it.
#[derive(Default)]
pub(crate) struct Present {
    bits: Vec<u64>,
    /// The groups of alternatives ([`Literals::group`]) some literal present belongs to.
    groups: Vec<u64>,
    /// Every literal present, folded to 128 bits ([`summary_bit`]).
    summary: u128,
    /// The literals matching word `i` are `ids[starts[i]..starts[i + 1]]`.
    ids: Vec<u32>,
    starts: Vec<usize>,
}

impl Present {
    #[cfg(test)]
    pub fn new(literals: &Literals, words: &[&str]) -> Present {
        let ids: Vec<Option<u32>> = words.iter().map(|w| literals.get(w)).collect();
        let mut p = Present::default();
        p.read(literals, words, &ids);
        p
    }

    /// Reads the literals of `words`, whose own ids are `ids`, in place of the last
    /// sentence's: a document's sentences share the buffers.
    pub fn read(&mut self, literals: &Literals, words: &[&str], ids: &[Option<u32>]) {
        // Only the bits of the last sentence are set: clearing them is cheaper than
        // clearing every literal's.
        for &id in &self.ids {
            if let Some(slot) = self.bits.get_mut(id as usize / 64) {
                *slot = 0;
            }
        }
        self.bits.resize(literals.len().div_ceil(64), 0);
        self.groups.clear();
        self.groups.resize(literals.group_ids.len().div_ceil(64), 0);
        self.summary = 0;
        self.ids.clear();
        self.starts.clear();
        for (i, w) in words.iter().enumerate() {
            self.starts.push(self.ids.len());
            if w.is_empty() {
                continue;
            }
            self.add(literals, ids.get(i).copied().flatten());
            // The other literals matching `w` are `w` less one to three trailing bytes, the
            // ending left being one `word_matches` allows: any after a stem of five bytes or
            // more, only a plural ending after a shorter one. Each is looked up only when
            // that test (and for a long stem, the literals' first bytes) lets it be one.
            let b = w.as_bytes();
            let long_stems = b.len() > 5 && literals.may_stem(b);
            for (cut, plural) in [(1, b.ends_with(b"s")), (2, b.ends_with(b"es")), (3, false)] {
                let Some(k) = b.len().checked_sub(cut).filter(|&k| k > 0) else {
                    break;
                };
                let wanted = if k >= 5 { long_stems } else { plural };
                // Not a char boundary: no literal ends there.
                if wanted && w.is_char_boundary(k) {
                    self.add(literals, w.get(..k).and_then(|stem| literals.get(stem)));
                }
            }
        }
        self.starts.push(self.ids.len());
    }

    /// Records literal `id`, if any, as matching the word being read.
    fn add(&mut self, literals: &Literals, id: Option<u32>) {
        let Some(id) = id else {
            return;
        };
        if let Some(slot) = self.bits.get_mut(id as usize / 64) {
            *slot |= 1 << (id % 64);
        }
        for &g in literals.groups_of(id) {
            if let Some(slot) = self.groups.get_mut(g as usize / 64) {
                *slot |= 1 << (g % 64);
            }
        }
        self.summary |= summary_bit(id);
        self.ids.push(id);
    }

    /// The literals word `i` matches (none past the sentence's end).
    fn at(&self, i: usize) -> &[u32] {
        let (Some(&a), Some(&b)) = (self.starts.get(i), self.starts.get(i + 1)) else {
            return &[];
        };
        self.ids.get(a..b).unwrap_or(&[])
    }

    fn has(&self, id: u32) -> bool {
        bit(&self.bits, id)
    }

    /// Whether every literal requirement of `p` (gated by `g`) is met: when not, `p`
    /// cannot match.
    pub fn admits(&self, g: &Gate, p: &Pattern) -> bool {
        g.key.is_none_or(|id| self.has(id))
            && g.must & !self.summary == 0
            && p.needs.iter().all(|&id| self.has(id))
            && p.groups.iter().all(|&g| bit(&self.groups, g))
    }
}

/// Bit `i` of `bits`.
fn bit(bits: &[u64], i: u32) -> bool {
    bits.get(i as usize / 64)
        .is_some_and(|slot| slot & (1 << (i % 64)) != 0)
}

/// Compiles pattern elements; `None` when a synset is undefined (PETRARCH skips those).
fn compile(elems: &[PatternElement], sets: &HashMap<&str, Arc<Synset>>) -> Option<Vec<Elem>> {
    let mut out = Vec::with_capacity(elems.len());
    for e in elems {
        let item = match &e.item {
            PatternItem::Verb => continue,
            PatternItem::Word(w) => Item::Word(
                w.split('/')
                    .filter(|a| !a.is_empty())
                    .map(str::to_lowercase)
                    .collect(),
            ),
            PatternItem::Synset(name) => Item::Set(sets.get(name.as_str())?.clone()),
            PatternItem::Source => Item::Source,
            PatternItem::Target => Item::Target,
            PatternItem::Compound => Item::Compound,
            PatternItem::Skip => Item::Skip,
            PatternItem::Noun(inner) | PatternItem::Prep(inner) => Item::Seq(compile(inner, sets)?),
        };
        out.push(Elem {
            item,
            glued: e.glued,
        });
    }
    Some(out)
}

/// What the matcher sees of a sentence: lower-case words, the actor mention (if any)
/// starting at each position with the position after it, and the literals of the words.
pub(crate) struct View<'a> {
    pub words: &'a [&'a str],
    /// `actor_at[i]`: (mention index, end position) for a mention starting at word `i`.
    pub actor_at: &'a [Option<(usize, usize)>],
    pub present: &'a Present,
}

/// Roles a matched pattern fixed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Bound {
    pub source: Option<usize>,
    pub target: Option<usize>,
    pub compound: Option<usize>,
    /// The first word the pattern's elements before the verb matched (the verb's position
    /// when there are none): the subject is looked for left of it.
    pub start: usize,
    /// The position after the last element matched after the verb.
    pub end: usize,
}

/// Largest number of words a non-glued element may skip.
const MAX_GAP: usize = 12;

impl Pattern {
    /// Matches the pattern around the verb at `lo..hi` (word positions) within `0..len`.
    pub fn matches(&self, v: &View, lo: usize, hi: usize) -> Option<Bound> {
        let mut bound = Bound::default();
        // After the verb: left to right. The first element may only float when it is not
        // glued to the verb: `*_OUT` needs "out" right after.
        let mut pos = hi;
        let mut adjacent = self.verb_glued;
        for e in &self.post {
            pos = match_forward(e, v, pos, adjacent, &mut bound)?;
            adjacent = e.glued;
        }
        bound.end = pos;
        // Before the verb: right to left, each element ending before the previous one.
        let mut pos = lo;
        for e in self.pre.iter().rev() {
            // An element glued (`_`) to the one after it (or to the verb) must touch it.
            pos = match_backward(e, v, pos, e.glued, &mut bound)?;
        }
        bound.start = pos;
        Some(bound)
    }
}

impl Pattern {
    /// A pattern of object words only (`- * SUSPECTS`, `- * {HUMANITARIAN AID}`) read in
    /// the passive: the words stand before the verb, as its subject.
    pub fn matches_passive(&self, v: &View, lo: usize, hi: usize) -> Option<Bound> {
        let words_only = !self.post.is_empty()
            && self.pre.is_empty()
            && self
                .post
                .iter()
                .all(|e| matches!(e.item, Item::Word(_) | Item::Set(_)));
        if !words_only {
            return None;
        }
        // The object words, read right to left before the verb, none glued: `matches` on
        // the pattern flipped, without building it.
        let mut bound = Bound {
            end: hi,
            ..Bound::default()
        };
        let mut pos = lo;
        for e in self.post.iter().rev() {
            pos = match_backward(e, v, pos, false, &mut bound)?;
        }
        bound.start = pos;
        Some(bound)
    }
}

/// Places `e` at or after `from` (exactly at `from` when `adjacent`); returns the position
/// after it.
fn match_forward(e: &Elem, v: &View, from: usize, adjacent: bool, b: &mut Bound) -> Option<usize> {
    let last = if adjacent {
        from
    } else {
        (from + MAX_GAP).min(v.words.len())
    };
    // A word the pattern wants as the verb's object does not sit inside a prepositional
    // phrase or another clause: "send officers to missions" is no "* MISSION".
    let noun = matches!(e.item, Item::Word(_) | Item::Set(_));
    for p in from..=last.min(v.words.len()) {
        if noun && p > from {
            let gap = v.words[p - 1];
            // "of" stays inside a noun phrase ("700 kg of medicine", "a company of troops").
            if (is_preposition(gap) && gap != "of")
                || matches!(gap, "," | ";" | ":" | "that" | "which" | "who")
            {
                break;
            }
        }
        if let Some(end) = match_at(e, v, p, b) {
            return Some(end);
        }
    }
    None
}

/// Places `e` so that it ends at or before `to` (exactly at `to` when `adjacent`); returns
/// its start.
fn match_backward(e: &Elem, v: &View, to: usize, adjacent: bool, b: &mut Bound) -> Option<usize> {
    let first = if adjacent {
        to
    } else {
        to.saturating_sub(MAX_GAP)
    };
    for end in (first..=to).rev() {
        // A single word ends one past where it starts, and binds nothing.
        if let Item::Word(_) = e.item {
            if let Some(start) = end.checked_sub(1) {
                if match_at(e, v, start, b) == Some(end) {
                    return Some(start);
                }
            }
            continue;
        }
        for start in (end.saturating_sub(8)..=end).rev() {
            let mut trial = b.clone();
            if match_at(e, v, start, &mut trial) == Some(end) {
                *b = trial;
                return Some(start);
            }
        }
    }
    None
}

/// Matches `e` starting exactly at `p`; the position after it.
fn match_at(e: &Elem, v: &View, p: usize, b: &mut Bound) -> Option<usize> {
    let word = |q: usize| v.words.get(q).copied();
    match &e.item {
        Item::Word(alts) => {
            let w = word(p)?;
            alts.iter().any(|a| word_matches(a, w)).then_some(p + 1)
        }
        Item::Set(set) => set.longest_at(v, p),
        Item::Source | Item::Target | Item::Compound => {
            let (m, end) = v.actor_at.get(p).copied().flatten()?;
            match e.item {
                Item::Source => b.source = Some(m),
                Item::Target => b.target = Some(m),
                _ => b.compound = Some(m),
            }
            Some(end)
        }
        // `^`: a noun phrase — a determiner or a few words, up to a preposition or a
        // punctuation mark ("warned at [the Gondor] of the Prince").
        Item::Skip => {
            let mut q = p;
            while q < v.words.len()
                && q < p + 5
                && v.words[q].chars().next().is_some_and(char::is_alphanumeric)
                && (q == p || !is_preposition(v.words[q]))
            {
                q += 1;
            }
            (q > p).then_some(q)
        }
        Item::Seq(inner) => {
            let mut q = p;
            let mut adjacent = true;
            for e in inner {
                q = match_forward(e, v, q, adjacent, b)?;
                // Inside a phrase, words stay close: a noun's modifiers, a preposition's
                // object.
                adjacent = e.glued;
            }
            Some(q)
        }
    }
}

fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "of" | "in"
            | "on"
            | "at"
            | "to"
            | "from"
            | "with"
            | "by"
            | "for"
            | "against"
            | "into"
            | "over"
            | "about"
            | "after"
            | "before"
            | "between"
    )
}

/// A pattern word matches the same word, its regular plural, or (for words of five letters
/// or more) any word it is a stem of — the leniency TABARI's stems gave.
fn word_matches(pattern: &str, word: &str) -> bool {
    if pattern == word {
        return true;
    }
    match word.strip_prefix(pattern) {
        Some(rest) => matches!(rest, "s" | "es") || (pattern.len() >= 5 && rest.len() <= 3),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Literals of no word: the patterns here name words, not synsets.
    static NO_LITERALS: Present = Present {
        bits: Vec::new(),
        groups: Vec::new(),
        summary: 0,
        ids: Vec::new(),
        starts: Vec::new(),
    };

    fn view<'a>(words: &'a [&'a str], actors: &'a [Option<(usize, usize)>]) -> View<'a> {
        View {
            words,
            actor_at: actors,
            present: &NO_LITERALS,
        }
    }

    fn w(s: &str) -> Elem {
        Elem {
            item: Item::Word(vec![s.into()]),
            glued: false,
        }
    }

    #[test]
    fn post_words_match_in_order_with_gaps() {
        let p = Pattern {
            pre: vec![],
            post: vec![w("diplomatic"), w("ties")],
            verb_glued: false,
            code: CodePair::default(),
            text: String::new(),
            origin: String::new(),
            weight: 4,
            needs: Vec::new(),
            groups: Vec::new(),
        };
        let words = [
            "arnor",
            "will",
            "restore",
            "full",
            "diplomatic",
            "ties",
            "with",
            "gondor",
        ];
        let actors = vec![None; words.len()];
        assert!(p.matches(&view(&words, &actors), 2, 3).is_some());
        let words = ["arnor", "will", "restore", "ties", "diplomatic"];
        assert!(p.matches(&view(&words, &actors[..5]), 2, 3).is_none());
    }

    #[test]
    fn target_marker_binds_the_actor_there() {
        let p = Pattern {
            pre: vec![],
            post: vec![
                Elem {
                    item: Item::Word(vec!["with".into()]),
                    glued: false,
                },
                Elem {
                    item: Item::Target,
                    glued: false,
                },
            ],
            verb_glued: false,
            code: CodePair::default(),
            text: String::new(),
            origin: String::new(),
            weight: 3,
            needs: Vec::new(),
            groups: Vec::new(),
        };
        let words = ["arnor", "met", "with", "gondor", "officials"];
        let actors = vec![Some((0, 1)), None, None, Some((1, 5)), None];
        let b = p.matches(&view(&words, &actors), 1, 2);
        assert_eq!(b.map(|b| b.target), Some(Some(1)));
    }

    #[test]
    fn glued_pre_element_must_touch_the_verb() {
        let p = Pattern {
            pre: vec![Elem {
                item: Item::Word(vec!["in".into()]),
                glued: true,
            }],
            post: vec![],
            verb_glued: false,
            code: CodePair::default(),
            text: String::new(),
            origin: String::new(),
            weight: 2,
            needs: Vec::new(),
            groups: Vec::new(),
        };
        let actors = vec![None; 4];
        assert!(p
            .matches(&view(&["they", "in", "accord"], &actors), 2, 3)
            .is_some());
        assert!(p
            .matches(&view(&["in", "their", "accord"], &actors), 2, 3)
            .is_none());
    }

    #[test]
    fn literals_seen_through_plurals_and_stems_only() {
        let mut literals = Literals::default();
        let mut needs = Needs::default();
        let elems = [
            Elem {
                item: Item::Word(vec!["tie".into(), "relation".into()]),
                glued: false,
            },
            Elem {
                item: Item::Seq(vec![w("diplomat")]),
                glued: false,
            },
        ];
        needs_of(&elems, &mut literals, &mut needs);
        assert_eq!((needs.alone.len(), needs.groups.len()), (1, 1));
        let Needs {
            alone: needs,
            groups,
        } = needs;
        let p = Pattern {
            pre: vec![],
            post: elems.to_vec(),
            verb_glued: false,
            code: CodePair::default(),
            text: String::new(),
            origin: String::new(),
            weight: 4,
            needs,
            groups,
        };
        let key = longest_needed(&p.post).and_then(|w| literals.get(w));
        assert_eq!(key, literals.get("diplomat"));
        let gate = Gate::of(&p, key);
        let has = |words: &[&str]| Present::new(&literals, words).admits(&gate, &p);
        assert!(has(&["restore", "ties", "diplomatic"]));
        assert!(has(&["relations", "diplomats"]));
        // "diplomat" is a stem of "diplomatic" but not of "diplomatically" (too long a rest).
        assert!(!has(&["ties", "diplomatically"]));
        assert!(!has(&["tiered", "diplomatic"]));
        assert!(!has(&["restore"]));
    }

    proptest::proptest! {
        /// The literals found at a word are exactly those `word_matches` accepts, whatever
        /// the word's length and chars, and a document's sentences read in turn into one
        /// `Present` find what each would alone.
        #[test]
        fn present_finds_what_word_matches_accepts(
            lits in proptest::collection::vec("[aes\u{e9}]{1,7}", 1..12),
            sentences in proptest::collection::vec(
                proptest::collection::vec("[aes\u{e9}]{1,9}", 0..6), 1..4),
        ) {
            let mut literals = Literals::default();
            for l in &lits {
                literals.id(l);
            }
            let mut reused = Present::default();
            for words in &sentences {
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                let ids: Vec<Option<u32>> = words.iter().map(|w| literals.get(w)).collect();
                reused.read(&literals, &words, &ids);
                let alone = Present::new(&literals, &words);
                for (i, w) in words.iter().enumerate() {
                    let mut want: Vec<u32> = lits
                        .iter()
                        .filter(|l| word_matches(l, w))
                        .filter_map(|l| literals.get(l))
                        .collect();
                    want.sort_unstable();
                    want.dedup();
                    let mut got = reused.at(i).to_vec();
                    got.sort_unstable();
                    proptest::prop_assert_eq!(&got, &want);
                    proptest::prop_assert_eq!(alone.at(i), reused.at(i));
                }
                for id in 0..literals.len() as u32 {
                    proptest::prop_assert_eq!(reused.has(id), alone.has(id));
                }
                proptest::prop_assert_eq!(reused.summary, alone.summary);
            }
        }
    }

    #[test]
    fn stems_and_plurals() {
        assert!(word_matches("tie", "ties"));
        assert!(word_matches("relation", "relations"));
        assert!(word_matches("diplomat", "diplomatic"));
        assert!(!word_matches("tie", "tiered"));
        assert!(!word_matches("arms", "arm"));
    }
}
