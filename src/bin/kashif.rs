//! `kashif`: tag, evaluate, train and benchmark from the command line.

mod progress;

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, OnceLock};
use std::time::Instant;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use kashif::timex::Anchor;
use kashif::train::eval::{evaluate, Evaluation};
use kashif::train::recipe::{self, Genre, NewsFane, NewsFaneUse, Recipe};
use kashif::train::{Learner, Sentence, TrainOptions};
use kashif::{Analysis, AnalyzeOptions, Entity, Error, Glossary, Group, Model, Recognizer, MAX_TEXT_BYTES};

use progress::Bar;

/// Named entities in Arabic news text.
///
/// Entities come out as JSON with code-point offsets into the input. The model is the one
/// embedded in the program unless --model names another.
#[derive(Parser)]
#[command(name = "kashif", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Tag(TagArgs),
    Eval(EvalArgs),
    // Boxed: its many options make it far larger than the others.
    Train(Box<TrainArgs>),
    Bench(BenchArgs),
}

/// A model other than the embedded one.
#[derive(Args)]
struct ModelArg {
    /// Model file (from `kashif train`); the embedded news model when absent.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
}

/// Tag UTF-8 text: entities as JSON, offsets in code points.
///
/// Plain mode reads one text (FILE, or stdin when FILE is absent or `-`) of at most 32 MiB
/// and prints {"entities": [{"start", "end", "label", "text", "score", "value"?}, …]};
/// empty input gives {"entities":[]}.
///
/// --jsonl reads one JSON document a line, {"id": …, "text": "…"}, and writes one line for
/// each, in input order: {"id": …, "entities": […]}, or {"id": …, "line": N, "error": "…"}
/// for a line that cannot be tagged (the others go on). Blank lines are skipped; a line may
/// hold at most 32 MiB. Documents are tagged on all cores (--threads) in batches, so memory
/// stays bounded however long the input.
///
/// To spread an archive over machines, run one `kashif tag --jsonl --threads 1` per core
/// on each shard or partition (see docs/CLI.md), for instance
///   ls shards/*.jsonl | parallel 'kashif tag --jsonl --threads 1 {} > {.}.tagged'
///   rdd.map(json.dumps).pipe("kashif tag --jsonl --threads 1")     (Spark)
#[derive(Args)]
#[command(verbatim_doc_comment)]
struct TagArgs {
    /// Input file; stdin when absent or `-`.
    file: Option<PathBuf>,
    #[command(flatten)]
    model: ModelArg,
    /// Only the model's names (PER, LOC, ORG, MISC), without the date and amount rules.
    #[arg(long)]
    names_only: bool,
    /// The article's date (YYYY-MM-DD), which relative dates (اليوم, أمس, الأسبوع الماضي, a bare
    /// weekday or month) are resolved against; without it, the dateline's date when the text
    /// opens with one. A --jsonl document's own "anchor" field wins over it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    anchor: Option<Anchor>,
    /// One JSON document a line in, one result a line out.
    #[arg(long)]
    jsonl: bool,
    /// Threads tagging --jsonl documents (default: one per core, or RAYON_NUM_THREADS).
    #[arg(long, value_name = "N", requires = "jsonl", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Do not build institutions from their head noun and modifiers (`وزارة الخارجية`): the
    /// model's organisations only, as ANERcorp's convention has them.
    #[arg(long)]
    no_institutions: bool,
}

/// Score CoNLL files: conlleval entity F1 (micro, per type, macro), each file analyzed as one text.
#[derive(Args)]
struct EvalArgs {
    /// CoNLL files (`token TAG` lines, a blank line between sentences).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    model: ModelArg,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
    /// Do not mark the recurrences of confidently found names.
    #[arg(long)]
    no_memory: bool,
    /// Do not build institutions from their head noun and modifiers (`وزارة الخارجية`): score
    /// the model's names as ANERcorp's convention, which leaves most of them untagged, has them.
    #[arg(long)]
    no_institutions: bool,
    /// The files are NewsFANEGold's: its split clitics are glued back and its classes mapped to
    /// the four labels, ministries, councils, armies and courts (`Government`) as organisations.
    #[arg(long)]
    newsfane: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GenreArg {
    /// ANERcorp train with AQMAR as a second domain, tuned on a dev slice of ANERcorp train.
    News,
    /// AQMAR train (Wikipedia) with ANERcorp train as a second domain, tuned on AQMAR dev.
    Reference,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LearnerArg {
    /// A linear-chain CRF by SGD (the shipped models).
    Crf,
    /// The averaged structured perceptron.
    Perceptron,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NewsFaneArg {
    /// Not used.
    None,
    /// As a further domain.
    Domain,
    /// Pooled with ANERcorp train.
    Pooled,
}

/// Train a model from the shared data (deterministic), or cross-validate settings with --folds.
///
/// The news model learns from ANERcorp train with AQMAR train as a second domain and the name
/// lists; the O penalty and temperature are chosen on the last tenth of ANERcorp train, then
/// the model is trained on all of it. --genre reference trains the model for encyclopedic text
/// instead (AQMAR train, ANERcorp train as the second domain, tuned on AQMAR dev). The model
/// card, stored in the model, says what it was trained on and its scores.
#[derive(Args)]
struct TrainArgs {
    /// Which model.
    #[arg(long, value_enum, default_value = "news")]
    genre: GenreArg,
    /// The shared data folder (see its DATA.md).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write the model [default: models/kashif.model, or models/kashif-reference.model].
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Word clusters file (from kashif-clusters), or `none`.
    #[arg(long, value_name = "PATH|none", default_value = "models/clusters.tsv")]
    clusters: String,
    /// Passes over the data [default: 24 for the CRF, 12 for the perceptron].
    #[arg(long, value_name = "N")]
    epochs: Option<usize>,
    /// Seed of the order in which sentences are visited.
    #[arg(long, value_name = "N", default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Features seen in fewer training tokens than this are left out.
    #[arg(long, value_name = "N", default_value_t = TrainOptions::default().min_count)]
    min_count: u32,
    /// Weights at most this fraction of the largest are dropped.
    #[arg(long, value_name = "F", default_value_t = TrainOptions::default().prune)]
    prune: f64,
    /// More CoNLL files pooled with the training file for fitting (relative to --data).
    #[arg(long, value_name = "FILE,FILE", value_delimiter = ',')]
    add: Vec<PathBuf>,
    /// CoNLL files of other domains (relative to --data), or `none` [default: aqmar/train.txt, or anercorp/train.txt].
    #[arg(long, value_name = "FILE,FILE|none", value_delimiter = ',')]
    adapt: Option<Vec<String>>,
    /// Weight of what is learnt from the training file alone [default: 0.75, or 0.5 for reference].
    #[arg(long, value_name = "F")]
    target_weight: Option<f64>,
    /// Cross-validate the news model over N parts of ANERcorp train instead (writes no model).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(2..))]
    folds: Option<u64>,
    /// With --folds: also write the CRF's tag marginals, one TSV per file, into DIR (each
    /// ANERcorp train token's from the part model that did not see it; AQMAR dev's from every
    /// part's model and, with the test files', from a model of all of ANERcorp train), for
    /// training a second-stage tagger on them.
    #[arg(long, value_name = "DIR", requires = "folds")]
    marginals_out: Option<PathBuf>,
    /// Pool this CoNLL file with the training file, a different one for each part: its path
    /// with `{part}`, replaced by the part's number in cross-validation and by `all` otherwise
    /// (text tagged by a model that never saw the part, for self-training).
    #[arg(long, value_name = "TEMPLATE")]
    add_per_part: Option<String>,
    /// With --marginals-out: also write the marginals of this CoNLL file (repeatable), as
    /// NAME.fold{k}.tsv from every part's model and NAME.tsv from the model of all of ANERcorp
    /// train (unlabelled text for distilling a second stage, say).
    #[arg(long, value_name = "FILE", requires = "marginals_out")]
    marginals_also: Vec<PathBuf>,
    /// How the weights are learnt.
    #[arg(long, value_enum, default_value = "crf")]
    learner: LearnerArg,
    /// The CRF's L2 coefficient.
    #[arg(long, value_name = "F", default_value_t = Learner::CRF_C2)]
    c2: f64,
    /// The CRF's initial SGD rate.
    #[arg(long, value_name = "F", default_value_t = Learner::CRF_RATE)]
    rate: f64,
    /// NewsFANEGold train (four labels) as more news supervision.
    #[arg(long, value_enum, default_value = "none")]
    newsfane: NewsFaneArg,
    /// Keep NewsFANE's split clitics as tokens of their own.
    #[arg(long)]
    newsfane_split: bool,
    /// Give NewsFANE's sentences ANERcorp's MISC tags back where it has none.
    #[arg(long)]
    newsfane_misc: bool,
}

/// Tagging speed on real text (a CoNLL file, turned back into running text, or plain text).
///
/// Prints the file, its size in bytes, whitespace tokens and entities, the runs, and last
/// `<N> tokens/s`.
#[derive(Args)]
struct BenchArgs {
    /// Text or CoNLL file.
    #[arg(value_name = "FILE", default_value = "../shared/data/anercorp/test.txt")]
    file: PathBuf,
    #[command(flatten)]
    model: ModelArg,
    /// Run for at least this long.
    #[arg(long, value_name = "S", default_value_t = 3.0)]
    seconds: f64,
    /// Do not mark the recurrences of confidently found names.
    #[arg(long)]
    no_memory: bool,
    /// Do not build institutions from their head noun and modifiers.
    #[arg(long)]
    no_institutions: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Tag(args) => tag(&args),
        Command::Eval(args) => eval(&args),
        Command::Train(args) => train(&args),
        Command::Bench(args) => bench(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {}", message.trim_end());
            ExitCode::FAILURE
        }
    }
}

/// A usage error of `subcommand` found after parsing, reported as clap reports its own
/// (exit status 2).
fn usage_error(subcommand: &str, message: impl std::fmt::Display) -> ! {
    let mut command = Cli::command();
    command.build();
    match command.find_subcommand_mut(subcommand) {
        Some(sub) => sub.error(clap::error::ErrorKind::ArgumentConflict, message).exit(),
        None => command.error(clap::error::ErrorKind::ArgumentConflict, message).exit(),
    }
}

fn load_recognizer(model: &ModelArg) -> Result<Recognizer, String> {
    match &model.model {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let model = Model::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(Recognizer::with_model(model))
        }
        None => Recognizer::new().map_err(|e| format!("embedded model: {e}")),
    }
}

/// The input: a file, or stdin when none is named or the name is `-`, and its name for messages.
fn open_input(file: Option<&Path>) -> Result<(Box<dyn Read + Send>, String), String> {
    match file {
        Some(path) if path != Path::new("-") => {
            let name = path.display().to_string();
            let file = File::open(path).map_err(|e| format!("{name}: {e}"))?;
            Ok((Box::new(file), name))
        }
        _ => Ok((Box::new(std::io::stdin()), "stdin".to_string())),
    }
}

/// Reads one text of at most [`MAX_TEXT_BYTES`] as UTF-8. Reading stops one byte past the
/// limit, so a larger input is refused having taken no more memory than the limit.
fn read_text(file: Option<&Path>) -> Result<String, String> {
    let (input, name) = open_input(file)?;
    let mut bytes = Vec::new();
    input.take(MAX_TEXT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("{name}: {e}"))?;
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(format!(
            "{name}: input is larger than the {MAX_TEXT_BYTES}-byte limit of one text; split it, or give many documents one a line with --jsonl"
        ));
    }
    String::from_utf8(bytes).map_err(|e| format!("{name}: {}", Error::InvalidUtf8 { valid_up_to: e.utf8_error().valid_up_to() }))
}

/// An entity as the JSON output shows it, with code-point offsets; the fields in alphabetical
/// order, as the output has always had them.
#[derive(Serialize)]
struct EntityJson<'t> {
    end: usize,
    /// The id of the entity (group of mentions) it is a mention of, among "groups"; none for
    /// dates, times and amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<u32>,
    label: &'static str,
    score: f64,
    start: usize,
    text: &'t str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'t str>,
    /// An unanchored relative date's offset from the article's date (`-P1D`).
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<String>,
    /// A Hijri date as written (its Gregorian value is `value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    hijri: Option<String>,
}

/// The entities of `text` for the JSON output: code-point offsets, scores to three decimals.
fn entities_json<'t>(text: &'t str, analysis: &'t Analysis) -> Vec<EntityJson<'t>> {
    let entities = &analysis.entities;
    let mut bounds: Vec<usize> = entities.iter().flat_map(|e| [e.start, e.end]).collect();
    bounds.sort_unstable();
    let chars = kashif::offsets::byte_to_char_offsets(text, &bounds);
    let to_char = |byte: usize| bounds.binary_search(&byte).map(|i| chars[i]).unwrap_or(0);
    entities
        .iter()
        .enumerate()
        .map(|(i, e)| EntityJson {
            end: to_char(e.end),
            entity: analysis.group_of(i),
            label: e.label.as_str(),
            score: (e.score as f64 * 1000.0).round() / 1000.0,
            start: to_char(e.start),
            text: e.text(text),
            value: e.value.as_deref(),
            offset: e.timex.as_ref().and_then(|t| t.offset()).map(|o| o.to_string()),
            hijri: e.timex.as_ref().and_then(|t| t.hijri()).map(|(from, to)| match to {
                Some(to) => format!("{from}/{to}"),
                None => from.to_string(),
            }),
        })
        .collect()
}

fn find(recognizer: &Recognizer, text: &str, names_only: bool, anchor: Option<Anchor>) -> kashif::Result<Vec<Entity>> {
    if names_only {
        recognizer.names(text)
    } else {
        recognizer.analyze_with(text, &AnalyzeOptions { anchor }, &mut |_| {})
    }
}

/// The gloss table (models/glosses.bin), embedded in the program and read once.
fn glossary() -> Result<&'static Glossary, String> {
    static GLOSSARY: OnceLock<Result<Glossary, String>> = OnceLock::new();
    GLOSSARY
        .get_or_init(|| Glossary::from_bytes(include_bytes!("../../models/glosses.bin")).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// The entities of `text` grouped into the things they name, with English glosses.
fn analyzed(text: &str, entities: Vec<Entity>, glossary: &Glossary) -> Analysis {
    let mut analysis = Analysis::new(text, entities);
    analysis.annotate(text, glossary);
    analysis
}

/// What `tag` prints for one text (with the document's id under --jsonl).
#[derive(Serialize)]
struct Tagged<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    entities: Vec<EntityJson<'a>>,
    /// Left out when there is none, so that a text without names prints `{"entities":[]}`.
    #[serde(skip_serializing_if = "<[Group]>::is_empty")]
    groups: &'a [Group],
}

fn tag(args: &TagArgs) -> Result<(), String> {
    if args.jsonl {
        return tag_jsonl(args);
    }
    let text = read_text(args.file.as_deref())?;
    let mut recognizer = load_recognizer(&args.model)?;
    recognizer.set_institutions(!args.no_institutions);
    let entities = find(&recognizer, &text, args.names_only, args.anchor).map_err(|e| e.to_string())?;
    let analysis = analyzed(&text, entities, glossary()?);
    let tagged = Tagged { id: None, entities: entities_json(&text, &analysis), groups: &analysis.groups };
    let out = serde_json::to_string(&tagged).map_err(|e| e.to_string())?;
    writeln!(std::io::stdout(), "{out}").map_err(|e| format!("writing output: {e}"))
}

/// Documents in one batch of `tag --jsonl`, at most: enough to keep every core busy.
const BATCH_DOCUMENTS: usize = 1024;

/// Bytes of input lines in one batch, at most (one line of up to [`MAX_TEXT_BYTES`] may pass it).
const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// Batches read ahead of the one being tagged.
const BATCHES_AHEAD: usize = 1;

/// One input line of `tag --jsonl`: its number (from 1) and its bytes, or `None` when it is
/// longer than [`MAX_TEXT_BYTES`].
struct Line {
    number: u64,
    bytes: Option<Vec<u8>>,
}

/// Reads the next line, keeping at most `max` bytes of it: `Ok(None)` at the end of the
/// input, `Some(false)` when the line was longer (the rest of it is skipped, not kept).
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>, max: usize) -> std::io::Result<Option<bool>> {
    line.clear();
    let read = input.by_ref().take(max as u64 + 1).read_until(b'\n', line)?;
    if read == 0 {
        return Ok(None);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        return Ok(Some(true));
    }
    if line.len() <= max {
        return Ok(Some(true)); // the last line, without a newline
    }
    line.clear();
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(Some(false));
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(end) => {
                input.consume(end + 1);
                return Ok(Some(false));
            }
            None => {
                let all = buffer.len();
                input.consume(all);
            }
        }
    }
}

/// Reads the input in batches and sends them to `batches`, until the input ends, reading fails
/// or the receiver is gone.
fn read_batches(input: Box<dyn Read + Send>, name: &str, batches: mpsc::SyncSender<Result<Vec<Line>, String>>) {
    let mut input = BufReader::with_capacity(1 << 16, input);
    let mut number = 0u64;
    let mut bytes = Vec::new();
    loop {
        let mut batch = Vec::new();
        let mut size = 0;
        while batch.len() < BATCH_DOCUMENTS && size < BATCH_BYTES {
            match read_line(&mut input, &mut bytes, MAX_TEXT_BYTES) {
                Ok(None) => break,
                Ok(Some(fits)) => {
                    number += 1;
                    if fits && bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    size += bytes.len();
                    batch.push(Line { number, bytes: fits.then(|| bytes.clone()) });
                }
                Err(e) => {
                    let _ = batches.send(Err(format!("{name}: {e}")));
                    return;
                }
            }
        }
        if batch.is_empty() || batches.send(Ok(batch)).is_err() {
            return;
        }
    }
}

/// A document of `tag --jsonl`.
#[derive(Deserialize)]
struct Document<'a> {
    #[serde(default)]
    id: serde_json::Value,
    #[serde(borrow)]
    text: Cow<'a, str>,
    /// The article's date, YYYY-MM-DD.
    #[serde(default)]
    anchor: Option<String>,
}

/// What a line that is not a document may still say: its id.
#[derive(Deserialize)]
struct IdOnly {
    #[serde(default)]
    id: serde_json::Value,
}

/// The output line of one input line (without its newline).
fn tag_line(recognizer: &Recognizer, glossary: &Glossary, line: &Line, names_only: bool, anchor: Option<Anchor>) -> String {
    #[derive(Serialize)]
    struct Failed<'a> {
        id: &'a serde_json::Value,
        line: u64,
        error: String,
    }
    let failed =
        |id: &serde_json::Value, error: String| serde_json::to_string(&Failed { id, line: line.number, error }).unwrap_or_default();
    let Some(bytes) = &line.bytes else {
        return failed(&serde_json::Value::Null, format!("line longer than the {MAX_TEXT_BYTES}-byte limit"));
    };
    let id_of = |bytes: &[u8]| serde_json::from_slice::<IdOnly>(bytes).map(|d| d.id).unwrap_or_default();
    let line_text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return failed(&id_of(bytes), Error::InvalidUtf8 { valid_up_to: e.valid_up_to() }.to_string()),
    };
    let document: Document = match serde_json::from_str(line_text) {
        Ok(document) => document,
        Err(e) => return failed(&id_of(bytes), format!("not a document {{\"id\": …, \"text\": \"…\"}}: {e}")),
    };
    let anchor = match document.anchor.as_deref().map(str::parse::<Anchor>) {
        None => anchor,
        Some(Ok(own)) => Some(own),
        Some(Err(e)) => return failed(&document.id, format!("anchor: {e}")),
    };
    match find(recognizer, &document.text, names_only, anchor) {
        Ok(entities) => {
            let analysis = analyzed(&document.text, entities, glossary);
            let tagged = Tagged { id: Some(&document.id), entities: entities_json(&document.text, &analysis), groups: &analysis.groups };
            serde_json::to_string(&tagged).unwrap_or_else(|e| failed(&document.id, e.to_string()))
        }
        Err(e) => failed(&document.id, e.to_string()),
    }
}

/// `tag --jsonl`: a reader thread reads batches of lines a batch ahead, the batch at hand is
/// tagged on all cores, and its results are written in input order.
fn tag_jsonl(args: &TagArgs) -> Result<(), String> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.into())
            .build_global()
            .map_err(|e| format!("starting {threads} threads: {e}"))?;
    }
    let mut recognizer = load_recognizer(&args.model)?;
    recognizer.set_institutions(!args.no_institutions);
    let glossary = glossary()?;
    let (input, name) = open_input(args.file.as_deref())?;
    let (sender, batches) = mpsc::sync_channel(BATCHES_AHEAD);
    let reader = std::thread::spawn(move || read_batches(input, &name, sender));
    let progress = Bar::new(0, "{spinner} [{elapsed_precise}] {human_pos} documents");
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written = (|| {
        for batch in batches {
            let batch = batch?;
            let results: Vec<String> =
                batch.par_iter().map(|line| tag_line(&recognizer, glossary, line, args.names_only, args.anchor)).collect();
            for result in &results {
                out.write_all(result.as_bytes()).and_then(|()| out.write_all(b"\n")).map_err(|e| format!("writing output: {e}"))?;
            }
            // Whoever reads the output sees each batch as soon as it is done.
            out.flush().map_err(|e| format!("writing output: {e}"))?;
            progress.advance(batch.len() as u64);
        }
        Ok(())
    })();
    // On an error the channel is dropped with the loop, which stops the reader.
    drop(reader);
    written
}

fn read_conll(path: &Path) -> Result<Vec<Sentence>, String> {
    kashif::train::conll::read_conll(path).map_err(|e| e.to_string())
}

fn eval(args: &EvalArgs) -> Result<(), String> {
    let mut recognizer = load_recognizer(&args.model)?;
    recognizer.set_recall_mentions(!args.no_memory);
    recognizer.set_institutions(!args.no_institutions);
    let mut sentences = Vec::new();
    for path in &args.files {
        sentences.extend(read_conll(path)?);
    }
    if args.newsfane {
        for sentence in &mut sentences {
            *sentence = kashif::train::newsfane::rejoin(sentence);
            for tag in &mut sentence.tags {
                *tag = kashif::train::newsfane::institutional_tag(tag);
            }
        }
    }
    let evaluation = evaluate(&recognizer, &sentences).map_err(|e| e.to_string())?;
    if args.json {
        println!("{}", evaluation_json(&evaluation));
    } else {
        let names: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
        print!("{}", recipe::report(&names.join(" "), &evaluation));
    }
    Ok(())
}

fn evaluation_json(e: &Evaluation) -> serde_json::Value {
    serde_json::json!({
        "micro": { "precision": e.micro.precision, "recall": e.micro.recall, "f1": e.micro.f1 },
        "macro_f1": e.macro_f1,
        "per_type": e.per_type.iter().map(|(k, s)| (k.clone(), serde_json::json!({
            "precision": s.precision, "recall": s.recall, "f1": s.f1, "gold": s.gold, "predicted": s.predicted, "correct": s.correct,
        }))).collect::<serde_json::Map<_, _>>(),
    })
}

/// A recipe's progress on a bar on stderr (report lines above it).
impl recipe::Progress for Bar {
    fn start(&self, steps: u64) {
        self.set_steps(steps);
    }

    fn step(&self) {
        self.advance(1);
    }

    fn note(&self, line: &str) {
        self.println(line);
    }
}

/// The recipe the arguments ask for.
fn recipe_of(args: &TrainArgs) -> Recipe {
    let genre = match args.genre {
        GenreArg::News => Genre::News,
        GenreArg::Reference => Genre::Reference,
    };
    let mut recipe = Recipe::new(genre, &args.data);
    let learner = match args.learner {
        LearnerArg::Perceptron => Learner::Perceptron,
        LearnerArg::Crf => Learner::Crf { c2: args.c2, rate: args.rate },
    };
    recipe.options = TrainOptions {
        learner,
        epochs: args.epochs.unwrap_or(learner.default_epochs()),
        seed: args.seed,
        min_count: args.min_count,
        prune: args.prune,
        target_weight: args.target_weight.unwrap_or(recipe.options.target_weight),
        ..recipe.options
    };
    recipe.clusters = (args.clusters != "none").then(|| PathBuf::from(&args.clusters));
    recipe.add = args.add.iter().filter(|f| !f.as_os_str().is_empty()).cloned().collect();
    recipe.add_per_part = args.add_per_part.clone();
    if let Some(adapt) = &args.adapt {
        recipe.adapt = adapt.iter().filter(|f| !f.is_empty() && *f != "none").map(PathBuf::from).collect();
    }
    let used = match args.newsfane {
        NewsFaneArg::None => None,
        NewsFaneArg::Domain => Some(NewsFaneUse::Domain),
        NewsFaneArg::Pooled => Some(NewsFaneUse::Pooled),
    };
    recipe.newsfane = used.map(|used| NewsFane { used, split: args.newsfane_split, misc: args.newsfane_misc });
    recipe
}

fn train(args: &TrainArgs) -> Result<(), String> {
    let reference = args.genre == GenreArg::Reference;
    if reference && args.newsfane != NewsFaneArg::None {
        usage_error("train", "--newsfane adds news to the news model only (not to --genre reference)");
    }
    if reference && args.folds.is_some() {
        usage_error("train", "--folds cross-validates the news model; the reference model is tuned on AQMAR dev");
    }
    let recipe = recipe_of(args);
    let started = Instant::now();
    let progress = Bar::steps(0);
    if let Some(folds) = args.folds {
        let cv = recipe
            .cross_validate_with(folds as usize, args.marginals_out.as_deref(), &args.marginals_also, &progress)
            .map_err(|e| e.to_string())?;
        drop(progress);
        for row in &cv.penalties {
            let mut line = format!("O penalty {}: cv micro F1 {:.4}", row.penalty, row.micro.f1);
            for (kind, s) in &row.per_type {
                line += &format!(", {kind} {:.4}", s.f1);
            }
            if let Some(aqmar) = &row.aqmar_dev {
                line += &format!("; AQMAR dev {:.4}", aqmar.f1);
            }
            println!("{line}");
        }
        return Ok(());
    }
    let built = recipe.build(&progress).map_err(|e| e.to_string())?;
    drop(progress);
    let default_out = if reference { "models/kashif-reference.model" } else { "models/kashif.model" };
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from(default_out));
    let bytes = built.model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "wrote {} ({} bytes, {} features) in {:.1} s",
        out.display(),
        bytes.len(),
        built.model.num_features(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn bench(args: &BenchArgs) -> Result<(), String> {
    let raw = read_text(Some(&args.file))?;
    let file = args.file.display().to_string();
    // A CoNLL file is turned back into running text: tokens joined by spaces, one sentence a
    // line. (Plain text whose lines have two words or more parses as CoNLL too: its "tags"
    // are not tags.)
    let is_tag = |tag: &str| tag == "O" || tag.starts_with("B-") || tag.starts_with("I-");
    let text = match kashif::train::conll::parse_conll(&raw, &file) {
        Ok(sentences) if !sentences.is_empty() && sentences.iter().all(|s| s.tags.iter().all(|t| is_tag(t))) => {
            kashif::train::conll::running_text(&sentences).0
        }
        _ => raw,
    };
    let tokens = text.split_whitespace().count();
    if tokens == 0 {
        return Err(format!("{file}: no text to benchmark"));
    }
    let mut recognizer = load_recognizer(&args.model)?;
    recognizer.set_recall_mentions(!args.no_memory);
    recognizer.set_institutions(!args.no_institutions);
    let mut runs = 0usize;
    let mut entities = 0;
    let started = Instant::now();
    while runs == 0 || started.elapsed().as_secs_f64() < args.seconds {
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
