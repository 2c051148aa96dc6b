//! `scim-mapper preview CONFIG.json SOURCE`: every source user and group as
//! it would be sent, with the scope decision and the diagnostics.

use crate::args::{read_json, to_json, Args, CliError};
use crate::eval::context;
use crate::table::{self, Format, Table};
use crate::validate::{load_config, load_source, severity_name};
use scim_mapper::mapping::engine::{IdMap, Target};
use scim_mapper::mapping::preview::{preview, PreviewOptions};
use serde_json::Value;

const HELP: &str = r#"scim-mapper preview — see every SCIM request body before anything is sent

USAGE:
    scim-mapper preview CONFIG.json SOURCE.(json|csv) [--now TIME] [--seed N]
                        [--id-map FILE.json] [--format json|table]

ARGS:
    CONFIG.json          the mapping configuration (contract §1)
    SOURCE               the source directory: JSON {"users": [...], "groups": [...]}
                         or CSV users (header row, an `id` column); `-` reads
                         standard input

OPTIONS:
    --now TIME           what Now() returns (RFC 3339, e.g. 2021-07-02T15:33:38Z);
                         default: the current time
    --seed N             seed for Guid() and RandomString(), for repeatable
                         output; default: derived from the current time
    --id-map FILE.json   {"<source user id>": "<target user id>", ...}: group
                         members found here are sent as [{"value": targetId}];
                         the others are listed as pendingMembers
    --format json|table  json (default): the JSON below; table: one row per
                         user and group (TYPE, SOURCE ID, IN SCOPE, MATCHING
                         value, PROBLEMS = number of diagnostics, SCOPE REASON),
                         then "N of M users in scope, …"; no resource bodies

OUTPUT:
    A JSON array, users first (directory order), then groups:
    [{"sourceId", "sourceIndex", "inScope", "scopeReason", "resourceType",
      "resource", "matching", "pendingMembers"?, "diagnostics"}]
    resource is the body of the POST that would create the object (null when
    out of scope). Findings about the configuration itself (a broken
    expression, an unknown target attribute) are printed on stderr; the
    broken mapping is skipped and the rest still previews. Exit 0 unless the
    input cannot be read (1 for an invalid configuration or source).

EXAMPLES:
    Repeatable output, to diff against the previous run:
        scim-mapper preview config.json directory.json --now 2024-01-01T00:00:00Z --seed 1 > preview.json

    Who is in scope, and why, as a table:
        scim-mapper preview config.json directory.json --format table
    prints rows such as
        TYPE   SOURCE ID  IN SCOPE  MATCHING                        PROBLEMS  SCOPE REASON
        -----  ---------  --------  ------------------------------  --------  --------------…
        User   u1         yes       userName=ava.smith@example.com  0         in scope: ever…
        User   u2         no        -                               0         out of scope: …
    and a last line such as "3 of 4 users in scope, 2 of 2 groups in scope, 6 problems".

    CSV users:
        scim-mapper preview config.json users.csv"#;

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["now", "seed", "id-map"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
    let format = args.format()?;
    let [config_path, source_path] = args.positional.as_slice() else {
        return Err(CliError::usage(format!(
            "`preview` takes a configuration and a source file, got {} arguments\n\n{HELP}",
            args.positional.len()
        )));
    };
    let config = load_config(config_path)?;
    let directory = load_source(source_path)?;
    let id_map = match args.option("id-map") {
        Some(path) => read_id_map(path)?,
        None => IdMap::new(),
    };
    let options = PreviewOptions {
        eval: context(&args)?,
        id_map,
        ..PreviewOptions::default()
    };
    let (target, mut notes) = Target::for_config(&config);
    let result = preview(&config, &directory, &target, &options);
    notes.extend(result.diagnostics);
    for note in &notes {
        let line = format!(
            "{}: {} at {}: {}",
            severity_name(note.severity),
            note.code,
            note.path,
            note.message
        );
        eprintln!("{}", table::neutralise_lines(&line));
    }
    Ok(match format {
        Format::Json => to_json(&result.items),
        Format::Table => render_table(&result.items),
    })
}

/// One row per previewed item, then the scope counts. Works on the items'
/// JSON (contract §4), the same fields a script would read.
fn render_table(items: &impl serde::Serialize) -> String {
    let items = table::json_array(items);
    let mut rows = Table::new(&[
        ("TYPE", 5),
        ("SOURCE ID", 40),
        ("IN SCOPE", 3),
        ("MATCHING", 48),
        ("PROBLEMS", 8),
        ("SCOPE REASON", 80),
    ]);
    // (in scope, all) per resource type, users first.
    let mut users = (0, 0);
    let mut groups = (0, 0);
    let mut problems = 0;
    for item in &items {
        let in_scope = item["inScope"] == Value::Bool(true);
        let tally = if item["resourceType"] == "Group" {
            &mut groups
        } else {
            &mut users
        };
        tally.0 += usize::from(in_scope);
        tally.1 += 1;
        let count = item["diagnostics"].as_array().map_or(0, Vec::len);
        problems += count;
        let matching = match (
            item["matching"]["attribute"].as_str(),
            item["matching"]["value"].as_str(),
        ) {
            (Some(attribute), Some(value)) => format!("{attribute}={value}"),
            _ => table::NONE.to_string(),
        };
        rows.push(&[
            table::text_of(&item["resourceType"]),
            table::text_of(&item["sourceId"]),
            (if in_scope { "yes" } else { "no" }).to_string(),
            matching,
            count.to_string(),
            table::text_of(&item["scopeReason"]),
        ]);
    }
    format!(
        "{}\n{} of {} in scope, {} of {} in scope, {}",
        rows.render(table::colour()),
        users.0,
        table::count(users.1, "user", "users"),
        groups.0,
        table::count(groups.1, "group", "groups"),
        table::count(problems, "problem", "problems")
    )
}

fn read_id_map(path: &str) -> Result<IdMap, CliError> {
    let value = read_json(path)?;
    let Value::Object(map) = value else {
        return Err(CliError::invalid(format!(
            "{path}: the id map must be a JSON object of source id → target id"
        )));
    };
    map.into_iter()
        .map(|(source, target)| match target {
            Value::String(target) => Ok((source, target)),
            other => Err(CliError::invalid(format!(
                "{path}: $[{}] must be a string target id, found {other}",
                Value::String(source.clone())
            ))),
        })
        .collect()
}
