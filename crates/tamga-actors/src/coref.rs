//! Light coreference inside one document: "the Senate", "the minister", "the country",
//! "he/she/they" and "his Egyptian counterpart" point back to the most recent compatible
//! actor mention. No syntax, no gender model: compatibility is kind and sector, recency decides.

use crate::resolve::{ActorMention, MentionKind};

/// How far back (in mentions) an anaphor looks: past that, news prose has usually moved on
/// to another actor and a wrong link is worse than none.
pub const WINDOW: usize = 12;

/// How many mentions back "the country" counts which country the story is about.
pub const FOCUS_WINDOW: usize = 200;

/// What an anaphor can point to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Want {
    /// "he", "she", "his … counterpart": a person (a named one, or a titled agent such as
    /// "the Kazakh foreign minister").
    Person,
    /// "the country": a country named or implied (a country mention, or any mention with a
    /// country).
    Country,
    /// "he" or "she": a person whose name does not say the other gender.
    Gendered(Gender),
    /// "they": a group — an organization, a government, a country's agents.
    Group,
    /// "the minister", "the Senate": a mention of the same sector with a country; `person`
    /// prefers people ("the minister") over bodies ("the ministry").
    Sector { sector: String, person: bool },
    /// "the minister" after "Defence Minister Shoigu": a person whose role contains the
    /// title's words.
    Titled(String),
}

/// A person's grammatical gender as far as a name's form tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Unknown,
}

impl Gender {
    fn agrees(self, other: Gender) -> bool {
        self == Gender::Unknown || other == Gender::Unknown || self == other
    }
}

/// Gender from the surname's ending where Russian and Central Asian naming marks it
/// (Nazarbayev / Nazarbayeva, Otunbayeva, Shevchenko stays unknown); other names are unknown,
/// so "he" and "she" then go by recency alone.
pub fn gender_of(name: &str) -> Gender {
    let last = name.split_whitespace().last().unwrap_or("").to_lowercase();
    const FEMALE: &[&str] = &["ova", "eva", "ina", "skaya", "aya"];
    const MALE: &[&str] = &["ov", "ev", "in", "sky", "skiy", "skii"];
    if FEMALE.iter().any(|e| last.ends_with(e)) {
        Gender::Female
    } else if MALE.iter().any(|e| last.ends_with(e)) {
        Gender::Male
    } else {
        Gender::Unknown
    }
}

/// Index of the most recent mention in `prev` that `want` may refer to, looking back at
/// most [`WINDOW`] mentions.
pub fn antecedent(prev: &[ActorMention], want: &Want) -> Option<usize> {
    let lo = prev.len().saturating_sub(WINDOW);
    let recent = || (lo..prev.len()).rev();
    // Countries used as places ("to Afghanistan"), kept only for the event coder, are not
    // actors anaphors point back to.
    let at = |i: usize| prev.get(i).filter(|m| !m.locative);
    match want {
        Want::Person => recent().find(|&i| at(i).is_some_and(|m| m.kind == MentionKind::Person)),
        Want::Gendered(g) => recent().find(|&i| {
            at(i).is_some_and(|m| {
                m.kind == MentionKind::Person
                    && m.name
                        .as_deref()
                        .map_or(Gender::Unknown, gender_of)
                        .agrees(*g)
            })
        }),
        // Among the countries of recent mentions, the one the story has named most (a
        // story about Kazakhstan that mentions "the US" once still means Kazakhstan by "the
        // country"); ties go to the latest. Its latest mention is the antecedent.
        Want::Country => {
            // Counted over the last FOCUS_WINDOW mentions: the story's current focus, and
            // bounded work per anaphor however long the document.
            let focus = prev
                .get(prev.len().saturating_sub(FOCUS_WINDOW)..)
                .unwrap_or(&[]);
            let count = |c: &str| {
                focus
                    .iter()
                    .filter(|m| !m.locative && m.country.as_deref() == Some(c))
                    .count()
            };
            let mut best: Option<(usize, usize)> = None; // (count, index)
            for i in recent() {
                let Some(c) = at(i).and_then(|m| m.country.as_deref()) else {
                    continue;
                };
                let n = count(c);
                if best.is_none_or(|(bn, _)| n > bn) {
                    best = Some((n, i));
                }
            }
            // Point at a mention of the country itself where the window has one.
            let (_, i) = best?;
            let c = at(i).and_then(|m| m.country.as_deref());
            recent()
                .find(|&j| {
                    at(j).is_some_and(|m| {
                        m.kind == MentionKind::Country && m.country.as_deref() == c
                    })
                })
                .or(Some(i))
        }
        Want::Group => recent().find(|&i| {
            at(i).is_some_and(|m| {
                matches!(
                    m.kind,
                    MentionKind::Group | MentionKind::Org | MentionKind::Seat
                )
            })
        }),
        Want::Titled(title) => recent().find(|&i| {
            at(i).is_some_and(|m| {
                m.kind == MentionKind::Person
                    && !title.is_empty()
                    && m.role
                        .as_deref()
                        .is_some_and(|r| r.to_lowercase().contains(title.as_str()))
            })
        }),
        Want::Sector { sector, person } => {
            let same = |i: usize, need_person: bool| {
                at(i).is_some_and(|m| {
                    m.sector.as_deref() == Some(sector.as_str())
                        && m.country.is_some()
                        && (!need_person || m.kind == MentionKind::Person)
                })
            };
            (*person)
                .then(|| recent().find(|&i| same(i, true)))
                .flatten()
                .or_else(|| recent().find(|&i| same(i, false)))
        }
    }
}

/// The coreference chains of a document's mentions: each chain starts at a mention no
/// other points from and lists, in text order, every mention that refers back to it
/// (directly or through another anaphor). Only chains of two or more mentions are returned.
pub fn chains(mentions: &[ActorMention]) -> Vec<Vec<usize>> {
    let root = |mut i: usize| {
        // Antecedents always come earlier, so following the links terminates; the step
        // bound guards against a hand-built cycle.
        for _ in 0..mentions.len() {
            match mentions.get(i).and_then(|m| m.coref_of) {
                Some(j) if j < i => i = j,
                _ => break,
            }
        }
        i
    };
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut chain_of_root: std::collections::HashMap<usize, usize> = Default::default();
    for i in 0..mentions.len() {
        if mentions.get(i).and_then(|m| m.coref_of).is_none() {
            continue;
        }
        let r = root(i);
        let c = *chain_of_root.entry(r).or_insert_with(|| {
            out.push(vec![r]);
            out.len() - 1
        });
        if let Some(chain) = out.get_mut(c) {
            chain.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(code: &str, kind: MentionKind, coref_of: Option<usize>) -> ActorMention {
        ActorMention {
            text: code.to_string(),
            start: 0,
            end: 0,
            code: code.to_string(),
            country: code.get(..3).filter(|c| *c != "IGO").map(str::to_string),
            sector: code.get(3..6).map(str::to_string),
            org: None,
            name: None,
            role: None,
            coref_of,
            kind,
            locative: false,
        }
    }

    #[test]
    fn sector_prefers_people_for_person_words() {
        let prev = vec![
            m("KAZGOV", MentionKind::Person, None),
            m("KAZGOV", MentionKind::Group, None),
            m("KAZLEG", MentionKind::Group, None),
        ];
        let minister = Want::Sector {
            sector: "GOV".into(),
            person: true,
        };
        assert_eq!(antecedent(&prev, &minister), Some(0));
        let ministry = Want::Sector {
            sector: "GOV".into(),
            person: false,
        };
        assert_eq!(antecedent(&prev, &ministry), Some(1));
        let senate = Want::Sector {
            sector: "LEG".into(),
            person: false,
        };
        assert_eq!(antecedent(&prev, &senate), Some(2));
        // No country by name: the latest mention that has a country.
        assert_eq!(antecedent(&prev, &Want::Country), Some(2));
        let story = vec![
            m("KAZ", MentionKind::Country, None),
            m("KAZLEG", MentionKind::Group, None),
            m("USA", MentionKind::Country, None),
        ];
        // The document's main country over a passing mention, pointing at its name.
        assert_eq!(antecedent(&story, &Want::Country), Some(0));
    }

    #[test]
    fn person_and_country_pick_the_latest() {
        let prev = vec![
            m("KAZ", MentionKind::Country, None),
            m("KAZGOV", MentionKind::Person, None),
            m("EGY", MentionKind::Country, None),
            m("IGOCSTO", MentionKind::Org, None),
            m("EGY", MentionKind::Country, None),
        ];
        assert_eq!(antecedent(&prev, &Want::Person), Some(1));
        // KAZ and EGY are named twice each: the latest wins.
        assert_eq!(antecedent(&prev, &Want::Country), Some(4));
        assert_eq!(antecedent(&prev, &Want::Group), Some(3));
        let one_each = vec![
            m("KAZ", MentionKind::Country, None),
            m("EGY", MentionKind::Country, None),
        ];
        assert_eq!(antecedent(&one_each, &Want::Country), Some(1));
    }

    #[test]
    fn pronouns_skip_people_of_the_other_gender() {
        let mut naz = m("KAZELI", MentionKind::Person, None);
        naz.name = Some("Nursultan Nazarbayev".into());
        let mut dariga = m("KAZLEG", MentionKind::Person, None);
        dariga.name = Some("Dariga Nazarbayeva".into());
        let prev = vec![dariga, naz];
        assert_eq!(antecedent(&prev, &Want::Gendered(Gender::Female)), Some(0));
        assert_eq!(antecedent(&prev, &Want::Gendered(Gender::Male)), Some(1));
        assert_eq!(gender_of("Xi Jinping"), Gender::Unknown);
        assert_eq!(gender_of("Roza Otunbayeva"), Gender::Female);
    }

    #[test]
    fn chains_follow_links_to_their_root() {
        let ms = vec![
            m("KAZGOV", MentionKind::Person, None),
            m("EGY", MentionKind::Country, None),
            m("KAZGOV", MentionKind::Person, Some(0)),
            m("KAZGOV", MentionKind::Person, Some(2)),
            m("EGY", MentionKind::Country, Some(1)),
        ];
        assert_eq!(chains(&ms), vec![vec![0, 2, 3], vec![1, 4]]);
    }
}
