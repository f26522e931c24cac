//! Span hygiene: the model's names cut into well-formed entities before anything else sees
//! them. A name holds at least one letter and no control character, is at most
//! [`MAX_ENTITY_TOKENS`] tokens long, and does not run a name into its own repetition
//! (`ترامب ترامب`, a name pasted forty thousand times): there the span is cut. In an informal
//! sentence, a person needs the name lists' word for it.
//!
//! Cutting where the model's marginals prefer `B-X` to the `I-X` it chose was measured and
//! left out: cross-validation 0.7524 against 0.7539 (LOC 0.858 against 0.861).

use crate::entity::Label;
use crate::model::names::{flag, NameLists};
use crate::text::Token;

/// Longest entity kept, in tokens: the longest name in the training data (a 26-word
/// genealogy in AQMAR train; ANERcorp train's longest has 9). A longer span is no name the
/// model has learnt to build, and its boundaries are not to be trusted: it is dropped.
pub(crate) const MAX_ENTITY_TOKENS: usize = 26;

/// What the model said about one sentence's tokens.
pub(crate) struct SentenceView<'a> {
    /// The normalized text the tokens were cut from.
    pub(crate) normalized: &'a str,
    /// The sentence's tokens.
    pub(crate) tokens: &'a [Token],
    /// Each token's marginal for the tag it was given.
    pub(crate) confidence: &'a [f32],
    /// The name lists, for the evidence a person's name needs in an informal sentence.
    pub(crate) names: &'a NameLists<'a>,
    /// Whether the sentence is informal, once asked (see [`SentenceView::is_informal`]).
    pub(crate) informal: std::cell::OnceCell<bool>,
}

/// Words of spoken Arabic (Gulf, Levantine, Egyptian) that news does not write, in normalized
/// form: a sentence with one of them is informal, and there a word the name lists do not know
/// as a person's is no person (`ماما سوت كبسة`, `لازم نحجز`). The news the model learnt from
/// has no such sentences, so its weights cannot tell everyday words of speech from names.
/// Words that also transliterate foreign names are left out: `شو` (Shaw, Xu), `شوي`, `مين`
/// begin or continue persons in ANERcorp train. Sorted, for a binary search.
const SPOKEN: &[&str] = &[
    "ابغي",
    "اروح",
    "ازاي",
    "امبارح",
    "اوكي",
    "ايش",
    "بدي",
    "برضه",
    "بس",
    "بكره",
    "تعال",
    "حبيبي",
    "خلاص",
    "دلوقتي",
    "سوا",
    "عاوز",
    "عايز",
    "عشان",
    "علشان",
    "فين",
    "كتير",
    "كدا",
    "كده",
    "ليش",
    "ليه",
    "ماما",
    "مدري",
    "مش",
    "مو",
    "هسه",
    "هلق",
    "هيك",
    "وش",
    "وين",
    "يلا",
];

fn is_spoken(word: &str) -> bool {
    SPOKEN.binary_search(&word).is_ok()
}

/// Head nouns of organisation names, normalized, sorted: where one stands right before a place
/// the model found (`جامعة القاهرة`, `بنك إنجلترا`, `شركة قطر`), the place is part of the
/// organisation's name, and the organisation wins. In ANERcorp train a head noun before a
/// place is the start of the organisation 246 times, and outside any name 3 times. A national
/// team (`منتخب فرنسا`) is not on the list: ANERcorp tags its country alone.
const ORG_HEADS: &[&str] = &[
    "اتحاد",
    "اذاعه",
    "اكاديميه",
    "بنك",
    "بورصه",
    "جامعه",
    "جبهه",
    "جمعيه",
    "جيش",
    "حركه",
    "حزب",
    "شركه",
    "صحيفه",
    "قناه",
    "كليه",
    "لجنه",
    "مؤسسه",
    "مجلس",
    "مجموعه",
    "محكمه",
    "مصرف",
    "معهد",
    "منظمه",
    "نادي",
    "هيئه",
    "وزاره",
    "وكاله",
];

fn is_org_head(word: &str) -> bool {
    ORG_HEADS.binary_search(&word).is_ok()
}

/// Words that join the parts of a person's name and never end one, normalized: `بن` and `بنت`
/// ("son of", "daughter of" in a lineage), `ابو` ("father of"), `ال` (the family of `آل
/// خليفة`), `عبد` (`عبد الله`), `ولد` (Mauritanian `ولد`). The model sometimes stops a name on one
/// of them (`حمد بن عيسى آل`). `ابن`, "son", is left out: it follows a name as often as it joins
/// one (`صدام حسين ابن عمه`). `أبي` joins only after `بن` (`سعد بن أبي وقاص`): it ends `شينزو آبي`
/// and `أبي أحمد`.
const NAME_JOINERS: &[&str] = &["ابو", "ال", "بن", "بنت", "عبد", "ولد"];

/// Whether the word at `i` of the sentence joins name parts (see [`NAME_JOINERS`]).
fn joins(view: &SentenceView<'_>, i: usize) -> bool {
    let word = view.text(i);
    NAME_JOINERS.contains(&word) || (word == "ابي" && i > 0 && matches!(view.text(i - 1), "بن" | "بنت"))
}

/// Longest run of joiners and the word after them that a person's name is continued over.
const MAX_JOINED: usize = 2;

/// Continues each person of `found[from..]` (one sentence's names, `offset` its first token's
/// index in the text, the sentence `view.tokens.len()` tokens long) that ends on a word that
/// joins name parts ([`NAME_JOINERS`]) over the word after it, when that word has letters and
/// is in no other name: `حمد بن عيسى آل` gives `حمد بن عيسى آل خليفة`.
pub(crate) fn continue_joined_persons(view: &SentenceView<'_>, offset: usize, from: usize, found: &mut [(usize, usize, Label, f32)]) {
    for k in from..found.len() {
        let (first, mut last, label, score) = found[k];
        if label != Label::Per {
            continue;
        }
        let limit = found.get(k + 1).map_or(offset + view.tokens.len(), |next| next.0).min(last + MAX_JOINED);
        let mut end = last;
        while end < limit && joins(view, end - 1 - offset) {
            let next = view.text(end - offset);
            if !next.chars().any(char::is_alphabetic) || next.chars().any(char::is_control) || view.control_before(end - offset) {
                break;
            }
            end += 1;
        }
        if end > last && !joins(view, end - 1 - offset) {
            last = end;
            found[k] = (first, last, label, score);
        }
    }
}

/// Turns each place of `found[from..]` (one sentence's names, `offset` its first token's index
/// in the text) that an organisation's head noun directly precedes, outside any name, into
/// that organisation: `جامعة` + LOC `القاهرة` gives ORG `جامعة القاهرة`. A place written with
/// a conjunction or preposition glued to it (`الحزب ولبنان`) is a second noun, not the name's.
pub(crate) fn organisations_over_places(view: &SentenceView<'_>, offset: usize, from: usize, found: &mut [(usize, usize, Label, f32)]) {
    for k in from..found.len() {
        let (first, last, label, score) = found[k];
        let Some(head) = first.checked_sub(offset + 1) else { continue };
        let free = k == from || found[k - 1].1 <= offset + head;
        let place_word = view.text(first - offset);
        if label == Label::Loc
            && free
            && is_org_head(view.text(head))
            && !view.control_before(first - offset)
            && view.names.proclitic_trim(place_word) == 0
        {
            found[k] = (first - 1, last, Label::Org, score);
        }
    }
}

impl SentenceView<'_> {
    pub(super) fn text(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.text(self.normalized))
    }

    /// Whether a control character stands between token `i - 1` and token `i` (the
    /// tokenizer skips them, the span's text would not).
    pub(super) fn control_before(&self, i: usize) -> bool {
        match (i.checked_sub(1).and_then(|p| self.tokens.get(p)), self.tokens.get(i)) {
            (Some(a), Some(b)) => {
                self.normalized.get(a.end as usize..b.start as usize).is_some_and(|gap| gap.chars().any(char::is_control))
            }
            _ => false,
        }
    }

    fn confidence(&self, i: usize) -> f32 {
        self.confidence.get(i).copied().unwrap_or(0.0)
    }

    /// Whether the sentence is written in spoken Arabic (see [`SPOKEN`]).
    fn is_informal(&self) -> bool {
        *self.informal.get_or_init(|| {
            (0..self.tokens.len()).any(|i| {
                let word = self.text(i);
                is_spoken(word) || word.strip_prefix('و').is_some_and(is_spoken)
            })
        })
    }

    /// Whether a token of `from..to` is known to the name lists as a first or family name or a
    /// word of a multi-word person's name, and none is a word of speech. A listed one-word
    /// person is not enough: ANETAC's 61,662 one-word persons include everyday-looking words
    /// (`سوت`).
    fn has_person_evidence(&self, from: usize, to: usize) -> bool {
        !(from..to).any(|k| is_spoken(self.text(k)))
            && (from..to).any(|k| self.names.lookup_word(self.text(k)) & (flag::FIRST | flag::LAST | flag::PER_WORD) != 0)
    }

    /// Whether the `len` tokens from `i` repeat, word for word, the `len` tokens before it,
    /// and hold three letters or more: a name pasted twice, not an acronym spelt out letter
    /// by letter (`بي بي سي`, BBC, is one name in ANERcorp train).
    fn repeats(&self, i: usize, len: usize, end: usize) -> bool {
        len > 0
            && i >= len
            && i + len <= end
            && self.text(i - len) == self.text(i)
            && (i - len..i).map(|k| self.text(k).chars().filter(|c| c.is_alphabetic()).count()).sum::<usize>() >= 3
            && (0..len).all(|k| self.text(i - len + k) == self.text(i + k))
    }
}

/// Cuts the span `first..last` of one sentence (token indices in the sentence) into
/// well-formed names, pushing each as `(first + offset, last + offset, label, score)`, its
/// score the least confidence of its tokens.
pub(crate) fn push_pieces(
    view: &SentenceView<'_>,
    (first, last, label): (usize, usize, Label),
    offset: usize,
    found: &mut Vec<(usize, usize, Label, f32)>,
) {
    let last = last.min(view.tokens.len());
    let mut start = first;
    let mut score_of_start = view.confidence(first);
    let mut i = first;
    let mut emit = |from: usize, to: usize, first_score: f32| {
        if to <= from || to - from > MAX_ENTITY_TOKENS {
            return;
        }
        if !(from..to).any(|k| view.text(k).chars().any(char::is_alphabetic)) {
            return;
        }
        // Informal sentences are rare in news: that is asked first (once a sentence), the name
        // lists only for the persons of one.
        if label == Label::Per && view.is_informal() && !view.has_person_evidence(from, to) {
            return;
        }
        let score = (from + 1..to).map(|k| view.confidence(k)).fold(first_score, f32::min);
        found.push((from + offset, to + offset, label, score));
    };
    while i < last {
        if view.text(i).chars().any(char::is_control) {
            emit(start, i, score_of_start);
            start = i + 1;
            score_of_start = view.confidence(start);
        } else if i > start && (view.control_before(i) || view.repeats(i, i - start, last)) {
            // A control character before this token, or the name's words repeating from here.
            emit(start, i, score_of_start);
            start = i;
            score_of_start = view.confidence(i);
        }
        i += 1;
    }
    emit(start, last, score_of_start);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;
    use proptest::prelude::*;

    fn pieces(text: &str) -> Vec<String> {
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokenize(text, &mut tokens, &mut sentences);
        let ones = vec![1.0; tokens.len()];
        let names = NameLists::default();
        let view = SentenceView { normalized: text, tokens: &tokens, confidence: &ones, names: &names, informal: Default::default() };
        let mut found = Vec::new();
        push_pieces(&view, (0, tokens.len(), Label::Per), 0, &mut found);
        found.iter().map(|&(a, b, ..)| text[tokens[a].start as usize..tokens[b - 1].end as usize].to_string()).collect()
    }

    #[test]
    fn a_name_pasted_many_times_is_many_names() {
        let text = vec!["بوتين"; 40_000].join(" ");
        assert_eq!(pieces(&text).len(), 40_000);
        let text = vec!["جو بايدن"; 50].join(" ");
        let found = pieces(&text);
        assert_eq!(found.len(), 50);
        assert!(found.iter().all(|p| p == "جو بايدن"), "{found:?}");
        // A name whose words recur apart stays whole.
        assert_eq!(pieces("عبد الله بن عبد الله"), ["عبد الله بن عبد الله"]);
        assert_eq!(pieces("بي بي سي"), ["بي بي سي"]);
    }

    #[test]
    fn no_letters_no_controls_no_giants() {
        assert!(pieces("( 12 )").is_empty());
        assert_eq!(pieces("وي \0 فنغ"), ["وي", "فنغ"]);
        let long: Vec<String> = (0..MAX_ENTITY_TOKENS + 1).map(|k| format!("اسم{k}")).collect();
        assert!(pieces(&long.join(" ")).is_empty());
        assert_eq!(pieces(&long[..MAX_ENTITY_TOKENS].join(" ")).len(), 1);
    }

    #[test]
    fn a_person_does_not_end_on_a_joining_word() {
        for word in NAME_JOINERS {
            assert_eq!(crate::text::normalize_word(word), *word);
        }
        let text = crate::text::normalize_word("استقبل حمد بن عيسى آل خليفة وسعد بن أبي وقاص ثم علي بن . وعمر بن شينزو آبي إلى");
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokenize(&text, &mut tokens, &mut sentences);
        let ones = vec![1.0; tokens.len()];
        let names = NameLists::default();
        let view = SentenceView { normalized: &text, tokens: &tokens, confidence: &ones, names: &names, informal: Default::default() };
        let span = |a: usize, b: usize| text[tokens[a].start as usize..tokens[b - 1].end as usize].to_string();
        // Tokens: 1-4 حمد بن عيسى آل | 6-7 وسعد بن | 11-12 علي بن, then "." | 14-15 وعمر بن, at
        // the sentence's end; the sentence is at token 0 of its text.
        let mut found = vec![
            (1, 5, Label::Per, 1.0),
            (6, 8, Label::Per, 1.0),
            (11, 13, Label::Per, 1.0),
            (14, 16, Label::Per, 1.0),
            (16, 18, Label::Per, 1.0),
        ];
        continue_joined_persons(&view, 0, 0, &mut found);
        let got: Vec<String> = found.iter().map(|&(a, b, ..)| span(a, b)).collect();
        let want: Vec<String> = ["حمد بن عيسى آل خليفة", "وسعد بن أبي وقاص", "علي بن", "وعمر بن", "شينزو آبي"]
            .iter()
            .map(|w| crate::text::normalize_word(w))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn an_organisation_wins_over_the_place_in_its_name() {
        for word in ORG_HEADS {
            assert_eq!(crate::text::normalize_word(word), *word);
        }
        assert!(ORG_HEADS.windows(2).all(|w| w[0] < w[1]), "ORG_HEADS is sorted");
        let mut names = NameLists::default();
        names.add("لبنان", flag::LOC);
        names.add("القاهره", flag::LOC);
        let text = crate::text::normalize_word("درس في جامعة القاهرة وزار الحزب ولبنان وجامعة ثم القاهرة");
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokenize(&text, &mut tokens, &mut sentences);
        let ones = vec![1.0; tokens.len()];
        let view = SentenceView { normalized: &text, tokens: &tokens, confidence: &ones, names: &names, informal: Default::default() };
        // The places as the model found them, at tokens 3, 6 and 9 (the sentence at token 10 of its text).
        let mut found = vec![(0, 1, Label::Per, 1.0), (13, 14, Label::Loc, 0.9), (16, 17, Label::Loc, 0.8), (19, 20, Label::Loc, 0.7)];
        organisations_over_places(&view, 10, 1, &mut found);
        assert_eq!(found, vec![(0, 1, Label::Per, 1.0), (12, 14, Label::Org, 0.9), (16, 17, Label::Loc, 0.8), (19, 20, Label::Loc, 0.7)]);
    }

    #[test]
    fn spoken_words_are_normalized_and_mark_informal_sentences() {
        for word in SPOKEN {
            assert_eq!(crate::text::normalize_word(word), *word);
        }
        assert!(SPOKEN.windows(2).all(|w| w[0] < w[1]), "SPOKEN is sorted");
        assert_eq!(pieces("ماما سوت كبسة"), Vec::<String>::new());
        let mut names = NameLists::default();
        names.add_name("سعاد", flag::PER | flag::FIRST, flag::PER_WORD);
        let text = "بدي احكي مع سعاد";
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokenize(text, &mut tokens, &mut sentences);
        let ones = vec![1.0; tokens.len()];
        let view = SentenceView { normalized: text, tokens: &tokens, confidence: &ones, names: &names, informal: Default::default() };
        let mut found = Vec::new();
        push_pieces(&view, (3, 4, Label::Per), 0, &mut found);
        push_pieces(&view, (2, 3, Label::Per), 0, &mut found);
        push_pieces(&view, (2, 3, Label::Loc), 0, &mut found);
        assert_eq!(found, vec![(3, 4, Label::Per, 1.0), (2, 3, Label::Loc, 1.0)]);
    }

    proptest! {
        #[test]
        fn pieces_are_well_formed(words in proptest::collection::vec(prop_oneof![
            Just("بوتين"), Just("ترامب"), Just("\u{0}"), Just("."), Just("12"), Just("مجلس"), Just("\u{1}x"),
        ], 1..60), confidence in proptest::collection::vec(0.0f32..1.0, 80)) {
            let text = words.join(" ");
            let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
            tokenize(&text, &mut tokens, &mut sentences);
            let names = NameLists::default();
            let view = SentenceView { normalized: &text, tokens: &tokens, confidence: &confidence, names: &names, informal: Default::default() };
            let mut found = Vec::new();
            push_pieces(&view, (0, tokens.len(), Label::Per), 7, &mut found);
            let mut previous_end = 7;
            for &(a, b, _, score) in &found {
                prop_assert!(a >= previous_end && a < b && b - a <= MAX_ENTITY_TOKENS);
                previous_end = b;
                let piece = &tokens[a - 7..b - 7];
                prop_assert!(piece.iter().any(|t| t.text(&text).chars().any(char::is_alphabetic)));
                let span_text = &text[piece[0].start as usize..piece[piece.len() - 1].end as usize];
                prop_assert!(!span_text.chars().any(char::is_control), "{span_text:?}");
                prop_assert!((0.0..=1.0).contains(&score));
                // No piece is a run of one smaller piece of three letters or more repeated.
                for len in 1..=piece.len() / 2 {
                    let letters: usize = piece[..len].iter().map(|t| t.text(&text).chars().filter(|c| c.is_alphabetic()).count()).sum();
                    prop_assert!(letters < 3 || piece.len() % len != 0 || piece.len() == len
                        || !piece.chunks(len).all(|c| c.iter().map(|t| t.text(&text)).eq(piece[..len].iter().map(|t| t.text(&text)))));
                }
            }
        }
    }
}
