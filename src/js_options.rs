//! Reading a JS options object (`mount`'s, `sync`'s) strictly: a key the
//! function does not know is an error naming it, not a silently ignored
//! typo (`readonly` for `readOnly` would otherwise show an editable widget).
//! Each wrong type is an `options.type` error at `options.<name>`.

use crate::error::Error;
use crate::js_api::thrown;
use wasm_bindgen::{JsCast, JsValue};

pub struct JsOptions<'a> {
    object: Option<&'a JsValue>,
}

impl<'a> JsOptions<'a> {
    /// Checks `options` (absent is fine: every option then has its default).
    pub fn read(options: &'a JsValue, known: &[&str], what: &str) -> Result<Self, JsValue> {
        if options.is_undefined() || options.is_null() {
            return Ok(JsOptions { object: None });
        }
        if !options.is_object() || options.is_function() {
            return Err(type_error(
                "options",
                &format!("{what} options must be an object"),
            ));
        }
        let keys = js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>());
        for key in keys.iter().filter_map(|k| k.as_string()) {
            if !known.contains(&key.as_str()) {
                return Err(thrown(Error::new(
                    "options.unknown",
                    format!("options.{key}"),
                    format!(
                        "`{key}` is not a {what} option; known: {}",
                        known.join(", ")
                    ),
                )));
            }
        }
        Ok(JsOptions {
            object: Some(options),
        })
    }

    /// The option's value; `undefined` and `null` count as absent.
    pub fn get(&self, name: &str) -> Option<JsValue> {
        let object = self.object?;
        js_sys::Reflect::get(object, &JsValue::from_str(name))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    pub fn string(&self, name: &str) -> Result<Option<String>, JsValue> {
        self.get(name)
            .map(|v| {
                v.as_string()
                    .ok_or_else(|| type_error(name, &format!("{name} must be a string")))
            })
            .transpose()
    }

    pub fn boolean(&self, name: &str) -> Result<Option<bool>, JsValue> {
        self.get(name)
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| type_error(name, &format!("{name} must be true or false")))
            })
            .transpose()
    }

    /// A JS object of a given class (a function, an `AbortSignal`…).
    pub fn instance<T: JsCast>(&self, name: &str, expected: &str) -> Result<Option<T>, JsValue> {
        self.get(name)
            .map(|v| {
                v.dyn_into::<T>()
                    .map_err(|_| type_error(name, &format!("{name} must be {expected}")))
            })
            .transpose()
    }
}

/// An `options.type` error at `options.<name>`.
pub fn type_error(name: &str, message: &str) -> JsValue {
    let path = if name == "options" {
        "options".to_string()
    } else {
        format!("options.{name}")
    };
    thrown(Error::new("options.type", path, message))
}
