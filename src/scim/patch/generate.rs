//! The minimal PatchOp from a current resource to a desired one, limited
//! to the attributes a mapping manages, and the PUT-body fallback.

use super::apply::apply;
use super::conform::conform;
use super::{OpKind, PATCH_OP_SCHEMA};
use crate::scim::filter::{CompValue, CompareOp, Filter};
use crate::scim::path::{find_key, AttrPath};
use crate::scim::schema::{AttributeDef, Mutability, ResourceSchema};
use borrowed::{conform_keeps, read_ref, same_path_text};
use serde_json::{json, Map, Value};
use std::borrow::Cow;

mod borrowed;

/// The PatchOp request turning `current` into `desired` on the `managed`
/// attributes only, or `None` when they already agree. Attributes not in
/// `managed` are never touched; readOnly and immutable ones are never
/// sent; multi-valued attributes with `value` identity (members) change
/// one value at a time (`remove members[value eq "…"]`, `add members`).
pub fn generate(
    current: &Value,
    desired: &Value,
    managed: &[AttrPath],
    schema: Option<&ResourceSchema>,
) -> Option<Value> {
    let mut operations = Vec::new();
    for (position, path) in managed.iter().enumerate() {
        let earlier = managed.get(..position).unwrap_or_default();
        if earlier.iter().any(|seen| same_path_text(seen, path)) {
            continue;
        }
        let (top, leaf) = match schema {
            Some(schema) => (schema.top_attribute(path), schema.attribute(path)),
            None => (None, None),
        };
        let frozen = [top, leaf]
            .into_iter()
            .flatten()
            .any(|d| matches!(d.mutability, Mutability::ReadOnly | Mutability::Immutable));
        if frozen {
            continue;
        }
        diff_path(&mut operations, current, desired, path, top, leaf, schema);
    }
    if operations.is_empty() {
        return None;
    }
    Some(json!({"schemas": [PATCH_OP_SCHEMA], "Operations": operations}))
}

/// A full replacement body for servers without PATCH: the current
/// resource with the managed attributes taken from `desired`, read-only
/// attributes (`meta`, `groups`) dropped and `schemas` listing every
/// extension the body carries.
pub fn put_body(
    current: &Value,
    desired: &Value,
    managed: &[AttrPath],
    schema: Option<&ResourceSchema>,
) -> Value {
    let mut body = current.clone();
    if let Some(request) = generate(current, desired, managed, schema) {
        if let Ok(updated) = apply(current, &request, schema) {
            body = updated;
        }
    }
    if let Some(map) = body.as_object_mut() {
        let read_only: Vec<String> = map
            .keys()
            .filter(|key| {
                if key.eq_ignore_ascii_case("id") || key.eq_ignore_ascii_case("schemas") {
                    return false;
                }
                if key.eq_ignore_ascii_case("meta") {
                    return true;
                }
                schema
                    .and_then(|s| s.core.attribute(key))
                    .is_some_and(AttributeDef::is_read_only)
            })
            .cloned()
            .collect();
        for key in read_only {
            map.shift_remove(&key);
        }
    }
    if let Some(schema) = schema {
        let urns: Vec<Value> = schema
            .schema_urns_of(&body)
            .into_iter()
            .map(Value::String)
            .collect();
        if let Some(map) = body.as_object_mut() {
            let key = find_key(map, "schemas").unwrap_or_else(|| "schemas".to_string());
            map.insert(key, Value::Array(urns));
        }
    }
    body
}

fn operation(kind: OpKind, path: &AttrPath, value: Option<Value>) -> Value {
    let mut op = Map::new();
    op.insert("op".into(), Value::String(kind.as_str().into()));
    op.insert("path".into(), Value::String(path.to_string()));
    if let Some(value) = value {
        op.insert("value".into(), value);
    }
    Value::Object(op)
}

/// The desired value brought to the attribute's type (`"False"` → false),
/// so string-typed mapping output compares equal to the server's booleans.
/// Borrowed when converting would not change it (the common case: a plan
/// compares every managed attribute of every matched user).
fn desired_value<'v>(
    desired: &'v Value,
    path: &AttrPath,
    top: Option<&AttributeDef>,
    leaf: Option<&AttributeDef>,
) -> Option<Cow<'v, Value>> {
    let raw = first_or_list(path, desired, top)?;
    if conform_keeps(&raw, path, top, leaf) {
        return (!raw.is_null()).then_some(raw);
    }
    let raw = raw.into_owned();
    conform(raw.clone(), path, top, leaf)
        .unwrap_or(raw)
        .into_non_null()
        .map(Cow::Owned)
}

/// The single value a path names (an array for whole multi-valued ones),
/// borrowed from the resource unless nulls had to be dropped or a single
/// value wrapped.
fn first_or_list<'v>(
    path: &AttrPath,
    resource: &'v Value,
    top: Option<&AttributeDef>,
) -> Option<Cow<'v, Value>> {
    let read = read_ref(path, resource)?;
    match read {
        Value::Array(items) if items.iter().any(Value::is_null) => {
            let items: Vec<Value> = items.iter().filter(|v| !v.is_null()).cloned().collect();
            (!items.is_empty()).then_some(Cow::Owned(Value::Array(items)))
        }
        Value::Array(items) => (!items.is_empty()).then_some(Cow::Borrowed(read)),
        single
            if top.is_some_and(|d| d.multi_valued)
                && path.filter.is_none()
                && path.sub_attribute.is_none() =>
        {
            Some(Cow::Owned(Value::Array(vec![single.clone()])))
        }
        single => Some(Cow::Borrowed(single)),
    }
}

trait NonNull {
    fn into_non_null(self) -> Option<Value>;
}

impl NonNull for Value {
    fn into_non_null(self) -> Option<Value> {
        (!self.is_null()).then_some(self)
    }
}

fn diff_path(
    out: &mut Vec<Value>,
    current: &Value,
    desired: &Value,
    path: &AttrPath,
    top: Option<&AttributeDef>,
    leaf: Option<&AttributeDef>,
    schema: Option<&ResourceSchema>,
) {
    let before = first_or_list(path, current, top);
    let after = desired_value(desired, path, top, leaf);
    if before == after {
        return;
    }
    let (before, after) = (before.map(Cow::into_owned), after.map(Cow::into_owned));
    let whole = path.filter.is_none() && path.sub_attribute.is_none();
    match (before, after) {
        (None, None) => {}
        // Emptying a member list still goes one member at a time.
        (Some(Value::Array(before)), None) if whole => {
            diff_multi_valued(out, path, &before, &[], top)
        }
        (Some(_), None) => out.push(operation(OpKind::Remove, path, None)),
        (before, Some(after)) if path.filter.is_some() && path.sub_attribute.is_none() => {
            // Whole filtered elements: drop the old ones, add the new.
            if before.is_some() {
                out.push(operation(OpKind::Remove, path, None));
            }
            out.push(operation(
                OpKind::Add,
                &path.top(),
                Some(Value::Array(vec![after])),
            ));
        }
        (None, Some(after)) => out.push(operation(OpKind::Add, path, Some(after))),
        (Some(Value::Array(before)), Some(Value::Array(after))) if whole => {
            diff_multi_valued(out, path, &before, &after, top);
        }
        (Some(Value::Object(before)), Some(Value::Object(after))) if whole => {
            diff_complex(out, path, &before, &after, top, schema);
        }
        (Some(_), Some(after)) => out.push(operation(OpKind::Replace, path, Some(after))),
    }
}

/// Multi-valued attributes: by `value` identity when the elements have
/// one (one op per member added or removed), else one whole replace.
fn diff_multi_valued(
    out: &mut Vec<Value>,
    path: &AttrPath,
    before: &[Value],
    after: &[Value],
    top: Option<&AttributeDef>,
) {
    if same_multiset(before, after) {
        return;
    }
    let identity = |v: &Value| -> Option<Value> {
        let map = v.as_object()?;
        map.get(&find_key(map, "value")?).cloned()
    };
    let keyed = before.iter().chain(after).all(|v| identity(v).is_some());
    // Identity diff is only exact when kept values carry nothing new.
    let kept_unchanged = after.iter().all(|wanted| {
        before
            .iter()
            .find(|have| identity(have) == identity(wanted))
            .is_none_or(|have| is_subset(wanted, have, top))
    });
    if !keyed || !kept_unchanged {
        let op = if after.is_empty() {
            operation(OpKind::Remove, path, None)
        } else {
            operation(OpKind::Replace, path, Some(Value::Array(after.to_vec())))
        };
        out.push(op);
        return;
    }
    for have in before {
        if !after
            .iter()
            .any(|wanted| identity(wanted) == identity(have))
        {
            let Some(value) = identity(have).and_then(|v| compvalue(&v)) else {
                continue;
            };
            let selector = Filter::Compare(AttrPath::attribute("value"), CompareOp::Eq, value);
            let element_path = AttrPath {
                filter: Some(Box::new(selector)),
                ..path.top()
            };
            out.push(operation(OpKind::Remove, &element_path, None));
        }
    }
    for wanted in after {
        if !before.iter().any(|have| identity(have) == identity(wanted)) {
            out.push(operation(
                OpKind::Add,
                &path.top(),
                Some(Value::Array(vec![wanted.clone()])),
            ));
        }
    }
}

fn compvalue(value: &Value) -> Option<CompValue> {
    match value {
        Value::String(s) => Some(CompValue::String(s.clone())),
        Value::Number(n) => Some(CompValue::Number(n.clone())),
        Value::Bool(b) => Some(CompValue::Bool(*b)),
        _ => None,
    }
}

/// Single complex attributes (`name`, `manager`): per sub-attribute, so
/// sub-attributes the desired value leaves out are removed rather than
/// silently kept by replace's merge rule.
fn diff_complex(
    out: &mut Vec<Value>,
    path: &AttrPath,
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    top: Option<&AttributeDef>,
    schema: Option<&ResourceSchema>,
) {
    let mut names: Vec<&String> = after.keys().collect();
    names.extend(before.keys().filter(|k| find_key(after, k).is_none()));
    for name in names {
        let sub_def = top.and_then(|d| d.sub_attribute(name));
        if sub_def
            .is_some_and(|d| matches!(d.mutability, Mutability::ReadOnly | Mutability::Immutable))
        {
            continue;
        }
        let sub_path = AttrPath {
            sub_attribute: Some(sub_def.map_or_else(|| name.clone(), |d| d.name.clone())),
            ..path.top()
        };
        diff_path(
            out,
            &Value::Object(before.clone()).wrap(path),
            &Value::Object(after.clone()).wrap(path),
            &sub_path,
            top,
            sub_def,
            schema,
        );
    }
}

trait Wrap {
    /// Puts a complex value back under its attribute so sub-paths resolve.
    fn wrap(self, path: &AttrPath) -> Value;
}

impl Wrap for Value {
    fn wrap(self, path: &AttrPath) -> Value {
        let mut inner = Map::new();
        inner.insert(path.attribute.clone(), self);
        match &path.uri {
            Some(uri) => json!({ uri.clone(): Value::Object(inner) }),
            None => Value::Object(inner),
        }
    }
}

/// Whether `small`'s fields all hold the same in `big`, ignoring the
/// server-derived ones (`display`, `$ref`, readOnly sub-attributes) a
/// mapping does not produce.
fn is_subset(small: &Value, big: &Value, def: Option<&AttributeDef>) -> bool {
    let derived = |name: &str| {
        name.eq_ignore_ascii_case("display")
            || name.eq_ignore_ascii_case("$ref")
            || def
                .and_then(|d| d.sub_attribute(name))
                .is_some_and(AttributeDef::is_read_only)
    };
    match (small.as_object(), big.as_object()) {
        (Some(small), Some(big)) => small
            .iter()
            .all(|(k, v)| derived(k) || find_key(big, k).and_then(|key| big.get(&key)) == Some(v)),
        _ => small == big,
    }
}

fn same_multiset(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len()
        && a.iter().all(|x| b.iter().any(|y| y == x))
        && b.iter().all(|y| a.iter().any(|x| x == y))
}
