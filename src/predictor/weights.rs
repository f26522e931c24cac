//! The weight table of a compiled model.

use super::FILTER_BITS_PER_KEY;
use crate::base::table::{prefetch, KeyFilter};
use crate::model::Row;

/// Open-addressing table (linear probing) from feature key to weights. A slot holds a key and
/// its weights together (16 bytes, four to a cache line), so that a lookup, found or not,
/// waits for one cache line. Key 0 marks an empty slot; a feature whose key is 0 is stored as
/// 1 (see [`table_key`]).
#[derive(Debug, Default)]
pub(super) struct WeightTable {
    slots: Vec<WeightSlot>,
    mask: usize,
    /// The keys present (through [`table_key`]): about half the keys looked up are absent,
    /// and the table (1 MiB) is larger than this CPU's L2 cache while the filter is not.
    filter: KeyFilter,
}

#[derive(Debug, Clone, Copy, Default)]
struct WeightSlot {
    key: u32,
    row: Row,
}

#[inline]
fn table_key(key: u32) -> u32 {
    key.max(1)
}

impl WeightTable {
    pub(super) fn new(weights: Vec<(u32, Row)>) -> WeightTable {
        // At most two thirds full, so that a miss ends after a probe or two.
        let size = (weights.len() * 3 / 2).max(16).next_power_of_two();
        let filter = KeyFilter::new(weights.len(), FILTER_BITS_PER_KEY, weights.iter().map(|&(key, _)| table_key(key)));
        let mut table = WeightTable { slots: vec![WeightSlot::default(); size], mask: size - 1, filter };
        for (key, row) in weights {
            let key = table_key(key);
            let mut at = key as usize & table.mask;
            loop {
                let slot = &mut table.slots[at];
                if slot.key == 0 || slot.key == key {
                    // Two features colliding on a key share a row: add their weights.
                    for (w, add) in slot.row.iter_mut().zip(row) {
                        *w = w.saturating_add(add);
                    }
                    slot.key = key;
                    break;
                }
                at = (at + 1) & table.mask;
            }
        }
        table
    }

    /// Drops from `keys[from..]` the keys that the filter says are absent, keeping the order
    /// of the others. Without a branch on the filter, whose outcome (half the keys are absent)
    /// no predictor could guess.
    #[inline]
    pub(super) fn retain_present(&self, keys: &mut Vec<u32>, from: usize) {
        let mut kept = from;
        for read in from..keys.len() {
            let key = keys[read];
            keys[kept] = key;
            kept += self.may_hold(key) as usize;
        }
        keys.truncate(kept);
    }

    /// Prefetches the first slot of every key, before any is probed. A lookup's cost is
    /// waiting for memory; these loads do not depend on one another, so they overlap, and the
    /// probes that follow find their slots in cache instead of waiting for each in turn.
    #[inline]
    pub(super) fn touch(&self, keys: &[u32]) {
        for &key in keys {
            if let Some(slot) = self.slots.get(table_key(key) as usize & self.mask) {
                prefetch(&slot.key);
            }
        }
    }

    /// False when `key` is certainly absent.
    #[inline]
    pub(super) fn may_hold(&self, key: u32) -> bool {
        self.filter.may_hold(table_key(key))
    }

    #[inline]
    pub(super) fn get(&self, key: u32) -> Option<&Row> {
        if !self.may_hold(key) {
            return None;
        }
        self.probe(key)
    }

    /// [`get`](Self::get) without asking the filter first, for keys that passed it already.
    #[inline]
    pub(super) fn probe(&self, key: u32) -> Option<&Row> {
        let key = table_key(key);
        let mut at = key as usize & self.mask;
        loop {
            let slot = self.slots.get(at)?;
            if slot.key == key {
                return Some(&slot.row);
            }
            if slot.key == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }
}
