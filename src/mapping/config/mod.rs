//! The admin's mapping configuration (contract §1), version 1.
//!
//! The types serialize to exactly the contract's camelCase JSON. Loading goes
//! through [`load`] / [`from_value`], a hand-written reader over
//! `serde_json::Value` rather than serde's derive: it reports *every* unknown
//! field, wrong type and wrong enum value at once, each with its JSON path
//! (`$.users.mappings[2].source.type`), which is what an admin editing the
//! file needs. `Deserialize` is implemented on top of the same reader so the
//! two can never disagree.
//!
//! Structure is checked here; meaning (a clause's value fitting its operator,
//! a regex compiling, an expression parsing) is checked by the modules that
//! use it, e.g. [`crate::mapping::scoping::compile`].
//!
//! The user-facing reference (every field and default, the scoping operators,
//! the source directory formats, all error codes) is `reference.md` beside
//! this file; the JSON Schema is `www/schemas/config.schema.json`.

pub(crate) mod describe;
mod operator;
pub(crate) mod path;
mod reader;
#[cfg(test)]
mod tests;

use crate::error::Error;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

pub use operator::{Operator, ValueKind};

/// The only configuration format version this build reads and writes.
pub const VERSION: u64 = 1;

/// A whole mapping configuration file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// Optional `$schema` reference kept so editors keep validating a saved file.
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Always [`VERSION`] once loaded.
    pub version: u64,
    pub target: TargetConfig,
    /// Domains the admin owns; mapped user names outside them are suspicious.
    pub verified_domains: Vec<String>,
    pub actions: Actions,
    pub deprovision: Deprovision,
    pub users: ResourceMapping,
    pub groups: ResourceMapping,
}

/// The target application: a known profile and where its SCIM API lives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetConfig {
    /// A target profile name (e.g. `asana`); see `crate::scim::profiles`.
    pub profile: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The server's own schemas, chosen after a connection test: mappings
    /// are then checked against what this server declares instead of the
    /// profile's built-in schemas (the profile's rules still apply).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovered: Option<DiscoveredTarget>,
}

/// What a server declared about itself (`/Schemas`, `/ResourceTypes`,
/// `/ServiceProviderConfig`), kept in the file so validation and plans
/// work offline (the CLI, the JS API) exactly as in the app.
/// JSON: `{"schemas": [...], "resourceTypes": [...], "patchSupported": true}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredTarget {
    #[serde(flatten)]
    pub schemas: crate::scim::schema::SchemaSet,
    /// The ServiceProviderConfig's `patch.supported`; absent: the profile's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_supported: Option<bool>,
}

/// Which kinds of requests a sync may send (Zoho's "changes to sync").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Actions {
    pub create: bool,
    pub update: bool,
    pub deactivate: bool,
    /// Off by default: a hard delete loses the account's data in the target.
    pub delete: bool,
}

impl Default for Actions {
    fn default() -> Self {
        Actions {
            create: true,
            update: true,
            deactivate: true,
            delete: false,
        }
    }
}

/// What happens to a target account whose source user left the scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deprovision {
    pub on_out_of_scope: OutOfScopeAction,
    /// Delete a deactivated account this many days later (Google's
    /// "suspend, then hard delete"); `None` never deletes it.
    pub delete_after_days: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutOfScopeAction {
    /// Set `active: false` (Entra's default, reversible).
    #[default]
    Deactivate,
    Delete,
    /// Leave the account alone.
    None,
}

impl OutOfScopeAction {
    pub const NAMES: [&'static str; 3] = ["deactivate", "delete", "none"];
}

/// How one resource type (users or groups) is scoped and mapped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceMapping {
    /// Whether this resource type is provisioned at all. Users default to
    /// enabled; groups default to enabled when a `groups` object is present
    /// and to disabled when it is absent.
    pub enabled: bool,
    /// OR-ed scoping filters; empty means every record is in scope.
    pub scoping: Vec<ScopingGroup>,
    pub mappings: Vec<Mapping>,
}

impl ResourceMapping {
    /// An empty mapping, provisioned or not.
    pub fn empty(enabled: bool) -> Self {
        ResourceMapping {
            enabled,
            scoping: Vec::new(),
            mappings: Vec::new(),
        }
    }
}

/// One target attribute and where its value comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mapping {
    /// A SCIM attribute path (RFC 7644 §3.10), e.g. `name.formatted` or
    /// `addresses[type eq "work"].country`.
    pub target: String,
    pub source: Source,
    pub apply_on: ApplyOn,
    /// Used only when the source value is null/absent, only on create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Matching precedence (1 first) used to find the existing target object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matching: Option<u32>,
}

/// Where a mapped value comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Source {
    /// A source attribute, looked up with [`crate::mapping::source::lookup`].
    Direct { attribute: String },
    /// A fixed value (the "hardcoded value" of Zoho and Entra).
    Constant { value: Value },
    /// An Entra-style expression (`Join(" ", [givenName], [surname])`).
    Expression { expression: String },
    /// Nothing: the attribute is only used for matching or is left alone.
    None,
}

impl Source {
    pub const TYPE_NAMES: [&'static str; 4] = ["direct", "constant", "expression", "none"];
}

/// When a mapping is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApplyOn {
    #[default]
    Always,
    /// Only when the target object is created, never on updates.
    Create,
}

impl ApplyOn {
    pub const NAMES: [&'static str; 2] = ["always", "create"];
}

/// One scoping filter: its clauses are AND-ed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScopingGroup {
    pub clauses: Vec<Clause>,
}

/// One condition of a scoping filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Clause {
    /// Entra's clause: a source attribute, an operator and (for most
    /// operators) a value. `attribute` is empty when the operator needs none
    /// (`IS MEMBER OF`).
    Attribute {
        #[serde(skip_serializing_if = "String::is_empty")]
        attribute: String,
        operator: Operator,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<Value>,
    },
    /// An RFC 7644 filter evaluated against the source record.
    ScimFilter {
        #[serde(rename = "scimFilter")]
        scim_filter: String,
    },
}

impl Default for Config {
    /// A new configuration: no target profile chosen yet, no mappings,
    /// groups disabled, the contract's defaults everywhere else.
    fn default() -> Self {
        Config {
            schema: None,
            version: VERSION,
            target: TargetConfig {
                profile: String::new(),
                base_url: None,
                discovered: None,
            },
            verified_domains: Vec::new(),
            actions: Actions::default(),
            deprovision: Deprovision::default(),
            users: ResourceMapping::empty(true),
            groups: ResourceMapping::empty(false),
        }
    }
}

impl Config {
    /// The configuration as contract JSON.
    pub fn to_json(&self) -> Value {
        // Serializing these types cannot fail (string keys only); Null is an
        // unreachable fallback that keeps this function panic-free.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The configuration as pretty-printed contract JSON, ready to save.
    pub fn to_json_pretty(&self) -> String {
        format!("{:#}", self.to_json())
    }
}

/// Parses a configuration file's text. JSON syntax errors carry
/// `line L, column C`; every other error carries a JSON path. All structural
/// errors are reported at once, in document order.
pub fn load(text: &str) -> Result<Config, Vec<Error>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = crate::json::from_str(text).map_err(|err| vec![syntax_error(&err)])?;
    from_value(&value)
}

/// Reads a configuration already parsed as JSON (e.g. handed over by the
/// JS API), with the same checks as [`load`].
pub fn from_value(value: &Value) -> Result<Config, Vec<Error>> {
    reader::read_config(value)
}

/// A `config.syntax` error at the serde_json position.
fn syntax_error(err: &serde_json::Error) -> Error {
    Error::new(
        "config.syntax",
        format!("line {}, column {}", err.line(), err.column()),
        format!("invalid JSON: {}", serde_message(err)),
    )
}

/// serde_json's message without its trailing " at line L column C", which the
/// error's path already says.
pub(crate) fn serde_message(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

impl<'de> Deserialize<'de> for Config {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        from_value(&value).map_err(|errors| {
            let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
            serde::de::Error::custom(text.join("; "))
        })
    }
}
