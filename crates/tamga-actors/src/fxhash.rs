//! A multiplicative (FxHash-style) hasher for maps keyed by small ids, and a table giving
//! dictionary words small ids, shared by the phrase index here and the verb matcher in
//! tamga-events.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use tamga_text::WordKey;

/// The keys are short words and node/word pairs from compiled-in or user dictionaries, looked
/// up once per token: SipHash's flood resistance buys nothing there and costs half the scan.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes a step: a word is hashed in one or two steps rather than one per byte.
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(w));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A `HashMap` with [`Fx`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A slot of [`WordIds`]: a short word's key with its id (`id == EMPTY`: a free slot).
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: WordKey,
    id: u32,
}

const EMPTY: u32 = u32::MAX;

/// Dictionary words to ids `0, 1, 2…` in the order they were first added, looked up once or
/// more per token. A short word is found by comparing three integers in one slot of an
/// open-addressing table (at most half full, probed one slot after another): no hashing of
/// the bytes, no string compare, no pointer to follow to a key stored elsewhere.
///
/// Most words looked up are in no dictionary (over half the tokens of news text for the
/// actor phrases, most of them for the verb tables), and the slots of a large table (32
/// bytes each, 4 MB for the actor vocabulary) are mostly out of cache: a miss there costs
/// more than the rest of the look-up. A filter of two bits per short word, a sixteenth of
/// the slots' size (64 KB for the actor vocabulary), turns most such words away first.
#[derive(Debug, Clone, Default)]
pub struct WordIds {
    slots: Vec<Slot>,
    /// 64 less the number of bits a slot index takes.
    shift: u32,
    /// Bits set by the short words' hashes, four per slot: both of a word's bits lie in one
    /// `u64`, so a look-up reads one of them (see [`filter_bits`]).
    filter: Vec<u64>,
    /// Words longer than 16 bytes.
    long: FxMap<Box<str>, u32>,
    len: usize,
}

impl WordIds {
    /// The number of words added.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The id of `w`, if it was added.
    pub fn get(&self, w: &str) -> Option<u32> {
        let Some(k) = WordKey::new(w.as_bytes()) else {
            return self.long.get(w).copied();
        };
        let mask = self.slots.len().checked_sub(1)?;
        let h = k.hash();
        if !self.may_hold(h) {
            return None;
        }
        let mut i = (h >> self.shift) as usize;
        // At most half the slots are full: an empty one ends every probe.
        loop {
            let s = self.slots.get(i & mask)?;
            if s.id == EMPTY {
                return None;
            }
            if s.key == k {
                return Some(s.id);
            }
            i = (i & mask) + 1;
        }
    }

    /// The id of `w`, given the next one if `w` is new.
    pub fn id(&mut self, w: &str) -> u32 {
        if let Some(id) = self.get(w) {
            return id;
        }
        let id = u32::try_from(self.len).unwrap_or(EMPTY - 1);
        self.len += 1;
        match WordKey::new(w.as_bytes()) {
            Some(k) => {
                if (self.short_len() + 1) * 2 > self.slots.len() {
                    self.grow();
                }
                self.place(k, id);
            }
            None => {
                self.long.insert(w.into(), id);
            }
        }
        id
    }

    fn short_len(&self) -> usize {
        self.len - 1 - self.long.len()
    }

    /// Whether a short word of hash `h` may have been added (false: it surely was not).
    fn may_hold(&self, h: u64) -> bool {
        let (word, bits) = filter_bits(h, self.shift);
        self.filter.get(word).is_some_and(|&w| w & bits == bits)
    }

    fn place(&mut self, k: WordKey, id: u32) {
        let mask = self.slots.len().wrapping_sub(1);
        let h = k.hash();
        let (word, bits) = filter_bits(h, self.shift);
        if let Some(w) = self.filter.get_mut(word) {
            *w |= bits;
        }
        // The high bits of the hash: `shift` keeps as many as a slot index takes.
        let mut i = (h >> self.shift) as usize & mask;
        while let Some(s) = self.slots.get_mut(i) {
            if s.id == EMPTY {
                *s = Slot { key: k, id };
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let n = (self.slots.len() * 2).max(64);
        let empty = Slot {
            key: WordKey::default(),
            id: EMPTY,
        };
        let old = std::mem::replace(&mut self.slots, vec![empty; n]);
        self.shift = 64 - n.trailing_zeros();
        self.filter = vec![0; n / FILTER_SLOTS_PER_WORD];
        for s in old.into_iter().filter(|s| s.id != EMPTY) {
            self.place(s.key, s.id);
        }
    }
}

/// Slots per `u64` of [`WordIds::filter`]: 16 gives four bits per slot, so (at most half the
/// slots full) eight or more bits per word, and about one word in twenty that was never added
/// passes the filter.
const FILTER_SLOTS_PER_WORD: usize = 16;

/// The filter word and the two bits in it that stand for a short word of hash `h` in a table
/// whose slot indices are `h >> shift`: the word is the slot index's high bits, the bits come
/// from the hash's low twelve, which the slot index does not use.
fn filter_bits(h: u64, shift: u32) -> (usize, u64) {
    let word = h
        .checked_shr(shift + FILTER_SLOTS_PER_WORD.trailing_zeros())
        .unwrap_or(0);
    let bits = (1u64 << (h & 63)) | (1u64 << ((h >> 6) & 63));
    (word as usize, bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_ids_tell_every_word_apart() {
        let mut words: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
        words.extend(
            [
                "", "a", "ab", "abc", "ba", "aab", "abcd", "abcde", "abcdefgh",
            ]
            .map(String::from),
        );
        words.extend(
            [
                "abcdefghi",
                "abcdefghijklmnop",
                "abcdefghijklmnopq",
                "ébène",
                "a\u{0}b",
            ]
            .map(String::from),
        );
        let mut ids = WordIds::default();
        assert_eq!(ids.get("a"), None);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(ids.id(w) as usize, i);
        }
        assert_eq!(ids.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(ids.id(w) as usize, i);
            assert_eq!(ids.get(w), Some(i as u32));
        }
        for w in [
            "w3000",
            "abd",
            "abcdefghijklmnoq",
            "abcdefghijklmnopqr",
            "aa",
            "b",
            "abcdefgi",
        ] {
            assert_eq!(ids.get(w), None, "{w}");
        }
    }

    #[test]
    fn the_filter_turns_most_absent_words_away() {
        let mut ids = WordIds::default();
        for i in 0..5000 {
            ids.id(&format!("word{i}"));
        }
        let passed = (0..10_000)
            .filter(|i| {
                let w = format!("other{i}");
                WordKey::new(w.as_bytes()).is_some_and(|k| ids.may_hold(k.hash()))
            })
            .count();
        assert!(passed < 1_000, "{passed} of 10,000 absent words passed");
        for i in 0..5000 {
            let w = format!("word{i}");
            assert!(WordKey::new(w.as_bytes()).is_some_and(|k| ids.may_hold(k.hash())));
        }
    }
}
