//! `kashif`: tag, evaluate, train and benchmark from the command line.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use kashif::train::{NameLists, Sentence, TrainOptions};
use kashif::{Error, Model, Recognizer};

const USAGE: &str = "\
kashif — named entities in Arabic news text

usage:
  kashif tag [FILE] [--model PATH] [--names-only]
      Tag UTF-8 text (stdin when no FILE); prints JSON with code-point offsets.
  kashif eval FILE... [--model PATH] [--json] [--no-memory]
      Score CoNLL files (conlleval entity F1: micro, per type, macro), each analyzed as one
      text; --no-memory turns off marking the recurrences of confidently found names.
  kashif train [--genre news|reference] [--data DIR] [--out PATH] [--epochs N] [--seed N] [--clusters PATH|none]
               [--min-count N] [--prune F] [--add FILE,FILE] [--adapt FILE,FILE|none]
               [--target-weight F] [--folds N] [--learner crf|perceptron] [--c2 F] [--rate F]
               [--newsfane domain|pooled|none] [--newsfane-split] [--newsfane-misc]
      Train a model from the shared data (ANERcorp train + AQMAR train as a second domain,
      name lists); deterministic. --folds N cross-validates instead (writes no model).
      --genre reference trains the model for encyclopedic text instead: AQMAR train (Wikipedia)
      with ANERcorp train as the second domain, tuned on AQMAR dev (models/kashif-reference.model).
      The weights are learnt as a CRF (L2 coefficient --c2, initial SGD rate --rate);
      --learner perceptron learns them with the averaged perceptron instead. --newsfane adds
      NewsFANEGold train (its classes mapped to the four labels, its split clitics glued back
      unless --newsfane-split) as a further domain or pooled with ANERcorp; what re-annotates a
      held-out part is left out with it.
      --newsfane-misc gives its sentences ANERcorp's MISC tags back where it has none.
  kashif bench [FILE] [--model PATH] [--seconds S] [--no-memory]
      Tagging speed on real text (a CoNLL file or plain text); last line `<N> tokens/s`.
";

/// Command-line arguments: positional values and `--flag [value]` options.
struct Args {
    positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

impl Args {
    fn parse(raw: impl Iterator<Item = String>, with_value: &[&str], switches: &[&str]) -> Result<Args, String> {
        let mut args = Args { positional: Vec::new(), options: Vec::new() };
        let mut raw = raw.peekable();
        while let Some(arg) = raw.next() {
            if arg == "--" {
                args.positional.extend(raw.by_ref());
                break;
            }
            if let Some(name) = arg.strip_prefix("--") {
                if with_value.contains(&name) {
                    let value = raw.next().ok_or_else(|| format!("--{name} needs a value"))?;
                    args.options.push((name.to_string(), Some(value)));
                } else if switches.contains(&name) {
                    args.options.push((name.to_string(), None));
                } else {
                    return Err(format!("unknown option --{name}"));
                }
            } else if arg.starts_with('-') && arg.len() > 1 {
                return Err(format!("unknown option {arg}"));
            } else {
                args.positional.push(arg);
            }
        }
        Ok(args)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|(n, _)| n == name).and_then(|(_, v)| v.as_deref())
    }

    fn has(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| n == name)
    }

    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.value(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("--{name} expects a number, got {v:?}")),
        }
    }
}

fn main() -> ExitCode {
    let mut raw = std::env::args().skip(1);
    let command = raw.next();
    let result = match command.as_deref() {
        Some("tag") => Args::parse(raw, &["model"], &["names-only"]).and_then(|a| tag(&a)),
        Some("eval") => Args::parse(raw, &["model"], &["json", "no-memory"]).and_then(|a| eval(&a)),
        Some("train") => Args::parse(raw, &["data", "out", "genre", "epochs", "seed", "clusters", "min-count", "prune", "add", "adapt", "target-weight", "folds", "learner", "c2", "rate", "newsfane"], &["newsfane-split", "newsfane-misc"]).and_then(|a| train(&a)),
        Some("bench") => Args::parse(raw, &["model", "seconds"], &["no-memory"]).and_then(|a| bench(&a)),
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("kashif: {}", message.trim_end());
            ExitCode::FAILURE
        }
    }
}

fn io_error(path: &Path, e: std::io::Error) -> String {
    format!("{}: {e}", path.display())
}

fn load_recognizer(args: &Args) -> Result<Recognizer, String> {
    match args.value("model") {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| io_error(Path::new(path), e))?;
            let model = Model::from_bytes(&bytes).map_err(|e| format!("{path}: {e}"))?;
            Ok(Recognizer::with_model(model))
        }
        None => Recognizer::new().map_err(|e| format!("embedded model: {e}")),
    }
}

/// Reads the whole input as UTF-8: a file, or stdin when no file is named.
fn read_text(file: Option<&str>) -> Result<String, String> {
    let mut bytes = Vec::new();
    match file {
        Some(path) if path != "-" => bytes = std::fs::read(path).map_err(|e| io_error(Path::new(path), e))?,
        _ => {
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("reading stdin: {e}"))?;
        }
    }
    let name = file.unwrap_or("stdin");
    if bytes.len() > kashif::MAX_TEXT_BYTES {
        return Err(format!("{name}: {}", Error::TooLarge { len: bytes.len(), max: kashif::MAX_TEXT_BYTES }));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("{name}: {}", Error::InvalidUtf8 { valid_up_to: e.utf8_error().valid_up_to() }))
}

fn tag(args: &Args) -> Result<(), String> {
    if args.positional.len() > 1 {
        return Err("tag takes at most one FILE".into());
    }
    let text = read_text(args.positional.first().map(String::as_str))?;
    if text.trim().is_empty() {
        return Err("input is empty: nothing to tag".into());
    }
    let recognizer = load_recognizer(args)?;
    let entities = if args.has("names-only") { recognizer.names(&text) } else { recognizer.analyze(&text) }
        .map_err(|e| e.to_string())?;
    let mut bounds: Vec<usize> = entities.iter().flat_map(|e| [e.start, e.end]).collect();
    bounds.sort_unstable();
    let chars = kashif::offsets::byte_to_char_offsets(&text, &bounds);
    let to_char = |byte: usize| bounds.binary_search(&byte).map(|i| chars[i]).unwrap_or(0);
    let json: Vec<serde_json::Value> = entities
        .iter()
        .map(|e| {
            let mut o = serde_json::json!({
                "start": to_char(e.start),
                "end": to_char(e.end),
                "label": e.label.as_str(),
                "text": e.text(&text),
                "score": (e.score as f64 * 1000.0).round() / 1000.0,
            });
            if let Some(v) = &e.value {
                o["value"] = serde_json::Value::String(v.clone());
            }
            o
        })
        .collect();
    let out = serde_json::to_string(&serde_json::json!({ "entities": json })).map_err(|e| e.to_string())?;
    writeln!(std::io::stdout(), "{out}").map_err(|e| format!("writing output: {e}"))
}

fn read_conll(path: &str) -> Result<Vec<Sentence>, String> {
    kashif::train::conll::read_conll(Path::new(path)).map_err(|e| e.to_string())
}

/// Scores the recognizer's full output on CoNLL sentences (see [`kashif::train::eval::evaluate`]).
fn score(recognizer: &Recognizer, sentences: &[Sentence]) -> Result<kashif::train::eval::Evaluation, String> {
    kashif::train::eval::evaluate(recognizer, sentences).map_err(|e| e.to_string())
}

fn format_evaluation(name: &str, e: &kashif::train::eval::Evaluation) -> String {
    let mut out = format!("{name}\n  type     precision  recall     F1   gold\n");
    for (kind, s) in &e.per_type {
        out += &format!("  {kind:<8} {:>9.4} {:>7.4} {:>6.4} {:>6}\n", s.precision, s.recall, s.f1, s.gold);
    }
    let m = &e.micro;
    out += &format!("  {:<8} {:>9.4} {:>7.4} {:>6.4} {:>6}\n", "micro", m.precision, m.recall, m.f1, m.gold);
    out += &format!("  macro F1 {:.4}\n", e.macro_f1);
    out
}

fn eval(args: &Args) -> Result<(), String> {
    if args.positional.is_empty() {
        return Err("eval needs at least one CoNLL FILE".into());
    }
    let mut recognizer = load_recognizer(args)?;
    recognizer.set_recall_mentions(!args.has("no-memory"));
    let mut sentences = Vec::new();
    for path in &args.positional {
        sentences.extend(read_conll(path)?);
    }
    let evaluation = score(&recognizer, &sentences)?;
    if args.has("json") {
        let json = serde_json::json!({
            "micro": { "precision": evaluation.micro.precision, "recall": evaluation.micro.recall, "f1": evaluation.micro.f1 },
            "macro_f1": evaluation.macro_f1,
            "per_type": evaluation.per_type.iter().map(|(k, s)| (k.clone(), serde_json::json!({
                "precision": s.precision, "recall": s.recall, "f1": s.f1, "gold": s.gold, "predicted": s.predicted, "correct": s.correct,
            }))).collect::<serde_json::Map<_, _>>(),
        });
        println!("{json}");
    } else {
        print!("{}", format_evaluation(&args.positional.join(" "), &evaluation));
    }
    Ok(())
}

fn train(args: &Args) -> Result<(), String> {
    let data = PathBuf::from(args.value("data").unwrap_or("../shared/data"));
    // The news model learns from ANERcorp with AQMAR (Wikipedia) as a second domain; the
    // reference model the other way round, for encyclopedic text.
    let reference = match args.value("genre").unwrap_or("news") {
        "news" => false,
        "reference" => true,
        other => return Err(format!("--genre expects news or reference, got {other:?}")),
    };
    let out = PathBuf::from(args.value("out").unwrap_or(if reference { "models/kashif-reference.model" } else { "models/kashif.model" }));
    let defaults = TrainOptions { target_weight: if reference { REFERENCE_TARGET_WEIGHT } else { TrainOptions::default().target_weight }, ..TrainOptions::default() };
    // The CRF is the default: cross-validation 0.7540 and 0.7526 in two seeds against the
    // perceptron's 0.7484 and 0.7448, AQMAR dev 0.6955 against 0.677 for the reference model.
    let learner = match args.value("learner").unwrap_or("crf") {
        "perceptron" => kashif::train::Learner::Perceptron,
        "crf" => kashif::train::Learner::Crf {
            c2: args.number("c2", kashif::train::Learner::CRF_C2)?,
            rate: args.number("rate", kashif::train::Learner::CRF_RATE)?,
        },
        other => return Err(format!("--learner expects perceptron or crf, got {other:?}")),
    };
    let epochs = args.number("epochs", learner.default_epochs())?;
    let seed = args.number("seed", defaults.seed)?;
    let started = Instant::now();
    let path = |p: &str| data.join(p).display().to_string();
    let (target_file, default_adapt) = if reference { ("aqmar/train.txt", "anercorp/train.txt") } else { ("anercorp/train.txt", DEFAULT_ADAPT) };
    let sentences = read_conll(&path(target_file))?;
    let names = NameLists::from_dir(&data.join("gazetteers")).map_err(|e| e.to_string())?;
    let clusters = match args.value("clusters").unwrap_or("models/clusters.tsv") {
        "none" => kashif::train::Clusters::default(),
        p => kashif::train::Clusters::read(Path::new(p)).map_err(|e| e.to_string())?,
    };
    eprintln!("{} sentences, {} name-list entries, {} clustered words", sentences.len(), names.len(), clusters.len());

    // Settings are checked on the last tenth of the training file, a contiguous slice (sentences
    // of one article share names, so a random slice would flatter), never on a test file. AQMAR
    // has a dev file of its own: the reference model fits all of its training file.
    let reference_dev = if reference { read_conll(&path("aqmar/dev.txt"))? } else { Vec::new() };
    let cut = if reference { sentences.len() } else { sentences.len() * 9 / 10 };
    let (fit, dev) = sentences.split_at(cut);
    let (dev, dev_name) = if reference { (&reference_dev[..], "AQMAR dev") } else { (dev, "dev (last 10% of ANERcorp train)") };
    // More supervision from other corpora (`--add PATH,PATH`, relative to --data), used for
    // fitting only: settings are still chosen on the ANERcorp slice.
    let mut extra = Vec::new();
    for file in args.value("add").into_iter().flat_map(|v| v.split(',')).filter(|f| !f.is_empty()) {
        extra.extend(read_conll(&path(file))?);
    }
    let fit_all: Vec<Sentence> = fit.iter().chain(&extra).cloned().collect();
    let all: Vec<Sentence> = sentences.iter().chain(&extra).cloned().collect();
    let fit = &fit_all[..];
    // Corpora from other domains (`--adapt PATH,PATH`): each feature is also learnt per corpus,
    // and only what the corpora share (plus `--target-weight` of the news corpus's own) ships.
    let mut domains: Vec<Vec<Sentence>> = Vec::new();
    let adapt = args.value("adapt").unwrap_or(default_adapt);
    for file in adapt.split(',').filter(|f| !f.is_empty() && *f != "none") {
        domains.push(read_conll(&path(file))?);
    }
    let newsfane = match args.value("newsfane").unwrap_or("none") {
        "none" => None,
        mode @ ("domain" | "pooled") => {
            if reference {
                return Err("--newsfane adds news to the news model only".into());
            }
            let split = args.has("newsfane-split");
            let mut read: Vec<Sentence> = read_conll(&path("newsfane/train.txt"))?
                .into_iter()
                .map(|mut s| {
                    s.tags = s.tags.iter().map(|t| kashif::train::newsfane::coarse_tag(t)).collect();
                    if split { s } else { kashif::train::newsfane::rejoin(&s) }
                })
                .collect();
            let (aligned, matched) = kashif::train::newsfane::align(&read, &sentences);
            eprintln!("NewsFANE train: {} sentences, {matched} aligned to ANERcorp train by their words, the others by order", read.len());
            if args.has("newsfane-misc") {
                let changed = kashif::train::newsfane::restore_label(&mut read, &aligned, &sentences, "MISC");
                eprintln!("NewsFANE train: {changed} tokens given ANERcorp's MISC tags");
            }
            Some(Reannotated { sentences: read, aligned, pooled: mode == "pooled" })
        }
        other => return Err(format!("--newsfane expects domain, pooled or none, got {other:?}")),
    };
    let options = TrainOptions {
        learner,
        epochs,
        seed,
        min_count: args.number("min-count", defaults.min_count)?,
        prune: args.number("prune", defaults.prune)?,
        target_weight: args.number("target-weight", defaults.target_weight)?,
        ..defaults
    };
    let folds: usize = args.number("folds", 0)?;
    if folds > 0 {
        if reference {
            return Err("--folds cross-validates the news model; the reference model is tuned on AQMAR dev".into());
        }
        return cross_validate(folds, &sentences, &extra, &domains, newsfane.as_ref(), &names, &clusters, &options, &path("aqmar/dev.txt"));
    }
    let (all, all_domains) = with_reannotation(all, &domains, newsfane.as_ref(), 0..0);
    let (fit_all, fit_domains) = with_reannotation(fit.to_vec(), &domains, newsfane.as_ref(), cut..sentences.len());
    let fit = &fit_all[..];
    let final_options = TrainOptions { temperature: 1.0, ..options.clone() };
    let clusters_len = clusters.len();
    let (chosen, model) = std::thread::scope(|scope| {
        // The model trained on all of the data does not depend on what the dev slice chooses
        // (the O penalty and temperature are applied to it afterwards): it trains meanwhile.
        // (Unless the dev data is a file of its own: then the fitted model is the final one.)
        let final_model = (!reference).then(|| scope.spawn(|| kashif::train::train_domains(&corpora(&all, &all_domains), names.clone(), clusters.clone(), &final_options)));
        let chosen = (|| -> Result<(f32, f32, kashif::train::eval::Evaluation, Option<Model>), String> {
            let fitted = kashif::train::train_domains(&corpora(fit, &fit_domains), names.clone(), clusters.clone(), &options);
            // The final model, when no other is being trained.
            let unpenalized = reference.then(|| fitted.clone());
            // A model trained on few names may be timid: lower the cost of leaving `O` until the
            // dev slice's F1 stops rising (the perceptron's best is 2 to 8, the CRF's 0).
            let mut best_penalty = (f64::NEG_INFINITY, 0.0f32);
            for penalty in PENALTIES {
                let mut model = fitted.clone();
                model.penalize_outside(penalty);
                let f1 = score(&Recognizer::with_model(model), dev)?.micro.f1;
                eprintln!("O penalty {penalty}: dev micro F1 {f1:.4}");
                if f1 > best_penalty.0 {
                    best_penalty = (f1, penalty);
                }
            }
            let penalty = best_penalty.1;
            let mut fitted = fitted;
            fitted.penalize_outside(penalty);
            let dev_eval = score(&Recognizer::with_model(fitted.clone()), dev)?;
            eprint!("{}", format_evaluation(dev_name, &dev_eval));
            if let (false, Ok(aqmar_dev)) = (reference, read_conll(&path("aqmar/dev.txt"))) {
                let e = score(&Recognizer::with_model(fitted.clone()), &aqmar_dev)?;
                eprintln!("AQMAR dev: micro F1 {:.4}", e.micro.f1);
            }
            let best = calibrate_temperature(&fitted, dev);
            eprintln!("temperature {} (dev token NLL {:.4})", best.1, best.0);
            Ok((penalty, best.1, dev_eval, unpenalized))
        })();
        let final_model = final_model.map(|f| f.join().map_err(|_| "training the final model failed".to_string()));
        (chosen, final_model)
    });
    let (penalty, temperature, dev_eval, fitted) = chosen?;
    let mut model = match (model, fitted) {
        (Some(model), _) => model?,
        (None, Some(fitted)) => fitted,
        (None, None) => return Err("no model was trained".into()),
    };
    model.penalize_outside(penalty);
    model.scale_temperature(temperature);
    let recognizer = Recognizer::with_model(model.clone());
    let target = if reference { "AQMAR train (Arabic Wikipedia)" } else { "ANERcorp train (CAMeL split)" };
    let mut corpora_line = format!("{target}, {} sentences", sentences.len());
    if !extra.is_empty() {
        corpora_line += &format!(", pooled with {} sentences of {}", extra.len(), args.value("add").unwrap_or_default());
    }
    if let Some(n) = &newsfane {
        corpora_line += &format!(", NewsFANEGold train ({} sentences, four labels) {}", n.sentences.len(), if n.pooled { "pooled" } else { "as a further domain" });
    }
    if !domains.is_empty() {
        let sizes: Vec<String> = domains.iter().map(|d| d.len().to_string()).collect();
        corpora_line += &format!(", with {adapt} ({} sentences) as a second domain, target weight {}", sizes.join(" + "), final_options.target_weight);
    }
    let mut card = format!(
        "kashif {} model, format {}\ntrained on: {corpora_line}; name lists (ANERgazet, ANETAC, arabic-names, iso-codes); {} word clusters from the ANT news corpora\nsettings: {}, {} epochs, seed {}, min count {}, prune {}, O penalty {}, temperature {}\n{}: micro F1 {:.4}\n",
        if reference { "reference" } else { "news" },
        kashif::Model::FORMAT_VERSION,
        clusters_len,
        match final_options.learner {
            kashif::train::Learner::Perceptron => "averaged perceptron".to_string(),
            kashif::train::Learner::Crf { c2, rate } => format!("CRF (L2 c2 {c2}, SGD rate {rate})"),
        },
        final_options.epochs,
        seed,
        final_options.min_count,
        final_options.prune,
        penalty,
        temperature,
        if reference { "AQMAR dev" } else { "dev (last 10% of train, model trained on first 90%)" },
        dev_eval.micro.f1
    );
    for (name, file) in [("ANERcorp test", "anercorp/test.txt"), ("AQMAR test", "aqmar/test.txt")] {
        let Ok(test) = read_conll(&path(file)) else { continue };
        let e = score(&recognizer, &test)?;
        eprint!("{}", format_evaluation(name, &e));
        card += &format!("{name}: micro F1 {:.4}, macro F1 {:.4}", e.micro.f1, e.macro_f1);
        for (k, s) in &e.per_type {
            card += &format!(", {k} {:.4}", s.f1);
        }
        card += "\n";
    }
    model.card = card;
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| io_error(&out, e))?;
    eprintln!(
        "wrote {} ({} bytes, {} features) in {:.1} s",
        out.display(),
        bytes.len(),
        model.num_features(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Corpora of other domains trained with the news by default (`--adapt none` for none).
const DEFAULT_ADAPT: &str = "aqmar/train.txt";

/// `--target-weight` of the reference model: AQMAR dev 0.664 against 0.654 for 1, 0.659 for 1.5
/// and 0.653 for 2 (0.663 with AQMAR alone, `--adapt none`).
const REFERENCE_TARGET_WEIGHT: f64 = 0.5;

/// NewsFANEGold train, re-annotating ANERcorp train: its sentences, the ANERcorp train sentence
/// each re-annotates, and whether it is pooled with ANERcorp (else a further domain).
struct Reannotated {
    sentences: Vec<Sentence>,
    aligned: Vec<usize>,
    pooled: bool,
}

/// The news corpus and the other domains with NewsFANE added, less its sentences that
/// re-annotate ANERcorp train sentences in `held_out`.
fn with_reannotation(
    mut news: Vec<Sentence>,
    domains: &[Vec<Sentence>],
    newsfane: Option<&Reannotated>,
    held_out: std::ops::Range<usize>,
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
fn corpora<'a>(news: &'a [Sentence], domains: &'a [Vec<Sentence>]) -> Vec<&'a [Sentence]> {
    std::iter::once(news).chain(domains.iter().map(Vec::as_slice)).collect()
}

/// The factor of the temperature that best calibrates `model`'s confidences on `dev` (lowest
/// token NLL), with that NLL.
fn calibrate_temperature(model: &Model, dev: &[Sentence]) -> (f64, f32) {
    let mut best = (f64::INFINITY, 1.0f32);
    for t in [0.5f32, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 20.0, 32.0, 50.0, 80.0, 128.0] {
        let mut scaled = model.clone();
        scaled.scale_temperature(t);
        let nll = kashif::train::token_nll(&scaled, dev);
        if nll < best.0 {
            best = (nll, t);
        }
    }
    best
}

/// The O penalties tried when training, in temperature units: the CRF's best lie between 0
/// and 1, the perceptron's between 2 and 8.
const PENALTIES: [f32; 11] = [0.0, 0.25, 0.5, 0.75, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 16.0];

/// `train --folds N`: N-fold cross-validation over contiguous parts of ANERcorp train (each
/// part scored by a model trained on the rest, plus `--add`/`--adapt` corpora, its temperature
/// calibrated on the part as `kashif train` does on its dev slice), entity counts pooled over
/// the parts, for each O penalty; AQMAR dev scored by every fold's model too.
/// A steadier guide for settings than one dev slice; writes no model.
#[allow(clippy::too_many_arguments)]
fn cross_validate(
    folds: usize,
    sentences: &[Sentence],
    extra: &[Sentence],
    domains: &[Vec<Sentence>],
    newsfane: Option<&Reannotated>,
    names: &NameLists,
    clusters: &kashif::train::Clusters,
    options: &TrainOptions,
    aqmar_dev: &str,
) -> Result<(), String> {
    let folds = folds.clamp(2, sentences.len().max(2));
    let aqmar = read_conll(aqmar_dev).ok();
    // Pooled (gold, predicted, correct) per penalty, overall and per type; AQMAR dev overall.
    let mut pooled = vec![std::collections::BTreeMap::<String, (usize, usize, usize)>::new(); PENALTIES.len()];
    let mut pooled_aqmar = vec![(0usize, 0usize, 0usize); PENALTIES.len()];
    let add = |to: &mut (usize, usize, usize), s: &kashif::train::eval::Score| {
        to.0 += s.gold;
        to.1 += s.predicted;
        to.2 += s.correct;
    };
    // Each part's scores at every penalty (ANERcorp part, AQMAR dev), the parts trained side by
    // side on the machine's cores; pooled below in part order, so the report is the same.
    let part = |fold: usize| -> Result<Vec<(kashif::train::eval::Evaluation, Option<kashif::train::eval::Score>)>, String> {
        let (from, to) = (fold * sentences.len() / folds, (fold + 1) * sentences.len() / folds);
        let rest: Vec<Sentence> = sentences[..from].iter().chain(&sentences[to..]).chain(extra).cloned().collect();
        let (rest, domains) = with_reannotation(rest, domains, newsfane, from..to);
        let trained = kashif::train::train_domains(&corpora(&rest, &domains), names.clone(), clusters.clone(), options);
        PENALTIES
            .iter()
            .map(|&penalty| {
                let mut model = trained.clone();
                model.penalize_outside(penalty);
                // Calibrated as `kashif train` calibrates on its dev slice, so that the
                // recurring-names pass sees the confidences the shipped model gives.
                model.scale_temperature(calibrate_temperature(&model, &sentences[from..to]).1);
                let recognizer = Recognizer::with_model(model);
                let aqmar = aqmar.as_ref().map(|a| score(&recognizer, a).map(|e| e.micro)).transpose()?;
                Ok((score(&recognizer, &sentences[from..to])?, aqmar))
            })
            .collect()
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut parts = Vec::with_capacity(folds);
    for first in (0..folds).step_by(cores) {
        let batch: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = (first..folds.min(first + cores)).map(|fold| scope.spawn(move || part(fold))).collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("a training thread panicked".into()))).collect()
        });
        parts.extend(batch);
    }
    for (fold, scores) in parts.into_iter().enumerate() {
        let scores = scores?;
        for (p, (e, aqmar)) in scores.iter().enumerate() {
            add(pooled[p].entry("micro".into()).or_default(), &e.micro);
            for (kind, s) in &e.per_type {
                add(pooled[p].entry(kind.clone()).or_default(), s);
            }
            if let Some(aqmar) = aqmar {
                add(&mut pooled_aqmar[p], aqmar);
            }
        }
        eprintln!("fold {} of {folds}: micro F1 {:.4} with O penalty {}", fold + 1, scores[0].0.micro.f1, PENALTIES[0]);
    }
    let f1 = |&(gold, predicted, correct): &(usize, usize, usize)| {
        if gold + predicted == 0 { 0.0 } else { 2.0 * correct as f64 / (gold + predicted) as f64 }
    };
    for (p, penalty) in PENALTIES.iter().enumerate() {
        let mut line = format!("O penalty {penalty}: cv micro F1 {:.4}", f1(&pooled[p]["micro"]));
        for (kind, counts) in pooled[p].iter().filter(|(k, _)| *k != "micro") {
            line += &format!(", {kind} {:.4}", f1(counts));
        }
        if aqmar.is_some() {
            line += &format!("; AQMAR dev {:.4}", f1(&pooled_aqmar[p]));
        }
        println!("{line}");
    }
    Ok(())
}

fn bench(args: &Args) -> Result<(), String> {
    let file = args.positional.first().map(String::as_str).unwrap_or("../shared/data/anercorp/test.txt");
    let raw = read_text(Some(file))?;
    // A CoNLL file is turned back into running text: tokens joined by spaces, one sentence a line.
    let text = match kashif::train::conll::parse_conll(&raw, file) {
        Ok(sentences) if !sentences.is_empty() => {
            kashif::train::conll::running_text(&sentences).0
        }
        _ => raw,
    };
    let tokens = text.split_whitespace().count();
    if tokens == 0 {
        return Err(format!("{file}: no text to benchmark"));
    }
    let mut recognizer = load_recognizer(args)?;
    recognizer.set_recall_mentions(!args.has("no-memory"));
    let seconds: f64 = args.number("seconds", 3.0)?;
    let mut runs = 0usize;
    let mut entities = 0;
    let started = Instant::now();
    while runs == 0 || started.elapsed().as_secs_f64() < seconds {
        entities = recognizer.analyze(&text).map_err(|e| e.to_string())?.len();
        runs += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!("file: {file}");
    println!("{} bytes, {tokens} whitespace tokens, {entities} entities per run", text.len());
    println!("{runs} runs in {elapsed:.2} s, {:.2} ms per run", elapsed * 1000.0 / runs as f64);
    println!("{:.0} tokens/s", (tokens * runs) as f64 / elapsed);
    Ok(())
}
