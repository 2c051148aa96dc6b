//! Property tests for source loading: any bytes are handled without a panic,
//! and any table written as CSV reads back cell for cell.

mod support;

use proptest::prelude::*;
use scim_mapper::mapping::source;
use serde_json::Value;
use std::collections::HashSet;

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
                let id = user["id"].as_str().unwrap_or_default();
                prop_assert!(!id.is_empty());
                prop_assert!(ids.insert(id.to_string()), "duplicate id {}", id);
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
