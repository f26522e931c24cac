//! The weight table of a compiled model: feature key → one weight per tag.

use crate::base::table::KeyTable;
use crate::model::Row;

/// Rows of weights behind a filter: about half the keys looked up are absent, and the table
/// (1 MiB) is larger than this CPU's L2 cache while the filter is not.
pub(super) type WeightTable = KeyTable<Row>;

/// The table of a model's weights; two features colliding on a key share a row, their weights
/// added.
pub(super) fn weight_table(weights: Vec<(u32, Row)>) -> WeightTable {
    KeyTable::from_combined(weights.into_iter(), |row, add| {
        for (w, a) in row.iter_mut().zip(add) {
            *w = w.saturating_add(a);
        }
    })
    .with_filter()
}
