//! Plan & Sync panel: every operation a sync would send, with its reason,
//! filterable by action; then the run itself — dry run by default — with a
//! progress bar, pause and cancel, and the provisioning log to download.

use super::app::StateProps as Props;
use super::browser;
use super::host::{transport, Host};
use super::shared::Shared;
use super::state::{Action as UiAction, Notice, NoticeKind, SyncStatus};
use super::virtual_list::VirtualTable;
use crate::error::Error;
use crate::js_sync::ProgressEvent;
use crate::mapping::engine::Target;
use crate::sync::log::to_csv;
use crate::sync::SyncOutcome;
use crate::sync::{import_snapshot, ImportOptions, Phase, SyncInput, TargetSnapshot};
use crate::sync::{run_sync, Action, Control, ExecuteOptions, LogEntry, Operation, PlanOptions};
use crate::web::{BrowserTimer, FetchTransport};
use serde::Serialize;
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub(super) fn plan_options() -> PlanOptions {
    PlanOptions {
        now_millis: js_sys::Date::now() as i64,
        seed: 0,
        patch_supported: None,
    }
}

#[function_component(SyncPanel)]
pub fn sync_panel(props: &Props) -> Html {
    let state = props.state.clone();
    let filter = use_state(|| None::<Action>);
    let dry_run = use_state(|| true);
    let empty = use_memo((), |_| TargetSnapshot::default());
    let snapshot: Rc<TargetSnapshot> = state
        .target
        .as_ref()
        .map(|s| s.0.clone())
        .unwrap_or_else(|| empty.clone());
    // The plan is derived: recomputed when the config, directory, import or links change.
    let planned = {
        let workspace = state.workspace.clone();
        let (snapshot, links) = (snapshot.clone(), state.links.clone());
        let key = (
            workspace.config.clone(),
            Rc::as_ptr(&workspace.directory) as usize,
            Rc::as_ptr(&snapshot) as usize,
            links.clone(),
        );
        use_memo(key, move |_| {
            workspace
                .plan(&snapshot, &links, plan_options())
                .map(Rc::new)
        })
    };
    let counts: BTreeMap<Action, usize> = match &*planned {
        Ok(ops) => ops.iter().fold(BTreeMap::new(), |mut m, op| {
            *m.entry(op.action).or_default() += 1;
            m
        }),
        Err(_) => BTreeMap::new(),
    };
    let running = matches!(state.sync, SyncStatus::Running { .. });
    // A read-only widget may look, never write.
    let dry_run_forced = state.read_only;
    let host = use_context::<Host>();
    let on_run = {
        let (state, snapshot) = (state.clone(), snapshot.clone());
        let dry_run = *dry_run || dry_run_forced;
        Callback::from(move |_| {
            let control = Rc::new(Control::new());
            state.dispatch(UiAction::SyncStarted {
                control: Shared(control.clone()),
                dry_run,
            });
            let (state, snapshot, host) = (state.clone(), snapshot.clone(), host.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let run = run_with_progress(&state, host.as_ref(), &snapshot, &control, dry_run);
                let (result, transport) = run.await;
                if let Some(host) = &host {
                    host.emit("synccomplete", &SyncComplete::new(dry_run, &result));
                }
                let wrote = !dry_run && result.is_ok();
                state.dispatch(UiAction::SyncFinished {
                    result: result.map(|o| Shared(Rc::new(o))),
                    dry_run,
                });
                if let Some(transport) = transport.filter(|_| wrote) {
                    // Read the target back, so the plan now shows what is left (nothing).
                    state.dispatch(UiAction::ImportStarted);
                    let imported = import_snapshot(&transport, &ImportOptions::default()).await;
                    state.dispatch(UiAction::ImportFinished(
                        imported.map(|s| Shared(Rc::new(s))),
                    ));
                }
            });
        })
    };
    let control_button = |label: &'static str, id: &'static str, act: fn(&Control)| {
        let control = match &state.sync {
            SyncStatus::Running { control, .. } => Some(control.clone()),
            _ => None,
        };
        let onclick = Callback::from(move |_| {
            if let Some(control) = &control {
                act(control);
            }
        });
        html! { <button type="button" class="secondary" {id} {onclick} disabled={!running}>{ label }</button> }
    };
    let on_dry = {
        let dry_run = dry_run.clone();
        Callback::from(move |e: Event| {
            dry_run.set(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let chip = |action: Option<Action>, label: String| {
        let filter = filter.clone();
        html! {
            <button type="button" class="chip" aria-pressed={(*filter == action).to_string()}
                onclick={Callback::from(move |_| filter.set(action))}>{ label }</button>
        }
    };
    let imported = state.target.is_some();
    html! {
        <section class="panel" aria-labelledby="sync-title">
            <h2 id="sync-title">{ "Plan & sync" }</h2>
            <p class="muted">
                { if imported {
                    "The plan compares your directory with what the last import found in the target."
                } else {
                    "Nothing imported yet: the plan treats the target as empty. Import first to see updates, links and deactivations."
                } }
            </p>
            { match &*planned {
                Err(errors) => html! {
                    <div class="result error" role="alert" id="plan-errors">
                        <p>{ "No plan can be made until these are fixed:" }</p>
                        <ul>{ for errors.iter().map(|e| html! { <li><code>{ &e.path }</code>{ " " }{ &e.message }</li> }) }</ul>
                    </div>
                },
                Ok(ops) => plan_table(ops, *filter, &counts, chip),
            } }
            <h3>{ "Run" }</h3>
            <div class="toolbar">
                <div class="checkbox">
                    <input id="dry-run" type="checkbox" checked={*dry_run || dry_run_forced} onchange={on_dry}
                        disabled={running || dry_run_forced} />
                    <label for="dry-run">{ "Dry run: send reads only, log every write it would send" }</label>
                </div>
                <button type="button" id="run-sync" onclick={on_run}
                    disabled={running || planned.is_err() || !state.online}>
                    { if *dry_run || dry_run_forced { "Start dry run" } else { "Start sync" } }
                </button>
                { control_button("Pause", "pause-sync", Control::pause) }
                { control_button("Resume", "resume-sync", Control::resume) }
                { control_button("Cancel", "cancel-sync", Control::cancel) }
            </div>
            { run_status(&props.state) }
        </section>
    }
}

/// One run of both phases with the app's progress bar (and the portal's
/// `syncprogress` events) fed at most ~10 times a second: re-rendering for
/// every one of thousands of requests would slow the sync itself. Also
/// returns the transport, to read the target back afterwards.
async fn run_with_progress(
    state: &UseReducerHandle<super::state::AppState>,
    host: Option<&Host>,
    snapshot: &TargetSnapshot,
    control: &Control,
    dry_run: bool,
) -> (Result<SyncOutcome, Vec<Error>>, Option<FetchTransport>) {
    let transport = match transport(host, state.base_url(), &state.token).await {
        Ok(transport) => transport.dry_run(dry_run),
        Err(error) => return (Err(vec![error]), None),
    };
    let workspace = &state.workspace;
    let (target, _) = Target::for_config(&workspace.config);
    let input = SyncInput {
        config: &workspace.config,
        directory: &workspace.directory,
        snapshot,
        target: &target,
        links: &state.links,
        plan: plan_options(),
        execute: ExecuteOptions::default(),
    };
    let mut last_render = 0.0;
    let mut on_progress = |phase, progress: &crate::sync::Progress| {
        let now = js_sys::Date::now();
        if now - last_render >= 100.0 || progress.done == progress.total {
            last_render = now;
            if let Some(host) = host {
                host.emit("syncprogress", &ProgressEvent { phase, progress });
            }
            state.dispatch(UiAction::SyncProgress {
                phase,
                progress: progress.clone(),
            });
        }
    };
    let result = run_sync(&input, &transport, &BrowserTimer, control, &mut on_progress).await;
    (result, Some(transport))
}

/// `synccomplete`'s detail: the outcome, or why nothing could be sent.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SyncComplete<'a> {
    dry_run: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a SyncOutcome>,
    #[serde(skip_serializing_if = "<[Error]>::is_empty")]
    errors: &'a [Error],
}

impl<'a> SyncComplete<'a> {
    fn new(dry_run: bool, result: &'a Result<SyncOutcome, Vec<Error>>) -> Self {
        match result {
            Ok(outcome) => SyncComplete {
                dry_run,
                report: Some(outcome),
                errors: &[],
            },
            Err(errors) => SyncComplete {
                dry_run,
                report: None,
                errors,
            },
        }
    }
}

fn phase_label(phase: Phase) -> &'static str {
    match phase {
        Phase::Users => "users",
        Phase::Groups => "groups",
    }
}

fn action_label(action: Action) -> &'static str {
    action.as_str()
}

fn plan_table(
    ops: &Rc<Vec<Operation>>,
    filter: Option<Action>,
    counts: &BTreeMap<Action, usize>,
    chip: impl Fn(Option<Action>, String) -> Html,
) -> Html {
    let shown: Rc<Vec<usize>> = Rc::new(
        (0..ops.len())
            .filter(|&i| filter.is_none_or(|a| ops[i].action == a))
            .collect(),
    );
    let render_row = {
        let (ops, shown) = (ops.clone(), shown.clone());
        Callback::from(move |row: usize| {
            let Some(op) = shown.get(row).and_then(|&i| ops.get(i)) else {
                return html! { <tr key={row}></tr> };
            };
            let request = op
                .request
                .as_ref()
                .map(|r| format!("{} {}", r.method.as_str(), r.path))
                .unwrap_or_default();
            html! {
                <tr key={row}>
                    <td><span class={classes!("action", action_label(op.action))}>{ action_label(op.action) }</span></td>
                    <td>{ &op.resource_type }</td>
                    <td title={op.source_id.clone().unwrap_or_default()}><bdi>{ op.source_id.clone().or(op.target_id.clone()).unwrap_or_default() }</bdi></td>
                    <td class="mono" title={request.clone()}>{ request }</td>
                    <td title={op.reason.clone()}>{ &op.reason }</td>
                </tr>
            }
        })
    };
    html! {
        <>
            <div class="toolbar" role="group" aria-label="Show actions" id="plan-counts">
                { chip(None, format!("All ({})", ops.len())) }
                { for counts.iter().map(|(action, n)| chip(Some(*action), format!("{} ({n})", action_label(*action)))) }
            </div>
            if shown.is_empty() {
                <p class="empty">{ "Nothing to do." }</p>
            } else {
                <VirtualTable rows={shown.len()} row_height={36} visible_rows={12} columns={5}
                    header={html! { <tr><th scope="col">{ "Action" }</th><th scope="col">{ "Type" }</th><th scope="col">{ "Source id" }</th><th scope="col">{ "Request" }</th><th scope="col">{ "Reason" }</th></tr> }}
                    {render_row} label="Planned operations" id="plan-table" />
            }
        </>
    }
}

fn run_status(state: &UseReducerHandle<super::state::AppState>) -> Html {
    match &state.sync {
        SyncStatus::Idle => html! {},
        SyncStatus::Running {
            phase,
            progress,
            dry_run,
            ..
        } => {
            let (done, total) = progress.as_ref().map_or((0, 0), |p| (p.done, p.total));
            let detail = progress.as_ref().map_or(String::new(), |p| {
                let eta = p.eta_seconds.map_or(String::new(), |s| {
                    format!(" · about {:.0} s left", s.ceil())
                });
                format!(" · {:.1}/s{eta} · {} failed", p.rate_per_second, p.failed)
            });
            html! {
                <div class="sync-progress" role="status" id="sync-status">
                    <label for="sync-progress">{ format!("{}{}: {done} of {total}{detail}", if *dry_run { "Dry run, " } else { "" }, phase_label(*phase)) }</label>
                    <progress id="sync-progress" max={total.max(1).to_string()} value={done.to_string()}></progress>
                </div>
            }
        }
        SyncStatus::Failed(errors) => html! {
            <div class="result error" role="alert" id="sync-status">
                <ul>{ for errors.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }</ul>
            </div>
        },
        SyncStatus::Finished { outcome, dry_run } => {
            let log: Vec<LogEntry> = outcome
                .users
                .log
                .iter()
                .chain(outcome.groups.iter().flat_map(|g| g.log.iter()))
                .cloned()
                .collect();
            let summary = |r: &crate::sync::ExecutionReport| {
                format!(
                    "{} succeeded, {} failed, {} dry run, {} skipped, {} requests ({} retries)",
                    r.summary.succeeded,
                    r.summary.failed,
                    r.summary.dry_run,
                    r.summary.skipped,
                    r.summary.requests,
                    r.summary.retries
                )
            };
            let stopped = outcome.stopped().map(|s| s.message.clone());
            let download = |format: &'static str| {
                let (log, state) = (log.clone(), state.clone());
                Callback::from(move |_| {
                    let (name, text, mime) = match format {
                        "csv" => ("scim-mapper-log.csv", to_csv(&log), "text/csv"),
                        _ => (
                            "scim-mapper-log.json",
                            serde_json::to_string_pretty(&log).unwrap_or_default(),
                            "application/json",
                        ),
                    };
                    if let Err(message) = browser::download(name, &text, mime) {
                        state.dispatch(UiAction::Notify(Notice {
                            kind: NoticeKind::Error,
                            title: message,
                            details: vec![],
                        }));
                    }
                })
            };
            html! {
                <div class={classes!("result", if stopped.is_some() { "error" } else { "ok" })} role="status" id="sync-status">
                    <p><strong>{ if *dry_run { "Dry run finished." } else { "Sync finished." } }</strong></p>
                    if let Some(message) = stopped { <p>{ message }</p> }
                    <p id="sync-summary-users">{ format!("Users: {}", summary(&outcome.users)) }</p>
                    if let Some(groups) = &outcome.groups {
                        <p id="sync-summary-groups">{ format!("Groups: {}", summary(groups)) }</p>
                    }
                    <div class="toolbar">
                        <button type="button" class="secondary" id="download-log-json" onclick={download("json")}>{ "Download log (JSON)" }</button>
                        <button type="button" class="secondary" id="download-log-csv" onclick={download("csv")}>{ "Download log (CSV)" }</button>
                        <span class="muted">{ format!("{} log entries", log.len()) }</span>
                    </div>
                    { log_table(Rc::new(log)) }
                </div>
            }
        }
    }
}

fn log_table(log: Rc<Vec<LogEntry>>) -> Html {
    if log.is_empty() {
        return html! { <p class="muted">{ "No request was sent." }</p> };
    }
    let render_row = {
        let log = log.clone();
        Callback::from(move |row: usize| {
            let Some(entry) = log.get(row) else {
                return html! { <tr key={row}></tr> };
            };
            html! {
                <tr key={row}>
                    <td>{ &entry.time }</td><td>{ entry.action.as_str() }</td>
                    <td class="mono">{ format!("{} {}", entry.method.as_str(), entry.path) }</td>
                    <td>{ entry.status.map(|s| s.to_string()).unwrap_or_default() }</td>
                    <td>{ entry.attempt }</td>
                    <td>{ serde_json::to_value(entry.outcome).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default() }</td>
                    <td title={entry.error.clone().unwrap_or_default()}>{ entry.error.clone().unwrap_or_default() }</td>
                </tr>
            }
        })
    };
    html! {
        <VirtualTable rows={log.len()} row_height={36} visible_rows={10} columns={7}
            header={html! { <tr><th>{ "Time" }</th><th>{ "Action" }</th><th>{ "Request" }</th><th>{ "Status" }</th><th>{ "Attempt" }</th><th>{ "Outcome" }</th><th>{ "Error" }</th></tr> }}
            {render_row} label="Provisioning log" id="sync-log" />
    }
}
