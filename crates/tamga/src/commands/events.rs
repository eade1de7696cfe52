//! `tamga events`: list stored events as a table, JSONL (the event record exactly as coded,
//! with its cluster and mention count) or flat CSV; one row per cluster unless `--mentions`.

use crate::cli::{EventsArgs, EventsFormat};
use anyhow::Context;
use std::io::Write;
use std::ops::ControlFlow;
use std::process::ExitCode;
use tamga_events::{ActorMention, Event};

pub fn run(db: &str, args: &EventsArgs) -> anyhow::Result<ExitCode> {
    let store = super::show::open_existing(db)?;
    let query = args.filter.query();
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::new(stdout.lock());
    let mut sink = match args.format {
        EventsFormat::Csv => Sink::Csv(Box::new(csv_writer(out)?)),
        EventsFormat::Jsonl => Sink::Jsonl(out),
        EventsFormat::Table => {
            let mut out = out;
            write_table_header(&mut out)?;
            Sink::Table(out)
        }
    };
    // Streamed: an export of a whole store never holds it in memory.
    let mut failed: Option<anyhow::Error> = None;
    let mut rows = 0usize;
    store
        .for_each_event(&query, |e| {
            rows += 1;
            match sink.write(&e) {
                Ok(()) => ControlFlow::Continue(()),
                Err(err) => {
                    failed = Some(err);
                    ControlFlow::Break(())
                }
            }
        })
        .context("querying events")?;
    if let Some(err) = failed {
        return Err(err);
    }
    match sink {
        Sink::Csv(mut w) => w.flush()?,
        Sink::Jsonl(mut out) => out.flush()?,
        Sink::Table(mut out) => {
            let what = if args.filter.mentions {
                "mentions"
            } else {
                "events"
            };
            writeln!(out, "{rows} {what}")?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the rows go, in the chosen format.
enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
    Table(W),
}

impl<W: Write> Sink<W> {
    fn write(&mut self, e: &Event) -> anyhow::Result<()> {
        match self {
            Sink::Csv(w) => write_csv_row(w, e),
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut *out, e)?;
                out.write_all(b"\n")?;
                Ok(())
            }
            Sink::Table(out) => write_table_row(out, e),
        }
    }
}

fn actor_name(a: &ActorMention) -> &str {
    a.name.as_deref().unwrap_or(&a.text)
}

/// The serialized name of a unit enum (`occurred`, `text`).
pub(crate) fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn csv_writer<W: Write>(out: W) -> anyhow::Result<csv::Writer<W>> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "date",
        "type",
        "mode",
        "status",
        "cameo",
        "quad_class",
        "goldstein",
        "source_code",
        "source_name",
        "target_code",
        "target_name",
        "location",
        "mentions",
        "doc_uri",
        "sentence",
    ])?;
    Ok(w)
}

fn write_csv_row<W: Write>(w: &mut csv::Writer<W>, e: &Event) -> anyhow::Result<()> {
    w.write_record([
        e.id.as_str(),
        e.date.as_deref().unwrap_or(""),
        &e.event_type,
        e.mode.as_deref().unwrap_or(""),
        &enum_name(&e.status),
        &e.cameo,
        &e.quad_class.to_string(),
        &e.goldstein.to_string(),
        &e.source.code,
        actor_name(&e.source),
        e.target.as_ref().map_or("", |t| t.code.as_str()),
        e.target.as_ref().map_or("", actor_name),
        e.location.as_ref().map_or("", |l| l.name.as_str()),
        &e.mentions.to_string(),
        &e.doc_uri,
        &one_line(&e.sentence.text),
    ])?;
    Ok(())
}

/// A human-readable table, one event per line.
pub(crate) fn write_table(out: &mut impl Write, events: &[Event]) -> anyhow::Result<()> {
    write_table_header(out)?;
    for e in events {
        write_table_row(out, e)?;
    }
    Ok(())
}

fn write_table_header(out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<16}  {:<10}  {:<9}  {:<12}  {:<14}  {:<14}  {:>3}  SENTENCE",
        "ID", "DATE", "TYPE", "STATUS", "SOURCE", "TARGET", "N"
    )?;
    Ok(())
}

fn write_table_row(out: &mut impl Write, e: &Event) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<16}  {:<10}  {:<9}  {:<12}  {:<14}  {:<14}  {:>3}  {}",
        clip(&e.id, 16),
        e.date.as_deref().unwrap_or("-"),
        clip(&e.event_type, 9),
        enum_name(&e.status),
        clip(&e.source.code, 14),
        e.target
            .as_ref()
            .map_or("-".to_owned(), |t| clip(&t.code, 14)),
        e.mentions,
        clip(&one_line(&e.sentence.text), 70),
    )?;
    Ok(())
}

/// Whitespace runs (line breaks of hard-wrapped text) as single spaces.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts a string to `n` characters for a table column, marking the cut.
pub(crate) fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}
