//! Validation: one list of [`Diagnostic`]s for the configuration alone
//! ([`validate_config`]) or the configuration applied to a source directory
//! ([`validate`]): severity, a stable code, a JSON path into the
//! configuration (`$.users.mappings[3].target`) or the directory
//! (`$.users[17].mail`), a message and, where obvious, a fix hint.
//!
//! Every code, its usual severity and meaning are in [`codes`] (and
//! `codes.md`, the user-facing copy).

pub mod codes;
mod config;
pub(crate) mod directory;
pub(crate) mod record;

pub use config::{compile_config, CompiledConfig, CompiledKind};

use crate::error::{Diagnostic, Severity};
use crate::mapping::config::Config;
use crate::mapping::engine::Target;
use crate::mapping::preview::{self, PreviewOptions};
use crate::mapping::source::Directory;
use std::collections::HashSet;

/// A diagnostic with the code's usual severity (see [`codes::ALL`]).
pub(crate) fn diagnostic(
    code: &str,
    path: String,
    message: String,
    hint: Option<String>,
) -> Diagnostic {
    let severity = codes::ALL
        .iter()
        .find(|(known, _, _)| *known == code)
        .map_or(Severity::Error, |(_, severity, _)| *severity);
    Diagnostic {
        severity,
        code: code.to_string(),
        path,
        message,
        hint,
    }
}

/// Findings about the configuration alone, for `target`.
pub fn validate_config(config: &Config, target: &Target) -> Vec<Diagnostic> {
    compile_config(config, target).diagnostics
}

/// [`validate_config`] against the target the configuration names
/// (`target.profile`), including `config.unknownProfile`.
pub fn validate_config_for_profile(config: &Config) -> Vec<Diagnostic> {
    let (target, mut diagnostics) = Target::for_config(config);
    diagnostics.extend(validate_config(config, &target));
    diagnostics
}

/// Configuration findings plus everything the directory reveals: each
/// in-scope record's problems and the cross-record ones (duplicate user
/// names, nothing in scope, attributes no record has). De-duplicated;
/// ordered as configuration findings first, then directory order.
pub fn validate(config: &Config, directory: &Directory, target: &Target) -> Vec<Diagnostic> {
    let preview = preview::preview(config, directory, target, &PreviewOptions::default());
    let mut all = preview.diagnostics;
    for item in preview.items {
        all.extend(item.diagnostics);
    }
    dedupe(all)
}

/// Drops repeated findings (same code, path and message), keeping the first.
pub fn dedupe(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    diagnostics
        .into_iter()
        .filter(|d| seen.insert((d.code.clone(), d.path.clone(), d.message.clone())))
        .collect()
}

/// Whether any diagnostic is an error (what makes `validate` exit 1).
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
