//! An honest little SCIM 2.0 server in memory: Users and Groups with
//! uniqueness, filters, paging, PATCH, PUT and DELETE, plus fault
//! injection and a journal of every request.
//!
//! Tests run the executor against it; the app runs a whole simulated sync
//! against an imported target snapshot ([`MemoryScim::with_snapshot`]) to
//! show what a real run would do, without touching the real target.

mod clock;
mod faults;
mod store;

pub use clock::{run_simulated, VirtualClock};
pub use faults::Fault;

use crate::http::{Method, Request, Response, Transport, TransportError};
use faults::Faults;
use serde::Serialize;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::task::Poll;
use store::{Kind, Store};

/// One request the server received, and what it answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// 1-based, in arrival order (what [`MemoryScim::fail_nth`] counts).
    pub number: u64,
    pub method: Method,
    pub path: String,
    pub body: Option<Value>,
    /// `None` when no HTTP answer was given (network fault, timeout).
    pub status: Option<u16>,
    /// The injected fault, if any ([`Fault::label`]).
    pub fault: Option<String>,
}

/// The in-memory SCIM target. Single-threaded; share it by reference.
#[derive(Debug)]
pub struct MemoryScim {
    store: RefCell<Store>,
    faults: RefCell<Faults>,
    journal: RefCell<Vec<JournalEntry>>,
    in_flight: Cell<usize>,
    max_in_flight: Cell<usize>,
}

impl Default for MemoryScim {
    fn default() -> Self {
        MemoryScim::new()
    }
}

impl MemoryScim {
    /// An empty target.
    pub fn new() -> Self {
        MemoryScim {
            store: RefCell::new(Store::new()),
            faults: RefCell::new(Faults::default()),
            journal: RefCell::new(Vec::new()),
            in_flight: Cell::new(0),
            max_in_flight: Cell::new(0),
        }
    }

    /// A target holding a snapshot (contract §3): resources keep their ids
    /// and `meta`; entries that are not objects are ignored.
    pub fn with_snapshot(users: Vec<Value>, groups: Vec<Value>) -> Self {
        let scim = MemoryScim::new();
        {
            let mut store = scim.store.borrow_mut();
            for user in users {
                store.insert_snapshot(Kind::User, user);
            }
            for group in groups {
                store.insert_snapshot(Kind::Group, group);
            }
        }
        scim
    }

    /// Sets the server clock (Unix milliseconds) used for `meta` times.
    pub fn set_now(&self, millis: f64) {
        self.store.borrow_mut().now = millis;
    }

    /// All users, ordered by id.
    pub fn users(&self) -> Vec<Value> {
        self.store.borrow().resources(Kind::User)
    }

    /// All groups, ordered by id.
    pub fn groups(&self) -> Vec<Value> {
        self.store.borrow().resources(Kind::Group)
    }

    /// Every request received so far.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.journal.borrow().clone()
    }

    /// The most requests that were ever being served at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.get()
    }

    /// Request number `number` (1-based, counting all requests) fails.
    pub fn fail_nth(&self, number: u64, fault: Fault) {
        self.faults.borrow_mut().nth(number, fault);
    }

    /// The next `times` requests with `method` whose path starts with
    /// `path_prefix` fail.
    pub fn fail_matching(&self, method: Method, path_prefix: &str, times: u32, fault: Fault) {
        self.faults
            .borrow_mut()
            .matching(method, path_prefix, times, fault);
    }

    /// Each request fails with probability `percent`%, with one of
    /// `faults`, drawn from a generator seeded with `seed`.
    pub fn fail_randomly(&self, percent: u32, seed: u64, faults: Vec<Fault>) {
        self.faults.borrow_mut().random(percent, seed, faults);
    }

    /// Answers a request at once (faults and journal included); `send`
    /// does the same after yielding once.
    pub fn serve(&self, request: Request) -> Result<Response, TransportError> {
        let number = self.journal.borrow().len() as u64 + 1;
        let fault = self.faults.borrow_mut().pick(number, &request);
        let label = fault.as_ref().map(Fault::label);
        let answer = match fault {
            None => Ok(self.store.borrow_mut().handle(&request)),
            Some(Fault::Status {
                status,
                retry_after,
            }) => {
                let mut response = store::error(status, None, "Injected fault.");
                response.retry_after = retry_after;
                Ok(response)
            }
            Some(Fault::Network) => Err(TransportError::Network(
                "connection reset (injected)".to_string(),
            )),
            Some(Fault::Timeout) => Err(TransportError::Timeout { seconds: 30 }),
            Some(Fault::LostResponse) => {
                self.store.borrow_mut().handle(&request);
                Err(TransportError::Network(
                    "connection reset after the server processed the request (injected)"
                        .to_string(),
                ))
            }
            Some(Fault::Respond(response)) => Ok(response),
        };
        self.journal.borrow_mut().push(JournalEntry {
            number,
            method: request.method,
            path: request.path,
            body: request.body,
            status: answer.as_ref().ok().map(|r| r.status),
            fault: label,
        });
        answer
    }
}

impl Transport for MemoryScim {
    /// Yields once before answering, so requests started together are in
    /// flight together and [`MemoryScim::max_in_flight`] sees concurrency.
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let _serving = Serving::enter(self);
        yield_once().await;
        self.serve(request)
    }
}

/// Counts a request as in flight for as long as it lives.
struct Serving<'s>(&'s MemoryScim);

impl<'s> Serving<'s> {
    fn enter(scim: &'s MemoryScim) -> Self {
        let now = scim.in_flight.get() + 1;
        scim.in_flight.set(now);
        scim.max_in_flight.set(scim.max_in_flight.get().max(now));
        Serving(scim)
    }
}

impl Drop for Serving<'_> {
    fn drop(&mut self) {
        self.0
            .in_flight
            .set(self.0.in_flight.get().saturating_sub(1));
    }
}

/// Pending once (asking to be polled again), then ready.
async fn yield_once() {
    let mut yielded = false;
    poll_fn(|cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await
}
