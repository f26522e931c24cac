//! Data-driven and property tests for the temporal rules.
//!
//! `tests/data/temporal/cases.tsv`: one sentence per line, a tab, then every entity `find` must
//! return, in order, as `LABEL|span text|value` joined by ` ;; ` (empty value: none). An empty
//! expectation means nothing may be marked. Lines starting with `#` are comments.

use super::{find, lexicon, merge};
use crate::entity::{Entity, Label};
use proptest::prelude::*;

const CASES: &str = include_str!("../../tests/data/temporal/cases.tsv");

fn describe(text: &str, entities: &[Entity]) -> Vec<String> {
    entities
        .iter()
        .map(|e| format!("{}|{}|{}", e.label, e.text(text), e.value.as_deref().unwrap_or("")))
        .collect()
}

#[test]
fn cases_from_the_table() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in CASES.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        count += 1;
        let (sentence, expected) = line.split_once('\t').unwrap_or((line, ""));
        let expected: Vec<String> = expected
            .split(" ;; ")
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_string)
            .collect();
        let got = describe(sentence, &find(sentence));
        if got != expected {
            failures.push(format!(
                "line {}: {sentence}\n    expected: {}\n    got:      {}",
                n + 1,
                expected.join(" ;; "),
                got.join(" ;; ")
            ));
        }
    }
    assert!(count >= 200, "only {count} cases");
    assert!(failures.is_empty(), "{} of {count} cases fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn reference_article_dates() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/articles/xinhua-2021-07-28-ar.txt");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} is not there");
        return;
    };
    let found = describe(&text, &find(&text));
    for wanted in ["DATE|دوشنبه 28 يوليو 2021|2021-07-28", "DATE|اليوم (الأربعاء)|wednesday", "DATE|يونيو|--06"] {
        assert!(found.iter().any(|f| f == wanted), "{wanted} not in {found:?}");
    }
    // The dateline is the first entity and starts the text.
    let first = find(&text).into_iter().next();
    assert_eq!(first.map(|e| (e.start, e.label)), Some((0, Label::Date)));
}

#[test]
fn lexicon_words_are_normalized() {
    for word in lexicon::all_words() {
        if word.is_ascii() {
            continue;
        }
        assert_eq!(crate::text::normalize_word(word), word, "lexicon word {word} is not in normalized form");
    }
}

#[test]
fn offsets_are_original_bytes() {
    let text = "\u{200F}وصل يوم الاثنين\u{200E} ٢٨ يُولْيُو ٢٠٢١ بمبلغ ٣٫٥ مليار دولار و٥٪";
    let found = find(text);
    let described = describe(text, &found);
    assert_eq!(
        described,
        [
            "DATE|يوم الاثنين\u{200E} ٢٨ يُولْيُو ٢٠٢١|2021-07-28",
            "MONEY|٣٫٥ مليار دولار|3500000000 USD",
            "PERCENT|٥٪|5",
        ]
    );
}

fn entity(start: usize, end: usize, label: Label) -> Entity {
    Entity { start, end, label, score: 1.0, value: None }
}

#[test]
fn names_win_over_temporal_spans() {
    let names = vec![entity(10, 30, Label::Org), entity(0, 5, Label::Per)];
    let temporal = vec![entity(5, 10, Label::Date), entity(12, 20, Label::Date), entity(28, 40, Label::Date), entity(40, 45, Label::Money)];
    let merged = merge(names, temporal);
    let spans: Vec<_> = merged.iter().map(|e| (e.start, e.end, e.label)).collect();
    assert_eq!(
        spans,
        [(0, 5, Label::Per), (5, 10, Label::Date), (10, 30, Label::Org), (40, 45, Label::Money)]
    );
}

fn assert_well_formed(text: &str, entities: &[Entity]) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for e in entities {
        prop_assert!(e.start < e.end, "empty span {e:?}");
        prop_assert!(e.start >= last_end, "unsorted or overlapping {entities:?}");
        prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        prop_assert!(e.end <= text.len());
        prop_assert!((0.0..=1.0).contains(&e.score));
        last_end = e.end;
    }
    Ok(())
}

/// Pieces the generator glues together: words the rules know, look-alikes, digits of every
/// script, signs, marks that normalization drops, and things it never sees in news.
const PIECES: &[&str] = &[
    "يوليو", "مايو", "رمضان", "آب", "كانون", "الثاني", "الأول", "من", "إلى", "بين", "و", "عامي", "عام",
    "اليوم", "أمس", "غداً", "الأربعاء", "دوشنبه", "سه", "شنبه", "الساعة", "العاشرة", "صباحا", "مساء",
    "بتوقيت", "غرينتش", "مليون", "مليونا", "ألف", "آلاف", "دولار", "دينار", "أمريكي", "في", "المائة",
    "بالمئة", "خمسة", "وعشرين", "القرن", "الـ", "التسعينيات", "هـ", "م", "28", "7", "2021", "٢٠٢١",
    "۲۸", "3.5", "٣٫٥", "1,500", "10:30", "/", "-", ":", "%", "٪", "$", "€", "US", "(", ")", "،", ".",
    "\u{200F}", "\u{200E}", "\u{200C}", "\u{064E}", "\u{0651}", "\u{0640}", "😀", "é", "\u{0301}", " ",
    "  ", "\n", "x", "١٢", "٫", "٬",
];

fn generated_text() -> impl Strategy<Value = String> {
    proptest::collection::vec((0..PIECES.len(), proptest::bool::ANY), 0..40).prop_map(|picks| {
        let mut text = String::new();
        for (k, space) in picks {
            text.push_str(PIECES[k]);
            if space {
                text.push(' ');
            }
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn find_gives_sorted_disjoint_spans_on_boundaries(text in generated_text()) {
        let found = find(&text);
        assert_well_formed(&text, &found)?;
    }

    #[test]
    fn find_survives_arbitrary_text(text in "\\PC{0,80}") {
        let found = find(&text);
        assert_well_formed(&text, &found)?;
    }

    #[test]
    fn merge_never_overlaps(
        names in proptest::collection::vec((0usize..60, 1usize..12), 0..8),
        temporal in proptest::collection::vec((0usize..60, 1usize..12), 0..8),
    ) {
        let to_entities = |spans: Vec<(usize, usize)>, label| {
            spans.into_iter().map(|(s, len)| entity(s, s + len, label)).collect::<Vec<_>>()
        };
        let names = to_entities(names, Label::Per);
        let temporal = to_entities(temporal, Label::Date);
        let merged = merge(names.clone(), temporal.clone());
        for pair in merged.windows(2) {
            prop_assert!(pair[0].start <= pair[1].start, "unsorted {merged:?}");
            prop_assert!(pair[0].end <= pair[1].start, "overlap {merged:?}");
        }
        // A name is dropped only when it overlaps another name, or lies inside a longer
        // temporal span.
        for name in &names {
            let kept = merged.iter().any(|m| m == name);
            let clashes = names.iter().any(|o| !std::ptr::eq(o, name) && o.start < name.end && name.start < o.end);
            let swallowed = temporal.iter().any(|t| t.start <= name.start && name.end <= t.end && t.end - t.start > name.end - name.start);
            prop_assert!(kept || clashes || swallowed, "name {name:?} lost in {merged:?}");
        }
    }
}


