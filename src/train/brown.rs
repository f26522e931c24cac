//! Brown word clusters learned from unlabelled text (Liang 2005, the `wcluster` algorithm), over
//! the word forms the features look up: normalized, with proclitics and the article stripped.
//!
//! Words are taken in order of frequency. The `clusters` most frequent start as one cluster each;
//! every further word enters as a cluster of its own, and then the two clusters whose merge loses
//! the least average mutual information of the class bigram model are merged, so that the window
//! always holds `clusters` clusters. After the last word, the remaining clusters are merged down
//! to one, and the order of those merges is the binary tree whose paths the output gives.
//!
//! Each step costs O(C²) for C clusters: the loss of every pair is kept in a table and updated
//! in O(1) per pair after each merge, instead of being recomputed in O(C) per pair.

use std::collections::HashMap;
use std::io::Write;

use crate::text::{clitic, normalize_into, tokenize, Token, TokenKind};

/// Marks the end of a line in the token sequence: no bigram crosses it.
const BREAK: u32 = u32::MAX;

/// Word counts and the token sequence of a corpus, gathered one text at a time.
#[derive(Debug, Default)]
pub struct BrownCorpus {
    /// Distinct forms, by id.
    words: Vec<String>,
    ids: HashMap<String, u32>,
    counts: Vec<u64>,
    /// Word ids in text order, with [`BREAK`] between lines.
    sequence: Vec<u32>,
    normalized: String,
    tokens: Vec<Token>,
    sentences: Vec<u32>,
}

impl BrownCorpus {
    /// An empty corpus.
    pub fn new() -> BrownCorpus {
        BrownCorpus::default()
    }

    /// Adds a text. Each line is normalized and tokenized as the recognizer does it; words and
    /// punctuation marks count as tokens, each word in its bare form (clitics stripped); links
    /// and line ends break the bigram chain.
    pub fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            self.normalized.clear();
            normalize_into(line, &mut self.normalized);
            tokenize(&self.normalized, &mut self.tokens, &mut self.sentences);
            for token in &self.tokens {
                let form = token.text(&self.normalized);
                let id = match token.kind {
                    TokenKind::Word => Self::intern(&mut self.words, &mut self.ids, &mut self.counts, clitic::analyze(form).bare),
                    TokenKind::Punct => Self::intern(&mut self.words, &mut self.ids, &mut self.counts, form),
                    TokenKind::Link => BREAK,
                };
                self.sequence.push(id);
            }
            self.sequence.push(BREAK);
        }
    }

    fn intern(words: &mut Vec<String>, ids: &mut HashMap<String, u32>, counts: &mut Vec<u64>, form: &str) -> u32 {
        let id = match ids.get(form) {
            Some(&id) => id,
            None => {
                let id = words.len() as u32;
                words.push(form.to_string());
                ids.insert(form.to_string(), id);
                counts.push(0);
                id
            }
        };
        counts[id as usize] += 1;
        id
    }

    /// Number of tokens added.
    pub fn tokens(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Number of distinct forms.
    pub fn types(&self) -> usize {
        self.words.len()
    }

    /// Number of distinct forms seen at least `min_count` times.
    pub fn types_with_count(&self, min_count: u64) -> usize {
        self.counts.iter().filter(|&&n| n >= min_count).count()
    }
}

/// Settings of [`brown_clusters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrownOptions {
    /// Number of clusters (leaves of the tree).
    pub clusters: usize,
    /// Words seen fewer times are left out.
    pub min_count: u64,
    /// At most this many words, the most frequent.
    pub max_words: usize,
}

impl Default for BrownOptions {
    fn default() -> BrownOptions {
        BrownOptions { clusters: 256, min_count: 10, max_words: usize::MAX }
    }
}

/// One word with its cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordCluster {
    /// The cluster's path from the root of the tree, as `0`s and `1`s.
    pub path: String,
    /// The word's bare form.
    pub word: String,
    /// How often the word occurs in the corpus.
    pub count: u64,
}

/// Clusters the corpus's words. Deterministic: ties go to the lower index. The result is
/// sorted by path, then word; words in one cluster share a path, and no cluster's path is a
/// prefix of another's.
pub fn brown_clusters(corpus: &BrownCorpus, options: &BrownOptions) -> Vec<WordCluster> {
    let mut vocabulary: Vec<u32> =
        (0..corpus.words.len() as u32).filter(|&id| corpus.counts[id as usize] >= options.min_count.max(1)).collect();
    vocabulary.sort_by(|&a, &b| {
        corpus.counts[b as usize].cmp(&corpus.counts[a as usize]).then_with(|| corpus.words[a as usize].cmp(&corpus.words[b as usize]))
    });
    vocabulary.truncate(options.max_words);
    if vocabulary.is_empty() {
        return Vec::new();
    }
    let mut rank = vec![BREAK; corpus.words.len()];
    for (r, &id) in vocabulary.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    let counts: Vec<u64> = vocabulary.iter().map(|&id| corpus.counts[id as usize]).collect();
    let bigrams = Bigrams::new(corpus.sequence.iter().map(|&id| if id == BREAK { BREAK } else { rank[id as usize] }), counts.len());
    let paths = cluster_paths(&counts, &bigrams, options.clusters.max(1));
    let mut out: Vec<WordCluster> = vocabulary
        .iter()
        .zip(paths)
        .zip(counts)
        .map(|((&id, path), count)| WordCluster { path, word: corpus.words[id as usize].clone(), count })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.word.cmp(&b.word)));
    out
}

/// Writes clusters in the format of Liang's `wcluster`: `path<TAB>word<TAB>count` per line, as
/// [`crate::train::Clusters::read`] reads them.
pub fn write_clusters(clusters: &[WordCluster], out: &mut impl Write) -> crate::Result<()> {
    for c in clusters {
        writeln!(out, "{}\t{}\t{}", c.path, c.word, c.count).map_err(|e| crate::Error::Io(e.to_string()))?;
    }
    Ok(())
}

/// Word bigram counts as adjacency lists, in both directions.
struct Bigrams {
    /// `right[right_at[w]..right_at[w + 1]]`: (v, n) for each bigram `w v` seen n times.
    right_at: Vec<usize>,
    right: Vec<(u32, u64)>,
    /// The same for bigrams `u w`, listing (u, n).
    left_at: Vec<usize>,
    left: Vec<(u32, u64)>,
}

impl Bigrams {
    /// Counts the bigrams of a sequence of word ids below `words`, [`BREAK`] cutting it.
    fn new(sequence: impl Iterator<Item = u32>, words: usize) -> Bigrams {
        let mut seen: HashMap<u64, u64> = HashMap::new();
        let mut previous = BREAK;
        for id in sequence {
            if previous != BREAK && id != BREAK {
                *seen.entry(((previous as u64) << 32) | id as u64).or_insert(0) += 1;
            }
            previous = id;
        }
        let mut pairs: Vec<(u64, u64)> = seen.into_iter().collect();
        pairs.sort_unstable();
        let split = |key: u64| ((key >> 32) as u32, key as u32);
        let mut right_at = vec![0; words + 1];
        let mut left_at = vec![0; words + 1];
        for &(key, _) in &pairs {
            let (u, v) = split(key);
            right_at[u as usize + 1] += 1;
            left_at[v as usize + 1] += 1;
        }
        for w in 0..words {
            right_at[w + 1] += right_at[w];
            left_at[w + 1] += left_at[w];
        }
        let right = pairs.iter().map(|&(key, n)| (split(key).1, n)).collect();
        let mut left = vec![(0, 0); pairs.len()];
        let mut fill = left_at.clone();
        for &(key, n) in &pairs {
            let (u, v) = split(key);
            left[fill[v as usize]] = (u, n);
            fill[v as usize] += 1;
        }
        Bigrams { right_at, right, left_at, left }
    }

    fn right_of(&self, w: usize) -> &[(u32, u64)] {
        &self.right[self.right_at[w]..self.right_at[w + 1]]
    }

    fn left_of(&self, w: usize) -> &[(u32, u64)] {
        &self.left[self.left_at[w]..self.left_at[w + 1]]
    }
}

/// `n ln n`, 0 for 0.
#[inline]
fn n_ln_n(n: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        let n = n as f64;
        n * n.ln()
    }
}

/// The clustering state: up to `slots` clusters, each in a slot of the count, mutual
/// information and loss tables.
///
/// With `n(x, y)` the count of bigrams from cluster x to cluster y, `N` their total, `n(x)` the
/// unigram count of x and `T` the unigram total, the average mutual information is the sum over
/// all ordered pairs of `q(x, y) = p(x, y) ln(p(x, y) / (p(x) p(y)))`, p(x, y) = n(x, y) / N,
/// p(x) = n(x) / T. `loss(c, d)` is how much it falls when c and d are merged.
struct Merger {
    slots: usize,
    active: Vec<usize>,
    /// Unigram count of each slot's cluster and its logarithm.
    count: Vec<u64>,
    ln_count: Vec<f64>,
    /// `bigram[x * slots + y]` = n(x, y).
    bigram: Vec<u64>,
    /// `h[x * slots + y]` = n(x, y) ln n(x, y).
    h: Vec<f64>,
    /// `q[x * slots + y]` = q(x, y).
    q: Vec<f64>,
    /// `loss[c * slots + d]` for c < d.
    loss: Vec<f64>,
    /// `ln(T² / N)`: q(x, y) = (n ln n + n (k − ln n(x) − ln n(y))) / N with n = n(x, y).
    k: f64,
    total: f64,
}

impl Merger {
    fn new(slots: usize, unigrams: u64, bigrams: u64) -> Merger {
        let total = bigrams.max(1) as f64;
        let unigrams = unigrams.max(1) as f64;
        Merger {
            slots,
            active: Vec::with_capacity(slots),
            count: vec![0; slots],
            ln_count: vec![0.0; slots],
            bigram: vec![0; slots * slots],
            h: vec![0.0; slots * slots],
            q: vec![0.0; slots * slots],
            loss: vec![0.0; slots * slots],
            k: 2.0 * unigrams.ln() - total.ln(),
            total,
        }
    }

    /// q of a bigram count between clusters whose unigram counts have the given logarithms.
    #[inline]
    fn q_of(&self, n: u64, ln_x: f64, ln_y: f64) -> f64 {
        if n == 0 {
            0.0
        } else {
            (n_ln_n(n) + n as f64 * (self.k - ln_x - ln_y)) / self.total
        }
    }

    #[inline]
    fn n(&self, x: usize, y: usize) -> u64 {
        self.bigram[x * self.slots + y]
    }

    /// Recomputes `n ln n` and q for the row and column of slot `s`.
    fn refresh_q(&mut self, s: usize) {
        let slots = self.slots;
        for i in 0..self.active.len() {
            let x = self.active[i];
            for (from, to) in [(s, x), (x, s)] {
                let n = self.n(from, to);
                let h = n_ln_n(n);
                self.h[from * slots + to] = h;
                self.q[from * slots + to] = (h + n as f64 * (self.k - self.ln_count[from] - self.ln_count[to])) / self.total;
            }
        }
    }

    /// `n ln n` of the sum of two bigram counts, looked up when one of them is zero.
    #[inline]
    fn n_ln_n_sum(&self, first: usize, second: usize) -> f64 {
        match (self.bigram[first], self.bigram[second]) {
            (_, 0) => self.h[first],
            (0, _) => self.h[second],
            (m, n) => n_ln_n(m + n),
        }
    }

    /// The loss of merging c and d, from scratch: O(C).
    fn loss_from_scratch(&self, c: usize, d: usize) -> f64 {
        let s = self.slots;
        let ln_cd = ((self.count[c] + self.count[d]) as f64).ln();
        let mut before = self.q[c * s + c] + self.q[c * s + d] + self.q[d * s + c] + self.q[d * s + d];
        let self_cd = self.n(c, c) + self.n(c, d) + self.n(d, c) + self.n(d, d);
        let mut after = self.q_of(self_cd, ln_cd, ln_cd);
        // The q terms between c+d and the others, as (Σ n ln n + Σ n (k − ln n(x)) − ln n(c+d) Σ n) / N.
        let (mut sum_h, mut sum_weighted, mut sum_n) = (0.0, 0.0, 0u64);
        for &x in &self.active {
            if x == c || x == d {
                continue;
            }
            before += self.q[c * s + x] + self.q[x * s + c] + self.q[d * s + x] + self.q[x * s + d];
            let to = self.n(c, x) + self.n(d, x);
            let from = self.n(x, c) + self.n(x, d);
            sum_h += self.n_ln_n_sum(c * s + x, d * s + x) + self.n_ln_n_sum(x * s + c, x * s + d);
            sum_weighted += (to + from) as f64 * (self.k - self.ln_count[x]);
            sum_n += to + from;
        }
        after += (sum_h + sum_weighted - ln_cd * sum_n as f64) / self.total;
        before - after
    }

    /// Recomputes the loss of every pair that holds slot `s`.
    fn refresh_loss(&mut self, s: usize) {
        for i in 0..self.active.len() {
            let x = self.active[i];
            if x != s {
                let (c, d) = (s.min(x), s.max(x));
                self.loss[c * self.slots + d] = self.loss_from_scratch(c, d);
            }
        }
    }

    /// Puts a new cluster with the given unigram count in the free slot `s`, with its bigram
    /// counts to and from the active clusters already in row and column `s` of `bigram`.
    fn activate(&mut self, s: usize, count: u64) {
        self.count[s] = count;
        self.ln_count[s] = (count.max(1) as f64).ln();
        let at = self.active.partition_point(|&x| x < s);
        self.active.insert(at, s);
        self.refresh_q(s);
        // Every other pair's loss gains the terms between the pair and the newcomer, which
        // are zero unless one of the two has bigrams with it.
        let slots = self.slots;
        let others: Vec<usize> = self.active.iter().copied().filter(|&x| x != s).collect();
        let ln_s = self.ln_count[s];
        for (i, &c) in others.iter().enumerate() {
            let with_c = self.q[c * slots + s] + self.q[s * slots + c];
            for &d in &others[i + 1..] {
                let to = self.n(c, s) + self.n(d, s);
                let from = self.n(s, c) + self.n(s, d);
                if to == 0 && from == 0 {
                    continue;
                }
                let with_d = self.q[d * slots + s] + self.q[s * slots + d];
                let ln_cd = ((self.count[c] + self.count[d]) as f64).ln();
                let h = self.n_ln_n_sum(c * slots + s, d * slots + s) + self.n_ln_n_sum(s * slots + c, s * slots + d);
                let merged = (h + (to + from) as f64 * (self.k - ln_cd - ln_s)) / self.total;
                self.loss[c * slots + d] += with_c + with_d - merged;
            }
        }
        self.refresh_loss(s);
    }

    /// The pair with the smallest loss, ties to the lower (c, d).
    fn best_pair(&self) -> Option<(usize, usize)> {
        let mut best: Option<(f64, usize, usize)> = None;
        for (i, &c) in self.active.iter().enumerate() {
            let row = &self.loss[c * self.slots..(c + 1) * self.slots];
            for &d in &self.active[i + 1..] {
                if best.is_none_or(|(l, _, _)| row[d] < l) {
                    best = Some((row[d], c, d));
                }
            }
        }
        best.map(|(_, c, d)| (c, d))
    }

    /// Merges cluster b into cluster a (in either order of slots), updating every other
    /// pair's loss in O(1).
    fn merge(&mut self, a: usize, b: usize) {
        let s = self.slots;
        let others: Vec<usize> = self.active.iter().copied().filter(|&x| x != a && x != b).collect();
        let count_m = self.count[a] + self.count[b];
        let ln_m = (count_m as f64).ln();
        let (ln_a, ln_b) = (self.ln_count[a], self.ln_count[b]);
        // Per other cluster x: its bigram counts with a and b, what its q terms with a and b
        // add up to before the merge, and its q terms with the merged cluster m after.
        let mut to_a = vec![0u64; s];
        let mut to_b = vec![0u64; s];
        let mut from_a = vec![0u64; s];
        let mut from_b = vec![0u64; s];
        let mut change = vec![0.0f64; s];
        for &x in &others {
            to_a[x] = self.n(x, a);
            to_b[x] = self.n(x, b);
            from_a[x] = self.n(a, x);
            from_b[x] = self.n(b, x);
            let before = self.q[x * s + a] + self.q[a * s + x] + self.q[x * s + b] + self.q[b * s + x];
            let after = self.q_of(to_a[x] + to_b[x], self.ln_count[x], ln_m) + self.q_of(from_a[x] + from_b[x], ln_m, self.ln_count[x]);
            change[x] = after - before;
        }
        // The terms of loss(c, d) between the merged c+d and a, b, minus those between c+d and
        // m. Their ln n(c+d) parts cancel, as n(c+d, a) + n(c+d, b) = n(c+d, m).
        let split_gain = |u1: u64, u2: u64| -> f64 {
            if u1 == 0 && u2 == 0 {
                return 0.0;
            }
            let entropy = if u1 == 0 || u2 == 0 { 0.0 } else { n_ln_n(u1) + n_ln_n(u2) - n_ln_n(u1 + u2) };
            entropy - u1 as f64 * ln_a - u2 as f64 * ln_b + (u1 + u2) as f64 * ln_m
        };
        for (i, &c) in others.iter().enumerate() {
            for &d in &others[i + 1..] {
                let pair = split_gain(to_a[c] + to_a[d], to_b[c] + to_b[d]) + split_gain(from_a[c] + from_a[d], from_b[c] + from_b[d]);
                self.loss[c * s + d] += change[c] + change[d] + pair / self.total;
            }
        }
        // Counts of the merged cluster into slot a; slot b is freed.
        let self_m = self.n(a, a) + self.n(a, b) + self.n(b, a) + self.n(b, b);
        for &x in &others {
            self.bigram[a * s + x] += self.bigram[b * s + x];
            self.bigram[x * s + a] += self.bigram[x * s + b];
        }
        self.bigram[a * s + a] = self_m;
        self.clear_slot(b);
        self.count[a] = count_m;
        self.ln_count[a] = ln_m;
        self.refresh_q(a);
        self.refresh_loss(a);
    }

    /// Zeroes the counts of slot `s` and takes it out of the active list.
    fn clear_slot(&mut self, b: usize) {
        let s = self.slots;
        for x in 0..s {
            self.bigram[b * s + x] = 0;
            self.bigram[x * s + b] = 0;
            self.h[b * s + x] = 0.0;
            self.h[x * s + b] = 0.0;
            self.q[b * s + x] = 0.0;
            self.q[x * s + b] = 0.0;
        }
        self.count[b] = 0;
        self.active.retain(|&x| x != b);
    }

    /// Average mutual information of the current clustering (for tests).
    #[cfg(test)]
    fn mutual_information(&self) -> f64 {
        self.active.iter().flat_map(|&x| self.active.iter().map(move |&y| (x, y))).map(|(x, y)| self.q[x * self.slots + y]).sum()
    }
}

/// The cluster path of each word (ids by decreasing count), C clusters at most.
fn cluster_paths(counts: &[u64], bigrams: &Bigrams, clusters: usize) -> Vec<String> {
    let words = counts.len();
    let slots = clusters.min(words) + 1;
    let total_bigrams: u64 = bigrams.right.iter().map(|&(_, n)| n).sum();
    let mut merger = Merger::new(slots, counts.iter().sum(), total_bigrams);
    let mut slot_of = vec![usize::MAX; words];
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); slots];
    for w in 0..words {
        let s = (0..slots).find(|s| members[*s].is_empty()).unwrap_or(0);
        add_word(&mut merger, bigrams, &slot_of, w, s, counts[w]);
        slot_of[w] = s;
        members[s].push(w as u32);
        if merger.active.len() == slots {
            let (a, b) = merger.best_pair().unwrap_or((0, 1));
            // The larger cluster keeps its slot, so that relabelling words costs O(V log V).
            let (keep, gone) = if members[b].len() > members[a].len() { (b, a) } else { (a, b) };
            merger.merge(keep, gone);
            let moved = std::mem::take(&mut members[gone]);
            for &v in &moved {
                slot_of[v as usize] = keep;
            }
            members[keep].extend(moved);
        }
    }
    // Merge the remaining clusters down to one: node ids 0..slots are the leaves (by slot),
    // each merge adds a node whose children are the two merged nodes.
    let mut node_of_slot: Vec<usize> = (0..slots).collect();
    let mut children: Vec<(usize, usize)> = vec![(usize::MAX, usize::MAX); slots];
    while merger.active.len() > 1 {
        let Some((a, b)) = merger.best_pair() else { break };
        merger.merge(a, b);
        children.push((node_of_slot[a], node_of_slot[b]));
        node_of_slot[a] = children.len() - 1;
    }
    // Paths from the root down; a lone cluster gets `0` so that every path is non-empty.
    let mut path_of_node = vec![String::new(); children.len()];
    let root = merger.active.first().map_or(0, |&s| node_of_slot[s]);
    if root < slots {
        path_of_node[root] = "0".to_string();
    }
    for node in (slots..children.len()).rev() {
        let (left, right) = children[node];
        path_of_node[left] = format!("{}0", path_of_node[node]);
        path_of_node[right] = format!("{}1", path_of_node[node]);
    }
    (0..words).map(|w| path_of_node[slot_of[w]].clone()).collect()
}

/// Puts word w into the free slot s, with its bigram counts to and from the words already in.
fn add_word(merger: &mut Merger, bigrams: &Bigrams, slot_of: &[usize], w: usize, s: usize, count: u64) {
    let slots = merger.slots;
    for &(v, n) in bigrams.right_of(w) {
        let v = v as usize;
        if v == w {
            merger.bigram[s * slots + s] += n;
        } else if v < w {
            merger.bigram[s * slots + slot_of[v]] += n;
        }
    }
    for &(u, n) in bigrams.left_of(w) {
        let u = u as usize;
        if u < w {
            merger.bigram[slot_of[u] * slots + s] += n;
        }
    }
    merger.activate(s, count);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so that tests need no randomness crate.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            (crate::base::hash::xorshift(&mut self.0) % n as u64) as usize
        }
    }

    /// Sentences where people say and travel, places are travelled to and are large.
    fn synthetic_corpus() -> BrownCorpus {
        let people = ["زيد", "عمرو", "هند", "سعيد", "خالد", "مريم"];
        let places = ["تونس", "دمشق", "حمص", "عمان", "صنعاء", "طرطوس"];
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut corpus = BrownCorpus::new();
        for _ in 0..3000 {
            let person = people[rng.below(people.len())];
            let place = places[rng.below(places.len())];
            let line = match rng.below(4) {
                0 => format!("قال {person} ان {place} كبيرة ."),
                1 => format!("سافر {person} الى {place} امس ."),
                2 => format!("وصل {person} الى {place} اليوم ."),
                _ => format!("قالت {person} ان المدينة {place} جميلة ."),
            };
            corpus.add_text(&line);
        }
        corpus
    }

    #[test]
    fn people_and_places_part_at_the_root() {
        let corpus = synthetic_corpus();
        let clusters = brown_clusters(&corpus, &BrownOptions { clusters: 6, min_count: 1, max_words: usize::MAX });
        let path = |word: &str| clusters.iter().find(|c| c.word == word).map(|c| c.path.clone()).unwrap();
        let people = ["زيد", "عمرو", "هند", "سعيد", "خالد", "مريم"].map(path);
        let places = ["تونس", "دمشق", "حمص", "عمان", "صنعاء", "طرطوس"].map(path);
        // Same cluster within each group, and a different cluster across groups.
        assert!(people.iter().all(|p| p == &people[0]), "{people:?}");
        assert!(places.iter().all(|p| p == &places[0]), "{places:?}");
        assert_ne!(people[0], places[0]);
    }

    #[test]
    fn paths_are_a_prefix_free_code() {
        let corpus = synthetic_corpus();
        for c in [1, 2, 3, 5, 8, 40] {
            let clusters = brown_clusters(&corpus, &BrownOptions { clusters: c, min_count: 1, max_words: usize::MAX });
            assert_eq!(clusters.len(), corpus.types());
            let mut paths: Vec<&str> = clusters.iter().map(|c| c.path.as_str()).collect();
            paths.dedup();
            assert_eq!(paths.len(), c.min(corpus.types()), "{c} clusters");
            for p in &paths {
                assert!(!p.is_empty() && p.bytes().all(|b| b == b'0' || b == b'1'));
                for q in &paths {
                    assert!(p == q || !q.starts_with(p), "{p} is a prefix of {q}");
                }
            }
            assert!(clusters.windows(2).all(|w| (&w[0].path, &w[0].word) < (&w[1].path, &w[1].word)));
        }
    }

    #[test]
    fn same_corpus_gives_same_clusters() {
        let options = BrownOptions { clusters: 4, min_count: 2, max_words: 12 };
        let first = brown_clusters(&synthetic_corpus(), &options);
        let second = brown_clusters(&synthetic_corpus(), &options);
        assert_eq!(first, second);
        assert_eq!(first.len(), 12);
    }

    #[test]
    fn incremental_losses_match_recomputed_ones() {
        let corpus = synthetic_corpus();
        let mut counts = corpus.counts.clone();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let mut order: Vec<u32> = (0..corpus.words.len() as u32).collect();
        order.sort_by(|&a, &b| corpus.counts[b as usize].cmp(&corpus.counts[a as usize]).then(a.cmp(&b)));
        let mut rank = vec![0; order.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        let bigrams = Bigrams::new(corpus.sequence.iter().map(|&id| if id == BREAK { BREAK } else { rank[id as usize] }), order.len());
        let slots = 5;
        let mut merger = Merger::new(slots, counts.iter().sum(), bigrams.right.iter().map(|&(_, n)| n).sum());
        let mut slot_of = vec![usize::MAX; counts.len()];
        for w in 0..counts.len() {
            let s = (0..slots).find(|s| !merger.active.contains(s)).unwrap();
            add_word(&mut merger, &bigrams, &slot_of, w, s, counts[w]);
            slot_of[w] = s;
            if merger.active.len() == slots {
                let (a, b) = merger.best_pair().unwrap();
                let before = merger.mutual_information();
                let predicted = merger.loss[a * slots + b];
                merger.merge(a, b);
                assert!((before - merger.mutual_information() - predicted).abs() < 1e-12);
                for (i, &c) in merger.active.iter().enumerate() {
                    for &d in &merger.active[i + 1..] {
                        let kept = merger.loss[c * slots + d];
                        let fresh = merger.loss_from_scratch(c, d);
                        assert!((kept - fresh).abs() < 1e-12, "loss({c}, {d}) kept {kept}, recomputed {fresh}");
                    }
                }
                for slot in &mut slot_of[..=w] {
                    if *slot == b {
                        *slot = a;
                    }
                }
            }
        }
    }
}
