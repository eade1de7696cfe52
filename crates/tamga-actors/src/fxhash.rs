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

/// A slot of [`WordIds`]: a short word's key with its id (`id == EMPTY`: a free slot) and
/// the value attached to it (in what would be the slot's padding).
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: WordKey,
    id: u32,
    value: u32,
}

/// The value of a word nothing was attached to.
pub const NO_VALUE: u32 = u32::MAX;

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
    /// The short words' hashes, four bits per slot.
    filter: HashFilter,
    /// Words longer than 16 bytes, with their ids and values.
    long: FxMap<Box<str>, (u32, u32)>,
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
        self.get_with_value(w).map(|(id, _)| id)
    }

    /// The id of `w`, if it was added, with the value [`WordIds::attach`] gave it: read from
    /// the same slot, so what a caller needs of every word costs no second look-up.
    #[inline]
    pub fn get_with_value(&self, w: &str) -> Option<(u32, u32)> {
        let Some(k) = WordKey::new(w.as_bytes()) else {
            return self.long.get(w).copied();
        };
        let mask = self.slots.len().checked_sub(1)?;
        let h = k.hash();
        if !self.filter.may_hold(h) {
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
                return Some((s.id, s.value));
            }
            i = (i & mask) + 1;
        }
    }

    /// Gives every word added so far the value `value(id)`; words added later have
    /// [`NO_VALUE`] until the next call.
    pub fn attach(&mut self, value: impl Fn(u32) -> u32) {
        for s in self.slots.iter_mut().filter(|s| s.id != EMPTY) {
            s.value = value(s.id);
        }
        for v in self.long.values_mut() {
            v.1 = value(v.0);
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
                self.place(Slot {
                    key: k,
                    id,
                    value: NO_VALUE,
                });
            }
            None => {
                self.long.insert(w.into(), (id, NO_VALUE));
            }
        }
        id
    }

    fn short_len(&self) -> usize {
        self.len - 1 - self.long.len()
    }

    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len().wrapping_sub(1);
        let h = slot.key.hash();
        self.filter.insert(h);
        // The high bits of the hash: `shift` keeps as many as a slot index takes.
        let mut i = (h >> self.shift) as usize & mask;
        while let Some(s) = self.slots.get_mut(i) {
            if s.id == EMPTY {
                *s = slot;
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
            value: NO_VALUE,
        };
        let old = std::mem::replace(&mut self.slots, vec![empty; n]);
        self.shift = 64 - n.trailing_zeros();
        self.filter = HashFilter::new(n / FILTER_SLOTS_PER_WORD);
        for s in old.into_iter().filter(|s| s.id != EMPTY) {
            self.place(s);
        }
    }
}

/// Slots per `u64` of [`WordIds::filter`]: 16 gives four bits per slot, so (at most half the
/// slots full) eight or more bits per word, and about one word in twenty that was never added
/// passes the filter.
const FILTER_SLOTS_PER_WORD: usize = 16;

/// A set of 64-bit hashes that may answer "maybe" for one never inserted, but never "no" for
/// one that was: two bits per hash, both in one `u64`, so a test reads one word. With eight
/// or more bits per hash, about one absent hash in twenty passes. The hashes' high bits pick
/// the word and their low twelve the bits: a table indexed by the high bits of the same
/// hashes leaves the low ones free.
#[derive(Debug, Clone, Default)]
pub struct HashFilter {
    words: Vec<u64>,
    /// 64 less the number of bits a word index takes.
    shift: u32,
}

impl HashFilter {
    /// A filter of `words` 64-bit words, rounded up to a power of two (and to one).
    pub fn new(words: usize) -> HashFilter {
        let n = words.max(1).next_power_of_two();
        HashFilter {
            words: vec![0; n],
            shift: 64 - n.trailing_zeros(),
        }
    }

    fn word_and_bits(&self, h: u64) -> (usize, u64) {
        let word = h.checked_shr(self.shift).unwrap_or(0);
        let bits = (1u64 << (h & 63)) | (1u64 << ((h >> 6) & 63));
        (word as usize, bits)
    }

    pub fn insert(&mut self, h: u64) {
        let (word, bits) = self.word_and_bits(h);
        if let Some(w) = self.words.get_mut(word) {
            *w |= bits;
        }
    }

    /// Whether `h` may have been inserted (false: it surely was not).
    #[inline]
    pub fn may_hold(&self, h: u64) -> bool {
        let (word, bits) = self.word_and_bits(h);
        self.words.get(word).is_some_and(|&w| w & bits == bits)
    }
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
                WordKey::new(w.as_bytes()).is_some_and(|k| ids.filter.may_hold(k.hash()))
            })
            .count();
        assert!(passed < 1_000, "{passed} of 10,000 absent words passed");
        for i in 0..5000 {
            let w = format!("word{i}");
            assert!(WordKey::new(w.as_bytes()).is_some_and(|k| ids.filter.may_hold(k.hash())));
        }
    }

    #[test]
    fn attached_values_come_back_with_the_ids() {
        let mut ids = WordIds::default();
        let long = "a-word-longer-than-sixteen-bytes";
        for w in ["a", "president", long] {
            ids.id(w);
        }
        assert_eq!(ids.get_with_value("president"), Some((1, NO_VALUE)));
        ids.attach(|id| id * 10 + 7);
        assert_eq!(ids.get_with_value("a"), Some((0, 7)));
        assert_eq!(ids.get_with_value("president"), Some((1, 17)));
        assert_eq!(ids.get_with_value(long), Some((2, 27)));
        assert_eq!(ids.get_with_value("minister"), None);
        // Values survive the table's growth; later words have none until attached.
        for i in 0..1000 {
            ids.id(&format!("w{i}"));
        }
        assert_eq!(ids.get_with_value("president"), Some((1, 17)));
        assert_eq!(ids.get_with_value("w0"), Some((3, NO_VALUE)));
    }
}
