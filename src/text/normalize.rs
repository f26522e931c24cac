//! Arabic normalization for matching and features, never for display.
//!
//! [`AlignedText`] owns the only mapping from normalized text back to the original: every
//! normalized character remembers the original bytes it came from, so offsets are never
//! patched by hand anywhere else.

/// What normalization does with one original character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fold {
    /// Keep it, possibly as another character.
    Keep(char),
    /// Drop it, and count its bytes as part of the preceding kept character (diacritics,
    /// tatweel, zero-width joiners inside a word).
    Attach,
    /// Drop it without attaching it to anything (bidi controls, BOM).
    Drop,
}

/// How one character is normalized.
#[inline]
fn fold(c: char) -> Fold {
    // Most characters of Arabic news are plain letters, spaces and ASCII, kept as they are.
    if is_kept_as_is(c) {
        return Fold::Keep(c);
    }
    fold_rules(c)
}

/// The rules of [`fold`], for every character.
fn fold_rules(c: char) -> Fold {
    match c {
        // Alef with hamza above/below, madda, wasla.
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Fold::Keep('ا'),
        'ة' => Fold::Keep('ه'),
        'ى' | 'ی' | 'ې' | 'ۍ' => Fold::Keep('ي'),
        'ک' | 'ڪ' | 'گ' => Fold::Keep('ك'),
        'ڤ' | 'ڥ' => Fold::Keep('ف'),
        'ڨ' => Fold::Keep('ق'),
        'ۀ' | 'ە' | 'ہ' => Fold::Keep('ه'),
        'ٹ' => Fold::Keep('ت'),
        // Arabic-Indic and Persian (extended) digits become ASCII digits.
        '\u{0660}'..='\u{0669}' => Fold::Keep(digit(c as u32 - 0x0660)),
        '\u{06F0}'..='\u{06F9}' => Fold::Keep(digit(c as u32 - 0x06F0)),
        // Arabic decimal and thousands separators, percent sign.
        '\u{066B}' => Fold::Keep('.'),
        '\u{066C}' => Fold::Keep(','),
        '\u{066A}' => Fold::Keep('%'),
        // Harakat, tanween, shadda, sukun, superscript alef, Quranic marks; tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}' => Fold::Attach,
        '\u{0640}' => Fold::Attach,
        // Zero-width non-joiner and joiner live inside words.
        '\u{200C}' | '\u{200D}' => Fold::Attach,
        // Other combining marks (Latin accents and the like) stay with their base letter.
        '\u{0300}'..='\u{036F}' | '\u{FE00}'..='\u{FE0F}' => Fold::Attach,
        // Bidi marks, embeddings, isolates, zero-width space, word joiner, BOM, soft hyphen.
        '\u{200B}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2060}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{061C}' => Fold::Drop,
        // No-break and other wide spaces are plain spaces for the tokenizer.
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Fold::Keep(' '),
        _ => Fold::Keep(c),
    }
}

/// Length in bytes of the run of characters that [`is_kept_as_is`] accepts at the start of
/// `text` (valid UTF-8), looking only at the one- and two-byte characters it can accept.
#[inline]
fn kept_run_len(text: &[u8]) -> usize {
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        if b < 0x80 {
            i += 1;
            continue;
        }
        // A two-byte sequence in U+0600..U+067F, looked up in the masks of its lead byte.
        let mask = match b {
            0xD8 => KEPT_D8,
            0xD9 => KEPT_D9,
            _ => break,
        };
        match text.get(i + 1) {
            Some(&next) if next & 0xC0 == 0x80 && mask & (1 << (next & 0x3F)) != 0 => i += 2,
            _ => break,
        }
    }
    i
}

/// Bit `n` set when the character of UTF-8 bytes `lead`, `0x80 + n` is [`is_kept_as_is`].
const fn kept_mask(lead: u32) -> u64 {
    let mut mask = 0;
    let mut n = 0;
    while n < 64 {
        if let Some(c) = char::from_u32(((lead & 0x1F) << 6) | n) {
            if is_kept_as_is(c) {
                mask |= 1 << n;
            }
        }
        n += 1;
    }
    mask
}

/// [`kept_mask`] of the lead bytes of U+0600..U+063F and U+0640..U+067F.
const KEPT_D8: u64 = kept_mask(0xD8);
const KEPT_D9: u64 = kept_mask(0xD9);

/// ASCII and the Arabic letters that normalization leaves alone (every one but the alef
/// forms آ أ إ, ة and ى).
#[inline]
const fn is_kept_as_is(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => true,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => !matches!(c, 'آ' | 'أ' | 'إ' | 'ة' | 'ى'),
        _ => false,
    }
}

fn digit(n: u32) -> char {
    char::from_digit(n, 10).unwrap_or('0')
}

/// Normalizes one character the way [`AlignedText`] does; `None` when it is dropped.
#[cfg(any(test, feature = "train"))]
pub(crate) fn normalize_char(c: char) -> Option<char> {
    match fold(c) {
        Fold::Keep(k) => Some(k),
        Fold::Attach | Fold::Drop => None,
    }
}

/// Appends the normalized form of `word` to `out` (no alignment kept: for dictionaries).
#[cfg(any(test, feature = "train"))]
pub(crate) fn normalize_into(word: &str, out: &mut String) {
    out.extend(word.chars().filter_map(normalize_char));
}

/// Normalized form of `word`, for building dictionaries and name lists.
#[cfg(any(test, feature = "train"))]
pub(crate) fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// A text together with its normalized form and the map between the two.
#[derive(Debug, Clone)]
pub struct AlignedText<'a> {
    original: &'a str,
    normalized: String,
    /// The map back to the original, as stretches of normalized bytes that map one to one
    /// onto original bytes, sorted. Normalization keeps most characters, or swaps them for
    /// ones of the same length (أ for ا), so a text has few stretches: a new one starts only
    /// where a character is dropped, shortened or has marks attached. (Keeping offsets for
    /// every character instead cost more than normalizing.)
    pieces: Vec<Piece>,
}

/// Normalized bytes from `norm` up to the next piece's map to original bytes from `orig`, byte
/// for byte; the last character's original bytes end at `orig_end`, marks attached to it
/// included.
#[derive(Debug, Clone, Copy)]
struct Piece {
    norm: u32,
    orig: u32,
    orig_end: u32,
}

impl<'a> AlignedText<'a> {
    /// Normalizes `original`. Offsets are stored as `u32`: callers keep texts under 4 GiB
    /// (the recognizer's limit is far below).
    pub fn new(original: &'a str) -> AlignedText<'a> {
        // Normalization never lengthens a character: one allocation.
        let mut normalized = String::with_capacity(original.len());
        let mut pieces: Vec<Piece> = Vec::new();
        // Records a kept character (or run of them) at original bytes `start..end`, already
        // appended to `normalized` from byte `norm`: it extends the last piece when the
        // original bytes before it all map one to one, otherwise it starts a new piece.
        let keep = |pieces: &mut Vec<Piece>, norm: usize, start: usize, end: usize| match pieces.last_mut() {
            Some(last) if start as u32 - last.orig == norm as u32 - last.norm => last.orig_end = end as u32,
            _ => pieces.push(Piece { norm: norm as u32, orig: start as u32, orig_end: end as u32 }),
        };
        // Whether the previous original character was kept or attached to a kept one, so
        // that a mark after a bidi control does not reach back across it.
        let mut can_attach = false;
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < original.len() {
            // Most of a text is runs of characters kept as they are: copied whole.
            let run = kept_run_len(&bytes[at..]);
            if run > 0 {
                let norm = normalized.len();
                normalized.push_str(original.get(at..at + run).unwrap_or_default());
                keep(&mut pieces, norm, at, at + run);
                can_attach = true;
                at += run;
                continue;
            }
            let start = at;
            let Some(c) = original.get(start..).and_then(|rest| rest.chars().next()) else { break };
            at += c.len_utf8();
            match fold(c) {
                Fold::Keep(k) => {
                    let norm = normalized.len();
                    normalized.push(k);
                    keep(&mut pieces, norm, start, at);
                    can_attach = true;
                }
                Fold::Attach => {
                    if can_attach {
                        if let Some(last) = pieces.last_mut() {
                            last.orig_end = at as u32;
                        }
                    }
                }
                Fold::Drop => can_attach = false,
            }
        }
        AlignedText { original, normalized, pieces }
    }

    /// The text as given.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The normalized text: what tokenization, features and rules see.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// `at` moved forward to the start of a normalized character, or to the end.
    fn char_start(&self, at: usize) -> usize {
        let mut at = at.min(self.normalized.len());
        while !self.normalized.is_char_boundary(at) {
            at += 1;
        }
        at
    }

    /// The piece that holds normalized byte `at` (which must be before the end).
    fn piece_of(&self, at: usize) -> Option<&Piece> {
        let after = self.pieces.partition_point(|p| p.norm as usize <= at);
        self.pieces.get(after.checked_sub(1)?)
    }

    /// The first original byte of the normalized character at `at`, or the original's end
    /// when `at` is the end.
    fn original_start(&self, at: usize) -> usize {
        match self.piece_of(at) {
            Some(p) if at < self.normalized.len() => at - p.norm as usize + p.orig as usize,
            _ => self.original.len(),
        }
    }

    /// One past the last original byte of the normalized character that ends at `at` (> 0),
    /// attached marks included.
    fn original_end(&self, at: usize) -> usize {
        let after = self.pieces.partition_point(|p| (p.norm as usize) < at);
        let Some(p) = after.checked_sub(1).and_then(|i| self.pieces.get(i)) else { return 0 };
        let piece_end = self.pieces.get(after).map_or(self.normalized.len(), |next| next.norm as usize);
        if at >= piece_end {
            p.orig_end as usize
        } else {
            at - p.norm as usize + p.orig as usize
        }
    }

    /// Maps a range of the normalized text (byte offsets on character boundaries) to the
    /// range of the original text it came from. An empty range maps to an empty range.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let (first, last) = (self.char_start(start), self.char_start(end));
        let at = self.original_start(first);
        if first >= last {
            return (at, at);
        }
        (at, self.original_end(last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_letters_digits_and_drops_marks() {
        let text = "أَحْمَد\u{200F} ٢٨ مـدرسة";
        let aligned = AlignedText::new(text);
        assert_eq!(aligned.normalized(), "احمد 28 مدرسه");
    }

    #[test]
    fn ranges_map_back_with_attached_diacritics() {
        let text = "\u{200F}مُحَمَّدٌ قال";
        let aligned = AlignedText::new(text);
        assert_eq!(aligned.normalized(), "محمد قال");
        let (s, e) = aligned.original_range(0, "محمد".len());
        assert_eq!(&text[s..e], "مُحَمَّدٌ");
        let n = aligned.normalized();
        let at = n.find("قال").unwrap();
        let (s, e) = aligned.original_range(at, n.len());
        assert_eq!(&text[s..e], "قال");
    }

    #[test]
    fn mark_after_bidi_control_is_not_attached() {
        let text = "ب\u{200E}\u{064E}";
        let aligned = AlignedText::new(text);
        assert_eq!(aligned.original_range(0, 2), (0, 2));
    }

    /// The map kept per character, as it was before pieces: every range, on character
    /// boundaries or not, maps the same.
    /// The normalized text and, per normalized character, its original start and end (marks
    /// included), worked out one character at a time from the rules: what the fast paths must give.
    fn fold_character_by_character(text: &str) -> (String, Vec<(usize, usize)>) {
        let mut normalized = String::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut can_attach = false;
        for (at, c) in text.char_indices() {
            let end = at + c.len_utf8();
            match fold_rules(c) {
                Fold::Keep(k) => {
                    normalized.push(k);
                    spans.push((at, end));
                    can_attach = true;
                }
                Fold::Attach if can_attach => spans.last_mut().into_iter().for_each(|s| s.1 = end),
                Fold::Attach => {}
                Fold::Drop => can_attach = false,
            }
        }
        (normalized, spans)
    }

    #[test]
    fn pieces_map_like_per_character_offsets() {
        let texts = [
            "أَحْمَد ٢٨ a\u{200F}b \u{2003}x€ ک",
            "\u{200F}\u{064E}ب\u{200E}\u{064E}ة\u{0640}\u{0640}ى ١٢٣ \u{3000}\u{00A0}z\u{064E}",
            "",
            "\u{064E}",
            "abc",
        ];
        for text in texts {
            let aligned = AlignedText::new(text);
            let n = aligned.normalized();
            let (_, spans) = fold_character_by_character(text);
            let char_index = |at: usize| n.char_indices().filter(|&(s, _)| s < at).count();
            for start in 0..=n.len() + 2 {
                for end in 0..=n.len() + 2 {
                    let (first, last) = (char_index(start), char_index(end));
                    let expected = if first >= last || first >= spans.len() {
                        let at = spans.get(first).map_or(text.len(), |s| s.0);
                        (at, at)
                    } else {
                        (spans[first].0, spans[last - 1].1)
                    };
                    assert_eq!(aligned.original_range(start, end), expected, "{text:?} {start}..{end}");
                }
            }
        }
    }

    #[test]
    fn runs_map_like_single_characters() {
        // Runs of plain letters and ASCII around every kind of character the rules change.
        let text = "\u{200F}قالَ أحمد: «الإمارات» ١٢٣ x\u{0640}y ة\u{064E}ى b\u{200E}\u{064E} ک€\u{00A0}z";
        let aligned = AlignedText::new(text);
        let (normalized, spans) = fold_character_by_character(text);
        assert_eq!(aligned.normalized(), normalized);
        for (i, (at, _)) in normalized.char_indices().enumerate() {
            let next = normalized[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            assert_eq!(aligned.original_range(at, next), spans[i], "{i}");
        }
    }

    #[test]
    fn kept_runs_agree_with_is_kept_as_is() {
        for c in (0..0x800).filter_map(char::from_u32) {
            let text = format!("{c}\u{064B}");
            let kept = kept_run_len(text.as_bytes());
            assert_eq!(kept, if is_kept_as_is(c) { c.len_utf8() } else { 0 }, "{c:?}");
        }
    }

    #[test]
    fn shortcut_agrees_with_the_rules() {
        for c in (0..0x1_0000).filter_map(char::from_u32).filter(|&c| is_kept_as_is(c)) {
            assert_eq!(fold_rules(c), Fold::Keep(c), "{c:?}");
        }
    }

    #[test]
    fn empty_and_lone_marks() {
        let aligned = AlignedText::new("\u{064E}\u{0651}");
        assert_eq!(aligned.normalized(), "");
        assert_eq!(aligned.original_range(0, 0), (4, 4));
    }
}
