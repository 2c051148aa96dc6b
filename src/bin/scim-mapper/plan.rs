//! `scim-mapper plan CONFIG.json SOURCE TARGET.json`: what a sync would
//! send to the target (contract §4), without sending anything.

use crate::args::{read_input, read_json, to_json, Args, CliError};
use crate::eval::context;
use crate::table::{self, Format, Table};
use scim_mapper::error::Error;
use scim_mapper::mapping::config;
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::source;
use scim_mapper::sync::{plan, Links, PlanInput, PlanOptions, TargetSnapshot};

const HELP: &str = r#"scim-mapper plan — the operations a sync would send, decided offline

USAGE:
    scim-mapper plan CONFIG.json SOURCE.(json|csv) TARGET.json [--now TIME] [--seed N]
                     [--links FILE.json] [--format json|table]

ARGS:
    CONFIG.json          the mapping configuration (contract §1)
    SOURCE               the source directory: JSON {"users": [...], "groups": [...]}
                         or CSV (users only, a header row, an `id` column)
    TARGET.json          the target snapshot: {"users": [SCIM Users], "groups": [SCIM Groups]},
                         what GET /Users and GET /Groups return (all pages merged)
    Any file may be `-` for standard input (one of them at most).

OPTIONS:
    --now TIME           "now" (RFC 3339, e.g. 2026-11-22T12:00:00Z): when a deactivated
                         user becomes old enough for deleteAfterDays, and what Now()
                         returns; default: the current time
    --seed N             seed for Guid() and RandomString(); default: from the clock
    --links FILE.json    links from earlier runs, {"users": {"sourceId": "targetId"},
                         "groups": {...}}: linked objects match by link first, a linked
                         object already in sync is `noop` (else `link`), and a linked
                         target object whose source object is gone is deprovisioned
    --format json|table  json (default): the JSON below; table: one row per
                         operation (ACTION, TYPE, SOURCE ID, TARGET ID,
                         REQUEST as "METHOD path", REASON), then the count per
                         action; no request bodies

OUTPUT:
    A JSON array, users first, then groups:
    [{"action": "create"|"update"|"deactivate"|"delete"|"link"|"noop"|"skip",
      "resourceType": "User"|"Group", "sourceId", "targetId",
      "request": {"method", "path", "body"} | null, "reason"}]
    Group members whose users are created by the same run are not sent yet;
    the group's reason lists them as pending (a sync plans groups again after
    the users are created). Invalid files or a configuration with errors:
    located messages on stderr, exit code 1. Usage or I/O errors: exit code 2.

EXAMPLES:
    Plan the first sync into an empty target:
        scim-mapper sample --users 20 > directory.json
        echo '{"users": [], "groups": []}' > target.json
        scim-mapper plan config.json directory.json target.json --now 2026-11-22T12:00:00Z

    The same plan for a person to read (counts per action on the last line):
        scim-mapper plan config.json directory.json target.json --format table

    Only what would change, with jq:
        scim-mapper plan config.json directory.json target.json |
            jq '[.[] | select(.action != "noop" and .action != "skip")]'"#;

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["now", "seed", "links"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
    let format = args.format()?;
    let [config_path, source_path, target_path] = args.positional.as_slice() else {
        return Err(CliError::usage(format!(
            "`plan` takes CONFIG.json SOURCE TARGET.json, got {} arguments\n\n{HELP}",
            args.positional.len()
        )));
    };
    let config =
        config::load(&read_input(config_path)?).map_err(|errors| invalid(config_path, &errors))?;
    let directory = source::load(&read_input(source_path)?, source_path)
        .map_err(|error| invalid(source_path, &[error]))?;
    let snapshot = TargetSnapshot::from_json(&read_input(target_path)?)
        .map_err(|error| invalid(target_path, &[error]))?;
    let links: Links = match args.option("links") {
        Some(path) => serde_json::from_value(read_json(path)?).map_err(|e| {
            CliError::invalid(format!(
                "{path}: links must be {{\"users\": {{\"sourceId\": \"targetId\"}}, \"groups\": {{...}}}}: {e}"
            ))
        })?,
        None => Links::default(),
    };
    let eval = context(&args)?;
    let (target, problems) = Target::for_config(&config);
    if let Some(problem) = problems.first() {
        return Err(CliError::invalid(format!(
            "{config_path}: {} at {}: {}",
            problem.code, problem.path, problem.message
        )));
    }
    let input = PlanInput {
        config: &config,
        directory: &directory,
        snapshot: &snapshot,
        target: &target,
        links: &links,
        options: PlanOptions {
            now_millis: eval.now_millis,
            seed: eval.seed,
            patch_supported: None,
        },
    };
    let operations = plan(&input).map_err(|errors| invalid(config_path, &errors))?;
    Ok(match format {
        Format::Json => to_json(&operations),
        Format::Table => render_table(&operations),
    })
}

/// The contract's actions, in the order the summary counts them.
const ACTIONS: [&str; 7] = [
    "create",
    "update",
    "deactivate",
    "delete",
    "link",
    "noop",
    "skip",
];

/// One row per operation, then how many of each action. Works on the
/// operations' JSON (contract §4), the same fields a script would read.
fn render_table(operations: &impl serde::Serialize) -> String {
    let operations = table::json_array(operations);
    let mut rows = Table::new(&[
        ("ACTION", 10),
        ("TYPE", 5),
        ("SOURCE ID", 40),
        ("TARGET ID", 40),
        ("REQUEST", 60),
        ("REASON", 80),
    ]);
    for op in &operations {
        let request = match (
            op["request"]["method"].as_str(),
            op["request"]["path"].as_str(),
        ) {
            (Some(method), Some(path)) => format!("{method} {path}"),
            _ => table::NONE.to_string(),
        };
        rows.push(&[
            table::text_of(&op["action"]),
            table::text_of(&op["resourceType"]),
            table::text_of(&op["sourceId"]),
            table::text_of(&op["targetId"]),
            request,
            table::text_of(&op["reason"]),
        ]);
    }
    let counts: Vec<String> = ACTIONS
        .iter()
        .map(|action| {
            let n = operations
                .iter()
                .filter(|op| op["action"] == *action)
                .count();
            format!("{n} {action}")
        })
        .collect();
    format!(
        "{}\n{}: {}",
        rows.render(table::colour()),
        table::count(operations.len(), "operation", "operations"),
        counts.join(", ")
    )
}

/// Every error of one file, one per line, each with its location.
fn invalid(file: &str, errors: &[Error]) -> CliError {
    let lines: Vec<String> = errors.iter().map(|e| format!("{file}: {e}")).collect();
    CliError::invalid(lines.join("\n"))
}
