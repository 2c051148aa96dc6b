//! One line and one runnable example per function, for the expression
//! editor's reference. The examples read attributes the sample directory has,
//! and a test runs every one of them against it.

/// A function's purpose and an example expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionExample {
    pub name: &'static str,
    pub summary: &'static str,
    pub example: &'static str,
}

const fn ex(name: &'static str, summary: &'static str, example: &'static str) -> FunctionExample {
    FunctionExample {
        name,
        summary,
        example,
    }
}

pub static EXAMPLES: &[FunctionExample] = &[
    ex(
        "Append",
        "Adds a suffix to a value.",
        r#"Append([mailNickname], "@contoso.com")"#,
    ),
    ex(
        "BitAnd",
        "Bitwise AND of two numbers (&H hex literals allowed).",
        r#"BitAnd(&HF, 6)"#,
    ),
    ex(
        "CBool",
        "True when the expression is true, else False.",
        r#"CBool([accountEnabled])"#,
    ),
    ex(
        "CDate",
        "Parses text into a date (UTC).",
        r#"CDate([employeeHireDate])"#,
    ),
    ex(
        "Coalesce",
        "The first value that is not null.",
        r#"Coalesce([mail], [userPrincipalName])"#,
    ),
    ex(
        "ConvertToBase64",
        "Base64 of the UTF-16LE text, as Entra does.",
        r#"ConvertToBase64([mailNickname])"#,
    ),
    ex(
        "ConvertToUTF8Hex",
        "Hex of the UTF-8 bytes.",
        r#"ConvertToUTF8Hex([givenName])"#,
    ),
    ex(
        "Count",
        "How many values a multi-valued attribute has.",
        r#"Count(Split([displayName], " "))"#,
    ),
    ex("CStr", "The value as text.", r#"CStr([accountEnabled])"#),
    ex(
        "DateAdd",
        "Adds an interval (yyyy, m, d, h, n, s…) to a date.",
        r#"DateAdd("d", 7, CDate([employeeHireDate]))"#,
    ),
    ex(
        "DateDiff",
        "Interval boundaries between two dates.",
        r#"DateDiff("yyyy", CDate([employeeHireDate]), Now())"#,
    ),
    ex(
        "DateFromNum",
        "A date from an Active Directory number (FILETIME).",
        r#"DateFromNum(129699324000000000)"#,
    ),
    ex(
        "FormatDateTime",
        "Reformats a date string with .NET format strings.",
        r#"FormatDateTime([employeeHireDate], , "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-dd")"#,
    ),
    ex("Guid", "A new random GUID.", r#"Guid()"#),
    ex(
        "IgnoreFlowIfNullOrEmpty",
        "Leaves the attribute out when the value is null or empty.",
        r#"IgnoreFlowIfNullOrEmpty([mail])"#,
    ),
    ex(
        "IIF",
        "One value or another depending on a condition (= <> > >= < <=).",
        r#"IIF([country]="US", "United States", [country])"#,
    ),
    ex(
        "InStr",
        "Position of a substring (1-based), 0 when absent.",
        r#"InStr([userPrincipalName], "@", , )"#,
    ),
    ex(
        "IsNull",
        "True when the value is null.",
        r#"IsNull([mail])"#,
    ),
    ex(
        "IsNullOrEmpty",
        "True when the value is null or empty.",
        r#"IsNullOrEmpty([mail])"#,
    ),
    ex(
        "IsPresent",
        "True when the value is neither null nor empty.",
        r#"IsPresent([mail])"#,
    ),
    ex(
        "IsString",
        "True when the value can be read as text.",
        r#"IsString([department])"#,
    ),
    ex(
        "Item",
        "One value of a multi-valued attribute (1-based).",
        r#"Item(Split([displayName], " "), 1)"#,
    ),
    ex(
        "Join",
        "Joins values with a separator, skipping empty ones.",
        r#"Join(" ", [givenName], [surname])"#,
    ),
    ex("Left", "The first N characters.", r#"Left([givenName], 1)"#),
    ex(
        "Mid",
        "N characters from a 1-based start.",
        r#"Mid([employeeId], 2, 5)"#,
    ),
    ex(
        "NormalizeDiacritics",
        "Replaces letters with diacritics by plain ones.",
        r#"NormalizeDiacritics([displayName])"#,
    ),
    ex(
        "Not",
        "The opposite of a boolean.",
        r#"Not([accountDisabled])"#,
    ),
    ex("Now", "The current time (UTC).", r#"Now()"#),
    ex(
        "NumFromDate",
        "A date as an Active Directory number (FILETIME).",
        r#"NumFromDate(CDate([employeeHireDate]))"#,
    ),
    ex(
        "PCase",
        "Capitalises the first letter of each word.",
        r#"PCase(ToLower([jobTitle]))"#,
    ),
    ex(
        "RandomString",
        "A random string with required character counts.",
        r#"RandomString(8, 2, 2, 2, 1, "")"#,
    ),
    ex(
        "Redact",
        "Hides a value (e.g. in logs): always [Redact].",
        r#"Redact([telephoneNumber])"#,
    ),
    ex(
        "RemoveDuplicates",
        "Drops repeated values of a multi-valued attribute.",
        r#"RemoveDuplicates(Split("a,b,a", ","))"#,
    ),
    ex(
        "Replace",
        "Replaces text, literally or with a regular expression.",
        r#"Replace([userPrincipalName], , "@.*$", , "@contoso.com", , )"#,
    ),
    ex(
        "Split",
        "Splits text into a multi-valued attribute.",
        r#"Split([displayName], " ")"#,
    ),
    ex(
        "StripSpaces",
        "Removes every space.",
        r#"StripSpaces([telephoneNumber])"#,
    ),
    ex(
        "Switch",
        "Maps one value to another, with a default.",
        r#"Switch([country], "Other", "US", "Americas", "GB", "Europe", "DE", "Europe")"#,
    ),
    ex(
        "ToLower",
        "Lower case (culture optional).",
        r#"ToLower([userPrincipalName])"#,
    ),
    ex(
        "ToUpper",
        "Upper case (culture optional).",
        r#"ToUpper([country])"#,
    ),
    ex(
        "Word",
        "The Nth word, by delimiters.",
        r#"Word([displayName], 1, " ")"#,
    ),
];

/// The example for a function name, if there is one.
pub fn example_for(name: &str) -> Option<&'static FunctionExample> {
    EXAMPLES.iter().find(|e| e.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::expr::{evaluate_text, EvalContext, FUNCTIONS};

    #[test]
    fn every_function_has_an_example_that_runs_on_the_sample() {
        let directory = crate::sample::directory(3);
        let user = &directory["users"][0];
        let ctx = EvalContext {
            now_millis: 1_790_000_000_000,
            seed: 7,
        };
        for spec in FUNCTIONS {
            let example =
                example_for(spec.name).unwrap_or_else(|| panic!("no example for {}", spec.name));
            assert!(
                example.example.contains(&format!("{}(", spec.name)),
                "{}",
                example.example
            );
            let value = evaluate_text(example.example, user, &ctx)
                .unwrap_or_else(|e| panic!("{}: {} failed: {e}", spec.name, example.example));
            assert!(
                !value.is_null() || spec.name == "IgnoreFlowIfNullOrEmpty",
                "{}: null",
                spec.name
            );
        }
        assert_eq!(
            EXAMPLES.len(),
            FUNCTIONS.len(),
            "no example for a function that does not exist"
        );
    }
}
