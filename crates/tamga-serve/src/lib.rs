//! `tamga serve`: a read API over a tamga store (events, documents, search, timeline, actor
//! network, places), an authenticated ingest endpoint that runs jobs in the background, an
//! OpenAPI document, and the web UI whose assets are compiled into the binary.
//!
//! The store is reached through an [`Opener`] the caller provides (a file path today, another
//! backend tomorrow); every store call runs on a blocking thread with a pooled connection.

mod alerts;
mod api;
mod error;
mod guard;
mod highlight;
mod jobs;
mod openapi;
mod params;
mod pool;
mod ui;

pub use api::parse_listing;
pub use error::{ApiError, Error};
pub use jobs::{IngestJob, JobProgress, JobRunner};

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tamga_store::Store;
use tower_http::set_header::SetResponseHeaderLayer;

/// Opens a connection to the store for reading; called whenever the pool needs one.
pub type Opener = Arc<dyn Fn() -> tamga_store::Result<Store> + Send + Sync>;

/// What one request may cost: body sizes, page sizes and the time a store query may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body outside of ingest: the read API takes none, so anything beyond a
    /// small form is refused (413) before it is read.
    pub max_body_bytes: usize,
    /// Largest ingest upload (one request: files or JSONL).
    pub max_upload_bytes: usize,
    /// Most events, documents or search hits one page may ask for (`limit`); a larger
    /// `limit` is a 400 naming this maximum.
    pub max_page: usize,
    /// Longest a request's store work may run; past it the request is answered 503 and the
    /// running statement is interrupted. `None`: no limit.
    pub query_timeout: Option<Duration>,
}

/// Default largest request body outside of ingest.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 << 10;
/// Default largest ingest upload.
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 64 << 20;
/// Default most rows one page may ask for.
pub const DEFAULT_MAX_PAGE: usize = 500;
/// Default longest store work of one request, in milliseconds.
pub const DEFAULT_QUERY_TIMEOUT_MS: u64 = 30_000;

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            max_page: DEFAULT_MAX_PAGE,
            query_timeout: Some(Duration::from_millis(DEFAULT_QUERY_TIMEOUT_MS)),
        }
    }
}

/// The Content-Security-Policy of every response: assets from this server only, no inline
/// script or style, no plugins, frames or form posts elsewhere.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

/// How the server is set up.
pub struct Config {
    pub addr: SocketAddr,
    /// Bearer token required by `POST /api/ingest`; without one, ingest is refused.
    pub token: Option<String>,
    pub opener: Opener,
    /// Ingests and codes uploaded files; without one, ingest is refused.
    pub runner: Option<JobRunner>,
    pub limits: Limits,
    /// Connections kept open for reads, and reads running at once.
    pub readers: usize,
}

/// What the handlers share.
#[derive(Clone)]
pub(crate) struct AppState {
    pub pool: Arc<pool::Pool>,
    pub token: Option<Arc<[u8]>>,
    pub jobs: Arc<jobs::Jobs>,
    /// The largest page (`limit`) a listing may ask for.
    pub max_page: usize,
}

/// The whole application: API, OpenAPI document and UI, with security headers on every
/// response, body limits on every route and, on a loopback address, only requests whose
/// `Host` is a loopback name.
pub fn router(config: &Config) -> Router {
    let state = AppState {
        pool: Arc::new(pool::Pool::new(
            config.opener.clone(),
            config.readers.max(1),
            config.limits.query_timeout,
        )),
        token: config
            .token
            .as_deref()
            .map(|t| Arc::from(t.trim().as_bytes())),
        jobs: Arc::new(jobs::Jobs::new(config.runner.clone())),
        max_page: config.limits.max_page.max(1),
    };
    let upload = config.limits.max_upload_bytes;
    let ingest = Router::new()
        .route("/api/ingest", post(jobs::ingest))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            jobs::require_token,
        ))
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(upload))
        .layer(axum::middleware::from_fn_with_state(
            upload,
            guard::body_size,
        ));
    let body = config.limits.max_body_bytes;
    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/openapi.json", get(openapi::document))
        .route("/api/events", get(api::events))
        .route("/api/events/{id}", get(api::event))
        .route("/api/documents", get(api::documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/search", get(api::search))
        .route("/api/actors", get(api::actors))
        .route("/api/timeline", get(api::timeline))
        .route("/api/places", get(api::places))
        .route("/api/alerts", get(alerts::alerts))
        .route("/api/jobs/{id}", get(jobs::job))
        .merge(ui::routes())
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(body))
        .layer(axum::middleware::from_fn_with_state(body, guard::body_size))
        .merge(ingest)
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            config.addr.ip().is_loopback(),
            guard::host,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
}

/// Checks the address against the token: listening anywhere but on loopback needs one, so
/// that a server reachable from the network never runs without protected writes.
pub fn check_exposure(addr: &SocketAddr, token: Option<&str>) -> Result<(), Error> {
    if !addr.ip().is_loopback() && token.is_none_or(|t| t.trim().is_empty()) {
        return Err(Error::Exposed(*addr));
    }
    Ok(())
}

/// Binds `config.addr`, prints the address it listens on (`listening on http://ADDR`) to
/// stdout, and serves until Ctrl-C or SIGTERM.
pub fn run(config: Config) -> Result<(), Error> {
    check_exposure(&config.addr, config.token.as_deref())?;
    if !config.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {} (not loopback): reads need no token, so anyone who can \
             reach this address can read the store; ingest needs the token",
            config.addr
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| Error::Bind(config.addr, e))?;
        let local = listener.local_addr().map_err(Error::Runtime)?;
        println!("listening on http://{local}");
        use std::io::Write;
        // Whoever started the server (a test, a script) waits for this line.
        let _ = std::io::stdout().flush();
        let app = router(&config);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(Error::Runtime)
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposure_needs_a_token_off_loopback() {
        let lo: SocketAddr = "127.0.0.1:8080".parse().unwrap_or_else(|_| unreachable!());
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap_or_else(|_| unreachable!());
        let v6: SocketAddr = "[::1]:8080".parse().unwrap_or_else(|_| unreachable!());
        assert!(check_exposure(&lo, None).is_ok());
        assert!(check_exposure(&v6, None).is_ok());
        assert!(check_exposure(&any, None).is_err());
        assert!(check_exposure(&any, Some("  ")).is_err());
        assert!(check_exposure(&any, Some("secret")).is_ok());
    }
}
