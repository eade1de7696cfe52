//! Agents the resolver left without a country get one from their neighbours before coding:
//! "activists in Arnor" (ARN + OPP), "Gondor's awful minister" (GON + GOV), "White House
//! security officials" (USAGOV). Codes listing alternatives (`FRO/BIL/SAM`) become one
//! mention per code, so that each gets its own event.

use tamga_actors::resolve::MentionKind;
use tamga_actors::ActorMention;
use tamga_text::Token;

/// Returns the mentions with agents composed and alternatives split, in text order.
pub(crate) fn compose(text: &str, tokens: &[Token], actors: &[ActorMention]) -> Vec<ActorMention> {
    let tok_at = |byte: usize| tokens.partition_point(|t| t.start < byte);
    let norm = |i: usize| tokens.get(i).map_or("", |t| t.norm.as_str());
    let mut out: Vec<ActorMention> = actors.to_vec();
    let mut absorbed = vec![false; out.len()];
    let sent: Vec<Option<usize>> = out
        .iter()
        .map(|m| tokens.get(tok_at(m.start)).map(|t| t.sentence))
        .collect();
    for i in 0..out.len() {
        if out[i].kind != MentionKind::Agent || out[i].country.is_some() || absorbed[i] {
            continue;
        }
        let agent = out[i].code.clone();
        let lo = tok_at(out[i].start);
        let hi = tok_at(out[i].end);
        let same_sentence = |j: usize| sent[j] == sent[i];
        // "activists in Arnor", "soldiers from Gondor", "the army of Mordor".
        let mut p = hi;
        let mut composed = false;
        if matches!(norm(p), "in" | "from" | "of" | "for") {
            p += 1;
            if norm(p) == "the" {
                p += 1;
            }
            if let Some(j) = (0..out.len())
                .find(|&j| j != i && !absorbed[j] && tok_at(out[j].start) == p && same_sentence(j))
            {
                if let Some(country) = countryish(&out[j]) {
                    let code = join(&country, &agent);
                    let end = out[j].end;
                    let m = &mut out[i];
                    m.code = code;
                    m.country = Some(country);
                    m.end = end;
                    m.text = text.get(m.start..end).unwrap_or(&m.text).to_string();
                    m.kind = MentionKind::Group;
                    absorbed[j] = true;
                    composed = true;
                }
            }
        }
        if composed {
            continue;
        }
        // "Gondor's awful minister", "White House security officials": a coded actor just
        // before, or before a possessive and a few adjectives.
        if let Some(j) = (0..out.len()).rev().find(|&j| {
            j != i && !absorbed[j] && out[j].end <= out[i].start && same_sentence(j) && {
                let jhi = tok_at(out[j].end);
                let gap: Vec<&str> = (jhi..lo).map(norm).collect();
                gap.is_empty()
                    || (gap.first() == Some(&"'s") && gap.len() <= 5 && !gap.contains(&","))
            }
        }) {
            if countryish(&out[j]).is_some() {
                let base = out[j].code.clone();
                let sector = agent.trim_end_matches('~');
                let code = if base.ends_with(sector) {
                    base
                } else {
                    join(&base, &agent)
                };
                let start = out[j].start;
                let country = out[j].country.clone();
                let m = &mut out[i];
                m.code = code;
                m.country = country;
                m.start = start;
                m.text = text.get(start..m.end).unwrap_or(&m.text).to_string();
                m.kind = MentionKind::Group;
                absorbed[j] = true;
                continue;
            }
        }
        // A front agent with no country at all: drop the marker.
        out[i].code = agent.trim_end_matches('~').to_string();
    }
    let mut result = Vec::with_capacity(out.len());
    for (m, gone) in out.into_iter().zip(absorbed) {
        if gone {
            continue;
        }
        if m.code.contains('/') {
            for alt in m.code.split('/').filter(|c| !c.is_empty()) {
                let mut one = m.clone();
                one.code = alt.to_string();
                result.push(one);
            }
        } else {
            result.push(m);
        }
    }
    result.sort_by_key(|m| (m.start, m.end));
    result
}

/// The country part of a mention that can take an agent: countries, seats, and coded
/// bodies with a country.
fn countryish(m: &ActorMention) -> Option<String> {
    match m.kind {
        MentionKind::Agent => None,
        _ => m
            .country
            .clone()
            .or_else(|| (m.code.len() == 3).then(|| m.code.clone())),
    }
}

/// `GON` + `GOV` → `GONGOV`; `ARN` + `NGO~` → `NGOARN` (the agent goes first).
fn join(base: &str, agent: &str) -> String {
    match agent.strip_suffix('~') {
        Some(front) => format!("{front}{base}"),
        None => format!("{base}{agent}"),
    }
}
