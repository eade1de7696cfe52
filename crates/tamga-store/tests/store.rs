//! The store's contract as the binary relies on it: outcomes of writing, atomic batches,
//! search with any user string, prefix lookup, schema versions, and readers during a write.

mod common;

use common::Db;
use std::ops::ControlFlow;
use std::path::Path;
use std::time::{Duration, Instant};
use tamga_ingest::dedup::{simhash, text_id, NEAR_DUPLICATE_BITS};
use tamga_ingest::{BlockKind, DateSource, Document, Format, Paragraph, PartialDate};
use tamga_store::{DocQuery, DupKind, Error, Outcome, Store};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A document as the ingest stage would build it: blank-line-separated paragraphs.
fn doc(uri: &str, raw: &str, text: &str) -> Document {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for part in text.split("\n\n") {
        paragraphs.push(Paragraph {
            start,
            end: start + part.len(),
            kind: if start == 0 {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            },
        });
        start += part.len() + 2;
    }
    Document {
        id: text_id(text),
        uri: uri.to_owned(),
        name: uri.rsplit('/').next().unwrap_or(uri).to_owned(),
        source: Some("Example Wire".into()),
        title: text.split("\n\n").next().map(str::to_owned),
        authors: vec!["A. Writer".into(), "B. Editor".into()],
        published: PartialDate::new(2006, Some(11), None),
        date_source: Some(DateSource::Meta),
        lang: Some("en".into()),
        text: text.to_owned(),
        paragraphs,
        raw_hash: format!("raw-{raw}"),
        simhash: simhash(text),
        format: Format::Html,
    }
}

const SENATE: &str = "Senate rejects deployment bill\n\nThe upper house of parliament \
    rejected the bill to send four officers abroad, two weeks after the lower house approved \
    it.\n\nSenators said public opinion was against the deployment.";
const TROOPS: &str = "Joint exercises begin\n\nTroops from six member states began joint \
    exercises near the border on Monday, the defence ministry said.";
const PIPELINE: &str = "Pipeline talks stall\n\nNegotiators failed to agree on transit fees \
    for the planned gas pipeline, officials said after a third round of talks.";

fn open(dir: &tempfile::TempDir) -> Result<Store, Error> {
    Store::open(&dir.path().join("tamga.db"))
}

fn ids(docs: &[Document]) -> Vec<&str> {
    docs.iter().map(|d| d.id.as_str()).collect()
}

fn documents_round_trip_with_paragraphs_in_ingest_order(db: &Db) -> TestResult {
    let mut store = db.open()?;
    let written = [
        doc("a.html", "1", TROOPS),
        doc("b.html", "2", SENATE),
        doc("c.html", "3", PIPELINE),
    ];
    assert_eq!(store.write_batch(&written)?, vec![Outcome::Stored; 3]);
    let mut plain = doc("d.txt", "4", "Short note\n\nNothing else.");
    plain.title = None;
    plain.authors.clear();
    plain.published = None;
    plain.date_source = None;
    plain.source = None;
    plain.lang = None;
    plain.format = Format::Text;
    plain.simhash = u64::MAX;
    assert_eq!(store.write_batch(&[plain.clone()])?, vec![Outcome::Stored]);

    let read = store.documents(&DocQuery::default())?;
    let mut expected = written.to_vec();
    expected.push(plain);
    assert_eq!(read, expected);

    let two = store.documents(&DocQuery {
        text: None,
        limit: Some(2),
    })?;
    assert_eq!(ids(&two), ids(&expected[..2]));
    Ok(())
}

fn reingesting_the_same_input_is_unchanged_and_writes_nothing(db: &Db) -> TestResult {
    let mut store = db.open()?;
    let batch = [doc("a.html", "1", TROOPS), doc("b.html", "2", SENATE)];
    store.write_batch(&batch)?;
    let before = store.stats()?;
    let changes = |s: &Store| -> Result<i64, Box<dyn std::error::Error>> {
        if db.is_pg() {
            return Ok(i64::try_from(s.stats()?.inputs)?);
        }
        let conn = rusqlite::Connection::open(s.path())?;
        Ok(conn.query_row("SELECT count(*) FROM inputs", [], |r| r.get(0))?)
    };
    let inputs_before = changes(&store)?;

    assert_eq!(store.write_batch(&batch)?, vec![Outcome::Unchanged; 2]);
    // Same text from the same uri with different raw bytes (a changed ad, a timestamp).
    let reformatted = doc("a.html", "1-reformatted", TROOPS);
    assert_eq!(store.write_batch(&[reformatted])?, vec![Outcome::Unchanged]);
    // The same input twice in one batch: the second sees the first.
    let fresh = doc("c.html", "3", PIPELINE);
    assert_eq!(
        store.write_batch(&[fresh.clone(), fresh])?,
        vec![Outcome::Stored, Outcome::Unchanged]
    );

    let after = store.stats()?;
    assert_eq!(after.documents, before.documents + 1);
    assert_eq!(after.inputs, before.inputs + 1);
    assert_eq!(changes(&store)?, inputs_before + 1);
    Ok(())
}

fn exact_duplicates_link_to_the_kept_document(db: &Db) -> TestResult {
    let mut store = db.open()?;
    let kept = doc("wire/a.html", "1", SENATE);
    // Same text up to case and spacing: same id.
    let copy = doc(
        "mirror/a.html",
        "2",
        &SENATE.replace("Senate", "SENATE").replace(' ', "  "),
    );
    assert_eq!(copy.id, kept.id);
    let outcomes = store.write_batch(&[kept.clone(), copy.clone()])?;
    assert_eq!(
        outcomes,
        vec![
            Outcome::Stored,
            Outcome::Duplicate {
                of: kept.id.clone(),
                kind: DupKind::Exact,
                distance: 0
            }
        ]
    );
    // The duplicate is recognized again, with other bytes too.
    let copy_again = doc("mirror/a.html", "2b", &copy.text);
    assert_eq!(
        store.write_batch(&[copy.clone(), copy_again])?,
        vec![Outcome::Unchanged; 2]
    );

    let stats = store.stats()?;
    assert_eq!(
        (stats.documents, stats.duplicates, stats.exact_duplicates),
        (1, 1, 1)
    );
    assert_eq!(stats.inputs, 2);
    let dups = store.duplicates(None)?;
    assert_eq!(dups.len(), 1);
    assert_eq!(dups[0].uri, "mirror/a.html");
    assert_eq!(dups[0].kept, kept.id);
    assert_eq!(store.documents(&DocQuery::default())?, vec![kept]);
    Ok(())
}

fn near_duplicates_are_found_across_bands_up_to_the_threshold(db: &Db) -> TestResult {
    let mut store = db.open()?;
    let base = 0x0123_4567_89ab_cdefu64;
    let mut kept = doc("a.html", "1", SENATE);
    kept.simhash = base;
    store.write_batch(&[kept.clone()])?;

    // Flip one bit in each of NEAR_DUPLICATE_BITS different bands: only the untouched band(s)
    // can find the candidate.
    let flips: u64 = (0..NEAR_DUPLICATE_BITS).map(|b| 1u64 << (16 * b + 3)).sum();
    let mut near = doc("b.html", "2", TROOPS);
    near.simhash = base ^ flips;
    // One bit more is not a near-duplicate.
    let mut far = doc("c.html", "3", PIPELINE);
    far.simhash = base ^ flips ^ (1 << 63) ^ (1 << 62);
    let outcomes = store.write_batch(&[near.clone(), far.clone()])?;
    assert_eq!(
        outcomes,
        vec![
            Outcome::Duplicate {
                of: kept.id.clone(),
                kind: DupKind::Near,
                distance: NEAR_DUPLICATE_BITS
            },
            Outcome::Stored
        ]
    );
    // A later document close to both: the closest wins.
    let mut closer_to_far = doc("d.html", "4", "Another text\n\nwith other words.");
    closer_to_far.simhash = far.simhash ^ 1;
    assert_eq!(
        store.write_batch(&[closer_to_far])?,
        vec![Outcome::Duplicate {
            of: far.id.clone(),
            kind: DupKind::Near,
            distance: 1
        }]
    );
    let stats = store.stats()?;
    assert_eq!(
        (stats.documents, stats.near_duplicates, stats.inputs),
        (2, 2, 4)
    );
    // The near-duplicate is not searchable as a document.
    let found = store.documents(&DocQuery {
        text: Some("troops".into()),
        limit: None,
    })?;
    assert!(found.is_empty());
    Ok(())
}

fn a_failing_document_rolls_back_the_whole_batch(db: &Db) -> TestResult {
    let mut store = db.open()?;
    store.write_batch(&[doc("a.html", "1", TROOPS)])?;
    let before = store.stats()?;

    let good = doc("b.html", "2", SENATE);
    let dup = doc("c.html", "3", TROOPS);
    let mut broken = doc("d.html", "4", PIPELINE);
    broken.paragraphs.push(Paragraph {
        start: 10,
        end: broken.text.len() + 5,
        kind: BlockKind::Paragraph,
    });
    let err = store.write_batch(&[good.clone(), dup, broken]);
    assert!(
        matches!(err, Err(Error::InvalidDocument { ref uri, .. }) if uri == "d.html"),
        "{err:?}"
    );
    assert!(err.is_err_and(|e| e.to_string().contains(&db.target)));

    // Nothing of the batch is visible, through this handle or a fresh one.
    assert_eq!(store.stats()?, before);
    let other = db.open()?;
    assert_eq!(other.stats()?, before);
    assert_eq!(other.document(&good.id)?, None);
    // And the batch goes through once the bad document is left out.
    assert_eq!(store.write_batch(&[good])?.first(), Some(&Outcome::Stored));
    Ok(())
}

fn search_ranks_title_and_text_and_survives_hostile_strings(db: &Db) -> TestResult {
    let mut store = db.open()?;
    store.write_batch(&[
        doc("a.html", "1", TROOPS),
        doc("b.html", "2", SENATE),
        doc("c.html", "3", PIPELINE),
    ])?;
    let search = |q: &str| -> Result<Vec<String>, Error> {
        Ok(store
            .documents(&DocQuery {
                text: Some(q.to_owned()),
                limit: None,
            })?
            .into_iter()
            .map(|d| d.uri)
            .collect())
    };
    assert_eq!(search("senators")?, ["b.html"]);
    assert_eq!(search("SENATE deployment")?, ["b.html"]);
    assert_eq!(search("talks")?, ["c.html"]);
    assert_eq!(search("pipe*")?, ["c.html"]);
    assert_eq!(search("senate pipeline")?, Vec::<String>::new());
    assert_eq!(search("said")?.len(), 3);
    // Operators are words, not syntax.
    assert_eq!(search("the OR nothing")?, Vec::<String>::new());

    for hostile in [
        "\"",
        "\"senate",
        "*",
        "senate*\"",
        "NEAR(",
        "NEAR(senate bill, 2)",
        "'; DROP TABLE documents; --",
        "title:senate",
        "-senate",
        "^senate",
        "senate AND",
        "(((",
        "a\0b",
        "",
        "   ",
        "{text title}: senate",
        "\u{feff}senate\u{200b}",
    ] {
        let r = search(hostile);
        assert!(r.is_ok(), "{hostile:?}: {r:?}");
    }
    assert_eq!(search("'; DROP TABLE documents; --")?, Vec::<String>::new());
    assert_eq!(search("title:senate")?, Vec::<String>::new());
    assert_eq!(search("NEAR(senate")?, Vec::<String>::new());
    assert_eq!(store.stats()?.documents, 3);
    Ok(())
}

fn ids_resolve_by_unique_prefix(db: &Db) -> TestResult {
    let mut store = db.open()?;
    // Ids chosen to share prefixes; the store treats ids as opaque keys.
    let mut docs = Vec::new();
    for (i, (id, text)) in [("abc111", TROOPS), ("abc222", SENATE), ("abd333", PIPELINE)]
        .into_iter()
        .enumerate()
    {
        let mut d = doc(&format!("{i}.html"), &i.to_string(), text);
        d.id = id.to_owned();
        d.name = format!("story-{i}");
        docs.push(d);
    }
    store.write_batch(&docs)?;

    let found =
        |key: &str| -> Result<Option<String>, Error> { Ok(store.document(key)?.map(|d| d.id)) };
    assert_eq!(found("abc111")?.as_deref(), Some("abc111"));
    assert_eq!(found("abc2")?.as_deref(), Some("abc222"));
    assert_eq!(found("ABD")?.as_deref(), Some("abd333"));
    assert_eq!(found(" abd3 ")?.as_deref(), Some("abd333"));
    assert_eq!(found("abe")?, None);
    assert_eq!(found("")?, None);
    assert_eq!(found("zzz")?, None);
    assert_eq!(found("%")?, None);
    let err = store.document("ab");
    assert!(
        matches!(&err, Err(Error::AmbiguousPrefix { candidates, more: false, .. })
            if candidates.len() == 3),
        "{err:?}"
    );
    assert!(matches!(
        store.document("abc"),
        Err(Error::AmbiguousPrefix { .. })
    ));
    // By uri or name, exactly.
    let by = |key: &str| -> Result<Option<String>, Error> {
        Ok(store.document_by_uri_or_name(key)?.map(|d| d.id))
    };
    assert_eq!(by("1.html")?.as_deref(), Some("abc222"));
    assert_eq!(by("story-2")?.as_deref(), Some("abd333"));
    assert_eq!(by("2")?, None);
    assert_eq!(by("1.htm")?, None);
    // The paragraphs come back with the document.
    let d = store.document("abc2")?;
    assert_eq!(d.map(|d| d.paragraphs), Some(docs[1].paragraphs.clone()));
    Ok(())
}

#[test]
fn reopen_keeps_data_and_version_checks_refuse_unknown_files() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("tamga.db");
    {
        let mut store = Store::open(&path)?;
        store.write_batch(&[doc("a.html", "1", TROOPS)])?;
    }
    let store = Store::open(&path)?;
    assert_eq!(store.stats()?.documents, 1);
    let ro = Store::open_read_only(&path)?;
    assert_eq!(ro.documents(&DocQuery::default())?.len(), 1);
    drop((store, ro));

    // A newer tamga's store.
    rusqlite::Connection::open(&path)?.pragma_update(None, "user_version", 99)?;
    for r in [Store::open(&path), Store::open_read_only(&path)] {
        let e = r.err();
        assert!(matches!(e, Some(Error::TooNew { found: 99, .. })), "{e:?}");
    }

    // Some other program's SQLite file is left alone.
    let foreign = dir.path().join("other.db");
    rusqlite::Connection::open(&foreign)?.execute_batch("CREATE TABLE t (x)")?;
    assert!(matches!(Store::open(&foreign), Err(Error::NotTamga { .. })));
    let mode: String =
        rusqlite::Connection::open(&foreign)?
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    assert_eq!(mode, "delete", "the foreign file was modified");
    // Not SQLite at all.
    let junk = dir.path().join("junk.db");
    std::fs::write(
        &junk,
        b"this is not a database file, just some text bytes".repeat(100),
    )?;
    let e = Store::open(&junk).err();
    assert!(
        matches!(&e, Some(Error::Sqlite { path, .. }) if path == &junk),
        "{e:?}"
    );
    // Reading never creates a store.
    let missing = dir.path().join("missing.db");
    assert!(matches!(
        Store::open_read_only(&missing),
        Err(Error::Missing { .. })
    ));
    assert!(!missing.exists());
    Ok(())
}

#[test]
fn readers_do_not_wait_for_an_open_write_transaction() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("tamga.db");
    let mut store = Store::open(&path)?;
    store.write_batch(&[doc("a.html", "1", TROOPS)])?;

    // Another process in the middle of a write transaction, holding the write lock.
    let writer = rusqlite::Connection::open(&path)?;
    writer.execute_batch(
        "BEGIN IMMEDIATE; \
         INSERT INTO documents (id, uri, name, authors, text, raw_hash, simhash, format, \
             ingested_at) VALUES ('ffff', 'w.html', 'w', '[]', 'uncommitted words', 'r', 0, \
             'text', 'now');",
    )?;

    let reader = Store::open_read_only(&path)?;
    let start = Instant::now();
    let docs = reader.documents(&DocQuery::default())?;
    let found = reader.documents(&DocQuery {
        text: Some("uncommitted".into()),
        limit: None,
    })?;
    let stats = store.stats()?;
    // Well under the busy timeout: nothing waited for the lock.
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(ids(&docs), [doc("a.html", "1", TROOPS).id.as_str()]);
    assert!(found.is_empty());
    assert_eq!(stats.documents, 1);

    writer.execute_batch("COMMIT")?;
    assert_eq!(reader.stats()?.documents, 2);
    Ok(())
}

fn iteration_stops_when_asked_and_allows_nested_reads(db: &Db) -> TestResult {
    let mut store = db.open()?;
    store.write_batch(&[
        doc("a.html", "1", TROOPS),
        doc("b.html", "2", SENATE),
        doc("c.html", "3", PIPELINE),
    ])?;
    let mut seen = Vec::new();
    let mut nested = Ok(());
    store.for_each_document(&DocQuery::default(), |d| {
        // A lookup from inside the loop must not trip over the loop's snapshot.
        nested = store
            .document(&d.id)
            .map(|found| assert_eq!(found.as_ref(), Some(&d)));
        seen.push(d.uri);
        if seen.len() == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })?;
    nested?;
    assert_eq!(seen, ["a.html", "b.html"]);
    Ok(())
}

#[test]
fn path_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let store = open(&dir)?;
    assert_eq!(store.path(), Path::new(&dir.path().join("tamga.db")));
    Ok(())
}

#[test]
fn postgres_targets_are_reported_without_their_password() -> TestResult {
    let Some(db) = Db::postgres() else {
        return Ok(());
    };
    let store = db.open()?;
    assert!(store.is_postgres());
    assert_eq!(store.path(), Path::new(&db.target));
    // A wrong password: the message names the server but never the password.
    let Some((scheme, rest)) = db.target.split_once("://") else {
        return Err("test URL without a scheme".into());
    };
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let bad = format!("{scheme}://nobody:s3cr3t-pw@{host}");
    let msg = match Store::connect(&bad) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    };
    assert!(!msg.contains("s3cr3t-pw"), "{msg}");
    let unreachable = "postgres://u:hunter2@127.0.0.1:1/db";
    let e = Store::connect(unreachable)
        .err()
        .ok_or("connected to port 1")?;
    assert!(!e.to_string().contains("hunter2"), "{e}");
    assert!(e.to_string().contains("u:***@127.0.0.1:1"), "{e}");
    Ok(())
}

on_both_backends!(
    documents_round_trip_with_paragraphs_in_ingest_order,
    reingesting_the_same_input_is_unchanged_and_writes_nothing,
    exact_duplicates_link_to_the_kept_document,
    near_duplicates_are_found_across_bands_up_to_the_threshold,
    a_failing_document_rolls_back_the_whole_batch,
    search_ranks_title_and_text_and_survives_hostile_strings,
    ids_resolve_by_unique_prefix,
    iteration_stops_when_asked_and_allows_nested_reads,
);
