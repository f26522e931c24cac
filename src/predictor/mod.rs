//! The compiled model: hash-table lookups of feature weights, Viterbi decoding under BIO
//! constraints, and forward-backward marginals for confidence scores.

use crate::model::clusters::Clusters;
use crate::features::{
    cluster_keys_of, facts_with_cluster, fixed_keys, form_hashes, names_key, neighbour_keys, neighbour_word_keys, word_keys, Features,
    TokenFacts, AFTER, BEFORE, CLITIC_VALUES, MAX_LENGTH, NEIGHBOURS, OWN,
};
use crate::base::hash::key_of_hash;
use crate::model::names::{flag, NameLists};
use crate::base::table::{prefetch, prefetch_all_of, KeyFilter, KeyTable};
use crate::text::clitic::{self, Article, Clitics};
use crate::model::{Model, Row};
use crate::model::tags::{allowed, Tag, NUM_TAGS};

/// Score of a transition that BIO forbids (`O` → `I-X`).
const FORBIDDEN: i32 = i32::MIN / 4;

/// Open-addressing table (linear probing) from feature key to weights. A slot holds a key and
/// its weights together (16 bytes, four to a cache line), so that a lookup, found or not,
/// waits for one cache line. Key 0 marks an empty slot; a feature whose key is 0 is stored as
/// 1 (see [`table_key`]).
#[derive(Debug, Default)]
struct WeightTable {
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
    fn new(weights: Vec<(u32, Row)>) -> WeightTable {
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
    fn retain_present(&self, keys: &mut Vec<u32>, from: usize) {
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
    fn touch(&self, keys: &[u32]) {
        for &key in keys {
            if let Some(slot) = self.slots.get(table_key(key) as usize & self.mask) {
                prefetch(&slot.key);
            }
        }
    }

    /// False when `key` is certainly absent.
    #[inline]
    fn may_hold(&self, key: u32) -> bool {
        self.filter.may_hold(table_key(key))
    }

    #[inline]
    fn get(&self, key: u32) -> Option<&Row> {
        if !self.may_hold(key) {
            return None;
        }
        self.probe(key)
    }

    /// [`get`](Self::get) without asking the filter first, for keys that passed it already.
    #[inline]
    fn probe(&self, key: u32) -> Option<&Row> {
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

/// Bits of [`WeightTable::filter`] per key, rounded up to a power of two.
const FILTER_BITS_PER_KEY: usize = 8;

/// A model compiled for fast prediction.
#[derive(Debug)]
pub struct Predictor {
    table: WeightTable,
    transitions: [[i32; NUM_TAGS]; NUM_TAGS + 1],
    /// `exp(transition / temperature)`, 0 where BIO forbids the transition.
    transition_potentials: [[f32; NUM_TAGS]; NUM_TAGS + 1],
    /// `transition_potentials_by_next[next][prev]` is `transition_potentials[prev][next]`.
    transition_potentials_by_next: [[f32; NUM_TAGS]; NUM_TAGS],
    /// `exp_below[d]` is the potential of a tag `d` weight units below the best one (see
    /// [`emission_potential`]), for the small `d` that nearly all tags have.
    exp_below: Vec<f32>,
    /// What a token gets from a neighbour beyond the sentence, for each of [`NEIGHBOURS`].
    boundary: [[i32; NUM_TAGS]; NEIGHBOURS.len()],
    temperature: f32,
    pub(crate) names: NameLists,
    pub(crate) clusters: Clusters,
    /// The key of a word (its bare form) → the index of its cluster path in `small.clusters`.
    cluster_index: KeyTable<u32>,
    small: SmallSums,
    card: String,
}

/// Summed weights of the features whose values range over small sets (see [`fixed_keys`]),
/// worked out once per model: a word met for the first time then adds a few rows from here
/// instead of hashing and looking up a dozen keys (a third of its lookups).
#[derive(Debug, Default)]
struct SmallSums {
    /// The bias, clitic and length features: `fixed[clitic * (MAX_LENGTH + 1) + length]`.
    fixed: Vec<[i32; NUM_TAGS]>,
    /// `names[side][bit]`: name-list flag `bit` of the word at `side` ([`BEFORE`], [`OWN`] or
    /// [`AFTER`] the token).
    names: [[[i32; NUM_TAGS]; 16]; 3],
    /// Per cluster path, in the order of [`Clusters::path_indices`].
    clusters: Vec<ClusterSums>,
}

/// A cluster path and the summed weights of its features for each side.
#[derive(Debug, Clone, Copy)]
struct ClusterSums {
    path: (u32, u8),
    sums: [[i32; NUM_TAGS]; 3],
}

/// Most cached words kept for one text (about 13 MB).
const MAX_ENTRIES: usize = 1 << 16;

/// Bits of a word's hash that index the per-word cache.
const CACHE_BITS: u32 = 15;

/// A word seen earlier in the same text: its facts and the summed weights of the features it
/// brings to itself and to its neighbours. News repeats its words; most tokens find theirs here.
#[derive(Debug, Clone, Copy, Default)]
struct Cached {
    facts: TokenFacts,
    sum: [i32; NUM_TAGS],
    /// What the word adds to a token whose neighbour it is: `as_neighbour[k]` when it stands at
    /// `NEIGHBOURS[k]` from that token.
    as_neighbour: [[i32; NUM_TAGS]; NEIGHBOURS.len()],
}

/// A word of the sentence being tagged whose entry is being filled.
#[derive(Debug, Clone, Copy)]
struct NewWord {
    entry: u32,
    /// Its first token in the sentence.
    token: u32,
    /// Its forms' hashes (see [`form_hashes`]).
    forms: [u64; 4],
    clitics: CliticSpans,
    /// Index of its cluster path in [`SmallSums::clusters`].
    cluster: Option<u32>,
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
    slots: Vec<u32>,
    /// The words of the current text, in order of first appearance.
    entries: Vec<Cached>,
    /// The hash of each entry's word, apart from the entries: telling whether a token's word
    /// is cached then reads 8 bytes of a small array instead of a line of a large one.
    entry_words: Vec<u64>,
    /// Entry of each token of the current sentence.
    token_entries: Vec<u32>,
    /// The words of the current sentence met for the first time in the text.
    new_words: Vec<NewWord>,
    keys: Vec<u32>,
    /// Where each token's keys end in `keys`, when it holds a sentence's context keys.
    key_ends: Vec<u32>,
    emissions: Vec<[i32; NUM_TAGS]>,
    back: Vec<[u8; NUM_TAGS]>,
    alpha: Vec<[f32; NUM_TAGS]>,
    beta: Vec<[f32; NUM_TAGS]>,
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
    /// Compiles a model.
    pub fn new(model: Model) -> Predictor {
        let table = WeightTable::new(model.weights);
        let mut transitions = model.transitions;
        mask_transitions(&mut transitions);
        let temperature = model.temperature;
        let transition_potentials: [[f32; NUM_TAGS]; NUM_TAGS + 1] = std::array::from_fn(|p| {
            let prev = (p < NUM_TAGS).then_some(p as Tag);
            std::array::from_fn(|t| {
                if allowed(prev, t as Tag) { (transitions[p][t] as f32 / temperature).clamp(-60.0, 60.0).exp() } else { 0.0 }
            })
        });
        // Past 80 temperatures below the best, every potential is the same: no need to go further.
        let table_len = ((80.0 * temperature) as usize).saturating_add(2).min(MAX_EXP_TABLE);
        let exp_below = (0..table_len as i32).map(|d| emission_potential(-d, 1.0 / temperature)).collect();
        let (paths, cluster_index) = model.clusters.path_indices();
        let mut predictor = Predictor {
            table,
            transitions,
            transition_potentials,
            transition_potentials_by_next: std::array::from_fn(|next| std::array::from_fn(|prev| transition_potentials[prev][next])),
            exp_below,
            boundary: [[0; NUM_TAGS]; NEIGHBOURS.len()],
            temperature,
            names: model.names,
            clusters: model.clusters,
            cluster_index,
            small: SmallSums::default(),
            card: model.card,
        };
        let mut keys = Vec::new();
        let sum_of = |keys: &[u32]| {
            let mut sum = [0; NUM_TAGS];
            predictor.sum(keys, &mut sum);
            sum
        };
        let mut boundary = [[0; NUM_TAGS]; NEIGHBOURS.len()];
        for (k, &offset) in NEIGHBOURS.iter().enumerate() {
            keys.clear();
            neighbour_keys(None, offset, &predictor.clusters, &mut keys);
            boundary[k] = sum_of(&keys);
        }
        let mut small = SmallSums::default();
        for clitic in 0..CLITIC_VALUES as u8 {
            for length in 0..=MAX_LENGTH {
                small.fixed.push(sum_of(&fixed_keys(clitic, length)));
            }
        }
        for side in [BEFORE, OWN, AFTER] {
            for bit in 0..16 {
                small.names[side as usize][bit as usize] = sum_of(&[names_key(side, bit)]);
            }
        }
        small.clusters = paths
            .into_iter()
            .map(|path| ClusterSums {
                path,
                sums: [BEFORE, OWN, AFTER].map(|side| {
                    keys.clear();
                    cluster_keys_of(side, path, &predictor.clusters, &mut keys);
                    sum_of(&keys)
                }),
            })
            .collect();
        predictor.boundary = boundary;
        predictor.small = small;
        predictor
    }

    /// Adds the weights of a word's name-list flags as seen from `side` (see [`SmallSums`]).
    #[inline]
    fn add_names(&self, side: u64, names: u16, sum: &mut [i32; NUM_TAGS]) {
        let Some(rows) = self.small.names.get(side as usize) else { return };
        let mut flags = names & flag::FEATURES;
        while flags != 0 {
            if let Some(row) = rows.get(flags.trailing_zeros() as usize) {
                add(sum, row);
            }
            flags &= flags - 1;
        }
    }

    /// The summed weights of the bias, clitic and length features (see [`SmallSums`]).
    #[inline]
    fn fixed_sum(&self, clitic: u8, length: u8) -> [i32; NUM_TAGS] {
        match self.small.fixed.get(clitic as usize * (MAX_LENGTH as usize + 1) + length as usize) {
            Some(&sum) if length <= MAX_LENGTH => sum,
            _ => {
                let mut sum = [0; NUM_TAGS];
                self.sum(&fixed_keys(clitic, length), &mut sum);
                sum
            }
        }
    }

    /// The model card: what the model was trained on and how it scores.
    pub fn card(&self) -> &str {
        &self.card
    }

    /// Tags a sentence of normalized words. Writes one tag per word into `tags` and, when
    /// `confidence` is given, the probability of each chosen tag.
    #[cfg(feature = "train")]
    pub(crate) fn tag(&self, words: &[&str], scratch: &mut Scratch, tags: &mut Vec<Tag>, confidence: Option<&mut Vec<f32>>) {
        self.tag_with(words, scratch, tags, confidence, Confidences::Every);
    }

    /// Like [`tag`](Self::tag), with the probabilities computed only for the tokens that
    /// `which` names; the others get 1.
    pub(crate) fn tag_with(
        &self,
        words: &[&str],
        scratch: &mut Scratch,
        tags: &mut Vec<Tag>,
        confidence: Option<&mut Vec<f32>>,
        which: Confidences,
    ) {
        tags.clear();
        if words.is_empty() {
            if let Some(c) = confidence {
                c.clear();
            }
            return;
        }
        self.extract(words, scratch);
        self.emissions(scratch);
        viterbi(&scratch.emissions, &self.transitions, &mut scratch.back, tags);
        if let Some(confidence) = confidence {
            confidence.clear();
            let is_name = |&t: &Tag| t != crate::model::tags::OUTSIDE;
            match (tags.iter().position(is_name), tags.iter().rposition(is_name)) {
                (Some(first), Some(last)) => {
                    let needed = match which {
                        #[cfg(feature = "train")]
                        Confidences::Every => 0..=tags.len() - 1,
                        Confidences::Names => first..=last,
                    };
                    self.marginals(scratch, tags, needed, confidence);
                }
                _ => confidence.resize(tags.len(), 1.0),
            }
        }
    }

    /// Appends the [`hash_str`](crate::base::hash::hash_str) of each of `words`, the sentence just
    /// tagged with `scratch`: its words' cache entries hold them already, so a later pass
    /// over the text need not hash every word again.
    pub(crate) fn word_hashes(&self, words: &[&str], scratch: &Scratch, out: &mut Vec<u64>) {
        if scratch.token_entries.len() != words.len() {
            // Not the sentence just tagged (an empty one is not tagged at all).
            out.extend(words.iter().map(|w| crate::base::hash::hash_str(w)));
            return;
        }
        out.extend(words.iter().zip(&scratch.token_entries).map(|(w, &e)| {
            scratch.entries.get(e as usize).map_or_else(|| crate::base::hash::hash_str(w), |c| c.facts.word)
        }));
    }

    /// Summed weights of a list of feature keys.
    fn sum(&self, keys: &[u32], sum: &mut [i32; NUM_TAGS]) {
        for key in keys {
            if let Some(row) = self.table.get(*key) {
                for (s, &w) in sum.iter_mut().zip(row) {
                    *s += w as i32;
                }
            }
        }
    }

    /// Adds the weights of a list of feature keys that passed the table's filter to `sum`.
    #[inline]
    fn add_rows(&self, keys: &[u32], sum: &mut [i32; NUM_TAGS]) {
        for key in keys {
            if let Some(row) = self.table.probe(*key) {
                for (s, &w) in sum.iter_mut().zip(row) {
                    *s += w as i32;
                }
            }
        }
    }

    /// Facts and weights of each word (through the cache), then context features.
    ///
    /// The words met for the first time are worked out in three passes over the sentence, so
    /// that the table lookups of all of them wait for memory together: the first pass starts
    /// their name-list and cluster lookups, the second reads those and starts the weight
    /// lookups, the third sums the weights.
    fn extract(&self, words: &[&str], scratch: &mut Scratch) {
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
                self.cluster_index.touch(key_of_hash(forms[3]));
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
            new.cluster = self.cluster_index.get(key_of_hash(new.forms[3]));
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
            self.table.touch(&keys[new.ends[0] as usize..]);
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

    fn emissions(&self, scratch: &mut Scratch) {
        let n = scratch.features.len();
        scratch.emissions.clear();
        // Each token's context keys that may be present, in `scratch.keys` (free again), as
        // `retain_present` keeps them.
        let Scratch { features, keys, key_ends, .. } = &mut *scratch;
        keys.clear();
        keys.extend_from_slice(features.all_keys());
        key_ends.clear();
        let (mut kept, mut read) = (0, 0);
        for i in 0..n {
            let end = read + features.token(i).len();
            while read < end {
                let key = keys[read];
                keys[kept] = key;
                kept += self.table.may_hold(key) as usize;
                read += 1;
            }
            key_ends.push(kept as u32);
        }
        keys.truncate(kept);
        self.table.touch(keys);
        let entry = |i: usize| &scratch.entries[scratch.token_entries[i] as usize];
        for i in 0..n {
            let mut sum = entry(i).sum;
            for (k, &offset) in NEIGHBOURS.iter().enumerate() {
                let j = i as isize + offset;
                let add = if j >= 0 && (j as usize) < n {
                    &entry(j as usize).as_neighbour[k]
                } else {
                    &self.boundary[k]
                };
                for (s, a) in sum.iter_mut().zip(add) {
                    *s += a;
                }
            }
            let start = if i == 0 { 0 } else { scratch.key_ends[i - 1] as usize };
            self.add_rows(&scratch.keys[start..scratch.key_ends[i] as usize], &mut sum);
            scratch.emissions.push(sum);
        }
    }

    /// Forward-backward over the same scores divided by the temperature, in probability
    /// space with per-position normalization: nine exponentials per token, no logarithms.
    ///
    /// Each position's forward and backward vectors are normalized on their own, so stopping
    /// the forward pass after the last needed token and the backward pass at the first one
    /// changes no computed value.
    fn marginals(&self, scratch: &mut Scratch, tags: &[Tag], needed: std::ops::RangeInclusive<usize>, out: &mut Vec<f32>) {
        let n = scratch.emissions.len();
        let (first_needed, last_needed) = (*needed.start(), (*needed.end()).min(n.saturating_sub(1)));
        let inv = 1.0 / self.temperature;
        let Scratch { emissions, alpha, beta, .. } = scratch;
        // Emission potentials, each token's scaled so that its best tag has potential 1.
        beta.clear();
        let exp_below = &self.exp_below;
        beta.extend(emissions.iter().map(|e| {
            let max = e.iter().copied().max().unwrap_or(0);
            std::array::from_fn(|t| {
                let below = e[t] - max;
                match exp_below.get(below.unsigned_abs() as usize) {
                    Some(&p) => p,
                    None => emission_potential(below, inv),
                }
            })
        }));
        let potentials = &*beta;
        let normalize = |v: &mut [f32; NUM_TAGS]| {
            let sum: f32 = v.iter().sum();
            if sum > 0.0 && sum.is_finite() {
                v.iter_mut().for_each(|x| *x /= sum);
            }
        };
        alpha.clear();
        let mut first: [f32; NUM_TAGS] = std::array::from_fn(|t| self.transition_potentials[NUM_TAGS][t] * potentials[0][t]);
        normalize(&mut first);
        alpha.push(first);
        for i in 1..=last_needed {
            let mut next = forward_step(&alpha[i - 1], &self.transition_potentials, &potentials[i]);
            normalize(&mut next);
            alpha.push(next);
        }
        // Backward pass, reusing nothing from `alpha`; kept in `backward`, a stack-sized window.
        let mut backward = [1.0f32; NUM_TAGS];
        out.clear();
        out.resize(n, 1.0);
        for i in (first_needed..n).rev() {
            if let (Some(alpha), Some(&t)) = (alpha.get(i), tags.get(i)) {
                let joint: [f32; NUM_TAGS] = std::array::from_fn(|k| alpha[k] * backward[k]);
                let total: f32 = joint.iter().sum();
                let t = t as usize;
                out[i] = if total > 0.0 && total.is_finite() { (joint[t] / total).clamp(0.0, 1.0) } else { 0.0 };
            }
            if i > first_needed {
                let mut next = backward_step(&self.transition_potentials_by_next, &potentials[i], &backward);
                normalize(&mut next);
                backward = next;
            }
        }
    }
}

/// One step of the forward pass of [`Predictor::marginals`]: for each tag `t`, the sum over
/// previous tags `p` (in increasing order, from -0.0 as `Iterator::sum` starts) of
/// `prev[p] * transitions[p][t]`, times `potentials[t]`. Summed for all tags at once, a row of
/// `transitions` at a time, which vectorizes; each sum adds the same terms in the same order as
/// one tag at a time would, so every result is bit for bit the same.
#[inline]
fn forward_step(prev: &[f32; NUM_TAGS], transitions: &[[f32; NUM_TAGS]; NUM_TAGS + 1], potentials: &[f32; NUM_TAGS]) -> [f32; NUM_TAGS] {
    let mut reach = [-0.0f32; NUM_TAGS];
    for (&from, row) in prev.iter().zip(transitions) {
        for (r, &w) in reach.iter_mut().zip(row) {
            *r += from * w;
        }
    }
    std::array::from_fn(|t| reach[t] * potentials[t])
}

/// One step of the backward pass of [`Predictor::marginals`]: for each previous tag `p`, the
/// sum over tags `k` (in increasing order, from -0.0) of
/// `transitions[p][k] * potentials[k] * backward[k]`, with `by_next[k][p]` holding
/// `transitions[p][k]`. All `p` at once, as in [`forward_step`].
#[inline]
fn backward_step(by_next: &[[f32; NUM_TAGS]; NUM_TAGS], potentials: &[f32; NUM_TAGS], backward: &[f32; NUM_TAGS]) -> [f32; NUM_TAGS] {
    let mut next = [-0.0f32; NUM_TAGS];
    for ((column, &potential), &later) in by_next.iter().zip(potentials).zip(backward) {
        for (n, &w) in next.iter_mut().zip(column) {
            *n += w * potential * later;
        }
    }
    next
}

/// Adds one tag-score vector to another.
#[inline]
fn add(sum: &mut [i32; NUM_TAGS], row: &[i32; NUM_TAGS]) {
    for (s, &r) in sum.iter_mut().zip(row) {
        *s += r;
    }
}

/// Which tokens of a sentence need the probability of their tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confidences {
    /// Every token.
    #[cfg(feature = "train")]
    Every,
    /// The tokens of names (tags other than `O`); tokens tagged `O` before the first name or
    /// after the last one get 1.
    Names,
}

/// Longest table of emission potentials kept (16 KiB).
const MAX_EXP_TABLE: usize = 4096;

/// The potential of a tag whose score is `below` (at most 0) relative to the best tag's, at
/// inverse temperature `inv`. Tables of it hold exactly what this computes.
#[inline]
fn emission_potential(below: i32, inv: f32) -> f32 {
    (below as f32 * inv).max(-80.0).exp()
}

/// Sets the transitions that BIO forbids (`O` → `I-X`, `B-X` → `I-Y`) to [`FORBIDDEN`].
pub(crate) fn mask_transitions(transitions: &mut [[i32; NUM_TAGS]; NUM_TAGS + 1]) {
    for (prev, row) in transitions.iter_mut().enumerate() {
        let prev = (prev < NUM_TAGS).then_some(prev as Tag);
        for (next, w) in row.iter_mut().enumerate() {
            if !allowed(prev, next as Tag) {
                *w = FORBIDDEN;
            }
        }
    }
}

/// Largest magnitude of an emission score or a transition (other than [`FORBIDDEN`]) for which
/// [`viterbi`] computes in 32 bits. Scores are kept relative to each position's best, so they
/// stay within a few times this (or [`FORBIDDEN`] plus that): twice [`FORBIDDEN`] and more
/// still fit an `i32`.
const NARROW_LIMIT: u32 = 1 << 24;

/// Best tag sequence under the scores; `back` is scratch space.
pub(crate) fn viterbi(
    emissions: &[[i32; NUM_TAGS]],
    transitions: &[[i32; NUM_TAGS]; NUM_TAGS + 1],
    back: &mut Vec<[u8; NUM_TAGS]>,
    tags: &mut Vec<Tag>,
) {
    let n = emissions.len();
    tags.clear();
    if n == 0 {
        return;
    }
    back.clear();
    back.resize(n, [0; NUM_TAGS]);
    // Twice as many scores to a vector register in 32 bits as in 64; the same choices either
    // way, as no sum overflows. Weights from training or a hand-made model may be larger.
    let small = |w: i32| w.unsigned_abs() <= NARROW_LIMIT;
    let narrow = transitions.iter().flatten().all(|&w| w == FORBIDDEN || small(w)) && emissions.iter().flatten().all(|&e| small(e));
    let mut last = if narrow { forward::<i32>(emissions, transitions, back) } else { forward::<i64>(emissions, transitions, back) };
    tags.resize(n, 0);
    for i in (0..n).rev() {
        tags[i] = last;
        last = back[i][last as usize];
    }
}

/// The forward pass of [`viterbi`] with scores of type `S`: fills `back` and gives the best
/// last tag.
///
/// Each position's scores are taken relative to their maximum. That subtracts the same amount
/// from every previous tag's score, so each comparison, hence each choice, is the one the
/// absolute scores would make, while the scores stay small.
#[inline]
fn forward<S>(emissions: &[[i32; NUM_TAGS]], transitions: &[[i32; NUM_TAGS]; NUM_TAGS + 1], back: &mut [[u8; NUM_TAGS]]) -> u8
where
    S: Copy + Ord + From<i32> + std::ops::Add<Output = S> + std::ops::Sub<Output = S>,
{
    let transitions: [[S; NUM_TAGS]; NUM_TAGS + 1] = std::array::from_fn(|p| std::array::from_fn(|t| S::from(transitions[p][t])));
    let Some(first) = emissions.first() else { return 0 };
    let mut score: [S; NUM_TAGS] = std::array::from_fn(|t| transitions[NUM_TAGS][t] + S::from(first[t]));
    for (emission, back) in emissions.iter().zip(back.iter_mut()).skip(1) {
        let max = score.iter().copied().max().unwrap_or(S::from(0));
        score = score.map(|s| s - max);
        // For every tag at once, the best previous tag, the first one on a tie: previous tags
        // in increasing order, each replacing the best only when strictly better. Selects
        // rather than branches, whose outcome no predictor could guess.
        let mut best: [S; NUM_TAGS] = std::array::from_fn(|t| score[0] + transitions[0][t]);
        *back = [0; NUM_TAGS];
        for (p, row) in transitions[..NUM_TAGS].iter().enumerate().skip(1) {
            for t in 0..NUM_TAGS {
                let s = score[p] + row[t];
                let better = s > best[t];
                best[t] = if better { s } else { best[t] };
                back[t] = if better { p as u8 } else { back[t] };
            }
        }
        score = std::array::from_fn(|t| best[t] + S::from(emission[t]));
    }
    (0..NUM_TAGS).max_by_key(|&t| (score[t], std::cmp::Reverse(t))).unwrap_or(0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_respects_bio() {
        // Token 1 strongly prefers I-PER (2) but follows O: must not come out as I-PER after O.
        let mut transitions = [[0; NUM_TAGS]; NUM_TAGS + 1];
        mask_transitions(&mut transitions);
        let mut e = [[0; NUM_TAGS]; 2];
        e[0][0] = 60;
        e[1][2] = 100;
        e[1][1] = 50;
        let mut tags = Vec::new();
        viterbi(&e, &transitions, &mut Vec::new(), &mut tags);
        assert_eq!(tags, vec![0, 1]);
        e[0][1] = 11;
        viterbi(&e, &transitions, &mut Vec::new(), &mut tags);
        assert_eq!(tags, vec![1, 2]);
    }

    /// Viterbi as it was before scores were taken relative to each position's best: absolute
    /// 64-bit sums, which no weight of a model can overflow.
    fn reference_viterbi(emissions: &[[i32; NUM_TAGS]], transitions: &[[i32; NUM_TAGS]; NUM_TAGS + 1]) -> Vec<Tag> {
        let n = emissions.len();
        let mut back = vec![[0u8; NUM_TAGS]; n];
        let mut score: [i64; NUM_TAGS] = std::array::from_fn(|t| transitions[NUM_TAGS][t] as i64 + emissions[0][t] as i64);
        for i in 1..n {
            let mut best = [i64::MIN; NUM_TAGS];
            for p in 0..NUM_TAGS {
                for t in 0..NUM_TAGS {
                    let s = score[p] + transitions[p][t] as i64;
                    if s > best[t] {
                        best[t] = s;
                        back[i][t] = p as u8;
                    }
                }
            }
            score = std::array::from_fn(|t| best[t] + emissions[i][t] as i64);
        }
        let mut last = (0..NUM_TAGS).max_by_key(|&t| (score[t], std::cmp::Reverse(t))).unwrap() as u8;
        let mut tags = vec![0; n];
        for i in (0..n).rev() {
            tags[i] = last;
            last = back[i][last as usize];
        }
        tags
    }

    #[test]
    fn marginal_steps_match_sums_one_tag_at_a_time() {
        // Bit for bit: the scores shown depend on every rounding.
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            let r = crate::base::hash::xorshift(&mut rng);
            // Zeros (forbidden transitions), tiny and large values, exact ties.
            match r % 8 {
                0 => 0.0,
                1 => 1.0,
                _ => f32::from_bits((r >> 8) as u32 % 0x3f80_0000 + 0x0080_0000) * (1 + r % 3) as f32,
            }
        };
        for _ in 0..2000 {
            let transitions: [[f32; NUM_TAGS]; NUM_TAGS + 1] = std::array::from_fn(|_| std::array::from_fn(|_| next()));
            let by_next = std::array::from_fn(|k| std::array::from_fn(|p| transitions[p][k]));
            let (prev, potentials, backward): ([f32; NUM_TAGS], [f32; NUM_TAGS], [f32; NUM_TAGS]) =
                (std::array::from_fn(|_| next()), std::array::from_fn(|_| next()), std::array::from_fn(|_| next()));
            let forward: [f32; NUM_TAGS] = std::array::from_fn(|t| {
                let reach: f32 = (0..NUM_TAGS).map(|p| prev[p] * transitions[p][t]).sum();
                reach * potentials[t]
            });
            let back: [f32; NUM_TAGS] =
                std::array::from_fn(|p| (0..NUM_TAGS).map(|k| transitions[p][k] * potentials[k] * backward[k]).sum());
            assert_eq!(forward_step(&prev, &transitions, &potentials).map(f32::to_bits), forward.map(f32::to_bits));
            assert_eq!(backward_step(&by_next, &potentials, &backward).map(f32::to_bits), back.map(f32::to_bits));
        }
    }

    #[test]
    fn narrow_and_wide_viterbi_agree() {
        // Both passes must choose exactly what absolute scores do, ties included (small
        // weights make ties common), up to the largest weights that take the 32-bit pass.
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = |range: i32| (crate::base::hash::xorshift(&mut rng) % (2 * range as u64 + 1)) as i32 - range;
        for range in [3, 100, NARROW_LIMIT as i32, 1 << 28] {
            for n in 1..40 {
                let mut transitions = [[0; NUM_TAGS]; NUM_TAGS + 1];
                transitions.iter_mut().flatten().for_each(|w| *w = next(range));
                mask_transitions(&mut transitions);
                let emissions: Vec<[i32; NUM_TAGS]> = (0..n).map(|_| std::array::from_fn(|_| next(range))).collect();
                if range <= NARROW_LIMIT as i32 {
                    let (mut narrow, mut wide) = (vec![[0; NUM_TAGS]; n], vec![[0; NUM_TAGS]; n]);
                    let last = forward::<i32>(&emissions, &transitions, &mut narrow);
                    assert_eq!(last, forward::<i64>(&emissions, &transitions, &mut wide));
                    assert_eq!(narrow[1..], wide[1..]);
                }
                let mut tags = Vec::new();
                viterbi(&emissions, &transitions, &mut Vec::new(), &mut tags);
                assert_eq!(tags, reference_viterbi(&emissions, &transitions), "weights within {range}");
            }
        }
    }
}
