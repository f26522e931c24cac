//! `kashif-glosses`: the gloss table (`models/glosses.bin`) from the name lists of the shared
//! data, for `kashif::Glossary`.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
kashif-glosses — the English gloss table from the shared name lists

usage:
  kashif-glosses [--data DIR] [--out PATH]
      Reads DIR/gazetteers/anetac/EN-AR_Named-entities.txt and
      DIR/gazetteers/iso-codes/countries.tsv (default DIR: ../shared/data) and writes the
      table to PATH (default models/glosses.bin).
";

fn main() -> ExitCode {
    let (mut data, mut out) = (PathBuf::from("../shared/data"), PathBuf::from("models/glosses.bin"));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let target = match arg.as_str() {
            "--data" => &mut data,
            "--out" => &mut out,
            "-h" | "--help" => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprint!("unknown argument {other}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        match args.next() {
            Some(value) => *target = PathBuf::from(value),
            None => {
                eprint!("{arg} needs a value\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let bytes = match kashif::train::glosses::build_glossary(&data.join("gazetteers")) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("kashif-glosses: {e}");
            return ExitCode::FAILURE;
        }
    };
    // What was written must read back.
    let glossary = match kashif::Glossary::from_bytes(&bytes) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("kashif-glosses: the table does not read back: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("kashif-glosses: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!("{}: {} bytes, {} English names", out.display(), bytes.len(), glossary.len());
    ExitCode::SUCCESS
}
