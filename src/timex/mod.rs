//! TIMEX3 values (TimeML's `value` attribute): the structured form the rules build, the string
//! form entities carry, a parser for that string form, and resolution against an anchor date.
//! docs/TEMPORAL.md has the table of every form. [`crate::Entity::timex`] holds one for each date
//! and time the recognizer finds.

pub(crate) mod calendar;

use calendar::{civil_from_days, days_from_civil, days_from_hijri, hijri_from_days, iso_week, iso_weekday};
use std::fmt;

/// A calendar day that relative expressions are resolved against: the article's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Anchor {
    days: i64,
}

impl Anchor {
    /// The Gregorian day `year-month-day`; `None` if there is no such day or the year is
    /// outside 1..=9999.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Anchor> {
        ((1..=9999).contains(&year) && calendar::is_real(year, month, day)).then(|| Anchor { days: days_from_civil(year, month, day) })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Anchor> {
        let mut parts = text.trim().split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return None;
        }
        Anchor::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u8, u8) {
        civil_from_days(self.days)
    }
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl std::str::FromStr for Anchor {
    type Err = crate::error::Error;
    fn from_str(text: &str) -> crate::error::Result<Anchor> {
        Anchor::parse(text).ok_or_else(|| crate::error::Error::Data(format!("not a date (YYYY-MM-DD): {text}")))
    }
}

/// How fine a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// `19`: the years 1900-1999.
    Century,
    /// `199`: the 1990s.
    Decade,
    /// `2021`.
    Year,
    /// `2021-07`.
    Month,
    /// `2021-W30`.
    Week,
    /// `2021-07-28`, or a weekday `XXXX-WXX-3`.
    Day,
}

/// A date, possibly partial; a field that cannot be known is `None` and prints as `X`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Gregorian year (for a decade or a century: its first year, 1990 or 1900).
    pub year: Option<i32>,
    /// 1..=12.
    pub month: Option<u8>,
    /// Day of the month.
    pub day: Option<u8>,
    /// ISO 8601 week of the year.
    pub week: Option<u8>,
    /// ISO weekday, 1 Monday .. 7 Sunday; with no day of the month the date prints in week
    /// notation (`XXXX-WXX-3`).
    pub weekday: Option<u8>,
    /// How fine it is.
    pub precision: Precision,
}

impl Date {
    /// A calendar day, month or year, fields unknown where `None`.
    pub(crate) fn ymd(year: Option<i32>, month: Option<u8>, day: Option<u8>) -> Date {
        let precision = if day.is_some() {
            Precision::Day
        } else if month.is_some() {
            Precision::Month
        } else {
            Precision::Year
        };
        Date { year, month, day, week: None, weekday: None, precision }
    }

    /// Nothing known, at `precision` (`XXXX-XX-XX`, `XXXX-WXX`, `XXXX-XX`, `XXXX`).
    pub(crate) fn unknown(precision: Precision) -> Date {
        Date { year: None, month: None, day: None, week: None, weekday: None, precision }
    }

    fn of_days(days: i64) -> Date {
        let (y, m, d) = civil_from_days(days);
        Date::ymd(Some(y), Some(m), Some(d))
    }

    /// Whether every field is known and, for a day, a real one.
    pub fn is_known(&self) -> bool {
        match self.precision {
            Precision::Century | Precision::Decade | Precision::Year => self.year.is_some(),
            Precision::Month => self.year.is_some() && self.month.is_some(),
            Precision::Week => self.year.is_some() && self.week.is_some(),
            Precision::Day => self.day_count().is_some(),
        }
    }

    /// Days since 1970-01-01 of a fully known, real day.
    fn day_count(&self) -> Option<i64> {
        let (y, m, d) = (self.year?, self.month?, self.day?);
        calendar::is_real(y, m, d).then(|| days_from_civil(y, m, d))
    }

    /// Whether nothing in it contradicts the calendar: a known month is 1..=12, a known day
    /// fits its month (in a leap year when the year is unknown), a weekday is 1..=7.
    pub fn is_valid(&self) -> bool {
        let month_ok = self.month.is_none_or(|m| (1..=12).contains(&m));
        let day_ok = match (self.day, self.month) {
            (Some(d), Some(m)) => d >= 1 && d <= calendar::days_in_month(self.year.unwrap_or(2000), m),
            (Some(d), None) => (1..=31).contains(&d),
            (None, _) => true,
        };
        let week_ok = self.week.is_none_or(|w| (1..=53).contains(&w));
        let weekday_ok = self.weekday.is_none_or(|w| (1..=7).contains(&w));
        let year_ok = self.year.is_none_or(|y| (0..=9999).contains(&y));
        month_ok && day_ok && week_ok && weekday_ok && year_ok
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = |f: &mut fmt::Formatter<'_>| match self.year {
            Some(y) => write!(f, "{y:04}"),
            None => f.write_str("XXXX"),
        };
        let two = |f: &mut fmt::Formatter<'_>, n: Option<u8>| match n {
            Some(n) => write!(f, "{n:02}"),
            None => f.write_str("XX"),
        };
        match self.precision {
            Precision::Century => match self.year {
                Some(y) => write!(f, "{:02}", y.div_euclid(100)),
                None => f.write_str("XX"),
            },
            Precision::Decade => match self.year {
                Some(y) => write!(f, "{:03}", y.div_euclid(10)),
                None => f.write_str("XXX"),
            },
            Precision::Year => year(f),
            Precision::Month => {
                year(f)?;
                f.write_str("-")?;
                two(f, self.month)
            }
            Precision::Week => {
                year(f)?;
                f.write_str("-W")?;
                two(f, self.week)
            }
            Precision::Day => {
                year(f)?;
                if let (Some(weekday), None) = (self.weekday, self.day) {
                    f.write_str("-W")?;
                    two(f, self.week)?;
                    return write!(f, "-{weekday}");
                }
                f.write_str("-")?;
                two(f, self.month)?;
                f.write_str("-")?;
                two(f, self.day)
            }
        }
    }
}

/// A part of the day, as TIMEX3 codes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayPart {
    /// `MO`, morning (dawn included).
    Morning,
    /// `MI`, midday.
    Midday,
    /// `AF`, afternoon.
    Afternoon,
    /// `EV`, evening.
    Evening,
    /// `NI`, night.
    Night,
}

impl DayPart {
    fn code(self) -> &'static str {
        match self {
            DayPart::Morning => "MO",
            DayPart::Midday => "MI",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
        }
    }
}

/// A time of day: a clock reading or a part of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// `T14:30`, `T14:30Z` on Greenwich time.
    At {
        /// 0..=24 (24:00 is the day's end).
        hour: u8,
        /// 0..=59.
        minute: u8,
        /// Greenwich time.
        utc: bool,
    },
    /// `TEV`.
    Part(DayPart),
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Clock::At { hour, minute, utc } => write!(f, "T{hour:02}:{minute:02}{}", if utc { "Z" } else { "" }),
            Clock::Part(part) => write!(f, "T{}", part.code()),
        }
    }
}

/// A unit of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    /// `PT5M`.
    Minute,
    /// `PT2H`.
    Hour,
    /// `P3D`.
    Day,
    /// `P2W`.
    Week,
    /// `P6M`.
    Month,
    /// `P3Y`.
    Year,
    /// `P3DE` (TimeML's decade).
    Decade,
    /// `P2CE` (TimeML's century).
    Century,
}

impl Unit {
    /// How fine a date one of these units from the anchor is written (a day for hours too).
    pub(crate) fn precision(self) -> Precision {
        match self {
            Unit::Day | Unit::Hour | Unit::Minute => Precision::Day,
            Unit::Week => Precision::Week,
            Unit::Month => Precision::Month,
            Unit::Year => Precision::Year,
            Unit::Decade => Precision::Decade,
            Unit::Century => Precision::Century,
        }
    }
}

/// A duration: `count` `unit`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// How many.
    pub count: u32,
    /// Of what.
    pub unit: Unit,
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.count;
        match self.unit {
            Unit::Minute => write!(f, "PT{n}M"),
            Unit::Hour => write!(f, "PT{n}H"),
            Unit::Day => write!(f, "P{n}D"),
            Unit::Week => write!(f, "P{n}W"),
            Unit::Month => write!(f, "P{n}M"),
            Unit::Year => write!(f, "P{n}Y"),
            Unit::Decade => write!(f, "P{n}DE"),
            Unit::Century => write!(f, "P{n}CE"),
        }
    }
}

/// A signed duration from the anchor: `-P1D` (yesterday), `+P1M` (next month), `P0D` (today).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset {
    /// Backwards in time.
    pub past: bool,
    /// How far.
    pub period: Period,
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match (self.period.count, self.past) {
            (0, _) => "",
            (_, true) => "-",
            (_, false) => "+",
        };
        write!(f, "{sign}{}", self.period)
    }
}

/// TimeML's vague references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// `PRESENT_REF`: now, currently.
    Present,
    /// `PAST_REF`: in the past, recently.
    Past,
    /// `FUTURE_REF`: in the future, soon.
    Future,
}

/// A TIMEX3 value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimexValue {
    /// A date: `2021-07-28`, `2021-07`, `2021`, `XXXX-WXX-3`, `199`, `19`.
    Date(Date),
    /// A time, on a date or not: `T14:00`, `2021-07-28TEV`.
    Time(Option<Date>, Clock),
    /// A duration: `P3D`.
    Duration(Period),
    /// From one date (or time) to another: `2017-11-04/2017-11-11`.
    Range(Box<TimexValue>, Box<TimexValue>),
    /// `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`.
    Ref(Reference),
}

impl fmt::Display for TimexValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimexValue::Date(date) => date.fmt(f),
            TimexValue::Time(Some(date), clock) => write!(f, "{date}{clock}"),
            TimexValue::Time(None, clock) => clock.fmt(f),
            TimexValue::Duration(period) => period.fmt(f),
            TimexValue::Range(a, b) => write!(f, "{a}/{b}"),
            TimexValue::Ref(Reference::Present) => f.write_str("PRESENT_REF"),
            TimexValue::Ref(Reference::Past) => f.write_str("PAST_REF"),
            TimexValue::Ref(Reference::Future) => f.write_str("FUTURE_REF"),
        }
    }
}

impl TimexValue {
    /// Parses the string form; `None` for anything that is not a TIMEX3 value as this crate
    /// writes them, or names a day that does not exist (`2023-02-29`).
    pub fn parse(text: &str) -> Option<TimexValue> {
        if let Some((a, b)) = text.split_once('/') {
            let (a, b) = (Self::parse_one(a)?, Self::parse_one(b)?);
            return Some(TimexValue::Range(Box::new(a), Box::new(b)));
        }
        Self::parse_one(text)
    }

    fn parse_one(text: &str) -> Option<TimexValue> {
        match text {
            "PRESENT_REF" => return Some(TimexValue::Ref(Reference::Present)),
            "PAST_REF" => return Some(TimexValue::Ref(Reference::Past)),
            "FUTURE_REF" => return Some(TimexValue::Ref(Reference::Future)),
            _ => {}
        }
        if let Some(rest) = text.strip_prefix('P') {
            return parse_period(rest).map(TimexValue::Duration);
        }
        let (date, clock) = match text.find('T') {
            Some(at) => (&text[..at], Some(parse_clock(&text[at + 1..])?)),
            None => (text, None),
        };
        let date = if date.is_empty() { None } else { Some(parse_date(date)?) };
        let value = match (date, clock) {
            (date, Some(clock)) => TimexValue::Time(date, clock),
            (Some(date), None) => TimexValue::Date(date),
            (None, None) => return None,
        };
        // The string form is canonical: it prints back as it was read.
        (value.to_string() == text).then_some(value)
    }
}

fn number<T: std::str::FromStr>(text: &str, len: usize) -> Option<Option<T>> {
    if text.len() != len {
        return None;
    }
    if text.bytes().all(|b| b == b'X') {
        return Some(None);
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().map(Some)
}

fn parse_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.split('-').collect();
    let date = match parts.as_slice() {
        [c] if c.len() == 2 => {
            let century: Option<i32> = number(c, 2)?;
            Date { year: century.map(|c| c * 100), ..Date::unknown(Precision::Century) }
        }
        [d] if d.len() == 3 => {
            let decade: Option<i32> = number(d, 3)?;
            Date { year: decade.map(|d| d * 10), ..Date::unknown(Precision::Decade) }
        }
        [y] => Date::ymd(number(y, 4)?, None, None),
        [y, w] if w.starts_with('W') => Date { year: number(y, 4)?, week: number(&w[1..], 2)?, ..Date::unknown(Precision::Week) },
        [y, w, d] if w.starts_with('W') => {
            let weekday: u8 = number(d, 1)??;
            Date { year: number(y, 4)?, week: number(&w[1..], 2)?, weekday: Some(weekday), ..Date::unknown(Precision::Day) }
        }
        [y, m] => Date { precision: Precision::Month, ..Date::ymd(number(y, 4)?, number(m, 2)?, None) },
        [y, m, d] => Date { precision: Precision::Day, ..Date::ymd(number(y, 4)?, number(m, 2)?, number(d, 2)?) },
        _ => return None,
    };
    date.is_valid().then_some(date)
}

fn parse_clock(text: &str) -> Option<Clock> {
    let part = match text {
        "MO" => Some(DayPart::Morning),
        "MI" => Some(DayPart::Midday),
        "AF" => Some(DayPart::Afternoon),
        "EV" => Some(DayPart::Evening),
        "NI" => Some(DayPart::Night),
        _ => None,
    };
    if let Some(part) = part {
        return Some(Clock::Part(part));
    }
    let (text, utc) = match text.strip_suffix('Z') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let (h, m) = text.split_once(':')?;
    let hour: u8 = number(h, 2)??;
    let minute: u8 = number(m, 2)??;
    (hour <= 24 && minute < 60 && (hour < 24 || minute == 0)).then_some(Clock::At { hour, minute, utc })
}

fn parse_period(rest: &str) -> Option<Period> {
    let (rest, time) = match rest.strip_prefix('T') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let count: u32 = rest.get(..digits)?.parse().ok()?;
    let unit = match (time, rest.get(digits..)?) {
        (true, "M") => Unit::Minute,
        (true, "H") => Unit::Hour,
        (false, "D") => Unit::Day,
        (false, "W") => Unit::Week,
        (false, "M") => Unit::Month,
        (false, "Y") => Unit::Year,
        (false, "DE") => Unit::Decade,
        (false, "CE") => Unit::Century,
        _ => return None,
    };
    Some(Period { count, unit })
}

/// A date of the Islamic calendar as the text wrote it, possibly partial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HijriDate {
    /// Hijri year.
    pub year: Option<i32>,
    /// 1 (Muharram) ..= 12 (Dhu al-Hijja).
    pub month: Option<u8>,
    /// 1..=30.
    pub day: Option<u8>,
}

impl fmt::Display for HijriDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let y = self.year.map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{y}-{m:02}-{d:02}"),
            (Some(m), None) => write!(f, "{y}-{m:02}"),
            (None, _) => f.write_str(&y),
        }
    }
}

impl HijriDate {
    /// The Gregorian value of a Hijri date whose year is known: a day, or the range of days a
    /// month or a year spans (tabular calendar).
    fn gregorian(self) -> Option<TimexValue> {
        let year = self.year?;
        match (self.month, self.day) {
            (Some(m), Some(d)) => Some(TimexValue::Date(Date::of_days(days_from_hijri(year, m, d)))),
            (Some(m), None) => {
                let first = days_from_hijri(year, m, 1);
                let last = first + i64::from(calendar::hijri_month_len(year, m)) - 1;
                Some(day_range(first, last))
            }
            (None, _) => {
                let first = days_from_hijri(year, 1, 1);
                let last = days_from_hijri(year + 1, 1, 1) - 1;
                Some(day_range(first, last))
            }
        }
    }
}

fn day_range(first: i64, last: i64) -> TimexValue {
    TimexValue::Range(Box::new(TimexValue::Date(Date::of_days(first))), Box::new(TimexValue::Date(Date::of_days(last))))
}

/// How a date that the text leaves incomplete is completed from the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Relation {
    /// Nothing to complete.
    #[default]
    Fixed,
    /// The anchor moved by an offset (أمس, الشهر المقبل, منذ ثلاث سنوات).
    Offset(Offset),
    /// The nearest such day or month around the anchor (الأربعاء, يونيو).
    Nearest,
    /// The latest one before the anchor (الأحد الماضي, يناير الماضي).
    Last,
    /// The first one after the anchor (الأحد المقبل).
    Next,
}

/// One end of a temporal expression, as the rules read it, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Side {
    pub(crate) date: Date,
    pub(crate) relation: Relation,
    pub(crate) hijri: Option<HijriDate>,
}

impl Side {
    pub(crate) fn fixed(date: Date) -> Side {
        Side { date, relation: Relation::Fixed, hijri: None }
    }
}

/// A temporal expression's value: its TIMEX3 value, and what resolution could not settle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    value: TimexValue,
    offset: Option<Offset>,
    hijri: Option<(HijriDate, Option<HijriDate>)>,
}

impl Timex {
    /// The TIMEX3 value (its `Display` is the string form).
    pub fn value(&self) -> &TimexValue {
        &self.value
    }

    /// For a relative expression left unresolved (no anchor): its distance from the day of
    /// writing, `-P1D` for أمس.
    pub fn offset(&self) -> Option<Offset> {
        self.offset
    }

    /// The Hijri date as written, for a Hijri date (the value holds its Gregorian form); a
    /// range gives its two ends.
    pub fn hijri(&self) -> Option<(HijriDate, Option<HijriDate>)> {
        self.hijri
    }

    pub(crate) fn plain(value: TimexValue) -> Timex {
        Timex { value, offset: None, hijri: None }
    }
}

impl serde::Serialize for Timex {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("value", &self.value.to_string())?;
        if let Some(offset) = self.offset {
            map.serialize_entry("offset", &offset.to_string())?;
        }
        if let Some((first, last)) = self.hijri {
            let hijri = match last {
                Some(last) => format!("{first}/{last}"),
                None => first.to_string(),
            };
            map.serialize_entry("hijri", &hijri)?;
        }
        map.end()
    }
}

impl fmt::Display for Timex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// A temporal value before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Draft {
    /// A date, or a time with an optional date.
    Point(Side, Option<Clock>),
    /// `from/to`.
    Range(Side, Option<Clock>, Side, Option<Clock>),
    /// A value needing no anchor (duration, reference).
    Ready(TimexValue),
}

impl Draft {
    pub(crate) fn date(date: Date) -> Draft {
        Draft::Point(Side::fixed(date), None)
    }

    pub(crate) fn side(side: Side) -> Draft {
        Draft::Point(side, None)
    }

    /// Completes the draft from `anchor` where there is one.
    pub(crate) fn resolve(&self, anchor: Option<Anchor>) -> Timex {
        match *self {
            Draft::Point(side, clock) => {
                let (value, offset, hijri) = resolve_side(side, clock, anchor, End::Whole);
                Timex { value, offset, hijri: hijri.map(|h| (h, None)) }
            }
            Draft::Range(a, ca, b, cb) => {
                let (first, offset_a, hijri_a) = resolve_side(a, ca, anchor, End::First);
                let (last, offset_b, hijri_b) = resolve_side(b, cb, anchor, End::Last);
                let hijri = match (hijri_a, hijri_b) {
                    (Some(x), y) => Some((x, y)),
                    (None, Some(y)) => Some((y, None)),
                    (None, None) => None,
                };
                let value = TimexValue::Range(Box::new(first), Box::new(last));
                Timex { value, offset: offset_a.or(offset_b), hijri }
            }
            Draft::Ready(ref value) => Timex::plain(value.clone()),
        }
    }
}

/// Which end of a range a side is: a Hijri month is itself a range of days, of which a range
/// keeps only the end it needs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Whole,
    First,
    Last,
}

fn with_clock(value: TimexValue, clock: Option<Clock>) -> TimexValue {
    match (value, clock) {
        (TimexValue::Date(date), Some(clock)) => TimexValue::Time(Some(date), clock),
        (value, _) => value,
    }
}

/// The value of one side, the offset left open, and the Hijri date with the year the anchor
/// gave it.
fn resolve_side(side: Side, clock: Option<Clock>, anchor: Option<Anchor>, end: End) -> (TimexValue, Option<Offset>, Option<HijriDate>) {
    let mut side = side;
    if let (Some(hijri), Some(anchor)) = (side.hijri, anchor) {
        if hijri.year.is_none() {
            side.hijri = Some(nearest_hijri(hijri, anchor, side.relation));
        }
    }
    if let Some(value) = side.hijri.and_then(HijriDate::gregorian) {
        let value = match (value, end) {
            (TimexValue::Range(a, _), End::First) => *a,
            (TimexValue::Range(_, b), End::Last) => *b,
            (value, _) => value,
        };
        let value = if clock.is_some() { with_clock(value, clock) } else { value };
        return (value, None, side.hijri);
    }
    // A count that moves the anchor off the calendar (منذ 2021 عاما in 1915) stays unresolved.
    let resolved = anchor.map(|anchor| resolve_date(side.date, side.relation, anchor)).filter(Date::is_valid);
    let date = resolved.unwrap_or(side.date);
    let offset = match (side.relation, resolved) {
        (Relation::Offset(offset), None) => Some(offset),
        _ => None,
    };
    let value = match clock {
        Some(clock) => TimexValue::Time(Some(date), clock),
        None => TimexValue::Date(date),
    };
    (value, offset, side.hijri)
}

/// The Hijri date the anchor's Islamic year (or the one before or after) gives a Hijri
/// day-and-month or month written without a year.
fn nearest_hijri(hijri: HijriDate, anchor: Anchor, relation: Relation) -> HijriDate {
    let (year, _, _) = hijri_from_days(anchor.days);
    let month = hijri.month.unwrap_or(1);
    let at = |y: i32| days_from_hijri(y, month, hijri.day.unwrap_or(1));
    let candidates = [year - 1, year, year + 1];
    let chosen = match relation {
        Relation::Last => candidates.iter().rev().copied().find(|&y| at(y) < anchor.days),
        Relation::Next => candidates.iter().copied().find(|&y| at(y) > anchor.days),
        _ => candidates.iter().copied().min_by_key(|&y| (at(y) - anchor.days).abs()),
    };
    HijriDate { year: Some(chosen.unwrap_or(year)), ..hijri }
}

/// Moves `days` by `offset` at `unit` granularity and writes it at that granularity.
fn shifted(anchor: Anchor, offset: Offset, template: Date) -> Date {
    let sign: i64 = if offset.past { -1 } else { 1 };
    let n = sign * i64::from(offset.period.count);
    let (y, m, d) = anchor.ymd();
    let add_months = |months: i64| -> (i32, u8) {
        let total = i64::from(y) * 12 + i64::from(m) - 1 + months;
        (total.div_euclid(12) as i32, (total.rem_euclid(12) + 1) as u8)
    };
    match (offset.period.unit, template.precision) {
        (Unit::Century, _) | (_, Precision::Century) => {
            let years = match offset.period.unit {
                Unit::Century => n * 100,
                Unit::Decade => n * 10,
                _ => n,
            };
            let year = (i64::from(y) + years) as i32;
            Date { year: Some(year.div_euclid(100) * 100), ..Date::unknown(Precision::Century) }
        }
        (Unit::Decade, _) | (_, Precision::Decade) => {
            let years = if offset.period.unit == Unit::Decade { n * 10 } else { n };
            let year = (i64::from(y) + years) as i32;
            Date { year: Some(year.div_euclid(10) * 10), ..Date::unknown(Precision::Decade) }
        }
        (Unit::Year, _) | (_, Precision::Year) => {
            let year = (i64::from(y) + if offset.period.unit == Unit::Year { n } else { 0 }) as i32;
            match template.precision {
                Precision::Year => Date::ymd(Some(year), None, None),
                Precision::Month => Date::ymd(Some(year), Some(m), None),
                _ => {
                    let day = d.min(calendar::days_in_month(year, m));
                    Date::ymd(Some(year), Some(m), Some(day))
                }
            }
        }
        (Unit::Month, _) | (_, Precision::Month) => {
            let (year, month) = add_months(if offset.period.unit == Unit::Month { n } else { 0 });
            if template.precision == Precision::Month {
                Date::ymd(Some(year), Some(month), None)
            } else {
                Date::ymd(Some(year), Some(month), Some(d.min(calendar::days_in_month(year, month))))
            }
        }
        (Unit::Week, _) | (_, Precision::Week) => {
            let days = anchor.days + if offset.period.unit == Unit::Week { 7 * n } else { 0 };
            if template.precision == Precision::Week {
                let (year, week) = iso_week(days);
                Date { year: Some(year), week: Some(week), ..Date::unknown(Precision::Week) }
            } else {
                Date::of_days(days)
            }
        }
        (Unit::Day | Unit::Hour | Unit::Minute, _) => {
            let days = match offset.period.unit {
                Unit::Day => n,
                Unit::Hour => (n * 60).div_euclid(24 * 60),
                _ => n.div_euclid(24 * 60),
            };
            Date::of_days(anchor.days + days)
        }
    }
}

fn resolve_date(date: Date, relation: Relation, anchor: Anchor) -> Date {
    if date.is_known() {
        return date;
    }
    if let Relation::Offset(offset) = relation {
        return shifted(anchor, offset, date);
    }
    let (ay, am, _) = anchor.ymd();
    let pick = |candidates: [i64; 3]| -> Option<i64> {
        let valid = candidates.into_iter().filter(|&c| c != i64::MIN);
        match relation {
            Relation::Last => valid.filter(|&c| c < anchor.days).max(),
            Relation::Next => valid.filter(|&c| c > anchor.days).min(),
            _ => valid.min_by_key(|&c| ((c - anchor.days).abs(), c > anchor.days)),
        }
    };
    match (date.year, date.month, date.day, date.weekday) {
        // A weekday: the nearest such day (within three days), or the last or next one.
        (None, None, None, Some(weekday)) => {
            let delta = i64::from(weekday) - i64::from(iso_weekday(anchor.days));
            let near = anchor.days + (delta + 3).rem_euclid(7) - 3;
            let days = match relation {
                Relation::Last => anchor.days - (-delta - 1).rem_euclid(7) - 1,
                Relation::Next => anchor.days + (delta - 1).rem_euclid(7) + 1,
                _ => near,
            };
            Date::of_days(days)
        }
        // A day and a month: in the year that puts it nearest the anchor.
        (None, Some(month), Some(day), _) => {
            let at = |y: i32| if calendar::is_real(y, month, day) { days_from_civil(y, month, day) } else { i64::MIN };
            match pick([at(ay - 1), at(ay), at(ay + 1)]) {
                Some(days) => Date::of_days(days),
                None => date,
            }
        }
        // A month: that month of the anchor's year, or of the year before when it would be
        // more than half a year ahead (news reports the past); الماضي / المقبل choose the
        // last or next one.
        (None, Some(month), None, _) => {
            let at = |y: i32| days_from_civil(y, month, 1);
            let anchor_month = days_from_civil(ay, am, 1);
            let year = match relation {
                Relation::Last if month >= am => ay - 1,
                Relation::Last => ay,
                Relation::Next if month <= am => ay + 1,
                Relation::Next => ay,
                _ if at(ay) - anchor_month > 183 => ay - 1,
                _ if anchor_month - at(ay) > 183 + 31 => ay + 1,
                _ => ay,
            };
            Date { year: Some(year), ..date }
        }
        _ => date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(draft: &Draft, anchor: &str) -> String {
        draft.resolve(Anchor::parse(anchor)).to_string()
    }

    fn offset(past: bool, count: u32, unit: Unit) -> Relation {
        Relation::Offset(Offset { past, period: Period { count, unit } })
    }

    #[test]
    fn string_forms_round_trip() {
        for text in [
            "2021-07-28",
            "2021-07",
            "2021",
            "XXXX-07",
            "XXXX-07-28",
            "XXXX-XX-XX",
            "XXXX-WXX-3",
            "2021-W30",
            "XXXX-WXX",
            "199",
            "19",
            "XX",
            "T14:00",
            "T14:00Z",
            "TEV",
            "2021-07-28TEV",
            "XXXX-WXX-1TNI",
            "2021-07-28T14:30",
            "P3D",
            "P2W",
            "PT2H",
            "PT30M",
            "P3DE",
            "P2CE",
            "2017-11-04/2017-11-11",
            "2019/2021",
            "XXXX-XX",
            "XXXX",
            "PRESENT_REF",
            "PAST_REF",
            "FUTURE_REF",
            "2024-02-29",
        ] {
            let value = TimexValue::parse(text).unwrap_or_else(|| panic!("{text} does not parse"));
            assert_eq!(value.to_string(), text);
        }
        for text in ["2023-02-29", "2021-04-31", "2021-13", "wednesday", "D-1", "--06", "T25:00", "2021-7-28", "", "P", "XXXX-WXX-8"] {
            assert_eq!(TimexValue::parse(text), None, "{text}");
        }
    }

    #[test]
    fn anchors_parse_real_days_only() {
        assert_eq!(Anchor::parse("2021-07-28").map(|a| a.to_string()), Some("2021-07-28".into()));
        assert_eq!(Anchor::parse("2021-02-29"), None);
        assert_eq!(Anchor::parse("2021-7-28"), None);
    }

    #[test]
    fn relative_dates_resolve_against_the_anchor() {
        let side = |date, relation| Draft::side(Side { date, relation, hijri: None });
        let yesterday = side(Date::unknown(Precision::Day), offset(true, 1, Unit::Day));
        assert_eq!(resolved(&yesterday, "2021-03-01"), "2021-02-28");
        let unresolved = yesterday.resolve(None);
        assert_eq!(unresolved.to_string(), "XXXX-XX-XX");
        assert_eq!(unresolved.offset().map(|o| o.to_string()), Some("-P1D".into()));
        let last_week = side(Date::unknown(Precision::Week), offset(true, 1, Unit::Week));
        assert_eq!(resolved(&last_week, "2021-07-28"), "2021-W29");
        let next_month = side(Date::unknown(Precision::Month), offset(false, 1, Unit::Month));
        assert_eq!(resolved(&next_month, "2021-12-15"), "2022-01");
        let last_century = side(Date::unknown(Precision::Century), offset(true, 1, Unit::Century));
        assert_eq!(resolved(&last_century, "2021-07-28"), "19");
        let three_years_ago = side(Date::unknown(Precision::Year), offset(true, 3, Unit::Year));
        assert_eq!(resolved(&three_years_ago, "2021-07-28"), "2018");
        let wednesday = Date { weekday: Some(3), ..Date::unknown(Precision::Day) };
        assert_eq!(resolved(&side(wednesday, Relation::Nearest), "2021-07-28"), "2021-07-28");
        assert_eq!(resolved(&side(wednesday, Relation::Nearest), "2021-07-30"), "2021-07-28");
        assert_eq!(resolved(&side(wednesday, Relation::Last), "2021-07-28"), "2021-07-21");
        assert_eq!(resolved(&side(wednesday, Relation::Next), "2021-07-28"), "2021-08-04");
        let june = Date::ymd(None, Some(6), None);
        assert_eq!(resolved(&side(june, Relation::Nearest), "2021-07-28"), "2021-06");
        let december = Date::ymd(None, Some(12), None);
        assert_eq!(resolved(&side(december, Relation::Nearest), "2021-01-10"), "2020-12");
        assert_eq!(resolved(&side(december, Relation::Next), "2021-01-10"), "2021-12");
        let january = Date::ymd(None, Some(1), Some(3));
        assert_eq!(resolved(&side(january, Relation::Last), "2021-07-28"), "2021-01-03");
        assert_eq!(resolved(&side(january, Relation::Nearest), "2021-12-20"), "2022-01-03");
    }

    #[test]
    fn hijri_dates_carry_gregorian_values() {
        let hijri = |year, month, day| {
            Draft::side(Side {
                date: Date::unknown(Precision::Day),
                relation: Relation::Nearest,
                hijri: Some(HijriDate { year, month, day }),
            })
        };
        let ramadan = hijri(Some(1442), Some(9), Some(15)).resolve(None);
        assert_eq!(ramadan.to_string(), "2021-04-27");
        assert_eq!(ramadan.hijri().map(|h| h.0.to_string()), Some("1442-09-15".into()));
        assert_eq!(hijri(Some(1442), Some(9), None).resolve(None).to_string(), "2021-04-13/2021-05-12");
        assert_eq!(hijri(Some(1442), None, None).resolve(None).to_string(), "2020-08-20/2021-08-09");
        assert_eq!(resolved(&hijri(None, Some(9), None), "2021-07-28"), "2021-04-13/2021-05-12");
    }
}
