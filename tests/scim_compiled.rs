//! Compiled filters and prepared PATCH requests give the answers of the
//! straightforward readings they replace.
//!
//! `reference_matches` below is the evaluator as it was before filters were
//! compiled (collect the selected values into a `Vec`, look definitions up
//! per comparison, read date literals per comparison), kept here as an
//! oracle: a compiled filter, reused over many generated resources, must
//! agree with it on every one, with and without a schema.

use proptest::prelude::*;
use scim_mapper::datetime::parse_iso8601;
use scim_mapper::scim::filter::{CompValue, CompareOp, Filter};
use scim_mapper::scim::patch::{self, PreparedPatch};
use scim_mapper::scim::path::AttrPath;
use scim_mapper::scim::schema::{AttrType, AttributeDef, ResourceSchema, SchemaSet};
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

// ---- the oracle ----

#[derive(Clone, Copy)]
enum Scope<'d> {
    Resource,
    Element(Option<&'d AttributeDef>),
}

fn get_ci<'v>(map: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

fn container<'v>(resource: &'v Value, uri: Option<&str>) -> Option<&'v Map<String, Value>> {
    let map = resource.as_object()?;
    let Some(uri) = uri else { return Some(map) };
    let declared_core = get_ci(map, "schemas")
        .and_then(Value::as_array)
        .and_then(|s| s.first())
        .and_then(Value::as_str);
    let top_level = get_ci(map, uri).is_none()
        && (uri.to_ascii_lowercase().contains(":scim:schemas:core:")
            || declared_core.is_some_and(|c| c.eq_ignore_ascii_case(uri)));
    if top_level {
        Some(map)
    } else {
        get_ci(map, uri)?.as_object()
    }
}

fn select<'v>(
    path: &AttrPath,
    target: &'v Value,
    def: Option<&AttributeDef>,
    schema: Option<&ResourceSchema>,
) -> Vec<&'v Value> {
    let Some(map) = container(target, path.uri.as_deref()) else {
        return Vec::new();
    };
    let Some(value) = get_ci(map, &path.attribute) else {
        let (Some(sub), None, None) = (&path.sub_attribute, &path.filter, &path.uri) else {
            return Vec::new();
        };
        return match get_ci(map, &format!("{}.{sub}", path.attribute)) {
            Some(Value::Array(items)) => items.iter().filter(|v| !v.is_null()).collect(),
            Some(Value::Null) | None => Vec::new(),
            Some(other) => vec![other],
        };
    };
    let mut selected: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    if let Some(filter) = &path.filter {
        selected.retain(|item| reference(filter, item, Scope::Element(def), schema));
    }
    if let Some(sub) = &path.sub_attribute {
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

fn values<'v, 'd>(
    path: &AttrPath,
    target: &'v Value,
    scope: Scope<'d>,
    schema: Option<&'d ResourceSchema<'d>>,
) -> (Vec<&'v Value>, Option<&'d AttributeDef>) {
    match scope {
        Scope::Resource => {
            let top = schema.and_then(|s| s.top_attribute(path));
            let leaf = schema.and_then(|s| s.attribute(path));
            (select(path, target, top, schema), leaf)
        }
        Scope::Element(parent) => {
            let top = parent.and_then(|p| p.sub_attribute(&path.attribute));
            let leaf = match (&path.sub_attribute, top) {
                (Some(sub), Some(top)) => top.sub_attribute(sub),
                (None, top) => top,
                (Some(_), None) => None,
            };
            if !target.is_object() && path.attribute.eq_ignore_ascii_case("value") {
                let values = if target.is_null() {
                    Vec::new()
                } else {
                    vec![target]
                };
                return (values, leaf.or(parent));
            }
            (select(path, target, top, schema), leaf)
        }
    }
}

fn reference(
    filter: &Filter,
    target: &Value,
    scope: Scope,
    schema: Option<&ResourceSchema>,
) -> bool {
    match filter {
        Filter::Or(items) => items.iter().any(|f| reference(f, target, scope, schema)),
        Filter::And(items) => items.iter().all(|f| reference(f, target, scope, schema)),
        Filter::Not(inner) => !reference(inner, target, scope, schema),
        Filter::Present(path) => values(path, target, scope, schema)
            .0
            .into_iter()
            .any(present),
        Filter::ValuePath(path) => !values(path, target, scope, schema).0.is_empty(),
        Filter::Compare(path, op, expected) => {
            let (values, def) = values(path, target, scope, schema);
            if values.is_empty() {
                return compare(&Value::Null, *op, expected, def);
            }
            values.into_iter().any(|value| match value {
                Value::Object(object) => {
                    let inner = object
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("value"))
                        .map_or(&Value::Null, |(_, v)| v);
                    let inner_def = def.and_then(|d| d.sub_attribute("value")).or(def);
                    compare(inner, *op, expected, inner_def)
                }
                other => compare(other, *op, expected, def),
            })
        }
    }
}

fn present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => items.iter().any(present),
        Value::Object(map) => map.values().any(present),
        _ => true,
    }
}

fn fold(a: &str, b: &str, def: Option<&AttributeDef>) -> (String, String) {
    if def.is_some_and(|d| d.case_exact) {
        (a.to_string(), b.to_string())
    } else {
        (a.to_lowercase(), b.to_lowercase())
    }
}

fn is_datetime(def: Option<&AttributeDef>) -> bool {
    def.is_some_and(|d| d.attr_type == AttrType::DateTime)
}

fn bool_text(text: &str) -> Option<bool> {
    ["false", "true"]
        .iter()
        .position(|word| text.eq_ignore_ascii_case(word))
        .map(|index| index == 1)
}

fn number_order(a: &serde_json::Number, b: &serde_json::Number) -> Option<Ordering> {
    if let (Some(a), Some(b)) = (a.as_i64(), b.as_i64()) {
        return Some(a.cmp(&b));
    }
    if let (Some(a), Some(b)) = (a.as_u64(), b.as_u64()) {
        return Some(a.cmp(&b));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

fn equals(actual: &Value, expected: &CompValue, def: Option<&AttributeDef>) -> bool {
    match (actual, expected) {
        (Value::Null, CompValue::Null) => true,
        (Value::Null, _) | (_, CompValue::Null) => false,
        (Value::String(a), CompValue::String(b)) => {
            if is_datetime(def) {
                if let (Some(a), Some(b)) = (parse_iso8601(a), parse_iso8601(b)) {
                    return a == b;
                }
            }
            let (a, b) = fold(a, b, def);
            a == b
        }
        (Value::Bool(a), CompValue::Bool(b)) => a == b,
        (Value::String(a), CompValue::Bool(b)) => bool_text(a) == Some(*b),
        (Value::Bool(a), CompValue::String(b)) => bool_text(b) == Some(*a),
        (Value::Number(a), CompValue::Number(b)) => number_order(a, b) == Some(Ordering::Equal),
        _ => false,
    }
}

fn ordering(actual: &Value, expected: &CompValue, def: Option<&AttributeDef>) -> Option<Ordering> {
    match (actual, expected) {
        (Value::String(a), CompValue::String(b)) => {
            let chronological = is_datetime(def)
                || (def.is_none() && parse_iso8601(a).is_some() && parse_iso8601(b).is_some());
            if chronological {
                if let (Some(a), Some(b)) = (parse_iso8601(a), parse_iso8601(b)) {
                    return Some(a.cmp(&b));
                }
            }
            let (a, b) = fold(a, b, def);
            Some(a.cmp(&b))
        }
        (Value::Number(a), CompValue::Number(b)) => number_order(a, b),
        _ => None,
    }
}

fn compare(
    actual: &Value,
    op: CompareOp,
    expected: &CompValue,
    def: Option<&AttributeDef>,
) -> bool {
    let order = || ordering(actual, expected, def);
    match op {
        CompareOp::Eq => equals(actual, expected, def),
        CompareOp::Ne => !equals(actual, expected, def),
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => {
            let (Value::String(a), CompValue::String(e)) = (actual, expected) else {
                return false;
            };
            let (a, e) = fold(a, e, def);
            match op {
                CompareOp::Co => a.contains(e.as_str()),
                CompareOp::Sw => a.starts_with(e.as_str()),
                _ => a.ends_with(e.as_str()),
            }
        }
        CompareOp::Gt => order() == Some(Ordering::Greater),
        CompareOp::Ge => matches!(order(), Some(Ordering::Greater | Ordering::Equal)),
        CompareOp::Lt => order() == Some(Ordering::Less),
        CompareOp::Le => matches!(order(), Some(Ordering::Less | Ordering::Equal)),
    }
}

// ---- generators: users and filters over their attributes ----

fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[a-cA-C]{0,3}".prop_map(Value::String),
        Just(json!("2024-05-01T00:00:00Z")),
        Just(json!("2024-05-01T02:00:00+02:00")),
        Just(json!("K\u{212A}ÄÖ")),
        Just(json!("True")),
        any::<bool>().prop_map(Value::Bool),
        (-2i64..3).prop_map(|n| json!(n)),
        Just(Value::Null),
    ]
}

fn user() -> impl Strategy<Value = Value> {
    let fields = (
        proptest::collection::vec(text(), 8),
        proptest::collection::vec((text(), text()), 0..3),
        any::<(bool, bool, bool, bool)>(),
    );
    fields.prop_map(|(t, emails, (upper, flat, core_declared, twin))| {
        let [user_name, title, active, modified, department, family, manager, country] =
            <[Value; 8]>::try_from(t).unwrap_or_else(|_| unreachable!("eight texts"));
        let title_key = if upper { "TITLE" } else { "title" };
        let mut user = json!({"userName": user_name, title_key: title, "active": active,
            "meta": {"lastModified": modified}, "name": {"familyName": family},
            "emails": emails.into_iter().map(|(value, kind)| json!({"value": value, "type": kind})).collect::<Vec<_>>(),
            "addresses": {"country": country},
            ENTERPRISE: {"department": department}});
        if core_declared {
            user["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE]);
        }
        if twin {
            // A second spelling of the key: the exact one must win.
            user["Title"] = json!("Twin");
        }
        if flat {
            user["manager.value"] = manager;
        } else {
            user["manager"] = json!({"value": manager});
        }
        user
    })
}

fn literal() -> impl Strategy<Value = CompValue> {
    prop_oneof![
        "[a-cA-C]{0,2}".prop_map(CompValue::String),
        Just(CompValue::String("2024-05-01T00:00:00Z".into())),
        Just(CompValue::String("k\u{212A}äö".into())),
        Just(CompValue::String("true".into())),
        any::<bool>().prop_map(CompValue::Bool),
        (-2i64..3).prop_map(|n| CompValue::Number(n.into())),
        Just(CompValue::Null),
    ]
}

fn path(element: bool) -> BoxedStrategy<AttrPath> {
    let names: &[&str] = if element {
        &["value", "type", "VALUE", "display"]
    } else {
        &[
            "userName",
            "title",
            "active",
            "meta.lastModified",
            "name.familyName",
            "emails",
            "emails.value",
            "addresses.country",
            "manager.value",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName",
            "urn:ietf:params:scim:schemas:extension:other:2.0:User:x",
        ]
    };
    proptest::sample::select(names)
        .prop_map(|text| AttrPath::parse(text).unwrap_or_else(|e| panic!("{text}: {e}")))
        .boxed()
}

fn leaf(element: bool) -> BoxedStrategy<Filter> {
    let compare = (
        path(element),
        proptest::sample::select(&CompareOp::ALL[..]),
        literal(),
    )
        .prop_map(|(p, op, v)| Filter::Compare(p, op, v));
    let present = path(element).prop_map(Filter::Present);
    if element {
        return prop_oneof![compare, present].boxed();
    }
    let value_path = tree(leaf(true)).prop_map(|inner| {
        let mut emails = AttrPath::attribute("emails");
        emails.filter = Some(Box::new(inner));
        emails
    });
    let value_path_sub = (value_path.clone(), literal()).prop_map(|(mut p, v)| {
        p.sub_attribute = Some("value".into());
        Filter::Compare(p, CompareOp::Eq, v)
    });
    prop_oneof![
        3 => compare,
        1 => present,
        1 => value_path.prop_map(Filter::ValuePath),
        1 => value_path_sub
    ]
    .boxed()
}

fn tree(leaf: BoxedStrategy<Filter>) -> BoxedStrategy<Filter> {
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Filter::And),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Filter::Or),
            inner.prop_map(|f| Filter::Not(Box::new(f))),
        ]
    })
    .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// One compiled filter, reused over a batch of users, agrees with the
    /// reference reading on each, with and without the User schema.
    #[test]
    fn compiled_filters_agree_with_the_reference(
        filter in tree(leaf(false)),
        users in proptest::collection::vec(user(), 1..8),
    ) {
        let set = SchemaSet::rfc7643();
        let schema = set.resource("User").unwrap();
        for schema in [None, Some(&schema)] {
            let compiled = filter.compile(schema);
            for user in &users {
                let expected = reference(&filter, user, Scope::Resource, schema);
                prop_assert_eq!(compiled.matches(user), expected, "{} on {}", filter, user);
                prop_assert_eq!(filter.matches(user, schema), expected, "{} on {}", filter, user);
            }
        }
    }

    /// The selection a path makes is the reference's, in the same order.
    #[test]
    fn paths_select_what_the_reference_selects(path in path(false), user in user()) {
        let expected = select(&path, &user, None, None);
        prop_assert_eq!(path.get(&user), expected);
    }

    /// A request prepared once applies to every user exactly as reading it
    /// afresh for each does (results and errors).
    #[test]
    fn prepared_patches_apply_like_fresh_ones(
        users in proptest::collection::vec(user(), 1..5),
        ops in proptest::collection::vec(operation(), 1..4),
        use_schema in any::<bool>(),
    ) {
        let set = SchemaSet::rfc7643();
        let user_schema = set.resource("User").unwrap();
        let schema = use_schema.then_some(&user_schema);
        let request = json!({"Operations": ops});
        let prepared = PreparedPatch::new(&request, schema).unwrap();
        for user in &users {
            prop_assert_eq!(prepared.apply(user), patch::apply(user, &request, schema));
        }
    }
}

fn operation() -> impl Strategy<Value = Value> {
    let paths = proptest::sample::select(vec![
        Value::Null,
        json!("title"),
        json!("active"),
        json!("name.familyName"),
        json!("emails"),
        json!("emails[type eq \"a\"]"),
        json!("emails[type eq \"a\"].value"),
        json!("emails[value pr]"),
        json!(format!("{ENTERPRISE}:department")),
        json!(ENTERPRISE),
        json!("id"),
        json!("nosuch"),
        json!("bad[["),
        json!(3),
    ]);
    let ops = proptest::sample::select(vec!["add", "Replace", "remove", "move"]);
    let values = prop_oneof![
        text(),
        Just(json!({"displayName": "D", "schemas": [ENTERPRISE], ENTERPRISE: {"department": "X"}})),
        Just(json!([{"value": "v", "type": "a"}])),
        Just(json!({"value": "v", "type": "a", "primary": true})),
    ];
    (ops, paths, values).prop_map(|(op, path, value)| {
        let mut operation = json!({"op": op, "value": value});
        if !path.is_null() {
            operation["path"] = path;
        }
        operation
    })
}
