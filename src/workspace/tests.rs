use super::*;
use crate::mapping::config::ApplyOn;

fn titles(ws: &Workspace, side: Side) -> Vec<String> {
    ws.mappings(side).iter().map(|m| m.target.clone()).collect()
}

#[test]
fn a_first_visit_starts_with_the_asana_defaults_and_the_sample_directory() {
    let ws = Workspace::default();
    assert_eq!(ws.config.target.profile, "asana");
    assert_eq!(ws.config.verified_domains, vec!["example.com"]);
    assert!(ws.config.groups.enabled);
    let users = titles(&ws, Side::Users);
    assert_eq!(users.first().map(String::as_str), Some("userName"));
    assert!(users.iter().any(|t| t == "name.formatted"));
    assert_eq!(titles(&ws, Side::Groups), vec!["displayName", "members"]);
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
        side: Side::Users,
        index: 1,
    });
    assert_eq!(
        ws.mappings(Side::Users).len(),
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
        side: Side::Users,
        index: 0,
    });
    ws.apply(Edit::AddMapping(Side::Users));
    let edited = ws.config.clone();
    ws.apply(Edit::ResetMappings(Side::Users));
    assert_eq!(ws.config.users.mappings, defaults.users.mappings);
    ws.apply(Edit::Undo);
    assert_eq!(ws.config, edited);
}

#[test]
fn stale_indexes_change_nothing() {
    let mut ws = Workspace::default();
    let before = ws.config.clone();
    ws.apply(Edit::RemoveMapping {
        side: Side::Groups,
        index: 99,
    });
    ws.apply(Edit::MoveMapping {
        side: Side::Users,
        index: 0,
        up: true,
    });
    ws.apply(Edit::MoveMapping {
        side: Side::Users,
        index: 999,
        up: false,
    });
    let last = before.users.mappings.len() - 1;
    ws.apply(Edit::MoveMapping {
        side: Side::Users,
        index: last,
        up: false,
    });
    let mapping = before.users.mappings[0].clone();
    ws.apply(Edit::UpdateMapping {
        side: Side::Users,
        index: 500,
        mapping,
    });
    assert_eq!(ws.config, before);
    assert!(ws.undo.is_none());
}

#[test]
fn reordering_moves_one_step() {
    let mut ws = Workspace::default();
    let original = titles(&ws, Side::Users);
    ws.apply(Edit::MoveMapping {
        side: Side::Users,
        index: 2,
        up: true,
    });
    let moved = titles(&ws, Side::Users);
    assert_eq!(moved[1], original[2]);
    assert_eq!(moved[2], original[1]);
    ws.apply(Edit::MoveMapping {
        side: Side::Users,
        index: 1,
        up: false,
    });
    assert_eq!(titles(&ws, Side::Users), original);
}

#[test]
fn adding_and_updating_a_mapping() {
    let mut ws = Workspace::default();
    ws.apply(Edit::AddMapping(Side::Users));
    let index = ws.mappings(Side::Users).len() - 1;
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
        side: Side::Users,
        index,
        mapping: mapping.clone(),
    });
    assert_eq!(ws.mappings(Side::Users)[index], mapping);
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
}

#[test]
fn scope_counts_follow_the_scoping_filters() {
    use crate::mapping::config::{Clause, Operator};
    let mut ws = Workspace::default();
    assert_eq!(
        ws.scope_count(Side::Users).unwrap(),
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
        side: Side::Users,
        scoping,
    });
    assert_eq!(
        ws.scope_count(Side::Users).unwrap(),
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
        side: Side::Groups,
        scoping: vec![ScopingGroup {
            clauses: vec![broken],
        }],
    });
    let errors = ws.scope_count(Side::Groups).unwrap_err();
    assert_eq!(errors[0].path, "$.groups.scoping[0].clauses[0].value");
}
