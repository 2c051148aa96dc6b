//! The admin's mapping configuration and everything derived from it:
//! expressions, scoping, the mapped resources, diagnostics and previews.

pub mod config;
pub mod engine;
pub mod expr;
pub mod preview;
pub mod scoping;
pub mod source;
pub mod validate;
