//! Resolution: a parsed meaning plus an anchor (publication date or the previous expression)
//! and the sentence's tense give a calendar value (`Val`) and its ISO string.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use tamga_ingest::PartialDate;

use super::lexicon::{Dir, HolidayRule, Part, Season, Tense, Unit};
use super::parse::{Base, Sem, Spec};
use crate::model::{Anchor, TimePrecision};

/// How fine a value (or an anchor) is; ordered fine to coarse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Grain {
    Day,
    Week,
    Month,
    Season,
    Quarter,
    Year,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Day(NaiveDate),
    /// The week's Monday.
    Week(NaiveDate),
    Month(i32, u32),
    Season(i32, Season),
    Quarter(i32, u32),
    Year(i32),
    /// Month and day, year unknown.
    MonthDay(u32, u32),
    /// Month, year unknown.
    MonthOnly(u32),
    /// Inclusive bounds; an open end for "since 1992".
    Range(Box<Val>, Option<Box<Val>>),
}

/// A year that `{:04}` and chrono's `%Y` write as exactly four digits.
fn four_digits(y: i32) -> Option<u32> {
    u32::try_from(y).ok().filter(|&y| y <= 9999)
}

/// "2006-11-05" from `[2006, 11, 5]`: a four-digit year, then two-digit parts (more digits
/// when larger, as `{:02}` writes them) joined by dashes.
fn iso(parts: &[u32]) -> String {
    let mut out = String::with_capacity(10);
    for (k, &n) in parts.iter().enumerate() {
        let width = if k == 0 { 4 } else { 2 };
        if k > 0 {
            out.push('-');
        }
        let digits = n.checked_ilog10().map_or(1, |l| l as usize + 1);
        for _ in digits..width {
            out.push('0');
        }
        for d in (0..digits).rev() {
            let digit = n / 10u32.pow(d as u32) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
    }
    out
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1)?.pred_opt()
}

impl Val {
    /// First day covered.
    pub(crate) fn start(&self) -> Option<NaiveDate> {
        match self {
            Val::Day(d) | Val::Week(d) => Some(*d),
            Val::Month(y, m) => ymd(*y, *m, 1),
            Val::Season(y, s) => ymd(*y, s.first_month(), 1),
            Val::Quarter(y, q) => ymd(*y, q.checked_sub(1)? * 3 + 1, 1),
            Val::Year(y) => ymd(*y, 1, 1),
            Val::MonthDay(..) | Val::MonthOnly(_) => None,
            Val::Range(a, _) => a.start(),
        }
    }

    /// Last day covered (inclusive).
    pub(crate) fn end(&self) -> Option<NaiveDate> {
        match self {
            Val::Day(d) => Some(*d),
            Val::Week(d) => d.checked_add_days(Days::new(6)),
            Val::Month(y, m) => month_end(*y, *m),
            Val::Season(y, s) => {
                let last = s.first_month() + 2;
                if last > 12 {
                    month_end(*y + 1, last - 12)
                } else {
                    month_end(*y, last)
                }
            }
            Val::Quarter(y, q) => month_end(*y, q.checked_sub(1)? * 3 + 3),
            Val::Year(y) => ymd(*y, 12, 31),
            Val::MonthDay(..) | Val::MonthOnly(_) => None,
            Val::Range(a, b) => match b {
                Some(b) => b.end(),
                None => a.end(),
            },
        }
    }

    pub(crate) fn grain(&self) -> Grain {
        match self {
            Val::Day(_) | Val::MonthDay(..) => Grain::Day,
            Val::Week(_) => Grain::Week,
            Val::Month(..) | Val::MonthOnly(_) => Grain::Month,
            Val::Season(..) => Grain::Season,
            Val::Quarter(..) => Grain::Quarter,
            Val::Year(_) => Grain::Year,
            Val::Range(a, _) => a.grain(),
        }
    }

    pub(crate) fn value(&self) -> String {
        match self {
            // The digits are written by hand where the year has four: chrono's `format` reads
            // its pattern anew on every call (a thousand instructions a date).
            Val::Day(d) => match four_digits(d.year()) {
                Some(y) => iso(&[y, d.month(), d.day()]),
                None => d.format("%Y-%m-%d").to_string(),
            },
            Val::Week(d) => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Val::Month(y, m) => match four_digits(*y) {
                Some(y) => iso(&[y, *m]),
                None => format!("{y:04}-{m:02}"),
            },
            Val::Season(y, s) => format!("{y:04}-{}", s.code()),
            Val::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Val::Year(y) => format!("{y:04}"),
            Val::MonthDay(m, d) => format!("--{m:02}-{d:02}"),
            Val::MonthOnly(m) => format!("--{m:02}"),
            Val::Range(a, _) => a.value(),
        }
    }

    pub(crate) fn end_value(&self) -> Option<String> {
        match self {
            Val::Range(_, Some(b)) => Some(b.value()),
            _ => None,
        }
    }

    pub(crate) fn precision(&self) -> TimePrecision {
        match self {
            Val::Day(_) => TimePrecision::Day,
            Val::Week(_) => TimePrecision::Week,
            Val::Month(..) | Val::MonthOnly(_) => TimePrecision::Month,
            Val::Season(..) => TimePrecision::Season,
            Val::Quarter(..) => TimePrecision::Quarter,
            Val::Year(_) => TimePrecision::Year,
            Val::MonthDay(..) => TimePrecision::MonthDay,
            Val::Range(..) => TimePrecision::Range,
        }
    }

    /// The value as a partial date (for `anchor_date` of later expressions).
    pub(crate) fn partial(&self) -> Option<PartialDate> {
        let d = self.start()?;
        let m = u8::try_from(d.month()).ok();
        let day = u8::try_from(d.day()).ok();
        match self.grain() {
            Grain::Day | Grain::Week => PartialDate::new(d.year(), m, day),
            Grain::Month | Grain::Season | Grain::Quarter => PartialDate::new(d.year(), m, None),
            Grain::Year => PartialDate::new(d.year(), None, None),
        }
    }
}

/// An anchor: a date to count from and how fine it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Base0 {
    pub date: NaiveDate,
    pub grain: Grain,
}

impl Base0 {
    pub(crate) fn from_partial(p: PartialDate) -> Option<Self> {
        // A partial publication date stands in by its middle; expressions finer than it are
        // coarsened to its grain when resolved.
        let (date, grain) = match (p.month, p.day) {
            (Some(m), Some(d)) => (ymd(p.year, m.into(), d.into())?, Grain::Day),
            (Some(m), None) => (ymd(p.year, m.into(), 15)?, Grain::Month),
            _ => (ymd(p.year, 7, 1)?, Grain::Year),
        };
        Some(Base0 { date, grain })
    }

    fn from_val(v: &Val) -> Option<Self> {
        Some(Base0 {
            date: v.start()?,
            grain: match v.grain() {
                Grain::Season | Grain::Quarter => Grain::Month,
                g => g,
            },
        })
    }
}

pub(crate) struct Ctx<'a> {
    pub published: Option<Base0>,
    pub previous: Option<&'a Val>,
    /// The previous expression is in the same sentence.
    pub previous_here: bool,
    pub tense: Option<Tense>,
}

/// Which anchor a value used; combined over a range's ends.
fn worst(a: Anchor, b: Anchor) -> Anchor {
    let rank = |x: Anchor| match x {
        Anchor::Absolute => 0,
        Anchor::Published => 1,
        Anchor::Previous => 2,
        Anchor::None => 3,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

pub(crate) fn resolve(sem: &Sem, ctx: &Ctx<'_>) -> Option<(Val, Anchor)> {
    match sem {
        Sem::Spec(s) => spec(s, ctx),
        Sem::Offset {
            unit,
            n,
            base,
            part,
        } => {
            let (b, anchor) = match base {
                Base::Published => (ctx.published?, Anchor::Published),
                Base::Previous | Base::PreviousEvent => {
                    (Base0::from_val(ctx.previous?)?, Anchor::Previous)
                }
            };
            if *base == Base::PreviousEvent {
                // Right after a date of its sentence it restates that date; elsewhere the
                // event it counts from has no date we know, and the previous expression may
                // belong to another event entirely: better no value than a wrong one.
                if !ctx.previous_here {
                    return None;
                }
                return Some((ctx.previous?.clone(), Anchor::Previous));
            }
            // "protests continued this weekend" in a Monday paper: the weekend just gone
            let past_weekend = *unit == Unit::Weekend
                && *n == 0
                && ctx.tense == Some(Tense::Past)
                && b.date.weekday().num_days_from_monday() < 5;
            let n = if past_weekend { -1 } else { *n };
            Some((
                coarsen(with_part(shift(b.date, *unit, n)?, *part)?, b.grain)?,
                anchor,
            ))
        }
        Sem::InFuture { unit, n } => {
            if ctx.tense == Some(Tense::Past) {
                return None;
            }
            let b = ctx.published?;
            Some((
                coarsen(shift(b.date, *unit, *n)?, b.grain)?,
                Anchor::Published,
            ))
        }
        Sem::Span { unit, n } => {
            let b = ctx.published?;
            let (from, to) = if *n < 0 { (*n, -1) } else { (1, *n) };
            let a = coarsen(shift(b.date, *unit, from)?, b.grain)?;
            let z = coarsen(shift(b.date, *unit, to)?, b.grain)?;
            Some((range_of(a, Some(z)), Anchor::Published))
        }
        Sem::Named { dir, spec } => {
            let (b, anchor, sel) = match dir {
                Dir::Last => (ctx.published?, Anchor::Published, Sel::Last),
                Dir::Next => (ctx.published?, Anchor::Published, Sel::Next),
                Dir::This => (ctx.published?, Anchor::Published, Sel::This),
                Dir::Prev | Dir::Follow => {
                    let sel = if *dir == Dir::Prev {
                        Sel::Last
                    } else {
                        Sel::Next
                    };
                    match ctx.previous.and_then(Base0::from_val) {
                        Some(b) => (b, Anchor::Previous, sel),
                        None => (ctx.published?, Anchor::Published, sel),
                    }
                }
            };
            Some((by_anchor(spec, b, sel)?, anchor))
        }
        Sem::WeekdayOfWeek { weekday, n } => {
            let b = ctx.published?;
            let mon = add_days(monday(b.date)?, n.checked_mul(7)?)?;
            let d = add_days(mon, i64::from(*weekday) - 1)?;
            Some((coarsen(Val::Day(d), b.grain)?, Anchor::Published))
        }
        Sem::Range(a, b) => {
            let (va, aa) = resolve(a, ctx)?;
            // an end without a year takes the start's ("November 7-9")
            let b2 = match (&**b, va.start()) {
                (Sem::Spec(sb), Some(start)) if sb.year.is_none() && sb.weekday.is_none() => {
                    let mut sb = sb.clone();
                    let wraps = sb.month.is_some_and(|m| u32::from(m) < start.month());
                    sb.year = Some(start.year() + i32::from(wraps));
                    Sem::Spec(sb)
                }
                (other, _) => other.clone(),
            };
            let (vb, ab) = resolve(&b2, ctx)?;
            if let (Some(s), Some(e)) = (va.start(), vb.end()) {
                if e < s {
                    return None;
                }
            }
            let start = match va {
                Val::Range(s, _) => *s,
                v => v,
            };
            let end = match vb {
                Val::Range(s, e) => e.map_or(*s, |e| *e),
                v => v,
            };
            Some((range_of(start, Some(end)), worst(aa, ab)))
        }
        Sem::Since(x) => {
            let (v, a) = resolve(x, ctx)?;
            let start = match v {
                Val::Range(s, _) => *s,
                v => v,
            };
            Some((Val::Range(Box::new(start), None), a))
        }
    }
}

fn range_of(a: Val, b: Option<Val>) -> Val {
    match b {
        Some(b) if b == a => a,
        b => Val::Range(Box::new(a), b.map(Box::new)),
    }
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let first = d.with_day(1)?;
    let n32 = u32::try_from(n.unsigned_abs()).ok()?;
    if n >= 0 {
        first.checked_add_months(Months::new(n32))
    } else {
        first.checked_sub_months(Months::new(n32))
    }
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(chrono::TimeDelta::try_days(n)?)
}

fn monday(d: NaiveDate) -> Option<NaiveDate> {
    add_days(d, -i64::from(d.weekday().num_days_from_monday()))
}

/// The unit containing `d` shifted by `n` units.
fn shift(d: NaiveDate, unit: Unit, n: i64) -> Option<Val> {
    Some(match unit {
        Unit::Day => Val::Day(add_days(d, n)?),
        Unit::Week => Val::Week(monday(add_days(d, n.checked_mul(7)?)?)?),
        Unit::Weekend => {
            let sat = add_days(monday(d)?, 5 + n.checked_mul(7)?)?;
            Val::Range(
                Box::new(Val::Day(sat)),
                Some(Box::new(Val::Day(add_days(sat, 1)?))),
            )
        }
        Unit::Month => {
            let m = add_months(d, n)?;
            Val::Month(m.year(), m.month())
        }
        Unit::Quarter => {
            let m = add_months(d, n.checked_mul(3)?)?;
            Val::Quarter(m.year(), (m.month() - 1) / 3 + 1)
        }
        Unit::Year => Val::Year(d.year().checked_add(i32::try_from(n).ok()?)?),
    })
}

/// Day or month bounds of a part of a unit: early/mid/late thirds, halves of a year.
fn with_part(v: Val, part: Option<Part>) -> Option<Val> {
    let Some(part) = part else { return Some(v) };
    let days = |y: i32, m: u32, a: u32, b: Option<u32>| -> Option<Val> {
        let end = match b {
            Some(b) => ymd(y, m, b)?,
            None => month_end(y, m)?,
        };
        Some(range_of(Val::Day(ymd(y, m, a)?), Some(Val::Day(end))))
    };
    let months = |y: i32, a: u32, b: u32| range_of(Val::Month(y, a), Some(Val::Month(y, b)));
    Some(match (&v, part) {
        (_, Part::Earlier | Part::Later) => v,
        (Val::Month(y, m), Part::Early) => days(*y, *m, 1, Some(10))?,
        (Val::Month(y, m), Part::Mid) => days(*y, *m, 11, Some(20))?,
        (Val::Month(y, m), Part::Late) => days(*y, *m, 21, None)?,
        (Val::Month(y, m), Part::FirstHalf) => days(*y, *m, 1, Some(15))?,
        (Val::Month(y, m), Part::SecondHalf) => days(*y, *m, 16, None)?,
        (Val::Year(y), Part::Early) => months(*y, 1, 4),
        (Val::Year(y), Part::Mid) => months(*y, 5, 8),
        (Val::Year(y), Part::Late) => months(*y, 9, 12),
        (Val::Year(y), Part::FirstHalf) => months(*y, 1, 6),
        (Val::Year(y), Part::SecondHalf) => months(*y, 7, 12),
        (Val::Week(mon), p) => {
            let (a, b) = match p {
                Part::Early | Part::FirstHalf => (0, 2),
                Part::Mid => (2, 3),
                _ => (4, 6),
            };
            range_of(
                Val::Day(add_days(*mon, a)?),
                Some(Val::Day(add_days(*mon, b)?)),
            )
        }
        _ => v,
    })
}

/// A value no finer than its anchor: "yesterday" against a year-only date is that year.
fn coarsen(v: Val, grain: Grain) -> Option<Val> {
    if v.grain() >= grain {
        return Some(v);
    }
    let d = v.start()?;
    Some(match grain {
        Grain::Day => v,
        Grain::Week => Val::Week(monday(d)?),
        Grain::Month | Grain::Season | Grain::Quarter => Val::Month(d.year(), d.month()),
        Grain::Year => Val::Year(d.year()),
    })
}

/// How to pick one of a spec's occurrences around an anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sel {
    /// Latest starting on or before the anchor (past tense).
    Past,
    /// Earliest ending on or after the anchor (future tense).
    Future,
    /// Earliest starting after the anchor (future tense, weekdays).
    FutureStrict,
    /// Closest to the anchor (no tense cue).
    Nearest,
    /// "last ...": latest ending before the anchor.
    Last,
    /// "next ...": earliest starting after the anchor.
    Next,
    /// "this ...": the one containing the anchor, else in its year (weekdays: on or after).
    This,
}

fn select(
    cands: &[(Val, NaiveDate, NaiveDate)],
    a: NaiveDate,
    sel: Sel,
    days: bool,
) -> Option<Val> {
    let pick_max = |f: &dyn Fn(&(Val, NaiveDate, NaiveDate)) -> bool| {
        cands
            .iter()
            .filter(|c| f(c))
            .max_by_key(|c| c.1)
            .map(|c| c.0.clone())
    };
    let pick_min = |f: &dyn Fn(&(Val, NaiveDate, NaiveDate)) -> bool| {
        cands
            .iter()
            .filter(|c| f(c))
            .min_by_key(|c| c.1)
            .map(|c| c.0.clone())
    };
    match sel {
        Sel::Past => pick_max(&|c| c.1 <= a),
        Sel::Future => pick_min(&|c| c.2 >= a),
        Sel::FutureStrict => pick_min(&|c| c.1 > a),
        Sel::Last => pick_max(&|c| c.2 < a),
        Sel::Next => pick_min(&|c| c.1 > a),
        Sel::This if days => pick_min(&|c| c.1 >= a),
        Sel::This => pick_min(&|c| c.1 <= a && a <= c.2)
            .or_else(|| pick_min(&|c| c.1.year() == a.year()))
            .or_else(|| select(cands, a, Sel::Nearest, days)),
        Sel::Nearest => cands
            .iter()
            .min_by_key(|c| {
                let dist = if a < c.1 {
                    (c.1 - a).num_days()
                } else if a > c.2 {
                    (a - c.2).num_days()
                } else {
                    0
                };
                // ties go to the past: news reports more than it announces
                (dist, std::cmp::Reverse(c.1))
            })
            .map(|c| c.0.clone()),
    }
}

fn spec(s: &Spec, ctx: &Ctx<'_>) -> Option<(Val, Anchor)> {
    if s.year.is_some() || s.decade.is_some() {
        return Some((in_year(s, s.year.unwrap_or(0))?, Anchor::Absolute));
    }
    let needs =
        if (s.weekday.is_some() || s.day.is_some()) && s.month.is_none() && s.holiday.is_none() {
            Grain::Day
        } else {
            Grain::Month
        };
    let sel = match ctx.tense {
        Some(Tense::Past | Tense::Speech) => Sel::Past,
        Some(Tense::Future) if s.weekday.is_some() && s.month.is_none() => Sel::FutureStrict,
        Some(Tense::Future) => Sel::Future,
        None => Sel::Nearest,
    };
    match ctx.published {
        Some(b) if b.grain <= needs => Some((by_anchor(s, b, sel)?, Anchor::Published)),
        // Never invent a year: keep what the text says.
        _ => match (s.month, s.day, s.part) {
            (Some(m), Some(d), _) => Some((Val::MonthDay(m.into(), d.into()), Anchor::None)),
            (Some(m), None, None) => Some((Val::MonthOnly(m.into()), Anchor::None)),
            _ => None,
        },
    }
}

/// The occurrence of a year-less spec picked around an anchor.
fn by_anchor(s: &Spec, b: Base0, sel: Sel) -> Option<Val> {
    let a = b.date;
    let mut cands = Vec::new();
    if let (Some(day), None) = (s.day, s.month) {
        // a day of the month alone: the months around the anchor
        let first = a.with_day(1)?;
        for k in -2i64..=2 {
            let Some(d) = add_months(first, k).and_then(|m| m.with_day(day.into())) else {
                continue;
            };
            if s.weekday
                .is_none_or(|wd| d.weekday().number_from_monday() == u32::from(wd))
            {
                cands.push((Val::Day(d), d, d));
            }
        }
        return select(&cands, a, sel, true);
    }
    if let (Some(wd), None, None) = (s.weekday, s.month, s.holiday) {
        let mut d = add_days(a, -14)?;
        for _ in 0..29 {
            if d.weekday().number_from_monday() == u32::from(wd) {
                cands.push((Val::Day(d), d, d));
            }
            d = d.succ_opt()?;
        }
        return select(&cands, a, sel, true);
    }
    for y in a.year() - 1..=a.year() + 1 {
        let Some(v) = in_year(s, y) else { continue };
        if let (Some(wd), Val::Day(d)) = (s.weekday, &v) {
            if d.weekday().number_from_monday() != u32::from(wd) {
                continue;
            }
        }
        if let (Some(st), Some(en)) = (v.start(), v.end()) {
            cands.push((v, st, en));
        }
    }
    if cands.is_empty() && s.weekday.is_some() {
        // the weekday fits no candidate year: ignore it
        let s2 = Spec {
            weekday: None,
            ..s.clone()
        };
        return by_anchor(&s2, b, sel);
    }
    let days = s.day.is_some() || s.holiday.is_some();
    // the value keeps the text's precision: the anchor only picked the year
    select(&cands, a, sel, days)
}

/// The spec's value in year `y`.
fn in_year(s: &Spec, y: i32) -> Option<Val> {
    if let Some(d) = s.decade {
        let (a, b) = match s.part {
            Some(Part::Early) => (0, 3),
            Some(Part::Mid) => (4, 6),
            Some(Part::Late) => (7, 9),
            _ => (0, 9),
        };
        return Some(range_of(Val::Year(d + a), Some(Val::Year(d + b))));
    }
    if let Some(h) = s.holiday {
        return Some(Val::Day(holiday(h, y)?));
    }
    if let Some(m) = s.month {
        let m = u32::from(m);
        if let Some(d) = s.day {
            return Some(Val::Day(ymd(y, m, d.into())?));
        }
        return with_part(Val::Month(y, m), s.part);
    }
    if let Some(season) = s.season {
        return Some(Val::Season(y, season));
    }
    if let Some(q) = s.quarter {
        return Some(Val::Quarter(y, q.into()));
    }
    with_part(Val::Year(y), s.part)
}

fn holiday(rule: HolidayRule, y: i32) -> Option<NaiveDate> {
    match rule {
        HolidayRule::Fixed(m, d) => ymd(y, m, d),
        HolidayRule::Nth(m, wd, n) => {
            let wd = Weekday::try_from(u8::try_from(wd.checked_sub(1)?).ok()?).ok()?;
            if n > 0 {
                NaiveDate::from_weekday_of_month_opt(y, m, wd, u8::try_from(n).ok()?)
            } else {
                let mut d = month_end(y, m)?;
                while d.weekday() != wd {
                    d = d.pred_opt()?;
                }
                Some(d)
            }
        }
        HolidayRule::Easter(off) => add_days(easter(y)?, off),
    }
}

/// Western Easter Sunday (anonymous Gregorian computus).
fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(y, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2006), ymd(2006, 4, 16));
        assert_eq!(easter(2013), ymd(2013, 3, 31));
        assert_eq!(easter(2024), ymd(2024, 3, 31));
    }

    #[test]
    fn iso_values() {
        let d = ymd(2006, 11, 15).unwrap();
        assert_eq!(Val::Week(monday(d).unwrap()).value(), "2006-W46");
        assert_eq!(Val::Season(2007, Season::Spring).value(), "2007-SP");
        assert_eq!(Val::Quarter(2022, 1).value(), "2022-Q1");
        assert_eq!(Val::MonthDay(12, 20).value(), "--12-20");
        assert_eq!(shift(d, Unit::Month, -11).unwrap().value(), "2005-12");
        assert_eq!(shift(d, Unit::Quarter, 1).unwrap().value(), "2007-Q1");
        assert_eq!(Val::Season(2006, Season::Winter).end(), ymd(2007, 2, 28));
    }

    #[test]
    fn hand_written_digits_are_chrono_and_format_digits() {
        for y in [-10001, -1, 0, 7, 99, 999, 1000, 2006, 9999, 10000, 262_142] {
            for (m, d) in [(1, 1), (2, 28), (11, 5), (12, 31)] {
                if let Some(date) = ymd(y, m, d) {
                    assert_eq!(Val::Day(date).value(), date.format("%Y-%m-%d").to_string());
                }
                assert_eq!(Val::Month(y, m).value(), format!("{y:04}-{m:02}"));
            }
            assert_eq!(Val::Month(y, 123).value(), format!("{y:04}-{:02}", 123));
        }
    }

    #[test]
    fn selection_by_tense() {
        let a = ymd(2006, 11, 15).unwrap();
        let b = Base0 {
            date: a,
            grain: Grain::Day,
        };
        let s = Spec {
            month: Some(11),
            day: Some(20),
            ..Spec::default()
        };
        assert_eq!(
            by_anchor(&s, b, Sel::Past),
            Some(Val::Day(ymd(2005, 11, 20).unwrap()))
        );
        assert_eq!(
            by_anchor(&s, b, Sel::Future),
            Some(Val::Day(ymd(2006, 11, 20).unwrap()))
        );
        let mon = Spec {
            weekday: Some(1),
            ..Spec::default()
        };
        // 2006-11-15 is a Wednesday
        assert_eq!(
            by_anchor(&mon, b, Sel::Past),
            Some(Val::Day(ymd(2006, 11, 13).unwrap()))
        );
        assert_eq!(
            by_anchor(&mon, b, Sel::FutureStrict),
            Some(Val::Day(ymd(2006, 11, 20).unwrap()))
        );
    }
}
