//! Reading a PatchOp request once: operation kinds, paths resolved against
//! the schema, their definitions, and values conformed to their types —
//! everything that does not depend on the resource. Applying the request
//! to many resources ([`PreparedPatch::apply`]) then only does the writes.
//!
//! A broken operation is kept as its error, raised when applying reaches
//! it, so errors come in the same order as when each operation is read
//! just before it runs.

use super::conform::conform;
use super::OpKind;
use crate::error::Error;
use crate::scim::path::{find_key, is_core_uri, AttrPath};
use crate::scim::schema::{AttributeDef, ResourceSchema};
use serde_json::Value;

/// A PATCH request ready to apply to many resources of one schema's type.
#[derive(Debug)]
pub struct PreparedPatch<'a> {
    pub(super) operations: Vec<Result<Operation<'a>, Error>>,
}

/// One operation, as far as it can be read without the resource.
#[derive(Debug)]
pub(super) struct Operation<'a> {
    pub index: usize,
    pub action: Action<'a>,
}

#[derive(Debug)]
pub(super) enum Action<'a> {
    /// `remove` of a whole extension object (`urn:…:enterprise:2.0:User`).
    RemoveExtension(String),
    /// `remove` (or `replace` with null); `value` lists elements to drop.
    Remove(Resolved<'a>, Option<Value>),
    /// `add`/`replace` of one attribute, the value already conformed.
    Write(OpKind, Resolved<'a>, Value),
    /// `add`/`replace` without a path (or of a whole extension): one write
    /// per key of the value object, in order.
    WriteFields(OpKind, Vec<Result<FieldWrite<'a>, Error>>),
}

#[derive(Debug)]
pub(super) enum FieldWrite<'a> {
    /// `schemas` in a no-path value: URNs merged into the resource's.
    Schemas(Value),
    /// An attribute: removed when its conformed value is null.
    Attribute(Resolved<'a>, Value),
}

/// A path with the definitions the schema gives it.
#[derive(Debug)]
pub(super) struct Resolved<'a> {
    pub path: AttrPath,
    /// The top-level attribute's definition.
    pub top: Option<&'a AttributeDef>,
    /// The definition the path ends at.
    pub leaf: Option<&'a AttributeDef>,
}

impl<'a> Resolved<'a> {
    fn new(path: AttrPath, schema: Option<&ResourceSchema<'a>>) -> Self {
        let (top, leaf) = match schema {
            Some(schema) => (schema.top_attribute(&path), schema.attribute(&path)),
            None => (None, None),
        };
        Resolved { path, top, leaf }
    }
}

/// What an operation's `path` designates.
enum Target<'a> {
    /// No path: the value's keys are attributes.
    Resource,
    /// A whole extension object (`urn:…:enterprise:2.0:User`).
    Extension(String),
    Attribute(Resolved<'a>),
}

impl<'a> PreparedPatch<'a> {
    /// Reads `{"schemas": [PatchOp], "Operations": [...]}` or a bare
    /// `Operations` array. Fails only when there is no operation list;
    /// broken operations fail [`PreparedPatch::apply`] when it reaches them.
    pub fn new(request: &Value, schema: Option<&ResourceSchema<'a>>) -> Result<Self, Error> {
        let operations = operations(request)?
            .iter()
            .enumerate()
            .map(|(index, operation)| Reader { schema, index }.operation(operation))
            .collect();
        Ok(PreparedPatch { operations })
    }
}

fn operations(request: &Value) -> Result<&Vec<Value>, Error> {
    match request {
        Value::Array(items) => Ok(items),
        Value::Object(map) => {
            let key = find_key(map, "Operations").ok_or_else(|| {
                Error::new(
                    "invalidSyntax",
                    "Operations",
                    "a PATCH request needs an `Operations` array",
                )
            })?;
            map.get(&key).and_then(Value::as_array).ok_or_else(|| {
                Error::new(
                    "invalidSyntax",
                    "Operations",
                    "`Operations` must be an array",
                )
            })
        }
        _ => Err(Error::new(
            "invalidSyntax",
            "$",
            "expected a PatchOp object or an array of operations",
        )),
    }
}

/// The error of operation `index`, located at its `field`.
pub(super) fn operation_error(
    index: usize,
    code: &str,
    field: &str,
    message: impl Into<String>,
) -> Error {
    let location = if field.is_empty() {
        format!("Operations[{index}]")
    } else {
        format!("Operations[{index}].{field}")
    };
    Error::new(code, location, message)
}

struct Reader<'s, 'a> {
    schema: Option<&'s ResourceSchema<'a>>,
    index: usize,
}

impl<'a> Reader<'_, 'a> {
    fn error(&self, code: &str, field: &str, message: impl Into<String>) -> Error {
        operation_error(self.index, code, field, message)
    }

    fn operation(&self, operation: &Value) -> Result<Operation<'a>, Error> {
        let action = self.action(operation)?;
        Ok(Operation {
            index: self.index,
            action,
        })
    }

    fn action(&self, operation: &Value) -> Result<Action<'a>, Error> {
        let Some(fields) = operation.as_object() else {
            return Err(self.error("invalidSyntax", "", "each operation must be a JSON object"));
        };
        let field = |name: &str| find_key(fields, name).and_then(|k| fields.get(&k));
        let kind = match field("op") {
            Some(Value::String(op)) => OpKind::parse(op).ok_or_else(|| {
                self.error(
                    "invalidSyntax",
                    "op",
                    format!("unknown op `{op}`; expected add, remove or replace"),
                )
            })?,
            _ => {
                return Err(self.error(
                    "invalidSyntax",
                    "op",
                    "each operation needs an `op`: add, remove or replace",
                ))
            }
        };
        let target = match field("path") {
            None | Some(Value::Null) => Target::Resource,
            Some(Value::String(text)) if text.trim().is_empty() => Target::Resource,
            Some(Value::String(text)) => self.target(text)?,
            Some(_) => return Err(self.error("invalidPath", "path", "`path` must be a string")),
        };
        let value = field("value").filter(|v| !v.is_null()).cloned();
        match (kind, target, value) {
            (OpKind::Remove, Target::Resource, _) => {
                Err(self.error("noTarget", "path", "a remove operation needs a `path`"))
            }
            // `replace` with null clears the attribute (null = unassigned).
            (OpKind::Replace, Target::Attribute(path), None) => Ok(Action::Remove(path, None)),
            (OpKind::Add | OpKind::Replace, _, None) => Err(self.error(
                "invalidValue",
                "value",
                format!("{} needs a `value`", kind.as_str()),
            )),
            (OpKind::Add | OpKind::Replace, Target::Resource, Some(value)) => {
                Ok(Action::WriteFields(kind, self.fields(None, value)?))
            }
            (OpKind::Add | OpKind::Replace, Target::Extension(urn), Some(value)) => {
                Ok(Action::WriteFields(kind, self.fields(Some(&urn), value)?))
            }
            (OpKind::Add | OpKind::Replace, Target::Attribute(path), Some(value)) => {
                match self.conform(&path, value)? {
                    Value::Null => Ok(Action::Remove(path, None)),
                    value => Ok(Action::Write(kind, path, value)),
                }
            }
            (OpKind::Remove, Target::Extension(urn), _) => Ok(Action::RemoveExtension(urn)),
            (OpKind::Remove, Target::Attribute(path), value) => Ok(Action::Remove(path, value)),
        }
    }

    fn target(&self, text: &str) -> Result<Target<'a>, Error> {
        let parsed = AttrPath::parse(text)
            .map_err(|e| self.error("invalidPath", "path", format!("{}: {}", e.path, e.message)))?;
        if let Some(urn) = parsed.as_schema_urn() {
            let is_core = is_core_uri(&urn)
                || self
                    .schema
                    .is_some_and(|s| s.core.id.eq_ignore_ascii_case(&urn));
            if is_core {
                // The core schema's "object" is the resource itself.
                return Ok(Target::Resource);
            }
            if self.schema.is_none_or(|s| s.extension(&urn).is_some()) {
                return Ok(Target::Extension(urn));
            }
        }
        match self.schema {
            None => Ok(Target::Attribute(Resolved::new(parsed, None))),
            Some(schema) => schema
                .resolve(text)
                .map(|path| Target::Attribute(Resolved::new(path, Some(schema))))
                .map_err(|e| {
                    self.error("invalidPath", "path", format!("{}: {}", e.path, e.message))
                }),
        }
    }

    /// The value brought to the attribute's declared type.
    fn conform(&self, path: &Resolved, value: Value) -> Result<Value, Error> {
        conform(value, &path.path, path.top, path.leaf)
            .map_err(|m| self.error("invalidValue", "value", m))
    }

    /// No-path add/replace (or a whole extension): each key of the value
    /// object is one attribute write; nested extension objects are
    /// flattened into the list in order.
    fn fields(
        &self,
        urn: Option<&str>,
        value: Value,
    ) -> Result<Vec<Result<FieldWrite<'a>, Error>>, Error> {
        let Value::Object(fields) = value else {
            return Err(self.error(
                "invalidValue",
                "value",
                "without a `path` the value must be an object of attributes",
            ));
        };
        let mut writes = Vec::with_capacity(fields.len());
        for (key, field) in fields {
            if urn.is_none() && key.eq_ignore_ascii_case("schemas") {
                writes.push(Ok(FieldWrite::Schemas(field)));
                continue;
            }
            let is_extension = urn.is_none() && key.contains(':') && field.is_object();
            if is_extension {
                writes.extend(self.fields(Some(&key), field)?);
                continue;
            }
            let path = AttrPath {
                uri: urn.map(str::to_string),
                ..AttrPath::attribute(&key)
            };
            let path = match self.schema {
                Some(schema) => schema.resolve(&path.to_string()).map_err(|e| {
                    self.error("invalidPath", "value", format!("`{key}`: {}", e.message))
                }),
                None => Ok(path),
            };
            let write = path.and_then(|path| {
                let path = Resolved::new(path, self.schema);
                let value = self.conform(&path, field)?;
                Ok(FieldWrite::Attribute(path, value))
            });
            let failed = write.is_err();
            writes.push(write);
            if failed {
                // Nothing after the first failure runs.
                break;
            }
        }
        Ok(writes)
    }
}
