//! Confidence: forward-backward marginals of the chosen tags, in probability space. The step
//! functions are generic over the float type so that training (in `f64`) runs the very same
//! arithmetic as prediction (in `f32`).

use super::cache::Scratch;
use super::Predictor;
use crate::model::tags::{Tag, NUM_TAGS};

/// The float types forward-backward runs in.
pub(crate) trait Real: Copy + std::ops::Add<Output = Self> + std::ops::Mul<Output = Self> + std::ops::AddAssign {
    /// Negative zero, where `Iterator::sum` starts.
    const NEG_ZERO: Self;
}

impl Real for f32 {
    const NEG_ZERO: f32 = -0.0;
}

impl Real for f64 {
    const NEG_ZERO: f64 = -0.0;
}

impl Predictor {
    /// Forward-backward over the same scores divided by the temperature, in probability
    /// space with per-position normalization: nine exponentials per token, no logarithms.
    ///
    /// Each position's forward and backward vectors are normalized on their own, so stopping
    /// the forward pass after the last needed token and the backward pass at the first one
    /// changes no computed value.
    pub(super) fn marginals(&self, scratch: &mut Scratch, tags: &[Tag], needed: std::ops::RangeInclusive<usize>, out: &mut Vec<f32>) {
        out.clear();
        out.resize(scratch.emissions.len(), 1.0);
        self.forward_backward(scratch, needed, |i, joint| {
            if let Some(&t) = tags.get(i) {
                let total: f32 = joint.iter().sum();
                out[i] = if total > 0.0 && total.is_finite() { (joint[t as usize] / total).clamp(0.0, 1.0) } else { 0.0 };
            }
        });
    }

    /// The forward-backward pass of [`marginals`](Self::marginals) over `scratch.emissions`:
    /// calls `each(i, joint)` for the tokens `needed`, last first, with token `i`'s forward
    /// vector times its backward vector (not normalized).
    fn forward_backward(
        &self,
        scratch: &mut Scratch,
        needed: std::ops::RangeInclusive<usize>,
        mut each: impl FnMut(usize, &[f32; NUM_TAGS]),
    ) {
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
        alpha.clear();
        if n == 0 {
            return;
        }
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
        for i in (first_needed..n).rev() {
            if let Some(alpha) = alpha.get(i) {
                each(i, &std::array::from_fn(|k| alpha[k] * backward[k]));
            }
            if i > first_needed {
                let mut next = backward_step(&self.transition_potentials_by_next, &potentials[i], &backward);
                normalize(&mut next);
                backward = next;
            }
        }
    }
}

/// Scales `v` to sum to 1, where its sum is positive and finite.
fn normalize(v: &mut [f32; NUM_TAGS]) {
    let sum: f32 = v.iter().sum();
    if sum > 0.0 && sum.is_finite() {
        v.iter_mut().for_each(|x| *x /= sum);
    }
}

#[cfg(feature = "train")]
impl Predictor {
    /// Tags a sentence of normalized words by Viterbi and writes, for every token, the
    /// forward-backward marginal of each of the nine tags (at the model's temperature, BIO
    /// constraints applied), for training a second-stage model on them: the pass of
    /// [`marginals`](Predictor::marginals), which gives the chosen tags' alone.
    pub(crate) fn tag_marginals(&self, words: &[&str], scratch: &mut Scratch, tags: &mut Vec<Tag>, out: &mut Vec<[f32; NUM_TAGS]>) {
        out.clear();
        self.tag_with(words, scratch, tags, None, Confidences::Names);
        let n = scratch.emissions.len();
        out.resize(n, [0.0; NUM_TAGS]);
        self.forward_backward(scratch, 0..=n.saturating_sub(1), |i, joint| {
            let mut joint = *joint;
            normalize(&mut joint);
            out[i] = joint;
        });
    }
}

/// One step of the forward pass of [`Predictor::marginals`]: for each tag `t`, the sum over
/// previous tags `p` (in increasing order, from -0.0 as `Iterator::sum` starts) of
/// `prev[p] * transitions[p][t]`, times `potentials[t]`. Summed for all tags at once, a row of
/// `transitions` at a time, which vectorizes; each sum adds the same terms in the same order as
/// one tag at a time would, so every result is bit for bit the same.
#[inline]
pub(crate) fn forward_step<R: Real>(
    prev: &[R; NUM_TAGS],
    transitions: &[[R; NUM_TAGS]; NUM_TAGS + 1],
    potentials: &[R; NUM_TAGS],
) -> [R; NUM_TAGS] {
    let mut reach = [R::NEG_ZERO; NUM_TAGS];
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
pub(crate) fn backward_step<R: Real>(
    by_next: &[[R; NUM_TAGS]; NUM_TAGS],
    potentials: &[R; NUM_TAGS],
    backward: &[R; NUM_TAGS],
) -> [R; NUM_TAGS] {
    let mut next = [R::NEG_ZERO; NUM_TAGS];
    for ((column, &potential), &later) in by_next.iter().zip(potentials).zip(backward) {
        for (n, &w) in next.iter_mut().zip(column) {
            *n += w * potential * later;
        }
    }
    next
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
pub(super) const MAX_EXP_TABLE: usize = 4096;

/// The potential of a tag whose score is `below` (at most 0) relative to the best tag's, at
/// inverse temperature `inv`. Tables of it hold exactly what this computes.
#[inline]
pub(super) fn emission_potential(below: i32, inv: f32) -> f32 {
    (below as f32 * inv).max(-80.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
