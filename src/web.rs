//! All HTTP of the browser app, in one place: a [`Transport`] over fetch
//! (gloo-net). It alone holds the token; it never logs it, and it scrubs it
//! from any error text before that text can reach the page.

use crate::http::{join_url, Method, Request, Response, Transport, TransportError};
use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use std::cell::Cell;
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub struct FetchTransport {
    base_url: String,
    token: String,
    timeout_seconds: u32,
    /// Enforced here, below the UI: a dry run cannot send a write.
    dry_run: bool,
}

impl fmt::Debug for FetchTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchTransport")
            .field("base_url", &self.base_url)
            .field("token", &"[redacted]")
            .field("dry_run", &self.dry_run)
            .finish()
    }
}

impl FetchTransport {
    pub fn new(base_url: &str, token: &str) -> Self {
        FetchTransport {
            base_url: base_url.trim().to_string(),
            token: token.trim().to_string(),
            timeout_seconds: 15,
            dry_run: false,
        }
    }

    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    fn scrub(&self, text: String) -> String {
        if self.token.is_empty() {
            text
        } else {
            text.replace(&self.token, "[redacted]")
        }
    }
}

fn fetch_method(method: Method) -> FetchMethod {
    match method {
        Method::Get => FetchMethod::GET,
        Method::Post => FetchMethod::POST,
        Method::Put => FetchMethod::PUT,
        Method::Patch => FetchMethod::PATCH,
        Method::Delete => FetchMethod::DELETE,
    }
}

/// Aborts a fetch after a delay unless dropped first.
struct Deadline {
    fired: Rc<Cell<bool>>,
    _timeout: Timeout,
}

impl Deadline {
    fn start(controller: &web_sys::AbortController, seconds: u32) -> Option<Deadline> {
        let fired = Rc::new(Cell::new(false));
        let (flag, controller) = (fired.clone(), controller.clone());
        let millis = i32::try_from(seconds.saturating_mul(1000)).unwrap_or(i32::MAX);
        let timeout = Timeout::start(millis, move || {
            flag.set(true);
            controller.abort();
        })?;
        Some(Deadline {
            fired,
            _timeout: timeout,
        })
    }
}

/// Runs a callback once after a delay, unless dropped first (`setTimeout`
/// with `clearTimeout` on drop): fetch deadlines, and the app waiting for
/// typing to pause.
pub struct Timeout {
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    pub fn start(millis: i32, callback: impl FnOnce() + 'static) -> Option<Timeout> {
        let mut callback = Some(callback);
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(callback) = callback.take() {
                callback();
            }
        });
        let handle = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                millis,
            )
            .ok()?;
        Some(Timeout {
            handle,
            _callback: closure,
        })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        if self.dry_run && request.method != Method::Get {
            return Err(TransportError::DryRunBlocked);
        }
        let url = join_url(&self.base_url, &request.path);
        let controller = web_sys::AbortController::new()
            .map_err(|_| TransportError::Network("this browser cannot abort requests".into()))?;
        let mut builder = RequestBuilder::new(&url)
            .method(fetch_method(request.method))
            .header("Accept", "application/scim+json, application/json")
            .abort_signal(Some(&controller.signal()));
        if !self.token.is_empty() {
            builder = builder.header("Authorization", &format!("Bearer {}", self.token));
        }
        let built = match &request.body {
            Some(body) => builder
                .header("Content-Type", "application/scim+json")
                .body(serde_json::to_string(body).unwrap_or_default()),
            None => builder.build(),
        }
        .map_err(|e| TransportError::Network(self.scrub(e.to_string())))?;
        let deadline = Deadline::start(&controller, self.timeout_seconds);
        let sent = built.send().await;
        let timed_out = deadline.as_ref().is_some_and(|d| d.fired.get());
        drop(deadline);
        let response = match sent {
            Ok(response) => response,
            Err(_) if timed_out => {
                return Err(TransportError::Timeout {
                    seconds: self.timeout_seconds,
                })
            }
            Err(e) => return Err(TransportError::Network(self.scrub(network_detail(e)))),
        };
        let headers = response.headers();
        let status = response.status();
        let content_type = headers.get("content-type");
        let retry_after = headers.get("retry-after");
        let body = response
            .text()
            .await
            .map_err(|e| TransportError::Network(self.scrub(e.to_string())))?;
        Ok(Response {
            status,
            content_type,
            retry_after,
            body: self.scrub(body),
        })
    }
}

/// The browser hides why a fetch failed (CORS, DNS, refused); say that plainly.
fn network_detail(error: gloo_net::Error) -> String {
    let text = error.to_string();
    if text.contains("Failed to fetch") || text.contains("NetworkError") {
        "the browser could not connect: wrong host, server down, or no CORS permission".to_string()
    } else {
        text
    }
}

/// The browser's clock for the sync executor: `Date.now()` and `setTimeout`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserTimer;

impl crate::http::Timer for BrowserTimer {
    fn now_millis(&self) -> f64 {
        js_sys::Date::now()
    }

    async fn sleep(&self, millis: u64) {
        let millis = i32::try_from(millis).unwrap_or(i32::MAX);
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let scheduled = web_sys::window()
                .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis));
            // No window (a worker?): resolve at once rather than hang forever.
            if !matches!(scheduled, Some(Ok(_))) {
                let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}
