//! Finding the target object of a source object: by a known link, else by
//! the matching key, compared as SCIM compares the attribute
//! (case-insensitively unless the schema says `caseExact`).

use super::Desired;
use crate::mapping::engine::{CompiledMapping, IdMap};
use crate::scim::path::AttrPath;
use crate::scim::schema::ResourceSchema;
use serde_json::Value;
use std::collections::HashMap;

/// How a source object relates to the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// No target object: neither linked nor matching.
    None,
    /// Exactly one; `by_link` when a known link named it.
    One { index: usize, by_link: bool },
    /// Several target objects carry the matching value: linking one at
    /// random could merge two people's accounts.
    Ambiguous(usize),
    /// The one match already belongs to an earlier source object.
    Claimed { index: usize, by: String },
}

/// One matching attribute's values across the target objects.
struct KeyIndex {
    /// Canonical path text, as [`crate::mapping::engine::MatchKey`] names it.
    attribute: String,
    case_exact: bool,
    values: HashMap<String, Vec<usize>>,
}

/// The target objects of one type, indexed for matching. Each object is
/// matched to at most one source object.
pub(crate) struct Matcher<'t> {
    resources: &'t [Value],
    by_id: HashMap<&'t str, usize>,
    keys: Vec<KeyIndex>,
    /// Target index → the source id it was matched to.
    claimed: HashMap<usize, String>,
}

impl<'t> Matcher<'t> {
    pub fn new(
        resources: &'t [Value],
        compiled: &CompiledMapping,
        schema: Option<&ResourceSchema>,
    ) -> Self {
        let mut by_id = HashMap::new();
        for (index, resource) in resources.iter().enumerate() {
            if let Some(id) = target_id(resource) {
                by_id.entry(id).or_insert(index);
            }
        }
        let keys = compiled
            .matching_rules()
            .filter_map(|rule| {
                let path = rule.path.as_ref()?;
                Some(index_key(resources, &rule.path_text, path, schema))
            })
            .collect();
        Matcher {
            resources,
            by_id,
            keys,
            claimed: HashMap::new(),
        }
    }

    pub fn resource(&self, index: usize) -> Option<&'t Value> {
        self.resources.get(index)
    }

    /// Finds (and claims) the target object of `desired`.
    pub fn find(&mut self, desired: &Desired, links: &IdMap) -> Found {
        let linked = links
            .get(&desired.source_id)
            .and_then(|id| self.by_id.get(id.as_str()).copied());
        let (index, by_link) = match linked {
            Some(index) => (index, true),
            None => {
                let Some(key) = &desired.create.matching else {
                    return Found::None;
                };
                let candidates = self.candidates(&key.attribute, &key.value);
                match candidates.as_slice() {
                    [] => return Found::None,
                    [one] => (*one, false),
                    more => return Found::Ambiguous(more.len()),
                }
            }
        };
        if let Some(owner) = self.claimed.get(&index) {
            return Found::Claimed {
                index,
                by: owner.clone(),
            };
        }
        self.claimed.insert(index, desired.source_id.clone());
        Found::One { index, by_link }
    }

    fn candidates(&self, attribute: &str, value: &str) -> Vec<usize> {
        let Some(key) = self
            .keys
            .iter()
            .find(|k| k.attribute.eq_ignore_ascii_case(attribute))
        else {
            return Vec::new();
        };
        let normalized = normalize(value, key.case_exact);
        let mut found = key.values.get(&normalized).cloned().unwrap_or_default();
        found.dedup();
        found
    }

    /// Target objects no source object matched, with their index.
    pub fn unclaimed(&self) -> impl Iterator<Item = (usize, &'t Value)> + '_ {
        self.resources
            .iter()
            .enumerate()
            .filter(|(index, _)| !self.claimed.contains_key(index))
    }
}

/// A target resource's `id`.
pub(crate) fn target_id(resource: &Value) -> Option<&str> {
    resource.get("id").and_then(Value::as_str)
}

fn index_key(
    resources: &[Value],
    attribute: &str,
    path: &AttrPath,
    schema: Option<&ResourceSchema>,
) -> KeyIndex {
    let case_exact = schema
        .and_then(|s| s.attribute(path))
        .is_some_and(|def| def.case_exact);
    let mut values: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, resource) in resources.iter().enumerate() {
        for value in path.get(resource) {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Number(_) | Value::Bool(_) => value.to_string(),
                _ => continue,
            };
            values
                .entry(normalize(&text, case_exact))
                .or_default()
                .push(index);
        }
    }
    KeyIndex {
        attribute: attribute.to_string(),
        case_exact,
        values,
    }
}

fn normalize(text: &str, case_exact: bool) -> String {
    if case_exact {
        text.to_string()
    } else {
        text.to_lowercase()
    }
}

/// Target id → source id for each link whose source record is gone from the
/// directory: the target objects an earlier run linked that this run may
/// deprovision (both phases ask this of their unclaimed target objects).
pub(super) fn orphaned_links<'l>(
    records: &[Desired],
    links: &'l IdMap,
) -> HashMap<&'l str, &'l str> {
    let present: std::collections::HashSet<&str> =
        records.iter().map(|d| d.source_id.as_str()).collect();
    links
        .iter()
        .filter(|(source, _)| !present.contains(source.as_str()))
        .map(|(source, target)| (target.as_str(), source.as_str()))
        .collect()
}
