//! `scim-mapper plan` end to end: the built binary on the fixtures under
//! `tests/fixtures/plan/`, its stdout, stderr and exit codes.

mod support;

use serde_json::{json, Value};
use support::cli::{cells, ok_json, stderr, table_lines};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/plan");
const NOW: &str = "2026-11-22T12:00:00Z";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn scim_mapper(args: &[&str]) -> std::process::Output {
    support::cli::scim_mapper(args, None)
}

fn plan_of(args: &[&str]) -> Vec<Value> {
    serde_json::from_value(ok_json(&scim_mapper(args))).expect("stdout is a JSON array")
}

/// `action resourceType sourceId targetId` per operation.
fn summary(plan: &[Value]) -> Vec<String> {
    plan.iter()
        .map(|op| {
            format!(
                "{} {} {} {}",
                op["action"].as_str().unwrap(),
                op["resourceType"].as_str().unwrap(),
                op["sourceId"].as_str().unwrap_or("-"),
                op["targetId"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

fn run_fixture(source: &str, extra: &[&str]) -> Vec<Value> {
    let (config, source, target) = (
        fixture("config.json"),
        fixture(source),
        fixture("target.json"),
    );
    let mut args = vec![
        "plan",
        config.as_str(),
        source.as_str(),
        target.as_str(),
        "--now",
        NOW,
        "--seed",
        "1",
    ];
    args.extend_from_slice(extra);
    plan_of(&args)
}

#[test]
fn plans_every_kind_of_change_from_a_json_directory() {
    let plan = run_fixture("source.json", &[]);
    assert_eq!(
        summary(&plan),
        [
            "link User u1 t-ann",
            "update User u2 t-bob",
            "create User u3 -",
            "deactivate User u4 t-dan",
            "deactivate User u5 t-eve",
            "delete User u6 t-fay",
            "noop User - t-admin",
            "update Group g1 t-eng",
            "create Group g2 -",
        ]
    );
    for op in &plan {
        let keys: Vec<&String> = op.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "action",
                "resourceType",
                "sourceId",
                "targetId",
                "request",
                "reason"
            ]
        );
        assert!(!op["reason"].as_str().unwrap().is_empty());
    }
    assert_eq!(plan[0]["request"], Value::Null);
    assert_eq!(
        plan[1]["request"],
        json!({"method": "PATCH", "path": "/Users/t-bob", "body": {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "replace", "path": "userName", "value": "bob@example.com"},
            {"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Sales"}
        ]}})
    );
    assert_eq!(plan[2]["request"]["method"], json!("POST"));
    assert_eq!(
        plan[2]["request"]["body"]["userName"],
        json!("cy@example.com")
    );
    assert_eq!(
        plan[3]["request"]["body"]["Operations"],
        json!([{"op": "replace", "path": "active", "value": false}])
    );
    assert_eq!(
        plan[5]["request"],
        json!({"method": "DELETE", "path": "/Users/t-fay", "body": null})
    );
    assert!(plan[5]["reason"]
        .as_str()
        .unwrap()
        .contains("deleteAfterDays"));
    assert_eq!(
        plan[7]["request"]["body"]["Operations"],
        json!([{"op": "remove", "path": "members[value eq \"t-dan\"]"}])
    );
    assert!(plan[7]["reason"]
        .as_str()
        .unwrap()
        .contains("pending until their users are created in this run"));
    assert_eq!(
        plan[8]["request"]["body"]["members"],
        json!([{"value": "t-bob"}])
    );
}

#[test]
fn a_csv_directory_plans_the_same_users() {
    let from_json = run_fixture("source.json", &[]);
    let from_csv = run_fixture("source.csv", &[]);
    let users = |plan: &[Value]| -> Vec<String> {
        summary(plan)
            .into_iter()
            .filter(|line| line.contains(" User "))
            .collect()
    };
    assert_eq!(users(&from_csv), users(&from_json));
    // CSV has no groups: the target's group is only in the target.
    assert_eq!(
        summary(&from_csv).last().map(String::as_str),
        Some("noop Group - t-eng")
    );
}

#[test]
fn known_links_turn_an_in_sync_link_into_a_noop() {
    let links = fixture("links.json");
    let plan = run_fixture("source.json", &["--links", &links]);
    assert_eq!(summary(&plan)[0], "noop User u1 t-ann");
    assert!(plan[0]["reason"].as_str().unwrap().contains("in sync"));
}

#[test]
fn delete_after_days_depends_on_now() {
    let plan = run_fixture("source.json", &["--now", "2026-11-12T09:00:00Z"]);
    assert_eq!(summary(&plan)[5], "noop User u6 t-fay");
    assert!(plan[5]["reason"]
        .as_str()
        .unwrap()
        .contains("to be deleted from 2026-11-17T09:00:00"));
}

#[test]
fn help_explains_with_an_example() {
    let output = scim_mapper(&["plan", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("USAGE:") && text.contains("EXAMPLES:") && text.contains("--links"));
    let output = scim_mapper(&["--help"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("plan CONFIG.json SOURCE TARGET.json"));
}

fn temp_file(name: &str, contents: &str) -> String {
    support::cli::temp_file("cli-plan", name, contents)
}

fn failure(args: &[&str]) -> (i32, String) {
    let output = scim_mapper(args);
    assert!(output.stdout.is_empty(), "nothing on stdout on failure");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn errors_are_located_with_the_contract_exit_codes() {
    let (config, source, target) = (
        fixture("config.json"),
        fixture("source.json"),
        fixture("target.json"),
    );

    let (code, stderr) = failure(&["plan", &config, &source]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("takes CONFIG.json SOURCE TARGET.json"),
        "{stderr}"
    );

    let (code, stderr) = failure(&["plan", &config, &source, "/nonexistent/target.json"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read `/nonexistent/target.json`"),
        "{stderr}"
    );

    let (code, stderr) = failure(&["plan", &config, &source, &target, "--now", "yesterday"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--now `yesterday`"), "{stderr}");

    let broken_target = temp_file(
        "target.json",
        "{\"users\": [\n  {\"id\": \"a\"},\n  {\"id\": }\n]}",
    );
    let (code, stderr) = failure(&["plan", &config, &source, &broken_target]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("snapshot.syntax at line 3, column 10"),
        "{stderr}"
    );

    let wrong_shape = temp_file("shape.json", r#"{"users": {"id": "a"}}"#);
    let (code, stderr) = failure(&["plan", &config, &source, &wrong_shape]);
    assert_eq!(code, 1);
    assert!(stderr.contains("at $.users"), "{stderr}");

    let bad_config = temp_file(
        "config.json",
        r#"{"version": 1, "target": {"profile": "generic"}, "users": {"mappings": [
            {"target": "titel", "source": {"type": "direct", "attribute": "jobTitle"}}]}}"#,
    );
    let (code, stderr) = failure(&["plan", &bad_config, &source, &target]);
    assert_eq!(code, 1);
    assert!(stderr.contains("$.users.mappings[0]"), "{stderr}");

    let unknown_profile = temp_file(
        "profile.json",
        r#"{"version": 1, "target": {"profile": "nope"}}"#,
    );
    let (code, stderr) = failure(&["plan", &unknown_profile, &source, &target]);
    assert_eq!(code, 1);
    assert!(stderr.contains("$.target.profile"), "{stderr}");

    let bad_source = temp_file("source.json", r#"{"users": [{"mail": "no id"}]}"#);
    let (code, stderr) = failure(&["plan", &config, &bad_source, &target]);
    assert_eq!(code, 1);
    assert!(stderr.contains("$.users[0]"), "{stderr}");
}

fn fixture_args(source: &str) -> Vec<String> {
    [
        "plan".to_string(),
        fixture("config.json"),
        source.to_string(),
        fixture("target.json"),
        "--now".to_string(),
        NOW.to_string(),
        "--seed".to_string(),
        "1".to_string(),
    ]
    .to_vec()
}

#[test]
fn plan_as_a_table_has_one_row_per_operation_and_the_counts_per_action() {
    let args = fixture_args(&fixture("source.json"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let plan = plan_of(&args);
    let output = scim_mapper(&[&args[..], &["--format", "table"]].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines = table_lines(&output);
    assert_eq!(
        cells(&lines[0]),
        [
            "ACTION",
            "TYPE",
            "SOURCE ID",
            "TARGET ID",
            "REQUEST",
            "REASON"
        ]
    );
    assert_eq!(lines.len(), plan.len() + 3, "{lines:#?}");
    for (line, op) in lines[2..].iter().zip(&plan) {
        let row = cells(line);
        assert_eq!(row[0], op["action"].as_str().unwrap(), "{line}");
        assert_eq!(row[1], op["resourceType"].as_str().unwrap(), "{line}");
        assert_eq!(row[2], op["sourceId"].as_str().unwrap_or("-"), "{line}");
        assert_eq!(row[3], op["targetId"].as_str().unwrap_or("-"), "{line}");
        let request = match op["request"].as_object() {
            Some(request) => format!(
                "{} {}",
                request["method"].as_str().unwrap(),
                request["path"].as_str().unwrap()
            ),
            None => "-".to_string(),
        };
        assert_eq!(row[4], request, "{line}");
        let reason = op["reason"].as_str().unwrap();
        assert!(reason.starts_with(row[5].trim_end_matches('…')), "{line}");
    }
    let update = lines
        .iter()
        .map(|l| cells(l))
        .find(|row| row[2] == "u2")
        .unwrap();
    assert_eq!(
        update[..5],
        ["update", "User", "u2", "t-bob", "PATCH /Users/t-bob"]
    );
    assert_eq!(
        lines.last().unwrap(),
        "9 operations: 2 create, 2 update, 2 deactivate, 1 delete, 1 link, 1 noop, 0 skip"
    );
}

#[test]
fn plan_tables_escape_hostile_ids_and_keep_exit_codes() {
    let mut source: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("source.json")).unwrap()).unwrap();
    source["users"][2]["id"] = json!("u3\u{1b}]0;pwned\u{7}\u{2067}\r\nx");
    let source = temp_file("hostile-source.json", &source.to_string());
    let args = fixture_args(&source);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = scim_mapper(&[&["--format=table"], &args[..]].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines = table_lines(&output);
    let create = lines
        .iter()
        .find(|l| l.starts_with("create      User"))
        .unwrap();
    assert_eq!(
        cells(create)[2],
        "u3\\u{001b}]0;pwned\\u{0007}\\u{2067}\\r\\nx"
    );
    assert_eq!(lines.len(), 9 + 3, "no line breaks inside a row");

    // Failures keep their exit codes and print no table.
    let broken = temp_file("broken-source.json", "{\"users\": [");
    let args = fixture_args(&broken);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, message) = failure(&[&args[..], &["--format", "table"]].concat());
    assert_eq!(code, 1, "{message}");
    assert!(message.contains("broken-source.json"), "{message}");
}
