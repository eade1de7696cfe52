//! The server's security and limits, checked against a spawned `tamga serve`: no path
//! reaches a file, hostile filter values are plain values on both backends, writes need the
//! token and the token is never echoed or logged, no CORS, security headers on every
//! response, error bodies that name nothing internal, requests only for a loopback host,
//! and the body, page and query-time limits.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::http::{get, get_ok, request, seeded, serve, spawn, Response, Server, TOKEN};
use common::{run_ok, seeds, tamga, TestDb};
use std::process::Stdio;

/// What no error body may contain: the store's folder and file, SQL, backend names. A
/// value the request gave, which a 400 quotes back, is taken out first.
fn assert_leaks_nothing(r: &Response, secrets: &[&str]) {
    assert_leaks_nothing_but(r, secrets, "");
}

fn assert_leaks_nothing_but(r: &Response, secrets: &[&str], echoed: &str) {
    let mut body = String::from_utf8_lossy(&r.body).into_owned();
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&r.body) {
        if let Some(e) = v["error"].as_str() {
            body = e.to_owned();
        }
    }
    if !echoed.is_empty() {
        for form in [
            format!("{echoed:?}"),
            format!("{:?}", echoed.trim()),
            echoed.to_owned(),
        ] {
            body = body.replace(&form, "");
            body = body.replace(&form.to_lowercase(), "");
            body = body.replace(&form.to_uppercase(), "");
        }
    }
    let body = body.to_lowercase();
    let shown: String = body.chars().take(400).collect();
    for s in secrets {
        assert!(!body.contains(&s.to_lowercase()), "{s:?} in {shown}");
    }
    for word in [
        "select ", " from ", "sqlite", "postgres", "rusqlite", ".db", "/tmp",
    ] {
        assert!(!body.contains(word), "{word:?} in an error body: {shown}");
    }
}

fn error_of(r: &Response) -> String {
    r.json()["error"]
        .as_str()
        .unwrap_or_else(|| panic!("not a JSON error: {}", String::from_utf8_lossy(&r.body)))
        .to_owned()
}

fn total_events(s: &Server) -> usize {
    let mut n = 0;
    let mut cursor = String::new();
    loop {
        let page = get_ok(s, &format!("/api/events?mentions=true&limit=500{cursor}"));
        n += page["events"].as_array().unwrap().len();
        match page["next"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return n,
        }
    }
}

#[test]
fn no_path_reaches_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    let s = serve(&db, &[]);
    for path in [
        "/../../etc/passwd",
        "/ui/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "/%252e%252e/etc/passwd",
        "/app.js/../../../etc/passwd",
        "/style.css/..%2f..%2fetc/passwd",
        "//etc/passwd",
        "/./././etc/passwd",
        "/%c0%ae%c0%ae/etc/passwd",
        "/world.json%00.txt",
        "/api/documents/..%2f..%2fetc%2fpasswd",
        "/etc/passwd",
        "/Cargo.toml",
        "/crates/tamga-serve/ui/index.html",
        "/ui/app.js",
    ] {
        let r = get(&s, path);
        assert!(
            r.status == 404 || r.status == 400,
            "{path}: {} {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        );
        let body = String::from_utf8_lossy(&r.body);
        assert!(!body.contains("root:"), "{path}: {body}");
        assert!(!body.contains("[package]"), "{path}: {body}");
        assert!(r.json()["error"].is_string(), "{path}: {body}");
        assert_leaks_nothing(&r, &[&tmp.path().display().to_string()]);
    }
    // The UI's own files are the only ones served, whatever the folder the server runs in.
    assert_eq!(get(&s, "/app.js").status, 200);
    assert_eq!(get(&s, "/app.js?../../etc/passwd").status, 200);
}

#[test]
fn headers_cors_host_and_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    let s = serve(&db, &[]);
    let secret = tmp.path().display().to_string();
    let responses = [
        ("/", get(&s, "/")),
        ("/api/events", get(&s, "/api/events")),
        ("/openapi.json", get(&s, "/openapi.json")),
        ("404", get(&s, "/nowhere")),
        ("400", get(&s, "/api/events?quad=9")),
        ("400 (query)", get(&s, "/api/events?limit=abc")),
        ("404 (id)", get(&s, "/api/events/nope")),
        (
            "401",
            request(&s, "POST", "/api/ingest", &[], b"{\"text\": \"x\"}\n"),
        ),
        (
            "preflight",
            request(
                &s,
                "OPTIONS",
                "/api/events",
                &[
                    ("Origin", "https://evil.example"),
                    ("Access-Control-Request-Method", "GET"),
                ],
                b"",
            ),
        ),
        (
            "cross-origin GET",
            request(
                &s,
                "GET",
                "/api/events",
                &[("Origin", "https://evil.example")],
                b"",
            ),
        ),
    ];
    for (what, r) in &responses {
        let csp = r.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("default-src 'none'"), "{what}: CSP {csp:?}");
        assert!(
            csp.contains("frame-ancestors 'none'"),
            "{what}: CSP {csp:?}"
        );
        assert!(!csp.contains("unsafe-inline"), "{what}: CSP {csp:?}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{what}");
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{what}");
        assert_eq!(
            r.header("cross-origin-resource-policy"),
            Some("same-origin"),
            "{what}"
        );
        for h in [
            "access-control-allow-origin",
            "access-control-allow-methods",
            "access-control-allow-headers",
            "access-control-allow-credentials",
        ] {
            assert_eq!(r.header(h), None, "{what}: CORS header {h}");
        }
        if r.status >= 400 {
            assert!(
                r.header("content-type")
                    .is_some_and(|c| c.starts_with("application/json")),
                "{what}: {:?}",
                r.header("content-type")
            );
            error_of(r);
            assert_leaks_nothing(r, &[&secret]);
        }
    }
    assert_eq!(responses[0].1.status, 200);
    assert_eq!(responses[5].1.status, 400, "a bad number is a JSON 400");
    assert!(error_of(&responses[5].1).contains("limit"));

    // DNS rebinding: a page whose name resolves to 127.0.0.1 sends its own name as Host.
    for host in ["evil.example", "evil.example:8080", "127.0.0.1.nip.io"] {
        let r = request(&s, "GET", "/api/events", &[("Host", host)], b"");
        assert_eq!(r.status, 403, "Host {host}");
        assert!(error_of(&r).contains("Host"));
    }
    // Two Host headers (one loopback, one not) are refused, whichever comes first.
    let mut conn = std::net::TcpStream::connect(&s.addr).unwrap();
    use std::io::{Read, Write};
    write!(
        conn,
        "GET /api/events HTTP/1.1\r\nHost: {}\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        s.addr
    )
    .unwrap();
    let mut raw = String::new();
    let _ = conn.read_to_string(&mut raw);
    let status = raw.split(' ').nth(1).unwrap_or("");
    assert!(
        status == "400" || status == "403",
        "two Host headers: {status}"
    );
    let port = s.addr.rsplit(':').next().unwrap();
    for host in [format!("localhost:{port}"), format!("[::1]:{port}")] {
        let r = request(&s, "GET", "/api/events", &[("Host", &host)], b"");
        assert_eq!(r.status, 200, "Host {host}");
    }
}

#[test]
fn the_token_guards_writes_and_is_never_echoed_or_logged() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    let token = tmp.path().join("token");
    std::fs::write(&token, format!("  {TOKEN}\n")).unwrap();
    let log = tmp.path().join("stderr.log");
    // Debug logging on: even then nothing may print the token.
    let s = spawn(
        db.as_os_str(),
        &token,
        &[],
        &[("RUST_LOG", "debug")],
        std::fs::File::create(&log).unwrap(),
    );
    let body = b"{\"id\": \"t1\", \"text\": \"Kazakhstan signed a trade agreement with China.\"}\n";
    let nd = ("Content-Type", "application/x-ndjson");
    let near = format!("{}X", &TOKEN[..TOKEN.len() - 1]);
    let longer = format!("{TOKEN}{TOKEN}");
    let prefix = &TOKEN[..TOKEN.len() - 1];
    for auth in [
        String::new(),
        format!("Bearer {near}"),
        format!("Bearer {prefix}"),
        format!("Bearer {longer}"),
        format!("bearer{TOKEN}"),
        format!("Basic {TOKEN}"),
        TOKEN.to_owned(),
        "Bearer ".to_owned(),
    ] {
        let mut headers = vec![nd];
        if !auth.is_empty() {
            headers.push(("Authorization", &auth));
        }
        let r = request(&s, "POST", "/api/ingest", &headers, body);
        assert_eq!(r.status, 401, "{auth:?}");
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
        let text = String::from_utf8_lossy(&r.body);
        assert!(!text.contains(prefix), "{auth:?}: {text}");
    }
    // Not from the query string (it would end up in proxies' logs and browser history).
    let r = request(
        &s,
        "POST",
        &format!("/api/ingest?token={TOKEN}"),
        &[nd],
        body,
    );
    assert_eq!(r.status, 401);
    let auth = format!("Bearer {TOKEN}");
    let r = request(
        &s,
        "POST",
        "/api/ingest",
        &[nd, ("Authorization", &auth)],
        body,
    );
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
    let job = r.json()["status"].as_str().unwrap().to_owned();
    for _ in 0..600 {
        let st = get_ok(&s, &job);
        if st["state"] == "done" || st["state"] == "failed" {
            assert_eq!(st["state"], "done", "{st}");
            assert!(!st.to_string().contains(prefix));
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(s);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        !logged.contains(prefix),
        "the token is in the server's log:\n{logged}"
    );
}

/// Every filter of `/api/events` (and the routes sharing them) with values that would break
/// out of a string, a LIKE pattern or a full-text query if pasted into SQL: each is either
/// refused (400) or matches as plain text, and the store is unchanged after.
fn hostile_filter_values_are_plain_values() {
    let tmp = tempfile::tempdir().unwrap();
    let db = TestDb::new_in(tmp.path(), "t.db");
    run_ok(tamga().arg("--db").arg(&db).arg("run").arg(seeds()));
    let token = tmp.path().join("token");
    std::fs::write(&token, TOKEN).unwrap();
    let s = spawn(db.as_ref(), &token, &[], &[], Stdio::null());
    let before = total_events(&s);
    assert!(before > 0);
    let hostile = [
        "' OR '1'='1",
        "' OR 1=1 --",
        "\"; DROP TABLE events; --",
        "'); DELETE FROM documents; --",
        "%",
        "_",
        "%%' OR 'x' LIKE '%",
        "\\",
        "*",
        "NEAR(a b)",
        "\"unbalanced",
        "a OR b",
        "col:value",
        "!(x) & y | z:*",
        "$1",
        "?1",
        "\u{0}",
        "1; SELECT pg_sleep(5)",
        "KAZ' UNION SELECT * FROM documents --",
    ];
    let filters = [
        "type", "actor", "since", "until", "status", "text", "country", "root", "quad", "place",
        "source",
    ];
    let enc = |v: &str| -> String {
        v.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    for f in filters {
        for v in hostile {
            for route in ["/api/events", "/api/timeline", "/api/actors", "/api/places"] {
                let path = format!("{route}?{f}={}&mentions=true", enc(v));
                let r = get(&s, &path);
                assert!(
                    r.status == 200 || r.status == 400,
                    "{path}: {} {}",
                    r.status,
                    String::from_utf8_lossy(&r.body)
                );
                if r.status == 400 {
                    assert!(error_of(&r).starts_with(f), "{path}: {}", error_of(&r));
                }
                if r.status >= 400 {
                    assert_leaks_nothing_but(&r, &[&tmp.path().display().to_string()], v);
                }
                if route == "/api/events" && r.status == 200 && f != "text" && v != "_" {
                    // Matching as a literal value finds nothing in the seeds: no `OR 1=1`
                    // or `%` that selects everything. (A text search takes each word of
                    // the value, so `$1` finds sentences with a 1 in them; the seeds' file
                    // names, their documents' `source`, hold a literal `_`.)
                    let n = r.json()["events"].as_array().unwrap().len();
                    assert_eq!(n, 0, "{path} matched {n} events");
                }
            }
        }
    }
    for route in ["/api/search?q=", "/api/documents?text="] {
        for v in hostile {
            let path = format!("{route}{}", enc(v));
            let r = get(&s, &path);
            assert!(r.status == 200 || r.status == 400, "{path}: {}", r.status);
            if r.status >= 400 {
                assert_leaks_nothing_but(&r, &[&tmp.path().display().to_string()], v);
            }
        }
    }
    assert_eq!(total_events(&s), before, "the store changed");
}

on_both_backends!(hostile_filter_values_are_plain_values);

#[test]
fn body_page_and_query_time_limits() {
    let (_tmp, db) = seeded();
    let s = serve(&db, &["--max-page-size", "20", "--max-body-bytes", "1000"]);
    // Page size: the default page shrinks to the largest; a larger `limit` is a 400.
    let page = get_ok(&s, "/api/events?mentions=true");
    assert_eq!(page["events"].as_array().unwrap().len(), 20);
    assert!(page["next"].is_string());
    assert_eq!(
        get_ok(&s, "/api/events?mentions=true&limit=20")["events"]
            .as_array()
            .unwrap()
            .len(),
        20
    );
    for path in [
        "/api/events?limit=21",
        "/api/documents?limit=21",
        "/api/search?q=oil&limit=21",
        "/api/events?limit=0",
        "/api/events?limit=99999999999999999999999",
    ] {
        let r = get(&s, path);
        assert_eq!(r.status, 400, "{path}");
        assert!(
            error_of(&r).starts_with("limit"),
            "{path}: {}",
            error_of(&r)
        );
    }
    assert!(error_of(&get(&s, "/api/events?limit=21")).contains("1-20"));
    // Body: refused from its declared length, before it is read.
    let big = vec![b'x'; 1001];
    let r = request(&s, "GET", "/api/events", &[], &big);
    assert_eq!(r.status, 413);
    error_of(&r);
    assert_eq!(
        request(&s, "GET", "/api/events", &[], &big[..1000]).status,
        200
    );
    drop(s);

    // Query time: with a limit of 1 ms the heavier listings are stopped and answered 503,
    // and the server goes on answering.
    let s = serve(&db, &["--query-timeout-ms", "1"]);
    let mut stopped = 0;
    for _ in 0..5 {
        let r = get(&s, "/api/events?mentions=true&limit=500&sort=goldstein");
        match r.status {
            200 => {}
            503 => {
                stopped += 1;
                let e = error_of(&r);
                assert!(e.contains("1 ms") && e.contains("stopped"), "{e}");
            }
            other => panic!("status {other}: {}", String::from_utf8_lossy(&r.body)),
        }
    }
    assert!(stopped > 0, "no request ran past 1 ms");
    drop(s);
    let s = serve(&db, &["--query-timeout-ms", "0"]);
    assert_eq!(get(&s, "/api/events?mentions=true&limit=500").status, 200);
}
