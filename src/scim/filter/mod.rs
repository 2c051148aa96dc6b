//! SCIM filters (RFC 7644 §3.4.2.2): parse, print canonically, evaluate.
//!
//! The grammar is the RFC's in full: `eq ne co sw ew gt ge lt le pr`,
//! `and` binding tighter than `or`, `not (…)`, parentheses, value paths
//! (`emails[type eq "work" and value co "@x.com"]`) and URN-qualified
//! names. Keywords are case-insensitive (ABNF strings are). As an extension
//! a value path may be followed by a sub-attribute and an operator
//! (`addresses[type eq "work"].country eq "US"`).

pub(crate) mod compiled;
mod eval;
pub(crate) mod parser;

pub use compiled::CompiledFilter;

use crate::error::Error;
use crate::scim::path::AttrPath;
use crate::scim::schema::ResourceSchema;
use serde_json::Value;
use std::fmt;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

impl CompareOp {
    pub const ALL: [CompareOp; 9] = [
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Co,
        CompareOp::Sw,
        CompareOp::Ew,
        CompareOp::Gt,
        CompareOp::Ge,
        CompareOp::Lt,
        CompareOp::Le,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }

    /// Case-insensitive keyword lookup.
    pub fn parse(word: &str) -> Option<CompareOp> {
        CompareOp::ALL
            .into_iter()
            .find(|op| op.as_str().eq_ignore_ascii_case(word))
    }
}

/// A literal on the right of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum CompValue {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
}

impl CompValue {
    /// The literal as JSON.
    pub fn to_json(&self) -> Value {
        match self {
            CompValue::Null => Value::Null,
            CompValue::Bool(b) => Value::Bool(*b),
            CompValue::Number(n) => Value::Number(n.clone()),
            CompValue::String(s) => Value::String(s.clone()),
        }
    }
}

impl fmt::Display for CompValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompValue::Null => f.write_str("null"),
            CompValue::Bool(b) => write!(f, "{b}"),
            CompValue::Number(n) => write!(f, "{n}"),
            // JSON string escaping is exactly SCIM's (RFC 7644 §3.4.2.2).
            CompValue::String(s) => write!(f, "{}", Value::String(s.clone())),
        }
    }
}

/// A parsed filter. `And`/`Or` hold two or more operands, flattened as
/// written, so long chains never make deep trees.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Or(Vec<Filter>),
    And(Vec<Filter>),
    Not(Box<Filter>),
    /// `attr pr`
    Present(AttrPath),
    /// `attr op value`
    Compare(AttrPath, CompareOp, CompValue),
    /// `attr[filter]` on its own: true when an element matches. The path's
    /// `filter` is always `Some`.
    ValuePath(AttrPath),
}

/// Deepest nesting of parentheses, `not` and `[…]` a filter may use.
pub const MAX_DEPTH: usize = 64;

/// Parses filter text. Errors have code `filter.syntax`, path `column N`
/// and a message saying what was expected there.
pub fn parse(text: &str) -> Result<Filter, Error> {
    parser::Parser::new(text).parse_filter_text()
}

impl std::str::FromStr for Filter {
    type Err = Error;
    fn from_str(text: &str) -> Result<Filter, Error> {
        parse(text)
    }
}

impl Filter {
    /// Whether a resource matches, under the schema's rules when given
    /// (case-exactness, dateTime ordering); without one, strings compare
    /// case-insensitively and ISO 8601 strings chronologically.
    pub fn matches(&self, resource: &Value, schema: Option<&ResourceSchema>) -> bool {
        self.compile(schema).matches(resource)
    }

    /// The filter prepared for testing many resources of one schema's type
    /// (same answers as [`Filter::matches`], without its per-call setup).
    pub fn compile<'a>(&'a self, schema: Option<&ResourceSchema<'a>>) -> CompiledFilter<'a> {
        CompiledFilter::new(self, schema)
    }

    /// Calls `visit` on every attribute path the filter compares, including
    /// those inside value paths (which are relative to their attribute).
    pub fn visit_paths_mut(&mut self, visit: &mut dyn FnMut(&mut AttrPath)) {
        match self {
            Filter::Or(items) | Filter::And(items) => {
                items.iter_mut().for_each(|f| f.visit_paths_mut(visit))
            }
            Filter::Not(inner) => inner.visit_paths_mut(visit),
            Filter::Present(path) | Filter::Compare(path, _, _) | Filter::ValuePath(path) => {
                visit(path)
            }
        }
    }

    /// The `attribute eq "value"` pairs a filter requires when it is a
    /// conjunction of equalities (`type eq "work" and primary eq true`):
    /// what a new element must hold to match it. `None` otherwise.
    pub fn equality_constraints(&self) -> Option<Vec<(&AttrPath, &CompValue)>> {
        match self {
            Filter::Compare(path, CompareOp::Eq, value)
                if path.filter.is_none() && path.uri.is_none() =>
            {
                Some(vec![(path, value)])
            }
            Filter::And(items) => {
                let mut all = Vec::new();
                for item in items {
                    all.extend(item.equality_constraints()?);
                }
                Some(all)
            }
            _ => None,
        }
    }

    fn precedence(&self) -> u8 {
        match self {
            Filter::Or(_) => 1,
            Filter::And(_) => 2,
            _ => 3,
        }
    }
}

impl fmt::Display for Filter {
    /// The canonical form: lowercase keywords, single spaces, JSON-escaped
    /// strings, parentheses only where the tree needs them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Or(items) | Filter::And(items) => {
                let keyword = if matches!(self, Filter::Or(_)) {
                    " or "
                } else {
                    " and "
                };
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(keyword)?;
                    }
                    // Same-level operands get parentheses so the printed
                    // tree re-parses to the same tree.
                    if item.precedence() <= self.precedence() {
                        write!(f, "({item})")?;
                    } else {
                        write!(f, "{item}")?;
                    }
                }
                Ok(())
            }
            Filter::Not(inner) => write!(f, "not ({inner})"),
            Filter::Present(path) => write!(f, "{path} pr"),
            Filter::Compare(path, op, value) => write!(f, "{path} {} {value}", op.as_str()),
            Filter::ValuePath(path) => write!(f, "{path}"),
        }
    }
}

/// The SCIM filter text `attribute eq "value"` with the value's quotes and
/// backslashes escaped.
pub fn eq_filter(attribute: &str, value: &str) -> String {
    format!("{attribute} eq {}", CompValue::String(value.to_string()))
}

/// The URL-encoded query value for `attribute eq "value"`, ready for
/// `GET /Users?filter=…` lookups.
pub fn eq_query(attribute: &str, value: &str) -> String {
    percent_encode(&eq_filter(attribute, value))
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so the
/// result is safe in any query-string position.
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    out
}

#[cfg(test)]
mod tests;
