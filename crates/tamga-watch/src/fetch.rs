//! The HTTP side of watching: a blocking reqwest client (rustls) that asks each host's
//! robots.txt first, waits a politeness delay between requests to one host (the longer of
//! ours and the host's Crawl-delay, capped), makes
//! conditional GETs (ETag, Last-Modified), retries transport failures, 429 and 5xx with
//! exponential backoff, and refuses bodies over a size limit without reading them whole.

use crate::error::{Error, Result};
use crate::robots::Robots;
use reqwest::blocking::Client;
use reqwest::header::{
    HeaderMap, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};
use reqwest::{StatusCode, Url};
use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

/// The user agent sent, and the product token matched in robots.txt.
pub const USER_AGENT: &str = concat!(
    "tamga/",
    env!("CARGO_PKG_VERSION"),
    " (+news event monitor)"
);
const ROBOTS_AGENT: &str = "tamga";
/// robots.txt files larger than this are read only this far (RFC 9309 asks for 500 KiB).
const ROBOTS_MAX_BYTES: u64 = 500 << 10;
/// A host's Crawl-delay is honoured up to this long: a larger one would stall every other
/// source of the round, which runs one request at a time.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);
/// A server's Retry-After is honoured up to this long.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How the fetcher behaves.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Whole-request limit: connecting, waiting and reading the body.
    pub timeout: Duration,
    /// Retries after the first attempt, for transport failures, 429 and 5xx.
    pub retries: u32,
    /// The wait before the first retry; doubled for each next one.
    pub backoff: Duration,
    /// The least time between two requests to one host.
    pub delay: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    pub max_redirects: usize,
    /// Whether robots.txt is asked and obeyed.
    pub robots: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Duration::from_secs(2),
            delay: Duration::from_secs(1),
            max_bytes: 16 << 20,
            max_redirects: 5,
            robots: true,
        }
    }
}

/// The validators of a previous response, sent back for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What one GET gave.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// 304: unchanged since the validators sent.
    NotModified,
    Body {
        /// The URL after redirects.
        url: String,
        body: Vec<u8>,
        content_type: Option<String>,
        validators: Validators,
    },
}

/// One fetcher per watch process: it remembers robots.txt per origin and the time of the
/// last request per host.
pub struct Fetcher {
    client: Client,
    cfg: FetchConfig,
    last: HashMap<String, Instant>,
    /// Crawl-delay per host (same key as `last`), from robots.txt.
    crawl_delay: HashMap<String, Duration>,
    robots: HashMap<String, std::result::Result<Robots, String>>,
    /// Requests made (attempts included), for the round's report.
    pub requests: u64,
    /// Time spent waiting for the network and for politeness delays.
    pub busy: Duration,
}

impl Fetcher {
    pub fn new(cfg: FetchConfig) -> Result<Self> {
        let client = Client::builder()
            .user_agent(USER_AGENT)
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            .redirect(reqwest::redirect::Policy::limited(cfg.max_redirects))
            .build()
            .map_err(|e| Error::Transport {
                url: String::new(),
                detail: format!("cannot build the HTTP client: {e}"),
                attempts: 0,
            })?;
        Ok(Self {
            client,
            cfg,
            last: HashMap::new(),
            crawl_delay: HashMap::new(),
            robots: HashMap::new(),
            requests: 0,
            busy: Duration::ZERO,
        })
    }

    /// Forgets robots.txt rules, so the next round reads them again.
    pub fn new_round(&mut self) {
        self.robots.clear();
        self.crawl_delay.clear();
    }

    /// GETs `url`, conditionally when `validators` has any, after checking robots.txt.
    pub fn get(&mut self, url: &str, validators: &Validators) -> Result<Fetched> {
        let started = Instant::now();
        let result = self.get_inner(url, validators);
        self.busy += started.elapsed();
        result
    }

    fn get_inner(&mut self, url: &str, validators: &Validators) -> Result<Fetched> {
        let parsed = Url::parse(url).map_err(|e| Error::BadUrl {
            url: url.to_owned(),
            detail: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(Error::BadUrl {
                url: url.to_owned(),
                detail: "only http and https URLs with a host are fetched".to_owned(),
            });
        }
        if self.cfg.robots {
            self.check_robots(&parsed)?;
        }
        let mut headers = HeaderMap::new();
        if let Some(v) = validators.etag.as_deref().and_then(|v| v.parse().ok()) {
            headers.insert(IF_NONE_MATCH, v);
        }
        if let Some(v) = validators
            .last_modified
            .as_deref()
            .and_then(|v| v.parse().ok())
        {
            headers.insert(IF_MODIFIED_SINCE, v);
        }
        self.request(&parsed, headers, self.cfg.max_bytes, self.cfg.retries)
    }

    /// POSTs a JSON body (an alert to a webhook), retrying transport failures, 429 and 5xx
    /// with the fetcher's backoff. Returns the final status.
    pub fn post_json(&mut self, url: &str, body: &str) -> Result<u16> {
        let parsed = Url::parse(url).map_err(|e| Error::BadUrl {
            url: url.to_owned(),
            detail: e.to_string(),
        })?;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let sent = self
                .client
                .post(parsed.clone())
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_owned())
                .send();
            let err = match sent {
                Ok(r) if r.status().is_success() => return Ok(r.status().as_u16()),
                Ok(r) => {
                    let status = r.status();
                    let err = Error::Status {
                        url: url.to_owned(),
                        status: status.as_u16(),
                        attempts: attempt,
                    };
                    if !(status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS) {
                        return Err(err);
                    }
                    err
                }
                Err(e) => Error::Transport {
                    url: url.to_owned(),
                    detail: describe(&e),
                    attempts: attempt,
                },
            };
            if attempt > self.cfg.retries {
                return Err(err);
            }
            std::thread::sleep(self.cfg.backoff.saturating_mul(1 << (attempt - 1).min(10)));
        }
    }

    fn check_robots(&mut self, url: &Url) -> Result<()> {
        let origin = url.origin().ascii_serialization();
        if !self.robots.contains_key(&origin) {
            let rules = self.fetch_robots(&origin);
            if let Ok(Some(d)) = rules.as_ref().map(Robots::crawl_delay) {
                self.crawl_delay
                    .insert(host_key(url), d.min(MAX_CRAWL_DELAY));
            }
            self.robots.insert(origin.clone(), rules);
        }
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        match self.robots.get(&origin) {
            Some(Ok(r)) if !r.allowed(&path) => Err(Error::Robots {
                url: url.to_string(),
            }),
            Some(Err(why)) => Err(Error::Transport {
                url: url.to_string(),
                detail: format!(
                    "robots.txt unreachable, so nothing is fetched from this host: {why}"
                ),
                attempts: 1,
            }),
            _ => Ok(()),
        }
    }

    /// robots.txt of an origin: its rules; all allowed when it is missing (4xx); an error
    /// when the server fails (5xx, unreachable), which RFC 9309 reads as "disallow all".
    fn fetch_robots(&mut self, origin: &str) -> std::result::Result<Robots, String> {
        let Ok(url) = Url::parse(&format!("{origin}/robots.txt")) else {
            return Ok(Robots::allow_all());
        };
        match self.request(&url, HeaderMap::new(), ROBOTS_MAX_BYTES, self.cfg.retries) {
            Ok(Fetched::Body { body, .. }) => {
                Ok(Robots::parse(&String::from_utf8_lossy(&body), ROBOTS_AGENT))
            }
            Ok(Fetched::NotModified) => Ok(Robots::allow_all()),
            Err(Error::Status { status, .. }) if (400..500).contains(&status) => {
                Ok(Robots::allow_all())
            }
            // An oversized robots.txt is read up to the limit by RFC; simpler to allow.
            Err(Error::TooLarge { .. }) => Ok(Robots::allow_all()),
            Err(e) => Err(e.to_string()),
        }
    }

    fn wait_turn(&mut self, url: &Url) {
        let host = host_key(url);
        let delay = self
            .crawl_delay
            .get(&host)
            .map_or(self.cfg.delay, |d| (*d).max(self.cfg.delay));
        if let Some(last) = self.last.get(&host) {
            let since = last.elapsed();
            if since < delay {
                std::thread::sleep(delay - since);
            }
        }
        self.last.insert(host, Instant::now());
    }

    /// The Crawl-delay in force for `url`'s host, once its robots.txt has been read.
    pub fn crawl_delay(&self, url: &str) -> Option<Duration> {
        Url::parse(url)
            .ok()
            .and_then(|u| self.crawl_delay.get(&host_key(&u)).copied())
    }

    fn request(
        &mut self,
        url: &Url,
        headers: HeaderMap,
        max_bytes: u64,
        retries: u32,
    ) -> Result<Fetched> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            self.wait_turn(url);
            self.requests += 1;
            let outcome = self.once(url, &headers, max_bytes, attempt);
            let retry_after = match &outcome {
                Err(Attempt::Retry(_, after)) => *after,
                _ => None,
            };
            match outcome {
                Ok(f) => return Ok(f),
                Err(Attempt::Final(e)) => return Err(e),
                Err(Attempt::Retry(e, _)) if attempt > retries => return Err(e),
                Err(Attempt::Retry(e, _)) => {
                    let backoff = self.cfg.backoff.saturating_mul(1 << (attempt - 1).min(10));
                    let wait = retry_after.map_or(backoff, |r| r.min(MAX_RETRY_AFTER).max(backoff));
                    tracing::debug!(%url, error = %e, ?wait, "retrying");
                    std::thread::sleep(wait);
                }
            }
        }
    }

    fn once(
        &self,
        url: &Url,
        headers: &HeaderMap,
        max_bytes: u64,
        attempt: u32,
    ) -> std::result::Result<Fetched, Attempt> {
        let started = Instant::now();
        let transport = |e: &dyn std::fmt::Display| Error::Transport {
            url: url.to_string(),
            detail: e.to_string(),
            attempts: attempt,
        };
        let response = match self.client.get(url.clone()).headers(headers.clone()).send() {
            Ok(r) => r,
            Err(e) if e.is_redirect() => {
                return Err(Attempt::Final(transport(&format_args!(
                    "too many redirects ({e})"
                ))))
            }
            Err(e) => return Err(Attempt::Retry(transport(&describe(&e)), None)),
        };
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            let err = Error::Status {
                url: url.to_string(),
                status: status.as_u16(),
                attempts: attempt,
            };
            let retryable = status == StatusCode::TOO_MANY_REQUESTS
                || status == StatusCode::REQUEST_TIMEOUT
                || status.is_server_error();
            let after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(if retryable {
                Attempt::Retry(err, after)
            } else {
                Attempt::Final(err)
            });
        }
        let too_large = || Error::TooLarge {
            url: url.to_string(),
            limit: max_bytes,
        };
        if response.content_length().is_some_and(|n| n > max_bytes) {
            return Err(Attempt::Final(too_large()));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        let content_type = header(CONTENT_TYPE);
        let final_url = response.url().to_string();
        let mut body = Vec::new();
        let mut reader = response.take(max_bytes + 1);
        let mut buf = [0u8; 64 << 10];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => body.extend_from_slice(&buf[..n]),
                Err(e) => {
                    return Err(Attempt::Retry(
                        transport(&format_args!("reading the body: {e}")),
                        None,
                    ))
                }
            }
            if body.len() as u64 > max_bytes {
                return Err(Attempt::Final(too_large()));
            }
            // The client's timeout bounds each read; this bounds a slow drip as a whole.
            if started.elapsed() > self.cfg.timeout {
                return Err(Attempt::Retry(
                    transport(&"timed out reading the body"),
                    None,
                ));
            }
        }
        Ok(Fetched::Body {
            url: final_url,
            body,
            content_type,
            validators,
        })
    }
}

enum Attempt {
    Retry(Error, Option<Duration>),
    Final(Error),
}

/// A reqwest error in a few words: timeouts and refused connections said plainly.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return "timed out".to_owned();
    }
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg = format!("{msg}: {s}");
        source = s.source();
    }
    msg
}

/// The key of one host for politeness: name and port (scheme-independent, as both share a
/// server).
fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or(0)
    )
}
