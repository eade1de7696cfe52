//! Place mentions of a document through the built-in gazetteer: the dateline gives the place
//! of reporting, the document's country focus disambiguates, and a name already resolved as
//! an actor ("Washington said", "George Washington") is not also a place.

use super::ActorMention;
use crate::gazetteer::{Gazetteer, Place};
use serde::Serialize;

/// A place mention: the span as written and the place it denotes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub place: PlaceRef,
    /// The dateline's place: where the story was reported from.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dateline: bool,
}

/// The fields of a place that mentions print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceRef {
    pub name: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

impl From<&Place> for PlaceRef {
    fn from(p: &Place) -> PlaceRef {
        PlaceRef {
            name: p.name.to_string(),
            country: p.country.as_str().to_string(),
            lat: p.lat,
            lon: p.lon,
        }
    }
}

/// The places of `text` with the built-in gazetteer, leaving out names covered by `actors`.
pub fn places(text: &str, actors: &[ActorMention]) -> Vec<PlaceMention> {
    places_with(Gazetteer::builtin(), text, actors)
}

/// [`places`] with a given gazetteer.
pub fn places_with(gaz: &Gazetteer, text: &str, actors: &[ActorMention]) -> Vec<PlaceMention> {
    let mut out = Vec::new();
    let dateline = gaz.dateline_place(text);
    if let Some((span, place)) = &dateline {
        if let Some(t) = text.get(span.clone()) {
            out.push(PlaceMention {
                text: t.to_string(),
                start: span.start,
                end: span.end,
                place: (*place).into(),
                dateline: true,
            });
        }
    }
    let mentions = gaz.mentions(text);
    let focus = gaz.focus(&mentions);
    for m in &mentions {
        let overlaps = |a: usize, b: usize| m.span.start < b && a < m.span.end;
        if dateline
            .as_ref()
            .is_some_and(|(s, _)| overlaps(s.start, s.end))
            || covered(actors, m.span.start, m.span.end)
        {
            continue;
        }
        let (Some(place), Some(t)) = (gaz.pick(m, &focus), text.get(m.span.clone())) else {
            continue;
        };
        out.push(PlaceMention {
            text: t.to_string(),
            start: m.span.start,
            end: m.span.end,
            place: place.into(),
            dateline: false,
        });
    }
    out
}

/// Whether an actor mention overlaps `start..end`. Actor mentions come in text order and do
/// not overlap one another, so only the last few starting before `end` can: a binary search
/// keeps documents with tens of thousands of mentions linear.
fn covered(actors: &[ActorMention], start: usize, end: usize) -> bool {
    let idx = actors.partition_point(|a| a.start < end);
    actors
        .get(idx.saturating_sub(2)..idx)
        .is_some_and(|near| near.iter().any(|a| start < a.end && a.start < end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::MentionKind;

    fn at(start: usize, end: usize) -> ActorMention {
        ActorMention {
            text: String::new(),
            start,
            end,
            code: "KAZ".into(),
            country: None,
            sector: None,
            org: None,
            name: None,
            role: None,
            coref_of: None,
            kind: MentionKind::Country,
            locative: false,
        }
    }

    #[test]
    fn covered_finds_overlaps_only() {
        let a = vec![at(0, 5), at(10, 20), at(30, 31)];
        assert!(covered(&a, 12, 14));
        assert!(covered(&a, 4, 6));
        assert!(!covered(&a, 5, 10));
        assert!(!covered(&a, 21, 30));
        assert!(covered(&a, 30, 40));
        assert!(!covered(&[], 0, 1));
    }
}
