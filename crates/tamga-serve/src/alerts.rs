//! `GET /api/alerts`: the saved alert queries of `tamga alerts` and their recent firings (one
//! per new matching cluster, recorded by `tamga watch` rounds), each with its event's summary.
//! Read-only; where an alert delivers (webhook URL, file paths) is not disclosed.

use crate::error::ApiError;
use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;

/// Firings listed when the request names no `limit`, and the most it may name.
pub const DEFAULT_FIRINGS: usize = 50;
pub const MAX_FIRINGS: usize = 500;

/// Which firings to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertsQuery {
    /// Only this alert's firings.
    pub alert: Option<String>,
    /// Firings listed, newest first, 1-500 (default 50).
    pub limit: Option<usize>,
}

/// One saved alert.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    pub name: String,
    /// The `tamga events` filters it matches, as given to `tamga alerts add`.
    pub query: String,
    pub created_at: String,
    /// Where it delivers besides the store and stdout: `webhook`, `jsonl`, `mail`.
    pub channels: Vec<String>,
    /// Firings recorded for it, all time.
    pub fired: u64,
    /// When it last fired; null if never.
    pub last_fired: Option<String>,
}

/// The event an alert fired for, as the firing recorded it.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct FiringEvent {
    /// The event's id (the earliest matching mention of the cluster): `/api/events/{id}`.
    pub id: Option<String>,
    /// The document it was coded from: `/api/documents/{id}`.
    pub doc_id: Option<String>,
    pub doc_uri: Option<String>,
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    pub date: Option<String>,
    pub status: Option<String>,
    /// Actor codes.
    pub source: Option<String>,
    pub target: Option<String>,
    pub place: Option<String>,
    /// The source sentence.
    pub sentence: Option<String>,
    pub mentions: Option<u64>,
    pub sources: Vec<String>,
}

/// One firing: an alert matched a new cluster.
#[derive(Debug, Serialize, ToSchema)]
pub struct Firing {
    pub alert: String,
    pub query: String,
    /// The cluster's id (the id of its earliest mention).
    pub cluster: String,
    pub fired_at: String,
    /// Whether its channels were tried; `error` says what failed.
    pub delivered: bool,
    pub error: Option<String>,
    pub event: FiringEvent,
}

/// The alerts and their recent firings.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertsView {
    /// By name.
    pub alerts: Vec<AlertView>,
    /// Newest first.
    pub firings: Vec<Firing>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The summary in a firing's payload (the JSON its webhook got). A payload that does not
/// parse, or lacks a field, leaves it null: the firing is still listed.
fn summary(payload: &str) -> FiringEvent {
    let Ok(p) = serde_json::from_str::<Value>(payload) else {
        return FiringEvent::default();
    };
    let event = p.get("event").cloned().unwrap_or(Value::Null);
    let code = |key: &str| {
        p.get(key)
            .and_then(|a| a.get("code"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    FiringEvent {
        id: text(&event, "id"),
        doc_id: text(&event, "doc_id"),
        doc_uri: text(&p, "doc_uri"),
        event_type: text(&p, "type"),
        date: text(&p, "date"),
        status: text(&p, "status"),
        source: code("source"),
        target: code("target"),
        place: text(&p, "place"),
        sentence: text(&p, "sentence"),
        mentions: p.get("mentions").and_then(Value::as_u64),
        sources: p
            .get("sources")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[utoipa::path(get, path = "/api/alerts", params(AlertsQuery),
    responses((status = 200, body = AlertsView), (status = 400, description = "bad parameter")))]
pub async fn alerts(
    State(state): State<AppState>,
    Query(q): Query<AlertsQuery>,
) -> Result<Json<AlertsView>, ApiError> {
    let limit = match q.limit {
        None => DEFAULT_FIRINGS,
        Some(n @ 1..) if n <= MAX_FIRINGS => n,
        Some(n) => {
            return Err(ApiError::BadRequest(format!(
                "limit: {n} is not within 1-{MAX_FIRINGS}"
            )))
        }
    };
    let only = q
        .alert
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned);
    let (alerts, all, recent) = state
        .pool
        .with(move |s| {
            let alerts = s.alerts()?;
            // Counts per alert come from every firing; the list from the newest ones.
            let all = s.alert_hits(None, false, None)?;
            let recent = s.alert_hits(only.as_deref(), false, Some(limit))?;
            Ok((alerts, all, recent))
        })
        .await?;
    let mut fired: BTreeMap<&str, (u64, Option<&str>)> = BTreeMap::new();
    // Newest first: the first firing seen per alert is its last.
    for h in &all {
        let f = fired.entry(h.alert.as_str()).or_default();
        f.0 += 1;
        f.1.get_or_insert(h.fired_at.as_str());
    }
    let queries: BTreeMap<&str, &str> = alerts
        .iter()
        .map(|a| (a.name.as_str(), a.query.as_str()))
        .collect();
    let firings = recent
        .iter()
        .map(|h| Firing {
            alert: h.alert.clone(),
            query: queries
                .get(h.alert.as_str())
                .copied()
                .unwrap_or("")
                .to_owned(),
            cluster: h.cluster.clone(),
            fired_at: h.fired_at.clone(),
            delivered: h.delivered,
            error: h.error.clone(),
            event: summary(&h.payload),
        })
        .collect();
    let alerts = alerts
        .iter()
        .map(|a| {
            let (n, last) = fired.get(a.name.as_str()).copied().unwrap_or_default();
            let channels = [
                ("webhook", &a.webhook),
                ("jsonl", &a.jsonl),
                ("mail", &a.mail),
            ]
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| k.to_owned())
            .collect();
            AlertView {
                name: a.name.clone(),
                query: a.query.clone(),
                created_at: a.created_at.clone(),
                channels,
                fired: n,
                last_fired: last.map(str::to_owned),
            }
        })
        .collect();
    Ok(Json(AlertsView { alerts, firings }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_come_from_the_payload_and_survive_bad_ones() {
        let p = serde_json::json!({
            "alert": "a", "cluster": "c1", "type": "MOBILIZE", "date": "2026-11-20",
            "status": "occurred", "source": {"code": "KAZMIL"}, "target": null,
            "place": "Astana", "sentence": "<b>Troops</b> moved.", "doc_uri": "u",
            "mentions": 2, "sources": ["x", 3],
            "event": {"id": "e1", "doc_id": "d1"},
        });
        let s = summary(&p.to_string());
        assert_eq!(s.id.as_deref(), Some("e1"));
        assert_eq!(s.doc_id.as_deref(), Some("d1"));
        assert_eq!(s.source.as_deref(), Some("KAZMIL"));
        assert_eq!(s.target, None);
        assert_eq!(s.sentence.as_deref(), Some("<b>Troops</b> moved."));
        assert_eq!(s.mentions, Some(2));
        assert_eq!(s.sources, ["x"]);
        for bad in ["", "not json", "[1]", "{\"event\": 3}"] {
            let s = summary(bad);
            assert!(s.id.is_none() && s.sentence.is_none(), "{bad}");
        }
    }
}
