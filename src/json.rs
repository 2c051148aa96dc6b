//! JSON text into [`Value`] — every parse of the crate goes through here —
//! with every object allocated at its final size. `serde_json`'s own
//! `Value` grows each object's map one insert at a time (4 → 8 → 16
//! entries, rehashing the index each time); a directory or a target import
//! is 100,000 small objects, and in wasm those reallocations are a large
//! part of loading it. The result is identical to `serde_json::from_str`:
//! same values, same key order, a repeated key keeps its first position and
//! its last value, same errors.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};

/// Where a key was last found in an object. Objects of one collection (the
/// users of a directory or a resource set) almost always list their keys in
/// the same order, so the position that held `mail` in the last one usually
/// holds it in this one, and one comparison replaces a scan. Used by the
/// mapping engine's source lookups and the SCIM path selection alike.
/// (Atomic only so compiled mappings stay shareable between threads; every
/// access is relaxed, as cheap as a plain field.)
#[derive(Debug, Default)]
pub struct KeyHint(AtomicU32);

impl KeyHint {
    /// The position to try first.
    pub fn position(&self) -> usize {
        self.0.load(Ordering::Relaxed) as usize
    }

    /// Remembers where the key was found.
    pub fn found_at(&self, position: usize) {
        if let Ok(position) = u32::try_from(position) {
            self.0.store(position, Ordering::Relaxed);
        }
    }
}

impl Clone for KeyHint {
    fn clone(&self) -> Self {
        KeyHint(AtomicU32::new(self.0.load(Ordering::Relaxed)))
    }
}

/// `serde_json::from_str::<Value>` with objects allocated once.
pub fn from_str(text: &str) -> Result<Value, serde_json::Error> {
    from_slice(text.as_bytes())
}

/// `serde_json::from_slice::<Value>` with objects allocated once.
pub fn from_slice(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = SizedValue::new(&Pending::default()).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// A [`Value`] from any serde data format (the JS API's objects through
/// serde-wasm-bindgen), objects allocated once as for text.
pub fn from_deserializer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    SizedValue::new(&Pending::default()).deserialize(deserializer)
}

/// The members and elements read so far of every object and array still
/// open, one stack each for the whole parse: each object or array then
/// takes its own from the top, at its final size, instead of growing a
/// vector of its own (4, 8, 16 entries…) per object.
#[derive(Default)]
pub(crate) struct Pending {
    entries: Cell<Vec<(String, Value)>>,
    items: Cell<Vec<Value>>,
}

/// The seed (and visitor) building one [`Value`]; parsers of larger
/// documents (source directories) use it for the values inside them.
#[derive(Clone, Copy)]
pub(crate) struct SizedValue<'p> {
    pending: &'p Pending,
}

impl<'p> SizedValue<'p> {
    pub(crate) fn new(pending: &'p Pending) -> Self {
        SizedValue { pending }
    }
}

/// Pushes onto a stack kept in a `Cell` (taken out and put back: no
/// borrow is held while the parser reads the next value).
pub(crate) fn push<T>(stack: &Cell<Vec<T>>, item: T) {
    let mut taken = stack.take();
    taken.push(item);
    stack.set(taken);
}

impl<'de> DeserializeSeed<'de> for SizedValue<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SizedValue<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let stack = &self.pending.items;
        let start = with_len(stack);
        while let Some(item) = seq.next_element_seed(self)? {
            push(stack, item);
        }
        let mut taken = stack.take();
        let items: Vec<Value> = taken.drain(start.min(taken.len())..).collect();
        stack.set(taken);
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        // JSON gives no length up front: gather the entries, then size the map once.
        let stack = &self.pending.entries;
        let start = with_len(stack);
        while let Some(key) = access.next_key::<String>()? {
            let value = access.next_value_seed(self)?;
            push(stack, (key, value));
        }
        let mut taken = stack.take();
        let start = start.min(taken.len());
        let mut map = Map::with_capacity(taken.len() - start);
        for (key, value) in taken.drain(start..) {
            map.insert(key, value);
        }
        stack.set(taken);
        Ok(Value::Object(map))
    }
}

/// The length of a stack kept in a `Cell`.
pub(crate) fn with_len<T>(stack: &Cell<Vec<T>>) -> usize {
    let taken = stack.take();
    let len = taken.len();
    stack.set(taken);
    len
}

#[cfg(test)]
mod tests {
    use super::from_slice;
    use serde_json::Value;

    fn same_as_serde_json(text: &str) {
        let ours = from_slice(text.as_bytes()).map_err(|e| e.to_string());
        let theirs = serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "{text}");
        if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
            // Key order too (Value's == ignores it).
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
    }

    #[test]
    fn parses_exactly_like_serde_json() {
        for text in [
            r#"{"users": [{"id": "u1", "b": true, "n": null, "i": -3, "u": 18446744073709551615, "f": 1.5e3}]}"#,
            r#"{"z": 1, "a": {"y": [1, [2, {"x": "\u00e9\ud83d\ude00"}]], "b": {}}, "m": []}"#,
            r#"{"k": 1, "other": 2, "k": 3}"#,
            r#"  [ "a" , 1e400 ] "#,
            "\"just a string\"",
            "0",
        ] {
            same_as_serde_json(text);
        }
    }

    #[test]
    fn reports_the_same_errors_as_serde_json() {
        for text in [
            r#"{"users": [}"#,
            r#"{"a": 1,}"#,
            r#"{"a": 1} trailing"#,
            "",
            "{\"a\": \"\\x\"}",
            "[1, 2",
        ] {
            same_as_serde_json(text);
        }
    }
}

#[cfg(test)]
mod properties {
    use super::from_slice;
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e12f64..1e12).prop_map(Value::from),
            "[a-zA-Z0-9 é\"\\\\😀]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("[a-d]{1,2}", inner), 0..8)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
            ]
        })
    }

    proptest! {
        /// Whatever serde_json writes, we read back exactly as serde_json does.
        #[test]
        fn round_trips_like_serde_json(value in json(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value)
            } else {
                serde_json::to_string(&value)
            }
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let ours = from_slice(text.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let theirs: Value = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(ours.to_string(), theirs.to_string());
        }
    }
}
