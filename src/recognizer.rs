//! The high-level entry point: text in, entities out.

use crate::entity::{Entity, Label};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::predictor::{Confidences, Predictor, Scratch};
use crate::tags::{self, Tag};
use crate::gazetteer::key_of_hash;
use crate::hash::{hash_concat, hash_str, phrase_next};
use crate::table::{KeyHasher, KeyMap};
use std::hash::BuildHasherDefault;
use crate::text::{tokenize, AlignedText, Token, TokenKind};

/// Sentences between two calls of a progress callback.
const PROGRESS_EVERY: usize = 128;

/// Largest text `analyze` accepts at once, in bytes.
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// Settings for one call of [`Recognizer::analyze_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnalyzeOptions {
    /// The article's date, against which relative dates are resolved; `None`: the dateline
    /// (the full date at the start of the first line), if the text has one.
    pub anchor: Option<crate::Anchor>,
}

/// Finds named entities, dates and amounts in Arabic text.
#[derive(Debug)]
pub struct Recognizer {
    predictor: Predictor,
    /// Buffers kept from one call to the next, so that a call does not allocate and clear
    /// them anew. Calls from several threads at once each get buffers of their own.
    scratch: std::sync::Mutex<Scratch>,
    recall_mentions: bool,
}

impl Recognizer {
    /// A recognizer with the model embedded in the crate.
    pub fn new() -> Result<Recognizer> {
        Ok(Recognizer::with_model(Model::embedded()?))
    }

    /// A recognizer with another model (see [`Model::from_bytes`]).
    pub fn with_model(model: Model) -> Recognizer {
        Recognizer { predictor: Predictor::new(model), scratch: Default::default(), recall_mentions: true }
    }

    /// Whether a name marked confidently once is also marked where it recurs unmarked in the
    /// same text (on by default).
    pub fn set_recall_mentions(&mut self, on: bool) {
        self.recall_mentions = on;
    }

    /// The compiled model.
    pub fn predictor(&self) -> &Predictor {
        &self.predictor
    }

    /// The entities of `text`, in order, non-overlapping, in byte offsets of `text`.
    ///
    /// Names come from the model, dates, times, money and percentages from rules; where they
    /// overlap, the name wins. A name's span starts after a conjunction or preposition glued
    /// to it when the rest is a known name (`وروسيا` gives `روسيا`). Relative dates are
    /// resolved against the dateline, the full date at the start of the first line, if there
    /// is one (see [`analyze_anchored`](Self::analyze_anchored)).
    pub fn analyze(&self, text: &str) -> Result<Vec<Entity>> {
        self.analyze_labels(text, |_| true)
    }

    /// Like [`analyze`](Self::analyze), with only the date and amount labels that `wanted`
    /// accepts taking part: a span of a label nobody asked for cannot displace a name. (This is
    /// how evaluation on a corpus without dates works: its currency names, tagged `MISC`, stay.)
    pub fn analyze_labels(&self, text: &str, wanted: impl Fn(Label) -> bool) -> Result<Vec<Entity>> {
        self.analyze_inner(text, wanted, None, &mut |_| {})
    }

    /// Like [`analyze`](Self::analyze), with relative dates (اليوم, أمس, a bare weekday or
    /// month) resolved against `anchor`, the article's date, rather than against its dateline.
    pub fn analyze_anchored(&self, text: &str, anchor: crate::Anchor) -> Result<Vec<Entity>> {
        self.analyze_inner(text, |_| true, Some(anchor), &mut |_| {})
    }

    /// [`analyze`](Self::analyze) with `options`, calling `progress` as
    /// [`analyze_with_progress`](Self::analyze_with_progress) does.
    pub fn analyze_with(&self, text: &str, options: &AnalyzeOptions, progress: &mut dyn FnMut(f32)) -> Result<Vec<Entity>> {
        self.analyze_inner(text, |_| true, options.anchor, progress)
    }

    /// Like [`analyze`](Self::analyze), calling `progress` from time to time with the fraction of
    /// the text done, in [0, 1]: for a long text analyzed away from the user interface.
    pub fn analyze_with_progress(&self, text: &str, progress: &mut dyn FnMut(f32)) -> Result<Vec<Entity>> {
        self.analyze_inner(text, |_| true, None, progress)
    }

    fn analyze_inner(
        &self,
        text: &str,
        wanted: impl Fn(Label) -> bool,
        anchor: Option<crate::Anchor>,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Vec<Entity>> {
        let aligned = self.aligned(text)?;
        let names = self.names_in(&aligned, progress);
        let mut temporal = crate::temporal::find_aligned(&aligned, anchor);
        temporal.retain(|e| wanted(e.label));
        Ok(crate::temporal::merge(names, temporal))
    }

    /// Only the model's names (`PER`, `LOC`, `ORG`, `MISC`), without the date and amount rules.
    pub fn names(&self, text: &str) -> Result<Vec<Entity>> {
        Ok(self.names_in(&self.aligned(text)?, &mut |_| {}))
    }

    fn aligned<'t>(&self, text: &'t str) -> Result<AlignedText<'t>> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(Error::TooLarge { len: text.len(), max: MAX_TEXT_BYTES });
        }
        Ok(AlignedText::new(text))
    }

    fn names_in(&self, aligned: &AlignedText, progress: &mut dyn FnMut(f32)) -> Vec<Entity> {
        let normalized = aligned.normalized();
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokenize(normalized, &mut tokens, &mut sentences);
        let mut own = None;
        let mut guard = self.scratch.try_lock().ok();
        let scratch: &mut Scratch = match guard.as_deref_mut() {
            Some(shared) => shared,
            None => own.insert(Scratch::default()),
        };
        scratch.begin_text();
        let (mut words, mut tags, mut confidence) = (Vec::new(), Vec::new(), Vec::new());
        // Each token's hash, for `recall_mentions`.
        let mut hashes = Vec::with_capacity(if self.recall_mentions { tokens.len() } else { 0 });
        // Entities as token ranges of the whole text: (first, one past last, label, score).
        let mut found: Vec<(usize, usize, Label, f32)> = Vec::new();
        let mut begin = 0;
        for (n, &end) in sentences.iter().enumerate() {
            if n % PROGRESS_EVERY == PROGRESS_EVERY - 1 {
                progress(tokens[begin].start as f32 / normalized.len().max(1) as f32);
            }
            let sentence = &tokens[begin..end as usize];
            words.clear();
            words.extend(sentence.iter().map(|t| t.text(normalized)));
            self.predictor.tag_with(&words, scratch, &mut tags, Some(&mut confidence), Confidences::Names);
            if self.recall_mentions {
                self.predictor.word_hashes(&words, scratch, &mut hashes);
            }
            for (first, last, label) in spans(&tags) {
                let score = confidence[first..last].iter().copied().fold(1.0f32, f32::min);
                found.push((begin + first, begin + last, label, score));
            }
            begin = end as usize;
        }
        progress(1.0);
        if self.recall_mentions {
            self.recall_mentions(normalized, &tokens, &hashes, &sentences, &mut found);
        }
        let mut entities = Vec::with_capacity(found.len());
        for (first, last, label, score) in found {
            let (start, end) = self.trimmed_range(normalized, &tokens[first..last]);
            let (start, end) = aligned.original_range(start, end);
            if start < end {
                entities.push(Entity { start, end, label, score, value: None, timex: None });
            }
        }
        entities
    }

    /// News repeats its names: a name marked confidently once is the same name where the same
    /// words recur unmarked in the same text, a leading conjunction or preposition aside when
    /// the name lists know the rest (`بيترو` ... `وبيترو`). Recurrences after لل are not sought. Adds those mentions to `found`,
    /// which stays sorted and non-overlapping. `hashes` holds each token's `hash_str`.
    fn recall_mentions(
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
                for prefix in ["و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل"] {
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

    /// The normalized range of an entity's tokens, its front trimmed of proclitics that are
    /// not part of the name.
    fn trimmed_range(&self, normalized: &str, tokens: &[Token]) -> (usize, usize) {
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else { return (0, 0) };
        let trim = self.predictor.names.proclitic_trim(first.text(normalized));
        (first.start as usize + trim, last.end as usize)
    }
}

/// Entities in a valid BIO sequence: (first token, one past last, label).
fn spans(tags: &[Tag]) -> impl Iterator<Item = (usize, usize, Label)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < tags.len() {
            let start = i;
            i += 1;
            if let Some(label) = tags::label_of(tags[start]) {
                while i < tags.len() && tags::is_inside(tags[i]) && tags::label_of(tags[i]) == Some(label) {
                    i += 1;
                }
                return Some((start, i, label));
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_bio() {
        let found: Vec<_> = spans(&[0, 1, 2, 0, 3, 5, 6, 6]).collect();
        assert_eq!(found, vec![(1, 3, Label::Per), (4, 5, Label::Loc), (5, 8, Label::Org)]);
    }
}
