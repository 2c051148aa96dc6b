//! Scoping: who is provisioned. Entra's clause builder (clauses AND-ed inside
//! a filter, filters OR-ed), or RFC 7644 filter text per clause, with a live
//! "N of M in scope" count from the core. Used for users and for groups.

use super::app::StateProps as Props;
use super::browser::{input_value, select_value};
use super::state::Action;
use crate::mapping::config::{Clause, Operator, ScopingGroup, ValueKind};
use crate::workspace::{Edit, ResourceKind};
use serde_json::Value;
use yew::prelude::*;

/// A clause's value as typed: lists (`IS IN`) as comma-separated text.
fn value_text(value: &Option<Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

fn typed_value(operator: Operator, text: &str) -> Option<Value> {
    match operator.value_kind() {
        ValueKind::None => None,
        ValueKind::List => Some(Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.into()))
                .collect(),
        )),
        _ => Some(Value::String(text.to_string())),
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub state: UseReducerHandle<super::state::AppState>,
    pub side: ResourceKind,
}

/// The scoping editor for one side.
#[function_component(ScopingEditor)]
pub fn scoping_editor(props: &EditorProps) -> Html {
    let side = props.side;
    let workspace = &props.state.workspace;
    let groups = match side {
        ResourceKind::User => workspace.config.users.scoping.clone(),
        ResourceKind::Group => workspace.config.groups.scoping.clone(),
    };
    let noun = if side == ResourceKind::User {
        "users"
    } else {
        "groups"
    };
    let set = {
        let state = props.state.clone();
        Callback::from(move |scoping: Vec<ScopingGroup>| {
            state.dispatch(Action::Edit(Edit::SetScoping { side, scoping }))
        })
    };
    let count = match workspace.scope_count(side) {
        Ok(count) => html! {
            <p class="scope-count" role="status" id={format!("scope-count-{noun}")}>
                <strong>{ format!("{} of {} {noun} in scope", count.in_scope, count.total) }</strong>
                if count.in_scope == 0 && count.total > 0 {
                    <span class="warning-text">{ " — nothing would be provisioned." }</span>
                }
            </p>
        },
        Err(errors) => html! {
            <div class="result error" role="alert" id={format!("scope-errors-{noun}")}>
                <p>{ "These clauses cannot be evaluated yet:" }</p>
                <ul>{ for errors.iter().map(|e| html! { <li><code>{ &e.path }</code>{ " " }{ &e.message }</li> }) }</ul>
            </div>
        },
    };
    let add_group = {
        let (set, groups) = (set.clone(), groups.clone());
        Callback::from(move |_| {
            let mut next = groups.clone();
            next.push(ScopingGroup {
                clauses: vec![new_clause()],
            });
            set.emit(next);
        })
    };
    html! {
        <div class="scoping">
            { count }
            if groups.is_empty() {
                <p class="empty">{ format!("No scoping filters: every {} is in scope.", &noun[..noun.len() - 1]) }</p>
            }
            { for groups.iter().enumerate().map(|(g, group)| html! {
                <ScopingGroupCard index={g} group={group.clone()} all={groups.clone()} set={set.clone()} {noun} />
            }) }
            <button type="button" class="secondary" id={format!("add-scoping-{noun}")} onclick={add_group}>
                { if groups.is_empty() { "Add a scoping filter" } else { "Add another filter (OR)" } }
            </button>
        </div>
    }
}

fn new_clause() -> Clause {
    Clause::Attribute {
        attribute: String::new(),
        operator: Operator::Equals,
        value: Some(Value::String(String::new())),
    }
}

#[derive(Properties, PartialEq)]
struct GroupProps {
    index: usize,
    group: ScopingGroup,
    all: Vec<ScopingGroup>,
    set: Callback<Vec<ScopingGroup>>,
    noun: &'static str,
}

#[function_component(ScopingGroupCard)]
fn scoping_group_card(props: &GroupProps) -> Html {
    let g = props.index;
    // Replaces this filter's clauses (None removes the whole filter).
    let replace = {
        let (all, set) = (props.all.clone(), props.set.clone());
        Callback::from(move |clauses: Option<Vec<Clause>>| {
            let mut next = all.clone();
            match clauses {
                Some(clauses) if g < next.len() => next[g].clauses = clauses,
                None if g < next.len() => {
                    next.remove(g);
                }
                _ => return,
            }
            set.emit(next);
        })
    };
    let clauses = props.group.clauses.clone();
    let add = |clause: Clause| {
        let (replace, clauses) = (replace.clone(), clauses.clone());
        Callback::from(move |_| {
            let mut next = clauses.clone();
            next.push(clause.clone());
            replace.emit(Some(next));
        })
    };
    let add_clause = add(new_clause());
    let add_filter = add(Clause::ScimFilter {
        scim_filter: String::new(),
    });
    let remove_group = replace.reform(|_| None);
    html! {
        <fieldset class="scoping-group" id={format!("scoping-{}-{g}", props.noun)}>
            <legend>{ format!("Filter {} — all clauses must hold", g + 1) }</legend>
            if g > 0 { <p class="or-separator" aria-hidden="true">{ "OR" }</p> }
            { for clauses.iter().enumerate().map(|(c, clause)| {
                let (replace, clauses) = (replace.clone(), clauses.clone());
                let on_change = Callback::from(move |changed: Option<Clause>| {
                    let mut next = clauses.clone();
                    match changed {
                        Some(clause) if c < next.len() => next[c] = clause,
                        None if c < next.len() => {
                            next.remove(c);
                        }
                        _ => return,
                    }
                    replace.emit(Some(next));
                });
                html! { <ClauseRow id={format!("{}-{g}-{c}", props.noun)} clause={clause.clone()} {on_change} /> }
            }) }
            <div class="toolbar">
                <button type="button" class="secondary" onclick={add_clause}>{ "Add clause (AND)" }</button>
                <button type="button" class="secondary" onclick={add_filter}>{ "Add SCIM filter clause" }</button>
                <button type="button" class="secondary danger" onclick={remove_group}>{ format!("Remove filter {}", g + 1) }</button>
            </div>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct ClauseProps {
    id: String,
    clause: Clause,
    /// `None` removes the clause.
    on_change: Callback<Option<Clause>>,
}

#[function_component(ClauseRow)]
fn clause_row(props: &ClauseProps) -> Html {
    let id = |field: &str| format!("clause-{}-{field}", props.id);
    let remove = props.on_change.reform(|_| None);
    let remove_button = html! {
        <button type="button" class="icon danger" aria-label="Remove clause" onclick={remove}>{ "✕" }</button>
    };
    match &props.clause {
        Clause::ScimFilter { scim_filter } => {
            let on_input = props.on_change.reform(|e: InputEvent| {
                Some(Clause::ScimFilter {
                    scim_filter: input_value(&e),
                })
            });
            html! {
                <div class="clause">
                    <label for={id("filter")}>{ "SCIM filter" }</label>
                    <input id={id("filter")} class="mono wide" value={scim_filter.clone()} oninput={on_input}
                        placeholder={r#"department eq "Sales" and not (jobTitle sw "Intern")"#} spellcheck="false" />
                    { remove_button }
                </div>
            }
        }
        Clause::Attribute {
            attribute,
            operator,
            value,
        } => {
            let (attribute, operator, value) = (attribute.clone(), *operator, value.clone());
            let on_attribute = {
                let (operator, value) = (operator, value.clone());
                props.on_change.reform(move |e: InputEvent| {
                    Some(Clause::Attribute {
                        attribute: input_value(&e),
                        operator,
                        value: value.clone(),
                    })
                })
            };
            let on_operator = {
                let (attribute, value) = (attribute.clone(), value.clone());
                props.on_change.reform(move |e: Event| {
                    let name = select_value(&e);
                    let operator = Operator::parse(&name).unwrap_or(Operator::Equals);
                    let value = typed_value(operator, &value_text(&value));
                    Some(Clause::Attribute {
                        attribute: attribute.clone(),
                        operator,
                        value,
                    })
                })
            };
            let on_value = {
                let attribute = attribute.clone();
                props.on_change.reform(move |e: InputEvent| {
                    Some(Clause::Attribute {
                        attribute: attribute.clone(),
                        operator,
                        value: typed_value(operator, &input_value(&e)),
                    })
                })
            };
            let kind = operator.value_kind();
            let placeholder = match kind {
                ValueKind::List => "Sales, Legal, Support",
                ValueKind::Regex => "^Eng",
                ValueKind::Group => "group id or name",
                ValueKind::Integer => "42",
                _ => "",
            };
            html! {
                <div class="clause">
                    <label class="visually-hidden" for={id("attribute")}>{ "Source attribute" }</label>
                    <input id={id("attribute")} list="source-attributes" value={attribute} oninput={on_attribute}
                        placeholder="attribute" spellcheck="false" disabled={!operator.needs_attribute()} />
                    <label class="visually-hidden" for={id("operator")}>{ "Operator" }</label>
                    <select id={id("operator")} onchange={on_operator}>
                        { for Operator::ALL.into_iter().map(|op| html! {
                            <option value={op.name()} selected={op == operator}>{ op.name() }</option>
                        }) }
                    </select>
                    <label class="visually-hidden" for={id("value")}>{ "Value" }</label>
                    <input id={id("value")} value={value_text(&value)} oninput={on_value} placeholder={placeholder}
                        disabled={kind == ValueKind::None} spellcheck="false" />
                    { remove_button }
                </div>
            }
        }
    }
}

/// The Scoping panel (users).
#[function_component(ScopingPanel)]
pub fn scoping_panel(props: &Props) -> Html {
    html! {
        <section class="panel" aria-labelledby="scoping-title">
            <h2 id="scoping-title">{ "Scoping: which users are provisioned" }</h2>
            <p class="muted">
                { "Clauses inside one filter must all hold (AND); a user who passes any filter is in scope (OR). Operators are Entra's; a SCIM filter clause takes RFC 7644 syntax evaluated against the source record." }
            </p>
            <SourceAttributes state={props.state.clone()} kind={ResourceKind::User} />
            <ScopingEditor state={props.state.clone()} side={ResourceKind::User} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct AttributesProps {
    pub state: UseReducerHandle<super::state::AppState>,
    pub kind: ResourceKind,
}

/// The `<datalist id="source-attributes">` that source inputs suggest from.
#[function_component(SourceAttributes)]
pub fn source_attributes(props: &AttributesProps) -> Html {
    let names = props.state.workspace.source_attribute_names(props.kind);
    html! {
        <datalist id="source-attributes">
            { for names.into_iter().map(|n| html! { <option value={n} /> }) }
        </datalist>
    }
}
