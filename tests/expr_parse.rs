//! Parser behaviour: errors name the column (1-based, in characters) and
//! the function; nesting is capped; huge inputs are fine; printing and
//! re-parsing is stable.

use scim_mapper::mapping::expr::{parse, MAX_DEPTH};

fn error(text: &str) -> (String, String, String) {
    let err = parse(text).expect_err(text);
    (err.code, err.path, err.message)
}

#[test]
fn syntax_errors_name_the_column() {
    let cases = [
        ("", "column 1"),
        ("Join(", "column 6"),
        ("Join(\" \", [a]", "column 14"),
        ("Append([a], \"x\"))", "column 17"),
        ("Append([a] \"x\")", "column 12"),
        ("Append([a], \"x)", "column 13"),
        ("Append([a, \"x\")", "column 8"),
        ("Append([], \"x\")", "column 8"),
        ("Append([a], 'x')", "column 13"),
        ("Append([a], x)", "column 13"),
        ("Append([a], 1.5)", "column 13"),
        ("Append([a], &Q)", "column 13"),
        ("Append([a], -)", "column 13"),
        ("IIF([a] = [b] = [c], 1, 2)", "column 15"),
        ("[a] [b]", "column 5"),
        ("(\"x\")", "column 1"),
        ("Append(\"Zoë\", ])", "column 15"),
    ];
    for (text, path) in cases {
        let (code, actual, message) = error(text);
        assert_eq!(code, "expr.syntax", "{text}: {message}");
        assert_eq!(actual, path, "{text}: {message}");
    }
}

#[test]
fn syntax_errors_say_what_is_wrong() {
    assert!(error("Append([a] \"x\")")
        .2
        .contains("after argument 1 of `Append`"));
    assert!(error("Join(\" \", [a]")
        .2
        .contains("`Join(` at column 1 is never closed"));
    assert!(error("Append([a], x)").2.contains("[x]"));
    assert!(error("Append([a], Now)")
        .2
        .contains("call it as `Now(...)`"));
    assert!(error("IIF([a] = [b] = [c], 1, 2)")
        .2
        .contains("cannot be chained"));
}

#[test]
fn unknown_functions_name_the_function_and_column() {
    let (code, path, message) = error("Join(\",\", Frobnicate([a]))");
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("expr.unknownFunction", "column 11")
    );
    assert!(message.contains("`Frobnicate`"), "{message}");

    // Names are case-sensitive, with a hint.
    let (code, path, message) = error("toLower([a])");
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("expr.unknownFunction", "column 1")
    );
    assert!(message.contains("did you mean `ToLower`"), "{message}");

    let (_, _, message) = error("SelectUniqueValue([a], [b])");
    assert!(message.contains("live target directory"), "{message}");
}

#[test]
fn arity_errors_name_the_function_and_column() {
    let cases = [
        (
            "Left(\"abc\")",
            "column 1",
            "`Left` takes 2 arguments (String, NumChars) but was given 1 argument",
        ),
        (
            "Append([a], Mid([b], 1))",
            "column 13",
            "`Mid` takes 3 arguments",
        ),
        ("Guid(1)", "column 1", "`Guid` takes 0 arguments"),
        (
            "Replace([a], \"x\", , , \"y\")",
            "column 1",
            "`Replace` takes 7 arguments",
        ),
        (
            "Switch([a], \"d\", \"k\")",
            "column 1",
            "`Switch` takes an even number (at least 4) arguments",
        ),
        (
            "Switch([a], \"d\", \"k\", \"v\", \"k2\")",
            "column 1",
            "but was given 5 arguments",
        ),
        (
            "Join(\",\")",
            "column 1",
            "`Join` takes at least 2 arguments",
        ),
        (
            "InStr(\"a\", \"b\", 1, vbTextCompare, 5)",
            "column 1",
            "`InStr` takes 2 to 4 arguments",
        ),
    ];
    for (text, path, fragment) in cases {
        let (code, actual, message) = error(text);
        assert_eq!(code, "expr.arity", "{text}");
        assert_eq!(actual, path, "{text}");
        assert!(message.contains(fragment), "{text}: {message}");
    }
}

#[test]
fn empty_argument_slots_parse() {
    for text in [
        "Replace([a], , \"\\\\d\", , \"\", , )",
        "FormatDateTime([a], , \"yyyy\", \"yy\")",
        "Switch([Active], , \"1\", \"x\", \"0\", \"y\")",
        "Coalesce(,)",
        "Guid()",
    ] {
        assert!(parse(text).is_ok(), "{text}");
    }
}

#[test]
fn nesting_is_capped_without_overflowing_the_stack() {
    let nest = |depth: usize| format!("{}[a]{}", "ToLower(".repeat(depth), ")".repeat(depth));
    assert!(parse(&nest(MAX_DEPTH)).is_ok());
    let (code, path, message) = error(&nest(MAX_DEPTH + 1));
    assert_eq!(code, "expr.syntax");
    assert_eq!(path, format!("column {}", MAX_DEPTH * 8 + 1));
    assert!(message.contains("nested deeper"), "{message}");
    // Far deeper still fails cleanly.
    assert_eq!(error(&nest(100_000)).0, "expr.syntax");
}

#[test]
fn huge_inputs_parse() {
    let long_string = format!("Append(\"{}\", [a])", "x".repeat(2_000_000));
    assert!(parse(&long_string).is_ok());
    let many_args = format!("Join(\",\"{})", ", [a]".repeat(100_000));
    assert!(parse(&many_args).is_ok());
    let unclosed = "\"".to_string() + &"y".repeat(1_000_000);
    assert_eq!(error(&unclosed).1, "column 1");
}

#[test]
fn display_is_canonical_and_reparses() {
    let text = r#"IIF([country]="USA",Join(", ",[a],"q\"uote\\"),Replace([x], , "\\d", , "", , ))"#;
    let parsed = parse(text).unwrap();
    let printed = parsed.to_string();
    assert_eq!(
        printed,
        r#"IIF([country] = "USA", Join(", ", [a], "q\"uote\\"), Replace([x],, "\\d",, "",,))"#
    );
    assert_eq!(parse(&printed).unwrap().to_string(), printed);
}

#[test]
fn attributes_lists_each_read_attribute_once_in_order() {
    let parsed =
        parse(r#"Join(" ", [givenName], IIF([sn]="", [givenName], [manager.id]))"#).unwrap();
    assert_eq!(parsed.attributes(), vec!["givenName", "sn", "manager.id"]);
    assert_eq!(parsed.functions(), vec!["Join", "IIF"]);
    assert!(parse("Now()").unwrap().attributes().is_empty());
}

#[test]
fn whitespace_and_newlines_are_allowed_between_tokens() {
    let text = "Switch([Active], ,\n  \"1\", \"a\",\r\n\t\"0\", \"b\")";
    assert!(parse(text).is_ok());
}
