//! The shipped JSON Schema (`www/schemas/config.schema.json`) accepts the
//! same configurations as `config::load` and rejects the same broken ones.

mod support;

use scim_mapper::mapping::config::{self, Operator};
use serde_json::{json, Value};
use support::json_schema::{validate, Violation};
use support::{fixture, fixture_json};

fn schema() -> Value {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/schemas/config.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A change to the contract example: set (or add) the value at a JSON
/// pointer, or remove it when `None`.
fn mutate(base: &Value, pointer: &str, new: Option<Value>) -> Value {
    let mut value = base.clone();
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let target = value
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match (target, new) {
        (Value::Object(map), Some(new)) => {
            map.insert(last.to_string(), new);
        }
        (Value::Object(map), None) => {
            assert!(map.shift_remove(last).is_some(), "nothing at {pointer}");
        }
        (Value::Array(items), Some(new)) => items[last.parse::<usize>().unwrap()] = new,
        (Value::Array(items), None) => {
            items.remove(last.parse::<usize>().unwrap());
        }
        _ => panic!("{parent} is not a container"),
    }
    value
}

/// Loader and schema verdicts for one document; asserts they agree and,
/// when both reject, that the loader's first error lies under a place the
/// schema complained about.
fn assert_agree(document: &Value, expect_valid: bool, label: &str) {
    let violations = validate(&schema(), document);
    let loaded = config::from_value(document);
    assert_eq!(
        violations.is_empty(),
        expect_valid,
        "schema on {label}: {violations:?}"
    );
    match loaded {
        Ok(_) => assert!(expect_valid, "loader accepted {label}"),
        Err(errors) => {
            assert!(!expect_valid, "loader rejected {label}: {errors:?}");
            let first = &errors[0].path;
            assert!(
                violations
                    .iter()
                    .any(|v: &Violation| first.starts_with(&v.path)),
                "{label}: loader path {first} not under any schema violation {violations:?}"
            );
        }
    }
}

#[test]
fn schema_declares_draft_2020_12() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["required"], json!(["version", "target"]));
}

#[test]
fn contract_example_and_fixtures_are_valid() {
    for name in ["config/contract-example.json", "config/full-features.json"] {
        let document = fixture_json(name);
        assert_eq!(validate(&schema(), &document), vec![], "{name}");
        assert!(config::load(&fixture(name)).is_ok(), "{name}");
        // What the loader saves is valid too.
        let saved = config::load(&fixture(name)).unwrap().to_json();
        assert_eq!(validate(&schema(), &saved), vec![], "saved {name}");
    }
}

#[test]
fn broken_fixtures_are_rejected_by_both() {
    for name in [
        "config/broken-unknown-fields.json",
        "config/broken-types.json",
        "config/broken-enums.json",
        "config/broken-missing.json",
        "config/broken-version.json",
    ] {
        assert_agree(&fixture_json(name), false, name);
    }
}

#[test]
fn broken_fixture_violations_sit_where_the_loader_reports() {
    let document = fixture_json("config/broken-unknown-fields.json");
    let mut schema_paths: Vec<String> = validate(&schema(), &document)
        .into_iter()
        .map(|v| v.path)
        .collect();
    schema_paths.sort();
    let mut loader_paths: Vec<String> = config::from_value(&document)
        .unwrap_err()
        .into_iter()
        .map(|e| e.path)
        .collect();
    loader_paths.sort();
    // Unknown fields inside a oneOf (source, clause) make the schema flag the
    // whole object; elsewhere the paths are identical.
    for path in &loader_paths {
        assert!(
            schema_paths.iter().any(|s| path.starts_with(s.as_str())),
            "{path} vs {schema_paths:?}"
        );
    }
    assert!(schema_paths.contains(&"$.colour".to_string()));
    assert!(schema_paths.contains(&"$.target.baseURL".to_string()));
    assert!(schema_paths.contains(&"$.users.mappings[1].applyon".to_string()));
}

#[test]
fn mutations_get_the_same_verdict_from_schema_and_loader() {
    let base = fixture_json("config/contract-example.json");
    let invalid: Vec<(&str, Option<Value>)> = vec![
        ("/version", Some(json!(2))),
        ("/version", Some(json!("1"))),
        ("/version", None),
        ("/target", None),
        ("/target", Some(json!("asana"))),
        ("/target/profile", Some(json!(""))),
        ("/target/profile", None),
        ("/target/baseUrl", Some(json!(42))),
        ("/target/extra", Some(json!("x"))),
        ("/colour", Some(json!("blue"))),
        ("/verifiedDomains", Some(json!("example.com"))),
        ("/verifiedDomains/0", Some(json!(5))),
        ("/actions/delete", Some(json!("no"))),
        ("/actions/suspend", Some(json!(true))),
        ("/deprovision/onOutOfScope", Some(json!("suspend"))),
        ("/deprovision/deleteAfterDays", Some(json!(-1))),
        ("/deprovision/deleteAfterDays", Some(json!(1.5))),
        (
            "/deprovision/deleteAfterDays",
            Some(json!(4_294_967_296u64)),
        ),
        ("/deprovision/later", Some(json!(1))),
        ("/users/enabled", Some(json!("yes"))),
        ("/users/scoping", Some(json!({}))),
        ("/users/scoping/0", Some(json!([]))),
        ("/users/scoping/0/clauses", Some(json!("x"))),
        ("/users/scoping/0/clauses", None),
        ("/users/scoping/0/name", Some(json!("Sales"))),
        ("/users/scoping/0/clauses/0/operator", Some(json!("LIKE"))),
        (
            "/users/scoping/0/clauses/0/operator",
            Some(json!("EQUALS ")),
        ),
        ("/users/scoping/0/clauses/0/operator", Some(json!(5))),
        ("/users/scoping/0/clauses/0/operator", None),
        ("/users/scoping/0/clauses/0/attribute", Some(json!(5))),
        ("/users/scoping/0/clauses/0/extra", Some(json!(1))),
        (
            "/users/scoping/0/clauses/0/scimFilter",
            Some(json!("a eq 1")),
        ),
        ("/users/scoping/1/clauses/0", Some(json!({}))),
        (
            "/users/scoping/1/clauses/0",
            Some(json!({"scimFilter": ""})),
        ),
        ("/users/scoping/1/clauses/0", Some(json!({"scimFilter": 3}))),
        (
            "/users/scoping/1/clauses/0",
            Some(json!("department eq \"Sales\"")),
        ),
        ("/users/mappings", Some(json!({}))),
        ("/users/mappings/0", Some(json!("userName"))),
        ("/users/mappings/0/matching", Some(json!(0))),
        ("/users/mappings/0/matching", Some(json!("1"))),
        ("/users/mappings/0/applyOn", Some(json!("Create"))),
        ("/users/mappings/0/target", Some(json!(""))),
        ("/users/mappings/0/target", None),
        ("/users/mappings/0/source", None),
        ("/users/mappings/0/source", Some(json!("mail"))),
        (
            "/users/mappings/0/source",
            Some(json!({"type": "none", "attribute": "x"})),
        ),
        (
            "/users/mappings/0/source",
            Some(json!({"attribute": "mail"})),
        ),
        ("/users/mappings/0/source/type", Some(json!("directt"))),
        ("/users/mappings/0/source/type", Some(json!("Direct"))),
        ("/users/mappings/0/source/attribute", Some(json!(""))),
        ("/users/mappings/0/source/attribute", None),
        ("/users/mappings/0/source/value", Some(json!("x"))),
        ("/users/mappings/0/weird", Some(json!(true))),
        ("/users/mappings/1/source/expression", Some(json!(3))),
        ("/users/mappings/2/source/value", None),
        ("/groups/enabled", Some(json!(1))),
        ("/groups/mappings", Some(json!({}))),
        ("/groups", Some(json!([]))),
    ];
    for (pointer, new) in invalid {
        let label = format!("{pointer} = {new:?}");
        assert_agree(&mutate(&base, pointer, new), false, &label);
    }

    let valid: Vec<(&str, Option<Value>)> = vec![
        ("/$schema", Some(json!("../www/schemas/config.schema.json"))),
        ("/target/baseUrl", None),
        ("/verifiedDomains", None),
        ("/verifiedDomains", Some(json!([]))),
        ("/actions", None),
        ("/actions", Some(json!({}))),
        ("/deprovision", None),
        ("/deprovision/deleteAfterDays", Some(json!(30))),
        ("/deprovision/onOutOfScope", Some(json!("none"))),
        ("/users", None),
        ("/groups", None),
        ("/users/enabled", Some(json!(false))),
        ("/users/scoping", Some(json!([]))),
        ("/users/scoping/0/clauses", Some(json!([]))),
        ("/users/scoping/0/clauses/0/operator", Some(json!("equals"))),
        (
            "/users/scoping/0/clauses/0/operator",
            Some(json!("not_equals")),
        ),
        ("/users/scoping/0/clauses/0/value", Some(json!(null))),
        (
            "/users/scoping/0/clauses/0/value",
            Some(json!(["any", "json"])),
        ),
        ("/users/scoping/0/clauses/0/attribute", None),
        (
            "/users/scoping/1/clauses/0",
            Some(json!({"scimFilter": "department eq \"Sales\""})),
        ),
        ("/users/mappings/0/matching", None),
        ("/users/mappings/0/applyOn", Some(json!("create"))),
        ("/users/mappings/0/default", Some(json!({"nested": [1, 2]}))),
        ("/users/mappings/0/default", Some(json!(null))),
        ("/users/mappings/0/source", Some(json!({"type": "none"}))),
        ("/users/mappings/1/source/expression", Some(json!(""))),
        ("/users/mappings/2/source/value", Some(json!(null))),
        ("/users/mappings/2/source/value", Some(json!([1, "two"]))),
        ("/groups/enabled", Some(json!(false))),
    ];
    for (pointer, new) in valid {
        let label = format!("{pointer} = {new:?}");
        assert_agree(&mutate(&base, pointer, new), true, &label);
    }
}

#[test]
fn every_operator_spelling_is_accepted_by_both() {
    let base = fixture_json("config/contract-example.json");
    for op in Operator::ALL {
        let name = op.name();
        let spellings = [
            name.to_string(),
            name.to_lowercase(),
            name.replace('_', " "),
            name.replace(' ', "_").to_lowercase(),
        ];
        for spelling in spellings {
            let document = mutate(
                &base,
                "/users/scoping/0/clauses/0/operator",
                Some(json!(spelling)),
            );
            assert_agree(&document, true, &spelling);
            let loaded = config::from_value(&document).unwrap();
            assert!(matches!(
                &loaded.users.scoping[0].clauses[0],
                config::Clause::Attribute { operator, .. } if *operator == op
            ));
        }
    }
}

#[test]
fn the_test_validator_itself_rejects_what_it_should() {
    let schema = json!({
        "type": "object", "required": ["a"], "additionalProperties": false,
        "properties": {
            "a": {"type": "integer", "minimum": 1, "maximum": 3},
            "b": {"enum": ["x", "y"]},
            "c": {"type": "array", "items": {"type": "string", "minLength": 2, "pattern": "^[a-z]+$"}},
            "d": {"oneOf": [{"type": "string"}, {"type": "string", "minLength": 3}]},
            "e": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/flag"}]}
        },
        "$defs": {"flag": {"type": "boolean"}}
    });
    let paths = |doc: Value| -> Vec<String> {
        validate(&schema, &doc)
            .into_iter()
            .map(|v| v.path)
            .collect()
    };
    assert_eq!(
        paths(json!({"a": 2, "b": "x", "c": ["ab"], "d": "ab", "e": true})),
        Vec::<String>::new()
    );
    assert_eq!(paths(json!({})), vec!["$.a"]);
    assert_eq!(paths(json!({"a": 0})), vec!["$.a"]);
    assert_eq!(paths(json!({"a": 4})), vec!["$.a"]);
    assert_eq!(paths(json!({"a": 1.5})), vec!["$.a"]);
    assert_eq!(paths(json!({"a": 1, "z": 1})), vec!["$.z"]);
    assert_eq!(paths(json!({"a": 1, "b": "q"})), vec!["$.b"]);
    assert_eq!(
        paths(json!({"a": 1, "c": ["ok", "a", "A1"]})),
        vec!["$.c[1]", "$.c[2]"]
    );
    assert_eq!(paths(json!({"a": 1, "d": "abcd"})), vec!["$.d"]);
    assert_eq!(paths(json!({"a": 1, "e": "no"})), vec!["$.e"]);
}
