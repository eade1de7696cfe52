//! Clean-up shared by every format: duplicate paragraphs inside one document — exact repeats,
//! truncated copies (a teaser that is a prefix of the full paragraph) and near-identical
//! repeats — found with hashes so a long document costs O(n) comparisons, not O(n²).

use crate::model::Block;
use std::collections::{HashMap, HashSet};
use xxhash_rust::xxh3::xxh3_64;

/// Below this many words a block is "short": a heading, a label, a one-word list item.
/// Short blocks are removed only when they repeat the block right before them (a scraping
/// stutter). Elsewhere a short repeat is usually structure — the same sub-heading over two
/// sections, "Yes." answers in an interview — and the extractors' chrome rules, not
/// de-duplication, are the right place to drop repeated UI labels.
const SHORT_WORDS: usize = 4;
/// The shorter block must have this many words before a prefix relation counts: "The
/// minister said" is the start of many different paragraphs.
const PREFIX_WORDS: usize = 8;
/// Near-identical matching needs enough 3-word shingles for a Jaccard ratio to mean much.
const NEAR_WORDS: usize = 12;
const NEAR_JACCARD: f64 = 0.9;
/// Shingle hashes kept per block as its sketch; two blocks sharing ≥ 90% of their shingles
/// share one of their smallest few hashes with near certainty.
const SKETCH: usize = 4;
/// Comparisons per bucket, so that a pathological document cannot go quadratic.
const BUCKET_CAP: usize = 16;

struct Info {
    words: Vec<u64>,
    /// Whether the text ended in an ellipsis: a teaser whose last word may be cut short.
    truncated: bool,
    last_word: String,
}

impl Info {
    fn new(text: &str) -> Self {
        let mut words = Vec::new();
        let mut last_word = String::new();
        for w in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            last_word = w.to_lowercase();
            words.push(xxh3_64(last_word.as_bytes()));
        }
        let t = text.trim_end();
        let truncated = t.ends_with("...") || t.ends_with('…');
        Self {
            words,
            truncated,
            last_word,
        }
    }

    fn key(&self, n: usize) -> u64 {
        let mut bytes = Vec::with_capacity(n * 8);
        for w in &self.words[..n.min(self.words.len())] {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        xxh3_64(&bytes)
    }

    fn shingles(&self) -> HashSet<u64> {
        self.words
            .windows(3)
            .map(|w| {
                xxh3_64(&[w[0].to_le_bytes(), w[1].to_le_bytes(), w[2].to_le_bytes()].concat())
            })
            .collect()
    }

    /// Whether `self` is a prefix of `other` (word-wise; a teaser's cut last word may be a
    /// prefix of the full word).
    fn is_prefix_of(&self, other: &Info, other_text_words: &[String]) -> bool {
        let n = self.words.len();
        if n > other.words.len() || n == 0 {
            return false;
        }
        if self.words[..n - 1] != other.words[..n - 1] {
            return false;
        }
        self.words[n - 1] == other.words[n - 1]
            || (self.truncated
                && other_text_words
                    .get(n - 1)
                    .is_some_and(|w| w.starts_with(&self.last_word)))
    }
}

fn lower_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

fn sketch(shingles: &HashSet<u64>) -> Vec<u64> {
    let mut v: Vec<u64> = shingles.iter().copied().collect();
    v.sort_unstable();
    v.truncate(SKETCH);
    v
}

/// Removes paragraphs printed twice: exact repeats (ignoring case, whitespace and
/// punctuation), a paragraph that is a prefix of another (the longer text is kept, at the
/// earlier position), and near-identical repeats (≥ 90% shared word 3-gram shingles).
/// Empty blocks go too.
pub fn dedup_blocks(blocks: &mut Vec<Block>) {
    blocks.retain(|b| !b.text.trim().is_empty());
    let infos: Vec<Info> = blocks.iter().map(|b| Info::new(&b.text)).collect();
    let n = blocks.len();
    // `src[j]`: the block whose text block j ends up with (a later, longer copy may replace it).
    let mut src: Vec<usize> = (0..n).collect();
    let mut keep = vec![true; n];
    let mut exact: HashMap<u64, usize> = HashMap::new();
    let mut by_prefix: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut by_sketch: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut shingles: HashMap<usize, HashSet<u64>> = HashMap::new();
    let mut last_kept: Option<usize> = None;

    for i in 0..n {
        let info = &infos[i];
        let wc = info.words.len();
        // Symbol-only blocks ("***", "—") have no words to compare; only stutters go.
        let key = if wc == 0 {
            xxh3_64(blocks[i].text.trim().as_bytes())
        } else {
            info.key(wc)
        };
        if let Some(&j) = exact.get(&key) {
            if wc >= SHORT_WORDS || last_kept == Some(j) {
                keep[i] = false;
                continue;
            }
        }

        let mut merged_into = None;
        if wc >= PREFIX_WORDS {
            let pk = info.key(PREFIX_WORDS);
            let text_words = lower_words(&blocks[i].text);
            for &j in by_prefix.get(&pk).into_iter().flatten().take(BUCKET_CAP) {
                if !keep[j] {
                    continue;
                }
                let cur = &infos[src[j]];
                if info.is_prefix_of(cur, &lower_words(&blocks[src[j]].text)) {
                    merged_into = Some((j, false));
                    break;
                }
                if cur.is_prefix_of(info, &text_words) {
                    merged_into = Some((j, true));
                    break;
                }
            }
        }

        let own_shingles = (wc >= NEAR_WORDS).then(|| info.shingles());
        if merged_into.is_none() {
            if let Some(sh) = &own_shingles {
                let mut seen = HashSet::new();
                'outer: for h in sketch(sh) {
                    for &j in by_sketch.get(&h).into_iter().flatten().take(BUCKET_CAP) {
                        if !keep[j] || !seen.insert(j) {
                            continue;
                        }
                        if let Some(other) = shingles.get(&j) {
                            if jaccard(sh, other) >= NEAR_JACCARD {
                                let longer = wc > infos[src[j]].words.len();
                                merged_into = Some((j, longer));
                                break 'outer;
                            }
                        }
                    }
                }
            }
        }

        if let Some((j, take_text)) = merged_into {
            keep[i] = false;
            if take_text {
                src[j] = i;
                exact.insert(key, j);
                if let Some(sh) = own_shingles {
                    for h in sketch(&sh) {
                        by_sketch.entry(h).or_default().push(j);
                    }
                    shingles.insert(j, sh);
                }
            }
            continue;
        }

        exact.insert(key, i);
        if wc >= PREFIX_WORDS {
            by_prefix.entry(info.key(PREFIX_WORDS)).or_default().push(i);
        }
        if let Some(sh) = own_shingles {
            for h in sketch(&sh) {
                by_sketch.entry(h).or_default().push(i);
            }
            shingles.insert(i, sh);
        }
        last_kept = Some(i);
    }

    let texts: Vec<Option<String>> = (0..n)
        .map(|j| (keep[j] && src[j] != j).then(|| blocks[src[j]].text.clone()))
        .collect();
    let mut idx = 0;
    blocks.retain_mut(|b| {
        let i = idx;
        idx += 1;
        if let Some(t) = &texts[i] {
            b.text.clone_from(t);
        }
        keep[i]
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockKind;

    fn p(s: &str) -> Block {
        Block::new(BlockKind::Paragraph, s)
    }

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    const A: &str =
        "The river rose two metres overnight and flooded the lower town, officials said on Sunday.";
    const B: &str =
        "Rescue teams moved three hundred families to schools on higher ground before dawn.";

    #[test]
    fn removes_exact_repeats_ignoring_case_and_spacing() {
        let mut v = vec![p(A), p(B), p(&A.to_uppercase().replace(' ', "  ")), p("")];
        dedup_blocks(&mut v);
        assert_eq!(texts(&v), vec![A, B]);
    }

    #[test]
    fn keeps_the_longer_of_a_prefix_pair_at_the_earlier_position() {
        let teaser = "The river rose two metres overnight and flooded the lower...";
        let mut v = vec![p(teaser), p(B), p(A)];
        dedup_blocks(&mut v);
        assert_eq!(texts(&v), vec![A, B]);

        let mut v = vec![
            p(A),
            p(B),
            p("The river rose two metres overnight and flooded the lower town"),
        ];
        dedup_blocks(&mut v);
        assert_eq!(texts(&v), vec![A, B]);
    }

    #[test]
    fn removes_near_identical_repeats_but_not_similar_paragraphs() {
        let long = "Officials said the dam held through the night, but engineers will inspect \
                    the spillway on Monday and decide whether the reservoir must be lowered \
                    further before the next storm arrives from the west later this week.";
        let variant = long.replace("this week", "this month");
        let mut v = vec![p(long), p(B), p(&format!("{long} More."))];
        dedup_blocks(&mut v);
        assert_eq!(v.len(), 2, "{v:?}");
        assert!(v[0].text.ends_with("More."));

        // One changed closing word in a 40-word paragraph leaves ~95% shared shingles: a copy.
        let mut v = vec![p(long), p(&variant)];
        dedup_blocks(&mut v);
        assert_eq!(v.len(), 1);

        // Same opening, different story: both stay.
        let other = "Officials said the dam held through the night, and the mayor thanked the \
                     volunteers who filled sandbags along the embankment until the early hours.";
        let mut v = vec![p(long), p(other)];
        dedup_blocks(&mut v);
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn short_blocks_go_only_when_stuttered() {
        let mut v = vec![
            Block::new(BlockKind::Heading, "Background"),
            p(A),
            Block::new(BlockKind::Heading, "Background"),
            p(B),
            p("Yes."),
            p("Yes."),
        ];
        dedup_blocks(&mut v);
        assert_eq!(texts(&v), vec!["Background", A, "Background", B, "Yes."]);
    }

    #[test]
    fn many_blocks_stay_fast_and_distinct() {
        let mut v: Vec<Block> = (0..5000)
            .map(|i| p(&format!("Paragraph number {i} says something about item {i} and more words here to be long enough.")))
            .collect();
        dedup_blocks(&mut v);
        assert_eq!(v.len(), 5000);
    }
}
