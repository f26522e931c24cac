//! Features of each token for the linear model, as 32-bit keys.
//!
//! Each token's word-level facts (hashes of its forms, shape, name-list flags) are computed
//! once; the features of a token combine its own facts with those of two neighbours on each
//! side. No strings are built: every feature is a hash of a template number and a value.

use crate::clusters::Clusters;
use crate::gazetteer::{flag, key_of_hash, NameLists, MAX_PHRASE_WORDS};
use crate::hash::{hash_bytes_from, hash_str, mix};
use crate::text::clitic::{self, Article};

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

/// What is known about one token before looking at its neighbours.
#[derive(Debug, Clone, Copy, Default)]
struct TokenFacts {
    word: u64,
    bare: u64,
    host: u64,
    shape: u64,
    clitic: u8,
    names: u16,
    /// Bits 0..3: begins a listed phrase of PER/LOC/ORG; bits 4..7: continues one.
    phrase: u8,
    length: u8,
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
#[derive(Debug, Default)]
pub(crate) struct Features {
    facts: Vec<TokenFacts>,
    keys: Vec<u32>,
    ends: Vec<u32>,
}

impl Features {
    /// The feature keys of token `i` of the last sentence extracted.
    #[inline]
    pub(crate) fn token(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.keys[start..self.ends[i] as usize]
    }

    /// Number of tokens of the last sentence extracted.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Computes the features of a sentence of normalized words.
    pub(crate) fn extract(&mut self, words: &[&str], names: &NameLists, clusters: &Clusters) {
        self.facts.clear();
        self.keys.clear();
        self.ends.clear();
        self.facts.extend(words.iter().map(|w| facts_of(w, names)));
        mark_phrases(&mut self.facts, words, names);
        for (i, &word) in words.iter().enumerate() {
            let facts = &self.facts;
            let keys = &mut self.keys;
            let mut emit = |template: u64, value: u64| {
                keys.push(key_of_hash(mix(mix(0x6b61_7368, template), value)));
            };
            let at = |offset: isize| -> Option<&TokenFacts> {
                let j = i as isize + offset;
                if j < 0 { None } else { facts.get(j as usize) }
            };
            let word_at = |offset: isize| match at(offset) {
                Some(f) => f.word,
                None if offset < 0 => BOUNDARY_BEFORE,
                None => BOUNDARY_AFTER,
            };
            let me = facts[i];
            emit(template::BIAS, 0);
            for (k, offset) in (-2isize..=2).enumerate() {
                emit(template::WORD + k as u64, word_at(offset));
            }
            for (k, offset) in (-1isize..=1).enumerate() {
                let bare = at(offset).map_or(word_at(offset), |f| f.bare);
                emit(template::BARE + k as u64, bare);
            }
            emit(template::HOST, me.host);
            emit(template::BIGRAM_PREV, mix(word_at(-1), me.word));
            emit(template::BIGRAM_NEXT, mix(me.word, word_at(1)));
            emit(template::SHAPE, me.shape);
            emit(template::SHAPE_PREV, mix(at(-1).map_or(BOUNDARY_BEFORE, |f| f.shape), me.shape));
            emit(template::SHAPE_NEXT, mix(me.shape, at(1).map_or(BOUNDARY_AFTER, |f| f.shape)));
            emit(template::CLITIC, me.clitic as u64);
            emit(template::LENGTH, me.length as u64);
            if i == 0 {
                emit(template::SENTENCE_START, 0);
            }
            for (k, offset) in (-1isize..=1).enumerate() {
                let flags = at(offset).map_or(0, |f| f.names) & flag::FEATURES;
                for bit in 0..16 {
                    if flags & (1 << bit) != 0 {
                        emit(template::NAMES + k as u64, bit);
                    }
                }
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
            affixes(bare_of(word), &mut emit);
            for (k, offset) in (-1isize..=1).enumerate() {
                let cluster = at(offset).map_or(None, |f| clusters.get(f.bare));
                if let Some(path) = cluster {
                    for (p, prefix) in clusters.prefixes(path) {
                        emit(template::CLUSTER + 8 * k as u64 + p as u64, prefix);
                    }
                }
            }
            self.ends.push(self.keys.len() as u32);
        }
    }
}

/// The word without proclitics and article, as the affix features see it.
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
        let mut h = if from == 0 { hash_str("^") } else { 0 };
        h = hash_bytes_from(h, bare[at(from)..at(to)].as_bytes());
        if to >= count { hash_bytes_from(h, b"$") } else { h }
    };
    if count >= 3 {
        emit(template::TRIGRAM, marked(0, 2));
        for k in 0..count - 2 {
            emit(template::TRIGRAM, marked(k, k + 3));
        }
        emit(template::TRIGRAM, marked(count - 2, count));
    }
}

fn facts_of(word: &str, names: &NameLists) -> TokenFacts {
    let c = clitic::analyze(word);
    let clitic_bits = (c.conj_len > 0) as u8
        | ((c.prep_len > 0) as u8) << 1
        | match c.article {
            Article::None => 0,
            Article::Full => 4,
            Article::Elided => 8,
        };
    let host = if c.article == Article::Elided {
        hash_bytes_from(hash_str("ا"), c.host.as_bytes())
    } else {
        hash_str(c.host)
    };
    TokenFacts {
        word: hash_str(word),
        bare: hash_str(c.bare),
        host,
        shape: shape_of(word),
        clitic: clitic_bits,
        names: names.lookup_word(word),
        phrase: 0,
        length: c.bare.chars().count().min(12) as u8,
    }
}

/// Marks tokens covered by multi-word names in the lists (the first word may carry clitics).
fn mark_phrases(facts: &mut [TokenFacts], words: &[&str], names: &NameLists) {
    for start in 0..words.len() {
        let first = words[start];
        let c = clitic::analyze(first);
        let mut heads = [hash_str(first), 0];
        let mut head_count = 1;
        if c.conj_len + c.prep_len > 0 {
            heads[1] = if c.article == Article::Elided {
                hash_bytes_from(hash_str("ا"), c.host.as_bytes())
            } else {
                hash_str(c.host)
            };
            head_count = 2;
        }
        for &head in &heads[..head_count] {
            let mut h = head;
            for len in 2..=MAX_PHRASE_WORDS {
                let Some(next) = words.get(start + len - 1) else { break };
                h = hash_bytes_from(hash_bytes_from(h, b" "), next.as_bytes());
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
        let words = ["في", "منظمة", "شانغهاي", "للتعاون", "."];
        let mut features = Features::default();
        features.extract(&words, &names, &Clusters::default());
        assert_eq!(features.len(), 5);
        assert_eq!(features.facts[1].phrase, 1 << 2);
        assert_eq!(features.facts[3].phrase, 1 << 6);
        assert_eq!(features.facts[0].phrase, 0);
        assert!(features.token(1).len() > 20);
        // Same word, same context: same keys.
        let mut again = Features::default();
        again.extract(&words, &names, &Clusters::default());
        assert_eq!(again.token(2), features.token(2));
        assert_ne!(features.token(1), features.token(2));
    }
}
