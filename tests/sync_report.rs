//! What a run reports: progress with rate and ETA, the JSON shapes, and
//! the provisioning log's CSV export.

mod sync_support;

use scim_mapper::http::{Request, Response, Timer, Transport, TransportError};
use scim_mapper::sync::log::to_csv;
use scim_mapper::sync::memory::{Fault, MemoryScim, VirtualClock};
use scim_mapper::sync::{Action, ActionProgress, Control, ExecuteOptions, Progress};
use serde_json::json;
use sync_support::*;

/// Every request takes `millis` of virtual time.
struct Slow<'a> {
    inner: &'a MemoryScim,
    clock: &'a VirtualClock,
    millis: u64,
}

impl Transport for Slow<'_> {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.clock.sleep(self.millis).await;
        self.inner.send(request).await
    }
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-9
}

#[test]
fn progress_counts_rate_and_eta() {
    let scim = target_with(&[]);
    let clock = VirtualClock::new(START);
    let slow = Slow {
        inner: &scim,
        clock: &clock,
        millis: 200,
    };
    let ops = [
        create("s-a", "a@x.com"),
        create("s-b", "b@x.com"),
        deactivate("s-x", "t-x"),
        quiet(Action::Noop, "s-n", None),
        create("s-c", "c@x.com"),
    ];
    let options = ExecuteOptions {
        concurrency: 1,
        ..options()
    };
    let mut seen: Vec<Progress> = Vec::new();
    let report = run_with(
        &ops,
        &slow,
        &clock,
        &clock,
        &options,
        &Control::new(),
        &mut |p| seen.push(p.clone()),
    );
    assert_eq!(report.summary.succeeded, 3);
    let done: Vec<(usize, usize, usize, u64)> = seen
        .iter()
        .map(|p| (p.done, p.total, p.failed, p.elapsed_ms))
        .collect();
    assert_eq!(
        done,
        [
            (1, 5, 0, 200),
            (2, 5, 0, 400),
            (3, 5, 1, 600),
            (4, 5, 1, 600),
            (5, 5, 1, 800)
        ]
    );
    let rates: Vec<f64> = seen.iter().map(|p| p.rate_per_second).collect();
    let etas: Vec<f64> = seen.iter().map(|p| p.eta_seconds.unwrap()).collect();
    for (actual, expected) in rates.iter().zip([5.0, 5.0, 5.0, 4.0 / 0.6, 6.25]) {
        assert!(close(*actual, expected), "{rates:?}");
    }
    for (actual, expected) in etas.iter().zip([0.8, 0.6, 0.4, 0.15, 0.0]) {
        assert!(close(*actual, expected), "{etas:?}");
    }
    let first = &seen[0].per_action;
    assert_eq!(first[&Action::Create], ActionProgress { done: 1, total: 3 });
    assert_eq!(
        first[&Action::Deactivate],
        ActionProgress { done: 0, total: 1 }
    );
    let last = &seen[4].per_action;
    assert_eq!(last.len(), 3, "only the plan's actions");
    assert_eq!(last[&Action::Noop], ActionProgress { done: 1, total: 1 });
    assert_eq!(report.elapsed_ms, 800);
    assert_eq!(report.log[0].duration_ms, 200);
}

#[test]
fn progress_has_no_eta_before_time_passes() {
    let scim = target_with(&[]);
    let (_, progress, _) = run(
        &[create("s-a", "a@x.com"), create("s-b", "b@x.com")],
        &scim,
        &options(),
    );
    assert_eq!(progress[0].eta_seconds, None);
    assert_eq!(progress[0].rate_per_second, 0.0);
    assert_eq!(progress[1].eta_seconds, Some(0.0), "nothing left");
}

#[test]
fn operations_serialize_as_the_contract_plan_output() {
    let op = create("s-a", "a@x.com");
    assert_eq!(
        serde_json::to_value(&op).unwrap(),
        json!({
            "action": "create",
            "resourceType": "User",
            "sourceId": "s-a",
            "targetId": null,
            "request": {"method": "POST", "path": "/Users", "body": user("a@x.com")},
            "reason": "create s-a"
        })
    );
    let quiet = serde_json::to_value(quiet(Action::Noop, "s-b", Some("t-b"))).unwrap();
    assert_eq!(quiet["request"], json!(null));
    assert_eq!(quiet["action"], "noop");
}

#[test]
fn the_report_serializes_in_camel_case() {
    let scim = target_with(&[]);
    scim.fail_nth(1, Fault::throttled("1"));
    let (report, progress, _) = run(&[create("s-a", "a@x.com")], &scim, &options());
    let id = scim.users()[0]["id"].as_str().unwrap().to_string();
    let value = serde_json::to_value(&report).unwrap();
    assert_eq!(
        value["results"][0],
        json!({"index": 0, "action": "create", "resourceType": "User", "sourceId": "s-a",
            "targetId": null, "requests": 2,
            "outcome": {"kind": "succeeded", "status": 201, "targetId": id, "note": null}})
    );
    assert_eq!(
        value["log"][0],
        json!({"time": "2026-01-01T00:00:00.000Z", "operation": 0, "resourceType": "User",
            "sourceId": "s-a", "targetId": null, "action": "create", "method": "POST",
            "path": "/Users", "status": 429, "attempt": 1, "durationMs": 0,
            "outcome": "retry", "retryInMs": 1000, "error": "HTTP 429: Injected fault."})
    );
    assert_eq!(value["created"], json!({"s-a": id}));
    assert_eq!(
        value["summary"],
        json!({"total": 1, "succeeded": 1, "failed": 0, "dryRun": 0, "cancelled": 0,
            "skipped": 0, "requests": 2, "retries": 1})
    );
    assert_eq!(value["stopped"], json!(null));
    assert_eq!(value["elapsedMs"], 1000);
    let progress = serde_json::to_value(&progress[0]).unwrap();
    assert_eq!(
        progress["perAction"],
        json!({"create": {"done": 1, "total": 1}})
    );
    assert_eq!(progress["ratePerSecond"], 1.0);
    assert_eq!(progress["etaSeconds"], 0.0);
}

#[test]
fn the_log_exports_as_safe_csv() {
    let scim = target_with(&[]);
    let nasty_detail = r#"Bad "value", try =again"#;
    scim.fail_nth(
        1,
        Fault::Respond(Response {
            status: 400,
            content_type: None,
            retry_after: None,
            body: json!({"detail": nasty_detail, "scimType": "invalidValue"}).to_string(),
        }),
    );
    let mut formula = create("=cmd|' /C calc'!A0", "a@x.com");
    formula.recovery = None;
    let ops = [formula, create("@s,2", "b@x.com")];
    let (report, _, _) = run(
        &ops,
        &scim,
        &ExecuteOptions {
            concurrency: 1,
            ..options()
        },
    );
    let csv_text = to_csv(&report.log);
    assert!(csv_text.ends_with("\r\n"));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "time",
            "operation",
            "resourceType",
            "sourceId",
            "targetId",
            "action",
            "method",
            "path",
            "status",
            "attempt",
            "durationMs",
            "outcome",
            "retryInMs",
            "error"
        ]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][3], "'=cmd|' /C calc'!A0");
    assert_eq!(rows[1][8], "400");
    assert_eq!(rows[1][11], "failed");
    assert_eq!(
        rows[1][13],
        r#"HTTP 400 (invalidValue): Bad "value", try =again"#
    );
    assert_eq!(rows[2][3], "'@s,2");
    assert_eq!(rows[2][4], "", "no target id yet when the POST was sent");
    assert_eq!(rows[2][12], "");
    assert!(csv_text.contains("\"'@s,2\""), "a comma forces quotes");
}

/// A transport that holds a token, as the browser's does.
struct WithToken<'a> {
    token: String,
    inner: &'a MemoryScim,
}

impl Transport for WithToken<'_> {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        assert!(!self.token.is_empty());
        self.inner.send(request).await
    }
}

#[test]
fn the_token_never_reaches_the_report_or_the_log() {
    let scim = target_with(&["b@x.com"]);
    scim.fail_nth(1, Fault::status(401));
    let transport = WithToken {
        token: "s3cr3t-t0ken".into(),
        inner: &scim,
    };
    let (report, _, _) = run(
        &[create("s-a", "a@x.com"), create("s-b", "b@x.com")],
        &transport,
        &options(),
    );
    let json = serde_json::to_string(&report).unwrap();
    let csv = to_csv(&report.log);
    assert!(json.contains("HTTP 401"));
    assert!(!json.contains(&transport.token));
    assert!(!csv.contains(&transport.token));
}
