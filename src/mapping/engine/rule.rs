//! One configured mapping, compiled: its resolved target, its source ready
//! to evaluate, and its compile-time diagnostics.

use super::coerce::{self, describe_value, Coerced, Shape};
use super::write::Writer;
use super::{record_attribute_path, MapMode, ResourceKind, Target};
use crate::error::{Diagnostic, Error, Severity};
use crate::mapping::config::{path, ApplyOn, Mapping, ResourceMapping, Source};
use crate::mapping::expr::{self, EvalContext, Expr};
use crate::mapping::source::NameHint;
use crate::mapping::validate::{self, codes};
use crate::scim::path::AttrPath;
use crate::scim::schema::{AttrType, ResourceSchema};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// A compiled mapping. `broken` ones are kept for display but never run.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Position in the configuration's `mappings`.
    pub index: usize,
    /// The target as configured.
    pub target: String,
    /// The resolved path; `None` when the target is not a known attribute.
    pub path: Option<AttrPath>,
    /// The resolved path's canonical text (`emails[type eq "work"].value`),
    /// or the configured text when it did not resolve. Shared with every
    /// record's [`MatchKey`](super::MatchKey) that names it.
    pub path_text: Arc<str>,
    pub source: RuleSource,
    pub apply_on: ApplyOn,
    /// The target profile honours this attribute only on create.
    pub create_only: bool,
    pub matching: Option<u32>,
    /// The source attribute diagnostics about a value point at.
    pub source_attribute: Option<String>,
    /// A compile error: the mapping is skipped when mapping.
    pub broken: bool,
    pub(crate) shape: Shape,
    pub(crate) default: Option<Value>,
    pub(crate) is_members: bool,
    pub(crate) country_code: bool,
    pub(crate) writer: Writer,
    /// Where a direct source's key sat in the last record read.
    pub(crate) key_hint: NameHint,
}

/// A mapping's source, ready to evaluate.
#[derive(Debug, Clone)]
pub enum RuleSource {
    Direct(String),
    /// Already converted to the target type; `None` for an empty constant.
    Constant(Option<Value>),
    Expression(Expr),
    None,
}

pub(super) struct CompiledRules {
    pub core_urn: String,
    pub rules: Vec<Rule>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A diagnostic at a configuration path.
fn config_diagnostic(
    severity: Severity,
    code: &str,
    path: String,
    message: String,
    hint: Option<String>,
) -> Diagnostic {
    Diagnostic {
        severity,
        code: code.to_string(),
        path,
        message,
        hint,
    }
}

pub(super) fn compile_rules(
    section: &ResourceMapping,
    target: &Target,
    kind: ResourceKind,
) -> CompiledRules {
    let mappings_path = path::key(kind.config_path(), "mappings");
    let mut diagnostics = Vec::new();
    let Some(schema) = target.resource(kind) else {
        let rules = section
            .mappings
            .iter()
            .enumerate()
            .map(|(index, mapping)| unresolved_rule(index, mapping))
            .collect();
        if !section.mappings.is_empty() {
            diagnostics.push(config_diagnostic(
                Severity::Error,
                codes::MAPPING_UNKNOWN_TARGET,
                mappings_path,
                format!("the target has no {} resource type", kind.name()),
                None,
            ));
        }
        return CompiledRules {
            core_urn: String::new(),
            rules,
            diagnostics,
        };
    };
    let mut seen_targets: HashMap<String, usize> = HashMap::new();
    let mut rules = Vec::with_capacity(section.mappings.len());
    for (index, mapping) in section.mappings.iter().enumerate() {
        let at = path::index(&mappings_path, index);
        let mut rule = compile_rule(index, mapping, &at, &schema, target, kind, &mut diagnostics);
        if rule.path.is_some() {
            let key = rule.path_text.to_ascii_lowercase();
            match seen_targets.get(&key).copied() {
                Some(first) => {
                    // Keep whichever of the two works: a broken first mapping
                    // must not disable a good second one.
                    let first_usable = rules.get(first).is_some_and(|r: &Rule| !r.broken);
                    diagnostics.push(config_diagnostic(
                        Severity::Error,
                        codes::MAPPING_DUPLICATE_TARGET,
                        path::key(&at, "target"),
                        format!(
                            "`{}` is already mapped by {}; {}",
                            rule.path_text,
                            path::index(&mappings_path, first),
                            if first_usable {
                                "this mapping is ignored"
                            } else {
                                "that one is broken, so this one is used"
                            }
                        ),
                        Some("remove one of the two mappings".to_string()),
                    ));
                    if first_usable {
                        rule.broken = true;
                    } else if !rule.broken {
                        seen_targets.insert(key, index);
                    }
                }
                None => {
                    seen_targets.insert(key, index);
                }
            }
        }
        rules.push(rule);
    }
    CompiledRules {
        core_urn: schema.core.id.clone(),
        rules,
        diagnostics,
    }
}

fn unresolved_rule(index: usize, mapping: &Mapping) -> Rule {
    Rule {
        index,
        target: mapping.target.clone(),
        path: None,
        path_text: mapping.target.as_str().into(),
        source: RuleSource::None,
        apply_on: mapping.apply_on,
        create_only: false,
        matching: mapping.matching,
        source_attribute: None,
        broken: true,
        shape: Shape {
            attr_type: AttrType::String,
            multi_valued: false,
            value_sub: None,
        },
        default: None,
        is_members: false,
        country_code: false,
        writer: Writer::Generic,
        key_hint: NameHint::default(),
    }
}

fn compile_rule(
    index: usize,
    mapping: &Mapping,
    at: &str,
    schema: &ResourceSchema,
    target: &Target,
    kind: ResourceKind,
    diagnostics: &mut Vec<Diagnostic>,
) -> Rule {
    let mut rule = unresolved_rule(index, mapping);
    let target_at = path::key(at, "target");
    let path = match resolve_target(&mapping.target, schema, target, &target_at) {
        Ok(path) => path,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return rule;
        }
    };
    let def = schema.attribute(&path);
    let top = schema.top_attribute(&path);
    let (Some(def), Some(top)) = (def, top) else {
        return rule;
    };
    rule.broken = false;
    if def.is_read_only() || top.is_read_only() {
        diagnostics.push(config_diagnostic(
            Severity::Error,
            codes::MAPPING_READ_ONLY_TARGET,
            target_at.clone(),
            format!("`{path}` is read-only: the target server sets it"),
            Some("remove this mapping".to_string()),
        ));
        rule.broken = true;
    }
    rule.shape = if path.sub_attribute.is_some() {
        Shape::of(def)
    } else if path.filter.is_some() {
        Shape::of(def).single()
    } else {
        Shape::of(def)
    };
    rule.is_members = kind == ResourceKind::Group
        && path.filter.is_none()
        && path.sub_attribute.is_none()
        && top.name.eq_ignore_ascii_case("members")
        && std::ptr::eq(
            schema
                .schema_for_uri(path.uri.as_deref())
                .unwrap_or(schema.core),
            schema.core,
        );
    rule.create_only = target.profile.is_create_only(&path);
    rule.country_code = target.profile.is_country_code(&path);
    rule.path_text = path.to_string().into();
    let (source, broken) = compile_source(&mapping.source, &rule, at, diagnostics);
    rule.source_attribute = match &source {
        RuleSource::Direct(attribute) => Some(attribute.clone()),
        RuleSource::Expression(expr) => expr.attributes().into_iter().next(),
        _ => None,
    };
    rule.source = source;
    rule.broken |= broken;
    if let Some(default) = &mapping.default {
        match coerce::coerce(default.clone(), rule.shape) {
            Ok(Coerced { value, .. }) => rule.default = value,
            Err(reason) => diagnostics.push(config_diagnostic(
                Severity::Error,
                codes::MAPPING_CONSTANT_TYPE,
                path::key(at, "default"),
                format!(
                    "default {} does not fit `{}` ({}): it {reason}",
                    describe_value(default),
                    rule.path_text,
                    rule.shape.describe()
                ),
                type_hint(rule.shape),
            )),
        }
    }
    if rule.create_only
        && mapping.apply_on == ApplyOn::Always
        && !matches!(rule.source, RuleSource::None)
    {
        diagnostics.push(config_diagnostic(
            Severity::Warning,
            codes::MAPPING_CREATE_ONLY_ALWAYS,
            path::key(at, "applyOn"),
            format!(
                "{} honours `{}` only when the {} is created; later changes will not reach it",
                target.profile.label,
                rule.path_text,
                kind.noun()
            ),
            Some("set \"applyOn\": \"create\" to say so".to_string()),
        ));
    }
    rule.writer = Writer::for_path(&path, top.multi_valued);
    rule.path = Some(path);
    rule
}

/// Resolves a target path, or explains why it cannot be.
fn resolve_target(
    text: &str,
    schema: &ResourceSchema,
    target: &Target,
    at: &str,
) -> Result<AttrPath, Diagnostic> {
    let unsupported = |path: &AttrPath| {
        target.profile.unsupported_hint(path).map(|hint| {
            config_diagnostic(
                Severity::Warning,
                codes::MAPPING_UNSUPPORTED_TARGET,
                at.to_string(),
                format!(
                    "{} does not support `{path}`; this mapping is ignored",
                    target.profile.label
                ),
                Some(hint.to_string()),
            )
        })
    };
    let parsed = AttrPath::parse(text).map_err(|err| {
        config_diagnostic(
            Severity::Error,
            codes::MAPPING_TARGET_SYNTAX,
            at.to_string(),
            format!(
                "`{text}` is not a SCIM attribute path: {} ({})",
                err.message, err.path
            ),
            Some("write e.g. `name.formatted` or `emails[type eq \"work\"].value`".to_string()),
        )
    })?;
    if let Some(diagnostic) = unsupported(&parsed) {
        return Err(diagnostic);
    }
    let resolved = schema.resolve(text).map_err(|err| {
        let hint = err
            .message
            .split_once("did you mean ")
            .map(|(_, suggestion)| format!("did you mean {suggestion}"));
        config_diagnostic(
            Severity::Error,
            codes::MAPPING_UNKNOWN_TARGET,
            at.to_string(),
            format!(
                "{} ({} {})",
                err.message,
                target.profile.label,
                schema.name()
            ),
            hint,
        )
    })?;
    match unsupported(&resolved) {
        Some(diagnostic) => Err(diagnostic),
        None => Ok(resolved),
    }
}

/// The compiled source, and whether it is broken.
fn compile_source(
    source: &Source,
    rule: &Rule,
    at: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (RuleSource, bool) {
    let source_at = path::key(at, "source");
    match source {
        Source::Direct { attribute } => (RuleSource::Direct(attribute.clone()), false),
        Source::None => (RuleSource::None, false),
        Source::Constant { value } => match coerce::coerce(value.clone(), rule.shape) {
            Ok(Coerced { value, .. }) => (RuleSource::Constant(value), false),
            Err(reason) => {
                diagnostics.push(config_diagnostic(
                    Severity::Error,
                    codes::MAPPING_CONSTANT_TYPE,
                    path::key(&source_at, "value"),
                    format!(
                        "constant {} does not fit `{}` ({}): it {reason}",
                        describe_value(value),
                        rule.path_text,
                        rule.shape.describe()
                    ),
                    type_hint(rule.shape),
                ));
                (RuleSource::None, true)
            }
        },
        Source::Expression { expression } => {
            let expression_at = path::key(&source_at, "expression");
            match expr::parse(expression) {
                Ok(parsed) => match invalid_regex(&parsed) {
                    Some(err) => {
                        diagnostics.push(config_diagnostic(
                            Severity::Error,
                            codes::EXPR_INVALID_REGEX,
                            expression_at,
                            format!("{} ({})", err.message, err.path),
                            Some("regexPattern uses .NET-style syntax without look-around or back-references".to_string()),
                        ));
                        (RuleSource::None, true)
                    }
                    None => (RuleSource::Expression(parsed), false),
                },
                Err(err) => {
                    diagnostics.push(config_diagnostic(
                        Severity::Error,
                        &err.code,
                        expression_at,
                        format!("{} ({})", err.message, err.path),
                        Some(
                            "try it with `scim-mapper eval`; see the expression reference"
                                .to_string(),
                        ),
                    ));
                    (RuleSource::None, true)
                }
            }
        }
    }
}

/// A Replace whose literal regexPattern does not compile fails for every
/// record; evaluating once on an empty record finds it at compile time
/// (patterns compile before the source is read).
fn invalid_regex(parsed: &Expr) -> Option<Error> {
    let empty = crate::mapping::source::Record::default();
    match expr::evaluate(parsed, &empty, &EvalContext::default()) {
        Err(err) if err.message.contains("invalid regexPattern") => Some(err),
        _ => None,
    }
}

fn type_hint(shape: Shape) -> Option<String> {
    let hint = match shape.attr_type {
        AttrType::Boolean => "use true or false",
        AttrType::Integer => "use a whole number",
        AttrType::Decimal => "use a number",
        AttrType::DateTime => "use an RFC 3339 time such as 2021-07-02T15:33:38Z",
        AttrType::Complex => "use a JSON object",
        _ => "use a string",
    };
    Some(hint.to_string())
}

pub(super) fn value_type_code(kind: ResourceKind) -> &'static str {
    kind.code(codes::USER_VALUE_TYPE, codes::GROUP_VALUE_TYPE)
}

impl Rule {
    /// Whether the rule writes its attribute in `mode`.
    pub fn applies_in(&self, mode: MapMode) -> bool {
        mode == MapMode::Create || (self.apply_on == ApplyOn::Always && !self.create_only)
    }

    /// A diagnostic about this rule's value for one record.
    pub(crate) fn record_diagnostic(
        &self,
        record_path: &str,
        code: &str,
        message: String,
    ) -> Diagnostic {
        let path = record_attribute_path(record_path, self.source_attribute.as_deref());
        validate::diagnostic(code, path, message, None)
    }
}
