//! `kashif-clusters`: Brown word clusters from the unlabelled Arabic news in the shared data,
//! for `kashif train --clusters`.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use kashif::train::brown::{brown_clusters, write_clusters, BrownCorpus, BrownOptions};

const USAGE: &str = "\
kashif-clusters — Brown word clusters from unlabelled Arabic news

usage:
  kashif-clusters [--data DIR] [--out PATH] [--clusters N] [--min-count N] [--max-words N]
      Reads the ANT corpus archives in DIR/unlabeled/ (default DIR: ../shared/data), clusters
      the bare forms (normalized, clitics stripped) of words seen at least --min-count times
      (default 10; at most --max-words of them) into --clusters clusters (default 256), and
      writes `path<TAB>word<TAB>count` lines to PATH (default models/clusters.tsv).
";

/// The archives read, in this order; each holds TREC-style `<DOC>` files.
const ARCHIVES: [&str; 2] = ["antcorpus-v1.1.tar.gz", "antcorpus-v2.1-multisource.tar.gz"];

/// The fields of a `<DOC>` whose text is used (the abstract repeats the text's beginning).
const FIELDS: [&str; 2] = ["TITLE", "TEXT"];

struct Settings {
    data: PathBuf,
    out: PathBuf,
    options: BrownOptions,
}

fn parse_args() -> Result<Settings, String> {
    let mut settings = Settings {
        data: PathBuf::from("../shared/data"),
        out: PathBuf::from("models/clusters.tsv"),
        options: BrownOptions::default(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Err(String::new());
        }
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        let number = |text: String| text.parse::<usize>().map_err(|_| format!("{arg}: not a number: {text}"));
        match arg.as_str() {
            "--data" => settings.data = PathBuf::from(value()?),
            "--out" => settings.out = PathBuf::from(value()?),
            "--clusters" => settings.options.clusters = number(value()?)?.max(1),
            "--min-count" => settings.options.min_count = number(value()?)? as u64,
            "--max-words" => settings.options.max_words = number(value()?)?,
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    Ok(settings)
}

/// Adds the title and text of every document in a `.tar.gz` archive; returns the number of
/// documents.
fn read_archive(path: &Path, corpus: &mut BrownCorpus) -> Result<usize, String> {
    let error = |e: std::io::Error| format!("{}: {e}", path.display());
    let file = File::open(path).map_err(error)?;
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
    let mut corpus = BrownCorpus::new();
    for name in ARCHIVES {
        let documents = read_archive(&settings.data.join("unlabeled").join(name), &mut corpus)?;
        eprintln!("{name}: {documents} documents");
    }
    let options = &settings.options;
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
    let clusters = brown_clusters(&corpus, options);
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
    let settings = match parse_args() {
        Ok(settings) => settings,
        Err(message) => {
            if message.is_empty() {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprint!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&settings) {
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
