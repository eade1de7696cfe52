//! Clean-up shared by every format: duplicate paragraphs inside one document — exact repeats,
//! truncated copies (a teaser that is a prefix of the full paragraph) and near-identical
//! repeats — found with hashes so a long document costs O(n) comparisons, not O(n²).

use crate::model::{Block, BlockKind};
use std::cell::OnceCell;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

/// Only prose paragraphs of at least this many words (with letters), ending a sentence, are
/// de-duplicated.
///
/// Short and non-prose blocks legitimately repeat: table cells ("0", "Change %"), the same
/// sub-heading over two sections, a recipe line or "See it now" link in every item of a
/// list, "Yes." in an interview. Measured on real pages, removing those costs more text than
/// it saves; a paragraph printed twice by a scraper or a template is full prose. Repeated
/// UI labels ("Newsletter") are the extractors' chrome rules' job, not this one's.
const MIN_WORDS: usize = 12;
/// Words hashed into the bucket key for prefix matching.
const PREFIX_KEY_WORDS: usize = 8;
const NEAR_JACCARD: f64 = 0.9;
/// Shingle hashes kept per block as its sketch; two blocks sharing ≥ 90% of their shingles
/// share one of their smallest few hashes with near certainty.
const SKETCH: usize = 4;
/// Comparisons per bucket, so that a pathological document cannot go quadratic.
const BUCKET_CAP: usize = 16;

struct Info<'a> {
    words: Vec<u64>,
    text: &'a str,
    /// Lowercased, whitespace-collapsed text, less a closing ellipsis: for literal prefixes.
    /// Made only for a block that is compared, which few are (they must share their first
    /// words with another block): lower-casing every block was a visible cost.
    norm: OnceCell<String>,
    /// Whether the text ended in an ellipsis: a teaser, possibly cut mid-word.
    truncated: bool,
    eligible: bool,
}

/// Buffers every block's [`Info`] is made in, kept for the next block: two allocations per
/// block were a visible share of the clean-up.
#[derive(Default)]
struct Scratch {
    /// The block's lower-cased words, each followed by a space.
    buf: Vec<u8>,
    /// Start of each word in `buf`.
    starts: Vec<usize>,
}

impl<'a> Info<'a> {
    fn new(block: &'a Block, scratch: &mut Scratch) -> Self {
        let ineligible = Self {
            words: Vec::new(),
            text: "",
            norm: OnceCell::new(),
            truncated: false,
            eligible: false,
        };
        // Only eligible blocks are ever compared, so the rest are not hashed at all.
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::Quote) {
            return ineligible;
        }
        // Numbers do not make prose: "1 Green, 1 Red, 1 tsp." is a recipe line.
        let lettered = block
            .text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .take(MIN_WORDS)
            .count();
        if lettered < MIN_WORDS {
            return ineligible;
        }
        // The collapsed, lowercased text ends as the trimmed text does: collapsing only
        // touches white space and lowercasing leaves the dots and quotes looked at alone.
        let end = block.text.trim_end();
        let truncated = end.ends_with("...") || end.ends_with('…');
        if !(truncated || ends_sentence(end)) {
            return ineligible;
        }
        let Scratch { buf, starts } = scratch;
        buf.clear();
        starts.clear();
        crate::dedup::lowercase_words(&block.text, buf, starts);
        starts.push(buf.len());
        // Each word runs to the space before the next start.
        let words = starts
            .windows(2)
            .map(|w| xxh3_64(buf.get(w[0]..w[1] - 1).unwrap_or(&[])))
            .collect();
        Self {
            words,
            text: &block.text,
            norm: OnceCell::new(),
            truncated,
            eligible: true,
        }
    }

    fn norm(&self) -> &str {
        self.norm.get_or_init(|| {
            let mut norm = String::with_capacity(self.text.len());
            for w in self.text.split_whitespace() {
                if !norm.is_empty() {
                    norm.push(' ');
                }
                norm.push_str(w);
            }
            if norm.is_ascii() {
                norm.make_ascii_lowercase();
            } else {
                norm = norm.to_lowercase();
            }
            if self.truncated {
                norm = norm.trim_end_matches(['.', '…', ' ']).to_owned();
            }
            norm
        })
    }

    /// The hash of the first `n` words' hashes, laid out in `bytes` (kept between calls).
    fn key(&self, n: usize, bytes: &mut Vec<u8>) -> u64 {
        bytes.clear();
        for w in &self.words[..n.min(self.words.len())] {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        xxh3_64(bytes)
    }

    /// The distinct word 3-gram hashes, sorted: sets that compare by merging.
    fn shingles(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self
            .words
            .windows(3)
            .map(|w| {
                let mut b = [0u8; 24];
                b[..8].copy_from_slice(&w[0].to_le_bytes());
                b[8..16].copy_from_slice(&w[1].to_le_bytes());
                b[16..].copy_from_slice(&w[2].to_le_bytes());
                xxh3_64(&b)
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Whether `self` is literally the start of `other`: a teaser may stop mid-word, a
    /// complete text must stop where a word of `other` ends.
    fn is_prefix_of(&self, other: &Info<'_>) -> bool {
        let (own, other) = (self.norm(), other.norm());
        if own.len() >= other.len() || !other.starts_with(own) {
            return false;
        }
        self.truncated || other[own.len()..].starts_with(' ')
    }
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
    t.ends_with(['.', '!', '?', '…'])
}

/// Jaccard similarity of two sorted, duplicate-free sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Positions filed under 64-bit keys, each key's in the order they were filed, all in one
/// vector: a vector per key was an allocation for every sketch hash of every block.
struct Buckets {
    /// Each key's first and last entry.
    ends: HashMap<u64, (usize, usize)>,
    /// A position and the key's next entry ([`Buckets::END`] for none).
    entries: Vec<(usize, usize)>,
}

impl Buckets {
    const END: usize = usize::MAX;

    fn with_capacity(n: usize) -> Self {
        Self {
            ends: HashMap::with_capacity(n),
            entries: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, key: u64, at: usize) {
        let k = self.entries.len();
        self.entries.push((at, Self::END));
        match self.ends.entry(key) {
            Entry::Occupied(mut e) => {
                let (_, last) = e.get_mut();
                if let Some(prev) = self.entries.get_mut(*last) {
                    prev.1 = k;
                }
                *last = k;
            }
            Entry::Vacant(e) => {
                e.insert((k, k));
            }
        }
    }

    /// The positions filed under `key`, first filed first.
    fn get(&self, key: u64) -> impl Iterator<Item = usize> + '_ {
        let mut next = self.ends.get(&key).map_or(Self::END, |&(first, _)| first);
        std::iter::from_fn(move || {
            let &(at, after) = self.entries.get(next)?;
            next = after;
            Some(at)
        })
    }
}

/// The smallest few shingle hashes (`shingles` is sorted).
fn sketch(shingles: &[u64]) -> &[u64] {
    &shingles[..shingles.len().min(SKETCH)]
}

/// Removes prose paragraphs printed twice: exact repeats (ignoring case, whitespace and
/// punctuation), a paragraph that is a prefix of another (the longer text is kept, at the
/// earlier position), and near-identical repeats (≥ 90% shared word 3-gram shingles).
/// Empty blocks go too; short and non-prose blocks are otherwise left alone (see
/// [`MIN_WORDS`]).
pub fn dedup_blocks(blocks: &mut Vec<Block>) {
    blocks.retain(|b| !b.text.trim().is_empty());
    let mut scratch = Scratch::default();
    let infos: Vec<Info> = blocks.iter().map(|b| Info::new(b, &mut scratch)).collect();
    let mut key_bytes = scratch.buf;
    let n = blocks.len();
    // `src[j]`: the block whose text block j ends up with (a later, longer copy may replace it).
    let mut src: Vec<usize> = (0..n).collect();
    let mut keep = vec![true; n];
    let eligible = infos.iter().filter(|info| info.eligible).count();
    let mut exact: HashMap<u64, usize> = HashMap::with_capacity(eligible);
    let mut by_prefix = Buckets::with_capacity(eligible);
    let mut by_sketch = Buckets::with_capacity(eligible * SKETCH);
    // Each surviving position's shingles, by position.
    let mut shingles: Vec<Option<Vec<u64>>> = (0..n).map(|_| None).collect();
    // The positions a block was compared with (at most SKETCH × BUCKET_CAP).
    let mut seen: Vec<usize> = Vec::new();

    for (i, info) in infos.iter().enumerate() {
        if !info.eligible {
            continue;
        }
        let key = info.key(info.words.len(), &mut key_bytes);
        if exact.contains_key(&key) {
            keep[i] = false;
            continue;
        }

        let pk = info.key(PREFIX_KEY_WORDS, &mut key_bytes);
        let mut merged_into = None;
        for j in by_prefix.get(pk).take(BUCKET_CAP) {
            let cur = &infos[src[j]];
            if info.is_prefix_of(cur) {
                merged_into = Some((j, false));
                break;
            }
            if cur.is_prefix_of(info) {
                merged_into = Some((j, true));
                break;
            }
        }

        let own = info.shingles();
        if merged_into.is_none() {
            seen.clear();
            'outer: for &h in sketch(&own) {
                for j in by_sketch.get(h).take(BUCKET_CAP) {
                    if seen.contains(&j) {
                        continue;
                    }
                    seen.push(j);
                    if shingles
                        .get(j)
                        .and_then(Option::as_ref)
                        .is_some_and(|o| jaccard(&own, o) >= NEAR_JACCARD)
                    {
                        // The copy with more words carries more; on a tie the first stays.
                        let longer = info.words.len() > infos[src[j]].words.len();
                        merged_into = Some((j, longer));
                        break 'outer;
                    }
                }
            }
        }

        // Indexes (exact, prefix, sketch) point at the surviving position `at`, whichever
        // text it ends up with, so later copies of either text find it.
        let at = match merged_into {
            Some((j, take_text)) => {
                keep[i] = false;
                if !take_text {
                    continue;
                }
                src[j] = i;
                j
            }
            None => i,
        };
        exact.insert(key, at);
        by_prefix.push(pk, at);
        for &h in sketch(&own) {
            by_sketch.push(h, at);
        }
        if let Some(slot) = shingles.get_mut(at) {
            *slot = Some(own);
        }
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
    const B: &str = "Rescue teams moved three hundred families to schools on higher ground before dawn on Monday.";

    #[test]
    fn removes_exact_repeats_ignoring_case_and_spacing() {
        let mut v = vec![p(A), p(B), p(&A.to_uppercase().replace(' ', "  ")), p("")];
        dedup_blocks(&mut v);
        assert_eq!(texts(&v), vec![A, B]);
    }

    #[test]
    fn keeps_the_longer_of_a_prefix_pair_at_the_earlier_position() {
        let teaser = "The river rose two metres overnight and flooded the lower town, offic…";
        let mut v = vec![p(teaser), p(B), p(A)];
        dedup_blocks(&mut v);
        assert_eq!(texts(&v), vec![A, B]);

        let longer = format!("{A} Schools stay closed until the water recedes.");
        let mut v = vec![p(A), p(B), p(&longer)];
        dedup_blocks(&mut v);
        assert_eq!(texts(&v), vec![longer.as_str(), B]);

        // A sentence quoted again with attribution is not a prefix copy.
        let quoted = format!(
            "“{}” the mayor told reporters on the bridge.",
            A.trim_end_matches('.')
        );
        let mut v = vec![p(A), p(&quoted)];
        dedup_blocks(&mut v);
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn removes_near_identical_repeats_but_not_similar_paragraphs() {
        let long = "Officials said the dam held through the night, but engineers will inspect \
                    the spillway on Monday and decide whether the reservoir must be lowered \
                    further before the next storm arrives from the west later this week.";
        let variant = long.replace("this week", "this month");
        // One changed closing word in a 40-word paragraph leaves ~95% shared shingles: a copy.
        let mut v = vec![p(long), p(B), p(&variant)];
        dedup_blocks(&mut v);
        assert_eq!(texts(&v), vec![long, B]);

        // Same opening, different story: both stay.
        let other = "Officials said the dam held through the night, and the mayor thanked the \
                     volunteers who filled sandbags along the embankment until the early hours.";
        let mut v = vec![p(long), p(other)];
        dedup_blocks(&mut v);
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn short_and_non_prose_blocks_stay() {
        let item = "Lunch: one cup of rice, two eggs, half a cup of beans and a green salad";
        let numbers = "Boxes: 1 Green, 1 Red, 1 Yellow, 1 Orange, 2 Blue, 1 Purple, 1 tsp.";
        let mut v = vec![
            Block::new(BlockKind::Heading, "Background"),
            p(A),
            Block::new(BlockKind::Heading, "Background"),
            p("0"),
            p("0"),
            p(item),
            p(B),
            p(item),
            p(numbers),
            p(numbers),
            Block::new(BlockKind::ListItem, A),
            Block::new(BlockKind::ListItem, A),
        ];
        let before = v.clone();
        dedup_blocks(&mut v);
        assert_eq!(v, before);
    }

    #[test]
    fn many_blocks_stay_fast_and_distinct() {
        let mut v: Vec<Block> = (0..5000)
            .map(|i| {
                p(&format!(
                    "Paragraph number {i} says something about item {i} and more words here to be long enough."
                ))
            })
            .collect();
        dedup_blocks(&mut v);
        assert_eq!(v.len(), 5000);
        let mut v: Vec<Block> = (0..5000).map(|_| p(A)).collect();
        dedup_blocks(&mut v);
        assert_eq!(v.len(), 1);
    }

    proptest::proptest! {
        /// Eligibility and truncation read from the trimmed text agree with reading them
        /// from the collapsed, lowercased text, as before that text was made lazily.
        #[test]
        fn text_end_decides_as_the_collapsed_lowercased_text(
            words in proptest::collection::vec("[a-zA-ZΣİß]{1,6}", 12..16),
            end in "[.…!?\"'”’»)\\] \t\u{a0}\u{85}ΣİA]{0,5}",
        ) {
            let text = format!("{}{end}", words.join(" "));
            let mut norm = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            let truncated = norm.ends_with("...") || norm.ends_with('…');
            if truncated {
                norm = norm.trim_end_matches(['.', '…', ' ']).to_owned();
            }
            let eligible = truncated || ends_sentence(&norm);
            let block = p(&text);
            let info = Info::new(&block, &mut Scratch::default());
            proptest::prop_assert_eq!(info.eligible, eligible);
            if eligible {
                proptest::prop_assert_eq!(info.truncated, truncated);
                proptest::prop_assert_eq!(info.norm(), norm.as_str());
            }
        }
    }
}
