//! The compiled model: hash-table lookups of feature weights, Viterbi decoding under BIO
//! constraints, and forward-backward marginals for confidence scores.

use crate::clusters::Clusters;
use crate::features::Features;
use crate::gazetteer::{KeyMap, NameLists};
use crate::model::{Model, Row};
use crate::tags::{allowed, Tag, NUM_TAGS};

/// Score of a transition that BIO forbids (`O` → `I-X`).
const FORBIDDEN: i32 = i32::MIN / 4;

/// A model compiled for fast prediction.
#[derive(Debug)]
pub struct Predictor {
    index: KeyMap<u32>,
    rows: Vec<Row>,
    transitions: [[i32; NUM_TAGS]; NUM_TAGS + 1],
    temperature: f32,
    pub(crate) names: NameLists,
    pub(crate) clusters: Clusters,
    card: String,
}

/// Buffers reused from sentence to sentence.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub(crate) features: Features,
    emissions: Vec<[i32; NUM_TAGS]>,
    back: Vec<[u8; NUM_TAGS]>,
    alpha: Vec<[f32; NUM_TAGS]>,
    beta: Vec<[f32; NUM_TAGS]>,
}

impl Predictor {
    /// Compiles a model.
    pub fn new(model: Model) -> Predictor {
        let mut index = KeyMap::with_capacity_and_hasher(model.weights.len(), Default::default());
        let mut rows = Vec::with_capacity(model.weights.len());
        for (key, row) in model.weights {
            index.insert(key, rows.len() as u32);
            rows.push(row);
        }
        let mut transitions = model.transitions;
        for (prev, row) in transitions.iter_mut().enumerate() {
            let prev = (prev < NUM_TAGS).then_some(prev as Tag);
            for (next, w) in row.iter_mut().enumerate() {
                if !allowed(prev, next as Tag) {
                    *w = FORBIDDEN;
                }
            }
        }
        Predictor {
            index,
            rows,
            transitions,
            temperature: model.temperature,
            names: model.names,
            clusters: model.clusters,
            card: model.card,
        }
    }

    /// The model card: what the model was trained on and how it scores.
    pub fn card(&self) -> &str {
        &self.card
    }

    /// Tags a sentence of normalized words. Writes one tag per word into `tags` and, when
    /// `confidence` is given, the probability of each chosen tag.
    pub(crate) fn tag(&self, words: &[&str], scratch: &mut Scratch, tags: &mut Vec<Tag>, confidence: Option<&mut Vec<f32>>) {
        tags.clear();
        if words.is_empty() {
            if let Some(c) = confidence {
                c.clear();
            }
            return;
        }
        scratch.features.extract(words, &self.names, &self.clusters);
        self.emissions(scratch);
        viterbi(&scratch.emissions, &self.transitions, &mut scratch.back, tags);
        if let Some(confidence) = confidence {
            confidence.clear();
            if tags.iter().all(|&t| t == crate::tags::OUTSIDE) {
                confidence.resize(tags.len(), 1.0);
            } else {
                self.marginals(scratch, tags, confidence);
            }
        }
    }

    fn emissions(&self, scratch: &mut Scratch) {
        let n = scratch.features.len();
        scratch.emissions.clear();
        for i in 0..n {
            let mut sum = [0i32; NUM_TAGS];
            for key in scratch.features.token(i) {
                if let Some(&row) = self.index.get(key) {
                    let row = &self.rows[row as usize];
                    for (s, &w) in sum.iter_mut().zip(row) {
                        *s += w as i32;
                    }
                }
            }
            scratch.emissions.push(sum);
        }
    }

    /// Forward-backward over the same scores, divided by the temperature.
    fn marginals(&self, scratch: &mut Scratch, tags: &[Tag], out: &mut Vec<f32>) {
        let n = scratch.emissions.len();
        let inv = 1.0 / self.temperature;
        let trans = |p: usize, t: usize| {
            let w = self.transitions[p][t];
            if w == FORBIDDEN { f32::NEG_INFINITY } else { w as f32 * inv }
        };
        scratch.alpha.clear();
        scratch.alpha.resize(n, [0.0; NUM_TAGS]);
        scratch.beta.clear();
        scratch.beta.resize(n, [0.0; NUM_TAGS]);
        for t in 0..NUM_TAGS {
            scratch.alpha[0][t] = trans(NUM_TAGS, t) + scratch.emissions[0][t] as f32 * inv;
        }
        for i in 1..n {
            for t in 0..NUM_TAGS {
                let terms = std::array::from_fn::<f32, NUM_TAGS, _>(|p| scratch.alpha[i - 1][p] + trans(p, t));
                scratch.alpha[i][t] = log_sum_exp(&terms) + scratch.emissions[i][t] as f32 * inv;
            }
        }
        for i in (0..n - 1).rev() {
            for p in 0..NUM_TAGS {
                let terms = std::array::from_fn::<f32, NUM_TAGS, _>(|t| {
                    trans(p, t) + scratch.emissions[i + 1][t] as f32 * inv + scratch.beta[i + 1][t]
                });
                scratch.beta[i][p] = log_sum_exp(&terms);
            }
        }
        let total = log_sum_exp(&scratch.alpha[n - 1]);
        out.extend(tags.iter().enumerate().map(|(i, &t)| {
            let p = (scratch.alpha[i][t as usize] + scratch.beta[i][t as usize] - total).exp();
            if p.is_finite() { p.clamp(0.0, 1.0) } else { 0.0 }
        }));
    }
}

fn log_sum_exp(values: &[f32]) -> f32 {
    let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if max == f32::NEG_INFINITY {
        return max;
    }
    max + values.iter().map(|&v| (v - max).exp()).sum::<f32>().ln()
}

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
    let mut score: [i64; NUM_TAGS] = std::array::from_fn(|t| transitions[NUM_TAGS][t] as i64 + emissions[0][t] as i64);
    for i in 1..n {
        let mut next = [i64::MIN; NUM_TAGS];
        for t in 0..NUM_TAGS {
            let (mut best, mut arg) = (i64::MIN, 0u8);
            for p in 0..NUM_TAGS {
                let s = score[p] + transitions[p][t] as i64;
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            next[t] = best + emissions[i][t] as i64;
            back[i][t] = arg;
        }
        score = next;
    }
    let mut last = (0..NUM_TAGS).max_by_key(|&t| (score[t], std::cmp::Reverse(t))).unwrap_or(0) as u8;
    tags.resize(n, 0);
    for i in (0..n).rev() {
        tags[i] = last;
        last = back[i][last as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_respects_bio() {
        // Token 1 strongly prefers I-PER (2) but follows O: must not come out as I-PER after O.
        let mut transitions = [[0; NUM_TAGS]; NUM_TAGS + 1];
        for (p, row) in transitions.iter_mut().enumerate() {
            let prev = (p < NUM_TAGS).then_some(p as Tag);
            for (t, w) in row.iter_mut().enumerate() {
                if !allowed(prev, t as Tag) {
                    *w = FORBIDDEN;
                }
            }
        }
        let mut e = [[0; NUM_TAGS]; 2];
        e[0][0] = 10;
        e[1][2] = 100;
        e[1][1] = 50;
        let mut tags = Vec::new();
        viterbi(&e, &transitions, &mut Vec::new(), &mut tags);
        assert_eq!(tags, vec![0, 1]);
        e[0][1] = 61;
        viterbi(&e, &transitions, &mut Vec::new(), &mut tags);
        assert_eq!(tags, vec![1, 2]);
    }
}
