//! Reconciliation: how the source directory and the target's users line
//! up, in the buckets Zoho Directory shows before a first sync — users
//! only in the target, users in both (with the attribute differences),
//! users to activate and users to deactivate — plus the source users the
//! target lacks.
//!
//! Matching and differences are the planner's own ([`crate::sync::plan`]):
//! the same links, matching keys and managed attributes, so what this
//! report shows is what a sync would act on.

use super::plan::{desired_records, is_inactive, Desired, Found, Matcher, PlanInput};
use crate::error::Error;
use crate::mapping::engine::{IdMap, MapMode, MatchKey, ResourceKind, View};
use crate::scim::filter::eq_filter;
use crate::scim::patch;
use crate::scim::path::AttrPath;
use crate::scim::schema::ResourceSchema;
use serde::Serialize;
use serde_json::Value;

/// The users of source and target, bucketed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reconciliation {
    pub counts: BucketCounts,
    /// Target users no source user matches (Zoho: "New Users").
    pub new_in_target: Vec<TargetOnly>,
    /// Matched pairs, with what differs (Zoho: "Update User").
    pub both: Vec<Matched>,
    /// Source users that should be active but have no target user.
    pub not_in_target: Vec<SourceOnly>,
    /// Matched, wanted active by the source, inactive in the target.
    pub to_activate: Vec<Transition>,
    /// Matched, active in the target, but out of scope or disabled in the
    /// source (Zoho: "Users to Deactivate").
    pub to_deactivate: Vec<Transition>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BucketCounts {
    pub new_in_target: usize,
    pub both: usize,
    pub not_in_target: usize,
    pub to_activate: usize,
    pub to_deactivate: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetOnly {
    pub target_id: Option<String>,
    /// Its userName (or displayName, or id).
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matched {
    pub source_id: String,
    pub target_id: Option<String>,
    /// `userName eq "ann@example.com"`, or `link` for a known link.
    pub matched_by: String,
    /// The managed attributes whose values differ.
    pub differences: Vec<Difference>,
}

/// One attribute whose target value differs from the mapped source value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub attribute: String,
    /// `null` when absent.
    pub target: Value,
    pub source: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceOnly {
    pub source_id: String,
    pub matching: Option<MatchKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    pub source_id: String,
    pub target_id: Option<String>,
    pub reason: String,
}

/// Buckets the users of `input` (config, directory, snapshot, links).
pub fn reconcile(input: &PlanInput) -> Result<Reconciliation, Vec<Error>> {
    let set = desired_records(input, ResourceKind::User, &IdMap::new())?;
    let schema = input.target.resource(ResourceKind::User);
    let managed = set.compiled.managed(MapMode::Update);
    let mut matcher = Matcher::new(&input.snapshot.users, &set.compiled, schema.as_ref());
    let mut report = Reconciliation::default();
    for desired in &set.records {
        let found = matcher.find(desired, &input.links.users);
        let Found::One { index, by_link } = found else {
            if desired.wants_active() && found == Found::None {
                report.not_in_target.push(SourceOnly {
                    source_id: desired.source_id.clone(),
                    matching: desired.create.matching.clone(),
                });
            }
            continue;
        };
        let Some(current) = matcher.resource(index) else {
            continue;
        };
        let matched = matched(desired, current, by_link, managed, schema.as_ref());
        let transition = |reason: String| Transition {
            source_id: matched.source_id.clone(),
            target_id: matched.target_id.clone(),
            reason,
        };
        let target_inactive = is_inactive(View::Json(current));
        if desired.wants_active() && target_inactive {
            report.to_activate.push(transition(
                "active in the source, deactivated in the target".into(),
            ));
        } else if !desired.wants_active() && !target_inactive {
            let why = if desired.is_disabled() {
                "disabled in the source (active is false)".to_string()
            } else {
                desired.scope.reason()
            };
            report.to_deactivate.push(transition(why));
        }
        report.both.push(matched);
    }
    report.new_in_target = matcher
        .unclaimed()
        .map(|(_, resource)| TargetOnly {
            target_id: resource
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_string),
            label: super::plan::label(resource),
        })
        .collect();
    report.counts = BucketCounts {
        new_in_target: report.new_in_target.len(),
        both: report.both.len(),
        not_in_target: report.not_in_target.len(),
        to_activate: report.to_activate.len(),
        to_deactivate: report.to_deactivate.len(),
    };
    Ok(report)
}

fn matched(
    desired: &Desired,
    current: &Value,
    by_link: bool,
    managed: &[AttrPath],
    schema: Option<&ResourceSchema>,
) -> Matched {
    let matched_by = match (&desired.create.matching, by_link) {
        (Some(key), false) => eq_filter(&key.attribute, &key.value),
        _ => "link".to_string(),
    };
    let differences = managed
        .iter()
        .filter(|path| {
            patch::generate(
                current,
                &desired.update.resource,
                std::slice::from_ref(*path),
                schema,
            )
            .is_some()
        })
        .map(|path| Difference {
            attribute: path.to_string(),
            target: values_at(path, current),
            source: values_at(path, &desired.update.resource),
        })
        .collect();
    Matched {
        source_id: desired.source_id.clone(),
        target_id: current
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_string),
        matched_by,
        differences,
    }
}

/// The value a path selects: `null`, the one value, or a list of them.
fn values_at(path: &AttrPath, resource: &Value) -> Value {
    let mut values: Vec<Value> = path.get(resource).into_iter().cloned().collect();
    match values.len() {
        0 => Value::Null,
        1 => values.pop().unwrap_or(Value::Null),
        _ => Value::Array(values),
    }
}

/// What an attribute difference means for the target object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// The target lacks it; the sync adds it.
    Added,
    /// Both have it, with different values.
    Changed,
    /// The target has it; the mapped source value is empty.
    Removed,
}

impl Difference {
    /// Added, changed or removed, from the two sides' presence.
    pub fn kind(&self) -> ChangeKind {
        match (self.target.is_null(), self.source.is_null()) {
            (true, _) => ChangeKind::Added,
            (false, true) => ChangeKind::Removed,
            (false, false) => ChangeKind::Changed,
        }
    }
}

/// How one source object stands against the imported target: the
/// preview's "diff against the target object".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum TargetMatch {
    /// Found: the target object as imported and what a sync would change.
    Matched {
        target: Value,
        /// `userName eq "ann@example.com"`, or `link`.
        matched_by: String,
        differences: Vec<Difference>,
    },
    /// No target object carries its matching value: a sync would create it.
    NotFound,
    /// Several target objects carry the matching value.
    Ambiguous { candidates: usize },
    /// Its target object is already matched by an earlier source object.
    Claimed { by: String },
}

/// Every source user and group (by source id) against the snapshot, with
/// the planner's matching and difference rules. Groups see their members
/// through the matched users' target ids, as a sync after the users would.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TargetComparison {
    pub users: std::collections::HashMap<String, TargetMatch>,
    pub groups: std::collections::HashMap<String, TargetMatch>,
}

impl TargetComparison {
    pub fn get(&self, kind: ResourceKind, source_id: &str) -> Option<&TargetMatch> {
        match kind {
            ResourceKind::User => self.users.get(source_id),
            ResourceKind::Group => self.groups.get(source_id),
        }
    }
}

/// Compares the source directory with the target snapshot of `input`.
pub fn compare_with_target(input: &PlanInput) -> Result<TargetComparison, Vec<Error>> {
    let users = compare_kind(input, ResourceKind::User, &IdMap::new())?;
    let user_ids: IdMap = users
        .iter()
        .filter_map(|(source, found)| match found {
            TargetMatch::Matched { target, .. } => target
                .get("id")
                .and_then(Value::as_str)
                .map(|id| (source.clone(), id.to_string())),
            _ => None,
        })
        .collect();
    let groups = if input.config.groups.enabled {
        compare_kind(input, ResourceKind::Group, &user_ids)?
    } else {
        Default::default()
    };
    Ok(TargetComparison { users, groups })
}

fn compare_kind(
    input: &PlanInput,
    kind: ResourceKind,
    id_map: &IdMap,
) -> Result<std::collections::HashMap<String, TargetMatch>, Vec<Error>> {
    let set = desired_records(input, kind, id_map)?;
    let schema = input.target.resource(kind);
    let managed = set.compiled.managed(MapMode::Update);
    let (resources, links) = match kind {
        ResourceKind::User => (&input.snapshot.users, &input.links.users),
        ResourceKind::Group => (&input.snapshot.groups, &input.links.groups),
    };
    let mut matcher = Matcher::new(resources, &set.compiled, schema.as_ref());
    let mut out = std::collections::HashMap::with_capacity(set.records.len());
    for desired in &set.records {
        let found = match matcher.find(desired, links) {
            Found::None => TargetMatch::NotFound,
            Found::Ambiguous(candidates) => TargetMatch::Ambiguous { candidates },
            Found::Claimed { by, .. } => TargetMatch::Claimed { by },
            Found::One { index, by_link } => match matcher.resource(index) {
                Some(current) => {
                    let found = matched(desired, current, by_link, managed, schema.as_ref());
                    TargetMatch::Matched {
                        target: current.clone(),
                        matched_by: found.matched_by,
                        differences: found.differences,
                    }
                }
                None => TargetMatch::NotFound,
            },
        };
        out.insert(desired.source_id.clone(), found);
    }
    Ok(out)
}
