//! Features of each token for the linear model, as 32-bit keys.
//!
//! Each token's word-level facts (hashes of its forms, shape, name-list flags) are computed
//! once; the features of a token combine its own facts with those of two neighbours on each
//! side. No strings are built: every feature is a hash of a template number and a value.

use crate::base::hash::key_of_hash;
use crate::base::hash::{hash_concat, hash_str, mix, phrase_next};
use crate::model::clusters::Clusters;
use crate::model::names::{flag, NameLists, MAX_PHRASE_WORDS};
use crate::text::clitic::{self, Article, Clitics};

/// Feature templates. Their numbers are part of the model format.
mod template {
    pub const BIAS: u64 = 1;
    pub const WORD: u64 = 2; // + offset 0..=4 for positions -2..=2
    pub const BARE: u64 = 10; // + offset for positions -1..=1
    pub const HOST: u64 = 14;
    pub const PREFIX: u64 = 20; // + length
    pub const SUFFIX: u64 = 25; // + length
    pub const TRIGRAM: u64 = 30;
    pub const SHAPE: u64 = 31;
    pub const SHAPE_PREV: u64 = 32;
    pub const SHAPE_NEXT: u64 = 33;
    pub const CLITIC: u64 = 34;
    pub const NAMES: u64 = 40; // + offset for positions -1..=1
    pub const PHRASE: u64 = 44;
    pub const BIGRAM_PREV: u64 = 45;
    pub const BIGRAM_NEXT: u64 = 46;
    pub const LENGTH: u64 = 47;
    pub const SENTENCE_START: u64 = 48;
    pub const NAMES_PREV_WORD: u64 = 49;
    pub const CLUSTER: u64 = 50; // + offset for positions -1..=1, + prefix length
}

/// Longest length of a bare form that the length feature tells apart.
pub(crate) const MAX_LENGTH: u8 = 12;

/// Number of values of [`TokenFacts::clitic`]: four bits.
pub(crate) const CLITIC_VALUES: usize = 16;

/// What is known about one token before looking at its neighbours.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokenFacts {
    pub(crate) word: u64,
    bare: u64,
    host: u64,
    shape: u64,
    pub(crate) clitic: u8,
    pub(crate) names: u16,
    /// Bits 0..3: begins a listed phrase of PER/LOC/ORG; bits 4..7: continues one.
    phrase: u8,
    pub(crate) length: u8,
    /// Path of the bare form's word cluster.
    cluster: Option<(u32, u8)>,
}

const BOUNDARY_BEFORE: u64 = 0x0b0b_0b0b;
const BOUNDARY_AFTER: u64 = 0x0e0e_0e0e;

fn shape_of(word: &str) -> u64 {
    let (mut arabic, mut upper, mut lower, mut digit, mut other) = (0, 0, 0, 0, 0);
    for c in word.chars() {
        match c {
            '0'..='9' => digit += 1,
            'A'..='Z' => upper += 1,
            'a'..='z' => lower += 1,
            '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' => arabic += 1,
            _ if c.is_alphabetic() => lower += 1,
            _ => other += 1,
        }
    }
    let letters = arabic + upper + lower;
    let kind: &str = match (letters, digit) {
        (0, 0) => return hash_str(word) ^ 0x5050,
        (0, 1) => "D1",
        (0, 2) => "D2",
        (0, 4) => "D4",
        (0, _) => "Dn",
        (_, d) if d > 0 => "AD",
        _ if arabic > 0 => "A",
        _ if upper == letters => "XX",
        _ if upper > 0 && word.starts_with(|c: char| c.is_ascii_uppercase()) => "Xx",
        _ => "xx",
    };
    hash_str(kind) ^ if other > 0 { 1 } else { 0 }
}

/// Reusable buffers for the features of one sentence.
///
/// Features come in two kinds: those of a token alone ([`unigram_keys`], the same wherever the
/// word occurs, so a predictor can cache their summed weights per word) and those that look at
/// neighbours (kept here, per token).
#[derive(Debug, Default)]
pub(crate) struct Features {
    facts: Vec<TokenFacts>,
    keys: Vec<u32>,
    ends: Vec<u32>,
}

#[inline]
fn key(template: u64, value: u64) -> u32 {
    key_of_hash(mix(mix(0x6b61_7368, template), value))
}

/// The features of a word that do not depend on its neighbours.
#[cfg(any(test, feature = "train"))]
pub(crate) fn unigram_keys(word: &str, facts: &TokenFacts, clusters: &Clusters, out: &mut Vec<u32>) {
    unigram_keys_of_bare(bare_of(word), facts, clusters, out);
}

/// [`unigram_keys`] for a caller that has the word's bare form at hand already.
#[cfg(any(test, feature = "train"))]
pub(crate) fn unigram_keys_of_bare(bare: &str, facts: &TokenFacts, clusters: &Clusters, out: &mut Vec<u32>) {
    let mut emit = |template: u64, value: u64| out.push(key(template, value));
    emit(template::BIAS, 0);
    emit(template::WORD + 2, facts.word);
    emit(template::BARE + 1, facts.bare);
    emit(template::HOST, facts.host);
    emit(template::SHAPE, facts.shape);
    emit(template::CLITIC, facts.clitic as u64);
    emit(template::LENGTH, facts.length as u64);
    names_keys(OWN, facts.names, &mut emit);
    affixes(bare, &mut emit);
    if let Some(path) = facts.cluster {
        cluster_keys(OWN, path, clusters, &mut emit);
    }
}

/// Which word a feature looks at, as the name-list and cluster templates number it: the
/// neighbour before the token, the token itself, the neighbour after it.
pub(crate) const BEFORE: u64 = 0;
pub(crate) const OWN: u64 = 1;
pub(crate) const AFTER: u64 = 2;

/// The name-list flags of the word at `side` (see [`OWN`]) that are features, one key each.
fn names_keys(side: u64, names: u16, emit: &mut impl FnMut(u64, u64)) {
    let flags = names & flag::FEATURES;
    for bit in 0..16 {
        if flags & (1 << bit) != 0 {
            emit(template::NAMES + side, bit);
        }
    }
}

/// The cluster features of the word at `side` (see [`OWN`]) whose cluster path is `path`.
fn cluster_keys(side: u64, path: (u32, u8), clusters: &Clusters, emit: &mut impl FnMut(u64, u64)) {
    // Neighbours' clusters at two of the four depths: on the dev slice this did better
    // than all four (0.757 against 0.749) and costs half the lookups.
    for (p, prefix) in clusters.prefixes(path).filter(|&(p, _)| side == OWN || p == 1 || p == 3) {
        emit(template::CLUSTER + 8 * side + p as u64, prefix);
    }
}

/// The unigram features of a word whose values range over small sets (the bias, its clitics,
/// its length, its name-list flags, its cluster) are left out of [`word_keys`]: a predictor
/// sums their weights once per model. These are the keys of the bias and of clitic bits
/// `clitic` and length `length`.
pub(crate) fn fixed_keys(clitic: u8, length: u8) -> [u32; 3] {
    [key(template::BIAS, 0), key(template::CLITIC, clitic as u64), key(template::LENGTH, length as u64)]
}

/// The key of name-list flag number `bit` of the word at `side` (see [`OWN`]).
pub(crate) fn names_key(side: u64, bit: u64) -> u32 {
    key(template::NAMES + side, bit)
}

/// The keys of the cluster features of the word at `side` (see [`OWN`]) whose path is `path`.
pub(crate) fn cluster_keys_of(side: u64, path: (u32, u8), clusters: &Clusters, out: &mut Vec<u32>) {
    cluster_keys(side, path, clusters, &mut |template, value| out.push(key(template, value)));
}

/// The unigram features that [`fixed_keys`], [`names_key`] and [`cluster_keys_of`] leave:
/// those of the word's forms, shape and affixes.
pub(crate) fn word_keys(bare: &str, facts: &TokenFacts, out: &mut Vec<u32>) {
    let mut emit = |template: u64, value: u64| out.push(key(template, value));
    emit(template::WORD + 2, facts.word);
    emit(template::BARE + 1, facts.bare);
    emit(template::HOST, facts.host);
    emit(template::SHAPE, facts.shape);
    affixes(bare, &mut emit);
}

/// Offsets of the neighbours whose features depend on that neighbour alone, so that a predictor
/// can sum them once per word (see [`neighbour_keys`]).
pub(crate) const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];

/// The features a token gets from its neighbour at `offset` (one of [`NEIGHBOURS`]), `None`
/// when the sentence ends before it: the neighbour's word, and for the nearest neighbours its
/// bare form, name-list flags and word cluster.
pub(crate) fn neighbour_keys(neighbour: Option<&TokenFacts>, offset: isize, clusters: &Clusters, out: &mut Vec<u32>) {
    let mut emit = |template: u64, value: u64| out.push(key(template, value));
    let boundary = if offset < 0 { BOUNDARY_BEFORE } else { BOUNDARY_AFTER };
    let word = neighbour.map_or(boundary, |f| f.word);
    emit(template::WORD + (offset + 2) as u64, word);
    if offset.abs() != 1 {
        return;
    }
    let side = (offset + 1) as u64; // BEFORE or AFTER
    emit(template::BARE + side, neighbour.map_or(word, |f| f.bare));
    names_keys(side, neighbour.map_or(0, |f| f.names), &mut emit);
    if let Some(path) = neighbour.and_then(|f| f.cluster) {
        cluster_keys(side, path, clusters, &mut emit);
    }
}

/// [`neighbour_keys`] of a word in the sentence without those of its name-list flags and
/// cluster (see [`fixed_keys`]): its word and, for the nearest neighbours, its bare form.
pub(crate) fn neighbour_word_keys(neighbour: &TokenFacts, offset: isize, out: &mut Vec<u32>) {
    out.push(key(template::WORD + (offset + 2) as u64, neighbour.word));
    if offset.abs() == 1 {
        out.push(key(template::BARE + (offset + 1) as u64, neighbour.bare));
    }
}

impl Features {
    /// The keys of token `i`'s features that combine it with its neighbours.
    #[inline]
    pub(crate) fn token(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.keys[start..self.ends[i] as usize]
    }

    /// The keys of every token of the last sentence, in order.
    #[inline]
    pub(crate) fn all_keys(&self) -> &[u32] {
        &self.keys
    }

    /// What is known of token `i` of the last sentence on its own.
    #[inline]
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn facts(&self, i: usize) -> &TokenFacts {
        &self.facts[i]
    }

    /// The facts of the token at `offset` from token `i`, `None` beyond the sentence.
    #[inline]
    #[cfg(feature = "train")]
    pub(crate) fn neighbour(&self, i: usize, offset: isize) -> Option<&TokenFacts> {
        let j = i as isize + offset;
        if j < 0 {
            None
        } else {
            self.facts.get(j as usize)
        }
    }

    /// Number of tokens of the last sentence.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Computes the context features of a sentence of normalized words.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn extract(&mut self, words: &[&str], names: &NameLists, clusters: &Clusters) {
        self.extract_with(words, names, |_, word| facts_of(word, names, clusters));
    }

    /// Like [`extract`](Self::extract), with each word's facts given by `facts_of` (a cache).
    pub(crate) fn extract_with(&mut self, words: &[&str], names: &NameLists, mut facts_of: impl FnMut(usize, &str) -> TokenFacts) {
        self.facts.clear();
        self.keys.clear();
        self.ends.clear();
        self.facts.extend(words.iter().enumerate().map(|(i, w)| facts_of(i, w)));
        mark_phrases(&mut self.facts, words, names);
        for i in 0..words.len() {
            let facts = &self.facts;
            let keys = &mut self.keys;
            let mut emit = |template: u64, value: u64| keys.push(key(template, value));
            let at = |offset: isize| -> Option<&TokenFacts> {
                let j = i as isize + offset;
                if j < 0 {
                    None
                } else {
                    facts.get(j as usize)
                }
            };
            let word_at = |offset: isize| match at(offset) {
                Some(f) => f.word,
                None if offset < 0 => BOUNDARY_BEFORE,
                None => BOUNDARY_AFTER,
            };
            let me = facts[i];
            emit(template::BIGRAM_PREV, mix(word_at(-1), me.word));
            emit(template::BIGRAM_NEXT, mix(me.word, word_at(1)));
            emit(template::SHAPE_PREV, mix(at(-1).map_or(BOUNDARY_BEFORE, |f| f.shape), me.shape));
            emit(template::SHAPE_NEXT, mix(me.shape, at(1).map_or(BOUNDARY_AFTER, |f| f.shape)));
            if i == 0 {
                emit(template::SENTENCE_START, 0);
            }
            if let Some(prev) = at(-1) {
                let flags = me.names & flag::FEATURES;
                if flags != 0 {
                    emit(template::NAMES_PREV_WORD, mix(prev.word, flags as u64));
                }
            }
            for bit in 0..8 {
                if me.phrase & (1 << bit) != 0 {
                    emit(template::PHRASE, bit);
                }
            }
            self.ends.push(self.keys.len() as u32);
        }
    }
}

/// The word without proclitics and article, as the affix features see it.
#[cfg(any(test, feature = "train"))]
fn bare_of(word: &str) -> &str {
    clitic::analyze(word).bare
}

/// Prefix, suffix and character-trigram features of a bare word.
fn affixes(bare: &str, emit: &mut impl FnMut(u64, u64)) {
    let mut bounds = [0usize; 24];
    let mut count = 0;
    for (at, _) in bare.char_indices() {
        if count == bounds.len() {
            break;
        }
        bounds[count] = at;
        count += 1;
    }
    if count < 2 || count == bounds.len() || bare.starts_with(|c: char| c.is_ascii_digit()) {
        return;
    }
    let end = bare.len();
    let at = |k: usize| if k >= count { end } else { bounds[k] };
    for len in 1..=3.min(count - 1) {
        emit(template::PREFIX + len as u64, hash_str(&bare[..at(len)]));
    }
    for len in 1..=4.min(count - 1) {
        emit(template::SUFFIX + len as u64, hash_str(&bare[at(count - len)..]));
    }
    // Trigrams with word-boundary marks: "^ab", "abc", ..., "yz$".
    let marked = |from: usize, to: usize| {
        let edges = (from == 0) as u64 | ((to >= count) as u64) << 1;
        mix(hash_str(&bare[at(from)..at(to)]), edges)
    };
    if count >= 3 {
        emit(template::TRIGRAM, marked(0, 2));
        for k in 0..count - 2 {
            emit(template::TRIGRAM, marked(k, k + 3));
        }
        emit(template::TRIGRAM, marked(count - 2, count));
    }
}

#[cfg(any(test, feature = "train"))]
pub(crate) fn facts_of(word: &str, names: &NameLists, clusters: &Clusters) -> TokenFacts {
    facts_of_analyzed(word, hash_str(word), &clitic::analyze(word), names, clusters)
}

/// [`facts_of`] for a caller that has hashed the word and read its clitics already.
#[cfg(any(test, feature = "train"))]
pub(crate) fn facts_of_analyzed(word: &str, word_hash: u64, c: &Clitics<'_>, names: &NameLists, clusters: &Clusters) -> TokenFacts {
    facts_of_forms(word, c, form_hashes(word, word_hash, c), names, clusters)
}

/// The hashes of the forms of a word that the name lists and clusters are asked about: the
/// word, the word after its conjunction, its host (`الصين` for `للصين`, as
/// [`NameLists::get_host`] has it) and its bare form.
pub(crate) fn form_hashes(word: &str, word_hash: u64, c: &Clitics<'_>) -> [u64; 4] {
    // Most words carry no clitic: their host is the word itself, and without an article their
    // bare form is the host, so those hashes are known already.
    let host = if c.article == Article::Elided {
        hash_concat("ا", c.host)
    } else if c.host.len() == word.len() {
        word_hash
    } else {
        hash_str(c.host)
    };
    let bare = if c.article == Article::None { host } else { hash_str(c.bare) };
    let after_conj = if c.conj_len > 0 { hash_str(&word[c.conj_len..]) } else { word_hash };
    [word_hash, after_conj, host, bare]
}

/// [`facts_of`] from the word's clitics and [`form_hashes`].
#[cfg(any(test, feature = "train"))]
pub(crate) fn facts_of_forms(word: &str, c: &Clitics<'_>, forms: [u64; 4], names: &NameLists, clusters: &Clusters) -> TokenFacts {
    facts_with_cluster(word, c, forms, names, clusters.get(forms[3]))
}

/// [`facts_of_forms`] for a caller that has looked up the cluster of the bare form already.
pub(crate) fn facts_with_cluster(
    word: &str,
    c: &Clitics<'_>,
    forms: [u64; 4],
    names: &NameLists,
    cluster: Option<(u32, u8)>,
) -> TokenFacts {
    let [word_hash, _, host, bare] = forms;
    let clitic_bits = (c.conj_len > 0) as u8
        | ((c.prep_len > 0) as u8) << 1
        | match c.article {
            Article::None => 0,
            Article::Full => 4,
            Article::Elided => 8,
        };
    TokenFacts {
        word: word_hash,
        bare,
        cluster,
        host,
        shape: shape_of(word),
        clitic: clitic_bits,
        names: names.lookup_analyzed(word, c, forms),
        phrase: 0,
        length: c.bare.chars().count().min(MAX_LENGTH as usize) as u8,
    }
}

/// Marks tokens covered by multi-word names in the lists (the first word may carry clitics).
fn mark_phrases(facts: &mut [TokenFacts], words: &[&str], names: &NameLists) {
    for start in 0..words.len() {
        // Only a word that begins some multi-word name in the lists can begin one here.
        if facts[start].names & flag::PHRASE_HEAD == 0 {
            continue;
        }
        let first = words[start];
        let c = clitic::analyze(first);
        let mut heads = [facts[start].word, 0];
        let mut head_count = 1;
        if c.conj_len + c.prep_len > 0 {
            heads[1] = facts[start].host;
            head_count = 2;
        }
        for &head in &heads[..head_count] {
            let mut h = head;
            for len in 2..=MAX_PHRASE_WORDS {
                if start + len > words.len() {
                    break;
                }
                h = phrase_next(h, facts[start + len - 1].word);
                let flags = names.get_hash(h);
                for (bit, class) in [flag::PER, flag::LOC, flag::ORG].into_iter().enumerate() {
                    if flags & class != 0 {
                        facts[start].phrase |= 1 << bit;
                        for f in &mut facts[start + 1..start + len] {
                            f.phrase |= 1 << (bit + 4);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_and_features_per_token() {
        let mut names = NameLists::default();
        names.add_name("منظمة شانغهاي للتعاون", flag::ORG, flag::ORG_WORD);
        let normalized: Vec<String> = ["في", "منظمة", "شانغهاي", "للتعاون", "."].iter().map(|w| crate::text::normalize_word(w)).collect();
        let words: Vec<&str> = normalized.iter().map(String::as_str).collect();
        let mut features = Features::default();
        features.extract(&words, &names, &Clusters::default());
        assert_eq!(features.len(), 5);
        assert_eq!(features.facts[1].phrase, 1 << 2);
        assert_eq!(features.facts[3].phrase, 1 << 6);
        assert_eq!(features.facts[0].phrase, 0);
        let mut unigrams = Vec::new();
        unigram_keys(words[1], features.facts(1), &Clusters::default(), &mut unigrams);
        assert!(unigrams.len() + features.token(1).len() > 20);
        // Same word, same context: same keys.
        let mut again = Features::default();
        again.extract(&words, &names, &Clusters::default());
        assert_eq!(again.token(2), features.token(2));
        assert_ne!(features.token(1), features.token(2));
    }

    #[test]
    fn split_keys_are_the_same_keys() {
        // What a predictor sums per word (word keys plus the small-set ones) must be exactly
        // the features the model was trained with.
        let mut names = NameLists::default();
        names.add_name("روسيا", flag::LOC | flag::COUNTRY, flag::LOC_WORD);
        let mut clusters = Clusters::default();
        clusters.insert("روسيا", "0110100111");
        clusters.insert("صين", "1101");
        for word in ["وروسيا", "روسيا", "بالصين", "في", "2024", "،", "Obama"] {
            let word = crate::text::normalize_word(word);
            let facts = facts_of(&word, &names, &clusters);
            let mut all = Vec::new();
            unigram_keys(&word, &facts, &clusters, &mut all);
            // The name-list and cluster keys a token gets for a word at `side`.
            let flags_and_cluster = |side: u64, split: &mut Vec<u32>| {
                split.extend((0..16).filter(|&bit| facts.names & flag::FEATURES & (1 << bit) != 0).map(|bit| names_key(side, bit)));
                if let Some(path) = facts.cluster {
                    cluster_keys_of(side, path, &clusters, split);
                }
            };
            let mut split = Vec::new();
            word_keys(bare_of(&word), &facts, &mut split);
            split.extend(fixed_keys(facts.clitic, facts.length));
            flags_and_cluster(OWN, &mut split);
            all.sort_unstable();
            split.sort_unstable();
            assert_eq!(all, split, "{word}");
            for offset in NEIGHBOURS {
                let mut all = Vec::new();
                neighbour_keys(Some(&facts), offset, &clusters, &mut all);
                let mut split = Vec::new();
                neighbour_word_keys(&facts, offset, &mut split);
                if offset.abs() == 1 {
                    flags_and_cluster((offset + 1) as u64, &mut split);
                }
                all.sort_unstable();
                split.sort_unstable();
                assert_eq!(all, split, "{word} at {offset}");
            }
        }
        assert!(facts_of("وروسيا", &names, &clusters).cluster.is_some());
    }
}
