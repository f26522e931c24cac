//! Word clusters learned from unlabelled news: a binary path per word (Brown clustering), so
//! that a never-seen name can be recognised by the company it keeps.

use crate::base::codec::{put_varint, Reader};
use crate::base::table::KeyTable;

/// Prefix lengths of the cluster path used as features (coarse to fine).
const PREFIX_LENGTHS: [u8; 4] = [4, 8, 12, 20];

/// A cluster path: its bits, the first the most significant of the `length` low bits, and its
/// length.
pub(crate) type Path = (u32, u8);

/// Cluster paths of normalized, clitic-stripped word forms: a table from each word to the index
/// of its path in a list of the distinct paths (Brown clustering gives at most 256 clusters).
#[derive(Debug, Clone, Default)]
pub struct Clusters<'a> {
    /// Every distinct path, sorted.
    paths: Vec<Path>,
    /// Key of the word's hash → index in `paths`.
    index: KeyTable<'a, u8>,
}

/// At most this many distinct paths (an index is a byte).
const MAX_PATHS: usize = 256;

/// A path from a string of `0` and `1` (at most 32 are read).
#[cfg(any(test, feature = "train"))]
fn parse_path(path: &str) -> Path {
    let bits = path.bytes().take(32).fold(0u32, |acc, b| (acc << 1) | (b == b'1') as u32);
    (bits, path.len().min(32) as u8)
}

impl Clusters<'_> {
    /// Number of words with a cluster.
    #[cfg(any(test, feature = "train"))]
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether no word has a cluster.
    #[cfg(feature = "train")]
    pub fn is_empty(&self) -> bool {
        self.index.len() == 0
    }

    /// Sets the paths of normalized words, given as strings of `0` and `1` (at most 32 each),
    /// all at once; a word given twice keeps its last path. An error if there would be more
    /// than 256 distinct paths.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn insert_all<'w>(&mut self, words: impl IntoIterator<Item = (&'w str, &'w str)>) -> crate::error::Result<()> {
        let key = |word: &str| crate::base::hash::key_of_hash(crate::base::hash::hash_str(word));
        let mut entries: crate::base::table::KeyMap<Path> =
            self.index.entries().filter_map(|(k, i)| Some((k, *self.paths.get(i as usize)?))).collect();
        entries.extend(words.into_iter().map(|(word, path)| (key(word), parse_path(path))));
        let mut paths: Vec<Path> = entries.values().copied().collect();
        paths.sort_unstable();
        paths.dedup();
        if paths.len() > MAX_PATHS {
            return Err(crate::error::Error::Data(format!("{} distinct cluster paths; at most {MAX_PATHS} fit", paths.len())));
        }
        let index = KeyTable::from_entries(entries.into_iter().map(|(k, path)| (k, paths.binary_search(&path).unwrap_or(0) as u8)));
        *self = Clusters { paths, index };
        Ok(())
    }

    /// Sets the path of one normalized word (see [`insert_all`](Self::insert_all)).
    #[cfg(test)]
    pub(crate) fn insert(&mut self, word: &str, path: &str) {
        self.insert_all([(word, path)]).expect("one path fits");
    }

    /// The path of the word whose hash is given.
    #[inline]
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn get(&self, word_hash: u64) -> Option<Path> {
        self.path(self.index_of(crate::base::hash::key_of_hash(word_hash))?)
    }

    /// The index of the path of the word whose key is given (see [`paths`](Self::paths)).
    #[inline]
    pub(crate) fn index_of(&self, word_key: u32) -> Option<u8> {
        self.index.get(word_key)
    }

    /// Starts loading the entry of a word's key that will be looked up soon.
    #[inline]
    pub(crate) fn touch(&self, word_key: u32) {
        self.index.touch(word_key);
    }

    /// The path at an index.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn path(&self, index: u8) -> Option<Path> {
        self.paths.get(index as usize).copied()
    }

    /// Every distinct path, sorted: the index of a word's path is a position here.
    pub(crate) fn paths(&self) -> &[Path] {
        &self.paths
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
    pub fn read(path: &std::path::Path) -> crate::error::Result<Clusters<'static>> {
        let text = std::fs::read_to_string(path).map_err(|e| crate::error::Error::Io(format!("{}: {e}", path.display())))?;
        let mut words = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let mut fields = line.split('\t');
            let (Some(bits), Some(word)) = (fields.next(), fields.next()) else {
                return Err(crate::error::Error::Data(format!("{}:{}: expected `path<TAB>word`", path.display(), number + 1)));
            };
            if !bits.bytes().all(|b| b == b'0' || b == b'1') {
                return Err(crate::error::Error::Data(format!("{}:{}: bad cluster path {bits:?}", path.display(), number + 1)));
            }
            words.push((word, bits));
        }
        let mut clusters = Clusters::default();
        clusters.insert_all(words)?;
        Ok(clusters)
    }

    /// The paths (count, then each as the varint `bits << 6 | length`), then the table.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        put_varint(out, self.paths.len() as u64);
        for &(bits, len) in &self.paths {
            put_varint(out, ((bits as u64) << 6) | len as u64);
        }
        self.index.encode(out);
    }
}

impl<'a> Clusters<'a> {
    pub(crate) fn decode(reader: &mut Reader<'a>) -> crate::error::Result<Clusters<'a>> {
        let count = reader.count("cluster path")?;
        if count > MAX_PATHS {
            return Err(reader.error("too many cluster paths"));
        }
        let mut paths = Vec::with_capacity(count);
        for _ in 0..count {
            let v = reader.varint()?;
            let len = (v & 63) as u8;
            let bits = u32::try_from(v >> 6).map_err(|_| reader.error("bad cluster path"))?;
            if len > 32 {
                return Err(reader.error("bad cluster path"));
            }
            paths.push((bits, len));
        }
        let index = KeyTable::decode(reader, "cluster", |&i| (i as usize) < count)?;
        Ok(Clusters { paths, index })
    }

    /// Whether the table is read where it lies in a model file.
    #[cfg(test)]
    pub(crate) fn is_in_place(&self) -> bool {
        self.index.is_in_place()
    }

    /// The same clusters owning their storage.
    pub(crate) fn into_owned(self) -> Clusters<'static> {
        Clusters { paths: self.paths, index: self.index.into_owned() }
    }
}
