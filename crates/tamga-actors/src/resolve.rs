//! Actor resolution: dictionary phrases matched as token sequences (a token trie, longest
//! match), then combined — country + agent ("Kazakh officials" → KAZGOV), possessives, titles
//! before names, "the president of X" — dated by the sentence's date, with light coreference.

mod index;
pub mod places;

use crate::coref::{self, Gender, Want};
use crate::dict::{Dictionary, RoleSpan};
use crate::error::Result;
use crate::own::{self, EntryKind};
use chrono::NaiveDate;
use index::{Index, Match, ScanBuffers};
pub use places::PlaceMention;
use serde::{Deserialize, Serialize};
use std::path::Path;
use tamga_text::{Annotations, TimePrecision, Token};

/// What a mention denotes; decides what anaphors may point to it. Not serialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MentionKind {
    /// A country by name or adjective ("Kazakhstan", "Kazakh"): code is the bare alpha-3.
    #[default]
    Country,
    /// A seat of power as a metonym ("Astana", "the Kremlin").
    Seat,
    /// An organization ("CSTO", "the KNB").
    Org,
    /// One person: a named one, or a titled agent ("the Kazakh foreign minister").
    Person,
    /// A country's body or people ("Kazakh officials", "Kazakhstan's upper house").
    Group,
    /// An agent with no country found ("protesters", "refugees"): code is the sector alone.
    Agent,
}

/// One resolved actor mention. Spans are byte offsets into the resolved text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// CAMEO-style code (`KAZGOV`, `IGOCSTO`), see docs/actors.md.
    pub code: String,
    /// ISO 3166 alpha-3, when the code starts with a country.
    pub country: Option<String>,
    /// Sector block (`GOV`, `LEG`, `IGO`…), when the code has one.
    pub sector: Option<String>,
    /// Organization id (`CSTO`, `KNB`), when the code names one.
    pub org: Option<String>,
    /// Canonical name of the person or organization.
    pub name: Option<String>,
    /// Role held on the date ("foreign minister"), or the title written ("minister").
    pub role: Option<String>,
    /// Index (in the same output) of the mention this one refers back to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coref_of: Option<usize>,
    #[serde(skip)]
    pub kind: MentionKind,
    /// A country or seat after "in", "to", "at": a place rather than an actor. Only kept
    /// by a resolver made `with_locatives` (the event coder reads "visit to Kazakhstan").
    #[serde(skip)]
    pub locative: bool,
}

/// One source of entries, with each actor's kind when the source says it (tamga's files do;
/// for PETRARCH files and bare dictionaries the kind is inferred from the codes).
#[derive(Debug, Clone, Default)]
pub struct Layer {
    pub dictionary: Dictionary,
    /// `kinds[i]` describes `dictionary.actors[i]`; empty = infer.
    pub kinds: Vec<EntryKind>,
}

impl Layer {
    pub fn inferred(dictionary: Dictionary) -> Layer {
        Layer {
            dictionary,
            kinds: Vec::new(),
        }
    }
}

impl From<own::Loaded> for Layer {
    fn from(l: own::Loaded) -> Layer {
        Layer {
            dictionary: l.dictionary,
            kinds: l.kinds,
        }
    }
}

/// Loads a user dictionary: tamga's TOML format for `.toml` files, PETRARCH's otherwise.
pub fn load_layer(path: &Path) -> Result<Layer> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        Ok(own::load(path)?.into())
    } else {
        Ok(Layer::inferred(crate::petrarch::load(path)?))
    }
}

/// Matches dictionary phrases in annotated text and resolves them to coded actors.
#[derive(Debug)]
pub struct Resolver {
    index: Index,
    keep_locatives: bool,
}

/// Words that may stand between a country and its agent ("Kazakh senior officials",
/// "Egypt's top diplomat") without breaking the combination.
const MODIFIERS: &[&str] = &[
    "senior",
    "top",
    "new",
    "chief",
    "acting",
    "local",
    "regional",
    "national",
    "federal",
    "state",
    "high-ranking",
    "leading",
    "former",
    "deputy",
    "first",
    "own",
    "current",
    "interim",
    "provincial",
    "central",
    "several",
    "two",
    "three",
    "some",
    "many",
    "other",
];

/// Head nouns of agents that name one person, so that the agent's phrase is a role and
/// "he"/"she" may refer back to the mention.
const PERSON_HEADS: &[&str] = &[
    "minister",
    "president",
    "premier",
    "speaker",
    "prosecutor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "governor",
    "chief",
    "head",
    "commander",
    "senator",
    "judge",
    "secretary",
    "chairman",
    "chairwoman",
    "director",
    "leader",
    "mayor",
    "akim",
    "hokim",
    "general",
    "diplomat",
    "king",
    "emir",
    "sultan",
    "chancellor",
    "consul",
    "deputy",
    "lawmaker",
    "congressman",
    "congresswoman",
    "official",
    "officer",
    "monarch",
    "prince",
    "vice-president",
    "counterpart",
    "colonel",
    "dictator",
    "mp",
];

/// Words before a country or seat that make it a place, not an actor ("talks in Astana").
const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "to",
    "from",
    "near",
    "into",
    "across",
    "throughout",
    "outside",
    "inside",
    "around",
    "via",
    "visit",
    "visited",
    "visiting",
    "toward",
    "towards",
];

/// A partial resolution while a sentence is walked: the matched entry and its span.
struct Pending {
    code: String,
    start_tok: usize,
    end_tok: usize,
    name: Option<String>,
    role: Option<String>,
    kind: MentionKind,
    coref_of: Option<usize>,
}

impl Resolver {
    /// A resolver over one dictionary; on phrase conflicts the earlier entry wins. Kinds
    /// (country, seat, organization, person) are inferred from the codes.
    pub fn new(dict: Dictionary) -> Resolver {
        Resolver::from_layers(vec![Layer::inferred(dict)])
    }

    /// A resolver over several sources, highest priority first: a phrase two sources claim
    /// goes to the earlier one.
    pub fn from_layers(layers: Vec<Layer>) -> Resolver {
        Resolver {
            index: Index::build(layers),
            keep_locatives: false,
        }
    }

    /// The standard stack: `user` dictionaries (`--dict`), then tamga's shipped ones, then the
    /// bundled PETRARCH actors and agents — so user and tamga entries win over PETRARCH.
    pub fn standard(user: Vec<Layer>) -> Result<Resolver> {
        let mut layers = user;
        layers.push(own::shipped()?.into());
        layers.push(Layer::inferred(crate::petrarch::bundled_dictionary()?));
        Ok(Resolver::from_layers(layers))
    }

    /// Also returns countries and seats used as places ("in Kazakhstan", "to Astana"),
    /// marked `locative`, for readers that need them as destinations or targets.
    pub fn with_locatives(mut self, keep: bool) -> Resolver {
        self.keep_locatives = keep;
        self
    }

    /// Number of distinct phrases indexed (actors and agents).
    pub fn phrase_count(&self) -> usize {
        self.index.phrase_count()
    }

    /// Resolves every actor mention of `text` (annotated as `ann`). Roles are dated by a
    /// date stated in the mention's sentence, else by `date` (the document's).
    pub fn resolve(
        &self,
        text: &str,
        ann: &Annotations,
        date: Option<NaiveDate>,
    ) -> Vec<ActorMention> {
        let tokens = &ann.tokens;
        let mut out: Vec<ActorMention> = Vec::new();
        // "ASTANA –" opens the story: the place of reporting, not the government speaking.
        let ctx = DocContext {
            dateline: crate::gazetteer::dateline_place(text).map_or(0..0, |(r, _)| r),
            names: ann
                .names
                .iter()
                .filter(|n| n.kind == tamga_text::NameKind::Name)
                .map(|n| (n.title.map_or(n.start, |t| t.end.max(n.start)), n.end))
                .collect(),
        };
        let mut buf = ScanBuffers::default();
        let mut s_lo = 0;
        while s_lo < tokens.len() {
            let sent = tokens.get(s_lo).map_or(0, |t| t.sentence);
            let mut s_hi = s_lo;
            while tokens.get(s_hi).is_some_and(|t| t.sentence == sent) {
                s_hi += 1;
            }
            let day = sentence_date(ann, sent).or(date);
            self.resolve_sentence(text, tokens, s_lo, s_hi, day, &ctx, &mut buf, &mut out);
            s_lo = s_hi.max(s_lo + 1);
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve_sentence(
        &self,
        text: &str,
        tokens: &[Token],
        lo: usize,
        hi: usize,
        date: Option<NaiveDate>,
        ctx: &DocContext,
        buf: &mut ScanBuffers,
        out: &mut Vec<ActorMention>,
    ) {
        let matches = self.index.scan(text, tokens, lo, hi, buf);
        let at = |p: usize| matches.get(p - lo).copied().flatten();
        let norm = |p: usize| tokens.get(p).map_or("", |t| t.norm.as_str());
        let mut p = lo;
        while p < hi {
            let pending = match at(p) {
                Some(m) => self.combine(m, p, hi, tokens, &at, date, out),
                None => self.anaphor(p, hi, tokens, &at, date, out),
            };
            let Some(pd) = pending else {
                p += 1;
                continue;
            };
            p = pd.end_tok.max(p + 1);
            // A country or seat after "in", "to", "visited" is a place, not an actor.
            let before = pd.start_tok.checked_sub(1).map_or("", norm);
            let before = if before == "the" {
                pd.start_tok.checked_sub(2).map_or("", norm)
            } else {
                before
            };
            let locative = matches!(pd.kind, MentionKind::Country | MentionKind::Seat)
                && LOCATIVES.contains(&before)
                && pd.end_tok == pd.start_tok + 1 + usize::from(norm(pd.start_tok) == "the");
            if locative && !self.keep_locatives {
                continue;
            }
            // "a former CIA official", "former Kazakh ministers": elites without a current
            // role. A named person's dates already say what they held on the day.
            let former = (pd.start_tok.saturating_sub(1)..pd.end_tok)
                .any(|q| matches!(norm(q), "former" | "ex"));
            let mut pd = pd;
            if former
                && pd.name.is_none()
                && pd.coref_of.is_none()
                && matches!(pd.kind, MentionKind::Person | MentionKind::Group)
            {
                if let (Some(c), _, _) = self.index.split_code(&pd.code) {
                    pd.code = format!("{c}ELI");
                    pd.role = pd.role.map(|r| format!("former {r}"));
                }
            }
            if let Some(mut m) = self.finish(text, tokens, pd) {
                m.locative = locative;
                let dl = &ctx.dateline;
                if m.start < dl.end && dl.start < m.end {
                    continue;
                }
                // "George Washington", "Moscow State University": a country or seat inside a
                // longer name is part of that name, not the government.
                if matches!(m.kind, MentionKind::Country | MentionKind::Seat)
                    && ctx.inside_longer_name(m.start, m.end)
                {
                    continue;
                }
                out.push(m);
            }
        }
    }

    /// Resolves a dictionary match at `p` together with what follows it.
    #[allow(clippy::too_many_arguments)]
    fn combine(
        &self,
        m: Match,
        p: usize,
        hi: usize,
        tokens: &[Token],
        at: &dyn Fn(usize) -> Option<Match>,
        date: Option<NaiveDate>,
        out: &[ActorMention],
    ) -> Option<Pending> {
        let norm = |q: usize| tokens.get(q).map_or("", |t| t.norm.as_str());
        match m {
            Match::Actor { entry, end } => {
                let kind = self.index.kind(entry);
                let (code, role) = self.index.code_on(entry, date)?;
                let name = self.index.name(entry);
                if kind == EntryKind::Country || kind == EntryKind::Adjective {
                    // Country + ['s] + modifiers + agent [+ person].
                    return Some(self.country_with_agent(code, p, end, hi, tokens, at, date, None));
                }
                let mk = match kind {
                    EntryKind::Person => MentionKind::Person,
                    EntryKind::Seat => MentionKind::Seat,
                    _ => MentionKind::Org,
                };
                // "KNB chief", "CSTO Secretary General": an organization's agent that names
                // one person is that person, coded as the organization.
                // "US Secretary of State Antony Blinken", "Kremlin spokesman Dmitry Peskov":
                // a body and its title before a person's name are that person's title.
                if mk != MentionKind::Person {
                    let q = match at(end) {
                        Some(Match::Agent { end: e, .. }) => e,
                        _ => end,
                    };
                    if let Some(Match::Actor { entry: pe, end: e2 }) = at(q) {
                        if self.index.kind(pe) == EntryKind::Person {
                            let (code, role) = self.index.code_on(pe, date)?;
                            return Some(Pending {
                                code,
                                start_tok: p,
                                end_tok: e2,
                                name: self.index.name(pe),
                                role,
                                kind: MentionKind::Person,
                                coref_of: None,
                            });
                        }
                    }
                }
                let (end, role, mk, name, code) = match (mk, at(end)) {
                    // The person is not the organization: no name.
                    (MentionKind::Org, Some(Match::Agent { agent, end: e2 }))
                        if self.index.agent_is_person(agent) =>
                    {
                        (
                            e2,
                            Some(self.index.agent_phrase(agent)),
                            MentionKind::Person,
                            None,
                            code,
                        )
                    }
                    // "Minsk police", "Kremlin spokesman": a seat of government with an
                    // agent is that country's agent (a seat with its own sector, "Pentagon
                    // officials", keeps it).
                    (MentionKind::Seat, Some(Match::Agent { agent, end: e2 })) => {
                        let sector = self.index.agent_code(agent);
                        let (country, seat_sector, _) = self.index.split_code(&code);
                        match country {
                            Some(c)
                                if seat_sector.as_deref() == Some("GOV")
                                    && sector.len() >= 3
                                    && !sector.contains('~') =>
                            {
                                let person = self.index.agent_is_person(agent);
                                (
                                    e2,
                                    person.then(|| self.index.agent_phrase(agent)),
                                    if person {
                                        MentionKind::Person
                                    } else {
                                        MentionKind::Group
                                    },
                                    None,
                                    format!("{c}{sector}"),
                                )
                            }
                            _ => (e2, role, mk, name, code),
                        }
                    }
                    _ => (end, role, mk, name, code),
                };
                let _ = norm;
                Some(Pending {
                    code,
                    start_tok: p,
                    end_tok: end,
                    name,
                    role,
                    kind: mk,
                    coref_of: None,
                })
            }
            Match::Agent { agent, end } => {
                // Title + name: "Foreign Minister Tokayev", "President Tokayev", "Senate
                // Speaker Ashimbayev" (up to three title words in a row).
                let mut q = end;
                for _ in 0..2 {
                    match at(q) {
                        Some(Match::Agent { end: e, .. }) => q = e,
                        _ => break,
                    }
                }
                if let Some(Match::Actor { entry, end: e2 }) = at(q) {
                    if self.index.kind(entry) == EntryKind::Person {
                        let title = self.index.agent_phrase(agent);
                        let (code, role) = self.index.code_titled(entry, date, &title)?;
                        return Some(Pending {
                            code,
                            start_tok: p,
                            end_tok: e2,
                            name: self.index.name(entry),
                            role: role.or_else(|| Some(self.index.agent_phrase(agent))),
                            kind: MentionKind::Person,
                            coref_of: None,
                        });
                    }
                }
                let sector = self.index.agent_code(agent).to_string();
                let is_person = self.index.agent_is_person(agent);
                let role = is_person.then(|| self.index.agent_phrase(agent));
                // "the president of Kazakhstan", "the ministry of defence of Russia".
                let mut q = end;
                if norm(q) == "of" {
                    q += 1;
                    if norm(q) == "the" {
                        q += 1;
                    }
                    if let Some(Match::Actor { entry, end: e2 }) = at(q) {
                        if matches!(
                            self.index.kind(entry),
                            EntryKind::Country | EntryKind::Adjective
                        ) {
                            let (country, _) = self.index.code_on(entry, date)?;
                            return Some(Pending {
                                code: format!("{country}{sector}"),
                                start_tok: p,
                                end_tok: e2,
                                name: None,
                                role,
                                kind: if is_person {
                                    MentionKind::Person
                                } else {
                                    MentionKind::Group
                                },
                                coref_of: None,
                            });
                        }
                    }
                }
                // "the minister", "the Senate": the most recent actor of that sector.
                let det = p
                    .checked_sub(1)
                    .is_some_and(|b| matches!(norm(b), "the" | "this" | "that"));
                let mut pd = Pending {
                    code: sector.clone(),
                    start_tok: p,
                    end_tok: end,
                    name: None,
                    role,
                    kind: if is_person {
                        MentionKind::Person
                    } else {
                        MentionKind::Agent
                    },
                    coref_of: None,
                };
                if det {
                    let want = Want::Sector {
                        sector: sector.clone(),
                        person: is_person,
                    };
                    let titled = Want::Titled(self.index.agent_phrase(agent));
                    let found = coref::antecedent(out, &want)
                        .or_else(|| {
                            // "Defence Minister Shoigu … the minister": a person whose role
                            // names the title, whatever its sector.
                            is_person.then(|| coref::antecedent(out, &titled)).flatten()
                        })
                        .or_else(|| {
                            // No actor of that sector yet: the country last named.
                            coref::antecedent(out, &Want::Country)
                        });
                    if let Some(i) = found {
                        let a = out.get(i)?;
                        let country = a.country.clone()?;
                        // The same sector, or the same person ("the minister" for a
                        // defence minister): the antecedent's code.
                        let same_person = is_person && a.kind == MentionKind::Person;
                        pd.code = if same_person || a.sector.as_deref() == Some(sector.as_str()) {
                            a.code.clone()
                        } else {
                            format!("{country}{sector}")
                        };
                        if pd.kind == MentionKind::Agent {
                            pd.kind = MentionKind::Group;
                        }
                        if is_person && a.kind == MentionKind::Person {
                            pd.name = a.name.clone();
                            pd.role = a.role.clone().or(pd.role);
                        }
                        pd.coref_of = Some(i);
                        pd.start_tok = p - 1;
                    }
                }
                Some(pd)
            }
        }
    }

    /// A country (already resolved to `country`, spanning `p..end`) with an agent after it:
    /// "Kazakh officials", "Kazakhstan's upper house", "Kazakh Foreign Minister Tokayev".
    #[allow(clippy::too_many_arguments)]
    fn country_with_agent(
        &self,
        country: String,
        p: usize,
        end: usize,
        hi: usize,
        tokens: &[Token],
        at: &dyn Fn(usize) -> Option<Match>,
        date: Option<NaiveDate>,
        coref_of: Option<usize>,
    ) -> Pending {
        let norm = |q: usize| tokens.get(q).map_or("", |t| t.norm.as_str());
        let bare = Pending {
            code: country.clone(),
            start_tok: p,
            end_tok: end,
            name: None,
            role: None,
            kind: MentionKind::Country,
            coref_of,
        };
        let mut q = end;
        if norm(q) == "'s" || norm(q) == "'" {
            q += 1;
        }
        let mut skipped = 0;
        while q < hi && skipped < 2 && at(q).is_none() && MODIFIERS.contains(&norm(q)) {
            q += 1;
            skipped += 1;
        }
        match at(q) {
            Some(Match::Agent { agent, end: e2 }) => {
                if let Some(Match::Actor { entry, end: e3 }) = at(e2) {
                    if self.index.kind(entry) == EntryKind::Person {
                        let title = self.index.agent_phrase(agent);
                        if let Some((code, role)) = self.index.code_titled(entry, date, &title) {
                            return Pending {
                                code,
                                start_tok: p,
                                end_tok: e3,
                                name: self.index.name(entry),
                                role: role.or_else(|| Some(self.index.agent_phrase(agent))),
                                kind: MentionKind::Person,
                                coref_of: None,
                            };
                        }
                    }
                }
                let code = self.index.agent_code(agent);
                if code.ends_with('~') || code.is_empty() {
                    return bare;
                }
                let is_person = self.index.agent_is_person(agent);
                Pending {
                    code: format!("{country}{code}"),
                    start_tok: p,
                    end_tok: e2,
                    name: None,
                    role: is_person.then(|| self.index.agent_phrase(agent)),
                    kind: if is_person {
                        MentionKind::Person
                    } else {
                        MentionKind::Group
                    },
                    coref_of,
                }
            }
            _ => bare,
        }
    }

    /// Anaphors that no dictionary phrase covers: "he", "she", "they", "the country",
    /// "his Egyptian counterpart".
    fn anaphor(
        &self,
        p: usize,
        hi: usize,
        tokens: &[Token],
        at: &dyn Fn(usize) -> Option<Match>,
        date: Option<NaiveDate>,
        out: &[ActorMention],
    ) -> Option<Pending> {
        let norm = |q: usize| tokens.get(q).map_or("", |t| t.norm.as_str());
        let w = norm(p);
        let copy = |i: usize, start_tok: usize, end_tok: usize| {
            let a = out.get(i)?;
            Some(Pending {
                code: a.code.clone(),
                start_tok,
                end_tok,
                name: a.name.clone(),
                role: a.role.clone(),
                kind: a.kind,
                coref_of: Some(i),
            })
        };
        match w {
            "he" => copy(
                coref::antecedent(out, &Want::Gendered(Gender::Male))?,
                p,
                p + 1,
            ),
            "she" => copy(
                coref::antecedent(out, &Want::Gendered(Gender::Female))?,
                p,
                p + 1,
            ),
            "they" => copy(coref::antecedent(out, &Want::Group)?, p, p + 1),
            "the" if norm(p + 1) == "country" && at(p + 1).is_none() => {
                let i = coref::antecedent(out, &Want::Country)?;
                let country = out.get(i)?.country.clone()?;
                Some(self.country_with_agent(country, p, p + 2, hi, tokens, at, date, Some(i)))
            }
            "his" | "her" | "their" => {
                // "his Egyptian counterpart": the other side's holder of the same post.
                let Some(Match::Actor { entry, end }) = at(p + 1) else {
                    return None;
                };
                if !matches!(
                    self.index.kind(entry),
                    EntryKind::Country | EntryKind::Adjective
                ) || !matches!(norm(end), "counterpart" | "counterparts")
                {
                    return None;
                }
                let (country, _) = self.index.code_on(entry, date)?;
                let want = if w == "their" {
                    Want::Group
                } else {
                    Want::Person
                };
                let i = coref::antecedent(out, &want)?;
                let a = out.get(i)?;
                let sector = a.sector.clone().unwrap_or_else(|| "GOV".to_string());
                Some(Pending {
                    code: format!("{country}{sector}"),
                    start_tok: p,
                    end_tok: end + 1,
                    name: None,
                    role: a.role.clone(),
                    kind: MentionKind::Person,
                    coref_of: Some(i),
                })
            }
            _ => None,
        }
    }

    /// Turns a pending resolution into a mention: span text, code split into its blocks.
    fn finish(&self, text: &str, tokens: &[Token], pd: Pending) -> Option<ActorMention> {
        let start = tokens.get(pd.start_tok)?.start;
        let end = tokens.get(pd.end_tok.checked_sub(1)?)?.end;
        let (country, sector, org) = self.index.split_code(&pd.code);
        Some(ActorMention {
            text: text.get(start..end)?.to_string(),
            start,
            end,
            code: pd.code,
            country,
            sector,
            org,
            name: pd.name,
            role: pd.role,
            coref_of: pd.coref_of,
            kind: pd.kind,
            locative: false,
        })
    }
}

/// What resolution needs of the whole document: the dateline's span (the place of
/// reporting, never an actor) and the name candidates' spans without their titles, sorted.
struct DocContext {
    dateline: std::ops::Range<usize>,
    names: Vec<(usize, usize)>,
}

impl DocContext {
    /// Whether a name candidate strictly contains `start..end`.
    fn inside_longer_name(&self, start: usize, end: usize) -> bool {
        let idx = self.names.partition_point(|&(s, _)| s <= start);
        self.names
            .get(idx.saturating_sub(3)..idx)
            .is_some_and(|near| {
                near.iter()
                    .any(|&(s, e)| s <= start && end <= e && (s, e) != (start, end))
            })
    }
}

/// The date a sentence states for its event: its first time expression precise to a day,
/// month or year (a month dates the 15th, a year 1 July, so that roles changing within the
/// period go to whoever held it mid-way).
fn sentence_date(ann: &Annotations, sentence: usize) -> Option<NaiveDate> {
    let s = ann.sentences.get(sentence)?;
    // Times come in text order: the sentence's are found by a binary search, not by reading
    // the whole document's times for each sentence.
    let first = ann.times.partition_point(|t| t.start < s.start);
    ann.times[first..]
        .iter()
        .take_while(|t| t.start < s.end)
        .filter(|t| t.end <= s.end)
        .filter(|t| {
            matches!(
                t.precision,
                TimePrecision::Day | TimePrecision::Month | TimePrecision::Year
            )
        })
        .find_map(|t| parse_iso(&t.value))
}

/// `2005`, `2005-03`, `2005-03-07` → a day inside that period.
pub(crate) fn parse_iso(v: &str) -> Option<NaiveDate> {
    let mut parts = v.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
    let d: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
    match (m, d) {
        (Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d),
        (Some(m), None) => NaiveDate::from_ymd_opt(y, m, 15),
        _ => NaiveDate::from_ymd_opt(y, 7, 1),
    }
}

/// The code a role span gives, with its role text.
pub(crate) fn role_of(span: &RoleSpan) -> (String, Option<String>) {
    (span.code.clone(), span.role.clone())
}

#[cfg(test)]
mod tests;
