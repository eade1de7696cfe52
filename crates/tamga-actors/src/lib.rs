//! tamga's actor stage: who is named in a text. Dictionaries in (tamga's own data files and
//! PETRARCH/TABARI `.actors`/`.agents` files), resolved actor and place mentions out, each
//! with a CAMEO-style code, country, sector, organization and, for people, the role they held
//! on the event's date. No network: every dictionary ships in the binary or comes from a file.

pub mod coref;
pub mod dict;
pub mod error;
pub mod fxhash;
pub mod gazetteer;
pub mod own;
pub mod petrarch;
pub mod resolve;

pub use dict::{ActorEntry, AgentEntry, Dictionary, RoleSpan};
pub use error::{Error, Result};
pub use resolve::{ActorMention, PlaceMention, Resolver};
