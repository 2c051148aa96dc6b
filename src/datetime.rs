//! Calendar arithmetic without a clock or a date crate.
//!
//! The core never reads the time itself (callers pass "now" in), which keeps
//! previews deterministic and the wasm small. Instants are Unix milliseconds, UTC.
//!
//! Besides RFC 3339 for SCIM, this module speaks the .NET date dialect that
//! Entra's expressions use: custom and standard format strings in
//! [`format_dotnet`] / [`parse_dotnet_exact`], the lenient `DateTime.Parse`
//! forms in [`parse_lenient`], Entra's output form `M/d/yyyy h:mm:ss tt` in
//! [`format_entra`], and Active Directory FILETIME ticks.

mod format;
mod parse;

pub use format::{format_dotnet, format_entra};
pub use parse::{parse_dotnet_exact, parse_lenient};

const MILLIS_PER_DAY: i64 = 86_400_000;

/// Milliseconds between 1601-01-01 (the FILETIME epoch) and 1970-01-01.
const FILETIME_EPOCH_OFFSET_MILLIS: i64 = 11_644_473_600_000;

/// 0001-01-01T00:00:00Z, .NET's `DateTime.MinValue`.
pub const MIN_MILLIS: i64 = -62_135_596_800_000;
/// 9999-12-31T23:59:59.999Z, .NET's `DateTime.MaxValue` (to the millisecond).
pub const MAX_MILLIS: i64 = 253_402_300_799_999;

/// `Some(millis)` when the instant is within .NET's DateTime range.
pub fn in_range(millis: i64) -> Option<i64> {
    (MIN_MILLIS..=MAX_MILLIS)
        .contains(&millis)
        .then_some(millis)
}

/// An instant broken into its UTC calendar fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millisecond: u32,
    /// 0 = Sunday … 6 = Saturday.
    pub weekday: u32,
}

impl DateParts {
    pub fn from_millis(millis: i64) -> DateParts {
        let days = millis.div_euclid(MILLIS_PER_DAY);
        let in_day = millis.rem_euclid(MILLIS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        DateParts {
            year,
            month,
            day,
            hour: (in_day / 3_600_000) as u32,
            minute: (in_day / 60_000 % 60) as u32,
            second: (in_day / 1000 % 60) as u32,
            millisecond: (in_day % 1000) as u32,
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }

    /// The hour on a 12-hour clock (12, 1, ..., 11).
    pub fn hour12(&self) -> u32 {
        match self.hour % 12 {
            0 => 12,
            h => h,
        }
    }
}

/// Whole days since 1970-01-01 (floored, so instants before 1970 work).
pub fn day_number(millis: i64) -> i64 {
    millis.div_euclid(MILLIS_PER_DAY)
}

/// Adds calendar months, clamping the day to the target month's length
/// (Jan 31 + 1 month = Feb 28/29), as VB's DateAdd does. `None` outside .NET's range.
pub fn add_months(millis: i64, months: i64) -> Option<i64> {
    let parts = DateParts::from_millis(millis);
    let index = parts
        .year
        .checked_mul(12)?
        .checked_add(i64::from(parts.month) - 1)?;
    let target = index.checked_add(months)?;
    let (year, month) = (target.div_euclid(12), (target.rem_euclid(12) + 1) as u32);
    if !(1..=9999).contains(&year) {
        return None;
    }
    let day = parts.day.min(days_in_month(year, month));
    let in_day = millis.rem_euclid(MILLIS_PER_DAY);
    in_range(days_from_civil(year, month, day) * MILLIS_PER_DAY + in_day)
}

/// Active Directory FILETIME (100-ns ticks since 1601-01-01 UTC), as in
/// `accountExpires`, for a Unix-millisecond instant.
pub fn to_filetime(millis: i64) -> Option<i64> {
    millis
        .checked_add(FILETIME_EPOCH_OFFSET_MILLIS)?
        .checked_mul(10_000)
}

/// The instant of an AD FILETIME value (sub-millisecond ticks truncated).
pub fn from_filetime(ticks: i64) -> Option<i64> {
    in_range(ticks.div_euclid(10_000) - FILETIME_EPOCH_OFFSET_MILLIS)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses an xsd:dateTime / RFC 3339 instant as SCIM uses it
/// (`2011-05-13T04:42:34Z`, `2011-05-13T04:42:34.123+02:00`; a missing zone
/// means UTC) into Unix milliseconds. `None` when it is not a valid instant.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(range)?;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(
            digits
                .iter()
                .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0')),
        )
    };
    let year = num(0..4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = num(5..7)? as u32;
    let day = num(8..10)? as u32;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let mut millis = days_from_civil(year, month, day) * 86_400_000;
    if b.len() == 10 {
        return Some(millis);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    let mut i = 16;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        second = num(17..19)?;
        i = 19;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    millis += ((hour * 60 + minute) * 60 + second) * 1000;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        // Milliseconds: first three fraction digits, right-padded.
        let mut frac = 0i64;
        for k in 0..3 {
            frac = frac * 10
                + b.get(start + k)
                    .filter(|_| start + k < i)
                    .map_or(0, |d| i64::from(d - b'0'));
        }
        millis += frac;
    }
    match b.get(i) {
        None => Some(millis),
        Some(b'Z' | b'z') if i + 1 == b.len() => Some(millis),
        Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let offset = (num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?) * 60_000;
            Some(if *sign == b'+' {
                millis - offset
            } else {
                millis + offset
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 11_016, 19_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn parses_scim_instants() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_iso8601("2011-05-13T04:42:34Z"),
            Some(1_305_261_754_000)
        );
        assert_eq!(
            parse_iso8601("2011-05-13T06:42:34.5+02:00"),
            Some(1_305_261_754_500)
        );
        assert_eq!(parse_iso8601("2011-05-13"), Some(1_305_244_800_000));
        assert_eq!(parse_iso8601("2011-02-30T00:00:00Z"), None);
        assert_eq!(parse_iso8601("yesterday"), None);
        assert_eq!(parse_iso8601("2011-05-13T04:42:34Zjunk"), None);
        assert_eq!(parse_iso8601("2011-05-13T04:42:34+0"), None);
    }

    #[test]
    fn range_constants_are_dotnet_min_and_max() {
        assert_eq!(MIN_MILLIS, days_from_civil(1, 1, 1) * MILLIS_PER_DAY);
        assert_eq!(
            MAX_MILLIS + 1,
            days_from_civil(10_000, 1, 1) * MILLIS_PER_DAY
        );
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        let jan31 = parse_iso8601("2012-01-31T10:00:00Z").unwrap();
        assert_eq!(add_months(jan31, 1), parse_iso8601("2012-02-29T10:00:00Z"));
        assert_eq!(
            add_months(jan31, -13),
            parse_iso8601("2010-12-31T10:00:00Z")
        );
        assert_eq!(add_months(jan31, i64::MAX), None);
        assert_eq!(add_months(jan31, 12 * 8000), None);
    }

    #[test]
    fn filetime_round_trip() {
        // Microsoft: DateFromNum(129699324000000000) is January 1, 2012 at 11:00 PM.
        let instant = from_filetime(129_699_324_000_000_000).unwrap();
        assert_eq!(Some(instant), parse_iso8601("2012-01-01T23:00:00Z"));
        assert_eq!(to_filetime(instant), Some(129_699_324_000_000_000));
        assert_eq!(from_filetime(i64::MAX), None);
        assert_eq!(to_filetime(i64::MAX), None);
    }

    #[test]
    fn parts_and_weekdays() {
        let parts = DateParts::from_millis(parse_iso8601("2021-08-25T17:41:18.250Z").unwrap());
        assert_eq!(
            (
                parts.year,
                parts.month,
                parts.day,
                parts.hour,
                parts.minute,
                parts.second
            ),
            (2021, 8, 25, 17, 41, 18)
        );
        assert_eq!((parts.millisecond, parts.weekday), (250, 3));
        assert_eq!(DateParts::from_millis(-1).weekday, 3);
    }
}
