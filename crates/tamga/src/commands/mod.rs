//! One module per subcommand; `run` dispatches.

mod docs;
mod extract;
mod ingest;
mod show;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest::run(&cli.db, &args),
        Command::Docs(args) => docs::run(&cli.db, &args),
        Command::Show(args) => show::run(&cli.db, &args),
        Command::Extract(args) => extract::run(&args),
    }
}

/// Reads every input under `paths` and hands each extracted document (or the error that
/// stopped it) to `sink`, in input order. Bad files and records are reported, never fatal.
pub(crate) fn for_each_document(
    paths: &[std::path::PathBuf],
    limits: &tamga_ingest::Limits,
    source: Option<&str>,
    mut sink: impl FnMut(Result<tamga_ingest::Document, tamga_ingest::Error>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for path in tamga_ingest::read::files(paths) {
        let records = match path.and_then(|p| tamga_ingest::read::open(&p, limits)) {
            Ok(records) => records,
            Err(err) => {
                sink(Err(err))?;
                continue;
            }
        };
        for record in records {
            let doc = record.and_then(|rec| {
                let article = tamga_ingest::extract(&rec)?;
                Ok(tamga_ingest::into_document(&rec, article, source))
            });
            sink(doc)?;
        }
    }
    Ok(())
}
