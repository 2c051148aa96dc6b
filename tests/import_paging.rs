//! Importing the target snapshot over SCIM: paging against the in-memory
//! server and against fakes that page badly, lookups, and located errors.

use scim_mapper::http::{Method, Request, Response, Transport, TransportError};
use scim_mapper::sync::memory::{run_simulated, MemoryScim, VirtualClock};
use scim_mapper::sync::{
    find_by, import_collection, import_snapshot, lookup_path, ImportOptions, TargetSnapshot,
};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::future::{ready, Future};

fn user(n: usize) -> Value {
    json!({"id": format!("u{n:03}"), "userName": format!("user{n}@example.com"), "active": true})
}

fn run<F: Future>(future: F) -> F::Output {
    run_simulated(&VirtualClock::new(0.0), future).expect("the import finishes")
}

fn options(page_size: u32) -> ImportOptions {
    ImportOptions {
        page_size,
        ..ImportOptions::default()
    }
}

#[test]
fn imports_every_page_of_users_and_groups_from_the_memory_server() {
    let users: Vec<Value> = (0..23).map(user).collect();
    let groups = vec![json!({"id": "g1", "displayName": "Sales", "members": [{"value": "u001"}]})];
    let scim = MemoryScim::with_snapshot(users.clone(), groups.clone());
    let snapshot = run(import_snapshot(&scim, &options(10))).unwrap();
    assert_eq!(snapshot.users, users);
    assert_eq!(snapshot.groups, groups);
    let asked: Vec<String> = scim.journal().into_iter().map(|e| e.path).collect();
    assert_eq!(
        asked,
        vec![
            "/Users?startIndex=1&count=10",
            "/Users?startIndex=11&count=10",
            "/Users?startIndex=21&count=10",
            "/Groups?startIndex=1&count=10",
        ]
    );
}

#[test]
fn an_empty_target_is_one_request_per_collection() {
    let scim = MemoryScim::new();
    let snapshot = run(import_snapshot(&scim, &ImportOptions::default())).unwrap();
    assert_eq!(snapshot, TargetSnapshot::default());
    assert_eq!(scim.journal().len(), 2);
}

/// A server with its own rules for pages, answering from `users`.
struct Pager {
    users: Vec<Value>,
    /// The most resources a page holds (the server's maxResults).
    max_results: usize,
    ignores_start_index: bool,
    sends_total: bool,
    asked: RefCell<Vec<String>>,
}

impl Pager {
    fn new(count: usize, max_results: usize) -> Self {
        Pager {
            users: (0..count).map(user).collect(),
            max_results,
            ignores_start_index: false,
            sends_total: true,
            asked: RefCell::new(Vec::new()),
        }
    }

    fn answer(&self, path: &str) -> Value {
        let query = path.split_once('?').map_or("", |(_, q)| q);
        let number = |name: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
                .and_then(|v| v.parse::<usize>().ok())
        };
        let start = if self.ignores_start_index {
            1
        } else {
            number("startIndex").unwrap_or(1).max(1)
        };
        let count = number("count").unwrap_or(100).min(self.max_results);
        let page: Vec<Value> = self
            .users
            .iter()
            .skip(start - 1)
            .take(count)
            .cloned()
            .collect();
        let mut body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "itemsPerPage": page.len(),
            "startIndex": start,
            "Resources": page,
        });
        if self.sends_total {
            body["totalResults"] = json!(self.users.len());
        }
        body
    }
}

impl Transport for Pager {
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>> {
        assert_eq!(request.method, Method::Get);
        self.asked.borrow_mut().push(request.path.clone());
        ready(Ok(Response {
            status: 200,
            content_type: Some("application/scim+json".into()),
            retry_after: None,
            body: self.answer(&request.path).to_string(),
        }))
    }
}

#[test]
fn short_pages_from_a_server_maximum_are_followed_by_what_was_received() {
    let pager = Pager::new(12, 5);
    let users = run(import_collection(&pager, "/Users", &options(100))).unwrap();
    assert_eq!(users, pager.users);
    assert_eq!(
        *pager.asked.borrow(),
        vec![
            "/Users?startIndex=1&count=100",
            "/Users?startIndex=6&count=100",
            "/Users?startIndex=11&count=100",
        ]
    );
}

#[test]
fn without_total_results_paging_stops_on_an_empty_page() {
    let mut pager = Pager::new(7, 3);
    pager.sends_total = false;
    let users = run(import_collection(&pager, "/Users", &options(3))).unwrap();
    assert_eq!(users, pager.users);
    assert_eq!(pager.asked.borrow().len(), 4, "3 full-ish pages + 1 empty");
}

#[test]
fn a_server_ignoring_start_index_is_an_error_when_pages_are_missing() {
    let mut pager = Pager::new(12, 5);
    pager.ignores_start_index = true;
    let err = run(import_collection(&pager, "/Users", &options(5))).unwrap_err();
    assert_eq!(err.code, "import.pagingIgnored");
    assert_eq!(err.path, "/Users?startIndex=6&count=5");
    assert!(err.message.contains("only 5 of 12"), "{}", err.message);
    assert_eq!(pager.asked.borrow().len(), 2);
}

#[test]
fn a_server_ignoring_start_index_but_sending_everything_is_fine() {
    let mut pager = Pager::new(4, 100);
    pager.ignores_start_index = true;
    pager.sends_total = false;
    let users = run(import_collection(&pager, "/Users", &options(10))).unwrap();
    // Page one holds everything; page two repeats it, which ends the
    // import without duplicates.
    assert_eq!(users, pager.users);
    assert_eq!(pager.asked.borrow().len(), 2);
}

/// A server that always claims there is more and always sends new ids.
struct Endless {
    calls: RefCell<u64>,
}

impl Transport for Endless {
    fn send(&self, _request: Request) -> impl Future<Output = Result<Response, TransportError>> {
        let mut calls = self.calls.borrow_mut();
        *calls += 1;
        let body = json!({"totalResults": u64::MAX, "Resources": [{"id": format!("x{calls}")}]});
        ready(Ok(Response {
            status: 200,
            content_type: Some("application/scim+json".into()),
            retry_after: None,
            body: body.to_string(),
        }))
    }
}

#[test]
fn runaway_paging_stops_with_an_error() {
    let endless = Endless {
        calls: RefCell::new(0),
    };
    let limits = ImportOptions {
        page_size: 1,
        max_pages: 50,
    };
    let err = run(import_collection(&endless, "/Groups", &limits)).unwrap_err();
    assert_eq!(err.code, "import.tooManyPages");
    assert_eq!(err.path, "/Groups");
    assert_eq!(*endless.calls.borrow(), 50);
}

/// Answers every request with one fixed response.
struct Fixed(Result<Response, TransportError>);

impl Transport for Fixed {
    fn send(&self, _request: Request) -> impl Future<Output = Result<Response, TransportError>> {
        ready(self.0.clone())
    }
}

fn fixed(status: u16, content_type: &str, body: &str) -> Fixed {
    Fixed(Ok(Response {
        status,
        content_type: Some(content_type.into()),
        retry_after: None,
        body: body.into(),
    }))
}

#[test]
fn errors_explain_themselves_and_name_the_request() {
    let cases = [
        (
            fixed(401, "application/scim+json", "{}"),
            "connection.unauthorized",
        ),
        (
            fixed(403, "application/scim+json", "{}"),
            "connection.forbidden",
        ),
        (fixed(404, "text/html", "<html>"), "connection.notFound"),
        (
            fixed(503, "application/scim+json", r#"{"detail": "maintenance"}"#),
            "connection.serverError",
        ),
        (
            fixed(200, "text/html", "<!doctype html><p>login</p>"),
            "connection.notScim",
        ),
        (
            fixed(200, "application/scim+json", r#"{"Resources": {"id": 1}}"#),
            "import.notList",
        ),
        (
            Fixed(Err(TransportError::Timeout { seconds: 30 })),
            "connection.timeout",
        ),
    ];
    for (transport, code) in cases {
        let err = run(import_snapshot(&transport, &ImportOptions::default())).unwrap_err();
        assert_eq!(err.code, code);
        assert_eq!(err.path, "/Users?startIndex=1&count=100", "{code}");
    }
    let err = run(import_snapshot(
        &fixed(503, "application/scim+json", r#"{"detail": "maintenance"}"#),
        &ImportOptions::default(),
    ))
    .unwrap_err();
    assert!(err.message.contains("maintenance"), "{}", err.message);
}

#[test]
fn lookups_quote_and_encode_the_value() {
    assert_eq!(
        lookup_path("/Users", "userName", "o\"brien+1@example.com"),
        "/Users?filter=userName%20eq%20%22o%5C%22brien%2B1%40example.com%22"
    );
    let users = vec![
        json!({"id": "a", "userName": "Ann@Example.com"}),
        json!({"id": "b", "userName": "bob@example.com"}),
    ];
    let scim = MemoryScim::with_snapshot(users.clone(), vec![]);
    let found = run(find_by(&scim, "/Users", "userName", "ann@example.com")).unwrap();
    assert_eq!(
        found,
        vec![users[0].clone()],
        "userName is case-insensitive"
    );
    let none = run(find_by(&scim, "/Users", "userName", "nobody@example.com")).unwrap();
    assert!(none.is_empty());
}

#[test]
fn snapshots_read_from_files_with_located_errors() {
    let snapshot = TargetSnapshot::from_json(r#"{"users": [{"id": "1"}]}"#).unwrap();
    assert_eq!(snapshot.users, vec![json!({"id": "1"})]);
    assert!(snapshot.groups.is_empty());
    let err = TargetSnapshot::from_json("{\"users\": [\n  {\"id\": 1},\n  7]}").unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.path.as_str()),
        ("snapshot.shape", "$.users[1]")
    );
    let err = TargetSnapshot::from_json("{\"users\": [\n  {\"id\": }]}").unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.path.as_str()),
        ("snapshot.syntax", "line 2, column 10")
    );
    let err = TargetSnapshot::from_json(r#"{"groups": {}}"#).unwrap_err();
    assert_eq!(err.path, "$.groups");
    let err = TargetSnapshot::from_json("[]").unwrap_err();
    assert_eq!(err.path, "$");
    // Round trip: the contract shape.
    let text = serde_json::to_string(&snapshot).unwrap();
    assert_eq!(text, r#"{"users":[{"id":"1"}],"groups":[]}"#);
}

#[test]
fn a_failing_page_names_its_request() {
    let scim = MemoryScim::with_snapshot((0..23).map(user).collect(), vec![]);
    scim.fail_nth(
        2,
        scim_mapper::sync::memory::Fault::Status {
            status: 503,
            retry_after: None,
        },
    );
    let err = run(import_snapshot(&scim, &options(10))).unwrap_err();
    assert_eq!(err.code, "connection.serverError");
    assert_eq!(err.path, "/Users?startIndex=11&count=10");
}
