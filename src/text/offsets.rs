//! Offsets in the units other languages index text by. The library works in byte offsets of
//! the original text; the CLI and JSON speak code points (Python's `str`), JavaScript UTF-16
//! code units. Every conversion is here, each one pass over the text.

/// Converts sorted byte offsets of `text` into another unit, in one pass over the text.
///
/// `unit_len` gives the length of one character in the target unit (1 for code points,
/// `char::len_utf16` for UTF-16). Offsets must be on character boundaries and sorted ascending.
fn convert_offsets(text: &str, offsets: &[usize], unit_len: fn(char) -> usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(offsets.len());
    let mut chars = text.char_indices().peekable();
    let mut units = 0;
    for &target in offsets {
        while let Some(&(at, c)) = chars.peek() {
            if at >= target {
                break;
            }
            units += unit_len(c);
            chars.next();
        }
        out.push(units);
    }
    out
}

/// Converts sorted byte offsets of `text` into Unicode code-point offsets (Python `str` indexes).
pub fn byte_to_char_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    convert_offsets(text, offsets, |_| 1)
}

/// Converts sorted byte offsets of `text` into UTF-16 code-unit offsets (JavaScript indexes).
pub fn byte_to_utf16_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    convert_offsets(text, offsets, char::len_utf16)
}

/// Converts sorted UTF-16 code-unit offsets of `text` into byte offsets. An offset inside a
/// character (between the halves of a surrogate pair) moves to the end of that character; one
/// past the end gives `text.len()`.
pub fn utf16_to_byte_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(offsets.len());
    let mut chars = text.char_indices().peekable();
    let mut units = 0;
    for &target in offsets {
        while units < target {
            match chars.next() {
                Some((_, c)) => units += c.len_utf16(),
                None => break,
            }
        }
        out.push(chars.peek().map_or(text.len(), |&(at, _)| at));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_convert_to_chars_and_utf16() {
        let text = "aب😀c";
        // bytes: a=0, ب=1..3, 😀=3..7, c=7
        assert_eq!(byte_to_char_offsets(text, &[0, 1, 3, 7, 8]), vec![0, 1, 2, 3, 4]);
        assert_eq!(byte_to_utf16_offsets(text, &[0, 1, 3, 7, 8]), vec![0, 1, 2, 4, 5]);
    }

    #[test]
    fn utf16_offsets_convert_back_to_bytes() {
        let text = "aب😀c";
        assert_eq!(utf16_to_byte_offsets(text, &[0, 1, 2, 4, 5]), vec![0, 1, 3, 7, 8]);
        // Inside the surrogate pair: the end of the emoji.
        assert_eq!(utf16_to_byte_offsets(text, &[3]), vec![7]);
        assert_eq!(utf16_to_byte_offsets(text, &[99]), vec![8]);
    }
}
