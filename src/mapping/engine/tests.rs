use super::coerce::{coerce, Shape};
use super::*;
use crate::error::Severity;
use crate::mapping::config;
use crate::scim::schema::AttrType;
use serde_json::json;

/// A directory record of a JSON object.
fn record(value: Value) -> Record {
    Record::from_object(value).unwrap_or_default()
}

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn config_with(profile: &str, users: Value, groups: Value) -> Config {
    let text = json!({
        "version": 1,
        "target": {"profile": profile},
        "users": {"mappings": users},
        "groups": {"mappings": groups}
    })
    .to_string();
    config::load(&text).unwrap_or_else(|errors| panic!("{errors:?}"))
}

fn user_mapping(profile: &str, users: Value) -> CompiledMapping {
    let config = config_with(profile, users, json!([]));
    let (target, _) = Target::for_config(&config);
    compile(&config, &target, ResourceKind::User)
}

fn codes_of(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn ctx() -> EvalContext {
    EvalContext {
        now_millis: 1_600_000_000_000,
        seed: 7,
    }
}

#[test]
fn maps_direct_constant_expression_and_none_sources() {
    let compiled = user_mapping(
        "asana",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
            {"target": "name.formatted", "source": {"type": "expression", "expression": "Join(\" \", [givenName], [surname])"}},
            {"target": "title", "source": {"type": "constant", "value": "Employee"}},
            {"target": "preferredLanguage", "source": {"type": "none"}},
            {"target": "active", "source": {"type": "expression", "expression": "Not([accountDisabled])"}}
        ]),
    );
    assert!(
        compiled.diagnostics().is_empty(),
        "{:?}",
        compiled.diagnostics()
    );
    let record = json!({"id": "u1", "mail": "ava@example.com", "givenName": "Ava", "surname": "Smith", "accountDisabled": false});
    let mapped = compiled.map(&record, MapMode::Create, &ctx());
    assert_eq!(
        mapped.resource,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "ava@example.com",
            "name": {"formatted": "Ava Smith"},
            "title": "Employee",
            "active": true
        })
    );
    assert_eq!(
        mapped.matching,
        Some(MatchKey {
            attribute: "userName".into(),
            value: "ava@example.com".into()
        })
    );
    assert!(mapped.diagnostics.is_empty());
}

#[test]
fn extension_attributes_add_their_urn_and_filtered_paths_create_typed_entries() {
    let compiled = user_mapping(
        "asana",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
            {"target": format!("{ENTERPRISE}:department"), "source": {"type": "direct", "attribute": "department"}},
            {"target": "addresses[type eq \"work\"].country", "source": {"type": "direct", "attribute": "country"}},
            {"target": "addresses[type eq \"work\"].locality", "source": {"type": "direct", "attribute": "city"}},
            {"target": format!("{ENTERPRISE}:manager"), "source": {"type": "direct", "attribute": "manager.id"}}
        ]),
    );
    let record = json!({"mail": "a@example.com", "department": "Sales", "country": "DE", "city": "Berlin", "manager": {"id": "m1"}});
    let resource = compiled.map(&record, MapMode::Create, &ctx()).resource;
    assert_eq!(
        resource["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE])
    );
    assert_eq!(resource[ENTERPRISE]["department"], json!("Sales"));
    assert_eq!(resource[ENTERPRISE]["manager"], json!({"value": "m1"}));
    assert_eq!(
        resource["addresses"],
        json!([{"type": "work", "country": "DE", "locality": "Berlin"}])
    );
    // Without any extension value, the extension URN is not listed.
    let bare = compiled.map(&json!({"mail": "b@example.com"}), MapMode::Create, &ctx());
    assert_eq!(
        bare.resource["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:User"])
    );
}

#[test]
fn update_mode_leaves_out_create_only_mappings_and_defaults() {
    let compiled = user_mapping(
        "asana",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
            {"target": "title", "source": {"type": "constant", "value": "Employee"}, "applyOn": "create"},
            {"target": "preferredLanguage", "source": {"type": "direct", "attribute": "lang"}, "applyOn": "create"},
            {"target": format!("{ENTERPRISE}:department"), "source": {"type": "direct", "attribute": "department"}, "default": "Unassigned"}
        ]),
    );
    let record = json!({"mail": "a@example.com", "lang": "en-US"});
    let create = compiled.map(&record, MapMode::Create, &ctx()).resource;
    assert_eq!(create["title"], json!("Employee"));
    assert_eq!(create["preferredLanguage"], json!("en-US"));
    assert_eq!(create[ENTERPRISE]["department"], json!("Unassigned"));
    let update = compiled.map(&record, MapMode::Update, &ctx()).resource;
    assert_eq!(
        update,
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a@example.com"})
    );
    let managed: Vec<String> = compiled
        .managed(MapMode::Update)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        managed,
        vec!["userName".to_string(), format!("{ENTERPRISE}:department")]
    );
    assert_eq!(compiled.managed(MapMode::Create).len(), 4);
    // A present value wins over the default.
    let with_department = compiled.map(
        &json!({"mail": "a@example.com", "department": "Legal"}),
        MapMode::Create,
        &ctx(),
    );
    assert_eq!(
        with_department.resource[ENTERPRISE]["department"],
        json!("Legal")
    );
}

#[test]
fn create_only_profile_attributes_are_left_out_of_updates_even_when_mapped_always() {
    let compiled = user_mapping(
        "asana",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
            {"target": "preferredLanguage", "source": {"type": "direct", "attribute": "lang"}}
        ]),
    );
    assert_eq!(
        codes_of(compiled.diagnostics()),
        vec!["mapping.createOnlyAlways"]
    );
    let record = json!({"mail": "a@example.com", "lang": "en-US"});
    assert_eq!(
        compiled.map(&record, MapMode::Create, &ctx()).resource["preferredLanguage"],
        json!("en-US")
    );
    assert!(compiled
        .map(&record, MapMode::Update, &ctx())
        .resource
        .get("preferredLanguage")
        .is_none());
}

#[test]
fn values_are_converted_to_the_target_types() {
    let compiled = user_mapping(
        "generic",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "upn"}, "matching": 1},
            {"target": "active", "source": {"type": "direct", "attribute": "enabled"}},
            {"target": "title", "source": {"type": "direct", "attribute": "flag"}},
            {"target": "emails", "source": {"type": "direct", "attribute": "mails"}},
            {"target": "nickName", "source": {"type": "direct", "attribute": "nicks"}},
            {"target": "profileUrl", "source": {"type": "direct", "attribute": "url"}}
        ]),
    );
    let record = json!({
        "upn": "a@example.com", "enabled": "TRUE", "flag": true,
        "mails": ["a@example.com", "b@example.com"], "nicks": ["Al", "Ally"], "url": "https://x.example/a"
    });
    let mapped = compiled.map(&record, MapMode::Create, &ctx());
    assert_eq!(mapped.resource["active"], json!(true));
    assert_eq!(mapped.resource["title"], json!("True"));
    assert_eq!(
        mapped.resource["emails"],
        json!([{"value": "a@example.com"}, {"value": "b@example.com"}])
    );
    assert_eq!(mapped.resource["nickName"], json!("Al"));
    assert_eq!(mapped.resource["profileUrl"], json!("https://x.example/a"));
    assert_eq!(codes_of(&mapped.diagnostics), vec!["user.multipleValues"]);
    assert_eq!(mapped.diagnostics[0].path, "$.nicks");

    let bad = compiled.map(
        &json!({"upn": "a@example.com", "enabled": "maybe"}),
        MapMode::Create,
        &ctx(),
    );
    assert!(bad.resource.get("active").is_none());
    assert_eq!(codes_of(&bad.diagnostics), vec!["user.valueType"]);
    assert_eq!(bad.diagnostics[0].severity, Severity::Error);
}

#[test]
fn coerce_handles_each_scim_type() {
    let shape = |attr_type| Shape {
        attr_type,
        multi_valued: false,
        value_sub: None,
    };
    let value = |v: Value, t| coerce(v, shape(t)).map(|c| c.value);
    assert_eq!(
        value(json!(" false "), AttrType::Boolean),
        Ok(Some(json!(false)))
    );
    assert!(value(json!("yes"), AttrType::Boolean).is_err());
    assert_eq!(value(json!("0042"), AttrType::Integer), Ok(Some(json!(42))));
    assert_eq!(value(json!(7.0), AttrType::Integer), Ok(Some(json!(7))));
    assert!(value(json!("4.5"), AttrType::Integer).is_err());
    assert_eq!(value(json!("4.5"), AttrType::Decimal), Ok(Some(json!(4.5))));
    assert_eq!(value(json!(12), AttrType::String), Ok(Some(json!("12"))));
    assert!(value(json!({"a": 1}), AttrType::String).is_err());
    assert_eq!(
        value(json!("2021-07-02T15:33:38Z"), AttrType::DateTime),
        Ok(Some(json!("2021-07-02T15:33:38Z")))
    );
    assert_eq!(
        value(json!("3/16/2020 7:00:00 AM"), AttrType::DateTime),
        Ok(Some(json!("2020-03-16T07:00:00Z")))
    );
    assert!(value(json!("soon"), AttrType::DateTime).is_err());
    assert_eq!(value(json!(""), AttrType::Boolean), Ok(None));
    assert_eq!(value(json!([]), AttrType::String), Ok(None));
    assert!(value(json!("x"), AttrType::Complex).is_err());
    let multi = Shape {
        attr_type: AttrType::String,
        multi_valued: true,
        value_sub: None,
    };
    assert_eq!(
        coerce(json!("one"), multi).map(|c| c.value),
        Ok(Some(json!(["one"])))
    );
    assert_eq!(
        coerce(json!(["a", "", null, "b"]), multi).map(|c| c.value),
        Ok(Some(json!(["a", "b"])))
    );
}

#[test]
fn expression_dates_become_rfc3339_for_date_time_targets() {
    let config = config_with(
        "generic",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "upn"}, "matching": 1},
            {"target": "title", "source": {"type": "expression", "expression": "CDate(\"2020-03-16T07:00:00Z\")"}}
        ]),
        json!([]),
    );
    let (target, _) = Target::for_config(&config);
    let compiled = compile(&config, &target, ResourceKind::User);
    let resource = compiled
        .map(&json!({"upn": "a"}), MapMode::Create, &ctx())
        .resource;
    assert_eq!(resource["title"], json!("3/16/2020 7:00:00 AM"));
}

#[test]
fn a_broken_expression_is_flagged_and_the_rest_still_maps() {
    let compiled = user_mapping(
        "asana",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
            {"target": "title", "source": {"type": "expression", "expression": "Join(\" \", [givenName]"}},
            {"target": "name.formatted", "source": {"type": "direct", "attribute": "displayName"}}
        ]),
    );
    assert_eq!(codes_of(compiled.diagnostics()), vec!["expr.syntax"]);
    assert_eq!(
        compiled.diagnostics()[0].path,
        "$.users.mappings[1].source.expression"
    );
    assert!(compiled.rules()[1].broken);
    let mapped = compiled.map(
        &json!({"mail": "a@example.com", "displayName": "Ava"}),
        MapMode::Create,
        &ctx(),
    );
    assert_eq!(mapped.resource["name"]["formatted"], json!("Ava"));
    assert!(mapped.resource.get("title").is_none());
}

#[test]
fn runtime_expression_errors_leave_the_attribute_out_with_a_diagnostic() {
    let compiled = user_mapping(
        "asana",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
            {"target": "title", "source": {"type": "expression", "expression": "CDate([hired])"}}
        ]),
    );
    let mapped = compiled.map(
        &json!({"mail": "a@example.com", "hired": "not a date"}),
        MapMode::Create,
        &ctx(),
    );
    assert_eq!(codes_of(&mapped.diagnostics), vec!["expr.runtime"]);
    assert_eq!(mapped.diagnostics[0].path, "$.hired");
    assert!(mapped.resource.get("title").is_none());
    assert_eq!(mapped.resource["userName"], json!("a@example.com"));
}

#[test]
fn ignore_flow_leaves_the_attribute_out_without_default() {
    let compiled = user_mapping(
        "asana",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
            {"target": "title", "source": {"type": "expression", "expression": "IgnoreFlowIfNullOrEmpty([jobTitle])"}, "default": "Staff"}
        ]),
    );
    let mapped = compiled.map(&json!({"mail": "a@example.com"}), MapMode::Create, &ctx());
    assert!(mapped.resource.get("title").is_none());
}

#[test]
fn matching_uses_the_first_attribute_by_precedence_that_has_a_value() {
    let compiled = user_mapping(
        "generic",
        json!([
            {"target": "externalId", "source": {"type": "direct", "attribute": "employeeId"}, "matching": 2},
            {"target": "userName", "source": {"type": "direct", "attribute": "upn"}, "matching": 1}
        ]),
    );
    let both = compiled.map(
        &json!({"upn": "a@example.com", "employeeId": "E1"}),
        MapMode::Create,
        &ctx(),
    );
    assert_eq!(both.matching.map(|m| m.attribute), Some("userName".into()));
    let only_id = compiled.map(&json!({"employeeId": "E1"}), MapMode::Update, &ctx());
    assert_eq!(
        only_id.matching,
        Some(MatchKey {
            attribute: "externalId".into(),
            value: "E1".into()
        })
    );
    assert_eq!(
        compiled.map(&json!({}), MapMode::Create, &ctx()).matching,
        None
    );
}

#[test]
fn group_members_resolve_through_the_id_map_and_the_rest_are_pending() {
    let config = config_with(
        "asana",
        json!([]),
        json!([
            {"target": "displayName", "source": {"type": "direct", "attribute": "displayName"}, "matching": 1},
            {"target": "members", "source": {"type": "direct", "attribute": "members"}}
        ]),
    );
    let (target, _) = Target::for_config(&config);
    let compiled = compile(&config, &target, ResourceKind::Group);
    assert!(
        compiled.diagnostics().is_empty(),
        "{:?}",
        compiled.diagnostics()
    );
    let group = record(
        json!({"id": "g1", "displayName": "Sales", "members": ["u1", {"value": "u2"}, "u3"]}),
    );
    let id_map: IdMap = [("u1".to_string(), "t-1".to_string())]
        .into_iter()
        .collect();
    let options = MapOptions {
        mode: MapMode::Create,
        eval: ctx(),
        id_map: &id_map,
    };
    let mapped = compiled.map_at(&group, "$.groups[0]", &options);
    assert_eq!(
        mapped.resource,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Sales",
            "members": [{"value": "t-1"}]
        })
    );
    assert_eq!(
        mapped.pending_members,
        vec!["u2".to_string(), "u3".to_string()]
    );
}

#[test]
fn compile_flags_bad_targets_and_constants() {
    let compiled = user_mapping(
        "asana",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
            {"target": "titel", "source": {"type": "direct", "attribute": "jobTitle"}},
            {"target": "active", "source": {"type": "constant", "value": "yes"}},
            {"target": "name.givenName", "source": {"type": "direct", "attribute": "givenName"}},
            {"target": "id", "source": {"type": "direct", "attribute": "id"}},
            {"target": "userName", "source": {"type": "direct", "attribute": "upn"}},
            {"target": "emails[type eq", "source": {"type": "direct", "attribute": "mail"}},
            {"target": "title", "source": {"type": "expression", "expression": "Replace([x], , \"(\", , \"\", , )"}}
        ]),
    );
    let found: Vec<(&str, &str)> = compiled
        .diagnostics()
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("mapping.unknownTarget", "$.users.mappings[1].target"),
            ("mapping.constantType", "$.users.mappings[2].source.value"),
            ("mapping.unsupportedTarget", "$.users.mappings[3].target"),
            ("mapping.readOnlyTarget", "$.users.mappings[4].target"),
            ("mapping.duplicateTarget", "$.users.mappings[5].target"),
            ("mapping.targetSyntax", "$.users.mappings[6].target"),
            ("expr.invalidRegex", "$.users.mappings[7].source.expression"),
        ]
    );
    assert_eq!(
        compiled.diagnostics()[0].hint.as_deref(),
        Some("did you mean `title`?")
    );
    assert!(compiled.rules().iter().skip(1).all(|rule| rule.broken));
    assert!(!compiled.rules()[0].broken);
}

#[test]
fn map_both_equals_map_at_in_each_mode() {
    // Create-only rules, defaults, a broken expression, a matching rule that
    // only applies on create, members and values needing conversion: each
    // must come out of the one pass exactly as from a pass per mode.
    let config = config_with(
        "generic",
        json!([
            {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 2},
            {"target": "externalId", "source": {"type": "direct", "attribute": "id"}, "matching": 1, "applyOn": "create"},
            {"target": "title", "source": {"type": "direct", "attribute": "jobTitle"}, "default": "Staff", "applyOn": "create"},
            {"target": "name.formatted", "source": {"type": "expression", "expression": "Join(\" \", [givenName], [surname])"}},
            {"target": "active", "source": {"type": "expression", "expression": "Not([accountDisabled])"}},
            {"target": "displayName", "source": {"type": "expression", "expression": "IgnoreFlowIfNullOrEmpty([nick])"}},
            {"target": "nickName", "source": {"type": "expression", "expression": "DateAdd(\"d\", 1, [broken])"}},
            {"target": "preferredLanguage", "source": {"type": "direct", "attribute": "lang"}, "default": "en-US"},
            {"target": "addresses[type eq \"work\"].country", "source": {"type": "direct", "attribute": "country"}, "default": "us"},
            {"target": format!("{ENTERPRISE}:department"), "source": {"type": "direct", "attribute": "department"}, "default": "😀 none"}
        ]),
        json!([
            {"target": "displayName", "source": {"type": "direct", "attribute": "displayName"}, "matching": 1},
            {"target": "members", "source": {"type": "direct", "attribute": "members"}}
        ]),
    );
    let (target, _) = Target::for_config(&config);
    let users = compile(&config, &target, ResourceKind::User);
    assert!(users.diagnostics().is_empty(), "{:?}", users.diagnostics());
    let groups = compile(&config, &target, ResourceKind::Group);
    let records = [
        json!({"id": "u1", "mail": "ava@example.com", "givenName": "Ava", "surname": "Smith",
            "accountDisabled": "false", "nick": "Av", "broken": "x", "lang": "fr", "country": "FR",
            "department": "Sales", "jobTitle": ["Dev", "Lead"]}),
        json!({"id": "", "mail": "", "accountDisabled": true, "nick": "", "country": "usa"}),
        json!({"mail": "😀@example.com", "department": null}),
        json!({}),
    ]
    .map(record);
    let mut ids = IdMap::new();
    ids.insert("u1".to_string(), "t1".to_string());
    let group_records = [
        json!({"id": "g1", "displayName": "Team", "members": ["u1", "u2", {"value": "u1"}]}),
        json!({"id": "g2", "displayName": "", "members": "u9"}),
    ]
    .map(record);
    let cases = records
        .iter()
        .map(|record| (&users, record))
        .chain(group_records.iter().map(|record| (&groups, record)));
    for (compiled, record) in cases {
        let options = MapOptions {
            mode: MapMode::Create,
            eval: ctx(),
            id_map: &ids,
        };
        let (create, update) = compiled.map_both(record, "$.users[3]", &options);
        let update_options = MapOptions {
            mode: MapMode::Update,
            ..options
        };
        assert_eq!(
            create.built(),
            compiled.map_at(record, "$.users[3]", &options),
            "{record:?}"
        );
        assert_eq!(
            update,
            compiled.map_at(record, "$.users[3]", &update_options),
            "{record:?}"
        );
        // And with the incremental writer instead of the layout.
        let incremental = compiled.clone().without_layout();
        let (create, update) = incremental.map_both(record, "$", &options);
        assert_eq!(
            create.built(),
            incremental.map_at(record, "$", &options),
            "{record:?}"
        );
        assert_eq!(
            update,
            incremental.map_at(record, "$", &update_options),
            "{record:?}"
        );
    }
    // The cases exercise what differs between the modes.
    let (create, update) = users.map_both(
        &records[3],
        "$",
        &MapOptions {
            mode: MapMode::Create,
            eval: ctx(),
            id_map: &ids,
        },
    );
    assert_ne!(create.resource, update.resource);
    assert!(!create.diagnostics.is_empty());
}
