//! The grammar: from a token position, the longest time expression starting there, as a
//! meaning (`Sem`) still to be resolved against an anchor. Every rule looks ahead a bounded
//! number of tokens, so a scan over a document stays linear.

use super::lexicon::{
    Dir, HolidayRule, Lexicon, Part, Season, Unit, DIR_UNIT, FIRST_MONTHS, HOLIDAY, MONTH, NAMED,
    NEEDS_NEXT, NOT_WORD_RULES, NTH_WEEKDAY, NUMBER, OFFSET, OPENER, ORDINAL, PART_UNIT, RELDAY,
    SPEC, START, WEEKDAY, WEEKDAY_OF_WEEK,
};
use super::scan::{Kind, Tok};

/// A calendar description; without `year` it is resolved by tense against the anchor.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Spec {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub weekday: Option<u8>,
    pub season: Option<Season>,
    pub quarter: Option<u8>,
    pub part: Option<Part>,
    /// First year of a decade ("the 1990s").
    pub decade: Option<i32>,
    pub holiday: Option<HolidayRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    Published,
    Previous,
    /// "two weeks after the lower house approved it": counted from an event named in the
    /// text. Right after a time expression of the same sentence it restates that one ("on
    /// Thursday, two weeks after ..."); elsewhere it is not resolved.
    PreviousEvent,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sem {
    Spec(Spec),
    /// `n` units from the base ("last week" = -1 week, "two days later" = +2 days from the
    /// previous expression), optionally a part of that unit ("early next year").
    Offset {
        unit: Unit,
        n: i64,
        base: Base,
        part: Option<Part>,
    },
    /// "in two weeks": a future offset, dropped in a past-tense sentence ("the first time in
    /// two years" is a duration).
    InFuture {
        unit: Unit,
        n: i64,
    },
    /// The `n` whole units before (n < 0) or after the anchor: "the past three years".
    Span {
        unit: Unit,
        n: i64,
    },
    /// "last Monday", "next spring": the spec's nearest occurrence in a direction.
    Named {
        dir: Dir,
        spec: Spec,
    },
    /// "Wednesday of next week": a weekday (1 = Monday) in the week `n` weeks from the anchor's.
    WeekdayOfWeek {
        weekday: u8,
        n: i64,
    },
    Range(Box<Sem>, Box<Sem>),
    Since(Box<Sem>),
}

pub(crate) struct Parser<'a, 't> {
    pub t: &'a [Tok<'t>],
    pub lex: &'static Lexicon,
    /// A lone phrase (normalize): no capitalization or context demands.
    pub phrase: bool,
}

type Hit = Option<(Sem, usize)>;

fn longer(a: Hit, b: Hit) -> Hit {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.1 > a.1 { b } else { a }),
        (a, b) => a.or(b),
    }
}

impl Parser<'_, '_> {
    fn w(&self, i: usize) -> Option<&str> {
        let t = self.t.get(i)?;
        (t.kind == Kind::Word).then_some(t.lower)
    }

    /// The word at `i` if the lexicon's list `bit` (one of the starter flags) holds it: the
    /// scan's flags say so without a lookup.
    fn listed(&self, i: usize, bit: u8) -> Option<&str> {
        let t = self.t.get(i)?;
        (t.kind == Kind::Word && t.flags & bit != 0).then_some(t.lower)
    }

    fn is(&self, i: usize, s: &str) -> bool {
        self.t.get(i).is_some_and(|t| t.lower == s)
    }

    fn is_any(&self, i: usize, s: &[&str]) -> bool {
        self.t.get(i).is_some_and(|t| s.contains(&t.lower))
    }

    fn gap(&self, i: usize) -> bool {
        self.t.get(i).is_none_or(|t| t.gap)
    }

    /// Digits at `i`: value and digit count.
    fn num(&self, i: usize) -> Option<(i64, usize)> {
        let t = self.t.get(i)?;
        if t.kind != Kind::Num || t.lower.len() > 9 {
            return None;
        }
        Some((t.lower.parse().ok()?, t.lower.len()))
    }

    /// A number glued to others ("2,000", "7.5", "40%") is a quantity, not a date part.
    fn glued_number(&self, i: usize) -> bool {
        let after = |k: usize| self.t.get(k).is_some_and(|t| !t.gap);
        let next_glued = after(i + 1)
            && (self.is_any(i + 1, &[",", "."]) && after(i + 2) && self.num(i + 2).is_some()
                || self.is_any(i + 1, &["%", ":"]));
        let prev_glued = i > 0
            && !self.gap(i)
            && (self.is_any(i - 1, &["$", "€", "£", "#", "№"])
                || self.is_any(i - 1, &[",", "."]) && i > 1 && self.num(i - 2).is_some());
        next_glued || prev_glued
    }

    fn ord_suffix(&self, i: usize) -> bool {
        !self.gap(i) && self.is_any(i, &["st", "nd", "rd", "th"])
    }

    /// A day of the month at `i` (digits with optional ordinal suffix): day, next index.
    fn day_num(&self, i: usize) -> Option<(u8, usize)> {
        let (d, len) = self.num(i)?;
        if len > 2 || !(1..=31).contains(&d) || self.glued_number(i) {
            return None;
        }
        let j = if self.ord_suffix(i + 1) { i + 2 } else { i + 1 };
        Some((u8::try_from(d).ok()?, j))
    }

    /// An ordinal word or digits+suffix.
    fn ordinal(&self, i: usize) -> Option<(i64, usize)> {
        if let Some(n) = self
            .listed(i, ORDINAL)
            .and_then(|w| self.lex.ordinals.get(w))
        {
            return Some((n, i + 1));
        }
        // "twenty-first"
        if let Some(tens) = self.listed(i, NUMBER).and_then(|w| self.lex.numbers.get(w)) {
            if (20..=90).contains(&tens) && self.is(i + 1, "-") {
                if let Some(u) = self
                    .listed(i + 2, ORDINAL)
                    .and_then(|w| self.lex.ordinals.get(w))
                {
                    if (1..10).contains(&u) {
                        return Some((tens + u, i + 3));
                    }
                }
            }
        }
        let (n, len) = self.num(i)?;
        (len <= 2 && self.ord_suffix(i + 1)).then_some((n, i + 2))
    }

    /// A four-digit year (any year 1000-2999 here; callers demand context for bare ones).
    fn year4(&self, i: usize) -> Option<i32> {
        let (y, len) = self.num(i)?;
        (len == 4 && (1000..=2999).contains(&y) && !self.glued_number(i))
            .then(|| i32::try_from(y).ok())
            .flatten()
    }

    /// A month name at `i`: month, next index (after an abbreviation's dot).
    fn month(&self, i: usize) -> Option<(u8, usize)> {
        let t = self.t.get(i)?;
        let (m, fl) = self.lex.months.get(self.listed(i, MONTH)?)?;
        if !self.phrase && fl.cap && !t.cap {
            return None;
        }
        if fl.abbr && self.is(i + 1, ".") && !self.gap(i + 1) {
            return Some((m, i + 2));
        }
        Some((m, i + 1))
    }

    fn weekday(&self, i: usize) -> Option<(u8, usize, bool)> {
        let t = self.t.get(i)?;
        let (d, fl) = self.lex.weekdays.get(self.listed(i, WEEKDAY)?)?;
        if !self.phrase && fl.cap && !t.cap {
            return None;
        }
        if fl.abbr && self.is(i + 1, ".") && !self.gap(i + 1) {
            return Some((d, i + 2, true));
        }
        Some((d, i + 1, fl.abbr))
    }

    /// A count: "two", "2", "a", "a couple of", "twenty-five", "a dozen".
    fn count(&self, i: usize) -> Option<(i64, usize)> {
        if let Some((n, len)) = self.num(i) {
            return (len <= 4 && !self.glued_number(i)).then_some((n, i + 1));
        }
        let w = self.w(i)?;
        if w == "couple" || (matches!(w, "a" | "an") && self.is(i + 1, "couple")) {
            let k = if w == "couple" { i + 1 } else { i + 2 };
            return self.is(k, "of").then_some((2, k + 1));
        }
        if matches!(w, "a" | "an") && self.is(i + 1, "dozen") {
            return Some((12, i + 2));
        }
        let n = self.lex.numbers.get(w)?;
        if w == "couple" || w == "dozen" {
            return None;
        }
        if (20..=90).contains(&n) && self.is(i + 1, "-") {
            if let Some(u) = self
                .listed(i + 2, NUMBER)
                .and_then(|w| self.lex.numbers.get(w))
            {
                if (1..10).contains(&u) {
                    return Some((n + u, i + 3));
                }
            }
        }
        Some((n, i + 1))
    }

    fn unit(&self, i: usize) -> Option<(Unit, i64)> {
        self.w(i).and_then(|w| self.lex.units.get(w))
    }

    /// Whether the words before `i` make a bare year, month or season a date ("in May").
    fn context_before(&self, i: usize) -> bool {
        let prep = |k: usize| {
            self.w(k).is_some_and(|w| {
                self.lex.preps.contains(w)
                    || self.lex.parts.contains(w)
                    || self.lex.dirs.contains(w)
            })
        };
        // "in 2005 and 2006", "in 2005, 2006 or 2007"
        let listed =
            i > 1 && self.is_any(i - 1, &["and", "or", ","]) && self.year4(i - 2).is_some();
        let filler = |k: usize| self.is_any(k, &["the", "both", "either", "early", "late"]);
        listed || i > 0 && (prep(i - 1) || (filler(i - 1) && i > 1 && prep(i - 2)))
    }

    /// The longest expression starting at `i`, with ranges and "since".
    pub(crate) fn parse_at(&self, i: usize) -> Hit {
        if self.turned_away(i) {
            return None;
        }
        self.rules_at(i)
    }

    /// The quick tests of [`Parser::parse_at`]: true only where the rules find nothing.
    fn turned_away(&self, i: usize) -> bool {
        // most tokens start nothing, as their flags from the scan say
        let Some(t) = self.t.get(i).filter(|t| t.flags & START != 0) else {
            return true;
        };
        if t.kind == Kind::Punct {
            // an apostrophe not followed by digits ("'90s") outside a lone phrase:
            // possessives are most of them
            return !self.phrase && self.t.get(i + 1).is_some_and(|t| t.kind != Kind::Num);
        }
        self.alone(i, t.flags)
    }

    /// Whether the starter at `i`, with the lexicon's `flags`, starts nothing for the token
    /// after it: it needs a next word ([`NEEDS_NEXT`]) and that is a word the grammar never
    /// reads (after an opener: never reads right after one, "the war", "in his") or a mark no
    /// rule reads there ("15,", "the )"), or it is an opener ("the", "in")
    /// followed by another opener that is so followed ("in the government"; see `OPENERS` in
    /// the lexicon).
    fn alone(&self, i: usize, flags: u8) -> bool {
        let mut flags = flags;
        let mut k = i;
        loop {
            if flags & NEEDS_NEXT == 0 {
                return false;
            }
            let Some(next) = self.t.get(k + 1) else {
                return false;
            };
            // an opener's rules read fewer words right after it than the grammar has
            let read = if flags & OPENER != 0 {
                &self.lex.after_opener
            } else {
                &self.lex.grammar_words
            };
            let other = match next.kind {
                Kind::Word => !read.contains(next.lower),
                // the marks a rule may read right after its first word or number
                Kind::Punct => !matches!(next.lower, "-" | "'" | "/" | "."),
                Kind::Num => false,
            };
            if other {
                return true;
            }
            if flags & OPENER == 0 || next.kind != Kind::Word {
                return false;
            }
            // openers are starters that need a next word
            flags = if next.flags & OPENER != 0 {
                next.flags
            } else {
                0
            };
            k += 1;
        }
    }

    /// [`Parser::parse_at`] past its quick tests.
    fn rules_at(&self, i: usize) -> Hit {
        if self.is(i, "since") {
            if let Some((s, e)) = self.time(i + 1, true) {
                return Some((Sem::Since(Box::new(s)), e));
            }
        }
        if self.is(i, "between") {
            if let Some((a, j)) = self.time(i + 1, true) {
                if self.is(j, "and") {
                    if let Some((b, e)) = self.tail(&a, j + 1) {
                        return Some((range(a, b), e));
                    }
                }
            }
        }
        if self.is(i, "from") {
            if let Some((a, j)) = self.time(i + 1, true) {
                if self.is_any(j, &["to", "until", "till", "through", "-"]) {
                    if let Some((b, e)) = self.tail(&a, j + 1) {
                        return Some((range(a, b), e));
                    }
                }
            }
        }
        if let Some(hit) = self.year_range(i) {
            return Some(hit);
        }
        if let Some(hit) = self.day_range(i) {
            return Some(hit);
        }
        let (a, j) = self.time(i, false)?;
        if self.is_any(j, &["-", "through", "thru"]) {
            if let Some((b, e)) = self.tail(&a, j + 1) {
                return Some((range(a, b), e));
            }
        }
        Some((a, j))
    }

    /// "2017-2018", "2017-18" without a preposition before them.
    fn year_range(&self, i: usize) -> Hit {
        let y1 = self.year4(i)?;
        // "2015/16" is a season or fiscal year spanning two calendar years
        if !(1800..=2100).contains(&y1) || !self.is_any(i + 1, &["-", "/"]) || self.gap(i + 1) {
            return None;
        }
        let (n, len) = self.num(i + 2)?;
        if self.gap(i + 2) || self.glued_number(i + 2) {
            return None;
        }
        let y2 = match len {
            4 => i32::try_from(n).ok()?,
            2 => y1 - y1 % 100 + i32::try_from(n).ok()?,
            _ => return None,
        };
        (y2 > y1 && y2 - y1 < 100).then(|| (range(year(y1), year(y2)), i + 3))
    }

    /// "7-9 October", "7 to 9 October 2009", "the 13th to the 15th of July".
    fn day_range(&self, i: usize) -> Hit {
        let k = if self.is(i, "the") { i + 1 } else { i };
        let (d1, j) = self.day_num(k)?;
        if !self.is_any(j, &["-", "to", "and", "through", "until"]) {
            return None;
        }
        let k2 = if self.is(j + 1, "the") { j + 2 } else { j + 1 };
        let (second, e) = self.day_first(k2)?;
        if d1 >= second.day? {
            return None;
        }
        let first = Spec {
            day: Some(d1),
            ..second.clone()
        };
        Some((range(Sem::Spec(first), Sem::Spec(second)), e))
    }

    /// The second half of a range: a full expression, or a bare day or year completing the
    /// first ("November 7-9", "2017-18").
    fn tail(&self, a: &Sem, j: usize) -> Hit {
        if let Some(hit) = self.time(j, true) {
            return Some(hit);
        }
        let Sem::Spec(sa) = a else { return None };
        let (n, len) = self.num(j)?;
        if sa.day.is_some() && len <= 2 {
            let (d, mut k) = self.day_num(j)?;
            let mut spec = Spec {
                month: sa.month,
                day: Some(d),
                year: sa.year,
                ..Spec::default()
            };
            if sa.year.is_none() {
                let y = if self.is(k, ",") { k + 1 } else { k };
                if let Some(yr) = self.year4(y) {
                    spec.year = Some(yr);
                    k = y + 1;
                }
            }
            return Some((Sem::Spec(spec), k));
        }
        if sa.month.is_none() && sa.season.is_none() && sa.decade.is_none() && len == 2 {
            let y1 = sa.year?;
            let y2 = y1 - y1 % 100 + i32::try_from(n).ok()?;
            return (y2 > y1).then(|| (year(y2), j + 1));
        }
        None
    }

    /// One expression (no range) starting at `i`; `ctx`: a preposition stands before it.
    pub(crate) fn time(&self, i: usize, ctx: bool) -> Hit {
        // Only the rules whose first tests the first token passes are run (most tokens here
        // pass those of one or two): a word's are looked up, a number or an apostrophe
        // ("'90s") starts no rule that opens with a word, and another mark starts none. A
        // test holds this to running every rule.
        let t = self.t.get(i)?;
        let rules = match t.kind {
            Kind::Word => self.lex.rules_by_word.get(t.lower).unwrap_or(0),
            Kind::Num => NOT_WORD_RULES,
            Kind::Punct if t.lower == "'" => NOT_WORD_RULES,
            Kind::Punct => 0,
        };
        if rules == 0 {
            return None;
        }
        let ctx = ctx || self.phrase || self.context_before(i);
        let may = |rule: u16| rules & rule != 0;
        let mut best = None;
        if may(RELDAY) {
            best = self.relday(i);
        }
        if may(DIR_UNIT) {
            best = longer(best, self.dir_unit(i));
        }
        if may(PART_UNIT) {
            best = longer(best, self.part_unit(i));
        }
        if may(OFFSET) {
            best = longer(best, self.offset(i));
        }
        if may(NAMED) {
            best = longer(best, self.named(i));
        }
        if may(SPEC) {
            best = longer(best, self.spec(i, ctx).map(|(s, e)| (Sem::Spec(s), e)));
        }
        if may(NTH_WEEKDAY) {
            best = longer(best, self.nth_weekday(i));
        }
        if may(WEEKDAY_OF_WEEK) {
            best = longer(best, self.weekday_of_week(i));
        }
        if may(FIRST_MONTHS) {
            best = longer(best, self.first_months(i));
        }
        best
    }

    fn relday(&self, i: usize) -> Hit {
        let day = |n, e| Some((offset(Unit::Day, n, Base::Published), e));
        // "(the) day before yesterday", "(the) day after tomorrow"
        let k = if self.is(i, "the") { i + 1 } else { i };
        if self.is(k, "day") {
            if self.is(k + 1, "before") && self.is(k + 2, "yesterday") {
                return day(-2, k + 3);
            }
            if self.is(k + 1, "after") && self.is(k + 2, "tomorrow") {
                return day(2, k + 3);
            }
        }
        if self.is(i, "last") && self.is(i + 1, "night") {
            return day(-1, i + 2);
        }
        if self.is(i, "this") && self.is_any(i + 1, &["morning", "afternoon", "evening"]) {
            return day(0, i + 2);
        }
        let n = self.lex.reldays.get(self.w(i)?)?;
        let mut e = i + 1;
        if self.w(e).is_some_and(|w| self.lex.dayparts.contains(w)) {
            e += 1;
        }
        day(n, e)
    }

    /// "last week", "this year", "the following day", "that day", "the past three years".
    fn dir_unit(&self, i: usize) -> Hit {
        let the = self.is(i, "the");
        let k = if the { i + 1 } else { i };
        // "that day", "the same week": the previous expression's unit.
        let that = if self.is(i, "that") {
            Some(i + 1)
        } else if the && self.is(k, "same") {
            Some(k + 1)
        } else {
            None
        };
        if let Some(u) = that {
            let (unit, _) = self.unit(u)?;
            if unit == Unit::Quarter || self.w(u).is_some_and(|w| w.ends_with('s')) {
                return None;
            }
            return Some((offset(unit, 0, Base::Previous), u + 1));
        }
        // "the day before", "the week after" (not "the day after tomorrow": relday).
        if the && self.is_any(k + 1, &["before", "after"]) {
            if let Some((unit, mult)) = self.unit(k) {
                if self.time(k + 2, true).is_some() || self.w(k).is_some_and(|w| w.ends_with('s')) {
                    return None;
                }
                let n = if self.is(k + 1, "before") {
                    -mult
                } else {
                    mult
                };
                // "the day before the vote" counts from an event, "the day before," from the
                // previous expression (see `Base::PreviousEvent`)
                let event = self.t.get(k + 2).is_some_and(|t| t.kind == Kind::Word);
                let base = if event {
                    Base::PreviousEvent
                } else {
                    Base::Previous
                };
                return Some((offset(unit, n, base), k + 2));
            }
        }
        // "over the weekend": the one the tense points to
        if the
            && self.is(k, "weekend")
            && i > 0
            && self.is_any(i - 1, &["over", "during", "at", "on", "by"])
        {
            return Some((offset(Unit::Weekend, 0, Base::Published), k + 1));
        }
        let mut dir = self.w(k).and_then(|w| self.lex.dirs.get(w))?;
        let mut j = k + 1;
        // "this past weekend", "this coming week"
        if dir == Dir::This && self.is_any(j, &["past", "coming"]) {
            dir = if self.is(j, "past") {
                Dir::Last
            } else {
                Dir::Next
            };
            j += 1;
        }
        if let Some((n, after)) = self.count(j) {
            // "the past three years", "the next two weeks"
            let (unit, mult) = self.unit(after)?;
            if self.is(j, "a") || self.is(j, "an") || !(1..=100).contains(&n) {
                return None;
            }
            let n = n * mult;
            return match dir {
                Dir::Last | Dir::Prev => Some((Sem::Span { unit, n: -n }, after + 1)),
                Dir::Next | Dir::Follow => Some((Sem::Span { unit, n }, after + 1)),
                Dir::This => None,
            };
        }
        let (unit, mult) = self.unit(j)?;
        let word = self.w(j).unwrap_or("");
        if word.ends_with('s') {
            return None; // "in recent weeks", "the coming months": vague
        }
        let (n, base) = match dir {
            Dir::Last => (-mult, Base::Published),
            Dir::Next if the && unit == Unit::Day => (mult, Base::Previous),
            Dir::Next => (mult, Base::Published),
            Dir::This => (0, Base::Published),
            Dir::Prev => (-mult, Base::Previous),
            Dir::Follow => (mult, Base::Previous),
        };
        if unit == Unit::Day && base == Base::Published {
            return None; // "this day", "next day" alone are not dates
        }
        Some((offset(unit, n, base), j + 1))
    }

    /// "earlier this month", "late last year", "the end of the year", "the first half of
    /// 2007", "the beginning of next month".
    fn part_unit(&self, i: usize) -> Hit {
        // "the first half of ..."
        let k = if self.is(i, "the") { i + 1 } else { i };
        let (part, mut j) = if let Some((o, j)) = self.ordinal(k) {
            if !self.is(j, "half") || !self.is(j + 1, "of") {
                return None;
            }
            let p = match o {
                1 => Part::FirstHalf,
                2 => Part::SecondHalf,
                _ => return None,
            };
            (p, j + 2)
        } else {
            let p = self.w(k).and_then(|w| self.lex.parts.get(w))?;
            let mut j = k + 1;
            if self.is(j, "-") || self.is(j, "of") {
                j += 1;
            }
            // "earlier in the week", "later in the year": somewhere in this one
            if matches!(p, Part::Earlier | Part::Later) && self.is(j, "in") && self.is(j + 1, "the")
            {
                let word = self.w(j + 2).unwrap_or("");
                if let Some((unit @ (Unit::Week | Unit::Month | Unit::Year), 1)) = self.unit(j + 2)
                {
                    if !word.ends_with('s') {
                        return Some((offset_part(unit, 0, p), j + 3));
                    }
                }
            }
            (p, j)
        };
        // "(of) (the) year/month/week" = this one: "the end of the year", "end of year"
        if self.unit(j).is_some_and(|u| u.1 == 1) && self.is(j - 1, "of") {
            if let Some((unit, _)) = self.unit(j) {
                if matches!(unit, Unit::Week | Unit::Month | Unit::Year)
                    && !self.w(j).is_some_and(|w| w.ends_with('s'))
                {
                    return Some((offset_part(unit, 0, part), j + 1));
                }
            }
        }
        if self.is(j, "the") {
            if let Some((unit, 1)) = self.unit(j + 1) {
                if matches!(unit, Unit::Week | Unit::Month | Unit::Year)
                    && !self.w(j + 1).is_some_and(|w| w.ends_with('s'))
                {
                    return Some((offset_part(unit, 0, part), j + 2));
                }
            }
            j += 1;
        }
        if let Some(dir) = self.w(j).and_then(|w| self.lex.dirs.get(w)) {
            let (unit, 1) = self.unit(j + 1)? else {
                return None;
            };
            let n = match dir {
                Dir::Last => -1,
                Dir::Next => 1,
                Dir::This => 0,
                _ => return None,
            };
            return Some((offset_part(unit, n, part), j + 2));
        }
        // "early November", "mid-2007", "the end of 2007", "late spring"
        if matches!(part, Part::Earlier | Part::Later) {
            return None;
        }
        let (mut spec, e) = self.core(j, true)?;
        if spec.day.is_some() || spec.weekday.is_some() || spec.quarter.is_some() {
            return None;
        }
        if spec.part.is_none() && spec.season.is_none() {
            spec.part = Some(part);
        }
        Some((Sem::Spec(spec), e))
    }

    /// "two days ago", "a couple of weeks after", "three years earlier", "in two weeks".
    fn offset(&self, i: usize) -> Hit {
        // "for the first time in two years" is a span, not a date
        if self.is(i, "in") && !(i > 0 && self.is_any(i - 1, &["time", "times", "once", "twice"])) {
            let (n, j) = self.count(i + 1)?;
            let (unit, mult) = self.unit(j)?;
            // "in two years' time" is fine; "in a quarter of an hour" is no quarter of a year
            if unit == Unit::Quarter && self.is(j + 1, "of") {
                return None;
            }
            return Some((Sem::InFuture { unit, n: n * mult }, j + 1));
        }
        let (n, j) = self.count(i)?;
        let (unit, mult) = self.unit(j)?;
        let n = n * mult;
        let k = j + 1;
        if self.is(k, "ago") {
            return Some((offset(unit, -n, Base::Published), k + 1));
        }
        if self.is(k, "from") && self.is_any(k + 1, &["now", "today"]) || self.is(k, "hence") {
            let e = if self.is(k, "hence") { k + 1 } else { k + 2 };
            return Some((offset(unit, n, Base::Published), e));
        }
        // "after"/"before" followed by words introduce an event; "later", "after," do not
        let event = self.is_any(k, &["after", "before", "prior"])
            && self.t.get(k + 1).is_some_and(|t| t.kind == Kind::Word);
        let base = if event {
            Base::PreviousEvent
        } else {
            Base::Previous
        };
        if self.is_any(k, &["later", "after", "afterwards", "afterward"]) {
            return Some((offset(unit, n, base), k + 1));
        }
        if self.is_any(k, &["earlier", "before", "prior"]) {
            return Some((offset(unit, -n, base), k + 1));
        }
        None
    }

    /// "last Monday", "next spring", "this November", "the following Tuesday".
    fn named(&self, i: usize) -> Hit {
        let k = if self.is(i, "the") { i + 1 } else { i };
        let mut dir = self.w(k).and_then(|w| self.lex.dirs.get(w))?;
        let mut j = k + 1;
        if dir == Dir::This && self.is_any(j, &["past", "coming"]) {
            dir = if self.is(j, "past") {
                Dir::Last
            } else {
                Dir::Next
            };
            j += 1;
        }
        let mut spec = Spec::default();
        if let Some((d, e, _)) = self.weekday(j) {
            spec.weekday = Some(d);
            j = e;
            if self.w(j).is_some_and(|w| self.lex.dayparts.contains(w)) {
                j += 1;
            }
        } else if let Some((m, e)) = self.month(j) {
            spec.month = Some(m);
            j = e;
        } else if let Some(s) = self.w(j).and_then(|w| self.lex.seasons.get(w)) {
            spec.season = Some(s);
            j += 1;
        } else if let Some((h, e)) = self.holiday(j) {
            spec.holiday = Some(h);
            j = e;
        } else {
            return None;
        }
        Some((Sem::Named { dir, spec }, j))
    }

    fn holiday(&self, i: usize) -> Option<(HolidayRule, usize)> {
        let first = self.t.get(i)?;
        if !self.phrase && !first.cap {
            return None;
        }
        // the names are read with apostrophes skipped, so the first word may follow one
        let k = if self.is(i, "'") { i + 1 } else { i };
        self.listed(k, HOLIDAY)?;
        'names: for (words, rule) in &self.lex.holidays {
            let mut k = i;
            for w in words {
                if self.is(k, "'") {
                    k += 1;
                }
                if !self.is(k, w) {
                    continue 'names;
                }
                k += 1;
            }
            return Some((*rule, k));
        }
        None
    }

    /// "the first Tuesday of October (2014)", "the last Friday in March".
    fn nth_weekday(&self, i: usize) -> Hit {
        let k = if self.is(i, "the") { i + 1 } else { i };
        let (n, j) = if self.is(k, "last") {
            (-1, k + 1)
        } else {
            self.ordinal(k)?
        };
        if !(1..=5).contains(&n) && n != -1 {
            return None;
        }
        let (wd, j, _) = self.weekday(j)?;
        if !self.is_any(j, &["of", "in"]) {
            return None;
        }
        let (spec, e) = self.month_first(j + 1, true)?;
        if spec.day.is_some() {
            return None;
        }
        let month = spec.month?;
        let n = i32::try_from(n).ok()?;
        let s = Spec {
            year: spec.year,
            holiday: Some(HolidayRule::Nth(month.into(), wd.into(), n)),
            ..Spec::default()
        };
        Some((Sem::Spec(s), e))
    }

    /// "the first eight months of 2006", "the last three months of the year".
    fn first_months(&self, i: usize) -> Hit {
        let k = if self.is(i, "the") { i + 1 } else { i };
        let from_end = self.is(k, "last");
        if !from_end && !self.is(k, "first") {
            return None;
        }
        let (n, j) = self.count(k + 1)?;
        if !(1..=11).contains(&n) || !self.is(j, "months") || !self.is(j + 1, "of") {
            return None;
        }
        let n = u32::try_from(n).ok()?;
        let (a, b) = if from_end { (13 - n, 12) } else { (1, n) };
        let bound = |m: u32, y: Option<i32>| Spec {
            year: y,
            month: u8::try_from(m).ok(),
            ..Spec::default()
        };
        if let Some(y) = self.year4(j + 2) {
            let r = range(Sem::Spec(bound(a, Some(y))), Sem::Spec(bound(b, Some(y))));
            return Some((r, j + 3));
        }
        None
    }

    /// "Wednesday of next week", "Sunday from last week", "Tuesday of this week".
    fn weekday_of_week(&self, i: usize) -> Hit {
        let (wd, j, _) = self.weekday(i)?;
        if !self.is_any(j, &["of", "from"]) {
            return None;
        }
        let k = if self.is(j + 1, "the") { j + 2 } else { j + 1 };
        let n = match self.w(k).and_then(|w| self.lex.dirs.get(w))? {
            Dir::Last => -1,
            Dir::Next => 1,
            Dir::This => 0,
            _ => return None,
        };
        if !self.is(k + 1, "week") {
            return None;
        }
        Some((Sem::WeekdayOfWeek { weekday: wd, n }, k + 2))
    }

    /// A calendar spec with an optional weekday or part prefix.
    fn spec(&self, i: usize, ctx: bool) -> Option<(Spec, usize)> {
        if let Some((wd, j, abbr)) = self.weekday(i) {
            let k = if self.is(j, ",") { j + 1 } else { j };
            if let Some((mut s, e)) = self.core(k, true) {
                if s.day.is_some() || s.holiday.is_some() {
                    s.weekday = Some(wd);
                    return Some((s, e));
                }
            }
            // "Tuesday the 19th"
            if let Some((d, e)) = self.the_day(k) {
                let s = Spec {
                    weekday: Some(wd),
                    day: Some(d),
                    ..Spec::default()
                };
                return Some((s, e));
            }
            if abbr && !self.phrase {
                return None;
            }
            let mut e = j;
            if self.w(e).is_some_and(|w| self.lex.dayparts.contains(w)) {
                e += 1;
            }
            return Some((
                Spec {
                    weekday: Some(wd),
                    ..Spec::default()
                },
                e,
            ));
        }
        // "on the 15th": a day of a month the tense picks
        if i > 0 && (self.phrase || self.is(i - 1, "on")) {
            if let Some((d, e)) = self.the_day(i) {
                let s = Spec {
                    day: Some(d),
                    ..Spec::default()
                };
                return Some((s, e));
            }
        }
        self.core(i, ctx)
    }

    /// "the 15th", "the fifteenth" standing alone (not "the 15th century", "the 5th of May").
    fn the_day(&self, i: usize) -> Option<(u8, usize)> {
        if !self.is(i, "the") {
            return None;
        }
        let (d, e) = self.ordinal(i + 1)?;
        if self.t.get(e).is_some_and(|t| t.kind == Kind::Word) || !(1..=31).contains(&d) {
            return None;
        }
        Some((u8::try_from(d).ok()?, e))
    }

    /// Dates, months, years, seasons, quarters, decades, holidays, fiscal years.
    fn core(&self, i: usize, ctx: bool) -> Option<(Spec, usize)> {
        if let Some((h, mut e)) = self.holiday(i) {
            let mut s = Spec {
                holiday: Some(h),
                ..Spec::default()
            };
            let k = if self.is(e, "of") || self.is(e, ",") {
                e + 1
            } else {
                e
            };
            if let Some(y) = self.year4(k) {
                s.year = Some(y);
                e = k + 1;
            }
            return Some((s, e));
        }
        if let Some(hit) = self.month_first(i, ctx) {
            return Some(hit);
        }
        if let Some(hit) = self.day_first(i) {
            return Some(hit);
        }
        if let Some(hit) = self.numeric(i, ctx) {
            return Some(hit);
        }
        let the = self.is(i, "the");
        let k = if the { i + 1 } else { i };
        if let Some(hit) = self.season(k, ctx) {
            return Some(hit);
        }
        if let Some(hit) = self.quarter(k) {
            return Some(hit);
        }
        if let Some(hit) = self.fiscal(k) {
            return Some(hit);
        }
        if let Some(hit) = self.decade(k) {
            return Some(hit);
        }
        // a bare year in a date context
        let y = self.year4(i)?;
        let possessive = self.is(i + 1, "'") && self.is(i + 2, "s") && !self.gap(i + 1);
        let modifies = self
            .w(i + 1)
            .is_some_and(|w| self.lex.yearnouns.contains(w))
            && i > 0
            && (self.is_any(
                i - 1,
                &["the", "its", "his", "her", "their", "this", "last", "next"],
            ) || self.is(i - 1, "s") && i > 1 && self.is(i - 2, "'")); // "Ukraine's 2019 election"
        let fiscal_after = self.is(i + 1, "fiscal") && self.is(i + 2, "year");
        // "Resolution 2231 (2015)": a year in parentheses of its own
        let bracketed = i > 0 && self.is(i - 1, "(") && self.is(i + 1, ")");
        if !(1800..=2100).contains(&y)
            || !(ctx || possessive || modifies || fiscal_after || bracketed)
        {
            return None;
        }
        let e = if fiscal_after { i + 3 } else { i + 1 };
        Some((
            Spec {
                year: Some(y),
                ..Spec::default()
            },
            e,
        ))
    }

    /// "November 7", "Nov. 15, 2006", "May 2007", "May of 2007", and a bare "May" in context.
    fn month_first(&self, i: usize, ctx: bool) -> Option<(Spec, usize)> {
        let (m, j) = self.month(i)?;
        let mut s = Spec {
            month: Some(m),
            ..Spec::default()
        };
        let k = if self.is(j, "the") { j + 1 } else { j };
        if let Some((d, e)) = self.day_num(k) {
            // "Nov 15 2006", "November 7, 2006"
            s.day = Some(d);
            let y = if self.is(e, ",") { e + 1 } else { e };
            if let Some(yr) = self.year4(y) {
                s.year = Some(yr);
                return Some((s, y + 1));
            }
            return Some((s, e));
        }
        // "March first", not "March first-quarter results"
        if let Some((o, e)) = self.ordinal(k).filter(|_| self.num(k).is_none()) {
            let free = self
                .t
                .get(e)
                .is_none_or(|t| t.kind != Kind::Word && t.lower != "-");
            if (1..=31).contains(&o) && free {
                s.day = u8::try_from(o).ok();
                return Some((s, e));
            }
        }
        let y = if self.is_any(j, &[",", "of"]) {
            j + 1
        } else {
            j
        };
        if let Some(yr) = self.year4(y) {
            s.year = Some(yr);
            return Some((s, y + 1));
        }
        ctx.then_some((s, j))
    }

    /// "24 August 2005", "7th of November", "the seventh of November".
    fn day_first(&self, i: usize) -> Option<(Spec, usize)> {
        let the = self.is(i, "the");
        let k = if the { i + 1 } else { i };
        let (d, j) = match self.day_num(k) {
            Some(x) => x,
            None => {
                // "the seventh of November", "first of March"
                let (o, j) = self.ordinal(k)?;
                if !the && !self.is(j, "of") {
                    return None;
                }
                (u8::try_from(o).ok().filter(|d| (1..=31).contains(d))?, j)
            }
        };
        // "31-Oct-74"
        let dashed = self.is(j, "-") && !self.gap(j) && !self.gap(j + 1);
        let j = if self.is(j, "of") || dashed { j + 1 } else { j };
        let (m, e) = self.month(j)?;
        let mut s = Spec {
            month: Some(m),
            day: Some(d),
            ..Spec::default()
        };
        if dashed && self.is(e, "-") && !self.gap(e) && !self.gap(e + 1) {
            if let Some((y, len)) = self.num(e + 1) {
                let y = match len {
                    4 => y,
                    2 if y < 50 => 2000 + y,
                    2 => 1900 + y,
                    _ => return Some((s, e)),
                };
                s.year = i32::try_from(y).ok();
                return Some((s, e + 2));
            }
        }
        let y = if self.is(e, ",") { e + 1 } else { e };
        if let Some(yr) = self.year4(y) {
            s.year = Some(yr);
            return Some((s, y + 1));
        }
        Some((s, e))
    }

    /// "8/24/2005", "2005-08-24", "24.08.2005", and "2/15" in a phrase or after "on".
    fn numeric(&self, i: usize, ctx: bool) -> Option<(Spec, usize)> {
        let (a, la) = self.num(i)?;
        let tight = |k: usize| self.phrase || !self.gap(k);
        let sep = |k: usize, c: &str| self.is(k, c) && tight(k) && tight(k + 1);
        let mk = |y: i64, m: i64, d: i64| -> Option<Spec> {
            let y = i32::try_from(y).ok()?;
            let (m, d) = (u8::try_from(m).ok()?, u8::try_from(d).ok()?);
            chrono::NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(d))?;
            Some(Spec {
                year: Some(y),
                month: Some(m),
                day: Some(d),
                ..Spec::default()
            })
        };
        let year_of = |v: i64, len: usize| match len {
            4 => Some(v),
            2 => Some(if v < 50 { 2000 + v } else { 1900 + v }),
            _ => None,
        };
        if la == 4 && sep(i + 1, "-") && sep(i + 3, "-") {
            let (m, lm) = self.num(i + 2)?;
            let (d, ld) = self.num(i + 4)?;
            return (lm <= 2 && ld <= 2)
                .then(|| mk(a, m, d))
                .flatten()
                .map(|s| (s, i + 5));
        }
        // "2014/10": year and month ("2015/16" was taken as a year range before)
        if la == 4 && sep(i + 1, "/") && !self.is(i + 3, "/") {
            let (m, lm) = self.num(i + 2)?;
            if lm <= 2 && (1..=12).contains(&m) && !self.glued_number(i + 2) {
                let s = Spec {
                    year: i32::try_from(a).ok(),
                    month: u8::try_from(m).ok(),
                    ..Spec::default()
                };
                return Some((s, i + 3));
            }
        }
        if la > 2 {
            return None;
        }
        for c in ["/", ".", "-"] {
            if !sep(i + 1, c) {
                continue;
            }
            let Some((b, lb)) = self.num(i + 2) else {
                continue;
            };
            if lb > 2 {
                continue;
            }
            if sep(i + 3, c) {
                if let Some((yv, ly)) = self.num(i + 4) {
                    let Some(y) = year_of(yv, ly) else { continue };
                    // month first for slashes (US news), day first for dots and dashes;
                    // the other order when the first is impossible
                    let (m, d) = if c == "/" { (a, b) } else { (b, a) };
                    if let Some(s) = mk(y, m, d).or_else(|| mk(y, d, m)) {
                        return Some((s, i + 5));
                    }
                }
                continue;
            }
            let dated = self.phrase || ctx && self.is_any(i.wrapping_sub(1), &["on"]);
            if c == "/" && dated && (1..=12).contains(&a) && (1..=31).contains(&b) {
                let s = Spec {
                    month: u8::try_from(a).ok(),
                    day: u8::try_from(b).ok(),
                    ..Spec::default()
                };
                return Some((s, i + 3));
            }
        }
        None
    }

    /// "spring 2007", "the spring of 2007", "in spring".
    fn season(&self, i: usize, ctx: bool) -> Option<(Spec, usize)> {
        let season = self.w(i).and_then(|w| self.lex.seasons.get(w))?;
        let mut s = Spec {
            season: Some(season),
            ..Spec::default()
        };
        let k = if self.is(i + 1, "of") { i + 2 } else { i + 1 };
        if let Some(y) = self.year4(k) {
            s.year = Some(y);
            return Some((s, k + 1));
        }
        // "the fall of Kabul" is no season
        (ctx && !self.is(i + 1, "of")).then_some((s, i + 1))
    }

    /// "the first quarter (of 2022)", "Q3 2021", "first-quarter".
    fn quarter(&self, i: usize) -> Option<(Spec, usize)> {
        // "2018Q4", "2018 Q4"
        if let Some(y) = self.year4(i) {
            let (q, len) = self.num(i + 2)?;
            if !self.is(i + 1, "q") || len != 1 || self.gap(i + 2) || !(1..=4).contains(&q) {
                return None;
            }
            let s = Spec {
                year: Some(y),
                quarter: u8::try_from(q).ok(),
                ..Spec::default()
            };
            return Some((s, i + 3));
        }
        let (q, j) = if self.is(i, "q") {
            let (q, len) = self.num(i + 1)?;
            if len != 1 || self.gap(i + 1) {
                return None;
            }
            (q, i + 2)
        } else {
            let (q, j) = self.ordinal(i)?;
            let j = if self.is(j, "-") { j + 1 } else { j };
            if !self.is_any(j, &["quarter", "qtr"]) {
                return None;
            }
            (q, j + 1)
        };
        let mut s = Spec {
            quarter: u8::try_from(q).ok().filter(|q| (1..=4).contains(q)),
            ..Spec::default()
        };
        s.quarter?;
        let k = if self.is_any(j, &["of", ","]) {
            j + 1
        } else {
            j
        };
        if let Some(y) = self.year4(k) {
            s.year = Some(y);
            return Some((s, k + 1));
        }
        Some((s, j))
    }

    /// "fiscal year 2022", "fiscal 2022", "FY2022", "FY22", "financial year 2021".
    fn fiscal(&self, i: usize) -> Option<(Spec, usize)> {
        let j = if self.is(i, "fiscal") || self.is(i, "financial") {
            if self.is(i + 1, "year") {
                i + 2
            } else if self.is(i, "fiscal") {
                i + 1
            } else {
                return None;
            }
        } else if self.is(i, "fy") {
            i + 1
        } else {
            return None;
        };
        let (v, len) = self.num(j)?;
        let y = match len {
            4 => i32::try_from(v).ok()?,
            2 if self.is(i, "fy") || self.is(j - 1, "year") => 2000 + i32::try_from(v).ok()?,
            _ => return None,
        };
        Some((
            Spec {
                year: Some(y),
                ..Spec::default()
            },
            j + 1,
        ))
    }

    /// "the 1990s", "1990s", "the '90s".
    fn decade(&self, i: usize) -> Option<(Spec, usize)> {
        let apos = self.is(i, "'");
        let k = if apos { i + 1 } else { i };
        let (v, len) = self.num(k)?;
        if !self.is(k + 1, "s") || self.gap(k + 1) || v % 10 != 0 {
            return None;
        }
        let start = match (apos, len) {
            (false, 4) => i32::try_from(v).ok()?,
            (true, 2) => 1900 + i32::try_from(v).ok()? + if v < 30 { 100 } else { 0 },
            _ => return None,
        };
        Some((
            Spec {
                decade: Some(start),
                ..Spec::default()
            },
            k + 2,
        ))
    }
}

fn offset(unit: Unit, n: i64, base: Base) -> Sem {
    Sem::Offset {
        unit,
        n,
        base,
        part: None,
    }
}

fn offset_part(unit: Unit, n: i64, part: Part) -> Sem {
    Sem::Offset {
        unit,
        n,
        base: Base::Published,
        part: Some(part),
    }
}

fn year(y: i32) -> Sem {
    Sem::Spec(Spec {
        year: Some(y),
        ..Spec::default()
    })
}

/// A range; a start without a year takes the end's ("from March to May 2007").
fn range(a: Sem, b: Sem) -> Sem {
    let a = match (a, &b) {
        (Sem::Spec(mut sa), Sem::Spec(sb)) if sa.year.is_none() && sb.year.is_some() => {
            if let Some(y) = sb.year {
                let wraps = matches!((sa.month, sb.month), (Some(ma), Some(mb)) if ma > mb);
                sa.year = Some(if wraps { y - 1 } else { y });
            }
            Sem::Spec(sa)
        }
        (a, _) => a,
    };
    Sem::Range(Box::new(a), Box::new(b))
}

#[cfg(test)]
mod tests {
    use super::super::{lexicon, scan};
    use super::*;

    /// The quoted lower-case words in this file's code (not its comments or tests).
    fn literals() -> Vec<&'static str> {
        let mut out = Vec::new();
        for line in include_str!("parse.rs").lines() {
            let code = line.trim_start();
            if code.starts_with("#[cfg(test)]") {
                break;
            }
            if code.starts_with("//") {
                continue;
            }
            for (k, piece) in code.split('"').enumerate() {
                let word = !piece.is_empty() && piece.bytes().all(|b| b.is_ascii_lowercase());
                if k % 2 == 1 && word {
                    out.push(piece);
                }
            }
        }
        out
    }

    #[test]
    fn every_word_the_rules_name_is_a_grammar_word() {
        let lex = lexicon::get();
        let words = literals();
        assert!(words.contains(&"yesterday") && words.contains(&"qtr"));
        for w in words {
            assert!(lex.grammar_words.contains(w), "{w} is missing");
        }
    }

    /// [`Parser::time`] as it was written before it skipped rules by the first token:
    /// every rule at every position.
    fn time_every_rule(p: &Parser<'_, '_>, i: usize, ctx: bool) -> Hit {
        if i >= p.t.len() {
            return None;
        }
        let ctx = ctx || p.phrase || p.context_before(i);
        let mut best = p.relday(i);
        best = longer(best, p.dir_unit(i));
        best = longer(best, p.part_unit(i));
        best = longer(best, p.offset(i));
        best = longer(best, p.named(i));
        best = longer(best, p.spec(i, ctx).map(|(s, e)| (Sem::Spec(s), e)));
        best = longer(best, p.nth_weekday(i));
        best = longer(best, p.weekday_of_week(i));
        best = longer(best, p.first_months(i));
        best
    }

    /// `time` finds what every rule finds, at every position of `text` (and past its end).
    fn check_time(text: &str) -> Result<(), String> {
        let src = scan::Source::new(text);
        let toks = scan::scan(&src);
        for phrase in [false, true] {
            let p = Parser {
                t: &toks,
                lex: lexicon::get(),
                phrase,
            };
            for i in 0..=toks.len() {
                for ctx in [false, true] {
                    if p.time(i, ctx) != time_every_rule(&p, i, ctx) {
                        return Err(format!("{text:?} at {i}, ctx {ctx}, phrase {phrase}"));
                    }
                }
            }
        }
        Ok(())
    }

    /// Pieces of dates and of things that are no dates, for [`check_time`].
    const TIME_VOCAB: &[&str] = &[
        "'",
        "'90s",
        "’",
        "-",
        "/",
        ".",
        ",",
        "(",
        ")",
        "$",
        "%",
        "7",
        "15",
        "1st",
        "31st",
        "2006",
        "1990s",
        "2017",
        "18",
        "1234567890",
        "on",
        "in",
        "the",
        "of",
        "last",
        "next",
        "this",
        "that",
        "first",
        "second",
        "day",
        "week",
        "weeks",
        "year",
        "month",
        "half",
        "ago",
        "later",
        "before",
        "after",
        "since",
        "from",
        "to",
        "between",
        "and",
        "a",
        "couple",
        "two",
        "twenty",
        "early",
        "mid",
        "end",
        "May",
        "may",
        "Nov",
        "November",
        "Monday",
        "Tue",
        "spring",
        "fall",
        "q",
        "Q3",
        "quarter",
        "fiscal",
        "fy",
        "Christmas",
        "Day",
        "Eve",
        "yesterday",
        "tomorrow",
        "night",
        "morning",
        "weekend",
        "over",
        "same",
        "troops",
        "Astana",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn time_skips_only_rules_that_find_nothing(
            picks in proptest::collection::vec((0..TIME_VOCAB.len(), proptest::bool::ANY), 1..10)
        ) {
            let text = crate::timex::glue_picks(TIME_VOCAB, &picks);
            proptest::prop_assert_eq!(check_time(&text), Ok(()));
        }
    }

    /// Every token of the vocabulary first, before every two of them.
    #[test]
    fn time_skips_only_rules_that_find_nothing_after_any_first_token() {
        let mut text = String::new();
        for a in TIME_VOCAB {
            for b in TIME_VOCAB {
                for c in ["2006", "of", "May", "week", ","] {
                    text.clear();
                    for piece in [*a, " ", b, " ", c] {
                        text.push_str(piece);
                    }
                    assert_eq!(check_time(&text), Ok(()));
                }
            }
        }
    }

    /// Every word of the lists, the holidays and the rules' code, in lower case and
    /// capitalized, first before pairs of the vocabulary: the rules skipped for the word find
    /// nothing there.
    #[test]
    fn time_skips_only_rules_that_find_nothing_after_any_word() {
        let listed = lexicon::WORDS.lines().filter_map(|r| r.split('\t').nth(1));
        let holidays = lexicon::HOLIDAYS
            .lines()
            .filter_map(|r| r.split('\t').next())
            .flat_map(lexicon::words);
        let mut words: Vec<String> = listed
            .filter(|l| !l.starts_with('#'))
            .chain(holidays)
            .chain(literals())
            .chain(lexicon::OPENERS.iter().copied())
            .flat_map(|w| {
                let mut chars = w.chars();
                let cap: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                [w.to_string(), cap]
            })
            .collect();
        words.sort();
        words.dedup();
        assert!(words.len() > 400, "{}", words.len());
        let next = [
            "2006", "15", "1st", "of", "May", "week", "weeks", ",", "-", "the", "last", "next",
            "day", "half", "couple", "Monday", "quarter", "year", "ago", "and", "Eve", "troops",
        ];
        let mut text = String::new();
        for before in ["", "on "] {
            for w in &words {
                for a in next {
                    for b in ["2006", "of", "May", "week", "year", "Day", "."] {
                        text.clear();
                        for piece in [before, w, " ", a, " ", b] {
                            text.push_str(piece);
                        }
                        assert_eq!(check_time(&text), Ok(()));
                    }
                }
            }
        }
    }

    /// Words that may follow an opener: some of the grammar's, some it never reads.
    const VOCAB: &[&str] = &[
        "the",
        "in",
        "a",
        "an",
        "that",
        "from",
        "this",
        "between",
        "since",
        "day",
        "week",
        "weeks",
        "year",
        "last",
        "next",
        "first",
        "second",
        "two",
        "couple",
        "of",
        "same",
        "early",
        "late",
        "end",
        "half",
        "spring",
        "fall",
        "May",
        "November",
        "Nov",
        "Monday",
        "Christmas",
        "Eve",
        "New",
        "Year",
        "quarter",
        "q",
        "fiscal",
        "fy",
        "ago",
        "later",
        "on",
        "and",
        "to",
        "s",
        "th",
        "government",
        "troops",
        "said",
        "Astana",
        "talks",
        "army",
        "2006",
        "1990",
        "15",
        "7",
        "90",
        "3",
        ",",
        ".",
        "-",
        "'",
        "(",
        ")",
        "/",
    ];

    /// Every opener at `i` the test turns away has no match in `text`.
    fn check_openers(text: &str) {
        let src = scan::Source::new(text);
        let toks = scan::scan(&src);
        for phrase in [false, true] {
            let p = Parser {
                t: &toks,
                lex: lexicon::get(),
                phrase,
            };
            for i in 0..toks.len() {
                if p.turned_away(i) {
                    assert!(p.rules_at(i).is_none(), "{text:?} at {i}");
                }
            }
        }
    }

    /// Every opener, and every pair of them, before every two words of the vocabulary (apart,
    /// and glued as in "'90s"), after a word that may make a date context.
    #[test]
    fn openers_alone_start_nothing_in_short_phrases() {
        // The lexicon's openers and the apostrophe.
        let openers: Vec<&str> = lexicon::OPENERS.iter().copied().chain(["'"]).collect();
        let mut text = String::new();
        for before in ["", "on ", "during "] {
            for &o in &openers {
                for &o2 in openers.iter().chain([&""]) {
                    for a in VOCAB {
                        for b in VOCAB {
                            for sep in [" ", ""] {
                                text.clear();
                                for w in [before, o, sep, o2, sep, a, sep, b] {
                                    text.push_str(w);
                                }
                                check_openers(&text);
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every opener, and every pair of them, before every word the grammar reads anywhere
    /// (the lists', the holidays' and the rules' own) and a few more tokens.
    #[test]
    fn openers_start_nothing_before_words_read_only_elsewhere() {
        let lex = lexicon::get();
        let listed = lexicon::WORDS.lines().filter_map(|r| r.split('\t').nth(1));
        let holidays = lexicon::HOLIDAYS
            .lines()
            .filter_map(|r| r.split('\t').next())
            .flat_map(lexicon::words);
        let mut words: Vec<&str> = listed
            .filter(|l| !l.starts_with('#'))
            .chain(holidays)
            .chain(literals())
            .collect();
        words.sort_unstable();
        words.dedup();
        let skipped = words
            .iter()
            .filter(|w| !lex.after_opener.contains(w))
            .count();
        assert!(skipped > 60, "{skipped}");
        let openers: Vec<&str> = lexicon::OPENERS.iter().copied().chain([""]).collect();
        let mut text = String::new();
        for before in ["", "on "] {
            for o in lexicon::OPENERS {
                for o2 in &openers {
                    for w in &words {
                        for last in ["2006", "15", "of", "May", "year", "week", "-", "."] {
                            text.clear();
                            for piece in [before, o, " ", o2, " ", w, " ", last] {
                                text.push_str(piece);
                            }
                            check_openers(&text);
                        }
                    }
                }
            }
        }
    }

    /// Every starter of the lexicon, in lower case and capitalized, and numbers of every
    /// length, before a word the grammar never reads or a mark (apart and glued) and one
    /// more word, after words that may make a date context.
    #[test]
    fn starters_that_need_a_next_word_start_nothing_before_other_words() {
        let lex = lexicon::get();
        let mut words: Vec<String> = ["7", "15", "150", "2006", "20061", "1234567890"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let listed = lexicon::WORDS.lines().filter_map(|r| r.split('\t').nth(1));
        let holidays = lexicon::HOLIDAYS
            .lines()
            .filter_map(|r| r.split('\t').next());
        let all = listed
            .chain(holidays)
            .chain(lexicon::OPENERS.iter().copied());
        for phrase in all.filter(|l| !l.starts_with('#')) {
            if let Some(&w) = lexicon::words(phrase).first() {
                if lex.starters.contains(w) {
                    let mut cap = w.to_string();
                    cap[..1].make_ascii_uppercase();
                    words.push(w.to_string());
                    words.push(cap);
                }
            }
        }
        words.sort();
        words.dedup();
        assert!(words.len() > 200, "{}", words.len());
        let mut text = String::new();
        let others = [
            "troops", "Astana", ",", ")", "(", "\"", ";", ":", "%", "?", "!", "’", "-", "/", ".",
        ];
        for before in ["", "on ", "in ", "the ", "during ", "( ", "early "] {
            for w in &words {
                for other in others {
                    for sep in [" ", ""] {
                        for last in VOCAB {
                            text.clear();
                            for piece in [before, w, sep, other, sep, last] {
                                text.push_str(piece);
                            }
                            check_openers(&text);
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Wherever the opener test turns a position away, the rules find nothing there.
        #[test]
        fn openers_alone_start_nothing(
            picks in proptest::collection::vec((0..VOCAB.len(), proptest::bool::ANY), 1..14)
        ) {
            let text = crate::timex::glue_picks(VOCAB, &picks);
            let src = scan::Source::new(&text);
            let toks = scan::scan(&src);
            for phrase in [false, true] {
                let p = Parser { t: &toks, lex: lexicon::get(), phrase };
                for i in 0..toks.len() {
                    if p.turned_away(i) {
                        proptest::prop_assert!(p.rules_at(i).is_none(), "{text:?} at {i}");
                    }
                }
            }
        }
    }
}
