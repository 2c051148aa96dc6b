//! `Replace(source, oldValue, regexPattern, regexGroupName, replacementValue,
//! replacementAttributeName, template)` with all of Entra's modes.
//!
//! Which mode runs depends on which argument slots are filled (an empty slot
//! `, ,` is "not provided"; `""` is provided):
//! 1. oldValue + template: every oldValue in template becomes the source.
//! 2. oldValue + replacementValue: literal replace-all in the source.
//! 3. regexPattern + regexGroupName + replacementAttributeName: the source
//!    if it has a value, else the named group of the pattern's first match in
//!    replacementAttributeName's value.
//! 4. regexPattern + regexGroupName + replacementValue: every match's named
//!    group is replaced by the literal replacementValue.
//! 5. regexPattern + replacementValue: regex replace-all; the replacement
//!    may use .NET substitutions (`${name}`, `$1`, `$&`, `$$`).
//!
//! Matching is case-sensitive. Patterns use the `regex-lite` dialect, which
//! covers .NET's usual syntax (`(?<name>...)`, `\d`, classes, anchors) but
//! not look-around or back-references: those give an `expr.runtime` error.

use super::try_map_text;
use crate::error::Error;
use crate::mapping::expr::eval::{Call, MAX_VALUE_BYTES};
use crate::mapping::expr::value::ExprValue;
use regex_lite::{Captures, Regex, RegexBuilder};

const SOURCE: usize = 0;
const OLD_VALUE: usize = 1;
const PATTERN: usize = 2;
const GROUP: usize = 3;
const REPLACEMENT: usize = 4;
const REPLACEMENT_ATTRIBUTE: usize = 5;
const TEMPLATE: usize = 6;

pub fn replace(call: &mut Call) -> Result<ExprValue, Error> {
    let given = |index| call.is_given(index);
    let (old, pattern, group, replacement, attribute, template) = (
        given(OLD_VALUE),
        given(PATTERN),
        given(GROUP),
        given(REPLACEMENT),
        given(REPLACEMENT_ATTRIBUTE),
        given(TEMPLATE),
    );
    let source = call.arg(SOURCE)?;
    let outcome = if old && template {
        let old_value = non_empty_old_value(call)?;
        let template = call.arg(TEMPLATE)?.text_or_empty();
        try_map_text(source, &mut |text| {
            replace_literal(&template, &old_value, text)
        })
    } else if old && replacement {
        let old_value = non_empty_old_value(call)?;
        let new_value = call.arg(REPLACEMENT)?.text_or_empty();
        try_map_text(source, &mut |text| {
            replace_literal(text, &old_value, &new_value)
        })
    } else if pattern && group && attribute {
        return extract_fallback(call, source);
    } else if pattern && group && replacement {
        let regex = compile(call)?;
        let group_name = group_name(call, &regex)?;
        let new_value = call.arg(REPLACEMENT)?.text_or_empty();
        try_map_text(source, &mut |text| {
            replace_group(&regex, &group_name, text, &new_value)
        })
    } else if pattern && replacement {
        let regex = compile(call)?;
        let new_value = call.arg(REPLACEMENT)?.text_or_empty();
        try_map_text(source, &mut |text| replace_regex(&regex, text, &new_value))
    } else {
        return Err(call.error(
            "give oldValue with replacementValue or template, or regexPattern with \
             replacementValue (and optionally regexGroupName), or regexPattern with \
             regexGroupName and replacementAttributeName",
        ));
    };
    outcome.map_err(|message| call.error(message))
}

fn non_empty_old_value(call: &mut Call) -> Result<String, Error> {
    let old_value = call.arg(OLD_VALUE)?.text_or_empty();
    if old_value.is_empty() {
        return Err(call.error("oldValue is empty; there is nothing to replace"));
    }
    Ok(old_value)
}

fn compile(call: &mut Call) -> Result<Regex, Error> {
    let pattern = call.arg(PATTERN)?.text_or_empty();
    RegexBuilder::new(&pattern)
        .size_limit(1 << 20)
        .nest_limit(64)
        .build()
        .map_err(|e| call.error(format!("invalid regexPattern `{pattern}`: {e}")))
}

fn group_name(call: &mut Call, regex: &Regex) -> Result<String, Error> {
    let name = call.arg(GROUP)?.text_or_empty();
    if regex.capture_names().flatten().any(|n| n == name) {
        Ok(name)
    } else {
        Err(call.error(format!(
            "regexGroupName `{name}` is not a named group of regexPattern"
        )))
    }
}

/// Mode 3: the source if present, else a value extracted from another attribute.
fn extract_fallback(call: &mut Call, source: ExprValue) -> Result<ExprValue, Error> {
    if !source.is_null_or_empty() {
        return Ok(source);
    }
    let regex = compile(call)?;
    let name = group_name(call, &regex)?;
    let fallback = call.arg(REPLACEMENT_ATTRIBUTE)?.text_or_empty();
    Ok(regex
        .captures(&fallback)
        .and_then(|caps| caps.name(&name))
        .map_or(ExprValue::Null, |m| {
            ExprValue::String(m.as_str().to_string())
        }))
}

fn too_large() -> String {
    format!(
        "the result would be larger than {} MiB",
        MAX_VALUE_BYTES / (1024 * 1024)
    )
}

/// Literal replace-all, refusing results over the size limit before building them.
fn replace_literal(text: &str, old: &str, new: &str) -> Result<String, String> {
    let occurrences = text.matches(old).count();
    let size = occurrences
        .checked_mul(new.len())
        .and_then(|added| added.checked_add(text.len()))
        .ok_or_else(too_large)?;
    if size > MAX_VALUE_BYTES {
        return Err(too_large());
    }
    Ok(text.replace(old, new))
}

fn push_checked(out: &mut String, piece: &str) -> Result<(), String> {
    if out.len().saturating_add(piece.len()) > MAX_VALUE_BYTES {
        return Err(too_large());
    }
    out.push_str(piece);
    Ok(())
}

/// Successive matches the way .NET's `Regex.Replace` finds them: after a
/// non-empty match, an empty match right at its end still counts
/// (`"aaa"` with `a*` → `--`), which Rust's iterators skip.
fn dotnet_matches<'r, 'h>(
    regex: &'r Regex,
    text: &'h str,
) -> impl Iterator<Item = Captures<'h>> + use<'r, 'h> {
    let mut position = 0;
    std::iter::from_fn(move || {
        if position > text.len() {
            return None;
        }
        let caps = regex.captures_at(text, position)?;
        let whole = caps.get(0)?;
        position = if whole.is_empty() {
            match text.get(whole.end()..).and_then(|rest| rest.chars().next()) {
                Some(next) => whole.end() + next.len_utf8(),
                None => text.len() + 1,
            }
        } else {
            whole.end()
        };
        Some(caps)
    })
}

/// Mode 4: replaces only the named group's span inside each match.
fn replace_group(regex: &Regex, name: &str, text: &str, new: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut last = 0;
    for caps in dotnet_matches(regex, text) {
        if let Some(m) = caps.name(name) {
            push_checked(&mut out, text.get(last..m.start()).unwrap_or_default())?;
            push_checked(&mut out, new)?;
            last = m.end();
        }
    }
    push_checked(&mut out, text.get(last..).unwrap_or_default())?;
    Ok(out)
}

/// Mode 5: regex replace-all with .NET substitutions in the replacement.
fn replace_regex(regex: &Regex, text: &str, replacement: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut last = 0;
    for caps in dotnet_matches(regex, text) {
        let Some(whole) = caps.get(0) else { continue };
        push_checked(&mut out, text.get(last..whole.start()).unwrap_or_default())?;
        let expanded = expand(replacement, regex, &caps, text);
        push_checked(&mut out, &expanded)?;
        last = whole.end();
    }
    push_checked(&mut out, text.get(last..).unwrap_or_default())?;
    Ok(out)
}

/// .NET substitution syntax: `$$`, `${name}`, `${3}`, `$3`, `$&`, `` $` ``,
/// `$'`, `$_`. Anything unrecognised stays literal, as in .NET.
fn expand(replacement: &str, regex: &Regex, caps: &Captures, input: &str) -> String {
    let whole = caps.get(0);
    let mut out = String::new();
    let mut rest = replacement;
    while let Some(dollar) = rest.find('$') {
        out.push_str(rest.get(..dollar).unwrap_or_default());
        let after = rest.get(dollar + 1..).unwrap_or_default();
        let group_text = |key: &str| -> Option<String> {
            let m = match key.parse::<usize>() {
                Ok(index) if index < caps.len() => caps.get(index),
                Ok(_) => return None,
                Err(_) if regex.capture_names().flatten().any(|n| n == key) => caps.name(key),
                Err(_) => return None,
            };
            Some(m.map_or(String::new(), |m| m.as_str().to_string()))
        };
        let (piece, consumed) = match after.chars().next() {
            Some('$') => (Some("$".to_string()), 1),
            Some('&') => (whole.map(|m| m.as_str().to_string()), 1),
            Some('`') => (
                whole
                    .and_then(|m| input.get(..m.start()))
                    .map(str::to_string),
                1,
            ),
            Some('\'') => (
                whole.and_then(|m| input.get(m.end()..)).map(str::to_string),
                1,
            ),
            Some('_') => (Some(input.to_string()), 1),
            Some('{') => match after.find('}') {
                Some(close) => {
                    let key = after.get(1..close).unwrap_or_default();
                    (group_text(key), close + 1)
                }
                None => (None, 0),
            },
            Some(c) if c.is_ascii_digit() => {
                let digits = after.chars().take_while(char::is_ascii_digit).count();
                (group_text(after.get(..digits).unwrap_or_default()), digits)
            }
            _ => (None, 0),
        };
        match piece {
            Some(text) => {
                out.push_str(&text);
                rest = after.get(consumed..).unwrap_or_default();
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotnet_substitutions() {
        let regex = Regex::new(r"(?<first>\w+) (?<last>\w+)").unwrap();
        let run = |replacement| replace_regex(&regex, "John Smith!", replacement).unwrap();
        assert_eq!(run("${last}, ${first}"), "Smith, John!");
        assert_eq!(run("$2 $1"), "Smith John!");
        assert_eq!(run("[$&]"), "[John Smith]!");
        assert_eq!(run("$$1 $9 ${nope} $"), "$1 $9 ${nope} $!");
        assert_eq!(run("<$`|$'>"), "<|!>!");
    }

    #[test]
    fn literal_replace_refuses_huge_results() {
        let text = "a".repeat(1000);
        let new = "b".repeat(MAX_VALUE_BYTES / 100);
        assert!(replace_literal(&text, "a", &new).is_err());
        assert_eq!(replace_literal("aXa", "a", "bb").unwrap(), "bbXbb");
    }

    #[test]
    fn empty_matches_follow_dotnet() {
        let run = |pattern, text| replace_regex(&Regex::new(pattern).unwrap(), text, "-").unwrap();
        assert_eq!(run("a*", "aaa"), "--");
        assert_eq!(run("a*", "baac"), "-b--c-");
        assert_eq!(run("", "é😀"), "-é-😀-");
        assert_eq!(run("^", "ab"), "-ab");
        assert_eq!(run("x", ""), "");
    }
}
