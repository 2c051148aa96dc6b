//! The sync executor against the in-memory SCIM target on virtual time:
//! every action, every retry path, recovery, stops, dry run, cancel, pause
//! and the concurrency bound.

mod sync_support;

use scim_mapper::http::{Method, Timer};
use scim_mapper::sync::memory::{Fault, MemoryScim, VirtualClock};
use scim_mapper::sync::{Action, Control, DryRun, ExecuteOptions, LogOutcome, Outcome, StopReason};
use serde_json::json;
use std::future::Future;
use sync_support::*;

fn outcomes(report: &scim_mapper::sync::ExecutionReport) -> Vec<LogOutcome> {
    report.log.iter().map(|e| e.outcome).collect()
}

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
fn throttling_waits_the_retry_after_seconds() {
    let scim = target_with(&[]);
    scim.fail_nth(1, Fault::throttled("2"));
    let (report, _, clock) = run(&[create("s-a", "a@x.com")], &scim, &options());
    assert_eq!(kinds(&report), ["succeeded"]);
    assert_eq!(outcomes(&report), [LogOutcome::Retry, LogOutcome::Ok]);
    let first = &report.log[0];
    assert_eq!((first.status, first.attempt), (Some(429), 1));
    assert_eq!(first.retry_in_ms, Some(2_000));
    assert_eq!(report.log[1].attempt, 2);
    assert_eq!(report.log[0].time, "2026-01-01T00:00:00.000Z");
    assert_eq!(report.log[1].time, "2026-01-01T00:00:02.000Z");
    assert_eq!(clock.now_millis(), START + 2_000.0);
    assert_eq!(user_names(&scim), ["a@x.com"]);
    assert_eq!(report.summary.retries, 1);
}

#[test]
fn throttling_waits_until_the_retry_after_date() {
    let scim = target_with(&[]);
    // START is Thursday 2026-01-01 00:00:00 UTC.
    scim.fail_nth(1, Fault::throttled("Thu, 01 Jan 2026 00:00:05 GMT"));
    let (report, _, _) = run(&[create("s-a", "a@x.com")], &scim, &options());
    assert_eq!(report.log[0].retry_in_ms, Some(5_000));
    assert_eq!(report.log[1].time, "2026-01-01T00:00:05.000Z");
    assert_eq!(kinds(&report), ["succeeded"]);
}

#[test]
fn a_huge_retry_after_is_capped() {
    let scim = target_with(&[]);
    scim.fail_nth(1, Fault::throttled("86400"));
    let options = ExecuteOptions {
        max_retry_after_ms: 30_000,
        ..options()
    };
    let (report, _, clock) = run(&[create("s-a", "a@x.com")], &scim, &options);
    assert_eq!(report.log[0].retry_in_ms, Some(30_000));
    assert_eq!(clock.now_millis(), START + 30_000.0);
}

#[test]
fn server_errors_back_off_exponentially_up_to_the_cap() {
    let scim = target_with(&[]);
    scim.fail_matching(Method::Post, "/Users", 6, Fault::status(503));
    let options = ExecuteOptions {
        max_attempts: 8,
        base_backoff_ms: 100,
        max_backoff_ms: 1_000,
        ..options()
    };
    let (report, _, _) = run(&[create("s-a", "a@x.com")], &scim, &options);
    assert_eq!(kinds(&report), ["succeeded"]);
    let waits: Vec<u64> = report.log.iter().filter_map(|e| e.retry_in_ms).collect();
    assert_eq!(waits.len(), 6);
    for (index, wait) in waits.iter().enumerate() {
        let ceiling = (100u64 << index).min(1_000);
        assert!(
            (ceiling / 2..=ceiling).contains(wait),
            "wait {index} = {wait}, ceiling {ceiling}"
        );
    }
    assert!(waits[3] > waits[0], "backoff grows: {waits:?}");
    assert!(waits[4] <= 1_000 && waits[5] <= 1_000, "capped: {waits:?}");
    assert_eq!(report.log[6].attempt, 7);
    assert_eq!(report.log[6].outcome, LogOutcome::Ok);
    assert!(report.log[0]
        .error
        .as_deref()
        .unwrap()
        .starts_with("HTTP 503"));
}

#[test]
fn the_same_seed_gives_the_same_waits() {
    let waits = |seed| {
        let scim = target_with(&[]);
        scim.fail_matching(Method::Post, "/Users", 4, Fault::status(500));
        let options = ExecuteOptions { seed, ..options() };
        let (report, _, _) = run(&[create("s-a", "a@x.com")], &scim, &options);
        report
            .log
            .iter()
            .filter_map(|e| e.retry_in_ms)
            .collect::<Vec<_>>()
    };
    assert_eq!(waits(42), waits(42));
    assert_ne!(waits(42), waits(43));
}

#[test]
fn network_errors_and_timeouts_are_retried() {
    let scim = target_with(&[]);
    scim.fail_nth(1, Fault::Network);
    scim.fail_nth(2, Fault::Timeout);
    let (report, _, _) = run(&[create("s-a", "a@x.com")], &scim, &options());
    assert_eq!(
        outcomes(&report),
        [LogOutcome::Retry, LogOutcome::Retry, LogOutcome::Ok]
    );
    assert_eq!(report.log[0].status, None);
    assert!(report.log[0]
        .error
        .as_deref()
        .unwrap()
        .contains("network error"));
    assert_eq!(
        report.log[1].error.as_deref(),
        Some("no answer within 30 seconds")
    );
    assert_eq!(user_names(&scim), ["a@x.com"]);
}

#[test]
fn attempts_are_capped_then_the_operation_fails() {
    let scim = target_with(&[]);
    scim.fail_matching(Method::Post, "/Users", 10, Fault::status(503));
    let options = ExecuteOptions {
        max_attempts: 3,
        ..options()
    };
    let (report, progress, _) = run(&[create("s-a", "a@x.com")], &scim, &options);
    assert_eq!(
        outcomes(&report),
        [LogOutcome::Retry, LogOutcome::Retry, LogOutcome::Failed]
    );
    match &report.results[0].outcome {
        Outcome::Failed { status, message } => {
            assert_eq!(*status, Some(503));
            assert!(message.contains("gave up after 3 attempts"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(report.results[0].requests, 3);
    assert_eq!(scim.journal().len(), 3);
    assert!(scim.users().is_empty());
    assert_eq!(progress.last().unwrap().failed, 1);
}

#[test]
fn a_create_meeting_an_existing_user_links_and_updates_it() {
    let mut existing = user("alice@x.com");
    existing["id"] = json!("t-alice@x.com");
    existing["displayName"] = json!("Old name");
    existing["active"] = json!(false);
    existing["title"] = json!("Kept: not managed");
    let scim = MemoryScim::with_snapshot(vec![existing], vec![]);
    let (report, _, _) = run(&[create("s-alice", "ALICE@x.com")], &scim, &options());
    assert_eq!(
        received(&scim),
        [
            "POST /Users",
            "GET /Users?filter=userName%20eq%20%22ALICE%40x.com%22",
            "PATCH /Users/t-alice%40x.com"
        ]
    );
    assert_eq!(scim.users().len(), 1, "never a duplicate");
    let alice = &scim.users()[0];
    assert_eq!(alice["displayName"], "User ALICE@x.com");
    assert_eq!(alice["active"], true);
    assert_eq!(alice["title"], "Kept: not managed");
    match &report.results[0].outcome {
        Outcome::Succeeded {
            status,
            target_id,
            note,
        } => {
            assert_eq!(*status, 200);
            assert_eq!(target_id.as_deref(), Some("t-alice@x.com"));
            assert!(note.as_deref().unwrap().contains("409"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        report.created.get("s-alice").map(String::as_str),
        Some("t-alice@x.com")
    );
    assert_eq!(
        outcomes(&report),
        [LogOutcome::Recovered, LogOutcome::Ok, LogOutcome::Ok]
    );
    assert!(report.log[0]
        .error
        .as_deref()
        .unwrap()
        .starts_with("HTTP 409 (uniqueness)"));
    assert_eq!(
        report.log[2].target_id.as_deref(),
        Some("t-alice@x.com"),
        "the PATCH is logged against the found object"
    );
}

#[test]
fn a_linked_user_that_already_matches_is_left_alone() {
    let scim = target_with(&["alice@x.com"]);
    let (report, _, _) = run(&[create("s-alice", "alice@x.com")], &scim, &options());
    assert_eq!(
        received(&scim),
        [
            "POST /Users",
            "GET /Users?filter=userName%20eq%20%22alice%40x.com%22"
        ]
    );
    assert_eq!(kinds(&report), ["succeeded"]);
    assert_eq!(scim.users().len(), 1);
}

#[test]
fn a_lost_create_response_is_retried_without_a_duplicate() {
    let scim = target_with(&[]);
    scim.fail_nth(1, Fault::LostResponse);
    let (report, _, _) = run(&[create("s-a", "a@x.com")], &scim, &options());
    assert_eq!(
        received(&scim),
        [
            "POST /Users",
            "POST /Users",
            "GET /Users?filter=userName%20eq%20%22a%40x.com%22"
        ]
    );
    assert_eq!(user_names(&scim), ["a@x.com"]);
    let id = scim.users()[0]["id"].as_str().unwrap().to_string();
    assert_eq!(report.created.get("s-a"), Some(&id));
    assert_eq!(kinds(&report), ["succeeded"]);
}

#[test]
fn an_ambiguous_lookup_after_409_fails_without_creating() {
    let scim = target_with(&["a@x.com"]);
    let two = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 2, "Resources": [{"id": "1"}, {"id": "2"}]});
    scim.fail_matching(
        Method::Get,
        "/Users?filter=",
        1,
        Fault::Respond(scim_mapper::http::Response {
            status: 200,
            content_type: None,
            retry_after: None,
            body: two.to_string(),
        }),
    );
    let (report, _, _) = run(&[create("s-a", "a@x.com")], &scim, &options());
    match &report.results[0].outcome {
        Outcome::Failed { status, message } => {
            assert_eq!(*status, Some(409));
            assert!(message.contains("found 2 objects"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        received(&scim)
            .iter()
            .filter(|r| r.starts_with("POST"))
            .count(),
        1
    );
    assert_eq!(scim.users().len(), 1);
    assert!(report.created.is_empty());
}

#[test]
fn an_update_of_a_deleted_user_creates_it_again() {
    let scim = target_with(&[]);
    let (report, _, _) = run(
        &[update("s-bob", "t-bob", "bob@x.com", "Robert")],
        &scim,
        &options(),
    );
    assert_eq!(received(&scim), ["PATCH /Users/t-bob", "POST /Users"]);
    assert_eq!(user_names(&scim), ["bob@x.com"]);
    let bob = &scim.users()[0];
    assert_eq!(bob["displayName"], "Robert");
    match &report.results[0].outcome {
        Outcome::Succeeded {
            status,
            target_id,
            note,
        } => {
            assert_eq!(*status, 201);
            assert_eq!(
                target_id.as_ref(),
                bob["id"].as_str().map(str::to_string).as_ref()
            );
            assert!(note.as_deref().unwrap().contains("404"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        report.created.get("s-bob").map(String::as_str),
        bob["id"].as_str()
    );
    assert_eq!(outcomes(&report), [LogOutcome::Recovered, LogOutcome::Ok]);
}

#[test]
fn deleting_an_absent_user_succeeds_and_deactivating_one_fails() {
    let scim = target_with(&[]);
    let ops = [delete("s-a", "t-a"), deactivate("s-b", "t-b")];
    let (report, _, _) = run(&ops, &scim, &options());
    assert_eq!(kinds(&report), ["succeeded", "failed"]);
    match &report.results[1].outcome {
        Outcome::Failed { status, message } => {
            assert_eq!(*status, Some(404));
            assert_eq!(message, "HTTP 404: User t-b not found.");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(received(&scim).len(), 2, "a 404 is not retried");
}

#[test]
fn other_client_errors_fail_at_once_with_the_scim_detail() {
    let scim = target_with(&[]);
    let mut nameless = create("s-x", "x@x.com");
    nameless.request.as_mut().unwrap().body = Some(json!({"displayName": "No userName"}));
    nameless.recovery = None;
    let (report, _, _) = run(&[nameless], &scim, &options());
    match &report.results[0].outcome {
        Outcome::Failed { status, message } => {
            assert_eq!(*status, Some(400));
            assert_eq!(
                message,
                "HTTP 400 (invalidValue): `userName` is required and must be a non-empty string."
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(report.log.len(), 1);
    assert_eq!(report.log[0].outcome, LogOutcome::Failed);
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
