//! Training over BIO tags, deterministic for a given seed: a linear-chain CRF (log-likelihood
//! with an L2 penalty, by SGD; the shipped models) or an averaged structured perceptron.

//!
//! Everything here is behind the `train` cargo feature: corpus readers ([`conll`],
//! [`newsfane`]), the scorer ([`eval`]), word clustering ([`brown`]), the gloss table
//! ([`glosses`]) and [`recipe`], which
//! makes the shipped models from the shared data.

pub mod brown;
pub mod conll;
pub mod eval;
pub mod glosses;
pub mod newsfane;
pub mod recipe;

use crate::base::table::KeyMap;
use crate::features::{neighbour_keys, Features, NEIGHBOURS};
use crate::model::names::flag;
use crate::model::tags::{self, Tag, NUM_TAGS, OUTSIDE};
use crate::model::{Model, Row};
use crate::predictor::{backward_step, forward_step, mask_transitions, viterbi, Predictor};

pub use crate::model::clusters::Clusters;
pub use crate::model::names::NameLists;
pub use conll::Sentence;

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
    /// 0.75 has the best ANERcorp cross-validation F1 (see docs/EXPERIMENTS.md).
    pub target_weight: f64,
    /// How the weights are learnt.
    pub learner: Learner,
    /// Free text stored in the model.
    pub card: String,
}

/// How [`train`] learns the weights from the features.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Learner {
    /// An averaged structured perceptron: updates on Viterbi mistakes, weights averaged.
    Perceptron,
    /// A linear-chain CRF: the log-likelihood of the gold tags (expected feature counts by
    /// forward-backward) minus `c2` times the squared weights, maximised by SGD with a rate
    /// decaying from `rate` as `rate / (1 + rate * lambda * t)` (Bottou; CRFsuite's `l2sgd`);
    /// the weights kept are the mean of those at the end of each epoch of the second half.
    Crf {
        /// L2 coefficient over the whole training set.
        c2: f64,
        /// Initial learning rate.
        rate: f64,
    },
}

impl Learner {
    /// The shipped models' L2 coefficient: cross-validation F1 0.7540 for 1, against 0.7464
    /// for 0.3 and 0.7502 for 2 (see docs/EXPERIMENTS.md).
    pub const CRF_C2: f64 = 1.0;
    /// The shipped models' initial SGD rate.
    pub const CRF_RATE: f64 = 0.1;
    /// The CRF the shipped models are trained with.
    pub const CRF: Learner = Learner::Crf { c2: Self::CRF_C2, rate: Self::CRF_RATE };

    /// Passes over the training data that suit this learner: SGD needs more than the
    /// perceptron to settle (12 epochs of the CRF: dev slice 0.730 against 0.746 with 24).
    pub fn default_epochs(self) -> usize {
        match self {
            Learner::Perceptron => 12,
            Learner::Crf { .. } => 24,
        }
    }
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: Learner::CRF.default_epochs(),
            seed: 0x6b61_7368_6966,
            temperature: 1.0,
            min_count: 3,
            prune: 0.03,
            target_weight: 0.75,
            learner: Learner::CRF,
            card: String::new(),
        }
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
pub fn add_seen_names(names: &mut NameLists<'static>, sentences: &[Sentence]) {
    let mut words_seen = Vec::new();
    for sentence in sentences {
        let (words, gold) = prepare(sentence);
        for (word, &tag) in words.into_iter().zip(&gold) {
            if tag != OUTSIDE && !tags::is_inside(tag) {
                words_seen.push(word);
            }
        }
    }
    let mut seen = NameLists::default();
    seen.add_all(words_seen.iter().map(|word| (word.as_str(), flag::SEEN_NAME)));
    names.add_all(
        words_seen.iter().filter(|word| seen.listed_strip(word, flag::SEEN_NAME).is_none()).map(|word| (word.as_str(), flag::SEEN_NAME)),
    );
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
pub fn train(sentences: &[Sentence], names: NameLists<'static>, clusters: Clusters<'static>, options: &TrainOptions) -> Model {
    train_domains(&[sentences], names, clusters, options)
}

/// The key under which a feature is learnt separately for one corpus (domain).
fn domain_key(key: u32, domain: usize) -> u32 {
    crate::base::hash::key_of_hash(crate::base::hash::mix(key as u64 ^ 0xd0_0000_0000, domain as u64))
}

/// Trains one model from several corpora (domains), the first being the one the model is for.
/// With more than one, every feature is also learnt per corpus ("frustratingly easy" domain
/// adaptation, Daumé 2007): the shared weights take what the corpora agree on, each corpus's
/// copy what is particular to it. The shipped weights are the shared ones plus
/// `options.target_weight` times the first corpus's copies; the other copies are dropped.
pub fn train_domains(corpora: &[&[Sentence]], mut names: NameLists<'static>, clusters: Clusters<'static>, options: &TrainOptions) -> Model {
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
    let (rows, transitions) = match options.learner {
        Learner::Perceptron => perceptron(&examples, options),
        Learner::Crf { c2, rate } => crf(&examples, options, c2, rate),
    };

    // Fold the target domain's copies into the shared weights, then fix the point so the
    // largest emission weight fits in an i8.
    let mut averaged: KeyMap<[f64; NUM_TAGS]> = KeyMap::default();
    for (key, row) in rows {
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
            if w.abs() <= floor {
                0
            } else {
                w.round() as i8
            }
        });
        if row.iter().any(|&w| w != 0) {
            model_weights.push((key, row));
        }
    }
    let learnt_transitions = transitions;
    let mut transitions = [[0i32; NUM_TAGS]; NUM_TAGS + 1];
    for p in 0..=NUM_TAGS {
        for t in 0..NUM_TAGS {
            transitions[p][t] = (learnt_transitions[p][t] * scale).round() as i32;
        }
    }
    Model {
        card: options.card.clone(),
        weights: crate::base::table::KeyTable::from_combined(model_weights, |row, add| {
            for (w, a) in row.iter_mut().zip(add) {
                *w = w.saturating_add(a);
            }
        }),
        transitions,
        temperature: (options.temperature as f64 * scale) as f32,
        names,
        clusters,
    }
}

/// Weights learnt for each feature key, and transition weights, in the same units.
type Learnt = (Vec<(u32, [f64; NUM_TAGS])>, [[f64; NUM_TAGS]; NUM_TAGS + 1]);

/// Shuffles `order` in place, Fisher-Yates with xorshift64: the same order for the same seed
/// on every machine.
fn shuffle(order: &mut [usize], rng: &mut u64) {
    for i in (1..order.len()).rev() {
        order.swap(i, (crate::base::hash::xorshift(rng) % (i as u64 + 1)) as usize);
    }
}

/// The averaged structured perceptron.
fn perceptron(examples: &[Example], options: &TrainOptions) -> Learnt {
    let mut weights = Weights::default();
    let mut trans = [[0i32; NUM_TAGS]; NUM_TAGS + 1];
    let mut trans_summed = [[0i64; NUM_TAGS]; NUM_TAGS + 1];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = shuffle_state(options.seed);
    let mut time: i64 = 1;
    let (mut emissions, mut back, mut predicted) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..options.epochs {
        shuffle(&mut order, &mut rng);
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

    let average = |current: i32, summed: i64| current as f64 - summed as f64 / time as f64;
    let rows = weights
        .index
        .iter()
        .map(|(&key, &at)| {
            let (c, s) = (&weights.current[at as usize], &weights.summed[at as usize]);
            (key, std::array::from_fn(|t| average(c[t], s[t])))
        })
        .collect();
    let transitions = std::array::from_fn(|p| std::array::from_fn(|t| average(trans[p][t], trans_summed[p][t])));
    (rows, transitions)
}

/// A linear-chain CRF trained by SGD on the L2-penalised log-likelihood (see [`Learner::Crf`]).
///
/// The weights are kept as `scale * v`, so that the penalty's shrinking of every weight after
/// each sentence is one multiplication of `scale`; a sentence's gradient touches only its own
/// features' rows. Forward-backward runs in probability space, each position normalized.
fn crf(examples: &[Example], options: &TrainOptions, c2: f64, rate: f64) -> Learnt {
    // Dense row numbers for the feature keys, in order of first appearance.
    let mut index: KeyMap<u32> = KeyMap::default();
    let mut keys: Vec<u32> = Vec::new();
    let rows: Vec<Vec<u32>> = examples
        .iter()
        .map(|e| {
            e.keys
                .iter()
                .map(|&k| {
                    *index.entry(k).or_insert_with(|| {
                        keys.push(k);
                        keys.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    let mut v = vec![[0f64; NUM_TAGS]; keys.len()];
    let mut trans = [[0f64; NUM_TAGS]; NUM_TAGS + 1];
    let allowed_from: [[bool; NUM_TAGS]; NUM_TAGS + 1] =
        std::array::from_fn(|p| std::array::from_fn(|t| tags::allowed((p < NUM_TAGS).then_some(p as Tag), t as Tag)));
    let mut scale = 1.0f64;
    let lambda = 2.0 * c2 / examples.len().max(1) as f64;
    let t0 = 1.0 / (lambda * rate);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = shuffle_state(options.seed);
    let mut step = 0.0f64;
    let (mut psi, mut alpha, mut beta, mut norm) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // The weights at the end of each epoch of the second half, summed: SGD's last weights
    // wander with its last sentences, their mean does not.
    let (mut summed, mut summed_trans, mut snapshots) = (vec![[0f64; NUM_TAGS]; keys.len()], [[0f64; NUM_TAGS]; NUM_TAGS + 1], 0usize);
    for epoch in 0..options.epochs {
        shuffle(&mut order, &mut rng);
        for &e in &order {
            let (example, ids) = (&examples[e], &rows[e]);
            let n = example.gold.len();
            if n == 0 {
                continue;
            }
            let eta = 1.0 / (lambda * (t0 + step));
            step += 1.0;
            let potential: [[f64; NUM_TAGS]; NUM_TAGS + 1] = std::array::from_fn(|p| {
                std::array::from_fn(|t| if allowed_from[p][t] { trans[p][t].clamp(-200.0, 200.0).exp() } else { 0.0 })
            });
            // Emission potentials, each position's best tag at 1.
            psi.clear();
            let mut start = 0;
            for &end in &example.ends {
                let mut sum = [0f64; NUM_TAGS];
                for &id in &ids[start..end as usize] {
                    for (s, w) in sum.iter_mut().zip(&v[id as usize]) {
                        *s += w;
                    }
                }
                let max = sum.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x * scale));
                psi.push(sum.map(|x| (x * scale - max).exp()));
                start = end as usize;
            }
            alpha.clear();
            norm.clear();
            for i in 0..n {
                let mut a: [f64; NUM_TAGS] = if i == 0 {
                    std::array::from_fn(|t| potential[NUM_TAGS][t] * psi[0][t])
                } else {
                    forward_step(&alpha[i - 1], &potential, &psi[i])
                };
                let c: f64 = a.iter().sum();
                let c = if c > 0.0 && c.is_finite() { c } else { 1.0 };
                a.iter_mut().for_each(|x| *x /= c);
                alpha.push(a);
                norm.push(c);
            }
            beta.clear();
            beta.resize(n, [1f64; NUM_TAGS]);
            let by_next: [[f64; NUM_TAGS]; NUM_TAGS] = std::array::from_fn(|t| std::array::from_fn(|p| potential[p][t]));
            for i in (0..n - 1).rev() {
                beta[i] = backward_step(&by_next, &psi[i + 1], &beta[i + 1]).map(|x| x / norm[i + 1]);
            }
            // The penalty first (a shrink of every weight), then the likelihood's gradient:
            // observed minus expected counts.
            let decay = 1.0 - eta * lambda;
            scale *= decay;
            trans.iter_mut().flatten().for_each(|w| *w *= decay);
            if scale < 1e-9 {
                v.iter_mut().flatten().for_each(|w| *w *= scale);
                scale = 1.0;
            }
            let gain = eta / scale;
            let mut start = 0;
            for (i, &end) in example.ends.iter().enumerate() {
                let g = example.gold[i] as usize;
                let mut grad: [f64; NUM_TAGS] = std::array::from_fn(|t| -alpha[i][t] * beta[i][t]);
                grad[g] += 1.0;
                for &id in &ids[start..end as usize] {
                    for (w, d) in v[id as usize].iter_mut().zip(&grad) {
                        *w += gain * d;
                    }
                }
                start = end as usize;
                if i == 0 {
                    for t in 0..NUM_TAGS {
                        trans[NUM_TAGS][t] -= eta * alpha[0][t] * beta[0][t];
                    }
                    trans[NUM_TAGS][g] += eta;
                } else {
                    for p in 0..NUM_TAGS {
                        for t in 0..NUM_TAGS {
                            let pair = alpha[i - 1][p] * potential[p][t] * psi[i][t] * beta[i][t] / norm[i];
                            trans[p][t] -= eta * pair;
                        }
                    }
                    trans[example.gold[i - 1] as usize][g] += eta;
                }
            }
        }
        if 2 * (epoch + 1) > options.epochs {
            for (sum, row) in summed.iter_mut().zip(&v) {
                for (s, w) in sum.iter_mut().zip(row) {
                    *s += w * scale;
                }
            }
            for (sum, w) in summed_trans.iter_mut().flatten().zip(trans.iter().flatten()) {
                *sum += w;
            }
            snapshots += 1;
        }
    }
    let n = snapshots.max(1) as f64;
    let rows = keys.into_iter().zip(summed).map(|(k, row)| (k, row.map(|w| w / n))).collect();
    (rows, summed_trans.map(|row| row.map(|w| w / n)))
}

/// Mean negative log-likelihood of the gold tags' marginals on `sentences`: lower is better
/// calibrated. Used to choose the temperature.
pub fn token_nll(model: &Model, sentences: &[Sentence]) -> f64 {
    let predictor = Predictor::new(model.clone());
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
    if count == 0 {
        0.0
    } else {
        total / count as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(words: &[&str], tags: &[&str], copies: usize) -> Vec<Sentence> {
        let sentence =
            Sentence { tokens: words.iter().map(|w| w.to_string()).collect(), tags: tags.iter().map(|t| t.to_string()).collect() };
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

    /// Two corpora that disagree on one word: a name in the news, not one in the other.
    fn disagreeing_domains() -> (Vec<Sentence>, Vec<Sentence>) {
        let words = ["قال", "الليكود", "امس"];
        (sentences(&words, &["O", "B-ORG", "O"], 20), sentences(&words, &["O", "O", "O"], 20))
    }

    #[test]
    fn the_crf_learns_the_same_lesson_deterministically() {
        let (news, other) = disagreeing_domains();
        let options = TrainOptions {
            min_count: 1,
            prune: 0.0,
            target_weight: 1.0,
            learner: Learner::Crf { c2: 0.1, rate: 0.1 },
            ..Default::default()
        };
        let model = || train_domains(&[&news, &other], NameLists::default(), Clusters::default(), &options);
        assert_eq!(model().to_bytes(), model().to_bytes());
        assert_eq!(middle_tag(model()), tags::begin(crate::entity::Label::Org).unwrap());
        let reversed = train_domains(&[&other, &news], NameLists::default(), Clusters::default(), &options);
        assert_eq!(middle_tag(reversed), OUTSIDE);
    }

    #[test]
    fn all_marginals_hold_the_chosen_tags_confidences() {
        let (news, other) = disagreeing_domains();
        let options = TrainOptions { min_count: 1, prune: 0.0, learner: Learner::Crf { c2: 0.1, rate: 0.1 }, ..Default::default() };
        let mut model = train_domains(&[&news, &other], NameLists::default(), Clusters::default(), &options);
        model.scale_temperature(3.0);
        let predictor = Predictor::new(model);
        let words: Vec<String> = ["قال", "الليكود", "امس", "الليكود"].iter().map(|w| crate::text::normalize_word(w)).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let (mut tags, mut confidence, mut all_tags, mut all) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        predictor.tag(&words, &mut Default::default(), &mut tags, Some(&mut confidence));
        predictor.tag_marginals(&words, &mut Default::default(), &mut all_tags, &mut all);
        assert_eq!(tags, all_tags);
        assert_eq!(all.len(), words.len());
        for ((row, &t), &c) in all.iter().zip(&tags).zip(&confidence) {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5, "{row:?}");
            assert!((row[t as usize] - c).abs() < 1e-5, "{row:?} against {c}");
        }
        // BIO: no I- tag at the start of the sentence.
        assert!((0..NUM_TAGS as Tag).filter(|&t| tags::is_inside(t)).all(|t| all[0][t as usize] == 0.0), "{:?}", all[0]);
        predictor.tag_marginals(&[], &mut Default::default(), &mut all_tags, &mut all);
        assert!(all.is_empty() && all_tags.is_empty());
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
        let (news, other) = disagreeing_domains();
        let options = TrainOptions {
            min_count: 1,
            prune: 0.0,
            target_weight: 1.0,
            learner: Learner::Perceptron,
            epochs: Learner::Perceptron.default_epochs(),
            ..Default::default()
        };
        let train_for =
            |first: &[Sentence], second: &[Sentence]| train_domains(&[first, second], NameLists::default(), Clusters::default(), &options);
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
