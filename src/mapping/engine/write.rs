//! Writing mapped values into the resource being built.
//!
//! The resource starts empty and every name in it comes from the resolved
//! (schema-spelled) target paths, so the common path shapes are written with
//! exact-key map operations prepared at compile time: this is the hot loop
//! of a preview (every attribute of every user). Anything unusual — a
//! filter that is not one `eq`, a shape conflict between two mappings —
//! falls back to [`AttrPath::set`], the general RFC 7644 writer.

use crate::error::Error;
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
    /// The extension schema URN whose object holds the attribute; `None`:
    /// top level.
    pub extension: Option<String>,
    pub(super) attribute: String,
    pub(super) place: Place,
}

#[derive(Debug, Clone)]
pub(super) enum Place {
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
    /// Writes `value` into `container` (the resource, or the extension
    /// object named by [`FastWrite::extension`]); `Err(value)` hands it back
    /// when the container's shape is not what this writer expects (the
    /// caller then uses the general writer).
    pub fn write(&self, container: &mut Map<String, Value>, value: Value) -> Result<(), Value> {
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

/// A resource written value by value, for configurations without a
/// [`Layout`](super::layout::Layout).
pub(crate) struct Incremental<'m> {
    resource: Value,
    /// Extension objects are built aside and added once at the end: their
    /// 60-character URN keys are slow to hash.
    extensions: Vec<(&'m str, Map<String, Value>)>,
}

impl<'m> Incremental<'m> {
    /// A resource holding only `schemas: [core_urn]`.
    pub fn new(core_urn: &str, extension_urns: &'m [String]) -> Incremental<'m> {
        let mut resource = Map::with_capacity(16);
        let mut schemas = Vec::with_capacity(2);
        schemas.push(Value::String(core_urn.to_string()));
        resource.insert("schemas".to_string(), Value::Array(schemas));
        Incremental {
            resource: Value::Object(resource),
            extensions: extension_urns
                .iter()
                .map(|urn| (urn.as_str(), Map::with_capacity(8)))
                .collect(),
        }
    }

    /// Writes one value at `path`, with the fast writer when it fits.
    pub fn write(&mut self, writer: &Writer, path: &AttrPath, value: Value) -> Result<(), Error> {
        let value = match (writer, self.resource.as_object_mut()) {
            (Writer::Fast(fast), Some(map)) => {
                let container = match &fast.extension {
                    None => Some(map),
                    Some(urn) => self
                        .extensions
                        .iter_mut()
                        .find(|(known, _)| known == urn)
                        .map(|(_, object)| object),
                };
                match container {
                    Some(container) => match fast.write(container, value) {
                        Ok(()) => return Ok(()),
                        Err(value) => value,
                    },
                    None => value,
                }
            }
            _ => value,
        };
        path.set(&mut self.resource, value)
    }

    /// The resource, with the non-empty extension objects built aside (and
    /// their URNs in `schemas`), merged with any the general writer made.
    pub fn finish(self) -> Value {
        let mut resource = self.resource;
        let Some(map) = resource.as_object_mut() else {
            return resource;
        };
        for (urn, object) in self.extensions {
            if object.is_empty() {
                continue;
            }
            match map.get_mut(urn) {
                Some(Value::Object(existing)) => existing.extend(object),
                _ => {
                    if let Some(Value::Array(schemas)) = map.get_mut("schemas") {
                        if !schemas.iter().any(|s| s.as_str() == Some(urn)) {
                            schemas.push(Value::String(urn.to_string()));
                        }
                    }
                    map.insert(urn.to_string(), Value::Object(object));
                }
            }
        }
        resource
    }
}

/// `{name: value}`.
fn single(name: &str, value: Value) -> Value {
    let mut object = Map::with_capacity(4);
    object.insert(name.to_string(), value);
    Value::Object(object)
}

/// Filter equality as SCIM compares `caseExact: false` strings.
pub(super) fn same_value(have: &Value, wanted: &Value) -> bool {
    match (have, wanted) {
        (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
        _ => have == wanted,
    }
}
