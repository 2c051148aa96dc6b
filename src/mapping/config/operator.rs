//! Entra's scoping-clause operators and their names.

use serde::{Serialize, Serializer};

/// A scoping-clause operator. Names are Entra's, matched case-insensitively,
/// with `_` and a space treated alike (`not_equals`, `Greater Than`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    Equals,
    NotEquals,
    IsTrue,
    IsFalse,
    IsNull,
    IsNotNull,
    RegexMatch,
    NotRegexMatch,
    GreaterThan,
    GreaterThanOrEquals,
    LessThan,
    LessThanOrEquals,
    EndsWith,
    StartsWith,
    Includes,
    IsIn,
    IsNotIn,
    IsMemberOf,
}

/// What kind of `value` an operator takes; used by the scoping compiler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// No value (`IS TRUE`, `IS NULL`, ...).
    None,
    /// A string (numbers and booleans are accepted and compared as text).
    Text,
    /// An integer, or a string holding one.
    Integer,
    /// A regular expression (string).
    Regex,
    /// An array of strings/numbers/booleans.
    List,
    /// A group id or display name (string).
    Group,
}

impl Operator {
    /// Every operator, in the contract's order.
    pub const ALL: [Operator; 18] = [
        Operator::Equals,
        Operator::NotEquals,
        Operator::IsTrue,
        Operator::IsFalse,
        Operator::IsNull,
        Operator::IsNotNull,
        Operator::RegexMatch,
        Operator::NotRegexMatch,
        Operator::GreaterThan,
        Operator::GreaterThanOrEquals,
        Operator::LessThan,
        Operator::LessThanOrEquals,
        Operator::EndsWith,
        Operator::StartsWith,
        Operator::Includes,
        Operator::IsIn,
        Operator::IsNotIn,
        Operator::IsMemberOf,
    ];

    /// The contract's spelling, used when saving.
    pub fn name(self) -> &'static str {
        match self {
            Operator::Equals => "EQUALS",
            Operator::NotEquals => "NOT EQUALS",
            Operator::IsTrue => "IS TRUE",
            Operator::IsFalse => "IS FALSE",
            Operator::IsNull => "IS NULL",
            Operator::IsNotNull => "IS NOT NULL",
            Operator::RegexMatch => "REGEX MATCH",
            Operator::NotRegexMatch => "NOT REGEX MATCH",
            Operator::GreaterThan => "GREATER_THAN",
            Operator::GreaterThanOrEquals => "GREATER_THAN_OR_EQUALS",
            Operator::LessThan => "LESS_THAN",
            Operator::LessThanOrEquals => "LESS_THAN_OR_EQUALS",
            Operator::EndsWith => "ENDS_WITH",
            Operator::StartsWith => "STARTS_WITH",
            Operator::Includes => "INCLUDES",
            Operator::IsIn => "IS IN",
            Operator::IsNotIn => "IS NOT IN",
            Operator::IsMemberOf => "IS MEMBER OF",
        }
    }

    /// Parses an operator name case-insensitively; `_` and ` ` are
    /// interchangeable.
    pub fn parse(name: &str) -> Option<Operator> {
        Operator::ALL
            .into_iter()
            .find(|op| same_name(op.name(), name))
    }

    pub fn value_kind(self) -> ValueKind {
        match self {
            Operator::IsTrue | Operator::IsFalse | Operator::IsNull | Operator::IsNotNull => {
                ValueKind::None
            }
            Operator::Equals
            | Operator::NotEquals
            | Operator::EndsWith
            | Operator::StartsWith
            | Operator::Includes => ValueKind::Text,
            Operator::GreaterThan
            | Operator::GreaterThanOrEquals
            | Operator::LessThan
            | Operator::LessThanOrEquals => ValueKind::Integer,
            Operator::RegexMatch | Operator::NotRegexMatch => ValueKind::Regex,
            Operator::IsIn | Operator::IsNotIn => ValueKind::List,
            Operator::IsMemberOf => ValueKind::Group,
        }
    }

    /// Whether the clause reads a source attribute (all but `IS MEMBER OF`).
    pub fn needs_attribute(self) -> bool {
        self != Operator::IsMemberOf
    }
}

fn same_name(canonical: &str, given: &str) -> bool {
    let normalize = |c: char| {
        if c == '_' {
            ' '
        } else {
            c.to_ascii_uppercase()
        }
    };
    canonical.len() == given.len()
        && canonical
            .chars()
            .zip(given.chars())
            .all(|(a, b)| normalize(a) == normalize(b))
}

impl Serialize for Operator {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl std::fmt::Display for Operator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
