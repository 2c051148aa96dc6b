//! What the mapping wants in the target: each source record scoped and
//! mapped twice — as a create (everything, defaults included) and as an
//! update (only what updates may change).

use super::{blocking_errors, PlanInput};
use crate::error::{Diagnostic, Error, Severity};
use crate::mapping::engine::{
    self, CompiledMapping, IdMap, MapMode, MapOptions, Mapped, MappedResource, RecordPaths,
    Resource, ResourceKind, View,
};
use crate::mapping::expr::EvalContext;
use crate::mapping::scoping::{self, ScopeDecision, GROUPS_PATH, USERS_PATH};
use crate::mapping::source::record_id;
use crate::mapping::validate::compile_config;
use crate::mapping::validate::record::{check_record, RecordContext};
use serde_json::Value;

/// One source record and what the mapping makes of it.
#[derive(Debug, Clone)]
pub(crate) struct Desired<'r> {
    pub source_id: String,
    pub scope: ScopeDecision,
    /// Laid out: built only when it is sent (see [`Resource`]).
    pub create: Mapped<Resource<'r>>,
    pub update: MappedResource,
}

impl Desired<'_> {
    /// Whether the source wants the object active in the target: in scope
    /// and not mapped to `active: false`.
    pub fn wants_active(&self) -> bool {
        self.scope.in_scope && !is_inactive(self.create.resource.view())
    }

    /// Disabled in the source: in scope, but mapped to `active: false`.
    pub fn is_disabled(&self) -> bool {
        self.scope.in_scope && is_inactive(self.create.resource.view())
    }

    /// The first error about this record's values, which makes sending
    /// it unsafe (the value would be wrong or refused).
    pub fn blocking_problem(&self) -> Option<&Diagnostic> {
        self.create
            .diagnostics
            .iter()
            .chain(&self.update.diagnostics)
            .find(|d| d.severity == Severity::Error)
    }
}

/// The mapping of one resource kind and every record of that kind.
pub(crate) struct DesiredSet<'r> {
    pub compiled: CompiledMapping,
    pub records: Vec<Desired<'r>>,
}

/// Scopes and maps every user (or group) of the directory; group members
/// go through `id_map`. Errors when the configuration cannot be applied.
pub(crate) fn desired_records<'r>(
    input: &PlanInput<'r>,
    kind: ResourceKind,
    id_map: &IdMap,
) -> Result<DesiredSet<'r>, Vec<Error>> {
    // The validator's compiled form: the engine's mapping plus what the
    // per-record checks need, so a record the target would refuse (a
    // userName outside the verified domains, an empty required attribute)
    // is skipped with its reason instead of sent to fail.
    let mut checked = compile_config(input.config, input.target);
    let checks = match kind {
        ResourceKind::User => Some(checked.users),
        ResourceKind::Group => checked.groups.take(),
    };
    let compiled = match &checks {
        Some(kind_compiled) => kind_compiled.mapping.clone(),
        None => engine::compile(input.config, input.target, kind),
    };
    blocking_errors(compiled.diagnostics())?;
    let (scoping_path, records) = match kind {
        ResourceKind::User => (USERS_PATH, &input.directory.users),
        ResourceKind::Group => (GROUPS_PATH, &input.directory.groups),
    };
    let scope = scoping::compile_at(&kind.mapping(input.config).scoping, scoping_path)?;
    let eval = EvalContext {
        now_millis: input.options.now_millis,
        seed: input.options.seed,
    };
    let options = MapOptions {
        mode: MapMode::Create,
        eval,
        id_map,
    };
    let mut desired = Vec::with_capacity(records.len());
    let mut paths = RecordPaths::new(kind);
    for (index, record) in records.iter().enumerate() {
        let Some(source_id) = record_id(record) else {
            continue;
        };
        let path = paths.at(index);
        let scope = scope.evaluate(record, input.directory);
        let (mut create, update) = compiled.map_both(record, path, &options);
        if let (true, Some(kind_compiled)) = (scope.in_scope, &checks) {
            let context = RecordContext {
                config: input.config,
                target: input.target,
                compiled: kind_compiled,
            };
            let mut found = Vec::new();
            let mapped = (create.resource.view(), create.matching.as_ref());
            check_record(&context, record, path, mapped, &mut found);
            create.diagnostics.extend(found);
        }
        desired.push(Desired {
            source_id: source_id.to_string(),
            scope,
            create,
            update,
        });
    }
    Ok(DesiredSet {
        compiled,
        records: desired,
    })
}

/// `active` is false (a boolean, or the text `false` in any case).
pub(crate) fn is_inactive(resource: View) -> bool {
    match resource.get_ignore_ascii_case("active") {
        Some(View::Json(Value::Bool(active))) => !active,
        Some(View::Json(Value::String(text))) => text.trim().eq_ignore_ascii_case("false"),
        _ => false,
    }
}
