//! Reading and writing a path on a JSON resource.

use super::AttrPath;
use crate::error::Error;
use crate::scim::filter::{CompValue, Context, Evaluator, Filter};
use crate::scim::schema::{AttributeDef, ResourceSchema};
use serde_json::{Map, Value};

/// The key in `map` equal to `name` ignoring ASCII case (exact match first).
pub(crate) fn find_key(map: &Map<String, Value>, name: &str) -> Option<String> {
    if map.contains_key(name) {
        return Some(name.to_string());
    }
    map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

fn get_ci<'v>(map: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// True for an RFC 7643 core schema URN, whose attributes sit at the top
/// level of a resource rather than under an extension key.
pub(crate) fn is_core_uri(uri: &str) -> bool {
    uri.to_ascii_lowercase().contains(":scim:schemas:core:")
}

/// The first entry of a resource's `schemas`: its core schema URN.
fn declared_core(resource: &Map<String, Value>) -> Option<&str> {
    get_ci(resource, "schemas")?.as_array()?.first()?.as_str()
}

/// Whether a URN prefix means "top level of the resource".
fn is_top_level(resource: &Map<String, Value>, uri: &str) -> bool {
    find_key(resource, uri).is_none()
        && (is_core_uri(uri)
            || declared_core(resource).is_some_and(|c| c.eq_ignore_ascii_case(uri)))
}

/// The object holding a path's attribute: the resource itself, or the
/// extension object named by the URN.
pub(crate) fn container<'v>(
    resource: &'v Value,
    uri: Option<&str>,
) -> Option<&'v Map<String, Value>> {
    let map = resource.as_object()?;
    match uri {
        None => Some(map),
        Some(uri) if is_top_level(map, uri) => Some(map),
        Some(uri) => get_ci(map, uri)?.as_object(),
    }
}

/// Mutable [`container`]; with `create`, a missing extension object is
/// added (and its URN appended to `schemas` when the resource lists them).
pub(crate) fn container_mut<'v>(
    resource: &'v mut Value,
    uri: Option<&str>,
    create: bool,
) -> Option<&'v mut Map<String, Value>> {
    let map = resource.as_object_mut()?;
    let Some(uri) = uri else { return Some(map) };
    if is_top_level(map, uri) {
        return Some(map);
    }
    let key = match find_key(map, uri) {
        Some(key) => key,
        None if create => {
            if let Some(Value::Array(schemas)) =
                find_key(map, "schemas").and_then(|k| map.get_mut(&k))
            {
                if !schemas
                    .iter()
                    .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(uri)))
                {
                    schemas.push(Value::String(uri.to_string()));
                }
            }
            map.insert(uri.to_string(), Value::Object(Map::new()));
            uri.to_string()
        }
        None => return None,
    };
    let entry = map.get_mut(&key)?;
    if entry.is_null() && create {
        *entry = Value::Object(Map::new());
    }
    entry.as_object_mut()
}

/// Indices of the elements a value filter selects.
pub(crate) fn matching_indices(
    items: &[Value],
    filter: &Filter,
    def: Option<&AttributeDef>,
    evaluator: &Evaluator,
) -> Vec<usize> {
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| evaluator.matches(filter, item, Context::Element(def)))
        .map(|(index, _)| index)
        .collect()
}

/// The element a filter describes, for creating one when none matches:
/// `type eq "work"` → `{"type": "work"}`. `None` when the filter is not a
/// conjunction of equalities.
pub(crate) fn element_from_filter(filter: &Filter) -> Option<Map<String, Value>> {
    let mut element = Map::new();
    for (path, value) in filter.equality_constraints()? {
        if path.sub_attribute.is_some() || matches!(value, CompValue::Null) {
            return None;
        }
        element.insert(path.attribute.clone(), value.to_json());
    }
    Some(element)
}

fn path_error(code: &str, message: String) -> Error {
    Error::new(code, "", message)
}

impl AttrPath {
    /// Every value the path selects; multi-valued attributes are flattened
    /// and nulls dropped. `emails[type eq "work"].value` → the work emails.
    pub fn get<'v>(&self, resource: &'v Value) -> Vec<&'v Value> {
        self.select(resource, None)
    }

    /// The first value the path selects.
    pub fn first<'v>(&self, resource: &'v Value) -> Option<&'v Value> {
        self.get(resource).into_iter().next()
    }

    /// [`AttrPath::get`] under a schema's rules (case-exact filter matching).
    pub fn select<'v>(
        &self,
        resource: &'v Value,
        schema: Option<&ResourceSchema>,
    ) -> Vec<&'v Value> {
        let evaluator = Evaluator::new(schema);
        self.select_with(
            resource,
            &evaluator,
            schema.and_then(|s| s.top_attribute(self)),
        )
    }

    /// Selection inside an already-chosen container, used by the filter
    /// evaluator for both resource and element scopes.
    pub(crate) fn select_with<'v>(
        &self,
        resource: &'v Value,
        evaluator: &Evaluator,
        def: Option<&AttributeDef>,
    ) -> Vec<&'v Value> {
        let Some(map) = container(resource, self.uri.as_deref()) else {
            return Vec::new();
        };
        let Some(value) = get_ci(map, &self.attribute) else {
            return self.flat_key_fallback(map);
        };
        let mut selected: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        if let Some(filter) = &self.filter {
            selected.retain(|item| evaluator.matches(filter, item, Context::Element(def)));
        }
        if let Some(sub) = &self.sub_attribute {
            selected = selected
                .into_iter()
                .filter_map(|item| item.as_object().and_then(|m| get_ci(m, sub)))
                .flat_map(|v| match v {
                    Value::Array(items) => items.iter().collect(),
                    other => vec![other],
                })
                .collect();
        }
        selected.retain(|v| !v.is_null());
        selected
    }

    /// Source records flattened from CSV keep `manager.id` as one key; a
    /// plain `a.b` path falls back to such a key when `a` is absent.
    fn flat_key_fallback<'v>(&self, map: &'v Map<String, Value>) -> Vec<&'v Value> {
        let (Some(sub), None, None) = (&self.sub_attribute, &self.filter, &self.uri) else {
            return Vec::new();
        };
        match get_ci(map, &format!("{}.{sub}", self.attribute)) {
            Some(Value::Array(items)) => items.iter().filter(|v| !v.is_null()).collect(),
            Some(Value::Null) | None => Vec::new(),
            Some(other) => vec![other],
        }
    }

    /// The value stored at the path as one JSON value: a whole attribute
    /// as it is (an array for multi-valued ones), otherwise the first value
    /// the path selects. `None` when nothing is there.
    pub fn read(&self, resource: &Value) -> Option<Value> {
        if self.filter.is_none() && self.sub_attribute.is_none() {
            let map = container(resource, self.uri.as_deref())?;
            return get_ci(map, &self.attribute)
                .filter(|v| !v.is_null())
                .cloned();
        }
        self.first(resource).cloned()
    }

    /// Writes `value` at the path, creating what is missing: setting
    /// `addresses[type eq "work"].country` with no work address appends
    /// `{"type": "work", "country": …}`; a URN-qualified attribute goes
    /// under its extension object. `null` removes (RFC 7643 §2.5: null and
    /// unassigned are the same). Filtered paths write every match.
    pub fn set(&self, resource: &mut Value, value: Value) -> Result<(), Error> {
        if value.is_null() {
            self.remove(resource);
            return Ok(());
        }
        let evaluator = Evaluator::new(None);
        let Some(map) = container_mut(resource, self.uri.as_deref(), true) else {
            return Err(path_error(
                "invalidPath",
                format!(
                    "cannot write `{self}`: the resource or its extension is not a JSON object"
                ),
            ));
        };
        let key = find_key(map, &self.attribute).unwrap_or_else(|| self.attribute.clone());
        let entry = map.entry(key).or_insert(Value::Null);
        match (&self.filter, &self.sub_attribute) {
            (None, None) => *entry = value,
            (None, Some(sub)) => {
                if entry.is_null() {
                    *entry = Value::Object(Map::new());
                }
                match entry {
                    Value::Object(object) => set_key(object, sub, value),
                    Value::Array(items) if !items.is_empty() => {
                        for item in items.iter_mut().filter_map(Value::as_object_mut) {
                            set_key(item, sub, value.clone());
                        }
                    }
                    _ => {
                        return Err(path_error(
                            "noTarget",
                            format!("`{}` has no object to hold `{sub}`", self.attribute),
                        ))
                    }
                }
            }
            (Some(filter), sub) => {
                if entry.is_null() {
                    *entry = Value::Array(Vec::new());
                }
                if entry.is_object() {
                    *entry = Value::Array(vec![entry.take()]);
                }
                let Value::Array(items) = entry else {
                    return Err(path_error(
                        "invalidPath",
                        format!(
                            "`{}` is not multi-valued, so `{self}` selects nothing",
                            self.attribute
                        ),
                    ));
                };
                let matches = matching_indices(items, filter, None, &evaluator);
                if matches.is_empty() {
                    let mut element = element_from_filter(filter).ok_or_else(|| {
                        path_error("noTarget", format!("no element matches `{self}` and its filter does not say how to create one"))
                    })?;
                    match (sub, value) {
                        (Some(sub), value) => set_key(&mut element, sub, value),
                        (None, Value::Object(fields)) => element.extend(fields),
                        (None, _) => {
                            return Err(path_error(
                                "invalidValue",
                                format!(
                                    "`{self}` selects elements, so its value must be an object"
                                ),
                            ))
                        }
                    }
                    items.push(Value::Object(element));
                    return Ok(());
                }
                for index in matches {
                    let Some(item) = items.get_mut(index) else {
                        continue;
                    };
                    match (sub, item) {
                        (Some(sub), Value::Object(object)) => set_key(object, sub, value.clone()),
                        (Some(_), _) => {}
                        (None, item) => *item = value.clone(),
                    }
                }
            }
        }
        Ok(())
    }

    /// Removes what the path selects; returns how many values went.
    /// Emptied multi-valued attributes are removed entirely.
    pub fn remove(&self, resource: &mut Value) -> usize {
        let evaluator = Evaluator::new(None);
        let Some(map) = container_mut(resource, self.uri.as_deref(), false) else {
            return 0;
        };
        let Some(key) = find_key(map, &self.attribute) else {
            return 0;
        };
        let mut removed = 0;
        let Some(entry) = map.get_mut(&key) else {
            return 0;
        };
        match (&self.filter, &self.sub_attribute) {
            (None, None) => removed = 1,
            (None, Some(sub)) => match entry {
                Value::Object(object) => removed = usize::from(remove_key(object, sub)),
                Value::Array(items) => {
                    for item in items.iter_mut().filter_map(Value::as_object_mut) {
                        removed += usize::from(remove_key(item, sub));
                    }
                }
                _ => {}
            },
            (Some(filter), sub) => {
                if let Value::Array(items) = entry {
                    let matches = matching_indices(items, filter, None, &evaluator);
                    removed = matches.len();
                    match sub {
                        Some(sub) => {
                            removed = 0;
                            for index in matches {
                                if let Some(Value::Object(item)) = items.get_mut(index) {
                                    removed += usize::from(remove_key(item, sub));
                                }
                            }
                        }
                        None => {
                            let mut index = 0;
                            items.retain(|_| {
                                let keep = !matches.contains(&index);
                                index += 1;
                                keep
                            });
                        }
                    }
                }
            }
        }
        let now_empty = match map.get(&key) {
            Some(Value::Array(items)) => items.is_empty(),
            Some(Value::Object(object)) => object.is_empty() && self.sub_attribute.is_some(),
            Some(Value::Null) => true,
            _ => false,
        };
        if (self.filter.is_none() && self.sub_attribute.is_none()) || now_empty {
            map.shift_remove(&key);
        }
        removed
    }
}

/// Sets `name` in `object`, reusing an existing key's spelling.
pub(crate) fn set_key(object: &mut Map<String, Value>, name: &str, value: Value) {
    let key = find_key(object, name).unwrap_or_else(|| name.to_string());
    object.insert(key, value);
}

/// Removes `name` (any case); true when something was there.
pub(crate) fn remove_key(object: &mut Map<String, Value>, name: &str) -> bool {
    find_key(object, name)
        .and_then(|key| object.shift_remove(&key))
        .is_some()
}
