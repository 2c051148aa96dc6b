//! `scim-mapper patch` — apply a SCIM PATCH request to a resource.

use crate::args::{read_json, to_json, Args, CliError};
use crate::filter::profile_schemas;
use scim_mapper::scim::patch;

const HELP: &str = r#"scim-mapper patch — apply a SCIM PATCH request (RFC 7644 §3.5.2) to a resource

USAGE:
    scim-mapper patch --resource FILE.json --ops FILE.json [--profile NAME]

--resource is a SCIM User or Group; --ops is a PatchOp request
({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [...]})
or a bare Operations array. One of them may be `-` for standard input.
Prints the resource after the operations. Op names may be in any case and
booleans may be "True"/"False" strings, as Entra sends them. --profile
(generic, asana) also checks paths, types and mutability against that schema.

EXAMPLE:
    echo '[{"op": "Replace", "path": "active", "value": "False"}]' |
        scim-mapper patch --resource user.json --ops -

EXIT: 0 ok, 1 invalid JSON or a failed operation (its SCIM error type and
Operations[i] location), 2 usage error."#;

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["resource", "ops", "profile"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
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
    Ok(to_json(&result))
}
