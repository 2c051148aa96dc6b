//! Any text: parsing a path never panics; a parsed path prints canonically,
//! re-parses to itself, resolves or fails cleanly, and reads/writes a
//! resource without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_mapper::scim::path::AttrPath;
use scim_mapper::scim::schema::SchemaSet;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let set = SchemaSet::rfc7643_shared();
    if let Some(user) = set.resource("User") {
        let _ = user.resolve(text);
    }
    let Ok(path) = AttrPath::parse(text) else {
        return;
    };
    let printed = path.to_string();
    let reparsed = AttrPath::parse(&printed).expect("a printed path parses");
    assert_eq!(reparsed, path, "{printed}");
    let mut resource = json!({"userName": "a", "emails": [{"type": "work", "value": "a@x.com"}],
        "name": {"formatted": "A"}, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "D"}});
    let _ = path.get(&resource);
    let _ = path.set(&mut resource, json!("v"));
    let _ = path.remove(&mut resource);
});
