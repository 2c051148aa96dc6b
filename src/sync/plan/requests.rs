//! The requests a plan sends, and the recovery data the executor needs
//! when the target contradicts the plan (409 on create, 404 on update).

use super::super::import::lookup_path;
use super::super::operation::{Action, Operation, PlannedRequest, Recovery};
use crate::http::Method;
use crate::mapping::engine::{MatchKey, ResourceKind};
use crate::scim::filter::percent_encode;
use crate::scim::patch;
use crate::scim::path::AttrPath;
use crate::scim::schema::ResourceSchema;
use serde_json::{json, Value};

/// `/Users` or `/Groups`.
pub(super) fn collection(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::User => "/Users",
        ResourceKind::Group => "/Groups",
    }
}

/// `/Users/{id}`, the id percent-encoded.
pub(super) fn object_path(kind: ResourceKind, id: &str) -> String {
    format!("{}/{}", collection(kind), percent_encode(id))
}

/// A plan step under construction; `build` makes the [`Operation`].
pub(super) struct Step {
    pub action: Action,
    pub kind: ResourceKind,
    pub source_id: Option<String>,
    pub target_id: Option<String>,
    pub request: Option<PlannedRequest>,
    pub reason: String,
    pub recovery: Option<Recovery>,
}

impl Step {
    pub fn new(action: Action, kind: ResourceKind, reason: impl Into<String>) -> Self {
        Step {
            action,
            kind,
            source_id: None,
            target_id: None,
            request: None,
            reason: reason.into(),
            recovery: None,
        }
    }

    pub fn source(mut self, id: &str) -> Self {
        self.source_id = Some(id.to_string());
        self
    }

    pub fn target(mut self, id: Option<&str>) -> Self {
        self.target_id = id.map(str::to_string);
        self
    }

    pub fn request(mut self, request: PlannedRequest) -> Self {
        self.request = Some(request);
        self
    }

    pub fn recovery(mut self, recovery: Option<Recovery>) -> Self {
        self.recovery = recovery;
        self
    }

    pub fn build(self) -> Operation {
        Operation {
            action: self.action,
            resource_type: self.kind.name().to_string(),
            source_id: self.source_id,
            target_id: self.target_id,
            request: self.request,
            reason: self.reason,
            recovery: self.recovery,
        }
    }
}

/// `POST /Users` with the resource as mapped for a create.
pub(super) fn create(kind: ResourceKind, resource: &Value) -> PlannedRequest {
    PlannedRequest {
        method: Method::Post,
        path: collection(kind).to_string(),
        body: Some(resource.clone()),
    }
}

/// `DELETE /Users/{id}`.
pub(super) fn delete(kind: ResourceKind, id: &str) -> PlannedRequest {
    PlannedRequest {
        method: Method::Delete,
        path: object_path(kind, id),
        body: None,
    }
}

/// The minimal change from `current` to `desired` on the `managed`
/// attributes: a PATCH, or a full PUT body when the target has no PATCH.
/// `None` when they already agree.
pub(super) fn update(
    kind: ResourceKind,
    id: &str,
    current: &Value,
    desired: &Value,
    managed: &[AttrPath],
    schema: Option<&ResourceSchema>,
    patch_supported: bool,
) -> Option<PlannedRequest> {
    let patch_body = patch::generate(current, desired, managed, schema)?;
    let (method, body) = if patch_supported {
        (Method::Patch, patch_body)
    } else {
        (
            Method::Put,
            patch::put_body(current, desired, managed, schema),
        )
    };
    Some(PlannedRequest {
        method,
        path: object_path(kind, id),
        body: Some(body),
    })
}

/// `active: false`, as a PATCH or a PUT. `None` when already inactive.
pub(super) fn deactivate(
    id: &str,
    current: &Value,
    schema: Option<&ResourceSchema>,
    patch_supported: bool,
) -> Option<PlannedRequest> {
    let active = [AttrPath::attribute("active")];
    update(
        ResourceKind::User,
        id,
        current,
        &json!({"active": false}),
        &active,
        schema,
        patch_supported,
    )
}

/// What the executor needs to repair a create (409) or an update (404).
pub(super) fn recovery(
    kind: ResourceKind,
    matching: Option<&MatchKey>,
    desired: &Value,
    managed: &[AttrPath],
) -> Option<Recovery> {
    let key = matching?;
    Some(Recovery {
        lookup_path: lookup_path(collection(kind), &key.attribute, &key.value),
        collection_path: collection(kind).to_string(),
        desired: desired.clone(),
        managed: managed.iter().map(ToString::to_string).collect(),
    })
}

/// The attribute paths a PATCH or PUT changes, for the reason text:
/// `title, members (+2 −1)`.
pub(super) fn describe_changes(request: &PlannedRequest) -> String {
    let Some(body) = &request.body else {
        return String::new();
    };
    if request.method == Method::Put {
        return "the whole resource (the target has no PATCH)".to_string();
    }
    let mut names: Vec<String> = Vec::new();
    let mut added = 0usize;
    let mut removed = 0usize;
    for op in body
        .get("Operations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let name = path.split('[').next().unwrap_or(path).to_string();
        let is_member = name.eq_ignore_ascii_case("members");
        if is_member {
            match op.get("op").and_then(Value::as_str) {
                Some("add") => added += 1,
                Some("remove") => removed += 1,
                _ => {}
            }
        }
        let shown = if is_member {
            "members".to_string()
        } else {
            path.to_string()
        };
        if !names.contains(&shown) {
            names.push(shown);
        }
    }
    names
        .into_iter()
        .map(|name| {
            if name == "members" && (added > 0 || removed > 0) {
                format!("members (+{added} −{removed})")
            } else {
                name
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A target object no source record matches and no link names: this
/// mapping does not manage it, so it is left alone, and the plan says so.
pub(super) fn unmanaged(kind: ResourceKind, resource: &Value, id: Option<&str>) -> Operation {
    let noun = kind.noun();
    Step::new(
        Action::Noop,
        kind,
        format!(
            "only in the target ({}): no source {noun} matches it, so this mapping does not manage it",
            super::users::label(resource)
        ),
    )
    .target(id)
    .build()
}
