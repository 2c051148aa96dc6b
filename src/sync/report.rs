//! What a run tells the admin: progress while it runs, and a report with
//! one result per operation, the request log and why it stopped early.

use super::log::LogEntry;
use super::operation::{Action, Operation};
use serde::Serialize;
use std::collections::BTreeMap;

/// How one operation ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Outcome {
    #[serde(rename_all = "camelCase")]
    Succeeded {
        status: u16,
        /// The target object's id: from the plan, from a POST response, or
        /// found after a 409.
        target_id: Option<String>,
        /// How it succeeded when that is not obvious (linked after 409,
        /// re-created after 404, already deleted).
        note: Option<String>,
    },
    Failed {
        /// The last HTTP status, when an answer arrived.
        status: Option<u16>,
        message: String,
    },
    /// A dry run: the write was not sent; `would_send` says what would be.
    #[serde(rename_all = "camelCase")]
    DryRun { would_send: String },
    /// Not started, or not retried, because the run was cancelled or stopped.
    Cancelled { message: String },
    /// Nothing to send (noop, skip, a link without changes).
    Skipped { reason: String },
}

impl Outcome {
    pub fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed { .. })
    }
}

/// One operation's result, in plan order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationResult {
    /// Index of the operation in the plan.
    pub index: usize,
    pub action: Action,
    pub resource_type: String,
    pub source_id: Option<String>,
    /// The planned target id (see the outcome for a discovered one).
    pub target_id: Option<String>,
    pub outcome: Outcome,
    /// HTTP requests sent for this operation, retries and recovery included.
    pub requests: u32,
}

impl OperationResult {
    pub(crate) fn new(index: usize, op: &Operation, outcome: Outcome, requests: u32) -> Self {
        OperationResult {
            index,
            action: op.action,
            resource_type: op.resource_type.clone(),
            source_id: op.source_id.clone(),
            target_id: op.target_id.clone(),
            outcome,
            requests,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StopReason {
    /// The target refused the token (401) or its permissions (403).
    Unauthorized,
    /// Too many of the recent operations failed.
    Quarantine,
    Cancelled,
}

/// Why a run ended before its last operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stopped {
    pub reason: StopReason,
    pub message: String,
}

/// Counts of the results by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub dry_run: usize,
    pub cancelled: usize,
    pub skipped: usize,
    /// HTTP requests sent (log entries).
    pub requests: usize,
    /// Requests that were retries of an earlier attempt.
    pub retries: usize,
}

impl Summary {
    pub(crate) fn count(results: &[OperationResult], log: &[LogEntry]) -> Self {
        let mut summary = Summary {
            total: results.len(),
            requests: log.len(),
            retries: log.iter().filter(|e| e.attempt > 1).count(),
            ..Summary::default()
        };
        for result in results {
            let slot = match result.outcome {
                Outcome::Succeeded { .. } => &mut summary.succeeded,
                Outcome::Failed { .. } => &mut summary.failed,
                Outcome::DryRun { .. } => &mut summary.dry_run,
                Outcome::Cancelled { .. } => &mut summary.cancelled,
                Outcome::Skipped { .. } => &mut summary.skipped,
            };
            *slot += 1;
        }
        summary
    }
}

/// Everything a run did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionReport {
    /// One per operation, in plan order.
    pub results: Vec<OperationResult>,
    pub stopped: Option<Stopped>,
    pub log: Vec<LogEntry>,
    /// Source id → target id of the objects this run created (POST) or,
    /// after a 409, found and linked: ids the plan did not know, which a
    /// later phase (group memberships) needs.
    pub created: BTreeMap<String, String>,
    pub summary: Summary,
    pub elapsed_ms: u64,
}

/// Done / total for one action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ActionProgress {
    pub done: usize,
    pub total: usize,
}

/// A snapshot of a running sync, emitted after every completed operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub failed: usize,
    /// Only the actions the plan contains.
    pub per_action: BTreeMap<Action, ActionProgress>,
    /// Completed operations per second since the start.
    pub rate_per_second: f64,
    /// Remaining operations at the current rate; `None` before a rate exists.
    pub eta_seconds: Option<f64>,
    pub elapsed_ms: u64,
}

impl Progress {
    pub(crate) fn new(ops: &[Operation]) -> Self {
        let mut per_action: BTreeMap<Action, ActionProgress> = BTreeMap::new();
        for op in ops {
            per_action.entry(op.action).or_default().total += 1;
        }
        Progress {
            done: 0,
            total: ops.len(),
            failed: 0,
            per_action,
            rate_per_second: 0.0,
            eta_seconds: None,
            elapsed_ms: 0,
        }
    }

    /// Counts one completed operation and refreshes the rate and ETA.
    pub(crate) fn complete(&mut self, action: Action, failed: bool, elapsed_ms: f64) {
        self.done += 1;
        if failed {
            self.failed += 1;
        }
        self.per_action.entry(action).or_default().done += 1;
        self.tick(elapsed_ms);
    }

    fn tick(&mut self, elapsed_ms: f64) {
        let elapsed_ms = elapsed_ms.max(0.0);
        self.elapsed_ms = elapsed_ms.round() as u64;
        if elapsed_ms > 0.0 {
            self.rate_per_second = self.done as f64 * 1000.0 / elapsed_ms;
        }
        let remaining = self.total.saturating_sub(self.done) as f64;
        self.eta_seconds = if remaining == 0.0 {
            Some(0.0)
        } else if self.rate_per_second > 0.0 {
            Some(remaining / self.rate_per_second)
        } else {
            None
        };
    }
}
