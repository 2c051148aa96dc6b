//! Groups panel: push directory groups as target groups (Asana: teams),
//! which groups, and what the group mappings send.

use super::app::StateProps as Props;
use super::scoping::{ScopingEditor, SourceAttributes};
use super::source::cell_text;
use super::state::{Action, Panel};
use crate::mapping::scoping;
use crate::mapping::source;
use crate::workspace::{Edit, ResourceKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(GroupsPanel)]
pub fn groups_panel(props: &Props) -> Html {
    let state = props.state.clone();
    let workspace = &state.workspace;
    let enabled = workspace.config.groups.enabled;
    let on_toggle = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            state.dispatch(Action::Edit(Edit::SetGroupsEnabled(checked)));
        })
    };
    let to_mappings = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ShowPanel(Panel::Mappings)))
    };
    let compiled = scoping::compile_at(&workspace.config.groups.scoping, scoping::GROUPS_PATH).ok();
    let directory = workspace.directory.clone();
    html! {
        <section class="panel" aria-labelledby="groups-title">
            <h2 id="groups-title">{ "Group push" }</h2>
            <div class="checkbox">
                <input id="groups-enabled" type="checkbox" checked={enabled} onchange={on_toggle} />
                <label for="groups-enabled">{ "Push groups and their memberships to the target" }</label>
            </div>
            <p class="muted">
                { "Groups are created or linked by their matching attribute (displayName), then members are added and removed once the users exist in the target. Asana turns groups into teams and never deletes a team." }
            </p>
            if enabled {
                <h3>{ "Which groups" }</h3>
                <SourceAttributes state={state.clone()} kind={ResourceKind::Group} />
                <ScopingEditor state={state.clone()} side={ResourceKind::Group} />
                <h3>{ format!("Groups in the directory ({})", directory.groups.len()) }</h3>
                if directory.groups.is_empty() {
                    <p class="empty">{ "This directory has no groups (CSV files hold users only)." }</p>
                } else {
                    <ul class="group-list" id="group-scope-list">
                        { for directory.groups.iter().take(500).map(|group| {
                            let in_scope = compiled.as_ref().map(|c| c.evaluate(group, &directory).in_scope);
                            let mark = match in_scope {
                                Some(true) => "in scope",
                                Some(false) => "out of scope",
                                None => "scoping has errors",
                            };
                            html! {
                                <li>
                                    <bdi>{ cell_text(group.get("displayName")) }</bdi>
                                    <span class="muted">{ format!(" — {} members, {mark}", source::member_ids(group).count()) }</span>
                                </li>
                            }
                        }) }
                    </ul>
                }
                <button type="button" class="secondary" onclick={to_mappings}>{ "Edit the group mappings" }</button>
            }
        </section>
    }
}
