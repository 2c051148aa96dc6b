//! Property tests: arbitrary text never panics the parser or evaluator, and
//! the canonical printing of any parsed expression is stable.

use proptest::prelude::*;
use scim_mapper::mapping::expr::{evaluate, parse, EvalContext, FUNCTIONS};
use scim_mapper::mapping::source::Record;
use serde_json::json;

/// Text built from expression-like fragments, so many cases get past the lexer.
fn expression_like() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("Join(".to_string()),
        Just("Replace(".to_string()),
        Just("IIF(".to_string()),
        Just("Switch(".to_string()),
        Just("Mid(".to_string()),
        Just("FormatDateTime(".to_string()),
        Just("DateAdd(".to_string()),
        Just("Word(".to_string()),
        Just("CDate(".to_string()),
        Just("Left(".to_string()),
        Just("RandomString(".to_string()),
        Just(")".to_string()),
        Just(", ".to_string()),
        Just(",".to_string()),
        Just("[a]".to_string()),
        Just("[list]".to_string()),
        Just("\"x\\\"y\"".to_string()),
        Just("\"(?<g>\\\\d+)\"".to_string()),
        Just("\"yyyy-MM-dd\"".to_string()),
        Just("\"d\"".to_string()),
        Just(" = ".to_string()),
        Just(" <> ".to_string()),
        Just("-3".to_string()),
        Just("&HFF".to_string()),
        Just("9223372036854775807".to_string()),
        "[ -~]{0,3}",
        "\\PC{0,2}",
    ];
    prop::collection::vec(fragment, 0..24).prop_map(|parts| parts.concat())
}

/// Well-formed expressions: every function with an accepted argument count,
/// random leaves, some comparisons and empty slots. Exercises evaluation.
fn well_formed() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop_oneof![
            Just("a"),
            Just("list"),
            Just("flag"),
            Just("date"),
            Just("n"),
            Just("nope")
        ]
        .prop_map(|name| format!("[{name}]")),
        prop_oneof![
            Just("\"\""),
            Just("\"x\""),
            Just("\"d\""),
            Just("\"yyyy-MM-dd\""),
            Just("\"(?<g>\\\\w+)\""),
            Just("\"${g}\""),
            Just("\"True\""),
            Just("\"2021-06-30+08:00\""),
            Just("\" ,-\""),
            Just("\"é ß😀\""),
            Just("\"[(\""),
            Just("vbTextCompare"),
        ]
        .prop_map(str::to_string),
        (-3i64..300).prop_map(|n| n.to_string()),
        Just(String::new()),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            (
                0..FUNCTIONS.len(),
                prop::collection::vec(inner.clone(), 0..8)
            )
                .prop_map(|(index, pool)| {
                    let function = &FUNCTIONS[index];
                    let mut count = function
                        .min_args
                        .max(pool.len().min(function.max_args.unwrap_or(8)));
                    if function.even_args && count % 2 == 1 {
                        count += 1;
                    }
                    let mut args: Vec<String> = (0..count)
                        .map(|i| pool.get(i).cloned().unwrap_or_default())
                        .collect();
                    // `f()` is zero arguments, not one empty slot.
                    if let [only] = args.as_mut_slice() {
                        if only.is_empty() {
                            *only = "[a]".to_string();
                        }
                    }
                    format!("{}({})", function.name, args.join(", "))
                }),
            (
                inner.clone(),
                prop_oneof![Just("="), Just("<>"), Just(">"), Just("<=")],
                inner
            )
                .prop_filter("both sides written", |(l, _, r)| !l.is_empty()
                    && !r.is_empty())
                .prop_map(|(l, op, r)| format!("IIF({l} {op} {r}, \"y\", \"n\")")),
        ]
    })
    .prop_filter("not empty", |text| !text.is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_prints_stably(text in expression_like()) {
        if let Ok(expr) = parse(&text) {
            let printed = expr.to_string();
            let reparsed = parse(&printed).expect("printed expressions parse");
            prop_assert_eq!(reparsed.to_string(), printed);
            let record = Record::from_object(json!({"a": "Zoë 12", "list": ["x", "", "x"]})).unwrap_or_default();
            let ctx = EvalContext { now_millis: 0, seed: 3 };
            let _ = evaluate(&expr, &record, &ctx);
        }
    }

    #[test]
    fn well_formed_expressions_parse_and_evaluate_without_panics(text in well_formed()) {
        let expr = parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(parse(&expr.to_string()).unwrap().to_string(), expr.to_string());
        let record = Record::from_object(json!({
            "a": "Zoë O'Brien 12", "list": ["x", "", "x"], "flag": true,
            "date": "2012-03-16-07:00", "n": "129699324000000000"
        })).unwrap_or_default();
        let ctx = EvalContext { now_millis: 1_625_240_018_000, seed: 9 };
        match evaluate(&expr, &record, &ctx) {
            Ok(_) => {}
            Err(e) => prop_assert_eq!(e.code.as_str(), "expr.runtime", "{}: {}", text, e),
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,64}") {
        let _ = parse(&text);
    }
}
