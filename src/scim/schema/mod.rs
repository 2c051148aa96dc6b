//! SCIM resource schemas (RFC 7643 §2, §7): attribute definitions as a
//! server's `/Schemas` endpoint describes them, grouped per resource type.
//!
//! A [`SchemaSet`] comes either from a live server's `/Schemas` and
//! `/ResourceTypes` responses ([`SchemaSet::from_discovery`]) or from a
//! built-in profile, so every rule downstream (case sensitivity, mutability,
//! multi-valuedness) is driven by data rather than by per-app code.

mod lookup;
mod types;

pub use lookup::ResourceSchema;
pub use types::{
    AttrType, AttributeDef, Mutability, ResourceTypeDef, Returned, Schema, SchemaExtension,
    Uniqueness,
};

use crate::error::Error;
use serde_json::Value;

/// Schema URN of the RFC 7643 core User.
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// Schema URN of the RFC 7643 core Group.
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// Schema URN of the RFC 7643 Enterprise User extension.
pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The RFC 7643 §8.7 schemas in `/Schemas` shape, shared by the `generic`
/// profile and by tests.
const RFC7643_JSON: &str = include_str!("rfc7643.json");

/// Everything a service provider declares: its schemas and resource types.
/// Serializes as `{"schemas": [...], "resourceTypes": [...]}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaSet {
    pub schemas: Vec<Schema>,
    pub resource_types: Vec<ResourceTypeDef>,
}

impl SchemaSet {
    /// Builds a set from a server's discovery responses. Each argument may
    /// be a `ListResponse` (`{"Resources": [...]}`), a bare array, or a
    /// single object. Errors carry a JSON path (`$.schemas.Resources[2]`).
    pub fn from_discovery(schemas: &Value, resource_types: &Value) -> Result<SchemaSet, Error> {
        let schemas: Vec<Schema> = parse_list(schemas, "$.schemas")?;
        let mut resource_types: Vec<ResourceTypeDef> =
            parse_list(resource_types, "$.resourceTypes")?;
        for (index, resource_type) in resource_types.iter_mut().enumerate() {
            if resource_type.name.is_empty() {
                resource_type.name = resource_type.id.clone();
            }
            if !schemas
                .iter()
                .any(|s| s.id.eq_ignore_ascii_case(&resource_type.schema))
            {
                return Err(Error::new(
                    "schema.invalid",
                    format!("$.resourceTypes[{index}].schema"),
                    format!(
                        "resource type `{}` names schema `{}`, which /Schemas does not describe",
                        resource_type.name, resource_type.schema
                    ),
                ));
            }
        }
        Ok(SchemaSet {
            schemas,
            resource_types,
        })
    }

    /// The RFC 7643 User, Group and Enterprise User schemas (a copy of
    /// [`SchemaSet::rfc7643_shared`]).
    pub fn rfc7643() -> SchemaSet {
        SchemaSet::rfc7643_shared().clone()
    }

    /// The RFC 7643 schemas, parsed once per process and shared.
    pub fn rfc7643_shared() -> &'static SchemaSet {
        static SHARED: std::sync::OnceLock<SchemaSet> = std::sync::OnceLock::new();
        // The embedded file is checked by a unit test, so parsing cannot
        // fail at run time; an empty set is the harmless fallback regardless.
        SHARED.get_or_init(|| {
            builtin_from_json(RFC7643_JSON).unwrap_or(SchemaSet {
                schemas: Vec::new(),
                resource_types: Vec::new(),
            })
        })
    }

    /// The schema with this URN (case-insensitive, as URNs compare).
    pub fn schema(&self, urn: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.id.eq_ignore_ascii_case(urn))
    }

    /// Core schema plus extensions of a resource type, by its name or id
    /// (`"User"`, `"Group"`), case-insensitive.
    pub fn resource(&self, name: &str) -> Option<ResourceSchema<'_>> {
        let resource_type = self
            .resource_types
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name) || r.id.eq_ignore_ascii_case(name))?;
        let core = self.schema(&resource_type.schema)?;
        let extensions = resource_type
            .schema_extensions
            .iter()
            .filter_map(|ext| self.schema(&ext.schema).map(|s| (s, ext.required)))
            .collect();
        Some(ResourceSchema::new(resource_type, core, extensions))
    }

    /// The resource type a SCIM resource belongs to, from its `schemas`
    /// array (falling back to `User`).
    pub fn resource_for(&self, resource: &Value) -> Option<ResourceSchema<'_>> {
        let declared: Vec<&str> = resource
            .get("schemas")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        self.resource_types
            .iter()
            .find(|r| {
                declared
                    .iter()
                    .any(|urn| urn.eq_ignore_ascii_case(&r.schema))
            })
            .and_then(|r| self.resource(&r.name))
            .or_else(|| self.resource("User"))
    }
}

/// Parses one of the embedded `{"schemas": [...], "resourceTypes": [...]}` files.
pub(crate) fn builtin_from_json(text: &str) -> Result<SchemaSet, Error> {
    let value: Value = crate::json::from_str(text)
        .map_err(|e| Error::new("schema.invalid", "$", format!("built-in schema: {e}")))?;
    SchemaSet::from_discovery(
        value.get("schemas").unwrap_or(&Value::Null),
        value.get("resourceTypes").unwrap_or(&Value::Null),
    )
}

/// Accepts a ListResponse, a bare array or a single object and
/// deserializes each entry, naming the failing one.
fn parse_list<T: serde::de::DeserializeOwned>(value: &Value, root: &str) -> Result<Vec<T>, Error> {
    let (items, prefix): (Vec<&Value>, String) = match value {
        Value::Array(items) => (items.iter().collect(), root.to_string()),
        Value::Object(map) => match map.get("Resources").or_else(|| map.get("resources")) {
            Some(Value::Array(items)) => (items.iter().collect(), format!("{root}.Resources")),
            Some(_) => {
                return Err(Error::new(
                    "schema.invalid",
                    format!("{root}.Resources"),
                    "`Resources` must be an array",
                ))
            }
            None => (vec![value], root.to_string()),
        },
        _ => {
            return Err(Error::new(
                "schema.invalid",
                root,
                "expected a ListResponse object or an array",
            ))
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            T::deserialize(item).map_err(|e| {
                Error::new(
                    "schema.invalid",
                    format!("{prefix}[{index}]"),
                    e.to_string(),
                )
            })
        })
        .collect()
}

/// Levenshtein distance on lowercase characters, for "did you mean" hints.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.last().copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests;
