//! The workspace against the target: which attributes the chosen target
//! (profile, or the server's discovered schemas) offers for autocomplete,
//! and how the directory compares with an imported snapshot.

use super::{ResourceKind, Workspace};
use crate::error::Error;
use crate::mapping::engine::Target;
use crate::sync::reconcile::{compare_with_target, reconcile, Reconciliation, TargetComparison};
use crate::sync::{plan, Links, Operation, PlanInput, PlanOptions, TargetSnapshot};

impl Workspace {
    /// The target attribute paths mappings can name (autocomplete), from
    /// the same target validation checks against.
    pub fn target_attribute_paths(&self, kind: ResourceKind) -> Vec<String> {
        let (target, _) = Target::for_config(&self.config);
        target
            .resource(kind)
            .map(|schema| schema.attribute_paths())
            .unwrap_or_default()
    }

    /// Where the schemas in effect come from, for the admin: "Asana" or
    /// "schemas discovered from the server".
    pub fn schema_origin(&self) -> String {
        if self.config.target.discovered.is_some() {
            return "the schemas discovered from the server".to_string();
        }
        let (target, _) = Target::for_config(&self.config);
        format!("the {} profile's schemas", target.profile.label)
    }

    /// Each source user and group against the imported target: matched
    /// object and attribute differences, or "would be created".
    pub fn compare_with_target(
        &self,
        snapshot: &TargetSnapshot,
        links: &Links,
        options: PlanOptions,
    ) -> Result<TargetComparison, Vec<Error>> {
        self.against(snapshot, links, options, compare_with_target)
    }

    /// Every operation a sync would send to a target holding `snapshot`.
    pub fn plan(
        &self,
        snapshot: &TargetSnapshot,
        links: &Links,
        options: PlanOptions,
    ) -> Result<Vec<Operation>, Vec<Error>> {
        self.against(snapshot, links, options, plan)
    }

    /// The reconciliation buckets (target only, both, to activate, to deactivate).
    pub fn reconcile(
        &self,
        snapshot: &TargetSnapshot,
        links: &Links,
        options: PlanOptions,
    ) -> Result<Reconciliation, Vec<Error>> {
        self.against(snapshot, links, options, reconcile)
    }

    /// Runs one of the planner's views with this workspace as its input.
    fn against<R>(
        &self,
        snapshot: &TargetSnapshot,
        links: &Links,
        options: PlanOptions,
        view: impl FnOnce(&PlanInput) -> R,
    ) -> R {
        let (target, _) = Target::for_config(&self.config);
        view(&PlanInput {
            config: &self.config,
            directory: &self.directory,
            snapshot,
            target: &target,
            links,
            options,
        })
    }
}
