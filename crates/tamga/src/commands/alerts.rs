//! `tamga alerts`: saved event queries (the filters of `tamga events`, written as its
//! arguments) that a watch round checks; each fires once per new matching cluster — on
//! stdout, and to the alert's JSONL file, mail spool and webhook — and is kept in the store.

use crate::cli::EventFilterArgs;
use anyhow::Context;
use clap::Parser;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::process::ExitCode;
use tamga_events::Event;
use tamga_store::{Alert, EventQuery, Store};

#[derive(Debug, clap::Subcommand)]
pub enum AlertsCommand {
    /// Save a query: `tamga alerts add NAME --query "--type MOBILIZE --country KAZ"`. It fires
    /// for clusters that appear after it is added.
    Add(AddArgs),
    /// List saved alerts and how often each fired.
    List,
    /// Remove a saved alert and its history.
    Remove { name: String },
    /// Show the clusters a saved alert matches now, marking those it has not reported yet.
    Test { name: String },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    pub name: String,
    /// The filters of `tamga events`, as its arguments ("--actor KAZ --type REJECT").
    #[arg(long, allow_hyphen_values = true)]
    pub query: String,
    /// POST each alert's JSON to this URL (retried with backoff).
    #[arg(long)]
    pub webhook: Option<String>,
    /// Append each alert's JSON as a line to this file.
    #[arg(long)]
    pub jsonl: Option<String>,
    /// Append each alert as a message to this local mail spool (mbox) file.
    #[arg(long)]
    pub mail: Option<String>,
}

/// A query string parsed as `tamga events` arguments.
#[derive(Debug, Parser)]
#[command(name = "query", no_binary_name = true, disable_help_flag = true)]
struct QueryArgs {
    #[command(flatten)]
    filter: EventFilterArgs,
}

/// The store query a saved query string makes: every matching mention, unlimited.
pub(crate) fn parse_query(query: &str) -> anyhow::Result<EventQuery> {
    let words = split_words(query)?;
    let args = QueryArgs::try_parse_from(words)
        .map_err(|e| anyhow::anyhow!("bad query {query:?}: {}", e.to_string().trim()))?;
    Ok(args.filter.query())
}

/// Splits like a shell: whitespace separates, single and double quotes group, a backslash
/// escapes the next character outside single quotes.
fn split_words(s: &str) -> anyhow::Result<Vec<String>> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => anyhow::bail!("unclosed ' in query {s:?}"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => cur.extend(chars.next()),
                        Some(x) => cur.push(x),
                        None => anyhow::bail!("unclosed \" in query {s:?}"),
                    }
                }
            }
            '\\' => {
                in_word = true;
                cur.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

pub fn run(db: &str, cmd: &AlertsCommand) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match cmd {
        AlertsCommand::Add(a) => {
            let mut query = parse_query(&a.query)?;
            let mut store = Store::connect(db)
                .with_context(|| format!("opening store {}", tamga_store::display_target(db)))?;
            query.mentions = true;
            query.limit = None;
            let known: Vec<String> = store
                .events(&query)
                .context("querying events")?
                .into_iter()
                .map(|e| e.id)
                .collect();
            let alert = Alert {
                name: a.name.clone(),
                query: a.query.clone(),
                webhook: a.webhook.clone(),
                jsonl: a.jsonl.clone(),
                mail: a.mail.clone(),
                created_at: String::new(),
            };
            if !store.add_alert(&alert, &known)? {
                anyhow::bail!("an alert named {:?} exists; remove it first", a.name);
            }
            writeln!(
                out,
                "alert {} saved; {} events match now and will not fire",
                a.name,
                known.len()
            )?;
        }
        AlertsCommand::List => {
            let store = super::show::open_existing(db)?;
            let alerts = store.alerts()?;
            let mut fired: BTreeMap<String, usize> = BTreeMap::new();
            for h in store.alert_hits(None, false, None)? {
                *fired.entry(h.alert).or_default() += 1;
            }
            for a in &alerts {
                let mut to = vec!["stdout".to_owned()];
                to.extend(a.webhook.as_ref().map(|w| format!("webhook {w}")));
                to.extend(a.jsonl.as_ref().map(|w| format!("jsonl {w}")));
                to.extend(a.mail.as_ref().map(|w| format!("mail {w}")));
                writeln!(
                    out,
                    "{}\t{}\tfired {}\tto {}\tsince {}",
                    a.name,
                    a.query,
                    fired.get(&a.name).copied().unwrap_or(0),
                    to.join(", "),
                    a.created_at
                )?;
            }
            writeln!(out, "{} alerts", alerts.len())?;
        }
        AlertsCommand::Remove { name } => {
            let mut store = Store::connect(db)
                .with_context(|| format!("opening store {}", tamga_store::display_target(db)))?;
            if !store.remove_alert(name)? {
                anyhow::bail!("no alert named {name:?}");
            }
            writeln!(out, "alert {name} removed")?;
        }
        AlertsCommand::Test { name } => {
            let store = super::show::open_existing(db)?;
            let alert = find(&store, name)?;
            let clusters = matching_clusters(&store, &alert)?;
            let ids: Vec<String> = clusters.values().flatten().map(|e| e.id.clone()).collect();
            let known = store.alert_known(name, &ids)?;
            let mut new = 0;
            for (cluster, events) in &clusters {
                let is_new = !events.iter().any(|e| known.contains(&e.id));
                new += usize::from(is_new);
                let head = &events[0];
                writeln!(
                    out,
                    "{}\t{cluster}\t{}\t{}",
                    if is_new { "new" } else { "seen" },
                    head.event_type,
                    super::events::clip(&super::events::one_line(&head.sentence.text), 100)
                )?;
            }
            writeln!(
                out,
                "{} clusters match, {new} not reported yet (they fire in the next watch round)",
                clusters.len()
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn find(store: &Store, name: &str) -> anyhow::Result<Alert> {
    store
        .alerts()?
        .into_iter()
        .find(|a| a.name == name)
        .with_context(|| format!("no alert named {name:?}"))
}

/// The alert's matching mentions grouped by cluster, earliest mention first.
fn matching_clusters(store: &Store, alert: &Alert) -> anyhow::Result<BTreeMap<String, Vec<Event>>> {
    let mut query = parse_query(&alert.query)?;
    query.mentions = true;
    query.limit = None;
    let mut clusters: BTreeMap<String, Vec<Event>> = BTreeMap::new();
    for e in store.events(&query).context("querying events")? {
        clusters.entry(e.cluster.clone()).or_default().push(e);
    }
    Ok(clusters)
}

/// Checks every saved alert against the store, records one hit per new matching cluster
/// (a cluster none of whose matching mentions the alert has seen), then delivers every
/// pending hit. Returns how many fired now.
pub(crate) fn fire(store: &mut Store, fetcher: &mut tamga_watch::Fetcher) -> anyhow::Result<u64> {
    let mut fired = 0u64;
    for alert in store.alerts()? {
        let clusters = match matching_clusters(store, &alert) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("alert {}: {e:#}", alert.name);
                continue;
            }
        };
        let ids: Vec<String> = clusters.values().flatten().map(|e| e.id.clone()).collect();
        let known: HashSet<String> = store.alert_known(&alert.name, &ids)?;
        let mut hits = Vec::new();
        for (cluster, events) in &clusters {
            if events.iter().any(|e| known.contains(&e.id)) {
                continue;
            }
            let info = store.cluster(cluster)?;
            hits.push((
                cluster.clone(),
                payload(&alert, cluster, events, info.as_ref()).to_string(),
            ));
        }
        fired += hits.len() as u64;
        store.record_alert_hits(&alert.name, &hits, &ids)?;
    }
    deliver(store, fetcher)?;
    Ok(fired)
}

fn payload(
    alert: &Alert,
    cluster: &str,
    events: &[Event],
    info: Option<&tamga_store::Cluster>,
) -> serde_json::Value {
    let head = &events[0];
    let actor = |a: &tamga_events::ActorMention| serde_json::json!({"code": a.code, "text": a.text, "name": a.name});
    serde_json::json!({
        "alert": alert.name,
        "query": alert.query,
        "cluster": cluster,
        "type": head.event_type,
        "date": head.date,
        "status": super::events::enum_name(&head.status),
        "source": actor(&head.source),
        "target": head.target.as_ref().map(actor),
        "place": head.location.as_ref().map(|l| l.name.clone()),
        "sentence": head.sentence.text,
        "doc_uri": head.doc_uri,
        "mentions": info.map_or(events.len() as u32, |c| c.mentions),
        "sources": info.map(|c| c.sources.clone()).unwrap_or_default(),
        "event": head,
    })
}

/// Sends every pending hit to its alert's channels; a hit is marked delivered after one
/// attempt at each, with the failures recorded (a webhook that stays down is not retried
/// forever).
fn deliver(store: &mut Store, fetcher: &mut tamga_watch::Fetcher) -> anyhow::Result<()> {
    let pending = store.alert_hits(None, true, None)?;
    if pending.is_empty() {
        return Ok(());
    }
    let alerts: BTreeMap<String, Alert> = store
        .alerts()?
        .into_iter()
        .map(|a| (a.name.clone(), a))
        .collect();
    for hit in pending {
        let Some(alert) = alerts.get(&hit.alert) else {
            continue;
        };
        let p: serde_json::Value = serde_json::from_str(&hit.payload).unwrap_or_default();
        let s = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let who = |k: &str| {
            p.get(k)
                .and_then(|a| {
                    a.get("name")
                        .and_then(|n| n.as_str())
                        .or_else(|| a.get("text")?.as_str())
                })
                .unwrap_or("")
                .to_owned()
        };
        let line = format!(
            "alert {}: new cluster {} {} {} -> {} ({}): {} [{}]",
            hit.alert,
            hit.cluster,
            s("type"),
            who("source"),
            who("target"),
            s("date"),
            super::events::clip(&super::events::one_line(&s("sentence")), 160),
            s("doc_uri")
        );
        println!("{line}");
        tracing::info!(alert = %hit.alert, cluster = %hit.cluster, "alert fired");
        let mut errors = Vec::new();
        if let Some(path) = &alert.jsonl {
            if let Err(e) = append(path, &format!("{}\n", hit.payload)) {
                errors.push(format!("jsonl {path}: {e}"));
            }
        }
        if let Some(path) = &alert.mail {
            let msg = mbox_message(&hit, &line, &p);
            if let Err(e) = append(path, &msg) {
                errors.push(format!("mail {path}: {e}"));
            }
        }
        if let Some(url) = &alert.webhook {
            if let Err(e) = fetcher.post_json(url, &hit.payload) {
                errors.push(format!("webhook: {e}"));
            }
        }
        let error = (!errors.is_empty()).then(|| errors.join("; "));
        if let Some(e) = &error {
            eprintln!("alert {}: delivery failed: {e}", hit.alert);
        }
        store.mark_alert_delivered(hit.seq, error.as_deref())?;
    }
    Ok(())
}

fn append(path: &str, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}

/// One message in mbox format ("From " lines in the body quoted with `>`).
fn mbox_message(hit: &tamga_store::AlertHit, line: &str, p: &serde_json::Value) -> String {
    let date = chrono::Utc::now();
    let subject = format!(
        "[tamga] {}: {} {}",
        hit.alert,
        p.get("type").and_then(|v| v.as_str()).unwrap_or(""),
        p.get("date").and_then(|v| v.as_str()).unwrap_or("")
    );
    let body = serde_json::to_string_pretty(p).unwrap_or_default();
    let mut msg = format!(
        "From tamga@localhost {}\nFrom: tamga <tamga@localhost>\nTo: {}\nDate: {}\n\
         Subject: {}\nContent-Type: text/plain; charset=utf-8\n\n{}\n\n",
        date.format("%a %b %e %H:%M:%S %Y"),
        whoami(),
        date.to_rfc2822(),
        subject.replace(['\n', '\r'], " "),
        line
    );
    for l in body.lines() {
        if l.trim_start_matches('>').starts_with("From ") {
            msg.push('>');
        }
        msg.push_str(l);
        msg.push('\n');
    }
    msg.push('\n');
    msg
}

fn whoami() -> String {
    std::env::var("USER").unwrap_or_else(|_| "analyst".to_owned()) + "@localhost"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_a_shell() -> anyhow::Result<()> {
        assert_eq!(
            split_words(r#"--actor "Security Council" --text 'arrest*' a\ b"#)?,
            ["--actor", "Security Council", "--text", "arrest*", "a b"]
        );
        assert!(split_words("--actor \"x").is_err());
        assert_eq!(split_words("  ")?, Vec::<String>::new());
        Ok(())
    }

    #[test]
    fn queries_parse_as_events_arguments() -> anyhow::Result<()> {
        let q = parse_query("--type mobilize --country KAZ --since 2022-01")?;
        assert_eq!(q.event_type.as_deref(), Some("mobilize"));
        assert_eq!(q.country.as_deref(), Some("KAZ"));
        assert_eq!(q.since.as_deref(), Some("2022-01"));
        assert!(parse_query("--no-such-flag").is_err());
        assert!(parse_query("--quad 9").is_err());
        Ok(())
    }
}
