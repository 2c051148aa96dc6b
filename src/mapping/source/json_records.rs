//! Reading a JSON source directory straight into [`Record`]s, without a
//! `serde_json` object per record in between: each attribute name is
//! interned as it is read (most are, without allocating: names repeat in
//! every record), and each record's members are gathered on one stack for
//! the whole file, then moved into the record's single block.
//!
//! The shape is only recorded here (`Other` for what is not an object or an
//! array where one is expected); the loader checks it once the whole text
//! has parsed, so a syntax error anywhere still wins, exactly as when the
//! text was parsed into a `Value` first. Values inside records, and ignored
//! top-level members, are parsed as `json::from_slice` parses them.

use super::record::{Name, Names, Record};
use crate::json::{push, with_len, Pending, SizedValue};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::fmt;

/// A directory document as read, before its shape is checked.
pub(crate) enum Document {
    Object {
        users: Option<Field>,
        groups: Option<Field>,
    },
    /// Not an object.
    Other(Value),
}

/// `users` or `groups` as read.
pub(crate) enum Field {
    Items(Vec<Item>),
    /// Not an array.
    Other(Value),
}

/// One element of `users` or `groups`.
pub(crate) enum Item {
    Record(Record),
    /// Not an object.
    Other(Value),
}

impl Document {
    /// The same from an already parsed value (the JS API's objects).
    pub(crate) fn of_value(value: Value) -> Document {
        let Value::Object(mut root) = value else {
            return Document::Other(value);
        };
        let mut names = Names::default();
        let users = root.remove("users").map(|v| Field::of_value(v, &mut names));
        let groups = root
            .remove("groups")
            .map(|v| Field::of_value(v, &mut names));
        Document::Object { users, groups }
    }
}

impl Field {
    fn of_value(value: Value, names: &mut Names) -> Field {
        match value {
            Value::Array(items) => Field::Items(
                (items.into_iter())
                    .map(|item| match item {
                        Value::Object(map) => Item::Record(names.from_map(map)),
                        other => Item::Other(other),
                    })
                    .collect(),
            ),
            other => Field::Other(other),
        }
    }
}

/// Parses a directory's JSON text (the same syntax errors as
/// `serde_json::from_slice`).
pub(crate) fn document(bytes: &[u8]) -> Result<Document, serde_json::Error> {
    let state = State::default();
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let document = DocumentSeed(&state).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(document)
}

/// What one parse shares: the value stacks, the names, the members of the
/// record being read.
#[derive(Default)]
struct State {
    values: Pending,
    names: RefCell<Names>,
    members: Cell<Vec<(Name, Value)>>,
}

impl State {
    fn value(&self) -> SizedValue<'_> {
        SizedValue::new(&self.values)
    }
}

/// The visits of a value that is not the expected container: built as a
/// `Value` (for the loader's message) and wrapped.
macro_rules! other_scalars {
    ($wrap:path) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            self.0.value().visit_bool(v).map($wrap)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            self.0.value().visit_i64(v).map($wrap)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            self.0.value().visit_u64(v).map($wrap)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            self.0.value().visit_f64(v).map($wrap)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            self.0.value().visit_str(v).map($wrap)
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            self.0.value().visit_string(v).map($wrap)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            self.0.value().visit_unit().map($wrap)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            self.0.value().visit_none().map($wrap)
        }
    };
}

#[derive(Clone, Copy)]
struct DocumentSeed<'s>(&'s State);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_> {
    type Value = Document;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Document, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_> {
    type Value = Document;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    other_scalars!(Document::Other);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Document, A::Error> {
        self.0.value().visit_seq(seq).map(Document::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Document, A::Error> {
        let (mut users, mut groups) = (None, None);
        // A repeated member keeps its last value, as in a `Value` object.
        while let Some(key) = access.next_key::<String>()? {
            match key.as_str() {
                "users" => users = Some(access.next_value_seed(FieldSeed(self.0))?),
                "groups" => groups = Some(access.next_value_seed(FieldSeed(self.0))?),
                // Ignored, but parsed as any value is (same errors).
                _ => drop(access.next_value_seed(self.0.value())?),
            }
        }
        Ok(Document::Object { users, groups })
    }
}

#[derive(Clone, Copy)]
struct FieldSeed<'s>(&'s State);

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Field;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Field, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed<'_> {
    type Value = Field;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    other_scalars!(Field::Other);

    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<Field, A::Error> {
        self.0.value().visit_map(access).map(Field::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ItemSeed(self.0))? {
            items.push(item);
        }
        Ok(Field::Items(items))
    }
}

#[derive(Clone, Copy)]
struct ItemSeed<'s>(&'s State);

impl<'de> DeserializeSeed<'de> for ItemSeed<'_> {
    type Value = Item;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Item, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemSeed<'_> {
    type Value = Item;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    other_scalars!(Item::Other);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Item, A::Error> {
        self.0.value().visit_seq(seq).map(Item::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Item, A::Error> {
        let stack = &self.0.members;
        let start = with_len(stack);
        while let Some(name) = access.next_key_seed(NameSeed(self.0))? {
            let value = access.next_value_seed(self.0.value())?;
            push(stack, (name, value));
        }
        let mut taken = stack.take();
        let start = start.min(taken.len());
        let record = Names::record_of(taken.drain(start..));
        stack.set(taken);
        Ok(Item::Record(record))
    }
}

/// A member name, interned as it is read.
#[derive(Clone, Copy)]
struct NameSeed<'s>(&'s State);

impl<'de> DeserializeSeed<'de> for NameSeed<'_> {
    type Value = Name;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Name, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed<'_> {
    type Value = Name;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Name, E> {
        Ok(self.0.names.borrow_mut().intern(name))
    }
}
