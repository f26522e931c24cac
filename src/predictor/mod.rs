//! The compiled model: hash-table lookups of feature weights, Viterbi decoding under BIO
//! constraints, and forward-backward marginals for confidence scores.

//!
//! One file a job: [`cache`] the per-text word cache and feature extraction, [`decode`]
//! Viterbi, [`marginals`] the confidences; the weights are the model's own table.

mod cache;
mod decode;
mod marginals;

pub(crate) use cache::Scratch;
pub(crate) use decode::{mask_transitions, viterbi};
pub(crate) use marginals::Confidences;
#[cfg(feature = "train")]
pub(crate) use marginals::{backward_step, forward_step};

use crate::base::table::KeyTable;
use crate::features::{cluster_keys_of, fixed_keys, names_key, neighbour_keys, AFTER, BEFORE, CLITIC_VALUES, MAX_LENGTH, NEIGHBOURS, OWN};
use crate::model::clusters::Clusters;
use crate::model::names::{flag, NameLists};
use crate::model::tags::{allowed, Tag, NUM_TAGS};
use crate::model::Model;
use crate::model::Row;
use marginals::{emission_potential, MAX_EXP_TABLE};

/// A model compiled for fast prediction.
#[derive(Debug)]
pub struct Predictor {
    /// Feature key → weights per tag, as the model holds it.
    table: KeyTable<'static, Row>,
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
    pub(crate) names: NameLists<'static>,
    /// A word's key (of its bare form) → the index of its cluster path, in `small.clusters` too.
    pub(crate) clusters: Clusters<'static>,
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
    /// Per cluster path, in the order of [`Clusters::paths`].
    clusters: Vec<ClusterSums>,
}

/// A cluster path and the summed weights of its features for each side.
#[derive(Debug, Clone, Copy)]
struct ClusterSums {
    path: (u32, u8),
    sums: [[i32; NUM_TAGS]; 3],
}

impl Predictor {
    /// Compiles a model.
    pub fn new(model: Model) -> Predictor {
        let table = model.weights;
        let mut transitions = model.transitions;
        mask_transitions(&mut transitions);
        let temperature = model.temperature;
        let transition_potentials: [[f32; NUM_TAGS]; NUM_TAGS + 1] = std::array::from_fn(|p| {
            let prev = (p < NUM_TAGS).then_some(p as Tag);
            std::array::from_fn(|t| {
                if allowed(prev, t as Tag) {
                    (transitions[p][t] as f32 / temperature).clamp(-60.0, 60.0).exp()
                } else {
                    0.0
                }
            })
        });
        // Past 80 temperatures below the best, every potential is the same: no need to go further.
        let table_len = ((80.0 * temperature) as usize).saturating_add(2).min(MAX_EXP_TABLE);
        let exp_below = (0..table_len as i32).map(|d| emission_potential(-d, 1.0 / temperature)).collect();
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
        small.clusters = predictor
            .clusters
            .paths()
            .iter()
            .map(|&path| ClusterSums {
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
        out.extend(
            words
                .iter()
                .zip(&scratch.token_entries)
                .map(|(w, &e)| scratch.entries.get(e as usize).map_or_else(|| crate::base::hash::hash_str(w), |c| c.facts.word)),
        );
    }

    /// Summed weights of a list of feature keys.
    fn sum(&self, keys: &[u32], sum: &mut [i32; NUM_TAGS]) {
        for key in keys {
            if let Some(row) = self.table.get_ref(*key) {
                for (s, &w) in sum.iter_mut().zip(row) {
                    *s += w as i32;
                }
            }
        }
    }

    /// Adds the weights of a list of feature keys (that passed `may_hold`) to `sum`.
    #[inline]
    fn add_rows(&self, keys: &[u32], sum: &mut [i32; NUM_TAGS]) {
        for key in keys {
            if let Some(row) = self.table.get_ref(*key) {
                for (s, &w) in sum.iter_mut().zip(row) {
                    *s += w as i32;
                }
            }
        }
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
        self.table.touch_all(keys);
        let entry = |i: usize| &scratch.entries[scratch.token_entries[i] as usize];
        for i in 0..n {
            let mut sum = entry(i).sum;
            for (k, &offset) in NEIGHBOURS.iter().enumerate() {
                let j = i as isize + offset;
                let add = if j >= 0 && (j as usize) < n { &entry(j as usize).as_neighbour[k] } else { &self.boundary[k] };
                for (s, a) in sum.iter_mut().zip(add) {
                    *s += a;
                }
            }
            let start = if i == 0 { 0 } else { scratch.key_ends[i - 1] as usize };
            self.add_rows(&scratch.keys[start..scratch.key_ends[i] as usize], &mut sum);
            scratch.emissions.push(sum);
        }
    }
}

/// Adds one tag-score vector to another.
#[inline]
fn add(sum: &mut [i32; NUM_TAGS], row: &[i32; NUM_TAGS]) {
    for (s, &r) in sum.iter_mut().zip(row) {
        *s += r;
    }
}
