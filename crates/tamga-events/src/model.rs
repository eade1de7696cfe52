//! The event record: one coded act between a source and (optionally) a target, with the
//! evidence that produced it. Serialized as one JSON object per line; field names are a
//! contract with the store, the exports and evaluation scripts.

use serde::{Deserialize, Serialize};
pub use tamga_actors::ActorMention;
pub use tamga_text::Status;

/// The sentence an event was read from; spans are byte offsets into the document text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceRef {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Where an event's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// A time expression in or around the sentence.
    Text,
    /// Only the article's publication date.
    Publication,
    /// Nothing dated it.
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    /// ISO 3166 alpha-3.
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Span of the place name in the document, when the text names it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventQuantity {
    pub value: f64,
    pub unit: Option<String>,
    pub text: String,
}

/// Reported speech: who is quoted as saying the event's sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventQuote {
    /// The speaker as written.
    pub speaker: String,
    pub start: usize,
    pub end: usize,
    /// The speaker resolved to an actor code, when the resolver knows it.
    pub code: Option<String>,
    /// Indirect speech ("X said that ...") rather than a quotation.
    pub indirect: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A span with its text, for explanations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Why the coder produced this event: the words and the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The verb or noun that carries the act.
    pub trigger: Evidence,
    /// `FILE:LINE` of the pattern (or verb entry) that matched, e.g.
    /// `data/petrarch/CAMEO.2.0.txt:1234` or `data/patterns/tamga.verbs.txt:88`.
    pub pattern: String,
    /// The pattern as written (`- * (TO) $ [042]`), or the verb when no pattern matched.
    pub rule: String,
    pub source: Option<Evidence>,
    pub target: Option<Evidence>,
    /// The modality cue that set the status ("rejected", "will", "plans to").
    pub cue: Option<Evidence>,
    /// The time expression that dated the event.
    pub time: Option<Evidence>,
    /// Passive voice: the grammatical subject is the target.
    pub passive: bool,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable: the same document, sentence, act and actors give the same id.
    pub id: String,
    pub doc_uri: String,
    pub doc_id: String,
    pub sentence: SentenceRef,
    /// PLOVER event type (`CONSULT`, `REJECT`, `AID` …).
    #[serde(rename = "type")]
    pub event_type: String,
    pub mode: Option<String>,
    pub context: Vec<String>,
    /// CAMEO code, 3–4 characters (`0311`, `042`).
    pub cameo: String,
    /// CAMEO root (first two digits).
    pub cameo_root: String,
    /// GDELT's quad class: 1 verbal cooperation (CAMEO 01–05), 2 material cooperation
    /// (06–08), 3 verbal conflict (09–13), 4 material conflict (14–20); 0 for codes outside
    /// CAMEO.
    pub quad_class: u8,
    /// Goldstein-style weight, −10 (most conflictual) … +10 (most cooperative).
    pub goldstein: f32,
    pub source: ActorMention,
    pub target: Option<ActorMention>,
    /// ISO date, partial allowed (`2006-11-07`, `2007-05`, `2007`, `--11-07`).
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub date_basis: DateBasis,
    pub location: Option<Location>,
    pub status: Status,
    pub quantities: Vec<EventQuantity>,
    pub quote: Option<EventQuote>,
    pub explanation: Explanation,
    /// Cluster id: mentions of the same event across documents share it. Until clustering
    /// runs, the event's own id.
    pub cluster: String,
    /// Number of mentions in the cluster (1 until clustering runs).
    pub mentions: u32,
}
