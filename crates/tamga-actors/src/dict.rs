//! The dictionary model every source loads into: actors (names, people, organizations,
//! countries) with time-bounded roles, and agents (words that give a sector: "minister",
//! "troops"). One model so that tamga's own files and PETRARCH's can be layered.

use chrono::NaiveDate;
use serde::Serialize;

/// One code an actor holds over a period. Open ends are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleSpan {
    /// CAMEO-style code, e.g. `KAZGOV`, `IGOCSTO`, `USAMIL` (see docs/actors.md).
    pub code: String,
    /// First day the role holds (inclusive).
    pub from: Option<NaiveDate>,
    /// Last day the role holds (inclusive).
    pub to: Option<NaiveDate>,
    /// Human-readable role, e.g. "foreign minister", when known.
    pub role: Option<String>,
}

/// Where an entry came from, for explanations and for `tamga dict stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

/// An actor: the phrases that name it and the codes it holds over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorEntry {
    /// Surface phrases, as written in the dictionary (matching normalizes case and spacing).
    pub phrases: Vec<String>,
    /// Canonical name (a person's full name, an organization's name).
    pub name: Option<String>,
    /// Codes over time, in file order; an entry without dates has one open span.
    pub roles: Vec<RoleSpan>,
    pub origin: Origin,
}

/// An agent: a common noun phrase that gives a sector code to combine with a country
/// ("Kazakh officials" → KAZ + GOV).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgentEntry {
    pub phrases: Vec<String>,
    /// Sector code(s) appended to the country, e.g. `GOV`, `MIL`, `LEG` (`~` prefixed codes in
    /// PETRARCH mean "append"; stored here without the `~`).
    pub code: String,
    pub origin: Origin,
}

/// Everything loaded from one or more sources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dictionary {
    pub actors: Vec<ActorEntry>,
    pub agents: Vec<AgentEntry>,
}

impl Dictionary {
    /// Adds another source's entries after this one's (later sources extend earlier ones).
    pub fn extend(&mut self, other: Dictionary) {
        self.actors.extend(other.actors);
        self.agents.extend(other.agents);
    }

    /// The code `entry` holds on `date`; with no date, its most recent code.
    pub fn code_on(entry: &ActorEntry, date: Option<NaiveDate>) -> Option<&RoleSpan> {
        match date {
            Some(d) => entry
                .roles
                .iter()
                .find(|r| r.from.is_none_or(|f| f <= d) && r.to.is_none_or(|t| d <= t))
                .or_else(|| {
                    entry
                        .roles
                        .iter()
                        .find(|r| r.from.is_none() && r.to.is_none())
                }),
            None => entry.roles.iter().max_by_key(|r| r.from),
        }
    }
}
