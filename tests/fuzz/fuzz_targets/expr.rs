//! Fuzzes the expression parser and evaluator: any input must give a value
//! or an `Error`, never a panic, and printing a parsed expression must parse
//! back to the same text.
//!
//! Run: `cargo fuzz run expr --fuzz-dir tests/fuzz`
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_mapper::mapping::expr::{evaluate, parse, EvalContext};
use scim_mapper::mapping::source::Record;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(expr) = parse(text) else {
        return;
    };
    let printed = expr.to_string();
    let reparsed = parse(&printed).expect("printed expressions parse");
    assert_eq!(reparsed.to_string(), printed);
    let record = Record::from_object(serde_json::json!({
        "a": "Zoë O'Brien", "n": "42", "list": ["x", "y", "x"], "flag": true,
        "date": "2021-06-30+08:00", "empty": "", "nested": {"id": "m1"}
    }))
    .unwrap_or_default();
    let ctx = EvalContext {
        now_millis: 1_625_240_018_000,
        seed: 1,
    };
    let _ = evaluate(&expr, &record, &ctx);
});
