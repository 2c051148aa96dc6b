//! Filter evaluation with RFC 7644 §3.4.2.2 rules: case-insensitive names,
//! strings case-insensitive unless `caseExact`, any-value matching on
//! multi-valued attributes, `pr` false for null/empty, dateTimes compared
//! chronologically and numbers numerically. Absent, null and empty are the
//! same state (RFC 7643 §2.5), so `title eq null` matches a user without a
//! title and `title ne "x"` does too.

use super::{CompValue, CompareOp, Filter};
use crate::datetime::parse_iso8601;
use crate::scim::path::AttrPath;
use crate::scim::schema::{AttrType, AttributeDef, ResourceSchema};
use serde_json::Value;
use std::cmp::Ordering;

/// What a filter's attribute names are relative to.
#[derive(Clone, Copy)]
pub(crate) enum Context<'d> {
    /// A whole resource (names are top-level attributes).
    Resource,
    /// One element of a multi-valued (or complex) attribute, inside a
    /// value path: names are sub-attributes of `def`.
    Element(Option<&'d AttributeDef>),
}

/// Evaluates filters under one (optional) schema.
pub(crate) struct Evaluator<'s> {
    schema: Option<&'s ResourceSchema<'s>>,
}

impl<'s> Evaluator<'s> {
    pub fn new(schema: Option<&'s ResourceSchema<'s>>) -> Self {
        Evaluator { schema }
    }

    pub fn matches(&self, filter: &Filter, target: &Value, context: Context) -> bool {
        match filter {
            Filter::Or(items) => items.iter().any(|f| self.matches(f, target, context)),
            Filter::And(items) => items.iter().all(|f| self.matches(f, target, context)),
            Filter::Not(inner) => !self.matches(inner, target, context),
            Filter::Present(path) => {
                let (values, _) = self.values(path, target, context);
                values.into_iter().any(is_present)
            }
            Filter::Compare(path, op, expected) => {
                let (values, def) = self.values(path, target, context);
                if values.is_empty() {
                    return compare(&Value::Null, *op, expected, def);
                }
                values.into_iter().any(|value| {
                    // A complex value compared directly means its "value"
                    // sub-attribute (`emails co "example.com"`).
                    match value {
                        Value::Object(object) => {
                            let inner = object
                                .iter()
                                .find(|(k, _)| k.eq_ignore_ascii_case("value"))
                                .map_or(&Value::Null, |(_, v)| v);
                            let inner_def = def.and_then(|d| d.sub_attribute("value")).or(def);
                            compare(inner, *op, expected, inner_def)
                        }
                        other => compare(other, *op, expected, def),
                    }
                })
            }
            Filter::ValuePath(path) => !self.values(path, target, context).0.is_empty(),
        }
    }

    /// The values a path selects in a context, and the definition of what
    /// they are (the leaf attribute), when the schema knows it.
    fn values<'v, 'd>(
        &self,
        path: &AttrPath,
        target: &'v Value,
        context: Context<'d>,
    ) -> (Vec<&'v Value>, Option<&'d AttributeDef>)
    where
        's: 'd,
    {
        match context {
            Context::Resource => {
                let top = self.schema.and_then(|s| s.top_attribute(path));
                let leaf = self.schema.and_then(|s| s.attribute(path));
                (path.select_with(target, self, top), leaf)
            }
            Context::Element(parent) => {
                let top = parent.and_then(|p| p.sub_attribute(&path.attribute));
                let leaf = match (&path.sub_attribute, top) {
                    (Some(sub), Some(top)) => top.sub_attribute(sub),
                    (None, top) => top,
                    (Some(_), None) => None,
                };
                if !target.is_object() && path.attribute.eq_ignore_ascii_case("value") {
                    // Multi-valued simple attributes: the element is the value.
                    let values = if target.is_null() {
                        Vec::new()
                    } else {
                        vec![target]
                    };
                    return (values, leaf.or(parent));
                }
                (path.select_with(target, self, top), leaf)
            }
        }
    }
}

/// `pr`: present and not empty.
fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => items.iter().any(is_present),
        Value::Object(map) => map.values().any(is_present),
        _ => true,
    }
}

fn compare(
    actual: &Value,
    op: CompareOp,
    expected: &CompValue,
    def: Option<&AttributeDef>,
) -> bool {
    match op {
        CompareOp::Eq => equals(actual, expected, def),
        CompareOp::Ne => !equals(actual, expected, def),
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => {
            let (Value::String(actual), CompValue::String(expected)) = (actual, expected) else {
                return false;
            };
            let exact = def.is_some_and(|d| d.case_exact);
            if !exact && actual.is_ascii() && expected.is_ascii() {
                // Fast path without allocating lowercase copies.
                let (a, e) = (actual.as_bytes(), expected.as_bytes());
                return match op {
                    CompareOp::Co => {
                        e.is_empty() || a.windows(e.len()).any(|w| w.eq_ignore_ascii_case(e))
                    }
                    CompareOp::Sw => a
                        .get(..e.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(e)),
                    _ => a
                        .len()
                        .checked_sub(e.len())
                        .and_then(|start| a.get(start..))
                        .is_some_and(|tail| tail.eq_ignore_ascii_case(e)),
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

/// Lowercases both sides unless the attribute is case-exact.
fn fold(actual: &str, expected: &str, def: Option<&AttributeDef>) -> (String, String) {
    if def.is_some_and(|d| d.case_exact) {
        (actual.to_string(), expected.to_string())
    } else {
        (actual.to_lowercase(), expected.to_lowercase())
    }
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

fn equals(actual: &Value, expected: &CompValue, def: Option<&AttributeDef>) -> bool {
    match (actual, expected) {
        (Value::Null, CompValue::Null) => true,
        (Value::Null, _) | (_, CompValue::Null) => false,
        (Value::String(a), CompValue::String(b)) => {
            if is_datetime(def) {
                if let (Some(a), Some(b)) = (parse_iso8601(a), parse_iso8601(b)) {
                    return a == b;
                }
            }
            if !def.is_some_and(|d| d.case_exact) && a.is_ascii() && b.is_ascii() {
                return a.eq_ignore_ascii_case(b);
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

fn ordering(actual: &Value, expected: &CompValue, def: Option<&AttributeDef>) -> Option<Ordering> {
    match (actual, expected) {
        (Value::String(a), CompValue::String(b)) => {
            let chronological = is_datetime(def)
                || (def.is_none() && parse_iso8601(a).is_some() && parse_iso8601(b).is_some());
            if chronological {
                if let (Some(a), Some(b)) = (parse_iso8601(a), parse_iso8601(b)) {
                    return Some(a.cmp(&b));
                }
            }
            let (a, b) = fold(a, b, def);
            Some(a.cmp(&b))
        }
        (Value::Number(a), CompValue::Number(b)) => numeric_order(a, b),
        _ => None,
    }
}
