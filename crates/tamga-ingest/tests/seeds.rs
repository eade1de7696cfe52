//! Golden tests over the five real scraped seed articles: each is read, extracted and turned
//! into a document, and its title, authors, date and text are compared with a reviewed
//! golden file. `UPDATE_GOLDEN=1 cargo test -p tamga-ingest --test seeds` rewrites them.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tamga_ingest::{extract, into_document, read, DateSource, Document, Limits};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/seeds");
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");

fn seed_files() -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(SEEDS) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn document(path: &Path) -> Document {
    let mut records = read::open(path, &Limits::default())
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let record = records
        .next()
        .unwrap_or_else(|| panic!("no record in {}", path.display()))
        .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let article = extract(&record).unwrap_or_else(|e| panic!("extract {}: {e}", path.display()));
    into_document(&record, article, None)
}

fn view(doc: &Document) -> Value {
    json!({
        "title": doc.title,
        "authors": doc.authors,
        "published": doc.published,
        "date_source": doc.date_source,
        "text": doc.text,
    })
}

fn seed(prefix: &str) -> Option<Document> {
    seed_files()
        .into_iter()
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .map(|p| document(&p))
}

#[test]
fn seeds_match_goldens() {
    let files = seed_files();
    if files.is_empty() {
        eprintln!("no seeds at {SEEDS}; skipping");
        return;
    }
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    let mut mismatches = Vec::new();
    for path in &files {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_else(|| panic!("odd seed name {}", path.display()));
        let golden = Path::new(GOLDEN).join(format!("{stem}.json"));
        let got = serde_json::to_string_pretty(&view(&document(path)))
            .unwrap_or_else(|e| panic!("serialize: {e}"))
            + "\n";
        if update {
            std::fs::create_dir_all(GOLDEN).unwrap_or_else(|e| panic!("mkdir: {e}"));
            std::fs::write(&golden, &got).unwrap_or_else(|e| panic!("write: {e}"));
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
            panic!("read {}: {e} (UPDATE_GOLDEN=1 writes it)", golden.display())
        });
        if want != got {
            mismatches.push(format!("{stem}:\n--- want\n{want}\n+++ got\n{got}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn eurasia_daily_monitor_seed_metadata_and_chrome() {
    let Some(doc) = seed("001_") else { return };
    assert_eq!(
        doc.title.as_deref(),
        Some("Kazakhstan's Security Ties Growing In The Middle East")
    );
    assert_eq!(doc.authors, vec!["Roger McDermott"]);
    assert_eq!(
        doc.published.map(|d| d.to_string()).as_deref(),
        Some("2006-11-15")
    );
    assert_eq!(doc.date_source, Some(DateSource::Dateline));
    assert!(doc.text.starts_with("Kazakhstan is seeking to diversify"));
    assert!(doc.text.trim_end().ends_with("Western countries."));
    for chrome in [
        "Announcement",
        "Collapse",
        "Clear All",
        "new posts",
        "Working...",
        "By Roger",
    ] {
        assert!(!doc.text.contains(chrome), "{chrome:?} left in the text");
    }
    // Hard-wrapped lines are joined back into paragraphs.
    assert!(!doc.text.contains("looking to\n"));
    assert!(doc.text.contains("looking to Middle Eastern states"));
}

#[test]
fn caci_seed_metadata_and_doubled_paragraph() {
    let Some(doc) = seed("003_") else { return };
    assert_eq!(doc.authors, vec!["Marat Yermukanov"]);
    assert_eq!(
        doc.published.map(|d| d.to_string()).as_deref(),
        Some("2005-08-24")
    );
    assert_eq!(doc.date_source, Some(DateSource::Dateline));
    assert_eq!(
        doc.text
            .matches("Deeply alarmed at the chain reaction")
            .count(),
        1
    );
    for chrome in [
        "Read 2647 times",
        "Newsletter",
        "Sign up",
        "Visit also",
        "Staff Publications",
    ] {
        assert!(!doc.text.contains(chrome), "{chrome:?} left in the text");
    }
}

#[test]
fn seeds_without_a_written_date_have_none() {
    for prefix in ["000_", "002_", "004_"] {
        let Some(doc) = seed(prefix) else { return };
        assert_eq!(doc.published, None, "{prefix}");
        assert_eq!(doc.date_source, None, "{prefix}");
    }
}

#[test]
fn reply_boxes_and_calls_to_action_are_gone() {
    let Some(doc) = seed("002_") else { return };
    assert!(!doc.text.contains("Leave a Reply"));
    assert!(!doc.text.contains("email address will not be published"));
    let Some(doc) = seed("004_") else { return };
    assert!(!doc.text.contains("Sign up"));
    assert!(!doc.text.to_lowercase().contains("subscribe"));
    let Some(doc) = seed("000_") else { return };
    assert!(!doc.text.trim_end().ends_with("EurasiaNet.org"));
}
