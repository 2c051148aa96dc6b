//! The workspace against the target: which attributes the chosen target
//! (profile, or the server's discovered schemas) offers for autocomplete,
//! and how the directory compares with an imported snapshot.

use super::{ResourceKind, Workspace};
use crate::error::Error;
use crate::mapping::engine::Target;
use crate::sync::reconcile::{compare_with_target, TargetComparison};
use crate::sync::{Links, PlanInput, PlanOptions, TargetSnapshot};

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
        let (target, _) = Target::for_config(&self.config);
        let input = PlanInput {
            config: &self.config,
            directory: &self.directory,
            snapshot,
            target: &target,
            links,
            options,
        };
        compare_with_target(&input)
    }
}
