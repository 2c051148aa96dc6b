//! The run loop: starts operations in plan order, at most `concurrency` at
//! a time, and decides when the run stops (cancel, 401/403, quarantine).
//!
//! Single-threaded and runtime-free: in-flight operations are boxed
//! futures polled by a small `poll_fn` loop, so the same code runs under
//! the browser's event loop and under a test's virtual clock.

mod operation;

use super::operation::Operation;
use super::options::{Control, ExecuteOptions};
use super::report::{
    ExecutionReport, OperationResult, Outcome, Progress, StopReason, Stopped, Summary,
};
use crate::http::{Timer, Transport};
use operation::Runner;
use std::collections::VecDeque;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

type InFlight<'f> = Pin<Box<dyn Future<Output = OperationResult> + 'f>>;

/// Executes a plan against a target and reports every operation's fate.
///
/// Operations start in the given order. Noop, skip and request-less
/// operations complete at once as `skipped`. `on_progress` is called after
/// every completed operation. The transport decides whether writes are
/// really sent: one that refuses them (`TransportError::DryRunBlocked`)
/// turns the run into a dry run.
pub async fn execute<T: Transport, C: Timer>(
    ops: &[Operation],
    transport: &T,
    timer: &C,
    options: &ExecuteOptions,
    control: &Control,
    on_progress: &mut dyn FnMut(&Progress),
) -> ExecutionReport {
    let started = timer.now_millis();
    let runner = Runner::new(transport, timer, options, control);
    let limit = options.concurrency.max(1);
    let mut tally = Tally {
        results: vec![None; ops.len()],
        progress: Progress::new(ops),
        quarantine: Quarantine::new(options),
    };
    let mut stopped: Option<Stopped> = None;
    let mut in_flight: Vec<InFlight<'_>> = Vec::new();
    let mut waiting = ops.iter().enumerate().peekable();
    loop {
        if stopped.is_none() && control.is_cancelled() {
            stopped = Some(Stopped {
                reason: StopReason::Cancelled,
                message: "The sync was cancelled: requests in flight finished, the remaining operations were not started.".to_string(),
            });
        }
        while stopped.is_none() && !control.is_paused() && in_flight.len() < limit {
            let Some((index, op)) = waiting.next() else {
                break;
            };
            if op.request_to_send().is_none() {
                let outcome = Outcome::Skipped {
                    reason: op.reason.clone(),
                };
                let result = OperationResult::new(index, op, outcome, 0);
                tally.complete(result, timer.now_millis() - started, on_progress);
                continue;
            }
            let runner = &runner;
            in_flight.push(Box::pin(async move {
                let (outcome, requests) = runner.run(index, op).await;
                OperationResult::new(index, op, outcome, requests)
            }));
        }
        if in_flight.is_empty() {
            if stopped.is_some() || waiting.peek().is_none() {
                break;
            }
            // Paused with nothing in flight: look again in a moment.
            timer.sleep(options.poll_step_ms.max(1)).await;
            continue;
        }
        for result in next_finished(&mut in_flight).await {
            let tripped = tally.complete(result, timer.now_millis() - started, on_progress);
            if stopped.is_none() {
                stopped = runner.take_stop_request().or(tripped);
                if stopped.is_some() {
                    runner.halt();
                }
            }
        }
    }
    let reason = stopped
        .as_ref()
        .map_or("the run stopped", |s| s.message.as_str());
    for (index, op) in waiting {
        let outcome = Outcome::Cancelled {
            message: format!("Not started. {reason}"),
        };
        if let Some(slot) = tally.results.get_mut(index) {
            *slot = Some(OperationResult::new(index, op, outcome, 0));
        }
    }
    let results: Vec<OperationResult> = tally.results.into_iter().flatten().collect();
    let log = runner.log.take();
    ExecutionReport {
        summary: Summary::count(&results, &log),
        results,
        stopped,
        log,
        created: runner.created.take(),
        elapsed_ms: (timer.now_millis() - started).max(0.0).round() as u64,
    }
}

/// Resolves when at least one in-flight operation finished, with all that did.
async fn next_finished(in_flight: &mut Vec<InFlight<'_>>) -> Vec<OperationResult> {
    poll_fn(|cx| {
        let mut finished = Vec::new();
        in_flight.retain_mut(|future| match future.as_mut().poll(cx) {
            Poll::Ready(result) => {
                finished.push(result);
                false
            }
            Poll::Pending => true,
        });
        if finished.is_empty() {
            Poll::Pending
        } else {
            Poll::Ready(finished)
        }
    })
    .await
}

/// Results, progress and the quarantine window, updated per completion.
struct Tally {
    results: Vec<Option<OperationResult>>,
    progress: Progress,
    quarantine: Quarantine,
}

impl Tally {
    /// Records a result, reports progress, and returns a quarantine stop
    /// when this completion tripped the threshold.
    fn complete(
        &mut self,
        result: OperationResult,
        elapsed_ms: f64,
        on_progress: &mut dyn FnMut(&Progress),
    ) -> Option<Stopped> {
        let failed = result.outcome.is_failure();
        self.progress.complete(result.action, failed, elapsed_ms);
        on_progress(&self.progress);
        let tripped = self.quarantine.record(&result.outcome);
        let index = result.index;
        if let Some(slot) = self.results.get_mut(index) {
            *slot = Some(result);
        }
        tripped
    }
}

/// Entra-style quarantine: too many recent failures mean something is
/// broken (a mapping, the target), and failing every object is worse than
/// stopping.
struct Quarantine {
    recent_failures: VecDeque<bool>,
    window: usize,
    percent: u32,
}

impl Quarantine {
    fn new(options: &ExecuteOptions) -> Self {
        Quarantine {
            recent_failures: VecDeque::new(),
            window: options.quarantine_window,
            percent: options.quarantine_percent,
        }
    }

    /// Counts operations that reached the target (skipped and cancelled
    /// ones say nothing about its health).
    fn record(&mut self, outcome: &Outcome) -> Option<Stopped> {
        if self.window == 0 || self.percent >= 100 {
            return None;
        }
        let failed = match outcome {
            Outcome::Failed { .. } => true,
            Outcome::Succeeded { .. } | Outcome::DryRun { .. } => false,
            Outcome::Cancelled { .. } | Outcome::Skipped { .. } => return None,
        };
        self.recent_failures.push_back(failed);
        if self.recent_failures.len() > self.window {
            self.recent_failures.pop_front();
        }
        let failures = self.recent_failures.iter().filter(|f| **f).count();
        let full = self.recent_failures.len() == self.window;
        // failures / window > percent / 100, without rounding.
        let over = (failures as u128) * 100 > u128::from(self.percent) * (self.window as u128);
        (full && over).then(|| Stopped {
            reason: StopReason::Quarantine,
            message: format!(
                "The sync stopped: {failures} of the last {} operations failed (more than {}%). Like Entra's quarantine, it stops rather than fail every object; look at the failures, fix their cause and run it again.",
                self.window, self.percent
            ),
        })
    }
}
