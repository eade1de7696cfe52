//! Accuracy of the quantity annotator on hand-written news sentences
//! (`tests/data/quantities.jsonl`, see `tests/data/README.md`), plus the seed articles.

use serde_json::Value;
use tamga_text::{annotate, Quantity};

fn matches(found: &Quantity, want: &Value) -> bool {
    let text = want["text"].as_str().unwrap_or_default();
    let value = want["value"].as_f64().unwrap_or(f64::NAN);
    let max = want["max"].as_f64();
    let unit = want["unit"].as_str();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
    found.text.trim() == text
        && close(found.value, value)
        && match (found.max, max) {
            (None, None) => true,
            (Some(a), Some(b)) => close(a, b),
            _ => false,
        }
        && found.unit.as_deref() == unit
}

#[test]
fn quantities_accuracy() {
    let data = include_str!("data/quantities.jsonl");
    let (mut cases, mut ok) = (0, 0);
    let (mut expected, mut hit, mut spurious) = (0, 0, 0);
    let mut misses = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("valid JSON line");
        let text = case["text"].as_str().expect("text");
        let want = case["expect"].as_array().expect("expect");
        let found = annotate(text, None).quantities;
        cases += 1;
        expected += want.len();
        let good = want
            .iter()
            .filter(|w| found.iter().any(|f| matches(f, w)))
            .count();
        let extra = found
            .iter()
            .filter(|f| !want.iter().any(|w| matches(f, w)))
            .count();
        hit += good;
        spurious += extra;
        if good == want.len() && extra == 0 {
            ok += 1;
        } else {
            let got: Vec<String> = found
                .iter()
                .map(|f| {
                    format!(
                        "{:?}={}{}/{:?}",
                        f.text,
                        f.value,
                        f.max.map(|m| format!("..{m}")).unwrap_or_default(),
                        f.unit
                    )
                })
                .collect();
            misses.push(format!("  {text}\n    want {want:?}\n    got  {got:?}"));
        }
    }
    let accuracy = ok as f64 / cases as f64;
    println!(
        "quantities: {ok}/{cases} sentences exact = {accuracy:.3}; items recall {hit}/{expected}, spurious {spurious}"
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(cases >= 60, "at least 60 cases");
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
fn seeds_money() {
    let Some(text) = seed("002_") else {
        eprintln!("seed 002 not found; skipped");
        return;
    };
    let q = annotate(&text, None).quantities;
    assert!(
        q.iter().any(|q| q.text == "$275 million"
            && q.value == 275e6
            && q.unit.as_deref() == Some("USD")),
        "{q:?}"
    );
    assert!(q
        .iter()
        .any(|q| q.text == "$10.7 million" && q.unit.as_deref() == Some("USD")));
    // Years stay out ("in 1991", "fiscal year 2022").
    assert!(
        !q.iter().any(|q| q.value == 1991.0 || q.value == 2022.0),
        "{q:?}"
    );
    let Some(text) = seed("004_") else {
        return;
    };
    let q = annotate(&text, None).quantities;
    assert!(
        q.iter()
            .any(|q| q.text == "Twenty officers" && q.unit.as_deref() == Some("persons")),
        "{q:?}"
    );
    assert!(q
        .iter()
        .any(|q| q.value == 40.0 && q.unit.as_deref() == Some("percent")));
    assert!(
        !q.iter().any(|q| q.value == 53.0),
        "Article 53 is not a quantity: {q:?}"
    );
}
