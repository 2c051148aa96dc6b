//! Checks of the configuration alone, done once while compiling it.

use super::{codes, diagnostic};
use crate::error::{Diagnostic, Error};
use crate::mapping::config::{path, Config};
use crate::mapping::engine::{self, CompiledMapping, ResourceKind, Target};
use crate::mapping::scoping::{self, CompiledScoping};
use crate::scim::path::AttrPath;
use std::collections::HashMap;

/// A whole configuration compiled against a target: both resource kinds'
/// mappings and scoping, and every configuration diagnostic.
#[derive(Debug, Clone)]
pub struct CompiledConfig {
    pub users: CompiledKind,
    /// `None` when groups are not provisioned (`groups.enabled` false).
    pub groups: Option<CompiledKind>,
    /// Configuration findings, in configuration order.
    pub diagnostics: Vec<Diagnostic>,
}

/// One resource kind's compiled mapping and scoping.
#[derive(Debug, Clone)]
pub struct CompiledKind {
    pub mapping: CompiledMapping,
    /// `None` when a scoping clause has an error: then nobody is in scope,
    /// so a sync never acts on a filter the admin did not mean.
    pub scoping: Option<CompiledScoping>,
    /// Required top-level target attributes, with the rule mapping each
    /// (an index into the rules) when there is one.
    pub required: Vec<(AttrPath, Option<usize>)>,
    /// Where the name checks found their source attributes last.
    pub(crate) name_hints: super::record::NameHints,
}

/// Compiles `config` for `target`, collecting every configuration finding.
pub fn compile_config(config: &Config, target: &Target) -> CompiledConfig {
    let mut diagnostics = Vec::new();
    if target.profile.user_name_must_be_email && config.verified_domains.is_empty() {
        diagnostics.push(diagnostic(
            codes::CONFIG_NO_VERIFIED_DOMAINS,
            "$.verifiedDomains".to_string(),
            format!(
                "{} accepts only user names in the organization's own email domains, and verifiedDomains is empty",
                target.profile.label
            ),
            Some("list your domains, e.g. \"verifiedDomains\": [\"example.com\"]".to_string()),
        ));
    }
    let users = compile_kind(config, target, ResourceKind::User, &mut diagnostics);
    let groups = config
        .groups
        .enabled
        .then(|| compile_kind(config, target, ResourceKind::Group, &mut diagnostics));
    CompiledConfig {
        users,
        groups,
        diagnostics,
    }
}

fn compile_kind(
    config: &Config,
    target: &Target,
    kind: ResourceKind,
    diagnostics: &mut Vec<Diagnostic>,
) -> CompiledKind {
    let section = kind.mapping(config);
    let scoping_path = path::key(kind.config_path(), "scoping");
    let scoping = match scoping::compile_at(&section.scoping, &scoping_path) {
        Ok(compiled) => Some(compiled),
        Err(errors) => {
            diagnostics.extend(errors.iter().map(from_error));
            None
        }
    };
    let mapping = engine::compile(config, target, kind);
    diagnostics.extend(mapping.diagnostics().iter().cloned());
    matching_checks(&mapping, target, kind, diagnostics);
    let required = required_attributes(&mapping, target, kind);
    for (attribute, rule) in &required {
        if rule.is_none() {
            diagnostics.push(diagnostic(
                codes::MAPPING_REQUIRED_MISSING,
                path::key(kind.config_path(), "mappings"),
                format!(
                    "{} requires `{attribute}` on every {}, and no mapping sets it",
                    target.profile.label,
                    kind.noun()
                ),
                Some(match kind {
                    ResourceKind::User => {
                        "map e.g. mail or userPrincipalName to userName".to_string()
                    }
                    ResourceKind::Group => format!("map a source attribute to `{attribute}`"),
                }),
            ));
        }
    }
    CompiledKind {
        mapping,
        scoping,
        required,
        name_hints: Default::default(),
    }
}

/// An error of another layer (scoping) as an error diagnostic.
pub(crate) fn from_error(error: &Error) -> Diagnostic {
    let mut found = diagnostic(&error.code, error.path.clone(), error.message.clone(), None);
    found.severity = crate::error::Severity::Error;
    found
}

fn matching_checks(
    mapping: &CompiledMapping,
    target: &Target,
    kind: ResourceKind,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mappings_path = path::key(kind.config_path(), "mappings");
    let matching: Vec<_> = mapping
        .rules()
        .iter()
        .filter(|rule| rule.matching.is_some())
        .collect();
    if matching.is_empty() && !mapping.rules().is_empty() {
        let filterable = match kind {
            ResourceKind::User => &target.profile.user_filterable,
            ResourceKind::Group => &target.profile.group_filterable,
        };
        diagnostics.push(diagnostic(
            codes::MATCHING_MISSING,
            mappings_path.clone(),
            format!(
                "no {} mapping has \"matching\", so existing {} accounts cannot be found and would be created again",
                kind.noun(),
                target.profile.label
            ),
            Some(format!(
                "add \"matching\": 1 to the mapping of {}",
                filterable.first().map_or("userName", String::as_str)
            )),
        ));
    }
    let mut precedences: HashMap<u32, usize> = HashMap::new();
    for rule in matching {
        let at = path::key(&path::index(&mappings_path, rule.index), "matching");
        let precedence = rule.matching.unwrap_or(0);
        if let Some(first) = precedences.get(&precedence) {
            diagnostics.push(diagnostic(
                codes::MATCHING_DUPLICATE_PRECEDENCE,
                at.clone(),
                format!(
                    "matching precedence {precedence} is also used by {}; the earlier mapping is tried first",
                    path::index(&mappings_path, *first)
                ),
                Some("give each matching attribute its own number (1, 2, ...)".to_string()),
            ));
        } else {
            precedences.insert(precedence, rule.index);
        }
        if rule.path.is_some() && !target.profile.is_filterable(kind.name(), &rule.path_text) {
            let filterable = match kind {
                ResourceKind::User => &target.profile.user_filterable,
                ResourceKind::Group => &target.profile.group_filterable,
            };
            diagnostics.push(diagnostic(
                codes::MATCHING_NOT_FILTERABLE,
                at,
                format!(
                    "{} cannot search {}s by `{}`, so this matching attribute cannot find anyone",
                    target.profile.label,
                    kind.noun(),
                    rule.path_text
                ),
                Some(format!("match on {}", filterable.join(" or "))),
            ));
        }
    }
}

/// Required, writable top-level attributes of the kind's core schema and
/// required extensions, with the first rule (broken or not) that maps them.
fn required_attributes(
    mapping: &CompiledMapping,
    target: &Target,
    kind: ResourceKind,
) -> Vec<(AttrPath, Option<usize>)> {
    let Some(schema) = target.resource(kind) else {
        return Vec::new();
    };
    let core = schema.core.attributes.iter().map(|def| (None, def));
    let extensions = schema
        .extensions
        .iter()
        .filter(|(_, required)| *required)
        .flat_map(|(ext, _)| {
            ext.attributes
                .iter()
                .map(move |def| (Some(ext.id.clone()), def))
        });
    core.chain(extensions)
        .filter(|(_, def)| def.required && !def.is_read_only())
        .map(|(uri, def)| {
            let mut attribute = AttrPath::attribute(&def.name);
            attribute.uri = uri;
            let rule = mapping.rules().iter().position(|rule| {
                rule.path
                    .as_ref()
                    .is_some_and(|p| p.same_attribute(&attribute))
            });
            (attribute, rule)
        })
        .collect()
}
