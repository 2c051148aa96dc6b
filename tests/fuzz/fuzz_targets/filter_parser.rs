//! Any text: parsing a filter never panics; a parsed filter prints
//! canonically, re-parses to the same tree, and evaluates without panicking
//! with and without a schema.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_mapper::scim::filter;
use scim_mapper::scim::schema::SchemaSet;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = filter::parse(text) else {
        return;
    };
    let printed = parsed.to_string();
    let reparsed = filter::parse(&printed).expect("a printed filter parses");
    assert_eq!(reparsed, parsed, "{printed}");
    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1", "userName": "bjensen",
        "active": true, "emails": [{"type": "work", "value": "a@x.com", "primary": true}], "tags": ["a", 1, null],
        "meta": {"lastModified": "2011-05-13T04:42:34Z"}, "age": 42});
    let set = SchemaSet::rfc7643_shared();
    let schema = set.resource("User");
    let _ = parsed.matches(&user, schema.as_ref());
    let _ = parsed.matches(&user, None);
    let _ = filter::eq_query(text, text);
});
