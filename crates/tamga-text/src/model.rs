//! The annotation types. Spans are byte offsets into the annotated text, always on char
//! boundaries, `start <= end`.

pub use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use tamga_ingest::PartialDate;

/// A sentence (or headline, list item) as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
}

/// A token: its span, its sentence, a normalized form (lower-case, curly quotes straightened)
/// and, for words, a lemma (verbs: "rejected" → "reject", "sent" → "send"). The forms are
/// compact strings (up to 24 bytes inline, no heap allocation): a document has a token every
/// five or six bytes, and two heap strings each made allocation the tokenizer's main cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub kind: TokenKind,
    pub norm: CompactString,
    pub lemma: CompactString,
}

/// Precision of a normalized time value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimePrecision {
    Day,
    Week,
    Month,
    Season,
    Quarter,
    Year,
    /// A range: `value` is its start, `end` its (inclusive) end.
    Range,
    /// Month and day known, year not (no publication date to anchor it).
    MonthDay,
}

/// What a relative or partial expression was resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// Nothing: the expression states its date fully ("24 August 2005").
    Absolute,
    /// The document's publication date.
    Published,
    /// An earlier time expression in the text ("a couple of weeks after" that).
    Previous,
    /// Could not be anchored; value kept partial.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// ISO value: `2006-11-07`, `2006-11`, `2006`, `2006-W45`, `2007-SP` (spring), `2022-Q1`,
    /// or `--11-07` (month-day without a year).
    pub value: String,
    /// For ranges and open intervals ("since 1992"): the inclusive end, if bounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_value: Option<String>,
    pub precision: TimePrecision,
    pub anchor: Anchor,
    /// The anchor date used, when `anchor` is not absolute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor_date: Option<PartialDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: f64,
    /// For vague amounts ("a handful", "dozens"): the upper bound; `value` is the lower.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// `USD`, `EUR`… (ISO 4217), `percent`, `persons` (officers, troops, soldiers…), a military
    /// unit (`battalion`, `company`, `platoon`…), another counted noun's lemma, or `None`.
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TextSpan {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The speaker as written ("Svetlana Dzhalmagambetova", "the minister", "she"), to be
    /// resolved to an actor later.
    pub speaker: Option<Speaker>,
    /// Reported speech without quotation marks ("X said that ...").
    pub indirect: bool,
    /// The attribution cue ("said", "according to", "quoted her as saying").
    pub cue: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Whether the act of a clause happened, as far as the words say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Occurred,
    Planned,
    Rejected,
    Hypothetical,
    Claimed,
    Denied,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Modality {
    /// The clause's span.
    pub start: usize,
    pub end: usize,
    pub status: Status,
    /// The words that decided it ("rejected", "will", "plans to"), empty for plain occurred.
    pub cue: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue_span: Option<TextSpan>,
    pub negated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    /// A capitalized name, with the title before it when there is one.
    Name,
    /// An all-caps acronym ("CSTO", "KNB").
    Acronym,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameCandidate {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: NameKind,
    /// The title or role words before the name ("Foreign Minister", "Egyptian President").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<TextSpan>,
}

/// Everything the language layer says about one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotations {
    pub sentences: Vec<Sentence>,
    #[serde(skip)]
    pub tokens: Vec<Token>,
    pub times: Vec<TimeExpr>,
    pub quantities: Vec<Quantity>,
    pub quotes: Vec<Quote>,
    pub modality: Vec<Modality>,
    pub names: Vec<NameCandidate>,
}
