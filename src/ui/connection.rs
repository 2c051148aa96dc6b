//! Connection panel: SCIM base URL, token, "Test connection".

use super::app::StateProps as Props;
use super::browser::{input_value, select_value};
use super::host::{transport, Host};
use super::state::{Action, ConnectionStatus};
use crate::connection::{test_connection, ConnectionReport};
use crate::mapping::config::DiscoveredTarget;
use crate::scim::profiles;
use crate::workspace::Edit;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(ConnectionPanel)]
pub fn connection_panel(props: &Props) -> Html {
    let state = props.state.clone();
    let on_url = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.dispatch(Action::SetBaseUrl(input_value(&e))))
    };
    let on_token = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.dispatch(Action::SetToken(input_value(&e))))
    };
    let on_remember = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            state.dispatch(Action::SetRememberToken(checked))
        })
    };
    let host = use_context::<Host>();
    let on_test = {
        let (state, host) = (state.clone(), host.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (base_url, token) = (state.base_url().to_string(), state.token.clone());
            let generation = state.connection_generation;
            state.dispatch(Action::ConnectionTestStarted);
            let (state, host) = (state.clone(), host.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = match transport(host.as_ref(), &base_url, &token).await {
                    Ok(transport) => test_connection(&transport).await,
                    Err(error) => Err(error),
                };
                state.dispatch(Action::ConnectionTestFinished { generation, result });
            });
        })
    };
    let provided_token = host.as_ref().is_some_and(Host::provides_token);
    let persist = host.as_ref().is_some_and(|h| h.settings.persist);
    let on_profile = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let name = select_value(&e);
            state.dispatch(Action::Edit(Edit::SetProfile(name)));
        })
    };
    let profile = state.workspace.config.target.profile.clone();
    let testing = state.connection == ConnectionStatus::Testing;
    let fresh = match &state.connection {
        ConnectionStatus::Connected(report) => report.discovered().cloned(),
        _ => None,
    };
    let saved = state.workspace.config.target.discovered.clone();
    let available = fresh.clone().or(saved.clone());
    let on_schema = {
        let state = state.clone();
        let available = available.clone();
        Callback::from(move |e: Event| {
            let chosen = match select_value(&e).as_str() {
                "discovered" => available.clone(),
                _ => None,
            };
            state.dispatch(Action::Edit(Edit::SetDiscovered(chosen)));
        })
    };
    // A new test may find schemas other than the saved ones.
    let on_refresh = match (&fresh, &saved) {
        (Some(fresh), Some(saved)) if fresh != saved => {
            let (state, fresh) = (state.clone(), fresh.clone());
            Some(Callback::from(move |_| {
                state.dispatch(Action::Edit(Edit::SetDiscovered(Some(fresh.clone()))))
            }))
        }
        _ => None,
    };
    let discovered_label = match &available {
        Some(found) => format!("Discovered from the server ({})", schema_summary(found)),
        None => "Discovered from the server (test the connection first)".to_string(),
    };
    html! {
        <section class="panel" aria-labelledby="connection-title">
            <h2 id="connection-title">{ "Connection" }</h2>
            <form class="form-grid" onsubmit={on_test}>
                <label for="profile">{ "Target application" }</label>
                <select id="profile" onchange={on_profile}>
                    { for profiles::names().into_iter().filter_map(profiles::builtin_shared).map(|p| html! {
                        <option value={p.name.clone()} selected={p.name == profile}>{ &p.label }</option>
                    }) }
                </select>
                <label for="target-schema">{ "Attribute schemas" }</label>
                <select id="target-schema" onchange={on_schema} aria-describedby="target-schema-note">
                    <option value="profile" selected={saved.is_none()}>{ "Built-in schemas of the profile" }</option>
                    <option value="discovered" selected={saved.is_some()} disabled={available.is_none()}>{ discovered_label }</option>
                </select>
                <p class="muted small form-note" id="target-schema-note">
                    { format!("Mappings are checked and completed against {}.", state.workspace.schema_origin()) }
                </p>
                if let Some(on_refresh) = on_refresh {
                    <div class="form-actions">
                        <button type="button" class="secondary" id="refresh-schemas" onclick={on_refresh}>
                            { "Use the server's current schemas (they changed since they were chosen)" }
                        </button>
                    </div>
                }
                <label for="base-url">{ "SCIM base URL" }</label>
                <input id="base-url" type="url" value={state.base_url().to_string()} oninput={on_url}
                    placeholder="https://app.asana.com/api/1.0/scim" spellcheck="false" autocomplete="url" />
                if provided_token {
                    <span class="form-label">{ "Bearer token" }</span>
                    <p class="muted" id="token-provided">{ "Supplied by the portal each time the API is reached; never stored here." }</p>
                } else {
                    <label for="token">{ "Bearer token" }</label>
                    <input id="token" type="password" value={state.token.clone()} oninput={on_token}
                        autocomplete="off" spellcheck="false" />
                }
                if persist && !provided_token {
                    <div class="form-actions checkbox">
                        <input id="remember-token" type="checkbox" checked={state.remember_token} onchange={on_remember} />
                        <label for="remember-token">{ "Remember the token on this device (until the browser closes)" }</label>
                    </div>
                }
                <div class="form-actions">
                    <button type="submit" disabled={testing}>
                        { if testing { "Testing…" } else { "Test connection" } }
                    </button>
                </div>
            </form>
            { connection_result(&state.connection) }
        </section>
    }
}

fn connection_result(status: &ConnectionStatus) -> Html {
    match status {
        ConnectionStatus::Idle => html! {
            <p class="muted" id="connection-status" role="status">{ "Not tested yet." }</p>
        },
        ConnectionStatus::Testing => html! {
            <p class="muted" id="connection-status" role="status">{ "Asking the server…" }</p>
        },
        ConnectionStatus::Failed(error) => html! {
            <div class="result error" id="connection-status" role="alert">
                <p>{ &error.message }</p>
                <p class="muted small">{ format!("While requesting {}", error.path) }</p>
            </div>
        },
        ConnectionStatus::Connected(report) => capabilities(report),
    }
}

/// "User: 14 attributes, Group: 3; PATCH supported" for the schema choice.
fn schema_summary(found: &DiscoveredTarget) -> String {
    let count = |kind: &str| {
        found
            .schemas
            .resource(kind)
            .map_or(0, |r| r.attribute_paths().len())
    };
    let patch = match found.patch_supported {
        Some(true) => "; PATCH supported",
        Some(false) => "; no PATCH, updates use PUT",
        None => "",
    };
    format!(
        "User: {} attributes, Group: {}{patch}",
        count("User"),
        count("Group")
    )
}

fn yes_no(flag: bool) -> &'static str {
    if flag {
        "supported"
    } else {
        "not supported"
    }
}

fn capabilities(report: &ConnectionReport) -> Html {
    let filter = match (report.filter, report.max_results) {
        (true, Some(max)) => format!("supported (at most {max} results)"),
        (flag, _) => yes_no(flag).to_string(),
    };
    let bulk = match report.bulk {
        Some(max) => format!("supported (at most {max} operations)"),
        None => "not supported".to_string(),
    };
    let auth = if report.auth_schemes.is_empty() {
        "none announced".to_string()
    } else {
        report.auth_schemes.join(", ")
    };
    let users = report
        .total_users
        .map_or("unknown".to_string(), |n| n.to_string());
    let rows = [
        ("PATCH", yes_no(report.patch).to_string()),
        ("Filtering", filter),
        ("Bulk", bulk),
        ("Sorting", yes_no(report.sort).to_string()),
        ("ETags", yes_no(report.etag).to_string()),
        ("Authentication", auth),
        ("Users in the target", users),
        (
            "Schemas",
            match &report.discovery {
                Ok(found) => format!(
                    "{} (choose them under Attribute schemas)",
                    schema_summary(found)
                ),
                Err(error) => format!(
                    "not available (GET {} failed: {}), so the profile's schemas are used",
                    error.path, error.code
                ),
            },
        ),
    ];
    html! {
        <div class="result ok" id="connection-status" role="status">
            <p><strong>{ "Connected." }</strong>{ " The server supports:" }</p>
            <dl class="capabilities">
                { for rows.into_iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
            </dl>
        </div>
    }
}
