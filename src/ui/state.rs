//! The app's whole state and the one reducer that changes it
//! (Yew's function_todomvc shape): components only dispatch [`Action`]s.

use crate::connection::ConnectionReport;
use crate::error::Error;
use std::rc::Rc;
use yew::Reducible;

#[derive(Debug, Clone, PartialEq)]
pub enum ConnectionStatus {
    Idle,
    Testing,
    Connected(ConnectionReport),
    Failed(Error),
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub base_url: String,
    /// Kept in memory only; never logged, exported or previewed.
    pub token: String,
    pub connection: ConnectionStatus,
    /// Bumped on every connection edit so a late answer for old settings is dropped.
    pub connection_generation: u32,
}

impl AppState {
    pub fn new(base_url: String) -> Self {
        AppState {
            base_url,
            token: String::new(),
            connection: ConnectionStatus::Idle,
            connection_generation: 0,
        }
    }
}

pub enum Action {
    SetBaseUrl(String),
    SetToken(String),
    ConnectionTestStarted,
    ConnectionTestFinished {
        generation: u32,
        result: Result<ConnectionReport, Error>,
    },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetBaseUrl(url) => {
                next.base_url = url;
                next.connection = ConnectionStatus::Idle;
                next.connection_generation = next.connection_generation.wrapping_add(1);
            }
            Action::SetToken(token) => {
                next.token = token;
                next.connection = ConnectionStatus::Idle;
                next.connection_generation = next.connection_generation.wrapping_add(1);
            }
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
        }
        Rc::new(next)
    }
}
