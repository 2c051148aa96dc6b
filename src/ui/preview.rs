//! Preview panel: for every user and group, whether it is in scope (and
//! which clause decided), the exact request that would be sent, and what is
//! wrong with it — the thing no IdP shows before users are broken.

use super::browser;
use super::shared::Shared;
use super::state::{Action, AppState};
use super::validation::diagnostic_row;
use super::virtual_list::VirtualTable;
use crate::http::{curl_command, Method, Request};
use crate::mapping::preview::{Preview, PreviewItem};
use crate::workspace::ResourceKind;
use serde_json::Value;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub preview: Shared<Preview>,
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
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| item.source_id.clone())
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
        body: Some(item.resource.clone()),
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
                { detail(selected.and_then(|i| preview.items.get(i)), &props.state) }
            </div>
        </section>
    }
}

fn detail(item: Option<&PreviewItem>, state: &UseReducerHandle<AppState>) -> Html {
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
            <p class={classes!(if item.in_scope { "ok-text" } else { "muted" })} id="preview-scope">{ &item.scope_reason }</p>
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
