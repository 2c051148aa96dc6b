//! The page frame: header with the offline badge, section navigation,
//! notices and undo, and the open panel. Also where state meets storage.

use super::browser::{self, OnlineWatch};
use super::connection::ConnectionPanel;
use super::expressions::ExpressionsPanel;
use super::groups::GroupsPanel;
use super::host::Host;
use super::import::ImportPanel;
use super::mappings::MappingsPanel;
use super::mount::WidgetLink;
use super::preview::{AppPreview, PreviewPanel};
use super::scoping::ScopingPanel;
use super::shared::Shared;
use super::source::SourcePanel;
use super::state::{Action, AppState, Notice, NoticeKind, Panel};
use super::storage;
use super::sync::SyncPanel;
use super::validation::ValidationPanel;
use crate::mapping::expr::EvalContext;
use crate::workspace::{import_config, Edit};
use std::rc::Rc;
use yew::prelude::*;

/// From this many users on, the preview waits for typing to pause.
const DEBOUNCED_PREVIEW_USERS: usize = 2_000;
const PREVIEW_PAUSE_MS: i32 = 250;

/// What `mount` hands the app: the embedding, the first state, and the
/// link its `Widget` handle talks through.
#[derive(Properties, Clone)]
pub struct AppProps {
    pub host: Host,
    pub initial: Rc<AppState>,
    pub link: Rc<WidgetLink>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        self.host == other.host
            && Rc::ptr_eq(&self.initial, &other.initial)
            && Rc::ptr_eq(&self.link, &other.link)
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = {
        let initial = props.initial.clone();
        use_reducer(move || (*initial).clone())
    };
    let host = props.host.clone();
    let persist = host.settings.persist;

    // The widget handle dispatches through this (`Widget.setConfig`).
    {
        let (link, dispatcher) = (props.link.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            link.dispatcher.replace(Some(dispatcher));
        });
    }
    // On every configuration change: save it (when persisting), keep it for
    // `Widget.config()`, and tell the portal (not for the first render).
    {
        let (link, host) = (props.link.clone(), host.clone());
        let first = use_mut_ref(|| true);
        use_effect_with(state.workspace.config.clone(), move |config| {
            if persist {
                storage::save_config(config);
            }
            link.config.replace(config.clone());
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                host.emit("configchange", config);
            }
        });
    }
    // The token reaches storage only when the admin asked for it.
    use_effect_with(
        (state.token.clone(), state.remember_token),
        move |(token, remember)| {
            if persist {
                storage::remember_token(remember.then_some(token.as_str()));
            }
        },
    );
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let watch = OnlineWatch::start(move |online| state.dispatch(Action::SetOnline(online)));
            move || drop(watch)
        });
    }

    // Everything derived from the configuration and the directory, computed
    // once per change and shared by identity.
    // A large directory is previewed once typing pauses: re-previewing
    // 10,000 users on every keystroke of an expression makes typing lag.
    let large = state.workspace.directory.users.len() >= DEBOUNCED_PREVIEW_USERS;
    // The configuration the preview shows: kept current for a small
    // directory, so a directory growing large starts from the latest one.
    let settled = use_mut_ref(|| state.workspace.config.clone());
    if !large {
        *settled.borrow_mut() = state.workspace.config.clone();
    }
    let rerender = use_force_update();
    {
        let settled = settled.clone();
        use_effect_with(
            (state.workspace.config.clone(), large),
            move |(config, large)| {
                let config = config.clone();
                let timer = large
                    .then(|| {
                        crate::web::Timeout::start(PREVIEW_PAUSE_MS, move || {
                            *settled.borrow_mut() = config;
                            rerender.force_update();
                        })
                    })
                    .flatten();
                move || drop(timer)
            },
        );
    }
    let preview = {
        let mut workspace = state.workspace.clone();
        if large {
            workspace.config = settled.borrow().clone();
        }
        let key = (
            workspace.config.clone(),
            std::rc::Rc::as_ptr(&workspace.directory) as usize,
        );
        let computed = use_memo(key, move |_| {
            let eval = EvalContext {
                now_millis: js_sys::Date::now() as i64,
                seed: 0,
            };
            let preview = AppPreview::compute(workspace, eval);
            browser::mark("preview-computed");
            preview
        });
        Shared(computed)
    };
    // Reveal: focus the field a diagnostic points at once its panel is drawn.
    {
        let host = host.clone();
        use_effect_with(state.focus.clone(), move |focus| {
            if let Some(element) = focus.as_ref().and_then(|(id, _)| host.element_by_id(id)) {
                element.scroll_into_view();
                let _ = element.focus();
            }
        });
    }

    let panel = match state.panel {
        Panel::Connection => html! { <ConnectionPanel state={state.clone()} /> },
        Panel::Source => html! { <SourcePanel state={state.clone()} /> },
        Panel::Mappings => html! { <MappingsPanel state={state.clone()} /> },
        Panel::Expressions => html! { <ExpressionsPanel state={state.clone()} /> },
        Panel::Scoping => html! { <ScopingPanel state={state.clone()} /> },
        Panel::Groups => html! { <GroupsPanel state={state.clone()} /> },
        Panel::Validation => {
            html! { <ValidationPanel state={state.clone()} preview={preview.clone()} /> }
        }
        Panel::Preview => {
            html! { <PreviewPanel state={state.clone()} preview={preview.clone()} /> }
        }
        Panel::Import => html! { <ImportPanel state={state.clone()} /> },
        Panel::Sync => html! { <SyncPanel state={state.clone()} /> },
    };
    // Read-only (a portal's viewer): the editors stay readable but inert;
    // the reducer refuses configuration edits from anywhere else.
    let edits_config = matches!(
        state.panel,
        Panel::Mappings | Panel::Scoping | Panel::Groups
    );
    let panel = if state.read_only && edits_config {
        html! { <fieldset class="read-only" disabled=true>{ panel }</fieldset> }
    } else {
        panel
    };
    // Landmarks and the h1 belong to the page that owns the document; in a
    // portal the widget is one labelled region inside the portal's main.
    let standalone = host.settings.standalone;
    let (header_tag, main_tag) = if standalone {
        ("header", "main")
    } else {
        ("div", "div")
    };
    let title = if standalone {
        html! { <h1>{ "scim-mapper" }</h1> }
    } else {
        html! { <p class="app-title">{ "scim-mapper" }</p> }
    };
    html! {
        <ContextProvider<Host> context={host.clone()}>
            <@{header_tag} class="app-header">
                { title }
                <p class="tagline">{ "See and check every SCIM request before it is sent." }</p>
                <ConfigFile state={state.clone()} />
                <OnlineBadge online={state.online} />
                if state.read_only {
                    <span class="badge read-only" id="read-only-badge"
                        title="The portal shows this configuration without letting it change; syncs are dry runs.">
                        { "Read-only" }
                    </span>
                }
            </@>
            <div class="layout" role={(!standalone).then_some("region")}
                aria-label={(!standalone).then_some("scim-mapper")}>
                <Navigation state={state.clone()} />
                <@{main_tag} class="panels" id="main">
                    <NoticeBar state={state.clone()} />
                    <UndoBar state={state.clone()} />
                    { panel }
                </@>
            </div>
        </ContextProvider<Host>>
    }
}

#[derive(Properties, PartialEq)]
pub struct StateProps {
    pub state: UseReducerHandle<AppState>,
}

#[derive(Properties, PartialEq)]
struct OnlineProps {
    online: bool,
}

#[function_component(OnlineBadge)]
fn online_badge(props: &OnlineProps) -> Html {
    let (class, text, title) = if props.online {
        (
            "badge online",
            "Online",
            "Test connection, Import and Sync can reach the SCIM API.",
        )
    } else {
        (
            "badge offline",
            "Offline",
            "Mapping, scoping, validation and preview keep working without a network.",
        )
    };
    html! { <span class={class} id="online-badge" role="status" title={title}>{ text }</span> }
}

#[function_component(Navigation)]
fn navigation(props: &StateProps) -> Html {
    let current = props.state.panel;
    let url_hash = use_context::<Host>().is_some_and(|h| h.settings.standalone);
    html! {
        <nav class="sections" aria-label="Sections">
            <ul>
                { for Panel::ALL.into_iter().map(|panel| {
                    let state = props.state.clone();
                    let onclick = Callback::from(move |_| {
                        if let Some(window) = web_sys::window().filter(|_| url_hash) {
                            let _ = window.location().set_hash(panel.slug());
                        }
                        state.dispatch(Action::ShowPanel(panel));
                    });
                    let aria_current = (panel == current).then_some("page");
                    html! {
                        <li>
                            <button type="button" class="nav-item" id={format!("nav-{}", panel.slug())}
                                aria-current={aria_current} {onclick}>
                                { panel.title() }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}

/// Export and import of the configuration file. A file that does not load
/// is refused with its located errors; the current configuration stays.
#[function_component(ConfigFile)]
fn config_file(props: &StateProps) -> Html {
    let on_export = {
        let state = props.state.clone();
        Callback::from(move |_| {
            let text = state.workspace.config.to_json_pretty();
            if let Err(message) =
                browser::download("scim-mapper-config.json", &text, "application/json")
            {
                state.dispatch(Action::Notify(Notice {
                    kind: NoticeKind::Error,
                    title: message,
                    details: vec![],
                }));
            }
        })
    };
    let on_import = {
        let state = props.state.clone();
        Callback::from(move |event: Event| {
            let Some(file) = browser::chosen_file(&event) else {
                return;
            };
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let notice = match browser::read_text(&file).await {
                    Err(message) => Notice {
                        kind: NoticeKind::Error,
                        title: message,
                        details: vec![],
                    },
                    Ok(text) => match import_config(&text) {
                        Ok(config) => {
                            state.dispatch(Action::Edit(Edit::ReplaceConfig {
                                config,
                                label: name.clone(),
                            }));
                            Notice {
                                kind: NoticeKind::Success,
                                title: format!("Imported {name}."),
                                details: vec![],
                            }
                        }
                        Err(errors) => Notice {
                            kind: NoticeKind::Error,
                            title: format!(
                                "{name} was not imported; your configuration is unchanged."
                            ),
                            details: errors.iter().map(ToString::to_string).collect(),
                        },
                    },
                };
                state.dispatch(Action::Notify(notice));
            });
        })
    };
    html! {
        <div class="config-file">
            <button type="button" class="secondary" id="export-config" onclick={on_export}>{ "Export configuration" }</button>
            if !props.state.read_only {
                <input id="import-config" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} />
                <label class="file-button secondary" for="import-config">{ "Import configuration…" }</label>
            }
        </div>
    }
}

#[function_component(NoticeBar)]
fn notice_bar(props: &StateProps) -> Html {
    let Some(notice) = &props.state.notice else {
        return html! {};
    };
    let class = match notice.kind {
        NoticeKind::Success => "notice ok",
        NoticeKind::Error => "notice error",
        NoticeKind::Working => "notice working",
    };
    let role = if notice.kind == NoticeKind::Error {
        "alert"
    } else {
        "status"
    };
    let dismiss = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::DismissNotice))
    };
    html! {
        <div class={class} role={role} id="notice">
            <div>
                <p class="notice-title">{ &notice.title }</p>
                if !notice.details.is_empty() {
                    <ul class="notice-details">
                        { for notice.details.iter().take(20).map(|d| html! { <li>{ d }</li> }) }
                    </ul>
                }
            </div>
            <button type="button" class="secondary" onclick={dismiss} aria-label="Dismiss message">{ "Dismiss" }</button>
        </div>
    }
}

#[function_component(UndoBar)]
fn undo_bar(props: &StateProps) -> Html {
    let Some(undo) = &props.state.workspace.undo else {
        return html! {};
    };
    let onclick = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::Edit(Edit::Undo)))
    };
    html! {
        <div class="undo" role="status" id="undo-bar">
            <span>{ &undo.label }</span>
            <button type="button" class="secondary" {onclick}>{ "Undo" }</button>
        </div>
    }
}
