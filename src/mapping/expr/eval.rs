//! Evaluation of a parsed expression against one source record.

use super::ast::{Expr, Node, NodeKind};
use super::lexer::CompareOp;
use super::random::Rng;
use super::value::ExprValue;
use crate::datetime;
use crate::error::Error;
use crate::mapping::source::{self, Record};
use std::cmp::Ordering;

/// What the pure core cannot know by itself: the clock and randomness are
/// passed in so a preview is reproducible (`Now()`, `Guid()`, `RandomString()`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvalContext {
    /// What `Now()` returns, in Unix milliseconds (UTC).
    pub now_millis: i64,
    /// Seeds the small PRNG behind `Guid()` and `RandomString()`: the same
    /// seed gives the same values.
    pub seed: u64,
}

/// Largest text (in bytes, summed over a list) a function may produce. Keeps
/// nested `Replace`/`Join` from doubling a value into gigabytes.
pub const MAX_VALUE_BYTES: usize = 16 * 1024 * 1024;

/// Evaluates `expr` for one source record (a JSON object).
pub fn evaluate(expr: &Expr, record: &Record, ctx: &EvalContext) -> Result<ExprValue, Error> {
    let mut evaluator = Evaluator {
        record,
        now_millis: ctx.now_millis,
        rng: Rng::new(ctx.seed),
    };
    evaluator.eval(&expr.root)
}

pub(crate) struct Evaluator<'r> {
    record: &'r Record,
    now_millis: i64,
    rng: Rng,
}

impl Evaluator<'_> {
    fn eval(&mut self, node: &Node) -> Result<ExprValue, Error> {
        match &node.kind {
            NodeKind::Attribute(name, hint) => Ok(source::lookup_hinted(self.record, name, hint)
                .map(ExprValue::from_json)
                .unwrap_or(ExprValue::Null)),
            NodeKind::Text(text) => Ok(ExprValue::String(text.clone())),
            NodeKind::Number(n) => Ok(ExprValue::Number(*n)),
            NodeKind::Constant(name) => Ok(ExprValue::String(name.clone())),
            NodeKind::Missing => Ok(ExprValue::Null),
            NodeKind::Call { function, args } => {
                let mut call = Call {
                    evaluator: self,
                    args,
                    name: function.name,
                    column: node.column,
                };
                let value = (function.eval)(&mut call)?;
                if value_size(&value) > MAX_VALUE_BYTES {
                    return Err(call.error(format!(
                        "the result is larger than {} MiB",
                        MAX_VALUE_BYTES / (1024 * 1024)
                    )));
                }
                Ok(value)
            }
            NodeKind::Compare { op, left, right } => {
                let left = self.eval(left)?;
                let right = self.eval(right)?;
                Ok(ExprValue::Bool(compare(*op, &left, &right)))
            }
        }
    }
}

fn value_size(value: &ExprValue) -> usize {
    match value {
        ExprValue::String(s) => s.len(),
        ExprValue::List(items) => items.iter().map(value_size).fold(0, usize::saturating_add),
        _ => 8,
    }
}

/// One function call being evaluated: lazy access to its arguments, so IIF,
/// Switch and Coalesce only evaluate the branch they take.
pub(crate) struct Call<'c, 'r> {
    evaluator: &'c mut Evaluator<'r>,
    args: &'c [Node],
    pub name: &'static str,
    pub column: usize,
}

impl Call<'_, '_> {
    pub fn len(&self) -> usize {
        self.args.len()
    }

    /// Whether argument `index` was written (not an empty slot like `, ,`).
    pub fn is_given(&self, index: usize) -> bool {
        self.args
            .get(index)
            .is_some_and(|node| !matches!(node.kind, NodeKind::Missing))
    }

    /// Argument `index` when it is a source attribute holding text: that
    /// text, borrowed from the record (what `arg` would copy into an
    /// `ExprValue::String`). For functions that only read their arguments'
    /// text, such as `Join`, which runs for every user in most mappings.
    pub fn source_text(&self, index: usize) -> Option<&str> {
        let NodeKind::Attribute(name, hint) = &self.args.get(index)?.kind else {
            return None;
        };
        source::lookup_hinted(self.evaluator.record, name, hint)?.as_str()
    }

    /// Evaluates argument `index`; an empty or absent slot is `Null`.
    pub fn arg(&mut self, index: usize) -> Result<ExprValue, Error> {
        match self.args.get(index) {
            Some(node) => self.evaluator.eval(node),
            None => Ok(ExprValue::Null),
        }
    }

    /// Argument `index` as a whole number; `what` names it in the error.
    pub fn integer(&mut self, index: usize, what: &str) -> Result<i64, Error> {
        let value = self.arg(index)?;
        value.as_integer().ok_or_else(|| {
            self.error(format!(
                "{what} must be a whole number, not {}",
                describe(&value)
            ))
        })
    }

    /// Argument `index` as an optional whole number (empty slot or null → `None`).
    pub fn optional_integer(&mut self, index: usize, what: &str) -> Result<Option<i64>, Error> {
        if self.arg(index)?.is_null() {
            return Ok(None);
        }
        self.integer(index, what).map(Some)
    }

    /// Argument `index` as an instant: a date value, or text any of Entra's
    /// date forms (`2020-03-16-07:00`, `8/25/2021 5:41:18 PM`, ...).
    /// `Ok(None)` for null.
    pub fn date(&mut self, index: usize, what: &str) -> Result<Option<i64>, Error> {
        let value = self.arg(index)?;
        self.date_from(&value, what)
    }

    pub fn date_from(&self, value: &ExprValue, what: &str) -> Result<Option<i64>, Error> {
        match value {
            ExprValue::DateTime(millis) => Ok(Some(*millis)),
            other if other.is_null() => Ok(None),
            other => {
                let text = other.text_or_empty();
                datetime::parse_lenient(&text)
                    .map(Some)
                    .ok_or_else(|| self.error(format!("{what} `{text}` is not a date")))
            }
        }
    }

    pub fn now_millis(&self) -> i64 {
        self.evaluator.now_millis
    }

    pub fn rng(&mut self) -> &mut Rng {
        &mut self.evaluator.rng
    }

    /// A runtime error (`expr.runtime`) naming this function and its column.
    pub fn error(&self, message: impl AsRef<str>) -> Error {
        Error::new(
            "expr.runtime",
            format!("column {}", self.column),
            format!("{}: {}", self.name, message.as_ref()),
        )
    }
}

fn describe(value: &ExprValue) -> String {
    match value {
        ExprValue::Null | ExprValue::Ignore => "null".to_string(),
        ExprValue::List(_) => "a list".to_string(),
        other => format!("`{}`", other.text_or_empty()),
    }
}

/// IIF's comparison. A null operand makes every comparison false (Entra:
/// "if the source attribute used within the IIF function is empty or null,
/// the condition check fails"). Numbers compare numerically when both sides
/// are whole numbers, dates chronologically when one side is a date,
/// booleans case-insensitively ("True" = true); otherwise texts compare
/// case-sensitively by code point.
pub(crate) fn compare(op: CompareOp, left: &ExprValue, right: &ExprValue) -> bool {
    if left.is_null() || right.is_null() {
        return false;
    }
    let ordering = order(left, right);
    match op {
        CompareOp::Equal => ordering == Ordering::Equal,
        CompareOp::NotEqual => ordering != Ordering::Equal,
        CompareOp::Greater => ordering == Ordering::Greater,
        CompareOp::GreaterOrEqual => ordering != Ordering::Less,
        CompareOp::Less => ordering == Ordering::Less,
        CompareOp::LessOrEqual => ordering != Ordering::Greater,
    }
}

fn order(left: &ExprValue, right: &ExprValue) -> Ordering {
    let date_of = |value: &ExprValue| match value {
        ExprValue::DateTime(millis) => Some(*millis),
        other => datetime::parse_lenient(&other.text_or_empty()),
    };
    let is_date = |value: &ExprValue| matches!(value, ExprValue::DateTime(_));
    if is_date(left) || is_date(right) {
        if let (Some(a), Some(b)) = (date_of(left), date_of(right)) {
            return a.cmp(&b);
        }
    }
    let both_strings = matches!((left, right), (ExprValue::String(_), ExprValue::String(_)));
    let numeric = |value: &ExprValue| value.as_integer();
    if let (Some(a), Some(b)) = (numeric(left), numeric(right)) {
        // "007" = "7" would surprise; two texts compare as texts for equality,
        // but `[age] > 30` with age "45" is a number comparison.
        if !both_strings {
            return a.cmp(&b);
        }
        let (ta, tb) = (left.text_or_empty(), right.text_or_empty());
        return match a.cmp(&b) {
            Ordering::Equal if ta != tb => ta.cmp(&tb),
            ordering => ordering,
        };
    }
    let (ta, tb) = (left.text_or_empty(), right.text_or_empty());
    if matches!(left, ExprValue::Bool(_)) || matches!(right, ExprValue::Bool(_)) {
        return ta.to_lowercase().cmp(&tb.to_lowercase());
    }
    ta.cmp(&tb)
}
