//! tamga's own dictionary format: TOML files of countries, seats of power, organizations,
//! agents and people with dated roles (documented in docs/actors.md), loaded into the shared
//! [`Dictionary`] model. The files under `data/actors/` ship in the binary ([`shipped`]).

use crate::dict::{ActorEntry, AgentEntry, Dictionary, Origin, RoleSpan};
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The dictionaries tamga ships, as (file name, text); loaded together by [`shipped`] so that
/// the hand additions merge into the generated country list.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "data/actors/countries.toml",
        include_str!("../../../data/actors/countries.toml"),
    ),
    (
        "data/actors/countries-extra.toml",
        include_str!("../../../data/actors/countries-extra.toml"),
    ),
    (
        "data/actors/organizations.toml",
        include_str!("../../../data/actors/organizations.toml"),
    ),
    (
        "data/actors/agents.toml",
        include_str!("../../../data/actors/agents.toml"),
    ),
    (
        "data/actors/people.toml",
        include_str!("../../../data/actors/people.toml"),
    ),
];

/// What an actor entry of tamga's format is; resolution treats them differently (an
/// adjective combines with an agent, a seat of power already carries a sector).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A country's names ("Kazakhstan"): code is the bare ISO alpha-3.
    Country,
    /// Demonyms and adjectives ("Kazakh", "Kazakhstani"): code is the bare ISO alpha-3.
    Adjective,
    /// Capitals and seats of power as government metonyms ("Astana", "the Kremlin").
    Seat,
    /// Organizations ("CSTO", "KNB").
    Organization,
    /// People with dated roles.
    Person,
}

/// A loaded set of tamga-format files: the shared model plus, for each actor, its kind
/// (`kinds[i]` describes `dictionary.actors[i]`).
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub dictionary: Dictionary,
    pub kinds: Vec<EntryKind>,
}

/// Loads the dictionaries shipped under `data/actors/`.
pub fn shipped() -> Result<Loaded> {
    load_sources(SHIPPED)
}

/// Loads one tamga-format file (a user's `--dict` addition).
pub fn load(path: &Path) -> Result<Loaded> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        file: path.to_path_buf(),
        source,
    })?;
    load_sources(&[(path.to_string_lossy().as_ref(), text.as_str())])
}

/// The organization id a code of tamga's conventions carries: the part after `IGO`/`NGO`/`IMG`,
/// or after a country and sector (`KAZSPYKNB` → `KNB`). `None` for plain codes (`KAZGOV`).
pub fn org_of_code(code: &str) -> Option<&str> {
    let rest = ["IGO", "NGO", "IMG"]
        .iter()
        .find_map(|p| code.strip_prefix(p))
        .or_else(|| code.get(6..))?;
    (!rest.is_empty()).then_some(rest)
}

/// Loads several files as one set: `[[country]]` tables with the same code merge across files,
/// and a `[[seat]]` naming a phrase that a country lists as its capital replaces that capital.
pub fn load_sources(sources: &[(&str, &str)]) -> Result<Loaded> {
    let mut parsed = Vec::with_capacity(sources.len());
    for (file, text) in sources {
        // Editors on Windows may save a byte-order mark, which TOML does not allow.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let doc: File = toml::from_str(text).map_err(|e| Error::Syntax {
            file: PathBuf::from(file),
            line: e.span().map_or(1, |s| line_of(text, s.start)),
            detail: e.message().trim().to_string(),
        })?;
        parsed.push((*file, Newlines::of(text), doc));
    }

    let mut out = Loaded::default();
    let seat_phrases: HashSet<String> = parsed
        .iter()
        .flat_map(|(_, _, d)| d.seat.iter())
        .flat_map(|s| s.get_ref().phrases.iter().map(|p| fold(p)))
        .collect();

    // Countries first, merged by code in code order so the output is deterministic.
    let mut countries: BTreeMap<String, CountryAcc> = BTreeMap::new();
    for (file, lines, doc) in &parsed {
        for c in &doc.country {
            let at = Where::new(file, lines, c.span());
            let c = c.get_ref();
            let code = c.code.get_ref();
            if !is_country_code(code) {
                return Err(at.at(c.code.span()).err(format!(
                    "country code {code:?} is not three capital letters (ISO 3166 alpha-3)"
                )));
            }
            let acc = countries.entry(code.clone()).or_insert_with(|| CountryAcc {
                origin: at.origin(),
                names: Vec::new(),
                adjectives: Vec::new(),
                capitals: Vec::new(),
            });
            acc.names.extend(c.names.iter().cloned());
            acc.adjectives.extend(c.adjectives.iter().cloned());
            acc.capitals.extend(
                c.capitals
                    .iter()
                    .filter(|p| !seat_phrases.contains(&fold(p)))
                    .cloned(),
            );
        }
    }
    for (code, acc) in countries {
        let name = acc.names.first().cloned();
        let groups = [
            (EntryKind::Country, acc.names, code.clone()),
            (EntryKind::Adjective, acc.adjectives, code.clone()),
            (EntryKind::Seat, acc.capitals, format!("{code}GOV")),
        ];
        for (kind, phrases, code) in groups {
            let phrases = dedup(phrases);
            if phrases.is_empty() {
                continue;
            }
            out.push(
                kind,
                ActorEntry {
                    phrases,
                    name: name.clone(),
                    roles: vec![open_span(code, None)],
                    origin: acc.origin.clone(),
                },
            );
        }
    }

    for (file, lines, doc) in &parsed {
        for s in &doc.seat {
            let at = Where::new(file, lines, s.span());
            let s = s.get_ref();
            let phrases = phrases(&at, &s.phrases)?;
            let roles = roles(&at, &s.roles)?;
            if roles.is_empty() {
                return Err(at.err("a seat needs at least one role".into()));
            }
            let entry = ActorEntry {
                phrases,
                name: s.name.clone(),
                roles,
                origin: at.origin(),
            };
            out.push(EntryKind::Seat, entry);
        }
        for o in &doc.org {
            let at = Where::new(file, lines, o.span());
            let o = o.get_ref();
            let mut phrases = phrases(&at, &o.phrases)?;
            if !phrases.iter().any(|p| fold(p) == fold(&o.name)) {
                phrases.insert(0, o.name.clone());
            }
            let roles = match (&o.code, o.roles.is_empty()) {
                (Some(code), true) => {
                    vec![span_of(&at, code, o.from.as_ref(), o.to.as_ref(), None)?]
                }
                (None, false) if o.from.is_none() && o.to.is_none() => roles(&at, &o.roles)?,
                _ => {
                    return Err(at.err(
                        "an org needs either `code` (with optional `from`/`to`) or `roles`".into(),
                    ))
                }
            };
            let entry = ActorEntry {
                phrases,
                name: Some(o.name.clone()),
                roles,
                origin: at.origin(),
            };
            out.push(EntryKind::Organization, entry);
        }
        for p in &doc.person {
            let at = Where::new(file, lines, p.span());
            let p = p.get_ref();
            let country = p.country.get_ref();
            if !is_country_code(country) {
                return Err(at.at(p.country.span()).err(format!(
                    "country {country:?} is not three capital letters (ISO 3166 alpha-3)"
                )));
            }
            let mut phrases = phrases(&at, &p.phrases)?;
            if !phrases.iter().any(|x| fold(x) == fold(&p.name)) {
                phrases.insert(0, p.name.clone());
            }
            let mut roles = roles(&at, &p.roles)?;
            // Outside every dated role a known political person still counts as an elite of
            // their country (CAMEO's ELI), unless the file says otherwise.
            let default = match &p.default {
                Some(d) => {
                    check_code(&at.at(d.span()), d.get_ref())?;
                    d.get_ref().clone()
                }
                None => format!("{country}ELI"),
            };
            roles.push(open_span(default, None));
            let entry = ActorEntry {
                phrases,
                name: Some(p.name.clone()),
                roles,
                origin: at.origin(),
            };
            out.push(EntryKind::Person, entry);
        }
        for a in &doc.agent {
            let at = Where::new(file, lines, a.span());
            let a = a.get_ref();
            let code = a.code.get_ref();
            if code.is_empty()
                || code.len() % 3 != 0
                || !code.bytes().all(|b| b.is_ascii_uppercase())
            {
                return Err(at.at(a.code.span()).err(format!(
                    "agent code {code:?} is not one or more three-letter sector codes (GOV, MIL...)"
                )));
            }
            out.dictionary.agents.push(AgentEntry {
                phrases: phrases(&at, &a.phrases)?,
                code: code.clone(),
                origin: at.origin(),
            });
        }
    }
    Ok(out)
}

impl Loaded {
    fn push(&mut self, kind: EntryKind, entry: ActorEntry) {
        self.dictionary.actors.push(entry);
        self.kinds.push(kind);
    }
}

// ---- the file format (serde side) ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    country: Vec<Spanned<Country>>,
    #[serde(default)]
    seat: Vec<Spanned<Seat>>,
    #[serde(default)]
    org: Vec<Spanned<Org>>,
    #[serde(default)]
    agent: Vec<Spanned<Agent>>,
    #[serde(default)]
    person: Vec<Spanned<Person>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Country {
    code: Spanned<String>,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    adjectives: Vec<String>,
    #[serde(default)]
    capitals: Vec<String>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Seat {
    phrases: Vec<String>,
    #[serde(default)]
    name: Option<String>,
    roles: Vec<Spanned<Role>>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Org {
    name: String,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    code: Option<Spanned<String>>,
    #[serde(default)]
    from: Option<Spanned<String>>,
    #[serde(default)]
    to: Option<Spanned<String>>,
    /// Instead of `code`/`from`/`to`: several dated codes (the Taliban: rebels, then government).
    #[serde(default)]
    roles: Vec<Spanned<Role>>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Agent {
    phrases: Vec<String>,
    code: Spanned<String>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Person {
    name: String,
    #[serde(default)]
    phrases: Vec<String>,
    country: Spanned<String>,
    #[serde(default)]
    roles: Vec<Spanned<Role>>,
    #[serde(default)]
    default: Option<Spanned<String>>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Role {
    code: Spanned<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    from: Option<Spanned<String>>,
    #[serde(default)]
    to: Option<Spanned<String>>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

struct CountryAcc {
    names: Vec<String>,
    adjectives: Vec<String>,
    capitals: Vec<String>,
    origin: Origin,
}

// ---- helpers ----

/// A position in one source, for origins and errors.
#[derive(Clone, Copy)]
struct Where<'a> {
    file: &'a str,
    lines: &'a Newlines,
    start: usize,
}

impl<'a> Where<'a> {
    fn new(file: &'a str, lines: &'a Newlines, span: Range<usize>) -> Self {
        Where {
            file,
            lines,
            start: span.start,
        }
    }
    fn at(&self, span: Range<usize>) -> Self {
        Where {
            start: span.start,
            ..*self
        }
    }
    fn line(&self) -> usize {
        self.lines.line_of(self.start)
    }
    fn origin(&self) -> Origin {
        Origin {
            file: self.file.to_string(),
            line: self.line(),
        }
    }
    fn err(&self, detail: String) -> Error {
        Error::Syntax {
            file: PathBuf::from(self.file),
            line: self.line(),
            detail,
        }
    }
}

/// The offsets of a file's newlines: every entry's origin names its line, and counting from
/// the file's start for each of the ~2,000 shipped entries made loading quadratic (≈50 M
/// instructions); a binary search gives the same line as [`line_of`].
struct Newlines(Vec<usize>);

impl Newlines {
    fn of(text: &str) -> Newlines {
        Newlines(
            text.bytes()
                .enumerate()
                .filter_map(|(i, b)| (b == b'\n').then_some(i))
                .collect(),
        )
    }

    /// 1-based line of byte offset `at`: one more than the newlines before it.
    fn line_of(&self, at: usize) -> usize {
        1 + self.0.partition_point(|&n| n < at)
    }
}

/// 1-based line of byte offset `at` (clamped to the text).
fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    1 + text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn dedup(xs: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    xs.into_iter()
        .filter(|x| !x.trim().is_empty() && seen.insert(fold(x)))
        .collect()
}

fn phrases(at: &Where, xs: &[String]) -> Result<Vec<String>> {
    if xs.iter().any(|x| x.trim().is_empty()) {
        return Err(at.err("empty phrase".into()));
    }
    Ok(dedup(xs.to_vec()))
}

fn is_country_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn check_code(at: &Where, code: &str) -> Result<()> {
    if code.len() >= 3
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        Ok(())
    } else {
        Err(at.err(format!(
            "code {code:?} is not a CAMEO-style code (capital letters, at least three)"
        )))
    }
}

fn open_span(code: String, role: Option<String>) -> RoleSpan {
    RoleSpan {
        code,
        from: None,
        to: None,
        role,
    }
}

fn roles(at: &Where, rows: &[Spanned<Role>]) -> Result<Vec<RoleSpan>> {
    rows.iter()
        .map(|r| {
            let here = at.at(r.span());
            let r = r.get_ref();
            span_of(
                &here,
                &r.code,
                r.from.as_ref(),
                r.to.as_ref(),
                r.role.as_deref(),
            )
        })
        .collect()
}

fn span_of(
    at: &Where,
    code: &Spanned<String>,
    from: Option<&Spanned<String>>,
    to: Option<&Spanned<String>>,
    role: Option<&str>,
) -> Result<RoleSpan> {
    check_code(&at.at(code.span()), code.get_ref())?;
    let from_d = from
        .map(|f| parse_date(&at.at(f.span()), f.get_ref(), false))
        .transpose()?;
    let to_d = to
        .map(|t| parse_date(&at.at(t.span()), t.get_ref(), true))
        .transpose()?;
    if let (Some(f), Some(t)) = (from_d, to_d) {
        if f > t {
            return Err(at.err(format!("role ends ({t}) before it starts ({f})")));
        }
    }
    Ok(RoleSpan {
        code: code.get_ref().clone(),
        from: from_d,
        to: to_d,
        role: role.map(str::to_string),
    })
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. A partial date is the first day of its period as a start
/// and the last day as an end, so "1994-10".."1999-03" covers both whole months.
fn parse_date(at: &Where, s: &str, end: bool) -> Result<NaiveDate> {
    let bad = || {
        at.err(format!(
            "date {s:?} is not YYYY, YYYY-MM or YYYY-MM-DD (or no such day)"
        ))
    };
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let date = match parts.as_slice() {
        [y] => {
            let y = num(y, 4).ok_or_else(bad)? as i32;
            if end {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            }
        }
        [y, m] => {
            let y = num(y, 4).ok_or_else(bad)? as i32;
            let m = num(m, 2).ok_or_else(bad)?;
            let first = NaiveDate::from_ymd_opt(y, m, 1);
            if end {
                first.and_then(|f| {
                    let next = if m == 12 {
                        NaiveDate::from_ymd_opt(y + 1, 1, 1)
                    } else {
                        NaiveDate::from_ymd_opt(y, m + 1, 1)
                    };
                    next.and_then(|n| n.pred_opt())
                        .filter(|l| l.month() == f.month())
                })
            } else {
                first
            }
        }
        [y, m, d] => NaiveDate::from_ymd_opt(
            num(y, 4).ok_or_else(bad)? as i32,
            num(m, 2).ok_or_else(bad)?,
            num(d, 2).ok_or_else(bad)?,
        ),
        _ => None,
    };
    date.ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn one(text: &str) -> Result<Loaded> {
        load_sources(&[("test.toml", text)])
    }

    proptest::proptest! {
        #[test]
        fn newline_table_gives_the_counted_line(text in "[a\n\r]{0,40}", at in 0usize..50) {
            proptest::prop_assert_eq!(Newlines::of(&text).line_of(at), line_of(&text, at));
        }
    }

    fn syntax_line(e: Error) -> (String, usize, String) {
        match e {
            Error::Syntax { file, line, detail } => (file.display().to_string(), line, detail),
            other => panic!("expected a syntax error, got {other}"),
        }
    }

    #[test]
    fn unknown_field_is_rejected_with_its_line() {
        let text = "[[org]]\nname = \"X\"\ncode = \"IGOX\"\ncolour = \"red\"\n";
        let (file, line, detail) = syntax_line(one(text).expect_err("must fail"));
        assert_eq!(file, "test.toml");
        assert_eq!(line, 4, "{detail}");
        assert!(detail.contains("colour"), "{detail}");
    }

    #[test]
    fn unknown_table_is_rejected() {
        let (_, line, detail) =
            syntax_line(one("\n\n[[people]]\nname = \"X\"\n").expect_err("must fail"));
        assert_eq!(line, 3, "{detail}");
        assert!(detail.contains("people"), "{detail}");
    }

    #[test]
    fn toml_syntax_error_names_the_line() {
        let (_, line, _) = syntax_line(
            one("[[agent]]\nphrases = [\"troops\"\ncode = \"MIL\"\n").expect_err("must fail"),
        );
        assert!((2..=3).contains(&line), "line {line}");
    }

    #[test]
    fn bad_date_names_its_line() {
        let text = "[[person]]\nname = \"A B\"\ncountry = \"KAZ\"\nroles = [\n  { code = \"KAZGOV\", from = \"2001\" },\n  { code = \"KAZGOV\", from = \"2001-13\" },\n]\n";
        let (_, line, detail) = syntax_line(one(text).expect_err("must fail"));
        assert_eq!(line, 6, "{detail}");
        assert!(detail.contains("2001-13"), "{detail}");
    }

    #[test]
    fn inverted_span_and_bad_codes_are_errors() {
        let inverted = "[[person]]\nname = \"A\"\ncountry = \"KAZ\"\nroles = [{ code = \"KAZGOV\", from = \"2005\", to = \"2004\" }]\n";
        assert_eq!(syntax_line(one(inverted).expect_err("must fail")).1, 4);
        let lower = "[[country]]\ncode = \"kaz\"\n";
        assert_eq!(syntax_line(one(lower).expect_err("must fail")).1, 2);
        let agent = "[[agent]]\nphrases = [\"troops\"]\ncode = \"MILX\"\n";
        assert_eq!(syntax_line(one(agent).expect_err("must fail")).1, 3);
    }

    #[test]
    fn partial_dates_cover_their_whole_period() {
        let text = "[[person]]\nname = \"A B\"\ncountry = \"KAZ\"\nroles = [{ code = \"KAZGOV\", role = \"minister\", from = \"1994-10\", to = \"2000-02\" }]\n";
        let l = one(text).expect("loads");
        let e = &l.dictionary.actors[0];
        assert_eq!(e.roles[0].from, d("1994-10-01"));
        assert_eq!(e.roles[0].to, d("2000-02-29"));
        assert_eq!(e.roles[1].code, "KAZELI", "default span appended");
        assert_eq!(
            Dictionary::code_on(e, d("1994-09-30")).map(|r| r.code.as_str()),
            Some("KAZELI")
        );
        let r = Dictionary::code_on(e, d("2000-02-29"));
        assert_eq!(r.and_then(|r| r.role.as_deref()), Some("minister"));
        assert_eq!(e.origin.line, 1, "the [[person]] header");
    }

    #[test]
    fn seats_replace_capitals_and_countries_merge_across_files() {
        let gen = "[[country]]\ncode = \"KAZ\"\nnames = [\"Kazakhstan\"]\ncapitals = [\"Astana\", \"Akmola\"]\n";
        let extra = "[[country]]\ncode = \"KAZ\"\nadjectives = [\"Kazakh\"]\n\n[[seat]]\nphrases = [\"astana\"]\nroles = [{ code = \"KAZGOV\", from = \"1998-05-06\" }]\n";
        let l = load_sources(&[("a.toml", gen), ("b.toml", extra)]).unwrap();
        let kinds: Vec<_> = l.kinds.clone();
        assert_eq!(
            kinds,
            [
                EntryKind::Country,
                EntryKind::Adjective,
                EntryKind::Seat,
                EntryKind::Seat
            ]
        );
        let caps = &l.dictionary.actors[2];
        assert_eq!(caps.phrases, ["Akmola"], "Astana moved to the dated seat");
        assert_eq!(caps.roles[0].code, "KAZGOV");
        assert_eq!(l.dictionary.actors[1].phrases, ["Kazakh"]);
        assert_eq!(l.dictionary.actors[1].name.as_deref(), Some("Kazakhstan"));
        assert_eq!(l.dictionary.actors[3].origin.file, "b.toml");
        assert_eq!(l.dictionary.actors[3].origin.line, 5);
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let l = one("\u{feff}[[agent]]\nphrases = [\"troops\"]\ncode = \"MIL\"\n").expect("loads");
        assert_eq!(l.dictionary.agents[0].origin.line, 1);
    }

    #[test]
    fn org_ids_follow_the_code_conventions() {
        assert_eq!(org_of_code("IGOCSTO"), Some("CSTO"));
        assert_eq!(org_of_code("NGOHRW"), Some("HRW"));
        assert_eq!(org_of_code("KAZSPYKNB"), Some("KNB"));
        assert_eq!(org_of_code("KAZGOV"), None);
        assert_eq!(org_of_code("IGO"), None);
    }

    fn shipped_ok() -> Loaded {
        match shipped() {
            Ok(l) => l,
            Err(e) => panic!("shipped dictionaries must load: {e}"),
        }
    }

    fn person<'a>(l: &'a Loaded, name: &str) -> &'a ActorEntry {
        l.dictionary
            .actors
            .iter()
            .zip(&l.kinds)
            .find(|(a, k)| **k == EntryKind::Person && a.name.as_deref() == Some(name))
            .map(|(a, _)| a)
            .unwrap_or_else(|| panic!("{name} is in people.toml"))
    }

    fn seat_code(l: &Loaded, phrase: &str, date: &str) -> Option<String> {
        l.dictionary
            .actors
            .iter()
            .zip(&l.kinds)
            .filter(|(a, k)| {
                **k == EntryKind::Seat && a.phrases.iter().any(|p| fold(p) == fold(phrase))
            })
            .find_map(|(a, _)| Dictionary::code_on(a, d(date)).map(|r| r.code.clone()))
    }

    fn on(e: &ActorEntry, date: &str) -> (String, Option<String>) {
        let r = Dictionary::code_on(e, d(date)).expect("a person always has a code");
        (r.code.clone(), r.role.clone())
    }

    #[test]
    fn shipped_files_load_with_expected_counts() {
        let l = shipped_ok();
        let count = |kind| l.kinds.iter().filter(|k| **k == kind).count();
        assert!(
            count(EntryKind::Country) >= 249,
            "{}",
            count(EntryKind::Country)
        );
        assert!(
            count(EntryKind::Adjective) >= 225,
            "{}",
            count(EntryKind::Adjective)
        );
        assert!(
            count(EntryKind::Organization) >= 100,
            "{}",
            count(EntryKind::Organization)
        );
        assert!(
            count(EntryKind::Person) >= 150,
            "{}",
            count(EntryKind::Person)
        );
        let agent_phrases: usize = l.dictionary.agents.iter().map(|a| a.phrases.len()).sum();
        assert!(agent_phrases >= 300, "{agent_phrases}");
        assert_eq!(l.kinds.len(), l.dictionary.actors.len());
        for a in &l.dictionary.actors {
            assert!(!a.phrases.is_empty() && !a.roles.is_empty(), "{a:?}");
            assert!(a.origin.file.starts_with("data/actors/") && a.origin.line > 0);
        }
    }

    #[test]
    fn no_phrase_names_two_people() {
        let l = shipped_ok();
        let mut owner: std::collections::HashMap<String, &str> = Default::default();
        for (a, k) in l.dictionary.actors.iter().zip(&l.kinds) {
            if *k != EntryKind::Person {
                continue;
            }
            let name = a.name.as_deref().unwrap_or_default();
            for p in &a.phrases {
                if let Some(other) = owner.insert(fold(p), name) {
                    assert_eq!(other, name, "{p:?} names both {other} and {name}");
                }
            }
        }
    }

    #[test]
    fn no_phrase_is_a_common_english_word() {
        // Matching folds case, so an acronym that is also a word ("IS", "WHO", "US") would
        // fire on every "is", "who" and "us".
        const WORDS: &[&str] = &[
            "is", "who", "us", "it", "in", "on", "at", "an", "as", "or", "no", "am", "be", "do",
            "go", "he", "me", "my", "so", "to", "up", "we", "its", "our", "tip", "eco", "may",
            "can", "the", "and", "for", "not", "but", "all", "one", "new", "now", "amnesty",
            "memorial",
        ];
        let l = shipped_ok();
        let actor_phrases = l.dictionary.actors.iter().flat_map(|a| a.phrases.iter());
        let agent_phrases = l.dictionary.agents.iter().flat_map(|a| a.phrases.iter());
        for p in actor_phrases.chain(agent_phrases) {
            assert!(!WORDS.contains(&fold(p).as_str()), "{p:?} is a common word");
        }
    }

    #[test]
    fn people_resolve_by_date() {
        let l = shipped_ok();
        let tokayev = person(&l, "Kassym-Jomart Tokayev");
        assert_eq!(
            on(tokayev, "2005-06-01"),
            ("KAZGOV".into(), Some("foreign minister".into()))
        );
        assert_eq!(
            on(tokayev, "2022-06-01"),
            ("KAZGOV".into(), Some("president".into()))
        );
        assert_eq!(
            on(tokayev, "2000-06-01").1.as_deref(),
            Some("prime minister")
        );
        assert_eq!(on(tokayev, "2009-01-01").0, "KAZLEG");
        assert_eq!(on(tokayev, "2012-01-01").0, "IGOUN");
        assert!(
            tokayev.phrases.iter().any(|p| p == "Tokaev"),
            "transliteration variant"
        );
        assert!(tokayev.phrases.iter().any(|p| p == "Kasymzhomart Tokaev"));

        let nazarbayev = person(&l, "Nursultan Nazarbayev");
        assert_eq!(
            on(nazarbayev, "2018-06-01"),
            ("KAZGOV".into(), Some("president".into()))
        );
        assert_eq!(on(nazarbayev, "2020-06-01").0, "KAZELI");
        assert_eq!(
            on(nazarbayev, "2023-06-01").0,
            "KAZELI",
            "default after every role"
        );

        let putin = person(&l, "Vladimir Putin");
        assert_eq!(on(putin, "1999-01-15").0, "RUSSPY");
        assert_eq!(on(putin, "1999-10-01").1.as_deref(), Some("prime minister"));
        assert_eq!(on(putin, "2010-01-01").1.as_deref(), Some("prime minister"));
        assert_eq!(on(putin, "2005-01-01").1.as_deref(), Some("president"));
        assert_eq!(on(putin, "2024-01-01").1.as_deref(), Some("president"));
        assert_eq!(
            Dictionary::code_on(putin, None).and_then(|r| r.role.as_deref()),
            Some("president"),
            "undated: the latest role"
        );

        let taliban_leader = person(&l, "Hibatullah Akhundzada");
        assert_eq!(on(taliban_leader, "2019-01-01").0, "AFGREBTAL");
        assert_eq!(on(taliban_leader, "2022-01-01").0, "AFGGOVTAL");
        assert_eq!(on(person(&l, "Islam Karimov"), "2010-01-01").0, "UZBGOV");
        assert_eq!(on(person(&l, "Sadyr Japarov"), "2022-01-01").0, "KGZGOV");
    }

    #[test]
    fn seats_resolve_by_date() {
        let l = shipped_ok();
        assert_eq!(
            seat_code(&l, "Nur-Sultan", "2020-01-01").as_deref(),
            Some("KAZGOV")
        );
        assert_eq!(seat_code(&l, "Nur-Sultan", "2015-01-01"), None);
        assert_eq!(
            seat_code(&l, "Astana", "2015-01-01").as_deref(),
            Some("KAZGOV")
        );
        assert_eq!(seat_code(&l, "Astana", "2020-01-01"), None);
        assert_eq!(
            seat_code(&l, "Astana", "2023-01-01").as_deref(),
            Some("KAZGOV")
        );
        assert_eq!(
            seat_code(&l, "Almaty", "1995-01-01").as_deref(),
            Some("KAZGOV")
        );
        assert_eq!(seat_code(&l, "Almaty", "2005-01-01"), None);
        for (phrase, code) in [
            ("the Kremlin", "RUSGOV"),
            ("Moscow", "RUSGOV"),
            ("Washington", "USAGOV"),
            ("the White House", "USAGOV"),
            ("Kabul", "AFGGOV"),
            ("Tashkent", "UZBGOV"),
            ("Bishkek", "KGZGOV"),
            ("Dushanbe", "TJKGOV"),
            ("Ashgabat", "TKMGOV"),
            ("Beijing", "CHNGOV"),
            ("Brussels", "IGOEU"),
        ] {
            assert_eq!(
                seat_code(&l, phrase, "2015-01-01").as_deref(),
                Some(code),
                "{phrase}"
            );
        }
    }

    #[test]
    fn adjectives_and_organizations_have_codes() {
        let l = shipped_ok();
        let code_of = |kind: EntryKind, phrase: &str| {
            l.dictionary
                .actors
                .iter()
                .zip(&l.kinds)
                .find(|(a, k)| **k == kind && a.phrases.iter().any(|p| p == phrase))
                .and_then(|(a, _)| Dictionary::code_on(a, d("2015-01-01")))
                .map(|r| r.code.clone())
        };
        for (adj, code) in [
            ("Kazakh", "KAZ"),
            ("Kazakhstani", "KAZ"),
            ("Egyptian", "EGY"),
            ("Kyrgyz", "KGZ"),
        ] {
            assert_eq!(
                code_of(EntryKind::Adjective, adj).as_deref(),
                Some(code),
                "{adj}"
            );
        }
        for (org, code) in [
            ("CSTO", "IGOCSTO"),
            ("UNHCR", "IGOUNHCR"),
            ("KNB", "KAZSPYKNB"),
            ("FSB", "RUSSPYFSB"),
            ("Hizb ut-Tahrir", "IMGHUT"),
            ("HRW", "NGOHRW"),
            ("Mazhilis", "KAZLEG"),
            ("the Taliban", "AFGREBTAL"),
        ] {
            assert_eq!(
                code_of(EntryKind::Organization, org).as_deref(),
                Some(code),
                "{org}"
            );
        }
        let agent = |phrase: &str| {
            l.dictionary
                .agents
                .iter()
                .find(|a| a.phrases.iter().any(|p| p == phrase))
                .map(|a| a.code.as_str())
        };
        assert_eq!(agent("upper house"), Some("LEG"));
        assert_eq!(agent("troops"), Some("MIL"));
        assert_eq!(agent("security services"), Some("SPY"));
        assert_eq!(agent("protesters"), Some("OPP"));
        assert_eq!(agent("refugees"), Some("REF"));
    }

    #[test]
    fn load_reads_a_user_file_and_names_it_in_errors() {
        let dir = std::env::temp_dir().join(format!("tamga-own-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let good = dir.join("mine.toml");
        std::fs::write(&good, "[[person]]\nname = \"Aigerim X\"\ncountry = \"KAZ\"\nroles = [{ code = \"KAZMED\", role = \"editor\", from = \"2020\" }]\n").expect("write");
        let l = load(&good).expect("loads");
        assert_eq!(l.dictionary.actors[0].origin.file, good.to_string_lossy());
        let bad = dir.join("bad.toml");
        std::fs::write(
            &bad,
            "[[agent]]\nphrases = [\"x\"]\ncode = \"GOV\"\nextra = 1\n",
        )
        .expect("write");
        let msg = load(&bad).expect_err("unknown field").to_string();
        assert!(msg.contains("bad.toml:4:"), "{msg}");
        let missing = load(&dir.join("absent.toml")).expect_err("missing");
        assert!(matches!(missing, Error::Io { .. }));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
