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
use crate::mapping::config::describe::kind;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::fmt;

/// A directory document, or a part of one, as read, before its shape is
/// checked. One type for every level, so the parser is instantiated once.
pub(crate) enum Parsed {
    /// The top-level object's `users` and `groups`.
    Document {
        users: Option<Box<Parsed>>,
        groups: Option<Box<Parsed>>,
    },
    /// The elements of `users` or `groups`.
    Items(Vec<Parsed>),
    /// An object element of `users` or `groups`.
    Record(Record),
    /// Anything else, where a document, a list or a record was expected.
    Other(Value),
}

impl Parsed {
    /// What was read, as messages name a JSON value (`an object`, `a string`).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Parsed::Other(value) => kind(value),
            Parsed::Items(_) => "an array",
            Parsed::Document { .. } | Parsed::Record(_) => "an object",
        }
    }

    /// The same from an already parsed value (the JS API's objects).
    pub(crate) fn of_value(value: Value) -> Parsed {
        let Value::Object(mut root) = value else {
            return Parsed::Other(value);
        };
        let mut names = Names::default();
        let mut field = |value: Value| {
            Box::new(match value {
                Value::Array(items) => Parsed::Items(
                    (items.into_iter())
                        .map(|item| match item {
                            Value::Object(map) => Parsed::Record(names.from_map(map)),
                            other => Parsed::Other(other),
                        })
                        .collect(),
                ),
                other => Parsed::Other(other),
            })
        };
        let users = root.remove("users").map(&mut field);
        let groups = root.remove("groups").map(&mut field);
        Parsed::Document { users, groups }
    }
}

/// Parses a directory's JSON text (the same syntax errors as
/// `serde_json::from_slice`).
pub(crate) fn document(bytes: &[u8]) -> Result<Parsed, serde_json::Error> {
    let state = State::default();
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let seed = Seed {
        state: &state,
        level: Level::Document,
    };
    let document = seed.deserialize(&mut deserializer)?;
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

/// What is being read.
#[derive(Clone, Copy, PartialEq)]
enum Level {
    Document,
    Items,
    Record,
}

/// The seed (and visitor) for every level of a directory document.
#[derive(Clone, Copy)]
struct Seed<'s> {
    state: &'s State,
    level: Level,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Parsed;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Parsed, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Parsed;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    // Scalars are never what a level expects: kept as values for the
    // loader's message.
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Parsed, E> {
        self.state.value().visit_bool(v).map(Parsed::Other)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Parsed, E> {
        self.state.value().visit_i64(v).map(Parsed::Other)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Parsed, E> {
        self.state.value().visit_u64(v).map(Parsed::Other)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Parsed, E> {
        self.state.value().visit_f64(v).map(Parsed::Other)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Parsed, E> {
        self.state.value().visit_str(v).map(Parsed::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Parsed, E> {
        Ok(Parsed::Other(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed, A::Error> {
        if self.level != Level::Items {
            return self.state.value().visit_seq(seq).map(Parsed::Other);
        }
        let element = Seed {
            state: self.state,
            level: Level::Record,
        };
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(element)? {
            items.push(item);
        }
        Ok(Parsed::Items(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Parsed, A::Error> {
        match self.level {
            Level::Items => self.state.value().visit_map(access).map(Parsed::Other),
            Level::Document => {
                let field = Seed {
                    state: self.state,
                    level: Level::Items,
                };
                let (mut users, mut groups) = (None, None);
                // A repeated member keeps its last value, as in a `Value` object.
                while let Some(key) = access.next_key::<String>()? {
                    match key.as_str() {
                        "users" => users = Some(Box::new(access.next_value_seed(field)?)),
                        "groups" => groups = Some(Box::new(access.next_value_seed(field)?)),
                        // Ignored, but parsed as any value is (same errors).
                        _ => drop(access.next_value_seed(self.state.value())?),
                    }
                }
                Ok(Parsed::Document { users, groups })
            }
            Level::Record => {
                let stack = &self.state.members;
                let start = with_len(stack);
                let mut position = 0;
                while let Some(name) = access.next_key_seed(NameSeed(self.state, position))? {
                    position += 1;
                    let value = access.next_value_seed(self.state.value())?;
                    push(stack, (name, value));
                }
                let mut taken = stack.take();
                let start = start.min(taken.len());
                let record = self
                    .state
                    .names
                    .borrow_mut()
                    .record_of(taken.drain(start..));
                stack.set(taken);
                Ok(Parsed::Record(record))
            }
        }
    }
}

/// A member name at its position in the record, interned as it is read.
#[derive(Clone, Copy)]
struct NameSeed<'s>(&'s State, usize);

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
        Ok(self.0.names.borrow_mut().intern_at(self.1, name))
    }
}
