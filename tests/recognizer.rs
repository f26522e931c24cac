//! The recognizer on text written for these tests, and on the shared reference article.

use kashif::{Label, Recognizer};

fn found(text: &str) -> Vec<(Label, String)> {
    let recognizer = Recognizer::new().expect("embedded model loads");
    recognizer.analyze(text).unwrap().iter().map(|e| (e.label, e.text(text).to_string())).collect()
}

fn has(found: &[(Label, String)], label: Label, text: &str) -> bool {
    found.iter().any(|(l, t)| *l == label && t == text)
}

#[test]
fn leading_conjunction_and_preposition_are_not_part_of_the_name() {
    let text = "ناقش الوزير العلاقات بين مصر وروسيا، ثم سافر إلى بكين حيث أشاد بالصين وقدم الشكر للصين على دعمها.";
    let entities = found(text);
    assert!(has(&entities, Label::Loc, "روسيا"), "{entities:?}");
    assert!(has(&entities, Label::Loc, "الصين"), "{entities:?}");
    assert!(has(&entities, Label::Loc, "لصين"), "{entities:?}");
    assert!(!entities.iter().any(|(_, t)| t == "وروسيا" || t == "بالصين" || t == "للصين"), "{entities:?}");
}

#[test]
fn names_that_begin_with_a_clitic_letter_stay_whole() {
    let text = "وصل الوفد إلى لبنان قادما من فرنسا وبريطانيا.";
    let entities = found(text);
    assert!(has(&entities, Label::Loc, "لبنان"), "{entities:?}");
    assert!(has(&entities, Label::Loc, "فرنسا"), "{entities:?}");
    assert!(has(&entities, Label::Loc, "بريطانيا"), "{entities:?}");
}

#[test]
fn diacritics_and_bidi_marks_keep_exact_offsets() {
    let text = "\u{200F}وقال الرئيسُ الروسيّ فلاديمير بوتين إنّ موسكو\u{200E} مستعدة.";
    let recognizer = Recognizer::new().unwrap();
    let entities = recognizer.analyze(text).unwrap();
    let texts: Vec<&str> = entities.iter().map(|e| e.text(text)).collect();
    assert!(texts.contains(&"موسكو"), "{texts:?}");
    assert!(texts.contains(&"فلاديمير بوتين"), "{texts:?}");
}

#[test]
fn entities_never_cross_lines() {
    // A first name ending one line and a family name starting the next are two entities at most.
    let text = "وصل إلى القاهرة الرئيس فلاديمير\nبوتين في زيارة";
    let recognizer = Recognizer::new().unwrap();
    let entities = recognizer.analyze(text).unwrap();
    assert!(entities.iter().any(|e| e.text(text) == "القاهرة"), "{entities:?}");
    for e in &entities {
        assert!(!e.text(text).contains('\n'), "{:?}", e.text(text));
    }
    let joined = text.replace('\n', " ");
    assert!(
        recognizer.analyze(&joined).unwrap().iter().any(|e| e.text(&joined).contains("فلاديمير بوتين")),
        "on one line the name is whole"
    );
}

#[test]
fn empty_and_too_large_input() {
    let recognizer = Recognizer::new().unwrap();
    assert!(recognizer.analyze("").unwrap().is_empty());
    let huge = "ا".repeat(kashif::MAX_TEXT_BYTES / 2 + 1);
    assert!(matches!(recognizer.analyze(&huge), Err(kashif::Error::TooLarge { .. })));
}

#[test]
fn corrupted_models_are_errors() {
    let bytes = kashif::Model::embedded().unwrap().to_bytes();
    assert!(kashif::Model::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 3] ^= 1;
    assert!(kashif::Model::from_bytes(&flipped).is_err());
    assert!(kashif::Model::from_bytes(b"\x7fELF not a model").is_err());
}

/// The reference article the product was specified from, read from the shared data.
#[test]
fn reference_article() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/articles/xinhua-2021-07-28-ar.txt");
    let text = std::fs::read_to_string(path).expect("the shared reference article");
    let entities = found(&text);
    for (label, name) in [
        (Label::Loc, "روسيا"),
        (Label::Loc, "الصين"),
        (Label::Per, "سيرجي شويجو"),
        (Label::Loc, "دوشنبه"),
        (Label::Date, "28 يوليو 2021"),
        (Label::Date, "يونيو"),
    ] {
        assert!(has(&entities, label, name), "{label} {name} missing from {entities:?}");
    }
    assert!(!entities.iter().any(|(_, t)| t.starts_with("وروسيا")), "{entities:?}");
}

/// A name found confidently once is marked where it recurs; what that adds is only ever a
/// repetition of something found confidently, never a new kind of mistake.
#[test]
fn recurring_mentions_repeat_confident_names() {
    let text = "التقى الرئيس الكولومبي غوستافو بيترو نظيره البرازيلي في العاصمة بوغوتا. \
                وقال بيترو إن المحادثات كانت مثمرة، ورد عليه كاستيلو بأن بيترو محق.\n\
                وأكد غوستافو بيترو أن الاتفاق سيوقع في مايو.";
    let mut recognizer = Recognizer::new().unwrap();
    let with = recognizer.names(text).unwrap();
    recognizer.set_recall_mentions(false);
    let without = recognizer.names(text).unwrap();
    for e in &without {
        assert!(with.contains(e), "an entity was lost: {e:?}");
    }
    let added: Vec<_> = with.iter().filter(|e| !without.contains(e)).collect();
    assert!(!added.is_empty(), "a recurrence of بيترو is recalled: {with:?}");
    for e in &added {
        // 0.5: the confidence from which a name is sought where it recurs.
        let source = without.iter().find(|o| o.text(text) == e.text(text) && o.label == e.label && o.score >= 0.5);
        let source = source.unwrap_or_else(|| panic!("{:?} repeats no confident name", e.text(text)));
        assert!(e.score < source.score, "a recalled mention is less sure than its source");
    }
    for pair in with.windows(2) {
        assert!(pair[0].end <= pair[1].start);
    }
}

#[test]
fn named_entity_regressions_table() {
    // tests/data/recognizer/regressions.tsv: text, entities it must give, strings no entity may be.
    let recognizer = Recognizer::new().unwrap();
    let table = include_str!("data/recognizer/regressions.tsv");
    let mut count = 0;
    for (n, line) in table.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "regressions.tsv:{}: three fields expected", n + 1);
        let text = fields[0];
        let found: Vec<(Label, &str)> = recognizer.analyze(text).unwrap().iter().map(|e| (e.label, e.text(text))).collect();
        for wanted in fields[1].split(" ; ").filter(|w| !w.is_empty()) {
            let (label, name) = wanted.split_once('=').expect("LABEL=text");
            let label = Label::parse(label).expect("a label name");
            assert!(found.contains(&(label, name)), "regressions.tsv:{}: {wanted} not in {found:?}", n + 1);
        }
        for unwanted in fields[2].split(" ; ").filter(|w| !w.is_empty()) {
            assert!(!found.iter().any(|&(_, t)| t == unwanted), "regressions.tsv:{}: {unwanted:?} in {found:?}", n + 1);
        }
        count += 1;
    }
    assert!(count >= 20, "{count} cases");
}

#[test]
fn relative_dates_resolve_against_the_dateline_or_the_callers_anchor() {
    let recognizer = Recognizer::new().unwrap();
    let text = "الرباط 14 مارس 2022 (وكالات)\nقال المتحدث أمس إن الوفد يصل الأحد المقبل.";
    let date_of = |entities: &[kashif::Entity], span: &str| {
        let e = entities.iter().find(|e| e.text(text) == span).unwrap_or_else(|| panic!("{span} not found in {entities:?}"));
        (e.value.clone(), e.timex.as_ref().and_then(|t| t.offset()).map(|o| o.to_string()))
    };
    let by_dateline = recognizer.analyze(text).unwrap();
    assert_eq!(date_of(&by_dateline, "أمس"), (Some("2022-03-13".into()), None));
    assert_eq!(date_of(&by_dateline, "الأحد المقبل"), (Some("2022-03-20".into()), None));
    let anchor = kashif::timex::Anchor::parse("2022-03-16").unwrap();
    let anchored = recognizer.analyze_anchored(text, anchor).unwrap();
    assert_eq!(date_of(&anchored, "أمس"), (Some("2022-03-15".into()), None));
    let options = kashif::AnalyzeOptions { anchor: Some(anchor) };
    assert_eq!(recognizer.analyze_with(text, &options, &mut |_| {}).unwrap(), anchored);
    // Without a dateline or an anchor, the value keeps X placeholders and an offset.
    let body = text.split_once('\n').unwrap().1;
    let unanchored = recognizer.analyze(body).unwrap();
    let yesterday = unanchored.iter().find(|e| e.text(body) == "أمس").unwrap();
    assert_eq!(yesterday.value.as_deref(), Some("XXXX-XX-XX"));
    assert_eq!(yesterday.timex.as_ref().and_then(|t| t.offset()).map(|o| o.to_string()).as_deref(), Some("-P1D"));
}
