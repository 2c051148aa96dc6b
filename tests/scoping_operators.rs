//! Every scoping operator on present, absent, null, empty and multi-valued
//! attributes (Entra's semantics; see `src/mapping/scoping.rs`).

use scim_mapper::mapping::config::{Clause, Operator, ScopingGroup};
use scim_mapper::mapping::scoping;
use scim_mapper::mapping::source::{self, Directory, Record};

fn as_record(value: &Value) -> Record {
    Record::from_object(value.clone()).unwrap_or_default()
}
use serde_json::{json, Value};

fn clause(attribute: &str, operator: &str, value: Option<Value>) -> ScopingGroup {
    ScopingGroup {
        clauses: vec![Clause::Attribute {
            attribute: attribute.to_string(),
            operator: Operator::parse(operator).unwrap_or_else(|| panic!("operator {operator}")),
            value,
        }],
    }
}

/// Whether `attr OPERATOR value` holds for a record whose `attr` is `actual`
/// (`None`: the attribute is absent).
fn holds(operator: &str, value: Option<Value>, actual: Option<Value>) -> bool {
    let record = match actual {
        Some(actual) => json!({"id": "u1", "attr": actual}),
        None => json!({"id": "u1"}),
    };
    let compiled = scoping::compile(&[clause("attr", operator, value)]).unwrap();
    compiled
        .evaluate(&as_record(&record), &Directory::default())
        .in_scope
}

/// Runs `(actual, expected)` rows for one operator and value.
fn check(operator: &str, value: Option<Value>, rows: &[(Option<Value>, bool)]) {
    for (actual, expected) in rows {
        assert_eq!(
            holds(operator, value.clone(), actual.clone()),
            *expected,
            "attr = {actual:?}: {operator} {value:?}"
        );
    }
}

const ABSENT: Option<Value> = None;

fn v(value: Value) -> Option<Value> {
    Some(value)
}

#[test]
fn equals_and_not_equals() {
    check(
        "EQUALS",
        v(json!("Sales")),
        &[
            (v(json!("Sales")), true),
            (v(json!("sales")), false),
            (v(json!("Sales ")), false),
            (ABSENT, false),
            (v(json!(null)), false),
            (v(json!("")), false),
            (v(json!(["HR", "Sales"])), true),
            (v(json!(["HR", "IT"])), false),
            (v(json!([{"value": "Sales", "primary": true}])), true),
            (v(json!({"name": "Sales"})), false),
        ],
    );
    check(
        "NOT EQUALS",
        v(json!("Sales")),
        &[
            (v(json!("Marketing")), true),
            (v(json!("Sales")), false),
            (v(json!("sales")), true),
            (ABSENT, false),
            (v(json!(null)), false),
            (v(json!("")), false),
            (v(json!([])), false),
            (v(json!(["HR", "IT"])), true),
            (v(json!(["HR", "Sales"])), false),
        ],
    );
    // Numbers compare by their JSON text, booleans ignoring case.
    check(
        "EQUALS",
        v(json!("42")),
        &[
            (v(json!(42)), true),
            (v(json!("42")), true),
            (v(json!(42.0)), false),
        ],
    );
    check("EQUALS", v(json!(42)), &[(v(json!("42")), true)]);
    check(
        "EQUALS",
        v(json!("True")),
        &[(v(json!(true)), true), (v(json!("true")), false)],
    );
    check(
        "NOT EQUALS",
        v(json!(true)),
        &[(v(json!(false)), true), (v(json!(true)), false)],
    );
}

#[test]
fn is_true_and_is_false() {
    check(
        "IS TRUE",
        None,
        &[
            (v(json!(true)), true),
            (v(json!("TRUE")), true),
            (v(json!("true")), true),
            (v(json!(false)), false),
            (v(json!("yes")), false),
            (v(json!(1)), false),
            (ABSENT, false),
            (v(json!(null)), false),
            (v(json!([false, true])), true),
        ],
    );
    check(
        "IS FALSE",
        None,
        &[
            (v(json!(false)), true),
            (v(json!("False")), true),
            (v(json!(true)), false),
            (v(json!(0)), false),
            (ABSENT, false),
            (v(json!(null)), false),
            (v(json!("")), false),
        ],
    );
}

#[test]
fn is_null_and_is_not_null() {
    let empty_cases = [
        ABSENT,
        v(json!(null)),
        v(json!("")),
        v(json!([])),
        v(json!([null, ""])),
    ];
    let present_cases = [
        v(json!("x")),
        v(json!(0)),
        v(json!(false)),
        v(json!(["x"])),
        v(json!(" ")),
    ];
    for actual in &empty_cases {
        assert!(holds("IS NULL", None, actual.clone()), "{actual:?}");
        assert!(!holds("IS NOT NULL", None, actual.clone()), "{actual:?}");
    }
    for actual in &present_cases {
        assert!(!holds("IS NULL", None, actual.clone()), "{actual:?}");
        assert!(holds("IS NOT NULL", None, actual.clone()), "{actual:?}");
    }
}

#[test]
fn regex_match_and_not_regex_match() {
    check(
        "REGEX MATCH",
        v(json!("^Eng")),
        &[
            (v(json!("Engineer")), true),
            (v(json!("engineer")), false),
            (v(json!("Senior Engineer")), false),
            (ABSENT, false),
            (v(json!(null)), false),
            (v(json!(["Manager", "Engineer"])), true),
        ],
    );
    // Unanchored search, like .NET's Regex.IsMatch; Entra's documented examples.
    check(
        "REGEX MATCH",
        v(json!("([1-9][0-9])")),
        &[
            (v(json!("x42")), true),
            (v(json!(7)), false),
            (v(json!(1234)), true),
        ],
    );
    check(
        "REGEX MATCH",
        v(json!(".*\\@domain.com")),
        &[
            (v(json!("ada@domain.com")), true),
            (v(json!("ada@other.com")), false),
        ],
    );
    check(
        "NOT REGEX MATCH",
        v(json!(".*\\@domain.com")),
        &[
            (v(json!("ada@other.com")), true),
            (v(json!("ada@domain.com")), false),
            (ABSENT, false),
            (v(json!(null)), false),
            (v(json!("")), false),
            (v(json!(["a@other.com", "b@domain.com"])), false),
            (v(json!(["a@other.com", "b@else.com"])), true),
        ],
    );
}

#[test]
fn integer_comparisons() {
    let rows = |gt: bool, ge: bool, lt: bool, le: bool| [gt, ge, lt, le];
    let table: Vec<(Option<Value>, [bool; 4])> = vec![
        (v(json!(1500)), rows(true, true, false, false)),
        (v(json!("1500")), rows(true, true, false, false)),
        (v(json!(" 1000 ")), rows(false, true, false, true)),
        (v(json!(1000)), rows(false, true, false, true)),
        (v(json!("0042")), rows(false, false, true, true)),
        (v(json!(-5)), rows(false, false, true, true)),
        (v(json!(1000.5)), rows(false, false, false, false)),
        (v(json!("a lot")), rows(false, false, false, false)),
        (v(json!(true)), rows(false, false, false, false)),
        (ABSENT, rows(false, false, false, false)),
        (v(json!(null)), rows(false, false, false, false)),
        (v(json!([5, 5000])), rows(true, true, true, true)),
    ];
    let operators = [
        "GREATER_THAN",
        "GREATER_THAN_OR_EQUALS",
        "LESS_THAN",
        "LESS_THAN_OR_EQUALS",
    ];
    for (actual, expected) in table {
        for (operator, expected) in operators.iter().zip(expected) {
            assert_eq!(
                holds(operator, v(json!(1000)), actual.clone()),
                expected,
                "{actual:?} {operator} 1000"
            );
            assert_eq!(
                holds(operator, v(json!("1000")), actual.clone()),
                expected,
                "{actual:?} {operator} \"1000\""
            );
        }
    }
    // Extremes do not overflow.
    check(
        "GREATER_THAN",
        v(json!(i64::MAX)),
        &[
            (v(json!(u64::MAX)), false),
            (v(json!("99999999999999999999")), false),
        ],
    );
    check(
        "LESS_THAN",
        v(json!(i64::MIN)),
        &[(v(json!(i64::MIN)), false)],
    );
}

#[test]
fn starts_with_ends_with_includes() {
    check(
        "STARTS_WITH",
        v(json!("Team ")),
        &[
            (v(json!("Team Blue")), true),
            (v(json!("team Blue")), false),
            (v(json!("My Team ")), false),
            (ABSENT, false),
            (v(json!(null)), false),
            (v(json!(["x", "Team A"])), true),
        ],
    );
    check(
        "ENDS_WITH",
        v(json!("@example.com")),
        &[
            (v(json!("ada@example.com")), true),
            (v(json!("ada@EXAMPLE.COM")), false),
            (v(json!("ada@example.com.evil")), false),
            (ABSENT, false),
            (v(json!("")), false),
        ],
    );
    check(
        "INCLUDES",
        v(json!("ale")),
        &[
            (v(json!("Sales")), true),
            (v(json!("SALES")), false),
            (ABSENT, false),
            (v(json!(null)), false),
            (v(json!(["HR", "Wholesale"])), true),
            (v(json!(12)), false),
        ],
    );
    check("INCLUDES", v(json!("2")), &[(v(json!(123)), true)]);
}

#[test]
fn is_in_and_is_not_in() {
    let list = v(json!(["Sales", "Marketing", 7, true]));
    check(
        "IS IN",
        list.clone(),
        &[
            (v(json!("Sales")), true),
            (v(json!("sales")), false),
            (v(json!("HR")), false),
            (v(json!(7)), true),
            (v(json!("7")), true),
            (v(json!(true)), true),
            (ABSENT, false),
            (v(json!(null)), false),
            (v(json!(["HR", "Marketing"])), true),
        ],
    );
    check(
        "IS NOT IN",
        list,
        &[
            (v(json!("HR")), true),
            (v(json!("Sales")), false),
            (ABSENT, false),
            (v(json!(null)), false),
            (v(json!("")), false),
            (v(json!(["HR", "IT"])), true),
            (v(json!(["HR", "Sales"])), false),
        ],
    );
    check("IS IN", v(json!([])), &[(v(json!("x")), false)]);
    check(
        "IS NOT IN",
        v(json!([])),
        &[(v(json!("x")), true), (ABSENT, false)],
    );
}

#[test]
fn is_member_of_uses_directory_groups_by_id_or_name() {
    let directory = source::load_json(
        r#"{"users": [{"id": "u1"}, {"id": "u2"}, {"id": "u3"}],
            "groups": [{"id": "g1", "displayName": "Sales", "members": ["u1"]},
                       {"id": "g2", "displayName": "Asana users", "members": [{"value": "u2"}]}]}"#,
    )
    .unwrap();
    let member_of = |group: &str, user: Value| {
        let compiled = scoping::compile(&[clause("", "IS MEMBER OF", v(json!(group)))]).unwrap();
        compiled.evaluate(&as_record(&user), &directory).in_scope
    };
    assert!(member_of("g1", json!({"id": "u1"})));
    assert!(member_of("Sales", json!({"id": "u1"})));
    assert!(!member_of("sales", json!({"id": "u1"})));
    assert!(member_of("Asana users", json!({"id": "u2"})));
    assert!(!member_of("g1", json!({"id": "u2"})));
    assert!(!member_of("g1", json!({"id": "u3"})));
    assert!(!member_of("Nope", json!({"id": "u1"})));
    assert!(!member_of("g1", json!({"mail": "no id"})));
    // No directory groups (a CSV source): nobody is a member.
    let compiled = scoping::compile(&[clause("", "IS MEMBER OF", v(json!("g1")))]).unwrap();
    assert!(
        !compiled
            .evaluate(&as_record(&json!({"id": "u1"})), &Directory::default())
            .in_scope
    );
}

#[test]
fn nested_attributes_are_looked_up_like_mappings() {
    let record = json!({"id": "u1", "manager": {"id": "m1"}, "org.unit": "R&D"});
    let run = |group: ScopingGroup| {
        scoping::compile(&[group])
            .unwrap()
            .evaluate(&as_record(&record), &Directory::default())
            .in_scope
    };
    assert!(run(clause("manager.id", "EQUALS", v(json!("m1")))));
    assert!(run(clause("org.unit", "EQUALS", v(json!("R&D")))));
    assert!(run(clause("manager.name", "IS NULL", None)));
    assert!(
        !run(clause("Manager.id", "IS NOT NULL", None)),
        "names are case-sensitive"
    );
}

#[test]
fn operator_names_are_case_insensitive_in_configs() {
    assert!(holds("regex match", v(json!("^A")), v(json!("Ada"))));
    assert!(holds("Not_Equals", v(json!("x")), v(json!("y"))));
    assert!(holds("is not null", None, v(json!("y"))));
}
