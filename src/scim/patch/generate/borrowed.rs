//! Reading what a diff compares without copying it: a plan compares
//! every managed attribute of every matched user, and almost all of them
//! are equal, so the copies `AttrPath::read` and `conform` make were most
//! of its cost.

use crate::scim::path::{is_core_uri, AttrPath};
use crate::scim::schema::{AttrType, AttributeDef};
use serde_json::{Map, Value};

/// [`AttrPath::read`] without the copy: a whole attribute as stored (not
/// null), otherwise the first value the path selects. Mapped resources and
/// imported users are small objects, so keys are found by scanning rather
/// than hashing, and nothing is allocated.
pub(super) fn read_ref<'v>(path: &AttrPath, resource: &'v Value) -> Option<&'v Value> {
    if path.filter.is_some() {
        return path.first(resource);
    }
    let map = container_ref(resource, path.uri.as_deref())?;
    let Some(sub) = &path.sub_attribute else {
        return get_ci(map, &path.attribute).filter(|value| !value.is_null());
    };
    let Some(value) = get_ci(map, &path.attribute) else {
        // CSV-flattened records keep `manager.id` as one key.
        if path.uri.is_some() {
            return None;
        }
        return match get_ci(map, &format!("{}.{sub}", path.attribute))? {
            Value::Array(items) => items.iter().find(|v| !v.is_null()),
            Value::Null => None,
            other => Some(other),
        };
    };
    one_or_many(value)
        .iter()
        .filter_map(|item| item.as_object().and_then(|m| get_ci(m, sub)))
        .flat_map(one_or_many)
        .find(|v| !v.is_null())
}

/// An array's elements, or the value alone.
fn one_or_many(value: &Value) -> &[Value] {
    match value {
        Value::Array(items) => items,
        other => std::slice::from_ref(other),
    }
}

/// The object holding a path's attribute (`container` of the path module,
/// without its allocations): the resource, or the extension object its URN
/// names.
fn container_ref<'v>(resource: &'v Value, uri: Option<&str>) -> Option<&'v Map<String, Value>> {
    let map = resource.as_object()?;
    let Some(uri) = uri else {
        return Some(map);
    };
    if let Some(extension) = get_ci(map, uri) {
        return extension.as_object();
    }
    let declared_core = get_ci(map, "schemas")
        .and_then(Value::as_array)
        .and_then(|schemas| schemas.first())
        .and_then(Value::as_str);
    let top_level =
        is_core_uri(uri) || declared_core.is_some_and(|core| core.eq_ignore_ascii_case(uri));
    top_level.then_some(map)
}

/// The value under `name`, the exact key first, else the first key equal
/// ignoring ASCII case. Scans small objects instead of hashing the name.
fn get_ci<'v>(map: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    const SCAN_LIMIT: usize = 32;
    if map.len() > SCAN_LIMIT {
        return map.get(name).or_else(|| {
            map.iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value)
        });
    }
    let mut caseless = None;
    for (key, value) in map {
        if key.len() != name.len() {
            continue;
        }
        if key == name {
            return Some(value);
        }
        if caseless.is_none() && key.eq_ignore_ascii_case(name) {
            caseless = Some(value);
        }
    }
    caseless
}

/// Whether `conform` would give `value` back unchanged (or fail, which
/// the diff also answers with the value as it is). Only says yes
/// when sure; a no just means converting a copy.
pub(super) fn conform_keeps(
    value: &Value,
    path: &AttrPath,
    top: Option<&AttributeDef>,
    leaf: Option<&AttributeDef>,
) -> bool {
    let Some(top) = top else {
        let is_active = path.uri.is_none()
            && path.filter.is_none()
            && path.sub_attribute.is_none()
            && path.attribute.eq_ignore_ascii_case("active");
        return !(is_active && value.is_string());
    };
    let whole_attribute = path.filter.is_none() && path.sub_attribute.is_none();
    if whole_attribute && top.multi_valued {
        return match value {
            Value::Array(items) => items.iter().all(|item| single_keeps(item, top)),
            Value::Null => true,
            _ => false,
        };
    }
    match (leaf, path.sub_attribute.is_some()) {
        (Some(leaf), true) => single_keeps(value, leaf),
        (None, true) => true,
        _ => single_keeps(value, top),
    }
}

/// [`conform_keeps`] for one value of one attribute (`conform_single`).
fn single_keeps(value: &Value, def: &AttributeDef) -> bool {
    match (def.attr_type, value) {
        (_, Value::Null) => true,
        (AttrType::Complex, Value::Object(fields)) => {
            fields
                .iter()
                .all(|(key, field)| match def.sub_attribute(key) {
                    None => true,
                    Some(sub) => {
                        !sub.is_read_only() && sub.name == *key && single_keeps(field, sub)
                    }
                })
        }
        (AttrType::Boolean, Value::Bool(_)) => true,
        (AttrType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (AttrType::Decimal, Value::Number(_)) => true,
        // Kept when valid, and an invalid one is sent as it is.
        (AttrType::DateTime, Value::String(_)) => true,
        (AttrType::String | AttrType::Reference | AttrType::Binary, Value::String(_)) => true,
        _ => false,
    }
}

/// Whether two paths have the same canonical text ignoring ASCII case (a
/// managed attribute listed twice is diffed once), without formatting
/// them when neither has a filter.
pub(super) fn same_path_text(a: &AttrPath, b: &AttrPath) -> bool {
    if a.filter.is_some() || b.filter.is_some() {
        return a.to_string().eq_ignore_ascii_case(&b.to_string());
    }
    let text_len = |path: &AttrPath| {
        path.uri.as_ref().map_or(0, |uri| uri.len() + 1)
            + path.attribute.len()
            + path.sub_attribute.as_ref().map_or(0, |sub| sub.len() + 1)
    };
    text_len(a) == text_len(b) && lowercase_text(a).eq(lowercase_text(b))
}

/// The canonical text of a path without a filter, lowercased, byte by byte.
fn lowercase_text(path: &AttrPath) -> impl Iterator<Item = u8> + '_ {
    let uri = path.uri.as_deref().map(|uri| (uri, ":"));
    let sub = path.sub_attribute.as_deref().map(|sub| (".", sub));
    uri.into_iter()
        .flat_map(|(uri, colon)| uri.bytes().chain(colon.bytes()))
        .chain(path.attribute.bytes())
        .chain(
            sub.into_iter()
                .flat_map(|(dot, sub)| dot.bytes().chain(sub.bytes())),
        )
        .map(|byte| byte.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::super::super::conform::conform;
    use super::*;
    use crate::scim::schema::SchemaSet;
    use serde_json::json;

    fn path(text: &str) -> AttrPath {
        AttrPath::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    fn resources() -> Vec<Value> {
        vec![
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
                "userName": "ann", "USERNAME": "other", "Title": "Dev", "active": null,
                "name": {"formatted": "Ann Lee", "GivenName": "Ann"},
                "emails": [{"value": null, "type": "home"}, {"value": "a@x.com", "type": "work"}],
                "phoneNumbers": [], "addresses": [null, {"country": "US"}],
                ENTERPRISE: {"department": "Sales", "manager": {"value": "m1"}}}),
            json!({"schemas": ["urn:custom:core"], "urn:custom:core:title": "x", "title": "top",
                "manager.id": "m7", "manager.value": [null, "v2"], "emails": {"value": "solo@x.com"},
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {"Department": "Ops"}}),
            json!({"name": "plain", "emails": [[{"value": "nested"}]], "x.y": null}),
            json!("not an object"),
        ]
    }

    #[test]
    fn read_ref_reads_what_attr_path_read_reads() {
        let texts = [
            "userName",
            "username",
            "title",
            "active",
            "name",
            "name.formatted",
            "name.givenName",
            "name.missing",
            "emails",
            "emails.value",
            "emails[type eq \"work\"].value",
            "emails[type eq \"home\"]",
            "phoneNumbers",
            "addresses.country",
            "manager.id",
            "manager.value",
            "x.y",
            "missing.sub",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName",
            "urn:custom:core:title",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:other:ext:2.0:Thing:field",
        ];
        for resource in resources() {
            for text in texts {
                let path = path(text);
                assert_eq!(
                    read_ref(&path, &resource).cloned(),
                    path.read(&resource),
                    "{text} on {resource}"
                );
            }
        }
    }

    #[test]
    fn conform_keeps_only_values_conform_leaves_alone() {
        let set = SchemaSet::rfc7643();
        let Some(schema) = set.resource("User") else {
            panic!("the RFC 7643 User schema");
        };
        let values = [
            json!(null),
            json!(true),
            json!("False"),
            json!("text"),
            json!(42),
            json!(4.5),
            json!("2024-01-01T00:00:00Z"),
            json!("not a date"),
            json!({"value": "m1"}),
            json!({"Value": "m1"}),
            json!({"value": 7}),
            json!({"$ref": "x", "value": "m"}),
            json!([{"value": "a@x.com", "type": "work"}]),
            json!([{"value": "a", "primary": "true"}]),
            json!(["a", "b"]),
            json!([]),
        ];
        let texts = [
            "active",
            "userName",
            "title",
            "name",
            "name.formatted",
            "emails",
            "emails.value",
            "emails[type eq \"work\"]",
            "emails[type eq \"work\"].primary",
            "x509Certificates",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            "meta.lastModified",
            "unknownAttribute",
            "name.unknown",
        ];
        let mut kept = 0;
        for text in texts {
            let path = path(text);
            let (top, leaf) = (schema.top_attribute(&path), schema.attribute(&path));
            for typed in [true, false] {
                let (top, leaf) = if typed { (top, leaf) } else { (None, None) };
                for value in &values {
                    if !conform_keeps(value, &path, top, leaf) {
                        continue;
                    }
                    kept += 1;
                    if let Ok(conformed) = conform(value.clone(), &path, top, leaf) {
                        assert_eq!(&conformed, value, "{text} (typed: {typed})");
                    }
                }
            }
        }
        assert!(
            kept > 50,
            "the fast path should cover most cases, covered {kept}"
        );
    }

    #[test]
    fn same_path_text_is_canonical_text_equality_ignoring_case() {
        let texts = [
            "userName",
            "USERNAME",
            "name.formatted",
            "Name.Formatted",
            "name",
            "emails.value",
            "emails[type eq \"work\"].value",
            "EMAILS[TYPE EQ \"WORK\"].VALUE",
            "emails[type eq \"home\"].value",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        ];
        for a in texts {
            for b in texts {
                let (a, b) = (path(a), path(b));
                let expected = a.to_string().eq_ignore_ascii_case(&b.to_string());
                assert_eq!(same_path_text(&a, &b), expected, "{a} / {b}");
            }
        }
    }
}
