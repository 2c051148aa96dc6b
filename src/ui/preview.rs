//! Preview panel: for every user and group, whether it is in scope (and
//! which clause decided), the exact request that would be sent, and what is
//! wrong with it — the thing no IdP shows before users are broken.

use super::browser;
use super::shared::Shared;
use super::state::{Action, AppState};
use super::validation::diagnostic_row;
use super::virtual_list::VirtualTable;
use crate::error::Error;
use crate::http::{curl_command, Method, Request};
use crate::mapping::engine::View;
use crate::mapping::expr::EvalContext;
use crate::mapping::preview::{Preview, PreviewItem, Retain};
use crate::sync::reconcile::{ChangeKind, TargetComparison, TargetMatch};
use crate::workspace::{ResourceKind, Workspace};
use serde_json::Value;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub preview: Shared<AppPreview>,
}

/// The app's preview: user resources kept as names only
/// ([`Retain::UserNames`]: 100,000 whole resources would be most of the
/// page's memory), with the workspace it was computed from, so the one user
/// shown in detail gets its whole resource exactly as the preview had it —
/// even while a large directory's preview waits for typing to pause and
/// the live configuration is already newer.
pub struct AppPreview {
    /// Owned: only user names, nothing borrowed from the directory.
    preview: Preview<'static>,
    workspace: Workspace,
}

impl AppPreview {
    pub fn compute(workspace: Workspace, eval: EvalContext) -> AppPreview {
        AppPreview {
            preview: workspace
                .preview_keeping(eval, Retain::UserNames)
                .into_owned(),
            workspace,
        }
    }

    /// `items[index]` with its whole resource.
    fn whole_item(&self, index: usize) -> Option<PreviewItem<'static>> {
        let mut item = self.preview.items.get(index)?.clone();
        if item.resource_type == ResourceKind::User && item.in_scope {
            let whole = self
                .workspace
                .preview_user(self.preview.eval, item.source_index)?;
            item.resource = whole.resource.into_owned();
        }
        Some(item)
    }
}

impl std::ops::Deref for AppPreview {
    type Target = Preview<'static>;
    fn deref(&self) -> &Preview<'static> {
        &self.preview
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Show {
    All,
    InScope,
    OutOfScope,
    Problems,
}

/// The name an admin recognises: userName / displayName, else the source id.
fn label(item: &PreviewItem) -> String {
    let key = if item.resource_type == ResourceKind::User {
        "userName"
    } else {
        "displayName"
    };
    item.resource
        .view()
        .get(key)
        .and_then(View::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| item.source_id.to_string())
}

/// The request a first sync would send for this item (create).
pub fn create_request(item: &PreviewItem) -> Option<Request> {
    if !item.in_scope || item.resource.is_null() {
        return None;
    }
    let path = if item.resource_type == ResourceKind::User {
        "/Users"
    } else {
        "/Groups"
    };
    Some(Request {
        method: Method::Post,
        path: path.into(),
        body: Some(item.resource.as_value().clone()),
    })
}

#[function_component(PreviewPanel)]
pub fn preview_panel(props: &Props) -> Html {
    let show = use_state(|| Show::All);
    let query = use_state(String::new);
    let preview = props.preview.clone();
    let shown: Rc<Vec<usize>> = {
        let needle = query.trim().to_lowercase();
        let preview = preview.clone();
        use_memo(
            (preview.clone(), *show, needle),
            move |(_, show, needle)| {
                preview
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| match show {
                        Show::All => true,
                        Show::InScope => item.in_scope,
                        Show::OutOfScope => !item.in_scope,
                        Show::Problems => !item.diagnostics.is_empty(),
                    })
                    .filter(|(_, item)| {
                        needle.is_empty()
                            || item.source_id.to_lowercase().contains(needle)
                            || label(item).to_lowercase().contains(needle)
                    })
                    .map(|(i, _)| i)
                    .collect::<Vec<usize>>()
            },
        )
    };
    let selected = props
        .state
        .preview_selected
        .filter(|&i| i < preview.items.len());
    let selected_item: Rc<Option<PreviewItem<'static>>> = {
        let preview = preview.clone();
        use_memo((preview.clone(), selected), move |(_, selected)| {
            selected.and_then(|index| preview.whole_item(index))
        })
    };
    // The comparison with the imported target, from the core (the planner's
    // matching and differences); recomputed only when an input changes.
    let comparison: Rc<Option<Result<TargetComparison, Vec<Error>>>> = {
        let state = &props.state;
        let workspace = state.workspace.clone();
        let links = state.links.clone();
        let snapshot = state.target.clone();
        let key = (
            workspace.config.clone(),
            Rc::as_ptr(&workspace.directory) as usize,
            snapshot.clone(),
            links.clone(),
        );
        use_memo(key, move |_| {
            snapshot.map(|snapshot| {
                workspace.compare_with_target(&snapshot, &links, super::sync::plan_options())
            })
        })
    };
    let show_button = |which: Show, text: &str| {
        let show = show.clone();
        html! {
            <button type="button" class="chip" aria-pressed={(*show == which).to_string()}
                onclick={Callback::from(move |_| show.set(which))}>{ text }</button>
        }
    };
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let render_row = {
        let (preview, shown, state) = (preview.clone(), shown.clone(), props.state.clone());
        Callback::from(move |row: usize| {
            let Some((index, item)) = shown
                .get(row)
                .and_then(|&i| preview.items.get(i).map(|item| (i, item)))
            else {
                return html! { <tr key={row}></tr> };
            };
            let onclick = {
                let state = state.clone();
                Callback::from(move |_| state.dispatch(Action::SelectPreview(index)))
            };
            let status = if item.in_scope {
                "in scope"
            } else {
                "out of scope"
            };
            let problems = item.diagnostics.len();
            let is_selected = selected == Some(index);
            html! {
                <tr key={row} class={classes!(is_selected.then_some("selected"))} aria-rowindex={(row + 2).to_string()}>
                    <td><button type="button" class="link" {onclick} aria-pressed={is_selected.to_string()}>
                        <bdi>{ label(item) }</bdi>
                    </button></td>
                    <td>{ item.resource_type.name() }</td>
                    <td class={classes!(if item.in_scope { "ok-text" } else { "muted" })}>{ status }</td>
                    <td>{ if problems == 0 { String::new() } else { problems.to_string() } }</td>
                </tr>
            }
        })
    };
    let header = html! {
        <tr><th scope="col">{ "Name" }</th><th scope="col">{ "Type" }</th><th scope="col">{ "Scope" }</th><th scope="col">{ "Problems" }</th></tr>
    };
    html! {
        <section class="panel" aria-labelledby="preview-title">
            <h2 id="preview-title">{ "Preview" }</h2>
            <p class="muted" id="preview-summary" role="status">
                { format!(
                    "{} of {} users and {} of {} groups in scope. Select one to see the exact request.",
                    preview.in_scope_users, preview.total_users, preview.in_scope_groups, preview.total_groups
                ) }
            </p>
            <div class="toolbar" role="group" aria-label="Show">
                { show_button(Show::All, "All") }
                { show_button(Show::InScope, "In scope") }
                { show_button(Show::OutOfScope, "Out of scope") }
                { show_button(Show::Problems, "With problems") }
                <label class="visually-hidden" for="preview-search">{ "Search the preview" }</label>
                <input id="preview-search" type="search" placeholder="Search by name or id" value={(*query).clone()} oninput={on_search} />
            </div>
            <div class="split">
                if shown.is_empty() {
                    <p class="empty">{ "Nothing to show with these filters." }</p>
                } else {
                    <VirtualTable rows={shown.len()} row_height={36} visible_rows={14} columns={4}
                        header={header} render_row={render_row} label="Preview items" id="preview-list" />
                }
                { detail(selected_item.as_ref().as_ref(), &props.state, &comparison) }
            </div>
        </section>
    }
}

fn detail(
    item: Option<&PreviewItem>,
    state: &UseReducerHandle<AppState>,
    comparison: &Option<Result<TargetComparison, Vec<Error>>>,
) -> Html {
    let Some(item) = item else {
        return html! {
            <div class="detail empty" id="preview-detail" tabindex="-1">{ "Select a user or group to see its request." }</div>
        };
    };
    let request = create_request(item);
    let on_copy = request.as_ref().map(|request| {
        let command = curl_command(state.base_url(), request);
        let state = state.clone();
        Callback::from(move |_| {
            let done = browser::copy_text(&command);
            let title = if done {
                "Copied the curl command (the token is read from $SCIM_TOKEN)."
            } else {
                "The browser refused clipboard access."
            };
            state.dispatch(Action::Notify(super::state::Notice {
                kind: if done {
                    super::state::NoticeKind::Success
                } else {
                    super::state::NoticeKind::Error
                },
                title: title.into(),
                details: vec![],
            }));
        })
    });
    html! {
        <div class="detail" id="preview-detail" tabindex="-1" aria-label={format!("Request for {}", label(item))}>
            <h3><bdi>{ label(item) }</bdi></h3>
            <p class={classes!(if item.in_scope { "ok-text" } else { "muted" })} id="preview-scope">{ item.scope_reason.to_string() }</p>
            if let Some(key) = &item.matching {
                <p class="small">{ "Matched in the target by " }<code>{ format!("{} eq \"{}\"", key.attribute, key.value) }</code></p>
            }
            if let Some(request) = &request {
                <p class="request-line"><strong>{ request.method.as_str() }</strong>{ " " }<code>{ &request.path }</code></p>
                <pre class="json" id="preview-body" tabindex="0" aria-label="Request body">{ serde_json::to_string_pretty(&item.resource).unwrap_or_default() }</pre>
                <button type="button" class="secondary" onclick={on_copy}>{ "Copy as curl" }</button>
            } else {
                <p class="muted">{ "Nothing would be sent for it." }</p>
            }
            { target_section(item, state, comparison) }
            if !item.pending_members.is_empty() {
                <p class="small">{ format!("{} members are resolved to target ids during the sync.", item.pending_members.len()) }</p>
            }
            if !item.diagnostics.is_empty() {
                <h4>{ "Problems" }</h4>
                <ul class="diagnostics">{ for item.diagnostics.iter().map(|d| diagnostic_row(d, state)) }</ul>
            }
        </div>
    }
}

/// JSON text of one value, compact; `(none)` for an absent one.
fn value_text(value: &Value) -> String {
    if value.is_null() {
        "(none)".to_string()
    } else {
        serde_json::to_string(value).unwrap_or_default()
    }
}

/// The matched target object and what a sync would change in it (text
/// only: the comparison itself is the core's).
fn target_section(
    item: &PreviewItem,
    state: &UseReducerHandle<AppState>,
    comparison: &Option<Result<TargetComparison, Vec<Error>>>,
) -> Html {
    let body = match comparison {
        None => {
            let open_import = {
                let state = state.clone();
                Callback::from(move |_| {
                    state.dispatch(Action::ShowPanel(super::state::Panel::Import))
                })
            };
            html! {
                <div class="empty">
                    <p>{ "Nothing imported from the target yet, so there is nothing to compare with." }</p>
                    <button type="button" class="secondary" id="preview-open-import" onclick={open_import}>
                        { "Import the target's users and groups" }
                    </button>
                </div>
            }
        }
        Some(Err(errors)) => html! {
            <div class="result error">
                <p>{ "It cannot be compared until the configuration is fixed:" }</p>
                <ul>{ for errors.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }</ul>
            </div>
        },
        Some(Ok(comparison)) => match comparison.get(item.resource_type, &item.source_id) {
            None => {
                html! { <p class="muted">{ "Not compared: it has no source id, or this type is not provisioned." }</p> }
            }
            Some(TargetMatch::NotFound) if item.in_scope => html! {
                <p id="preview-target-status"><strong>{ "Not in the target: would be created." }</strong></p>
            },
            Some(TargetMatch::NotFound) => html! {
                <p class="muted" id="preview-target-status">{ "Not in the target, and out of scope: nothing would be created." }</p>
            },
            Some(TargetMatch::Ambiguous { candidates }) => html! {
                <p id="preview-target-status">{ format!("{candidates} target objects carry its matching value: a sync skips it rather than guess.") }</p>
            },
            Some(TargetMatch::Claimed { by }) => html! {
                <p id="preview-target-status">{ format!("Its target object is already matched by the source object {by}.") }</p>
            },
            Some(TargetMatch::Matched {
                target,
                matched_by,
                differences,
            }) => {
                let id = target
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("(no id)");
                html! {
                    <>
                        <p id="preview-target-status">
                            { "Matched target object " }<code>{ id }</code>{ " by " }<code>{ matched_by }</code>
                        </p>
                        if differences.is_empty() {
                            <p class="ok-text" id="preview-diff-none">{ "Identical on every mapped attribute: a sync changes nothing." }</p>
                        } else {
                            <ul class="diff" id="preview-diff" aria-label="Differences from the target object">
                                { for differences.iter().map(|d| {
                                    let (class, word) = match d.kind() {
                                        ChangeKind::Added => ("diff-added", "added"),
                                        ChangeKind::Changed => ("diff-changed", "changed"),
                                        ChangeKind::Removed => ("diff-removed", "removed"),
                                    };
                                    html! {
                                        <li class={class}>
                                            <span class="diff-kind">{ word }</span>{ " " }<code>{ &d.attribute }</code>{ ": " }
                                            <bdi>{ value_text(&d.target) }</bdi>{ " → " }<bdi>{ value_text(&d.source) }</bdi>
                                        </li>
                                    }
                                }) }
                            </ul>
                        }
                        <details>
                            <summary>{ "Target object as imported" }</summary>
                            <pre class="json" id="preview-target-body" tabindex="0" aria-label="Target object">
                                { serde_json::to_string_pretty(target).unwrap_or_default() }
                            </pre>
                        </details>
                    </>
                }
            }
        },
    };
    html! {
        <section class="target-diff" id="preview-target" aria-labelledby="preview-target-title">
            <h4 id="preview-target-title">{ "Against the target" }</h4>
            { body }
        </section>
    }
}
