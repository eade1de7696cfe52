//! Time expressions against hand-checked data (`tests/data/timex.jsonl`, described in
//! `tests/data/README.md`), the seed cases of issue 3, and (ignored) the Duckling corpus.

use chrono::NaiveDate;
use serde_json::Value;
use tamga_ingest::PartialDate;
use tamga_text::{sentence, timex, token, Anchor, TimeExpr, TimePrecision};

const DATA: &str = include_str!("data/timex.jsonl");

fn date(s: &str) -> Option<PartialDate> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    PartialDate::new(
        chrono::Datelike::year(&d),
        u8::try_from(chrono::Datelike::month(&d)).ok(),
        u8::try_from(chrono::Datelike::day(&d)).ok(),
    )
}

fn run(text: &str, published: Option<PartialDate>) -> Vec<TimeExpr> {
    let sentences = sentence::split(text);
    let tokens = token::tokenize(text, &sentences);
    timex::annotate(text, &sentences, &tokens, published)
}

fn precision_name(p: TimePrecision) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[test]
fn hand_checked_expressions() {
    let (mut total, mut hits, mut negatives, mut neg_hits) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for (n, line) in DATA.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
        let text = rec["text"].as_str().unwrap();
        let expr = rec["expr"].as_str().unwrap();
        let published = rec["published"].as_str().and_then(date);
        let start = text
            .find(expr)
            .unwrap_or_else(|| panic!("line {}: {expr:?} not in text", n + 1));
        let end = start + expr.len();
        let found = run(text, published);
        let overlapping: Vec<&TimeExpr> = found
            .iter()
            .filter(|e| e.start < end && start < e.end)
            .collect();
        if rec["value"].is_null() {
            // a negative: nothing may be read there
            negatives += 1;
            if overlapping.is_empty() {
                neg_hits += 1;
            } else {
                misses.push(format!(
                    "line {}: {expr:?} should be no time, got {overlapping:?}",
                    n + 1
                ));
            }
            continue;
        }
        total += 1;
        let value = rec["value"].as_str().unwrap();
        let precision = rec["precision"].as_str().unwrap();
        let ok = overlapping.iter().any(|e| {
            e.value == value
                && precision_name(e.precision) == precision
                && rec
                    .get("end_value")
                    .is_none_or(|v| v.as_str() == e.end_value.as_deref())
        });
        if ok {
            hits += 1;
        } else {
            let got: Vec<String> = overlapping
                .iter()
                .map(|e| {
                    format!(
                        "{:?}={} {}..{:?}",
                        e.text,
                        precision_name(e.precision),
                        e.value,
                        e.end_value
                    )
                })
                .collect();
            misses.push(format!(
                "line {}: {expr:?} want {precision} {value}..{:?}, got {got:?}",
                n + 1,
                rec.get("end_value")
            ));
        }
    }
    let acc = hits as f64 / total.max(1) as f64;
    println!("timex accuracy: {hits}/{total} = {acc:.3}; negatives {neg_hits}/{negatives}");
    for m in &misses {
        println!("  miss {m}");
    }
    assert!(total >= 150, "only {total} expressions");
    assert!(acc >= 0.9, "accuracy {acc:.3} < 0.9");
    assert!(
        neg_hits * 10 >= negatives * 8,
        "false positives: {neg_hits}/{negatives}"
    );
}

#[test]
fn seed_cases() {
    let t = "This trend was evident during the visit of the Egyptian president on November 7.";
    let r = run(t, date("2006-11-15"));
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].text, "November 7");
    assert_eq!(r[0].value, "2006-11-07");
    assert_eq!(r[0].precision, TimePrecision::Day);
    assert_eq!(r[0].anchor, Anchor::Published);
    assert_eq!(r[0].anchor_date, date("2006-11-15"));

    let t = "The exercises will take place in May 2007, after drills in spring 2007.";
    let r = run(t, date("2006-11-15"));
    let v: Vec<(&str, TimePrecision)> = r.iter().map(|e| (e.value.as_str(), e.precision)).collect();
    assert_eq!(
        v,
        [
            ("2007-05", TimePrecision::Month),
            ("2007-SP", TimePrecision::Season)
        ]
    );
    assert!(r.iter().all(|e| e.anchor == Anchor::Absolute));

    let t = "At the joint session of the Parliament on Dec. 20, members considered the proposal.";
    let r = run(t, None);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].text, "Dec. 20");
    assert_eq!(r[0].value, "--12-20");
    assert_eq!(r[0].precision, TimePrecision::MonthDay);
    assert_eq!(r[0].anchor, Anchor::None);
    assert_eq!(r[0].anchor_date, None);
}

/// The Eurasia Daily Monitor seed as ingest reads it (published Nov 15 2006), when present.
#[test]
fn seed_eurasia_daily_monitor() {
    let dir = "/work/shared/corpus/seeds";
    let Some(path) = std::fs::read_dir(dir).ok().and_then(|d| {
        d.filter_map(Result::ok).map(|e| e.path()).find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("001_"))
        })
    }) else {
        eprintln!("no seeds in {dir}; skipped");
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let r = run(&text, date("2006-11-15"));
    let nov7: Vec<&TimeExpr> = r.iter().filter(|e| e.text == "November 7").collect();
    assert!(!nov7.is_empty());
    assert!(nov7.iter().all(|e| e.value == "2006-11-07"), "{nov7:?}");
    let may = r.iter().find(|e| e.text == "May 2007").unwrap();
    assert_eq!(
        (may.value.as_str(), may.precision),
        ("2007-05", TimePrecision::Month)
    );
    let spring = r.iter().find(|e| e.text == "spring 2007").unwrap();
    assert_eq!(spring.value, "2007-SP");
}

#[test]
fn normalize_one_phrase() {
    let r = NaiveDate::from_ymd_opt(2006, 11, 15).unwrap();
    let e = timex::normalize("a couple of weeks ago", r).unwrap();
    assert_eq!(
        (e.value.as_str(), e.precision),
        ("2006-W44", TimePrecision::Week)
    );
    let e = timex::normalize("in late November", r).unwrap();
    assert_eq!(e.text, "late November");
    assert_eq!(e.end_value.as_deref(), Some("2006-11-30"));
}

/// Duckling's English time corpus: writes predictions for `score.py`.
/// `DUCKLING_PRED=/tmp/pred.jsonl cargo test -p tamga-text --test timex -- --ignored`
#[test]
#[ignore]
fn duckling_predictions() {
    let gold = std::env::var("DUCKLING_GOLD")
        .unwrap_or_else(|_| "/work/shared/bench/timex/dev-time.jsonl".to_string());
    let out =
        std::env::var("DUCKLING_PRED").unwrap_or_else(|_| "/tmp/timex-pred.jsonl".to_string());
    let Ok(src) = std::fs::read_to_string(&gold) else {
        eprintln!("no {gold}; skipped");
        return;
    };
    let mut lines = Vec::new();
    let (mut n, mut answered) = (0, 0);
    for line in src.lines() {
        let Ok(rec) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let (Some(id), Some(text), Some(reference)) = (
            rec["id"].as_str(),
            rec["text"].as_str(),
            rec["reference"].as_str(),
        ) else {
            continue;
        };
        n += 1;
        let Some(day) = reference
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        let Some(e) = timex::normalize(text, day) else {
            continue;
        };
        answered += 1;
        // seasons have no Duckling grain: their first day
        let (value, grain) = match e.value.rsplit_once('-') {
            Some((y, s)) if ["SP", "SU", "FA", "WI"].contains(&s) => {
                let m = match s {
                    "SP" => "03",
                    "SU" => "06",
                    "FA" => "09",
                    _ => "12",
                };
                (format!("{y}-{m}-01"), "day".to_string())
            }
            _ => {
                let g = if e.value.contains('W') {
                    "week"
                } else if e.value.contains('Q') {
                    "quarter"
                } else {
                    match e.value.len() {
                        4 => "year",
                        7 => "month",
                        _ => "day",
                    }
                };
                (e.value.clone(), g.to_string())
            }
        };
        lines.push(serde_json::json!({"id": id, "value": value, "grain": grain}).to_string());
    }
    std::fs::write(&out, lines.join("\n") + "\n").unwrap();
    println!("{answered}/{n} phrases answered; predictions in {out}");
}

/// Prints the time expressions of the seed texts, for review:
/// `cargo test -p tamga-text --test timex dump_seeds -- --ignored --nocapture`
#[test]
#[ignore]
fn dump_seeds() {
    // TIMEX_TEXT=file [TIMEX_PUBLISHED=YYYY-MM-DD]: that file instead
    if let Ok(file) = std::env::var("TIMEX_TEXT") {
        let text = std::fs::read_to_string(&file).unwrap();
        let published = std::env::var("TIMEX_PUBLISHED").ok().and_then(|d| date(&d));
        for e in run(&text, published) {
            println!(
                "  {:?} -> {} {:?} {:?} end={:?}",
                e.text, e.value, e.precision, e.anchor, e.end_value
            );
        }
        return;
    }
    let Ok(dir) = std::fs::read_dir("/work/shared/corpus/seeds") else {
        return;
    };
    let mut paths: Vec<_> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        // publication dates as ingest finds them (where it does)
        let published = match name.get(..3) {
            Some("001") => date("2006-11-15"),
            Some("003") => date("2005-08-24"),
            _ => None,
        };
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        println!("== {name} {published:?}");
        for e in run(&text, published) {
            println!(
                "  {:?} -> {} {:?} {:?} end={:?}",
                e.text, e.value, e.precision, e.anchor, e.end_value
            );
        }
    }
}

/// Throughput of `timex::annotate` alone on the seed texts repeated (run with `--release`):
/// `cargo test --release -p tamga-text --test timex throughput -- --ignored --nocapture`
#[test]
#[ignore]
fn throughput() {
    let Ok(dir) = std::fs::read_dir("/work/shared/corpus/seeds") else {
        return;
    };
    let mut text = String::new();
    for p in dir.filter_map(Result::ok).map(|e| e.path()) {
        text.push_str(&std::fs::read_to_string(p).unwrap_or_default());
        text.push('\n');
    }
    let text = text.repeat(200);
    let sentences = sentence::split(&text);
    let t = std::time::Instant::now();
    let n = timex::annotate(&text, &sentences, &[], date("2006-11-15")).len();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "timex: {:.1} MB in {secs:.3} s = {:.1} MB/s, {:.0} sentences/s, {n} expressions",
        text.len() as f64 / 1e6,
        text.len() as f64 / 1e6 / secs,
        sentences.len() as f64 / secs
    );
}
