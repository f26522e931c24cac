//! Mentions grouped into entities: which of a text's names are the same person, place or
//! organisation.
//!
//! A mention is keyed by its normalized words (the crate's one normalization: hamza forms,
//! ة/ه, ى/ي and marks fold alike), its first word read without proclitics where that is what
//! the text says (see [`mention_of`]). Mentions of one label with one key are one entity. Then
//! two links, each taken only where it is unambiguous:
//! - a person's shorter name (`شويجو`, `وي`, `عبد الصبور`) joins the one person whose longer
//!   name begins or ends with those words; a short name that fits two people joins neither;
//! - an organisation's short form given in parentheses right after its name (`منظمة شانغهاي
//!   للتعاون (SCO)`), or its name in parentheses after the short form, joins the organisation's
//!   other mentions of that form; a form introduced for two organisations joins neither.
//!
//! Labels must agree: a place inside an organisation's name (`الصين` in `بنك الصين`) stays its
//! own entity, as does a name that one mention marks a person and another a place.

use std::collections::HashMap;

use crate::entity::{Entity, Label};
use crate::text::clitic::{self, Article};
use crate::text::AlignedText;

use super::Group;

/// Longest text inside the parentheses after an organisation taken as its other name, in
/// characters.
const MAX_ALIAS_CHARS: usize = 40;

/// One name mention as grouping sees it.
#[derive(Debug)]
struct Mention {
    /// Index in the entity list.
    index: usize,
    label: Label,
    /// Readings of the mention, best first: (normalized lower-case words, the text shown for
    /// that reading). The first is the mention as marked; the others read its first word
    /// without proclitics.
    readings: Vec<(Vec<String>, String)>,
}

/// The lower-case normalized words of `text`.
fn words_of(text: &str) -> Vec<String> {
    AlignedText::new(text).normalized().split_whitespace().map(str::to_lowercase).collect()
}

/// Whether `c` continues a word: a letter, digit or combining mark.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// `text` from normalized byte `at` on, in original text (marks after the cut stay with the
/// letter they follow).
fn original_from(aligned: &AlignedText, at: usize) -> String {
    let (start, end) = aligned.original_range(at, aligned.normalized().len());
    aligned.original().get(start..end).unwrap_or("").to_string()
}

/// The mention of entity `index`, or `None` when it is not a name or its offsets do not fit
/// `text`.
///
/// Its readings: where the entity starts inside a word after `لل` (the recognizer marks
/// `لصين` in `للصين`), the article comes back (`الصين`), and that is the mention's only
/// reading. Otherwise the mention as marked, then its first word without the conjunction,
/// then without conjunction and preposition (`وبالصين`: `بالصين`, `الصين`), an elided article
/// restored first (`للصين`: `الصين`). Which reading counts is decided against the other
/// mentions, since the analysis over-generates (`لبنان` is not ل + `بنان`).
fn mention_of(text: &str, index: usize, entity: &Entity) -> Option<Mention> {
    if !Label::NAMES.contains(&entity.label) {
        return None;
    }
    let marked = text.get(entity.start..entity.end)?;
    let words = words_of(marked);
    if words.is_empty() {
        return None;
    }
    let aligned = AlignedText::new(marked);
    let before = text.get(..entity.start)?;
    let word_start = before.char_indices().rev().take_while(|&(_, c)| is_word_char(c)).last().map_or(before.len(), |(at, _)| at);
    let glued = &before[word_start..];
    let first_marked = aligned.normalized().split_whitespace().next().unwrap_or("");
    let mut readings = Vec::with_capacity(3);
    if !glued.is_empty() {
        let glued_norm = AlignedText::new(glued).normalized().to_string();
        let whole = format!("{glued_norm}{first_marked}");
        let clitics = clitic::analyze(&whole);
        if clitics.article == Article::Elided && clitics.conj_len + clitics.prep_len == glued_norm.len() {
            let mut restored = words.clone();
            restored[0] = format!("ال{}", clitics.bare).to_lowercase();
            // The marked text begins with the article's ل: the shown name is ال + the rest.
            let shown = format!("ال{}", original_from(&aligned, 'ل'.len_utf8()));
            readings.push((restored, shown));
            return Some(Mention { index, label: entity.label, readings });
        }
    }
    readings.push((words.clone(), marked.to_string()));
    let clitics = clitic::analyze(first_marked);
    let with_first = |first: &str| {
        let mut w = words.clone();
        w[0] = first.to_lowercase();
        w
    };
    if clitics.article == Article::Elided {
        let skip = clitics.conj_len + clitics.prep_len + 'ل'.len_utf8();
        readings.push((with_first(&format!("ال{}", clitics.bare)), format!("ال{}", original_from(&aligned, skip))));
    }
    let strips: Vec<(usize, &str)> = clitics.strips(first_marked).collect();
    for &(stripped, host) in strips.iter().rev() {
        readings.push((with_first(host), original_from(&aligned, stripped)));
    }
    Some(Mention { index, label: entity.label, readings })
}

/// The entities among `entities` (of `text`, in byte offsets) that name the same person, place,
/// organisation or other thing, as groups in order of first mention, with ids 0, 1, ... in
/// that order. Only `PER`, `LOC`, `ORG` and `MISC` entities are grouped; every one of those
/// (with offsets that fit `text`) is in exactly one group. Each group's name is its fullest
/// mention (most words, then most letters, then most frequent, then first), without clitics.
/// `gloss` is left empty (see [`Glossary::annotate`](super::Glossary::annotate)).
pub fn group(text: &str, entities: &[Entity]) -> Vec<Group> {
    let mut mentions: Vec<Mention> = entities.iter().enumerate().filter_map(|(i, e)| mention_of(text, i, e)).collect();
    choose_readings(&mut mentions);
    let keys: Vec<(Label, String)> = mentions.iter().map(|m| (m.label, m.readings[0].0.join(" "))).collect();
    let mut sets = DisjointSets::new(mentions.len());
    // Same label, same key: one entity.
    let mut first_with: HashMap<&(Label, String), usize> = HashMap::new();
    for (m, key) in keys.iter().enumerate() {
        let first = *first_with.entry(key).or_insert(m);
        sets.union(first, m);
    }
    join_short_person_names(&mentions, &first_with, &mut sets);
    join_introduced_short_forms(text, entities, &mentions, &first_with, &mut sets);
    build_groups(&mentions, &mut sets)
}

/// Keeps the mention as marked unless another mention attests a stripped reading of it and
/// none attests the marked one (see [`mention_of`]): after this each mention's chosen reading
/// is `readings[0]`.
fn choose_readings(mentions: &mut [Mention]) {
    // How many mentions read each (label, key) as marked, and, for people, each key's word
    // runs at the front or back, which a short name may be.
    let mut marked: HashMap<(Label, String), usize> = HashMap::new();
    let mut person_parts: HashMap<String, usize> = HashMap::new();
    for m in mentions.iter() {
        *marked.entry((m.label, m.readings[0].0.join(" "))).or_default() += 1;
        if m.label == Label::Per {
            for part in name_parts(&m.readings[0].0) {
                *person_parts.entry(part).or_default() += 1;
            }
        }
    }
    for m in mentions.iter_mut() {
        if m.readings.len() < 2 {
            continue;
        }
        let own = m.readings[0].0.join(" ");
        let attested = |key: &str, own_count: usize| {
            marked.get(&(m.label, key.to_string())).copied().unwrap_or(0) > own_count
                || (m.label == Label::Per && person_parts.contains_key(key))
        };
        // The marked reading counts when another mention reads the same.
        if attested(&own, 1) {
            m.readings.truncate(1);
            continue;
        }
        let chosen = (1..m.readings.len()).find(|&r| attested(&m.readings[r].0.join(" "), 0));
        if let Some(r) = chosen {
            m.readings.swap(0, r);
        }
        m.readings.truncate(1);
    }
}

/// The word runs a person's full name `words` may be shortened to: every proper run at its
/// front and at its back (`وي فنغ خه`: `وي`, `وي فنغ`, `خه`, `فنغ خه`), each as a key.
fn name_parts(words: &[String]) -> Vec<String> {
    let n = words.len();
    let mut parts = Vec::with_capacity(2 * n.saturating_sub(1));
    for len in 1..n {
        parts.push(words[..len].join(" "));
        parts.push(words[n - len..].join(" "));
    }
    parts
}

/// A person's shorter name joins the one person, among those named with more words, whose
/// name begins or ends with it; none where it fits two. Longer names are settled first, so
/// that `عبد الصبور` joins `كريم عبد الصبور` before `الصبور` is matched against both.
fn join_short_person_names(mentions: &[Mention], first_with: &HashMap<&(Label, String), usize>, sets: &mut DisjointSets) {
    let mut people: Vec<(&[String], usize)> =
        first_with.iter().filter(|((label, _), _)| *label == Label::Per).map(|(_, &m)| (mentions[m].readings[0].0.as_slice(), m)).collect();
    // Most words first; ties in mention order, so that the result does not depend on hashing.
    people.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
    let mut level_start = 0;
    while level_start < people.len() {
        let len = people[level_start].0.len();
        let level_end = level_start + people[level_start..].iter().take_while(|p| p.0.len() == len).count();
        let mut joins = Vec::new();
        for &(short, m) in &people[level_start..level_end] {
            let mut found: Option<usize> = None;
            let mut ambiguous = false;
            for &(long, other) in &people[..level_start] {
                let fits = long.len() > short.len() && (long.starts_with(short) || long.ends_with(short));
                if !fits {
                    continue;
                }
                let root = sets.find(other);
                match found {
                    None => found = Some(root),
                    Some(r) if r == root => {}
                    Some(_) => ambiguous = true,
                }
            }
            if let (Some(root), false) = (found, ambiguous) {
                joins.push((m, root));
            }
        }
        for (m, root) in joins {
            sets.union(root, m);
        }
        level_start = level_end;
    }
}

/// Whether `words` look like an organisation's short form: one word (an acronym such as
/// `SCO`, or an Arabic short name such as `الناتو`).
fn is_short_form(words: &[String]) -> bool {
    words.len() == 1
}

/// The text in parentheses right after byte `end` of `text` (spaces before the parenthesis
/// allowed), if short and on one line.
fn parenthesized_after(text: &str, end: usize) -> Option<&str> {
    let rest = text.get(end..)?.trim_start_matches([' ', '\u{00A0}']);
    let inner = rest.strip_prefix('(')?;
    let close = inner.find(')')?;
    let inside = inner[..close].trim();
    let fits = !inside.is_empty() && inside.chars().count() <= MAX_ALIAS_CHARS && !inside.contains(['\n', '(']);
    fits.then_some(inside)
}

/// An organisation's other name, given in parentheses right after one of its mentions, joins
/// the mentions of that name: a short form after a long name (`... للتعاون (SCO)`) or a long
/// name after a short form (`الناتو (حلف شمال الأطلسي)`). A name introduced for two
/// organisations joins neither.
fn join_introduced_short_forms(
    text: &str,
    entities: &[Entity],
    mentions: &[Mention],
    first_with: &HashMap<&(Label, String), usize>,
    sets: &mut DisjointSets,
) {
    // Each introduced name's key and the organisation that introduced it; None once two did.
    let mut introduced: HashMap<String, Option<usize>> = HashMap::new();
    for (m, mention) in mentions.iter().enumerate() {
        if mention.label != Label::Org {
            continue;
        }
        let Some(inside) = parenthesized_after(text, entities[mention.index].end) else { continue };
        let alias = words_of(inside);
        let own = &mention.readings[0].0;
        if alias.is_empty() || !(is_short_form(&alias) && own.len() > 1 || is_short_form(own) && alias.len() > 1) {
            continue;
        }
        let root = sets.find(m);
        let slot = introduced.entry(alias.join(" ")).or_insert(Some(root));
        if slot.is_some_and(|r| sets.find(r) != root) {
            *slot = None;
        }
    }
    for (alias, root) in introduced {
        if let (Some(root), Some(&m)) = (root, first_with.get(&(Label::Org, alias))) {
            sets.union(root, m);
        }
    }
}

/// The groups of the sets of mentions, in order of first mention.
fn build_groups(mentions: &[Mention], sets: &mut DisjointSets) -> Vec<Group> {
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for m in 0..mentions.len() {
        let root = sets.find(m);
        let g = *group_of_root.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[g].push(m);
    }
    members
        .into_iter()
        .enumerate()
        .map(|(id, ms)| {
            let name = canonical_name(mentions, &ms);
            Group {
                id: id as u32,
                label: mentions[ms[0]].label,
                name,
                gloss: None,
                mentions: ms.iter().map(|&m| mentions[m].index).collect(),
            }
        })
        .collect()
}

/// The fullest of the mentions `ms` as shown: most words, then most normalized letters, then
/// the spelling used most often, then the first.
fn canonical_name(mentions: &[Mention], ms: &[usize]) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &m in ms {
        *counts.entry(mentions[m].readings[0].1.as_str()).or_default() += 1;
    }
    let score = |m: usize| {
        let (words, shown) = &mentions[m].readings[0];
        let letters: usize = words.iter().map(|w| w.chars().count()).sum();
        (words.len(), letters, counts.get(shown.as_str()).copied().unwrap_or(0))
    };
    // `max_by_key` keeps the last of equals: go backwards so that the first one wins.
    let best = ms.iter().rev().copied().max_by_key(|&m| score(m)).unwrap_or(0);
    mentions.get(best).map_or_else(String::new, |m| m.readings[0].1.clone())
}

/// Union-find over mention indices.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> DisjointSets {
        DisjointSets { parent: (0..n).collect() }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; the smaller index stays the root, so that roots are
    /// each set's first mention.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (keep, other) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[other] = keep;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(text: &str, needle: &str, nth: usize, label: Label) -> Entity {
        let start = text.match_indices(needle).nth(nth).map(|(at, _)| at).expect("needle in text");
        Entity { start, end: start + needle.len(), label, score: 1.0, value: None, timex: None }
    }

    #[test]
    fn elided_article_is_restored() {
        let text = "قدم الدعم للصين.";
        let start = text.find("لصين").unwrap();
        let e = Entity { start, end: start + "لصين".len(), label: Label::Loc, score: 1.0, value: None, timex: None };
        let groups = group(text, &[e]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].name, "الصين");
    }

    #[test]
    fn proclitic_is_dropped_only_where_attested() {
        let text = "زار لبنان ثم وبيترو وصل، وقال بيترو.";
        let entities = [entity(text, "لبنان", 0, Label::Loc), entity(text, "وبيترو", 0, Label::Per), entity(text, "بيترو", 1, Label::Per)];
        let groups = group(text, &entities);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].name, "لبنان");
        assert_eq!(groups[1].name, "بيترو");
        assert_eq!(groups[1].mentions, vec![1, 2]);
    }

    #[test]
    fn offsets_that_do_not_fit_are_left_out() {
        let text = "الصين";
        let bad = Entity { start: 1, end: 3, label: Label::Loc, score: 1.0, value: None, timex: None };
        let past = Entity { start: 0, end: 99, label: Label::Loc, score: 1.0, value: None, timex: None };
        assert!(group(text, &[bad, past]).is_empty());
        assert!(group("", &[]).is_empty());
    }

    #[test]
    fn dates_are_not_grouped() {
        let text = "يوم الأحد ثم يوم الأحد";
        let entities = [entity(text, "الأحد", 0, Label::Date), entity(text, "الأحد", 1, Label::Date)];
        assert!(group(text, &entities).is_empty());
    }
}
