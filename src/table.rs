//! A map from 32-bit keys (hashes) to small values that loads fast: an open-addressing array
//! filled straight from a model file (the keys are hashes already, so no hashing is needed),
//! plus a hash map for entries added after it was built (training only).

use std::collections::HashMap;

use crate::error::Result;
use crate::model::codec::{put_varint, Reader};
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
        // The key in both halves: the table picks buckets by the low bits and tells entries of
        // a bucket group apart by the top seven, which a zero-extended key would leave all 0.
        self.0 = (n as u64) << 32 | n as u64;
    }
    fn write_u64(&mut self, n: u64) {
        // A 64-bit key is a word's hash before `finish`: finish it, so that the low bits that
        // pick the bucket depend on all of it.
        self.0 = crate::hash::finish(n);
    }
}

/// A hash map keyed by 32-bit hashes.
pub(crate) type KeyMap<V> = HashMap<u32, V, BuildHasherDefault<KeyHasher>>;

/// Keys with their values, and later additions.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyTable<V> {
    /// Keys with their values, side by side so that a lookup waits for one cache line; key 0
    /// marks an empty slot (a key of 0 is stored as 1, see [`slot_key`]).
    slots: Vec<(u32, V)>,
    mask: usize,
    added: KeyMap<V>,
}

#[inline]
fn slot_key(key: u32) -> u32 {
    key.max(1)
}

impl<V: Copy + Default> KeyTable<V> {
    /// A table from distinct entries (as a model file stores them).
    pub(crate) fn from_entries(entries: impl ExactSizeIterator<Item = (u32, V)>) -> KeyTable<V> {
        // At most two thirds full (about half, for the lists of the shipped model).
        let size = (entries.len() * 3 / 2).max(8).next_power_of_two();
        let mut table = KeyTable { slots: vec![(0, V::default()); size], mask: size - 1, added: KeyMap::default() };
        for (key, value) in entries {
            let at = table.slot(slot_key(key));
            table.slots[at] = (slot_key(key), value);
        }
        table
    }

    /// The slot that holds `key`, or the empty slot where it would go.
    #[inline]
    fn slot(&self, key: u32) -> usize {
        let mut at = key as usize & self.mask;
        while self.slots[at].0 != 0 && self.slots[at].0 != key {
            at = (at + 1) & self.mask;
        }
        at
    }

    /// The same keys with their values turned into others: a lookup of the new table finds
    /// `change` of what the same lookup of this one finds.
    pub(crate) fn map_values<W: Copy + Default>(&self, change: impl Fn(V) -> W) -> KeyTable<W> {
        KeyTable {
            slots: self.slots.iter().map(|&(k, v)| (k, if k == 0 { W::default() } else { change(v) })).collect(),
            mask: self.mask,
            added: self.added.iter().map(|(&k, &v)| (k, change(v))).collect(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.iter().filter(|&&(k, _)| k != 0).count() + self.added.len()
    }

    /// Starts loading the slot where a lookup of `key` begins, so that lookups known in
    /// advance wait for memory together rather than one after another.
    #[inline]
    pub(crate) fn touch(&self, key: u32) {
        if let Some(&(k, _)) = self.slots.get(slot_key(key) as usize & self.mask) {
            std::hint::black_box(k);
        }
    }

    #[inline]
    pub(crate) fn get(&self, key: u32) -> Option<V> {
        if !self.slots.is_empty() {
            let (k, v) = self.slots[self.slot(slot_key(key))];
            if k != 0 {
                return Some(v);
            }
        }
        if self.added.is_empty() {
            None
        } else {
            self.added.get(&key).copied()
        }
    }

    /// Changes the value of `key` (starting from the default when absent).
    pub(crate) fn update(&mut self, key: u32, change: impl FnOnce(&mut V)) {
        if !self.slots.is_empty() {
            let at = self.slot(slot_key(key));
            if self.slots[at].0 != 0 {
                return change(&mut self.slots[at].1);
            }
        }
        change(self.added.entry(key).or_default())
    }

    /// Serializes as: count, then keys in increasing order as LEB128 deltas, each followed by
    /// its value as `value_bits` gives it.
    pub(crate) fn encode(&self, out: &mut Vec<u8>, value_bits: impl Fn(V) -> u64) {
        let entries = self.sorted();
        put_varint(out, entries.len() as u64);
        let mut prev = 0u32;
        for (key, value) in entries {
            put_varint(out, (key - prev) as u64);
            put_varint(out, value_bits(value));
            prev = key;
        }
    }

    /// Reads what [`encode`](Self::encode) wrote; `value` turns bits back into a value, `None`
    /// for bits no valid file holds. `what` names the table in error messages.
    pub(crate) fn decode(reader: &mut Reader<'_>, what: &str, value: impl Fn(u64) -> Option<V>) -> Result<KeyTable<V>> {
        let count = reader.count(what)?;
        let mut entries = Vec::with_capacity(count);
        let mut key = 0u32;
        for i in 0..count {
            let delta = reader.varint()?;
            if i > 0 && delta == 0 {
                return Err(reader.error(&format!("{what} keys not increasing")));
            }
            key = u32::try_from(key as u64 + delta).map_err(|_| reader.error(&format!("{what} key out of range")))?;
            let bits = reader.varint()?;
            entries.push((key, value(bits).ok_or_else(|| reader.error(&format!("bad {what} value")))?));
        }
        Ok(KeyTable::from_entries(entries.into_iter()))
    }

    /// Every entry, sorted by key.
    pub(crate) fn sorted(&self) -> Vec<(u32, V)> {
        let mut all: Vec<(u32, V)> = self.slots.iter().copied().filter(|&(k, _)| k != 0).collect();
        all.extend(self.added.iter().map(|(&k, &v)| (slot_key(k), v)));
        all.sort_unstable_by_key(|&(k, _)| k);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_added_entries() {
        let mut table = KeyTable::from_entries(vec![(3, 1u16), (9, 2), (20, 4)].into_iter());
        assert_eq!(table.get(9), Some(2));
        assert_eq!(table.get(10), None);
        table.update(10, |v| *v |= 8);
        table.update(9, |v| *v |= 16);
        assert_eq!(table.get(10), Some(8));
        assert_eq!(table.get(9), Some(18));
        assert_eq!(table.len(), 4);
        assert_eq!(table.sorted(), vec![(3, 1), (9, 18), (10, 8), (20, 4)]);
        let mut bytes = Vec::new();
        table.encode(&mut bytes, u64::from);
        let back = KeyTable::decode(&mut Reader::new(&bytes), "test", |v| u16::try_from(v).ok()).unwrap();
        assert_eq!(back.sorted(), table.sorted());
        assert!(KeyTable::decode(&mut Reader::new(&bytes[..bytes.len() - 1]), "test", |v| u16::try_from(v).ok()).is_err());
    }
}
