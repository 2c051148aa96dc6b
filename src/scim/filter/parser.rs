//! Recursive-descent parser for filters and attribute paths (RFC 7644
//! §3.4.2.2 and §3.10 ABNF), shared because a path's value filter is a
//! filter and a filter's operands are paths.

use super::{CompValue, CompareOp, Filter, MAX_DEPTH};
use crate::error::Error;
use crate::scim::path::AttrPath;

pub(crate) struct Parser<'t> {
    text: &'t str,
    /// Byte offset of the next unread character.
    pos: usize,
    depth: usize,
    /// `filter.syntax` or `path.syntax`.
    code: &'static str,
}

/// Characters of an attribute token: names, URNs (`:`), versions and
/// sub-attribute dots (`2.0`, `name.formatted`), `$ref`.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$' | ':' | '.')
}

/// RFC 7643 ATTRNAME (plus `$ref`): a letter or `$`, then letters, digits, `-`, `_`.
fn is_attribute_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl<'t> Parser<'t> {
    pub fn new(text: &'t str) -> Self {
        Parser {
            text,
            pos: 0,
            depth: 0,
            code: "filter.syntax",
        }
    }

    /// A whole filter; anything left over is an error.
    pub fn parse_filter_text(mut self) -> Result<Filter, Error> {
        self.skip_ws();
        if self.at_end() {
            return Err(self.error(self.pos, "expected a filter, found the end of the input"));
        }
        let filter = self.parse_or(false)?;
        self.skip_ws();
        if !self.at_end() {
            return Err(self.error(
                self.pos,
                format!(
                    "expected `and`, `or` or the end of the filter, found {}",
                    self.found()
                ),
            ));
        }
        Ok(filter)
    }

    /// A whole attribute path (PATCH `path`, mapping target).
    pub fn parse_path_text(mut self) -> Result<AttrPath, Error> {
        self.code = "path.syntax";
        self.skip_ws();
        let path = self.parse_attr_path(true)?;
        self.skip_ws();
        if !self.at_end() {
            return Err(self.error(
                self.pos,
                format!("expected the end of the path, found {}", self.found()),
            ));
        }
        Ok(path)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn rest(&self) -> &'t str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.bump();
        }
    }

    fn column(&self, pos: usize) -> String {
        let before = self.text.get(..pos).unwrap_or(self.text);
        format!("column {}", before.chars().count() + 1)
    }

    fn error(&self, pos: usize, message: impl Into<String>) -> Error {
        Error::new(self.code, self.column(pos), message)
    }

    /// What sits at the cursor, for "found …" in messages.
    fn found(&self) -> String {
        let word: String = self
            .rest()
            .chars()
            .take_while(|c| !c.is_ascii_whitespace())
            .take(24)
            .collect();
        match word.chars().next() {
            None => "the end of the input".to_string(),
            Some(first) if !is_token_char(first) => format!("`{first}`"),
            Some(_) => format!("`{word}`"),
        }
    }

    /// Consumes `word` (case-insensitive) when it stands alone at the cursor.
    fn keyword(&mut self, word: &str) -> bool {
        let rest = self.rest();
        let matches = rest
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
            && !rest
                .get(word.len()..)
                .and_then(|tail| tail.chars().next())
                .is_some_and(is_token_char);
        if matches {
            self.pos += word.len();
        }
        matches
    }

    fn enter(&mut self, pos: usize) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(
                pos,
                format!("the filter nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn parse_or(&mut self, in_value_filter: bool) -> Result<Filter, Error> {
        self.parse_chain(in_value_filter, "or", Self::parse_and, Filter::Or)
    }

    fn parse_and(&mut self, in_value_filter: bool) -> Result<Filter, Error> {
        self.parse_chain(in_value_filter, "and", Self::parse_unary, Filter::And)
    }

    /// `operand (keyword operand)*` — `and` binds tighter than `or` because
    /// `or`'s operands are `and` chains. A lone operand stays itself.
    fn parse_chain(
        &mut self,
        in_value_filter: bool,
        keyword: &str,
        operand: fn(&mut Self, bool) -> Result<Filter, Error>,
        combine: fn(Vec<Filter>) -> Filter,
    ) -> Result<Filter, Error> {
        let mut items = vec![operand(self, in_value_filter)?];
        loop {
            let save = self.pos;
            self.skip_ws();
            if self.pos > save && self.keyword(keyword) {
                items.push(operand(self, in_value_filter)?);
            } else {
                self.pos = save;
                break;
            }
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Filter::And(Vec::new()))
        } else {
            combine(items)
        })
    }

    fn parse_unary(&mut self, in_value_filter: bool) -> Result<Filter, Error> {
        self.skip_ws();
        let start = self.pos;
        if self.peek() == Some('(') {
            self.bump();
            return self.parse_group(start, in_value_filter);
        }
        if self.keyword("not") {
            self.skip_ws();
            if self.peek() == Some('(') {
                let open = self.pos;
                self.bump();
                return Ok(Filter::Not(Box::new(
                    self.parse_group(open, in_value_filter)?,
                )));
            }
            // `not` not followed by `(` is an attribute named "not".
            self.pos = start;
        }
        self.parse_attr_expression(in_value_filter)
    }

    /// After an opening `(` at `open`: the inner filter and its `)`.
    fn parse_group(&mut self, open: usize, in_value_filter: bool) -> Result<Filter, Error> {
        self.enter(open)?;
        let inner = self.parse_or(in_value_filter)?;
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(self.error(
                self.pos,
                format!(
                    "expected `)` to close the `(` at {}, found {}",
                    self.column(open),
                    self.found()
                ),
            ));
        }
        self.bump();
        self.depth -= 1;
        Ok(inner)
    }

    fn parse_attr_expression(&mut self, in_value_filter: bool) -> Result<Filter, Error> {
        let path = self.parse_attr_path(!in_value_filter)?;
        let after_path = self.pos;
        self.skip_ws();
        let op_start = self.pos;
        let word: String = self
            .rest()
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let is_value_path = path.filter.is_some() && path.sub_attribute.is_none();
        if word.eq_ignore_ascii_case("pr") && self.keyword("pr") {
            return Ok(Filter::Present(path));
        }
        if let Some(op) = CompareOp::parse(&word).filter(|_| self.keyword(&word)) {
            if op_start == after_path {
                return Err(self.error(op_start, format!("expected a space before `{word}`")));
            }
            self.skip_ws();
            let value = self.parse_comp_value(op)?;
            return Ok(Filter::Compare(path, op, value));
        }
        if is_value_path {
            self.pos = after_path;
            return Ok(Filter::ValuePath(path));
        }
        Err(self.error(
            op_start,
            format!(
                "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after `{path}`, found {}",
                self.found()
            ),
        ))
    }

    /// `[URI ":"] ATTRNAME ["." subAttr]`, or `… "[" valFilter "]" ["." subAttr]`.
    pub(crate) fn parse_attr_path(&mut self, allow_filter: bool) -> Result<AttrPath, Error> {
        let start = self.pos;
        let token: &str = {
            let len: usize = self
                .rest()
                .chars()
                .take_while(|c| is_token_char(*c))
                .map(char::len_utf8)
                .sum();
            self.rest().get(..len).unwrap_or("")
        };
        if token.is_empty() {
            return Err(self.error(
                start,
                format!("expected an attribute name, found {}", self.found()),
            ));
        }
        self.pos += token.len();
        let (uri, local, local_start) = match token.rfind(':') {
            Some(colon) => {
                let uri = token.get(..colon).unwrap_or("");
                if !uri.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:")) {
                    return Err(self.error(
                        start,
                        format!(
                            "expected an attribute name or a `urn:` schema prefix, found `{token}`"
                        ),
                    ));
                }
                (
                    Some(uri.to_string()),
                    token.get(colon + 1..).unwrap_or(""),
                    start + colon + 1,
                )
            }
            None => (None, token, start),
        };
        let mut parts = local.splitn(3, '.');
        let attribute = parts.next().unwrap_or("");
        let sub = parts.next();
        if parts.next().is_some() {
            let second_dot = local_start + attribute.len() + 1 + sub.map_or(0, str::len);
            return Err(self.error(
                second_dot,
                "an attribute path has at most one sub-attribute",
            ));
        }
        if !is_attribute_name(attribute) {
            return Err(self.error(
                local_start,
                format!("expected an attribute name, found `{attribute}`"),
            ));
        }
        if let Some(sub) = sub {
            if !is_attribute_name(sub) {
                let at = local_start + attribute.len() + 1;
                return Err(self.error(
                    at,
                    format!("expected a sub-attribute name after `.`, found `{sub}`"),
                ));
            }
        }
        let mut path = AttrPath {
            uri,
            attribute: attribute.to_string(),
            filter: None,
            sub_attribute: sub.map(str::to_string),
        };
        if self.peek() == Some('[') {
            let open = self.pos;
            if !allow_filter {
                return Err(self.error(open, "a value filter cannot contain another `[`"));
            }
            if path.sub_attribute.is_some() {
                return Err(self.error(
                    open,
                    "a `[filter]` must follow the attribute, before its sub-attribute",
                ));
            }
            self.bump();
            self.enter(open)?;
            self.skip_ws();
            let filter = self.parse_or(true)?;
            self.skip_ws();
            if self.peek() != Some(']') {
                return Err(self.error(
                    self.pos,
                    format!(
                        "expected `]` to close the `[` at {}, found {}",
                        self.column(open),
                        self.found()
                    ),
                ));
            }
            self.bump();
            self.depth -= 1;
            path.filter = Some(Box::new(filter));
            if self.peek() == Some('.') {
                self.bump();
                let sub_start = self.pos;
                let sub: String = self
                    .rest()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$'))
                    .collect();
                if !is_attribute_name(&sub) {
                    return Err(self.error(
                        sub_start,
                        format!(
                            "expected a sub-attribute name after `].`, found {}",
                            self.found()
                        ),
                    ));
                }
                self.pos += sub.len();
                path.sub_attribute = Some(sub);
            }
        }
        Ok(path)
    }

    fn parse_comp_value(&mut self, op: CompareOp) -> Result<CompValue, Error> {
        let start = self.pos;
        match self.peek() {
            Some('"') => self.parse_string(start),
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let len = self
                    .rest()
                    .chars()
                    .take_while(|c| is_token_char(*c) || *c == '+')
                    .count();
                let literal = self.rest().get(..len).unwrap_or("");
                let number = parse_number(literal)
                    .ok_or_else(|| self.error(start, format!("invalid number `{literal}`")))?;
                self.pos += len;
                Ok(CompValue::Number(number))
            }
            _ if self.keyword("true") => Ok(CompValue::Bool(true)),
            _ if self.keyword("false") => Ok(CompValue::Bool(false)),
            _ if self.keyword("null") => Ok(CompValue::Null),
            _ => Err(self.error(
                start,
                format!(
                    "expected a value (a \"quoted string\", a number, true, false or null) after `{}`, found {}",
                    op.as_str(),
                    self.found()
                ),
            )),
        }
    }

    /// A JSON string literal starting at the `"` at `start`.
    fn parse_string(&mut self, start: usize) -> Result<CompValue, Error> {
        let bytes = self.rest().as_bytes();
        let mut index = 1;
        let mut end = None;
        while let Some(&byte) = bytes.get(index) {
            match byte {
                b'\\' => index += 2,
                b'"' => {
                    end = Some(index);
                    break;
                }
                _ => index += 1,
            }
        }
        let Some(end) = end else {
            return Err(self.error(start, "unterminated string: expected a closing `\"`"));
        };
        let literal = self.rest().get(..=end).unwrap_or("");
        let text = serde_json::from_str::<String>(literal).map_err(|e| {
            let offset = e.column().saturating_sub(1).min(literal.len());
            let at = start + literal.get(..offset).map_or(0, |_| offset);
            self.error(
                at,
                format!("invalid string literal: {}", strip_position(&e.to_string())),
            )
        })?;
        self.pos += end + 1;
        Ok(CompValue::String(text))
    }
}

/// A JSON number literal. Integers stay integers; other values go through
/// Rust's correctly rounded `f64` parser so printing and re-parsing is exact.
fn parse_number(literal: &str) -> Option<serde_json::Number> {
    if !is_json_number(literal) {
        return None;
    }
    if let Ok(n) = literal.parse::<i64>() {
        return Some(n.into());
    }
    if let Ok(n) = literal.parse::<u64>() {
        return Some(n.into());
    }
    serde_json::Number::from_f64(literal.parse::<f64>().ok()?)
}

/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
fn is_json_number(literal: &str) -> bool {
    let bytes = literal.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |from: usize| {
        bytes
            .iter()
            .skip(from)
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let int = digits(i);
    if int == 0 || (int > 1 && bytes.get(i) == Some(&b'0')) {
        return false;
    }
    i += int;
    if bytes.get(i) == Some(&b'.') {
        let frac = digits(i + 1);
        if frac == 0 {
            return false;
        }
        i += 1 + frac;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digits(i);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == bytes.len()
}

/// serde_json appends " at line 1 column N"; our location is the column.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}
