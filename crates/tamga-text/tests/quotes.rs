//! Accuracy of the quote annotator on hand-written news passages
//! (`tests/data/quotes.jsonl`, see `tests/data/README.md`), plus the seed articles.

use serde_json::Value;
use tamga_text::{annotate, Quote};

/// Quote texts compare without the punctuation at their edges ("…today.”" vs "…today").
fn norm(s: &str) -> &str {
    s.trim()
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
}

fn same_text(found: &Quote, want: &Value) -> bool {
    norm(&found.text) == norm(want["quote"].as_str().unwrap_or_default())
}

fn correct(found: &Quote, want: &Value) -> bool {
    same_text(found, want)
        && found.speaker.as_ref().map(|s| s.text.as_str()) == want["speaker"].as_str()
        && found.indirect == want["indirect"].as_bool().unwrap_or(false)
}

#[test]
fn quotes_accuracy() {
    let data = include_str!("data/quotes.jsonl");
    let (mut cases, mut ok) = (0, 0);
    let (mut expected, mut good, mut spurious) = (0, 0, 0);
    let mut misses = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("valid JSON line");
        let text = case["text"].as_str().expect("text");
        let want = case["expect"].as_array().expect("expect");
        let found = annotate(text, None).quotes;
        cases += 1;
        expected += want.len();
        let g = want
            .iter()
            .filter(|w| found.iter().any(|f| correct(f, w)))
            .count();
        let extra = found
            .iter()
            .filter(|f| !want.iter().any(|w| same_text(f, w)))
            .count();
        good += g;
        spurious += extra;
        if g == want.len() && extra == 0 {
            ok += 1;
        } else {
            let got: Vec<String> = found
                .iter()
                .map(|f| {
                    format!(
                        "{:?} <- {:?}{}",
                        f.text,
                        f.speaker.as_ref().map(|s| s.text.as_str()),
                        if f.indirect { " (indirect)" } else { "" }
                    )
                })
                .collect();
            misses.push(format!("  {text}\n    got {got:?}"));
        }
    }
    let accuracy = good as f64 / (expected + spurious) as f64;
    println!(
        "quotes: {good}/{expected} quotes right (text, speaker, direct/indirect), {spurious} spurious \
         → accuracy {accuracy:.3}; {ok}/{cases} passages exact"
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(cases >= 40, "at least 40 cases");
    assert!(accuracy >= 0.9, "accuracy {accuracy:.3} < 0.9");
}

fn seed(name: &str) -> Option<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(name))?;
    std::fs::read_to_string(entry.path()).ok()
}

#[test]
fn seeds_speakers() {
    let Some(text) = seed("004_") else {
        eprintln!("seed 004 not found; skipped");
        return;
    };
    let quotes = annotate(&text, None).quotes;
    let speaker_of = |start: &str| {
        quotes
            .iter()
            .find(|q| q.text.starts_with(start) && !q.indirect)
            .and_then(|q| q.speaker.as_ref())
            .map(|s| s.text.clone())
    };
    // The defence minister's quote, attributed after it ("Dzhaksybekov said at the joint session").
    assert_eq!(
        speaker_of("In accordance with Article 53").as_deref(),
        Some("Dzhaksybekov")
    );
    assert_eq!(
        speaker_of("Frankly, there is such a possibility").as_deref(),
        Some("the minister")
    );
    assert_eq!(
        speaker_of("This initiative will support").as_deref(),
        Some("Ashimbayev")
    );
    assert_eq!(speaker_of("These are soldiers").as_deref(), Some("he"));
    if let Some(text) = seed("002_") {
        let quotes = annotate(&text, None).quotes;
        assert!(
            quotes.iter().any(
                |q| q.text.starts_with("There are some crazy Russian claims")
                    && q.speaker
                        .as_ref()
                        .is_some_and(|s| s.text.ends_with("Jen Psaki"))
            ),
            "{quotes:?}"
        );
    }
}
