//! Property tests: filters print and re-parse to the same tree, and a
//! generated PATCH turns any resource into any other on the managed
//! attributes while leaving the rest alone.

use proptest::prelude::*;
use scim_mapper::scim::filter::{self, CompValue, CompareOp, Filter};
use scim_mapper::scim::patch;
use scim_mapper::scim::path::AttrPath;
use scim_mapper::scim::schema::SchemaSet;
use serde_json::{json, Value};

const KEYWORDS: &[&str] = &[
    "and", "or", "not", "pr", "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "true",
    "false", "null",
];

fn name() -> impl Strategy<Value = String> {
    "[a-zA-Z$][a-zA-Z0-9_-]{0,7}".prop_filter("keywords are not names", |n| {
        !KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(n))
    })
}

fn uri() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => Just(None),
        1 => Just(Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".to_string())),
        1 => Just(Some("urn:example:custom:1.0:Thing".to_string())),
    ]
}

fn plain_path() -> impl Strategy<Value = AttrPath> {
    (uri(), name(), proptest::option::of(name())).prop_map(|(uri, attribute, sub_attribute)| {
        AttrPath {
            uri,
            attribute,
            filter: None,
            sub_attribute,
        }
    })
}

fn comp_value() -> impl Strategy<Value = CompValue> {
    prop_oneof![
        Just(CompValue::Null),
        any::<bool>().prop_map(CompValue::Bool),
        any::<i64>().prop_map(|n| CompValue::Number(n.into())),
        any::<f64>()
            .prop_filter_map("finite", serde_json::Number::from_f64)
            .prop_map(CompValue::Number),
        any::<String>().prop_map(CompValue::String),
    ]
}

fn op() -> impl Strategy<Value = CompareOp> {
    proptest::sample::select(CompareOp::ALL.to_vec())
}

/// Filters whose paths carry no value filter (what goes inside `[...]`).
fn leaf_filter(inner: bool) -> BoxedStrategy<Filter> {
    let path = if inner {
        (name(), proptest::option::of(name()))
            .prop_map(|(attribute, sub_attribute)| AttrPath {
                uri: None,
                attribute,
                filter: None,
                sub_attribute,
            })
            .boxed()
    } else {
        plain_path().boxed()
    };
    prop_oneof![
        path.clone().prop_map(Filter::Present),
        (path, op(), comp_value()).prop_map(|(p, o, v)| Filter::Compare(p, o, v)),
    ]
    .boxed()
}

fn combine(leaf: BoxedStrategy<Filter>) -> BoxedStrategy<Filter> {
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Filter::And),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Filter::Or),
            inner.prop_map(|f| Filter::Not(Box::new(f))),
        ]
    })
    .boxed()
}

fn any_filter() -> BoxedStrategy<Filter> {
    let value_path =
        (uri(), name(), combine(leaf_filter(true))).prop_map(|(uri, attribute, inner)| {
            Filter::ValuePath(AttrPath {
                uri,
                attribute,
                filter: Some(Box::new(inner)),
                sub_attribute: None,
            })
        });
    combine(prop_oneof![3 => leaf_filter(false), 1 => value_path].boxed())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printed_filters_parse_back_to_the_same_tree(tree in any_filter()) {
        let printed = tree.to_string();
        let parsed = filter::parse(&printed).map_err(|e| TestCaseError::fail(format!("{printed}: {e}")))?;
        prop_assert_eq!(&parsed, &tree, "printed as {}", printed);
        prop_assert_eq!(parsed.to_string(), printed);
    }

    #[test]
    fn parse_never_panics_and_errors_have_a_column(text in "[a-z \"()\\[\\]\\\\.:0-9]{0,40}") {
        if let Err(e) = filter::parse(&text) {
            prop_assert_eq!(e.code.as_str(), "filter.syntax");
            prop_assert!(e.path.starts_with("column "));
        } else {
            let canonical = filter::parse(&text).unwrap().to_string();
            prop_assert_eq!(filter::parse(&canonical).unwrap().to_string(), canonical);
        }
    }

    #[test]
    fn paths_print_and_parse_back(path in plain_path()) {
        let printed = path.to_string();
        prop_assert_eq!(AttrPath::parse(&printed).unwrap(), path);
    }
}

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn managed_user_paths() -> Vec<AttrPath> {
    [
        "userName".to_string(),
        "active".to_string(),
        "title".to_string(),
        "name.formatted".to_string(),
        "name.givenName".to_string(),
        r#"emails[type eq "work"].value"#.to_string(),
        r#"addresses[type eq "work"].country"#.to_string(),
        r#"addresses[type eq "work"].locality"#.to_string(),
        r#"phoneNumbers[type eq "work"].value"#.to_string(),
        format!("{ENTERPRISE}:department"),
        format!("{ENTERPRISE}:manager.value"),
    ]
    .iter()
    .map(|p| AttrPath::parse(p).unwrap())
    .collect()
}

fn text() -> impl Strategy<Value = Option<Value>> {
    proptest::option::of(
        prop_oneof!["[a-zA-Z ]{1,8}", Just("Ünïcode \"q\"".to_string())].prop_map(Value::String),
    )
}

/// A user built by writing each managed path, plus unmanaged noise.
fn user() -> impl Strategy<Value = Value> {
    let values = (
        "[a-z]{1,6}@x\\.com",
        proptest::option::of(any::<bool>().prop_map(Value::Bool)),
        proptest::collection::vec(text(), 9),
        proptest::option::of("[a-z]{1,6}"),
    );
    values.prop_map(|(user_name, active, texts, nick)| {
        let mut user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": user_name,
            "emails": [{"value": "home@x.org", "type": "home"}]});
        if let Some(nick) = nick {
            user["nickName"] = json!(nick);
        }
        let paths = managed_user_paths();
        let values = std::iter::once(active).chain(texts);
        for (path, value) in paths.iter().skip(1).zip(values) {
            if let Some(value) = value {
                path.set(&mut user, value).unwrap();
            }
        }
        user
    })
}

fn sorted(values: Vec<&Value>) -> Vec<String> {
    let mut out: Vec<String> = values.into_iter().map(Value::to_string).collect();
    out.sort();
    out
}

fn group() -> impl Strategy<Value = Value> {
    (proptest::collection::btree_set("[a-f0-9]{1,4}", 0..6), "[A-Za-z]{1,8}").prop_map(|(members, name)| {
        let members: Vec<Value> = members.into_iter().map(|m| json!({"value": m})).collect();
        let mut group = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": name});
        if !members.is_empty() {
            group["members"] = Value::Array(members);
        }
        group
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_patch_turns_current_into_desired(current in user(), desired in user(), use_schema in any::<bool>()) {
        let set = SchemaSet::rfc7643();
        let schema = set.resource("User").unwrap();
        let schema = use_schema.then_some(&schema);
        let managed = managed_user_paths();
        let request = patch::generate(&current, &desired, &managed, schema);
        let result = match &request {
            Some(request) => patch::apply(&current, request, schema)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{request}")))?,
            None => current.clone(),
        };
        for path in &managed {
            prop_assert_eq!(sorted(path.get(&result)), sorted(path.get(&desired)), "{} after {:?}", path, request);
        }
        // Unmanaged attributes are untouched.
        prop_assert_eq!(result.get("nickName"), current.get("nickName"));
        prop_assert_eq!(&result["emails"].as_array().unwrap()
            .iter().filter(|e| e["type"] == "home").collect::<Vec<_>>(),
            &current["emails"].as_array().unwrap().iter().filter(|e| e["type"] == "home").collect::<Vec<_>>());
        // Nothing to do exactly when the managed values already agree.
        let agree = managed.iter().all(|p| sorted(p.get(&current)) == sorted(p.get(&desired)));
        prop_assert_eq!(request.is_none(), agree);
    }

    #[test]
    fn generated_member_changes_reach_the_desired_members(current in group(), desired in group()) {
        let managed = vec![AttrPath::parse("members").unwrap(), AttrPath::parse("displayName").unwrap()];
        let set = SchemaSet::rfc7643();
        let schema = set.resource("Group").unwrap();
        let result = match patch::generate(&current, &desired, &managed, Some(&schema)) {
            Some(request) => {
                for op in request["Operations"].as_array().unwrap() {
                    // Members change one value at a time.
                    if op["op"] == "remove" && op["path"].as_str().unwrap().starts_with("members") {
                        prop_assert!(op["path"].as_str().unwrap().starts_with("members[value eq "));
                    }
                }
                patch::apply(&current, &request, Some(&schema)).map_err(|e| TestCaseError::fail(e.to_string()))?
            }
            None => current.clone(),
        };
        for path in &managed {
            prop_assert_eq!(sorted(path.get(&result)), sorted(path.get(&desired)));
        }
    }

    #[test]
    fn put_body_carries_the_desired_managed_values(current in user(), desired in user()) {
        let set = SchemaSet::rfc7643();
        let schema = set.resource("User").unwrap();
        let managed = managed_user_paths();
        let body = patch::put_body(&current, &desired, &managed, Some(&schema));
        for path in &managed {
            prop_assert_eq!(sorted(path.get(&body)), sorted(path.get(&desired)));
        }
        prop_assert_eq!(body.get("nickName"), current.get("nickName"));
    }
}
