//! Property tests of what every later stage relies on: extracted documents have paragraph
//! spans inside their text and on char boundaries, extracting the same record twice gives the
//! same document (so a re-run of ingest is idempotent), and every date found is a real date.

use proptest::prelude::*;
use std::path::Path;
use tamga_ingest::{read, Document, Limits, PartialDate};

fn documents(name: &str, bytes: &[u8]) -> Vec<Document> {
    let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
    let Ok(records) = read::open_reader(Path::new(name), reader, &Limits::default()) else {
        return Vec::new();
    };
    records
        .flatten()
        .filter_map(|r| tamga_ingest::extract(&r).ok().map(|a| (r, a)))
        .map(|(r, a)| tamga_ingest::into_document(&r, a, None))
        .collect()
}

fn check(doc: &Document) -> Result<(), TestCaseError> {
    let mut last = 0;
    for p in &doc.paragraphs {
        prop_assert!(p.start >= last && p.start <= p.end && p.end <= doc.text.len());
        prop_assert!(doc.text.is_char_boundary(p.start) && doc.text.is_char_boundary(p.end));
        last = p.end;
    }
    if let Some(d) = doc.published {
        prop_assert_eq!(
            PartialDate::parse_iso(&d.to_string()),
            Some(d),
            "date {}",
            d
        );
    }
    Ok(())
}

/// Markup-ish text: tags, entities, dates and multi-byte letters mixed with words.
fn html_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("<div class=\"a\">".to_owned()),
        Just("</div>".to_owned()),
        Just("<br>".to_owned()),
        Just("&amp;".to_owned()),
        Just("&#x44F;".to_owned()),
        Just("<time datetime=\"2006-11-15\">".to_owned()),
        Just("<meta name=\"date\" content=\"2019-02-30\">".to_owned()),
        "[a-zA-Z ]{1,30}",
        "\\PC{1,12}",
        "[\u{400}-\u{4ff} ]{1,20}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn html_documents_are_well_formed_and_idempotent(page in html_like()) {
        let a = documents("p.html", page.as_bytes());
        let b = documents("p.html", page.as_bytes());
        prop_assert_eq!(&a, &b);
        for doc in &a {
            check(doc)?;
        }
    }

    #[test]
    fn text_documents_are_well_formed_and_idempotent(text in "(?s)\\PC{0,300}") {
        let a = documents("t.txt", text.as_bytes());
        prop_assert_eq!(&a, &documents("t.txt", text.as_bytes()));
        for doc in &a {
            check(doc)?;
        }
    }

    #[test]
    fn parsed_dates_exist(s in "[0-9]{1,4}[-/. ][0-9]{1,2}[-/. ][0-9]{1,4}|[A-Za-z]{3,9} [0-9]{1,2},? [0-9]{4}") {
        if let Some(d) = tamga_ingest::date::parse_date(&s) {
            prop_assert_eq!(PartialDate::parse_iso(&d.to_string()), Some(d), "{} -> {}", s, d);
            if let (Some(m), Some(day)) = (d.month, d.day) {
                prop_assert!(
                    chrono::NaiveDate::from_ymd_opt(d.year, u32::from(m), u32::from(day)).is_some(),
                    "{} -> {}", s, d
                );
            }
        }
    }
}
