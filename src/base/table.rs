//! The one table from 32-bit keys (hashes) to small values, stored as a model file lays it out
//! (see [`KeyTable`]); also the hasher that `HashMap`s of such keys use, and prefetch hints.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use bytemuck::Pod;

use crate::base::codec::Reader;
use crate::error::Result;

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

/// Keys' top bits that pick their bucket; the other sixteen are what a table stores of a key.
const BUCKET_BITS: u32 = 16;
/// Buckets in every table.
const BUCKETS: usize = 1 << BUCKET_BITS;

/// The one table from 32-bit keys (hashes) to small values, every lookup of a model goes
/// through it: feature weights, name lists, clusters, the temporal lexicon. Laid out as a
/// model file stores it, so that the model embedded in the program is used where it lies: the
/// keys' low sixteen bits (`low`) and their values (`values`), in bucket order, the bucket of a
/// key being its top sixteen bits; a key is found by a scan of its bucket, which holds about
/// one. The file stores how many keys each bucket holds; where each bucket starts (`starts`,
/// their running sum) is the one thing worked out when a model loads.
///
/// Storing sixteen bits a key, and a count of a byte or so a bucket, is what keeps the tables
/// as small as the varint-coded ones they replace once compressed for the wire (the keys are
/// hashes: nothing compresses them).
#[derive(Debug, Clone)]
pub(crate) struct KeyTable<'a, V: Pod> {
    /// `starts[b]..starts[b + 1]` are bucket `b`'s entries; empty for an empty table.
    starts: Vec<u32>,
    low: Cow<'a, [u16]>,
    values: Cow<'a, [V]>,
}

impl<V: Pod> Default for KeyTable<'_, V> {
    fn default() -> Self {
        KeyTable { starts: Vec::new(), low: Cow::Borrowed(&[]), values: Cow::Borrowed(&[]) }
    }
}

#[inline]
fn bucket_of(key: u32) -> usize {
    (key >> BUCKET_BITS) as usize
}

impl<V: Pod> KeyTable<'static, V> {
    /// A table from distinct entries (a repeated key keeps its last value).
    pub(crate) fn from_entries(entries: impl IntoIterator<Item = (u32, V)>) -> Self {
        KeyTable::from_combined(entries, |slot, value| *slot = value)
    }

    /// A table from entries whose keys may repeat: `combine` folds each repeat into the value
    /// before it, in the order given (two features colliding on a key share a row, their
    /// weights added).
    pub(crate) fn from_combined(entries: impl IntoIterator<Item = (u32, V)>, combine: impl Fn(&mut V, V)) -> Self {
        let mut all: Vec<(u32, V)> = entries.into_iter().collect();
        // Stable, so that repeats combine in the order given.
        all.sort_by_key(|&(key, _)| key);
        let mut merged: Vec<(u32, V)> = Vec::with_capacity(all.len());
        for (key, value) in all {
            match merged.last_mut() {
                Some((last, slot)) if *last == key => combine(slot, value),
                _ => merged.push((key, value)),
            }
        }
        let mut starts = vec![0u32; BUCKETS + 1];
        for &(key, _) in &merged {
            starts[bucket_of(key) + 1] += 1;
        }
        for b in 0..BUCKETS {
            starts[b + 1] += starts[b];
        }
        KeyTable {
            starts,
            low: Cow::Owned(merged.iter().map(|&(key, _)| key as u16).collect()),
            values: Cow::Owned(merged.into_iter().map(|(_, value)| value).collect()),
        }
    }

    /// Adds entries, combining each with the value its key has already, if any (building name
    /// lists; a loaded model never changes). Builds the table anew: add in batches.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn extend_combined(&mut self, entries: impl IntoIterator<Item = (u32, V)>, combine: impl Fn(&mut V, V)) {
        let old = std::mem::take(self);
        *self = KeyTable::from_combined(old.entries().chain(entries), combine);
    }
}

impl<'a, V: Pod> KeyTable<'a, V> {
    /// The same table owning its storage, for a model read from bytes that will not outlive it.
    pub(crate) fn into_owned(self) -> KeyTable<'static, V> {
        KeyTable { starts: self.starts, low: Cow::Owned(self.low.into_owned()), values: Cow::Owned(self.values.into_owned()) }
    }

    /// Whether the keys and values are read where they lie in the bytes the table came from.
    #[cfg(test)]
    pub(crate) fn is_in_place(&self) -> bool {
        matches!((&self.low, &self.values), (Cow::Borrowed(_), Cow::Borrowed(_)))
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    /// The range of `low` and `values` that holds bucket `b` (empty if there is none).
    #[inline]
    fn bucket(&self, b: usize) -> std::ops::Range<usize> {
        match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&start), Some(&end)) => start as usize..end as usize,
            _ => 0..0,
        }
    }

    /// False when `key` is certainly absent: its bucket is empty (about half the buckets of a
    /// model's tables are).
    #[inline]
    pub(crate) fn may_hold(&self, key: u32) -> bool {
        !self.bucket(bucket_of(key)).is_empty()
    }

    /// Starts loading where a lookup of `key` begins, so that lookups known in advance wait for
    /// memory together rather than one after another.
    #[inline]
    pub(crate) fn touch(&self, key: u32) {
        if let Some(start) = self.starts.get(bucket_of(key)) {
            prefetch(start);
        }
    }

    /// Prefetches the stored keys and values of every key's bucket (keys that passed
    /// [`may_hold`](Self::may_hold) already), before any is probed: these loads do not depend
    /// on one another, so they overlap.
    #[inline]
    pub(crate) fn touch_all(&self, keys: &[u32]) {
        for &key in keys {
            let at = self.bucket(bucket_of(key)).start;
            if let (Some(low), Some(value)) = (self.low.get(at), self.values.get(at)) {
                prefetch_all_of(low);
                prefetch_all_of(value);
            }
        }
    }

    /// Drops from `keys[from..]` the keys that are certainly absent, keeping the order of the
    /// others. Without a branch on the outcome, which no predictor could guess.
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
        let range = self.bucket(bucket_of(key));
        let start = range.start;
        let at = self.low.get(range)?.iter().position(|&low| low == key as u16)?;
        self.values.get(start + at)
    }

    /// Every entry, in key order.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn entries(&self) -> impl Iterator<Item = (u32, V)> + '_ {
        (0..self.starts.len().saturating_sub(1)).flat_map(move |b| {
            let range = self.bucket(b);
            let lows = self.low.get(range.clone()).unwrap_or_default();
            let values = self.values.get(range).unwrap_or_default();
            lows.iter().zip(values).map(move |(&low, &value)| (((b as u32) << BUCKET_BITS) | low as u32, value))
        })
    }

    /// Writes the table as a model file stores it, at a 4-byte boundary, little-endian: the
    /// number of entries (u32); how far each entry's bucket is past the previous entry's, a
    /// byte each (255: 255 more, and the next byte goes on), preceded by their length (u32);
    /// the keys' low sixteen bits (u16 each); the values as they lie in memory. Each part is
    /// padded to 4 bytes.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        pad(out);
        out.extend_from_slice(&(self.len() as u32).to_le_bytes());
        let mut steps = Vec::with_capacity(self.len());
        let mut previous = 0;
        for b in 0..self.starts.len().saturating_sub(1) {
            for _ in self.bucket(b) {
                let mut step = b - previous;
                while step >= 255 {
                    steps.push(255);
                    step -= 255;
                }
                steps.push(step as u8);
                previous = b;
            }
        }
        out.extend_from_slice(&(steps.len() as u32).to_le_bytes());
        out.extend_from_slice(&steps);
        pad(out);
        for &low in self.low.iter() {
            out.extend_from_slice(&low.to_le_bytes());
        }
        pad(out);
        out.extend_from_slice(bytemuck::cast_slice(&self.values));
        pad(out);
    }

    /// Reads what [`encode`](Self::encode) wrote: the keys and values in place where the bytes
    /// are aligned for them (the embedded model) and copied where not, and where each bucket
    /// starts worked out from the steps (one pass over them). `valid` says whether a value may
    /// be in a file; `what` names the table in error messages.
    pub(crate) fn decode(reader: &mut Reader<'a>, what: &str, valid: impl Fn(&V) -> bool) -> Result<KeyTable<'a, V>> {
        reader.pad()?;
        let count = reader.u32()? as usize;
        let steps_len = reader.u32()? as usize;
        let steps = reader.take(steps_len)?;
        let starts = bucket_starts(steps, count).ok_or_else(|| reader.error(&format!("{what} buckets do not hold {count} entries")))?;
        reader.pad()?;
        let low = reader.pod_slice(count)?;
        reader.pad()?;
        let values: Cow<'a, [V]> = reader.pod_slice(count)?;
        reader.pad()?;
        if !values.iter().all(valid) {
            return Err(reader.error(&format!("bad {what} value")));
        }
        Ok(KeyTable { starts, low, values })
    }
}

/// Where each bucket starts, from the steps [`KeyTable::encode`] writes for `count` entries;
/// `None` where they do not describe `count` entries in range. Entries per bucket, one place up,
/// then their running sum: two plain loops, in a function of its own rather than one per type of
/// value, since it runs once per table and load, before the engine has compiled much.
fn bucket_starts(steps: &[u8], count: usize) -> Option<Vec<u32>> {
    let mut starts = vec![0u32; BUCKETS + 1];
    let mut bucket = 0usize;
    for &step in steps {
        bucket += step as usize;
        if step != 255 {
            *starts.get_mut(bucket + 1)? += 1;
        }
    }
    for b in 0..BUCKETS {
        starts[b + 1] += starts[b];
    }
    (starts[BUCKETS] as usize == count && steps.last() != Some(&255)).then_some(starts)
}

/// Zero bytes up to the next multiple of four.
pub(crate) fn pad(out: &mut Vec<u8>) {
    out.resize(out.len().next_multiple_of(4), 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_holds_and_nothing_else() {
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || crate::base::hash::xorshift(&mut rng) as u32;
        let present: Vec<u32> = (0..5000).map(|_| next()).chain([0, 1, 0xffff, 0x1_0000, u32::MAX]).collect();
        let table = KeyTable::from_entries(present.iter().map(|&k| (k, k as u16 | 1)));
        assert_eq!(table.len(), present.len());
        for &key in &present {
            assert!(table.may_hold(key));
            assert_eq!(table.get(key), Some(key as u16 | 1));
        }
        let reference: std::collections::HashSet<u32> = present.iter().copied().collect();
        let mut passed = 0;
        for _ in 0..20_000 {
            let key = next();
            assert_eq!(table.get(key).is_some(), reference.contains(&key));
            passed += table.may_hold(key) as usize;
        }
        // 5,005 keys in 65,536 buckets: about 93% of absent keys are turned away by an empty one.
        assert!(passed < 3000, "{passed} of 20000 absent keys passed");
        assert!(!KeyTable::<u16>::default().may_hold(42));
        assert_eq!(KeyTable::<u16>::default().get(0), None);
    }

    #[test]
    fn combines_repeats_in_order_and_extends() {
        let mut table = KeyTable::from_combined([(9, 1u16), (3, 1), (9, 2), (20, 4)], |v, add| *v = *v * 10 + add);
        assert_eq!(table.get(9), Some(12));
        assert_eq!(table.get(10), None);
        table.extend_combined([(10, 8), (9, 16)], |v, add| *v |= add);
        assert_eq!(table.entries().collect::<Vec<_>>(), vec![(3, 1), (9, 28), (10, 8), (20, 4)]);
    }

    #[test]
    fn round_trips_in_place_and_copied() {
        let table = KeyTable::from_entries([(3, [1i8, -2, 3]), (0x1234_5678, [0, 0, 9]), (u32::MAX, [-128, 127, 0])]);
        let mut bytes = vec![0u8; 3];
        table.encode(&mut bytes);
        assert_eq!(bytes.len() % 4, 0);
        // Read where it lies (aligned, as the embedded model is) and from bytes one address off.
        let aligned: Vec<u32> = bytemuck::pod_collect_to_vec(&bytes);
        let mut off = vec![0u8];
        off.extend_from_slice(&bytes);
        for (source, start) in [(bytemuck::cast_slice::<u32, u8>(&aligned), 3), (&off[1..], 3)] {
            let mut reader = Reader::new(source);
            reader.take(start).unwrap();
            let back = KeyTable::<[i8; 3]>::decode(&mut reader, "test", |_| true).unwrap();
            assert!(reader.is_at_end());
            assert_eq!(back.entries().collect::<Vec<_>>(), table.entries().collect::<Vec<_>>());
            assert_eq!(back.get(0x1234_5678), Some([0, 0, 9]));
        }
        for cut in 0..bytes.len() - 3 {
            let mut reader = Reader::new(&bytes[..3 + cut]);
            reader.take(3).unwrap();
            assert!(KeyTable::<[i8; 3]>::decode(&mut reader, "test", |_| true).is_err(), "cut at {cut}");
        }
        let mut reader = Reader::new(&bytes);
        reader.take(3).unwrap();
        assert!(KeyTable::<[i8; 3]>::decode(&mut reader, "test", |row| row[0] >= 0).is_err());
    }
}
