//! `tamga actors-top`: the actor codes named by most events (as source or target), with
//! their counts per PLOVER type, optionally within a date range.

use crate::cli::{ActorsTopArgs, QueryFormat};
use anyhow::Context;
use std::io::Write;
use std::process::ExitCode;
use tamga_store::{ActorActivity, ActorsQuery};

pub fn run(db: &str, args: &ActorsTopArgs) -> anyhow::Result<ExitCode> {
    let store = super::show::open_existing(db)?;
    let actors = store
        .actors_top(&ActorsQuery {
            since: args.since.map(|d| d.to_string()),
            until: args.until.map(|d| d.to_string()),
            limit: Some(args.limit),
        })
        .context("counting actors")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        QueryFormat::Jsonl => {
            for a in &actors {
                serde_json::to_writer(&mut out, a)?;
                out.write_all(b"\n")?;
            }
        }
        QueryFormat::Csv => write_csv(&mut out, &actors)?,
        QueryFormat::Table => {
            writeln!(
                out,
                "{:<16}  {:>6}  {:>6}  {:>6}  BY TYPE",
                "ACTOR", "EVENTS", "SOURCE", "TARGET"
            )?;
            for a in &actors {
                writeln!(
                    out,
                    "{:<16}  {:>6}  {:>6}  {:>6}  {}",
                    a.code,
                    a.events,
                    a.as_source,
                    a.as_target,
                    by_type(a)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// "CONSULT 5, AID 2": most first, then by type.
fn by_type(a: &ActorActivity) -> String {
    let mut v: Vec<(&String, &u64)> = a.by_type.iter().collect();
    v.sort_by(|x, y| y.1.cmp(x.1).then_with(|| x.0.cmp(y.0)));
    v.iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One column per PLOVER type met among the listed actors, so the file is a plain table.
fn write_csv(out: &mut impl Write, actors: &[ActorActivity]) -> anyhow::Result<()> {
    let types: std::collections::BTreeSet<&str> = actors
        .iter()
        .flat_map(|a| a.by_type.keys().map(String::as_str))
        .collect();
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["code", "events", "as_source", "as_target"];
    header.extend(types.iter().copied());
    w.write_record(&header)?;
    for a in actors {
        let mut row = vec![
            a.code.clone(),
            a.events.to_string(),
            a.as_source.to_string(),
            a.as_target.to_string(),
        ];
        row.extend(
            types
                .iter()
                .map(|t| a.by_type.get(*t).copied().unwrap_or(0).to_string()),
        );
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}
