//! Cross-document dedup: mentions of one event (same type, compatible actors, dates within
//! a window) are grouped into a cluster with a mention count. Pure logic over light
//! [`Mention`] views, so the store can cluster without loading whole events.

use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How far apart two day-precision dates may be and still name one event.
pub const DEFAULT_WINDOW_DAYS: i64 = 3;

/// PLOVER types whose two sides act together ("A and B held talks", "B met A"): a mention
/// with source and target swapped is the same event.
pub const SYMMETRIC_TYPES: &[&str] = &["CONSULT", "AGREE", "COOPERATE"];

/// What clustering needs to know of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention<'a> {
    pub id: &'a str,
    /// The document the event was coded from.
    pub doc: &'a str,
    pub event_type: &'a str,
    pub source: &'a str,
    pub target: Option<&'a str>,
    /// ISO date as in [`crate::Event::date`]: `2006-11-07`, `2006-11`, `2006`, `--11-07`.
    pub date: Option<&'a str>,
}

pub fn is_symmetric(event_type: &str) -> bool {
    SYMMETRIC_TYPES.contains(&event_type)
}

/// Codes are built of three-letter blocks: a country or IGO first (`KAZ`, `IGO`), then
/// sectors and agents (`GOV`, `LEG`, `MIL`).
fn blocks(code: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(code.len() / 3 + 1);
    let mut rest = code;
    while !rest.is_empty() {
        let mut cut = 3.min(rest.len());
        // Codes are ASCII; anything else is cut at a character boundary, never inside one.
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    out
}

/// One actor code names the same actor as another, or a more specific part of it: equal;
/// one a prefix of the other (`KAZ` / `KAZGOV` / `KAZGOVMIL`); or the same first block with
/// one's blocks a subset of the other's (`KAZMIL` / `KAZGOVMIL`, an agent refinement).
/// Empty codes (unknown actors) match only each other.
pub fn codes_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Below one block a prefix says nothing ("KA" is no actor).
    if short.len() >= 3 && long.starts_with(short) {
        return true;
    }
    let (bs, bl) = (blocks(short), blocks(long));
    match (bs.first(), bl.first()) {
        (Some(x), Some(y)) if x == y => bs.iter().skip(1).all(|blk| bl[1..].contains(blk)),
        _ => false,
    }
}

fn targets_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => codes_compatible(a, b),
        // A mention that names no target is not assumed to be about any one target:
        // "X protested" and "X protested against Y" stay apart.
        _ => false,
    }
}

/// Source and target compatible in order, or, for a symmetric type, crosswise.
pub fn actors_compatible(event_type: &str, a: &Mention<'_>, b: &Mention<'_>) -> bool {
    let direct = codes_compatible(a.source, b.source) && targets_compatible(a.target, b.target);
    if direct {
        return true;
    }
    is_symmetric(event_type)
        && matches!((a.target, b.target), (Some(at), Some(bt))
            if codes_compatible(a.source, bt) && codes_compatible(at, b.source))
}

/// A calendar date as the span of days it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateSpan {
    /// First and last day covered, as days since the common era.
    pub first: i32,
    pub last: i32,
}

impl DateSpan {
    /// The calendar forms of [`crate::Event::date`]: `YYYY-MM-DD`, `YYYY-Www` (ISO week),
    /// `YYYY-MM`, `YYYY-SP|SU|FA|WI` (seasons; winter runs December to February), `YYYY-Qn`,
    /// `YYYY`. Anything else (a date without a year such as `--11-07`, a malformed string) is
    /// `None`: it cannot be placed on the calendar.
    pub fn parse(s: &str) -> Option<DateSpan> {
        let mut parts = s.trim().split('-');
        let year_part = parts.next()?;
        if year_part.len() != 4 {
            return None;
        }
        let year: i32 = year_part.parse().ok()?;
        let second = parts.next();
        let third = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
        // The last day of month `m` (1–12) of year `y`.
        let month_end = |y: i32, m: u32| {
            let (y, m) = if m >= 12 { (y + 1, m - 11) } else { (y, m + 1) };
            NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt())
        };
        let (first, last) = match (second, third) {
            (None, None) => (ymd(1, 1)?, ymd(12, 31)?),
            (Some(m), None) if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
                let m: u32 = m.parse().ok()?;
                (ymd(m, 1)?, month_end(year, m)?)
            }
            (Some(m), Some(d)) => {
                let date = ymd(m.parse().ok()?, d.parse().ok()?)?;
                (date, date)
            }
            (Some(season), None) => {
                let (from, to) = match season {
                    "SP" => (3, 5),
                    "SU" => (6, 8),
                    "FA" => (9, 11),
                    "WI" => (12, 14),
                    "Q1" => (1, 3),
                    "Q2" => (4, 6),
                    "Q3" => (7, 9),
                    "Q4" => (10, 12),
                    w if w.starts_with('W') => {
                        let week: u32 = w[1..].parse().ok()?;
                        let monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)?;
                        let sunday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Sun)?;
                        return Some(DateSpan {
                            first: monday.num_days_from_ce(),
                            last: sunday.num_days_from_ce(),
                        });
                    }
                    _ => return None,
                };
                let end = if to > 12 {
                    month_end(year + 1, to - 12)?
                } else {
                    month_end(year, to)?
                };
                (ymd(from, 1)?, end)
            }
            (None, Some(_)) => return None,
        };
        Some(DateSpan {
            first: first.num_days_from_ce(),
            last: last.num_days_from_ce(),
        })
    }

    /// The first and last day covered, as `YYYY-MM-DD`.
    pub fn iso(&self) -> (String, String) {
        let day = |n: i32| {
            NaiveDate::from_num_days_from_ce_opt(n)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        (day(self.first), day(self.last))
    }

    fn is_day(&self) -> bool {
        self.first == self.last
    }

    fn contains(&self, other: &DateSpan) -> bool {
        self.first <= other.first && other.last <= self.last
    }
}

/// Two days at most `window_days` apart; or, when either is a month or a year, one span
/// containing the other (`2006-11` and `2006-11-07`, `2006` and `2006-11`).
pub fn dates_compatible(a: &DateSpan, b: &DateSpan, window_days: i64) -> bool {
    if a.is_day() && b.is_day() {
        return (i64::from(a.first) - i64::from(b.first)).abs() <= window_days;
    }
    a.contains(b) || b.contains(a)
}

/// Clusters `mentions`: returns, for each mention, the index (into `mentions`) of its
/// cluster's representative, the earliest member. A mention whose representative is itself
/// heads its cluster.
///
/// Each mention is compared with the representatives of the clusters formed so far, not with
/// every member, so one long chain of near dates never merges a month of daily events.
/// Mentions are taken most precise first (days, then weeks, months, seasons, years), earliest first,
/// ties by id: a month-dated mention joins the earliest day-dated cluster it contains rather
/// than absorbing a whole month of distinct events. Mentions without a calendar date join
/// only mentions of the same document with the same date string.
/// The result depends only on the set of mentions, not their order, and each [`bucket`] is
/// clustered independently of the others.
pub fn cluster(mentions: &[Mention<'_>], window_days: i64) -> Vec<usize> {
    let mut head: Vec<usize> = (0..mentions.len()).collect();
    let window = i32::try_from(window_days.max(0)).unwrap_or(i32::MAX);
    let spans: Vec<Option<DateSpan>> = mentions
        .iter()
        .map(|m| m.date.and_then(DateSpan::parse))
        .collect();

    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        buckets.entry(bucket(m)).or_default().push(i);
    }

    for members in buckets.values_mut() {
        members.sort_by(|&a, &b| {
            // Days, then weeks, months, seasons and quarters, years; earliest first within each.
            let key = |i: usize| {
                spans[i].map_or((0, 0), |s| match s.last - s.first {
                    0 => (0, s.first),
                    1..=6 => (1, s.first),
                    7..=31 => (2, s.first),
                    32..=92 => (3, s.first),
                    _ => (4, s.first),
                })
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| mentions[a].id.cmp(mentions[b].id))
        });
        // Heads of the clusters formed so far in this bucket, by first day then arrival, so
        // that only heads whose span can reach the mention's are compared.
        let mut heads: BTreeMap<(i32, usize), usize> = BTreeMap::new();
        let mut widest = 0;
        for (arrival, &i) in members.iter().enumerate() {
            let m = &mentions[i];
            let compatible = |h: usize| {
                let hm = &mentions[h];
                let dates = match (&spans[h], &spans[i]) {
                    (Some(a), Some(b)) => dates_compatible(a, b, window_days),
                    (None, None) => hm.doc == m.doc && hm.date == m.date,
                    _ => false,
                };
                dates && actors_compatible(m.event_type, hm, m)
            };
            // A head within the window starts at most `window` days before the mention; one
            // containing it at most its own width before; undated mentions all share day 0.
            let (lo, hi) = spans[i].map_or((0, 0), |s| {
                (
                    s.first.saturating_sub(window.max(widest)),
                    s.last.saturating_add(window),
                )
            });
            let found = heads
                .range((lo, 0)..=(hi, usize::MAX))
                .map(|(_, &h)| h)
                .find(|&h| compatible(h));
            match found {
                Some(h) => head[i] = h,
                None => {
                    let span = spans[i].unwrap_or(DateSpan { first: 0, last: 0 });
                    widest = widest.max(span.last - span.first);
                    heads.insert((span.first, arrival), i);
                }
            }
        }
    }
    head
}

/// The bucket of a mention: everything that must be equal for two mentions to be one event —
/// the type, the first code block of each side (unordered for symmetric types), and for a
/// mention without a calendar date its document and date string. Mentions of different
/// buckets never cluster, and [`cluster`] treats each bucket on its own, so a store can
/// recluster only the buckets whose mentions changed and get the same result as clustering
/// everything.
pub fn bucket(m: &Mention<'_>) -> String {
    // "The military" of one article need not be the military of another: a side without a
    // country or organization keeps the mention to its own document.
    let local = is_anonymous(m.source) || m.target.is_some_and(is_anonymous);
    let src = first_block(m.source);
    let tgt = m.target.map(first_block).unwrap_or_default();
    let sides = match m.target {
        None => src.to_owned(),
        Some(_) if is_symmetric(m.event_type) && tgt < src => format!("{tgt}+{src}"),
        Some(_) => format!("{src}+{tgt}"),
    };
    if m.date.and_then(DateSpan::parse).is_some() {
        if local {
            format!("{} {sides} @{}", m.event_type, m.doc)
        } else {
            format!("{} {sides}", m.event_type)
        }
    } else {
        // `=` marks a date string, so "no date" and an empty date stay apart.
        let date = m.date.map_or(String::new(), |d| format!("={d}"));
        format!("{} {sides} {} {date}", m.event_type, m.doc)
    }
}

/// Sector codes (docs/actors.md, and CAMEO's) that begin a code when the actor's country is
/// unknown: `MIL` is some military, `CVL` some civilians.
const SECTORS: &[&str] = &[
    "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "REB", "ELI", "EDU", "HLH", "AGR", "ENV",
    "MED", "HRI", "REF", "BUS", "CVL", "LAB", "REL", "CRM", "PTY", "UAF", "INS", "SEP", "RAD",
    "MOD", "DEV",
];

/// International-organization prefixes: anonymous alone (`IGO`: some organization), named
/// with the organization's id after them (`IGOUN`, `NGOHRW`).
const ORG_PREFIXES: &[&str] = &["IGO", "NGO", "IMG", "MNC"];

/// A code that names no particular actor: empty, a bare sector or a chain of sectors (`MIL`,
/// `GOVBUS`), or an organization prefix without an organization (`IGO`).
pub fn is_anonymous(code: &str) -> bool {
    let blocks = blocks(code);
    match blocks.first() {
        None => true,
        Some(first) if ORG_PREFIXES.contains(first) => blocks.len() == 1,
        Some(first) => SECTORS.contains(first),
    }
}

fn first_block(code: &str) -> &str {
    blocks(code).first().copied().unwrap_or("")
}

/// What one cluster says of itself: the dates with its earliest first day and its latest
/// last day, its mentions, and the distinct sources (publications) reporting it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary<'a> {
    pub first_date: Option<&'a str>,
    pub last_date: Option<&'a str>,
    pub mentions: u32,
    pub sources: BTreeSet<&'a str>,
}

/// The summaries of the clusters [`cluster`] formed, by the index of their head: `heads` is
/// its result, `mentions` gives each mention's date and source in the same order. Only
/// calendar dates bound a cluster; `--11-07` says nothing of the year.
pub fn summarize<'a>(
    heads: &[usize],
    mentions: impl IntoIterator<Item = (Option<&'a str>, &'a str)>,
) -> BTreeMap<usize, Summary<'a>> {
    let mut out: BTreeMap<usize, (Summary<'a>, Option<DateSpan>, Option<DateSpan>)> =
        BTreeMap::new();
    for (&h, (date, source)) in heads.iter().zip(mentions) {
        let (sum, first, last) = out.entry(h).or_default();
        sum.mentions += 1;
        sum.sources.insert(source);
        if let Some((d, span)) = date.and_then(|d| DateSpan::parse(d).map(|s| (d, s))) {
            if first.is_none_or(|f| span.first < f.first) {
                *first = Some(span);
                sum.first_date = Some(d);
            }
            if last.is_none_or(|l| span.last > l.last) {
                *last = Some(span);
                sum.last_date = Some(d);
            }
        }
    }
    out.into_iter().map(|(h, (sum, _, _))| (h, sum)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m<'a>(
        id: &'a str,
        doc: &'a str,
        ty: &'a str,
        src: &'a str,
        tgt: Option<&'a str>,
        date: Option<&'a str>,
    ) -> Mention<'a> {
        Mention {
            id,
            doc,
            event_type: ty,
            source: src,
            target: tgt,
            date,
        }
    }

    #[test]
    fn codes_match_when_equal_prefix_or_refined() {
        assert!(codes_compatible("KAZ", "KAZ"));
        assert!(codes_compatible("KAZ", "KAZGOV"));
        assert!(codes_compatible("KAZGOVMIL", "KAZGOV"));
        assert!(codes_compatible("KAZMIL", "KAZGOVMIL"), "agent refinement");
        assert!(codes_compatible("IGOCSTO", "IGO"));
        assert!(!codes_compatible("KAZGOV", "KAZLEG"));
        assert!(!codes_compatible("KAZ", "KGZ"));
        assert!(!codes_compatible("KAZMIL", "RUSGOVMIL"));
        assert!(!codes_compatible("", "KAZ"));
        assert!(codes_compatible("", ""));
    }

    #[test]
    fn symmetric_types_match_crosswise_others_do_not() {
        let a = m(
            "a",
            "d1",
            "CONSULT",
            "EGYGOV",
            Some("KAZ"),
            Some("2006-11-07"),
        );
        let b = m(
            "b",
            "d2",
            "CONSULT",
            "KAZGOV",
            Some("EGY"),
            Some("2006-11-07"),
        );
        assert!(actors_compatible("CONSULT", &a, &b));
        let a = m("a", "d1", "ACCUSE", "EGY", Some("KAZ"), None);
        let b = m("b", "d2", "ACCUSE", "KAZ", Some("EGY"), None);
        assert!(!actors_compatible("ACCUSE", &a, &b));
        let c = m("c", "d2", "ACCUSE", "EGY", None, None);
        assert!(
            !actors_compatible("ACCUSE", &a, &c),
            "no target is not any target"
        );
    }

    #[test]
    fn date_window_and_containment() {
        let span = |s| DateSpan::parse(s).expect(s);
        let w = DEFAULT_WINDOW_DAYS;
        assert!(dates_compatible(
            &span("2006-11-07"),
            &span("2006-11-10"),
            w
        ));
        assert!(!dates_compatible(
            &span("2006-11-07"),
            &span("2006-11-11"),
            w
        ));
        assert!(dates_compatible(
            &span("2006-12-30"),
            &span("2007-01-02"),
            w
        ));
        assert!(dates_compatible(&span("2006-11"), &span("2006-11-30"), w));
        assert!(!dates_compatible(&span("2006-11"), &span("2006-12-01"), w));
        assert!(dates_compatible(&span("2006"), &span("2006-02"), w));
        assert!(!dates_compatible(&span("2006-11"), &span("2006-10"), w));
        assert_eq!(DateSpan::parse("--11-07"), None);
        assert_eq!(DateSpan::parse("2006-02-30"), None);
        assert_eq!(
            DateSpan::parse("2008-02").map(|s| s.last - s.first),
            Some(28)
        );
        assert!(dates_compatible(&span("2006-12"), &span("2006-12-31"), w));
        // Winter 2006 runs from December 2006 through February 2007.
        assert!(dates_compatible(&span("2006-WI"), &span("2007-02-28"), w));
        assert!(!dates_compatible(&span("2006-WI"), &span("2006-11-30"), w));
        assert!(dates_compatible(&span("2004-SU"), &span("2004-07"), w));
        assert!(dates_compatible(&span("2007-Q2"), &span("2007-06-30"), w));
        assert!(!dates_compatible(&span("2007-Q2"), &span("2007-07-01"), w));
        // ISO week 1 of 2007 is 1–7 January.
        assert!(dates_compatible(&span("2007-W01"), &span("2007-01-07"), w));
        assert!(!dates_compatible(&span("2007-W01"), &span("2007-01-08"), w));
        assert_eq!(DateSpan::parse("2007-Q5"), None);
        assert_eq!(
            span("2006-WI").iso(),
            ("2006-12-01".to_owned(), "2007-02-28".to_owned())
        );
        assert_eq!(DateSpan::parse("07-01"), None);
    }

    #[test]
    fn clusters_across_documents_with_earliest_head() {
        let ms = [
            m(
                "e3",
                "d2",
                "CONSULT",
                "KAZ",
                Some("EGYGOV"),
                Some("2006-11-08"),
            ),
            m(
                "e1",
                "d1",
                "CONSULT",
                "EGYGOV",
                Some("KAZ"),
                Some("2006-11-07"),
            ),
            m("e2", "d3", "CONSULT", "EGY", Some("KAZ"), Some("2006-11")),
            m(
                "e4",
                "d3",
                "CONSULT",
                "EGY",
                Some("KAZ"),
                Some("2006-11-20"),
            ),
            m("e5", "d1", "REJECT", "EGY", Some("KAZ"), Some("2006-11-07")),
        ];
        let heads = cluster(&ms, DEFAULT_WINDOW_DAYS);
        assert_eq!(heads, vec![1, 1, 1, 3, 4]);
    }

    #[test]
    fn undated_mentions_cluster_only_within_a_document() {
        let ms = [
            m("a", "d1", "REJECT", "KAZLEG", Some("AFG"), None),
            m("b", "d1", "REJECT", "KAZ", Some("AFG"), None),
            m("c", "d2", "REJECT", "KAZ", Some("AFG"), None),
            m("d", "d1", "REJECT", "KAZ", Some("AFG"), Some("--11-07")),
        ];
        assert_eq!(cluster(&ms, DEFAULT_WINDOW_DAYS), vec![0, 0, 2, 3]);
    }

    #[test]
    fn a_long_daily_series_is_cut_into_windows_quickly() {
        let ids: Vec<String> = (0..20_000).map(|n| format!("e{n:05}")).collect();
        let dates: Vec<String> = (0..20_000)
            .map(|n| {
                let d = NaiveDate::from_num_days_from_ce_opt(732_000 + n).expect("a day");
                d.format("%Y-%m-%d").to_string()
            })
            .collect();
        let ms: Vec<Mention<'_>> = ids
            .iter()
            .zip(&dates)
            .map(|(id, d)| m(id, "d", "PROTEST", "KAZCVL", None, Some(d)))
            .collect();
        let started = std::time::Instant::now();
        let heads = cluster(&ms, DEFAULT_WINDOW_DAYS);
        // Each head takes the next three days: 5,000 clusters of four.
        let distinct: std::collections::HashSet<_> = heads.iter().collect();
        assert_eq!(distinct.len(), 5_000);
        assert_eq!(&heads[..9], &[0, 0, 0, 0, 4, 4, 4, 4, 8]);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn actors_without_a_country_cluster_only_within_their_document() {
        assert!(is_anonymous("MIL") && is_anonymous("GOVBUS") && is_anonymous("IGO"));
        assert!(is_anonymous(""));
        assert!(!is_anonymous("KAZMIL") && !is_anonymous("IGOUN") && !is_anonymous("NGOHRW"));
        let ms = [
            m(
                "a",
                "d1",
                "CONSULT",
                "MIL",
                Some("IGOUN"),
                Some("2006-12-20"),
            ),
            m(
                "b",
                "d2",
                "CONSULT",
                "MIL",
                Some("IGOUN"),
                Some("2006-12-20"),
            ),
            m(
                "c",
                "d1",
                "CONSULT",
                "IGOUN",
                Some("MIL"),
                Some("2006-12-21"),
            ),
            m(
                "d",
                "d1",
                "CONSULT",
                "KAZMIL",
                Some("IGOUN"),
                Some("2006-12-20"),
            ),
            m(
                "e",
                "d2",
                "CONSULT",
                "KAZMIL",
                Some("IGOUN"),
                Some("2006-12-21"),
            ),
        ];
        assert_eq!(cluster(&ms, DEFAULT_WINDOW_DAYS), vec![0, 1, 0, 3, 3]);
    }

    #[test]
    fn buckets_separate_what_can_never_match() {
        let a = m(
            "a",
            "d1",
            "CONSULT",
            "EGYGOV",
            Some("KAZ"),
            Some("2006-11-07"),
        );
        let b = m("b", "d2", "CONSULT", "KAZ", Some("EGY"), Some("2006-11"));
        assert_eq!(bucket(&a), bucket(&b), "symmetric sides in either order");
        let c = m("c", "d2", "ACCUSE", "KAZ", Some("EGY"), Some("2006-11"));
        let d = m("d", "d2", "ACCUSE", "EGY", Some("KAZ"), Some("2006-11"));
        assert_ne!(bucket(&c), bucket(&d));
        let e = m("e", "d2", "ACCUSE", "KAZ", None, None);
        let f = m("f", "d2", "ACCUSE", "KAZ", None, Some(""));
        let g = m("g", "d3", "ACCUSE", "KAZ", None, None);
        assert_ne!(bucket(&e), bucket(&f));
        assert_ne!(bucket(&e), bucket(&g));
        assert_ne!(
            bucket(&c),
            bucket(&m("h", "d2", "ACCUSE", "KAZ", None, Some("2006-11")))
        );
    }

    #[test]
    fn result_does_not_depend_on_order() {
        let ms = vec![
            m("x", "d1", "AGREE", "KAZ", Some("RUS"), Some("2007-05-01")),
            m(
                "y",
                "d2",
                "AGREE",
                "RUSGOV",
                Some("KAZGOV"),
                Some("2007-05-03"),
            ),
            m("z", "d3", "AGREE", "RUS", Some("KAZ"), Some("2007-05")),
        ];
        let ids = |ms: &[Mention<'_>]| -> Vec<(String, String)> {
            let heads = cluster(ms, DEFAULT_WINDOW_DAYS);
            let mut v: Vec<_> = ms
                .iter()
                .zip(&heads)
                .map(|(m, &h)| (m.id.to_owned(), ms[h].id.to_owned()))
                .collect();
            v.sort();
            v
        };
        let mut rev = ms.clone();
        rev.reverse();
        assert_eq!(ids(&ms), ids(&rev));
        assert!(ids(&ms).iter().all(|(_, h)| h == "x"));
    }

    #[test]
    fn summaries_take_the_widest_calendar_dates_and_distinct_sources() {
        // Mentions 0, 1 and 3 form cluster 0; mention 2 is alone.
        let heads = [0, 0, 2, 0];
        let mentions = [
            (Some("2006-11-07"), "a.example"),
            (Some("2006-11"), "b.example"),
            (Some("2007"), "a.example"),
            (Some("--11-09"), "a.example"),
        ];
        let sums = summarize(&heads, mentions);
        assert_eq!(sums.len(), 2);
        let c = &sums[&0];
        assert_eq!(c.first_date, Some("2006-11"));
        assert_eq!(c.last_date, Some("2006-11"));
        assert_eq!(c.mentions, 3);
        assert_eq!(
            c.sources.iter().copied().collect::<Vec<_>>(),
            ["a.example", "b.example"]
        );
        assert_eq!(sums[&2].first_date, Some("2007"));
        assert_eq!(sums[&2].mentions, 1);
    }
}
