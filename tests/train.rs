//! The training recipe (`kashif::train::recipe`), called as a library: deterministic models,
//! cards that say how they were made, cross-validation, and the shipped settings.

#[allow(dead_code)]
mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use common::{tiny_data, tiny_newsfane, TempDir};
use kashif::train::recipe::{Genre, NewsFane, NewsFaneUse, Progress, Recipe, PENALTIES};
use kashif::train::Learner;
use kashif::{Label, Recognizer};

/// Keeps the report lines and counts the steps announced and done.
#[derive(Default)]
struct Recorder {
    announced: AtomicU64,
    done: AtomicU64,
    notes: Mutex<Vec<String>>,
}

impl Progress for Recorder {
    fn start(&self, steps: u64) {
        self.announced.fetch_add(steps, Ordering::SeqCst);
    }
    fn step(&self) {
        self.done.fetch_add(1, Ordering::SeqCst);
    }
    fn note(&self, line: &str) {
        self.notes.lock().unwrap().push(line.to_string());
    }
}

impl Recorder {
    fn notes(&self) -> Vec<String> {
        self.notes.lock().unwrap().clone()
    }

    fn assert_all_steps_done(&self) {
        let (announced, done) = (self.announced.load(Ordering::SeqCst), self.done.load(Ordering::SeqCst));
        assert!(announced > 0 && announced == done, "{done} steps done of {announced} announced");
    }
}

/// The labels the recognizer with `model` finds in `text`.
fn labels(model: kashif::Model, text: &str) -> Vec<Label> {
    Recognizer::with_model(model).names(text).unwrap().iter().map(|e| e.label).collect()
}

/// The card's `settings:` line up to the O penalty (which the dev data chooses).
fn settings(card: &str) -> String {
    let line = card.lines().find(|l| l.starts_with("settings: ")).unwrap_or_else(|| panic!("no settings line in {card}"));
    line.split(", O penalty").next().unwrap().to_string()
}

#[test]
fn news_recipe_is_deterministic_and_its_card_says_how() {
    let dir = TempDir::new("recipe-news");
    tiny_data(&dir.0);
    let recipe = Recipe::new(Genre::News, &dir.0);
    let progress = Recorder::default();
    let first = recipe.build(&progress).unwrap();
    progress.assert_all_steps_done();
    let second = recipe.build(&()).unwrap();
    assert_eq!(first.model.to_bytes(), second.model.to_bytes(), "two builds, two different models");

    let card = &first.model.card;
    assert!(card.starts_with("kashif news model, format "), "{card}");
    assert!(card.contains("ANERcorp train (CAMeL split), 12 sentences"), "{card}");
    assert!(card.contains("with aqmar/train.txt (6 sentences) as a second domain, target weight 0.75"), "{card}");
    assert!(card.contains("CRF (L2 c2 1, SGD rate 0.1), 24 epochs"), "the default learner is the CRF: {card}");
    assert!(card.contains(&format!("O penalty {}, temperature {}", first.penalty, first.temperature)), "{card}");
    assert!(card.contains(&format!("micro F1 {:.4}", first.dev.micro.f1)), "{card}");
    // The penalty is the grid's best on the dev slice (the first of equals).
    let grid: Vec<f32> = first.grid.iter().map(|&(p, _)| p).collect();
    assert_eq!(grid, PENALTIES);
    let best = first.grid.iter().map(|&(_, f1)| f1).fold(f64::NEG_INFINITY, f64::max);
    assert_eq!(first.grid.iter().find(|&&(_, f1)| f1 == best).unwrap().0, first.penalty);
    // No test files in the folder: nothing on the card from them.
    assert!(first.tests.is_empty() && !card.contains("test:"), "{card}");
    let notes = progress.notes();
    assert_eq!(notes.iter().filter(|n| n.starts_with("O penalty ")).count(), PENALTIES.len(), "{notes:?}");

    assert!(labels(first.model, "زار سمير مدينة تونس امس .").contains(&Label::Loc));
}

#[test]
fn reference_recipe_fits_aqmar_and_is_tuned_on_its_dev_file() {
    let dir = TempDir::new("recipe-reference");
    tiny_data(&dir.0);
    let recipe = Recipe::new(Genre::Reference, &dir.0);
    assert_eq!(recipe.options.target_weight, kashif::train::recipe::REFERENCE_TARGET_WEIGHT);
    let progress = Recorder::default();
    let first = recipe.build(&progress).unwrap();
    progress.assert_all_steps_done();
    assert_eq!(first.model.to_bytes(), recipe.build(&()).unwrap().model.to_bytes());
    let card = &first.model.card;
    assert!(card.starts_with("kashif reference model"), "{card}");
    assert!(card.contains("AQMAR train (Arabic Wikipedia), 6 sentences"), "{card}");
    assert!(card.contains("with anercorp/train.txt (12 sentences) as a second domain, target weight 0.5"), "{card}");
    assert!(card.contains(&format!("AQMAR dev: micro F1 {:.4}", first.dev.micro.f1)), "{card}");
    assert!(labels(first.model, "نهر النيل في افريقيا .").contains(&Label::Loc));

    // NewsFANE re-annotates ANERcorp: it is for the news model, and cross-validation too.
    let with_newsfane = Recipe { newsfane: Some(NewsFane { used: NewsFaneUse::Domain, split: false, misc: false }), ..recipe.clone() };
    assert!(with_newsfane.build(&()).is_err());
    assert!(recipe.cross_validate(3, &()).is_err());
}

#[test]
fn cross_validation_pools_every_penalty_with_aqmar_dev() {
    let dir = TempDir::new("recipe-cv");
    tiny_data(&dir.0);
    tiny_newsfane(&dir.0);
    let recipe =
        Recipe { newsfane: Some(NewsFane { used: NewsFaneUse::Domain, split: false, misc: false }), ..Recipe::new(Genre::News, &dir.0) };
    let progress = Recorder::default();
    let cv = recipe.cross_validate(3, &progress).unwrap();
    progress.assert_all_steps_done();
    assert_eq!(cv.folds.len(), 3);
    assert_eq!(cv.penalties.len(), PENALTIES.len());
    for row in &cv.penalties {
        // Every gold entity of ANERcorp train is scored once, in the part that holds it.
        assert_eq!(row.micro.gold, 12 * 2, "penalty {}", row.penalty);
        let per_type_gold: usize = row.per_type.values().map(|s| s.gold).sum();
        assert_eq!(per_type_gold, row.micro.gold);
        // AQMAR dev (4 entities) is scored by each of the three parts' models.
        assert_eq!(row.aqmar_dev.map(|s| s.gold), Some(3 * 4));
    }
    let notes = progress.notes();
    assert!(notes.iter().any(|n| n.starts_with("NewsFANE train: 12 sentences, 12 aligned")), "{notes:?}");
    assert_eq!(notes.iter().filter(|n| n.starts_with("fold ")).count(), 3, "{notes:?}");
    // The parts train side by side; the result is the same as one after another.
    let again = recipe.cross_validate(3, &()).unwrap();
    assert_eq!(format!("{:?}", cv.penalties), format!("{:?}", again.penalties));
}

#[test]
fn cross_validation_writes_out_of_fold_marginals() {
    let dir = TempDir::new("recipe-marginals");
    tiny_data(&dir.0);
    let recipe = Recipe::new(Genre::News, &dir.0);
    let out = dir.0.join("marginals");
    // Unlabelled text (written for this test) to be tagged by every part's model too.
    let unlabelled = dir.0.join("extra.txt");
    std::fs::write(&unlabelled, "زار O\nسمير O\nمدينة O\nتونس O\nامس O\n. O\n\nقال O\nكريم O\n").unwrap();
    let progress = Recorder::default();
    let cv = recipe.cross_validate_with(3, Some(&out), std::slice::from_ref(&unlabelled), &progress).unwrap();
    progress.assert_all_steps_done();
    // The same scores as without the files.
    assert_eq!(format!("{:?}", cv.penalties), format!("{:?}", recipe.cross_validate(3, &()).unwrap().penalties));
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let train = read("anercorp-train.tsv");
    let mut lines = train.lines();
    assert!(lines.next().unwrap().starts_with("#token\tword\tbare\tgold\tfold\tviterbi\tpipeline\tO\tB-PER"));
    let gold: Vec<String> = std::fs::read_to_string(dir.0.join("anercorp/train.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join("\t"))
        .collect();
    let rows: Vec<Vec<&str>> = lines.filter(|l| !l.is_empty()).map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), gold.len(), "one row per token of ANERcorp train");
    let mut folds = Vec::new();
    for (row, gold) in rows.iter().zip(&gold) {
        assert_eq!(row.len(), 7 + 9, "{row:?}");
        assert_eq!(format!("{}\t{}", row[0], row[3]), *gold, "tokens and gold tags in corpus order");
        let p: Vec<f32> = row[7..].iter().map(|x| x.parse().unwrap()).collect();
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-3, "{row:?}");
        // The Viterbi tag is the likeliest, or close to it.
        let names = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"];
        let chosen = names.iter().position(|&n| n == row[5]).unwrap();
        assert!(p[chosen] + 0.5 >= p.iter().copied().fold(0.0, f32::max), "{row:?}");
        folds.push(row[4].parse::<usize>().unwrap());
    }
    // Contiguous parts, in order, each token held out once.
    assert!(folds.windows(2).all(|w| w[0] <= w[1]) && folds[0] == 0 && *folds.last().unwrap() == 2, "{folds:?}");
    for fold in 0..3 {
        assert!(read(&format!("aqmar-dev.fold{fold}.tsv")).lines().skip(1).any(|l| l.split('\t').nth(4) == Some(&fold.to_string())));
    }
    assert!(read("aqmar-dev.tsv").lines().skip(1).filter(|l| !l.is_empty()).all(|l| l.split('\t').nth(4) == Some("-")));
    // The extra file: every part's model and the full one, one row per token, in order.
    for (name, fold) in [("extra.fold0.tsv", "0"), ("extra.fold2.tsv", "2"), ("extra.tsv", "-")] {
        let text = read(name);
        let rows: Vec<Vec<&str>> = text.lines().skip(1).filter(|l| !l.is_empty()).map(|l| l.split('\t').collect()).collect();
        assert_eq!(rows.iter().map(|r| r[0]).collect::<Vec<_>>(), ["زار", "سمير", "مدينة", "تونس", "امس", ".", "قال", "كريم"], "{name}");
        assert!(rows.iter().all(|r| r.len() == 16 && r[4] == fold), "{name}: {rows:?}");
        // No gold tags, yet the pipeline's tags are of the training file's labels (not all O).
        if fold == "-" {
            assert_eq!(rows[3][6], "B-LOC", "{name}: {rows:?}");
        }
        assert_eq!(text.lines().filter(|l| l.is_empty()).count(), 2, "{name}: a blank line after each sentence");
    }
    // Deterministic.
    let again = dir.0.join("again");
    recipe.cross_validate_with(3, Some(&again), &[], &()).unwrap();
    assert_eq!(train, std::fs::read_to_string(again.join("anercorp-train.tsv")).unwrap());
}

#[test]
fn the_perceptron_is_deterministic_too() {
    let dir = TempDir::new("recipe-perceptron");
    tiny_data(&dir.0);
    let mut recipe = Recipe::new(Genre::News, &dir.0);
    recipe.options.learner = Learner::Perceptron;
    recipe.options.epochs = Learner::Perceptron.default_epochs();
    let first = recipe.build(&()).unwrap();
    assert_eq!(first.model.to_bytes(), recipe.build(&()).unwrap().model.to_bytes());
    assert!(first.model.card.contains("averaged perceptron, 12 epochs"), "{}", first.model.card);
    assert!(labels(first.model, "زار سمير مدينة تونس امس .").contains(&Label::Loc));
}

#[test]
fn the_shipped_models_were_made_with_the_recipes_settings() {
    let dir = TempDir::new("recipe-settings");
    tiny_data(&dir.0);
    let news = Recipe::new(Genre::News, &dir.0).build(&()).unwrap();
    let embedded = Recognizer::new().unwrap();
    assert_eq!(settings(&news.model.card), settings(embedded.card()));
    let reference = Recipe::new(Genre::Reference, &dir.0).build(&()).unwrap();
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/models/kashif-reference.model")).unwrap();
    let shipped = kashif::Model::from_bytes(&bytes).unwrap();
    assert_eq!(settings(&reference.model.card), settings(&shipped.card));
}

#[test]
fn missing_data_is_an_error_naming_the_file() {
    let dir = TempDir::new("recipe-missing");
    let error = Recipe::new(Genre::News, dir.0.join("nowhere")).build(&()).unwrap_err().to_string();
    assert!(error.contains("nowhere") && error.contains("anercorp/train.txt"), "{error}");
    // Data that is there but not CoNLL is refused with its line.
    tiny_data(&dir.0);
    std::fs::write(dir.0.join("aqmar/train.txt"), "نهر O\nسطر\n").unwrap();
    let error = Recipe::new(Genre::News, &dir.0).build(&()).unwrap_err().to_string();
    assert!(error.contains("aqmar/train.txt:2"), "{error}");
}
