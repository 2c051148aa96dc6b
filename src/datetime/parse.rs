//! Reading dates the way Entra's expressions do: exact .NET formats for
//! `FormatDateTime`, and the lenient forms `CDate` and the date functions accept.

use super::format::{pieces, Piece, MONTHS, WEEKDAYS};
use super::{days_from_civil, days_in_month, in_range, DateParts, MILLIS_PER_DAY};

/// A cursor over the input characters.
struct Input {
    chars: Vec<char>,
    at: usize,
}

impl Input {
    fn new(text: &str) -> Input {
        Input {
            chars: text.trim().chars().collect(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn done(&self) -> bool {
        self.at >= self.chars.len()
    }

    fn eat(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Between `min` and `max` ASCII digits, greedily; `None` on overflow.
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let mut value = 0i64;
        let mut count = 0;
        while count < max {
            let Some(d) = self.peek().and_then(|c| c.to_digit(10)) else {
                break;
            };
            value = value.checked_mul(10)?.checked_add(i64::from(d))?;
            count += 1;
            self.at += 1;
        }
        (count >= min).then_some(value)
    }

    /// Case-insensitively consumes the longest of `words` found here; its index.
    fn word(&mut self, words: &[&str]) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (index, word) in words.iter().enumerate() {
            let len = word.chars().count();
            let candidate: String = self.chars.iter().skip(self.at).take(len).collect();
            if candidate.eq_ignore_ascii_case(word) && best.is_none_or(|(_, l)| len > l) {
                best = Some((index, len));
            }
        }
        let (index, len) = best?;
        self.at += len;
        Some(index)
    }

    /// `Z`, `+hh:mm`, `-hhmm`, `+hh` → offset in minutes (east positive).
    fn zone(&mut self) -> Option<i64> {
        if self.eat('Z') || self.eat('z') {
            return Some(0);
        }
        let sign = match self.peek()? {
            '+' => 1,
            '-' => -1,
            _ => return None,
        };
        self.at += 1;
        let hours = self.digits(2, 2)?;
        self.eat(':');
        let minutes = self.digits(2, 2).unwrap_or(0);
        (hours <= 14 && minutes < 60).then_some(sign * (hours * 60 + minutes))
    }
}

/// Fields read from the text; missing ones get .NET's defaults.
#[derive(Default)]
struct Fields {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    hour: i64,
    minute: i64,
    second: i64,
    millisecond: i64,
    /// `Some(true)` for PM, `Some(false)` for AM.
    pm: Option<bool>,
    offset_minutes: i64,
}

impl Fields {
    /// The UTC instant, validating every field. `today` fills a missing date
    /// the way .NET does: no date part at all → today; otherwise year → this
    /// year, month and day → 1.
    fn instant(&self, today: i64) -> Option<i64> {
        let now = DateParts::from_millis(today);
        let (year, month, day) = match (self.year, self.month, self.day) {
            (None, None, None) => (now.year, i64::from(now.month), i64::from(now.day)),
            (y, m, d) => (y.unwrap_or(now.year), m.unwrap_or(1), d.unwrap_or(1)),
        };
        let mut hour = self.hour;
        if let Some(pm) = self.pm {
            if !(0..=12).contains(&hour) {
                return None;
            }
            hour = match (pm, hour) {
                (false, 12) => 0,
                (true, h) if h < 12 => h + 12,
                (_, h) => h,
            };
        }
        let month = u32::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
        if !(1..=9999).contains(&year)
            || !(1..=i64::from(days_in_month(year, month))).contains(&day)
            || !(0..24).contains(&hour)
            || !(0..60).contains(&self.minute)
            || !(0..60).contains(&self.second)
        {
            return None;
        }
        let days = days_from_civil(year, month, day as u32);
        let local = days * MILLIS_PER_DAY
            + ((hour * 60 + self.minute) * 60 + self.second) * 1000
            + self.millisecond;
        in_range(local - self.offset_minutes * 60_000)
    }
}

/// Reads a date the way `CDate` and Entra's date functions accept it:
/// * ISO 8601 with or without time and zone, including a zone right after
///   the date (`2020-03-16-07:00`, `2021-06-30+08:00`, `2009-06-15T01:45:30-07:00`,
///   `2021-08-24`, `2020-12-31 23:59:59-08:00`);
/// * US `M/d/yyyy[ h:mm[:ss][ AM|PM]]` (Entra's own output, e.g. `8/25/2021 5:41:18 PM`);
/// * LDAP generalized time `yyyyMMddHHmmss[.f]Z`;
/// * month names: `August 25, 2021`, `25 Aug 2021`, `Wed, 25 Aug 2021 17:41:18 GMT`.
///
/// A zone offset converts to UTC; no zone means UTC. `None` if not a date.
pub fn parse_lenient(text: &str) -> Option<i64> {
    parse_numeric_forms(text).or_else(|| {
        NAMED_MONTH_FORMS
            .iter()
            .find_map(|format| parse_dotnet_exact(text, format, 0).ok())
    })
}

/// Long-hand dates `DateTime.Parse` also reads (en-US): `August 25, 2021`,
/// `25 Aug 2021`, .NET's "F" and "R" forms.
const NAMED_MONTH_FORMS: &[&str] = &[
    "MMMM d, yyyy",
    "MMMM d, yyyy h:mm:ss tt",
    "MMM d, yyyy",
    "d MMMM yyyy",
    "d MMM yyyy",
    "dddd, MMMM d, yyyy",
    "dddd, MMMM d, yyyy h:mm:ss tt",
    "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
];

fn parse_numeric_forms(text: &str) -> Option<i64> {
    let mut input = Input::new(text);
    let fields = if input.chars.len() >= 14 && input.chars.iter().take(14).all(char::is_ascii_digit)
    {
        generalized_time(&mut input)?
    } else if input
        .chars
        .iter()
        .take(4)
        .filter(|c| c.is_ascii_digit())
        .count()
        == 4
        && input.chars.get(4).is_some_and(|c| matches!(c, '-' | '/'))
    {
        iso_date(&mut input)?
    } else {
        us_date(&mut input)?
    };
    if !input.done() {
        return None;
    }
    fields.instant(0)
}

fn iso_date(input: &mut Input) -> Option<Fields> {
    let mut fields = Fields {
        year: Some(input.digits(4, 4)?),
        ..Fields::default()
    };
    let separator = input.peek()?;
    input.at += 1;
    fields.month = Some(input.digits(1, 2)?);
    if !input.eat(separator) {
        return None;
    }
    fields.day = Some(input.digits(1, 2)?);
    if input.eat('T')
        || input.eat('t')
        || (input.peek() == Some(' ') && {
            input.at += 1;
            true
        })
    {
        time_of_day(input, &mut fields)?;
    }
    if !input.done() {
        fields.offset_minutes = input.zone()?;
    }
    Some(fields)
}

fn us_date(input: &mut Input) -> Option<Fields> {
    let mut fields = Fields {
        month: Some(input.digits(1, 2)?),
        ..Fields::default()
    };
    if !input.eat('/') {
        return None;
    }
    fields.day = Some(input.digits(1, 2)?);
    if !input.eat('/') {
        return None;
    }
    fields.year = Some(input.digits(4, 4)?);
    if input.eat(' ') {
        while input.eat(' ') {}
        time_of_day(input, &mut fields)?;
        while input.eat(' ') {}
        if let Some(index) = input.word(&["AM", "PM"]) {
            fields.pm = Some(index == 1);
        }
    }
    if !input.done() {
        fields.offset_minutes = input.zone()?;
    }
    Some(fields)
}

/// `H:mm[:ss[.fraction]]`.
fn time_of_day(input: &mut Input, fields: &mut Fields) -> Option<()> {
    fields.hour = input.digits(1, 2)?;
    if !input.eat(':') {
        return None;
    }
    fields.minute = input.digits(2, 2)?;
    if input.eat(':') {
        fields.second = input.digits(2, 2)?;
        if input.eat('.') || input.eat(',') {
            fields.millisecond = fraction_millis(input, 1, usize::MAX)?;
        }
    }
    Some(())
}

/// Reads `min..=max` fraction digits; returns milliseconds (truncated).
fn fraction_millis(input: &mut Input, min: usize, max: usize) -> Option<i64> {
    let mut millis = 0;
    let mut count = 0;
    while count < max {
        let Some(d) = input.peek().and_then(|c| c.to_digit(10)) else {
            break;
        };
        if count < 3 {
            millis = millis * 10 + i64::from(d);
        }
        count += 1;
        input.at += 1;
    }
    if count < min {
        return None;
    }
    for _ in count..3 {
        millis *= 10;
    }
    Some(millis)
}

fn generalized_time(input: &mut Input) -> Option<Fields> {
    let mut fields = Fields {
        year: Some(input.digits(4, 4)?),
        month: Some(input.digits(2, 2)?),
        day: Some(input.digits(2, 2)?),
        ..Fields::default()
    };
    fields.hour = input.digits(2, 2)?;
    fields.minute = input.digits(2, 2)?;
    fields.second = input.digits(2, 2)?;
    if input.eat('.') || input.eat(',') {
        fields.millisecond = fraction_millis(input, 1, usize::MAX)?;
    }
    if !input.done() {
        fields.offset_minutes = input.zone()?;
    }
    Some(fields)
}

/// .NET `DateTime.ParseExact` with a custom or standard format (en-US),
/// leading and trailing white space allowed (Entra's default styles). An
/// offset in the text (`z`, `zz`, `zzz`, `K`) converts to UTC; otherwise the
/// text is taken as UTC. `today_millis` fills a missing date as .NET does.
pub fn parse_dotnet_exact(text: &str, format: &str, today_millis: i64) -> Result<i64, String> {
    let mismatch = || {
        format!(
            "`{}` does not match the date format `{format}`",
            text.trim()
        )
    };
    let mut input = Input::new(text);
    let mut fields = Fields::default();
    for piece in pieces(format)? {
        match piece {
            Piece::Literal(literal) => {
                for expected in literal.chars() {
                    let matches = input.peek().is_some_and(|c| {
                        c == expected
                            || (c.is_ascii_alphabetic() && c.eq_ignore_ascii_case(&expected))
                    });
                    if !matches {
                        return Err(mismatch());
                    }
                    input.at += 1;
                }
            }
            Piece::Field(letter, count) => {
                read_field(&mut input, &mut fields, letter, count).ok_or_else(mismatch)?;
            }
        }
    }
    if !input.done() {
        return Err(mismatch());
    }
    fields
        .instant(today_millis)
        .ok_or_else(|| format!("`{}` is not a valid date", text.trim()))
}

fn read_field(input: &mut Input, fields: &mut Fields, letter: char, count: usize) -> Option<()> {
    let two_or_one = |input: &mut Input| {
        if count == 1 {
            input.digits(1, 2)
        } else {
            input.digits(2, 2)
        }
    };
    match (letter, count) {
        ('d', 1 | 2) => fields.day = Some(two_or_one(input)?),
        ('d', 3) => {
            input.word(&WEEKDAYS.map(|d| d.get(..3).unwrap_or(d)))?;
        }
        ('d', _) => {
            input.word(&WEEKDAYS)?;
        }
        ('M', 1 | 2) => fields.month = Some(two_or_one(input)?),
        ('M', 3) => {
            fields.month = Some(input.word(&MONTHS.map(|m| m.get(..3).unwrap_or(m)))? as i64 + 1)
        }
        ('M', _) => fields.month = Some(input.word(&MONTHS)? as i64 + 1),
        ('y', 1 | 2) => {
            // Two digits: .NET's TwoDigitYearMax 2049.
            let year = input.digits(count, 2)?;
            fields.year = Some(if year <= 49 { 2000 + year } else { 1900 + year });
        }
        ('y', _) => fields.year = Some(input.digits(count.min(4), count.max(4))?),
        ('h' | 'H', _) => fields.hour = two_or_one(input)?,
        ('m', _) => fields.minute = two_or_one(input)?,
        ('s', _) => fields.second = two_or_one(input)?,
        ('f', 1..=7) => fields.millisecond = fraction_millis(input, count, count)?,
        ('F', 1..=7) => fields.millisecond = fraction_millis(input, 0, count)?,
        ('t', _) => {
            let words: &[&str] = if count == 1 {
                &["A", "P"]
            } else {
                &["AM", "PM"]
            };
            fields.pm = Some(input.word(words)? == 1);
        }
        ('z', _) => {
            let sign = match input.peek()? {
                '+' => 1,
                '-' => -1,
                _ => return None,
            };
            input.at += 1;
            let hours = two_or_one(input)?;
            let minutes = if count >= 3 {
                if !input.eat(':') {
                    return None;
                }
                input.digits(2, 2)?
            } else {
                0
            };
            if hours > 14 || minutes > 59 {
                return None;
            }
            fields.offset_minutes = sign * (hours * 60 + minutes);
        }
        ('K', _) => {
            if !input.done() && matches!(input.peek(), Some('Z' | 'z' | '+' | '-')) {
                fields.offset_minutes = input.zone()?;
            }
        }
        ('g', _) => {
            input.word(&["A.D.", "AD"])?;
        }
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datetime::{format_entra, parse_iso8601};

    fn entra(text: &str) -> String {
        parse_lenient(text)
            .map(format_entra)
            .unwrap_or_else(|| "none".into())
    }

    #[test]
    fn lenient_forms_from_microsofts_examples() {
        assert_eq!(entra("2020-03-16-07:00"), "3/16/2020 7:00:00 AM");
        assert_eq!(entra("2021-06-30+08:00"), "6/29/2021 4:00:00 PM");
        assert_eq!(entra("2009-06-15T01:45:30-07:00"), "6/15/2009 8:45:30 AM");
        assert_eq!(entra("8/25/2021 5:41:18 PM"), "8/25/2021 5:41:18 PM");
        assert_eq!(entra("2021-08-24"), "8/24/2021 12:00:00 AM");
        assert_eq!(entra(" 2020-12-31 23:59:59-08:00 "), "1/1/2021 7:59:59 AM");
        assert_eq!(entra("20150123105347.1Z"), "1/23/2015 10:53:47 AM");
        assert_eq!(
            parse_lenient("2011-05-13T04:42:34.123Z"),
            parse_iso8601("2011-05-13T04:42:34.123Z")
        );
    }

    #[test]
    fn lenient_rejects_non_dates() {
        for text in [
            "",
            "yesterday",
            "2021-02-30",
            "13/1/2021",
            "2021-08-24T25:00",
            "8/25/2021 13:00 PM",
            "2021-08-24+99:00",
            "2021-08-24 junk",
        ] {
            assert_eq!(parse_lenient(text), None, "{text}");
        }
    }

    #[test]
    fn exact_formats() {
        let parse = |text, format| parse_dotnet_exact(text, format, 0).map(format_entra);
        assert_eq!(
            parse("20150123105347.1Z", "yyyyMMddHHmmss.fZ").unwrap(),
            "1/23/2015 10:53:47 AM"
        );
        assert_eq!(
            parse("2020-12-31-08:00", "yyyy-MM-ddzzz").unwrap(),
            "12/31/2020 8:00:00 AM"
        );
        assert_eq!(
            parse("12/31/2020 09:30:00 PM", "M/d/yyyy hh:mm:ss tt").unwrap(),
            "12/31/2020 9:30:00 PM"
        );
        assert_eq!(
            parse("Jun 5, 09", "MMM d, yy").unwrap(),
            "6/5/2009 12:00:00 AM"
        );
        assert_eq!(
            parse("Friday, June 5, 1970", "D").unwrap(),
            "6/5/1970 12:00:00 AM"
        );
        assert_eq!(
            parse("5 janUARY 2050", "d MMMM yyyy").unwrap(),
            "1/5/2050 12:00:00 AM"
        );
        assert!(parse("2015-01-23", "yyyyMMdd").is_err());
        assert!(parse("20150123x", "yyyyMMdd").is_err());
        assert!(parse("20150230", "yyyyMMdd").is_err());
        assert!(parse("1/5/50", "M/d/yy")
            .unwrap()
            .ends_with("1950 12:00:00 AM"));
        // Time only: today's date.
        let today = parse_iso8601("2021-07-02T15:33:38Z").unwrap();
        assert_eq!(
            format_entra(parse_dotnet_exact("08:15", "HH:mm", today).unwrap()),
            "7/2/2021 8:15:00 AM"
        );
    }
}
