//! `tamga watch`: rounds over the sources file — fetch what is new from feeds, sitemaps,
//! pages and folders (politely, see `tamga-watch`), ingest, code and cluster it with the
//! same functions as `tamga run`, then fire the saved alerts. What was seen is recorded in
//! the store after it is stored, so a killed round is redone without duplicates.

use super::code;
use crate::cli::{IngestArgs, LimitArgs};
use anyhow::Context;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tamga_store::{FetchRecord, Store};
use tamga_watch::{sitemap, Fetched, Fetcher, Kind, SourceSpec, Validators};

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// The sources file: one source per line, an RSS/Atom feed, sitemap or page URL or a
    /// local folder, optionally after a kind word (feed, sitemap, page, folder) and followed
    /// by a source name; `#` comments.
    #[arg(long)]
    pub sources: PathBuf,
    /// Time between the starts of two rounds (30s, 15m, 2h).
    #[arg(long, default_value = "15m", value_parser = parse_duration)]
    pub interval: Duration,
    /// One round, then exit (for cron and tests).
    #[arg(long)]
    pub once: bool,
    /// Whole-request timeout.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Retries of a failed request (transport errors, 429, 5xx), with doubling backoff.
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
    /// The wait before the first retry.
    #[arg(long, default_value = "2s", value_parser = parse_duration)]
    pub backoff: Duration,
    /// Least time between two requests to one host.
    #[arg(long, default_value = "1s", value_parser = parse_duration)]
    pub delay: Duration,
    /// Largest response body accepted, in bytes.
    #[arg(long, default_value_t = 16 << 20)]
    pub max_bytes: u64,
    /// Fetch even what robots.txt disallows (only for your own servers).
    #[arg(long)]
    pub ignore_robots: bool,
    /// Extra dictionary for coding, as in `tamga run`; repeatable.
    #[arg(long = "dict")]
    pub dicts: Vec<PathBuf>,
    /// Whether a feed item's linked page is fetched and stored instead of the feed's own
    /// text: `auto` when the feed gives only a teaser (under 150 words), `always`, `never`.
    #[arg(long, value_enum, default_value_t = FeedPages::Auto)]
    pub feed_pages: FeedPages,
}

/// See `WatchArgs::feed_pages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FeedPages {
    Auto,
    Always,
    Never,
}

/// Feed items with fewer words than this are teasers: the article is on the linked page.
const TEASER_WORDS: usize = 150;

/// "90", "90s", "500ms", "15m", "2h", "1d", "1w": a duration (a bare number is seconds).
pub(crate) fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (30s, 15m, 2h, 1d)"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86_400.0,
        "w" => n * 7.0 * 86_400.0,
        other => {
            return Err(format!(
                "unknown duration unit {other:?} (ms, s, m, h, d, w)"
            ))
        }
    };
    if !secs.is_finite() || !(0.0..=1e9).contains(&secs) {
        return Err(format!("{s:?} is out of range"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// What one round did, for its summary line.
#[derive(Debug, Default)]
struct Round {
    sources_ok: u64,
    sources_failed: u64,
    unchanged: u64,
    new_items: u64,
    stored: u64,
    events: u64,
    alerts: u64,
    fetch: Duration,
    ingest: Duration,
    code: Duration,
}

pub fn run(db: &str, args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.sources)
        .with_context(|| format!("reading the sources file {}", args.sources.display()))?;
    let sources = tamga_watch::sources::parse(&text)
        .with_context(|| format!("in {}", args.sources.display()))?;
    let (coder, coder_id) = code::load_coder(&args.dicts)?;
    let mut store = Store::connect(db)
        .with_context(|| format!("opening store {}", tamga_store::display_target(db)))?;
    let mut fetcher = Fetcher::new(tamga_watch::FetchConfig {
        timeout: args.timeout,
        retries: args.retries,
        backoff: args.backoff,
        delay: args.delay,
        max_bytes: args.max_bytes,
        max_redirects: 5,
        robots: !args.ignore_robots,
    })?;
    let mut n = 0u64;
    loop {
        n += 1;
        let started = Instant::now();
        fetcher.new_round();
        let r = round(&mut store, &mut fetcher, &sources, &coder, &coder_id, args)?;
        let total = started.elapsed();
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "round {n}: sources {} ok, {} failed, {} unchanged; new items {}, documents stored {}, \
             events {}, alerts {}; fetch {:.3}s, ingest {:.3}s, code {:.3}s, total {:.3}s",
            r.sources_ok,
            r.sources_failed,
            r.unchanged,
            r.new_items,
            r.stored,
            r.events,
            r.alerts,
            r.fetch.as_secs_f64(),
            r.ingest.as_secs_f64(),
            r.code.as_secs_f64(),
            total.as_secs_f64()
        )?;
        out.flush()?;
        drop(out);
        if args.once {
            return Ok(ExitCode::SUCCESS);
        }
        if let Some(wait) = args.interval.checked_sub(started.elapsed()) {
            std::thread::sleep(wait);
        }
    }
}

fn round(
    store: &mut Store,
    fetcher: &mut Fetcher,
    sources: &[SourceSpec],
    coder: &tamga_events::Coder,
    coder_id: &str,
    args: &WatchArgs,
) -> anyhow::Result<Round> {
    let mut r = Round::default();
    let limits = tamga_ingest::Limits {
        max_document_bytes: args.max_bytes,
        ..tamga_ingest::Limits::default()
    };
    for src in sources {
        let fetch_before = fetcher.busy;
        let fetched = match src.kind {
            Kind::Folder => scan_folder(store, src, &mut r),
            _ => fetch_url(store, fetcher, src, &limits, args.feed_pages),
        };
        r.fetch += fetcher.busy - fetch_before;
        match fetched {
            Ok(Some(batch)) => {
                let t = Instant::now();
                let stored = ingest_batch(store, src, &batch, args)?;
                r.ingest += t.elapsed();
                r.stored += stored;
                r.new_items += batch.seen.len() as u64;
                store
                    .record_fetch(&FetchRecord {
                        target: &src.target,
                        name: src.name.as_deref(),
                        kind: batch.kind,
                        error: None,
                        validators: batch
                            .validators
                            .as_ref()
                            .map(|v| (v.etag.as_deref(), v.last_modified.as_deref())),
                        seen: &batch.seen,
                    })
                    .context("recording a fetch")?;
                r.sources_ok += 1;
            }
            Ok(None) => {
                r.sources_ok += 1;
                r.unchanged += 1;
                let kind = store
                    .watch_source(&src.target)?
                    .map_or_else(|| src.kind.as_str().to_owned(), |s| s.kind);
                store
                    .record_fetch(&FetchRecord {
                        target: &src.target,
                        name: src.name.as_deref(),
                        kind: &kind,
                        error: None,
                        validators: None,
                        seen: &[],
                    })
                    .context("recording a fetch")?;
            }
            Err(err) => {
                r.sources_failed += 1;
                let msg = format!("{err:#}");
                eprintln!("watch: source {}: {msg}", src.target);
                let kind = store
                    .watch_source(&src.target)
                    .ok()
                    .flatten()
                    .map_or_else(|| src.kind.as_str().to_owned(), |s| s.kind);
                store
                    .record_fetch(&FetchRecord {
                        target: &src.target,
                        name: src.name.as_deref(),
                        kind: &kind,
                        error: Some(&msg),
                        validators: None,
                        seen: &[],
                    })
                    .context("recording a failed fetch")?;
            }
        }
    }
    let t = Instant::now();
    let ids = store
        .uncoded_documents()
        .context("listing documents to code")?;
    let coded = code::code_stored(store, coder, coder_id, &ids, crate::cli::MAX_CODE_BYTES)?;
    code::cluster(store)?;
    r.code = t.elapsed();
    r.events = coded.events;
    r.alerts = super::alerts::fire(store, fetcher)?;
    Ok(r)
}

/// New items of one source, ready to ingest: records for a JSONL spool and/or files.
struct Batch {
    kind: &'static str,
    /// JSONL lines (tamga-ingest's JSONL record fields) of fetched items.
    lines: Vec<String>,
    files: Vec<PathBuf>,
    /// Item keys to mark as seen once stored.
    seen: Vec<String>,
    /// Validators of the response, saved once stored.
    validators: Option<Validators>,
}

impl Batch {
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            lines: Vec::new(),
            files: Vec::new(),
            seen: Vec::new(),
            validators: None,
        }
    }
}

/// Stores a batch through `tamga ingest`'s batch loop; returns the documents stored.
fn ingest_batch(
    store: &mut Store,
    src: &SourceSpec,
    batch: &Batch,
    args: &WatchArgs,
) -> anyhow::Result<u64> {
    let mut paths = batch.files.clone();
    // The spool lives only for this call; its records carry the items' own URIs.
    let spool = if batch.lines.is_empty() {
        None
    } else {
        let mut f = tempfile::Builder::new()
            .prefix("tamga-watch-")
            .suffix(".jsonl")
            .tempfile()
            .context("creating the spool file")?;
        for line in &batch.lines {
            f.write_all(line.as_bytes())?;
            f.write_all(b"\n")?;
        }
        f.flush()?;
        paths.push(f.path().to_path_buf());
        Some(f)
    };
    if paths.is_empty() {
        return Ok(0);
    }
    let ingest_args = IngestArgs {
        source: src.name.clone(),
        batch: 256,
        limits: LimitArgs::from(tamga_ingest::Limits {
            max_document_bytes: args.max_bytes,
            ..tamga_ingest::Limits::default()
        }),
        paths,
    };
    let summary = super::ingest::ingest(store, &ingest_args)?;
    drop(spool);
    Ok(summary.stored)
}

fn scan_folder(store: &Store, src: &SourceSpec, r: &mut Round) -> anyhow::Result<Option<Batch>> {
    let t = Instant::now();
    let files = tamga_watch::folder::scan(Path::new(&src.target))?;
    let keys: Vec<String> = files.iter().map(|f| f.key.clone()).collect();
    let seen = store.watch_seen(&src.target, &keys)?;
    let mut batch = Batch::new("folder");
    for f in files {
        if !seen.contains(&f.key) {
            batch.files.push(f.path);
            batch.seen.push(f.key);
        }
    }
    r.fetch += t.elapsed();
    Ok(Some(batch))
}

fn fetch_url(
    store: &Store,
    fetcher: &mut Fetcher,
    src: &SourceSpec,
    limits: &tamga_ingest::Limits,
    feed_pages: FeedPages,
) -> anyhow::Result<Option<Batch>> {
    let prev = store.watch_source(&src.target)?;
    // Validators only after a success: a failed round must fetch the whole body again.
    let validators = prev
        .as_ref()
        .filter(|p| p.last_error.is_none())
        .map(|p| Validators {
            etag: p.etag.clone(),
            last_modified: p.last_modified.clone(),
        })
        .unwrap_or_default();
    let (url, body, content_type, new_validators) = match fetcher.get(&src.target, &validators)? {
        Fetched::NotModified => return Ok(None),
        Fetched::Body {
            url,
            body,
            content_type,
            validators,
        } => (url, body, content_type, validators),
    };
    let kind = match src.kind {
        Kind::Feed | Kind::Sitemap | Kind::Page => src.kind,
        _ if sitemap::looks_like(&body) => Kind::Sitemap,
        _ if is_feed(&body) => Kind::Feed,
        _ => Kind::Page,
    };
    let mut batch = match kind {
        Kind::Feed => feed_items(store, fetcher, src, &url, body, limits, feed_pages)?,
        Kind::Sitemap => sitemap_pages(store, fetcher, src, &url, &body)?,
        _ => {
            let mut b = Batch::new("page");
            let key = format!("{url}|{}", blake3::hash(&body).to_hex());
            if !store
                .watch_seen(&src.target, std::slice::from_ref(&key))?
                .contains(&key)
            {
                b.lines
                    .push(page_line(&url, &body, content_type.as_deref(), src));
                b.seen.push(key);
            }
            b
        }
    };
    batch.validators = Some(new_validators);
    Ok(Some(batch))
}

fn is_feed(body: &[u8]) -> bool {
    let head = &body[..body.len().min(tamga_ingest::read::detect::HEAD_BYTES)];
    tamga_ingest::read::detect::detect(head, Path::new("feed"))
        == tamga_ingest::read::detect::Kind::Feed
}

/// The feed's items not seen before, read by tamga-ingest's feed reader; a feed that does
/// not parse is the source's error. A teaser item's linked page is fetched and stored in
/// its place (see `item_page`).
fn feed_items(
    store: &Store,
    fetcher: &mut Fetcher,
    src: &SourceSpec,
    url: &str,
    body: Vec<u8>,
    limits: &tamga_ingest::Limits,
    feed_pages: FeedPages,
) -> anyhow::Result<Batch> {
    let records = tamga_ingest::read::open_reader(
        Path::new(url),
        Box::new(std::io::Cursor::new(body)),
        limits,
    )
    .map_err(|e| anyhow::anyhow!("not a readable feed: {e}"))?;
    let mut items = Vec::new();
    for rec in records {
        match rec {
            Ok(rec) => items.push(rec),
            Err(e) => eprintln!("watch: source {}: item skipped: {e}", src.target),
        }
    }
    let keys: Vec<String> = items.iter().map(|r| r.uri.clone()).collect();
    let seen = store.watch_seen(&src.target, &keys)?;
    let mut batch = Batch::new("feed");
    let mut in_batch = HashSet::new();
    let mut postponed = 0;
    for rec in items {
        if seen.contains(&rec.uri) || !in_batch.insert(rec.uri.clone()) {
            continue;
        }
        let wants_page = match feed_pages {
            FeedPages::Never => false,
            FeedPages::Always => true,
            FeedPages::Auto => is_teaser(&rec.content),
        };
        let page = if wants_page {
            match item_page(fetcher, &rec.uri) {
                ItemPage::Fetched(page) => Some(page),
                ItemPage::FeedText => None,
                ItemPage::Later(why) => {
                    postponed += 1;
                    eprintln!(
                        "watch: source {url}: item page not fetched, tried again next round: {why}"
                    );
                    continue;
                }
            }
        } else {
            None
        };
        batch.lines.push(record_line(&rec, page.as_ref(), src));
        batch.seen.push(rec.uri);
    }
    if postponed > 0 {
        eprintln!("watch: source {url}: {postponed} items left for the next round");
    }
    Ok(batch)
}

/// A linked article page fetched for a feed item.
struct Page {
    body: Vec<u8>,
    content_type: Option<String>,
}

enum ItemPage {
    Fetched(Page),
    /// The page cannot be had for good (not http, robots.txt, 4xx): the feed's own text is
    /// stored instead, so the item is not asked for again each round.
    FeedText,
    /// A failure that may pass (network, 5xx, size): the item waits for the next round.
    Later(String),
}

fn item_page(fetcher: &mut Fetcher, link: &str) -> ItemPage {
    if !(link.starts_with("http://") || link.starts_with("https://")) {
        return ItemPage::FeedText;
    }
    match fetcher.get(link, &Validators::default()) {
        Ok(Fetched::Body {
            body, content_type, ..
        }) => ItemPage::Fetched(Page { body, content_type }),
        Ok(Fetched::NotModified) => ItemPage::FeedText,
        Err(e @ (tamga_watch::Error::Robots { .. } | tamga_watch::Error::BadUrl { .. })) => {
            eprintln!("watch: {e}; the feed's text is stored instead");
            ItemPage::FeedText
        }
        Err(e @ tamga_watch::Error::Status { status, .. }) if (400..500).contains(&status) => {
            eprintln!("watch: {e}; the feed's text is stored instead");
            ItemPage::FeedText
        }
        Err(e) => ItemPage::Later(e.to_string()),
    }
}

/// Whether a feed item's content is a teaser: fewer than `TEASER_WORDS` words outside
/// markup.
fn is_teaser(content: &tamga_ingest::Content) -> bool {
    let (bytes, html) = match content {
        tamga_ingest::Content::Html { bytes, .. } => (bytes, true),
        tamga_ingest::Content::Text { bytes } => (bytes, false),
    };
    let text = String::from_utf8_lossy(bytes);
    let mut outside = String::with_capacity(text.len().min(64 << 10));
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' if html => in_tag = true,
            // A tag ends a word: "<p>one</p><p>two</p>" is two words.
            '>' if html && in_tag => {
                in_tag = false;
                outside.push(' ');
            }
            _ if !in_tag => outside.push(c),
            _ => {}
        }
    }
    outside
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(TEASER_WORDS)
        .count()
        < TEASER_WORDS
}

/// New pages listed by a sitemap (or by the sitemaps of a sitemap index), each fetched;
/// a page that fails is reported and left for the next round.
fn sitemap_pages(
    store: &Store,
    fetcher: &mut Fetcher,
    src: &SourceSpec,
    url: &str,
    body: &[u8],
) -> anyhow::Result<Batch> {
    let map = sitemap::parse(body).context("not a sitemap")?;
    let mut entries = Vec::new();
    if map.index {
        for child in map.entries.iter().take(1000) {
            match fetcher.get(&child.loc, &Validators::default()) {
                Ok(Fetched::Body { body, .. }) => match sitemap::parse(&body) {
                    Some(m) if !m.index => entries.extend(m.entries),
                    _ => eprintln!(
                        "watch: source {url}: {} is not a sitemap of pages",
                        child.loc
                    ),
                },
                Ok(Fetched::NotModified) => {}
                Err(e) => eprintln!("watch: source {url}: {e}"),
            }
        }
    } else {
        entries = map.entries;
    }
    let key = |e: &sitemap::Entry| format!("{}|{}", e.loc, e.lastmod.as_deref().unwrap_or(""));
    let keys: Vec<String> = entries.iter().map(key).collect();
    let seen = store.watch_seen(&src.target, &keys)?;
    let mut batch = Batch::new("sitemap");
    let mut failed = 0;
    for (entry, k) in entries.iter().zip(keys) {
        if seen.contains(&k) || batch.seen.contains(&k) {
            continue;
        }
        match fetcher.get(&entry.loc, &Validators::default()) {
            Ok(Fetched::Body {
                url,
                body,
                content_type,
                ..
            }) => {
                batch
                    .lines
                    .push(page_line(&url, &body, content_type.as_deref(), src));
                batch.seen.push(k);
            }
            Ok(Fetched::NotModified) => batch.seen.push(k),
            Err(e) => {
                failed += 1;
                eprintln!("watch: source {url}: page skipped: {e}");
            }
        }
    }
    if failed > 0 {
        eprintln!("watch: source {url}: {failed} pages not fetched, tried again next round");
    }
    Ok(batch)
}

/// One fetched page as a JSONL record for ingest: HTML decoded with the charset the
/// server declared (ingest's decoder), or plain text.
fn page_line(url: &str, body: &[u8], content_type: Option<&str>, src: &SourceSpec) -> String {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let is_text = ct.starts_with("text/plain");
    let text = tamga_ingest::read::encoding::decode(body, charset_of(&ct).as_deref(), !is_text);
    let mut obj = serde_json::Map::new();
    obj.insert("id".into(), url.into());
    obj.insert("uri".into(), url.into());
    if let Some(name) = &src.name {
        obj.insert("source".into(), name.as_str().into());
    }
    obj.insert((if is_text { "text" } else { "html" }).into(), text.into());
    serde_json::Value::Object(obj).to_string()
}

/// The charset a (lower-cased) Content-Type declares.
fn charset_of(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .next()
        .map(|c| c.trim_matches('"').to_owned())
}

/// A feed item as a JSONL record for ingest, keeping what the feed said about it (title,
/// date, authors) and its text, or the linked page's HTML when it was fetched.
fn record_line(rec: &tamga_ingest::RawRecord, page: Option<&Page>, src: &SourceSpec) -> String {
    let mut obj = serde_json::Map::new();
    obj.insert("id".into(), rec.name.as_str().into());
    obj.insert("uri".into(), rec.uri.as_str().into());
    if let Some(t) = &rec.meta.title {
        obj.insert("title".into(), t.as_str().into());
    }
    if let Some(d) = &rec.meta.published {
        obj.insert("date".into(), d.to_string().into());
    }
    if !rec.meta.authors.is_empty() {
        obj.insert("authors".into(), rec.meta.authors.clone().into());
    }
    if let Some(s) = src.name.as_ref().or(rec.meta.source.as_ref()) {
        obj.insert("source".into(), s.as_str().into());
    }
    let (key, text) = match (page, &rec.content) {
        (Some(page), _) => {
            let ct = page
                .content_type
                .as_deref()
                .unwrap_or("")
                .to_ascii_lowercase();
            let is_text = ct.starts_with("text/plain");
            (
                if is_text { "text" } else { "html" },
                tamga_ingest::read::encoding::decode(
                    &page.body,
                    charset_of(&ct).as_deref(),
                    !is_text,
                ),
            )
        }
        (None, tamga_ingest::Content::Html { bytes, charset }) => (
            "html",
            tamga_ingest::read::encoding::decode(bytes, charset.as_deref(), true),
        ),
        (None, tamga_ingest::Content::Text { bytes }) => (
            "text",
            tamga_ingest::read::encoding::decode(bytes, None, false),
        ),
    };
    obj.insert(key.into(), text.into());
    serde_json::Value::Object(obj).to_string()
}

#[cfg(test)]
mod tests {
    use super::{is_teaser, parse_duration, TEASER_WORDS};
    use std::time::Duration;
    use tamga_ingest::Content;

    #[test]
    fn teasers_are_counted_in_words_outside_markup() {
        let html = |s: String| Content::Html {
            bytes: s.into_bytes(),
            charset: None,
        };
        let words = |n: usize| vec!["word"; n].join(" ");
        assert!(is_teaser(&html(format!(
            "<p>{}</p>",
            words(TEASER_WORDS - 1)
        ))));
        assert!(!is_teaser(&html(format!("<p>{}</p>", words(TEASER_WORDS)))));
        // Markup is not words, however long; a tag boundary separates words.
        let attrs = format!("<img alt=\"{}\"><p>one</p><p>two</p>", words(500));
        assert!(is_teaser(&html(attrs)));
        let glued = format!("<p>{}</p>", vec!["w</b><b>w"; TEASER_WORDS / 2].join(" "));
        assert!(!is_teaser(&html(glued)));
        // Plain text keeps its angle brackets as text.
        let text = Content::Text {
            bytes: format!("<{}>", words(TEASER_WORDS)).into_bytes(),
        };
        assert!(!is_teaser(&text));
        assert!(is_teaser(&html(" — … \u{feff}".to_owned())));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86_400)));
        assert!(parse_duration("x").is_err());
        assert!(parse_duration("5y").is_err());
        assert!(parse_duration("").is_err());
    }
}
