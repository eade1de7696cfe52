//! Discard lists (phrases that stop a sentence, or with `+` a whole story, from being coded)
//! and issue lists (`n:noun`, `v:verb`, `a+b` phrases tagged `[ISSUE_CODE]`, `~` exclusions,
//! grouped in `<ISSUE CATEGORY="...">` sections).

use super::lines::content_lines;
use super::{phrase_words, syntax, Parsed, Warning};
use crate::dict::Origin;
use crate::error::Result;
use serde::Serialize;
use std::path::Path;

/// One discard phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discard {
    /// Upper-case words joined by single blanks.
    pub phrase: String,
    /// `+` prefix: discard the whole story, not just the sentence.
    pub story: bool,
    /// Trailing `_`: the last word must end there; otherwise it is a stem (`BATSM` would
    /// match "batsman").
    pub whole_word: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DiscardList {
    pub discards: Vec<Discard>,
}

/// One issue phrase with its code and the surface forms its markers expand to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// As written (`ethnic v:purge`).
    pub phrase: String,
    /// Upper-case expansions to match (`ETHNIC PURGE`, `ETHNIC PURGES`, `ETHNIC PURGED`, …).
    pub forms: Vec<String>,
    pub code: String,
    /// The enclosing `<ISSUE CATEGORY="...">`, if any.
    pub category: Option<String>,
    pub origin: Origin,
}

/// `~phrase` (the sentence) or `~~phrase` (the story) cancels issue coding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueExclusion {
    pub phrase: String,
    pub forms: Vec<String>,
    pub story: bool,
    pub category: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IssueList {
    pub issues: Vec<Issue>,
    pub exclusions: Vec<IssueExclusion>,
}

pub(crate) fn parse_discards(
    text: &str,
    file: &Path,
    warnings: Vec<Warning>,
) -> Result<Parsed<DiscardList>> {
    let origin_file = file.display().to_string();
    let mut list = DiscardList::default();
    for line in content_lines(text, false) {
        let t = line.text.trim();
        let (story, body) = match t.strip_prefix('+') {
            Some(b) => (true, b.trim()),
            None => (false, t),
        };
        if body.contains(['[', ']']) {
            return Err(syntax(
                file,
                line.no,
                "a discard is a bare phrase; codes in `[...]` belong in actors or verbs files",
            ));
        }
        let phrase = phrase_words(body).to_uppercase();
        if phrase.is_empty() {
            return Err(syntax(file, line.no, "empty discard phrase"));
        }
        list.discards.push(Discard {
            phrase,
            whole_word: body.ends_with('_'),
            story,
            origin: Origin {
                file: origin_file.clone(),
                line: line.no,
            },
        });
    }
    Ok(Parsed {
        file: file.to_path_buf(),
        value: list,
        warnings,
    })
}

pub(crate) fn parse_issues(
    text: &str,
    file: &Path,
    mut warnings: Vec<Warning>,
) -> Result<Parsed<IssueList>> {
    let origin_file = file.display().to_string();
    let mut list = IssueList::default();
    let mut category: Option<String> = None;
    for line in content_lines(text, false) {
        let t = line.text.trim();
        let origin = Origin {
            file: origin_file.clone(),
            line: line.no,
        };
        if let Some(tag) = t.strip_prefix("</") {
            if !tag.to_uppercase().starts_with("ISSUE") {
                return Err(syntax(file, line.no, format!("unknown closing tag `{t}`")));
            }
            if category.take().is_none() {
                // Upstream closes the SHORTAGE section twice.
                warnings.push(Warning {
                    line: line.no,
                    detail: "`</ISSUE>` without an open section".into(),
                });
            }
            continue;
        }
        if t.starts_with('<') {
            if !t.to_uppercase().starts_with("<ISSUE") || !t.ends_with('>') {
                return Err(syntax(file, line.no, format!("unknown tag `{t}`")));
            }
            category = Some(attribute(t, "CATEGORY").unwrap_or_default());
            continue;
        }
        if let Some(x) = t.strip_prefix('~') {
            let (story, phrase) = match x.strip_prefix('~') {
                Some(p) => (true, p.trim()),
                None => (false, x.trim()),
            };
            if phrase.is_empty() {
                return Err(syntax(file, line.no, "empty exclusion phrase"));
            }
            list.exclusions.push(IssueExclusion {
                phrase: phrase.to_string(),
                forms: expand(phrase).map_err(|e| syntax(file, line.no, e))?,
                story,
                category: category.clone(),
                origin,
            });
            continue;
        }
        let Some((phrase, rest)) = t.split_once('[') else {
            // Upstream has a few (`european central bank`, `v:kidnap`); PETRARCH skips them.
            warnings.push(Warning {
                line: line.no,
                detail: format!("issue phrase `{t}` without `[CODE]` skipped"),
            });
            continue;
        };
        let Some((code, _)) = rest.split_once(']') else {
            return Err(syntax(file, line.no, "`[` without closing `]`"));
        };
        let (phrase, code) = (phrase.trim(), code.trim());
        if phrase.is_empty() || code.is_empty() || code.contains(char::is_whitespace) {
            return Err(syntax(
                file,
                line.no,
                format!("expected `phrase [CODE]`, found `{t}`"),
            ));
        }
        list.issues.push(Issue {
            phrase: phrase.to_string(),
            forms: expand(phrase).map_err(|e| syntax(file, line.no, e))?,
            code: code.to_string(),
            category: category.clone(),
            origin,
        });
    }
    Ok(Parsed {
        file: file.to_path_buf(),
        value: list,
        warnings,
    })
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let upper = tag.to_uppercase();
    let at = upper.find(&format!("{name}=\""))? + name.len() + 2;
    let rest = tag.get(at..)?;
    Some(rest[..rest.find('"')?].to_string())
}

/// Expanding the largest legal phrase (8 markers) takes fewer steps than this.
const MAX_EXPANSION_STEPS: u32 = 4096;

/// PETRARCH's issue markers, applied until none is left: `a+b` → `A B` and `A-B`;
/// `n:word` → the word and its plural; `v:word` → the word, `…S`, `…ED`/`…D`, `…ING`.
/// More than 256 forms means a runaway line, not a phrase: an error.
pub(crate) fn expand(phrase: &str) -> Result<Vec<String>, String> {
    let upper = phrase.to_uppercase();
    let pluses = upper.matches('+').count() as u32;
    let nouns = upper.matches("N:").count() as u32;
    let verbs = upper.matches("V:").count() as u32;
    if pluses + nouns + 2 * verbs > 8 {
        return Err(format!("too many `+`, `n:`, `v:` markers in `{phrase}`"));
    }
    let mut done = Vec::new();
    let mut todo = vec![phrase_words(&upper).replace(' ', "\u{1}")];
    // Removing a marker can make a new one ("VV::" → "V:"), so the count above does not
    // bound the work: the number of steps does.
    let mut steps = 0u32;
    // Words are kept apart by \u{1} while expanding, so `+` can become a blank safely.
    while let Some(f) = todo.pop() {
        steps += 1;
        if steps > MAX_EXPANSION_STEPS {
            return Err(format!(
                "`{phrase}` expands without end (markers made of markers)"
            ));
        }
        if let Some(j) = f.find('+') {
            todo.push(format!("{}\u{1}{}", &f[..j], &f[j + 1..]));
            todo.push(format!("{}-{}", &f[..j], &f[j + 1..]));
        } else if let Some(j) = f.find("N:") {
            let (head, rest) = (&f[..j], &f[j + 2..]);
            let end = rest.find('\u{1}').unwrap_or(rest.len());
            let (word, tail) = rest.split_at(end);
            todo.push(format!("{head}{word}{tail}"));
            let plural = match word.strip_suffix('Y') {
                Some(stem) => format!("{stem}IES"),
                None => format!("{word}S"),
            };
            todo.push(format!("{head}{plural}{tail}"));
        } else if let Some(j) = f.find("V:") {
            let (head, rest) = (&f[..j], &f[j + 2..]);
            let end = rest.find('\u{1}').unwrap_or(rest.len());
            let (word, tail) = rest.split_at(end);
            let (ed, ing) = match word.strip_suffix('E') {
                Some(stem) => (format!("{word}D"), format!("{stem}ING")),
                None => (format!("{word}ED"), format!("{word}ING")),
            };
            for w in [word.to_string(), format!("{word}S"), ed, ing] {
                todo.push(format!("{head}{w}{tail}"));
            }
        } else {
            let f = phrase_words(&f.replace('\u{1}', " "));
            if !f.is_empty() && !done.contains(&f) {
                done.push(f);
            }
        }
    }
    done.sort();
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_made_by_expansion_are_bounded() {
        // Found by the dict_petrarch fuzz target: each `V:` removed leaves another one.
        let runaway = format!("{}{}", "v".repeat(20), ":".repeat(40));
        let err = expand(&runaway).expect_err("a runaway phrase is an error");
        assert!(err.contains("expands without end"), "{err}");
        // Eight real markers still expand: 2^4 (`+`) × 4^2 (`v:`) forms.
        let forms = expand("a+b c+d e+f g+h v:go v:run").expect("legal");
        assert_eq!(forms.len(), 16 * 16);
    }

    #[test]
    fn issue_markers_expand() {
        let expand = |s| expand(s).expect("expands");
        assert_eq!(expand("n:atrocity"), vec!["ATROCITIES", "ATROCITY"]);
        assert_eq!(
            expand("ethnic v:purge"),
            vec![
                "ETHNIC PURGE",
                "ETHNIC PURGED",
                "ETHNIC PURGES",
                "ETHNIC PURGING"
            ]
        );
        assert_eq!(
            expand("pre+n:school"),
            vec!["PRE SCHOOL", "PRE SCHOOLS", "PRE-SCHOOL", "PRE-SCHOOLS"]
        );
    }

    #[test]
    fn issues_keep_sections_and_exclusions() {
        let t = "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\nn:teacher [TEACHERS]\n~a head start\n~~Armenian genocide # history\n</ISSUE>\ntouristry[TOURISM]\n";
        let p = parse_issues(t, Path::new("i.txt"), Vec::new()).expect("parses");
        let l = &p.value;
        assert_eq!(l.issues.len(), 2);
        assert_eq!(l.issues[0].category.as_deref(), Some("EDUCATION"));
        assert_eq!(l.issues[1].category, None);
        assert_eq!(l.issues[1].code, "TOURISM");
        assert_eq!(l.exclusions.len(), 2);
        assert!(l.exclusions[1].story);
        assert_eq!(l.exclusions[1].forms, vec!["ARMENIAN GENOCIDE"]);
    }

    #[test]
    fn discards_story_and_whole_word() {
        let t = "+World Golf Championships   # pas\nBATSM\nMAY_DAY_\n";
        let p = parse_discards(t, Path::new("d.txt"), Vec::new()).expect("parses");
        let d = &p.value.discards;
        assert!(d[0].story);
        assert_eq!(d[0].phrase, "WORLD GOLF CHAMPIONSHIPS");
        assert!(!d[1].whole_word);
        assert!(d[2].whole_word);
        assert_eq!(d[2].phrase, "MAY DAY");
    }

    #[test]
    fn malformed_lists_are_errors() {
        let bad = parse_issues("oil [OIL\n", Path::new("i.txt"), Vec::new());
        assert!(matches!(bad, Err(crate::Error::Syntax { line: 1, .. })));
        let skipped = parse_issues("oil\n", Path::new("i.txt"), Vec::new()).expect("lenient");
        assert_eq!(skipped.warnings.len(), 1);
        let bad = parse_discards("A\nB [###]\n", Path::new("d.txt"), Vec::new());
        assert!(matches!(bad, Err(crate::Error::Syntax { line: 2, .. })));
        let runaway = format!("{} [X]\n", "a+".repeat(20));
        let bad = parse_issues(&runaway, Path::new("i.txt"), Vec::new());
        assert!(matches!(bad, Err(crate::Error::Syntax { line: 1, .. })));
    }
}
