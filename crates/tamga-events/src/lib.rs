//! tamga's event stage: annotated sentences and resolved actors in, events out — who did
//! what to whom (PLOVER type with CAMEO beside it), whether it happened, when, where, how
//! many, and the exact words that say so. Mentions of one event across documents are
//! grouped into clusters.

pub mod cluster;
pub mod coder;
pub mod error;
pub mod model;
pub mod ontology;

pub use coder::{Coder, DocRef};
pub use error::{Error, Result};
pub use model::*;
