//! Repairing what the plan could not know: a create that meets an existing
//! object (409: link, never a duplicate), an update whose object vanished
//! (404: create again), and the errors that are simply reported.

mod sync_support;

use scim_mapper::http::Method;
use scim_mapper::sync::memory::{Fault, MemoryScim};
use scim_mapper::sync::{LogOutcome, Outcome};
use serde_json::json;
use sync_support::*;

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
fn a_group_create_meeting_an_existing_group_links_and_adds_members() {
    let existing = json!({"id": "g-sales", "displayName": "Sales",
        "members": [{"value": "u1"}]});
    let scim = MemoryScim::with_snapshot(vec![], vec![existing]);
    let desired = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "Sales", "members": [{"value": "u1"}, {"value": "u2"}]});
    let op = scim_mapper::sync::Operation {
        action: scim_mapper::sync::Action::Create,
        resource_type: "Group".into(),
        source_id: Some("src-sales".into()),
        target_id: None,
        request: Some(scim_mapper::sync::PlannedRequest {
            method: Method::Post,
            path: "/Groups".into(),
            body: Some(desired.clone()),
        }),
        reason: "new group".into(),
        recovery: Some(scim_mapper::sync::Recovery {
            lookup_path: format!(
                "/Groups?filter={}",
                scim_mapper::scim::filter::eq_query("displayName", "Sales")
            ),
            collection_path: "/Groups".into(),
            desired,
            managed: vec!["displayName".into(), "members".into()],
        }),
    };
    let (report, _, _) = run(&[op], &scim, &options());
    assert_eq!(
        received(&scim),
        [
            "POST /Groups",
            "GET /Groups?filter=displayName%20eq%20%22Sales%22",
            "PATCH /Groups/g-sales"
        ]
    );
    let patch = scim.journal()[2].body.clone().unwrap();
    assert_eq!(
        patch["Operations"],
        json!([{"op": "add", "path": "members", "value": [{"value": "u2"}]}])
    );
    assert_eq!(scim.groups().len(), 1);
    assert_eq!(
        scim.groups()[0]["members"],
        json!([{"value": "u1"}, {"value": "u2"}])
    );
    assert_eq!(
        report.created.get("src-sales").map(String::as_str),
        Some("g-sales")
    );
}
