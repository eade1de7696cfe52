//! `tamga stats`: counts over the whole store — documents by source and language, events
//! (every mention) by type, status and month, clusters and quotes — as a table or one JSON object.

use crate::cli::{StatsArgs, StatsFormat};
use anyhow::Context;
use std::io::Write;
use std::process::ExitCode;

pub fn run(db: &str, args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let store = super::show::open_existing(db)?;
    let o = store.overview().context("counting the store")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        StatsFormat::Jsonl => {
            // Count lists as objects ({"CONSULT": 20}): easier for jq and pandas than pairs.
            let obj = |v: &[(String, u64)]| {
                serde_json::Value::Object(
                    v.iter()
                        .map(|(k, n)| (k.clone(), serde_json::Value::from(*n)))
                        .collect(),
                )
            };
            let json = serde_json::json!({
                "documents": o.documents,
                "coded_documents": o.coded_documents,
                "documents_by_source": obj(&o.documents_by_source),
                "documents_by_lang": obj(&o.documents_by_lang),
                "events": o.events,
                "events_by_type": obj(&o.events_by_type),
                "events_by_status": obj(&o.events_by_status),
                "events_by_month": obj(&o.events_by_month),
                "clusters": o.clusters,
                "quotes": o.quotes,
            });
            serde_json::to_writer(&mut out, &json)?;
            out.write_all(b"\n")?;
        }
        StatsFormat::Table => {
            writeln!(
                out,
                "documents {} ({} coded), events {}, clusters {}, quotes {}",
                o.documents, o.coded_documents, o.events, o.clusters, o.quotes
            )?;
            for (title, rows) in [
                ("documents by source", &o.documents_by_source),
                ("documents by language", &o.documents_by_lang),
                ("events by type", &o.events_by_type),
                ("events by status", &o.events_by_status),
                ("events by month", &o.events_by_month),
            ] {
                writeln!(out, "\n{title}:")?;
                for (k, n) in rows.iter() {
                    writeln!(out, "  {n:>8}  {k}")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
