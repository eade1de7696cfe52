//! Coded events in the store: writing and replacing a document's events, the filters of
//! `events`, clustering mentions across documents, and idempotent recoding.

mod common;

use common::Db;
use tamga_events::{
    ActorMention, DateBasis, Event, EventQuantity, Evidence, Explanation, SentenceRef, Status,
};
use tamga_ingest::dedup::{simhash, text_id};
use tamga_ingest::{BlockKind, Document, Format, Paragraph, PartialDate};
use tamga_store::{CodedDocument, Error, EventOrder, EventQuery, Store, DEFAULT_WINDOW_DAYS};

type BoxError = Box<dyn std::error::Error>;
type TestResult = Result<(), BoxError>;

fn doc(uri: &str, source: Option<&str>, text: &str) -> Document {
    Document {
        id: text_id(text),
        uri: uri.to_owned(),
        name: uri.to_owned(),
        source: source.map(str::to_owned),
        title: None,
        authors: Vec::new(),
        published: PartialDate::ymd(2006, 11, 15),
        date_source: None,
        lang: Some("en".into()),
        text: text.to_owned(),
        paragraphs: vec![Paragraph {
            start: 0,
            end: text.len(),
            kind: BlockKind::Paragraph,
        }],
        raw_hash: format!("raw-{uri}"),
        simhash: simhash(text),
        format: Format::Text,
    }
}

/// Built from its JSON form, so fields the actors stage keeps to itself take their defaults.
fn actor(text: &str, start: usize, code: &str, name: Option<&str>) -> ActorMention {
    let country: String = code.chars().take(3).collect();
    serde_json::from_value(serde_json::json!({
        "text": text, "start": start, "end": start + text.len(), "code": code,
        "country": country, "sector": null, "org": null, "name": name, "role": null,
    }))
    .expect("an actor mention")
}

/// An event of `doc` on its first sentence, with the actors found in `sentence`.
#[allow(clippy::too_many_arguments)]
fn event(
    doc: &Document,
    n: usize,
    ty: &str,
    source: (&str, &str),
    target: Option<(&str, &str)>,
    date: Option<&str>,
    status: Status,
) -> Event {
    let text = &doc.text;
    let sentence_end = text.find(". ").map_or(text.len(), |i| i + 1);
    let find = |s: &str| text.find(s).unwrap_or(0);
    let source = actor(source.0, find(source.0), source.1, None);
    let target = target.map(|(t, c)| actor(t, find(t), c, None));
    let trigger = text.split_whitespace().nth(2).unwrap_or("x");
    let id = format!("{}-{n}", &doc.id[..8]);
    Event {
        cluster: id.clone(),
        id,
        doc_uri: doc.uri.clone(),
        doc_id: doc.id.clone(),
        sentence: SentenceRef {
            index: 0,
            start: 0,
            end: sentence_end,
            text: text[..sentence_end].to_owned(),
        },
        event_type: ty.to_owned(),
        mode: (ty == "CONSULT").then(|| "visit".to_owned()),
        context: vec!["diplomatic".into()],
        cameo: "042".into(),
        cameo_root: "04".into(),
        quad_class: 1,
        goldstein: 1.9,
        source: source.clone(),
        target: target.clone(),
        date: date.map(str::to_owned),
        date_precision: date.map(|d| {
            match d.len() {
                4 => "year",
                7 => "month",
                _ => "day",
            }
            .to_owned()
        }),
        date_basis: if date.is_some() {
            DateBasis::Text
        } else {
            DateBasis::None
        },
        location: None,
        status,
        quantities: vec![EventQuantity {
            value: 20.0,
            unit: Some("officers".into()),
            text: "20 officers".into(),
        }],
        quote: None,
        explanation: Explanation {
            trigger: Evidence {
                start: find(trigger),
                end: find(trigger) + trigger.len(),
                text: trigger.to_owned(),
            },
            pattern: "data/patterns/test.txt:1".into(),
            rule: "- * $".into(),
            source: Some(Evidence {
                start: source.start,
                end: source.end,
                text: source.text.clone(),
            }),
            target: target.as_ref().map(|t| Evidence {
                start: t.start,
                end: t.end,
                text: t.text.clone(),
            }),
            cue: None,
            time: None,
            passive: false,
        },
        mentions: 1,
    }
}

const EDM: &str = "Mubarak met Nazarbayev in Astana on November 7. Both sides signed a protocol.";
const WIRE: &str = "Nazarbayev hosted Hosni Mubarak for talks on Wednesday. Trade was discussed.";
const SENATE: &str = "The Senate rejected the bill to send officers. Deputies argued.";

fn coded<'a>(doc: &'a Document, events: &'a [Event]) -> CodedDocument<'a> {
    CodedDocument {
        doc_id: &doc.id,
        coder: "test-1",
        sentences: 2,
        discarded: false,
        events,
        quotes: None,
    }
}

struct Fixture {
    store: Store,
    docs: Vec<Document>,
}

/// Three documents: two report one meeting (a CONSULT in opposite directions, a day
/// apart), one a Senate rejection with a planned deployment.
fn fixture(db: &Db) -> Result<(Fixture, Vec<Vec<Event>>), BoxError> {
    let mut store = db.open()?;
    let docs = vec![
        doc(
            "https://jamestown.org/edm/1",
            Some("Eurasia Daily Monitor"),
            EDM,
        ),
        doc("https://wire.example.com/2", None, WIRE),
        doc("/corpus/senate.txt", None, SENATE),
    ];
    store.write_batch(&docs)?;
    let events = vec![
        vec![
            event(
                &docs[0],
                0,
                "CONSULT",
                ("Mubarak", "EGYGOV"),
                Some(("Nazarbayev", "KAZGOV")),
                Some("2006-11-07"),
                Status::Occurred,
            ),
            event(
                &docs[0],
                1,
                "AGREE",
                ("Mubarak", "EGY"),
                Some(("Nazarbayev", "KAZ")),
                Some("2006-11-07"),
                Status::Occurred,
            ),
        ],
        vec![event(
            &docs[1],
            0,
            "CONSULT",
            ("Nazarbayev", "KAZGOV"),
            Some(("Hosni Mubarak", "EGY")),
            Some("2006-11-08"),
            Status::Occurred,
        )],
        vec![
            event(
                &docs[2],
                0,
                "REJECT",
                ("The Senate", "KAZLEG"),
                None,
                Some("2007-05"),
                Status::Occurred,
            ),
            event(
                &docs[2],
                1,
                "MOBILIZE",
                ("The Senate", "KAZMIL"),
                None,
                None,
                Status::Rejected,
            ),
            event(
                &docs[2],
                2,
                "ACCUSE",
                ("Deputies", "KAZLEG"),
                None,
                Some("--11-07"),
                Status::Claimed,
            ),
        ],
    ];
    let batch: Vec<_> = docs.iter().zip(&events).map(|(d, e)| coded(d, e)).collect();
    store.write_coded(&batch)?;
    Ok((Fixture { store, docs }, events))
}

fn ids(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.id.as_str()).collect()
}

fn events_round_trip_and_documents_count_as_coded(db: &Db) -> TestResult {
    let (mut f, written) = fixture(db)?;
    assert!(f.store.uncoded_documents()?.is_empty());
    assert!(f.store.clusters_stale()?);
    f.store.recluster(DEFAULT_WINDOW_DAYS)?;
    assert!(!f.store.clusters_stale()?);
    let all = f.store.events(&EventQuery {
        mentions: true,
        ..EventQuery::default()
    })?;
    assert_eq!(all.len(), 6);
    // Every field survives the store, apart from the cluster fields clustering fills in.
    for w in written.iter().flatten() {
        let r = all.iter().find(|e| e.id == w.id).ok_or("event missing")?;
        let mut expected = w.clone();
        expected.cluster = r.cluster.clone();
        expected.mentions = r.mentions;
        assert_eq!(*r, expected);
    }
    // Date order, undated last.
    assert_eq!(
        all.iter().map(|e| e.date.as_deref()).collect::<Vec<_>>(),
        vec![
            Some("2006-11-07"),
            Some("2006-11-07"),
            Some("2006-11-08"),
            Some("2007-05"),
            Some("--11-07"),
            None
        ]
    );
    let stats = f.store.event_stats()?;
    assert_eq!((stats.documents, stats.coded_documents), (3, 3));
    assert_eq!(stats.events, 6);
    assert_eq!(stats.by_type.first(), Some(&("CONSULT".to_owned(), 2)));
    assert_eq!(stats.clusters, 5);
    Ok(())
}

fn one_meeting_reported_twice_is_one_cluster_with_two_sources(db: &Db) -> TestResult {
    let (mut f, written) = fixture(db)?;
    let summary = f.store.recluster(DEFAULT_WINDOW_DAYS)?;
    assert_eq!((summary.events, summary.clusters), (6, 5));
    let edm = &written[0][0];
    let wire = &written[1][0];
    let clusters = f.store.events(&EventQuery {
        event_type: Some("consult".into()),
        ..EventQuery::default()
    })?;
    assert_eq!(ids(&clusters), vec![edm.id.as_str()], "one row per cluster");
    assert_eq!(clusters[0].mentions, 2);
    assert_eq!(clusters[0].cluster, edm.id, "cluster id = earliest mention");
    let mentions = f.store.events(&EventQuery {
        event_type: Some("CONSULT".into()),
        mentions: true,
        ..EventQuery::default()
    })?;
    assert_eq!(ids(&mentions), vec![edm.id.as_str(), wire.id.as_str()]);
    assert!(mentions
        .iter()
        .all(|e| e.cluster == edm.id && e.mentions == 2));
    let members = f.store.events(&EventQuery {
        cluster: Some(edm.id.clone()),
        mentions: true,
        ..EventQuery::default()
    })?;
    assert_eq!(ids(&members), vec![edm.id.as_str(), wire.id.as_str()]);
    let cluster = f.store.cluster(&edm.id)?.ok_or("no cluster row")?;
    assert_eq!(cluster.mentions, 2);
    assert_eq!(
        cluster.sources,
        vec!["Eurasia Daily Monitor", "wire.example.com"]
    );
    assert_eq!(cluster.first_date.as_deref(), Some("2006-11-07"));
    assert_eq!(cluster.last_date.as_deref(), Some("2006-11-08"));

    // A filter matching only the later mention still shows the cluster, by its head.
    let by_wire = f.store.events(&EventQuery {
        text: Some("hosted".into()),
        ..EventQuery::default()
    })?;
    assert_eq!(ids(&by_wire), vec![edm.id.as_str()]);

    // Most mentioned first.
    let top = f.store.events(&EventQuery {
        order: EventOrder::Mentions,
        limit: Some(2),
        ..EventQuery::default()
    })?;
    assert_eq!(top.first().map(|e| e.mentions), Some(2));
    assert_eq!(top.len(), 2);

    // Outside the window the second report is a separate event.
    f.store.recluster(0)?;
    let apart = f.store.events(&EventQuery {
        event_type: Some("CONSULT".into()),
        ..EventQuery::default()
    })?;
    assert_eq!(apart.len(), 2);
    assert!(apart.iter().all(|e| e.mentions == 1));
    Ok(())
}

fn filters_by_actor_status_dates_and_text(db: &Db) -> TestResult {
    let (mut f, written) = fixture(db)?;
    f.store.recluster(DEFAULT_WINDOW_DAYS)?;
    let q = |q: EventQuery| -> Result<Vec<String>, Error> {
        Ok(f.store
            .events(&EventQuery {
                mentions: true,
                ..q
            })?
            .into_iter()
            .map(|e| e.id)
            .collect())
    };
    let id = |d: usize, n: usize| written[d][n].id.clone();
    // Code prefix on either side, any case.
    assert_eq!(
        q(EventQuery {
            actor: Some("kazleg".into()),
            ..Default::default()
        })?,
        vec![id(2, 0), id(2, 2)]
    );
    assert_eq!(
        q(EventQuery {
            actor: Some("EGY".into()),
            ..Default::default()
        })?,
        vec![id(0, 0), id(0, 1), id(1, 0)]
    );
    // A piece of the actor's text.
    assert_eq!(
        q(EventQuery {
            actor: Some("hosni".into()),
            ..Default::default()
        })?,
        vec![id(1, 0)]
    );
    assert_eq!(
        q(EventQuery {
            status: Some("rejected".into()),
            ..Default::default()
        })?,
        vec![id(2, 1)]
    );
    // A month includes its days; partial dates compare as text; a date without a year is
    // in no range.
    assert_eq!(
        q(EventQuery {
            since: Some("2006-11-08".into()),
            until: Some("2007-05".into()),
            ..Default::default()
        })?,
        vec![id(1, 0), id(2, 0)]
    );
    assert_eq!(
        q(EventQuery {
            until: Some("2006-11".into()),
            ..Default::default()
        })?,
        vec![id(0, 0), id(0, 1), id(1, 0)]
    );
    assert_eq!(
        q(EventQuery {
            text: Some("senate rejected".into()),
            ..Default::default()
        })?,
        vec![id(2, 0), id(2, 2), id(2, 1)]
    );
    // Search syntax in user text is plain text, not an error.
    assert!(q(EventQuery {
        text: Some("NEAR( \"".into()),
        ..Default::default()
    })?
    .is_empty());
    assert_eq!(
        q(EventQuery {
            limit: Some(1),
            ..Default::default()
        })?
        .len(),
        1
    );

    // Lookup by unique prefix; an ambiguous one names candidates.
    let e = f.store.event(&id(2, 1)[..10])?.ok_or("no event")?;
    assert_eq!(e.event_type, "MOBILIZE");
    assert!(f.store.event("zzz")?.is_none());
    let prefix = &id(0, 0)[..8];
    assert!(matches!(
        f.store.event(prefix),
        Err(Error::AmbiguousPrefix { .. })
    ));
    Ok(())
}

fn recoding_replaces_a_documents_events_and_converges(db: &Db) -> TestResult {
    let (mut f, written) = fixture(db)?;
    f.store.recluster(DEFAULT_WINDOW_DAYS)?;
    let all = EventQuery {
        mentions: true,
        ..EventQuery::default()
    };
    let before = f.store.events(&all)?;

    // Recode document 1 with fewer events: the old ones go, clusters become stale.
    let fewer = vec![written[0][1].clone()];
    f.store.write_coded(&[coded(&f.docs[0], &fewer)])?;
    assert!(f.store.clusters_stale()?);
    f.store.recluster(DEFAULT_WINDOW_DAYS)?;
    let after = f.store.events(&all)?;
    assert_eq!(after.len(), 5);
    let wire = after
        .iter()
        .find(|e| e.id == written[1][0].id)
        .ok_or("wire event missing")?;
    assert_eq!(
        (wire.cluster.as_str(), wire.mentions),
        (wire.id.as_str(), 1)
    );

    // Recoding everything with the same events gives the same rows and clusters, twice.
    for _ in 0..2 {
        let batch: Vec<_> = f
            .docs
            .iter()
            .zip(&written)
            .map(|(d, e)| coded(d, e))
            .collect();
        f.store.write_coded(&batch)?;
        f.store.recluster(DEFAULT_WINDOW_DAYS)?;
        assert_eq!(f.store.events(&all)?, before);
    }
    // The sentence index follows the replacements: no stale or missing entries.
    let mubarak = f.store.events(&EventQuery {
        text: Some("Mubarak".into()),
        mentions: true,
        ..EventQuery::default()
    })?;
    assert_eq!(
        ids(&mubarak),
        vec![&written[0][0].id, &written[0][1].id, &written[1][0].id]
    );
    if !db.is_pg() {
        let conn = rusqlite::Connection::open(f.store.path())?;
        conn.execute(
            "INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )?;
    }
    assert_eq!(f.store.coded_with_other("test-1")?, 0);
    assert_eq!(f.store.coded_with_other("test-2")?, 3);
    Ok(())
}

fn reclustering_only_what_changed_equals_reclustering_everything(db: &Db) -> TestResult {
    let (mut f, written) = fixture(db)?;
    let all = EventQuery {
        mentions: true,
        ..EventQuery::default()
    };
    let check = |store: &mut Store| -> TestResult {
        store.recluster_stale(DEFAULT_WINDOW_DAYS)?;
        assert!(!store.clusters_stale()?);
        let incremental = store.events(&all)?;
        let clusters: Vec<_> = incremental
            .iter()
            .filter_map(|e| store.cluster(&e.cluster).transpose())
            .collect::<Result<_, _>>()?;
        let summary = store.recluster(DEFAULT_WINDOW_DAYS)?;
        assert_eq!(summary.changed, 0, "full reclustering changed nothing");
        assert_eq!(store.events(&all)?, incremental);
        let again: Vec<_> = incremental
            .iter()
            .filter_map(|e| store.cluster(&e.cluster).transpose())
            .collect::<Result<_, _>>()?;
        assert_eq!(clusters, again);
        assert_eq!(
            clusters.len(),
            incremental.len(),
            "every event has its cluster row"
        );
        Ok(())
    };
    check(&mut f.store)?;
    // Nothing stale: nothing to do.
    assert_eq!(f.store.recluster_stale(DEFAULT_WINDOW_DAYS)?.events, 0);

    // The head of the two-source meeting goes: its other mention must be reassigned.
    f.store
        .write_coded(&[coded(&f.docs[0], std::slice::from_ref(&written[0][1]))])?;
    check(&mut f.store)?;
    // It comes back, and a third report of the meeting arrives in a new document.
    let extra = doc(
        "https://third.example.net/3",
        Some("Third Wire"),
        "Mubarak and Nazarbayev met in Astana. They spoke of trade.",
    );
    f.store.write_batch(std::slice::from_ref(&extra))?;
    let third = vec![event(
        &extra,
        0,
        "CONSULT",
        ("Nazarbayev", "KAZ"),
        Some(("Mubarak", "EGYGOV")),
        Some("2006-11-09"),
        Status::Occurred,
    )];
    f.store
        .write_coded(&[coded(&f.docs[0], &written[0]), coded(&extra, &third)])?;
    let summary = f.store.recluster_stale(DEFAULT_WINDOW_DAYS)?;
    assert_eq!(
        summary.events, 4,
        "only the CONSULT and AGREE buckets: {summary:?}"
    );
    check(&mut f.store)?;
    let meeting = f.store.cluster(&written[0][0].id)?.ok_or("no cluster")?;
    assert_eq!(meeting.mentions, 3);
    assert_eq!(meeting.sources.len(), 3);
    Ok(())
}

fn bad_events_roll_back_the_batch(db: &Db) -> TestResult {
    let (mut f, written) = fixture(db)?;
    let before = f.store.event_stats()?;
    // An event claiming another document.
    let wrong = vec![written[1][0].clone()];
    let e = f
        .store
        .write_coded(&[coded(&f.docs[0], &[]), coded(&f.docs[2], &wrong)]);
    assert!(matches!(e, Err(Error::InvalidEvent { .. })), "{e:?}");
    // Another document's id reused.
    let mut stolen = written[1][0].clone();
    stolen.doc_id = f.docs[2].id.clone();
    let e = f.store.write_coded(&[coded(&f.docs[2], &[stolen])]);
    assert!(
        matches!(&e, Err(Error::InvalidEvent { detail, .. }) if detail.contains("already used")),
        "{e:?}"
    );
    assert_eq!(
        f.store.event_stats()?,
        before,
        "nothing of a failed batch is written"
    );
    // The same id twice in one document keeps one.
    let twice = vec![written[2][0].clone(), written[2][0].clone()];
    f.store.write_coded(&[coded(&f.docs[2], &twice)])?;
    assert_eq!(f.store.event_stats()?.events, before.events - 2);
    Ok(())
}

/// `write_coded` runs without SQLite's foreign-key checks and fails as they did.
#[test]
fn coding_a_document_not_stored_fails_and_writes_nothing() -> TestResult {
    let (mut f, written) = fixture(&Db::sqlite())?;
    let before = f.store.event_stats()?;
    let ghost = doc(
        "/corpus/ghost.txt",
        None,
        "Nobody stored this text. Nothing else.",
    );
    let e = f
        .store
        .write_coded(&[coded(&f.docs[0], &[]), coded(&ghost, &[])]);
    assert!(
        matches!(&e, Err(Error::Sqlite { source, .. })
            if source.to_string() == "FOREIGN KEY constraint failed"),
        "{e:?}"
    );
    let mut orphan = written[0][0].clone();
    orphan.id = "ghost-0".into();
    orphan.doc_id = ghost.id.clone();
    let e = f.store.write_coded(&[coded(&ghost, &[orphan])]);
    assert!(
        matches!(&e, Err(Error::Sqlite { source, .. })
            if source.to_string().starts_with("NOT NULL constraint failed")),
        "{e:?}"
    );
    assert_eq!(f.store.event_stats()?, before, "nothing was written");
    // The checks are back on for everything else.
    f.store.write_coded(&[coded(&f.docs[0], &written[0])])?;
    Ok(())
}

fn new_documents_are_uncoded_until_written(db: &Db) -> TestResult {
    let (mut f, _) = fixture(db)?;
    let extra = doc("/corpus/new.txt", None, "Nothing happened here at all.");
    f.store.write_batch(std::slice::from_ref(&extra))?;
    assert_eq!(f.store.uncoded_documents()?, vec![extra.id.clone()]);
    assert_eq!(f.store.document_ids()?.len(), 4);
    f.store.write_events(&extra.id, "test-1", &[])?;
    assert!(f.store.uncoded_documents()?.is_empty());
    Ok(())
}

/// `n` short reports from `sites` sites.
fn reports(n: usize, sites: usize) -> Vec<Document> {
    (0..n)
        .map(|k| {
            doc(
                &format!("https://site{}.example.com/{k}", k % sites),
                None,
                &format!("Report {k}: Kazakhstan met Russia. Talks {k} went on."),
            )
        })
        .collect()
}

/// Not a timed test: `cargo test --release -p tamga-store --test events -- --ignored
/// --nocapture` prints how long writing, clustering and reading 100,000 events take.
#[test]
#[ignore = "benchmark"]
fn throughput_of_100k_events() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("t.db"))?;
    let docs = reports(1000, 37);
    store.write_batch(&docs)?;
    let types = ["CONSULT", "AGREE", "ACCUSE", "REJECT", "AID"];
    let actors = [
        ("Kazakhstan", "KAZ"),
        ("Russia", "RUS"),
        ("Kazakhstan", "KAZGOV"),
    ];
    let events: Vec<Vec<Event>> = docs
        .iter()
        .enumerate()
        .map(|(n, d)| {
            (0..100)
                .map(|k| {
                    let day = 1 + (n * 7 + k) % 28;
                    event(
                        d,
                        k,
                        types[k % types.len()],
                        actors[k % 3],
                        Some(actors[(k + 1) % 3]),
                        Some(&format!("2007-{:02}-{day:02}", 1 + (n + k) % 12)),
                        Status::Occurred,
                    )
                })
                .map(|mut e| {
                    e.id = format!("{}-{}", d.id, e.id);
                    e
                })
                .collect()
        })
        .collect();
    let started = std::time::Instant::now();
    for (chunk_docs, chunk_events) in docs.chunks(64).zip(events.chunks(64)) {
        let batch: Vec<_> = chunk_docs
            .iter()
            .zip(chunk_events)
            .map(|(d, e)| coded(d, e))
            .collect();
        store.write_coded(&batch)?;
    }
    let written = started.elapsed();
    let started = std::time::Instant::now();
    let summary = store.recluster(DEFAULT_WINDOW_DAYS)?;
    let clustered = started.elapsed();
    // One more document recoded: only its buckets are clustered again.
    store.write_coded(&[coded(&docs[0], &events[0][..50])])?;
    let started = std::time::Instant::now();
    let partial = store.recluster_stale(DEFAULT_WINDOW_DAYS)?;
    let reclustered = started.elapsed();
    let started = std::time::Instant::now();
    let top = store.events(&EventQuery {
        order: EventOrder::Mentions,
        limit: Some(10),
        ..EventQuery::default()
    })?;
    let kaz = store.events(&EventQuery {
        actor: Some("KAZGOV".into()),
        since: Some("2007-03".into()),
        until: Some("2007-04".into()),
        ..EventQuery::default()
    })?;
    let read = started.elapsed();
    println!(
        "100k events: write {written:?}, recluster {clustered:?} ({} clusters), one document \
         recoded: {reclustered:?} for {} events; top 10 + filtered query ({} rows) {read:?}; \
         top mentions {}",
        summary.clusters,
        partial.events,
        kaz.len(),
        top.first().map_or(0, |e| e.mentions)
    );
    assert_eq!(summary.events, 100_000);
    Ok(())
}

/// More stale events than one clustering group holds (8,192), in some 2,600 buckets of a few
/// events each: clustering only what changed, a group of buckets at a time, gives what
/// clustering everything at once gives.
#[test]
fn reclustering_in_groups_equals_reclustering_everything() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("t.db"))?;
    let docs = reports(120, 7);
    store.write_batch(&docs)?;
    let types = ["CONSULT", "AGREE", "ACCUSE"];
    // Thirty countries: some 2,600 buckets of a type and a dyad.
    let codes: Vec<String> = (0u8..30)
        .map(|i| {
            format!(
                "Q{}{}",
                char::from(b'A' + i / 26),
                char::from(b'A' + i % 26)
            )
        })
        .collect();
    let events: Vec<Vec<Event>> = docs
        .iter()
        .enumerate()
        .map(|(n, d)| {
            (0..80)
                .map(|k| {
                    let src = &codes[(n + k) % 30];
                    let tgt = &codes[(n + 2 * k + 1) % 30];
                    let tgt = if tgt == src {
                        &codes[(n + k + 1) % 30]
                    } else {
                        tgt
                    };
                    // Every fifth undated: a bucket of its document.
                    let date = (k % 5 != 0).then(|| format!("2007-03-{:02}", 1 + k % 3));
                    event(
                        d,
                        k,
                        types[k % types.len()],
                        (src, src),
                        Some((tgt, tgt)),
                        date.as_deref(),
                        Status::Occurred,
                    )
                })
                .map(|mut e| {
                    e.id = format!("{}-{}", d.id, e.id);
                    e
                })
                .collect()
        })
        .collect();
    let batch: Vec<_> = docs.iter().zip(&events).map(|(d, e)| coded(d, e)).collect();
    store.write_coded(&batch)?;
    let all = EventQuery {
        mentions: true,
        ..EventQuery::default()
    };
    let summary = store.recluster_stale(DEFAULT_WINDOW_DAYS)?;
    assert_eq!(summary.events, 9_600);
    assert!(!store.clusters_stale()?);
    let incremental = store.events(&all)?;
    assert!(
        incremental.iter().any(|e| e.mentions >= 3),
        "reports of one event cluster"
    );
    let full = store.recluster(DEFAULT_WINDOW_DAYS)?;
    assert_eq!(full.changed, 0, "full reclustering changed nothing");
    assert_eq!(full.clusters, summary.clusters);
    assert_eq!(store.events(&all)?, incremental);
    Ok(())
}

/// Pages read by key (each after the previous page's last event) add up to the whole list,
/// in every order and direction, across dated, year-less and undated events.
fn keyset_pages_add_up_to_the_whole_list(db: &Db) -> TestResult {
    let (mut f, written) = fixture(db)?;
    f.store.recluster(DEFAULT_WINDOW_DAYS)?;
    let undated = &written[2][1].id;
    for order in [
        EventOrder::Date,
        EventOrder::Mentions,
        EventOrder::Goldstein,
    ] {
        for descending in [false, true] {
            for mentions in [false, true] {
                let q = EventQuery {
                    order,
                    descending: Some(descending),
                    mentions,
                    ..EventQuery::default()
                };
                let all: Vec<String> = f.store.events(&q)?.into_iter().map(|e| e.id).collect();
                assert!(all.len() >= 4, "{all:?}");
                if order == EventOrder::Date {
                    assert_eq!(all.last(), Some(undated), "undated last: {all:?}");
                }
                for size in [1, 2, 3] {
                    let mut paged = Vec::new();
                    let mut after = None;
                    loop {
                        let page = f.store.events_keyed(&EventQuery {
                            after: after.clone(),
                            limit: Some(size),
                            ..q.clone()
                        })?;
                        assert!(page.len() <= size);
                        let Some((_, last)) = page.last() else { break };
                        after = Some(last.clone());
                        paged.extend(page.into_iter().map(|(e, _)| e.id));
                        assert!(
                            paged.len() <= all.len(),
                            "{order:?} {descending}: {paged:?}"
                        );
                    }
                    assert_eq!(
                        paged, all,
                        "{order:?} desc={descending} mentions={mentions}"
                    );
                }
            }
        }
    }
    // A key survives its string form; other strings are no key.
    let first = f.store.events_keyed(&EventQuery {
        limit: Some(1),
        ..EventQuery::default()
    })?;
    let (_, key) = first.first().ok_or("no event")?;
    assert_eq!(
        tamga_store::EventKey::decode(&key.encode()).as_ref(),
        Some(key)
    );
    for bad in ["", "zz", "7b7d", "0", &key.encode()[2..]] {
        assert!(tamga_store::EventKey::decode(bad).is_none(), "{bad}");
    }
    Ok(())
}

on_both_backends!(
    keyset_pages_add_up_to_the_whole_list,
    events_round_trip_and_documents_count_as_coded,
    one_meeting_reported_twice_is_one_cluster_with_two_sources,
    filters_by_actor_status_dates_and_text,
    recoding_replaces_a_documents_events_and_converges,
    reclustering_only_what_changed_equals_reclustering_everything,
    bad_events_roll_back_the_batch,
    new_documents_are_uncoded_until_written,
);
