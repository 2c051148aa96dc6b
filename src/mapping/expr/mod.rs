//! Entra-compatible attribute-mapping expressions.
//!
//! The syntax is Microsoft Entra's, verbatim ("Reference for writing
//! expressions for attribute mappings"): `[attribute]`, `"strings"` with
//! `\"` and `\\` escapes, nested calls such as
//! `Join(" ", [givenName], ToUpper([surname]))`, case-sensitive function
//! names, empty argument slots (`Replace([x], , "\\d", , "", , )`), `&H`
//! hex numbers, and IIF's comparisons `= <> > >= < <=`.
//!
//! The user-facing reference (every function, the type rules, where
//! Microsoft's page is ambiguous) is `reference.md` beside this file.
//!
//! # Types
//! Entra's engine is string-based; [`ExprValue`] keeps a little more type so
//! previews and JSON output stay faithful:
//! * A JSON boolean enters as [`ExprValue::Bool`]; its text is `"True"` /
//!   `"False"`, so `[accountEnabled] = "True"` and `Switch([flag], , "True", ...)`
//!   work as in Entra. `Not`, `CBool`, `IsNull`, `IsPresent`, comparisons
//!   return booleans (text `True`/`False`, JSON `true`/`false`).
//! * `Not(x)` is True unless x is True (boolean true or the text "True" in
//!   any case): Microsoft's "If source value is True, returns False.
//!   Otherwise, returns True". So `Not([missing])` is True.
//! * A JSON array is a multi-valued attribute ([`ExprValue::List`]). `Join`
//!   joins its elements; `Count`, `Item`, `RemoveDuplicates` work on it;
//!   text functions (`ToLower`, `Replace`, `Append`, ...) apply to each
//!   element; everywhere a single value is needed the first element is used.
//! * Null (absent attribute or JSON null) reads as `""` in string functions;
//!   `Join` skips null and empty values; every comparison with a null operand
//!   is False (Entra: "the condition check fails").
//! * Dates are [`ExprValue::DateTime`] (UTC milliseconds) printed as
//!   `M/d/yyyy h:mm:ss tt`; offsets in inputs convert to UTC.
//! * [`ExprValue::Ignore`] is `IgnoreFlowIfNullOrEmpty`'s "leave the
//!   attribute out"; it means something only as the expression's final value.

mod ast;
mod diacritics;
mod eval;
pub mod examples;
mod functions;
mod lexer;
mod parser;
mod random;
mod value;

pub use ast::Expr;
pub use eval::{evaluate, EvalContext, MAX_VALUE_BYTES};
pub use functions::{FunctionSpec, FUNCTIONS};
pub use parser::{parse, MAX_DEPTH};
pub use value::ExprValue;

use crate::error::Error;
use crate::mapping::source::Record;
use serde_json::Value;

/// Parses and evaluates in one go, for one-off previews (`scim-mapper eval`,
/// the JS `evaluate`).
pub fn evaluate_text(text: &str, record: &Value, ctx: &EvalContext) -> Result<ExprValue, Error> {
    let record = Record::from_object(record.clone()).unwrap_or_default();
    evaluate(&parse(text)?, &record, ctx)
}
