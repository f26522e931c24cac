//! Decoding: the best tag sequence under BIO constraints (Viterbi), in integer scores.

use crate::model::tags::{allowed, Tag, NUM_TAGS};

/// Score of a transition that BIO forbids (`O` → `I-X`).
const FORBIDDEN: i32 = i32::MIN / 4;

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
