//! Comparison rules of filter evaluation (RFC 7644 §3.4.2.2): strings
//! case-insensitive unless `caseExact`, `pr` false for null/empty,
//! dateTimes compared chronologically and numbers numerically. Absent,
//! null and empty are the same state (RFC 7643 §2.5), so `title eq null`
//! matches a user without a title and `title ne "x"` does too.
//!
//! The literal arrives as a [`Literal`]: its ISO 8601 reading is made once
//! when the filter is compiled, not on every comparison.

use super::{CompValue, CompareOp};
use crate::datetime::parse_iso8601;
use crate::scim::schema::{AttrType, AttributeDef};
use serde_json::Value;
use std::cmp::Ordering;

/// The right-hand side of a comparison, prepared once.
#[derive(Debug)]
pub(crate) struct Literal<'a> {
    pub value: &'a CompValue,
    /// The literal as epoch milliseconds when it is an ISO 8601 string.
    millis: Option<i64>,
    /// Whether the literal is ASCII (or not a string): the fast,
    /// non-allocating case-insensitive comparisons apply.
    ascii: bool,
}

impl<'a> Literal<'a> {
    pub fn new(value: &'a CompValue) -> Self {
        let (millis, ascii) = match value {
            CompValue::String(text) => (parse_iso8601(text), text.is_ascii()),
            _ => (None, true),
        };
        Literal {
            value,
            millis,
            ascii,
        }
    }
}

/// `pr`: present and not empty.
pub(crate) fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => items.iter().any(is_present),
        Value::Object(map) => map.values().any(is_present),
        _ => true,
    }
}

pub(crate) fn compare(
    actual: &Value,
    op: CompareOp,
    expected: &Literal,
    def: Option<&AttributeDef>,
) -> bool {
    match op {
        CompareOp::Eq => equals(actual, expected, def),
        CompareOp::Ne => !equals(actual, expected, def),
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => {
            let literal = expected;
            let (Value::String(actual), CompValue::String(expected)) = (actual, expected.value)
            else {
                return false;
            };
            let exact = def.is_some_and(|d| d.case_exact);
            if !exact && literal.ascii && actual.is_ascii() {
                // Fast path without allocating lowercase copies.
                let (a, e) = (actual.as_bytes(), expected.as_bytes());
                return match op {
                    CompareOp::Co => e.is_empty() || a.windows(e.len()).any(|w| ascii_eq(w, e)),
                    CompareOp::Sw => a.get(..e.len()).is_some_and(|head| ascii_eq(head, e)),
                    _ => a
                        .len()
                        .checked_sub(e.len())
                        .and_then(|start| a.get(start..))
                        .is_some_and(|tail| ascii_eq(tail, e)),
                };
            }
            let (actual, expected) = fold(actual, expected, def);
            match op {
                CompareOp::Co => actual.contains(expected.as_str()),
                CompareOp::Sw => actual.starts_with(expected.as_str()),
                _ => actual.ends_with(expected.as_str()),
            }
        }
        CompareOp::Gt => ordering(actual, expected, def) == Some(Ordering::Greater),
        CompareOp::Ge => matches!(
            ordering(actual, expected, def),
            Some(Ordering::Greater | Ordering::Equal)
        ),
        CompareOp::Lt => ordering(actual, expected, def) == Some(Ordering::Less),
        CompareOp::Le => matches!(
            ordering(actual, expected, def),
            Some(Ordering::Less | Ordering::Equal)
        ),
    }
}

/// ASCII case-insensitive equality that gives up at the first differing
/// byte (most comparisons in a scan fail there, or on the length).
fn ascii_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

/// Lowercases both sides unless the attribute is case-exact.
fn fold(actual: &str, expected: &str, def: Option<&AttributeDef>) -> (String, String) {
    if def.is_some_and(|d| d.case_exact) {
        (actual.to_string(), expected.to_string())
    } else {
        (actual.to_lowercase(), expected.to_lowercase())
    }
}

fn ascii_lower(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes().map(|c| c.to_ascii_lowercase())
}

fn is_datetime(def: Option<&AttributeDef>) -> bool {
    def.is_some_and(|d| d.attr_type == AttrType::DateTime)
}

/// Booleans sent as strings ("True"/"False", as Entra does).
fn bool_text(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn equals(actual: &Value, expected: &Literal, def: Option<&AttributeDef>) -> bool {
    match (actual, expected.value) {
        (Value::Null, CompValue::Null) => true,
        (Value::Null, _) | (_, CompValue::Null) => false,
        (Value::String(a), CompValue::String(b)) => {
            if is_datetime(def) {
                if let (Some(b), Some(a)) = (expected.millis, parse_iso8601(a)) {
                    return a == b;
                }
            }
            if !def.is_some_and(|d| d.case_exact) && expected.ascii && a.is_ascii() {
                return ascii_eq(a.as_bytes(), b.as_bytes());
            }
            let (a, b) = fold(a, b, def);
            a == b
        }
        (Value::Bool(a), CompValue::Bool(b)) => a == b,
        (Value::String(a), CompValue::Bool(b)) => bool_text(a) == Some(*b),
        (Value::Bool(a), CompValue::String(b)) => bool_text(b) == Some(*a),
        (Value::Number(a), CompValue::Number(b)) => numeric_order(a, b) == Some(Ordering::Equal),
        _ => false,
    }
}

fn numeric_order(a: &serde_json::Number, b: &serde_json::Number) -> Option<Ordering> {
    if let (Some(a), Some(b)) = (a.as_i64(), b.as_i64()) {
        return Some(a.cmp(&b));
    }
    if let (Some(a), Some(b)) = (a.as_u64(), b.as_u64()) {
        return Some(a.cmp(&b));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

fn ordering(actual: &Value, expected: &Literal, def: Option<&AttributeDef>) -> Option<Ordering> {
    match (actual, expected.value) {
        (Value::String(a), CompValue::String(b)) => {
            // Chronological when the schema says dateTime, or (without a
            // definition) when both sides read as ISO 8601.
            if is_datetime(def) || def.is_none() {
                if let (Some(b), Some(a)) = (expected.millis, parse_iso8601(a)) {
                    return Some(a.cmp(&b));
                }
            }
            if !def.is_some_and(|d| d.case_exact) && expected.ascii && a.is_ascii() {
                // ASCII lowercasing without the copies `fold` makes.
                return Some(ascii_lower(a).cmp(ascii_lower(b)));
            }
            let (a, b) = fold(a, b, def);
            Some(a.cmp(&b))
        }
        (Value::Number(a), CompValue::Number(b)) => numeric_order(a, b),
        _ => None,
    }
}
