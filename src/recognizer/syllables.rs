//! East Asian names kept whole: Chinese, Korean and Vietnamese names come into Arabic news one
//! syllable a word (`وي فنغ خه`, `كيم جونغ أون`, `نغوين شوان فوك`), and the news the model
//! learnt from has too few of them for its weights to build one: it ends them early, calls
//! them organisations, or misses them. Their syllables are a small closed set, so a run of
//! them is recognisable by its form.
//!
//! A run of two to four syllables is one person when the model found a person, organisation or
//! miscellaneous name inside it and shorter than it, or several (the run replaces them: `وي فنغ`
//! read as an organisation in `وي فنغ خه`), or when an East Asian nationality adjective comes
//! just before it (`الصيني لي كه تشيانغ`); a run of three or four is one where the model found
//! nothing over it too (`يانغ جيه تشي`). A run the model read as a place stays a place
//! (`هونغ كونغ`), and one it read whole stays as it read it (`بيونغ يانغ`, Pyongyang, as an
//! organisation: the government). Syllables that are also everyday Arabic words (`لي` "to me",
//! `هو`, `ما`, `إن`) do not end a run, and a run needs a syllable that is not one: `قال وي إن`
//! gives `وي`, `هو ما` nothing. Once a person's name is found, its first word, the family name
//! of such names, names the same person where it recurs alone in the text (`وقال وي`).

use crate::entity::Label;
use crate::text::Token;

/// Syllables of Chinese (pinyin), Korean and Vietnamese names as Arabic news writes them, in
/// normalized form (hamza forms folded, ة as ه), sorted for a binary search. Our own list.
const SYLLABLES: &[&str] = &[
    "ان",
    "اون",
    "بارك",
    "بان",
    "باو",
    "بو",
    "بوي",
    "بين",
    "بينغ",
    "بيونغ",
    "تانغ",
    "تاو",
    "تاي",
    "تران",
    "ترونغ",
    "تساو",
    "تساي",
    "تسنغ",
    "تسوي",
    "تسي",
    "تشانغ",
    "تشاو",
    "تشن",
    "تشنغ",
    "تشو",
    "تشوان",
    "تشوانغ",
    "تشول",
    "تشون",
    "تشونغ",
    "تشوي",
    "تشي",
    "تشيانغ",
    "تشياو",
    "تشين",
    "تشينغ",
    "تشينه",
    "تشيو",
    "تشيوان",
    "تونغ",
    "تيان",
    "ثي",
    "جاي",
    "جو",
    "جون",
    "جونغ",
    "جي",
    "جيا",
    "جيان",
    "جيانغ",
    "جياو",
    "جين",
    "جينغ",
    "جيه",
    "جيون",
    "خه",
    "خوا",
    "دا",
    "دانغ",
    "داي",
    "دنغ",
    "ده",
    "دو",
    "دوك",
    "دونغ",
    "دوونغ",
    "دينغ",
    "رن",
    "رونغ",
    "زي",
    "سانغ",
    "سو",
    "سوك",
    "سون",
    "سونغ",
    "شانغ",
    "شن",
    "شنغ",
    "شو",
    "شوان",
    "شوانغ",
    "شونغ",
    "شي",
    "شيانغ",
    "شياو",
    "شين",
    "شينغ",
    "شيه",
    "شيو",
    "شيوان",
    "شيوي",
    "غاو",
    "غوانغ",
    "غوه",
    "غيون",
    "فام",
    "فان",
    "فانغ",
    "فنغ",
    "فو",
    "فوك",
    "فونغ",
    "قانغ",
    "قاو",
    "قوانغ",
    "قونغ",
    "قوه",
    "كانغ",
    "كه",
    "كوانغ",
    "كوك",
    "كونغ",
    "كيم",
    "لام",
    "لان",
    "لانغ",
    "لو",
    "لونغ",
    "لوه",
    "لي",
    "ليان",
    "ليانغ",
    "لياو",
    "لين",
    "لينغ",
    "ليو",
    "ما",
    "مون",
    "مين",
    "مينغ",
    "مينه",
    "نان",
    "نغو",
    "نغوين",
    "نيانغ",
    "نينغ",
    "هان",
    "هانغ",
    "هاي",
    "هو",
    "هوا",
    "هوان",
    "هوانغ",
    "هونغ",
    "هوي",
    "هي",
    "هيه",
    "هيون",
    "وانغ",
    "وو",
    "وي",
    "وين",
    "يان",
    "يانغ",
    "ين",
    "ينغ",
    "يه",
    "يو",
    "يوان",
    "يول",
    "يون",
    "يونغ",
    "يي",
];

/// Syllables that are also everyday Arabic words, normalized: not enough for a run alone, never
/// its last word, its first only where the model's name or a nationality adjective starts
/// there, and no family name to recall alone. Those that ANERcorp train and AQMAR train hold
/// three times or more outside names, and more often outside names than in them (`أن`/`إن`,
/// `ما`, `بين`, `هو`, `هي`, `بان`, `فإن`, `لأن`, `قوة`, `لو`, `لي`, `شن`, `زي`, `جو`), and
/// words of speech (`دا`, `ده`, `سو`, `شي`).
const EVERYDAY: &[&str] = &["ان", "بان", "بين", "جو", "دا", "ده", "زي", "سو", "شن", "شي", "فان", "قوه", "لان", "لو", "لي", "ما", "هو", "هي"];

/// Everyday words that begin no name at all, not even after a nationality adjective
/// (`الكوري الشمالي أن ...`): those twenty times or more outside names in the training files,
/// and at least ten times as often as in them.
const NEVER_FIRST: &[&str] = &["ان", "بان", "بين", "قوه", "لان", "لو", "ما", "هو", "هي"];

/// East Asian nationality adjectives, normalized, and the words of a country's half that may
/// follow them (`الكوري الشمالي`).
const NATIONALITY: &[&str] =
    &["التايواني", "التايوانيه", "الصيني", "الصينيه", "الفيتنامي", "الفيتناميه", "الكوري", "الكوريه", "المنغولي", "المنغوليه"];
const HALF: &[&str] = &["الجنوبي", "الجنوبيه", "الشمالي", "الشماليه"];

/// Longest run taken as one name.
const MAX_RUN: usize = 4;

/// Shortest run that is a person with nothing else to say so: three syllables, not begun by an
/// everyday word. In 15.4M words of the ANT news corpus, the runs of three or four are East
/// Asian names (`يانغ جيه تشي`, `كيم يونغ تشول`) but for a handful of places (`تيان آن مين`) and
/// runs of two names; runs of two are often places or words of other languages.
const MIN_ALONE: usize = 3;

/// Confidence of a name this pass builds (the model's own, where it found part of it, is kept
/// if higher).
const SCORE: f32 = 0.6;

/// Whether `word` (normalized) is an East Asian name's syllable.
pub(super) fn is_syllable(word: &str) -> bool {
    SYLLABLES.binary_search(&word).is_ok()
}

fn is_everyday(word: &str) -> bool {
    EVERYDAY.contains(&word)
}

/// Rewrites `found` (token ranges of the whole text, sorted, non-overlapping) with the East
/// Asian names of the text, as the module says. `sentences` holds each sentence's end. Returns
/// the family names of the names built, for [`family_names`].
pub(super) fn east_asian_names<'n>(
    normalized: &'n str,
    tokens: &[Token],
    sentences: &[u32],
    found: &mut Vec<(usize, usize, Label, f32)>,
) -> Vec<&'n str> {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text(normalized));
    let mut built: Vec<(usize, usize, Label, f32)> = Vec::new();
    // Where each of the model's names ends now: at its start when a person replaces it, at a
    // run's start when one cuts it short.
    let mut ends: Vec<usize> = found.iter().map(|&(_, last, ..)| last).collect();
    let mut begin = 0;
    for &end in sentences {
        let end = end as usize;
        let mut i = begin;
        while i < end {
            if !is_syllable(word(i)) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < end && is_syllable(word(j)) {
                j += 1;
            }
            // Everyday words do not end a run.
            let (a, mut b) = (i, j);
            while b > a && is_everyday(word(b - 1)) {
                b -= 1;
            }
            if b - a >= 2 && b - a <= MAX_RUN {
                consider(&word, (a, b), found, &mut ends, &mut built);
            }
            i = j;
        }
        begin = end;
    }
    if built.is_empty() {
        return Vec::new();
    }
    let mut surnames: Vec<&str> = built.iter().map(|&(a, ..)| word(a)).filter(|w| !is_everyday(w)).collect();
    surnames.sort_unstable();
    surnames.dedup();
    let mut kept = Vec::with_capacity(found.len() + built.len());
    kept.extend(
        found
            .iter()
            .zip(&ends)
            .filter(|(&(first, ..), &end)| end > first)
            .map(|(&(first, _, label, score), &end)| (first, end, label, score)),
    );
    kept.extend(built);
    kept.sort_unstable_by_key(|&(first, ..)| first);
    *found = kept;
    surnames
}

/// Marks in `found` (sorted, non-overlapping) the family names `surnames` where they recur
/// alone and unmarked: the first word of an East Asian name is its family name (`وقال وي`).
/// Run after the recurring-names pass, so that a whole name's recurrence wins.
pub(super) fn family_names(normalized: &str, tokens: &[Token], surnames: &[&str], found: &mut Vec<(usize, usize, Label, f32)>) {
    if surnames.is_empty() {
        return;
    }
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text(normalized));
    let mut recurrences = Vec::new();
    let mut at = 0;
    for i in 0..tokens.len() {
        while at < found.len() && found[at].1 <= i {
            at += 1;
        }
        let covered = found.get(at).is_some_and(|&(first, ..)| first <= i);
        let alone = !is_syllable(word(i.wrapping_sub(1))) && !is_syllable(word(i + 1));
        if !covered && alone && surnames.binary_search(&word(i)).is_ok() {
            recurrences.push((i, i + 1, Label::Per, SCORE * 0.9));
        }
    }
    if !recurrences.is_empty() {
        found.extend(recurrences);
        found.sort_unstable_by_key(|&(first, ..)| first);
    }
}

/// Whether the run `a..b` is a person, given what the model found over it; if so, ends the
/// model's names it replaces (or cuts short) in `ends` and pushes the person to `built`.
fn consider<'w>(
    word: &impl Fn(usize) -> &'w str,
    (a, b): (usize, usize),
    found: &[(usize, usize, Label, f32)],
    ends: &mut [usize],
    built: &mut Vec<(usize, usize, Label, f32)>,
) {
    if (a..b).all(|k| is_everyday(word(k))) {
        return;
    }
    let before = a.checked_sub(1).map_or("", |p| word(p));
    let before2 = a.checked_sub(2).map_or("", |p| word(p));
    let nationality = NATIONALITY.contains(&before) || (HALF.contains(&before) && NATIONALITY.contains(&before2));
    let from = found.partition_point(|&(_, last, ..)| last <= a);
    let to = found.partition_point(|&(first, ..)| first < b);
    let overlapping = &found[from..to.max(from)];
    if overlapping.is_empty() {
        if nationality && !NEVER_FIRST.contains(&word(a)) {
            built.push((a, b, Label::Per, SCORE));
        } else if is_everyday(word(a)) {
            // Unintroduced, an everyday word begins no name (`قال لي كه تشيانغ`: "told me").
            return consider(word, (a + 1, b), found, ends, built);
        } else if b - a >= MIN_ALONE {
            built.push((a, b, Label::Per, SCORE));
        }
        return;
    }
    // An everyday word begins the run only where the model's name or a nationality adjective
    // says so (`أن كيم كوك`: "that Kim Kok").
    let begins_name = overlapping[0].0 == a;
    if NEVER_FIRST.contains(&word(a)) || (is_everyday(word(a)) && !begins_name && !nationality) {
        return consider(word, (a + 1, b), found, ends, built);
    }
    if b - a < 2 {
        return;
    }
    // A name the model built over the whole of a run of two is the model's, label and all: the
    // run gives no evidence against `بيونغ يانغ` as the government it names. A run of three is a
    // person whatever the model called it (`هوا تشون ينغ` read as an organisation).
    if let [(first, last, label, _)] = overlapping {
        if (*first, *last) == (a, b) && (b - a < MIN_ALONE || *label == Label::Per) {
            return;
        }
    }
    // A place stays a place; a name that runs on past the syllables is the model's to keep.
    if overlapping.iter().any(|&(_, last, label, _)| label == Label::Loc || last > b) {
        return;
    }
    // One that begins before the run and ends inside it stops where a run of three begins
    // (`المكتب السياسي يانغ` before `جيه تشي`); a shorter run leaves it be, and one that
    // covers the run to its end is the model's (`جامعة تشينغ هوا`, Tsinghua University).
    let straddles = overlapping[0].0 < a;
    if straddles && (overlapping[0].1 == b || b - a < MIN_ALONE) {
        return;
    }
    let inside = &overlapping[straddles as usize..];
    let score = inside.iter().map(|&(.., score)| score).fold(SCORE, f32::max);
    // What is left of a person cut short is a title or a word (`الرفيق`, `عمر` "age"): it goes
    // too.
    for (k, end) in ends[from..to].iter_mut().enumerate() {
        let (first, _, label, _) = found[from + k];
        *end = if straddles && k == 0 && label != Label::Per { a } else { first };
    }
    built.push((a, b, Label::Per, score));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// The names `east_asian_names` leaves for `text` when the model found `model` (texts of
    /// whole tokens, with their labels).
    fn names(text: &str, model: &[(&str, Label)]) -> Vec<(Label, String)> {
        let text = crate::text::normalize_word(text);
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokenize(&text, &mut tokens, &mut sentences);
        let mut found = Vec::new();
        for &(name, label) in model {
            let n = crate::text::normalize_word(name);
            let start = text.find(&n).expect("a name of the text");
            let first = tokens.iter().position(|t| t.start as usize == start).expect("at a token");
            let last = tokens.iter().position(|t| t.end as usize == start + n.len()).expect("at a token") + 1;
            found.push((first, last, label, 0.4));
        }
        found.sort_unstable_by_key(|&(first, ..)| first);
        let surnames = east_asian_names(&text, &tokens, &sentences, &mut found);
        family_names(&text, &tokens, &surnames, &mut found);
        let span = |a: usize, b: usize| text[tokens[a].start as usize..tokens[b - 1].end as usize].to_string();
        found.iter().map(|&(a, b, label, _)| (label, span(a, b))).collect()
    }

    fn per(name: &str) -> (Label, String) {
        (Label::Per, crate::text::normalize_word(name))
    }

    #[test]
    fn lists_are_normalized_and_sorted() {
        for list in [SYLLABLES, EVERYDAY, NEVER_FIRST, NATIONALITY, HALF] {
            for word in list {
                assert_eq!(crate::text::normalize_word(word), *word);
            }
        }
        assert!(SYLLABLES.windows(2).all(|w| w[0] < w[1]), "SYLLABLES is sorted");
        assert!(EVERYDAY.iter().all(|w| is_syllable(w)));
        assert!(NEVER_FIRST.iter().all(|w| is_everyday(w)));
    }

    #[test]
    fn a_run_the_model_began_is_one_person() {
        let text = "تعهد الوزير وي فنغ خه بحماية السلام. وقال وي إنه سيزور المنطقة.";
        assert_eq!(names(text, &[("وي فنغ", Label::Org)]), [per("وي فنغ خه"), per("وي")]);
        // A place stays a place, and a name running past the syllables stays the model's.
        assert_eq!(names("زار هونغ كونغ أمس.", &[("هونغ كونغ", Label::Loc)]), [(Label::Loc, "هونغ كونغ".into())]);
        let text = "قالت بيونغ يانغ إن.";
        assert_eq!(names(text, &[("بيونغ يانغ", Label::Org)]), [(Label::Org, "بيونغ يانغ".into())]);
        let text = "قال بنك هونغ كونغ إن.";
        assert_eq!(names(text, &[("بنك هونغ كونغ", Label::Org)]), [(Label::Org, "بنك هونغ كونغ".into())]);
    }

    #[test]
    fn a_nationality_adjective_introduces_one() {
        let text = "التقى رئيس الوزراء الصيني لي كه تشيانغ بنظيره.";
        assert_eq!(names(text, &[]), [per("لي كه تشيانغ")]);
        let text = "قال الزعيم الكوري الشمالي كيم جونغ أون إن التجربة نجحت.";
        assert_eq!(names(text, &[]), [per("كيم جونغ أون")]);
        // Without one, a run of two the model did not mark is left alone, and an everyday word
        // does not begin one: قال لي, "told me".
        assert_eq!(names("قال لي كه تشيانغ إن.", &[]), []);
        assert_eq!(names("وصل كيم جونغ إلى المطار.", &[]), []);
    }

    #[test]
    fn three_syllables_are_a_person_alone() {
        let text = "التقى عضو المكتب السياسي يانغ جيه تشي بالمبعوث.";
        assert_eq!(names(text, &[]), [per("يانغ جيه تشي")]);
        // Trailing everyday words are not counted: وانغ وين بين is وانغ وين "between".
        assert_eq!(names("قال وانغ وين بين البلدين.", &[]), []);
        // A place the model found stays one, and a run of five is none.
        assert_eq!(names("ساحة تيان آن مين.", &[("تيان آن مين", Label::Loc)]), [(Label::Loc, "تيان ان مين".into())]);
        assert_eq!(names("كيم جونغ أون بيونغ يانغ.", &[]), []);
        // A name the model ran into the syllables stops where they begin; one that covers
        // them, or runs past them, is the model's.
        assert_eq!(names(text, &[("المكتب السياسي يانغ", Label::Org)]), [(Label::Org, "المكتب السياسي".into()), per("يانغ جيه تشي")]);
        let text = "تحت عنوان الرفيق كيم جونغ أون يستقبل.";
        assert_eq!(names(text, &[("الرفيق كيم جونغ", Label::Per)]), [per("كيم جونغ أون")]);
        let text = "قال المكتب وي فنغ إن.";
        assert_eq!(names(text, &[("المكتب وي", Label::Org)]), [(Label::Org, "المكتب وي".into())]);
        let text = "قالت المتحدثة هوا تشون ينغ إن.";
        assert_eq!(names(text, &[("هوا تشون ينغ", Label::Org)]), [per("هوا تشون ينغ")]);
        let text = "درس في جامعة تشينغ هوا يانغ أمس.";
        assert_eq!(
            names(text, &[("جامعة تشينغ هوا يانغ", Label::Org)]),
            [(Label::Org, crate::text::normalize_word("جامعة تشينغ هوا يانغ"))]
        );
    }

    #[test]
    fn everyday_words_do_not_end_a_run() {
        // وي إن: "Wei said that", not a name of two syllables.
        assert_eq!(names("وقال وي إن البلدين سيتعاونان.", &[("وي", Label::Per)]), [per("وي")]);
        // هو ما: "he is what", everyday words only.
        assert_eq!(names("الجانب الصيني هو ما يقرر.", &[]), []);
        // An everyday word begins a run only where the model's name does: أن كيم كوك is
        // "that Kim Kok"; قوة, "force", is no family name Guo to recall.
        assert_eq!(names("أعلن أن كيم كوك وصل.", &[("كيم كوك", Label::Per)]), [per("كيم كوك")]);
        assert_eq!(names("قال الكوري الشمالي أن كيم كوك وصل.", &[("كيم كوك", Label::Per)]), [per("كيم كوك")]);
        let text = "قال قوه بو إن القوة ستصل. وصلت قوة حفظ السلام.";
        assert_eq!(names(text, &[("قوه بو", Label::Per)]), [per("قوه بو")]);
        // لي, "to me", is no family name to recall.
        let text = "قال الرئيس الصيني لي كه تشيانغ. قال لي صديقي.";
        assert_eq!(names(text, &[]), [per("لي كه تشيانغ")]);
    }
}
