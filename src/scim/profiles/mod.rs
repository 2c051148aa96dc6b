//! Built-in target profiles: what a known SCIM service provider accepts
//! and refuses, as data (one JSON file per app), never as `if asana`
//! branches in the code that uses them.
//!
//! A profile bundles a [`SchemaSet`] with the behaviour the app's
//! documentation describes: which attributes its filters support, whether
//! it can reactivate users or delete groups, what deprovisioning does, and
//! the default attribute mappings its Entra gallery app ships with.

use crate::error::Error;
use crate::scim::path::AttrPath;
use crate::scim::schema::SchemaSet;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `(name, JSON)` of every built-in profile; the first is the default.
const BUILTIN: &[(&str, &str)] = &[
    ("generic", include_str!("generic.json")),
    ("asana", include_str!("asana.json")),
];

/// An attribute a target ignores or rejects, with what to do instead.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Unsupported {
    pub path: String,
    pub hint: String,
}

/// What one target application accepts and refuses. Serializes in the
/// camelCase shape of the built-in JSON files (for the UI).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub name: String,
    pub label: String,
    pub description: String,
    pub schemas: SchemaSet,
    /// Attributes `GET /Users?filter=<attr> eq "…"` works on.
    pub user_filterable: Vec<String>,
    /// Attributes `GET /Groups?filter=<attr> eq "…"` works on.
    pub group_filterable: Vec<String>,
    /// False when `active: true` cannot bring a deactivated user back.
    pub can_reactivate_users: bool,
    pub can_delete_groups: bool,
    /// True when the app deletes the account on deprovisioning rather
    /// than keeping it deactivated.
    pub deprovision_deletes: bool,
    /// False when the ServiceProviderConfig says PATCH is unsupported
    /// (send PUT bodies instead).
    pub patch_supported: bool,
    /// Attributes honoured only on create (Asana: `preferredLanguage`).
    pub create_only: Vec<String>,
    /// `userName` must be an email address.
    pub user_name_must_be_email: bool,
    /// Attribute paths whose values must be ISO 3166-1 alpha-2 codes.
    pub country_code_paths: Vec<String>,
    /// Attributes the schema may still list but the app ignores.
    pub unsupported: Vec<Unsupported>,
    /// Contract §1 mapping entries for users, as the app's gallery ships them.
    pub default_user_mappings: Value,
    /// Contract §1 mapping entries for groups.
    pub default_group_mappings: Value,
}

/// The JSON file shape.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ProfileFile {
    name: String,
    label: String,
    #[serde(default)]
    description: String,
    /// `"rfc7643"` for the RFC schemas, or `{"schemas", "resourceTypes"}`.
    schemas: Value,
    user_filterable: Vec<String>,
    group_filterable: Vec<String>,
    can_reactivate_users: bool,
    can_delete_groups: bool,
    deprovision_deletes: bool,
    patch_supported: bool,
    create_only: Vec<String>,
    user_name_must_be_email: bool,
    country_code_paths: Vec<String>,
    unsupported: Vec<Unsupported>,
    default_user_mappings: Value,
    default_group_mappings: Value,
}

impl Profile {
    /// Reads a profile from its JSON description (the format of the
    /// built-in files), so users can describe further apps the same way.
    /// Errors name the line and column.
    pub fn from_json(text: &str) -> Result<Profile, Error> {
        let file: ProfileFile = serde_json::from_str(text).map_err(|e| {
            Error::new(
                "profile.invalid",
                format!("line {}, column {}", e.line(), e.column()),
                e.to_string(),
            )
        })?;
        Profile::from_file(file)
    }

    /// A built-in file: read through [`Value`], whose parser the rest of
    /// the crate uses anyway. Reading text straight into [`ProfileFile`]
    /// (what `from_json` does for its line numbers) costs about 10 KB of
    /// wasm that the app would otherwise never need.
    fn from_builtin(text: &str) -> Option<Profile> {
        let value: Value = crate::json::from_str(text).ok()?;
        Profile::from_file(ProfileFile::deserialize(&value).ok()?).ok()
    }

    fn from_file(file: ProfileFile) -> Result<Profile, Error> {
        let schemas = match &file.schemas {
            Value::String(name) if name == "rfc7643" => SchemaSet::rfc7643(),
            Value::Object(set) => SchemaSet::from_discovery(
                set.get("schemas").unwrap_or(&Value::Null),
                set.get("resourceTypes").unwrap_or(&Value::Null),
            )?,
            _ => {
                return Err(Error::new(
                    "profile.invalid",
                    "$.schemas",
                    "expected \"rfc7643\" or an object with `schemas` and `resourceTypes`",
                ))
            }
        };
        Ok(Profile {
            name: file.name,
            label: file.label,
            description: file.description,
            schemas,
            user_filterable: file.user_filterable,
            group_filterable: file.group_filterable,
            can_reactivate_users: file.can_reactivate_users,
            can_delete_groups: file.can_delete_groups,
            deprovision_deletes: file.deprovision_deletes,
            patch_supported: file.patch_supported,
            create_only: file.create_only,
            user_name_must_be_email: file.user_name_must_be_email,
            country_code_paths: file.country_code_paths,
            unsupported: file.unsupported,
            default_user_mappings: file.default_user_mappings,
            default_group_mappings: file.default_group_mappings,
        })
    }

    /// Whether `GET /{resource_type}?filter=<attribute> eq …` is supported.
    pub fn is_filterable(&self, resource_type: &str, attribute: &str) -> bool {
        let list = if resource_type.eq_ignore_ascii_case("Group") {
            &self.group_filterable
        } else {
            &self.user_filterable
        };
        list.iter().any(|a| a.eq_ignore_ascii_case(attribute))
    }

    /// Whether a target path is only honoured on create.
    pub fn is_create_only(&self, path: &AttrPath) -> bool {
        self.create_only
            .iter()
            .filter_map(|text| AttrPath::parse(text).ok())
            .any(|p| p.same_attribute(path))
    }

    /// The hint for a path the app ignores, if it is one.
    pub fn unsupported_hint(&self, path: &AttrPath) -> Option<&str> {
        let text = path.to_string();
        self.unsupported
            .iter()
            .find(|u| u.path.eq_ignore_ascii_case(&text))
            .map(|u| u.hint.as_str())
    }

    /// Whether values at this path must be two-letter country codes.
    pub fn is_country_code(&self, path: &AttrPath) -> bool {
        let text = path.to_string();
        self.country_code_paths
            .iter()
            .any(|p| p.eq_ignore_ascii_case(&text))
    }
}

/// The built-in profile with this name (case-insensitive), as an owned copy.
pub fn builtin(name: &str) -> Option<Profile> {
    builtin_shared(name).cloned()
}

/// The built-in profile with this name, parsed once per process and shared.
pub fn builtin_shared(name: &str) -> Option<&'static Profile> {
    static LOADED: std::sync::OnceLock<Vec<Profile>> = std::sync::OnceLock::new();
    // Each embedded file is checked by a unit test; one that failed to
    // load would simply be missing.
    let loaded = LOADED.get_or_init(|| {
        BUILTIN
            .iter()
            .filter_map(|(_, json)| Profile::from_builtin(json))
            .collect()
    });
    loaded.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// Names of the built-in profiles, default first.
pub fn names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

#[cfg(test)]
mod tests;
