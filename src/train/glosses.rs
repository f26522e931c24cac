//! The gloss table (`models/glosses.bin`, read by [`Glossary`](crate::Glossary)) from the name
//! lists of the shared data: ANETAC's English–Arabic pairs and the iso-codes country names.

use std::collections::HashMap;
use std::path::Path;

use crate::entities::{encode, GlossClass, GlossEntry};
use crate::error::{Error, Result};
use crate::text::normalize_word;

/// ANETAC's pairs, `CLASS English Arabic` per line, under the gazetteers folder.
pub const ANETAC: &str = "anetac/EN-AR_Named-entities.txt";
/// The iso-codes countries: `alpha_2 name_en name_ar official_name_ar`, tab-separated, with a
/// header line.
pub const COUNTRIES: &str = "iso-codes/countries.tsv";

/// What the table file says of itself.
const NOTE: &str = "kashif gloss table, made by kashif-glosses from ANETAC (Hadj Ameur et al. 2019, \
English-Arabic named entities) and the iso-codes country names (LGPL-2.1+)";

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))
}

/// The gloss table file made from the lists under `gazetteers` (`../shared/data/gazetteers`).
///
/// Every iso-codes country name, common and official, is a curated entry of its English name;
/// where both names are written `short، long` and `Short, long`, the short Arabic name is also
/// one of the short English name (`إيران`: Iran) and the long one of the whole. Every ANETAC
/// pair is an entry of its class. Entries of one Arabic form (normalized) come iso-codes first,
/// then ANETAC's spellings, the one it pairs with the form most often first, ties in file order.
pub fn build_glossary(gazetteers: &Path) -> Result<Vec<u8>> {
    let mut entries: Vec<GlossEntry> = Vec::new();
    let countries = read(&gazetteers.join(COUNTRIES))?;
    for (n, line) in countries.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let Some(&english) = fields.get(1).filter(|e| !e.is_empty()) else {
            return Err(Error::Data(format!("{COUNTRIES} line {}: no English name", n + 1)));
        };
        let mut add = |arabic: &str, english: &str| {
            let arabic = normalize_word(arabic.trim());
            entries.push(GlossEntry { arabic, english: english.trim().to_string(), class: GlossClass::Location, curated: true });
        };
        for &arabic in fields.iter().skip(2).filter(|a| !a.is_empty()) {
            add(arabic, english);
            // `إيران، الجمهوريّة الإسلاميّة الإيرانيّة` for `Iran, Islamic Republic of`: the
            // short name before the comma is the short English name, the rest the whole.
            if let (Some((short, long)), Some((short_english, _))) = (arabic.split_once('،'), english.split_once(", ")) {
                add(short, short_english);
                add(long, english);
            }
        }
    }
    // (normalized Arabic, class, English lower-cased) → (pairs, first line, English as written).
    let mut pairs: HashMap<(String, GlossClass, String), (usize, usize, String)> = HashMap::new();
    let anetac = read(&gazetteers.join(ANETAC))?;
    for (n, line) in anetac.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let [class, english, arabic] = fields[..] else {
            return Err(Error::Data(format!("{ANETAC} line {}: not `CLASS English Arabic`", n + 1)));
        };
        let class = match class {
            "PERSON" => GlossClass::Person,
            "LOCATION" => GlossClass::Location,
            "ORGANIZATION" => GlossClass::Organisation,
            other => return Err(Error::Data(format!("{ANETAC} line {}: unknown class {other}", n + 1))),
        };
        let slot = pairs.entry((normalize_word(arabic), class, english.to_lowercase())).or_insert((0, n, english.to_string()));
        slot.0 += 1;
    }
    let mut ranked: Vec<_> = pairs.into_iter().collect();
    ranked.sort_by(|(ka, a), (kb, b)| ka.0.cmp(&kb.0).then(b.0.cmp(&a.0)).then(a.1.cmp(&b.1)));
    entries.extend(ranked.into_iter().map(|((arabic, class, _), (_, _, english))| GlossEntry { arabic, english, class, curated: false }));
    Ok(encode(&entries, NOTE))
}
