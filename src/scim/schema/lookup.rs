//! One resource type's view of a schema set: its core schema plus its
//! extensions, and the attribute-path questions callers ask of it.

use super::{edit_distance, AttrType, AttributeDef, ResourceTypeDef, Schema};
use crate::error::Error;
use crate::scim::filter::Filter;
use crate::scim::path::AttrPath;
use serde_json::Value;

/// Core schema + extensions for one resource type (`User`, `Group`).
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceSchema<'a> {
    pub resource_type: &'a ResourceTypeDef,
    pub core: &'a Schema,
    /// Extension schemas with their `required` flag.
    pub extensions: Vec<(&'a Schema, bool)>,
}

impl<'a> ResourceSchema<'a> {
    pub(crate) fn new(
        resource_type: &'a ResourceTypeDef,
        core: &'a Schema,
        extensions: Vec<(&'a Schema, bool)>,
    ) -> Self {
        ResourceSchema {
            resource_type,
            core,
            extensions,
        }
    }

    /// The resource type's name (`User`).
    pub fn name(&self) -> &'a str {
        &self.resource_type.name
    }

    /// The schema an attribute URI names: the core schema for `None` or the
    /// core URN, else the matching extension.
    pub fn schema_for_uri(&self, uri: Option<&str>) -> Option<&'a Schema> {
        match uri {
            None => Some(self.core),
            Some(uri) if uri.eq_ignore_ascii_case(&self.core.id) => Some(self.core),
            Some(uri) => self.extension(uri),
        }
    }

    /// The extension schema with this URN, case-insensitive.
    pub fn extension(&self, urn: &str) -> Option<&'a Schema> {
        self.extensions
            .iter()
            .map(|(schema, _)| *schema)
            .find(|schema| schema.id.eq_ignore_ascii_case(urn))
    }

    /// True when `urn` is the core schema or one of the extensions.
    pub fn knows_schema(&self, urn: &str) -> bool {
        self.schema_for_uri(Some(urn)).is_some()
    }

    /// The definition of a path's top-level attribute (ignoring any sub-attribute).
    pub fn top_attribute(&self, path: &AttrPath) -> Option<&'a AttributeDef> {
        self.schema_for_uri(path.uri.as_deref())?
            .attribute(&path.attribute)
    }

    /// The definition the path ends at: the sub-attribute when there is one.
    pub fn attribute(&self, path: &AttrPath) -> Option<&'a AttributeDef> {
        let top = self.top_attribute(path)?;
        match &path.sub_attribute {
            Some(sub) => top.sub_attribute(sub),
            None => Some(top),
        }
    }

    /// Parses `path_text` and checks every name against the schema. Names
    /// come back in the schema's spelling; an unqualified name found only
    /// in one extension gets that extension's URN. Unknown names fail with
    /// the closest known one (`unknown attribute `titel`; did you mean `title`?`).
    pub fn resolve(&self, path_text: &str) -> Result<AttrPath, Error> {
        let mut path = AttrPath::parse(path_text)?;
        let column = |name: &str| {
            let offset = path_text.find(name).unwrap_or(0);
            format!("column {}", path_text[..offset].chars().count() + 1)
        };
        let schema = match path.uri.as_deref() {
            None => None,
            Some(uri) => {
                let full = format!("{uri}:{}", path.attribute);
                if self.knows_schema(&full) {
                    return Err(Error::new(
                        "schema.unknownAttribute",
                        "column 1",
                        format!("`{full}` is a schema, not an attribute; name one of its attributes, e.g. `{full}:{}`",
                            self.schema_for_uri(Some(&full)).and_then(|s| s.attributes.first()).map_or("…", |a| a.name.as_str())),
                    ));
                }
                Some(self.schema_for_uri(Some(uri)).ok_or_else(|| {
                    Error::new(
                        "schema.unknownAttribute",
                        "column 1",
                        format!(
                            "unknown schema `{uri}`; {} knows {}",
                            self.name(),
                            self.schema_ids().join(", ")
                        ),
                    )
                })?)
            }
        };
        let explicit = schema;
        let (schema, def) = match schema {
            Some(schema) => (schema, schema.attribute(&path.attribute)),
            None => match self.core.attribute(&path.attribute) {
                Some(def) => (self.core, Some(def)),
                None => self.unique_extension_attribute(&path.attribute),
            },
        };
        let Some(def) = def else {
            let message = match explicit {
                Some(schema) => {
                    let qualified = |name: &str| format!("{}:{name}", schema.id);
                    let candidates: Vec<String> = schema
                        .attributes
                        .iter()
                        .map(|a| qualified(&a.name))
                        .collect();
                    self.unknown_message(&qualified(&path.attribute), &candidates)
                }
                None => self.unknown_message(&path.attribute, &self.top_level_names()),
            };
            return Err(Error::new(
                "schema.unknownAttribute",
                column(&path.attribute),
                message,
            ));
        };
        if !std::ptr::eq(schema, self.core) || path.uri.is_some() {
            path.uri = Some(schema.id.clone());
        }
        path.attribute = def.name.clone();
        if let Some(filter) = path.filter.as_deref_mut() {
            if def.attr_type != AttrType::Complex && !def.multi_valued {
                return Err(Error::new(
                    "schema.invalidPath",
                    column("["),
                    format!(
                        "`{}` is neither multi-valued nor complex, so it cannot take a [filter]",
                        def.name
                    ),
                ));
            }
            canonicalize_filter(filter, def).map_err(|name| {
                Error::new(
                    "schema.unknownAttribute",
                    column(&name),
                    self.unknown_message(&name, &sub_names(def, "")),
                )
            })?;
        }
        if let Some(sub) = &path.sub_attribute {
            let Some(sub_def) = def.sub_attribute(sub) else {
                let prefix = format!("{}.", path.without_sub().to_string().trim_end_matches('.'));
                let message = if def.sub_attributes.is_empty() {
                    format!("`{}` has no sub-attributes", def.name)
                } else {
                    self.unknown_message(&format!("{prefix}{sub}"), &sub_names(def, &prefix))
                };
                return Err(Error::new("schema.unknownAttribute", column(sub), message));
            };
            path.sub_attribute = Some(sub_def.name.clone());
        }
        Ok(path)
    }

    /// The core URN plus each extension URN that one of `paths` uses: the
    /// `schemas` array of a resource carrying those attributes.
    pub fn schema_urns_for(&self, paths: &[AttrPath]) -> Vec<String> {
        let mut urns = vec![self.core.id.clone()];
        for (extension, _) in &self.extensions {
            let used = paths.iter().any(|p| {
                p.uri
                    .as_deref()
                    .is_some_and(|uri| uri.eq_ignore_ascii_case(&extension.id))
            });
            if used {
                urns.push(extension.id.clone());
            }
        }
        urns
    }

    /// The core URN plus each extension whose object a resource carries.
    pub fn schema_urns_of(&self, resource: &Value) -> Vec<String> {
        let mut urns = vec![self.core.id.clone()];
        if let Some(map) = resource.as_object() {
            for (extension, _) in &self.extensions {
                if map.keys().any(|k| k.eq_ignore_ascii_case(&extension.id)) {
                    urns.push(extension.id.clone());
                }
            }
        }
        urns
    }

    /// Every attribute path a mapping can target, for autocomplete:
    /// `name`, `name.formatted`, `emails`, `emails.value`,
    /// `emails[type eq "work"].value` (one per canonical type),
    /// `urn:…:User:department`. Read-only attributes are left out.
    pub fn attribute_paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        let schemas = std::iter::once(self.core).chain(self.extensions.iter().map(|(s, _)| *s));
        for schema in schemas {
            let prefix = if std::ptr::eq(schema, self.core) {
                String::new()
            } else {
                format!("{}:", schema.id)
            };
            for def in schema.attributes.iter().filter(|d| !d.is_read_only()) {
                let base = format!("{prefix}{}", def.name);
                out.push(base.clone());
                let subs: Vec<&AttributeDef> = def
                    .sub_attributes
                    .iter()
                    .filter(|s| !s.is_read_only())
                    .collect();
                for sub in &subs {
                    out.push(format!("{base}.{}", sub.name));
                }
                let types = def
                    .sub_attribute("type")
                    .map(|t| t.canonical_values.as_slice())
                    .unwrap_or_default();
                if def.multi_valued {
                    for kind in types {
                        let quoted = serde_json::Value::String(kind.clone()).to_string();
                        for sub in subs.iter().filter(|s| !s.name.eq_ignore_ascii_case("type")) {
                            out.push(format!("{base}[type eq {quoted}].{}", sub.name));
                        }
                    }
                }
            }
        }
        out
    }

    fn schema_ids(&self) -> Vec<String> {
        std::iter::once(self.core)
            .chain(self.extensions.iter().map(|(s, _)| *s))
            .map(|s| s.id.clone())
            .collect()
    }

    /// An unqualified name that only one extension defines.
    fn unique_extension_attribute(&self, name: &str) -> (&'a Schema, Option<&'a AttributeDef>) {
        let found: Vec<(&'a Schema, &'a AttributeDef)> = self
            .extensions
            .iter()
            .filter_map(|(schema, _)| schema.attribute(name).map(|def| (*schema, def)))
            .collect();
        match found.as_slice() {
            [(schema, def)] => (schema, Some(def)),
            _ => (self.core, None),
        }
    }

    fn top_level_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .core
            .attributes
            .iter()
            .map(|a| a.name.clone())
            .collect();
        for (extension, _) in &self.extensions {
            for attribute in &extension.attributes {
                names.push(attribute.name.clone());
                names.push(format!("{}:{}", extension.id, attribute.name));
            }
        }
        names
    }

    fn unknown_message(&self, name: &str, candidates: &[String]) -> String {
        let closest = candidates
            .iter()
            .min_by_key(|candidate| edit_distance(name, candidate));
        match closest {
            Some(closest) => format!("unknown attribute `{name}`; did you mean `{closest}`?"),
            None => format!("unknown attribute `{name}` in {}", self.name()),
        }
    }
}

fn sub_names(def: &AttributeDef, prefix: &str) -> Vec<String> {
    def.sub_attributes
        .iter()
        .map(|s| format!("{prefix}{}", s.name))
        .collect()
}

/// Rewrites the attribute names inside a value filter to the
/// sub-attribute spelling; returns the first unknown name.
fn canonicalize_filter(filter: &mut Filter, parent: &AttributeDef) -> Result<(), String> {
    let mut unknown = None;
    filter.visit_paths_mut(&mut |path: &mut AttrPath| {
        if unknown.is_some() {
            return;
        }
        match parent.sub_attribute(&path.attribute) {
            Some(def) => path.attribute = def.name.clone(),
            // Multi-valued simple attributes filter on their implicit `value`.
            None if parent.sub_attributes.is_empty()
                && path.attribute.eq_ignore_ascii_case("value") => {}
            None => unknown = Some(path.attribute.clone()),
        }
    });
    unknown.map_or(Ok(()), Err)
}
