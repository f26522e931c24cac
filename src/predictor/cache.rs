//! The per-text word cache: a word met earlier in the same text brings its facts and summed
//! weights from here instead of being analyzed and looked up again.

use super::{add, Predictor};
use crate::base::hash::key_of_hash;
use crate::base::table::prefetch_all_of;
use crate::features::{
    facts_with_cluster, form_hashes, neighbour_word_keys, word_keys, Features, TokenFacts, AFTER, BEFORE, NEIGHBOURS, OWN,
};
use crate::model::tags::NUM_TAGS;
use crate::text::clitic::{self, Article, Clitics};

/// Most cached words kept for one text (about 13 MB).
const MAX_ENTRIES: usize = 1 << 16;

/// Bits of a word's hash that index the per-word cache.
const CACHE_BITS: u32 = 15;

/// A word seen earlier in the same text: its facts and the summed weights of the features it
/// brings to itself and to its neighbours. News repeats its words; most tokens find theirs here.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Cached {
    pub(super) facts: TokenFacts,
    pub(super) sum: [i32; NUM_TAGS],
    /// What the word adds to a token whose neighbour it is: `as_neighbour[k]` when it stands at
    /// `NEIGHBOURS[k]` from that token.
    pub(super) as_neighbour: [[i32; NUM_TAGS]; NEIGHBOURS.len()],
}

/// A word of the sentence being tagged whose entry is being filled.
#[derive(Debug, Clone, Copy)]
pub(super) struct NewWord {
    entry: u32,
    /// Its first token in the sentence.
    token: u32,
    /// Its forms' hashes (see [`form_hashes`]).
    forms: [u64; 4],
    clitics: CliticSpans,
    /// Index of its cluster path in [`SmallSums::clusters`].
    cluster: Option<u8>,
    /// Where its keys start in `Scratch::keys`, then where its own keys and the keys it
    /// gives each of [`NEIGHBOURS`] end.
    ends: [u32; NEIGHBOURS.len() + 2],
}

/// A word's [`Clitics`] as offsets into it, to keep between passes without borrowing it.
#[derive(Debug, Clone, Copy)]
struct CliticSpans {
    conj_len: u32,
    prep_len: u32,
    /// Where the bare form starts.
    bare_start: u32,
    article: Article,
}

impl CliticSpans {
    fn of(word: &str, c: &Clitics<'_>) -> CliticSpans {
        CliticSpans {
            conj_len: c.conj_len as u32,
            prep_len: c.prep_len as u32,
            bare_start: (word.len() - c.bare.len()) as u32,
            article: c.article,
        }
    }

    /// The clitics of `word`, which must be the word these were taken from.
    fn of_word<'w>(&self, word: &'w str) -> Clitics<'w> {
        let (conj_len, prep_len) = (self.conj_len as usize, self.prep_len as usize);
        match (word.get(conj_len + prep_len..), word.get(self.bare_start as usize..)) {
            (Some(host), Some(bare)) => Clitics { conj_len, prep_len, host, bare, article: self.article },
            _ => clitic::analyze(word),
        }
    }
}

/// Buffers reused from sentence to sentence.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub(crate) features: Features,
    /// A direct-mapped index from a word's hash to its entry, if any, of the current text:
    /// an entry holds its word's hash, so a slot left from an earlier text or overwritten by
    /// another word points to an entry of another word (or past the last one) and is a miss.
    /// Four bytes a slot, so that the index stays in cache.
    pub(super) slots: Vec<u32>,
    /// The words of the current text, in order of first appearance.
    pub(super) entries: Vec<Cached>,
    /// The hash of each entry's word, apart from the entries: telling whether a token's word
    /// is cached then reads 8 bytes of a small array instead of a line of a large one.
    pub(super) entry_words: Vec<u64>,
    /// Entry of each token of the current sentence.
    pub(super) token_entries: Vec<u32>,
    /// The words of the current sentence met for the first time in the text.
    pub(super) new_words: Vec<NewWord>,
    pub(super) keys: Vec<u32>,
    /// Where each token's keys end in `keys`, when it holds a sentence's context keys.
    pub(super) key_ends: Vec<u32>,
    pub(super) emissions: Vec<[i32; NUM_TAGS]>,
    pub(super) back: Vec<[u8; NUM_TAGS]>,
    pub(super) alpha: Vec<[f32; NUM_TAGS]>,
    pub(super) beta: Vec<[f32; NUM_TAGS]>,
}

impl Scratch {
    /// Starts a new text: entries cached for earlier texts no longer count, without the cost
    /// of clearing the cache. (Each text is analyzed from a cold cache, so that speed does not
    /// depend on what was analyzed before.)
    pub(crate) fn begin_text(&mut self) {
        self.entries.clear();
        self.entry_words.clear();
    }
}

impl Predictor {
    /// Facts and weights of each word (through the cache), then context features.
    ///
    /// The words met for the first time are worked out in three passes over the sentence, so
    /// that the table lookups of all of them wait for memory together: the first pass starts
    /// their name-list and cluster lookups, the second reads those and starts the weight
    /// lookups, the third sums the weights.
    pub(super) fn extract(&self, words: &[&str], scratch: &mut Scratch) {
        let Scratch { features, slots, entries, entry_words, token_entries, keys, new_words, .. } = scratch;
        if slots.is_empty() {
            slots.resize(1 << CACHE_BITS, 0);
        }
        token_entries.clear();
        new_words.clear();
        // Entries accumulate with every miss; between sentences, start afresh once they are
        // many, so that a huge text does not grow them without bound.
        if entries.len() > MAX_ENTRIES {
            entries.clear();
            entry_words.clear();
        }
        for (i, word) in words.iter().enumerate() {
            let hash = crate::base::hash::hash_str(word);
            let at = (crate::base::hash::finish(hash) >> (64 - CACHE_BITS)) as usize;
            let mut entry = slots.get(at).copied().unwrap_or(u32::MAX);
            if entry_words.get(entry as usize) != Some(&hash) {
                let clitics = clitic::analyze(word);
                let forms = form_hashes(word, hash, &clitics);
                for form in forms {
                    self.names.touch(form);
                }
                self.clusters.touch(key_of_hash(forms[3]));
                entry = entries.len() as u32;
                if let Some(slot) = slots.get_mut(at) {
                    *slot = entry;
                }
                new_words.push(NewWord {
                    entry,
                    token: i as u32,
                    forms,
                    clitics: CliticSpans::of(word, &clitics),
                    cluster: None,
                    ends: [0; NEIGHBOURS.len() + 2],
                });
                // The hash is there at once, for a later token of the sentence to find.
                let mut cached = Cached::default();
                cached.facts.word = hash;
                entries.push(cached);
                entry_words.push(hash);
            } else if let Some(cached) = entries.get(entry as usize) {
                // Its facts are read for the context features, its sums for the scores.
                prefetch_all_of(cached);
            }
            token_entries.push(entry);
        }
        keys.clear();
        for new in new_words.iter_mut() {
            let word = words.get(new.token as usize).copied().unwrap_or_default();
            let clitics = new.clitics.of_word(word);
            new.cluster = self.clusters.index_of(key_of_hash(new.forms[3]));
            let path = new.cluster.and_then(|c| self.small.clusters.get(c as usize)).map(|c| c.path);
            let facts = facts_with_cluster(word, &clitics, new.forms, &self.names, path);
            // Only the keys of features particular to the word: the others' weights are in
            // `self.small`.
            new.ends[0] = keys.len() as u32;
            word_keys(clitics.bare, &facts, keys);
            self.table.retain_present(keys, new.ends[0] as usize);
            new.ends[1] = keys.len() as u32;
            for (k, &offset) in NEIGHBOURS.iter().enumerate() {
                let start = keys.len();
                neighbour_word_keys(&facts, offset, keys);
                self.table.retain_present(keys, start);
                new.ends[k + 2] = keys.len() as u32;
            }
            self.table.touch_all(&keys[new.ends[0] as usize..]);
            if let Some(cached) = entries.get_mut(new.entry as usize) {
                cached.facts = facts;
            }
        }
        for new in new_words.iter() {
            let Some(facts) = entries.get(new.entry as usize).map(|c| c.facts) else { continue };
            let cluster = new.cluster.and_then(|c| self.small.clusters.get(c as usize));
            let segment = |k: usize| &keys[new.ends[k] as usize..new.ends[k + 1] as usize];
            let mut sum = self.fixed_sum(facts.clitic, facts.length);
            self.add_names(OWN, facts.names, &mut sum);
            if let Some(cluster) = cluster {
                add(&mut sum, &cluster.sums[OWN as usize]);
            }
            self.add_rows(segment(0), &mut sum);
            let mut as_neighbour = [[0i32; NUM_TAGS]; NEIGHBOURS.len()];
            for (k, sum) in as_neighbour.iter_mut().enumerate() {
                self.add_rows(segment(k + 1), sum);
                // The nearest neighbours' name-list flags and clusters are features too.
                let side = match NEIGHBOURS[k] {
                    -1 => BEFORE,
                    1 => AFTER,
                    _ => continue,
                };
                self.add_names(side, facts.names, sum);
                if let Some(cluster) = cluster {
                    add(sum, &cluster.sums[side as usize]);
                }
            }
            if let Some(cached) = entries.get_mut(new.entry as usize) {
                cached.sum = sum;
                cached.as_neighbour = as_neighbour;
            }
        }
        features.extract_with(words, &self.names, |i, _| {
            token_entries.get(i).and_then(|&e| entries.get(e as usize)).map(|c| c.facts).unwrap_or_default()
        });
    }
}
