//! The OpenAPI 3 document of the API, served at `/openapi.json`, generated from the handlers'
//! annotations so it cannot drift from the routes.

use crate::{alerts, api, highlight, jobs};
use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "tamga", description = "Events coded from news text: the store of `tamga run`, read \
        through HTTP. Event objects are the records `tamga events --format jsonl` prints \
        (docs/schema.md, crates/tamga-events/src/model.rs). Byte offsets are into the \
        document's UTF-8 text."),
    paths(api::healthz, api::events, api::event, api::documents, api::document, api::search,
        api::actors, api::timeline, api::places, alerts::alerts, jobs::ingest, jobs::job),
    components(schemas(api::EventPage, api::EventDetail, api::SentenceView, api::DocRef,
        api::DocumentPage, api::DocumentDetail, api::DocumentView, api::ParagraphView,
        api::EventSpan, api::SearchResult, api::Network, api::TimelineView, api::Places,
        api::Health, highlight::Segment, highlight::DocSegment, jobs::JobCreated,
        jobs::JobStatus, jobs::JobProgress, alerts::AlertsView, alerts::AlertView,
        alerts::Firing, alerts::FiringEvent)),
    modifiers(&Bearer)
)]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn spec() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(spec())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_documented() {
        let spec = super::spec();
        for path in [
            "/healthz",
            "/api/events",
            "/api/events/{id}",
            "/api/documents",
            "/api/documents/{id}",
            "/api/search",
            "/api/actors",
            "/api/timeline",
            "/api/places",
            "/api/alerts",
            "/api/ingest",
            "/api/jobs/{id}",
        ] {
            assert!(spec.paths.paths.contains_key(path), "{path} missing");
        }
    }
}
