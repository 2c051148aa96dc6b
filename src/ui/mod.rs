//! The Yew admin app (wasm only). Components render [`state::AppState`] and
//! dispatch [`state::Action`]s; every rule they show comes from the core.
//! One file per panel.

mod app;
mod browser;
mod connection;
mod expressions;
mod groups;
mod import;
mod mappings;
mod preview;
mod scoping;
mod shared;
mod source;
pub mod state;
mod storage;
mod sync;
mod validation;
mod virtual_list;

/// Renders the app into the page's `#app` element (or `<body>`).
pub fn start() {
    let document = web_sys::window().and_then(|w| w.document());
    let root = document.as_ref().and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(element) => {
            element.set_inner_html("");
            yew::Renderer::<app::App>::with_root(element).render()
        }
        None => yew::Renderer::<app::App>::new().render(),
    };
}
