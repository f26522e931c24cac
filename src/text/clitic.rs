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

/// The conjunctions that attach to a word's front.
const CONJUNCTIONS: [char; 2] = ['و', 'ف'];

/// The prepositions that attach after a conjunction, or alone.
const PREPOSITIONS: [char; 3] = ['ب', 'ك', 'ل'];

/// Every proclitic sequence [`analyze`] reads apart from the article: the single letters
/// first, then conjunction + preposition, so that a shorter reading is tried before a longer
/// one. The ones with ك (like) come after the others in each group, so that callers for whom
/// ك does not attach (dates, NewsFANE's tokens) skip them and keep that order.
pub(crate) const PROCLITICS: [&str; 11] = ["و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك"];

/// Whether a proclitic of [`PROCLITICS`] holds the preposition ك.
#[inline]
pub(crate) fn has_kaf(proclitic: &str) -> bool {
    proclitic.ends_with('ك')
}

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
    let after_conj = strip_one(word, &CONJUNCTIONS).unwrap_or(word);
    let conj_len = word.len() - after_conj.len();
    let host = strip_one(after_conj, &PREPOSITIONS).unwrap_or(after_conj);
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
    fn proclitics_are_every_conjunction_and_preposition() {
        let mut expected: Vec<String> = CONJUNCTIONS.iter().chain(&PREPOSITIONS).map(|c| c.to_string()).collect();
        for c in CONJUNCTIONS {
            for p in PREPOSITIONS {
                expected.push(format!("{c}{p}"));
            }
        }
        let mut listed: Vec<String> = PROCLITICS.iter().map(|p| p.to_string()).collect();
        expected.sort();
        listed.sort();
        assert_eq!(listed, expected);
        // Single letters before pairs, and without ك the order of the pairs is kept.
        let lengths: Vec<usize> = PROCLITICS.iter().map(|p| p.chars().count()).collect();
        assert!(lengths.windows(2).all(|w| w[0] <= w[1]));
        let without: Vec<&str> = PROCLITICS.iter().copied().filter(|p| !has_kaf(p)).collect();
        assert_eq!(without, ["و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"]);
    }

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
