//! Attribute mappings panel: the table Entra and Okta admins know — target
//! attribute, source (direct, hardcoded value, expression, none), apply on,
//! default, matching precedence — with autocomplete on both sides.

use super::app::StateProps as Props;
use super::browser::{input_value, select_value};
use super::scoping::SourceAttributes;
use super::state::Action;
use crate::mapping::config::{ApplyOn, Mapping, Source};
use crate::workspace::{Edit, ResourceKind};
use serde_json::Value;
use yew::prelude::*;

/// Typed text for a hardcoded value or a default: `true`/`false` become
/// booleans (so `active` can take them), everything else stays text.
fn typed_value(text: &str) -> Value {
    match text.trim() {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(text.to_string()),
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn source_kind(source: &Source) -> &'static str {
    match source {
        Source::Direct { .. } => "direct",
        Source::Constant { .. } => "constant",
        Source::Expression { .. } => "expression",
        Source::None => "none",
    }
}

/// Switching the source type keeps what was typed where it still makes sense.
fn with_kind(source: &Source, kind: &str) -> Source {
    let text = match source {
        Source::Direct { attribute } => attribute.clone(),
        Source::Constant { value } => value_text(value),
        Source::Expression { expression } => expression.clone(),
        Source::None => String::new(),
    };
    match kind {
        "direct" => Source::Direct { attribute: text },
        "constant" => Source::Constant {
            value: typed_value(&text),
        },
        "expression" => Source::Expression {
            expression: if text.is_empty() {
                text
            } else {
                format!("[{text}]")
            },
        },
        _ => Source::None,
    }
}

#[function_component(MappingsPanel)]
pub fn mappings_panel(props: &Props) -> Html {
    let state = props.state.clone();
    let side = state.mappings_kind;
    let workspace = &state.workspace;
    // The target validation checks against: the profile's schemas, or the
    // server's discovered ones when chosen in the Connection panel.
    let target_paths = workspace.target_attribute_paths(side);
    let mappings = workspace.mappings(side).to_vec();
    let dispatch = {
        let state = state.clone();
        Callback::from(move |edit: Edit| state.dispatch(Action::Edit(edit)))
    };
    let tab = |which: ResourceKind, label: &str| {
        let state = state.clone();
        let selected = side == which;
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()} class="tab"
                id={format!("mappings-tab-{}", label.to_lowercase())}
                onclick={Callback::from(move |_| state.dispatch(Action::ShowMappings(which)))}>{ label }</button>
        }
    };
    let current = side;
    // The new row's target field takes the focus: the keyboard user types on.
    let on_add = {
        let state = state.clone();
        let (noun, next) = (
            if side == ResourceKind::User {
                "users"
            } else {
                "groups"
            },
            mappings.len(),
        );
        Callback::from(move |_| {
            state.dispatch(Action::Edit(Edit::AddMapping(current)));
            state.dispatch(Action::Reveal(format!("$.{noun}.mappings[{next}].target")));
        })
    };
    let on_reset = dispatch.reform(move |_| Edit::ResetMappings(current));
    html! {
        <section class="panel" aria-labelledby="mappings-title">
            <h2 id="mappings-title">{ "Attribute mappings" }</h2>
            <p class="muted">
                { "Each row sets one target attribute. Matching attributes (precedence 1 first) find the existing object in the target; the first one with a value is used." }
            </p>
            <div class="tabs" role="tablist" aria-label="Resource type">
                { tab(ResourceKind::User, "Users") }
                { tab(ResourceKind::Group, "Groups") }
            </div>
            <datalist id="target-attributes">
                { for target_paths.iter().map(|p| html! { <option value={p.clone()} /> }) }
            </datalist>
            <SourceAttributes state={state.clone()} kind={side} />
            // Above the rows, so the keyboard reaches it without crossing them.
            <div class="toolbar">
                <button type="button" id="add-mapping" onclick={on_add}>{ "Add mapping" }</button>
                <button type="button" class="secondary" id="reset-mappings" onclick={on_reset}>
                    { "Reset to the profile's defaults" }
                </button>
            </div>
            if mappings.is_empty() {
                <p class="empty">{ "No mappings yet. Add one, or reset to the profile's defaults." }</p>
            } else {
                <div class="table-scroll">
                    <table class="mappings" id="mappings-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "Target attribute" }</th>
                                <th scope="col">{ "Source type" }</th>
                                <th scope="col">{ "Source" }</th>
                                <th scope="col">{ "Apply on" }</th>
                                <th scope="col">{ "Default if null" }</th>
                                <th scope="col">{ "Matching" }</th>
                                <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            { for mappings.iter().enumerate().map(|(index, mapping)| html! {
                                <MappingRow side={current} {index} mapping={mapping.clone()}
                                    last={index + 1 == mappings.len()} dispatch={dispatch.clone()} />
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    side: ResourceKind,
    index: usize,
    mapping: Mapping,
    last: bool,
    dispatch: Callback<Edit>,
}

#[function_component(MappingRow)]
fn mapping_row(props: &RowProps) -> Html {
    let RowProps {
        side,
        index,
        mapping,
        last,
        dispatch,
    } = props;
    let (side, index) = (*side, *index);
    let update = {
        let (dispatch, mapping) = (dispatch.clone(), mapping.clone());
        move |change: fn(&mut Mapping, String)| {
            let (dispatch, mapping) = (dispatch.clone(), mapping.clone());
            move |text: String| {
                let mut mapping = mapping.clone();
                change(&mut mapping, text);
                dispatch.emit(Edit::UpdateMapping {
                    side,
                    index,
                    mapping,
                });
            }
        }
    };
    let on_target =
        Callback::from(update(|m, t| m.target = t)).reform(|e: InputEvent| input_value(&e));
    let on_kind = Callback::from(update(|m, k| m.source = with_kind(&m.source, &k)))
        .reform(|e: Event| select_value(&e));
    let on_source = Callback::from(update(|m, t| {
        m.source = match &m.source {
            Source::Direct { .. } => Source::Direct { attribute: t },
            Source::Constant { .. } => Source::Constant {
                value: typed_value(&t),
            },
            Source::Expression { .. } => Source::Expression { expression: t },
            Source::None => Source::None,
        }
    }))
    .reform(|e: InputEvent| input_value(&e));
    let on_apply = Callback::from(update(|m, t| {
        m.apply_on = if t == "create" {
            ApplyOn::Create
        } else {
            ApplyOn::Always
        }
    }))
    .reform(|e: Event| select_value(&e));
    let on_default = Callback::from(update(|m, t| {
        m.default = (!t.is_empty()).then(|| typed_value(&t))
    }))
    .reform(|e: InputEvent| input_value(&e));
    let on_matching = Callback::from(update(|m, t| {
        m.matching = t.trim().parse::<u32>().ok().filter(|n| *n > 0)
    }))
    .reform(|e: InputEvent| input_value(&e));
    let on_up = dispatch.reform(move |_| Edit::MoveMapping {
        side,
        index,
        up: true,
    });
    let on_down = dispatch.reform(move |_| Edit::MoveMapping {
        side,
        index,
        up: false,
    });
    let on_remove = dispatch.reform(move |_| Edit::RemoveMapping { side, index });
    let id = |field: &str| format!("mapping-{index}-{field}");
    let name = if mapping.target.is_empty() {
        format!("row {}", index + 1)
    } else {
        mapping.target.clone()
    };
    let kind = source_kind(&mapping.source);
    let source_text = match &mapping.source {
        Source::Direct { attribute } => attribute.clone(),
        Source::Constant { value } => value_text(value),
        Source::Expression { expression } => expression.clone(),
        Source::None => String::new(),
    };
    html! {
        <tr>
            <td>
                <label class="visually-hidden" for={id("target")}>{ format!("Target attribute of {name}") }</label>
                <input id={id("target")} list="target-attributes" value={mapping.target.clone()} oninput={on_target}
                    spellcheck="false" class="mono" />
            </td>
            <td>
                <label class="visually-hidden" for={id("kind")}>{ format!("Source type of {name}") }</label>
                <select id={id("kind")} onchange={on_kind}>
                    <option value="direct" selected={kind == "direct"}>{ "Direct" }</option>
                    <option value="constant" selected={kind == "constant"}>{ "Hardcoded" }</option>
                    <option value="expression" selected={kind == "expression"}>{ "Expression" }</option>
                    <option value="none" selected={kind == "none"}>{ "None" }</option>
                </select>
            </td>
            <td>
                <label class="visually-hidden" for={id("source")}>{ format!("Source of {name}") }</label>
                <input id={id("source")} value={source_text} oninput={on_source} disabled={kind == "none"}
                    list={(kind == "direct").then_some("source-attributes")} spellcheck="false"
                    class={classes!((kind == "expression").then_some("mono"))} />
            </td>
            <td>
                <label class="visually-hidden" for={id("apply")}>{ format!("Apply {name} on") }</label>
                <select id={id("apply")} onchange={on_apply}>
                    <option value="always" selected={mapping.apply_on == ApplyOn::Always}>{ "Always" }</option>
                    <option value="create" selected={mapping.apply_on == ApplyOn::Create}>{ "On create" }</option>
                </select>
            </td>
            <td>
                <label class="visually-hidden" for={id("default")}>{ format!("Default of {name} when null") }</label>
                <input id={id("default")} value={mapping.default.as_ref().map(value_text).unwrap_or_default()}
                    oninput={on_default} />
            </td>
            <td>
                <label class="visually-hidden" for={id("matching")}>{ format!("Matching precedence of {name}") }</label>
                <input id={id("matching")} type="number" min="1" class="narrow"
                    value={mapping.matching.map(|m| m.to_string()).unwrap_or_default()} oninput={on_matching} />
            </td>
            <td class="row-actions">
                <button type="button" class="icon" aria-label={format!("Move {name} up")} disabled={index == 0} onclick={on_up}>{ "↑" }</button>
                <button type="button" class="icon" aria-label={format!("Move {name} down")} disabled={*last} onclick={on_down}>{ "↓" }</button>
                <button type="button" class="icon danger" aria-label={format!("Delete {name}")} onclick={on_remove}>{ "✕" }</button>
            </td>
        </tr>
    }
}
