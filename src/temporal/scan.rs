//! Tokens of the normalized text as the temporal rules see them: words (with their lexicon
//! senses looked up once), digit runs and single punctuation marks, in normalized byte offsets.

use super::lexicon::{self, Sense};
use crate::entity::Label;
use crate::timex::Draft;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    /// ASCII digits, with `.` or `,` between digits (3.5, 1,500,000).
    Number,
    /// Any other non-space character, alone.
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    /// Bytes of a leading proclitic that stays outside any span (و of والثلاثاء).
    pub(super) clitic: usize,
    pub(super) senses: &'static [Sense],
}

/// What a match's value is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    /// A money or percentage value.
    Text(String),
    /// A temporal value, to be completed from the anchor.
    Timex(Draft),
}

/// A match of one rule: tokens `first..next`, as one entity.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub(super) first: usize,
    pub(super) next: usize,
    pub(super) label: Label,
    pub(super) score: f32,
    pub(super) value: Option<Value>,
}

impl Found {
    pub(super) fn new(first: usize, next: usize, label: Label, score: f32, value: Option<String>) -> Found {
        Found { first, next, label, score, value: value.map(Value::Text) }
    }

    pub(super) fn timex(first: usize, next: usize, label: Label, score: f32, draft: Draft) -> Found {
        Found { first, next, label, score, value: Some(Value::Timex(draft)) }
    }

    pub(super) fn draft(&self) -> Option<&Draft> {
        match &self.value {
            Some(Value::Timex(draft)) => Some(draft),
            _ => None,
        }
    }
}

/// The normalized text and its tokens.
pub(super) struct Scanner<'n> {
    text: &'n str,
    toks: Vec<Tok>,
}

impl<'n> Scanner<'n> {
    pub(super) fn new(text: &'n str) -> Scanner<'n> {
        Scanner { text, toks: tokenize(text) }
    }

    pub(super) fn len(&self) -> usize {
        self.toks.len()
    }

    pub(super) fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    /// The normalized text of token `i`, proclitic included; "" past the end.
    pub(super) fn text(&self, i: usize) -> &'n str {
        self.toks.get(i).and_then(|t| self.text.get(t.start..t.end)).unwrap_or("")
    }

    /// The text of token `i` after its proclitic.
    pub(super) fn stem(&self, i: usize) -> &'n str {
        let clitic = self.toks.get(i).map_or(0, |t| t.clitic);
        self.text(i).get(clitic..).unwrap_or("")
    }

    pub(super) fn senses(&self, i: usize) -> &'static [Sense] {
        self.toks.get(i).map_or(&[], |t| t.senses)
    }

    /// The first sense of token `i` that `pick` accepts.
    pub(super) fn sense<T>(&self, i: usize, pick: impl Fn(Sense) -> Option<T>) -> Option<T> {
        self.senses(i).iter().find_map(|&s| pick(s))
    }

    pub(super) fn has(&self, i: usize, sense: Sense) -> bool {
        self.senses(i).contains(&sense)
    }

    /// Token `i` has no proclitic.
    pub(super) fn bare(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.clitic == 0)
    }

    /// Token `i` starts with the conjunction و as a proclitic (وعشرين, و2021 counts through
    /// [`Scanner::and_before`]).
    pub(super) fn wa_clitic(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.clitic > 0) && self.text(i).starts_with('و')
    }

    pub(super) fn is_punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Punct(c))
    }

    pub(super) fn is_number(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Number)
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Word)
    }

    /// Tokens `i` and `i + 1` touch, with no space between.
    pub(super) fn glued(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// Token `i` as a plain integer of `min..=max` digits (no separators).
    pub(super) fn int(&self, i: usize, min: usize, max: usize) -> Option<u32> {
        if !self.is_number(i) {
            return None;
        }
        let text = self.text(i);
        if text.len() < min || text.len() > max || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    }

    /// Whether token `i` is the conjunction و on its own (و 500, or glued: و2021).
    pub(super) fn is_and(&self, i: usize) -> bool {
        self.has(i, Sense::And)
    }

    /// Where the operand after a connector starts: `و2021` is و + 2021, `وعشرين` carries its
    /// و as a proclitic. Returns the index of the operand token.
    pub(super) fn after_and(&self, i: usize) -> Option<usize> {
        if self.is_and(i) {
            Some(i + 1)
        } else if self.wa_clitic(i) {
            Some(i)
        } else {
            None
        }
    }

    /// Byte range of tokens `first..next` in the normalized text, after the first token's
    /// proclitic.
    pub(super) fn span(&self, first: usize, next: usize) -> Option<(usize, usize)> {
        let a = self.toks.get(first)?;
        let b = self.toks.get(next.checked_sub(1)?)?;
        let start = a.start + a.clitic;
        (start < b.end).then_some((start, b.end))
    }

    /// Whether token `i` continues something glued before it (a digit group or a separator
    /// such as 12/28 or 10:30), so that a rule must not start inside it.
    pub(super) fn glued_before_separator(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1) else { return false };
        self.glued(prev) && self.toks.get(prev).is_some_and(|t| matches!(t.kind, Kind::Number | Kind::Punct('/' | '-' | ':' | '.' | ',')))
    }

    /// Whether the word at `i` starts with the article ال (an adjective or a noun, so that
    /// اليوم الوطني is "the national day", not "today").
    pub(super) fn definite(&self, i: usize) -> bool {
        self.is_word(i) && self.text(i).starts_with("ال")
    }
}

/// A letter of a word; the Arabic block's letters are checked first, as they are most of the text.
fn is_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c) || c.is_alphabetic()
}

/// The character at byte `at` of `text`, if it starts there.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|rest| rest.chars().next())
}

/// Length in bytes of the letter at byte `at`, if a letter starts there. An Arabic letter (two
/// bytes, U+0621..U+064A) is told from its bytes, without decoding.
#[inline]
fn letter_len(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(0xD8), Some(0xA1..=0xBF)) | (Some(0xD9), Some(0x80..=0x8A)) => Some(2),
        (Some(b), _) if b.is_ascii() => b.is_ascii_alphabetic().then_some(1),
        _ => char_at(text, at).filter(|&c| is_letter(c)).map(char::len_utf8),
    }
}

fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks = Vec::with_capacity(text.len() / 6);
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        let start = at;
        if b.is_ascii_digit() {
            at += 1;
            loop {
                while bytes.get(at).is_some_and(u8::is_ascii_digit) {
                    at += 1;
                }
                let separator = matches!(bytes.get(at), Some(b'.' | b','));
                if separator && bytes.get(at + 1).is_some_and(u8::is_ascii_digit) {
                    at += 1;
                } else {
                    break;
                }
            }
            toks.push(Tok { start, end: at, kind: Kind::Number, clitic: 0, senses: &[] });
        } else if let Some(len) = letter_len(text, at) {
            at += len;
            while let Some(len) = letter_len(text, at) {
                at += len;
            }
            let word = text.get(start..at).unwrap_or("");
            let (clitic, senses) = lexicon::lookup(word);
            toks.push(Tok { start, end: at, kind: Kind::Word, clitic, senses });
        } else if b == b' ' {
            at += 1;
        } else {
            let Some(c) = char_at(text, at) else { break };
            at += c.len_utf8();
            if !c.is_whitespace() {
                toks.push(Tok { start, end: at, kind: Kind::Punct(c), clitic: 0, senses: &[] });
            }
        }
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_len_agrees_with_is_letter() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let text = format!("{c}x");
            assert_eq!(letter_len(&text, 0), is_letter(c).then_some(c.len_utf8()), "{c:?}");
        }
    }
}
