//! BIO tags over the four name labels: the model's output alphabet.

use crate::entity::Label;

/// Number of tags: `O`, then `B-` and `I-` for each name label.
pub const NUM_TAGS: usize = 1 + 2 * Label::NAMES.len();

/// A BIO tag, as an index: 0 = `O`, `1 + 2k` = `B-label_k`, `2 + 2k` = `I-label_k`.
pub type Tag = u8;

/// The `O` tag.
pub const OUTSIDE: Tag = 0;

/// The label index of a name label in [`Label::NAMES`].
#[cfg(any(test, feature = "train"))]
fn name_index(label: Label) -> Option<usize> {
    Label::NAMES.iter().position(|&l| l == label)
}

/// `B-label`, if the label is one the model predicts.
#[cfg(any(test, feature = "train"))]
pub fn begin(label: Label) -> Option<Tag> {
    name_index(label).map(|k| (1 + 2 * k) as Tag)
}

/// The label of a tag, `None` for `O`.
pub fn label_of(tag: Tag) -> Option<Label> {
    if tag == OUTSIDE {
        return None;
    }
    Label::NAMES.get((tag as usize - 1) / 2).copied()
}

/// Whether a tag is an `I-` tag.
pub fn is_inside(tag: Tag) -> bool {
    tag != OUTSIDE && (tag - 1) % 2 == 1
}

/// Whether `next` may follow `prev` (`None` at the start of a sentence): `I-X` only after
/// `B-X` or `I-X`.
pub fn allowed(prev: Option<Tag>, next: Tag) -> bool {
    if !is_inside(next) {
        return true;
    }
    matches!(prev, Some(p) if p != OUTSIDE && label_of(p) == label_of(next))
}

/// Parses a CoNLL tag (`O`, `B-PERS`, `I-LOC`); labels outside the model's four give `None`.
#[cfg(any(test, feature = "train"))]
pub fn parse(tag: &str) -> Option<Tag> {
    if tag == "O" {
        return Some(OUTSIDE);
    }
    let (prefix, name) = tag.split_once('-')?;
    let b = begin(Label::parse(name)?)?;
    match prefix {
        "B" => Some(b),
        "I" => Some(b + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        assert_eq!(NUM_TAGS, 9);
        assert_eq!(parse("B-PERS"), Some(1));
        assert_eq!(parse("I-PER"), Some(2));
        assert_eq!(parse("I-MIS"), Some(8));
        assert_eq!(label_of(7), Some(Label::Misc));
        assert!(is_inside(4) && !is_inside(3) && !is_inside(0));
        assert!(allowed(Some(3), 4) && !allowed(Some(1), 4) && !allowed(None, 2) && allowed(None, 1));
        assert_eq!(parse("B-DATE"), None);
    }
}
