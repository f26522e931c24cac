//! Date and time rules. Each rule tries to match at one token and says how far it reaches;
//! the caller keeps the longest match. Values are [`Draft`]s, completed from the anchor later.

use super::lexicon::{Calendar, DayPart, RelDay, ScaleForm, Sense, Trust, Unit};
use super::scan::{Found, Scanner};
use crate::entity::Label;
use crate::timex::calendar;
use crate::timex::{Clock, Date, Draft, HijriDate, Offset, Period, Precision, Relation, Side, TimexValue};

/// A calendar date, possibly partial, as written.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Ymd {
    calendar: Calendar,
    year: Option<u32>,
    month: Option<u8>,
    day: Option<u8>,
}

impl Ymd {
    /// Whether the date can exist: a Gregorian day fits its month (29 February only in a leap
    /// year, or with no year said); a Hijri day is 1..=30 (observed months have 29 or 30 days).
    fn is_real(self) -> bool {
        let (Some(month), Some(day)) = (self.month, self.day) else { return true };
        match self.calendar {
            Calendar::Hijri => (1..=30).contains(&day),
            Calendar::Gregorian => {
                let year = self.year.and_then(|y| i32::try_from(y).ok()).unwrap_or(2000);
                calendar::is_real(year, month, day)
            }
        }
    }

    /// The value side; `shift` is the adjective after a date without a year (الماضي -1,
    /// المقبل +1).
    fn side(self, shift: Option<i8>) -> Side {
        let relation = match shift {
            Some(n) if n < 0 => Relation::Last,
            Some(n) if n > 0 => Relation::Next,
            _ => Relation::Nearest,
        };
        let year = self.year.and_then(|y| i32::try_from(y).ok());
        match self.calendar {
            Calendar::Gregorian => {
                let relation = if year.is_some() { Relation::Fixed } else { relation };
                Side { date: Date::ymd(year, self.month, self.day), relation, hijri: None }
            }
            Calendar::Hijri => {
                let hijri = HijriDate { year, month: self.month, day: self.day };
                let precision = if self.day.is_some() { Precision::Day } else { Precision::Month };
                let relation = if year.is_some() { Relation::Fixed } else { relation };
                Side { date: Date::unknown(precision), relation, hijri: Some(hijri) }
            }
        }
    }

    /// The ISO weekday of a full Gregorian date.
    fn iso_weekday(self) -> Option<u8> {
        let (Calendar::Gregorian, Some(year), Some(month), Some(day)) = (self.calendar, self.year, self.month, self.day) else {
            return None;
        };
        let year = i32::try_from(year).ok()?;
        calendar::is_real(year, month, day).then(|| calendar::iso_weekday(calendar::days_from_civil(year, month, day)))
    }

    fn draft(self, shift: Option<i8>) -> Draft {
        Draft::side(self.side(shift))
    }
}

/// The lexicon counts from Sunday = 0; ISO from Monday = 1 to Sunday = 7.
fn iso_day(day: u8) -> u8 {
    if day == 0 {
        7
    } else {
        day
    }
}

fn weekday_side(day: u8, shift: Option<i8>) -> Side {
    let iso = iso_day(day);
    let relation = match shift {
        Some(n) if n < 0 => Relation::Last,
        Some(n) if n > 0 => Relation::Next,
        _ => Relation::Nearest,
    };
    Side { date: Date { weekday: Some(iso), ..Date::unknown(Precision::Day) }, relation, hijri: None }
}

/// A side `count` `unit`s from the anchor, backwards when `past`.
fn offset_side(past: bool, count: u32, unit: Unit) -> Side {
    let offset = Offset { past, period: Period { count, unit } };
    Side { date: Date::unknown(unit.precision()), relation: Relation::Offset(offset), hijri: None }
}

/// The date side of a found date or time, to attach a part of the day or a clock to it.
fn side_of(found: &Found) -> Option<Side> {
    match found.draft()? {
        Draft::Point(side, None) => Some(*side),
        _ => None,
    }
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

/// A four-digit year at `i` with its optional era word, or a three-digit one with its era
/// word (750 هجري): `(next, year, calendar if said)`.
fn year_at(s: &Scanner, i: usize) -> Option<(usize, u32, Option<Calendar>)> {
    let year = s.int(i, 3, 4)?;
    match era(s, i + 1) {
        Some(calendar) if year >= 1000 || s.text(i + 1).len() > 2 => Some((i + 2, year, Some(calendar))),
        _ if year >= 1000 => Some((i + 1, year, None)),
        _ => None,
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
        if plausible_year(year, era.or(Some(calendar))) && era.is_none_or(|e| e == calendar) {
            ymd.year = Some(year);
            next = n;
        }
    }
    ymd.is_real().then_some((next, ymd))
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
    if !s.is_number(i) || !s.is_punct(i + 3, sep) {
        return None;
    }
    // 20/شعبان/1428: a month name between the separators.
    if let Some((after, month, calendar, _)) = month_word(s, i + 2).filter(|_| sep == '/') {
        let day = s.int(i, 1, 2).and_then(|d| u8::try_from(d).ok())?;
        if after != i + 3 {
            return None;
        }
        let (next, year, era) = year_at(s, i + 4)?;
        let ymd = Ymd { calendar, year: Some(year), month: Some(month), day: Some(day) };
        let fits = era.is_none_or(|e| e == calendar) && plausible_year(year, Some(calendar));
        return (fits && ymd.is_real()).then_some((next, ymd));
    }
    if !s.is_number(i + 2) || !s.is_number(i + 4) {
        return None;
    }
    let all_glued = (i..i + 4).all(|k| s.glued(k));
    // 5 / 5 / 1948: spaced slashes, with a four-digit year last.
    let spaced = sep == '/' && !(i..i + 4).any(|k| s.glued(k)) && s.text(i + 4).len() == 4;
    if !all_glued && !spaced {
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
    if !(1..=12).contains(&month) || !plausible_year(year, None) {
        return None;
    }
    let ymd = Ymd { calendar: Calendar::Gregorian, year: Some(year), month: Some(month), day: Some(day) };
    ymd.is_real().then_some((next, ymd))
}

/// A weekday at `i`: `(next, day)`.
fn weekday_at(s: &Scanner, i: usize) -> Option<(usize, u8)> {
    s.sense(i, |x| match x {
        Sense::Weekday(day) => Some((i + 1, day)),
        _ => None,
    })
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
    plausible_year(year, era).then_some((next, Ymd { calendar: era.unwrap_or_default(), year: Some(year), month: None, day: None }))
}

// ---------------------------------------------------------------------------------------------
// Rules.

/// 28/7/2021, 2021-07-28; also the year range 2019-2021.
pub(super) fn numeric_date(s: &Scanner, i: usize) -> Option<Found> {
    if let Some((mut next, mut ymd)) = numeric(s, i) {
        // 15/9/1442 هـ: an era word after numbers says the calendar; after a month name
        // it must agree with it.
        if let Some(era) = era(s, next) {
            let named_month = month_word(s, i + 2).is_some();
            if era == ymd.calendar || !named_month {
                ymd.calendar = era;
                next += 1;
            }
        }
        return Some(Found::timex(i, next, Label::Date, 0.95, ymd.draft(None)));
    }
    let from = s.int(i, 4, 4)?;
    if !(s.glued(i) && s.is_punct(i + 1, '-') && s.glued(i + 1)) || s.glued_before_separator(i) {
        return None;
    }
    let to = s.int(i + 2, 4, 4)?;
    let followed = s.glued(i + 2) && (s.is_punct(i + 3, '-') || s.is_punct(i + 3, '/'));
    let valid = plausible_year(from, None) && plausible_year(to, None) && from < to && !followed;
    valid.then(|| Found::timex(i, i + 3, Label::Date, 0.8, year_range(from, to, None)))
}

/// A weekday, alone or heading a date: الأحد, يوم الاثنين, الأحد الماضي, الاربعاء 28 يوليو
/// 2021, الاثنين الموافق 26/7/2021.
pub(super) fn weekday(s: &Scanner, i: usize) -> Option<Found> {
    let j = if s.has(i, Sense::DayNoun) { i + 1 } else { i };
    if j > i && !s.bare(j) {
        return None;
    }
    let (k, day) = weekday_at(s, j)?;
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
        // A weekday that is not the date's own is no part of it: the date is read alone.
        if ymd.iso_weekday().is_some_and(|iso| iso != iso_day(day)) {
            return None;
        }
        return Some(Found::timex(i, end, Label::Date, 0.95, ymd.draft(None)));
    }
    // سوق الجمعة, مسجد الخميس, صلاة الجمعة: a place or a rite named after a weekday; الأحد
    // عشر: "the eleven".
    if j == i && i.checked_sub(1).is_some_and(|p| s.has(p, Sense::PlaceHead)) {
        return None;
    }
    if day == 0 && s.has(k, Sense::Teen) {
        return None;
    }
    let after = shift(s, k);
    let end = if after.is_some() { k + 1 } else { k };
    Some(Found::timex(i, end, Label::Date, 0.9, Draft::side(weekday_side(day, after))))
}

/// A day and a month: 28 يوليو 2021, الأول من مايو, 15 رمضان 1442 هـ.
pub(super) fn day_month_date(s: &Scanner, i: usize) -> Option<Found> {
    let (mut next, ymd) = day_month(s, i)?;
    // 3 يناير الماضي: the adjective stays in the span and says which year.
    let after = if ymd.year.is_none() { shift(s, next) } else { None };
    if after.is_some() {
        next += 1;
    }
    Some(Found::timex(i, next, Label::Date, 0.95, ymd.draft(after)))
}

/// A month with an optional year: يوليو 2021, شهر رمضان, في مارس. Ambiguous names need
/// context (see [`Trust`]).
pub(super) fn month(s: &Scanner, i: usize) -> Option<Found> {
    let noun = s.has(i, Sense::MonthNoun);
    let j = if noun { i + 1 } else { i };
    let (mut next, month, calendar, trust) = month_at(s, j)?;
    let mut ymd = Ymd { calendar, year: None, month: Some(month), day: None };
    if let Some((n, year, era)) = year_at(s, next).or_else(|| of_year(s, next)) {
        if plausible_year(year, era.or(Some(calendar))) && era.is_none_or(|e| e == calendar) {
            ymd.year = Some(year);
            next = n;
        }
    }
    // حزيران (1984), كانون الاول (10/12/1946): a bracketed year or date after the month.
    if ymd.year.is_none() && s.is_punct(next, '(') {
        if let Some((n, year, era)) = year_at(s, next + 1).filter(|&(n, ..)| s.is_punct(n, ')')) {
            if plausible_year(year, era.or(Some(calendar))) && era.is_none_or(|e| e == calendar) {
                ymd.year = Some(year);
                next = n + 1;
            }
        } else if let Some((n, inner)) = numeric(s, next + 1).filter(|&(n, _)| s.is_punct(n, ')')) {
            if inner.month == Some(month) && calendar == Calendar::Gregorian {
                return Some(Found::timex(i, n + 1, Label::Date, 0.95, inner.draft(None)));
            }
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
    let after = if ymd.year.is_none() { shift(s, next) } else { None };
    if after.is_some() {
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
    Some(Found::timex(i, next, Label::Date, score, ymd.draft(after)))
}

fn year_draft(year: u32, calendar: Option<Calendar>) -> Draft {
    Ymd { calendar: calendar.unwrap_or_default(), year: Some(year), month: None, day: None }.draft(None)
}

fn year_range(from: u32, to: u32, calendar: Option<Calendar>) -> Draft {
    let side = |year| Ymd { calendar: calendar.unwrap_or_default(), year: Some(year), month: None, day: None }.side(None);
    Draft::Range(side(from), None, side(to), None)
}

/// A year in brackets at `i`: `(1948)`; `(next, year)`.
fn bracketed_year(s: &Scanner, i: usize) -> Option<(usize, u32, Option<Calendar>)> {
    if !s.is_punct(i, '(') {
        return None;
    }
    let (next, year, era) = year_at(s, i + 1)?;
    s.is_punct(next, ')').then_some((next + 1, year, era))
}

/// Whether the era word at `i` is the bare abbreviation م, which also means metres (1000 م).
fn metre_like(s: &Scanner, i: usize) -> bool {
    s.text(i) == "م" && !s.glued(i.wrapping_sub(1))
}

/// Years: عام 2021, سنة 2020, عام (1948), 2021 م, 1442 هـ, a bare year after a cue (منذ
/// 2011), and a year in brackets that ends a line or a caption (… (1948)).
pub(super) fn year(s: &Scanner, i: usize) -> Option<Found> {
    let is_year_noun = s.sense(i, |x| matches!(x, Sense::Period { unit: Unit::Year, .. }).then_some(())).is_some();
    if is_year_noun {
        if let Some((next, year, era)) = year_at(s, i + 1).or_else(|| bracketed_year(s, i + 1)) {
            if plausible_year(year, era) {
                return Some(Found::timex(i, next, Label::Date, 0.95, year_draft(year, era)));
            }
        }
    }
    if let Some((next, year, era)) = bracketed_year(s, i) {
        let ends = next >= s.len() || s.is_punct(next, '.') || s.is_punct(next, '،') || s.is_punct(next, ',');
        let after_word = i.checked_sub(1).is_some_and(|p| s.is_word(p));
        if ends && after_word && (1000..=2100).contains(&year) && era.is_none_or(|e| e == Calendar::Gregorian) {
            return Some(Found::timex(i, next, Label::Date, 0.7, year_draft(year, era)));
        }
    }
    let (next, year, era) = year_at(s, i)?;
    if s.glued_before_separator(i) || !plausible_year(year, era) {
        return None;
    }
    if era.is_some() {
        // 1000 م is a thousand metres: the abbreviation alone needs a cue or a year of our times.
        let metres = metre_like(s, i + 1) && !cue_before(s, i) && !(1900..=2100).contains(&year);
        if metres || (metre_like(s, i + 1) && year % 100 == 0 && !cue_before(s, i)) {
            return None;
        }
        return Some(Found::timex(i, next, Label::Date, 0.9, year_draft(year, era)));
    }
    let bare_ok = (1900..=2100).contains(&year) && cue_before(s, i);
    bare_ok.then(|| Found::timex(i, next, Label::Date, 0.75, year_draft(year, None)))
}

fn rel_day_side(rel: RelDay) -> Option<Side> {
    Some(match rel {
        RelDay::Today => offset_side(false, 0, Unit::Day),
        RelDay::Yesterday => offset_side(true, 1, Unit::Day),
        RelDay::Tomorrow => offset_side(false, 1, Unit::Day),
        RelDay::Tonight => return None,
    })
}

/// Relative dates: اليوم, أمس, أمس الأول, غدا, بعد غد, الليلة, الأسبوع الماضي, هذا العام,
/// العام المقبل 2011; a weekday after a relative day joins it (اليوم (الأربعاء), أمس
/// الثلاثاء).
pub(super) fn relative(s: &Scanner, i: usize) -> Option<Found> {
    // يوم أمس: the noun joins the day.
    if s.has(i, Sense::DayNoun) && s.bare(i + 1) && s.has(i + 1, Sense::Relative(RelDay::Yesterday)) {
        return relative(s, i + 1).map(|found| Found { first: i, ..found });
    }
    if s.stem(i) == "بعد" && s.text(i + 1) == "غد" {
        return Some(Found::timex(i, i + 2, Label::Date, 0.9, Draft::side(offset_side(false, 2, Unit::Day))));
    }
    if let Some(rel) = s.sense(i, |x| match x {
        Sense::Relative(r) => Some(r),
        _ => None,
    }) {
        let mut next = i + 1;
        if rel == RelDay::Tonight {
            let (end, side) = match shift(s, next) {
                Some(n) => (next + 1, offset_side(n < 0, u32::from(n.unsigned_abs()), Unit::Day)),
                // الليلة الأولى: "the night", not "tonight".
                None if s.definite(next) && s.senses(next).is_empty() => return None,
                None => (next, offset_side(false, 0, Unit::Day)),
            };
            let night = Some(Clock::Part(DayPart::Night.timex()));
            return Some(Found::timex(i, end, Label::Time, 0.8, Draft::Point(side, night)));
        }
        let mut side = rel_day_side(rel)?;
        if rel == RelDay::Yesterday && s.text(next) == "الاول" {
            side = offset_side(true, 2, Unit::Day);
            next += 1;
        }
        if let Some((end, weekday)) = weekday_after(s, next) {
            // اليوم (الأربعاء): the day is the relative one; the weekday tells it when unanchored.
            let draft = match weekday {
                Some(Side { relation: Relation::Nearest, date, .. }) => {
                    Draft::side(Side { date: Date { weekday: date.weekday, ..side.date }, ..side })
                }
                Some(dated) => Draft::side(dated),
                None => Draft::side(side),
            };
            return Some(Found::timex(i, end, Label::Date, 0.95, draft));
        }
        // اليوم الوطني, اليوم التالي, اليوم الذي: "the day", not "today".
        if rel == RelDay::Today && s.definite(next) {
            return None;
        }
        return Some(Found::timex(i, next, Label::Date, 0.85, Draft::side(side)));
    }
    let this = s.has(i, Sense::This);
    let j = if this { i + 1 } else { i };
    let unit = s.sense(j, |x| match x {
        Sense::Period { unit, definite: true } => Some(unit),
        _ => None,
    })?;
    let (next, n) = if this { (j + 1, 0) } else { (j + 2, shift(s, j + 1)?) };
    // العام المقبل 2011: the year said after it is the value.
    if unit == Unit::Year {
        if let Some((end, year, era)) = year_at(s, next).or_else(|| bracketed_year(s, next)) {
            if plausible_year(year, era) {
                return Some(Found::timex(i, end, Label::Date, 0.9, year_draft(year, era)));
            }
        }
    }
    let side = offset_side(n < 0, u32::from(n.unsigned_abs()), unit);
    Some(Found::timex(i, next, Label::Date, if this { 0.85 } else { 0.9 }, Draft::side(side)))
}

/// A weekday (with its date, if any) right after a relative day, bare or in parentheses.
fn weekday_after(s: &Scanner, k: usize) -> Option<(usize, Option<Side>)> {
    if s.is_punct(k, '(') {
        let inner = weekday(s, k + 1)?;
        return s.is_punct(inner.next, ')').then(|| (inner.next + 1, side_of(&inner)));
    }
    if !s.bare(k) {
        return None;
    }
    let found = weekday(s, k)?;
    Some((found.next, side_of(&found)))
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
        let year = i32::try_from(century * 100 + u32::from(tens) * 10).ok();
        let date = Date { year, ..Date::unknown(Precision::Decade) };
        return Some(Found::timex(i, next, Label::Date, 0.9, Draft::date(date)));
    }
    let (next, century) = century_number(s, i)?;
    let date = Date { year: i32::try_from(century * 100).ok(), ..Date::unknown(Precision::Century) };
    Some(Found::timex(i, next, Label::Date, 0.9, Draft::date(date)))
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
        s.has(k, Sense::YearsDual) || s.sense(k, |x| matches!(x, Sense::Period { unit: Unit::Year, .. }).then_some(())).is_some()
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
            return Some(Found::timex(i, end, Label::Date, 0.9, year_range(from, to, calendar)));
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
                return Some(Found::timex(i, end, Label::Date, 0.9, interval(first, last)));
            }
        }
    }
    let (k, mut first) = date_expr(s, j)?;
    let (end, last) = connect(k).and_then(|o| date_expr(s, o))?;
    if first.year.is_none() && first.month.is_some() {
        first.year = last.year;
        first.calendar = last.calendar;
    }
    if !first.is_real() || !last.is_real() {
        return None;
    }
    Some(Found::timex(i, end, Label::Date, 0.85, interval(first, last)))
}

fn interval(first: Ymd, last: Ymd) -> Draft {
    Draft::Range(first.side(None), None, last.side(None), None)
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
        } else if s.has(next, Sense::Minus) && matches!(s.text(next + 1), "ربعا" | "ربع") {
            hour = if hour == 0 { 23 } else { hour - 1 };
            minute = 45;
            next += 2;
            with_minutes = true;
        } else if let Some(o) = s.after_and(next) {
            // الساعة 4 و30 دقيقة (Maghrebi): minutes counted after و.
            let counted = s.int(o, 1, 2).and_then(|m| u8::try_from(m).ok()).filter(|&m| m < 60);
            if let (Some(m), true) = (counted, matches!(s.stem(o + 1), "دقيقه" | "دقائق")) {
                minute = m;
                next = o + 2;
                with_minutes = true;
            }
        }
    }
    Some((next, hour, minute, with_minutes))
}

/// A part of the day after a clock reading: صباحا, مساء, ليلا, and the Maghrebi بعد الزوال
/// (afternoon) and قبل الزوال (morning). Returns `(next, part)`.
fn adverb_part(s: &Scanner, i: usize) -> Option<(usize, DayPart)> {
    if s.text(i + 1) == "الزوال" {
        match s.text(i) {
            "بعد" => return Some((i + 2, DayPart::Afternoon)),
            "قبل" => return Some((i + 2, DayPart::Morning)),
            _ => {}
        }
    }
    s.sense(i, |x| match x {
        Sense::DayPart { part, adverb: true, .. } => Some((i + 1, part)),
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
        let hour = match s.text(i + 1) {
            "الليل" => 0,
            "النهار" | "الظهيره" => 12,
            _ => return None,
        };
        return Some(Found::timex(i, i + 2, Label::Time, 0.9, clock_only(hour, 0, false)));
    }
    let (part, adverb, noun) = s.sense(i, |x| match x {
        Sense::DayPart { part, adverb, noun } => Some((part, adverb, noun)),
        _ => None,
    })?;
    if noun {
        if let Some((end, day)) = day_after_part(s, i + 1) {
            let draft = Draft::Point(day, Some(Clock::Part(part.timex())));
            return Some(Found::timex(i, end, Label::Time, 0.9, draft));
        }
    }
    if adverb && !noun {
        let draft =
            if part == DayPart::Noon { clock_only(12, 0, false) } else { Draft::Ready(TimexValue::Time(None, Clock::Part(part.timex()))) };
        return Some(Found::timex(i, i + 1, Label::Time, 0.6, draft));
    }
    None
}

fn clock_only(hour: u8, minute: u8, utc: bool) -> Draft {
    Draft::Ready(TimexValue::Time(None, Clock::At { hour, minute, utc }))
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
    if let Some((end, part)) = part {
        hour = part.adjust(hour);
        next = end;
    }
    let digits_only = at == i;
    if digits_only {
        let word_hour = !s.is_number(i);
        // A bare number needs a part of the day; a bare hour word needs one too (التاسعة
        // ليلا), or it is an ordinal.
        if !with_minutes && part.is_none() {
            return None;
        }
        if word_hour && part.is_none() {
            return None;
        }
    }
    let mut gmt = false;
    if let Some((end, is_gmt)) = timezone(s, next) {
        next = end;
        gmt = is_gmt;
    }
    let score = if hour_word || part.is_some() { 0.95 } else { 0.8 };
    Some(Found::timex(i, next, Label::Time, score, clock_only(hour, minute, gmt)))
}

/// The day a part-of-day noun is attached to: صباح اليوم, مساء أمس, ليلة الاثنين,
/// صباح 28 يوليو. Returns `(next, day)`.
fn day_after_part(s: &Scanner, k: usize) -> Option<(usize, Side)> {
    if let Some(rel) = s.sense(k, |x| match x {
        Sense::Relative(r) => Some(r),
        _ => None,
    }) {
        let side = rel_day_side(rel)?;
        if !s.bare(k) {
            return None;
        }
        if let Some((end, Some(weekday))) = weekday_after(s, k + 1) {
            let side = match weekday.relation {
                Relation::Nearest => Side { date: Date { weekday: weekday.date.weekday, ..side.date }, ..side },
                _ => weekday,
            };
            return Some((end, side));
        }
        return Some((k + 1, side));
    }
    if matches!(s.text(k), "غد" | "الغد") {
        return Some((k + 1, offset_side(false, 1, Unit::Day)));
    }
    if !s.bare(k) {
        return None;
    }
    let found = weekday(s, k).or_else(|| day_month_date(s, k))?;
    Some((found.next, side_of(&found)?))
}

// ---------------------------------------------------------------------------------------------
// Durations, counted relative dates, vague references.

/// A unit noun after a count at `i`: ثلاثة أيام, 10 سنوات, عشرين عاما; or a dual alone:
/// يومين, أسبوعين. Returns `(next, count, unit)`.
fn counted(s: &Scanner, i: usize) -> Option<(usize, u32, Unit)> {
    let unit_at = |k: usize| {
        s.sense(k, |x| match x {
            Sense::UnitNoun { unit, form } => Some((unit, form)),
            _ => None,
        })
    };
    if let Some((unit, ScaleForm::Dual)) = unit_at(i) {
        // عقدين also means "two contracts": it needs a number.
        return (unit != Unit::Decade).then_some((i + 1, 2, unit));
    }
    let (k, count) = if s.is_number(i) {
        if s.glued_before_separator(i) {
            return None;
        }
        (i + 1, s.int(i, 1, 4)?)
    } else {
        let (k, n) = super::amounts::word_number(s, i)?;
        (k, u32::try_from(n).ok()?)
    };
    let (unit, form) = unit_at(k)?;
    // في 2021 عام التحديات: a year, not 2021 years.
    if s.is_number(i) && (1000..=2100).contains(&count) && unit == Unit::Year {
        return None;
    }
    let fits = match form {
        ScaleForm::Plural => (3..=10).contains(&count),
        ScaleForm::DualOrAccusative => count > 10,
        ScaleForm::Plain => count >= 100 || s.is_number(i),
        ScaleForm::Dual => false,
    };
    (fits && count > 0 && s.bare(k)).then_some((k + 1, count, unit))
}

/// Durations: ثلاثة أيام P3D, أسبوعين P2W, 48 ساعة PT48H; and dates counted back from the
/// anchor: منذ ثلاث سنوات, قبل عشرين عاما. (بعد + a count is left a duration: news writes
/// "after twenty years in office" far more than "twenty years from now".)
pub(super) fn duration(s: &Scanner, i: usize) -> Option<Found> {
    if s.has(i, Sense::Ago) && s.bare(i) {
        let past = true;
        // منذ عام, قبل أسبوع: a unit alone counts one; but منذ عام 2011 is a year, منذ يوم
        // أمس is أمس, and منذ سنة ونصف is no whole unit.
        let one = s
            .sense(i + 1, |x| match x {
                Sense::UnitNoun { unit, form: ScaleForm::Plain } => Some(unit),
                _ => None,
            })
            .filter(|_| s.bare(i + 1) && !s.is_number(i + 2) && !s.is_punct(i + 2, '(') && !dated_word(s, i + 2))
            .map(|unit| (i + 2, 1, unit));
        if let Some((next, count, unit)) = counted(s, i + 1).or(one) {
            // قبل ثلاثة أيام من الانتخابات: counted from an event, not from the day of writing.
            let from_event = s.has(next, Sense::From) || s.text(next) == "علي";
            let day_or_more = !matches!(unit, Unit::Hour | Unit::Minute);
            if !from_event && day_or_more {
                let draft = Draft::side(offset_side(past, count, unit));
                return Some(Found::timex(i, next, Label::Date, 0.85, draft));
            }
        }
        return None;
    }
    // يوما بعد يوم, عاما بعد عام: "day after day".
    if i.checked_sub(1).is_some_and(|p| s.stem(p) == "بعد")
        && i.checked_sub(2).is_some_and(|p| s.sense(p, |x| matches!(x, Sense::UnitNoun { .. }).then_some(())).is_some())
    {
        return None;
    }
    let (next, count, unit) = counted(s, i)?;
    let label = if matches!(unit, Unit::Hour | Unit::Minute) { Label::Time } else { Label::Date };
    let period = Period { count, unit };
    Some(Found::timex(i, next, label, 0.8, Draft::Ready(TimexValue::Duration(period))))
}

/// Whether the word at `i` names or continues a date (أمس, الخميس, رمضان, ونصف), so that a
/// unit noun before it is not counted alone.
fn dated_word(s: &Scanner, i: usize) -> bool {
    s.senses(i)
        .iter()
        .any(|x| matches!(x, Sense::Relative(_) | Sense::Weekday(_) | Sense::Month { .. } | Sense::MonthHead | Sense::Minutes(_)))
}

/// Vague references: الآن, حاليا (PRESENT_REF), مؤخرا, في الماضي (PAST_REF), قريبا, في
/// المستقبل (FUTURE_REF).
pub(super) fn reference(s: &Scanner, i: usize) -> Option<Found> {
    let (reference, after_in) = s.sense(i, |x| match x {
        Sense::Ref { reference, after_in } => Some((reference, after_in)),
        _ => None,
    })?;
    if after_in {
        let after_fi = i.checked_sub(1).is_some_and(|p| s.stem(p) == "في");
        if !after_fi || !s.bare(i) {
            return None;
        }
    }
    // قريبا من الحدود: "near the border".
    if s.stem(i) == "قريبا" && (s.has(i + 1, Sense::From) || s.text(i + 1) == "الي") {
        return None;
    }
    Some(Found::timex(i, i + 1, Label::Date, 0.7, Draft::Ready(TimexValue::Ref(reference))))
}
