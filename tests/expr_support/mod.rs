//! Helpers shared by the expression integration tests.
#![allow(dead_code)] // each test file uses a different subset

use scim_mapper::datetime::parse_iso8601;
use scim_mapper::error::Error;
use scim_mapper::mapping::expr::{evaluate, parse, EvalContext, ExprValue};
use scim_mapper::mapping::source::Record;
use serde_json::Value;
use std::borrow::Borrow;

/// Microsoft's sample `Now()` value: 7/2/2021 3:33:38 PM (UTC).
pub fn context() -> EvalContext {
    EvalContext {
        now_millis: parse_iso8601("2021-07-02T15:33:38Z").unwrap(),
        seed: 42,
    }
}

pub fn run_with(expression: &str, record: &Value, ctx: EvalContext) -> Result<ExprValue, Error> {
    let parsed = parse(expression).unwrap_or_else(|e| panic!("{expression}: {e}"));
    let record = Record::from_object(record.clone()).unwrap_or_default();
    evaluate(&parsed, &record, &ctx)
}

pub fn run(expression: &str, record: &Value) -> Result<ExprValue, Error> {
    run_with(expression, record, context())
}

pub fn eval_with(expression: &str, record: impl Borrow<Value>, ctx: EvalContext) -> ExprValue {
    run_with(expression, record.borrow(), ctx).unwrap_or_else(|e| panic!("{expression}: {e}"))
}

pub fn eval(expression: &str, record: impl Borrow<Value>) -> ExprValue {
    eval_with(expression, record, context())
}

/// The value's Entra text form.
pub fn text(expression: &str, record: impl Borrow<Value>) -> String {
    eval(expression, record)
        .as_text()
        .unwrap_or_else(|| panic!("{expression}: no text value"))
}

/// The value as JSON.
pub fn json_of(expression: &str, record: &Value) -> Value {
    eval(expression, record).to_json()
}

/// The `expr.runtime` error the expression fails with.
pub fn runtime_error(expression: &str, record: &Value) -> Error {
    let err = run(expression, record).expect_err(expression);
    assert_eq!(err.code, "expr.runtime", "{expression}: {err}");
    err
}
