//! Executing a plan against a SCIM target: bounded concurrency, retries
//! that honour `Retry-After`, repair of 409/404 surprises without ever
//! creating duplicates, Entra-style quarantine, cancel and pause, progress,
//! and a provisioning log exportable as JSON or CSV.
//!
//! Pure like the rest of the core: HTTP goes through [`crate::http::Transport`]
//! and time through [`crate::http::Timer`], so the executor is tested
//! natively against [`memory::MemoryScim`] under a [`memory::VirtualClock`].

mod dry_run;
mod executor;
mod import;
pub mod log;
pub mod memory;
mod operation;
mod options;
pub mod plan;
pub mod reconcile;
mod report;
pub mod retry;
mod run;

pub use dry_run::DryRun;
pub use executor::execute;
pub use import::{
    find_by, import_collection, import_snapshot, lookup_path, ImportOptions, TargetSnapshot,
};
pub use log::{LogEntry, LogOutcome};
pub use operation::{Action, Operation, PlannedRequest, Recovery};
pub use options::{Control, ExecuteOptions};
pub use plan::{plan, plan_groups, plan_users, Links, PhasePlan, PlanInput, PlanOptions};
pub use reconcile::{reconcile, Reconciliation};
pub use report::{
    ActionProgress, ExecutionReport, OperationResult, Outcome, Progress, StopReason, Stopped,
    Summary,
};
pub use run::{run_sync, Phase, SyncInput, SyncOutcome};
