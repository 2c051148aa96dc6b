//! Loading, saving and rejecting mapping configurations (contract §1).

mod support;

use scim_mapper::error::Error;
use scim_mapper::mapping::config::{
    self, ApplyOn, Clause, Config, Mapping, Operator, OutOfScopeAction, Source,
};
use serde_json::{json, Value};
use support::fixture;

fn load_errors(text: &str) -> Vec<Error> {
    match config::load(text) {
        Ok(config) => panic!("expected errors, loaded {config:?}"),
        Err(errors) => errors,
    }
}

/// `(code, path)` of every error, in order.
fn codes_and_paths(errors: &[Error]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.code.as_str(), e.path.as_str()))
        .collect()
}

#[test]
fn contract_example_loads_with_every_field() {
    let config = config::load(&fixture("config/contract-example.json")).unwrap();
    assert_eq!(config.version, 1);
    assert_eq!(config.target.profile, "asana");
    assert_eq!(
        config.target.base_url.as_deref(),
        Some("https://app.asana.com/api/1.0/scim")
    );
    assert_eq!(config.verified_domains, vec!["example.com"]);
    assert!(config.actions.deactivate && !config.actions.delete);
    assert_eq!(
        config.deprovision.on_out_of_scope,
        OutOfScopeAction::Deactivate
    );
    assert_eq!(config.deprovision.delete_after_days, None);

    let scoping = &config.users.scoping;
    assert_eq!(scoping.len(), 2);
    assert_eq!(
        scoping[0].clauses[1],
        Clause::Attribute {
            attribute: "accountEnabled".into(),
            operator: Operator::IsTrue,
            value: None
        }
    );
    assert_eq!(
        scoping[1].clauses[0],
        Clause::Attribute {
            attribute: "jobTitle".into(),
            operator: Operator::RegexMatch,
            value: Some(json!("^Eng"))
        }
    );

    let mappings = &config.users.mappings;
    assert_eq!(mappings.len(), 6);
    assert_eq!(
        mappings[0],
        Mapping {
            target: "userName".into(),
            source: Source::Direct {
                attribute: "mail".into()
            },
            apply_on: ApplyOn::Always,
            default: None,
            matching: Some(1),
        }
    );
    assert_eq!(
        mappings[1].source,
        Source::Expression {
            expression: "Join(\" \", [givenName], [surname])".into()
        }
    );
    assert_eq!(mappings[2].apply_on, ApplyOn::Create);
    assert_eq!(
        mappings[2].source,
        Source::Constant {
            value: json!("Employee")
        }
    );
    assert_eq!(mappings[4].default, Some(json!("Unassigned")));
    assert_eq!(mappings[5].target, "addresses[type eq \"work\"].country");

    assert!(config.groups.enabled);
    assert!(config.groups.scoping.is_empty());
    assert_eq!(config.groups.mappings[1].target, "members");
}

#[test]
fn saving_round_trips_and_keeps_contract_field_names() {
    for name in ["config/contract-example.json", "config/full-features.json"] {
        let original = config::load(&fixture(name)).unwrap();
        let saved = original.to_json_pretty();
        let reloaded = config::load(&saved).unwrap();
        assert_eq!(reloaded, original, "{name}");
        // Saving again is stable text.
        assert_eq!(reloaded.to_json_pretty(), saved, "{name}");
    }

    let saved: Value = serde_json::from_str(
        &config::load(&fixture("config/contract-example.json"))
            .unwrap()
            .to_json_pretty(),
    )
    .unwrap();
    let top: Vec<&str> = saved
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        top,
        [
            "version",
            "target",
            "verifiedDomains",
            "actions",
            "deprovision",
            "users",
            "groups"
        ]
    );
    assert_eq!(
        saved["target"]["baseUrl"],
        "https://app.asana.com/api/1.0/scim"
    );
    assert_eq!(
        saved["deprovision"],
        json!({"onOutOfScope": "deactivate", "deleteAfterDays": null})
    );
    assert_eq!(saved["users"]["mappings"][0]["applyOn"], "always");
    assert_eq!(saved["users"]["mappings"][0]["matching"], 1);
    assert_eq!(
        saved["users"]["mappings"][2]["source"],
        json!({"type": "constant", "value": "Employee"})
    );
    assert_eq!(
        saved["users"]["scoping"][0]["clauses"][1],
        json!({"attribute": "accountEnabled", "operator": "IS TRUE"})
    );
}

#[test]
fn full_features_fixture_loads_every_option() {
    let config = config::load(&fixture("config/full-features.json")).unwrap();
    assert_eq!(
        config.schema.as_deref(),
        Some("../../../www/schemas/config.schema.json")
    );
    assert_eq!(config.deprovision.on_out_of_scope, OutOfScopeAction::Delete);
    assert_eq!(config.deprovision.delete_after_days, Some(21));
    assert!(config.actions.delete);
    assert!(!config.groups.enabled);
    let clauses = &config.users.scoping[0].clauses;
    assert!(matches!(
        &clauses[1],
        Clause::Attribute {
            operator: Operator::GreaterThanOrEquals,
            ..
        }
    ));
    assert_eq!(
        clauses[2],
        Clause::Attribute {
            attribute: String::new(),
            operator: Operator::IsMemberOf,
            value: Some(json!("Asana users"))
        }
    );
    assert!(
        matches!(&config.users.scoping[1].clauses[0], Clause::ScimFilter { scim_filter } if scim_filter.starts_with("title sw"))
    );
    assert_eq!(config.users.mappings[4].source, Source::None);
    assert_eq!(
        config.users.mappings[3].source,
        Source::Constant { value: json!(true) }
    );
    // The saved operator uses the contract's spelling whatever the input case.
    let saved = config.to_json();
    assert_eq!(
        saved["users"]["scoping"][0]["clauses"][1]["operator"],
        "GREATER_THAN_OR_EQUALS"
    );
}

#[test]
fn unknown_fields_are_reported_at_every_depth() {
    let errors = load_errors(&fixture("config/broken-unknown-fields.json"));
    assert_eq!(
        codes_and_paths(&errors),
        vec![
            ("config.unknownField", "$.colour"),
            ("config.unknownField", "$.target.baseURL"),
            ("config.unknownField", "$.actions.suspend"),
            (
                "config.unknownField",
                "$.users.scoping[0].clauses[0].caseSensitive"
            ),
            ("config.unknownField", "$.users.mappings[0].source.fallback"),
            ("config.unknownField", "$.users.mappings[1].applyon"),
        ]
    );
    assert!(
        errors[1].message.contains("did you mean `baseUrl`?"),
        "{}",
        errors[1].message
    );
    assert!(errors[5].message.contains("did you mean `applyOn`?"));
    assert!(
        errors[0]
            .message
            .contains("expected one of $schema, version, target"),
        "{}",
        errors[0].message
    );
}

#[test]
fn wrong_types_are_reported_with_paths() {
    let errors = load_errors(&fixture("config/broken-types.json"));
    assert_eq!(
        codes_and_paths(&errors),
        vec![
            ("config.type", "$.target.baseUrl"),
            ("config.type", "$.verifiedDomains"),
            ("config.type", "$.actions.delete"),
            ("config.range", "$.deprovision.deleteAfterDays"),
            ("config.type", "$.users.scoping"),
            ("config.type", "$.users.mappings[0].matching"),
            ("config.range", "$.users.mappings[1].target"),
            ("config.type", "$.users.mappings[1].source"),
            ("config.type", "$.users.mappings[2].source.expression"),
            ("config.type", "$.groups.enabled"),
            ("config.type", "$.groups.mappings"),
        ]
    );
    assert_eq!(errors[0].message, "expected a string, found a number");
    assert_eq!(
        errors[7].message,
        "expected a source (an object), found a string"
    );
    assert_eq!(errors[5].message, "expected an integer, found a string");
}

#[test]
fn wrong_enum_values_name_the_choices() {
    let errors = load_errors(&fixture("config/broken-enums.json"));
    assert_eq!(
        codes_and_paths(&errors),
        vec![
            ("config.enum", "$.deprovision.onOutOfScope"),
            ("config.enum", "$.users.scoping[0].clauses[0].operator"),
            ("config.enum", "$.users.mappings[1].applyOn"),
            ("config.enum", "$.users.mappings[2].source.type"),
        ]
    );
    assert_eq!(
        errors[3].message,
        "unknown source type `directt`; expected one of direct, constant, expression, none"
    );
    assert_eq!(
        errors[0].message,
        "unknown out-of-scope action `suspend`; expected one of deactivate, delete, none"
    );
    assert!(errors[1]
        .message
        .starts_with("unknown operator `LIKE`; expected one of EQUALS, NOT EQUALS,"));
}

#[test]
fn missing_required_fields_are_reported_where_they_belong() {
    let errors = load_errors(&fixture("config/broken-missing.json"));
    assert_eq!(
        codes_and_paths(&errors),
        vec![
            ("config.missing", "$.version"),
            ("config.missing", "$.target.profile"),
            ("config.missing", "$.users.scoping[0].clauses"),
            ("config.missing", "$.users.scoping[1].clauses[0].operator"),
            ("config.missing", "$.users.mappings[0].target"),
            ("config.missing", "$.users.mappings[0].source.attribute"),
            ("config.missing", "$.users.mappings[1].source.value"),
            ("config.missing", "$.users.mappings[2].source.type"),
        ]
    );
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let errors = load_errors(&fixture("config/broken-syntax.json"));
    assert_eq!(
        codes_and_paths(&errors),
        vec![("config.syntax", "line 7, column 7")]
    );
    assert!(
        errors[0].message.starts_with("invalid JSON: expected"),
        "{}",
        errors[0].message
    );
}

#[test]
fn unsupported_version_is_one_clear_error() {
    let errors = load_errors(&fixture("config/broken-version.json"));
    assert_eq!(
        codes_and_paths(&errors),
        vec![("config.version", "$.version")]
    );
    assert_eq!(
        errors[0].message,
        "unsupported configuration version 2; this build reads version 1"
    );
}

#[test]
fn non_object_documents_are_type_errors() {
    for text in ["[]", "1", "\"config\"", "null"] {
        assert_eq!(
            codes_and_paths(&load_errors(text)),
            vec![("config.type", "$")],
            "{text}"
        );
    }
    assert_eq!(load_errors("")[0].code, "config.syntax");
}

#[test]
fn byte_order_mark_is_tolerated() {
    let text = format!("\u{feff}{}", fixture("config/contract-example.json"));
    assert!(config::load(&text).is_ok());
}

#[test]
fn odd_keys_are_quoted_in_paths_and_long_text_is_shortened() {
    let long = "x".repeat(10_000);
    let text = json!({"version": 1, "target": {"profile": "asana"}, "a b\"c": 1, long.clone(): 2})
        .to_string();
    let errors = load_errors(&text);
    assert_eq!(errors[0].path, "$[\"a b\\\"c\"]");
    assert!(
        errors[1].message.len() < 400,
        "message of {} bytes",
        errors[1].message.len()
    );
}

#[test]
fn hostile_inputs_never_panic() {
    let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(load_errors(&deep_array)[0].code, "config.syntax");
    let deep_default = format!(
        "{{\"version\":1,\"target\":{{\"profile\":\"a\"}},\"users\":{{\"mappings\":[{{\"target\":\"t\",\"source\":{{\"type\":\"none\"}},\"default\":{}1{}}}]}}}}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    assert_eq!(load_errors(&deep_default)[0].code, "config.syntax");
    // Many errors: one per bad mapping, no blow-up.
    let many: Vec<Value> = (0..20_000).map(|_| json!({"target": 1})).collect();
    let text =
        json!({"version": 1, "target": {"profile": "a"}, "users": {"mappings": many}}).to_string();
    assert_eq!(load_errors(&text).len(), 40_000);
    for text in [
        "{\"version\": 1e400}",
        "{\"version\": -0}",
        "\u{0}",
        "{\"version\": 18446744073709551616}",
    ] {
        let _ = config::load(text);
    }
}

#[test]
fn config_deserializes_through_serde() {
    let config: Config = serde_json::from_str(&fixture("config/contract-example.json")).unwrap();
    assert_eq!(config.users.mappings.len(), 6);
}
