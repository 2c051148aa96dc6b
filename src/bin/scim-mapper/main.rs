//! `scim-mapper` — the offline previewer (contract §4).
//!
//! A thin shell: it reads files, calls the core, prints JSON (or, with
//! `--format table`, tables for people). Exit codes: 0 ok, 1 invalid input
//! or failed validation, 2 usage or I/O error, whatever the format.

mod args;
mod eval;
mod filter;
mod patch;
mod plan;
mod preview;
mod sample;
mod table;
mod validate;

use args::CliError;
use std::process::ExitCode;

const USAGE: &str = "\
scim-mapper — preview and check SCIM 2.0 provisioning offline

USAGE:
    scim-mapper [--format json|table] <COMMAND> [ARGS]

COMMANDS:
    eval EXPR [--source FILE.json]                 evaluate an Entra-style expression
    filter FILTER [--resource FILE.json]           check a SCIM filter, or test it on a resource
    patch --resource FILE.json --ops FILE.json     apply a SCIM PATCH request to a resource
    validate CONFIG.json [--source FILE]           check a mapping configuration (exit 1 on errors)
    preview CONFIG.json SOURCE.(json|csv)          every user and group as it would be sent
    plan CONFIG.json SOURCE TARGET.json            the operations a sync would send (offline)
    sample [--users N]                             print the built-in sample directory (JSON)

OPTIONS (every command, before or after it):
    --format json        the contract's JSON on stdout (the default)
    --format table       for people: aligned columns with a summary line
                         (diagnostics, preview items, plan operations), plain
                         text for eval/filter; long cells end in `…`, control
                         and bidi characters are shown escaped
    -h, --help           this text, or a command's (`scim-mapper plan --help`)

Files may be `-` for standard input. Errors go to stderr with a location.
Exit codes, the same in both formats: 0 ok, 1 invalid input or failed
validation, 2 usage/IO error (an unknown --format too).

EXAMPLES:
    scim-mapper sample > directory.json
    scim-mapper --format table validate config.json --source directory.json
    scim-mapper preview config.json directory.json --format table | less -S

Run `scim-mapper <COMMAND> --help` for a command's details.";

fn main() -> ExitCode {
    // Not `env::args()`: it panics on an argument that is not UTF-8.
    let argv: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let result = global_options(argv).and_then(|argv| {
        let Some((command, rest)) = argv.split_first() else {
            return Err(CliError::usage(format!("no command given\n\n{USAGE}")));
        };
        run(command, rest)
    });
    match result {
        Ok(output) => {
            args::print_stdout(&output);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}", table::neutralise_lines(&err.message));
            ExitCode::from(err.exit)
        }
    }
}

/// Moves a `--format X` given before the command behind it, where the
/// command's own parser reads it (a `--format` after the command wins).
/// The format itself is checked there too, so `--format xml` is exit 2 either way.
fn global_options(mut argv: Vec<String>) -> Result<Vec<String>, CliError> {
    let flag = format!("--{}", args::FORMAT);
    let value = match argv.first() {
        Some(first) if *first == flag => {
            let value = argv
                .get(1)
                .cloned()
                .ok_or_else(|| CliError::usage(format!("option `{flag}` needs a value")))?;
            argv.drain(..2);
            value
        }
        Some(first) => match first.strip_prefix(&flag).and_then(|r| r.strip_prefix('=')) {
            Some(value) => {
                let value = value.to_string();
                argv.remove(0);
                value
            }
            None => return Ok(argv),
        },
        None => return Ok(argv),
    };
    table::Format::parse(&value)?;
    if argv.is_empty() {
        return Err(CliError::usage(format!("no command given\n\n{USAGE}")));
    }
    // Right after the command name, so a `--format` after it overrides it.
    argv.insert(1, format!("{flag}={value}"));
    Ok(argv)
}

/// Runs one command: its output for stdout, or the error to report.
fn run(command: &str, rest: &[String]) -> Result<String, CliError> {
    match command {
        "eval" => eval::run(rest),
        "filter" => filter::run(rest),
        "patch" => patch::run(rest),
        "plan" => plan::run(rest),
        "sample" => sample::run(rest),
        "validate" => validate::run(rest),
        "preview" => preview::run(rest),
        "-h" | "--help" | "help" => Ok(USAGE.to_string()),
        other => Err(CliError::usage(format!(
            "unknown command `{}`\n\n{USAGE}",
            table::neutralise(other)
        ))),
    }
}
