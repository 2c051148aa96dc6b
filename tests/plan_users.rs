//! The user phase of the planner: every action and every reason.

mod plan_support;

use plan_support::*;
use scim_mapper::http::Method;
use scim_mapper::sync::Action;
use serde_json::{json, Value};

#[test]
fn an_in_scope_user_absent_from_the_target_is_created_with_a_recovery() {
    let case = one_user_case(
        person("u1", "ann@example.com", "Sales"),
        Value::Null,
        json!({}),
    );
    let ops = case.plan();
    let op = for_source(&ops, "User", "u1");
    expect(
        op,
        Action::Create,
        &["absent from the target", "userName eq \"ann@example.com\""],
    );
    let request = op.request.as_ref().unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Post, "/Users")
    );
    let body = request.body.as_ref().unwrap();
    assert_eq!(body["userName"], json!("ann@example.com"));
    assert_eq!(
        body["title"],
        json!("Engineer"),
        "create-only mappings apply on create"
    );
    assert_eq!(body["active"], json!(true));
    let recovery = op.recovery.as_ref().unwrap();
    assert_eq!(
        recovery.lookup_path,
        "/Users?filter=userName%20eq%20%22ann%40example.com%22"
    );
    assert_eq!(recovery.collection_path, "/Users");
    assert_eq!(&recovery.desired, body);
    assert!(recovery.managed.iter().any(|p| p == "userName"));
    assert!(
        !recovery.managed.iter().any(|p| p == "title"),
        "a create-only attribute is not managed on update: {:?}",
        recovery.managed
    );
}

#[test]
fn a_matched_user_needing_nothing_is_linked_then_noop_once_the_link_is_known() {
    let mut case = one_user_case(
        person("u1", "ann@example.com", "Sales"),
        scim_user("u1", "ann@example.com", "Sales", true),
        json!({}),
    );
    let ops = case.plan();
    let op = for_source(&ops, "User", "u1");
    expect(
        op,
        Action::Link,
        &[
            "matches target user t-u1 by userName eq \"ann@example.com\"",
            "nothing to change",
        ],
    );
    assert_eq!(op.target_id.as_deref(), Some("t-u1"));
    assert!(op.request.is_none());
    case.links.users.insert("u1".into(), "t-u1".into());
    let ops = case.plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Noop,
        &["linked to target user t-u1", "in sync"],
    );
}

#[test]
fn an_update_is_the_minimal_patch_without_create_only_attributes() {
    let mut target = scim_user("u1", "ann@example.com", "Marketing", true);
    target["title"] = json!("Former title");
    let case = one_user_case(person("u1", "ann@example.com", "Sales"), target, json!({}));
    let ops = case.plan();
    let op = for_source(&ops, "User", "u1");
    expect(
        op,
        Action::Update,
        &["changes: urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"],
    );
    let request = op.request.as_ref().unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Patch, "/Users/t-u1")
    );
    assert_eq!(
        patch_ops(op),
        vec![
            json!({"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Sales"})
        ],
        "title is create-only, so it is not corrected"
    );
    assert!(
        op.recovery.is_some(),
        "updates recover from a 404 by re-creating"
    );
}

#[test]
fn without_patch_support_an_update_is_a_put_of_the_whole_resource() {
    let mut case = one_user_case(
        person("u1", "ann@example.com", "Sales"),
        scim_user("u1", "ann@example.com", "Marketing", true),
        json!({}),
    );
    case.options.patch_supported = Some(false);
    let ops = case.plan();
    let op = for_source(&ops, "User", "u1");
    expect(op, Action::Update, &["the whole resource"]);
    let request = op.request.as_ref().unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Put, "/Users/t-u1")
    );
    let body = request.body.as_ref().unwrap();
    assert_eq!(
        body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["department"],
        json!("Sales")
    );
    assert_eq!(
        body["title"],
        json!("Engineer"),
        "unmanaged attributes are kept"
    );
    assert!(
        body.get("meta").is_none(),
        "read-only attributes are not sent"
    );

    // Deactivation too is a PUT there.
    let mut disabled = person("u1", "ann@example.com", "Sales");
    disabled["accountDisabled"] = json!(true);
    let mut case = one_user_case(
        disabled,
        scim_user("u1", "ann@example.com", "Sales", true),
        json!({}),
    );
    case.options.patch_supported = Some(false);
    let ops = case.plan();
    let op = for_source(&ops, "User", "u1");
    expect(op, Action::Deactivate, &[]);
    let request = op.request.as_ref().unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Put, "/Users/t-u1")
    );
    let body = request.body.as_ref().unwrap();
    assert_eq!(body["active"], json!(false));
    assert_eq!(body["userName"], json!("ann@example.com"));
}

#[test]
fn matching_ignores_case_for_user_names() {
    let target = scim_user("u1", "Ann@Example.COM", "Sales", true);
    let case = one_user_case(person("u1", "ann@example.com", "Sales"), target, json!({}));
    let ops = case.plan();
    let op = for_source(&ops, "User", "u1");
    assert_eq!(
        op.target_id.as_deref(),
        Some("t-u1"),
        "matched, not created again"
    );
    expect(op, Action::Update, &["changes: userName"]);
    assert_eq!(ops.len(), 1, "no target-only leftover: {ops:#?}");
}

#[test]
fn matching_falls_back_to_the_next_attribute_with_a_value() {
    let changes = json!({"users": {"mappings": [
        {"target": "externalId", "source": {"type": "direct", "attribute": "employeeId"}, "matching": 1},
        {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 2}
    ]}});
    // No employeeId: the first matching attribute has no value.
    let source = json!({"id": "u1", "mail": "ann@example.com"});
    let target = json!({"id": "t-9", "userName": "ann@example.com", "externalId": "E1"});
    let case = one_user_case(source, target, changes.clone());
    let ops = case.plan();
    let op = for_source(&ops, "User", "u1");
    assert_eq!(op.target_id.as_deref(), Some("t-9"));
    assert!(
        op.reason.contains("userName eq \"ann@example.com\""),
        "{}",
        op.reason
    );
    // With an employeeId, the first attribute decides (and finds nothing).
    let source = json!({"id": "u1", "mail": "ann@example.com", "employeeId": "E2"});
    let target = json!({"id": "t-9", "userName": "other@example.com", "externalId": "E1"});
    let ops = one_user_case(source, target, changes).plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Create,
        &["externalId eq \"E2\""],
    );
}

#[test]
fn duplicate_matches_are_skipped_not_guessed() {
    let case = Case::new(
        config(json!({})),
        directory(json!([person("u1", "ann@example.com", "Sales")]), json!([])),
        snapshot(
            json!([
                scim_user("a", "ann@example.com", "Sales", true),
                scim_user("b", "ANN@example.com", "Sales", true)
            ]),
            json!([]),
        ),
    );
    let ops = case.plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Skip,
        &["2 target users match userName eq \"ann@example.com\""],
    );
    // Two source users with one matching value: the second is skipped.
    let case = Case::new(
        config(json!({})),
        directory(
            json!([
                person("u1", "ann@example.com", "Sales"),
                person("u2", "Ann@example.com", "Sales")
            ]),
            json!([]),
        ),
        snapshot(
            json!([scim_user("u1", "ann@example.com", "Sales", true)]),
            json!([]),
        ),
    );
    let ops = case.plan();
    expect(for_source(&ops, "User", "u1"), Action::Link, &[]);
    expect(
        for_source(&ops, "User", "u2"),
        Action::Skip,
        &["already matched to source user u1"],
    );
}

#[test]
fn a_user_without_any_matching_value_is_not_created() {
    let source = json!({"id": "u1", "displayName": "No Mail", "accountDisabled": false});
    let ops = one_user_case(source, Value::Null, json!({})).plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Skip,
        // The required-attribute check names the same gap first.
        &["not created", "`userName`", "empty for this user"],
    );
}

#[test]
fn reactivation_is_an_update_unless_the_target_cannot_reactivate() {
    let source = person("u1", "ann@example.com", "Sales");
    let inactive = scim_user("u1", "ann@example.com", "Sales", false);
    let ops = one_user_case(source.clone(), inactive.clone(), json!({})).plan();
    let op = for_source(&ops, "User", "u1");
    expect(op, Action::Update, &["changes: active", "reactivates it"]);
    assert_eq!(
        patch_ops(op),
        vec![json!({"op": "replace", "path": "active", "value": true})]
    );

    // Asana (seed 002): "Reactivating users" is not supported.
    let ops = one_user_case(
        source,
        inactive,
        json!({"target": {"profile": "asana"}, "verifiedDomains": ["example.com"]}),
    )
    .plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Skip,
        &[
            "Asana cannot reactivate a deactivated user",
            "admin console",
        ],
    );
}

#[test]
fn switched_off_actions_become_explained_skips() {
    let ops = one_user_case(
        person("u1", "ann@example.com", "Sales"),
        Value::Null,
        json!({"actions": {"create": false}}),
    )
    .plan();
    let op = for_source(&ops, "User", "u1");
    expect(
        op,
        Action::Skip,
        &["creating users is switched off (actions.create)"],
    );
    assert!(op.request.is_none());

    let ops = one_user_case(
        person("u1", "ann@example.com", "Sales"),
        scim_user("u1", "ann@example.com", "Marketing", true),
        json!({"actions": {"update": false}}),
    )
    .plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Skip,
        &[
            "updating users is switched off (actions.update)",
            "department",
        ],
    );
}

#[test]
fn a_known_link_wins_over_the_matching_key_so_renames_are_updates() {
    let mut case = one_user_case(
        person("u1", "ann.new@example.com", "Sales"),
        scim_user("u1", "ann@example.com", "Sales", true),
        json!({}),
    );
    case.links.users.insert("u1".into(), "t-u1".into());
    let ops = case.plan();
    let op = for_source(&ops, "User", "u1");
    expect(
        op,
        Action::Update,
        &["linked to target user t-u1", "changes: userName"],
    );
    assert_eq!(
        patch_ops(op),
        vec![json!({"op": "replace", "path": "userName", "value": "ann.new@example.com"})]
    );
}

#[test]
fn plans_serialize_to_the_contract_shape() {
    let case = one_user_case(
        person("u1", "ann@example.com", "Sales"),
        Value::Null,
        json!({}),
    );
    let ops = case.plan();
    let json = serde_json::to_value(&ops).unwrap();
    let op = &json[0];
    let keys: Vec<&String> = op.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "action",
            "resourceType",
            "sourceId",
            "targetId",
            "request",
            "reason"
        ]
    );
    assert_eq!(op["action"], json!("create"));
    assert_eq!(op["resourceType"], json!("User"));
    assert_eq!(op["targetId"], Value::Null);
    assert_eq!(op["request"]["method"], json!("POST"));
    assert_eq!(op["request"]["path"], json!("/Users"));
}

#[test]
fn a_record_whose_value_cannot_be_sent_is_skipped_with_the_error() {
    let changes = json!({"users": {"mappings": [
        {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
        {"target": "active", "source": {"type": "direct", "attribute": "jobTitle"}}
    ]}});
    let source = person("u1", "ann@example.com", "Sales");
    let ops = one_user_case(source.clone(), Value::Null, changes.clone()).plan();
    let op = for_source(&ops, "User", "u1");
    expect(op, Action::Skip, &["not created: ", "$.users[0]"]);
    assert!(op.request.is_none());
    let target = scim_user("u1", "ann@example.com", "Sales", true);
    let ops = one_user_case(source, target, changes).plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Skip,
        &["matches target user t-u1", "not updated: "],
    );
}

#[test]
fn a_matched_target_user_without_an_id_is_skipped() {
    let mut target = scim_user("u1", "ann@example.com", "Sales", true);
    target.as_object_mut().unwrap().remove("id");
    let ops = one_user_case(person("u1", "ann@example.com", "Sales"), target, json!({})).plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Skip,
        &["has no `id`"],
    );
}
