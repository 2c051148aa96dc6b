//! Property tests: mapping never panics on any configuration or record, and
//! a broken mapping never changes what the other mappings produce.

mod support;

use proptest::prelude::*;
use scim_mapper::mapping::config::{self, Config};
use scim_mapper::mapping::engine::{compile, MapMode, ResourceKind, Target};
use scim_mapper::mapping::expr::EvalContext;
use serde_json::{json, Value};

fn target_path() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("userName".to_string()),
        Just("active".to_string()),
        Just("title".to_string()),
        Just("name.formatted".to_string()),
        Just("emails[type eq \"work\"].value".to_string()),
        Just("emails.value".to_string()),
        Just("emails".to_string()),
        Just("addresses[type eq \"work\"].country".to_string()),
        Just("addresses[primary eq true]".to_string()),
        Just("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager".to_string()),
        Just("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department".to_string()),
        Just("name".to_string()),
        Just("meta.created".to_string()),
        "[a-zA-Z.\\[\\]\" ]{1,20}",
    ]
}

fn source() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop_oneof![
            Just("a"),
            Just("b"),
            Just("n"),
            Just("list"),
            Just("obj"),
            Just("missing")
        ]
        .prop_map(|a| json!({"type": "direct", "attribute": a})),
        support::arbitrary_json().prop_map(|v| json!({"type": "constant", "value": v})),
        prop_oneof![
            Just("Join(\" \", [a], [b])"),
            Just("Not([flag])"),
            Just("CDate([a])"),
            Just("IgnoreFlowIfNullOrEmpty([missing])"),
            Just("Split([list], \",\")"),
            Just("Replace([a], , \"(\", , \"\", , )"),
            Just("Left([a]"),
        ]
        .prop_map(|e| json!({"type": "expression", "expression": e})),
        Just(json!({"type": "none"})),
    ]
}

fn mapping() -> impl Strategy<Value = Value> {
    (target_path(), source(), any::<bool>(), proptest::option::of(support::arbitrary_json()), proptest::option::of(1u32..4))
        .prop_map(|(target, source, create, default, matching)| {
            let mut m = json!({"target": target, "source": source, "applyOn": if create { "create" } else { "always" }});
            if let Some(default) = default.filter(|d| !d.is_null()) {
                m["default"] = default;
            }
            if let Some(matching) = matching {
                m["matching"] = json!(matching);
            }
            m
        })
}

fn load(profile: &str, mappings: Vec<Value>) -> Config {
    let text =
        json!({"version": 1, "target": {"profile": profile}, "users": {"mappings": mappings}})
            .to_string();
    config::load(&text).unwrap_or_else(|e| panic!("{e:?}"))
}

fn record() -> impl Strategy<Value = Value> {
    (support::arbitrary_json(), support::arbitrary_json(), support::arbitrary_json(), any::<bool>()).prop_map(
        |(a, list, obj, flag)| json!({"id": "r", "a": a, "b": "Smith", "n": 42, "list": list, "obj": obj, "flag": flag}),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn mapping_never_panics_and_always_yields_a_resource(
        mappings in proptest::collection::vec(mapping(), 0..8),
        profile in prop_oneof![Just("asana"), Just("generic")],
        record in record(),
        update in any::<bool>(),
    ) {
        let config = load(profile, mappings);
        let target = Target::builtin(profile).unwrap();
        let compiled = compile(&config, &target, ResourceKind::User);
        let mode = if update { MapMode::Update } else { MapMode::Create };
        let mapped = compiled.map(&record, mode, &EvalContext::default());
        prop_assert!(mapped.resource.is_object());
        prop_assert_eq!(
            &mapped.resource["schemas"][0],
            &json!("urn:ietf:params:scim:schemas:core:2.0:User")
        );
        for diagnostic in compiled.diagnostics().iter().chain(&mapped.diagnostics) {
            prop_assert!(diagnostic.path.starts_with("$"));
            prop_assert!(!diagnostic.code.is_empty());
        }
    }

    #[test]
    fn a_broken_mapping_does_not_change_the_others(
        mappings in proptest::collection::vec(mapping(), 0..6),
        broken_at in 0usize..6,
        record in record(),
    ) {
        let target = Target::builtin("asana").unwrap();
        let ctx = EvalContext::default();
        let clean = load("asana", mappings.clone());
        let mut with_broken = mappings;
        let position = broken_at.min(with_broken.len());
        with_broken.insert(position, json!({"target": "title", "source": {"type": "expression", "expression": "Join(\" \", [a]"}}));
        let broken = load("asana", with_broken);
        let expected = compile(&clean, &target, ResourceKind::User).map(&record, MapMode::Create, &ctx);
        let compiled = compile(&broken, &target, ResourceKind::User);
        prop_assert!(compiled.rules()[position].broken);
        let actual = compiled.map(&record, MapMode::Create, &ctx);
        prop_assert_eq!(actual.resource, expected.resource);
    }
}
