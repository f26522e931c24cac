//! Reading CoNLL files: one `token TAG` per line, a blank line between sentences.

use crate::error::{Error, Result};

/// A labelled sentence: tokens and their tags as written in the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    /// The tokens, as written.
    pub tokens: Vec<String>,
    /// One tag per token (`O`, `B-PERS`, `I-LOC`, ...), as written.
    pub tags: Vec<String>,
}

/// Parses CoNLL text. The token is the first field, the tag the last; lines starting with
/// `-DOCSTART-` are sentence breaks. `name` is used in error messages.
pub fn parse_conll(text: &str, name: &str) -> Result<Vec<Sentence>> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with("-DOCSTART-") {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let mut fields = line.split_whitespace();
        let (Some(token), Some(tag)) = (fields.next(), fields.next_back()) else {
            return Err(Error::Data(format!("{name}:{}: expected `token TAG`, got {line:?}", number + 1)));
        };
        current.tokens.push(token.to_string());
        current.tags.push(tag.to_string());
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Turns sentences back into running text: tokens joined by spaces, one sentence a line.
/// Returns the text and the byte offset of every token in it, in order.
pub fn running_text(sentences: &[Sentence]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut starts = Vec::new();
    for sentence in sentences {
        for (i, token) in sentence.tokens.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            starts.push(text.len());
            text.push_str(token);
        }
        text.push('\n');
    }
    (text, starts)
}

/// Reads and parses a CoNLL file.
pub fn read_conll(path: &std::path::Path) -> Result<Vec<Sentence>> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
    let text = String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 { valid_up_to: e.utf8_error().valid_up_to() })?;
    parse_conll(&text, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sentences_and_reports_bad_lines() {
        let s = parse_conll("a O\nb B-LOC\n\n\nc I-PER\n", "t").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, ["a", "b"]);
        assert_eq!(s[1].tags, ["I-PER"]);
        assert!(parse_conll("lonely\n", "t").unwrap_err().to_string().contains("t:1"));
        let (text, starts) = running_text(&s);
        assert_eq!(text, "a b\nc\n");
        assert_eq!(starts, [0, 2, 4]);
    }
}
