//! `.actors` files: a primary phrase with optional `[CODE]`s, `+` synonym lines, and code
//! lines (usually tab-indented) with date restrictions `[KAZGOV >20050101]`,
//! `[USAELI 20010120-20090120]`, `[RHO <790606]`, all applying to the whole entry.

use super::lines::{content_lines, Line};
use super::{phrase_words, syntax, Parsed, Warning};
use crate::dict::{ActorEntry, Dictionary, Origin, RoleSpan};
use crate::error::Result;
use chrono::NaiveDate;
use std::path::Path;

/// The entry being built: the primary line, synonyms and codes seen so far.
struct Open {
    phrases: Vec<String>,
    roles: Vec<RoleSpan>,
    line: usize,
    /// Line of the entry's latest phrase or code line.
    last: usize,
}

pub(crate) fn parse(
    text: &str,
    file: &Path,
    mut warnings: Vec<Warning>,
) -> Result<Parsed<Dictionary>> {
    let origin_file = file.display().to_string();
    let mut dict = Dictionary::default();
    let mut open: Option<Open> = None;
    for line in content_lines(text, true) {
        let t = line.text.trim();
        if t.starts_with('[') {
            let Some(entry) = open.as_mut() else {
                return Err(syntax(file, line.no, "code line before any actor phrase"));
            };
            let spans = codes(t, file, &line, &mut warnings)?;
            entry.roles.extend(spans);
            entry.last = line.no;
        } else if let Some(syn) = t.strip_prefix('+') {
            let Some(entry) = open.as_mut() else {
                return Err(syntax(
                    file,
                    line.no,
                    "synonym line (`+`) before any actor phrase",
                ));
            };
            let (phrases, spans) = phrase_and_codes(syn, file, &line, &mut warnings)?;
            entry.phrases.extend(phrases);
            entry.roles.extend(spans);
            entry.last = line.no;
        } else if t.starts_with('<') && t.ends_with('>') {
            // An XML-ish tag PETRARCH would read as a phrase; nothing in a tag names an actor.
            warnings.push(Warning {
                line: line.no,
                detail: format!("tag line `{t}` skipped"),
            });
        } else {
            let (phrases, spans) = phrase_and_codes(t, file, &line, &mut warnings)?;
            let adjacent =
                |e: &&mut Open| e.roles.is_empty() && spans.is_empty() && e.last + 1 == line.no;
            if let Some(entry) = open.as_mut().filter(adjacent) {
                // Upstream lists a person's variants as consecutive primary lines above one
                // code block (LEONID_BREZHNEV_ / LEONID_ILYICH_BREZHNEV / ... / [RUSGOV ...]).
                // PETRARCH2 leaves all but the last without any code; they are synonyms
                // missing their `+`.
                let above = entry.phrases.last().map(String::as_str).unwrap_or_default();
                warnings.push(Warning {
                    line: entry.last,
                    detail: format!(
                        "actor `{above}` without a code joined to `{}` below (missing `+`?)",
                        phrases[0]
                    ),
                });
                entry.phrases.extend(phrases);
                entry.last = line.no;
                continue;
            }
            if let Some(done) = open.take() {
                finish(done, &origin_file, &mut dict, &mut warnings);
            }
            open = Some(Open {
                phrases,
                roles: spans,
                line: line.no,
                last: line.no,
            });
        }
    }
    if let Some(done) = open.take() {
        finish(done, &origin_file, &mut dict, &mut warnings);
    }
    Ok(Parsed {
        file: file.to_path_buf(),
        value: dict,
        warnings,
    })
}

fn finish(open: Open, file: &str, dict: &mut Dictionary, warnings: &mut Vec<Warning>) {
    if open.roles.is_empty() {
        // PETRARCH keeps such an entry with no code; so do we, but say so.
        warnings.push(Warning {
            line: open.line,
            detail: format!("actor `{}` has no code", open.phrases[0]),
        });
    }
    // Dated spans first, open (default) spans after: a default applies only when no
    // restriction does, and `Dictionary::code_on` takes the first span that fits.
    let (mut roles, defaults): (Vec<RoleSpan>, Vec<RoleSpan>) = open
        .roles
        .into_iter()
        .partition(|r| r.from.is_some() || r.to.is_some());
    roles.extend(defaults);
    let name = Some(title_case(&open.phrases[0]));
    dict.actors.push(ActorEntry {
        phrases: open.phrases,
        name,
        roles,
        origin: Origin {
            file: file.to_string(),
            line: open.line,
        },
    });
}

/// A phrase followed by optional `[...]` code groups (primary and synonym lines).
fn phrase_and_codes(
    s: &str,
    file: &Path,
    line: &Line<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<String>, Vec<RoleSpan>)> {
    let (raw_phrase, rest) = match s.find('[') {
        Some(j) => (&s[..j], &s[j..]),
        None => (s, ""),
    };
    let mut raw_phrase = raw_phrase.to_string();
    if raw_phrase.contains(']') {
        // Upstream `+FAEROYENE]_`: a stray bracket inside a phrase.
        raw_phrase.retain(|c| c != ']');
        warnings.push(Warning {
            line: line.no,
            detail: "stray `]` removed from phrase".into(),
        });
    }
    if raw_phrase.chars().any(|c| c.is_control() && c != '\t') {
        warnings.push(Warning {
            line: line.no,
            detail: "control character in phrase kept as is".into(),
        });
    }
    // `NAME {OTHER FORM}`: the agents' plural syntax, read here as a second phrase
    // (`{}` adds nothing). The shipped files do not use it; TABARI-era user files may.
    let mut phrases = Vec::new();
    let main = match raw_phrase.split_once('{') {
        Some((main, alt)) => {
            let Some((alt, after)) = alt.split_once('}') else {
                return Err(syntax(file, line.no, "`{` without closing `}`"));
            };
            if !after.trim().is_empty() {
                return Err(syntax(
                    file,
                    line.no,
                    "text after `{...}` in an actor phrase",
                ));
            }
            let alt = phrase_words(alt);
            if !alt.is_empty() {
                phrases.push(alt);
            }
            main
        }
        None => raw_phrase.as_str(),
    };
    let phrase = phrase_words(main);
    if phrase.is_empty() {
        return Err(syntax(file, line.no, "empty actor phrase"));
    }
    phrases.insert(0, phrase);
    let spans = if rest.is_empty() {
        Vec::new()
    } else {
        codes(rest, file, line, warnings)?
    };
    Ok((phrases, spans))
}

/// One or more `[CODE restriction]` groups separated by blanks.
fn codes(
    s: &str,
    file: &Path,
    line: &Line<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<RoleSpan>> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix('[') else {
            if out.is_empty() {
                return Err(syntax(
                    file,
                    line.no,
                    format!("expected `[CODE ...]`, found `{rest}`"),
                ));
            }
            // Upstream MNC lines carry notes after the code without a `#`
            // (`[MNCMED]\tNewspapers/Magazines\t$137,000,000`); PETRARCH ignores them too.
            let (junk, next) = match rest.find('[') {
                Some(j) => (&rest[..j], &rest[j..]),
                None => (rest, ""),
            };
            warnings.push(Warning {
                line: line.no,
                detail: format!("text `{}` after a code ignored", junk.trim()),
            });
            rest = next;
            continue;
        };
        let Some(close) = inner.find(']') else {
            return Err(syntax(file, line.no, "`[` without closing `]`"));
        };
        out.extend(code_group(&inner[..close], file, line, warnings)?);
        rest = inner[close + 1..].trim_start();
    }
    Ok(out)
}

/// The inside of one `[...]`: a code, then optionally `<DATE`, `>DATE` or `DATE-DATE`
/// (blanks inside the restriction are allowed: `[HOBGOV 19950601 - 19990815]`).
fn code_group(
    s: &str,
    file: &Path,
    line: &Line<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Option<RoleSpan>> {
    let mut parts = s.split_whitespace();
    let Some(code) = parts.next() else {
        return Err(syntax(file, line.no, "empty code `[]`"));
    };
    if code.starts_with(['<', '>']) || code.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(syntax(
            file,
            line.no,
            format!("code missing before date restriction `{s}`"),
        ));
    }
    let restriction: String = parts.collect();
    let mut span = RoleSpan {
        code: code.to_uppercase(),
        from: None,
        to: None,
        role: None,
    };
    if restriction.is_empty() {
        return Ok(Some(span));
    }
    let bad = |detail: String| syntax(file, line.no, detail);
    if let Some(d) = restriction.strip_prefix('<') {
        span.to = Some(date(d, line, warnings).map_err(bad)?);
    } else if let Some(d) = restriction.strip_prefix('>') {
        span.from = Some(date(d, line, warnings).map_err(bad)?);
    } else if let Some((a, b)) = restriction.split_once('-') {
        if !a.is_empty() {
            span.from = Some(date(a, line, warnings).map_err(bad)?);
        }
        if !b.is_empty() {
            span.to = Some(date(b, line, warnings).map_err(bad)?);
        }
        if a.is_empty() || b.is_empty() {
            warnings.push(Warning {
                line: line.no,
                detail: format!("half-open range `{restriction}` read as open at that end"),
            });
        }
        if let (Some(f), Some(t)) = (span.from, span.to) {
            if f > t {
                // Upstream `[EGYGOV 20121207-20120802]`: no date fits (in PETRARCH either),
                // and swapping the ends would invent a period; the span is dropped.
                warnings.push(Warning {
                    line: line.no,
                    detail: format!("date range `{restriction}` ends before it starts: dropped"),
                });
                return Ok(None);
            }
        }
    } else {
        // A bare date: TABARI read it as "from". Rare enough to flag.
        span.from = Some(date(&restriction, line, warnings).map_err(bad)?);
        warnings.push(Warning {
            line: line.no,
            detail: format!("bare date `{restriction}` read as `>{restriction}`"),
        });
    }
    Ok(Some(span))
}

/// `YYYYMMDD` or `YYMMDD` (YY ≤ 30 → 20YY, else 19YY, as in KEDS/TABARI/PETRARCH).
/// Upstream also has nine- and ten-digit typos (`201005011`, `1920030320`); the eight digits
/// that form a valid date are used, with a warning.
fn date(s: &str, line: &Line<'_>, warnings: &mut Vec<Warning>) -> Result<NaiveDate, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("bad date `{s}` (expected YYYYMMDD or YYMMDD)"));
    }
    match s.len() {
        6 => ymd6(s).ok_or_else(|| format!("impossible date `{s}`")),
        7 => {
            // Upstream `2004017` (YYYYMMD) and `9008223` (YYMMDD plus a stray digit).
            let long = format!("{}0{}", &s[..6], &s[6..]);
            let got = if s.starts_with("19") || s.starts_with("20") {
                ymd8(&long).map(|d| (d, long.as_str()))
            } else {
                None
            }
            .or_else(|| ymd6(&s[..6]).map(|d| (d, &s[..6])));
            match got {
                Some((d, used)) => {
                    warnings.push(Warning {
                        line: line.no,
                        detail: format!("7-digit date `{s}` read as `{used}`"),
                    });
                    Ok(d)
                }
                None => Err(format!("bad date `{s}` (expected YYYYMMDD or YYMMDD)")),
            }
        }
        8 => ymd8(s).ok_or_else(|| format!("impossible date `{s}`")),
        9 | 10 => {
            // Ten digits "19" + YYYYMMDD: the converter prefixed a century to a full date.
            let tail = &s[s.len() - 8..];
            let head = &s[..8];
            let got = ymd8(tail)
                .filter(|d| (1800..=2100).contains(&chrono::Datelike::year(d)))
                .map(|d| (d, tail))
                .or_else(|| ymd8(head).map(|d| (d, head)));
            match got {
                Some((d, used)) => {
                    warnings.push(Warning {
                        line: line.no,
                        detail: format!("{}-digit date `{s}` read as `{used}`", s.len()),
                    });
                    Ok(d)
                }
                None => Err(format!("bad date `{s}` (expected YYYYMMDD or YYMMDD)")),
            }
        }
        _ => Err(format!("bad date `{s}` (expected YYYYMMDD or YYMMDD)")),
    }
}

fn num(s: &str) -> Option<u32> {
    s.parse().ok()
}

fn ymd6(s: &str) -> Option<NaiveDate> {
    let yy = num(&s[..2])? as i32;
    let year = if yy <= 30 { 2000 + yy } else { 1900 + yy };
    NaiveDate::from_ymd_opt(year, num(&s[2..4])?, num(&s[4..6])?)
}

fn ymd8(s: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(num(&s[..4])? as i32, num(&s[4..6])?, num(&s[6..8])?)
}

/// "HAMID KARZAI" → "Hamid Karzai": a readable canonical name from an upper-case phrase.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        // ASCII, nearly every char of the bundled names, skips the Unicode case iterators
        // (which give the same answer for it).
        if c.is_ascii() {
            out.push(if start {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            });
        } else if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c.is_whitespace() || c == '-';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn title_case_agrees_with_the_unicode_case_maps(s in "[a-zA-Z _\\-ßéÉİı\t]{0,20}") {
            let mut want = String::new();
            let mut start = true;
            for c in s.chars() {
                if start {
                    want.extend(c.to_uppercase());
                } else {
                    want.extend(c.to_lowercase());
                }
                start = c.is_whitespace() || c == '-';
            }
            proptest::prop_assert_eq!(title_case(&s), want);
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn one(text: &str) -> Parsed<Dictionary> {
        parse(text, Path::new("t.actors"), Vec::new()).expect("parses")
    }

    #[test]
    fn six_digit_years_pivot_at_thirty() {
        let p = one("X\n\t[AAA 320101-070723]\n");
        let r = &p.value.actors[0].roles[0];
        assert_eq!((r.from, r.to), (d(1932, 1, 1), d(2007, 7, 23)));
    }

    #[test]
    fn restrictions_before_and_after_are_inclusive_bounds() {
        let p = one("GOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\n");
        let a = &p.value.actors[0];
        assert_eq!(a.phrases, vec!["GOLLUM", "SMEAGOL"]);
        assert_eq!(a.roles[0].to, d(1995, 6, 1));
        assert_eq!(
            (a.roles[1].from, a.roles[1].to),
            (d(1995, 6, 1), d(1999, 8, 15))
        );
        assert_eq!(a.roles[2].from, d(1999, 8, 16));
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn defaults_go_after_dated_spans() {
        let p = one("SAM_GAMGEE [HOB]\n\t[HOBCIV <20080120]\n");
        let codes: Vec<&str> = p.value.actors[0]
            .roles
            .iter()
            .map(|r| r.code.as_str())
            .collect();
        assert_eq!(codes, vec!["HOBCIV", "HOB"]);
        let on = Dictionary::code_on(&p.value.actors[0], d(2001, 1, 1));
        assert_eq!(on.map(|r| r.code.as_str()), Some("HOBCIV"));
        let later = Dictionary::code_on(&p.value.actors[0], d(2011, 1, 1));
        assert_eq!(later.map(|r| r.code.as_str()), Some("HOB"));
    }

    #[test]
    fn codeless_primary_lines_join_the_entry_below() {
        let p = one("LEONID_BREZHNEV_\nSECRETARY_BREZHNEV\n\t[RUSGOV 641014-821110]\nNOTE\nA._SCHULMAN_\t[MNCUSA]\nU.N._\n\nUNSG\n\t[IGOUNO]\n");
        let a = &p.value.actors;
        assert_eq!(a.len(), 5);
        assert_eq!(a[0].phrases, vec!["LEONID BREZHNEV", "SECRETARY BREZHNEV"]);
        assert_eq!(a[0].roles[0].code, "RUSGOV");
        assert!(a[1].roles.is_empty());
        // Only directly adjacent lines join: after a blank line the code-less entry ends.
        assert!(a[3].roles.is_empty());
        assert_eq!(a[4].phrases, vec!["UNSG"]);
        assert_eq!(p.warnings.len(), 3);
    }

    #[test]
    fn braces_add_a_second_form() {
        let p = one("SOLDIER {SOLDIERS} [MIL]\n+TROOPS {} \n");
        assert_eq!(
            p.value.actors[0].phrases,
            vec!["SOLDIER", "SOLDIERS", "TROOPS"]
        );
        assert!(parse("A {B [X]\n", Path::new("a"), Vec::new()).is_err());
        assert!(parse("A {B} C [X]\n", Path::new("a"), Vec::new()).is_err());
    }

    #[test]
    fn reversed_ranges_and_trailing_notes_are_warnings() {
        let p = one("A [USA] note\n\t[USAGOV 20050101-20010101]\n");
        assert_eq!(p.value.actors[0].roles.len(), 1);
        assert_eq!(p.warnings.len(), 2);
    }

    #[test]
    fn typo_dates_are_repaired_with_a_warning() {
        let p = one("IRAQ\n\t[IRQOCC 1920030320-20060520]\n\t[GBRGOV >201005011]\n\t[KORGOVBUS 2004017-20061201]\n\t[ARMUNR 9008223-911221]\n");
        let r = &p.value.actors[0].roles;
        assert_eq!(r[0].from, d(2003, 3, 20));
        assert_eq!(r[1].from, d(2010, 5, 1));
        assert_eq!(r[2].from, d(2004, 1, 7));
        assert_eq!(r[3].from, d(1990, 8, 22));
        assert_eq!(p.warnings.len(), 4);
    }

    #[test]
    fn several_groups_on_the_primary_line() {
        let p = one("B._LYNN_PASCOE_\t[USAGOV 981022-010811] [IGOUNO  >070201]# note\n");
        let a = &p.value.actors[0];
        assert_eq!(a.phrases, vec!["B. LYNN PASCOE"]);
        assert_eq!(a.name.as_deref(), Some("B. Lynn Pascoe"));
        assert_eq!(a.roles.len(), 2);
        assert_eq!(a.roles[1].from, d(2007, 2, 1));
    }

    #[test]
    fn malformed_lines_name_their_line() {
        for (text, line) in [
            ("\t[USA]\n", 1),
            ("A [USA\n", 1),
            ("A\n\t[USA 2001x]\n", 2),
            ("A\n\t[ 950601-990815]\n", 2),
            ("A\n\t[USA 20011340]\n", 2),
            ("A junk [USA]\n\t[X] [Y\n", 2),
            ("+SYN\n", 1),
        ] {
            match parse(text, Path::new("bad.actors"), Vec::new()) {
                Err(crate::Error::Syntax { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
                other => panic!("{text:?}: expected a syntax error, got {other:?}"),
            }
        }
    }
}
