//! Recursive-descent parser over the token list.
//!
//! Grammar (Entra's, plus IIF's comparisons anywhere an argument may stand):
//! ```text
//! expr     := operand [ compare operand ]
//! operand  := Name "(" [ arg { "," arg } ] ")" | "[attr]" | "string" | number | Name
//! arg      := expr | (nothing, for an empty slot)
//! ```
//! Nesting is capped at [`MAX_DEPTH`] so hostile input cannot overflow the stack.

use super::ast::{Expr, Node, NodeKind};
use super::functions::{self, FunctionSpec};
use super::lexer::{syntax_error, tokenize, Token, TokenKind};
use crate::error::Error;
use crate::mapping::source::NameHint;

/// Deepest allowed nesting of function calls. Entra's own expressions are
/// rarely deeper than 10; 64 leaves room while keeping recursion bounded.
pub const MAX_DEPTH: usize = 64;

/// Bare names accepted as arguments (VB's compare-mode constants).
const CONSTANTS: &[&str] = &["vbBinaryCompare", "vbTextCompare"];

pub fn parse(text: &str) -> Result<Expr, Error> {
    let tokens = tokenize(text)?;
    let end_column = text.chars().count() + 1;
    let mut parser = Parser {
        tokens,
        position: 0,
        end_column,
    };
    if parser.tokens.is_empty() {
        return Err(syntax_error(1, "empty expression"));
    }
    let root = parser.expr(0)?;
    if let Some(token) = parser.peek() {
        let message = match token.kind {
            TokenKind::Compare(_) => "comparisons cannot be chained; nest IIF instead".to_string(),
            _ => format!(
                "unexpected {} after the end of the expression",
                describe(&token.kind)
            ),
        };
        return Err(syntax_error(token.column, message));
    }
    Ok(Expr { root })
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
    end_column: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        self.position += 1;
        token
    }

    fn expr(&mut self, depth: usize) -> Result<Node, Error> {
        let left = self.operand(depth)?;
        if let Some(Token {
            kind: TokenKind::Compare(op),
            ..
        }) = self.peek().cloned()
        {
            self.position += 1;
            let right = self.operand(depth)?;
            return Ok(Node {
                column: left.column,
                kind: NodeKind::Compare {
                    op,
                    left: Box::new(left),
                    right: Box::new(right),
                },
            });
        }
        Ok(left)
    }

    fn operand(&mut self, depth: usize) -> Result<Node, Error> {
        let Some(token) = self.next() else {
            return Err(syntax_error(
                self.end_column,
                "the expression ends where a value was expected",
            ));
        };
        let column = token.column;
        let kind = match token.kind {
            TokenKind::Attribute(name) => NodeKind::Attribute(name, NameHint::default()),
            TokenKind::Text(text) => NodeKind::Text(text),
            TokenKind::Number(n) => NodeKind::Number(n),
            TokenKind::Ident(name) => {
                if matches!(self.peek().map(|t| &t.kind), Some(TokenKind::LeftParen)) {
                    return self.call(name, column, depth);
                }
                if CONSTANTS.contains(&name.as_str()) {
                    NodeKind::Constant(name)
                } else if functions::find(&name).is_some() {
                    return Err(syntax_error(
                        column,
                        format!("`{name}` is a function: call it as `{name}(...)`"),
                    ));
                } else {
                    return Err(syntax_error(
                        column,
                        format!(
                            "unknown name `{name}`: write an attribute as [{name}] or text as \"{name}\""
                        ),
                    ));
                }
            }
            other => {
                return Err(syntax_error(
                    column,
                    format!("expected a value but found {}", describe(&other)),
                ))
            }
        };
        Ok(Node { kind, column })
    }

    fn call(&mut self, name: String, column: usize, depth: usize) -> Result<Node, Error> {
        if depth >= MAX_DEPTH {
            return Err(syntax_error(
                column,
                format!("functions nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        let function = lookup_function(&name, column)?;
        self.position += 1; // the "("
        let mut args = Vec::new();
        if matches!(self.peek().map(|t| &t.kind), Some(TokenKind::RightParen)) {
            self.position += 1;
        } else {
            loop {
                let arg = match self.peek() {
                    Some(Token {
                        kind: TokenKind::Comma | TokenKind::RightParen,
                        column,
                    }) => Node {
                        kind: NodeKind::Missing,
                        column: *column,
                    },
                    Some(_) => self.expr(depth + 1)?,
                    None => {
                        return Err(syntax_error(
                            self.end_column,
                            format!("`{name}(` at column {column} is never closed with `)`"),
                        ))
                    }
                };
                args.push(arg);
                match self.next() {
                    Some(Token {
                        kind: TokenKind::Comma,
                        ..
                    }) => continue,
                    Some(Token {
                        kind: TokenKind::RightParen,
                        ..
                    }) => break,
                    Some(Token {
                        kind: TokenKind::Compare(_),
                        column,
                    }) => {
                        return Err(syntax_error(
                            column,
                            "comparisons cannot be chained; nest IIF instead",
                        ))
                    }
                    Some(token) => {
                        return Err(syntax_error(
                            token.column,
                            format!(
                                "expected `,` or `)` after argument {} of `{name}` but found {}",
                                args.len(),
                                describe(&token.kind)
                            ),
                        ))
                    }
                    None => {
                        return Err(syntax_error(
                            self.end_column,
                            format!("`{name}(` at column {column} is never closed with `)`"),
                        ))
                    }
                }
            }
        }
        check_arity(function, args.len(), column)?;
        Ok(Node {
            kind: NodeKind::Call { function, args },
            column,
        })
    }
}

fn lookup_function(name: &str, column: usize) -> Result<&'static FunctionSpec, Error> {
    if let Some(function) = functions::find(name) {
        return Ok(function);
    }
    let path = format!("column {column}");
    if let Some(function) = functions::find_ignoring_case(name) {
        return Err(Error::new(
            "expr.unknownFunction",
            path,
            format!(
                "unknown function `{name}`; did you mean `{}`? Function names are case-sensitive",
                function.name
            ),
        ));
    }
    let message = match functions::unsupported_reason(name) {
        Some(reason) => format!("`{name}` is not supported here: {reason}"),
        None => format!("unknown function `{name}`"),
    };
    Err(Error::new("expr.unknownFunction", path, message))
}

fn check_arity(function: &FunctionSpec, count: usize, column: usize) -> Result<(), Error> {
    let fits = count >= function.min_args
        && function.max_args.is_none_or(|max| count <= max)
        && (!function.even_args || count.is_multiple_of(2));
    if fits {
        return Ok(());
    }
    let expected = match (function.min_args, function.max_args) {
        (min, Some(max)) if min == max => format!("{min}"),
        (min, Some(max)) => format!("{min} to {max}"),
        (min, None) if function.even_args => format!("an even number (at least {min})"),
        (min, None) => format!("at least {min}"),
    };
    let plural = if count == 1 { "" } else { "s" };
    Err(Error::new(
        "expr.arity",
        format!("column {column}"),
        format!(
            "`{}` takes {expected} arguments ({}) but was given {count} argument{plural}",
            function.name, function.signature
        ),
    ))
}

fn describe(kind: &TokenKind) -> String {
    match kind {
        TokenKind::Ident(name) => format!("`{name}`"),
        TokenKind::Attribute(name) => format!("`[{name}]`"),
        TokenKind::Text(_) => "a string".to_string(),
        TokenKind::Number(n) => format!("the number {n}"),
        TokenKind::LeftParen => "`(`".to_string(),
        TokenKind::RightParen => "`)`".to_string(),
        TokenKind::Comma => "`,`".to_string(),
        TokenKind::Compare(op) => format!("`{}`", op.symbol()),
    }
}
