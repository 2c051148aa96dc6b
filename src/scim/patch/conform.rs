//! Bringing a PATCH value to the attribute's declared type, accepting the
//! loose forms real clients send (`"False"` for false, a bare manager id
//! for `{"value": id}`, a single object for a one-element list).

use crate::datetime::parse_iso8601;
use crate::scim::path::AttrPath;
use crate::scim::schema::{AttrType, AttributeDef};
use serde_json::{Map, Value};

/// Booleans sent as strings, any case.
pub(crate) fn bool_from_text(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Conforms the value written at `path`. `top` is the attribute's
/// definition and `leaf` the one the path ends at. Without a schema only
/// the universal quirk is handled: `active` given as a string.
pub(crate) fn conform(
    value: Value,
    path: &AttrPath,
    top: Option<&AttributeDef>,
    leaf: Option<&AttributeDef>,
) -> Result<Value, String> {
    let Some(top) = top else {
        return Ok(conform_untyped(value, path));
    };
    let whole_attribute = path.filter.is_none() && path.sub_attribute.is_none();
    if whole_attribute && top.multi_valued {
        let items = match value {
            Value::Array(items) => items,
            Value::Null => return Ok(Value::Null),
            single => vec![single],
        };
        return items
            .into_iter()
            .map(|item| conform_single(item, top))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    match (leaf, path.sub_attribute.is_some()) {
        (Some(leaf), true) => conform_single(value, leaf),
        (None, true) => Ok(value),
        // A filtered path without sub-attribute writes whole elements.
        _ => conform_single(value, top),
    }
}

fn conform_untyped(value: Value, path: &AttrPath) -> Value {
    let is_active = path.uri.is_none()
        && path.filter.is_none()
        && path.sub_attribute.is_none()
        && path.attribute.eq_ignore_ascii_case("active");
    match value {
        Value::String(text) if is_active => {
            bool_from_text(&text).map_or(Value::String(text), Value::Bool)
        }
        other => other,
    }
}

/// One value of one attribute (an element, for multi-valued ones).
pub(crate) fn conform_single(value: Value, def: &AttributeDef) -> Result<Value, String> {
    let name = &def.name;
    match (def.attr_type, value) {
        (_, Value::Null) => Ok(Value::Null),
        (AttrType::Complex, Value::Object(fields)) => {
            let mut out = Map::new();
            for (key, field) in fields {
                match def.sub_attribute(&key) {
                    // Read-only sub-attributes in a request are ignored.
                    Some(sub) if sub.is_read_only() => {}
                    Some(sub) => {
                        let conformed = conform_single(field, sub)?;
                        out.insert(sub.name.clone(), conformed);
                    }
                    None => {
                        out.insert(key, field);
                    }
                }
            }
            Ok(Value::Object(out))
        }
        (AttrType::Complex, primitive @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => {
            match def.sub_attribute("value") {
                Some(sub) => {
                    let mut out = Map::new();
                    out.insert(sub.name.clone(), conform_single(primitive, sub)?);
                    Ok(Value::Object(out))
                }
                None => Err(format!("`{name}` is complex; expected an object")),
            }
        }
        (AttrType::Complex, _) => Err(format!("`{name}` is complex; expected an object")),
        (AttrType::Boolean, Value::Bool(b)) => Ok(Value::Bool(b)),
        (AttrType::Boolean, Value::String(text)) => bool_from_text(&text)
            .map(Value::Bool)
            .ok_or_else(|| format!("`{name}` is a boolean; got \"{text}\"")),
        (AttrType::Boolean, other) => Err(format!("`{name}` is a boolean; got {other}")),
        (AttrType::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Value::Number(n)),
        (AttrType::Integer, Value::String(text)) => text
            .trim()
            .parse::<i64>()
            .map(|n| Value::Number(n.into()))
            .map_err(|_| format!("`{name}` is an integer; got \"{text}\"")),
        (AttrType::Integer, other) => Err(format!("`{name}` is an integer; got {other}")),
        (AttrType::Decimal, Value::Number(n)) => Ok(Value::Number(n)),
        (AttrType::Decimal, Value::String(text)) => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("`{name}` is a decimal; got \"{text}\"")),
        (AttrType::Decimal, other) => Err(format!("`{name}` is a decimal; got {other}")),
        (AttrType::DateTime, Value::String(text)) => {
            if parse_iso8601(&text).is_some() {
                Ok(Value::String(text))
            } else {
                Err(format!(
                    "`{name}` is a dateTime; got \"{text}\", which is not an xsd:dateTime"
                ))
            }
        }
        (AttrType::DateTime, other) => Err(format!("`{name}` is a dateTime; got {other}")),
        (AttrType::String | AttrType::Reference | AttrType::Binary, Value::String(text)) => {
            Ok(Value::String(text))
        }
        // Numbers for string attributes (employeeNumber: 42) are kept as text.
        (AttrType::String | AttrType::Reference | AttrType::Binary, Value::Number(n)) => {
            Ok(Value::String(n.to_string()))
        }
        (AttrType::String | AttrType::Reference | AttrType::Binary, other) => Err(format!(
            "`{name}` is a {}; got {other}",
            def.attr_type.as_str()
        )),
    }
}
