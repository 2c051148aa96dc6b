//! Any JSON `{"config", "source", "target", "links", "patchSupported"}`:
//! loading each part and planning the sync never panics — every problem is
//! an `Error` value — and planning is deterministic. Seeds are the plan
//! fixtures (tests/fuzz/seeds/planner).
//!
//! Run: `cargo fuzz run planner --fuzz-dir tests/fuzz`
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_mapper::mapping::config;
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::source;
use scim_mapper::sync::{self, Links, PlanInput, PlanOptions, TargetSnapshot};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(Value::Object(input)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let part = |name: &str| input.get(name).cloned().unwrap_or(Value::Null);
    let Ok(config) = config::from_value(&part("config")) else {
        return;
    };
    let Ok(directory) = source::from_value(part("source")) else {
        return;
    };
    let Ok(snapshot) = TargetSnapshot::from_value(&part("target")) else {
        return;
    };
    let links: Links = serde_json::from_value(part("links")).unwrap_or_default();
    let (target, _) = Target::for_config(&config);
    let plan_input = PlanInput {
        config: &config,
        directory: &directory,
        snapshot: &snapshot,
        target: &target,
        links: &links,
        options: PlanOptions {
            now_millis: 1_795_348_800_000,
            seed: 1,
            patch_supported: part("patchSupported").as_bool(),
        },
    };
    let first = sync::plan(&plan_input);
    let second = sync::plan(&plan_input);
    assert_eq!(first, second, "planning is deterministic");
    let _ = sync::plan_users(&plan_input);
});
