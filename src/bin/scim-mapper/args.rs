//! Argument and file handling shared by every command.

use crate::table::Format;
use std::io::Read;

/// The option every command takes (also accepted before the command).
pub const FORMAT: &str = "format";

pub const EXIT_INVALID: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// A failure to report on stderr, with the exit code it maps to.
#[derive(Debug)]
pub struct CliError {
    pub exit: u8,
    pub message: String,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            exit: EXIT_USAGE,
            message: message.into(),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        CliError {
            exit: EXIT_INVALID,
            message: message.into(),
        }
    }
}

impl From<scim_mapper::error::Error> for CliError {
    fn from(err: scim_mapper::error::Error) -> Self {
        CliError::invalid(err.to_string())
    }
}

/// Positional arguments and `--name value` options, in order.
pub struct Args {
    pub positional: Vec<String>,
    options: Vec<(String, String)>,
    pub help: bool,
}

impl Args {
    /// Splits `argv`; `known` lists the options that take a value, besides
    /// `--format`, which every command accepts.
    pub fn parse(argv: &[String], known: &[&str]) -> Result<Args, CliError> {
        let mut args = Args {
            positional: Vec::new(),
            options: Vec::new(),
            help: false,
        };
        let mut iter = argv.iter();
        while let Some(arg) = iter.next() {
            if arg == "-h" || arg == "--help" {
                args.help = true;
            } else if let Some(name) = arg.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (name, None),
                };
                if !known.contains(&name) && name != FORMAT {
                    return Err(CliError::usage(format!("unknown option `--{name}`")));
                }
                let value = match inline {
                    Some(v) => v,
                    None => iter.next().cloned().ok_or_else(|| {
                        CliError::usage(format!("option `--{name}` needs a value"))
                    })?,
                };
                args.options.push((name.to_string(), value));
            } else {
                args.positional.push(arg.clone());
            }
        }
        Ok(args)
    }

    pub fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `--format json|table` (default json); an unknown format is a usage error.
    pub fn format(&self) -> Result<Format, CliError> {
        self.option(FORMAT).map_or(Ok(Format::Json), Format::parse)
    }

    pub fn require(&self, name: &str) -> Result<&str, CliError> {
        self.option(name)
            .ok_or_else(|| CliError::usage(format!("missing required option `--{name}`")))
    }
}

/// Reads a file, or standard input for `-`.
pub fn read_input(path: &str) -> Result<String, CliError> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))?;
        Ok(text)
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("cannot read `{path}`: {e}")))
    }
}

/// Reads and parses a JSON file; a syntax error names the file, line and column.
pub fn read_json(path: &str) -> Result<serde_json::Value, CliError> {
    let text = read_input(path)?;
    scim_mapper::json::from_str(&text).map_err(|e| {
        CliError::invalid(format!(
            "{path}: line {}, column {}: invalid JSON: {e}",
            e.line(),
            e.column()
        ))
    })
}

/// Writes a result to stdout. A closed pipe (`scim-mapper preview … | head`)
/// is not an error worth a panic: the reader simply stopped reading.
pub fn print_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|()| out.flush());
}

/// Pretty JSON for stdout.
pub fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("\"unprintable result: {e}\""))
}
