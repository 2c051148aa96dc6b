//! One scoping clause: checked once when compiled, then tested per record.

use crate::error::Error;
use crate::mapping::config::describe::quote;
use crate::mapping::config::{path, Clause, Operator, ValueKind};
use crate::mapping::source::{lookup_hinted, record_id, Directory, NameHint, Record};
use crate::scim::filter::{self, Filter};
use regex_lite::{Regex, RegexBuilder};
use serde_json::Value;
use std::borrow::Cow;

/// Compiled regexes are capped so a hostile pattern cannot eat memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const REGEX_NEST_LIMIT: u32 = 64;

#[derive(Debug, Clone)]
pub(super) struct CompiledClause {
    /// JSON path of the clause in the configuration.
    pub(super) path: String,
    /// The clause as the admin wrote it, for explanations.
    pub(super) text: String,
    /// The attribute read (empty for `IS MEMBER OF` and filters).
    pub(super) attribute: String,
    /// Where the attribute was in the last record (records list their
    /// attributes in the same order).
    hint: NameHint,
    test: Test,
}

#[derive(Debug, Clone)]
enum Test {
    Empty {
        expected: bool,
    },
    Boolean {
        expected: bool,
    },
    Text {
        kind: TextTest,
        value: String,
        negated: bool,
    },
    Regex {
        regex: Regex,
        negated: bool,
    },
    Integer {
        ordering: IntegerTest,
        value: i64,
    },
    OneOf {
        values: Vec<String>,
        negated: bool,
    },
    MemberOf {
        group: String,
    },
    ScimFilter {
        filter: Filter,
    },
}

#[derive(Debug, Clone, Copy)]
enum TextTest {
    Equals,
    StartsWith,
    EndsWith,
    Includes,
}

#[derive(Debug, Clone, Copy)]
enum IntegerTest {
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

pub(super) fn compile_clause(clause: &Clause, at: &str) -> Result<CompiledClause, Vec<Error>> {
    let (attribute, operator, value) = match clause {
        Clause::Attribute {
            attribute,
            operator,
            value,
        } => (
            attribute,
            *operator,
            value.as_ref().filter(|v| !v.is_null()),
        ),
        Clause::ScimFilter { scim_filter } => return compile_scim_filter(scim_filter, at),
    };
    let mut errors = Vec::new();
    if operator.needs_attribute() && attribute.is_empty() {
        errors.push(Error::new(
            "scoping.missingAttribute",
            path::key(at, "attribute"),
            format!("`{operator}` needs the source attribute to test"),
        ));
    }
    let value_path = path::key(at, "value");
    let test = match (operator.value_kind(), value) {
        (ValueKind::None, Some(_)) => Err(Error::new(
            "scoping.unexpectedValue",
            value_path,
            format!("`{operator}` takes no value; remove `value`"),
        )),
        (ValueKind::None, None) => Ok(no_value_test(operator)),
        (_, None) => Err(Error::new(
            "scoping.missingValue",
            value_path,
            format!("`{operator}` needs a value"),
        )),
        (kind, Some(value)) => valued_test(operator, kind, value, &value_path),
    };
    match test {
        Ok(test) if errors.is_empty() => Ok(CompiledClause {
            path: at.to_string(),
            text: describe_clause(attribute, operator, value),
            attribute: attribute.clone(),
            hint: NameHint::default(),
            test,
        }),
        Ok(_) => Err(errors),
        Err(error) => {
            errors.push(error);
            Err(errors)
        }
    }
}

fn no_value_test(operator: Operator) -> Test {
    match operator {
        Operator::IsTrue => Test::Boolean { expected: true },
        Operator::IsFalse => Test::Boolean { expected: false },
        Operator::IsNull => Test::Empty { expected: true },
        _ => Test::Empty { expected: false },
    }
}

fn valued_test(
    operator: Operator,
    kind: ValueKind,
    value: &Value,
    at: &str,
) -> Result<Test, Error> {
    let type_error = |expected: &str| {
        Error::new(
            "scoping.valueType",
            at,
            format!(
                "`{operator}` needs {expected} as its value, found {}",
                quote(&value.to_string())
            ),
        )
    };
    match kind {
        ValueKind::Text => {
            let value = scalar_text(value)
                .ok_or_else(|| type_error("a string"))?
                .into_owned();
            let (kind, negated) = match operator {
                Operator::NotEquals => (TextTest::Equals, true),
                Operator::StartsWith => (TextTest::StartsWith, false),
                Operator::EndsWith => (TextTest::EndsWith, false),
                Operator::Includes => (TextTest::Includes, false),
                _ => (TextTest::Equals, false),
            };
            Ok(Test::Text {
                kind,
                value,
                negated,
            })
        }
        ValueKind::Integer => {
            let value = integer(value).ok_or_else(|| type_error("an integer"))?;
            let ordering = match operator {
                Operator::GreaterThan => IntegerTest::Greater,
                Operator::GreaterThanOrEquals => IntegerTest::GreaterOrEqual,
                Operator::LessThan => IntegerTest::Less,
                _ => IntegerTest::LessOrEqual,
            };
            Ok(Test::Integer { ordering, value })
        }
        ValueKind::Regex => {
            let pattern = value
                .as_str()
                .ok_or_else(|| type_error("a regular expression string"))?;
            let regex = RegexBuilder::new(pattern)
                .size_limit(REGEX_SIZE_LIMIT)
                .nest_limit(REGEX_NEST_LIMIT)
                .build()
                .map_err(|err| {
                    Error::new(
                        "scoping.regex",
                        at,
                        format!("invalid regular expression `{}`: {err}", quote(pattern)),
                    )
                })?;
            let negated = operator == Operator::NotRegexMatch;
            Ok(Test::Regex { regex, negated })
        }
        ValueKind::List => {
            let items = value
                .as_array()
                .ok_or_else(|| type_error("an array of strings"))?;
            let mut values = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let text = scalar_text(item).map(Cow::into_owned).ok_or_else(|| {
                    Error::new(
                        "scoping.valueType",
                        path::index(at, i),
                        format!(
                            "`{operator}` list entries must be strings, found {}",
                            quote(&item.to_string())
                        ),
                    )
                })?;
                values.push(text);
            }
            let negated = operator == Operator::IsNotIn;
            Ok(Test::OneOf { values, negated })
        }
        ValueKind::Group | ValueKind::None => {
            let group = value
                .as_str()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| type_error("a group id or display name"))?;
            Ok(Test::MemberOf {
                group: group.to_string(),
            })
        }
    }
}

/// A `{"scimFilter": ...}` clause: parsed once with the SCIM filter parser.
fn compile_scim_filter(text: &str, at: &str) -> Result<CompiledClause, Vec<Error>> {
    let filter = filter::parse(text).map_err(|err| {
        vec![Error::new(
            "scoping.scimFilter",
            path::key(at, "scimFilter"),
            format!("invalid SCIM filter at {}: {}", err.path, err.message),
        )]
    })?;
    Ok(CompiledClause {
        path: at.to_string(),
        text: format!("scimFilter `{}`", quote(text)),
        attribute: String::new(),
        hint: NameHint::default(),
        test: Test::ScimFilter { filter },
    })
}

impl CompiledClause {
    pub(super) fn holds(&self, record: &Record, directory: &Directory) -> bool {
        match &self.test {
            Test::MemberOf { group } => {
                return record_id(record).is_some_and(|id| directory.is_member_of(id, group));
            }
            // RFC 7644 semantics without a schema: attribute names and
            // string comparisons are case-insensitive.
            // Filters work on JSON: the record is built as one (rare: most
            // scoping uses Entra's operators).
            Test::ScimFilter { filter } => return filter.matches(&record.to_value(), None),
            _ => {}
        }
        let values = AttributeValues::of(record, &self.attribute, &self.hint);
        let is_empty = values.iter().next().is_none();
        if let Test::Empty { expected } = self.test {
            return is_empty == expected;
        }
        if is_empty {
            return false;
        }
        let any = |test: &dyn Fn(&Value) -> bool| values.iter().any(test);
        match &self.test {
            Test::Boolean { expected } => any(&|v| as_boolean(v) == Some(*expected)),
            Test::Text {
                kind,
                value,
                negated,
            } => {
                let found = any(&|v| text_test(*kind, v, value));
                found != *negated
            }
            Test::Regex { regex, negated } => {
                let found = any(&|v| scalar_text(v).is_some_and(|text| regex.is_match(&text)));
                found != *negated
            }
            Test::Integer { ordering, value } => any(&|v| {
                integer(v).is_some_and(|actual| match ordering {
                    IntegerTest::Greater => actual > *value,
                    IntegerTest::GreaterOrEqual => actual >= *value,
                    IntegerTest::Less => actual < *value,
                    IntegerTest::LessOrEqual => actual <= *value,
                })
            }),
            Test::OneOf {
                values: list,
                negated,
            } => {
                let found = any(&|v| list.iter().any(|item| text_test(TextTest::Equals, v, item)));
                found != *negated
            }
            Test::Empty { .. } | Test::MemberOf { .. } | Test::ScimFilter { .. } => false,
        }
    }
}

/// The non-empty values of an attribute: multi-valued attributes are
/// flattened, object elements read through `value`, `null` and `""` dropped.
/// Read in place (no list per record and clause: scoping runs on every
/// record of a preview and a plan).
enum AttributeValues<'a> {
    One(&'a Value),
    Many(&'a [Value]),
}

impl<'a> AttributeValues<'a> {
    fn of(record: &'a Record, attribute: &str, hint: &NameHint) -> AttributeValues<'a> {
        match lookup_hinted(record, attribute, hint) {
            None => AttributeValues::Many(&[]),
            Some(Value::Array(items)) => AttributeValues::Many(items),
            Some(value) => AttributeValues::One(value),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &'a Value> + '_ {
        let items: &'a [Value] = match self {
            AttributeValues::One(value) => std::slice::from_ref(*value),
            AttributeValues::Many(items) => items,
        };
        items.iter().filter_map(|value| {
            let value = match value {
                Value::Object(_) => value.get("value")?,
                other => other,
            };
            let empty = value.is_null() || value.as_str() == Some("");
            (!empty).then_some(value)
        })
    }
}

fn text_test(kind: TextTest, actual: &Value, expected: &str) -> bool {
    let Some(text) = scalar_text(actual) else {
        return false;
    };
    match kind {
        TextTest::Equals if actual.is_boolean() => text.eq_ignore_ascii_case(expected),
        TextTest::Equals => text == expected,
        TextTest::StartsWith => text.starts_with(expected),
        TextTest::EndsWith => text.ends_with(expected),
        TextTest::Includes => text.contains(expected),
    }
}

/// A scalar as text: strings as they are, numbers as JSON, booleans as
/// `true`/`false`; arrays, objects and null have no text.
fn scalar_text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(text) => Some(Cow::Borrowed(text)),
        Value::Number(number) => Some(Cow::Owned(number.to_string())),
        Value::Bool(flag) => Some(Cow::Borrowed(if *flag { "true" } else { "false" })),
        _ => None,
    }
}

fn as_boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
        Value::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A JSON integer, or text holding one (surrounding spaces allowed).
fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn describe_clause(attribute: &str, operator: Operator, value: Option<&Value>) -> String {
    let mut text = String::new();
    if !attribute.is_empty() {
        text.push_str(&quote(attribute));
        text.push(' ');
    }
    text.push_str(operator.name());
    if let Some(value) = value {
        text.push(' ');
        text.push_str(&quote(&value.to_string()));
    }
    text
}
