//! The app's whole state and the one reducer that changes it (Yew's
//! function_todomvc shape). Configuration edits are delegated to the core's
//! [`Workspace`]; this file only adds what exists because there is a page:
//! the open panel, the connection form, notices, online status.

use crate::connection::ConnectionReport;
use crate::error::Error;
use crate::workspace::{Edit, Workspace};
use std::rc::Rc;
use yew::Reducible;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Connection,
    Source,
    Mappings,
    Scoping,
    Groups,
}

impl Panel {
    pub const ALL: [Panel; 5] = [
        Panel::Connection,
        Panel::Source,
        Panel::Mappings,
        Panel::Scoping,
        Panel::Groups,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Panel::Connection => "Connection",
            Panel::Source => "Source directory",
            Panel::Mappings => "Attribute mappings",
            Panel::Scoping => "Scoping",
            Panel::Groups => "Groups",
        }
    }

    /// Stable id for URLs (`#mappings`) and tests.
    pub fn slug(self) -> &'static str {
        match self {
            Panel::Connection => "connection",
            Panel::Source => "source",
            Panel::Mappings => "mappings",
            Panel::Scoping => "scoping",
            Panel::Groups => "groups",
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeKind {
    Success,
    Error,
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
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(edit) => next.workspace.apply(edit),
            Action::ShowPanel(panel) => next.panel = panel,
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
        }
        Rc::new(next)
    }
}

impl AppState {
    fn connection_changed(&mut self) {
        self.connection = ConnectionStatus::Idle;
        self.connection_generation = self.connection_generation.wrapping_add(1);
    }
}
