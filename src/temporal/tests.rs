//! Data-driven and property tests for the temporal rules.
//!
//! `tests/data/temporal/cases.tsv`: one sentence per line, a tab, then every entity `find` must
//! return, in order, as `LABEL|span text|value` joined by ` ;; ` (empty value: none); an
//! unresolved offset follows the value as ` offset=-P1D`, a Hijri original as
//! ` hijri=1442-09-15`. An empty expectation means nothing may be marked. Lines starting with
//! `#` are comments; `#anchor 2021-07-28` resolves the cases after it against that date, and
//! `#anchor none` stops it.

use super::{find, find_aligned, lexicon, merge, Anchor, TimexValue};
use crate::entity::{Entity, Label};
use crate::text::AlignedText;
use proptest::prelude::*;

const CASES: &str = include_str!("../../tests/data/temporal/cases.tsv");

fn describe(text: &str, entities: &[Entity]) -> Vec<String> {
    entities
        .iter()
        .map(|e| {
            let mut out = format!("{}|{}|{}", e.label, e.text(text), e.value.as_deref().unwrap_or(""));
            if let Some(timex) = &e.timex {
                if let Some(offset) = timex.offset() {
                    out += &format!(" offset={offset}");
                }
                if let Some((first, last)) = timex.hijri() {
                    out += &format!(" hijri={first}");
                    if let Some(last) = last {
                        out += &format!("/{last}");
                    }
                }
            }
            out
        })
        .collect()
}

/// A sentence with its line breaks written as `\n`, `\r`, `\u2028`, `\u2029`.
fn unescape(sentence: &str) -> String {
    sentence.replace("\\n", "\n").replace("\\r", "\r").replace("\\u2028", "\u{2028}").replace("\\u2029", "\u{2029}")
}

/// The cases of the table: `(line number, anchor, sentence, expected entities)`.
fn cases() -> Vec<(usize, Option<Anchor>, String, Vec<String>)> {
    let mut anchor = None;
    let mut out = Vec::new();
    for (n, line) in CASES.lines().enumerate() {
        if let Some(date) = line.strip_prefix("#anchor ") {
            anchor = Anchor::parse(date);
            assert!(anchor.is_some() || date.trim() == "none", "line {}: bad anchor {date}", n + 1);
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (sentence, expected) = line.split_once('\t').unwrap_or((line, ""));
        let sentence = unescape(sentence);
        let expected: Vec<String> = expected.split(" ;; ").map(str::trim).filter(|item| !item.is_empty()).map(str::to_string).collect();
        out.push((n + 1, anchor, sentence, expected));
    }
    out
}

#[test]
fn cases_from_the_table() {
    let mut failures = Vec::new();
    let cases = cases();
    let count = cases.len();
    let negatives = cases.iter().filter(|c| c.3.is_empty()).count();
    for (n, anchor, sentence, expected) in cases {
        let got = describe(&sentence, &find(&sentence, anchor));
        if got != expected {
            failures.push(format!("line {n}: {sentence}\n    expected: {}\n    got:      {}", expected.join(" ;; "), got.join(" ;; ")));
        }
    }
    assert!(failures.is_empty(), "{} of {count} cases fail:\n{}", failures.len(), failures.join("\n"));
    assert!(count >= 450, "only {count} cases");
    assert!(negatives >= 80, "only {negatives} negative cases");
}

/// The browser suite has no file system: the reference article is read natively only.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn reference_article_dates() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/articles/xinhua-2021-07-28-ar.txt");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e} (the shared data must be there)"));
    // Resolved against the dateline.
    let found = describe(&text, &find(&text, None));
    for wanted in ["DATE|28 يوليو 2021|2021-07-28", "DATE|اليوم (الأربعاء)|2021-07-28", "DATE|يونيو|2021-06"] {
        assert!(found.iter().any(|f| f == wanted), "{wanted} not in {found:?}");
    }
    // The dateline's date is the first entity, after the city that opens the text.
    let first = find(&text, None).into_iter().next();
    let city = "دوشنبه ".len();
    assert_eq!(first.map(|e| (e.start, e.label)), Some((city, Label::Date)));
    // A caller's anchor wins over the dateline.
    let found = describe(&text, &find(&text, Anchor::parse("2022-01-05")));
    assert!(found.iter().any(|f| f == "DATE|يونيو|2022-06"), "{found:?}");
    assert!(found.iter().any(|f| f == "DATE|اليوم (الأربعاء)|2022-01-05"), "{found:?}");
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
fn a_dateline_opens_with_its_place() {
    fn place(text: &str) -> Option<&str> {
        let aligned = AlignedText::new(text);
        let places = find_aligned(&aligned, None).dateline_places;
        assert!(places.len() <= 1, "{places:?}");
        places.first().map(|&(start, end)| &text[start..end])
    }
    assert_eq!(place("طشقند 27 يوليو 2021 (شينخوا) أعلنت الوزارة."), Some("طشقند"));
    assert_eq!(place("\n\n  نيو دلهي 3 مايو 2020 - أعلنت الوزارة."), Some("نيو دلهي"));
    assert_eq!(place("سان خوسيه ٣ مايو ٢٠٢٠ — قال المتحدث."), Some("سان خوسيه"));
    // A dispatch on a later line opens with its own place.
    assert_eq!(place("عنوان الخبر\nطشقند 27 يوليو 2021 (شينخوا) أعلنت الوزارة."), Some("طشقند"));
    // Not a place: a preposition or a weekday, the article, a date that is no full day, no
    // agency or dash after it, more than three words, a date later in the line.
    for text in [
        "في 3 مايو 2020 (رويترز) أعلنت الوزارة.",
        "الأحد 3 مايو 2020 (رويترز) أعلنت الوزارة.",
        "أعلنت الوزارة 3 مايو 2020 (رويترز).",
        "طشقند مايو 2020 (شينخوا) أعلنت الوزارة.",
        "طشقند 27 يوليو 2021 أعلنت الوزارة.",
        "قال وزير خارجية بلاده 3 مايو 2020 - إن.",
        "أعلنت وزارة الخارجية في طشقند يوم 27 يوليو 2021 (شينخوا).",
        "2021 (شينخوا)",
        "",
    ] {
        assert_eq!(place(text), None, "{text}");
    }
}

#[test]
fn offsets_are_original_bytes() {
    let text = "\u{200F}وصل يوم الأربعاء\u{200E} ٢٨ يُولْيُو ٢٠٢١ بمبلغ ٣٫٥ مليار دولار و٥٪";
    let found = find(text, None);
    let described = describe(text, &found);
    assert_eq!(described, ["DATE|يوم الأربعاء\u{200E} ٢٨ يُولْيُو ٢٠٢١|2021-07-28", "MONEY|٣٫٥ مليار دولار|3500000000 USD", "PERCENT|٥٪|5",]);
}

fn entity(start: usize, end: usize, label: Label) -> Entity {
    Entity { start, end, label, score: 1.0, value: None, timex: None }
}

#[test]
fn names_win_over_temporal_spans() {
    let names = vec![entity(10, 30, Label::Org), entity(0, 5, Label::Per)];
    let temporal = vec![entity(5, 10, Label::Date), entity(12, 20, Label::Date), entity(28, 40, Label::Date), entity(40, 45, Label::Money)];
    let merged = merge(names, temporal);
    let spans: Vec<_> = merged.iter().map(|e| (e.start, e.end, e.label)).collect();
    assert_eq!(spans, [(0, 5, Label::Per), (5, 10, Label::Date), (10, 30, Label::Org), (40, 45, Label::Money)]);
}

/// Whether a date or time value is TIMEX3 and names only real days.
pub(crate) fn real_timex(value: &str) -> bool {
    TimexValue::parse(value).is_some()
}

/// Whether a money value is a number, then a valid ISO 4217 code or nothing.
fn valid_amount(value: &str) -> bool {
    let (number, code) = value.split_once(' ').unwrap_or((value, ""));
    let numeric = !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.bytes().filter(|&b| b == b'.').count() <= 1
        && !number.starts_with('.')
        && !number.ends_with('.');
    numeric && (code.is_empty() || iso_currency::Currency::from_code(code).is_some())
}

fn assert_well_formed(text: &str, entities: &[Entity]) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for e in entities {
        prop_assert!(e.start < e.end, "empty span {e:?}");
        prop_assert!(e.start >= last_end, "unsorted or overlapping {entities:?}");
        prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        prop_assert!(e.end <= text.len());
        prop_assert!((0.0..=1.0).contains(&e.score));
        prop_assert!(!e.text(text).contains(super::is_line_break), "span across a line break {e:?}");
        match (e.label, e.value.as_deref()) {
            (Label::Date | Label::Time, Some(value)) => {
                prop_assert!(real_timex(value), "not TIMEX3 or not a real date: {value} in {e:?}");
                let written = e.timex.as_ref().map(|t| t.to_string());
                prop_assert_eq!(written.as_deref(), Some(value));
            }
            (Label::Money, Some(value)) => prop_assert!(valid_amount(value), "bad amount {value}"),
            (Label::Percent, Some(value)) => prop_assert!(valid_amount(value) && !value.contains(' '), "bad percentage {value}"),
            _ => {}
        }
        last_end = e.end;
    }
    Ok(())
}

/// Pieces the generator glues together: words the rules know, look-alikes, digits of every
/// script, signs, marks that normalization drops, and things it never sees in news.
const PIECES: &[&str] = &[
    "يوليو",
    "مايو",
    "رمضان",
    "آب",
    "كانون",
    "الثاني",
    "الأول",
    "من",
    "إلى",
    "بين",
    "و",
    "عامي",
    "عام",
    "اليوم",
    "أمس",
    "غداً",
    "الأربعاء",
    "دوشنبه",
    "سه",
    "شنبه",
    "الساعة",
    "العاشرة",
    "صباحا",
    "مساء",
    "بتوقيت",
    "غرينتش",
    "مليون",
    "مليونا",
    "ألف",
    "آلاف",
    "دولار",
    "دينار",
    "أمريكي",
    "في",
    "المائة",
    "بالمئة",
    "خمسة",
    "وعشرين",
    "القرن",
    "الـ",
    "التسعينيات",
    "هـ",
    "م",
    "28",
    "7",
    "2021",
    "٢٠٢١",
    "۲۸",
    "3.5",
    "٣٫٥",
    "1,500",
    "10:30",
    "/",
    "-",
    ":",
    "%",
    "٪",
    "$",
    "€",
    "US",
    "(",
    ")",
    "،",
    ".",
    "\u{200F}",
    "\u{200E}",
    "\u{200C}",
    "\u{064E}",
    "\u{0651}",
    "\u{0640}",
    "😀",
    "é",
    "\u{0301}",
    " ",
    "  ",
    "\n",
    "x",
    "١٢",
    "٫",
    "٬",
    "\r\n",
    "\u{2028}",
    "\u{2029}",
    "29",
    "30",
    "31",
    "2",
    "2023",
    "2024",
    "فبراير",
    "شعبان",
    "1428",
    "هجرية",
    "منذ",
    "ثلاث",
    "سنوات",
    "قبل",
    "عاما",
    "أيام",
    "يومين",
    "الماضي",
    "المقبل",
    "الأسبوع",
    "الشهر",
    "يونيو",
    "بعد",
    "الزوال",
    "ليلا",
    "التاسعة",
    "(",
    "400",
    "أربعمائة",
    "ملايين",
    "3,650",
    "سوق",
    "الجمعة",
    "الآن",
    "حاليا",
    "ربيع",
    "ذي",
    "الحجة",
    "12",
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
        let found = find(&text, None);
        assert_well_formed(&text, &found)?;
    }

    #[test]
    fn values_stay_timex_and_real_when_anchored(text in generated_text(), days in 0i64..60_000) {
        let (y, m, d) = crate::timex::calendar::civil_from_days(days - 20_000);
        let found = find(&text, Anchor::new(y, m, d));
        assert_well_formed(&text, &found)?;
    }

    #[test]
    fn find_survives_arbitrary_text(text in "\\PC{0,80}") {
        let found = find(&text, None);
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
