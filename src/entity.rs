//! What the recognizer returns: labelled spans of the original text.

use serde::Serialize;

/// The kind of thing an entity names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Label {
    /// A person.
    #[serde(rename = "PER")]
    Per,
    /// A place: country, city, region, geographic feature.
    #[serde(rename = "LOC")]
    Loc,
    /// An organisation: government body, company, party, agency, team.
    #[serde(rename = "ORG")]
    Org,
    /// Any other name: events, nationalities, products, works.
    #[serde(rename = "MISC")]
    Misc,
    /// A calendar date or period, absolute or relative.
    #[serde(rename = "DATE")]
    Date,
    /// A time of day.
    #[serde(rename = "TIME")]
    Time,
    /// An amount of money.
    #[serde(rename = "MONEY")]
    Money,
    /// A percentage.
    #[serde(rename = "PERCENT")]
    Percent,
}

impl Label {
    /// The four labels the statistical model predicts, in model order.
    pub const NAMES: [Label; 4] = [Label::Per, Label::Loc, Label::Org, Label::Misc];
    /// Every label, names first, then the temporal and numeric ones.
    pub const ALL: [Label; 8] = [Label::Per, Label::Loc, Label::Org, Label::Misc, Label::Date, Label::Time, Label::Money, Label::Percent];

    /// The short upper-case name used in JSON, CoNLL files and CSS (`PER`, `DATE`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Loc => "LOC",
            Label::Org => "ORG",
            Label::Misc => "MISC",
            Label::Date => "DATE",
            Label::Time => "TIME",
            Label::Money => "MONEY",
            Label::Percent => "PERCENT",
        }
    }

    /// Parses a label name; accepts the spellings the shared corpora use (`PERS`, `MIS`).
    pub fn parse(name: &str) -> Option<Label> {
        Some(match name {
            "PER" | "PERS" => Label::Per,
            "LOC" => Label::Loc,
            "ORG" => Label::Org,
            "MISC" | "MIS" => Label::Misc,
            "DATE" => Label::Date,
            "TIME" => Label::Time,
            "MONEY" => Label::Money,
            "PERCENT" => Label::Percent,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entity found in a text, in byte offsets of that text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// Byte offset of the first byte, on a character boundary.
    pub start: usize,
    /// Byte offset one past the last byte (exclusive), on a character boundary.
    pub end: usize,
    /// What the entity names.
    pub label: Label,
    /// Confidence in [0, 1].
    pub score: f32,
    /// A normalized value where one can be computed: a TIMEX3 value for a date or a time
    /// (`2021-07-28`, `T14:00`, `P3D`), the amount and its ISO 4217 code for money
    /// (`3500000000 USD`), the number for a percentage.
    pub value: Option<String>,
    /// For a date or a time, the structured value that `value` writes out, with what
    /// resolution left open (the offset of an unanchored relative date) and the Hijri
    /// original of a Hijri date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timex: Option<crate::timex::Timex>,
}

impl Entity {
    /// The entity's text, sliced from the text it was found in.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for label in Label::ALL {
            assert_eq!(Label::parse(label.as_str()), Some(label));
        }
        assert_eq!(Label::parse("PERS"), Some(Label::Per));
        assert_eq!(Label::parse("MIS"), Some(Label::Misc));
        assert_eq!(Label::parse("B-PER"), None);
    }
}
