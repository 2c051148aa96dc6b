//! Scoping filters as a whole: AND inside a filter, OR across filters, what
//! decided, and compile-time errors with their JSON paths.

mod support;

use scim_mapper::error::Error;
use scim_mapper::mapping::config::{self, Clause, Operator, ScopingGroup};
use scim_mapper::mapping::scoping::{self, FailedClause, ScopeDecision};
use scim_mapper::mapping::source::{self, Directory, Record};
use serde_json::{json, Value};
use support::fixture;

fn record(value: Value) -> Record {
    Record::from_object(value).unwrap_or_default()
}

fn attribute(attribute: &str, operator: Operator, value: Option<Value>) -> Clause {
    Clause::Attribute {
        attribute: attribute.into(),
        operator,
        value,
    }
}

fn contract_scoping() -> Vec<ScopingGroup> {
    config::load(&fixture("config/contract-example.json"))
        .unwrap()
        .users
        .scoping
}

fn compile_errors(groups: &[ScopingGroup]) -> Vec<(String, String)> {
    match scoping::compile(groups) {
        Ok(_) => panic!("expected compile errors"),
        Err(errors) => errors
            .into_iter()
            .map(|e: Error| (e.code, e.path))
            .collect(),
    }
}

#[test]
fn no_filters_means_everyone_is_in_scope() {
    let compiled = scoping::compile(&[]).unwrap();
    assert!(compiled.is_empty());
    let decision = compiled.evaluate(&record(json!({"id": "u1"})), &Directory::default());
    assert_eq!(
        decision,
        ScopeDecision {
            in_scope: true,
            matched_group: None,
            failed_clauses: vec![]
        }
    );
    assert_eq!(decision.reason(), "in scope: there are no scoping filters");
}

#[test]
fn a_filter_without_clauses_holds_for_everyone() {
    let decision = scoping::in_scope(
        &[ScopingGroup { clauses: vec![] }],
        &record(json!({"id": "u"})),
        &Directory::default(),
    )
    .unwrap();
    assert_eq!(decision.matched_group, Some(0));
}

#[test]
fn contract_example_ands_clauses_and_ors_filters() {
    let compiled = scoping::compile(&contract_scoping()).unwrap();
    let directory = Directory::default();
    let decide = |user: Value| compiled.evaluate(&record(user), &directory);

    // Filter 0: department EQUALS Sales AND accountEnabled IS TRUE.
    let sales = decide(
        json!({"id": "u1", "department": "Sales", "accountEnabled": true, "jobTitle": "Rep"}),
    );
    assert!(sales.in_scope);
    assert_eq!(sales.matched_group, Some(0));
    assert!(sales.failed_clauses.is_empty());
    assert_eq!(
        sales.reason(),
        "in scope: every clause of scoping filter 0 holds"
    );

    // Filter 0 fails on its second clause; filter 1 (jobTitle REGEX MATCH ^Eng) holds.
    let engineer = decide(
        json!({"id": "u2", "department": "Sales", "accountEnabled": false, "jobTitle": "Engineer"}),
    );
    assert_eq!((engineer.in_scope, engineer.matched_group), (true, Some(1)));

    // Both fail: each filter reports the first clause that failed.
    let out = decide(
        json!({"id": "u3", "department": "Sales", "accountEnabled": "false", "jobTitle": "Manager"}),
    );
    assert!(!out.in_scope);
    assert_eq!(out.matched_group, None);
    assert_eq!(
        out.failed_clauses,
        vec![
            FailedClause {
                group: 0,
                clause: 1,
                path: "$.users.scoping[0].clauses[1]".into(),
                clause_text: "accountEnabled IS TRUE".into(),
                attribute: "accountEnabled".into(),
                actual: Some(json!("false")),
            },
            FailedClause {
                group: 1,
                clause: 0,
                path: "$.users.scoping[1].clauses[0]".into(),
                clause_text: "jobTitle REGEX MATCH \"^Eng\"".into(),
                attribute: "jobTitle".into(),
                actual: Some(json!("Manager")),
            },
        ]
    );
    assert_eq!(
        out.reason(),
        "out of scope: accountEnabled IS TRUE is false at $.users.scoping[0].clauses[1] (value: \"false\"); \
         jobTitle REGEX MATCH \"^Eng\" is false at $.users.scoping[1].clauses[0] (value: \"Manager\")"
    );

    // The first failing clause is the one reported, even when later ones fail too.
    let nobody = decide(json!({"id": "u4"}));
    assert_eq!(nobody.failed_clauses[0].clause, 0);
    assert_eq!(nobody.failed_clauses[0].actual, None);
    assert!(nobody.reason().contains(
        "department EQUALS \"Sales\" is false at $.users.scoping[0].clauses[0] (value: absent)"
    ));
}

#[test]
fn decision_serializes_for_the_preview() {
    let compiled = scoping::compile(&contract_scoping()).unwrap();
    let decision = compiled.evaluate(&record(json!({"id": "u"})), &Directory::default());
    let value = serde_json::to_value(&decision).unwrap();
    assert_eq!(value["inScope"], false);
    assert_eq!(value["matchedGroup"], Value::Null);
    assert_eq!(
        value["failedClauses"][1]["clauseText"],
        "jobTitle REGEX MATCH \"^Eng\""
    );
    assert_eq!(
        value["failedClauses"][1]["path"],
        "$.users.scoping[1].clauses[0]"
    );
}

#[test]
fn full_directory_against_a_config_with_membership() {
    let directory = source::load_json(&fixture("source/directory.json")).unwrap();
    let groups = vec![
        ScopingGroup {
            clauses: vec![attribute("", Operator::IsMemberOf, Some(json!("Sales")))],
        },
        ScopingGroup {
            clauses: vec![
                attribute("", Operator::IsMemberOf, Some(json!("g2"))),
                attribute("accountEnabled", Operator::IsTrue, None),
            ],
        },
    ];
    let compiled = scoping::compile(&groups).unwrap();
    let verdicts: Vec<(bool, Option<usize>)> = directory
        .users
        .iter()
        .map(|user| {
            let decision = compiled.evaluate(user, &directory);
            (decision.in_scope, decision.matched_group)
        })
        .collect();
    // u1 is in Sales; u2 is in g2 but disabled; u3 is in g2 and enabled ("TRUE" text).
    assert_eq!(
        verdicts,
        vec![(true, Some(0)), (false, None), (true, Some(1))]
    );
}

#[test]
fn compile_reports_every_bad_clause_with_its_path() {
    let groups = vec![
        ScopingGroup {
            clauses: vec![
                attribute("department", Operator::Equals, Some(json!("Sales"))),
                attribute("jobTitle", Operator::RegexMatch, Some(json!("(unclosed"))),
            ],
        },
        ScopingGroup {
            clauses: vec![
                attribute("department", Operator::IsIn, Some(json!("Sales"))),
                attribute("n", Operator::GreaterThan, Some(json!("ten"))),
                attribute("flag", Operator::IsTrue, Some(json!(false))),
                attribute("mail", Operator::EndsWith, None),
                attribute("", Operator::Equals, Some(json!("x"))),
                attribute(
                    "department",
                    Operator::IsNotIn,
                    Some(json!(["a", {"b": 1}])),
                ),
                attribute("n", Operator::LessThan, Some(json!(1.5))),
                attribute("x", Operator::Equals, Some(json!({"a": 1}))),
                attribute("", Operator::IsMemberOf, Some(json!(""))),
                attribute("", Operator::IsMemberOf, None),
            ],
        },
    ];
    assert_eq!(
        compile_errors(&groups),
        [
            ("scoping.regex", "$.users.scoping[0].clauses[1].value"),
            ("scoping.valueType", "$.users.scoping[1].clauses[0].value"),
            ("scoping.valueType", "$.users.scoping[1].clauses[1].value"),
            (
                "scoping.unexpectedValue",
                "$.users.scoping[1].clauses[2].value"
            ),
            (
                "scoping.missingValue",
                "$.users.scoping[1].clauses[3].value"
            ),
            (
                "scoping.missingAttribute",
                "$.users.scoping[1].clauses[4].attribute"
            ),
            (
                "scoping.valueType",
                "$.users.scoping[1].clauses[5].value[1]"
            ),
            ("scoping.valueType", "$.users.scoping[1].clauses[6].value"),
            ("scoping.valueType", "$.users.scoping[1].clauses[7].value"),
            ("scoping.valueType", "$.users.scoping[1].clauses[8].value"),
            (
                "scoping.missingValue",
                "$.users.scoping[1].clauses[9].value"
            ),
        ]
        .map(|(code, path)| (code.to_string(), path.to_string()))
    );
}

#[test]
fn bad_regex_message_names_the_pattern() {
    let groups = [ScopingGroup {
        clauses: vec![attribute(
            "mail",
            Operator::NotRegexMatch,
            Some(json!("[a-")),
        )],
    }];
    let errors = scoping::compile_at(&groups, scoping::GROUPS_PATH).unwrap_err();
    assert_eq!(errors[0].path, "$.groups.scoping[0].clauses[0].value");
    assert!(
        errors[0]
            .message
            .starts_with("invalid regular expression `[a-`: "),
        "{}",
        errors[0].message
    );
}

#[test]
fn hostile_regexes_are_rejected_or_run_in_linear_time() {
    let deep = format!("{}a{}", "(".repeat(1000), ")".repeat(1000));
    let huge = "a{1000}{1000}{1000}".to_string();
    for pattern in [deep, huge] {
        let groups = [ScopingGroup {
            clauses: vec![attribute("x", Operator::RegexMatch, Some(json!(pattern)))],
        }];
        assert_eq!(
            scoping::compile(&groups).unwrap_err()[0].code,
            "scoping.regex"
        );
    }
    // A classic catastrophic-backtracking pattern stays fast.
    let groups = [ScopingGroup {
        clauses: vec![attribute("x", Operator::RegexMatch, Some(json!("^(a+)+$")))],
    }];
    let compiled = scoping::compile(&groups).unwrap();
    let slow = record(json!({"x": format!("{}b", "a".repeat(5_000))}));
    assert!(!compiled.evaluate(&slow, &Directory::default()).in_scope);
}

#[test]
fn scim_filter_clauses_evaluate_rfc_7644_filters_on_the_record() {
    let scoping = config::load(&fixture("config/full-features.json"))
        .unwrap()
        .users
        .scoping;
    // Filter 1 is `title sw "Eng" and not (accountEnabled eq false)`.
    let compiled = scoping::compile(&scoping[1..]).unwrap();
    let directory = Directory::default();
    let decide = |user: Value| compiled.evaluate(&record(user), &directory);
    assert!(decide(json!({"id": "u1", "title": "Engineer", "accountEnabled": true})).in_scope);
    // SCIM string comparisons without a schema ignore case; so do attribute names.
    assert!(decide(json!({"id": "u1", "Title": "engineer"})).in_scope);
    let out = decide(json!({"id": "u1", "title": "Engineer", "accountEnabled": false}));
    assert!(!out.in_scope);
    assert_eq!(out.failed_clauses[0].path, "$.users.scoping[0].clauses[0]");
    assert_eq!(out.failed_clauses[0].attribute, "");
    assert_eq!(
        out.reason(),
        "out of scope: scimFilter `title sw \"Eng\" and not (accountEnabled eq false)` is false at $.users.scoping[0].clauses[0]"
    );
}

#[test]
fn scim_filter_clauses_combine_with_attribute_clauses() {
    let groups = vec![ScopingGroup {
        clauses: vec![
            Clause::ScimFilter {
                scim_filter: "emails[type eq \"work\" and value ew \"@example.com\"]".into(),
            },
            attribute(
                "department",
                Operator::NotEquals,
                Some(json!("Contractors")),
            ),
        ],
    }];
    let compiled = scoping::compile(&groups).unwrap();
    let directory = Directory::default();
    let user = |department: &str, email: &str| {
        record(
            json!({"id": "u", "department": department, "emails": [{"type": "work", "value": email}]}),
        )
    };
    assert!(
        compiled
            .evaluate(&user("Sales", "a@example.com"), &directory)
            .in_scope
    );
    assert_eq!(
        compiled
            .evaluate(&user("Sales", "a@other.com"), &directory)
            .failed_clauses[0]
            .clause,
        0
    );
    assert_eq!(
        compiled
            .evaluate(&user("Contractors", "a@example.com"), &directory)
            .failed_clauses[0]
            .clause,
        1
    );
}

#[test]
fn invalid_scim_filter_is_reported_at_its_clause_with_the_column() {
    let mut groups = contract_scoping();
    groups[1].clauses.push(Clause::ScimFilter {
        scim_filter: "department eq".into(),
    });
    groups[1].clauses.push(Clause::ScimFilter {
        scim_filter: "title sw \"Eng\"".into(),
    });
    groups[1].clauses.push(Clause::ScimFilter {
        scim_filter: "a eq \"b\" or".into(),
    });
    let errors = scoping::compile(&groups).unwrap_err();
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.code.as_str(), e.path.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "scoping.scimFilter",
                "$.users.scoping[1].clauses[1].scimFilter"
            ),
            (
                "scoping.scimFilter",
                "$.users.scoping[1].clauses[3].scimFilter"
            ),
        ]
    );
    assert!(
        errors[0]
            .message
            .starts_with("invalid SCIM filter at column "),
        "{}",
        errors[0].message
    );
}
