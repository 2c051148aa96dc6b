//! A 1,000-operation run against a flaky target: 10% of requests are
//! throttled, fail with 503 or lose their connection. It must end with
//! exactly the right users, and log every retry.

mod sync_support;

use scim_mapper::sync::memory::Fault;
use scim_mapper::sync::{ExecuteOptions, LogOutcome};
use std::collections::BTreeMap;
use sync_support::*;

#[test]
fn a_thousand_operations_through_ten_percent_faults() {
    let existing: Vec<String> = (0..200).map(|i| format!("old{i:03}@x.com")).collect();
    let refs: Vec<&str> = existing.iter().map(String::as_str).collect();
    let scim = target_with(&refs);
    scim.fail_randomly(
        10,
        2026,
        vec![Fault::throttled("1"), Fault::status(503), Fault::Network],
    );
    let mut ops = Vec::new();
    for i in 0..800 {
        ops.push(create(&format!("new{i}"), &format!("new{i:03}@x.com")));
    }
    for name in &existing[..100] {
        ops.push(update(
            &format!("s-{name}"),
            &format!("t-{name}"),
            name,
            "Renamed",
        ));
    }
    for name in &existing[100..150] {
        ops.push(deactivate(&format!("s-{name}"), &format!("t-{name}")));
    }
    for name in &existing[150..200] {
        ops.push(delete(&format!("s-{name}"), &format!("t-{name}")));
    }
    assert_eq!(ops.len(), 1_000);
    let options = ExecuteOptions {
        max_attempts: 10,
        ..options()
    };
    let (report, progress, _) = run(&ops, &scim, &options);

    assert_eq!(report.stopped, None);
    assert_eq!(report.summary.succeeded, 1_000, "{:?}", report.summary);
    assert_eq!(progress.len(), 1_000);
    assert_eq!(progress.last().unwrap().done, 1_000);

    // Exactly the right users, in exactly the right state.
    let users = scim.users();
    let by_name: BTreeMap<&str, &serde_json::Value> = users
        .iter()
        .map(|u| (u["userName"].as_str().unwrap(), u))
        .collect();
    assert_eq!(users.len(), 950);
    assert_eq!(by_name.len(), 950, "no duplicates");
    for i in 0..800 {
        assert!(by_name.contains_key(format!("new{i:03}@x.com").as_str()));
    }
    for name in &existing[..100] {
        assert_eq!(by_name[name.as_str()]["displayName"], "Renamed");
    }
    for name in &existing[100..150] {
        assert_eq!(by_name[name.as_str()]["active"], false);
    }
    for name in &existing[150..] {
        assert!(!by_name.contains_key(name.as_str()));
    }
    assert_eq!(report.created.len(), 800);
    for (source, target) in &report.created {
        let index: usize = source.trim_start_matches("new").parse().unwrap();
        let user = users.iter().find(|u| u["id"] == target.as_str()).unwrap();
        assert_eq!(user["userName"], format!("new{index:03}@x.com"));
    }

    // Every request is in the log, and every injected fault was retried.
    let journal = scim.journal();
    assert_eq!(report.log.len(), journal.len());
    let faulted: Vec<_> = journal.iter().filter(|j| j.fault.is_some()).collect();
    assert!(
        (80..=130).contains(&faulted.len()),
        "about 10% of ~1,100 requests: {}",
        faulted.len()
    );
    let retries: Vec<_> = report
        .log
        .iter()
        .filter(|e| e.outcome == LogOutcome::Retry)
        .collect();
    assert_eq!(retries.len(), faulted.len());
    assert_eq!(report.summary.retries, faulted.len());
    let key = |method: &str, path: &str, status: Option<u16>| format!("{method} {path} {status:?}");
    let mut faulted_keys: Vec<String> = faulted
        .iter()
        .map(|j| key(j.method.as_str(), &j.path, j.status))
        .collect();
    let mut retry_keys: Vec<String> = retries
        .iter()
        .map(|e| key(e.method.as_str(), &e.path, e.status))
        .collect();
    faulted_keys.sort();
    retry_keys.sort();
    assert_eq!(faulted_keys, retry_keys);
    assert!(retries
        .iter()
        .all(|e| e.retry_in_ms.is_some() && e.error.is_some()));
    for kind in ["429", "503", "network"] {
        assert!(
            faulted
                .iter()
                .any(|j| j.fault.as_deref().unwrap().starts_with(kind)),
            "{kind} was injected"
        );
    }
    assert_eq!(scim.max_in_flight(), 4);
}
