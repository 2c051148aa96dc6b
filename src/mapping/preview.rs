//! Preview: every source user and group, in scope or not (and what decided
//! it), the resource as it would be POSTed, and its diagnostics — before a
//! single request goes out.
//!
//! Users come first in directory order, then groups. Expressions get a
//! per-record seed derived from [`PreviewOptions::eval`] and the record's
//! index, so `Guid()` differs between users yet the whole preview is
//! reproducible (and [`preview_one`] agrees with [`preview`]).

use crate::error::Diagnostic;
use crate::fast_hash::{self, FastMap};
use crate::mapping::config::Config;
use crate::mapping::engine::{
    IdMap, MapMode, MapOptions, MatchKey, RecordPaths, Resource, ResourceKind, Target, View,
};
use crate::mapping::expr::EvalContext;
use crate::mapping::scoping::ScopeDecision;
use crate::mapping::source::{record_id, Directory, Record};
use crate::mapping::validate::directory::{scope_empty, unknown_sources, Duplicates, MemberStatus};
use crate::mapping::validate::record::{check_record, RecordContext};
use crate::mapping::validate::{compile_config, CompiledKind};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::sync::Arc;

/// What the caller supplies besides the configuration and directory.
#[derive(Debug, Clone, Default)]
pub struct PreviewOptions {
    /// `Now()` and the base seed for `Guid()` / `RandomString()`.
    pub eval: EvalContext,
    /// Source user id → target id, to resolve group members (empty for a
    /// pure preview: members are then listed as pending).
    pub id_map: IdMap,
    /// How much of each user's resource to keep.
    pub retain: Retain,
}

/// How much of each user's resource a preview keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Retain {
    /// Every resource whole (the CLI, the JS API).
    #[default]
    Resources,
    /// Only each in-scope user's `userName` (`{"userName": …}`, `{}` without
    /// one): the app previews 100,000 users but shows one request at a
    /// time, and the resources are most of a preview's memory. Everything
    /// else (scope, diagnostics across users, counts) is computed as for
    /// [`Retain::Resources`]; [`preview_one`] with the preview's
    /// [`Preview::eval`] gives the shown user's whole resource, identical.
    UserNames,
}

/// The whole preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview<'r> {
    pub items: Vec<PreviewItem<'r>>,
    /// Configuration findings and findings across records (nothing in
    /// scope, unknown source attributes, duplicate user names).
    pub diagnostics: Vec<Diagnostic>,
    pub total_users: usize,
    pub in_scope_users: usize,
    pub total_groups: usize,
    pub in_scope_groups: usize,
    /// The clock and seed it was computed with (for [`preview_one`]).
    #[serde(skip)]
    pub eval: EvalContext,
}

/// One source record's preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewItem<'r> {
    /// Borrowed from the record: a preview of 100,000 users copies none.
    pub source_id: Cow<'r, str>,
    /// The record's position in the directory's `users` or `groups`.
    pub source_index: usize,
    pub in_scope: bool,
    /// What let the record in or kept it out.
    /// Shared: in-scope users repeat a few reasons ("filter 0 holds").
    pub scope_reason: Arc<str>,
    /// `User` or `Group`.
    pub resource_type: ResourceKind,
    /// The resource as it would be POSTed; null when out of scope.
    pub resource: Resource<'r>,
    /// The value that would find an existing target account.
    pub matching: Option<MatchKey>,
    /// Group members whose users have no target id yet.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending_members: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Previews every user and group of `directory`.
pub fn preview<'r>(
    config: &Config,
    directory: &'r Directory,
    target: &Target,
    options: &PreviewOptions,
) -> Preview<'r> {
    let compiled = compile_config(config, target);
    let mut diagnostics = compiled.diagnostics.clone();
    let mut items = Vec::with_capacity(directory.users.len() + directory.groups.len());
    let users = run_kind(
        &Run::new(config, directory, target, options),
        &compiled.users,
        &directory.users,
        None,
        &mut items,
        &mut diagnostics,
    );
    let in_scope_users = users.values().filter(|(_, in_scope)| *in_scope).count();
    let mut in_scope_groups = 0;
    match &compiled.groups {
        Some(groups) => {
            let status = MemberStatus { users: &users };
            let before = items.len();
            run_kind(
                &Run::new(config, directory, target, options),
                groups,
                &directory.groups,
                Some(&status),
                &mut items,
                &mut diagnostics,
            );
            in_scope_groups = items
                .iter()
                .skip(before)
                .filter(|item| item.in_scope)
                .count();
        }
        None => {
            let not_provisioned: Arc<str> =
                "groups are not provisioned (groups.enabled is false)".into();
            items.extend(
                directory
                    .groups
                    .iter()
                    .enumerate()
                    .map(|(index, group)| PreviewItem {
                        source_id: Cow::Borrowed(record_id(group).unwrap_or_default()),
                        source_index: index,
                        in_scope: false,
                        scope_reason: Arc::clone(&not_provisioned),
                        resource_type: ResourceKind::Group,
                        resource: Resource::default(),
                        matching: None,
                        pending_members: Vec::new(),
                        diagnostics: Vec::new(),
                    }),
            )
        }
    }
    Preview {
        items,
        diagnostics,
        total_users: directory.users.len(),
        in_scope_users,
        total_groups: directory.groups.len(),
        in_scope_groups,
        eval: options.eval,
    }
}

/// Previews one user (the directory's `users[index]`), e.g. live while the
/// admin edits a mapping. Findings across users (duplicates) are not
/// included; `None` when there is no such user.
pub fn preview_one<'r>(
    config: &Config,
    directory: &'r Directory,
    target: &Target,
    index: usize,
    options: &PreviewOptions,
) -> Option<PreviewItem<'r>> {
    let record = directory.users.get(index)?;
    let compiled = compile_config(config, target);
    let run = Run::new(config, directory, target, options);
    let record_path = ResourceKind::User.record_path(index);
    Some(run.item(&compiled.users, record, index, &record_path, None))
}

/// Everything one preview run shares.
struct Run<'a> {
    config: &'a Config,
    directory: &'a Directory,
    target: &'a Target,
    options: &'a PreviewOptions,
    /// The reason text of "scoping filter N holds", by N.
    reasons: std::cell::RefCell<Vec<Option<Arc<str>>>>,
}

/// Previews one kind's records into `items`; returns id → (index, in scope).
fn run_kind<'d>(
    run: &Run,
    kind: &CompiledKind,
    records: &'d [Record],
    members: Option<&MemberStatus>,
    items: &mut Vec<PreviewItem<'d>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> FastMap<&'d str, (usize, bool)> {
    let resource_kind = kind.mapping.kind();
    let unique = match resource_kind {
        ResourceKind::User => "userName",
        ResourceKind::Group => "displayName",
    };
    let unique_rule = kind.mapping.rule_for(unique);
    let mut duplicates = Duplicates::with_capacity(records.len());
    let mut status = fast_hash::map_with_capacity(records.len());
    let mut in_scope = 0usize;
    let offset = items.len();
    let mut paths = RecordPaths::new(resource_kind);
    for (index, record) in records.iter().enumerate() {
        let record_path = paths.at(index);
        let mut item = run.item(kind, record, index, record_path, members);
        if item.in_scope {
            in_scope += 1;
            if let Some(value) = item.resource.view().get(unique).and_then(View::as_str) {
                let at = || {
                    crate::mapping::engine::record_attribute_path(
                        record_path,
                        unique_rule.and_then(|rule| rule.source_attribute.as_deref()),
                    )
                };
                let earlier = |first: usize| {
                    items
                        .get(offset + first)
                        .and_then(|earlier: &PreviewItem| earlier.resource.view().get(unique))
                        .and_then(View::as_str)
                };
                if let Some(found) =
                    duplicates.check(resource_kind, unique, value, index, &at, &earlier)
                {
                    item.diagnostics.push(found.clone());
                    diagnostics.push(found);
                }
            }
        }
        if let Some(id) = record_id(record) {
            status.insert(id, (index, item.in_scope));
        }
        if run.options.retain == Retain::UserNames && resource_kind == ResourceKind::User {
            item.resource = name_only(&item.resource, unique);
        }
        items.push(item);
    }
    if kind.scoping.is_some() {
        diagnostics.extend(scope_empty(resource_kind, records.len(), in_scope));
    }
    diagnostics.extend(unknown_sources(kind, records));
    status
}

impl Run<'_> {
    fn new<'a>(
        config: &'a Config,
        directory: &'a Directory,
        target: &'a Target,
        options: &'a PreviewOptions,
    ) -> Run<'a> {
        Run {
            config,
            directory,
            target,
            options,
            reasons: Default::default(),
        }
    }

    fn in_scope_reason(&self, group: usize, decision: &ScopeDecision) -> Arc<str> {
        let mut reasons = self.reasons.borrow_mut();
        if reasons.len() <= group {
            reasons.resize(group + 1, None);
        }
        match reasons.get_mut(group) {
            Some(Some(reason)) => reason.clone(),
            Some(slot) => slot.insert(decision.reason().into()).clone(),
            None => decision.reason().into(),
        }
    }

    /// One record's item; `record_path` is its JSON path in the directory.
    fn item<'r>(
        &self,
        kind: &CompiledKind,
        record: &'r Record,
        index: usize,
        record_path: &str,
        members: Option<&MemberStatus>,
    ) -> PreviewItem<'r> {
        let resource_kind = kind.mapping.kind();
        let (in_scope, scope_reason) = match &kind.scoping {
            Some(scoping) => {
                let decision = scoping.evaluate(record, self.directory);
                // In-scope reasons repeat ("filter 0 holds"): format each once.
                let reason = match decision.matched_group {
                    Some(group) => self.in_scope_reason(group, &decision),
                    None => decision.reason().into(),
                };
                (decision.in_scope, reason)
            }
            None => (
                false,
                "not evaluated: the scoping filters have errors (see the diagnostics); nobody is in scope until they are fixed".into(),
            ),
        };
        let mut item = PreviewItem {
            source_id: Cow::Borrowed(record_id(record).unwrap_or_default()),
            source_index: index,
            in_scope,
            scope_reason,
            resource_type: resource_kind,
            resource: Resource::default(),
            matching: None,
            pending_members: Vec::new(),
            diagnostics: Vec::new(),
        };
        if !in_scope {
            return item;
        }
        let options = MapOptions {
            mode: MapMode::Create,
            eval: record_context(&self.options.eval, resource_kind, index),
            id_map: &self.options.id_map,
        };
        let mut mapped = kind.mapping.map_kept(record, record_path, &options);
        let mut diagnostics = std::mem::take(&mut mapped.diagnostics);
        let context = RecordContext {
            config: self.config,
            target: self.target,
            compiled: kind,
        };
        let resource = (mapped.resource.view(), mapped.matching.as_ref());
        check_record(&context, record, record_path, resource, &mut diagnostics);
        if let Some(members) = members {
            diagnostics.extend(members.findings(record_path, &mapped.pending_members));
        }
        item.diagnostics = diagnostics;
        item.matching = mapped.matching;
        item.pending_members = mapped.pending_members;
        item.resource = mapped.resource;
        item
    }
}

impl Preview<'_> {
    /// The same preview, with what its resources borrowed from the
    /// directory copied: for keeping it apart from the directory.
    pub fn into_owned(self) -> Preview<'static> {
        Preview {
            items: self
                .items
                .into_iter()
                .map(PreviewItem::into_owned)
                .collect(),
            diagnostics: self.diagnostics,
            total_users: self.total_users,
            in_scope_users: self.in_scope_users,
            total_groups: self.total_groups,
            in_scope_groups: self.in_scope_groups,
            eval: self.eval,
        }
    }
}

impl PreviewItem<'_> {
    /// The same item, with its resource owned (see [`Resource::into_owned`]).
    pub fn into_owned(self) -> PreviewItem<'static> {
        PreviewItem {
            source_id: Cow::Owned(self.source_id.into_owned()),
            source_index: self.source_index,
            in_scope: self.in_scope,
            scope_reason: self.scope_reason,
            resource_type: self.resource_type,
            resource: self.resource.into_owned(),
            matching: self.matching,
            pending_members: self.pending_members,
            diagnostics: self.diagnostics,
        }
    }
}

/// What [`Retain::UserNames`] keeps of a resource: its unique name (null
/// stays null: out of scope).
fn name_only(resource: &Resource, unique: &str) -> Resource<'static> {
    let view = resource.view();
    if matches!(view, View::Json(Value::Null)) {
        return Resource::default();
    }
    let mut kept = serde_json::Map::with_capacity(1);
    if let Some(View::Json(name)) = view.get(unique) {
        kept.insert(unique.to_string(), name.clone());
    }
    Resource::from(Value::Object(kept))
}

/// The evaluation context for one record: same clock, a seed mixed with the
/// record's kind and index.
fn record_context(base: &EvalContext, kind: ResourceKind, index: usize) -> EvalContext {
    let salt = match kind {
        ResourceKind::User => 0x5553_4552,
        ResourceKind::Group => 0x4752_4F55,
    };
    let mixed = (index as u64)
        .wrapping_add(salt)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    EvalContext {
        now_millis: base.now_millis,
        seed: base.seed ^ mixed,
    }
}
