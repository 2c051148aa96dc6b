//! Source directory panel: the users and groups mappings are checked
//! against — the built-in sample, or an uploaded JSON/CSV export — in a
//! searchable table.

use super::app::StateProps as Props;
use super::browser;
use super::state::{Action, Notice, NoticeKind};
use super::virtual_list::VirtualTable;
use crate::mapping::source::{self, Directory, Record};
use crate::workspace::Edit;
use serde_json::Value;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Columns shown when present; otherwise the first attributes of the first user.
const PREFERRED_COLUMNS: &[&str] = &[
    "id",
    "userPrincipalName",
    "mail",
    "displayName",
    "department",
    "jobTitle",
    "accountEnabled",
];
const MAX_COLUMNS: usize = 7;
/// From about 3,000 users, loading and previewing takes long enough to
/// say so first (the page cannot repaint while it runs).
const SLOW_UPLOAD_BYTES: usize = 1024 * 1024;

fn columns(directory: &Directory) -> Vec<String> {
    let Some(first) = directory.users.first() else {
        return Vec::new();
    };
    let preferred: Vec<String> = PREFERRED_COLUMNS
        .iter()
        .filter(|c| first.get(c).is_some())
        .map(|c| c.to_string())
        .collect();
    if preferred.len() >= 3 {
        return preferred;
    }
    first
        .names()
        .take(MAX_COLUMNS)
        .map(str::to_string)
        .collect()
}

/// A cell's text: strings as they are, everything else as compact JSON.
pub fn cell_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn record_matches(record: &Record, needle: &str) -> bool {
    record.iter().any(|(_, value)| matches(value, needle))
}

fn matches(record: &Value, needle: &str) -> bool {
    match record {
        Value::String(s) => s.to_lowercase().contains(needle),
        Value::Object(map) => map.values().any(|v| matches(v, needle)),
        Value::Array(items) => items.iter().any(|v| matches(v, needle)),
        other => other.to_string().contains(needle),
    }
}

#[function_component(SourcePanel)]
pub fn source_panel(props: &Props) -> Html {
    let state = props.state.clone();
    let query = use_state(String::new);
    let directory = state.workspace.directory.clone();
    let shown: Rc<Vec<usize>> = {
        let needle = query.trim().to_lowercase();
        // Keyed on the directory's identity: comparing 100,000 users per render would not be.
        let directory = directory.clone();
        use_memo(
            (Rc::as_ptr(&directory) as usize, needle),
            move |(_, needle)| {
                (0..directory.users.len())
                    .filter(|&i| {
                        needle.is_empty()
                            || directory
                                .users
                                .get(i)
                                .is_some_and(|u| record_matches(u, needle))
                    })
                    .collect::<Vec<usize>>()
            },
        )
    };
    let columns = Rc::new(columns(&directory));

    let on_upload = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let Some(file) = browser::chosen_file(&event) else {
                return;
            };
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let loaded = match browser::read_bytes(&file).await {
                    Ok(bytes) => {
                        browser::mark("file-read");
                        if bytes.len() >= SLOW_UPLOAD_BYTES {
                            state.dispatch(Action::Notify(Notice {
                                kind: NoticeKind::Working,
                                title: format!(
                                    "Loading {name} ({:.1} MB) and previewing it…",
                                    bytes.len() as f64 / 1_048_576.0
                                ),
                                details: vec![],
                            }));
                            browser::pause_for_paint().await;
                        }
                        source::load_bytes(&bytes, &name).map_err(|e| format!("{name}: {e}"))
                    }
                    Err(message) => Err(message),
                };
                browser::mark("directory-parsed");
                match loaded {
                    Ok(directory) => {
                        let title = format!(
                            "Loaded {name}: {} users, {} groups.",
                            directory.users.len(),
                            directory.groups.len()
                        );
                        state.dispatch(Action::Edit(Edit::LoadDirectory {
                            directory,
                            label: name,
                        }));
                        state.dispatch(Action::Notify(Notice {
                            kind: NoticeKind::Success,
                            title,
                            details: vec![],
                        }));
                    }
                    Err(message) => state.dispatch(Action::Notify(Notice {
                        kind: NoticeKind::Error,
                        title: "That file was not loaded; the current directory is unchanged."
                            .into(),
                        details: vec![message],
                    })),
                }
            });
        })
    };
    let on_sample = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Edit(Edit::UseSample)))
    };
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };

    let header = html! {
        <tr>{ for columns.iter().map(|c| html! { <th scope="col">{ c }</th> }) }</tr>
    };
    let render_row = {
        let (directory, columns, shown) = (directory.clone(), columns.clone(), shown.clone());
        Callback::from(move |row: usize| {
            let user = shown.get(row).and_then(|&i| directory.users.get(i));
            html! {
                <tr key={row} aria-rowindex={(row + 2).to_string()}>
                    { for columns.iter().map(|c| {
                        let text = cell_text(user.and_then(|u| source::lookup(u, c)));
                        html! { <td title={text.clone()}><bdi>{ text }</bdi></td> }
                    }) }
                </tr>
            }
        })
    };
    html! {
        <section class="panel" aria-labelledby="source-title">
            <h2 id="source-title">{ "Source directory" }</h2>
            <p class="muted">
                { "The users and groups your identity provider holds. Mappings, scoping and previews are checked against them; nothing is sent until you sync. The directory stays in this page and is never stored." }
            </p>
            <div class="toolbar">
                <p class="directory-label" id="directory-label"><strong>{ &state.workspace.directory_label }</strong></p>
                <label class="file-button" for="upload-directory">{ "Upload JSON or CSV…" }</label>
                <input id="upload-directory" class="visually-hidden" type="file" accept=".json,.csv,application/json,text/csv"
                    onchange={on_upload} />
                <button type="button" class="secondary" onclick={on_sample}>{ "Use the sample directory" }</button>
            </div>
            <div class="search">
                <label for="source-search">{ "Search users" }</label>
                <input id="source-search" type="search" value={(*query).clone()} oninput={on_search}
                    placeholder="Any attribute, e.g. Sales or @example.com" />
                <span class="muted" role="status" id="source-count">
                    { format!("{} of {} users", shown.len(), directory.users.len()) }
                </span>
            </div>
            if directory.users.is_empty() {
                <p class="empty">{ "No users. Upload a JSON or CSV export of your directory, or use the sample." }</p>
            } else if shown.is_empty() {
                <p class="empty">{ "No user matches this search." }</p>
            } else {
                <VirtualTable rows={shown.len()} row_height={36} visible_rows={14} columns={columns.len()}
                    header={header} render_row={render_row} label="Users" id="source-users" />
            }
            <h3>{ format!("Groups ({})", directory.groups.len()) }</h3>
            if directory.groups.is_empty() {
                <p class="empty">{ "No groups in this directory." }</p>
            } else {
                <ul class="group-list">
                    { for directory.groups.iter().take(200).map(|g| html! {
                        <li>
                            <bdi>{ cell_text(g.get("displayName")) }</bdi>
                            <span class="muted">{ format!(" — {} members", source::member_ids(g).count()) }</span>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
