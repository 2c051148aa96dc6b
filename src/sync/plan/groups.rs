//! Phase 2: groups, created or linked by their matching key (displayName),
//! and their memberships, once the member users have target ids.

use super::desired::{desired_records, Desired};
use super::matching::{orphaned_links, target_id, Found, Matcher};
use super::requests::{self, Step};
use super::{PhasePlan, PlanInput};
use crate::error::Error;
use crate::mapping::config::OutOfScopeAction;
use crate::mapping::engine::{IdMap, MapMode, ResourceKind};
use crate::scim::filter::eq_filter;
use crate::scim::path::AttrPath;
use crate::scim::schema::ResourceSchema;
use crate::sync::operation::{Action, Operation};
use std::collections::BTreeSet;

const KIND: ResourceKind = ResourceKind::Group;
/// Member ids named in a reason before "and N more".
const NAMED_MEMBERS: usize = 5;

pub(super) fn plan(
    input: &PlanInput,
    user_ids: &IdMap,
    creating: &BTreeSet<String>,
) -> Result<PhasePlan, Vec<Error>> {
    let mut plan = PhasePlan {
        operations: Vec::new(),
        ids: IdMap::new(),
        creating: BTreeSet::new(),
    };
    if !input.config.groups.enabled {
        return Ok(plan);
    }
    let set = desired_records(input, KIND, user_ids)?;
    let schema = input.target.resource(KIND);
    let mut matcher = Matcher::new(&input.snapshot.groups, &set.compiled, schema.as_ref());
    let planner = Planner {
        input,
        schema: schema.as_ref(),
        managed: set.compiled.managed(MapMode::Update),
        creating,
    };
    for desired in &set.records {
        let found = matcher.find(desired, &input.links.groups);
        let operation = planner.group(desired, &found, &matcher);
        let source = desired.source_id.clone();
        match (&found, operation.action, &operation.target_id) {
            (_, Action::Create, _) => {
                plan.creating.insert(source);
            }
            (Found::One { .. }, action, Some(id)) if action != Action::Delete => {
                plan.ids.insert(source, id.clone());
            }
            _ => {}
        }
        plan.operations.push(operation);
    }
    let linked_source = orphaned_links(&set.records, &input.links.groups);
    for (_, resource) in matcher.unclaimed() {
        let id = target_id(resource);
        let operation = match (id, id.and_then(|id| linked_source.get(id).copied())) {
            (Some(id), Some(source)) => {
                let how = format!("linked to target group {id} by an earlier run");
                let why = format!("its source group {source} is gone from the directory");
                planner.out_of_scope(id, &how, &why).source(source).build()
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
    managed: &'p [AttrPath],
    creating: &'p BTreeSet<String>,
}

impl Planner<'_> {
    fn group(&self, desired: &Desired, found: &Found, matcher: &Matcher) -> Operation {
        let source = desired.source_id.as_str();
        let step = |action, reason: String| Step::new(action, KIND, reason).source(source);
        let key = desired
            .create
            .matching
            .as_ref()
            .map(|k| eq_filter(&k.attribute, &k.value));
        let key_text = key.as_deref().unwrap_or("its link");
        let current = match found {
            Found::Ambiguous(count) => {
                let reason = format!("{count} target groups match {key_text}: not linked to any of them (and not created again)");
                return step(Action::Skip, reason).build();
            }
            Found::Claimed { index, by } => {
                let id = matcher.resource(*index).and_then(target_id);
                let reason = format!(
                    "the target group found by {key_text} is already matched to source group {by}"
                );
                return step(Action::Skip, reason).target(id).build();
            }
            Found::None => None,
            Found::One { index, by_link } => matcher.resource(*index).map(|r| (r, *by_link)),
        };
        let Some((current, by_link)) = current else {
            return self.absent(desired, key.as_deref());
        };
        let Some(id) = target_id(current) else {
            return step(
                Action::Skip,
                "the matched target group has no `id`".to_string(),
            )
            .build();
        };
        let how = if by_link {
            format!("linked to target group {id} by an earlier run")
        } else {
            format!("matches target group {id} by {key_text}")
        };
        if !desired.scope.in_scope {
            return self
                .out_of_scope(id, &how, &desired.scope.reason())
                .source(source)
                .build();
        }
        let step = |action, reason: String| step(action, reason).target(Some(id));
        if let Some(problem) = desired.blocking_problem() {
            let reason = format!("{how}; not updated: {} ({})", problem.message, problem.path);
            return step(Action::Skip, reason).build();
        }
        let pending = self.pending(desired);
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
            let (action, state) = if by_link {
                (Action::Noop, "in sync")
            } else {
                (Action::Link, "nothing to change, linked")
            };
            return step(action, format!("{how}; {state}{pending}")).build();
        };
        let changes = format!(
            "{how}; changes: {}{pending}",
            requests::describe_changes(&request)
        );
        if !self.input.config.actions.update {
            let reason = format!("{changes}; updating groups is switched off (actions.update)");
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

    fn absent(&self, desired: &Desired, key: Option<&str>) -> Operation {
        let step =
            |action, reason: String| Step::new(action, KIND, reason).source(&desired.source_id);
        if !desired.scope.in_scope {
            let reason = format!(
                "{}; absent from the target, nothing to do",
                desired.scope.reason()
            );
            return step(Action::Noop, reason).build();
        }
        if let Some(problem) = desired.blocking_problem() {
            let reason = format!("not created: {} ({})", problem.message, problem.path);
            return step(Action::Skip, reason).build();
        }
        let Some(key) = key else {
            let reason = "not created: the group's matching attribute (displayName) has no value, so it could never be found again".to_string();
            return step(Action::Skip, reason).build();
        };
        let missing = format!(
            "in scope and absent from the target (no group with {key}){}",
            self.pending(desired)
        );
        if !self.input.config.actions.create {
            let reason = format!("{missing}; creating groups is switched off (actions.create)");
            return step(Action::Skip, reason).build();
        }
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

    /// A linked or matched target group whose source group is out of
    /// scope or gone. Groups have no `active`: only deletion deprovisions
    /// them, where the target allows it.
    fn out_of_scope(&self, id: &str, how: &str, why: &str) -> Step {
        let config = self.input.config;
        let profile = &self.input.target.profile;
        let step = |action, reason: String| Step::new(action, KIND, reason).target(Some(id));
        match config.deprovision.on_out_of_scope {
            OutOfScopeAction::None => step(
                Action::Noop,
                format!("{how}; {why}; left as is (deprovision.onOutOfScope is none)"),
            ),
            OutOfScopeAction::Deactivate => step(
                Action::Noop,
                format!("{how}; {why}; groups cannot be deactivated, so it is left as is (deprovision.onOutOfScope is deactivate)"),
            ),
            OutOfScopeAction::Delete if !profile.can_delete_groups => step(
                Action::Skip,
                format!("{how}; {why}; {} cannot delete groups (teams) through SCIM: delete it in {}'s admin console", profile.label, profile.label),
            ),
            OutOfScopeAction::Delete if !config.actions.delete => step(
                Action::Skip,
                format!("{how}; {why}; deleting groups is switched off (actions.delete)"),
            ),
            OutOfScopeAction::Delete => step(
                Action::Delete,
                format!("{how}; {why}: deleted (deprovision.onOutOfScope is delete)"),
            )
            .request(requests::delete(KIND, id)),
        }
    }

    /// `; 2 members wait for users created in this run (u1, u2)` — the
    /// members not sent, and why.
    fn pending(&self, desired: &Desired) -> String {
        let (waiting, missing): (Vec<&String>, Vec<&String>) = desired
            .create
            .pending_members
            .iter()
            .partition(|id| self.creating.contains(*id));
        let mut text = String::new();
        if !waiting.is_empty() {
            text.push_str(&format!(
                "; {} member(s) pending until their users are created in this run, then added by planning the groups again ({})",
                waiting.len(),
                name_list(&waiting)
            ));
        }
        if !missing.is_empty() {
            text.push_str(&format!(
                "; {} member(s) not in the target, so not added ({})",
                missing.len(),
                name_list(&missing)
            ));
        }
        text
    }
}

fn name_list(ids: &[&String]) -> String {
    let mut names: Vec<&str> = ids.iter().take(NAMED_MEMBERS).map(|s| s.as_str()).collect();
    let more = ids.len().saturating_sub(NAMED_MEMBERS);
    let more_text = format!("and {more} more");
    if more > 0 {
        names.push(&more_text);
    }
    names.join(", ")
}
