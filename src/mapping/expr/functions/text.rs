//! String functions: Append, Join, Left, Mid, Word, InStr, Split, PCase,
//! ToLower, ToUpper, StripSpaces, NormalizeDiacritics, ConvertToBase64,
//! ConvertToUTF8Hex.

use super::map_text;
use crate::error::Error;
use crate::mapping::expr::diacritics;
use crate::mapping::expr::eval::Call;
use crate::mapping::expr::value::ExprValue;

/// `Append(source, suffix)`: a null source counts as `""`; on a list the
/// suffix goes onto every element.
pub fn append(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    let suffix = call.arg(1)?.text_or_empty();
    let source = if source.is_null() {
        ExprValue::String(String::new())
    } else {
        source
    };
    Ok(map_text(source, &mut |text| format!("{text}{suffix}")))
}

/// `Join(separator, source1, ...)`: list elements are joined one by one;
/// null and empty values are skipped, as Microsoft's
/// `Join(", ", "", [surname], [givenName])` → `"Doe, John"` shows.
/// Appends to one string as the arguments are evaluated (no list of
/// copied parts): `Join` runs for every user in typical configurations.
pub fn join(call: &mut Call) -> Result<ExprValue, Error> {
    let separator = call.arg(0)?.into_text_or_empty();
    let mut joined = Joined {
        // Room for a typical full name, so the parts do not regrow it.
        text: String::with_capacity(32),
        separator: &separator,
        empty: true,
    };
    for index in 1..call.len() {
        match call.source_text(index) {
            // `[givenName]`: read in place, not copied first.
            Some(text) => joined.push_text(text),
            None => joined.push_value(call.arg(index)?),
        }
    }
    Ok(ExprValue::String(joined.text))
}

/// `Join`'s result so far.
struct Joined<'s> {
    text: String,
    separator: &'s str,
    /// No part yet (so no separator before the next one).
    empty: bool,
}

impl Joined<'_> {
    /// Adds a value's texts, list elements one by one (nested lists flat).
    fn push_value(&mut self, value: ExprValue) {
        match value {
            ExprValue::List(items) => items.into_iter().for_each(|item| self.push_value(item)),
            ExprValue::String(text) => self.push_text(&text),
            other => {
                if let Some(text) = other.as_text() {
                    self.push_text(&text);
                }
            }
        }
    }

    /// Adds one part; empty parts are skipped.
    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.empty {
            self.text.push_str(self.separator);
        }
        self.text.push_str(text);
        self.empty = false;
    }
}

/// `Left(String, NumChars)`: 0 → `""`, negative → the whole string, null → `""`.
pub fn left(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    let count = call.integer(1, "NumChars")?;
    if source.is_null() {
        return Ok(ExprValue::String(String::new()));
    }
    Ok(map_text(source, &mut |text| match usize::try_from(count) {
        Ok(take) => text.chars().take(take).collect(),
        Err(_) => text.to_string(),
    }))
}

/// `Mid(source, start, length)`: 1-based `start`; a length past the end
/// stops at the end; null stays null.
pub fn mid(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    let start = call.integer(1, "start")?;
    let length = call.integer(2, "length")?;
    if start < 1 {
        return Err(call.error(format!("start must be 1 or more, not {start}")));
    }
    if length < 0 {
        return Err(call.error(format!("length must be 0 or more, not {length}")));
    }
    let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
    let take = usize::try_from(length).unwrap_or(usize::MAX);
    Ok(map_text(source, &mut |text| {
        text.chars().skip(skip).take(take).collect()
    }))
}

/// `Word(String, WordNumber, Delimiters)`: the n-th (1-based) run of
/// characters between any of the delimiter characters; runs of delimiters
/// count as one. Out of range or null → `""`.
pub fn word(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    let number = call.integer(1, "WordNumber")?;
    let delimiters: Vec<char> = call.arg(2)?.text_or_empty().chars().collect();
    let text = source.text_or_empty();
    if number < 1 {
        return Ok(ExprValue::String(String::new()));
    }
    let index = usize::try_from(number - 1).unwrap_or(usize::MAX);
    let found = text
        .split(|c| delimiters.contains(&c))
        .filter(|w| !w.is_empty())
        .nth(index)
        .unwrap_or_default();
    Ok(ExprValue::String(found.to_string()))
}

/// `InStr(value1, value2, start, compareType)`: the 1-based character
/// position of `value2` in `value1` from `start`, 0 when absent, null when
/// either string is null (VB). `vbTextCompare` ignores case.
pub fn in_str(call: &mut Call) -> Result<ExprValue, Error> {
    let haystack = call.arg(0)?;
    let needle = call.arg(1)?;
    let start = call.optional_integer(2, "start")?.unwrap_or(1);
    let compare = call.arg(3)?;
    if start < 1 {
        return Err(call.error(format!("start must be 1 or more, not {start}")));
    }
    let ignore_case = match compare.as_text().as_deref().map(str::trim) {
        None | Some("") | Some("vbBinaryCompare") | Some("0") => false,
        Some("vbTextCompare") | Some("1") => true,
        Some(other) => {
            return Err(call.error(format!(
                "compareType must be vbBinaryCompare or vbTextCompare, not `{other}`"
            )))
        }
    };
    let (Some(haystack), Some(needle)) = (haystack.as_text(), needle.as_text()) else {
        return Ok(ExprValue::Null);
    };
    let fold = |text: &str| -> String {
        if ignore_case {
            text.chars().map(fold_case).collect()
        } else {
            text.to_string()
        }
    };
    let (haystack, needle) = (fold(&haystack), fold(&needle));
    let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
    let Some((byte_start, _)) = haystack
        .char_indices()
        .chain(std::iter::once((haystack.len(), ' ')))
        .nth(skip)
    else {
        return Ok(ExprValue::Number(0));
    };
    let position = haystack
        .get(byte_start..)
        .and_then(|rest| rest.find(&needle))
        .map_or(0, |offset| {
            let before = haystack.get(..byte_start + offset).unwrap_or_default();
            before.chars().count() as i64 + 1
        });
    Ok(ExprValue::Number(position))
}

/// One char's case fold that keeps the character count (so positions hold).
fn fold_case(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

/// `Split(source, delimiter)`: a list; each piece is trimmed of surrounding
/// white space (Microsoft documents `"PermissionSetOne, PermissionSetTwo"`
/// split on `","` as `["PermissionSetOne", "PermissionSetTwo"]`).
pub fn split(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    let delimiter = call.arg(1)?.text_or_empty();
    let Some(text) = source.as_text() else {
        return Ok(ExprValue::Null);
    };
    let pieces: Vec<ExprValue> = if delimiter.is_empty() {
        vec![ExprValue::String(text.trim().to_string())]
    } else {
        text.split(delimiter.as_str())
            .map(|piece| ExprValue::String(piece.trim().to_string()))
            .collect()
    };
    Ok(ExprValue::List(pieces))
}

/// `StripSpaces(source)`: removes every `" "` (only the space character).
pub fn strip_spaces(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    Ok(map_text(source, &mut |text| text.replace(' ', "")))
}

/// `NormalizeDiacritics(source)`: Microsoft's table (`Zoë` → `Zoe`, `ß` → `ss`).
pub fn normalize_diacritics(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    Ok(map_text(source, &mut diacritics::normalize))
}

/// `PCase(source, wordSeparators)`: first letter of each word upper case,
/// the rest lower case. Without separators, words break at anything that is
/// not a letter, digit, combining mark or apostrophe (.NET ToTitleCase's
/// separator categories); an all-caps word is lowered first, as Microsoft's
/// `"PABLO GONSALVES (SECOND)"` → `"Pablo Gonsalves (Second)"` shows.
pub fn pcase(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    let separators: Option<Vec<char>> = call
        .arg(1)?
        .as_text()
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().collect());
    Ok(map_text(source, &mut |text| {
        let is_separator = |c: char| match &separators {
            Some(chars) => chars.contains(&c),
            None => !(c.is_alphanumeric() || c == '\'' || is_combining_mark(c)),
        };
        title_case(text, is_separator)
    }))
}

fn title_case(text: &str, is_separator: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_word_start = true;
    for c in text.chars() {
        if is_separator(c) {
            out.push(c);
            at_word_start = true;
        } else if at_word_start && c.is_alphabetic() {
            let mut upper = c.to_uppercase();
            match (upper.next(), upper.next()) {
                (Some(single), None) => out.push(single),
                _ => out.push(c),
            }
            at_word_start = false;
        } else if at_word_start {
            out.push(c);
        } else {
            push_lower(&mut out, c, false);
        }
    }
    out
}

pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Whether a culture name (`tr-TR`, `az`) uses the Turkic dotted/dotless i.
fn is_turkic(culture: Option<&str>) -> bool {
    culture.is_some_and(|c| {
        let lang = c.trim().split(['-', '_']).next().unwrap_or_default();
        lang.eq_ignore_ascii_case("tr") || lang.eq_ignore_ascii_case("az")
    })
}

/// Character-by-character lowering like .NET's invariant culture (no
/// final-sigma rule), with the Turkic i rules when asked.
fn push_lower(out: &mut String, c: char, turkic: bool) {
    match c {
        'I' if turkic => out.push('ı'),
        '\u{130}' => out.push('i'),
        _ => out.extend(c.to_lowercase()),
    }
}

fn push_upper(out: &mut String, c: char, turkic: bool) {
    match c {
        'i' if turkic => out.push('\u{130}'),
        _ => out.extend(c.to_uppercase()),
    }
}

/// `ToLower(source, culture)`: invariant culture unless `tr`/`az` is given.
pub fn to_lower(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    let turkic = is_turkic(call.arg(1)?.as_text().as_deref());
    Ok(map_text(source, &mut |text| {
        let mut out = String::with_capacity(text.len());
        text.chars().for_each(|c| push_lower(&mut out, c, turkic));
        out
    }))
}

/// `ToUpper(source, culture)`: invariant culture unless `tr`/`az` is given.
pub fn to_upper(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    let turkic = is_turkic(call.arg(1)?.as_text().as_deref());
    Ok(map_text(source, &mut |text| {
        let mut out = String::with_capacity(text.len());
        text.chars().for_each(|c| push_upper(&mut out, c, turkic));
        out
    }))
}

/// `ConvertToBase64(source)`: Base64 of the UTF-16LE bytes, as Entra (.NET
/// `Encoding.Unicode`) does: `"Hello world!"` → `"SABlAGwAbABvACAAdwBvAHIAbABkACEA"`.
pub fn convert_to_base64(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    Ok(map_text(source, &mut |text| {
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        base64(&bytes)
    }))
}

/// `ConvertToUTF8Hex(source)`: upper-case hex of the UTF-8 bytes.
pub fn convert_to_utf8_hex(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    Ok(map_text(source, &mut |text| {
        text.bytes().map(|b| format!("{b:02X}")).collect()
    }))
}

/// Standard Base64 (RFC 4648, with `=` padding).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol = |index: u32| char::from(ALPHABET[(index & 63) as usize]);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = u32::from(chunk.first().copied().unwrap_or(0));
        let b1 = u32::from(chunk.get(1).copied().unwrap_or(0));
        let b2 = u32::from(chunk.get(2).copied().unwrap_or(0));
        let triple = (b0 << 16) | (b1 << 8) | b2;
        out.push(symbol(triple >> 18));
        out.push(symbol(triple >> 12));
        out.push(if chunk.len() > 1 {
            symbol(triple >> 6)
        } else {
            '='
        });
        out.push(if chunk.len() > 2 { symbol(triple) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn title_case_follows_dotnet_word_rules() {
        let default = |c: char| !(c.is_alphanumeric() || c == '\'' || is_combining_mark(c));
        assert_eq!(title_case("o'neil mc-donald", default), "O'neil Mc-Donald");
        assert_eq!(title_case("3rd floor", default), "3Rd Floor");
    }
}
