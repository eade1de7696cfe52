//! `tamga events`: list stored events as a table, JSONL (the event record exactly as coded,
//! with its cluster and mention count) or flat CSV; one row per cluster unless `--mentions`.

use crate::cli::{EventsArgs, EventsFormat};
use anyhow::Context;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use tamga_events::{ActorMention, Event};
use tamga_store::EventQuery;

pub fn run(db: &Path, args: &EventsArgs) -> anyhow::Result<ExitCode> {
    let store = super::show::open_existing(db)?;
    let query = EventQuery {
        event_type: args.event_type.clone(),
        actor: args.actor.clone(),
        since: args.since.map(|d| d.to_string()),
        until: args.until.map(|d| d.to_string()),
        status: args.status.clone(),
        text: args.text.clone(),
        mentions: args.mentions,
        limit: args.limit,
        ..EventQuery::default()
    };
    let events = store.events(&query).context("querying events")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        EventsFormat::Jsonl => {
            for e in &events {
                serde_json::to_writer(&mut out, e)?;
                out.write_all(b"\n")?;
            }
        }
        EventsFormat::Csv => write_csv(&mut out, &events)?,
        EventsFormat::Table => {
            write_table(&mut out, &events)?;
            let what = if args.mentions { "mentions" } else { "events" };
            writeln!(out, "{} {what}", events.len())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
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

fn write_csv(out: &mut impl Write, events: &[Event]) -> anyhow::Result<()> {
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
    for e in events {
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
    }
    w.flush()?;
    Ok(())
}

/// A human-readable table, one event per line.
pub(crate) fn write_table(out: &mut impl Write, events: &[Event]) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<16}  {:<10}  {:<9}  {:<12}  {:<14}  {:<14}  {:>3}  SENTENCE",
        "ID", "DATE", "TYPE", "STATUS", "SOURCE", "TARGET", "N"
    )?;
    for e in events {
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
    }
    Ok(())
}

/// Whitespace runs (line breaks of hard-wrapped text) as single spaces.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts a string to `n` characters for a table column, marking the cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}
