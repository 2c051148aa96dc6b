//! The typed reader behind [`super::load`]: walks a `serde_json::Value`,
//! builds the [`Config`] and records every problem with its JSON path.
//!
//! Error codes: `config.type` (wrong JSON type), `config.missing` (required
//! field absent), `config.unknownField`, `config.enum` (value not among the
//! allowed names), `config.range` (number out of range), `config.version`.

use super::describe::{kind, quote};
use super::path;
use super::{
    Actions, ApplyOn, Clause, Config, Deprovision, DiscoveredTarget, Mapping, Operator,
    OutOfScopeAction, ResourceMapping, ScopingGroup, Source, TargetConfig, VERSION,
};
use crate::error::Error;
use crate::scim::schema::SchemaSet;
use serde_json::{Map, Value};

type Object = Map<String, Value>;

const TOP_FIELDS: &[&str] = &[
    "$schema",
    "version",
    "target",
    "verifiedDomains",
    "actions",
    "deprovision",
    "users",
    "groups",
];
const TARGET_FIELDS: &[&str] = &["profile", "baseUrl", "discovered"];
const DISCOVERED_FIELDS: &[&str] = &["schemas", "resourceTypes", "patchSupported"];
const ACTION_FIELDS: &[&str] = &["create", "update", "deactivate", "delete"];
const DEPROVISION_FIELDS: &[&str] = &["onOutOfScope", "deleteAfterDays"];
const RESOURCE_FIELDS: &[&str] = &["enabled", "scoping", "mappings"];
const MAPPING_FIELDS: &[&str] = &["target", "source", "applyOn", "default", "matching"];
const SCOPING_GROUP_FIELDS: &[&str] = &["clauses"];
const ATTRIBUTE_CLAUSE_FIELDS: &[&str] = &["attribute", "operator", "value"];
const FILTER_CLAUSE_FIELDS: &[&str] = &["scimFilter"];

pub(super) fn read_config(value: &Value) -> Result<Config, Vec<Error>> {
    let mut reader = Reader::default();
    let config = reader.config(value);
    match config {
        Some(config) if reader.errors.is_empty() => Ok(config),
        _ => Err(reader.errors),
    }
}

#[derive(Default)]
struct Reader {
    errors: Vec<Error>,
}

impl Reader {
    fn config(&mut self, value: &Value) -> Option<Config> {
        let root = self.object(value, "$", "the configuration")?;
        // A file of another version may mean anything: report only that.
        if let Some(version) = root.get("version") {
            if version.as_u64() != Some(VERSION) {
                self.errors = vec![Error::new(
                    "config.version",
                    "$.version",
                    format!(
                        "unsupported configuration version {}; this build reads version {VERSION}",
                        quote(&version.to_string())
                    ),
                )];
                return None;
            }
        }
        self.unknown_fields(root, "$", TOP_FIELDS);
        self.required(root, "$", "version");
        let schema = self.optional(root, "$", "$schema", Reader::string);
        let target = self.required_with(root, "$", "target", Reader::target);
        let verified_domains = self
            .optional(root, "$", "verifiedDomains", |r, v, p| {
                r.array(v, p, Reader::string)
            })
            .unwrap_or_default();
        let actions = self
            .optional(root, "$", "actions", Reader::actions)
            .unwrap_or_default();
        let deprovision = self
            .optional(root, "$", "deprovision", Reader::deprovision)
            .unwrap_or_default();
        let users = self
            .optional(root, "$", "users", Reader::resource)
            .unwrap_or_else(|| ResourceMapping::empty(true));
        let groups = self
            .optional(root, "$", "groups", Reader::resource)
            .unwrap_or_else(|| ResourceMapping::empty(false));
        Some(Config {
            schema,
            version: VERSION,
            target: target?,
            verified_domains,
            actions,
            deprovision,
            users,
            groups,
        })
    }

    fn target(&mut self, value: &Value, at: &str) -> Option<TargetConfig> {
        let map = self.object(value, at, "the target")?;
        self.unknown_fields(map, at, TARGET_FIELDS);
        let profile = self.required_with(map, at, "profile", Reader::non_empty_string);
        let base_url = self.optional(map, at, "baseUrl", Reader::string);
        let discovered = self.optional(map, at, "discovered", Reader::discovered);
        Some(TargetConfig {
            profile: profile?,
            base_url,
            discovered,
        })
    }

    /// `target.discovered`: the schemas go through the same parser as a
    /// live server's answers, its error paths moved under `at`.
    fn discovered(&mut self, value: &Value, at: &str) -> Option<DiscoveredTarget> {
        let map = self.object(value, at, "the discovered schemas")?;
        self.unknown_fields(map, at, DISCOVERED_FIELDS);
        let has_schemas = self.required(map, at, "schemas");
        let has_types = self.required(map, at, "resourceTypes");
        let patch_supported = self.optional(map, at, "patchSupported", Reader::boolean);
        if !(has_schemas && has_types) {
            return None;
        }
        let null = Value::Null;
        let schemas = map.get("schemas").unwrap_or(&null);
        let resource_types = map.get("resourceTypes").unwrap_or(&null);
        match SchemaSet::from_discovery(schemas, resource_types) {
            Ok(schemas) => Some(DiscoveredTarget {
                schemas,
                patch_supported,
            }),
            Err(error) => {
                let inner = error.path.strip_prefix('$').unwrap_or(&error.path);
                let located = format!("{at}{inner}");
                self.error("config.schema", located, error.message);
                None
            }
        }
    }

    fn actions(&mut self, value: &Value, at: &str) -> Option<Actions> {
        let map = self.object(value, at, "the actions")?;
        self.unknown_fields(map, at, ACTION_FIELDS);
        let defaults = Actions::default();
        let mut flag = |name: &str, default: bool| {
            self.optional(map, at, name, Reader::boolean)
                .unwrap_or(default)
        };
        Some(Actions {
            create: flag("create", defaults.create),
            update: flag("update", defaults.update),
            deactivate: flag("deactivate", defaults.deactivate),
            delete: flag("delete", defaults.delete),
        })
    }

    fn deprovision(&mut self, value: &Value, at: &str) -> Option<Deprovision> {
        let map = self.object(value, at, "the deprovisioning options")?;
        self.unknown_fields(map, at, DEPROVISION_FIELDS);
        let on_out_of_scope = self
            .optional(map, at, "onOutOfScope", |r, v, p| {
                r.name(
                    v,
                    p,
                    "out-of-scope action",
                    &OutOfScopeAction::NAMES,
                    |s| match s {
                        "deactivate" => Some(OutOfScopeAction::Deactivate),
                        "delete" => Some(OutOfScopeAction::Delete),
                        "none" => Some(OutOfScopeAction::None),
                        _ => None,
                    },
                )
            })
            .unwrap_or_default();
        let delete_after_days = match map.get("deleteAfterDays") {
            None | Some(Value::Null) => None,
            Some(days) => self.integer(days, &path::key(at, "deleteAfterDays"), 0),
        };
        Some(Deprovision {
            on_out_of_scope,
            delete_after_days,
        })
    }

    fn resource(&mut self, value: &Value, at: &str) -> Option<ResourceMapping> {
        let map = self.object(value, at, "a resource mapping")?;
        self.unknown_fields(map, at, RESOURCE_FIELDS);
        let enabled = self
            .optional(map, at, "enabled", Reader::boolean)
            .unwrap_or(true);
        let scoping = self
            .optional(map, at, "scoping", |r, v, p| {
                r.array(v, p, Reader::scoping_group)
            })
            .unwrap_or_default();
        let mappings = self
            .optional(map, at, "mappings", |r, v, p| {
                r.array(v, p, Reader::mapping)
            })
            .unwrap_or_default();
        Some(ResourceMapping {
            enabled,
            scoping,
            mappings,
        })
    }

    fn mapping(&mut self, value: &Value, at: &str) -> Option<Mapping> {
        let map = self.object(value, at, "a mapping")?;
        self.unknown_fields(map, at, MAPPING_FIELDS);
        let target = self.required_with(map, at, "target", Reader::non_empty_string);
        let source = self.required_with(map, at, "source", Reader::source);
        let apply_on = self
            .optional(map, at, "applyOn", |r, v, p| {
                r.name(v, p, "applyOn value", &ApplyOn::NAMES, |s| match s {
                    "always" => Some(ApplyOn::Always),
                    "create" => Some(ApplyOn::Create),
                    _ => None,
                })
            })
            .unwrap_or_default();
        let default = map.get("default").filter(|v| !v.is_null()).cloned();
        let matching = self.optional(map, at, "matching", |r, v, p| r.integer(v, p, 1));
        Some(Mapping {
            target: target?,
            source: source?,
            apply_on,
            default,
            matching,
        })
    }

    fn source(&mut self, value: &Value, at: &str) -> Option<Source> {
        let map = self.object(value, at, "a source")?;
        let kind = self.required_with(map, at, "type", |r, v, p| {
            r.name(v, p, "source type", &Source::TYPE_NAMES, |s| {
                Source::TYPE_NAMES.contains(&s).then(|| s.to_string())
            })
        })?;
        match kind.as_str() {
            "direct" => {
                self.unknown_fields(map, at, &["type", "attribute"]);
                let attribute = self.required_with(map, at, "attribute", Reader::non_empty_string);
                Some(Source::Direct {
                    attribute: attribute?,
                })
            }
            "constant" => {
                self.unknown_fields(map, at, &["type", "value"]);
                let value = self.required_with(map, at, "value", |_, v, _| Some(v.clone()));
                Some(Source::Constant { value: value? })
            }
            "expression" => {
                self.unknown_fields(map, at, &["type", "expression"]);
                let expression = self.required_with(map, at, "expression", Reader::string);
                Some(Source::Expression {
                    expression: expression?,
                })
            }
            _ => {
                self.unknown_fields(map, at, &["type"]);
                Some(Source::None)
            }
        }
    }

    fn scoping_group(&mut self, value: &Value, at: &str) -> Option<ScopingGroup> {
        let map = self.object(value, at, "a scoping filter")?;
        self.unknown_fields(map, at, SCOPING_GROUP_FIELDS);
        let clauses =
            self.required_with(map, at, "clauses", |r, v, p| r.array(v, p, Reader::clause))?;
        Some(ScopingGroup { clauses })
    }

    fn clause(&mut self, value: &Value, at: &str) -> Option<Clause> {
        let map = self.object(value, at, "a scoping clause")?;
        if map.contains_key("scimFilter") {
            for key in map.keys().filter(|k| k.as_str() != "scimFilter") {
                let message = if ATTRIBUTE_CLAUSE_FIELDS.contains(&key.as_str()) {
                    format!("`{key}` cannot be combined with `scimFilter`; a clause has either a scimFilter or an attribute, operator and value")
                } else {
                    unknown_field_message(key, FILTER_CLAUSE_FIELDS)
                };
                self.error("config.unknownField", path::key(at, key), message);
            }
            let filter = self.required_with(map, at, "scimFilter", Reader::non_empty_string)?;
            return Some(Clause::ScimFilter {
                scim_filter: filter,
            });
        }
        self.unknown_fields(map, at, ATTRIBUTE_CLAUSE_FIELDS);
        let attribute = self
            .optional(map, at, "attribute", Reader::string)
            .unwrap_or_default();
        let operator = self.required_with(map, at, "operator", |r, v, p| {
            let names: Vec<&str> = Operator::ALL.iter().map(|op| op.name()).collect();
            r.name(v, p, "operator", &names, Operator::parse)
        })?;
        let value = map.get("value").filter(|v| !v.is_null()).cloned();
        Some(Clause::Attribute {
            attribute,
            operator,
            value,
        })
    }

    // ---- primitive readers: each records an error and returns None ----

    fn object<'v>(&mut self, value: &'v Value, at: &str, what: &str) -> Option<&'v Object> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                let message = format!("expected {what} (an object), found {}", kind(other));
                self.error("config.type", at.to_string(), message);
                None
            }
        }
    }

    fn array<T>(
        &mut self,
        value: &Value,
        at: &str,
        mut item: impl FnMut(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Value::Array(items) = value else {
            let message = format!("expected an array, found {}", kind(value));
            self.error("config.type", at.to_string(), message);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut complete = true;
        for (i, value) in items.iter().enumerate() {
            match item(self, value, &path::index(at, i)) {
                Some(v) => out.push(v),
                None => complete = false,
            }
        }
        complete.then_some(out)
    }

    fn string(&mut self, value: &Value, at: &str) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                let message = format!("expected a string, found {}", kind(other));
                self.error("config.type", at.to_string(), message);
                None
            }
        }
    }

    fn non_empty_string(&mut self, value: &Value, at: &str) -> Option<String> {
        let text = self.string(value, at)?;
        if text.is_empty() {
            self.error(
                "config.range",
                at.to_string(),
                "must not be empty".to_string(),
            );
            return None;
        }
        Some(text)
    }

    fn boolean(&mut self, value: &Value, at: &str) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                let message = format!("expected true or false, found {}", kind(other));
                self.error("config.type", at.to_string(), message);
                None
            }
        }
    }

    /// A whole number in `min..=u32::MAX`.
    fn integer(&mut self, value: &Value, at: &str, min: u64) -> Option<u32> {
        let whole = match value {
            Value::Number(number) if number.is_u64() || number.is_i64() => number.as_u64(),
            other => {
                let message = format!("expected an integer, found {}", describe(other));
                self.error("config.type", at.to_string(), message);
                return None;
            }
        };
        // `whole` is None for negative integers: out of range like too-big ones.
        match whole.map(u32::try_from) {
            Some(Ok(n)) if u64::from(n) >= min => Some(n),
            _ => {
                let message = format!("must be an integer from {min} to {}", u32::MAX);
                self.error("config.range", at.to_string(), message);
                None
            }
        }
    }

    /// A string that must be one of `names`; `parse` maps it to `T`.
    fn name<T>(
        &mut self,
        value: &Value,
        at: &str,
        what: &str,
        names: &[&str],
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.string(value, at)?;
        let parsed = parse(&text);
        if parsed.is_none() {
            let message = format!(
                "unknown {what} `{}`; expected one of {}",
                quote(&text),
                names.join(", ")
            );
            self.error("config.enum", at.to_string(), message);
        }
        parsed
    }

    // ---- fields ----

    fn required(&mut self, map: &Object, at: &str, key: &str) -> bool {
        let present = map.contains_key(key);
        if !present {
            let message = format!("missing required field `{key}`");
            self.error("config.missing", path::key(at, key), message);
        }
        present
    }

    fn required_with<T>(
        &mut self,
        map: &Object,
        at: &str,
        key: &str,
        read: impl FnOnce(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<T> {
        if !self.required(map, at, key) {
            return None;
        }
        self.optional(map, at, key, read)
    }

    fn optional<T>(
        &mut self,
        map: &Object,
        at: &str,
        key: &str,
        read: impl FnOnce(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<T> {
        let value = map.get(key)?;
        read(self, value, &path::key(at, key))
    }

    fn unknown_fields(&mut self, map: &Object, at: &str, known: &[&str]) {
        for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
            let message = unknown_field_message(key, known);
            self.error("config.unknownField", path::key(at, key), message);
        }
    }

    fn error(&mut self, code: &str, at: String, message: String) {
        self.errors.push(Error::new(code, at, message));
    }
}

fn unknown_field_message(key: &str, known: &[&str]) -> String {
    let mut message = format!("unknown field `{}`", quote(key));
    if let Some(close) = closest(key, known) {
        message.push_str(&format!("; did you mean `{close}`?"));
    } else {
        message.push_str(&format!("; expected one of {}", known.join(", ")));
    }
    message
}

/// The known name a typo most likely meant: same letters ignoring case, or
/// at most two edits away.
fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    if key.chars().count() > 40 {
        return None;
    }
    known
        .iter()
        .map(|name| {
            let distance = if name.eq_ignore_ascii_case(key) {
                0
            } else {
                edit_distance(key, name)
            };
            (distance, *name)
        })
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance over characters (inputs are capped by the caller).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute =
                previous.get(j).copied().unwrap_or(usize::MAX - 1) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(usize::MAX - 1) + 1;
            let insert = current.get(j).copied().unwrap_or(usize::MAX - 1) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// A value's type for a message, naming non-integer numbers.
fn describe(value: &Value) -> String {
    match value {
        Value::Number(number) => format!("the number {number}"),
        other => kind(other).to_string(),
    }
}
