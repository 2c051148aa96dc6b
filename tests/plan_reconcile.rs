//! Reconciliation buckets, as Zoho Directory shows them before a sync
//! (seed 000): only in the target, in both (with the differences), to
//! activate, to deactivate — and the source users the target lacks.

mod plan_support;

use plan_support::*;
use scim_mapper::sync::reconcile;
use serde_json::json;

#[test]
fn users_fall_into_the_buckets_with_counts_and_differences() {
    let mut disabled = person("u4", "dan@example.com", "Sales");
    disabled["accountDisabled"] = json!(true);
    let config = config(json!({
        "users": {
            "scoping": [{"clauses": [{"attribute": "department", "operator": "EQUALS", "value": "Sales"}]}],
            "mappings": config(json!({})).users.mappings,
        }
    }));
    let case = Case::new(
        config,
        directory(
            json!([
                person("u1", "ann@example.com", "Sales"),
                person("u2", "bob@example.com", "Sales"),
                person("u3", "cy@example.com", "Marketing"),
                disabled,
                person("u5", "eve@example.com", "Sales"),
            ]),
            json!([]),
        ),
        snapshot(
            json!([
                // u1: in sync, except a department change.
                scim_user("u1", "ANN@example.com", "Support", true),
                // u2: deactivated in the target.
                scim_user("u2", "bob@example.com", "Sales", false),
                // u3: out of scope, still active.
                scim_user("u3", "cy@example.com", "Marketing", true),
                // u4: disabled in the source, still active.
                scim_user("u4", "dan@example.com", "Sales", true),
                // Only in the target.
                scim_user("x", "admin@example.com", "IT", true),
            ]),
            json!([]),
        ),
    );
    let report = reconcile(&case.input()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["counts"],
        json!({"newInTarget": 1, "both": 4, "notInTarget": 1, "toActivate": 1, "toDeactivate": 2})
    );
    assert_eq!(
        json["newInTarget"],
        json!([{"targetId": "t-x", "label": "admin@example.com"}])
    );
    assert_eq!(json["notInTarget"][0]["sourceId"], json!("u5"));
    assert_eq!(
        json["notInTarget"][0]["matching"],
        json!({"attribute": "userName", "value": "eve@example.com"})
    );

    let ann = &json["both"][0];
    assert_eq!(ann["sourceId"], json!("u1"));
    assert_eq!(ann["targetId"], json!("t-u1"));
    assert_eq!(ann["matchedBy"], json!("userName eq \"ann@example.com\""));
    assert_eq!(
        ann["differences"],
        json!([
            {"attribute": "userName", "target": "ANN@example.com", "source": "ann@example.com"},
            {"attribute": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
             "target": "Support", "source": "Sales"}
        ])
    );
    assert_eq!(
        json["both"][1]["differences"],
        json!([{"attribute": "active", "target": false, "source": true}])
    );

    assert_eq!(json["toActivate"][0]["sourceId"], json!("u2"));
    let deactivate: Vec<&str> = report
        .to_deactivate
        .iter()
        .map(|t| t.source_id.as_str())
        .collect();
    assert_eq!(deactivate, ["u3", "u4"]);
    assert!(report.to_deactivate[0].reason.contains("out of scope"));
    assert!(report.to_deactivate[1]
        .reason
        .contains("disabled in the source"));
}

#[test]
fn an_empty_target_puts_every_active_source_user_in_not_in_target() {
    let case = Case::new(
        config(json!({})),
        directory(json!([person("u1", "ann@example.com", "Sales")]), json!([])),
        snapshot(json!([]), json!([])),
    );
    let report = reconcile(&case.input()).unwrap();
    assert_eq!(report.counts.not_in_target, 1);
    assert_eq!(report.counts.both + report.counts.new_in_target, 0);
}
