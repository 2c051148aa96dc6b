//! How a run behaves (limits, retries, the quarantine threshold) and how
//! the admin steers it while it runs.

use serde::{Deserialize, Serialize};
use std::cell::Cell;

/// Tuning of one run. Every field has a default, so JSON callers may pass
/// only what they change (`{"concurrency": 2}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExecuteOptions {
    /// Operations in flight at once (at least 1).
    pub concurrency: usize,
    /// Attempts per request, the first one included (at least 1).
    pub max_attempts: u32,
    /// Backoff before the first retry; it doubles with every attempt.
    pub base_backoff_ms: u64,
    /// Upper bound of one backoff wait.
    pub max_backoff_ms: u64,
    /// Upper bound of a server's `Retry-After`, so a server saying "come
    /// back tomorrow" does not freeze the run silently.
    pub max_retry_after_ms: u64,
    /// Seed of the backoff jitter: the same seed gives the same waits.
    pub seed: u64,
    /// Stop when more than this percentage of the last
    /// `quarantine_window` completed operations failed (Entra's
    /// quarantine). 100 or more disables it.
    pub quarantine_percent: u32,
    /// How many completed operations the threshold looks at; it applies
    /// only once that many completed. 0 disables it.
    pub quarantine_window: usize,
    /// Granularity of waits: a paused run re-checks, and a retry wait
    /// notices a cancel, every this many milliseconds.
    pub poll_step_ms: u64,
}

impl Default for ExecuteOptions {
    fn default() -> Self {
        ExecuteOptions {
            concurrency: 4,
            max_attempts: 5,
            base_backoff_ms: 1_000,
            max_backoff_ms: 60_000,
            max_retry_after_ms: 300_000,
            seed: 0x5eed,
            quarantine_percent: 50,
            quarantine_window: 20,
            poll_step_ms: 250,
        }
    }
}

/// Cancel and pause switches shared between the UI and a running sync
/// (single-threaded: hold it in an `Rc`).
#[derive(Debug, Default)]
pub struct Control {
    cancelled: Cell<bool>,
    paused: Cell<bool>,
}

impl Control {
    pub fn new() -> Self {
        Control::default()
    }

    /// No new operation starts and no request is retried; requests in
    /// flight finish. Final: a cancelled run cannot be resumed.
    pub fn cancel(&self) {
        self.cancelled.set(true);
    }

    /// No new operation starts until [`Control::resume`]; operations in
    /// flight finish (their retries included).
    pub fn pause(&self) {
        self.paused.set(true);
    }

    pub fn resume(&self) {
        self.paused.set(false);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }

    pub fn is_paused(&self) -> bool {
        self.paused.get()
    }
}
