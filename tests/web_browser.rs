//! Browser-only tests (wasm-bindgen-test in headless Chromium): the fetch
//! transport's guarantees that no native test can reach.
#![cfg(target_arch = "wasm32")]

use scim_mapper::connection::test_connection;
use scim_mapper::http::{Method, Request, Transport, TransportError};
use scim_mapper::web::FetchTransport;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SECRET: &str = "s3cr3t-token-value";

#[wasm_bindgen_test]
async fn a_dry_run_refuses_writes_before_touching_the_network() {
    let transport = FetchTransport::new("http://127.0.0.1:9/scim", SECRET).dry_run(true);
    for method in [Method::Post, Method::Put, Method::Patch, Method::Delete] {
        let request = Request {
            method,
            path: "/Users".into(),
            body: Some(serde_json::json!({"userName": "x"})),
        };
        assert_eq!(
            transport.send(request).await,
            Err(TransportError::DryRunBlocked)
        );
    }
    // Reads still go out (and fail here, as nothing listens on port 9).
    assert!(matches!(
        transport.send(Request::get("/Users")).await,
        Err(TransportError::Network(_))
    ));
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_an_error_value_without_the_token() {
    let transport = FetchTransport::new("http://127.0.0.1:9/scim", SECRET);
    let error = test_connection(&transport).await.unwrap_err();
    assert_eq!(error.code, "connection.network");
    assert!(!error.message.contains(SECRET));
    assert!(
        !format!("{transport:?}").contains(SECRET),
        "Debug must redact the token"
    );
}

#[wasm_bindgen_test]
async fn a_page_without_scim_is_explained() {
    // The test runner's own origin serves pages, not SCIM.
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let transport = FetchTransport::new(&format!("{origin}/no-scim-here"), SECRET);
    let error = test_connection(&transport).await.unwrap_err();
    assert!(
        error.code == "connection.notFound" || error.code == "connection.notScim",
        "unexpected {error:?}"
    );
}

#[wasm_bindgen_test]
async fn the_browser_timer_sleeps_for_real() {
    use scim_mapper::http::Timer;
    use scim_mapper::web::BrowserTimer;
    let timer = BrowserTimer;
    let start = timer.now_millis();
    timer.sleep(30).await;
    let elapsed = timer.now_millis() - start;
    assert!(elapsed >= 25.0, "slept only {elapsed} ms");
}
