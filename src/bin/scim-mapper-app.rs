//! The app module: Trunk builds this binary into `scim-mapper-app.js` +
//! `scim-mapper-app_bg.wasm`, the ES module of contract §5. It exports the core
//! functions (from `scim_mapper::js_api`) and, here, the two that need a
//! browser: `mount` (the whole app in an element) and `sync` (a run through
//! fetch). The admin page is this module mounted by `www/boot.js`; a portal
//! imports the same module (see `www/portal.html`). Natively it only says
//! where the app lives.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// The handle `mount` returns to the portal.
    #[wasm_bindgen]
    pub struct Widget {
        mounted: scim_mapper::ui::Mounted,
    }

    #[wasm_bindgen]
    impl Widget {
        /// The element the widget was mounted into (its events fire there).
        #[wasm_bindgen(getter)]
        pub fn element(&self) -> web_sys::HtmlElement {
            self.mounted.element()
        }

        /// The configuration as it is now (contract §1).
        #[wasm_bindgen(js_name = getConfig)]
        pub fn get_config(&self) -> Result<JsValue, JsValue> {
            self.mounted.config()
        }

        /// Replaces the configuration; an invalid one throws (code, path,
        /// every error in `errors`) and changes nothing.
        #[wasm_bindgen(js_name = setConfig)]
        pub fn set_config(&self, config: JsValue) -> Result<(), JsValue> {
            self.mounted.set_config(&config)
        }

        /// Removes the app from the element.
        pub fn unmount(&mut self) {
            self.mounted.unmount();
        }
    }

    /// `mount(element, options?)`: the whole app inside `element`.
    #[wasm_bindgen]
    pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> Result<Widget, JsValue> {
        scim_mapper::ui::mount(element, &options).map(|mounted| Widget { mounted })
    }

    /// `sync(config, source, options)`: import, plan and run; resolves to the report.
    #[wasm_bindgen]
    pub async fn sync(
        config: JsValue,
        source: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        scim_mapper::js_sync::sync(config, source, options).await
    }
}

/// Nothing starts by itself: the page's `boot.js` and portals call `mount`.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "scim-mapper-app is the browser app: run `scripts/run` (Trunk builds it for wasm32)."
    );
    std::process::exit(2);
}
