//! Scoping filters: which source records are provisioned at all.
//!
//! Entra's model: a scoping filter is a list of clauses that must *all* hold;
//! a record is in scope when *any* filter holds; no filters means everyone is
//! in scope. [`compile`] checks each clause once (value shape, regex, SCIM
//! filter syntax) and [`CompiledScoping::evaluate`] then decides cheaply per
//! record, saying which filter let the record in or which clause kept it out.
//!
//! Value semantics (documented by Entra or decided here where it is silent):
//! * An attribute that is absent, `null`, `""` or an empty array is *empty*.
//!   `IS NULL` holds for it, `IS NOT NULL` does not, and every other
//!   operator (including the negated ones) is false — Entra: "scoping
//!   filters will return false if the value is null / empty".
//! * Comparisons are case-sensitive (`EQUALS`, `INCLUDES`, `REGEX MATCH`...).
//!   Numbers compare by their JSON text; booleans are the text `true` /
//!   `false`, compared ignoring case by `EQUALS`, `NOT EQUALS`, `IS IN` and
//!   `IS NOT IN` (so `True` matches `true`).
//! * `IS TRUE` / `IS FALSE` accept a JSON boolean or the text `true` /
//!   `false` in any case (CSV sources have only text).
//! * `GREATER_THAN` and friends compare integers (Entra: "must be an
//!   integer"); the attribute may be a JSON integer or text holding one
//!   (`"0042"`); anything else does not satisfy the clause.
//! * `REGEX MATCH` searches anywhere in the value (like .NET `IsMatch`);
//!   anchor with `^...$` to match the whole value.
//! * Multi-valued attributes (Entra does not support them): a positive
//!   operator holds when *any* value satisfies it, a negated one (`NOT
//!   EQUALS`, `NOT REGEX MATCH`, `IS NOT IN`) when *none* satisfies the
//!   positive form. Elements that are objects are read through their
//!   `value` sub-attribute (SCIM's convention).
//! * `IS MEMBER OF` holds when the record's `id` is a direct member of a
//!   directory group whose `id` or `displayName` equals the value; it needs
//!   no `attribute`.
//! * A `{"scimFilter": "..."}` clause is an RFC 7644 filter
//!   ([`crate::scim::filter`]) evaluated against the source record without a
//!   schema: attribute names and string comparisons ignore case there, as
//!   SCIM specifies, unlike Entra's operators.
//! * A scoping filter with no clauses holds for every record.

use crate::error::Error;
use crate::mapping::config::describe::quote;
use crate::mapping::config::{path, ScopingGroup};
use crate::mapping::source::{lookup, Directory, Record};
use clause::{compile_clause, CompiledClause};
use serde::Serialize;
use serde_json::Value;

mod clause;

/// Where user scoping filters live in a configuration.
pub const USERS_PATH: &str = "$.users.scoping";
/// Where group scoping filters live in a configuration.
pub const GROUPS_PATH: &str = "$.groups.scoping";

/// Scoping filters checked once and ready to evaluate per record.
#[derive(Debug, Clone)]
pub struct CompiledScoping {
    groups: Vec<Vec<CompiledClause>>,
}

/// The outcome for one record, with what decided it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeDecision {
    pub in_scope: bool,
    /// The index of the scoping filter whose clauses all held; `None` when
    /// out of scope, or in scope because there are no filters.
    pub matched_group: Option<usize>,
    /// When out of scope: for each scoping filter, in order, the first
    /// clause that failed. Empty when in scope.
    pub failed_clauses: Vec<FailedClause>,
}

/// A clause that did not hold for a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedClause {
    /// Index of the scoping filter.
    pub group: usize,
    /// Index of the clause within it.
    pub clause: usize,
    /// JSON path of the clause, e.g. `$.users.scoping[1].clauses[0]`.
    pub path: String,
    /// The clause in words, e.g. `department EQUALS "Sales"`.
    pub clause_text: String,
    /// The source attribute the clause reads; empty when it reads none
    /// (`IS MEMBER OF`, a SCIM filter).
    pub attribute: String,
    /// The record's value of the clause's attribute; `None` when absent
    /// (or when the clause reads no attribute).
    pub actual: Option<Value>,
}

impl ScopeDecision {
    /// One sentence for the preview: what let the record in or kept it out.
    pub fn reason(&self) -> String {
        if let Some(group) = self.matched_group {
            return format!("in scope: every clause of scoping filter {group} holds");
        }
        if self.in_scope {
            return "in scope: there are no scoping filters".to_string();
        }
        let parts: Vec<String> = self
            .failed_clauses
            .iter()
            .map(|failed| {
                let actual = match (&failed.actual, failed.attribute.is_empty()) {
                    (_, true) => String::new(),
                    (Some(value), false) => format!(" (value: {})", quote(&value.to_string())),
                    (None, false) => " (value: absent)".to_string(),
                };
                format!("{} is false at {}{actual}", failed.clause_text, failed.path)
            })
            .collect();
        format!("out of scope: {}", parts.join("; "))
    }
}

/// Compiles user scoping filters (error paths under `$.users.scoping`).
pub fn compile(groups: &[ScopingGroup]) -> Result<CompiledScoping, Vec<Error>> {
    compile_at(groups, USERS_PATH)
}

/// Compiles scoping filters whose JSON path in the configuration is
/// `base_path` (e.g. [`GROUPS_PATH`]). Reports every bad clause at once.
pub fn compile_at(groups: &[ScopingGroup], base_path: &str) -> Result<CompiledScoping, Vec<Error>> {
    let mut errors = Vec::new();
    let mut compiled = Vec::with_capacity(groups.len());
    for (g, group) in groups.iter().enumerate() {
        let clauses_path = path::key(&path::index(base_path, g), "clauses");
        let mut clauses = Vec::with_capacity(group.clauses.len());
        for (c, clause) in group.clauses.iter().enumerate() {
            match compile_clause(clause, &path::index(&clauses_path, c)) {
                Ok(clause) => clauses.push(clause),
                Err(mut clause_errors) => errors.append(&mut clause_errors),
            }
        }
        compiled.push(clauses);
    }
    if errors.is_empty() {
        Ok(CompiledScoping { groups: compiled })
    } else {
        Err(errors)
    }
}

/// Compiles and evaluates in one go; prefer [`compile`] once plus
/// [`CompiledScoping::evaluate`] per record.
pub fn in_scope(
    groups: &[ScopingGroup],
    record: &Record,
    directory: &Directory,
) -> Result<ScopeDecision, Vec<Error>> {
    Ok(compile(groups)?.evaluate(record, directory))
}

impl CompiledScoping {
    /// Whether there are no scoping filters (everyone is in scope).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Decides whether `record` is in scope; `directory` answers
    /// `IS MEMBER OF`.
    pub fn evaluate(&self, record: &Record, directory: &Directory) -> ScopeDecision {
        let mut failed_clauses = Vec::new();
        for (g, clauses) in self.groups.iter().enumerate() {
            let failure = clauses
                .iter()
                .enumerate()
                .find(|(_, clause)| !clause.holds(record, directory));
            match failure {
                None => {
                    return ScopeDecision {
                        in_scope: true,
                        matched_group: Some(g),
                        failed_clauses: Vec::new(),
                    }
                }
                Some((c, clause)) => failed_clauses.push(FailedClause {
                    group: g,
                    clause: c,
                    path: clause.path.clone(),
                    clause_text: clause.text.clone(),
                    attribute: clause.attribute.clone(),
                    actual: (!clause.attribute.is_empty())
                        .then(|| lookup(record, &clause.attribute).cloned())
                        .flatten(),
                }),
            }
        }
        ScopeDecision {
            in_scope: self.groups.is_empty(),
            matched_group: None,
            failed_clauses,
        }
    }
}
