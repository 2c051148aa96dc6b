//! How error messages name JSON values and quote user text.

use serde_json::Value;

/// Longest user text quoted back in a message, so hostile input cannot
/// produce megabyte-sized errors.
const QUOTE_LIMIT: usize = 80;

/// The JSON type name of a value, as messages say it.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// User text shortened for a message.
pub(crate) fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_LIMIT {
        text.to_string()
    } else {
        let head: String = text.chars().take(QUOTE_LIMIT).collect();
        format!("{head}…")
    }
}
