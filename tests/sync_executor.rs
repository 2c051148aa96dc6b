//! The sync executor against the in-memory SCIM target on virtual time:
//! every action, the stops (401/403, quarantine, cancel), dry run, pause
//! and the concurrency bound. Retries: `sync_retries.rs`; 409/404
//! recovery: `sync_recovery.rs`.

mod sync_support;

use scim_mapper::http::{Method, Timer};
use scim_mapper::sync::memory::{Fault, VirtualClock};
use scim_mapper::sync::{Action, Control, DryRun, ExecuteOptions, LogOutcome, Outcome, StopReason};
use serde_json::json;
use std::future::Future;
use sync_support::*;

#[test]
fn every_action_sends_its_request_or_nothing() {
    let scim = target_with(&["bob@x.com", "carol@x.com", "dave@x.com", "erin@x.com"]);
    let mut link_with_change = quiet(Action::Link, "s-erin", Some("t-erin@x.com"));
    link_with_change.request = Some(scim_mapper::sync::PlannedRequest {
        method: Method::Patch,
        path: "/Users/t-erin@x.com".into(),
        body: Some(patch_body(
            json!([{"op": "replace", "path": "title", "value": "Linked"}]),
        )),
    });
    let ops = vec![
        create("s-alice", "alice@x.com"),
        update("s-bob", "t-bob@x.com", "bob@x.com", "Robert"),
        deactivate("s-carol", "t-carol@x.com"),
        delete("s-dave", "t-dave@x.com"),
        link_with_change,
        quiet(Action::Link, "s-frank", Some("t-frank")),
        quiet(Action::Noop, "s-gina", Some("t-gina")),
        quiet(Action::Skip, "s-hugo", None),
    ];
    let (report, _, _) = run(&ops, &scim, &options());
    assert_eq!(
        kinds(&report),
        [
            "succeeded",
            "succeeded",
            "succeeded",
            "succeeded",
            "succeeded",
            "skipped",
            "skipped",
            "skipped"
        ]
    );
    assert_eq!(
        received(&scim),
        [
            "POST /Users",
            "PATCH /Users/t-bob@x.com",
            "PATCH /Users/t-carol@x.com",
            "DELETE /Users/t-dave@x.com",
            "PATCH /Users/t-erin@x.com"
        ]
    );
    assert_eq!(
        user_names(&scim),
        ["alice@x.com", "bob@x.com", "carol@x.com", "erin@x.com"]
    );
    let by_name = |name: &str| {
        scim.users()
            .into_iter()
            .find(|u| u["userName"] == name)
            .unwrap()
    };
    assert_eq!(by_name("bob@x.com")["displayName"], "Robert");
    assert_eq!(by_name("carol@x.com")["active"], false);
    assert_eq!(by_name("erin@x.com")["title"], "Linked");
    let alice_id = by_name("alice@x.com")["id"].as_str().unwrap().to_string();
    assert_eq!(
        report.created.get("s-alice").map(String::as_str),
        Some(alice_id.as_str())
    );
    assert_eq!(report.created.len(), 1, "only POSTs add to `created`");
    match &report.results[0].outcome {
        Outcome::Succeeded {
            status, target_id, ..
        } => {
            assert_eq!(*status, 201);
            assert_eq!(target_id.as_deref(), Some(alice_id.as_str()));
        }
        other => panic!("{other:?}"),
    }
    match &report.results[7].outcome {
        Outcome::Skipped { reason } => assert_eq!(reason, "skip s-hugo"),
        other => panic!("{other:?}"),
    }
    assert_eq!(report.summary.succeeded, 5);
    assert_eq!(report.summary.skipped, 3);
    assert_eq!(report.summary.requests, 5);
    assert_eq!(report.stopped, None);
    assert!(outcomes(&report).iter().all(|o| *o == LogOutcome::Ok));
}

#[test]
fn unauthorized_and_forbidden_stop_the_run() {
    for status in [401, 403] {
        let scim = target_with(&[]);
        scim.fail_nth(3, Fault::status(status));
        let ops: Vec<_> = (0..10)
            .map(|i| create(&format!("s{i}"), &format!("u{i}@x.com")))
            .collect();
        let options = ExecuteOptions {
            concurrency: 2,
            ..options()
        };
        let (report, _, _) = run(&ops, &scim, &options);
        let mut expected = vec!["succeeded", "succeeded", "failed", "succeeded"];
        expected.extend(["cancelled"; 6]);
        assert_eq!(kinds(&report), expected, "HTTP {status}");
        assert_eq!(scim.journal().len(), 4, "in-flight finished, none started");
        let stopped = report.stopped.as_ref().unwrap();
        assert_eq!(stopped.reason, StopReason::Unauthorized);
        assert!(stopped.message.contains(&format!("HTTP {status}")));
        assert!(stopped.message.contains("token"));
        match &report.results[9].outcome {
            Outcome::Cancelled { message } => {
                assert!(message.starts_with("Not started."), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn too_many_recent_failures_quarantine_the_run() {
    let scim = target_with(&[]);
    // The first 4 creates succeed, every later one is refused.
    for n in 5..=100 {
        scim.fail_nth(n, Fault::status(400));
    }
    let ops: Vec<_> = (0..30)
        .map(|i| create(&format!("s{i}"), &format!("u{i}@x.com")))
        .collect();
    let options = ExecuteOptions {
        concurrency: 1,
        quarantine_window: 10,
        quarantine_percent: 50,
        ..options()
    };
    let (report, _, _) = run(&ops, &scim, &options);
    let stopped = report.stopped.as_ref().unwrap();
    assert_eq!(stopped.reason, StopReason::Quarantine);
    assert!(
        stopped.message.contains("6 of the last 10"),
        "{}",
        stopped.message
    );
    assert_eq!(report.summary.succeeded, 4);
    assert_eq!(report.summary.failed, 6);
    assert_eq!(report.summary.cancelled, 20);
    assert_eq!(scim.journal().len(), 10);
}

#[test]
fn the_quarantine_waits_for_a_full_window() {
    let scim = target_with(&[]);
    scim.fail_randomly(100, 1, vec![Fault::status(400)]);
    let ops: Vec<_> = (0..5)
        .map(|i| create(&format!("s{i}"), &format!("u{i}@x.com")))
        .collect();
    let (report, _, _) = run(&ops, &scim, &options());
    assert_eq!(report.stopped, None);
    assert_eq!(report.summary.failed, 5);
}

#[test]
fn a_dry_run_sends_no_write_and_logs_every_one() {
    let scim = target_with(&["bob@x.com", "dave@x.com"]);
    let before = scim.users();
    let ops = [
        create("s-alice", "alice@x.com"),
        update("s-bob", "t-bob@x.com", "bob@x.com", "Robert"),
        delete("s-dave", "t-dave@x.com"),
        quiet(Action::Noop, "s-x", None),
    ];
    let (report, _, _) = run(&ops, &DryRun(&scim), &options());
    assert!(scim.journal().is_empty(), "no write reached the target");
    assert_eq!(scim.users(), before);
    assert_eq!(kinds(&report), ["dryRun", "dryRun", "dryRun", "skipped"]);
    assert_eq!(
        outcomes(&report),
        [LogOutcome::DryRun, LogOutcome::DryRun, LogOutcome::DryRun]
    );
    assert!(report.log.iter().all(|e| e.status.is_none()));
    match &report.results[1].outcome {
        Outcome::DryRun { would_send } => assert_eq!(would_send, "PATCH /Users/t-bob@x.com"),
        other => panic!("{other:?}"),
    }
    assert_eq!(report.summary.dry_run, 3);
    assert_eq!(report.summary.failed, 0);
    assert_eq!(report.stopped, None);
}

#[test]
fn cancel_lets_in_flight_requests_finish_and_starts_nothing_more() {
    let scim = target_with(&[]);
    let ops: Vec<_> = (0..10)
        .map(|i| create(&format!("s{i}"), &format!("u{i}@x.com")))
        .collect();
    let clock = VirtualClock::new(START);
    let control = Control::new();
    let options = ExecuteOptions {
        concurrency: 2,
        ..options()
    };
    let report = run_with(&ops, &scim, &clock, &clock, &options, &control, &mut |p| {
        if p.done == 3 {
            control.cancel();
        }
    });
    // Ops 0 and 1 ran together, then 2 and 3; the cancel came after op 2
    // completed, while op 3 was still in flight.
    let mut expected = vec!["succeeded"; 4];
    expected.extend(["cancelled"; 6]);
    assert_eq!(kinds(&report), expected);
    assert_eq!(scim.users().len(), 4);
    assert_eq!(
        report.stopped.as_ref().unwrap().reason,
        StopReason::Cancelled
    );
}

/// A timer that pulls a switch when virtual time reaches a moment.
struct SwitchAt<'a> {
    clock: &'a VirtualClock,
    at: f64,
    switch: &'a dyn Fn(),
}

impl Timer for SwitchAt<'_> {
    fn now_millis(&self) -> f64 {
        self.clock.now_millis()
    }

    fn sleep(&self, millis: u64) -> impl Future<Output = ()> {
        if self.clock.now_millis() >= self.at {
            (self.switch)();
        }
        self.clock.sleep(millis)
    }
}

#[test]
fn cancel_stops_retrying() {
    let scim = target_with(&[]);
    scim.fail_matching(Method::Post, "/Users", 5, Fault::status(503));
    let clock = VirtualClock::new(START);
    let control = Control::new();
    let cancel = || control.cancel();
    let timer = SwitchAt {
        clock: &clock,
        at: START,
        switch: &cancel,
    };
    let report = run_with(
        &[create("s-a", "a@x.com")],
        &scim,
        &timer,
        &clock,
        &options(),
        &control,
        &mut |_| {},
    );
    assert_eq!(kinds(&report), ["cancelled"]);
    assert_eq!(scim.journal().len(), 1);
    match &report.results[0].outcome {
        Outcome::Cancelled { message } => assert!(message.starts_with("HTTP 503"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn pause_holds_new_operations_until_resume() {
    let scim = target_with(&[]);
    let ops: Vec<_> = (0..5)
        .map(|i| create(&format!("s{i}"), &format!("u{i}@x.com")))
        .collect();
    let clock = VirtualClock::new(START);
    let control = Control::new();
    let resume = || control.resume();
    let resume_at = START + 10_000.0;
    let timer = SwitchAt {
        clock: &clock,
        at: resume_at,
        switch: &resume,
    };
    let options = ExecuteOptions {
        concurrency: 1,
        ..options()
    };
    let report = run_with(&ops, &scim, &timer, &clock, &options, &control, &mut |p| {
        if p.done == 2 {
            control.pause();
        }
    });
    assert_eq!(kinds(&report), ["succeeded"; 5]);
    let times: Vec<&str> = report.log.iter().map(|e| e.time.as_str()).collect();
    assert_eq!(
        times,
        [
            "2026-01-01T00:00:00.000Z",
            "2026-01-01T00:00:00.000Z",
            "2026-01-01T00:00:10.250Z",
            "2026-01-01T00:00:10.250Z",
            "2026-01-01T00:00:10.250Z"
        ]
    );
    // Resumed at 10 s, during the 41st step of 250 ms: noticed at its end.
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 41, "paused in 250 ms steps");
    assert!(sleeps.iter().all(|s| *s == 250));
}

#[test]
fn concurrency_is_bounded_and_starts_follow_the_plan() {
    for concurrency in [1, 3, 8] {
        let scim = target_with(&[]);
        let ops: Vec<_> = (0..20)
            .map(|i| create(&format!("s{i}"), &format!("u{i:02}@x.com")))
            .collect();
        let options = ExecuteOptions {
            concurrency,
            ..options()
        };
        let (report, _, _) = run(&ops, &scim, &options);
        assert_eq!(scim.max_in_flight(), concurrency);
        assert_eq!(report.summary.succeeded, 20);
        let order: Vec<String> = scim
            .journal()
            .iter()
            .map(|j| {
                j.body.as_ref().unwrap()["userName"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let planned: Vec<String> = (0..20).map(|i| format!("u{i:02}@x.com")).collect();
        assert_eq!(order, planned);
    }
}
