//! `kashif-clusters`: Brown word clusters from the unlabelled Arabic news in the shared data,
//! for `kashif train --clusters`.

mod progress;

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use kashif::train::brown::{brown_clusters, write_clusters, BrownCorpus, BrownOptions};

use progress::Bar;

/// The archives read, in this order; each holds TREC-style `<DOC>` files.
const ARCHIVES: [&str; 2] = ["antcorpus-v1.1.tar.gz", "antcorpus-v2.1-multisource.tar.gz"];

/// The fields of a `<DOC>` whose text is used (the abstract repeats the text's beginning).
const FIELDS: [&str; 2] = ["TITLE", "TEXT"];

/// Brown word clusters from unlabelled Arabic news, for `kashif train --clusters`.
///
/// Reads the ANT corpus archives in DIR/unlabeled/, clusters the bare forms (normalized,
/// clitics stripped) of words seen at least --min-count times (at most --max-words of them, the
/// most frequent), and writes `path<TAB>word<TAB>count` lines. Deterministic.
#[derive(Parser)]
#[command(name = "kashif-clusters", version)]
struct Settings {
    /// The shared data folder (see its DATA.md).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write the clusters.
    #[arg(long, value_name = "PATH", default_value = "models/clusters.tsv")]
    out: PathBuf,
    /// Number of clusters.
    #[arg(long, value_name = "N", default_value_t = BrownOptions::default().clusters, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    clusters: usize,
    /// Words seen fewer times are left out.
    #[arg(long, value_name = "N", default_value_t = BrownOptions::default().min_count)]
    min_count: u64,
    /// At most this many words, the most frequent [default: all].
    #[arg(long, value_name = "N")]
    max_words: Option<usize>,
}

/// Adds the title and text of every document in a `.tar.gz` archive; returns the number of
/// documents.
fn read_archive(path: &Path, corpus: &mut BrownCorpus, progress: &Bar) -> Result<usize, String> {
    let error = |e: std::io::Error| format!("{}: {e}", path.display());
    let file = File::open(path).map_err(error)?;
    // The bar counts the compressed bytes read.
    let file: Box<dyn Read> = match progress.bar() {
        Some(bar) => Box::new(bar.wrap_read(file)),
        None => Box::new(file),
    };
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut documents = 0;
    let mut bytes = Vec::new();
    for entry in archive.entries().map_err(error)? {
        let mut entry = entry.map_err(error)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        bytes.clear();
        entry.read_to_end(&mut bytes).map_err(error)?;
        let text = String::from_utf8_lossy(&bytes);
        for document in text.split("<DOC>").skip(1) {
            for field in FIELDS {
                if let Some(content) = field_text(document, field) {
                    corpus.add_text(&strip_tags(content));
                }
            }
            documents += 1;
        }
    }
    Ok(documents)
}

/// The content of `<NAME>…</NAME>` in a document, if any.
fn field_text<'d>(document: &'d str, name: &str) -> Option<&'d str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = document.find(&open)? + open.len();
    let end = document[start..].find(&close).map_or(document.len(), |e| start + e);
    Some(&document[start..end])
}

/// The text with markup tags replaced by spaces.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) if !rest[open + 1..open + close].contains(['<', '\n']) => {
                out.push(' ');
                rest = &rest[open + close + 1..];
            }
            _ => {
                out.push('<');
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn run(settings: &Settings) -> Result<(), String> {
    let started = Instant::now();
    let options = BrownOptions {
        clusters: settings.clusters,
        min_count: settings.min_count,
        max_words: settings.max_words.unwrap_or(BrownOptions::default().max_words),
    };
    let archives: Vec<PathBuf> = ARCHIVES.iter().map(|name| settings.data.join("unlabeled").join(name)).collect();
    let mut compressed = 0;
    for path in &archives {
        compressed += std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?.len();
    }
    let mut corpus = BrownCorpus::new();
    let reading = Bar::new(compressed, "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}");
    for (name, path) in ARCHIVES.iter().zip(&archives) {
        reading.set_message(*name);
        let documents = read_archive(path, &mut corpus, &reading)?;
        reading.println(&format!("{name}: {documents} documents"));
    }
    drop(reading);
    let words = corpus.types_with_count(options.min_count.max(1)).min(options.max_words);
    eprintln!(
        "{} tokens, {} distinct bare forms, {} with count >= {}; clustering {} words into {} clusters ({:.1} s reading)",
        corpus.tokens(),
        corpus.types(),
        corpus.types_with_count(options.min_count.max(1)),
        options.min_count,
        words,
        options.clusters,
        started.elapsed().as_secs_f64()
    );
    let clustering = Instant::now();
    let spinner = Bar::new(0, "{spinner} [{elapsed_precise}] {msg}");
    spinner.set_message(format!("clustering {words} words"));
    let clusters = brown_clusters(&corpus, &options);
    drop(spinner);
    eprintln!("clustered in {:.1} s", clustering.elapsed().as_secs_f64());
    if let Some(parent) = settings.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let file = File::create(&settings.out).map_err(|e| format!("{}: {e}", settings.out.display()))?;
    let mut out = BufWriter::new(file);
    write_clusters(&clusters, &mut out).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| format!("{}: {e}", settings.out.display()))?;
    eprintln!("wrote {} words to {} ({:.1} s in all)", clusters.len(), settings.out.display(), started.elapsed().as_secs_f64());
    Ok(())
}

fn main() -> ExitCode {
    match run(&Settings::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_strips_tags() {
        let document = "\n<DOCNO>x</DOCNO>\n<TITLE>عنوان <b>الخبر</b></TITLE>\n<TEXT>\nنص 3 < 5 <br>\n</TEXT>\n";
        assert_eq!(field_text(document, "TITLE").map(strip_tags).as_deref(), Some("عنوان  الخبر "));
        assert_eq!(field_text(document, "TEXT").map(strip_tags).as_deref(), Some("\nنص 3 < 5  \n"));
        assert_eq!(field_text(document, "AUTHOR"), None);
    }
}
