//! Site chrome that only shows as repetition: a footer line, a sign-up prompt or an "about
//! us" blurb printed in every article of one source. Blocks shared by many documents of the
//! same source are removed; a single document's own rules cannot see them.

use crate::model::Article;
use crate::text::line_key;
use std::collections::{HashMap, HashSet};

/// A block must recur in at least this many documents of a source to count as chrome, so that
/// two articles quoting the same sentence keep it.
pub const MIN_DOCS: usize = 3;
/// ... and in at least this share of the source's documents in the group.
const MIN_SHARE: f64 = 0.2;
/// Longer blocks are left alone: a long paragraph in several documents is a syndicated story
/// or a quote, which document de-duplication handles, not chrome.
const MAX_WORDS: usize = 60;

/// Removes, from each article of one source's group, the short blocks that recur across the
/// group. An article is never emptied: if every block of it recurs, it is left as it is.
/// Returns the number of blocks removed.
pub fn strip_shared_blocks(group: &mut [&mut Article]) -> usize {
    if group.len() < MIN_DOCS {
        return 0;
    }
    let mut docs_with: HashMap<u64, usize> = HashMap::new();
    for article in group.iter() {
        let keys: HashSet<u64> = article
            .blocks
            .iter()
            .filter(|b| b.text.split_whitespace().count() <= MAX_WORDS)
            .map(|b| line_key(&b.text))
            .collect();
        for k in keys {
            *docs_with.entry(k).or_default() += 1;
        }
    }
    let threshold = MIN_DOCS.max((group.len() as f64 * MIN_SHARE).ceil() as usize);
    let shared: HashSet<u64> = docs_with
        .into_iter()
        .filter(|&(_, n)| n >= threshold)
        .map(|(k, _)| k)
        .collect();
    if shared.is_empty() {
        return 0;
    }
    let mut removed = 0;
    for article in group.iter_mut() {
        let is_shared = |b: &crate::Block| {
            b.text.split_whitespace().count() <= MAX_WORDS && shared.contains(&line_key(&b.text))
        };
        let keep = article.blocks.iter().filter(|b| !is_shared(b)).count();
        if keep == 0 || keep == article.blocks.len() {
            continue;
        }
        removed += article.blocks.len() - keep;
        article.blocks.retain(|b| !is_shared(b));
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Block, BlockKind};

    fn article(paras: &[&str]) -> Article {
        Article {
            blocks: paras
                .iter()
                .map(|p| Block::new(BlockKind::Paragraph, *p))
                .collect(),
            ..Article::default()
        }
    }

    #[test]
    fn footer_shared_by_a_source_is_removed_and_bodies_stay() {
        let footer = "Get our stories sent to you: subscribe to the newsletter!";
        let topics = ["border talks", "gas prices", "army reform", "new embassy"];
        let mut arts: Vec<Article> = topics
            .iter()
            .map(|t| article(&[&format!("A story about the {t}."), footer]))
            .collect();
        let mut group: Vec<&mut Article> = arts.iter_mut().collect();
        assert_eq!(strip_shared_blocks(&mut group), 4);
        for (i, a) in arts.iter().enumerate() {
            assert_eq!(a.blocks.len(), 1);
            assert!(a.blocks[0].text.contains(topics[i]));
        }
    }

    #[test]
    fn two_documents_sharing_a_sentence_keep_it() {
        let quote = "We will send a battalion, the minister said.";
        let mut arts = [
            article(&["First story.", quote]),
            article(&["Second story.", quote]),
        ];
        let mut group: Vec<&mut Article> = arts.iter_mut().collect();
        assert_eq!(strip_shared_blocks(&mut group), 0);
    }

    #[test]
    fn an_article_made_only_of_shared_blocks_is_not_emptied() {
        let mut arts: Vec<Article> = (0..3)
            .map(|_| article(&["Newsletter", "Sign up today."]))
            .collect();
        arts.push(article(&["A real story.", "Newsletter"]));
        let mut group: Vec<&mut Article> = arts.iter_mut().collect();
        strip_shared_blocks(&mut group);
        assert_eq!(arts[0].blocks.len(), 2);
        assert_eq!(arts[3].blocks.len(), 1);
    }
}
