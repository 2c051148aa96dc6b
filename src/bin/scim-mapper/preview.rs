//! `scim-mapper preview CONFIG.json SOURCE`: every source user and group as
//! it would be sent, with the scope decision and the diagnostics.

use crate::args::{read_json, to_json, Args, CliError};
use crate::eval::context;
use crate::validate::{load_config, load_source};
use scim_mapper::mapping::engine::{IdMap, Target};
use scim_mapper::mapping::preview::{preview, PreviewOptions};
use serde_json::Value;

const HELP: &str = r#"scim-mapper preview — see every SCIM request body before anything is sent

USAGE:
    scim-mapper preview CONFIG.json SOURCE.(json|csv) [--now TIME] [--seed N]
                        [--id-map FILE.json]

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
    scim-mapper preview config.json directory.json --now 2024-01-01T00:00:00Z --seed 1
    scim-mapper sample | scim-mapper preview config.json - > preview.json
    scim-mapper preview config.json users.csv"#;

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["now", "seed", "id-map"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
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
    };
    let (target, mut notes) = Target::for_config(&config);
    let result = preview(&config, &directory, &target, &options);
    notes.extend(result.diagnostics);
    for note in &notes {
        let severity = serde_json::to_value(note.severity)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        eprintln!(
            "{severity}: {} at {}: {}",
            note.code, note.path, note.message
        );
    }
    Ok(to_json(&result.items))
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
