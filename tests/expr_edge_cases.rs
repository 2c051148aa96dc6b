//! Edge cases beyond Microsoft's examples: nulls, booleans, multi-valued
//! attributes, Unicode, escapes, runtime errors and resource limits.

mod expr_support;

use expr_support::{eval, json_of, run, runtime_error};
use scim_mapper::mapping::expr::{evaluate, parse, EvalContext, ExprValue};
use serde_json::{json, Value};

#[test]
fn nulls_flow_through_functions() {
    let none = json!({"empty": null});
    let cases = [
        ("Append([x], \"-s\")", json!("-s")),
        ("Left([x], 2)", json!("")),
        ("Mid([x], 1, 2)", Value::Null),
        ("Word([x], 1, \" \")", json!("")),
        ("InStr([x], \"a\")", Value::Null),
        ("ToLower([x])", Value::Null),
        ("NormalizeDiacritics([empty])", Value::Null),
        ("Join(\",\", [x], [empty])", json!("")),
        ("Coalesce([x], [empty])", Value::Null),
        ("Coalesce([x], \"\", \"d\")", json!("")),
        ("Count([x])", json!(0)),
        ("Item([x], 1)", Value::Null),
        ("CStr([x])", Value::Null),
        ("CDate([x])", Value::Null),
        ("DateAdd(\"d\", 1, [x])", Value::Null),
        ("DateDiff(\"d\", [x], Now())", Value::Null),
        ("NumFromDate([x])", Value::Null),
        ("DateFromNum([x])", Value::Null),
        ("FormatDateTime([x], , \"yyyy\", \"yy\")", Value::Null),
        ("Replace([x], \"a\", , , \"b\", , )", Value::Null),
        ("Split([x], \",\")", Value::Null),
        ("BitAnd([x], 1)", Value::Null),
        ("IsNull([empty])", json!(true)),
        ("IsString([x])", json!(false)),
        ("CBool([x])", json!(false)),
        ("Not([x])", json!(true)),
        ("Switch([x], \"default\", \"a\", \"b\")", json!("default")),
    ];
    for (expression, expected) in cases {
        assert_eq!(json_of(expression, &none), expected, "{expression}");
    }
}

#[test]
fn json_booleans_enter_as_true_false() {
    let user = json!({"accountEnabled": true, "accountDisabled": false});
    assert_eq!(json_of("[accountEnabled]", &user), json!(true));
    assert_eq!(eval("[accountEnabled]", &user).as_text().unwrap(), "True");
    assert_eq!(json_of("Not([accountDisabled])", &user), json!(true));
    assert_eq!(json_of("Not([accountEnabled])", &user), json!(false));
    assert_eq!(json_of("CStr([accountEnabled])", &user), json!("True"));
    assert_eq!(
        json_of("IIF([accountEnabled], \"on\", \"off\")", &user),
        json!("on")
    );
    assert_eq!(
        json_of("IIF([accountEnabled] = \"true\", \"on\", \"off\")", &user),
        json!("on")
    );
    assert_eq!(
        json_of("IIF([accountDisabled] = \"True\", \"on\", \"off\")", &user),
        json!("off")
    );
    assert_eq!(
        json_of("Append([accountEnabled], \"!\")", &user),
        json!("True!")
    );
    assert_eq!(json_of("IsString([accountEnabled])", &user), json!(false));
}

#[test]
fn cbool_conversions() {
    let empty = json!({});
    for (input, expected) in [
        ("\"1\"", true),
        ("\"0\"", false),
        ("\"TRUE\"", true),
        ("\" false \"", false),
        ("-1", true),
        ("0", false),
        ("&H10", true),
    ] {
        assert_eq!(
            json_of(&format!("CBool({input})"), &empty),
            json!(expected),
            "{input}"
        );
    }
    let err = runtime_error("CBool(\"maybe\")", &empty);
    assert!(err.message.contains("CBool"), "{err}");
    assert_eq!(err.path, "column 1");
}

#[test]
fn multi_valued_attributes() {
    let user = json!({"mails": ["A@X.com", "b@x.com", "A@X.com"], "none": []});
    assert_eq!(
        json_of("ToLower([mails])", &user),
        json!(["a@x.com", "b@x.com", "a@x.com"])
    );
    assert_eq!(
        json_of("Append([mails], \";\")", &user),
        json!(["A@X.com;", "b@x.com;", "A@X.com;"])
    );
    assert_eq!(
        json_of("Replace([mails], \"@\", , , \" at \", , )", &user),
        json!(["A at X.com", "b at x.com", "A at X.com"])
    );
    assert_eq!(
        json_of("Join(\"|\", [mails])", &user),
        json!("A@X.com|b@x.com|A@X.com")
    );
    assert_eq!(json_of("Count([mails])", &user), json!(3));
    assert_eq!(json_of("Count(\"single\")", &user), json!(1));
    assert_eq!(json_of("Item([mails], 2)", &user), json!("b@x.com"));
    assert_eq!(json_of("Item([mails], 4)", &user), Value::Null);
    assert_eq!(json_of("Item([mails], -1)", &user), Value::Null);
    assert_eq!(
        json_of("RemoveDuplicates([mails])", &user),
        json!(["A@X.com", "b@x.com"])
    );
    assert_eq!(json_of("IsNullOrEmpty([none])", &user), json!(true));
    assert_eq!(json_of("IsNull([none])", &user), json!(true));
    assert_eq!(
        json_of("Coalesce([none], \"fallback\")", &user),
        json!("fallback")
    );
    // A single value is needed: the first element.
    assert_eq!(
        json_of("Switch([mails], \"?\", \"A@X.com\", \"first\")", &user),
        json!("first")
    );
    assert_eq!(json_of("Word([mails], 2, \"@\")", &user), json!("X.com"));
    assert_eq!(
        json_of("Split(Join(\",\", [mails]), \",\")", &user),
        json!(["A@X.com", "b@x.com", "A@X.com"])
    );
}

#[test]
fn nested_objects_and_numbers_from_json() {
    let user = json!({"manager": {"id": "m1"}, "age": 45, "score": 1.5, "ext": {"a": 1}});
    assert_eq!(json_of("[manager.id]", &user), json!("m1"));
    assert_eq!(json_of("[age]", &user), json!(45));
    assert_eq!(
        json_of("IIF([age] > 30, \"senior\", \"junior\")", &user),
        json!("senior")
    );
    assert_eq!(
        json_of("IIF([age] >= \"45\", \"y\", \"n\")", &user),
        json!("y")
    );
    assert_eq!(json_of("[score]", &user), json!("1.5"));
    assert_eq!(json_of("[ext]", &user), json!("{\"a\":1}"));
}

#[test]
fn comparisons() {
    let user = json!({"n": "10", "s": "abc", "d": "2021-01-01"});
    let cases = [
        ("[n] > 9", true),
        ("[n] < 9", false),
        ("[n] = \"10\"", true),
        ("[n] = \"010\"", false),
        ("[n] = 10", true),
        ("[n] <> 10", false),
        ("[s] < \"abd\"", true),
        ("[s] = \"ABC\"", false),
        ("[s] <= \"abc\"", true),
        ("[s] >= \"abd\"", false),
        ("CDate([d]) < Now()", true),
        ("CDate([d]) = CDate(\"2021-01-01T00:00:00Z\")", true),
        ("[missing] = \"\"", false),
        ("[missing] <> \"x\"", false),
    ];
    for (condition, expected) in cases {
        let expression = format!("CBool({condition})");
        assert_eq!(json_of(&expression, &user), json!(expected), "{condition}");
    }
}

#[test]
fn unicode_counts_characters() {
    let empty = json!({});
    assert_eq!(json_of("Left(\"Zoë😀abc\", 4)", &empty), json!("Zoë😀"));
    assert_eq!(json_of("Left(\"Zoë\", -1)", &empty), json!("Zoë"));
    assert_eq!(json_of("Left(\"Zoë\", 0)", &empty), json!(""));
    assert_eq!(json_of("Mid(\"Zoë😀abc\", 3, 3)", &empty), json!("ë😀a"));
    assert_eq!(json_of("Mid(\"abc\", 3, 100)", &empty), json!("c"));
    assert_eq!(json_of("Mid(\"abc\", 9, 1)", &empty), json!(""));
    assert_eq!(json_of("InStr(\"😀ab\", \"a\")", &empty), json!(2));
    assert_eq!(
        json_of("InStr(\"ÉCOLE école\", \"é\", 1, vbTextCompare)", &empty),
        json!(1)
    );
    assert_eq!(
        json_of("InStr(\"ÉCOLE école\", \"é\", 2, vbTextCompare)", &empty),
        json!(7)
    );
    assert_eq!(
        json_of("InStr(\"repEated\", \"e\", 3, vbTextCompare)", &empty),
        json!(4)
    );
    assert_eq!(json_of("InStr(\"abc\", \"\", 2)", &empty), json!(2));
    assert_eq!(json_of("InStr(\"abc\", \"a\", 10)", &empty), json!(0));
    assert_eq!(
        json_of("ConvertToBase64(\"é😀\")", &empty),
        json!("6QA92ADe")
    );
    assert_eq!(json_of("ConvertToUTF8Hex(\"é\")", &empty), json!("C3A9"));
    assert_eq!(json_of("ToUpper(\"straße\")", &empty), json!("STRASSE"));
    assert_eq!(json_of("ToLower(\"ΟΔΟΣ İ\")", &empty), json!("οδοσ i"));
    assert_eq!(
        json_of("ToLower(\"DIYARBAKIR\", \"tr-TR\")", &empty),
        json!("dıyarbakır")
    );
    assert_eq!(
        json_of("ToUpper(\"istanbul\", \"tr\")", &empty),
        json!("İSTANBUL")
    );
    assert_eq!(
        json_of("PCase(\"élodie d'arc-o'neil\")", &empty),
        json!("Élodie D'arc-O'neil")
    );
    assert_eq!(
        json_of("NormalizeDiacritics(\"Ærøskøbing Łódź\")", &empty),
        json!("AEroeskoebing Lodz")
    );
    assert_eq!(
        json_of("StripSpaces(\"a b\u{00A0}c\")", &empty),
        json!("ab\u{00A0}c")
    );
    assert_eq!(json_of("Word(\"a,,b\", 2, \",\")", &empty), json!("b"));
    assert_eq!(json_of("Word(\"a b\", 0, \" \")", &empty), json!(""));
    assert_eq!(json_of("Word(\"a b\", 3, \" \")", &empty), json!(""));
}

#[test]
fn string_escapes() {
    let empty = json!({});
    assert_eq!(json_of(r#""a\"b\\c""#, &empty), json!("a\"b\\c"));
    assert_eq!(json_of(r#""\d\n""#, &empty), json!("\\d\\n"));
    assert_eq!(
        json_of(r##"Replace("a1b22", , "\d+", , "#", , )"##, &empty),
        json!("a#b#")
    );
}

#[test]
fn runtime_errors_name_the_function_and_column() {
    let user = json!({"a": "x"});
    let err = runtime_error(
        "Append(\"-\", Replace([a], , \"(unclosed\", , \"\", , ))",
        &user,
    );
    assert_eq!(err.path, "column 13");
    assert!(
        err.message.starts_with("Replace: invalid regexPattern"),
        "{err}"
    );
    let cases = [
        (
            "Replace([a], , \"(?<n>x)\", \"m\", \"y\", , )",
            "Replace: regexGroupName `m`",
        ),
        (
            "Replace([a], , \"(?=x)\", , \"y\", , )",
            "Replace: invalid regexPattern",
        ),
        ("Replace([a], , , , , , )", "Replace: give oldValue"),
        (
            "Replace([a], \"\", , , \"y\", , )",
            "Replace: oldValue is empty",
        ),
        (
            "DateAdd(\"fortnight\", 1, Now())",
            "DateAdd: interval `fortnight`",
        ),
        (
            "DateAdd(\"d\", \"x\", Now())",
            "DateAdd: value must be a whole number",
        ),
        (
            "DateAdd(\"yyyy\", 9000, Now())",
            "DateAdd: the result is outside",
        ),
        (
            "DateAdd(\"s\", 9223372036854775807, Now())",
            "DateAdd: the result is outside",
        ),
        (
            "CDate(\"someday\")",
            "CDate: the value `someday` is not a date",
        ),
        ("DateFromNum(-9223372036854775807)", "DateFromNum:"),
        (
            "FormatDateTime(\"2021\", , \"yyyy-MM\", \"yyyy\")",
            "FormatDateTime: `2021` does not match",
        ),
        (
            "FormatDateTime(\"2021\", \"Sideways\", \"yyyy\", \"yyyy\")",
            "FormatDateTime: `Sideways`",
        ),
        (
            "FormatDateTime(\"2021\", , \"yyyy\", \"Q\")",
            "FormatDateTime: `Q` is not",
        ),
        (
            "FormatDateTime(\"2021\", , \"yyyy\", )",
            "FormatDateTime: outputFormat is required",
        ),
        ("Mid(\"abc\", 0, 1)", "Mid: start must be 1"),
        ("Mid(\"abc\", 1, -1)", "Mid: length must be 0"),
        ("InStr(\"abc\", \"a\", 0)", "InStr: start must be 1"),
        (
            "InStr(\"abc\", \"a\", 1, \"sideways\")",
            "InStr: compareType",
        ),
        (
            "RandomString(300, 0, 0, 0, 0)",
            "RandomString: Length must be",
        ),
        (
            "RandomString(4, 2, 2, 2, 0)",
            "RandomString: the minimums add up to 6",
        ),
        (
            "RandomString(4, 1, 0, 0, 0, \"0123456789\")",
            "RandomString: CharactersToAvoid excludes a whole",
        ),
        (
            "Left(\"abc\", \"many\")",
            "Left: NumChars must be a whole number, not `many`",
        ),
        ("BitAnd(\"x\", 1)", "BitAnd: value1"),
    ];
    for (expression, prefix) in cases {
        let err = runtime_error(expression, &user);
        assert!(err.message.starts_with(prefix), "{expression}: {err}");
        assert_eq!(err.path, "column 1", "{expression}");
    }
}

#[test]
fn results_have_a_size_limit() {
    let user = json!({"a": "aaaaaaaaaaaaaaaa"});
    // Each level multiplies the text by 16; nesting would reach 2^256 bytes.
    let mut expression = "[a]".to_string();
    for _ in 0..20 {
        expression = format!("Replace({expression}, \"a\", , , \"aaaaaaaaaaaaaaaa\", , )");
    }
    let err = runtime_error(&expression, &user);
    assert!(err.message.contains("larger than 16 MiB"), "{err}");

    let big = json!({"big": "x".repeat(20_000)});
    let expression = format!(r#"Replace([big], , "", , "{}", , )"#, "-".repeat(1000));
    let err = runtime_error(&expression, &big);
    assert!(err.message.contains("larger than 16 MiB"), "{err}");

    let mut joined = "[a]".to_string();
    for _ in 0..40 {
        joined = format!("Join(\"\", {joined}, {joined})");
        if joined.len() > 4000 {
            break;
        }
    }
    let _ = run(&joined, &user); // must finish without exhausting memory
}

#[test]
fn huge_values_are_fine() {
    let big = "ab ".repeat(1_000_000);
    let user = json!({"big": big});
    assert_eq!(
        eval("Count(Split([big], \" \"))", &user),
        ExprValue::Number(1_000_001)
    );
    assert_eq!(
        eval("Left(ToUpper([big]), 5)", &user),
        ExprValue::String("AB AB".into())
    );
    assert_eq!(eval("InStr([big], \"ba\")", &user), ExprValue::Number(0));
}

#[test]
fn date_functions_beyond_the_examples() {
    let empty = json!({});
    let text = |expression: &str| eval(expression, &empty).as_text().unwrap();
    assert_eq!(
        text("DateAdd(\"m\", 1, CDate(\"2012-01-31\"))"),
        "2/29/2012 12:00:00 AM"
    );
    assert_eq!(
        text("DateAdd(\"q\", 1, CDate(\"2012-01-31\"))"),
        "4/30/2012 12:00:00 AM"
    );
    assert_eq!(
        text("DateAdd(\"h\", -1, \"1/1/2021 12:30:00 AM\")"),
        "12/31/2020 11:30:00 PM"
    );
    assert_eq!(text("DateAdd(\"n\", 90, Now())"), "7/2/2021 5:03:38 PM");
    assert_eq!(text("DateAdd(\"S\", \"30\", Now())"), "7/2/2021 3:34:08 PM");
    assert_eq!(text("DateDiff(\"q\", \"2021-03-31\", \"2021-04-01\")"), "1");
    assert_eq!(text("DateDiff(\"w\", \"2021-08-01\", \"2021-08-14\")"), "1");
    assert_eq!(
        text("DateDiff(\"ww\", \"2021-08-07\", \"2021-08-08\")"),
        "1"
    );
    assert_eq!(
        text("DateDiff(\"yyyy\", \"2021-12-31\", \"2022-01-01\")"),
        "1"
    );
    assert_eq!(
        text("DateDiff(\"d\", \"2021-08-24T23:59:00Z\", \"2021-08-25T00:01:00Z\")"),
        "1"
    );
    assert_eq!(text("NumFromDate(\"1601-01-01T00:00:00Z\")"), "0");
    assert_eq!(text("DateFromNum(0)"), "1/1/1601 12:00:00 AM");
    // Date values format directly; Entra's own text form parses back.
    assert_eq!(
        text("FormatDateTime(Now(), , , \"yyyy-MM-ddTHH:mm:ssK\")"),
        "2021-07-02T15:33:38Z"
    );
    assert_eq!(
        text("FormatDateTime(CStr(Now()), , \"M/d/yyyy h:mm:ss tt\", \"o\")"),
        "2021-07-02T15:33:38.0000000Z"
    );
    assert_eq!(text("FormatDateTime(\"  2021-07-02 \", \"AdjustToUniversal, AssumeUniversal\", \"yyyy-MM-dd\", \"dddd d MMMM\")"), "Friday 2 July");
    assert_eq!(
        text("FormatDateTime(\"2021-07-02T23:00:00+02:00\", , \"\", \"yyyy-MM-dd HH:mm\")"),
        "2021-07-02 21:00"
    );
    assert_eq!(
        json_of("CDate(\"2021-07-02\")", &empty),
        json!("7/2/2021 12:00:00 AM")
    );
}

#[test]
fn generators_are_deterministic_per_seed() {
    let empty = scim_mapper::mapping::source::Record::default();
    let parsed = parse("Join(\",\", Guid(), Guid(), RandomString(12, 2, 2, 2, 2))").unwrap();
    let with_seed = |seed| {
        evaluate(
            &parsed,
            &empty,
            &EvalContext {
                now_millis: 0,
                seed,
            },
        )
        .unwrap()
        .as_text()
        .unwrap()
    };
    let first = with_seed(1);
    assert_eq!(first, with_seed(1));
    assert_ne!(first, with_seed(2));
    let parts: Vec<&str> = first.split(',').collect();
    assert_eq!(parts.len(), 3);
    assert_ne!(parts[0], parts[1]);
}

#[test]
fn ignore_only_matters_at_the_top() {
    let user = json!({"a": "", "b": "x"});
    assert_eq!(
        eval("IgnoreFlowIfNullOrEmpty([a])", &user),
        ExprValue::Ignore
    );
    assert_eq!(
        eval("IgnoreFlowIfNullOrEmpty([a])", &user).to_json(),
        Value::Null
    );
    assert_eq!(
        eval("Redact(IgnoreFlowIfNullOrEmpty([a]))", &user),
        ExprValue::Ignore
    );
    assert_eq!(
        json_of("Join(\",\", IgnoreFlowIfNullOrEmpty([a]), [b])", &user),
        json!("x")
    );
    assert_eq!(json_of("IgnoreFlowIfNullOrEmpty([b])", &user), json!("x"));
}

#[test]
fn replace_modes_beyond_the_examples() {
    let user = json!({"upn": "jo.smith@contoso.com", "phone": ""});
    // Regex replacement with numbered groups and $$.
    assert_eq!(
        json_of(
            r#"Replace([upn], , "^(\w+)\.(\w+)@.*$", , "$2, $1 ($$)", , )"#,
            &user
        ),
        json!("smith, jo ($)")
    );
    // Group mode replaces the group in every match.
    assert_eq!(
        json_of(
            r##"Replace("a1 b2 c3", , "[a-z](?<d>\d)", "d", "#", , )"##,
            &user
        ),
        json!("a# b# c#")
    );
    // Fallback mode with no match in the other attribute gives null.
    assert_eq!(
        json_of(r#"Replace([phone], , "(?<d>\d+)", "d", , [upn], )"#, &user),
        Value::Null
    );
    // Template mode replaces every occurrence.
    assert_eq!(
        json_of(r#"Replace("jo", "%u", , , , , "%u/%u")"#, &user),
        json!("jo/jo")
    );
    // Literal mode is case-sensitive and does not treat the pattern as a regex.
    assert_eq!(
        json_of(r#"Replace("A.b.a", "a", , , "x", , )"#, &user),
        json!("A.b.x")
    );
    assert_eq!(
        json_of(r#"Replace("A.b.a", ".", , , "", , )"#, &user),
        json!("Aba")
    );
}

#[test]
fn entra_default_scim_mappings() {
    // Entra's default `active` mapping for SCIM apps.
    let active = r#"Switch([IsSoftDeleted], , "False", "True", "True", "False")"#;
    assert_eq!(
        json_of(active, &json!({"IsSoftDeleted": false})),
        json!("True")
    );
    assert_eq!(
        json_of(active, &json!({"IsSoftDeleted": "True"})),
        json!("False")
    );
    assert_eq!(json_of(active, &json!({})), Value::Null);
    let formatted = r#"Join(" ", [givenName], [surname])"#;
    let user = json!({"givenName": "Zoë", "surname": null});
    assert_eq!(json_of(formatted, &user), json!("Zoë"));
}
