//! The preview's "diff against the imported target object": each source
//! user and group is matched to its target object with the planner's rules
//! and its attribute differences classified as added, changed or removed;
//! an unmatched one would be created.

mod plan_support;

use plan_support::*;
use scim_mapper::sync::reconcile::{compare_with_target, ChangeKind, TargetMatch};
use scim_mapper::workspace::ResourceKind;
use serde_json::json;

const DEPARTMENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";

fn differences(
    found: &TargetMatch,
) -> Vec<(String, ChangeKind, serde_json::Value, serde_json::Value)> {
    match found {
        TargetMatch::Matched { differences, .. } => differences
            .iter()
            .map(|d| {
                (
                    d.attribute.clone(),
                    d.kind(),
                    d.target.clone(),
                    d.source.clone(),
                )
            })
            .collect(),
        other => panic!("expected a match, got {other:?}"),
    }
}

#[test]
fn matched_users_show_their_target_object_and_classified_differences() {
    let mut renamed = scim_user("u1", "ann@example.com", "Support", true);
    renamed["name"] = json!({"formatted": "Old Name"});
    let mut no_department = person("u2", "bob@example.com", "Sales");
    no_department.as_object_mut().unwrap().remove("department");
    let case = Case::new(
        config(json!({})),
        directory(
            json!([
                person("u1", "ann@example.com", "Sales"),
                no_department,
                person("u3", "cy@example.com", "Sales"),
            ]),
            json!([]),
        ),
        snapshot(
            json!([
                renamed,
                // u2: the target has a department the source no longer maps.
                scim_user("u2", "bob@example.com", "Sales", true),
            ]),
            json!([]),
        ),
    );
    let comparison = compare_with_target(&case.input()).unwrap();

    let ann = comparison.get(ResourceKind::User, "u1").unwrap();
    let TargetMatch::Matched {
        target, matched_by, ..
    } = ann
    else {
        panic!("{ann:?}")
    };
    assert_eq!(target["id"], json!("t-u1"), "the imported object itself");
    assert_eq!(matched_by, "userName eq \"ann@example.com\"");
    assert_eq!(
        differences(ann),
        vec![
            (
                "name.formatted".into(),
                ChangeKind::Changed,
                json!("Old Name"),
                json!("Person u1")
            ),
            (
                DEPARTMENT.into(),
                ChangeKind::Changed,
                json!("Support"),
                json!("Sales")
            ),
        ]
    );
    assert_eq!(
        differences(comparison.get(ResourceKind::User, "u2").unwrap()),
        vec![(
            DEPARTMENT.into(),
            ChangeKind::Removed,
            json!("Sales"),
            json!(null)
        )]
    );
    assert_eq!(
        comparison.get(ResourceKind::User, "u3"),
        Some(&TargetMatch::NotFound),
        "not in the target: would be created"
    );
}

#[test]
fn an_attribute_missing_in_the_target_is_added() {
    let mut bare = scim_user("u1", "ann@example.com", "Sales", true);
    bare.as_object_mut().unwrap().remove("name");
    let case = Case::new(
        config(json!({})),
        directory(json!([person("u1", "ann@example.com", "Sales")]), json!([])),
        snapshot(json!([bare]), json!([])),
    );
    let comparison = compare_with_target(&case.input()).unwrap();
    assert_eq!(
        differences(comparison.get(ResourceKind::User, "u1").unwrap()),
        vec![(
            "name.formatted".into(),
            ChangeKind::Added,
            json!(null),
            json!("Person u1")
        )]
    );
}

#[test]
fn groups_compare_their_members_through_the_matched_users_target_ids() {
    let case = Case::new(
        config(json!({})),
        directory(
            json!([
                person("u1", "ann@example.com", "Sales"),
                person("u2", "bob@example.com", "Sales")
            ]),
            json!([{"id": "g1", "displayName": "Sales", "members": ["u1", "u2"]},
                   {"id": "g2", "displayName": "New team", "members": []}]),
        ),
        snapshot(
            json!([
                scim_user("u1", "ann@example.com", "Sales", true),
                scim_user("u2", "bob@example.com", "Sales", true)
            ]),
            json!([{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "t-g1",
                    "displayName": "Sales", "members": [{"value": "t-u1"}]}]),
        ),
    );
    let comparison = compare_with_target(&case.input()).unwrap();
    let sales = differences(comparison.get(ResourceKind::Group, "g1").unwrap());
    assert_eq!(sales.len(), 1, "{sales:?}");
    let (attribute, kind, before, after) = &sales[0];
    assert!(attribute.starts_with("members"), "{attribute}");
    assert_eq!(*kind, ChangeKind::Changed);
    assert!(!before.to_string().contains("t-u2"), "{before}");
    assert!(
        after.to_string().contains("t-u2"),
        "bob is added through his target id: {after}"
    );
    assert_eq!(
        comparison.get(ResourceKind::Group, "g2"),
        Some(&TargetMatch::NotFound)
    );
}

#[test]
fn a_matching_value_shared_by_two_target_objects_is_ambiguous_not_diffed() {
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
    let comparison = compare_with_target(&case.input()).unwrap();
    assert_eq!(
        comparison.get(ResourceKind::User, "u1"),
        Some(&TargetMatch::Ambiguous { candidates: 2 })
    );
}
