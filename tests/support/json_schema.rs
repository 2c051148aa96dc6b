//! A small JSON Schema (draft 2020-12) validator for the subset the
//! project's schemas use: `type`, `properties`, `required`,
//! `additionalProperties` (boolean or schema), `enum`, `const`, `items`,
//! `oneOf`, `anyOf`, `minimum`, `maximum`, `minLength`, `pattern` and local
//! `$ref`s (`#/$defs/...`). Annotation keywords (`description`, `default`,
//! `title`, `$schema`) are ignored; any other keyword fails loudly so the
//! schema cannot silently use something this validator does not check.

use serde_json::{Map, Value};

const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "title",
    "description",
    "default",
    "$defs",
    "examples",
];

/// One violation: the instance's JSON path and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub path: String,
    pub message: String,
}

/// Validates `instance` against `root` (the whole schema document).
pub fn validate(root: &Value, instance: &Value) -> Vec<Violation> {
    let mut violations = Vec::new();
    check(root, root, instance, "$", &mut violations, 0);
    violations
}

fn check(
    root: &Value,
    schema: &Value,
    instance: &Value,
    at: &str,
    out: &mut Vec<Violation>,
    depth: usize,
) {
    assert!(depth < 64, "schema recursion too deep at {at}");
    let schema = match schema {
        Value::Bool(true) => return,
        Value::Bool(false) => return push(out, at, "schema `false` accepts nothing".into()),
        Value::Object(map) => map,
        other => panic!("not a schema: {other}"),
    };
    for key in schema.keys() {
        let known = ANNOTATIONS.contains(&key.as_str())
            || [
                "$ref",
                "type",
                "properties",
                "required",
                "additionalProperties",
                "enum",
                "const",
                "items",
                "oneOf",
                "anyOf",
                "minimum",
                "maximum",
                "minLength",
                "pattern",
            ]
            .contains(&key.as_str());
        assert!(known, "the test validator does not support keyword `{key}`");
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        check(root, resolve(root, reference), instance, at, out, depth + 1);
    }
    if let Some(types) = schema.get("type") {
        let allowed: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            other => panic!("bad type keyword {other}"),
        };
        if !allowed.iter().any(|t| has_type(instance, t)) {
            return push(
                out,
                at,
                format!("expected type {allowed:?}, found {instance}"),
            );
        }
    }
    if let Some(Value::Array(choices)) = schema.get("enum") {
        if !choices.contains(instance) {
            push(out, at, format!("{instance} is not one of {choices:?}"));
        }
    }
    if let Some(expected) = schema.get("const") {
        if expected != instance {
            push(out, at, format!("{instance} is not {expected}"));
        }
    }
    if let Some(n) = instance.as_f64() {
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
            if n < min {
                push(out, at, format!("{n} is below the minimum {min}"));
            }
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
            if n > max {
                push(out, at, format!("{n} is above the maximum {max}"));
            }
        }
    }
    if let Some(text) = instance.as_str() {
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64) {
            if (text.chars().count() as u64) < min {
                push(out, at, format!("shorter than {min} characters"));
            }
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            let regex = regex_lite::Regex::new(pattern).expect("schema pattern compiles");
            if !regex.is_match(text) {
                push(out, at, format!("`{text}` does not match {pattern}"));
            }
        }
    }
    if let Value::Object(object) = instance {
        check_object(root, schema, object, at, out, depth);
    }
    if let (Value::Array(items), Some(item_schema)) = (instance, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(
                root,
                item_schema,
                item,
                &format!("{at}[{i}]"),
                out,
                depth + 1,
            );
        }
    }
    if let Some(Value::Array(branches)) = schema.get("oneOf") {
        let passing = branches
            .iter()
            .filter(|b| passes(root, b, instance, at, depth))
            .count();
        if passing != 1 {
            push(
                out,
                at,
                format!("matches {passing} of the oneOf branches, not exactly one"),
            );
        }
    }
    if let Some(Value::Array(branches)) = schema.get("anyOf") {
        if !branches
            .iter()
            .any(|b| passes(root, b, instance, at, depth))
        {
            push(out, at, "matches none of the anyOf branches".into());
        }
    }
}

fn check_object(
    root: &Value,
    schema: &Map<String, Value>,
    object: &Map<String, Value>,
    at: &str,
    out: &mut Vec<Violation>,
    depth: usize,
) {
    let empty = Map::new();
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    if let Some(Value::Array(required)) = schema.get("required") {
        for name in required.iter().filter_map(Value::as_str) {
            if !object.contains_key(name) {
                push(
                    out,
                    &format!("{at}.{name}"),
                    "required property is missing".into(),
                );
            }
        }
    }
    for (key, value) in object {
        let child = format!("{at}.{key}");
        match (properties.get(key), schema.get("additionalProperties")) {
            (Some(property), _) => check(root, property, value, &child, out, depth + 1),
            (None, Some(additional)) => check(root, additional, value, &child, out, depth + 1),
            (None, None) => {}
        }
    }
}

fn passes(root: &Value, schema: &Value, instance: &Value, at: &str, depth: usize) -> bool {
    let mut scratch = Vec::new();
    check(root, schema, instance, at, &mut scratch, depth + 1);
    scratch.is_empty()
}

fn resolve<'s>(root: &'s Value, reference: &str) -> &'s Value {
    let pointer = reference
        .strip_prefix('#')
        .expect("only local $refs are supported");
    root.pointer(pointer)
        .unwrap_or_else(|| panic!("unresolved $ref {reference}"))
}

fn has_type(instance: &Value, name: &str) -> bool {
    match name {
        "null" => instance.is_null(),
        "boolean" => instance.is_boolean(),
        "object" => instance.is_object(),
        "array" => instance.is_array(),
        "string" => instance.is_string(),
        "number" => instance.is_number(),
        "integer" => instance.is_i64() || instance.is_u64(),
        other => panic!("unknown type name {other}"),
    }
}

fn push(out: &mut Vec<Violation>, at: &str, message: String) {
    out.push(Violation {
        path: at.to_string(),
        message,
    });
}
