//! The Yew admin app (wasm only). TODO(issue 2).
pub fn start() {}
