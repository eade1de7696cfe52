//! Query strings into the routes' parameter structs, as axum's `Query` reads them (the same
//! `serde_urlencoded` deserializer), but a malformed one is a JSON 400 naming the parameter
//! like every other error, rather than axum's plain-text rejection.

use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A route's query parameters.
pub struct Params<T>(pub T);

/// Reads `T` from the bytes of a query string (the part after `?`, still percent-encoded).
pub fn from_query<T: DeserializeOwned>(raw: &[u8]) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(raw));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let what = e.into_inner();
        if path == "." {
            ApiError::BadRequest(format!("query string: {what}"))
        } else {
            ApiError::BadRequest(format!("{path}: {what}"))
        }
    })
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or_default();
        from_query(raw.as_bytes()).map(Params)
    }
}
