//! The Yew admin app (wasm only). Components render [`state::AppState`] and
//! dispatch [`state::Action`]s; every rule they show comes from the core.
//! One file per panel; [`mount`] renders it into the admin page or, as a
//! widget, into a portal's element.

mod app;
mod browser;
mod connection;
mod expressions;
mod groups;
mod host;
mod import;
mod mappings;
mod mount;
mod preview;
mod scoping;
mod shared;
mod source;
pub mod state;
mod storage;
mod sync;
mod validation;
mod virtual_list;

pub use mount::{mount, Mounted};
