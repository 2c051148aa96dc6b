//! Fault injection for [`super::MemoryScim`]: make chosen requests fail the
//! way real SCIM targets do (throttling, outages, dropped connections).

use crate::http::{Method, Request, Response};
use crate::sync::retry::splitmix64;

/// What an injected fault answers instead of the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// An HTTP error with a SCIM error body, optionally with `Retry-After`.
    Status {
        status: u16,
        retry_after: Option<String>,
    },
    /// No answer: the connection failed before the server saw the request.
    Network,
    /// No answer within the transport's timeout.
    Timeout,
    /// The server processed the request, then the answer was lost: the
    /// case that makes naive retries create duplicates.
    LostResponse,
    /// This exact answer.
    Respond(Response),
}

impl Fault {
    pub fn status(status: u16) -> Fault {
        Fault::Status {
            status,
            retry_after: None,
        }
    }

    /// 429 Too Many Requests with this `Retry-After` (seconds or HTTP date).
    pub fn throttled(retry_after: &str) -> Fault {
        Fault::Status {
            status: 429,
            retry_after: Some(retry_after.to_string()),
        }
    }

    /// A short name for the request journal.
    pub fn label(&self) -> String {
        match self {
            Fault::Status {
                status,
                retry_after: Some(after),
            } => format!("{status} (Retry-After: {after})"),
            Fault::Status { status, .. } => status.to_string(),
            Fault::Network => "network".to_string(),
            Fault::Timeout => "timeout".to_string(),
            Fault::LostResponse => "lostResponse".to_string(),
            Fault::Respond(response) => format!("canned {}", response.status),
        }
    }
}

/// Which requests a rule hits.
#[derive(Debug, Clone)]
enum Trigger {
    /// The request with this 1-based number (counting every request).
    Nth(u64),
    /// The next `remaining` requests with this method whose path starts so.
    Matching {
        method: Method,
        path_prefix: String,
        remaining: u32,
    },
    /// Each request with this probability, from a seeded generator.
    Random { percent: u32, state: u64 },
}

#[derive(Debug, Clone)]
struct Rule {
    trigger: Trigger,
    faults: Vec<Fault>,
}

/// The rules, checked in the order they were added; the first hit wins.
#[derive(Debug, Clone, Default)]
pub(super) struct Faults {
    rules: Vec<Rule>,
}

impl Faults {
    pub fn nth(&mut self, number: u64, fault: Fault) {
        self.push(Trigger::Nth(number), vec![fault]);
    }

    pub fn matching(&mut self, method: Method, path_prefix: &str, times: u32, fault: Fault) {
        let trigger = Trigger::Matching {
            method,
            path_prefix: path_prefix.to_string(),
            remaining: times,
        };
        self.push(trigger, vec![fault]);
    }

    pub fn random(&mut self, percent: u32, seed: u64, faults: Vec<Fault>) {
        self.push(
            Trigger::Random {
                percent,
                state: seed,
            },
            faults,
        );
    }

    fn push(&mut self, trigger: Trigger, faults: Vec<Fault>) {
        if !faults.is_empty() {
            self.rules.push(Rule { trigger, faults });
        }
    }

    /// The fault for request number `number`, if a rule hits it.
    pub fn pick(&mut self, number: u64, request: &Request) -> Option<Fault> {
        self.rules.iter_mut().find_map(|rule| {
            let choice = match &mut rule.trigger {
                Trigger::Nth(n) => (*n == number).then_some(0),
                Trigger::Matching {
                    method,
                    path_prefix,
                    remaining,
                } => {
                    let hit = *remaining > 0
                        && *method == request.method
                        && request.path.starts_with(path_prefix.as_str());
                    if hit {
                        *remaining -= 1;
                    }
                    hit.then_some(0)
                }
                Trigger::Random { percent, state } => {
                    let roll = splitmix64(state);
                    (roll % 100 < u64::from(*percent)).then_some((roll >> 32) as usize)
                }
            };
            let count = rule.faults.len();
            choice.and_then(|c| rule.faults.get(c % count.max(1)).cloned())
        })
    }
}
