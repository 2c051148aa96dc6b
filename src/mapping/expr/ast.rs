//! The parsed form of an expression.

use super::functions::FunctionSpec;
use super::lexer::CompareOp;
use crate::mapping::source::NameHint;
use std::fmt;

/// A parsed expression, ready to evaluate against any number of records.
#[derive(Clone, Debug)]
pub struct Expr {
    pub(crate) root: Node,
}

/// One node and the column where its text starts (for runtime errors).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub kind: NodeKind,
    pub column: usize,
}

#[derive(Clone, Debug)]
pub(crate) enum NodeKind {
    /// `[name]`: a source attribute.
    /// With where it was in the last record read (see `NameHint`).
    Attribute(String, NameHint),
    /// `"text"`.
    Text(String),
    /// `42`, `-10`, `&HF7`.
    Number(i64),
    /// A bare name such as `vbTextCompare` (InStr's compareType).
    Constant(String),
    /// An argument left empty, as in `Replace([x], , "\\d", , "", , )`.
    Missing,
    Call {
        function: &'static FunctionSpec,
        args: Vec<Node>,
    },
    Compare {
        op: CompareOp,
        left: Box<Node>,
        right: Box<Node>,
    },
}

impl Expr {
    /// The source attribute names the expression reads, in first-use order
    /// without repeats, so a configuration validator can check they exist.
    pub fn attributes(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let mut pending = vec![&self.root];
        while let Some(node) = pending.pop() {
            match &node.kind {
                NodeKind::Attribute(name, _) if !names.contains(name) => names.push(name.clone()),
                NodeKind::Call { args, .. } => pending.extend(args.iter().rev()),
                NodeKind::Compare { left, right, .. } => {
                    pending.push(right);
                    pending.push(left);
                }
                _ => {}
            }
        }
        names
    }

    /// The names of the functions the expression calls, in first-use order.
    pub fn functions(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        let mut pending = vec![&self.root];
        while let Some(node) = pending.pop() {
            match &node.kind {
                NodeKind::Call { function, args } => {
                    if !names.contains(&function.name) {
                        names.push(function.name);
                    }
                    pending.extend(args.iter().rev());
                }
                NodeKind::Compare { left, right, .. } => {
                    pending.push(right);
                    pending.push(left);
                }
                _ => {}
            }
        }
        names
    }
}

/// Canonical text: one space after each comma, strings re-escaped. Parsing
/// the printed text gives back the same expression.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_node(&self.root, f)
    }
}

fn write_node(node: &Node, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match &node.kind {
        NodeKind::Attribute(name, _) => write!(f, "[{name}]"),
        NodeKind::Text(text) => {
            f.write_str("\"")?;
            for c in text.chars() {
                if c == '"' || c == '\\' {
                    f.write_str("\\")?;
                }
                write!(f, "{c}")?;
            }
            f.write_str("\"")
        }
        NodeKind::Number(n) => write!(f, "{n}"),
        NodeKind::Constant(name) => f.write_str(name),
        NodeKind::Missing => Ok(()),
        NodeKind::Call { function, args } => {
            write!(f, "{}(", function.name)?;
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    f.write_str(if matches!(arg.kind, NodeKind::Missing) {
                        ","
                    } else {
                        ", "
                    })?;
                }
                write_node(arg, f)?;
            }
            f.write_str(")")
        }
        NodeKind::Compare { op, left, right } => {
            write_node(left, f)?;
            write!(f, " {} ", op.symbol())?;
            write_node(right, f)
        }
    }
}
