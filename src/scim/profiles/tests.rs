use super::*;
use serde_json::json;

#[test]
fn builtin_profiles_load_by_name() {
    assert_eq!(names(), vec!["generic", "asana"]);
    for (name, json) in BUILTIN {
        let profile = Profile::from_json(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(profile.name, *name, "file name and profile name agree");
        let builtin = Profile::from_builtin(json).unwrap_or_else(|| panic!("{name} as built-in"));
        assert_eq!(builtin, profile, "both readers agree");
    }
    for name in names() {
        let profile = builtin(name).unwrap_or_else(|| panic!("{name} does not load"));
        assert_eq!(profile.name, name);
        assert!(profile.schemas.resource("User").is_some());
        assert!(profile.schemas.resource("Group").is_some());
    }
    assert!(builtin("ASANA").is_some());
    assert!(builtin("nope").is_none());
}

#[test]
fn asana_profile_holds_what_asana_accepts_and_refuses() {
    let asana = builtin("asana").unwrap();
    assert!(!asana.can_reactivate_users);
    assert!(!asana.can_delete_groups);
    assert!(asana.deprovision_deletes);
    assert!(asana.user_name_must_be_email);
    assert!(asana.is_filterable("User", "userName"));
    assert!(!asana.is_filterable("User", "externalId"));
    assert!(asana.is_filterable("Group", "displayName"));
    let user = asana.schemas.resource("User").unwrap();
    assert!(user.core.attribute("userName").unwrap().required);
    assert!(asana.is_create_only(&user.resolve("preferredLanguage").unwrap()));
    assert!(!asana.is_create_only(&user.resolve("title").unwrap()));
    // given/family names are not in Asana's schema; formatted is.
    let err = user.resolve("name.givenName").unwrap_err();
    assert!(
        err.message.contains("did you mean `name.formatted`?"),
        "{}",
        err.message
    );
    assert_eq!(
        asana.unsupported_hint(&AttrPath::parse("name.givenName").unwrap()),
        Some("Asana ignores it: map the full name to name.formatted")
    );
    assert!(asana.is_country_code(
        &user
            .resolve(r#"addresses[type eq "work"].country"#)
            .unwrap()
    ));
    let group = asana.schemas.resource("Group").unwrap();
    assert_eq!(
        group.core.attribute("displayName").unwrap().uniqueness,
        crate::scim::schema::Uniqueness::Server
    );
    for path in [
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        "phoneNumbers[type eq \"work\"].value",
        "emails[type eq \"work\"].value",
    ] {
        user.resolve(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

#[test]
fn default_mappings_target_attributes_their_profile_defines() {
    for name in names() {
        let profile = builtin(name).unwrap();
        for (resource, mappings) in [
            ("User", &profile.default_user_mappings),
            ("Group", &profile.default_group_mappings),
        ] {
            let schema = profile.schemas.resource(resource).unwrap();
            let list = mappings.as_array().expect("mappings are an array");
            assert!(!list.is_empty());
            for mapping in list {
                let target = mapping["target"].as_str().expect("target");
                let path = schema
                    .resolve(target)
                    .unwrap_or_else(|e| panic!("{name} {target}: {e}"));
                assert_eq!(path.to_string(), target, "targets are written canonically");
                assert!(mapping["source"]["type"].is_string());
            }
            assert_eq!(
                list.iter().filter(|m| m["matching"] == json!(1)).count(),
                1,
                "{name} {resource}"
            );
        }
    }
    let asana = builtin("asana").unwrap();
    let active = asana
        .default_user_mappings
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["target"] == "active")
        .unwrap();
    assert_eq!(
        active["source"]["expression"],
        r#"Switch([IsSoftDeleted], , "False", "True", "True", "False")"#
    );
}

#[test]
fn from_json_reports_where_a_profile_is_wrong() {
    let err = Profile::from_json(r#"{"name": "x", "label": "X", "schemas": 5}"#).unwrap_err();
    assert_eq!(err.code, "profile.invalid");
    let err = Profile::from_json("{\n  \"name\": 1}").unwrap_err();
    assert_eq!(err.path, "line 2, column 11");
}

#[test]
fn profiles_serialize_for_the_ui_and_read_back() {
    let asana = builtin("asana").unwrap();
    let json = serde_json::to_value(&asana).unwrap();
    assert_eq!(json["userFilterable"], json!(["userName"]));
    assert_eq!(json["schemas"]["resourceTypes"][1]["name"], "Group");
    let again = Profile::from_json(&json.to_string()).unwrap();
    assert_eq!(again, asana);
}
