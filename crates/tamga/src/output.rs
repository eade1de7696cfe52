//! How documents and run summaries are printed: one JSON shape shared by `extract` and `docs`,
//! a progress line on terminals, and the one-line summary every run ends with.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::io::IsTerminal;
use std::time::{Duration, Instant};
use tamga_ingest::Document;

/// The JSON object printed for a document: `extract`'s fields, plus `store_id` once stored.
#[derive(Serialize)]
pub struct DocJson<'a> {
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_id: Option<&'a str>,
    pub uri: &'a str,
    pub title: Option<&'a str>,
    pub published: Option<String>,
    pub date_source: Option<&'static str>,
    pub authors: &'a [String],
    pub source: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub format: &'static str,
    pub text: &'a str,
}

impl<'a> DocJson<'a> {
    pub fn new(doc: &'a Document, stored: bool) -> Self {
        Self {
            id: &doc.name,
            store_id: stored.then_some(doc.id.as_str()),
            uri: &doc.uri,
            title: doc.title.as_deref(),
            published: doc.published.map(|d| d.to_string()),
            date_source: doc.date_source.map(|s| s.as_str()),
            authors: &doc.authors,
            source: doc.source.as_deref(),
            lang: doc.lang.as_deref(),
            format: doc.format.as_str(),
            text: &doc.text,
        }
    }
}

/// Counts of one run, printed as its last line.
#[derive(Debug, Default)]
pub struct Summary {
    pub read: u64,
    pub stored: u64,
    pub unchanged: u64,
    pub duplicates: u64,
    pub rejected: u64,
}

/// A spinner on stderr when it is a terminal; silent otherwise so logs stay clean.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    pub fn new() -> Self {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr_with_hz(8)
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(125));
        Self {
            bar,
            started: Instant::now(),
        }
    }

    pub fn update(&self, s: &Summary) {
        self.bar.set_message(format!(
            "read {}, stored {}, duplicates {}, rejected {}",
            s.read, s.stored, s.duplicates, s.rejected
        ));
    }

    /// Prints a warning without tearing the spinner.
    pub fn warn(&self, msg: &str) {
        self.bar.suspend(|| eprintln!("warning: {msg}"));
    }

    pub fn finish(self, s: &Summary, with_store: bool) {
        self.bar.finish_and_clear();
        let elapsed = self.started.elapsed().as_secs_f64();
        if with_store {
            eprintln!(
                "read {}, stored {}, unchanged {}, duplicates {}, rejected {}, elapsed {elapsed:.2}s",
                s.read, s.stored, s.unchanged, s.duplicates, s.rejected
            );
        } else {
            eprintln!(
                "read {}, extracted {}, rejected {}, elapsed {elapsed:.2}s",
                s.read, s.stored, s.rejected
            );
        }
    }
}
