//! Validation: one list of [`Diagnostic`]s for the configuration alone
//! ([`validate_config`]) or the configuration applied to a source directory
//! ([`validate`]). Every code is listed, with its severity and meaning, in
//! [`codes`] and `codes.md`.
pub mod codes;
