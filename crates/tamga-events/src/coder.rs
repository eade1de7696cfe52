//! The pattern coder: verbs and nouns from the PETRARCH/CAMEO dictionary and tamga's own
//! pattern files, matched around resolved actors in each sentence, with voice, compound
//! actors, modality, dates, places and quantities attached as evidence.

mod attach;
mod compose;
mod roles;
mod verbs;

use crate::error::Result;
use crate::model::{Event, Evidence, Explanation};
use crate::ontology::Ontology;
use std::path::{Path, PathBuf};
use tamga_actors::petrarch::{self, Kind, Loaded};
use tamga_actors::resolve::{load_layer, Layer};
use tamga_actors::{ActorMention, Resolver};
use tamga_ingest::PartialDate;
use tamga_text::{Annotations, Token};
use verbs::{Verbs, View};

/// The document being coded, as the event records name it.
#[derive(Debug, Clone)]
pub struct DocRef<'a> {
    pub id: &'a str,
    pub uri: &'a str,
    pub published: Option<PartialDate>,
}

/// What coding one document produced.
#[derive(Debug, Clone, Default)]
pub struct Coded {
    pub events: Vec<Event>,
    pub sentences: usize,
    /// A story-level discard phrase matched: nothing was coded.
    pub discarded: bool,
    /// The text's quotes, as annotated for coding ([`Coder::code_text`] fills them in, so
    /// the store need not find them again); empty from [`Coder::code_annotated`].
    pub quotes: Vec<tamga_text::Quote>,
}

/// How the coder is assembled.
#[derive(Debug, Clone)]
pub struct Options {
    /// Load tamga's patterns, CAMEO's verbs, the shipped actors and discards besides the
    /// given files. Off: only the given files (a conformance run on PETRARCH's test set).
    pub builtin: bool,
    /// Code only events with both a source and a target (PETRARCH's `require_dyad`).
    pub require_dyad: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            builtin: true,
            require_dyad: false,
        }
    }
}

/// A discard phrase, lower case.
#[derive(Debug, Clone)]
struct Discard {
    phrase: String,
    story: bool,
    whole_word: bool,
}

/// Discard phrases, story-level and sentence-level, in one automaton: a document is
/// scanned once (Phoenix lists ~500 phrases), and each check reads the occurrences found.
#[derive(Debug)]
struct Discards {
    list: Vec<Discard>,
    automaton: Option<aho_corasick::dfa::DFA>,
}

/// Where the discard phrases occur in one document, as (start, end, phrase), by start.
struct DiscardHits<'t> {
    text: &'t str,
    list: &'t [Discard],
    hits: Vec<(usize, usize, usize)>,
}

impl Discards {
    fn new(list: Vec<Discard>) -> Discards {
        let list: Vec<Discard> = list.into_iter().filter(|d| !d.phrase.is_empty()).collect();
        // Every document is scanned whole: a DFA takes one table step per byte where an NFA
        // follows failure links, and a few hundred phrases make a small table. No prefilter:
        // phrases start with most letters, so it would rarely skip, and without one only
        // match states are special in the scan's loop.
        let automaton = aho_corasick::dfa::Builder::new()
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(list.iter().map(|d| d.phrase.as_str()))
            .ok();
        Discards { list, automaton }
    }

    /// Every occurrence of every phrase in `text`, words or not: whether one counts
    /// depends on the stretch of text it is checked in.
    fn scan<'t>(&'t self, text: &'t str) -> DiscardHits<'t> {
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        if let Some(dfa) = &self.automaton {
            overlapping_matches(dfa, text.as_bytes(), &mut hits);
        }
        hits.sort_unstable();
        DiscardHits {
            text,
            list: &self.list,
            hits,
        }
    }
}

/// Every match of `dfa` in `bytes`, overlapping ones included, as (start, end, pattern): what
/// `find_overlapping_iter` reports, from a loop of one table step per byte (the iterator
/// keeps its position in a state it reloads and stores at every byte).
fn overlapping_matches(
    dfa: &aho_corasick::dfa::DFA,
    bytes: &[u8],
    out: &mut Vec<(usize, usize, usize)>,
) {
    use aho_corasick::automaton::Automaton;
    let Ok(mut sid) = dfa.start_state(aho_corasick::Anchored::No) else {
        return;
    };
    let mut at = 0;
    while let Some((i, next)) = bytes
        .get(at..)
        .and_then(|rest| until_special(dfa, sid, rest))
    {
        sid = next;
        at += i + 1;
        if dfa.is_dead(sid) {
            return;
        }
        for k in 0..dfa.match_len(sid) {
            let p = dfa.match_pattern(sid, k);
            out.push((at.saturating_sub(dfa.pattern_len(p)), at, p.as_usize()));
        }
    }
}

/// Steps `dfa` from `sid` over `bytes` up to the first special (match or dead) state: its
/// byte's index and the state. Without a prefilter only those states are special, and
/// matches are rare: this loop, apart from their handling, keeps its state in registers.
fn until_special(
    dfa: &aho_corasick::dfa::DFA,
    mut sid: aho_corasick::automaton::StateID,
    bytes: &[u8],
) -> Option<(usize, aho_corasick::automaton::StateID)> {
    use aho_corasick::automaton::Automaton;
    for (i, &b) in bytes.iter().enumerate() {
        sid = dfa.next_state(aho_corasick::Anchored::No, sid, b);
        if dfa.is_special(sid) {
            return Some((i, sid));
        }
    }
    None
}

impl DiscardHits<'_> {
    /// Whether `text[start..end]` holds a story-level (`story`) or sentence-level phrase as
    /// words: the phrase starts a word of that stretch, and ends one when the discard is
    /// `whole_word` (otherwise it is a stem).
    fn hit(&self, start: usize, end: usize, story: bool) -> bool {
        let bytes = self.text.as_bytes();
        let alnum = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
        let from = self.hits.partition_point(|h| h.0 < start);
        self.hits[from..]
            .iter()
            .take_while(|h| h.0 < end)
            .any(|&(s, e, p)| {
                let Some(d) = self.list.get(p) else {
                    return false;
                };
                let starts_word = s == start || !alnum(s - 1);
                let ends_word = e >= end || !alnum(e);
                d.story == story && e <= end && starts_word && (ends_word || !d.whole_word)
            })
    }
}

/// Dictionaries and patterns, loaded once and shared by all threads.
#[derive(Debug)]
pub struct Coder {
    resolver: Resolver,
    verbs: Verbs,
    discards: Discards,
    options: Options,
}

/// tamga's own verb and noun patterns, in PETRARCH's verb-file syntax.
const OWN_PATTERNS: &str = include_str!("../../../data/patterns/tamga.verbs.txt");

impl Coder {
    /// The shipped dictionaries and patterns, with `dicts` (PETRARCH files of any kind, or
    /// tamga TOML actor files; directories are read whole) taking precedence.
    pub fn standard(dicts: &[PathBuf]) -> Result<Coder> {
        Coder::with_options(dicts, Options::default())
    }

    pub fn with_options(dicts: &[PathBuf], options: Options) -> Result<Coder> {
        let mut layers: Vec<Layer> = Vec::new();
        let mut verbs = Verbs::default();
        let mut discards = Vec::new();
        let mut rank = 0;
        for path in expand(dicts)? {
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            {
                layers.push(load_layer(&path)?);
                continue;
            }
            match petrarch::load_any(&path)? {
                Loaded::Verbs(p) => {
                    verbs.add(&p.value, rank);
                    rank += 1;
                }
                Loaded::Discards(p) => discards.extend(p.value.discards.iter().map(discard)),
                // Issue codes would become contexts; not used yet.
                Loaded::Issues(_) => {}
                other => {
                    if let Some(d) = other.into_dictionary() {
                        layers.push(Layer::inferred(d));
                    }
                }
            }
        }
        let resolver = if options.builtin {
            let own = petrarch::parse(
                Kind::Verbs,
                OWN_PATTERNS,
                Path::new("data/patterns/tamga.verbs.txt"),
            )?;
            if let Loaded::Verbs(p) = own {
                verbs.add(&p.value, 100);
            }
            if let Loaded::Verbs(p) = petrarch::load_bundled("CAMEO.2.0.txt")? {
                verbs.add(&p.value, 200);
            }
            if let Loaded::Discards(p) = petrarch::load_bundled("Phoenix.discards.txt")? {
                // Phoenix drops every sentence naming a year from 1914 to 2013 or "years
                // ago", to keep history out of a daily feed. tamga dates each event by the
                // text instead, so a sentence about 2012 is an event of 2012, not noise.
                discards.extend(
                    p.value
                        .discards
                        .iter()
                        .filter(|d| d.story || !is_history_marker(&d.phrase))
                        .map(discard),
                );
            }
            Resolver::standard(layers)?
        } else {
            Resolver::from_layers(layers)
        };
        Ok(Coder {
            resolver: resolver.with_locatives(true),
            verbs,
            discards: Discards::new(discards),
            options,
        })
    }

    /// Annotates, resolves and codes one document.
    pub fn code_text(&self, doc: &DocRef, text: &str) -> Coded {
        // Clauses are decided where an event is found (see `code_sentence`).
        let ann = tamga_text::annotate_without_modality(text, doc.published);
        let date = doc.published.and_then(|p| {
            chrono::NaiveDate::from_ymd_opt(
                p.year,
                u32::from(p.month.unwrap_or(7)),
                u32::from(p.day.unwrap_or(if p.month.is_some() { 15 } else { 1 })),
            )
        });
        let actors = self.resolver.resolve(text, &ann, date);
        let mut coded = self.code_resolved(doc, text, &ann, actors);
        coded.quotes = ann.quotes;
        coded
    }

    /// Codes a document already annotated and resolved. The status of an event comes from
    /// its sentence's clauses, decided here from the tokens: `ann.modality` is not read, so
    /// it may be left empty ([`tamga_text::annotate_without_modality`]).
    pub fn code_annotated(
        &self,
        doc: &DocRef,
        text: &str,
        ann: &Annotations,
        actors: &[ActorMention],
    ) -> Coded {
        self.code_resolved(doc, text, ann, actors.to_vec())
    }

    /// [`Coder::code_annotated`] with mentions of its own: composing them rewrites them in
    /// place instead of copying every one.
    fn code_resolved(
        &self,
        doc: &DocRef,
        text: &str,
        ann: &Annotations,
        actors: Vec<ActorMention>,
    ) -> Coded {
        let mut coded = Coded {
            sentences: ann.sentences.len(),
            ..Coded::default()
        };
        let discard_hits = self.discards.scan(text);
        if discard_hits.hit(0, text.len(), true) {
            coded.discarded = true;
            return coded;
        }
        let composed = compose::compose(text, &ann.tokens, actors);
        let actors = &composed[..];
        let ctx = attach::DocCtx {
            text,
            ann,
            actors,
            places: std::cell::OnceCell::new(),
            codes: actors.iter().map(|a| a.code.as_str()).collect(),
            published: doc.published,
            ontology: Ontology::builtin(),
        };
        // What a sentence is read into, reused by the next.
        let mut bufs = SentenceBufs::default();
        let tokens = &ann.tokens;
        let mut lo = 0;
        while lo < tokens.len() {
            let s = tokens[lo].sentence;
            let mut hi = lo;
            while tokens.get(hi).is_some_and(|t| t.sentence == s) {
                hi += 1;
            }
            let span = ann.sentences.get(s).copied();
            if let Some(span) = span {
                let toks = &tokens[lo..hi];
                bufs.mentions.read(toks, actors, span.start, span.end);
                // A sentence without actors codes nothing; its triggers matter only to an
                // event of the two sentences before, which an agentless passive can
                // elaborate. Such a sentence stops here, before the costlier checks.
                let idle = bufs.mentions.is_empty()
                    && !coded
                        .events
                        .iter()
                        .rev()
                        .take_while(|e| e.sentence.index + 2 >= s)
                        .any(|e| e.sentence.index < s);
                if !idle && !discard_hits.hit(span.start, span.end, false) {
                    let sentence = attach::SentenceAt {
                        index: s,
                        start: span.start,
                        end: span.end,
                    };
                    self.code_sentence(doc, &ctx, toks, sentence, &mut bufs, &mut coded);
                }
            }
            lo = hi.max(lo + 1);
        }
        coded
    }

    fn code_sentence<'d>(
        &self,
        doc: &DocRef,
        ctx: &attach::DocCtx<'d>,
        toks: &'d [Token],
        sentence: attach::SentenceAt,
        bufs: &mut SentenceBufs<'d>,
        coded: &mut Coded,
    ) {
        let actors = ctx.actors;
        let SentenceBufs {
            words,
            ids,
            mentions,
            present,
        } = bufs;
        words.clear();
        words.extend(toks.iter().map(|t| t.norm.as_str()));
        let words = &words[..];
        ids.clear();
        ids.extend(words.iter().map(|w| self.verbs.word_id(w)));
        let ids = &ids[..];
        // The sentence's literals, read at its first trigger with mentions.
        let mut present_read = false;
        // The sentence's clauses and their modality, decided at its first event.
        let mut clauses: Option<Vec<tamga_text::Modality>> = None;
        let mut done: Vec<(&str, Option<&str>, usize, tamga_text::Status)> = Vec::new();
        for trig in self.triggers(words, ids) {
            // Verb dictionaries were written for a parser that hands them verbs only:
            // "the trade", "State Department", "links with" are not acts. Blocks named
            // `..._NOUN` list noun triggers on purpose ("visit", "talks").
            if !trig.noun && !verb_like(ctx.text, toks, trig.lo + trig.head) {
                continue;
            }
            // "Twenty officers … will be sent in groups of five" after "the proposal to send
            // Kazakh officers to UN missions": an agentless passive of the verb just coded
            // tells more about that act, not of a new one.
            if elaborates(toks, words, &trig, sentence.index, &mut coded.events, ctx) {
                continue;
            }
            // Sources and targets are this sentence's mentions: without one, no pattern
            // can give an event, so none is matched.
            if mentions.is_empty() {
                continue;
            }
            let passive = roles::is_passive(toks, trig.lo + trig.head);
            if !present_read {
                present.read(&self.verbs.literals, words, ids);
                present_read = true;
            }
            let view = View {
                words,
                actor_at: &mentions.actor_at,
                present,
            };
            let Some(m) = self.best_match(&trig, &view, passive) else {
                continue;
            };
            let r = roles::assign(
                mentions, &ctx.codes, words, &trig, &m.bound, passive, m.compound,
            );
            let trigger_span = (toks[trig.lo].start, toks[trig.hi - 1].end);
            let mut pairs: Vec<(usize, Option<usize>, &str)> = Vec::new();
            for &s in &r.sources {
                if r.targets.is_empty() {
                    if let Some(f) = m.code.forward.as_deref() {
                        pairs.push((s, None, f));
                    }
                }
                for &t in &r.targets {
                    if actors[s].code == actors[t].code {
                        continue;
                    }
                    if let Some(f) = m.code.forward.as_deref() {
                        pairs.push((s, Some(t), f));
                    }
                    if let Some(rv) = m.code.reverse.as_deref() {
                        if !passive && !r.compound {
                            pairs.push((t, Some(s), rv));
                        }
                    }
                }
            }
            for (s, t, code) in pairs {
                if t.is_none() && self.options.require_dyad {
                    continue;
                }
                let clauses = clauses.get_or_insert_with(|| {
                    let mut v = Vec::new();
                    let span = tamga_text::Sentence {
                        start: sentence.start,
                        end: sentence.end,
                    };
                    tamga_text::modality::sentence_clauses(ctx.text, &span, toks, &mut v);
                    v
                });
                let Some(head) = attach::head(ctx, clauses, code, trigger_span) else {
                    continue;
                };
                // One event per source–target pair and sentence: the first act coded for
                // the pair is the sentence's main one; a later trigger with the same pair
                // and the same status is its complement ("condemned an attack by"). One
                // with another status is an act of its own ("rejected the bill to send
                // troops": the rejection occurred, the sending did not). Both directions
                // of one trigger ("met": A→B, B→A) are kept. This is decided before the
                // event is built, as whether an event of the same id was made already.
                let a = actors[s].code.as_str();
                let b = t.map(|t| actors[t].code.as_str());
                let seen = done.iter().any(|&(x, y, at, st)| {
                    let same_pair = (x == a && y == b) || (Some(x) == b && y == Some(a));
                    same_pair && (at == trig.lo && x == a || at != trig.lo && st == head.status)
                });
                if seen {
                    continue;
                }
                done.push((a, b, trig.lo, head.status));
                let target = t.map(|t| &actors[t]);
                let id = attach::event_id(
                    doc.id,
                    sentence.index,
                    trigger_span.0,
                    head.code,
                    &actors[s],
                    target,
                );
                if coded.events.iter().any(|x| x.id == id) {
                    continue;
                }
                let explanation = Explanation {
                    trigger: evidence(ctx.text, trigger_span.0, trigger_span.1),
                    pattern: m.origin.to_string(),
                    rule: m.rule(),
                    source: Some(evidence(ctx.text, actors[s].start, actors[s].end)),
                    target: target.map(|t| evidence(ctx.text, t.start, t.end)),
                    cue: None,
                    time: None,
                    passive,
                };
                coded.events.push(attach::event(
                    doc,
                    ctx,
                    sentence,
                    head,
                    id,
                    &actors[s],
                    target,
                    explanation,
                    trigger_span,
                ));
            }
        }
    }

    /// Every dictionary form found in the sentence, one per position: the longest form,
    /// from the highest-ranked dictionary that has a form there.
    fn triggers(&self, words: &[&str], ids: &[Option<u32>]) -> Vec<Trigger> {
        let mut out: Vec<Trigger> = Vec::new();
        // The forms found at one word, as (first word, end, form): one buffer for the
        // sentence rather than a trigger (and its vector of forms) per form tried.
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let Some(id) = *id else {
                continue;
            };
            let cands = self.verbs.headed_by(id);
            if cands.is_empty() {
                continue;
            }
            found.clear();
            for &f in cands {
                let form = &self.verbs.forms[f];
                let Some(lo) = i.checked_sub(form.head) else {
                    continue;
                };
                let hi = lo + form.words.len();
                if hi > words.len() || !form.words.iter().zip(&words[lo..hi]).all(|(a, b)| a == b) {
                    continue;
                }
                found.push((lo, hi, f));
            }
            let rank = |f: usize| self.verbs.blocks[self.verbs.forms[f].block].rank;
            let Some(best_rank) = found.iter().map(|&(_, _, f)| rank(f)).min() else {
                continue;
            };
            let best = || found.iter().filter(|&&(_, _, f)| rank(f) == best_rank);
            let longest = best().map(|&(lo, hi, _)| hi - lo).max().unwrap_or(1);
            // The first of the best-ranked longest forms, with every other such form that
            // starts where it does.
            let mut merged: Option<Trigger> = None;
            for &(lo, hi, f) in best().filter(|&&(lo, hi, _)| hi - lo == longest) {
                match &mut merged {
                    Some(m) if m.lo == lo => m.forms.push(f),
                    Some(_) => {}
                    None => {
                        let form = &self.verbs.forms[f];
                        merged = Some(Trigger {
                            lo,
                            hi,
                            head: form.head,
                            noun: self.verbs.blocks[form.block].meaning.ends_with("_NOUN"),
                            forms: vec![f],
                        });
                    }
                }
            }
            if let Some(t) = merged {
                // A longer trigger already covering this word ("cordon off") wins.
                if !out.iter().any(|o| o.lo <= t.lo && t.hi <= o.hi) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// The most specific pattern of the trigger's blocks that matches, or the verb's own
    /// code when none does.
    fn best_match<'v>(&'v self, trig: &Trigger, view: &View, passive: bool) -> Option<Match<'v>> {
        // (weight, block, pattern, bound): the record is built once, for the winner.
        let mut best: Option<(usize, usize, &verbs::Pattern, verbs::Bound)> = None;
        for &f in &trig.forms {
            let form = &self.verbs.forms[f];
            let block = &self.verbs.blocks[form.block];
            for (g, p) in block.gates.iter().zip(&block.patterns) {
                // Patterns come heaviest first: none after this one can win either.
                if best.as_ref().is_some_and(|(w, ..)| *w >= g.weight) {
                    break;
                }
                // A word the pattern names is nowhere in the sentence: it cannot match.
                if !view.present.admits(g, p) {
                    continue;
                }
                // In the passive the object stands before the verb: "the suspects were
                // handed over" is `* SUSPECTS`.
                let found = p.matches(view, trig.lo, trig.hi).or_else(|| {
                    passive
                        .then(|| p.matches_passive(view, trig.lo, trig.hi))
                        .flatten()
                });
                if let Some(bound) = found {
                    best = Some((p.weight, form.block, p, bound));
                }
            }
        }
        if let Some((_, block, p, bound)) = best {
            let has_code = p.code.forward.is_some() || p.code.reverse.is_some();
            return has_code.then(|| Match {
                code: &p.code,
                compound: bound.compound.is_some(),
                bound,
                origin: &p.origin,
                rule: Rule::Pattern(p),
                meaning: &self.verbs.blocks[block].meaning,
            });
        }
        let form = &self.verbs.forms[*trig.forms.first()?];
        let code = &form.code;
        (code.forward.is_some() || code.reverse.is_some()).then(|| Match {
            code,
            bound: verbs::Bound {
                start: trig.lo,
                end: trig.hi,
                ..verbs::Bound::default()
            },
            origin: &form.origin,
            rule: Rule::Form(form),
            meaning: &self.verbs.blocks[form.block].meaning,
            compound: false,
        })
    }
}

/// What a sentence is read into; a document's sentences reuse them in turn.
#[derive(Default)]
struct SentenceBufs<'d> {
    /// The lower-case words of the sentence.
    words: Vec<&'d str>,
    /// The id of each word in the verb dictionaries ([`verbs::Verbs::word_id`]).
    ids: Vec<Option<u32>>,
    mentions: roles::Mentions,
    present: verbs::Present,
}

/// A dictionary form found at words `lo..hi`; `forms` are the candidate entries.
#[derive(Debug, Clone)]
pub(crate) struct Trigger {
    pub lo: usize,
    pub hi: usize,
    /// Offset of the head word from `lo`.
    pub head: usize,
    /// From a noun block: may stand where a noun stands.
    pub noun: bool,
    pub forms: Vec<usize>,
}

struct Match<'v> {
    code: &'v tamga_actors::petrarch::CodePair,
    bound: verbs::Bound,
    origin: &'v str,
    rule: Rule<'v>,
    /// The meaning of the block the rule is from.
    meaning: &'v str,
    compound: bool,
}

/// What matched: a pattern, or a verb form whose block has no pattern that matched.
enum Rule<'v> {
    Pattern(&'v verbs::Pattern),
    Form(&'v verbs::Form),
}

impl Match<'_> {
    /// The rule as an explanation gives it: written out only for the events made, not for
    /// every match.
    fn rule(&self) -> String {
        match self.rule {
            Rule::Pattern(p) => format!("{} ({})", p.text, self.meaning),
            Rule::Form(f) => format!("{} ({})", f.words.join(" "), self.meaning),
        }
    }
}

fn evidence(text: &str, start: usize, end: usize) -> Evidence {
    Evidence {
        start,
        end,
        text: text.get(start..end).unwrap_or("").to_string(),
    }
}

/// A bare year ("1998") or an "… ago" phrase.
fn is_history_marker(phrase: &str) -> bool {
    (phrase.len() == 4 && phrase.bytes().all(|b| b.is_ascii_digit())) || phrase.ends_with(" AGO")
}

fn discard(d: &petrarch::Discard) -> Discard {
    Discard {
        phrase: d.phrase.to_lowercase(),
        story: d.story,
        whole_word: d.whole_word,
    }
}

/// Files named directly, and the files of named directories (sorted).
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|source| crate::Error::Io {
                file: p.clone(),
                source,
            })?;
            let mut files: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file())
                .filter(|f| {
                    !f.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.') || n.starts_with("LICENSE"))
                })
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// If the trigger is an agentless passive whose verb coded an event in one of the two
/// sentences before, adds this sentence's quantities to that event and says so.
fn elaborates(
    toks: &[Token],
    words: &[&str],
    trig: &Trigger,
    sentence: usize,
    events: &mut [Event],
    ctx: &attach::DocCtx,
) -> bool {
    let head = trig.lo + trig.head;
    if !roles::is_passive(toks, head) || words[trig.hi..].contains(&"by") {
        return false;
    }
    let Some(lemma) = toks.get(head).map(|t| t.lemma.as_str()) else {
        return false;
    };
    let Some(e) = events.iter_mut().rev().find(|e| {
        e.sentence.index < sentence
            && e.sentence.index + 2 >= sentence
            && tamga_text::token::lemmatize(&e.explanation.trigger.text.to_lowercase()) == lemma
    }) else {
        return false;
    };
    let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
        return false;
    };
    let more = attach::quantities_in(ctx.ann, first.start, last.end);
    if e.quantities.is_empty() {
        e.quantities = more;
    }
    true
}

/// Whether the word at `i` reads as a verb rather than a noun or a name: not capitalized
/// inside the sentence ("the State Department"), not after a determiner, possessive or
/// preposition ("the trade", "its links", "in support"), not a head followed by "of"
/// ("deployment of").
fn verb_like(text: &str, toks: &[Token], i: usize) -> bool {
    let Some(t) = toks.get(i) else {
        return false;
    };
    let first = text
        .get(t.start..t.end)
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    if first && i > 0 {
        return false;
    }
    let prev = i
        .checked_sub(1)
        .and_then(|p| toks.get(p))
        .map(|p| p.norm.as_str());
    if prev.is_some_and(|p| {
        matches!(
            p,
            "the"
                | "a"
                | "an"
                | "its"
                | "their"
                | "his"
                | "her"
                | "our"
                | "my"
                | "your"
                | "this"
                | "these"
                | "those"
                | "'s"
                | "of"
                | "in"
                | "for"
                | "with"
                | "on"
                | "at"
                | "by"
                | "from"
                | "into"
                | "such"
                | "any"
                | "no"
                | "every"
                | "each"
        )
    }) {
        return false;
    }
    let inflected = tamga_text::token::is_past_participle(t)
        || tamga_text::token::is_gerund(t)
        || tamga_text::token::is_past_tense(t);
    let next = toks.get(i + 1).map(|n| n.norm.as_str());
    next != Some("of") || inflected
}

#[cfg(test)]
mod tests {
    use super::*;

    fn discards() -> Discards {
        let d = |phrase: &str, story: bool, whole_word: bool| Discard {
            phrase: phrase.to_owned(),
            story,
            whole_word,
        };
        Discards::new(vec![
            d("world cup", true, true),
            d("footbal", false, false),
            d("goal", false, true),
        ])
    }

    /// The scan's own loop over the DFA finds what aho-corasick's overlapping search does.
    #[test]
    fn discard_scan_finds_every_overlapping_match() {
        let phrases = [
            "champion",
            "champions",
            "championship",
            "ion",
            "league",
            "a",
        ];
        let text = "The CHAMPIONS League championship: a Champion's ionic lead. Champions";
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(phrases)
            .expect("phrases build");
        let mut expected: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        expected.sort_unstable();
        let ds = Discards::new(
            phrases
                .iter()
                .map(|p| Discard {
                    phrase: (*p).to_owned(),
                    story: false,
                    whole_word: false,
                })
                .collect(),
        );
        assert_eq!(ds.scan(text).hits, expected);
    }

    /// A phrase counts where it starts a word of the stretch checked, and ends one unless it
    /// is a stem; story phrases count for the story check only, sentence ones for sentences.
    #[test]
    fn discard_phrases_count_as_words_of_the_stretch_checked() {
        let ds = discards();
        let text = "Goals were scored. The World Cup opens. Footballers met. Megagoal";
        let hits = ds.scan(text);
        let sentence = |s: &str| {
            let start = text.find(s).expect("in text");
            hits.hit(start, start + s.len(), false)
        };
        assert!(hits.hit(0, text.len(), true), "story phrase");
        assert!(!sentence("Goals were scored."), "whole word needed: goals");
        assert!(
            !sentence("The World Cup opens."),
            "a story phrase is not a sentence one"
        );
        assert!(sentence("Footballers met."), "a stem");
        // "goal" in "Megagoal" starts a word of a stretch that starts there, as a sentence
        // split inside a word would give, though not a word of the text.
        assert!(sentence("goal"));
        assert!(!sentence("Megagoal"));
        assert!(
            !hits.hit(0, 17, true),
            "no story phrase in the first sentence"
        );
        assert!(!Discards::new(Vec::new())
            .scan(text)
            .hit(0, text.len(), true));
    }
}
