//! What each fuzz target does with its input: feed it to one public reader or parser of
//! tamga and check the invariants every caller relies on (spans inside the text and on char
//! boundaries, dates that exist). A panic here is a bug; an `Err` is the expected answer.

use std::io::Cursor;
use std::path::Path;
use tamga_ingest::{Article, Content, Format, Limits, Location, RawRecord};

/// Small limits so one input costs milliseconds; the code paths are the same as with the
/// defaults.
fn limits() -> Limits {
    Limits {
        max_document_bytes: 1 << 20,
        max_decompressed_bytes: 4 << 20,
        max_records: 256,
    }
}

fn check_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(
        start <= end && end <= text.len(),
        "{what} span {start}..{end} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} span {start}..{end} not on char boundaries"
    );
}

fn check_document(doc: &tamga_ingest::Document) {
    let mut last = 0;
    for p in &doc.paragraphs {
        check_span(&doc.text, p.start, p.end, "paragraph");
        assert!(p.start >= last, "paragraphs out of order");
        last = p.end;
    }
    assert!(!doc.id.is_empty());
    if let Some(d) = doc.published {
        check_date(d);
    }
}

fn check_date(d: tamga_ingest::PartialDate) {
    let iso = d.to_string();
    assert_eq!(
        tamga_ingest::PartialDate::parse_iso(&iso),
        Some(d),
        "date {iso} does not read back"
    );
}

/// Extracts every record of a stream, as `tamga ingest` does (minus the store).
fn drain(path: &str, data: &[u8]) {
    let reader = Box::new(Cursor::new(data.to_vec()));
    let Ok(records) = tamga_ingest::read::open_reader(Path::new(path), reader, &limits()) else {
        return;
    };
    for record in records.take(1024) {
        let Ok(record) = record else { continue };
        if let Ok(article) = tamga_ingest::extract(&record) {
            check_document(&tamga_ingest::into_document(&record, article, None));
        }
    }
}

/// HTML extraction: one page, charset from the page itself.
pub fn html(data: &[u8]) {
    let record = RawRecord {
        at: Location {
            file: "fuzz.html".into(),
            record: None,
        },
        uri: "https://example.org/fuzz.html".into(),
        name: "fuzz".into(),
        format: Format::Html,
        content: Content::Html {
            bytes: data.to_vec(),
            charset: None,
        },
        meta: Article::default(),
        raw_hash: String::new(),
    };
    if let Ok(article) = tamga_ingest::extract(&record) {
        check_document(&tamga_ingest::into_document(&record, article, None));
    }
}

/// The WARC reader (plain or gzip, detected by content) and extraction of its records.
pub fn warc(data: &[u8]) {
    drain("fuzz.warc", data);
}

/// The RSS/Atom reader.
pub fn feed(data: &[u8]) {
    drain("fuzz.rss", data);
}

/// The JSONL reader (and plain JSON, which the same detection may pick).
pub fn jsonl(data: &[u8]) {
    drain("fuzz.jsonl", data);
}

/// Encoding detection and decoding, with a declared label taken from the input's first line.
pub fn encoding(data: &[u8]) {
    use tamga_ingest::read::encoding;
    let (label, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) if i < 40 => (std::str::from_utf8(&data[..i]).ok(), &data[i + 1..]),
        _ => (None, data),
    };
    for html in [false, true] {
        let _ = encoding::decode(body, label, html);
    }
    let _ = encoding::looks_binary(body);
    let _ = encoding::sniff_html(body);
    let _ = encoding::meta_charset(body);
    let _ = tamga_ingest::read::detect::detect(body, Path::new("fuzz"));
}

fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The sentence splitter: sentences in order, inside the text, on char boundaries.
pub fn sentence(data: &[u8]) {
    let text = text_of(data);
    let mut last = 0;
    for s in tamga_text::sentence::split(&text) {
        check_span(&text, s.start, s.end, "sentence");
        assert!(s.start >= last, "sentences overlap or go backwards");
        last = s.end;
    }
}

/// The whole language layer, every span checked.
pub fn annotate(data: &[u8]) {
    let text = text_of(data);
    let published = tamga_ingest::PartialDate::ymd(2006, 11, 15);
    let a = tamga_text::annotate(&text, published);
    for s in &a.sentences {
        check_span(&text, s.start, s.end, "sentence");
    }
    for t in &a.tokens {
        check_span(&text, t.start, t.end, "token");
    }
    for t in &a.times {
        check_span(&text, t.start, t.end, "time");
    }
    for q in &a.quantities {
        check_span(&text, q.start, q.end, "quantity");
    }
    for q in &a.quotes {
        check_span(&text, q.start, q.end, "quote");
        if let Some(s) = &q.speaker {
            check_span(&text, s.start, s.end, "speaker");
        }
    }
    for m in &a.modality {
        check_span(&text, m.start, m.end, "modality");
    }
    for n in &a.names {
        check_span(&text, n.start, n.end, "name");
    }
}

/// The time-expression parser on one phrase, anchored on a date the input's first two
/// bytes choose; a day-precision value must be a real calendar date.
pub fn timex(data: &[u8]) {
    let (anchor, rest) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]), rest),
        _ => (0, data),
    };
    let reference = chrono::NaiveDate::from_ymd_opt(1990, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(anchor))));
    let Some(reference) = reference else { return };
    let phrase = text_of(rest);
    if let Some(t) = tamga_text::timex::normalize(&phrase, reference) {
        check_value(&t.value);
        if let Some(end) = &t.end_value {
            check_value(end);
        }
    }
}

/// A `YYYY-MM-DD` value names a day that exists.
fn check_value(value: &str) {
    let b = value.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit) {
        assert!(
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
            "time value {value} is not a date"
        );
    }
}

/// tamga's TOML actor dictionaries.
pub fn dict_toml(data: &[u8]) {
    let text = text_of(data);
    let _ = tamga_actors::own::load_sources(&[("fuzz.toml", text.as_str())]);
}

/// PETRARCH dictionaries of every kind; the first byte picks the kind.
pub fn dict_petrarch(data: &[u8]) {
    use tamga_actors::petrarch::{parse, Kind};
    let Some((&k, rest)) = data.split_first() else {
        return;
    };
    let kind = match k % 5 {
        0 => Kind::Actors,
        1 => Kind::Agents,
        2 => Kind::Verbs,
        3 => Kind::Discards,
        _ => Kind::Issues,
    };
    let _ = parse(kind, &text_of(rest), Path::new("fuzz.txt"));
}

/// The API routes whose query strings `query_string` parses.
const ROUTES: [&str; 6] = [
    "/api/events",
    "/api/actors",
    "/api/timeline",
    "/api/places",
    "/api/search",
    "/api/documents",
];

thread_local! {
    /// An empty in-memory store the parsed queries run against: the SQL they build must be
    /// valid whatever the values (each bound as a parameter, text searches quoted).
    static STORE: tamga_store::Store = tamga_store::Store::open(Path::new(":memory:"))
        .unwrap_or_else(|e| panic!("cannot open an in-memory store: {e}"));
}

/// A query string of the HTTP API, parsed and checked by every listing route as it would
/// be for a request (`tamga_serve::parse_listing`); the first byte picks the server's
/// largest page (1-256) so clamping is exercised too. A query the route accepts must hold
/// only checked values, ask for at most that page, and run on a store without error.
pub fn query_string(data: &[u8]) {
    let Some((&first, raw)) = data.split_first() else {
        return;
    };
    let max_page = usize::from(first) + 1;
    for route in ROUTES {
        let Ok(Some(q)) = tamga_serve::parse_listing(route, raw, max_page) else {
            continue;
        };
        if let Some(limit) = q.limit {
            assert!(
                (1..=max_page + 1).contains(&limit),
                "{route}: limit {limit} with a largest page of {max_page}"
            );
        }
        for (name, v) in [
            ("type", &q.event_type),
            ("actor", &q.actor),
            ("status", &q.status),
            ("text", &q.text),
            ("country", &q.country),
            ("place", &q.place),
            ("source", &q.source),
            ("since", &q.since),
            ("until", &q.until),
        ] {
            if let Some(v) = v {
                assert!(!v.trim().is_empty(), "{route}: empty {name} kept as a filter");
            }
        }
        if let Some(r) = &q.cameo_root {
            let n: u8 = r.parse().unwrap_or(0);
            assert!(r.len() == 2 && (1..=20).contains(&n), "{route}: root {r:?}");
        }
        if let Some(quad) = q.quad_class {
            assert!(quad <= 4, "{route}: quad {quad}");
        }
        for d in [&q.since, &q.until].into_iter().flatten() {
            assert!(
                tamga_events::cluster::DateSpan::parse(d).is_some(),
                "{route}: date {d:?} accepted"
            );
        }
        STORE.with(|s| {
            if let Err(e) = s.events(&q) {
                panic!("{route}: the store refused an accepted query {q:?}: {e}");
            }
        });
    }
}
