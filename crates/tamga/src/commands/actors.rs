//! `tamga actors`: one document in, one JSON line per actor mention (code, country, sector,
//! org, name, role, coreference link) and per place mention (name, country, lat, lon) out.
//! Dictionaries: `--dict` files, then tamga's shipped ones, then the bundled PETRARCH set.

use crate::cli::ActorsArgs;
use anyhow::Context;
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use tamga_actors::resolve::{self, places, Layer};
use tamga_actors::{PlaceMention, Resolver};
use tamga_ingest::PartialDate;

pub fn run(args: &ActorsArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut user: Vec<Layer> = Vec::new();
    for p in &args.dicts {
        user.push(resolve::load_layer(p).with_context(|| format!("loading {}", p.display()))?);
    }
    let resolver = Resolver::standard(user).context("loading the dictionaries")?;
    let loaded = started.elapsed().as_secs_f64();

    let (text, found) =
        super::read_one_document(&args.path, &args.limits.limits(), args.date.is_none())?;
    let date = args.date.or(found).and_then(day_of);
    let started = Instant::now();
    let ann = language_layer(&text, args.date.or(found));
    let actors = resolver.resolve(&text, &ann, date);
    let places = places::places(&text, &actors);
    let resolved = started.elapsed().as_secs_f64();

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Actors and places interleaved in text order; `coref_of` indexes the actor lines.
    let mut pi = places.iter().peekable();
    for a in &actors {
        while let Some(p) = pi.next_if(|p| p.start < a.start) {
            write_place(&mut out, p)?;
        }
        serde_json::to_writer(&mut out, a)?;
        writeln!(out)?;
    }
    for p in pi {
        write_place(&mut out, p)?;
    }
    out.flush()?;
    eprintln!(
        "{} actor and {} place mentions; dictionaries {} phrases loaded in {loaded:.3}s, \
         resolved in {resolved:.3}s, date {}",
        actors.len(),
        places.len(),
        resolver.phrase_count(),
        date.map_or_else(|| "unknown".to_owned(), |d| d.to_string()),
    );
    Ok(ExitCode::SUCCESS)
}

/// What resolution reads of the language layer: sentences, tokens, the time expressions
/// that date a sentence's roles and name candidates (a capital inside a longer name is not a
/// government). The other annotators (quotes, modality…) are not run.
fn language_layer(text: &str, published: Option<PartialDate>) -> tamga_text::Annotations {
    let sentences = tamga_text::sentence::split(text);
    let tokens = tamga_text::token::tokenize(text, &sentences);
    let times = tamga_text::timex::annotate(text, &sentences, &tokens, published);
    let names = tamga_text::names::annotate(text, &sentences, &tokens);
    tamga_text::Annotations {
        sentences,
        tokens,
        times,
        quantities: Vec::new(),
        quotes: Vec::new(),
        modality: Vec::new(),
        names,
    }
}

#[derive(Serialize)]
struct PlaceLine<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    place: &'a places::PlaceRef,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    dateline: bool,
}

fn write_place(out: &mut impl Write, p: &PlaceMention) -> anyhow::Result<()> {
    let line = PlaceLine {
        text: &p.text,
        start: p.start,
        end: p.end,
        place: &p.place,
        dateline: p.dateline,
    };
    serde_json::to_writer(&mut *out, &line)?;
    writeln!(out)?;
    Ok(())
}

/// A day inside a partial date: the 15th for a month, 1 July for a year (mid-year, so
/// that a role that changed in that year goes to whoever held it longer).
fn day_of(d: PartialDate) -> Option<NaiveDate> {
    let m = u32::from(d.month.unwrap_or(7));
    let day = u32::from(d.day.unwrap_or(if d.month.is_some() { 15 } else { 1 }));
    NaiveDate::from_ymd_opt(d.year, m, day)
}
