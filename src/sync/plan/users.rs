//! Phase 1: one operation per source user, then the deprovisioning of
//! linked target users whose source user is gone.

use super::desired::{desired_records, is_inactive, Desired};
use super::matching::{orphaned_links, target_id, Found, Matcher};
use super::requests::{self, Step};
use super::{PhasePlan, PlanInput};
use crate::datetime::parse_iso8601;
use crate::error::Error;
use crate::mapping::config::OutOfScopeAction;
use crate::mapping::engine::{IdMap, MapMode, ResourceKind, View};
use crate::scim::path::AttrPath;
use crate::scim::schema::ResourceSchema;
use crate::sync::log::format_timestamp;
use crate::sync::operation::{Action, Operation};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Write as _;

const KIND: ResourceKind = ResourceKind::User;
const DAY_MILLIS: i64 = 86_400_000;

pub(super) fn plan(input: &PlanInput) -> Result<PhasePlan, Vec<Error>> {
    let mut plan = PhasePlan {
        operations: Vec::new(),
        ids: IdMap::new(),
        creating: BTreeSet::new(),
    };
    if !input.config.users.enabled {
        return Ok(plan);
    }
    let set = desired_records(input, KIND, &IdMap::new())?;
    let schema = input.target.resource(KIND);
    let mut matcher = Matcher::new(&input.snapshot.users, &set.compiled, schema.as_ref());
    let planner = Planner {
        input,
        schema: schema.as_ref(),
        managed: set.compiled.managed(MapMode::Update),
        matching_names: set
            .compiled
            .matching_rules()
            .map(|rule| rule.path_text.to_string())
            .collect(),
    };
    for desired in &set.records {
        let found = matcher.find(desired, &input.links.users);
        let operation = planner.user(desired, &found, &matcher, &mut plan);
        plan.operations.push(operation);
    }
    let linked_source = orphaned_links(&set.records, &input.links.users);
    for (_, resource) in matcher.unclaimed() {
        let id = target_id(resource);
        let gone = id.and_then(|id| linked_source.get(id).copied());
        let operation = match (id, gone) {
            (Some(id), Some(source)) => {
                let how = format!("linked to target user {id} by an earlier run");
                let why = format!("its source user {source} is gone from the directory");
                let (step, stays) = planner.deprovision(id, resource, &how, &why, true);
                if stays {
                    plan.ids.insert(source.to_string(), id.to_string());
                }
                step.source(source).build()
            }
            _ => requests::unmanaged(KIND, resource, id),
        };
        plan.operations.push(operation);
    }
    Ok(plan)
}

struct Planner<'p> {
    input: &'p PlanInput<'p>,
    schema: Option<&'p ResourceSchema<'p>>,
    /// What an update may change (create-only mappings left out).
    managed: &'p [AttrPath],
    matching_names: Vec<String>,
}

impl Planner<'_> {
    fn user(
        &self,
        desired: &Desired,
        found: &Found,
        matcher: &Matcher,
        plan: &mut PhasePlan,
    ) -> Operation {
        let source = desired.source_id.as_str();
        match found {
            Found::Ambiguous(count) => Step::new(
                Action::Skip,
                KIND,
                format!("{count} target users match {}: not linked to any of them (and not created again). Remove the duplicates in the target or choose a more specific matching attribute.", key_text(desired)),
            )
            .source(source)
            .build(),
            Found::Claimed { index, by } => {
                let id = matcher.resource(*index).and_then(target_id);
                Step::new(
                    Action::Skip,
                    KIND,
                    format!("the target user {} found by {} is already matched to source user {by}: two source users share a matching value", id.unwrap_or("?"), key_text(desired)),
                )
                .source(source)
                .target(id)
                .build()
            }
            Found::None => self.absent(desired, plan),
            Found::One { index, by_link } => match matcher.resource(*index) {
                Some(current) => self.present(desired, current, *by_link, plan),
                None => Step::new(Action::Skip, KIND, "the matched target user vanished")
                    .source(source)
                    .build(),
            },
        }
    }

    /// A source user with no target user.
    fn absent(&self, desired: &Desired, plan: &mut PhasePlan) -> Operation {
        let source = desired.source_id.as_str();
        let step = |action, reason: String| Step::new(action, KIND, reason).source(source);
        if !desired.scope.in_scope {
            let reason = format!(
                "{}; absent from the target, nothing to do",
                desired.scope.reason()
            );
            return step(Action::Noop, reason).build();
        }
        if desired.is_disabled() {
            let reason =
                "disabled in the source (active is false) and absent from the target: not created"
                    .to_string();
            return step(Action::Noop, reason).build();
        }
        if let Some(problem) = desired.blocking_problem() {
            let reason = format!("not created: {} ({})", problem.message, problem.path);
            return step(Action::Skip, reason).build();
        }
        let Some(key) = &desired.create.matching else {
            let reason = format!(
                "not created: no matching attribute ({}) has a value, so the user could never be found again",
                self.matching_names.join(", ")
            );
            return step(Action::Skip, reason).build();
        };
        let missing = format!(
            "in scope and absent from the target (no user with {})",
            crate::scim::filter::eq_filter(&key.attribute, &key.value)
        );
        if !self.input.config.actions.create {
            let reason = format!("{missing}; creating users is switched off (actions.create)");
            return step(Action::Skip, reason).build();
        }
        plan.creating.insert(source.to_string());
        let resource = desired.create.resource.as_value();
        step(Action::Create, missing)
            .request(requests::create(KIND, resource))
            .recovery(requests::recovery(
                KIND,
                desired.create.matching.as_ref(),
                resource,
                self.managed,
            ))
            .build()
    }

    /// A source user with its target user.
    fn present(
        &self,
        desired: &Desired,
        current: &Value,
        by_link: bool,
        plan: &mut PhasePlan,
    ) -> Operation {
        let source = desired.source_id.as_str();
        let Some(id) = target_id(current) else {
            return Step::new(Action::Skip, KIND, "the matched target user has no `id`")
                .source(source)
                .build();
        };
        // Room for the reason's tail too, so it grows without copying.
        let mut how = String::with_capacity(96);
        let _ = if by_link {
            write!(how, "linked to target user {id} by an earlier run")
        } else {
            write!(how, "matches target user {id} by {}", key_text(desired))
        };
        if !desired.wants_active() {
            let why = if desired.is_disabled() {
                "disabled in the source (active is false)".to_string()
            } else {
                desired.scope.reason()
            };
            let (step, stays) = self.deprovision(id, current, &how, &why, !desired.scope.in_scope);
            if stays {
                plan.ids.insert(source.to_string(), id.to_string());
            }
            return step.source(source).build();
        }
        plan.ids.insert(source.to_string(), id.to_string());
        let step = |action, reason: String| {
            Step::new(action, KIND, reason)
                .source(source)
                .target(Some(id))
        };
        let profile = &self.input.target.profile;
        let inactive = is_inactive(View::Json(current));
        if inactive && !profile.can_reactivate_users {
            let reason = format!(
                "{how}, which is deactivated; {} cannot reactivate a deactivated user through SCIM: reactivate it in {}'s admin console, then sync again",
                profile.label, profile.label
            );
            return step(Action::Skip, reason).build();
        }
        if let Some(problem) = desired.blocking_problem() {
            let reason = format!("{how}; not updated: {} ({})", problem.message, problem.path);
            return step(Action::Skip, reason).build();
        }
        let request = requests::update(
            KIND,
            id,
            current,
            &desired.update.resource,
            self.managed,
            self.schema,
            self.input.patch_supported(),
        );
        let Some(request) = request else {
            // Most users of a plan end here: the reason grows in place.
            let mut reason = how;
            return if by_link {
                reason.push_str("; in sync");
                step(Action::Noop, reason).build()
            } else {
                reason.push_str("; nothing to change, linked");
                step(Action::Link, reason).build()
            };
        };
        let mut changes = format!("{how}; changes: {}", requests::describe_changes(&request));
        if inactive {
            changes.push_str(" (reactivates it)");
        }
        if !self.input.config.actions.update {
            let reason = format!("{changes}; updating users is switched off (actions.update)");
            return step(Action::Skip, reason).build();
        }
        step(Action::Update, changes)
            .request(request)
            .recovery(requests::recovery(
                KIND,
                desired.create.matching.as_ref(),
                desired.create.resource.as_value(),
                self.managed,
            ))
            .build()
    }

    /// A target user that should not stay active: deactivate, delete (now
    /// or `deleteAfterDays` after the deactivation) or leave it, as the
    /// configuration says. `out_of_scope` is false for a user disabled in
    /// the source, which is deactivated whatever `onOutOfScope` says.
    /// Returns the step and whether the user stays in the target.
    fn deprovision(
        &self,
        id: &str,
        current: &Value,
        how: &str,
        why: &str,
        out_of_scope: bool,
    ) -> (Step, bool) {
        let config = self.input.config;
        let profile = &self.input.target.profile;
        let policy = config.deprovision.on_out_of_scope;
        let days = config.deprovision.delete_after_days;
        let step = |action, reason: String| Step::new(action, KIND, reason).target(Some(id));
        if out_of_scope && policy == OutOfScopeAction::None {
            let reason = format!("{how}; {why}; left as is (deprovision.onOutOfScope is none)");
            return (step(Action::Noop, reason), true);
        }
        let delete = |reason: String| -> (Step, bool) {
            if config.actions.delete {
                (
                    step(Action::Delete, reason).request(requests::delete(KIND, id)),
                    false,
                )
            } else {
                let reason = format!("{reason}; deleting users is switched off (actions.delete)");
                (step(Action::Skip, reason), true)
            }
        };
        if out_of_scope && policy == OutOfScopeAction::Delete && days.is_none() {
            return delete(format!(
                "{how}; {why}: deleted (deprovision.onOutOfScope is delete)"
            ));
        }
        if !is_inactive(View::Json(current)) {
            let mut reason = format!("{how}; {why}: deactivated");
            if let Some(days) = days {
                reason.push_str(&format!(
                    ", to be deleted {days} days later (deleteAfterDays)"
                ));
            }
            if profile.deprovision_deletes {
                reason.push_str(&format!(
                    " ({} removes deactivated users from the organization)",
                    profile.label
                ));
            }
            let Some(request) =
                requests::deactivate(id, current, self.schema, self.input.patch_supported())
            else {
                return (step(Action::Noop, reason), true);
            };
            if !config.actions.deactivate {
                let reason =
                    format!("{reason}; deactivating users is switched off (actions.deactivate)");
                return (step(Action::Skip, reason), true);
            }
            return (step(Action::Deactivate, reason).request(request), true);
        }
        let Some(days) = days else {
            let reason = format!("{how}; {why}; already deactivated");
            return (step(Action::Noop, reason), true);
        };
        let last_modified = current
            .pointer("/meta/lastModified")
            .and_then(Value::as_str)
            .and_then(parse_iso8601);
        let Some(since) = last_modified else {
            let reason = format!("{how}; {why}; already deactivated, but without meta.lastModified the {days}-day wait before deleting (deleteAfterDays) cannot be checked: not deleted");
            return (step(Action::Skip, reason), true);
        };
        let due = since.saturating_add(i64::from(days).saturating_mul(DAY_MILLIS));
        let since_text = format_timestamp(since as f64);
        if self.input.options.now_millis >= due {
            return delete(format!(
                "{how}; {why}; deactivated since {since_text}, {days} days or more ago: deleted (deleteAfterDays)"
            ));
        }
        let reason = format!(
            "{how}; {why}; deactivated since {since_text}: to be deleted from {} (deleteAfterDays: {days})",
            format_timestamp(due as f64)
        );
        (step(Action::Noop, reason), true)
    }
}

/// `userName eq "ann@example.com"`, or "its link" without a key.
fn key_text(desired: &Desired) -> String {
    match &desired.create.matching {
        Some(key) => crate::scim::filter::eq_filter(&key.attribute, &key.value),
        None => "its link".to_string(),
    }
}

/// What names a target object in a reason: userName, displayName or id.
pub(crate) fn label(resource: &Value) -> String {
    ["userName", "displayName", "id"]
        .iter()
        .find_map(|key| resource.get(*key).and_then(Value::as_str))
        .unwrap_or("no name")
        .to_string()
}
