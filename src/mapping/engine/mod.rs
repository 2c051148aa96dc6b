//! The mapping engine: turns one source record into the SCIM resource a
//! target would receive.
//!
//! [`compile`] does everything that does not depend on the record once:
//! target paths are resolved against the target schema, expressions parsed,
//! constants and defaults converted to the target type, and each problem
//! becomes a [`Diagnostic`]. A broken mapping is kept (so the admin's
//! configuration is never lost and the UI can show it flagged) but skipped
//! when mapping, so the rest stays previewable. [`CompiledMapping::map`]
//! then runs per record and only reads, evaluates and converts.
//!
//! Semantics (Entra's, where the contract does not say otherwise):
//! * `applyOn: create` mappings and `default`s apply only when creating
//!   ([`MapMode::Create`]); so do attributes the target profile honours only
//!   on create (Asana: `preferredLanguage`).
//! * A default is used when the source value is null, `""` or absent; an
//!   expression ending in `IgnoreFlowIfNullOrEmpty` leaves the attribute out
//!   without a default.
//! * Values are converted to the target attribute's type ([`coerce`]).
//! * `members` of a group maps source user ids through the caller's id map
//!   to `[{"value": targetId}]`; ids not in the map are returned as
//!   [`MappedResource::pending_members`], never dropped silently.
//! * The matching key is the first matching attribute, by precedence, whose
//!   mapped value is not empty.

mod apply;
pub mod coerce;
mod layout;
#[cfg(test)]
mod layout_tests;
mod resource;
mod rule;
mod target;
#[cfg(test)]
mod tests;
mod write;

pub use resource::{Produced, Resource, View};
pub use rule::{Rule, RuleSource};
pub use target::{RecordPaths, ResourceKind, Target};

use crate::error::Diagnostic;
use crate::mapping::config::{path, Config};
use crate::mapping::expr::EvalContext;
use crate::mapping::source::Record;
use crate::scim::path::AttrPath;
use apply::Sourced;
use layout::Layout;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use write::Incremental;

/// Source id → target id, for resolving group members. Empty for a pure
/// preview (nothing exists in the target yet).
pub type IdMap = BTreeMap<String, String>;

/// Whether the resource is being created or an existing one updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MapMode {
    Create,
    Update,
}

/// The value used to find the existing target object
/// (`filter=<attribute> eq "<value>"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchKey {
    /// The target attribute path, e.g. `userName` (shared by every
    /// record's key).
    pub attribute: Arc<str>,
    pub value: String,
}

/// One record mapped to a target resource.
pub type MappedResource = Mapped<Value>;

/// One record mapped: the resource as a `Value` ([`MappedResource`]), or
/// as a [`Resource`] that is built only when needed (the preview's).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mapped<R> {
    /// The SCIM resource, with `schemas` listing the core URN and each
    /// extension it uses.
    pub resource: R,
    /// Problems with this record's values (paths into the source record).
    pub diagnostics: Vec<Diagnostic>,
    pub matching: Option<MatchKey>,
    /// Group members whose source user has no target id in the id map.
    pub pending_members: Vec<String>,
}

/// Per-record inputs besides the record itself.
#[derive(Debug, Clone, Copy)]
pub struct MapOptions<'a> {
    pub mode: MapMode,
    pub eval: EvalContext,
    pub id_map: &'a IdMap,
}

/// A configuration's mappings for one resource kind, ready to run.
#[derive(Debug, Clone)]
pub struct CompiledMapping {
    kind: ResourceKind,
    core_urn: String,
    rules: Vec<Rule>,
    /// Indices into `rules` of the usable matching rules, by precedence.
    matching_order: Vec<usize>,
    diagnostics: Vec<Diagnostic>,
    managed_create: Vec<AttrPath>,
    managed_update: Vec<AttrPath>,
    /// Extension URNs the fast writers write into, in first-use order.
    extension_urns: Vec<String>,
    /// The resource's planned shape; `None`: written value by value.
    layout: Option<Arc<Layout>>,
}

/// Where one record's values go while its rules run.
enum Sink<'m, 'r> {
    /// Collected, then assembled by the [`Layout`].
    Laid(Vec<(usize, Produced<'r>)>),
    Incremental(Incremental<'m>),
}

/// Compiles the mappings of `kind` (`config.users` or `config.groups`)
/// against the target. Never fails: problems are in
/// [`CompiledMapping::diagnostics`].
pub fn compile(config: &Config, target: &Target, kind: ResourceKind) -> CompiledMapping {
    let compiled = rule::compile_rules(kind.mapping(config), target, kind);
    let usable = |rule: &&Rule| !rule.broken && rule.path.is_some();
    let managed = |mode: MapMode| -> Vec<AttrPath> {
        compiled
            .rules
            .iter()
            .filter(usable)
            .filter(|rule| rule.applies_in(mode) && !matches!(rule.source, RuleSource::None))
            .filter_map(|rule| rule.path.clone())
            .collect()
    };
    let mut matching_order: Vec<usize> = compiled
        .rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| usable(rule) && rule.matching.is_some())
        .map(|(index, _)| index)
        .collect();
    matching_order.sort_by_key(|&index| {
        compiled
            .rules
            .get(index)
            .and_then(|rule| rule.matching)
            .unwrap_or(u32::MAX)
    });
    let mut extension_urns: Vec<String> = Vec::new();
    for rule in compiled.rules.iter().filter(usable) {
        if let write::Writer::Fast(fast) = &rule.writer {
            if let Some(urn) = &fast.extension {
                if !extension_urns.contains(urn) {
                    extension_urns.push(urn.clone());
                }
            }
        }
    }
    let layout = Layout::plan(&compiled.core_urn, &compiled.rules, &extension_urns).map(Arc::new);
    CompiledMapping {
        kind,
        layout,
        extension_urns,
        core_urn: compiled.core_urn.clone(),
        managed_create: managed(MapMode::Create),
        managed_update: managed(MapMode::Update),
        matching_order,
        rules: compiled.rules,
        diagnostics: compiled.diagnostics,
    }
}

impl CompiledMapping {
    /// The same mapping written value by value (to compare with the layout).
    #[cfg(test)]
    pub(crate) fn without_layout(mut self) -> CompiledMapping {
        self.layout = None;
        self
    }

    #[cfg(test)]
    pub(crate) fn has_layout(&self) -> bool {
        self.layout.is_some()
    }

    pub fn kind(&self) -> ResourceKind {
        self.kind
    }

    /// Every configured mapping, in configuration order, broken ones included.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Problems found while compiling (paths into the configuration).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The attributes this mapping manages in `mode`: what an update may
    /// set or clear. Update leaves out `applyOn: create` and create-only
    /// attributes.
    pub fn managed(&self, mode: MapMode) -> &[AttrPath] {
        match mode {
            MapMode::Create => &self.managed_create,
            MapMode::Update => &self.managed_update,
        }
    }

    /// The usable matching rules, by precedence.
    pub fn matching_rules(&self) -> impl Iterator<Item = &Rule> {
        self.matching_order
            .iter()
            .filter_map(|&index| self.rules.get(index))
    }

    /// The rule writing `target` (compared as canonical path text, ignoring
    /// case), if one does and is usable.
    pub fn rule_for(&self, target: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|rule| !rule.broken && rule.path_text.eq_ignore_ascii_case(target))
    }

    /// Maps one JSON record with no id map (tests, one-off previews; a
    /// directory's records go through [`map_at`](Self::map_at));
    /// diagnostics paths start at `$` (the record). Anything but an object
    /// maps as an empty record.
    pub fn map(&self, record: &Value, mode: MapMode, eval: &EvalContext) -> MappedResource {
        let record = Record::from_object(record.clone()).unwrap_or_default();
        let id_map = IdMap::new();
        let options = MapOptions {
            mode,
            eval: *eval,
            id_map: &id_map,
        };
        self.map_at(&record, "$", &options)
    }

    /// Maps a record; `record_path` (e.g. `$.users[17]`) prefixes the
    /// diagnostics' paths.
    pub fn map_at(
        &self,
        record: &Record,
        record_path: &str,
        options: &MapOptions,
    ) -> MappedResource {
        self.map_kept(record, record_path, options).built()
    }

    /// [`map_at`](Self::map_at) with the resource kept laid out when the
    /// mapping has a layout: built only when serialized or dereferenced.
    pub fn map_kept<'r>(
        &self,
        record: &'r Record,
        record_path: &str,
        options: &MapOptions,
    ) -> Mapped<Resource<'r>> {
        let mut run = ModeRun::new(self, options.mode);
        for (index, rule) in self.usable_rules() {
            if !rule.applies_in(options.mode) && rule.matching.is_none() {
                continue;
            }
            let value = rule.produce(record, record_path, options, self.kind, &mut run.out);
            run.take(self, index, rule, value, record_path);
        }
        run.finish(self)
    }

    /// The record mapped for a create and for an update at once, equal to
    /// `map_at` in each mode: every rule reads, evaluates and converts its
    /// source once, and only the default and the per-value checks run per
    /// mode. The planner needs both forms of every record; the create form
    /// stays laid out (see [`Resource`]): only new records are POSTed.
    pub fn map_both<'r>(
        &self,
        record: &'r Record,
        record_path: &str,
        options: &MapOptions,
    ) -> (Mapped<Resource<'r>>, MappedResource) {
        let mut create = ModeRun::new(self, MapMode::Create);
        let mut update = ModeRun::new(self, MapMode::Update);
        let mut scratch = Outcome::default();
        for (index, rule) in self.usable_rules() {
            // Every rule runs when creating; when updating, those that
            // apply then and the matching ones (for the key).
            let in_update = rule.applies_in(MapMode::Update) || rule.matching.is_some();
            let sourced = rule.source_value(record, record_path, options, self.kind, &mut scratch);
            if in_update {
                update.out.extend_from(&scratch);
            }
            create.out.append(&mut scratch);
            let (for_create, for_update) = match sourced {
                Sourced::Skip => (None, None),
                Sourced::Done(value) => (
                    Some(Produced::own(value.clone())),
                    Some(Produced::own(value)),
                ),
                Sourced::Converted(value) => {
                    let for_update = match (&value, in_update) {
                        (Some(value), true) => rule.finish(
                            Some(value.clone()),
                            record_path,
                            MapMode::Update,
                            self.kind,
                            &mut update.out,
                        ),
                        _ => None,
                    };
                    let for_create = rule.finish(
                        value,
                        record_path,
                        MapMode::Create,
                        self.kind,
                        &mut create.out,
                    );
                    (for_create, for_update)
                }
            };
            if in_update {
                update.take(self, index, rule, for_update, record_path);
            }
            create.take(self, index, rule, for_create, record_path);
        }
        (create.finish(self), update.finish(self).built())
    }

    /// The rules that can produce a value, with their index.
    fn usable_rules(&self) -> impl Iterator<Item = (usize, &Rule)> {
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| !rule.broken && rule.path.is_some())
    }
}

/// One mode's resource while a record's rules run.
struct ModeRun<'m, 'r> {
    mode: MapMode,
    sink: Sink<'m, 'r>,
    out: Outcome,
}

impl<'m, 'r> ModeRun<'m, 'r> {
    #[inline]
    fn new(mapping: &'m CompiledMapping, mode: MapMode) -> ModeRun<'m, 'r> {
        let sink = match &mapping.layout {
            Some(_) => Sink::Laid(Vec::with_capacity(mapping.rules.len())),
            None => Sink::Incremental(Incremental::new(&mapping.core_urn, &mapping.extension_urns)),
        };
        ModeRun {
            mode,
            sink,
            out: Outcome::default(),
        }
    }

    /// A rule's value in this mode: considered as the matching key, and
    /// written when the rule applies in this mode.
    #[inline(always)]
    fn take(
        &mut self,
        mapping: &CompiledMapping,
        index: usize,
        rule: &Rule,
        value: Option<Produced<'r>>,
        record_path: &str,
    ) {
        let (Some(value), Some(path)) = (value, rule.path.as_ref()) else {
            return;
        };
        if rule.matching.is_some() {
            mapping.consider_matching(index, value.get(), &mut self.out.matching);
        }
        if !rule.applies_in(self.mode) {
            return;
        }
        match &mut self.sink {
            Sink::Laid(values) => values.push((index, value)),
            Sink::Incremental(resource) => {
                if let Err(err) = resource.write(&rule.writer, path, value.into_value()) {
                    self.out.diagnostics.push(rule.record_diagnostic(
                        record_path,
                        rule::value_type_code(mapping.kind),
                        format!("cannot write `{}`: {}", rule.target, err.message),
                    ));
                }
            }
        }
    }

    #[inline]
    fn finish(self, mapping: &CompiledMapping) -> Mapped<Resource<'r>> {
        let resource = match (self.sink, &mapping.layout) {
            (Sink::Laid(values), Some(layout)) => {
                Resource::laid(Arc::clone(layout), self.mode, values)
            }
            (Sink::Incremental(resource), _) => Resource::from(resource.finish()),
            (Sink::Laid(_), None) => Resource::default(),
        };
        let matching = self.out.matching.and_then(|(index, value)| {
            let rule = mapping.rules.get(index)?;
            Some(MatchKey {
                attribute: rule.path_text.clone(),
                value,
            })
        });
        Mapped {
            resource,
            diagnostics: self.out.diagnostics,
            matching,
            pending_members: self.out.pending_members,
        }
    }
}

impl CompiledMapping {
    /// Keeps `value` as the matching key when its rule comes before the
    /// current best by precedence and it is not empty.
    fn consider_matching(&self, index: usize, value: &Value, best: &mut Option<(usize, String)>) {
        let rank = |index: usize| self.matching_order.iter().position(|&i| i == index);
        let Some(new_rank) = rank(index) else {
            return;
        };
        if let Some((current, _)) = best {
            if rank(*current).is_some_and(|current_rank| current_rank <= new_rank) {
                return;
            }
        }
        if let Some(text) = match_text(value) {
            *best = Some((index, text));
        }
    }
}

impl Mapped<Resource<'_>> {
    /// With the resource built.
    fn built(self) -> MappedResource {
        Mapped {
            resource: self.resource.into_value(),
            diagnostics: self.diagnostics,
            matching: self.matching,
            pending_members: self.pending_members,
        }
    }
}

/// What mapping one record collects besides the resource.
#[derive(Default)]
pub(crate) struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub pending_members: Vec<String>,
    /// The best matching value so far: (rule index, its text).
    pub matching: Option<(usize, String)>,
}

impl Outcome {
    /// Copies `other`'s findings (not its matching key) after this one's.
    fn extend_from(&mut self, other: &Outcome) {
        self.diagnostics.extend(other.diagnostics.iter().cloned());
        self.pending_members
            .extend(other.pending_members.iter().cloned());
    }

    /// Moves `other`'s findings (not its matching key) after this one's.
    fn append(&mut self, other: &mut Outcome) {
        self.diagnostics.append(&mut other.diagnostics);
        self.pending_members.append(&mut other.pending_members);
    }
}

/// The text a matching value is searched by: a string as is, a number or
/// boolean as its JSON text, the `value` of an object, the first such
/// element of an array. `None` when empty. Looks one level deep only, so
/// hostile nesting cannot recurse.
fn match_text(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => items.iter().find_map(scalar_match_text),
        other => scalar_match_text(other),
    }
}

fn scalar_match_text(value: &Value) -> Option<String> {
    let value = match value {
        Value::Object(map) => map.get("value")?,
        other => other,
    };
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// `record_path.attribute` (or `record_path` alone without an attribute).
pub(crate) fn record_attribute_path(record_path: &str, attribute: Option<&str>) -> String {
    match attribute {
        Some(attribute) => path::key(record_path, attribute),
        None => record_path.to_string(),
    }
}
