//! The phrase index: every dictionary phrase as a path of interned words in a token trie
//! (the root's edges read with the word's id, the others in one hash map keyed by node and
//! word, behind a filter), so a sentence is scanned with one hash lookup per token and per
//! trie step past the first, whatever the number of phrases.

use super::{role_of, Layer, PERSON_HEADS};
use crate::dict::RoleSpan;
use crate::own::EntryKind;
use chrono::NaiveDate;
use std::collections::HashSet;
use tamga_text::Token;

use crate::fxhash::{FxMap, HashFilter, WordIds};

const NONE: u32 = u32::MAX;

/// What a trie node ends: an actor entry, an agent phrase, or both (`NONE` when not).
#[derive(Debug, Clone, Copy)]
struct Node {
    actor: u32,
    agent: u32,
}

#[derive(Debug)]
struct ActorRec {
    name: Option<String>,
    roles: Vec<RoleSpan>,
    kind: EntryKind,
    /// Position of the source in the layer stack (0 = highest priority).
    layer: u16,
}

#[derive(Debug)]
struct AgentRec {
    code: String,
    /// The phrase as matched, lower-case ("foreign minister"): the role of a titled agent.
    phrase: String,
    person: bool,
    layer: u16,
}

/// A dictionary match starting at some token and ending (exclusive) at token `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    Actor { entry: u32, end: usize },
    Agent { agent: u32, end: usize },
}

#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Every phrase word, with the root's edge for it attached (`NONE`: no phrase starts with
    /// the word): every token takes this first step, so it comes with the word's id.
    vocab: WordIds,
    edges: FxMap<u64, u32>,
    /// The edges' hashes ([`edge_hash`]). Nine steps past a phrase's first word in ten find
    /// no edge, and `edges` (75,000 of them, 1.8 MB) is mostly out of cache.
    edge_filter: HashFilter,
    nodes: Vec<Node>,
    actors: Vec<ActorRec>,
    agents: Vec<AgentRec>,
    countries: HashSet<String>,
    phrases: usize,
}

/// What [`Index::scan`] needs for a sentence, kept across the sentences of a document so
/// that each scan reuses the buffers of the last.
#[derive(Debug, Default)]
pub(crate) struct ScanBuffers {
    /// Each token's word id and the root's edge for it.
    ids: Vec<(u32, u32)>,
    actor_at: Vec<Option<(u32, usize)>>,
    actor_all: Vec<(u32, usize)>,
    all_from: Vec<usize>,
    agent_at: Vec<Option<(u32, usize)>>,
    matches: Vec<Option<Match>>,
}

/// The words of a dictionary phrase as the tokenizer would normalize them: lower case,
/// `_` and blanks separate words, a possessive `'s` is its own word, a final full stop goes.
pub(crate) fn phrase_key(phrase: &str) -> Vec<String> {
    let mut key = KeyBuf::default();
    key.fill(phrase);
    key.words().map(str::to_string).collect()
}

/// Marks a dictionary word may carry that the tokenizer leaves out of it.
const STRAY: [char; 4] = [',', '"', '(', ')'];

/// [`phrase_key`] written into one reused buffer, the words as spans of it: the index reads
/// some 66,000 phrases at load, and a string or two per word was most of that work.
#[derive(Debug, Default)]
pub(crate) struct KeyBuf {
    text: String,
    words: Vec<(usize, usize)>,
}

impl KeyBuf {
    pub(crate) fn fill(&mut self, phrase: &str) {
        self.text.clear();
        self.words.clear();
        for w in phrase.split(|c: char| c == '_' || c.is_whitespace()) {
            let start = self.text.len();
            if w.is_ascii() {
                // `normalize` of ASCII is its lower case.
                self.text.push_str(w);
                if let Some(t) = self.text.get_mut(start..) {
                    t.make_ascii_lowercase();
                }
            } else {
                self.text.push_str(&tamga_text::token::normalize(w));
            }
            let norm = self.text.get(start..).unwrap_or("");
            let trimmed = norm.trim_start_matches(STRAY);
            let lo = start + (norm.len() - trimmed.len());
            let trimmed = trimmed.trim_end_matches(STRAY);
            let hi = lo + trimmed.len();
            if trimmed.is_empty() {
                self.text.truncate(start);
                continue;
            }
            if let Some(stem) = trimmed.strip_suffix("'s").filter(|s| !s.is_empty()) {
                self.words.push((lo, lo + word_key(stem).len()));
                self.words.push((hi - 2, hi));
            } else {
                self.words.push((lo, lo + word_key(trimmed).len()));
            }
        }
    }

    pub(crate) fn words(&self) -> impl Iterator<Item = &str> + '_ {
        self.words
            .iter()
            .map(|&(a, b)| self.text.get(a..b).unwrap_or(""))
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The hash of a trie edge (node and word) for [`Index::edge_filter`]: the two halves of a
/// 128-bit product folded, so that its high and low bits both depend on every bit of both.
fn edge_hash(edge: u64) -> u64 {
    let p = u128::from(edge ^ 0xa076_1d64_78bd_642f) * 0xe703_7ed1_a0b4_28db;
    (p as u64) ^ ((p >> 64) as u64)
}

/// A word's index form: a trailing full stop dropped ("U.S." and "U.S" alike).
fn word_key(w: &str) -> &str {
    match w.strip_suffix('.') {
        Some(s) if !s.is_empty() => s,
        _ => w,
    }
}

fn is_country_code(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

/// An entry's kind when its source does not say: bare alpha-3 codes are countries, dated
/// roles or an `ELI` code mark a person, anything else is an organization.
fn infer_kind(roles: &[RoleSpan]) -> EntryKind {
    if !roles.is_empty() && roles.iter().all(|r| is_country_code(&r.code)) {
        EntryKind::Country
    } else if roles
        .iter()
        .any(|r| r.from.is_some() || r.to.is_some() || r.code.get(3..6) == Some("ELI"))
    {
        EntryKind::Person
    } else {
        EntryKind::Organization
    }
}

impl Index {
    pub(crate) fn build(layers: Vec<Layer>) -> Index {
        let mut ix = Index {
            nodes: vec![Node {
                actor: NONE,
                agent: NONE,
            }],
            ..Index::default()
        };
        let mut key = KeyBuf::default();
        for (li, layer) in layers.into_iter().enumerate() {
            let layer_no = u16::try_from(li).unwrap_or(u16::MAX);
            let Layer { dictionary, kinds } = layer;
            for (i, a) in dictionary.actors.into_iter().enumerate() {
                let kind = kinds
                    .get(i)
                    .copied()
                    .unwrap_or_else(|| infer_kind(&a.roles));
                let id = u32::try_from(ix.actors.len()).unwrap_or(NONE);
                if kind == EntryKind::Country {
                    for r in &a.roles {
                        if is_country_code(&r.code) {
                            ix.countries.insert(r.code.clone());
                        }
                    }
                }
                for ph in a.phrases.iter().chain(a.name.iter()) {
                    key.fill(ph);
                    let node = ix.insert(key.words());
                    if let Some(n) = ix.nodes.get_mut(node) {
                        if n.actor == NONE {
                            n.actor = id;
                        }
                    }
                }
                let plural_of: Vec<Vec<String>> = if kind == EntryKind::Adjective {
                    a.phrases
                        .iter()
                        .map(|ph| {
                            let mut k = phrase_key(ph);
                            if let Some(last) = k.last_mut() {
                                if !last.ends_with('s') {
                                    last.push('s');
                                }
                            }
                            k
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let country = a.roles.first().map(|r| r.code.clone());
                // A capital listed under its country carries the country's name ("Moscow" →
                // "Russia"): a seat's name is shown only when it names the seat itself.
                let name = match kind {
                    EntryKind::Seat => a.name.filter(|n| {
                        let n = phrase_key(n);
                        a.phrases.iter().any(|p| phrase_key(p) == n)
                    }),
                    _ => a.name,
                };
                ix.actors.push(ActorRec {
                    name,
                    roles: a.roles,
                    kind,
                    layer: layer_no,
                });
                // "Kazakhs", "ordinary Uzbeks": a demonym's plural names the country's people.
                if let Some(country) = country.filter(|_| !plural_of.is_empty()) {
                    let pid = u32::try_from(ix.actors.len()).unwrap_or(NONE);
                    let mut used = false;
                    for k in &plural_of {
                        let node = ix.insert(k.iter().map(String::as_str));
                        if let Some(n) = ix.nodes.get_mut(node) {
                            if n.actor == NONE {
                                n.actor = pid;
                                used = true;
                            }
                        }
                    }
                    if used {
                        ix.actors.push(ActorRec {
                            name: None,
                            roles: vec![RoleSpan {
                                code: format!("{country}CVL"),
                                from: None,
                                to: None,
                                role: None,
                            }],
                            kind: EntryKind::Organization,
                            layer: layer_no,
                        });
                    }
                }
            }
            for ag in dictionary.agents {
                for ph in &ag.phrases {
                    key.fill(ph);
                    if key.is_empty() {
                        continue;
                    }
                    let node = ix.insert(key.words());
                    let id = u32::try_from(ix.agents.len()).unwrap_or(NONE);
                    let Some(n) = ix.nodes.get_mut(node) else {
                        continue;
                    };
                    if n.agent != NONE {
                        continue;
                    }
                    n.agent = id;
                    let person = key
                        .words()
                        .last()
                        .is_some_and(|w| PERSON_HEADS.contains(&w));
                    ix.agents.push(AgentRec {
                        code: ag.code.clone(),
                        phrase: key.words().collect::<Vec<_>>().join(" "),
                        person,
                        layer: layer_no,
                    });
                }
            }
        }
        let mut roots = vec![NONE; ix.vocab.len()];
        // Eight or more bits per edge: about one edge that does not exist in twenty passes.
        ix.edge_filter = HashFilter::new(ix.edges.len() / 8);
        for (&edge, &node) in &ix.edges {
            ix.edge_filter.insert(edge_hash(edge));
            if edge >> 32 == 0 {
                if let Some(r) = roots.get_mut((edge & u64::from(u32::MAX)) as usize) {
                    *r = node;
                }
            }
        }
        ix.vocab
            .attach(|w| roots.get(w as usize).copied().unwrap_or(NONE));
        ix
    }

    /// Adds a word path, returning its final node (the root for an empty key).
    fn insert<'k>(&mut self, key: impl Iterator<Item = &'k str>) -> usize {
        let mut node = 0u32;
        for w in key {
            let word = self.vocab.id(w);
            let edge = (u64::from(node) << 32) | u64::from(word);
            let next_node = u32::try_from(self.nodes.len()).unwrap_or(NONE);
            node = *self.edges.entry(edge).or_insert(next_node);
            if node == next_node {
                self.nodes.push(Node {
                    actor: NONE,
                    agent: NONE,
                });
                self.phrases += 1;
            }
        }
        node as usize
    }

    pub(crate) fn phrase_count(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| n.actor != NONE || n.agent != NONE)
            .count()
    }

    /// The longest match starting at each token of `tokens[lo..hi]` (index `p - lo`).
    /// Actors must look like names (capitalized; short ones all in capitals); a match from a
    /// lower-priority source gives way when a higher-priority actor starts inside it.
    pub(crate) fn scan<'b>(
        &self,
        text: &str,
        tokens: &[Token],
        lo: usize,
        hi: usize,
        buf: &'b mut ScanBuffers,
    ) -> &'b [Option<Match>] {
        let ScanBuffers {
            ids,
            actor_at,
            actor_all,
            all_from,
            agent_at,
            matches,
        } = buf;
        ids.clear();
        ids.extend((lo..hi).map(|p| {
            tokens
                .get(p)
                .and_then(|t| self.vocab.get_with_value(word_key(&t.norm)))
                .unwrap_or((NONE, NONE))
        }));
        let surface = |p: usize| {
            tokens
                .get(p)
                .and_then(|t| text.get(t.start..t.end))
                .unwrap_or("")
        };
        let capitalized = |p: usize| surface(p).chars().next().is_some_and(char::is_uppercase);
        let actor_ok = |p: usize, q: usize| {
            let first = tokens.get(p).map_or("", |t| t.norm.as_str());
            if first == "the" {
                return q >= p + 2 && capitalized(p + 1);
            }
            if !capitalized(p) {
                return false;
            }
            // "US", "IS", "WHO": short one-word phrases only in capitals.
            let s = surface(p);
            q > p + 1
                || s.chars().filter(|c| c.is_alphabetic()).count() > 3
                || !s.chars().any(char::is_lowercase)
        };
        let n = hi.saturating_sub(lo);
        actor_at.clear();
        actor_at.resize(n, None);
        // Every actor phrase ending along the walk from each position, longest last, so that
        // an outranked long match can give way to a shorter one. One flat buffer per
        // sentence: position `p`'s phrases are `actor_all[all_from[p - lo]..all_from[p - lo + 1]]`.
        actor_all.clear();
        all_from.clear();
        agent_at.clear();
        agent_at.resize(n, None);
        for p in lo..hi {
            all_from.push(actor_all.len());
            // The walk is at `node` having read `p..q` (`NONE`: no phrase goes on).
            let mut node = ids.get(p - lo).map_or(NONE, |&(_, root)| root);
            let mut q = p + 1;
            while let Some(n) = self.nodes.get(node as usize) {
                if n.actor != NONE && actor_ok(p, q) {
                    actor_at[p - lo] = Some((n.actor, q));
                    actor_all.push((n.actor, q));
                }
                if n.agent != NONE {
                    agent_at[p - lo] = Some((n.agent, q));
                }
                let Some(&(w, _)) = ids.get(q - lo).filter(|&&(w, _)| w != NONE) else {
                    break;
                };
                let edge = (u64::from(node) << 32) | u64::from(w);
                if !self.edge_filter.may_hold(edge_hash(edge)) {
                    break;
                }
                node = self.edges.get(&edge).copied().unwrap_or(NONE);
                q += 1;
            }
        }
        all_from.push(actor_all.len());
        let layer = |e: u32| self.actors.get(e as usize).map_or(u16::MAX, |a| a.layer);
        matches.clear();
        matches.extend((lo..hi).map(|p| {
            let outranked = |e: u32, end: usize| {
                (p + 1..end).any(|k| {
                    actor_at
                        .get(k - lo)
                        .copied()
                        .flatten()
                        .is_some_and(|(e2, _)| layer(e2) < layer(e))
                })
            };
            let all = all_from
                .get(p - lo)
                .zip(all_from.get(p - lo + 1))
                .and_then(|(&a, &b)| actor_all.get(a..b));
            let actor = all.and_then(|all| {
                all.iter()
                    .rev()
                    .copied()
                    .find(|&(e, end)| !outranked(e, end))
            });
            let agent = agent_at.get(p - lo).copied().flatten();
            let agent_layer = |g: u32| self.agents.get(g as usize).map_or(u16::MAX, |a| a.layer);
            match (actor, agent) {
                // A longer agent ("Senate committee") or the same words as an agent of a
                // higher-priority source ("Senate": tamga's LEG agent over PETRARCH's US
                // Senate) read as the agent.
                (Some((e, a_end)), Some((g, g_end)))
                    if g_end > a_end || (g_end == a_end && agent_layer(g) < layer(e)) =>
                {
                    Some(Match::Agent {
                        agent: g,
                        end: g_end,
                    })
                }
                (Some((e, end)), _) => Some(Match::Actor { entry: e, end }),
                (None, Some((g, end))) => Some(Match::Agent { agent: g, end }),
                (None, None) => None,
            }
        }));
        matches
    }

    pub(crate) fn kind(&self, entry: u32) -> EntryKind {
        self.actors
            .get(entry as usize)
            .map_or(EntryKind::Organization, |a| a.kind)
    }

    pub(crate) fn name(&self, entry: u32) -> Option<String> {
        let a = self.actors.get(entry as usize)?;
        match a.kind {
            EntryKind::Person | EntryKind::Organization | EntryKind::Seat => a.name.clone(),
            _ => None,
        }
    }

    /// The code and role `entry` holds on `date`: the role covering it, else the undated
    /// default, else (outside every dated span) the role that started last.
    pub(crate) fn code_on(
        &self,
        entry: u32,
        date: Option<NaiveDate>,
    ) -> Option<(String, Option<String>)> {
        let roles = &self.actors.get(entry as usize)?.roles;
        let latest = || roles.iter().max_by_key(|r| r.from);
        let span = match date {
            Some(d) => roles
                .iter()
                .find(|r| r.from.is_none_or(|f| f <= d) && r.to.is_none_or(|t| d <= t))
                .or_else(|| roles.iter().find(|r| r.from.is_none() && r.to.is_none()))
                .or_else(latest),
            None => latest(),
        }?;
        Some(role_of(span))
    }

    /// [`Index::code_on`], except that with no date at all a title written before the name
    /// ("President Nazarbayev") picks the latest role it names.
    pub(crate) fn code_titled(
        &self,
        entry: u32,
        date: Option<NaiveDate>,
        title: &str,
    ) -> Option<(String, Option<String>)> {
        if date.is_none() && !title.is_empty() {
            let roles = &self.actors.get(entry as usize)?.roles;
            let named = roles
                .iter()
                .filter(|r| {
                    r.role
                        .as_deref()
                        .is_some_and(|x| x.to_lowercase().contains(title))
                })
                .max_by_key(|r| r.from);
            if let Some(r) = named {
                return Some(role_of(r));
            }
        }
        self.code_on(entry, date)
    }

    pub(crate) fn agent_code(&self, agent: u32) -> &str {
        self.agents
            .get(agent as usize)
            .map_or("", |a| a.code.as_str())
    }

    pub(crate) fn agent_phrase(&self, agent: u32) -> String {
        self.agents
            .get(agent as usize)
            .map_or_else(String::new, |a| a.phrase.clone())
    }

    pub(crate) fn agent_is_person(&self, agent: u32) -> bool {
        self.agents.get(agent as usize).is_some_and(|a| a.person)
    }

    /// A code's blocks: (country, sector, organization id).
    pub(crate) fn split_code(
        &self,
        code: &str,
    ) -> (Option<String>, Option<String>, Option<String>) {
        let head = code.get(..3).unwrap_or("");
        let org = crate::own::org_of_code(code).map(str::to_string);
        if matches!(head, "IGO" | "NGO" | "IMG") {
            return (None, Some(head.to_string()), org);
        }
        if self.countries.contains(head) {
            let sector = code.get(3..6).filter(|s| s.len() == 3).map(str::to_string);
            return (Some(head.to_string()), sector, org);
        }
        if code.len() == 3 {
            return (None, Some(code.to_string()), None);
        }
        (None, code.get(3..6).map(str::to_string), org)
    }
}
