//! Any bytes as a PATCH request (JSON), or as a path inside add, replace
//! and remove operations: apply never panics, with or without a schema,
//! and a PATCH generated from the outcome applies cleanly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_mapper::scim::patch;
use scim_mapper::scim::path::AttrPath;
use scim_mapper::scim::schema::SchemaSet;
use serde_json::{json, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let request = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(_) => json!([
            {"op": "add", "path": text, "value": {"value": "x", "type": "work"}},
            {"op": "replace", "path": text, "value": "False"},
            {"op": "remove", "path": text, "value": [{"value": "x"}]}]),
    };
    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1", "userName": "a",
        "active": true, "name": {"givenName": "A"}, "emails": [{"type": "work", "value": "a@x.com", "primary": true}],
        "members": [{"value": "m1"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m"}}});
    let set = SchemaSet::rfc7643_shared();
    let schema = set.resource("User");
    for schema in [schema.as_ref(), None] {
        let Ok(result) = patch::apply(&user, &request, schema) else {
            continue;
        };
        let mut managed: Vec<AttrPath> = [
            "userName", "active", "name", "emails", "members", "title", "nickName",
        ]
        .iter()
        .filter_map(|p| AttrPath::parse(p).ok())
        .collect();
        if let Ok(path) = AttrPath::parse(text) {
            managed.push(path);
        }
        if let Some(back) = patch::generate(&result, &user, &managed, schema) {
            let _ = patch::apply(&result, &back, schema);
        }
        let _ = patch::put_body(&user, &result, &managed, schema);
    }
});
