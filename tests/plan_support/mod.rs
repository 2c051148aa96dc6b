//! Shared set-up of the planner tests: a small configuration, source and
//! target snapshot written inline, and finders over the resulting plan.
#![allow(dead_code)]

use scim_mapper::mapping::config::{self, Config};
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::source::{self, Directory};
use scim_mapper::sync::{plan, Action, Links, Operation, PlanInput, PlanOptions, TargetSnapshot};
use serde_json::{json, Value};

/// 2026-11-22T12:00:00Z.
pub const NOW: i64 = 1_795_348_800_000;
pub const DAY: i64 = 86_400_000;

/// A generic-profile configuration: userName ← mail (matching 1),
/// name.formatted ← displayName, title ← jobTitle only on create,
/// active ← Not([accountDisabled]), department; groups by displayName with
/// members. `changes` replaces top-level keys (`actions`, `deprovision`…).
pub fn config(changes: Value) -> Config {
    let mut document = json!({
        "version": 1,
        "target": {"profile": "generic"},
        "users": {
            "mappings": [
                {"target": "userName", "source": {"type": "direct", "attribute": "mail"}, "matching": 1},
                {"target": "name.formatted", "source": {"type": "direct", "attribute": "displayName"}},
                {"target": "title", "source": {"type": "direct", "attribute": "jobTitle"}, "applyOn": "create"},
                {"target": "active", "source": {"type": "expression", "expression": "Not([accountDisabled])"}},
                {"target": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                 "source": {"type": "direct", "attribute": "department"}}
            ]
        },
        "groups": {
            "mappings": [
                {"target": "displayName", "source": {"type": "direct", "attribute": "displayName"}, "matching": 1},
                {"target": "members", "source": {"type": "direct", "attribute": "members"}}
            ]
        }
    });
    if let (Value::Object(base), Value::Object(changes)) = (&mut document, changes) {
        for (key, value) in changes {
            base.insert(key, value);
        }
    }
    config::from_value(&document).unwrap_or_else(|e| panic!("test config: {e:?}"))
}

/// A source user of the test directory.
pub fn person(id: &str, mail: &str, department: &str) -> Value {
    json!({"id": id, "mail": mail, "displayName": format!("Person {id}"), "jobTitle": "Engineer",
           "accountDisabled": false, "department": department})
}

/// The target user a sync would have created for [`person`].
pub fn scim_user(id: &str, mail: &str, department: &str, active: bool) -> Value {
    let source = person(id, mail, department);
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "id": format!("t-{id}"),
        "userName": mail,
        "name": {"formatted": source["displayName"]},
        "title": "Engineer",
        "active": active,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": department},
        "meta": {"resourceType": "User", "lastModified": "2026-11-01T00:00:00Z"}
    })
}

pub fn directory(users: Value, groups: Value) -> Directory {
    source::from_value(json!({"users": users, "groups": groups}))
        .unwrap_or_else(|e| panic!("test directory: {e}"))
}

pub fn snapshot(users: Value, groups: Value) -> TargetSnapshot {
    TargetSnapshot::from_value(&json!({"users": users, "groups": groups}))
        .unwrap_or_else(|e| panic!("test snapshot: {e}"))
}

/// What one plan reads, with defaults the tests override.
pub struct Case {
    pub config: Config,
    pub directory: Directory,
    pub snapshot: TargetSnapshot,
    pub target: Target,
    pub links: Links,
    pub options: PlanOptions,
}

impl Case {
    pub fn new(config: Config, directory: Directory, snapshot: TargetSnapshot) -> Case {
        let target = Target::builtin(&config.target.profile).expect("a built-in profile");
        Case {
            config,
            directory,
            snapshot,
            target,
            links: Links::default(),
            options: PlanOptions {
                now_millis: NOW,
                seed: 7,
                patch_supported: None,
            },
        }
    }

    pub fn input(&self) -> PlanInput<'_> {
        PlanInput {
            config: &self.config,
            directory: &self.directory,
            snapshot: &self.snapshot,
            target: &self.target,
            links: &self.links,
            options: self.options,
        }
    }

    pub fn plan(&self) -> Vec<Operation> {
        plan(&self.input()).unwrap_or_else(|e| panic!("plan failed: {e:?}"))
    }
}

/// One source user and at most one target user (`Value::Null` for none).
pub fn one_user_case(source: Value, target: Value, changes: Value) -> Case {
    let target_users = if target.is_null() {
        json!([])
    } else {
        json!([target])
    };
    Case::new(
        config(changes),
        directory(json!([source]), json!([])),
        snapshot(target_users, json!([])),
    )
}

/// The one operation about source object `source_id` of `resource_type`.
pub fn for_source<'o>(ops: &'o [Operation], resource_type: &str, source_id: &str) -> &'o Operation {
    let found: Vec<&Operation> = ops
        .iter()
        .filter(|op| {
            op.resource_type == resource_type && op.source_id.as_deref() == Some(source_id)
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one operation for {resource_type} {source_id}: {ops:#?}"
    );
    found[0]
}

/// The one operation about target object `target_id` with no source.
pub fn for_target<'o>(ops: &'o [Operation], target_id: &str) -> &'o Operation {
    let found: Vec<&Operation> = ops
        .iter()
        .filter(|op| op.target_id.as_deref() == Some(target_id))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one operation for target {target_id}: {ops:#?}"
    );
    found[0]
}

/// Asserts the action and that the reason contains every fragment.
pub fn expect(op: &Operation, action: Action, fragments: &[&str]) {
    assert_eq!(op.action, action, "{op:#?}");
    for fragment in fragments {
        assert!(
            op.reason.contains(fragment),
            "reason lacks `{fragment}`: {}",
            op.reason
        );
    }
}

/// The PatchOp operations of an operation's request body.
pub fn patch_ops(op: &Operation) -> Vec<Value> {
    op.request
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .and_then(|b| b.get("Operations"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}
