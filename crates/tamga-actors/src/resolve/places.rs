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
            || actors.iter().any(|a| overlaps(a.start, a.end))
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
