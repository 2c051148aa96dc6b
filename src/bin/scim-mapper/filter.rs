//! `scim-mapper filter` — TODO: implemented by the issue that owns it.

use crate::args::CliError;

pub fn run(_argv: &[String]) -> Result<String, CliError> {
    Err(CliError::usage("`filter` is not implemented yet"))
}
