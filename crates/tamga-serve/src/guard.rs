//! Checks every request passes before a handler sees it: a declared body above the route's
//! limit is refused before it is read, and a server on loopback answers only requests
//! addressed to a loopback name, so that a web page cannot reach it by DNS rebinding.

use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use std::net::IpAddr;

/// Refuses (413) a request whose `Content-Length` is above `max`, without reading it. A body
/// without a length is cut at `max` by the route's `DefaultBodyLimit` as it is read.
pub async fn body_size(
    State(max): State<usize>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(ApiError::TooLarge);
    }
    Ok(next.run(req).await)
}

/// On a loopback address, refuses (403) a request whose `Host` is not a loopback name or
/// address. A page on another site that rebinds its own name to 127.0.0.1 sends its own name
/// as `Host`, so it cannot read the store through the analyst's browser. A request without
/// `Host` (HTTP/1.0 tools) is let through: browsers always send one.
pub async fn host(
    State(loopback): State<bool>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if loopback {
        let mut hosts = req.headers().get_all(header::HOST).iter();
        let host = hosts.next().map(|v| v.to_str().unwrap_or("\u{fffd}"));
        if hosts.next().is_some() {
            return Err(ApiError::BadRequest("more than one Host header".to_owned()));
        }
        if let Some(h) = host {
            if !is_loopback_host(h) {
                return Err(ApiError::Forbidden(
                    "this server answers only requests addressed to localhost or a loopback \
                     address (Host header)"
                        .to_owned(),
                ));
            }
        }
    }
    Ok(next.run(req).await)
}

/// Whether a `Host` header value (name or address, with an optional port) names this
/// machine's loopback: `localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`.
pub fn is_loopback_host(value: &str) -> bool {
    let v = value.trim();
    let name = if let Some(rest) = v.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || is_port(port) => {
                return ip.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
            }
            _ => return false,
        }
    } else {
        match v.rsplit_once(':') {
            Some((name, port)) if is_port(&format!(":{port}")) => name,
            Some(_) => return false,
            None => v,
        }
    };
    if let Ok(ip) = name.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

fn is_port(s: &str) -> bool {
    s.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_and_others() {
        for ok in [
            "localhost",
            "localhost:8080",
            "LocalHost.:80",
            "app.localhost:1",
            "127.0.0.1",
            "127.0.0.1:8080",
            "127.9.9.9:1",
            "[::1]",
            "[::1]:8080",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1:80",
            "[::2]:80",
            "[::1]x",
            "localhost:80:80",
            "localhost:abc",
            "0.0.0.0:8080",
            "",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }
}
