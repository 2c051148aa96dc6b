//! A server's discovered schemas as the target (contract §1 extension
//! `target.discovered`): kept in the configuration file, loaded with located
//! errors, used by validation, by the planner's PATCH choice and by the
//! app's attribute autocomplete.

mod support;

use scim_mapper::mapping::config::{self, Config};
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::validate::validate_config_for_profile;
use scim_mapper::workspace::{Edit, ResourceKind, Workspace};
use serde_json::{json, Value};

/// A server that knows `badgeColour` and not the RFC's `nickName`.
fn discovered() -> Value {
    json!({
        "schemas": [
            {"id": "urn:ietf:params:scim:schemas:core:2.0:User", "name": "User", "attributes": [
                {"name": "userName", "type": "string", "required": true, "uniqueness": "server"},
                {"name": "active", "type": "boolean"},
                {"name": "badgeColour", "type": "string"}]},
            {"id": "urn:ietf:params:scim:schemas:core:2.0:Group", "name": "Group", "attributes": [
                {"name": "displayName", "type": "string", "required": true}]}],
        "resourceTypes": [
            {"id": "User", "name": "User", "endpoint": "/Users", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"},
            {"id": "Group", "name": "Group", "endpoint": "/Groups", "schema": "urn:ietf:params:scim:schemas:core:2.0:Group"}],
        "patchSupported": false
    })
}

fn document(target: Value) -> Value {
    json!({
        "version": 1,
        "target": target,
        "users": {"mappings": [
            {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
            {"target": "badgeColour", "source": {"type": "constant", "value": "green"}},
            {"target": "nickName", "source": {"type": "direct", "attribute": "givenName"}}
        ]}
    })
}

fn unknown_targets(config: &Config) -> Vec<String> {
    validate_config_for_profile(config)
        .into_iter()
        .filter(|d| d.code == "mapping.unknownTarget")
        .map(|d| d.path)
        .collect()
}

#[test]
fn validation_follows_the_chosen_schemas() {
    let profile_only = config::from_value(&document(json!({"profile": "generic"}))).unwrap();
    assert_eq!(
        unknown_targets(&profile_only),
        vec!["$.users.mappings[1].target"],
        "the generic profile lacks badgeColour"
    );
    let with_server = config::from_value(&document(
        json!({"profile": "generic", "discovered": discovered()}),
    ))
    .unwrap();
    assert_eq!(
        unknown_targets(&with_server),
        vec!["$.users.mappings[2].target"],
        "the server lacks nickName"
    );
}

#[test]
fn the_servers_patch_support_overrides_the_profiles() {
    let plain = config::from_value(&document(json!({"profile": "generic"}))).unwrap();
    assert!(Target::for_config(&plain).0.profile.patch_supported);
    let with_server = config::from_value(&document(
        json!({"profile": "generic", "discovered": discovered()}),
    ))
    .unwrap();
    let (target, problems) = Target::for_config(&with_server);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(!target.profile.patch_supported);
    assert_eq!(target.profile.name, "generic", "the profile's rules stay");
}

#[test]
fn a_saved_configuration_keeps_the_discovered_schemas() {
    let loaded = config::from_value(&document(
        json!({"profile": "generic", "discovered": discovered()}),
    ))
    .unwrap();
    let saved = serde_json::to_value(&loaded).unwrap();
    assert_eq!(
        saved["target"]["discovered"]["patchSupported"],
        json!(false)
    );
    let reloaded = config::from_value(&saved).unwrap();
    assert_eq!(reloaded, loaded);
    let without = config::from_value(&document(json!({"profile": "generic"}))).unwrap();
    let saved = serde_json::to_value(&without).unwrap();
    assert_eq!(
        saved["target"].get("discovered"),
        None,
        "files without it are written as before"
    );
}

#[test]
fn broken_discovered_schemas_are_located_in_the_file() {
    let mut broken = discovered();
    broken["resourceTypes"][1]["schema"] = json!("urn:example:Team");
    broken["colour"] = json!("red");
    let errors = config::from_value(&document(
        json!({"profile": "generic", "discovered": broken}),
    ))
    .unwrap_err();
    let located: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.code.as_str(), e.path.as_str()))
        .collect();
    assert!(
        located.contains(&("config.unknownField", "$.target.discovered.colour")),
        "{located:?}"
    );
    assert!(
        located.contains(&(
            "config.schema",
            "$.target.discovered.resourceTypes[1].schema"
        )),
        "{located:?}"
    );
    let mut no_types = discovered();
    no_types.as_object_mut().unwrap().remove("resourceTypes");
    let errors = config::from_value(&document(
        json!({"profile": "generic", "discovered": no_types}),
    ))
    .unwrap_err();
    assert_eq!(errors[0].code, "config.missing");
    assert_eq!(errors[0].path, "$.target.discovered.resourceTypes");
}

#[test]
fn autocomplete_offers_the_chosen_targets_attributes() {
    let mut workspace = Workspace::default();
    workspace.apply(Edit::SetProfile("generic".into()));
    let before = workspace.target_attribute_paths(ResourceKind::User);
    assert!(before.iter().any(|p| p == "nickName"), "{before:?}");
    let chosen = config::from_value(&document(
        json!({"profile": "generic", "discovered": discovered()}),
    ))
    .unwrap()
    .target
    .discovered;
    workspace.apply(Edit::SetDiscovered(chosen));
    let after = workspace.target_attribute_paths(ResourceKind::User);
    assert!(after.iter().any(|p| p == "badgeColour"), "{after:?}");
    assert!(!after.iter().any(|p| p == "nickName"), "{after:?}");
    assert_eq!(
        workspace.schema_origin(),
        "the schemas discovered from the server"
    );
    workspace.apply(Edit::SetDiscovered(None));
    assert_eq!(workspace.target_attribute_paths(ResourceKind::User), before);
}

#[test]
fn the_shipped_json_schema_accepts_the_discovered_target() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/schemas/config.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let good = document(json!({"profile": "generic", "discovered": discovered()}));
    assert_eq!(support::json_schema::validate(&schema, &good), vec![]);
    let mut bad = good.clone();
    bad["target"]["discovered"]["colour"] = json!("red");
    assert!(!support::json_schema::validate(&schema, &bad).is_empty());
}
