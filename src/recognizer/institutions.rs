//! Institutions built from their head noun and its modifiers: `وزارة الخارجية الروسية`,
//! `صندوق النقد الدولي`, `مجلس الدولة الصيني`, `غرفة تجارة عمان`.
//!
//! An institution's name in Arabic is a definite noun phrase headed by a noun of
//! organisation (`وزارة`, `لجنة`, `مجلس`, ...). Either the head is definite itself and a
//! descriptive adjective follows it (`الجيش الإسرائيلي`, `المحكمة العليا`), or it is in the
//! construct state, followed by up to two more nouns in construct and then a definite noun or
//! a proper name (`مفوضية شؤون اللاجئين`, `بنك الكويت`), after which adjectives may follow, and
//! one complement with `لل` (`منظمة شانغهاي للتعاون`). An indefinite phrase (`محكمة ميدانية`)
//! names no one institution and is left alone.
//!
//! ANERcorp, which the model learns from, leaves most of these names untagged (`وزارة` is
//! outside any name all 33 times in its training file); readers, NewsFANEGold (the same
//! articles annotated again) and the held-out sentences of `tests/data/ner/` expect them. So
//! the model cannot learn them, and this pass builds them after it. The organisation wins over
//! a place, a nationality or an organisation the model found inside it; a person stops it
//! (`إدارة بوش` stays the person), and a name running past its end keeps the model's reading.
//! [`Recognizer::set_institutions`](super::Recognizer::set_institutions) switches it off, for
//! scoring against ANERcorp's convention.

use crate::entity::Label;
use crate::model::names::flag;
use crate::text::clitic::{self, Article};

use super::spans::SentenceView;

/// Confidence of an institution this pass builds, where the model found no organisation of
/// the same extent: above the recurring-names threshold, below the model's sure names.
pub(crate) const INSTITUTION_SCORE: f32 = 0.7;

/// (`ORG_HEADS` in `spans.rs`, the head nouns before a place that `organisations_over_places`
/// joins even with this pass off, is a subset of these two lists, kept apart because it was
/// measured by cross-validation against ANERcorp's convention.)
///
/// Head nouns that name an institution with any definite noun after them (`مجلس الوزراء`),
/// normalized, bare (no article), sorted.
const HEADS: &[&str] = &[
    "اتحاد",
    "اكاديميه",
    "برلمان",
    "بنك",
    "جامعه",
    "جمعيه",
    "جيش",
    "حزب",
    "رابطه",
    "شركه",
    "كليه",
    "لجنه",
    "مؤسسه",
    "مجلس",
    "محكمه",
    "مستشفي",
    "مصرف",
    "معهد",
    "مفوضيه",
    "منتدي",
    "منظمه",
    "نادي",
    "نقابه",
    "هيئه",
    "وزاره",
    "وكاله",
];

/// Head nouns that are also everyday nouns (`حركة القمر`, the moon's motion; `مركز الشمس`;
/// `تنظيم الري`, organising irrigation): they name an institution only with an adjective, a
/// proper name or a `لل` complement in the phrase (`حركة المقاومة الإسلامية`, `مركز
/// الدراسات الاستراتيجية`). Normalized, bare, sorted.
const WEAK_HEADS: &[&str] = &[
    "اداره",
    "اذاعه",
    "بورصه",
    "تحالف",
    "تنظيم",
    "جبهه",
    "جماعه",
    "حركه",
    "حكومه",
    "دائره",
    "سلطه",
    "شرطه",
    "صحيفه",
    "صندوق",
    "غرفه",
    "قناه",
    "قوات",
    "مجمع",
    "مجموعه",
    "مركز",
];

/// Head nouns of bodies a country has many of (companies, papers, clubs, banks, schools):
/// with the article and only a place's adjective they describe one already named (`الشركة
/// الأمريكية`, `النادي الإيطالي`), unlike a government's bodies (`الجيش الإسرائيلي`,
/// `الحكومة المصرية`). Normalized, bare, sorted.
const MANY: &[&str] =
    &["اذاعه", "بنك", "جامعه", "جمعيه", "شركه", "صحيفه", "قناه", "كليه", "مؤسسه", "مجموعه", "مركز", "مستشفي", "مصرف", "معهد", "نادي"];

/// Nisba adjectives whose stem is a place's name only by chance (`الرياضية`, of sport, not of
/// Riyadh). Normalized, sorted.
const NOT_GENTILIC: &[&str] = &["الرياضي", "الرياضيه", "الرياضيين"];

/// Definite adjectives that describe rather than name (`الحكومة الحالية`, the current
/// government; `اللجنة المعنية`): they do not make a phrase a name, though they may stand in
/// one. Normalized, sorted.
const GENERIC: &[&str] = &[
    "الاخري",
    "الاول",
    "الاولي",
    "الثاني",
    "الثانيه",
    "الحالي",
    "الحاليه",
    "الرسمي",
    "الرسميه",
    "الماضي",
    "الماضيه",
    "المحلي",
    "المحليه",
    "المعني",
    "المعنيه",
];

/// Definite adjectives of institutions' names that are not nisba-shaped: elatives and
/// participles. Normalized, sorted.
const OTHER_ADJECTIVES: &[&str] = &[
    "الادني",
    "الاعلي",
    "الاوسط",
    "العظمي",
    "العليا",
    "الكبري",
    "المؤقته",
    "المتحده",
    "المختلطه",
    "المستقله",
    "المسلحه",
    "المشتركه",
    "الموحده",
    "الوسطي",
];

/// Words that end the phrase whatever their shape: particles a noun phrase never holds.
/// Normalized, sorted.
const STOPS: &[&str] = &[
    "الا",
    "الاتي",
    "التي",
    "الذي",
    "الذين",
    "اللاتي",
    "اللتان",
    "اللذان",
    "الي",
    "ان",
    "او",
    "بعد",
    "بين",
    "ثم",
    "حول",
    "خلال",
    "ضد",
    "علي",
    "عن",
    "عند",
    "غدا",
    "في",
    "قبل",
    "قد",
    "لا",
    "لم",
    "لن",
    "ما",
    "مع",
    "من",
    "منذ",
    "هو",
    "هي",
];

/// Most nouns in construct between the head and the definite noun or name that ends the
/// construct (`غرفة تجارة عمان`: one).
const MAX_CONSTRUCT: usize = 2;

/// Most adjectives after the construct (`شركة الخطوط الجوية القطرية`: two).
const MAX_ADJECTIVES: usize = 3;

/// Most words joined by و to the phrase (`منظمة الأمم المتحدة للتربية والعلم والثقافة`: two).
/// Only a strong head's phrase takes them: after a weak one و mostly joins what the head, an
/// everyday noun there, governs (`تنظيم الورش والدورات التدريبية`, organising workshops and
/// courses).
const MAX_COORDINATED: usize = 2;

/// What the last word taken into a phrase was, for what may join it by و.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// A definite noun or a لل complement: a definite noun or adjective may join it
    /// (`وزارة التربية والتعليم`, `منظمة الأمم المتحدة للتربية والعلم`).
    Noun,
    /// An adjective that is no place's: only another adjective may join it (`المجلس
    /// الاقتصادي والاجتماعي`, `مجلس الشؤون الاقتصادية والتنمية`), not a noun (`صندوق النقد
    /// الدولي والنقد الأجنبي`).
    Adjective,
    /// A place's adjective, or a proper name: the name is complete (`الاتحاد الأوروبي
    /// والداعمين`, `حكومة دولة الإمارات والمكتب`).
    Closed,
}

/// Whether `word` joins the phrase by و after a word of kind `last`. Not a body's head noun,
/// singular or plural (`وزارة الخارجية والحكومة`, `وزارة الصحة والمستشفيات`: two bodies), nor
/// a sound masculine plural (`وزارة المالية والمسؤولون`: persons); plurals of things stay
/// (`وزارة النقل والمواصلات`, `المجلس الأعلى للثقافة والفنون`, `كلية الشريعة والقانون`).
fn is_coordinated(last: Last, word: &str) -> bool {
    let Some(rest) = word.strip_prefix('و').filter(|rest| is_definite(rest)) else { return false };
    let joins = match last {
        Last::Noun => true,
        Last::Adjective => is_adjective(rest),
        Last::Closed => false,
    };
    let bare = &rest["ال".len()..];
    // `الحكومه`; `منظمات` from `منظمه`, `مستشفيات` from `مستشفي`.
    let plural = bare.strip_suffix("ات");
    let of_bodies =
        HEADS.iter().chain(WEAK_HEADS).any(|&h| h == bare || plural.is_some_and(|stem| h == stem || h.strip_suffix('ه') == Some(stem)));
    // A stem of four letters or more before -ون or -ين: a sound plural of persons, where a
    // shorter one is part of the word (`فنون`, `قانون`).
    let of_persons = ["ون", "ين"].iter().any(|s| bare.strip_suffix(s).is_some_and(|stem| stem.chars().count() >= 4));
    joins && !of_bodies && !of_persons && !listed(STOPS, rest)
}

fn listed(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// How a word reads as the head of an institution's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Head {
    /// Bytes of conjunction and preposition before the head (`ولوزارة`: و and ل), which the
    /// name's span leaves out.
    clitics: usize,
    /// Whether the head carries the article (`المحكمة`, `للمحكمة`).
    definite: bool,
    /// Whether the head is one of [`WEAK_HEADS`].
    weak: bool,
    /// Whether the head is one of [`MANY`].
    many: bool,
}

/// The word (normalized) as the head of an institution, if it is one: a head noun with or
/// without the article, after an optional conjunction and preposition. A word that is a head
/// noun as written is read whole (`وكالة` is not و + `كالة`).
fn head(word: &str) -> Option<Head> {
    let read = |rest: &str, clitics: usize, elided: bool| {
        let (bare, definite) = match rest.strip_prefix("ال").filter(|_| !elided) {
            Some(bare) => (bare, true),
            None => (rest, elided),
        };
        let weak = listed(WEAK_HEADS, bare);
        (weak || listed(HEADS, bare)).then(|| Head { clitics, definite, weak, many: listed(MANY, bare) })
    };
    if let Some(h) = read(word, 0, false) {
        return Some(h);
    }
    // Only a word that starts with a proclitic's letter has clitics to read (most words do not).
    if !word.starts_with(['و', 'ف', 'ب', 'ل', 'ك']) {
        return None;
    }
    let c = clitic::analyze(word);
    match c.article {
        Article::Elided => read(c.bare, c.conj_len + c.prep_len, true),
        _ if c.conj_len + c.prep_len > 0 => read(c.host, c.conj_len + c.prep_len, false),
        _ => None,
    }
}

/// Bytes of proclitics to leave out of an organisation's span that begins with `word`: those
/// before an institution's head noun (`والجيش` gives `الجيش`, `للمحكمة` gives `لمحكمة`, the
/// article's lam kept as for places).
pub(crate) fn head_trim(word: &str) -> usize {
    head(word).map_or(0, |h| h.clitics)
}

fn is_definite(word: &str) -> bool {
    word.strip_prefix("ال").is_some_and(|rest| rest.chars().count() >= 2)
}

/// Whether a definite word reads as an adjective that can stand in a name: nisba-shaped
/// (`الروسية`, `الدولي`, `اللاجئين` aside: a plain plural is no adjective) or elative or
/// participle ([`OTHER_ADJECTIVES`]).
fn is_adjective(word: &str) -> bool {
    let Some(bare) = word.strip_prefix("ال") else { return false };
    if listed(OTHER_ADJECTIVES, word) || listed(GENERIC, word) {
        return true;
    }
    bare.chars().count() >= 3 && ["ي", "يه", "يين", "يون"].iter().any(|s| bare.ends_with(s))
}

/// Whether a definite adjective is a gentilic, derived from a place of the name lists
/// (`العراقية` from `العراق`, `الروسية` from `روسيا`, `الأمريكية` from `أمريكا`).
fn is_gentilic(view: &SentenceView<'_>, word: &str) -> bool {
    let Some(bare) = word.strip_prefix("ال").filter(|_| !listed(NOT_GENTILIC, word)) else { return false };
    is_gentilic_bare(view, bare)
}

/// [`is_gentilic`] of the adjective without its article (`سويسرية`).
fn is_gentilic_bare(view: &SentenceView<'_>, bare: &str) -> bool {
    let Some(stem) = ["يين", "يون", "يه", "ي"].iter().find_map(|s| bare.strip_suffix(s)) else { return false };
    if stem.chars().count() < 2 {
        return false;
    }
    let mut form = String::with_capacity(bare.len() + 4);
    [("", ""), ("ال", ""), ("", "ا"), ("", "يا"), ("ال", "ا")].iter().any(|(front, back)| {
        form.clear();
        form.push_str(front);
        form.push_str(stem);
        form.push_str(back);
        view.names.lookup_word(&form) & (flag::LOC | flag::COUNTRY) != 0
    })
}

/// Whether the word is plain Arabic letters (no digit, Latin letter or mark of punctuation)
/// and no particle.
fn is_phrase_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| ('\u{0621}'..='\u{064a}').contains(&c)) && !listed(STOPS, word)
}

/// Whether a word can stand in a construct after a head noun: not glued to a conjunction,
/// preposition or a known name's proclitic (`وبالأردن`, `لجامعة`: a new phrase begins), and
/// without a pronoun suffix (`شكلها`: no noun in construct takes one). A word that reads as a
/// preposition and a noun (`لمشاهدة`) is one unless the model found a name there (`لبنان`).
fn in_construct(view: &SentenceView<'_>, word: &str, named: bool) -> bool {
    let c = clitic::analyze(word);
    let glued = (c.conj_len + c.prep_len > 0 && (c.article != Article::None || head(word).is_some_and(|h| h.clitics > 0)))
        || view.names.proclitic_trim(word) > 0
        || (c.prep_len > 0 && !named);
    !glued && !["ها", "هم", "هما", "هن"].iter().any(|s| word.ends_with(s))
}

/// The entity of `names` (one sentence's, sorted, in sentence token indices) that covers
/// token `i`, as its index.
fn covering(names: &[(usize, usize, Label, f32)], i: usize) -> Option<usize> {
    let k = names.partition_point(|n| n.1 <= i);
    (k < names.len() && names[k].0 <= i).then_some(k)
}

/// Where the institution headed at token `i` ends (one past its last token), if one is:
/// `names` are the sentence's names so far, sorted, in sentence token indices.
fn phrase_end(view: &SentenceView<'_>, names: &[(usize, usize, Label, f32)], i: usize, head: Head) -> Option<usize> {
    // An organisation the model found from the head on is the phrase's start, its words taken.
    let own = covering(names, i).map(|n| names[n].1).filter(|&m| m > i + 1);
    let len = view.tokens.len();
    let word = |k: usize| view.text(k);
    // A council of management is a company's board (`مجلس الإدارة`, `مجلس إدارة الشركة`).
    if word(i).ends_with("مجلس")
        && (word(i + 1) == "الاداره" || (word(i + 1) == "اداره" && !head.definite && own.is_none() && covering(names, i + 1).is_none()))
    {
        return None;
    }
    // A proper name at `k`: the model's place, organisation or other name that starts there
    // (taken whole), or a place or organisation of the name lists. A person ends the phrase.
    let proper = |k: usize| -> Option<Result<usize, ()>> {
        if let Some(n) = covering(names, k) {
            let (first, last, label, _) = names[n];
            // A weak head right before a place describes the place's body (`حكومة إسبانيا`):
            // the place stays.
            let described_place = head.weak && label == Label::Loc && k == i + 1;
            return Some(if label == Label::Per || first != k || described_place { Err(()) } else { Ok(last) });
        }
        (!head.weak && k == i + 1 && view.names.lookup_word(word(k)) & (flag::LOC | flag::COUNTRY | flag::ORG) != 0).then_some(Ok(k + 1))
    };
    let mut named = own.is_some();
    let mut end = own.unwrap_or(i + 1);
    if !head.definite && own.is_none() {
        // The construct: nouns in construct, then a definite noun or a proper name.
        let mut k = i + 1;
        let mut closed = None;
        while k < len && k - i <= MAX_CONSTRUCT + 1 && !view.control_before(k) {
            let w = word(k);
            if !is_phrase_word(w) || !in_construct(view, w, covering(names, k).is_some() || view.names.lookup_word(w) & flag::NAME != 0) {
                break;
            }
            match proper(k) {
                // An organisation's own name after the head (`وكالة` + `فرانس برس`, `نادي` +
                // `برشلونة`): the head describes it, and both corpora leave it out.
                Some(Ok(_)) if k == i + 1 && covering(names, k).is_some_and(|n| names[n].2 == Label::Org) => return None,
                Some(Ok(to)) => {
                    named = true;
                    closed = Some(to);
                    break;
                }
                Some(Err(())) => break,
                None => {}
            }
            if is_definite(w) {
                closed = Some(k + 1);
                break;
            }
            // An indefinite adjective of a place makes the phrase indefinite (`محكمة سويسرية`).
            if is_gentilic_bare(view, w) {
                break;
            }
            k += 1;
        }
        end = closed?;
    }
    // Adjectives, and one complement with لل.
    let mut adjectives = 0;
    let mut described = false;
    let mut gentilic = false;
    // Whether every describing adjective is a place's.
    let mut all_gentilic = true;
    let mut complement = false;
    let mut coordinated = 0;
    // The construct ends on a definite noun, or on a proper name.
    let mut kind = if named { Last::Closed } else { Last::Noun };
    while end < len && adjectives < MAX_ADJECTIVES && !view.control_before(end) {
        let w = word(end);
        if !is_phrase_word(w) || covering(names, end).is_some_and(|n| names[n].2 == Label::Per || names[n].0 != end) {
            break;
        }
        if let Some(n) = covering(names, end) {
            // A name the model found after the head (`المجلس` + MISC `الأوروبي`) is taken
            // whole when it reads as adjectives.
            let (_, last, ..) = names[n];
            if (end..last).all(|k| is_adjective(word(k))) {
                described |= (end..last).any(|k| !listed(GENERIC, word(k)));
                gentilic |= (end..last).any(|k| is_gentilic(view, word(k)));
                all_gentilic &= (end..last).all(|k| listed(GENERIC, word(k)) || is_gentilic(view, word(k)));
                adjectives += last - end;
                end = last;
                kind = Last::Closed;
                continue;
            }
            break;
        }
        if is_adjective(w) {
            let of_place = is_gentilic(view, w);
            described |= !listed(GENERIC, w);
            gentilic |= of_place;
            all_gentilic &= listed(GENERIC, w) || of_place;
            adjectives += 1;
            end += 1;
            kind = if of_place { Last::Closed } else { Last::Adjective };
        } else if !complement && w.strip_prefix("لل").is_some_and(|rest| rest.chars().count() >= 2) && (named || end > i + 1) {
            complement = true;
            end += 1;
            kind = Last::Noun;
        } else if !head.weak && coordinated < MAX_COORDINATED && end > i + 1 && is_coordinated(kind, w) {
            coordinated += 1;
            adjectives += 1;
            end += 1;
        } else {
            break;
        }
    }
    if head.definite && !described && !named {
        return None;
    }
    if head.weak && !(named || described || complement) {
        return None;
    }
    // A weak head with the article is a name only with a place's adjective (`السلطة
    // الفلسطينية`, `القوات العراقية`), not with any (`الحركة الاقتصادية`, `الجبهة الداخلية`).
    if head.weak && head.definite && !named && !gentilic {
        return None;
    }
    // One of many bodies, with the article and only places' adjectives, is described, not named.
    if head.many && head.definite && !named && (!described || all_gentilic) {
        return None;
    }
    // A person right after the phrase: its last noun was their title (`مؤسسة الشيخ` + `زايد`),
    // and the model's reading stays.
    if covering(names, end).is_some_and(|n| names[n].2 == Label::Per) {
        return None;
    }
    Some(end)
}

/// Builds the institutions of one sentence (`found[from..]`, its names so far, `offset` its
/// first token's index in the text): each takes the place of the names inside it.
pub(crate) fn institutions(view: &SentenceView<'_>, offset: usize, from: usize, found: &mut Vec<(usize, usize, Label, f32)>) {
    // Most sentences hold no head noun: they are left without copying their names.
    let Some(first_head) = (0..view.tokens.len()).find(|&i| head(view.text(i)).is_some()) else { return };
    let mut names: Vec<(usize, usize, Label, f32)> = found[from..].iter().map(|&(a, b, l, s)| (a - offset, b - offset, l, s)).collect();
    let mut i = first_head;
    let mut changed = false;
    while i < view.tokens.len() {
        let Some(h) = head(view.text(i)) else {
            i += 1;
            continue;
        };
        // The head must be free, or begin an organisation the model found.
        let at = covering(&names, i);
        if at.is_some_and(|n| names[n].0 != i || names[n].2 != Label::Org) {
            i += 1;
            continue;
        }
        let Some(end) = phrase_end(view, &names, i, h) else {
            i += 1;
            continue;
        };
        // A name that starts inside and runs past the end keeps the model's reading.
        let inside_from = names.partition_point(|n| n.1 <= i);
        let inside_to = names.partition_point(|n| n.0 < end);
        if names[inside_from..inside_to].iter().any(|n| n.1 > end) {
            i += 1;
            continue;
        }
        let score = names[inside_from..inside_to].iter().filter(|n| n.2 == Label::Org).map(|n| n.3).fold(INSTITUTION_SCORE, f32::max);
        names.splice(inside_from..inside_to, [(i, end, Label::Org, score)]);
        changed = true;
        i = end;
    }
    if changed {
        found.truncate(from);
        found.extend(names.into_iter().map(|(a, b, l, s)| (a + offset, b + offset, l, s)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::names::NameLists;
    use crate::text::{normalize_word, tokenize};

    #[test]
    fn lists_are_normalized_and_sorted() {
        for list in [HEADS, WEAK_HEADS, MANY, NOT_GENTILIC, GENERIC, OTHER_ADJECTIVES, STOPS] {
            for word in list {
                assert_eq!(normalize_word(word), *word);
            }
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?} is sorted");
        }
        for word in HEADS {
            assert!(!listed(WEAK_HEADS, word), "{word} is in one list only");
        }
        for word in MANY {
            assert!(listed(HEADS, word) || listed(WEAK_HEADS, word), "{word} is a head");
        }
    }

    #[test]
    fn heads_with_clitics() {
        assert_eq!(head("وزاره"), Some(Head { clitics: 0, definite: false, weak: false, many: false }));
        assert_eq!(head("وكاله"), Some(Head { clitics: 0, definite: false, weak: false, many: false }));
        assert_eq!(head("ولوزاره"), Some(Head { clitics: 4, definite: false, weak: false, many: false }));
        assert_eq!(head("والجيش"), Some(Head { clitics: 2, definite: true, weak: false, many: false }));
        assert_eq!(head("للمحكمه"), Some(Head { clitics: 2, definite: true, weak: false, many: false }));
        assert_eq!(head("بالحركه"), Some(Head { clitics: 2, definite: true, weak: true, many: false }));
        assert_eq!(head("والشركه"), Some(Head { clitics: 2, definite: true, weak: false, many: true }));
        assert_eq!(head("المجلسين"), None);
        assert_eq!(head("كتاب"), None);
        assert_eq!(head_trim("لمنظمه"), 2);
    }

    /// The institutions built in `text` (one sentence), given the model's names as
    /// (first token, one past last, label).
    fn built(text: &str, model: &[(usize, usize, Label)], places: &[&str]) -> Vec<(String, Label)> {
        let text = normalize_word(text);
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokenize(&text, &mut tokens, &mut sentences);
        let ones = vec![1.0; tokens.len()];
        let mut names = NameLists::default();
        for place in places {
            names.add(&normalize_word(place), flag::LOC);
        }
        let view = SentenceView { normalized: &text, tokens: &tokens, confidence: &ones, names: &names, informal: Default::default() };
        // The sentence at token 5 of its text, after one name of an earlier sentence.
        let mut found = vec![(0, 1, Label::Per, 1.0)];
        found.extend(model.iter().map(|&(a, b, l)| (a + 5, b + 5, l, 0.9)));
        institutions(&view, 5, 1, &mut found);
        assert_eq!(found[0], (0, 1, Label::Per, 1.0));
        assert!(found.windows(2).all(|w| w[0].1 <= w[1].0), "sorted, apart: {found:?}");
        found[1..].iter().map(|&(a, b, l, _)| (text[tokens[a - 5].start as usize..tokens[b - 6].end as usize].to_string(), l)).collect()
    }

    fn org(text: &str) -> (String, Label) {
        (normalize_word(text), Label::Org)
    }

    #[test]
    fn institutions_from_head_and_modifiers() {
        assert_eq!(built("أعلنت وزارة الخارجية الروسية استدعاء السفير", &[], &[]), [org("وزارة الخارجية الروسية")]);
        assert_eq!(built("وافق صندوق النقد الدولي على قرض", &[], &[]), [org("صندوق النقد الدولي")]);
        assert_eq!(built("قال متحدث باسم مفوضية شؤون اللاجئين إن", &[], &[]), [org("مفوضية شؤون اللاجئين")]);
        assert_eq!(built("قضت المحكمة الدستورية العليا بعدم", &[], &[]), [org("المحكمة الدستورية العليا")]);
        assert_eq!(built("أكد مجلس الدولة الصيني دعمه", &[], &[]), [org("مجلس الدولة الصيني")]);
        assert_eq!(built("اجتمع مجلس الوزراء أمس", &[], &[]), [org("مجلس الوزراء")]);
        // The place the model found inside is the organisation's.
        assert_eq!(built("أصدرت غرفة تجارة عمان تقريرا", &[(3, 4, Label::Loc)], &[]), [org("غرفة تجارة عمان")]);
        assert_eq!(built("أعلن بنك الكويت الوطني أرباحه", &[(1, 3, Label::Org)], &[]), [org("بنك الكويت الوطني")]);
        assert_eq!(built("عقدت منظمة شانغهاي للتعاون قمتها", &[(1, 3, Label::Org)], &[]), [org("منظمة شانغهاي للتعاون")]);
        // A place of the name lists, not found by the model, is a proper name too.
        assert_eq!(built("تعاقد نادي برشلونة مع لاعب", &[], &["برشلونة"]), [org("نادي برشلونة")]);
        // A weak head right before a place leaves the place; after a noun in construct the place
        // is the name's.
        assert_eq!(built("قالت حكومة إسبانيا إن", &[(2, 3, Label::Loc)], &[]), [(normalize_word("إسبانيا"), Label::Loc)]);
        // A conjunction before the head is left to the span's trim.
        assert_eq!(built("زار والجيش الإسرائيلي", &[], &[]), [org("والجيش الإسرائيلي")]);
    }

    #[test]
    fn what_is_no_institution() {
        // Indefinite, or definite without a describing adjective.
        assert!(built("شكلت محكمة ميدانية", &[], &[]).is_empty());
        assert!(built("قالت الحكومة الحالية", &[], &[]).is_empty());
        assert!(built("قالت المحكمة إن", &[], &[]).is_empty());
        // A weak head needs more than a definite noun.
        assert!(built("درس حركة القمر حول الأرض", &[], &[]).is_empty());
        assert_eq!(built("قالت حركة المقاومة الإسلامية", &[], &[]), [org("حركة المقاومة الإسلامية")]);
        // A weak head with the article needs a place's adjective.
        assert!(built("تراجعت الحركة الاقتصادية", &[], &[]).is_empty());
        assert_eq!(built("قالت السلطة الفلسطينية", &[], &["فلسطين"]), [org("السلطة الفلسطينية")]);
        assert_eq!(built("قالت القوات الأمريكية", &[], &["أمريكا"]), [org("القوات الأمريكية")]);
        // One of many bodies, described by a place alone; a sports adjective is no place's.
        assert!(built("قالت الشركة الأمريكية", &[], &["أمريكا"]).is_empty());
        assert_eq!(built("قال البنك المركزي المصري", &[], &["مصر"]), [org("البنك المركزي المصري")]);
        assert!(built("قالت الإدارة الرياضية", &[], &["الرياض"]).is_empty());
        // An indefinite place's adjective, a company's board, a person's title.
        assert!(built("قضت محكمة سويسرية يوم الخميس", &[], &["سويسرا"]).is_empty());
        assert!(built("اجتمع مجلس الإدارة أمس", &[], &[]).is_empty());
        assert!(built("اجتمع مجلس إدارة الشركة أمس", &[], &[]).is_empty());
        // A person after the phrase: its last word was their title.
        assert_eq!(built("أعلنت مؤسسة الشيخ زايد", &[(3, 4, Label::Per)], &[]), [(normalize_word("زايد"), Label::Per)]);
        // A person stops it, and stays.
        assert_eq!(built("انتقدت إدارة بوش القرار", &[(2, 3, Label::Per)], &[]), [(normalize_word("بوش"), Label::Per)]);
        // A name the model found after the head, taken whole.
        assert_eq!(built("نادي الجزيرة الرياضي الإماراتي", &[(1, 4, Label::Misc)], &[]), [org("نادي الجزيرة الرياضي الإماراتي")]);
        // A name running past the phrase keeps the model's reading.
        assert_eq!(built("وزارة الخارجية الروسية استدعاء", &[(0, 4, Label::Org)], &[]), [org("وزارة الخارجية الروسية استدعاء")]);
        assert_eq!(
            built("وزارة الخارجية الفرنسية باريس", &[(2, 4, Label::Misc)], &[]),
            [org("وزارة الخارجية"), (normalize_word("الفرنسية باريس"), Label::Misc)]
        );
        // An organisation's own name after the head stays the model's.
        assert_eq!(built("نقلت وكالة فرانس برس عن", &[(2, 4, Label::Org)], &[]), [(normalize_word("فرانس برس"), Label::Org)]);
        // A weak head does not take a listed word for a name (`جزر القمر`), a glued
        // preposition starts a new phrase, and so does a pronoun suffix.
        assert!(built("درس حركة القمر", &[], &["القمر"]).is_empty());
        assert!(built("نقل إلى مستشفى بالأردن", &[(3, 4, Label::Loc)], &[]).iter().all(|e| e.1 == Label::Loc));
        assert!(built("لجنة شكلها قسم الفلسفة", &[], &[]).is_empty());
        assert!(built("شكلت لجنة ثانية لمشاهدة العرض", &[], &[]).is_empty());
        // Coordination inside the name, not of two bodies.
        assert_eq!(built("فاز حزب العدالة والتنمية بالانتخابات", &[], &[]), [org("حزب العدالة والتنمية")]);
        assert_eq!(built("أعلنت وزارة التربية والتعليم نتائج", &[], &[]), [org("وزارة التربية والتعليم")]);
        assert_eq!(built("دعا المجلس الاقتصادي والاجتماعي إلى", &[], &[]), [org("المجلس الاقتصادي والاجتماعي")]);
        assert_eq!(built("قالت وزارة الخارجية والحكومة إن", &[], &[]), [org("وزارة الخارجية")]);
        assert_eq!(built("وزعت وزارة الصحة والمنظمات الدولية", &[], &[]), [org("وزارة الصحة")]);
        assert!(built("انتشر الجيش والأمن في المدينة", &[], &[]).is_empty());
        assert_eq!(built("قالت وزارة المالية والمسؤولون إن", &[], &[]), [org("وزارة المالية")]);
        assert!(built("بدأ تنظيم الورش والدورات التدريبية", &[], &[]).is_empty());
        assert_eq!(built("افتتحت كلية الشريعة والقانون مبنى", &[], &[]), [org("كلية الشريعة والقانون")]);
        assert_eq!(built("دعا مجلس الشؤون الاقتصادية والتنمية إلى", &[], &[]), [org("مجلس الشؤون الاقتصادية والتنمية")]);
        assert_eq!(built("رحب صندوق النقد الدولي والنقد الأجنبي", &[], &[]), [org("صندوق النقد الدولي")]);
        assert_eq!(built("أيد الاتحاد الأوروبي والداعمين", &[], &["أوروبا"]), [org("الاتحاد الأوروبي")]);
        assert_eq!(built("قالت حكومة دولة الإمارات والمكتب الدولي", &[(3, 4, Label::Loc)], &[]), [org("حكومة دولة الإمارات")]);
        // A particle ends the phrase.
        assert_eq!(
            built("وزارة الخارجية في روسيا", &[(3, 4, Label::Loc)], &[]),
            [org("وزارة الخارجية"), (normalize_word("روسيا"), Label::Loc)]
        );
    }
}
