//! The HTTP API's aggregates (timeline, places, actor network) on both backends: the same
//! counts from the same SQL, checked against known values and, on PostgreSQL, against what
//! SQLite answers for the same store.

mod common;

use common::Db;
use serde_json::json;
use tamga_events::Event;
use tamga_ingest::dedup::{simhash, text_id};
use tamga_ingest::{BlockKind, Document, Format, Paragraph, PartialDate};
use tamga_store::{ActorNetwork, EventQuery, Interval, PlaceCount, Store, Timeline};

type BoxError = Box<dyn std::error::Error>;
type TestResult = Result<(), BoxError>;

const TEXT: &str = "Astana hosted talks on trade on Wednesday. Troops clashed near Osh.";

fn doc() -> Document {
    Document {
        id: text_id(TEXT),
        uri: "https://news.example/a".to_owned(),
        name: "a".to_owned(),
        source: None,
        title: Some("Talks".to_owned()),
        authors: Vec::new(),
        published: PartialDate::ymd(2006, 11, 15),
        date_source: None,
        lang: Some("en".to_owned()),
        text: TEXT.to_owned(),
        paragraphs: vec![Paragraph {
            start: 0,
            end: TEXT.len(),
            kind: BlockKind::Paragraph,
        }],
        raw_hash: "raw".to_owned(),
        simhash: simhash(TEXT),
        format: Format::Text,
    }
}

fn actor(code: &str, name: &str) -> serde_json::Value {
    json!({"text": code, "start": 0, "end": 1, "code": code, "country": code.get(..3),
           "sector": null, "org": null, "name": name, "role": null})
}

type Place<'a> = Option<(&'a str, Option<&'a str>, f64, f64)>;

fn event(
    d: &Document,
    n: usize,
    (ty, quad): (&str, u8),
    pair: (&str, Option<&str>),
    date: Option<&str>,
    place: Place<'_>,
) -> Result<Event, serde_json::Error> {
    serde_json::from_value(json!({
        "id": format!("ev-{n}"), "doc_uri": d.uri, "doc_id": d.id,
        "sentence": {"index": n, "start": 0, "end": 5, "text": &d.text[..5]},
        "type": ty, "mode": null, "context": [], "cameo": "040", "cameo_root": "04",
        "quad_class": quad, "goldstein": 1.0,
        // Names that sort differently by code point and by a language's collation.
        "source": actor(pair.0, &format!("{} name", pair.0.to_lowercase())),
        "target": pair.1.map(|t| actor(t, &format!("{t} Name"))),
        "date": date, "date_precision": null,
        "date_basis": if date.is_some() { "text" } else { "none" },
        "location": place.map(|(name, country, lat, lon)| json!({"name": name,
            "country": country, "lat": lat, "lon": lon})),
        "status": "occurred", "quantities": [], "quote": null,
        "explanation": {"trigger": {"start": 0, "end": 1, "text": "x"}, "pattern": "p",
            "rule": "r", "source": null, "target": null, "cue": null, "time": null,
            "passive": false},
        "cluster": "", "mentions": 1,
    }))
}

fn fixture(db: &Db) -> Result<Store, BoxError> {
    let mut store = db.open()?;
    let d = doc();
    store.write_batch(std::slice::from_ref(&d))?;
    let osh = Some(("Osh", Some("KGZ"), 40.5, 72.8));
    let events = vec![
        event(
            &d,
            0,
            ("CONSULT", 1),
            ("KAZGOV", Some("KGZGOV")),
            Some("2006-11-08"),
            None,
        )?,
        event(
            &d,
            1,
            ("CONSULT", 1),
            ("KGZGOV", Some("KAZGOV")),
            Some("2006-11-13"),
            Some(("almaty", None, 43.25, 76.95)),
        )?,
        event(
            &d,
            2,
            ("FIGHT", 4),
            ("KGZMIL", Some("UZBMIL")),
            Some("2006-11-14"),
            osh,
        )?,
        event(
            &d,
            3,
            ("FIGHT", 4),
            ("UZBMIL", Some("KGZMIL")),
            Some("2006-12"),
            osh,
        )?,
        event(
            &d,
            4,
            ("AID", 2),
            ("USA", Some("KGZ")),
            Some("2006"),
            Some(("Osh", Some("KGZ"), 40.0, 72.0)),
        )?,
        event(&d, 5, ("AID", 2), ("USA", None), None, None)?,
        event(
            &d,
            6,
            ("AID", 2),
            ("USA", Some("KGZ")),
            Some("2007-01-01"),
            Some(("Bishkek", Some("KGZ"), 42.87, 74.59)),
        )?,
    ];
    store.write_events(&d.id, "t", &events)?;
    store.recluster(1)?;
    Ok(store)
}

fn every_mention() -> EventQuery {
    EventQuery {
        mentions: true,
        ..EventQuery::default()
    }
}

#[derive(Debug, PartialEq)]
struct Answers {
    timelines: Vec<Timeline>,
    places: Vec<Vec<PlaceCount>>,
    networks: Vec<ActorNetwork>,
}

fn answers(store: &Store) -> Result<Answers, BoxError> {
    let queries = [
        every_mention(),
        EventQuery::default(),
        EventQuery {
            event_type: Some("fight".into()),
            ..every_mention()
        },
        EventQuery {
            actor: Some("usa".into()),
            ..every_mention()
        },
        EventQuery {
            text: Some("troops".into()),
            ..EventQuery::default()
        },
    ];
    let mut a = Answers {
        timelines: Vec::new(),
        places: Vec::new(),
        networks: Vec::new(),
    };
    for q in &queries {
        for interval in [Interval::Day, Interval::Week, Interval::Month] {
            a.timelines.push(store.timeline(q, interval)?);
        }
        a.places.push(store.places(q, None)?);
        a.places.push(store.places(q, Some(1))?);
        a.networks.push(store.actor_network(q, 3)?);
        a.networks.push(store.actor_network(q, 50)?);
    }
    Ok(a)
}

fn aggregates_count_in_sql_alike_on_both_backends(db: &Db) -> TestResult {
    let store = fixture(db)?;
    let cells = |t: &Timeline| -> Vec<(String, String, u64)> {
        t.buckets
            .iter()
            .map(|b| (b.period.clone(), b.event_type.clone(), b.events))
            .collect()
    };
    let s = |a: &str, b: &str, n| (a.to_owned(), b.to_owned(), n);
    let month = store.timeline(&every_mention(), Interval::Month)?;
    assert_eq!(
        cells(&month),
        [
            s("2006-11", "CONSULT", 2),
            s("2006-11", "FIGHT", 1),
            s("2006-12", "FIGHT", 1),
            s("2007-01", "AID", 1),
        ]
    );
    assert_eq!(month.unplaced, 2, "a year and no date");
    // 2006-11-08 is a Wednesday; the 13th (a Monday) and the 14th are the next week.
    let week = store.timeline(&every_mention(), Interval::Week)?;
    assert_eq!(
        cells(&week),
        [
            s("2006-11-06", "CONSULT", 1),
            s("2006-11-13", "CONSULT", 1),
            s("2006-11-13", "FIGHT", 1),
            s("2007-01-01", "AID", 1),
        ]
    );
    assert_eq!(week.unplaced, 3);

    let places = store.places(&every_mention(), None)?;
    let names: Vec<(&str, u64)> = places.iter().map(|p| (p.name.as_str(), p.events)).collect();
    // Most events first, then by name as code points (`almaty` after `Osh`).
    assert_eq!(
        names,
        [("Osh", 2), ("Bishkek", 1), ("Osh", 1), ("almaty", 1)]
    );
    assert_eq!(places[0].quad_classes, [0, 0, 0, 0, 2]);
    assert_eq!((places[0].lat, places[0].lon), (40.5, 72.8));
    assert_eq!(places[3].country, None);

    let net = store.actor_network(&every_mention(), 3)?;
    let nodes: Vec<(&str, &str, u64)> = net
        .nodes
        .iter()
        .map(|n| (n.code.as_str(), n.name.as_str(), n.events))
        .collect();
    // Most events first (USA's three), ties by code; each code's most frequent name.
    assert_eq!(
        nodes,
        [
            ("USA", "usa name", 3),
            ("KAZGOV", "KAZGOV Name", 2),
            ("KGZ", "KGZ Name", 2),
        ]
    );
    let edges: Vec<(&str, &str, &str, u64)> = net
        .edges
        .iter()
        .map(|e| {
            (
                e.source.as_str(),
                e.target.as_str(),
                e.event_type.as_str(),
                e.events,
            )
        })
        .collect();
    assert_eq!(edges, [("USA", "KGZ", "AID", 2)]);

    // Whatever the backend, the same answers as SQLite's for every query.
    let here = answers(&store)?;
    if db.is_pg() {
        let reference = fixture(&Db::sqlite())?;
        assert_eq!(here, answers(&reference)?);
    }
    assert!(here
        .timelines
        .iter()
        .all(|t| t.interval != Interval::Day || t.buckets.iter().all(|b| b.period.len() == 10)));
    Ok(())
}

/// The rest of what the API's pages read: a filtered network, keyset pages of mentions, and
/// the documents list with its event counts and text search.
fn networks_pages_and_documents(db: &Db) -> TestResult {
    let store = fixture(db)?;
    let net = store.actor_network(&every_mention(), 3)?;
    assert_eq!(net.nodes[1].country.as_deref(), Some("KAZ"));
    let usa = store.actor_network(
        &EventQuery {
            actor: Some("USA".into()),
            ..every_mention()
        },
        10,
    )?;
    // Only the events naming USA: its three, and KGZ in two of them.
    let usa: Vec<(&str, u64)> = usa
        .nodes
        .iter()
        .map(|n| (n.code.as_str(), n.events))
        .collect();
    assert_eq!(usa, [("USA", 3), ("KGZ", 2)]);

    let all: Vec<String> = store
        .events(&every_mention())?
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(all.len(), 7);
    // Keyset pages: each starts after the previous page's last key, and together they are
    // the whole list in its order, whatever the page size.
    for size in [1, 3, 4] {
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = store.events_keyed(&EventQuery {
                after: after.clone(),
                limit: Some(size),
                ..every_mention()
            })?;
            let Some((_, last)) = page.last() else { break };
            after = Some(last.clone());
            paged.extend(page.into_iter().map(|(e, _)| e.id));
        }
        assert_eq!(paged, all, "pages of {size}");
    }

    let docs = store.document_summaries(None, 10, 0)?;
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].events, 7);
    // The search is over the documents' text: "Bishkek" is only an event's place.
    assert_eq!(store.document_summaries(Some("Osh"), 10, 0)?.len(), 1);
    assert!(store.document_summaries(Some("Bishkek"), 10, 0)?.is_empty());
    assert!(store.document_summaries(None, 10, 1)?.is_empty());
    assert_eq!(store.document_event_ids(&docs[0].id)?.len(), 7);
    Ok(())
}

on_both_backends!(
    aggregates_count_in_sql_alike_on_both_backends,
    networks_pages_and_documents
);
