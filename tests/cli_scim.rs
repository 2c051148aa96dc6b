//! `scim-mapper filter` and `scim-mapper patch` run as a user would:
//! the built binary, real files and standard input, exit codes 0/1/2.

mod support;

use serde_json::{json, Value};
use std::process::Output;
use support::cli::{scim_mapper as run, stderr};

const FULL_USER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/scim/full_user.json"
);
const GROUP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/scim/group.json"
);

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn temp_file(name: &str, contents: &str) -> String {
    support::cli::temp_file("cli-scim", name, contents)
}

#[test]
fn filter_prints_the_canonical_form() {
    let out = run(
        &[
            "filter",
            r#"userType EQ "Employee" AND (emails co "example.com" OR emails.value co "example.org")"#,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        printed,
        json!({"valid": true,
        "canonical": r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#})
    );
}

#[test]
fn filter_tests_a_resource() {
    let out = run(
        &[
            "filter",
            r#"emails[type eq "work" and value co "@example.com"]"#,
            "--resource",
            FULL_USER,
        ],
        None,
    );
    assert_eq!(
        (out.status.code(), stdout(&out).as_str()),
        (Some(0), "true")
    );
    let out = run(
        &[
            "filter",
            r#"userName eq "bjensen""#,
            "--resource",
            FULL_USER,
        ],
        None,
    );
    assert_eq!(
        (out.status.code(), stdout(&out).as_str()),
        (Some(0), "false")
    );
    // From standard input, with a profile's schema rules (id is case-exact).
    let user = r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "AbC", "userName": "x"}"#;
    let out = run(
        &[
            "filter",
            r#"id eq "abc""#,
            "--resource",
            "-",
            "--profile",
            "generic",
        ],
        Some(user),
    );
    assert_eq!(
        (out.status.code(), stdout(&out).as_str()),
        (Some(0), "false")
    );
    let out = run(&["filter", r#"id eq "abc""#, "--resource", "-"], Some(user));
    assert_eq!(
        (out.status.code(), stdout(&out).as_str()),
        (Some(0), "true")
    );
}

#[test]
fn filter_syntax_errors_exit_1_with_the_column() {
    let out = run(&["filter", "userName eq"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("filter.syntax at column 12"), "{err}");
    assert!(err.contains("expected a value"), "{err}");
    assert!(err.contains("  userName eq\n             ^"), "{err}");
    assert!(stdout(&out).is_empty());
    let bad_json = temp_file("bad.json", "{\n  \"userName\": \n}");
    let out = run(&["filter", "title pr", "--resource", &bad_json], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("line 3, column 1"),
        "{}",
        stderr(&out)
    );
    let not_object = temp_file("array.json", "[]");
    let out = run(&["filter", "title pr", "--resource", &not_object], None);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn filter_usage_errors_exit_2() {
    for args in [
        vec!["filter"],
        vec!["filter", "title", "pr"],
        vec!["filter", "title pr", "--bogus", "x"],
        vec!["filter", "title pr", "--resource"],
        vec!["filter", "title pr", "--resource", "/nonexistent/user.json"],
        vec![
            "filter",
            "title pr",
            "--resource",
            FULL_USER,
            "--profile",
            "nope",
        ],
    ] {
        let out = run(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("error: "), "{args:?}");
    }
}

#[test]
fn help_has_an_example_per_command() {
    for command in ["filter", "patch"] {
        let out = run(&[command, "--help"], None);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(text.contains(&format!("scim-mapper {command}")), "{text}");
        assert!(text.contains("EXAMPLE"), "{text}");
    }
}

#[test]
fn patch_applies_envelopes_and_bare_arrays() {
    let ops = temp_file(
        "ops.json",
        r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "Remove", "path": "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"},
        {"op": "Add", "path": "members", "value": [{"value": "08e1d05d-121c-4561-8b96-473d93df9210"}]}]}"#,
    );
    let out = run(&["patch", "--resource", GROUP, "--ops", &ops], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let group: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = group["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![
            "902c246b-6245-4190-8e05-00816be7344a",
            "08e1d05d-121c-4561-8b96-473d93df9210"
        ]
    );

    let out = run(
        &[
            "patch",
            "--resource",
            FULL_USER,
            "--ops",
            "-",
            "--profile",
            "generic",
        ],
        Some(
            r#"[{"op": "Replace", "path": "active", "value": "False"}, {"op": "replace", "path": "addresses[type eq \"work\"].country", "value": "US"}]"#,
        ),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let user: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(user["active"], false);
    assert_eq!(user["addresses"][0]["country"], "US");
    assert_eq!(user["addresses"][1]["country"], "USA");
}

#[test]
fn patch_failures_exit_1_with_the_scim_error_and_operation() {
    let out = run(
        &["patch", "--resource", FULL_USER, "--ops", "-"],
        Some(r#"[{"op": "add", "path": "title", "value": "x"}, {"op": "remove"}]"#),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("noTarget at Operations[1].path"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &[
            "patch",
            "--resource",
            FULL_USER,
            "--ops",
            "-",
            "--profile",
            "generic",
        ],
        Some(r#"[{"op": "replace", "path": "titel", "value": "x"}]"#),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("did you mean `title`?"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &["patch", "--resource", FULL_USER, "--ops", "-"],
        Some("[{"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("-: line 1, column 2"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn patch_usage_errors_exit_2() {
    for args in [
        vec!["patch"],
        vec!["patch", "--resource", FULL_USER],
        vec!["patch", "--resource", "-", "--ops", "-"],
        vec![
            "patch",
            "extra",
            "--resource",
            FULL_USER,
            "--ops",
            FULL_USER,
        ],
        vec![
            "patch",
            "--resource",
            "/nonexistent.json",
            "--ops",
            FULL_USER,
        ],
    ] {
        let out = run(&args, Some("[]"));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn filter_table_format_prints_the_verdict_as_text() {
    let out = run(
        &["filter", r#"userName EQ "bjensen""#, "--format", "table"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), r#"valid: userName eq "bjensen""#);
    // A string literal may hold a bidi override (the filter decodes `\u202e`
    // into the character itself): the table shows it escaped.
    let out = run(
        &["--format", "table", "filter", "title eq \"a\\u202eb\""],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), r#"valid: title eq "a\u{202e}b""#);

    let out = run(
        &[
            "filter",
            r#"userName eq "bjensen@example.com""#,
            "--resource",
            FULL_USER,
            "--format",
            "table",
        ],
        None,
    );
    assert_eq!(stdout(&out), "true");
    let out = run(&["filter", "userName eq", "--format", "table"], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an invalid filter is still exit 1"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn patch_table_format_is_the_same_json_without_raw_terminal_controls() {
    let ops = temp_file(
        "hostile-ops.json",
        &json!([{"op": "replace", "path": "displayName", "value": "Ann\u{202e}\u{9b}2J\u{7f}"}])
            .to_string(),
    );
    let json_out = run(&["patch", "--resource", FULL_USER, "--ops", &ops], None);
    let table_out = run(
        &[
            "patch",
            "--resource",
            FULL_USER,
            "--ops",
            &ops,
            "--format",
            "table",
        ],
        None,
    );
    assert_eq!(table_out.status.code(), Some(0), "{}", stderr(&table_out));
    let text = stdout(&table_out);
    assert!(
        !text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
        "{text}"
    );
    assert!(
        text.contains(r#""displayName": "Ann\u202e\u009b2J\u007f""#),
        "{text}"
    );
    let from_table: Value = serde_json::from_str(&text).expect("still JSON");
    let from_json: Value = serde_json::from_str(&stdout(&json_out)).unwrap();
    assert_eq!(from_table, from_json);
    assert_eq!(from_table["displayName"], "Ann\u{202e}\u{9b}2J\u{7f}");
    assert!(
        text.lines().count() > 10,
        "pretty-printed, one member per line"
    );
}
