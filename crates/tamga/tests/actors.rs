//! `tamga actors` and `tamga dict stats` through the real binary: JSON lines with the
//! documented fields, spans that match their text, dated roles from `--date`, a coreference
//! link, a dateline place, a user `--dict` file, and PETRARCH dictionaries counted.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{jsonl, run_ok, run_with_stdin, tamga};
use serde_json::Value;
use std::path::Path;

const STORY: &str = "ASTANA – Kazakh officials met CSTO envoys on Monday. Foreign Minister \
Tokayev said the country would not send troops. He spoke after talks in Moscow.\n";

fn actors(text: &str, args: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, text).unwrap();
    jsonl(&run_ok(tamga().arg("actors").args(args).arg(&path)))
}

fn find<'a>(v: &'a [Value], text: &str) -> &'a Value {
    v.iter()
        .find(|m| m["text"] == text)
        .unwrap_or_else(|| panic!("no mention {text:?} in {v:#?}"))
}

#[test]
fn actors_print_codes_places_and_coreference() {
    let v = actors(STORY, &["--date", "2005-06-01"]);
    for m in &v {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(STORY.get(s..e), m["text"].as_str(), "span of {m}");
        assert!(m.get("code").is_some() || m.get("place").is_some(), "{m}");
    }
    let officials = find(&v, "Kazakh officials");
    assert_eq!(officials["code"], "KAZGOV");
    assert_eq!(officials["country"], "KAZ");
    assert_eq!(officials["sector"], "GOV");
    assert_eq!(find(&v, "CSTO")["org"], "CSTO");
    let fm = find(&v, "Foreign Minister Tokayev");
    assert_eq!(fm["code"], "KAZGOV");
    assert_eq!(fm["role"], "foreign minister");
    assert_eq!(fm["name"], "Kassym-Jomart Tokayev");
    // Actor lines are numbered in output order, places left out.
    let actor_lines: Vec<&Value> = v.iter().filter(|m| m.get("code").is_some()).collect();
    let he = actor_lines.iter().position(|m| m["text"] == "He").unwrap();
    let target = actor_lines[he]["coref_of"].as_u64().unwrap() as usize;
    assert_eq!(actor_lines[target]["text"], "Foreign Minister Tokayev");
    let astana = find(&v, "ASTANA");
    assert_eq!(astana["place"]["country"], "KAZ");
    assert_eq!(find(&v, "Moscow")["place"]["name"], "Moscow");
}

#[test]
fn the_date_decides_the_role() {
    let v = actors("Tokayev spoke to reporters.\n", &["--date", "2022-05-01"]);
    assert_eq!(find(&v, "Tokayev")["role"], "president");
    let v = actors("Tokayev spoke to reporters.\n", &["--date", "2005-05-01"]);
    assert_eq!(find(&v, "Tokayev")["role"], "foreign minister");
}

#[test]
fn user_dictionaries_add_actors_and_stdin_works() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("mine.toml");
    std::fs::write(
        &dict,
        "[[org]]\nname = \"Steppe Watch\"\nphrases = [\"Steppe Watch\"]\ncode = \"NGOSTW\"\n",
    )
    .unwrap();
    let out = run_with_stdin(
        tamga().args(["actors", "--dict"]).arg(&dict).arg("-"),
        b"Steppe Watch accused the police of abuses.\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = jsonl(&out);
    let m = find(&v, "Steppe Watch");
    assert_eq!(m["code"], "NGOSTW");
    assert_eq!(m["org"], "STW");
}

#[test]
fn dict_stats_counts_petrarch_files() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/petrarch/dictionaries");
    if !dir.is_dir() {
        eprintln!("skipped: {} missing", dir.display());
        return;
    }
    let out = run_ok(tamga().args(["dict", "stats", "--dict"]).arg(&dir));
    let text = String::from_utf8_lossy(&out.stdout);
    let countries = text
        .lines()
        .find(|l| l.contains("Phoenix.Countries.actors.txt"))
        .expect("a line for the countries file");
    assert!(countries.contains("(actors)"), "{countries}");
    assert!(text
        .lines()
        .any(|l| l.contains("Phoenix.agents.txt") && l.contains("(agents)")));
    // Shipped dictionaries when no --dict is given.
    let out = run_ok(tamga().args(["dict", "stats"]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("tamga toml"));
}
