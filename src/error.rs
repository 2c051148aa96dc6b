//! Errors and diagnostics shared by every layer.
//!
//! Errors are values all the way to the UI: a panic in wasm kills the whole
//! page, so every parser and evaluator returns one of these instead.

use serde::Serialize;
use std::fmt;

/// A failure with a stable machine-readable `code` and a human `path` saying
/// where it happened: a JSON path (`$.users.mappings[2].source`), or a text
/// position (`column 14`, `line 3, column 5`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    pub code: String,
    pub path: String,
    pub message: String,
}

impl Error {
    pub fn new(
        code: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            code: code.into(),
            path: path.into(),
            message: message.into(),
        }
    }
}

impl Error {
    /// The 1-based column of a text position (`column 14`, `line 3, column 5`),
    /// so an editor can put a marker under it.
    pub fn column(&self) -> Option<usize> {
        let (_, number) = self.path.rsplit_once("column ")?;
        number.trim().parse().ok()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code, self.message)
        } else {
            write!(f, "{} at {}: {}", self.code, self.path, self.message)
        }
    }
}

impl std::error::Error for Error {}

/// How bad a validation finding is. `Error` blocks a sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One validation finding, as the contract's `validate` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, e.g. `mapping.unknownTarget`; tests and the UI key on it.
    pub code: String,
    /// JSON path into the configuration (`$.users.mappings[0].target`) or
    /// into the source directory (`$.users[3].mail`).
    pub path: String,
    pub message: String,
    /// What to do about it, when there is something obvious.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_read_from_text_positions_only() {
        assert_eq!(Error::new("x", "column 14", "m").column(), Some(14));
        assert_eq!(Error::new("x", "line 3, column 5", "m").column(), Some(5));
        assert_eq!(Error::new("x", "$.users.mappings[0]", "m").column(), None);
        assert_eq!(Error::new("x", "column x", "m").column(), None);
    }
}
