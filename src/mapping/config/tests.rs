use super::*;
use serde_json::json;

fn minimal() -> Value {
    json!({"version": 1, "target": {"profile": "asana"}})
}

fn errors_of(value: Value) -> Vec<(String, String)> {
    match from_value(&value) {
        Ok(config) => panic!("expected errors, got {config:?}"),
        Err(errors) => errors.into_iter().map(|e| (e.code, e.path)).collect(),
    }
}

#[test]
fn minimal_config_gets_contract_defaults() {
    let config = from_value(&minimal()).unwrap();
    assert_eq!(config.actions, Actions::default());
    assert!(config.actions.create && config.actions.update && config.actions.deactivate);
    assert!(!config.actions.delete);
    assert_eq!(
        config.deprovision.on_out_of_scope,
        OutOfScopeAction::Deactivate
    );
    assert_eq!(config.deprovision.delete_after_days, None);
    assert!(config.users.enabled);
    assert!(!config.groups.enabled);
    assert!(config.users.mappings.is_empty());
}

#[test]
fn groups_object_present_defaults_to_enabled() {
    let mut value = minimal();
    value["groups"] = json!({"mappings": []});
    assert!(from_value(&value).unwrap().groups.enabled);
}

#[test]
fn operators_parse_case_insensitively_with_either_separator() {
    assert_eq!(Operator::parse("not equals"), Some(Operator::NotEquals));
    assert_eq!(Operator::parse("NOT_EQUALS"), Some(Operator::NotEquals));
    assert_eq!(Operator::parse("Greater_Than"), Some(Operator::GreaterThan));
    assert_eq!(
        Operator::parse("greater than or equals"),
        Some(Operator::GreaterThanOrEquals)
    );
    assert_eq!(Operator::parse("is member of"), Some(Operator::IsMemberOf));
    assert_eq!(Operator::parse("EQUAL"), None);
    assert_eq!(Operator::parse("ÉQUALS"), None);
    for op in Operator::ALL {
        assert_eq!(Operator::parse(op.name()), Some(op));
    }
}

#[test]
fn version_other_than_one_is_the_only_error() {
    let errors = errors_of(json!({"version": 2, "bogus": true}));
    assert_eq!(errors, vec![("config.version".into(), "$.version".into())]);
}

#[test]
fn missing_version_and_target_are_reported_together() {
    let errors = errors_of(json!({}));
    assert_eq!(
        errors,
        vec![
            ("config.missing".into(), "$.version".into()),
            ("config.missing".into(), "$.target".into())
        ]
    );
}

#[test]
fn integers_reject_fractions_negatives_and_huge_values() {
    for (matching, code) in [
        (json!(1.5), "config.type"),
        (json!(0), "config.range"),
        (json!(-3), "config.range"),
        (json!(1u64 << 40), "config.range"),
        (json!("1"), "config.type"),
    ] {
        let mut value = minimal();
        value["users"] = json!({"mappings": [{"target": "userName", "source": {"type": "none"}, "matching": matching}]});
        assert_eq!(
            errors_of(value),
            vec![(code.to_string(), "$.users.mappings[0].matching".to_string())]
        );
    }
}

#[test]
fn unknown_field_suggests_the_close_name() {
    let mut value = minimal();
    value["users"] = json!({"mappings": [{"target": "userName", "source": {"type": "none"}, "applyon": "create"}]});
    let errors = from_value(&value).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, "$.users.mappings[0].applyon");
    assert!(
        errors[0].message.contains("did you mean `applyOn`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn scim_filter_clause_cannot_mix_with_attribute_fields() {
    let mut value = minimal();
    value["users"] =
        json!({"scoping": [{"clauses": [{"scimFilter": "a eq \"b\"", "operator": "EQUALS"}]}]});
    let errors = from_value(&value).unwrap_err();
    assert_eq!(errors[0].path, "$.users.scoping[0].clauses[0].operator");
    assert!(errors[0].message.contains("cannot be combined"));
}

#[test]
fn deserialize_uses_the_same_reader() {
    let config: Config = serde_json::from_value(minimal()).unwrap();
    assert_eq!(config.target.profile, "asana");
    let err = serde_json::from_value::<Config>(json!({"version": 1, "target": {"profile": 5}}))
        .unwrap_err();
    assert!(err.to_string().contains("$.target.profile"), "{err}");
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let errors = load("{\n  \"version\": 1,\n  \"target\": }").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "config.syntax");
    assert_eq!(errors[0].path, "line 3, column 13");
    assert!(
        !errors[0].message.contains("at line"),
        "{}",
        errors[0].message
    );
}
