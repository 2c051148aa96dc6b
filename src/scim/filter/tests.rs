use super::*;
use crate::scim::schema::SchemaSet;
use serde_json::json;

fn error_of(text: &str) -> Error {
    parse(text).expect_err(text)
}

fn matches(text: &str, resource: &Value) -> bool {
    parse(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .matches(resource, None)
}

#[test]
fn syntax_errors_give_the_column_and_what_was_expected() {
    let cases = [
        ("", "column 1", "expected a filter"),
        ("userName eq", "column 12", "expected a value"),
        (r#"userName xx "a""#, "column 10", "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after `userName`, found `xx`"),
        ("(title pr", "column 10", "expected `)` to close the `(` at column 1"),
        ("title pr garbage", "column 10", "expected `and`, `or` or the end of the filter, found `garbage`"),
        (r#"emails[type eq "work""#, "column 22", "expected `]` to close the `[` at column 7"),
        (r#"title eq "open"#, "column 10", "unterminated string"),
        (r#"title eq "bad \q escape""#, "column 16", "invalid string literal"),
        ("title eq 12abc", "column 10", "invalid number `12abc`"),
        ("title and x pr", "column 7", "expected an operator"),
        ("emails[type[value eq 1] pr] pr", "column 12", "cannot contain another `[`"),
        ("name.given.x pr", "column 11", "at most one sub-attribute"),
        ("http://x:y pr", "column 1", "`urn:` schema prefix"),
        ("title eq 1 or", "column 14", "expected an attribute name, found the end of the input"),
        ("not (title pr", "column 14", "expected `)` to close the `(` at column 5"),
    ];
    for (text, column, expected) in cases {
        let err = error_of(text);
        assert_eq!(err.code, "filter.syntax", "{text}");
        assert_eq!(err.path, column, "{text}: {}", err.message);
        assert!(err.message.contains(expected), "{text}: {}", err.message);
    }
}

#[test]
fn nesting_is_capped_instead_of_overflowing_the_stack() {
    let deep = format!("{}title pr{}", "(".repeat(65), ")".repeat(65));
    assert!(error_of(&deep).message.contains("deeper than 64"));
    let ok = format!("{}title pr{}", "(".repeat(64), ")".repeat(64));
    assert_eq!(parse(&ok).unwrap().to_string(), "title pr");
    let not_chain = format!("{}title pr{}", "not (".repeat(100), ")".repeat(100));
    assert!(error_of(&not_chain).message.contains("deeper than 64"));
    // Long flat chains are fine: they are not nested.
    let long = vec!["title pr"; 10_000].join(" and ");
    assert!(matches(&long, &json!({"title": "x"})));
}

#[test]
fn and_binds_tighter_than_or_and_printing_keeps_the_tree() {
    let parsed = parse("a pr or b pr and c pr").unwrap();
    assert!(
        matches!(&parsed, Filter::Or(items) if items.len() == 2 && matches!(items[1], Filter::And(_)))
    );
    assert_eq!(parsed.to_string(), "a pr or b pr and c pr");
    let grouped = parse("(a pr or b pr) and c pr").unwrap();
    assert_eq!(grouped.to_string(), "(a pr or b pr) and c pr");
    let nested = parse("a pr and (b pr and c pr)").unwrap();
    assert_eq!(nested.to_string(), "a pr and (b pr and c pr)");
    assert_eq!(parse(&nested.to_string()).unwrap(), nested);
    // Keywords in any case; `not` without space.
    assert_eq!(
        parse("A PR AND NOT(B Pr)").unwrap().to_string(),
        "A pr and not (B pr)"
    );
}

#[test]
fn comp_values_cover_every_literal_with_escapes() {
    let parsed = parse(r#"displayName eq "say \"hi\" \\ \u00e9\n""#).unwrap();
    let Filter::Compare(_, CompareOp::Eq, CompValue::String(text)) = &parsed else {
        panic!("{parsed:?}")
    };
    assert_eq!(text, "say \"hi\" \\ é\n");
    assert_eq!(parsed.to_string(), r#"displayName eq "say \"hi\" \\ é\n""#);
    assert_eq!(parse("x eq TRUE").unwrap().to_string(), "x eq true");
    assert_eq!(parse("x ne False").unwrap().to_string(), "x ne false");
    assert_eq!(parse("x eq NULL").unwrap().to_string(), "x eq null");
    assert_eq!(parse("x gt -1.5e2").unwrap().to_string(), "x gt -150.0");
    assert_eq!(parse("x le 42").unwrap().to_string(), "x le 42");
}

#[test]
fn evaluation_follows_rfc_rules() {
    let user = json!({"userName": "Alice", "title": "", "tags": [], "age": 10, "score": 2.5, "active": true,
        "emails": [{"value": "a@x.com", "type": "work"}, {"value": "a@home.org", "type": "home"}],
        "nickname": null, "legacy": "True"});
    // Names and string values case-insensitive.
    assert!(matches(r#"USERNAME eq "alice""#, &user));
    // pr false for empty string, empty array and null.
    assert!(!matches("title pr", &user));
    assert!(!matches("tags pr", &user));
    assert!(!matches("nickname pr", &user));
    assert!(matches("userName pr", &user));
    // Absent = null: eq null matches, ne matches.
    assert!(matches("missing eq null", &user));
    assert!(matches(r#"missing ne "x""#, &user));
    assert!(!matches("userName eq null", &user));
    // Numbers numerically (10 > 9, lexically "10" < "9").
    assert!(matches("age gt 9", &user));
    assert!(matches("score lt 3", &user));
    assert!(matches("age eq 10.0", &user));
    assert!(!matches(r#"age eq "10""#, &user));
    // Booleans, including strings Entra sends.
    assert!(matches("active eq true", &user));
    assert!(matches("legacy eq true", &user));
    assert!(!matches("active gt false", &user));
    // Multi-valued: any value.
    assert!(matches(r#"emails.type eq "home""#, &user));
    assert!(matches(
        r#"emails[type eq "work" and value ew "x.com"]"#,
        &user
    ));
    assert!(!matches(
        r#"emails[type eq "home" and value ew "x.com"]"#,
        &user
    ));
    assert!(matches(r#"emails[not (type eq "work")]"#, &user));
    // Extension: value path followed by a sub-attribute.
    assert!(matches(r#"emails[type eq "home"].value co "HOME""#, &user));
    // Strings ordered lexically when not dates.
    assert!(matches(r#"userName gt "aaron""#, &user));
    assert!(matches(
        r#"userName sw "AL" and userName ew "CE" and userName co "lic""#,
        &user
    ));
}

#[test]
fn schema_rules_apply_when_a_schema_is_given() {
    let set = SchemaSet::rfc7643();
    let schema = set.resource("User").unwrap();
    let user = json!({"id": "Abc", "userName": "bob", "meta": {"created": "2020-01-01T00:00:00Z"}});
    let filter = parse(r#"id eq "abc""#).unwrap();
    // id is caseExact in RFC 7643; without a schema everything folds.
    assert!(!filter.matches(&user, Some(&schema)));
    assert!(filter.matches(&user, None));
    let later = parse(r#"meta.created lt "2020-01-01T01:00:00+00:30""#).unwrap();
    assert!(later.matches(&user, Some(&schema)));
    let equal_instant = parse(r#"meta.created eq "2020-01-01T00:00:00.000Z""#).unwrap();
    assert!(equal_instant.matches(&user, Some(&schema)));
}

#[test]
fn eq_query_escapes_then_percent_encodes() {
    assert_eq!(
        eq_filter("userName", r#"a"b\c"#),
        r#"userName eq "a\"b\\c""#
    );
    assert_eq!(
        eq_query("userName", "bjensen@example.com"),
        "userName%20eq%20%22bjensen%40example.com%22"
    );
    assert_eq!(
        eq_query("displayName", r#"R&D "Core""#),
        "displayName%20eq%20%22R%26D%20%5C%22Core%5C%22%22"
    );
    assert_eq!(percent_encode("é~"), "%C3%A9~");
    // The unencoded filter parses back to the value.
    let Filter::Compare(_, _, CompValue::String(value)) =
        parse(&eq_filter("x", "q\"\\\u{1}")).unwrap()
    else {
        panic!()
    };
    assert_eq!(value, "q\"\\\u{1}");
}

#[test]
fn equality_constraints_describe_a_new_element() {
    let filter = parse(r#"type eq "work" and primary eq true"#).unwrap();
    let constraints = filter.equality_constraints().unwrap();
    assert_eq!(constraints.len(), 2);
    assert_eq!(constraints[0].0.attribute, "type");
    assert!(parse(r#"type ne "work""#)
        .unwrap()
        .equality_constraints()
        .is_none());
    assert!(parse(r#"type eq "a" or type eq "b""#)
        .unwrap()
        .equality_constraints()
        .is_none());
}
