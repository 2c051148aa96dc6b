//! A mapped resource as the preview (and the planner's create form) keeps
//! it: the rules' values and the shared [`Layout`], written out only when
//! serialized or looked at.
//!
//! Why: building a `serde_json` resource per user (a `String` per key, a
//! hash index per object) was about half of a preview's instructions, and
//! the preview of 100,000 users keeps every resource (the planner POSTs
//! only the new ones). Kept laid out, a
//! resource is one vector of values; serializing writes the JSON directly
//! in the exact order [`Layout::assemble`] would build it (a property test
//! holds the two equal), and the validation reads what it needs through a
//! [`View`] without building anything.
//!
//! A rule's value that is the record's own value unchanged (a direct rule's
//! text: most of them) is borrowed from the record ([`Produced::Source`]),
//! not copied: the copy and its allocation were a quarter of the mapping's
//! cost. So a resource lives no longer than its directory (`'r`);
//! [`Resource::into_owned`] copies what it borrowed when it must.

use super::coerce::is_empty;
use super::layout::{Form, Layout};
use super::MapMode;
use crate::mapping::source::get_key;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;
use std::sync::{Arc, OnceLock};

/// A mapped resource: a built `Value`, or laid out (see the module doc).
///
/// Dereferences to the `Value` (built once, on first use, for a laid-out
/// one): convenient for the UI and tests, but the hot paths use
/// [`Resource::view`] and `Serialize`, which never build it.
#[derive(Clone, Default)]
pub struct Resource<'r>(Repr<'r>);

/// Boxed values, so a resource is small: a preview holds 100,000 of them
/// and its speed follows its memory.
#[derive(Clone, Default)]
enum Repr<'r> {
    /// `null`: out of scope, or not mapped (no allocation).
    #[default]
    Null,
    Built(Box<Value>),
    Laid(Laid<'r>),
}

/// What a `Null` resource reads as.
static NULL: Value = Value::Null;

/// One rule's value for one record: two words, so the values of 100,000
/// previewed users take a tenth of the memory a `Value` each would (a
/// `serde_json::Value` is 80 bytes), and moving one is cheap.
#[derive(Clone, Debug, PartialEq)]
pub enum Produced<'r> {
    /// Computed for this record (converted, evaluated, a constant).
    Own(Box<Value>),
    /// The record's own value, unchanged: borrowed, not copied.
    Source(&'r Value),
}

impl Produced<'_> {
    pub fn own(value: Value) -> Self {
        Produced::Own(Box::new(value))
    }

    pub fn get(&self) -> &Value {
        match self {
            Produced::Own(value) => value,
            Produced::Source(value) => value,
        }
    }

    pub fn into_value(self) -> Value {
        match self {
            Produced::Own(value) => *value,
            Produced::Source(value) => value.clone(),
        }
    }
}

/// The values one record's rules produced, as (rule index, value) in rule
/// order, and where they go.
#[derive(Clone)]
pub struct Laid<'r> {
    layout: Arc<Layout>,
    mode: MapMode,
    produced: Vec<(usize, Produced<'r>)>,
    built: OnceLock<Box<Value>>,
}

impl<'r> Resource<'r> {
    pub(super) fn laid(
        layout: Arc<Layout>,
        mode: MapMode,
        produced: Vec<(usize, Produced<'r>)>,
    ) -> Self {
        Resource(Repr::Laid(Laid {
            layout,
            mode,
            produced,
            built: OnceLock::new(),
        }))
    }

    /// The resource as a `Value` (built on first use when laid out).
    pub fn as_value(&self) -> &Value {
        match &self.0 {
            Repr::Null => &NULL,
            Repr::Built(value) => value,
            Repr::Laid(laid) => laid.built.get_or_init(|| {
                Box::new(
                    laid.layout
                        .assemble(laid.mode, owned(laid.produced.clone())),
                )
            }),
        }
    }

    /// The resource as a `Value`, moving the laid-out values into it.
    pub fn into_value(self) -> Value {
        match self.0 {
            Repr::Null => Value::Null,
            Repr::Built(value) => *value,
            Repr::Laid(mut laid) => match laid.built.take() {
                Some(value) => *value,
                None => laid.layout.assemble(laid.mode, owned(laid.produced)),
            },
        }
    }

    /// The same resource, with what it borrowed from the record copied:
    /// for keeping it beyond the directory's lifetime.
    pub fn into_owned(self) -> Resource<'static> {
        Resource(match self.0 {
            Repr::Null => Repr::Null,
            Repr::Built(value) => Repr::Built(value),
            Repr::Laid(laid) => Repr::Laid(Laid {
                layout: laid.layout,
                mode: laid.mode,
                produced: (laid.produced.into_iter())
                    .map(|(rule, value)| (rule, Produced::own(value.into_value())))
                    .collect(),
                built: laid.built,
            }),
        })
    }

    /// Reads the resource without building it.
    pub fn view(&self) -> View<'_> {
        match &self.0 {
            Repr::Null => View::Json(&NULL),
            Repr::Built(value) => View::Json(value),
            Repr::Laid(laid) => View::Root(laid),
        }
    }
}

/// The produced values as `Value`s, for [`Layout::assemble`].
fn owned(produced: Vec<(usize, Produced)>) -> Vec<(usize, Value)> {
    (produced.into_iter())
        .map(|(rule, value)| (rule, value.into_value()))
        .collect()
}

impl From<Value> for Resource<'_> {
    fn from(value: Value) -> Self {
        match value {
            Value::Null => Resource(Repr::Null),
            value => Resource(Repr::Built(Box::new(value))),
        }
    }
}

impl std::ops::Deref for Resource<'_> {
    type Target = Value;
    fn deref(&self) -> &Value {
        self.as_value()
    }
}

impl PartialEq for Resource<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_value() == other.as_value()
    }
}

impl PartialEq<Value> for Resource<'_> {
    fn eq(&self, other: &Value) -> bool {
        self.as_value() == other
    }
}

impl std::fmt::Debug for Resource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_value().fmt(f)
    }
}

/// Read access to a resource, laid out or built, with `get_key`'s exact
/// key match. A laid-out resource's `schemas` is not visible through it
/// (nothing reads it this way).
#[derive(Clone, Copy)]
pub enum View<'a> {
    Json(&'a Value),
    /// The resource object.
    Root(&'a Laid<'a>),
    /// An extension's object (container `i + 1` of the layout).
    Container(&'a Laid<'a>, usize),
    /// A group that is not a whole value: `{sub: …}` or `[{…}]`.
    Group(&'a Laid<'a>, usize),
}

impl<'a> View<'a> {
    /// The member `key` of an object; `None` for anything else.
    pub fn get(self, key: &str) -> Option<View<'a>> {
        match self {
            View::Json(value) => get_key(value, key).map(View::Json),
            View::Root(laid) => laid
                .child(0, key)
                .or_else(|| laid.extension(|urn| urn == key)),
            View::Container(laid, container) => laid.child(container, key),
            View::Group(laid, group) => laid.sub(group, key),
        }
    }

    /// The first member of an object whose name equals `key` in any ASCII
    /// case, in the resource's order.
    pub fn get_ignore_ascii_case(self, key: &str) -> Option<View<'a>> {
        match self {
            View::Json(value) => value
                .as_object()?
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(key))
                .map(|(_, value)| View::Json(value)),
            View::Root(laid) => {
                let layout = &*laid.layout;
                // A group's first produced value is where its attribute
                // stands in the resource: produced order is resource order.
                let core = laid.produced.iter().find_map(|(rule, _)| {
                    let info = layout.groups.get(layout.slot(*rule)?.group)?;
                    (info.container == 0 && info.attribute.eq_ignore_ascii_case(key))
                        .then_some(info.attribute.as_str())
                });
                match core {
                    Some(name) => laid.child(0, name),
                    // Extension objects follow the core attributes.
                    None => laid.extension(|urn| urn.eq_ignore_ascii_case(key)),
                }
            }
            View::Container(..) | View::Group(..) => None,
        }
    }

    pub fn as_str(self) -> Option<&'a str> {
        match self {
            View::Json(value) => value.as_str(),
            _ => None,
        }
    }

    /// [`is_empty`] of the value: objects and arrays of objects never are.
    pub fn is_empty(self) -> bool {
        match self {
            View::Json(value) => is_empty(value),
            _ => false,
        }
    }
}

impl<'r> Laid<'r> {
    /// The rules' values that go into `group`, in rule order.
    fn values_of(&self, group: usize) -> impl Iterator<Item = (&super::layout::Slot, &Value)> {
        self.produced.iter().filter_map(move |(rule, value)| {
            let slot = self.layout.slot(*rule)?;
            (slot.group == group).then_some((slot, value.get()))
        })
    }

    fn has_container(&self, container: usize) -> bool {
        self.produced.iter().any(|(rule, _)| {
            self.layout
                .slot(*rule)
                .and_then(|slot| self.layout.groups.get(slot.group))
                .is_some_and(|group| group.container == container)
        })
    }

    /// The first extension object whose URN `matches`, when some rule gave
    /// it a value.
    fn extension<'a>(&'a self, matches: impl Fn(&str) -> bool) -> Option<View<'a>> {
        (self.layout.extensions.iter().enumerate())
            .map(|(position, urn)| (position + 1, urn))
            .find(|(container, urn)| matches(urn) && self.has_container(*container))
            .map(|(container, _)| View::Container(self, container))
    }

    /// The attribute `key` of a container, when some rule gave it a value.
    fn child<'a>(&'a self, container: usize, key: &str) -> Option<View<'a>> {
        let group = self
            .layout
            .groups
            .iter()
            .position(|g| g.container == container && g.attribute == key)?;
        let (_, first) = self.values_of(group).next()?;
        match self.layout.groups.get(group).map(|g| &g.form) {
            Some(Form::Whole) => Some(View::Json(first)),
            _ => Some(View::Group(self, group)),
        }
    }

    /// `group.sub`, for a single complex attribute.
    fn sub<'a>(&'a self, group: usize, key: &str) -> Option<View<'a>> {
        if self.layout.groups.get(group).map(|g| &g.form) != Some(&Form::Object) {
            return None;
        }
        self.values_of(group)
            .find(|(slot, _)| slot.sub == key)
            .map(|(_, value)| View::Json(value))
    }
}

impl Serialize for Resource<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Null => serializer.serialize_unit(),
            Repr::Built(value) => value.serialize(serializer),
            Repr::Laid(laid) => laid.serialize(serializer),
        }
    }
}

/// What [`Layout::assemble`] builds, written directly.
impl Serialize for Laid<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let layout = &*self.layout;
        let order = layout.group_order(&self.produced);
        let schemas = layout.schemas(&order);
        let extensions: Vec<(usize, &String)> = (layout.extensions.iter().enumerate())
            .map(|(position, urn)| (position + 1, urn))
            .filter(|(container, _)| layout.in_container(&order, *container).next().is_some())
            .collect();
        let core = layout.in_container(&order, 0).count();
        let mut map = serializer.serialize_map(Some(1 + core + extensions.len()))?;
        map.serialize_entry("schemas", &schemas)?;
        for group in layout.in_container(&order, 0) {
            self.serialize_group(&mut map, group)?;
        }
        for (container, urn) in extensions {
            let object = ContainerOut {
                laid: self,
                order: &order,
                container,
            };
            map.serialize_entry(urn, &object)?;
        }
        map.end()
    }
}

impl Laid<'_> {
    fn serialize_group<M: SerializeMap>(&self, map: &mut M, group: usize) -> Result<(), M::Error> {
        match self.layout.groups.get(group) {
            Some(info) => map.serialize_entry(&info.attribute, &GroupOut { laid: self, group }),
            None => Ok(()),
        }
    }
}

/// One extension's object.
struct ContainerOut<'a> {
    laid: &'a Laid<'a>,
    order: &'a [usize],
    container: usize,
}

impl Serialize for ContainerOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let layout = &*self.laid.layout;
        let count = layout.in_container(self.order, self.container).count();
        let mut map = serializer.serialize_map(Some(count))?;
        for group in layout.in_container(self.order, self.container) {
            self.laid.serialize_group(&mut map, group)?;
        }
        map.end()
    }
}

/// One attribute's value, by its group's form.
struct GroupOut<'a> {
    laid: &'a Laid<'a>,
    group: usize,
}

impl Serialize for GroupOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (laid, group) = (self.laid, self.group);
        let subs = |element, head| SubsOut {
            laid,
            group,
            element,
            head,
        };
        match laid.layout.groups.get(group).map(|g| &g.form) {
            Some(Form::Object) => subs(None, None).serialize(serializer),
            Some(Form::OneElement) => {
                let mut seq = serializer.serialize_seq(Some(1))?;
                seq.serialize_element(&subs(None, None))?;
                seq.end()
            }
            Some(Form::Elements { key }) => {
                // Element order: the order each filter value first came.
                let mut classes: Vec<(usize, &Value)> = Vec::with_capacity(2);
                for (slot, _) in laid.values_of(group) {
                    if !classes.iter().any(|(class, _)| *class == slot.element) {
                        classes.push((slot.element, &slot.wanted));
                    }
                }
                let mut seq = serializer.serialize_seq(Some(classes.len()))?;
                for (class, wanted) in classes {
                    seq.serialize_element(&subs(Some(class), Some((key.as_str(), wanted))))?;
                }
                seq.end()
            }
            // Whole (one rule), or a group the layout does not know.
            _ => match laid.values_of(group).next() {
                Some((_, value)) => value.serialize(serializer),
                None => serializer.serialize_unit(),
            },
        }
    }
}

/// `{head, sub: value, …}`: a group's sub-attributes (of one element
/// when `element` is given).
struct SubsOut<'a> {
    laid: &'a Laid<'a>,
    group: usize,
    element: Option<usize>,
    head: Option<(&'a str, &'a Value)>,
}

impl Serialize for SubsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let values = || {
            self.laid
                .values_of(self.group)
                .filter(|(slot, _)| self.element.is_none_or(|element| slot.element == element))
        };
        let count = usize::from(self.head.is_some()) + values().count();
        let mut map = serializer.serialize_map(Some(count))?;
        if let Some((key, value)) = self.head {
            map.serialize_entry(key, value)?;
        }
        for (slot, value) in values() {
            map.serialize_entry(&slot.sub, value)?;
        }
        map.end()
    }
}
