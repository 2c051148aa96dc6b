//! Every filter example of RFC 7644 §3.4.2.2 and every PATCH example of
//! §3.5.2, run against the RFC 7643 §8 example resources. Expected results
//! are worked out from the RFC rules (noted beside each case).

use scim_mapper::scim::filter;
use scim_mapper::scim::patch;
use scim_mapper::scim::path::AttrPath;
use scim_mapper::scim::schema::SchemaSet;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let text = match name {
        "minimal" => include_str!("fixtures/scim/minimal_user.json"),
        "full" => include_str!("fixtures/scim/full_user.json"),
        "enterprise" => include_str!("fixtures/scim/enterprise_user.json"),
        "group" => include_str!("fixtures/scim/group.json"),
        other => panic!("no fixture {other}"),
    };
    serde_json::from_str(text).expect("fixture is JSON")
}

/// Evaluates with and without the RFC schema; both must agree here.
fn eval(filter_text: &str, resource: &Value) -> bool {
    let parsed = filter::parse(filter_text).unwrap_or_else(|e| panic!("{filter_text}: {e}"));
    let set = SchemaSet::rfc7643();
    let schema = set.resource_for(resource).expect("User or Group");
    let with_schema = parsed.matches(resource, Some(&schema));
    let without = parsed.matches(resource, None);
    assert_eq!(
        with_schema, without,
        "schema changed the result of {filter_text}"
    );
    with_schema
}

#[test]
fn rfc7644_filter_examples_on_the_full_user() {
    let user = fixture("full");
    let cases: &[(&str, bool)] = &[
        // userName is "bjensen@example.com": eq needs the whole value.
        (r#"userName eq "bjensen""#, false),
        (r#"name.familyName co "O'Malley""#, false),
        (r#"userName sw "J""#, false),
        (
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
            false,
        ),
        (r#"title pr"#, true),
        // lastModified is exactly 2011-05-13T04:42:34Z.
        (r#"meta.lastModified gt "2011-05-13T04:42:34Z""#, false),
        (r#"meta.lastModified ge "2011-05-13T04:42:34Z""#, true),
        (r#"meta.lastModified lt "2011-05-13T04:42:34Z""#, false),
        (r#"meta.lastModified le "2011-05-13T04:42:34Z""#, true),
        (r#"title pr and userType eq "Employee""#, true),
        (r#"title pr or userType eq "Intern""#, true),
        // 8.2 declares only the core schema.
        (
            r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
            false,
        ),
        // `emails co` compares the implicit `value` sub-attribute.
        (
            r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            true,
        ),
        (
            r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
            false,
        ),
        (
            r#"userType eq "Employee" and (emails.type eq "work")"#,
            true,
        ),
        (
            r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
            true,
        ),
        (
            r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
            true,
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(eval(text, &user), *expected, "{text}");
    }
}

#[test]
fn rfc7644_filter_examples_where_the_answer_flips() {
    let user = fixture("full");
    let enterprise = fixture("enterprise");
    let minimal = fixture("minimal");
    // userName is case-insensitive (caseExact false).
    assert!(eval(r#"userName eq "BJensen@Example.com""#, &user));
    assert!(eval(r#"userName sw "bj""#, &user));
    assert!(eval(
        r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "B""#,
        &user
    ));
    assert!(eval(r#"name.familyName co "ens""#, &user));
    assert!(eval(
        r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
        &enterprise
    ));
    assert!(!eval("title pr", &minimal));
    assert!(!eval(r#"title pr or userType eq "Intern""#, &minimal));
    // Chronological, not lexical: +01:00 is an hour earlier in UTC.
    assert!(eval(
        r#"meta.lastModified gt "2011-05-13T05:00:00+01:00""#,
        &user
    ));
    assert!(eval(r#"meta.created lt "2011-05-13T04:42:34.5Z""#, &user));
    assert!(!eval(
        r#"ims[type eq "xmpp" and value co "@foo.com"]"#,
        &user
    ));
    assert!(eval(
        r#"userType ne "Intern" and not (emails co "example.net" or emails.value co "example.org")"#,
        &user
    ));
    assert!(eval(
        r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "tour operations""#,
        &enterprise
    ));
    assert!(eval(
        r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value sw "26118915""#,
        &enterprise
    ));
}

#[test]
fn rfc7644_filter_examples_print_canonically_and_reparse() {
    let cases = [
        (r#"userName Eq "bjensen""#, r#"userName eq "bjensen""#),
        (
            r#"title  pr   AND userType eq "Employee""#,
            r#"title pr and userType eq "Employee""#,
        ),
        (
            r#"userType ne "Employee" and not(emails co "example.com" or emails.value co "example.org")"#,
            r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
        ),
        (
            r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
            r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
        ),
        (
            r#"userType eq "Employee" and (emails.type eq "work")"#,
            r#"userType eq "Employee" and emails.type eq "work""#,
        ),
    ];
    for (input, canonical) in cases {
        let parsed = filter::parse(input).unwrap();
        assert_eq!(parsed.to_string(), canonical);
        assert_eq!(filter::parse(canonical).unwrap(), parsed);
    }
}

fn patched(resource: &Value, operations: Value) -> Value {
    let set = SchemaSet::rfc7643();
    let schema = set.resource_for(resource).expect("User or Group");
    let request = json!({"schemas": [patch::PATCH_OP_SCHEMA], "Operations": operations});
    let with_schema =
        patch::apply(resource, &request, Some(&schema)).unwrap_or_else(|e| panic!("{e}"));
    let without = patch::apply(resource, &request, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(with_schema, without, "schema changed the PATCH result");
    with_schema
}

fn member_ids(group: &Value) -> Vec<&str> {
    group["members"]
        .as_array()
        .map(|m| m.iter().filter_map(|v| v["value"].as_str()).collect())
        .unwrap_or_default()
}

const BABS: &str = "2819c223-7f76-453a-919d-413861904646";
const MANDY: &str = "902c246b-6245-4190-8e05-00816be7344a";
const JAMES: &str = "08e1d05d-121c-4561-8b96-473d93df9210";

#[test]
fn rfc7644_3_5_2_paths_parse() {
    for text in [
        "members",
        "name.familyName",
        r#"addresses[type eq "work"]"#,
        r#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#,
        r#"members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName"#,
    ] {
        let path = AttrPath::parse(text).unwrap();
        assert_eq!(path.to_string(), text);
    }
}

#[test]
fn rfc7644_3_5_2_1_add_member_is_not_duplicated() {
    let group = fixture("group");
    // Babs is already a member: "duplicate values are not added".
    let result = patched(
        &group,
        json!([{"op": "add", "path": "members", "value": [{
            "display": "Babs Jensen",
            "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
            "value": BABS}]}]),
    );
    assert_eq!(member_ids(&result), vec![BABS, MANDY]);
    let result = patched(
        &group,
        json!([{"op": "add", "path": "members", "value": [{"display": "James Smith", "value": JAMES}]}]),
    );
    assert_eq!(member_ids(&result), vec![BABS, MANDY, JAMES]);
}

#[test]
fn rfc7644_3_5_2_1_add_without_path() {
    let user = fixture("full");
    let result = patched(
        &user,
        json!([{"op": "add", "value": {
            "emails": [{"value": "babs@jensen.org", "type": "home"}],
            "nickname": "Babs"}}]),
    );
    // The home email already exists; nickname matches nickName (any case).
    assert_eq!(result["emails"], user["emails"]);
    assert_eq!(result["nickName"], "Babs");
    assert!(result.get("nickname").is_none());
    let result = patched(
        &user,
        json!([{"op": "add", "value": {"emails": [{"value": "babs@example.net", "type": "other"}], "nickname": "Barb"}}]),
    );
    assert_eq!(result["emails"].as_array().unwrap().len(), 3);
    assert_eq!(result["nickName"], "Barb");
}

#[test]
fn rfc7644_3_5_2_2_remove_examples() {
    let group = fixture("group");
    let one = patched(
        &group,
        json!([{"op": "remove", "path": format!("members[value eq \"{BABS}\"]")}]),
    );
    assert_eq!(member_ids(&one), vec![MANDY]);

    let all = patched(&group, json!([{"op": "remove", "path": "members"}]));
    assert!(all.get("members").is_none());

    // Removing every value leaves the attribute unassigned.
    let both = patched(
        &group,
        json!([
            {"op": "remove", "path": format!("members[value eq \"{BABS}\"]")},
            {"op": "remove", "path": format!("members[value eq \"{MANDY}\"]")}]),
    );
    assert!(both.get("members").is_none());

    // Replace all members with one: remove then add.
    let swapped = patched(
        &group,
        json!([
            {"op": "remove", "path": "members"},
            {"op": "add", "path": "members", "value": [{"display": "James Smith",
                "$ref": "https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210", "value": JAMES}]}]),
    );
    assert_eq!(member_ids(&swapped), vec![JAMES]);

    let user = fixture("full");
    let result = patched(
        &user,
        json!([{"op": "remove", "path": "emails[type eq \"work\" and value ew \"example.com\"]"}]),
    );
    assert_eq!(
        result["emails"],
        json!([{"value": "babs@jensen.org", "type": "home"}])
    );

    let result = patched(
        &user,
        json!([{"op": "remove", "path": "x509Certificates[value eq \"MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx\"]"}]),
    );
    assert!(result.get("x509Certificates").is_none());
}

#[test]
fn rfc7644_3_5_2_3_replace_examples() {
    let group = fixture("group");
    let result = patched(
        &group,
        json!([{"op": "replace", "path": "members", "value": [
            {"display": "Babs Jensen", "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646", "value": BABS},
            {"display": "James Smith", "$ref": "https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210", "value": JAMES}]}]),
    );
    assert_eq!(member_ids(&result), vec![BABS, JAMES]);

    let user = fixture("full");
    let new_work = json!({"type": "work", "streetAddress": "911 Universal City Plaza", "locality": "Hollywood",
        "region": "CA", "postalCode": "91608", "country": "US",
        "formatted": "911 Universal City Plaza\nHollywood, CA 91608 US", "primary": true});
    let result = patched(
        &user,
        json!([{"op": "replace", "path": "addresses[type eq \"work\"]", "value": new_work}]),
    );
    assert_eq!(result["addresses"][0], new_work);
    assert_eq!(result["addresses"][1], user["addresses"][1]);

    let result = patched(
        &user,
        json!([{"op": "replace", "path": "addresses[type eq \"work\"].streetAddress", "value": "1010 Broadway Ave"}]),
    );
    assert_eq!(result["addresses"][0]["streetAddress"], "1010 Broadway Ave");
    assert_eq!(result["addresses"][0]["locality"], "Hollywood");
    assert_eq!(
        result["addresses"][1]["streetAddress"],
        "456 Hollywood Blvd"
    );

    let emails = json!([{"value": "bjensen@example.com", "type": "work", "primary": true},
                        {"value": "babs@jensen.org", "type": "home"}]);
    let mut changed = user.clone();
    changed["emails"] = json!([{"value": "old@example.com", "type": "work"}]);
    let result = patched(
        &changed,
        json!([{"op": "replace", "value": {"emails": emails, "nickname": "Babs"}}]),
    );
    assert_eq!(result["emails"], emails);
    assert_eq!(result["nickName"], "Babs");
}

#[test]
fn rfc7644_error_types() {
    let user = fixture("full");
    let set = SchemaSet::rfc7643();
    let schema = set.resource("User").unwrap();
    let run =
        |ops: Value| patch::apply(&user, &json!({"Operations": ops}), Some(&schema)).unwrap_err();
    let e = run(json!([{"op": "remove"}]));
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("noTarget", "Operations[0].path")
    );
    let e = run(
        json!([{"op": "add", "path": "title", "value": "x"}, {"op": "replace", "path": "addresses[type eq \"other\"].streetAddress", "value": "x"}]),
    );
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("noTarget", "Operations[1].path")
    );
    let e = run(json!([{"op": "replace", "path": "id", "value": "other"}]));
    assert_eq!(e.code, "mutability");
    let e = run(json!([{"op": "remove", "path": "userName"}]));
    assert_eq!(e.code, "mutability");
    let e = run(json!([{"op": "replace", "path": "active", "value": "maybe"}]));
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("invalidValue", "Operations[0].value")
    );
    let e = run(json!([{"op": "move", "path": "title"}]));
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("invalidSyntax", "Operations[0].op")
    );
    let e = run(json!([{"op": "add", "path": "emails[type eq", "value": "x"}]));
    assert_eq!(e.code, "invalidPath");
    assert!(e.message.contains("column"), "{}", e.message);
    let e = run(json!([{"op": "add", "path": "titel", "value": "x"}]));
    assert_eq!(e.code, "invalidPath");
    assert!(e.message.contains("did you mean `title`?"), "{}", e.message);
    let e = patch::apply(&user, &json!({"schemas": []}), None).unwrap_err();
    assert_eq!(e.code, "invalidSyntax");
}
