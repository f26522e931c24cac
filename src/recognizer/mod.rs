//! The high-level entry point: text in, entities out.

use crate::entity::{Entity, Label};
use crate::error::{Error, Result};
use crate::model::tags::{self, Tag};
use crate::model::Model;
use crate::predictor::{Confidences, Predictor, Scratch};
use crate::text::{tokenize, AlignedText, Token};

mod institutions;
mod recurring;
mod spans;
mod syllables;

/// Sentences between two calls of a progress callback.
const PROGRESS_EVERY: usize = 128;

/// Confidence given to the place that opens a dateline (found by the date rules, not the model).
const DATELINE_PLACE_SCORE: f32 = 0.8;

/// Largest text `analyze` accepts at once, in bytes.
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// Settings for one call of [`Recognizer::analyze_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnalyzeOptions {
    /// The article's date, against which relative dates are resolved; `None`: the dateline
    /// (the full date at the start of the first line), if the text has one.
    pub anchor: Option<crate::timex::Anchor>,
}

/// Finds named entities, dates and amounts in Arabic text.
#[derive(Debug)]
pub struct Recognizer {
    predictor: Predictor,
    /// Buffers kept from one call to the next, so that a call does not allocate and clear
    /// them anew. Calls from several threads at once each get buffers of their own.
    scratch: std::sync::Mutex<Scratch>,
    recall_mentions: bool,
    institutions: bool,
}

impl Recognizer {
    /// A recognizer with the model embedded in the crate.
    pub fn new() -> Result<Recognizer> {
        Ok(Recognizer::with_model(Model::embedded()?))
    }

    /// A recognizer with another model (see [`Model::from_bytes`]).
    pub fn with_model(model: Model) -> Recognizer {
        Recognizer { predictor: Predictor::new(model), scratch: Default::default(), recall_mentions: true, institutions: true }
    }

    /// Whether a name marked confidently once is also marked where it recurs unmarked in the
    /// same text (on by default).
    pub fn set_recall_mentions(&mut self, on: bool) {
        self.recall_mentions = on;
    }

    /// Whether institutions are built from their head noun and modifiers (`وزارة الخارجية
    /// الروسية`), where the model, which follows ANERcorp's convention, leaves most of them
    /// untagged (on by default; off to score against that convention).
    pub fn set_institutions(&mut self, on: bool) {
        self.institutions = on;
    }

    /// The model card: what the model was trained on, and its scores.
    pub fn card(&self) -> &str {
        self.predictor.card()
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
    pub fn analyze_anchored(&self, text: &str, anchor: crate::timex::Anchor) -> Result<Vec<Entity>> {
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
        anchor: Option<crate::timex::Anchor>,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Vec<Entity>> {
        let aligned = self.aligned(text)?;
        let names = self.names_in(&aligned, progress);
        let crate::temporal::Temporal { entities: mut temporal, dateline_places } = crate::temporal::find_aligned(&aligned, anchor);
        let names = with_dateline_places(names, &dateline_places);
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
            let view = spans::SentenceView {
                normalized,
                tokens: sentence,
                confidence: &confidence,
                names: &self.predictor.names,
                informal: Default::default(),
            };
            let from = found.len();
            for span in spans(&tags) {
                spans::push_pieces(&view, span, begin, &mut found);
            }
            spans::organisations_over_places(&view, begin, from, &mut found);
            spans::continue_joined_persons(&view, begin, from, &mut found);
            if self.institutions {
                institutions::institutions(&view, begin, from, &mut found);
            }
            begin = end as usize;
        }
        progress(1.0);
        let surnames = syllables::east_asian_names(normalized, &tokens, &sentences, &mut found);
        if self.recall_mentions {
            self.recall_mentions(normalized, &tokens, &hashes, &sentences, &mut found);
            syllables::family_names(normalized, &tokens, &surnames, &mut found);
        }
        let mut entities = Vec::with_capacity(found.len());
        for (first, last, label, score) in found {
            let (start, end) = self.trimmed_range(normalized, &tokens[first..last], label);
            let (start, end) = aligned.original_range(start, end);
            if start < end {
                entities.push(Entity { start, end, label, score, value: None, timex: None });
            }
        }
        entities
    }

    /// The normalized range of an entity's tokens, its front trimmed of proclitics that are
    /// not part of the name (none from a person's East Asian syllable).
    /// An organisation is also trimmed of those before an institution's head noun (`والجيش`).
    fn trimmed_range(&self, normalized: &str, tokens: &[Token], label: Label) -> (usize, usize) {
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else { return (0, 0) };
        let word = first.text(normalized);
        let trim = match self.predictor.names.proclitic_trim(word) {
            0 if label == Label::Org => institutions::head_trim(word),
            // An East Asian syllable is whole: كانغ is Kang, not ك + انغ.
            _ if label == Label::Per && syllables::is_syllable(word) => 0,
            trim => trim,
        };
        (first.start as usize + trim, last.end as usize)
    }
}

/// `names` (sorted, non-overlapping) with the places that open datelines (sorted byte ranges):
/// a place replaces the names the model found inside its words (`نيو دلهي` read as a person),
/// not a name that runs on past them, nor the same place found by the model.
fn with_dateline_places(names: Vec<Entity>, places: &[(usize, usize)]) -> Vec<Entity> {
    if places.is_empty() {
        return names;
    }
    let mut out = Vec::with_capacity(names.len() + places.len());
    let mut names = names.into_iter().peekable();
    for &(start, end) in places {
        while let Some(name) = names.next_if(|n| n.end <= start) {
            out.push(name);
        }
        let mut inside = Vec::new();
        while let Some(name) = names.next_if(|n| n.start >= start && n.end <= end) {
            inside.push(name);
        }
        let crossed = names.peek().is_some_and(|n| n.start < end);
        let same = matches!(inside.as_slice(), [n] if n.label == Label::Loc && (n.start, n.end) == (start, end));
        if crossed || same {
            out.extend(inside);
        } else {
            out.push(Entity { start, end, label: Label::Loc, score: DATELINE_PLACE_SCORE, value: None, timex: None });
        }
    }
    out.extend(names);
    out
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
    fn dateline_places_replace_what_lies_inside_them() {
        let e = |start, end, label| Entity { start, end, label, score: 0.5, value: None, timex: None };
        let spans = |v: Vec<Entity>| v.iter().map(|n| (n.start, n.end, n.label)).collect::<Vec<_>>();
        let names = vec![e(0, 4, Label::Per), e(10, 14, Label::Per), e(20, 30, Label::Org), e(40, 50, Label::Loc), e(60, 70, Label::Per)];
        // A person inside the place, an organisation running past one, the model's own place,
        // and a place with nothing inside.
        let places = [(8, 16), (25, 35), (40, 50), (52, 58)];
        assert_eq!(
            spans(with_dateline_places(names, &places)),
            [
                (0, 4, Label::Per),
                (8, 16, Label::Loc),
                (20, 30, Label::Org),
                (40, 50, Label::Loc),
                (52, 58, Label::Loc),
                (60, 70, Label::Per)
            ]
        );
        assert_eq!(with_dateline_places(vec![e(40, 50, Label::Loc)], &[(40, 50)])[0].score, 0.5);
    }

    #[test]
    fn spans_of_bio() {
        let found: Vec<_> = spans(&[0, 1, 2, 0, 3, 5, 6, 6]).collect();
        assert_eq!(found, vec![(1, 3, Label::Per), (4, 5, Label::Loc), (5, 8, Label::Org)]);
    }
}
