//! The page frame: header, panels.

use super::connection::ConnectionPanel;
use super::state::AppState;
use yew::prelude::*;

/// Where the page reaches the SCIM API by default: the same-origin proxy
/// that `scripts/run` (Trunk) and the deployment guide set up at `/scim`.
fn default_base_url() -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/scim")
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::new(default_base_url()));
    html! {
        <>
            <header class="app-header">
                <h1>{ "scim-mapper" }</h1>
                <p class="tagline">{ "See and check every SCIM request before it is sent." }</p>
            </header>
            <main class="panels">
                <ConnectionPanel state={state.clone()} />
            </main>
        </>
    }
}
