//! The browser storage the app uses, in one place: the configuration in
//! localStorage (saved on every change, restored on load), the token in
//! sessionStorage only when the admin ticks "remember on this device".
//! The directory is never stored: it holds people's data.

use crate::error::Error;
use crate::mapping::config::{self, Config};
use web_sys::Storage;

const CONFIG_KEY: &str = "scim-mapper.config.v1";
const TOKEN_KEY: &str = "scim-mapper.token";

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The saved configuration: `None` when nothing is saved, `Err` when what is
/// saved no longer loads (the app then starts fresh and says why).
pub fn load_config() -> Option<Result<Config, Vec<Error>>> {
    let text = local()?.get_item(CONFIG_KEY).ok()??;
    Some(config::load(&text))
}

/// Saves the configuration; `false` when the browser refused (private mode, quota).
pub fn save_config(config: &Config) -> bool {
    local().is_some_and(|s| s.set_item(CONFIG_KEY, &config.to_json_pretty()).is_ok())
}

pub fn load_token() -> Option<String> {
    session()?
        .get_item(TOKEN_KEY)
        .ok()?
        .filter(|t| !t.is_empty())
}

/// Stores the token for this browser session, or forgets it.
pub fn remember_token(token: Option<&str>) {
    if let Some(storage) = session() {
        let _ = match token {
            Some(token) if !token.is_empty() => storage.set_item(TOKEN_KEY, token),
            _ => storage.remove_item(TOKEN_KEY),
        };
    }
}
