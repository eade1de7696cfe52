//! Property tests over the whole language layer: every span of every annotation lies inside
//! the text and on char boundaries, sentences come in order without overlapping, times and
//! tokens come in text order (readers find a sentence's by binary search), and every
//! day-precision time value is a real calendar date.

use proptest::prelude::*;
use tamga_ingest::PartialDate;

/// News-like text: words, numbers, dates, quotes, abbreviations and non-ASCII letters.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Z][a-z]{1,9}",
        "[a-z]{1,9}",
        Just(" ".to_owned()),
        Just(". ".to_owned()),
        Just("\n\n".to_owned()),
        Just("\u{201c}".to_owned()),
        Just("\u{201d}".to_owned()),
        Just("\"".to_owned()),
        Just("Mr. ".to_owned()),
        Just("U.S. ".to_owned()),
        Just("said ".to_owned()),
        Just("on Tuesday ".to_owned()),
        Just("last month ".to_owned()),
        Just("Feb. 29, 2021 ".to_owned()),
        Just("31 April 2006 ".to_owned()),
        Just("two days ago ".to_owned()),
        "[0-9]{1,4}",
        Just("$1.5 bn ".to_owned()),
        "\\PC{1,4}",
        "[\u{400}-\u{4ff}\u{600}-\u{6ff}]{1,6}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

fn span(text: &str, start: usize, end: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        start <= end && end <= text.len(),
        "{}..{} in {}",
        start,
        end,
        text.len()
    );
    prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    Ok(())
}

fn day_value(value: &str) -> Result<(), TestCaseError> {
    let b = value.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit) {
        prop_assert!(
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
            "{} is no date",
            value
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn annotation_spans_are_valid(text in newsish(), y in 1990i32..2030, m in 1u8..13, d in 1u8..32) {
        let published = PartialDate::ymd(y, m, d);
        let a = tamga_text::annotate(&text, published);
        let mut last = 0;
        for s in &a.sentences {
            span(&text, s.start, s.end)?;
            prop_assert!(s.start >= last, "sentences overlap");
            last = s.end;
        }
        for t in &a.tokens { span(&text, t.start, t.end)?; }
        prop_assert!(a.tokens.windows(2).all(|w| w[0].start < w[1].start), "tokens out of order");
        prop_assert!(a.times.windows(2).all(|w| w[0].start <= w[1].start), "times out of order");
        for t in &a.times {
            span(&text, t.start, t.end)?;
            day_value(&t.value)?;
            if let Some(end) = &t.end_value { day_value(end)?; }
        }
        for q in &a.quantities { span(&text, q.start, q.end)?; }
        for q in &a.quotes {
            span(&text, q.start, q.end)?;
            if let Some(s) = &q.speaker { span(&text, s.start, s.end)?; }
        }
        for m in &a.modality { span(&text, m.start, m.end)?; }
        for n in &a.names { span(&text, n.start, n.end)?; }
    }
}
