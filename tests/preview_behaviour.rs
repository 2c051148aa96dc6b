//! Preview: order, scope decisions, resources, diagnostics, determinism.

mod support;

use scim_mapper::error::Severity;
use scim_mapper::mapping::config::{self, Config};
use scim_mapper::mapping::engine::{ResourceKind, Target};
use scim_mapper::mapping::expr::EvalContext;
use scim_mapper::mapping::preview::{preview, preview_one, Preview, PreviewOptions, Retain};
use scim_mapper::mapping::source::{self, Directory};
use scim_mapper::sample;
use serde_json::{json, Value};

fn sample_config() -> Config {
    config::load(&support::fixture("engine/asana-sample.json")).unwrap()
}

fn fixture_directory() -> Directory {
    source::load_json(&support::fixture("engine/directory.json")).unwrap()
}

fn asana() -> Target {
    Target::builtin("asana").unwrap()
}

fn options(seed: u64) -> PreviewOptions {
    PreviewOptions {
        eval: EvalContext {
            now_millis: 1_700_000_000_000,
            seed,
        },
        ..PreviewOptions::default()
    }
}

fn edit(config: &Config, change: impl FnOnce(&mut Value)) -> Config {
    let mut value = config.to_json();
    change(&mut value);
    config::from_value(&value).unwrap_or_else(|e| panic!("{e:?}"))
}

fn run(config: &Config, directory: &Directory) -> Preview<'static> {
    preview(config, directory, &asana(), &options(1)).into_owned()
}

#[test]
fn users_come_first_in_directory_order_then_groups() {
    let result = run(&sample_config(), &fixture_directory());
    let order: Vec<(ResourceKind, &str, usize)> = result
        .items
        .iter()
        .map(|item| {
            (
                item.resource_type,
                item.source_id.as_ref(),
                item.source_index,
            )
        })
        .collect();
    assert_eq!(
        order,
        vec![
            (ResourceKind::User, "u1", 0),
            (ResourceKind::User, "u2", 1),
            (ResourceKind::User, "u3", 2),
            (ResourceKind::User, "u4", 3),
            (ResourceKind::Group, "g1", 0),
            (ResourceKind::Group, "g2", 1),
        ]
    );
    assert_eq!((result.total_users, result.in_scope_users), (4, 3));
    assert_eq!((result.total_groups, result.in_scope_groups), (2, 2));
}

#[test]
fn out_of_scope_records_say_which_clause_kept_them_out_and_have_no_resource() {
    let result = run(&sample_config(), &fixture_directory());
    let liam = &result.items[1];
    assert!(!liam.in_scope);
    assert_eq!(liam.resource, Value::Null);
    assert!(liam.diagnostics.is_empty());
    assert_eq!(
        &*liam.scope_reason,
        "out of scope: employeeType EQUALS \"Employee\" is false at $.users.scoping[0].clauses[0] (value: \"Contractor\"); \
         department EQUALS \"Sales\" is false at $.users.scoping[1].clauses[0] (value: \"Support\")"
    );
    assert_eq!(
        &*result.items[0].scope_reason,
        "in scope: every clause of scoping filter 0 holds"
    );
}

#[test]
fn in_scope_users_get_the_resource_as_it_would_be_posted() {
    let result = run(&sample_config(), &fixture_directory());
    let ava = &result.items[0];
    assert_eq!(
        ava.resource,
        json!({
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
            ],
            "userName": "ava.smith@example.com",
            "active": true,
            "name": {"formatted": "Ava Smith"},
            "title": "Account Executive",
            "emails": [{"type": "work", "value": "ava.smith@example.com"}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "department": "Sales",
                "manager": {"value": "u3"},
                "employeeNumber": "E1",
                "costCenter": "CC-100",
                "organization": "Example Corp"
            },
            "addresses": [{"type": "work", "country": "US", "region": "NY", "locality": "New York"}],
            "phoneNumbers": [{"type": "work", "value": "+1 212 555 0100"}],
            "preferredLanguage": "en-US"
        })
    );
    assert_eq!(
        ava.matching.as_ref().map(|m| m.value.as_str()),
        Some("ava.smith@example.com")
    );
    assert!(ava.diagnostics.is_empty(), "{:?}", ava.diagnostics);
    // Zoë: disabled (active false) and her userName keeps its diacritic.
    let zoe = &result.items[2];
    assert_eq!(zoe.resource["active"], json!(false));
    assert_eq!(zoe.resource["userName"], json!("zoe.brontë@example.com"));
}

#[test]
fn the_sample_directory_shows_its_awkward_cases() {
    let config = edit(&sample_config(), |c| {
        c["users"]["mappings"][2] = json!({"target": "name.formatted", "source": {"type": "direct", "attribute": "displayName"}});
    });
    let directory = source::from_value(sample::directory(240)).unwrap();
    let result = run(&config, &directory);
    let codes_of = |index: usize| -> Vec<&str> {
        result.items[index]
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    };
    // User 41's display name holds a rocket emoji.
    assert_eq!(codes_of(41), vec!["user.nonBmp", "user.nameMismatch"]);
    assert_eq!(
        result.items[41].diagnostics[0].path,
        "$.users[41].displayName"
    );
    assert_eq!(result.items[41].diagnostics[0].severity, Severity::Warning);
    // Contractors outside Sales are out of scope; Sales ones are in scope
    // with a userName outside the verified domain.
    let contractor_in_sales = (0..240).find(|i| i % 37 == 36 && i % 8 == 0).unwrap();
    assert_eq!(
        codes_of(contractor_in_sales),
        vec!["user.domainNotVerified"]
    );
    assert!(!result.items[36].in_scope);
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
}

#[test]
fn a_broken_scoping_clause_puts_nobody_in_scope_and_says_why() {
    let config = edit(&sample_config(), |c| {
        c["users"]["scoping"][1]["clauses"][0] =
            json!({"attribute": "department", "operator": "REGEX MATCH", "value": "(Sales"});
    });
    let result = run(&config, &fixture_directory());
    assert_eq!(result.in_scope_users, 0);
    assert!(result.items[0]
        .scope_reason
        .contains("scoping filters have errors"));
    let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["scoping.regex"]);
    assert_eq!(
        result.diagnostics[0].path,
        "$.users.scoping[1].clauses[0].value"
    );
}

#[test]
fn a_broken_mapping_is_flagged_and_the_rest_still_previews() {
    let config = edit(&sample_config(), |c| {
        c["users"]["mappings"][3]["source"] =
            json!({"type": "expression", "expression": "Left([jobTitle]"});
        c["users"]["mappings"][4]["target"] = json!("emails[type eq \"work\"].valu");
    });
    let result = run(&config, &fixture_directory());
    let found: Vec<(&str, &str)> = result
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("expr.syntax", "$.users.mappings[3].source.expression"),
            ("mapping.unknownTarget", "$.users.mappings[4].target"),
        ]
    );
    let ava = &result.items[0].resource;
    assert!(ava.get("title").is_none() && ava.get("emails").is_none());
    assert_eq!(ava["userName"], json!("ava.smith@example.com"));
    assert_eq!(ava["addresses"][0]["country"], json!("US"));
}

#[test]
fn groups_not_enabled_are_listed_out_of_scope() {
    let config = edit(&sample_config(), |c| c["groups"]["enabled"] = json!(false));
    let result = run(&config, &fixture_directory());
    let group = &result.items[4];
    assert!(!group.in_scope);
    assert_eq!(group.resource, Value::Null);
    assert!(group.scope_reason.contains("groups.enabled is false"));
    assert_eq!(result.in_scope_groups, 0);
}

#[test]
fn group_members_resolve_through_the_id_map() {
    let mut opts = options(1);
    opts.id_map.insert("u1".into(), "t1".into());
    opts.id_map.insert("u2".into(), "t2".into());
    let result = preview(&sample_config(), &fixture_directory(), &asana(), &opts).into_owned();
    let everyone = &result.items[5];
    assert_eq!(
        everyone.resource["members"],
        json!([{"value": "t1"}, {"value": "t2"}])
    );
    assert_eq!(
        everyone.pending_members,
        vec!["u4".to_string(), "u9".to_string()]
    );
    let codes: Vec<&str> = everyone
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, vec!["group.unknownMember", "group.pendingMembers"]);
}

#[test]
fn preview_one_agrees_with_the_whole_preview() {
    let config = edit(&sample_config(), |c| {
        c["users"]["mappings"][3]["source"] = json!({"type": "expression", "expression": "Guid()"});
    });
    let directory = fixture_directory();
    let whole = preview(&config, &directory, &asana(), &options(5));
    for index in 0..directory.users.len() {
        let one = preview_one(&config, &directory, &asana(), index, &options(5)).unwrap();
        assert_eq!(one, whole.items[index]);
    }
    assert!(preview_one(&config, &directory, &asana(), 99, &options(5)).is_none());
}

#[test]
fn keeping_only_user_names_changes_nothing_else_and_preview_one_gives_the_rest() {
    // The sample directory has its planted problems: duplicates, out of scope users, groups.
    let config = edit(&sample_config(), |c| {
        c["users"]["mappings"][3]["source"] = json!({"type": "expression", "expression": "Guid()"});
    });
    for directory in [
        fixture_directory(),
        source::from_value(sample::directory(240)).unwrap(),
    ] {
        let whole = preview(&config, &directory, &asana(), &options(5));
        let names_only = PreviewOptions {
            retain: Retain::UserNames,
            ..options(5)
        };
        let slim = preview(&config, &directory, &asana(), &names_only);
        assert_eq!(slim.diagnostics, whole.diagnostics);
        assert_eq!(slim.eval, whole.eval);
        assert_eq!(
            (slim.in_scope_users, slim.total_users, slim.in_scope_groups),
            (
                whole.in_scope_users,
                whole.total_users,
                whole.in_scope_groups
            )
        );
        assert_eq!(slim.items.len(), whole.items.len());
        let mut kept_names = 0;
        for (index, (slim_item, whole_item)) in slim.items.iter().zip(&whole.items).enumerate() {
            let mut expected = whole_item.clone();
            if whole_item.resource_type == ResourceKind::User && whole_item.in_scope {
                let name = whole_item.resource.get("userName");
                assert_eq!(slim_item.resource.get("userName"), name, "users[{index}]");
                assert_eq!(
                    slim_item.resource.as_object().map(|o| o.len()),
                    Some(usize::from(name.is_some()))
                );
                kept_names += usize::from(name.is_some());
                expected.resource = slim_item.resource.clone();
                // The whole resource of any one user, as the app shows it.
                let one = preview_one(&config, &directory, &asana(), index, &options(5)).unwrap();
                assert_eq!(one.resource, whole_item.resource, "users[{index}]");
            }
            assert_eq!(slim_item, &expected, "item {index}");
        }
        assert!(kept_names > 0);
    }
}

#[test]
fn previews_are_deterministic_and_seeds_differ_per_user() {
    let config = edit(&sample_config(), |c| {
        c["users"]["mappings"][3]["source"] = json!({"type": "expression", "expression": "Guid()"});
    });
    let directory = fixture_directory();
    let first = preview(&config, &directory, &asana(), &options(5));
    assert_eq!(first, preview(&config, &directory, &asana(), &options(5)));
    assert_ne!(
        first.items[0].resource["title"],
        first.items[2].resource["title"]
    );
    let other_seed = preview(&config, &directory, &asana(), &options(6));
    assert_ne!(
        first.items[0].resource["title"],
        other_seed.items[0].resource["title"]
    );
}

#[test]
fn previews_serialize_with_the_contract_field_names() {
    let result = run(&sample_config(), &fixture_directory());
    let json = serde_json::to_value(&result).unwrap();
    for field in [
        "items",
        "diagnostics",
        "totalUsers",
        "inScopeUsers",
        "totalGroups",
        "inScopeGroups",
    ] {
        assert!(json.get(field).is_some(), "{field}");
    }
    let item = &json["items"][0];
    for field in [
        "sourceId",
        "sourceIndex",
        "inScope",
        "scopeReason",
        "resourceType",
        "resource",
        "matching",
        "diagnostics",
    ] {
        assert!(item.get(field).is_some(), "{field}");
    }
    assert_eq!(item["resourceType"], json!("User"));
    assert!(item.get("pendingMembers").is_none());
    assert_eq!(json["items"][4]["pendingMembers"], json!(["u1", "u3"]));
}
