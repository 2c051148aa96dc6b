//! `--format json|table` across every command: JSON stays byte for byte what
//! it was, a bad format is a usage error, help documents the option, and
//! `sample`'s tables. The per-command tables are tested beside each command.

mod support;

use serde_json::Value;
use support::cli::{
    assert_json_format_is_the_default, cells, exit_code, scim_mapper, stderr, stdout, table_lines,
    temp_file,
};
use support::fixture_path;

const COMMANDS: [&str; 7] = [
    "eval", "filter", "patch", "validate", "preview", "plan", "sample",
];

fn fixture(relative: &str) -> String {
    fixture_path(relative).to_string_lossy().into_owned()
}

/// A successful (or, for validate, failing-with-report) run of every command.
fn every_command() -> Vec<Vec<String>> {
    let ops = temp_file(
        "cli-format",
        "ops.json",
        r#"[{"op": "Replace", "path": "active", "value": "False"}]"#,
    );
    let user = fixture("scim/full_user.json");
    let config = fixture("engine/asana-sample.json");
    let directory = fixture("engine/directory.json");
    let fixed = ["--now", "2026-11-22T12:00:00Z", "--seed", "1"];
    let plan = [
        "plan",
        &fixture("plan/config.json"),
        &fixture("plan/source.json"),
        &fixture("plan/target.json"),
    ];
    [
        vec!["eval", r#"Split("a,b", ",")"#],
        vec!["eval", "Guid()", "--seed", "3"],
        vec!["filter", r#"userName EQ "x""#],
        vec![
            "filter",
            r#"userName eq "bjensen@example.com""#,
            "--resource",
            &user,
        ],
        vec!["patch", "--resource", &user, "--ops", &ops],
        vec!["validate", &config],
        vec!["validate", &config, "--source", &directory],
        [
            &["preview", config.as_str(), directory.as_str()][..],
            &fixed,
        ]
        .concat(),
        [&plan[..], &fixed].concat(),
        vec!["sample", "--users", "3"],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(str::to_string).collect())
    .collect()
}

#[test]
fn json_output_is_unchanged_by_the_option() {
    for args in every_command() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = assert_json_format_is_the_default(&args);
        assert!(
            matches!(exit_code(&output), 0 | 1),
            "{args:?}: {}",
            stderr(&output)
        );
        let text = stdout(&output);
        let value: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON ({e}): {text}"));
        // Exactly the pretty JSON the CLI has always printed, plus a newline
        // (`filter --resource` prints a bare `true`/`false`).
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(text, format!("{pretty}\n"), "{args:?}");
    }
}

#[test]
fn table_output_never_changes_an_exit_code() {
    for args in every_command() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let json = scim_mapper(&args, None);
        let table = scim_mapper(&[&args[..], &["--format", "table"]].concat(), None);
        assert_eq!(
            exit_code(&table),
            exit_code(&json),
            "{args:?}: {}",
            stderr(&table)
        );
    }
}

#[test]
fn an_unknown_format_is_a_usage_error_for_every_command() {
    for command in COMMANDS {
        for args in [
            vec![command, "x", "--format", "xml"],
            vec![command, "x", "--format=xml"],
            vec!["--format", "xml", command, "x"],
        ] {
            let output = scim_mapper(&args, None);
            assert_eq!(exit_code(&output), 2, "{args:?}");
            assert!(output.stdout.is_empty(), "{args:?}");
            let message = stderr(&output);
            assert!(
                message.contains("unknown --format `xml`: use `json` (the default) or `table`"),
                "{args:?}: {message}"
            );
        }
    }
    for args in [
        vec!["--format"],
        vec!["--format", "table"],
        vec!["eval", "[a]", "--format"],
    ] {
        let output = scim_mapper(&args, None);
        assert_eq!(exit_code(&output), 2, "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_format_after_the_command_overrides_the_one_before_it() {
    let output = scim_mapper(
        &["--format", "table", "eval", r#""x""#, "--format", "json"],
        None,
    );
    assert_eq!(stdout(&output), "\"x\"\n");
    let output = scim_mapper(&["--format=json", "eval", r#""x""#, "--format=table"], None);
    assert_eq!(stdout(&output), "x\n");
}

#[test]
fn help_documents_the_option_with_examples_for_every_command() {
    for command in COMMANDS {
        let output = scim_mapper(&[command, "--help"], None);
        assert_eq!(exit_code(&output), 0, "{command}");
        let help = stdout(&output);
        for section in ["USAGE:", "OPTIONS:", "EXAMPLES:", "--format json|table"] {
            assert!(
                help.contains(section),
                "{command} --help lacks {section}:\n{help}"
            );
        }
        let examples = help.split("EXAMPLES:").nth(1).unwrap_or_default();
        let worked = examples.matches(&format!("scim-mapper {command} ")).count();
        assert!(
            worked >= 2,
            "{command}: at least two worked examples:\n{examples}"
        );
    }
    let help = stdout(&scim_mapper(&["--help"], None));
    assert!(
        help.contains("scim-mapper [--format json|table] <COMMAND>"),
        "{help}"
    );
    assert!(
        help.contains("--format table") && help.contains("EXAMPLES:"),
        "{help}"
    );
}

#[test]
fn sample_as_tables_lists_users_then_groups_then_the_counts() {
    let directory: Value =
        serde_json::from_str(&stdout(&scim_mapper(&["sample", "--users", "5"], None))).unwrap();
    let users = directory["users"].as_array().unwrap();
    let groups = directory["groups"].as_array().unwrap();
    let output = scim_mapper(&["--format", "table", "sample", "--users", "5"], None);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let lines = table_lines(&output);
    assert_eq!(
        cells(&lines[0]),
        [
            "ID",
            "USER PRINCIPAL NAME",
            "DISPLAY NAME",
            "DEPARTMENT",
            "ENABLED"
        ]
    );
    for (line, user) in lines[2..].iter().zip(users) {
        let row = cells(line);
        assert_eq!(row[0], user["id"].as_str().unwrap());
        assert_eq!(row[1], user["userPrincipalName"].as_str().unwrap());
        assert_eq!(row[2], user["displayName"].as_str().unwrap());
    }
    let blank = 2 + users.len();
    assert_eq!(lines[blank], "");
    assert_eq!(cells(&lines[blank + 1]), ["ID", "DISPLAY NAME", "MEMBERS"]);
    let first_group = cells(&lines[blank + 3]);
    assert_eq!(first_group[0], groups[0]["id"].as_str().unwrap());
    assert_eq!(
        first_group[2],
        groups[0]["members"].as_array().unwrap().len().to_string()
    );
    assert_eq!(lines.len(), blank + 3 + groups.len() + 1);
    assert_eq!(
        lines.last().unwrap(),
        &format!("5 users, {} groups", groups.len())
    );
}
