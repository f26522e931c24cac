//! Data-driven tests on sentences written for the project (tests/data/ner/, see its README):
//! organisations from their head nouns, places inside organisation names, adjacent names,
//! transliterated foreign names, informal sentences without persons. Each file is scored by
//! exact label and text; its precision and recall must stay at its `# floor:`.
//!
//! `KASHIF_MODEL=PATH cargo test --release --test ner_cases -- --nocapture` prints the figures
//! of another model file (the floors are then not checked: they are the shipped model's).

use std::collections::HashMap;
use std::path::Path;

use kashif::{Model, Recognizer};

struct Case {
    sentence: String,
    expected: Vec<(String, String)>,
}

struct CaseFile {
    cases: Vec<Case>,
    scored: Option<Vec<String>>,
    floor: (f64, f64),
    /// For a file that expects no entity of its scored labels: how many may be found.
    most_found: Option<usize>,
}

fn read(path: &Path) -> CaseFile {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut file = CaseFile { cases: Vec::new(), scored: None, floor: (0.0, 0.0), most_found: None };
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(labels) = comment.strip_prefix("scored:") {
                file.scored = Some(labels.split_whitespace().map(String::from).collect());
            } else if let Some(floor) = comment.strip_prefix("floor:") {
                let v: Vec<f64> = floor.split_whitespace().map(|x| x.parse().expect("floor: P R")).collect();
                file.floor = (v[0], v[1]);
            } else if let Some(most) = comment.strip_prefix("most found:") {
                file.most_found = Some(most.trim().parse().expect("most found: N"));
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let (sentence, entities) = line.split_once('\t').unwrap_or_else(|| panic!("{}: no tab in {line:?}", path.display()));
        let expected = entities
            .split(" | ")
            .filter(|e| !e.trim().is_empty())
            .map(|e| {
                let (label, name) = e.split_once(':').unwrap_or_else(|| panic!("{}: {e:?} is not LABEL:text", path.display()));
                (label.trim().to_string(), name.trim().to_string())
            })
            .collect();
        file.cases.push(Case { sentence: sentence.to_string(), expected });
    }
    assert!(!file.cases.is_empty(), "{}: no cases", path.display());
    file
}

/// Correct, predicted and expected entity counts of a file, and the cases not right.
fn score(recognizer: &Recognizer, file: &CaseFile) -> (usize, usize, usize, Vec<String>) {
    let counted = |label: &str| file.scored.as_ref().is_none_or(|s| s.iter().any(|l| l == label));
    let (mut correct, mut predicted, mut expected) = (0, 0, 0);
    let mut wrong = Vec::new();
    for case in &file.cases {
        let found: Vec<(String, String)> = recognizer
            .names(&case.sentence)
            .expect("a sentence is analyzed")
            .iter()
            .map(|e| (e.label.as_str().to_string(), e.text(&case.sentence).to_string()))
            .filter(|(label, _)| counted(label))
            .collect();
        let gold: Vec<&(String, String)> = case.expected.iter().filter(|(label, _)| counted(label)).collect();
        let mut left: HashMap<&(String, String), usize> = HashMap::new();
        for g in &gold {
            *left.entry(g).or_default() += 1;
        }
        let mut right = 0;
        for f in &found {
            if let Some(n) = left.get_mut(f).filter(|n| **n > 0) {
                *n -= 1;
                right += 1;
            }
        }
        if right != gold.len() || right != found.len() {
            wrong.push(format!("{}\n    expected {gold:?}\n    found    {found:?}", case.sentence));
        }
        correct += right;
        predicted += found.len();
        expected += gold.len();
    }
    (correct, predicted, expected, wrong)
}

#[test]
fn held_out_sentences_keep_their_precision_and_recall() {
    let other = std::env::var("KASHIF_MODEL").ok();
    let recognizer = match &other {
        Some(path) => Recognizer::with_model(Model::from_bytes(&std::fs::read(path).expect("model file")).expect("model loads")),
        None => Recognizer::new().expect("embedded model loads"),
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ner");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("tests/data/ner").filter_map(|e| Some(e.ok()?.path())).collect();
    paths.retain(|p| p.extension().is_some_and(|x| x == "tsv"));
    paths.sort();
    assert!(paths.len() >= 5, "{paths:?}");
    let (mut cases, mut failures) = (0, Vec::new());
    for path in &paths {
        let file = read(path);
        cases += file.cases.len();
        let (correct, predicted, expected, wrong) = score(&recognizer, &file);
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (ratio(correct, predicted), ratio(correct, expected));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!(
            "{name}: {} cases, precision {precision:.3} ({correct}/{predicted}), recall {recall:.3} ({correct}/{expected})",
            file.cases.len()
        );
        for w in &wrong {
            println!("  {w}");
        }
        if other.is_none() && (precision + 1e-9 < file.floor.0 || recall + 1e-9 < file.floor.1) {
            failures.push(format!("{name}: precision {precision:.3} recall {recall:.3} below the floor {:?}", file.floor));
        }
        if other.is_none() && file.most_found.is_some_and(|most| predicted - correct > most) {
            failures.push(format!("{name}: {} wrong entities, more than {:?}", predicted - correct, file.most_found));
        }
    }
    assert!(cases >= 60, "{cases} cases");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_name_repeated_many_times_is_as_many_names() {
    let recognizer = Recognizer::new().expect("embedded model loads");
    let text = vec!["بوتين"; 2000].join(" ");
    let names = recognizer.names(&text).unwrap();
    assert!(names.len() >= 1990, "{} names", names.len());
    assert!(names.iter().all(|e| e.text(&text) == "بوتين"));
    // Whatever the input, a name has a letter, no control character, at most 26 words.
    let text = "قال \u{0}بوتين\u{0} و \u{1} ماكرون ( 12 ) ، ، \u{7f}";
    for e in recognizer.names(text).unwrap() {
        let span = e.text(text);
        assert!(span.chars().any(char::is_alphabetic) && !span.chars().any(char::is_control), "{span:?}");
        assert!(span.split_whitespace().count() <= 26);
    }
}
