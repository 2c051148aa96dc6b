//! `scim-mapper patch` — TODO: implemented by the issue that owns it.

use crate::args::CliError;

pub fn run(_argv: &[String]) -> Result<String, CliError> {
    Err(CliError::usage("`patch` is not implemented yet"))
}
