//! Errors: why the server could not start ([`Error`]), and what a request gets back when it
//! fails ([`ApiError`], a status and a JSON `{"error": message}`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::net::SocketAddr;
use std::time::Duration;

/// Why `tamga serve` could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "refusing to listen on {0} without a token: it is not a loopback address; give \
         --token-file, or listen on 127.0.0.1"
    )]
    Exposed(SocketAddr),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, #[source] std::io::Error),
    #[error("server: {0}")]
    Runtime(#[source] std::io::Error),
}

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("a bearer token is required (Authorization: Bearer TOKEN)")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("the request body is larger than this server accepts")]
    TooLarge,
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    #[error(
        "the query ran longer than this server allows ({} ms) and was stopped: narrow the \
         filters or ask for a smaller page",
        .0.as_millis()
    )]
    Timeout(Duration),
    #[error("internal error")]
    Internal,
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Unavailable(_) | Self::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<tamga_store::Error> for ApiError {
    fn from(err: tamga_store::Error) -> Self {
        match err {
            // Said without the store's path, which the store's own message starts with.
            tamga_store::Error::AmbiguousPrefix {
                prefix,
                candidates,
                more,
                ..
            } => Self::BadRequest(format!(
                "id prefix {prefix:?} is ambiguous: matches {}{}",
                candidates.join(", "),
                if more { ", ..." } else { "" }
            )),
            tamga_store::Error::Missing { .. } => {
                Self::Unavailable("the store does not exist yet".to_owned())
            }
            other => {
                // The details (paths, SQL errors) go to the log, not to the client.
                tracing::error!("store: {other}");
                Self::Internal
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = (
            self.status(),
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response();
        if matches!(self, Self::Unauthorized) {
            resp.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Store errors carry the store's path (or URL): none of it may reach a client.
    #[test]
    fn store_errors_say_nothing_of_the_store() {
        let path = PathBuf::from("/srv/secret/place/tamga.db");
        let errors = [
            tamga_store::Error::AmbiguousPrefix {
                path: path.clone(),
                prefix: "ab".into(),
                candidates: vec!["ab1".into(), "ab2".into()],
                more: true,
            },
            tamga_store::Error::Missing { path: path.clone() },
            tamga_store::Error::NotTamga {
                path: path.clone(),
                found: 7,
            },
            tamga_store::Error::Sqlite {
                path: path.clone(),
                source: rusqlite::Error::InvalidQuery,
            },
        ];
        for err in errors {
            let api = ApiError::from(err);
            let text = api.to_string();
            assert!(!text.contains("secret"), "{text}");
            assert!(!text.contains("tamga.db"), "{text}");
        }
        let api = ApiError::from(tamga_store::Error::AmbiguousPrefix {
            path,
            prefix: "ab".into(),
            candidates: vec!["ab1".into()],
            more: false,
        });
        assert!(
            matches!(&api, ApiError::BadRequest(m) if m.contains("\"ab\"") && m.contains("ab1"))
        );
    }
}
