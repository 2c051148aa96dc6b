//! Values flowing through an expression, and Entra's conversions between them.

use crate::datetime;
use serde_json::Value;

/// The value of an expression or of one of its arguments.
///
/// Entra's engine is string-based: every value has a text form (see
/// [`ExprValue::as_text`]) and functions compare and combine those texts. The
/// typed variants only keep what the text would lose: a boolean prints as
/// JSON `true`, a date keeps its milliseconds, a multi-valued attribute stays
/// a list.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprValue {
    /// An absent attribute, a JSON `null`, or a function's "no value".
    Null,
    String(String),
    /// From `Not`, `CBool`, `IsNull`, comparisons, or a JSON boolean. Text
    /// form `"True"` / `"False"`, as Entra prints it.
    Bool(bool),
    /// Whole numbers (Entra's Num type is a 64-bit integer): literals,
    /// JSON integers, `Count`, `InStr`, `DateDiff`, `NumFromDate`, `BitAnd`.
    Number(i64),
    /// A UTC instant in Unix milliseconds, from `CDate`, `DateAdd`, `Now`,
    /// `DateFromNum`. Text form `M/d/yyyy h:mm:ss tt` (e.g. `3/16/2020 7:00:00 AM`).
    DateTime(i64),
    /// A multi-valued attribute (a JSON array) or `Split`'s result.
    List(Vec<ExprValue>),
    /// `IgnoreFlowIfNullOrEmpty` said: leave the target attribute out.
    Ignore,
}

impl ExprValue {
    /// A source value as the expression sees it: strings, booleans and
    /// integers keep their type, arrays become lists; JSON numbers that are
    /// not 64-bit integers and objects enter as their JSON text. Values
    /// nested deeper than [`MAX_JSON_DEPTH`] read as null, so a hostile
    /// record cannot exhaust the stack.
    pub fn from_json(value: &Value) -> ExprValue {
        from_json_at(value, 0)
    }

    /// The value as JSON: booleans stay booleans, numbers stay numbers,
    /// dates print in Entra's text form, `Ignore` is `null`.
    pub fn to_json(&self) -> Value {
        match self {
            ExprValue::Null | ExprValue::Ignore => Value::Null,
            ExprValue::String(s) => Value::String(s.clone()),
            ExprValue::Bool(b) => Value::Bool(*b),
            ExprValue::Number(n) => Value::from(*n),
            ExprValue::DateTime(millis) => Value::String(datetime::format_entra(*millis)),
            ExprValue::List(items) => Value::Array(items.iter().map(ExprValue::to_json).collect()),
        }
    }

    /// Entra's string form: booleans `"True"`/`"False"`, dates
    /// `M/d/yyyy h:mm:ss tt`, numbers in decimal. A list reads as its first
    /// element (as single-valued functions do). `None` for null, an empty
    /// list and `Ignore`.
    pub fn as_text(&self) -> Option<String> {
        match self {
            ExprValue::Null | ExprValue::Ignore => None,
            ExprValue::String(s) => Some(s.clone()),
            ExprValue::Bool(true) => Some("True".to_string()),
            ExprValue::Bool(false) => Some("False".to_string()),
            ExprValue::Number(n) => Some(n.to_string()),
            ExprValue::DateTime(millis) => Some(datetime::format_entra(*millis)),
            ExprValue::List(items) => items.first().and_then(ExprValue::as_text),
        }
    }

    /// The text form with null as `""`: what string functions work on.
    pub fn text_or_empty(&self) -> String {
        self.as_text().unwrap_or_default()
    }

    /// [`ExprValue::text_or_empty`] of a value no longer needed: a string
    /// is moved, not copied.
    pub fn into_text_or_empty(self) -> String {
        match self {
            ExprValue::String(text) => text,
            other => other.text_or_empty(),
        }
    }

    /// Null, an empty list, or `Ignore`: "the attribute has no value".
    pub fn is_null(&self) -> bool {
        match self {
            ExprValue::Null | ExprValue::Ignore => true,
            ExprValue::List(items) => items.is_empty(),
            _ => false,
        }
    }

    /// [`is_null`](Self::is_null), or the empty string.
    pub fn is_null_or_empty(&self) -> bool {
        match self {
            ExprValue::String(s) => s.is_empty(),
            ExprValue::List(items) => items.iter().all(ExprValue::is_null_or_empty),
            other => other.is_null(),
        }
    }

    /// Entra's truth test (`Not`, `IIF`): the boolean true, or any
    /// capitalisation of the text "True". Everything else is false.
    pub fn is_true(&self) -> bool {
        match self {
            ExprValue::Bool(b) => *b,
            ExprValue::String(s) => s.trim().eq_ignore_ascii_case("true"),
            ExprValue::List(items) => items.first().is_some_and(ExprValue::is_true),
            _ => false,
        }
    }

    /// A whole number: a number, or text holding a decimal or `&H` hex integer.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            ExprValue::Number(n) => Some(*n),
            ExprValue::String(s) => parse_integer(s),
            ExprValue::List(items) => items.first().and_then(ExprValue::as_integer),
            _ => None,
        }
    }
}

/// How deep arrays and objects in a source value may nest.
pub const MAX_JSON_DEPTH: usize = 32;

fn from_json_at(value: &Value, depth: usize) -> ExprValue {
    match value {
        Value::Null => ExprValue::Null,
        Value::Bool(b) => ExprValue::Bool(*b),
        Value::String(s) => ExprValue::String(s.clone()),
        Value::Number(n) => match n.as_i64() {
            Some(i) => ExprValue::Number(i),
            None => ExprValue::String(n.to_string()),
        },
        Value::Array(_) if depth >= MAX_JSON_DEPTH => ExprValue::Null,
        Value::Array(items) => ExprValue::List(
            items
                .iter()
                .map(|item| from_json_at(item, depth + 1))
                .collect(),
        ),
        Value::Object(_) if nests_deeper_than(value, MAX_JSON_DEPTH.saturating_sub(depth)) => {
            ExprValue::Null
        }
        Value::Object(_) => ExprValue::String(value.to_string()),
    }
}

/// Whether `value` has more than `limit` levels of arrays/objects (iterative).
fn nests_deeper_than(value: &Value, limit: usize) -> bool {
    let mut pending = vec![(value, 0usize)];
    while let Some((current, depth)) = pending.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match current {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if depth >= limit {
            return true;
        }
        pending.extend(children.map(|child| (child, depth + 1)));
    }
    false
}

/// Parses `42`, ` -7 `, `+3`, `&HF7` (VB hex); `None` for anything else.
pub fn parse_integer(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Some(hex) = text.strip_prefix("&H").or_else(|| text.strip_prefix("&h")) {
        if hex.is_empty() || hex.len() > 16 {
            return None;
        }
        return u64::from_str_radix(hex, 16).ok().map(|v| v as i64);
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_round_trip_keeps_types() {
        let source = json!(["a", true, 3, null, [1.5]]);
        let value = ExprValue::from_json(&source);
        assert_eq!(
            value,
            ExprValue::List(vec![
                ExprValue::String("a".into()),
                ExprValue::Bool(true),
                ExprValue::Number(3),
                ExprValue::Null,
                ExprValue::List(vec![ExprValue::String("1.5".into())]),
            ])
        );
        assert_eq!(value.to_json(), json!(["a", true, 3, null, ["1.5"]]));
    }

    #[test]
    fn deep_nesting_reads_as_null() {
        let mut deep = json!("leaf");
        for _ in 0..(MAX_JSON_DEPTH + 5) {
            deep = json!([deep]);
        }
        let mut value = ExprValue::from_json(&deep);
        let mut levels = 0;
        while let ExprValue::List(mut items) = value {
            value = items.pop().unwrap_or(ExprValue::Null);
            levels += 1;
        }
        assert_eq!((levels, value), (MAX_JSON_DEPTH, ExprValue::Null));
        let mut object = json!("leaf");
        for _ in 0..(MAX_JSON_DEPTH + 5) {
            object = json!({ "a": object });
        }
        assert_eq!(ExprValue::from_json(&object), ExprValue::Null);
        assert_eq!(
            ExprValue::from_json(&json!({"a": {"b": 1}})),
            ExprValue::String("{\"a\":{\"b\":1}}".into())
        );
    }

    #[test]
    fn text_forms_follow_entra() {
        assert_eq!(ExprValue::Bool(true).as_text().as_deref(), Some("True"));
        assert_eq!(ExprValue::Bool(false).as_text().as_deref(), Some("False"));
        assert_eq!(ExprValue::Number(-7).as_text().as_deref(), Some("-7"));
        assert_eq!(
            ExprValue::DateTime(1_584_342_000_000).as_text().as_deref(),
            Some("3/16/2020 7:00:00 AM")
        );
        assert_eq!(ExprValue::List(vec![]).as_text(), None);
        assert_eq!(ExprValue::Ignore.as_text(), None);
    }

    #[test]
    fn integers_parse_decimal_and_hex() {
        assert_eq!(parse_integer(" -7 "), Some(-7));
        assert_eq!(parse_integer("&HF7"), Some(247));
        assert_eq!(parse_integer("&H"), None);
        assert_eq!(parse_integer("1.5"), None);
    }
}
