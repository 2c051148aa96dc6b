//! The admin's working state — the configuration being edited and the
//! directory it is checked against — and every edit the app can make to it.
//!
//! Pure (crux style): the Yew app only dispatches [`Edit`]s and renders,
//! so every editing rule (what undo restores, how a reorder moves a mapping,
//! what a bad import keeps) is tested natively here.

use crate::error::Error;
use crate::mapping::config::{self, Config, Mapping, ScopingGroup, Source};
pub use crate::mapping::engine::ResourceKind;
use crate::mapping::engine::Target;
use crate::mapping::expr::EvalContext;
use crate::mapping::preview::{self, Preview, PreviewItem, PreviewOptions, Retain};
use crate::mapping::scoping;
use crate::mapping::source::Directory;
use crate::sample;
use crate::scim::profiles;
use serde_json::json;
use std::rc::Rc;

/// A configuration the admin can get back with one click.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    /// What was done, e.g. "Deleted the mapping for title".
    pub label: String,
    pub config: Config,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    pub config: Config,
    /// Shared, not copied: directories can hold 100,000 users.
    pub directory: Rc<Directory>,
    /// Where the directory came from ("Sample directory", a file name).
    pub directory_label: String,
    pub undo: Option<Undo>,
}

pub enum Edit {
    SetProfile(String),
    /// The server's discovered schemas as the target's (`None`: back to
    /// the profile's built-in schemas).
    SetDiscovered(Option<config::DiscoveredTarget>),
    SetBaseUrl(String),
    SetVerifiedDomains(Vec<String>),
    SetGroupsEnabled(bool),
    AddMapping(ResourceKind),
    UpdateMapping {
        side: ResourceKind,
        index: usize,
        mapping: Mapping,
    },
    RemoveMapping {
        side: ResourceKind,
        index: usize,
    },
    /// Moves the mapping at `from` one step up (`up`) or down.
    MoveMapping {
        side: ResourceKind,
        index: usize,
        up: bool,
    },
    /// Back to the profile's default mappings.
    ResetMappings(ResourceKind),
    SetScoping {
        side: ResourceKind,
        scoping: Vec<ScopingGroup>,
    },
    SetActions(config::Actions),
    SetDeprovision(config::Deprovision),
    /// A whole configuration (an imported file, already validated by [`import_config`]).
    ReplaceConfig {
        config: Config,
        label: String,
    },
    LoadDirectory {
        directory: Directory,
        label: String,
    },
    /// Back to the built-in sample directory.
    UseSample,
    Undo,
}

/// The configuration a first visit starts with: the Asana profile's default
/// mappings, groups pushed as teams, the sample directory's domain verified.
pub fn starter_config() -> Config {
    let profile_name = "asana";
    let mut config = Config::default();
    config.target.profile = profile_name.to_string();
    config.verified_domains = vec![sample::DOMAIN.to_string()];
    config.groups.enabled = true;
    config.users.mappings = default_mappings(profile_name, ResourceKind::User);
    config.groups.mappings = default_mappings(profile_name, ResourceKind::Group);
    config
}

/// A profile's default mappings for one side; none for an unknown profile.
pub fn default_mappings(profile_name: &str, side: ResourceKind) -> Vec<Mapping> {
    let Some(profile) = profiles::builtin(profile_name) else {
        return Vec::new();
    };
    let (defaults, key) = match side {
        ResourceKind::User => (profile.default_user_mappings, "users"),
        ResourceKind::Group => (profile.default_group_mappings, "groups"),
    };
    // Through the contract loader, so defaults obey the same rules as files.
    let document = json!({ "version": config::VERSION, "target": { "profile": profile_name }, key: { "mappings": defaults } });
    match config::from_value(&document) {
        Ok(parsed) => match side {
            ResourceKind::User => parsed.users.mappings,
            ResourceKind::Group => parsed.groups.mappings,
        },
        Err(_) => Vec::new(),
    }
}

/// Parses an imported configuration file. On failure the caller keeps the
/// current configuration and shows these located errors.
pub fn import_config(text: &str) -> Result<Config, Vec<Error>> {
    config::load(text)
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace::new(starter_config())
    }
}

impl Workspace {
    /// A workspace over the sample directory.
    pub fn new(config: Config) -> Self {
        let (directory, label) = labelled_sample();
        Workspace {
            config,
            directory: Rc::new(directory),
            directory_label: label,
            undo: None,
        }
    }

    pub fn mappings(&self, side: ResourceKind) -> &[Mapping] {
        match side {
            ResourceKind::User => &self.config.users.mappings,
            ResourceKind::Group => &self.config.groups.mappings,
        }
    }

    fn mappings_mut(&mut self, side: ResourceKind) -> &mut Vec<Mapping> {
        match side {
            ResourceKind::User => &mut self.config.users.mappings,
            ResourceKind::Group => &mut self.config.groups.mappings,
        }
    }

    fn remember(&mut self, label: String) {
        self.undo = Some(Undo {
            label,
            config: self.config.clone(),
        });
    }

    /// Applies one edit. Out-of-range indexes (a stale click) change nothing.
    pub fn apply(&mut self, edit: Edit) {
        match edit {
            Edit::SetProfile(name) => self.config.target.profile = name,
            Edit::SetDiscovered(discovered) => self.config.target.discovered = discovered,
            Edit::SetBaseUrl(url) => {
                let url = url.trim().to_string();
                self.config.target.base_url = (!url.is_empty()).then_some(url);
            }
            Edit::SetVerifiedDomains(domains) => {
                self.config.verified_domains = domains
                    .into_iter()
                    .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
                    .filter(|d| !d.is_empty())
                    .collect();
            }
            Edit::SetGroupsEnabled(enabled) => self.config.groups.enabled = enabled,
            Edit::AddMapping(side) => self.mappings_mut(side).push(Mapping {
                target: String::new(),
                source: Source::Direct {
                    attribute: String::new(),
                },
                apply_on: config::ApplyOn::Always,
                default: None,
                matching: None,
            }),
            Edit::UpdateMapping {
                side,
                index,
                mapping,
            } => {
                if let Some(slot) = self.mappings_mut(side).get_mut(index) {
                    *slot = mapping;
                }
            }
            Edit::RemoveMapping { side, index } => {
                let Some(target) = self.mappings(side).get(index).map(|m| m.target.clone()) else {
                    return;
                };
                let name = if target.is_empty() {
                    "an empty mapping".to_string()
                } else {
                    format!("the mapping for {target}")
                };
                self.remember(format!("Deleted {name}"));
                self.mappings_mut(side).remove(index);
            }
            Edit::MoveMapping { side, index, up } => {
                let list = self.mappings_mut(side);
                let other = if up {
                    index.checked_sub(1)
                } else {
                    index.checked_add(1)
                };
                if let Some(other) = other.filter(|&o| o < list.len() && index < list.len()) {
                    list.swap(index, other);
                }
            }
            Edit::ResetMappings(side) => {
                let what = match side {
                    ResourceKind::User => "user",
                    ResourceKind::Group => "group",
                };
                self.remember(format!(
                    "Reset the {what} mappings to the profile's defaults"
                ));
                let defaults = default_mappings(&self.config.target.profile, side);
                *self.mappings_mut(side) = defaults;
            }
            Edit::SetScoping { side, scoping } => match side {
                ResourceKind::User => self.config.users.scoping = scoping,
                ResourceKind::Group => self.config.groups.scoping = scoping,
            },
            Edit::SetActions(actions) => self.config.actions = actions,
            Edit::SetDeprovision(deprovision) => self.config.deprovision = deprovision,
            Edit::ReplaceConfig { config, label } => {
                self.remember(format!("Replaced the configuration with {label}"));
                self.config = config;
            }
            Edit::LoadDirectory { directory, label } => {
                self.directory = Rc::new(directory);
                self.directory_label = label;
            }
            Edit::UseSample => {
                let (directory, label) = labelled_sample();
                self.directory = Rc::new(directory);
                self.directory_label = label;
            }
            Edit::Undo => {
                if let Some(undo) = self.undo.take() {
                    self.config = undo.config;
                }
            }
        }
    }
}

/// How many records the scoping filters of one side let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeCount {
    pub in_scope: usize,
    pub total: usize,
}

impl Workspace {
    /// Live "N of M in scope" for the scoping editors; the located compile
    /// errors when a clause is broken (a bad regex, a missing value).
    pub fn scope_count(&self, side: ResourceKind) -> Result<ScopeCount, Vec<Error>> {
        let (groups, base, records) = match side {
            ResourceKind::User => (
                &self.config.users.scoping,
                scoping::USERS_PATH,
                &self.directory.users,
            ),
            ResourceKind::Group => (
                &self.config.groups.scoping,
                scoping::GROUPS_PATH,
                &self.directory.groups,
            ),
        };
        let compiled = scoping::compile_at(groups, base)?;
        let in_scope = records
            .iter()
            .filter(|r| compiled.evaluate(r, &self.directory).in_scope)
            .count();
        Ok(ScopeCount {
            in_scope,
            total: records.len(),
        })
    }
}

impl Workspace {
    /// Every resource that would be sent, with every diagnostic: the
    /// configuration's (including an unknown profile) and each record's.
    pub fn preview(&self, eval: EvalContext) -> Preview<'_> {
        self.preview_keeping(eval, Retain::Resources)
    }

    /// [`Workspace::preview`] keeping only each user's `userName` of its
    /// resource (what the app lists); [`Workspace::preview_user`] gives the
    /// whole resource of the one shown.
    pub fn preview_keeping(&self, eval: EvalContext, retain: Retain) -> Preview<'_> {
        let (target, mut diagnostics) = Target::for_config(&self.config);
        let options = PreviewOptions {
            eval,
            retain,
            ..PreviewOptions::default()
        };
        let mut preview = preview::preview(&self.config, &self.directory, &target, &options);
        diagnostics.append(&mut preview.diagnostics);
        preview.diagnostics = diagnostics;
        preview
    }

    /// The directory's `users[index]` exactly as a preview computed with
    /// `eval` has it (`Preview::eval`), with its whole resource; findings
    /// across users (duplicates) are the preview's, not repeated here.
    pub fn preview_user(&self, eval: EvalContext, index: usize) -> Option<PreviewItem<'_>> {
        let (target, _) = Target::for_config(&self.config);
        let options = PreviewOptions {
            eval,
            ..PreviewOptions::default()
        };
        preview::preview_one(&self.config, &self.directory, &target, index, &options)
    }
}

impl Workspace {
    /// The attribute names the directory's records of one kind use (from the
    /// first 200, enough for autocomplete), sorted.
    pub fn source_attribute_names(&self, kind: ResourceKind) -> Vec<String> {
        let records = match kind {
            ResourceKind::User => &self.directory.users,
            ResourceKind::Group => &self.directory.groups,
        };
        let names: std::collections::BTreeSet<&str> =
            records.iter().take(200).flat_map(|r| r.names()).collect();
        names.into_iter().map(str::to_string).collect()
    }
}

/// Where a diagnostic's JSON path points, so the app can open the panel
/// and focus the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// `$.users.mappings[3].source…`: `field` is `target`, `source`, `applyOn`, `default` or `matching`.
    Mapping {
        kind: ResourceKind,
        index: usize,
        field: String,
    },
    /// `$.users.scoping[0].clauses[1].value`: `field` is `attribute`, `operator`, `value` or `scimFilter`.
    Scoping {
        kind: ResourceKind,
        group: usize,
        clause: Option<usize>,
        field: String,
    },
    /// `$.users[17].mail`: a source record.
    Record { kind: ResourceKind, index: usize },
    /// `$.target.profile`, `$.verifiedDomains`, … : a top-level setting.
    Setting(String),
}

/// Reads a diagnostic path (`$.users.mappings[3].target`) into a [`Place`].
pub fn locate(path: &str) -> Option<Place> {
    let rest = path.strip_prefix("$.")?;
    let (kind, rest) = if let Some(r) = rest.strip_prefix("users") {
        (ResourceKind::User, r)
    } else if let Some(r) = rest.strip_prefix("groups") {
        (ResourceKind::Group, r)
    } else {
        let key = rest.split(['.', '[']).next().unwrap_or_default();
        return (!key.is_empty()).then(|| Place::Setting(key.to_string()));
    };
    let index_of = |text: &str| -> Option<(usize, String)> {
        let inner = text.strip_prefix('[')?;
        let (number, tail) = inner.split_once(']')?;
        Some((
            number.parse().ok()?,
            tail.trim_start_matches('.').to_string(),
        ))
    };
    if let Some(r) = rest.strip_prefix(".mappings") {
        let (index, tail) = index_of(r)?;
        let field = tail.split(['.', '[']).next().unwrap_or_default();
        let field = if field.is_empty() { "target" } else { field };
        return Some(Place::Mapping {
            kind,
            index,
            field: field.to_string(),
        });
    }
    if let Some(r) = rest.strip_prefix(".scoping") {
        let Some((group, tail)) = index_of(r) else {
            return Some(Place::Scoping {
                kind,
                group: 0,
                clause: None,
                field: String::new(),
            });
        };
        let (clause, field) = match tail.strip_prefix("clauses").and_then(index_of) {
            Some((clause, field)) => (Some(clause), field),
            None => (None, String::new()),
        };
        return Some(Place::Scoping {
            kind,
            group,
            clause,
            field,
        });
    }
    if let Some((index, _)) = index_of(rest) {
        return Some(Place::Record { kind, index });
    }
    Some(Place::Setting(match kind {
        ResourceKind::User => "users".into(),
        ResourceKind::Group => "groups".into(),
    }))
}

/// The sample directory and the label the Source panel shows for it.
fn labelled_sample() -> (Directory, String) {
    let directory = sample_directory();
    let label = format!(
        "Sample directory ({} users, {} groups)",
        directory.users.len(),
        directory.groups.len()
    );
    (directory, label)
}

/// The built-in sample directory as a [`Directory`].
pub fn sample_directory() -> Directory {
    crate::mapping::source::from_value(sample::directory(sample::DEFAULT_USERS)).unwrap_or_default()
}

mod target;

#[cfg(test)]
mod tests;
