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

use crate::fast_hash::FastMap;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// An attribute name, shared between the records that use it.
pub type Name = Arc<str>;

/// A source user or group: its top-level attributes in the order they came
/// (a repeated name keeps its first position and its last value, as in a
/// JSON object). Equality is by names and values in order.
#[derive(Clone, Default)]
pub struct Record {
    /// The record's names in order, as a number shared by the records that
    /// have the same names in the same order (see [`NameHint`]); 0: none.
    shape: u64,
    entries: Box<[(Name, Value)]>,
}

impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        self.entries == other.entries
    }
}

impl Eq for Record {}

/// Shape numbers, unique in the process (so a hint left by one directory
/// never answers for another's records).
static NEXT_SHAPE: AtomicU64 = AtomicU64::new(1);

/// Shapes from here on are not hinted (the number would not fit beside a
/// position); 2^48 shapes is more than any process reads.
const SHAPE_LIMIT: u64 = 1 << 48;

/// A hint's position meaning "the name is absent from this shape".
const ABSENT: u64 = 0xFFFF;

/// Where a name is in records of the last shape it was looked up in:
/// records of one directory almost always share their shape, so a lookup
/// is a comparison of two numbers, with no name compared, whether the name
/// is there or absent. (Atomic only so compiled mappings stay shareable
/// between threads; every access is relaxed.)
#[derive(Debug, Default)]
pub struct NameHint(AtomicU64);

impl Clone for NameHint {
    fn clone(&self) -> Self {
        NameHint(AtomicU64::new(self.0.load(Ordering::Relaxed)))
    }
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
                key.len() == name.len() && key.as_bytes().last() == last && same_text(key, name)
            })
            .map(|(_, value)| value)
    }

    /// [`Record::get`], answered by `hint` when it was left by a record of
    /// the same shape (the same names in the same order).
    pub fn get_hinted(&self, name: &str, hint: &NameHint) -> Option<&Value> {
        let known = hint.0.load(Ordering::Relaxed);
        if self.shape != 0 && known >> 16 == self.shape {
            return match known & ABSENT {
                ABSENT => None,
                position => self.entries.get(position as usize).map(|(_, value)| value),
            };
        }
        let position = self
            .entries
            .iter()
            .position(|(key, _)| same_text(key, name));
        let slot = position.map_or(Some(ABSENT), |at| {
            u64::try_from(at).ok().filter(|&at| at < ABSENT)
        });
        if let (true, Some(slot)) = (self.shape != 0 && self.shape < SHAPE_LIMIT, slot) {
            hint.0.store(self.shape << 16 | slot, Ordering::Relaxed);
        }
        position
            .and_then(|at| self.entries.get(at))
            .map(|(_, value)| value)
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

/// `a == b`, a word at a time: names are short, and wasm's `memcmp`
/// (which `==` calls) compares byte by byte.
#[inline]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (mut a_words, mut b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    for (x, y) in (&mut a_words).zip(&mut b_words) {
        match (<[u8; 8]>::try_from(x), <[u8; 8]>::try_from(y)) {
            (Ok(x), Ok(y)) if u64::from_ne_bytes(x) == u64::from_ne_bytes(y) => {}
            _ => return false,
        }
    }
    // Not `==` on the slices: that is the `memcmp` call again.
    (a_words.remainder().iter())
        .zip(b_words.remainder())
        .all(|(x, y)| x == y)
}

/// The names of one directory, each stored once: what [`Record`]s are
/// built with.
#[derive(Default)]
pub struct Names {
    /// Each name, with its number (in the order first seen).
    known: FastMap<Name, usize>,
    /// By name number: where a large record being built has that name
    /// (`usize::MAX`: not yet).
    positions: Vec<usize>,
    /// The names of the last record read, by position: the next record
    /// almost always has the same name there, found without hashing.
    last_record: Vec<Name>,
    /// The names of the last record built, and its shape.
    last_shape: (Vec<Name>, u64),
}

impl Names {
    /// The shared copy of `name`.
    pub fn intern(&mut self, name: &str) -> Name {
        self.numbered(name).0
    }

    /// [`Names::intern`] of the name at `position` in a record being read.
    pub(crate) fn intern_at(&mut self, position: usize, name: &str) -> Name {
        if let Some(last) = self.last_record.get(position) {
            if same_text(last, name) {
                return Arc::clone(last);
            }
        }
        let shared = self.intern(name);
        let known = self.last_record.len();
        match self.last_record.get_mut(position) {
            Some(slot) => *slot = Arc::clone(&shared),
            None if position == known && position < SCAN_LIMIT => {
                self.last_record.push(Arc::clone(&shared));
            }
            None => {}
        }
        shared
    }

    fn numbered(&mut self, name: &str) -> (Name, usize) {
        if let Some((known, &number)) = self.known.get_key_value(name) {
            return (Arc::clone(known), number);
        }
        let shared: Name = Arc::from(name);
        let number = self.known.len();
        self.known.insert(Arc::clone(&shared), number);
        (shared, number)
    }

    /// A record of these (name, value) pairs, in order; a repeated name
    /// keeps its first position and its last value.
    pub fn record<K: AsRef<str>>(&mut self, pairs: impl IntoIterator<Item = (K, Value)>) -> Record {
        let interned: Vec<(Name, Value)> = (pairs.into_iter())
            .map(|(key, value)| (self.intern(key.as_ref()), value))
            .collect();
        self.record_of(interned)
    }

    /// [`Names::record`] of names already interned here (so equal names
    /// are the same pointer).
    pub(crate) fn record_of(&mut self, pairs: impl IntoIterator<Item = (Name, Value)>) -> Record {
        let mut entries: Vec<(Name, Value)> = pairs.into_iter().collect();
        if entries.len() <= SCAN_LIMIT {
            // Small (every real record): repeated names by scanning.
            let mut position = 0;
            while position < entries.len() {
                let earlier = (entries.get(..position)).and_then(|before| {
                    before.iter().position(|(known, _)| {
                        entries
                            .get(position)
                            .is_some_and(|(name, _)| Arc::ptr_eq(known, name))
                    })
                });
                match earlier {
                    Some(first) => {
                        let (_, value) = entries.remove(position);
                        if let Some((_, slot)) = entries.get_mut(first) {
                            *slot = value;
                        }
                    }
                    None => position += 1,
                }
            }
        } else {
            entries = self.deduplicated(entries);
        }
        Record {
            shape: self.shape_of(&entries),
            entries: entries.into_boxed_slice(),
        }
    }

    /// The shape of a record with these entries: the last record's when
    /// the names are the same (compared as pointers: they are interned).
    fn shape_of(&mut self, entries: &[(Name, Value)]) -> u64 {
        let (names, shape) = &mut self.last_shape;
        let same = *shape != 0
            && names.len() == entries.len()
            && (names.iter().zip(entries)).all(|(known, (name, _))| Arc::ptr_eq(known, name));
        if !same {
            names.clear();
            names.extend(entries.iter().map(|(name, _)| Arc::clone(name)));
            *shape = NEXT_SHAPE.fetch_add(1, Ordering::Relaxed);
        }
        *shape
    }

    /// Large (possibly hostile) objects: repeated names through each
    /// name's number, so they cost no quadratic scan.
    fn deduplicated(&mut self, entries: Vec<(Name, Value)>) -> Vec<(Name, Value)> {
        let mut kept: Vec<(Name, Value)> = Vec::with_capacity(entries.len());
        let mut numbers = Vec::with_capacity(entries.len());
        for (name, value) in entries {
            let (name, number) = self.numbered(&name);
            if self.positions.len() <= number {
                self.positions.resize(number + 1, usize::MAX);
            }
            match self.positions.get(number).copied() {
                Some(first) if first != usize::MAX => {
                    if let Some((_, slot)) = kept.get_mut(first) {
                        *slot = value;
                    }
                }
                _ => {
                    if let Some(slot) = self.positions.get_mut(number) {
                        *slot = kept.len();
                    }
                    numbers.push(number);
                    kept.push((name, value));
                }
            }
        }
        for number in numbers {
            if let Some(slot) = self.positions.get_mut(number) {
                *slot = usize::MAX;
            }
        }
        kept
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
            let hint = NameHint::default();
            for record in records.iter().chain(records.iter().rev()) {
                assert_eq!(record.get_hinted(name, &hint), record.get(name), "{name}");
            }
        }
    }

    #[test]
    fn texts_compare_a_word_at_a_time_as_equal_texts() {
        let texts = [
            "",
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh12345678",
            "abcdefgh12345679",
            "é",
            "e\u{301}",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn hints_answer_as_plain_reads_across_shapes_and_directories() {
        let mut first = Names::default();
        let mut second = Names::default();
        let records = [
            first.record([("id", json!("u1")), ("mail", json!("a"))]),
            first.record([("id", json!("u2")), ("mail", json!("b"))]),
            first.record([("mail", json!("c")), ("id", json!("u3"))]),
            first.record([("id", json!("u4"))]),
            first.record([("id", json!("u5")), ("mail", json!("e"))]),
            // Another directory, built in the same order: its own shapes.
            second.record([("mail", json!("f")), ("id", json!("u6"))]),
            second.record([("id", json!("u7")), ("x", json!(1))]),
            Record::default(),
        ];
        assert_eq!(records[0].shape, records[1].shape);
        assert_ne!(records[1].shape, records[2].shape);
        assert_ne!(records[2].shape, records[5].shape);
        for name in ["id", "mail", "x", "missing"] {
            let hint = NameHint::default();
            for record in records.iter().chain(records.iter().rev()).chain(&records) {
                assert_eq!(
                    record.get_hinted(name, &hint),
                    record.get(name),
                    "{name} in {record:?}"
                );
            }
        }
    }

    #[test]
    fn equal_records_are_equal_whatever_their_shape_number() {
        let a = record(json!({"id": "u1"}));
        let b = record(json!({"id": "u1"}));
        assert_ne!(a.shape, b.shape);
        assert_eq!(a, b);
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
