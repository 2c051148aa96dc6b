//! `scim-mapper` — the offline previewer (contract §4).
//!
//! A thin shell: it reads files, calls the core, prints JSON. Exit codes:
//! 0 ok, 1 invalid input or failed validation, 2 usage or I/O error.

#[allow(dead_code)] // until every command uses all helpers
mod args;
mod eval;
mod filter;
mod patch;
mod plan;
mod preview;
mod sample;
mod validate;

use args::{CliError, EXIT_USAGE};
use std::process::ExitCode;

const USAGE: &str = "\
scim-mapper — preview and check SCIM 2.0 provisioning offline

USAGE:
    scim-mapper <COMMAND> [ARGS]

COMMANDS:
    eval EXPR [--source FILE.json]                 evaluate an Entra-style expression
    filter FILTER [--resource FILE.json]           check a SCIM filter, or test it on a resource
    patch --resource FILE.json --ops FILE.json     apply a SCIM PATCH request to a resource
    validate CONFIG.json [--source FILE]           check a mapping configuration (exit 1 on errors)
    preview CONFIG.json SOURCE.(json|csv)          every user and group as it would be sent
    plan CONFIG.json SOURCE TARGET.json            the operations a sync would send (offline)
    sample [--users N]                             print the built-in sample directory (JSON)

Files may be `-` for standard input. Output is JSON on stdout; errors go to
stderr with a location. Exit codes: 0 ok, 1 invalid input, 2 usage/IO error.
Run `scim-mapper <COMMAND> --help` for a command's details.";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = argv.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(EXIT_USAGE);
    };
    let result = match command.as_str() {
        "eval" => eval::run(rest),
        "filter" => filter::run(rest),
        "patch" => patch::run(rest),
        "plan" => plan::run(rest),
        "sample" => sample::run(rest),
        "validate" => validate::run(rest),
        "preview" => preview::run(rest),
        "-h" | "--help" | "help" => {
            args::print_stdout(USAGE);
            return ExitCode::SUCCESS;
        }
        other => Err(CliError::usage(format!(
            "unknown command `{other}`\n\n{USAGE}"
        ))),
    };
    match result {
        Ok(output) => {
            args::print_stdout(&output);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}", err.message);
            ExitCode::from(err.exit)
        }
    }
}
