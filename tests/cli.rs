//! The `kashif` command line: JSON output in code points, clear errors, evaluation and speed.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kashif(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kashif"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kashif runs");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn tag_prints_code_point_offsets_that_slice_the_input() {
    // An emoji before the names makes byte, UTF-16 and code-point offsets all differ.
    let text = "😀 قال وزير الخارجية المصري إن وروسيا والصين اتفقتا في موسكو يوم 3 مايو 2024.";
    let out = kashif(&["tag"], text.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let entities = json["entities"].as_array().unwrap();
    assert!(entities.len() >= 3, "{json}");
    for e in entities {
        let (start, end) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(e["text"].as_str().unwrap(), slice);
        let score = e["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
    let texts: Vec<&str> = entities.iter().map(|e| e["text"].as_str().unwrap()).collect();
    assert!(texts.contains(&"روسيا") && texts.contains(&"موسكو"), "{texts:?}");
    let date = entities.iter().find(|e| e["label"] == "DATE").expect("a date");
    assert_eq!(date["value"], "2024-05-03");
}

#[test]
fn tag_reads_a_file() {
    let path = std::env::temp_dir().join(format!("kashif-cli-{}.txt", std::process::id()));
    std::fs::write(&path, "زار الرئيس الفرنسي القاهرة.").unwrap();
    let out = kashif(&["tag", path.to_str().unwrap()], b"");
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("القاهرة"));
}

#[test]
fn bad_input_is_a_clear_error_without_output() {
    let invalid = kashif(&["tag"], b"\xd8\xa7\xff\xfe");
    assert!(!invalid.status.success());
    assert!(stderr(&invalid).contains("not valid UTF-8"), "{}", stderr(&invalid));
    assert!(invalid.stdout.is_empty());

    let empty = kashif(&["tag"], b"  \n");
    assert!(!empty.status.success());
    assert!(stderr(&empty).contains("empty"), "{}", stderr(&empty));
    assert!(empty.stdout.is_empty());

    let flag = kashif(&["tag", "--frobnicate"], b"x");
    assert!(!flag.status.success());
    assert!(stderr(&flag).contains("unknown option --frobnicate"));

    let command = kashif(&["dance"], b"");
    assert!(!command.status.success());
    assert!(stderr(&command).contains("unknown command"));

    let missing = kashif(&["tag", "/nonexistent/kashif.txt"], b"");
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("/nonexistent/kashif.txt"));
}

#[test]
fn corrupted_model_file_is_a_clear_error() {
    let path = std::env::temp_dir().join(format!("kashif-bad-{}.model", std::process::id()));
    let mut bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/models/kashif.model")).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let out = kashif(&["tag", "--model", path.to_str().unwrap()], "روسيا".as_bytes());
    std::fs::remove_file(&path).ok();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("invalid model"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn ten_megabytes_of_news_is_tagged_whole() {
    let sentence = "وقال وزير الخارجية الروسي سيرغي لافروف في موسكو إن بلاده ستواصل التعاون مع الصين.\n";
    let text = sentence.repeat(10 * 1024 * 1024 / sentence.len() + 1);
    assert!(text.len() >= 10 * 1024 * 1024);
    let out = kashif(&["tag", "--names-only"], text.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = text.lines().count();
    let moscow = json["entities"].as_array().unwrap().iter().filter(|e| e["text"] == "موسكو").count();
    assert_eq!(moscow, lines, "every line's موسكو is found");
}

#[test]
fn eval_reports_conlleval_scores_as_json() {
    let path = std::env::temp_dir().join(format!("kashif-eval-{}.txt", std::process::id()));
    std::fs::write(&path, "زار O\nفلاديمير B-PERS\nبوتين I-PERS\nموسكو B-LOC\n. O\n").unwrap();
    let out = kashif(&["eval", "--json", path.to_str().unwrap()], b"");
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["precision", "recall", "f1"] {
        let v = json["micro"][key].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&v));
    }
    assert!(json["per_type"]["PER"]["f1"].is_number() && json["macro_f1"].is_number(), "{json}");
    assert_eq!(json["per_type"]["PER"]["gold"], 1);
}

/// The embedded model scores what its model card says on the public test split.
#[test]
fn embedded_model_meets_its_card_on_anercorp_test() {
    let test = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/anercorp/test.txt");
    let out = kashif(&["eval", "--json", test], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f1 = json["micro"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.70, "micro F1 {f1:.4} on ANERcorp test");
}

/// The reference model (`kashif train --genre reference`, for encyclopedic text) scores what
/// its card says on AQMAR test, well above the news model there.
#[test]
fn reference_model_meets_its_card_on_aqmar_test() {
    let test = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/aqmar/test.txt");
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/models/kashif-reference.model");
    let f1 = |args: &[&str]| {
        let out = kashif(args, b"");
        assert!(out.status.success(), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["micro"]["f1"].as_f64().unwrap()
    };
    let reference = f1(&["eval", "--json", "--model", model, test]);
    let news = f1(&["eval", "--json", test]);
    assert!(reference >= 0.62, "micro F1 {reference:.4} on AQMAR test");
    assert!(reference > news + 0.1, "reference {reference:.4}, news {news:.4}");
}

#[test]
fn bench_ends_with_tokens_per_second() {
    let out = kashif(&["bench", "--seconds", "0.2"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap();
    let (n, unit) = last.split_once(' ').unwrap();
    assert_eq!(unit, "tokens/s");
    assert!(n.parse::<f64>().unwrap() > 0.0);
}

/// A miniature of the shared data folder, written for this test: a few news-like sentences,
/// a few encyclopedia-like ones, and name lists of a line or two.
fn tiny_data(dir: &std::path::Path) {
    let write = |path: &str, text: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let news: String = (0..12)
        .map(|i| {
            let (who, place) = [("سمير", "عمان"), ("ليلى", "تونس"), ("كريم", "بيروت")][i % 3];
            format!("زار B-PERS\n{who} I-PERS\nمدينة O\n{place} B-LOC\nامس O\n. O\n\n")
        })
        .collect();
    write("anercorp/train.txt", &news);
    let wiki = "نهر O\nالنيل B-LOC\nفي O\nافريقيا B-LOC\n. O\n\nكتب O\nالعالم O\nرامي B-PER\nعن O\nالذهب B-MIS\n. O\n\n";
    write("aqmar/train.txt", &wiki.repeat(3));
    write("aqmar/dev.txt", wiki);
    write("gazetteers/anergazet/AlignedLocGazetteer.txt", "عمان\n");
    write("gazetteers/anergazet/AlignedOrgGazetteer.txt", "الامم المتحدة\n");
    write("gazetteers/anergazet/AlignedPersGazetteer.txt", "سمير\n");
    write("gazetteers/anetac/EN-AR_Named-entities.txt", "PERSON Laila ليلى\n");
    for file in ["male-first-names-in-arabic.txt", "female-first-names-in-arabic.txt", "last-names-in-arabic.txt"] {
        write(&format!("gazetteers/arabic-names/{file}"), "كريم\n");
    }
    write("gazetteers/iso-codes/countries.tsv", "code\tname\tarabic\nTN\tTunisia\tتونس\n");
}

/// `kashif train` on the miniature data in `dir` (no clusters), writing `dir/name`: its bytes.
fn train_into(dir: &std::path::Path, name: &str, options: &[&str]) -> Vec<u8> {
    let path = dir.join(name);
    let mut args = vec!["train", "--data", dir.to_str().unwrap(), "--clusters", "none", "--out", path.to_str().unwrap()];
    args.extend_from_slice(options);
    let out = kashif(&args, b"");
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(path).unwrap()
}

#[test]
fn train_is_deterministic_and_cross_validates() {
    let dir = std::env::temp_dir().join(format!("kashif-train-test-{}", std::process::id()));
    tiny_data(&dir);
    let data = dir.to_str().unwrap();
    let first = train_into(&dir, "a.model", &[]);
    assert_eq!(first, train_into(&dir, "b.model", &[]), "two runs, two different models");
    assert!(String::from_utf8_lossy(&first).contains("CRF (L2 c2 1"), "the default learner is the CRF");
    // The model trained with the Wikipedia-like corpus as a second domain loads and tags.
    let tagged = kashif(&["tag", "--model", dir.join("a.model").to_str().unwrap()], "زار سمير مدينة تونس امس .".as_bytes());
    assert!(tagged.status.success(), "{}", stderr(&tagged));
    assert!(String::from_utf8_lossy(&tagged.stdout).contains("\"label\":\"LOC\""));
    // Cross-validation writes no model and reports every O penalty, with AQMAR dev.
    let out = kashif(&["train", "--data", data, "--clusters", "none", "--folds", "3", "--out", dir.join("c.model").to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let report = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = report.lines().filter(|l| l.starts_with("O penalty") && l.contains("cv micro F1") && l.contains("AQMAR dev")).collect();
    assert_eq!(lines.len(), 11, "{report}");
    assert!(!dir.join("c.model").exists());
    // The reference genre: AQMAR train as the target, tuned on AQMAR dev; deterministic too.
    let first = train_into(&dir, "r1.model", &["--genre", "reference"]);
    assert_eq!(first, train_into(&dir, "r2.model", &["--genre", "reference"]));
    assert!(String::from_utf8_lossy(&first).contains("kashif reference model"));
    let tagged = kashif(&["tag", "--model", dir.join("r1.model").to_str().unwrap()], "نهر النيل في افريقيا .".as_bytes());
    assert!(String::from_utf8_lossy(&tagged.stdout).contains("\"label\":\"LOC\""), "{}", String::from_utf8_lossy(&tagged.stdout));
    let out = kashif(&["train", "--genre", "poetry", "--data", data], b"");
    assert!(!out.status.success() && stderr(&out).contains("--genre"), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn train_learns_a_perceptron_too_and_takes_newsfane_as_a_domain() {
    let dir = std::env::temp_dir().join(format!("kashif-crf-test-{}", std::process::id()));
    tiny_data(&dir);
    // The same news re-tokenised (و split off) and re-annotated with fine classes.
    let refined: String = (0..12)
        .map(|i| {
            let (who, place) = [("سمير", "عمان"), ("ليلى", "تونس"), ("كريم", "بيروت")][i % 3];
            format!("زار O\n{who} B-Politician\nمدينة O\n{place} B-Population-Center\nامس O\n. O\n\n")
        })
        .collect();
    std::fs::create_dir_all(dir.join("newsfane")).unwrap();
    std::fs::write(dir.join("newsfane/train.txt"), refined).unwrap();
    let data = dir.to_str().unwrap();
    let first = train_into(&dir, "p1.model", &["--learner", "perceptron"]);
    assert_eq!(first, train_into(&dir, "p2.model", &["--learner", "perceptron"]), "two runs, two different models");
    assert!(String::from_utf8_lossy(&first).contains("averaged perceptron"));
    let tagged = kashif(&["tag", "--model", dir.join("p1.model").to_str().unwrap()], "زار سمير مدينة تونس امس .".as_bytes());
    assert!(String::from_utf8_lossy(&tagged.stdout).contains("\"label\":\"LOC\""), "{}", String::from_utf8_lossy(&tagged.stdout));
    let out = kashif(&["train", "--data", data, "--clusters", "none", "--newsfane", "domain", "--folds", "3"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("NewsFANE train: 12 sentences, 12 aligned"), "{}", stderr(&out));
    for (option, value) in [("--learner", "svm"), ("--newsfane", "test")] {
        let out = kashif(&["train", "--data", data, option, value], b"");
        assert!(!out.status.success() && stderr(&out).contains(option), "{}", stderr(&out));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
