//! One operation: send its request with retries, read the answer, and
//! repair what the plan could not know (409 on create, 404 on update).

use super::super::log::{format_timestamp, LogEntry, LogOutcome};
use super::super::operation::{Action, Operation, Recovery};
use super::super::options::{Control, ExecuteOptions};
use super::super::report::{Outcome, StopReason, Stopped};
use super::super::retry::{is_retryable_status, retry_after_millis, Backoff};
use crate::connection::scim_error_detail;
use crate::http::{Method, Request, Response, Timer, Transport, TransportError};
use crate::scim::filter::percent_encode;
use crate::scim::patch;
use crate::scim::path::AttrPath;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

/// State shared by the operations of one run (single-threaded).
pub(super) struct Runner<'a, T, C> {
    transport: &'a T,
    timer: &'a C,
    options: &'a ExecuteOptions,
    control: &'a Control,
    backoff: Backoff,
    pub log: RefCell<Vec<LogEntry>>,
    pub created: RefCell<BTreeMap<String, String>>,
    /// Set when the run must stop: in-flight operations stop retrying.
    halted: Cell<bool>,
    /// A stop an operation discovered (401/403), for the run loop to act on.
    stop_request: RefCell<Option<Stopped>>,
}

/// The operation being executed, for log entries and counting.
struct Job<'o> {
    index: usize,
    op: &'o Operation,
    /// The target object's id as far as known (planned, created or found).
    target_id: Option<String>,
    requests: u32,
}

/// The answer to a request after retries: a response still to interpret
/// (with its log entry, to be completed), or an outcome already decided.
enum Answer {
    Response(Response, Box<LogEntry>),
    Settled(Outcome),
}

impl<'a, T: Transport, C: Timer> Runner<'a, T, C> {
    pub fn new(
        transport: &'a T,
        timer: &'a C,
        options: &'a ExecuteOptions,
        control: &'a Control,
    ) -> Self {
        Runner {
            transport,
            timer,
            options,
            control,
            backoff: Backoff::new(
                options.base_backoff_ms,
                options.max_backoff_ms,
                options.seed,
            ),
            log: RefCell::new(Vec::new()),
            created: RefCell::new(BTreeMap::new()),
            halted: Cell::new(false),
            stop_request: RefCell::new(None),
        }
    }

    /// Stops retries of operations in flight.
    pub fn halt(&self) {
        self.halted.set(true);
    }

    pub fn take_stop_request(&self) -> Option<Stopped> {
        self.stop_request.borrow_mut().take()
    }

    fn should_stop(&self) -> bool {
        self.halted.get() || self.control.is_cancelled()
    }

    /// Executes one operation that has a request to send; returns its
    /// outcome and the number of requests sent.
    pub async fn run(&self, index: usize, op: &Operation) -> (Outcome, u32) {
        let mut job = Job {
            index,
            op,
            target_id: op.target_id.clone(),
            requests: 0,
        };
        let outcome = self.perform(&mut job).await;
        (outcome, job.requests)
    }

    async fn perform(&self, job: &mut Job<'_>) -> Outcome {
        let Some(planned) = job.op.request_to_send() else {
            return Outcome::Skipped {
                reason: job.op.reason.clone(),
            };
        };
        let request = Request {
            method: planned.method,
            path: planned.path.clone(),
            body: planned.body.clone(),
        };
        let (response, entry) = match self.send(job, &request).await {
            Answer::Response(response, entry) => (response, entry),
            Answer::Settled(outcome) => return outcome,
        };
        let recovery = job.op.recovery.as_ref();
        match (response.status, request.method, recovery) {
            (200..=299, _, _) => {
                self.record(entry, LogOutcome::Ok, None);
                if request.method == Method::Post {
                    self.adopt_created_id(job, &response);
                }
                Outcome::Succeeded {
                    status: response.status,
                    target_id: job.target_id.clone(),
                    note: None,
                }
            }
            (409, Method::Post, Some(recovery)) => {
                let detail = describe_status(&response);
                self.record(entry, LogOutcome::Recovered, Some(detail));
                self.link_existing(job, recovery).await
            }
            (404, Method::Patch | Method::Put, Some(recovery))
                if job.op.action == Action::Update =>
            {
                let detail = describe_status(&response);
                self.record(entry, LogOutcome::Recovered, Some(detail));
                self.recreate(job, recovery).await
            }
            (404, Method::Delete, _) => {
                let note = "already absent from the target (404)".to_string();
                self.record(entry, LogOutcome::Ok, Some(note.clone()));
                Outcome::Succeeded {
                    status: 404,
                    target_id: job.target_id.clone(),
                    note: Some(note),
                }
            }
            _ => self.fail(entry, &response, ""),
        }
    }

    /// 409 on create: the object exists. Find it, link it, bring its
    /// managed attributes in line — and never POST again.
    async fn link_existing(&self, job: &mut Job<'_>, recovery: &Recovery) -> Outcome {
        let lookup = Request::get(recovery.lookup_path.clone());
        let (response, entry) = match self.send(job, &lookup).await {
            Answer::Response(response, entry) => (response, entry),
            Answer::Settled(outcome) => return outcome,
        };
        if !(200..=299).contains(&response.status) {
            return self.fail(
                entry,
                &response,
                "The object already exists (409), and looking it up failed: ",
            );
        }
        let found = list_resources(&response.body);
        let existing = match found.as_slice() {
            [one] => one,
            _ => {
                let message = format!(
                    "The object already exists (409), but {} found {} objects instead of one, so it was not linked (and not created twice). Check the matching attribute.",
                    recovery.lookup_path,
                    found.len()
                );
                self.record(entry, LogOutcome::Failed, Some(message.clone()));
                return Outcome::Failed {
                    status: Some(409),
                    message,
                };
            }
        };
        let Some(id) = existing.get("id").and_then(Value::as_str) else {
            let message =
                "The object already exists (409), but the lookup returned it without an `id`."
                    .to_string();
            self.record(entry, LogOutcome::Failed, Some(message.clone()));
            return Outcome::Failed {
                status: Some(response.status),
                message,
            };
        };
        self.record(entry, LogOutcome::Ok, None);
        self.adopt_id(job, id);
        let managed = match parse_managed(&recovery.managed) {
            Ok(paths) => paths,
            Err(message) => {
                return Outcome::Failed {
                    status: None,
                    message,
                }
            }
        };
        let Some(changes) = patch::generate(existing, &recovery.desired, &managed, None) else {
            return Outcome::Succeeded {
                status: response.status,
                target_id: job.target_id.clone(),
                note: Some("already existed (409); linked, nothing to update".to_string()),
            };
        };
        let update = Request {
            method: Method::Patch,
            path: member_path(&recovery.collection_path, id),
            body: Some(changes),
        };
        self.finish_write(
            job,
            &update,
            "already existed (409); linked and updated",
            "The object already exists (409) and was linked, but updating it failed: ",
        )
        .await
    }

    /// 404 on update: the object vanished from the target; create it again.
    async fn recreate(&self, job: &mut Job<'_>, recovery: &Recovery) -> Outcome {
        let create = Request {
            method: Method::Post,
            path: recovery.collection_path.clone(),
            body: Some(recovery.desired.clone()),
        };
        self.finish_write(
            job,
            &create,
            "was gone from the target (404); created again",
            "The object was gone from the target (404), and creating it again failed: ",
        )
        .await
    }

    /// Sends the last request of a recovery; success carries `note`.
    async fn finish_write(
        &self,
        job: &mut Job<'_>,
        request: &Request,
        note: &str,
        failure_prefix: &str,
    ) -> Outcome {
        let (response, entry) = match self.send(job, request).await {
            Answer::Response(response, entry) => (response, entry),
            Answer::Settled(outcome) => return outcome,
        };
        if !(200..=299).contains(&response.status) {
            return self.fail(entry, &response, failure_prefix);
        }
        self.record(entry, LogOutcome::Ok, None);
        if request.method == Method::Post {
            self.adopt_created_id(job, &response);
        }
        Outcome::Succeeded {
            status: response.status,
            target_id: job.target_id.clone(),
            note: Some(note.to_string()),
        }
    }

    /// Sends a request, retrying throttling, server errors, network errors
    /// and timeouts. Every attempt is logged; the final answer's entry is
    /// returned for the caller to complete.
    async fn send(&self, job: &mut Job<'_>, request: &Request) -> Answer {
        let mut attempt = 0u32;
        loop {
            attempt = attempt.saturating_add(1);
            job.requests = job.requests.saturating_add(1);
            let started = self.timer.now_millis();
            let answer = self.transport.send(request.clone()).await;
            let mut entry = self.entry(job, request, attempt, started);
            let (status, problem, wait) = match answer {
                Ok(response) if !is_retryable_status(response.status) => {
                    entry.status = Some(response.status);
                    return Answer::Response(response, Box::new(entry));
                }
                Ok(response) => {
                    entry.status = Some(response.status);
                    let requested = response
                        .retry_after
                        .as_deref()
                        .and_then(|h| retry_after_millis(h, self.timer.now_millis()))
                        .map(|wait| wait.min(self.options.max_retry_after_ms));
                    let wait = requested.unwrap_or_else(|| self.backoff.delay_ms(attempt));
                    (Some(response.status), describe_status(&response), wait)
                }
                Err(TransportError::DryRunBlocked) => {
                    self.record(entry, LogOutcome::DryRun, None);
                    return Answer::Settled(Outcome::DryRun {
                        would_send: format!("{} {}", request.method.as_str(), request.path),
                    });
                }
                Err(TransportError::Cancelled) => {
                    let message = "The request was cancelled.".to_string();
                    self.record(entry, LogOutcome::Cancelled, Some(message.clone()));
                    return Answer::Settled(Outcome::Cancelled { message });
                }
                Err(TransportError::Network(detail)) => (
                    None,
                    format!("network error: {detail}"),
                    self.backoff.delay_ms(attempt),
                ),
                Err(TransportError::Timeout { seconds }) => (
                    None,
                    format!("no answer within {seconds} seconds"),
                    self.backoff.delay_ms(attempt),
                ),
            };
            if attempt >= self.options.max_attempts {
                let message = format!("{problem} (gave up after {attempt} attempts)");
                self.record(entry, LogOutcome::Failed, Some(message.clone()));
                return Answer::Settled(Outcome::Failed { status, message });
            }
            if self.should_stop() {
                return Answer::Settled(self.abandon(entry, &problem));
            }
            entry.retry_in_ms = Some(wait);
            self.record(entry, LogOutcome::Retry, Some(problem.clone()));
            if !self.wait(wait).await {
                return Answer::Settled(Outcome::Cancelled {
                    message: format!("{problem}; not retried because the run was stopped"),
                });
            }
        }
    }

    /// A retry that a cancel or stop makes pointless.
    fn abandon(&self, entry: LogEntry, problem: &str) -> Outcome {
        let message = format!("{problem}; not retried because the run was stopped");
        self.record(entry, LogOutcome::Cancelled, Some(message.clone()));
        Outcome::Cancelled { message }
    }

    /// Waits in steps so a cancel is noticed; false when the run stopped.
    async fn wait(&self, millis: u64) -> bool {
        let step = self.options.poll_step_ms.max(1);
        let mut left = millis;
        while left > 0 {
            if self.should_stop() {
                return false;
            }
            let chunk = left.min(step);
            self.timer.sleep(chunk).await;
            left -= chunk;
        }
        !self.should_stop()
    }

    /// A final, non-retryable error answer. 401/403 stop the whole run.
    fn fail(&self, entry: Box<LogEntry>, response: &Response, prefix: &str) -> Outcome {
        let status = response.status;
        let message = format!("{prefix}{}", describe_status(response));
        if matches!(status, 401 | 403) {
            self.halt();
            let explanation = if status == 401 {
                "The target refused the token (HTTP 401). The sync stopped: check the token (paste it again, without spaces) and run it again."
            } else {
                "The token lacks permission for this change (HTTP 403). The sync stopped: give the token user-provisioning (SCIM) rights and run it again."
            };
            let mut stop = self.stop_request.borrow_mut();
            if stop.is_none() {
                *stop = Some(Stopped {
                    reason: StopReason::Unauthorized,
                    message: format!("{explanation} ({message})"),
                });
            }
        }
        self.record(entry, LogOutcome::Failed, Some(message.clone()));
        Outcome::Failed {
            status: Some(status),
            message,
        }
    }

    fn entry(&self, job: &Job<'_>, request: &Request, attempt: u32, started: f64) -> LogEntry {
        let duration = self.timer.now_millis() - started;
        LogEntry {
            time: format_timestamp(started),
            operation: job.index,
            resource_type: job.op.resource_type.clone(),
            source_id: job.op.source_id.clone(),
            target_id: job.target_id.clone(),
            action: job.op.action,
            method: request.method,
            path: request.path.clone(),
            status: None,
            attempt,
            duration_ms: duration.max(0.0).round() as u64,
            outcome: LogOutcome::Ok,
            retry_in_ms: None,
            error: None,
        }
    }

    fn record(&self, entry: impl Into<Box<LogEntry>>, outcome: LogOutcome, error: Option<String>) {
        let mut entry: Box<LogEntry> = entry.into();
        entry.outcome = outcome;
        entry.error = error;
        self.log.borrow_mut().push(*entry);
    }

    /// Takes the `id` of a POST response as the operation's target id.
    fn adopt_created_id(&self, job: &mut Job<'_>, response: &Response) {
        let body: Option<Value> = crate::json::from_str(&response.body).ok();
        if let Some(id) = body
            .as_ref()
            .and_then(|b| b.get("id"))
            .and_then(Value::as_str)
        {
            self.adopt_id(job, id);
        }
    }

    fn adopt_id(&self, job: &mut Job<'_>, id: &str) {
        job.target_id = Some(id.to_string());
        if let Some(source_id) = &job.op.source_id {
            self.created
                .borrow_mut()
                .insert(source_id.clone(), id.to_string());
        }
    }
}

/// `HTTP 409 (uniqueness): userName is taken` — status, SCIM type, detail.
fn describe_status(response: &Response) -> String {
    let scim_type = crate::json::from_str(&response.body)
        .ok()
        .and_then(|b| {
            b.get("scimType")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .filter(|t| !t.trim().is_empty());
    let mut text = format!("HTTP {}", response.status);
    if let Some(scim_type) = scim_type {
        text.push_str(&format!(" ({})", scim_type.trim()));
    }
    if let Some(detail) = scim_error_detail(&response.body) {
        text.push_str(": ");
        text.push_str(&detail);
    }
    text
}

/// The `Resources` of a ListResponse (empty when there are none).
fn list_resources(body: &str) -> Vec<Value> {
    let parsed: Option<Value> = crate::json::from_str(body).ok();
    match parsed.as_ref().and_then(|b| b.get("Resources")) {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    }
}

fn parse_managed(paths: &[String]) -> Result<Vec<AttrPath>, String> {
    paths
        .iter()
        .map(|text| {
            AttrPath::parse(text)
                .map_err(|e| format!("The managed attribute `{text}` is not a SCIM path: {e}"))
        })
        .collect()
}

/// `/Users` + `2819c223` → `/Users/2819c223` (the id percent-encoded).
fn member_path(collection: &str, id: &str) -> String {
    format!(
        "{}/{}",
        collection.trim_end_matches('/'),
        percent_encode(id)
    )
}
