//! The server's announced PATCH support, kept in `target.discovered`,
//! decides how the planner sends updates: PATCH, or PUT when the server
//! said it cannot PATCH — whatever the profile assumed.

mod plan_support;

use plan_support::*;
use scim_mapper::http::Method;
use scim_mapper::mapping::engine::Target;
use scim_mapper::scim::schema::SchemaSet;
use scim_mapper::sync::Action;
use serde_json::json;

fn update_method(patch_supported: Option<bool>) -> Method {
    let mut discovered = serde_json::to_value(SchemaSet::rfc7643()).unwrap();
    if let Some(flag) = patch_supported {
        discovered["patchSupported"] = json!(flag);
    }
    let config = config(json!({"target": {"profile": "generic", "discovered": discovered}}));
    let mut case = Case::new(
        config,
        directory(json!([person("u1", "ann@example.com", "Sales")]), json!([])),
        snapshot(
            json!([scim_user("u1", "ann@example.com", "Support", true)]),
            json!([]),
        ),
    );
    let (target, problems) = Target::for_config(&case.config);
    assert!(problems.is_empty(), "{problems:?}");
    case.target = target;
    let operations = case.plan();
    let update = operations
        .iter()
        .find(|op| op.action == Action::Update)
        .unwrap_or_else(|| panic!("no update in {operations:?}"));
    update.request.as_ref().expect("a request").method
}

#[test]
fn a_server_without_patch_gets_put_updates() {
    assert_eq!(update_method(Some(false)), Method::Put);
}

#[test]
fn a_server_with_patch_or_silent_about_it_follows_patch() {
    assert_eq!(update_method(Some(true)), Method::Patch);
    assert_eq!(
        update_method(None),
        Method::Patch,
        "the generic profile's default"
    );
}
