//! Date functions: CDate, Now, DateAdd, DateDiff, DateFromNum, NumFromDate,
//! FormatDateTime. Everything is UTC, as in Entra's cloud service; date
//! values print as `M/d/yyyy h:mm:ss tt`.

use super::try_map_text;
use crate::datetime::{self, DateParts};
use crate::error::Error;
use crate::mapping::expr::eval::Call;
use crate::mapping::expr::value::ExprValue;

/// `CDate(expression)`: the UTC instant of a date text (null stays null).
pub fn cdate(call: &mut Call) -> Result<ExprValue, Error> {
    Ok(call
        .date(0, "the value")?
        .map_or(ExprValue::Null, ExprValue::DateTime))
}

/// `Now()`: the evaluation context's clock, never the machine's.
pub fn now(call: &mut Call) -> Result<ExprValue, Error> {
    Ok(ExprValue::DateTime(call.now_millis()))
}

/// A DateAdd/DateDiff interval, VB spelling (case-insensitive).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Interval {
    Year,
    Quarter,
    Month,
    Day,
    /// VB's `w`: weekdays are counted as days by DateAdd, as whole 7-day
    /// spans by DateDiff.
    Weekday,
    Week,
    Hour,
    Minute,
    Second,
}

fn interval(call: &mut Call) -> Result<Interval, Error> {
    let text = call.arg(0)?.text_or_empty();
    Ok(match text.trim().to_ascii_lowercase().as_str() {
        "yyyy" => Interval::Year,
        "q" => Interval::Quarter,
        "m" => Interval::Month,
        "d" | "y" => Interval::Day,
        "w" => Interval::Weekday,
        "ww" => Interval::Week,
        "h" => Interval::Hour,
        "n" => Interval::Minute,
        "s" => Interval::Second,
        _ => {
            return Err(call.error(format!(
                "interval `{text}` is not one of yyyy, q, m, d, y, w, ww, h, n, s"
            )))
        }
    })
}

/// `DateAdd(interval, value, dateTime)`: months and years clamp the day to
/// the month's end (Jan 31 + 1 month = Feb 28/29).
pub fn date_add(call: &mut Call) -> Result<ExprValue, Error> {
    let unit = interval(call)?;
    let amount = call.integer(1, "value")?;
    let Some(start) = call.date(2, "dateTime")? else {
        return Ok(ExprValue::Null);
    };
    let span = |per: i64| amount.checked_mul(per).and_then(|ms| start.checked_add(ms));
    let result = match unit {
        Interval::Year => amount
            .checked_mul(12)
            .and_then(|m| datetime::add_months(start, m)),
        Interval::Quarter => amount
            .checked_mul(3)
            .and_then(|m| datetime::add_months(start, m)),
        Interval::Month => datetime::add_months(start, amount),
        Interval::Day | Interval::Weekday => span(86_400_000),
        Interval::Week => span(7 * 86_400_000),
        Interval::Hour => span(3_600_000),
        Interval::Minute => span(60_000),
        Interval::Second => span(1000),
    }
    .and_then(datetime::in_range);
    result
        .map(ExprValue::DateTime)
        .ok_or_else(|| call.error("the result is outside years 1 to 9999"))
}

/// `DateDiff(interval, date1, date2)`: date2 − date1 counted the VB way, in
/// calendar boundaries crossed (years, months, days, Sunday-started weeks,
/// hours, ...), which is what Microsoft's documented results show.
pub fn date_diff(call: &mut Call) -> Result<ExprValue, Error> {
    let unit = interval(call)?;
    let (Some(first), Some(second)) = (call.date(1, "date1")?, call.date(2, "date2")?) else {
        return Ok(ExprValue::Null);
    };
    let (a, b) = (
        DateParts::from_millis(first),
        DateParts::from_millis(second),
    );
    let months = |p: &DateParts| p.year * 12 + i64::from(p.month) - 1;
    let floor_diff = |unit_ms: i64| second.div_euclid(unit_ms) - first.div_euclid(unit_ms);
    let days = datetime::day_number(second) - datetime::day_number(first);
    let value = match unit {
        Interval::Year => b.year - a.year,
        Interval::Quarter => months(&b).div_euclid(3) - months(&a).div_euclid(3),
        Interval::Month => months(&b) - months(&a),
        Interval::Day => days,
        Interval::Weekday => days / 7,
        // Sunday-started weeks: 1970-01-01 was a Thursday, 4 days after Sunday.
        Interval::Week => {
            (datetime::day_number(second) + 4).div_euclid(7)
                - (datetime::day_number(first) + 4).div_euclid(7)
        }
        Interval::Hour => floor_diff(3_600_000),
        Interval::Minute => floor_diff(60_000),
        Interval::Second => floor_diff(1000),
    };
    Ok(ExprValue::Number(value))
}

/// `DateFromNum(value)`: an Active Directory FILETIME number (100 ns ticks
/// since 1601, as in `lastLogonTimestamp`) as a date.
pub fn date_from_num(call: &mut Call) -> Result<ExprValue, Error> {
    let Some(ticks) = call.optional_integer(0, "value")? else {
        return Ok(ExprValue::Null);
    };
    datetime::from_filetime(ticks)
        .map(ExprValue::DateTime)
        .ok_or_else(|| call.error(format!("{ticks} is outside years 1 to 9999")))
}

/// `NumFromDate(value)`: a date as an Active Directory FILETIME number (for
/// `accountExpires`).
pub fn num_from_date(call: &mut Call) -> Result<ExprValue, Error> {
    let Some(instant) = call.date(0, "value")? else {
        return Ok(ExprValue::Null);
    };
    datetime::to_filetime(instant)
        .map(ExprValue::Number)
        .ok_or_else(|| call.error("the date is outside the FILETIME range"))
}

/// .NET `DateTimeStyles` names accepted in FormatDateTime's second argument.
/// They only tune .NET's parsing; here white space is always trimmed and an
/// offset always converts to UTC, which is what Entra's UTC service yields.
const DATE_TIME_STYLES: &[&str] = &[
    "None",
    "AllowLeadingWhite",
    "AllowTrailingWhite",
    "AllowInnerWhite",
    "AllowWhiteSpaces",
    "NoCurrentDateDefault",
    "AdjustToUniversal",
    "AssumeLocal",
    "AssumeUniversal",
    "RoundtripKind",
];

/// `FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat)`:
/// reads the source with the .NET `inputFormat` (or, if empty, any form
/// CDate accepts; a date value is used as is) and writes it with `outputFormat`.
pub fn format_date_time(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    let styles = call.arg(1)?.text_or_empty();
    for style in styles
        .split([',', '|'])
        .map(|s| s.trim().trim_start_matches("DateTimeStyles."))
    {
        if !style.is_empty() && !DATE_TIME_STYLES.contains(&style) {
            return Err(call.error(format!("`{style}` is not a .NET DateTimeStyles value")));
        }
    }
    let input_format = call.arg(2)?.text_or_empty();
    let output_format = call.arg(3)?.text_or_empty();
    if output_format.is_empty() {
        return Err(call.error("outputFormat is required"));
    }
    let today = call.now_millis();
    let render = |millis: i64| datetime::format_dotnet(millis, &output_format);
    let outcome = match source {
        ExprValue::DateTime(millis) => render(millis).map(ExprValue::String),
        other => try_map_text(other, &mut |text| {
            let instant = if input_format.is_empty() {
                datetime::parse_lenient(text).ok_or_else(|| format!("`{text}` is not a date"))?
            } else {
                datetime::parse_dotnet_exact(text, &input_format, today)?
            };
            render(instant)
        }),
    };
    outcome.map_err(|message| call.error(message))
}
