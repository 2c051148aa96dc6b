//! The in-memory SCIM target behaves like a SCIM 2.0 service provider.

mod sync_support;

use scim_mapper::connection::test_connection;
use scim_mapper::http::{Method, Request, Transport, TransportError};
use scim_mapper::sync::memory::{run_simulated, Fault, MemoryScim, VirtualClock};
use serde_json::{json, Value};
use sync_support::*;

fn send(scim: &MemoryScim, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let response = scim
        .serve(Request {
            method,
            path: path.to_string(),
            body,
        })
        .expect("an HTTP answer");
    let body = if response.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&response.body).unwrap()
    };
    (response.status, body)
}

#[test]
fn creates_with_server_ids_meta_and_uniqueness() {
    let scim = MemoryScim::new();
    scim.set_now(START);
    let (status, alice) = send(&scim, Method::Post, "/Users", Some(user("alice@x.com")));
    assert_eq!(status, 201);
    assert_eq!(alice["id"], "00000000-0000-4000-8000-000000000001");
    assert_eq!(alice["meta"]["resourceType"], "User");
    assert_eq!(alice["meta"]["created"], "2026-01-01T00:00:00.000Z");
    assert_eq!(
        alice["meta"]["location"],
        "/Users/00000000-0000-4000-8000-000000000001"
    );
    assert_eq!(
        alice["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:User"])
    );

    let (status, conflict) = send(&scim, Method::Post, "/Users", Some(user("ALICE@x.com")));
    assert_eq!(status, 409);
    assert_eq!(conflict["scimType"], "uniqueness");
    assert_eq!(conflict["status"], "409");

    let (status, group) = send(
        &scim,
        Method::Post,
        "/Groups",
        Some(json!({"displayName": "Sales"})),
    );
    assert_eq!(status, 201);
    assert_eq!(group["id"], "00000000-0000-4000-8000-000000000002");
    assert_eq!(
        group["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:Group"])
    );
    let (status, _) = send(
        &scim,
        Method::Post,
        "/Groups",
        Some(json!({"displayName": "sales"})),
    );
    assert_eq!(status, 409);

    let (status, error) = send(
        &scim,
        Method::Post,
        "/Users",
        Some(json!({"displayName": "x"})),
    );
    assert_eq!(
        (status, error["scimType"].as_str()),
        (400, Some("invalidValue"))
    );
    let (status, _) = send(&scim, Method::Post, "/Users", Some(json!("not an object")));
    assert_eq!(status, 400);
}

#[test]
fn client_supplied_id_and_meta_are_ignored() {
    let scim = MemoryScim::new();
    let mut body = user("a@x.com");
    body["id"] = json!("mine");
    body["meta"] = json!({"created": "1999-01-01T00:00:00Z"});
    let (_, created) = send(&scim, Method::Post, "/Users", Some(body));
    assert_ne!(created["id"], "mine");
    assert_eq!(created["meta"]["created"], "1970-01-01T00:00:00.000Z");
}

#[test]
fn reads_by_id_and_answers_404_for_unknown_ones() {
    let scim = target_with(&["a@x.com"]);
    let (status, found) = send(&scim, Method::Get, "/Users/t-a%40x.com", None);
    assert_eq!(status, 200);
    assert_eq!(found["userName"], "a@x.com");
    let (status, error) = send(&scim, Method::Get, "/Users/nobody", None);
    assert_eq!(status, 404);
    assert_eq!(error["detail"], "User nobody not found.");
    assert_eq!(send(&scim, Method::Get, "/Widgets", None).0, 404);
    assert_eq!(send(&scim, Method::Delete, "/Users", None).0, 405);
}

#[test]
fn lists_with_filters_and_paging() {
    let names: Vec<String> = (0..7).map(|i| format!("u{i}@x.com")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let scim = target_with(&refs);
    let (status, page) = send(&scim, Method::Get, "/Users?startIndex=3&count=2", None);
    assert_eq!(status, 200);
    assert_eq!(page["totalResults"], 7);
    assert_eq!(page["itemsPerPage"], 2);
    assert_eq!(page["startIndex"], 3);
    let ids: Vec<&str> = page["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["t-u2@x.com", "t-u3@x.com"]);

    let (_, found) = send(
        &scim,
        Method::Get,
        "/Users?filter=userName%20eq%20%22U4%40X.com%22",
        None,
    );
    assert_eq!(found["totalResults"], 1, "userName is not case-exact");
    assert_eq!(found["Resources"][0]["id"], "t-u4@x.com");

    let (_, none) = send(
        &scim,
        Method::Get,
        "/Users?filter=userName+sw+%22zzz%22",
        None,
    );
    assert_eq!(none["totalResults"], 0);
    assert_eq!(none["Resources"], json!([]));

    let (_, edge) = send(&scim, Method::Get, "/Users?startIndex=0&count=-1", None);
    assert_eq!(
        (edge["startIndex"].as_u64(), edge["itemsPerPage"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(edge["totalResults"], 7);

    let (status, bad) = send(&scim, Method::Get, "/Users?filter=userName%20eq", None);
    assert_eq!(
        (status, bad["scimType"].as_str()),
        (400, Some("invalidFilter"))
    );
    let (status, _) = send(&scim, Method::Get, "/Users?count=many", None);
    assert_eq!(status, 400);
}

#[test]
fn patches_puts_and_deletes() {
    let scim = target_with(&["a@x.com", "b@x.com"]);
    scim.set_now(START + 60_000.0);
    let body = patch_body(
        json!([{"op": "Replace", "path": "active", "value": "False"},
        {"op": "add", "path": "emails", "value": [{"type": "work", "value": "a@x.com"}]}]),
    );
    let (status, patched) = send(&scim, Method::Patch, "/Users/t-a@x.com", Some(body));
    assert_eq!(status, 200);
    assert_eq!(patched["active"], false);
    assert_eq!(patched["emails"][0]["value"], "a@x.com");
    assert_eq!(patched["meta"]["lastModified"], "2026-01-01T00:01:00.000Z");

    let rename = patch_body(json!([{"op": "replace", "path": "userName", "value": "B@x.com"}]));
    let (status, conflict) = send(&scim, Method::Patch, "/Users/t-a@x.com", Some(rename));
    assert_eq!(
        (status, conflict["scimType"].as_str()),
        (409, Some("uniqueness"))
    );

    let broken = patch_body(json!([{"op": "explode", "path": "active"}]));
    let (status, _) = send(&scim, Method::Patch, "/Users/t-a@x.com", Some(broken));
    assert_eq!(status, 400);

    let (status, replaced) = send(
        &scim,
        Method::Put,
        "/Users/t-b@x.com",
        Some(json!({"userName": "b2@x.com"})),
    );
    assert_eq!(status, 200);
    assert_eq!(replaced["id"], "t-b@x.com");
    assert_eq!(
        replaced.get("displayName"),
        None,
        "PUT replaces the whole resource"
    );
    assert_eq!(
        send(
            &scim,
            Method::Put,
            "/Users/zz",
            Some(json!({"userName": "q"}))
        )
        .0,
        404
    );

    assert_eq!(send(&scim, Method::Delete, "/Users/t-a@x.com", None).0, 204);
    assert_eq!(send(&scim, Method::Delete, "/Users/t-a@x.com", None).0, 404);
    assert_eq!(user_names(&scim), ["b2@x.com"]);
    // The freed userName can be used again.
    assert_eq!(
        send(&scim, Method::Post, "/Users", Some(user("a@x.com"))).0,
        201
    );
}

#[test]
fn deleting_a_user_removes_it_from_groups() {
    let mut alice = user("a@x.com");
    alice["id"] = json!("ua");
    let group = json!({"id": "g1", "displayName": "Sales",
        "members": [{"value": "ua"}, {"value": "ub"}]});
    let scim = MemoryScim::with_snapshot(vec![alice, json!("not a resource")], vec![group]);
    assert_eq!(scim.users().len(), 1);
    send(&scim, Method::Delete, "/Users/ua", None);
    assert_eq!(scim.groups()[0]["members"], json!([{"value": "ub"}]));
}

#[test]
fn injects_faults_and_journals_every_request() {
    let scim = MemoryScim::new();
    scim.fail_nth(1, Fault::throttled("3"));
    scim.fail_matching(Method::Post, "/Users", 1, Fault::Network);
    let first = scim.serve(Request::get("/Users"));
    let response = first.unwrap();
    assert_eq!(
        (response.status, response.retry_after.as_deref()),
        (429, Some("3"))
    );
    let second = scim.serve(Request {
        method: Method::Post,
        path: "/Users".into(),
        body: Some(user("a@x.com")),
    });
    assert!(matches!(second, Err(TransportError::Network(_))));
    assert!(
        scim.users().is_empty(),
        "a failed connection changes nothing"
    );
    scim.fail_nth(3, Fault::LostResponse);
    let third = scim.serve(Request {
        method: Method::Post,
        path: "/Users".into(),
        body: Some(user("a@x.com")),
    });
    assert!(matches!(third, Err(TransportError::Network(_))));
    assert_eq!(scim.users().len(), 1, "a lost response was still processed");
    let journal = scim.journal();
    let faults: Vec<Option<&str>> = journal.iter().map(|j| j.fault.as_deref()).collect();
    assert_eq!(
        faults,
        [
            Some("429 (Retry-After: 3)"),
            Some("network"),
            Some("lostResponse")
        ]
    );
    assert_eq!(journal[0].status, Some(429));
    assert_eq!(journal[1].status, None);
    assert_eq!(
        journal.iter().map(|j| j.number).collect::<Vec<_>>(),
        [1, 2, 3]
    );
}

#[test]
fn random_faults_are_reproducible() {
    let pattern = |seed| {
        let scim = MemoryScim::new();
        scim.fail_randomly(30, seed, vec![Fault::status(503), Fault::Timeout]);
        (0..200)
            .map(|_| match scim.serve(Request::get("/Users")) {
                Ok(r) => r.status.to_string(),
                Err(e) => format!("{e:?}"),
            })
            .collect::<Vec<_>>()
    };
    let first = pattern(9);
    assert_eq!(first, pattern(9));
    assert_ne!(first, pattern(10));
    let faulted = first.iter().filter(|s| *s != "200").count();
    assert!((40..=80).contains(&faulted), "about 30% of 200: {faulted}");
    assert!(first.iter().any(|s| s == "503"));
    assert!(first.iter().any(|s| s.starts_with("Timeout")));
}

#[test]
fn passes_the_connection_test() {
    let scim = target_with(&["a@x.com", "b@x.com"]);
    let clock = VirtualClock::new(START);
    let report = run_simulated(&clock, test_connection(&scim))
        .unwrap()
        .unwrap();
    assert!(report.patch && report.filter);
    assert_eq!(report.total_users, Some(2));
}

#[test]
fn send_yields_before_answering() {
    let scim = MemoryScim::new();
    let clock = VirtualClock::new(START);
    let both = async {
        let a = scim.send(Request::get("/Users"));
        let b = scim.send(Request::get("/Groups"));
        let (a, b) = join(a, b).await;
        (a.unwrap().status, b.unwrap().status)
    };
    assert_eq!(run_simulated(&clock, both), Some((200, 200)));
    assert_eq!(scim.max_in_flight(), 2);
}

/// Polls two futures together (no futures crate).
async fn join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    let (mut a, mut b) = (Box::pin(a), Box::pin(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(move |cx| {
        if ra.is_none() {
            if let std::task::Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let std::task::Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        if ra.is_some() && rb.is_some() {
            std::task::Poll::Ready((ra.take().unwrap(), rb.take().unwrap()))
        } else {
            std::task::Poll::Pending
        }
    })
    .await
}
