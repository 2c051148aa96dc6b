//! Plan at scale (issue 8): 100,000 source users against 100,000 target
//! users already provisioned and linked by an earlier run — 10% changed in
//! the source (an update each), 1% new (a create each), 1% gone from the
//! source (a deactivate each), the rest noop. The configuration is
//! `tests/fixtures/plan/config.json`. `tests/bench/plan.mjs` builds the same
//! inputs by the same rules for the wasm module; both print the action
//! counts, so the two runs are seen to plan the same thing.
//!
//! Run: `cargo bench --bench plan`. Prints wall and CPU seconds per plan.
//! `PLAN_BENCH_USERS=5000` plans fewer users; `PLAN_PROFILE_USERS=3000`
//! plans that many once and stops (for `valgrind --tool=callgrind`, with
//! `--toggle-collect='*sync*plan*plan*'` to count the plan alone).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scim_mapper::mapping::config::{self, Config};
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::source::{self, Directory};
use scim_mapper::sync::{self, Links, PlanInput, PlanOptions, TargetSnapshot};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Instant;

const DEFAULT_USERS: usize = 100_000;
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// 2026-11-22T12:00:00Z, so `deleteAfterDays` decisions never depend on the day.
const NOW_MILLIS: i64 = 1_795_348_800_000;

fn is_changed(i: usize) -> bool {
    i % 10 == 3
}

fn is_gone(i: usize) -> bool {
    i % 100 == 7
}

fn department(i: usize) -> &'static str {
    ["Sales", "Engineering"][i % 2]
}

fn source_user(i: usize) -> Value {
    let display = if is_changed(i) {
        format!("User {i} (renamed)")
    } else {
        format!("User {i}")
    };
    json!({"id": format!("u{i}"), "mail": format!("user{i}@example.com"), "displayName": display,
        "jobTitle": "Engineer", "accountDisabled": false,
        "department": department(i)})
}

fn target_user(i: usize) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "id": format!("t{i}"), "userName": format!("user{i}@example.com"),
        "name": {"formatted": format!("User {i}")}, "title": "Engineer", "active": true,
        ENTERPRISE: {"department": department(i)}})
}

struct Inputs {
    config: Config,
    directory: Directory,
    snapshot: TargetSnapshot,
    target: Target,
    links: Links,
}

fn user_count() -> usize {
    std::env::var("PLAN_BENCH_USERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_USERS)
}

fn inputs(users: usize) -> Inputs {
    let config = config::load(include_str!("../fixtures/plan/config.json"))
        .unwrap_or_else(|errors| panic!("fixture config: {errors:?}"));
    let source_users: Vec<Value> = (0..users)
        .filter(|&i| !is_gone(i))
        .chain(users..users + users / 100)
        .map(source_user)
        .collect();
    let directory = source::from_value(json!({"users": source_users, "groups": []}))
        .unwrap_or_else(|error| panic!("generated directory: {error}"));
    let snapshot = TargetSnapshot::from_value(&json!({
        "users": (0..users).map(target_user).collect::<Vec<_>>(), "groups": []}))
    .unwrap_or_else(|error| panic!("generated snapshot: {error}"));
    let (target, problems) = Target::for_config(&config);
    assert!(problems.is_empty(), "{problems:?}");
    let links: BTreeMap<String, String> = (0..users)
        .map(|i| (format!("u{i}"), format!("t{i}")))
        .collect();
    let links = serde_json::from_value(json!({"users": links, "groups": {}}))
        .unwrap_or_else(|error| panic!("links: {error}"));
    Inputs {
        config,
        directory,
        snapshot,
        target,
        links,
    }
}

fn run(inputs: &Inputs) -> Vec<sync::Operation> {
    let input = PlanInput {
        config: &inputs.config,
        directory: &inputs.directory,
        snapshot: &inputs.snapshot,
        target: &inputs.target,
        links: &inputs.links,
        options: PlanOptions {
            now_millis: NOW_MILLIS,
            seed: 1,
            patch_supported: None,
        },
    };
    sync::plan(&input).unwrap_or_else(|errors| panic!("plan: {errors:?}"))
}

fn bench_plan(c: &mut Criterion) {
    if let Some(users) = std::env::var("PLAN_PROFILE_USERS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        let operations = run(&inputs(users));
        println!(
            "profiled one plan of {users} users ({} operations)",
            operations.len()
        );
        return;
    }
    let users = user_count();
    let inputs = inputs(users);
    for _ in 0..3 {
        let (start, cpu_start) = (Instant::now(), thread_cpu_seconds());
        let operations = run(&inputs);
        let seconds = start.elapsed().as_secs_f64();
        let cpu = thread_cpu_seconds()
            .zip(cpu_start)
            .map(|(end, start)| end - start);
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for operation in &operations {
            *counts.entry(operation.action.as_str()).or_default() += 1;
        }
        println!(
            "plan: {} source users x {users} target users → {counts:?}: {seconds:.3} s wall; {}",
            inputs.directory.users.len(),
            cpu.map_or("CPU time unavailable".to_string(), |cpu| format!(
                "{cpu:.3} s CPU"
            )),
        );
        drop(std::hint::black_box(operations));
    }

    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    group.throughput(Throughput::Elements(users as u64));
    let name = format!("{users} x {users} users, 10% changed, 1% new, 1% gone");
    group.bench_function(name, |b| b.iter_with_large_drop(|| run(&inputs)));
    group.finish();
}

/// This thread's CPU time (Linux `/proc/thread-self/schedstat`), so a busy
/// machine does not distort the figure; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

criterion_group!(benches, bench_plan);
criterion_main!(benches);
