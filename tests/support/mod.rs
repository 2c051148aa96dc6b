//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The path of a file under `tests/fixtures/`.
pub fn fixture_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// The text of a file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> String {
    let path = fixture_path(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The JSON of a file under `tests/fixtures/`.
pub fn fixture_json(relative: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(relative)).unwrap_or_else(|err| panic!("{relative}: {err}"))
}
pub mod cli;
pub mod json_schema;

/// Arbitrary JSON values (small, nested up to a few levels) for property tests.
pub fn arbitrary_json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Quarters print and parse exactly (serde_json's default float
        // parsing may be off by one ulp for arbitrary doubles).
        (-4000i32..4000).prop_map(|n| Value::from(f64::from(n) / 4.0)),
        prop_oneof![
            Just("".to_string()),
            Just("direct".to_string()),
            Just("EQUALS".to_string()),
            Just("is member of".to_string()),
            Just("(".to_string()),
            Just("always".to_string()),
            ".{0,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec(
                (
                    prop_oneof![
                        Just("type".to_string()),
                        Just("value".to_string()),
                        Just("attribute".to_string()),
                        Just("operator".to_string()),
                        Just("clauses".to_string()),
                        "[a-z]{1,6}",
                    ],
                    inner
                ),
                0..4
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}
