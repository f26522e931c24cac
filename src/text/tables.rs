//! The data-driven tables of `tests/data/text/`: normalization, tokenization and clitics, each
//! row a case written for the project.

use super::clitic::{self, Article};
use super::{tokenize, AlignedText};

/// The rows of a table: tab-separated fields, `#` comments and blank lines left out.
fn rows(table: &'static str) -> impl Iterator<Item = (usize, Vec<String>)> {
    table
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.is_empty())
        .map(|(n, line)| (n + 1, line.split('\t').map(unescape).collect()))
}

/// `\n` and `\u{XXXX}` in a field, for characters a table cannot show.
fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut rest = field;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("\\n") {
            out.push('\n');
            rest = after;
        } else if let Some(code) = rest.strip_prefix("\\u{").and_then(|r| r.split_once('}')) {
            let c = u32::from_str_radix(code.0, 16).ok().and_then(char::from_u32).expect("a valid \\u{..} escape");
            out.push(c);
            rest = code.1;
        } else {
            out.push('\\');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn normalization_table() {
    let mut count = 0;
    for (line, fields) in rows(include_str!("../../tests/data/text/normalize.tsv")) {
        let [original, expected] = &fields[..] else { panic!("normalize.tsv:{line}: two fields expected") };
        let aligned = AlignedText::new(original);
        assert_eq!(aligned.normalized(), expected, "normalize.tsv:{line}");
        // The whole normalized text maps back onto original bytes on character boundaries.
        let (start, end) = aligned.original_range(0, aligned.normalized().len());
        assert!(start <= end && original.is_char_boundary(start) && original.is_char_boundary(end), "normalize.tsv:{line}");
        count += 1;
    }
    assert!(count >= 20, "{count} normalization cases");
}

#[test]
fn tokenization_table() {
    let mut count = 0;
    let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
    for (line, fields) in rows(include_str!("../../tests/data/text/tokenize.tsv")) {
        let [text, expected] = &fields[..] else { panic!("tokenize.tsv:{line}: two fields expected") };
        tokenize(text, &mut tokens, &mut sentences);
        let mut begin = 0;
        let mut shown = Vec::new();
        for &end in &sentences {
            let words: Vec<&str> = tokens[begin..end as usize].iter().map(|t| t.text(text)).collect();
            shown.push(words.join(" | "));
            begin = end as usize;
        }
        assert_eq!(shown.join(" || "), *expected, "tokenize.tsv:{line}");
        count += 1;
    }
    assert!(count >= 10, "{count} tokenization cases");
}

#[test]
fn clitics_table() {
    let mut count = 0;
    for (line, fields) in rows(include_str!("../../tests/data/text/clitics.tsv")) {
        let [word, conj, prep, host, bare, article] = &fields[..] else { panic!("clitics.tsv:{line}: six fields expected") };
        let c = clitic::analyze(word);
        let dash = |s: &str| if s == "-" { String::new() } else { s.to_string() };
        let article = match article.as_str() {
            "none" => Article::None,
            "full" => Article::Full,
            "elided" => Article::Elided,
            other => panic!("clitics.tsv:{line}: article {other:?}"),
        };
        assert_eq!(
            (&word[..c.conj_len], &word[c.conj_len..c.conj_len + c.prep_len], c.host, c.bare, c.article),
            (dash(conj).as_str(), dash(prep).as_str(), host.as_str(), bare.as_str(), article),
            "clitics.tsv:{line}"
        );
        count += 1;
    }
    assert!(count >= 15, "{count} clitic cases");
}
