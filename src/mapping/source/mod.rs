//! The admin's source directory (contract §2): users and groups as JSON
//! records, loaded from JSON or CSV.
//!
//! Loading checks only what every later step relies on: each record is an
//! object with a unique, non-empty string `id`. Attribute values are kept as
//! given; in particular CSV cells stay strings (`true` is the text "true",
//! `42` the text "42"), because a CSV file carries no types. Operators that
//! need a boolean or a number (`IS TRUE`, `GREATER_THAN`) accept such text.

mod from_csv;
mod from_json;
mod json_records;
mod record;
#[cfg(test)]
mod tests;

use crate::error::Error;
pub use record::NameHint;
use serde_json::Value;

pub use from_csv::{load_csv, load_csv_bytes};
pub use from_json::{from_value, load_json};
pub use record::{Name, Names, Record};

/// The users and groups of a source directory. Every record is a JSON
/// object with a unique non-empty string `id` (guaranteed by the loaders).
///
/// `Eq` matters beyond correctness: the app holds the directory in an
/// `Rc`, and `Rc<T: Eq>` compares by pointer before comparing contents, so
/// the UI's "did the state change?" checks stay O(1) instead of walking
/// 100,000 users on every render.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Directory {
    pub users: Vec<Record>,
    pub groups: Vec<Record>,
}

/// Which format a source text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    /// The format named by `name_or_kind`: a kind (`json`, `csv`) or a file
    /// name whose extension says it; `None` when neither does.
    pub fn from_name(name_or_kind: &str) -> Option<Format> {
        let lower = name_or_kind.trim().to_ascii_lowercase();
        if lower == "json" || lower.ends_with(".json") {
            Some(Format::Json)
        } else if lower == "csv" || lower.ends_with(".csv") {
            Some(Format::Csv)
        } else {
            None
        }
    }

    /// Guesses from the content: JSON starts with `{` or `[`; anything else
    /// is read as CSV.
    pub fn sniff(text: &str) -> Format {
        let start = text.trim_start_matches(|c: char| c == '\u{feff}' || c.is_whitespace());
        if start.starts_with('{') || start.starts_with('[') {
            Format::Json
        } else {
            Format::Csv
        }
    }
}

/// Loads a source directory, choosing JSON or CSV by `name_or_kind` (a file
/// name such as `users.csv`, or `json` / `csv`), else by the content.
pub fn load(text: &str, name_or_kind: &str) -> Result<Directory, Error> {
    match Format::from_name(name_or_kind).unwrap_or_else(|| Format::sniff(text)) {
        Format::Json => load_json(text),
        Format::Csv => load_csv(text),
    }
}

/// Like [`load`] for raw bytes, so invalid UTF-8 is reported with its
/// location instead of failing earlier without one.
pub fn load_bytes(bytes: &[u8], name_or_kind: &str) -> Result<Directory, Error> {
    let format = Format::from_name(name_or_kind).unwrap_or_else(|| {
        Format::sniff(&String::from_utf8_lossy(bytes.get(..64).unwrap_or(bytes)))
    });
    match format {
        Format::Json => from_json::load_json_bytes(bytes),
        Format::Csv => load_csv_bytes(bytes),
    }
}

impl Directory {
    /// The user with this `id`.
    pub fn user(&self, id: &str) -> Option<&Record> {
        self.users.iter().find(|user| user.id() == Some(id))
    }

    /// The group with this `id`.
    pub fn group(&self, id: &str) -> Option<&Record> {
        self.groups.iter().find(|group| group.id() == Some(id))
    }

    /// The groups that list `user_id` among their `members`.
    pub fn groups_of<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = &'a Record> + 'a {
        self.groups
            .iter()
            .filter(move |group| member_ids(group).any(|member| member == user_id))
    }

    /// Whether `user_id` is a direct member of a group whose `id` or
    /// `displayName` is `group` (what `IS MEMBER OF` asks). Nested groups
    /// are not followed, as in Entra's group assignment.
    pub fn is_member_of(&self, user_id: &str, group: &str) -> bool {
        self.groups_of(user_id).any(|candidate| {
            candidate.id() == Some(group)
                || candidate.get("displayName").and_then(Value::as_str) == Some(group)
        })
    }
}

/// A record's `id`, when it is a string.
pub fn record_id(record: &Record) -> Option<&str> {
    record.id()
}

/// The member ids of a group: `members` entries that are strings (`"u1"`)
/// or SCIM-style objects (`{"value": "u1"}`).
pub fn member_ids(group: &Record) -> impl Iterator<Item = &str> {
    group
        .get("members")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|member| match member {
            Value::String(id) => Some(id.as_str()),
            other => other.get("value").and_then(Value::as_str),
        })
}

/// Looks up a source attribute the way mappings, expressions and scoping all
/// name it: an exact top-level key first (CSV headers such as `manager.id`
/// stay flat), then a dotted path into nested objects (`manager.id` →
/// `{"manager": {"id": …}}`). Names are case-sensitive, as in Entra.
pub fn lookup<'a>(record: &'a Record, attribute: &str) -> Option<&'a Value> {
    if let Some(value) = record.get(attribute) {
        return Some(value);
    }
    lookup_dotted(record, attribute)
}

/// [`lookup`], trying the key's position in the previous record first.
/// Same answer as `lookup` for every record.
pub fn lookup_hinted<'a>(
    record: &'a Record,
    attribute: &str,
    hint: &NameHint,
) -> Option<&'a Value> {
    match record.get_hinted(attribute, hint) {
        Some(value) => Some(value),
        None => lookup_dotted(record, attribute),
    }
}

/// The dotted-path half of [`lookup`], once the exact key is known absent.
fn lookup_dotted<'a>(record: &'a Record, attribute: &str) -> Option<&'a Value> {
    // Bytes, not `split('.')`: names are short, and this runs per rule
    // per record. A `.` is ASCII, so every cut is a char boundary.
    let bytes = attribute.as_bytes();
    let first = bytes.iter().position(|&byte| byte == b'.')?;
    let mut current = record.get(attribute.get(..first)?)?;
    let mut start = first + 1;
    for (at, _) in (bytes.iter().enumerate().skip(start)).filter(|(_, &byte)| byte == b'.') {
        current = get_key(current, attribute.get(start..at)?)?;
        start = at + 1;
    }
    get_key(current, attribute.get(start..)?)
}

/// Objects up to this many keys are searched by scanning, not hashing.
const SCAN_LIMIT: usize = 32;

/// `value.get(key)` for an object, faster for the small objects records
/// and mapped resources are: `serde_json`'s map hashes every key with
/// SipHash, which costs more than comparing a few dozen keys (mostly just
/// their lengths and last bytes). Large objects still use the hash index.
pub fn get_key<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let Value::Object(map) = value else {
        return None;
    };
    if map.len() <= SCAN_LIMIT {
        let last = key.as_bytes().last();
        map.iter()
            .find(|(name, _)| {
                // Length and last byte first: most keys differ there, and
                // it saves a `memcmp` call per candidate.
                name.len() == key.len() && name.as_bytes().last() == last && name.as_str() == key
            })
            .map(|(_, value)| value)
    } else {
        map.get(key)
    }
}

/// The app keeps the directory in an `Rc` inside state that yew compares on
/// every render; `Rc<T>` short-cuts to a pointer comparison only when
/// `T: Eq`. Without `Eq`, switching panels walked all 100,000 users once per
/// component (600 ms measured): keep this compiling.
const _: fn() = || {
    fn compared_by_pointer_in_an_rc<T: Eq>() {}
    compared_by_pointer_in_an_rc::<Directory>();
    compared_by_pointer_in_an_rc::<crate::sync::Links>();
};

#[cfg(test)]
mod hint_tests {
    use super::{lookup, lookup_hinted, NameHint, Record};
    use serde_json::{json, Value};

    #[test]
    fn lookup_hinted_answers_as_lookup_whatever_the_key_order() {
        let many: serde_json::Map<String, Value> =
            (0..40).map(|i| (format!("k{i}"), json!(i))).collect();
        let records = [
            json!({"id": "u1", "mail": "a@x.com", "manager": {"id": "m1"}}),
            json!({"mail": "b@x.com", "id": "u2", "manager.id": "flat"}),
            json!({"id": "u3", "Mail": "case", "manager": {"id": null}}),
            json!({"mai": "short", "maill": "long", "id": "u4"}),
            json!({"manager": "not an object", "mail": null}),
            Value::Object(many),
            json!({}),
        ]
        .map(|value| Record::from_object(value).unwrap_or_default());
        let attributes = [
            "mail",
            "id",
            "manager.id",
            "manager",
            "k33",
            "k7.x",
            "missing",
        ];
        for attribute in attributes {
            let hint = NameHint::default();
            // Twice over, so each record is also read with the hint another left.
            for record in records.iter().chain(records.iter().rev()) {
                assert_eq!(
                    lookup_hinted(record, attribute, &hint),
                    lookup(record, attribute),
                    "{attribute} in {record:?}"
                );
            }
        }
    }
}
