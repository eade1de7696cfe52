//! `tamga extract`: files in, documents out on stdout; no store.

use crate::cli::{ExtractArgs, ExtractFormat};
use crate::output::{DocJson, Progress, Summary};
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let progress = Progress::new();
    let mut summary = Summary::default();
    super::for_each_document(&args.paths, &args.limits.limits(), None, |doc| {
        summary.read += 1;
        match doc {
            Ok(doc) => {
                summary.stored += 1;
                match args.format {
                    ExtractFormat::Jsonl => {
                        serde_json::to_writer(&mut out, &DocJson::new(&doc, false))?;
                        out.write_all(b"\n")?;
                    }
                    ExtractFormat::Text => {
                        writeln!(out, "{}\n", doc.text)?;
                    }
                }
            }
            Err(err) => {
                summary.rejected += 1;
                progress.warn(&err.to_string());
            }
        }
        progress.update(&summary);
        Ok(())
    })?;
    out.flush()?;
    progress.finish(&summary, false);
    Ok(ExitCode::SUCCESS)
}
