//! `scim-mapper eval EXPR [--source FILE.json]`: evaluates one Entra-style
//! expression against one user record and prints the value as JSON.

use crate::args::{read_json, to_json, Args, CliError};
use crate::table::{self, Format};
use scim_mapper::datetime::parse_iso8601;
use scim_mapper::error::Error;
use scim_mapper::mapping::expr::{evaluate, parse, EvalContext, ExprValue};
use scim_mapper::mapping::source::Record;
use serde_json::Value;

const HELP: &str = r#"scim-mapper eval — evaluate a Microsoft Entra attribute-mapping expression

USAGE:
    scim-mapper eval EXPR [--source FILE.json] [--now TIME] [--seed N] [--format json|table]

ARGS:
    EXPR                 the expression, in Entra's syntax: [attribute], "text"
                         (escape \" and \\), nested functions, e.g.
                         Join(" ", [givenName], [surname])

OPTIONS:
    --source FILE.json   one source user record (a JSON object); `-` reads
                         standard input. Without it every attribute is null.
    --now TIME           what Now() returns (RFC 3339, e.g. 2021-07-02T15:33:38Z);
                         default: the current time
    --seed N             seed for Guid() and RandomString(), for repeatable output;
                         default: derived from the current time
    --format json|table  json (default): the value as JSON; table: the value
                         as text — strings without quotes, an array one
                         element per line, null as `null`, control and bidi
                         characters escaped (\n, \u{202e})

OUTPUT:
    The value as JSON: a string, number, boolean, array (multi-valued) or
    null. Dates print as Entra does ("3/16/2020 7:00:00 AM", UTC).
    IgnoreFlowIfNullOrEmpty's "leave the attribute out" prints null and a
    note on stderr. Parse, arity and runtime errors go to stderr with their
    column; exit code 1.

EXAMPLES:
    A user record from a file:
        scim-mapper eval 'Append([userPrincipalName], ".test")' --source user.json
    prints "ann@example.com.test"

    From standard input, as plain text:
        echo '{"givenName":"Zoë","surname":"Doe"}' |
            scim-mapper eval 'ToLower(NormalizeDiacritics(Join(".", [givenName], [surname])))' \
            --source - --format table
    prints zoe.doe

    Multi-valued results, one per line with --format table:
        scim-mapper eval 'Split("a,b", ",")' --format table
    prints a, then b
    More: scim-mapper eval 'DateAdd("d", 7, CDate("2012-03-16-07:00"))'
          scim-mapper eval 'Not([accountDisabled])' --source user.json"#;

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["source", "now", "seed"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
    let format = args.format()?;
    let [expression] = args.positional.as_slice() else {
        return Err(CliError::usage(format!(
            "`eval` takes exactly one expression (quote it), got {} arguments\n\n{HELP}",
            args.positional.len()
        )));
    };
    let record = match args.option("source") {
        Some(path) => {
            let record = read_json(path)?;
            if !record.is_object() {
                return Err(CliError::invalid(format!(
                    "{path}: the source must be one user record (a JSON object)"
                )));
            }
            record
        }
        None => Value::Object(serde_json::Map::new()),
    };
    let ctx = context(&args)?;
    let parsed = parse(expression).map_err(|e| located(&e, expression))?;
    let record = Record::from_object(record).unwrap_or_default();
    let value = evaluate(&parsed, &record, &ctx).map_err(|e| located(&e, expression))?;
    if value == ExprValue::Ignore {
        eprintln!(
            "note: IgnoreFlowIfNullOrEmpty: the value is null or empty, so Entra leaves this attribute out"
        );
    }
    Ok(match format {
        Format::Json => to_json(&value.to_json()),
        Format::Table => as_text(&value.to_json()),
    })
}

/// The value for a person: strings unquoted, an array one element per
/// line (`[]` when empty), anything else as JSON; never a raw control char.
fn as_text(value: &Value) -> String {
    let line = |value: &Value| match value {
        Value::String(s) => table::neutralise(s),
        other => table::neutralise(&other.to_string()),
    };
    match value {
        Value::Array(items) if items.is_empty() => "[]".to_string(),
        Value::Array(items) => items.iter().map(line).collect::<Vec<_>>().join("\n"),
        other => line(other),
    }
}

/// `--now` and `--seed` as an evaluation context (shared with `validate` and `preview`).
pub fn context(args: &Args) -> Result<EvalContext, CliError> {
    let clock = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let now_millis = match args.option("now") {
        Some(text) => parse_iso8601(text).ok_or_else(|| {
            CliError::usage(format!(
                "--now `{text}` is not an RFC 3339 time such as 2021-07-02T15:33:38Z"
            ))
        })?,
        None => i64::try_from(clock.as_millis()).unwrap_or(i64::MAX),
    };
    let seed = match args.option("seed") {
        Some(text) => text.parse().map_err(|_| {
            CliError::usage(format!(
                "--seed `{text}` is not a non-negative whole number"
            ))
        })?,
        None => clock.as_nanos() as u64,
    };
    Ok(EvalContext { now_millis, seed })
}

/// The error plus the expression with a caret under the column it names.
fn located(err: &Error, expression: &str) -> CliError {
    let column = err
        .path
        .strip_prefix("column ")
        .and_then(|n| n.parse::<usize>().ok());
    let single_line = !expression.contains('\n');
    match column {
        Some(column) if single_line => CliError::invalid(format!(
            "{err}\n  {expression}\n  {}^",
            " ".repeat(column.saturating_sub(1))
        )),
        _ => CliError::invalid(err.to_string()),
    }
}
