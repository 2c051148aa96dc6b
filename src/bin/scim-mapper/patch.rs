//! `scim-mapper patch` — apply a SCIM PATCH request to a resource.

use crate::args::{read_json, to_json, Args, CliError};
use crate::filter::profile_schemas;
use crate::table::{self, Format};
use scim_mapper::scim::patch;

const HELP: &str = r#"scim-mapper patch — apply a SCIM PATCH request (RFC 7644 §3.5.2) to a resource

USAGE:
    scim-mapper patch --resource FILE.json --ops FILE.json [--profile NAME] [--format json|table]

Prints the resource after the operations. Op names may be in any case and
booleans may be "True"/"False" strings, as Entra sends them.

OPTIONS:
    --resource FILE.json  the SCIM User or Group to patch
    --ops FILE.json       a PatchOp request ({"schemas":
                          ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                          "Operations": [...]}) or a bare Operations array
                          (one of --resource and --ops may be `-` for stdin)
    --profile NAME        generic or asana: also checks paths, types and
                          mutability against that schema
    --format json|table   json (default): the resource as pretty JSON; table:
                          the same pretty JSON, with the characters a terminal
                          would act on (DEL, C1 controls, bidi overrides)
                          written as \uXXXX escapes

EXAMPLES:
    Deactivate a user the way Entra does:
        echo '[{"op": "Replace", "path": "active", "value": "False"}]' |
            scim-mapper patch --resource user.json --ops -
    prints the user with "active": false

    Add a work email, checked against the generic schema:
        echo '{"Operations": [{"op": "add", "path": "emails",
               "value": [{"type": "work", "value": "a@example.com"}]}]}' > ops.json
        scim-mapper patch --resource user.json --ops ops.json --profile generic

EXIT: 0 ok, 1 invalid JSON or a failed operation (its SCIM error type and
Operations[i] location), 2 usage error."#;

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["resource", "ops", "profile"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
    let format = args.format()?;
    if let Some(extra) = args.positional.first() {
        return Err(CliError::usage(format!(
            "unexpected argument `{extra}`\n\n{HELP}"
        )));
    }
    let resource_path = args.require("resource")?;
    let ops_path = args.require("ops")?;
    if resource_path == "-" && ops_path == "-" {
        return Err(CliError::usage(
            "only one of --resource and --ops can read standard input",
        ));
    }
    let schemas = profile_schemas(args.option("profile"))?;
    let resource = read_json(resource_path)?;
    let request = read_json(ops_path)?;
    let schema = schemas.as_ref().and_then(|set| set.resource_for(&resource));
    let result = patch::apply(&resource, &request, schema.as_ref())
        .map_err(|e| CliError::invalid(format!("{ops_path}: {e}")))?;
    Ok(match format {
        Format::Json => to_json(&result),
        Format::Table => table::terminal_safe_json(&to_json(&result)),
    })
}
