//! Everything an event carries besides its actors: the ontology's reading of the code, the
//! status from the clause's modality, the date from the nearest time expression (else the
//! publication date, saying so), the place, the quantities and the quoted speaker.

use crate::model::{
    DateBasis, Event, EventQuantity, EventQuote, Evidence, Explanation, Location, SentenceRef, Span,
};
use crate::ontology::{CameoCode, Ontology, PloverCoding};
use tamga_actors::gazetteer::Gazetteer;
use tamga_actors::resolve::PlaceMention;
use tamga_actors::ActorMention;
use tamga_ingest::PartialDate;
use tamga_text::{Annotations, Modality, Status};

use super::DocRef;

/// What every event of a document shares.
pub(crate) struct DocCtx<'a> {
    pub text: &'a str,
    pub ann: &'a Annotations,
    pub actors: &'a [ActorMention],
    /// The document's places, found at its first event: a quarter of documents have none.
    pub places: std::cell::OnceCell<Vec<PlaceMention>>,
    /// The code of each of `actors`.
    pub codes: Vec<&'a str>,
    pub published: Option<PartialDate>,
    pub ontology: &'static Ontology,
}

impl DocCtx<'_> {
    fn places(&self) -> &[PlaceMention] {
        self.places
            .get_or_init(|| tamga_actors::resolve::places::places(self.text, self.actors))
    }
}

/// The sentence an event is coded in. Its text is copied only into the events made from it:
/// most sentences read make none.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SentenceAt {
    pub index: usize,
    pub start: usize,
    pub end: usize,
}

/// What is known of an event before it is built, and decides whether it is: its code, what
/// the ontology says of the code, and its status.
pub(crate) struct Head<'c> {
    pub code: &'c str,
    plover: Option<&'static PloverCoding>,
    cameo: Option<&'static CameoCode>,
    pub status: Status,
    cue: Option<Evidence>,
}

/// The head of an event coded `code` at `trigger`, `clauses` being the sentence's clauses
/// with their modality; `None` when the code makes no event.
pub(crate) fn head<'c>(
    ctx: &DocCtx,
    clauses: &[Modality],
    code: &'c str,
    trigger: (usize, usize),
) -> Option<Head<'c>> {
    let code = code.trim();
    if code.is_empty() {
        return None;
    }
    let ont = ctx.ontology;
    let plover = ont.plover_coding(code);
    let cameo = ont.cameo(code);
    // A CAMEO code PLOVER does not code (bare statements, "said"): no event.
    if cameo.is_some() && plover.is_none() {
        return None;
    }
    let (mut status, cue) = status(clauses, trigger);
    if status == Status::Occurred {
        // "express intent to provide aid": the act is AID, not yet done.
        if let Some(h) = plover.and_then(|p| p.status_hint) {
            status = h;
        }
    }
    Some(Head {
        code,
        plover,
        cameo,
        status,
        cue,
    })
}

/// Builds the event `head` tells of, from `source` to `target` at `trigger`, with the id
/// [`event_id`] gave it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn event(
    doc: &DocRef,
    ctx: &DocCtx,
    sentence: SentenceAt,
    head: Head,
    id: String,
    source: &ActorMention,
    target: Option<&ActorMention>,
    mut explanation: Explanation,
    trigger: (usize, usize),
) -> Event {
    let Head {
        code,
        plover,
        cameo,
        status,
        cue,
    } = head;
    let (cameo_root, quad_class, goldstein) = match cameo {
        Some(c) => (c.root.clone(), c.quad_class, c.goldstein),
        // A code outside CAMEO, from a user's dictionary: kept, typed OTHER.
        None => (code.chars().take(2).collect(), 0, 0.0),
    };
    explanation.cue = cue;
    let (date, date_precision, date_basis, time) = date(ctx, sentence, trigger);
    explanation.time = time;
    Event {
        cluster: id.clone(),
        id,
        doc_uri: doc.uri.to_string(),
        doc_id: doc.id.to_string(),
        sentence: SentenceRef {
            index: sentence.index,
            start: sentence.start,
            end: sentence.end,
            text: ctx
                .text
                .get(sentence.start..sentence.end)
                .unwrap_or("")
                .to_string(),
        },
        event_type: plover.map_or_else(|| "OTHER".to_string(), |p| p.event_type.clone()),
        mode: plover.and_then(|p| p.mode.clone()),
        context: plover.map(|p| p.context.clone()).unwrap_or_default(),
        cameo: code.to_string(),
        cameo_root,
        quad_class,
        goldstein,
        source: source.clone(),
        target: target.cloned(),
        date,
        date_precision,
        date_basis,
        location: location(ctx, sentence, trigger),
        status,
        quantities: quantities(ctx.ann, sentence),
        quote: quote(ctx, trigger),
        explanation,
        mentions: 1,
    }
}

/// Stable across runs: document, sentence, trigger position, code and actor codes.
pub(crate) fn event_id(
    doc: &str,
    sentence: usize,
    trigger: usize,
    code: &str,
    source: &ActorMention,
    target: Option<&ActorMention>,
) -> String {
    let mut h = blake3::Hasher::new();
    for part in [
        doc,
        &sentence.to_string(),
        &trigger.to_string(),
        code,
        &source.code,
        &source.start.to_string(),
        target.map_or("", |t| t.code.as_str()),
        &target.map_or(String::new(), |t| t.start.to_string()),
    ] {
        h.update(part.as_bytes());
        h.update(b"\x1f");
    }
    h.finalize().to_hex()[..16].to_string()
}

/// The status of the clause holding the trigger. A cue that is the trigger itself
/// ("rejected" coding a REJECT, "denied" coding a denial) does not make that act rejected:
/// the rejection is what happened.
fn status(clauses: &[Modality], trigger: (usize, usize)) -> (Status, Option<Evidence>) {
    let Some(m) = clauses
        .iter()
        .filter(|m| m.start <= trigger.0 && trigger.1 <= m.end)
        .min_by_key(|m| m.end - m.start)
    else {
        return (Status::Occurred, None);
    };
    if m.status == Status::Occurred {
        return (Status::Occurred, None);
    }
    let cue = m.cue_span.map(|c| Evidence {
        start: c.start,
        end: c.end,
        text: m.cue.clone(),
    });
    if let Some(c) = m.cue_span {
        let overlaps = c.start < trigger.1 && trigger.0 < c.end;
        // The cue comes after the trigger ("attacked, officials denied") or is the
        // trigger: it speaks of another act or of this one as done.
        // Except speculation: "is considering withdrawing" read as CONSIDER's pattern
        // still has not happened.
        if overlaps && m.status != Status::Hypothetical {
            return (Status::Occurred, None);
        }
    }
    (m.status, cue)
}

type Dated = (Option<String>, Option<String>, DateBasis, Option<Evidence>);

/// The items of a vector in text order (by `start`) that start within `start..end`: found
/// by binary search, since every event of a long document asks for its sentence's share.
fn within<T>(items: &[T], at: impl Fn(&T) -> usize, start: usize, end: usize) -> &[T] {
    let lo = items.partition_point(|x| at(x) < start);
    let hi = lo + items[lo..].partition_point(|x| at(x) < end);
    &items[lo..hi]
}

/// The time expression of the sentence nearest the trigger; else the publication date.
fn date(ctx: &DocCtx, sentence: SentenceAt, trigger: (usize, usize)) -> Dated {
    let nearest = within(&ctx.ann.times, |t| t.start, sentence.start, sentence.end)
        .iter()
        .filter(|t| t.end <= sentence.end)
        .min_by_key(|t| {
            if t.start >= trigger.1 {
                t.start - trigger.1
            } else {
                trigger.0.saturating_sub(t.end)
            }
        });
    if let Some(t) = nearest {
        let precision = serde_json::to_value(t.precision)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        return (
            Some(t.value.clone()),
            precision,
            DateBasis::Text,
            Some(Evidence {
                start: t.start,
                end: t.end,
                text: t.text.clone(),
            }),
        );
    }
    match ctx.published {
        Some(p) => {
            let (value, precision) = match (p.month, p.day) {
                (Some(m), Some(d)) => (format!("{:04}-{m:02}-{d:02}", p.year), "day"),
                (Some(m), None) => (format!("{:04}-{m:02}", p.year), "month"),
                _ => (format!("{:04}", p.year), "year"),
            };
            (
                Some(value),
                Some(precision.to_string()),
                DateBasis::Publication,
                None,
            )
        }
        None => (None, None, DateBasis::None, None),
    }
}

/// Where: a place named in the sentence ("in Astana", "to Kazakhstan"), the one nearest the
/// trigger, a place after "in"/"at" preferred. The dateline is where the story was filed,
/// not where the event happened, so it is not used.
fn location(ctx: &DocCtx, sentence: SentenceAt, trigger: (usize, usize)) -> Option<Location> {
    let gaz = Gazetteer::builtin();
    let inside = |s: usize, e: usize| s >= sentence.start && e <= sentence.end;
    let mut cands: Vec<(usize, usize, Location)> = Vec::new();
    for p in ctx
        .places()
        .iter()
        .filter(|p| !p.dateline && inside(p.start, p.end))
    {
        cands.push((
            p.start,
            p.end,
            Location {
                name: p.place.name.clone(),
                country: Some(p.place.country.clone()),
                lat: Some(p.place.lat),
                lon: Some(p.place.lon),
                span: Some(Span {
                    start: p.start,
                    end: p.end,
                }),
            },
        ));
    }
    let actors = within(ctx.actors, |a| a.start, sentence.start, sentence.end);
    for a in actors
        .iter()
        .filter(|a| a.locative && inside(a.start, a.end))
    {
        let place = gaz
            .resolve(&a.text, &[])
            .or_else(|| a.country.as_deref().and_then(|c| gaz.country(c)));
        let Some(place) = place else { continue };
        cands.push((
            a.start,
            a.end,
            Location {
                name: place.name.to_string(),
                country: Some(place.country.as_str().to_string()),
                lat: Some(place.lat),
                lon: Some(place.lon),
                span: Some(Span {
                    start: a.start,
                    end: a.end,
                }),
            },
        ));
    }
    let text = ctx.text;
    let after_in = |s: usize| {
        let before = text.get(sentence.start..s).unwrap_or("").trim_end();
        let before = before.strip_suffix("the").unwrap_or(before).trim_end();
        before.ends_with(" in") || before.ends_with(" at") || before == "in" || before == "at"
    };
    cands
        .into_iter()
        .min_by_key(|(s, e, _)| {
            let dist = if *s >= trigger.1 {
                s - trigger.1
            } else {
                trigger.0.saturating_sub(*e)
            };
            (!after_in(*s), dist)
        })
        .map(|(_, _, l)| l)
}

/// Counted things of the sentence: people, troops, units, money, percentages.
fn quantities(ann: &Annotations, sentence: SentenceAt) -> Vec<EventQuantity> {
    quantities_in(ann, sentence.start, sentence.end)
}

/// Counted things between two offsets.
pub(crate) fn quantities_in(ann: &Annotations, start: usize, end: usize) -> Vec<EventQuantity> {
    within(&ann.quantities, |q| q.start, start, end)
        .iter()
        .filter(|q| q.end <= end && q.unit.is_some())
        .map(|q| EventQuantity {
            value: q.value,
            unit: q.unit.clone(),
            text: q.text.clone(),
        })
        .collect()
}

/// The quotation (or reported speech) holding the trigger, and who said it.
fn quote(ctx: &DocCtx, trigger: (usize, usize)) -> Option<EventQuote> {
    let q = ctx
        .ann
        .quotes
        .iter()
        .find(|q| q.start <= trigger.0 && trigger.1 <= q.end)?;
    let sp = q.speaker.as_ref()?;
    let code = ctx
        .actors
        .iter()
        .find(|a| a.start < sp.end && sp.start < a.end)
        .map(|a| a.code.clone());
    Some(EventQuote {
        speaker: sp.text.clone(),
        start: sp.start,
        end: sp.end,
        code,
        indirect: q.indirect,
    })
}
