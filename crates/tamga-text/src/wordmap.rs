//! A read-only table for the lexicons' word lists, looked up once or more per token. A word of
//! up to 16 bytes is held as its length and two (possibly overlapping) reads of its bytes, which
//! identify it exactly: a probe compares integers where a map of strings called memcmp. The
//! keys sit in a small open-addressing table of their own (see [`KeyTable`]).

use crate::sentence::{fold, read4, read8, FastMap, MIX, MIX2};

/// A word of up to 16 bytes as three integers that identify it exactly: its length and two
/// (possibly overlapping) reads that together cover every byte. Shared by the word tables of
/// this crate and of the actor resolver, so a probe compares integers, not strings.
/// The default is the key of the empty word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordKey {
    a: u64,
    b: u64,
    len: u64,
}

impl WordKey {
    /// The key of a short word, or `None` for a word longer than 16 bytes. With the length
    /// known, bytes `0..8` and `n-8..n` (or `0..4` and `n-4..n`; or bytes 0, n/2 and n-1 of a
    /// word of one to three bytes) cover the whole word, so equal keys mean equal words.
    pub fn new(w: &[u8]) -> Option<WordKey> {
        let n = w.len();
        let (a, b) = if n > 16 {
            return None;
        } else if n >= 8 {
            (read8(w, 0), read8(w, n - 8))
        } else if n >= 4 {
            (read4(w, 0), read4(w, n - 4))
        } else if let (Some(&x), Some(&y), Some(&z)) = (w.first(), w.get(n / 2), w.last()) {
            ((u64::from(x) << 16) | (u64::from(y) << 8) | u64::from(z), 0)
        } else {
            (0, 0)
        };
        Some(WordKey {
            a,
            b,
            len: n as u64,
        })
    }

    /// A hash of the key whose bits, high and low, depend on every part of it.
    pub fn hash(&self) -> u64 {
        fold(self.a ^ MIX, self.b ^ self.len.wrapping_mul(MIX2))
    }

    /// The word's length in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The two reads of the word's bytes, for a table that stores keys in its own layout.
    pub fn reads(&self) -> (u64, u64) {
        (self.a, self.b)
    }
}

/// Words to values, built once from a list; later pairs win over earlier ones with the same
/// word, as when a hash map is collected.
#[derive(Debug)]
pub(crate) struct WordMap<V> {
    /// Which (length, first byte, last byte) triples some listed word has, a bit each (see
    /// [`filter_slot`]): most words looked up are in no list, and this turns them away
    /// before the key is made and the table probed.
    filter: Filter,
    /// Words of up to 16 bytes by their keys: a probe compares three integers.
    short: KeyTable<V>,
    /// Longer words.
    long: FastMap<Box<str>, V>,
}

/// Keys to values by open addressing: a power of two of slots, at most half of them full,
/// probed one after another from the key's hash until the key or an empty slot. A probe is a
/// few integer compares, with less code around it than a general hash map's (whose call
/// saved and restored most registers on every lookup).
#[derive(Debug)]
struct KeyTable<V> {
    slots: Box<[Option<(WordKey, V)>]>,
    len: usize,
}

impl<V: Copy> KeyTable<V> {
    fn with_slots(n: usize) -> Self {
        KeyTable {
            slots: vec![None; n].into_boxed_slice(),
            len: 0,
        }
    }

    fn get(&self, k: &WordKey) -> Option<V> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = k.hash() as usize & mask;
        loop {
            match self.slots.get(i)? {
                Some((key, v)) if key == k => return Some(*v),
                Some(_) => i = (i + 1) & mask,
                None => return None,
            }
        }
    }

    fn insert(&mut self, k: WordKey, v: V) {
        // Half full at most, so every probe meets an empty slot.
        if (self.len + 1) * 2 > self.slots.len() {
            let bigger = KeyTable::with_slots((self.slots.len() * 2).max(8));
            let old = std::mem::replace(self, bigger);
            for &(key, value) in old.slots.iter().flatten() {
                self.insert(key, value);
            }
        }
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = k.hash() as usize & mask;
        while let Some(slot) = self.slots.get_mut(i) {
            match slot {
                Some((key, old)) if *key == k => {
                    *old = v;
                    return;
                }
                Some(_) => i = (i + 1) & mask,
                None => {
                    *slot = Some((k, v));
                    self.len += 1;
                    return;
                }
            }
        }
    }
}

/// Lengths 0 to 16 and "longer", by 32 classes of first byte.
const FILTER_SLOTS: usize = 18 * 32;

/// The filter word and bit of a word: its length (17 for any longer word) and the low five
/// bits of its first byte pick the word, the low five bits of its last byte the bit. Upper
/// and lower case letters share bits, which only lets a few more words through to the probe.
#[inline(always)]
fn filter_slot(w: &[u8]) -> (usize, u32) {
    let (first, last) = (
        w.first().copied().unwrap_or(0),
        w.last().copied().unwrap_or(0),
    );
    (
        w.len().min(17) * 32 + usize::from(first & 31),
        1 << (last & 31),
    )
}

impl<V: Copy> WordMap<V> {
    pub(crate) fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, V)>) -> Self {
        let mut map = WordMap {
            filter: Filter::default(),
            short: KeyTable::with_slots(8),
            long: FastMap::default(),
        };
        for (w, v) in pairs {
            map.insert(w, v);
        }
        map
    }

    /// Adds or replaces the value of `w`. A short word is inserted as its key, without
    /// copying it; a long one is copied only when new (a set of the words of a document sees
    /// most of them again and again).
    pub(crate) fn insert(&mut self, w: &str, v: V) {
        self.filter.add(w);
        match WordKey::new(w.as_bytes()) {
            Some(k) => {
                self.short.insert(k, v);
            }
            None => match self.long.get_mut(w) {
                Some(old) => *old = v,
                None => {
                    self.long.insert(w.into(), v);
                }
            },
        }
    }

    /// Inlined, so that the filter turns most words away without a call, and a caller that
    /// tested [`WordMap::admits`] first does not test it again (the same reads, merged).
    #[inline]
    pub(crate) fn get(&self, w: &str) -> Option<V> {
        if !self.filter.admits(w) {
            return None;
        }
        self.probe(w)
    }

    /// The table look-up behind the filter.
    #[inline(never)]
    fn probe(&self, w: &str) -> Option<V> {
        match WordKey::new(w.as_bytes()) {
            Some(k) => self.short.get(&k),
            None => self.get_long(w),
        }
    }

    /// Kept out of [`WordMap::get`]: few words are this long, and the string map's probe
    /// made every lookup save and restore more registers.
    #[cold]
    #[inline(never)]
    fn get_long(&self, w: &str) -> Option<V> {
        self.long.get(w).copied()
    }

    #[inline]
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.get(w).is_some()
    }

    /// False only for a word not in the map: the filter test of [`WordMap::get`], for a
    /// caller that wants the many words turned away before more work of its own.
    #[inline(always)]
    pub(crate) fn admits(&self, w: &str) -> bool {
        self.filter.admits(w)
    }
}

impl<V: Copy> Default for WordMap<V> {
    fn default() -> Self {
        WordMap::new([])
    }
}

/// A set of words: a [`WordMap`] without values.
pub(crate) type WordSet = WordMap<()>;

impl WordSet {
    pub(crate) fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        WordMap::new(words.into_iter().map(|w| (w, ())))
    }
}

/// The bit table of [`WordMap`], also put in front of other tables of words.
#[derive(Debug, Clone)]
pub(crate) struct Filter(Box<[u32; FILTER_SLOTS]>);

impl Default for Filter {
    fn default() -> Self {
        Filter(Box::new([0; FILTER_SLOTS]))
    }
}

impl Filter {
    pub(crate) fn add(&mut self, w: &str) {
        let (slot, bit) = filter_slot(w.as_bytes());
        if let Some(f) = self.0.get_mut(slot) {
            *f |= bit;
        }
    }

    /// False only for a word that was never added.
    #[inline(always)]
    pub(crate) fn admits(&self, w: &str) -> bool {
        let (slot, bit) = filter_slot(w.as_bytes());
        self.0.get(slot).is_some_and(|f| f & bit != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_listed_words_of_any_length() {
        let words = [
            "",
            "a",
            "an",
            "the",
            "said",
            "could",
            "would've",
            "announced",
            "spokeswoman",
            "sixteen-letters!",
            "seventeen-letters",
            "a much longer phrase than that",
            "é",
            "’s",
        ];
        let set = WordSet::of(words);
        for w in words {
            assert!(set.contains(w), "{w}");
        }
        for w in [
            "b",
            "ab",
            "thee",
            "th",
            "Said",
            "announce",
            "announcedx",
            "sixteen-letters?",
            "seventeen-letterz",
            "a much longer phrase than this",
            "e",
            "'s",
        ] {
            assert!(!set.contains(w), "{w}");
        }
    }

    #[test]
    fn a_set_built_word_by_word_holds_exactly_what_was_inserted() {
        let mut seen = WordSet::default();
        let words = [
            "a",
            "ab",
            "said",
            "spokeswoman",
            "sixteen-letters!",
            "seventeen-letters",
            "é",
        ];
        for w in words {
            seen.insert(w, ());
        }
        seen.insert("said", ());
        seen.insert("seventeen-letters", ());
        for w in words {
            assert!(seen.contains(w), "{w}");
        }
        for w in [
            "",
            "b",
            "aa",
            "says",
            "spokeswomen",
            "sixteen-letters?",
            "seventeen-letterz",
            "e",
        ] {
            assert!(!seen.contains(w), "{w}");
        }
    }

    #[test]
    fn later_values_win_and_many_words_fit() {
        let map = WordMap::new([("x", 1), ("y", 2), ("x", 3)]);
        assert_eq!(map.get("x"), Some(3));
        assert_eq!(map.get("y"), Some(2));
        assert_eq!(map.get("z"), None);
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        let map = WordMap::new(words.iter().enumerate().map(|(i, w)| (w.as_str(), i)));
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), Some(i));
        }
        assert_eq!(map.get("w5000"), None);
    }
}
