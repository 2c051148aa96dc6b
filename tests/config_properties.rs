//! Property tests: the loader never panics, round-trips what it accepts and
//! agrees with the shipped JSON Schema on randomly damaged configurations.

mod support;

use proptest::prelude::*;
use scim_mapper::mapping::config;
use serde_json::Value;
use support::json_schema::validate;
use support::{arbitrary_json, fixture_json};

/// JSON pointers of every node in `value` (the root excluded).
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_at = format!("{at}/{key}");
                out.push(child_at.clone());
                pointers(child, child_at, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let child_at = format!("{at}/{i}");
                out.push(child_at.clone());
                pointers(child, child_at, out);
            }
        }
        _ => {}
    }
}

fn schema() -> Value {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/schemas/config.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = config::load(&text);
    }

    #[test]
    fn damaged_examples_get_the_same_verdict_from_schema_and_loader(
        which in 0usize..1000,
        replacement in arbitrary_json(),
        add_key in proptest::option::of("[a-zA-Z]{1,8}"),
    ) {
        let schema = schema();
        for name in ["config/contract-example.json", "config/full-features.json"] {
            let mut document = fixture_json(name);
            let mut all = Vec::new();
            pointers(&document, String::new(), &mut all);
            let pointer = &all[which % all.len()];
            match (&add_key, document.pointer_mut(pointer)) {
                // Add a field next to existing ones, or replace the node.
                (Some(key), Some(Value::Object(map))) => { map.insert(key.clone(), replacement.clone()); }
                (_, Some(node)) => *node = replacement.clone(),
                (_, None) => unreachable!(),
            }
            let violations = validate(&schema, &document);
            let loaded = config::from_value(&document);
            prop_assert_eq!(
                violations.is_empty(),
                loaded.is_ok(),
                "{} at {}: schema {:?} loader {:?}\n{}", name, pointer, violations, loaded.err(), document
            );
            if let Ok(config) = loaded {
                let reloaded = config::load(&config.to_json_pretty());
                prop_assert_eq!(reloaded.as_ref(), Ok(&config));
            }
        }
    }
}
