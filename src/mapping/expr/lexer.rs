//! Splits expression text into tokens, tracking 1-based character columns so
//! every error can point at the spot the admin has to fix.

use crate::error::Error;

/// One token and the column (1-based, in characters) where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// A function name or a bare constant such as `vbTextCompare`.
    Ident(String),
    /// `[attributeName]`, brackets removed.
    Attribute(String),
    /// `"text"`, quotes removed and escapes resolved.
    Text(String),
    /// A whole number, decimal (`-10`) or VB hex (`&HF7`).
    Number(i64),
    LeftParen,
    RightParen,
    Comma,
    Compare(CompareOp),
}

/// IIF's comparison operators (Entra: `=`, `<>`, `>`, `>=`, `<`, `<=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

impl CompareOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Equal => "=",
            CompareOp::NotEqual => "<>",
            CompareOp::Greater => ">",
            CompareOp::GreaterOrEqual => ">=",
            CompareOp::Less => "<",
            CompareOp::LessOrEqual => "<=",
        }
    }
}

pub fn syntax_error(column: usize, message: impl Into<String>) -> Error {
    Error::new("expr.syntax", format!("column {column}"), message)
}

/// Tokenizes the whole text. Works in one pass over the characters, so huge
/// inputs cost linear time and no recursion.
pub fn tokenize(text: &str) -> Result<Vec<Token>, Error> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let column = i + 1;
        let push = |tokens: &mut Vec<Token>, kind| tokens.push(Token { kind, column });
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                push(&mut tokens, TokenKind::LeftParen);
                i += 1;
            }
            ')' => {
                push(&mut tokens, TokenKind::RightParen);
                i += 1;
            }
            ',' => {
                push(&mut tokens, TokenKind::Comma);
                i += 1;
            }
            '=' => {
                push(&mut tokens, TokenKind::Compare(CompareOp::Equal));
                i += 1;
            }
            '<' | '>' => {
                let next = chars.get(i + 1).copied();
                let (op, width) = match (c, next) {
                    ('<', Some('>')) => (CompareOp::NotEqual, 2),
                    ('<', Some('=')) => (CompareOp::LessOrEqual, 2),
                    ('<', _) => (CompareOp::Less, 1),
                    (_, Some('=')) => (CompareOp::GreaterOrEqual, 2),
                    _ => (CompareOp::Greater, 1),
                };
                push(&mut tokens, TokenKind::Compare(op));
                i += width;
            }
            '[' => {
                let start = i + 1;
                let end = (start..chars.len())
                    .find(|&k| chars.get(k) == Some(&']'))
                    .ok_or_else(|| syntax_error(column, "`[` without a closing `]`"))?;
                let name: String = chars.get(start..end).unwrap_or_default().iter().collect();
                if name.trim().is_empty() {
                    return Err(syntax_error(column, "empty attribute name `[]`"));
                }
                if let Some(offset) = name.find('[') {
                    let at = column + 1 + name.get(..offset).unwrap_or_default().chars().count();
                    return Err(syntax_error(at, "`[` inside an attribute name"));
                }
                push(&mut tokens, TokenKind::Attribute(name));
                i = end + 1;
            }
            '"' => {
                let (value, next) = read_string(&chars, i)?;
                push(&mut tokens, TokenKind::Text(value));
                i = next;
            }
            '&' => {
                if !matches!(chars.get(i + 1), Some('H' | 'h')) {
                    return Err(syntax_error(
                        column,
                        "`&` must start a hex number such as `&HF7`",
                    ));
                }
                let start = i + 2;
                let end = scan(&chars, start, |c| c.is_ascii_hexdigit());
                let digits: String = chars.get(start..end).unwrap_or_default().iter().collect();
                if digits.is_empty() || digits.len() > 16 {
                    return Err(syntax_error(
                        column,
                        "a hex number needs 1 to 16 hex digits after `&H`",
                    ));
                }
                // VB semantics: &HFFFFFFFFFFFFFFFF is -1 (two's complement).
                let value = u64::from_str_radix(&digits, 16)
                    .map_err(|_| syntax_error(column, "invalid hex number"))?;
                push(&mut tokens, TokenKind::Number(value as i64));
                i = end;
            }
            '-' | '+' | '0'..='9' => {
                let negative = c == '-';
                let start = if c.is_ascii_digit() { i } else { i + 1 };
                let end = scan(&chars, start, |c| c.is_ascii_digit());
                if end == start {
                    return Err(syntax_error(
                        column,
                        format!("`{c}` must be followed by a number"),
                    ));
                }
                if chars.get(end) == Some(&'.') {
                    return Err(syntax_error(
                        column,
                        "only whole numbers are supported; write decimals as a string",
                    ));
                }
                let digits: String = chars.get(start..end).unwrap_or_default().iter().collect();
                let text = if negative {
                    format!("-{digits}")
                } else {
                    digits
                };
                let value: i64 = text
                    .parse()
                    .map_err(|_| syntax_error(column, "number too large"))?;
                push(&mut tokens, TokenKind::Number(value));
                i = end;
            }
            c if c.is_alphabetic() || c == '_' => {
                let end = scan(&chars, i, |c| c.is_alphanumeric() || c == '_');
                let name: String = chars.get(i..end).unwrap_or_default().iter().collect();
                push(&mut tokens, TokenKind::Ident(name));
                i = end;
            }
            '\'' | '\u{201C}' | '\u{201D}' => {
                return Err(syntax_error(
                    column,
                    format!("unexpected `{c}`: strings use straight double quotes \"...\""),
                ));
            }
            other => {
                return Err(syntax_error(
                    column,
                    format!("unexpected character `{other}`"),
                ));
            }
        }
    }
    Ok(tokens)
}

fn scan(chars: &[char], start: usize, accept: impl Fn(char) -> bool) -> usize {
    let mut end = start;
    while chars.get(end).is_some_and(|&c| accept(c)) {
        end += 1;
    }
    end
}

/// Reads a string literal starting at the opening quote. `\"` and `\\` are
/// Entra's two escapes; any other backslash is kept as written, so regex
/// patterns such as `"\d+"` keep working as they do in Entra.
fn read_string(chars: &[char], open: usize) -> Result<(String, usize), Error> {
    let mut value = String::new();
    let mut i = open + 1;
    loop {
        match chars.get(i) {
            None => {
                return Err(syntax_error(
                    open + 1,
                    "string without a closing double quote",
                ))
            }
            Some('"') => return Ok((value, i + 1)),
            Some('\\') => match chars.get(i + 1) {
                Some(&escaped @ ('"' | '\\')) => {
                    value.push(escaped);
                    i += 2;
                }
                _ => {
                    value.push('\\');
                    i += 1;
                }
            },
            Some(&c) => {
                value.push(c);
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text)
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn tokenizes_calls_attributes_strings_numbers() {
        assert_eq!(
            kinds(r#"Join(", ", [a b], -10, &HF7)"#),
            vec![
                TokenKind::Ident("Join".into()),
                TokenKind::LeftParen,
                TokenKind::Text(", ".into()),
                TokenKind::Comma,
                TokenKind::Attribute("a b".into()),
                TokenKind::Comma,
                TokenKind::Number(-10),
                TokenKind::Comma,
                TokenKind::Number(0xF7),
                TokenKind::RightParen,
            ]
        );
    }

    #[test]
    fn resolves_escapes_and_keeps_other_backslashes() {
        assert_eq!(
            kinds(r#""Company name: \"Contoso\" \\ \d""#),
            vec![TokenKind::Text(r#"Company name: "Contoso" \ \d"#.into())]
        );
    }

    #[test]
    fn comparison_operators() {
        let ops: Vec<_> = kinds("= <> > >= < <=")
            .into_iter()
            .map(|k| match k {
                TokenKind::Compare(op) => op.symbol(),
                _ => "?",
            })
            .collect();
        assert_eq!(ops, vec!["=", "<>", ">", ">=", "<", "<="]);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let tokens = tokenize("\"Zoë\" ]").unwrap_err();
        assert_eq!(tokens.path, "column 7");
        let err = tokenize("Append(\"é\", \"x)").unwrap_err();
        assert_eq!(err.path, "column 13");
        assert_eq!(tokenize("[]").unwrap_err().path, "column 1");
        assert_eq!(tokenize("  [abc").unwrap_err().path, "column 3");
        assert_eq!(tokenize("1.5").unwrap_err().code, "expr.syntax");
        assert_eq!(
            tokenize("99999999999999999999").unwrap_err().path,
            "column 1"
        );
        assert_eq!(
            tokenize("&HFFFFFFFFFFFFFFFF").unwrap()[0].kind,
            TokenKind::Number(-1)
        );
    }
}
