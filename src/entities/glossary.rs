//! English glosses for Arabic names, from name lists (ANETAC's English–Arabic pairs and the
//! iso-codes country names; the table is made by `kashif-glosses`, see `models/README.md`).
//!
//! A name is looked up among the entries of its own class (person, location, organisation;
//! every class for `MISC`), normalized (the crate's one normalization: hamza forms, ة/ه, ى/ي,
//! marks), in three steps; the first step that reaches any entry decides:
//! 1. the exact form;
//! 2. the form with the letters Arabic news uses for one foreign sound taken as one: غ, ج and
//!    ق for g, ف (and ڤ, which normalization makes ف) for v (`شويجو` finds `شويغو`, Shoigu);
//! 3. for people only, that with one long vowel (ا, و or ي, not the first letter) added or
//!    dropped.
//!
//! A step gives a gloss only when every entry it reaches has the same English name (case
//! aside): ANETAC pairs one Arabic form with several spellings (`بوتين`: Putin, Pootin, Butin),
//! and a name it reaches more than one English name for has none, rather than a guess. An
//! iso-codes country name is authoritative: its form's ANETAC pairs are not counted.
//! Where the name as written reaches nothing, its first word is tried at step 1 without its
//! proclitics (`للصين`: `الصين`; `وبالصين`: `بالصين`, `الصين`).
//!
//! A name of several words is glossed whole where a list has it whole (iso-codes'
//! `الولايات المتحدة`), otherwise word by word where every word has a gloss (joined by
//! spaces), otherwise not at all.

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
    /// From a curated list (iso-codes): the form's other pairs do not count at step 1.
    pub curated: bool,
}

/// The bit of an entry's class byte that marks it curated.
const CURATED: u8 = 4;

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
    /// Step 1: the English names of each exact form, and the slots a curated entry settled.
    exact: HashedMap<(Slots, u8)>,
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

/// What a slot says.
fn decide(at: u32) -> Found {
    match at {
        EMPTY => Found::Nothing,
        MIXED => Found::Ambiguous,
        e => Found::One(e),
    }
}

/// The form of a normalized name with the letters for g merged (`G`) and those for v (`F`).
fn merge_consonants(form: &str) -> String {
    let mut out = String::with_capacity(form.len());
    merge_consonants_into(form, &mut out);
    out
}

/// [`merge_consonants`] into `out`, cleared first.
fn merge_consonants_into(form: &str, out: &mut String) {
    out.clear();
    out.extend(form.chars().map(|c| match c {
        'غ' | 'ج' | 'ق' => 'G',
        'ف' => 'F',
        _ => c,
    }));
}

/// `form` with one long vowel dropped, each way there is (never its first letter; at least
/// two letters left).
fn vowel_drops(form: &str) -> Vec<String> {
    let mut drops = Vec::new();
    for_each_vowel_drop(form, &mut String::new(), |d| drops.push(d.to_string()));
    drops
}

/// Calls `each` with every form of [`vowel_drops`], built in `buffer`; a drop that gives the
/// same form as the one before (one of two like vowels in a row) is left out.
fn for_each_vowel_drop(form: &str, buffer: &mut String, mut each: impl FnMut(&str)) {
    if form.chars().nth(2).is_none() {
        return;
    }
    let mut previous: Option<char> = None;
    for (i, (at, c)) in form.char_indices().enumerate() {
        let like_before = previous == Some(c);
        previous = Some(c);
        if i == 0 || like_before || !matches!(c, 'ا' | 'و' | 'ي') {
            continue;
        }
        buffer.clear();
        buffer.push_str(&form[..at]);
        buffer.push_str(&form[at + c.len_utf8()..]);
        each(buffer);
    }
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
        out.push(e.class as u8 | if e.curated { CURATED } else { 0 });
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
            exact: HashedMap::with_capacity_and_hasher(count, Default::default()),
            consonants: HashedMap::with_capacity_and_hasher(count, Default::default()),
            vowels: HashedMap::with_capacity_and_hasher(count, Default::default()),
        };
        let mut arabic = String::new();
        let (mut merged, mut dropped) = (String::new(), String::new());
        for _ in 0..count {
            arabic = read_front_coded(reader, &arabic, "Arabic name")?;
            let flags = reader.take(1)?[0];
            let (class, curated) = ((flags & !CURATED) as usize, flags & CURATED != 0);
            let name = reader.varint()?;
            if class > GlossClass::Organisation as usize || name >= glossary.english.len() as u64 || arabic.is_empty() {
                return Err(reader.error("entry out of range"));
            }
            glossary.insert(&arabic, class, curated, name as u32, (&mut merged, &mut dropped));
        }
        if !reader.is_at_end() {
            return Err(reader.error("bytes after the last entry"));
        }
        Ok(glossary)
    }

    /// Adds one entry; `buffers` are reused from one entry to the next.
    fn insert(&mut self, arabic: &str, class: usize, curated: bool, english: u32, buffers: (&mut String, &mut String)) {
        let (exact, settled) = self.exact.entry(hash_str(arabic)).or_default();
        for slot in [class, ANY] {
            let bit = 1 << slot;
            if curated && *settled & bit == 0 {
                exact.0[slot] = english;
                *settled |= bit;
            } else if *settled & bit == 0 {
                exact.merge(slot, english);
            }
        }
        let (merged, dropped) = buffers;
        merge_consonants_into(arabic, merged);
        let consonants = self.consonants.entry(hash_str(merged)).or_default();
        consonants.merge(class, english);
        consonants.merge(ANY, english);
        // Step 3 is for people only.
        if class == GlossClass::Person as usize {
            let vowels = &mut self.vowels;
            for_each_vowel_drop(merged, dropped, |d| vowels.entry(hash_str(d)).or_default().merge(class, english));
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
        self.gloss_of(name, label, true)
    }

    /// [`gloss`](Self::gloss), with or without proclitics read off the first word.
    fn gloss_of(&self, name: &str, label: Label, strip: bool) -> Option<String> {
        let aligned = AlignedText::new(name);
        let words: Vec<&str> = aligned.normalized().split_whitespace().collect();
        if let Some(whole) = self.gloss_whole(&words, label, strip) {
            return Some(whole);
        }
        if words.len() < 2 {
            return None;
        }
        let glosses: Option<Vec<String>> = words.iter().enumerate().map(|(i, w)| self.gloss_whole(&[w], label, strip && i == 0)).collect();
        Some(glosses?.join(" "))
    }

    /// The gloss of a normalized name as one list entry of its label's class.
    fn gloss_whole(&self, words: &[&str], label: Label, strip: bool) -> Option<String> {
        let first = *words.first()?;
        let forms = if strip { word_forms(first) } else { vec![first.to_string()] };
        match self.lookup_name(words, &forms, slot_of(label)) {
            Found::One(e) => self.english.get(e as usize).cloned(),
            Found::Ambiguous | Found::Nothing => None,
        }
    }

    /// The entry of a name's words in one class slot. A name of several words is looked up
    /// only as it is written (its first word's proclitics aside), at step 1.
    fn lookup_name(&self, words: &[&str], forms: &[String], slot: usize) -> Found {
        if words.len() == 1 {
            return self.lookup_word(forms, slot);
        }
        let rest = words[1..].join(" ");
        for form in forms {
            match self.exact_of(&format!("{form} {rest}"), slot) {
                Found::Nothing => {}
                found => return found,
            }
        }
        Found::Nothing
    }

    fn exact_of(&self, form: &str, slot: usize) -> Found {
        decide(self.exact.get(&hash_str(form)).map_or(EMPTY, |(s, _)| s.0[slot]))
    }

    /// The entry of one word, given its readings (as written first), in one class slot.
    fn lookup_word(&self, forms: &[String], slot: usize) -> Found {
        let Some(written) = forms.first() else { return Found::Nothing };
        let merged = merge_consonants(written);
        let steps = [
            self.exact_of(written, slot),
            decide(self.consonants.get(&hash_str(&merged)).map_or(EMPTY, |s| s.0[slot])),
            if slot == GlossClass::Person as usize { self.one_vowel_apart(&merged, slot) } else { Found::Nothing },
        ];
        if let Some(found) = steps.into_iter().find(|f| !matches!(f, Found::Nothing)) {
            return found;
        }
        for form in &forms[1..] {
            match self.exact_of(form, slot) {
                Found::Nothing => {}
                found => return found,
            }
        }
        Found::Nothing
    }

    /// Step 3: the English names of the entries one long vowel apart from `merged` (a step-2
    /// form), whichever side has the vowel more.
    fn one_vowel_apart(&self, merged: &str, slot: usize) -> Found {
        let mut seen = Slots::default();
        let from_list = self.vowels.get(&hash_str(merged)).map_or(EMPTY, |s| s.0[slot]);
        let drops = vowel_drops(merged);
        let from_text = drops.iter().map(|d| self.consonants.get(&hash_str(d)).map_or(EMPTY, |s| s.0[slot]));
        for at in std::iter::once(from_list).chain(from_text) {
            match at {
                EMPTY => {}
                MIXED => seen.0[slot] = MIXED,
                e => seen.merge(slot, e),
            }
        }
        decide(seen.0[slot])
    }

    /// Fills in each group's `gloss`: that of its name ([`gloss`](Self::gloss)), else that of
    /// its other mentions, fullest first (`entities` and `text` are those the groups were made
    /// from). Proclitics are not read off here: grouping has read them off the name already,
    /// and a name that begins with و or ل as it stands (`وانغ`) is not glossed as another.
    pub fn annotate(&self, text: &str, entities: &[Entity], groups: &mut [Group]) {
        for group in groups.iter_mut() {
            let mentions = group.mentions.iter().filter_map(|&m| entities.get(m)).map(|e| e.text(text));
            group.gloss = self.gloss_group(&group.name, group.label, mentions);
        }
    }

    /// The gloss of a group named `name` whose mentions read `mentions`: of its name, or else
    /// of the mention of most words that has one (as [`annotate`](Self::annotate) gives it).
    pub fn gloss_group<'m>(&self, name: &str, label: Label, mentions: impl Iterator<Item = &'m str>) -> Option<String> {
        let mut names: Vec<&str> = vec![name];
        let mut others: Vec<&str> = mentions.collect();
        others.sort_by_key(|o| std::cmp::Reverse(o.split_whitespace().count()));
        for o in others {
            if !names.contains(&o) {
                names.push(o);
            }
        }
        names.iter().find_map(|n| self.gloss_of(n, label, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(arabic: &str, english: &str, class: GlossClass) -> GlossEntry {
        GlossEntry { arabic: crate::text::normalize_word(arabic), english: english.into(), class, curated: false }
    }

    fn small() -> Vec<u8> {
        let mut china = entry("الصّين", "China", GlossClass::Location);
        china.curated = true;
        let entries = [
            china,
            entry("الصين", "Sina", GlossClass::Location),
            entry("شويغو", "Shoigu", GlossClass::Person),
            entry("سيرغي", "Sergei", GlossClass::Person),
            entry("بوتين", "Putin", GlossClass::Person),
            entry("بوتين", "Butin", GlossClass::Person),
            entry("جوردان", "Jordan", GlossClass::Person),
            entry("جوردان", "JORDAN", GlossClass::Person),
            entry("قوردان", "Gordan", GlossClass::Person),
            entry("فيكتور", "Victor", GlossClass::Person),
            entry("تركي", "Turki", GlossClass::Location),
            entry("انغ", "Ang", GlossClass::Person),
            entry("الولايات المتحدة", "United States", GlossClass::Location),
        ];
        encode(&entries, "test table")
    }

    #[test]
    fn glosses_by_exact_form_clitics_and_variants() {
        let g = Glossary::from_bytes(&small()).unwrap();
        assert_eq!(g.note(), "test table");
        // The curated country name; the ANETAC pair of the same form does not count.
        assert_eq!(g.gloss("الصين", Label::Loc).as_deref(), Some("China"));
        assert_eq!(g.gloss("للصين", Label::Loc).as_deref(), Some("China"));
        assert_eq!(g.gloss("وبالصين", Label::Loc).as_deref(), Some("China"));
        assert_eq!(g.gloss("الصّين", Label::Loc).as_deref(), Some("China"));
        assert_eq!(g.gloss("شويجو", Label::Per).as_deref(), Some("Shoigu"));
        assert_eq!(g.gloss("شويقو", Label::Per).as_deref(), Some("Shoigu"));
        // A long vowel dropped, and one added, for people only.
        assert_eq!(g.gloss("شوغو", Label::Per).as_deref(), Some("Shoigu"));
        assert_eq!(g.gloss("فكتور", Label::Per).as_deref(), Some("Victor"));
        assert_eq!(g.gloss("ڤيكتور", Label::Per).as_deref(), Some("Victor"));
        assert_eq!(g.gloss("تركيا", Label::Loc), None);
        // Two English names behind one form or one variant: none. Case does not count.
        assert_eq!(g.gloss("بوتين", Label::Per), None);
        assert_eq!(g.gloss("غوردان", Label::Per), None);
        assert_eq!(g.gloss("جوردان", Label::Per).as_deref(), Some("Jordan"));
        // Only the label's class, except for MISC.
        assert_eq!(g.gloss("الصين", Label::Per), None);
        assert_eq!(g.gloss("الصين", Label::Misc).as_deref(), Some("China"));
        assert_eq!(g.gloss("لافروف", Label::Per), None);
        assert_eq!(g.gloss("", Label::Per), None);
        // Proclitics are read off only where the written form reaches nothing.
        assert_eq!(g.gloss("وانغ", Label::Per).as_deref(), Some("Ang"));
        // Several words: whole, or word by word where every word has a gloss.
        assert_eq!(g.gloss("الولايات المتحدة", Label::Loc).as_deref(), Some("United States"));
        assert_eq!(g.gloss("للولايات المتحدة", Label::Loc).as_deref(), Some("United States"));
        assert_eq!(g.gloss("سيرغي شويجو", Label::Per).as_deref(), Some("Sergei Shoigu"));
        assert_eq!(g.gloss("سيرغي لافروف", Label::Per), None);
    }

    #[test]
    fn groups_are_glossed_without_reading_proclitics_off() {
        let g = Glossary::from_bytes(&small()).unwrap();
        let text = "قال وانغ إن شويجو زار الصين.";
        let at = |w: &str| text.find(w).unwrap();
        let entities: Vec<Entity> = [("وانغ", Label::Per), ("شويجو", Label::Per), ("الصين", Label::Loc)]
            .iter()
            .map(|&(w, label)| Entity { start: at(w), end: at(w) + w.len(), label, score: 1.0, value: None, timex: None })
            .collect();
        let mut groups = super::super::group(text, &entities);
        g.annotate(text, &entities, &mut groups);
        let glosses: Vec<Option<&str>> = groups.iter().map(|g| g.gloss.as_deref()).collect();
        assert_eq!(glosses, [None, Some("Shoigu"), Some("China")]);
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
