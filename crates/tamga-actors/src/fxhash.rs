//! A multiplicative (FxHash-style) hasher for maps keyed by dictionary words and small ids,
//! shared by the phrase index here and the verb matcher in tamga-events.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

/// Whether a word may be a key of a word map, answered with one hash and one bit instead of
/// the map's probe and key comparison: most words of a text are no dictionary word, and a
/// filter sized at 16 bits a word lets about 6% of those through to the map. A word added
/// is always let through; a filter never sized lets everything through.
#[derive(Debug, Clone, Default)]
pub struct WordFilter {
    bits: Vec<u64>,
    /// 64 less the number of bits an index takes.
    shift: u32,
}

impl WordFilter {
    /// A filter holding `words`.
    pub fn new<'a>(words: impl ExactSizeIterator<Item = &'a str>) -> WordFilter {
        let slots = (words.len() * 16).next_power_of_two().max(64);
        let mut f = WordFilter {
            bits: vec![0; slots / 64],
            shift: 64 - slots.trailing_zeros(),
        };
        for w in words {
            f.insert(w);
        }
        f
    }

    fn slot(&self, w: &str) -> usize {
        let mut h = Fx::default();
        h.write(w.as_bytes());
        // The high bits: the multiply mixes every byte into them.
        (h.finish() >> self.shift) as usize
    }

    /// Lets `w` through from now on.
    pub fn insert(&mut self, w: &str) {
        let i = self.slot(w);
        if let Some(b) = self.bits.get_mut(i / 64) {
            *b |= 1 << (i % 64);
        }
    }

    /// False only when `w` was never added.
    pub fn may_hold(&self, w: &str) -> bool {
        if self.bits.is_empty() {
            return true;
        }
        let i = self.slot(w);
        self.bits
            .get(i / 64)
            .is_none_or(|b| b & (1 << (i % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_lets_every_word_added_through_and_most_others_not() {
        let words: Vec<String> = (0..1000).map(|i| format!("word{i}")).collect();
        let f = WordFilter::new(words.iter().map(String::as_str));
        assert!(words.iter().all(|w| f.may_hold(w)));
        let others = (0..1000)
            .filter(|i| f.may_hold(&format!("other{i}")))
            .count();
        assert!(others < 150, "{others} of 1000 absent words let through");
        assert!(WordFilter::default().may_hold("anything"));
    }
}
