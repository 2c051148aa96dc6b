use super::*;
use crate::mapping::config::ApplyOn;

fn titles(ws: &Workspace, side: ResourceKind) -> Vec<String> {
    ws.mappings(side).iter().map(|m| m.target.clone()).collect()
}

#[test]
fn a_first_visit_starts_with_the_asana_defaults_and_the_sample_directory() {
    let ws = Workspace::default();
    assert_eq!(ws.config.target.profile, "asana");
    assert_eq!(ws.config.verified_domains, vec!["example.com"]);
    assert!(ws.config.groups.enabled);
    let users = titles(&ws, ResourceKind::User);
    assert_eq!(users.first().map(String::as_str), Some("userName"));
    assert!(users.iter().any(|t| t == "name.formatted"));
    assert_eq!(
        titles(&ws, ResourceKind::Group),
        vec!["displayName", "members"]
    );
    assert_eq!(ws.directory.users.len(), sample::DEFAULT_USERS);
    assert!(ws.directory_label.contains("240 users"));
    // The starter config is a valid contract file: it survives a save/load.
    assert_eq!(
        config::load(&ws.config.to_json_pretty()).unwrap(),
        ws.config
    );
}

#[test]
fn deleting_a_mapping_can_be_undone() {
    let mut ws = Workspace::default();
    let before = ws.config.clone();
    ws.apply(Edit::RemoveMapping {
        side: ResourceKind::User,
        index: 1,
    });
    assert_eq!(
        ws.mappings(ResourceKind::User).len(),
        before.users.mappings.len() - 1
    );
    assert_eq!(
        ws.undo.as_ref().unwrap().label,
        "Deleted the mapping for active"
    );
    ws.apply(Edit::Undo);
    assert_eq!(ws.config, before);
    assert!(ws.undo.is_none());
}

#[test]
fn reset_restores_the_profile_defaults_and_is_undoable() {
    let mut ws = Workspace::default();
    let defaults = ws.config.clone();
    ws.apply(Edit::RemoveMapping {
        side: ResourceKind::User,
        index: 0,
    });
    ws.apply(Edit::AddMapping(ResourceKind::User));
    let edited = ws.config.clone();
    ws.apply(Edit::ResetMappings(ResourceKind::User));
    assert_eq!(ws.config.users.mappings, defaults.users.mappings);
    ws.apply(Edit::Undo);
    assert_eq!(ws.config, edited);
}

#[test]
fn stale_indexes_change_nothing() {
    let mut ws = Workspace::default();
    let before = ws.config.clone();
    ws.apply(Edit::RemoveMapping {
        side: ResourceKind::Group,
        index: 99,
    });
    ws.apply(Edit::MoveMapping {
        side: ResourceKind::User,
        index: 0,
        up: true,
    });
    ws.apply(Edit::MoveMapping {
        side: ResourceKind::User,
        index: 999,
        up: false,
    });
    let last = before.users.mappings.len() - 1;
    ws.apply(Edit::MoveMapping {
        side: ResourceKind::User,
        index: last,
        up: false,
    });
    let mapping = before.users.mappings[0].clone();
    ws.apply(Edit::UpdateMapping {
        side: ResourceKind::User,
        index: 500,
        mapping,
    });
    assert_eq!(ws.config, before);
    assert!(ws.undo.is_none());
}

#[test]
fn reordering_moves_one_step() {
    let mut ws = Workspace::default();
    let original = titles(&ws, ResourceKind::User);
    ws.apply(Edit::MoveMapping {
        side: ResourceKind::User,
        index: 2,
        up: true,
    });
    let moved = titles(&ws, ResourceKind::User);
    assert_eq!(moved[1], original[2]);
    assert_eq!(moved[2], original[1]);
    ws.apply(Edit::MoveMapping {
        side: ResourceKind::User,
        index: 1,
        up: false,
    });
    assert_eq!(titles(&ws, ResourceKind::User), original);
}

#[test]
fn adding_and_updating_a_mapping() {
    let mut ws = Workspace::default();
    ws.apply(Edit::AddMapping(ResourceKind::User));
    let index = ws.mappings(ResourceKind::User).len() - 1;
    let mapping = Mapping {
        target: "preferredLanguage".into(),
        source: Source::Direct {
            attribute: "preferredLanguage".into(),
        },
        apply_on: ApplyOn::Create,
        default: Some(json!("en-US")),
        matching: None,
    };
    ws.apply(Edit::UpdateMapping {
        side: ResourceKind::User,
        index,
        mapping: mapping.clone(),
    });
    assert_eq!(ws.mappings(ResourceKind::User)[index], mapping);
}

#[test]
fn a_bad_import_is_rejected_with_located_errors_and_a_good_one_is_undoable() {
    let errors = import_config("{\"version\": 1, \"users\": {\"mappings\": [{\"target\": 5}]}}")
        .unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.path.starts_with("$.users.mappings[0]")),
        "{errors:?}"
    );
    assert!(import_config("not json").unwrap_err()[0]
        .path
        .contains("line 1"));

    let mut ws = Workspace::default();
    let before = ws.config.clone();
    let imported = import_config(r#"{"version": 1, "target": {"profile": "generic"}}"#).unwrap();
    ws.apply(Edit::ReplaceConfig {
        config: imported,
        label: "team.json".into(),
    });
    assert_eq!(ws.config.target.profile, "generic");
    ws.apply(Edit::Undo);
    assert_eq!(ws.config, before);
}

#[test]
fn domains_and_base_url_are_normalised() {
    let mut ws = Workspace::default();
    ws.apply(Edit::SetVerifiedDomains(vec![
        " @Example.COM ".into(),
        "".into(),
        "corp.example".into(),
    ]));
    assert_eq!(
        ws.config.verified_domains,
        vec!["example.com", "corp.example"]
    );
    ws.apply(Edit::SetBaseUrl("  ".into()));
    assert_eq!(ws.config.target.base_url, None);
    ws.apply(Edit::SetBaseUrl(
        " https://app.asana.com/api/1.0/scim ".into(),
    ));
    assert_eq!(
        ws.config.target.base_url.as_deref(),
        Some("https://app.asana.com/api/1.0/scim")
    );
}

#[test]
fn loading_a_directory_replaces_it_without_touching_the_config() {
    let mut ws = Workspace::default();
    let config = ws.config.clone();
    let directory = crate::mapping::source::load_csv("id,mail\nu1,a@example.com\n").unwrap();
    ws.apply(Edit::LoadDirectory {
        directory,
        label: "people.csv".into(),
    });
    assert_eq!(ws.directory.users.len(), 1);
    assert_eq!(ws.directory_label, "people.csv");
    assert_eq!(ws.config, config);
    ws.apply(Edit::UseSample);
    assert_eq!(ws.directory.users.len(), sample::DEFAULT_USERS);
    assert_eq!(ws.directory_label, Workspace::default().directory_label);
    assert_eq!(ws.config, config);
}

#[test]
fn scope_counts_follow_the_scoping_filters() {
    use crate::mapping::config::{Clause, Operator};
    let mut ws = Workspace::default();
    assert_eq!(
        ws.scope_count(ResourceKind::User).unwrap(),
        ScopeCount {
            in_scope: 240,
            total: 240
        }
    );
    let sales = Clause::Attribute {
        attribute: "department".into(),
        operator: Operator::Equals,
        value: Some(json!("Sales")),
    };
    let legal = Clause::ScimFilter {
        scim_filter: "department eq \"Legal\"".into(),
    };
    let scoping = vec![
        ScopingGroup {
            clauses: vec![sales],
        },
        ScopingGroup {
            clauses: vec![legal],
        },
    ];
    ws.apply(Edit::SetScoping {
        side: ResourceKind::User,
        scoping,
    });
    assert_eq!(
        ws.scope_count(ResourceKind::User).unwrap(),
        ScopeCount {
            in_scope: 60,
            total: 240
        }
    );
    let broken = Clause::Attribute {
        attribute: "jobTitle".into(),
        operator: Operator::RegexMatch,
        value: Some(json!("(")),
    };
    ws.apply(Edit::SetScoping {
        side: ResourceKind::Group,
        scoping: vec![ScopingGroup {
            clauses: vec![broken],
        }],
    });
    let errors = ws.scope_count(ResourceKind::Group).unwrap_err();
    assert_eq!(errors[0].path, "$.groups.scoping[0].clauses[0].value");
}

#[test]
fn diagnostic_paths_locate_the_field_they_concern() {
    let mapping = |kind, index, field: &str| {
        Some(Place::Mapping {
            kind,
            index,
            field: field.into(),
        })
    };
    assert_eq!(
        locate("$.users.mappings[3].target"),
        mapping(ResourceKind::User, 3, "target")
    );
    assert_eq!(
        locate("$.users.mappings[12].source.expression"),
        mapping(ResourceKind::User, 12, "source")
    );
    assert_eq!(
        locate("$.groups.mappings[0]"),
        mapping(ResourceKind::Group, 0, "target")
    );
    assert_eq!(
        locate("$.users.scoping[1].clauses[0].value"),
        Some(Place::Scoping {
            kind: ResourceKind::User,
            group: 1,
            clause: Some(0),
            field: "value".into()
        })
    );
    assert_eq!(
        locate("$.groups.scoping"),
        Some(Place::Scoping {
            kind: ResourceKind::Group,
            group: 0,
            clause: None,
            field: String::new()
        })
    );
    assert_eq!(
        locate("$.users[17].mail"),
        Some(Place::Record {
            kind: ResourceKind::User,
            index: 17
        })
    );
    assert_eq!(
        locate("$.groups[2]"),
        Some(Place::Record {
            kind: ResourceKind::Group,
            index: 2
        })
    );
    assert_eq!(
        locate("$.target.profile"),
        Some(Place::Setting("target".into()))
    );
    assert_eq!(
        locate("$.verifiedDomains[0]"),
        Some(Place::Setting("verifiedDomains".into()))
    );
    assert_eq!(locate("$.users.mappings[x].target"), None);
    assert_eq!(locate("column 4"), None);
    assert_eq!(locate("$."), None);
}

#[test]
fn the_starter_workspace_previews_the_sample_with_its_known_problems() {
    let ws = Workspace::default();
    let preview = ws.preview(EvalContext::default());
    assert_eq!(preview.total_users, 240);
    assert_eq!(preview.in_scope_users, 240);
    let first = preview.items.iter().find(|i| i.in_scope).unwrap();
    assert_eq!(first.resource["userName"], json!("jose.muller@example.com"));
    let codes: Vec<&str> = preview
        .items
        .iter()
        .flat_map(|i| i.diagnostics.iter())
        .chain(preview.diagnostics.iter())
        .map(|d| d.code.as_str())
        .collect();
    // The sample's planted problems are all found.
    assert!(codes.contains(&"user.domainNotVerified"), "{codes:?}");
    assert!(codes.contains(&"user.nonBmp"), "{codes:?}");
    let mut ws = ws;
    ws.apply(Edit::SetProfile("nope".into()));
    let preview = ws.preview(EvalContext::default());
    assert_eq!(preview.diagnostics[0].code, "config.unknownProfile");
}

#[test]
fn source_attribute_names_are_sorted_and_per_kind() {
    let ws = Workspace::default();
    let users = ws.source_attribute_names(ResourceKind::User);
    assert!(users.windows(2).all(|w| w[0] < w[1]));
    assert!(
        users.contains(&"userPrincipalName".to_string()) && users.contains(&"manager".to_string())
    );
    assert_eq!(
        ws.source_attribute_names(ResourceKind::Group),
        vec!["description", "displayName", "id", "members"]
    );
}
