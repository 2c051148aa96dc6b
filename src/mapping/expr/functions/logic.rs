//! Conditions, conversions, multi-valued helpers and generators: IIF,
//! Switch, Coalesce, Not, CBool, CStr, BitAnd, IsNull, IsNullOrEmpty,
//! IsPresent, IsString, IgnoreFlowIfNullOrEmpty, Count, Item,
//! RemoveDuplicates, Redact, Guid, RandomString.

use crate::error::Error;
use crate::mapping::expr::eval::Call;
use crate::mapping::expr::value::ExprValue;

/// `IIF(condition, valueIfTrue, valueIfFalse)`; only the chosen branch is
/// evaluated. The condition is true for the boolean true, the text "True"
/// (any case) or a non-zero number.
pub fn iif(call: &mut Call) -> Result<ExprValue, Error> {
    let condition = call.arg(0)?;
    let holds = to_bool(&condition).unwrap_or(false);
    call.arg(if holds { 1 } else { 2 })
}

/// VB's boolean conversion: booleans, "True"/"False" in any case, numbers
/// (non-zero is true), null is false. `None` for other text.
fn to_bool(value: &ExprValue) -> Option<bool> {
    match value {
        ExprValue::Bool(b) => Some(*b),
        ExprValue::Number(n) => Some(*n != 0),
        ExprValue::List(items) => items.first().map_or(Some(false), to_bool),
        ExprValue::String(s) => {
            let text = s.trim();
            if text.eq_ignore_ascii_case("true") {
                Some(true)
            } else if text.eq_ignore_ascii_case("false") {
                Some(false)
            } else {
                crate::mapping::expr::value::parse_integer(text).map(|n| n != 0)
            }
        }
        ExprValue::Null | ExprValue::Ignore => Some(false),
        ExprValue::DateTime(_) => None,
    }
}

/// `CBool(expression)`: a boolean (prints `True`/`False` as text, `true`/
/// `false` as JSON). Text that is neither a boolean nor a number is an error.
pub fn cbool(call: &mut Call) -> Result<ExprValue, Error> {
    let value = call.arg(0)?;
    match to_bool(&value) {
        Some(b) => Ok(ExprValue::Bool(b)),
        None => Err(call.error(format!(
            "cannot convert `{}` to a boolean",
            value.text_or_empty()
        ))),
    }
}

/// `Not(source)`: true only when the source is not True ("True" → False,
/// anything else, null included → True), as Microsoft documents.
pub fn not(call: &mut Call) -> Result<ExprValue, Error> {
    Ok(ExprValue::Bool(!call.arg(0)?.is_true()))
}

/// `CStr(value)`: the text form (`True`, `42`, dates as `M/d/yyyy h:mm:ss tt`);
/// null stays null, lists become lists of texts.
pub fn cstr(call: &mut Call) -> Result<ExprValue, Error> {
    Ok(to_text(call.arg(0)?))
}

fn to_text(value: ExprValue) -> ExprValue {
    match value {
        ExprValue::List(items) => ExprValue::List(items.into_iter().map(to_text).collect()),
        ExprValue::Ignore => ExprValue::Ignore,
        other => other.as_text().map_or(ExprValue::Null, ExprValue::String),
    }
}

/// `BitAnd(value1, value2)`: bitwise AND of two whole numbers (`&HF7` hex
/// literals welcome); null if either is null.
pub fn bit_and(call: &mut Call) -> Result<ExprValue, Error> {
    let (Some(a), Some(b)) = (
        call.optional_integer(0, "value1")?,
        call.optional_integer(1, "value2")?,
    ) else {
        return Ok(ExprValue::Null);
    };
    Ok(ExprValue::Number(a & b))
}

/// `Coalesce(source1, ..., defaultValue)`: the first argument that is not
/// null (an empty list counts as null; the empty string is a value).
pub fn coalesce(call: &mut Call) -> Result<ExprValue, Error> {
    for index in 0..call.len() {
        let value = call.arg(index)?;
        if !value.is_null() {
            return Ok(value);
        }
    }
    Ok(ExprValue::Null)
}

/// `Switch(source, defaultValue, key1, value1, ...)`: case-sensitive text
/// match of the source against each key in turn (null matches `""`).
pub fn switch(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?.text_or_empty();
    let mut index = 2;
    while index + 1 < call.len() {
        if call.arg(index)?.text_or_empty() == source {
            return call.arg(index + 1);
        }
        index += 2;
    }
    call.arg(1)
}

pub fn is_null(call: &mut Call) -> Result<ExprValue, Error> {
    Ok(ExprValue::Bool(call.arg(0)?.is_null()))
}

pub fn is_null_or_empty(call: &mut Call) -> Result<ExprValue, Error> {
    Ok(ExprValue::Bool(call.arg(0)?.is_null_or_empty()))
}

pub fn is_present(call: &mut Call) -> Result<ExprValue, Error> {
    Ok(ExprValue::Bool(!call.arg(0)?.is_null_or_empty()))
}

/// `IsString(expression)`: true for text values (not for null, numbers,
/// booleans, dates or lists).
pub fn is_string(call: &mut Call) -> Result<ExprValue, Error> {
    Ok(ExprValue::Bool(matches!(
        call.arg(0)?,
        ExprValue::String(_)
    )))
}

/// `IgnoreFlowIfNullOrEmpty(expression)`: `Ignore` when the value is null
/// or empty, so the mapping leaves the target attribute out.
pub fn ignore_flow_if_null_or_empty(call: &mut Call) -> Result<ExprValue, Error> {
    let value = call.arg(0)?;
    Ok(if value.is_null_or_empty() {
        ExprValue::Ignore
    } else {
        value
    })
}

/// `Count(attribute)`: elements of a multi-valued attribute; a single value
/// counts 1, null 0.
pub fn count(call: &mut Call) -> Result<ExprValue, Error> {
    let n = match call.arg(0)? {
        ExprValue::List(items) => items.len(),
        other if other.is_null() => 0,
        _ => 1,
    };
    Ok(ExprValue::Number(i64::try_from(n).unwrap_or(i64::MAX)))
}

/// `Item(attribute, index)`: the 1-based element; null when out of range.
pub fn item(call: &mut Call) -> Result<ExprValue, Error> {
    let source = call.arg(0)?;
    let index = call.integer(1, "index")?;
    let Some(position) = usize::try_from(index).ok().and_then(|i| i.checked_sub(1)) else {
        return Ok(ExprValue::Null);
    };
    Ok(match source {
        ExprValue::List(items) => items.into_iter().nth(position).unwrap_or(ExprValue::Null),
        other if position == 0 => other,
        _ => ExprValue::Null,
    })
}

/// `RemoveDuplicates(attribute)`: keeps the first of equal elements, in order.
pub fn remove_duplicates(call: &mut Call) -> Result<ExprValue, Error> {
    Ok(match call.arg(0)? {
        ExprValue::List(items) => {
            let mut unique: Vec<ExprValue> = Vec::with_capacity(items.len());
            for item in items {
                if !unique.contains(&item) {
                    unique.push(item);
                }
            }
            ExprValue::List(unique)
        }
        other => other,
    })
}

/// `Redact(value)`: the value itself; Entra only hides it in its logs.
pub fn redact(call: &mut Call) -> Result<ExprValue, Error> {
    call.arg(0)
}

/// `Guid()`: a version-4 GUID from the context's seeded generator.
pub fn guid(call: &mut Call) -> Result<ExprValue, Error> {
    Ok(ExprValue::String(call.rng().guid()))
}

/// The special characters Windows password complexity rules allow.
const SPECIAL_CHARACTERS: &str = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/";
const MAX_RANDOM_LENGTH: i64 = 256;

/// `RandomString(Length, MinimumNumbers, MinimumSpecialCharacters,
/// MinimumCapital, MinimumLowerCase, CharactersToAvoid)`.
pub fn random_string(call: &mut Call) -> Result<ExprValue, Error> {
    let length = call.integer(0, "Length")?;
    let minimums = [
        call.integer(1, "MinimumNumbers")?,
        call.integer(2, "MinimumSpecialCharacters")?,
        call.integer(3, "MinimumCapital")?,
        call.integer(4, "MinimumLowerCase")?,
    ];
    let avoid: Vec<char> = call.arg(5)?.text_or_empty().chars().collect();
    if !(1..=MAX_RANDOM_LENGTH).contains(&length) {
        return Err(call.error(format!(
            "Length must be between 1 and {MAX_RANDOM_LENGTH}, not {length}"
        )));
    }
    if minimums
        .iter()
        .any(|&m| !(0..=MAX_RANDOM_LENGTH).contains(&m))
    {
        return Err(call.error("the minimums must be between 0 and 256"));
    }
    let required: i64 = minimums.iter().sum();
    if required > length {
        return Err(call.error(format!(
            "the minimums add up to {required}, more than Length {length}"
        )));
    }
    let pool =
        |chars: &str| -> Vec<char> { chars.chars().filter(|c| !avoid.contains(c)).collect() };
    let classes = [
        pool("0123456789"),
        pool(SPECIAL_CHARACTERS),
        pool("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        pool("abcdefghijklmnopqrstuvwxyz"),
    ];
    let everything: Vec<char> = classes.iter().flatten().copied().collect();
    if everything.is_empty() {
        return Err(call.error("CharactersToAvoid excludes every character"));
    }
    let mut chars: Vec<char> = Vec::with_capacity(length as usize);
    for (class, &minimum) in classes.iter().zip(&minimums) {
        if minimum > 0 && class.is_empty() {
            return Err(call.error("CharactersToAvoid excludes a whole required character class"));
        }
        for _ in 0..minimum {
            let index = call.rng().below(class.len());
            chars.extend(class.get(index));
        }
    }
    while (chars.len() as i64) < length {
        let index = call.rng().below(everything.len());
        chars.extend(everything.get(index));
    }
    call.rng().shuffle(&mut chars);
    Ok(ExprValue::String(chars.into_iter().collect()))
}
