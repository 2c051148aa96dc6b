//! Selecting the values a path designates, prepared once per path and
//! schema: the attribute definitions and the value filter are resolved
//! when the [`Selector`] is made; [`Selector::visit`] then walks a
//! resource without allocating.

use super::access::{container, get_ci_hinted, get_ci_joined, KeyHint};
use super::AttrPath;
use crate::scim::filter::compiled::Node;
use crate::scim::schema::{AttributeDef, ResourceSchema};
use serde_json::Value;

/// What a path's names are relative to.
#[derive(Clone, Copy)]
pub(crate) enum Scope<'s, 'a> {
    /// A whole resource of this schema's type (names are top-level attributes).
    Resource(Option<&'s ResourceSchema<'a>>),
    /// One element of a multi-valued (or complex) attribute, inside a
    /// value path: names are sub-attributes of the definition.
    Element(Option<&'a AttributeDef>),
}

/// A path prepared for reading many resources.
#[derive(Debug)]
pub(crate) struct Selector<'a> {
    path: &'a AttrPath,
    /// The definition of what the path ends at (its sub-attribute, if any).
    leaf: Option<&'a AttributeDef>,
    /// In an element scope, `value` on a simple (non-object) element is the
    /// element itself, described by this definition.
    simple_element: Option<Option<&'a AttributeDef>>,
    /// The value filter, compiled over the attribute's elements.
    filter: Option<Box<Node<'a>>>,
    /// Where the extension, the attribute and the sub-attribute were last
    /// found (see [`KeyHint`]).
    hints: [KeyHint; 3],
}

impl<'a> Selector<'a> {
    pub(crate) fn new(path: &'a AttrPath, scope: Scope<'_, 'a>) -> Selector<'a> {
        let (top, leaf, simple_element) = match scope {
            Scope::Resource(schema) => (
                schema.and_then(|s| s.top_attribute(path)),
                schema.and_then(|s| s.attribute(path)),
                None,
            ),
            Scope::Element(parent) => {
                let top = parent.and_then(|p| p.sub_attribute(&path.attribute));
                let leaf = match (&path.sub_attribute, top) {
                    (Some(sub), Some(top)) => top.sub_attribute(sub),
                    (None, top) => top,
                    (Some(_), None) => None,
                };
                let simple = path
                    .attribute
                    .eq_ignore_ascii_case("value")
                    .then_some(leaf.or(parent));
                (top, leaf, simple)
            }
        };
        let filter = path
            .filter
            .as_deref()
            .map(|filter| Box::new(Node::compile(filter, Scope::Element(top))));
        Selector {
            path,
            leaf,
            simple_element,
            filter,
            hints: Default::default(),
        }
    }

    /// The definition of the selected values.
    pub(crate) fn leaf_def(&self) -> Option<&'a AttributeDef> {
        self.leaf
    }

    /// Calls `visit` with every non-null value the path selects in
    /// `target` (multi-valued attributes flattened) and its definition,
    /// until `visit` returns true. Returns whether it did.
    pub(crate) fn visit<'v>(
        &self,
        target: &'v Value,
        visit: &mut dyn FnMut(&'v Value, Option<&'a AttributeDef>) -> bool,
    ) -> bool {
        if let Some(def) = self.simple_element {
            if !target.is_object() {
                return !target.is_null() && visit(target, def);
            }
        }
        let path = self.path;
        let [extension_hint, attribute_hint, sub_hint] = &self.hints;
        let Some(map) = container(target, path.uri.as_deref(), Some(extension_hint)) else {
            return false;
        };
        let leaf = self.leaf;
        let Some(value) = get_ci_hinted(map, &path.attribute, attribute_hint) else {
            // Source records flattened from CSV keep `manager.id` as one
            // key; a plain `a.b` path falls back to such a key.
            let (Some(sub), None, None) = (&path.sub_attribute, &path.filter, &path.uri) else {
                return false;
            };
            return match get_ci_joined(map, &path.attribute, sub) {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter(|v| !v.is_null())
                    .any(|v| visit(v, leaf)),
                Some(Value::Null) | None => false,
                Some(other) => visit(other, leaf),
            };
        };
        let mut one = |item: &'v Value| -> bool {
            if let Some(filter) = &self.filter {
                if !filter.matches(item) {
                    return false;
                }
            }
            match &path.sub_attribute {
                None => !item.is_null() && visit(item, leaf),
                Some(sub) => match item
                    .as_object()
                    .and_then(|m| get_ci_hinted(m, sub, sub_hint))
                {
                    Some(Value::Array(values)) => values
                        .iter()
                        .filter(|v| !v.is_null())
                        .any(|v| visit(v, leaf)),
                    Some(Value::Null) | None => false,
                    Some(other) => visit(other, leaf),
                },
            }
        };
        match value {
            Value::Array(items) => items.iter().any(&mut one),
            other => one(other),
        }
    }

    /// Every selected value, in order.
    pub(crate) fn collect<'v>(&self, target: &'v Value) -> Vec<&'v Value> {
        let mut all = Vec::new();
        self.visit(target, &mut |value, _| {
            all.push(value);
            false
        });
        all
    }
}
