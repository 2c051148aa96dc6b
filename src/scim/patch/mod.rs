//! SCIM PATCH (RFC 7644 §3.5.2): apply a PatchOp request to a resource,
//! and generate the minimal PatchOp (or a PUT body) that turns the
//! current resource into the desired one.
//!
//! Apply follows the RFC and tolerates what real clients send: op names
//! in any case (Entra's `"Add"`/`"Replace"`), booleans as `"True"`/`"False"`
//! strings, a manager id given as a bare string, `remove` with a `value`
//! list of members, a bare `Operations` array without the envelope.
//! Errors are values whose `code` is the SCIM `scimType` (`invalidPath`,
//! `noTarget`, `invalidValue`, `mutability`, `invalidSyntax`) and whose
//! `path` names the operation field (`Operations[2].path`).

mod apply;
mod conform;
mod generate;
mod prepare;

pub use apply::apply;
pub use generate::{generate, put_body};
pub use prepare::PreparedPatch;

/// The `schemas` URN of a PATCH request body.
pub const PATCH_OP_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// A PATCH operation kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Add,
    Remove,
    Replace,
}

impl OpKind {
    /// Case-insensitive: Entra sends `"Add"`, others `"ADD"`.
    pub fn parse(text: &str) -> Option<OpKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "add" => Some(OpKind::Add),
            "remove" => Some(OpKind::Remove),
            "replace" => Some(OpKind::Replace),
            _ => None,
        }
    }

    /// The RFC spelling, as generated requests use it.
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Add => "add",
            OpKind::Remove => "remove",
            OpKind::Replace => "replace",
        }
    }
}

#[cfg(test)]
mod tests;
