//! A filter compiled once against a schema, then evaluated over many
//! resources without allocating: attribute definitions are looked up once,
//! URN prefixes classified once, date literals read once, and selected
//! values are visited in place rather than collected.
//!
//! This is the only evaluator: [`Filter::matches`] compiles and evaluates.

use super::eval::{compare, is_present, Literal};
use super::{CompareOp, Filter};
use crate::scim::path::select::{Scope, Selector};
use crate::scim::schema::{AttributeDef, ResourceSchema};
use serde_json::Value;

/// A [`Filter`] ready to test many resources under one schema. Made by
/// [`Filter::compile`]; borrows the filter and the schema's definitions.
#[derive(Debug)]
pub struct CompiledFilter<'a> {
    root: Node<'a>,
}

#[derive(Debug)]
pub(crate) enum Node<'a> {
    Or(Vec<Node<'a>>),
    And(Vec<Node<'a>>),
    Not(Box<Node<'a>>),
    Present(Selector<'a>),
    Compare(Selector<'a>, CompareOp, Literal<'a>),
    ValuePath(Selector<'a>),
}

impl<'a> CompiledFilter<'a> {
    /// Compiles a filter over whole resources of `schema`'s type.
    pub fn new(filter: &'a Filter, schema: Option<&ResourceSchema<'a>>) -> Self {
        CompiledFilter {
            root: Node::compile(filter, Scope::Resource(schema)),
        }
    }

    /// Compiles a value filter (`type eq "work"`) over the elements of the
    /// attribute `def` describes.
    pub(crate) fn for_elements(filter: &'a Filter, def: Option<&'a AttributeDef>) -> Self {
        CompiledFilter {
            root: Node::compile(filter, Scope::Element(def)),
        }
    }

    /// Whether `target` (a resource, or an element for
    /// [`CompiledFilter::for_elements`]) matches.
    pub fn matches(&self, target: &Value) -> bool {
        self.root.matches(target)
    }
}

impl<'a> Node<'a> {
    pub(crate) fn compile(filter: &'a Filter, scope: Scope<'_, 'a>) -> Node<'a> {
        match filter {
            Filter::Or(items) => Node::Or(items.iter().map(|f| Node::compile(f, scope)).collect()),
            Filter::And(items) => {
                Node::And(items.iter().map(|f| Node::compile(f, scope)).collect())
            }
            Filter::Not(inner) => Node::Not(Box::new(Node::compile(inner, scope))),
            Filter::Present(path) => Node::Present(Selector::new(path, scope)),
            Filter::Compare(path, op, value) => {
                Node::Compare(Selector::new(path, scope), *op, Literal::new(value))
            }
            Filter::ValuePath(path) => Node::ValuePath(Selector::new(path, scope)),
        }
    }

    pub(crate) fn matches(&self, target: &Value) -> bool {
        match self {
            Node::Or(items) => items.iter().any(|n| n.matches(target)),
            Node::And(items) => items.iter().all(|n| n.matches(target)),
            Node::Not(inner) => !inner.matches(target),
            Node::Present(selector) => selector.visit(target, &mut |value, _| is_present(value)),
            Node::Compare(selector, op, expected) => {
                let mut selected_any = false;
                let found = selector.visit(target, &mut |value, def| {
                    selected_any = true;
                    // A complex value compared directly means its "value"
                    // sub-attribute (`emails co "example.com"`).
                    match value {
                        Value::Object(object) => {
                            let inner = object
                                .iter()
                                .find(|(k, _)| k.eq_ignore_ascii_case("value"))
                                .map_or(&Value::Null, |(_, v)| v);
                            let inner_def = def.and_then(|d| d.sub_attribute("value")).or(def);
                            compare(inner, *op, expected, inner_def)
                        }
                        other => compare(other, *op, expected, def),
                    }
                });
                if selected_any {
                    found
                } else {
                    compare(&Value::Null, *op, expected, selector.leaf_def())
                }
            }
            Node::ValuePath(selector) => selector.visit(target, &mut |_, _| true),
        }
    }
}
