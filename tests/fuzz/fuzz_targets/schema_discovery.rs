//! Any text as what describes a target: a target profile file
//! (`Profile::from_json`) or a server's discovery answers
//! (`[/Schemas, /ResourceTypes]` → `SchemaSet::from_discovery`). Either
//! loads or gives an `Error`, never a panic; what loads resolves paths and
//! evaluates a filter and a PATCH under its schema without panicking.
//!
//! Run: `cargo fuzz run schema_discovery --fuzz-dir tests/fuzz`
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_mapper::scim::profiles::Profile;
use scim_mapper::scim::schema::SchemaSet;
use scim_mapper::scim::{filter, patch};
use serde_json::{json, Value};

fn exercise(set: &SchemaSet) {
    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1",
        "userName": "a", "emails": [{"type": "work", "value": "a@x.com"}], "active": true});
    let Some(schema) = set.resource_for(&user) else {
        return;
    };
    for path in [
        "userName",
        "emails[type eq \"work\"].value",
        "name.givenName",
        "x:y:z",
    ] {
        let _ = schema.resolve(path);
    }
    if let Ok(parsed) = filter::parse("userName eq \"A\" or emails[value co \"x\"]") {
        let _ = parsed.matches(&user, Some(&schema));
    }
    let request = json!([{"op": "replace", "path": "active", "value": "False"},
        {"op": "add", "path": "emails[type eq \"home\"].value", "value": "h@x.com"}]);
    let _ = patch::apply(&user, &request, Some(&schema));
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(profile) = Profile::from_json(text) {
        exercise(&profile.schemas);
    }
    if let Ok(Value::Array(parts)) = serde_json::from_str::<Value>(text) {
        if let [schemas, resource_types] = parts.as_slice() {
            if let Ok(set) = SchemaSet::from_discovery(schemas, resource_types) {
                exercise(&set);
            }
        }
    }
});
