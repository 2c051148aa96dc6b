//! The sync planner (contract §4 `plan`): source directory × mapping
//! configuration × target snapshot → the ordered operations a sync sends.
//!
//! Pure: the clock ("now", for `deleteAfterDays` and `Now()`) and the
//! random seed are inputs, the target is a snapshot, so every decision is
//! tested natively and a plan is reproducible.
//!
//! Groups need the target ids of their members, and users created by the
//! same sync get theirs only when the create succeeds. So planning has two
//! phases, and a sync runs them in order:
//!
//! 1. [`plan_users`] → execute → [`PhasePlan::ids_after`] the run;
//! 2. [`plan_groups`] with those ids → execute.
//!
//! The ids after each phase are also the links to keep for the next run
//! ([`Links`]): with them, a plan right after a successful sync is all
//! `noop`.
//!
//! [`plan`] does both at once for a preview (the CLI, the JS API): members
//! whose user is created in the same run are reported as pending in the
//! group's reason instead of being sent.
//!
//! Matching (Entra's model): a source object is first found by a known
//! link (`links`: source id → target id from earlier runs), else by its
//! matching key (the first matching attribute with a value), compared as
//! SCIM does — case-insensitively unless the schema says `caseExact`.
//! A matched object that needs nothing is `noop` when the link was known
//! and `link` when it was just found. Only linked target objects whose
//! source object is gone are deprovisioned; other target-only objects are
//! left alone (`noop`), as they were never provisioned by this mapping.
//!
//! The user-facing reference (every action and when it is chosen) is
//! `reference.md` beside this file.

mod desired;
mod groups;
mod matching;
mod requests;
mod users;

pub(crate) use desired::{desired_records, is_inactive, Desired};
pub(crate) use matching::{Found, Matcher};
pub(crate) use users::label;

use super::import::TargetSnapshot;
use super::operation::Operation;
use super::report::ExecutionReport;
use crate::error::{Error, Severity};
use crate::mapping::config::Config;
use crate::mapping::engine::{IdMap, Target};
use crate::mapping::source::Directory;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the planner cannot know by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanOptions {
    /// "Now" in Unix milliseconds: `deleteAfterDays` and `Now()`.
    pub now_millis: i64,
    /// Seed of `Guid()` / `RandomString()`.
    pub seed: u64,
    /// What the server's ServiceProviderConfig says about PATCH, when
    /// known; `None` follows the target profile. `Some(false)` sends PUT.
    pub patch_supported: Option<bool>,
}

/// Links known from earlier runs: source id → target id, per type
/// (JSON: `{"users": {"u1": "2819c223"}, "groups": {}}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Links {
    pub users: IdMap,
    pub groups: IdMap,
}

/// Everything one plan reads.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    pub config: &'a Config,
    pub directory: &'a Directory,
    pub snapshot: &'a TargetSnapshot,
    pub target: &'a Target,
    pub links: &'a Links,
    pub options: PlanOptions,
}

impl PlanInput<'_> {
    fn patch_supported(&self) -> bool {
        self.options
            .patch_supported
            .unwrap_or(self.target.profile.patch_supported)
    }
}

/// One phase of a plan (users, or groups).
#[derive(Debug, Clone, PartialEq)]
pub struct PhasePlan {
    pub operations: Vec<Operation>,
    /// Source id → target id of the objects that exist in the target and
    /// stay there (matched, not deleted): for users, the members groups
    /// can name.
    pub ids: IdMap,
    /// Source ids of the objects this plan creates: their ids are known
    /// only after the run.
    pub creating: BTreeSet<String>,
}

impl PhasePlan {
    /// The ids once this plan ran: the known ids, replaced or completed by
    /// those the run learned (created, linked after a 409, created again
    /// after a 404). For users, what [`plan_groups`] needs; for both, the
    /// links to keep for the next run.
    pub fn ids_after(&self, report: &ExecutionReport) -> IdMap {
        let mut ids = self.ids.clone();
        for (source, target) in &report.created {
            if self.creating.contains(source) || self.ids.contains_key(source) {
                ids.insert(source.clone(), target.clone());
            }
        }
        ids
    }
}

/// Phase 1: the users.
pub fn plan_users(input: &PlanInput) -> Result<PhasePlan, Vec<Error>> {
    users::plan(input)
}

/// Phase 2: the groups and their memberships. `user_ids` maps source user
/// ids to target ids (from [`PhasePlan::ids_after`]); `creating` names the
/// users still to be created, so their memberships are reported pending.
pub fn plan_groups(
    input: &PlanInput,
    user_ids: &IdMap,
    creating: &BTreeSet<String>,
) -> Result<PhasePlan, Vec<Error>> {
    groups::plan(input, user_ids, creating)
}

/// Both phases at once, for a preview: users, then groups whose members
/// created in the same run are reported pending.
pub fn plan(input: &PlanInput) -> Result<Vec<Operation>, Vec<Error>> {
    let users = plan_users(input)?;
    let groups = plan_groups(input, &users.ids, &users.creating)?;
    let mut operations = users.operations;
    operations.extend(groups.operations);
    Ok(operations)
}

/// Configuration errors that make any plan unsafe (a broken matching or
/// `active` mapping would create duplicates or never deprovision).
fn blocking_errors(diagnostics: &[crate::error::Diagnostic]) -> Result<(), Vec<Error>> {
    let errors: Vec<Error> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| Error::new(d.code.clone(), d.path.clone(), d.message.clone()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
