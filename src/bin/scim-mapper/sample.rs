//! `scim-mapper sample [--users N]` — the built-in sample directory, the same
//! one the admin page starts with, as a source file for `preview` and `plan`.

use crate::args::{to_json, Args, CliError};
use crate::table::{self, Format, Table};
use scim_mapper::sample;

const HELP: &str = "\
scim-mapper sample — the built-in sample directory

USAGE:
    scim-mapper sample [--users N] [--format json|table]

Prints the built-in sample directory (users and groups, contract §2 JSON) —
the same one the admin page starts with. Deterministic: the same N always
gives the same directory.

OPTIONS:
    --users N            how many users, 1 to 100000; default 240
    --format json|table  json (default): the directory as JSON; table: one row
                         per user (ID, USER PRINCIPAL NAME, DISPLAY NAME,
                         DEPARTMENT, ENABLED), one per group (ID, DISPLAY NAME,
                         MEMBERS), then the counts

EXAMPLES:
    A source file for preview and plan:
        scim-mapper sample > directory.json
    A large one, to see how a mapping scales:
        scim-mapper sample --users 10000 > big.json
    A glance at who is in it:
        scim-mapper sample --users 5 --format table";

pub fn run(argv: &[String]) -> Result<String, CliError> {
    let args = Args::parse(argv, &["users"])?;
    if args.help {
        return Ok(HELP.to_string());
    }
    let format = args.format()?;
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
    let directory = sample::directory(users);
    Ok(match format {
        Format::Json => to_json(&directory),
        Format::Table => render_tables(&directory),
    })
}

/// The users, then the groups, then how many of each.
fn render_tables(directory: &impl serde::Serialize) -> String {
    let directory = serde_json::to_value(directory).unwrap_or_default();
    let empty = Vec::new();
    let users = directory["users"].as_array().unwrap_or(&empty);
    let groups = directory["groups"].as_array().unwrap_or(&empty);
    let mut user_rows = Table::new(&[
        ("ID", 40),
        ("USER PRINCIPAL NAME", 48),
        ("DISPLAY NAME", 40),
        ("DEPARTMENT", 30),
        ("ENABLED", 7),
    ]);
    for user in users {
        user_rows.push(&[
            table::text_of(&user["id"]),
            table::text_of(&user["userPrincipalName"]),
            table::text_of(&user["displayName"]),
            table::text_of(&user["department"]),
            table::text_of(&user["accountEnabled"]),
        ]);
    }
    let mut group_rows = Table::new(&[("ID", 40), ("DISPLAY NAME", 40), ("MEMBERS", 7)]);
    for group in groups {
        let members = group["members"].as_array().map_or(0, Vec::len);
        group_rows.push(&[
            table::text_of(&group["id"]),
            table::text_of(&group["displayName"]),
            members.to_string(),
        ]);
    }
    let colour = table::colour();
    format!(
        "{}\n\n{}\n{}, {}",
        user_rows.render(colour),
        group_rows.render(colour),
        table::count(users.len(), "user", "users"),
        table::count(groups.len(), "group", "groups")
    )
}
