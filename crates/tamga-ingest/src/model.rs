//! The document model shared by every later stage: what an article is once read,
//! extracted and cleaned. Plain data, serializable, no behaviour beyond construction.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date known to year, month or day precision.
///
/// News pages often give only "May 2007" or "2006"; later stages must not
/// invent the missing parts, so they are absent rather than defaulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    /// Only present when `month` is.
    pub day: Option<u8>,
}

impl PartialDate {
    /// A checked constructor: returns `None` for impossible dates (Feb 30, month 13, year 0).
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Option<Self> {
        if !(1000..=2999).contains(&year) {
            return None;
        }
        match (month, day) {
            (None, None) => {}
            (Some(m), None) if (1..=12).contains(&m) => {}
            (Some(m), Some(d)) => {
                chrono::NaiveDate::from_ymd_opt(year, u32::from(m), u32::from(d))?;
            }
            _ => return None,
        }
        Some(Self { year, month, day })
    }

    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        Self::new(year, Some(month), Some(day))
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Parses the ISO forms this type prints: `2006`, `2006-11`, `2006-11-15`.
    pub fn parse_iso(s: &str) -> Option<Self> {
        let mut parts = s.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next().map(str::parse).transpose().ok()?;
        let day = parts.next().map(str::parse).transpose().ok()?;
        Self::new(year, month, day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// Where a published date was found; analysts weigh a JSON-LD date above a guess from a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// `datePublished` in a JSON-LD block.
    JsonLd,
    /// A `<meta>` tag (`article:published_time`, `date`, `dc.date`, ...).
    Meta,
    /// A `<time datetime>` element.
    Time,
    /// A date pattern in the URL path (`/2006/11/15/`).
    Url,
    /// A dateline or date line near the top of the text ("Nov 15 2006").
    Dateline,
    /// The container: RSS/Atom item date, WARC-Date, or a JSONL `date` field.
    Record,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::JsonLd => "json-ld",
            Self::Meta => "meta",
            Self::Time => "time",
            Self::Url => "url",
            Self::Dateline => "dateline",
            Self::Record => "record",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "json-ld" => Self::JsonLd,
            "meta" => Self::Meta,
            "time" => Self::Time,
            "url" => Self::Url,
            "dateline" => Self::Dateline,
            "record" => Self::Record,
            _ => return None,
        })
    }
}

/// The kind of a block of main text; headings and list items keep their role so the
/// language layer can treat a headline differently from a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    Quote,
    Preformatted,
}

/// One block of main text, in document order, whitespace already normalized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

impl Block {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        Self {
            kind,
            text: text.into(),
        }
    }
}

/// What extraction yields for one page or text: main text blocks and metadata.
/// The same shape for HTML and plain text, so the rest of the pipeline does not care.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<PartialDate>,
    pub date_source: Option<DateSource>,
    /// Site or publication name (og:site_name, JSON-LD publisher, feed title).
    pub source: Option<String>,
    /// Language declared by the page (`<html lang>`, `og:locale`), if any.
    pub lang: Option<String>,
    /// Canonical URL declared by the page, if any.
    pub canonical_url: Option<String>,
    pub blocks: Vec<Block>,
}

/// A paragraph's byte range in [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    pub kind: BlockKind,
}

/// A clean, stored-ready article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Hex hash of the normalized text: the same text always gets the same id.
    pub id: String,
    /// Where it came from: file path, WARC target URI, feed item link, JSONL `uri`.
    pub uri: String,
    /// The name `tamga extract` prints: a file's name without `.gz/.html/.htm/.txt`,
    /// or the record's own id or URI inside a container.
    pub name: String,
    pub source: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<PartialDate>,
    pub date_source: Option<DateSource>,
    pub lang: Option<String>,
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    /// Hex hash of the raw input bytes of this record.
    pub raw_hash: String,
    /// 64-bit SimHash of the text's word shingles: near-duplicates differ in few bits.
    pub simhash: u64,
    pub format: Format,
}

/// The input format a record was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
    Warc,
    Feed,
    Jsonl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Html => "html",
            Self::Warc => "warc",
            Self::Feed => "feed",
            Self::Jsonl => "jsonl",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_round_trip_and_reject_impossible_days() {
        for s in ["2006", "2006-11", "2006-11-15"] {
            assert_eq!(
                PartialDate::parse_iso(s).map(|d| d.to_string()).as_deref(),
                Some(s)
            );
        }
        assert_eq!(PartialDate::parse_iso("2005-02-30"), None);
        assert_eq!(PartialDate::parse_iso("2005-13"), None);
        assert_eq!(PartialDate::new(2005, None, Some(3)), None);
        assert_eq!(
            PartialDate::parse_iso("2006-11").map(|d| d.precision()),
            Some(Precision::Month)
        );
    }
}
