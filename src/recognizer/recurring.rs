//! The recurring-names pass: news repeats its names, and a name the model marked confidently
//! once is the same name where its words recur unmarked later in the text.

use std::hash::BuildHasherDefault;

use super::Recognizer;
use crate::base::hash::{hash_concat, hash_str, key_of_hash, phrase_next};
use crate::base::table::{KeyHasher, KeyMap};
use crate::entity::Label;
use crate::text::clitic;
use crate::text::{Token, TokenKind};

impl Recognizer {
    /// News repeats its names: a name marked confidently once is the same name where the same
    /// words recur unmarked in the same text, a leading conjunction or preposition aside when
    /// the name lists know the rest (`بيترو` ... `وبيترو`). Recurrences after لل are not sought. Adds those mentions to `found`,
    /// which stays sorted and non-overlapping. `hashes` holds each token's `hash_str`.
    pub(super) fn recall_mentions(
        &self,
        normalized: &str,
        tokens: &[Token],
        hashes: &[u64],
        sentences: &[u32],
        found: &mut Vec<(usize, usize, Label, f32)>,
    ) {
        // Chosen by cross-validation on ANERcorp train with calibrated confidences (temperature
        // grid up to 128): 0.5 did best (0.7484; 0.3 to 0.6 within 0.15 point, 0.9 0.7435).
        // Leaving out family names alone was chosen on the dev slice.
        const CONFIDENT: f32 = 0.5;
        const MAX_WORDS: usize = 3;
        let is_word = |t: &Token| {
            let text = t.text(normalized);
            // Two characters or more: longer than its first.
            t.kind == TokenKind::Word && text.len() > text.chars().next().map_or(0, char::len_utf8)
        };
        // A mention is keyed by its words' hashes, the first one without its proclitics.
        let trimmed_hash = |t: &Token| {
            let word = t.text(normalized);
            hash_str(&word[self.predictor.names.proclitic_trim(word)..])
        };
        let hash_of = |i: usize| hashes.get(i).copied().unwrap_or_else(|| hash_str(tokens.get(i).map_or("", |t| t.text(normalized))));
        // The key of a mention: its head's hash, then the hashes of tokens `rest`.
        let key_from = |head: u64, rest: std::ops::Range<usize>| rest.fold(head, |k, i| phrase_next(k, hash_of(i)));
        // Keys are hashes already: index them as they are.
        let mut memory: KeyMap<(Label, f32)> = KeyMap::default();
        // What a word's hash is: the head of a remembered mention (HEAD) or one with a
        // proclitic (VARIANT), or both; one lookup per word tells.
        const HEAD: u8 = 1;
        const VARIANT: u8 = 2;
        let mut forms: KeyMap<u8> = KeyMap::default();
        // The head of each first word met so far, by the word's hash: names recur, and a word
        // seen before needs neither its proclitics trimmed nor its forms noted again.
        let mut heads: std::collections::HashMap<u64, u64, BuildHasherDefault<KeyHasher>> = Default::default();
        for &(first, last, label, score) in found.iter() {
            let range = &tokens[first..last];
            if score < CONFIDENT || range.len() > MAX_WORDS || !range.iter().all(is_word) {
                continue;
            }
            let head = *heads.entry(hash_of(first)).or_insert_with(|| {
                let word = range[0].text(normalized);
                let host = &word[self.predictor.names.proclitic_trim(word)..];
                let head = hash_str(host);
                *forms.entry(key_of_hash(head)).or_default() |= HEAD;
                // The forms the head takes with proclitics, so that the scan below checks
                // clitics only on words that may be one of them.
                for prefix in clitic::PROCLITICS {
                    *forms.entry(key_of_hash(hash_concat(prefix, host))).or_default() |= VARIANT;
                }
                head
            });
            let slot = memory.entry(key_of_hash(key_from(head, first + 1..last))).or_insert((label, score));
            if score > slot.1 {
                *slot = (label, score);
            }
        }
        if memory.is_empty() {
            return;
        }
        let mut covered = vec![false; tokens.len()];
        for &(first, last, ..) in found.iter() {
            covered[first..last].iter_mut().for_each(|c| *c = true);
        }
        // The head of an unmarked token, if some remembered mention starts with it; only words
        // that begin with a proclitic letter pay for the clitic check.
        let head_of = |i: usize| -> Option<u64> {
            let whole = hash_of(i);
            let form = forms.get(&key_of_hash(whole)).copied().unwrap_or(0);
            if form & HEAD != 0 {
                return Some(whole);
            }
            if form & VARIANT == 0 {
                return None;
            }
            let is_head = |h: u64| forms.get(&key_of_hash(h)).is_some_and(|&f| f & HEAD != 0);
            Some(trimmed_hash(tokens.get(i)?)).filter(|&h| is_head(h))
        };
        let mut added = Vec::new();
        let mut sentence_begin = 0;
        for &sentence_end in sentences {
            let end = sentence_end as usize;
            let mut i = sentence_begin;
            while i < end {
                let head = if covered[i] || !is_word(&tokens[i]) { None } else { head_of(i) };
                let longest = head.and_then(|head| {
                    (1..=MAX_WORDS.min(end - i)).rev().find_map(|len| {
                        let range = &tokens[i..i + len];
                        if covered[i..i + len].iter().any(|&c| c) || !range.iter().all(is_word) {
                            return None;
                        }
                        let (label, score) = *memory.get(&key_of_hash(key_from(head, i + 1..i + len)))?;
                        Some((len, label, score))
                    })
                });
                match longest {
                    Some((len, label, score)) => {
                        added.push((i, i + len, label, score * 0.9));
                        i += len;
                    }
                    None => i += 1,
                }
            }
            sentence_begin = end;
        }
        if !added.is_empty() {
            found.extend(added);
            found.sort_unstable_by_key(|&(first, ..)| first);
        }
    }
}
