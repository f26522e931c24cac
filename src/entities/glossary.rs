//! English glosses for Arabic names, from name lists (ANETAC's English–Arabic pairs and the
//! iso-codes country names; the table is made by `kashif-glosses`, see `models/README.md`).
//!
//! A name is looked up in three steps, each tried on the name as written and on its first word
//! read without proclitics (`للصين`: `الصين`; `وبالصين`: `بالصين`, `الصين`), all normalized:
//! 1. the exact form: where the lists give one form several English spellings, the first one
//!    (iso-codes before ANETAC, then the spelling ANETAC pairs with it most often);
//! 2. the form with the letters Arabic news uses for one foreign sound taken as one: غ, ج and
//!    ق for g, ف (and ڤ, which normalization makes ف) for v (`شويجو` finds `شويغو`, Shoigu);
//! 3. that, with one long vowel (ا, و or ي, not the first letter) added or dropped.
//!
//! Steps 2 and 3 give a gloss only when every list entry they reach has the same English name
//! (case aside); a name they reach more than one English name for has none. A name of several
//! words is glossed whole where a list has it whole (iso-codes' `الولايات المتحدة`), otherwise
//! word by word where every word has a gloss, otherwise not at all. The entries of the name's
//! own class (person, location, organisation) are searched first; all of them where that
//! class has none, and for `MISC`.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::base::codec::{checksum, Reader};
use crate::base::hash::hash_str;
use crate::base::table::KeyHasher;
use crate::entity::{Entity, Label};
use crate::error::{Error, Result};
use crate::text::clitic::{self, Article};
use crate::text::AlignedText;

use super::Group;

const MAGIC: &[u8; 8] = b"KASHIF\0G";

/// Format version; bump it whenever the layout, the normalization of keys or the variants
/// change.
const FORMAT_VERSION: u32 = 1;

/// The class of a list entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) enum GlossClass {
    Person = 0,
    Location = 1,
    Organisation = 2,
}

/// One pair of a name list, for [`encode`].
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) struct GlossEntry {
    /// The Arabic name, normalized.
    pub arabic: String,
    pub english: String,
    pub class: GlossClass,
}

/// Slot of the entries of any class.
const ANY: usize = 3;
/// A slot no entry reached.
const EMPTY: u32 = u32::MAX;
/// A slot that entries with different English names reached.
const MIXED: u32 = u32::MAX - 1;

/// What a key leads to, per class slot (person, location, organisation, any): an English
/// name's index, [`EMPTY`] or [`MIXED`].
#[derive(Debug, Clone, Copy)]
struct Slots([u32; 4]);

impl Default for Slots {
    fn default() -> Slots {
        Slots([EMPTY; 4])
    }
}

impl Slots {
    /// Notes `english` in `slot`; a second, different English name makes it [`MIXED`].
    fn merge(&mut self, slot: usize, english: u32) {
        let at = &mut self.0[slot];
        if *at == EMPTY {
            *at = english;
        } else if *at != english {
            *at = MIXED;
        }
    }
}

type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// The gloss table, loaded from its file (`models/glosses.bin`; not embedded in the library:
/// the browser fetches it when wanted).
#[derive(Debug, Clone)]
pub struct Glossary {
    note: String,
    english: Vec<String>,
    /// Step 1: each exact form's first English name per class.
    exact: HashedMap<Slots>,
    /// Step 2: the English names of each form with g and v letters merged.
    consonants: HashedMap<Slots>,
    /// Step 3: the English names of each step-2 form with one long vowel dropped.
    vowels: HashedMap<Slots>,
}

/// How a lookup came out.
enum Found {
    One(u32),
    Ambiguous,
    Nothing,
}

/// The form of a normalized name with the letters for g merged (`G`) and those for v (`F`).
fn merge_consonants(form: &str) -> String {
    form.chars()
        .map(|c| match c {
            'غ' | 'ج' | 'ق' => 'G',
            'ف' => 'F',
            _ => c,
        })
        .collect()
}

/// `form` with one long vowel dropped, each way there is (never its first letter; at least
/// two letters left).
fn vowel_drops(form: &str) -> Vec<String> {
    let chars: Vec<char> = form.chars().collect();
    if chars.len() < 3 {
        return Vec::new();
    }
    let mut drops: Vec<String> = (1..chars.len())
        .filter(|&i| matches!(chars[i], 'ا' | 'و' | 'ي'))
        .map(|i| chars.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, &c)| c).collect())
        .collect();
    drops.dedup();
    drops
}

/// The readings of a normalized word to look up: as written, then with an elided article
/// restored, then without its proclitics.
fn word_forms(word: &str) -> Vec<String> {
    let clitics = clitic::analyze(word);
    let mut forms = vec![word.to_string()];
    if clitics.article == Article::Elided {
        forms.push(format!("ال{}", clitics.bare));
    }
    forms.extend(clitics.strips(word).map(|(_, host)| host.to_string()));
    forms.dedup();
    forms
}

fn slot_of(label: Label) -> usize {
    match label {
        Label::Per => GlossClass::Person as usize,
        Label::Loc => GlossClass::Location as usize,
        Label::Org => GlossClass::Organisation as usize,
        _ => ANY,
    }
}

/// Writes the table file for `entries`, whose order within one Arabic form is the order of
/// preference (see the module's step 1). `note` says where the entries come from.
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn encode(entries: &[GlossEntry], note: &str) -> Vec<u8> {
    // English names compared without case: the first spelling met is kept.
    let mut spelling: HashMap<String, String> = HashMap::new();
    for e in entries {
        spelling.entry(e.english.to_lowercase()).or_insert_with(|| e.english.clone());
    }
    let mut english: Vec<&str> = spelling.values().map(String::as_str).collect();
    english.sort_unstable();
    let index: HashMap<&str, usize> = english.iter().enumerate().map(|(i, &e)| (e, i)).collect();
    let mut sorted: Vec<&GlossEntry> = entries.iter().filter(|e| !e.arabic.is_empty()).collect();
    sorted.sort_by(|a, b| a.arabic.cmp(&b.arabic));

    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    put_bytes(&mut out, note.as_bytes());
    put_varint(&mut out, english.len() as u64);
    let mut previous: &[u8] = &[];
    for e in &english {
        put_front_coded(&mut out, previous, e.as_bytes());
        previous = e.as_bytes();
    }
    put_varint(&mut out, sorted.len() as u64);
    let mut previous: &[u8] = &[];
    for e in &sorted {
        put_front_coded(&mut out, previous, e.arabic.as_bytes());
        previous = e.arabic.as_bytes();
        out.push(e.class as u8);
        let spelled = spelling.get(&e.english.to_lowercase()).map_or("", String::as_str);
        put_varint(&mut out, index.get(spelled).copied().unwrap_or(0) as u64);
    }
    let sum = checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

fn put_varint(out: &mut Vec<u8>, value: u64) {
    crate::base::codec::put_varint(out, value);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// `bytes` as the length of the prefix it shares with `previous`, then the rest.
fn put_front_coded(out: &mut Vec<u8>, previous: &[u8], bytes: &[u8]) {
    let shared = previous.iter().zip(bytes).take_while(|(a, b)| a == b).count();
    put_varint(out, shared as u64);
    put_bytes(out, &bytes[shared..]);
}

/// Reads a string written by [`put_front_coded`] after `previous`.
fn read_front_coded(reader: &mut Reader, previous: &str, what: &str) -> Result<String> {
    let shared = reader.varint()?;
    if shared > previous.len() as u64 {
        return Err(reader.error(&format!("{what} shares more than the one before")));
    }
    let rest = reader.count(what)?;
    let mut bytes = previous.as_bytes()[..shared as usize].to_vec();
    bytes.extend_from_slice(reader.take(rest)?);
    String::from_utf8(bytes).map_err(|_| reader.error(&format!("{what} is not UTF-8")))
}

impl Glossary {
    /// Version of the file format this build reads.
    pub const FORMAT_VERSION: u32 = FORMAT_VERSION;

    /// Reads a gloss table file; `Err` (never a panic) on a file that is not one, is of another
    /// format version, or is truncated or corrupted.
    pub fn from_bytes(bytes: &[u8]) -> Result<Glossary> {
        let bad = |msg: String| Error::Model(format!("gloss table: {msg}"));
        if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad("not a kashif gloss table (bad magic)".into()));
        }
        let (body, tail) = bytes.split_at(bytes.len() - 4);
        let stored = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
        let mut reader = Reader::new(&body[MAGIC.len()..]);
        let version = reader.u32()?;
        if version != FORMAT_VERSION {
            return Err(bad(format!("format version {version}, this build reads version {FORMAT_VERSION}")));
        }
        if checksum(body) != stored {
            return Err(bad("checksum mismatch: the file is truncated or corrupted".into()));
        }
        Glossary::read_body(&mut reader).map_err(|e| match e {
            Error::Model(msg) => bad(msg),
            other => other,
        })
    }

    fn read_body(reader: &mut Reader) -> Result<Glossary> {
        let note = reader.string()?;
        let count = reader.count("English name")?;
        let mut english: Vec<String> = Vec::with_capacity(count);
        for _ in 0..count {
            let previous = english.last().map_or("", String::as_str);
            let name = read_front_coded(reader, previous, "English name")?;
            english.push(name);
        }
        let count = reader.count("entry")?;
        let mut glossary = Glossary {
            note,
            english,
            exact: HashedMap::default(),
            consonants: HashedMap::default(),
            vowels: HashedMap::default(),
        };
        let mut arabic = String::new();
        for _ in 0..count {
            arabic = read_front_coded(reader, &arabic, "Arabic name")?;
            let class = reader.take(1)?[0] as usize;
            let name = reader.varint()?;
            if class > GlossClass::Organisation as usize || name >= glossary.english.len() as u64 || arabic.is_empty() {
                return Err(reader.error("entry out of range"));
            }
            glossary.insert(&arabic, class, name as u32);
        }
        if !reader.is_at_end() {
            return Err(reader.error("bytes after the last entry"));
        }
        Ok(glossary)
    }

    fn insert(&mut self, arabic: &str, class: usize, english: u32) {
        let exact = self.exact.entry(hash_str(arabic)).or_default();
        for slot in [class, ANY] {
            if exact.0[slot] == EMPTY {
                exact.0[slot] = english;
            }
        }
        let merged = merge_consonants(arabic);
        let consonants = self.consonants.entry(hash_str(&merged)).or_default();
        consonants.merge(class, english);
        consonants.merge(ANY, english);
        for dropped in vowel_drops(&merged) {
            let vowels = self.vowels.entry(hash_str(&dropped)).or_default();
            vowels.merge(class, english);
            vowels.merge(ANY, english);
        }
    }

    /// Where the table comes from, as its file says.
    pub fn note(&self) -> &str {
        &self.note
    }

    /// How many distinct English names the table holds.
    pub fn len(&self) -> usize {
        self.english.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.english.is_empty()
    }

    /// The English gloss of `name` (Arabic, as written in a text) taken as a `label`, by the
    /// rules of the module documentation: the name whole, else word by word where every word
    /// has a gloss; `None` where no list entry fits.
    pub fn gloss(&self, name: &str, label: Label) -> Option<String> {
        let aligned = AlignedText::new(name);
        let words: Vec<&str> = aligned.normalized().split_whitespace().collect();
        if let Some(whole) = self.gloss_whole(&words, label) {
            return Some(whole);
        }
        if words.len() < 2 {
            return None;
        }
        let glosses: Option<Vec<String>> = words.iter().map(|w| self.gloss_whole(&[w], label)).collect();
        Some(glosses?.join(" "))
    }

    /// The gloss of a normalized name as one list entry: its own class first, then any.
    fn gloss_whole(&self, words: &[&str], label: Label) -> Option<String> {
        let first = *words.first()?;
        let own = slot_of(label);
        let slots: &[usize] = if own == ANY { &[ANY] } else { &[own, ANY] };
        for &slot in slots {
            match self.lookup_name(words, first, slot) {
                Found::One(e) => return self.english.get(e as usize).cloned(),
                Found::Ambiguous => return None,
                Found::Nothing => {}
            }
        }
        None
    }

    /// The entry of a name's words in one class slot. A name of several words is looked up
    /// only as it is written (its first word's proclitics aside).
    fn lookup_name(&self, words: &[&str], first: &str, slot: usize) -> Found {
        if words.len() == 1 {
            return self.lookup_word(&word_forms(first), slot);
        }
        let rest = words[1..].join(" ");
        for form in word_forms(first) {
            let at = self.exact.get(&hash_str(&format!("{form} {rest}"))).map_or(EMPTY, |s| s.0[slot]);
            if at != EMPTY {
                return Found::One(at);
            }
        }
        Found::Nothing
    }

    /// The entry of one word, given its readings, in one class slot.
    fn lookup_word(&self, forms: &[String], slot: usize) -> Found {
        for form in forms {
            let at = self.exact.get(&hash_str(form)).map_or(EMPTY, |s| s.0[slot]);
            if at != EMPTY {
                return Found::One(at);
            }
        }
        let decide = |at: u32| match at {
            EMPTY => Found::Nothing,
            MIXED => Found::Ambiguous,
            e => Found::One(e),
        };
        for form in forms {
            let at = self.consonants.get(&hash_str(&merge_consonants(form))).map_or(EMPTY, |s| s.0[slot]);
            match decide(at) {
                Found::Nothing => {}
                found => return found,
            }
        }
        for form in forms {
            let merged = merge_consonants(form);
            // A vowel more in the list's form, or one more in the text's.
            let mut seen = Slots::default();
            let from_list = self.vowels.get(&hash_str(&merged)).map_or(EMPTY, |s| s.0[slot]);
            let from_text = vowel_drops(&merged).iter().map(|d| self.consonants.get(&hash_str(d)).map_or(EMPTY, |s| s.0[slot])).collect::<Vec<_>>();
            for at in std::iter::once(from_list).chain(from_text) {
                match at {
                    EMPTY => {}
                    MIXED => seen.0[slot] = MIXED,
                    e if seen.0[slot] != MIXED => seen.merge(slot, e),
                    _ => {}
                }
            }
            match decide(seen.0[slot]) {
                Found::Nothing => {}
                found => return found,
            }
        }
        Found::Nothing
    }

    /// Fills in each group's `gloss`: that of its name ([`gloss`](Self::gloss)),
    /// else that of its other mentions, fullest first (`entities` and `text` are those the
    /// groups were made from).
    pub fn annotate(&self, text: &str, entities: &[Entity], groups: &mut [Group]) {
        for group in groups.iter_mut() {
            let mut names: Vec<&str> = vec![group.name.as_str()];
            let mut others: Vec<&str> = group.mentions.iter().filter_map(|&m| entities.get(m)).map(|e| e.text(text)).collect();
            others.sort_by_key(|o| std::cmp::Reverse(o.split_whitespace().count()));
            for o in others {
                if !names.contains(&o) {
                    names.push(o);
                }
            }
            group.gloss = names.iter().find_map(|n| self.gloss(n, group.label));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(arabic: &str, english: &str, class: GlossClass) -> GlossEntry {
        GlossEntry { arabic: crate::text::normalize_word(arabic), english: english.into(), class }
    }

    fn small() -> Vec<u8> {
        let entries = [
            entry("الصين", "China", GlossClass::Location),
            entry("شويغو", "Shoigu", GlossClass::Person),
            entry("سيرغي", "Sergei", GlossClass::Person),
            entry("سيرغي", "Serguei", GlossClass::Person),
            entry("جوردان", "Jordan", GlossClass::Person),
            entry("قوردان", "Gordan", GlossClass::Person),
            entry("فيكتور", "Victor", GlossClass::Person),
            entry("الولايات المتحدة", "United States", GlossClass::Location),
        ];
        encode(&entries, "test table")
    }

    #[test]
    fn glosses_by_exact_form_clitics_and_variants() {
        let g = Glossary::from_bytes(&small()).unwrap();
        assert_eq!(g.note(), "test table");
        assert_eq!(g.gloss("الصين", Label::Loc).as_deref(), Some("China"));
        assert_eq!(g.gloss("للصين", Label::Loc).as_deref(), Some("China"));
        assert_eq!(g.gloss("وبالصين", Label::Loc).as_deref(), Some("China"));
        assert_eq!(g.gloss("الصّين", Label::Loc).as_deref(), Some("China"));
        assert_eq!(g.gloss("شويجو", Label::Per).as_deref(), Some("Shoigu"));
        assert_eq!(g.gloss("شويقو", Label::Per).as_deref(), Some("Shoigu"));
        // A long vowel dropped, and one added.
        assert_eq!(g.gloss("شوغو", Label::Per).as_deref(), Some("Shoigu"));
        assert_eq!(g.gloss("فكتور", Label::Per).as_deref(), Some("Victor"));
        assert_eq!(g.gloss("ڤيكتور", Label::Per).as_deref(), Some("Victor"));
        // Two English names behind one variant: none.
        assert_eq!(g.gloss("غوردان", Label::Per), None);
        // The exact form wins over variants, and its first spelling.
        assert_eq!(g.gloss("جوردان", Label::Per).as_deref(), Some("Jordan"));
        assert_eq!(g.gloss("سيرغي", Label::Per).as_deref(), Some("Sergei"));
        // Another class where the label's has none.
        assert_eq!(g.gloss("الصين", Label::Per).as_deref(), Some("China"));
        assert_eq!(g.gloss("لافروف", Label::Per), None);
        assert_eq!(g.gloss("", Label::Per), None);
        // Several words: whole, or word by word where every word has a gloss.
        assert_eq!(g.gloss("الولايات المتحدة", Label::Loc).as_deref(), Some("United States"));
        assert_eq!(g.gloss("سيرغي شويجو", Label::Per).as_deref(), Some("Sergei Shoigu"));
        assert_eq!(g.gloss("سيرغي لافروف", Label::Per), None);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = small();
        for len in 0..bytes.len() {
            assert!(Glossary::from_bytes(&bytes[..len]).is_err(), "truncated to {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Glossary::from_bytes(&longer).is_err());
    }

    #[test]
    fn flipped_bytes_are_errors_and_never_panic() {
        let bytes = small();
        for at in 0..bytes.len() {
            for bit in [0x01u8, 0x80] {
                let mut bad = bytes.clone();
                bad[at] ^= bit;
                assert!(Glossary::from_bytes(&bad).is_err(), "byte {at} flipped");
                // The same with the checksum made to fit: the reader's own checks must hold.
                let body = bad.len() - 4;
                let sum = checksum(&bad[..body]);
                bad[body..].copy_from_slice(&sum.to_le_bytes());
                let _ = Glossary::from_bytes(&bad);
            }
        }
    }
}
