//! The read endpoints: events (filtered, paged by cursor), one event with its sentence marked
//! and its cluster, documents, search, the actor network, the timeline, places and health.
//! Query parameters are checked here; the store binds every value as an SQL parameter.

use crate::error::ApiError;
use crate::highlight::{self, DocSegment, Segment};
use crate::params::{from_query, Params};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use tamga_events::Event;
use tamga_store::{EventOrder, EventQuery, Interval};
use utoipa::{IntoParams, ToSchema};

/// Events, documents or hits per page when the request names no `limit` (or the server's
/// largest page, if smaller).
pub const DEFAULT_PAGE: usize = 50;
/// Mentions of a cluster listed with an event.
const MAX_MENTIONS: usize = 200;
const STATUSES: [&str; 6] = [
    "occurred",
    "planned",
    "rejected",
    "hypothetical",
    "claimed",
    "denied",
];

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError::BadRequest(msg.into())
}

/// An empty parameter (`?actor=`) is no filter.
fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The filters of `tamga events`, as query parameters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filters {
    /// PLOVER event type (CONSULT, REJECT...), any case.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub event_type: Option<String>,
    /// Actor code prefix of the source or target (KAZ, KAZGOV), or a piece of an actor's text
    /// or name.
    pub actor: Option<String>,
    /// Events dated on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    pub since: Option<String>,
    /// Events dated on or before this date; a month or year includes all its days.
    pub until: Option<String>,
    /// occurred, planned, rejected, hypothetical, claimed or denied.
    pub status: Option<String>,
    /// Full-text search over the events' sentences.
    pub text: Option<String>,
    /// Country (ISO 3166 alpha-3) of the source or target.
    pub country: Option<String>,
    /// CAMEO root code, 01-20.
    pub root: Option<String>,
    /// Quad class 0-4.
    pub quad: Option<String>,
    /// A piece of the place name, or the place's country (ISO3).
    pub place: Option<String>,
    /// A piece of the document's publication name or host.
    pub source: Option<String>,
    /// Every mention rather than one row per cluster (`true`/`false`).
    pub mentions: Option<bool>,
}

fn is_date(s: &str) -> bool {
    tamga_events::cluster::DateSpan::parse(s).is_some()
}

impl Filters {
    /// The store query, or a 400 naming the first bad parameter.
    pub fn query(&self) -> Result<EventQuery, ApiError> {
        let since = given(&self.since);
        let until = given(&self.until);
        for (name, v) in [("since", &since), ("until", &until)] {
            if let Some(v) = v {
                if !is_date(v) {
                    return Err(bad(format!(
                        "{name}: {v:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"
                    )));
                }
            }
        }
        let status = given(&self.status).map(|s| s.to_ascii_lowercase());
        if let Some(s) = &status {
            if !STATUSES.contains(&s.as_str()) {
                return Err(bad(format!(
                    "status: {s:?} is not one of {}",
                    STATUSES.join(", ")
                )));
            }
        }
        let root = match given(&self.root) {
            None => None,
            Some(r) => match r.parse::<u8>() {
                Ok(n @ 1..=20) if r.len() <= 2 => Some(format!("{n:02}")),
                _ => return Err(bad(format!("root: {r:?} is not a CAMEO root (01-20)"))),
            },
        };
        let quad = match given(&self.quad) {
            None => None,
            Some(q) => match q.parse::<u8>() {
                Ok(n @ 0..=4) => Some(n),
                _ => return Err(bad(format!("quad: {q:?} is not a quad class (0-4)"))),
            },
        };
        Ok(EventQuery {
            event_type: given(&self.event_type),
            actor: given(&self.actor),
            since,
            until,
            status,
            text: given(&self.text),
            country: given(&self.country),
            cameo_root: root,
            quad_class: quad,
            place: given(&self.place),
            source: given(&self.source),
            mentions: self.mentions.unwrap_or(false),
            ..EventQuery::default()
        })
    }
}

/// Paging and order of `GET /api/events`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// date (default), mentions or goldstein.
    pub sort: Option<String>,
    /// Descending (newest, most mentioned, most cooperative first).
    pub desc: Option<bool>,
    /// Events per page, 1-500 (default 50).
    pub limit: Option<usize>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
}

/// One page of events.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    /// Each the object `tamga events --format jsonl` prints.
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<Event>,
    /// The cursor of the next page; null on the last.
    pub next: Option<String>,
}

fn page_size(limit: Option<usize>, default: usize, max: usize) -> Result<usize, ApiError> {
    match limit {
        None => Ok(default.min(max)),
        Some(n @ 1..) if n <= max => Ok(n),
        Some(n) => Err(bad(format!("limit: {n} is not within 1-{max}"))),
    }
}

/// The store query of `GET /api/events` (one more row than the page, to tell whether there
/// is a next one, starting after the cursor's key), its page size, sort and direction, or a
/// 400 naming the first bad parameter.
fn event_request(
    filters: &Filters,
    paging: &Paging,
    max_page: usize,
) -> Result<(EventQuery, usize, String, bool), ApiError> {
    let mut query = filters.query()?;
    let size = page_size(paging.limit, DEFAULT_PAGE, max_page)?;
    let sort = given(&paging.sort).unwrap_or_else(|| "date".to_owned());
    query.order = match sort.as_str() {
        "date" => EventOrder::Date,
        "mentions" => EventOrder::Mentions,
        "goldstein" => EventOrder::Goldstein,
        s => {
            return Err(bad(format!(
                "sort: {s:?} is not date, mentions or goldstein"
            )))
        }
    };
    // As `tamga events`: ascending unless desc (mentions' natural order is most first).
    let desc = paging.desc.unwrap_or(false);
    query.descending = Some(desc);
    query.after = parse_event_cursor(paging.cursor.as_deref(), &sort, desc)?;
    query.limit = Some(size + 1);
    Ok((query, size, sort, desc))
}

/// What `GET PATH?RAW` would ask of the store, checked as the route checks it, without
/// running it: the event query of the routes that take the event filters (`/api/events`,
/// `/api/actors`, `/api/timeline`, `/api/places`, and `/api/search`'s event half), `None`
/// for `/api/documents` and unknown paths. For fuzzing the query-string parser.
pub fn parse_listing(
    path: &str,
    raw: &[u8],
    max_page: usize,
) -> Result<Option<EventQuery>, ApiError> {
    let max_page = max_page.max(1);
    match path {
        "/api/events" => {
            let (q, ..) = event_request(&from_query(raw)?, &from_query(raw)?, max_page)?;
            Ok(Some(q))
        }
        "/api/actors" => {
            let q = from_query::<Filters>(raw)?.query()?;
            page_size(from_query::<NetworkParams>(raw)?.limit, 40, 300)?;
            Ok(Some(q))
        }
        "/api/timeline" => {
            let q = from_query::<Filters>(raw)?.query()?;
            interval(&from_query::<TimelineParams>(raw)?)?;
            Ok(Some(q))
        }
        "/api/places" => {
            let q = from_query::<Filters>(raw)?.query()?;
            page_size(from_query::<PlaceParams>(raw)?.limit, 1000, 5000)?;
            Ok(Some(q))
        }
        "/api/search" => search_request(&from_query(raw)?, max_page).map(|(q, _)| Some(q)),
        "/api/documents" => {
            let p: DocParams = from_query(raw)?;
            page_size(p.limit, DEFAULT_PAGE, max_page)?;
            parse_cursor(p.cursor.as_deref())?;
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// Cursors are opaque to clients: the offset into the ordered result (documents).
fn parse_cursor(c: Option<&str>) -> Result<usize, ApiError> {
    match c.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(0),
        Some(c) => c
            .strip_prefix('o')
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| bad(format!("cursor: {c:?} is not a cursor this server gave"))),
    }
}

fn cursor(offset: usize) -> String {
    format!("o{offset}")
}

/// An event page's cursor: the sort it belongs to and the key of the page's last event, so
/// the next page is a seek from that key (as cheap as the first page, and not shifted by
/// events written between the two requests).
fn event_cursor(sort: &str, desc: bool, key: &tamga_store::EventKey) -> String {
    format!("k{sort}.{}.{}", u8::from(desc), key.encode())
}

/// The key an [`event_cursor`] holds; 400 unless this server made it for the same sort.
fn parse_event_cursor(
    c: Option<&str>,
    sort: &str,
    desc: bool,
) -> Result<Option<tamga_store::EventKey>, ApiError> {
    let Some(c) = c.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let foreign = || bad(format!("cursor: {c:?} is not a cursor this server gave"));
    let rest = c.strip_prefix('k').ok_or_else(foreign)?;
    let mut parts = rest.splitn(3, '.');
    let (Some(s), Some(d), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(foreign());
    };
    if s != sort || d != u8::from(desc).to_string() {
        return Err(bad(format!(
            "cursor: {c:?} belongs to another sort order than sort={sort}&desc={desc}"
        )));
    }
    tamga_store::EventKey::decode(key)
        .map(Some)
        .ok_or_else(foreign)
}

#[utoipa::path(get, path = "/api/events", params(Filters, Paging),
    responses((status = 200, body = EventPage), (status = 400, description = "bad parameter")))]
pub async fn events(
    State(state): State<AppState>,
    Params(filters): Params<Filters>,
    Params(paging): Params<Paging>,
) -> Result<Json<EventPage>, ApiError> {
    let (query, size, sort, desc) = event_request(&filters, &paging, state.max_page)?;
    let mut rows = state
        .pool
        .with(move |s| Ok(s.events_keyed(&query)?))
        .await?;
    let more = rows.len() > size;
    rows.truncate(size);
    let next = rows
        .last()
        .filter(|_| more)
        .map(|(_, key)| event_cursor(&sort, desc, key));
    let events = rows.into_iter().map(|(e, _)| e).collect();
    Ok(Json(EventPage { events, next }))
}

/// A document named by an event, without its text.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocRef {
    pub id: String,
    pub uri: String,
    pub name: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
}

/// An event's sentence in pieces, trigger and actors marked.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentenceView {
    pub text: String,
    /// Byte range in the document text.
    pub start: usize,
    pub end: usize,
    pub segments: Vec<Segment>,
}

/// One event with what explains it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventDetail {
    /// The event record, as `tamga events --format jsonl` prints it.
    #[schema(value_type = Object)]
    pub event: Event,
    pub sentence: SentenceView,
    /// Why the coder produced it: trigger, pattern, rule, actors' evidence, status cue, time.
    #[schema(value_type = Object)]
    pub explanation: tamga_events::Explanation,
    /// The cluster (mentions of the same event across documents); null before clustering.
    #[schema(value_type = Object, nullable)]
    pub cluster: Option<tamga_store::Cluster>,
    /// Every mention of the cluster (this event included), by date; at most 200.
    #[schema(value_type = Vec<Object>)]
    pub mentions: Vec<Event>,
    /// The documents of those mentions.
    pub documents: Vec<DocRef>,
}

#[utoipa::path(get, path = "/api/events/{id}",
    params(("id" = String, Path, description = "event id or a unique prefix of it")),
    responses((status = 200, body = EventDetail), (status = 404, description = "no such event")))]
pub async fn event(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EventDetail>, ApiError> {
    state
        .pool
        .with(move |s| {
            let e = s
                .event(&id)?
                .ok_or_else(|| ApiError::NotFound(format!("no event {id:?}")))?;
            let cluster = s.cluster(&e.cluster)?;
            let mentions = s.events(&EventQuery {
                cluster: Some(e.cluster.clone()),
                mentions: true,
                limit: Some(MAX_MENTIONS),
                ..EventQuery::default()
            })?;
            let mut seen = BTreeSet::new();
            let mut documents = Vec::new();
            for m in std::iter::once(&e).chain(&mentions) {
                if !seen.insert(m.doc_id.clone()) {
                    continue;
                }
                if let Some(d) = s.document(&m.doc_id)? {
                    documents.push(DocRef {
                        id: d.id,
                        uri: d.uri,
                        name: d.name,
                        title: d.title,
                        source: d.source,
                        published: d.published.map(|p| p.to_string()),
                    });
                }
            }
            Ok(EventDetail {
                sentence: SentenceView {
                    text: e.sentence.text.clone(),
                    start: e.sentence.start,
                    end: e.sentence.end,
                    segments: highlight::sentence(&e),
                },
                explanation: e.explanation.clone(),
                event: e,
                cluster,
                mentions,
                documents,
            })
        })
        .await
        .map(Json)
}

/// Paging of `GET /api/documents`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocParams {
    /// Full-text search over titles and texts; best match first.
    pub text: Option<String>,
    /// Documents per page, 1-500 (default 50).
    pub limit: Option<usize>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
}

/// One page of documents (without their text).
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentPage {
    /// `{id, uri, name, source, title, published, lang, format, events}`.
    #[schema(value_type = Vec<Object>)]
    pub documents: Vec<tamga_store::DocumentSummary>,
    pub next: Option<String>,
}

#[utoipa::path(get, path = "/api/documents", params(DocParams),
    responses((status = 200, body = DocumentPage)))]
pub async fn documents(
    State(state): State<AppState>,
    Params(p): Params<DocParams>,
) -> Result<Json<DocumentPage>, ApiError> {
    let size = page_size(p.limit, DEFAULT_PAGE, state.max_page)?;
    let offset = parse_cursor(p.cursor.as_deref())?;
    let text = given(&p.text);
    let mut documents = state
        .pool
        .with(move |s| Ok(s.document_summaries(text.as_deref(), size + 1, offset)?))
        .await?;
    let next = (documents.len() > size).then(|| cursor(offset + size));
    documents.truncate(size);
    Ok(Json(DocumentPage { documents, next }))
}

/// A paragraph of a document: its byte range in the text and its kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParagraphView {
    pub start: usize,
    pub end: usize,
    pub kind: String,
}

/// A stored document with the spans of the sentences events were coded from.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub uri: String,
    pub name: String,
    pub source: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    pub format: String,
    pub text: String,
    pub paragraphs: Vec<ParagraphView>,
}

/// An event's sentence in a document: byte range and event id.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventSpan {
    pub start: usize,
    pub end: usize,
    pub event: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDetail {
    pub document: DocumentView,
    /// The events coded from it, in text order.
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<Event>,
    /// Byte ranges of their sentences in `document.text`.
    pub spans: Vec<EventSpan>,
    /// The text in pieces, each with the events of its sentence (for display).
    pub segments: Vec<DocSegment>,
}

#[utoipa::path(get, path = "/api/documents/{id}",
    params(("id" = String, Path, description = "document id or a unique prefix of it")),
    responses((status = 200, body = DocumentDetail), (status = 404, description = "no such document")))]
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentDetail>, ApiError> {
    state
        .pool
        .with(move |s| {
            let d = s
                .document(&id)?
                .ok_or_else(|| ApiError::NotFound(format!("no document {id:?}")))?;
            let mut events = Vec::new();
            for eid in s.document_event_ids(&d.id)? {
                if let Some(e) = s.event(&eid)? {
                    events.push(e);
                }
            }
            let spans = events
                .iter()
                .map(|e| EventSpan {
                    start: e.sentence.start,
                    end: e.sentence.end,
                    event: e.id.clone(),
                })
                .collect();
            let segments = highlight::document(&d.text, &events);
            let paragraphs = d
                .paragraphs
                .iter()
                .map(|p| ParagraphView {
                    start: p.start,
                    end: p.end,
                    kind: serde_json::to_value(p.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                })
                .collect();
            Ok(DocumentDetail {
                document: DocumentView {
                    id: d.id,
                    uri: d.uri,
                    name: d.name,
                    source: d.source,
                    title: d.title,
                    authors: d.authors,
                    published: d.published.map(|p| p.to_string()),
                    lang: d.lang,
                    format: d.format.as_str().to_owned(),
                    text: d.text,
                    paragraphs,
                },
                events,
                spans,
                segments,
            })
        })
        .await
        .map(Json)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to find (a trailing * for a prefix); all must match.
    pub q: Option<String>,
    /// Events and documents each, 1-500 (default 50).
    pub limit: Option<usize>,
}

/// Events whose sentence matches, and documents whose title or text does.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResult {
    pub q: String,
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<Event>,
    #[schema(value_type = Vec<Object>)]
    pub documents: Vec<tamga_store::DocumentSummary>,
}

/// The event half of a search (its `text` is the words) and the number of each kind.
fn search_request(p: &SearchParams, max_page: usize) -> Result<(EventQuery, usize), ApiError> {
    let q = given(&p.q).ok_or_else(|| bad("q: give the words to search for"))?;
    let size = page_size(p.limit, DEFAULT_PAGE, max_page)?;
    Ok((
        EventQuery {
            text: Some(q),
            mentions: true,
            limit: Some(size),
            ..EventQuery::default()
        },
        size,
    ))
}

#[utoipa::path(get, path = "/api/search", params(SearchParams),
    responses((status = 200, body = SearchResult), (status = 400, description = "no q")))]
pub async fn search(
    State(state): State<AppState>,
    Params(p): Params<SearchParams>,
) -> Result<Json<SearchResult>, ApiError> {
    let (events_query, size) = search_request(&p, state.max_page)?;
    state
        .pool
        .with(move |s| {
            let q = events_query.text.clone().unwrap_or_default();
            let events = s.events(&events_query)?;
            let documents = s.document_summaries(Some(&q), size, 0)?;
            Ok(SearchResult {
                q,
                events,
                documents,
            })
        })
        .await
        .map(Json)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NetworkParams {
    /// Most active actor codes kept as nodes, 1-300 (default 40).
    pub limit: Option<usize>,
}

/// Nodes are actor codes with their event counts; edges are events between two of them,
/// by type and quad class.
#[derive(Debug, Serialize, ToSchema)]
pub struct Network {
    /// `{code, name, country, events}`.
    #[schema(value_type = Vec<Object>)]
    pub nodes: Vec<tamga_store::ActorNode>,
    /// `{source, target, type, quad_class, events}`.
    #[schema(value_type = Vec<Object>)]
    pub edges: Vec<tamga_store::ActorEdge>,
}

#[utoipa::path(get, path = "/api/actors", params(Filters, NetworkParams),
    responses((status = 200, body = Network)))]
pub async fn actors(
    State(state): State<AppState>,
    Params(filters): Params<Filters>,
    Params(p): Params<NetworkParams>,
) -> Result<Json<Network>, ApiError> {
    let query = filters.query()?;
    let size = page_size(p.limit, 40, 300)?;
    let net = state
        .pool
        .with(move |s| Ok(s.actor_network(&query, size)?))
        .await?;
    Ok(Json(Network {
        nodes: net.nodes,
        edges: net.edges,
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    /// day, week (from Monday) or month (default).
    pub interval: Option<String>,
}

/// Events per period and type.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineView {
    pub interval: String,
    /// `{period, type, events}`, oldest period first.
    #[schema(value_type = Vec<Object>)]
    pub buckets: Vec<tamga_store::TimelineBucket>,
    /// Matching events whose date does not fall within one period.
    pub unplaced: u64,
}

fn interval(p: &TimelineParams) -> Result<Interval, ApiError> {
    match given(&p.interval).as_deref() {
        None | Some("month") => Ok(Interval::Month),
        Some("week") => Ok(Interval::Week),
        Some("day") => Ok(Interval::Day),
        Some(i) => Err(bad(format!("interval: {i:?} is not day, week or month"))),
    }
}

#[utoipa::path(get, path = "/api/timeline", params(Filters, TimelineParams),
    responses((status = 200, body = TimelineView)))]
pub async fn timeline(
    State(state): State<AppState>,
    Params(filters): Params<Filters>,
    Params(p): Params<TimelineParams>,
) -> Result<Json<TimelineView>, ApiError> {
    let query = filters.query()?;
    let interval = interval(&p)?;
    let t = state
        .pool
        .with(move |s| Ok(s.timeline(&query, interval)?))
        .await?;
    Ok(Json(TimelineView {
        interval: match t.interval {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
        .to_owned(),
        buckets: t.buckets,
        unplaced: t.unplaced,
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlaceParams {
    /// Places listed, 1-5000 (default 1000), most events first.
    pub limit: Option<usize>,
}

/// Events per place with coordinates.
#[derive(Debug, Serialize, ToSchema)]
pub struct Places {
    /// `{name, country, lat, lon, events, quad_classes: [n0..n4]}`.
    #[schema(value_type = Vec<Object>)]
    pub places: Vec<tamga_store::PlaceCount>,
}

#[utoipa::path(get, path = "/api/places", params(Filters, PlaceParams),
    responses((status = 200, body = Places)))]
pub async fn places(
    State(state): State<AppState>,
    Params(filters): Params<Filters>,
    Params(p): Params<PlaceParams>,
) -> Result<Json<Places>, ApiError> {
    let query = filters.query()?;
    let size = page_size(p.limit, 1000, 5000)?;
    let places = state
        .pool
        .with(move |s| Ok(s.places(&query, Some(size))?))
        .await?;
    Ok(Json(Places { places }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the store can be opened.
    pub status: String,
    pub version: String,
}

#[utoipa::path(get, path = "/healthz",
    responses((status = 200, body = Health), (status = 503, description = "store unavailable")))]
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.pool.with(|_| Ok(())).await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }))
}

pub async fn not_found() -> ApiError {
    ApiError::NotFound("no such page".to_owned())
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_checked_and_mapped() {
        let f = Filters {
            event_type: Some("consult".into()),
            root: Some("4".into()),
            quad: Some("1".into()),
            since: Some("2006-11".into()),
            actor: Some("  ".into()),
            ..Filters::default()
        };
        let q = f.query().unwrap_or_default();
        assert_eq!(q.event_type.as_deref(), Some("consult"));
        assert_eq!(q.cameo_root.as_deref(), Some("04"));
        assert_eq!(q.quad_class, Some(1));
        assert_eq!(q.actor, None, "a blank parameter is no filter");
        for bad in [
            Filters {
                quad: Some("5".into()),
                ..Filters::default()
            },
            Filters {
                root: Some("21".into()),
                ..Filters::default()
            },
            Filters {
                since: Some("last week".into()),
                ..Filters::default()
            },
            Filters {
                status: Some("maybe".into()),
                ..Filters::default()
            },
        ] {
            assert!(
                matches!(bad.query(), Err(ApiError::BadRequest(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn cursors_round_trip_and_foreign_ones_are_refused() {
        assert_eq!(parse_cursor(None).ok(), Some(0));
        assert_eq!(parse_cursor(Some(&cursor(150))).ok(), Some(150));
        assert!(parse_cursor(Some("150")).is_err());
        assert!(parse_cursor(Some("o-1")).is_err());
        assert!(matches!(
            parse_event_cursor(Some(" "), "date", false),
            Ok(None)
        ));
        for foreign in ["o50", "kdate.0.zz", "kdate.0.7b7d", "kdate.0", "k"] {
            assert!(
                parse_event_cursor(Some(foreign), "date", false).is_err(),
                "{foreign}"
            );
        }
        assert!(page_size(Some(0), 50, 500).is_err());
        assert!(page_size(Some(501), 50, 500).is_err());
        assert_eq!(page_size(None, 50, 500).ok(), Some(50));
    }
}
