//! `scim-mapper validate CONFIG.json [--source FILE]`: every finding about a
//! mapping configuration, alone or applied to a source directory.

use crate::args::{read_input, to_json, Args, CliError, EXIT_INVALID};
use crate::table::{self, Format, Table};
use scim_mapper::error::{Diagnostic, Severity};
use scim_mapper::mapping::config::{self, Config};
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::source::{self, Directory};
use scim_mapper::mapping::validate;
use serde_json::json;

const HELP: &str = r#"scim-mapper validate — check a mapping configuration before anything is sent

USAGE:
    scim-mapper validate CONFIG.json [--source FILE.json|FILE.csv] [--format json|table]

ARGS:
    CONFIG.json          the mapping configuration (contract §1); `-` reads
                         standard input

OPTIONS:
    --source FILE        also check the configuration against a source
                         directory (JSON users/groups, or CSV users): every
                         in-scope user's values, duplicate user names, an
                         empty scope, attributes no user has
    --format json|table  json (default): the JSON below; table: one row per
                         diagnostic (SEVERITY, CODE, PATH, MESSAGE, with the
                         hint after the message), then a count such as
                         "2 errors, 1 warning"

OUTPUT:
    {"diagnostics": [{"severity", "code", "path", "message", "hint"?}]}
    severity is "error", "warning" or "info"; code is stable (see
    src/mapping/validate/codes.md); path is a JSON path into the
    configuration ($.users.mappings[3].target) or the source
    ($.users[17].mail). Exit code 1 when any diagnostic is an error, or when
    the file is not a valid configuration (located errors on stderr).

EXAMPLES:
    Check a configuration alone; CI can rely on the exit code:
        scim-mapper validate config.json > diagnostics.json || echo "fix config.json"

    Check it against a directory, as a table (exit code 1 on any error):
        scim-mapper validate config.json --source directory.json --format table
    prints rows such as
        SEVERITY  CODE                PATH                          MESSAGE
        --------  ------------------  ----------------------------  -------------------…
        error     user.requiredEmpty  $.users[3].userPrincipalName  `userName` is requi…
    and a last line such as "2 errors, 2 warnings, 2 infos".

    The configuration from standard input, the sample directory as source:
        scim-mapper sample > dir.json
        cat config.json | scim-mapper validate - --source dir.json"#;

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["source"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
    let format = args.format()?;
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
    let output = match format {
        Format::Json => to_json(&json!({ "diagnostics": diagnostics })),
        Format::Table => render_table(&diagnostics),
    };
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

/// The diagnostics as rows, then how many of each severity.
fn render_table(diagnostics: &[Diagnostic]) -> String {
    let mut rows = Table::new(&[
        ("SEVERITY", 8),
        ("CODE", 40),
        ("PATH", 48),
        ("MESSAGE", 100),
    ]);
    for d in diagnostics {
        let message = match &d.hint {
            Some(hint) => format!("{} (hint: {hint})", d.message),
            None => d.message.clone(),
        };
        rows.push(&[severity_name(d.severity), &d.code, &d.path, &message]);
    }
    let of = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let mut counts = vec![
        table::count(of(Severity::Error), "error", "errors"),
        table::count(of(Severity::Warning), "warning", "warnings"),
    ];
    if of(Severity::Info) > 0 {
        counts.push(table::count(of(Severity::Info), "info", "infos"));
    }
    format!("{}\n{}", rows.render(table::colour()), counts.join(", "))
}

/// The contract's word for a severity.
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
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
