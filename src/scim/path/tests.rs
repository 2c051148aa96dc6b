use super::*;
use serde_json::{json, Value};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

#[test]
fn parses_every_path_shape() {
    let path = AttrPath::parse(r#"emails[type eq "work"].value"#).unwrap();
    assert_eq!(path.attribute, "emails");
    assert_eq!(path.sub_attribute.as_deref(), Some("value"));
    assert_eq!(
        path.filter.as_ref().unwrap().to_string(),
        r#"type eq "work""#
    );
    let path = AttrPath::parse(&format!("{ENTERPRISE}:manager.value")).unwrap();
    assert_eq!(path.uri.as_deref(), Some(ENTERPRISE));
    assert_eq!(
        (path.attribute.as_str(), path.sub_attribute.as_deref()),
        ("manager", Some("value"))
    );
    assert_eq!(path.to_string(), format!("{ENTERPRISE}:manager.value"));
    let path = AttrPath::parse("members.$ref").unwrap();
    assert_eq!(path.sub_attribute.as_deref(), Some("$ref"));
    assert_eq!(
        AttrPath::parse(ENTERPRISE)
            .unwrap()
            .as_schema_urn()
            .as_deref(),
        Some(ENTERPRISE)
    );
    assert_eq!(
        AttrPath::parse(&format!("{ENTERPRISE}:department"))
            .unwrap()
            .as_schema_urn(),
        None
    );
}

#[test]
fn path_errors_have_code_and_column() {
    for (text, column, expected) in [
        ("", "column 1", "expected an attribute name"),
        ("1abc", "column 1", "expected an attribute name"),
        ("name.given.x", "column 11", "at most one sub-attribute"),
        (
            "emails[type eq \"work\"].",
            "column 24",
            "expected a sub-attribute name",
        ),
        (
            "emails.value[type eq \"work\"]",
            "column 13",
            "must follow the attribute",
        ),
        ("title extra", "column 7", "expected the end of the path"),
        (
            "emails[]",
            "column 8",
            "expected an attribute name, found `]`",
        ),
        ("urn:x:", "column 7", "expected an attribute name"),
    ] {
        let err = AttrPath::parse(text).expect_err(text);
        assert_eq!(err.code, "path.syntax");
        assert_eq!(err.path, column, "{text}: {}", err.message);
        assert!(err.message.contains(expected), "{text}: {}", err.message);
    }
}

#[test]
fn get_flattens_filters_and_ignores_case() {
    let user = json!({"Emails": [{"Value": "w@x.com", "Type": "work"}, {"value": "h@x.com", "type": "home"}],
        ENTERPRISE: {"manager": {"value": "m1"}}, "name": {"formatted": "A B"}});
    let work = AttrPath::parse(r#"emails[type eq "WORK"].value"#).unwrap();
    assert_eq!(work.get(&user), vec![&json!("w@x.com")]);
    assert_eq!(AttrPath::parse("emails.value").unwrap().get(&user).len(), 2);
    assert_eq!(
        AttrPath::parse(&format!("{ENTERPRISE}:manager.value"))
            .unwrap()
            .first(&user),
        Some(&json!("m1"))
    );
    assert_eq!(
        AttrPath::parse("urn:ietf:params:scim:schemas:core:2.0:User:name.formatted")
            .unwrap()
            .first(&user),
        Some(&json!("A B"))
    );
    assert!(AttrPath::parse("missing.x").unwrap().get(&user).is_empty());
}

#[test]
fn set_creates_what_is_missing() {
    let mut user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a",
        "addresses": [{"type": "home", "country": "FR"}]});
    AttrPath::parse(r#"addresses[type eq "work"].country"#)
        .unwrap()
        .set(&mut user, json!("US"))
        .unwrap();
    assert_eq!(
        user["addresses"],
        json!([{"type": "home", "country": "FR"}, {"type": "work", "country": "US"}])
    );
    AttrPath::parse(r#"addresses[type eq "work"].locality"#)
        .unwrap()
        .set(&mut user, json!("NYC"))
        .unwrap();
    assert_eq!(
        user["addresses"][1],
        json!({"type": "work", "country": "US", "locality": "NYC"})
    );
    AttrPath::parse(&format!("{ENTERPRISE}:department"))
        .unwrap()
        .set(&mut user, json!("Sales"))
        .unwrap();
    assert_eq!(user[ENTERPRISE], json!({"department": "Sales"}));
    assert_eq!(user["schemas"][1], ENTERPRISE);
    AttrPath::parse("name.formatted")
        .unwrap()
        .set(&mut user, json!("A B"))
        .unwrap();
    assert_eq!(user["name"], json!({"formatted": "A B"}));
    AttrPath::parse("USERNAME")
        .unwrap()
        .set(&mut user, json!("b"))
        .unwrap();
    assert_eq!(user["userName"], "b");
    assert!(user.get("USERNAME").is_none());
    // null removes.
    AttrPath::parse("name.formatted")
        .unwrap()
        .set(&mut user, Value::Null)
        .unwrap();
    assert!(user.get("name").is_none(), "{user}");
    // A filter that does not say how to build an element.
    let err = AttrPath::parse(r#"emails[value co "x"].type"#)
        .unwrap()
        .set(&mut user, json!("work"))
        .unwrap_err();
    assert_eq!(err.code, "noTarget");
    let err = AttrPath::parse("userName.x")
        .unwrap()
        .set(&mut user, json!(1))
        .unwrap_err();
    assert_eq!(err.code, "noTarget");
}

#[test]
fn remove_drops_selected_values_and_empty_lists() {
    let mut user = json!({"emails": [{"value": "w", "type": "work"}, {"value": "h", "type": "home"}], "title": "t"});
    assert_eq!(
        AttrPath::parse(r#"emails[type eq "work"]"#)
            .unwrap()
            .remove(&mut user),
        1
    );
    assert_eq!(user["emails"], json!([{"value": "h", "type": "home"}]));
    assert_eq!(
        AttrPath::parse(r#"emails[type eq "home"].value"#)
            .unwrap()
            .remove(&mut user),
        1
    );
    assert_eq!(user["emails"], json!([{"type": "home"}]));
    assert_eq!(
        AttrPath::parse("emails[type pr]")
            .unwrap()
            .remove(&mut user),
        1
    );
    assert!(user.get("emails").is_none());
    assert_eq!(AttrPath::parse("Title").unwrap().remove(&mut user), 1);
    assert_eq!(user, json!({}));
    assert_eq!(AttrPath::parse("nothing").unwrap().remove(&mut user), 0);
}

#[test]
fn read_returns_whole_attributes_and_first_selections() {
    let user = json!({"emails": [{"value": "w", "type": "work"}], "title": "T", "manager.id": "m1", "name": {"formatted": "N"}});
    assert_eq!(
        AttrPath::parse("emails").unwrap().read(&user),
        Some(json!([{"value": "w", "type": "work"}]))
    );
    assert_eq!(
        AttrPath::parse(r#"emails[type eq "work"].value"#)
            .unwrap()
            .read(&user),
        Some(json!("w"))
    );
    assert_eq!(
        AttrPath::parse("TITLE").unwrap().read(&user),
        Some(json!("T"))
    );
    assert_eq!(AttrPath::parse("nope").unwrap().read(&user), None);
    // Flat CSV-style keys answer dotted paths when nothing is nested.
    assert_eq!(
        AttrPath::parse("manager.id").unwrap().first(&user),
        Some(&json!("m1"))
    );
    assert_eq!(
        AttrPath::parse("name.formatted").unwrap().read(&user),
        Some(json!("N"))
    );
}
