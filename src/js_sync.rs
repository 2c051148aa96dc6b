//! The JS API's `sync` (contract §5): import what the target holds, plan
//! against it, and run both phases through fetch, exactly as the app's
//! Plan & Sync panel does. Exported by the app module (the `scim-mapper-app`
//! binary), not by the core-only module: it needs the browser's fetch.
//!
//! Failures before anything is sent (a bad argument or configuration, an
//! import that fails) reject the promise with an `Error` carrying `code`
//! and `path`; what happens during the run (a 401, a quarantine, failed
//! operations) is in the report, like the app's log.

use crate::error::Error;
use crate::js_api::{read_config, read_source, thrown, thrown_all, to_js};
use crate::js_options::{type_error, JsOptions};
use crate::mapping::engine::Target;
use crate::sync::{
    import_snapshot, run_sync, Control, ExecuteOptions, ImportOptions, Links, Phase, PlanOptions,
    Progress, SyncInput, SyncOutcome,
};
use crate::web::{BrowserTimer, FetchTransport};
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Every option `sync` understands; anything else is refused.
const OPTION_NAMES: [&str; 7] = [
    "baseUrl",
    "token",
    "dryRun",
    "concurrency",
    "onProgress",
    "signal",
    "links",
];

/// The most parallel requests a caller may ask for: more only earns 429s.
const MAX_CONCURRENCY: f64 = 16.0;

/// What `sync` resolves to: the two phases' reports, the links to pass to
/// the next run, and what the import found.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SyncReport<'a> {
    dry_run: bool,
    imported: Imported,
    #[serde(flatten)]
    outcome: &'a SyncOutcome,
}

#[derive(Serialize)]
struct Imported {
    users: usize,
    groups: usize,
}

/// One `onProgress` call (and the widget's `syncprogress` detail): the
/// phase and the executor's progress.
#[derive(Serialize)]
pub struct ProgressEvent<'a> {
    pub phase: Phase,
    #[serde(flatten)]
    pub progress: &'a Progress,
}

/// `sync(config, source, options)`.
pub async fn sync(config: JsValue, source: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let config = read_config(&config)?;
    let directory = read_source(&source)?;
    let options = SyncOptions::read(&options)?;
    let (target, problems) = Target::for_config(&config);
    if let Some(problem) = problems.first() {
        return Err(thrown(Error::new(
            problem.code.clone(),
            problem.path.clone(),
            problem.message.clone(),
        )));
    }
    let transport = FetchTransport::new(&options.base_url, &options.token).dry_run(options.dry_run);
    let snapshot = import_snapshot(&transport, &ImportOptions::default())
        .await
        .map_err(thrown)?;
    let control = Rc::new(Control::new());
    let _abort = options
        .signal
        .as_ref()
        .map(|signal| AbortWatch::start(signal, control.clone()));
    let now = js_sys::Date::now();
    let input = SyncInput {
        config: &config,
        directory: &directory,
        snapshot: &snapshot,
        target: &target,
        links: &options.links,
        plan: PlanOptions {
            now_millis: now as i64,
            seed: now as u64,
            patch_supported: None,
        },
        execute: ExecuteOptions {
            concurrency: options.concurrency,
            ..ExecuteOptions::default()
        },
    };
    let on_progress = options.on_progress.clone();
    let mut report_progress = move |phase: Phase, progress: &Progress| {
        if let Some(callback) = &on_progress {
            if let Ok(event) = to_js(&ProgressEvent { phase, progress }) {
                // The caller's callback throwing must not stop the sync.
                let _ = callback.call1(&JsValue::UNDEFINED, &event);
            }
        }
    };
    let outcome = run_sync(
        &input,
        &transport,
        &BrowserTimer,
        &control,
        &mut report_progress,
    )
    .await
    .map_err(thrown_all)?;
    to_js(&SyncReport {
        dry_run: options.dry_run,
        imported: Imported {
            users: snapshot.users.len(),
            groups: snapshot.groups.len(),
        },
        outcome: &outcome,
    })
}

/// Cancels the run (after the requests in flight) when the caller's
/// `AbortSignal` fires; the listener goes when the sync ends.
struct AbortWatch {
    signal: web_sys::AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl AbortWatch {
    fn start(signal: &web_sys::AbortSignal, control: Rc<Control>) -> AbortWatch {
        if signal.aborted() {
            control.cancel();
        }
        let callback = Closure::<dyn FnMut()>::new(move || control.cancel());
        let _ = signal.add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
        AbortWatch {
            signal: signal.clone(),
            callback,
        }
    }
}

impl Drop for AbortWatch {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.callback.as_ref().unchecked_ref());
    }
}

struct SyncOptions {
    base_url: String,
    token: String,
    dry_run: bool,
    concurrency: usize,
    on_progress: Option<js_sys::Function>,
    signal: Option<web_sys::AbortSignal>,
    links: Links,
}

impl SyncOptions {
    fn read(options: &JsValue) -> Result<SyncOptions, JsValue> {
        if options.is_undefined() || options.is_null() {
            return Err(type_error(
                "options",
                "sync needs options: {baseUrl, token, dryRun?, concurrency?, onProgress?}",
            ));
        }
        let options = JsOptions::read(options, &OPTION_NAMES, "sync")?;
        let base_url = options
            .string("baseUrl")?
            .filter(|url| !url.trim().is_empty())
            .ok_or_else(|| {
                type_error(
                    "baseUrl",
                    "baseUrl must be the SCIM base URL, e.g. https://app.example/scim/v2",
                )
            })?;
        let concurrency = match options.get("concurrency") {
            None => ExecuteOptions::default().concurrency,
            Some(n) => n
                .as_f64()
                .filter(|n| n.fract() == 0.0 && (1.0..=MAX_CONCURRENCY).contains(n))
                .map(|n| n as usize)
                .ok_or_else(|| {
                    type_error(
                        "concurrency",
                        "concurrency must be a whole number from 1 to 16",
                    )
                })?,
        };
        let links = match options.get("links") {
            None => Links::default(),
            Some(links) => {
                let value = crate::js_api::argument(&links, "options.links")?;
                serde_json::from_value(value).map_err(|e| {
                    thrown(Error::new(
                        "options.links",
                        "options.links",
                        format!("links must be the `links` of an earlier report: {e}"),
                    ))
                })?
            }
        };
        Ok(SyncOptions {
            base_url,
            token: options.string("token")?.unwrap_or_default(),
            dry_run: options.boolean("dryRun")?.unwrap_or(false),
            concurrency,
            on_progress: options.instance("onProgress", "a function")?,
            signal: options.instance("signal", "an AbortSignal")?,
            links,
        })
    }
}
