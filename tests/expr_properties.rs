//! Property tests: arbitrary text never panics the parser or evaluator, and
//! the canonical printing of any parsed expression is stable.

use proptest::prelude::*;
use scim_mapper::mapping::expr::{evaluate, parse, EvalContext};
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_prints_stably(text in expression_like()) {
        if let Ok(expr) = parse(&text) {
            let printed = expr.to_string();
            let reparsed = parse(&printed).expect("printed expressions parse");
            prop_assert_eq!(reparsed.to_string(), printed);
            let record = json!({"a": "Zoë 12", "list": ["x", "", "x"]});
            let ctx = EvalContext { now_millis: 0, seed: 3 };
            let _ = evaluate(&expr, &record, &ctx);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,64}") {
        let _ = parse(&text);
    }
}
