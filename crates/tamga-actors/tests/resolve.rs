//! Actor resolution on hand-written news sentences (`tests/data/actors.jsonl`): time-bounded
//! roles, titles, metonyms, adjectives, possessives, organizations and coreference. Prints the
//! accuracy and every miss; fails below 0.85. Also an ignored throughput benchmark.

use chrono::NaiveDate;
use std::sync::OnceLock;
use std::time::Instant;
use tamga_actors::Resolver;

fn resolver() -> &'static Resolver {
    static R: OnceLock<Resolver> = OnceLock::new();
    R.get_or_init(|| Resolver::standard(Vec::new()).expect("the shipped dictionaries load"))
}

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    date: String,
    mention: String,
    code: String,
    country: Option<String>,
    sector: Option<String>,
    #[serde(default)]
    coref: bool,
}

#[test]
fn actor_cases_resolve() {
    let data = include_str!("data/actors.jsonl");
    let cases: Vec<Case> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a valid case line"))
        .collect();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let mut ok = 0;
    let mut misses = Vec::new();
    for c in &cases {
        let date = NaiveDate::parse_from_str(&c.date, "%Y-%m-%d").ok();
        let ann = tamga_text::annotate(&c.text, None);
        let found = resolver().resolve(&c.text, &ann, date);
        let hit = found.iter().find(|m| m.text == c.mention);
        let good = hit.is_some_and(|m| {
            m.code == c.code
                && m.country == c.country
                && m.sector == c.sector
                && (!c.coref || m.coref_of.is_some())
        });
        if good {
            ok += 1;
        } else {
            let got: Vec<String> = found
                .iter()
                .map(|m| {
                    format!(
                        "{:?}={}{}",
                        m.text,
                        m.code,
                        if m.coref_of.is_some() { "(coref)" } else { "" }
                    )
                })
                .collect();
            misses.push(format!(
                "  {:?} [{}] want {:?}={}: got {}",
                c.text,
                c.date,
                c.mention,
                c.code,
                got.join(", ")
            ));
        }
    }
    let acc = ok as f64 / cases.len() as f64;
    println!(
        "actor cases: {ok}/{} correct, accuracy {acc:.3}",
        cases.len()
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(acc >= 0.85, "accuracy {acc:.3} below 0.85");
}

/// Throughput with tamga's and PETRARCH's bundled actors and agents loaded, on one core:
/// `cargo test --release -p tamga-actors --test resolve -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench_resolution() {
    let t = Instant::now();
    let r = Resolver::standard(Vec::new()).expect("dictionaries load");
    let load = t.elapsed().as_secs_f64();
    let para = "ASTANA – Kazakh officials said on Monday that President Kassym-Jomart Tokayev \
                would meet his Uzbek counterpart Shavkat Mirziyoyev in Tashkent next week. The \
                talks follow a meeting of the Collective Security Treaty Organization, where \
                Russian Foreign Minister Sergei Lavrov praised the country's role. He said \
                Moscow and Astana agreed on gas prices, while Kyrgyz border guards and Tajik \
                troops exchanged fire near the disputed enclave, and the Senate approved the \
                budget.\n";
    let text = para.repeat(2000);
    let ann = tamga_text::annotate(&text, None);
    let date = NaiveDate::from_ymd_opt(2023, 5, 1);
    let t = Instant::now();
    let mentions = r.resolve(&text, &ann, date);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "load {load:.3}s, {} phrases; {} tokens, {} mentions in {secs:.3}s: {:.2} M tokens/s, {:.0} mentions/s",
        r.phrase_count(),
        ann.tokens.len(),
        mentions.len(),
        ann.tokens.len() as f64 / secs / 1e6,
        mentions.len() as f64 / secs
    );
}
