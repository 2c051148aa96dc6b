//! scim-mapper: one pure SCIM + mapping core, used by three thin shells.
//!
//! * [`scim`] — RFC 7643/7644 rules: schemas and target profiles, attribute
//!   paths, filters, PATCH apply and minimal-diff generation.
//! * [`mapping`] — the admin's configuration: Entra-style expressions,
//!   scoping, attribute mapping, validation and payload preview.
//!
//! Everything in those modules is pure (no I/O, no clock, no web APIs) so it
//! is tested natively with plain `#[test]`s and behaves identically in the
//! browser. The shells only translate: the CLI (`src/bin/scim-mapper`), the
//! Yew admin app ([`ui`], wasm only) and the HTTP transport ([`web`], wasm only).
//! The JS API is [`js_api`] (the core functions, in both ES modules) plus
//! `sync` and `mount` ([`js_sync`], [`ui::mount`]), which only the app
//! module exports (`src/bin/scim-mapper-app.rs`).

pub mod connection;
pub mod datetime;
pub mod error;
pub(crate) mod fast_hash;
pub mod http;
#[cfg(target_arch = "wasm32")]
pub mod js_api;
#[cfg(target_arch = "wasm32")]
pub mod js_options;
#[cfg(target_arch = "wasm32")]
pub mod js_sync;
pub mod json;
pub mod mapping;
pub mod sample;
pub mod scim;
pub mod sync;
// The allocator only exists on wasm32; its arithmetic is tested natively.
#[cfg(any(target_arch = "wasm32", test))]
mod wasm_alloc;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
