//! Dates as pages write them: ISO 8601 and RFC 2822 stamps in metadata, "Nov 15 2006" and
//! "Wednesday, 24 August 2005" in datelines, `/2006/11/15/` in URLs.

use crate::model::PartialDate;

/// Parses one date string as found in metadata or a dateline.
pub fn parse_date(s: &str) -> Option<PartialDate> {
    PartialDate::parse_iso(s.get(..10).unwrap_or(s))
}

/// A date written in a URL path.
pub fn from_url(_url: &str) -> Option<PartialDate> {
    None
}

/// A dateline or date line near the top of an article's text.
pub fn find_dateline(_text: &str) -> Option<PartialDate> {
    None
}
