//! The scenarios of `validate_codes`: a clean Asana configuration and
//! directory, the builders that change one thing in them, and for every
//! diagnostic code the change that triggers it and a near miss that does not.

use scim_mapper::error::Diagnostic;
use scim_mapper::mapping::config;
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::source;
use scim_mapper::mapping::validate::{self, codes};
use serde_json::{json, Value};

pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

pub fn base() -> (Value, Value) {
    let config = json!({
        "version": 1,
        "target": {"profile": "asana"},
        "verifiedDomains": ["example.com"],
        "users": {
            "scoping": [],
            "mappings": [
                {"target": "userName", "source": {"type": "direct", "attribute": "userPrincipalName"}, "matching": 1},
                {"target": "name.formatted", "source": {"type": "expression", "expression": "Join(\" \", [givenName], [surname])"}},
                {"target": "active", "source": {"type": "direct", "attribute": "accountEnabled"}},
                {"target": format!("{ENTERPRISE}:department"), "source": {"type": "direct", "attribute": "department"}},
                {"target": "addresses[type eq \"work\"].country", "source": {"type": "direct", "attribute": "country"}},
                {"target": "preferredLanguage", "source": {"type": "direct", "attribute": "preferredLanguage"}, "applyOn": "create"}
            ]
        },
        "groups": {
            "enabled": true,
            "scoping": [],
            "mappings": [
                {"target": "displayName", "source": {"type": "direct", "attribute": "displayName"}, "matching": 1},
                {"target": "members", "source": {"type": "direct", "attribute": "members"}}
            ]
        }
    });
    let directory = json!({
        "users": [
            {"id": "u1", "userPrincipalName": "ava.smith@example.com", "givenName": "Ava", "surname": "Smith",
             "displayName": "Ava Smith", "accountEnabled": true, "department": "Sales", "country": "US",
             "preferredLanguage": "en-US", "jobTitle": "Chief Officer", "employeeId": "E1"},
            {"id": "u2", "userPrincipalName": "liam.chen@example.com", "givenName": "Liam", "surname": "Chen",
             "displayName": "Liam Chen", "accountEnabled": false, "department": "Support", "country": "DE",
             "preferredLanguage": "de-DE", "jobTitle": "Engineer", "employeeId": "E2"}
        ],
        "groups": [
            {"id": "g1", "displayName": "Sales", "members": []}
        ]
    });
    (config, directory)
}

pub fn run(config: &Value, directory: &Value) -> Vec<Diagnostic> {
    let config = config::load(&config.to_string()).unwrap_or_else(|e| panic!("config: {e:?}"));
    let directory = source::from_value(directory.clone()).unwrap_or_else(|e| panic!("{e}"));
    let (target, mut diagnostics) = Target::for_config(&config);
    diagnostics.extend(validate::validate(&config, &directory, &target));
    diagnostics
}

pub fn user_mappings(config: &mut Value) -> &mut Vec<Value> {
    config["users"]["mappings"].as_array_mut().unwrap()
}

pub fn group_mappings(config: &mut Value) -> &mut Vec<Value> {
    config["groups"]["mappings"].as_array_mut().unwrap()
}

pub fn add_user_mapping(config: &mut Value, mapping: Value) {
    user_mappings(config).push(mapping);
}

pub fn direct(target: &str, attribute: &str) -> Value {
    json!({"target": target, "source": {"type": "direct", "attribute": attribute}})
}

pub fn expression(target: &str, expression: &str) -> Value {
    json!({"target": target, "source": {"type": "expression", "expression": expression}})
}

pub fn user(directory: &mut Value, index: usize) -> &mut Value {
    &mut directory["users"][index]
}

pub fn group(directory: &mut Value) -> &mut Value {
    &mut directory["groups"][0]
}

pub fn scoping(config: &mut Value, clause: Value) {
    config["users"]["scoping"] = json!([{"clauses": [clause]}]);
}

/// A change to the base scenario.
pub type Change = fn(&mut Value, &mut Value);

/// (code, change that triggers it, near miss that does not).
pub const CASES: &[(&str, Change, Change)] = &[
    (
        codes::CONFIG_UNKNOWN_PROFILE,
        |c, _| c["target"]["profile"] = json!("asanna"),
        |c, _| c["target"]["profile"] = json!("ASANA"),
    ),
    (
        codes::CONFIG_NO_VERIFIED_DOMAINS,
        |c, _| c["verifiedDomains"] = json!([]),
        |c, _| c["verifiedDomains"] = json!(["example.com", "example.org"]),
    ),
    (
        codes::MAPPING_TARGET_SYNTAX,
        |c, _| add_user_mapping(c, direct("emails[type eq", "userPrincipalName")),
        |c, _| {
            add_user_mapping(
                c,
                direct("emails[type eq \"work\"].value", "userPrincipalName"),
            )
        },
    ),
    (
        codes::MAPPING_UNKNOWN_TARGET,
        |c, _| add_user_mapping(c, direct("titel", "jobTitle")),
        |c, _| add_user_mapping(c, direct("title", "jobTitle")),
    ),
    (
        codes::MAPPING_UNSUPPORTED_TARGET,
        |c, _| add_user_mapping(c, direct("name.givenName", "givenName")),
        |c, _| {
            c["target"]["profile"] = json!("generic");
            add_user_mapping(c, direct("name.givenName", "givenName"))
        },
    ),
    (
        codes::MAPPING_READ_ONLY_TARGET,
        |c, _| add_user_mapping(c, direct("meta.created", "jobTitle")),
        |c, _| add_user_mapping(c, direct("title", "jobTitle")),
    ),
    (
        codes::MAPPING_DUPLICATE_TARGET,
        |c, _| add_user_mapping(c, direct("USERNAME", "displayName")),
        |c, _| add_user_mapping(c, direct("title", "displayName")),
    ),
    (
        codes::MAPPING_REQUIRED_MISSING,
        |c, _| {
            user_mappings(c).remove(0);
        },
        |c, _| {
            user_mappings(c).remove(1);
        },
    ),
    (
        codes::MAPPING_CONSTANT_TYPE,
        |c, _| {
            user_mappings(c)[2] =
                json!({"target": "active", "source": {"type": "constant", "value": "yes"}})
        },
        |c, _| {
            user_mappings(c)[2] =
                json!({"target": "active", "source": {"type": "constant", "value": "TRUE"}})
        },
    ),
    (
        codes::MAPPING_CREATE_ONLY_ALWAYS,
        |c, _| user_mappings(c)[5]["applyOn"] = json!("always"),
        |c, _| user_mappings(c)[3]["applyOn"] = json!("always"),
    ),
    (
        codes::MAPPING_UNKNOWN_SOURCE,
        |c, _| add_user_mapping(c, direct("title", "jobTitel")),
        |c, _| add_user_mapping(c, direct("title", "jobTitle")),
    ),
    (
        codes::EXPR_SYNTAX,
        |c, _| add_user_mapping(c, expression("title", "Join(\" \", [givenName]")),
        |c, _| add_user_mapping(c, expression("title", "Join(\" \", [givenName])")),
    ),
    (
        codes::EXPR_UNKNOWN_FUNCTION,
        |c, _| add_user_mapping(c, expression("title", "toUpper([jobTitle])")),
        |c, _| add_user_mapping(c, expression("title", "ToUpper([jobTitle])")),
    ),
    (
        codes::EXPR_ARITY,
        |c, _| add_user_mapping(c, expression("title", "Mid([jobTitle], 1)")),
        |c, _| add_user_mapping(c, expression("title", "Mid([jobTitle], 1, 3)")),
    ),
    (
        codes::EXPR_INVALID_REGEX,
        |c, _| {
            add_user_mapping(
                c,
                expression("title", "Replace([jobTitle], , \"(\", , \"\", , )"),
            )
        },
        |c, _| {
            add_user_mapping(
                c,
                expression("title", "Replace([jobTitle], , \"\\(\", , \"\", , )"),
            )
        },
    ),
    (
        codes::EXPR_RUNTIME,
        |c, d| {
            add_user_mapping(c, expression("title", "CDate([hired])"));
            user(d, 0)["hired"] = json!("soon");
            user(d, 1)["hired"] = json!("2021-01-01");
        },
        |c, d| {
            add_user_mapping(c, expression("title", "CDate([hired])"));
            user(d, 0)["hired"] = json!("2020-03-16");
            user(d, 1)["hired"] = json!("2021-01-01");
        },
    ),
    (
        codes::SCOPING_REGEX,
        |c, _| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "REGEX MATCH", "value": "(Sales"}),
            )
        },
        |c, _| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "REGEX MATCH", "value": "^(Sales|Support)$"}),
            )
        },
    ),
    (
        codes::SCOPING_VALUE_TYPE,
        |c, _| {
            scoping(
                c,
                json!({"attribute": "level", "operator": "GREATER_THAN", "value": "high"}),
            )
        },
        |c, _| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "IS IN", "value": ["Sales", "Support"]}),
            )
        },
    ),
    (
        codes::SCOPING_MISSING_VALUE,
        |c, _| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "NOT EQUALS"}),
            )
        },
        |c, _| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "NOT EQUALS", "value": "Legal"}),
            )
        },
    ),
    (
        codes::SCOPING_UNEXPECTED_VALUE,
        |c, _| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "IS NOT NULL", "value": "x"}),
            )
        },
        |c, _| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "IS NOT NULL"}),
            )
        },
    ),
    (
        codes::SCOPING_MISSING_ATTRIBUTE,
        |c, _| scoping(c, json!({"operator": "IS NOT NULL"})),
        |c, _| scoping(c, json!({"attribute": "id", "operator": "IS NOT NULL"})),
    ),
    (
        codes::SCOPING_SCIM_FILTER,
        |c, _| scoping(c, json!({"scimFilter": "department eq"})),
        |c, _| scoping(c, json!({"scimFilter": "department pr"})),
    ),
    (
        codes::MATCHING_MISSING,
        |c, _| {
            user_mappings(c)[0]
                .as_object_mut()
                .unwrap()
                .remove("matching");
        },
        |c, _| user_mappings(c)[0]["matching"] = json!(3),
    ),
    (
        codes::MATCHING_NOT_FILTERABLE,
        |c, _| {
            add_user_mapping(
                c,
                json!({"target": "title", "source": {"type": "direct", "attribute": "jobTitle"}, "matching": 2}),
            )
        },
        |c, _| {
            add_user_mapping(
                c,
                json!({"target": "title", "source": {"type": "direct", "attribute": "jobTitle"}}),
            )
        },
    ),
    (
        codes::MATCHING_DUPLICATE_PRECEDENCE,
        |c, _| {
            c["target"]["profile"] = json!("generic");
            add_user_mapping(
                c,
                json!({"target": "externalId", "source": {"type": "direct", "attribute": "employeeId"}, "matching": 1}),
            )
        },
        |c, _| {
            c["target"]["profile"] = json!("generic");
            add_user_mapping(
                c,
                json!({"target": "externalId", "source": {"type": "direct", "attribute": "employeeId"}, "matching": 2}),
            )
        },
    ),
    (
        codes::SCOPE_EMPTY,
        |c, _| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "EQUALS", "value": "Nobody"}),
            )
        },
        |c, _| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "EQUALS", "value": "Support"}),
            )
        },
    ),
    (
        codes::USER_REQUIRED_EMPTY,
        |_, d| {
            user(d, 1)
                .as_object_mut()
                .unwrap()
                .remove("userPrincipalName");
        },
        |_, d| {
            user(d, 1).as_object_mut().unwrap().remove("displayName");
        },
    ),
    (
        codes::USER_EMPTY_MATCHING,
        |c, d| {
            c["target"]["profile"] = json!("generic");
            user_mappings(c)[0]
                .as_object_mut()
                .unwrap()
                .remove("matching");
            add_user_mapping(
                c,
                json!({"target": "externalId", "source": {"type": "direct", "attribute": "employeeId"}, "matching": 1}),
            );
            user(d, 1)["employeeId"] = json!("");
        },
        |c, _| {
            c["target"]["profile"] = json!("generic");
            user_mappings(c)[0]
                .as_object_mut()
                .unwrap()
                .remove("matching");
            add_user_mapping(
                c,
                json!({"target": "externalId", "source": {"type": "direct", "attribute": "employeeId"}, "matching": 1}),
            );
        },
    ),
    (
        codes::USER_VALUE_TYPE,
        |_, d| user(d, 1)["accountEnabled"] = json!("maybe"),
        |_, d| user(d, 1)["accountEnabled"] = json!("FALSE"),
    ),
    (
        codes::USER_MULTIPLE_VALUES,
        |c, d| {
            add_user_mapping(c, direct("title", "jobTitle"));
            user(d, 0)["jobTitle"] = json!(["Chief", "Officer"]);
        },
        |c, d| {
            add_user_mapping(c, direct("title", "jobTitle"));
            user(d, 0)["jobTitle"] = json!(["Chief", ""]);
        },
    ),
    (
        codes::USER_NAME_NOT_EMAIL,
        |_, d| user(d, 0)["userPrincipalName"] = json!("ava.smith"),
        |_, d| user(d, 0)["userPrincipalName"] = json!("ava+sales@example.com"),
    ),
    (
        codes::USER_DOMAIN_NOT_VERIFIED,
        |_, d| user(d, 0)["userPrincipalName"] = json!("ava.smith@partner.example.net"),
        |_, d| user(d, 0)["userPrincipalName"] = json!("ava.smith@EXAMPLE.com"),
    ),
    (
        codes::USER_NAME_MISMATCH,
        |c, d| {
            user_mappings(c)[1] = direct("name.formatted", "displayName");
            user(d, 0)["displayName"] = json!("Bob Smith");
        },
        |c, d| {
            user_mappings(c)[1] = direct("name.formatted", "displayName");
            user(d, 0)["displayName"] = json!("Smith, Ava");
        },
    ),
    (
        codes::USER_NON_BMP,
        |c, d| {
            add_user_mapping(c, direct("title", "jobTitle"));
            user(d, 0)["jobTitle"] = json!("Chief 🚀 Officer");
        },
        |c, d| {
            add_user_mapping(c, direct("title", "jobTitle"));
            user(d, 0)["jobTitle"] = json!("Chief Ωfficer ☃");
        },
    ),
    (
        codes::USER_COUNTRY_CODE,
        |_, d| user(d, 0)["country"] = json!("USA"),
        |_, d| user(d, 0)["country"] = json!("GB"),
    ),
    (
        codes::USER_DUPLICATE_USER_NAME,
        |_, d| user(d, 1)["userPrincipalName"] = json!("AVA.SMITH@example.com"),
        |_, d| user(d, 1)["userPrincipalName"] = json!("ava.smith2@example.com"),
    ),
    (
        codes::GROUP_REQUIRED_EMPTY,
        |_, d| group(d)["displayName"] = json!(""),
        |_, d| group(d)["displayName"] = json!("Sales EMEA"),
    ),
    (
        codes::GROUP_EMPTY_MATCHING,
        |c, d| {
            c["target"]["profile"] = json!("generic");
            group_mappings(c)[0]
                .as_object_mut()
                .unwrap()
                .remove("matching");
            group_mappings(c).push(json!({"target": "externalId", "source": {"type": "direct", "attribute": "code"}, "matching": 1}));
            group(d)["code"] = json!(null);
        },
        |c, d| {
            c["target"]["profile"] = json!("generic");
            group_mappings(c)[0]
                .as_object_mut()
                .unwrap()
                .remove("matching");
            group_mappings(c).push(json!({"target": "externalId", "source": {"type": "direct", "attribute": "code"}, "matching": 1}));
            group(d)["code"] = json!("S1");
        },
    ),
    (
        codes::GROUP_VALUE_TYPE,
        |_, d| group(d)["displayName"] = json!({"en": "Sales"}),
        |_, d| group(d)["displayName"] = json!(42),
    ),
    (
        codes::GROUP_MULTIPLE_VALUES,
        |_, d| group(d)["displayName"] = json!(["Sales", "Ventes"]),
        |_, d| group(d)["displayName"] = json!(["Sales"]),
    ),
    (
        codes::GROUP_NON_BMP,
        |_, d| group(d)["displayName"] = json!("Sales 💰"),
        |_, d| group(d)["displayName"] = json!("Sales €"),
    ),
    (
        codes::GROUP_DUPLICATE_DISPLAY_NAME,
        |_, d| {
            d["groups"]
                .as_array_mut()
                .unwrap()
                .push(json!({"id": "g2", "displayName": "SALES", "members": []}))
        },
        |_, d| {
            d["groups"]
                .as_array_mut()
                .unwrap()
                .push(json!({"id": "g2", "displayName": "Support", "members": []}))
        },
    ),
    (
        codes::GROUP_PENDING_MEMBERS,
        |_, d| group(d)["members"] = json!(["u1"]),
        |c, d| {
            c["groups"]["mappings"].as_array_mut().unwrap().remove(1);
            group(d)["members"] = json!(["u1"]);
        },
    ),
    (
        codes::GROUP_MEMBER_OUT_OF_SCOPE,
        |c, d| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "EQUALS", "value": "Sales"}),
            );
            group(d)["members"] = json!(["u1", "u2"]);
        },
        |c, d| {
            scoping(
                c,
                json!({"attribute": "department", "operator": "EQUALS", "value": "Sales"}),
            );
            group(d)["members"] = json!(["u1"]);
        },
    ),
    (
        codes::GROUP_UNKNOWN_MEMBER,
        |_, d| group(d)["members"] = json!(["u1", "u9"]),
        |_, d| group(d)["members"] = json!(["u1", "u2"]),
    ),
];
