use super::*;
use crate::http::Method;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::{ready, Future};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Answers requests from a script, in order, and records what was asked.
struct Scripted {
    answers: RefCell<VecDeque<Result<Response, TransportError>>>,
    asked: RefCell<Vec<String>>,
}

impl Transport for Scripted {
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>> {
        assert_eq!(request.method, Method::Get);
        self.asked.borrow_mut().push(request.path);
        ready(
            self.answers
                .borrow_mut()
                .pop_front()
                .unwrap_or(Err(TransportError::Cancelled)),
        )
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("the fake transport is always ready"),
    }
}

fn json(status: u16, body: &str) -> Result<Response, TransportError> {
    Ok(Response {
        status,
        content_type: Some("application/scim+json".into()),
        retry_after: None,
        body: body.into(),
    })
}

fn run(
    answers: Vec<Result<Response, TransportError>>,
) -> (Result<ConnectionReport, Error>, Vec<String>) {
    let transport = Scripted {
        answers: RefCell::new(answers.into()),
        asked: RefCell::new(vec![]),
    };
    let result = block_on(test_connection(&transport));
    (result, transport.asked.into_inner())
}

const SPC: &str = r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
  "documentationUri": "https://example.com/scim", "patch": {"supported": true},
  "bulk": {"supported": true, "maxOperations": 1000, "maxPayloadSize": 1048576},
  "filter": {"supported": true, "maxResults": 200}, "changePassword": {"supported": false},
  "sort": {"supported": false}, "etag": {"supported": true},
  "authenticationSchemes": [{"type": "oauthbearertoken", "name": "OAuth Bearer Token"}]}"#;

#[test]
fn reports_what_the_server_supports() {
    let users = r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 42, "Resources": []}"#;
    let (report, asked) = run(vec![json(200, SPC), json(200, users)]);
    assert_eq!(
        asked,
        vec!["/ServiceProviderConfig", "/Users?count=1", "/Schemas"]
    );
    let report = report.unwrap();
    assert_eq!(
        report.discovery.as_ref().map_err(|e| e.path.as_str()),
        Err("/Schemas"),
        "a server without discovery still connects"
    );
    assert_eq!(
        report,
        ConnectionReport {
            patch: true,
            bulk: Some(1000),
            filter: true,
            max_results: Some(200),
            sort: false,
            etag: true,
            change_password: false,
            auth_schemes: vec!["OAuth Bearer Token".into()],
            documentation_uri: Some("https://example.com/scim".into()),
            total_users: Some(42),
            discovery: report.discovery.clone(),
        }
    );
}

const SCHEMAS: &str = r#"{"Resources": [
  {"id": "urn:ietf:params:scim:schemas:core:2.0:User", "name": "User", "attributes": [
    {"name": "userName", "type": "string", "required": true, "uniqueness": "server"},
    {"name": "badgeColour", "type": "string"}]},
  {"id": "urn:ietf:params:scim:schemas:core:2.0:Group", "name": "Group", "attributes": [
    {"name": "displayName", "type": "string"}]}]}"#;
const TYPES: &str = r#"{"Resources": [
  {"id": "User", "name": "User", "endpoint": "/Users", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"},
  {"id": "Group", "name": "Group", "endpoint": "/Groups", "schema": "urn:ietf:params:scim:schemas:core:2.0:Group"}]}"#;

#[test]
fn reads_the_servers_schemas_and_patch_support_as_a_target_choice() {
    let users = r#"{"totalResults": 0, "Resources": []}"#;
    let spc_without_patch = SPC.replace(
        r#""patch": {"supported": true}"#,
        r#""patch": {"supported": false}"#,
    );
    let (report, asked) = run(vec![
        json(200, &spc_without_patch),
        json(200, users),
        json(200, SCHEMAS),
        json(200, TYPES),
    ]);
    assert_eq!(asked[2..], ["/Schemas", "/ResourceTypes"]);
    let report = report.unwrap();
    let discovered = report.discovered().expect("discovered");
    assert_eq!(discovered.patch_supported, Some(false));
    let user = discovered.schemas.resource("User").expect("User");
    let paths = user.attribute_paths();
    assert!(paths.iter().any(|p| p == "badgeColour"), "{paths:?}");
    assert!(!paths.iter().any(|p| p == "title"), "{paths:?}");
}

#[test]
fn a_resource_type_naming_an_undescribed_schema_is_located_at_resource_types() {
    let users = r#"{"totalResults": 0, "Resources": []}"#;
    let types = TYPES.replace("core:2.0:Group\"}", "core:2.0:Team\"}");
    let (report, _) = run(vec![
        json(200, SPC),
        json(200, users),
        json(200, SCHEMAS),
        json(200, &types),
    ]);
    let error = report.unwrap().discovery.unwrap_err();
    assert_eq!(error.code, "schema.invalid");
    assert_eq!(error.path, "/ResourceTypes[1].schema");
}

#[test]
fn explains_a_refused_token_with_the_servers_detail() {
    let body = r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "401", "detail": "Authorization failure"}"#;
    let (err, asked) = run(vec![json(401, body)]);
    let err = err.unwrap_err();
    assert_eq!(err.code, "connection.unauthorized");
    assert_eq!(err.path, "/ServiceProviderConfig");
    assert!(err.message.contains("HTTP 401"), "{}", err.message);
    assert!(
        err.message.contains("Authorization failure"),
        "{}",
        err.message
    );
    assert_eq!(asked.len(), 1, "stops at the first failure");
}

#[test]
fn each_http_failure_has_its_own_explanation() {
    for (status, code, needle) in [
        (403, "connection.forbidden", "lacks permission"),
        (404, "connection.notFound", "SCIM root"),
        (500, "connection.serverError", "HTTP 500"),
        (503, "connection.serverError", "HTTP 503"),
        (418, "connection.unexpectedStatus", "HTTP 418"),
    ] {
        let err = run(vec![json(status, "")]).0.unwrap_err();
        assert_eq!(err.code, code, "status {status}");
        assert!(
            err.message.contains(needle),
            "status {status}: {}",
            err.message
        );
    }
}

#[test]
fn a_web_page_is_not_scim() {
    let page = Ok(Response {
        status: 200,
        content_type: Some("text/html; charset=utf-8".into()),
        retry_after: None,
        body: "<!doctype html><title>Login</title>".into(),
    });
    let err = run(vec![page]).0.unwrap_err();
    assert_eq!(err.code, "connection.notScim");
    assert!(err.message.contains("web page"), "{}", err.message);
}

#[test]
fn json_that_is_not_a_service_provider_config_is_not_scim() {
    let err = run(vec![json(200, r#"{"hello": "world"}"#)]).0.unwrap_err();
    assert_eq!(err.code, "connection.notScim");
}

#[test]
fn network_errors_and_timeouts_say_what_to_check() {
    let err = run(vec![Err(TransportError::Network("Failed to fetch".into()))])
        .0
        .unwrap_err();
    assert_eq!(err.code, "connection.network");
    assert!(
        err.message.contains("Failed to fetch") && err.message.contains("proxy"),
        "{}",
        err.message
    );
    let err = run(vec![Err(TransportError::Timeout { seconds: 15 })])
        .0
        .unwrap_err();
    assert_eq!(err.code, "connection.timeout");
    assert!(err.message.contains("15 seconds"), "{}", err.message);
}

#[test]
fn a_failing_users_endpoint_is_reported_after_a_good_config() {
    let (err, asked) = run(vec![json(200, SPC), json(403, "")]);
    assert_eq!(err.unwrap_err().path, "/Users?count=1");
    assert_eq!(asked.len(), 2);
}

#[test]
fn long_or_odd_error_details_stay_one_bounded_line() {
    let long = format!(r#"{{"detail": "{}"}}"#, "x".repeat(5000));
    assert_eq!(scim_error_detail(&long).unwrap().chars().count(), 301);
    assert_eq!(scim_error_detail("not json"), None);
    assert_eq!(scim_error_detail(r#"{"detail": "  "}"#), None);
}
