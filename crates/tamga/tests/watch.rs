//! `tamga watch`, `alerts`, `digest` and `status` through the binary, against a loopback
//! HTTP server whose feeds and pages change between rounds and which serves slow, failing,
//! redirecting, oversized, malformed and robots-disallowed responses. Each test runs on
//! SQLite and, when `TAMGA_TEST_PG` names a server, on a fresh PostgreSQL schema.

#![allow(clippy::unwrap_used)]

mod common;

use common::{run_ok, tamga};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the test server answers on one path.
#[derive(Clone)]
enum Route {
    Ok {
        body: String,
        content_type: &'static str,
        etag: Option<String>,
    },
    Status(u16),
    Slow(Duration),
    Redirect(String),
    /// A body of this many bytes, declared by Content-Length.
    Big(usize),
}

#[derive(Default)]
struct State {
    routes: HashMap<String, Route>,
    /// (method, path, status answered)
    log: Vec<(String, String, u16)>,
    /// Bodies POSTed to /hook.
    hooks: Vec<String>,
}

struct Server {
    base: String,
    state: Arc<Mutex<State>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let st = Arc::clone(&shared);
                std::thread::spawn(move || {
                    let _ = serve(conn, &st);
                });
            }
        });
        Server { base, state }
    }

    fn set(&self, path: &str, route: Route) {
        self.state
            .lock()
            .unwrap()
            .routes
            .insert(path.to_owned(), route);
    }

    fn ok(&self, path: &str, body: &str, content_type: &'static str, etag: Option<&str>) {
        self.set(
            path,
            Route::Ok {
                body: body.to_owned(),
                content_type,
                etag: etag.map(str::to_owned),
            },
        );
    }

    fn hits(&self, path: &str, status: u16) -> usize {
        let st = self.state.lock().unwrap();
        st.log
            .iter()
            .filter(|(_, p, s)| p == path && *s == status)
            .count()
    }

    fn hooks(&self) -> Vec<Value> {
        let st = self.state.lock().unwrap();
        st.hooks
            .iter()
            .map(|b| serde_json::from_str(b).unwrap())
            .collect()
    }
}

fn serve(conn: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut conn = conn;
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let path = parts.next().unwrap_or("").to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let route = {
        let mut st = state.lock().unwrap();
        if method == "POST" && path == "/hook" {
            st.hooks.push(String::from_utf8_lossy(&body).into_owned());
            st.log.push((method.clone(), path.clone(), 200));
            drop(st);
            return respond(&mut conn, 200, &[], b"ok");
        }
        st.routes.get(&path).cloned()
    };
    let status = match &route {
        None => 404,
        Some(Route::Ok { etag: Some(e), .. })
            if headers.get("if-none-match").is_some_and(|v| v == e) =>
        {
            304
        }
        Some(Route::Ok { .. } | Route::Slow(_) | Route::Big(_)) => 200,
        Some(Route::Status(s)) => *s,
        Some(Route::Redirect(_)) => 302,
    };
    state
        .lock()
        .unwrap()
        .log
        .push((method, path.clone(), status));
    match route {
        None => respond(&mut conn, 404, &[], b"not found"),
        Some(Route::Ok {
            body,
            content_type,
            etag,
        }) => {
            let mut h = vec![("Content-Type".to_owned(), content_type.to_owned())];
            if let Some(e) = etag {
                h.push(("ETag".to_owned(), e));
            }
            if status == 304 {
                respond(&mut conn, 304, &h, b"")
            } else {
                respond(&mut conn, 200, &h, body.as_bytes())
            }
        }
        Some(Route::Status(s)) => respond(&mut conn, s, &[], b"server error"),
        Some(Route::Slow(d)) => {
            std::thread::sleep(d);
            respond(&mut conn, 200, &[], b"<rss></rss>")
        }
        Some(Route::Redirect(to)) => respond(&mut conn, 302, &[("Location".to_owned(), to)], b""),
        Some(Route::Big(n)) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n"
            );
            conn.write_all(head.as_bytes())?;
            let chunk = vec![b'x'; 64 << 10];
            let mut left = n;
            while left > 0 {
                let k = left.min(chunk.len());
                conn.write_all(&chunk[..k])?;
                left -= k;
            }
            Ok(())
        }
    }
}

fn respond(
    conn: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    conn.write_all(head.as_bytes())?;
    conn.write_all(body)?;
    conn.flush()
}

/// An RSS feed of `(id, date, text)` items, each linking to `{base}/a/{id}`.
fn rss(base: &str, items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Test Wire</title>",
    );
    for (id, date, text) in items {
        s.push_str(&format!(
            "<item><title>Item {id}</title><link>{base}/a/{id}</link><guid>{base}/a/{id}</guid>\
             <pubDate>{date}</pubDate><description>&lt;p&gt;{text}&lt;/p&gt;</description></item>"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

fn page(title: &str, text: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p>\
         <p>{text} More detail was given later in the day by officials.</p></article></body></html>"
    )
}

/// One test's store: a SQLite file, or a fresh schema on the `TAMGA_TEST_PG` server.
struct Db {
    target: String,
    _dir: tempfile::TempDir,
    _pg: Option<common::TestDb>,
}

fn databases() -> Vec<Db> {
    let dir = tempfile::tempdir().unwrap();
    let mut out = vec![Db {
        target: dir.path().join("tamga.db").display().to_string(),
        _dir: dir,
        _pg: None,
    }];
    if common::pg_url().is_some() {
        let pg = common::TestDb::postgres();
        out.push(Db {
            target: pg.target.clone(),
            _dir: tempfile::tempdir().unwrap(),
            _pg: Some(pg),
        });
    }
    out
}

fn watch(db: &Db, sources: &Path) -> std::process::Output {
    run_ok(
        tamga()
            .args(["--db", &db.target, "watch", "--once"])
            .args(fast())
            .arg("--sources")
            .arg(sources),
    )
}

fn fast() -> [&'static str; 10] {
    [
        "--timeout",
        "1s",
        "--retries",
        "1",
        "--backoff",
        "10ms",
        "--delay",
        "0s",
        "--max-bytes",
        "1000000",
    ]
}

fn docs(db: &Db) -> Vec<Value> {
    let out = run_ok(tamga().args(["--db", &db.target, "docs", "--format", "jsonl"]));
    common::jsonl(&out)
}

fn status(db: &Db) -> Value {
    let out = run_ok(tamga().args(["--db", &db.target, "status", "--format", "json"]));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn uris(docs: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = docs
        .iter()
        .map(|d| d["uri"].as_str().unwrap_or("").to_owned())
        .collect();
    v.sort();
    v
}

const A1: &str = "ASTANA, Dec. 5 - The Kazakh Senate on Friday rejected a request by Russia to deploy more troops. Senators said the deployment was too risky.";
const A2: &str = "Police in Almaty arrested five activists on Sunday, their lawyers said.";
const A3: &str = "Kazakhstan's Senate rejected a request by Russia on Friday, officials said.";
const A4: &str =
    "Kazakhstan's parliament rejected a proposal by Kyrgyzstan to build a dam on Sunday.";

/// Feed items that are teasers are stored from their linked pages, keeping the feed's
/// date; full items are not fetched again; a gone page (404) falls back to the
/// feed's text, a failing one (500) waits for the next round. robots.txt's Crawl-delay
/// spaces the requests to the host.
#[test]
fn teaser_items_are_stored_from_their_pages_politely() {
    for db in databases() {
        let srv = Server::start();
        let b = srv.base.clone();
        srv.ok(
            "/robots.txt",
            "User-agent: *\nCrawl-delay: 0.4\n",
            "text/plain",
            None,
        );
        let long = [A2; 15].join(" ");
        let feed = rss(
            &b,
            &[
                ("t1", "Fri, 05 Dec 2026 10:00:00 GMT", "Senate vote."),
                ("full", "Sat, 06 Dec 2026 10:00:00 GMT", &long),
                ("gone", "Sun, 07 Dec 2026 10:00:00 GMT", A4),
                ("down", "Mon, 08 Dec 2026 10:00:00 GMT", A3),
            ],
        );
        srv.ok("/feed.xml", &feed, "application/rss+xml", None);
        srv.ok(
            "/a/t1",
            &page("Page title", A1),
            "text/html; charset=utf-8",
            None,
        );
        srv.set("/a/gone", Route::Status(404));
        srv.set("/a/down", Route::Status(503));
        let dir = tempfile::tempdir().unwrap();
        let sources = dir.path().join("sources.txt");
        std::fs::write(&sources, format!("{b}/feed.xml Wire\n")).unwrap();

        let started = std::time::Instant::now();
        let out = watch(&db, &sources);
        let took = started.elapsed();
        let err = String::from_utf8_lossy(&out.stderr);
        let d = docs(&db);
        let by_uri = |id: &str| {
            d.iter()
                .find(|x| x["uri"] == format!("{b}/a/{id}"))
                .cloned()
        };
        let t1 = by_uri("t1").unwrap_or_else(|| panic!("teaser not stored: {d:?}\n{err}"));
        let text = t1["text"].as_str().unwrap();
        assert!(text.contains("deploy more troops"), "page text: {text}");
        assert!(
            !text.contains("Senate vote."),
            "the feed's teaser was stored: {text}"
        );
        assert_eq!(t1["title"], "Page title", "the page's own title");
        assert!(
            t1["published"].as_str().unwrap().starts_with("2026-12-05"),
            "the feed's date is kept: {t1}"
        );
        assert_eq!(
            srv.hits("/a/full", 404),
            0,
            "a full item's page was fetched"
        );
        assert!(by_uri("full").unwrap()["text"]
            .as_str()
            .unwrap()
            .contains("arrested five activists"));
        assert!(by_uri("gone").unwrap()["text"]
            .as_str()
            .unwrap()
            .contains("build a dam"));
        assert!(by_uri("down").is_none(), "a 503 page must wait: {d:?}");
        assert!(err.contains("tried again next round"), "{err}");
        // robots.txt, the feed and /a/t1, /a/gone, /a/down (503, retried once): the
        // requests after the first wait 0.4 s each.
        assert!(
            took >= Duration::from_millis(4 * 400),
            "Crawl-delay not obeyed: {took:?}"
        );

        // Next round: the failed page now serves, and only it is fetched.
        srv.ok("/a/down", &page("Later", A3), "text/html", None);
        let out = watch(&db, &sources);
        let err = String::from_utf8_lossy(&out.stderr);
        let d = docs(&db);
        assert_eq!(d.len(), 4, "{d:?}\n{err}");
        assert_eq!(srv.hits("/a/t1", 200), 1, "a stored item was fetched again");
        assert_eq!(srv.hits("/a/down", 200), 1);
    }
}

#[test]
fn watch_ingests_new_items_once_and_reports_each_fault_per_source() {
    for db in databases() {
        let srv = Server::start();
        let b = srv.base.clone();
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("inbox");
        std::fs::create_dir(&inbox).unwrap();
        std::fs::write(
            inbox.join("one.txt"),
            "Local note\n\nThe Turkmen president received the Chinese ambassador on Monday.\n",
        )
        .unwrap();
        std::fs::write(inbox.join("partial.txt.part"), "not yet").unwrap();

        srv.ok(
            "/robots.txt",
            "User-agent: *\nDisallow: /private\n",
            "text/plain",
            None,
        );
        let feed1 = rss(
            &b,
            &[
                ("1", "Fri, 05 Dec 2026 10:00:00 GMT", A1),
                ("2", "Sun, 07 Dec 2026 10:00:00 GMT", A2),
            ],
        );
        srv.ok("/feed.xml", &feed1, "application/rss+xml", Some("\"v1\""));
        let sitemap = |locs: &[&str]| {
            let mut s = String::from("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
            for l in locs {
                s.push_str(&format!("<url><loc>{b}{l}</loc></url>"));
            }
            s + "</urlset>"
        };
        srv.ok(
            "/sitemap.xml",
            &sitemap(&["/p1.html", "/p2.html"]),
            "application/xml",
            None,
        );
        srv.ok(
            "/p1.html",
            &page("First page", A3),
            "text/html; charset=utf-8",
            None,
        );
        srv.ok("/p2.html", &page("Second page", A4), "text/html", None);
        srv.set("/slow.xml", Route::Slow(Duration::from_secs(3)));
        srv.set("/fail.xml", Route::Status(500));
        srv.set("/moved", Route::Redirect(format!("{b}/feed2.xml")));
        srv.ok(
            "/feed2.xml",
            &rss(
                &b,
                &[(
                    "r1",
                    "Mon, 08 Dec 2026 10:00:00 GMT",
                    "The Kyrgyz government praised Kazakhstan on Monday.",
                )],
            ),
            "application/rss+xml",
            None,
        );
        srv.set("/big.xml", Route::Big(3_000_000));
        srv.ok(
            "/bad.xml",
            "<?xml version=\"1.0\"?><rss><channel><item><title>broken</ti",
            "application/rss+xml",
            None,
        );
        srv.ok("/private/page.html", &page("Secret", A2), "text/html", None);

        let sources = dir.path().join("sources.txt");
        std::fs::write(
            &sources,
            format!(
                "# test sources\n{b}/feed.xml Test Wire\nsitemap {b}/sitemap.xml\n{b}/slow.xml\n{b}/fail.xml\n\
                 {b}/moved Moved\n{b}/big.xml\nfeed {b}/bad.xml\npage {b}/private/page.html\n{} Inbox\n",
                inbox.display()
            ),
        )
        .unwrap();

        let out = watch(&db, &sources);
        let err = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("sources 4 ok, 5 failed"), "{stdout}\n{err}");
        for (path, why) in [
            ("/slow.xml", "timed out"),
            ("/fail.xml", "HTTP 500"),
            ("/big.xml", "size limit"),
            ("/bad.xml", "feed"),
            ("/private/page.html", "robots.txt"),
        ] {
            let line = err
                .lines()
                .find(|l| l.contains(&format!("source {b}{path}:")))
                .unwrap_or_else(|| panic!("no error line for {path} in:\n{err}"));
            assert!(line.contains(why), "{path}: {line}");
        }
        // The 500 was retried once, then given up.
        assert_eq!(srv.hits("/fail.xml", 500), 2);
        assert_eq!(
            srv.hits("/private/page.html", 200),
            0,
            "robots.txt was not obeyed"
        );

        let d1 = docs(&db);
        let expect1: Vec<String> = {
            let mut v = vec![
                format!("{b}/a/1"),
                format!("{b}/a/2"),
                format!("{b}/p1.html"),
                format!("{b}/p2.html"),
                format!("{b}/a/r1"),
                inbox.join("one.txt").display().to_string(),
            ];
            v.sort();
            v
        };
        assert_eq!(uris(&d1), expect1);
        let st = status(&db);
        let by_target: HashMap<String, &Value> = st["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["target"].as_str().unwrap().to_owned(), s))
            .collect();
        assert_eq!(by_target.len(), 9);
        assert!(by_target[&format!("{b}/fail.xml")]["last_error"]
            .as_str()
            .unwrap()
            .contains("HTTP 500"));
        assert!(by_target[&format!("{b}/feed.xml")]["last_error"].is_null());
        assert_eq!(by_target[&format!("{b}/feed.xml")]["kind"], "feed");
        assert_eq!(by_target[&format!("{b}/sitemap.xml")]["items"], 2);
        assert_eq!(by_target[inbox.to_str().unwrap()]["items"], 1);

        // Round 2: one more feed item, one more sitemap page, a file in the folder; the
        // failing source recovers.
        srv.ok(
            "/feed.xml",
            &rss(
                &b,
                &[
                    ("1", "Fri, 05 Dec 2026 10:00:00 GMT", A1),
                    ("2", "Sun, 07 Dec 2026 10:00:00 GMT", A2),
                    ("3", "Sat, 06 Dec 2026 10:00:00 GMT", A3),
                ],
            ),
            "application/rss+xml",
            Some("\"v2\""),
        );
        srv.ok(
            "/sitemap.xml",
            &sitemap(&["/p1.html", "/p2.html", "/p3.html"]),
            "application/xml",
            None,
        );
        srv.ok(
            "/p3.html",
            &page(
                "Third page",
                "The Uzbek foreign minister visited Astana on Tuesday.",
            ),
            "text/html",
            None,
        );
        srv.ok(
            "/fail.xml",
            &rss(
                &b,
                &[(
                    "f1",
                    "Tue, 09 Dec 2026 10:00:00 GMT",
                    "Tajikistan thanked Kazakhstan for aid on Tuesday.",
                )],
            ),
            "application/rss+xml",
            None,
        );
        std::fs::write(
            inbox.join("two.txt"),
            "Second note\n\nKazakhstan criticized Russia on Tuesday.\n",
        )
        .unwrap();
        watch(&db, &sources);
        let d2 = docs(&db);
        assert_eq!(d2.len(), d1.len() + 4, "{:?}", uris(&d2));
        assert_eq!(
            srv.hits("/p1.html", 200),
            1,
            "a seen sitemap page was fetched again"
        );
        let st = status(&db);
        let fail = st["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["target"] == format!("{b}/fail.xml"))
            .unwrap()
            .clone();
        assert!(fail["last_error"].is_null(), "{fail}");
        assert_eq!(fail["errors"], 1);

        // Round 3: nothing new; the feed answers 304 to the conditional GET.
        let before = srv.hits("/feed.xml", 304);
        let out = watch(&db, &sources);
        assert_eq!(srv.hits("/feed.xml", 304), before + 1);
        assert!(String::from_utf8_lossy(&out.stdout).contains("new items 0"));
        assert_eq!(uris(&docs(&db)), uris(&d2));
    }
}

#[test]
fn killed_rounds_lose_nothing_and_duplicate_nothing() {
    for db in databases() {
        let srv = Server::start();
        let b = srv.base.clone();
        let dir = tempfile::tempdir().unwrap();
        srv.ok("/robots.txt", "", "text/plain", None);
        let sources = dir.path().join("sources.txt");
        std::fs::write(&sources, format!("{b}/feed.xml\n{b}/slow.xml\n")).unwrap();
        srv.set("/slow.xml", Route::Slow(Duration::from_millis(400)));
        let texts = [A1, A2, A3, A4];
        let mut items: Vec<(String, String)> = Vec::new();
        for round in 0..4 {
            for k in 0..5 {
                let id = format!("k{round}_{k}");
                let text = format!(
                    "{} Report number {round}-{k} from the wire.",
                    texts[(round + k) % 4]
                );
                items.push((id, text));
            }
            let refs: Vec<(&str, &str, &str)> = items
                .iter()
                .map(|(id, t)| (id.as_str(), "Fri, 05 Dec 2026 10:00:00 GMT", t.as_str()))
                .collect();
            srv.ok(
                "/feed.xml",
                &rss(&b, &refs),
                "application/rss+xml",
                Some(&format!("\"r{round}\"")),
            );
            let mut child = tamga()
                .args(["--db", &db.target, "watch", "--interval", "0s"])
                .args(fast())
                .arg("--sources")
                .arg(&sources)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            // Different moments of the round: fetching, ingesting, coding, the next round.
            std::thread::sleep(Duration::from_millis(150 + 350 * round as u64));
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
        }
        watch(&db, &sources);
        let d = docs(&db);
        let got: HashSet<String> = uris(&d).into_iter().collect();
        assert_eq!(got.len(), d.len(), "a document was stored twice");
        let want: HashSet<String> = items.iter().map(|(id, _)| format!("{b}/a/{id}")).collect();
        assert_eq!(got, want);
        // Every stored document was coded, and a further round adds nothing.
        let out = watch(&db, &sources);
        assert!(String::from_utf8_lossy(&out.stdout)
            .contains("new items 0, documents stored 0, events 0"));
        let st = status(&db);
        let feed = st["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["target"] == format!("{b}/feed.xml"))
            .unwrap()
            .clone();
        assert_eq!(feed["items"], items.len());
    }
}

#[test]
fn alerts_fire_once_per_new_cluster_to_every_channel() {
    for db in databases() {
        let srv = Server::start();
        let b = srv.base.clone();
        let dir = tempfile::tempdir().unwrap();
        srv.ok("/robots.txt", "", "text/plain", None);
        let sources = dir.path().join("sources.txt");
        std::fs::write(&sources, format!("{b}/feed.xml Wire\n")).unwrap();
        let jsonl = dir.path().join("alerts.jsonl");
        let mbox = dir.path().join("mail.mbox");
        run_ok(
            tamga()
                .args([
                    "--db",
                    &db.target,
                    "alerts",
                    "add",
                    "rejections",
                    "--query",
                    "--type REJECT --country KAZ",
                    "--webhook",
                    &format!("{b}/hook"),
                ])
                .arg("--jsonl")
                .arg(&jsonl)
                .arg("--mail")
                .arg(&mbox),
        );
        // A bad query is refused when added, not at watch time.
        let bad = tamga()
            .args([
                "--db", &db.target, "alerts", "add", "bad", "--query", "--quad 9",
            ])
            .output()
            .unwrap();
        assert!(!bad.status.success());

        let day = "Fri, 05 Dec 2026 10:00:00 GMT";
        srv.ok(
            "/feed.xml",
            &rss(&b, &[("1", day, A1), ("2", day, A2)]),
            "application/rss+xml",
            None,
        );
        let out1 = watch(&db, &sources);
        // Round 2: another report of the same rejection, and a new rejection.
        srv.ok(
            "/feed.xml",
            &rss(
                &b,
                &[
                    ("1", day, A1),
                    ("2", day, A2),
                    ("3", "Sat, 06 Dec 2026 10:00:00 GMT", A3),
                    ("4", "Sun, 21 Dec 2026 10:00:00 GMT", A4),
                ],
            ),
            "application/rss+xml",
            None,
        );
        let out2 = watch(&db, &sources);
        let out3 = watch(&db, &sources);
        let fired = |o: &std::process::Output| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .filter(|l| l.starts_with("alert rejections: new cluster"))
                .count()
        };
        assert_eq!((fired(&out1), fired(&out2), fired(&out3)), (1, 1, 0));
        let hooks = srv.hooks();
        assert_eq!(hooks.len(), 2);
        assert!(hooks
            .iter()
            .all(|h| h["alert"] == "rejections" && h["type"] == "REJECT"));
        assert_ne!(hooks[0]["cluster"], hooks[1]["cluster"]);
        assert_eq!(hooks[0]["source"]["code"], "KAZLEG");
        assert_eq!(hooks[0]["target"]["code"], "RUS");
        // The later report of the first rejection joined its cluster instead of firing.
        let events = run_ok(tamga().args([
            "--db", &db.target, "events", "--type", "REJECT", "--format", "jsonl",
        ]));
        let first = common::jsonl(&events)
            .into_iter()
            .find(|e| e["cluster"] == hooks[0]["cluster"])
            .unwrap();
        assert_eq!(first["mentions"], 2);
        assert_eq!(hooks[1]["target"]["code"], "KGZ");
        let lines = std::fs::read_to_string(&jsonl).unwrap();
        assert_eq!(lines.lines().count(), 2);
        let mail = std::fs::read_to_string(&mbox).unwrap();
        assert_eq!(mail.lines().filter(|l| l.starts_with("From ")).count(), 2);
        assert!(mail.contains("Subject: [tamga] rejections: REJECT"));

        let list = run_ok(tamga().args(["--db", &db.target, "alerts", "list"]));
        assert!(String::from_utf8_lossy(&list.stdout)
            .contains("rejections\t--type REJECT --country KAZ\tfired 2"));
        let test = run_ok(tamga().args(["--db", &db.target, "alerts", "test", "rejections"]));
        assert!(
            String::from_utf8_lossy(&test.stdout).contains("2 clusters match, 0 not reported yet")
        );
        run_ok(tamga().args(["--db", &db.target, "alerts", "remove", "rejections"]));
        let list = run_ok(tamga().args(["--db", &db.target, "alerts", "list"]));
        assert!(String::from_utf8_lossy(&list.stdout).contains("0 alerts"));
    }
}

#[test]
fn digest_escapes_article_text_and_has_the_chart_and_top_clusters() {
    for db in databases() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("inbox");
        std::fs::create_dir(&inbox).unwrap();
        std::fs::write(
            inbox.join("a.jsonl"),
            format!(
                "{}\n{}\n",
                serde_json::json!({"id": "a", "uri": "https://news.example/a?x=1&y=2", "date": "2026-12-05", "text": "ASTANA, Dec. 5 - The Kazakh Senate on Friday rejected a request by Russia (see <script>alert(1)</script> & co.) to deploy more troops."}),
                serde_json::json!({"id": "b", "uri": "javascript:alert(2)", "date": "2026-12-06", "text": A3}),
            ),
        )
        .unwrap();
        let sources = dir.path().join("sources.txt");
        std::fs::write(&sources, format!("{}\n", inbox.display())).unwrap();
        watch(&db, &sources);
        let html_path = dir.path().join("report.html");
        run_ok(
            tamga()
                .args([
                    "--db",
                    &db.target,
                    "digest",
                    "--since",
                    "7d",
                    "--until",
                    "2026-12-07",
                    "--out",
                ])
                .arg(&html_path),
        );
        let html = std::fs::read_to_string(&html_path).unwrap();
        assert!(html.contains("<svg") && html.contains("<rect"), "no chart");
        assert!(html.contains("Top clusters"));
        assert!(
            html.contains("REJECT — "),
            "the rejection cluster is missing"
        );
        assert!(html.contains("KAZLEG"));
        assert!(!html.contains("<script>"), "article text not escaped");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co."));
        assert!(html.contains("href=\"https://news.example/a?x=1&amp;y=2\""));
        assert!(!html.contains("href=\"javascript:"));
        assert!(
            !html.contains("<link") && !html.contains("src=\"http"),
            "not self-contained"
        );
        let md = run_ok(tamga().args([
            "--db", &db.target, "digest", "--since", "2026-12", "--until", "2026-12", "--format",
            "md", "--out", "-",
        ]));
        let md = String::from_utf8_lossy(&md.stdout);
        assert!(md.starts_with("# tamga digest: 2026-12-01 to 2026-12-31"));
        assert!(md.contains("| REJECT | 2 | 1 | 0 | +2 |"), "{md}");
    }
}
