//! Validation panel: every diagnostic the core found — in the configuration
//! and in each record — by severity; clicking one opens the field it concerns.

use super::preview::AppPreview;
use super::shared::Shared;
use super::state::{Action, AppState};
use crate::error::{Diagnostic, Severity};
use crate::mapping::preview::Preview;
use yew::prelude::*;

/// More than this many rows would not help anyone; the count says the rest.
const SHOWN: usize = 500;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub preview: Shared<AppPreview>,
}

pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Configuration findings first, then the records' in directory order.
pub fn all_diagnostics<'a>(preview: &'a Preview) -> Vec<&'a Diagnostic> {
    preview
        .diagnostics
        .iter()
        .chain(preview.items.iter().flat_map(|i| i.diagnostics.iter()))
        .collect()
}

#[function_component(ValidationPanel)]
pub fn validation_panel(props: &Props) -> Html {
    let filter = use_state(|| None::<Severity>);
    let all = all_diagnostics(&props.preview);
    let count = |s: Severity| all.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let shown: Vec<&Diagnostic> = all
        .iter()
        .copied()
        .filter(|d| filter.is_none_or(|s| d.severity == s))
        .collect();
    let filter_button = |which: Option<Severity>, label: String| {
        let filter = filter.clone();
        let pressed = *filter == which;
        html! {
            <button type="button" class="chip" aria-pressed={pressed.to_string()}
                onclick={Callback::from(move |_| filter.set(which))}>{ label }</button>
        }
    };
    html! {
        <section class="panel" aria-labelledby="validation-title">
            <h2 id="validation-title" tabindex="-1">{ "Validation" }</h2>
            <p class="muted">
                { "Everything that would fail or surprise you, before anything is sent: the configuration alone, and the configuration against every user and group. Errors block a sync. Select a finding to open the field it concerns." }
            </p>
            <div class="toolbar" role="group" aria-label="Show">
                { filter_button(None, format!("All ({})", all.len())) }
                { filter_button(Some(Severity::Error), format!("Errors ({errors})")) }
                { filter_button(Some(Severity::Warning), format!("Warnings ({warnings})")) }
                { filter_button(Some(Severity::Info), format!("Info ({infos})")) }
            </div>
            <p role="status" id="validation-summary" class="scope-count">
                if all.is_empty() {
                    { "No problems found." }
                } else {
                    { format!("{errors} errors, {warnings} warnings, {infos} notes") }
                }
            </p>
            <ul class="diagnostics" id="diagnostics">
                { for shown.iter().take(SHOWN).map(|d| diagnostic_row(d, &props.state)) }
            </ul>
            if shown.len() > SHOWN {
                <p class="muted">{ format!("… and {} more.", shown.len() - SHOWN) }</p>
            }
        </section>
    }
}

pub fn diagnostic_row(d: &Diagnostic, state: &UseReducerHandle<AppState>) -> Html {
    let onclick = {
        let (state, path) = (state.clone(), d.path.clone());
        Callback::from(move |_| state.dispatch(Action::Reveal(path.clone())))
    };
    let severity = severity_label(d.severity);
    html! {
        <li class={classes!("diagnostic", severity)}>
            <button type="button" class="diagnostic-button" {onclick}>
                <span class={classes!("severity", severity)}>{ severity }</span>
                <span class="diagnostic-text">
                    <span class="diagnostic-message">{ &d.message }</span>
                    <span class="diagnostic-where"><code>{ &d.code }</code>{ " at " }<code>{ &d.path }</code></span>
                    if let Some(hint) = &d.hint {
                        <span class="diagnostic-hint">{ hint }</span>
                    }
                </span>
            </button>
        </li>
    }
}
