//! The built-in profiles' own default mappings compile cleanly and map a
//! realistic user as the target expects it.

use scim_mapper::mapping::config;
use scim_mapper::mapping::engine::{compile, MapMode, ResourceKind, Target};
use scim_mapper::mapping::expr::EvalContext;
use serde_json::json;

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn config_with_defaults(profile: &str) -> config::Config {
    let target = Target::builtin(profile).unwrap();
    let text = json!({
        "version": 1,
        "target": {"profile": profile},
        "users": {"mappings": target.profile.default_user_mappings},
        "groups": {"enabled": true, "mappings": target.profile.default_group_mappings}
    })
    .to_string();
    config::load(&text).unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn asana_default_mappings_compile_without_findings_and_map_an_entra_user() {
    let config = config_with_defaults("asana");
    let target = Target::builtin("asana").unwrap();
    let users = compile(&config, &target, ResourceKind::User);
    assert!(users.diagnostics().is_empty(), "{:?}", users.diagnostics());
    assert_eq!(users.rules().len(), 15);
    let groups = compile(&config, &target, ResourceKind::Group);
    assert!(
        groups.diagnostics().is_empty(),
        "{:?}",
        groups.diagnostics()
    );

    let entra_user = json!({
        "id": "0a1b", "userPrincipalName": "ava@contoso.com", "IsSoftDeleted": false,
        "displayName": "Ava Smith", "jobTitle": "Engineer", "mail": "ava@contoso.com",
        "department": "R&D", "manager": {"id": "m-1"}, "country": "US", "state": "WA",
        "city": "Redmond", "telephoneNumber": "+1 425 555 0100", "employeeId": "42",
        "employeeOrgData": {"costCenter": "CC-1", "division": "Cloud"}, "companyName": "Contoso"
    });
    let mapped = users.map(&entra_user, MapMode::Create, &EvalContext::default());
    assert!(mapped.diagnostics.is_empty(), "{:?}", mapped.diagnostics);
    assert_eq!(
        mapped.resource,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
            "userName": "ava@contoso.com",
            "active": true,
            "name": {"formatted": "Ava Smith"},
            "title": "Engineer",
            "emails": [{"type": "work", "value": "ava@contoso.com"}],
            ENTERPRISE: {
                "department": "R&D",
                "manager": {"value": "m-1"},
                "employeeNumber": "42",
                "costCenter": "CC-1",
                "organization": "Contoso",
                "division": "Cloud"
            },
            "addresses": [{"type": "work", "country": "US", "region": "WA", "locality": "Redmond"}],
            "phoneNumbers": [{"type": "work", "value": "+1 425 555 0100"}]
        })
    );
    // Entra's Switch on IsSoftDeleted deactivates soft-deleted users.
    let deleted = json!({"userPrincipalName": "x@contoso.com", "IsSoftDeleted": true});
    assert_eq!(
        users
            .map(&deleted, MapMode::Update, &EvalContext::default())
            .resource["active"],
        json!(false)
    );
}

#[test]
fn generic_profile_accepts_the_rfc_attributes_asana_refuses() {
    let text = json!({
        "version": 1,
        "target": {"profile": "generic"},
        "users": {"mappings": [
            {"target": "userName", "source": {"type": "direct", "attribute": "upn"}, "matching": 1},
            {"target": "name.givenName", "source": {"type": "direct", "attribute": "givenName"}},
            {"target": "externalId", "source": {"type": "direct", "attribute": "id"}, "matching": 2},
            {"target": "x509Certificates.value", "source": {"type": "direct", "attribute": "certs"}}
        ]}
    })
    .to_string();
    let config = config::load(&text).unwrap();
    let target = Target::builtin("generic").unwrap();
    let users = compile(&config, &target, ResourceKind::User);
    assert!(users.diagnostics().is_empty(), "{:?}", users.diagnostics());
    let mapped = users.map(
        &json!({"id": "u1", "upn": "a@example.com", "givenName": "Ava", "certs": "MIIC"}),
        MapMode::Create,
        &EvalContext::default(),
    );
    assert_eq!(mapped.resource["name"], json!({"givenName": "Ava"}));
    assert_eq!(mapped.resource["externalId"], json!("u1"));
    // A sub-attribute of a multi-valued attribute without a filter makes an element.
    assert_eq!(
        mapped.resource["x509Certificates"],
        json!([{"value": "MIIC"}])
    );
}

#[test]
fn a_discovered_schema_set_replaces_the_profile_schemas() {
    let mut target = Target::builtin("generic").unwrap();
    let asana = Target::builtin("asana").unwrap();
    target.schemas = asana.schemas.clone();
    let text = json!({
        "version": 1, "target": {"profile": "generic"},
        "users": {"mappings": [
            {"target": "userName", "source": {"type": "direct", "attribute": "upn"}, "matching": 1},
            {"target": "nickName", "source": {"type": "direct", "attribute": "nick"}}
        ]}
    })
    .to_string();
    let config = config::load(&text).unwrap();
    let users = compile(&config, &target, ResourceKind::User);
    let codes: Vec<&str> = users
        .diagnostics()
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, vec!["mapping.unknownTarget"]);
}
