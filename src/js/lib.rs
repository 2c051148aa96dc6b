//! The core ES module: exactly `scim_mapper::js_api` (validate, preview,
//! plan, evaluate). See `scim-mapper.d.ts` for the types.

pub use scim_mapper::js_api::*;
