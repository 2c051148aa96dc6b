//! Source users in CSV (contract §2): a header row of attribute names, one
//! user per row, UTF-8 (a byte-order mark is tolerated), RFC 4180 quoting
//! (fields may hold commas, quotes and newlines), an `id` column required.
//!
//! Cells become string attributes; an empty cell means the attribute is
//! absent. Rows whose cells are all empty are skipped (spreadsheets export
//! them). Headers are trimmed; `manager.id` stays one flat key, which
//! [`super::lookup`] finds.
//!
//! Errors name the place as `line L, column C`, where L is the file line the
//! row starts on (the header is line 1) and C the 1-based field number; the
//! message also names the row and the column's header. Codes:
//! `source.csvEmpty`, `source.csvHeader`, `source.csvMissingIdColumn`,
//! `source.csvFieldCount`, `source.csvEncoding`, `source.csvSyntax`,
//! `source.missingId`, `source.duplicateId`.

use super::{Directory, Name, Names};
use crate::error::Error;
use crate::fast_hash::FastMap;
use crate::mapping::config::describe::quote;
use csv::{ByteRecord, ReaderBuilder};
use serde_json::Value;
use std::collections::HashMap;

/// Parses CSV text into a directory of users (no groups).
pub fn load_csv(text: &str) -> Result<Directory, Error> {
    load_csv_bytes(text.as_bytes())
}

/// Parses CSV bytes; invalid UTF-8 is reported at its row and column.
pub fn load_csv_bytes(bytes: &[u8]) -> Result<Directory, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = ByteRecord::new();

    if !read(&mut reader, &mut record)? {
        return Err(Error::new(
            "source.csvEmpty",
            "line 1",
            "the CSV file is empty; expected a header row of attribute names with an `id` column",
        ));
    }
    let header = Header::parse(&record)?;

    let mut users = Vec::new();
    let mut names = Names::default();
    // The header's names, interned once for every row.
    let columns: Vec<Name> = header.names.iter().map(|name| names.intern(name)).collect();
    let mut first_row_of: FastMap<String, usize> = FastMap::default();
    let mut row = 0usize;
    while read(&mut reader, &mut record)? {
        row += 1;
        let line = line_of(&record);
        if record.iter().all(<[u8]>::is_empty) {
            continue;
        }
        let here = Place { row, line };
        if record.len() != header.names.len() {
            return Err(field_count_error(&header, &record, here));
        }
        let mut user: Vec<(Name, Value)> = Vec::with_capacity(header.names.len());
        for (column, (name, cell)) in columns.iter().zip(record.iter()).enumerate() {
            if cell.is_empty() {
                continue;
            }
            let text = std::str::from_utf8(cell).map_err(|err| {
                here.error(
                    "source.csvEncoding",
                    column,
                    name,
                    format!(
                        "invalid UTF-8 at byte {} of the cell",
                        err.valid_up_to() + 1
                    ),
                )
            })?;
            user.push((Name::clone(name), Value::String(text.to_string())));
        }
        let user = names.record_of(user);
        let id = match user.get("id") {
            Some(Value::String(id)) => id.clone(),
            _ => {
                let message = "the `id` cell is empty; every user needs an id".to_string();
                return Err(here.error("source.missingId", header.id_column, "id", message));
            }
        };
        if let Some(first) = first_row_of.get(&id) {
            let message = format!("duplicate id `{}`; already used on row {first}", quote(&id));
            return Err(here.error("source.duplicateId", header.id_column, "id", message));
        }
        first_row_of.insert(id, row);
        users.push(user);
    }
    Ok(Directory {
        users,
        groups: Vec::new(),
    })
}

/// The header row: attribute names and where `id` is.
struct Header {
    names: Vec<String>,
    id_column: usize,
}

impl Header {
    fn parse(record: &ByteRecord) -> Result<Header, Error> {
        let at = |column: usize| format!("line 1, column {}", column + 1);
        let mut names: Vec<String> = Vec::with_capacity(record.len());
        let mut column_of: HashMap<&str, usize> = HashMap::with_capacity(record.len());
        for (column, cell) in record.iter().enumerate() {
            let name = std::str::from_utf8(cell)
                .map_err(|_| {
                    Error::new(
                        "source.csvEncoding",
                        at(column),
                        format!("header column {} is not valid UTF-8", column + 1),
                    )
                })?
                .trim();
            if name.is_empty() {
                let message = format!("header column {} has no name", column + 1);
                return Err(Error::new("source.csvHeader", at(column), message));
            }
            if let Some(first) = column_of.insert(name, column) {
                let message = format!(
                    "header column {} repeats `{}` (already column {})",
                    column + 1,
                    quote(name),
                    first + 1
                );
                return Err(Error::new("source.csvHeader", at(column), message));
            }
            names.push(name.to_string());
        }
        let id_column = names.iter().position(|name| name == "id").ok_or_else(|| {
            let listed: Vec<String> = names.iter().take(20).map(|n| quote(n)).collect();
            Error::new(
                "source.csvMissingIdColumn",
                "line 1",
                format!(
                    "the header has no `id` column (found: {}); every user needs a unique id",
                    listed.join(", ")
                ),
            )
        })?;
        Ok(Header { names, id_column })
    }
}

/// Where a data row is: its 1-based number among data rows and its line.
#[derive(Clone, Copy)]
struct Place {
    row: usize,
    line: u64,
}

impl Place {
    fn error(self, code: &str, column: usize, name: &str, message: String) -> Error {
        Error::new(
            code,
            format!("line {}, column {}", self.line, column + 1),
            format!(
                "row {} (line {}), column {} `{}`: {message}",
                self.row,
                self.line,
                column + 1,
                quote(name)
            ),
        )
    }
}

fn field_count_error(header: &Header, record: &ByteRecord, here: Place) -> Error {
    let expected = header.names.len();
    let found = record.len();
    let message = format!("has {found} fields but the header has {expected}");
    if found < expected {
        let name = header.names.get(found).map_or("", String::as_str);
        here.error(
            "source.csvFieldCount",
            found,
            name,
            format!("missing; the row {message}"),
        )
    } else {
        here.error(
            "source.csvFieldCount",
            expected,
            "(no header)",
            format!("extra field; the row {message} (quote fields that contain commas)"),
        )
    }
}

/// Reads the next record; `false` at the end.
fn read(reader: &mut csv::Reader<&[u8]>, record: &mut ByteRecord) -> Result<bool, Error> {
    reader.read_byte_record(record).map_err(|err| {
        let line = err.position().map_or(0, csv::Position::line);
        Error::new(
            "source.csvSyntax",
            format!("line {line}"),
            format!("unreadable CSV: {err}"),
        )
    })
}

fn line_of(record: &ByteRecord) -> u64 {
    record.position().map_or(0, csv::Position::line)
}
