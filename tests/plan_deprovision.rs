//! Deprovisioning in the user phase: out of scope (onOutOfScope none /
//! deactivate / delete), disabled in the source, deleteAfterDays before and
//! after, and linked target users whose source user is gone.

mod plan_support;

use plan_support::*;
use scim_mapper::http::Method;
use scim_mapper::sync::Action;
use serde_json::{json, Value};

fn scoped(on_out_of_scope: &str, actions: Value, delete_after_days: Value) -> Value {
    json!({
        "actions": actions,
        "deprovision": {"onOutOfScope": on_out_of_scope, "deleteAfterDays": delete_after_days},
        "users": {
            "scoping": [{"clauses": [{"attribute": "department", "operator": "EQUALS", "value": "Sales"}]}],
            "mappings": config(json!({})).users.mappings,
        }
    })
}

fn all_actions() -> Value {
    json!({"create": true, "update": true, "deactivate": true, "delete": true})
}

#[test]
fn out_of_scope_users_follow_on_out_of_scope() {
    let source = person("u1", "ann@example.com", "Marketing");
    let target = scim_user("u1", "ann@example.com", "Marketing", true);
    let plan_with = |policy: &str, actions: Value| {
        one_user_case(
            source.clone(),
            target.clone(),
            scoped(policy, actions, Value::Null),
        )
        .plan()
    };

    let ops = plan_with("deactivate", all_actions());
    let op = for_source(&ops, "User", "u1");
    expect(
        op,
        Action::Deactivate,
        &["out of scope", "department EQUALS \"Sales\"", "deactivated"],
    );
    let request = op.request.as_ref().unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Patch, "/Users/t-u1")
    );
    assert_eq!(
        patch_ops(op),
        vec![json!({"op": "replace", "path": "active", "value": false})]
    );

    let ops = plan_with("none", all_actions());
    expect(
        for_source(&ops, "User", "u1"),
        Action::Noop,
        &["onOutOfScope is none"],
    );

    let ops = plan_with("delete", all_actions());
    let op = for_source(&ops, "User", "u1");
    expect(op, Action::Delete, &["onOutOfScope is delete"]);
    let request = op.request.as_ref().unwrap();
    assert_eq!(
        (request.method, request.path.as_str(), request.body.as_ref()),
        (Method::Delete, "/Users/t-u1", None)
    );

    let ops = plan_with("delete", json!({"delete": false}));
    expect(
        for_source(&ops, "User", "u1"),
        Action::Skip,
        &["deleting users is switched off (actions.delete)"],
    );
    let ops = plan_with("deactivate", json!({"deactivate": false}));
    expect(
        for_source(&ops, "User", "u1"),
        Action::Skip,
        &["deactivating users is switched off (actions.deactivate)"],
    );

    // Out of scope and not in the target: nothing to do.
    let ops = one_user_case(
        source.clone(),
        Value::Null,
        scoped("deactivate", all_actions(), Value::Null),
    )
    .plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Noop,
        &["out of scope", "absent from the target"],
    );
}

#[test]
fn delete_after_days_waits_for_the_deactivation_to_age() {
    let source = person("u1", "ann@example.com", "Marketing");
    let deactivated = |days_ago: i64| {
        let mut user = scim_user("u1", "ann@example.com", "Marketing", false);
        let millis = NOW - days_ago * DAY;
        user["meta"]["lastModified"] =
            json!(scim_mapper::sync::log::format_timestamp(millis as f64));
        user
    };
    let changes = scoped("deactivate", all_actions(), json!(7));

    let ops = one_user_case(source.clone(), deactivated(8), changes.clone()).plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Delete,
        &["7 days or more ago", "deleteAfterDays"],
    );

    let ops = one_user_case(source.clone(), deactivated(3), changes.clone()).plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Noop,
        &[
            "deactivated since 2026-11-19T12:00:00",
            "to be deleted from 2026-11-26T12:00:00",
            "deleteAfterDays: 7",
        ],
    );

    let mut without_date = deactivated(30);
    without_date["meta"] = json!({});
    let ops = one_user_case(source.clone(), without_date, changes.clone()).plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Skip,
        &["without meta.lastModified"],
    );

    // Still active: deactivated first, deleted later.
    let active = scim_user("u1", "ann@example.com", "Marketing", true);
    let ops = one_user_case(
        source.clone(),
        active,
        scoped("delete", all_actions(), json!(21)),
    )
    .plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Deactivate,
        &["to be deleted 21 days later"],
    );

    // Without deleteAfterDays a deactivated user just stays deactivated.
    let ops = one_user_case(
        source,
        deactivated(300),
        scoped("deactivate", all_actions(), Value::Null),
    )
    .plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Noop,
        &["already deactivated"],
    );
}

#[test]
fn users_disabled_in_the_source_are_deactivated_not_created() {
    let mut source = person("u1", "ann@example.com", "Sales");
    source["accountDisabled"] = json!(true);
    let active = scim_user("u1", "ann@example.com", "Sales", true);
    let ops = one_user_case(
        source.clone(),
        active,
        json!({"deprovision": {"onOutOfScope": "none"}}),
    )
    .plan();
    let op = for_source(&ops, "User", "u1");
    expect(
        op,
        Action::Deactivate,
        &["disabled in the source (active is false)"],
    );
    assert_eq!(
        patch_ops(op),
        vec![json!({"op": "replace", "path": "active", "value": false})]
    );

    let inactive = scim_user("u1", "ann@example.com", "Sales", false);
    let ops = one_user_case(source.clone(), inactive, json!({})).plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Noop,
        &["already deactivated"],
    );

    let ops = one_user_case(source, Value::Null, json!({})).plan();
    expect(
        for_source(&ops, "User", "u1"),
        Action::Noop,
        &["disabled in the source", "not created"],
    );
}

#[test]
fn target_only_users_are_left_alone_unless_linked_to_a_vanished_source_user() {
    let mut case = Case::new(
        config(json!({})),
        directory(json!([person("u1", "ann@example.com", "Sales")]), json!([])),
        snapshot(
            json!([
                scim_user("u1", "ann@example.com", "Sales", true),
                scim_user("admin", "admin@example.com", "IT", true),
                scim_user("gone", "gone@example.com", "IT", true),
            ]),
            json!([]),
        ),
    );
    let ops = case.plan();
    expect(
        for_target(&ops, "t-admin"),
        Action::Noop,
        &["only in the target (admin@example.com)"],
    );
    expect(
        for_target(&ops, "t-gone"),
        Action::Noop,
        &["only in the target"],
    );

    case.links.users.insert("gone".into(), "t-gone".into());
    let ops = case.plan();
    let op = for_target(&ops, "t-gone");
    expect(
        op,
        Action::Deactivate,
        &["its source user gone is gone from the directory"],
    );
    assert_eq!(op.source_id.as_deref(), Some("gone"));
    expect(
        for_target(&ops, "t-admin"),
        Action::Noop,
        &["only in the target"],
    );
}
