//! Small browser services the panels need (files, downloads, online
//! status), so no panel touches web-sys directly for them.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::TargetCast;

/// The largest file the app reads (bigger ones are refused with a message,
/// never half-read): enough for ~50,000 users as JSON.
pub const MAX_UPLOAD_BYTES: f64 = 40.0 * 1024.0 * 1024.0;

/// The text of the `<input>` an input event came from.
pub fn input_value(event: &yew::InputEvent) -> String {
    event
        .target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

/// The value of the `<select>` a change event came from.
pub fn select_value(event: &web_sys::Event) -> String {
    event
        .target_unchecked_into::<web_sys::HtmlSelectElement>()
        .value()
}

/// Refuses files over [`MAX_UPLOAD_BYTES`] before reading any of them.
fn check_size(file: &web_sys::File) -> Result<(), String> {
    let size = file.size();
    if size > MAX_UPLOAD_BYTES {
        return Err(format!(
            "{} is {:.1} MB; the limit is {:.0} MB. Split the directory or use the CLI for larger files.",
            file.name(),
            size / 1_048_576.0,
            MAX_UPLOAD_BYTES / 1_048_576.0
        ));
    }
    Ok(())
}

/// Reads an uploaded file as UTF-8 text; the error is a sentence for the admin.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    check_size(file)?;
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| format!("{} could not be read.", file.name()))?;
    text.as_string()
        .ok_or_else(|| format!("{} is not text.", file.name()))
}

/// Reads an uploaded file's bytes. A large directory export is read this
/// way: one copy into wasm memory, where `file.text()` would decode the
/// UTF-8 into a JS string only for wasm-bindgen to encode it back (a third
/// of the upload time for 100,000 users), and bad UTF-8 is then reported by
/// the loader with its line instead of being replaced silently.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    check_size(file)?;
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{} could not be read.", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Lets the browser paint before a long synchronous step (a setTimeout of
/// one frame), so a "Loading…" notice is on screen while the step runs.
pub async fn pause_for_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// A User Timing mark (`performance.mark`) at a step of loading or
/// previewing, named `scim-mapper:STEP`, its `detail` the wasm memory's
/// size then (bytes): the browser benchmark reads them to say where the
/// time and the memory go, and so can an admin's performance panel.
pub fn mark(step: &str) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let name = JsValue::from_str(&format!("scim-mapper:{step}"));
    let detail = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|memory| memory.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map(|buffer| f64::from(buffer.byte_length()));
    // `mark(name, {detail})`: web-sys binds the options only as an unstable API.
    let options = js_sys::Object::new();
    if let Some(bytes) = detail {
        let _ = js_sys::Reflect::set(&options, &"detail".into(), &bytes.into());
    }
    let mark = js_sys::Reflect::get(&performance, &"mark".into())
        .ok()
        .and_then(|mark| mark.dyn_into::<js_sys::Function>().ok());
    if let Some(mark) = mark {
        let _ = mark.call2(&performance, &name, &options);
    }
}

/// The first file chosen in an `<input type="file">`.
pub fn chosen_file(event: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0);
    // Allow choosing the same file again after fixing it.
    input.set_value("");
    file
}

/// Offers `text` as a file download.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |_| "The browser refused the download.".to_string();
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("No document.")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "No anchor.".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies text to the clipboard; `false` when the browser refuses.
pub fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
    true
}

pub fn is_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// Calls `on_change(online)` on every online/offline event until dropped.
pub struct OnlineWatch {
    callback: Closure<dyn FnMut()>,
}

impl OnlineWatch {
    pub fn start(on_change: impl Fn(bool) + 'static) -> Option<OnlineWatch> {
        let window = web_sys::window()?;
        let callback = Closure::<dyn FnMut()>::new(move || on_change(is_online()));
        for event in ["online", "offline"] {
            window
                .add_event_listener_with_callback(event, callback.as_ref().unchecked_ref())
                .ok()?;
        }
        Some(OnlineWatch { callback })
    }
}

impl Drop for OnlineWatch {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            for event in ["online", "offline"] {
                let _ = window.remove_event_listener_with_callback(
                    event,
                    self.callback.as_ref().unchecked_ref(),
                );
            }
        }
    }
}
