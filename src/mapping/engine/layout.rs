//! The resource's shape, planned once per configuration.
//!
//! Writing each mapped value into a growing `serde_json` map costs a SipHash
//! of the attribute name per lookup, and the maps reallocate as they grow:
//! that was most of a preview's time. When every usable mapping has a
//! [`FastWrite`] and no two can conflict, [`Layout::plan`] groups the
//! mappings by the attribute they build (`name`, `emails`, an extension's
//! `manager`) so [`Layout::build`] can assemble each record's resource in
//! its final shape, every object made once at its final size and every key
//! inserted once.
//!
//! The result is exactly what the incremental writer makes: `schemas`
//! first, then attributes in the order of the first mapping that produced
//! a value for them, then non-empty extension objects in first-use order
//! (their URNs appended to `schemas`). Anything the plan cannot promise
//! that for (two whole-attribute mappings of one name, a filter on a
//! sub-attribute that another mapping writes, …) gets no layout, and the
//! engine keeps using the incremental writer.

use super::rule::Rule;
use super::write::{same_value, FastWrite, Place, Writer};
use super::MapMode;
use serde_json::{Map, Value};

/// Where every usable rule's value goes.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// The resource type's core schema URN (first in `schemas`).
    pub(super) core_urn: String,
    /// By rule index; `None` for rules that never write (broken ones).
    pub(super) slots: Vec<Option<Slot>>,
    pub(super) groups: Vec<Group>,
    /// The extension URNs, in first-use order (container `i + 1`).
    pub(super) extensions: Vec<String>,
    /// By mode (create, update): the resource when every rule produced.
    templates: [Option<Template>; 2],
}

/// One rule's place in its group.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub(super) group: usize,
    /// The sub-attribute written (`formatted` of `name.formatted`); unused
    /// for a whole attribute.
    pub(super) sub: String,
    /// For [`Form::Elements`]: which element (rules whose filter values
    /// are equal share one), and the filter value this rule writes when it
    /// creates the element.
    pub(super) element: usize,
    pub(super) wanted: Value,
}

/// One attribute of the core resource or of an extension object.
#[derive(Debug, Clone)]
pub(super) struct Group {
    /// 0: the resource itself; `i + 1`: extension `i`.
    pub(super) container: usize,
    pub(super) attribute: String,
    pub(super) form: Form,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Form {
    /// One rule writes the whole attribute.
    Whole,
    /// Sub-attributes of a single complex attribute: `{sub: …}`.
    Object,
    /// Sub-attributes of a multi-valued attribute without a filter: one
    /// element `[{sub: …}]`.
    OneElement,
    /// `attribute[key eq "…"].sub`: one element per filter value.
    Elements { key: String },
}

impl Layout {
    /// The layout of `rules`, or `None` when some rule needs the general
    /// writer or two rules could overwrite each other.
    pub fn plan(core_urn: &str, rules: &[Rule], extensions: &[String]) -> Option<Layout> {
        let mut layout = Layout {
            core_urn: core_urn.to_string(),
            slots: Vec::with_capacity(rules.len()),
            groups: Vec::new(),
            extensions: extensions.to_vec(),
            templates: [None, None],
        };
        for rule in rules {
            if rule.broken || rule.path.is_none() {
                layout.slots.push(None);
                continue;
            }
            let Writer::Fast(fast) = &rule.writer else {
                return None;
            };
            let slot = layout.place(fast)?;
            layout.slots.push(Some(slot));
        }
        layout.templates =
            [MapMode::Create, MapMode::Update].map(|mode| layout.template(rules, mode));
        Some(layout)
    }

    /// Finds or opens the group of one rule; `None` on any possible clash.
    fn place(&mut self, fast: &FastWrite) -> Option<Slot> {
        let container = match &fast.extension {
            None => 0,
            Some(urn) => 1 + self.extensions.iter().position(|known| known == urn)?,
        };
        let attribute = fast.attribute.as_str();
        if container == 0
            && (attribute == "schemas" || self.extensions.iter().any(|u| u == attribute))
        {
            return None;
        }
        let (form, sub, wanted) = match &fast.place {
            Place::Whole => (Form::Whole, "", Value::Null),
            Place::Sub(sub) => (Form::Object, sub.as_str(), Value::Null),
            Place::EveryElement(sub) => (Form::OneElement, sub.as_str(), Value::Null),
            Place::Element { key, value, sub } => {
                if key == sub {
                    return None;
                }
                let form = Form::Elements { key: key.clone() };
                (form, sub.as_str(), value.clone())
            }
        };
        let existing = self
            .groups
            .iter()
            .position(|g| g.container == container && g.attribute == attribute);
        let group = match existing {
            None => {
                self.groups.push(Group {
                    container,
                    attribute: attribute.to_string(),
                    form,
                });
                self.groups.len() - 1
            }
            Some(index) => {
                let same_form = self.groups.get(index).is_some_and(|g| g.form == form);
                if !same_form || form == Form::Whole {
                    return None;
                }
                index
            }
        };
        let earlier = || self.slots.iter().flatten().filter(|s| s.group == group);
        // Rules whose filter values compare equal write into one element.
        let element = earlier()
            .find(|s| same_value(&s.wanted, &wanted))
            .map_or_else(
                || earlier().map(|s| s.element + 1).max().unwrap_or(0),
                |s| s.element,
            );
        if earlier().any(|s| s.element == element && s.sub == sub) {
            return None;
        }
        Some(Slot {
            group,
            sub: sub.to_string(),
            element,
            wanted,
        })
    }

    /// The resource from the values produced for one record, as (rule
    /// index, value) in rule order, for `mode`.
    pub fn assemble(&self, mode: MapMode, produced: Vec<(usize, Value)>) -> Value {
        match self
            .templates
            .get(mode_index(mode))
            .and_then(Option::as_ref)
        {
            Some(template) if template.places_match(&produced) => template.fill(produced),
            _ => self.build(produced),
        }
    }

    /// The slot of rule `rule`.
    pub(super) fn slot(&self, rule: usize) -> Option<&Slot> {
        self.slots.get(rule).and_then(Option::as_ref)
    }

    /// The groups that have a value, in the order their first value came
    /// (the order of the resource's attributes).
    pub(super) fn group_order<T>(&self, produced: &[(usize, T)]) -> Vec<usize> {
        let mut order: Vec<usize> = Vec::with_capacity(self.groups.len());
        for (rule, _) in produced {
            if let Some(slot) = self.slot(*rule) {
                if !order.contains(&slot.group) {
                    order.push(slot.group);
                }
            }
        }
        order
    }

    /// The groups of `order` in one container, in that order.
    pub(super) fn in_container<'o>(
        &'o self,
        order: &'o [usize],
        container: usize,
    ) -> impl Iterator<Item = usize> + 'o {
        order
            .iter()
            .copied()
            .filter(move |&g| self.groups.get(g).is_some_and(|g| g.container == container))
    }

    /// `schemas`: the core URN, then each extension that has a value.
    pub(super) fn schemas<'s>(&'s self, order: &[usize]) -> Vec<&'s str> {
        let mut schemas = Vec::with_capacity(1 + self.extensions.len());
        schemas.push(self.core_urn.as_str());
        for (position, urn) in self.extensions.iter().enumerate() {
            if self.in_container(order, position + 1).next().is_some()
                && !schemas.contains(&urn.as_str())
            {
                schemas.push(urn.as_str());
            }
        }
        schemas
    }

    /// The resource built key by key (any subset of the rules).
    fn build(&self, mut produced: Vec<(usize, Value)>) -> Value {
        let order = self.group_order(&produced);
        let in_container = |container: usize| self.in_container(&order, container);
        let schemas: Vec<Value> = self
            .schemas(&order)
            .into_iter()
            .map(|urn| Value::String(urn.to_string()))
            .collect();
        let used = schemas.len() - 1;
        let mut resource = Map::with_capacity(1 + in_container(0).count() + used);
        resource.insert("schemas".to_string(), Value::Array(schemas));
        for group in in_container(0) {
            self.insert_group(&mut resource, group, &mut produced);
        }
        for (position, urn) in self.extensions.iter().enumerate() {
            let container = position + 1;
            let count = in_container(container).count();
            if count == 0 {
                continue;
            }
            let mut object = Map::with_capacity(count);
            for group in in_container(container) {
                self.insert_group(&mut object, group, &mut produced);
            }
            resource.insert(urn.clone(), Value::Object(object));
        }
        Value::Object(resource)
    }

    /// Builds one group's value from its rules' values (taking them out of
    /// `produced`) and inserts it.
    fn insert_group(
        &self,
        into: &mut Map<String, Value>,
        group: usize,
        produced: &mut [(usize, Value)],
    ) {
        let Some(info) = self.groups.get(group) else {
            return;
        };
        let mut values = produced.iter_mut().filter_map(|(rule, value)| {
            let slot = self.slots.get(*rule).and_then(Option::as_ref)?;
            (slot.group == group).then(|| (slot, std::mem::take(value)))
        });
        let value = match &info.form {
            Form::Whole => match values.next() {
                Some((_, value)) => value,
                None => return,
            },
            Form::Object => Value::Object(sub_object(values)),
            Form::OneElement => Value::Array(vec![Value::Object(sub_object(values))]),
            Form::Elements { key } => {
                // Element `i` of the array is the one of `classes[i]`.
                let mut classes: Vec<usize> = Vec::with_capacity(2);
                let mut elements: Vec<Value> = Vec::with_capacity(2);
                for (slot, value) in values {
                    let index = match classes.iter().position(|&c| c == slot.element) {
                        Some(index) => index,
                        None => {
                            let mut element = Map::with_capacity(4);
                            element.insert(key.clone(), slot.wanted.clone());
                            classes.push(slot.element);
                            elements.push(Value::Object(element));
                            elements.len() - 1
                        }
                    };
                    if let Some(Value::Object(element)) = elements.get_mut(index) {
                        element.insert(slot.sub.clone(), value);
                    }
                }
                Value::Array(elements)
            }
        };
        into.insert(info.attribute.clone(), value);
    }

    /// The template of the records for which every rule applying in `mode`
    /// produced a value: [`Layout::build`] of placeholders, each rule's
    /// placeholder then found to learn where its value goes.
    fn template(&self, rules: &[Rule], mode: MapMode) -> Option<Template> {
        // Numbers mark the placeholders, so filter values must not be numbers.
        if self
            .slots
            .iter()
            .flatten()
            .any(|slot| slot.wanted.is_number())
        {
            return None;
        }
        let produced: Vec<(usize, Value)> = self
            .slots
            .iter()
            .enumerate()
            .filter(|(rule, slot)| {
                slot.is_some() && rules.get(*rule).is_some_and(|r| r.applies_in(mode))
            })
            .map(|(rule, _)| (rule, Value::from(rule)))
            .collect();
        let count = produced.len();
        let mut value = self.build(produced);
        let mut places = Vec::with_capacity(count);
        find_placeholders(&mut value, &mut Vec::new(), &mut places);
        places.sort_by_key(|(rule, _)| *rule);
        (places.len() == count).then_some(Template { value, places })
    }
}

fn mode_index(mode: MapMode) -> usize {
    match mode {
        MapMode::Create => 0,
        MapMode::Update => 1,
    }
}

/// A complete resource with null where values go: cloning it copies the
/// maps' hash tables instead of hashing every key again.
#[derive(Debug, Clone)]
struct Template {
    value: Value,
    /// (rule index, position path) by rule index.
    places: Vec<(usize, Vec<usize>)>,
}

impl Template {
    /// The template with every rule's value put in its place; `produced`
    /// holds one value for each of the template's rules, in rule order.
    fn fill(&self, produced: Vec<(usize, Value)>) -> Value {
        let mut resource = self.value.clone();
        for ((_, value), (_, place)) in produced.into_iter().zip(&self.places) {
            if let Some(slot) = at_path(&mut resource, place) {
                *slot = value;
            }
        }
        resource
    }
}

impl Template {
    /// Whether `produced` comes from exactly the template's rules, in order
    /// (always so when the counts agree; checked so a slip cannot misplace
    /// a value).
    fn places_match(&self, produced: &[(usize, Value)]) -> bool {
        produced.len() == self.places.len()
            && produced
                .iter()
                .zip(&self.places)
                .all(|((rule, _), (place_rule, _))| rule == place_rule)
    }
}

/// The value at a path of positions (object entries or array elements).
fn at_path<'v>(mut value: &'v mut Value, path: &[usize]) -> Option<&'v mut Value> {
    for &position in path {
        value = match value {
            Value::Object(map) => map.iter_mut().nth(position)?.1,
            Value::Array(items) => items.get_mut(position)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Records where each numeric placeholder (a rule index) sits and resets it
/// to null. Only placeholders are numbers in a template; `schemas` and
/// filter values are strings.
fn find_placeholders(
    value: &mut Value,
    path: &mut Vec<usize>,
    places: &mut Vec<(usize, Vec<usize>)>,
) {
    let children: Vec<&mut Value> = match value {
        Value::Number(number) => {
            if let Some(rule) = number.as_u64().and_then(|n| usize::try_from(n).ok()) {
                places.push((rule, path.clone()));
            }
            *value = Value::Null;
            return;
        }
        Value::Object(map) => map.values_mut().collect(),
        Value::Array(items) => items.iter_mut().collect(),
        _ => return,
    };
    for (position, child) in children.into_iter().enumerate() {
        path.push(position);
        find_placeholders(child, path, places);
        path.pop();
    }
}

/// `{sub: value, …}` in the order given.
fn sub_object<'s>(values: impl Iterator<Item = (&'s Slot, Value)>) -> Map<String, Value> {
    let mut object = Map::with_capacity(4);
    for (slot, value) in values {
        object.insert(slot.sub.clone(), value);
    }
    object
}
