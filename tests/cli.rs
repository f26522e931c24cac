//! The `kashif` command line: its interface (help, version, errors in clap's style), JSON
//! output in code points, the input limit, `tag --jsonl`, evaluation against the model cards,
//! and the bench command's report.

#[allow(dead_code)]
mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::{shared, tiny_data, TempDir};

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
    // The program may stop reading early (an input over the limit): a broken pipe is expected.
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

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The JSON of a successful run.
fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

/// A usage error as clap reports it: status 2, `error: …` and a hint, nothing on stdout.
fn assert_usage_error(out: &Output, says: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    let message = stderr(out);
    assert!(message.starts_with("error: ") && message.contains(says), "{message}");
    assert!(message.contains("--help"), "{message}");
    assert!(out.stdout.is_empty());
}

#[test]
fn version_and_help_for_every_subcommand() {
    let version = kashif(&["--version"], b"");
    assert!(version.status.success(), "{}", stderr(&version));
    assert_eq!(stdout(&version), format!("kashif {}\n", env!("CARGO_PKG_VERSION")));
    let help = kashif(&["--help"], b"");
    assert!(help.status.success());
    for subcommand in ["tag", "eval", "train", "bench"] {
        assert!(stdout(&help).contains(&format!("\n  {subcommand} ")), "{}", stdout(&help));
        for asked in [vec![subcommand, "--help"], vec![subcommand, "-h"], vec!["help", subcommand]] {
            let out = kashif(&asked, b"");
            assert!(out.status.success(), "{asked:?}: {}", stderr(&out));
            assert!(stdout(&out).contains(&format!("Usage: kashif {subcommand}")), "{asked:?}: {}", stdout(&out));
        }
    }
    assert!(stdout(&kashif(&["tag", "--help"], b"")).contains("--jsonl"));
    // Without a subcommand: the usage, as an error.
    let none = kashif(&[], b"");
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("Usage: kashif <COMMAND>"), "{}", stderr(&none));
}

#[test]
fn usage_errors_are_clap_errors() {
    assert_usage_error(&kashif(&["tag", "--frobnicate"], b"x"), "unexpected argument '--frobnicate'");
    assert_usage_error(&kashif(&["dance"], b""), "unrecognized subcommand 'dance'");
    assert_usage_error(&kashif(&["eval"], b""), "<FILE>");
    assert_usage_error(&kashif(&["bench", "--seconds", "soon"], b""), "--seconds");
    assert_usage_error(&kashif(&["tag", "--threads", "2"], b""), "--jsonl");
    for (option, value) in [("--genre", "poetry"), ("--learner", "svm"), ("--newsfane", "test"), ("--folds", "1")] {
        assert_usage_error(&kashif(&["train", option, value], b""), option);
    }
    assert_usage_error(&kashif(&["train", "--genre", "reference", "--folds", "3"], b""), "--folds");
    assert_usage_error(&kashif(&["train", "--marginals-out", "nowhere"], b""), "--folds");
    assert_usage_error(&kashif(&["train", "--genre", "reference", "--newsfane", "domain"], b""), "--newsfane");
}

#[test]
fn tag_prints_code_point_offsets_that_slice_the_input() {
    // An emoji before the names makes byte, UTF-16 and code-point offsets all differ.
    let text = "😀 قال وزير الخارجية المصري إن وروسيا والصين اتفقتا في موسكو يوم 3 مايو 2024.";
    let json = json(&kashif(&["tag"], text.as_bytes()));
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
fn tag_reads_a_file_or_stdin_for_a_dash() {
    let dir = TempDir::new("cli-file");
    let path = dir.0.join("news.txt");
    let text = "زار الرئيس الفرنسي القاهرة.";
    std::fs::write(&path, text).unwrap();
    let from_file = kashif(&["tag", path.to_str().unwrap()], b"");
    assert!(stdout(&from_file).contains("القاهرة"), "{}", stderr(&from_file));
    assert_eq!(from_file.stdout, kashif(&["tag", "-"], text.as_bytes()).stdout);
}

#[test]
fn empty_input_has_no_entities() {
    for input in [&b""[..], b"  \n\t\n"] {
        let out = kashif(&["tag"], input);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stdout(&out), "{\"entities\":[]}\n");
    }
}

#[test]
fn the_size_limit_is_enforced_while_reading() {
    // Exactly the limit is accepted; one byte more is refused, however much more follows.
    let mut text = vec![b' '; kashif::MAX_TEXT_BYTES];
    for i in (0..text.len()).step_by(100) {
        text[i] = b'\n';
    }
    let at_limit = kashif(&["tag"], &text);
    assert!(at_limit.status.success(), "{}", stderr(&at_limit));
    assert_eq!(stdout(&at_limit), "{\"entities\":[]}\n");
    text.resize(kashif::MAX_TEXT_BYTES + 8 * 1024 * 1024, b' ');
    let over = kashif(&["tag"], &text);
    assert_eq!(over.status.code(), Some(1));
    let message = stderr(&over);
    assert!(message.starts_with("error: stdin: input is larger than the 33554432-byte limit"), "{message}");
    assert!(message.contains("--jsonl"), "the error says what to do: {message}");
    assert!(over.stdout.is_empty());
}

#[test]
fn bad_input_is_a_clear_error_without_output() {
    let invalid = kashif(&["tag"], b"\xd8\xa7\xff\xfe");
    assert_eq!(invalid.status.code(), Some(1));
    assert_eq!(stderr(&invalid), "error: stdin: input is not valid UTF-8 (first bad byte at offset 2)\n");
    assert!(invalid.stdout.is_empty());

    let missing = kashif(&["tag", "/nonexistent/kashif.txt"], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).starts_with("error: /nonexistent/kashif.txt: "), "{}", stderr(&missing));
    assert!(missing.stdout.is_empty());
}

#[test]
fn corrupted_model_file_is_a_clear_error() {
    let dir = TempDir::new("cli-bad-model");
    let path = dir.0.join("bad.model");
    let mut bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/models/kashif.model")).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let out = kashif(&["tag", "--model", path.to_str().unwrap()], "روسيا".as_bytes());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("invalid model"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn ten_megabytes_of_news_is_tagged_whole() {
    let sentence = "وقال وزير الخارجية الروسي سيرغي لافروف في موسكو إن بلاده ستواصل التعاون مع الصين.\n";
    let text = sentence.repeat(10 * 1024 * 1024 / sentence.len() + 1);
    assert!(text.len() >= 10 * 1024 * 1024);
    let json = json(&kashif(&["tag", "--names-only"], text.as_bytes()));
    let lines = text.lines().count();
    let moscow = json["entities"].as_array().unwrap().iter().filter(|e| e["text"] == "موسكو").count();
    assert_eq!(moscow, lines, "every line's موسكو is found");
}

/// Lines of `tag --jsonl` output, parsed.
fn jsonl(out: &Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "{}", stderr(out));
    stdout(out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn jsonl_answers_every_line_in_order_with_its_id() {
    let texts = ["زار الرئيس الفرنسي القاهرة يوم 3 مايو 2024.", "😀 وصل وزير الخارجية إلى موسكو.", ""];
    let mut input = Vec::new();
    input.extend(serde_json::to_string(&serde_json::json!({"id": "a", "text": texts[0]})).unwrap().bytes());
    input.extend(b"\n{\"text\": \"\\u0648\\u0635\\u0644 \\u0648\\u0632\\u064a\\u0631\", \"id\": 7}\n");
    input.extend(b"not json\n");
    input.extend(b"\n   \n"); // blank lines are skipped
    input.extend(b"{\"id\": [1, 2], \"body\": \"no text field\"}\r\n");
    input.extend(b"{\"id\": \"bad\", \"text\": \"\xd8\xa7\xff\"}\n");
    input.extend(serde_json::to_string(&serde_json::json!({"id": null, "text": texts[1]})).unwrap().bytes());
    input.extend(b"\n");
    input.extend(serde_json::to_string(&serde_json::json!({"id": {"n": 1}, "text": texts[2]})).unwrap().bytes());
    let out = jsonl(&kashif(&["tag", "--jsonl"], &input));
    let ids: Vec<String> = out.iter().map(|o| o["id"].to_string()).collect();
    assert_eq!(ids, ["\"a\"", "7", "null", "[1,2]", "\"bad\"", "null", "{\"n\":1}"]);
    // A document's entities are those plain `tag` prints for its text.
    let plain = |text: &str| json(&kashif(&["tag"], text.as_bytes()))["entities"].clone();
    assert_eq!(out[0]["entities"], plain(texts[0]));
    assert_eq!(out[1]["entities"], plain("وصل وزير"));
    assert_eq!(out[5]["entities"], plain(texts[1]));
    assert_eq!(out[6], serde_json::json!({"id": {"n": 1}, "entities": []}));
    assert!(out[0]["entities"].as_array().unwrap().iter().any(|e| e["text"] == "القاهرة"));
    // Lines that cannot be tagged say why, with their line numbers, and the others go on.
    for (i, line, says) in
        [(2, 3, "not a document"), (3, 6, "missing field `text`"), (4, 7, "input is not valid UTF-8 (first bad byte at offset 25)")]
    {
        assert_eq!(out[i]["line"], line, "{}", out[i]);
        assert!(out[i]["error"].as_str().unwrap().contains(says), "{}", out[i]);
        assert!(out[i].get("entities").is_none());
    }
}

#[test]
fn jsonl_streams_many_documents_in_input_order() {
    // More documents than one batch holds, tagged on several threads: the order is kept.
    let places = ["القاهرة", "موسكو", "تونس", "بيروت"];
    let mut input = String::new();
    for i in 0..2500 {
        let line = serde_json::json!({"id": i, "text": format!("وصل الوفد إلى {} يوم الاثنين.", places[i % 4])});
        input += &format!("{line}\n");
    }
    let out = jsonl(&kashif(&["tag", "--jsonl", "--threads", "3"], input.as_bytes()));
    assert_eq!(out.len(), 2500);
    for (i, o) in out.iter().enumerate() {
        assert_eq!(o["id"], i, "{o}");
        let texts: Vec<&str> = o["entities"].as_array().unwrap().iter().map(|e| e["text"].as_str().unwrap()).collect();
        assert!(texts.contains(&places[i % 4]), "{o}");
    }
    // Reading a file gives the same as stdin.
    let dir = TempDir::new("cli-jsonl");
    let path = dir.0.join("docs.jsonl");
    std::fs::write(&path, &input).unwrap();
    assert_eq!(jsonl(&kashif(&["tag", "--jsonl", path.to_str().unwrap()], b"")), out);
}

#[test]
fn jsonl_refuses_an_overlong_line_and_goes_on() {
    let mut input = b"{\"id\": 1, \"text\": \"".to_vec();
    input.resize(kashif::MAX_TEXT_BYTES + 1024, b'x');
    input.extend(b"\"}\n{\"id\": 2, \"text\": \"\xd9\x85\xd9\x88\xd8\xb3\xd9\x83\xd9\x88\"}");
    let out = jsonl(&kashif(&["tag", "--jsonl"], &input));
    assert_eq!(out.len(), 2, "{out:?}");
    assert_eq!(out[0]["id"], serde_json::Value::Null);
    assert_eq!(out[0]["line"], 1);
    assert!(out[0]["error"].as_str().unwrap().contains("33554432-byte limit"), "{}", out[0]);
    assert_eq!(out[1]["id"], 2);
    assert_eq!(out[1]["entities"][0]["text"], "موسكو");
}

#[test]
fn eval_reports_conlleval_scores_as_json() {
    let dir = TempDir::new("cli-eval");
    let path = dir.0.join("gold.txt");
    std::fs::write(&path, "زار O\nفلاديمير B-PERS\nبوتين I-PERS\nموسكو B-LOC\n. O\n").unwrap();
    let json = json(&kashif(&["eval", "--json", path.to_str().unwrap()], b""));
    for key in ["precision", "recall", "f1"] {
        let v = json["micro"][key].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&v));
    }
    assert!(json["per_type"]["PER"]["f1"].is_number() && json["macro_f1"].is_number(), "{json}");
    assert_eq!(json["per_type"]["PER"]["gold"], 1);
    assert_eq!(json["per_type"]["LOC"]["gold"], 1);
}

/// The scores a model card gives for a test file: `name: micro F1 x, macro F1 y, LOC z, …`.
fn card_scores(card: &str, name: &str) -> Vec<(String, String)> {
    let line = card.lines().find_map(|l| l.strip_prefix(&format!("{name}: "))).unwrap_or_else(|| panic!("no {name} in {card}"));
    line.split(", ")
        .map(|field| {
            let (key, value) = field.rsplit_once(' ').unwrap();
            (key.to_string(), value.to_string())
        })
        .collect()
}

/// `kashif eval --json --no-institutions` on a file, its scores as on a card (four decimals):
/// a card scores the model's own names, in the training files' convention.
fn eval_scores(model: Option<&str>, test: &std::path::Path) -> Vec<(String, String)> {
    let mut args = vec!["eval", "--json", "--no-institutions"];
    if let Some(model) = model {
        args.extend(["--model", model]);
    }
    args.push(test.to_str().unwrap());
    let json = json(&kashif(&args, b""));
    let mut scores = vec![
        ("micro F1".to_string(), format!("{:.4}", json["micro"]["f1"].as_f64().unwrap())),
        ("macro F1".to_string(), format!("{:.4}", json["macro_f1"].as_f64().unwrap())),
    ];
    for (kind, s) in json["per_type"].as_object().unwrap() {
        scores.push((kind.clone(), format!("{:.4}", s["f1"].as_f64().unwrap())));
    }
    scores
}

/// The embedded model scores exactly what its card says on both test files (training and
/// evaluation are deterministic), and the institutions built after it are measured apart.
#[test]
fn embedded_model_scores_its_card_exactly() {
    let card = kashif::Recognizer::new().unwrap().card().to_string();
    for (name, file) in [("ANERcorp test", "anercorp/test.txt"), ("AQMAR test", "aqmar/test.txt")] {
        assert_eq!(eval_scores(None, &shared(file)), card_scores(&card, name), "{name}");
    }
    // With the institutions (the default), organisations differ from the card's.
    let with = json(&kashif(&["eval", "--json", shared("anercorp/test.txt").to_str().unwrap()], b""));
    let card_org = card_scores(&card, "ANERcorp test").into_iter().find(|(k, _)| k == "ORG").unwrap().1;
    assert_ne!(format!("{:.4}", with["per_type"]["ORG"]["f1"].as_f64().unwrap()), card_org);
}

/// The reference model (for encyclopedic text) scores exactly what its card says, and well
/// above the news model on AQMAR test.
#[test]
fn reference_model_scores_its_card_exactly() {
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/models/kashif-reference.model");
    let card = kashif::Model::from_bytes(&std::fs::read(model).unwrap()).unwrap().card;
    for (name, file) in [("ANERcorp test", "anercorp/test.txt"), ("AQMAR test", "aqmar/test.txt")] {
        assert_eq!(eval_scores(Some(model), &shared(file)), card_scores(&card, name), "{name}");
    }
    let f1 = |scores: Vec<(String, String)>| scores[0].1.parse::<f64>().unwrap();
    let (reference, news) = (f1(card_scores(&card, "AQMAR test")), f1(eval_scores(None, &shared("aqmar/test.txt"))));
    assert!(reference > news + 0.1, "reference {reference:.4}, news {news:.4}");
}

/// The bench command's report: what it ran on, and a speed that follows from its own figures.
struct Bench {
    bytes: usize,
    tokens: usize,
    entities: usize,
}

fn bench(file: &std::path::Path) -> Bench {
    let out = kashif(&["bench", "--seconds", "0.3", file.to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 4, "{report}");
    assert_eq!(lines[0], format!("file: {}", file.display()));
    let numbers = |line: &str| -> Vec<f64> { line.split(' ').filter_map(|w| w.parse().ok()).collect() };
    let sizes = numbers(lines[1]);
    assert!(lines[1].ends_with(" entities per run"), "{report}");
    let runs = numbers(lines[2]);
    assert!(lines[2].contains(" runs in ") && lines[2].ends_with(" ms per run"), "{report}");
    let (count, seconds) = (runs[0], runs[1]);
    assert!(count >= 1.0 && seconds >= 0.3, "{report}");
    let speed = lines[3].strip_suffix(" tokens/s").unwrap_or_else(|| panic!("{report}"));
    let speed: f64 = speed.parse().unwrap();
    // The speed is tokens × runs / seconds (seconds are printed rounded to 0.01).
    let expected = sizes[1] * count / seconds;
    assert!((speed - expected).abs() <= expected * 0.05, "{speed} tokens/s, expected {expected}: {report}");
    Bench { bytes: sizes[0] as usize, tokens: sizes[1] as usize, entities: sizes[2] as usize }
}

#[test]
fn bench_reports_the_file_it_analyzed() {
    // A CoNLL file is benchmarked as running text: its tokens, a sentence a line.
    let test = shared("anercorp/test.txt");
    let sentences = kashif::train::conll::read_conll(&test).unwrap();
    let (text, starts) = kashif::train::conll::running_text(&sentences);
    let report = bench(&test);
    assert_eq!((report.bytes, report.tokens), (text.len(), starts.len()));
    let entities = json(&kashif(&["tag"], text.as_bytes()))["entities"].as_array().unwrap().len();
    assert_eq!(report.entities, entities, "as many entities per run as `kashif tag` finds");
    // Plain text is benchmarked as it is, even when its lines have two words or more.
    let dir = TempDir::new("cli-bench");
    let path = dir.0.join("news.txt");
    let news = "وصل وزير الخارجية إلى موسكو يوم الاثنين.\nواستقبله نظيره في القاهرة.\n";
    std::fs::write(&path, news).unwrap();
    let report = bench(&path);
    assert_eq!((report.bytes, report.tokens), (news.len(), news.split_whitespace().count()));
    assert_eq!(report.entities, json(&kashif(&["tag"], news.as_bytes()))["entities"].as_array().unwrap().len());
}

/// `kashif train` passes its defaults to the recipe: the model it writes is the library's.
#[test]
fn train_writes_the_recipes_model() {
    let dir = TempDir::new("cli-train");
    tiny_data(&dir.0);
    let path = dir.0.join("news.model");
    let data = dir.0.to_str().unwrap();
    let out = kashif(&["train", "--data", data, "--clusters", "none", "--out", path.to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("wrote {}", path.display())), "{}", stderr(&out));
    let built = kashif::train::recipe::Recipe::new(kashif::train::recipe::Genre::News, &dir.0).build(&()).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), built.model.to_bytes());
    // Cross-validation writes no model and prints a line for every O penalty.
    let cv =
        kashif(&["train", "--data", data, "--clusters", "none", "--folds", "3", "--out", path.with_extension("cv").to_str().unwrap()], b"");
    assert!(cv.status.success(), "{}", stderr(&cv));
    let lines: Vec<String> = stdout(&cv).lines().map(String::from).collect();
    assert_eq!(lines.len(), kashif::train::recipe::PENALTIES.len(), "{lines:?}");
    assert!(lines.iter().all(|l| l.starts_with("O penalty ") && l.contains(": cv micro F1 ") && l.contains("; AQMAR dev ")), "{lines:?}");
    assert!(!path.with_extension("cv").exists());
}

#[test]
fn tag_groups_the_reference_articles_mentions_and_glosses_them() {
    let article = std::fs::read(shared("articles/xinhua-2021-07-28-ar.txt")).expect("the reference article");
    let out = json(&kashif(&["tag"], &article));
    let entities = out["entities"].as_array().expect("entities");
    let groups = out["groups"].as_array().expect("groups");
    let group_named = |name: &str| groups.iter().find(|g| g["name"] == name).unwrap_or_else(|| panic!("no group {name}: {groups:?}"));
    let texts_of = |g: &serde_json::Value| -> Vec<String> {
        g["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| entities[m.as_u64().unwrap() as usize]["text"].as_str().unwrap().to_string())
            .collect()
    };
    let shoigu = group_named("سيرجي شويجو");
    assert_eq!(shoigu["label"], "PER");
    assert!(shoigu["gloss"].as_str().unwrap_or("").ends_with("Shoigu"), "{shoigu}");
    assert!(texts_of(shoigu).iter().any(|t| t == "شويجو"), "{shoigu}");
    let china = group_named("الصين");
    assert_eq!(china["gloss"], "China");
    let china_texts = texts_of(china);
    assert!(china_texts.iter().any(|t| t == "الصين") && china_texts.iter().any(|t| t == "لصين"), "{china_texts:?}");
    // Every mention names its group, and its group lists it.
    for (i, e) in entities.iter().enumerate() {
        if let Some(id) = e["entity"].as_u64() {
            assert!(groups[id as usize]["mentions"].as_array().unwrap().iter().any(|m| m.as_u64() == Some(i as u64)));
        } else {
            assert!(["DATE", "TIME", "MONEY", "PERCENT"].contains(&e["label"].as_str().unwrap()), "{e}");
        }
    }
}

#[test]
fn tag_resolves_relative_dates_against_the_anchor() {
    let text = "قال المتحدث أمس إن الوفد يصل الأحد المقبل.";
    let value_of = |out: &serde_json::Value, span: &str| {
        out["entities"].as_array().unwrap().iter().find(|e| e["text"] == span).map(|e| e["value"].clone())
    };
    let anchored = json(&kashif(&["tag", "--anchor", "2021-07-28"], text.as_bytes()));
    assert_eq!(value_of(&anchored, "أمس"), Some(serde_json::json!("2021-07-27")));
    assert_eq!(value_of(&anchored, "الأحد المقبل"), Some(serde_json::json!("2021-08-01")));
    let unanchored = json(&kashif(&["tag"], text.as_bytes()));
    let yesterday = unanchored["entities"].as_array().unwrap().iter().find(|e| e["text"] == "أمس").unwrap().clone();
    assert_eq!((yesterday["value"].clone(), yesterday["offset"].clone()), (serde_json::json!("XXXX-XX-XX"), serde_json::json!("-P1D")));
    assert_usage_error(&kashif(&["tag", "--anchor", "2021-02-30"], text.as_bytes()), "not a date");
    let documents = "{\"id\":1,\"text\":\"وصل أمس\",\"anchor\":\"2020-01-01\"}\n{\"id\":2,\"text\":\"وصل أمس\",\"anchor\":\"soon\"}\n";
    let lines = jsonl(&kashif(&["tag", "--jsonl", "--anchor", "2021-07-28"], documents.as_bytes()));
    assert_eq!(lines[0]["entities"][0]["value"], "2019-12-31");
    assert!(lines[1]["error"].as_str().unwrap().starts_with("anchor:"), "{}", lines[1]);
}
