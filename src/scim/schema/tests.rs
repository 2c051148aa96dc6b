use super::*;
use serde_json::json;

fn user_schema(set: &SchemaSet) -> ResourceSchema<'_> {
    set.resource("User").expect("User resource type")
}

#[test]
fn rfc7643_set_has_user_group_and_enterprise_extension() {
    let set = builtin_from_json(RFC7643_JSON).expect("the embedded RFC 7643 file loads");
    assert_eq!(&set, SchemaSet::rfc7643_shared());
    assert_eq!(set.schemas.len(), 3);
    let user = user_schema(&set);
    assert_eq!(user.core.id, USER_SCHEMA);
    assert_eq!(user.extensions.len(), 1);
    assert_eq!(user.extensions[0].0.id, ENTERPRISE_USER_SCHEMA);
    let group = set.resource("group").expect("case-insensitive name");
    assert_eq!(group.core.id, GROUP_SCHEMA);
    assert!(group.extensions.is_empty());
}

#[test]
fn discovery_accepts_list_responses_bare_arrays_and_any_case_enums() {
    let schemas = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 1,
        "Resources": [{"id": "urn:example:App:User", "name": "User", "attributes": [
            {"name": "userName", "type": "String", "mutability": "READWRITE", "required": true},
            {"name": "nick", "type": null, "description": null, "multiValued": null, "mutability": null, "subAttributes": null},
            {"name": "roles", "type": "complex", "multiValued": true, "canonicalValues": null,
             "subAttributes": [{"name": "value", "type": "string", "caseExact": true}]}]}]});
    let types = json!([{"id": "User", "name": "User", "endpoint": "/Users", "schema": "urn:example:App:User", "schemaExtensions": null}]);
    let set = SchemaSet::from_discovery(&schemas, &types).unwrap();
    let user = set.resource("User").unwrap();
    let def = user
        .attribute(&user.resolve("roles.value").unwrap())
        .unwrap();
    assert!(def.case_exact);
    assert_eq!(
        user.core.attribute("nick").unwrap(),
        &AttributeDef::simple("nick", AttrType::String)
    );
    let user_name = user.core.attribute("USERNAME").unwrap();
    assert_eq!(
        (
            user_name.attr_type,
            user_name.mutability,
            user_name.required
        ),
        (AttrType::String, Mutability::ReadWrite, true)
    );
}

#[test]
fn discovery_errors_name_the_failing_entry() {
    let schemas = json!({"Resources": [{"id": "urn:a", "attributes": []}, {"id": "urn:b", "attributes": [{"name": "x", "type": "colour"}]}]});
    let err = SchemaSet::from_discovery(&schemas, &json!([])).unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.path.as_str()),
        ("schema.invalid", "$.schemas.Resources[1]")
    );
    assert!(err.message.contains("colour"), "{}", err.message);
    let err = SchemaSet::from_discovery(
        &json!([{"id": "urn:a"}]),
        &json!([{"name": "User", "schema": "urn:missing"}]),
    )
    .unwrap_err();
    assert_eq!(err.path, "$.resourceTypes[0].schema");
    let err = SchemaSet::from_discovery(&json!("nope"), &json!([])).unwrap_err();
    assert_eq!(err.path, "$.schemas");
}

#[test]
fn attribute_definitions_serialize_in_schemas_endpoint_shape() {
    let set = SchemaSet::rfc7643();
    let emails = set
        .schema(USER_SCHEMA)
        .unwrap()
        .attribute("emails")
        .unwrap();
    let json = serde_json::to_value(emails).unwrap();
    assert_eq!(json["type"], "complex");
    assert_eq!(json["multiValued"], true);
    assert_eq!(json["mutability"], "readWrite");
    assert_eq!(
        json["subAttributes"][2]["canonicalValues"],
        json!(["work", "home", "other"])
    );
    let back: AttributeDef = serde_json::from_value(json).unwrap();
    assert_eq!(&back, emails);
}

#[test]
fn resolve_returns_schema_spelling_and_qualifies_extension_names() {
    let set = SchemaSet::rfc7643();
    let user = user_schema(&set);
    assert_eq!(user.resolve("USERNAME").unwrap().to_string(), "userName");
    assert_eq!(
        user.resolve("Name.GivenName").unwrap().to_string(),
        "name.givenName"
    );
    assert_eq!(
        user.resolve("department").unwrap().to_string(),
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
    );
    assert_eq!(
        user.resolve(r#"EMAILS[TYPE eq "work"].VALUE"#)
            .unwrap()
            .to_string(),
        r#"emails[type eq "work"].value"#
    );
    let manager = user
        .resolve("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
        .unwrap();
    assert_eq!(user.attribute(&manager).unwrap().name, "value");
    assert_eq!(user.top_attribute(&manager).unwrap().name, "manager");
}

#[test]
fn resolve_suggests_the_closest_known_attribute() {
    let set = SchemaSet::rfc7643();
    let user = user_schema(&set);
    let err = user.resolve("titel").unwrap_err();
    assert_eq!(err.code, "schema.unknownAttribute");
    assert_eq!(
        err.message,
        "unknown attribute `titel`; did you mean `title`?"
    );
    assert_eq!(err.path, "column 1");
    let err = user.resolve("name.givne").unwrap_err();
    assert_eq!(
        err.message,
        "unknown attribute `name.givne`; did you mean `name.givenName`?"
    );
    assert_eq!(err.path, "column 6");
    let err = user.resolve(r#"emails[tpye eq "work"].value"#).unwrap_err();
    assert!(
        err.message.contains("did you mean `type`?"),
        "{}",
        err.message
    );
    let err = user
        .resolve("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:departmnet")
        .unwrap_err();
    assert!(
        err.message.contains(
            "did you mean `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`?"
        ),
        "{}",
        err.message
    );
    let err = user.resolve("urn:example:Other:1.0:User:x").unwrap_err();
    assert!(err.message.starts_with("unknown schema"), "{}", err.message);
    let err = user.resolve("title.value").unwrap_err();
    assert_eq!(err.message, "`title` has no sub-attributes");
    let err = user
        .resolve("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        .unwrap_err();
    assert!(
        err.message.contains("is a schema, not an attribute"),
        "{}",
        err.message
    );
}

#[test]
fn attribute_paths_list_writable_paths_for_autocomplete() {
    let set = SchemaSet::rfc7643();
    let paths = user_schema(&set).attribute_paths();
    for expected in [
        "userName",
        "name.formatted",
        r#"emails[type eq "work"].value"#,
        r#"addresses[type eq "work"].country"#,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
    ] {
        assert!(paths.iter().any(|p| p == expected), "missing {expected}");
    }
    for read_only in [
        "id",
        "meta",
        "groups",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName",
    ] {
        assert!(!paths.iter().any(|p| p == read_only), "listed {read_only}");
    }
    // Every listed path resolves.
    let user = user_schema(&set);
    for path in &paths {
        user.resolve(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

#[test]
fn schema_urns_list_the_extensions_in_use() {
    let set = SchemaSet::rfc7643();
    let user = user_schema(&set);
    let paths = vec![user.resolve("title").unwrap()];
    assert_eq!(user.schema_urns_for(&paths), vec![USER_SCHEMA.to_string()]);
    let paths = vec![
        user.resolve("title").unwrap(),
        user.resolve("costCenter").unwrap(),
    ];
    assert_eq!(
        user.schema_urns_for(&paths),
        vec![USER_SCHEMA.to_string(), ENTERPRISE_USER_SCHEMA.to_string()]
    );
    let resource = json!({"userName": "a", ENTERPRISE_USER_SCHEMA: {"department": "x"}});
    assert_eq!(user.schema_urns_of(&resource).len(), 2);
    let group = json!({"schemas": [GROUP_SCHEMA], "displayName": "g"});
    assert_eq!(set.resource_for(&group).unwrap().name(), "Group");
}

#[test]
fn edit_distance_counts_single_edits() {
    assert_eq!(edit_distance("titel", "title"), 2);
    assert_eq!(edit_distance("Title", "title"), 0);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}
