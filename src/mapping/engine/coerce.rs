//! Converting a mapped value to the target attribute's SCIM type.
//!
//! Sources are loose (CSV cells are all text, Entra expressions are
//! string-based) while a SCIM server validates types strictly, so every
//! value is converted here once, with a message when it cannot be:
//! * `string`, `reference`, `binary`: text; booleans print as Entra does
//!   (`True`/`False`), numbers as their decimal text.
//! * `boolean`: JSON booleans and the text `true`/`false` in any case.
//! * `integer` / `decimal`: JSON numbers and text holding one.
//! * `dateTime`: RFC 3339 text is kept; other date text Entra understands
//!   (`3/16/2020 7:00:00 AM`) is rewritten as RFC 3339 UTC.
//! * `complex`: a JSON object; a scalar becomes `{"value": …}` when the
//!   attribute has a `value` sub-attribute (`manager`, `emails` entries).
//! * Multi-valued attributes take an array (or wrap a single value);
//!   single-valued ones take the first non-empty element of an array.
//!
//! `null`, `""` and `[]` mean "no value": the attribute is left out (RFC
//! 7643 §2.5 treats null and unassigned alike), so defaults can apply.

use crate::datetime;
use crate::scim::schema::{AttrType, AttributeDef};
use serde_json::{Map, Number, Value};

/// What a target path holds, reduced to what conversion needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub attr_type: AttrType,
    pub multi_valued: bool,
    /// For complex attributes: the type of their `value` sub-attribute, so a
    /// scalar can be wrapped as `{"value": …}`.
    pub value_sub: Option<AttrType>,
}

impl Shape {
    /// The shape of an attribute definition.
    pub fn of(def: &AttributeDef) -> Shape {
        let value_sub = (def.attr_type == AttrType::Complex)
            .then(|| def.sub_attribute("value").map(|sub| sub.attr_type))
            .flatten();
        Shape {
            attr_type: def.attr_type,
            multi_valued: def.multi_valued,
            value_sub,
        }
    }

    /// A single value of this type (what a filtered path such as
    /// `emails[type eq "work"]` selects one element of).
    pub fn single(self) -> Shape {
        Shape {
            multi_valued: false,
            ..self
        }
    }

    /// How messages name the type: `boolean`, `multi-valued string`.
    pub fn describe(&self) -> String {
        if self.multi_valued {
            format!("multi-valued {}", self.attr_type.as_str())
        } else {
            self.attr_type.as_str().to_string()
        }
    }
}

/// A converted value, and how many further values a single-valued target
/// had to drop.
#[derive(Debug, Clone, PartialEq)]
pub struct Coerced {
    /// `None`: no value (the attribute is left out).
    pub value: Option<Value>,
    pub dropped: usize,
}

/// Whether a value means "nothing": null, `""`, or an empty array.
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.iter().all(is_empty),
        _ => false,
    }
}

/// Whether [`coerce`] would return `value` unchanged with nothing dropped:
/// the common case, a non-empty string for a single-valued text attribute
/// (what the general path of `coerce` does with it too).
pub fn is_final(value: &Value, shape: Shape) -> bool {
    let text_type = matches!(
        shape.attr_type,
        AttrType::String | AttrType::Reference | AttrType::Binary
    );
    text_type && !shape.multi_valued && value.as_str().is_some_and(|text| !text.is_empty())
}

/// Converts `value` to `shape`; the error says why it cannot be.
pub fn coerce(value: Value, shape: Shape) -> Result<Coerced, String> {
    if is_final(&value, shape) {
        return Ok(Coerced {
            value: Some(value),
            dropped: 0,
        });
    }
    if shape.multi_valued {
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let Some(converted) = coerce_one(item, shape)? {
                out.push(converted);
            }
        }
        let value = (!out.is_empty()).then_some(Value::Array(out));
        return Ok(Coerced { value, dropped: 0 });
    }
    let (first, dropped) = match value {
        Value::Array(items) => {
            let mut present = items.into_iter().filter(|item| !is_empty(item));
            let first = present.next();
            (first, present.count())
        }
        other => (Some(other), 0),
    };
    let value = match first {
        Some(first) => coerce_one(first, shape)?,
        None => None,
    };
    Ok(Coerced { value, dropped })
}

/// Converts one (non-array) value to the shape's element type.
fn coerce_one(value: Value, shape: Shape) -> Result<Option<Value>, String> {
    if is_empty(&value) {
        return Ok(None);
    }
    let converted = match shape.attr_type {
        AttrType::String | AttrType::Reference | AttrType::Binary => {
            Value::String(text(value, shape.attr_type)?)
        }
        AttrType::Boolean => Value::Bool(boolean(&value)?),
        AttrType::Integer => integer(&value)?,
        AttrType::Decimal => decimal(&value)?,
        AttrType::DateTime => Value::String(date_time(&value)?),
        AttrType::Complex => match value {
            Value::Object(_) => value,
            scalar => match shape.value_sub {
                Some(sub_type) => {
                    let sub = Shape {
                        attr_type: sub_type,
                        multi_valued: false,
                        value_sub: None,
                    };
                    match coerce_one(scalar, sub)? {
                        Some(inner) => {
                            let mut object = Map::new();
                            object.insert("value".to_string(), inner);
                            Value::Object(object)
                        }
                        None => return Ok(None),
                    }
                }
                None => {
                    return Err(format!(
                        "expects an object, found {}",
                        describe_value(&scalar)
                    ))
                }
            },
        },
    };
    Ok(Some(converted))
}

fn text(value: Value, attr_type: AttrType) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text),
        Value::Bool(true) => Ok("True".to_string()),
        Value::Bool(false) => Ok("False".to_string()),
        Value::Number(number) => Ok(number.to_string()),
        other => Err(format!(
            "expects a {}, found {}",
            attr_type.as_str(),
            describe_value(&other)
        )),
    }
}

fn boolean(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(text) if text.trim().eq_ignore_ascii_case("true") => Ok(true),
        Value::String(text) if text.trim().eq_ignore_ascii_case("false") => Ok(false),
        other => Err(format!(
            "expects true or false, found {}",
            describe_value(other)
        )),
    }
}

fn integer(value: &Value) -> Result<Value, String> {
    let parsed = match value {
        Value::Number(number) => number
            .as_i64()
            .or_else(|| {
                number
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            })
            .map(Value::from),
        Value::String(text) => text.trim().parse::<i64>().ok().map(Value::from),
        _ => None,
    };
    parsed.ok_or_else(|| format!("expects a whole number, found {}", describe_value(value)))
}

fn decimal(value: &Value) -> Result<Value, String> {
    let parsed = match value {
        Value::Number(_) => Some(value.clone()),
        Value::String(text) => {
            let trimmed = text.trim();
            match trimmed.parse::<i64>() {
                Ok(whole) => Some(Value::from(whole)),
                Err(_) => trimmed
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map(Value::Number),
            }
        }
        _ => None,
    };
    parsed.ok_or_else(|| format!("expects a number, found {}", describe_value(value)))
}

fn date_time(value: &Value) -> Result<String, String> {
    let fail = || {
        format!(
            "expects a date and time (RFC 3339, e.g. 2021-07-02T15:33:38Z), found {}",
            describe_value(value)
        )
    };
    let Value::String(text) = value else {
        return Err(fail());
    };
    if datetime::parse_iso8601(text).is_some() {
        return Ok(text.clone());
    }
    datetime::parse_lenient(text)
        .map(format_rfc3339)
        .ok_or_else(fail)
}

/// An instant as RFC 3339 UTC (`2020-03-16T07:00:00Z`), what SCIM's
/// `dateTime` type wants (Entra's own text form is US-style).
pub fn format_rfc3339(millis: i64) -> String {
    datetime::format_dotnet(millis, "yyyy-MM-dd'T'HH:mm:ss'Z'")
        .unwrap_or_else(|_| datetime::format_entra(millis))
}

/// A value quoted for a message, shortened.
pub fn describe_value(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 60 {
        text
    } else {
        let head: String = text.chars().take(60).collect();
        format!("{head}…")
    }
}
