//! The words a [`super::NameStream`] has seen in lower case: inserted for nearly every
//! lower-case word of a document, looked up only for a sentence-initial word. A word of up to
//! 16 bytes is held exactly, as its length and two reads of its bytes that together cover it
//! (a [`WordKey`], as `WordMap` holds its keys), in an open-addressing table where length 0 marks an empty
//! slot; the few longer words are kept as strings. Unlike `WordMap` it keeps no filter in front
//! of the table: the filter pays for itself on many lookups, and here most calls are inserts.

use crate::sentence::{fold, FastMap, MIX, MIX2};
use crate::WordKey;

#[derive(Default)]
pub(super) struct SeenWords {
    /// Keys `[a, b, len]`: a power of two of slots, at most half of them full, so every probe
    /// meets an empty slot.
    slots: Vec<[u64; 3]>,
    len: usize,
    /// Whether the empty word was inserted, whose key would read as an empty slot.
    empty: bool,
    long: FastMap<Box<str>, ()>,
}

/// A word's key as stored in a slot: its two reads and its length (0 in an empty slot).
fn key(w: &[u8]) -> Option<[u64; 3]> {
    WordKey::new(w).map(|k| {
        let (a, b) = k.reads();
        [a, b, k.len() as u64]
    })
}

impl SeenWords {
    /// Inserts a lower-case word's norm and lemma. Inlined into the stream's loop over every
    /// token: nearly every word is in the table already, and that case is a key, a hash and a
    /// probe, with no call. Most lemmas are the norm itself, which equal keys show without
    /// comparing strings (keys identify words of up to 16 bytes exactly). The keys' parts are
    /// compared one by one: compared as arrays, they went through the stack.
    #[inline(always)]
    pub(super) fn insert_forms(&mut self, norm: &str, lemma: &str) {
        let kn = key(norm.as_bytes());
        self.insert_keyed(norm, kn);
        let kl = key(lemma.as_bytes());
        let same = match (kn, kl) {
            (Some([a, b, n]), Some([c, d, l])) => n == l && a == c && b == d,
            _ => lemma == norm,
        };
        if !same {
            self.insert_keyed(lemma, kl);
        }
    }

    #[inline(always)]
    fn insert_keyed(&mut self, w: &str, k: Option<[u64; 3]>) {
        match k {
            Some([_, _, 0]) => self.empty = true,
            Some(k) => {
                let found = self.slots.get(self.slot(&k)).is_some_and(|s| s[2] != 0);
                if !found {
                    self.add(k);
                }
            }
            None => self.insert_long(w),
        }
    }

    /// Adds a key not in the table yet.
    #[inline(never)]
    fn add(&mut self, k: [u64; 3]) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let i = self.slot(&k);
        if let Some(s) = self.slots.get_mut(i) {
            if s[2] == 0 {
                *s = k;
                self.len += 1;
            }
        }
    }

    #[inline(never)]
    fn insert_long(&mut self, w: &str) {
        // Copied only when new: most words are seen again and again.
        if !self.long.contains_key(w) {
            self.long.insert(w.into(), ());
        }
    }

    pub(super) fn contains(&self, w: &str) -> bool {
        // `annotate` looks words up in a set it never fills: no key is made.
        if self.len == 0 && self.long.is_empty() && !self.empty {
            return false;
        }
        match key(w.as_bytes()) {
            Some([_, _, 0]) => self.empty,
            Some(k) => self.slots.get(self.slot(&k)).is_some_and(|s| s[2] != 0),
            None => self.long.contains_key(w),
        }
    }

    /// The slot holding `k`, or the empty slot where it would go.
    #[inline(always)]
    fn slot(&self, k: &[u64; 3]) -> usize {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = fold(k[0] ^ MIX, k[1] ^ k[2].wrapping_mul(MIX2)) as usize & mask;
        while let Some(&[a, b, n]) = self.slots.get(i) {
            if n == 0 || (n == k[2] && a == k[0] && b == k[1]) {
                break;
            }
            i = (i + 1) & mask;
        }
        i
    }

    fn grow(&mut self) {
        let bigger = vec![[0; 3]; (self.slots.len() * 2).max(64)];
        let old = std::mem::replace(&mut self.slots, bigger);
        for k in old.into_iter().filter(|k| k[2] != 0) {
            let i = self.slot(&k);
            if let Some(s) = self.slots.get_mut(i) {
                *s = k;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SeenWords;
    use proptest::prelude::*;
    use std::collections::HashSet;

    proptest! {
        #[test]
        fn holds_what_a_set_of_strings_holds(
            words in prop::collection::vec("[ab’]{0,20}", 0..300),
            probes in prop::collection::vec("[ab’]{0,20}", 0..100),
        ) {
            let mut seen = SeenWords::default();
            let mut set = HashSet::new();
            for w in &words {
                seen.insert_forms(w, w);
                set.insert(w.as_str());
            }
            for w in words.iter().chain(&probes) {
                prop_assert_eq!(seen.contains(w), set.contains(w.as_str()), "{}", w);
            }
        }
    }

    proptest! {
        #[test]
        fn holds_both_forms(
            pairs in prop::collection::vec(("[ab’]{0,20}", "[ab’]{0,20}"), 0..200),
            probes in prop::collection::vec("[ab’]{0,20}", 0..100),
        ) {
            let mut seen = SeenWords::default();
            let mut set = HashSet::new();
            for (n, l) in &pairs {
                seen.insert_forms(n, l);
                set.insert(n.as_str());
                set.insert(l.as_str());
            }
            for w in pairs.iter().flat_map(|(n, l)| [n, l]).chain(&probes) {
                prop_assert_eq!(seen.contains(w), set.contains(w.as_str()), "{}", w);
            }
        }
    }

    #[test]
    fn empty_and_short_words() {
        let mut seen = SeenWords::default();
        assert!(!seen.contains("") && !seen.contains("a"));
        seen.insert_forms("ab", "ab");
        assert!(
            seen.contains("ab")
                && !seen.contains("ba")
                && !seen.contains("")
                && !seen.contains("abb")
        );
        seen.insert_forms("", "");
        assert!(seen.contains(""));
    }
}
