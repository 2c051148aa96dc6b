//! SCIM attribute paths (RFC 7644 §3.10): `name.formatted`,
//! `emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:manager.value`.
//!
//! Paths are parsed once and then read from or written to a
//! `serde_json::Value` resource. Attribute names match JSON keys
//! case-insensitively, as RFC 7643 §2.1 requires.

pub(crate) mod access;
pub(crate) mod select;

pub(crate) use access::{find_key, is_core_uri};

use crate::error::Error;
use crate::scim::filter::{parser::Parser, Filter};
use std::fmt;

/// One parsed attribute path.
#[derive(Debug, Clone, PartialEq)]
pub struct AttrPath {
    /// Schema URN prefix (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`).
    pub uri: Option<String>,
    /// Top-level attribute name (`emails`).
    pub attribute: String,
    /// Value selection filter (`type eq "work"`), relative to the attribute.
    pub filter: Option<Box<Filter>>,
    /// Sub-attribute after the filter or dot (`value`).
    pub sub_attribute: Option<String>,
}

impl AttrPath {
    /// Parses path text. Errors have code `path.syntax` and path `column N`.
    pub fn parse(text: &str) -> Result<AttrPath, Error> {
        Parser::new(text).parse_path_text()
    }

    /// A plain top-level attribute, no URN.
    pub fn attribute(name: &str) -> AttrPath {
        AttrPath {
            uri: None,
            attribute: name.to_string(),
            filter: None,
            sub_attribute: None,
        }
    }

    /// The same path without its sub-attribute (`emails[type eq "work"]`).
    pub fn without_sub(&self) -> AttrPath {
        AttrPath {
            sub_attribute: None,
            ..self.clone()
        }
    }

    /// The bare attribute (URN and name only).
    pub fn top(&self) -> AttrPath {
        AttrPath {
            uri: self.uri.clone(),
            attribute: self.attribute.clone(),
            filter: None,
            sub_attribute: None,
        }
    }

    /// When the whole path is a schema URN (`urn:…:enterprise:2.0:User`),
    /// which a PATCH may target to address a whole extension: the URN.
    /// Recognised by a version-like segment (`2.0`) before the last name.
    pub fn as_schema_urn(&self) -> Option<String> {
        let uri = self.uri.as_deref()?;
        if self.filter.is_some() || self.sub_attribute.is_some() {
            return None;
        }
        let version = uri.rsplit(':').next()?;
        let looks_versioned = !version.is_empty()
            && version.chars().all(|c| c.is_ascii_digit() || c == '.')
            && version.chars().next().is_some_and(|c| c.is_ascii_digit());
        looks_versioned.then(|| format!("{uri}:{}", self.attribute))
    }

    /// True when `other` names the same attribute (URN and name,
    /// case-insensitive), whatever the filters and sub-attributes.
    pub fn same_attribute(&self, other: &AttrPath) -> bool {
        self.attribute.eq_ignore_ascii_case(&other.attribute)
            && match (&self.uri, &other.uri) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (Some(u), None) | (None, Some(u)) => is_core_uri(u),
            }
    }
}

impl std::str::FromStr for AttrPath {
    type Err = Error;
    fn from_str(text: &str) -> Result<AttrPath, Error> {
        AttrPath::parse(text)
    }
}

impl fmt::Display for AttrPath {
    /// The canonical text: `uri:attribute[filter].sub`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(uri) = &self.uri {
            write!(f, "{uri}:")?;
        }
        f.write_str(&self.attribute)?;
        if let Some(filter) = &self.filter {
            write!(f, "[{filter}]")?;
        }
        if let Some(sub) = &self.sub_attribute {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
