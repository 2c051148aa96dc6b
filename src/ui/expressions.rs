//! Expression editor: write an Entra expression and see its value for a
//! chosen user while typing, with a marker under the column of an error,
//! and the function reference with runnable examples.

use super::app::StateProps as Props;
use super::source::cell_text;
use super::state::Action;
use crate::mapping::config::Source;
use crate::mapping::expr::examples::EXAMPLES;
use crate::mapping::expr::{evaluate, parse, EvalContext, FUNCTIONS};
use crate::workspace::{Edit, ResourceKind};
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// How many users the picker lists; the search narrows larger directories.
const PICKER_LIMIT: usize = 500;

#[function_component(ExpressionsPanel)]
pub fn expressions_panel(props: &Props) -> Html {
    let state = props.state.clone();
    // Which user mapping is being edited (None: a scratch expression).
    let editing = use_state(|| None::<usize>);
    let scratch = use_state(|| r#"Join(" ", [givenName], [surname])"#.to_string());
    let user_index = use_state(|| 0usize);
    let mappings = state.workspace.mappings(ResourceKind::User);
    let expression_mappings: Vec<(usize, String, String)> = mappings
        .iter()
        .enumerate()
        .filter_map(|(i, m)| match &m.source {
            Source::Expression { expression } => Some((i, m.target.clone(), expression.clone())),
            _ => None,
        })
        .collect();
    let current = editing
        .and_then(|i| expression_mappings.iter().find(|(index, _, _)| *index == i))
        .map(|(_, _, expression)| expression.clone())
        .unwrap_or_else(|| (*scratch).clone());
    let users = &state.workspace.directory.users;
    let user = users.get(*user_index).or(users.first());

    let on_text = {
        let (state, editing, scratch) = (state.clone(), editing.clone(), scratch.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            match *editing {
                Some(index) => {
                    let mapping = state
                        .workspace
                        .mappings(ResourceKind::User)
                        .get(index)
                        .cloned();
                    if let Some(mut mapping) = mapping {
                        mapping.source = Source::Expression { expression: text };
                        state.dispatch(Action::Edit(Edit::UpdateMapping {
                            side: ResourceKind::User,
                            index,
                            mapping,
                        }));
                    }
                }
                None => scratch.set(text),
            }
        })
    };
    let on_pick_mapping = {
        let editing = editing.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            editing.set(value.parse::<usize>().ok());
        })
    };
    let on_pick_user = {
        let user_index = user_index.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            user_index.set(value.parse::<usize>().unwrap_or(0));
        })
    };
    let result = match user {
        None => {
            html! { <p class="empty">{ "The directory has no users to try the expression on." }</p> }
        }
        Some(user) => {
            let ctx = EvalContext {
                now_millis: js_sys::Date::now() as i64,
                seed: 0,
            };
            match parse(&current).and_then(|expr| evaluate(&expr, user, &ctx)) {
                Ok(value) => html! {
                    <div class="result ok" id="expression-result" role="status">
                        <p class="small muted">{ "Result" }</p>
                        <pre class="json" tabindex="0" aria-label="Expression result">{ serde_json::to_string_pretty(&value.to_json()).unwrap_or_default() }</pre>
                    </div>
                },
                Err(error) => {
                    let marker = error
                        .column()
                        .map(|c| format!("{}^", " ".repeat(c.saturating_sub(1))));
                    html! {
                        <div class="result error" id="expression-result" role="alert">
                            <p>{ &error.message }</p>
                            <p class="small muted">{ format!("{} ({})", error.code, error.path) }</p>
                            if let Some(marker) = marker {
                                <pre class="json marker" aria-hidden="true">{ format!("{current}\n{marker}") }</pre>
                            }
                        </div>
                    }
                }
            }
        }
    };
    let reads: Vec<String> = parse(&current).map(|e| e.attributes()).unwrap_or_default();
    let try_example = {
        let (editing, scratch) = (editing.clone(), scratch.clone());
        move |example: &'static str| {
            let (editing, scratch) = (editing.clone(), scratch.clone());
            Callback::from(move |_| {
                editing.set(None);
                scratch.set(example.to_string());
            })
        }
    };
    html! {
        <section class="panel" aria-labelledby="expressions-title">
            <h2 id="expressions-title">{ "Expression editor" }</h2>
            <p class="muted">{ "Microsoft Entra's expression syntax, verbatim: [attribute], \"text\" with \\\" escapes, nested functions. The result updates as you type." }</p>
            <div class="form-grid">
                <label for="expression-mapping">{ "Expression" }</label>
                <select id="expression-mapping" onchange={on_pick_mapping}>
                    <option value="" selected={editing.is_none()}>{ "Scratch (not saved)" }</option>
                    { for expression_mappings.iter().map(|(i, target, _)| html! {
                        <option value={i.to_string()} selected={*editing == Some(*i)}>{ format!("Mapping: {target}") }</option>
                    }) }
                </select>
                <label for="expression-user">{ "Try it on" }</label>
                <select id="expression-user" onchange={on_pick_user}>
                    { for users.iter().take(PICKER_LIMIT).enumerate().map(|(i, u)| {
                        let name = cell_text(u.get("userPrincipalName").or(u.get("id")));
                        html! { <option value={i.to_string()} selected={i == *user_index}>{ name }</option> }
                    }) }
                </select>
            </div>
            <label for="expression-text" class="visually-hidden">{ "Expression text" }</label>
            <textarea id="expression-text" class="mono expression" rows="3" spellcheck="false"
                value={current.clone()} oninput={on_text} />
            { result }
            if !reads.is_empty() {
                <table class="reads">
                    <caption class="small muted">{ "Attributes it reads, for this user" }</caption>
                    { for reads.iter().map(|name| html! {
                        <tr><th scope="row"><code>{ format!("[{name}]") }</code></th>
                            <td><bdi>{ user.map(|u| cell_text(crate::mapping::source::lookup(u, name))).unwrap_or_default() }</bdi></td></tr>
                    }) }
                </table>
            }
            <h3>{ format!("Functions ({})", FUNCTIONS.len()) }</h3>
            <ul class="function-reference" id="function-reference">
                { for EXAMPLES.iter().map(|f| {
                    let signature = FUNCTIONS.iter().find(|s| s.name == f.name).map(|s| s.signature).unwrap_or("");
                    html! {
                        <li>
                            <p><code class="function-name">{ format!("{}({signature})", f.name) }</code>{ " — " }{ f.summary }</p>
                            <p class="example"><code>{ f.example }</code>
                                <button type="button" class="secondary small-button" onclick={try_example(f.example)}
                                    aria-label={format!("Try the {} example", f.name)}>{ "Try" }</button></p>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
