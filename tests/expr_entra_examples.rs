//! Every documented example of Microsoft's "Reference for writing
//! expressions for attribute mappings in Microsoft Entra ID", with its
//! documented input and output. Tests are named after the function; date
//! functions are in `expr_entra_examples_dates.rs`, Replace in
//! `expr_entra_examples_replace.rs`. Where the documentation is ambiguous or
//! wrong, the comment says what was decided.

mod expr_support;

use expr_support::{eval, eval_with, text};
use scim_mapper::mapping::expr::{EvalContext, ExprValue};
use serde_json::json;

#[test]
fn syntax_string_escapes() {
    assert_eq!(
        text(
            r#"Append("Company name: \"Contoso\"", " \\ ok")"#,
            json!({})
        ),
        r#"Company name: "Contoso" \ ok"#
    );
}

#[test]
fn append() {
    let user = json!({"userPrincipalName": "John.Doe@contoso.com"});
    assert_eq!(
        text(r#"Append([userPrincipalName], ".test")"#, user),
        "John.Doe@contoso.com.test"
    );
}

#[test]
fn bit_and() {
    // The doc's prose says "11110111 AND 00000111"; &HF is 00001111, and
    // either way the documented result is 7.
    assert_eq!(eval("BitAnd(&HF, &HF7)", json!({})), ExprValue::Number(7));
}

#[test]
fn cbool() {
    let same = json!({"attribute1": "x", "attribute2": "x"});
    let different = json!({"attribute1": "x", "attribute2": "y"});
    assert_eq!(text("CBool([attribute1] = [attribute2])", same), "True");
    assert_eq!(
        text("CBool([attribute1] = [attribute2])", different),
        "False"
    );
}

#[test]
fn coalesce() {
    let user = json!({"mail": null, "userPrincipalName": "John.Doe@contoso.com"});
    assert_eq!(
        text("Coalesce([mail],[userPrincipalName])", user),
        "John.Doe@contoso.com"
    );
}

#[test]
fn convert_to_base64() {
    assert_eq!(
        text(r#"ConvertToBase64("Hello world!")"#, json!({})),
        "SABlAGwAbABvACAAdwBvAHIAbABkACEA"
    );
}

#[test]
fn convert_to_utf8_hex() {
    assert_eq!(
        text(r#"ConvertToUTF8Hex("Hello world!")"#, json!({})),
        "48656C6C6F20776F726C6421"
    );
}

#[test]
fn cstr() {
    let user = json!({"dn": "cn=Joe,dc=contoso,dc=com"});
    assert_eq!(text("CStr([dn])", user), "cn=Joe,dc=contoso,dc=com");
}

#[test]
fn guid() {
    // Sample output "00aa00aa-bb11-cc22-dd33-44ee44ee44ee": same shape.
    let value = text("Guid()", json!({}));
    let groups: Vec<usize> = value.split('-').map(str::len).collect();
    assert_eq!(groups, vec![8, 4, 4, 4, 12]);
    assert!(value
        .chars()
        .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)));
}

#[test]
fn ignore_flow_if_null_or_empty() {
    let expression = "IgnoreFlowIfNullOrEmpty([department])";
    assert_eq!(eval(expression, json!({})), ExprValue::Ignore);
    assert_eq!(
        eval(expression, json!({"department": ""})),
        ExprValue::Ignore
    );
    assert_eq!(text(expression, json!({"department": "Sales"})), "Sales");

    let prefix = r#"IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))"#;
    assert_eq!(eval(prefix, json!({"prefix": "9999"})), ExprValue::Ignore);
    assert_eq!(text(prefix, json!({"prefix": "3445"})), "Prof. Dr.");
}

#[test]
fn iif() {
    let expression = r#"IIF([country]="USA",[country],[department])"#;
    assert_eq!(
        text(expression, json!({"country": "USA", "department": "Sales"})),
        "USA"
    );
    assert_eq!(
        text(expression, json!({"country": "NZ", "department": "Sales"})),
        "Sales"
    );
}

#[test]
fn iif_and_or_workarounds() {
    let and = r#"IIF([country]="USA",IIF([state]="CA","True","False"),"False")"#;
    let or = r#"IIF([country]="USA","True",IIF([state]="CA","True","False"))"#;
    let cases = [
        ("USA", "CA", "True", "True"),
        ("USA", "WA", "False", "True"),
        ("MX", "CA", "False", "True"),
        ("MX", "WA", "False", "False"),
    ];
    for (country, state, and_result, or_result) in cases {
        let user = json!({"country": country, "state": state});
        assert_eq!(text(and, user.clone()), and_result);
        assert_eq!(text(or, user), or_result);
    }
}

#[test]
fn iif_null_condition_and_switch_workaround() {
    // Documented as unsupported in Entra ("the condition check fails"): a
    // comparison with a null attribute is False here, so the false branch runs.
    assert_eq!(
        eval(r#"IIF([country]="","Other",[country])"#, json!({})),
        ExprValue::Null
    );
    // The recommended workaround gives "Other" for missing or empty.
    let workaround = r#"Switch([country],[country],"","Other")"#;
    assert_eq!(text(workaround, json!({})), "Other");
    assert_eq!(text(workaround, json!({"country": ""})), "Other");
    assert_eq!(text(workaround, json!({"country": "NZ"})), "NZ");
}

#[test]
fn in_str() {
    assert_eq!(
        eval(r#"InStr("The quick brown fox","quick")"#, json!({})),
        ExprValue::Number(5)
    );
    assert_eq!(
        eval(r#"InStr("repEated","e",3,vbBinaryCompare)"#, json!({})),
        ExprValue::Number(7)
    );
}

#[test]
fn is_null() {
    assert_eq!(text("IsNull([displayName])", json!({})), "True");
    assert_eq!(
        text("IsNull([displayName])", json!({"displayName": ""})),
        "False"
    );
}

#[test]
fn is_null_or_empty() {
    let expression = "IsNullOrEmpty([displayName])";
    assert_eq!(text(expression, json!({})), "True");
    assert_eq!(text(expression, json!({"displayName": ""})), "True");
    assert_eq!(text(expression, json!({"displayName": "Jo"})), "False");
}

#[test]
fn is_present() {
    // Microsoft's example, evaluated literally: Switch compares the source
    // (IsPresent of directManager) with each key (IsPresent of the others).
    let expression = "Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),[skiplevelManager], IsPresent([director]),[director])";
    let only_direct = json!({"directManager": "m1"});
    assert_eq!(text(expression, only_direct), "m1");
    let none_but_director = json!({"director": "d1"});
    // Source "False" matches the first key "False" (skiplevelManager absent).
    assert_eq!(eval(expression, none_but_director), ExprValue::Null);
    assert_eq!(text("IsPresent([x])", json!({"x": "a"})), "True");
    assert_eq!(text("IsPresent([x])", json!({"x": ""})), "False");
}

#[test]
fn item() {
    let user = json!({"proxyAddresses": ["SMTP:a@contoso.com", "smtp:b@contoso.com"]});
    assert_eq!(
        text("Item([proxyAddresses], 1)", user.clone()),
        "SMTP:a@contoso.com"
    );
    // "Index 0 shouldn't be used": it gives null.
    assert_eq!(eval("Item([proxyAddresses], 0)", user), ExprValue::Null);
}

#[test]
fn join() {
    let user = json!({"givenName": "John", "surname": "Doe"});
    assert_eq!(
        text(r#"Join(", ", "", [surname], [givenName])"#, user),
        "Doe, John"
    );
    // "If one of the source values is a multi-value attribute, then every
    // value in that attribute is joined together".
    let multi = json!({"roles": ["a", "b"], "extra": "c"});
    assert_eq!(text(r#"Join(";", [roles], [extra])"#, multi), "a;b;c");
}

#[test]
fn left() {
    assert_eq!(text(r#"Left("John Doe", 3)"#, json!({})), "Joh");
}

#[test]
fn mid() {
    let user = json!({"givenName": "John", "surname": "Doe"});
    assert_eq!(
        text("Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))", user),
        "JohDoe"
    );
}

#[test]
fn normalize_diacritics() {
    assert_eq!(
        text(
            "NormalizeDiacritics([givenName])",
            json!({"givenName": "Zoë"})
        ),
        "Zoe"
    );
}

#[test]
fn not() {
    assert_eq!(text(r#"Not("True")"#, json!({})), "False");
    assert_eq!(text(r#"Not("False")"#, json!({})), "True");
}

#[test]
fn pcase() {
    assert_eq!(
        text(
            "PCase([firstName])",
            json!({"firstName": "PABLO GONSALVES (SECOND)"})
        ),
        "Pablo Gonsalves (Second)"
    );
    assert_eq!(
        text(
            r#"PCase([lastName]," '-")"#,
            json!({"lastName": "PINTO-DE'SILVA"})
        ),
        "Pinto-De'Silva"
    );
    assert_eq!(
        text(
            r#"PCase(Join(" ",[firstName],[lastName]))"#,
            json!({"firstName": "GREGORY", "lastName": "JAMES"})
        ),
        "Gregory James"
    );
}

#[test]
fn random_string() {
    // "3 numbers and 3 lower case characters (1a73qt)".
    let value = text("RandomString(6,3,0,0,3)", json!({}));
    assert_eq!(value.chars().count(), 6);
    assert_eq!(value.chars().filter(char::is_ascii_digit).count(), 3);
    assert_eq!(value.chars().filter(char::is_ascii_lowercase).count(), 3);

    // "at least 2 numbers, 2 special characters, 2 capital letters, 1 lower
    // case letter and excludes the characters "?" and ","".
    for seed in 0..50 {
        let ctx = EvalContext {
            now_millis: 0,
            seed,
        };
        let value = eval_with(r#"RandomString(10,2,2,2,1,"?,")"#, json!({}), ctx)
            .as_text()
            .unwrap();
        assert_eq!(value.chars().count(), 10);
        assert!(value.chars().filter(char::is_ascii_digit).count() >= 2);
        assert!(value.chars().filter(|c| c.is_ascii_punctuation()).count() >= 2);
        assert!(value.chars().filter(char::is_ascii_uppercase).count() >= 2);
        assert!(value.chars().filter(char::is_ascii_lowercase).count() >= 1);
        assert!(!value.contains('?') && !value.contains(','), "{value}");
    }
}

#[test]
fn redact() {
    let user = json!({"userPrincipalName": "jo@contoso.com"});
    assert_eq!(text("Redact([userPrincipalName])", user), "jo@contoso.com");
    assert_eq!(
        text(r#"Redact("StringToBeRedacted")"#, json!({})),
        "StringToBeRedacted"
    );
    assert_eq!(text("Redact(RandomString(6,3,0,0,3))", json!({})).len(), 6);
}

#[test]
fn remove_duplicates() {
    let user = json!({"proxyAddresses": ["smtp:a@x.com", "smtp:b@x.com", "smtp:a@x.com"]});
    assert_eq!(
        eval("RemoveDuplicates([proxyAddresses])", user).to_json(),
        json!(["smtp:a@x.com", "smtp:b@x.com"])
    );
}

#[test]
fn split() {
    // The documented output has no leading space on the second element, so
    // Split trims each piece.
    let user = json!({"extensionAttribute5": "PermissionSetOne, PermissionSetTwo"});
    assert_eq!(
        eval(r#"Split([extensionAttribute5], ",")"#, user).to_json(),
        json!(["PermissionSetOne", "PermissionSetTwo"])
    );
}

#[test]
fn strip_spaces() {
    assert_eq!(
        text("StripSpaces([name])", json!({"name": " Mary Ann  Lee "})),
        "MaryAnnLee"
    );
}

#[test]
fn switch() {
    let expression = r#"Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")"#;
    assert_eq!(
        text(expression, json!({"state": "QLD"})),
        "Australia/Brisbane"
    );
    assert_eq!(
        text(expression, json!({"state": "VIC"})),
        "Australia/Sydney"
    );
}

#[test]
fn switch_case_insensitive_via_to_lower() {
    let expression = r#"Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")"#;
    for flag in ["True", "true", "TRUE"] {
        assert_eq!(text(expression, json!({"statusFlag": flag})), "1");
    }
    // A JSON boolean enters as True/False text too.
    assert_eq!(text(expression, json!({"statusFlag": true})), "1");
    assert_eq!(text(expression, json!({"statusFlag": false})), "0");
}

#[test]
fn switch_empty_key_for_missing_values() {
    let expression = r#"Switch([statusFlag], "Default Value", "true", "1", "", "0")"#;
    assert_eq!(text(expression, json!({"statusFlag": ""})), "0");
    assert_eq!(text(expression, json!({})), "0");
    assert_eq!(text(expression, json!({"statusFlag": "true"})), "1");
    assert_eq!(
        text(expression, json!({"statusFlag": "x"})),
        "Default Value"
    );
}

#[test]
fn switch_resolution_with_iif() {
    let switch = r#"Switch([companyName], "External", "Company A", "A", "Company B", "B")"#;
    let iif = r#"IIF([companyName] = "Company A", "A", IIF([companyName] = "Company B", "B", "External"))"#;
    for (company, expected) in [
        ("Company A", "A"),
        ("Company B", "B"),
        ("Other", "External"),
    ] {
        let user = json!({"companyName": company});
        assert_eq!(text(switch, user.clone()), expected);
        assert_eq!(text(iif, user), expected);
    }
}

#[test]
fn to_lower() {
    let expression = r#"ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))"#;
    let user = json!({"PreferredFirstName": "John", "PreferredLastName": "Smith"});
    assert_eq!(text(expression, user), "john.smith@contoso.com");
}

#[test]
fn select_unique_value_rules_evaluate_individually() {
    // SelectUniqueValue needs the live directory; its rules are plain
    // expressions and give the documented candidates.
    let user = json!({"PreferredFirstName": "John", "PreferredLastName": "Smith"});
    let rules = [
        (
            r#"Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com")"#,
            "John.Smith@contoso.com",
        ),
        (
            r#"Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com")"#,
            "J.Smith@contoso.com",
        ),
        (
            r#"Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com")"#,
            "Jo.Smith@contoso.com",
        ),
    ];
    for (rule, expected) in rules {
        assert_eq!(text(rule, user.clone()), expected);
    }
}

#[test]
fn to_upper() {
    assert_eq!(text(r#"ToUpper("john.smith")"#, json!({})), "JOHN.SMITH");
}

#[test]
fn word() {
    assert_eq!(
        text(r#"Word("The quick brown fox",3," ")"#, json!({})),
        "brown"
    );
    assert_eq!(
        text(
            r#"Word("This,string!has&many separators",3,",!&#")"#,
            json!({})
        ),
        "has"
    );
}
