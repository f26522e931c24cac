//! Entities, not strings: mentions grouped into entities (the table
//! `tests/data/entities/grouping.tsv`, through the shipped model and through marked entity
//! lists), English glosses from the committed gloss table, and both on the shared reference
//! article.

use kashif::{Analysis, Entity, Glossary, Label, Recognizer};

const TABLE: &str = include_str!("data/entities/grouping.tsv");
const GLOSSES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models/glosses.bin");
const ARTICLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/articles/xinhua-2021-07-28-ar.txt");

fn glossary() -> Glossary {
    let bytes = std::fs::read(GLOSSES).expect("models/glosses.bin (made by kashif-glosses)");
    Glossary::from_bytes(&bytes).expect("the committed gloss table reads")
}

/// The plain text and entities of a line marked `[LABEL words]`.
fn unmark(marked: &str) -> (String, Vec<Entity>) {
    let (mut text, mut entities) = (String::new(), Vec::new());
    let mut rest = marked;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let inner = &rest[open + 1..];
        let close = inner.find(']').expect("a closing ]");
        let (label, words) = inner[..close].split_once(' ').expect("[LABEL words]");
        let start = text.len();
        text.push_str(words);
        let label = Label::parse(label).expect("a label");
        entities.push(Entity { start, end: text.len(), label, score: 1.0, value: None, timex: None });
        rest = &inner[close + 1..];
    }
    text.push_str(rest);
    (text, entities)
}

/// An expected group: label, name, mention texts.
struct Expected {
    label: Label,
    name: String,
    mentions: Vec<String>,
}

fn parse_groups(column: &str) -> Vec<Expected> {
    if column.trim() == "-" {
        return Vec::new();
    }
    column
        .split(';')
        .map(|g| {
            let (head, mentions) = g.split_once(" = ").expect("LABEL name = mentions");
            let (label, name) = head.trim().split_once(' ').expect("LABEL name");
            Expected {
                label: Label::parse(label).expect("a label"),
                name: name.trim().to_string(),
                mentions: mentions.split('|').map(|m| m.trim().to_string()).collect(),
            }
        })
        .collect()
}

/// Checks one line; `complete`: the expected groups are all the groups.
fn check(line: usize, text: &str, analysis: &Analysis, expected: &[Expected], complete: bool) -> Result<(), String> {
    let found: Vec<(Label, &str)> = analysis.entities.iter().map(|e| (e.label, e.text(text))).collect();
    let mut ids = Vec::new();
    for want in expected {
        let mut id = None;
        for mention in &want.mentions {
            let indices: Vec<usize> = (0..found.len()).filter(|&i| found[i] == (want.label, mention.as_str())).collect();
            if indices.is_empty() {
                return Err(format!("line {line}: no {} {mention} among {found:?}", want.label));
            }
            for i in indices {
                let Some(g) = analysis.group_of(i) else { return Err(format!("line {line}: {mention} has no group")) };
                if *id.get_or_insert(g) != g {
                    return Err(format!("line {line}: {mention} is apart from the rest of {}: {:?}", want.name, analysis.groups));
                }
            }
        }
        let group = id.and_then(|g| analysis.group(g)).ok_or(format!("line {line}: no group for {}", want.name))?;
        if group.name != want.name || group.label != want.label {
            return Err(format!("line {line}: group {} {} where {} {} was expected", group.label, group.name, want.label, want.name));
        }
        if ids.contains(&group.id) {
            return Err(format!("line {line}: {} joined another expected group: {:?}", want.name, analysis.groups));
        }
        ids.push(group.id);
    }
    if complete && analysis.groups.len() != expected.len() {
        return Err(format!("line {line}: {} groups where {} were expected: {:?}", analysis.groups.len(), expected.len(), analysis.groups));
    }
    Ok(())
}

#[test]
fn grouping_table() {
    let recognizer = Recognizer::new().expect("embedded model loads");
    let (mut cases, mut model_cases, mut failures) = (0, 0, Vec::new());
    for (n, line) in TABLE.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [mode, text, groups] = fields[..] else { panic!("line {}: three tab-separated fields", n + 1) };
        let expected = parse_groups(groups);
        let result = match mode {
            "marked" => {
                let (text, entities) = unmark(text);
                let analysis = Analysis::new(&text, entities);
                check(n + 1, &text, &analysis, &expected, true)
            }
            "model" => {
                model_cases += 1;
                let analysis = recognizer.analyze_entities(text).expect("analysis");
                check(n + 1, text, &analysis, &expected, false)
            }
            other => panic!("line {}: unknown mode {other}", n + 1),
        };
        cases += 1;
        if let Err(e) = result {
            failures.push(e);
        }
    }
    assert!(cases >= 60 && model_cases >= 15, "{cases} cases, {model_cases} through the model");
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_name_is_in_one_group_and_dates_in_none() {
    let recognizer = Recognizer::new().expect("embedded model loads");
    let text = "قال سيرجي شويجو في 28 يوليو 2021 إن روسيا ستدعم الصين، وأكد شويجو أن موسكو تدفع 5 ملايين دولار.";
    let analysis = recognizer.analyze_entities(text).unwrap();
    assert!(analysis.entities.iter().any(|e| e.label == Label::Date), "{:?}", analysis.entities);
    for (i, e) in analysis.entities.iter().enumerate() {
        let g = analysis.group_of(i);
        assert_eq!(g.is_some(), Label::NAMES.contains(&e.label), "{e:?}");
        if let Some(g) = g {
            assert!(analysis.group(g).unwrap().mentions.contains(&i));
        }
    }
    for (id, g) in analysis.groups.iter().enumerate() {
        assert_eq!(g.id as usize, id);
        assert!(g.mentions.windows(2).all(|w| w[0] < w[1]));
    }
    assert_eq!(analysis.group_of(analysis.entities.len()), None);
}

#[test]
fn glosses_from_the_lists() {
    let glossary = glossary();
    assert_eq!(glossary.gloss("شويجو", Label::Per).as_deref(), Some("Shoigu"));
    assert_eq!(glossary.gloss("شويغو", Label::Per).as_deref(), Some("Shoigu"));
    assert_eq!(glossary.gloss("الصين", Label::Loc).as_deref(), Some("China"));
    assert_eq!(glossary.gloss("للصين", Label::Loc).as_deref(), Some("China"));
    assert_eq!(glossary.gloss("لصين", Label::Loc), None, "لصين alone is no list's form");
    assert_eq!(glossary.gloss("بالصين", Label::Loc).as_deref(), Some("China"));
    // A name written for this test that no list has.
    assert_eq!(glossary.gloss("زرقبوطان", Label::Per), None);
    assert_eq!(glossary.gloss("", Label::Loc), None);
    assert!(glossary.note().contains("ANETAC") && glossary.note().contains("iso-codes"));
}

#[test]
fn groups_take_the_gloss_of_their_name_or_mentions() {
    let glossary = glossary();
    let (text, entities) = unmark("قال [PER شويجو] إن [LOC الصين] شريك، وشكر ل[LOC لصين] دعمها.");
    let mut analysis = Analysis::new(&text, entities);
    analysis.annotate(&text, &glossary);
    let glosses: Vec<(&str, Option<&str>)> = analysis.groups.iter().map(|g| (g.name.as_str(), g.gloss.as_deref())).collect();
    assert_eq!(glosses, vec![("شويجو", Some("Shoigu")), ("الصين", Some("China"))]);
    let json = serde_json::to_value(&analysis.groups).unwrap();
    assert_eq!(json[0], serde_json::json!({"id": 0, "label": "PER", "name": "شويجو", "gloss": "Shoigu", "mentions": [0]}));
    assert_eq!(json[1]["mentions"], serde_json::json!([1, 2]));
}

#[test]
fn reference_article_groups_and_glosses() {
    let text = std::fs::read_to_string(ARTICLE).expect("the shared reference article");
    let recognizer = Recognizer::new().expect("embedded model loads");
    let mut analysis = recognizer.analyze_entities(&text).unwrap();
    analysis.annotate(&text, &glossary());
    let group_of = |label: Label, name: &str| -> Vec<u32> {
        let ids: Vec<u32> = (0..analysis.entities.len())
            .filter(|&i| analysis.entities[i].label == label && analysis.entities[i].text(&text) == name)
            .filter_map(|i| analysis.group_of(i))
            .collect();
        assert!(!ids.is_empty(), "no {label} {name} in {:?}", analysis.entities);
        ids
    };
    let mut shoigu = group_of(Label::Per, "سيرجي شويجو");
    shoigu.extend(group_of(Label::Per, "شويجو"));
    let mut china = group_of(Label::Loc, "الصين");
    china.extend(group_of(Label::Loc, "لصين"));
    for ids in [&shoigu, &china] {
        assert!(ids.iter().all(|&g| g == ids[0]), "{ids:?} in {:?}", analysis.groups);
    }
    let shoigu = analysis.group(shoigu[0]).unwrap();
    let china = analysis.group(china[0]).unwrap();
    assert_eq!(shoigu.name, "سيرجي شويجو");
    assert!(shoigu.mentions.len() >= 4, "{shoigu:?}");
    assert!(shoigu.gloss.as_deref().is_some_and(|g| g.ends_with("Shoigu")), "{shoigu:?}");
    assert_eq!(china.name, "الصين");
    assert_eq!(china.gloss.as_deref(), Some("China"));
    assert_ne!(group_of(Label::Loc, "روسيا")[0], china.id);
}

#[test]
fn the_committed_table_survives_no_damage() {
    let bytes = std::fs::read(GLOSSES).expect("models/glosses.bin");
    // Every truncation of a small table is tested in the library; here a spread of them.
    for len in (0..bytes.len()).step_by(bytes.len() / 97 + 1).chain([bytes.len() - 1]) {
        assert!(Glossary::from_bytes(&bytes[..len]).is_err(), "truncated to {len}");
    }
    for at in (0..bytes.len()).step_by(bytes.len() / 61 + 1).chain([bytes.len() - 1]) {
        let mut bad = bytes.clone();
        bad[at] ^= 0x20;
        assert!(Glossary::from_bytes(&bad).is_err(), "byte {at} flipped");
    }
}

/// The committed table is what `kashif-glosses` makes from the shared data, byte for byte.
#[cfg(feature = "train")]
#[test]
fn the_committed_table_is_made_from_the_shared_lists() {
    let gazetteers = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/gazetteers");
    let made = kashif::train::glosses::build_glossary(&gazetteers).expect("the shared name lists");
    let committed = std::fs::read(GLOSSES).expect("models/glosses.bin");
    assert!(made == committed, "models/glosses.bin is stale: run kashif-glosses");
}

mod properties {
    use kashif::{AlignedText, Analysis, Entity, Label};
    use proptest::prelude::*;

    /// Texts of Arabic letters (clitic letters and the article among them), marks, Latin,
    /// parentheses and spaces, with entities at any offsets, boundaries or not.
    fn text_and_entities() -> impl Strategy<Value = (String, Vec<Entity>)> {
        let piece = prop::sample::select(vec!["ال", "ل", "و", "ب", "صين", "شويجو", "سيرجي", " ", " (", ")", "SCO", "َ", "ة", "أ", "\n"]);
        (prop::collection::vec(piece, 0..24), prop::collection::vec((0usize..200, 0usize..200, 0usize..8), 0..12)).prop_map(
            |(pieces, spans)| {
                let text: String = pieces.concat();
                let entities = spans
                    .into_iter()
                    .map(|(a, b, l)| {
                        let (start, end) = (a.min(b) % (text.len() + 1), a.max(b) % (text.len() + 1));
                        Entity { start: start.min(end), end: start.max(end), label: Label::ALL[l], score: 1.0, value: None, timex: None }
                    })
                    .collect();
                (text, entities)
            },
        )
    }

    fn glossary() -> &'static kashif::Glossary {
        static GLOSSARY: std::sync::OnceLock<kashif::Glossary> = std::sync::OnceLock::new();
        GLOSSARY.get_or_init(super::glossary)
    }

    proptest! {
        #[test]
        fn glossing_any_text_never_panics(name in "[\\p{Arabic} a-zA-Z()]{0,16}", label in 0usize..8) {
            if let Some(gloss) = glossary().gloss(&name, Label::ALL[label]) {
                prop_assert!(!gloss.is_empty());
            }
        }

        #[test]
        fn every_name_is_in_one_group((text, entities) in text_and_entities()) {
            let groups = Analysis::new(&text, entities.clone()).groups;
            let mut seen = vec![0; entities.len()];
            for (id, g) in groups.iter().enumerate() {
                prop_assert_eq!(g.id as usize, id);
                prop_assert!(!g.mentions.is_empty());
                for &m in &g.mentions {
                    prop_assert!(Label::NAMES.contains(&entities[m].label));
                    prop_assert_eq!(entities[m].label, g.label);
                    seen[m] += 1;
                }
            }
            for (m, e) in entities.iter().enumerate() {
                // A name whose offsets fit the text and that has a letter to key it by (a
                // span of marks or spaces alone has none) is in exactly one group.
                let keyed = text.get(e.start..e.end).is_some_and(|t| AlignedText::new(t).normalized().split_whitespace().next().is_some());
                let expected = usize::from(keyed && Label::NAMES.contains(&e.label));
                prop_assert_eq!(seen[m], expected, "{:?} of {:?}", e, text);
            }
        }
    }
}
