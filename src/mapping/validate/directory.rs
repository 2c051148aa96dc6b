//! Checks of the configuration against a whole source directory: findings
//! that no single record shows.

use super::config::CompiledKind;
use super::{codes, diagnostic};
use crate::error::{Diagnostic, Severity};
use crate::fast_hash::{self, FastHasher, FastMap};
use crate::mapping::config::path;
use crate::mapping::engine::{record_attribute_path, ResourceKind, RuleSource};
use crate::mapping::source::{lookup, Record};

/// `mapping.unknownSource` for each attribute a usable mapping reads that no
/// record has (usually a typo, or a CSV column that is missing). Stops at
/// the first record that has it, so the common case costs one lookup.
pub(crate) fn unknown_sources(compiled: &CompiledKind, records: &[Record]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if records.is_empty() {
        return found;
    }
    let kind = compiled.mapping.kind();
    let mappings_path = path::key(kind.config_path(), "mappings");
    for rule in compiled.mapping.rules().iter().filter(|rule| !rule.broken) {
        let source_path = path::key(&path::index(&mappings_path, rule.index), "source");
        let (attributes, at) = match &rule.source {
            RuleSource::Direct(attribute) => (
                vec![attribute.clone()],
                path::key(&source_path, "attribute"),
            ),
            RuleSource::Expression(expr) => {
                (expr.attributes(), path::key(&source_path, "expression"))
            }
            _ => continue,
        };
        for attribute in attributes {
            if records
                .iter()
                .any(|record| lookup(record, &attribute).is_some())
            {
                continue;
            }
            found.push(diagnostic(
                codes::MAPPING_UNKNOWN_SOURCE,
                at.clone(),
                format!(
                    "no source {} has the attribute `{attribute}`, so `{}` is never set from it",
                    kind.noun(),
                    rule.target
                ),
                Some("check the attribute's spelling (names are case-sensitive)".to_string()),
            ));
        }
    }
    found
}

/// `scope.empty` when records exist and none is in scope.
pub(crate) fn scope_empty(kind: ResourceKind, total: usize, in_scope: usize) -> Option<Diagnostic> {
    if total == 0 || in_scope > 0 {
        return None;
    }
    let mut found = diagnostic(
        codes::SCOPE_EMPTY,
        path::key(kind.config_path(), "scoping"),
        format!(
            "none of the {total} source {}s is in scope",
            kind.noun()
        ),
        Some(match kind {
            ResourceKind::User => "a sync would provision nobody and deprovision every matched account; check the scoping filters".to_string(),
            ResourceKind::Group => "no group would be pushed; check the group scoping filters".to_string(),
        }),
    );
    if kind == ResourceKind::Group {
        found.severity = Severity::Warning;
    }
    Some(found)
}

/// Finds records whose unique attribute (userName, a group's displayName)
/// repeats an earlier in-scope record's, ignoring case as SCIM servers do
/// for `caseExact: false` attributes. Keeps only hashes (no copy of every
/// value); a hash match is confirmed against the earlier record's value.
#[derive(Debug, Default)]
pub(crate) struct Duplicates {
    seen: FastMap<u64, usize>,
}

impl Duplicates {
    /// A tracker sized for `records` values.
    pub fn with_capacity(records: usize) -> Duplicates {
        Duplicates {
            seen: fast_hash::map_with_capacity(records),
        }
    }

    /// Records `value` for record `index`; a diagnostic at `at` when an
    /// earlier record had it. `earlier(i)` is record `i`'s value.
    pub fn check<'v>(
        &mut self,
        kind: ResourceKind,
        attribute: &str,
        value: &str,
        index: usize,
        at: &dyn Fn() -> String,
        earlier: &dyn Fn(usize) -> Option<&'v str>,
    ) -> Option<Diagnostic> {
        let key = caseless_hash(value);
        let Some(&first) = self.seen.get(&key) else {
            self.seen.insert(key, index);
            return None;
        };
        if !earlier(first).is_some_and(|other| same_ignoring_case(other, value)) {
            return None;
        }
        Some(diagnostic(
            kind.code(codes::USER_DUPLICATE_USER_NAME, codes::GROUP_DUPLICATE_DISPLAY_NAME),
            at(),
            format!(
                "{attribute} `{value}` is also the {attribute} of {}; the target would refuse the second with 409 Conflict",
                kind.record_path(first)
            ),
            Some(format!(
                "make {attribute} unique, e.g. from a unique source attribute, or scope one {} out",
                kind.noun()
            )),
        ))
    }
}

/// A hash of the text's lowercase form. The lowercase bytes go to the
/// hasher a word at a time whatever path produced them, so an ASCII text
/// and a non-ASCII one that lowercase alike (`K` and the Kelvin sign) hash
/// alike.
fn caseless_hash(text: &str) -> u64 {
    let mut words = WordFeeder::default();
    if text.is_ascii() {
        // Same bytes as the general loop below, without decoding chars.
        for byte in text.bytes() {
            words.push(byte.to_ascii_lowercase());
        }
        return words.finish();
    }
    let mut buffer = [0u8; 4];
    for c in text.chars().flat_map(char::to_lowercase) {
        for byte in c.encode_utf8(&mut buffer).bytes() {
            words.push(byte);
        }
    }
    words.finish()
}

/// Feeds bytes to a [`FastHasher`] in 8-byte words.
#[derive(Default)]
struct WordFeeder {
    hasher: FastHasher,
    word: [u8; 8],
    filled: usize,
}

impl WordFeeder {
    fn push(&mut self, byte: u8) {
        use std::hash::Hasher;
        if let Some(slot) = self.word.get_mut(self.filled) {
            *slot = byte;
            self.filled += 1;
        }
        if self.filled == self.word.len() {
            self.hasher.write_u64(u64::from_le_bytes(self.word));
            self.filled = 0;
        }
    }

    fn finish(mut self) -> u64 {
        use std::hash::Hasher;
        let rest = self.word.get(..self.filled).unwrap_or_default();
        if !rest.is_empty() {
            self.hasher.write(rest);
        }
        self.hasher.finish()
    }
}

fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

/// How each unresolved member of a group stands.
pub(crate) struct MemberStatus<'a> {
    /// Source user id → (directory index, in scope).
    pub users: &'a FastMap<&'a str, (usize, bool)>,
}

impl MemberStatus<'_> {
    /// Diagnostics for a group's pending members, one per kind of problem
    /// (a big group must not bury the report): ids that name no user and
    /// out-of-scope users are warnings; the rest (users still to be
    /// created) one info.
    pub fn findings(&self, record_path: &str, pending: &[String]) -> Vec<Diagnostic> {
        let at = record_attribute_path(record_path, Some("members"));
        let mut unknown: Vec<&str> = Vec::new();
        let mut out_of_scope: Vec<&str> = Vec::new();
        let mut waiting = 0usize;
        for id in pending {
            match self.users.get(id.as_str()) {
                None => unknown.push(id),
                Some((_, false)) => out_of_scope.push(id),
                Some((_, true)) => waiting += 1,
            }
        }
        let mut found = Vec::new();
        if !unknown.is_empty() {
            found.push(diagnostic(
                codes::GROUP_UNKNOWN_MEMBER,
                at.clone(),
                format!(
                    "{} member(s) are not users of the source directory: {}",
                    unknown.len(),
                    sample_ids(&unknown)
                ),
                None,
            ));
        }
        if !out_of_scope.is_empty() {
            found.push(diagnostic(
                codes::GROUP_MEMBER_OUT_OF_SCOPE,
                at.clone(),
                format!(
                    "{} member(s) are users out of scope, so they will not be added to the group: {}",
                    out_of_scope.len(),
                    sample_ids(&out_of_scope)
                ),
                Some("bring those users into scope, or accept that the group is incomplete".to_string()),
            ));
        }
        if waiting > 0 {
            found.push(diagnostic(
                codes::GROUP_PENDING_MEMBERS,
                at,
                format!(
                    "{waiting} member(s) have no target account yet; they are added once their users are created"
                ),
                None,
            ));
        }
        found
    }
}

/// The first few ids, quoted, and how many more there are.
fn sample_ids(ids: &[&str]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<String> = ids.iter().take(SHOWN).map(|id| format!("`{id}`")).collect();
    match ids.len().checked_sub(SHOWN) {
        Some(more) if more > 0 => format!("{} and {more} more", shown.join(", ")),
        _ => shown.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::{caseless_hash, same_ignoring_case};

    #[test]
    fn caseless_hash_agrees_with_caseless_equality() {
        let pairs = [
            ("Ann.Lee@Example.COM", "ann.lee@example.com"),
            // Non-ASCII on one side only: the Kelvin sign lowercases to `k`.
            ("\u{212A}im@example.com", "kim@example.com"),
            ("Zoë Ünal", "zoë ünal"),
            ("", ""),
        ];
        for (a, b) in pairs {
            assert!(same_ignoring_case(a, b), "{a} / {b}");
            assert_eq!(caseless_hash(a), caseless_hash(b), "{a} / {b}");
        }
        assert_ne!(
            caseless_hash("ann@example.com"),
            caseless_hash("anne@example.com")
        );
        assert_ne!(caseless_hash("abcdefgh"), caseless_hash("abcdefgh\0"));
    }
}
