//! What a plan asks the executor to do: the contract's `plan` output (§4).

use crate::http::Method;
use serde::Serialize;
use serde_json::Value;

/// The kind of change an operation makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Deactivate,
    Delete,
    Link,
    Noop,
    Skip,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Create,
        Action::Update,
        Action::Deactivate,
        Action::Delete,
        Action::Link,
        Action::Noop,
        Action::Skip,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Deactivate => "deactivate",
            Action::Delete => "delete",
            Action::Link => "link",
            Action::Noop => "noop",
            Action::Skip => "skip",
        }
    }
}

/// The HTTP request an operation sends, relative to the SCIM base URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedRequest {
    pub method: Method,
    pub path: String,
    pub body: Option<Value>,
}

/// What the executor needs to repair a plan that the target contradicts:
/// a create that meets an existing object (409) or an update whose object
/// vanished (404). Not part of the plan's JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    /// `GET` path that finds the object by its matching attribute,
    /// e.g. `/Users?filter=userName%20eq%20%22a%40x.com%22`
    /// (built with [`crate::scim::filter::eq_query`]).
    pub lookup_path: String,
    /// The collection (`/Users`, `/Groups`) to POST to and to address
    /// found objects under (`/Users/{id}`).
    pub collection_path: String,
    /// The full resource as the mapping wants it.
    pub desired: Value,
    /// The attribute paths the mapping manages; only these are PATCHed
    /// when linking to an existing object.
    pub managed: Vec<String>,
}

/// One planned change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub action: Action,
    /// `User` or `Group`.
    pub resource_type: String,
    pub source_id: Option<String>,
    pub target_id: Option<String>,
    /// `None` for operations that send nothing (noop, skip, a link that
    /// needs no change).
    pub request: Option<PlannedRequest>,
    /// Why the planner chose this action, in words for the admin.
    pub reason: String,
    #[serde(skip)]
    pub recovery: Option<Recovery>,
}

impl Operation {
    /// The request this operation sends, if any: noop and skip never send,
    /// whatever request they carry.
    pub fn request_to_send(&self) -> Option<&PlannedRequest> {
        match self.action {
            Action::Noop | Action::Skip => None,
            _ => self.request.as_ref(),
        }
    }
}
