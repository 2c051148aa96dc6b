//! Reading and writing a path on a JSON resource.

use super::select::{Scope, Selector};
use super::AttrPath;
use crate::error::Error;
use crate::scim::filter::{CompValue, CompiledFilter, Filter};
use crate::scim::schema::ResourceSchema;
use serde_json::{Map, Value};

/// Up to this many keys, a linear scan finds a key faster than hashing it
/// (SCIM objects are small: a user has about a dozen attributes).
const SCAN_MAX: usize = 16;

pub(crate) use crate::json::KeyHint;

/// The key in `map` equal to `name` ignoring ASCII case (exact match first).
pub(crate) fn find_key(map: &Map<String, Value>, name: &str) -> Option<String> {
    find_entry(map, name, None).map(|(key, _)| key.clone())
}

/// The entry whose key equals `name`, exactly if there is one, else the
/// first ignoring ASCII case.
fn find_entry<'v>(
    map: &'v Map<String, Value>,
    name: &str,
    hint: Option<&KeyHint>,
) -> Option<(&'v String, &'v Value)> {
    if map.len() > SCAN_MAX {
        if let Some(entry) = map.get_key_value(name) {
            return Some(entry);
        }
        return map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name));
    }
    if let Some(hint) = hint {
        // Keys are unique, so an exact key at the hint is the answer.
        let at_hint = map.iter().nth(hint.position());
        if let Some(entry) = at_hint.filter(|(k, _)| same_bytes(k, name)) {
            return Some(entry);
        }
    }
    let mut folded = None;
    for (index, (key, value)) in map.iter().enumerate() {
        if key.len() != name.len() {
            continue;
        }
        if same_bytes(key, name) {
            if let Some(hint) = hint {
                hint.found_at(index);
            }
            return Some((key, value));
        }
        if folded.is_none() && key.eq_ignore_ascii_case(name) {
            folded = Some((key, value));
        }
    }
    folded
}

/// `a == b` for keys, inline and eight bytes at a time: a call to `memcmp`
/// (a byte loop in wasm) costs more, and URN keys are 60 bytes long.
fn same_bytes(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let word = |chunk: &[u8]| chunk.first_chunk::<8>().map(|w| u64::from_ne_bytes(*w));
    let (words_a, words_b) = (a.chunks_exact(8), b.chunks_exact(8));
    let (rest_a, rest_b) = (words_a.remainder(), words_b.remainder());
    words_a.zip(words_b).all(|(x, y)| word(x) == word(y))
        && rest_a.iter().zip(rest_b).all(|(x, y)| x == y)
}

/// The value under `name`, exact key first, then ignoring ASCII case.
pub(crate) fn get_ci<'v>(map: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    find_entry(map, name, None).map(|(_, value)| value)
}

/// [`get_ci`], looking first where `hint` says the key was last time.
pub(crate) fn get_ci_hinted<'v>(
    map: &'v Map<String, Value>,
    name: &str,
    hint: &KeyHint,
) -> Option<&'v Value> {
    find_entry(map, name, Some(hint)).map(|(_, value)| value)
}

/// [`get_ci`] of the key `"{first}.{second}"`, without building it.
pub(crate) fn get_ci_joined<'v>(
    map: &'v Map<String, Value>,
    first: &str,
    second: &str,
) -> Option<&'v Value> {
    let split = |key: &'v String| {
        let (head, tail) = key.split_at_checked(first.len())?;
        let tail = tail.strip_prefix('.')?;
        (tail.len() == second.len()).then_some((head, tail))
    };
    let mut folded = None;
    for (key, value) in map {
        let Some((head, tail)) = split(key) else {
            continue;
        };
        if head == first && tail == second {
            return Some(value);
        }
        if folded.is_none() && head.eq_ignore_ascii_case(first) && tail.eq_ignore_ascii_case(second)
        {
            folded = Some(value);
        }
    }
    folded
}

/// True for an RFC 7643 core schema URN, whose attributes sit at the top
/// level of a resource rather than under an extension key.
pub(crate) fn is_core_uri(uri: &str) -> bool {
    const CORE: &[u8] = b":scim:schemas:core:";
    uri.as_bytes()
        .windows(CORE.len())
        .any(|w| w.eq_ignore_ascii_case(CORE))
}

/// The first entry of a resource's `schemas`: its core schema URN.
fn declared_core(resource: &Map<String, Value>) -> Option<&str> {
    get_ci(resource, "schemas")?.as_array()?.first()?.as_str()
}

/// Whether a URN prefix means "top level of the resource".
fn is_top_level(resource: &Map<String, Value>, uri: &str) -> bool {
    get_ci(resource, uri).is_none()
        && (is_core_uri(uri)
            || declared_core(resource).is_some_and(|c| c.eq_ignore_ascii_case(uri)))
}

/// The object holding a path's attribute: the resource itself, or the
/// extension object named by the URN.
pub(crate) fn container<'v>(
    resource: &'v Value,
    uri: Option<&str>,
    hint: Option<&KeyHint>,
) -> Option<&'v Map<String, Value>> {
    let map = resource.as_object()?;
    let Some(uri) = uri else { return Some(map) };
    match find_entry(map, uri, hint).map(|(_, value)| value) {
        Some(extension) => extension.as_object(),
        // No object under the URN: a core URN means the top level.
        None if is_core_uri(uri)
            || declared_core(map).is_some_and(|c| c.eq_ignore_ascii_case(uri)) =>
        {
            Some(map)
        }
        None => None,
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

/// Indices of the elements a value filter (compiled with
/// [`CompiledFilter::for_elements`]) selects.
pub(crate) fn matching_indices(items: &[Value], filter: &CompiledFilter) -> Vec<usize> {
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| filter.matches(item))
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
        Selector::new(self, Scope::Resource(schema)).collect(resource)
    }

    /// The value stored at the path as one JSON value: a whole attribute
    /// as it is (an array for multi-valued ones), otherwise the first value
    /// the path selects. `None` when nothing is there.
    pub fn read(&self, resource: &Value) -> Option<Value> {
        if self.filter.is_none() && self.sub_attribute.is_none() {
            let map = container(resource, self.uri.as_deref(), None)?;
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
                let matches = matching_indices(items, &CompiledFilter::for_elements(filter, None));
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
                    let matches =
                        matching_indices(items, &CompiledFilter::for_elements(filter, None));
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
