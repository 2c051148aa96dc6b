//! SCIM 2.0 rules (RFC 7643 resources and schemas, RFC 7644 paths, filters
//! and PATCH), independent of any mapping or transport.

pub mod filter;
pub mod patch;
pub mod path;
pub mod profiles;
pub mod schema;
