//! API tests of `tamga serve` against a spawned server on the seeds' store: every listing
//! agrees with the CLI (same event objects, same order, same filters), details are
//! consistent, and writes need the token.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::http::{get, get_ok, request, seeded, serve, Server, TOKEN};
use common::{jsonl, run_ok, tamga};
use serde_json::Value;
use std::path::Path;

fn cli_events(db: &Path, args: &[&str]) -> Vec<Value> {
    jsonl(&run_ok(
        tamga()
            .arg("--db")
            .arg(db)
            .args(["events", "--format", "jsonl"])
            .args(args),
    ))
}

/// Every page of `/api/events?QUERY`, following the cursors.
fn all_pages(s: &Server, query: &str, limit: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10_000 {
        let mut path = format!("/api/events?limit={limit}&{query}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let page = get_ok(s, &path);
        let events = page["events"].as_array().unwrap();
        assert!(events.len() <= limit);
        out.extend(events.iter().cloned());
        match page["next"].as_str() {
            Some(c) => {
                assert_eq!(events.len(), limit, "only the last page is short");
                cursor = Some(c.to_owned());
            }
            None => return out,
        }
    }
    panic!("cursors never ended");
}

#[test]
fn api_agrees_with_the_cli_and_details_are_consistent() {
    let (_tmp, db) = seeded();
    let s = serve(&db, &[]);

    let health = get(&s, "/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
    // Security headers on every response.
    let csp = health.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(health.header("x-content-type-options"), Some("nosniff"));

    let spec = get_ok(&s, "/openapi.json");
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/api/events",
        "/api/events/{id}",
        "/api/ingest",
        "/api/jobs/{id}",
        "/api/places",
    ] {
        assert!(
            spec["paths"].get(p).is_some(),
            "{p} not in the OpenAPI document"
        );
    }

    // Paging through the API gives exactly the CLI's JSONL objects, in its order.
    let cli = cli_events(&db, &[]);
    assert!(cli.len() > 10, "the seeds give events");
    assert_eq!(all_pages(&s, "", 7), cli);
    let cli_mentions = cli_events(&db, &["--mentions", "--sort", "mentions", "--desc"]);
    assert_eq!(
        all_pages(&s, "mentions=true&sort=mentions&desc=true", 50),
        cli_mentions
    );
    assert_eq!(
        all_pages(&s, "sort=goldstein&desc=true", 5),
        cli_events(&db, &["--sort", "goldstein", "--desc"])
    );
    // A cursor belongs to its order.
    let first = get_ok(&s, "/api/events?limit=2");
    let c = first["next"].as_str().unwrap();
    assert_eq!(
        get(&s, &format!("/api/events?sort=mentions&cursor={c}")).status,
        400
    );
    let ty = cli[0]["type"].as_str().unwrap();
    assert_eq!(
        all_pages(&s, &format!("type={ty}"), 500),
        cli_events(&db, &["--type", ty])
    );
    let actor = cli[0]["source"]["code"].as_str().unwrap();
    assert_eq!(
        all_pages(&s, &format!("actor={actor}&status=occurred"), 500),
        cli_events(&db, &["--actor", actor, "--status", "occurred"])
    );
    for bad in [
        "quad=7",
        "limit=0",
        "limit=501",
        "since=yesterday",
        "cursor=xyz",
        "sort=name",
    ] {
        let r = get(&s, &format!("/api/events?{bad}"));
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.json()["error"].as_str().is_some());
    }

    // One event: its sentence rebuilt from the pieces, the trigger marked, its cluster.
    let top = &cli_events(&db, &["--sort", "mentions", "--desc", "--limit", "1"])[0];
    let id = top["id"].as_str().unwrap();
    let d = get_ok(&s, &format!("/api/events/{id}"));
    assert_eq!(&d["event"], top);
    let segs = d["sentence"]["segments"].as_array().unwrap();
    let joined: String = segs.iter().map(|g| g["text"].as_str().unwrap()).collect();
    assert_eq!(joined, top["sentence"]["text"].as_str().unwrap());
    let trigger: Vec<&str> = segs
        .iter()
        .filter(|g| g["mark"] == "trigger")
        .map(|g| g["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        trigger,
        vec![top["explanation"]["trigger"]["text"].as_str().unwrap()]
    );
    assert_eq!(d["explanation"], top["explanation"]);
    let mentions = d["mentions"].as_array().unwrap();
    assert_eq!(mentions.len() as u64, top["mentions"].as_u64().unwrap());
    assert!(mentions.iter().all(|m| m["cluster"] == top["cluster"]));
    let docs: Vec<&str> = d["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    for m in mentions {
        assert!(docs.contains(&m["doc_id"].as_str().unwrap()));
    }
    assert_eq!(get(&s, "/api/events/ffffffffffffffff").status, 404);

    // Documents: the list, one with its text in pieces naming its events.
    let list = get_ok(&s, "/api/documents?limit=2");
    assert_eq!(list["documents"].as_array().unwrap().len(), 2);
    let rest = get_ok(
        &s,
        &format!("/api/documents?cursor={}", list["next"].as_str().unwrap()),
    );
    assert_eq!(rest["documents"].as_array().unwrap().len(), 3);
    assert!(rest["next"].is_null());
    let doc_id = top["doc_id"].as_str().unwrap();
    let doc = get_ok(&s, &format!("/api/documents/{doc_id}"));
    let text = doc["document"]["text"].as_str().unwrap();
    let joined: String = doc["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["text"].as_str().unwrap())
        .collect();
    assert_eq!(joined, text);
    let with_top: Vec<&Value> = doc["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["events"].as_array().unwrap().iter().any(|e| e == id))
        .collect();
    assert_eq!(with_top.len(), 1);
    assert_eq!(with_top[0]["text"], top["sentence"]["text"]);

    // Search finds events by their sentence and documents by their text.
    let word = top["source"]["text"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap();
    let found = get_ok(&s, &format!("/api/search?q={word}"));
    assert!(!found["events"].as_array().unwrap().is_empty(), "{word}");
    assert!(!found["documents"].as_array().unwrap().is_empty(), "{word}");
    assert_eq!(get(&s, "/api/search").status, 400);

    // Aggregates count what the listing lists.
    let tl = get_ok(&s, "/api/timeline?interval=month");
    let counted: u64 = tl["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["events"].as_u64().unwrap())
        .sum::<u64>()
        + tl["unplaced"].as_u64().unwrap();
    assert_eq!(counted, cli.len() as u64);
    let by_type = get_ok(&s, &format!("/api/timeline?type={ty}"));
    assert!(by_type["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["type"] == ty));
    let places = get_ok(&s, "/api/places");
    let with_coords = cli
        .iter()
        .filter(|e| e["location"]["lat"].is_number() && e["location"]["lon"].is_number())
        .count() as u64;
    let placed: u64 = places["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["events"].as_u64().unwrap())
        .sum();
    assert_eq!(placed, with_coords);
    let net = get_ok(&s, "/api/actors?limit=300");
    let nodes: Vec<&str> = net["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert!(nodes.contains(&top["source"]["code"].as_str().unwrap()));
    let edges = net["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for e in edges {
        assert!(
            nodes.contains(&e["source"].as_str().unwrap())
                && nodes.contains(&e["target"].as_str().unwrap())
        );
        assert!(e["quad_class"].as_u64().unwrap() <= 4);
    }
    let unknown = get(&s, "/no/such/page");
    assert_eq!(unknown.status, 404);
    assert!(unknown.json()["error"].is_string());
}

#[test]
fn ingest_needs_the_token_and_runs_as_a_job() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    let s = serve(&db, &["--max-upload-bytes", "4096"]);
    let record = serde_json::json!({
        "id": "a1", "uri": "https://news.example/a1", "date": "2006-11-07",
        "title": "Talks in Astana",
        "text": "Kazakhstan's President Nursultan Nazarbayev met Russian President Vladimir Putin in Astana on Tuesday to discuss oil exports."
    });
    let body = format!("{record}\n");
    let nd = ("Content-Type", "application/x-ndjson");
    assert_eq!(
        request(&s, "POST", "/api/ingest", &[nd], body.as_bytes()).status,
        401
    );
    let wrong = request(
        &s,
        "POST",
        "/api/ingest",
        &[nd, ("Authorization", "Bearer nope")],
        body.as_bytes(),
    );
    assert_eq!(wrong.status, 401);
    let auth = format!("Bearer {TOKEN}");
    let big = vec![b'x'; 10_000];
    let r = request(&s, "POST", "/api/ingest", &[("Authorization", &auth)], &big);
    assert_eq!(r.status, 413);
    assert_eq!(
        get_ok(&s, "/api/events")["events"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "nothing written"
    );

    let r = request(
        &s,
        "POST",
        "/api/ingest",
        &[nd, ("Authorization", &auth)],
        body.as_bytes(),
    );
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
    let job = r.json()["job"].as_str().unwrap().to_owned();
    let mut status = Value::Null;
    for _ in 0..600 {
        status = get_ok(&s, &format!("/api/jobs/{job}"));
        if status["state"] == "done" || status["state"] == "failed" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(status["state"], "done", "{status}");
    assert_eq!(status["progress"]["stored"], 1);
    let events = status["progress"]["events"].as_u64().unwrap();
    assert!(events > 0, "{status}");
    let listed = get_ok(&s, "/api/events?mentions=true");
    assert_eq!(listed["events"].as_array().unwrap().len() as u64, events);
    assert_eq!(
        listed["events"],
        Value::Array(cli_events(&db, &["--mentions"]))
    );
    assert_eq!(get(&s, "/api/jobs/999").status, 404);
}

#[test]
fn a_non_loopback_address_needs_a_token() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tamga()
        .arg("--db")
        .arg(tmp.path().join("t.db"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to listen on 0.0.0.0:0 without a token"),
        "{err}"
    );
}

#[test]
fn alerts_list_saved_queries_and_their_firings() {
    let (tmp, db) = seeded();
    let spool = tmp.path().join("alerts.jsonl");
    run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .args(["alerts", "add", "moscow-talks", "--query", "--actor RUS"])
            .arg("--jsonl")
            .arg(&spool),
    );
    run_ok(tamga().arg("--db").arg(&db).args([
        "alerts",
        "add",
        "never",
        "--query",
        "--type FIGHT --since 2099",
    ]));
    // A new article, far from the seeds' dates, is a new cluster the first alert matches.
    let folder = tmp.path().join("incoming");
    std::fs::create_dir(&folder).unwrap();
    let sentence = "Russian Foreign Minister Sergei Lavrov met Kazakh officials in Astana on \
                    Monday <b>to discuss</b> security.";
    let record = serde_json::json!({"id": "new-1", "uri": "https://news.example/new-1",
        "date": "2031-03-04", "title": "Talks", "text": sentence});
    std::fs::write(folder.join("new.jsonl"), format!("{record}\n")).unwrap();
    let sources = tmp.path().join("sources.txt");
    std::fs::write(&sources, format!("folder {} incoming\n", folder.display())).unwrap();
    run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .args(["watch", "--once", "--sources"])
            .arg(&sources),
    );

    let s = serve(&db, &[]);
    let spec = get_ok(&s, "/openapi.json");
    assert!(spec["paths"].get("/api/alerts").is_some());
    let r = get(&s, "/api/alerts");
    assert_eq!(r.status, 200, "reads need no token");
    let body = String::from_utf8_lossy(&r.body).into_owned();
    assert!(
        !body.contains(&spool.display().to_string()),
        "where an alert delivers stays private: {body}"
    );
    let v = r.json();
    let alerts = v["alerts"].as_array().unwrap();
    let names: Vec<&str> = alerts.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["moscow-talks", "never"]);
    assert_eq!(alerts[0]["query"], "--actor RUS");
    assert_eq!(alerts[0]["channels"], serde_json::json!(["jsonl"]));
    assert_eq!(alerts[1]["fired"], 0);
    assert!(alerts[1]["last_fired"].is_null());
    let firings = v["firings"].as_array().unwrap();
    assert!(!firings.is_empty(), "the new article fired: {v:#}");
    assert_eq!(alerts[0]["fired"].as_u64(), Some(firings.len() as u64));
    for f in firings {
        assert_eq!(f["alert"], "moscow-talks");
        assert_eq!(f["query"], "--actor RUS");
        assert!(f["fired_at"].as_str().unwrap().starts_with("20"));
        // The summary points at a stored event of the new document, its sentence as written.
        let id = f["event"]["id"].as_str().unwrap();
        let detail = get_ok(&s, &format!("/api/events/{id}"));
        assert_eq!(detail["event"]["cluster"], f["cluster"]);
        assert_eq!(f["event"]["doc_id"], detail["event"]["doc_id"]);
        assert_eq!(f["event"]["sentence"], detail["event"]["sentence"]["text"]);
        assert!(f["event"]["sentence"]
            .as_str()
            .unwrap()
            .contains("<b>to discuss</b>"));
        assert_eq!(f["event"]["doc_uri"], "https://news.example/new-1");
    }
    let one = get_ok(&s, "/api/alerts?alert=never&limit=5");
    assert_eq!(one["alerts"].as_array().unwrap().len(), 2);
    assert!(one["firings"].as_array().unwrap().is_empty());
    for bad in ["limit=0", "limit=501", "limit=x"] {
        assert_eq!(get(&s, &format!("/api/alerts?{bad}")).status, 400, "{bad}");
    }
}
