//! Applying a PatchOp request (RFC 7644 §3.5.2.1–3).

use super::prepare::{operation_error, Action, FieldWrite, PreparedPatch, Resolved};
use super::OpKind;
use crate::error::Error;
use crate::scim::filter::CompiledFilter;
use crate::scim::path::access::{
    container_mut, element_from_filter, get_ci, matching_indices, remove_key, set_key,
};
use crate::scim::path::find_key;
use crate::scim::schema::{Mutability, ResourceSchema};
use serde_json::{Map, Value};

/// Applies a PATCH request — `{"schemas": [PatchOp], "Operations": [...]}`
/// or a bare `Operations` array — to a copy of `resource`. Atomic: the
/// first failing operation fails the whole request. To apply one request
/// to many resources, prepare it once with [`PreparedPatch::new`].
pub fn apply(
    resource: &Value,
    request: &Value,
    schema: Option<&ResourceSchema>,
) -> Result<Value, Error> {
    PreparedPatch::new(request, schema)?.apply(resource)
}

impl PreparedPatch<'_> {
    /// The request applied to a copy of `resource` (which must be an
    /// object); the first failing operation fails the whole request.
    pub fn apply(&self, resource: &Value) -> Result<Value, Error> {
        if !resource.is_object() {
            return Err(Error::new(
                "invalidValue",
                "resource",
                "the resource must be a JSON object",
            ));
        }
        let mut result = resource.clone();
        for operation in &self.operations {
            let operation = operation.as_ref().map_err(Clone::clone)?;
            let patcher = Patcher {
                index: operation.index,
            };
            patcher.run(&operation.action, &mut result)?;
        }
        Ok(result)
    }
}

struct Patcher {
    index: usize,
}

impl Patcher {
    fn error(&self, code: &str, field: &str, message: impl Into<String>) -> Error {
        operation_error(self.index, code, field, message)
    }

    fn run(&self, action: &Action, resource: &mut Value) -> Result<(), Error> {
        match action {
            Action::RemoveExtension(urn) => {
                if let Some(map) = resource.as_object_mut() {
                    if let Some(key) = find_key(map, urn) {
                        map.shift_remove(&key);
                    }
                    if let Some(Value::Array(schemas)) =
                        find_key(map, "schemas").and_then(|k| map.get_mut(&k))
                    {
                        schemas
                            .retain(|s| !s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)));
                    }
                }
                Ok(())
            }
            Action::Remove(path, value) => self.remove(resource, path, value.as_ref()),
            Action::Write(kind, path, value) => self.write(resource, *kind, path, value.clone()),
            Action::WriteFields(kind, writes) => {
                for write in writes {
                    match write.as_ref().map_err(Clone::clone)? {
                        FieldWrite::Schemas(field) => merge_schemas(resource, field),
                        FieldWrite::Attribute(path, Value::Null) => {
                            self.remove(resource, path, None)?
                        }
                        FieldWrite::Attribute(path, value) => {
                            self.write(resource, *kind, path, value.clone())?
                        }
                    }
                }
                Ok(())
            }
        }
    }

    /// Refuses writes to readOnly attributes (unless unchanged) and changes
    /// to set immutable ones.
    fn check_mutability(
        &self,
        resource: &Value,
        resolved: &Resolved,
        new: Option<&Value>,
    ) -> Result<(), Error> {
        let (path, top, leaf) = (&resolved.path, resolved.top, resolved.leaf);
        if top.is_none() && leaf.is_none() {
            // Without definitions there is no rule to check.
            return Ok(());
        }
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

    /// add/replace of a conformed, non-null value.
    fn write(
        &self,
        resource: &mut Value,
        kind: OpKind,
        resolved: &Resolved,
        value: Value,
    ) -> Result<(), Error> {
        self.check_mutability(resource, resolved, Some(&value))?;
        let (path, top) = (&resolved.path, resolved.top);
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
                let matches = matching_indices(items, &CompiledFilter::for_elements(filter, top));
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
        resolved: &Resolved,
        value: Option<&Value>,
    ) -> Result<(), Error> {
        self.check_mutability(resource, resolved, None)?;
        let path = &resolved.path;
        // Entra removes members with `path: "members"` plus the values to drop.
        if let (Some(value), None, None) = (value, &path.filter, &path.sub_attribute) {
            let Some(map) = container_mut(resource, path.uri.as_deref(), false) else {
                return Ok(());
            };
            let Some(key) = find_key(map, &path.attribute) else {
                return Ok(());
            };
            if let Some(Value::Array(items)) = map.get_mut(&key) {
                let doomed = match value {
                    Value::Array(list) => list.as_slice(),
                    single => std::slice::from_ref(single),
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
    let field = get_ci;
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
            .and_then(|m| get_ci(m, "primary"))
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
