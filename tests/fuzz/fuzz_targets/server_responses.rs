//! Any bytes as what a SCIM server answers: the connection test
//! (ServiceProviderConfig, then `GET /Users?count=1`) and the snapshot
//! import (ListResponse pages of /Users and /Groups) read them or fail
//! with an `Error`, never a panic. The input is split at `\n\n` into the
//! successive responses; one starting with three digits and a space
//! (`404 {...}`) has that status, any other is a 200.
//!
//! Run: `cargo fuzz run server_responses --fuzz-dir tests/fuzz`
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_mapper::connection::test_connection;
use scim_mapper::http::{Request, Response, Transport, TransportError};
use scim_mapper::sync::{import_snapshot, ImportOptions};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Answers every request with the next fuzzed response; then stops.
struct Scripted {
    answers: RefCell<VecDeque<Response>>,
}

impl Transport for Scripted {
    fn send(&self, _request: Request) -> impl Future<Output = Result<Response, TransportError>> {
        std::future::ready(
            self.answers
                .borrow_mut()
                .pop_front()
                .ok_or(TransportError::Cancelled),
        )
    }
}

fn responses(text: &str) -> VecDeque<Response> {
    text.split("\n\n")
        .map(|chunk| {
            let status = chunk
                .get(..3)
                .filter(|_| chunk.as_bytes().get(3) == Some(&b' '))
                .and_then(|digits| digits.parse::<u16>().ok());
            let body = if status.is_some() {
                chunk.get(4..).unwrap_or_default()
            } else {
                chunk
            };
            Response {
                status: status.unwrap_or(200),
                content_type: Some("application/scim+json".into()),
                retry_after: None,
                body: body.to_string(),
            }
        })
        .collect()
}

/// The transport never waits, so every future is ready on first poll.
fn block_on<F: Future>(future: F) -> Option<F::Output> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => Some(out),
        Poll::Pending => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let transport = Scripted {
        answers: RefCell::new(responses(text)),
    };
    let _ = block_on(test_connection(&transport));
    let transport = Scripted {
        answers: RefCell::new(responses(text)),
    };
    let options = ImportOptions {
        page_size: 2,
        max_pages: 50,
    };
    if let Some(Ok(snapshot)) = block_on(import_snapshot(&transport, &options)) {
        assert!(snapshot
            .users
            .iter()
            .chain(&snapshot.groups)
            .all(|r| r.is_object()));
    }
});
