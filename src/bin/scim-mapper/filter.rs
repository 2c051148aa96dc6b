//! `scim-mapper filter` — check a SCIM filter, or test it on a resource.

use crate::args::{read_json, to_json, Args, CliError};
use crate::table::{self, Format};
use scim_mapper::scim::filter;
use scim_mapper::scim::profiles;
use scim_mapper::scim::schema::SchemaSet;
use serde_json::json;

const HELP: &str = r#"scim-mapper filter — check a SCIM filter (RFC 7644 §3.4.2.2), or test it on a resource

USAGE:
    scim-mapper filter FILTER [--resource FILE.json] [--profile NAME] [--format json|table]

Without --resource, prints {"valid": true, "canonical": "<normalized filter>"}.
With --resource, prints `true` or `false`.

OPTIONS:
    --resource FILE.json  a SCIM User or Group as JSON (`-` reads standard
                          input) to test the filter on
    --profile NAME        generic or asana: applies that schema's rules
                          (case-exact attributes, dateTime ordering); without
                          it strings compare case-insensitively and ISO 8601
                          strings chronologically
    --format json|table   json (default): as above; table: `valid: <canonical>`
                          without --resource (control characters escaped),
                          `true`/`false` with it

EXAMPLES:
    Check a filter and see it normalized:
        scim-mapper filter 'emails[type eq "work" and value co "@example.com"]'
    prints {"valid": true, "canonical": "emails[type eq \"work\" and value co \"@example.com\"]"}

    The same as plain text:
        scim-mapper filter 'userName EQ "bjensen"' --format table
    prints valid: userName eq "bjensen"

    Test it on a resource (exit 0 whether it matches or not):
        scim-mapper filter 'userName eq "bjensen@example.com"' --resource user.json

EXIT: 0 ok, 1 invalid filter or resource (the error names the column), 2 usage error."#;

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["resource", "profile"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
    let format = args.format()?;
    let text = match args.positional.as_slice() {
        [text] => text,
        [] => return Err(CliError::usage(format!("missing FILTER\n\n{HELP}"))),
        [_, extra, ..] => {
            return Err(CliError::usage(format!(
                "unexpected argument `{extra}` (quote the filter as one argument)"
            )))
        }
    };
    let parsed = filter::parse(text)
        .map_err(|e| CliError::invalid(format!("{e}\n{}", caret(text, &e.path))))?;
    let Some(resource_path) = args.option("resource") else {
        let canonical = parsed.to_string();
        return Ok(match format {
            Format::Json => to_json(&json!({"valid": true, "canonical": canonical})),
            Format::Table => format!("valid: {}", table::neutralise(&canonical)),
        });
    };
    let schemas = profile_schemas(args.option("profile"))?;
    let resource = read_json(resource_path)?;
    if !resource.is_object() {
        return Err(CliError::invalid(format!(
            "{resource_path}: a SCIM resource must be a JSON object"
        )));
    }
    let schema = schemas.as_ref().and_then(|set| set.resource_for(&resource));
    Ok(parsed.matches(&resource, schema.as_ref()).to_string())
}

// Shared with `patch`.

/// The schema set of `--profile NAME`, if given.
pub(crate) fn profile_schemas(name: Option<&str>) -> Result<Option<SchemaSet>, CliError> {
    let Some(name) = name else { return Ok(None) };
    profiles::builtin(name)
        .map(|profile| Some(profile.schemas))
        .ok_or_else(|| {
            CliError::usage(format!(
                "unknown profile `{name}`; built-in profiles: {}",
                profiles::names().join(", ")
            ))
        })
}

/// The input with a caret under the column an error names (`column 12`).
pub(crate) fn caret(text: &str, location: &str) -> String {
    let column: usize = location
        .strip_prefix("column ")
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    format!("  {text}\n  {}^", " ".repeat(column.saturating_sub(1)))
}
