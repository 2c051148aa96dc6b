//! Every diagnostic code has a scenario that triggers it and a near miss
//! that does not. Each scenario starts from a clean Asana configuration and
//! directory (which itself has no error or warning) and changes one thing.

use scim_mapper::error::{Diagnostic, Severity};
use scim_mapper::mapping::config;
use scim_mapper::mapping::validate::{self, codes};
use serde_json::json;

mod cases;

use cases::*;

fn scenario(change: Change) -> Vec<Diagnostic> {
    let (mut config, mut directory) = base();
    change(&mut config, &mut directory);
    run(&config, &directory)
}

#[test]
fn the_base_scenario_is_clean() {
    let (config, directory) = base();
    let found = run(&config, &directory);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_code_is_triggered_by_its_scenario_with_its_severity() {
    for (code, trigger, _) in CASES {
        let found = scenario(*trigger);
        let hit = found.iter().find(|d| d.code == *code);
        let hit = hit.unwrap_or_else(|| panic!("{code} not triggered; got {found:#?}"));
        let expected = codes::ALL
            .iter()
            .find(|(c, _, _)| c == code)
            .map(|(_, s, _)| *s);
        assert_eq!(Some(hit.severity), expected, "{code}: {hit:?}");
        assert!(hit.path.starts_with("$."), "{code}: {hit:?}");
        assert!(!hit.message.is_empty());
    }
}

#[test]
fn no_code_is_triggered_by_its_near_miss() {
    for (code, _, near_miss) in CASES {
        let found = scenario(*near_miss);
        assert!(
            found.iter().all(|d| d.code != *code),
            "{code} triggered by its near miss: {found:#?}"
        );
    }
}

#[test]
fn every_documented_code_has_a_case() {
    for (code, _, _) in codes::ALL {
        assert!(
            CASES.iter().any(|(c, _, _)| c == code),
            "no test case for {code}"
        );
    }
}

#[test]
fn findings_point_at_the_config_or_the_record_attribute() {
    let paths = |change: Change, code: &str| -> Vec<String> {
        scenario(change)
            .into_iter()
            .filter(|d| d.code == code)
            .map(|d| d.path)
            .collect()
    };
    assert_eq!(
        paths(
            |c, _| add_user_mapping(c, direct("titel", "jobTitle")),
            codes::MAPPING_UNKNOWN_TARGET
        ),
        vec!["$.users.mappings[6].target"]
    );
    assert_eq!(
        paths(
            |_, d| user(d, 1)["userPrincipalName"] = json!("liam@other.org"),
            codes::USER_DOMAIN_NOT_VERIFIED
        ),
        vec!["$.users[1].userPrincipalName"]
    );
    assert_eq!(
        paths(
            |_, d| user(d, 1)["userPrincipalName"] = json!("ava.smith@example.com"),
            codes::USER_DUPLICATE_USER_NAME
        ),
        vec!["$.users[1].userPrincipalName"]
    );
    assert_eq!(
        paths(
            |_, d| group(d)["members"] = json!(["u9"]),
            codes::GROUP_UNKNOWN_MEMBER
        ),
        vec!["$.groups[0].members"]
    );
}

#[test]
fn domain_findings_are_warnings_for_targets_that_do_not_require_emails() {
    let found = scenario(|c, d| {
        c["target"]["profile"] = json!("generic");
        user(d, 0)["userPrincipalName"] = json!("ava@partner.example.net");
    });
    let hit = found
        .iter()
        .find(|d| d.code == codes::USER_DOMAIN_NOT_VERIFIED)
        .unwrap();
    assert_eq!(hit.severity, Severity::Warning);
    assert!(found.iter().all(|d| d.code != codes::USER_NAME_NOT_EMAIL));
}

#[test]
fn validate_config_alone_reports_only_configuration_findings() {
    let (mut config, _) = base();
    add_user_mapping(&mut config, direct("titel", "jobTitel"));
    let config = config::load(&config.to_string()).unwrap();
    let found = validate::validate_config_for_profile(&config);
    let codes: Vec<&str> = found.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec![codes::MAPPING_UNKNOWN_TARGET]);
    assert_eq!(found[0].hint.as_deref(), Some("did you mean `title`?"));
    assert!(validate::has_errors(&found));
}
