//! `scim-mapper validate CONFIG.json [--source FILE]`: every finding about a
//! mapping configuration, alone or applied to a source directory.

use crate::args::{read_input, to_json, Args, CliError, EXIT_INVALID};
use scim_mapper::error::Diagnostic;
use scim_mapper::mapping::config::{self, Config};
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::source::{self, Directory};
use scim_mapper::mapping::validate;
use serde_json::json;

const HELP: &str = r#"scim-mapper validate — check a mapping configuration before anything is sent

USAGE:
    scim-mapper validate CONFIG.json [--source FILE.json|FILE.csv]

ARGS:
    CONFIG.json          the mapping configuration (contract §1); `-` reads
                         standard input

OPTIONS:
    --source FILE        also check the configuration against a source
                         directory (JSON users/groups, or CSV users): every
                         in-scope user's values, duplicate user names, an
                         empty scope, attributes no user has

OUTPUT:
    {"diagnostics": [{"severity", "code", "path", "message", "hint"?}]}
    severity is "error", "warning" or "info"; code is stable (see
    src/mapping/validate/codes.md); path is a JSON path into the
    configuration ($.users.mappings[3].target) or the source
    ($.users[17].mail). Exit code 1 when any diagnostic is an error, or when
    the file is not a valid configuration (located errors on stderr).

EXAMPLES:
    scim-mapper validate config.json
    scim-mapper validate config.json --source directory.json
    scim-mapper sample > dir.json && scim-mapper validate config.json --source dir.json"#;

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["source"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
    let [config_path] = args.positional.as_slice() else {
        return Err(CliError::usage(format!(
            "`validate` takes one configuration file, got {} arguments\n\n{HELP}",
            args.positional.len()
        )));
    };
    let config = load_config(config_path)?;
    let (target, mut diagnostics) = Target::for_config(&config);
    match args.option("source") {
        Some(source_path) => {
            let directory = load_source(source_path)?;
            diagnostics.extend(validate::validate(&config, &directory, &target));
        }
        None => diagnostics.extend(validate::validate_config(&config, &target)),
    }
    let output = to_json(&json!({ "diagnostics": diagnostics }));
    if validate::has_errors(&diagnostics) {
        // The report still goes to stdout; the exit code says it failed.
        crate::args::print_stdout(&output);
        return Err(CliError {
            exit: EXIT_INVALID,
            message: summary(&diagnostics),
        });
    }
    Ok(output)
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == scim_mapper::error::Severity::Error)
        .count();
    format!("validation failed: {errors} error(s)")
}

/// Reads and loads a configuration; structural errors become one located
/// line each (`config.json: $.users.mappings[2].source.type: ...`).
pub fn load_config(path: &str) -> Result<Config, CliError> {
    let text = read_input(path)?;
    config::load(&text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|error| format!("{path}: {error}"))
            .collect();
        CliError::invalid(format!(
            "{path} is not a valid mapping configuration:\n{}",
            lines.join("\n")
        ))
    })
}

/// Reads a source directory, JSON or CSV by extension (else by content).
pub fn load_source(path: &str) -> Result<Directory, CliError> {
    let bytes = if path == "-" {
        read_input(path)?.into_bytes()
    } else {
        std::fs::read(path).map_err(|e| CliError::usage(format!("cannot read `{path}`: {e}")))?
    };
    source::load_bytes(&bytes, path).map_err(|error| CliError::invalid(format!("{path}: {error}")))
}
