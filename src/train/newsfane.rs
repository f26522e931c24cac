//! NewsFANEGold (Alotaibi & Lee 2014) as more supervision: the ANERcorp articles re-tokenised
//! (conjunction و and pronoun suffixes split off) and re-annotated with about fifty classes.
//! Its classes are mapped to the four labels, its tokens optionally glued back into ANERcorp's
//! forms, and each of its sentences aligned to the ANERcorp sentence it re-annotates, so that
//! cross-validation can leave out what re-annotates a held-out part.

use crate::base::table::KeyMap;
use crate::text::clitic;
use crate::train::conll::Sentence;

/// The four-label class of a NewsFANE class, `None` for the classes mapped to `O`.
///
/// Each class takes the ANERcorp label that its words most often carry in the aligned ANERcorp
/// sentences (measured on the training files): `Government` (86% `O`: ANERcorp rarely tags
/// ministries and councils), `Group` (nationalities and parties' members, 83% `O`),
/// `Building-Grounds` (47% `O`), `Medical-Science`, `Path`, `Airport`, `Entertainment`,
/// `Subarea-Facility`, `Religious_ORG`, `Software` and the rarest classes become `O`.
pub fn coarse_class(class: &str) -> Option<&'static str> {
    Some(match class {
        "Politician" | "Athlete" | "Artist" | "Other_PER" | "Religious_PER" | "Scientist" | "Businessperson" | "Police" | "Lawyer"
        | "Engineer" => "PER",
        "Nation"
        | "Population-Center"
        | "State-or-Province"
        | "GPE-Cluster"
        | "Continent"
        | "Water-Body"
        | "County-or-District"
        | "Land-Region-Natural" => "LOC",
        "Non-Governmental" | "Sports" | "Media" | "Commercial" | "Educational" => "ORG",
        "Book" | "Movie" | "Land" | "Air" | "Hardware" | "Projectile" | "Food" | "Drug" => "MISC",
        _ => return None,
    })
}

/// A NewsFANE tag (`B-Politician`) as a tag over the four labels (`B-PER`, or `O`).
pub fn coarse_tag(tag: &str) -> String {
    match tag.split_once('-') {
        Some((prefix @ ("B" | "I"), class)) => match coarse_class(class) {
            Some(label) => format!("{prefix}-{label}"),
            None => "O".to_string(),
        },
        _ => "O".to_string(),
    }
}

/// A NewsFANE tag over the four labels as a reader would want institutions: like
/// [`coarse_tag`], with `Government` (ministries, councils, armies, courts) and `Religious_ORG`
/// as organisations. This is the convention [`Recognizer::set_institutions`](crate::Recognizer::set_institutions)
/// builds names for; only its `ORG` is comparable with ANERcorp's (MISC and the nationalities differ).
pub fn institutional_tag(tag: &str) -> String {
    match tag.split_once('-') {
        Some((prefix @ ("B" | "I"), "Government" | "Religious_ORG")) => format!("{prefix}-ORG"),
        _ => coarse_tag(tag),
    }
}

/// Whether a token is a proclitic that NewsFANE writes as a token of its own: a single
/// letter of the proclitics, ك aside.
fn is_split_proclitic(token: &str) -> bool {
    clitic::PROCLITICS.iter().any(|&p| p == token && p.chars().count() == 1 && !clitic::has_kaf(p))
}

/// Pronoun (and nisba) suffixes that NewsFANE writes as tokens of their own.
const ENCLITICS: [&str; 8] = ["ه", "ها", "هم", "هما", "هن", "نا", "كم", "ي"];

/// Glues NewsFANE's split clitics back to their words, as ANERcorp and running text write them:
/// a proclitic token onto the next word (which keeps its tag), a suffix token onto the previous
/// one. Single letters next to single letters (`د ب ا`, an agency's initials) stay apart.
pub fn rejoin(sentence: &Sentence) -> Sentence {
    let n = sentence.tokens.len().min(sentence.tags.len());
    let (tokens, tags) = (&sentence.tokens[..n], &sentence.tags[..n]);
    let letters = |i: usize| tokens.get(i).map_or(0, |t| t.chars().count());
    let mut out = Sentence { tokens: Vec::with_capacity(n), tags: Vec::with_capacity(n) };
    let mut pending = String::new();
    for i in 0..n {
        let token = &tokens[i];
        let after_letter = i > 0 && letters(i - 1) == 1;
        if is_split_proclitic(token) && letters(i + 1) >= 2 && !after_letter {
            pending.push_str(token);
            continue;
        }
        if pending.is_empty() && ENCLITICS.contains(&token.as_str()) && i > 0 && letters(i - 1) >= 2 {
            if let Some(last) = out.tokens.last_mut() {
                last.push_str(token);
                continue;
            }
        }
        out.tokens.push(std::mem::take(&mut pending) + token);
        out.tags.push(tags[i].clone());
    }
    if !pending.is_empty() {
        out.tokens.push(pending);
        out.tags.push("O".to_string());
    }
    out
}

/// The matching form of a sentence's words: normalized, a leading و dropped (so that `و X`
/// and `وX` agree), a lone و left out.
fn match_forms(sentence: &Sentence) -> Vec<String> {
    sentence
        .tokens
        .iter()
        .map(|t| crate::text::normalize_word(t))
        .filter(|w| w != "و")
        .map(|w| match w.strip_prefix('و') {
            Some(rest) if !rest.is_empty() => rest.to_string(),
            _ => w,
        })
        .collect()
}

/// The three-word windows of a sentence's matching forms, hashed.
fn trigrams(sentence: &Sentence) -> Vec<u32> {
    let forms = match_forms(sentence);
    forms.windows(3).map(|w| crate::base::hash::key_of_hash(crate::base::hash::hash_str(&w.join(" ")))).collect()
}

/// For each of `sentences`, the sentence of `reference` it re-annotates: the one holding most
/// of its three-word windows (shared windows split their vote). A sentence too short or too
/// changed to match any window takes its predecessor's (NewsFANE keeps each article's sentences
/// together), or its successor's at the start. Also gives how many sentences matched.
pub fn align(sentences: &[Sentence], reference: &[Sentence]) -> (Vec<usize>, usize) {
    let mut where_seen: KeyMap<Vec<u32>> = KeyMap::default();
    for (i, s) in reference.iter().enumerate() {
        for key in trigrams(s) {
            let at = where_seen.entry(key).or_default();
            if at.last() != Some(&(i as u32)) {
                at.push(i as u32);
            }
        }
    }
    let mut matched: Vec<Option<usize>> = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut votes: Vec<(u32, f64)> = Vec::new();
        for key in trigrams(s) {
            let Some(at) = where_seen.get(&key) else { continue };
            for &i in at {
                match votes.iter_mut().find(|(j, _)| *j == i) {
                    Some(v) => v.1 += 1.0 / at.len() as f64,
                    None => votes.push((i, 1.0 / at.len() as f64)),
                }
            }
        }
        // The most votes, the earliest sentence on a tie.
        let best = votes.iter().fold(None, |best: Option<(u32, f64)>, &(i, v)| match best {
            Some((j, w)) if w > v || (w == v && j < i) => Some((j, w)),
            _ => Some((i, v)),
        });
        matched.push(best.map(|(i, _)| i as usize));
    }
    let count = matched.iter().flatten().count();
    let first = matched.iter().flatten().next().copied().unwrap_or(0);
    let mut last = first;
    let aligned = matched
        .into_iter()
        .map(|m| {
            last = m.unwrap_or(last);
            last
        })
        .collect();
    (aligned, count)
}

/// Gives back the tags of `reference` with `label` (the class name, `MISC`) to the words that
/// NewsFANE leaves outside names, in each sentence from the reference sentence it is aligned to
/// (see [`align`]): NewsFANE does not annotate currencies, religions or events, which ANERcorp
/// tags `MISC`, and would otherwise teach that they are not names. Gives how many tokens changed.
pub fn restore_label(sentences: &mut [Sentence], aligned: &[usize], reference: &[Sentence], label: &str) -> usize {
    let form = |token: &str| {
        let w = crate::text::normalize_word(token);
        match w.strip_prefix('و') {
            Some(rest) if !rest.is_empty() => rest.to_string(),
            _ => w,
        }
    };
    let mut changed = 0;
    for (s, &r) in sentences.iter_mut().zip(aligned) {
        let Some(r) = reference.get(r) else { continue };
        let tagged: Vec<(String, &String)> = r
            .tokens
            .iter()
            .zip(&r.tags)
            .filter(|(_, t)| t.split_once('-').is_some_and(|(_, l)| l == label))
            .map(|(w, t)| (form(w), t))
            .collect();
        if tagged.is_empty() {
            continue;
        }
        for (token, tag) in s.tokens.iter().zip(s.tags.iter_mut()) {
            if tag != "O" {
                continue;
            }
            let f = form(token);
            if let Some((_, t)) = tagged.iter().find(|(w, _)| *w == f) {
                *tag = (*t).clone();
                changed += 1;
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str, tags: &[&str]) -> Sentence {
        Sentence { tokens: text.split(' ').map(String::from).collect(), tags: tags.iter().map(|t| t.to_string()).collect() }
    }

    #[test]
    fn classes_map_to_the_four_labels() {
        assert_eq!(coarse_tag("B-Politician"), "B-PER");
        assert_eq!(coarse_tag("I-Population-Center"), "I-LOC");
        assert_eq!(coarse_tag("B-Sports"), "B-ORG");
        assert_eq!(coarse_tag("I-Book"), "I-MISC");
        assert_eq!(coarse_tag("B-Group"), "O");
        assert_eq!(coarse_tag("O"), "O");
    }

    #[test]
    fn split_clitics_are_glued_back() {
        let s = sentence("قال و زير خارجية ه", &["O", "O", "B-PER", "I-PER", "O"]);
        let joined = rejoin(&s);
        assert_eq!(joined.tokens, ["قال", "وزير", "خارجيةه"]);
        assert_eq!(joined.tags, ["O", "B-PER", "I-PER"]);
        // An agency's initials stay letters.
        assert_eq!(rejoin(&sentence("( د ب ا )", &["O"; 5])).tokens, ["(", "د", "ب", "ا", ")"]);
    }

    #[test]
    fn sentences_align_across_tokenisations() {
        let reference = [
            sentence("اعلن اتحاد صناعة السيارات في المانيا امس", &["O"; 7]),
            sentence("وقال المتحدث باسم الشركة ان الانتاج تراجع", &["O"; 8]),
        ];
        let resplit = [
            sentence("و قال المتحدث باسم الشركة ان الانتاج", &["O"; 7]),
            sentence(".", &["O"]),
            sentence("اعلن اتحاد صناعة السيارات", &["O"; 4]),
        ];
        assert_eq!(align(&resplit, &reference), (vec![1, 1, 0], 2));
    }

    #[test]
    fn the_aligned_sentences_misc_tags_come_back() {
        let reference = [sentence("بلغ سعر الدولار عشرة", &["O", "O", "B-MISC", "O"])];
        let mut resplit = [sentence("بلغ سعر الدولار", &["O", "O", "O"])];
        assert_eq!(restore_label(&mut resplit, &[0], &reference, "MISC"), 1);
        assert_eq!(resplit[0].tags, ["O", "O", "B-MISC"]);
    }
}
