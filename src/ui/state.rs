//! The app's whole state and the one reducer that changes it (Yew's
//! function_todomvc shape). Configuration edits are delegated to the core's
//! [`Workspace`]; this file only adds what exists because there is a page:
//! the open panel, the connection form, notices, online status.

use super::shared::Shared;
use crate::connection::ConnectionReport;
use crate::error::Error;
use crate::sync::{Control, Links, Phase, Progress, SyncOutcome, TargetSnapshot};
use crate::workspace::{locate, Edit, Place, ResourceKind, Workspace};
use std::rc::Rc;
use yew::Reducible;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Connection,
    Source,
    Mappings,
    Expressions,
    Scoping,
    Groups,
    Validation,
    Preview,
    Import,
    Sync,
}

impl Panel {
    pub const ALL: [Panel; 10] = [
        Panel::Connection,
        Panel::Source,
        Panel::Mappings,
        Panel::Expressions,
        Panel::Scoping,
        Panel::Groups,
        Panel::Validation,
        Panel::Preview,
        Panel::Import,
        Panel::Sync,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Panel::Connection => "Connection",
            Panel::Source => "Source directory",
            Panel::Mappings => "Attribute mappings",
            Panel::Expressions => "Expression editor",
            Panel::Scoping => "Scoping",
            Panel::Groups => "Groups",
            Panel::Validation => "Validation",
            Panel::Preview => "Preview",
            Panel::Import => "Import",
            Panel::Sync => "Plan & sync",
        }
    }

    /// Stable id for URLs (`#mappings`) and tests.
    pub fn slug(self) -> &'static str {
        match self {
            Panel::Connection => "connection",
            Panel::Source => "source",
            Panel::Mappings => "mappings",
            Panel::Expressions => "expressions",
            Panel::Scoping => "scoping",
            Panel::Groups => "groups",
            Panel::Validation => "validation",
            Panel::Preview => "preview",
            Panel::Import => "import",
            Panel::Sync => "sync",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.slug() == slug)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConnectionStatus {
    Idle,
    Testing,
    Connected(ConnectionReport),
    Failed(Error),
}

#[derive(Debug, Clone, PartialEq)]
pub enum SyncStatus {
    Idle,
    Running {
        control: Shared<Control>,
        dry_run: bool,
        phase: Phase,
        progress: Option<Progress>,
    },
    Finished {
        outcome: Shared<SyncOutcome>,
        dry_run: bool,
    },
    /// Nothing was sent: the plan could not be made.
    Failed(Vec<Error>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportStatus {
    Idle,
    Importing,
    Done,
    Failed(Error),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeKind {
    Success,
    Error,
    /// Something slow is under way (loading a large directory).
    Working,
}

/// A message about something the admin just did (an import, an upload).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub title: String,
    /// Located details, one per line (e.g. each config error with its path).
    pub details: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub workspace: Workspace,
    pub panel: Panel,
    /// Used when the configuration names no base URL: the same-origin proxy.
    pub default_base_url: String,
    /// Kept in memory; in sessionStorage only when `remember_token`.
    pub token: String,
    pub remember_token: bool,
    pub connection: ConnectionStatus,
    /// Bumped on every connection edit so a late answer for old settings is dropped.
    pub connection_generation: u32,
    pub notice: Option<Notice>,
    pub online: bool,
    /// Which mappings the Mappings panel shows.
    pub mappings_kind: ResourceKind,
    /// The preview item shown in detail (index into the preview's items).
    pub preview_selected: Option<usize>,
    /// An element to focus once rendered, with a counter so the same field
    /// can be revealed twice.
    pub focus: Option<(String, u32)>,
    pub import: ImportStatus,
    /// What the target held at the last import (contract §3 snapshot).
    pub target: Option<Shared<TargetSnapshot>>,
    pub sync: SyncStatus,
    /// Source id → target id learned by syncs: the next plan's links. In an
    /// `Rc`: after syncing 100,000 users, cloning or comparing the map on
    /// every action would cost more than the action.
    pub links: Rc<Links>,
    /// Set by the embedding portal: no configuration edit, no real sync.
    pub read_only: bool,
}

impl AppState {
    pub fn new(workspace: Workspace, default_base_url: String) -> Self {
        AppState {
            workspace,
            panel: Panel::Connection,
            default_base_url,
            token: String::new(),
            remember_token: false,
            connection: ConnectionStatus::Idle,
            connection_generation: 0,
            notice: None,
            online: true,
            mappings_kind: ResourceKind::User,
            preview_selected: None,
            focus: None,
            import: ImportStatus::Idle,
            target: None,
            sync: SyncStatus::Idle,
            links: Rc::default(),
            read_only: false,
        }
    }

    /// The SCIM base URL in effect.
    pub fn base_url(&self) -> &str {
        self.workspace
            .config
            .target
            .base_url
            .as_deref()
            .unwrap_or(&self.default_base_url)
    }
}

pub enum Action {
    Edit(Edit),
    /// The embedding portal replaced the configuration (`Widget.setConfig`);
    /// allowed even when the admin's own edits are not.
    HostConfig(crate::mapping::config::Config),
    ShowPanel(Panel),
    SetBaseUrl(String),
    SetToken(String),
    SetRememberToken(bool),
    ConnectionTestStarted,
    ConnectionTestFinished {
        generation: u32,
        result: Result<ConnectionReport, Error>,
    },
    Notify(Notice),
    DismissNotice,
    SetOnline(bool),
    ShowMappings(ResourceKind),
    SelectPreview(usize),
    /// Opens the panel and focuses the field a diagnostic path points at.
    Reveal(String),
    ImportStarted,
    ImportFinished(Result<Shared<TargetSnapshot>, Error>),
    SyncStarted {
        control: Shared<Control>,
        dry_run: bool,
    },
    SyncProgress {
        phase: Phase,
        progress: Progress,
    },
    SyncFinished {
        result: Result<Shared<SyncOutcome>, Vec<Error>>,
        dry_run: bool,
    },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(edit) if next.read_only && changes_config(&edit) => {
                next.notice = Some(read_only_notice());
            }
            Action::Edit(edit) => next.workspace.apply(edit),
            Action::HostConfig(config) => next.workspace.apply(Edit::ReplaceConfig {
                config,
                label: "Configuration from the portal".into(),
            }),
            Action::ShowPanel(panel) => next.panel = panel,
            Action::SetBaseUrl(_) if next.read_only => next.notice = Some(read_only_notice()),
            Action::SetBaseUrl(url) => {
                let url = if url.trim() == next.default_base_url {
                    String::new()
                } else {
                    url
                };
                next.workspace.apply(Edit::SetBaseUrl(url));
                next.connection_changed();
            }
            Action::SetToken(token) => {
                next.token = token;
                next.connection_changed();
            }
            Action::SetRememberToken(remember) => next.remember_token = remember,
            Action::ConnectionTestStarted => next.connection = ConnectionStatus::Testing,
            Action::ConnectionTestFinished { generation, result } => {
                if generation != next.connection_generation {
                    return self;
                }
                next.connection = match result {
                    Ok(report) => ConnectionStatus::Connected(report),
                    Err(error) => ConnectionStatus::Failed(error),
                };
            }
            Action::Notify(notice) => next.notice = Some(notice),
            Action::DismissNotice => next.notice = None,
            Action::SetOnline(online) => next.online = online,
            Action::ShowMappings(kind) => next.mappings_kind = kind,
            Action::SelectPreview(index) => next.preview_selected = Some(index),
            Action::Reveal(path) => next.reveal(&path),
            Action::ImportStarted => next.import = ImportStatus::Importing,
            Action::ImportFinished(Ok(snapshot)) => {
                next.import = ImportStatus::Done;
                next.target = Some(snapshot);
            }
            Action::ImportFinished(Err(error)) => next.import = ImportStatus::Failed(error),
            Action::SyncStarted { control, dry_run } => {
                next.sync = SyncStatus::Running {
                    control,
                    dry_run,
                    phase: Phase::Users,
                    progress: None,
                };
            }
            Action::SyncProgress {
                phase: new_phase,
                progress: new_progress,
            } => {
                if let SyncStatus::Running {
                    phase, progress, ..
                } = &mut next.sync
                {
                    *phase = new_phase;
                    *progress = Some(new_progress);
                }
            }
            Action::SyncFinished { result, dry_run } => {
                next.sync = match result {
                    Ok(outcome) => {
                        if !dry_run {
                            next.links = Rc::new(outcome.links.clone());
                        }
                        SyncStatus::Finished { outcome, dry_run }
                    }
                    Err(errors) => SyncStatus::Failed(errors),
                };
            }
        }
        Rc::new(next)
    }
}

/// Loading another directory is looking, not configuring: allowed read-only.
fn changes_config(edit: &Edit) -> bool {
    !matches!(edit, Edit::LoadDirectory { .. } | Edit::UseSample)
}

fn read_only_notice() -> Notice {
    Notice {
        kind: NoticeKind::Error,
        title: "This configuration is read-only here; the portal that shows it decides.".into(),
        details: vec![],
    }
}

impl AppState {
    fn focus_on(&mut self, panel: Panel, element_id: String) {
        self.panel = panel;
        let generation = self.focus.as_ref().map_or(0, |(_, n)| n.wrapping_add(1));
        self.focus = Some((element_id, generation));
    }

    /// The element ids here are the panels' own (`mapping-3-target`, …).
    fn reveal(&mut self, path: &str) {
        let noun = |kind: ResourceKind| {
            if kind == ResourceKind::User {
                "users"
            } else {
                "groups"
            }
        };
        match locate(path) {
            Some(Place::Mapping { kind, index, field }) => {
                self.mappings_kind = kind;
                let field = match field.as_str() {
                    "source" => "source",
                    "applyOn" => "apply",
                    "default" => "default",
                    "matching" => "matching",
                    _ => "target",
                };
                self.focus_on(Panel::Mappings, format!("mapping-{index}-{field}"));
            }
            Some(Place::Scoping {
                kind,
                group,
                clause,
                field,
            }) => {
                let panel = if kind == ResourceKind::User {
                    Panel::Scoping
                } else {
                    Panel::Groups
                };
                let id = match clause {
                    Some(c) => {
                        let field = if field == "scimFilter" {
                            "filter"
                        } else if field.is_empty() {
                            "attribute"
                        } else {
                            &field
                        };
                        format!("clause-{}-{group}-{c}-{field}", noun(kind))
                    }
                    None => format!("scoping-{}-{group}", noun(kind)),
                };
                self.focus_on(panel, id);
            }
            Some(Place::Record { kind, index }) => {
                let offset = if kind == ResourceKind::Group {
                    self.workspace.directory.users.len()
                } else {
                    0
                };
                self.preview_selected = Some(offset + index);
                self.focus_on(Panel::Preview, "preview-detail".into());
            }
            Some(Place::Setting(key)) => match key.as_str() {
                "target" => self.focus_on(Panel::Connection, "profile".into()),
                "groups" => self.focus_on(Panel::Groups, "groups-enabled".into()),
                _ => self.focus_on(Panel::Validation, "validation-title".into()),
            },
            None => {}
        }
    }

    fn connection_changed(&mut self) {
        self.connection = ConnectionStatus::Idle;
        self.connection_generation = self.connection_generation.wrapping_add(1);
    }
}
