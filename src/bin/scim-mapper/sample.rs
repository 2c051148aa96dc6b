//! `scim-mapper sample [--users N]` — the built-in sample directory, the same
//! one the admin page starts with, as a source file for `preview` and `plan`.

use crate::args::{to_json, Args, CliError};
use scim_mapper::sample;

const HELP: &str = "\
scim-mapper sample [--users N]

Prints the built-in sample directory (users and groups, contract §2 JSON) —
the same one the admin page starts with. Deterministic: the same N always
gives the same directory. N defaults to 240 (at most 100000).

EXAMPLE:
    scim-mapper sample > directory.json
    scim-mapper sample --users 10000 > big.json";

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["users"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
    if let Some(extra) = args.positional.first() {
        return Err(CliError::usage(format!(
            "unexpected argument `{extra}`\n\n{HELP}"
        )));
    }
    let users = match args.option("users") {
        None => sample::DEFAULT_USERS,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| {
                CliError::usage(format!(
                    "--users must be a number from 1 to 100000, not `{text}`"
                ))
            })?,
    };
    Ok(to_json(&sample::directory(users)))
}
