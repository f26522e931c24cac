//! Date and time rules. Each rule tries to match at one token and says how far it reaches;
//! the caller keeps the longest match.

use super::lexicon::{Calendar, DayPart, RelDay, Sense, Trust, Unit};
use super::scan::{Found, Scanner};
use crate::entity::Label;

const WEEKDAYS: [&str; 7] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/// A calendar date, possibly partial.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Ymd {
    calendar: Calendar,
    year: Option<u32>,
    month: Option<u8>,
    day: Option<u8>,
}

impl Ymd {
    /// ISO 8601 (`2021-07-28`, `2021-07`, `2021`, `--07-28`, `--07`), with `H` appended for
    /// Hijri dates (`1442-09-15H`).
    fn value(self) -> Option<String> {
        let hijri = if self.calendar == Calendar::Hijri { "H" } else { "" };
        Some(match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}{hijri}"),
            (Some(y), Some(m), None) => format!("{y:04}-{m:02}{hijri}"),
            (Some(y), None, None) => format!("{y:04}{hijri}"),
            (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}{hijri}"),
            (None, Some(m), None) => format!("--{m:02}{hijri}"),
            _ => return None,
        })
    }
}

fn weekday_value(day: u8) -> Option<String> {
    WEEKDAYS.get(usize::from(day)).map(|d| (*d).to_string())
}

// ---------------------------------------------------------------------------------------------
// Pieces shared by the rules.

/// A month name at `i`: `(next, month, calendar, trust)`. Two-word names (كانون الثاني) and
/// paired spellings (تموز/يوليو, يوليو (تموز)) count as one; a pair is trusted.
fn month_at(s: &Scanner, i: usize) -> Option<(usize, u8, Calendar, Trust)> {
    let (mut next, month, calendar, mut trust) = month_word(s, i)?;
    let pair_at = if s.is_punct(next, '/') || s.is_punct(next, '-') {
        Some((next + 1, None))
    } else if s.is_punct(next, '(') {
        Some((next + 1, Some(')')))
    } else {
        None
    };
    if let Some((j, close)) = pair_at {
        if let Some((after, other, other_calendar, _)) = month_word(s, j) {
            let closed = match close {
                Some(c) if s.is_punct(after, c) => Some(after + 1),
                Some(_) => None,
                None => Some(after),
            };
            if let (Some(end), true) = (closed, other == month && other_calendar == calendar) {
                next = end;
                trust = Trust::Sure;
            }
        }
    }
    Some((next, month, calendar, trust))
}

fn month_word(s: &Scanner, i: usize) -> Option<(usize, u8, Calendar, Trust)> {
    if let Some(found) = s.sense(i, |x| match x {
        Sense::Month { month, calendar, trust } => Some((i + 1, month, calendar, trust)),
        _ => None,
    }) {
        return Some(found);
    }
    if !s.has(i, Sense::MonthHead) {
        return None;
    }
    let (month, calendar) = month_pair(s.text(i), s.text(i + 1))?;
    Some((i + 2, month, calendar, Trust::Sure))
}

fn month_pair(head: &str, tail: &str) -> Option<(u8, Calendar)> {
    use Calendar::{Gregorian, Hijri};
    Some(match (head, tail) {
        ("كانون", "الثاني" | "ثاني") => (1, Gregorian),
        ("كانون", "الاول" | "اول") => (12, Gregorian),
        ("تشرين", "الاول" | "اول") => (10, Gregorian),
        ("تشرين", "الثاني" | "ثاني") => (11, Gregorian),
        ("ربيع", "الاول") => (3, Hijri),
        ("ربيع", "الاخر" | "الثاني" | "الاخره") => (4, Hijri),
        ("جمادي", "الاولي" | "الاول") => (5, Hijri),
        ("جمادي", "الاخره" | "الثانيه" | "الاخر" | "الثاني") => (6, Hijri),
        ("ذو" | "ذي", "القعده") => (11, Hijri),
        ("ذو" | "ذي", "الحجه") => (12, Hijri),
        _ => return None,
    })
}

fn era(s: &Scanner, i: usize) -> Option<Calendar> {
    s.sense(i, |x| match x {
        Sense::Era(c) => Some(c),
        _ => None,
    })
}

/// A four-digit year at `i` with its optional era word: `(next, year, calendar if said)`.
fn year_at(s: &Scanner, i: usize) -> Option<(usize, u32, Option<Calendar>)> {
    let year = s.int(i, 4, 4)?;
    match era(s, i + 1) {
        Some(calendar) => Some((i + 2, year, Some(calendar))),
        None => Some((i + 1, year, None)),
    }
}

/// "من عام 2021" / "من العام 2021" after a month.
fn of_year(s: &Scanner, i: usize) -> Option<(usize, u32, Option<Calendar>)> {
    if !s.has(i, Sense::From) {
        return None;
    }
    s.sense(i + 1, |x| matches!(x, Sense::Period { unit: Unit::Year, .. }).then_some(()))?;
    year_at(s, i + 2)
}

fn plausible_year(year: u32, calendar: Option<Calendar>) -> bool {
    match calendar {
        Some(Calendar::Hijri) => (1..=1700).contains(&year),
        _ => (1000..=2200).contains(&year),
    }
}

fn ordinal_sense(s: &Scanner, i: usize) -> Option<u8> {
    s.sense(i, |x| match x {
        Sense::Ordinal(n) => Some(n),
        _ => None,
    })
}

/// A masculine ordinal number phrase: الثامن, الحادي عشر, الثامن والعشرين, العشرين.
fn ordinal(s: &Scanner, i: usize) -> Option<(usize, u8)> {
    let n = ordinal_sense(s, i)?;
    if n < 10 {
        if s.has(i + 1, Sense::Teen) {
            return Some((i + 2, n + 10));
        }
        if s.wa_clitic(i + 1) {
            if let Some(tens @ (20 | 30)) = ordinal_sense(s, i + 1) {
                return Some((i + 2, n + tens));
            }
        }
        if s.text(i) == "الحادي" {
            return None;
        }
    }
    Some((i + 1, n))
}

/// A day of the month and a month, with an optional year: `28 يوليو 2021`,
/// `الثامن والعشرين من يوليو`, `15 رمضان 1442 هـ`.
fn day_month(s: &Scanner, i: usize) -> Option<(usize, Ymd)> {
    let (j, day) = if let Some(day) = s.int(i, 1, 2) {
        let j = if s.has(i + 1, Sense::From) { i + 2 } else { i + 1 };
        (j, day)
    } else {
        let (j, day) = ordinal(s, i)?;
        if !s.has(j, Sense::From) {
            return None;
        }
        (j + 1, u32::from(day))
    };
    if !(1..=31).contains(&day) || s.glued_before_separator(i) {
        return None;
    }
    let (mut next, month, calendar, _) = month_at(s, j)?;
    let mut ymd = Ymd { calendar, year: None, month: Some(month), day: u8::try_from(day).ok() };
    if let Some((n, year, era)) = year_at(s, next).or_else(|| of_year(s, next)) {
        if plausible_year(year, era.or(Some(calendar))) {
            ymd.year = Some(year);
            ymd.calendar = era.unwrap_or(calendar);
            next = n;
        }
    }
    Some((next, ymd))
}

/// A numeric date: 28/7/2021, 28-7-2021, 2021-07-28, 2021/7/28, 28.7.2021.
fn numeric(s: &Scanner, i: usize) -> Option<(usize, Ymd)> {
    if s.glued_before_separator(i) {
        return None;
    }
    let text = s.text(i);
    if s.is_number(i) && text.bytes().filter(|&b| b == b'.').count() == 2 && !text.contains(',') {
        let mut parts = text.split('.');
        let d = parts.next()?;
        let m = parts.next()?;
        let y = parts.next()?;
        return valid_date(i + 1, d, m, y);
    }
    let sep = if s.is_punct(i + 1, '/') {
        '/'
    } else if s.is_punct(i + 1, '-') {
        '-'
    } else {
        return None;
    };
    let all_glued = (i..i + 4).all(|k| s.glued(k));
    if !all_glued || !s.is_punct(i + 3, sep) || !s.is_number(i + 2) || !s.is_number(i + 4) {
        return None;
    }
    if s.glued(i + 4) && (s.is_number(i + 5) || s.is_punct(i + 5, '/') || s.is_punct(i + 5, '-')) {
        return None;
    }
    let (a, b, c) = (s.text(i), s.text(i + 2), s.text(i + 4));
    if a.len() == 4 {
        valid_date(i + 5, c, b, a)
    } else {
        valid_date(i + 5, a, b, c)
    }
}

/// Checks digit strings for day, month and a four-digit year; a month above 12 with a day
/// that fits swaps them (7/28/2021 written the American way).
fn valid_date(next: usize, d: &str, m: &str, y: &str) -> Option<(usize, Ymd)> {
    let short = |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    if !short(d) || !short(m) || y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (mut day, mut month): (u8, u8) = (d.parse().ok()?, m.parse().ok()?);
    let year: u32 = y.parse().ok()?;
    if month > 12 && day <= 12 {
        std::mem::swap(&mut day, &mut month);
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !plausible_year(year, None) {
        return None;
    }
    Some((next, Ymd { calendar: Calendar::Gregorian, year: Some(year), month: Some(month), day: Some(day) }))
}

/// A weekday at `i`: `(next, day, needs_date)`; Persian سه شنبه may come as two words.
fn weekday_at(s: &Scanner, i: usize) -> Option<(usize, u8, bool)> {
    if let Some(found) = s.sense(i, |x| match x {
        Sense::Weekday { day, needs_date } => Some((i + 1, day, needs_date)),
        _ => None,
    }) {
        return Some(found);
    }
    let prefix = s.sense(i, |x| match x {
        Sense::PersianWeekPrefix(n) => Some(n),
        _ => None,
    })?;
    (s.text(i + 1) == "شنبه").then_some((i + 2, prefix, false))
}

fn shift(s: &Scanner, i: usize) -> Option<i8> {
    s.sense(i, |x| match x {
        Sense::Shift(n) => Some(n),
        _ => None,
    })
}

/// Whether a cue word that makes an ambiguous month or a bare year read as a date comes
/// just before `i` (في مارس, منذ 2011, منتصف مايو, حتى مايو).
fn cue_before(s: &Scanner, i: usize) -> bool {
    let Some(before) = i.checked_sub(1) else { return false };
    s.has(before, Sense::Cue) || s.has(before, Sense::Middle) || s.has(before, Sense::To)
}

/// Any date expression that can be one end of a range.
fn date_expr(s: &Scanner, i: usize) -> Option<(usize, Ymd)> {
    if let Some(found) = numeric(s, i).or_else(|| day_month(s, i)) {
        return Some(found);
    }
    if let Some((mut next, month, calendar, _)) = month_at(s, i) {
        let mut ymd = Ymd { calendar, year: None, month: Some(month), day: None };
        if let Some((n, year, era)) = year_at(s, next) {
            ymd.year = Some(year);
            ymd.calendar = era.unwrap_or(calendar);
            next = n;
        }
        return Some((next, ymd));
    }
    let (next, year, era) = year_at(s, i)?;
    plausible_year(year, era).then_some((
        next,
        Ymd { calendar: era.unwrap_or_default(), year: Some(year), month: None, day: None },
    ))
}

// ---------------------------------------------------------------------------------------------
// Rules.

/// 28/7/2021, 2021-07-28; also the year range 2019-2021.
pub(super) fn numeric_date(s: &Scanner, i: usize) -> Option<Found> {
    if let Some((next, ymd)) = numeric(s, i) {
        return Some(Found::new(i, next, Label::Date, 0.95, ymd.value()));
    }
    let from = s.int(i, 4, 4)?;
    if !(s.glued(i) && s.is_punct(i + 1, '-') && s.glued(i + 1)) || s.glued_before_separator(i) {
        return None;
    }
    let to = s.int(i + 2, 4, 4)?;
    let followed = s.glued(i + 2) && (s.is_punct(i + 3, '-') || s.is_punct(i + 3, '/'));
    let valid = plausible_year(from, None) && plausible_year(to, None) && from < to && !followed;
    valid.then(|| Found::new(i, i + 3, Label::Date, 0.8, Some(format!("{from}/{to}"))))
}

/// A weekday, alone or heading a date: الأحد, يوم الاثنين, الأحد الماضي,
/// دوشنبه 28 يوليو 2021, الاثنين الموافق 28/7/2021.
pub(super) fn weekday(s: &Scanner, i: usize) -> Option<Found> {
    let j = if s.has(i, Sense::DayNoun) { i + 1 } else { i };
    if j > i && !s.bare(j) {
        return None;
    }
    let (k, day, needs_date) = weekday_at(s, j)?;
    // بين الاثنين, كلا الاثنين: "the two", not Monday.
    let before = i.checked_sub(1).map_or("", |p| s.stem(p));
    if j == i && s.text(i) == "الاثنين" && matches!(before, "بين" | "كلا" | "كلتا" | "هذين") {
        return None;
    }
    let mut m = k;
    if s.is_punct(m, '،') || s.is_punct(m, ',') {
        m += 1;
    }
    if s.has(m, Sense::Equivalent) {
        m += 1;
    }
    if let Some((end, ymd)) = day_month(s, m).or_else(|| numeric(s, m)) {
        return Some(Found::new(i, end, Label::Date, 0.95, ymd.value()));
    }
    if needs_date {
        return None;
    }
    let end = if shift(s, k).is_some() { k + 1 } else { k };
    Some(Found::new(i, end, Label::Date, 0.9, weekday_value(day)))
}

/// A day and a month: 28 يوليو 2021, الأول من مايو, 15 رمضان 1442 هـ.
pub(super) fn day_month_date(s: &Scanner, i: usize) -> Option<Found> {
    let (mut next, ymd) = day_month(s, i)?;
    // 3 يناير الماضي: the adjective stays in the span, the value keeps what is known.
    if ymd.year.is_none() && shift(s, next).is_some() {
        next += 1;
    }
    Some(Found::new(i, next, Label::Date, 0.95, ymd.value()))
}

/// A month with an optional year: يوليو 2021, شهر رمضان, في مارس. Ambiguous names need
/// context (see [`Trust`]).
pub(super) fn month(s: &Scanner, i: usize) -> Option<Found> {
    let noun = s.has(i, Sense::MonthNoun);
    let j = if noun { i + 1 } else { i };
    let (mut next, month, calendar, trust) = month_at(s, j)?;
    let mut ymd = Ymd { calendar, year: None, month: Some(month), day: None };
    if let Some((n, year, era)) = year_at(s, next).or_else(|| of_year(s, next)) {
        if plausible_year(year, era.or(Some(calendar))) {
            ymd.year = Some(year);
            ymd.calendar = era.unwrap_or(calendar);
            next = n;
        }
    }
    let accepted = match trust {
        Trust::Sure => true,
        _ if noun || ymd.year.is_some() => true,
        Trust::Cue => cue_before(s, j),
        Trust::Strict => false,
    };
    if !accepted {
        return None;
    }
    if ymd.year.is_none() && shift(s, next).is_some() {
        next += 1;
    }
    if calendar == Calendar::Hijri && month == 9 && matches!(s.text(next), "المبارك" | "الكريم" | "المعظم") {
        next += 1;
    }
    let score = match (ymd.year.is_some(), trust) {
        (true, _) => 0.95,
        (false, Trust::Sure) => 0.85,
        _ if noun => 0.85,
        _ => 0.7,
    };
    Some(Found::new(i, next, Label::Date, score, ymd.value()))
}

/// Years: عام 2021, سنة 2020, 2021 م, 1442 هـ, and a bare year after a cue (منذ 2011).
pub(super) fn year(s: &Scanner, i: usize) -> Option<Found> {
    let is_year_noun = s.sense(i, |x| matches!(x, Sense::Period { unit: Unit::Year, .. }).then_some(())).is_some();
    let value = |year: u32, calendar: Option<Calendar>| {
        Ymd { calendar: calendar.unwrap_or_default(), year: Some(year), month: None, day: None }.value()
    };
    if is_year_noun {
        if let Some((next, year, era)) = year_at(s, i + 1) {
            if plausible_year(year, era) {
                return Some(Found::new(i, next, Label::Date, 0.95, value(year, era)));
            }
        }
    }
    let (next, year, era) = year_at(s, i)?;
    if s.glued_before_separator(i) || !plausible_year(year, era) {
        return None;
    }
    if era.is_some() {
        return Some(Found::new(i, next, Label::Date, 0.9, value(year, era)));
    }
    let bare_ok = (1900..=2100).contains(&year) && cue_before(s, i);
    bare_ok.then(|| Found::new(i, next, Label::Date, 0.75, value(year, None)))
}

/// Relative dates: اليوم, أمس, أمس الأول, غدا, بعد غد, الليلة, الأسبوع الماضي, هذا العام; a
/// weekday after a relative day joins it (اليوم (الأربعاء), أمس الثلاثاء) and gives the value.
pub(super) fn relative(s: &Scanner, i: usize) -> Option<Found> {
    if s.stem(i) == "بعد" && s.text(i + 1) == "غد" {
        return Some(Found::new(i, i + 2, Label::Date, 0.9, Some("D+2".into())));
    }
    if let Some(rel) = s.sense(i, |x| match x {
        Sense::Relative(r) => Some(r),
        _ => None,
    }) {
        let mut next = i + 1;
        let (label, mut value) = match rel {
            RelDay::Today => (Label::Date, "D+0"),
            RelDay::Yesterday => (Label::Date, "D-1"),
            RelDay::Tomorrow => (Label::Date, "D+1"),
            RelDay::Tonight => (Label::Time, "D+0TNI"),
        };
        if rel == RelDay::Yesterday && s.text(next) == "الاول" {
            value = "D-2";
            next += 1;
        }
        if rel == RelDay::Tonight {
            let end = match shift(s, next) {
                Some(n) => {
                    value = match n {
                        -1 => "D-1TNI",
                        1 => "D+1TNI",
                        _ => "D+0TNI",
                    };
                    next + 1
                }
                // الليلة الأولى: "the night", not "tonight".
                None if s.definite(next) && s.senses(next).is_empty() => return None,
                None => next,
            };
            return Some(Found::new(i, end, label, 0.8, Some(value.into())));
        }
        if let Some((end, day_value)) = weekday_after(s, next) {
            return Some(Found::new(i, end, Label::Date, 0.95, day_value));
        }
        // اليوم الوطني, اليوم التالي, اليوم الذي: "the day", not "today".
        if rel == RelDay::Today && s.definite(next) {
            return None;
        }
        return Some(Found::new(i, next, label, 0.85, Some(value.into())));
    }
    let this = s.has(i, Sense::This);
    let j = if this { i + 1 } else { i };
    let unit = s.sense(j, |x| match x {
        Sense::Period { unit, definite: true } => Some(unit),
        _ => None,
    })?;
    if this {
        return Some(Found::new(i, j + 1, Label::Date, 0.85, Some(format!("{}+0", unit.code()))));
    }
    let n = shift(s, j + 1)?;
    Some(Found::new(i, j + 2, Label::Date, 0.9, Some(format!("{}{:+}", unit.code(), n))))
}

/// A weekday (with its date, if any) right after a relative day, bare or in parentheses.
fn weekday_after(s: &Scanner, k: usize) -> Option<(usize, Option<String>)> {
    if s.is_punct(k, '(') {
        let inner = weekday(s, k + 1)?;
        return s.is_punct(inner.next, ')').then_some((inner.next + 1, inner.value));
    }
    if !s.bare(k) {
        return None;
    }
    let found = weekday(s, k)?;
    Some((found.next, found.value))
}

/// Decades and centuries: التسعينيات, ثمانينيات القرن الماضي, القرن العشرين, القرن الـ21.
pub(super) fn decade_century(s: &Scanner, i: usize) -> Option<Found> {
    if let Some(tens) = s.sense(i, |x| match x {
        Sense::Decade(d) => Some(d),
        _ => None,
    }) {
        let mut next = i + 1;
        let mut century = 19;
        let j = if s.has(next, Sense::From) { next + 1 } else { next };
        if let Some((n, c)) = century_phrase(s, j) {
            century = c;
            next = n;
        }
        return Some(Found::new(i, next, Label::Date, 0.9, Some(format!("{century}{tens}"))));
    }
    let (next, century) = century_number(s, i)?;
    Some(Found::new(i, next, Label::Date, 0.9, Some(format!("{century:02}"))))
}

/// القرن + ordinal or number: `(next, ISO century)`, the 20th century being "19".
fn century_number(s: &Scanner, i: usize) -> Option<(usize, u32)> {
    s.sense(i, |x| matches!(x, Sense::Period { unit: Unit::Century, .. }).then_some(()))?;
    let k = i + 1;
    let (next, n) = if let Some((next, n)) = ordinal(s, k) {
        (next, u32::from(n))
    } else if s.has(k, Sense::Article) && s.glued(k) {
        (k + 2, s.int(k + 1, 1, 2)?)
    } else {
        (k + 1, s.int(k, 1, 2)?)
    };
    (1..=30).contains(&n).then_some((next, n - 1))
}

/// The century named after a decade: القرن الماضي (taken as the 20th), القرن العشرين.
fn century_phrase(s: &Scanner, i: usize) -> Option<(usize, u32)> {
    if let Some(found) = century_number(s, i) {
        return Some(found);
    }
    s.sense(i, |x| matches!(x, Sense::Period { unit: Unit::Century, .. }).then_some(()))?;
    match shift(s, i + 1)? {
        -1 => Some((i + 2, 19)),
        0 => Some((i + 2, 20)),
        _ => None,
    }
}

/// Ranges: من 3 إلى 5 مايو, بين عامي 2019 و2021, من مايو إلى يوليو 2021. The span covers
/// the whole phrase; the value is `start/end` (ISO 8601 interval notation).
pub(super) fn range(s: &Scanner, i: usize) -> Option<Found> {
    let between = s.has(i, Sense::Between);
    if !between && !s.has(i, Sense::From) {
        return None;
    }
    let connect = |k: usize| {
        if between {
            s.after_and(k)
        } else {
            s.has(k, Sense::To).then_some(k + 1)
        }
    };
    let is_year_word = |k: usize| {
        s.has(k, Sense::YearsDual)
            || s.sense(k, |x| matches!(x, Sense::Period { unit: Unit::Year, .. }).then_some(())).is_some()
    };
    let mut j = i + 1;
    let years = is_year_word(j);
    if years {
        j += 1;
    }
    if let Some((k, from, era)) = year_at(s, j) {
        let o = connect(k)?;
        let o = if is_year_word(o) { o + 1 } else { o };
        let (end, to, era_to) = year_at(s, o)?;
        let calendar = era.or(era_to);
        if from < to && plausible_year(from, calendar) && plausible_year(to, calendar) {
            let suffix = if calendar == Some(Calendar::Hijri) { "H" } else { "" };
            let value = format!("{from}{suffix}/{to}{suffix}");
            return Some(Found::new(i, end, Label::Date, 0.9, Some(value)));
        }
        return None;
    }
    if years {
        return None;
    }
    if let Some(first_day) = s.int(j, 1, 2) {
        if let Some((end, last)) = connect(j + 1).and_then(|o| day_month(s, o)) {
            let first = Ymd { day: u8::try_from(first_day).ok(), ..last };
            if last.day.is_some_and(|d| u32::from(d) > first_day) && first_day >= 1 {
                let value = interval(first, last);
                return Some(Found::new(i, end, Label::Date, 0.9, value));
            }
        }
    }
    let (k, mut first) = date_expr(s, j)?;
    let (end, last) = connect(k).and_then(|o| date_expr(s, o))?;
    if first.year.is_none() && first.month.is_some() {
        first.year = last.year;
        first.calendar = last.calendar;
    }
    Some(Found::new(i, end, Label::Date, 0.85, interval(first, last)))
}

fn interval(first: Ymd, last: Ymd) -> Option<String> {
    Some(format!("{}/{}", first.value()?, last.value()?))
}

// ---------------------------------------------------------------------------------------------
// Times.

/// A clock reading at `i`: 10:30, 10, العاشرة, الحادية عشرة; then والنصف / إلا ربعا.
/// Returns `(next, hour, minute, digits with minutes)`.
fn clock(s: &Scanner, i: usize) -> Option<(usize, u8, u8, bool)> {
    let (mut next, mut hour, mut minute, mut with_minutes) = if let Some(h) = s.int(i, 1, 2) {
        let h = u8::try_from(h).ok().filter(|&h| h <= 24)?;
        if s.glued(i) && s.is_punct(i + 1, ':') && s.glued(i + 1) {
            let m = s.int(i + 2, 2, 2).and_then(|m| u8::try_from(m).ok()).filter(|&m| m < 60)?;
            if s.glued(i + 2) && s.is_punct(i + 3, ':') {
                return None;
            }
            (i + 3, h, m, true)
        } else {
            (i + 1, h, 0, false)
        }
    } else {
        let h = s.sense(i, |x| match x {
            Sense::HourWord(h) => Some(h),
            _ => None,
        })?;
        if h <= 2 && s.has(i + 1, Sense::Teen) {
            (i + 2, h + 10, 0, false)
        } else if s.text(i) == "الحاديه" {
            return None;
        } else {
            (i + 1, h, 0, false)
        }
    };
    if !with_minutes {
        if let Some(m) = s.sense(next, |x| match x {
            Sense::Minutes(m) => Some(m),
            _ => None,
        }) {
            minute = m;
            next += 1;
            with_minutes = true;
        } else if s.has(next, Sense::Minus) && s.text(next + 1) == "ربعا" {
            hour = if hour == 0 { 23 } else { hour - 1 };
            minute = 45;
            next += 2;
            with_minutes = true;
        }
    }
    Some((next, hour, minute, with_minutes))
}

fn adverb_part(s: &Scanner, i: usize) -> Option<DayPart> {
    s.sense(i, |x| match x {
        Sense::DayPart { part, adverb: true, .. } => Some(part),
        _ => None,
    })
}

/// A time zone after a time: بتوقيت غرينتش, بتوقيت مكة المكرمة, بالتوقيت المحلي,
/// (بتوقيت القدس), GMT. Returns `(next, is GMT)`.
fn timezone(s: &Scanner, i: usize) -> Option<(usize, bool)> {
    let paren = s.is_punct(i, '(');
    let mut j = if paren { i + 1 } else { i };
    if s.text(j) == "حسب" {
        j += 1;
    }
    let (end, gmt) = if is_gmt(s.text(j)) {
        (j + 1, true)
    } else {
        if !s.has(j, Sense::Timezone) || !s.is_word(j + 1) {
            return None;
        }
        let zone = j + 1;
        let mut end = zone + 1;
        let second_word = !s.definite(zone) && s.definite(end) && s.senses(end).is_empty();
        if second_word {
            end += 1;
        }
        (end, is_gmt(s.text(zone)))
    };
    if paren {
        return s.is_punct(end, ')').then_some((end + 1, gmt));
    }
    Some((end, gmt))
}

fn is_gmt(word: &str) -> bool {
    matches!(word, "غرينتش" | "غرينيتش" | "جرينتش" | "جرينيتش" | "غرينيش" | "GMT" | "UTC")
}

/// Times of day: الساعة العاشرة صباحا, الساعة 10:30 مساء, 10:30, 10 صباحا, منتصف الليل,
/// صباح اليوم, مساء الثلاثاء, ظهرا; a time zone after the time joins the span.
pub(super) fn time(s: &Scanner, i: usize) -> Option<Found> {
    if let Some(found) = clock_time(s, i) {
        return Some(found);
    }
    if s.has(i, Sense::Middle) {
        let value = match s.text(i + 1) {
            "الليل" => "T00:00",
            "النهار" | "الظهيره" => "T12:00",
            _ => return None,
        };
        return Some(Found::new(i, i + 2, Label::Time, 0.9, Some(value.into())));
    }
    let (part, adverb, noun) = s.sense(i, |x| match x {
        Sense::DayPart { part, adverb, noun } => Some((part, adverb, noun)),
        _ => None,
    })?;
    if noun {
        if let Some((end, day)) = day_after_part(s, i + 1) {
            let value = day.map(|d| format!("{d}T{}", part.code()));
            return Some(Found::new(i, end, Label::Time, 0.9, value));
        }
    }
    if adverb && !noun {
        let value = if part == DayPart::Noon { "T12:00".to_string() } else { format!("T{}", part.code()) };
        return Some(Found::new(i, i + 1, Label::Time, 0.6, Some(value)));
    }
    None
}

fn clock_time(s: &Scanner, i: usize) -> Option<Found> {
    let hour_word = s.has(i, Sense::Hour);
    let at = if hour_word { i + 1 } else { i };
    if at > i && s.glued_before_separator(at) {
        return None;
    }
    if at == i && s.glued_before_separator(i) {
        return None;
    }
    let (mut next, mut hour, minute, with_minutes) = clock(s, at)?;
    let part = adverb_part(s, next);
    if let Some(part) = part {
        hour = part.adjust(hour);
        next += 1;
    }
    let digits_only = at == i;
    if digits_only {
        let word_hour = !s.is_number(i);
        // A bare number needs a part of the day; a bare hour word is an ordinal.
        if word_hour || (!with_minutes && part.is_none()) {
            return None;
        }
        if with_minutes && !s.is_number(i) {
            return None;
        }
    }
    let mut gmt = false;
    if let Some((end, is_gmt)) = timezone(s, next) {
        next = end;
        gmt = is_gmt;
    }
    let score = if hour_word || part.is_some() { 0.95 } else { 0.8 };
    let zone = if gmt { "Z" } else { "" };
    let value = format!("T{hour:02}:{minute:02}{zone}");
    Some(Found::new(i, next, Label::Time, score, Some(value)))
}

/// The day a part-of-day noun is attached to: صباح اليوم, مساء أمس, ليلة الاثنين,
/// صباح 28 يوليو. Returns `(next, day value)`.
fn day_after_part(s: &Scanner, k: usize) -> Option<(usize, Option<String>)> {
    if let Some(rel) = s.sense(k, |x| match x {
        Sense::Relative(r) => Some(r),
        _ => None,
    }) {
        let value = match rel {
            RelDay::Today => "D+0",
            RelDay::Yesterday => "D-1",
            RelDay::Tomorrow => "D+1",
            RelDay::Tonight => return None,
        };
        if !s.bare(k) {
            return None;
        }
        if let Some((end, wd)) = weekday_after(s, k + 1) {
            return Some((end, wd));
        }
        return Some((k + 1, Some(value.into())));
    }
    if matches!(s.text(k), "غد" | "الغد") {
        return Some((k + 1, Some("D+1".into())));
    }
    if !s.bare(k) {
        return None;
    }
    if let Some(found) = weekday(s, k).or_else(|| day_month_date(s, k)) {
        return Some((found.next, found.value));
    }
    None
}
