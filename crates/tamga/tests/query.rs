//! The analysts' queries through the real binary on a store made by `tamga run` over the seed
//! corpus: the new `events` filters and sorts, `quotes`, `actors-top` and `stats`, each checked
//! against the plain event listing.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{jsonl, run_ok, seeds, tamga};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

/// One seeded store per backend shared by the tests of this file (they only read it).
fn db() -> &'static str {
    static SQLITE: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    static PG: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    let cell = match common::backend() {
        common::Backend::Sqlite => &SQLITE,
        common::Backend::Postgres => &PG,
    };
    let (_, target) = cell.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let db = common::TestDb::new_in(tmp.path(), "t.db");
        run_ok(tamga().arg("--db").arg(&db).arg("run").arg(seeds()));
        (tmp, db.keep())
    });
    target
}

fn query(args: &[&str]) -> Vec<Value> {
    jsonl(&run_ok(tamga().arg("--db").arg(db()).args(args)))
}

fn events(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["events", "--format", "jsonl", "--mentions"];
    all.extend_from_slice(args);
    query(&all)
}

fn ids(events: &[Value]) -> HashSet<String> {
    events
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

/// The filter keeps exactly the events the predicate accepts.
fn narrows(args: &[&str], keep: impl Fn(&Value) -> bool) {
    let all = events(&[]);
    let expected: HashSet<String> =
        ids(&all.iter().filter(|e| keep(e)).cloned().collect::<Vec<_>>());
    let got = ids(&events(args));
    assert!(
        !expected.is_empty(),
        "{args:?}: the seeds hold no such event"
    );
    assert!(
        expected.len() < all.len(),
        "{args:?}: the filter keeps everything"
    );
    assert_eq!(got, expected, "{args:?}");
}

fn filters_keep_exactly_the_matching_events() {
    let country = |e: &Value, c: &str| {
        e["source"]["country"].as_str() == Some(c) || e["target"]["country"].as_str() == Some(c)
    };
    narrows(&["--country", "egy"], |e| country(e, "EGY"));
    narrows(&["--root", "4"], |e| str_of(e, "cameo_root") == "04");
    narrows(&["--quad", "4"], |e| e["quad_class"] == 4);
    narrows(&["--place", "astana"], |e| {
        str_of(&e["location"], "name")
            .to_lowercase()
            .contains("astana")
    });
    narrows(&["--place", "UZB"], |e| {
        str_of(&e["location"], "country") == "UZB"
    });
    narrows(&["--source", "004_"], |e| {
        str_of(e, "doc_uri").contains("004_")
    });
    // Filters combine: every one must hold.
    narrows(&["--country", "KAZ", "--quad", "1"], |e| {
        country(e, "KAZ") && e["quad_class"] == 1
    });
}

fn new_filters_leave_the_cluster_listing_one_row_per_cluster() {
    let heads = query(&["events", "--format", "jsonl", "--country", "KAZ"]);
    let clusters: HashSet<&str> = heads.iter().map(|e| str_of(e, "cluster")).collect();
    assert_eq!(clusters.len(), heads.len());
    assert!(heads.iter().all(|e| e["id"] == e["cluster"]));
}

fn sorts_follow_the_key_and_desc_reverses_it() {
    let g: Vec<f64> = events(&["--sort", "goldstein"])
        .iter()
        .map(|e| e["goldstein"].as_f64().unwrap())
        .collect();
    assert!(g.windows(2).all(|w| w[0] <= w[1]), "{g:?}");
    let g: Vec<f64> = events(&["--sort", "goldstein", "--desc"])
        .iter()
        .map(|e| e["goldstein"].as_f64().unwrap())
        .collect();
    assert!(g.windows(2).all(|w| w[0] >= w[1]), "{g:?}");
    let m: Vec<u64> = query(&[
        "events", "--format", "jsonl", "--sort", "mentions", "--desc",
    ])
    .iter()
    .map(|e| e["mentions"].as_u64().unwrap())
    .collect();
    assert!(m.windows(2).all(|w| w[0] >= w[1]), "{m:?}");
    assert!(
        m.first().is_some_and(|&n| n > 1),
        "no cluster of several mentions: {m:?}"
    );
    // Newest first, undated last: the reverse of the default order among dated events.
    let dated = |v: Vec<Value>| -> Vec<String> {
        v.iter()
            .filter(|e| str_of(e, "date").len() >= 4 && !str_of(e, "date").starts_with('-'))
            .map(|e| str_of(e, "date").to_owned())
            .collect()
    };
    let asc = dated(events(&[]));
    let desc = dated(events(&["--desc"]));
    assert!(asc.len() > 2);
    let (first, last) = (asc.first().unwrap(), asc.last().unwrap());
    assert_eq!(desc.first(), Some(last));
    assert_eq!(desc.last(), Some(first));
    let all = events(&["--desc"]);
    let first_undated = all.iter().position(|e| e["date"].is_null());
    if let Some(i) = first_undated {
        assert!(
            all[i..].iter().all(|e| e["date"].is_null()),
            "undated events come last"
        );
    }
}

fn quotes_by_speaker_find_the_astana_times_defence_minister() {
    let all = query(&["quotes", "--format", "jsonl"]);
    assert!(all.len() >= 5, "{all:?}");
    let minister = query(&["quotes", "--format", "jsonl", "--speaker", "MINISTER"]);
    assert!(!minister.is_empty());
    assert!(minister
        .iter()
        .all(|q| str_of(q, "speaker").to_lowercase().contains("minister")
            || str_of(q, "speaker_code").starts_with("MINISTER")));
    // The Astana Times article (seed 004): Kazakhstan's defence minister on sending troops.
    let astana = minister
        .iter()
        .find(|q| str_of(q, "doc_uri").contains("004_") && str_of(q, "text").contains("troops"))
        .unwrap_or_else(|| panic!("no minister's quote on troops from seed 004: {minister:?}"));
    // A code prefix finds quotes whose speaker the coder resolved.
    let kaz = query(&["quotes", "--format", "jsonl", "--speaker", "KAZ"]);
    assert!(kaz
        .iter()
        .any(|q| str_of(q, "speaker_code").starts_with("KAZ")));
    // Every quote text is the document's own bytes at its span (checked through `show`).
    let q = astana;
    let doc = jsonl(&run_ok(
        tamga()
            .arg("--db")
            .arg(db())
            .args(["docs", "--format", "jsonl"]),
    ));
    let text = doc
        .iter()
        .find(|d| str_of(d, "store_id") == str_of(q, "doc_id"))
        .map(|d| str_of(d, "text").to_owned())
        .unwrap();
    let (s, e) = (
        q["start"].as_u64().unwrap() as usize,
        q["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], str_of(q, "text"));
}

fn quotes_text_search_and_formats() {
    let troops = query(&["quotes", "--format", "jsonl", "--text", "troops"]);
    assert!(!troops.is_empty());
    assert!(troops
        .iter()
        .all(|q| str_of(q, "text").to_lowercase().contains("troops")));
    assert!(query(&["quotes", "--format", "jsonl", "--text", "zzzqqq"]).is_empty());
    assert!(query(&["quotes", "--format", "jsonl", "--text", "\" NEAR("]).is_empty());
    assert_eq!(
        query(&["quotes", "--format", "jsonl", "--limit", "2"]).len(),
        2
    );
    let out = run_ok(
        tamga()
            .arg("--db")
            .arg(db())
            .args(["quotes", "--format", "csv", "--text", "troops"]),
    );
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    assert_eq!(r.records().count(), troops.len());
    let out = run_ok(tamga().arg("--db").arg(db()).args(["quotes"]));
    let table = String::from_utf8_lossy(&out.stdout);
    let all = query(&["quotes", "--format", "jsonl"]);
    assert!(
        table.ends_with(&format!("{} quotes\n", all.len())),
        "{table}"
    );
}

fn actors_top_counts_agree_with_the_event_listing() {
    let top = query(&["actors-top", "--format", "jsonl", "--limit", "5"]);
    assert_eq!(top.len(), 5);
    assert!(str_of(&top[0], "code").contains("KAZ"), "{top:?}");
    let counts: Vec<u64> = top.iter().map(|a| a["events"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let all = events(&[]);
    for a in &top {
        let code = str_of(a, "code");
        let side = |e: &Value, s: &str| e[s]["code"].as_str() == Some(code);
        let naming: Vec<&Value> = all
            .iter()
            .filter(|e| side(e, "source") || side(e, "target"))
            .collect();
        assert_eq!(a["events"].as_u64().unwrap(), naming.len() as u64, "{code}");
        let src = all.iter().filter(|e| side(e, "source")).count() as u64;
        assert_eq!(a["as_source"].as_u64().unwrap(), src, "{code}");
        let mut by_type: BTreeMap<String, u64> = BTreeMap::new();
        for e in &naming {
            *by_type.entry(str_of(e, "type").to_owned()).or_default() += 1;
        }
        let got: BTreeMap<String, u64> = serde_json::from_value(a["by_type"].clone()).unwrap();
        assert_eq!(got, by_type, "{code}");
    }
    // A date range counts only the events wholly inside it.
    let nov = query(&[
        "actors-top",
        "--format",
        "jsonl",
        "--since",
        "2006-11",
        "--until",
        "2006-11",
    ]);
    let in_nov: Vec<Value> = events(&["--since", "2006-11", "--until", "2006-11"]);
    let total: u64 = nov.iter().map(|a| a["as_source"].as_u64().unwrap()).sum();
    let with_source = in_nov
        .iter()
        .filter(|e| !str_of(&e["source"], "code").is_empty())
        .count();
    assert_eq!(total, with_source as u64);
    let out = run_ok(tamga().arg("--db").arg(db()).args([
        "actors-top",
        "--format",
        "csv",
        "--limit",
        "3",
    ]));
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    assert!(r.headers().unwrap().iter().any(|h| h == "CONSULT"));
    assert_eq!(r.records().count(), 3);
}

fn stats_counts_equal_the_event_listing() {
    let s = query(&["stats", "--format", "jsonl"]);
    assert_eq!(s.len(), 1);
    let s = &s[0];
    let all = events(&[]);
    assert_eq!(s["documents"], 5);
    assert_eq!(s["coded_documents"], 5);
    assert_eq!(s["events"].as_u64().unwrap(), all.len() as u64);
    let mut by_type: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    for e in &all {
        *by_type.entry(str_of(e, "type").to_owned()).or_default() += 1;
        *by_status.entry(str_of(e, "status").to_owned()).or_default() += 1;
    }
    let got: BTreeMap<String, u64> = serde_json::from_value(s["events_by_type"].clone()).unwrap();
    assert_eq!(got, by_type);
    let got: BTreeMap<String, u64> = serde_json::from_value(s["events_by_status"].clone()).unwrap();
    assert_eq!(got, by_status);
    let months: BTreeMap<String, u64> =
        serde_json::from_value(s["events_by_month"].clone()).unwrap();
    assert_eq!(months.values().sum::<u64>(), all.len() as u64);
    let undated = all.iter().filter(|e| e["date"].is_null()).count() as u64;
    assert!(months.get("undated").copied().unwrap_or(0) >= undated);
    let nov = events(&["--since", "2006-11", "--until", "2006-11"]).len() as u64;
    assert_eq!(months.get("2006-11").copied(), Some(nov));
    let clusters = query(&["events", "--format", "jsonl"]).len() as u64;
    assert_eq!(s["clusters"].as_u64().unwrap(), clusters);
    let quotes = query(&["quotes", "--format", "jsonl"]).len() as u64;
    assert_eq!(s["quotes"].as_u64().unwrap(), quotes);
    let langs: BTreeMap<String, u64> =
        serde_json::from_value(s["documents_by_lang"].clone()).unwrap();
    assert_eq!(langs.values().sum::<u64>(), 5);
    let sources: BTreeMap<String, u64> =
        serde_json::from_value(s["documents_by_source"].clone()).unwrap();
    assert_eq!(sources.values().sum::<u64>(), 5);
    let out = run_ok(tamga().arg("--db").arg(db()).args(["stats"]));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.starts_with(&format!("documents 5 (5 coded), events {}", all.len())),
        "{table}"
    );
    assert!(table.contains("events by month:"), "{table}");
}

fn bad_filter_values_are_refused() {
    for args in [
        ["events", "--root", "21"],
        ["events", "--quad", "5"],
        ["events", "--sort", "size"],
    ] {
        let out = tamga().arg("--db").arg(db()).args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?} accepted");
    }
}

on_both_backends!(
    filters_keep_exactly_the_matching_events,
    new_filters_leave_the_cluster_listing_one_row_per_cluster,
    sorts_follow_the_key_and_desc_reverses_it,
    quotes_by_speaker_find_the_astana_times_defence_minister,
    quotes_text_search_and_formats,
    actors_top_counts_agree_with_the_event_listing,
    stats_counts_equal_the_event_listing,
    bad_filter_values_are_refused,
);
