//! Running one compiled rule on one record: read or evaluate the source,
//! convert, apply the default, check the value.

use super::coerce::{self, describe_value, Coerced};
use super::resource::Produced;
use super::rule::{value_type_code, Rule, RuleSource};
use super::{MapMode, MapOptions, Outcome, ResourceKind};
use crate::mapping::expr::{self, ExprValue};
use crate::mapping::source::{lookup_hinted, Record};
use crate::mapping::validate::codes;
use crate::scim::schema::AttrType;
use serde_json::{Map, Value};

/// A rule's value for one record before the default and the per-value
/// checks: the part that is the same whether creating or updating.
pub(super) enum Sourced<'r> {
    /// Left out (no value, or a problem recorded).
    Skip,
    /// Final as it is (group members).
    Done(Value),
    /// Converted; [`Rule::finish`] applies the default and the checks.
    Converted(Option<Produced<'r>>),
}

impl Rule {
    /// The converted value for one record; `None` when the attribute is
    /// left out (no value, or a problem recorded in `out`).
    pub(super) fn produce<'r>(
        &self,
        record: &'r Record,
        record_path: &str,
        options: &MapOptions,
        kind: ResourceKind,
        out: &mut Outcome,
    ) -> Option<Produced<'r>> {
        match self.source_value(record, record_path, options, kind, out) {
            Sourced::Skip => None,
            Sourced::Done(value) => Some(Produced::own(value)),
            Sourced::Converted(value) => self.finish(value, record_path, options.mode, kind, out),
        }
    }

    /// Reads or evaluates the source and converts it to the target type;
    /// does not depend on `options.mode`.
    pub(super) fn source_value<'r>(
        &self,
        record: &'r Record,
        record_path: &str,
        options: &MapOptions,
        kind: ResourceKind,
        out: &mut Outcome,
    ) -> Sourced<'r> {
        let raw = match &self.source {
            RuleSource::Direct(attribute) => match lookup_hinted(record, attribute, &self.key_hint)
            {
                // Already what the target takes: borrowed, not copied.
                Some(value) if !self.is_members && coerce::is_final(value, self.shape) => {
                    return Sourced::Converted(Some(Produced::Source(value)));
                }
                Some(value) => value.clone(),
                None => Value::Null,
            },
            RuleSource::Constant(value) => {
                return Sourced::Converted(value.clone().map(Produced::own))
            }
            RuleSource::None => Value::Null,
            RuleSource::Expression(parsed) => match expr::evaluate(parsed, record, &options.eval) {
                Ok(ExprValue::Ignore) => return Sourced::Skip,
                Ok(ExprValue::DateTime(millis)) if self.shape.attr_type == AttrType::DateTime => {
                    Value::String(coerce::format_rfc3339(millis))
                }
                // Moved, not cloned: most results are one fresh string.
                Ok(ExprValue::String(text)) => Value::String(text),
                Ok(value) => value.to_json(),
                Err(err) => {
                    out.diagnostics.push(self.record_diagnostic(
                        record_path,
                        codes::EXPR_RUNTIME,
                        format!("`{}`: {} ({})", self.target, err.message, err.path),
                    ));
                    return Sourced::Skip;
                }
            },
        };
        if self.is_members {
            return self
                .members(&raw, options, out)
                .map_or(Sourced::Skip, Sourced::Done);
        }
        match coerce::coerce(raw, self.shape) {
            Ok(Coerced { value, dropped }) => {
                if dropped > 0 {
                    out.diagnostics.push(self.record_diagnostic(
                        record_path,
                        kind.code(codes::USER_MULTIPLE_VALUES, codes::GROUP_MULTIPLE_VALUES),
                        format!(
                            "`{}` is single-valued; {dropped} further value(s) are not sent",
                            self.path_text
                        ),
                    ));
                }
                Sourced::Converted(value.map(Produced::own))
            }
            Err(reason) => {
                out.diagnostics.push(self.record_diagnostic(
                    record_path,
                    value_type_code(kind),
                    format!(
                        "`{}` ({}) {reason}; the attribute is left out",
                        self.path_text,
                        self.shape.describe()
                    ),
                ));
                Sourced::Skip
            }
        }
    }

    /// Applies the default (when creating), then the per-value checks.
    pub(super) fn finish<'r>(
        &self,
        produced: Option<Produced<'r>>,
        record_path: &str,
        mode: MapMode,
        kind: ResourceKind,
        out: &mut Outcome,
    ) -> Option<Produced<'r>> {
        let produced = match produced {
            Some(produced) => produced,
            None if mode == MapMode::Create => Produced::own(self.default.clone()?),
            None => return None,
        };
        let value = produced.get();
        if has_non_bmp(value) {
            out.diagnostics.push(self.record_diagnostic(
                record_path,
                kind.code(codes::USER_NON_BMP, codes::GROUP_NON_BMP),
                format!(
                    "`{}` holds characters outside the Basic Multilingual Plane (e.g. emoji): {}",
                    self.path_text,
                    describe_value(value)
                ),
            ));
        }
        if self.country_code && kind == ResourceKind::User {
            let valid = value.as_str().is_some_and(|code| {
                code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
            });
            if !valid {
                out.diagnostics.push(self.record_diagnostic(
                    record_path,
                    codes::USER_COUNTRY_CODE,
                    format!(
                        "`{}` should be a two-letter ISO 3166-1 code such as US, found {}",
                        self.path_text,
                        describe_value(value)
                    ),
                ));
            }
        }
        Some(produced)
    }

    /// Group members: source user ids → `[{"value": targetId}]`.
    fn members(&self, raw: &Value, options: &MapOptions, out: &mut Outcome) -> Option<Value> {
        let ids: Vec<&str> = match raw {
            Value::Array(items) => items.iter().filter_map(member_id).collect(),
            other => member_id(other).into_iter().collect(),
        };
        let mut resolved = Vec::with_capacity(ids.len());
        for id in ids {
            match options.id_map.get(id) {
                Some(target_id) => {
                    let mut member = Map::new();
                    member.insert("value".to_string(), Value::String(target_id.clone()));
                    resolved.push(Value::Object(member));
                }
                None => out.pending_members.push(id.to_string()),
            }
        }
        (!resolved.is_empty()).then_some(Value::Array(resolved))
    }
}

/// A member entry's id: a string, or an object's `value`.
fn member_id(entry: &Value) -> Option<&str> {
    match entry {
        Value::String(id) => Some(id.as_str()),
        other => other.get("value").and_then(Value::as_str),
    }
    .filter(|id| !id.is_empty())
}

/// Whether any string in the value needs 4 bytes in UTF-8 (a character
/// outside the BMP, e.g. an emoji). Iterative: values may nest deeply.
pub(crate) fn has_non_bmp(value: &Value) -> bool {
    match value {
        Value::String(text) => is_non_bmp(text),
        Value::Array(_) | Value::Object(_) => {
            let mut pending = vec![value];
            while let Some(value) = pending.pop() {
                match value {
                    Value::String(text) if is_non_bmp(text) => return true,
                    Value::Array(items) => pending.extend(items.iter()),
                    Value::Object(map) => pending.extend(map.values()),
                    _ => {}
                }
            }
            false
        }
        _ => false,
    }
}

/// A 4-byte UTF-8 sequence starts with a byte of 0xF0 or more. Most text
/// is ASCII, which `is_ascii` rules out a word at a time.
fn is_non_bmp(text: &str) -> bool {
    !text.is_ascii() && text.bytes().any(|b| b >= 0xF0)
}
