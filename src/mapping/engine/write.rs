//! Writing mapped values into the resource being built.
//!
//! The resource starts empty and every name in it comes from the resolved
//! (schema-spelled) target paths, so the common path shapes are written with
//! exact-key map operations prepared at compile time: this is the hot loop
//! of a preview (every attribute of every user). Anything unusual — a
//! filter that is not one `eq`, a shape conflict between two mappings —
//! falls back to [`AttrPath::set`], the general RFC 7644 writer.

use crate::scim::path::{is_core_uri, AttrPath};
use serde_json::{Map, Value};

/// How one resolved path is written.
#[derive(Debug, Clone)]
pub(crate) enum Writer {
    Fast(FastWrite),
    Generic,
}

#[derive(Debug, Clone)]
pub(crate) struct FastWrite {
    /// The extension object holding the attribute; `None`: top level.
    extension: Option<String>,
    attribute: String,
    place: Place,
}

#[derive(Debug, Clone)]
enum Place {
    /// `title`: the whole attribute.
    Whole,
    /// `name.formatted`: a sub-attribute of a complex attribute.
    Sub(String),
    /// `emails.value` on a multi-valued attribute: the sub-attribute of
    /// every element, or of a new one.
    EveryElement(String),
    /// `addresses[type eq "work"].country`: the sub-attribute of the element
    /// whose `key` equals `value`, created when missing.
    Element {
        key: String,
        value: Value,
        sub: String,
    },
}

impl Writer {
    /// The writer for a resolved path; `multi_valued` is the top-level
    /// attribute's flag.
    pub fn for_path(path: &AttrPath, multi_valued: bool) -> Writer {
        let extension = path.uri.clone().filter(|uri| !is_core_uri(uri));
        let place = match (&path.filter, &path.sub_attribute) {
            (None, None) => Place::Whole,
            (None, Some(sub)) if multi_valued => Place::EveryElement(sub.clone()),
            (None, Some(sub)) => Place::Sub(sub.clone()),
            (Some(filter), Some(sub)) => match filter.equality_constraints().as_deref() {
                Some([(key, value)]) if key.sub_attribute.is_none() => Place::Element {
                    key: key.attribute.clone(),
                    value: value.to_json(),
                    sub: sub.clone(),
                },
                _ => return Writer::Generic,
            },
            (Some(_), None) => return Writer::Generic,
        };
        Writer::Fast(FastWrite {
            extension,
            attribute: path.attribute.clone(),
            place,
        })
    }
}

impl FastWrite {
    /// Writes `value`; `Err(value)` hands it back when the resource's shape
    /// is not what this writer expects (the caller then uses the general
    /// writer).
    pub fn write(&self, resource: &mut Map<String, Value>, value: Value) -> Result<(), Value> {
        let container = match &self.extension {
            None => resource,
            Some(urn) => {
                if !resource.contains_key(urn) {
                    if let Some(Value::Array(schemas)) = resource.get_mut("schemas") {
                        schemas.push(Value::String(urn.clone()));
                    }
                    resource.insert(urn.clone(), Value::Object(Map::with_capacity(8)));
                }
                match resource.get_mut(urn) {
                    Some(Value::Object(extension)) => extension,
                    _ => return Err(value),
                }
            }
        };
        match &self.place {
            Place::Whole => {
                container.insert(self.attribute.clone(), value);
                Ok(())
            }
            Place::Sub(sub) => match container.get_mut(&self.attribute) {
                Some(Value::Object(object)) => {
                    object.insert(sub.clone(), value);
                    Ok(())
                }
                Some(_) => Err(value),
                None => {
                    container.insert(self.attribute.clone(), single(sub, value));
                    Ok(())
                }
            },
            Place::EveryElement(sub) => match container.get_mut(&self.attribute) {
                Some(Value::Array(items)) if items.iter().all(Value::is_object) => {
                    if items.is_empty() {
                        items.push(single(sub, value));
                    } else {
                        for item in items.iter_mut().filter_map(Value::as_object_mut) {
                            item.insert(sub.clone(), value.clone());
                        }
                    }
                    Ok(())
                }
                Some(_) => Err(value),
                None => {
                    container.insert(
                        self.attribute.clone(),
                        Value::Array(vec![single(sub, value)]),
                    );
                    Ok(())
                }
            },
            Place::Element {
                key,
                value: wanted,
                sub,
            } => {
                let items = match container.get_mut(&self.attribute) {
                    Some(Value::Array(items)) => items,
                    Some(_) => return Err(value),
                    None => {
                        container
                            .insert(self.attribute.clone(), Value::Array(Vec::with_capacity(1)));
                        match container.get_mut(&self.attribute) {
                            Some(Value::Array(items)) => items,
                            _ => return Err(value),
                        }
                    }
                };
                let found = items
                    .iter_mut()
                    .filter_map(Value::as_object_mut)
                    .find(|item| item.get(key).is_some_and(|have| same_value(have, wanted)));
                match found {
                    Some(item) => {
                        item.insert(sub.clone(), value);
                    }
                    None => {
                        let mut element = Map::with_capacity(4);
                        element.insert(key.clone(), wanted.clone());
                        element.insert(sub.clone(), value);
                        items.push(Value::Object(element));
                    }
                }
                Ok(())
            }
        }
    }
}

/// `{name: value}`.
fn single(name: &str, value: Value) -> Value {
    let mut object = Map::with_capacity(4);
    object.insert(name.to_string(), value);
    Value::Object(object)
}

/// Filter equality as SCIM compares `caseExact: false` strings.
fn same_value(have: &Value, wanted: &Value) -> bool {
    match (have, wanted) {
        (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
        _ => have == wanted,
    }
}
