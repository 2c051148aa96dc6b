//! Entra's function library: one table of names, arities and implementations.

mod date;
mod logic;
mod replace;
mod text;

pub(crate) use text::is_combining_mark;

use super::eval::Call;
use super::value::ExprValue;
use crate::error::Error;
use std::fmt;

pub(crate) type Implementation = fn(&mut Call) -> Result<ExprValue, Error>;

/// A function's name, the arguments it accepts, and its implementation.
pub struct FunctionSpec {
    /// Case-sensitive, as Entra spells it.
    pub name: &'static str,
    /// The parameter list as Microsoft documents it, for arity errors.
    pub signature: &'static str,
    pub min_args: usize,
    /// `None`: any number (Join, Coalesce, Switch).
    pub max_args: Option<usize>,
    /// Switch: source, defaultValue and key/value pairs.
    pub even_args: bool,
    pub(crate) eval: Implementation,
}

impl fmt::Debug for FunctionSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

const fn exactly(
    name: &'static str,
    signature: &'static str,
    count: usize,
    eval: Implementation,
) -> FunctionSpec {
    between(name, signature, count, count, eval)
}

const fn between(
    name: &'static str,
    signature: &'static str,
    min: usize,
    max: usize,
    eval: Implementation,
) -> FunctionSpec {
    FunctionSpec {
        name,
        signature,
        min_args: min,
        max_args: Some(max),
        even_args: false,
        eval,
    }
}

const fn at_least(
    name: &'static str,
    signature: &'static str,
    min: usize,
    eval: Implementation,
) -> FunctionSpec {
    FunctionSpec {
        name,
        signature,
        min_args: min,
        max_args: None,
        even_args: false,
        eval,
    }
}

/// Every supported function, alphabetical as in Microsoft's reference.
pub static FUNCTIONS: &[FunctionSpec] = &[
    exactly("Append", "source, suffix", 2, text::append),
    exactly("BitAnd", "value1, value2", 2, logic::bit_and),
    exactly("CBool", "expression", 1, logic::cbool),
    exactly("CDate", "expression", 1, date::cdate),
    at_least("Coalesce", "source1, source2, ..., defaultValue", 1, logic::coalesce),
    exactly("ConvertToBase64", "source", 1, text::convert_to_base64),
    exactly("ConvertToUTF8Hex", "source", 1, text::convert_to_utf8_hex),
    exactly("Count", "attribute", 1, logic::count),
    exactly("CStr", "value", 1, logic::cstr),
    exactly("DateAdd", "interval, value, dateTime", 3, date::date_add),
    exactly("DateDiff", "interval, date1, date2", 3, date::date_diff),
    exactly("DateFromNum", "value", 1, date::date_from_num),
    exactly(
        "FormatDateTime",
        "source, dateTimeStyles, inputFormat, outputFormat",
        4,
        date::format_date_time,
    ),
    exactly("Guid", "", 0, logic::guid),
    exactly(
        "IgnoreFlowIfNullOrEmpty",
        "expression",
        1,
        logic::ignore_flow_if_null_or_empty,
    ),
    exactly("IIF", "condition, valueIfTrue, valueIfFalse", 3, logic::iif),
    between("InStr", "value1, value2, start, compareType", 2, 4, text::in_str),
    exactly("IsNull", "expression", 1, logic::is_null),
    exactly("IsNullOrEmpty", "expression", 1, logic::is_null_or_empty),
    exactly("IsPresent", "expression", 1, logic::is_present),
    exactly("IsString", "expression", 1, logic::is_string),
    exactly("Item", "attribute, index", 2, logic::item),
    at_least("Join", "separator, source1, source2, ...", 2, text::join),
    exactly("Left", "String, NumChars", 2, text::left),
    exactly("Mid", "source, start, length", 3, text::mid),
    exactly("NormalizeDiacritics", "source", 1, text::normalize_diacritics),
    exactly("Not", "source", 1, logic::not),
    exactly("Now", "", 0, date::now),
    exactly("NumFromDate", "value", 1, date::num_from_date),
    between("PCase", "source, wordSeparators", 1, 2, text::pcase),
    between(
        "RandomString",
        "Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase, CharactersToAvoid",
        5,
        6,
        logic::random_string,
    ),
    exactly("Redact", "attribute/value", 1, logic::redact),
    exactly("RemoveDuplicates", "attribute", 1, logic::remove_duplicates),
    exactly(
        "Replace",
        "source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template",
        7,
        replace::replace,
    ),
    exactly("Split", "source, delimiter", 2, text::split),
    exactly("StripSpaces", "source", 1, text::strip_spaces),
    FunctionSpec {
        name: "Switch",
        signature: "source, defaultValue, key1, value1, key2, value2, ...",
        min_args: 4,
        max_args: None,
        even_args: true,
        eval: logic::switch,
    },
    between("ToLower", "source, culture", 1, 2, text::to_lower),
    between("ToUpper", "source, culture", 1, 2, text::to_upper),
    exactly("Word", "String, WordNumber, Delimiters", 3, text::word),
];

/// The function with exactly this (case-sensitive) name.
pub fn find(name: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// For "did you mean" hints: the function whose name differs only in case.
pub fn find_ignoring_case(name: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS.iter().find(|f| f.name.eq_ignore_ascii_case(name))
}

/// Entra functions that only make sense inside Entra's own service.
pub fn unsupported_reason(name: &str) -> Option<&'static str> {
    match name {
        "SelectUniqueValue" => Some("it checks uniqueness against the live target directory"),
        "AppRoleAssignmentsComplex" | "SingleAppRoleAssignment" => {
            Some("it reads Entra's app role assignments, which a source record does not carry")
        }
        _ => None,
    }
}

/// Applies a text function to a value: to each element of a list (a
/// multi-valued attribute), to the text of anything else; null stays null.
pub(crate) fn map_text(value: ExprValue, f: &mut impl FnMut(&str) -> String) -> ExprValue {
    match value {
        ExprValue::List(items) => {
            ExprValue::List(items.into_iter().map(|item| map_text(item, f)).collect())
        }
        ExprValue::Ignore => ExprValue::Ignore,
        other => match other.as_text() {
            Some(text) => ExprValue::String(f(&text)),
            None => ExprValue::Null,
        },
    }
}

/// [`map_text`] for operations that can fail (size limits, bad patterns).
pub(crate) fn try_map_text(
    value: ExprValue,
    f: &mut impl FnMut(&str) -> Result<String, String>,
) -> Result<ExprValue, String> {
    match value {
        ExprValue::List(items) => items
            .into_iter()
            .map(|item| try_map_text(item, f))
            .collect::<Result<Vec<_>, _>>()
            .map(ExprValue::List),
        ExprValue::Ignore => Ok(ExprValue::Ignore),
        other => match other.as_text() {
            Some(text) => f(&text).map(ExprValue::String),
            None => Ok(ExprValue::Null),
        },
    }
}
