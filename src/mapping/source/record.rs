//! One source record in a compact form: its top-level attributes in file
//! order, each name shared by every record of the directory.
//!
//! Why not a `serde_json` object: a directory is 100,000 small objects that
//! all use the same twenty names. As `Value`s, every record owned a copy of
//! every name and a SipHash index, which was most of the allocations (and
//! so most of the time and memory) of loading a directory, in wasm above
//! all. Here a record is one block of (name, value) pairs; names are
//! interned once per load ([`Names`]) and compared by content, which for
//! the short names of a directory is as fast as a hash lookup. Values stay
//! `Value`s: nested objects (`manager: {id}`) and arrays are rare and kept
//! as they were.

use crate::fast_hash::{self, FastMap};
use crate::json::KeyHint;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};
use std::sync::Arc;

/// An attribute name, shared between the records that use it.
pub type Name = Arc<str>;

/// A source user or group: its top-level attributes in the order they came
/// (a repeated name keeps its first position and its last value, as in a
/// JSON object). Equality is by names and values in order.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Record {
    entries: Box<[(Name, Value)]>,
}

/// Records up to this many attributes are searched by scanning, and built
/// without a hash set for repeated names.
const SCAN_LIMIT: usize = 32;

impl Record {
    /// The top-level attribute `name` (exact, case-sensitive).
    pub fn get(&self, name: &str) -> Option<&Value> {
        let last = name.as_bytes().last();
        self.entries
            .iter()
            .find(|(key, _)| {
                // Length and last byte first: most names differ there.
                key.len() == name.len() && key.as_bytes().last() == last && **key == *name
            })
            .map(|(_, value)| value)
    }

    /// [`Record::get`], trying the name's position in the previous record
    /// first (records of a directory list their names in the same order).
    pub fn get_hinted(&self, name: &str, hint: &KeyHint) -> Option<&Value> {
        let guess = hint.position();
        if let Some((key, value)) = self.entries.get(guess) {
            if **key == *name {
                return Some(value);
            }
        }
        let position = self.entries.iter().position(|(key, _)| **key == *name)?;
        hint.found_at(position);
        self.entries.get(position).map(|(_, value)| value)
    }

    /// The record's `id`, when it is a string.
    pub fn id(&self) -> Option<&str> {
        self.get("id").and_then(Value::as_str)
    }

    /// The attributes in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(key, value)| (&**key, value))
    }

    /// The attribute names in order.
    pub fn names(&self) -> impl ExactSizeIterator<Item = &str> {
        self.entries.iter().map(|(key, _)| &**key)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The record of a JSON object (names not shared with other records:
    /// for one record at a time, such as the CLI's `eval`); `None` for
    /// anything but an object.
    pub fn from_object(value: Value) -> Option<Record> {
        match value {
            Value::Object(map) => Some(Names::default().from_map(map)),
            _ => None,
        }
    }

    /// The record as a JSON object, in order (for showing it, and for the
    /// few consumers that work on JSON, such as SCIM filters).
    pub fn to_value(&self) -> Value {
        let mut map = Map::with_capacity(self.entries.len());
        for (key, value) in self.entries.iter() {
            map.insert(key.to_string(), value.clone());
        }
        Value::Object(map)
    }
}

/// `record["name"]`, as for a JSON object: `null` when absent.
impl std::ops::Index<&str> for Record {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(name).unwrap_or(&NULL)
    }
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The record as JSON text, as `Value`'s `Display` writes an object.
impl std::fmt::Display for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = serde_json::to_string(self).map_err(|_| std::fmt::Error)?;
        f.write_str(&text)
    }
}

/// Serialized as the JSON object it was read from.
impl Serialize for Record {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, value) in self.iter() {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// The names of one directory, each stored once: what [`Record`]s are
/// built with.
#[derive(Default)]
pub struct Names {
    known: FastMap<Name, ()>,
}

impl Names {
    /// The shared copy of `name`.
    pub fn intern(&mut self, name: &str) -> Name {
        if let Some((known, _)) = self.known.get_key_value(name) {
            return Arc::clone(known);
        }
        let shared: Name = Arc::from(name);
        self.known.insert(Arc::clone(&shared), ());
        shared
    }

    /// A record of these (name, value) pairs, in order; a repeated name
    /// keeps its first position and its last value.
    pub fn record<K: AsRef<str>>(&mut self, pairs: impl IntoIterator<Item = (K, Value)>) -> Record {
        let interned: Vec<(Name, Value)> = (pairs.into_iter())
            .map(|(key, value)| (self.intern(key.as_ref()), value))
            .collect();
        Names::record_of(interned)
    }

    /// [`Names::record`] of names already interned here (so equal names
    /// are the same pointer).
    pub(crate) fn record_of(pairs: impl IntoIterator<Item = (Name, Value)>) -> Record {
        let pairs = pairs.into_iter();
        let mut entries: Vec<(Name, Value)> = Vec::with_capacity(pairs.size_hint().0);
        // Positions by name, only for large (possibly hostile) objects, so
        // repeated names cost no quadratic scan.
        let mut positions: Option<FastMap<Name, usize>> = None;
        for (name, value) in pairs {
            if entries.len() == SCAN_LIMIT && positions.is_none() {
                let mut map = fast_hash::map_with_capacity(SCAN_LIMIT * 2);
                for (position, (known, _)) in entries.iter().enumerate() {
                    map.insert(Arc::clone(known), position);
                }
                positions = Some(map);
            }
            let earlier = match &positions {
                Some(map) => map.get(&name).copied(),
                None => entries
                    .iter()
                    .position(|(known, _)| Arc::ptr_eq(known, &name)),
            };
            match earlier.and_then(|position| entries.get_mut(position)) {
                Some((_, slot)) => *slot = value,
                None => {
                    if let Some(map) = &mut positions {
                        map.insert(Arc::clone(&name), entries.len());
                    }
                    entries.push((name, value));
                }
            }
        }
        Record {
            entries: entries.into_boxed_slice(),
        }
    }

    /// The record of a JSON object's members.
    pub fn from_map(&mut self, map: Map<String, Value>) -> Record {
        self.record(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(value: Value) -> Record {
        Record::from_object(value).unwrap_or_default()
    }

    #[test]
    fn reads_like_the_object_it_came_from() {
        let value = json!({"id": "u1", "mail": "a@x.com", "manager": {"id": "m1"}, "n": 3});
        let record = record(value.clone());
        assert_eq!(record.to_value(), value);
        assert_eq!(record.to_string(), value.to_string());
        assert_eq!(
            serde_json::to_string(&record).ok(),
            serde_json::to_string(&value).ok()
        );
        assert_eq!(record.id(), Some("u1"));
        assert_eq!(record.get("mail"), Some(&json!("a@x.com")));
        assert_eq!(record.get("Mail"), None);
        assert_eq!(record["mail"], "a@x.com");
        assert_eq!(record["missing"], Value::Null);
        assert_eq!(
            record.names().collect::<Vec<_>>(),
            ["id", "mail", "manager", "n"]
        );
        if let Value::Object(map) = &value {
            assert_eq!(format!("{record:?}"), format!("{map:?}"));
        }
    }

    #[test]
    fn hinted_reads_answer_as_plain_reads_whatever_the_order() {
        let records = [
            record(json!({"id": "u1", "mail": "a", "x": 1})),
            record(json!({"mail": "b", "id": "u2"})),
            record(json!({"x": 2})),
            record(json!({})),
        ];
        for name in ["id", "mail", "x", "missing"] {
            let hint = KeyHint::default();
            for record in records.iter().chain(records.iter().rev()) {
                assert_eq!(record.get_hinted(name, &hint), record.get(name), "{name}");
            }
        }
    }

    #[test]
    fn names_are_shared_between_records() {
        let mut names = Names::default();
        let a = names.record([("id", json!("u1")), ("mail", json!("a"))]);
        let b = names.record([("mail", json!("b")), ("id", json!("u2"))]);
        let (Some((a_id, _)), Some((b_id, _))) = (a.entries.first(), b.entries.get(1)) else {
            panic!("two entries each");
        };
        assert!(Arc::ptr_eq(a_id, b_id));
    }

    #[test]
    fn a_repeated_name_keeps_its_first_place_and_its_last_value_small_or_large() {
        let mut names = Names::default();
        let small = names.record([("a", json!(1)), ("b", json!(2)), ("a", json!(3))]);
        assert_eq!(small.to_value().to_string(), r#"{"a":3,"b":2}"#);
        // Past the scan limit, repeated names go through a hash map.
        let many: Vec<(String, Value)> = (0..100)
            .map(|i| (format!("k{}", i % 40), json!(i)))
            .collect();
        let large = names.record(many.clone());
        let mut expected = Map::new();
        for (key, value) in many {
            expected.insert(key, value);
        }
        assert_eq!(large.to_value(), Value::Object(expected.clone()));
        assert_eq!(
            large.names().collect::<Vec<_>>(),
            expected.keys().map(String::as_str).collect::<Vec<_>>()
        );
    }
}
