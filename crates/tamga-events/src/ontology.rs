//! The event ontology: PLOVER types, modes and contexts, CAMEO codes with their root, quad
//! class and Goldstein-style weight, and the CAMEO → PLOVER mapping, all read from data files
//! (`data/ontology/*.tsv`, compiled in; users layer their own rows on top).

use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
pub use tamga_text::Status;

/// The shipped files, by the path their errors and origins name.
pub const BUILTIN_FILES: [(&str, &str); 4] = [
    (
        "data/ontology/plover-types.tsv",
        include_str!("../../../data/ontology/plover-types.tsv"),
    ),
    (
        "data/ontology/plover-contexts.tsv",
        include_str!("../../../data/ontology/plover-contexts.tsv"),
    ),
    (
        "data/ontology/cameo.tsv",
        include_str!("../../../data/ontology/cameo.tsv"),
    ),
    (
        "data/ontology/cameo-plover.tsv",
        include_str!("../../../data/ontology/cameo-plover.tsv"),
    ),
];

/// One CAMEO code with what GDELT/ICEWS users expect beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CameoCode {
    /// `0311`, `042`, `19`.
    pub code: String,
    pub name: String,
    /// The two-digit root (`03`).
    pub root: String,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// Goldstein-style weight, −10 … +10 (tamga's own, see data/README.md).
    pub goldstein: f32,
}

/// What a CAMEO code means in PLOVER, by tamga's rule: the type names the act itself, and
/// `status_hint` says what the code implies about whether it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PloverCoding {
    pub event_type: String,
    pub mode: Option<String>,
    pub context: Vec<String>,
    /// `Planned` for "express intent to …" codes, `Occurred` for refusals, denials and
    /// accusations whose trigger word is itself a modality cue; `None`: the sentence decides.
    pub status_hint: Option<Status>,
    /// The type PLOVER's own conversion table assigns (`AGREE` for every 03x code); empty
    /// when PLOVER does not code the CAMEO code at all (roots 01 and 02).
    pub plover_view: String,
}

/// A PLOVER event type and its modes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PloverType {
    pub name: String,
    pub description: String,
    /// `(mode, description)`, in file order.
    pub modes: Vec<(String, String)>,
}

/// Where a row came from, for error messages and explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    file: PathBuf,
    line: usize,
}

impl Origin {
    fn error(&self, detail: impl Into<String>) -> Error {
        Error::Syntax {
            file: self.file.clone(),
            line: self.line,
            detail: detail.into(),
        }
    }
}

#[derive(Debug, Clone)]
struct MappingRow {
    /// `None`: the code is explicitly no PLOVER event (type `-`).
    coding: Option<PloverCoding>,
    origin: Origin,
}

/// The four tables: PLOVER types (with modes), PLOVER contexts, CAMEO codes, CAMEO → PLOVER.
#[derive(Debug, Clone, Default)]
pub struct Ontology {
    types: Vec<PloverType>,
    contexts: Vec<(String, String)>,
    cameo: BTreeMap<String, CameoCode>,
    mapping: BTreeMap<String, MappingRow>,
}

/// The kinds of file, told apart by their header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Types,
    Contexts,
    Cameo,
    Mapping,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Types, Kind::Contexts, Kind::Cameo, Kind::Mapping];

    fn header(self) -> &'static [&'static str] {
        match self {
            Kind::Types => &["type", "mode", "description"],
            Kind::Contexts => &["context", "description"],
            Kind::Cameo => &["code", "quad_class", "goldstein", "name"],
            Kind::Mapping => &[
                "code",
                "type",
                "mode",
                "context",
                "status_hint",
                "plover_view",
                "note",
            ],
        }
    }

    /// Columns a row may leave out at its end (the mapping's free-text note).
    fn optional_tail(self) -> usize {
        match self {
            Kind::Mapping => 1,
            _ => 0,
        }
    }
}

/// The two-digit CAMEO root of `code` (`"0314"` → `"03"`, `"080!"` → `"08"`), or `None` when
/// the code does not start with a root 01–20 (`"901"`, `"9"`).
pub fn root_of(code: &str) -> Option<&str> {
    let code = code.trim();
    let root = code.get(..2)?;
    let n: u8 = root
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| root.parse().ok())??;
    (1..=20).contains(&n).then_some(root)
}

/// The code as looked up: surrounding blanks and any trailing marks dropped (`"080!"`,
/// `"025?"` → `"080"`, `"025"`); letters stay (`"174K"`), for the prefix fallback to handle.
fn lookup_key(code: &str) -> &str {
    let code = code.trim();
    let end = code
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(code.len());
    &code[..end]
}

/// `key` and its shorter prefixes down to the two-digit root, longest first.
fn prefixes(key: &str) -> impl Iterator<Item = &str> {
    (2..=key.len()).rev().map(move |n| &key[..n])
}

impl Ontology {
    /// The shipped ontology, parsed on first use.
    ///
    /// Panics if the shipped files do not parse: they are compiled in and checked by this
    /// crate's tests, so that is a broken build, not bad input.
    pub fn builtin() -> &'static Ontology {
        static BUILTIN: OnceLock<Ontology> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut o = Ontology::default();
            let parsed = BUILTIN_FILES
                .iter()
                .try_for_each(|(file, text)| o.add(text, Path::new(file), None))
                .and_then(|()| o.validate());
            if let Err(e) = parsed {
                panic!("shipped ontology is invalid: {e}");
            }
            o
        })
    }

    /// Builds an ontology from the text of the four files; errors name the file
    /// (`plover-types.tsv`, `plover-contexts.tsv`, `cameo.tsv`, `cameo-plover.tsv`, as no path
    /// is known) and line.
    pub fn from_strs(types: &str, contexts: &str, cameo: &str, mapping: &str) -> Result<Ontology> {
        let mut o = Ontology::default();
        let files = [
            (Kind::Types, "plover-types.tsv", types),
            (Kind::Contexts, "plover-contexts.tsv", contexts),
            (Kind::Cameo, "cameo.tsv", cameo),
            (Kind::Mapping, "cameo-plover.tsv", mapping),
        ];
        for (kind, file, text) in files {
            o.add(text, Path::new(file), Some(kind))?;
        }
        o.validate()?;
        Ok(o)
    }

    /// Builds an ontology from four files on disk.
    pub fn from_files(
        types: &Path,
        contexts: &Path,
        cameo: &Path,
        mapping: &Path,
    ) -> Result<Ontology> {
        let mut o = Ontology::default();
        let files = [
            (Kind::Types, types),
            (Kind::Contexts, contexts),
            (Kind::Cameo, cameo),
            (Kind::Mapping, mapping),
        ];
        for (kind, file) in files {
            o.add(&read(file)?, file, Some(kind))?;
        }
        o.validate()?;
        Ok(o)
    }

    /// Adds or overrides rows from a user file of any of the four kinds (told by its header
    /// row): a new CAMEO code, a different mapping or weight, a new mode or context. Rows with
    /// an existing key replace it. On error the ontology is left unchanged.
    pub fn extend_from_str(&mut self, text: &str, file: impl AsRef<Path>) -> Result<()> {
        let mut next = self.clone();
        next.add(text, file.as_ref(), None)?;
        next.validate()?;
        *self = next;
        Ok(())
    }

    /// [`Ontology::extend_from_str`] for a file on disk.
    pub fn extend_from_file(&mut self, path: &Path) -> Result<()> {
        self.extend_from_str(&read(path)?, path)
    }

    /// The CAMEO entry for `code`: the exact code, else its nearest known ancestor
    /// (`0319` → `031` → `03`). Trailing marks (`080!`, `025?`) are ignored and non-standard
    /// codes fall back to their longest known prefix (`174K` → `174`); a code whose digits
    /// do not start with a known root (`901`) has none.
    pub fn cameo(&self, code: &str) -> Option<&CameoCode> {
        prefixes(lookup_key(code)).find_map(|k| self.cameo.get(k))
    }

    /// The PLOVER coding of a CAMEO code, with the same fallback as [`Ontology::cameo`].
    /// `None` when no row covers the code, or when the nearest row says it is no PLOVER
    /// event (bare statements and opinions, 010–014, 017).
    pub fn plover(&self, cameo: &str) -> Option<PloverCoding> {
        self.mapping_row(cameo)?.coding.clone()
    }

    /// `FILE:LINE` of the mapping row [`Ontology::plover`] uses for `cameo`, for explanations.
    pub fn mapping_source(&self, cameo: &str) -> Option<String> {
        let o = &self.mapping_row(cameo)?.origin;
        Some(format!("{}:{}", o.file.display(), o.line))
    }

    /// [`Ontology::plover`] without the copy.
    pub(crate) fn plover_coding(&self, cameo: &str) -> Option<&PloverCoding> {
        self.mapping_row(cameo)?.coding.as_ref()
    }

    fn mapping_row(&self, cameo: &str) -> Option<&MappingRow> {
        prefixes(lookup_key(cameo)).find_map(|k| self.mapping.get(k))
    }

    pub fn event_types(&self) -> &[PloverType] {
        &self.types
    }

    /// `(context, description)`, in file order.
    pub fn contexts(&self) -> &[(String, String)] {
        &self.contexts
    }

    /// Every CAMEO code, in code order.
    pub fn cameo_codes(&self) -> impl Iterator<Item = &CameoCode> {
        self.cameo.values()
    }

    /// Every mapping row as `(code, coding)`, in code order; `None` = no PLOVER event.
    pub fn mappings(&self) -> impl Iterator<Item = (&str, Option<&PloverCoding>)> {
        self.mapping
            .iter()
            .map(|(k, r)| (k.as_str(), r.coding.as_ref()))
    }

    pub fn event_type(&self, name: &str) -> Option<&PloverType> {
        self.types.iter().find(|t| t.name == name)
    }

    pub fn is_type(&self, name: &str) -> bool {
        self.event_type(name).is_some()
    }

    pub fn is_mode(&self, ty: &str, mode: &str) -> bool {
        self.event_type(ty)
            .is_some_and(|t| t.modes.iter().any(|(m, _)| m == mode))
    }

    pub fn is_context(&self, c: &str) -> bool {
        self.contexts.iter().any(|(name, _)| name == c)
    }

    /// Parses one file into `self`; `kind` is what the caller expects (None: any kind, told
    /// by the header). Cross-table checks wait for [`Ontology::validate`].
    fn add(&mut self, text: &str, file: &Path, kind: Option<Kind>) -> Result<()> {
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let origin = |line| Origin {
            file: file.to_path_buf(),
            line,
        };
        let Some((n, header)) = lines.next() else {
            return Err(origin(1).error("empty file: expected a header row"));
        };
        let cols: Vec<&str> = header.split('\t').map(str::trim).collect();
        // The optional trailing columns may be left out of the header too.
        let found = Kind::ALL.into_iter().find(|k| {
            let h = k.header();
            h == cols.as_slice() || h[..h.len() - k.optional_tail()] == *cols.as_slice()
        });
        let kind = match (kind, found) {
            (Some(want), Some(got)) if want == got => want,
            (None, Some(got)) => got,
            (want, _) => {
                let expected = match want {
                    Some(k) => k.header().join("\t"),
                    None => Kind::ALL
                        .iter()
                        .map(|k| k.header().join("\t"))
                        .collect::<Vec<_>>()
                        .join(" | "),
                };
                return Err(origin(n).error(format!(
                    "header {:?} is not one of the ontology's: expected {expected:?}",
                    cols.join("\t")
                )));
            }
        };
        let width = kind.header().len();
        for (n, line) in lines {
            let o = origin(n);
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if fields.len() > width || fields.len() < width - kind.optional_tail() {
                return Err(o.error(format!(
                    "{} fields, expected {width} ({})",
                    fields.len(),
                    kind.header().join(", ")
                )));
            }
            match kind {
                Kind::Types => self.add_type(&fields, &o)?,
                Kind::Contexts => self.add_context(&fields, &o)?,
                Kind::Cameo => self.add_cameo(&fields, &o)?,
                Kind::Mapping => self.add_mapping(&fields, o)?,
            }
        }
        Ok(())
    }

    fn add_type(&mut self, f: &[&str], o: &Origin) -> Result<()> {
        let (name, mode, description) = (f[0], f[1], f[2].to_string());
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
            return Err(o.error(format!("type {name:?}: expected upper-case letters")));
        }
        match empty(mode) {
            None => match self.types.iter_mut().find(|t| t.name == name) {
                Some(t) => t.description = description,
                None => self.types.push(PloverType {
                    name: name.to_string(),
                    description,
                    modes: Vec::new(),
                }),
            },
            Some(mode) => {
                check_word(mode, o, "mode")?;
                let Some(t) = self.types.iter_mut().find(|t| t.name == name) else {
                    return Err(o.error(format!(
                        "mode {mode:?} of unknown type {name:?} (give the type's own row first)"
                    )));
                };
                match t.modes.iter_mut().find(|(m, _)| m == mode) {
                    Some((_, d)) => *d = description,
                    None => t.modes.push((mode.to_string(), description)),
                }
            }
        }
        Ok(())
    }

    fn add_context(&mut self, f: &[&str], o: &Origin) -> Result<()> {
        let (name, description) = (f[0], f[1].to_string());
        check_word(name, o, "context")?;
        match self.contexts.iter_mut().find(|(c, _)| c == name) {
            Some((_, d)) => *d = description,
            None => self.contexts.push((name.to_string(), description)),
        }
        Ok(())
    }

    fn add_cameo(&mut self, f: &[&str], o: &Origin) -> Result<()> {
        let code = check_code(f[0], o)?;
        let quad_class = f[1]
            .parse::<u8>()
            .ok()
            .filter(|q| *q <= 4)
            .ok_or_else(|| o.error(format!("quad_class {:?}: expected 0-4", f[1])))?;
        let goldstein = f[2]
            .parse::<f32>()
            .ok()
            .filter(|g| (-10.0..=10.0).contains(g))
            .ok_or_else(|| o.error(format!("goldstein {:?}: expected -10..10", f[2])))?;
        if f[3].is_empty() {
            return Err(o.error(format!("code {code}: empty name")));
        }
        let entry = CameoCode {
            code: code.to_string(),
            name: f[3].to_string(),
            root: code[..2].to_string(),
            quad_class,
            goldstein,
        };
        self.cameo.insert(code.to_string(), entry);
        Ok(())
    }

    fn add_mapping(&mut self, f: &[&str], o: Origin) -> Result<()> {
        let code = check_code(f[0], &o)?;
        let coding = match empty(f[1]) {
            None => {
                if f[2..6].iter().any(|x| empty(x).is_some()) {
                    return Err(o.error(format!(
                        "code {code}: type '-' (no event) takes no mode, context, status or view"
                    )));
                }
                None
            }
            Some(ty) => Some(PloverCoding {
                event_type: ty.to_string(),
                mode: empty(f[2]).map(str::to_string),
                context: empty(f[3])
                    .map(|c| c.split(',').map(|c| c.trim().to_string()).collect())
                    .unwrap_or_default(),
                status_hint: empty(f[4]).map(|s| parse_status(s, &o)).transpose()?,
                plover_view: empty(f[5]).unwrap_or("").to_string(),
            }),
        };
        self.mapping
            .insert(code.to_string(), MappingRow { coding, origin: o });
        Ok(())
    }

    /// Checks every mapping row against the other tables.
    fn validate(&self) -> Result<()> {
        for (code, row) in &self.mapping {
            let o = &row.origin;
            if !self.cameo.contains_key(code) {
                return Err(o.error(format!("code {code} is not in the CAMEO table")));
            }
            let Some(c) = &row.coding else { continue };
            if !self.is_type(&c.event_type) {
                return Err(o.error(format!("unknown PLOVER type {:?}", c.event_type)));
            }
            if let Some(m) = &c.mode {
                if !self.is_mode(&c.event_type, m) {
                    return Err(o.error(format!("{m:?} is not a mode of {}", c.event_type)));
                }
            }
            if let Some(x) = c.context.iter().find(|x| !self.is_context(x)) {
                return Err(o.error(format!("unknown PLOVER context {x:?}")));
            }
            if !c.plover_view.is_empty() && !self.is_type(&c.plover_view) {
                return Err(o.error(format!("plover_view {:?} is not a type", c.plover_view)));
            }
        }
        Ok(())
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        file: path.to_path_buf(),
        source,
    })
}

/// `-` and blank fields are empty.
fn empty(field: &str) -> Option<&str> {
    (!field.is_empty() && field != "-").then_some(field)
}

/// Mode and context names: lower case, digits, `_` and `-`.
fn check_word(word: &str, o: &Origin, what: &str) -> Result<()> {
    let ok = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(o.error(format!(
            "{what} {word:?}: expected lower-case letters, '_' or '-'"
        )))
    }
}

/// A CAMEO code: a root 01–20 and up to two more digits or capitals (`0311`, `174K`).
fn check_code<'a>(code: &'a str, o: &Origin) -> Result<&'a str> {
    let ok = (2..=4).contains(&code.len())
        && root_of(code).is_some()
        && code[2..]
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if ok {
        Ok(code)
    } else {
        Err(o.error(format!(
            "code {code:?}: expected a root 01-20 and up to two more digits"
        )))
    }
}

fn parse_status(s: &str, o: &Origin) -> Result<Status> {
    Ok(match s {
        "occurred" => Status::Occurred,
        "planned" => Status::Planned,
        "rejected" => Status::Rejected,
        "hypothetical" => Status::Hypothetical,
        "claimed" => Status::Claimed,
        "denied" => Status::Denied,
        _ => {
            return Err(o.error(format!(
                "status_hint {s:?}: expected occurred, planned, rejected, hypothetical, claimed or denied"
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPES: &str = "type\tmode\tdescription\nAGREE\t-\tpledge\nAID\t-\thelp\n\
                         CONSULT\t-\ttalks\nCONSULT\tvisit\ttravel\n";
    const CONTEXTS: &str = "# c\ncontext\tdescription\ndiplomatic\tdiplomacy\nmilitary\tarmy\n";
    const CAMEO: &str = "code\tquad_class\tgoldstein\tname\n03\t1\t4\tintent\n\
                         031\t1\t5\tintent material\n033\t1\t5\tintent aid\n04\t1\t1\tconsult\n\
                         042\t1\t2\tvisit\n";
    const MAPPING: &str = "code\ttype\tmode\tcontext\tstatus_hint\tplover_view\tnote\n\
                           03\tAGREE\t-\tdiplomatic\t-\tAGREE\t-\n\
                           033\tAID\t-\t-\tplanned\tAGREE\tintent\n\
                           04\tCONSULT\t-\t-\t-\tCONSULT\n\
                           042\tCONSULT\tvisit\t-\t-\tCONSULT\t-\n";

    fn small() -> Ontology {
        Ontology::from_strs(TYPES, CONTEXTS, CAMEO, MAPPING).expect("small ontology parses")
    }

    #[test]
    fn builtin_parses_all_four_files() {
        let o = Ontology::builtin();
        assert_eq!(o.event_types().len(), 16);
        assert_eq!(o.contexts().len(), 37);
        assert_eq!(o.cameo_codes().count(), 318);
        assert_eq!(o.mappings().count(), 318);
        assert_eq!(
            o.mapping_source("0312")
                .as_deref()
                .map(|s| s.split(':').next()),
            Some(Some("data/ontology/cameo-plover.tsv"))
        );
    }

    #[test]
    fn root_of_takes_two_digits_of_a_known_root() {
        assert_eq!(root_of("0314"), Some("03"));
        assert_eq!(root_of(" 080! "), Some("08"));
        assert_eq!(root_of("20"), Some("20"));
        assert_eq!(root_of("901"), None);
        assert_eq!(root_of("00"), None);
        assert_eq!(root_of("9"), None);
        assert_eq!(root_of("ab"), None);
    }

    #[test]
    fn lookup_falls_back_to_the_nearest_ancestor() {
        let o = small();
        assert_eq!(o.cameo("0314").map(|c| c.code.as_str()), Some("031"));
        assert_eq!(o.cameo("0399").map(|c| c.code.as_str()), Some("03"));
        assert_eq!(o.cameo("042?").map(|c| c.code.as_str()), Some("042"));
        assert!(o.cameo("05").is_none());
        // 031 has no mapping row of its own: its parent's applies.
        let p = o.plover("0314").expect("03 covers it");
        assert_eq!(p.event_type, "AGREE");
        assert_eq!(p.context, ["diplomatic"]);
        assert_eq!(
            o.mapping_source("0314").as_deref(),
            Some("cameo-plover.tsv:2")
        );
    }

    #[test]
    fn mapping_fields_are_parsed() {
        let o = small();
        let aid = o.plover("033").expect("mapped");
        assert_eq!(aid.event_type, "AID");
        assert_eq!(aid.status_hint, Some(Status::Planned));
        assert_eq!(aid.plover_view, "AGREE");
        assert!(aid.mode.is_none() && aid.context.is_empty());
        let visit = o.plover("042").expect("mapped");
        assert_eq!(visit.mode.as_deref(), Some("visit"));
        assert!(o.is_mode("CONSULT", "visit") && !o.is_mode("AGREE", "visit"));
        assert_eq!(o.cameo("042").map(|c| c.root.as_str()), Some("04"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad = MAPPING.replace("042\tCONSULT\tvisit", "042\tCONSULT\tphone");
        let err = Ontology::from_strs(TYPES, CONTEXTS, CAMEO, &bad).expect_err("bad mode");
        assert_eq!(
            err.to_string(),
            "cameo-plover.tsv:5: \"phone\" is not a mode of CONSULT"
        );
        let bad = CAMEO.replace("042\t1\t2", "042\t1\tlots");
        let err = Ontology::from_strs(TYPES, CONTEXTS, &bad, MAPPING).expect_err("bad weight");
        assert!(
            err.to_string()
                .starts_with("cameo.tsv:6: goldstein \"lots\""),
            "{err}"
        );
        let err = Ontology::from_strs(TYPES, CONTEXTS, MAPPING, CAMEO).expect_err("swapped");
        assert!(err.to_string().starts_with("cameo.tsv:1: header"), "{err}");
    }

    #[test]
    fn extend_overrides_and_adds_or_changes_nothing() {
        let mut o = small();
        o.extend_from_str(
            "code\tquad_class\tgoldstein\tname\n0421\t1\t2.5\tstate visit\n",
            "my.tsv",
        )
        .expect("new code");
        assert_eq!(o.cameo("0421").map(|c| c.goldstein), Some(2.5));
        // Its mapping comes from 042 until the user adds one.
        assert_eq!(
            o.mapping_source("0421").as_deref(),
            Some("cameo-plover.tsv:5")
        );
        let before = o.plover("033");
        let err = o
            .extend_from_str(
                "code\ttype\tmode\tcontext\tstatus_hint\tplover_view\n033\tAID\t-\tnavy\t-\tAGREE\n",
                "bad.tsv",
            )
            .expect_err("unknown context");
        assert_eq!(
            err.to_string(),
            "bad.tsv:2: unknown PLOVER context \"navy\""
        );
        assert_eq!(o.plover("033"), before);
    }
}
