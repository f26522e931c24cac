//! Name lists: normalized words and phrases with what kind of name they are part of.
//!
//! Lists are matched on normalized text, with clitics stripped, and feed the model as features,
//! never as overrides. The list also tells the recognizer whether `وروسيا` hides a known name.

use crate::base::hash::{hash_concat, hash_phrase, key_of_hash};
use crate::text::clitic::{self, Article, Clitics};

/// Flags that a word or phrase can carry.
// Some flags are set only when lists are built (feature `train`).
pub(crate) mod flag {
    /// A whole person name in a list.
    pub const PER: u16 = 1 << 0;
    /// A whole place name.
    pub const LOC: u16 = 1 << 1;
    /// A whole organisation name.
    pub const ORG: u16 = 1 << 2;
    /// A word that occurs inside a multi-word person name.
    pub const PER_WORD: u16 = 1 << 3;
    /// A word inside a multi-word place name.
    #[cfg(any(test, feature = "train"))]
    pub const LOC_WORD: u16 = 1 << 4;
    /// A word inside a multi-word organisation name.
    #[cfg(any(test, feature = "train"))]
    pub const ORG_WORD: u16 = 1 << 5;
    /// A first name.
    pub const FIRST: u16 = 1 << 6;
    /// A family name.
    pub const LAST: u16 = 1 << 7;
    /// A country name.
    pub const COUNTRY: u16 = 1 << 8;
    /// The first word of a multi-word name in a list: where phrase matching starts.
    pub const PHRASE_HEAD: u16 = 1 << 9;
    /// A word that begins a name in the training data. Used to decide clitic trimming only:
    /// as a feature it would echo the training labels back.
    pub const SEEN_NAME: u16 = 1 << 15;
    /// The flags that are features.
    pub const FEATURES: u16 = 0x01ff;
    /// The flags that say the form is a name (as opposed to a word inside one).
    pub const NAME: u16 = PER | LOC | ORG | FIRST | LAST | COUNTRY | SEEN_NAME;
}

use crate::base::table::KeyTable;

/// Normalized words and phrases with their flags.
#[derive(Debug, Clone, Default)]
pub struct NameLists<'a> {
    entries: KeyTable<'a, u16>,
}

/// Flags are added to those a phrase has already.
#[cfg(any(test, feature = "train"))]
fn add_flags(flags: &mut u16, more: u16) {
    *flags |= more;
}

/// The entries of a name (raw text, normalized here): the whole name gets `whole`, and when it
/// has several words each word gets `word` and the first [`flag::PHRASE_HEAD`].
#[cfg(any(test, feature = "train"))]
fn name_entries(raw: &str, whole: u16, word: u16) -> Vec<(u32, u16)> {
    let normalized = crate::text::normalize_word(raw);
    let words: Vec<&str> = normalized.split_whitespace().collect();
    if words.is_empty() || words.len() > MAX_PHRASE_WORDS {
        return Vec::new();
    }
    let key = |phrase: &str| key_of_hash(hash_phrase(phrase));
    let mut entries = vec![(key(&words.join(" ")), whole)];
    if words.len() > 1 {
        entries.extend(words.iter().map(|w| (key(w), word)));
        entries.push((key(words[0]), flag::PHRASE_HEAD));
    }
    entries
}

impl NameLists<'_> {
    /// Number of distinct words and phrases.
    #[cfg(feature = "train")]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    #[cfg(feature = "train")]
    pub fn is_empty(&self) -> bool {
        self.entries.len() == 0
    }
}

impl NameLists<'static> {
    /// Adds flags to normalized phrases (words separated by one space), all at once.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn add_all<'p>(&mut self, phrases: impl IntoIterator<Item = (&'p str, u16)>) {
        let entries = phrases.into_iter().map(|(phrase, flags)| (key_of_hash(hash_phrase(phrase)), flags));
        self.entries.extend_combined(entries, add_flags);
    }

    /// Adds flags to one normalized phrase.
    #[cfg(test)]
    pub(crate) fn add(&mut self, phrase: &str, flags: u16) {
        self.add_all([(phrase, flags)]);
    }

    /// Adds a name (raw text, normalized here): the whole name gets `whole`, and when it has
    /// several words each word gets `word`.
    #[cfg(test)]
    pub(crate) fn add_name(&mut self, raw: &str, whole: u16, word: u16) {
        self.entries.extend_combined(name_entries(raw, whole, word), add_flags);
    }
}

impl NameLists<'_> {
    /// Flags of a phrase by the running hash of its normalized text.
    #[inline]
    pub(crate) fn get_hash(&self, hash: u64) -> u16 {
        self.entries.get(key_of_hash(hash)).unwrap_or(0)
    }

    /// Flags of a normalized word or phrase.
    pub(crate) fn get(&self, phrase: &str) -> u16 {
        self.get_hash(hash_phrase(phrase))
    }

    /// Flags of a clitic host (`لصين` from `للصين` is looked up as `الصين`).
    pub(crate) fn get_host(&self, host: &str, elided_article: bool) -> u16 {
        if elided_article {
            self.get_hash(hash_concat("ا", host))
        } else {
            self.get(host)
        }
    }

    /// Flags of a normalized word, trying it whole, then without its proclitics.
    pub(crate) fn lookup_word(&self, word: &str) -> u16 {
        let whole = self.get(word);
        if whole & (flag::FEATURES | flag::PHRASE_HEAD) != 0 {
            return whole;
        }
        let c = clitic::analyze(word);
        let mut flags = 0;
        if c.conj_len > 0 {
            flags |= self.get(&word[c.conj_len..]);
        }
        if c.prep_len > 0 {
            flags |= self.get_host(c.host, c.article == Article::Elided);
        }
        if c.article != Article::None {
            flags |= self.get(c.bare) & (flag::LOC | flag::COUNTRY | flag::ORG);
        }
        flags | whole
    }

    /// Starts loading the entry of a hash that will be looked up soon (see `KeyTable::touch`).
    #[inline]
    pub(crate) fn touch(&self, hash: u64) {
        self.entries.touch(key_of_hash(hash));
    }

    /// [`lookup_word`](Self::lookup_word) for a caller that has read the word's clitics and
    /// hashed its forms already: the word, the word after its conjunction, the host as
    /// [`get_host`](Self::get_host) hashes it, and the bare form.
    pub(crate) fn lookup_analyzed(&self, word: &str, c: &Clitics<'_>, hashes: [u64; 4]) -> u16 {
        let [word_hash, after_conj, host, bare] = hashes;
        if word.contains(' ') {
            // A phrase hashes word by word; tokens never hold a space, but stay exact if one does.
            return self.lookup_word(word);
        }
        let whole = self.get_hash(word_hash);
        if whole & (flag::FEATURES | flag::PHRASE_HEAD) != 0 {
            return whole;
        }
        let mut flags = 0;
        if c.conj_len > 0 {
            flags |= self.get_hash(after_conj);
        }
        if c.prep_len > 0 {
            flags |= self.get_hash(host);
        }
        if c.article != Article::None {
            flags |= self.get_hash(bare) & (flag::LOC | flag::COUNTRY | flag::ORG);
        }
        flags | whole
    }

    /// How many bytes of proclitics to trim off the front of a normalized word that begins a
    /// name: the shortest strip whose rest is a known name, unless the word itself is one.
    pub(crate) fn proclitic_trim(&self, word: &str) -> usize {
        if self.get(word) & flag::NAME != 0 {
            return 0;
        }
        self.listed_strip(word, flag::NAME).unwrap_or(0)
    }

    /// Bytes of the shortest proclitic strip of `word` whose rest carries one of `mask`'s flags.
    /// A rest of two letters or fewer counts only with a flag from the name lists: that it once
    /// began a name in the training data (`ان`, tagged in ANERcorp) is not enough to read `بان`
    /// (of بان كي مون) as ب + `ان`.
    pub(crate) fn listed_strip(&self, word: &str, mask: u16) -> Option<usize> {
        let c = clitic::analyze(word);
        let elided = c.article == Article::Elided;
        c.strips(word)
            .find(|&(stripped, host)| {
                let after_prep = c.prep_len > 0 && stripped == c.conj_len + c.prep_len;
                let flags = self.get_host(host, elided && after_prep) & mask;
                flags & !flag::SEEN_NAME != 0 || (flags != 0 && host.chars().nth(2).is_some())
            })
            .map(|(stripped, _)| stripped)
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.entries.encode(out);
    }
}

impl<'a> NameLists<'a> {
    pub(crate) fn decode(reader: &mut crate::base::codec::Reader<'a>) -> crate::error::Result<NameLists<'a>> {
        Ok(NameLists { entries: KeyTable::decode(reader, "name list", |_| true)? })
    }

    /// Whether the lists are read where they lie in a model file.
    #[cfg(test)]
    pub(crate) fn is_in_place(&self) -> bool {
        self.entries.is_in_place()
    }

    /// The same lists owning their storage.
    pub(crate) fn into_owned(self) -> NameLists<'static> {
        NameLists { entries: self.entries.into_owned() }
    }
}

/// Longest phrase matched, in words.
pub(crate) const MAX_PHRASE_WORDS: usize = 4;

#[cfg(feature = "train")]
mod build {
    use super::*;
    use crate::error::{Error, Result};
    use std::path::Path;

    fn read(path: &Path) -> Result<String> {
        std::fs::read_to_string(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))
    }

    impl NameLists<'static> {
        /// Builds the lists from the shared gazetteer folder (`shared/data/gazetteers`).
        pub fn from_dir(dir: &Path) -> Result<NameLists<'static>> {
            let mut entries = Vec::new();
            let anergazet = dir.join("anergazet");
            for (file, whole, word) in [
                ("AlignedLocGazetteer.txt", flag::LOC, flag::LOC_WORD),
                ("AlignedOrgGazetteer.txt", flag::ORG, flag::ORG_WORD),
                ("AlignedPersGazetteer.txt", flag::PER, flag::PER_WORD),
            ] {
                for line in read(&anergazet.join(file))?.lines() {
                    let line = line.trim();
                    if !line.is_empty() && !line.starts_with("====") && !line.starts_with("****") {
                        entries.extend(name_entries(line, whole, word));
                    }
                }
            }
            for line in read(&dir.join("anetac/EN-AR_Named-entities.txt"))?.lines() {
                let Some((class, rest)) = line.split_once(' ') else { continue };
                let (whole, word) = match class {
                    "PERSON" => (flag::PER, flag::PER_WORD),
                    "LOCATION" => (flag::LOC, flag::LOC_WORD),
                    "ORGANIZATION" => (flag::ORG, flag::ORG_WORD),
                    _ => continue,
                };
                // The English gloss comes first; the Arabic name starts at the first Arabic letter.
                if let Some(at) = rest.find(|c: char| ('\u{0600}'..='\u{06FF}').contains(&c)) {
                    entries.extend(name_entries(&rest[at..], whole, word));
                }
            }
            let names = dir.join("arabic-names");
            for (file, f) in [
                ("male-first-names-in-arabic.txt", flag::FIRST),
                ("female-first-names-in-arabic.txt", flag::FIRST),
                ("last-names-in-arabic.txt", flag::LAST),
            ] {
                for line in read(&names.join(file))?.lines() {
                    entries.extend(name_entries(line.trim(), f | flag::PER, flag::PER_WORD));
                }
            }
            for line in read(&dir.join("iso-codes/countries.tsv"))?.lines().skip(1) {
                let fields: Vec<&str> = line.split('\t').collect();
                for name in fields.iter().skip(2).filter(|n| !n.is_empty()) {
                    entries.extend(name_entries(name, flag::LOC | flag::COUNTRY, flag::LOC_WORD));
                    // News writes countries with the article too: الصين, and without: روسيا.
                    let normalized = crate::text::normalize_word(name);
                    if !normalized.contains(' ') && !normalized.starts_with("ال") {
                        entries.push((key_of_hash(hash_phrase(&format!("ال{normalized}"))), flag::LOC | flag::COUNTRY));
                    }
                }
            }
            Ok(NameLists { entries: KeyTable::from_combined(entries, add_flags) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_with_clitics_and_decides_trimming() {
        let mut lists = NameLists::default();
        lists.add_name("الصين", flag::LOC | flag::COUNTRY, flag::LOC_WORD);
        lists.add_name("روسيا", flag::LOC, flag::LOC_WORD);
        lists.add_name("لبنان", flag::LOC, flag::LOC_WORD);
        lists.add_name("سيرجي شويجو", flag::PER, flag::PER_WORD);
        assert_eq!(lists.lookup_word("للصين") & flag::LOC, flag::LOC);
        assert_eq!(lists.lookup_word("وبالصين") & flag::LOC, flag::LOC);
        assert_eq!(lists.lookup_word("وشويجو"), flag::PER_WORD);
        assert_eq!(lists.get("سيرجي شويجو"), flag::PER);
        assert_eq!(lists.proclitic_trim("وروسيا"), "و".len());
        assert_eq!(lists.proclitic_trim("للصين"), "ل".len());
        assert_eq!(lists.proclitic_trim("بالصين"), "ب".len());
        assert_eq!(lists.proclitic_trim("وبالصين"), "وب".len());
        assert_eq!(lists.proclitic_trim("لبنان"), 0);
        assert_eq!(lists.proclitic_trim("ولبنان"), "و".len());
        assert_eq!(lists.proclitic_trim("وزارة"), 0);
    }
}
