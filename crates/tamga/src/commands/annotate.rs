//! `tamga annotate`: one document in (a text or HTML file, or stdin), the language layer's
//! annotations out as one JSON object — sentences, times, quantities, quotes, modality, names.
//! `tamga show ID --annotations` prints the same object for a stored document.

use crate::cli::AnnotateArgs;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use tamga_ingest::PartialDate;
use tamga_text::{Annotations, Modality, NameCandidate, Quantity, Quote, TimeExpr};

pub fn run(args: &AnnotateArgs) -> anyhow::Result<ExitCode> {
    let (text, found) =
        super::read_one_document(&args.path, &args.limits.limits(), args.published.is_none())?;
    let published = args.published.or(found);
    if args.timings {
        print_timings(&text, published);
    }
    let started = Instant::now();
    let ann = tamga_text::annotate(&text, published);
    let annotated = started.elapsed().as_secs_f64();
    print(&text, published, &ann)?;
    let mb = text.len() as f64 / 1e6;
    eprintln!(
        "annotated {mb:.2} MB: {} sentences, {} times, {} quantities, {} quotes, {} clauses, {} names, \
         published {}, annotation {annotated:.3}s ({:.1} MB/s)",
        ann.sentences.len(),
        ann.times.len(),
        ann.quantities.len(),
        ann.quotes.len(),
        ann.modality.len(),
        ann.names.len(),
        published.map_or_else(|| "unknown".to_owned(), |d| d.to_string()),
        if annotated > 0.0 { mb / annotated } else { 0.0 },
    );
    // The process ends here: freeing a large document's millions of tokens and annotations
    // one by one would only delay the exit, so the OS takes the memory back at once.
    std::mem::forget(ann);
    std::mem::forget(text);
    Ok(ExitCode::SUCCESS)
}

/// Runs the annotators one by one, as `tamga_text::annotate` does, and prints each one's time:
/// where a faster language layer has to look. The result is dropped; output comes from
/// `tamga_text::annotate` itself.
fn print_timings(text: &str, published: Option<PartialDate>) {
    use tamga_text::{modality, names, quantity, quote, sentence, timex, token};
    let mut laps = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name: &'static str| {
        laps.push((name, t.elapsed().as_secs_f64()));
        t = Instant::now();
    };
    let sentences = sentence::split(text);
    lap("sentences");
    let tokens = token::tokenize(text, &sentences);
    lap("tokens");
    let _ = modality::annotate(text, &sentences, &tokens);
    lap("modality");
    let _ = timex::annotate(text, &sentences, &tokens, published);
    lap("times");
    let _ = quantity::annotate(text, &sentences, &tokens);
    lap("quantities");
    let _ = quote::annotate(text, &sentences, &tokens);
    lap("quotes");
    let _ = names::annotate(text, &sentences, &tokens);
    lap("names");
    let line: Vec<String> = laps
        .iter()
        .map(|(name, s)| format!("{name} {s:.3}s"))
        .collect();
    eprintln!("timings: {}", line.join(", "));
}

/// The JSON object of `tamga annotate`: the model's annotation types as they serialize, plus
/// each sentence's text.
#[derive(Serialize)]
struct AnnotationsJson<'a> {
    sentences: Vec<SentenceJson<'a>>,
    times: &'a [TimeExpr],
    quantities: &'a [Quantity],
    quotes: &'a [Quote],
    modality: &'a [Modality],
    names: &'a [NameCandidate],
    published: Option<String>,
}

#[derive(Serialize)]
struct SentenceJson<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// Prints `ann` (annotations of `text`) as one JSON line on stdout.
pub fn print(text: &str, published: Option<PartialDate>, ann: &Annotations) -> anyhow::Result<()> {
    let json = AnnotationsJson {
        sentences: ann
            .sentences
            .iter()
            .map(|s| SentenceJson {
                start: s.start,
                end: s.end,
                text: text.get(s.start..s.end).unwrap_or_default(),
            })
            .collect(),
        times: &ann.times,
        quantities: &ann.quantities,
        quotes: &ann.quotes,
        modality: &ann.modality,
        names: &ann.names,
        published: published.map(|d| d.to_string()),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    serde_json::to_writer(&mut out, &json)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Parses `--published`: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn parse_published(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse_iso(s)
        .ok_or_else(|| format!("{s:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"))
}
