//! Dates and times on real news the rules were not written from: 300 articles of the shared
//! unlabelled corpora (ANT v1.1, Tunisian news, and ANT v2.1, five pan-Arab sources), read at
//! test time from `../shared/data/unlabeled`. Every DATE and TIME value must be a TIMEX3 value
//! naming real days, and no span may contain a line break, with the article's own date as the
//! anchor and without one. The shared data must be there: a missing archive fails the test.
//! (Native only: the archives are read from disk with the native build's flate2 and tar.)
#![cfg(not(target_arch = "wasm32"))]

use kashif::timex::{Anchor, TimexValue};
use kashif::{Label, Recognizer};
use std::io::Read;
use std::path::PathBuf;

/// Articles taken from each archive, spread evenly over it.
const PER_ARCHIVE: usize = 150;

struct Article {
    text: String,
    /// The publication date from the `<TIME>` field.
    date: Option<Anchor>,
}

fn field<'d>(document: &'d str, name: &str) -> Option<&'d str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = document.find(&open)? + open.len();
    let end = document[start..].find(&close).map_or(document.len(), |e| start + e);
    Some(document[start..end].trim())
}

/// `2017-01-26T08:31:00+01:00`, `25/03/2015` or `Sun, 18 Feb 2018 21:35:43 +0400`.
fn publication_date(time: &str) -> Option<Anchor> {
    if let Some(date) = time.get(..10).and_then(Anchor::parse) {
        return Some(date);
    }
    let numbers: Vec<&str> = time.split('/').collect();
    if let [d, m, y] = numbers.as_slice() {
        return Anchor::new(y.trim().parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    let mut words = time.split_whitespace().skip(1);
    let day: u8 = words.next()?.parse().ok()?;
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = months.iter().position(|&m| Some(m) == words.next().map(|w| &w[..w.len().min(3)]))? as u8 + 1;
    let year: i32 = words.next()?.parse().ok()?;
    Anchor::new(year, month, day)
}

/// Every `step`-th document of a `.tar.gz` archive of `<DOC>` files, up to `limit`.
fn articles(archive: &str, step: usize, limit: usize) -> Vec<Article> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/unlabeled").join(archive);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e} (the shared data must be there)", path.display()));
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut out = Vec::new();
    let mut seen = 0;
    let mut bytes = Vec::new();
    for entry in tar.entries().expect("archive entries") {
        let mut entry = entry.expect("archive entry");
        if !entry.header().entry_type().is_file() {
            continue;
        }
        bytes.clear();
        entry.read_to_end(&mut bytes).expect("archive file");
        let text = String::from_utf8_lossy(&bytes);
        for document in text.split("<DOC>").skip(1) {
            seen += 1;
            if seen % step != 0 {
                continue;
            }
            let (Some(title), Some(body)) = (field(document, "TITLE"), field(document, "TEXT")) else { continue };
            // The document number ends with the date (AL-culture-1-20180218) where the time
            // field says nothing usable.
            let numbered = field(document, "DOCNO").and_then(|n| {
                let digits = n.get(n.len().checked_sub(8)?..)?;
                Anchor::parse(&format!("{}-{}-{}", digits.get(..4)?, digits.get(4..6)?, digits.get(6..)?))
            });
            let date = field(document, "TIME").and_then(publication_date).or(numbered);
            out.push(Article { text: format!("{title}\n{body}"), date });
            if out.len() == limit {
                return out;
            }
        }
    }
    out
}

/// Checks one analysis; returns `(date and time values, values still holding X placeholders)`.
fn check(article: &Article, anchor: Option<Anchor>, recognizer: &Recognizer, failures: &mut Vec<String>) -> (usize, usize) {
    let text = &article.text;
    let entities = match anchor {
        Some(anchor) => recognizer.analyze_anchored(text, anchor),
        None => recognizer.analyze(text),
    }
    .expect("analysis");
    let (mut values, mut open) = (0, 0);
    for e in &entities {
        let span = e.text(text);
        if span.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{0085}', '\u{000B}', '\u{000C}']) {
            failures.push(format!("{} across a line break: {span:?}", e.label));
        }
        if !matches!(e.label, Label::Date | Label::Time) {
            continue;
        }
        let Some(value) = e.value.as_deref() else { continue };
        values += 1;
        if value.contains('X') {
            open += 1;
        }
        if TimexValue::parse(value).is_none() {
            failures.push(format!("{} {span:?}: {value} is not TIMEX3 or not a real date", e.label));
        }
        if e.timex.as_ref().map(|t| t.to_string()).as_deref() != Some(value) {
            failures.push(format!("{span:?}: value {value} differs from its structured form {:?}", e.timex));
        }
    }
    (values, open)
}

#[test]
fn news_dates_are_timex3_real_and_within_lines() {
    let recognizer = Recognizer::new().expect("embedded model");
    let mut news = articles("antcorpus-v1.1.tar.gz", 60, PER_ARCHIVE);
    news.extend(articles("antcorpus-v2.1-multisource.tar.gz", 200, PER_ARCHIVE));
    assert_eq!(news.len(), 2 * PER_ARCHIVE, "too few articles in the archives");
    let mut failures = Vec::new();
    let (mut values, mut open, mut anchored_values, mut anchored_open, mut dated) = (0, 0, 0, 0, 0);
    for article in &news {
        let (v, o) = check(article, None, &recognizer, &mut failures);
        values += v;
        open += o;
        if let Some(date) = article.date {
            dated += 1;
            let (v, o) = check(article, Some(date), &recognizer, &mut failures);
            anchored_values += v;
            anchored_open += o;
        }
    }
    eprintln!(
        "{} articles: {values} date/time values, {open} with X placeholders; anchored on the {dated} \
         publication dates: {anchored_values} values, {anchored_open} with X placeholders",
        news.len()
    );
    assert!(values > 300, "only {values} date and time values in {} articles", news.len());
    assert!(dated > 250, "only {dated} articles with a publication date");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
