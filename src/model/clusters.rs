//! Word clusters learned from unlabelled news: a binary path per word (Brown clustering), so
//! that a never-seen name can be recognised by the company it keeps.

use crate::base::codec::Reader;
use crate::base::table::KeyTable;

/// Prefix lengths of the cluster path used as features (coarse to fine).
const PREFIX_LENGTHS: [u8; 4] = [4, 8, 12, 20];

/// Cluster paths of normalized, clitic-stripped word forms.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    /// Key of the word's hash → (path bits, path length), the path's first bit being the
    /// most significant of the `length` low bits.
    paths: KeyTable<(u32, u8)>,
}

impl Clusters {
    /// Number of words with a cluster.
    #[cfg(any(test, feature = "train"))]
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether no word has a cluster.
    #[cfg(feature = "train")]
    pub fn is_empty(&self) -> bool {
        self.paths.len() == 0
    }

    /// Sets the path of a normalized word, given as a string of `0` and `1` (at most 32).
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn insert(&mut self, word: &str, path: &str) {
        let bits = path.bytes().take(32).fold(0u32, |acc, b| (acc << 1) | (b == b'1') as u32);
        let len = path.len().min(32) as u8;
        self.paths.update(crate::base::hash::key_of_hash(crate::base::hash::hash_str(word)), |v| *v = (bits, len));
    }

    /// The path of the word whose hash is given.
    #[inline]
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn get(&self, word_hash: u64) -> Option<(u32, u8)> {
        self.paths.get(crate::base::hash::key_of_hash(word_hash))
    }

    /// Every distinct path, sorted, and a table from each word's key (as [`get`](Self::get)
    /// makes it) to the index of its path there: a predictor keeps per-path sums.
    pub(crate) fn path_indices(&self) -> (Vec<(u32, u8)>, KeyTable<u32>) {
        let mut paths: Vec<(u32, u8)> = self.paths.sorted().into_iter().map(|(_, path)| path).collect();
        paths.sort_unstable();
        paths.dedup();
        let index = self.paths.map_values(|path| paths.binary_search(&path).unwrap_or(0) as u32);
        (paths, index)
    }

    /// The path's prefixes used as features: (index of the prefix length, value).
    pub(crate) fn prefixes(&self, (bits, len): (u32, u8)) -> impl Iterator<Item = (usize, u64)> {
        PREFIX_LENGTHS.iter().enumerate().map(move |(k, &p)| {
            let p = p.min(len);
            let prefix = if p == 0 { 0 } else { bits >> (len - p) };
            // The length is part of the value, so that "0" and "00" differ.
            (k, ((p as u64) << 32) | prefix as u64)
        })
    }

    /// Reads clusters in the format of Liang's `wcluster`: `path<TAB>word<TAB>count` per line.
    /// Words are normalized and stripped of proclitics as the features see them.
    #[cfg(feature = "train")]
    pub fn read(path: &std::path::Path) -> crate::error::Result<Clusters> {
        let text = std::fs::read_to_string(path).map_err(|e| crate::error::Error::Io(format!("{}: {e}", path.display())))?;
        let mut clusters = Clusters::default();
        for (number, line) in text.lines().enumerate() {
            let mut fields = line.split('\t');
            let (Some(bits), Some(word)) = (fields.next(), fields.next()) else {
                return Err(crate::error::Error::Data(format!("{}:{}: expected `path<TAB>word`", path.display(), number + 1)));
            };
            if !bits.bytes().all(|b| b == b'0' || b == b'1') {
                return Err(crate::error::Error::Data(format!("{}:{}: bad cluster path {bits:?}", path.display(), number + 1)));
            }
            clusters.insert(word, bits);
        }
        Ok(clusters)
    }

    /// A path is stored as `bits << 6 | length`.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.paths.encode(out, |(bits, len)| ((bits as u64) << 6) | len as u64);
    }

    pub(crate) fn decode(reader: &mut Reader<'_>) -> crate::error::Result<Clusters> {
        let paths = KeyTable::decode(reader, "cluster", |v| {
            let len = (v & 63) as u8;
            let bits = u32::try_from(v >> 6).ok()?;
            (len <= 32).then_some((bits, len))
        })?;
        Ok(Clusters { paths })
    }
}
