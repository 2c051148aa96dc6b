//! Where the app runs: the admin page (it owns the document) or a widget
//! mounted into a portal's element (contract §5 `mount`). Components read
//! the [`Host`] from a Yew context for everything that differs between the
//! two: where events go, where the token comes from, whether edits are
//! allowed, whether the configuration is saved, and where ids are looked up.

use crate::error::Error;
use crate::web::FetchTransport;
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What the embedding page decided; fixed for the widget's life.
#[derive(Debug, Default)]
pub struct HostSettings {
    /// The configuration cannot be changed and nothing can be written to
    /// the target (dry runs only): a viewer's seat in a portal.
    pub read_only: bool,
    /// Save the configuration in localStorage and restore it (the page;
    /// a widget only when the portal asks, since portals own their state).
    pub persist: bool,
    /// The app owns the document (the admin page): it renders the page's
    /// landmarks (`header`, `main`, `h1`) and keeps the open panel in the
    /// URL hash. A widget does neither: the portal has its own landmarks
    /// and its own URL.
    pub standalone: bool,
    /// The portal's `getToken` callback: asked for the bearer token each
    /// time the API is reached, so the token never sits in the widget.
    pub token_provider: Option<js_sys::Function>,
}

/// The embedding: the element events are dispatched on, the node ids are
/// looked up in (the document, or the widget's shadow root), and settings.
#[derive(Clone)]
pub struct Host {
    pub element: web_sys::Element,
    root: Lookup,
    pub settings: Rc<HostSettings>,
}

#[derive(Clone)]
enum Lookup {
    Document(web_sys::Document),
    Shadow(web_sys::ShadowRoot),
}

impl PartialEq for Host {
    fn eq(&self, other: &Self) -> bool {
        self.element == other.element && Rc::ptr_eq(&self.settings, &other.settings)
    }
}

impl Host {
    pub fn in_document(
        element: web_sys::Element,
        document: web_sys::Document,
        settings: HostSettings,
    ) -> Self {
        Host {
            element,
            root: Lookup::Document(document),
            settings: Rc::new(settings),
        }
    }

    pub fn in_shadow(
        element: web_sys::Element,
        shadow: web_sys::ShadowRoot,
        settings: HostSettings,
    ) -> Self {
        Host {
            element,
            root: Lookup::Shadow(shadow),
            settings: Rc::new(settings),
        }
    }

    /// An element of the app by id, wherever the app is rendered.
    pub fn element_by_id(&self, id: &str) -> Option<web_sys::HtmlElement> {
        let found = match &self.root {
            Lookup::Document(document) => document.get_element_by_id(id),
            Lookup::Shadow(shadow) => shadow.get_element_by_id(id),
        };
        found.and_then(|e| e.dyn_into().ok())
    }

    /// Dispatches `name` on the host element with `detail` (plain JSON
    /// data), bubbling and composed so the portal can listen anywhere above.
    pub fn emit<T: Serialize + ?Sized>(&self, name: &str, detail: &T) {
        let Ok(detail) = crate::js_api::to_js(detail) else {
            return;
        };
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            // A listener that throws does not reach us; nothing to handle.
            let _ = self.element.dispatch_event(&event);
        }
    }

    /// Whether the portal supplies the token (the token field is then hidden).
    pub fn provides_token(&self) -> bool {
        self.settings.token_provider.is_some()
    }
}

/// A transport to `base_url` with the typed token, or with the one the
/// portal's `getToken` returns (a string, or a promise of one) when the
/// app is embedded with a token provider.
pub async fn transport(
    host: Option<&Host>,
    base_url: &str,
    typed_token: &str,
) -> Result<FetchTransport, Error> {
    let token = match host.and_then(|h| h.settings.token_provider.as_ref()) {
        None => typed_token.to_string(),
        Some(provider) => call_token_provider(provider).await?,
    };
    Ok(FetchTransport::new(base_url, &token))
}

async fn call_token_provider(provider: &js_sys::Function) -> Result<String, Error> {
    let failed = |detail: &str| {
        Error::new(
            "connection.token",
            "getToken",
            format!("the portal's getToken callback {detail}"),
        )
    };
    let returned = provider
        .call0(&JsValue::UNDEFINED)
        .map_err(|_| failed("threw an error"))?;
    let value = match returned.dyn_into::<js_sys::Promise>() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|_| failed("returned a promise that was rejected"))?,
        Err(value) => value,
    };
    value
        .as_string()
        .ok_or_else(|| failed("must return a string (or a promise of one)"))
}
