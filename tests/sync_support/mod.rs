//! Shared by the `sync_*` integration tests: plan operations as the planner
//! builds them, and a run on virtual time against the in-memory target.
#![allow(dead_code)]

use scim_mapper::http::{Method, Timer, Transport};
use scim_mapper::scim::filter::eq_query;
use scim_mapper::sync::memory::{run_simulated, MemoryScim, VirtualClock};
use scim_mapper::sync::{
    execute, Action, Control, ExecuteOptions, ExecutionReport, LogOutcome, Operation,
    PlannedRequest, Progress, Recovery,
};
use serde_json::{json, Value};

/// 2026-01-01T00:00:00Z.
pub const START: f64 = 1_767_225_600_000.0;

pub const MANAGED: [&str; 3] = ["userName", "displayName", "active"];

pub fn user(user_name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "displayName": format!("User {user_name}"),
        "active": true,
    })
}

pub fn recovery(user_name: &str, desired: Value) -> Recovery {
    Recovery {
        lookup_path: format!("/Users?filter={}", eq_query("userName", user_name)),
        collection_path: "/Users".to_string(),
        desired,
        managed: MANAGED.iter().map(|m| m.to_string()).collect(),
    }
}

fn op(
    action: Action,
    source_id: &str,
    target_id: Option<&str>,
    request: Option<(Method, String, Option<Value>)>,
) -> Operation {
    Operation {
        action,
        resource_type: "User".to_string(),
        source_id: Some(source_id.to_string()),
        target_id: target_id.map(str::to_string),
        request: request.map(|(method, path, body)| PlannedRequest { method, path, body }),
        reason: format!("{} {source_id}", action.as_str()),
        recovery: None,
    }
}

pub fn create(source_id: &str, user_name: &str) -> Operation {
    let desired = user(user_name);
    let mut op = op(
        Action::Create,
        source_id,
        None,
        Some((Method::Post, "/Users".to_string(), Some(desired.clone()))),
    );
    op.recovery = Some(recovery(user_name, desired));
    op
}

pub fn patch_body(operations: Value) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": operations,
    })
}

/// An update that renames the display name, recoverable by re-creating.
pub fn update(source_id: &str, target_id: &str, user_name: &str, display_name: &str) -> Operation {
    let body = patch_body(json!([{"op": "replace", "path": "displayName", "value": display_name}]));
    let mut desired = user(user_name);
    desired["displayName"] = json!(display_name);
    let mut op = op(
        Action::Update,
        source_id,
        Some(target_id),
        Some((Method::Patch, format!("/Users/{target_id}"), Some(body))),
    );
    op.recovery = Some(recovery(user_name, desired));
    op
}

pub fn deactivate(source_id: &str, target_id: &str) -> Operation {
    let body = patch_body(json!([{"op": "replace", "path": "active", "value": false}]));
    op(
        Action::Deactivate,
        source_id,
        Some(target_id),
        Some((Method::Patch, format!("/Users/{target_id}"), Some(body))),
    )
}

pub fn delete(source_id: &str, target_id: &str) -> Operation {
    op(
        Action::Delete,
        source_id,
        Some(target_id),
        Some((Method::Delete, format!("/Users/{target_id}"), None)),
    )
}

pub fn quiet(action: Action, source_id: &str, target_id: Option<&str>) -> Operation {
    op(action, source_id, target_id, None)
}

/// A target that already holds these users (ids `t-<userName>`).
pub fn target_with(user_names: &[&str]) -> MemoryScim {
    let users = user_names
        .iter()
        .map(|name| {
            let mut resource = user(name);
            resource["id"] = json!(format!("t-{name}"));
            resource
        })
        .collect();
    let scim = MemoryScim::with_snapshot(users, vec![]);
    scim.set_now(START);
    scim
}

pub fn user_names(scim: &MemoryScim) -> Vec<String> {
    let mut names: Vec<String> = scim
        .users()
        .iter()
        .filter_map(|u| u["userName"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

pub fn options() -> ExecuteOptions {
    ExecuteOptions {
        base_backoff_ms: 100,
        max_backoff_ms: 2_000,
        ..ExecuteOptions::default()
    }
}

/// Runs a plan to completion on virtual time; returns the report and every
/// progress snapshot.
pub fn run_with<T: Transport, C: Timer>(
    ops: &[Operation],
    transport: &T,
    timer: &C,
    clock: &VirtualClock,
    options: &ExecuteOptions,
    control: &Control,
    on_progress: &mut dyn FnMut(&Progress),
) -> ExecutionReport {
    run_simulated(
        clock,
        execute(ops, transport, timer, options, control, on_progress),
    )
    .expect("the run finishes")
}

pub fn run<T: Transport>(
    ops: &[Operation],
    transport: &T,
    options: &ExecuteOptions,
) -> (ExecutionReport, Vec<Progress>, VirtualClock) {
    let clock = VirtualClock::new(START);
    let mut progress = Vec::new();
    let report = run_with(
        ops,
        transport,
        &clock,
        &clock,
        options,
        &Control::new(),
        &mut |p| progress.push(p.clone()),
    );
    (report, progress, clock)
}

/// The outcome kinds, in plan order, for compact assertions.
pub fn kinds(report: &ExecutionReport) -> Vec<String> {
    report
        .results
        .iter()
        .map(|r| {
            serde_json::to_value(&r.outcome).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// `METHOD path` of every request the target received.
pub fn received(scim: &MemoryScim) -> Vec<String> {
    scim.journal()
        .iter()
        .map(|j| format!("{} {}", j.method.as_str(), j.path))
        .collect()
}

/// The log's outcomes, in order.
pub fn outcomes(report: &ExecutionReport) -> Vec<LogOutcome> {
    report.log.iter().map(|e| e.outcome).collect()
}
