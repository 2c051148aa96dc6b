//! `mount(element, options)` (contract §5): renders the whole app into an
//! element. The admin page mounts it into its `#app` element in the
//! document; a portal mounts it into a shadow root so no style leaks either
//! way. The options are read strictly: a misspelt option is an error with
//! its path, not a silently ignored setting.

use super::app::{App, AppProps};
use super::host::{Host, HostSettings};
use super::state::{AppState, Notice, NoticeKind, Panel};
use super::{browser, storage};
use crate::error::Error;
use crate::js_api::{read_config, read_source, thrown};
use crate::js_options::JsOptions;
use crate::mapping::config::Config;
use crate::mapping::engine::ResourceKind;
use crate::mapping::source::Directory;
use crate::scim::profiles;
use crate::workspace::{default_mappings, starter_config, Edit, Workspace};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// The app's stylesheet, adopted by the widget's shadow root (a
/// constructable stylesheet: no `<style>` element, so a strict CSP holds).
const STYLESHEET: &str = include_str!("../../www/styles.css");

/// Every option `mount` understands; anything else is refused.
const OPTION_NAMES: [&str; 11] = [
    "config",
    "source",
    "baseUrl",
    "token",
    "getToken",
    "profile",
    "readOnly",
    "panel",
    "persist",
    "shadow",
    "standalone",
];

/// The live app behind a [`Widget`](crate): what the portal can still ask
/// of it after mounting.
pub struct Mounted {
    handle: Option<yew::AppHandle<App>>,
    link: Rc<WidgetLink>,
    element: web_sys::HtmlElement,
}

/// Shared between the mounted app and its handle: the app registers its
/// dispatcher and keeps the current configuration here.
#[derive(Default)]
pub struct WidgetLink {
    pub dispatcher: RefCell<Option<yew::UseReducerDispatcher<AppState>>>,
    pub config: RefCell<Config>,
}

impl Mounted {
    pub fn element(&self) -> web_sys::HtmlElement {
        self.element.clone()
    }

    /// The configuration as the admin has it now, as a plain JS object.
    pub fn config(&self) -> Result<JsValue, JsValue> {
        crate::js_api::to_js(&*self.link.config.borrow())
    }

    /// Replaces the configuration. A bad one throws (code, path, all the
    /// errors in `errors`) and changes nothing.
    pub fn set_config(&self, config: &JsValue) -> Result<(), JsValue> {
        let config = read_config(config)?;
        let dispatcher = self.link.dispatcher.borrow();
        let dispatcher = dispatcher.as_ref().ok_or_else(|| {
            thrown(Error::new(
                "widget.unmounted",
                "$",
                "the widget is no longer mounted",
            ))
        })?;
        dispatcher.dispatch(super::state::Action::HostConfig(config));
        Ok(())
    }

    /// Removes the app; the element is left empty (its shadow root stays,
    /// since a shadow root cannot be detached, and is emptied).
    pub fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.link.dispatcher.replace(None);
        if let Some(shadow) = self.element.shadow_root() {
            shadow.set_inner_html("");
        }
    }
}

/// Mounts the app into `element`; errors are thrown JS `Error`s with
/// `code` and `path` (a broken `config` option carries all of its errors).
pub fn mount(element: web_sys::HtmlElement, options: &JsValue) -> Result<Mounted, JsValue> {
    let options = Options::read(options)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| {
            thrown(Error::new(
                "widget.document",
                "$",
                "no document to render in",
            ))
        })?;
    let settings = HostSettings {
        read_only: options.read_only,
        persist: options.persist,
        standalone: options.standalone,
        token_provider: options.get_token.clone(),
    };
    let (host, root) = if options.shadow {
        let shadow = match element.shadow_root() {
            Some(shadow) => shadow,
            None => element
                .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
                .map_err(|_| {
                    thrown(Error::new(
                        "widget.element",
                        "element",
                        "this element cannot hold a shadow root (use a <div> or a custom element)",
                    ))
                })?,
        };
        adopt_stylesheet(&shadow);
        shadow.set_inner_html("");
        let root = document
            .create_element("div")
            .map_err(|_| thrown(Error::new("widget.document", "$", "cannot create elements")))?;
        root.set_class_name("scim-mapper-widget");
        let _ = shadow.append_child(&root);
        (
            Host::in_shadow(element.clone().into(), shadow, settings),
            root,
        )
    } else {
        element.set_inner_html("");
        (
            Host::in_document(element.clone().into(), document, settings),
            element.clone().into(),
        )
    };
    let state = initial_state(&options, &host);
    let link = Rc::new(WidgetLink {
        dispatcher: RefCell::new(None),
        config: RefCell::new(state.workspace.config.clone()),
    });
    let props = AppProps {
        host,
        initial: Rc::new(state),
        link: link.clone(),
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root, props).render();
    Ok(Mounted {
        handle: Some(handle),
        link,
        element,
    })
}

fn adopt_stylesheet(shadow: &web_sys::ShadowRoot) {
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        if sheet.replace_sync(STYLESHEET).is_ok() {
            shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
        }
    }
}

/// The first state: the `config` option, else the saved configuration (when
/// persisting), else the starter for the chosen profile; then the rest.
fn initial_state(options: &Options, host: &Host) -> AppState {
    let (config, notice) = match (&options.config, host.settings.persist) {
        (Some(config), _) => (config.clone(), None),
        (None, true) => match storage::load_config() {
            None => (starter_for(options.profile.as_deref()), None),
            Some(Ok(config)) => (config, None),
            Some(Err(errors)) => (
                starter_for(options.profile.as_deref()),
                Some(Notice {
                    kind: NoticeKind::Error,
                    title: "The saved configuration no longer loads; starting from the defaults."
                        .into(),
                    details: errors.iter().map(ToString::to_string).collect(),
                }),
            ),
        },
        (None, false) => (starter_for(options.profile.as_deref()), None),
    };
    let default_base_url = options
        .base_url
        .as_deref()
        .map(absolute_url)
        // The same-origin proxy that `scripts/run` (Trunk) and the
        // deployment guide set up at `/scim`.
        .unwrap_or_else(|| absolute_url("/scim"));
    let mut state = AppState::new(Workspace::new(config), default_base_url);
    state.notice = notice;
    state.read_only = host.settings.read_only;
    if let Some(directory) = &options.source {
        state.workspace.apply(Edit::LoadDirectory {
            directory: directory.clone(),
            label: "Directory from the portal".into(),
        });
    }
    if let Some(token) = &options.token {
        state.token = token.clone();
    } else if host.settings.persist {
        if let Some(token) = storage::load_token() {
            state.token = token;
            state.remember_token = true;
        }
    }
    let hash_panel = host
        .settings
        .standalone
        .then(|| web_sys::window().and_then(|w| w.location().hash().ok()))
        .flatten()
        .and_then(|hash| Panel::from_slug(hash.trim_start_matches('#')));
    if let Some(panel) = options.panel.or(hash_panel) {
        state.panel = panel;
    }
    state.online = browser::is_online();
    state
}

/// The starter configuration, switched to `profile` with its default mappings.
fn starter_for(profile: Option<&str>) -> Config {
    let mut config = starter_config();
    if let Some(profile) = profile.filter(|p| *p != config.target.profile) {
        config.target.profile = profile.to_string();
        config.users.mappings = default_mappings(profile, ResourceKind::User);
        config.groups.mappings = default_mappings(profile, ResourceKind::Group);
    }
    config
}

/// A base URL as the page sees it: `/scim` becomes `https://portal.example/scim`
/// (the Connection panel's URL field only accepts absolute URLs).
fn absolute_url(url: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    match base.and_then(|base| web_sys::Url::new_with_base(url, &base).ok()) {
        Some(resolved) => resolved.href(),
        None => url.to_string(),
    }
}

/// `mount`'s options, read and checked.
struct Options {
    config: Option<Config>,
    source: Option<Directory>,
    base_url: Option<String>,
    token: Option<String>,
    get_token: Option<js_sys::Function>,
    profile: Option<String>,
    read_only: bool,
    panel: Option<Panel>,
    persist: bool,
    shadow: bool,
    standalone: bool,
}

impl Options {
    fn read(options: &JsValue) -> Result<Options, JsValue> {
        let options = JsOptions::read(options, &OPTION_NAMES, "mount")?;
        let config = options
            .get("config")
            .map(|config| read_config(&config))
            .transpose()?;
        let source = options
            .get("source")
            .map(|source| read_source(&source))
            .transpose()?;
        let profile = options.string("profile")?;
        if let Some(profile) = profile
            .as_deref()
            .filter(|p| profiles::builtin(p).is_none())
        {
            return Err(thrown(Error::new(
                "options.profile",
                "options.profile",
                format!("`{profile}` is not a built-in profile (generic, asana)"),
            )));
        }
        let panel = match options.string("panel")? {
            None => None,
            Some(slug) => Some(Panel::from_slug(&slug).ok_or_else(|| {
                let known: Vec<&str> = Panel::ALL.iter().map(|p| p.slug()).collect();
                thrown(Error::new(
                    "options.panel",
                    "options.panel",
                    format!("`{slug}` is not a panel; known: {}", known.join(", ")),
                ))
            })?),
        };
        // The admin page: the app owns the document, so by default no
        // shadow root and the configuration saved.
        let standalone = options.boolean("standalone")?.unwrap_or(false);
        Ok(Options {
            config,
            source,
            base_url: options.string("baseUrl")?,
            token: options.string("token")?,
            get_token: options.instance("getToken", "a function returning the token")?,
            profile,
            read_only: options.boolean("readOnly")?.unwrap_or(false),
            panel,
            persist: options.boolean("persist")?.unwrap_or(standalone),
            shadow: options.boolean("shadow")?.unwrap_or(!standalone),
            standalone,
        })
    }
}
