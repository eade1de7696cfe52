//! `.agents` files: `PHRASE {optional plural} [~CODE]`, regular plurals generated,
//! `!MARKER! = A, B, C` substitution sets used as `CONGRESS!PERSON! [~LEG]`.
//!
//! A code written `~GOV` is appended to the actor's code (stored as `GOV`); one written
//! `NGO~` goes before it and keeps its trailing `~` in `AgentEntry::code`.

use super::lines::content_lines;
use super::{phrase_words, syntax, Parsed, Warning};
use crate::dict::{AgentEntry, Dictionary, Origin};
use crate::error::Result;
use std::collections::HashMap;
use std::path::Path;

pub(crate) fn parse(
    text: &str,
    file: &Path,
    mut warnings: Vec<Warning>,
) -> Result<Parsed<Dictionary>> {
    let origin_file = file.display().to_string();
    let mut dict = Dictionary::default();
    let mut markers: HashMap<String, Vec<String>> = HashMap::new();
    for line in content_lines(text, true) {
        let t = line.text.trim();
        if t.starts_with('!') && t.contains('=') && !t.contains('[') {
            let (name, list) = t.split_once('=').unwrap_or((t, ""));
            let name = name.trim();
            let inner = name
                .strip_prefix('!')
                .and_then(|n| n.strip_suffix('!'))
                .filter(|n| !n.is_empty() && !n.contains('!'));
            let Some(inner) = inner else {
                return Err(syntax(
                    file,
                    line.no,
                    format!("substitution marker `{name}` must look like `!NAME!`"),
                ));
            };
            let items: Vec<String> = list
                .split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect();
            if items.is_empty() {
                return Err(syntax(
                    file,
                    line.no,
                    format!("marker `{name}` has no values"),
                ));
            }
            markers.insert(inner.to_string(), items);
            continue;
        }
        let Some((before, after)) = t.split_once('[') else {
            // Upstream `ISLAMIC_EXTREMIST` alone on a line; PETRARCH skips it with a warning.
            warnings.push(Warning {
                line: line.no,
                detail: format!("agent `{t}` without a `[~CODE]` skipped"),
            });
            continue;
        };
        let code = match after.split_once(']') {
            Some((code, _)) => code,
            // Upstream `DEPARMENT_OF_ENVIRONMENT [~ENV}`.
            None => match after.split_once('}') {
                Some((code, _)) => {
                    warnings.push(Warning {
                        line: line.no,
                        detail: format!("code `[{code}}}` closed with `}}` read as `[{code}]`"),
                    });
                    code
                }
                None => return Err(syntax(file, line.no, "`[` without closing `]`")),
            },
        };
        let code = agent_code(code).ok_or_else(|| {
            syntax(
                file,
                line.no,
                format!("bad agent code `[{code}]` (expected `~CODE` or `CODE~`)"),
            )
        })?;
        let before = before.trim();
        let mut phrases = Vec::new();
        if before.contains('!') {
            // Substituted forms are complete words: no plurals are generated.
            for form in substitute(before, &markers).map_err(|e| syntax(file, line.no, e))? {
                push_phrase(&mut phrases, &form);
            }
        } else if let Some((singular, rest)) = before.split_once('{') {
            let Some((plural, _)) = rest.split_once('}') else {
                return Err(syntax(file, line.no, "`{` without closing `}`"));
            };
            push_phrase(&mut phrases, singular);
            // `{}` means "no plural" (POLICE, TROOPS); anything else is the plural.
            push_phrase(&mut phrases, plural);
        } else {
            push_phrase(&mut phrases, before);
            push_phrase(&mut phrases, &regular_plural(before));
        }
        if phrases.is_empty() {
            return Err(syntax(file, line.no, "empty agent phrase"));
        }
        dict.agents.push(AgentEntry {
            phrases,
            code,
            origin: Origin {
                file: origin_file.clone(),
                line: line.no,
            },
        });
    }
    Ok(Parsed {
        file: file.to_path_buf(),
        value: dict,
        warnings,
    })
}

fn push_phrase(phrases: &mut Vec<String>, raw: &str) {
    let p = phrase_words(raw);
    if !p.is_empty() && !phrases.contains(&p) {
        phrases.push(p);
    }
}

/// `~GOV` → `GOV`; `NGO~` → `NGO~`; anything else (no tilde, two tildes, blanks) → None.
fn agent_code(raw: &str) -> Option<String> {
    let c = raw.trim();
    let bare = if let Some(x) = c.strip_prefix('~') {
        x.trim_start().to_string()
    } else if let Some(x) = c.strip_suffix('~') {
        format!("{}~", x.trim_end())
    } else {
        return None;
    };
    let core = bare.trim_end_matches('~');
    if core.is_empty() || core.contains('~') || core.contains(char::is_whitespace) {
        return None;
    }
    Some(bare.to_uppercase())
}

/// PETRARCH's regular plural: `…Y` → `…IES`, `…S` → `…SES`, else `…S`; applied to the last
/// word, after a trailing `_` is set aside.
fn regular_plural(phrase: &str) -> String {
    let p = phrase.trim_end_matches('_');
    if let Some(stem) = p.strip_suffix('Y') {
        format!("{stem}IES")
    } else if p.ends_with('S') {
        format!("{p}ES")
    } else {
        format!("{p}S")
    }
}

/// Most phrases one agent line may expand to: a marker whose values name markers again
/// (or itself) multiplies them, and a dictionary is untrusted input.
const MAX_EXPANSIONS: usize = 10_000;

/// Expands every `!MARKER!` of `phrase` with its values.
fn substitute(phrase: &str, markers: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    expand(phrase, markers, 0, &mut out)?;
    Ok(out)
}

fn expand(
    phrase: &str,
    markers: &HashMap<String, Vec<String>>,
    depth: usize,
    out: &mut Vec<String>,
) -> Result<(), String> {
    if out.len() >= MAX_EXPANSIONS || phrase.len() > 4096 || depth > 32 {
        return Err(format!(
            "substitution markers expand `{}` to more than {MAX_EXPANSIONS} phrases or \
             past 4096 bytes or 32 levels (a marker that names itself?)",
            phrase
                .get(..phrase.floor_char_boundary(80))
                .unwrap_or(phrase)
        ));
    }
    let Some(start) = phrase.find('!') else {
        out.push(phrase.to_string());
        return Ok(());
    };
    let after = &phrase[start + 1..];
    let Some(len) = after.find('!') else {
        return Err(format!("unclosed substitution marker in `{phrase}`"));
    };
    let name = &after[..len];
    let Some(values) = markers.get(name) else {
        return Err(format!(
            "substitution marker `!{name}!` is not defined above"
        ));
    };
    let (head, tail) = (&phrase[..start], &after[len + 1..]);
    for v in values {
        expand(&format!("{head}{v}{tail}"), markers, depth + 1, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Dictionary {
        parse(text, Path::new("t.agents"), Vec::new())
            .expect("parses")
            .value
    }

    #[test]
    fn a_marker_naming_itself_is_an_error_not_a_blow_up() {
        let mut markers = HashMap::new();
        markers.insert(
            "A".to_string(),
            vec!["x !A!".to_string(), "y !A!".to_string()],
        );
        let err = substitute("!A! SOLDIER", &markers).expect_err("self-reference");
        assert!(err.contains("names itself"), "{err}");
        markers.insert("B".to_string(), vec!["!B!".to_string()]);
        assert!(substitute("!B!", &markers).is_err());
        markers.insert(
            "C".to_string(),
            vec!["ARMY".to_string(), "NAVY".to_string()],
        );
        assert_eq!(
            substitute("!C! CHIEF", &markers).expect("expands"),
            ["ARMY CHIEF", "NAVY CHIEF"]
        );
    }

    #[test]
    fn plurals_regular_irregular_and_none() {
        let d = one("MINISTRY [~GOV]\nCONGRESS [~LEG]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nPOLICE {} [ ~COP]\nHUMAN_RIGHTS_BODY  [NGO~]\n");
        assert_eq!(d.agents[0].phrases, vec!["MINISTRY", "MINISTRIES"]);
        assert_eq!(d.agents[1].phrases, vec!["CONGRESS", "CONGRESSES"]);
        assert_eq!(
            d.agents[2].phrases,
            vec!["ATTORNEY GENERAL", "ATTORNEYS GENERAL"]
        );
        assert_eq!(d.agents[3].phrases, vec!["POLICE"]);
        assert_eq!(d.agents[3].code, "COP");
        assert_eq!(d.agents[4].code, "NGO~");
    }

    #[test]
    fn substitution_markers_expand_without_plurals() {
        let d = one("!PERSON! = MAN, MEN, WOMAN\nCONGRESS!PERSON! [~LEG]\nHUSBAND!PERSON![~AGR]\n");
        assert_eq!(
            d.agents[0].phrases,
            vec!["CONGRESSMAN", "CONGRESSMEN", "CONGRESSWOMAN"]
        );
        assert_eq!(d.agents[1].phrases.len(), 3);
    }

    #[test]
    fn malformed_agents_are_errors() {
        for (text, line) in [
            ("A [~GOV\n", 1),
            ("A [GOV]\n", 1),
            ("\nA!X! [~GOV]\n", 2),
            ("A {B [~GOV]\n", 1),
            ("!X = A\n", 1),
        ] {
            match parse(text, Path::new("bad.agents"), Vec::new()) {
                Err(crate::Error::Syntax { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
                other => panic!("{text:?}: expected a syntax error, got {other:?}"),
            }
        }
    }
}
