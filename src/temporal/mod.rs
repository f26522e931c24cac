//! Dates, times, money and percentages in Arabic news, by rule, with normalized values.
//!
//! A hand-written scanner runs over tokens of the normalized text (see [`crate::text`]); each
//! rule tries to match at a token and the longest match wins, left to right, so spans come out
//! sorted and never overlap. Spans are mapped back to the original text through
//! `AlignedText::original_range` only. A leading proclitic (و ف ب ل) stays outside the span:
//! `والثلاثاء` gives `الثلاثاء`, `بالأمس` gives `الأمس`, and `للعام الماضي` gives `لعام الماضي`
//! (the second ل is the article's).
//!
//! # Values
//!
//! Dates and times carry TIMEX3 values (TimeML's `value`), built as a [`Timex`] and written out
//! as its string form; docs/TEMPORAL.md has the table of every form. In short: `2021-07-28`,
//! `2021-07`, `2021`, `199` (a decade), `19` (a century), `XXXX-WXX-3` (a bare Wednesday),
//! `2021-W30`, `T14:00`, `T14:00Z`, `TEV`, `2021-07-28TEV`, `P3D`, `PT2H`, ranges
//! `2017-11-04/2017-11-11`, and `PRESENT_REF` / `PAST_REF` / `FUTURE_REF`.
//!
//! Relative dates (اليوم, أمس, الأسبوع الماضي, منذ ثلاث سنوات, a bare weekday or month, a day
//! and month without a year) are resolved against an anchor: the caller's, or else the
//! dateline (a full date among the first tokens of the first non-blank line). Unanchored they
//! keep X placeholders (`XXXX-XX-XX`), with the distance from the day of writing in
//! [`Timex::offset`] (`-P1D`). Impossible days are not dates: `2024/2/31` is nothing, and in
//! `31 فبراير 2024` only `فبراير 2024` is marked. Hijri dates are converted with the tabular
//! Islamic calendar (±1 day against observed calendars); the Hijri original is kept in
//! [`Timex::hijri`].
//!
//! No span reaches across a line break (`\n`, `\r`, U+2028, U+2029, U+0085, VT, FF): each line
//! is scanned on its own.
//!
//! Money: `<amount> <ISO 4217 code>` (`3500000000 USD`); the amount alone when the currency
//! name is shared by several countries and no adjective settles it (دينار, ريال, جنيه), and no
//! value for vague amounts (ملايين الدولارات). Percentages: the number (`5`, `12.5`).
//!
//! # Ambiguous words
//!
//! Month names that are also common words or first names (مارس, مايو, رمضان, آذار, نيسان, تموز,
//! ماي, جوان, شعبان, محرم, شوال) are dates only with a day number before them, a year after
//! them, شهر before them, a paired spelling (تموز/يوليو), or a cue word just before them (في،
//! منذ، خلال، حتى، مطلع، أوائل، أواخر، منتصف ...). The most ambiguous (آب "father", صفر "zero",
//! رجب a first name) do not accept a cue word. A weekday heads a full date only when it is that
//! date's weekday (`الاثنين 28 يوليو 2021`, a Wednesday, is read as the date alone); the
//! Persian weekdays are not Arabic (`دوشنبه` opening a dateline is Dushanbe, the city). اليوم
//! and الليلة followed by an adjective with ال (اليوم الوطني, الليلة الأولى) are "the day" and
//! "the night", not "today" and "tonight". A bare year needs a cue (منذ 2011) or عام/سنة, or
//! an era sign (2021 م). A number is money only with a currency name or symbol, and a
//! percentage only with % or في المائة.

mod amounts;
mod dates;
mod lexicon;
mod number;
mod scan;
#[cfg(test)]
mod tests;

use crate::timex::{Anchor, Precision, TimexValue};

use crate::entity::Entity;
use crate::text::AlignedText;
use scan::{Found, Kind, Scanner, Value};

type Rule = fn(&Scanner, usize) -> Option<Found>;

/// Every rule; at each token the longest match wins, the earlier rule on a tie.
const RULES: [Rule; 13] = [
    dates::numeric_date,
    dates::weekday,
    dates::day_month_date,
    dates::month,
    dates::year,
    dates::relative,
    dates::decade_century,
    dates::range,
    dates::time,
    dates::duration,
    dates::reference,
    amounts::money,
    amounts::percent,
];

/// Whether any rule can start at token `i`: saves running them all on ordinary words.
fn may_start(scanner: &Scanner, i: usize) -> bool {
    scanner.tok(i).is_some_and(|t| match t.kind {
        Kind::Number => true,
        Kind::Word => t.senses.iter().any(|s| s.can_start()),
        Kind::Punct(c) => matches!(c, '%' | '$' | '€' | '£' | '¥' | '₪' | '₹' | '('),
    })
}

/// Characters that end a line: no span reaches across one.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}' | '\u{000B}' | '\u{000C}')
}

#[cfg(test)]
/// Dates, times, money and percentages in `text`, in byte offsets of `text`, sorted, non-overlapping.
pub(crate) fn find(text: &str, anchor: Option<Anchor>) -> Vec<Entity> {
    find_aligned(&AlignedText::new(text), anchor).entities
}

/// A match in normalized byte offsets, with the line it is on and its token's place there.
struct Match {
    start: usize,
    end: usize,
    line: usize,
    first_token: usize,
    found: Found,
}

/// Tokens from a line's start within which a full date is taken for the dateline.
const DATELINE_TOKENS: usize = 12;

/// The dateline's date: a full date among the first tokens of the first non-blank line.
fn dateline(matches: &[Match]) -> Option<Anchor> {
    matches.iter().take_while(|m| m.line == 0).filter(|m| m.first_token < DATELINE_TOKENS).find_map(|m| full_day(&m.found))
}

/// The day a match names, if it is a full date: day, month and year known.
fn full_day(found: &Found) -> Option<Anchor> {
    match found.draft()?.resolve(None).value() {
        TimexValue::Date(date) if date.precision == Precision::Day && date.is_known() => Anchor::new(date.year?, date.month?, date.day?),
        _ => None,
    }
}

/// What the rules find in a text: the dates and amounts, and the places datelines open with.
pub(crate) struct Temporal {
    /// Dates, times, money and percentages, in original byte offsets, sorted, non-overlapping.
    pub(crate) entities: Vec<Entity>,
    /// The city that opens each line written as a dateline (`طشقند 27 يوليو 2021 (شينخوا)`), in
    /// original byte offsets, sorted: see [`dateline_place`]. The article's own dateline is its
    /// first line's; a page of several dispatches has one a dispatch.
    pub(crate) dateline_places: Vec<(usize, usize)>,
}

/// [`find`] for a caller that has already normalized the text, so it is not normalized twice.
/// Relative dates are resolved against `anchor`, or else against the dateline (the first
/// full date at the start of the first non-blank line), or else left with X placeholders
/// and an offset.
pub(crate) fn find_aligned(aligned: &AlignedText, anchor: Option<Anchor>) -> Temporal {
    let normalized = aligned.normalized();
    let mut matches = Vec::new();
    let mut line_start = 0;
    let mut line = 0;
    let mut places = Vec::new();
    for piece in normalized.split_inclusive(is_line_break) {
        let body = piece.trim_end_matches(is_line_break);
        places.extend(find_in_line(body, line_start, line, &mut matches));
        line_start += piece.len();
        if !body.trim().is_empty() {
            line += 1;
        }
    }
    let anchor = anchor.or_else(|| dateline(&matches));
    let mut entities = Vec::with_capacity(matches.len());
    for m in matches {
        let (start, end) = aligned.original_range(m.start, m.end);
        if start >= end {
            continue;
        }
        let (value, timex) = match m.found.value {
            Some(Value::Text(text)) => (Some(text), None),
            Some(Value::Timex(draft)) => {
                let timex = draft.resolve(anchor);
                (Some(timex.to_string()), Some(timex))
            }
            None => (None, None),
        };
        entities.push(Entity { start, end, label: m.found.label, score: m.found.score, value, timex });
    }
    let dateline_places =
        places.into_iter().map(|(start, end)| aligned.original_range(start, end)).filter(|(start, end)| start < end).collect();
    Temporal { entities, dateline_places }
}

/// Words that may open a line before a date as a place, at most: `نيو دلهي`, `سان خوسيه`,
/// `أبو ظبي`.
const DATELINE_PLACE_WORDS: usize = 3;

/// Whether `m`, the first match of a line (`scanner`'s), is a dateline opened by a place:
/// - one to three words of letters open the line, words the date rules do not know (not في,
///   منذ or a weekday) and without the article (a sentence's verb and subject do not come as
///   `أعلنت الوزارة 3 مايو`; a city with the article, `القاهرة`, is the model's to know);
/// - the match is a full date right after them;
/// - a parenthesis (the agency) or a dash follows it.
///
/// Returns the words' byte range in the line. Arabic news writes the city of the dispatch
/// there (`طشقند 27 يوليو 2021 (شينخوا)`); ANERcorp has few such lines, so the model has not
/// learnt that an unknown word there is a place.
fn dateline_place(scanner: &Scanner, m: &Match) -> Option<(usize, usize)> {
    let words = m.first_token;
    if !(1..=DATELINE_PLACE_WORDS).contains(&words) || m.found.first != words {
        return None;
    }
    let plain_word =
        |i: usize| scanner.is_word(i) && scanner.senses(i).is_empty() && scanner.text(i).chars().count() >= 2 && !scanner.definite(i);
    if !(0..words).all(plain_word) {
        return None;
    }
    let next = m.found.next;
    let then_agency_or_dash = ['(', '-', '\u{2013}', '\u{2014}'].iter().any(|&c| scanner.is_punct(next, c));
    (then_agency_or_dash && full_day(&m.found).is_some()).then(|| scanner.span(0, words)).flatten()
}

/// The matches in one line of the normalized text, `base` its offset there, and the place the
/// line opens with if it is written as a dateline (see [`dateline_place`]).
fn find_in_line(text: &str, base: usize, line: usize, matches: &mut Vec<Match>) -> Option<(usize, usize)> {
    let scanner = Scanner::new(text);
    let before = matches.len();
    let mut i = 0;
    while i < scanner.len() {
        let best = if may_start(&scanner, i) {
            RULES.iter().filter_map(|rule| rule(&scanner, i)).fold(None, |best: Option<Found>, found| match best {
                Some(b) if b.next >= found.next => Some(b),
                _ => Some(found),
            })
        } else {
            None
        };
        let Some(found) = best.filter(|f| f.first == i && f.next > i) else {
            i += 1;
            continue;
        };
        let next = found.next;
        if let Some((start, end)) = scanner.span(found.first, found.next) {
            matches.push(Match { start: base + start, end: base + end, line, first_token: i, found });
        }
        i = next;
    }
    let first = matches.get(before)?;
    dateline_place(&scanner, first).map(|(start, end)| (base + start, base + end))
}

/// Merges the model's name entities with temporal ones: no overlapping spans come out; on overlap the
/// name entity wins (a date inside a longer name stays part of the name), except that a name lying
/// wholly inside a longer temporal span gives way to it (`دولار` tagged alone inside
/// `3.5 مليار دولار`). Output sorted by start.
pub(crate) fn merge(names: Vec<Entity>, temporal: Vec<Entity>) -> Vec<Entity> {
    let temporal = without_overlaps(temporal);
    let inside_temporal = |name: &Entity| {
        let at = temporal.partition_point(|t| t.start <= name.start);
        at > 0 && {
            let t = &temporal[at - 1];
            name.end <= t.end && t.end - t.start > name.end - name.start
        }
    };
    let names: Vec<Entity> = without_overlaps(names).into_iter().filter(|n| !inside_temporal(n)).collect();
    let mut out = Vec::with_capacity(names.len() + temporal.len());
    let mut names = names.into_iter().peekable();
    // End of the last name pushed: names are sorted and disjoint, so it is the furthest end.
    let mut names_end = 0;
    for entity in temporal {
        while let Some(name) = names.next_if(|n| n.start < entity.end) {
            names_end = name.end;
            out.push(name);
        }
        if names_end <= entity.start {
            out.push(entity);
        }
    }
    out.extend(names);
    out
}

/// Sorts by start and drops every span that overlaps one kept before it (the earlier, then the
/// longer, span is kept).
fn without_overlaps(mut entities: Vec<Entity>) -> Vec<Entity> {
    entities.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Entity> = Vec::with_capacity(entities.len());
    for entity in entities {
        if kept.last().is_none_or(|last| last.end <= entity.start) {
            kept.push(entity);
        }
    }
    kept
}
