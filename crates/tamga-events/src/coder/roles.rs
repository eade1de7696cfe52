//! Who is the source and who the target of a trigger, without a parser: the pattern's `$`,
//! `+`, `%` when it has them, otherwise the subject (nearest actor before the verb that is not
//! inside a prepositional phrase) and the object (first actor after it), "X and Y" groups
//! expanded, roles swapped in the passive voice ("was detained by").

use super::verbs::Bound;
use super::Trigger;
use tamga_actors::ActorMention;
use tamga_text::{token, Token, TokenKind};

/// The actor mentions of one sentence, by word position. A document's sentences are read
/// into one `Mentions` in turn, reusing its buffers.
#[derive(Default)]
pub(crate) struct Mentions {
    /// For each word: the mention starting there and the position after it; filled only
    /// for a sentence with mentions, the only kind whose words are matched.
    pub actor_at: Vec<Option<(usize, usize)>>,
    /// (mention, lo, hi, locative), in text order.
    spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    m: usize,
    lo: usize,
    hi: usize,
    locative: bool,
}

/// Prepositions that put a noun phrase out of subject position ("the president of Egypt").
const PREPOSITIONS: &[&str] = &[
    "of", "in", "from", "with", "at", "to", "by", "for", "on", "near", "against", "into", "over",
    "under", "between", "among", "about", "toward", "towards", "after", "before", "since",
    "during", "across", "through", "within", "without", "like", "than",
];

/// Words that open another clause: a subject or object is not looked for across them
/// ("Arnor restored ties, years after crowds burned its embassy").
const BOUNDARIES: &[&str] = &[
    "after", "before", "when", "while", "which", "who", "whom", "whose", "because", "since",
    "although", "though", "if", "unless", "whereas", "where", "until", "that", "but", ";", ":",
];

fn crosses_boundary(words: &[&str], from: usize, to: usize) -> bool {
    words
        .get(from..to)
        .is_some_and(|ws| ws.iter().any(|w| BOUNDARIES.contains(w)))
}

/// For objects, "that" opens the complement that often holds the target ("expressed hopes
/// that Osgiliath could"): only the other boundaries count.
fn crosses_object_boundary(words: &[&str], from: usize, to: usize) -> bool {
    words
        .get(from..to)
        .is_some_and(|ws| ws.iter().any(|w| *w != "that" && BOUNDARIES.contains(w)))
}

/// Words that join two actors into one group ("Egypt and Kazakhstan", "Russia, China").
const JOINERS: &[&str] = &["and", ",", "&", "as", "well", "the", "both", "also"];

impl Mentions {
    /// Reads the mentions of the sentence of `toks`, `start..end` in the text, in place of
    /// the last sentence's.
    pub fn read(&mut self, toks: &[Token], actors: &[ActorMention], start: usize, end: usize) {
        self.actor_at.clear();
        self.spans.clear();
        // `actors` are in text order: only this sentence's stretch is read, so a document
        // costs one pass over its mentions, not one per sentence.
        let first = actors.partition_point(|a| a.start < start);
        for (m, a) in actors.iter().enumerate().skip(first) {
            if a.start >= end {
                break;
            }
            if a.end > end {
                continue;
            }
            let lo = toks.partition_point(|t| t.start < a.start);
            let hi = toks.partition_point(|t| t.start < a.end);
            if lo >= hi || lo >= toks.len() {
                continue;
            }
            self.spans.push(Span {
                m,
                lo,
                hi,
                locative: a.locative,
            });
        }
        if self.spans.is_empty() {
            return;
        }
        self.actor_at.resize(toks.len(), None);
        // The first mention read at a word is the one it starts.
        for s in &self.spans {
            if let Some(slot) = self.actor_at.get_mut(s.lo) {
                if slot.is_none() {
                    *slot = Some((s.m, s.hi));
                }
            }
        }
        self.spans.sort_by_key(|s| s.lo);
    }

    /// No actor is mentioned in the sentence: every role would be empty.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    fn by_mention(&self, m: usize) -> Option<usize> {
        self.spans.iter().position(|s| s.m == m)
    }

    /// The group around span `i`: neighbours joined by "and", commas.
    fn group(&self, i: usize, words: &[&str]) -> Vec<usize> {
        // "Fornost and the evil awful Gondor": a conjunction first, then a few modifiers.
        let joined = |a: &Span, b: &Span| {
            // Alternatives of one phrase (`FRO/BIL/SAM`) and agents spread over a list of
            // countries share one span.
            if (a.lo, a.hi) == (b.lo, b.hi) {
                return true;
            }
            let gap = &words[a.hi.min(b.lo)..b.lo];
            a.hi <= b.lo
                && gap.len() <= 5
                && gap.first().is_some_and(|w| matches!(*w, "and" | "," | "&"))
                && gap.iter().all(|w| {
                    JOINERS.contains(w)
                        || (w.chars().all(char::is_alphabetic)
                            && !BOUNDARIES.contains(w)
                            && !PREPOSITIONS.contains(w))
                })
        };
        let mut lo = i;
        while lo > 0 && joined(&self.spans[lo - 1], &self.spans[lo]) {
            lo -= 1;
        }
        let mut hi = i;
        while hi + 1 < self.spans.len() && joined(&self.spans[hi], &self.spans[hi + 1]) {
            hi += 1;
        }
        self.spans[lo..=hi].iter().map(|s| s.m).collect()
    }
}

/// The roles of one trigger: mention indices.
#[derive(Debug, Clone, Default)]
pub(crate) struct Roles {
    pub sources: Vec<usize>,
    pub targets: Vec<usize>,
    /// Sources and targets are the same group: code every ordered pair.
    pub compound: bool,
}

/// "was detained", "have been sent", "is to be handed over": a participle after a form of
/// "be" (or "get"), adverbs and negation allowed between.
pub(crate) fn is_passive(toks: &[Token], verb: usize) -> bool {
    let Some(t) = toks.get(verb) else {
        return false;
    };
    if !token::is_past_participle(t) {
        return false;
    }
    for p in toks[..verb].iter().rev().take(4) {
        if p.kind != TokenKind::Word {
            return false;
        }
        match p.norm.as_str() {
            "is" | "are" | "was" | "were" | "be" | "been" | "being" | "get" | "got" | "gets"
            | "getting" => return true,
            "not" | "n't" | "never" | "also" | "reportedly" | "allegedly" | "already" | "just" => {}
            w if w.ends_with("ly") => {}
            _ => return false,
        }
    }
    false
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn assign(
    m: &Mentions,
    codes: &[&str],
    words: &[&str],
    trig: &Trigger,
    bound: &Bound,
    passive: bool,
    compound: bool,
) -> Roles {
    let group_of = |mention: usize| {
        m.by_mention(mention)
            .map_or_else(|| vec![mention], |i| m.group(i, words))
    };
    if compound {
        if let Some(c) = bound.compound {
            let g = group_of(c);
            return Roles {
                sources: g.clone(),
                targets: g,
                compound: true,
            };
        }
    }
    // A pattern that placed words or the target before the verb ("- NOTED + *") has read
    // that part of the clause: the subject stands before all of it.
    let subject = bound
        .source
        .map(group_of)
        .or_else(|| {
            let left = bound.start.min(trig.lo);
            let mut s = subject(m, words, left, left < trig.lo)?;
            s.retain(|x| Some(*x) != bound.target);
            (!s.is_empty()).then_some(s)
        })
        .unwrap_or_default();
    let object = bound
        .target
        .map(group_of)
        .or_else(|| object(m, words, trig.hi, &subject, codes))
        .unwrap_or_default();
    if passive && bound.source.is_none() {
        // The subject underwent the act ("were handed over to Kyrgyzstan": the pattern's
        // target is the recipient); the agent, if any, follows "by".
        let agent = words[trig.hi..]
            .iter()
            .position(|w| *w == "by")
            .map(|p| trig.hi + p + 1)
            .and_then(|p| m.spans.iter().position(|s| s.lo == p || s.lo == p + 1))
            .map(|i| m.group(i, words))
            .unwrap_or_default();
        let target = if bound.target.is_some() || subject.is_empty() {
            object
        } else {
            subject
        };
        let target: Vec<usize> = target.into_iter().filter(|t| !agent.contains(t)).collect();
        return Roles {
            sources: agent,
            targets: target,
            compound: false,
        };
    }
    if object.is_empty() && subject.len() >= 2 && bound.target.is_none() {
        // "Egypt and Kazakhstan signed": each with the other.
        return Roles {
            sources: subject.clone(),
            targets: subject,
            compound: true,
        };
    }
    Roles {
        sources: subject,
        targets: object,
        compound: false,
    }
}

/// The nearest actor before `verb` not inside a prepositional phrase, with its group.
fn subject(m: &Mentions, words: &[&str], verb: usize, across: bool) -> Option<Vec<usize>> {
    let mut best = None;
    for (i, s) in m.spans.iter().enumerate().rev() {
        if s.hi > verb {
            continue;
        }
        if !across && crosses_boundary(words, s.hi, verb) {
            break;
        }
        if s.locative {
            continue;
        }
        let before = s.lo.checked_sub(1).map(|p| words[p]);
        let before = match before {
            Some("the") => s.lo.checked_sub(2).map(|p| words[p]),
            b => b,
        };
        if before.is_some_and(|b| PREPOSITIONS.contains(&b)) {
            // "Egypt's president in Astana": keep looking further left, but remember it in
            // case nothing better is found.
            continue;
        }
        best = Some(i);
        break;
    }
    best.map(|i| m.group(i, words))
}

/// The first actor after the trigger that is not the subject and not a place of the
/// "in Moscow" kind, with its group.
fn object(
    m: &Mentions,
    words: &[&str],
    after: usize,
    subject: &[usize],
    codes: &[&str],
) -> Option<Vec<usize>> {
    let mut fallback = None;
    // "he", "the minister" referring back to the subject is not its target.
    let same_as_subject = |x: usize| {
        subject
            .iter()
            .any(|&s| codes.get(s).is_some_and(|c| codes.get(x) == Some(c)))
    };
    for (i, s) in m.spans.iter().enumerate() {
        if s.lo < after || subject.contains(&s.m) || same_as_subject(s.m) {
            continue;
        }
        if crosses_object_boundary(words, after, s.lo) {
            break;
        }
        let before = s.lo.checked_sub(1).map(|p| words[p]);
        let before = match before {
            Some("the") => s.lo.checked_sub(2).map(|p| words[p]),
            b => b,
        };
        if fallback.is_none()
            && s.locative
            && before.is_some_and(|b| {
                matches!(
                    b,
                    "in" | "near" | "within" | "inside" | "outside" | "across" | "throughout"
                )
            })
        {
            // "appealed for peace in Ithilen": a place can be the target, but only when no
            // other actor follows.
            fallback = Some(i);
            continue;
        }
        return Some(m.group(i, words));
    }
    fallback.map(|i| m.group(i, words))
}
