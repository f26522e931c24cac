//! Splits normalized text into tokens and sentences.
//!
//! Tokens are byte ranges of the normalized text (see [`super::AlignedText`]). Words are runs of
//! letters and digits; a hyphen or a decimal point between two word characters stays inside
//! (`كوفيد-19`, `3.5`); URLs and e-mail addresses stay whole; every other visible character is a
//! token of its own. A line break, or a sentence-final mark, ends a sentence.

/// What kind of token a range is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits (Arabic, Latin or mixed).
    Word,
    /// A URL or an e-mail address.
    Link,
    /// A single punctuation mark or symbol.
    Punct,
}

/// One token: a byte range of the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// First byte in the normalized text.
    pub start: u32,
    /// One past the last byte in the normalized text.
    pub end: u32,
    /// What it is.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in the normalized text it was cut from.
    pub fn text<'t>(&self, normalized: &'t str) -> &'t str {
        normalized.get(self.start as usize..self.end as usize).unwrap_or("")
    }
}

fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        '\0'..='\u{7f}' => false,
        _ => c.is_alphanumeric() || is_mark(c),
    }
}

/// Length in bytes of the word character at the start of `bytes` when it is an ASCII letter or
/// digit or one of the Arabic letters of [`is_word_char`]'s first arm (two bytes), told from its
/// bytes without decoding; 0 for anything else, which the caller decodes.
#[inline]
fn plain_word_char_len(bytes: &[u8]) -> usize {
    match bytes {
        // U+0621..U+063A and U+0641..U+064A.
        [0xD8, 0xA1..=0xBA, ..] | [0xD9, 0x81..=0x8A, ..] => 2,
        [b, ..] if b.is_ascii_alphanumeric() => 1,
        _ => 0,
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}' | '\u{000B}' | '\u{000C}')
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '۔' | '…')
}

/// Characters that may end a URL in running text but are rarely part of it.
fn is_url_trailer(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '»' | '"' | '\'' | '،' | '؛' | '؟' | '>')
}

fn starts_url(rest: &str) -> bool {
    let head = rest.as_bytes();
    let lower = |n: usize| head.get(..n).map(|h| h.to_ascii_lowercase());
    matches!(lower(7).as_deref(), Some(b"http://"))
        || matches!(lower(8).as_deref(), Some(b"https://"))
        || matches!(lower(4).as_deref(), Some(b"www."))
}

fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')
}

/// Length in bytes of an e-mail address starting at the beginning of `rest`, if there is one.
fn email_len(rest: &str) -> Option<usize> {
    let at = rest.find(|c: char| !is_email_local(c))?;
    if at == 0 || !rest[at..].starts_with('@') {
        return None;
    }
    let domain = &rest[at + 1..];
    let mut len = domain.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-')).unwrap_or(domain.len());
    while len > 0 && domain.as_bytes()[len - 1] == b'.' {
        len -= 1;
    }
    let domain = &domain[..len];
    if domain.contains('.') && !domain.starts_with('.') {
        Some(at + 1 + len)
    } else {
        None
    }
}

/// Splits `text` into tokens and sentences, reusing the caller's buffers.
///
/// `sentences` receives, for each sentence, the index one past its last token in `tokens`.
pub fn tokenize(text: &str, tokens: &mut Vec<Token>, sentences: &mut Vec<u32>) {
    tokens.clear();
    sentences.clear();
    let mut at = 0;
    let close_sentence = |tokens: &Vec<Token>, sentences: &mut Vec<u32>| {
        let n = tokens.len() as u32;
        if sentences.last().copied().unwrap_or(0) < n {
            sentences.push(n);
        }
    };
    while at < text.len() {
        let rest = &text[at..];
        let Some(c) = rest.chars().next() else { break };
        if is_line_break(c) {
            close_sentence(tokens, sentences);
            at += c.len_utf8();
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            at += c.len_utf8();
            continue;
        }
        let push = |tokens: &mut Vec<Token>, len: usize, kind| {
            tokens.push(Token { start: at as u32, end: (at + len) as u32, kind });
        };
        if (c == 'h' || c == 'H' || c == 'w' || c == 'W') && starts_url(rest) {
            let mut len = rest.find(|c: char| c.is_whitespace() || c.is_control()).unwrap_or(rest.len());
            while let Some(last) = rest[..len].chars().next_back() {
                if !is_url_trailer(last) {
                    break;
                }
                len -= last.len_utf8();
            }
            push(tokens, len, TokenKind::Link);
            at += len;
            continue;
        }
        if c.is_ascii_alphanumeric() {
            if let Some(len) = email_len(rest) {
                push(tokens, len, TokenKind::Link);
                at += len;
                continue;
            }
        }
        if is_word_char(c) && !is_mark(c) {
            let bytes = rest.as_bytes();
            let mut len = 0;
            let mut i = 0;
            loop {
                let fast = plain_word_char_len(bytes.get(i..).unwrap_or_default());
                if fast > 0 {
                    i += fast;
                    len = i;
                    continue;
                }
                let Some(ch) = rest.get(i..).and_then(|r| r.chars().next()) else { break };
                if is_word_char(ch) {
                    i += ch.len_utf8();
                    len = i;
                    continue;
                }
                // A joiner between two word characters: كوفيد-19, 3.5, 1,000.
                let next = rest.get(i + ch.len_utf8()..).and_then(|r| r.chars().next());
                let prev = rest[..i].chars().next_back();
                let joins = match (ch, prev, next) {
                    ('-', Some(p), Some(n)) => is_word_char(p) && is_word_char(n),
                    ('.' | ',', Some(p), Some(n)) => p.is_ascii_digit() && n.is_ascii_digit(),
                    _ => false,
                };
                if !joins {
                    break;
                }
                i += ch.len_utf8();
            }
            push(tokens, len, TokenKind::Word);
            at += len;
            continue;
        }
        let len = c.len_utf8();
        push(tokens, len, TokenKind::Punct);
        at += len;
        if ends_sentence(c) {
            // Keep closing quotes and brackets with the sentence they close.
            let next = text[at..].trim_start_matches([' ', '\t']).chars().next();
            if !matches!(next, Some('"' | '»' | ')' | '\'' | '.' | '!' | '?' | '؟')) {
                close_sentence(tokens, sentences);
            }
        }
    }
    close_sentence(tokens, sentences);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokenize(text, &mut tokens, &mut sentences);
        tokens.iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn splits_punctuation_and_keeps_joined_forms() {
        assert_eq!(words("جائحة (كوفيد-19) في 2021."), ["جائحة", "(", "كوفيد-19", ")", "في", "2021", "."]);
        assert_eq!(words("«الأمم المتحدة»، 3.5 مليار؛"), ["«", "الأمم", "المتحدة", "»", "،", "3.5", "مليار", "؛"]);
        assert_eq!(words("-5 و a-"), ["-", "5", "و", "a", "-"]);
    }

    #[test]
    fn keeps_links_whole() {
        assert_eq!(
            words("راجع https://example.org/a?b=1. أو info@kashif.example."),
            ["راجع", "https://example.org/a?b=1", ".", "أو", "info@kashif.example", "."]
        );
        assert_eq!(words("www.example.com)"), ["www.example.com", ")"]);
        assert_eq!(words("a@b"), ["a", "@", "b"]);
    }

    #[test]
    fn sentences_end_at_marks_and_lines() {
        let text = "قال علي. ثم ذهب؟\nسطر آخر «جملة.» تنتهي";
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokenize(text, &mut tokens, &mut sentences);
        let texts: Vec<_> = tokens.iter().map(|t| t.text(text)).collect();
        let mut begin = 0;
        let mut out = Vec::new();
        for &end in &sentences {
            out.push(texts[begin..end as usize].join(" "));
            begin = end as usize;
        }
        assert_eq!(out, ["قال علي .", "ثم ذهب ؟", "سطر آخر « جملة . » تنتهي"]);
    }

    #[test]
    fn plain_word_chars_are_word_chars() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let text = c.to_string();
            let fast = plain_word_char_len(text.as_bytes());
            assert!(fast == 0 || (is_word_char(c) && fast == c.len_utf8()), "{c:?}");
        }
        assert_eq!(plain_word_char_len("ي".as_bytes()), 2);
    }

    #[test]
    fn empty_and_space_only() {
        assert!(words("").is_empty());
        assert!(words(" \n\t ").is_empty());
    }
}
