//! The recipe of the shipped models: which corpora, how the dev data is cut, the O-penalty
//! grid, the temperature calibration and the model card. [`Recipe::build`] makes
//! `models/kashif.model` (genre [`Genre::News`]) and `models/kashif-reference.model`
//! ([`Genre::Reference`]) from the shared data folder; [`Recipe::cross_validate`] scores
//! settings over folds of ANERcorp train instead.
//!
//! Settings are chosen on dev data only (a slice of the training file, or AQMAR dev); the test
//! files are scored for the model card and never choose anything.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::tags::{self, NUM_TAGS};
use crate::model::Model;
use crate::predictor::Predictor;
use crate::train::conll::read_conll;
use crate::train::eval::{evaluate, gold_labels, predicted_tags, predicted_tags_of, score_tags, Evaluation, Score};
use crate::train::{newsfane, prepare, token_nll, train_domains, Clusters, Learner, NameLists, Sentence, TrainOptions};
use crate::Recognizer;

/// The O penalties tried, in temperature units: the CRF's best lie between 0 and 1, the
/// perceptron's between 2 and 8.
pub const PENALTIES: [f32; 11] = [0.0, 0.25, 0.5, 0.75, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 16.0];

/// The temperature factors tried when calibrating confidences on the dev data.
pub const TEMPERATURES: [f32; 12] = [0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 20.0, 32.0, 50.0, 80.0, 128.0];

/// [`TrainOptions::target_weight`] of the reference model: AQMAR dev 0.664 against 0.654 for 1,
/// 0.659 for 1.5 and 0.653 for 2 (0.663 with AQMAR alone, no second domain).
pub const REFERENCE_TARGET_WEIGHT: f64 = 0.5;

/// The test files scored for the model card, when the data folder has them.
const TESTS: [(&str, &str); 2] = [("ANERcorp test", "anercorp/test.txt"), ("AQMAR test", "aqmar/test.txt")];

/// Which model a [`Recipe`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Genre {
    /// The news model (`models/kashif.model`): ANERcorp train, with AQMAR train as a second
    /// domain; settings chosen on the last tenth of ANERcorp train.
    News,
    /// The model for encyclopedic text (`models/kashif-reference.model`): AQMAR train (Arabic
    /// Wikipedia), with ANERcorp train as a second domain; settings chosen on AQMAR dev.
    Reference,
}

impl Genre {
    fn name(self) -> &'static str {
        match self {
            Genre::News => "news",
            Genre::Reference => "reference",
        }
    }
}

/// How NewsFANEGold train (ANERcorp's articles re-annotated) joins the news model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewsFaneUse {
    /// As a further domain.
    Domain,
    /// Pooled with ANERcorp train.
    Pooled,
}

/// NewsFANEGold train as more supervision for the news model: its classes mapped to the four
/// labels; what re-annotates a held-out part of ANERcorp is left out with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewsFane {
    /// How it joins.
    pub used: NewsFaneUse,
    /// Keep its split clitics as tokens of their own (else glued back, as ANERcorp writes them).
    pub split: bool,
    /// Give its sentences ANERcorp's MISC tags back where it has none.
    pub misc: bool,
}

/// What the shipped models are made from, and how. [`Recipe::new`] gives the shipped settings
/// of a genre; the fields change them.
#[derive(Debug, Clone)]
pub struct Recipe {
    /// The data folder (`anercorp/`, `aqmar/`, `gazetteers/`, `newsfane/`; see DATA.md).
    pub data_dir: PathBuf,
    /// Which model.
    pub genre: Genre,
    /// Learner, epochs, seed, pruning and domain weight.
    pub options: TrainOptions,
    /// The word clusters file (`models/clusters.tsv` for the shipped models); `None` for none.
    pub clusters: Option<PathBuf>,
    /// More CoNLL files pooled with the training file, for fitting only (relative to `data_dir`).
    pub add: Vec<PathBuf>,
    /// CoNLL files of other domains (relative to `data_dir`): each feature is also learnt per
    /// corpus, and only what they share (plus the target weight of the first corpus's own) ships.
    pub adapt: Vec<PathBuf>,
    /// NewsFANEGold train, for the news model.
    pub newsfane: Option<NewsFane>,
    /// A CoNLL file pooled with the training file that differs by part (text tagged by a
    /// model that never saw the part, for self-training): its path with `{part}`, which
    /// cross-validation replaces by each part's number and [`build`](Recipe::build) by `all`.
    /// Relative to the working folder, not `data_dir`.
    pub add_per_part: Option<String>,
}

/// A model made by [`Recipe::build`], with what the dev data chose and the scores on its card.
#[derive(Debug, Clone)]
pub struct Built {
    /// The model, its card (`model.card`) written.
    pub model: Model,
    /// The O penalty chosen on the dev data.
    pub penalty: f32,
    /// The temperature factor chosen on the dev data.
    pub temperature: f32,
    /// The dev data's F1 at every penalty of [`PENALTIES`], in order.
    pub grid: Vec<(f32, f64)>,
    /// The dev data's scores with the chosen penalty.
    pub dev: Evaluation,
    /// The scores on the test files the data folder has (name, scores), as on the card.
    pub tests: Vec<(String, Evaluation)>,
}

/// What [`Recipe::cross_validate`] measured.
#[derive(Debug, Clone)]
pub struct CrossValidation {
    /// Each part's micro F1 with no O penalty, in order.
    pub folds: Vec<f64>,
    /// Scores pooled over the parts, one row for each penalty of [`PENALTIES`].
    pub penalties: Vec<PooledScores>,
}

/// Entity counts pooled over the parts of a cross-validation, for one O penalty.
#[derive(Debug, Clone)]
pub struct PooledScores {
    /// The O penalty.
    pub penalty: f32,
    /// Over all types.
    pub micro: Score,
    /// Per type.
    pub per_type: BTreeMap<String, Score>,
    /// AQMAR dev, scored by every part's model, when the data folder has it.
    pub aqmar_dev: Option<Score>,
}

/// What a recipe tells while it works. Called from several threads at once.
pub trait Progress: Sync {
    /// `steps` steps of work lie ahead.
    fn start(&self, steps: u64) {
        let _ = steps;
    }
    /// One step is done.
    fn step(&self) {}
    /// A line of the report for whoever watches: settings tried, scores.
    fn note(&self, line: &str) {
        let _ = line;
    }
}

/// Tells nothing.
impl Progress for () {}

/// The corpora of a recipe, read.
struct Corpora {
    /// The training file of the genre.
    target: Vec<Sentence>,
    /// The `add` files.
    extra: Vec<Sentence>,
    /// The `adapt` files, one corpus each.
    domains: Vec<Vec<Sentence>>,
    newsfane: Option<Reannotated>,
    names: NameLists<'static>,
    clusters: Clusters<'static>,
}

/// NewsFANEGold train, re-annotating ANERcorp train: its sentences, the ANERcorp train sentence
/// each re-annotates, and whether it is pooled with ANERcorp (else a further domain).
struct Reannotated {
    sentences: Vec<Sentence>,
    aligned: Vec<usize>,
    pooled: bool,
}

impl Recipe {
    /// The shipped recipe of `genre` over the data in `data_dir`, without word clusters (set
    /// [`clusters`](Recipe::clusters) to `models/clusters.tsv` for the shipped models).
    pub fn new(genre: Genre, data_dir: impl Into<PathBuf>) -> Recipe {
        let defaults = TrainOptions::default();
        let (target_weight, adapt) = match genre {
            Genre::News => (defaults.target_weight, "aqmar/train.txt"),
            Genre::Reference => (REFERENCE_TARGET_WEIGHT, "anercorp/train.txt"),
        };
        Recipe {
            data_dir: data_dir.into(),
            genre,
            options: TrainOptions { target_weight, ..defaults },
            clusters: None,
            add: Vec::new(),
            adapt: vec![PathBuf::from(adapt)],
            newsfane: None,
            add_per_part: None,
        }
    }

    fn path(&self, file: impl AsRef<Path>) -> PathBuf {
        self.data_dir.join(file)
    }

    fn read(&self, file: impl AsRef<Path>) -> Result<Vec<Sentence>> {
        read_conll(&self.path(file))
    }

    /// The [`add_per_part`](Recipe::add_per_part) file of `part` (a number, or `all`), read;
    /// none without one.
    fn read_part_file(&self, part: &str) -> Result<Vec<Sentence>> {
        match &self.add_per_part {
            None => Ok(Vec::new()),
            Some(template) => read_conll(Path::new(&template.replace("{part}", part))),
        }
    }

    fn target_file(&self) -> &'static str {
        match self.genre {
            Genre::News => "anercorp/train.txt",
            Genre::Reference => "aqmar/train.txt",
        }
    }

    fn read_corpora(&self, progress: &dyn Progress) -> Result<Corpora> {
        let target = self.read(self.target_file())?;
        let names = NameLists::from_dir(&self.path("gazetteers"))?;
        let clusters = match &self.clusters {
            Some(path) => Clusters::read(path)?,
            None => Clusters::default(),
        };
        progress.note(&format!("{} sentences, {} name-list entries, {} clustered words", target.len(), names.len(), clusters.len()));
        let mut extra = Vec::new();
        for file in &self.add {
            extra.extend(self.read(file)?);
        }
        let domains = self.adapt.iter().map(|file| self.read(file)).collect::<Result<Vec<_>>>()?;
        let newsfane = match self.newsfane {
            None => None,
            Some(_) if self.genre == Genre::Reference => {
                return Err(Error::Data("NewsFANE re-annotates ANERcorp: it joins the news model only".into()));
            }
            Some(settings) => {
                let mut read: Vec<Sentence> = self
                    .read("newsfane/train.txt")?
                    .into_iter()
                    .map(|mut s| {
                        s.tags = s.tags.iter().map(|t| newsfane::coarse_tag(t)).collect();
                        if settings.split {
                            s
                        } else {
                            newsfane::rejoin(&s)
                        }
                    })
                    .collect();
                let (aligned, matched) = newsfane::align(&read, &target);
                progress.note(&format!(
                    "NewsFANE train: {} sentences, {matched} aligned to ANERcorp train by their words, the others by order",
                    read.len()
                ));
                if settings.misc {
                    let changed = newsfane::restore_label(&mut read, &aligned, &target, "MISC");
                    progress.note(&format!("NewsFANE train: {changed} tokens given ANERcorp's MISC tags"));
                }
                Some(Reannotated { sentences: read, aligned, pooled: settings.used == NewsFaneUse::Pooled })
            }
        };
        Ok(Corpora { target, extra, domains, newsfane, names, clusters })
    }

    /// Trains the model: fitted on the training data less the dev data, the O penalty chosen
    /// on the dev data (highest micro F1) and the temperature (lowest token NLL); the news
    /// model is then trained again on all of its data, with those two applied. The model card
    /// says what it was trained on, its settings and its scores. Deterministic.
    pub fn build(&self, progress: &dyn Progress) -> Result<Built> {
        let reference = self.genre == Genre::Reference;
        let corpora = self.read_corpora(progress)?;
        let Corpora { target: sentences, extra, domains, newsfane, names, clusters } = &corpora;
        // Settings are checked on the last tenth of the training file, a contiguous slice
        // (sentences of one article share names, so a random slice would flatter), never on a
        // test file. AQMAR has a dev file of its own: the reference model fits all of its
        // training file.
        let reference_dev = if reference { self.read("aqmar/dev.txt")? } else { Vec::new() };
        let cut = if reference { sentences.len() } else { sentences.len() * 9 / 10 };
        let (fit, dev) = sentences.split_at(cut);
        let (dev, dev_name) = if reference { (&reference_dev[..], "AQMAR dev") } else { (dev, "dev (last 10% of ANERcorp train)") };
        progress.start((!reference) as u64 + 1 + PENALTIES.len() as u64 + 1 + TESTS.len() as u64);

        let options = &self.options;
        let own = self.read_part_file("all")?;
        let all: Vec<Sentence> = sentences.iter().chain(extra).chain(&own).cloned().collect();
        let fit: Vec<Sentence> = fit.iter().chain(extra).chain(&own).cloned().collect();
        let (all, all_domains) = with_reannotation(all, domains, newsfane.as_ref(), 0..0);
        let (fit, fit_domains) = with_reannotation(fit, domains, newsfane.as_ref(), cut..sentences.len());
        let final_options = TrainOptions { temperature: 1.0, ..options.clone() };
        // The model trained on all of the data does not depend on what the dev slice chooses
        // (the O penalty and temperature are applied to it afterwards): it trains meanwhile.
        // (Unless the dev data is a file of its own: then the fitted model is the final one.)
        let (final_model, chosen) = rayon::join(
            || {
                (!reference).then(|| {
                    let model = train_domains(&corpora_of(&all, &all_domains), names.clone(), clusters.clone(), &final_options);
                    progress.step();
                    model
                })
            },
            || -> Result<_> {
                let fitted = train_domains(&corpora_of(&fit, &fit_domains), names.clone(), clusters.clone(), options);
                progress.step();
                // The final model, when no other is being trained.
                let unpenalized = reference.then(|| fitted.clone());
                // A model trained on few names may be timid: lower the cost of leaving `O`
                // until the dev data's F1 stops rising (the perceptron's best is 2 to 8, the CRF's 0).
                let mut grid = Vec::with_capacity(PENALTIES.len());
                let mut best = (f64::NEG_INFINITY, 0.0f32);
                for penalty in PENALTIES {
                    let mut model = fitted.clone();
                    model.penalize_outside(penalty);
                    let f1 = evaluate(&corpus_recognizer(model), dev)?.micro.f1;
                    progress.note(&format!("O penalty {penalty}: dev micro F1 {f1:.4}"));
                    progress.step();
                    grid.push((penalty, f1));
                    if f1 > best.0 {
                        best = (f1, penalty);
                    }
                }
                let penalty = best.1;
                let mut fitted = fitted;
                fitted.penalize_outside(penalty);
                let dev_eval = evaluate(&corpus_recognizer(fitted.clone()), dev)?;
                progress.note(report(dev_name, &dev_eval).trim_end());
                if let (false, Ok(aqmar_dev)) = (reference, self.read("aqmar/dev.txt")) {
                    let e = evaluate(&corpus_recognizer(fitted.clone()), &aqmar_dev)?;
                    progress.note(&format!("AQMAR dev: micro F1 {:.4}", e.micro.f1));
                }
                let (nll, temperature) = calibrate_temperature(&fitted, dev);
                progress.note(&format!("temperature {temperature} (dev token NLL {nll:.4})"));
                progress.step();
                Ok((penalty, temperature, grid, dev_eval, unpenalized))
            },
        );
        let (penalty, temperature, grid, dev_eval, unpenalized) = chosen?;
        let mut model = match (final_model, unpenalized) {
            (Some(model), _) | (None, Some(model)) => model,
            (None, None) => return Err(Error::Data("no model was trained".into())),
        };
        model.penalize_outside(penalty);
        model.scale_temperature(temperature);

        let mut card = self.card_head(&corpora, &final_options, penalty, temperature, &dev_eval);
        let recognizer = corpus_recognizer(model.clone());
        let mut tests = Vec::new();
        for (name, file) in TESTS {
            progress.step();
            let Ok(test) = self.read(file) else { continue };
            let e = evaluate(&recognizer, &test)?;
            progress.note(report(name, &e).trim_end());
            card += &format!("{name}: micro F1 {:.4}, macro F1 {:.4}", e.micro.f1, e.macro_f1);
            for (k, s) in &e.per_type {
                card += &format!(", {k} {:.4}", s.f1);
            }
            card += "\n";
            tests.push((name.to_string(), e));
        }
        model.card = card;
        Ok(Built { model, penalty, temperature, grid, dev: dev_eval, tests })
    }

    /// The model card up to its test scores: corpora, settings and the dev data's F1.
    fn card_head(&self, corpora: &Corpora, options: &TrainOptions, penalty: f32, temperature: f32, dev: &Evaluation) -> String {
        let reference = self.genre == Genre::Reference;
        let list = |files: &[PathBuf]| files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(",");
        let target = if reference { "AQMAR train (Arabic Wikipedia)" } else { "ANERcorp train (CAMeL split)" };
        let mut trained_on = format!("{target}, {} sentences", corpora.target.len());
        if !corpora.extra.is_empty() {
            trained_on += &format!(", pooled with {} sentences of {}", corpora.extra.len(), list(&self.add));
        }
        if let Some(template) = &self.add_per_part {
            trained_on += &format!(", pooled with {}", template.replace("{part}", "all"));
        }
        if let Some(n) = &corpora.newsfane {
            let how = if n.pooled { "pooled" } else { "as a further domain" };
            trained_on += &format!(", NewsFANEGold train ({} sentences, four labels) {how}", n.sentences.len());
        }
        if !corpora.domains.is_empty() {
            let sizes: Vec<String> = corpora.domains.iter().map(|d| d.len().to_string()).collect();
            trained_on += &format!(
                ", with {} ({} sentences) as a second domain, target weight {}",
                list(&self.adapt),
                sizes.join(" + "),
                options.target_weight
            );
        }
        let learner = match options.learner {
            Learner::Perceptron => "averaged perceptron".to_string(),
            Learner::Crf { c2, rate } => format!("CRF (L2 c2 {c2}, SGD rate {rate})"),
        };
        format!(
            "kashif {} model, format {}\ntrained on: {trained_on}; name lists (ANERgazet, ANETAC, arabic-names, iso-codes); {} word clusters from the ANT news corpora\nsettings: {learner}, {} epochs, seed {}, min count {}, prune {}, O penalty {penalty}, temperature {temperature}\n{}: micro F1 {:.4}\n",
            self.genre.name(),
            Model::FORMAT_VERSION,
            corpora.clusters.len(),
            options.epochs,
            options.seed,
            options.min_count,
            options.prune,
            if reference { "AQMAR dev" } else { "dev (last 10% of train, model trained on first 90%)" },
            dev.micro.f1
        )
    }

    /// N-fold cross-validation of the news recipe over contiguous parts of ANERcorp train: each
    /// part scored by a model trained on the rest (plus the `add`, `adapt` and NewsFANE
    /// corpora, less what re-annotates the part), its temperature calibrated on the part as
    /// [`build`](Recipe::build) does on its dev slice; entity counts pooled over the parts for
    /// each O penalty, AQMAR dev scored by every part's model too. A steadier guide for
    /// settings than one dev slice. `folds` is at least 2; the parts train side by side on the
    /// machine's cores, and the result does not depend on how many there are.
    pub fn cross_validate(&self, folds: usize, progress: &dyn Progress) -> Result<CrossValidation> {
        self.cross_validate_with(folds, None, &[], progress)
    }

    /// [`cross_validate`](Recipe::cross_validate), writing the CRF's tag marginals too when
    /// `marginals_out` names a folder (see [`write_marginals`] for the files): each ANERcorp
    /// train token's from the model of the part that did not see it, AQMAR dev's from every
    /// part's model, and those of AQMAR dev and the test files from a model trained on all of
    /// ANERcorp train as the folds were (O penalty 0, temperature 1). Each CoNLL file of `also`
    /// (unlabelled text for distillation, say) is written both ways: `NAME.fold{k}.tsv` from
    /// every part's model and `NAME.tsv` from the model of all of ANERcorp train. The
    /// cross-validation's scores are the same either way.
    pub fn cross_validate_with(
        &self,
        folds: usize,
        marginals_out: Option<&Path>,
        also: &[PathBuf],
        progress: &dyn Progress,
    ) -> Result<CrossValidation> {
        if self.genre == Genre::Reference {
            return Err(Error::Data("cross-validation is of the news model; the reference model is tuned on AQMAR dev".into()));
        }
        if let Some(dir) = marginals_out {
            std::fs::create_dir_all(dir).map_err(|e| Error::Io(format!("{}: {e}", dir.display())))?;
        }
        let corpora = self.read_corpora(progress)?;
        let Corpora { target: sentences, extra, domains, newsfane, names, clusters } = &corpora;
        let folds = folds.clamp(2, sentences.len().max(2));
        let aqmar = self.read("aqmar/dev.txt").ok();
        let want = marginals_out.is_some();
        // The `also` files have no gold tags: the pipeline's tags there are of the names the
        // training file has.
        let name_labels = gold_labels(sentences);
        let also: Vec<(String, Vec<Sentence>)> =
            if want { also.iter().map(|path| Ok((marginal_name(path), read_conll(path)?))).collect::<Result<_>>()? } else { Vec::new() };
        progress.start((folds * (1 + PENALTIES.len()) + want as usize) as u64);
        // Each part's scores at every penalty (ANERcorp part, AQMAR dev), and its marginal rows
        // (ANERcorp part, AQMAR dev, the `also` files) when they are wanted.
        type Part = (Vec<(Evaluation, Option<Score>)>, Option<(String, Option<String>, Vec<String>)>);
        let part = |fold: usize| -> Result<Part> {
            let (from, to) = (fold * sentences.len() / folds, (fold + 1) * sentences.len() / folds);
            let own = self.read_part_file(&fold.to_string())?;
            let rest: Vec<Sentence> = sentences[..from].iter().chain(&sentences[to..]).chain(extra).chain(&own).cloned().collect();
            let (rest, domains) = with_reannotation(rest, domains, newsfane.as_ref(), from..to);
            let trained = train_domains(&corpora_of(&rest, &domains), names.clone(), clusters.clone(), &self.options);
            progress.step();
            let mut pipeline = None;
            let scores = PENALTIES
                .iter()
                .map(|&penalty| {
                    let mut model = trained.clone();
                    model.penalize_outside(penalty);
                    // Calibrated as `build` calibrates on its dev slice, so that the
                    // recurring-names pass sees the confidences the shipped model gives.
                    model.scale_temperature(calibrate_temperature(&model, &sentences[from..to]).1);
                    let recognizer = corpus_recognizer(model);
                    let aqmar_tags = aqmar.as_ref().map(|a| predicted_tags(&recognizer, a)).transpose()?;
                    let aqmar = aqmar.as_ref().zip(aqmar_tags.as_ref()).map(|(a, t)| score_tags(a, t).micro);
                    let tags = predicted_tags(&recognizer, &sentences[from..to])?;
                    let scores = (score_tags(&sentences[from..to], &tags), aqmar);
                    if want && pipeline.is_none() {
                        let also_tags =
                            also.iter().map(|(_, a)| predicted_tags_of(&recognizer, a, &name_labels)).collect::<Result<Vec<_>>>()?;
                        pipeline = Some((tags, aqmar_tags, also_tags));
                    }
                    progress.step();
                    Ok(scores)
                })
                .collect::<Result<Vec<_>>>()?;
            // The marginals of the model as trained (O penalty 0, temperature 1); the
            // pipeline's tags are those scored at penalty 0.
            let rows = pipeline.map(|(tags, aqmar_tags, also_tags)| {
                let own = marginal_rows(&trained, &sentences[from..to], &tags, Some(fold));
                let aqmar = aqmar.as_ref().zip(aqmar_tags.as_ref()).map(|(a, t)| marginal_rows(&trained, a, t, Some(fold)));
                let also = also.iter().zip(&also_tags).map(|((_, a), t)| marginal_rows(&trained, a, t, Some(fold))).collect();
                (own, aqmar, also)
            });
            Ok((scores, rows))
        };
        // The model of all of ANERcorp train, for the marginals of the other files; it trains
        // while the parts do.
        let full = || -> Result<Vec<(String, String)>> {
            if !want {
                return Ok(Vec::new());
            }
            let own = self.read_part_file("all")?;
            let all: Vec<Sentence> = sentences.iter().chain(extra).chain(&own).cloned().collect();
            let (all, all_domains) = with_reannotation(all, domains, newsfane.as_ref(), 0..0);
            let model = train_domains(&corpora_of(&all, &all_domains), names.clone(), clusters.clone(), &self.options);
            let recognizer = corpus_recognizer(model.clone());
            let mut files = Vec::new();
            for (name, file) in MARGINAL_FILES {
                let Ok(read) = self.read(file) else { continue };
                let tags = predicted_tags(&recognizer, &read)?;
                files.push((name.to_string(), marginal_rows(&model, &read, &tags, None)));
            }
            for (name, read) in &also {
                let tags = predicted_tags_of(&recognizer, read, &name_labels)?;
                files.push((name.clone(), marginal_rows(&model, read, &tags, None)));
            }
            progress.step();
            Ok(files)
        };
        let (parts, full) = rayon::join(|| (0..folds).into_par_iter().map(part).collect::<Result<Vec<_>>>(), full);
        let (parts, full) = (parts?, full?);
        if let Some(dir) = marginals_out {
            let mut files = vec![("anercorp-train".to_string(), parts.iter().filter_map(|p| p.1.as_ref().map(|r| r.0.as_str())).collect())];
            for (fold, p) in parts.iter().enumerate() {
                let Some((_, aqmar, also_rows)) = &p.1 else { continue };
                if let Some(aqmar) = aqmar {
                    files.push((format!("aqmar-dev.fold{fold}"), aqmar.clone()));
                }
                for ((name, _), rows) in also.iter().zip(also_rows) {
                    files.push((format!("{name}.fold{fold}"), rows.clone()));
                }
            }
            files.extend(full);
            write_marginals(dir, &files)?;
            progress.note(&format!("wrote {} marginal files to {}", files.len(), dir.display()));
        }
        let parts: Vec<Vec<(Evaluation, Option<Score>)>> = parts.into_iter().map(|p| p.0).collect();
        // Pooled (gold, predicted, correct) per penalty, overall and per type; AQMAR dev overall.
        let mut pooled = vec![(Counts::default(), BTreeMap::<String, Counts>::new(), Counts::default()); PENALTIES.len()];
        for (fold, scores) in parts.iter().enumerate() {
            for ((micro, per_type, aqmar_dev), (e, aqmar)) in pooled.iter_mut().zip(scores) {
                micro.add(&e.micro);
                for (kind, s) in &e.per_type {
                    per_type.entry(kind.clone()).or_default().add(s);
                }
                if let Some(a) = aqmar {
                    aqmar_dev.add(a);
                }
            }
            progress.note(&format!("fold {} of {folds}: micro F1 {:.4} with O penalty {}", fold + 1, scores[0].0.micro.f1, PENALTIES[0]));
        }
        let penalties = PENALTIES
            .iter()
            .zip(pooled)
            .map(|(&penalty, (micro, per_type, aqmar_dev))| PooledScores {
                penalty,
                micro: micro.score(),
                per_type: per_type.into_iter().map(|(k, c)| (k, c.score())).collect(),
                aqmar_dev: aqmar.is_some().then(|| aqmar_dev.score()),
            })
            .collect();
        Ok(CrossValidation { folds: parts.iter().map(|p| p[0].0.micro.f1).collect(), penalties })
    }
}

/// Entity counts summed over scores.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    gold: usize,
    predicted: usize,
    correct: usize,
}

impl Counts {
    fn add(&mut self, s: &Score) {
        self.gold += s.gold;
        self.predicted += s.predicted;
        self.correct += s.correct;
    }

    fn score(self) -> Score {
        Score::from_counts(self.gold, self.predicted, self.correct)
    }
}

/// The news corpus and the other domains with NewsFANE added, less its sentences that
/// re-annotate ANERcorp train sentences in `held_out`.
fn with_reannotation(
    mut news: Vec<Sentence>,
    domains: &[Vec<Sentence>],
    newsfane: Option<&Reannotated>,
    held_out: Range<usize>,
) -> (Vec<Sentence>, Vec<Vec<Sentence>>) {
    let mut domains = domains.to_vec();
    if let Some(n) = newsfane {
        let kept = n.sentences.iter().zip(&n.aligned).filter(|(_, a)| !held_out.contains(a)).map(|(s, _)| s.clone());
        if n.pooled {
            news.extend(kept);
        } else {
            domains.push(kept.collect());
        }
    }
    (news, domains)
}

/// The news corpus first, then the other domains, as `train_domains` takes them.
fn corpora_of<'a>(news: &'a [Sentence], domains: &'a [Vec<Sentence>]) -> Vec<&'a [Sentence]> {
    std::iter::once(news).chain(domains.iter().map(Vec::as_slice)).collect()
}

/// The factor of the temperature that best calibrates `model`'s confidences on `dev` (lowest
/// token NLL), with that NLL.
pub fn calibrate_temperature(model: &Model, dev: &[Sentence]) -> (f64, f32) {
    let mut best = (f64::INFINITY, 1.0f32);
    for t in TEMPERATURES {
        let mut scaled = model.clone();
        scaled.scale_temperature(t);
        let nll = token_nll(&scaled, dev);
        if nll < best.0 {
            best = (nll, t);
        }
    }
    best
}

/// Scores as a table: precision, recall, F1 and gold count per type, then micro and macro.
pub fn report(name: &str, e: &Evaluation) -> String {
    let mut out = format!("{name}\n  type     precision  recall     F1   gold\n");
    for (kind, s) in &e.per_type {
        out += &format!("  {kind:<8} {:>9.4} {:>7.4} {:>6.4} {:>6}\n", s.precision, s.recall, s.f1, s.gold);
    }
    let m = &e.micro;
    out += &format!("  {:<8} {:>9.4} {:>7.4} {:>6.4} {:>6}\n", "micro", m.precision, m.recall, m.f1, m.gold);
    out += &format!("  macro F1 {:.4}\n", e.macro_f1);
    out
}

/// The files whose marginals [`Recipe::cross_validate_with`] writes from the model of all of
/// ANERcorp train, when the data folder has them: (file name without `.tsv`, CoNLL file).
/// AQMAR dev may choose settings; the test files are written to report, never to choose.
const MARGINAL_FILES: [(&str, &str); 3] =
    [("aqmar-dev", "aqmar/dev.txt"), ("anercorp-test", "anercorp/test.txt"), ("aqmar-test", "aqmar/test.txt")];

/// The name a `--marginals-also` file's marginals are written under: its file name without
/// the extension (`news0.txt` → `news0`).
fn marginal_name(path: &Path) -> String {
    path.file_stem().map_or_else(|| "also".to_string(), |s| s.to_string_lossy().into_owned())
}

/// The header line of a marginals file: the columns of [`marginal_rows`].
pub fn marginals_header() -> String {
    let mut header = String::from("#token\tword\tbare\tgold\tfold\tviterbi\tpipeline");
    for t in 0..NUM_TAGS as tags::Tag {
        header.push('\t');
        header += &tag_name(t);
    }
    header
}

/// A tag as CoNLL writes it (`O`, `B-PER`, ...).
fn tag_name(tag: tags::Tag) -> String {
    match tags::label_of(tag) {
        None => "O".to_string(),
        Some(label) => format!("{}-{}", if tags::is_inside(tag) { "I" } else { "B" }, label.as_str()),
    }
}

/// One line per token of `sentences`, a blank line after each sentence: the token as the file
/// has it, its normalized form, that form without clitics (as word clusters are keyed), the
/// gold tag as the file has it, the part (`-` for none), the model's Viterbi tag, the tag of
/// the recognizer's whole pipeline (`pipeline`, one per token of all the sentences in a row,
/// as [`predicted_tags`] gives them) and the marginal of each tag, in the model's tag order.
pub fn marginal_rows(model: &Model, sentences: &[Sentence], pipeline: &[String], fold: Option<usize>) -> String {
    use std::fmt::Write;
    let predictor = Predictor::new(model.clone());
    let mut scratch = Default::default();
    let (mut viterbi, mut marginals) = (Vec::new(), Vec::new());
    let fold = fold.map_or_else(|| "-".to_string(), |f| f.to_string());
    let mut out = String::new();
    let mut first = 0;
    for s in sentences {
        let (words, _) = prepare(s);
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        predictor.tag_marginals(&refs, &mut scratch, &mut viterbi, &mut marginals);
        for (i, ((word, &tag), row)) in words.iter().zip(&viterbi).zip(&marginals).enumerate() {
            let bare = crate::text::clitic::analyze(word).bare;
            let gold = s.tags.get(i).map_or("O", String::as_str);
            let piped = pipeline.get(first + i).map_or("O", String::as_str);
            let _ = write!(out, "{}\t{word}\t{bare}\t{gold}\t{fold}\t{}\t{piped}", s.tokens[i], tag_name(tag));
            for p in row {
                let _ = write!(out, "\t{p:.5}");
            }
            out.push('\n');
        }
        out.push('\n');
        first += s.tokens.len();
    }
    out
}

/// Writes `DIR/NAME.tsv` for each (name, rows), the rows under [`marginals_header`].
pub fn write_marginals(dir: &Path, files: &[(String, String)]) -> Result<()> {
    for (name, rows) in files {
        let path = dir.join(format!("{name}.tsv"));
        let text = format!("{}\n{rows}", marginals_header());
        std::fs::write(&path, text).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// A recognizer that scores the model's own names, as the training files' convention has
/// them: no institutions built from head nouns (ANERcorp leaves most untagged), so that the
/// settings chosen here, cross-validation and the card's scores are the model's.
fn corpus_recognizer(model: crate::model::Model) -> Recognizer {
    let mut recognizer = Recognizer::with_model(model);
    recognizer.set_institutions(false);
    recognizer
}
