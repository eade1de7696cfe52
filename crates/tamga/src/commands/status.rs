//! `tamga status`: the watched sources (kind, last fetch, last success, errors, items,
//! the last error) and the documents ingested and events coded per day.

use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Days of activity to show.
    #[arg(long, default_value_t = 14)]
    pub days: usize,
    /// `table` or `json` (one object: sources, days, alerts).
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    pub format: String,
}

pub fn run(db: &str, args: &StatusArgs) -> anyhow::Result<ExitCode> {
    let store = super::show::open_existing(db)?;
    let sources = store.watch_sources()?;
    let days = store.activity_by_day(args.days)?;
    let pending = store.alert_hits(None, true, None)?.len();
    let fired = store.alert_hits(None, false, None)?.len();
    let mut out = std::io::stdout().lock();
    if args.format == "json" {
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({
                "sources": sources,
                "days": days,
                "alerts": {"saved": store.alerts()?.len(), "fired": fired, "pending": pending},
            }),
        )?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "sources ({}):", sources.len())?;
    writeln!(
        out,
        "  {:<8} {:<20} {:<20} {:>7} {:>6} {:>6}  source",
        "kind", "last fetch", "last ok", "fetches", "errors", "items"
    )?;
    for s in &sources {
        let name = match &s.name {
            Some(n) => format!("{} ({n})", s.target),
            None => s.target.clone(),
        };
        writeln!(
            out,
            "  {:<8} {:<20} {:<20} {:>7} {:>6} {:>6}  {name}",
            s.kind,
            s.last_fetch.as_deref().unwrap_or("-"),
            s.last_ok.as_deref().unwrap_or("never"),
            s.fetches,
            s.errors,
            s.items
        )?;
        if let Some(e) = &s.last_error {
            writeln!(out, "           last error: {}", super::events::one_line(e))?;
        }
    }
    writeln!(
        out,
        "\nper day (UTC):\n  {:<10} {:>9} {:>7}",
        "day", "documents", "events"
    )?;
    for d in &days {
        writeln!(out, "  {:<10} {:>9} {:>7}", d.day, d.documents, d.events)?;
    }
    writeln!(
        out,
        "\nalerts: {} saved, {fired} fired, {pending} pending delivery",
        store.alerts()?.len()
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
