//! `tamga explain EVENT_ID`: why the coder produced one stored event — its sentence with the
//! actors and the trigger marked, the pattern, the status cue, the date and where it came
//! from, place, quantities, quote, and the cluster of mentions it belongs to.

use super::events::{enum_name, one_line};
use crate::cli::ExplainArgs;
use anyhow::Context;
use std::io::Write;
use std::process::ExitCode;
use tamga_events::{ActorMention, DateBasis, Event, Evidence};

pub fn run(db: &str, args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let store = super::show::open_existing(db)?;
    let Some(e) = store.event(&args.id).context("looking up the event")? else {
        eprintln!(
            "error: no event {:?} in {}",
            args.id,
            tamga_store::display_target(db)
        );
        return Ok(ExitCode::from(1));
    };
    let cluster = store
        .cluster(&e.cluster)
        .context("looking up the cluster")?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let x = &e.explanation;
    writeln!(
        out,
        "event {}: {}{} (CAMEO {}, root {}, quad class {}, Goldstein {})",
        e.id,
        e.event_type,
        e.mode
            .as_deref()
            .map_or(String::new(), |m| format!(", mode {m}")),
        e.cameo,
        e.cameo_root,
        e.quad_class,
        e.goldstein
    )?;
    writeln!(
        out,
        "document {} ({}), sentence {} at bytes {}..{}",
        e.doc_uri, e.doc_id, e.sentence.index, e.sentence.start, e.sentence.end
    )?;
    writeln!(out, "\n    {}\n", one_line(&marked(&e)))?;
    writeln!(
        out,
        "source:     {}",
        actor(&e.source, x.source.as_ref(), &e)
    )?;
    match &e.target {
        Some(t) => writeln!(out, "target:     {}", actor(t, x.target.as_ref(), &e))?,
        None => writeln!(out, "target:     -")?,
    }
    writeln!(
        out,
        "trigger:    {:?} at bytes {}..{}{}",
        x.trigger.text,
        x.trigger.start,
        x.trigger.end,
        if x.passive { ", passive voice" } else { "" }
    )?;
    writeln!(out, "pattern:    {}", x.pattern)?;
    writeln!(out, "rule:       {}", x.rule)?;
    let status = enum_name(&e.status);
    match &x.cue {
        Some(cue) => writeln!(out, "status:     {status}, cue {}", evidence(cue))?,
        None => writeln!(out, "status:     {status} (no modality cue)")?,
    }
    let date = e.date.as_deref().unwrap_or("none");
    let precision = e
        .date_precision
        .as_deref()
        .map_or(String::new(), |p| format!(" ({p})"));
    let basis = match (e.date_basis, &x.time) {
        (DateBasis::Text, Some(t)) => format!("from the text, {}", evidence(t)),
        (DateBasis::Text, None) => "from the text".to_owned(),
        (DateBasis::Publication, _) => "from the publication date only".to_owned(),
        (DateBasis::None, _) => "nothing dates it".to_owned(),
    };
    writeln!(out, "date:       {date}{precision}, {basis}")?;
    match &e.location {
        Some(l) => {
            let mut s = l.name.clone();
            if let Some(c) = &l.country {
                s.push_str(&format!(", {c}"));
            }
            if let (Some(lat), Some(lon)) = (l.lat, l.lon) {
                s.push_str(&format!(" ({lat:.3}, {lon:.3})"));
            }
            writeln!(out, "location:   {s}")?;
        }
        None => writeln!(out, "location:   -")?,
    }
    if e.quantities.is_empty() {
        writeln!(out, "quantities: -")?;
    }
    for q in &e.quantities {
        writeln!(
            out,
            "quantity:   {}{} ({:?})",
            q.value,
            q.unit.as_deref().map_or(String::new(), |u| format!(" {u}")),
            q.text
        )?;
    }
    match &e.quote {
        Some(q) => writeln!(
            out,
            "quote:      {} by {:?}{} at bytes {}..{}",
            if q.indirect {
                "reported speech"
            } else {
                "quotation"
            },
            q.speaker,
            q.code
                .as_deref()
                .map_or(String::new(), |c| format!(" ({c})")),
            q.start,
            q.end
        )?,
        None => writeln!(out, "quote:      -")?,
    }
    if !e.context.is_empty() {
        writeln!(out, "context:    {}", e.context.join(", "))?;
    }
    let others = store
        .events(&tamga_store::EventQuery {
            cluster: Some(e.cluster.clone()),
            mentions: true,
            limit: Some(MENTIONS_LISTED + 1),
            ..tamga_store::EventQuery::default()
        })
        .context("listing the cluster's mentions")?;
    match cluster {
        Some(c) => writeln!(
            out,
            "cluster:    {}, {} mention{} from {}; dates {}..{}",
            c.id,
            c.mentions,
            if c.mentions == 1 { "" } else { "s" },
            if c.sources.is_empty() {
                "-".to_owned()
            } else {
                c.sources.join(", ")
            },
            c.first_date.as_deref().unwrap_or("?"),
            c.last_date.as_deref().unwrap_or("?"),
        )?,
        None => writeln!(
            out,
            "cluster:    {}, {} mention(s) (not clustered yet: run `tamga code`)",
            e.cluster, e.mentions
        )?,
    }
    if others.len() > 1 {
        for m in others.iter().take(MENTIONS_LISTED) {
            writeln!(
                out,
                "  {} {:<10}  {} {}{}",
                if m.id == e.id { "*" } else { " " },
                m.date.as_deref().unwrap_or("-"),
                m.id,
                m.doc_uri,
                if m.id == m.cluster { " (head)" } else { "" },
            )?;
        }
        if others.len() > MENTIONS_LISTED {
            writeln!(out, "  … (`tamga events --mentions` lists them all)")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How many of a cluster's mentions `explain` lists.
const MENTIONS_LISTED: usize = 10;

fn evidence(ev: &Evidence) -> String {
    format!("{:?} at bytes {}..{}", ev.text, ev.start, ev.end)
}

/// `CODE "text" (name, role)`, and where the words are when they are outside the sentence
/// (an antecedent of "he" or "the country").
fn actor(a: &ActorMention, ev: Option<&Evidence>, e: &Event) -> String {
    let mut s = format!(
        "{} {:?}",
        if a.code.is_empty() { "-" } else { &a.code },
        a.text
    );
    let about: Vec<&str> = [a.name.as_deref(), a.role.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !about.is_empty() {
        s.push_str(&format!(" ({})", about.join(", ")));
    }
    let (start, end) = ev.map_or((a.start, a.end), |ev| (ev.start, ev.end));
    if start < e.sentence.start || end > e.sentence.end {
        s.push_str(&format!(", outside the sentence at bytes {start}..{end}"));
    }
    s
}

/// The sentence with `[source: …]`, `[target: …]` and `{trigger}` marked. Spans outside the
/// sentence, or not on character boundaries, are left unmarked.
fn marked(e: &Event) -> String {
    let text = &e.sentence.text;
    let base = e.sentence.start;
    let x = &e.explanation;
    let src = x
        .source
        .as_ref()
        .map_or((e.source.start, e.source.end), |v| (v.start, v.end));
    let tgt = x
        .target
        .as_ref()
        .map(|v| (v.start, v.end))
        .or_else(|| e.target.as_ref().map(|t| (t.start, t.end)));
    let mut spans = vec![
        (src, "[source: ", "]"),
        ((x.trigger.start, x.trigger.end), "{", "}"),
    ];
    if let Some(t) = tgt {
        spans.push((t, "[target: ", "]"));
    }
    // (position, closers before openers, outer spans open first and close last, marker)
    let mut marks: Vec<(usize, u8, i64, &str)> = Vec::new();
    for ((start, end), open, close) in spans {
        let (Some(s), Some(t)) = (start.checked_sub(base), end.checked_sub(base)) else {
            continue;
        };
        if s >= t || t > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(t) {
            continue;
        }
        let len = i64::try_from(t - s).unwrap_or(i64::MAX);
        marks.push((s, 1, -len, open));
        marks.push((t, 0, len, close));
    }
    marks.sort();
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for (pos, _, _, mark) in marks {
        out.push_str(&text[at..pos]);
        out.push_str(mark);
        at = pos;
    }
    out.push_str(&text[at..]);
    out
}
