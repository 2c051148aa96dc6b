//! Applying a PatchOp request (RFC 7644 §3.5.2.1–3).

use super::conform::conform;
use super::OpKind;
use crate::error::Error;
use crate::scim::filter::Evaluator;
use crate::scim::path::access::{
    container_mut, element_from_filter, matching_indices, remove_key, set_key,
};
use crate::scim::path::{find_key, is_core_uri, AttrPath};
use crate::scim::schema::{AttributeDef, Mutability, ResourceSchema};
use serde_json::{Map, Value};

/// Applies a PATCH request — `{"schemas": [PatchOp], "Operations": [...]}`
/// or a bare `Operations` array — to a copy of `resource`. Atomic: the
/// first failing operation fails the whole request.
pub fn apply(
    resource: &Value,
    request: &Value,
    schema: Option<&ResourceSchema>,
) -> Result<Value, Error> {
    let operations = operations(request)?;
    if !resource.is_object() {
        return Err(Error::new(
            "invalidValue",
            "resource",
            "the resource must be a JSON object",
        ));
    }
    let mut result = resource.clone();
    for (index, operation) in operations.iter().enumerate() {
        let patcher = Patcher {
            schema,
            evaluator: Evaluator::new(schema),
            index,
        };
        patcher.run(operation, &mut result)?;
    }
    Ok(result)
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

/// What an operation's `path` designates.
enum Target {
    /// No path: the value's keys are attributes.
    Resource,
    /// A whole extension object (`urn:…:enterprise:2.0:User`).
    Extension(String),
    Attribute(AttrPath),
}

struct Patcher<'s> {
    schema: Option<&'s ResourceSchema<'s>>,
    evaluator: Evaluator<'s>,
    index: usize,
}

impl Patcher<'_> {
    fn error(&self, code: &str, field: &str, message: impl Into<String>) -> Error {
        let location = if field.is_empty() {
            format!("Operations[{}]", self.index)
        } else {
            format!("Operations[{}].{field}", self.index)
        };
        Error::new(code, location, message)
    }

    fn run(&self, operation: &Value, resource: &mut Value) -> Result<(), Error> {
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
            (OpKind::Replace, Target::Attribute(path), None) => self.remove(resource, &path, None),
            (OpKind::Add | OpKind::Replace, _, None) => Err(self.error(
                "invalidValue",
                "value",
                format!("{} needs a `value`", kind.as_str()),
            )),
            (OpKind::Add | OpKind::Replace, Target::Resource, Some(value)) => {
                self.write_object(resource, kind, None, value)
            }
            (OpKind::Add | OpKind::Replace, Target::Extension(urn), Some(value)) => {
                self.write_object(resource, kind, Some(&urn), value)
            }
            (OpKind::Add | OpKind::Replace, Target::Attribute(path), Some(value)) => {
                self.write(resource, kind, &path, value)
            }
            (OpKind::Remove, Target::Extension(urn), _) => {
                if let Some(map) = resource.as_object_mut() {
                    if let Some(key) = find_key(map, &urn) {
                        map.shift_remove(&key);
                    }
                    if let Some(Value::Array(schemas)) =
                        find_key(map, "schemas").and_then(|k| map.get_mut(&k))
                    {
                        schemas
                            .retain(|s| !s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(&urn)));
                    }
                }
                Ok(())
            }
            (OpKind::Remove, Target::Attribute(path), value) => self.remove(resource, &path, value),
        }
    }

    fn target(&self, text: &str) -> Result<Target, Error> {
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
            None => Ok(Target::Attribute(parsed)),
            Some(schema) => schema.resolve(text).map(Target::Attribute).map_err(|e| {
                self.error("invalidPath", "path", format!("{}: {}", e.path, e.message))
            }),
        }
    }

    /// No-path add/replace (or a whole extension): each key of the value
    /// object is one attribute write.
    fn write_object(
        &self,
        resource: &mut Value,
        kind: OpKind,
        urn: Option<&str>,
        value: Value,
    ) -> Result<(), Error> {
        let Value::Object(fields) = value else {
            return Err(self.error(
                "invalidValue",
                "value",
                "without a `path` the value must be an object of attributes",
            ));
        };
        for (key, field) in fields {
            if urn.is_none() && key.eq_ignore_ascii_case("schemas") {
                merge_schemas(resource, &field);
                continue;
            }
            let is_extension = urn.is_none() && key.contains(':') && field.is_object();
            if is_extension {
                self.write_object(resource, kind, Some(&key), field)?;
                continue;
            }
            let path = AttrPath {
                uri: urn.map(str::to_string),
                ..AttrPath::attribute(&key)
            };
            let path = match self.schema {
                Some(schema) => schema.resolve(&path.to_string()).map_err(|e| {
                    self.error("invalidPath", "value", format!("`{key}`: {}", e.message))
                })?,
                None => path,
            };
            self.write(resource, kind, &path, field)?;
        }
        Ok(())
    }

    fn definitions(&self, path: &AttrPath) -> (Option<&AttributeDef>, Option<&AttributeDef>) {
        match self.schema {
            Some(schema) => (schema.top_attribute(path), schema.attribute(path)),
            None => (None, None),
        }
    }

    /// Refuses writes to readOnly attributes (unless unchanged) and changes
    /// to set immutable ones.
    fn check_mutability(
        &self,
        resource: &Value,
        path: &AttrPath,
        new: Option<&Value>,
    ) -> Result<(), Error> {
        let (top, leaf) = self.definitions(path);
        let current = path.get(resource);
        let unchanged = match new {
            Some(Value::Array(items)) => {
                current.len() == items.len() && items.iter().all(|i| current.contains(&i))
            }
            Some(value) => current.len() == 1 && current.first() == Some(&value),
            None => current.is_empty(),
        };
        for def in [top, leaf].into_iter().flatten() {
            let refused = match def.mutability {
                Mutability::ReadOnly => !unchanged,
                Mutability::Immutable => !unchanged && !current.is_empty(),
                _ => false,
            };
            if refused {
                return Err(self.error(
                    "mutability",
                    "path",
                    format!(
                        "`{path}` is {}; it cannot be changed",
                        def.mutability.as_str()
                    ),
                ));
            }
        }
        if new.is_none()
            && !current.is_empty()
            && path.sub_attribute.is_none()
            && path.filter.is_none()
        {
            if let Some(def) = top.filter(|d| d.required) {
                return Err(self.error(
                    "mutability",
                    "path",
                    format!("`{}` is required; it cannot be removed", def.name),
                ));
            }
        }
        Ok(())
    }

    fn write(
        &self,
        resource: &mut Value,
        kind: OpKind,
        path: &AttrPath,
        value: Value,
    ) -> Result<(), Error> {
        let (top, leaf) = self.definitions(path);
        let value =
            conform(value, path, top, leaf).map_err(|m| self.error("invalidValue", "value", m))?;
        if value.is_null() {
            return self.remove(resource, path, None);
        }
        self.check_mutability(resource, path, Some(&value))?;
        let multi_valued = top.map(|d| d.multi_valued);
        let Some(map) = container_mut(resource, path.uri.as_deref(), true) else {
            return Err(self.error(
                "invalidPath",
                "path",
                format!("`{path}`: the extension is not a JSON object"),
            ));
        };
        let key = find_key(map, &path.attribute).unwrap_or_else(|| path.attribute.clone());
        let entry = map.entry(key).or_insert(Value::Null);
        match (&path.filter, &path.sub_attribute) {
            (None, None) => write_whole(entry, kind, value, multi_valued),
            (None, Some(sub)) => match entry {
                Value::Null => {
                    let mut object = Map::new();
                    object.insert(sub.clone(), value);
                    *entry = Value::Object(object);
                    Ok(())
                }
                Value::Object(object) => {
                    set_key(object, sub, value);
                    Ok(())
                }
                Value::Array(items) if !items.is_empty() => {
                    for item in items.iter_mut().filter_map(Value::as_object_mut) {
                        set_key(item, sub, value.clone());
                    }
                    Ok(())
                }
                Value::Array(_) => Err(format!(
                    "`{}` has no element to set `{sub}` on",
                    path.attribute
                )),
                _ => Err(format!(
                    "`{}` is not complex, so it has no `{sub}`",
                    path.attribute
                )),
            }
            .map_err(|m| self.error("noTarget", "path", m)),
            (Some(filter), sub) => {
                if entry.is_null() {
                    *entry = Value::Array(Vec::new());
                } else if entry.is_object() {
                    *entry = Value::Array(vec![entry.take()]);
                }
                let Value::Array(items) = entry else {
                    return Err(self.error(
                        "invalidPath",
                        "path",
                        format!("`{}` is not multi-valued", path.attribute),
                    ));
                };
                let matches = matching_indices(items, filter, top, &self.evaluator);
                if matches.is_empty() {
                    if kind == OpKind::Replace {
                        return Err(self.error(
                            "noTarget",
                            "path",
                            format!("no value of `{}` matches [{filter}]", path.attribute),
                        ));
                    }
                    let mut element = element_from_filter(filter).ok_or_else(|| {
                        self.error("noTarget", "path", format!("no value of `{}` matches [{filter}], and the filter does not say how to create one", path.attribute))
                    })?;
                    merge_into(&mut element, sub.as_deref(), value)
                        .map_err(|m| self.error("invalidValue", "value", m))?;
                    items.push(Value::Object(element));
                    let last = items.len().saturating_sub(1);
                    keep_one_primary(items, &[last]);
                    return Ok(());
                }
                for &index in &matches {
                    if let Some(Value::Object(element)) = items.get_mut(index) {
                        merge_into(element, sub.as_deref(), value.clone())
                            .map_err(|m| self.error("invalidValue", "value", m))?;
                    }
                }
                keep_one_primary(items, &matches);
                Ok(())
            }
        }
    }

    fn remove(
        &self,
        resource: &mut Value,
        path: &AttrPath,
        value: Option<Value>,
    ) -> Result<(), Error> {
        self.check_mutability(resource, path, None)?;
        // Entra removes members with `path: "members"` plus the values to drop.
        if let (Some(value), None, None) = (&value, &path.filter, &path.sub_attribute) {
            let Some(map) = container_mut(resource, path.uri.as_deref(), false) else {
                return Ok(());
            };
            let Some(key) = find_key(map, &path.attribute) else {
                return Ok(());
            };
            if let Some(Value::Array(items)) = map.get_mut(&key) {
                let doomed: Vec<Value> = match value {
                    Value::Array(list) => list.clone(),
                    single => vec![single.clone()],
                };
                items.retain(|item| !doomed.iter().any(|d| same_element(item, d)));
                if items.is_empty() {
                    map.shift_remove(&key);
                }
                return Ok(());
            }
        }
        path.remove(resource);
        Ok(())
    }
}

/// add/replace of a whole attribute.
fn write_whole(
    entry: &mut Value,
    kind: OpKind,
    value: Value,
    multi_valued: Option<bool>,
) -> Result<(), Error> {
    let is_multi = multi_valued.unwrap_or(
        entry.is_array() || (kind == OpKind::Add && value.is_array() && entry.is_null()),
    );
    match (kind, entry.take(), value) {
        (OpKind::Add, Value::Array(mut items), new) => {
            let new_items = match new {
                Value::Array(list) => list,
                single => vec![single],
            };
            let mut touched = Vec::new();
            for item in new_items {
                match items
                    .iter()
                    .position(|existing| same_element(existing, &item))
                {
                    Some(position) => touched.push(position),
                    None => {
                        items.push(item);
                        touched.push(items.len() - 1);
                    }
                }
            }
            keep_one_primary(&mut items, &touched);
            *entry = Value::Array(items);
        }
        (_, Value::Object(mut object), Value::Object(fields)) if !is_multi => {
            // Complex: given sub-attributes replace, others stay (§3.5.2.3).
            for (key, field) in fields {
                set_key(&mut object, &key, field);
            }
            *entry = Value::Object(object);
        }
        (_, _, Value::Array(list)) => *entry = Value::Array(list),
        (_, _, single) if is_multi => *entry = Value::Array(vec![single]),
        (_, _, single) => *entry = single,
    }
    Ok(())
}

/// Writes a value into a selected element: one sub-attribute, or the
/// value object's fields.
fn merge_into(
    element: &mut Map<String, Value>,
    sub: Option<&str>,
    value: Value,
) -> Result<(), String> {
    match (sub, value) {
        (Some(sub), value) => {
            set_key(element, sub, value);
            Ok(())
        }
        (None, Value::Object(fields)) => {
            for (key, field) in fields {
                if field.is_null() {
                    remove_key(element, &key);
                } else {
                    set_key(element, &key, field);
                }
            }
            Ok(())
        }
        (None, _) => Err(
            "a filtered path without sub-attribute selects whole values; expected an object"
                .to_string(),
        ),
    }
}

/// Duplicate test for multi-valued adds: equal JSON, or the same `value`
/// (and the same `type` when both say one).
pub(crate) fn same_element(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return false;
    };
    let field =
        |m: &Map<String, Value>, name: &str| find_key(m, name).and_then(|k| m.get(&k).cloned());
    match (field(a, "value"), field(b, "value")) {
        (Some(va), Some(vb)) if va == vb => match (field(a, "type"), field(b, "type")) {
            (Some(ta), Some(tb)) => ta == tb,
            _ => true,
        },
        _ => false,
    }
}

/// RFC 7643 §2.4: at most one `primary: true`; the last written wins.
fn keep_one_primary(items: &mut [Value], touched: &[usize]) {
    let is_primary = |v: &Value| {
        v.as_object()
            .and_then(|m| find_key(m, "primary").and_then(|k| m.get(&k)))
            .is_some_and(|p| p == &Value::Bool(true))
    };
    let primaries: Vec<usize> = (0..items.len())
        .filter(|&i| items.get(i).is_some_and(is_primary))
        .collect();
    if primaries.len() < 2 {
        return;
    }
    let keep = touched
        .iter()
        .rev()
        .find(|i| primaries.contains(i))
        .or(primaries.last())
        .copied();
    for index in primaries {
        if Some(index) != keep {
            if let Some(Value::Object(item)) = items.get_mut(index) {
                set_key(item, "primary", Value::Bool(false));
            }
        }
    }
}

fn merge_schemas(resource: &mut Value, field: &Value) {
    let Some(map) = resource.as_object_mut() else {
        return;
    };
    let key = find_key(map, "schemas").unwrap_or_else(|| "schemas".to_string());
    let entry = map.entry(key).or_insert_with(|| Value::Array(Vec::new()));
    if let (Value::Array(existing), Value::Array(new)) = (entry, field) {
        for urn in new {
            if !existing.contains(urn) {
                existing.push(urn.clone());
            }
        }
    }
}
