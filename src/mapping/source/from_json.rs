//! Source directories in JSON: `{"users": [...], "groups": [...]}`.
//!
//! Error codes: `source.syntax` (with `line L, column C`), `source.type`,
//! `source.missing`, `source.invalidId`, `source.duplicateId` (each with a
//! JSON path such as `$.users[3].id`).

use super::json_records as parse;
use super::{Directory, Record};
use crate::error::Error;
use crate::fast_hash::{self, FastMap};
use crate::mapping::config::describe::{kind, quote};
use crate::mapping::config::{path, serde_message};
use serde_json::Value;

/// Parses a JSON source directory: an object with a `users` array and an
/// optional `groups` array; other top-level keys are ignored (exports often
/// carry metadata).
pub fn load_json(text: &str) -> Result<Directory, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    load_json_bytes(text.as_bytes())
}

/// [`load_json`] for bytes; invalid UTF-8 is a syntax error with a position.
pub(super) fn load_json_bytes(bytes: &[u8]) -> Result<Directory, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let document = parse::document(bytes).map_err(|err| syntax_error(&err))?;
    checked(document)
}

/// Checks an already parsed source directory (e.g. from the JS API).
pub fn from_value(value: Value) -> Result<Directory, Error> {
    checked(parse::Parsed::of_value(value))
}

/// The directory, once its shape is checked: `users` (and `groups`) are
/// arrays of objects with unique, non-empty string ids.
fn checked(document: parse::Parsed) -> Result<Directory, Error> {
    let parse::Parsed::Document { users, groups } = document else {
        return Err(Error::new(
            "source.type",
            "$",
            format!(
                "expected an object with a `users` array, found {}",
                document.kind()
            ),
        ));
    };
    let users = match users {
        Some(users) => records(*users, "$.users", "user")?,
        None => {
            return Err(Error::new(
                "source.missing",
                "$.users",
                "missing required field `users` (an array of user objects)",
            ))
        }
    };
    let groups = match groups.map(|groups| *groups) {
        Some(parse::Parsed::Other(Value::Null)) | None => Vec::new(),
        Some(groups) => records(groups, "$.groups", "group")?,
    };
    for (i, group) in groups.iter().enumerate() {
        if let Some(members) = group.get("members") {
            if !members.is_array() && !members.is_null() {
                return Err(Error::new(
                    "source.type",
                    path::key(&path::index("$.groups", i), "members"),
                    format!("expected an array of member ids, found {}", kind(members)),
                ));
            }
        }
    }
    Ok(Directory { users, groups })
}

/// The records of one array: objects with unique non-empty string ids.
fn records(field: parse::Parsed, at: &str, what: &str) -> Result<Vec<Record>, Error> {
    let items = match field {
        parse::Parsed::Items(items) => items,
        other => {
            return Err(Error::new(
                "source.type",
                at,
                format!(
                    "expected an array of {what} objects, found {}",
                    other.kind()
                ),
            ));
        }
    };
    let mut first_index: FastMap<&str, usize> = fast_hash::map_with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        // Paths are built only for an error: 100,000 records need none.
        let item_path = || path::index(at, i);
        let record = match item {
            parse::Parsed::Record(record) => record,
            other => {
                return Err(Error::new(
                    "source.type",
                    item_path(),
                    format!("expected a {what} object, found {}", other.kind()),
                ));
            }
        };
        let id = checked_id(record, item_path)?;
        if let Some(first) = first_index.get(id) {
            return Err(Error::new(
                "source.duplicateId",
                path::key(&item_path(), "id"),
                format!(
                    "duplicate {what} id `{}`; already used by {}",
                    quote(id),
                    path::index(at, *first)
                ),
            ));
        }
        first_index.insert(id, i);
    }
    drop(first_index);
    Ok(items
        .into_iter()
        .map(|item| match item {
            parse::Parsed::Record(record) => record,
            // Checked above: every item is a record.
            _ => Record::default(),
        })
        .collect())
}

fn checked_id(record: &Record, at: impl Fn() -> String) -> Result<&str, Error> {
    let id_path = || path::key(&at(), "id");
    match record.get("id") {
        None => Err(Error::new(
            "source.missing",
            id_path(),
            "missing required field `id`",
        )),
        Some(Value::String(id)) if !id.is_empty() => Ok(id),
        Some(other) => Err(Error::new(
            "source.invalidId",
            id_path(),
            format!("`id` must be a non-empty string, found {}", describe(other)),
        )),
    }
}

fn syntax_error(err: &serde_json::Error) -> Error {
    Error::new(
        "source.syntax",
        format!("line {}, column {}", err.line(), err.column()),
        format!("invalid JSON: {}", serde_message(err)),
    )
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(_) => "an empty string".to_string(),
        other => kind(other).to_string(),
    }
}
