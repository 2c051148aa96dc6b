//! Property tests for scoping: any clause compiles or fails with a located
//! error, never panics, and the negated operators mirror the positive ones.

mod support;

use proptest::prelude::*;
use scim_mapper::mapping::config::{Clause, Operator, ScopingGroup};
use scim_mapper::mapping::scoping;
use scim_mapper::mapping::source::{Directory, Record};
use serde_json::{json, Value};
use support::arbitrary_json;

fn group(operator: Operator, value: Option<Value>) -> Vec<ScopingGroup> {
    vec![ScopingGroup {
        clauses: vec![Clause::Attribute {
            attribute: "attr".into(),
            operator,
            value,
        }],
    }]
}

fn holds(operator: Operator, value: &Value, record: &Record) -> Option<bool> {
    let compiled = scoping::compile(&group(operator, Some(value.clone()))).ok()?;
    Some(compiled.evaluate(record, &Directory::default()).in_scope)
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[a-c]{0,3}".prop_map(Value::from),
        (-3i64..3).prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_clause_compiles_or_reports_and_never_panics(
        operator in proptest::sample::select(Operator::ALL.to_vec()),
        value in proptest::option::of(arbitrary_json()),
        actual in arbitrary_json(),
    ) {
        match scoping::compile(&group(operator, value)) {
            Ok(compiled) => {
                let record = Record::from_object(json!({"id": "u1", "attr": actual})).unwrap_or_default();
                let _ = compiled.evaluate(&record, &Directory::default()).reason();
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for error in errors {
                    prop_assert!(error.path.starts_with("$.users.scoping[0].clauses[0]"), "{}", error.path);
                    prop_assert!(error.code.starts_with("scoping."));
                }
            }
        }
    }

    #[test]
    fn negated_operators_mirror_positive_ones_on_present_values(
        value in scalar(),
        actual in prop_oneof![scalar(), proptest::collection::vec(scalar(), 1..3).prop_map(Value::from)],
    ) {
        let record = Record::from_object(json!({"id": "u1", "attr": actual})).unwrap_or_default();
        let present = scoping::compile(&group(Operator::IsNotNull, None))
            .unwrap()
            .evaluate(&record, &Directory::default())
            .in_scope;
        let text = value.as_str().map_or_else(|| value.to_string(), str::to_string);
        let pairs = [
            (Operator::Equals, Operator::NotEquals, value.clone()),
            (Operator::RegexMatch, Operator::NotRegexMatch, Value::from(regex_lite::escape(&text))),
            (Operator::IsIn, Operator::IsNotIn, json!([value.clone()])),
        ];
        for (positive, negative, value) in pairs {
            let (Some(p), Some(n)) = (holds(positive, &value, &record), holds(negative, &value, &record)) else {
                continue;
            };
            if present {
                prop_assert_ne!(p, n, "{} vs {} on {}", positive, negative, record);
            } else {
                prop_assert!(!p && !n, "empty values satisfy neither {} nor {}", positive, negative);
            }
        }
    }

    #[test]
    fn any_scim_filter_text_compiles_or_reports_at_its_clause(
        text in prop_oneof![".{0,40}", "[a-z]{1,5} (eq|sw|pr|gt) (\"[a-z]{0,3}\"|[0-9]{1,3}|true)( (and|or) [a-z]{1,4} pr)?"],
        actual in arbitrary_json(),
    ) {
        let groups = [ScopingGroup { clauses: vec![Clause::ScimFilter { scim_filter: text }] }];
        match scoping::compile(&groups) {
            Ok(compiled) => {
                let record = Record::from_object(json!({"id": "u1", "abc": actual})).unwrap_or_default();
                let _ = compiled.evaluate(&record, &Directory::default()).reason();
            }
            Err(errors) => {
                prop_assert_eq!(errors.len(), 1);
                prop_assert_eq!(&errors[0].code, "scoping.scimFilter");
                prop_assert_eq!(&errors[0].path, "$.users.scoping[0].clauses[0].scimFilter");
            }
        }
    }

    #[test]
    fn is_null_is_the_opposite_of_is_not_null(actual in arbitrary_json()) {
        let record = Record::from_object(json!({"id": "u1", "attr": actual})).unwrap_or_default();
        let null = scoping::compile(&group(Operator::IsNull, None)).unwrap().evaluate(&record, &Directory::default()).in_scope;
        let not_null = scoping::compile(&group(Operator::IsNotNull, None)).unwrap().evaluate(&record, &Directory::default()).in_scope;
        prop_assert_ne!(null, not_null);
    }
}
