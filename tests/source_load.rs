//! Loading source directories from JSON and CSV (contract §2).

mod support;

use scim_mapper::error::Error;
use scim_mapper::mapping::source::{self, Directory, Record};
use serde_json::json;
use support::{fixture, fixture_path};

fn csv_error(name: &str) -> Error {
    let bytes = std::fs::read(fixture_path(name)).unwrap();
    source::load_bytes(&bytes, name).unwrap_err()
}

fn code_and_path(err: &Error) -> (&str, &str) {
    (err.code.as_str(), err.path.as_str())
}

#[test]
fn json_directory_keeps_records_as_given() {
    let directory = source::load_json(&fixture("source/directory.json")).unwrap();
    assert_eq!(directory.users.len(), 3);
    assert_eq!(directory.groups.len(), 3);
    assert_eq!(directory.users[0]["manager"]["id"], "u3");
    assert_eq!(directory.users[1]["employeeNumber"], "0042");
    assert_eq!(directory.user("u2").unwrap()["givenName"], "Grace");
    assert!(directory.user("nobody").is_none());
    assert_eq!(directory.group("g2").unwrap()["displayName"], "Asana users");
}

#[test]
fn json_groups_are_optional() {
    let directory = source::load_json(r#"{"users": [{"id": "u1"}]}"#).unwrap();
    assert_eq!(
        directory,
        Directory {
            users: vec![Record::from_object(json!({"id": "u1"})).unwrap()],
            groups: vec![]
        }
    );
    assert!(source::load_json(r#"{"users": [], "groups": null}"#)
        .unwrap()
        .groups
        .is_empty());
}

#[test]
fn membership_helpers_follow_group_members() {
    let directory = source::load_json(&fixture("source/directory.json")).unwrap();
    let ids = |user: &str| -> Vec<String> {
        directory
            .groups_of(user)
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("u1"), vec!["g1"]);
    assert_eq!(ids("u3"), vec!["g2"]);
    assert!(directory.is_member_of("u1", "g1"));
    assert!(directory.is_member_of("u1", "Sales"));
    assert!(directory.is_member_of("u2", "Asana users"));
    assert!(!directory.is_member_of("u2", "Sales"));
    assert!(
        !directory.is_member_of("u1", "sales"),
        "names are case-sensitive"
    );
    assert!(!directory.is_member_of("u1", "Empty"));
}

#[test]
fn json_duplicate_ids_point_at_the_second_use() {
    let err = source::load_json(&fixture("source/broken-duplicate-id.json")).unwrap_err();
    assert_eq!(code_and_path(&err), ("source.duplicateId", "$.users[3].id"));
    assert_eq!(
        err.message,
        "duplicate user id `u2`; already used by $.users[1]"
    );
}

#[test]
fn json_records_must_be_objects_with_string_ids() {
    let err = source::load_json(&fixture("source/broken-non-object-user.json")).unwrap_err();
    assert_eq!(code_and_path(&err), ("source.type", "$.users[1]"));
    assert_eq!(err.message, "expected a user object, found a string");

    let cases = [
        (r#"[]"#, "source.type", "$"),
        (r#"{}"#, "source.missing", "$.users"),
        (r#"{"users": {}}"#, "source.type", "$.users"),
        (
            r#"{"users": [{"mail": "a"}]}"#,
            "source.missing",
            "$.users[0].id",
        ),
        (
            r#"{"users": [{"id": ""}]}"#,
            "source.invalidId",
            "$.users[0].id",
        ),
        (
            r#"{"users": [{"id": 7}]}"#,
            "source.invalidId",
            "$.users[0].id",
        ),
        (
            r#"{"users": [], "groups": [{"id": "g1"}, {"displayName": "x"}]}"#,
            "source.missing",
            "$.groups[1].id",
        ),
        (
            r#"{"users": [], "groups": [{"id": "g1"}, {"id": "g1"}]}"#,
            "source.duplicateId",
            "$.groups[1].id",
        ),
        (
            r#"{"users": [], "groups": [{"id": "g1", "members": "u1"}]}"#,
            "source.type",
            "$.groups[0].members",
        ),
        (
            "{\"users\": [\n  {\"id\": \"u1\",}\n]}",
            "source.syntax",
            "line 2, column 15",
        ),
    ];
    for (text, code, path) in cases {
        let err = source::load_json(text).unwrap_err();
        assert_eq!(code_and_path(&err), (code, path), "{text}");
    }
}

#[test]
fn csv_with_bom_quotes_and_newlines_loads() {
    let directory = source::load_csv(&fixture("source/users.csv")).unwrap();
    assert!(directory.groups.is_empty());
    // The all-empty row and the blank line are skipped.
    assert_eq!(directory.users.len(), 3);
    let ada = &directory.users[0];
    assert_eq!(ada["id"], "u1", "the BOM is not part of the first header");
    assert_eq!(ada["displayName"], "Lovelace, Ada");
    assert_eq!(ada["notes"], "Likes \"engines\"\r\nand poetry");
    assert_eq!(ada["manager.id"], "u3");
    assert_eq!(source::lookup(ada, "manager.id"), Some(&json!("u3")));
    // Text stays text: no booleans or numbers are guessed.
    assert_eq!(ada["accountEnabled"], "true");
    // Empty cells are absent attributes.
    let grace = &directory.users[1];
    assert_eq!(grace.get("department"), None);
    assert_eq!(grace.get("notes"), None);
    assert_eq!(grace.len(), 4);
    assert_eq!(directory.users[2]["id"], "u3");
}

#[test]
fn csv_extra_field_names_row_and_column() {
    let err = csv_error("source/broken-extra-field.csv");
    assert_eq!(
        code_and_path(&err),
        ("source.csvFieldCount", "line 3, column 4")
    );
    assert!(
        err.message.starts_with("row 2 (line 3), column 4"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("has 4 fields but the header has 3"),
        "{}",
        err.message
    );
}

#[test]
fn csv_missing_field_names_the_missing_column() {
    let err = csv_error("source/broken-missing-field.csv");
    assert_eq!(
        code_and_path(&err),
        ("source.csvFieldCount", "line 2, column 3")
    );
    assert!(
        err.message.contains("column 3 `department`"),
        "{}",
        err.message
    );
}

#[test]
fn csv_unclosed_quote_swallows_the_rest_and_is_reported() {
    let err = csv_error("source/broken-unclosed-quote.csv");
    assert_eq!(
        code_and_path(&err),
        ("source.csvFieldCount", "line 3, column 3")
    );
}

#[test]
fn csv_header_problems() {
    let err = csv_error("source/broken-no-id-column.csv");
    assert_eq!(code_and_path(&err), ("source.csvMissingIdColumn", "line 1"));
    assert!(
        err.message.contains("found: userId, mail"),
        "{}",
        err.message
    );

    let err = csv_error("source/broken-duplicate-column.csv");
    assert_eq!(
        code_and_path(&err),
        ("source.csvHeader", "line 1, column 3")
    );

    assert_eq!(source::load_csv("").unwrap_err().code, "source.csvEmpty");
    assert_eq!(
        source::load_csv("\u{feff}").unwrap_err().code,
        "source.csvEmpty"
    );
    assert_eq!(
        code_and_path(&source::load_csv("id,,mail\n").unwrap_err()),
        ("source.csvHeader", "line 1, column 2")
    );
    // Only a header: no users, no error.
    assert!(source::load_csv(" id , mail\n").unwrap().users.is_empty());
}

#[test]
fn csv_row_errors_name_row_and_column() {
    let err = csv_error("source/broken-empty-id.csv");
    assert_eq!(
        code_and_path(&err),
        ("source.missingId", "line 3, column 1")
    );
    assert!(
        err.message.starts_with("row 2 (line 3), column 1 `id`"),
        "{}",
        err.message
    );

    let err = csv_error("source/broken-duplicate-id.csv");
    assert_eq!(
        code_and_path(&err),
        ("source.duplicateId", "line 3, column 1")
    );
    assert!(
        err.message.contains("already used on row 1"),
        "{}",
        err.message
    );

    let err = csv_error("source/broken-latin1.csv");
    assert_eq!(
        code_and_path(&err),
        ("source.csvEncoding", "line 3, column 2")
    );
    assert!(
        err.message.contains("`mail`: invalid UTF-8 at byte 3"),
        "{}",
        err.message
    );
}

#[test]
fn load_chooses_the_format() {
    let json_text = fixture("source/directory.json");
    let csv_text = fixture("source/users.csv");
    assert_eq!(
        source::load(&json_text, "directory.json")
            .unwrap()
            .groups
            .len(),
        3
    );
    assert_eq!(source::load(&json_text, "-").unwrap().groups.len(), 3);
    assert_eq!(source::load(&csv_text, "users.csv").unwrap().users.len(), 3);
    assert_eq!(source::load(&csv_text, "").unwrap().users.len(), 3);
    assert_eq!(
        source::load(&csv_text, "json").unwrap_err().code,
        "source.syntax"
    );
    // Invalid UTF-8 in JSON bytes is a positioned syntax error.
    let err = source::load_bytes(b"{\"users\": [{\"id\": \"\xff\"}]}", "x.json").unwrap_err();
    assert_eq!(err.code, "source.syntax");
    assert!(err.path.starts_with("line 1, column"));
}

#[test]
fn hostile_sources_never_panic() {
    let deep = format!(
        "{{\"users\": {}{}}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    assert_eq!(source::load_json(&deep).unwrap_err().code, "source.syntax");
    let wide_header: String = (0..20_000).map(|i| format!("c{i},")).collect::<String>() + "id\n";
    assert!(source::load_csv(&wide_header).unwrap().users.is_empty());
    let many_rows: String = std::iter::once("id,n\n".to_string())
        .chain((0..50_000).map(|i| format!("u{i},{i}\n")))
        .collect();
    assert_eq!(source::load_csv(&many_rows).unwrap().users.len(), 50_000);
    for text in [
        "\"",
        "\"\"\"",
        "id\n\"",
        ",\n,",
        "\r\r\r",
        "id\n\u{0}",
        "id,\"a\nb",
    ] {
        let _ = source::load_csv(text);
        let _ = source::load_json(text);
        let _ = source::load(text, "");
    }
    let _ = source::load_bytes(&[0xff, 0xfe, 0x00], "");
    let _ = source::load_bytes(&[0xEF, 0xBB], "a.csv");
}
