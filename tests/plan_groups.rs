//! The group phase: create or link by displayName, memberships through the
//! id map, pending members, and what targets refuse (Asana teams).

mod plan_support;

use plan_support::*;
use scim_mapper::http::Method;
use scim_mapper::mapping::engine::IdMap;
use scim_mapper::sync::{plan_groups, plan_users, Action};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn sales(members: &[&str]) -> Value {
    json!({"id": "g1", "displayName": "Sales", "members": members})
}

fn scim_group(id: &str, name: &str, members: &[&str]) -> Value {
    let members: Vec<Value> = members.iter().map(|m| json!({"value": m})).collect();
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": id, "displayName": name, "members": members})
}

fn two_people() -> Value {
    json!([
        person("u1", "ann@example.com", "Sales"),
        person("u2", "bob@example.com", "Sales")
    ])
}

#[test]
fn the_one_shot_plan_creates_groups_with_known_members_and_reports_the_pending_ones() {
    let case = Case::new(
        config(json!({})),
        directory(two_people(), json!([sales(&["u1", "u2", "u9"])])),
        snapshot(
            json!([scim_user("u1", "ann@example.com", "Sales", true)]),
            json!([]),
        ),
    );
    let ops = case.plan();
    expect(for_source(&ops, "User", "u2"), Action::Create, &[]);
    let op = for_source(&ops, "Group", "g1");
    expect(
        op,
        Action::Create,
        &[
            "no group with displayName eq \"Sales\"",
            "1 member(s) pending until their users are created in this run",
            "(u2)",
            "1 member(s) not in the target, so not added (u9)",
        ],
    );
    let request = op.request.as_ref().unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Post, "/Groups")
    );
    let body = request.body.as_ref().unwrap();
    assert_eq!(body["displayName"], json!("Sales"));
    assert_eq!(body["members"], json!([{"value": "t-u1"}]));
    let recovery = op.recovery.as_ref().unwrap();
    assert_eq!(
        recovery.lookup_path,
        "/Groups?filter=displayName%20eq%20%22Sales%22"
    );
    // Groups come after every user.
    let first_group = ops.iter().position(|o| o.resource_type == "Group").unwrap();
    assert!(ops[first_group..]
        .iter()
        .all(|o| o.resource_type == "Group"));
}

#[test]
fn the_two_phases_hand_over_the_ids_of_matched_users() {
    let case = Case::new(
        config(json!({})),
        directory(two_people(), json!([sales(&["u1", "u2"])])),
        snapshot(
            json!([scim_user("u1", "ann@example.com", "Sales", true)]),
            json!([]),
        ),
    );
    let users = plan_users(&case.input()).unwrap();
    assert_eq!(
        users.ids,
        IdMap::from([("u1".to_string(), "t-u1".to_string())])
    );
    assert_eq!(users.creating, BTreeSet::from(["u2".to_string()]));
    // After the run, u2 has an id: phase 2 sends both members.
    let mut ids = users.ids.clone();
    ids.insert("u2".into(), "t-new".into());
    let groups = plan_groups(&case.input(), &ids, &BTreeSet::new()).unwrap();
    assert_eq!(groups.creating, BTreeSet::from(["g1".to_string()]));
    assert!(groups.ids.is_empty());
    let op = for_source(&groups.operations, "Group", "g1");
    expect(op, Action::Create, &[]);
    assert!(!op.reason.contains("pending"), "{}", op.reason);
    assert_eq!(
        op.request.as_ref().unwrap().body.as_ref().unwrap()["members"],
        json!([{"value": "t-u1"}, {"value": "t-new"}])
    );
}

#[test]
fn membership_changes_are_single_member_patches() {
    let case = Case::new(
        config(json!({})),
        directory(two_people(), json!([sales(&["u2"])])),
        snapshot(
            json!([
                scim_user("u1", "ann@example.com", "Sales", true),
                scim_user("u2", "bob@example.com", "Sales", true)
            ]),
            json!([scim_group("tg", "sales", &["t-u1"])]),
        ),
    );
    let ops = case.plan();
    let op = for_source(&ops, "Group", "g1");
    expect(
        op,
        Action::Update,
        &[
            "matches target group tg by displayName eq \"Sales\"",
            "members (+1 −1)",
        ],
    );
    let request = op.request.as_ref().unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Patch, "/Groups/tg")
    );
    let ops_json = patch_ops(op);
    assert!(
        ops_json.contains(&json!({"op": "remove", "path": "members[value eq \"t-u1\"]"})),
        "{ops_json:?}"
    );
    assert!(
        ops_json.contains(&json!({"op": "add", "path": "members", "value": [{"value": "t-u2"}]})),
        "{ops_json:?}"
    );
}

#[test]
fn an_in_sync_group_is_linked_then_noop() {
    let mut case = Case::new(
        config(json!({})),
        directory(two_people(), json!([sales(&["u1", "u2"])])),
        snapshot(
            json!([
                scim_user("u1", "ann@example.com", "Sales", true),
                scim_user("u2", "bob@example.com", "Sales", true)
            ]),
            json!([scim_group("tg", "Sales", &["t-u2", "t-u1"])]),
        ),
    );
    expect(
        for_source(&case.plan(), "Group", "g1"),
        Action::Link,
        &["nothing to change, linked"],
    );
    case.links.groups.insert("g1".into(), "tg".into());
    expect(
        for_source(&case.plan(), "Group", "g1"),
        Action::Noop,
        &["in sync"],
    );
}

fn out_of_scope_group(
    profile: &str,
    policy: &str,
    delete: bool,
) -> Vec<scim_mapper::sync::Operation> {
    let base = config(json!({}));
    let changes = json!({
        "target": {"profile": profile},
        "verifiedDomains": ["example.com"],
        "actions": {"delete": delete},
        "deprovision": {"onOutOfScope": policy},
        "groups": {
            "scoping": [{"clauses": [{"attribute": "displayName", "operator": "EQUALS", "value": "Engineering"}]}],
            "mappings": base.groups.mappings,
        }
    });
    Case::new(
        config(changes),
        directory(two_people(), json!([sales(&["u1"])])),
        snapshot(json!([]), json!([scim_group("tg", "Sales", &[])])),
    )
    .plan()
}

#[test]
fn out_of_scope_groups_are_deleted_only_where_the_target_allows() {
    let ops = out_of_scope_group("generic", "delete", true);
    let op = for_source(&ops, "Group", "g1");
    expect(
        op,
        Action::Delete,
        &["out of scope", "onOutOfScope is delete"],
    );
    let request = op.request.as_ref().unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Delete, "/Groups/tg")
    );

    // Asana (seed 002): "Deleting teams in Asana" is not supported.
    let ops = out_of_scope_group("asana", "delete", true);
    let op = for_source(&ops, "Group", "g1");
    expect(
        op,
        Action::Skip,
        &[
            "Asana cannot delete groups (teams) through SCIM",
            "admin console",
        ],
    );
    assert!(op.request.is_none());

    let ops = out_of_scope_group("generic", "delete", false);
    expect(
        for_source(&ops, "Group", "g1"),
        Action::Skip,
        &["deleting groups is switched off (actions.delete)"],
    );
    let ops = out_of_scope_group("generic", "deactivate", true);
    expect(
        for_source(&ops, "Group", "g1"),
        Action::Noop,
        &["groups cannot be deactivated"],
    );
    let ops = out_of_scope_group("generic", "none", true);
    expect(
        for_source(&ops, "Group", "g1"),
        Action::Noop,
        &["onOutOfScope is none"],
    );
}

#[test]
fn disabled_groups_plan_nothing_and_unknown_target_groups_are_left_alone() {
    let mut disabled = config(json!({}));
    disabled.groups.enabled = false;
    let case = Case::new(
        disabled,
        directory(two_people(), json!([sales(&["u1"])])),
        snapshot(json!([]), json!([scim_group("tg", "Sales", &[])])),
    );
    assert!(case.plan().iter().all(|op| op.resource_type == "User"));

    let case = Case::new(
        config(json!({})),
        directory(two_people(), json!([])),
        snapshot(json!([]), json!([scim_group("tg", "Legacy team", &[])])),
    );
    expect(
        for_target(&case.plan(), "tg"),
        Action::Noop,
        &["only in the target (Legacy team)"],
    );
}

#[test]
fn switched_off_group_creation_is_a_skip() {
    let case = Case::new(
        config(json!({"actions": {"create": false}})),
        directory(json!([]), json!([sales(&[])])),
        snapshot(json!([]), json!([])),
    );
    expect(
        for_source(&case.plan(), "Group", "g1"),
        Action::Skip,
        &["creating groups is switched off"],
    );
}

#[test]
fn the_remaining_group_reasons() {
    // Two target groups with one displayName.
    let case = Case::new(
        config(json!({})),
        directory(json!([]), json!([sales(&[])])),
        snapshot(
            json!([]),
            json!([scim_group("a", "Sales", &[]), scim_group("b", "SALES", &[])]),
        ),
    );
    expect(
        for_source(&case.plan(), "Group", "g1"),
        Action::Skip,
        &["2 target groups match displayName eq \"Sales\""],
    );

    // Updates switched off.
    let case = Case::new(
        config(json!({"actions": {"update": false}})),
        directory(two_people(), json!([sales(&["u1"])])),
        snapshot(
            json!([scim_user("u1", "ann@example.com", "Sales", true)]),
            json!([scim_group("tg", "Sales", &[])]),
        ),
    );
    expect(
        for_source(&case.plan(), "Group", "g1"),
        Action::Skip,
        &[
            "members (+1 −0)",
            "updating groups is switched off (actions.update)",
        ],
    );

    // Out of scope and absent: nothing to do.
    let base = config(json!({}));
    let scoped = config(json!({"groups": {
        "scoping": [{"clauses": [{"attribute": "displayName", "operator": "EQUALS", "value": "Engineering"}]}],
        "mappings": base.groups.mappings,
    }}));
    let case = Case::new(
        scoped,
        directory(json!([]), json!([sales(&[])])),
        snapshot(json!([]), json!([])),
    );
    expect(
        for_source(&case.plan(), "Group", "g1"),
        Action::Noop,
        &["out of scope", "absent from the target"],
    );

    // A linked team whose source group is gone follows onOutOfScope.
    let mut case = Case::new(
        config(json!({"actions": {"delete": true}, "deprovision": {"onOutOfScope": "delete"}})),
        directory(json!([]), json!([])),
        snapshot(json!([]), json!([scim_group("tg", "Old team", &[])])),
    );
    case.links.groups.insert("g-old".into(), "tg".into());
    let ops = case.plan();
    let op = for_target(&ops, "tg");
    expect(
        op,
        Action::Delete,
        &["its source group g-old is gone from the directory"],
    );
    assert_eq!(op.source_id.as_deref(), Some("g-old"));
}
