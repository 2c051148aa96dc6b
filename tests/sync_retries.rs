//! Retries: `Retry-After` (seconds and HTTP dates), exponential backoff
//! with seeded jitter, network errors and timeouts, the attempt limit.

mod sync_support;

use scim_mapper::http::{Method, Timer};
use scim_mapper::sync::memory::Fault;
use scim_mapper::sync::{ExecuteOptions, LogOutcome, Outcome};
use sync_support::*;

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
fn a_503_with_retry_after_is_honoured_too() {
    let scim = target_with(&[]);
    scim.fail_nth(
        1,
        Fault::Status {
            status: 503,
            retry_after: Some("3".into()),
        },
    );
    let (report, _, clock) = run(&[create("s-a", "a@x.com")], &scim, &options());
    assert_eq!(report.log[0].retry_in_ms, Some(3_000));
    assert_eq!(clock.now_millis(), START + 3_000.0);
    assert_eq!(outcomes(&report), [LogOutcome::Retry, LogOutcome::Ok]);
}
