//! Arabic proclitics: the conjunctions و/ف, the prepositions ب/ك/ل and the article ال that
//! attach to the front of a word, names included (`وروسيا`, `بالصين`, `للصين`).
//!
//! The analysis is purely orthographic and over-generates (`لبنان` looks like ل + `بنان`):
//! callers use it for features, and check a name list before trimming an entity.

/// One way of reading the front of a normalized word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clitics<'w> {
    /// Bytes taken by a leading conjunction (و or ف), 0 if none.
    pub conj_len: usize,
    /// Bytes taken by a preposition (ب, ك or ل) after the conjunction, 0 if none.
    pub prep_len: usize,
    /// The word after conjunction and preposition: `لصين` for `للصين`, `الصين` for `بالصين`.
    pub host: &'w str,
    /// `host` without the article: `صين` for both.
    pub bare: &'w str,
    /// Whether the host carries the article; for `لل` its alef is elided (`لصين` = `الصين`).
    pub article: Article,
}

/// How the article appears on the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Article {
    /// No article.
    None,
    /// Written in full: `ال`.
    Full,
    /// Alef elided after the preposition ل: `لل`.
    Elided,
}

const MIN_HOST_CHARS: usize = 2;

fn strip_one<'w>(word: &'w str, letters: &[char]) -> Option<&'w str> {
    let first = word.chars().next()?;
    if !letters.contains(&first) {
        return None;
    }
    let rest = &word[first.len_utf8()..];
    (rest.chars().count() >= MIN_HOST_CHARS).then_some(rest)
}

/// The longest proclitic reading of `word` (normalized): conjunction, then preposition, then
/// article, each only where at least two letters remain.
pub fn analyze(word: &str) -> Clitics<'_> {
    let after_conj = strip_one(word, &['و', 'ف']).unwrap_or(word);
    let conj_len = word.len() - after_conj.len();
    let host = strip_one(after_conj, &['ب', 'ك', 'ل']).unwrap_or(after_conj);
    let prep_len = after_conj.len() - host.len();
    let elided = prep_len > 0 && after_conj.starts_with('ل') && host.starts_with('ل');
    let (bare, article) = if let Some(rest) = host.strip_prefix("ال").filter(|r| r.chars().count() >= MIN_HOST_CHARS) {
        (rest, Article::Full)
    } else if let Some(rest) = host.strip_prefix('ل').filter(|r| elided && r.chars().count() >= MIN_HOST_CHARS) {
        (rest, Article::Elided)
    } else {
        (host, Article::None)
    };
    Clitics { conj_len, prep_len, host, bare, article }
}

impl<'w> Clitics<'w> {
    /// The readings of the word as a possible name, shortest strip first: after the
    /// conjunction alone, then after conjunction and preposition. Each is (bytes stripped, host).
    pub fn strips(&self, word: &'w str) -> impl Iterator<Item = (usize, &'w str)> {
        let conj = (self.conj_len > 0).then(|| (self.conj_len, &word[self.conj_len..]));
        let prep = (self.prep_len > 0).then(|| (self.conj_len + self.prep_len, self.host));
        conj.into_iter().chain(prep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_conjunction_preposition_and_article() {
        let c = analyze("وبالصين");
        assert_eq!((c.conj_len, c.prep_len, c.host, c.bare, c.article), (2, 2, "الصين", "صين", Article::Full));
        let c = analyze("للصين");
        assert_eq!((c.conj_len, c.prep_len, c.host, c.bare, c.article), (0, 2, "لصين", "صين", Article::Elided));
        let c = analyze("وروسيا");
        assert_eq!((c.conj_len, c.prep_len, c.host, c.bare), (2, 0, "روسيا", "روسيا"));
        let c = analyze("في");
        assert_eq!((c.conj_len, c.host), (0, "في"));
        let c = analyze("لبنان");
        assert_eq!(c.host, "بنان");
        assert_eq!(c.strips("لبنان").collect::<Vec<_>>(), vec![(2, "بنان")]);
        assert_eq!(analyze("وبالصين").strips("وبالصين").collect::<Vec<_>>(), vec![(2, "بالصين"), (4, "الصين")]);
    }
}
