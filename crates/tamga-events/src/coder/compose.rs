//! Agents the resolver left without a country get one from their neighbours before coding:
//! "activists in Arnor" (ARN + OPP), "Gondor's awful minister" (GON + GOV), "White House
//! security officials" (USAGOV). Codes listing alternatives (`FRO/BIL/SAM`) become one
//! mention per code, so that each gets its own event.

use tamga_actors::resolve::MentionKind;
use tamga_actors::ActorMention;
use tamga_text::Token;

/// Returns the mentions with agents composed and alternatives split, in text order.
pub(crate) fn compose(
    text: &str,
    tokens: &[Token],
    actors: Vec<ActorMention>,
) -> Vec<ActorMention> {
    let tok_at = |byte: usize| tokens.partition_point(|t| t.start < byte);
    let norm = |i: usize| tokens.get(i).map_or("", |t| t.norm.as_str());
    let mut out = actors;
    out.sort_by_key(|m| (m.start, m.end));
    let mut absorbed = vec![false; out.len()];
    let sent: Vec<Option<usize>> = out
        .iter()
        .map(|m| tokens.get(tok_at(m.start)).map(|t| t.sentence))
        .collect();
    // Each mention's neighbours are the mentions of its sentence: `same[i]` is that index
    // range, so composing stays linear in the document's length.
    let mut same = vec![(0, 0); out.len()];
    let mut lo = 0;
    while lo < out.len() {
        let hi = lo + sent[lo..].iter().take_while(|s| **s == sent[lo]).count();
        same[lo..hi].fill((lo, hi));
        lo = hi;
    }
    let mut extra: Vec<ActorMention> = Vec::new();
    let agentish = |m: &ActorMention| {
        m.country.is_none()
            && m.name.is_none()
            && matches!(
                m.kind,
                MentionKind::Agent | MentionKind::Person | MentionKind::Group
            )
            && m.code.len() <= 4
    };
    // Mention starting at word `p`, same sentence as `i`.
    let starting_at = |out: &[ActorMention], absorbed: &[bool], p: usize, i: usize| {
        (same[i].0..same[i].1)
            .find(|&j| j != i && !absorbed[j] && tok_at(out[j].start) == p && sent[j] == sent[i])
    };
    let is_joiner = |w: &str| matches!(w, "and" | "," | "&");
    for i in 0..out.len() {
        if !agentish(&out[i]) || absorbed[i] {
            continue;
        }
        let lo = tok_at(out[i].start);
        let hi = tok_at(out[i].end);
        // "activists in Arnor", "soldiers from Gondor", "the ambassadors of Arnor, Osgiliath
        // and Gondor", "lawmakers and officials in Fornost and Gondor": every agent of the
        // list with every country of the list.
        let mut p = hi;
        if matches!(norm(p), "in" | "from" | "of" | "for") {
            p += 1;
            if norm(p) == "the" {
                p += 1;
            }
            let mut countries = Vec::new();
            while let Some(j) = starting_at(&out, &absorbed, p, i) {
                let Some(c) = countryish(&out[j]) else { break };
                countries.push((j, c));
                let mut q = tok_at(out[j].end);
                if !is_joiner(norm(q)) {
                    break;
                }
                while is_joiner(norm(q)) || norm(q) == "the" {
                    q += 1;
                }
                p = q;
            }
            if !countries.is_empty() {
                let mut agents = vec![i];
                let mut first = lo;
                while let Some(k) = (same[i].0..same[i].1).rev().find(|&k| {
                    k != i
                        && !absorbed[k]
                        && !agents.contains(&k)
                        && sent[k] == sent[i]
                        && agentish(&out[k])
                        && tok_at(out[k].end) + 1 == first
                        && is_joiner(norm(first - 1))
                }) {
                    agents.push(k);
                    first = tok_at(out[k].start);
                }
                let start = agents
                    .iter()
                    .map(|&a| out[a].start)
                    .min()
                    .unwrap_or(out[i].start);
                let end = countries
                    .iter()
                    .map(|&(j, _)| out[j].end)
                    .max()
                    .unwrap_or(out[i].end);
                for &a in agents.iter().rev() {
                    for (_, c) in &countries {
                        let mut m = out[a].clone();
                        m.code = join(c, &out[a].code);
                        m.country = Some(c.clone());
                        m.start = start;
                        m.end = end;
                        m.text = text.get(start..end).unwrap_or(&m.text).to_string();
                        m.kind = MentionKind::Group;
                        extra.push(m);
                    }
                    absorbed[a] = true;
                }
                for (j, _) in countries {
                    // "activists in Almaty": the place stays known as the event's place.
                    if norm(hi) == "in" {
                        out[j].locative = true;
                    } else {
                        absorbed[j] = true;
                    }
                }
                continue;
            }
        }
        let agent = out[i].code.clone();
        // "Gondor's awful minister", "White House security officials": a coded actor just
        // before, or before a possessive and a few adjectives.
        if let Some(j) = (same[i].0..same[i].1).rev().find(|&j| {
            j != i && !absorbed[j] && out[j].end <= out[i].start && sent[j] == sent[i] && {
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
        // "Danish media and government": the country of the first conjunct.
        if lo > 0 && is_joiner(norm(lo - 1)) {
            if let Some(j) = (same[i].0..same[i].1).rev().find(|&j| {
                j != i && !absorbed[j] && sent[j] == sent[i] && tok_at(out[j].end) + 1 == lo
            }) {
                if let (Some(c), false) = (out[j].country.clone(), agentish(&out[j])) {
                    out[i].code = join(&c, &agent);
                    out[i].country = Some(c);
                    out[i].kind = MentionKind::Group;
                    continue;
                }
            }
        }
        // A front agent with no country at all: drop the marker.
        out[i].code = agent.trim_end_matches('~').to_string();
    }
    out.extend(extra);
    absorbed.resize(out.len(), false);
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
