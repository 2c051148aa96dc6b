//! One whole sync, as the app and the JS API run it: plan the users,
//! execute, plan the groups with the user ids just learned, execute, and
//! keep the links for the next run (so a second sync is all noops).

use super::executor::execute;
use super::import::TargetSnapshot;
use super::options::{Control, ExecuteOptions};
use super::plan::{plan_groups, plan_users, Links, PlanInput, PlanOptions};
use super::report::{ExecutionReport, Progress};
use crate::error::Error;
use crate::http::{Timer, Transport};
use crate::mapping::config::Config;
use crate::mapping::engine::Target;
use crate::mapping::source::Directory;
use serde::Serialize;

/// Which phase a progress event belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Users,
    Groups,
}

/// Everything a sync reads.
pub struct SyncInput<'a> {
    pub config: &'a Config,
    pub directory: &'a Directory,
    pub snapshot: &'a TargetSnapshot,
    pub target: &'a Target,
    pub links: &'a Links,
    pub plan: PlanOptions,
    pub execute: ExecuteOptions,
}

/// What a sync did, phase by phase, and the links to keep.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncOutcome {
    pub users: ExecutionReport,
    /// `None` when groups are not provisioned or the user phase stopped.
    pub groups: Option<ExecutionReport>,
    /// Source id → target id for users and groups, for the next plan.
    pub links: Links,
}

impl SyncOutcome {
    /// Why the run stopped early, if it did (first phase first).
    pub fn stopped(&self) -> Option<&super::report::Stopped> {
        self.users
            .stopped
            .as_ref()
            .or(self.groups.as_ref().and_then(|g| g.stopped.as_ref()))
    }
}

/// Runs both phases. Configuration errors (nothing safe to plan) come back
/// as located errors before any request is sent.
pub async fn run_sync<T: Transport, C: Timer>(
    input: &SyncInput<'_>,
    transport: &T,
    timer: &C,
    control: &Control,
    on_progress: &mut dyn FnMut(Phase, &Progress),
) -> Result<SyncOutcome, Vec<Error>> {
    let plan_input = PlanInput {
        config: input.config,
        directory: input.directory,
        snapshot: input.snapshot,
        target: input.target,
        links: input.links,
        options: input.plan,
    };
    let users = plan_users(&plan_input)?;
    let user_report = execute(
        &users.operations,
        transport,
        timer,
        &input.execute,
        control,
        &mut |p| on_progress(Phase::Users, p),
    )
    .await;
    let user_ids = users.ids_after(&user_report);
    let mut links = Links {
        users: user_ids.clone(),
        groups: input.links.groups.clone(),
    };
    if user_report.stopped.is_some() || !input.config.groups.enabled {
        return Ok(SyncOutcome {
            users: user_report,
            groups: None,
            links,
        });
    }
    // Users whose create failed are not members anyone can add yet.
    let groups = plan_groups(&plan_input, &user_ids, &Default::default())?;
    let group_report = execute(
        &groups.operations,
        transport,
        timer,
        &input.execute,
        control,
        &mut |p| on_progress(Phase::Groups, p),
    )
    .await;
    links.groups = groups.ids_after(&group_report);
    Ok(SyncOutcome {
        users: user_report,
        groups: Some(group_report),
        links,
    })
}
