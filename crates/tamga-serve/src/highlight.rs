//! Text cut into pieces for display: an event's sentence with its trigger, actors, cue, time
//! and place marked, and a document with the sentences events were coded from. Pieces carry
//! their text, so the browser never needs byte offsets into UTF-8 (it counts UTF-16 units).

use serde::Serialize;
use tamga_events::Event;
use utoipa::ToSchema;

/// A piece of a sentence; `mark` names what it is when it is marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Segment {
    pub text: String,
    /// `trigger`, `source`, `target`, `cue`, `time` or `place`; absent for plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<&'static str>,
}

/// A piece of a document and the events coded from the sentence it lies in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DocSegment {
    pub text: String,
    pub events: Vec<String>,
}

/// The sentence of `e` in pieces. Spans are byte offsets into the document; those that do not
/// fall inside the sentence on character boundaries are left unmarked, and where spans
/// overlap the first in the order trigger, source, target, cue, time, place wins.
pub fn sentence(e: &Event) -> Vec<Segment> {
    let x = &e.explanation;
    let mut spans: Vec<(usize, usize, &'static str)> =
        vec![(x.trigger.start, x.trigger.end, "trigger")];
    let mut push = |ev: Option<(usize, usize)>, mark: &'static str| {
        if let Some((s, t)) = ev {
            spans.push((s, t, mark));
        }
    };
    push(x.source.as_ref().map(|v| (v.start, v.end)), "source");
    push(x.target.as_ref().map(|v| (v.start, v.end)), "target");
    push(x.cue.as_ref().map(|v| (v.start, v.end)), "cue");
    push(x.time.as_ref().map(|v| (v.start, v.end)), "time");
    push(
        e.location
            .as_ref()
            .and_then(|l| l.span)
            .map(|s| (s.start, s.end)),
        "place",
    );
    let text = &e.sentence.text;
    let base = e.sentence.start;
    let mut accepted: Vec<(usize, usize, &'static str)> = Vec::new();
    for (s, t, mark) in spans {
        let (Some(s), Some(t)) = (s.checked_sub(base), t.checked_sub(base)) else {
            continue;
        };
        if s >= t || t > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(t) {
            continue;
        }
        if accepted.iter().any(|&(a, b, _)| s < b && a < t) {
            continue;
        }
        accepted.push((s, t, mark));
    }
    accepted.sort_unstable();
    let mut out = Vec::with_capacity(accepted.len() * 2 + 1);
    let mut at = 0;
    for (s, t, mark) in accepted {
        if s > at {
            out.push(Segment {
                text: text[at..s].to_owned(),
                mark: None,
            });
        }
        out.push(Segment {
            text: text[s..t].to_owned(),
            mark: Some(mark),
        });
        at = t;
    }
    if at < text.len() {
        out.push(Segment {
            text: text[at..].to_owned(),
            mark: None,
        });
    }
    out
}

/// `text` cut at the sentence bounds of `events`, each piece with the events of the sentences
/// covering it. Bounds outside the text or inside a character are ignored.
pub fn document(text: &str, events: &[Event]) -> Vec<DocSegment> {
    let ok = |i: usize| i <= text.len() && text.is_char_boundary(i);
    let spans: Vec<(usize, usize, &str)> = events
        .iter()
        .filter(|e| e.sentence.start < e.sentence.end && ok(e.sentence.start) && ok(e.sentence.end))
        .map(|e| (e.sentence.start, e.sentence.end, e.id.as_str()))
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for &(s, t, _) in &spans {
        cuts.push(s);
        cuts.push(t);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| DocSegment {
            text: text[w[0]..w[1]].to_owned(),
            events: spans
                .iter()
                .filter(|&&(s, t, _)| s <= w[0] && w[1] <= t)
                .map(|&(_, _, id)| id.to_owned())
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(json: serde_json::Value) -> Event {
        serde_json::from_value(json).unwrap_or_else(|e| panic!("test event: {e}"))
    }

    fn sample(text: &str, start: usize) -> Event {
        let at = |w: &str| {
            let s = text.find(w).unwrap_or_else(|| panic!("{w} in {text}")) + start;
            serde_json::json!({"start": s, "end": s + w.len(), "text": w})
        };
        event(serde_json::json!({
            "id": "e1", "doc_uri": "u", "doc_id": "d",
            "sentence": {"index": 0, "start": start, "end": start + text.len(), "text": text},
            "type": "CONSULT", "mode": null, "context": [], "cameo": "040", "cameo_root": "04",
            "quad_class": 1, "goldstein": 1.0,
            "source": {"text": "Ministers", "code": "KAZGOV", "start": 0, "end": 0},
            "target": null, "date": null, "date_precision": null, "date_basis": "none",
            "location": null, "status": "occurred", "quantities": [], "quote": null,
            "explanation": {"trigger": at("met"), "pattern": "p", "rule": "r",
                "source": at("Ministers"), "target": at("Ankara"), "cue": null,
                "time": at("today"), "passive": false},
            "cluster": "e1", "mentions": 1
        }))
    }

    #[test]
    fn marks_cover_the_sentence_in_order_and_rejoin_to_it() {
        let text = "Ministers met in Ankara today — «официально».";
        let e = sample(text, 100);
        let segs = sentence(&e);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, text);
        let marks: Vec<_> = segs
            .iter()
            .filter_map(|s| s.mark.map(|m| (m, s.text.as_str())))
            .collect();
        assert_eq!(
            marks,
            vec![
                ("source", "Ministers"),
                ("trigger", "met"),
                ("target", "Ankara"),
                ("time", "today")
            ]
        );
    }

    #[test]
    fn spans_outside_the_sentence_or_inside_a_character_are_dropped() {
        let text = "Ministers met in Ankara today «здесь».";
        let mut e = sample(text, 0);
        // A target inside the two-byte «: not a character boundary.
        if let Some(t) = e.explanation.target.as_mut() {
            t.start = text.find('«').unwrap_or(0) + 1;
            t.end = t.start + 2;
        }
        // A time beyond the sentence.
        if let Some(t) = e.explanation.time.as_mut() {
            t.start = 500;
            t.end = 510;
        }
        let segs = sentence(&e);
        assert_eq!(segs.iter().filter(|s| s.mark.is_some()).count(), 2);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn document_pieces_name_the_events_of_their_sentence() {
        let text = "First one. Ministers met in Ankara today. Last.";
        let s = "Ministers met in Ankara today.";
        let start = text.find(s).unwrap_or(0);
        let mut e = sample("Ministers met in Ankara today.", start);
        e.explanation.target = None;
        e.explanation.time = None;
        let segs = document(text, &[e]);
        assert_eq!(segs.len(), 3);
        assert_eq!(segs[1].text, s);
        assert_eq!(segs[1].events, vec!["e1".to_owned()]);
        assert!(segs[0].events.is_empty() && segs[2].events.is_empty());
    }
}
