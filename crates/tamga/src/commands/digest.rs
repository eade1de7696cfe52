//! `tamga digest`: a one-page report of a period — counts by type and actor, a timeline
//! chart (hand-made inline SVG), the top clusters with their evidence sentences and sources,
//! and what changed against the previous period of the same length. Self-contained HTML
//! (inline CSS and SVG, every text from articles escaped) or Markdown.

use anyhow::Context;
use chrono::{Datelike, Duration as Days, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use tamga_events::Event;
use tamga_store::{EventQuery, Store};

#[derive(Debug, clap::Args)]
pub struct DigestArgs {
    /// The period's start: a length back from --until (1d = that day alone, 7d, 4w), or a
    /// date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, default_value = "1d")]
    pub since: String,
    /// The period's last day (YYYY-MM-DD, YYYY-MM or YYYY; a month or year ends on its last
    /// day); today (UTC) by default.
    #[arg(long)]
    pub until: Option<String>,
    /// The filters of `tamga events`, as its arguments ("--country KAZ --type REJECT").
    #[arg(long, allow_hyphen_values = true)]
    pub query: Option<String>,
    /// `html` (self-contained page) or `md` (Markdown).
    #[arg(long, default_value = "html", value_parser = ["html", "md"])]
    pub format: String,
    /// How many top clusters to show.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// The file to write; `-` for stdout.
    #[arg(long)]
    pub out: PathBuf,
}

/// A period of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    first: NaiveDate,
    last: NaiveDate,
}

impl Period {
    fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    fn previous(&self) -> Self {
        let last = self.first - Days::days(1);
        Self {
            first: last - Days::days(self.days() - 1),
            last,
        }
    }
}

/// First and last day of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn date_bounds(s: &str) -> Option<(NaiveDate, NaiveDate)> {
    let p = tamga_ingest::PartialDate::parse_iso(s.trim())?;
    let y = p.year;
    match (p.month, p.day) {
        (Some(m), Some(d)) => {
            let d = NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(d))?;
            Some((d, d))
        }
        (Some(m), None) => {
            let first = NaiveDate::from_ymd_opt(y, u32::from(m), 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, u32::from(m) + 1, 1)?
            };
            Some((first, next - Days::days(1)))
        }
        _ => Some((
            NaiveDate::from_ymd_opt(y, 1, 1)?,
            NaiveDate::from_ymd_opt(y, 12, 31)?,
        )),
    }
}

fn period(since: &str, until: Option<&str>) -> anyhow::Result<Period> {
    let last = match until {
        Some(u) => {
            date_bounds(u)
                .with_context(|| {
                    format!("--until {u:?} is not a date (YYYY-MM-DD, YYYY-MM, YYYY)")
                })?
                .1
        }
        None => chrono::Utc::now().date_naive(),
    };
    let first = if let Some((first, _)) = date_bounds(since) {
        first
    } else {
        let d = super::watch::parse_duration(since).map_err(|e| {
            anyhow::anyhow!("--since {since:?}: neither a date nor a length of time ({e})")
        })?;
        let days = ((d.as_secs_f64() / 86_400.0).round() as i64).max(1);
        last - Days::days(days - 1)
    };
    anyhow::ensure!(first <= last, "--since is after --until");
    Ok(Period { first, last })
}

/// What the report shows, computed from the period's mentions.
struct Digest {
    period: Period,
    previous: Period,
    query: Option<String>,
    mentions: usize,
    clusters: usize,
    prev_mentions: usize,
    prev_clusters: usize,
    /// type -> (mentions, clusters) now and in the previous period.
    by_type: BTreeMap<String, (usize, usize)>,
    prev_by_type: BTreeMap<String, (usize, usize)>,
    actors: Vec<(String, String, usize)>,
    timeline: Timeline,
    top: Vec<TopCluster>,
    /// Clusters whose first mention falls in the period.
    new_clusters: usize,
}

struct TopCluster {
    id: String,
    event_type: String,
    head: String,
    dates: String,
    status: String,
    mentions: u32,
    sources: Vec<String>,
    evidence: Vec<(String, String)>,
}

/// Mentions per bucket (day, month or year) and type.
struct Timeline {
    unit: &'static str,
    buckets: Vec<String>,
    types: Vec<String>,
    counts: HashMap<(String, String), usize>,
}

pub fn run(db: &str, args: &DigestArgs) -> anyhow::Result<ExitCode> {
    let store = super::show::open_existing(db)?;
    let period = period(&args.since, args.until.as_deref())?;
    let digest = build(&store, period, args.query.as_deref(), args.top)?;
    let text = if args.format == "md" {
        markdown(&digest)
    } else {
        html(&digest)
    };
    if args.out.as_os_str() == "-" {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    } else {
        std::fs::write(&args.out, text)
            .with_context(|| format!("writing {}", args.out.display()))?;
        eprintln!(
            "digest {} to {}: {} mentions in {} clusters",
            label(&period),
            args.out.display(),
            digest.mentions,
            digest.clusters
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn events_in(store: &Store, query: Option<&str>, p: Period) -> anyhow::Result<Vec<Event>> {
    let mut q = match query {
        Some(q) => super::alerts::parse_query(q)?,
        None => EventQuery::default(),
    };
    q.since = Some(p.first.to_string());
    q.until = Some(p.last.to_string());
    q.mentions = true;
    q.limit = None;
    store.events(&q).context("querying events")
}

fn count_types(events: &[Event]) -> BTreeMap<String, (usize, usize)> {
    let mut clusters: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for e in events {
        out.entry(e.event_type.clone()).or_default().0 += 1;
        clusters
            .entry(e.event_type.clone())
            .or_default()
            .insert(&e.cluster);
    }
    for (t, c) in clusters {
        if let Some(v) = out.get_mut(&t) {
            v.1 = c.len();
        }
    }
    out
}

fn build(store: &Store, period: Period, query: Option<&str>, top: usize) -> anyhow::Result<Digest> {
    let events = events_in(store, query, period)?;
    let previous = period.previous();
    let prev = events_in(store, query, previous)?;
    let by_type = count_types(&events);
    let prev_by_type = count_types(&prev);

    let mut actors: HashMap<(String, String), usize> = HashMap::new();
    for e in &events {
        for a in std::iter::once(&e.source).chain(e.target.as_ref()) {
            if a.code.is_empty() {
                continue;
            }
            let name = a.name.clone().unwrap_or_else(|| a.text.clone());
            let entry = actors.entry((a.code.clone(), String::new())).or_default();
            *entry += 1;
            // Keep one readable name per code: the first seen.
            actors.entry((a.code.clone(), name)).or_insert(0);
        }
    }
    let mut names: HashMap<String, String> = HashMap::new();
    for (code, name) in actors.keys() {
        if !name.is_empty() {
            names.entry(code.clone()).or_insert_with(|| name.clone());
        }
    }
    let mut actor_list: Vec<(String, String, usize)> = actors
        .iter()
        .filter(|((_, n), _)| n.is_empty())
        .map(|((code, _), n)| {
            (
                code.clone(),
                names.get(code).cloned().unwrap_or_default(),
                *n,
            )
        })
        .collect();
    actor_list.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    actor_list.truncate(15);

    let mut groups: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in &events {
        groups.entry(&e.cluster).or_default().push(e);
    }
    let mut ranked: Vec<(&str, &Vec<&Event>)> = groups.iter().map(|(k, v)| (*k, v)).collect();
    let docs = |v: &Vec<&Event>| v.iter().map(|e| &e.doc_id).collect::<BTreeSet<_>>().len();
    ranked.sort_by(|a, b| {
        b.1.len()
            .cmp(&a.1.len())
            .then_with(|| docs(b.1).cmp(&docs(a.1)))
            .then_with(|| a.0.cmp(b.0))
    });
    let mut top_clusters = Vec::new();
    let mut new_clusters = 0;
    for (id, mentions) in &ranked {
        let info = store.cluster(id)?;
        if info
            .as_ref()
            .and_then(|c| c.first_date.as_deref())
            .is_some_and(|d| d.get(..10).unwrap_or(d) >= period.first.to_string().as_str())
        {
            new_clusters += 1;
        }
        if top_clusters.len() >= top {
            continue;
        }
        let head = mentions[0];
        let who = |a: &tamga_events::ActorMention| {
            let n = a.name.as_deref().unwrap_or(&a.text);
            if a.code.is_empty() {
                n.to_owned()
            } else {
                format!("{n} ({})", a.code)
            }
        };
        let mut evidence = Vec::new();
        let mut seen = BTreeSet::new();
        for m in mentions.iter() {
            if seen.insert(m.sentence.text.as_str()) && evidence.len() < 3 {
                evidence.push((m.sentence.text.clone(), m.doc_uri.clone()));
            }
        }
        top_clusters.push(TopCluster {
            id: (*id).to_owned(),
            event_type: head.event_type.clone(),
            head: match &head.target {
                Some(t) => format!("{} → {}", who(&head.source), who(t)),
                None => who(&head.source),
            },
            dates: match &info {
                Some(c) => match (&c.first_date, &c.last_date) {
                    (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
                    (Some(a), _) => a.clone(),
                    _ => "undated".to_owned(),
                },
                None => head.date.clone().unwrap_or_else(|| "undated".to_owned()),
            },
            status: super::events::enum_name(&head.status),
            mentions: info.as_ref().map_or(mentions.len() as u32, |c| c.mentions),
            sources: info.map(|c| c.sources).unwrap_or_default(),
            evidence,
        });
    }
    let clusters = groups.len();
    let prev_clusters = prev
        .iter()
        .map(|e| &e.cluster)
        .collect::<BTreeSet<_>>()
        .len();
    Ok(Digest {
        period,
        previous,
        query: query.map(str::to_owned),
        mentions: events.len(),
        clusters,
        prev_mentions: prev.len(),
        prev_clusters,
        timeline: timeline(&events, period, &by_type),
        by_type,
        prev_by_type,
        actors: actor_list,
        top: top_clusters,
        new_clusters,
    })
}

fn timeline(events: &[Event], p: Period, by_type: &BTreeMap<String, (usize, usize)>) -> Timeline {
    let days = p.days();
    let (unit, key): (&'static str, fn(NaiveDate) -> String) = if days <= 92 {
        ("day", |d| d.to_string())
    } else if days <= 366 * 4 {
        ("month", |d| format!("{:04}-{:02}", d.year(), d.month()))
    } else {
        ("year", |d| format!("{:04}", d.year()))
    };
    let mut buckets: Vec<String> = Vec::new();
    let mut d = p.first;
    while d <= p.last {
        let k = key(d);
        if buckets.last() != Some(&k) {
            buckets.push(k);
        }
        d += Days::days(1);
    }
    let mut types: Vec<(&String, usize)> = by_type.iter().map(|(t, (n, _))| (t, *n)).collect();
    types.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut top: Vec<String> = types.iter().take(5).map(|(t, _)| (*t).clone()).collect();
    if types.len() > 5 {
        top.push("other".to_owned());
    }
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for e in events {
        // Month- or year-precision dates fall in the bucket of their first day.
        let Some(date) = e
            .date
            .as_deref()
            .and_then(date_bounds)
            .map(|(f, _)| f.max(p.first))
        else {
            continue;
        };
        let t = if top.contains(&e.event_type) {
            e.event_type.clone()
        } else {
            "other".to_owned()
        };
        *counts.entry((key(date), t)).or_default() += 1;
    }
    Timeline {
        unit,
        buckets,
        types: top,
        counts,
    }
}

fn label(p: &Period) -> String {
    if p.first == p.last {
        p.first.to_string()
    } else {
        format!("{} to {}", p.first, p.last)
    }
}

/// Text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A link only for http(s) URIs; anything else (file paths, `javascript:`) stays text.
fn link(uri: &str) -> String {
    let lower = uri.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        format!("<a href=\"{}\">{}</a>", esc(uri), esc(uri))
    } else {
        esc(uri)
    }
}

const COLORS: [&str; 6] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#9c9c9c",
];

/// Stacked bars of mentions per bucket and type, with axes and a legend.
fn svg_chart(t: &Timeline) -> String {
    let (w, h, left, bottom, top) = (760.0_f64, 260.0_f64, 44.0_f64, 46.0_f64, 12.0_f64);
    let plot_w = w - left - 10.0;
    let plot_h = h - bottom - top;
    let totals: Vec<usize> = t
        .buckets
        .iter()
        .map(|b| {
            t.types
                .iter()
                .map(|ty| t.counts.get(&(b.clone(), ty.clone())).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let n = t.buckets.len().max(1) as f64;
    let bar_w = (plot_w / n).max(1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"Mentions per {} and type\">",
        t.unit
    );
    let _ = write!(s, "<title>Mentions per {} and type</title>", t.unit);
    // Gridlines at quarters of the maximum.
    for i in 0..=4 {
        let v = max as f64 * f64::from(i) / 4.0;
        let y = top + plot_h - plot_h * f64::from(i) / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
            w - 10.0,
            left - 4.0,
            y + 3.0,
            v.round()
        );
    }
    let label_every = ((t.buckets.len() as f64) / 12.0).ceil().max(1.0) as usize;
    for (i, b) in t.buckets.iter().enumerate() {
        let x = left + bar_w * i as f64;
        let mut y = top + plot_h;
        for (ti, ty) in t.types.iter().enumerate() {
            let c = t.counts.get(&(b.clone(), ty.clone())).copied().unwrap_or(0);
            if c == 0 {
                continue;
            }
            let bh = plot_h * c as f64 / max as f64;
            y -= bh;
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{}\">\
                 <title>{} {}: {c}</title></rect>",
                x + bar_w * 0.1,
                (bar_w * 0.8).max(0.5),
                COLORS[ti.min(COLORS.len() - 1)],
                esc(b),
                esc(ty)
            );
        }
        if i % label_every == 0 {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                x + bar_w / 2.0,
                top + plot_h + 14.0,
                esc(b)
            );
        }
    }
    let mut lx = left;
    for (ti, ty) in t.types.iter().enumerate() {
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
            h - 18.0,
            COLORS[ti.min(COLORS.len() - 1)],
            lx + 14.0,
            h - 9.0,
            esc(ty)
        );
        lx += 24.0 + 7.0 * ty.len() as f64;
    }
    s.push_str("</svg>");
    s
}

fn delta(now: usize, before: usize) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("+{}", now - before),
        std::cmp::Ordering::Less => format!("−{}", before - now),
        std::cmp::Ordering::Equal => "±0".to_owned(),
    }
}

fn type_rows(d: &Digest) -> Vec<(String, usize, usize, usize, usize)> {
    let types: BTreeSet<&String> = d.by_type.keys().chain(d.prev_by_type.keys()).collect();
    let mut rows: Vec<_> = types
        .into_iter()
        .map(|t| {
            let (m, c) = d.by_type.get(t).copied().unwrap_or_default();
            let (pm, pc) = d.prev_by_type.get(t).copied().unwrap_or_default();
            (t.clone(), m, c, pm, pc)
        })
        .collect();
    rows.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| b.3.cmp(&a.3))
            .then_with(|| a.0.cmp(&b.0))
    });
    rows
}

const CSS: &str = "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;max-width:860px;\
margin:24px auto;padding:0 16px;color:#222}h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;\
border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}.meta{color:#666}table{border-collapse:\
collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.cluster{margin:14px 0;padding:8px 12px;\
border-left:4px solid #4e79a7;background:#f7f9fb;break-inside:avoid}.cluster h3{font-size:15px;margin:0 0 4px}\
blockquote{margin:4px 0 4px 8px;color:#333}.src{color:#666;font-size:12px}.up{color:#b22}.down{color:#272}\
svg.chart{max-width:100%;height:auto}@media print{body{margin:0;max-width:none}a{color:inherit}}";

fn html(d: &Digest) -> String {
    let mut s = String::new();
    let title = format!("tamga digest: {}", label(&d.period));
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{CSS}</style></head><body>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    let _ = writeln!(
        s,
        "<p class=\"meta\">{} event mentions in {} clusters; previous period ({}): {} mentions in {} \
         clusters. {} clusters first reported in this period.{}</p>",
        d.mentions,
        d.clusters,
        esc(&label(&d.previous)),
        d.prev_mentions,
        d.prev_clusters,
        d.new_clusters,
        d.query
            .as_ref()
            .map(|q| format!(" Query: <code>{}</code>.", esc(q)))
            .unwrap_or_default()
    );
    let _ = write!(
        s,
        "<h2>Timeline (mentions per {})</h2>\n{}\n",
        d.timeline.unit,
        svg_chart(&d.timeline)
    );
    s.push_str("<h2>Top clusters</h2>\n");
    if d.top.is_empty() {
        s.push_str("<p>No events in this period.</p>\n");
    }
    for (i, c) in d.top.iter().enumerate() {
        let _ = writeln!(
            s,
            "<div class=\"cluster\" id=\"c-{}\"><h3>{}. {} — {}</h3><div class=\"src\">{} · {} · {} \
             mentions · cluster {}</div>",
            esc(&c.id),
            i + 1,
            esc(&c.event_type),
            esc(&c.head),
            esc(&c.dates),
            esc(&c.status),
            c.mentions,
            esc(&c.id)
        );
        for (sentence, uri) in &c.evidence {
            let _ = writeln!(
                s,
                "<blockquote>{}</blockquote><div class=\"src\">{}</div>",
                esc(sentence),
                link(uri)
            );
        }
        if !c.sources.is_empty() {
            let _ = write!(
                s,
                "<div class=\"src\">sources: {}</div>",
                esc(&c.sources.join(", "))
            );
        }
        s.push_str("</div>\n");
    }
    s.push_str(
        "<h2>Event types: this period vs the previous</h2>\n<table><tr><th>type</th>\
         <th class=\"n\">mentions</th><th class=\"n\">clusters</th><th class=\"n\">previous</th>\
         <th class=\"n\">change</th></tr>\n",
    );
    for (t, m, c, pm, _) in type_rows(d) {
        let class = if m > pm {
            "up"
        } else if m < pm {
            "down"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "<tr><td>{}{}</td><td class=\"n\">{m}</td><td class=\"n\">{c}</td><td class=\"n\">{pm}</td>\
             <td class=\"n {class}\">{}</td></tr>",
            esc(&t),
            if pm == 0 && m > 0 { " <b>new</b>" } else { "" },
            delta(m, pm)
        );
    }
    s.push_str("</table>\n<h2>Most active actors</h2>\n<table><tr><th>code</th><th>name</th><th class=\"n\">mentions</th></tr>\n");
    for (code, name, n) in &d.actors {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{n}</td></tr>",
            esc(code),
            esc(name)
        );
    }
    let _ = write!(
        s,
        "</table>\n<p class=\"meta\">Generated by tamga {} on {}.</p>\n</body></html>\n",
        env!("CARGO_PKG_VERSION"),
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
    );
    s
}

/// Markdown table cells: no pipes or line breaks from article text.
fn md(s: &str) -> String {
    super::events::one_line(s).replace('|', "\\|")
}

fn markdown(d: &Digest) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# tamga digest: {}\n", label(&d.period));
    let _ = writeln!(
        s,
        "{} event mentions in {} clusters; previous period ({}): {} mentions in {} clusters. {} clusters first reported in this period.{}\n",
        d.mentions,
        d.clusters,
        label(&d.previous),
        d.prev_mentions,
        d.prev_clusters,
        d.new_clusters,
        d.query.as_ref().map(|q| format!(" Query: `{}`.", md(q))).unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "## Timeline (mentions per {})\n\n| {} | mentions |\n|---|---:|",
        d.timeline.unit, d.timeline.unit
    );
    for b in &d.timeline.buckets {
        let n: usize = d
            .timeline
            .types
            .iter()
            .map(|t| {
                d.timeline
                    .counts
                    .get(&(b.clone(), t.clone()))
                    .copied()
                    .unwrap_or(0)
            })
            .sum();
        if n > 0 {
            let _ = writeln!(s, "| {b} | {n} |");
        }
    }
    s.push_str("\n## Top clusters\n\n");
    for (i, c) in d.top.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. **{}** — {} ({}, {}, {} mentions, cluster `{}`)",
            i + 1,
            md(&c.event_type),
            md(&c.head),
            md(&c.dates),
            md(&c.status),
            c.mentions,
            c.id
        );
        for (sentence, uri) in &c.evidence {
            let _ = writeln!(s, "   > {}  \n   > — {}", md(sentence), md(uri));
        }
        if !c.sources.is_empty() {
            let _ = writeln!(s, "   sources: {}", md(&c.sources.join(", ")));
        }
    }
    s.push_str("\n## Event types: this period vs the previous\n\n| type | mentions | clusters | previous | change |\n|---|---:|---:|---:|---:|\n");
    for (t, m, c, pm, _) in type_rows(d) {
        let _ = writeln!(s, "| {} | {m} | {c} | {pm} | {} |", md(&t), delta(m, pm));
    }
    s.push_str("\n## Most active actors\n\n| code | name | mentions |\n|---|---|---:|\n");
    for (code, name, n) in &d.actors {
        let _ = writeln!(s, "| {} | {} | {n} |", md(code), md(name));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_from_lengths_and_dates() -> anyhow::Result<()> {
        let p = period("7d", Some("2026-11-27"))?;
        assert_eq!(p.first.to_string(), "2026-11-21");
        assert_eq!(p.days(), 7);
        assert_eq!(p.previous().last.to_string(), "2026-11-20");
        assert_eq!(p.previous().days(), 7);
        let m = period("2006-11", Some("2006-12"))?;
        assert_eq!(
            (m.first.to_string(), m.last.to_string()),
            ("2006-11-01".into(), "2006-12-31".into())
        );
        assert!(period("2007", Some("2006")).is_err());
        assert!(period("yesterday", None).is_err());
        Ok(())
    }

    #[test]
    fn escaping_and_links() {
        assert_eq!(esc("<b a=\"1\">&'"), "&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert!(link("https://x.example/a?b=1&c=2")
            .contains("href=\"https://x.example/a?b=1&amp;c=2\""));
    }
}
