//! Invariants of `analyze` on arbitrary input: spans lie on character boundaries, inside the
//! text, in order, without overlap, never across a line break, and convert to code points and
//! UTF-16 consistently; date and time values are TIMEX3 naming real days.

use kashif::offsets::{byte_to_char_offsets, byte_to_utf16_offsets};
use kashif::timex::TimexValue;
use kashif::{Label, Recognizer};
use proptest::prelude::*;
use std::sync::OnceLock;

fn recognizer() -> &'static Recognizer {
    static RECOGNIZER: OnceLock<Recognizer> = OnceLock::new();
    RECOGNIZER.get_or_init(|| Recognizer::new().expect("embedded model loads"))
}

/// Pieces that news text (and hostile input) is made of.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "روسيا", "والصين", "للصين", "بالصين", "سيرجي", "شويجو", "وزير", "الدفاع", "منظمة", "شانغهاي",
            "للتعاون", "يوليو", "2021", "٢٨", "۲۸", "دولار", "مليار", "%", "٪", "اليوم", "(الأربعاء)",
            "أمس", "الماضي", "فبراير", "29", "31", "2023", "رمضان", "1442", "هـ", "منذ", "ثلاث", "سنوات",
            "كوفيد-19", "https://example.org/x", "a@b.example", "الأمم", "المتحدة", "القاهرة", "محمد",
        ]).prop_map(String::from),
        2 => prop::sample::select(vec![
            " ", " ", "\n", "\u{2028}", "\u{2029}", "\r", ".", "،", "؛", "؟", "«", "»", "(", ")", "-", "/",
        ]).prop_map(String::from),
        1 => prop::sample::select(vec![
            "\u{064E}", "\u{0651}", "\u{0640}", "\u{200E}", "\u{200F}", "\u{200C}", "\u{200D}", "\u{202B}",
            "\u{2067}", "\u{FEFF}", "😀", "👩‍👩‍👧", "🇸🇦", "\u{0301}", "e\u{0301}", "\u{0000}", "\r\n", "\t",
        ]).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let entities = recognizer().analyze(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut last_end = 0;
    for e in &entities {
        prop_assert!(e.start < e.end, "empty span {e:?}");
        prop_assert!(e.end <= text.len(), "span past the end {e:?}");
        prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end), "off a boundary {e:?}");
        prop_assert!(e.start >= last_end, "overlap or disorder at {e:?}");
        prop_assert!((0.0..=1.0).contains(&e.score), "score out of range {e:?}");
        let slice = &text[e.start..e.end];
        prop_assert_eq!(e.text(text), slice);
        prop_assert!(!slice.starts_with(char::is_whitespace) && !slice.ends_with(char::is_whitespace));
        let line_break = slice.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{0085}', '\u{000B}', '\u{000C}']);
        prop_assert!(!line_break, "span across a line break {e:?}");
        if let (Label::Date | Label::Time, Some(value)) = (e.label, e.value.as_deref()) {
            prop_assert!(TimexValue::parse(value).is_some(), "not a TIMEX3 value of a real date: {value}");
        }
        last_end = e.end;
    }
    let bounds: Vec<usize> = entities.iter().flat_map(|e| [e.start, e.end]).collect();
    let chars = byte_to_char_offsets(text, &bounds);
    let units = byte_to_utf16_offsets(text, &bounds);
    let all: Vec<char> = text.chars().collect();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for (k, e) in entities.iter().enumerate() {
        let (cs, ce) = (chars[2 * k], chars[2 * k + 1]);
        prop_assert_eq!(all[cs..ce].iter().collect::<String>(), e.text(text));
        let (us, ue) = (units[2 * k], units[2 * k + 1]);
        prop_assert_eq!(String::from_utf16_lossy(&utf16[us..ue]), e.text(text));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn spans_map_back_to_the_text(text in text()) {
        check(&text)?;
    }

    #[test]
    fn spans_hold_for_any_unicode(text in "\\PC{0,80}") {
        check(&text)?;
    }
}

#[test]
fn lone_marks_and_controls_only() {
    for text in ["", "\u{064E}", "\u{200F}\u{200E}", "\u{0651}\u{0651} \u{0640}", "😀", "\u{202E}روسيا\u{202C}"] {
        check(text).unwrap();
    }
}
