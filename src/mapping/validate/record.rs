//! Checks of one mapped record: what the target would refuse or garble.

use super::config::CompiledKind;
use super::{codes, diagnostic};
use crate::error::{Diagnostic, Severity};
use crate::mapping::config::Config;
use crate::mapping::engine::{MatchKey, ResourceKind, Rule, Target, View};
use crate::mapping::source::{lookup_hinted, NameHint, Record};
use crate::scim::path::AttrPath;
use serde_json::Value;

/// What the per-record checks need besides the record.
pub(crate) struct RecordContext<'a> {
    pub config: &'a Config,
    pub target: &'a Target,
    pub compiled: &'a CompiledKind,
}

/// The diagnostics of one in-scope record mapped for create (its resource
/// and matching key), appended to the engine's own.
pub(crate) fn check_record(
    context: &RecordContext,
    record: &Record,
    record_path: &str,
    (resource, matching): (View, Option<&MatchKey>),
    out: &mut Vec<Diagnostic>,
) {
    let kind = context.compiled.mapping.kind();
    let rules = context.compiled.mapping.rules();
    for (attribute, rule) in &context.compiled.required {
        let Some(rule) = rule.and_then(|index| rules.get(index)) else {
            continue;
        };
        if rule.broken || has_top_level(resource, attribute) {
            continue;
        }
        out.push(diagnostic(
            kind.code(codes::USER_REQUIRED_EMPTY, codes::GROUP_REQUIRED_EMPTY),
            source_path(record_path, rule),
            format!(
                "`{attribute}` is required by {} and is empty for this {}",
                context.target.profile.label,
                kind.noun()
            ),
            Some(format!(
                "give the {} a value for {}, or add a default",
                kind.noun(),
                describe_source(rule)
            )),
        ));
    }
    if matching.is_none() {
        if let Some(first) = context.compiled.mapping.matching_rules().next() {
            out.push(diagnostic(
                kind.code(codes::USER_EMPTY_MATCHING, codes::GROUP_EMPTY_MATCHING),
                source_path(record_path, first),
                format!(
                    "every matching attribute is empty for this {}, so it cannot be matched to an existing account",
                    kind.noun()
                ),
                Some(format!("give it a value for {}", describe_source(first))),
            ));
        }
    }
    if kind == ResourceKind::User {
        check_user_name(context, record_path, resource, out);
        let hints = &context.compiled.name_hints;
        check_name(record, record_path, resource, (rules, hints), out);
    }
}

/// Whether a mapped resource has a value for a top-level attribute (read
/// with the exact names the engine wrote, no path evaluation).
fn has_top_level(resource: View, attribute: &AttrPath) -> bool {
    let container = match &attribute.uri {
        None => Some(resource),
        Some(urn) => resource.get(urn),
    };
    container
        .and_then(|c| c.get(&attribute.attribute))
        .is_some_and(|value| !value.is_empty())
}

fn source_path(record_path: &str, rule: &Rule) -> String {
    crate::mapping::engine::record_attribute_path(record_path, rule.source_attribute.as_deref())
}

fn describe_source(rule: &Rule) -> String {
    match &rule.source_attribute {
        Some(attribute) => format!("`{attribute}`"),
        None => format!("`{}`", rule.target),
    }
}

/// userName must be an email (when the profile says so) in a verified domain.
fn check_user_name(
    context: &RecordContext,
    record_path: &str,
    resource: View,
    out: &mut Vec<Diagnostic>,
) {
    let Some(user_name) = resource.get("userName").and_then(View::as_str) else {
        return;
    };
    // Built only for a finding: most user names are fine.
    let at = || {
        context.compiled.mapping.rule_for("userName").map_or_else(
            || record_path.to_string(),
            |rule| source_path(record_path, rule),
        )
    };
    let profile = &context.target.profile;
    let Some(domain) = email_domain(user_name) else {
        if profile.user_name_must_be_email {
            out.push(diagnostic(
                codes::USER_NAME_NOT_EMAIL,
                at(),
                format!(
                    "{} requires userName to be an email address, found `{}`",
                    profile.label,
                    crate::mapping::config::describe::quote(user_name)
                ),
                Some("map an email attribute such as mail or userPrincipalName".to_string()),
            ));
        }
        return;
    };
    let verified = &context.config.verified_domains;
    if verified.is_empty() || verified.iter().any(|v| v.eq_ignore_ascii_case(domain)) {
        return;
    }
    let mut found = diagnostic(
        codes::USER_DOMAIN_NOT_VERIFIED,
        at(),
        format!(
            "userName `{}` is in `{domain}`, which is not a verified domain ({})",
            crate::mapping::config::describe::quote(user_name),
            verified.join(", ")
        ),
        Some(format!(
            "add `{domain}` to verifiedDomains if the organization owns it, or scope this user out"
        )),
    );
    if !profile.user_name_must_be_email {
        // Only suspicious for targets that do not enforce domains themselves.
        found.severity = Severity::Warning;
    }
    out.push(found);
}

/// The domain of a plausible email address (`local@domain.tld`).
fn email_domain(text: &str) -> Option<&str> {
    let (local, domain) = text.split_once('@')?;
    let plausible = !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !has_whitespace(text);
    plausible.then_some(domain)
}

/// `char::is_whitespace` of any character, byte-wise for ASCII text (most
/// user names): it runs for every user.
fn has_whitespace(text: &str) -> bool {
    if text.is_ascii() {
        // ASCII's whitespace for `char::is_whitespace`, vertical tab included.
        text.bytes().any(|b| b.is_ascii_whitespace() || b == 0x0B)
    } else {
        text.chars().any(char::is_whitespace)
    }
}

/// The source attributes a family name is read from, in order, when the
/// mapping gives none.
const FAMILY_NAMES: [&str; 4] = ["surname", "familyName", "sn", "lastName"];

/// Where [`check_name`]'s source attributes were in the last record.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameHints {
    given: NameHint,
    family: [NameHint; 4],
}

/// name.formatted must read as given + family name (seed: Asana derives
/// the parts from the formatted name and overwrites them on mismatch).
fn check_name<'r>(
    record: &'r Record,
    record_path: &str,
    resource: View<'r>,
    (rules, hints): (&[Rule], &NameHints),
    out: &mut Vec<Diagnostic>,
) {
    let name = resource.get("name");
    let Some(formatted) = name.and_then(|n| n.get("formatted")).and_then(View::as_str) else {
        return;
    };
    // Borrowed, not copied: this runs for every user.
    let text = |value: Option<&'r Value>| value.and_then(Value::as_str);
    let mapped_parts = (
        name.and_then(|n| n.get("givenName")).and_then(View::as_str),
        name.and_then(|n| n.get("familyName"))
            .and_then(View::as_str),
    );
    let (given, family) = match mapped_parts {
        (Some(given), Some(family)) => (given, family),
        _ => {
            let given = text(lookup_hinted(record, "givenName", &hints.given));
            let family = (FAMILY_NAMES.iter().zip(&hints.family))
                .find_map(|(attribute, hint)| text(lookup_hinted(record, attribute, hint)));
            match (given, family) {
                (Some(given), Some(family)) => (given, family),
                _ => return,
            }
        }
    };
    let matches =
        |first: &str, second: &str| same_words(words(formatted), words(first).chain(words(second)));
    if is_joined(formatted, given, family) {
        // What `Join(" ", [givenName], [surname])` makes: the words match.
        return;
    }
    if given.trim().is_empty()
        || family.trim().is_empty()
        || matches(given, family)
        || matches(family, given)
    {
        return;
    }
    let rule = rules
        .iter()
        .find(|rule| !rule.broken && rule.path_text.eq_ignore_ascii_case("name.formatted"));
    let at = rule.map_or_else(
        || record_path.to_string(),
        |rule| source_path(record_path, rule),
    );
    out.push(diagnostic(
        codes::USER_NAME_MISMATCH,
        at,
        format!(
            "name.formatted `{}` does not match given name `{given}` + family name `{family}`; the target may overwrite one with the other",
            crate::mapping::config::describe::quote(formatted)
        ),
        Some("map name.formatted as Join(\" \", [givenName], [surname])".to_string()),
    ));
}

/// Whether `text` is `first second` (ASCII letters in any case), checked
/// without splitting into words. Implies [`same_words`] of the two, since
/// the space separates words and case folding moves no separator.
fn is_joined(text: &str, first: &str, second: &str) -> bool {
    text.len() == first.len() + 1 + second.len()
        && text
            .get(..first.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(first))
        && text.as_bytes().get(first.len()) == Some(&b' ')
        && text
            .get(first.len() + 1..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(second))
}

/// The words of a name: split at white space and commas ("Doe, Jane").
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|word| !word.is_empty())
}

/// Whether two word sequences are equal ignoring case, without allocating.
fn same_words<'a, 'b>(
    mut left: impl Iterator<Item = &'a str>,
    mut right: impl Iterator<Item = &'b str>,
) -> bool {
    loop {
        match (left.next(), right.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) => {
                let equal = a.eq_ignore_ascii_case(b)
                    || a.chars()
                        .flat_map(char::to_lowercase)
                        .eq(b.chars().flat_map(char::to_lowercase));
                if !equal {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{email_domain, has_whitespace, is_joined, same_words, words};

    #[test]
    fn a_joined_name_is_recognised_without_splitting() {
        assert!(is_joined("Ava Smith", "ava", "SMITH"));
        assert!(is_joined("Zoë Brontë", "Zoë", "Brontë"));
        assert!(!is_joined("Ava  Smith", "Ava", "Smith"));
        assert!(!is_joined("Ava Smyth", "Ava", "Smith"));
        assert!(!is_joined("AvaXSmith", "Ava", "Smith"));
        assert!(!is_joined("Zoë", "Z", "ë"));
    }

    #[test]
    fn names_compare_by_words_ignoring_case_and_commas() {
        assert!(same_words(words("Ava  Smith"), words("ava smith")));
        assert!(same_words(
            words("Smith, Ava"),
            words("Smith").chain(words("Ava"))
        ));
        assert!(same_words(words("ZOË Brontë"), words("Zoë brontë")));
        assert!(!same_words(words("Ava Smith"), words("Ava")));
        assert!(!same_words(words("Ava 🚀 Smith"), words("Ava Smith")));
    }

    #[test]
    fn email_domains_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(email_domain("ava@example.com"), Some("example.com"));
        assert_eq!(email_domain("ava"), None);
        assert_eq!(email_domain("@example.com"), None);
        assert_eq!(email_domain("ava@localhost"), None);
        assert_eq!(email_domain("a b@example.com"), None);
        assert_eq!(email_domain("a@b@example.com"), None);
    }

    #[test]
    fn whitespace_is_chars_whitespace_for_ascii_and_beyond() {
        for c in (0u32..0x3100).filter_map(char::from_u32) {
            let text = format!("ava{c}@example.com");
            assert_eq!(
                has_whitespace(&text),
                c.is_whitespace(),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(email_domain("ava\u{2003}x@example.com"), None);
        assert_eq!(email_domain("ava\u{b}x@example.com"), None);
    }
}
