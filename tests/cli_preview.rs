//! `scim-mapper validate` and `scim-mapper preview` end to end: the built
//! binary, its stdout, stderr and exit codes.

mod support;

use serde_json::{json, Value};
use support::cli::{cells, scim_mapper, stderr, stdout_json, table_lines};
use support::fixture_path;

fn fixture(name: &str) -> String {
    fixture_path(&format!("engine/{name}"))
        .to_string_lossy()
        .into_owned()
}

fn temp_file(name: &str, contents: &str) -> String {
    support::cli::temp_file("cli-preview", name, contents)
}

#[test]
fn validate_a_clean_config_prints_no_diagnostics_and_exits_0() {
    let output = scim_mapper(&["validate", &fixture("asana-sample.json")], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout_json(&output), json!({"diagnostics": []}));
}

#[test]
fn validate_with_a_source_finds_user_errors_and_exits_1() {
    let output = scim_mapper(
        &[
            "validate",
            &fixture("asana-sample.json"),
            "--source",
            &fixture("directory.json"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("validation failed"),
        "{}",
        stderr(&output)
    );
    let report = stdout_json(&output);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let has = |code: &str, path: &str| {
        diagnostics
            .iter()
            .any(|d| d["code"] == json!(code) && d["path"] == json!(path))
    };
    // u4 is an in-scope employee without a userPrincipalName; g2 lists an
    // unknown id (u9) and u2, a contractor outside the Sales department.
    assert!(
        has("user.requiredEmpty", "$.users[3].userPrincipalName"),
        "{report:#}"
    );
    assert!(
        has("user.emptyMatching", "$.users[3].userPrincipalName"),
        "{report:#}"
    );
    assert!(
        has("group.unknownMember", "$.groups[1].members"),
        "{report:#}"
    );
    assert!(
        has("group.memberOutOfScope", "$.groups[1].members"),
        "{report:#}"
    );
    for diagnostic in diagnostics {
        for field in ["severity", "code", "path", "message"] {
            assert!(diagnostic[field].is_string(), "{diagnostic}");
        }
    }
}

#[test]
fn validate_reports_a_broken_expression_with_its_path_and_column() {
    let output = scim_mapper(&["validate", &fixture("broken-expression.json")], None);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    assert_eq!(report["diagnostics"][0]["code"], json!("expr.syntax"));
    assert_eq!(
        report["diagnostics"][0]["path"],
        json!("$.users.mappings[1].source.expression")
    );
    assert!(report["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("column"));
}

#[test]
fn a_structurally_broken_config_gives_located_errors_on_stderr() {
    let config = temp_file(
        "broken.json",
        r#"{"version": 1, "target": {"profile": "asana"},
            "users": {"mappings": [{"target": "userName", "source": {"type": "direkt"}}]}}"#,
    );
    for command in ["validate", "preview"] {
        let mut args = vec![command, config.as_str()];
        let source = fixture("directory.json");
        if command == "preview" {
            args.push(&source);
        }
        let output = scim_mapper(&args, None);
        assert_eq!(output.status.code(), Some(1), "{command}");
        assert!(output.stdout.is_empty(), "{command}");
        let err = stderr(&output);
        assert!(err.contains("$.users.mappings[0].source.type"), "{err}");
        assert!(err.contains("direkt"), "{err}");
    }
    let syntax = temp_file("syntax.json", "{\n  \"version\": 1,\n  oops\n}");
    let output = scim_mapper(&["validate", &syntax], None);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("line 3, column 3"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn preview_prints_every_user_then_group_with_the_contract_fields() {
    let output = scim_mapper(
        &[
            "preview",
            &fixture("asana-sample.json"),
            &fixture("directory.json"),
            "--now",
            "2024-01-01T00:00:00Z",
            "--seed",
            "1",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let items = stdout_json(&output);
    let items = items.as_array().unwrap();
    let ids: Vec<&str> = items
        .iter()
        .map(|i| i["sourceId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["u1", "u2", "u3", "u4", "g1", "g2"]);
    for item in items {
        for field in [
            "sourceId",
            "inScope",
            "resourceType",
            "resource",
            "diagnostics",
            "scopeReason",
        ] {
            assert!(item.get(field).is_some(), "{field} missing in {item}");
        }
    }
    let ava = &items[0];
    assert_eq!(ava["inScope"], json!(true));
    assert_eq!(ava["resourceType"], json!("User"));
    assert_eq!(ava["resource"]["userName"], json!("ava.smith@example.com"));
    assert_eq!(ava["resource"]["name"]["formatted"], json!("Ava Smith"));
    assert_eq!(
        ava["resource"]["addresses"],
        json!([{"type": "work", "country": "US", "region": "NY", "locality": "New York"}])
    );
    let liam = &items[1];
    assert_eq!(liam["inScope"], json!(false));
    assert_eq!(liam["resource"], Value::Null);
    assert!(liam["scopeReason"]
        .as_str()
        .unwrap()
        .contains("employeeType EQUALS"));
    assert_eq!(items[4]["resourceType"], json!("Group"));
    assert_eq!(items[4]["pendingMembers"], json!(["u1", "u3"]));
}

#[test]
fn preview_is_reproducible_with_now_and_seed() {
    let config = temp_file(
        "guid.json",
        &json!({
            "version": 1, "target": {"profile": "generic"},
            "users": {"mappings": [
                {"target": "userName", "source": {"type": "direct", "attribute": "id"}, "matching": 1},
                {"target": "externalId", "source": {"type": "expression", "expression": "Guid()"}},
                {"target": "title", "source": {"type": "expression", "expression": "FormatDateTime(Now(), , , \"yyyy-MM-dd\")"}}
            ]}
        })
        .to_string(),
    );
    let run = |seed: &str| {
        let output = scim_mapper(
            &[
                "preview",
                &config,
                &fixture("directory.json"),
                "--now",
                "2024-02-29T12:00:00Z",
                "--seed",
                seed,
            ],
            None,
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stdout_json(&output)
    };
    let first = run("7");
    assert_eq!(first, run("7"));
    assert_ne!(first, run("8"));
    assert_eq!(first[0]["resource"]["title"], json!("2024-02-29"));
    assert_ne!(
        first[0]["resource"]["externalId"],
        first[1]["resource"]["externalId"]
    );
}

#[test]
fn preview_keeps_the_rest_of_a_config_with_a_broken_expression() {
    let output = scim_mapper(
        &[
            "preview",
            &fixture("broken-expression.json"),
            &fixture("directory.json"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("error: expr.syntax at $.users.mappings[1].source.expression"));
    let items = stdout_json(&output);
    assert_eq!(
        items[0]["resource"]["userName"],
        json!("ava.smith@example.com")
    );
    assert_eq!(items[0]["resource"]["title"], json!("Account Executive"));
    assert!(items[0]["resource"].get("name").is_none());
}

#[test]
fn preview_reads_csv_sources_and_stdin_and_an_id_map() {
    let csv = "id,userPrincipalName,givenName,surname,employeeType\nc1,ana@example.com,Ana,Lima,Employee\n";
    let output = scim_mapper(&["preview", &fixture("asana-sample.json"), "-"], Some(csv));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let items = stdout_json(&output);
    assert_eq!(items[0]["resource"]["userName"], json!("ana@example.com"));
    assert_eq!(items[0]["resource"]["name"]["formatted"], json!("Ana Lima"));

    let id_map = temp_file("ids.json", r#"{"u1": "asana-1"}"#);
    let output = scim_mapper(
        &[
            "preview",
            &fixture("asana-sample.json"),
            &fixture("directory.json"),
            "--id-map",
            &id_map,
        ],
        None,
    );
    let items = stdout_json(&output);
    assert_eq!(
        items[4]["resource"]["members"],
        json!([{"value": "asana-1"}])
    );
    assert_eq!(items[4]["pendingMembers"], json!(["u3"]));
}

#[test]
fn usage_errors_exit_2_and_help_has_examples() {
    for args in [
        vec!["preview"],
        vec!["preview", "only-one.json"],
        vec!["validate"],
        vec!["validate", "a", "b"],
    ] {
        let output = scim_mapper(&args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    let output = scim_mapper(&["validate", "/no/such/file.json"], None);
    assert_eq!(output.status.code(), Some(2));
    for command in ["validate", "preview"] {
        let output = scim_mapper(&[command, "--help"], None);
        assert_eq!(output.status.code(), Some(0));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.contains("EXAMPLES:") && text.contains(&format!("scim-mapper {command}")),
            "{text}"
        );
    }
    let output = scim_mapper(
        &[
            "preview",
            &fixture("asana-sample.json"),
            &fixture("directory.json"),
            "--seed",
            "x",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_scim-mapper"))
        .args(["sample", "--users", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

/// A copy of the engine directory with hostile text where it reaches a
/// table: a user id that clears the screen, reverses the text after it and
/// starts a fake row, and a group member that does the same in a message.
fn hostile_directory() -> String {
    let mut directory: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("directory.json")).unwrap()).unwrap();
    directory["users"][3]["id"] = json!(format!("u4{HOSTILE}"));
    directory["groups"][1]["members"][2] = json!(format!("u4{HOSTILE}"));
    directory["groups"][1]["members"][3] = json!(format!("u9{HOSTILE}"));
    temp_file("hostile-directory.json", &directory.to_string())
}

const HOSTILE: &str = "\u{1b}[2J\u{202e}evil\nUser fake yes\u{9b}";
/// How a table cell shows [`HOSTILE`].
const HOSTILE_SHOWN: &str = "\\u{001b}[2J\\u{202e}evil\\nUser fake yes\\u{009b}";

#[test]
fn validate_as_a_table_lists_every_diagnostic_then_the_counts() {
    let args = [
        "validate",
        &fixture("asana-sample.json"),
        "--source",
        &fixture("directory.json"),
    ];
    let json = stdout_json(&scim_mapper(&args, None));
    let output = scim_mapper(&[&args[..], &["--format", "table"]].concat(), None);
    assert_eq!(output.status.code(), Some(1), "errors still fail the run");
    assert!(stderr(&output).contains("validation failed: 2 error(s)"));
    let lines = table_lines(&output);
    assert_eq!(cells(&lines[0]), ["SEVERITY", "CODE", "PATH", "MESSAGE"]);
    assert!(lines[1].starts_with("--------  ----"), "{}", lines[1]);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(lines.len(), diagnostics.len() + 3, "{lines:#?}");
    for (line, diagnostic) in lines[2..].iter().zip(diagnostics) {
        let row = cells(line);
        assert_eq!(row[0], diagnostic["severity"].as_str().unwrap());
        assert_eq!(row[1], diagnostic["code"].as_str().unwrap());
        assert_eq!(row[2], diagnostic["path"].as_str().unwrap());
        let message = diagnostic["message"].as_str().unwrap();
        let shown = row[3].trim_end_matches('…');
        assert!(
            message.starts_with(shown) || shown.starts_with(message),
            "{line}"
        );
        if diagnostic.get("hint").is_some() && row[3].chars().count() < 100 {
            assert!(row[3].contains("(hint: "), "{line}");
        }
    }
    let required = lines
        .iter()
        .find(|line| line.contains("user.requiredEmpty"))
        .expect("the empty userName of u4 is listed");
    assert!(required.contains("$.users[3].userPrincipalName") && required.starts_with("error "));
    assert_eq!(lines.last().unwrap(), "2 errors, 2 warnings, 2 infos");
}

#[test]
fn validate_as_a_table_counts_zero_and_exits_0_when_clean() {
    let output = scim_mapper(
        &[
            "--format",
            "table",
            "validate",
            &fixture("asana-sample.json"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines = table_lines(&output);
    assert_eq!(cells(&lines[0]), ["SEVERITY", "CODE", "PATH", "MESSAGE"]);
    assert_eq!(lines[2..], ["0 errors, 0 warnings"]);
}

#[test]
fn validate_tables_show_hostile_values_escaped() {
    let source = hostile_directory();
    let output = scim_mapper(
        &[
            "validate",
            &fixture("asana-sample.json"),
            "--source",
            &source,
            "--format=table",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let lines = table_lines(&output);
    let unknown = lines
        .iter()
        .find(|line| line.contains("group.unknownMember"))
        .expect("the hostile member is reported");
    assert!(
        unknown.contains(&format!("u9{}", &HOSTILE_SHOWN[..30])),
        "{unknown}"
    );
    assert!(!lines.iter().any(|line| line.starts_with("User fake")));
}

#[test]
fn preview_as_a_table_has_one_row_per_item_and_the_scope_counts() {
    let args = [
        "preview",
        &fixture("asana-sample.json"),
        &fixture("directory.json"),
        "--now",
        "2026-01-01T00:00:00Z",
        "--seed",
        "1",
    ];
    let items = stdout_json(&scim_mapper(&args, None));
    let items = items.as_array().unwrap();
    let output = scim_mapper(&[&["--format", "table"], &args[..]].concat(), None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines = table_lines(&output);
    assert_eq!(
        cells(&lines[0]),
        [
            "TYPE",
            "SOURCE ID",
            "IN SCOPE",
            "MATCHING",
            "PROBLEMS",
            "SCOPE REASON"
        ]
    );
    assert_eq!(lines.len(), items.len() + 3, "{lines:#?}");
    for (line, item) in lines[2..].iter().zip(items) {
        let row = cells(line);
        assert_eq!(row[0], item["resourceType"].as_str().unwrap(), "{line}");
        assert_eq!(row[1], item["sourceId"].as_str().unwrap(), "{line}");
        let in_scope = if item["inScope"] == json!(true) {
            "yes"
        } else {
            "no"
        };
        assert_eq!(row[2], in_scope, "{line}");
        let matching = match item["matching"].as_object() {
            Some(key) => format!(
                "{}={}",
                key["attribute"].as_str().unwrap(),
                key["value"].as_str().unwrap()
            ),
            None => "-".to_string(),
        };
        assert_eq!(row[3], matching, "{line}");
        assert_eq!(
            row[4],
            item["diagnostics"].as_array().unwrap().len().to_string()
        );
        let reason = item["scopeReason"].as_str().unwrap();
        assert!(reason.starts_with(row[5].trim_end_matches('…')), "{line}");
    }
    let u1 = cells(&lines[2]);
    assert_eq!(
        u1[..5],
        ["User", "u1", "yes", "userName=ava.smith@example.com", "0"]
    );
    assert_eq!(
        lines.last().unwrap(),
        "3 of 4 users in scope, 2 of 2 groups in scope, 6 problems"
    );
}

#[test]
fn preview_tables_truncate_long_cells_and_escape_hostile_ones() {
    let mut directory: Value =
        serde_json::from_str(&std::fs::read_to_string(hostile_directory()).unwrap()).unwrap();
    let long_id = "x".repeat(300);
    directory["users"][0]["id"] = json!(long_id);
    let source = temp_file("long-directory.json", &directory.to_string());
    let output = scim_mapper(
        &[
            "preview",
            &fixture("asana-sample.json"),
            &source,
            "--format",
            "table",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines = table_lines(&output);
    assert_eq!(
        lines.len(),
        6 + 3,
        "one line per item, however hostile: {lines:#?}"
    );
    let long = cells(&lines[2]);
    assert_eq!(
        long[1],
        format!("{}…", "x".repeat(39)),
        "ids are cut at 40 chars"
    );
    assert!(
        lines.iter().all(|line| line.chars().count() < 250),
        "{lines:#?}"
    );
    let hostile = lines
        .iter()
        .find(|line| line.contains("u4\\u{001b}"))
        .unwrap();
    let shown = format!("u4{HOSTILE_SHOWN}");
    assert_eq!(cells(hostile)[1], format!("{}…", &shown[..39]));
    // The columns after it stay aligned: widths count chars, not bytes.
    let reason_at = |line: &str| line.chars().count() - cells(line).last().unwrap().chars().count();
    assert_eq!(reason_at(hostile), reason_at(&lines[2]));
    assert_eq!(reason_at(&lines[3]), reason_at(&lines[0]));
}
