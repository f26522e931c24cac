//! Training: an averaged structured perceptron over BIO tags, deterministic for a given seed.

use crate::clusters::Clusters;
use crate::conll::Sentence;
use crate::features::{neighbour_keys, Features, NEIGHBOURS};
use crate::gazetteer::{flag, NameLists};
use crate::table::KeyMap;
use crate::model::{Model, Row};
use crate::predictor::{mask_transitions, viterbi, Predictor};
use crate::tags::{self, Tag, NUM_TAGS, OUTSIDE};

/// Settings for [`train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed for the order in which sentences are visited.
    pub seed: u64,
    /// Softmax temperature in averaged-weight units, for confidence scores.
    pub temperature: f32,
    /// Features seen in fewer training tokens than this are left out.
    pub min_count: u32,
    /// Weights whose magnitude is at most this fraction of the largest are dropped (3%: the
    /// most pruning that left the cross-validation F1 unchanged, a fifth off the model file).
    pub prune: f64,
    /// With several corpora ([`train_domains`]): how much of what was learnt from the first
    /// corpus alone is folded into the shipped weights (0 = only what all corpora share).
    /// 0.75 has the best ANERcorp cross-validation F1 (see the README).
    pub target_weight: f64,
    /// Free text stored in the model.
    pub card: String,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 12, seed: 0x6b61_7368_6966, temperature: 1.0, min_count: 3, prune: 0.03, target_weight: 0.75, card: String::new() }
    }
}

/// Normalized words and gold tags of a CoNLL sentence. Tags outside the model's labels become
/// `O`; an `I-X` that cannot continue an entity becomes `B-X`, which is how it is scored.
pub(crate) fn prepare(sentence: &Sentence) -> (Vec<String>, Vec<Tag>) {
    // A hand-built sentence may have fewer tags than tokens: only the tagged part counts.
    let n = sentence.tokens.len().min(sentence.tags.len());
    let words = sentence.tokens[..n].iter().map(|t| crate::text::normalize_word(t)).collect();
    let mut gold: Vec<Tag> = Vec::with_capacity(sentence.tags.len());
    for tag in &sentence.tags[..n] {
        let mut t = tags::parse(tag).unwrap_or(OUTSIDE);
        if tags::is_inside(t) && !tags::allowed(gold.last().copied(), t) {
            t -= 1;
        }
        gold.push(t);
    }
    (words, gold)
}

/// Marks the words that begin names in the training data (for clitic trimming only). A word
/// whose proclitic-stripped form also begins a name is left out: `وروسيا` must not vouch for
/// itself when `روسيا` is there, while `بريطانيا` (not ب + `ريطانيا`) stays.
pub fn add_seen_names(names: &mut NameLists, sentences: &[Sentence]) {
    let mut seen = NameLists::default();
    let mut words_seen = Vec::new();
    for sentence in sentences {
        let (words, gold) = prepare(sentence);
        for (word, &tag) in words.into_iter().zip(&gold) {
            if tag != OUTSIDE && !tags::is_inside(tag) {
                seen.add(&word, flag::SEEN_NAME);
                words_seen.push(word);
            }
        }
    }
    for word in words_seen {
        if seen.listed_strip(&word, flag::SEEN_NAME).is_none() {
            names.add(&word, flag::SEEN_NAME);
        }
    }
}

struct Example {
    /// Feature keys of all tokens, and where each token's keys end.
    keys: Vec<u32>,
    ends: Vec<u32>,
    gold: Vec<Tag>,
}

/// Weights being learnt, with the sums needed to average them cheaply.
#[derive(Default)]
struct Weights {
    index: KeyMap<u32>,
    current: Vec<[i32; NUM_TAGS]>,
    /// Sum over updates of (update time × delta): the average is `current - summed / time`.
    summed: Vec<[i64; NUM_TAGS]>,
}

impl Weights {
    fn update(&mut self, key: u32, tag: Tag, delta: i32, time: i64) {
        let len = self.current.len() as u32;
        let at = *self.index.entry(key).or_insert(len) as usize;
        if at == self.current.len() {
            self.current.push([0; NUM_TAGS]);
            self.summed.push([0; NUM_TAGS]);
        }
        self.current[at][tag as usize] += delta;
        self.summed[at][tag as usize] += time * delta as i64;
    }
}

/// The xorshift state that shuffles the training order for a seed. xorshift needs a state
/// other than zero; `seed ^ 1` gives distinct seeds distinct orders (and the default seed the
/// order it has always had). Seed 1 would give zero, and takes a fixed state instead.
fn shuffle_state(seed: u64) -> u64 {
    match seed ^ 1 {
        0 => 0x9e37_79b9_7f4a_7c15,
        state => state,
    }
}

/// Removes features seen in fewer than `min_count` tokens.
fn drop_rare(mut examples: Vec<Example>, min_count: u32) -> Vec<Example> {
    if min_count <= 1 {
        return examples;
    }
    let mut counts: KeyMap<u32> = KeyMap::default();
    for e in &examples {
        for &k in &e.keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    for e in &mut examples {
        let (mut keys, mut ends, mut start) = (Vec::with_capacity(e.keys.len()), Vec::with_capacity(e.ends.len()), 0);
        for &end in &e.ends {
            keys.extend(e.keys[start..end as usize].iter().copied().filter(|k| counts[k] >= min_count));
            ends.push(keys.len() as u32);
            start = end as usize;
        }
        e.keys = keys;
        e.ends = ends;
    }
    examples
}

/// Trains a model. `names` and `clusters` become part of it.
pub fn train(sentences: &[Sentence], names: NameLists, clusters: Clusters, options: &TrainOptions) -> Model {
    train_domains(&[sentences], names, clusters, options)
}

/// The key under which a feature is learnt separately for one corpus (domain).
fn domain_key(key: u32, domain: usize) -> u32 {
    crate::gazetteer::key_of_hash(crate::hash::mix(key as u64 ^ 0xd0_0000_0000, domain as u64))
}

/// Trains one model from several corpora (domains), the first being the one the model is for.
/// With more than one, every feature is also learnt per corpus ("frustratingly easy" domain
/// adaptation, Daumé 2007): the shared weights take what the corpora agree on, each corpus's
/// copy what is particular to it. The shipped weights are the shared ones plus
/// `options.target_weight` times the first corpus's copies; the other copies are dropped.
pub fn train_domains(corpora: &[&[Sentence]], mut names: NameLists, clusters: Clusters, options: &TrainOptions) -> Model {
    for sentences in corpora {
        add_seen_names(&mut names, sentences);
    }
    let adapt = corpora.len() > 1;
    let mut features = Features::default();
    // Per-domain copy of each feature key -> the key it copies and the domain.
    let mut copies: KeyMap<(u32, usize)> = KeyMap::default();
    let mut examples: Vec<Example> = Vec::new();
    for (domain, sentences) in corpora.iter().enumerate() {
        for s in sentences.iter() {
            let (words, gold) = prepare(s);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            features.extract(&words, &names, &clusters);
            let mut keys = Vec::new();
            let mut ends = Vec::new();
            for (i, word) in words.iter().enumerate() {
                let start = keys.len();
                crate::features::unigram_keys(word, features.facts(i), &clusters, &mut keys);
                for offset in NEIGHBOURS {
                    neighbour_keys(features.neighbour(i, offset), offset, &clusters, &mut keys);
                }
                keys.extend_from_slice(features.token(i));
                if adapt {
                    for k in start..keys.len() {
                        let copy = domain_key(keys[k], domain);
                        copies.insert(copy, (keys[k], domain));
                        keys.push(copy);
                    }
                }
                ends.push(keys.len() as u32);
            }
            examples.push(Example { keys, ends, gold });
        }
    }
    let examples = drop_rare(examples, options.min_count);

    let mut weights = Weights::default();
    let mut trans = [[0i32; NUM_TAGS]; NUM_TAGS + 1];
    let mut trans_summed = [[0i64; NUM_TAGS]; NUM_TAGS + 1];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = shuffle_state(options.seed);
    let mut time: i64 = 1;
    let (mut emissions, mut back, mut predicted) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..options.epochs {
        // Fisher-Yates with xorshift64: the same order for the same seed on every machine.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &e in &order {
            let example = &examples[e];
            emissions.clear();
            let mut start = 0;
            for &end in &example.ends {
                let mut sum = [0i32; NUM_TAGS];
                for key in &example.keys[start..end as usize] {
                    if let Some(&at) = weights.index.get(key) {
                        for (s, w) in sum.iter_mut().zip(&weights.current[at as usize]) {
                            *s += w;
                        }
                    }
                }
                emissions.push(sum);
                start = end as usize;
            }
            let mut masked = trans;
            mask_transitions(&mut masked);
            viterbi(&emissions, &masked, &mut back, &mut predicted);
            if predicted != example.gold {
                let mut start = 0;
                let (mut prev_gold, mut prev_pred) = (NUM_TAGS, NUM_TAGS);
                for (i, &end) in example.ends.iter().enumerate() {
                    let (g, p) = (example.gold[i], predicted[i]);
                    if g != p {
                        for &key in &example.keys[start..end as usize] {
                            weights.update(key, g, 1, time);
                            weights.update(key, p, -1, time);
                        }
                    }
                    if (prev_gold, g) != (prev_pred, p) {
                        trans[prev_gold][g as usize] += 1;
                        trans_summed[prev_gold][g as usize] += time;
                        trans[prev_pred][p as usize] -= 1;
                        trans_summed[prev_pred][p as usize] -= time;
                    }
                    prev_gold = g as usize;
                    prev_pred = p as usize;
                    start = end as usize;
                }
            }
            time += 1;
        }
    }

    // Average (folding the target domain's copies into the shared weights), then fix the point
    // so the largest emission weight fits in an i8.
    let average = |current: i32, summed: i64| current as f64 - summed as f64 / time as f64;
    let mut averaged: KeyMap<[f64; NUM_TAGS]> = KeyMap::default();
    for (&key, &at) in weights.index.iter() {
        let (c, s) = (&weights.current[at as usize], &weights.summed[at as usize]);
        let row: [f64; NUM_TAGS] = std::array::from_fn(|t| average(c[t], s[t]));
        let (shared, factor) = match copies.get(&key) {
            None => (key, 1.0),
            Some(&(shared, 0)) => (shared, options.target_weight),
            Some(_) => continue,
        };
        let entry = averaged.entry(shared).or_insert([0.0; NUM_TAGS]);
        for (e, w) in entry.iter_mut().zip(row) {
            *e += factor * w;
        }
    }
    let mut max = 1e-9f64;
    for row in averaged.values() {
        for w in row {
            max = max.max(w.abs());
        }
    }
    let top = i8::MAX as f64;
    let scale = top / max;
    let mut keyed: Vec<(u32, [f64; NUM_TAGS])> = averaged.into_iter().collect();
    keyed.sort_unstable_by_key(|&(k, _)| k);
    let mut model_weights: Vec<(u32, Row)> = Vec::with_capacity(keyed.len());
    for (key, averaged) in keyed {
        let floor = options.prune * top;
        let row: Row = std::array::from_fn(|t| {
            let w = averaged[t] * scale;
            if w.abs() <= floor { 0 } else { w.round() as i8 }
        });
        if row.iter().any(|&w| w != 0) {
            model_weights.push((key, row));
        }
    }
    let mut transitions = [[0i32; NUM_TAGS]; NUM_TAGS + 1];
    for p in 0..=NUM_TAGS {
        for t in 0..NUM_TAGS {
            transitions[p][t] = (average(trans[p][t], trans_summed[p][t]) * scale).round() as i32;
        }
    }
    Model {
        card: options.card.clone(),
        weights: model_weights,
        transitions,
        temperature: (options.temperature as f64 * scale) as f32,
        names,
        clusters,
    }
}

/// Mean negative log-likelihood of the gold tags' marginals on `sentences`: lower is better
/// calibrated. Used to choose the temperature.
pub fn token_nll(predictor: &Predictor, sentences: &[Sentence]) -> f64 {
    let mut scratch = Default::default();
    let (mut tags, mut probs) = (Vec::new(), Vec::new());
    let (mut total, mut count) = (0.0, 0usize);
    for s in sentences {
        let (words, gold) = prepare(s);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        predictor.tag(&words, &mut scratch, &mut tags, Some(&mut probs));
        for ((&p, &t), &g) in probs.iter().zip(&tags).zip(&gold) {
            // Probability of the predicted tag: right when it is gold, else its complement bounds gold's.
            let q = if t == g { p as f64 } else { 1.0 - p as f64 };
            total -= q.max(1e-6).ln();
            count += 1;
        }
    }
    if count == 0 { 0.0 } else { total / count as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(words: &[&str], tags: &[&str], copies: usize) -> Vec<Sentence> {
        let sentence = Sentence {
            tokens: words.iter().map(|w| w.to_string()).collect(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        };
        vec![sentence; copies]
    }

    /// The tag the model gives the middle word of `قال الليكود امس`.
    fn middle_tag(model: Model) -> Tag {
        let predictor = Predictor::new(model);
        let words: Vec<String> = ["قال", "الليكود", "امس"].iter().map(|w| crate::text::normalize_word(w)).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut tags = Vec::new();
        predictor.tag(&words, &mut Default::default(), &mut tags, None);
        tags[1]
    }

    #[test]
    fn every_seed_shuffles_from_its_own_nonzero_state() {
        let states: Vec<u64> = (0..64).chain([u64::MAX, 0x6b61_7368_6966]).map(shuffle_state).collect();
        assert!(states.iter().all(|&s| s != 0));
        let mut distinct = states.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), states.len(), "two seeds share a training order");
    }

    #[test]
    fn each_domain_keeps_what_is_particular_to_it() {
        // The two corpora disagree on one word: a name in the news, not one in the other.
        let words = ["قال", "الليكود", "امس"];
        let news = sentences(&words, &["O", "B-ORG", "O"], 20);
        let other = sentences(&words, &["O", "O", "O"], 20);
        let options = TrainOptions { min_count: 1, prune: 0.0, target_weight: 1.0, ..Default::default() };
        let train_for = |first: &[Sentence], second: &[Sentence]| {
            train_domains(&[first, second], NameLists::default(), Clusters::default(), &options)
        };
        let b_org = tags::begin(crate::entity::Label::Org).unwrap();
        assert_eq!(middle_tag(train_for(&news, &other)), b_org);
        assert_eq!(middle_tag(train_for(&other, &news)), OUTSIDE);
        // One corpus is plain training, byte for byte.
        let single = train_domains(&[&news], NameLists::default(), Clusters::default(), &options);
        assert_eq!(single.to_bytes(), train(&news, NameLists::default(), Clusters::default(), &options).to_bytes());
        // The other corpus's own copies do not ship: only shared and news keys, as many as alone.
        let adapted = train_for(&news, &other);
        assert!(adapted.num_features() <= single.num_features(), "{} against {}", adapted.num_features(), single.num_features());
    }
}
