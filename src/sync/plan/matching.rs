//! Finding the target object of a source object: by a known link, else by
//! the matching key, compared as SCIM compares the attribute
//! (case-insensitively unless the schema says `caseExact`).

use super::Desired;
use crate::fast_hash::{self, FastMap, FastSet};
use crate::mapping::engine::{CompiledMapping, IdMap};
use crate::scim::path::AttrPath;
use crate::scim::schema::ResourceSchema;
use serde_json::Value;
use std::borrow::Cow;

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
    values: FastMap<String, Holders>,
}

/// The target objects carrying one matching value: almost always one, so
/// no list is allocated per value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Holders {
    /// The first holder (lowest index).
    first: usize,
    /// The last holder, so an object carrying the value twice counts once.
    last: usize,
    /// How many distinct objects carry it.
    count: usize,
}

impl Holders {
    fn new(index: usize) -> Holders {
        Holders {
            first: index,
            last: index,
            count: 1,
        }
    }

    /// Adds a holder; indices arrive in increasing order.
    fn add(&mut self, index: usize) {
        if index != self.last {
            self.last = index;
            self.count += 1;
        }
    }
}

/// The target objects of one type, indexed for matching. Each object is
/// matched to at most one source object.
pub(crate) struct Matcher<'t, 'd> {
    resources: &'t [Value],
    by_id: FastMap<&'t str, usize>,
    keys: Vec<KeyIndex>,
    /// By target index: the source id it was matched to.
    claimed: Vec<Option<&'d str>>,
}

impl<'t, 'd> Matcher<'t, 'd> {
    pub fn new(
        resources: &'t [Value],
        compiled: &CompiledMapping,
        schema: Option<&ResourceSchema>,
    ) -> Self {
        let mut by_id = fast_hash::map_with_capacity(resources.len());
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
            claimed: vec![None; resources.len()],
        }
    }

    pub fn resource(&self, index: usize) -> Option<&'t Value> {
        self.resources.get(index)
    }

    /// Finds (and claims) the target object of `desired`.
    pub fn find(&mut self, desired: &'d Desired, links: &IdMap) -> Found {
        let linked = links
            .get(&desired.source_id)
            .and_then(|id| self.by_id.get(id.as_str()).copied());
        let (index, by_link) = match linked {
            Some(index) => (index, true),
            None => {
                let Some(key) = &desired.create.matching else {
                    return Found::None;
                };
                match self.candidates(&key.attribute, &key.value) {
                    None => return Found::None,
                    Some(Holders {
                        first, count: 1, ..
                    }) => (first, false),
                    Some(more) => return Found::Ambiguous(more.count),
                }
            }
        };
        match self.claimed.get_mut(index) {
            Some(Some(owner)) => {
                return Found::Claimed {
                    index,
                    by: owner.to_string(),
                }
            }
            Some(slot) => *slot = Some(desired.source_id.as_str()),
            None => {}
        }
        Found::One { index, by_link }
    }

    fn candidates(&self, attribute: &str, value: &str) -> Option<Holders> {
        let key = self
            .keys
            .iter()
            .find(|k| k.attribute.eq_ignore_ascii_case(attribute))?;
        key.values
            .get(normalize(value, key.case_exact).as_ref())
            .copied()
    }

    /// Target objects no source object matched, with their index.
    pub fn unclaimed(&self) -> impl Iterator<Item = (usize, &'t Value)> + '_ {
        self.resources
            .iter()
            .enumerate()
            .filter(|(index, _)| self.claimed.get(*index).is_some_and(Option::is_none))
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
    let mut values: FastMap<String, Holders> = fast_hash::map_with_capacity(resources.len());
    for (index, resource) in resources.iter().enumerate() {
        for value in path.get(resource) {
            let text = match value {
                Value::String(text) => normalize(text, case_exact).into_owned(),
                Value::Number(_) | Value::Bool(_) => {
                    normalize(&value.to_string(), case_exact).into_owned()
                }
                _ => continue,
            };
            values
                .entry(text)
                .and_modify(|holders| holders.add(index))
                .or_insert_with(|| Holders::new(index));
        }
    }
    KeyIndex {
        attribute: attribute.to_string(),
        case_exact,
        values,
    }
}

/// The text as the index stores it: lowercased unless `caseExact`
/// (borrowed when that changes nothing).
fn normalize(text: &str, case_exact: bool) -> Cow<'_, str> {
    let unchanged =
        case_exact || (text.is_ascii() && !text.bytes().any(|byte| byte.is_ascii_uppercase()));
    if unchanged {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// Target id → source id for each link whose source record is gone from the
/// directory: the target objects an earlier run linked that this run may
/// deprovision (both phases ask this of their unclaimed target objects).
pub(super) fn orphaned_links<'l>(
    records: &[Desired],
    links: &'l IdMap,
) -> FastMap<&'l str, &'l str> {
    let present: FastSet<&str> = records.iter().map(|d| d.source_id.as_str()).collect();
    links
        .iter()
        .filter(|(source, _)| !present.contains(source.as_str()))
        .map(|(source, target)| (target.as_str(), source.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{normalize, Holders};
    use std::borrow::Cow;

    #[test]
    fn holders_count_distinct_objects() {
        let mut holders = Holders::new(3);
        holders.add(3); // the same object carries the value twice
        assert_eq!(holders.count, 1);
        holders.add(7);
        holders.add(7);
        holders.add(9);
        assert_eq!((holders.first, holders.last, holders.count), (3, 9, 3));
    }

    #[test]
    fn normalize_lowercases_unless_case_exact_and_borrows_when_it_can() {
        assert!(matches!(
            normalize("ann@example.com", false),
            Cow::Borrowed(_)
        ));
        assert_eq!(normalize("Ann@Example.com", false), "ann@example.com");
        assert_eq!(normalize("ÄNNE@example.com", false), "änne@example.com");
        assert_eq!(normalize("Ann", true), "Ann");
    }
}
