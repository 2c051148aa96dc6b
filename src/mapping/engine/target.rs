//! What the mappings are checked and converted against: the target's
//! schemas and its profile (behaviour from its documentation).

use crate::error::{Diagnostic, Severity};
use crate::mapping::config::{Config, ResourceMapping};
use crate::mapping::validate::codes;
use crate::scim::profiles::{self, Profile};
use crate::scim::schema::{ResourceSchema, SchemaSet};
use serde::Serialize;

/// The target application: the schemas mappings resolve against and the
/// profile rules (filterable attributes, create-only attributes, email user
/// names...). The schemas come from the profile or from a server's
/// discovery (`/Schemas` + `/ResourceTypes`); `schemas` is what is used.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub schemas: SchemaSet,
    pub profile: Profile,
}

impl Target {
    /// A profile with its own schemas.
    pub fn from_profile(profile: Profile) -> Target {
        Target {
            schemas: profile.schemas.clone(),
            profile,
        }
    }

    /// The built-in profile with this name (case-insensitive).
    pub fn builtin(name: &str) -> Option<Target> {
        profiles::builtin(name).map(Target::from_profile)
    }

    /// A profile's rules over schemas discovered from a live server.
    pub fn with_schemas(profile: Profile, schemas: SchemaSet) -> Target {
        Target { schemas, profile }
    }

    /// The target named by `config.target.profile`, over the server's
    /// schemas when `config.target.discovered` holds them; an unknown name
    /// falls back to the generic profile with a `config.unknownProfile`
    /// error, so the rest of the configuration can still be checked.
    pub fn for_config(config: &Config) -> (Target, Vec<Diagnostic>) {
        let (mut target, diagnostics) = Target::for_profile_name(config);
        if let Some(discovered) = &config.target.discovered {
            target.schemas = discovered.schemas.clone();
            if let Some(patch) = discovered.patch_supported {
                target.profile.patch_supported = patch;
            }
        }
        (target, diagnostics)
    }

    fn for_profile_name(config: &Config) -> (Target, Vec<Diagnostic>) {
        if let Some(target) = Target::builtin(&config.target.profile) {
            return (target, Vec::new());
        }
        let fallback = profiles::names()
            .first()
            .and_then(|name| Target::builtin(name))
            .unwrap_or_else(|| Target {
                schemas: SchemaSet::rfc7643(),
                profile: empty_profile(),
            });
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            code: codes::CONFIG_UNKNOWN_PROFILE.to_string(),
            path: "$.target.profile".to_string(),
            message: format!(
                "unknown target profile `{}`; checking against `{}` instead",
                config.target.profile, fallback.profile.name
            ),
            hint: Some(format!("use one of: {}", profiles::names().join(", "))),
        };
        (fallback, vec![diagnostic])
    }

    /// The schema of a resource kind, when the target has that resource type.
    pub fn resource(&self, kind: ResourceKind) -> Option<ResourceSchema<'_>> {
        self.schemas.resource(kind.name())
    }
}

/// Only reachable if the embedded profiles failed to load (a unit test
/// prevents that); keeps [`Target::for_config`] panic-free regardless.
fn empty_profile() -> Profile {
    Profile {
        name: "generic".to_string(),
        label: "Generic SCIM 2.0".to_string(),
        description: String::new(),
        schemas: SchemaSet::rfc7643(),
        user_filterable: vec!["userName".to_string()],
        group_filterable: vec!["displayName".to_string()],
        can_reactivate_users: true,
        can_delete_groups: true,
        deprovision_deletes: false,
        patch_supported: true,
        create_only: Vec::new(),
        user_name_must_be_email: false,
        country_code_paths: Vec::new(),
        unsupported: Vec::new(),
        default_user_mappings: serde_json::Value::Array(Vec::new()),
        default_group_mappings: serde_json::Value::Array(Vec::new()),
    }
}

/// Users or groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ResourceKind {
    User,
    Group,
}

impl ResourceKind {
    /// The SCIM resource type name (`User`, `Group`).
    pub fn name(self) -> &'static str {
        match self {
            ResourceKind::User => "User",
            ResourceKind::Group => "Group",
        }
    }

    /// Where this kind's section sits in a configuration (`$.users`).
    pub fn config_path(self) -> &'static str {
        match self {
            ResourceKind::User => "$.users",
            ResourceKind::Group => "$.groups",
        }
    }

    /// JSON path of record `index` in a source directory (`$.users[3]`).
    pub fn record_path(self, index: usize) -> String {
        format!("{}[{index}]", self.config_path())
    }

    /// This kind's section of a configuration.
    pub fn mapping(self, config: &Config) -> &ResourceMapping {
        match self {
            ResourceKind::User => &config.users,
            ResourceKind::Group => &config.groups,
        }
    }

    /// `user_code` for users, `group_code` for groups.
    pub(crate) fn code(self, user_code: &'static str, group_code: &'static str) -> &'static str {
        match self {
            ResourceKind::User => user_code,
            ResourceKind::Group => group_code,
        }
    }

    /// "user" / "group", for messages.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            ResourceKind::User => "user",
            ResourceKind::Group => "group",
        }
    }
}

/// [`ResourceKind::record_path`] for every record of a directory in turn,
/// in one buffer: the prefix is written once and the index without the
/// formatting machinery (the preview and the planner run this per record).
pub struct RecordPaths {
    text: String,
    prefix: usize,
}

impl RecordPaths {
    pub fn new(kind: ResourceKind) -> RecordPaths {
        let text = format!("{}[", kind.config_path());
        RecordPaths {
            prefix: text.len(),
            text,
        }
    }

    /// The path of record `index` (`$.users[17]`).
    pub fn at(&mut self, index: usize) -> &str {
        self.text.truncate(self.prefix);
        let mut digits = [0u8; 20];
        let mut used = 0;
        let mut rest = index;
        for slot in digits.iter_mut() {
            *slot = b'0' + (rest % 10) as u8;
            used += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let digits = digits.iter().take(used).rev();
        self.text.extend(digits.map(|&digit| char::from(digit)));
        self.text.push(']');
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::{RecordPaths, ResourceKind};

    #[test]
    fn record_paths_are_what_record_path_formats() {
        for kind in [ResourceKind::User, ResourceKind::Group] {
            let mut paths = RecordPaths::new(kind);
            for index in [0, 7, 10, 99, 100, 12_345, 99_999, 100_000, 3, usize::MAX] {
                assert_eq!(paths.at(index), kind.record_path(index));
            }
        }
    }
}
