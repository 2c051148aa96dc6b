//! HTTP to the SCIM API through fetch (wasm only). TODO(issue 2).
