//! The one table from 32-bit keys (hashes) to small values: an open-addressing array filled
//! straight from a model file (the keys are hashes already, so no hashing is needed), with a
//! Bloom filter in front where most lookups miss. Also the hasher that `HashMap`s of such keys
//! use, and prefetch hints.

use std::collections::HashMap;

use crate::base::codec::{put_varint, Reader};
use crate::error::Result;
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
        self.0 = crate::base::hash::finish(n);
    }
}

/// A hash map keyed by 32-bit hashes.
pub(crate) type KeyMap<V> = HashMap<u32, V, BuildHasherDefault<KeyHasher>>;

/// Starts loading the cache line that holds `key` (a slot's key) for a lookup soon, without
/// waiting for it: a prefetch, where the CPU has one, lets the work between now and the lookup
/// go on while the line arrives (a plain load would hold up every later instruction once the
/// CPU's window of pending ones fills). Elsewhere, a plain load.
#[inline(always)]
pub(crate) fn prefetch(key: &u32) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `prefetcht0` (SSE, part of every x86-64 CPU) is a hint: it reads nothing into
    // the program, changes no state it can observe and never faults, whatever the address;
    // this one comes from a reference, so it is valid anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((key as *const u32).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    std::hint::black_box(*key);
}

/// Starts loading every cache line of `item` (see [`prefetch`]); elsewhere than on x86-64,
/// nothing.
#[inline(always)]
pub(crate) fn prefetch_all_of<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        let start = (item as *const T).cast::<i8>();
        let size = std::mem::size_of::<T>();
        let mut offset = 0;
        while offset < size + 63 {
            // SAFETY: as in `prefetch`; the addresses lie within `item` (the last one is its
            // last byte, for the line it ends in), and `wrapping_add` makes them without
            // dereferencing anything.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    start.wrapping_add(offset.min(size.saturating_sub(1))),
                );
            }
            offset += 64;
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// A one-hash Bloom filter of 32-bit keys (hashes): a key whose bit is clear is certainly
/// absent, known without reading a table much larger than the filter. Most words and features
/// looked up are absent from the model's tables, which are larger than this CPU's L2 cache; the
/// filters are a few times smaller.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyFilter {
    bits: Vec<u64>,
    shift: u32,
}

impl KeyFilter {
    /// A filter of `keys`, `keys.len()` at most `count`, with about `bits_per_key` bits per key
    /// (rounded up to a power of two in all).
    pub(crate) fn new(count: usize, bits_per_key: usize, keys: impl Iterator<Item = u32>) -> KeyFilter {
        // At most 2^30 bits (128 MiB), so that the size and shift stay in range on any target.
        let size = count.saturating_mul(bits_per_key).clamp(64, 1 << 30).next_power_of_two();
        let mut filter = KeyFilter { bits: vec![0; size / 64], shift: 32 - size.trailing_zeros() };
        for key in keys {
            let bit = filter.bit(key);
            if let Some(word) = filter.bits.get_mut(bit / 64) {
                *word |= 1 << (bit % 64);
            }
        }
        filter
    }

    /// The bit of a key: its top bits after a multiplication, independent of the low bits
    /// that pick its slot in a table.
    #[inline]
    fn bit(&self, key: u32) -> usize {
        (key.wrapping_mul(0x9e37_79b1) >> self.shift) as usize
    }

    /// Adds a key (a filter made for fewer keys lets more absent keys through, never fewer
    /// present ones).
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn insert(&mut self, key: u32) {
        let bit = self.bit(key);
        if let Some(word) = self.bits.get_mut(bit / 64) {
            *word |= 1 << (bit % 64);
        }
    }

    /// Whether this is no filter (lets every key through).
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// False when `key` is certainly not one of the filter's keys; always true for an empty
    /// (default) filter, which stands for no filter.
    #[inline]
    pub(crate) fn may_hold(&self, key: u32) -> bool {
        let bit = self.bit(key);
        self.bits.get(bit / 64).is_none_or(|word| word >> (bit % 64) & 1 != 0)
    }
}

/// Bits of the filter of a [`KeyTable`] per key.
pub(crate) const FILTER_BITS_PER_KEY: usize = 8;

/// An open-addressing table (linear probing) from 32-bit keys to small values, the one every
/// lookup of a model goes through: feature weights, name lists, clusters. A slot holds a key
/// and its value together, so that a lookup, found or not, waits for one cache line; key 0
/// marks an empty slot (a key of 0 is stored as 1, see [`slot_key`]). An optional
/// [`KeyFilter`] in front answers most lookups of absent keys without touching the slots.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyTable<V> {
    slots: Vec<(u32, V)>,
    mask: usize,
    /// The keys of `slots`, or no filter (see [`with_filter`](Self::with_filter)).
    filter: KeyFilter,
    len: usize,
}

#[inline]
fn slot_key(key: u32) -> u32 {
    key.max(1)
}

/// Slots for `entries` entries: at most two thirds full, so that a miss ends after a probe
/// or two.
fn capacity_for(entries: usize) -> usize {
    (entries.saturating_mul(3) / 2).max(8).next_power_of_two()
}

impl<V: Copy + Default> KeyTable<V> {
    /// A table from distinct entries (as a model file stores them).
    pub(crate) fn from_entries(entries: impl ExactSizeIterator<Item = (u32, V)>) -> KeyTable<V> {
        KeyTable::from_combined(entries, |slot, value| *slot = value)
    }

    /// A table from entries whose keys may repeat: `combine` folds each repeat into the value
    /// already stored (two features colliding on a key share a row, their weights added).
    pub(crate) fn from_combined(entries: impl ExactSizeIterator<Item = (u32, V)>, combine: impl Fn(&mut V, V)) -> KeyTable<V> {
        let size = capacity_for(entries.len());
        let mut table = KeyTable { slots: vec![(0, V::default()); size], mask: size - 1, filter: KeyFilter::default(), len: 0 };
        for (key, value) in entries {
            let key = slot_key(key);
            let at = table.slot(key);
            if table.slots[at].0 == 0 {
                table.slots[at].0 = key;
                table.len += 1;
            }
            combine(&mut table.slots[at].1, value);
        }
        table
    }

    /// The same table with a [`KeyFilter`] in front, for a table where most lookups are of
    /// absent keys (the name lists: most words are no name; half the weight lookups).
    pub(crate) fn with_filter(mut self) -> KeyTable<V> {
        self.rebuild_filter();
        self
    }

    fn rebuild_filter(&mut self) {
        let keys = || self.slots.iter().map(|&(k, _)| k).filter(|&k| k != 0);
        self.filter = KeyFilter::new(self.len, FILTER_BITS_PER_KEY, keys());
    }

    /// The slot that holds `key` (a slot key), or the empty slot where it would go.
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
            filter: self.filter.clone(),
            len: self.len,
        }
    }

    #[cfg(any(test, feature = "train"))]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// False when `key` is certainly absent (always true without a filter).
    #[inline]
    pub(crate) fn may_hold(&self, key: u32) -> bool {
        self.filter.may_hold(slot_key(key))
    }

    /// Starts loading the slot where a lookup of `key` begins, if the filter lets it through,
    /// so that lookups known in advance wait for memory together rather than one after another.
    #[inline]
    pub(crate) fn touch(&self, key: u32) {
        if self.may_hold(key) {
            self.touch_slot(key);
        }
    }

    /// Prefetches the first slot of every key (keys that passed the filter already), before
    /// any is probed: these loads do not depend on one another, so they overlap, and the
    /// probes that follow find their slots in cache instead of waiting for each in turn.
    #[inline]
    pub(crate) fn touch_all(&self, keys: &[u32]) {
        for &key in keys {
            self.touch_slot(key);
        }
    }

    #[inline]
    fn touch_slot(&self, key: u32) {
        if let Some((k, _)) = self.slots.get(slot_key(key) as usize & self.mask) {
            prefetch(k);
        }
    }

    /// Drops from `keys[from..]` the keys that the filter says are absent, keeping the order
    /// of the others. Without a branch on the filter, whose outcome (half the keys are absent)
    /// no predictor could guess.
    #[inline]
    pub(crate) fn retain_present(&self, keys: &mut Vec<u32>, from: usize) {
        let mut kept = from;
        for read in from..keys.len() {
            let key = keys[read];
            keys[kept] = key;
            kept += self.may_hold(key) as usize;
        }
        keys.truncate(kept);
    }

    /// The value of `key`.
    #[inline]
    pub(crate) fn get(&self, key: u32) -> Option<V> {
        self.get_ref(key).copied()
    }

    /// The value of `key`, by reference (for values of several bytes, such as a row of weights).
    #[inline]
    pub(crate) fn get_ref(&self, key: u32) -> Option<&V> {
        if !self.may_hold(key) {
            return None;
        }
        self.probe(key)
    }

    /// [`get_ref`](Self::get_ref) without asking the filter first, for keys that passed it.
    #[inline]
    pub(crate) fn probe(&self, key: u32) -> Option<&V> {
        let key = slot_key(key);
        let mut at = key as usize & self.mask;
        loop {
            let (k, v) = self.slots.get(at)?;
            if *k == key {
                return Some(v);
            }
            if *k == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }

    /// Changes the value of `key`, starting from the default when absent (building name lists
    /// and clusters; a compiled model never changes). Grows the table, and its filter if it has
    /// one, as entries are added.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn update(&mut self, key: u32, change: impl FnOnce(&mut V)) {
        let key = slot_key(key);
        if (self.len + 1) * 3 > self.slots.len() * 2 {
            self.grow();
        }
        let at = self.slot(key);
        if self.slots[at].0 == 0 {
            self.slots[at].0 = key;
            self.len += 1;
            self.filter.insert(key);
        }
        change(&mut self.slots[at].1);
    }

    /// Rehashes into about three times as many slots as entries, so that a run of additions
    /// rehashes a logarithmic number of times.
    #[cfg(any(test, feature = "train"))]
    fn grow(&mut self) {
        let size = capacity_for((self.len + 1) * 2);
        let old = std::mem::replace(&mut self.slots, vec![(0, V::default()); size]);
        self.mask = size - 1;
        for (k, v) in old {
            if k != 0 {
                let at = self.slot(k);
                self.slots[at] = (k, v);
            }
        }
        if !self.filter.is_empty() {
            self.rebuild_filter();
        }
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

    #[test]
    fn a_filter_changes_no_lookup() {
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || crate::base::hash::xorshift(&mut rng) as u32;
        let present: Vec<u32> = (0..5000).map(|_| next()).chain([0, 1, u32::MAX]).collect();
        let plain = KeyTable::from_entries(present.iter().map(|&k| (k, k as u16 | 1)).collect::<Vec<_>>().into_iter());
        let mut filtered = plain.clone().with_filter();
        for &key in &present {
            assert!(filtered.filter.may_hold(slot_key(key)));
            assert_eq!(filtered.get(key), plain.get(key));
        }
        let mut passed = 0;
        for _ in 0..20_000 {
            let key = next();
            assert_eq!(filtered.get(key), plain.get(key));
            passed += filtered.filter.may_hold(slot_key(key)) as usize;
        }
        // About one absent key in eight passes a filter of eight bits per key.
        assert!(passed < 4000, "{passed} of 20000 absent keys passed");
        // Keys added after the table was built are found, filter or not, as the table grows.
        for key in 1..=20_000u32 {
            filtered.update(key.wrapping_mul(0x9e37_79b1), |v| *v = 7);
        }
        for key in 1..=20_000u32 {
            assert_eq!(filtered.get(key.wrapping_mul(0x9e37_79b1)), Some(7));
        }
        for &key in &present {
            assert!(filtered.get(key).is_some());
        }
        assert!(KeyFilter::default().may_hold(42));
    }
}
