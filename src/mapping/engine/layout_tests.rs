//! The planned layout must build exactly what the value-by-value writer
//! builds (same keys, same order, same diagnostics) for complete records,
//! records missing any mix of attributes, and both modes.

use super::*;
use crate::mapping::config;
use serde_json::json;

/// Maps `record` with and without the layout and compares the JSON text.
fn assert_same(laid: &CompiledMapping, plain: &CompiledMapping, record: &Value) {
    let record = &Record::from_object(record.clone()).unwrap_or_default();
    let id_map = IdMap::new();
    for mode in [MapMode::Create, MapMode::Update] {
        let options = MapOptions {
            mode,
            eval: EvalContext::default(),
            id_map: &id_map,
        };
        let a = laid.map_at(record, "$.users[0]", &options);
        let b = plain.map_at(record, "$.users[0]", &options);
        assert_eq!(
            serde_json::to_string(&a).ok(),
            serde_json::to_string(&b).ok(),
            "{mode:?} {record}"
        );
        // Kept laid out: serialized directly, read through a view, built on demand.
        let kept = laid.map_kept(record, "$.users[0]", &options);
        assert_eq!(
            serde_json::to_string(&kept.resource).ok(),
            serde_json::to_string(&b.resource).ok(),
            "serialized without building, {mode:?} {record}"
        );
        assert_view_reads(kept.resource.view(), &b.resource, "");
        // What it borrowed from the record, copied: the same resource.
        let owned: Resource<'static> = kept.resource.clone().into_owned();
        assert_eq!(
            serde_json::to_string(&owned).ok(),
            serde_json::to_string(&b.resource).ok(),
            "owned copy, {mode:?} {record}"
        );
        assert_eq!(kept.resource.as_value(), &b.resource);
        assert_eq!(kept.resource.into_value(), b.resource);
    }
}

/// Every member of the built resource reads the same through `view`
/// (except the root's `schemas`, which a view does not show).
fn assert_view_reads(view: View, built: &Value, at: &str) {
    let Value::Object(map) = built else {
        return;
    };
    assert!(view.get("no such attribute").is_none(), "{at}");
    for (key, value) in map {
        if at.is_empty() && key == "schemas" {
            continue;
        }
        if at.is_empty() {
            let upper = key.to_ascii_uppercase();
            let read = |view: View| {
                view.get_ignore_ascii_case(&upper)
                    .map(|found| (found.as_str().map(str::to_string), found.is_empty()))
            };
            assert_eq!(read(view), read(View::Json(built)), "{upper}");
        }
        let Some(got) = view.get(key) else {
            panic!("{at}.{key} is not visible through the view");
        };
        assert_eq!(got.as_str(), value.as_str(), "{at}.{key}");
        assert_eq!(got.is_empty(), coerce::is_empty(value), "{at}.{key}");
        assert_view_reads(got, value, &format!("{at}.{key}"));
    }
}

fn compiled(config: &Config) -> (CompiledMapping, CompiledMapping) {
    let (target, _) = Target::for_config(config);
    let laid = compile(config, &target, ResourceKind::User);
    let plain = compile(config, &target, ResourceKind::User).without_layout();
    (laid, plain)
}

/// Every subset of `optional` removed from `record` (2^n variants).
fn variants(record: &Value, optional: &[&str]) -> Vec<Value> {
    (0..1u32 << optional.len())
        .map(|mask| {
            let mut variant = record.clone();
            if let Some(map) = variant.as_object_mut() {
                for (bit, key) in optional.iter().enumerate() {
                    if mask & (1 << bit) != 0 {
                        map.remove(*key);
                    }
                }
            }
            variant
        })
        .collect()
}

#[test]
fn the_sample_configuration_is_laid_out_and_matches_the_plain_writer() {
    let config = config::load(include_str!(
        "../../../tests/fixtures/engine/asana-sample.json"
    ))
    .unwrap_or_else(|errors| panic!("{errors:?}"));
    let (laid, plain) = compiled(&config);
    assert!(laid.has_layout());
    let directory = crate::sample::directory(60);
    let users = directory["users"].as_array().cloned().unwrap_or_default();
    assert!(!users.is_empty());
    for user in &users {
        assert_same(&laid, &plain, user);
    }
    let optional = [
        "userPrincipalName",
        "mail",
        "givenName",
        "jobTitle",
        "department",
        "manager",
        "country",
        "state",
        "telephoneNumber",
        "preferredLanguage",
    ];
    for variant in variants(&users[3], &optional) {
        assert_same(&laid, &plain, &variant);
    }
}

#[test]
fn filters_sub_attributes_extensions_and_defaults_match_the_plain_writer() {
    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let mappings = json!([
        {"target": "emails[type eq \"home\"].value", "source": {"type": "direct", "attribute": "home"}},
        {"target": format!("{enterprise}:manager.value"), "source": {"type": "direct", "attribute": "boss"}},
        {"target": "userName", "source": {"type": "direct", "attribute": "upn"}, "matching": 1},
        {"target": "emails[type eq \"work\"].value", "source": {"type": "direct", "attribute": "mail"}},
        {"target": "name.givenName", "source": {"type": "direct", "attribute": "given"}},
        {"target": "emails[type eq \"Work\"].primary", "source": {"type": "direct", "attribute": "primary"}},
        {"target": format!("{enterprise}:department"), "source": {"type": "direct", "attribute": "dept"}, "default": "None"},
        {"target": "name.familyName", "source": {"type": "direct", "attribute": "family"}},
        {"target": "phoneNumbers.value", "source": {"type": "direct", "attribute": "phone"}},
        {"target": "title", "source": {"type": "constant", "value": "Staff"}, "applyOn": "create"},
        {"target": "phoneNumbers.type", "source": {"type": "direct", "attribute": "phoneType"}},
        {"target": "active", "source": {"type": "expression", "expression": "IIF([off]=\"1\", \"False\", \"True\")"}}
    ]);
    let text =
        json!({"version": 1, "target": {"profile": "generic"}, "users": {"mappings": mappings}})
            .to_string();
    let config = config::load(&text).unwrap_or_else(|errors| panic!("{errors:?}"));
    let (laid, plain) = compiled(&config);
    assert!(
        laid.has_layout() && laid.diagnostics().is_empty(),
        "{:?}",
        laid.diagnostics()
    );
    let full = json!({
        "id": "u1", "home": "a@home.example", "boss": "m1", "upn": "ava@example.com",
        "mail": "ava@example.com", "given": "Ava", "primary": true, "dept": "Sales",
        "family": "Smith", "phone": "+1 555", "phoneType": "work", "off": "0"
    });
    let optional = [
        "home",
        "boss",
        "upn",
        "mail",
        "given",
        "primary",
        "dept",
        "family",
        "phone",
        "phoneType",
    ];
    for variant in variants(&full, &optional) {
        assert_same(&laid, &plain, &variant);
    }
}
