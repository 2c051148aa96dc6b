//! The admin page's entry point. Trunk builds this for wasm32; natively it
//! only explains where the app lives.

#[cfg(target_arch = "wasm32")]
fn main() {
    scim_mapper::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "scim-mapper-app is the browser app: run `scripts/run` (Trunk builds it for wasm32)."
    );
    std::process::exit(2);
}
