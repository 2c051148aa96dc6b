use super::*;
use crate::scim::path::AttrPath;
use crate::scim::schema::{SchemaSet, ENTERPRISE_USER_SCHEMA};
use serde_json::{json, Value};

fn paths(texts: &[&str]) -> Vec<AttrPath> {
    texts.iter().map(|t| AttrPath::parse(t).unwrap()).collect()
}

#[test]
fn tolerates_what_entra_sends() {
    let set = SchemaSet::rfc7643();
    let schema = set.resource("User").unwrap();
    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a@x.com", "active": true});
    let request = json!({"schemas": [PATCH_OP_SCHEMA], "Operations": [
        {"op": "Replace", "path": "active", "value": "False"},
        {"op": "Add", "path": "emails[type eq \"work\"].value", "value": "a@x.com"},
        {"op": "Add", "path": format!("{ENTERPRISE_USER_SCHEMA}:manager"), "value": "m-1"},
        {"op": "REPLACE", "value": {"displayName": "A", ENTERPRISE_USER_SCHEMA: {"department": "Sales"}}}]});
    let result = apply(&user, &request, Some(&schema)).unwrap();
    assert_eq!(result["active"], false);
    assert_eq!(
        result["emails"],
        json!([{"type": "work", "value": "a@x.com"}])
    );
    assert_eq!(
        result[ENTERPRISE_USER_SCHEMA],
        json!({"manager": {"value": "m-1"}, "department": "Sales"})
    );
    assert_eq!(result["schemas"][1], ENTERPRISE_USER_SCHEMA);
    assert_eq!(result["displayName"], "A");
    // Without a schema, `active` strings are still booleans.
    let bare = apply(
        &user,
        &json!([{"op": "replace", "value": {"active": "TRUE"}}]),
        None,
    )
    .unwrap();
    assert_eq!(bare["active"], true);
}

#[test]
fn remove_members_by_value_list_and_whole_extension() {
    let group =
        json!({"displayName": "g", "members": [{"value": "1"}, {"value": "2"}, {"value": "3"}]});
    let result = apply(
        &group,
        &json!([{"op": "Remove", "path": "members", "value": [{"value": "1"}, {"value": "3"}]}]),
        None,
    )
    .unwrap();
    assert_eq!(result["members"], json!([{"value": "2"}]));
    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER_SCHEMA], ENTERPRISE_USER_SCHEMA: {"department": "x"}});
    let result = apply(
        &user,
        &json!([{"op": "remove", "path": ENTERPRISE_USER_SCHEMA}]),
        None,
    )
    .unwrap();
    assert_eq!(
        result,
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]})
    );
}

#[test]
fn complex_replace_merges_and_primary_stays_unique() {
    let user = json!({"name": {"givenName": "A", "familyName": "B"},
        "emails": [{"value": "a@x", "type": "work", "primary": true}]});
    let result = apply(&user, &json!([
        {"op": "replace", "path": "name", "value": {"givenName": "C"}},
        {"op": "add", "path": "emails", "value": {"value": "b@x", "type": "home", "primary": true}}]), None).unwrap();
    assert_eq!(result["name"], json!({"givenName": "C", "familyName": "B"}));
    assert_eq!(
        result["emails"],
        json!([{"value": "a@x", "type": "work", "primary": false}, {"value": "b@x", "type": "home", "primary": true}])
    );
}

#[test]
fn generate_is_minimal_and_touches_only_managed_attributes() {
    let current = json!({"id": "1", "userName": "a@x.com", "title": "Dev", "nickName": "keep", "active": true,
        "emails": [{"value": "a@x.com", "type": "work"}],
        "meta": {"created": "2020-01-01T00:00:00Z"}});
    let managed = paths(&[
        "userName",
        "title",
        "active",
        "emails[type eq \"work\"].value",
        "displayName",
        "id",
        "meta.created",
    ]);
    let set = SchemaSet::rfc7643();
    let schema = set.resource("User").unwrap();
    assert_eq!(generate(&current, &current, &managed, Some(&schema)), None);
    let desired = json!({"id": "2", "userName": "a@x.com", "active": "False", "nickName": "ignored",
        "emails": [{"value": "b@x.com", "type": "work"}], "displayName": "A", "meta": {"created": "2021-01-01T00:00:00Z"}});
    let request = generate(&current, &desired, &managed, Some(&schema)).unwrap();
    assert_eq!(
        request,
        json!({"schemas": [PATCH_OP_SCHEMA], "Operations": [
        {"op": "remove", "path": "title"},
        {"op": "replace", "path": "active", "value": false},
        {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "b@x.com"},
        {"op": "add", "path": "displayName", "value": "A"}]})
    );
    let result = apply(&current, &request, Some(&schema)).unwrap();
    assert_eq!(result["nickName"], "keep");
    assert_eq!(result["id"], "1");
}

#[test]
fn generate_changes_members_one_at_a_time() {
    let current =
        json!({"displayName": "g", "members": [{"value": "1", "display": "One"}, {"value": "2"}]});
    let desired = json!({"displayName": "g", "members": [{"value": "2"}, {"value": "3"}]});
    let managed = paths(&["members"]);
    let request = generate(&current, &desired, &managed, None).unwrap();
    assert_eq!(
        request["Operations"],
        json!([
        {"op": "remove", "path": "members[value eq \"1\"]"},
        {"op": "add", "path": "members", "value": [{"value": "3"}]}])
    );
    let result = apply(&current, &request, None).unwrap();
    assert_eq!(result["members"], json!([{"value": "2"}, {"value": "3"}]));
    // Display names the server derives do not force a whole replace.
    let named =
        json!({"members": [{"value": "2", "display": "Two"}, {"value": "4", "display": "Four"}]});
    let request = generate(&current, &named, &managed, None).unwrap();
    assert_eq!(
        request["Operations"],
        json!([
        {"op": "remove", "path": "members[value eq \"1\"]"},
        {"op": "add", "path": "members", "value": [{"value": "4", "display": "Four"}]}])
    );
    // Same members in another order: nothing to do.
    let shuffled = json!({"members": [{"value": "2"}, {"value": "1", "display": "One"}]});
    assert_eq!(generate(&current, &shuffled, &managed, None), None);
}

#[test]
fn generate_handles_complex_and_extension_attributes() {
    let set = SchemaSet::rfc7643();
    let schema = set.resource("User").unwrap();
    let current = json!({"name": {"givenName": "A", "familyName": "B"},
        ENTERPRISE_USER_SCHEMA: {"manager": {"value": "m1", "displayName": "Boss"}}});
    let desired = json!({"name": {"givenName": "A", "formatted": "A B"},
        ENTERPRISE_USER_SCHEMA: {"manager": {"value": "m2"}, "department": "Sales"}});
    let managed = paths(&[
        "name",
        &format!("{ENTERPRISE_USER_SCHEMA}:manager"),
        &format!("{ENTERPRISE_USER_SCHEMA}:department"),
    ]);
    let request = generate(&current, &desired, &managed, Some(&schema)).unwrap();
    assert_eq!(
        request["Operations"],
        json!([
        {"op": "add", "path": "name.formatted", "value": "A B"},
        {"op": "remove", "path": "name.familyName"},
        {"op": "replace", "path": format!("{ENTERPRISE_USER_SCHEMA}:manager.value"), "value": "m2"},
        {"op": "add", "path": format!("{ENTERPRISE_USER_SCHEMA}:department"), "value": "Sales"}])
    );
    let result = apply(&current, &request, Some(&schema)).unwrap();
    assert_eq!(result["name"], desired["name"]);
    assert_eq!(result[ENTERPRISE_USER_SCHEMA]["manager"]["value"], "m2");
}

#[test]
fn put_body_keeps_unmanaged_and_drops_read_only() {
    let set = SchemaSet::rfc7643();
    let schema = set.resource("User").unwrap();
    let current = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1", "userName": "a", "title": "Old",
        "nickName": "n", "groups": [{"value": "g"}], "meta": {"version": "1"}});
    let desired = json!({"title": "New", ENTERPRISE_USER_SCHEMA: {"department": "D"}});
    let body = put_body(
        &current,
        &desired,
        &paths(&["title", &format!("{ENTERPRISE_USER_SCHEMA}:department")]),
        Some(&schema),
    );
    assert_eq!(
        body,
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER_SCHEMA],
        "id": "1", "userName": "a", "title": "New", "nickName": "n", ENTERPRISE_USER_SCHEMA: {"department": "D"}})
    );
}

#[test]
fn malformed_requests_are_errors_not_panics() {
    let user = json!({"userName": "a"});
    for (request, code) in [
        (json!("x"), "invalidSyntax"),
        (json!({"Operations": 1}), "invalidSyntax"),
        (json!([1]), "invalidSyntax"),
        (json!([{"op": 1}]), "invalidSyntax"),
        (json!([{"op": "add", "path": 5, "value": 1}]), "invalidPath"),
        (
            json!([{"op": "add", "value": "not an object"}]),
            "invalidValue",
        ),
        (json!([{"op": "add", "path": "title"}]), "invalidValue"),
        (
            json!([{"op": "replace", "path": "userName.x[", "value": 1}]),
            "invalidPath",
        ),
        (
            json!([{"op": "add", "path": "userName.first", "value": 1}]),
            "noTarget",
        ),
    ] {
        let err = apply(&user, &request, None).expect_err(&request.to_string());
        assert_eq!(err.code, code, "{request}: {err}");
    }
    assert_eq!(
        apply(&Value::Null, &json!([]), None).unwrap_err().code,
        "invalidValue"
    );
    assert_eq!(OpKind::parse(" Remove "), Some(OpKind::Remove));
}

#[test]
fn a_core_schema_urn_path_addresses_the_resource_itself() {
    let user = json!({"userName": "a"});
    let request = json!([{"op": "add", "path": "urn:ietf:params:scim:schemas:core:2.0:User", "value": {"title": "x"}}]);
    let result = apply(&user, &request, None).unwrap();
    assert_eq!(result, json!({"userName": "a", "title": "x"}));
    let set = SchemaSet::rfc7643();
    let schema = set.resource("User").unwrap();
    assert_eq!(apply(&user, &request, Some(&schema)).unwrap(), result);
}

#[test]
fn generate_replaces_whole_filtered_elements_as_remove_then_add() {
    let current =
        json!({"emails": [{"value": "a@x", "type": "work"}, {"value": "h@x", "type": "home"}]});
    let desired = json!({"emails": [{"value": "b@x", "type": "work"}]});
    let managed = paths(&[r#"emails[type eq "work"]"#]);
    let request = generate(&current, &desired, &managed, None).unwrap();
    assert_eq!(
        request["Operations"],
        json!([
        {"op": "remove", "path": "emails[type eq \"work\"]"},
        {"op": "add", "path": "emails", "value": [{"value": "b@x", "type": "work"}]}])
    );
    let result = apply(&current, &request, None).unwrap();
    assert_eq!(
        result["emails"],
        json!([{"value": "h@x", "type": "home"}, {"value": "b@x", "type": "work"}])
    );
}

#[test]
fn a_profile_schema_rejects_what_the_app_does_not_support() {
    let asana = crate::scim::profiles::builtin_shared("asana").unwrap();
    let schema = asana.schemas.resource("User").unwrap();
    let user = json!({"userName": "a@x.com", "name": {"formatted": "A B"}});
    let err = apply(
        &user,
        &json!([{"op": "replace", "path": "name.givenName", "value": "A"}]),
        Some(&schema),
    )
    .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.path.as_str()),
        ("invalidPath", "Operations[0].path")
    );
    assert!(
        err.message.contains("did you mean `name.formatted`?"),
        "{}",
        err.message
    );
}
