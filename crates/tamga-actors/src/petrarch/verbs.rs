//! Verb dictionaries (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`): `&SYNSET` word sets,
//! `--- MEANING [CODE] ---` verb blocks listing verbs (with irregular forms in `{...}`) and
//! their `- pre * post [CODE]` patterns, and `~ ... = ...` transformations. Kept as plain
//! data for the event coder; `docs/petrarch-format.md` explains the pattern syntax.

use super::lines::{content_lines, Line};
use super::{phrase_words, syntax, Parsed, Warning};
use crate::dict::Origin;
use crate::error::Result;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VerbDictionary {
    pub synsets: Vec<Synset>,
    pub blocks: Vec<VerbBlock>,
    pub transformations: Vec<Transformation>,
}

impl VerbDictionary {
    pub fn synset(&self, name: &str) -> Option<&Synset> {
        self.synsets.iter().find(|s| s.name == name)
    }

    /// The blocks and verb entries with `form` (upper case, words joined by blanks) among
    /// their forms; a linear scan, for tools and tests rather than the coder's hot loop.
    pub fn verbs_for<'a>(
        &'a self,
        form: &'a str,
    ) -> impl Iterator<Item = (&'a VerbBlock, &'a VerbEntry)> + 'a {
        self.blocks.iter().flat_map(move |b| {
            b.verbs
                .iter()
                .filter(move |v| v.forms.iter().any(|f| f == form))
                .map(move |v| (b, v))
        })
    }
}

impl VerbBlock {
    /// The code of `verb` alone: its own, else the block's.
    pub fn code_of<'a>(&'a self, verb: &'a VerbEntry) -> &'a CodePair {
        verb.code.as_ref().unwrap_or(&self.code)
    }
}

/// `&NAME` followed by `+member` lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Synset {
    /// Without the `&` and without a trailing `_`.
    pub name: String,
    /// False when the label ends in `_` (not a noun set: no plurals for any member).
    pub plurals: bool,
    /// Members as words joined by blanks; `&OTHER` members name another synset.
    pub members: Vec<String>,
    /// Members plus generated regular plurals (not for `_`-final members or `_` labels).
    pub forms: Vec<String>,
    pub origin: Origin,
}

/// An event code and the code of the reverse event (`[031:031]`, `[:173]`); `None` for the
/// null code `---` (no event).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CodePair {
    /// Source → target.
    pub forward: Option<String>,
    /// After `:`: the event with source and target exchanged (PETRARCH2 also uses it for the
    /// passive voice).
    pub reverse: Option<String>,
}

impl CodePair {
    fn parse(raw: &str) -> CodePair {
        let (f, r) = match raw.split_once(':') {
            Some((f, r)) => (f, Some(r)),
            None => (raw, None),
        };
        let code = |s: &str| {
            let s = s.trim();
            (!s.is_empty() && s != "---").then(|| s.to_string())
        };
        CodePair {
            forward: code(f),
            reverse: r.and_then(code),
        }
    }
}

/// `--- MEANING [CODE] ---`: synonymous verbs sharing patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerbBlock {
    pub meaning: String,
    /// The code of a verb alone, for verbs without their own.
    pub code: CodePair,
    pub verbs: Vec<VerbEntry>,
    pub patterns: Vec<VerbPattern>,
    pub origin: Origin,
}

/// One verb line: `SAY {SAID SAYING}`, `+CORDON_OFF`, `WIRE_+TAP`, `CLARIFY ... [040]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerbEntry {
    /// The words of the base form (`["CORDON", "OFF"]`).
    pub words: Vec<String>,
    /// Index in `words` of the word the parser tags as the verb (marked `+` upstream).
    pub head: usize,
    /// The verb's own code, overriding the block's.
    pub code: Option<CodePair>,
    /// Every surface form, the base first, words joined by blanks: the `{...}` list when
    /// given, else regular -S/-ED/-ING forms of the head word.
    pub forms: Vec<String>,
    pub origin: Origin,
}

/// `- pre * post [CODE] # hint`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerbPattern {
    /// The pattern as written between `-` and `[CODE]`.
    pub text: String,
    pub elements: Vec<PatternElement>,
    pub code: CodePair,
    /// The `#` comment: usually the verb the pattern came from, and who added it.
    pub comment: Option<String>,
    pub origin: Origin,
}

impl VerbPattern {
    /// Elements before and after the verb `*` (top level).
    pub fn split_at_verb(&self) -> (&[PatternElement], &[PatternElement]) {
        match self
            .elements
            .iter()
            .position(|e| e.item == PatternItem::Verb)
        {
            Some(i) => (&self.elements[..i], &self.elements[i + 1..]),
            None => (&self.elements[..], &[]),
        }
    }
}

/// One element of a pattern and whether it is glued (`_`) to the next: glued elements must
/// be adjacent in the sentence, others may have words between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatternElement {
    pub item: PatternItem,
    pub glued: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum PatternItem {
    /// `*`: where the verb stands.
    Verb,
    /// A literal word (a noun head, a particle). `A/B` lists alternatives.
    Word(String),
    /// `&NAME`: any member of the synset.
    Synset(String),
    /// `$`: the source actor.
    Source,
    /// `+`: the target actor.
    Target,
    /// `%`: a compound actor that is both source and target.
    Compound,
    /// `^`: skip a noun phrase.
    Skip,
    /// `{A B HEAD}`: a noun phrase, the last element its head.
    Noun(Vec<PatternElement>),
    /// `(PREP ...)`: a prepositional phrase, the first element the preposition.
    Prep(Vec<PatternElement>),
}

/// `~ a (a b ATTACK) SAY = a b 015`: when verb SAY governs an ATTACK event, recode it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transformation {
    /// Left of `=`: upper source, then the lower event `(source target verb)`, upper verb.
    pub pattern: String,
    /// Right of `=`: source, target, code (or `Q`: keep the lower code).
    pub result: String,
    pub origin: Origin,
}

enum Section {
    None,
    Synset(usize),
    Block(usize),
}

pub(crate) fn parse(
    text: &str,
    file: &Path,
    mut warnings: Vec<Warning>,
) -> Result<Parsed<VerbDictionary>> {
    let origin_file = file.display().to_string();
    let origin = |no: usize| Origin {
        file: origin_file.clone(),
        line: no,
    };
    let lines = content_lines(text, false);
    // Synsets may be defined after their first use, so learn all names first: they are
    // needed to tell `&FIGHT_OF_WORDS` from `&TIETYPES` glued to `_RELATIONS`.
    let names: HashSet<String> = lines
        .iter()
        .filter_map(|l| l.text.trim().strip_prefix('&'))
        .filter_map(|n| n.split_whitespace().next())
        .map(|n| n.trim_end_matches('_').to_string())
        .collect();
    let mut dict = VerbDictionary::default();
    let mut section = Section::None;
    for line in &lines {
        let t = line.text.trim();
        if let Some(name) = t.strip_prefix('&') {
            let name = name.split_whitespace().next().unwrap_or("");
            let bare = name.trim_end_matches('_');
            if bare.is_empty() {
                return Err(syntax(file, line.no, "synset label without a name"));
            }
            dict.synsets.push(Synset {
                name: bare.to_string(),
                plurals: !name.ends_with('_'),
                members: Vec::new(),
                forms: Vec::new(),
                origin: origin(line.no),
            });
            section = Section::Synset(dict.synsets.len() - 1);
        } else if t.starts_with("---") {
            let block = block_header(t, file, line, &mut warnings)?;
            dict.blocks.push(VerbBlock {
                meaning: block.0,
                code: block.1,
                verbs: Vec::new(),
                patterns: Vec::new(),
                origin: origin(line.no),
            });
            section = Section::Block(dict.blocks.len() - 1);
        } else if let Some(rest) = t.strip_prefix('~') {
            let Some((pattern, result)) = rest.split_once('=') else {
                return Err(syntax(file, line.no, "transformation without `=`"));
            };
            let (pattern, result) = (pattern.trim(), result.trim());
            if pattern.is_empty() || result.is_empty() {
                return Err(syntax(file, line.no, "empty side in transformation"));
            }
            dict.transformations.push(Transformation {
                pattern: pattern.to_string(),
                result: result.to_string(),
                origin: origin(line.no),
            });
        } else if let Some(rest) = t.strip_prefix('-') {
            let Section::Block(b) = section else {
                return Err(syntax(
                    file,
                    line.no,
                    "pattern outside a `--- VERB ---` block",
                ));
            };
            let p = pattern(rest, file, line, &names, &mut warnings, origin(line.no))?;
            dict.blocks[b].patterns.push(p);
        } else {
            match section {
                Section::Synset(s) => {
                    let Some(member) = t.strip_prefix('+') else {
                        return Err(syntax(
                            file,
                            line.no,
                            format!("expected a `+member` of synset &{}", dict.synsets[s].name),
                        ));
                    };
                    let set = &mut dict.synsets[s];
                    let words = phrase_words(member);
                    if words.is_empty() {
                        return Err(syntax(file, line.no, "empty synset member"));
                    }
                    set.forms.push(words.clone());
                    if set.plurals && !member.trim_end().ends_with('_') && !words.starts_with('&') {
                        set.forms.push(noun_plural(&words));
                    }
                    set.members.push(words);
                }
                Section::Block(b) => {
                    let v = verb_entry(t, file, line, &mut warnings, origin(line.no))?;
                    dict.blocks[b].verbs.push(v);
                }
                Section::None => {
                    return Err(syntax(
                        file,
                        line.no,
                        "line outside any `&SYNSET` or `--- VERB ---` block",
                    ));
                }
            }
        }
    }
    Ok(Parsed {
        file: file.to_path_buf(),
        value: dict,
        warnings,
    })
}

fn block_header(
    t: &str,
    file: &Path,
    line: &Line<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<(String, CodePair)> {
    let inner = t
        .trim_start_matches('-')
        .trim_end()
        .trim_end_matches('-')
        .trim();
    let (meaning, rest) = match inner.split_once('[') {
        Some((m, r)) => (m.trim(), Some(r)),
        None => (inner, None),
    };
    if meaning.is_empty() {
        return Err(syntax(file, line.no, "verb block without a name"));
    }
    let code = match rest {
        None => CodePair::default(),
        Some(r) => {
            let Some((code, tail)) = r.split_once(']') else {
                return Err(syntax(file, line.no, "`[` without closing `]`"));
            };
            if !tail.trim().is_empty() {
                // Upstream `--- DELAY [120]  [031:031] ---`.
                warnings.push(Warning {
                    line: line.no,
                    detail: format!("block `{meaning}`: only the first code is used"),
                });
            }
            CodePair::parse(code)
        }
    };
    Ok((phrase_words(meaning), code))
}

fn verb_entry(
    t: &str,
    file: &Path,
    line: &Line<'_>,
    warnings: &mut Vec<Warning>,
    origin: Origin,
) -> Result<VerbEntry> {
    let (body, code) = match t.split_once('[') {
        Some((b, r)) => {
            let Some((c, _)) = r.split_once(']') else {
                return Err(syntax(file, line.no, "`[` without closing `]`"));
            };
            (b, Some(CodePair::parse(c)))
        }
        None => (t, None),
    };
    let (base, irregular) = match body.split_once('{') {
        Some((b, r)) => {
            let Some((forms, _)) = r.split_once('}') else {
                return Err(syntax(file, line.no, "`{` without closing `}`"));
            };
            (b, Some(forms))
        }
        None => (body, None),
    };
    let tokens: Vec<&str> = base.split_whitespace().collect();
    let joined = match tokens.as_slice() {
        [] => return Err(syntax(file, line.no, "verb line without a verb")),
        [one] => one.to_string(),
        more => {
            // Upstream `LASH OUT`, `RULE OUT`: a phrasal verb written with a blank; read
            // as `+LASH_OUT`.
            warnings.push(Warning {
                line: line.no,
                detail: format!("verb `{}` read as a multi-word verb", more.join(" ")),
            });
            let j = more.join("_");
            if j.contains('+') {
                j
            } else {
                format!("+{j}")
            }
        }
    };
    let (words, head) = verb_words(&joined).map_err(|e| syntax(file, line.no, e))?;
    let mut forms = vec![words.join(" ")];
    match irregular {
        Some(list) => {
            for f in list.split_whitespace() {
                let (w, _) = verb_words(f).map_err(|e| syntax(file, line.no, e))?;
                let f = w.join(" ");
                if !forms.contains(&f) {
                    forms.push(f);
                }
            }
        }
        None => {
            for inflected in regular_verb_forms(&words[head]) {
                let mut w = words.clone();
                w[head] = inflected;
                let f = w.join(" ");
                if !forms.contains(&f) {
                    forms.push(f);
                }
            }
        }
    }
    Ok(VerbEntry {
        words,
        head,
        code,
        forms,
        origin,
    })
}

/// `WIRE_+TAP` → (["WIRE", "TAP"], 1); `+CORDON_OFF` → (["CORDON", "OFF"], 0); `SAY` → (["SAY"], 0).
fn verb_words(token: &str) -> Result<(Vec<String>, usize), String> {
    let mut words = Vec::new();
    let mut head = None;
    for w in token.split('_').filter(|w| !w.is_empty()) {
        if let Some(x) = w.strip_prefix('+') {
            if head.is_some() {
                return Err(format!("verb `{token}` marks two words with `+`"));
            }
            head = Some(words.len());
            words.push(x.to_string());
        } else {
            words.push(w.to_string());
        }
    }
    if words.is_empty() || words.iter().any(|w| w.is_empty()) {
        return Err(format!("empty verb `{token}`"));
    }
    match head {
        Some(h) => Ok((words, h)),
        None if words.len() == 1 => Ok((words, 0)),
        None => Err(format!(
            "multi-word verb `{token}` must mark its verb with `+` (`+BEEF_UP`, `WIRE_+TAP`)"
        )),
    }
}

/// -S, -ED, -ING of a regular English verb. PETRARCH2's rules, plus the -CH/-SH and
/// vowel+Y cases it gets wrong (REACHS, PLAIES).
fn regular_verb_forms(v: &str) -> Vec<String> {
    let ends_consonant_y =
        v.len() >= 2 && v.ends_with('Y') && !v[..v.len() - 1].ends_with(['A', 'E', 'I', 'O', 'U']);
    let s = if v.ends_with(['S', 'X', 'Z']) || v.ends_with("CH") || v.ends_with("SH") {
        format!("{v}ES")
    } else if ends_consonant_y {
        format!("{}IES", &v[..v.len() - 1])
    } else {
        format!("{v}S")
    };
    let ed = if v.ends_with('E') {
        format!("{v}D")
    } else if ends_consonant_y {
        format!("{}IED", &v[..v.len() - 1])
    } else {
        format!("{v}ED")
    };
    let ing = match v.strip_suffix('E') {
        Some(stem) if !stem.is_empty() && !stem.ends_with(['A', 'E', 'I', 'O', 'U']) => {
            format!("{stem}ING")
        }
        _ => format!("{v}ING"),
    };
    vec![s, ed, ing]
}

/// Plural of a synset member's last word (PETRARCH's `make_plural_noun`).
fn noun_plural(phrase: &str) -> String {
    if let Some(stem) = phrase.strip_suffix('Y') {
        format!("{stem}IES")
    } else if phrase.ends_with('S') {
        format!("{phrase}ES")
    } else {
        format!("{phrase}S")
    }
}

fn pattern(
    rest: &str,
    file: &Path,
    line: &Line<'_>,
    synsets: &HashSet<String>,
    warnings: &mut Vec<Warning>,
    origin: Origin,
) -> Result<VerbPattern> {
    let Some(open) = rest.rfind('[') else {
        return Err(syntax(file, line.no, "pattern without `[CODE]`"));
    };
    let Some(code) = rest[open + 1..].strip_suffix(']') else {
        return Err(syntax(
            file,
            line.no,
            "pattern code must end the line: `[CODE]`",
        ));
    };
    let body = rest[..open].trim();
    let elements = tokenize(body, synsets, line, warnings).map_err(|e| syntax(file, line.no, e))?;
    let verbs = elements
        .iter()
        .filter(|e| e.item == PatternItem::Verb)
        .count();
    if verbs != 1 {
        return Err(syntax(
            file,
            line.no,
            format!("pattern `{body}` must have exactly one `*` (the verb), has {verbs}"),
        ));
    }
    Ok(VerbPattern {
        text: body.to_string(),
        elements,
        code: CodePair::parse(code),
        comment: line.comment.map(str::to_string),
        origin,
    })
}

const SPECIAL: &[char] = &[
    '_', '{', '}', '(', ')', '*', '$', '+', '%', '^', '&', '[', ']',
];

/// Turns pattern text into elements; see `PatternItem` for the symbols.
fn tokenize(
    s: &str,
    synsets: &HashSet<String>,
    line: &Line<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<PatternElement>, String> {
    // Open `{`/`(` groups: their kind and the elements before them.
    let mut stack: Vec<(char, Vec<PatternElement>)> = Vec::new();
    let mut cur: Vec<PatternElement> = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        let push =
            |cur: &mut Vec<PatternElement>, item| cur.push(PatternElement { item, glued: false });
        match c {
            c if c.is_whitespace() => {}
            '_' => {
                // Glue only when something follows directly; `WORD_ ` is TABARI's
                // "complete word" mark and changes nothing in PETRARCH2.
                let next_glues = after
                    .chars()
                    .next()
                    .is_some_and(|n| !n.is_whitespace() && n != ')' && n != '}');
                if next_glues {
                    if let Some(last) = cur.last_mut() {
                        last.glued = true;
                    }
                }
            }
            '{' | '(' => stack.push((c, std::mem::take(&mut cur))),
            '}' | ')' => {
                let want = if c == '}' { '{' } else { '(' };
                match stack.pop() {
                    Some((open, outer)) if open == want => {
                        let inner = std::mem::replace(&mut cur, outer);
                        if inner.is_empty() && c == '}' {
                            return Err("empty `{}` noun phrase".into());
                        }
                        let item = if c == '}' {
                            PatternItem::Noun(inner)
                        } else {
                            PatternItem::Prep(inner)
                        };
                        push(&mut cur, item);
                    }
                    None => {
                        // Upstream `(WITH VISIT)   VISIT)[042:043]`: a stray closer.
                        warnings.push(Warning {
                            line: line.no,
                            detail: format!("stray `{c}` in pattern ignored"),
                        });
                    }
                    Some((open, _)) => return Err(format!("`{open}` closed by `{c}`")),
                }
            }
            '*' => push(&mut cur, PatternItem::Verb),
            '$' => push(&mut cur, PatternItem::Source),
            '+' => push(&mut cur, PatternItem::Target),
            '%' => push(&mut cur, PatternItem::Compound),
            '^' => push(&mut cur, PatternItem::Skip),
            '[' | ']' => return Err(format!("stray `{c}` in pattern")),
            '&' => {
                let run_len = after
                    .find(|ch: char| ch.is_whitespace() || (SPECIAL.contains(&ch) && ch != '_'))
                    .unwrap_or(after.len());
                let run = &after[..run_len];
                // The longest known name that ends at a word boundary of the run.
                let known = run
                    .char_indices()
                    .filter(|&(i, ch)| ch == '_' && i > 0)
                    .map(|(i, _)| i)
                    .chain(std::iter::once(run.len()))
                    .filter(|&end| synsets.contains(&run[..end]))
                    .max();
                let end = match known {
                    Some(e) => e,
                    None => {
                        let e = run.find('_').unwrap_or(run.len());
                        warnings.push(Warning {
                            line: line.no,
                            detail: format!("synset `&{}` is not defined", &run[..e]),
                        });
                        e
                    }
                };
                if end == 0 {
                    return Err("`&` without a synset name".into());
                }
                push(&mut cur, PatternItem::Synset(run[..end].to_string()));
                rest = &after[end..];
                continue;
            }
            _ => {
                let len = rest
                    .find(|ch: char| ch.is_whitespace() || SPECIAL.contains(&ch))
                    .unwrap_or(rest.len());
                push(&mut cur, PatternItem::Word(rest[..len].to_string()));
                rest = &rest[len..];
                continue;
            }
        }
        rest = after;
    }
    if let Some((open, _)) = stack.last() {
        return Err(format!("unclosed `{open}`"));
    }
    // A trailing `_` glue with nothing after it is not glue.
    if let Some(last) = cur.last_mut() {
        last.glued = false;
    }
    Ok(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PatternItem::*;

    fn el(item: PatternItem, glued: bool) -> PatternElement {
        PatternElement { item, glued }
    }

    fn parse_ok(text: &str) -> Parsed<VerbDictionary> {
        parse(text, Path::new("t.verbs"), Vec::new()).expect("parses")
    }

    #[test]
    fn blocks_verbs_and_forms() {
        let p = parse_ok("--- ACCELERATE [---] ---\nHURRY {HURRIES HURRYING HURRIED }\nREACH\nPLAY [040]\n+CORDON_OFF\nWIRE_+TAP {WIRE_+TAPS WIRE_+TAPPED}\n");
        let b = &p.value.blocks[0];
        assert_eq!(b.meaning, "ACCELERATE");
        assert_eq!(b.code, CodePair::default());
        assert_eq!(
            b.verbs[0].forms,
            vec!["HURRY", "HURRIES", "HURRYING", "HURRIED"]
        );
        assert_eq!(
            b.verbs[1].forms,
            vec!["REACH", "REACHES", "REACHED", "REACHING"]
        );
        assert_eq!(b.verbs[2].forms, vec!["PLAY", "PLAYS", "PLAYED", "PLAYING"]);
        assert_eq!(
            b.verbs[2].code.as_ref().and_then(|c| c.forward.as_deref()),
            Some("040")
        );
        assert_eq!(
            b.verbs[3].forms,
            vec!["CORDON OFF", "CORDONS OFF", "CORDONED OFF", "CORDONING OFF"]
        );
        assert_eq!((b.verbs[4].head, b.verbs[4].forms.len()), (1, 3));
    }

    #[test]
    fn patterns_parse_into_elements() {
        let t = "&FIGHT_OF_WORDS\n+ARGUMENT\n&TIETYPES\n+MILITARY\n&AUX_\n+WAS\n--- MEET [031:031] ---\nMEET\n- * (TO {ARMS SHIPMENT}) [042:043] # RUSH\n- IN_* [075]\n- * NEW_&TIETYPES_RELATIONS [903]\n- &FIGHT_OF_WORDS * $ [:173]\n";
        let p = parse_ok(t);
        let v = &p.value;
        assert_eq!(v.synsets[0].forms, vec!["ARGUMENT", "ARGUMENTS"]);
        assert!(!v.synsets[2].plurals);
        assert_eq!(v.synsets[2].forms, vec!["WAS"]);
        let pats = &v.blocks[0].patterns;
        assert_eq!(
            pats[0].elements,
            vec![
                el(Verb, false),
                el(
                    Prep(vec![
                        el(Word("TO".into()), false),
                        el(
                            Noun(vec![
                                el(Word("ARMS".into()), false),
                                el(Word("SHIPMENT".into()), false)
                            ]),
                            false
                        )
                    ]),
                    false
                )
            ]
        );
        assert_eq!(pats[0].code.forward.as_deref(), Some("042"));
        assert_eq!(pats[0].code.reverse.as_deref(), Some("043"));
        assert_eq!(pats[0].comment.as_deref(), Some("RUSH"));
        assert_eq!(
            pats[1].elements,
            vec![el(Word("IN".into()), true), el(Verb, false)]
        );
        assert_eq!(
            pats[2].elements,
            vec![
                el(Verb, false),
                el(Word("NEW".into()), true),
                el(Synset("TIETYPES".into()), true),
                el(Word("RELATIONS".into()), false)
            ]
        );
        assert_eq!(
            pats[3].elements[0],
            el(Synset("FIGHT_OF_WORDS".into()), false)
        );
        assert_eq!(pats[3].code.forward, None);
        let (pre, post) = pats[3].split_at_verb();
        assert_eq!((pre.len(), post.len()), (1, 1));
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn transformations_and_warnings() {
        let p = parse_ok("--- DELAY [120]  [031:031]  ---\nDELAY\n- * &NOPE [111]\n~ a (a b ATTACK) SAY = a b 015\n");
        assert_eq!(p.value.transformations[0].result, "a b 015");
        assert_eq!(p.warnings.len(), 2);
    }

    #[test]
    fn malformed_verbs_are_errors() {
        for (text, line) in [
            ("- * X [010]\n", 1),
            ("--- A [010] ---\n- * X\n", 2),
            ("--- A [010] ---\n- * (X [010]\n", 2),
            ("--- A [010] ---\n- X [010]\n", 2),
            ("--- A [010] ---\n- * * [010]\n", 2),
            ("--- A [010] ---\nCORDON_OFF\n", 2),
            ("&S\nWORD\n", 2),
            ("~ a b\n", 1),
            ("SAY\n", 1),
        ] {
            match parse(text, Path::new("bad.verbs"), Vec::new()) {
                Err(crate::Error::Syntax { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
                other => panic!("{text:?}: expected a syntax error, got {other:?}"),
            }
        }
    }
}
