//! `scim-mapper eval` end to end: the built binary, its stdout, stderr and exit codes.

mod support;

use support::cli::{exit_code, ok_json, scim_mapper, stderr, stdout};

fn temp_file(name: &str, contents: &str) -> String {
    support::cli::temp_file("cli-eval", name, contents)
}

#[test]
fn prints_a_string_from_a_source_file() {
    let source = temp_file(
        "user.json",
        r#"{"userPrincipalName": "John.Doe@contoso.com"}"#,
    );
    let output = scim_mapper(
        &[
            "eval",
            r#"Append([userPrincipalName], ".test")"#,
            "--source",
            &source,
        ],
        None,
    );
    assert_eq!(
        ok_json(&output),
        serde_json::json!("John.Doe@contoso.com.test")
    );
    let _ = std::fs::remove_file(source);
}

#[test]
fn reads_the_source_from_stdin() {
    let output = scim_mapper(
        &[
            "eval",
            r#"ToLower(NormalizeDiacritics(Join(".", [givenName], [surname])))"#,
            "--source",
            "-",
        ],
        Some(r#"{"givenName": "Zoë", "surname": "Doe"}"#),
    );
    assert_eq!(ok_json(&output), serde_json::json!("zoe.doe"));
}

#[test]
fn prints_every_json_type() {
    let cases = [
        (r#"Split("a, b", ",")"#, serde_json::json!(["a", "b"])),
        ("BitAnd(&HF, &HF7)", serde_json::json!(7)),
        (r#"Not("True")"#, serde_json::json!(false)),
        ("[missing]", serde_json::Value::Null),
        (
            r#"DateAdd("d", 7, CDate("2012-03-16-07:00"))"#,
            serde_json::json!("3/23/2012 7:00:00 AM"),
        ),
    ];
    for (expression, expected) in cases {
        let output = scim_mapper(&["eval", expression], None);
        assert_eq!(ok_json(&output), expected, "{expression}");
    }
}

#[test]
fn now_and_seed_make_output_repeatable() {
    let output = scim_mapper(&["eval", "Now()", "--now", "2021-07-02T15:33:38Z"], None);
    assert_eq!(ok_json(&output), serde_json::json!("7/2/2021 3:33:38 PM"));
    let first = scim_mapper(&["eval", "Guid()", "--seed", "5"], None);
    let second = scim_mapper(&["eval", "Guid()", "--seed", "5"], None);
    assert_eq!(ok_json(&first), ok_json(&second));
}

#[test]
fn ignore_flow_prints_null_with_a_note() {
    let output = scim_mapper(&["eval", "IgnoreFlowIfNullOrEmpty([department])"], None);
    assert_eq!(ok_json(&output), serde_json::Value::Null);
    assert!(String::from_utf8_lossy(&output.stderr).contains("leaves this attribute out"));
}

#[test]
fn parse_errors_go_to_stderr_with_the_column() {
    let output = scim_mapper(&["eval", r#"Append([a] "x")"#], None);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("expr.syntax at column 12"), "{stderr}");
    assert!(stderr.contains("           ^"), "{stderr}");

    let output = scim_mapper(&["eval", "Left(\"abc\")"], None);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("expr.arity at column 1: `Left` takes 2 arguments"),
        "{stderr}"
    );
}

#[test]
fn runtime_errors_exit_1() {
    let output = scim_mapper(&["eval", r#"CDate("someday")"#], None);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("expr.runtime at column 1: CDate:"),
        "{stderr}"
    );
}

#[test]
fn bad_sources_are_invalid_input() {
    let output = scim_mapper(&["eval", "[a]", "--source", "-"], Some("{\"a\": "));
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("line 1, column"));

    let output = scim_mapper(&["eval", "[a]", "--source", "-"], Some("[1, 2]"));
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("JSON object"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["eval"],
        vec!["eval", "[a]", "[b]"],
        vec!["eval", "[a]", "--bogus", "x"],
        vec!["eval", "[a]", "--now", "yesterday"],
        vec!["eval", "[a]", "--source", "/nonexistent/user.json"],
    ] {
        let output = scim_mapper(&args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn help_shows_examples() {
    let output = scim_mapper(&["eval", "--help"], None);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("EXAMPLES:"));
    assert!(help.contains("--source FILE.json"));
}

/// `eval --format table` and its stdout as text, after asserting exit 0.
fn eval_text(args: &[&str], stdin: Option<&str>) -> String {
    let output = scim_mapper(&[&["eval"], args, &["--format", "table"]].concat(), stdin);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    assert!(!stdout(&output).chars().any(|c| c.is_control() && c != '\n'));
    stdout(&output)
}

#[test]
fn table_format_prints_values_as_text() {
    assert_eq!(
        eval_text(&[r#"Join(" ", "Ann", "Lee")"#], None),
        "Ann Lee\n"
    );
    assert_eq!(eval_text(&[r#"Split("a,b,c", ",")"#], None), "a\nb\nc\n");
    assert_eq!(eval_text(&["[missing]"], None), "null\n");
    assert_eq!(eval_text(&["BitAnd(&HF, &HF7)"], None), "7\n");
    assert_eq!(eval_text(&[r#"Not("True")"#], None), "false\n");
    assert_eq!(
        eval_text(
            &["[proxyAddresses]", "--source", "-"],
            Some(r#"{"proxyAddresses": []}"#)
        ),
        "[]\n",
        "an empty array is not an empty string"
    );
}

#[test]
fn table_format_escapes_control_and_bidi_characters() {
    let record = serde_json::json!({"name": "a\u{1b}[31m\u{202e}b\nc\td"}).to_string();
    assert_eq!(
        eval_text(&["[name]", "--source", "-"], Some(&record)),
        "a\\u{001b}[31m\\u{202e}b\\nc\\td\n"
    );
}

#[test]
fn table_format_keeps_exit_codes() {
    let output = scim_mapper(&["eval", r#"Append([a] "x")"#, "--format", "table"], None);
    assert_eq!(exit_code(&output), 1);
    assert!(stderr(&output).contains("column 12"));
    let output = scim_mapper(&["eval", "[a]", "--format", "yaml"], None);
    assert_eq!(exit_code(&output), 2);
    assert!(stderr(&output).contains("unknown --format `yaml`"));
    assert!(output.stdout.is_empty());
}

#[test]
fn errors_on_stderr_show_control_characters_as_escapes() {
    // An expression pasted from somewhere with an ANSI colour sequence and a
    // bidi override: the error quotes it, and must not recolour the terminal.
    let output = scim_mapper(&["eval", "Left(\"\u{1b}[31mred\u{202e}\")"], None);
    assert_eq!(exit_code(&output), 1);
    let err = stderr(&output);
    assert!(err.contains("expr.arity"), "{err}");
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}'),
        "{err:?}"
    );
    assert!(err.contains("\\u{001b}[31mred\\u{202e}"), "{err}");
    // Line breaks of the message itself (the caret line) are kept.
    assert!(err.lines().count() >= 2, "{err}");
}
