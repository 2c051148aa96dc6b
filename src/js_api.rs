//! The embeddable ES module's core functions (contract §5): `validate`,
//! `preview`, `plan` and `evaluate` — and, as extensions, the SCIM core's
//! `matchFilter`, `applyPatch` and `ResourceSet` — exported with `#[wasm_bindgen]` and
//! built into a small module by `scripts/build-js` (from `src/js/`, a cdylib
//! that re-exports this module, so the main crate needs no cdylib).
//!
//! Objects cross the boundary as plain JS objects (serde-wasm-bindgen,
//! JSON-compatible). Every failure is thrown as a JS `Error` with `code` and
//! `path` properties, exactly like [`crate::error::Error`]; a broken
//! configuration also carries every located error in `errors`. The clock
//! and the seed come from an optional trailing options object
//! `{now?: string | number, seed?: number}` so results can be reproduced.

use crate::datetime::parse_iso8601;
use crate::error::Error;
use crate::mapping::config::{self, Config};
use crate::mapping::engine::Target;
use crate::mapping::expr::{self, EvalContext};
use crate::mapping::preview::{self, PreviewOptions};
use crate::mapping::source::{self, Directory};
use crate::mapping::validate;
use crate::scim::filter::{self as scim_filter, Filter};
use crate::scim::patch;
use crate::scim::profiles;
use crate::scim::schema::{ResourceSchema, SchemaSet};
use crate::sync::{self, Links, PlanInput, PlanOptions, TargetSnapshot};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// Largest `seed` a JS number carries exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `validate(config, source?)`: the configuration's diagnostics; with a
/// source directory (an extension of the contract) also what the
/// directory reveals, as `scim-mapper validate --source` does.
#[wasm_bindgen(js_name = validate)]
pub fn js_validate(config: JsValue, source: JsValue) -> Result<JsValue, JsValue> {
    let config = read_config(&config)?;
    let diagnostics = if is_absent(&source) {
        validate::validate_config_for_profile(&config)
    } else {
        let directory = read_source(&source)?;
        let (target, mut diagnostics) = Target::for_config(&config);
        diagnostics.extend(validate::validate(&config, &directory, &target));
        diagnostics
    };
    to_js(&diagnostics)
}

/// `preview(config, source, options?)`: every user, then every group, as it
/// would be sent (the `PreviewItem`s of `scim-mapper preview`).
#[wasm_bindgen(js_name = preview)]
pub fn js_preview(config: JsValue, source: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let config = read_config(&config)?;
    let directory = read_source(&source)?;
    let options = read_options(&options)?;
    let (target, _) = Target::for_config(&config);
    let preview_options = PreviewOptions {
        eval: options.eval,
        ..PreviewOptions::default()
    };
    let result = preview::preview(&config, &directory, &target, &preview_options);
    to_js(&result.items)
}

/// `plan(config, source, target, options?)`: the operations a sync would
/// send to a target holding `target` (a snapshot, contract §3).
#[wasm_bindgen(js_name = plan)]
pub fn js_plan(
    config: JsValue,
    source: JsValue,
    target: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let config = read_config(&config)?;
    let directory = read_source(&source)?;
    let snapshot = read_snapshot(&target)?;
    let options = read_options(&options)?;
    let (scim_target, problems) = Target::for_config(&config);
    if let Some(problem) = problems.first() {
        return Err(thrown(Error::new(
            problem.code.clone(),
            problem.path.clone(),
            problem.message.clone(),
        )));
    }
    let input = PlanInput {
        config: &config,
        directory: &directory,
        snapshot: &snapshot,
        target: &scim_target,
        links: &options.links,
        options: PlanOptions {
            now_millis: options.eval.now_millis,
            seed: options.eval.seed,
            patch_supported: None,
        },
    };
    let operations = sync::plan(&input).map_err(thrown_all)?;
    to_js(&operations)
}

/// `evaluate(expression, sourceUser, options?)`: one Entra-style expression
/// against one user record; the value as JSON (`IgnoreFlowIfNullOrEmpty`'s
/// "leave it out" is `null`). Without a record every attribute is null.
#[wasm_bindgen(js_name = evaluate)]
pub fn js_evaluate(
    expression: JsValue,
    source_user: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let Some(expression) = expression.as_string() else {
        return Err(thrown(argument_error(
            "expression",
            "the expression must be a string",
        )));
    };
    let record = if is_absent(&source_user) {
        Value::Object(serde_json::Map::new())
    } else {
        let record = argument(&source_user, "sourceUser")?;
        if !record.is_object() {
            return Err(thrown(argument_error(
                "sourceUser",
                "the source user must be one record (an object)",
            )));
        }
        record
    };
    let options = read_options(&options)?;
    let value = expr::evaluate_text(&expression, &record, &options.eval).map_err(thrown)?;
    to_js(&value.to_json())
}

/// `matchFilter(filter, resource, options?)` (an extension of the
/// contract): whether one SCIM resource matches an RFC 7644 filter, as
/// `scim-mapper filter FILTER --resource` answers. `options.profile`
/// (`generic`, `asana`) applies that schema's rules; without it strings
/// compare case-insensitively and ISO 8601 strings chronologically.
#[wasm_bindgen(js_name = matchFilter)]
pub fn js_match_filter(
    filter: JsValue,
    resource: JsValue,
    options: JsValue,
) -> Result<bool, JsValue> {
    let parsed = read_filter(&filter)?;
    let resource = read_resource(&resource, "resource")?;
    let schemas = read_profile_schemas(&options)?;
    let schema = schemas.and_then(|set| set.resource_for(&resource));
    Ok(parsed.matches(&resource, schema.as_ref()))
}

/// `applyPatch(resource, request, options?)` (an extension of the
/// contract): the resource after a PATCH request (`{"schemas": [PatchOp],
/// "Operations": [...]}` or a bare Operations array), as `scim-mapper patch`
/// prints it. The input is not changed. Errors carry the SCIM `scimType` as
/// `code` and the operation field (`Operations[1].path`) as `path`.
#[wasm_bindgen(js_name = applyPatch)]
pub fn js_apply_patch(
    resource: JsValue,
    request: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let resource = read_resource(&resource, "resource")?;
    let request = argument(&request, "request")?;
    let schemas = read_profile_schemas(&options)?;
    let schema = schemas.and_then(|set| set.resource_for(&resource));
    let patched = patch::apply(&resource, &request, schema.as_ref()).map_err(thrown)?;
    to_js(&patched)
}

/// SCIM resources copied into the module's memory once (an extension of the
/// contract), so that many filters or PATCH requests run over them without
/// converting every resource between JS and wasm on every call — the way a
/// JS library works on objects already in the JS heap.
#[wasm_bindgen]
pub struct ResourceSet {
    resources: Vec<Value>,
    schemas: Option<&'static SchemaSet>,
}

#[wasm_bindgen]
impl ResourceSet {
    /// `new ResourceSet(resources, options?)`: an array of resource objects,
    /// or the JSON text of one (faster to copy in); `options.profile` as in
    /// `matchFilter`.
    #[wasm_bindgen(constructor)]
    pub fn new(resources: JsValue, options: JsValue) -> Result<ResourceSet, JsValue> {
        let list = match resources.as_string() {
            Some(text) => crate::json::from_str(&text).map_err(|e| {
                thrown(argument_error(
                    "resources",
                    &format!("`resources` is not JSON text: {e}"),
                ))
            })?,
            None => argument(&resources, "resources")?,
        };
        let Value::Array(resources) = list else {
            return Err(thrown(argument_error(
                "resources",
                "`resources` must be an array of SCIM resources",
            )));
        };
        if let Some(index) = resources.iter().position(|r| !r.is_object()) {
            return Err(thrown(argument_error(
                &format!("resources[{index}]"),
                "every resource must be an object",
            )));
        }
        Ok(ResourceSet {
            resources,
            schemas: read_profile_schemas(&options)?,
        })
    }

    /// How many resources the set holds.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        u32::try_from(self.resources.len()).unwrap_or(u32::MAX)
    }

    /// The positions (ascending) of the resources matching `filter`, parsed
    /// once; a `Uint32Array`.
    pub fn filter(&self, filter: JsValue) -> Result<Vec<u32>, JsValue> {
        let parsed = read_filter(&filter)?;
        let mut compiled = PerKind::new(self.schemas);
        let mut matching = Vec::new();
        for (index, resource) in self.resources.iter().enumerate() {
            let matched = compiled
                .get(resource, |schema| Ok(parsed.compile(schema)))?
                .matches(resource);
            if matched {
                matching.push(u32::try_from(index).unwrap_or(u32::MAX));
            }
        }
        Ok(matching)
    }

    /// A new set: every resource after `request`, which must apply to all
    /// of them (the first failure is thrown, its path prefixed with
    /// `resources[i].`). This set is not changed.
    #[wasm_bindgen(js_name = applyPatch)]
    pub fn apply_patch(&self, request: JsValue) -> Result<ResourceSet, JsValue> {
        let request = argument(&request, "request")?;
        let mut prepared = PerKind::new(self.schemas);
        let mut patched = Vec::with_capacity(self.resources.len());
        for (index, resource) in self.resources.iter().enumerate() {
            let in_resource = |e: Error| {
                thrown(Error::new(
                    e.code,
                    format!("resources[{index}].{}", e.path),
                    e.message,
                ))
            };
            let result = prepared
                .get(resource, |schema| {
                    patch::PreparedPatch::new(&request, schema).map_err(in_resource)
                })?
                .apply(resource)
                .map_err(in_resource)?;
            patched.push(result);
        }
        Ok(ResourceSet {
            resources: patched,
            schemas: self.schemas,
        })
    }

    /// The resource at `index` as a plain object; `undefined` past the end.
    pub fn get(&self, index: u32) -> Result<JsValue, JsValue> {
        match self.resources.get(index as usize) {
            Some(resource) => to_js(resource),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Every resource, as an array of plain objects.
    #[wasm_bindgen(js_name = toArray)]
    pub fn to_array(&self) -> Result<JsValue, JsValue> {
        to_js(&self.resources)
    }
}

/// Work prepared once per kind of resource in a set (the resource type its
/// `schemas` declare, hence its schema) and reused for every resource of
/// that kind: a compiled filter, a prepared PATCH.
struct PerKind<T> {
    schemas: Option<&'static SchemaSet>,
    prepared: Vec<(Option<usize>, T)>,
}

impl<T> PerKind<T> {
    fn new(schemas: Option<&'static SchemaSet>) -> Self {
        PerKind {
            schemas,
            prepared: Vec::new(),
        }
    }

    /// The work for `resource`'s kind, made by `prepare` the first time.
    fn get(
        &mut self,
        resource: &Value,
        prepare: impl FnOnce(Option<&ResourceSchema<'static>>) -> Result<T, JsValue>,
    ) -> Result<&T, JsValue> {
        let kind = self.schemas.and_then(|set| set.declared_kind(resource));
        let position = match self.prepared.iter().position(|(k, _)| *k == kind) {
            Some(position) => position,
            None => {
                let schema = self.schemas.and_then(|set| set.resource_of_kind(kind));
                self.prepared.push((kind, prepare(schema.as_ref())?));
                self.prepared.len() - 1
            }
        };
        self.prepared
            .get(position)
            .map(|(_, work)| work)
            .ok_or_else(|| thrown(Error::new("internal", "", "prepared work is missing")))
    }
}

/// A filter argument, parsed: `filter.syntax` at `column N` when broken.
fn read_filter(filter: &JsValue) -> Result<Filter, JsValue> {
    let Some(text) = filter.as_string() else {
        return Err(thrown(argument_error(
            "filter",
            "the filter must be a string",
        )));
    };
    scim_filter::parse(&text).map_err(thrown)
}

/// One SCIM resource argument: a JSON object.
fn read_resource(resource: &JsValue, name: &str) -> Result<Value, JsValue> {
    let value = argument(resource, name)?;
    if !value.is_object() {
        return Err(thrown(argument_error(
            name,
            &format!("`{name}` must be a SCIM resource (an object)"),
        )));
    }
    Ok(value)
}

/// The schemas of `options.profile`, when one is named.
fn read_profile_schemas(options: &JsValue) -> Result<Option<&'static SchemaSet>, JsValue> {
    if is_absent(options) {
        return Ok(None);
    }
    let Value::Object(map) = argument(options, "options")? else {
        return Err(thrown(argument_error(
            "options",
            "options must be an object: {profile?: string}",
        )));
    };
    match map.get("profile") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(name)) => profiles::builtin_shared(name)
            .map(|profile| Some(&profile.schemas))
            .ok_or_else(|| {
                thrown(Error::new(
                    "options.profile",
                    "$.profile",
                    format!(
                        "unknown profile `{name}`; built-in profiles: {}",
                        profiles::names().join(", ")
                    ),
                ))
            }),
        Some(_) => Err(thrown(Error::new(
            "options.profile",
            "$.profile",
            "profile must be the name of a built-in profile",
        ))),
    }
}

/// What the trailing options object says, with the defaults filled in.
struct CallOptions {
    eval: EvalContext,
    links: Links,
}

fn read_options(options: &JsValue) -> Result<CallOptions, JsValue> {
    let now_default = js_sys::Date::now();
    let mut result = CallOptions {
        eval: EvalContext {
            now_millis: now_default as i64,
            seed: now_default as u64,
        },
        links: Links::default(),
    };
    if is_absent(options) {
        return Ok(result);
    }
    let Value::Object(map) = argument(options, "options")? else {
        return Err(thrown(argument_error(
            "options",
            "options must be an object: {now?: string | number, seed?: number, links?: {users, groups}}",
        )));
    };
    match map.get("now") {
        None | Some(Value::Null) => {}
        Some(Value::String(text)) => {
            result.eval.now_millis = parse_iso8601(text).ok_or_else(|| {
                thrown(Error::new(
                    "options.now",
                    "$.now",
                    format!("`{text}` is not an RFC 3339 time such as 2021-07-02T15:33:38Z"),
                ))
            })?;
        }
        Some(Value::Number(number)) => {
            result.eval.now_millis = number
                .as_f64()
                .filter(|millis| millis.is_finite() && millis.abs() <= MAX_SAFE_INTEGER)
                .map(|millis| millis as i64)
                .ok_or_else(|| {
                    thrown(Error::new(
                        "options.now",
                        "$.now",
                        "now must be Unix milliseconds (Date.now()) or an RFC 3339 string",
                    ))
                })?;
        }
        Some(_) => {
            return Err(thrown(Error::new(
                "options.now",
                "$.now",
                "now must be Unix milliseconds (Date.now()) or an RFC 3339 string",
            )))
        }
    }
    match map.get("seed") {
        None | Some(Value::Null) => {}
        Some(seed) => {
            result.eval.seed = seed
                .as_f64()
                .filter(|n| n.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(n))
                .map(|n| n as u64)
                .ok_or_else(|| {
                    thrown(Error::new(
                        "options.seed",
                        "$.seed",
                        "seed must be a non-negative whole number",
                    ))
                })?;
        }
    }
    if let Some(links) = map.get("links").filter(|links| !links.is_null()) {
        result.links = serde_json::from_value(links.clone()).map_err(|e| {
            thrown(Error::new(
                "options.links",
                "$.links",
                format!(
                    "links must be {{\"users\": {{\"sourceId\": \"targetId\"}}, \"groups\": {{...}}}}: {e}"
                ),
            ))
        })?;
    }
    Ok(result)
}

/// A configuration object; every structural error is reported at once.
pub(crate) fn read_config(config: &JsValue) -> Result<Config, JsValue> {
    config::from_value(&argument(config, "config")?).map_err(thrown_all)
}

/// A source directory: an object `{users, groups?}` or (an extension) the
/// text of a JSON or CSV export.
/// The target snapshot: an object, or the JSON text of a snapshot file
/// (as the CLI reads it; syntax errors located by line and column).
fn read_snapshot(target: &JsValue) -> Result<TargetSnapshot, JsValue> {
    let snapshot = match target.as_string() {
        Some(text) => TargetSnapshot::from_json(&text),
        None => TargetSnapshot::from_owned(argument(target, "target")?),
    };
    snapshot.map_err(thrown)
}

pub(crate) fn read_source(source: &JsValue) -> Result<Directory, JsValue> {
    if let Some(text) = source.as_string() {
        return source::load(&text, "").map_err(thrown);
    }
    source::from_value(argument(source, "source")?).map_err(thrown)
}

/// A JS argument as JSON; values JSON cannot hold (functions, symbols,
/// `undefined` where a value is required) are an `argument.type` error.
pub(crate) fn argument(value: &JsValue, name: &str) -> Result<Value, JsValue> {
    if value.is_undefined() {
        return Err(thrown(argument_error(
            name,
            &format!("`{name}` is missing"),
        )));
    }
    crate::json::from_deserializer(serde_wasm_bindgen::Deserializer::from(value.clone())).map_err(
        |e| {
            thrown(argument_error(
                name,
                &format!("`{name}` is not JSON data: {e}"),
            ))
        },
    )
}

pub(crate) fn argument_error(name: &str, message: &str) -> Error {
    Error::new("argument.type", name, message)
}

pub(crate) fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Any serializable result as plain JS objects and arrays.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| thrown(Error::new("internal.serialize", "$", e.to_string())))
}

/// The JS `Error` thrown for `error`: `message` is `code at path: message`,
/// and `code` / `path` are properties for programs.
pub(crate) fn thrown(error: Error) -> JsValue {
    js_error(&error).into()
}

/// The first error thrown, with every one of them in its `errors` property.
pub(crate) fn thrown_all(errors: Vec<Error>) -> JsValue {
    let first = errors
        .first()
        .cloned()
        .unwrap_or_else(|| Error::new("internal.noError", "$", "failed without an error"));
    let thrown = js_error(&first);
    let all = js_sys::Array::new();
    for error in &errors {
        let plain = js_sys::Object::new();
        set(&plain, "code", &error.code);
        set(&plain, "path", &error.path);
        set(&plain, "message", &error.message);
        all.push(&plain);
    }
    let _ = js_sys::Reflect::set(&thrown, &JsValue::from_str("errors"), &all);
    thrown.into()
}

fn js_error(error: &Error) -> js_sys::Error {
    let thrown = js_sys::Error::new(&error.to_string());
    set(&thrown, "code", &error.code);
    set(&thrown, "path", &error.path);
    thrown
}

fn set(object: &JsValue, key: &str, value: &str) {
    // Reflect.set fails only on frozen objects; these are fresh.
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), &JsValue::from_str(value));
}
