//! `tamga serve`: the HTTP API and web UI of `tamga-serve` over this store, with ingest jobs
//! that run the pipeline of `tamga run` (ingest, code what is new, cluster).

use super::code;
use crate::cli::{IngestArgs, LimitArgs, ServeArgs};
use anyhow::Context;
use std::process::ExitCode;
use std::sync::Arc;
use tamga_serve::{IngestJob, JobProgress, JobRunner};
use tamga_store::Store;

pub fn run(db: &str, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let token = match &args.token_file {
        Some(f) => {
            let t = std::fs::read_to_string(f)
                .with_context(|| format!("reading the token file {}", f.display()))?;
            let t = t.trim().to_owned();
            anyhow::ensure!(!t.is_empty(), "the token file {} is empty", f.display());
            Some(t)
        }
        None => None,
    };
    tamga_serve::check_exposure(&args.addr, token.as_deref())?;
    // The store is created (and migrated) once here, so readers never find it missing.
    drop(Store::connect(db).with_context(|| format!("opening store {}", shown(db)))?);
    let read_db = db.to_owned();
    let opener: tamga_serve::Opener = Arc::new(move || Store::connect_read_only(&read_db));
    let runner = match &token {
        Some(_) => Some(job_runner(db.to_owned())?),
        None => None,
    };
    let readers = std::thread::available_parallelism().map_or(4, |n| n.get() * 2);
    tamga_serve::run(tamga_serve::Config {
        addr: args.addr,
        token,
        opener,
        runner,
        limits: tamga_serve::Limits {
            max_body_bytes: args.max_body_bytes,
            max_upload_bytes: args.max_upload_bytes,
            max_page: args.max_page_size,
            query_timeout: (args.query_timeout_ms > 0)
                .then(|| std::time::Duration::from_millis(args.query_timeout_ms)),
        },
        readers,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The store target for messages: a PostgreSQL URL's password masked.
fn shown(db: &str) -> String {
    tamga_store::display_target(db)
}

/// The pipeline of `tamga run` for uploaded files, with the shipped dictionaries (loaded once,
/// now, so a broken install fails at start rather than at the first upload).
fn job_runner(db: String) -> anyhow::Result<JobRunner> {
    let (coder, coder_id) = code::load_coder(&[])?;
    let coder = Arc::new(coder);
    Ok(Arc::new(
        move |job: &IngestJob, report: &dyn Fn(&JobProgress)| {
            run_job(&db, &coder, &coder_id, job, report).map_err(|e| format!("{e:#}"))
        },
    ))
}

fn run_job(
    db: &str,
    coder: &tamga_events::Coder,
    coder_id: &str,
    job: &IngestJob,
    report: &dyn Fn(&JobProgress),
) -> anyhow::Result<JobProgress> {
    let mut progress = JobProgress {
        phase: "ingesting".to_owned(),
        ..JobProgress::default()
    };
    report(&progress);
    let mut store = Store::connect(db).with_context(|| format!("opening store {}", shown(db)))?;
    let args = IngestArgs {
        source: job.source.clone(),
        batch: 256,
        limits: LimitArgs::from(tamga_ingest::Limits::default()),
        paths: job.paths.clone(),
    };
    let ingested = super::ingest::ingest(&mut store, &args)?;
    progress.read = ingested.read;
    progress.stored = ingested.stored;
    progress.unchanged = ingested.unchanged;
    progress.duplicates = ingested.duplicates;
    progress.rejected = ingested.rejected;
    progress.phase = "coding".to_owned();
    report(&progress);
    let ids = store
        .uncoded_documents()
        .context("listing documents to code")?;
    let coded = code::code_stored(
        &mut store,
        coder,
        coder_id,
        &ids,
        crate::cli::MAX_CODE_BYTES,
    )?;
    progress.coded = coded.documents;
    progress.events = coded.events;
    progress.phase = "clustering".to_owned();
    report(&progress);
    code::cluster(&mut store)?;
    Ok(progress)
}
