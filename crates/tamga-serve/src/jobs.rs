//! `POST /api/ingest` and `GET /api/jobs/{id}`: uploads (files or JSONL) are written to a
//! private temporary folder and handed to the caller's [`JobRunner`] (ingest, code, cluster)
//! on a blocking thread, one job at a time since the store has one writer; progress is kept
//! in memory for the job's page. Writes need the bearer token, compared in constant time.

use crate::error::ApiError;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use subtle::ConstantTimeEq;
use utoipa::{IntoParams, ToSchema};

/// Files to ingest: what one request uploaded.
#[derive(Debug, Clone)]
pub struct IngestJob {
    /// Files in a private temporary folder, removed when the job ends.
    pub paths: Vec<PathBuf>,
    /// Publication name for documents that do not name one.
    pub source: Option<String>,
}

/// Where a job is and what it did so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct JobProgress {
    /// `queued`, `ingesting`, `coding`, `clustering`, `done` or `failed`.
    pub phase: String,
    /// Documents read, stored, unchanged (seen before), duplicates and rejected.
    pub read: u64,
    pub stored: u64,
    pub unchanged: u64,
    pub duplicates: u64,
    pub rejected: u64,
    /// Documents coded, and the events they gave.
    pub coded: u64,
    pub events: u64,
}

/// Runs one job: ingest the files, code what is new, cluster; reports progress through the
/// callback and returns the final counts, or a message saying why it failed.
pub type JobRunner =
    Arc<dyn Fn(&IngestJob, &dyn Fn(&JobProgress)) -> Result<JobProgress, String> + Send + Sync>;

/// One job as `GET /api/jobs/{id}` shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobStatus {
    pub id: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    pub progress: JobProgress,
    /// Files received.
    pub files: usize,
    pub error: Option<String>,
}

/// Jobs kept for their status pages; the oldest finished ones are forgotten beyond this.
const KEEP_JOBS: usize = 256;
/// What a failed job's page says; the cause is in the server's log.
const JOB_FAILED: &str = "the job failed; the server's log says why";
/// Parts of one multipart upload.
const MAX_PARTS: usize = 10_000;

pub struct Jobs {
    runner: Option<JobRunner>,
    table: Mutex<Table>,
    /// Held while a job runs: the store takes one writer at a time.
    writer: Arc<Mutex<()>>,
}

#[derive(Default)]
struct Table {
    next: u64,
    jobs: BTreeMap<u64, JobStatus>,
}

impl Jobs {
    pub fn new(runner: Option<JobRunner>) -> Self {
        Self {
            runner,
            table: Mutex::new(Table::default()),
            writer: Arc::new(Mutex::new(())),
        }
    }

    fn update(&self, id: u64, f: impl FnOnce(&mut JobStatus)) {
        if let Ok(mut t) = self.table.lock() {
            if let Some(j) = t.jobs.get_mut(&id) {
                f(j);
            }
        }
    }

    fn create(&self, files: usize) -> Option<(u64, JobStatus)> {
        let mut t = self.table.lock().ok()?;
        t.next += 1;
        let id = t.next;
        let status = JobStatus {
            id: id.to_string(),
            state: "queued".to_owned(),
            progress: JobProgress {
                phase: "queued".to_owned(),
                ..JobProgress::default()
            },
            files,
            error: None,
        };
        t.jobs.insert(id, status.clone());
        while t.jobs.len() > KEEP_JOBS {
            let oldest_done = t
                .jobs
                .iter()
                .find(|(_, j)| j.state == "done" || j.state == "failed")
                .map(|(k, _)| *k);
            match oldest_done {
                Some(k) => {
                    t.jobs.remove(&k);
                }
                None => break,
            }
        }
        Some((id, status))
    }
}

/// Refuses a write without the right bearer token, before its body is read.
pub async fn require_token(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let Some(token) = state.token.as_deref() else {
        return Err(ApiError::Forbidden(
            "ingest is disabled: start the server with --token-file".to_owned(),
        ));
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    if !token_matches(given.as_bytes(), token) {
        return Err(ApiError::Unauthorized);
    }
    Ok(next.run(req).await)
}

/// Whether `given` is the token, in a time that depends on the token's length only: the
/// guess is cut or padded to that length before a constant-time comparison, and its own
/// length compared apart, so neither a guess's content nor its length tells how close it is.
fn token_matches(given: &[u8], token: &[u8]) -> bool {
    let padded: Vec<u8> = (0..token.len())
        .map(|i| given.get(i).copied().unwrap_or(0))
        .collect();
    let same_len = (given.len() as u64).ct_eq(&(token.len() as u64));
    !token.is_empty() && bool::from(padded.ct_eq(token) & same_len)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IngestParams {
    /// For a raw body: its file name, whose extension says its format (`feed.xml`,
    /// `crawl.warc.gz`, `page.html`); by default from the content type.
    pub name: Option<String>,
    /// Publication name for documents that do not name one.
    pub source: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobCreated {
    pub job: String,
    /// Where its progress is: `/api/jobs/{id}`.
    pub status: String,
}

/// A file name safe to create in the job's folder: letters, digits, `.`, `-` and `_` of its
/// last path component, numbered so two uploads with one name stay apart.
fn safe_name(index: usize, name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(100)
        .collect();
    let clean = clean.trim_start_matches('.');
    let clean = if clean.is_empty() { "upload" } else { clean };
    format!("{index:05}-{clean}")
}

/// The file name of a raw body by its content type.
fn name_for(content_type: &str) -> &'static str {
    let ct = content_type.split(';').next().unwrap_or("").trim();
    match ct.to_ascii_lowercase().as_str() {
        "application/x-ndjson"
        | "application/jsonl"
        | "application/json-lines"
        | "application/json" => "upload.jsonl",
        "text/html" | "application/xhtml+xml" => "upload.html",
        "application/rss+xml" | "application/atom+xml" | "application/xml" | "text/xml" => {
            "upload.xml"
        }
        "application/warc" => "upload.warc",
        "application/gzip" | "application/x-gzip" => "upload.gz",
        _ => "upload.txt",
    }
}

#[utoipa::path(post, path = "/api/ingest", params(IngestParams),
    request_body(description = "multipart/form-data with files, or one raw body: JSONL \
        (application/x-ndjson) records {id?, uri?, title?, date?, source?, authors?, text}, \
        HTML, text, a feed or a WARC", content_type = "application/x-ndjson"),
    security(("bearer" = [])),
    responses((status = 202, body = JobCreated), (status = 401, description = "no or wrong token"),
        (status = 403, description = "ingest disabled"), (status = 413, description = "too large")))]
pub async fn ingest(
    State(state): State<AppState>,
    Query(p): Query<IngestParams>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, ApiError> {
    let Some(runner) = state.jobs.runner.clone() else {
        return Err(ApiError::Forbidden(
            "this server does not ingest".to_owned(),
        ));
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mut files: Vec<(String, Bytes)> = Vec::new();
    if content_type.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &())
            .await
            .map_err(|e| ApiError::BadRequest(e.body_text()))?;
        while let Some(field) = mp
            .next_field()
            .await
            .map_err(|e| too_large_or_bad(e.status(), e.body_text()))?
        {
            if files.len() >= MAX_PARTS {
                return Err(ApiError::BadRequest(format!("more than {MAX_PARTS} files")));
            }
            let name = field
                .file_name()
                .map(str::to_owned)
                .unwrap_or_else(|| name_for(field.content_type().unwrap_or("")).to_owned());
            let bytes = field
                .bytes()
                .await
                .map_err(|e| too_large_or_bad(e.status(), e.body_text()))?;
            files.push((safe_name(files.len(), &name), bytes));
        }
    } else {
        let bytes = Bytes::from_request(req, &())
            .await
            .map_err(|e| too_large_or_bad(e.status(), e.body_text()))?;
        let name = given(p.name.as_deref()).unwrap_or_else(|| name_for(&content_type).to_owned());
        files.push((safe_name(0, &name), bytes));
    }
    files.retain(|(_, b)| !b.is_empty());
    if files.is_empty() {
        return Err(ApiError::BadRequest(
            "nothing to ingest: the body is empty".to_owned(),
        ));
    }
    let source = given(p.source.as_deref());
    let (id, _) = state.jobs.create(files.len()).ok_or(ApiError::Internal)?;
    let jobs = Arc::clone(&state.jobs);
    // Not awaited: the job runs after the response, and reports through the table.
    tokio::task::spawn_blocking(move || run_job(&jobs, id, &runner, files, source));
    let body = JobCreated {
        job: id.to_string(),
        status: format!("/api/jobs/{id}"),
    };
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

fn given(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn too_large_or_bad(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge
    } else {
        ApiError::BadRequest(text)
    }
}

fn run_job(
    jobs: &Jobs,
    id: u64,
    runner: &JobRunner,
    files: Vec<(String, Bytes)>,
    source: Option<String>,
) {
    // The cause (store path, temporary folder, SQL error) goes to the server's log; the job's
    // page, readable without the token, only says where to look.
    let fail = |msg: String| {
        tracing::error!("ingest job {id} failed: {msg}");
        jobs.update(id, |j| {
            j.state = "failed".to_owned();
            j.progress.phase = "failed".to_owned();
            j.error = Some(JOB_FAILED.to_owned());
        });
    };
    let writer = Arc::clone(&jobs.writer);
    // A job that panicked poisons nothing worth keeping: the lock only orders jobs.
    let _turn = writer.lock().unwrap_or_else(|p| p.into_inner());
    jobs.update(id, |j| j.state = "running".to_owned());
    let dir = match tempfile::Builder::new().prefix("tamga-ingest-").tempdir() {
        Ok(d) => d,
        Err(e) => return fail(format!("creating a folder for the upload: {e}")),
    };
    let mut paths = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Err(e) = std::fs::write(&path, &bytes) {
            return fail(format!("writing the upload: {e}"));
        }
        paths.push(path);
    }
    let job = IngestJob { paths, source };
    let report = |p: &JobProgress| jobs.update(id, |j| j.progress = p.clone());
    match runner(&job, &report) {
        Ok(mut done) => {
            done.phase = "done".to_owned();
            jobs.update(id, |j| {
                j.state = "done".to_owned();
                j.progress = done;
            });
        }
        Err(msg) => fail(msg),
    }
}

#[utoipa::path(get, path = "/api/jobs/{id}",
    params(("id" = String, Path, description = "the id `POST /api/ingest` returned")),
    responses((status = 200, body = JobStatus), (status = 404, description = "no such job")))]
pub async fn job(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<JobStatus>, ApiError> {
    let status = id.parse::<u64>().ok().and_then(|n| {
        state
            .jobs
            .table
            .lock()
            .ok()
            .and_then(|t| t.jobs.get(&n).cloned())
    });
    status
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no job {id:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_whole_and_exact() {
        assert!(token_matches(b"s3cret", b"s3cret"));
        for bad in [
            &b""[..],
            b"s3cre",
            b"s3cret!",
            b"s3cres",
            b"S3cret",
            b"s3cret\0",
        ] {
            assert!(!token_matches(bad, b"s3cret"), "{bad:?}");
        }
        assert!(!token_matches(b"", b""), "an empty token opens nothing");
    }

    #[test]
    fn upload_names_stay_inside_the_folder() {
        assert_eq!(safe_name(0, "../../etc/passwd"), "00000-passwd");
        assert_eq!(safe_name(3, "..\\x\\a b<c>.jsonl"), "00003-abc.jsonl");
        assert_eq!(safe_name(1, "..."), "00001-upload");
        assert_eq!(safe_name(2, "feed.xml"), "00002-feed.xml");
        assert_eq!(
            name_for("application/x-ndjson; charset=utf-8"),
            "upload.jsonl"
        );
        assert_eq!(name_for("text/html"), "upload.html");
        assert_eq!(name_for(""), "upload.txt");
    }
}
