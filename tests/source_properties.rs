//! Property tests for source loading: any bytes are handled without a panic,
//! any table written as CSV reads back cell for cell, and JSON text read
//! straight into records loads exactly as its parsed value does.

mod support;

use proptest::prelude::*;
use scim_mapper::mapping::source;
use serde_json::{json, Value};
use std::collections::HashSet;
use support::arbitrary_json;

/// A directory-like document: mostly well formed (records with ids, some
/// repeated names and ids), sometimes any JSON in any place.
fn directory_document() -> impl Strategy<Value = Value> {
    let record = (
        prop_oneof![
            Just(json!("u1")),
            Just(json!("u2")),
            Just(json!("")),
            Just(json!(7))
        ],
        proptest::collection::vec(("[a-c]{1,2}", arbitrary_json()), 0..4),
    )
        .prop_map(|(id, members)| {
            let mut map = serde_json::Map::new();
            map.insert("id".into(), id);
            for (name, value) in members {
                map.insert(name, value);
            }
            Value::Object(map)
        });
    let item = prop_oneof![4 => record, 1 => arbitrary_json()];
    let list = prop_oneof![
        4 => proptest::collection::vec(item, 0..4).prop_map(Value::Array),
        1 => arbitrary_json(),
    ];
    prop_oneof![
        6 => (list.clone(), proptest::option::of(list), proptest::option::of(arbitrary_json()))
            .prop_map(|(users, groups, extra)| {
                let mut root = json!({"meta": extra, "users": users});
                if let Some(groups) = groups {
                    root["groups"] = groups;
                }
                root
            }),
        1 => arbitrary_json(),
    ]
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("a,b".to_string()),
        Just("say \"hi\"".to_string()),
        Just("line\nbreak".to_string()),
        Just("crlf\r\nend".to_string()),
        Just(" padded ".to_string()),
        Just("true".to_string()),
        ".{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_load_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..300), csv in any::<bool>()) {
        let kind = if csv { "csv" } else { "json" };
        if let Ok(directory) = source::load_bytes(&bytes, kind) {
            let mut ids = HashSet::new();
            for user in &directory.users {
                let id = user.id().unwrap_or_default();
                prop_assert!(!id.is_empty());
                prop_assert!(ids.insert(id.to_string()), "duplicate id {}", id);
            }
        }
    }

    #[test]
    fn json_text_loads_as_its_parsed_value_does(
        document in directory_document(),
        // Repeated names in the text itself (a `Value` cannot hold them).
        repeat in any::<bool>(),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut text = document.to_string();
        if repeat {
            text = text.replacen(r#"{"id":"#, r#"{"a":1,"id":0,"a":2,"id":"#, 1);
        }
        if truncate {
            let at = cut.index(text.len() + 1);
            text = text.chars().take(at).collect();
        }
        let streamed = source::load_json(&text);
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => prop_assert_eq!(streamed, source::from_value(value)),
            Err(err) => {
                let err_at = format!("line {}, column {}", err.line(), err.column());
                let streamed = streamed.map(|_| ()).map_err(|e| (e.code, e.path));
                prop_assert_eq!(streamed, Err(("source.syntax".to_string(), err_at)));
            }
        }
    }

    #[test]
    fn csv_tables_read_back_cell_for_cell(
        extra_columns in proptest::collection::vec("[a-z]{1,5}", 0..4),
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 4), 0..6),
        bom in any::<bool>(),
    ) {
        let mut header = vec!["id".to_string()];
        for name in extra_columns {
            if !header.contains(&name) { header.push(name); }
        }
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&header).unwrap();
        let mut expected = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let mut record = vec![format!("u{i}")];
            record.extend(row.iter().take(header.len() - 1).cloned());
            while record.len() < header.len() { record.push(String::new()); }
            writer.write_record(&record).unwrap();
            expected.push(record);
        }
        let mut bytes = writer.into_inner().unwrap();
        if bom { bytes.splice(0..0, [0xEF, 0xBB, 0xBF]); }
        let directory = source::load_csv_bytes(&bytes).unwrap();
        prop_assert_eq!(directory.users.len(), expected.len());
        for (user, record) in directory.users.iter().zip(&expected) {
            for (name, cell) in header.iter().zip(record) {
                let expected_value = (!cell.is_empty()).then(|| Value::String(cell.clone()));
                prop_assert_eq!(user.get(name.as_str()).cloned(), expected_value, "column {}", name);
            }
        }
    }
}
