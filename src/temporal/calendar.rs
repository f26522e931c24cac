//! Day arithmetic on the proleptic Gregorian calendar and the tabular Islamic calendar.
//!
//! Days are counted from 1970-01-01 (day 0). The Gregorian conversion is Howard Hinnant's
//! `days_from_civil`; the Islamic one is the arithmetical (tabular) calendar with the leap
//! years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26 and 29 of each 30-year cycle and the civil epoch
//! (1 Muharram 1 AH = 16 July 622, Julian). Observed calendars (Umm al-Qura, moon sighting)
//! differ from it by a day either way now and then.

/// Days in `month` of `year` (Gregorian); 0 for a month that does not exist.
pub(super) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

pub(super) fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Whether `year-month-day` is a real Gregorian date.
pub(super) fn is_real(year: i32, month: u8, day: u8) -> bool {
    day >= 1 && day <= days_in_month(year, month)
}

/// Days since 1970-01-01 of a Gregorian date (any date; the caller checks it is real).
pub(super) fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Gregorian date of a day count.
pub(super) fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// Day of the week, ISO numbering: 1 Monday .. 7 Sunday.
pub(super) fn iso_weekday(days: i64) -> u8 {
    // 1970-01-01 was a Thursday.
    ((days + 3).rem_euclid(7) + 1) as u8
}

/// ISO 8601 week-numbering year and week of a day.
pub(super) fn iso_week(days: i64) -> (i32, u8) {
    let thursday = days - i64::from(iso_weekday(days)) + 4;
    let (year, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    (year, week as u8)
}

/// Day count of 1 Muharram 1 AH (16 July 622 Julian = 19 July 622 proleptic Gregorian).
const HIJRI_EPOCH: i64 = -492_148;

/// Days since 1970-01-01 of a tabular Islamic date; `day` may be 30 in a 29-day month (it
/// then falls on the next month's first day, within the calendar's ±1 day).
pub(super) fn days_from_hijri(year: i32, month: u8, day: u8) -> i64 {
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    // Days before `month` in a year: 30 and 29 alternate, ceil(29.5 * (m - 1)).
    let before_month = (59 * (m - 1) + 1) / 2;
    let before_year = 354 * (y - 1) + (3 + 11 * y).div_euclid(30);
    HIJRI_EPOCH + before_year + before_month + d - 1
}

/// The tabular Islamic date of a day count.
pub(super) fn hijri_from_days(days: i64) -> (i32, u8, u8) {
    let since = days - HIJRI_EPOCH;
    let mut year = ((30 * since + 10_646).div_euclid(10_631)) as i32;
    while days_from_hijri(year + 1, 1, 1) <= days {
        year += 1;
    }
    while days_from_hijri(year, 1, 1) > days {
        year -= 1;
    }
    let mut month = 12;
    while month > 1 && days_from_hijri(year, month, 1) > days {
        month -= 1;
    }
    let day = (days - days_from_hijri(year, month, 1) + 1) as u8;
    (year, month, day)
}

/// Days in a tabular Islamic month.
pub(super) fn hijri_month_len(year: i32, month: u8) -> u8 {
    let next = if month == 12 { days_from_hijri(year + 1, 1, 1) } else { days_from_hijri(year, month + 1, 1) };
    (next - days_from_hijri(year, month, 1)) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gregorian_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2021, 7, 28), 18_836);
        for days in -800_000..80_000 {
            let (y, m, d) = civil_from_days(days);
            assert!(is_real(y, m, d));
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert!(!is_real(2023, 2, 29) && is_real(2024, 2, 29) && !is_real(2021, 4, 31));
        assert!(!is_real(1900, 2, 29) && is_real(2000, 2, 29));
    }

    #[test]
    fn weeks_follow_iso_8601() {
        assert_eq!(iso_weekday(days_from_civil(2021, 7, 28)), 3);
        assert_eq!(iso_week(days_from_civil(2021, 7, 28)), (2021, 30));
        assert_eq!(iso_week(days_from_civil(2021, 1, 3)), (2020, 53));
        assert_eq!(iso_week(days_from_civil(2024, 12, 30)), (2025, 1));
    }

    #[test]
    fn tabular_islamic_dates() {
        // 1 Muharram 1 AH: 16 July 622 Julian, 19 July 622 proleptic Gregorian.
        assert_eq!(civil_from_days(days_from_hijri(1, 1, 1)), (622, 7, 19));
        // 1 Ramadan 1442 began on 13 April 2021 (Umm al-Qura); the tabular calendar agrees.
        assert_eq!(civil_from_days(days_from_hijri(1442, 9, 1)), (2021, 4, 13));
        // 1 Muharram 1443: 9 August 2021 (Umm al-Qura 10 August: the ±1 day).
        let muharram = civil_from_days(days_from_hijri(1443, 1, 1));
        assert!(muharram == (2021, 8, 9) || muharram == (2021, 8, 10), "{muharram:?}");
        for days in -500_000..40_000 {
            let (y, m, d) = hijri_from_days(days);
            assert!((1..=12).contains(&m) && d >= 1 && d <= hijri_month_len(y, m));
            assert_eq!(days_from_hijri(y, m, d), days);
        }
        let lengths: u32 = (1..=12).map(|m| u32::from(hijri_month_len(1442, m))).sum();
        assert!(lengths == 354 || lengths == 355);
    }
}
