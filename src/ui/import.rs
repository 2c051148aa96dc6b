//! Import panel: read back what the target already holds (every page of
//! `GET /Users` and `GET /Groups`), so previews and plans compare against it.

use super::app::StateProps as Props;
use super::host::{transport, Host};
use super::shared::Shared;
use super::source::cell_text;
use super::state::{Action, ImportStatus};
use super::virtual_list::VirtualTable;
use crate::sync::{import_snapshot, ImportOptions};
use yew::prelude::*;

#[function_component(ImportPanel)]
pub fn import_panel(props: &Props) -> Html {
    let state = props.state.clone();
    let host = use_context::<Host>();
    let on_import = {
        let state = state.clone();
        Callback::from(move |_| {
            let (base_url, token) = (state.base_url().to_string(), state.token.clone());
            state.dispatch(Action::ImportStarted);
            let (state, host) = (state.clone(), host.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = match transport(host.as_ref(), &base_url, &token).await {
                    Ok(transport) => import_snapshot(&transport, &ImportOptions::default()).await,
                    Err(error) => Err(error),
                };
                state.dispatch(Action::ImportFinished(
                    result.map(|s| Shared(std::rc::Rc::new(s))),
                ));
            });
        })
    };
    let importing = state.import == ImportStatus::Importing;
    let status = match &state.import {
        ImportStatus::Idle => html! {
            <p class="muted" id="import-status" role="status">{ "Nothing imported yet. Importing only reads (GET); it never changes the target." }</p>
        },
        ImportStatus::Importing => {
            html! { <p class="muted" id="import-status" role="status">{ "Reading every page of users and groups…" }</p> }
        }
        ImportStatus::Failed(error) => html! {
            <div class="result error" id="import-status" role="alert">
                <p>{ &error.message }</p>
                <p class="muted small">{ format!("While requesting {}", error.path) }</p>
            </div>
        },
        ImportStatus::Done => html! {},
    };
    let snapshot = state.target.clone();
    html! {
        <section class="panel" aria-labelledby="import-title">
            <h2 id="import-title">{ "Import from the target" }</h2>
            <p class="muted">
                { format!("Reads what {} already holds, so you can see what a sync would change before it runs.", state.base_url()) }
            </p>
            <div class="toolbar">
                <button type="button" id="import-target" onclick={on_import} disabled={importing || !state.online}>
                    { if importing { "Importing…" } else { "Import users and groups" } }
                </button>
                if !state.online {
                    <span class="muted">{ "Offline: importing needs the network." }</span>
                }
            </div>
            { status }
            if let Some(snapshot) = snapshot.clone() {
                <Buckets state={state.clone()} snapshot={snapshot.clone()} />
                <p class="scope-count" id="import-counts" role="status">
                    { format!("The target holds {} users and {} groups.", snapshot.users.len(), snapshot.groups.len()) }
                </p>
                if snapshot.users.is_empty() {
                    <p class="empty">{ "No users in the target yet: a first sync would create every in-scope user." }</p>
                } else {
                    <VirtualTable rows={snapshot.users.len()} row_height={36} visible_rows={12} columns={4}
                        header={html! { <tr><th scope="col">{ "userName" }</th><th scope="col">{ "id" }</th><th scope="col">{ "active" }</th><th scope="col">{ "lastModified" }</th></tr> }}
                        render_row={{
                            let snapshot = snapshot.clone();
                            Callback::from(move |row: usize| {
                                let user = snapshot.users.get(row);
                                let get = |key: &str| cell_text(user.and_then(|u| u.get(key)));
                                let modified = cell_text(user.and_then(|u| u.pointer("/meta/lastModified")));
                                html! {
                                    <tr key={row}>
                                        <td><bdi>{ get("userName") }</bdi></td><td>{ get("id") }</td>
                                        <td>{ get("active") }</td><td>{ modified }</td>
                                    </tr>
                                }
                            })
                        }}
                        label="Target users" id="import-users" />
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct BucketProps {
    state: UseReducerHandle<super::state::AppState>,
    snapshot: Shared<crate::sync::TargetSnapshot>,
}

/// Zoho Directory's reconciliation buckets for the users, from the core.
#[function_component(Buckets)]
fn buckets(props: &BucketProps) -> Html {
    let workspace = props.state.workspace.clone();
    let links = props.state.links.clone();
    let snapshot = props.snapshot.clone();
    let key = (
        workspace.config.clone(),
        std::rc::Rc::as_ptr(&workspace.directory) as usize,
        snapshot.clone(),
        links.clone(),
    );
    let result = use_memo(key, move |_| {
        workspace.reconcile(&snapshot, &links, super::sync::plan_options())
    });
    let buckets = match &*result {
        Err(errors) => {
            return html! {
                <div class="result error" role="alert">
                    <p>{ "The users cannot be compared until the configuration is fixed:" }</p>
                    <ul>{ for errors.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }</ul>
                </div>
            }
        }
        Ok(buckets) => buckets,
    };
    let section = |id: &str, title: &str, count: usize, items: Vec<String>| {
        html! {
            <details class="bucket" id={id.to_string()}>
                <summary><strong>{ format!("{title}: {count}") }</strong></summary>
                if items.is_empty() {
                    <p class="muted">{ "None." }</p>
                } else {
                    <ul>{ for items.iter().take(200).map(|i| html! { <li><bdi>{ i }</bdi></li> }) }</ul>
                }
            </details>
        }
    };
    let changed: Vec<String> = buckets
        .both
        .iter()
        .filter(|m| !m.differences.is_empty())
        .map(|m| {
            let what: Vec<&str> = m.differences.iter().map(|d| d.attribute.as_str()).collect();
            format!("{} ({}): {}", m.source_id, m.matched_by, what.join(", "))
        })
        .collect();
    html! {
        <div class="buckets" id="buckets">
            <h3>{ "Reconciliation" }</h3>
            { section("bucket-new", "Only in the target", buckets.counts.new_in_target,
                buckets.new_in_target.iter().map(|t| t.label.clone()).collect()) }
            { section("bucket-both", "In both (with differences listed)", buckets.counts.both, changed) }
            { section("bucket-missing", "Not yet in the target", buckets.counts.not_in_target,
                buckets.not_in_target.iter().map(|s| s.matching.as_ref().map_or(s.source_id.clone(), |m| m.value.clone())).collect()) }
            { section("bucket-activate", "To activate", buckets.counts.to_activate,
                buckets.to_activate.iter().map(|t| format!("{}: {}", t.source_id, t.reason)).collect()) }
            { section("bucket-deactivate", "To deactivate", buckets.counts.to_deactivate,
                buckets.to_deactivate.iter().map(|t| format!("{}: {}", t.source_id, t.reason)).collect()) }
        </div>
    }
}
