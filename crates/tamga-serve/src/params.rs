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
/// A NUL character in any name or value is a 400: PostgreSQL text cannot hold one, so it
/// would otherwise fail in the store as an internal error.
pub fn from_query<T: DeserializeOwned>(raw: &[u8]) -> Result<T, ApiError> {
    for (k, v) in form_urlencoded::parse(raw) {
        if k.contains('\0') || v.contains('\0') {
            let name: String = k.chars().filter(|c| *c != '\0').take(40).collect();
            return Err(ApiError::BadRequest(format!(
                "{name}: contains a NUL character (%00)"
            )));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct P {
        actor: Option<String>,
        limit: Option<usize>,
    }

    #[test]
    fn values_are_read_and_bad_ones_named() {
        let p: Result<P, _> = from_query(b"actor=KAZ%20GOV&limit=5&other=x");
        assert!(matches!(p, Ok(P { actor: Some(a), limit: Some(5) }) if a == "KAZ GOV"));
        let e = from_query::<P>(b"limit=abc").err().map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|e| e.starts_with("limit: ")),
            "{e:?}"
        );
        for nul in [&b"actor=a%00b"[..], b"act%00or=x", b"actor=\0"] {
            let e = from_query::<P>(nul).err().map(|e| e.to_string());
            assert!(e.as_deref().is_some_and(|e| e.contains("NUL")), "{e:?}");
        }
    }
}
