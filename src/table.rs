//! A map from 32-bit keys (hashes) to small values that decodes fast: a sorted array searched
//! by bisection, plus a hash map for entries added after it was built (training only). A
//! model's name lists and clusters load by reading their sorted keys straight into place.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = n as u64;
    }
}

/// A hash map keyed by 32-bit hashes.
pub(crate) type KeyMap<V> = HashMap<u32, V, BuildHasherDefault<KeyHasher>>;

/// Sorted keys with their values, and later additions.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyTable<V> {
    keys: Vec<u32>,
    values: Vec<V>,
    added: KeyMap<V>,
}

impl<V: Copy + Default> KeyTable<V> {
    /// A table from entries sorted by key, without duplicates (as a model file stores them).
    pub(crate) fn from_sorted(keys: Vec<u32>, values: Vec<V>) -> KeyTable<V> {
        KeyTable { keys, values, added: KeyMap::default() }
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len() + self.added.len()
    }

    #[inline]
    pub(crate) fn get(&self, key: u32) -> Option<V> {
        if let Ok(at) = self.keys.binary_search(&key) {
            return Some(self.values[at]);
        }
        if self.added.is_empty() {
            None
        } else {
            self.added.get(&key).copied()
        }
    }

    /// Changes the value of `key` (starting from the default when absent).
    pub(crate) fn update(&mut self, key: u32, change: impl FnOnce(&mut V)) {
        match self.keys.binary_search(&key) {
            Ok(at) => change(&mut self.values[at]),
            Err(_) => change(self.added.entry(key).or_default()),
        }
    }

    /// Every entry, sorted by key.
    pub(crate) fn sorted(&self) -> Vec<(u32, V)> {
        let mut all: Vec<(u32, V)> = self.keys.iter().copied().zip(self.values.iter().copied()).collect();
        all.extend(self.added.iter().map(|(&k, &v)| (k, v)));
        all.sort_unstable_by_key(|&(k, _)| k);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_added_entries() {
        let mut table = KeyTable::from_sorted(vec![3, 9, 20], vec![1u16, 2, 4]);
        assert_eq!(table.get(9), Some(2));
        assert_eq!(table.get(10), None);
        table.update(10, |v| *v |= 8);
        table.update(9, |v| *v |= 16);
        assert_eq!(table.get(10), Some(8));
        assert_eq!(table.get(9), Some(18));
        assert_eq!(table.len(), 4);
        assert_eq!(table.sorted(), vec![(3, 1), (9, 18), (10, 8), (20, 4)]);
    }
}
