//! Every diagnostic code the mapping engine, validation and preview emit,
//! with its severity and a one-line explanation (`codes.md` is the
//! user-facing copy; a test keeps the two in step). Codes are stable: the
//! UI and scripts key on them.

use crate::error::Severity;

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal, $severity:ident, $about:literal;)+) => {
        $(
            $(#[$doc])*
            #[doc = concat!("`", $code, "`: ", $about)]
            pub const $name: &str = $code;
        )+
        /// `(code, usual severity, explanation)` for every code.
        pub const ALL: &[(&str, Severity, &str)] = &[$(($code, Severity::$severity, $about)),+];
    };
}

codes! {
    CONFIG_UNKNOWN_PROFILE = "config.unknownProfile", Error,
        "target.profile names no built-in profile; the generic RFC 7643 profile is used instead";
    CONFIG_NO_VERIFIED_DOMAINS = "config.noVerifiedDomains", Warning,
        "the target requires email user names but verifiedDomains is empty, so domains cannot be checked";
    MAPPING_TARGET_SYNTAX = "mapping.targetSyntax", Error,
        "the target is not a valid SCIM attribute path";
    MAPPING_UNKNOWN_TARGET = "mapping.unknownTarget", Error,
        "the target schema has no such attribute (the hint names the nearest one)";
    MAPPING_UNSUPPORTED_TARGET = "mapping.unsupportedTarget", Warning,
        "the target application ignores this attribute";
    MAPPING_READ_ONLY_TARGET = "mapping.readOnlyTarget", Error,
        "the attribute is read-only in the target schema; the server sets it";
    MAPPING_DUPLICATE_TARGET = "mapping.duplicateTarget", Error,
        "two mappings write the same target attribute";
    MAPPING_REQUIRED_MISSING = "mapping.requiredMissing", Error,
        "a required target attribute (userName, displayName) has no mapping";
    MAPPING_CONSTANT_TYPE = "mapping.constantType", Error,
        "a constant or default value does not fit the target attribute's type";
    MAPPING_CREATE_ONLY_ALWAYS = "mapping.createOnlyAlways", Warning,
        "the target honours this attribute only on create, but the mapping applies always";
    MAPPING_UNKNOWN_SOURCE = "mapping.unknownSource", Warning,
        "no source record has the attribute a mapping reads";
    EXPR_SYNTAX = "expr.syntax", Error,
        "the expression is malformed";
    EXPR_UNKNOWN_FUNCTION = "expr.unknownFunction", Error,
        "the expression calls a function that does not exist";
    EXPR_ARITY = "expr.arity", Error,
        "a function is given the wrong number of arguments";
    EXPR_INVALID_REGEX = "expr.invalidRegex", Error,
        "a Replace regexPattern does not compile";
    EXPR_RUNTIME = "expr.runtime", Error,
        "the expression failed for this record, so the attribute is left out";
    SCOPING_REGEX = "scoping.regex", Error,
        "a REGEX MATCH scoping clause has an invalid regular expression";
    SCOPING_VALUE_TYPE = "scoping.valueType", Error,
        "a scoping clause's value has the wrong type for its operator";
    SCOPING_MISSING_VALUE = "scoping.missingValue", Error,
        "a scoping clause's operator needs a value";
    SCOPING_UNEXPECTED_VALUE = "scoping.unexpectedValue", Error,
        "a scoping clause's operator takes no value";
    SCOPING_MISSING_ATTRIBUTE = "scoping.missingAttribute", Error,
        "a scoping clause's operator needs a source attribute";
    SCOPING_SCIM_FILTER = "scoping.scimFilter", Error,
        "a scimFilter scoping clause is not a valid RFC 7644 filter";
    MATCHING_MISSING = "matching.missing", Error,
        "no mapping is marked as a matching attribute, so existing accounts cannot be found";
    MATCHING_NOT_FILTERABLE = "matching.notFilterable", Error,
        "the target cannot filter on this matching attribute (Asana: only userName / displayName)";
    MATCHING_DUPLICATE_PRECEDENCE = "matching.duplicatePrecedence", Warning,
        "two matching attributes share one precedence; configuration order decides";
    SCOPE_EMPTY = "scope.empty", Error,
        "no source record is in scope (for users a sync would deprovision everyone; a warning for groups)";
    USER_REQUIRED_EMPTY = "user.requiredEmpty", Error,
        "a required target attribute is empty for this user, so the target would refuse it";
    USER_EMPTY_MATCHING = "user.emptyMatching", Error,
        "every matching attribute is empty for this user, so it cannot be matched";
    USER_VALUE_TYPE = "user.valueType", Error,
        "a mapped value does not fit the target attribute's type, so it is left out";
    USER_MULTIPLE_VALUES = "user.multipleValues", Warning,
        "several values map to a single-valued attribute; only the first is sent";
    USER_NAME_NOT_EMAIL = "user.userNameNotEmail", Error,
        "the target requires userName to be an email address";
    USER_DOMAIN_NOT_VERIFIED = "user.domainNotVerified", Error,
        "userName's domain is not in verifiedDomains; the target refuses it";
    USER_NAME_MISMATCH = "user.nameMismatch", Warning,
        "name.formatted is not givenName + familyName; the target may overwrite one with the other";
    USER_NON_BMP = "user.nonBmp", Warning,
        "a value has characters outside the Basic Multilingual Plane (emoji), which Okta and others reject";
    USER_COUNTRY_CODE = "user.countryCode", Warning,
        "the target expects a two-letter ISO 3166-1 country code";
    USER_DUPLICATE_USER_NAME = "user.duplicateUserName", Error,
        "two in-scope users map to the same userName; the second create would fail with 409";
    GROUP_REQUIRED_EMPTY = "group.requiredEmpty", Error,
        "a required target attribute is empty for this group";
    GROUP_EMPTY_MATCHING = "group.emptyMatching", Error,
        "every matching attribute is empty for this group";
    GROUP_VALUE_TYPE = "group.valueType", Error,
        "a mapped group value does not fit the target attribute's type";
    GROUP_MULTIPLE_VALUES = "group.multipleValues", Warning,
        "several values map to a single-valued group attribute; only the first is sent";
    GROUP_NON_BMP = "group.nonBmp", Warning,
        "a group value has characters outside the Basic Multilingual Plane (emoji)";
    GROUP_DUPLICATE_DISPLAY_NAME = "group.duplicateDisplayName", Error,
        "two in-scope groups map to the same displayName; the second create would fail with 409";
    GROUP_PENDING_MEMBERS = "group.pendingMembers", Info,
        "members whose users have no target id yet; they are added once those users exist";
    GROUP_MEMBER_OUT_OF_SCOPE = "group.memberOutOfScope", Warning,
        "a member's user is out of scope, so it will not be added to the group";
    GROUP_UNKNOWN_MEMBER = "group.unknownMember", Warning,
        "a member id names no user of the source directory";
}

/// The explanation of a code, for the UI's help text.
pub fn explain(code: &str) -> Option<&'static str> {
    ALL.iter()
        .find(|(known, _, _)| *known == code)
        .map(|(_, _, about)| *about)
}

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn codes_md_lists_every_code_with_its_severity() {
        let doc = include_str!("codes.md");
        for (code, severity, _) in ALL {
            let row = format!("| `{code}` | {} |", format!("{severity:?}").to_lowercase());
            assert!(doc.contains(&row), "codes.md lacks {row}");
        }
    }

    #[test]
    fn codes_are_unique_and_dotted_camel_case() {
        let mut seen = std::collections::HashSet::new();
        for (code, _, about) in ALL {
            assert!(seen.insert(*code), "{code} twice");
            let (prefix, name) = code.split_once('.').unwrap_or(("", ""));
            assert!(
                !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_lowercase()),
                "{code}"
            );
            assert!(name.starts_with(|c: char| c.is_ascii_lowercase()), "{code}");
            assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{code}");
            assert!(!about.is_empty());
        }
        assert_eq!(
            super::explain("user.nonBmp").map(|s| s.contains("emoji")),
            Some(true)
        );
    }
}
