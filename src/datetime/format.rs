//! .NET date formatting (en-US), for Entra's `FormatDateTime` and the
//! `M/d/yyyy h:mm:ss tt` text of its date values.

use super::DateParts;

pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(super) const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Entra's date text: `M/d/yyyy h:mm:ss tt` in UTC (`3/16/2020 7:00:00 AM`).
pub fn format_entra(millis: i64) -> String {
    let p = DateParts::from_millis(millis);
    let hour12 = p.hour12();
    let meridiem = if p.hour < 12 { "AM" } else { "PM" };
    format!(
        "{}/{}/{:04} {}:{:02}:{:02} {}",
        p.month, p.day, p.year, hour12, p.minute, p.second, meridiem
    )
}

/// The en-US pattern behind a one-letter .NET standard format string.
pub(super) fn standard_pattern(letter: char) -> Option<&'static str> {
    Some(match letter {
        'd' => "M/d/yyyy",
        'D' => "dddd, MMMM d, yyyy",
        'f' => "dddd, MMMM d, yyyy h:mm tt",
        'F' | 'U' => "dddd, MMMM d, yyyy h:mm:ss tt",
        'g' => "M/d/yyyy h:mm tt",
        'G' => "M/d/yyyy h:mm:ss tt",
        'M' | 'm' => "MMMM d",
        'O' | 'o' => "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
        'R' | 'r' => "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
        's' => "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
        't' => "h:mm tt",
        'T' => "h:mm:ss tt",
        'u' => "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
        'Y' | 'y' => "MMMM yyyy",
        _ => return None,
    })
}

/// One piece of a .NET custom format string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// A specifier letter and how many times it repeats (`yyyy` → ('y', 4)).
    Field(char, usize),
    Literal(String),
}

const FIELD_LETTERS: &str = "dfFghHKmMstyz";

/// Splits a format string into fields and literals: quotes `'...'` /
/// `"..."`, `\x` escapes and `%x` single specifiers as .NET reads them.
pub(super) fn pieces(format: &str) -> Result<Vec<Piece>, String> {
    let pattern = match format.chars().collect::<Vec<_>>().as_slice() {
        [letter] => standard_pattern(*letter)
            .ok_or_else(|| format!("`{format}` is not a .NET standard date format"))?,
        _ => format,
    };
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let literal = |out: &mut Vec<Piece>, c: char| match out.last_mut() {
        Some(Piece::Literal(text)) => text.push(c),
        _ => out.push(Piece::Literal(c.to_string())),
    };
    while let Some(&c) = chars.get(i) {
        match c {
            '\'' | '"' => {
                let close = (i + 1..chars.len())
                    .find(|&k| chars.get(k) == Some(&c))
                    .ok_or_else(|| format!("unclosed quote {c} in date format `{format}`"))?;
                for &q in chars.get(i + 1..close).unwrap_or_default() {
                    literal(&mut out, q);
                }
                i = close + 1;
            }
            '\\' => {
                let escaped = chars
                    .get(i + 1)
                    .ok_or_else(|| format!("date format `{format}` ends with `\\`"))?;
                literal(&mut out, *escaped);
                i += 2;
            }
            '%' => match chars.get(i + 1) {
                Some(&next) if FIELD_LETTERS.contains(next) => {
                    out.push(Piece::Field(next, 1));
                    i += 2;
                }
                _ => return Err(format!("`%` must precede a format letter in `{format}`")),
            },
            c if FIELD_LETTERS.contains(c) => {
                let mut count = 1;
                while chars.get(i + count) == Some(&c) {
                    count += 1;
                }
                out.push(Piece::Field(c, count));
                i += count;
            }
            other => {
                literal(&mut out, other);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// Formats a UTC instant with a .NET standard (`"o"`, `"d"`) or custom
/// (`"yyyy-MM-dd"`) format string, en-US names. Errors name the bad part.
pub fn format_dotnet(millis: i64, format: &str) -> Result<String, String> {
    if format.is_empty() {
        return Err("the output format is empty".to_string());
    }
    let p = DateParts::from_millis(millis);
    let mut out = String::new();
    for piece in pieces(format)? {
        let (letter, count) = match piece {
            Piece::Literal(text) => {
                out.push_str(&text);
                continue;
            }
            Piece::Field(letter, count) => (letter, count),
        };
        let hour12 = p.hour12();
        let number = |value: i64, width: usize| format!("{value:0width$}");
        let text = match (letter, count) {
            ('d', 1 | 2) => number(i64::from(p.day), count),
            ('d', 3) => short(WEEKDAYS.get(p.weekday as usize)),
            ('d', _) => WEEKDAYS
                .get(p.weekday as usize)
                .copied()
                .unwrap_or_default()
                .to_string(),
            ('M', 1 | 2) => number(i64::from(p.month), count),
            ('M', 3) => short(MONTHS.get(p.month as usize - 1)),
            ('M', _) => MONTHS
                .get(p.month as usize - 1)
                .copied()
                .unwrap_or_default()
                .to_string(),
            ('y', 1) => (p.year % 100).to_string(),
            ('y', 2) => number(p.year % 100, 2),
            ('y', _) => number(p.year, count),
            ('h', 1) => hour12.to_string(),
            ('h', _) => number(i64::from(hour12), 2),
            ('H', 1) => p.hour.to_string(),
            ('H', _) => number(i64::from(p.hour), 2),
            ('m', 1) => p.minute.to_string(),
            ('m', _) => number(i64::from(p.minute), 2),
            ('s', 1) => p.second.to_string(),
            ('s', _) => number(i64::from(p.second), 2),
            ('f' | 'F', 8..) => {
                return Err(format!(
                    "`{}` is longer than 7 digits",
                    letter.to_string().repeat(count)
                ))
            }
            ('f', _) => fraction(p.millisecond, count),
            ('F', _) => {
                let digits = fraction(p.millisecond, count);
                let trimmed = digits.trim_end_matches('0');
                if trimmed.is_empty() && out.ends_with('.') {
                    out.pop();
                }
                trimmed.to_string()
            }
            ('t', 1) => (if p.hour < 12 { "A" } else { "P" }).to_string(),
            ('t', _) => (if p.hour < 12 { "AM" } else { "PM" }).to_string(),
            ('z', 1) => "+0".to_string(),
            ('z', 2) => "+00".to_string(),
            ('z', _) => "+00:00".to_string(),
            ('K', _) => "Z".to_string(),
            ('g', _) => "A.D.".to_string(),
            _ => String::new(),
        };
        out.push_str(&text);
    }
    Ok(out)
}

fn short(name: Option<&&str>) -> String {
    name.map(|n| n.chars().take(3).collect())
        .unwrap_or_default()
}

/// The first `count` digits of the second's fraction (milliseconds, then zeros).
fn fraction(millisecond: u32, count: usize) -> String {
    let mut digits = format!("{millisecond:03}0000");
    digits.truncate(count);
    digits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datetime::parse_iso8601;

    fn at(text: &str) -> i64 {
        parse_iso8601(text).unwrap()
    }

    #[test]
    fn entra_text_form() {
        assert_eq!(
            format_entra(at("2020-03-16T07:00:00Z")),
            "3/16/2020 7:00:00 AM"
        );
        assert_eq!(
            format_entra(at("2021-06-29T16:00:00Z")),
            "6/29/2021 4:00:00 PM"
        );
        assert_eq!(
            format_entra(at("2021-06-29T00:05:09Z")),
            "6/29/2021 12:05:09 AM"
        );
        assert_eq!(
            format_entra(at("2021-06-29T12:00:00Z")),
            "6/29/2021 12:00:00 PM"
        );
    }

    #[test]
    fn custom_specifiers() {
        let t = at("2009-06-05T13:45:30.617Z");
        let cases = [
            ("yyyy-MM-dd", "2009-06-05"),
            ("M/d/yy h:m:s tt", "6/5/09 1:45:30 PM"),
            ("dddd ddd MMMM MMM", "Friday Fri June Jun"),
            ("HH:mm:ss.fff", "13:45:30.617"),
            ("ss.ffff ss.F ss.FFFFF", "30.6170 30.6 30.617"),
            ("yyyyMMddHHmmss.fZ", "20090605134530.6Z"),
            ("'Week of' MMMM d", "Week of June 5"),
            ("\\y\\e\\a\\r: yyyy zzz K t", "year: 2009 +00:00 Z P"),
            ("%d", "5"),
            ("yyyyy", "02009"),
        ];
        for (format, expected) in cases {
            assert_eq!(format_dotnet(t, format).unwrap(), expected, "{format}");
        }
        assert_eq!(
            format_dotnet(at("2009-06-05T13:45:30Z"), "HH:mm:ss.FFF").unwrap(),
            "13:45:30"
        );
    }

    #[test]
    fn standard_formats_use_en_us() {
        let t = at("2009-06-15T13:45:30.5Z");
        let cases = [
            ("d", "6/15/2009"),
            ("D", "Monday, June 15, 2009"),
            ("G", "6/15/2009 1:45:30 PM"),
            ("o", "2009-06-15T13:45:30.5000000Z"),
            ("s", "2009-06-15T13:45:30"),
            ("u", "2009-06-15 13:45:30Z"),
            ("R", "Mon, 15 Jun 2009 13:45:30 GMT"),
            ("t", "1:45 PM"),
            ("Y", "June 2009"),
        ];
        for (format, expected) in cases {
            assert_eq!(format_dotnet(t, format).unwrap(), expected, "{format}");
        }
        assert!(format_dotnet(t, "Q").is_err());
        assert!(format_dotnet(t, "'open").is_err());
        assert!(format_dotnet(t, "ffffffff").is_err());
        assert!(format_dotnet(t, "").is_err());
    }
}
