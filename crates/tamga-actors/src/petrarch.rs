//! Reader for PETRARCH/TABARI dictionaries: actors (date-restricted codes), agents (sector
//! words with plurals and `!MARKER!` substitutions), verbs (synsets, verb blocks, patterns),
//! discards and issues. The syntax is described in `docs/petrarch-format.md`.
//!
//! Errors name file and line; lines that the upstream files really contain and that PETRARCH
//! tolerates (a stray `]`, a ten-digit date) are repaired or skipped and counted as warnings.

mod actors;
mod agents;
mod lines;
mod lists;
mod verbs;

pub use lists::{Discard, DiscardList, Issue, IssueExclusion, IssueList};
pub use verbs::{
    CodePair, PatternElement, PatternItem, Synset, Transformation, VerbBlock, VerbDictionary,
    VerbEntry, VerbPattern,
};

use crate::dict::Dictionary;
use crate::error::{Error, Result};
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Which of the five PETRARCH dictionary kinds a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Actors,
    Agents,
    Verbs,
    Discards,
    Issues,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Actors => "actors",
            Kind::Agents => "agents",
            Kind::Verbs => "verbs",
            Kind::Discards => "discards",
            Kind::Issues => "issues",
        })
    }
}

/// An odd-but-tolerated line: what was done with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub line: usize,
    pub detail: String,
}

/// One parsed file: its content plus the warnings met on the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parsed<T> {
    pub file: PathBuf,
    pub value: T,
    pub warnings: Vec<Warning>,
}

/// A file of any of the five kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Loaded {
    Actors(Parsed<Dictionary>),
    Agents(Parsed<Dictionary>),
    Verbs(Parsed<VerbDictionary>),
    Discards(Parsed<DiscardList>),
    Issues(Parsed<IssueList>),
}

impl Loaded {
    pub fn kind(&self) -> Kind {
        match self {
            Loaded::Actors(_) => Kind::Actors,
            Loaded::Agents(_) => Kind::Agents,
            Loaded::Verbs(_) => Kind::Verbs,
            Loaded::Discards(_) => Kind::Discards,
            Loaded::Issues(_) => Kind::Issues,
        }
    }

    pub fn file(&self) -> &Path {
        match self {
            Loaded::Actors(p) | Loaded::Agents(p) => &p.file,
            Loaded::Verbs(p) => &p.file,
            Loaded::Discards(p) => &p.file,
            Loaded::Issues(p) => &p.file,
        }
    }

    pub fn warnings(&self) -> &[Warning] {
        match self {
            Loaded::Actors(p) | Loaded::Agents(p) => &p.warnings,
            Loaded::Verbs(p) => &p.warnings,
            Loaded::Discards(p) => &p.warnings,
            Loaded::Issues(p) => &p.warnings,
        }
    }

    /// The actors or agents, for layering into the resolver's dictionary.
    pub fn into_dictionary(self) -> Option<Dictionary> {
        match self {
            Loaded::Actors(p) | Loaded::Agents(p) => Some(p.value),
            _ => None,
        }
    }
}

/// Entry counts of one loaded file, as `tamga dict stats` prints them. Counts that do not apply
/// to the file's kind are zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub file: String,
    pub kind: Option<Kind>,
    /// Actors: entries (a primary phrase with its synonyms).
    pub actors: usize,
    /// Actors and agents: surface phrases, synonyms and generated plurals included.
    pub phrases: usize,
    /// Actors: codes held, and how many of them are bounded by dates.
    pub role_spans: usize,
    pub dated_role_spans: usize,
    /// Actors: people (entries with at least one dated role).
    pub actors_with_dates: usize,
    /// Agents: entries (one dictionary line, or one per `!MARKER!` substitution).
    pub agents: usize,
    pub verb_synsets: usize,
    pub synset_members: usize,
    pub verb_blocks: usize,
    /// Verbs listed in blocks (primary forms) and all inflected forms.
    pub verbs: usize,
    pub verb_forms: usize,
    pub verb_patterns: usize,
    pub transformations: usize,
    pub discards: usize,
    pub story_discards: usize,
    pub issues: usize,
    pub issue_codes: usize,
    pub issue_exclusions: usize,
    /// Tolerated odd lines (see `Loaded::warnings`).
    pub warnings: usize,
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind.map(|k| k.to_string()).unwrap_or_default();
        write!(f, "{} ({kind}):", self.file)?;
        let fields: [(&str, usize); 19] = [
            ("actors", self.actors),
            ("actors with dates", self.actors_with_dates),
            ("agents", self.agents),
            ("phrases", self.phrases),
            ("role spans", self.role_spans),
            ("dated role spans", self.dated_role_spans),
            ("verb synsets", self.verb_synsets),
            ("synset members", self.synset_members),
            ("verb blocks", self.verb_blocks),
            ("verbs", self.verbs),
            ("verb forms", self.verb_forms),
            ("verb patterns", self.verb_patterns),
            ("transformations", self.transformations),
            ("discards", self.discards),
            ("story discards", self.story_discards),
            ("issues", self.issues),
            ("issue codes", self.issue_codes),
            ("issue exclusions", self.issue_exclusions),
            ("warnings", self.warnings),
        ];
        let mut first = true;
        for (name, n) in fields {
            // Always show warnings, so a clean file says "0 warnings".
            if n == 0 && name != "warnings" {
                continue;
            }
            write!(f, "{} {n} {name}", if first { "" } else { "," })?;
            first = false;
        }
        Ok(())
    }
}

/// Counts the entries of a loaded file.
pub fn stats(loaded: &Loaded) -> Stats {
    let mut s = Stats {
        file: loaded.file().display().to_string(),
        kind: Some(loaded.kind()),
        warnings: loaded.warnings().len(),
        ..Stats::default()
    };
    match loaded {
        Loaded::Actors(p) => {
            let d = &p.value;
            s.actors = d.actors.len();
            s.phrases = d.actors.iter().map(|a| a.phrases.len()).sum();
            s.role_spans = d.actors.iter().map(|a| a.roles.len()).sum();
            s.dated_role_spans = d
                .actors
                .iter()
                .flat_map(|a| &a.roles)
                .filter(|r| r.from.is_some() || r.to.is_some())
                .count();
            s.actors_with_dates = d
                .actors
                .iter()
                .filter(|a| a.roles.iter().any(|r| r.from.is_some() || r.to.is_some()))
                .count();
        }
        Loaded::Agents(p) => {
            s.agents = p.value.agents.len();
            s.phrases = p.value.agents.iter().map(|a| a.phrases.len()).sum();
        }
        Loaded::Verbs(p) => {
            let v = &p.value;
            s.verb_synsets = v.synsets.len();
            s.synset_members = v.synsets.iter().map(|x| x.members.len()).sum();
            s.verb_blocks = v.blocks.len();
            s.verbs = v.blocks.iter().map(|b| b.verbs.len()).sum();
            s.verb_forms = v
                .blocks
                .iter()
                .flat_map(|b| &b.verbs)
                .map(|e| e.forms.len())
                .sum();
            s.verb_patterns = v.blocks.iter().map(|b| b.patterns.len()).sum();
            s.transformations = v.transformations.len();
        }
        Loaded::Discards(p) => {
            s.discards = p.value.discards.len();
            s.story_discards = p.value.discards.iter().filter(|d| d.story).count();
        }
        Loaded::Issues(p) => {
            let l = &p.value;
            s.issues = l.issues.len();
            let mut codes: Vec<&str> = l.issues.iter().map(|i| i.code.as_str()).collect();
            codes.sort_unstable();
            codes.dedup();
            s.issue_codes = codes.len();
            s.issue_exclusions = l.exclusions.len();
        }
    }
    s
}

/// The PETRARCH2 dictionaries shipped in `data/petrarch/` (gzipped, compiled in), by upstream
/// file name: the default real-news set of `PETR_config.ini`.
pub const BUNDLED: &[(&str, &[u8])] = &[
    (
        "Phoenix.Countries.actors.txt",
        include_bytes!("../../../data/petrarch/Phoenix.Countries.actors.txt.gz"),
    ),
    (
        "Phoenix.International.actors.txt",
        include_bytes!("../../../data/petrarch/Phoenix.International.actors.txt.gz"),
    ),
    (
        "Phoenix.MilNonState.actors.txt",
        include_bytes!("../../../data/petrarch/Phoenix.MilNonState.actors.txt.gz"),
    ),
    (
        "Phoenix.agents.txt",
        include_bytes!("../../../data/petrarch/Phoenix.agents.txt.gz"),
    ),
    (
        "CAMEO.2.0.txt",
        include_bytes!("../../../data/petrarch/CAMEO.2.0.txt.gz"),
    ),
    (
        "Phoenix.discards.txt",
        include_bytes!("../../../data/petrarch/Phoenix.discards.txt.gz"),
    ),
    (
        "Phoenix.IssueCoding.txt",
        include_bytes!("../../../data/petrarch/Phoenix.IssueCoding.txt.gz"),
    ),
];

/// Parses one bundled file by its upstream name (see `BUNDLED`); origins name it
/// `data/petrarch/NAME`.
pub fn load_bundled(name: &str) -> Result<Loaded> {
    use std::io::Read;
    let file = PathBuf::from("data/petrarch").join(name);
    let Some((_, gz)) = BUNDLED.iter().find(|(n, _)| *n == name) else {
        return Err(Error::Io {
            file,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a bundled dictionary"),
        });
    };
    // The gzip trailer's last four bytes give the text's size: one allocation, not a string
    // doubled (and copied to freshly zeroed pages) a dozen times. Only a hint: capped.
    let size = gz
        .len()
        .checked_sub(4)
        .and_then(|i| gz.get(i..))
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map_or(0, |b| u32::from_le_bytes(b) as usize);
    let mut text = String::with_capacity(size.min(64 << 20));
    flate2::read::GzDecoder::new(*gz)
        .read_to_string(&mut text)
        .map_err(|source| Error::Io {
            file: file.clone(),
            source,
        })?;
    parse_any(&text, &file, Vec::new())
}

/// The bundled actors (Countries, International, MilNonState) and agents in one dictionary.
pub fn bundled_dictionary() -> Result<Dictionary> {
    let mut dict = Dictionary::default();
    // Only the actors and agents files: the verbs, discards and issues are not parsed here.
    let wanted = BUNDLED
        .iter()
        .filter(|(n, _)| matches!(detect(Path::new(n), ""), Kind::Actors | Kind::Agents));
    for (name, _) in wanted {
        let loaded = load_bundled(name)?;
        if let Some(d) = loaded.into_dictionary() {
            dict.extend(d);
        }
    }
    Ok(dict)
}

/// Loads one PETRARCH actors or agents file (the kind is detected from name and content).
pub fn load(path: &Path) -> Result<Dictionary> {
    match load_any(path)? {
        Loaded::Actors(p) | Loaded::Agents(p) => Ok(p.value),
        other => Err(Error::Syntax {
            file: path.to_path_buf(),
            line: 1,
            detail: format!(
                "this is a PETRARCH {} file, not an actors or agents dictionary",
                other.kind()
            ),
        }),
    }
}

/// Loads an actors file, whatever its name.
pub fn load_actors(path: &Path) -> Result<Parsed<Dictionary>> {
    let text = read_text(path)?;
    actors::parse(&text.0, path, text.1)
}

/// Loads an agents file, whatever its name.
pub fn load_agents(path: &Path) -> Result<Parsed<Dictionary>> {
    let text = read_text(path)?;
    agents::parse(&text.0, path, text.1)
}

/// Loads a file of any of the five kinds, detected from its name and content.
pub fn load_any(path: &Path) -> Result<Loaded> {
    let (text, warnings) = read_text(path)?;
    parse_any(&text, path, warnings)
}

/// Parses text of a known kind; `file` names it in errors and origins.
pub fn parse(kind: Kind, text: &str, file: &Path) -> Result<Loaded> {
    parse_kind(kind, text, file, Vec::new())
}

/// Parses text whose kind is detected from `file`'s name and the text itself.
pub fn parse_any(text: &str, file: &Path, warnings: Vec<Warning>) -> Result<Loaded> {
    let kind = detect(file, text);
    parse_kind(kind, text, file, warnings)
}

fn parse_kind(kind: Kind, text: &str, file: &Path, warnings: Vec<Warning>) -> Result<Loaded> {
    // A byte-order mark would otherwise become part of the first phrase.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(match kind {
        Kind::Actors => Loaded::Actors(actors::parse(text, file, warnings)?),
        Kind::Agents => Loaded::Agents(agents::parse(text, file, warnings)?),
        Kind::Verbs => Loaded::Verbs(verbs::parse(text, file, warnings)?),
        Kind::Discards => Loaded::Discards(lists::parse_discards(text, file, warnings)?),
        Kind::Issues => Loaded::Issues(lists::parse_issues(text, file, warnings)?),
    })
}

/// Reads a file as UTF-8; other encodings are decoded lossily with a warning, since old
/// TABARI files are often Latin-1.
fn read_text(path: &Path) -> Result<(String, Vec<Warning>)> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        file: path.to_path_buf(),
        source,
    })?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, Vec::new())),
        Err(e) => {
            let bytes = e.into_bytes();
            let valid = std::str::from_utf8(&bytes).map_err(|u| u.valid_up_to());
            let at = valid.err().unwrap_or(0);
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Ok((
                String::from_utf8_lossy(&bytes).into_owned(),
                vec![Warning {
                    line,
                    detail: "not UTF-8; invalid bytes replaced".into(),
                }],
            ))
        }
    }
}

/// Guesses the kind: the file name first (upstream names say `.actors`, `.agents`,
/// `verbs`, `discards`, `Issue`), then tell-tale content.
pub fn detect(file: &Path, text: &str) -> Kind {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.contains("actor") {
        return Kind::Actors;
    }
    if name.contains("agent") {
        return Kind::Agents;
    }
    if name.contains("verb") || name.starts_with("cameo") {
        return Kind::Verbs;
    }
    if name.contains("discard") {
        return Kind::Discards;
    }
    if name.contains("issue") {
        return Kind::Issues;
    }
    detect_content(text)
}

fn detect_content(text: &str) -> Kind {
    let (mut verbs, mut agents, mut actors, mut issues) = (0usize, 0usize, 0usize, 0usize);
    for raw in text.lines().take(5000) {
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("<!") {
            continue;
        }
        if t.starts_with("<ISSUE") || t.starts_with("n:") || t.starts_with("v:") {
            issues += 1;
        } else if t.starts_with("---") || (t.starts_with("- ") && t.ends_with(']')) {
            verbs += 1;
        } else if t.contains("[~") || t.contains("~]") || (t.starts_with('!') && t.contains('=')) {
            agents += 1;
        } else if t.contains('[') || t.starts_with('+') {
            actors += 1;
        }
    }
    let best = [
        (issues, Kind::Issues),
        (verbs, Kind::Verbs),
        (agents, Kind::Agents),
        (actors, Kind::Actors),
    ]
    .into_iter()
    .max_by_key(|(n, _)| *n);
    match best {
        Some((n, kind)) if n > 0 => kind,
        // Bare phrases with no codes at all: a discard list.
        _ => Kind::Discards,
    }
}

/// Words of a dictionary phrase: `_` and blanks both separate words (PETRARCH2 ignores the
/// TABARI distinction between them), and a trailing `_` (TABARI's "whole word" mark) goes.
pub(crate) fn phrase_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c == '_' || c.is_whitespace()) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

pub(crate) fn syntax(file: &Path, line: usize, detail: impl Into<String>) -> Error {
    Error::Syntax {
        file: file.to_path_buf(),
        line,
        detail: detail.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_words_joins_on_single_spaces() {
        assert_eq!(phrase_words("AFGHANISTAN_"), "AFGHANISTAN");
        assert_eq!(phrase_words("MAZAR-I-SHARIF_ "), "MAZAR-I-SHARIF");
        assert_eq!(phrase_words("HAMAS  WING"), "HAMAS WING");
        assert_eq!(phrase_words("__"), "");
    }

    #[test]
    fn byte_order_mark_is_not_part_of_the_first_phrase() {
        let l = parse(
            Kind::Actors,
            "\u{feff}KAZAKHSTAN_ [KAZ]\n",
            Path::new("a.txt"),
        )
        .expect("parses");
        let d = l.into_dictionary().expect("actors");
        assert_eq!(d.actors[0].phrases, vec!["KAZAKHSTAN"]);
    }

    #[test]
    fn loaded_and_stats_serialize_to_json() {
        let l = parse(Kind::Agents, "MINISTER [~GOV]\n", Path::new("a.txt")).expect("parses");
        let json = serde_json::to_value(&l).expect("serializes");
        assert_eq!(json["kind"], "agents");
        assert_eq!(json["value"]["agents"][0]["code"], "GOV");
        let s = serde_json::to_value(stats(&l)).expect("serializes");
        assert_eq!(s["agents"], 1);
        assert_eq!(s["phrases"], 2);
        assert_eq!(
            stats(&l).to_string(),
            "a.txt (agents): 1 agents, 2 phrases, 0 warnings"
        );
    }

    #[test]
    fn detects_kind_from_content_when_the_name_says_nothing() {
        let p = Path::new("x.txt");
        assert_eq!(detect(p, "FOO_BAR [USAGOV]\n+BAZ\n"), Kind::Actors);
        assert_eq!(detect(p, "MINISTER [~GOV]\n"), Kind::Agents);
        assert_eq!(
            detect(p, "--- ADD [---] ---\nADD\n- * X [163]\n"),
            Kind::Verbs
        );
        assert_eq!(
            detect(p, "<ISSUE CATEGORY=\"X\">\nn:thing [X]\n"),
            Kind::Issues
        );
        assert_eq!(detect(p, "WORLD CUP\nBASEBALL\n"), Kind::Discards);
        assert_eq!(detect(Path::new("my.agents.txt"), ""), Kind::Agents);
    }
}
