//! conlleval-compatible entity scoring: an entity counts when its type and token span match
//! exactly; an `I-X` after `O` (or after another type) starts a new entity, as in conlleval.

use std::collections::BTreeMap;

use serde::Serialize;

/// An entity as a token span: `(first token, one past last token, type)`.
pub type Chunk = (usize, usize, String);

/// The entities in a sequence of tags, conlleval's way.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (prefix, kind) = match tag.split_once('-') {
            Some((p, k)) if p == "B" || p == "I" => (p, k),
            _ => ("O", ""),
        };
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((start, k)) = open.take() {
                out.push((start, i, k));
            }
            if prefix != "O" {
                open = Some((i, kind.to_string()));
            }
        }
    }
    if let Some((start, k)) = open {
        out.push((start, tags.len(), k));
    }
    out
}

/// Renames types to kashif's names (`PERS` → `PER`, `MIS` → `MISC`), so that corpora that
/// spell them differently are scored against one another.
fn canonical(mut chunks: Vec<Chunk>) -> Vec<Chunk> {
    for chunk in &mut chunks {
        if let Some(label) = crate::entity::Label::parse(&chunk.2) {
            chunk.2 = label.as_str().to_string();
        }
    }
    chunks
}

/// Precision, recall and F1 for one type or overall.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    /// Correct / predicted.
    pub precision: f64,
    /// Correct / gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Entities in the gold data.
    pub gold: usize,
    /// Entities predicted.
    pub predicted: usize,
    /// Predicted entities that match a gold one exactly.
    pub correct: usize,
}

impl Score {
    /// The scores of `correct` matches among `predicted` entities and `gold` ones.
    pub fn from_counts(gold: usize, predicted: usize, correct: usize) -> Score {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(correct, predicted);
        let recall = ratio(correct, gold);
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Score { precision, recall, f1, gold, predicted, correct }
    }
}

/// Scores for a whole evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// Micro-averaged over all entities.
    pub micro: Score,
    /// Unweighted mean of the per-type F1 scores (types present in the gold data).
    pub macro_f1: f64,
    /// One score per entity type.
    pub per_type: BTreeMap<String, Score>,
}

/// Accumulates gold and predicted chunks sentence by sentence.
#[derive(Debug, Default)]
pub struct Scorer {
    counts: BTreeMap<String, (usize, usize, usize)>,
}

impl Scorer {
    /// A scorer with nothing counted.
    pub fn new() -> Scorer {
        Scorer::default()
    }

    /// Counts one sentence's gold and predicted tags (same length).
    pub fn add<G: AsRef<str>, P: AsRef<str>>(&mut self, gold: &[G], predicted: &[P]) {
        let gold = canonical(chunks(gold));
        let predicted = canonical(chunks(predicted));
        for (_, _, kind) in &gold {
            self.counts.entry(kind.clone()).or_default().0 += 1;
        }
        for chunk in &predicted {
            let entry = self.counts.entry(chunk.2.clone()).or_default();
            entry.1 += 1;
            if gold.contains(chunk) {
                entry.2 += 1;
            }
        }
    }

    /// The scores so far.
    pub fn finish(&self) -> Evaluation {
        let merged = &self.counts;
        let (g, p, c) = merged.values().fold((0, 0, 0), |acc, v| (acc.0 + v.0, acc.1 + v.1, acc.2 + v.2));
        let per_type: BTreeMap<String, Score> = merged.iter().map(|(k, &(g, p, c))| (k.clone(), Score::from_counts(g, p, c))).collect();
        let with_gold: Vec<f64> = per_type.values().filter(|s| s.gold > 0).map(|s| s.f1).collect();
        let macro_f1 = if with_gold.is_empty() { 0.0 } else { with_gold.iter().sum::<f64>() / with_gold.len() as f64 };
        Evaluation { micro: Score::from_counts(g, p, c), macro_f1, per_type }
    }
}

/// Scores the recognizer's full output (model, clitic trimming, date and amount rules) on
/// CoNLL sentences. Each sentence's tokens are joined by spaces, one sentence a line, and the
/// whole is analyzed as one text; an entity marks every token it overlaps, so the score stays
/// token-level as the data is. Only the labels that the gold data uses count, and only they take part in merging: a corpus without dates
/// neither rewards nor penalizes them.
pub fn evaluate(recognizer: &crate::Recognizer, sentences: &[crate::train::Sentence]) -> crate::Result<Evaluation> {
    let tags = predicted_tags(recognizer, sentences)?;
    Ok(score_tags(sentences, &tags))
}

/// The tags that [`evaluate`] scores: the recognizer's entities over the whole file, as BIO
/// tags of its tokens (all sentences in a row).
pub fn predicted_tags(recognizer: &crate::Recognizer, sentences: &[crate::train::Sentence]) -> crate::Result<Vec<String>> {
    predicted_tags_of(recognizer, sentences, &gold_labels(sentences))
}

/// The labels of the sentences' gold entities.
pub fn gold_labels(sentences: &[crate::train::Sentence]) -> std::collections::BTreeSet<crate::Label> {
    sentences.iter().flat_map(|s| chunks(&s.tags)).filter_map(|(_, _, kind)| crate::Label::parse(&kind)).collect()
}

/// [`predicted_tags`] with the labels that count given (for text without gold tags).
pub fn predicted_tags_of(
    recognizer: &crate::Recognizer,
    sentences: &[crate::train::Sentence],
    gold_labels: &std::collections::BTreeSet<crate::Label>,
) -> crate::Result<Vec<String>> {
    // The file is analyzed as one text, a sentence a line, as an article would be: names the
    // text repeats can be recognised from one another.
    let (text, starts) = crate::train::conll::running_text(sentences);
    let mut tags = vec![String::from("O"); starts.len()];
    for entity in recognizer.analyze_labels(&text, |l| gold_labels.contains(&l))? {
        if !gold_labels.contains(&entity.label) || entity.start >= entity.end {
            continue;
        }
        let first = starts.partition_point(|&s| s <= entity.start).saturating_sub(1);
        let last = starts.partition_point(|&s| s < entity.end).saturating_sub(1);
        if last < first || tags[first..=last].iter().any(|t| t != "O") {
            continue;
        }
        tags[first] = format!("B-{}", entity.label);
        for tag in &mut tags[first + 1..=last] {
            *tag = format!("I-{}", entity.label);
        }
    }
    Ok(tags)
}

/// Scores tags of all the sentences' tokens in a row (as [`predicted_tags`] gives them)
/// against the sentences' gold tags.
pub fn score_tags<S: AsRef<str>>(sentences: &[crate::train::Sentence], tags: &[S]) -> Evaluation {
    let mut scorer = Scorer::new();
    let mut first = 0;
    for sentence in sentences {
        let end = (first + sentence.tokens.len()).min(tags.len());
        scorer.add(&sentence.tags, &tags[first.min(end)..end]);
        first += sentence.tokens.len();
    }
    scorer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_follow_conlleval() {
        let tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "I-PER", "B-LOC"];
        assert_eq!(
            chunks(&tags),
            vec![
                (0, 2, "PER".to_string()),
                (3, 5, "LOC".to_string()),
                (5, 6, "ORG".to_string()),
                (6, 7, "PER".to_string()),
                (7, 8, "LOC".to_string())
            ]
        );
    }

    #[test]
    fn scores_exact_matches() {
        let mut scorer = Scorer::new();
        scorer.add(&["B-PERS", "I-PERS", "O", "B-LOC"], &["B-PER", "O", "O", "B-LOC"]);
        scorer.add(&["B-PERS", "B-MIS"], &["B-PER", "B-MISC"]);
        let e = scorer.finish();
        assert_eq!(e.micro.correct, 3);
        assert_eq!(e.micro.gold, 4);
        assert_eq!(e.micro.predicted, 4);
        assert!((e.micro.f1 - 0.75).abs() < 1e-9);
        assert_eq!(e.per_type["PER"].correct, 1);
        assert!((e.per_type["LOC"].f1 - 1.0).abs() < 1e-9);
        assert!((e.macro_f1 - (0.5 + 1.0 + 1.0) / 3.0).abs() < 1e-9);
    }
}
