//! A windowed table body: only the rows in view (plus a margin) exist in the
//! DOM, so 100,000 users scroll as smoothly as 10. Spacer heights are set
//! through the CSSOM because the page's CSP forbids `style` attributes.

use yew::prelude::*;

const OVERSCAN: usize = 8;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub rows: usize,
    /// Must match the CSS row height of `.vtable tbody tr`.
    pub row_height: u32,
    /// How many rows fit in the scroll viewport (its CSS max-height / row height).
    pub visible_rows: usize,
    pub columns: usize,
    pub header: Html,
    pub render_row: Callback<usize, Html>,
    pub label: AttrValue,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

fn set_height(node: &NodeRef, pixels: u64) {
    if let Some(element) = node.cast::<web_sys::HtmlElement>() {
        let _ = element
            .style()
            .set_property("height", &format!("{pixels}px"));
    }
}

#[function_component(VirtualTable)]
pub fn virtual_table(props: &Props) -> Html {
    let first = use_state(|| 0usize);
    let viewport = use_node_ref();
    let top = use_node_ref();
    let bottom = use_node_ref();
    let start = (*first)
        .min(props.rows.saturating_sub(1))
        .saturating_sub(OVERSCAN);
    let end = (start + props.visible_rows + 2 * OVERSCAN).min(props.rows);
    let row_height = u64::from(props.row_height);
    {
        let (top, bottom) = (top.clone(), bottom.clone());
        let rows = props.rows;
        use_effect_with(
            (start, end, rows, row_height),
            move |&(start, end, rows, height)| {
                set_height(&top, start as u64 * height);
                set_height(&bottom, (rows - end) as u64 * height);
            },
        );
    }
    let onscroll = {
        let (first, viewport) = (first.clone(), viewport.clone());
        let row_height = props.row_height.max(1);
        Callback::from(move |_| {
            if let Some(element) = viewport.cast::<web_sys::Element>() {
                first.set((element.scroll_top().max(0) as u32 / row_height) as usize);
            }
        })
    };
    html! {
        <div class="vtable-viewport" ref={viewport} {onscroll} tabindex="0" aria-label={props.label.clone()}
            id={props.id.clone()}>
            <table class="vtable" aria-rowcount={(props.rows + 1).to_string()}>
                <thead>{ props.header.clone() }</thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true"><td colspan={props.columns.to_string()} ref={top}></td></tr>
                    { for (start..end).map(|index| props.render_row.emit(index)) }
                    <tr class="spacer" aria-hidden="true"><td colspan={props.columns.to_string()} ref={bottom}></td></tr>
                </tbody>
            </table>
        </div>
    }
}
